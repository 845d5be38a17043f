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
            let message = panic.downcast_ref::<String>().cloned().or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()));
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
    let result = generate_value(&under_defs(json!({ "type": "object", "properties": properties, "required": required })));
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
