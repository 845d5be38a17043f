//! The schemars proof: the JSON Schema that `schemars` derives for each
//! generated type accepts exactly what the source schema describes, widened
//! by the documented exceptions; and it describes what serde really accepts.
//!
//! For every component schema of the Klaviyo spec, four judges see the same
//! payloads (`boon` validates the three schemas, draft 2020-12):
//!
//! - **source**: the spec's own schema (OpenAPI 3.0 `nullable` rewritten as
//!   `null`, `oneOf` read as `anyOf`: exception 4);
//! - **relaxed**: the source with the exceptions below applied, mechanically,
//!   by [`relax`]: the exceptions in executable form;
//! - **derived**: `klaviyo_types::dynamic::json_schema(name)`, the schema
//!   schemars derives for the generated type;
//! - **serde**: `klaviyo_types::dynamic::roundtrip(name, payload)`.
//!
//! Every corpus payload (`tests/corpus`) must pass all four. Each full
//! payload is then mutated (a property dropped, set to `null`, given a value
//! of another JSON type, a string replaced by an unlisted one, an undeclared
//! property added), and relaxed, derived and serde must agree on every
//! mutation: the types accept what the source accepts, plus the exceptions,
//! and nothing else. How often the strict source disagrees is printed.
//!
//! The exceptions (`docs/generated-crate.md`, "The `schemars` feature"):
//!
//! 1. **Open enums and open tagged unions**: a string an enum does not list is
//!    accepted (kept as `Other`), as is an object whose union tag is missing or
//!    unlisted (kept as raw JSON): the API adds values between revisions.
//!    Single-value string enums (JSON:API `type`) stay strict.
//! 2. **`null` for an optional property** is accepted: the field is `None`
//!    and the struct's `Extra` remembers the `null`, which is written back.
//! 3. **A required, nullable property may be absent**: read as `None`, and
//!    left out again when written back (the struct's `Extra` remembers it).
//! 4. **`oneOf` is read as `anyOf`**: Klaviyo's branches overlap (none has
//!    `additionalProperties: false`), so real payloads match two branches and
//!    a strict `oneOf` would reject them; the generated union takes the best
//!    fitting branch.
//! 5. **Formats are checked by the types**: `date-time` / `date` strings are
//!    parsed (a date-time may omit its offset); the derived schema states
//!    what is parsed as a `pattern`, which the relaxed source uses too.
//! 6. **Validation-only keywords are not enforced** (`minimum`, `maxLength`,
//!    `pattern`, `maxProperties`, `minItems`, `uniqueItems`, ...): they
//!    constrain values, not types; they stay in the docs.
//! 7. **Sparse fieldsets** (JSON:API): every attribute of a resource that an
//!    operation's response can trim with `fields[TYPE]` may be absent, so its
//!    `required` list is dropped (and, by 2, its members may be `null`).
//!
//! Structs read only JSON objects (an array is rejected, as every schema says):
//! no exception.

#[allow(dead_code)] // the corpus module serves several tests; this one uses part of it
mod corpus;

use std::time::Instant;

use corpus::{Shape, Spec, Variant};
use klaviyo_types::dynamic;
use serde_json::{json, Map, Value};

/// Where the source schemas live for `boon`: `{"$defs": components.schemas}`.
const SOURCE_URL: &str = "file:///klaviyo/source.json";
/// The source with the documented exceptions applied ([`relax`]).
const RELAXED_URL: &str = "file:///klaviyo/relaxed.json";

/// What `klaviyo_types::DateTime` and `FullDate` parse (exception 5); the
/// same patterns as the generated crate's `json_schema.rs`.
const DATE_TIME_PATTERN: &str =
    r"^[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt ][0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,9})?([Zz]|[+-][0-9]{2}(:?[0-9]{2})?)?$";
const DATE_PATTERN: &str = r"^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}$";

/// Keywords that constrain values rather than types (exception 6).
const VALIDATION_ONLY: &[&str] = &[
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "multipleOf",
    "minLength",
    "maxLength",
    "pattern",
    "minItems",
    "maxItems",
    "uniqueItems",
    "minProperties",
    "maxProperties",
];

/// Mutations per schema, at most: spread over its payload's nodes so that big
/// schemas do not dominate the run.
const MUTATIONS_PER_SCHEMA: usize = 48;

/// How many disagreements the failure message lists.
const SHOWN: usize = 30;

/// A string no Klaviyo enum lists.
const UNLISTED: &str = "zz-unlisted-value";

/// The spec the crate is generated from: `stable.json` with its overlay applied.
fn spec_document() -> Value {
    corpus::klaviyo_document()
}

/// OpenAPI 3.0 schema → JSON Schema 2020-12: `nullable: true` becomes
/// "`null`, or the rest of the schema"; `#/components/schemas/X` refs point
/// at `#/$defs/X`; `oneOf` becomes `anyOf` (exception 4). Everything else (examples, `x-` extensions, formats) is
/// left for the validator to ignore, as 2020-12 does by default.
fn to_2020_12(value: &Value) -> Value {
    match value {
        Value::Object(map) => {
            let mut out = Map::new();
            for (key, value) in map {
                if key == "nullable" && value == &Value::Bool(true) {
                    continue;
                }
                let value = match (key.as_str(), value) {
                    ("$ref", Value::String(target)) => {
                        Value::String(target.replacen("#/components/schemas/", "#/$defs/", 1))
                    }
                    _ => to_2020_12(value),
                };
                // Exception 4: `oneOf` is read as `anyOf` (see the module docs).
                let key = if key == "oneOf" { "anyOf".to_owned() } else { key.clone() };
                out.insert(key, value);
            }
            if map.get("nullable") == Some(&Value::Bool(true)) {
                json!({ "anyOf": [{ "type": "null" }, Value::Object(out)] })
            } else {
                Value::Object(out)
            }
        }
        Value::Array(items) => Value::Array(items.iter().map(to_2020_12).collect()),
        other => other.clone(),
    }
}

/// The source schemas with exceptions 1, 2, 3, 5 and 6 applied to every
/// schema object (4 is in [`to_2020_12`]). Works on the OpenAPI form, before
/// [`to_2020_12`], so `nullable` is still a flag to set.
fn relax(schemas: &Map<String, Value>) -> Map<String, Value> {
    schemas.iter().map(|(name, schema)| (name.clone(), relax_schema(schema, schemas))).collect()
}

fn relax_schema(schema: &Value, components: &Map<String, Value>) -> Value {
    let Value::Object(map) = schema else { return schema.clone() };
    let mut out = Map::new();
    for (key, value) in map {
        match key.as_str() {
            k if VALIDATION_ONLY.contains(&k) => {}
            // 1: only a single string value (a constant) stays strict.
            "enum" if !matches!(value.as_array().map(Vec::as_slice), Some([Value::String(_)])) => {}
            // 5: what the types parse.
            "format" if value == "date-time" => {
                out.insert("pattern".into(), json!(DATE_TIME_PATTERN));
            }
            "format" if value == "date" => {
                out.insert("pattern".into(), json!(DATE_PATTERN));
            }
            "properties" | "$defs" | "definitions" | "patternProperties" => {
                let relaxed = value
                    .as_object()
                    .map(|m| m.iter().map(|(k, v)| (k.clone(), relax_schema(v, components))).collect::<Map<_, _>>());
                out.insert(key.clone(), relaxed.map_or_else(|| value.clone(), Value::Object));
            }
            "allOf" | "anyOf" | "oneOf" | "prefixItems" => {
                let relaxed = value.as_array().map(|items| items.iter().map(|v| relax_schema(v, components)).collect());
                out.insert(key.clone(), relaxed.map_or_else(|| value.clone(), Value::Array));
            }
            "items" | "additionalProperties" | "not" | "if" | "then" | "else" => {
                out.insert(key.clone(), relax_schema(value, components));
            }
            _ => {
                out.insert(key.clone(), value.clone());
            }
        }
    }
    let required: Vec<String> = string_list(map.get("required"));
    if let Some(Value::Object(properties)) = out.get_mut("properties") {
        for (name, property) in properties.iter_mut() {
            // 2: an optional property may be `null`.
            if !required.contains(name) {
                if let Value::Object(property) = property {
                    property.insert("nullable".into(), json!(true));
                }
            }
        }
    }
    if map.contains_key("required") {
        // 3: a required nullable property may be absent.
        let properties = map.get("properties").and_then(Value::as_object);
        let absent_is_null = |p: &Value| nullable(p, components) && !free_form(p);
        let kept: Vec<&String> =
            required.iter().filter(|name| !properties.and_then(|p| p.get(*name)).is_some_and(absent_is_null)).collect();
        out.insert("required".into(), json!(kept));
    }
    // 1: a tagged union keeps any object whose tag is missing or unlisted.
    for union in ["oneOf", "anyOf"] {
        let Some(branches) = map.get(union).and_then(Value::as_array) else { continue };
        if let Some((tag, values)) = union_tag(branches, components) {
            let other = json!({
                "type": "object",
                "not": { "required": [tag], "properties": { tag: { "enum": values } } },
            });
            if let Some(Value::Array(relaxed)) = out.get_mut(union) {
                relaxed.push(other);
            }
        }
    }
    Value::Object(out)
}

fn string_list(value: Option<&Value>) -> Vec<String> {
    let items = value.and_then(Value::as_array).map(Vec::as_slice).unwrap_or_default();
    items.iter().filter_map(Value::as_str).map(str::to_owned).collect()
}

/// The component a `$ref` names, or the schema itself.
fn resolve<'a>(schema: &'a Value, components: &'a Map<String, Value>) -> &'a Value {
    let target = schema.get("$ref").and_then(Value::as_str).and_then(|r| r.strip_prefix("#/components/schemas/"));
    target.and_then(|name| components.get(name)).unwrap_or(schema)
}

fn nullable(schema: &Value, components: &Map<String, Value>) -> bool {
    schema.get("nullable") == Some(&json!(true)) || resolve(schema, components).get("nullable") == Some(&json!(true))
}

/// A schema that says nothing of the value's type (`{"nullable": true}`):
/// a `serde_json::Value`, which holds `null` itself and so is never an
/// `Option` (exception 3 does not apply).
fn free_form(schema: &Value) -> bool {
    let annotation = |key: &str| {
        ["description", "title", "nullable", "example", "examples", "default", "deprecated"].contains(&key)
            || key.starts_with("x-")
    };
    schema.as_object().is_some_and(|map| map.keys().all(|key| annotation(key)))
}

/// The tag of a union as the generator finds it (`graph::detect_tags`): a
/// required, non-nullable property, `type` first, that every branch fixes to
/// its own single value.
fn union_tag(branches: &[Value], components: &Map<String, Value>) -> Option<(String, Vec<String>)> {
    let objects: Vec<(&Map<String, Value>, Vec<String>)> = branches
        .iter()
        .map(|branch| {
            let branch = resolve(branch, components);
            Some((branch.get("properties")?.as_object()?, string_list(branch.get("required"))))
        })
        .collect::<Option<_>>()?;
    let mut candidates: Vec<&String> = objects.first()?.0.keys().collect();
    candidates.sort_by_key(|name| *name != "type");
    candidates.into_iter().find_map(|tag| {
        let values: Vec<String> = objects
            .iter()
            .map(|(properties, required)| {
                if !required.contains(tag) {
                    return None;
                }
                let property = properties.get(tag)?;
                if nullable(property, components) {
                    return None;
                }
                let property = resolve(property, components);
                match property.get("enum")?.as_array()?.as_slice() {
                    [Value::String(value)] => Some(value.clone()),
                    _ => None,
                }
            })
            .collect::<Option<_>>()?;
        let distinct = values.iter().enumerate().all(|(i, v)| !values[..i].contains(v));
        distinct.then(|| (tag.clone(), values))
    })
}

/// The judges of one schema.
struct Judges {
    schema: &'static str,
    schemas: boon::Schemas,
    source: boon::SchemaIndex,
    relaxed: boon::SchemaIndex,
    derived: boon::SchemaIndex,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Verdicts {
    source: bool,
    relaxed: bool,
    derived: bool,
    serde: bool,
}

const ALL_ACCEPT: Verdicts = Verdicts { source: true, relaxed: true, derived: true, serde: true };
const REJECTED: Verdicts = Verdicts { source: false, relaxed: false, derived: false, serde: false };

impl Verdicts {
    /// The types (derived schema and serde) and the relaxed source agree.
    fn agree(&self) -> bool {
        self.relaxed == self.derived && self.derived == self.serde
    }
}

impl Judges {
    fn verdicts(&self, payload: &Value) -> Verdicts {
        Verdicts {
            source: self.schemas.validate(payload, self.source).is_ok(),
            relaxed: self.schemas.validate(payload, self.relaxed).is_ok(),
            derived: self.schemas.validate(payload, self.derived).is_ok(),
            serde: dynamic::roundtrip(self.schema, payload.clone()).is_ok(),
        }
    }

    /// Why each schema rejects `payload` (for failure messages).
    fn errors(&self, payload: &Value) -> String {
        let error = |index| match self.schemas.validate(payload, index) {
            Ok(()) => "accepts".to_owned(),
            Err(error) => format!("{error:#}").lines().skip(1).take(3).collect::<Vec<_>>().join(" / "),
        };
        format!("relaxed: {}; derived: {}", error(self.relaxed), error(self.derived))
    }
}

/// One compiler for every schema: the source document is added once.
struct Court {
    compiler: boon::Compiler,
}

impl Court {
    fn new(document: &Value) -> Court {
        let schemas = document["components"]["schemas"].as_object().expect("components.schemas");
        let source = to_2020_12(&Value::Object(schemas.clone()));
        let relaxed = to_2020_12(&Value::Object(relax(&sparse_attributes_optional(document))));
        let mut compiler = boon::Compiler::new();
        compiler.set_default_draft(boon::Draft::V2020_12);
        compiler.add_resource(SOURCE_URL, json!({ "$defs": source })).expect("source resource");
        compiler.add_resource(RELAXED_URL, json!({ "$defs": relaxed })).expect("relaxed resource");
        Court { compiler }
    }

    fn judges(&mut self, schema: &'static str) -> Judges {
        let derived = dynamic::json_schema(schema).expect("every schema in SCHEMA_NAMES has a derived schema");
        let derived_url = format!("file:///klaviyo/derived/{schema}.json");
        self.compiler.add_resource(&derived_url, derived).expect("derived resource");
        let mut schemas = boon::Schemas::new();
        let mut compile = |url: &str| {
            self.compiler.compile(url, &mut schemas).unwrap_or_else(|e| panic!("{url} does not compile: {e}"))
        };
        let source = compile(&format!("{SOURCE_URL}#/$defs/{schema}"));
        let relaxed = compile(&format!("{RELAXED_URL}#/$defs/{schema}"));
        let derived = compile(&derived_url);
        Judges { schema, schemas, source, relaxed, derived }
    }
}

/// What a mutation did, for classifying disagreements.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Drop,
    Null,
    OtherType,
    Unlisted,
    Extra,
}

/// One change to one property of one object of a payload.
struct Mutation {
    kind: Kind,
    /// The JSON pointer of the object.
    object: String,
    /// The property changed (added, for [`Kind::Extra`]).
    key: String,
}

impl Mutation {
    /// The JSON pointer of the property.
    fn at(&self) -> String {
        format!("{}/{}", self.object, self.key.replace('~', "~0").replace('/', "~1"))
    }

    /// `payload` with the change made.
    fn apply(&self, payload: &Value) -> Value {
        let mut mutated = payload.clone();
        let Some(Value::Object(object)) = mutated.pointer_mut(&self.object) else { return mutated };
        let key = self.key.clone();
        match self.kind {
            Kind::Drop => {
                object.remove(&key);
            }
            Kind::Null => {
                object.insert(key, Value::Null);
            }
            Kind::OtherType => {
                let other = other_type(&object[&key]);
                object.insert(key, other);
            }
            Kind::Unlisted => {
                object.insert(key, json!(UNLISTED));
            }
            Kind::Extra => {
                object.insert(key, json!(1));
            }
        }
        mutated
    }
}

/// Every mutation of `payload`, one change each, in a stable order (only
/// the ones [`spread`] keeps are applied).
fn mutations(payload: &Value) -> Vec<Mutation> {
    let mut out = Vec::new();
    for pointer in object_pointers(payload, String::new()) {
        let Some(Value::Object(object)) = payload.pointer(&pointer) else { continue };
        let mut push =
            |kind: Kind, key: &str| out.push(Mutation { kind, object: pointer.clone(), key: key.to_owned() });
        push(Kind::Extra, "zz_extra");
        for (key, value) in object {
            push(Kind::Drop, key);
            if !value.is_null() {
                push(Kind::Null, key);
            }
            push(Kind::OtherType, key);
            if value.is_string() {
                push(Kind::Unlisted, key);
            }
        }
    }
    out
}

/// A value of another JSON type than `value`.
fn other_type(value: &Value) -> Value {
    match value {
        Value::String(_) => json!(42),
        Value::Number(_) | Value::Bool(_) | Value::Null => json!("zz-not-a-number"),
        Value::Array(_) => json!({ "zz": 1 }),
        Value::Object(_) => json!([1]),
    }
}

/// JSON pointers of every object in `value` (first array element only).
fn object_pointers(value: &Value, at: String) -> Vec<String> {
    let mut pointers = Vec::new();
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                let key = key.replace('~', "~0").replace('/', "~1");
                pointers.extend(object_pointers(child, format!("{at}/{key}")));
            }
            pointers.insert(0, at);
        }
        Value::Array(items) => {
            if let Some(first) = items.first() {
                pointers.extend(object_pointers(first, format!("{at}/0")));
            }
        }
        _ => {}
    }
    pointers
}

/// Every `n`th of `items` so that at most `limit` remain, in order.
fn spread<T>(items: Vec<T>, limit: usize) -> Vec<T> {
    let step = items.len().div_ceil(limit).max(1);
    items.into_iter().step_by(step).collect()
}

/// Exception 7: the component schemas with `required` dropped from the
/// attributes of every resource (an object whose `type` is a single value
/// `TYPE` and that has `attributes`) of a type some operation has a
/// `fields[TYPE]` parameter for, unless a request body reaches it: the
/// generator's rule (`graph::mark_sparse_fieldsets`), restated on the JSON.
fn sparse_attributes_optional(document: &Value) -> Map<String, Value> {
    let mut schemas = document["components"]["schemas"].as_object().expect("components.schemas").clone();
    let operations: Vec<&Value> = document["paths"]
        .as_object()
        .into_iter()
        .flat_map(|paths| paths.values())
        .filter_map(Value::as_object)
        .flat_map(|item| item.values())
        .collect();
    let fieldsets: Vec<&str> = operations
        .iter()
        .flat_map(|op| op["parameters"].as_array().into_iter().flatten())
        .filter_map(|p| p["name"].as_str()?.strip_prefix("fields[")?.strip_suffix(']'))
        .collect();
    let mut in_requests = Vec::new();
    for op in &operations {
        for content in op["requestBody"]["content"].as_object().into_iter().flat_map(|c| c.values()) {
            reached_components(&content["schema"], &schemas, &mut in_requests);
        }
    }
    let mut targets = Vec::new();
    for (name, schema) in &schemas {
        if !in_requests.contains(name) {
            let mut walk =
                Walk { schemas: &schemas, fieldsets: &fieldsets, in_requests: &in_requests, targets: &mut targets };
            walk.visit(schema, name, "");
        }
    }
    for (component, pointer) in targets {
        let Some(schema) = schemas.get_mut(&component).and_then(|s| s.pointer_mut(&pointer)) else { continue };
        if let Some(schema) = schema.as_object_mut() {
            schema.remove("required");
            for part in schema.get_mut("allOf").and_then(Value::as_array_mut).into_iter().flatten() {
                part.as_object_mut().map(|p| p.remove("required"));
            }
        }
    }
    schemas
}

/// The components a schema refers to, at any depth (names pushed to `out`).
fn reached_components(schema: &Value, schemas: &Map<String, Value>, out: &mut Vec<String>) {
    match schema {
        Value::Object(map) => {
            if let Some(name) =
                map.get("$ref").and_then(Value::as_str).and_then(|r| r.strip_prefix("#/components/schemas/"))
            {
                if !out.iter().any(|seen| seen == name) {
                    out.push(name.to_owned());
                    if let Some(target) = schemas.get(name) {
                        reached_components(target, schemas, out);
                    }
                }
            }
            map.values().for_each(|child| reached_components(child, schemas, out));
        }
        Value::Array(items) => items.iter().for_each(|child| reached_components(child, schemas, out)),
        _ => {}
    }
}

/// A walk through one component's inline schemas, collecting the attributes
/// schemas of sparse-fieldset resources as (component, pointer).
struct Walk<'a> {
    schemas: &'a Map<String, Value>,
    fieldsets: &'a [&'a str],
    in_requests: &'a [String],
    targets: &'a mut Vec<(String, String)>,
}

impl Walk<'_> {
    fn visit(&mut self, schema: &Value, component: &str, at: &str) {
        let Some(map) = schema.as_object() else { return };
        let tag = map.get("properties").and_then(|p| p.get("type")).map(|t| resolve(t, self.schemas));
        let tag = tag.and_then(|t| t.get("enum"));
        let sparse = matches!(tag.and_then(Value::as_array).map(Vec::as_slice), Some([Value::String(t)]) if self.fieldsets.contains(&t.as_str()));
        if let (true, Some(attributes)) = (sparse, map.get("properties").and_then(|p| p.get("attributes"))) {
            match attributes.get("$ref").and_then(Value::as_str).and_then(|r| r.strip_prefix("#/components/schemas/")) {
                Some(name) if !self.in_requests.iter().any(|n| n == name) => {
                    self.targets.push((name.to_owned(), String::new()))
                }
                Some(_) => {}
                None => self.targets.push((component.to_owned(), format!("{at}/properties/attributes"))),
            }
        }
        for (key, value) in map {
            match key.as_str() {
                "properties" => {
                    for (name, child) in value.as_object().into_iter().flatten() {
                        self.visit(child, component, &format!("{at}/properties/{name}"));
                    }
                }
                "allOf" | "anyOf" | "oneOf" => {
                    for (index, child) in value.as_array().into_iter().flatten().enumerate() {
                        self.visit(child, component, &format!("{at}/{key}/{index}"));
                    }
                }
                "items" | "additionalProperties" => self.visit(value, component, &format!("{at}/{key}")),
                _ => {}
            }
        }
    }
}

#[test]
fn derived_schemas_accept_what_the_source_schemas_describe() {
    let started = Instant::now();
    let document = spec_document();
    let spec = Spec::from_document(&document);
    let mut court = Court::new(&document);

    let (mut payloads, mut mutated, mut strict_differs) = (0, 0, 0);
    let mut failures: Vec<String> = Vec::new();
    let names: Vec<&'static str> =
        dynamic::SCHEMA_NAMES.iter().copied().filter(|name| spec.schema(name).is_some()).collect();
    for &schema in &names {
        let judges = court.judges(schema);
        let corpus = spec.payloads(schema);
        for (variant, payload) in &corpus {
            payloads += 1;
            let verdicts = judges.verdicts(payload);
            if verdicts != ALL_ACCEPT {
                let why = judges.errors(payload);
                failures.push(format!("{schema} [{variant}] corpus payload: {verdicts:?}; {why}"));
            }
        }

        let full = corpus.iter().find(|(v, _)| *v == Variant { shape: Shape::Full, index: 0 });
        let Some((_, payload)) = full else { continue };
        for mutation in spread(mutations(payload), MUTATIONS_PER_SCHEMA) {
            mutated += 1;
            let changed = mutation.apply(payload);
            let verdicts = judges.verdicts(&changed);
            strict_differs += usize::from(verdicts.source != verdicts.derived);
            if !verdicts.agree() {
                let why = judges.errors(&changed);
                failures.push(format!("{schema} {:?} at {}: {verdicts:?}; {why}", mutation.kind, mutation.at()));
            }
        }
    }
    println!(
        "schemars proof: {} schemas, {payloads} corpus payloads, {mutated} mutations in {:.1?}; \
         the strict source differs from the types on {strict_differs} mutations (exceptions 1-7)",
        names.len(),
        started.elapsed()
    );
    assert!(names.len() > 1000, "the spec's schemas are generated: {}", names.len());
    let shown = if std::env::var_os("PROOF_ALL").is_some() { failures.len() } else { SHOWN };
    assert!(
        failures.is_empty(),
        "{} disagreements (PROOF_ALL=1 lists all):\n{}",
        failures.len(),
        failures.iter().take(shown).cloned().collect::<Vec<_>>().join("\n")
    );
}

/// The exceptions are real and each is granted only where it applies: the
/// three judges on hand-picked payloads.
#[test]
fn the_documented_exceptions_hold_and_nothing_more() {
    let document = spec_document();
    let spec = Spec::from_document(&document);
    let mut court = Court::new(&document);
    let full = Variant { shape: Shape::Full, index: 0 };

    // 1. An unlisted campaign status: the source rejects it, the type keeps it.
    let judges = court.judges("GetCampaignResponse");
    let mut payload = spec.payload("GetCampaignResponse", full);
    payload["data"]["attributes"]["status"] = json!(UNLISTED);
    assert_eq!(judges.verdicts(&payload), Verdicts { source: false, relaxed: true, derived: true, serde: true });
    // ... but the JSON:API `type` tag is a constant: all three reject a wrong one.
    let mut payload = spec.payload("GetCampaignResponse", full);
    payload["data"]["type"] = json!("not-a-campaign");
    assert_eq!(judges.verdicts(&payload), REJECTED);
    // A number where a string belongs: rejected by all three.
    let mut payload = spec.payload("GetCampaignResponse", full);
    payload["data"]["attributes"]["name"] = json!(7);
    assert_eq!(judges.verdicts(&payload), REJECTED);

    // Tristate: `null` is a value of an optional nullable property for everyone.
    let judges = court.judges("ProfilePartialUpdateQuery");
    let mut payload = spec.payload("ProfilePartialUpdateQuery", full);
    payload["data"]["attributes"]["phone_number"] = Value::Null;
    assert_eq!(judges.verdicts(&payload), ALL_ACCEPT);
    // A required property missing: rejected by all three.
    let mut payload = spec.payload("ProfilePartialUpdateQuery", full);
    payload["data"].as_object_mut().unwrap().remove("id");
    assert_eq!(judges.verdicts(&payload), REJECTED);
}

/// What the derived schemas say, on types whose serde impls are hand-made.
#[test]
fn derived_schemas_of_hand_written_serde_impls() {
    // An open enum: listed values, or any string.
    let status = dynamic::json_schema("CampaignResponseObjectResource").expect("known");
    let text = status.to_string();
    assert!(text.contains(r#""enum":["#), "{text}");
    // A date-time: a pattern that admits the offset-less form, no `format`.
    assert!(text.contains(r#""pattern":"^[0-9]{4}-"#), "{text}");
    // Unknown names have no schema.
    assert_eq!(dynamic::json_schema("NoSuchSchema"), None);
}
