//! Any schema in, never a panic or a hang out (#6).
//!
//! Named tests are the reproducers of problems found here (each fixed at its
//! root in `codegen/src`) and the extreme shapes the issue lists; the
//! property tests at the end throw generated schemas and mutated Klaviyo
//! schemas at `codegen::generate`. The one assertion everywhere: generation
//! returns `Ok` or `Err(diagnostics)`, without panicking, within a time bound.

use std::sync::mpsc;
use std::time::Duration;

use codegen::{Code, Diagnostics, GeneratedCrate, Input, Options};
use serde_json::{json, Value};

/// Generous for a debug build on a loaded 2-core machine; a hang is minutes.
const TIME_BOUND: Duration = Duration::from_secs(30);

/// Run `generate` on one document in a thread of its own (a panic is caught
/// as the thread's result, an endless loop as the timeout) and return what
/// it returned.
fn generate_within(bound: Duration, path: &str, text: String) -> Result<GeneratedCrate, Diagnostics> {
    let (sender, receiver) = mpsc::channel();
    let options = Options { crate_name: "robust".into(), ..Options::default() };
    let input = Input { path: path.into(), text };
    let worker = std::thread::Builder::new()
        .name(format!("generate {path}"))
        .spawn(move || {
            let _ = sender.send(codegen::generate(&[input], &options));
        })
        .expect("spawn the generator thread");
    match receiver.recv_timeout(bound) {
        Ok(result) => result,
        Err(mpsc::RecvTimeoutError::Timeout) => panic!("generate did not return within {bound:?} (a hang?)"),
        Err(mpsc::RecvTimeoutError::Disconnected) => {
            let panic = worker.join().expect_err("the thread ended without sending");
            let message =
                panic.downcast_ref::<String>().cloned().or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()));
            panic!("generate panicked: {}", message.unwrap_or_default())
        }
    }
}

fn generate_value(value: &Value) -> Result<GeneratedCrate, Diagnostics> {
    generate_within(TIME_BOUND, "schema.json", value.to_string())
}

fn codes(result: &Result<GeneratedCrate, Diagnostics>) -> Vec<Code> {
    match result {
        Ok(_) => Vec::new(),
        Err(diagnostics) => diagnostics.items.iter().map(|d| d.code).collect(),
    }
}

/// `{"$defs": {"Root": schema}}`.
fn under_defs(schema: Value) -> Value {
    json!({ "$defs": { "Root": schema } })
}

/// `levels` levels of `wrap` around `{"type": "string"}`, built as text
/// (serde_json's own recursion limit would stop building it as a `Value`).
fn nested_text(levels: usize, open: &str, close: &str) -> String {
    format!("{{\"$defs\": {{\"Root\": {}{{\"type\": \"string\"}}{}}}}}", open.repeat(levels), close.repeat(levels))
}

#[test]
fn ten_thousand_nested_items_are_an_invalid_document() {
    let text = nested_text(10_000, r#"{"type": "array", "items": "#, "}");
    let result = generate_within(TIME_BOUND, "deep.json", text);
    assert_eq!(codes(&result), [Code::InvalidDocument]);
}

#[test]
fn ten_thousand_nested_properties_are_an_invalid_document() {
    let text = nested_text(10_000, r#"{"type": "object", "properties": {"a": "#, "}}");
    let result = generate_within(TIME_BOUND, "deep.json", text);
    assert_eq!(codes(&result), [Code::InvalidDocument]);
}

#[test]
fn ten_thousand_nested_yaml_sequences_are_an_invalid_document() {
    let text = format!("$defs:\n  Root: {}1{}\n", "[".repeat(10_000), "]".repeat(10_000));
    let result = generate_within(TIME_BOUND, "deep.yaml", text);
    assert_eq!(codes(&result), [Code::InvalidDocument]);
}

/// Nesting the parser accepts but the generated type cannot have:
/// `Vec<Vec<…>>` 124 levels deep overflowed `syn`'s recursive type parser in
/// the formatting threads (2 MiB stacks). Inline shapes now stop at 16
/// levels with E0009.
#[test]
fn nesting_just_under_the_parser_limit_is_too_deep() {
    // `$defs` and `Root` are two of serde_json's 128 levels, the innermost schema one more.
    let items = nested_text(124, r#"{"type": "array", "items": "#, "}");
    assert_eq!(codes(&generate_within(TIME_BOUND, "items.json", items)), [Code::TooDeep]);
    // Objects with properties are types of their own, each a level of its own.
    let properties = nested_text(61, r#"{"type": "object", "properties": {"a": "#, "}}");
    assert!(generate_within(TIME_BOUND, "properties.json", properties).is_ok());
}

/// Nullable arrays and maps alternating, `levels` deep.
fn nullable_arrays_and_maps(levels: usize) -> String {
    let array = r#"{"type": "array", "nullable": true, "items": "#;
    let map = r#"{"type": "object", "nullable": true, "additionalProperties": "#;
    let open: String = (0..levels).map(|i| if i % 2 == 0 { array } else { map }).collect();
    format!("{{\"$defs\": {{\"Root\": {open}{{\"type\": \"string\"}}{}}}}}", "}".repeat(levels))
}

/// The deepest inline nesting allowed, with `Option` at every level (the
/// deepest generic type it can make), generates; one more level is E0009.
#[test]
fn nesting_at_the_depth_limit_generates() {
    let result = generate_within(TIME_BOUND, "deep.json", nullable_arrays_and_maps(16));
    assert!(result.is_ok(), "{}", result.unwrap_err());
    let result = generate_within(TIME_BOUND, "deep.json", nullable_arrays_and_maps(17));
    assert_eq!(codes(&result), [Code::TooDeep]);
}

#[test]
fn a_ref_to_itself_is_a_diagnostic() {
    let named = generate_value(&under_defs(json!({ "$ref": "#/$defs/Root" })));
    let inline = generate_value(&under_defs(json!({
        "type": "object",
        "properties": { "a": { "$ref": "#/$defs/Root/properties/a" } }
    })));
    let root = generate_value(&json!({ "$ref": "#" }));
    for result in [named, inline, root] {
        assert_eq!(codes(&result), [Code::RefCycle]);
    }
}

#[test]
fn alias_chains_a_b_a_are_diagnostics() {
    let named = generate_value(&json!({ "$defs": { "A": { "$ref": "#/$defs/B" }, "B": { "$ref": "#/$defs/A" } } }));
    assert_eq!(codes(&named), [Code::RefCycle]);
    // Through an array, the chain is a recursive type: `A = Vec<B>`, `B = A`.
    let through_items = generate_value(&json!({ "$defs": {
        "A": { "type": "array", "items": { "$ref": "#/$defs/B" } },
        "B": { "$ref": "#/$defs/A" }
    } }));
    assert!(through_items.is_ok(), "{}", through_items.unwrap_err());
}

/// A chain of ten thousand inline `$ref`s, each to the next property,
/// overflowed the stack: each link was a recursion of `shape_of`. Now E0009.
#[test]
fn a_long_chain_of_inline_refs_does_not_overflow_the_stack() {
    let n = 10_000;
    let mut properties = serde_json::Map::new();
    for i in 0..n {
        properties.insert(format!("p{i}"), json!({ "$ref": format!("#/$defs/Root/properties/p{}", i + 1) }));
    }
    properties.insert(format!("p{n}"), json!({ "type": "string" }));
    let result = generate_value(&under_defs(json!({ "type": "object", "properties": properties })));
    assert_eq!(codes(&result).first(), Some(&Code::TooDeep));
}

#[test]
fn ten_megabyte_strings_in_a_description_and_an_enum_generate() {
    let big = "x".repeat(10 << 20);
    let result = generate_value(&under_defs(json!({
        "type": "object",
        "description": big,
        "properties": { "kind": { "type": "string", "enum": [big, "small"] } }
    })));
    assert!(result.is_ok(), "{}", result.unwrap_err());
}

/// Took minutes: `struct_fields` found each property's entry, and checked
/// `required`, by linear search.
#[test]
fn a_hundred_thousand_properties_generate_in_time() {
    const PROPS: usize = 100_000;
    let mut properties = serde_json::Map::new();
    let mut required = Vec::new();
    for i in 0..PROPS {
        properties.insert(format!("p{i}"), json!({ "type": "string" }));
        required.push(json!(format!("p{i}")));
    }
    let result =
        generate_value(&under_defs(json!({ "type": "object", "properties": properties, "required": required })));
    assert!(result.is_ok(), "{}", result.unwrap_err());
}

/// Links of a hundred nested arrays each, chained by `$ref`: the depth limit
/// counts every level, not only `$ref`s.
#[test]
fn a_chain_of_deeply_nested_refs_does_not_overflow_the_stack() {
    let mut properties = serde_json::Map::new();
    for i in 0..20 {
        let mut schema = json!({ "$ref": format!("#/$defs/Root/properties/p{}", i + 1) });
        for _ in 0..100 {
            schema = json!({ "type": "array", "items": schema });
        }
        properties.insert(format!("p{i}"), schema);
    }
    properties.insert("p20".into(), json!({ "type": "string" }));
    let result = generate_value(&under_defs(json!({ "type": "object", "properties": properties })));
    assert_eq!(codes(&result).first(), Some(&Code::TooDeep));
}

/// `a`, `a-`, `a.`, `a -`, …: names that all become the field `a`.
fn colliding_names(count: usize) -> Vec<String> {
    const NOISE: [char; 4] = ['-', '.', ' ', '!'];
    (0..count)
        .map(|mut i| {
            let mut name = String::from("a");
            while i > 0 {
                name.push(NOISE[i % 4]);
                i /= 4;
            }
            name
        })
        .collect()
}

/// Hung: each claim of a taken field name retried `a_2`, `a_3`, … from 2.
#[test]
fn colliding_property_names_generate_in_time() {
    const PROPS: usize = 20_000;
    let properties: serde_json::Map<String, Value> =
        colliding_names(PROPS).into_iter().map(|name| (name, json!({ "type": "string" }))).collect();
    let result = generate_value(&under_defs(json!({ "type": "object", "properties": properties })));
    assert!(result.is_ok(), "{}", result.unwrap_err());
}

#[test]
fn colliding_enum_values_generate_in_time() {
    let values: Vec<Value> = colliding_names(20_000).into_iter().map(Value::String).collect();
    let result = generate_value(&under_defs(json!({ "type": "string", "enum": values })));
    assert!(result.is_ok(), "{}", result.unwrap_err());
}

/// Found by `generated_schemas_never_panic`: a variant name for `" "` spelled
/// the value out as more spaces and recursed until memory ran out.
#[test]
fn enum_values_of_only_spaces_and_underscores_generate() {
    let result = generate_value(&under_defs(json!({ "type": "string", "enum": [" ", "_", "  ", "", "z"] })));
    let types = result.map(|krate| krate.files["src/types.rs"].clone()).unwrap_or_else(|e| panic!("{e}"));
    assert!(types.contains("Blank,") && types.contains("Blank2,") && types.contains("Empty,"), "{types}");
}

// ── Property tests ──────────────────────────────────────────────────────────

use proptest::prelude::*;
use proptest::sample::select;

/// Fixed case counts keep the file within about a minute in a debug build;
/// no failure persistence (a failure prints its input; make it a named test).
fn config(cases: u32) -> ProptestConfig {
    ProptestConfig { cases, failure_persistence: None, ..ProptestConfig::default() }
}

const TYPES: &[&str] = &["string", "integer", "number", "boolean", "object", "array", "null", "bogus"];
const NAMES: &[&str] = &["a", "b", "type", "self", "a-b", "A", "", "0", "Other", "extra", "€"];
const FORMATS: &[&str] = &["date-time", "date", "int32", "int64", "uint8", "float", "double", "uuid", "weird"];
/// Existing, missing, self and malformed targets, in both document kinds.
const REFS: &[&str] = &[
    "#",
    "#/$defs/A",
    "#/$defs/B",
    "#/$defs/Root",
    "#/$defs/Missing",
    "#/$defs/A/properties/a",
    "#/$defs/A/items",
    "#/components/schemas/A",
    "#/components/schemas/B",
    "#/components/schemas/Root",
    "#/components/schemas/A/properties/a",
    "other.json#/$defs/A",
    "#a",
    "#/$defs/A#b",
    "#/%FF",
    "",
];

fn scalar() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        select(NAMES).prop_map(Value::from),
        "[a-z+/ -]{0,6}".prop_map(Value::from),
    ]
}

fn leaf_schema() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(json!({})),
        any::<bool>().prop_map(Value::Bool),
        select(TYPES).prop_map(|t| json!({ "type": t })),
        select(REFS).prop_map(|r| json!({ "$ref": r })),
        prop::collection::vec(scalar(), 0..5).prop_map(|values| json!({ "enum": values })),
        scalar().prop_map(|value| json!({ "const": value })),
        any::<i64>().prop_map(Value::from),
    ]
}

/// One keyword of a schema, with a value built from `inner` schemas.
fn keyword(inner: BoxedStrategy<Value>) -> impl Strategy<Value = (String, Value)> {
    let named = |inner: BoxedStrategy<Value>| {
        prop::collection::vec((select(NAMES), inner), 0..4)
            .prop_map(|entries| Value::Object(entries.into_iter().map(|(k, v)| (k.to_owned(), v)).collect()))
    };
    let list = |inner: BoxedStrategy<Value>| prop::collection::vec(inner, 0..4).prop_map(Value::Array);
    let entry = |key: &'static str| move |value: Value| (key.to_owned(), value);
    prop_oneof![
        select(TYPES).prop_map(|t| ("type".to_owned(), json!(t))),
        prop::collection::vec(select(TYPES), 0..3).prop_map(|t| ("type".to_owned(), json!(t))),
        named(inner.clone()).prop_map(entry("properties")),
        inner.clone().prop_map(entry("items")),
        // Tuples: 2020-12 `prefixItems`, draft-07 `items: [...]`, and what closes them.
        list(inner.clone()).prop_map(entry("prefixItems")),
        list(inner.clone()).prop_map(entry("items")),
        prop_oneof![inner.clone(), any::<bool>().prop_map(Value::Bool)].prop_map(entry("additionalItems")),
        (0u64..4).prop_map(|n| ("maxItems".to_owned(), json!(n))),
        named(inner.clone()).prop_map(entry("patternProperties")),
        select(REFS).prop_map(|r| ("$ref".to_owned(), json!(r))),
        list(inner.clone()).prop_map(entry("allOf")),
        list(inner.clone()).prop_map(entry("oneOf")),
        list(inner.clone()).prop_map(entry("anyOf")),
        prop::collection::vec(scalar(), 0..5).prop_map(|v| ("enum".to_owned(), Value::Array(v))),
        scalar().prop_map(entry("const")),
        any::<bool>().prop_map(|b| ("nullable".to_owned(), json!(b))),
        prop_oneof![inner.clone(), any::<bool>().prop_map(Value::Bool)].prop_map(entry("additionalProperties")),
        prop::collection::vec(select(NAMES), 0..4).prop_map(|r| ("required".to_owned(), json!(r))),
        named(inner).prop_map(entry("$defs")),
        select(FORMATS).prop_map(|f| ("format".to_owned(), json!(f))),
        scalar().prop_map(entry("default")),
    ]
}

/// Schemas of random keywords, nested a few levels.
fn schema() -> impl Strategy<Value = Value> {
    leaf_schema().prop_recursive(4, 64, 6, |inner| {
        prop::collection::vec(keyword(inner.boxed()), 1..6)
            .prop_map(|entries| Value::Object(entries.into_iter().collect()))
    })
}

/// A JSON Schema document with `$defs` A, B and Root, or an OpenAPI
/// document with the same components, so the `REFS` find something.
fn document() -> impl Strategy<Value = Value> {
    (any::<bool>(), schema(), schema(), schema()).prop_map(|(openapi, a, b, root)| {
        let schemas = json!({ "A": a, "B": b, "Root": root });
        if openapi {
            json!({ "openapi": "3.0.3", "info": { "title": "t", "version": "1" }, "components": { "schemas": schemas } })
        } else {
            json!({ "$defs": schemas })
        }
    })
}

proptest! {
    #![proptest_config(config(2_000))]

    #[test]
    fn generated_schemas_never_panic(document in document()) {
        let _ = generate_value(&document);
    }
}

// ── Mutated Klaviyo schemas ─────────────────────────────────────────────────

/// Klaviyo's component schemas, parsed once.
fn klaviyo_schemas() -> &'static serde_json::Map<String, Value> {
    static SCHEMAS: std::sync::OnceLock<serde_json::Map<String, Value>> = std::sync::OnceLock::new();
    SCHEMAS.get_or_init(|| {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../schemas/klaviyo/2026-07-15/stable.json");
        let text = std::fs::read_to_string(path).expect("read the pinned Klaviyo document");
        let mut document: Value = serde_json::from_str(&text).expect("parse the Klaviyo document");
        match document["components"]["schemas"].take() {
            Value::Object(schemas) => schemas,
            _ => panic!("no components.schemas in the Klaviyo document"),
        }
    })
}

/// The component `name` and every component it references, transitively.
fn with_references(name: &str) -> serde_json::Map<String, Value> {
    const PREFIX: &str = "#/components/schemas/";
    let all = klaviyo_schemas();
    let mut picked = serde_json::Map::new();
    let mut queue = vec![name.to_owned()];
    while let Some(name) = queue.pop() {
        let Some(schema) = all.get(&name).filter(|_| !picked.contains_key(&name)) else { continue };
        let mut refs = Vec::new();
        collect_refs(schema, &mut refs);
        queue.extend(refs.iter().filter_map(|r| r.strip_prefix(PREFIX)).map(str::to_owned));
        picked.insert(name, schema.clone());
    }
    picked
}

fn collect_refs(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            if let Some(Value::String(reference)) = map.get("$ref") {
                out.push(reference.clone());
            }
            map.values().for_each(|v| collect_refs(v, out));
        }
        Value::Array(items) => items.iter().for_each(|v| collect_refs(v, out)),
        _ => {}
    }
}

/// One change to a document, at the `at`-th member (modulo their number).
#[derive(Debug, Clone)]
enum Mutation {
    Delete {
        at: usize,
    },
    /// Copy the member under a new key beside it.
    Duplicate {
        at: usize,
    },
    /// Point the `at`-th `$ref` somewhere else (existing, missing, itself, malformed).
    Retarget {
        at: usize,
        to: usize,
    },
    /// Replace the member's value with another member's value.
    Transplant {
        at: usize,
        from: usize,
    },
    Scalar {
        at: usize,
        value: Value,
    },
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let at = || any::<usize>();
    prop_oneof![
        at().prop_map(|at| Mutation::Delete { at }),
        at().prop_map(|at| Mutation::Duplicate { at }),
        (at(), at()).prop_map(|(at, to)| Mutation::Retarget { at, to }),
        (at(), at()).prop_map(|(at, from)| Mutation::Transplant { at, from }),
        (at(), scalar()).prop_map(|(at, value)| Mutation::Scalar { at, value }),
    ]
}

/// JSON pointers of every object member under `value` (not the root).
fn member_pointers(value: &Value, at: &str, out: &mut Vec<String>) {
    if let Value::Object(map) = value {
        for (key, child) in map {
            let pointer = format!("{at}/{}", key.replace('~', "~0").replace('/', "~1"));
            out.push(pointer.clone());
            member_pointers(child, &pointer, out);
        }
    }
}

/// Split a pointer into its parent's pointer and its last (unescaped) key.
fn parent_and_key(pointer: &str) -> (&str, String) {
    let (parent, key) = pointer.rsplit_once('/').expect("a member pointer has a `/`");
    (parent, key.replace("~1", "/").replace("~0", "~"))
}

fn apply(document: &mut Value, mutation: &Mutation) {
    let mut members = Vec::new();
    member_pointers(document, "", &mut members);
    if members.is_empty() {
        return;
    }
    let pick = |i: usize| members[i % members.len()].clone();
    match mutation {
        Mutation::Delete { at } => {
            let pointer = pick(*at);
            let (parent, key) = parent_and_key(&pointer);
            if let Some(Value::Object(map)) = document.pointer_mut(parent) {
                map.shift_remove(&key);
            }
        }
        Mutation::Duplicate { at } => {
            let pointer = pick(*at);
            let (parent, key) = parent_and_key(&pointer);
            if let Some(Value::Object(map)) = document.pointer_mut(parent) {
                if let Some(value) = map.get(&key).cloned() {
                    map.insert(format!("{key}_copy"), value);
                }
            }
        }
        Mutation::Retarget { at, to } => {
            let refs: Vec<&String> = members.iter().filter(|p| p.ends_with("/$ref")).collect();
            if refs.is_empty() {
                return;
            }
            let target = match to % 4 {
                0 => "#/components/schemas/Missing".to_owned(),
                // The schema holding the `$ref`: a reference to itself.
                1 => format!("#{}", refs[at % refs.len()].trim_end_matches("/$ref")),
                2 => REFS[to % REFS.len()].to_owned(),
                _ => format!("#{}", members[to % members.len()]),
            };
            *document.pointer_mut(refs[at % refs.len()]).expect("a listed member") = Value::String(target);
        }
        Mutation::Transplant { at, from } => {
            let value = document.pointer(&pick(*from)).cloned().unwrap_or_default();
            if let Some(slot) = document.pointer_mut(&pick(*at)) {
                *slot = value;
            }
        }
        Mutation::Scalar { at, value } => {
            if let Some(slot) = document.pointer_mut(&pick(*at)) {
                *slot = value.clone();
            }
        }
    }
}

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn mutated_klaviyo_schemas_never_panic(
        pick in any::<usize>(),
        mutations in prop::collection::vec(mutation(), 1..6),
    ) {
        let names: Vec<&String> = klaviyo_schemas().keys().collect();
        let schemas = with_references(names[pick % names.len()]);
        let mut document = json!({
            "openapi": "3.0.2",
            "info": { "title": "Klaviyo subset", "version": "2026-07-15" },
            "components": { "schemas": schemas },
        });
        for mutation in &mutations {
            apply(&mut document, mutation);
        }
        let _ = generate_value(&document);
    }
}
