//! The direct layout (`codegen::layout`, used for declarations, docs and
//! macro calls) against the reference: every item quoted, parsed and printed
//! by prettyplease (`Options::reference_layout`). Both must write the same
//! bytes in every file, for every golden case, for Klaviyo's documents, and
//! for random schemas with awkward names, values and prose. (GitHub's,
//! Stripe's and Kubernetes' documents are compared in `tests/public_specs.rs`.)

mod common;

use std::collections::BTreeMap;

use codegen::{Input, Options};
use proptest::prelude::*;
use serde_json::{json, Value};

/// The first file where the two layouts differ, with the lines around it.
fn difference(inputs: &[Input], options: &Options) -> Option<String> {
    let direct = codegen::generate(inputs, options);
    let reference = codegen::generate(inputs, &Options { reference_layout: true, ..options.clone() });
    let (direct, reference) = match (direct, reference) {
        (Ok(direct), Ok(reference)) => (direct, reference),
        (Err(a), Err(b)) => return (a.to_string() != b.to_string()).then(|| format!("errors differ:\n{a}\n{b}")),
        (a, b) => return Some(format!("one failed: direct {:?}, reference {:?}", a.is_ok(), b.is_ok())),
    };
    if direct.files.keys().ne(reference.files.keys()) {
        return Some(format!("file lists differ: {:?} vs {:?}", direct.files.keys(), reference.files.keys()));
    }
    direct.files.iter().find(|(path, text)| reference.files[*path] != **text).map(|(path, text)| {
        let expected = &reference.files[path];
        let line = text.lines().zip(expected.lines()).take_while(|(a, b)| a == b).count();
        let around = |text: &str| text.lines().skip(line.saturating_sub(3)).take(7).collect::<Vec<_>>().join("\n");
        format!("{path}, line {}:\n── direct ──\n{}\n── prettyplease ──\n{}", line + 1, around(text), around(expected))
    })
}

/// Every setting that changes what is emitted: area features (`cfg` and
/// `doc(cfg)` attributes) and `schemars` (serde attributes, schema macros).
fn all_settings(options: Options) -> Options {
    Options { area_features: true, json_schema: true, ..options }
}

#[test]
fn golden_cases_lay_out_as_prettyplease() {
    let mut failures = Vec::new();
    for dir in common::case_dirs() {
        let Ok(inputs) = common::case_inputs(&dir) else { continue };
        let options = common::case_options(&dir, "golden");
        for options in [options.clone(), all_settings(options)] {
            if let Some(difference) = difference(&inputs, &options) {
                failures.push(format!("── {} ──\n{difference}", common::case_name(&dir)));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn klaviyo_documents_lay_out_as_prettyplease() {
    let documents = [
        concat!(env!("CARGO_MANIFEST_DIR"), "/../schemas/klaviyo/2026-07-15/stable.json"),
        concat!(env!("CARGO_MANIFEST_DIR"), "/../schemas/klaviyo/2023-02-22/stable.json"),
        concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/klaviyo/2026-07-15/beta.json"),
    ];
    for path in documents {
        let Ok(text) = std::fs::read_to_string(path) else {
            assert!(path.contains("/shared/"), "{path} is missing");
            continue;
        };
        let inputs = [Input { path: "klaviyo.json".into(), text }];
        let options = all_settings(common::options("klaviyo-types"));
        if let Some(difference) = difference(&inputs, &options) {
            panic!("{path}: {difference}");
        }
    }
}

/// Names, values and prose that test the edges of the layout: quotes and
/// backslashes (escaped in literals), other scripts (counted in bytes for
/// width), control characters, line breaks and a leading `/` in prose (not a
/// `///` line), and lengths around the 89-column margin.
fn awkward_text() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "a", "type", "a_b", "\"", "\\", "'", "é", "名前", "\t", "\n", "\r", "/", "//", " ", "  ", "{", "}", "#", "$",
        "=>", "::", "0", "-", ".",
    ]);
    (prop::collection::vec(pieces, 0..6), 0usize..90).prop_map(|(pieces, padding)| {
        let mut text: String = pieces.concat();
        text.push_str(&"x".repeat(padding));
        text
    })
}

fn leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(json!({ "type": "string" })),
        Just(json!({ "type": "integer", "format": "int32" })),
        Just(json!({ "type": ["number", "null"] })),
        Just(json!({ "type": "string", "format": "date-time" })),
        prop::collection::vec(awkward_text(), 1..5).prop_map(|values| json!({ "type": "string", "enum": values })),
        awkward_text().prop_map(|value| json!({ "const": value })),
        Just(json!({ "$ref": "#/$defs/Shared" })),
    ]
}

fn schema() -> impl Strategy<Value = Value> {
    leaf().prop_recursive(3, 24, 5, |inner| {
        prop_oneof![
            (prop::collection::btree_map(awkward_text(), inner.clone(), 1..5), any::<bool>(), awkward_text()).prop_map(
                |(properties, closed, description)| {
                    let required: Vec<&String> = properties.keys().step_by(2).collect();
                    json!({
                        "type": "object",
                        "description": description,
                        "properties": properties,
                        "required": required,
                        "additionalProperties": !closed,
                    })
                }
            ),
            inner.clone().prop_map(|items| json!({ "type": "array", "items": items })),
            inner.clone().prop_map(|values| json!({ "type": "object", "additionalProperties": values })),
            prop::collection::vec(inner.clone(), 2..4).prop_map(|branches| json!({ "oneOf": branches })),
            (prop::collection::vec(awkward_text(), 2..4), inner).prop_map(|(tags, body)| {
                let branches: Vec<Value> = tags
                    .iter()
                    .map(|tag| {
                        json!({ "type": "object", "required": ["kind"], "properties": {
                        "kind": { "const": tag }, "body": body } })
                    })
                    .collect();
                json!({ "oneOf": branches })
            }),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn random_schemas_lay_out_as_prettyplease(
        definitions in prop::collection::btree_map(awkward_text(), schema(), 1..4),
        shared in schema(),
        schemars in any::<bool>(),
    ) {
        let mut defs: BTreeMap<String, Value> = definitions;
        defs.insert("Shared".into(), shared);
        let document = json!({ "$schema": "https://json-schema.org/draft/2020-12/schema", "$defs": defs });
        let inputs = [Input { path: "random.json".into(), text: document.to_string() }];
        let options = Options { json_schema: schemars, ..common::options("random") };
        if let Some(difference) = difference(&inputs, &options) {
            prop_assert!(false, "{}\n\ndocument: {}", difference, document);
        }
    }
}
