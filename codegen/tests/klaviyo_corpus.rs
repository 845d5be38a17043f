//! The payload corpus: schema-valid payloads synthesized for every component
//! schema of the Klaviyo spec (every shape: all properties, required only,
//! nullable values `null`; every union branch; examples, enums and formats),
//! each round-tripped through `klaviyo_types::dynamic`. The JSON that comes
//! back must equal the payload as a JSON value, date-time text included.
//!
//! Plus targeted checks of the typed API: an enum value the schema does not
//! list survives a response round trip, and a PATCH body built with the three
//! `Tristate` states serializes to exactly absent / `null` / value.

mod corpus;

use std::time::Instant;

use corpus::{excerpt, first_difference, Shape, Spec, Variant};
use klaviyo_types::dynamic;
use serde_json::{json, Value};

/// How many failures the summary lists.
const SHOWN: usize = 40;

/// Payloads of the spec the crate is generated from: with its overlay applied.
fn spec() -> Spec {
    Spec::from_document(&corpus::klaviyo_document())
}

/// A payload that did not come back as it went in.
struct Failure {
    schema: &'static str,
    variant: Variant,
    what: String,
}

/// Round-trip one payload; the failure, if any.
fn check(schema: &'static str, variant: Variant, payload: &Value) -> Option<Failure> {
    let what = match dynamic::roundtrip(schema, payload.clone()) {
        Err(error) => error.to_string(),
        Ok(back) => first_difference(payload, &back)?,
    };
    Some(Failure { schema, variant, what })
}

/// One line per failing schema (its first failure and how many more), at
/// most `SHOWN` lines, so one bug does not crowd out the others; and the
/// number of failing schemas. Failures of a schema are consecutive.
fn summarize(failures: &[&Failure]) -> (String, usize) {
    let mut summary = String::new();
    let mut schemas = 0;
    for (i, failure) in failures.iter().enumerate() {
        if i > 0 && failures[i - 1].schema == failure.schema {
            continue;
        }
        schemas += 1;
        if schemas <= SHOWN {
            let same = failures[i..].iter().take_while(|f| f.schema == failure.schema).count();
            let more = if same > 1 { format!(" (+{} more payloads)", same - 1) } else { String::new() };
            summary.push_str(&format!("\n  {} [{}]: {}{more}", failure.schema, failure.variant, failure.what));
        }
    }
    if schemas > SHOWN {
        summary.push_str(&format!("\n  … and {} more schemas", schemas - SHOWN));
    }
    (summary, schemas)
}

#[test]
fn every_schema_round_trips_its_payload_corpus() {
    let started = Instant::now();
    let spec = spec();
    // Schemas the crate was generated without (e.g. a feature left out) are
    // not checked; say so rather than pass quietly.
    let without_type: Vec<&str> = spec.names().filter(|name| !dynamic::SCHEMA_NAMES.contains(name)).collect();
    if !without_type.is_empty() {
        println!("{} component schemas have no type in `dynamic`: {without_type:?}", without_type.len());
    }

    let mut schemas = 0;
    let mut payloads = 0;
    let mut failures = Vec::new();
    for &schema in dynamic::SCHEMA_NAMES.iter().filter(|name| spec.schema(name).is_some()) {
        schemas += 1;
        for (variant, payload) in spec.payloads(schema) {
            payloads += 1;
            failures.extend(check(schema, variant, &payload));
        }
    }
    println!("payload corpus: {payloads} payloads of {schemas} schemas checked in {:.1?}", started.elapsed());

    if std::env::var_os("CORPUS_ALL_FAILURES").is_some() {
        for failure in &failures {
            println!("{} [{}]: {}", failure.schema, failure.variant, failure.what);
        }
    }
    let failures: Vec<&Failure> = failures.iter().collect();
    let (summary, failing_schemas) = summarize(&failures);
    assert!(
        failures.is_empty(),
        "{} of {payloads} payloads ({failing_schemas} schemas) do not round-trip \
         (CORPUS_ALL_FAILURES=1 prints every one):{summary}",
        failures.len()
    );
}

/// The corpus itself: schema-valid, and covering what it claims to cover.
#[test]
fn the_synthesizer_covers_shapes_branches_and_date_time_forms() {
    let spec = spec();
    let full = Variant { shape: Shape::Full, index: 0 };

    // Minimal: required properties only; nulls: nullable values are `null`.
    let minimal =
        spec.payload("CatalogVariantCreateJobResponseObjectResource", Variant { shape: Shape::Minimal, index: 0 });
    assert!(minimal.get("relationships").is_none() && minimal["attributes"].get("completed_count").is_none());
    let nulls =
        spec.payload("CatalogVariantCreateJobResponseObjectResource", Variant { shape: Shape::Nulls, index: 0 });
    assert_eq!(nulls["attributes"]["completed_count"], Value::Null);
    assert!(nulls["attributes"]["total_count"].is_i64(), "required and not nullable: a value");

    // `allOf` members are merged, nested objects included.
    let profile = spec.payload("GetProfileResponse", full);
    let attributes = &profile["data"]["attributes"];
    assert!(attributes.get("email").is_some() && attributes.get("subscriptions").is_some(), "{profile}");

    // Every branch of a union is used by some variant.
    let payloads = spec.payloads("ProfileOperationUpdateOrCreateDate");
    let values: Vec<&Value> = payloads.iter().map(|(_, p)| &p["property_value"]).collect();
    assert!(values.contains(&&json!("today")) && values.contains(&&json!("2022-11-08")), "{values:?}");

    // Date-times come in each accepted form.
    let forms: Vec<String> = spec
        .payloads("CatalogVariantCreateJobResponseObjectResource")
        .iter()
        .filter_map(|(_, p)| p["attributes"]["created_at"].as_str().map(str::to_owned))
        .collect();
    for form in ["2022-11-08T00:00:00+00:00", "2022-11-08T00:00:00Z", "2022-11-08T00:00:00"] {
        assert!(forms.iter().any(|f| f == form), "{form} not in {forms:?}");
    }
}

#[test]
fn the_comparison_is_exact_json() {
    let a = json!({ "at": "2022-11-08T00:00:00+00:00", "n": 1 });
    assert_eq!(first_difference(&a, &a.clone()), None);
    // The same instant in other text is a difference: date-times come back as written.
    let zulu = first_difference(&a, &json!({ "at": "2022-11-08T00:00:00Z", "n": 1 }));
    assert!(zulu.is_some_and(|d| d.starts_with("at: ")));
    let float = first_difference(&a, &json!({ "at": "2022-11-08T00:00:00+00:00", "n": 1.0 }));
    assert!(float.is_some_and(|d| d.starts_with("n: ")), "integers must stay integers");
    let dropped = first_difference(&json!({ "x": [{ "y": null }] }), &json!({ "x": [{}] }));
    assert_eq!(dropped.as_deref(), Some("x[0].y: expected null, got no property"));
}

/// A response carrying a status this revision of the schema does not list
/// deserializes (into `Other`) and serializes back unchanged.
#[test]
fn unknown_enum_value_in_a_response_round_trips_unchanged() {
    use klaviyo_types::{CampaignResponseObjectResourceAttributesStatus as Status, GetCampaignResponse};

    let spec = spec();
    let mut payload = spec.payload("GetCampaignResponse", Variant { shape: Shape::Full, index: 0 });
    let listed = payload["data"]["attributes"]["status"].clone();
    assert!(listed.is_string(), "the full payload has a status: {}", excerpt(&payload));
    payload["data"]["attributes"]["status"] = json!("Paused: Awaiting Review");

    let back = dynamic::roundtrip("GetCampaignResponse", payload.clone()).expect("an unknown status is accepted");
    assert_eq!(back["data"]["attributes"]["status"], json!("Paused: Awaiting Review"));
    assert_eq!(first_difference(&payload, &back), None);

    let typed: GetCampaignResponse = klaviyo_types::from_value(payload).expect("typed decode");
    let status = typed.data.expect("data").attributes.status.expect("a status was sent");
    assert_eq!(status, Status::Other("Paused: Awaiting Review".to_owned()));
    assert_eq!(status.as_str(), "Paused: Awaiting Review");
    // A listed value still lands in its own variant.
    assert!(!matches!(Status::from(listed.as_str().unwrap()), Status::Other(_)));
}

/// A PATCH body built in Rust: `Absent` leaves a property out, `Null` sends
/// `null` (clear it), `Value` sends the value (set it), at every level.
#[test]
fn patch_body_built_with_tristate_sends_absent_null_and_value() {
    use klaviyo_types::{
        ProfileEnum, ProfileLocation, ProfileLocationLatitude, ProfilePartialUpdateQuery,
        ProfilePartialUpdateQueryResourceObject, ProfilePartialUpdateQueryResourceObjectAttributes, Tristate,
    };

    let location = ProfileLocation {
        address1: Tristate::Value("89 E 42nd St".to_owned()),
        address2: Tristate::Null,
        city: Tristate::Absent,
        country: Tristate::Absent,
        latitude: Tristate::Value(ProfileLocationLatitude::Number(40.7128.into())),
        longitude: Tristate::Null,
        region: Tristate::Absent,
        zip: Tristate::Absent,
        timezone: Tristate::Absent,
        ip: Tristate::Absent,
        extra: Default::default(),
    };
    let body = ProfilePartialUpdateQuery {
        data: ProfilePartialUpdateQueryResourceObject {
            type_: ProfileEnum,
            id: "01GDDKASAP8TKDDA2GRZDSVP4H".to_owned(),
            attributes: ProfilePartialUpdateQueryResourceObjectAttributes {
                email: Tristate::Value("sarah.mason@klaviyo-demo.com".to_owned()),
                phone_number: Tristate::Null,
                external_id: Tristate::Absent,
                first_name: Tristate::Value("Sarah".to_owned()),
                last_name: Tristate::Absent,
                organization: Tristate::from(None),
                locale: Tristate::Absent,
                title: Tristate::Absent,
                image: Tristate::Absent,
                location: Tristate::Value(location),
                properties: Tristate::Null,
                extra: Default::default(),
            },
            meta: Tristate::Absent,
            extra: Default::default(),
        },
        extra: Default::default(),
    };

    let sent = serde_json::to_value(&body).expect("serializes");
    let expected = json!({
        "data": {
            "type": "profile",
            "id": "01GDDKASAP8TKDDA2GRZDSVP4H",
            "attributes": {
                "email": "sarah.mason@klaviyo-demo.com",
                "phone_number": null,
                "first_name": "Sarah",
                "organization": null,
                "location": { "address1": "89 E 42nd St", "address2": null, "latitude": 40.7128, "longitude": null },
                "properties": null
            }
        }
    });
    assert_eq!(sent, expected);
    // Key order is the struct's order, which is the schema's.
    let attributes: Vec<&String> = sent["data"]["attributes"].as_object().unwrap().keys().collect();
    assert_eq!(attributes, ["email", "phone_number", "first_name", "organization", "location", "properties"]);

    // And the three states come back as they were sent.
    let decoded: ProfilePartialUpdateQuery = klaviyo_types::from_value(sent.clone()).expect("decodes");
    assert_eq!(decoded, body);
    let attributes = &decoded.data.attributes;
    assert!(attributes.external_id.is_absent() && attributes.phone_number.is_null());
    assert_eq!(attributes.email, Tristate::Value("sarah.mason@klaviyo-demo.com".to_owned()));
    assert_eq!(dynamic::roundtrip("ProfilePartialUpdateQuery", sent.clone()).expect("round trip"), sent);
}
