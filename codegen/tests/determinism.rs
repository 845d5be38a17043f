//! The output depends only on the inputs: not on the run, nor on the order
//! the documents are given in.

mod common;

use codegen::{GeneratedCrate, Input};

fn klaviyo() -> Vec<Input> {
    let path = common::manifest_dir().join("../schemas/klaviyo/2026-07-15/stable.json");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()));
    vec![Input { path: "klaviyo/2026-07-15/stable.json".into(), text }]
}

/// The first file that differs between two crates, for a readable failure.
fn first_difference(a: &GeneratedCrate, b: &GeneratedCrate) -> Option<String> {
    let names: std::collections::BTreeSet<&String> = a.files.keys().chain(b.files.keys()).collect();
    names.into_iter().find_map(|name| {
        let (left, right) = (a.files.get(name), b.files.get(name));
        (left != right).then(|| {
            let line = match (left, right) {
                (Some(l), Some(r)) => l.lines().zip(r.lines()).position(|(x, y)| x != y).map_or(
                    format!("same lines up to the shorter one ({} vs {} lines)", l.lines().count(), r.lines().count()),
                    |i| {
                        format!(
                            "first at line {}:\n  {}\n  {}",
                            i + 1,
                            l.lines().nth(i).unwrap(),
                            r.lines().nth(i).unwrap()
                        )
                    },
                ),
                _ => "present in only one of them".to_owned(),
            };
            format!("`{name}` differs, {line}")
        })
    })
}

#[test]
fn klaviyo_generates_identical_bytes_twice() {
    let inputs = klaviyo();
    let options = common::options("klaviyo-types");
    let first = codegen::generate(&inputs, &options).unwrap_or_else(|d| panic!("Klaviyo spec failed:\n{d}"));
    let second = codegen::generate(&inputs, &options).unwrap_or_else(|d| panic!("Klaviyo spec failed:\n{d}"));
    assert!(common::types_rs(&first).matches("pub struct ").count() > 100, "suspiciously few types for Klaviyo");
    if let Some(difference) = first_difference(&first, &second) {
        panic!("two runs on the Klaviyo spec differ: {difference}");
    }
}

#[test]
fn input_order_does_not_matter() {
    let mut checked = 0;
    for dir in common::case_dirs() {
        let Ok(inputs) = common::case_inputs(&dir) else { continue };
        if inputs.len() < 2 {
            continue;
        }
        let case = common::case_name(&dir);
        let options = common::options("golden");
        let reversed: Vec<Input> = inputs.iter().rev().cloned().collect();
        match (codegen::generate(&inputs, &options), codegen::generate(&reversed, &options)) {
            (Ok(forward), Ok(backward)) => {
                if let Some(difference) = first_difference(&forward, &backward) {
                    panic!("case `{case}`: reversing the inputs changes the output: {difference}");
                }
            }
            (Err(forward), Err(backward)) => {
                assert_eq!(
                    forward.to_string(),
                    backward.to_string(),
                    "case `{case}`: diagnostics depend on input order"
                )
            }
            (forward, backward) => panic!(
                "case `{case}`: succeeds in one order only (forward ok: {}, reversed ok: {})",
                forward.is_ok(),
                backward.is_ok()
            ),
        }
        checked += 1;
    }
    assert!(checked >= 2, "expected at least two multi-file golden cases, found {checked}");
}

/// No file of the checked-in crate is too large for an editor: big files are
/// split into modules (`src/types/`, `src/operations/`) under 1 MB each.
#[test]
fn no_file_of_the_checked_in_crate_is_over_a_megabyte() {
    let mut folders = vec![common::manifest_dir().join("../generated/src")];
    let mut files = 0;
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).unwrap_or_else(|e| panic!("read {}: {e}", folder.display())) {
            let path = entry.expect("an entry").path();
            if path.is_dir() {
                folders.push(path);
                continue;
            }
            let size = std::fs::metadata(&path).expect("metadata").len();
            assert!(size <= 1_000_000, "{} is {size} bytes", path.display());
            files += 1;
        }
    }
    assert!(files > 20, "expected the split types and operations, found {files} files");
}

/// A `discriminator.mapping` value that is a schema name picks the component
/// of that name over a `definitions` entry of the same name, in every run:
/// it was the first match in a hash map, which changed with the map's seed.
#[test]
fn a_mapping_by_schema_name_picks_the_component_every_run() {
    let text = r##"{"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {},
      "definitions": {"Cat": {"type": "object", "properties": {"name": {"type": "string"}}}},
      "components": {"schemas": {
        "Pet": {"oneOf": [{"$ref": "#/components/schemas/Cat"}, {"$ref": "#/components/schemas/Dog"}],
                "discriminator": {"propertyName": "kind", "mapping": {"feline": "Cat"}}},
        "Cat": {"type": "object", "required": ["kind"], "properties": {"kind": {"type": "string"}, "lives": {"type": "integer"}}},
        "Dog": {"type": "object", "required": ["kind"], "properties": {"kind": {"type": "string"}, "barks": {"type": "boolean"}}}}}}"##;
    let inputs = [Input { path: "pets.json".into(), text: text.into() }];
    let options = common::options("pets");
    let first = codegen::generate(&inputs, &options).unwrap_or_else(|d| panic!("pets failed:\n{d}"));
    assert!(
        common::types_rs(&first).contains("\"feline\""),
        "the mapping's tag value is missing:\n{}",
        common::types_rs(&first)
    );
    for _ in 0..16 {
        let again = codegen::generate(&inputs, &options).unwrap_or_else(|d| panic!("pets failed:\n{d}"));
        if let Some(difference) = first_difference(&first, &again) {
            panic!("two runs on the same document differ: {difference}");
        }
    }
}
