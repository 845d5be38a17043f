//! Real Klaviyo bodies: the request and response bodies others published
//! (`../shared/klaviyo-real/cases.jsonl`, most recorded from the live API; see
//! its README), read at test time, never copied into the repository.
//!
//! Each body must deserialize into the type of its schema and serialize back
//! to the same JSON value: undeclared members, `null`s, number and date-time
//! text included. The hand-written mocks (`captured: false`) may instead be
//! rejected where they leave out a required member, with an error that names
//! the member's path.

#[allow(dead_code)] // the corpus module serves several tests; this one uses its comparison
mod corpus;

use corpus::first_difference;
use klaviyo_types::dynamic;
use serde_json::Value;

const CASES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/klaviyo-real/cases.jsonl");

struct Case {
    id: String,
    schema: String,
    captured: Option<bool>,
    payload: Value,
}

fn cases() -> Vec<Case> {
    let text = std::fs::read_to_string(CASES).unwrap_or_else(|e| panic!("reading {CASES}: {e}"));
    text.lines()
        .filter(|line| !line.trim().is_empty())
        .map(|line| {
            let mut case: Value = serde_json::from_str(line).expect("each line of cases.jsonl is JSON");
            let field =
                |name: &str| case[name].as_str().unwrap_or_else(|| panic!("a case without `{name}`")).to_owned();
            Case {
                id: field("id"),
                schema: field("schema"),
                captured: case["captured"].as_bool(),
                payload: case["payload"].take(),
            }
        })
        .collect()
}

#[test]
fn every_real_body_round_trips_to_the_same_json() {
    let cases = cases();
    assert_eq!(cases.len(), 40, "cases.jsonl changed: review this test's expectations");
    let mut failures = Vec::new();
    let mut rejected_mocks = Vec::new();
    for case in &cases {
        match dynamic::roundtrip(&case.schema, case.payload.clone()) {
            Ok(back) => {
                if let Some(difference) = first_difference(&case.payload, &back) {
                    failures.push(format!("{} ({}): {difference}", case.id, case.schema));
                }
            }
            Err(dynamic::Error::Decode(error))
                if case.captured == Some(false)
                    && error.to_string().contains("missing field")
                    && !error.path().is_empty() =>
            {
                rejected_mocks.push(format!("{}: {error}", case.id));
            }
            Err(error) => failures.push(format!("{} ({}): {error}", case.id, case.schema)),
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} real bodies do not round-trip:\n  {}",
        failures.len(),
        cases.len(),
        failures.join("\n  ")
    );
    // Printed for the record (`cargo test -- --nocapture`): which mocks leave out a required member.
    for mock in rejected_mocks {
        println!("mock rejected as allowed: {mock}");
    }
}
