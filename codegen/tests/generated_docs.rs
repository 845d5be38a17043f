//! The checked-in crate's rustdoc says what its types are: rustdoc shows the
//! first paragraph of an item's docs in every list (module pages, search), so
//! that paragraph should describe the value, not where the schema came from.
//! Scans `generated/src/types.rs` and `generated/src/types/*.rs` (both
//! layouts: one file, or modules by letter).

use std::path::{Path, PathBuf};

/// How an item's docs start.
#[derive(Debug, PartialEq)]
enum Summary {
    Description,
    Provenance,
    Missing,
}

/// The summary of every `pub struct|enum|type` item of a file: (item line, kind).
fn summaries(source: &str) -> Vec<(String, Summary)> {
    let lines: Vec<&str> = source.lines().collect();
    let mut found = Vec::new();
    for (index, line) in lines.iter().enumerate() {
        if !["pub struct ", "pub enum ", "pub type "].iter().any(|p| line.starts_with(p)) {
            continue;
        }
        // Back over the attributes (one line or several) to the doc block, and to its first line.
        let mut first_doc = None;
        for above in lines[..index].iter().rev() {
            let above = above.trim_start();
            if let Some(doc) = above.strip_prefix("///") {
                first_doc = Some(doc.trim());
            } else if first_doc.is_some() || above.is_empty() || above.starts_with('}') || above.ends_with(';') {
                break;
            }
        }
        let summary = match first_doc {
            None => Summary::Missing,
            Some(text) if is_provenance(text) => Summary::Provenance,
            Some(_) => Summary::Description,
        };
        found.push((line.to_string(), summary));
    }
    found
}

fn is_provenance(summary: &str) -> bool {
    ["Schema `", "Inline schema at", "Identical to"].iter().any(|p| summary.starts_with(p))
}

fn type_files() -> Vec<PathBuf> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("../generated/src");
    let mut files = vec![src.join("types.rs")];
    if let Ok(entries) = std::fs::read_dir(src.join("types")) {
        let mut modules: Vec<PathBuf> =
            entries.map(|e| e.unwrap().path()).filter(|p| p.extension().is_some_and(|e| e == "rs")).collect();
        modules.sort();
        files.extend(modules);
    }
    files
}

#[test]
fn summaries_are_found_past_multi_line_attributes() {
    let source = "\
/// Schema `A` (`a.json#/A`).
pub struct A;

#[cfg(feature = \"x\")]
#[cfg_attr(docsrs, doc(cfg(feature = \"x\")))]
/// The `b` of [`A`].
///
/// Inline schema at `a.json#/A/properties/b`.
#[cfg_attr(
    feature = \"schemars\",
    derive(schemars::JsonSchema)
)]
pub enum B {}
impl B {
}
pub type C = B;
";
    let kinds: Vec<Summary> = summaries(source).into_iter().map(|(_, s)| s).collect();
    assert_eq!(kinds, [Summary::Provenance, Summary::Description, Summary::Missing]);
}

#[test]
fn at_least_95_percent_of_generated_types_start_with_a_description() {
    let mut all = Vec::new();
    for file in type_files() {
        let source = std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        all.extend(summaries(&source));
    }
    assert!(all.len() > 1000, "found only {} items: has the layout of `generated/src` changed?", all.len());
    let described = all.iter().filter(|(_, s)| *s == Summary::Description).count();
    let share = described as f64 / all.len() as f64;
    let others: Vec<&String> =
        all.iter().filter(|(_, s)| *s != Summary::Description).map(|(item, _)| item).take(20).collect();
    eprintln!("{described} of {} items ({:.1} %) start with a description", all.len(), share * 100.0);
    assert!(
        share >= 0.95,
        "{described} of {} items ({:.1} %) start their docs with a description, not provenance; the first others:\n{others:#?}",
        all.len(),
        share * 100.0
    );
}
