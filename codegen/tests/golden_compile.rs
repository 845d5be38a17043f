//! Every successful golden case must generate a crate that builds and passes
//! `cargo clippy --all-targets --all-features -- -D warnings`; a case with a
//! `payloads.jsonl` must also decode and encode those payloads as it says.
//!
//! The cases are written as members of one temporary workspace under
//! `target/golden-compile/` and checked with a single cargo run that shares
//! the workspace's `target/` directory and `Cargo.lock`, so dependencies are
//! built once and their versions match the ones the real generated crate uses.
//!
//! `payloads.jsonl` (JSON lines, not a `.json` input of the case): one object
//! per line, `{"type": "RustTypeName", "json": <payload>, "accepted": bool}`
//! and optionally `"back": <json>` when the type writes back something other
//! than what it read (e.g. `null` for an optional property is dropped),
//! `"debug": "text"` when the decoded value's `Debug` output must contain
//! `text` (which variant of a union was chosen: `Conditions::OneOfWith(…)`
//! shows as `OneOfWith(`), and `"error": "text"` when the message of a
//! rejected payload must contain `text`. `"schema": "OriginalName"` in place
//! of `"type"` checks the payload through `dynamic::roundtrip`, i.e. as the
//! whole schema of that name (`null` included for a nullable one). Each line
//! becomes a check in the crate's `tests/payloads.rs`, run with `cargo test`
//! (all features on).

mod common;

use std::path::Path;

use serde_json::Value;

#[test]
fn golden_crates_pass_clippy() {
    let mut crates = Vec::new();
    let mut with_payloads = Vec::new();
    for dir in common::case_dirs() {
        let case = common::case_name(&dir);
        let crate_name = format!("golden-{}", case.replace('_', "-"));
        // Cases with `expected.err` must fail; golden.rs checks how.
        let Ok((mut krate, _)) = common::generate_case_named(&dir, &crate_name) else {
            continue;
        };
        if let Some(test) = payload_test(&dir, &crate_name) {
            krate.files.insert("tests/payloads.rs".into(), test);
            with_payloads.push(crate_name);
        }
        crates.push((case, krate));
    }
    assert!(crates.len() >= 10, "expected at least 10 successful golden cases, found {}", crates.len());
    assert!(with_payloads.len() >= 3, "expected cases with payloads.jsonl, found {with_payloads:?}");
    common::assert_crates_pass_clippy("golden-compile", &crates);
    common::assert_crates_pass_tests("golden-compile", &with_payloads);
}

/// `tests/payloads.rs` for a case's `payloads.jsonl`, if it has one.
fn payload_test(dir: &Path, crate_name: &str) -> Option<String> {
    let text = std::fs::read_to_string(dir.join("payloads.jsonl")).ok()?;
    let library = crate_name.replace('-', "_");
    let mut checks = String::new();
    for (index, line) in text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
        let at = format!("{}/payloads.jsonl:{}", common::case_name(dir), index + 1);
        let case: Value = serde_json::from_str(line).unwrap_or_else(|e| panic!("{at}: {e}"));
        let accepted = case["accepted"].as_bool().unwrap_or_else(|| panic!("{at}: no \"accepted\""));
        let json = case["json"].to_string();
        let back = case.get("back").unwrap_or(&case["json"]).to_string();
        let text = |key: &str| case.get(key).map(|v| v.as_str().unwrap_or_else(|| panic!("{at}: \"{key}\" is text")));
        let (debug, error) = (text("debug").unwrap_or_default(), text("error").unwrap_or_default());
        match (text("type"), text("schema")) {
            (Some(ty), None) => checks.push_str(&format!(
                "    check::<{library}::{ty}>({at:?}, {json:?}, {accepted}, {back:?}, {debug:?}, {error:?});\n"
            )),
            (None, Some(schema)) => checks.push_str(&format!(
                "    check_schema({library}::dynamic::roundtrip({schema:?}, serde_json::from_str({json:?}).unwrap()), {at:?}, {accepted}, {back:?}, {error:?});\n"
            )),
            _ => panic!("{at}: give either \"type\" or \"schema\""),
        }
    }
    Some(format!(
        r#"//! The payloads of `payloads.jsonl`, written by codegen's `golden_compile.rs`.

use serde::{{de::DeserializeOwned, Serialize}};

/// `json` decodes as `T` exactly when `accepted`, and then encodes as `back`
/// with `debug` in its `Debug` output; a rejection's message contains `error`.
#[allow(dead_code)]
fn check<T: DeserializeOwned + Serialize + std::fmt::Debug>(
    at: &str,
    json: &str,
    accepted: bool,
    back: &str,
    debug: &str,
    error: &str,
) {{
    let decoded = serde_json::from_str::<T>(json);
    assert_eq!(decoded.is_ok(), accepted, "{{at}}: {{json}} -> {{:?}}", decoded.as_ref().err());
    match decoded {{
        Ok(value) => {{
            let written = serde_json::to_value(&value).expect("encodes");
            let back: serde_json::Value = serde_json::from_str(back).expect("back is JSON");
            assert_eq!(written, back, "{{at}}: written back differently");
            let shown = format!("{{value:?}}");
            assert!(shown.contains(debug), "{{at}}: decoded as {{shown}}, expected {{debug}} in it");
        }}
        Err(rejected) => {{
            let message = rejected.to_string();
            assert!(message.contains(error), "{{at}}: rejected with {{message:?}}, expected {{error:?}} in it");
        }}
    }}
}}

/// A `dynamic::roundtrip` result: accepted exactly when `accepted`, and
/// then written as `back`; a rejection's message contains `error`.
#[allow(dead_code)]
fn check_schema<E: std::fmt::Display>(
    result: Result<serde_json::Value, E>,
    at: &str,
    accepted: bool,
    back: &str,
    error: &str,
) {{
    match result {{
        Ok(written) => {{
            assert!(accepted, "{{at}}: accepted as {{written}}");
            let back: serde_json::Value = serde_json::from_str(back).expect("back is JSON");
            assert_eq!(written, back, "{{at}}: written back differently");
        }}
        Err(rejected) => {{
            let message = rejected.to_string();
            assert!(!accepted, "{{at}}: rejected with {{message}}");
            assert!(message.contains(error), "{{at}}: rejected with {{message:?}}, expected {{error:?}} in it");
        }}
    }}
}}

#[test]
fn payloads() {{
{checks}}}
"#
    ))
}
