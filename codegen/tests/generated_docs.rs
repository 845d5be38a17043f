//! The checked-in crate's rustdoc says what its types are: rustdoc shows the
//! first paragraph of an item's docs in every list (module pages, search), so
//! that paragraph should describe the value: not where the schema came from,
//! and not only the item's name in words, which the list shows beside it.
//! Scans `generated/src/types.rs` and `generated/src/types/*.rs` (both
//! layouts: one file, or modules by letter).

use std::path::{Path, PathBuf};

/// How an item's docs start.
#[derive(Debug, PartialEq)]
enum Summary {
    Description,
    /// Only the item's name in words ("Ab test action." for `AbTestAction`):
    /// a line that says nothing the name does not.
    NameInWords,
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
            Some(text) if item_name(line).is_some_and(|name| text == name_in_words(name)) => Summary::NameInWords,
            Some(_) => Summary::Description,
        };
        found.push((line.to_string(), summary));
    }
    found
}

/// The name an item line declares: `pub struct AbTestAction {` → `AbTestAction`.
fn item_name(line: &str) -> Option<&str> {
    let rest = ["pub struct ", "pub enum ", "pub type "].iter().find_map(|p| line.strip_prefix(p))?;
    rest.split(|c: char| !(c.is_alphanumeric() || c == '_')).next().filter(|name| !name.is_empty())
}

/// A name in words, split as the generator once did for types it knew
/// nothing else about: `GetProfileResponse` → "Get profile response.",
/// acronyms (`URL`) kept.
fn name_in_words(name: &str) -> String {
    let chars: Vec<char> = name.chars().collect();
    let mut words: Vec<String> = Vec::new();
    let mut word = String::new();
    for (i, &c) in chars.iter().enumerate() {
        let next_lower = chars.get(i + 1).is_some_and(|n| n.is_lowercase());
        let prev = i.checked_sub(1).map(|p| chars[p]);
        let boundary = c.is_uppercase()
            && prev.is_some_and(|p| p.is_lowercase() || p.is_ascii_digit() || (p.is_uppercase() && next_lower));
        if (boundary || c == '_') && !word.is_empty() {
            words.push(std::mem::take(&mut word));
        }
        if c != '_' {
            word.push(c);
        }
    }
    words.extend((!word.is_empty()).then_some(word));
    let words: Vec<String> = words
        .into_iter()
        .enumerate()
        .map(|(i, w)| {
            let acronym = w.chars().count() > 1 && w.chars().all(|c| !c.is_lowercase());
            match (i, acronym) {
                (_, true) => w,
                (0, false) => {
                    let lower = w.to_lowercase();
                    let mut chars = lower.chars();
                    chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
                }
                _ => w.to_lowercase(),
            }
        })
        .collect();
    format!("{}.", words.join(" "))
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
fn a_summary_that_is_the_name_in_words_is_not_a_description() {
    let source = "\
/// Ab test action.
pub enum AbTestAction {}

/// Get profile response.
pub struct GetProfileResponse {
}

/// Image URL of.
pub type ImageURLOf = String;

/// An object with `id` and `type`.
pub struct AbTestActionData {
}
";
    let kinds: Vec<Summary> = summaries(source).into_iter().map(|(_, s)| s).collect();
    assert_eq!(kinds, [Summary::NameInWords, Summary::NameInWords, Summary::NameInWords, Summary::Description]);
}

#[test]
fn at_least_95_percent_of_generated_types_start_with_a_description() {
    let mut all = Vec::new();
    for file in type_files() {
        let source = std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        all.extend(summaries(&source));
    }
    assert!(all.len() > 1000, "found only {} items: has the layout of `generated/src` changed?", all.len());
    let count = |kind: Summary| all.iter().filter(|(_, s)| *s == kind).count();
    let percent = |n: usize| n as f64 * 100.0 / all.len() as f64;
    let described = count(Summary::Description);
    for (label, n) in [
        ("a description", described),
        ("the name in words", count(Summary::NameInWords)),
        ("provenance", count(Summary::Provenance)),
        ("no docs", count(Summary::Missing)),
    ] {
        eprintln!("{n} of {} items ({:.1} %) start with {label}", all.len(), percent(n));
    }
    let others: Vec<&String> =
        all.iter().filter(|(_, s)| *s != Summary::Description).map(|(item, _)| item).take(20).collect();
    assert!(
        percent(described) >= 95.0,
        "{described} of {} items ({:.1} %) start their docs with a description (not provenance, not the name in words); the first others:\n{others:#?}",
        all.len(),
        percent(described)
    );
}
