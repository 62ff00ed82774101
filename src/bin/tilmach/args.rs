//! The command line, defined once: every command and flag with its help text and an example.
//! Help, the man page and shell completions all come from these definitions.

use std::path::PathBuf;

use clap::builder::PossibleValue;
use clap::{Args, Parser, Subcommand, ValueEnum};
use tilmach::lookup::report::Field;

/// tilmach — look up, transliterate and check names and terms about Uyghurs and Kazakhs in
/// Kazakhstan and Xinjiang, in any script.
#[derive(Debug, Parser)]
#[command(
    name = "tilmach",
    version,
    about,
    propagate_version = true,
    arg_required_else_help = true
)]
#[command(
    after_help = "Examples:\n  tilmach lookup Kuldja\n  tilmach lookup --json Құлжа\n  tilmach show ghulja\n  tilmach check my-glossary/"
)]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,
    #[command(subcommand)]
    pub command: Command,
}

/// Options every command accepts.
#[derive(Debug, Args)]
pub struct Global {
    /// Layer the glossary in DIR over the embedded one (repeatable; later ones win).
    #[arg(long = "glossary", value_name = "DIR", global = true)]
    pub glossaries: Vec<PathBuf>,
    /// Leave out the embedded glossary.
    #[arg(long, global = true)]
    pub no_default: bool,
    /// Also look names up in this index file (built by `tilmach index build`), read into memory.
    #[arg(long, value_name = "FILE", global = true)]
    pub index: Option<PathBuf>,
    /// When to colour the output.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN", global = true)]
    pub color: ColorChoice,
    /// Threads for streamed input (translit, normalize, batch lookup and expand, annotate,
    /// lint) and for `index build`; default: one per core; 1 works on one thread.
    #[arg(short = 'j', long, value_name = "N", global = true, value_parser = clap::value_parser!(u16).range(1..))]
    pub threads: Option<u16>,
    /// The size of the blocks streamed input is read in, in bytes (for testing).
    #[arg(long, value_name = "BYTES", global = true, hide = true, value_parser = clap::value_parser!(u32).range(1..))]
    pub block_size: Option<u32>,
}

impl Global {
    /// How streamed input is processed: `--threads` and the block size.
    pub fn stream(&self) -> tilmach::stream::Config {
        self.stream_in(tilmach::stream::DEFAULT_BLOCK_SIZE)
    }

    /// How batch queries are processed: as [`Global::stream`], in blocks of 64 KiB by default,
    /// since each query's answer is some 60 times longer than the query and a block's answers are
    /// held in memory until they are written.
    pub fn stream_queries(&self) -> tilmach::stream::Config {
        self.stream_in(64 * 1024)
    }

    /// [`Global::stream`] with `block_size` unless `--block-size` says otherwise.
    fn stream_in(&self, block_size: usize) -> tilmach::stream::Config {
        let mut config = tilmach::stream::Config::default().block_size(block_size);
        if let Some(threads) = self.threads {
            config = config.threads(usize::from(threads));
        }
        if let Some(size) = self.block_size {
            config = config.block_size(size as usize);
        }
        config
    }
}

/// When to colour the output.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// On a terminal, unless NO_COLOR is set.
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Find entries by any of their forms, in any script.
    #[command(
        after_help = "Examples:\n  tilmach lookup Kuldja\n  tilmach lookup --json Құлжа Zharkent      # one JSON object per line\n  tilmach lookup --lang kk Almaty\n  tilmach lookup --render kk Kuldja         # and the form to use in Kazakh\n  printf 'Kuldja\\nЖаркент\\n' | tilmach lookup      # one JSON object per line\n  tilmach lookup --format tsv --render ru < names.txt\n  tilmach lookup --format ids --limit 1 < names.txt  # line N answers line N\n  tilmach lookup --fields id,score,form < names.txt\n  tilmach lookup --exact --limit 1 Kuldja   # equal keys only, for pipelines\n\nScores say how strongly the evidence says the query names the entry (see the README);\nmatches below --min-score (0.5 by default) are left out."
    )]
    Lookup(LookupArgs),
    /// Show one entry in full: glosses, every form with its status and dates, notes, sources.
    #[command(after_help = "Examples:\n  tilmach show ghulja\n  tilmach show --json zharkent")]
    Show(ShowArgs),
    /// List the entries, sorted by their names in a language.
    #[command(
        after_help = "Examples:\n  tilmach list\n  tilmach list --kind place --sort kk\n  tilmach list --json        # one JSON object per entry and line"
    )]
    List(ListArgs),
    /// Convert text from one scheme (script or romanization) to another of the same language.
    #[command(
        after_help = "Schemes: see `tilmach schemes`. Without TEXT, standard input is converted line by line.\n\nExamples:\n  tilmach translit --from kk-cyrl --to kk-latn Құлжа\n  tilmach translit --from ug-arab --to ug-latn غۇلجا\n  tilmach translit --from ru-cyrl --to ru-bgn < names.txt"
    )]
    Translit(TranslitArgs),
    /// List the transliteration schemes with their standard, directions and reversibility.
    #[command(
        after_help = "Examples:\n  tilmach schemes\n  tilmach schemes --json     # one JSON object per scheme and line"
    )]
    Schemes(SchemesArgs),
    /// Show the key pipeline: the normalized text, its lookup key or its cross-script skeleton.
    #[command(
        after_help = "Without TEXT, standard input is read line by line.\n\nExamples:\n  tilmach normalize 'Ghulja  '\n  tilmach normalize --key ŞYMKENT\n  tilmach normalize --skeleton Кульджа غۇلجا Kuldja"
    )]
    Normalize(NormalizeArgs),
    /// Build an index file from glossary directories and TSV name tables.
    #[command(
        subcommand,
        after_help = "Examples:\n  tilmach index build gazetteer.tsv -o names.idx\n  tilmach --index names.idx lookup Kuldja"
    )]
    Index(IndexCommand),
    /// Check glossary directories and report every problem with file:line:column.
    #[command(
        after_help = "Exit status: 0 when clean, 1 when problems were found, 2 when the check could not run.\n\nExamples:\n  tilmach check my-glossary/\n  tilmach --no-default check glossary/\n  tilmach check --json my-glossary/   # one JSON document: counts and problems"
    )]
    Check(CheckArgs),
    /// Find every mention of a glossary entry in text files: any script, multi-word names, and
    /// Kazakh, Uyghur, Russian and English inflected forms.
    #[command(
        after_help = "Output: file:line:column, the text, the entry id and how it matched; with --json one object per mention (see the README).\nExit status: 0 when something was found, 1 when nothing was, 2 when a file could not be read.\n\nExamples:\n  tilmach annotate report.txt\n  tilmach annotate --json *.txt > mentions.jsonl\n  echo 'Алматыда және Құлжада' | tilmach annotate"
    )]
    Annotate(AnnotateArgs),
    /// Check the terminology of a draft: deprecated, derogatory, historical and misspelt forms,
    /// and forms in the wrong language or script, each with the form to use.
    #[command(
        after_help = "Exit status: 0 when clean, 1 when something was found, 2 when a file could not be read.\n\nExamples:\n  tilmach lint --target en draft.txt\n  tilmach lint --target kk-Cyrl --year 2024 --json мақала.txt"
    )]
    Lint(LintArgs),
    /// Every form of the entry a query names, entered and derived, for query expansion.
    #[command(
        after_help = "Only a confident match is expanded (score at least --min-score, 0.5 by default); --json says which match was used.\nExit status: 0 when every query names an entry, 1 when one does not.\n\nExamples:\n  tilmach expand Kuldja\n  tilmach expand --json Құлжа\n  printf 'Kuldja\\nЖаркент\\n' | tilmach expand      # one JSON object per line"
    )]
    Expand(ExpandArgs),
    /// Export the glossary as TBX-Basic, CSV, JSON or a Solr/Elasticsearch/OpenSearch synonym file.
    #[command(
        after_help = "Examples:\n  tilmach export --format tbx -o glossary.tbx\n  tilmach export --format csv > glossary.csv\n  tilmach export --format solr-synonyms -o synonyms.txt"
    )]
    Export(ExportArgs),
    /// Import a termbase (TBX-Basic or CSV) as a glossary directory to use with --glossary.
    #[command(
        after_help = "Examples:\n  tilmach import --from tbx terms.tbx -o my-glossary\n  tilmach --glossary my-glossary lookup Ghulja"
    )]
    Import(ImportArgs),
    /// Print a shell completion script, generated from these definitions.
    #[command(
        after_help = "Examples:\n  tilmach completions bash > ~/.local/share/bash-completion/completions/tilmach\n  tilmach completions zsh > ~/.zfunc/_tilmach\n  tilmach completions fish > ~/.config/fish/completions/tilmach.fish"
    )]
    Completions(CompletionsArgs),
    /// Print the manual page (roff), generated from these definitions.
    #[command(
        after_help = "Examples:\n  tilmach man > tilmach.1 && man ./tilmach.1\n  tilmach man | gzip > /usr/local/share/man/man1/tilmach.1.gz"
    )]
    Man,
}

/// Arguments of `completions`.
#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell.
    #[arg(value_enum, value_name = "SHELL")]
    pub shell: clap_complete::Shell,
}

/// Arguments of `annotate`.
#[derive(Debug, Args)]
pub struct AnnotateArgs {
    /// Text files (UTF-8). Without them, or with -, standard input is read.
    #[arg(value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// Write one JSON object per mention.
    #[arg(long)]
    pub json: bool,
    /// Replace invalid UTF-8 instead of stopping at it.
    #[arg(long)]
    pub lossy: bool,
}

/// Arguments of `lint`.
#[derive(Debug, Args)]
pub struct LintArgs {
    /// Text files (UTF-8). Without them, or with -, standard input is read.
    #[arg(value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// The language (and script) the draft is written in: en, ru, kk-Cyrl, kk, ug-Arab …
    #[arg(long, value_name = "TAG")]
    pub target: String,
    /// The year the text is about or written in: historical forms of that time are accepted,
    /// forms not yet or no longer in use are reported.
    #[arg(long, value_name = "N", allow_negative_numbers = true)]
    pub year: Option<i32>,
    /// Write one JSON object per finding.
    #[arg(long)]
    pub json: bool,
    /// Replace invalid UTF-8 instead of stopping at it.
    #[arg(long)]
    pub lossy: bool,
}

/// Arguments of `expand`.
#[derive(Debug, Args)]
pub struct ExpandArgs {
    /// Any form of the entry, in any script. Without it, one query per line is read from
    /// standard input and one JSON object per line is written.
    #[arg(value_name = "QUERY")]
    pub queries: Vec<String>,
    #[command(flatten)]
    pub confidence: Confidence,
    /// Write JSON lines: one compact object per query.
    #[arg(long)]
    pub json: bool,
    /// Replace invalid UTF-8 in standard input instead of stopping at it.
    #[arg(long)]
    pub lossy: bool,
}

/// Arguments of `export`.
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// The format.
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub format: ExportFormat,
    /// Write to FILE (atomically: a temporary file renamed into place) instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// Arguments of `import`.
#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The termbase's format.
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub from: ImportFormat,
    /// The termbase file.
    pub file: PathBuf,
    /// The glossary directory to write (created; existing files are never overwritten).
    #[arg(short, long, value_name = "DIR")]
    pub output: PathBuf,
}

/// Import formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ImportFormat {
    /// TBX-Basic (ISO 30042:2019).
    Tbx,
    /// CSV: one row per form (tilmach's layout) or one row per entry with language columns.
    Csv,
}

/// Export formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    /// TBX-Basic (ISO 30042:2019), for terminology and CAT tools.
    Tbx,
    /// CSV, one row per form (RFC 4180), for CAT tools and spreadsheets.
    Csv,
    /// CSV, one row per entry and one column per language, preferred form first: a termbase.
    CsvConcepts,
    /// The whole glossary as JSON.
    Json,
    /// A synonym file for Solr, Elasticsearch and OpenSearch.
    SolrSynonyms,
}

/// Arguments of `lookup`.
#[derive(Debug, Args)]
pub struct LookupArgs {
    /// What to look up. Without it, one query per line is read from standard input and, unless
    /// --format says otherwise, one JSON object per line is written.
    #[arg(value_name = "QUERY")]
    pub queries: Vec<String>,
    /// Only forms in this language (a language tag or range: kk, kk-Cyrl, ru, en, zh).
    #[arg(long, value_name = "TAG")]
    pub lang: Option<String>,
    /// The fuzzy budget: auto (0 edits up to 3 letters, 1 from 4, 2 from 6, and from 8 for a
    /// form derived by a transliteration), or 0, 1 or 2.
    #[arg(long, default_value = "auto", value_name = "0|1|2|auto")]
    pub fuzzy: String,
    /// Also find forms that start with the query (autocomplete).
    #[arg(long)]
    pub prefix: bool,
    /// At most N entries per query (N from 1; 0 is refused rather than read as "none" or "all").
    #[arg(long, default_value_t = 10, value_name = "N", value_parser = positive_limit)]
    pub limit: usize,
    #[command(flatten)]
    pub confidence: Confidence,
    /// The output format; without it, a readable text for QUERY arguments and jsonl for
    /// standard input.
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub format: Option<LookupFormat>,
    /// Write JSON lines, one compact object per query: the same as --format jsonl.
    #[arg(long, conflicts_with = "format")]
    pub json: bool,
    /// The fields of a JSON hit, comma-separated, in the order to write them.
    #[arg(long, value_enum, value_delimiter = ',', value_name = "FIELD,...", long_help = fields_help())]
    pub fields: Vec<FieldArg>,
    /// Add the form of each entry to use in this language (a tag or range: kk, ru, ug-Arab, zh):
    /// the preferred form, else the first official or variant form (the library's best_form).
    #[arg(long, value_name = "LANG")]
    pub render: Option<String>,
    /// Replace invalid UTF-8 in standard input instead of stopping at it.
    #[arg(long)]
    pub lossy: bool,
}

/// The output formats of `lookup`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum LookupFormat {
    /// One JSON document: an array with one object per query, one query per line.
    Json,
    /// JSON lines: one compact object per query.
    Jsonl,
    /// Tab-separated values: a header, then one row per hit (query, id, score, stage, form,
    /// render); a query without hits gets a row of its own.
    Tsv,
    /// One line per query: the ids of its hits, tab-separated, best first.
    Ids,
}

/// A field of a JSON hit, as `--fields` names it: the library's [`Field`], made a value of the
/// command line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FieldArg(pub Field);

/// Every field, in the library's order.
const FIELD_ARGS: [FieldArg; Field::ALL.len()] = {
    let mut all = [FieldArg(Field::Id); Field::ALL.len()];
    let mut i = 0;
    while i < all.len() {
        all[i] = FieldArg(Field::ALL[i]);
        i += 1;
    }
    all
};

impl ValueEnum for FieldArg {
    fn value_variants<'a>() -> &'a [FieldArg] {
        &FIELD_ARGS
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        Some(PossibleValue::new(self.0.as_str()).help(self.0.help()))
    }
}

/// The long help of `--fields`: what it does and the default, from the library's definition.
fn fields_help() -> String {
    let default: Vec<&str> = Field::DEFAULT.iter().map(|f| f.as_str()).collect();
    format!(
        "The fields of a JSON hit (--json, --format json or jsonl), comma-separated, in the order \
         to write them. Default: {}; with --render, render is added.",
        default.join(",")
    )
}

/// Parses `--limit`: a whole number from 1.
fn positive_limit(s: &str) -> Result<usize, String> {
    match s.parse::<usize>() {
        Ok(0) => Err("0 would return nothing; give at least 1 (the default is 10)".to_owned()),
        Ok(n) => Ok(n),
        Err(_) => Err(format!("{s:?} is not a whole number; give at least 1")),
    }
}

/// How confident a match must be: shared by `lookup` and `expand`.
#[derive(Debug, Args)]
pub struct Confidence {
    /// Leave out matches scoring below S, from 0 to 1 (default 0.5: see the README's scores).
    #[arg(long, value_name = "S")]
    pub min_score: Option<f64>,
    /// Only equal keys (exact and normalized matches): no typos, sounds, parts or prefixes.
    #[arg(long)]
    pub exact: bool,
}

/// Arguments of `show`.
#[derive(Debug, Args)]
pub struct ShowArgs {
    /// The entry id, e.g. ghulja.
    pub id: String,
    /// Write the entry as one JSON document.
    #[arg(long)]
    pub json: bool,
}

/// Arguments of `list`.
#[derive(Debug, Args)]
pub struct ListArgs {
    /// Only entries of this kind (place, person, organization, ethnonym, group-term, concept,
    /// event, document).
    #[arg(long, value_name = "KIND")]
    pub kind: Option<String>,
    /// Sort by the names in this language, with its collation: kk (ә after а, ғ after г, қ after
    /// к …), ru, ug (the Uyghur alphabet) or en. Without it, entries are sorted by id.
    #[arg(long, value_name = "LOCALE")]
    pub sort: Option<String>,
    /// Write JSON lines: one compact object per entry.
    #[arg(long)]
    pub json: bool,
}

/// Arguments of `translit`.
#[derive(Debug, Args)]
pub struct TranslitArgs {
    /// The scheme of the input, e.g. kk-cyrl, ug-arab, ru-cyrl, kk-latn.
    #[arg(long, value_name = "SCHEME")]
    pub from: String,
    /// The scheme of the output, of the same language.
    #[arg(long, value_name = "SCHEME")]
    pub to: String,
    /// Refuse characters outside the input scheme's alphabet instead of passing them through.
    #[arg(long)]
    pub strict: bool,
    /// Leave out the Uyghur hamza apostrophe between two vowels (saet rather than sa'et).
    #[arg(long)]
    pub no_hamza_between_vowels: bool,
    /// Write the Kazakh loan letters ц ч щ ё ю я in the simplified way (c, ch, şh, e, iu, ia)
    /// instead of as digraphs (ts, ch, şç, yo, yu, ya).
    #[arg(long)]
    pub simplified_loans: bool,
    /// Replace invalid UTF-8 in standard input instead of stopping at it.
    #[arg(long)]
    pub lossy: bool,
    /// The text to convert; without it, standard input is converted line by line.
    #[arg(value_name = "TEXT")]
    pub text: Vec<String>,
}

/// Arguments of `schemes`.
#[derive(Debug, Args)]
pub struct SchemesArgs {
    /// Write JSON lines: one compact object per scheme.
    #[arg(long)]
    pub json: bool,
}

/// Arguments of `normalize`.
#[derive(Debug, Args)]
pub struct NormalizeArgs {
    /// Print the exact-lookup key (normalized, case-folded, diacritics and letter forms folded).
    #[arg(long, conflicts_with_all = ["skeleton", "latin"])]
    pub key: bool,
    /// Print the common-Latin key (every script into one reduced Latin alphabet).
    #[arg(long, conflicts_with = "skeleton")]
    pub latin: bool,
    /// Print the cross-script skeleton (consonant classes, vowels dropped).
    #[arg(long)]
    pub skeleton: bool,
    /// Replace invalid UTF-8 in standard input instead of stopping at it.
    #[arg(long)]
    pub lossy: bool,
    /// The text; without it, standard input is read line by line.
    #[arg(value_name = "TEXT")]
    pub text: Vec<String>,
}

/// The `index` commands.
#[derive(Debug, Subcommand)]
pub enum IndexCommand {
    /// Build an index file (written atomically) from glossary directories and name tables.
    #[command(
        after_help = "A name table is a UTF-8 TSV file: id<TAB>lang<TAB>name[<TAB>status], one name per line;\nlines starting with # and blank lines are skipped; lang may be und; status defaults to variant.\nAn index built from glossary directories only keeps the whole glossary; one with name tables\nkeeps ids, languages, names and statuses.\n\nExamples:\n  tilmach index build gazetteer.tsv -o names.idx\n  tilmach index build my-glossary/ -o my.idx\n  tilmach --index names.idx lookup Kuldja"
    )]
    Build(IndexBuildArgs),
}

/// Arguments of `index build`.
#[derive(Debug, Args)]
pub struct IndexBuildArgs {
    /// Glossary directories and TSV name tables.
    #[arg(value_name = "INPUT", required = true)]
    pub inputs: Vec<PathBuf>,
    /// The index file to write.
    #[arg(short, long, value_name = "FILE")]
    pub output: PathBuf,
}

/// Arguments of `check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Glossary directories to check. Without them, the --glossary layers, or else the embedded
    /// glossary, are checked.
    #[arg(value_name = "DIR")]
    pub dirs: Vec<PathBuf>,
    /// Write the report as one JSON document (see the README).
    #[arg(long)]
    pub json: bool,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn definitions_are_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn global_flags_go_anywhere() {
        let cli = Cli::try_parse_from([
            "tilmach",
            "lookup",
            "Kuldja",
            "--glossary",
            "a",
            "--no-default",
        ])
        .unwrap();
        assert_eq!(cli.global.glossaries, [PathBuf::from("a")]);
        assert!(cli.global.no_default);
    }

    /// The README documents the lookup formats and the fields of a hit from the one definition
    /// of each (the enums that also make the help text and the error messages).
    #[test]
    fn the_readme_names_every_lookup_format_and_field() {
        let readme = include_str!("../../../README.md");
        let formats: Vec<String> = LookupFormat::value_variants()
            .iter()
            .filter_map(|f| f.to_possible_value())
            .map(|v| v.get_name().to_owned())
            .collect();
        let heading = format!("tilmach lookup --format {}", formats.join("|"));
        assert!(readme.contains(&heading), "no {heading:?} in the README");
        for format in &formats {
            assert!(readme.contains(&format!("| `{format}` |")), "{format}");
        }
        for field in FieldArg::value_variants() {
            let row = format!("| `{}` |", field.0.as_str());
            assert!(readme.contains(&row), "the README has no row {row:?}");
        }
        let default: Vec<&str> = Field::DEFAULT.iter().map(|f| f.as_str()).collect();
        assert!(readme.contains(&format!("The default is `{}`", default.join(","))));
    }

    #[test]
    fn every_command_has_an_example() {
        for command in Cli::command().get_subcommands() {
            let help = command
                .get_after_help()
                .map(|h| h.to_string())
                .unwrap_or_default();
            assert!(
                help.contains("tilmach "),
                "{} has no example",
                command.get_name()
            );
        }
    }
}
