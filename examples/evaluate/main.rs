//! Scores the lookup on the labelled sets of `eval/` (see `eval/README.md`).
//!
//! ```text
//! cargo run --release --example evaluate [-- --split dev|heldout|all] [--per-category N]
//!     [--lofo N] [--check-ordinary] [--misses]
//! ```
//!
//! Prints Markdown tables: the glossary queries per category (precision@1, recall@1, MRR,
//! false-hit rate), the ordinary words (false-hit rate, the highest score they reach against
//! the weakest correct one-edit typo), the leave-one-form-out set, and the gazetteer by query
//! script and by region. `--per-category N` keeps the first N queries of each category (a quick
//! look); `--lofo N` runs every N-th leave-one-out unit (default 4: each one rebuilds the glossary);
//! `--check-ordinary` lists ordinary words within 2 edits of a form and exits 1 if there are any;
//! `--misses` prints, instead of the tables, one TSV line per query whose top hit is wrong or
//! missing (`harness::miss_line`): read the development split's, never tune on the held-out.

use std::path::PathBuf;
use std::process::ExitCode;

use tilmach::Glossary;

mod harness;

use harness::{Query, Split};

struct Args {
    splits: Vec<Split>,
    per_category: Option<usize>,
    lofo_step: usize,
    check_ordinary: bool,
    misses: bool,
}

fn parse_args() -> Result<Args, String> {
    let mut args = Args {
        splits: vec![Split::Dev, Split::Heldout],
        per_category: None,
        lofo_step: 4,
        check_ordinary: false,
        misses: false,
    };
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        let mut value = |name: &str| it.next().ok_or(format!("{name} needs a value"));
        match a.as_str() {
            "--split" => {
                args.splits = match value("--split")?.as_str() {
                    "dev" => vec![Split::Dev],
                    "heldout" => vec![Split::Heldout],
                    "all" => vec![Split::Dev, Split::Heldout],
                    other => return Err(format!("--split {other:?}: use dev, heldout or all")),
                }
            }
            "--per-category" => {
                let v = value("--per-category")?;
                args.per_category = Some(v.parse().map_err(|_| format!("--per-category {v:?}"))?);
            }
            "--lofo" => {
                let v = value("--lofo")?;
                args.lofo_step = v.parse().map_err(|_| format!("--lofo {v:?}"))?;
            }
            "--check-ordinary" => args.check_ordinary = true,
            "--misses" => args.misses = true,
            other => return Err(format!("unknown argument {other:?}; see the file's docs")),
        }
    }
    Ok(args)
}

/// The first `n` queries of each category (all when `n` is `None`), in file order.
fn slice(queries: Vec<Query>, n: Option<usize>) -> Vec<Query> {
    let Some(n) = n else { return queries };
    let mut seen = std::collections::HashMap::<String, usize>::new();
    queries
        .into_iter()
        .filter(|q| {
            let c = seen.entry(q.category.clone()).or_default();
            *c += 1;
            *c <= n
        })
        .collect()
}

fn run(args: &Args) -> Result<bool, String> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("eval");
    let glossary = Glossary::embedded();
    let keep = |q: &Query| args.splits.contains(&q.split);
    let ordinary = harness::read_queries(&dir.join("ordinary.tsv"))?;
    if args.check_ordinary {
        let bad = harness::ordinary_violations(glossary, &ordinary);
        for (word, form, d) in &bad {
            println!("{word}\t{form}\t{d}");
        }
        return Ok(bad.is_empty());
    }
    let queries = slice(
        harness::read_queries(&dir.join("queries.tsv"))?,
        args.per_category,
    );
    let mut queries: Vec<Query> = queries.into_iter().filter(keep).collect();
    let owned = harness::add_form_owners(glossary, &mut queries);
    let ordinary: Vec<Query> = slice(ordinary, args.per_category)
        .into_iter()
        .filter(keep)
        .collect();
    let ordinary_wide: Vec<Query> = slice(
        harness::read_queries(&dir.join("ordinary-wide.tsv"))?,
        args.per_category,
    )
    .into_iter()
    .filter(keep)
    .collect();
    let mut gazetteer: Vec<Query> = slice(
        harness::read_queries(&dir.join("gazetteer.tsv"))?,
        args.per_category,
    )
    .into_iter()
    .filter(keep)
    .collect();
    let names = dir.join("gazetteer-names.tsv");
    let homonyms = harness::add_homonyms(&names, &mut gazetteer)?;

    let all_units = harness::lofo_units(glossary);
    let unit_count = all_units.len();
    let units: Vec<_> = all_units
        .into_iter()
        .filter(|u| args.splits.contains(&u.split))
        .step_by(args.lofo_step.max(1))
        .take(args.per_category.unwrap_or(usize::MAX))
        .collect();
    if args.misses {
        let index = harness::name_table_index(&dir.join("gazetteer-names.tsv"))?;
        let lines = [
            harness::glossary_misses(glossary, "queries", &queries)?,
            harness::glossary_misses(glossary, "ordinary", &ordinary)?,
            harness::glossary_misses(glossary, "ordinary-wide", &ordinary_wide)?,
            harness::lofo_misses(glossary, &units)?,
            harness::index_misses(&index, &gazetteer)?,
        ];
        for line in lines.iter().flatten() {
            println!("{line}");
        }
        return Ok(true);
    }
    let named = harness::run_glossary(glossary, &queries)?;
    let words = harness::run_glossary(glossary, &ordinary)?;
    let wide = harness::run_glossary(glossary, &ordinary_wide)?;
    let weakest = harness::weakest_one_edit_typo(glossary, &queries)?;
    let lofo = harness::run_lofo(glossary, &units)?;
    let index = harness::name_table_index(&dir.join("gazetteer-names.tsv"))?;
    let gaz = harness::run_index(&index, &gazetteer)?;

    for &split in &args.splits {
        println!("\n## {}", split.as_str());
        print!(
            "{}",
            harness::render("Glossary queries by category", &named, split)
        );
        println!(
            "\n({owned} queries run are an entered form of an entry besides the one they were \
             made from: a top hit on either counts)"
        );
        print!("{}", harness::render("Ordinary words", &words, split));
        if ordinary_wide.iter().any(|q| q.split == split) {
            print!(
                "{}",
                harness::render(
                    "Ordinary words, the wider sample (for tuning: every word is dev)",
                    &wide,
                    split
                )
            );
        }
        let above = ordinary
            .iter()
            .filter(|q| q.split == split)
            .filter(|q| {
                let top = glossary
                    .lookup(&q.text)
                    .run()
                    .ok()
                    .and_then(|f| f.first().map(|h| h.score));
                matches!((top, weakest), (Some(t), Some(w)) if t > w)
            })
            .count();
        println!(
            "\nOrdinary words scoring above the weakest correct one-edit typo ({}): {above}",
            weakest.map_or("none found".to_owned(), |w| format!("{w:.2}"))
        );
        print!("{}", harness::render("Leave one form out", &lofo, split));
        println!(
            "\n(every {}th of {unit_count} units in both splits)",
            args.lofo_step.max(1)
        );
        print!(
            "{}",
            harness::render(
                "Gazetteer (index of English names) by query script and region",
                &gaz,
                split
            )
        );
        println!(
            "\n({homonyms} gazetteer queries run name a city that shares its primary \
             name with another: a top hit on either counts)"
        );
    }
    Ok(true)
}

fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    match run(&args) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(1),
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}
