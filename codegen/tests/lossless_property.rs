//! Property: a round trip through the generated types never changes data.
//!
//! Random payloads (the corpus synthesizer's, `tests/corpus`, for random
//! schemas of the Klaviyo spec and random variants) get random undeclared
//! members at random depths, random `null`s and numbers rewritten in another
//! form (an integer as `n.0`, a float as a different decimal); then
//! `dynamic::roundtrip` must either reject the payload or give back exactly
//! the same JSON value. A payload whose only change is undeclared members
//! that copy a sibling's value (so they also fit a typed map's value type)
//! must always be accepted and come back whole: no Klaviyo struct is closed.

#[allow(dead_code)] // the corpus module serves several tests; this one uses part of it
mod corpus;

use std::sync::OnceLock;

use corpus::{excerpt, first_difference, Spec, Variant};
use klaviyo_types::dynamic;
use proptest::prelude::*;
use serde_json::{json, Value};

const SPEC: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../schemas/klaviyo/2026-07-15/stable.json");

/// The spec's schemas that have a generated type, and their corpus payloads.
fn payloads() -> &'static [(&'static str, Variant, Value)] {
    static PAYLOADS: OnceLock<Vec<(&'static str, Variant, Value)>> = OnceLock::new();
    PAYLOADS.get_or_init(|| {
        let text = std::fs::read_to_string(SPEC).unwrap_or_else(|e| panic!("reading {SPEC}: {e}"));
        let spec = Spec::from_document(&serde_json::from_str(&text).expect("the spec is JSON"));
        dynamic::SCHEMA_NAMES
            .iter()
            .filter(|name| spec.schema(name).is_some())
            .flat_map(|name| spec.payloads(name).into_iter().map(move |(variant, payload)| (*name, variant, payload)))
            .collect()
    })
}

/// One change to a payload, applied at the `at`-th object or value (modulo
/// how many there are), so shrinking keeps it meaningful.
#[derive(Debug, Clone)]
enum Mutation {
    /// A member no schema declares, with this value.
    Undeclared { at: usize, value: Value },
    /// A member no schema declares, with the value of the object's first member.
    Copy { at: usize },
    /// A member's value replaced by `null`.
    Null { at: usize },
    /// A number written in another form.
    Renumber { at: usize, as_float: bool, replacement: f64 },
}

fn undeclared_value() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<i64>().prop_map(Value::from),
        (-1e6f64..1e6).prop_map(|f| json!(f)),
        "[a-z]{0,8}".prop_map(Value::from),
        Just(json!({ "nested": [1, 2.5, null, { "deep": "x" }] })),
    ]
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<usize>(), undeclared_value()).prop_map(|(at, value)| Mutation::Undeclared { at, value }),
        any::<usize>().prop_map(|at| Mutation::Copy { at }),
        any::<usize>().prop_map(|at| Mutation::Null { at }),
        (any::<usize>(), any::<bool>(), -1e9f64..1e9).prop_map(|(at, as_float, replacement)| Mutation::Renumber {
            at,
            as_float,
            replacement
        }),
    ]
}

/// JSON pointers of every object (`objects`) or every non-container value
/// under an object member (`members`) in `value`.
fn locations(value: &Value, at: String, objects: &mut Vec<String>, members: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            objects.push(at.clone());
            for (key, child) in map {
                let here = format!("{at}/{}", key.replace('~', "~0").replace('/', "~1"));
                if !child.is_object() && !child.is_array() {
                    members.push(here.clone());
                }
                locations(child, here, objects, members);
            }
        }
        Value::Array(items) => {
            for (index, child) in items.iter().enumerate() {
                locations(child, format!("{at}/{index}"), objects, members);
            }
        }
        _ => {}
    }
}

/// Apply a mutation; `false` when the payload has no place for it.
fn apply(payload: &mut Value, mutation: &Mutation, counter: usize) -> bool {
    let (mut objects, mut members) = (Vec::new(), Vec::new());
    locations(payload, String::new(), &mut objects, &mut members);
    match mutation {
        Mutation::Undeclared { at, value } => {
            let Some(pointer) = objects.get(at % objects.len().max(1)) else { return false };
            let Some(Value::Object(object)) = payload.pointer_mut(pointer) else { return false };
            object.insert(format!("zz_undeclared_{counter}"), value.clone());
        }
        Mutation::Copy { at } => {
            let Some(pointer) = objects.get(at % objects.len().max(1)) else { return false };
            let Some(Value::Object(object)) = payload.pointer_mut(pointer) else { return false };
            let Some(first) = object.values().next().cloned() else { return false };
            object.insert(format!("zz_undeclared_{counter}"), first);
        }
        Mutation::Null { at } => {
            let Some(pointer) = members.get(at % members.len().max(1)) else { return false };
            *payload.pointer_mut(pointer).expect("a located member") = Value::Null;
        }
        Mutation::Renumber { at, as_float, replacement } => {
            let numbers: Vec<&String> =
                members.iter().filter(|p| payload.pointer(p).is_some_and(Value::is_number)).collect();
            let Some(pointer) = numbers.get(at % numbers.len().max(1)) else { return false };
            let slot = payload.pointer_mut(pointer).expect("a located number");
            *slot = match (slot.as_i64(), as_float) {
                // `25` → `25.0`: another JSON value (a float), which a `Number` keeps.
                (Some(n), true) => json!(n as f64),
                _ => json!(replacement),
            };
        }
    }
    true
}

/// Whether every change is an undeclared member copying a sibling: such a
/// payload must be accepted.
fn copies_only(mutations: &[Mutation]) -> bool {
    mutations.iter().all(|m| matches!(m, Mutation::Copy { .. }))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2_000, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn a_round_trip_never_changes_data(pick in any::<usize>(), mutations in prop::collection::vec(mutation(), 1..5)) {
        let all = payloads();
        let (schema, variant, original) = &all[pick % all.len()];
        let mut payload = original.clone();
        let applied = mutations.iter().enumerate().filter(|(i, m)| apply(&mut payload, m, *i)).count();
        prop_assume!(applied > 0);
        match dynamic::roundtrip(schema, payload.clone()) {
            Ok(back) => {
                if let Some(difference) = first_difference(&payload, &back) {
                    prop_assert!(false, "{schema} [{variant}] {mutations:?}: {difference}\n sent {}", excerpt(&payload));
                }
            }
            Err(error) => prop_assert!(
                !copies_only(&mutations),
                "{schema} [{variant}]: undeclared members refused: {error}\n sent {}",
                excerpt(&payload)
            ),
        }
    }
}
