//! The payload corpus: a small synthesizer of schema-valid JSON payloads for
//! the component schemas of an OpenAPI 3.0 document, and a JSON comparison
//! that treats two date-time strings for the same instant as equal.

use std::collections::HashSet;
use std::fmt;

use serde_json::{json, Map, Value};

/// The Klaviyo document the checked-in crate is generated from, as
/// `schemas/codegen.toml` configures it: `stable.json` with its overlay applied.
pub fn klaviyo_document() -> Value {
    let schemas = concat!(env!("CARGO_MANIFEST_DIR"), "/../schemas/");
    let inputs: Vec<codegen::Input> = ["klaviyo/2026-07-15/stable.json", "klaviyo/overlays/2026-07-15.overlay.yaml"]
        .iter()
        .map(|path| {
            let text =
                std::fs::read_to_string(format!("{schemas}{path}")).unwrap_or_else(|e| panic!("reading {path}: {e}"));
            codegen::Input { path: (*path).to_owned(), text }
        })
        .collect();
    let mut documents = codegen::overlay::effective_documents(&inputs).unwrap_or_else(|e| panic!("{e}"));
    documents.remove(0).1
}

/// Objects nested deeper than this get only their required properties, and
/// arrays deeper than this are empty, so recursive schemas stay finite.
const MAX_DEPTH: usize = 6;

/// Past this depth a schema must require itself: no finite payload exists.
const HARD_DEPTH: usize = MAX_DEPTH + 24;

/// Never try more indices than this for one shape of a schema.
const MAX_CYCLE: usize = 1 << 16;

/// The forms of a `date-time` the variants cycle through; every one is a form
/// `klaviyo_types::DateTime` accepts and writes back as it was read.
const DATE_TIMES: &[&str] =
    &["2022-11-08T00:00:00+00:00", "2022-11-08T00:00:00Z", "2022-11-08T00:00:00", "2023-02-21T20:07:38.123456-05:00"];

/// Which properties a payload carries and which nullable values are `null`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    /// Every property, every value present.
    Full,
    /// Only required properties.
    Minimal,
    /// Every property; every nullable value (required or not) is `null`.
    Nulls,
    /// Every property; nullable scalars and arrays are `null`, nullable
    /// objects are kept so the nullable values inside them are `null` too.
    NullLeaves,
    /// Every property, and every value of every enum (index `i` picks value
    /// `i % len`); unions choose by `i % width` rather than by digits.
    EveryEnumValue,
}

pub const SHAPES: [Shape; 5] = [Shape::Full, Shape::Minimal, Shape::Nulls, Shape::NullLeaves, Shape::EveryEnumValue];

/// One payload of a schema: a shape, and the index whose digits pick the
/// union branch, enum value, boolean and date-time form at every choice.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Variant {
    pub shape: Shape,
    pub index: usize,
}

impl fmt::Display for Variant {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let shape = match self.shape {
            Shape::Full => "full",
            Shape::Minimal => "minimal",
            Shape::Nulls => "nulls",
            Shape::NullLeaves => "null-leaves",
            Shape::EveryEnumValue => "enum-values",
        };
        write!(f, "{shape}#{}", self.index)
    }
}

/// The component schemas of an OpenAPI document.
pub struct Spec {
    schemas: Map<String, Value>,
}

impl Spec {
    pub fn from_document(document: &Value) -> Spec {
        let schemas = document["components"]["schemas"].as_object().expect("components.schemas").clone();
        Spec { schemas }
    }

    pub fn schema(&self, name: &str) -> Option<&Value> {
        self.schemas.get(name)
    }

    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.schemas.keys().map(String::as_str)
    }

    /// The distinct payloads of a named schema, every shape with every
    /// index up to the largest number of choices met (see [`Synth::choose`]),
    /// skipping the indices that are known to repeat an earlier payload.
    pub fn payloads(&self, name: &str) -> Vec<(Variant, Value)> {
        let schema = &self.schemas[name];
        let mut payloads: Vec<(Variant, Value)> = Vec::new();
        let mut seen = HashSet::new();
        for shape in SHAPES {
            // (residue, period) of the indices already synthesized: every
            // index congruent to one of them makes the same choices.
            let mut done: Vec<(usize, usize)> = Vec::new();
            let mut cycle = 1;
            let mut index = 0;
            while index < cycle {
                if !done.iter().any(|&(residue, period)| index % period == residue) {
                    let mut synth = Synth::new(self, Variant { shape, index });
                    let payload = synth.value(schema, 0);
                    cycle = cycle.max(synth.cycle).min(MAX_CYCLE);
                    done.push((index % synth.period, synth.period));
                    if seen.insert(payload.to_string()) {
                        payloads.push((Variant { shape, index }, payload));
                    }
                }
                index += 1;
            }
        }
        payloads
    }

    /// One payload of a named schema.
    pub fn payload(&self, name: &str, variant: Variant) -> Value {
        Synth::new(self, variant).value(&self.schemas[name], 0)
    }

    /// The schema a `$ref` (or chain of them) points to.
    fn resolve<'a>(&'a self, mut schema: &'a Value) -> &'a Value {
        while let Some(reference) = schema.get("$ref").and_then(Value::as_str) {
            let name = reference.strip_prefix("#/components/schemas/").expect("a component schema $ref");
            schema = self.schemas.get(name).unwrap_or_else(|| panic!("unresolved $ref {reference}"));
        }
        schema
    }
}

/// One synthesis run, and what it learns about the choices it made.
struct Synth<'a> {
    spec: &'a Spec,
    variant: Variant,
    /// The product of the widths of the unions around the current position.
    stride: usize,
    /// The number of indices needed for every combination of the choices met.
    cycle: usize,
    /// The payload depends on the index only modulo this number.
    period: usize,
}

impl<'a> Synth<'a> {
    fn new(spec: &'a Spec, variant: Variant) -> Self {
        Synth { spec, variant, stride: 1, cycle: 1, period: 1 }
    }
}

impl Synth<'_> {
    /// A payload for `schema` at nesting `depth` (0: the named schema itself).
    fn value(&mut self, schema: &Value, depth: usize) -> Value {
        assert!(depth < HARD_DEPTH, "a schema requires itself without end: {schema}");
        if depth > 0 && self.null_here(schema) {
            return Value::Null;
        }
        let schema = self.spec.resolve(schema);
        if let Some(values) = schema.get("enum").and_then(Value::as_array) {
            // Up to three values, spread over the list, or all of them.
            let count = if self.variant.shape == Shape::EveryEnumValue { values.len() } else { values.len().min(3) };
            return values[self.choose(1, count) * values.len() / count].clone();
        }
        if let Some(members) = schema.get("allOf").and_then(Value::as_array) {
            return self.all_of(members, depth);
        }
        if let Some(branches) = schema.get("oneOf").or_else(|| schema.get("anyOf")).and_then(Value::as_array) {
            return self.one_of(branches, depth);
        }
        match schema.get("type").and_then(Value::as_str) {
            Some("object") => self.object(schema, depth),
            None if schema.get("properties").is_some() => self.object(schema, depth),
            Some("array") => self.array(schema, depth),
            Some("string") => self.string(schema),
            Some("integer") => integer(schema),
            Some("number") => number(schema),
            Some("boolean") => {
                let example = schema.get("example").and_then(Value::as_bool).unwrap_or(true);
                Value::Bool(example == (self.choose(1, 2) == 0))
            }
            // No type: any JSON value is valid.
            _ => json!("text"),
        }
    }

    /// Whether this variant writes `null` for this (possibly `$ref`) schema.
    fn null_here(&self, schema: &Value) -> bool {
        if !is_nullable(schema) && !is_nullable(self.spec.resolve(schema)) {
            return false;
        }
        match self.variant.shape {
            Shape::Full | Shape::Minimal | Shape::EveryEnumValue => false,
            Shape::Nulls => true,
            Shape::NullLeaves => !self.is_structured(schema),
        }
    }

    /// Whether a schema describes an object with properties (directly, or
    /// through `allOf` / `oneOf` / `anyOf`).
    fn is_structured(&self, schema: &Value) -> bool {
        let schema = self.spec.resolve(schema);
        schema.get("properties").is_some()
            || ["allOf", "oneOf", "anyOf"].iter().any(|keyword| {
                schema
                    .get(*keyword)
                    .and_then(Value::as_array)
                    .is_some_and(|all| all.iter().any(|s| self.is_structured(s)))
            })
    }

    /// A choice among `width` options at the current position: the digit
    /// `(index / stride) % width` of the variant's index. Scalars (enum
    /// values, booleans, date-time forms) use `stride` 1; unions use the
    /// product of the widths of the unions around them (a mixed radix), so
    /// every branch of a nested union meets every branch of the unions
    /// around it at some index below the product.
    fn choose(&mut self, stride: usize, width: usize) -> usize {
        let modulus = stride.saturating_mul(width);
        self.cycle = self.cycle.max(modulus);
        self.period = lcm(self.period, modulus);
        (self.variant.index / stride) % width
    }

    /// A branch of a union; unions inside it choose with the next digit.
    fn one_of(&mut self, branches: &[Value], depth: usize) -> Value {
        let width = branches.len();
        let stride = if self.variant.shape == Shape::EveryEnumValue { 1 } else { self.stride };
        let branch = &branches[self.choose(stride, width)];
        let outer = self.stride;
        self.stride = outer.saturating_mul(width);
        let value = self.value(branch, depth);
        self.stride = outer;
        value
    }

    /// All properties (or only the required ones), in schema order.
    fn object(&mut self, schema: &Value, depth: usize) -> Value {
        let Some(properties) = schema.get("properties").and_then(Value::as_object) else {
            return free_form(schema);
        };
        let required: Vec<&str> =
            schema.get("required").and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_str).collect();
        let only_required = self.variant.shape == Shape::Minimal || depth >= MAX_DEPTH;
        let mut object = Map::new();
        for (name, property) in properties {
            if only_required && !required.contains(&name.as_str()) {
                continue;
            }
            object.insert(name.clone(), self.value(property, depth + 1));
        }
        Value::Object(object)
    }

    /// One element, or none past the depth bound.
    fn array(&mut self, schema: &Value, depth: usize) -> Value {
        if depth >= MAX_DEPTH {
            return json!([]);
        }
        let items = schema.get("items").expect("array schema with items");
        json!([self.value(items, depth + 1)])
    }

    /// Every member's payload, merged into one object.
    fn all_of(&mut self, members: &[Value], depth: usize) -> Value {
        let mut merged = Value::Null;
        for member in members {
            let value = self.value(member, depth);
            merged = merge(merged, value);
        }
        merged
    }

    /// The example, else a value of the format.
    fn string(&mut self, schema: &Value) -> Value {
        let example = schema.get("example").and_then(Value::as_str);
        let text = match schema.get("format").and_then(Value::as_str) {
            Some("date-time") => match self.choose(1, DATE_TIMES.len()) {
                0 => example.filter(|e| klaviyo_types::DateTime::parse(e).is_ok()).unwrap_or(DATE_TIMES[0]).to_owned(),
                form => DATE_TIMES[form].to_owned(),
            },
            Some("date") => example.unwrap_or("2022-11-08").to_owned(),
            Some("time") => example.unwrap_or("10:30:00").to_owned(),
            Some("uri") => example.unwrap_or("https://example.com/x").to_owned(),
            _ => example.unwrap_or("text").to_owned(),
        };
        Value::String(text)
    }
}

/// `nullable: true`, or an enum whose only value is `null`.
fn is_nullable(schema: &Value) -> bool {
    schema.get("nullable").and_then(Value::as_bool).unwrap_or(false)
        || schema
            .get("enum")
            .and_then(Value::as_array)
            .is_some_and(|values| !values.is_empty() && values.iter().all(Value::is_null))
}

/// The least common multiple, saturating (a saturated period matches only
/// the index itself).
fn lcm(a: usize, b: usize) -> usize {
    fn gcd(a: usize, b: usize) -> usize {
        if b == 0 {
            a
        } else {
            gcd(b, a % b)
        }
    }
    (a / gcd(a, b)).saturating_mul(b)
}

/// An integer example, else 1.
fn integer(schema: &Value) -> Value {
    schema.get("example").filter(|e| e.is_i64() || e.is_u64()).cloned().unwrap_or(json!(1))
}

/// A fractional example, else 1.5. An integral value in a `number` position
/// is valid but re-serializes as a float (`50` → `50.0`): numbers are `f64`.
fn number(schema: &Value) -> Value {
    let fractional = |e: &&Value| e.is_f64() && e.as_f64().is_some_and(|f| f.fract() != 0.0);
    schema.get("example").filter(fractional).cloned().unwrap_or(json!(1.5))
}

/// An object without `properties`: its example if it is one, else one entry
/// (none when the schema allows no properties).
fn free_form(schema: &Value) -> Value {
    if schema.get("maxProperties").and_then(Value::as_u64) == Some(0) {
        return json!({});
    }
    schema.get("example").filter(|e| e.is_object()).cloned().unwrap_or(json!({ "key": "value" }))
}

/// Deep merge for `allOf`: objects merge key by key, a `null` gives way to a
/// value (the member that is not nullable wins), otherwise the first stays.
fn merge(first: Value, second: Value) -> Value {
    match (first, second) {
        (Value::Object(mut a), Value::Object(b)) => {
            for (key, value) in b {
                match a.get_mut(&key) {
                    Some(existing) => *existing = merge(existing.take(), value),
                    None => {
                        a.insert(key, value);
                    }
                }
            }
            Value::Object(a)
        }
        (Value::Null, value) | (value, Value::Null) => value,
        (first, _) => first,
    }
}

/// The first place where `actual` differs from `expected`, as
/// `path: expected … , got …`; `None` when they are equal JSON values
/// (date-time text included: the types write back what they read).
pub fn first_difference(expected: &Value, actual: &Value) -> Option<String> {
    difference(expected, actual, &mut String::new())
}

fn difference(expected: &Value, actual: &Value, path: &mut String) -> Option<String> {
    let here = |path: &str, what: String| Some(format!("{}: {what}", if path.is_empty() { "(root)" } else { path }));
    match (expected, actual) {
        (Value::Object(a), Value::Object(b)) => {
            for (key, value) in a {
                let len = path.len();
                path.push_str(&if path.is_empty() { key.clone() } else { format!(".{key}") });
                let found = match b.get(key) {
                    Some(other) => difference(value, other, path),
                    None => here(path, format!("expected {}, got no property", excerpt(value))),
                };
                if found.is_some() {
                    return found;
                }
                path.truncate(len);
            }
            let extra = b.keys().find(|key| !a.contains_key(*key))?;
            here(path, format!("unexpected property `{extra}`: {}", excerpt(&b[extra])))
        }
        (Value::Array(a), Value::Array(b)) if a.len() == b.len() => {
            a.iter().zip(b).enumerate().find_map(|(i, (x, y))| {
                let len = path.len();
                path.push_str(&format!("[{i}]"));
                let found = difference(x, y, path);
                path.truncate(len);
                found
            })
        }
        (a, b) if a == b => None,
        (a, b) => here(path, format!("expected {}, got {}", excerpt(a), excerpt(b))),
    }
}

/// A JSON value, cut to a readable length.
pub fn excerpt(value: &Value) -> String {
    let text = value.to_string();
    if text.chars().count() <= 160 {
        text
    } else {
        format!("{}…", text.chars().take(160).collect::<String>())
    }
}
