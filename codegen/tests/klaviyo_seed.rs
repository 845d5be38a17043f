//! Round trips and rejections on the checked-in `klaviyo-types` crate, with
//! payloads shaped like the seed documents (bulk create job resources and the
//! collection responses of the two seed endpoints).

use klaviyo_types::{
    CatalogItemCreateJobResponseObjectResource, CatalogVariantCreateJobResponseObjectResource,
    CatalogVariantCreateJobResponseObjectResourceAttributesStatus as Status,
    CouponCodeCreateJobResponseObjectResource, GetCatalogVariantCreateJobResponseCollectionCompoundDocument,
    Tristate,
};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{json, Value};

/// Deserialize into `T`, serialize back, and require the same JSON value.
fn round_trip<T: DeserializeOwned + Serialize>(payload: Value) -> T {
    let typed: T = serde_json::from_value(payload.clone()).expect("payload deserializes");
    let back = serde_json::to_value(&typed).expect("value serializes");
    assert_eq!(back, payload, "re-serialized JSON differs from the payload");
    typed
}

/// A job resource with every optional field present, for a relationship name
/// and resource type.
fn full_job(job_type: &str, relationship: &str, related_type: &str) -> Value {
    json!({
        "type": job_type,
        "id": "01GMRWDSA0ARTAKE1SFX8JGXAY",
        "attributes": {
            "status": "processing",
            "created_at": "2022-11-08T00:00:00+00:00",
            "total_count": 10,
            "completed_count": 9,
            "failed_count": 1,
            "completed_at": "2022-11-08T00:10:00.123456Z",
            "errors": [{
                "id": "e4eebb08-b055-4a6f-bb13-c8cb69c9eb94",
                "code": "invalid",
                "title": "Invalid input",
                "detail": "The payload provided in the request is invalid.",
                "source": { "pointer": "/data" }
            }],
            "expires_at": "2022-11-15T00:00:00"
        },
        "relationships": {
            relationship: {
                "data": [{ "type": related_type, "id": "$custom:::$default:::SAMPLE-DATA-ITEM-1" }],
                "links": {
                    "self": "https://a.klaviyo.com/api/jobs/1/relationships/x",
                    "related": "https://a.klaviyo.com/api/jobs/1/x"
                }
            }
        },
        "links": { "self": "https://a.klaviyo.com/api/jobs/1" }
    })
}

/// The same resource with every nullable field `null` and no optional field.
fn null_job(job_type: &str) -> Value {
    json!({
        "type": job_type,
        "id": "01GMRWDSA0ARTAKE1SFX8JGXAY",
        "attributes": {
            "status": "queued",
            "created_at": "2022-11-08T00:00:00Z",
            "total_count": 0,
            "completed_count": null,
            "failed_count": null,
            "completed_at": null,
            "errors": null,
            "expires_at": null
        },
        "links": { "self": "https://a.klaviyo.com/api/jobs/1" }
    })
}

#[test]
fn catalog_variant_job_round_trips_full_and_null() {
    let full: CatalogVariantCreateJobResponseObjectResource =
        round_trip(full_job("catalog-variant-bulk-create-job", "variants", "catalog-variant"));
    assert_eq!(full.attributes.status, Status::Processing);
    assert_eq!(full.attributes.completed_count, Tristate::Value(9));
    let nulls: CatalogVariantCreateJobResponseObjectResource = round_trip(null_job("catalog-variant-bulk-create-job"));
    assert!(nulls.attributes.completed_at.is_null());
    assert!(nulls.relationships.is_none());
}

#[test]
fn catalog_item_job_round_trips_full_and_null() {
    round_trip::<CatalogItemCreateJobResponseObjectResource>(full_job(
        "catalog-item-bulk-create-job",
        "items",
        "catalog-item",
    ));
    round_trip::<CatalogItemCreateJobResponseObjectResource>(null_job("catalog-item-bulk-create-job"));
}

#[test]
fn coupon_code_job_round_trips_full_and_null() {
    round_trip::<CouponCodeCreateJobResponseObjectResource>(full_job(
        "coupon-code-bulk-create-job",
        "coupon-codes",
        "coupon-code",
    ));
    round_trip::<CouponCodeCreateJobResponseObjectResource>(null_job("coupon-code-bulk-create-job"));
}

#[test]
fn absent_nullable_fields_stay_absent() {
    let mut payload = null_job("catalog-variant-bulk-create-job");
    let attributes = payload["attributes"].as_object_mut().unwrap();
    for key in ["completed_count", "failed_count", "completed_at", "errors", "expires_at"] {
        attributes.remove(key);
    }
    let job: CatalogVariantCreateJobResponseObjectResource = round_trip(payload);
    assert!(job.attributes.completed_count.is_absent());
    // The schema's `default: 0` applies to an absent property, through the accessor.
    assert_eq!(job.attributes.completed_count_or_default(), Some(0));
}

#[test]
fn defaults_do_not_replace_null_or_values() {
    let nulls: CatalogVariantCreateJobResponseObjectResource = round_trip(null_job("catalog-variant-bulk-create-job"));
    assert_eq!(nulls.attributes.completed_count_or_default(), None);
    let full: CatalogVariantCreateJobResponseObjectResource =
        round_trip(full_job("catalog-variant-bulk-create-job", "variants", "catalog-variant"));
    assert_eq!(full.attributes.completed_count_or_default(), Some(9));
}

#[test]
fn the_type_tag_is_strict() {
    let wrong = full_job("catalog-item-bulk-create-job", "variants", "catalog-variant");
    let error = serde_json::from_value::<CatalogVariantCreateJobResponseObjectResource>(wrong).unwrap_err();
    assert!(error.to_string().contains("catalog-variant-bulk-create-job"), "{error}");
}

#[test]
fn an_unlisted_status_is_kept() {
    let mut payload = full_job("catalog-variant-bulk-create-job", "variants", "catalog-variant");
    payload["attributes"]["status"] = json!("paused-for-review");
    let job: CatalogVariantCreateJobResponseObjectResource = round_trip(payload);
    assert_eq!(job.attributes.status, Status::Other("paused-for-review".into()));
}

#[test]
fn collection_response_round_trips() {
    let page = json!({
        "data": [
            full_job("catalog-variant-bulk-create-job", "variants", "catalog-variant"),
            null_job("catalog-variant-bulk-create-job")
        ],
        "links": {
            "self": "https://a.klaviyo.com/api/catalog-variant-bulk-create-jobs",
            "next": "https://a.klaviyo.com/api/catalog-variant-bulk-create-jobs?page%5Bcursor%5D=abc"
        }
    });
    let typed: GetCatalogVariantCreateJobResponseCollectionCompoundDocument = round_trip(page);
    assert_eq!(typed.data.len(), 2);
}

/// The sample response of seed 003 ("Get Create Variants Jobs"), copied from
/// `shared/seeds/003_b6ecc2b3dfc8c392.txt` as published: its `errors` entries
/// are objects where the schema requires strings.
fn seed_003_sample() -> String {
    include_str!("fixtures/seed_003_sample_response.json").to_owned()
}

#[test]
fn seed_003_sample_response_is_rejected_with_the_path_of_the_field() {
    let sample = seed_003_sample();
    let plain = serde_json::from_str::<GetCatalogVariantCreateJobResponseCollectionCompoundDocument>(&sample);
    assert!(plain.unwrap_err().is_data(), "a schema mismatch, not a syntax error");

    let error = klaviyo_types::from_str::<GetCatalogVariantCreateJobResponseCollectionCompoundDocument>(&sample)
        .unwrap_err();
    assert_eq!(error.path(), "data[0].attributes.errors[0].id");
    assert!(error.to_string().starts_with("data[0].attributes.errors[0].id: invalid type: map, expected a string"));
}
