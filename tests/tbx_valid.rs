//! `export --format tbx` checked against the standard's own schemas (`../shared/validators/tbx/`
//! in the workspace, copied into `tests/data/tbx/`): the TBX core structure grammar (RELAX NG, run
//! by `jing`) and the TBX-Basic dialect constraints (ISO Schematron, `TBX-Basic_DCA.sch`).
//!
//! The Schematron file uses the XSLT 2 query binding, which no Rust or lxml processor runs, so its
//! rules are written out here, pattern by pattern and with Schematron's semantics (within a
//! pattern a node is checked by the first rule whose context matches it). The rules are proved on
//! the example file the dialect's authors mark valid, and on copies of it that break each rule.

use std::path::{Path, PathBuf};
use std::process::Command;

use roxmltree::{Document, Node};
use tilmach::Glossary;
use tilmach::export::{Format, export};

const TBX: &str = "urn:iso:std:iso:30042:ed-2";

fn data(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/tbx")
        .join(name)
}

fn example() -> String {
    std::fs::read_to_string(data("Example_Astronomy_DCA_VALID.tbx")).unwrap()
}

fn exported() -> String {
    let mut out = Vec::new();
    export(Glossary::embedded(), Format::Tbx, &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

fn is(node: Node, name: &str) -> bool {
    node.is_element() && node.has_tag_name((TBX, name))
}

fn parent_is(node: Node, name: &str) -> bool {
    node.parent_element().is_some_and(|p| is(p, name))
}

/// `parent::tbx:G/parent::tbx:level` for a group element `G`.
fn grand_parent_via(node: Node, group: &str, level: &str) -> bool {
    node.parent_element()
        .is_some_and(|p| is(p, group) && parent_is(p, level))
}

/// `parent::tbx:*[contains(local-name(),'Grp')][not(local-name()='transacGrp')]/parent::tbx:level`
/// (`transac` false) or without the `transacGrp` exclusion (`transac` true).
fn via_any_grp(node: Node, level: &str, allow_transac: bool) -> bool {
    node.parent_element().is_some_and(|p| {
        let name = p.tag_name().name();
        p.tag_name().namespace() == Some(TBX)
            && name.contains("Grp")
            && (allow_transac || name != "transacGrp")
            && parent_is(p, level)
    })
}

fn at(node: Node, levels: &[&str], group: &dyn Fn(Node, &str) -> bool) -> bool {
    levels.iter().any(|l| parent_is(node, l) || group(node, l))
}

fn typed<'a>(node: Node<'a, 'a>, name: &str, kind: &str) -> bool {
    is(node, name) && node.attribute("type") == Some(kind)
}

fn value_in(node: Node, values: &[&str]) -> bool {
    values.contains(&node.text().unwrap_or(""))
}

/// One pattern: its rules in order; the first whose context matches a node checks it. A rule is
/// its context test and its assertions (a message and a test each).
type Assert = (&'static str, fn(Node) -> bool);
type Rule = (fn(Node) -> bool, Vec<Assert>);

fn patterns() -> Vec<(&'static str, Vec<Rule>)> {
    vec![
        (
            "coreEnforcement",
            vec![
                (
                    |n| is(n, "termNote"),
                    vec![("termNote only at termSec", |n| {
                        parent_is(n, "termSec") || grand_parent_via(n, "termNoteGrp", "termSec")
                    })],
                ),
                (
                    |n| n.tag_name().namespace() == Some(TBX) && n.attribute("type").is_some(),
                    vec![("data category declared", |n| {
                        n.attribute("type") != Some("")
                    })],
                ),
                (
                    |n| n.attribute("target").is_some(),
                    vec![("target is an IDREF or an http(s) URI", |n| {
                        let t = n.attribute("target").unwrap_or("");
                        let uri = ["http://", "https://"]
                            .iter()
                            .any(|p| t.strip_prefix(p).is_some_and(|rest| !rest.is_empty()));
                        uri || n
                            .document()
                            .descendants()
                            .any(|d| d.attribute("id") == Some(t))
                    })],
                ),
            ],
        ),
        (
            "XLIFF.inlineConstraints",
            vec![
                (
                    |n| is(n, "sc") && n.next_siblings().skip(1).any(|s| is(s, "ec")),
                    vec![("paired sc not isolated", |n| {
                        n.attribute("isolated").is_none_or(|v| v == "no")
                    })],
                ),
                (
                    |n| is(n, "ec") && n.prev_siblings().skip(1).any(|s| is(s, "sc")),
                    vec![
                        ("paired ec not isolated", |n| {
                            n.attribute("isolated").is_none_or(|v| v == "no")
                        }),
                        ("paired ec has startRef", |n| {
                            n.attribute("startRef").is_some()
                        }),
                    ],
                ),
                (
                    |n| is(n, "sc"),
                    vec![("lone sc isolated", |n| {
                        n.attribute("isolated").is_none_or(|v| v == "yes")
                    })],
                ),
                (
                    |n| is(n, "ec") && !n.prev_siblings().skip(1).any(|s| is(s, "sc")),
                    vec![
                        ("lone ec isolated", |n| {
                            n.attribute("isolated").is_none_or(|v| v == "yes")
                        }),
                        ("lone ec has id", |n| n.attribute("id").is_some()),
                    ],
                ),
                (
                    |n| is(n, "ec") && n.attribute("isolated") == Some("yes"),
                    vec![("isolated ec has id", |n| n.attribute("id") != Some(""))],
                ),
            ],
        ),
        (
            "dialectEnforcement",
            vec![
                (
                    |n| is(n, "tbx"),
                    vec![
                        ("dialect TBX-Basic", |n| {
                            n.attribute("type") == Some("TBX-Basic")
                        }),
                        ("style dca", |n| n.attribute("style") == Some("dca")),
                    ],
                ),
                (
                    |n| n.is_element() && n.tag_name().namespace() != Some(TBX),
                    vec![("no DCT elements", |_| false)],
                ),
            ],
        ),
    ]
}

/// The dialect's picklists of `@type` per element (the `tbx:X/@type` rules of
/// `dialectEnforcement`; attribute nodes are checked apart from elements).
const TYPES: [(&str, &[&str]); 7] = [
    ("admin", &["customerSubset", "projectSubset", "source"]),
    ("descrip", &["subjectField", "context", "definition"]),
    ("ref", &["crossReference"]),
    (
        "termNote",
        &[
            "administrativeStatus",
            "partOfSpeech",
            "geographicalUsage",
            "grammaticalGender",
            "termLocation",
            "termType",
        ],
    ),
    ("transac", &["transactionType"]),
    ("transacNote", &["responsibility"]),
    ("xref", &["externalCrossReference", "xGraphic"]),
];

/// The module rules: one pattern each, a context (element, type), the levels it may appear at
/// and how groups between count, and for picklists the permitted values.
struct Module {
    name: &'static str,
    element: &'static str,
    kind: &'static str,
    level: Option<fn(Node) -> bool>,
    values: &'static [&'static str],
}

const CE_TS: [&str; 2] = ["conceptEntry", "termSec"];
const CE_LS_TS: [&str; 3] = ["conceptEntry", "langSec", "termSec"];

fn modules() -> Vec<Module> {
    let m = |name, element, kind, level: Option<fn(Node) -> bool>, values| Module {
        name,
        element,
        kind,
        level,
        values,
    };
    vec![
        m(
            "customerSubset",
            "admin",
            "customerSubset",
            Some(|n| at(n, &CE_TS, &|n, l| via_any_grp(n, l, false))),
            &[],
        ),
        m(
            "subjectField",
            "descrip",
            "subjectField",
            Some(|n| {
                at(n, &["conceptEntry"], &|n, l| {
                    grand_parent_via(n, "descripGrp", l)
                })
            }),
            &[],
        ),
        m(
            "administrativeStatus",
            "termNote",
            "administrativeStatus",
            None,
            &[
                "admittedTerm-admn-sts",
                "deprecatedTerm-admn-sts",
                "supersededTerm-admn-sts",
                "preferredTerm-admn-sts",
            ],
        ),
        m(
            "partOfSpeech",
            "termNote",
            "partOfSpeech",
            None,
            &["adjective", "noun", "other", "verb", "adverb"],
        ),
        m(
            "externalCrossReference",
            "xref",
            "externalCrossReference",
            Some(|n| at(n, &CE_LS_TS, &|_, _| false)),
            &[],
        ),
        m(
            "projectSubset",
            "admin",
            "projectSubset",
            Some(|n| at(n, &CE_TS, &|n, l| via_any_grp(n, l, false))),
            &[],
        ),
        m(
            "source",
            "admin",
            "source",
            Some(|n| at(n, &CE_LS_TS, &|n, l| via_any_grp(n, l, false))),
            &[],
        ),
        m(
            "context",
            "descrip",
            "context",
            Some(|n| {
                at(n, &["termSec"], &|n, l| {
                    grand_parent_via(n, "descripGrp", l)
                })
            }),
            &[],
        ),
        m(
            "definition",
            "descrip",
            "definition",
            Some(|n| {
                at(n, &["conceptEntry", "langSec"], &|n, l| {
                    grand_parent_via(n, "descripGrp", l)
                })
            }),
            &[],
        ),
        m(
            "crossReference",
            "ref",
            "crossReference",
            Some(|n| at(n, &CE_TS, &|n, l| via_any_grp(n, l, true))),
            &[],
        ),
        m(
            "grammaticalGender",
            "termNote",
            "grammaticalGender",
            None,
            &["masculine", "feminine", "neuter", "other"],
        ),
        m(
            "termLocation",
            "termNote",
            "termLocation",
            None,
            &[
                "checkBox",
                "comboBox",
                "comboBoxElement",
                "dialogBox",
                "groupBox",
                "informativeMessage",
                "interactiveMessage",
                "menuItem",
                "progressBar",
                "pushButton",
                "radioButton",
                "slider",
                "spinBox",
                "tab",
                "tableText",
                "textBox",
                "toolTip",
                "user-definedType",
            ],
        ),
        m(
            "termType",
            "termNote",
            "termType",
            None,
            &[
                "fullForm",
                "acronym",
                "abbreviation",
                "shortForm",
                "variant",
                "phrase",
            ],
        ),
        // The dialect repeats this context for its value list; in Schematron only the first rule
        // of a pattern with a matching context fires, so the level is what it checks.
        m(
            "transactionType",
            "transac",
            "transactionType",
            Some(|n| at(n, &CE_LS_TS, &|n, l| grand_parent_via(n, "transacGrp", l))),
            &[],
        ),
        m(
            "responsibility",
            "transacNote",
            "responsibility",
            Some(|n| at(n, &CE_LS_TS, &|n, l| grand_parent_via(n, "transacGrp", l))),
            &[],
        ),
        m(
            "xGraphic",
            "xref",
            "xGraphic",
            Some(|n| at(n, &["conceptEntry", "langSec"], &|_, _| false)),
            &[],
        ),
    ]
}

/// Every failed assertion of the TBX-Basic dialect rules, as "pattern: message at line N".
fn dca_violations(text: &str) -> Vec<String> {
    let doc = Document::parse(text).unwrap();
    let mut out = Vec::new();
    let line = |n: Node| doc.text_pos_at(n.range().start).row;
    for node in doc.descendants().filter(|n| n.is_element()) {
        for (pattern, rules) in patterns() {
            if let Some((_, asserts)) = rules.iter().find(|(context, _)| context(node)) {
                for (message, test) in asserts {
                    if !test(node) {
                        out.push(format!("{pattern}: {message} at line {}", line(node)));
                    }
                }
            }
        }
        if let Some((element, allowed)) = TYPES.iter().find(|(e, _)| is(node, e))
            && let Some(kind) = node.attribute("type")
            && !allowed.contains(&kind)
        {
            out.push(format!(
                "dialectEnforcement: {element}/@type {kind:?} not permitted at line {}",
                line(node)
            ));
        }
        for module in modules() {
            if !typed(node, module.element, module.kind) {
                continue;
            }
            if module.level.is_some_and(|ok| !ok(node)) {
                out.push(format!(
                    "module {}: not at a permitted level at line {}",
                    module.name,
                    line(node)
                ));
            }
            if !module.values.is_empty() && !value_in(node, module.values) {
                out.push(format!(
                    "module {}: value {:?} not in the picklist at line {}",
                    module.name,
                    node.text().unwrap_or(""),
                    line(node)
                ));
            }
        }
    }
    out
}

#[test]
fn dialect_rules_accept_the_example_file_marked_valid() {
    assert_eq!(dca_violations(&example()), Vec::<String>::new());
}

#[test]
fn dialect_rules_reject_files_that_break_each_rule() {
    let valid = example();
    // (what to replace once, with what, the rule that must then fail)
    let breaks = [
        (
            "<termSec>",
            "<termNote type=\"termType\">fullForm</termNote><termSec>",
            "coreEnforcement: termNote only at termSec",
        ),
        (
            "<descrip type=\"subjectField\">",
            "<descrip type=\"\">",
            "coreEnforcement: data category declared",
        ),
        (
            // Typed elements are checked by the rule before, so an untyped one carries it.
            "<conceptEntry id=\"c1\">",
            "<conceptEntry id=\"c1\" target=\"ftp://example.org\">",
            "coreEnforcement: target is an IDREF",
        ),
        (
            "<note>G-Source",
            "<note><sc id=\"s1\" isolated=\"yes\"/>x<ec startRef=\"s1\"/>G-Source",
            "XLIFF.inlineConstraints: paired sc not isolated",
        ),
        (
            "<note>G-Source",
            "<note><sc id=\"s1\"/>x<ec isolated=\"no\"/>G-Source",
            "XLIFF.inlineConstraints: paired ec has startRef",
        ),
        (
            "<note>G-Source",
            "<note><sc id=\"s1\" isolated=\"no\"/>G-Source",
            "XLIFF.inlineConstraints: lone sc isolated",
        ),
        (
            "<note>G-Source",
            "<note><ec isolated=\"yes\"/>G-Source",
            "XLIFF.inlineConstraints: lone ec has id",
        ),
        (
            "type=\"TBX-Basic\"",
            "type=\"TBX-Min\"",
            "dialectEnforcement: dialect TBX-Basic",
        ),
        (
            "style=\"dca\"",
            "style=\"dct\"",
            "dialectEnforcement: style dca",
        ),
        (
            "<note>G-Source",
            "<basic:note xmlns:basic=\"http://www.tbxinfo.net/ns/basic\">x</basic:note><note>G-Source",
            "dialectEnforcement: no DCT elements",
        ),
        (
            "<descrip type=\"subjectField\">",
            "<descrip type=\"subjectFields\">",
            "dialectEnforcement: descrip/@type",
        ),
        (
            "<termNote type=\"partOfSpeech\">",
            "<termNote type=\"properNoun\">",
            "dialectEnforcement: termNote/@type",
        ),
        (
            "<termNote type=\"partOfSpeech\">noun",
            "<termNote type=\"partOfSpeech\">properNoun",
            "module partOfSpeech: value",
        ),
        (
            "<termNote type=\"administrativeStatus\">",
            "<termNote type=\"administrativeStatus\">x",
            "module administrativeStatus: value",
        ),
        (
            "<note>G-Source",
            "<termSec><term>t</term><descrip type=\"subjectField\">x</descrip></termSec><note>G-Source",
            "module subjectField: not at a permitted level",
        ),
        (
            "<note>G-Source",
            "<descrip type=\"context\">x</descrip><note>G-Source",
            "module context: not at a permitted level",
        ),
        (
            "<note>G-Source",
            "<termSec><term>t</term><descrip type=\"definition\">x</descrip></termSec><note>G-Source",
            "module definition: not at a permitted level",
        ),
        (
            "<note>G-Source",
            "<termSec><term>t</term><xref type=\"xGraphic\" target=\"https://x\">x</xref></termSec><note>G-Source",
            "module xGraphic: not at a permitted level",
        ),
        (
            "<note>G-Source",
            "<langSec xml:lang=\"de\"><admin type=\"customerSubset\">x</admin></langSec><note>G-Source",
            "module customerSubset: not at a permitted level",
        ),
    ];
    for (from, to, rule) in breaks {
        assert!(valid.contains(from), "the example has no {from:?}");
        let broken = valid.replacen(from, to, 1);
        let found = dca_violations(&broken);
        assert!(
            found.iter().any(|v| v.starts_with(rule)),
            "breaking {rule:?} went unnoticed: {found:?}"
        );
    }
}

#[test]
fn export_meets_the_dialect_rules() {
    assert_eq!(dca_violations(&exported()), Vec::<String>::new());
}

/// Runs `jing` on `file` against the core grammar; `Err` with jing's report when invalid.
fn jing(file: &Path) -> Result<(), String> {
    let out = Command::new("jing")
        .arg(data("TBXcoreStructV03.rng"))
        .arg(file)
        .output()
        .unwrap_or_else(|e| {
            panic!(
                "the RELAX NG validator `jing` cannot run ({e}): install the Debian package \
                 `jing` (apt-get install jing); .ci/run installs it"
            )
        });
    if out.status.success() {
        Ok(())
    } else {
        Err(String::from_utf8_lossy(&out.stdout).into_owned()
            + &String::from_utf8_lossy(&out.stderr))
    }
}

#[test]
fn export_is_valid_against_the_core_grammar() {
    // The validator setup is proved first: the example passes and a broken copy fails.
    assert_eq!(jing(&data("Example_Astronomy_DCA_VALID.tbx")), Ok(()));
    let dir = tempfile::tempdir().unwrap();
    let broken = dir.path().join("broken.tbx");
    std::fs::write(&broken, example().replacen("<tbxHeader>", "<tbxHeadr>", 1)).unwrap();
    assert!(jing(&broken).is_err());
    let path = dir.path().join("glossary.tbx");
    std::fs::write(&path, exported()).unwrap();
    assert_eq!(jing(&path), Ok(()));
}
