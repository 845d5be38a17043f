//! Golden tests: every directory under `tests/golden/` is a case. Its `.json`,
//! `.yaml` and `.yml` files are the inputs (paths relative to the case
//! directory) — unless `options.txt` names root documents with `input PATH`
//! lines: then only those are given and the rest is read through their
//! `$ref`s, as the CLI does (see `common::case_inputs`) — `options.txt`
//! optionally sets options (see `common::case_options`), and the expectations are either `expected.rs`
//! (every file generated for crate `golden`, each after a `// ──── path ────`
//! line, but the runtime modules copied verbatim, which `runtime/` tests and
//! `cargo xtask regenerate --check` keep identical) or `expected.err` (the
//! rendered diagnostics of a run that must fail), plus `expected.warnings`
//! when a successful run warns (a case without it must not warn).
//!
//! Run with `UPDATE_EXPECT=1` to rewrite the expected files from the current
//! output; review the diff before committing it.

mod common;

use std::path::Path;

const UPDATE_HINT: &str =
    "if the new output is right, run `UPDATE_EXPECT=1 cargo test -p codegen --test golden` and review the diff";

fn updating() -> bool {
    std::env::var_os("UPDATE_EXPECT").is_some_and(|v| !v.is_empty() && v != "0")
}

#[test]
fn golden_cases_match_their_expected_output() {
    let mut failures = Vec::new();
    let cases = common::case_dirs();
    for dir in &cases {
        if let Err(message) = check_case(dir) {
            failures.push(format!("── case `{}` ──\n{message}", common::case_name(dir)));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} golden case(s) failed:\n\n{}\n\n{UPDATE_HINT}",
        failures.len(),
        cases.len(),
        failures.join("\n\n")
    );
}

fn check_case(dir: &Path) -> Result<(), String> {
    let (types, errors, warnings) = match common::generate_case_with_warnings(dir) {
        Ok((krate, warnings)) => {
            let warnings = (!warnings.items.is_empty()).then(|| warnings.to_string());
            (Some(snapshot(&krate)), None, warnings)
        }
        Err(diagnostics) => (None, Some(diagnostics.to_string()), None),
    };
    let problems: Vec<String> = [("expected.rs", types), ("expected.err", errors), ("expected.warnings", warnings)]
        .into_iter()
        .filter_map(|(file, actual)| check_file(dir, file, actual.as_deref()).err())
        .collect();
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems.join("\n"))
    }
}

/// The files of the runtime, copied verbatim into every generated crate:
/// not part of a case's snapshot.
const VERBATIM: &[&str] = &["src/runtime.rs", "src/request.rs", "src/client.rs", "src/json_schema.rs"];

/// Every generated file but the verbatim runtime, in path order, each after
/// a line naming it.
fn snapshot(krate: &codegen::GeneratedCrate) -> String {
    let files = krate.files.iter().filter(|(path, _)| !VERBATIM.contains(&path.as_str()));
    files.map(|(path, text)| format!("// ──── {path} ────\n{text}")).collect::<Vec<_>>().join("\n")
}

/// Compare one expectation file with the output it snapshots; `None` means
/// the run produced no such output, so the file must not exist.
fn check_file(dir: &Path, file: &str, actual: Option<&str>) -> Result<(), String> {
    let path = dir.join(file);
    if updating() {
        return match actual {
            Some(actual) => std::fs::write(&path, actual).map_err(|e| format!("cannot write {file}: {e}")),
            None if path.exists() => std::fs::remove_file(&path).map_err(|e| format!("cannot remove {file}: {e}")),
            None => Ok(()),
        };
    }
    let Some(actual) = actual else {
        return match path.exists() {
            true => Err(format!("the case has `{file}` but the run produced no such output")),
            false => Ok(()),
        };
    };
    let expected = std::fs::read_to_string(&path)
        .map_err(|e| format!("cannot read `{file}` ({e}); output:\n{}", excerpt(actual, 0, 40)))?
        .replace("\r\n", "\n");
    match first_difference(&expected, actual) {
        None => Ok(()),
        Some(line) => Err(format!(
            "{file} differs from the output, first at line {} ({} vs {} lines)\n--- expected ({file})\n{}\n+++ actual\n{}",
            line + 1,
            expected.lines().count(),
            actual.lines().count(),
            excerpt(&expected, line.saturating_sub(2), 8),
            excerpt(actual, line.saturating_sub(2), 8),
        )),
    }
}

/// The index of the first line that differs, or `None` when the texts are equal.
fn first_difference(expected: &str, actual: &str) -> Option<usize> {
    if expected == actual {
        return None;
    }
    let mut expected_lines = expected.split('\n');
    let mut actual_lines = actual.split('\n');
    (0..).find(|_| expected_lines.next() != actual_lines.next())
}

/// `count` lines of `text` from line index `from`, numbered.
fn excerpt(text: &str, from: usize, count: usize) -> String {
    let lines: Vec<String> =
        text.split('\n').enumerate().skip(from).take(count).map(|(i, l)| format!("{:>5} | {l}", i + 1)).collect();
    if lines.is_empty() {
        "      (end of file)".to_owned()
    } else {
        lines.join("\n")
    }
}

#[test]
fn first_difference_finds_the_first_changed_line() {
    assert_eq!(first_difference("a\nb\nc", "a\nb\nc"), None);
    assert_eq!(first_difference("a\nb\nc", "a\nx\nc"), Some(1));
    assert_eq!(first_difference("a\nb", "a\nb\nc"), Some(2));
    assert_eq!(first_difference("a\nb\n", "a\nb"), Some(2));
}
