//! Golden tests: every directory under `tests/golden/` is a case. Its `.json`
//! files are the inputs (paths relative to the case directory) and either
//! `expected.rs` (the generated `src/types.rs` for crate `golden`) or
//! `expected.err` (the rendered diagnostics of a run that must fail).
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
    let (actual, file, other) = match common::generate_case(dir) {
        Ok(krate) => (common::types_rs(&krate).to_owned(), "expected.rs", "expected.err"),
        Err(diagnostics) => (diagnostics.to_string(), "expected.err", "expected.rs"),
    };
    let expected_path = dir.join(file);
    let other_path = dir.join(other);
    if updating() {
        std::fs::write(&expected_path, &actual).map_err(|e| format!("cannot write {file}: {e}"))?;
        if other_path.exists() {
            std::fs::remove_file(&other_path).map_err(|e| format!("cannot remove {other}: {e}"))?;
        }
        return Ok(());
    }
    if other_path.exists() {
        let outcome = if file == "expected.rs" { "succeeded" } else { "failed" };
        return Err(format!("the case has `{other}` but generation {outcome}; output:\n{}", excerpt(&actual, 0, 40)));
    }
    let expected = std::fs::read_to_string(&expected_path)
        .map_err(|e| format!("cannot read `{file}` ({e}); output:\n{}", excerpt(&actual, 0, 40)))?
        .replace("\r\n", "\n");
    match first_difference(&expected, &actual) {
        None => Ok(()),
        Some(line) => Err(format!(
            "{file} differs from the output, first at line {} ({} vs {} lines)\n--- expected ({file})\n{}\n+++ actual\n{}",
            line + 1,
            expected.lines().count(),
            actual.lines().count(),
            excerpt(&expected, line.saturating_sub(2), 8),
            excerpt(&actual, line.saturating_sub(2), 8),
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
