//! Round trips and rejections on the checked-in `klaviyo-types` crate, with
//! payloads shaped like the seed documents (bulk create job resources and the
//! collection responses of the two seed endpoints).

use klaviyo_types::{
    CatalogItemCreateJobResponseObjectResource, CatalogVariantCreateJobResponseObjectResource,
    CatalogVariantCreateJobResponseObjectResourceAttributesStatus as Status, CouponCodeCreateJobResponseObjectResource,
    GetCatalogVariantCreateJobResponseCollectionCompoundDocument, Tristate,
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
    assert_eq!(full.attributes.status, Some(Status::Processing));
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
}

/// A page requested with `fields[catalog-variant-bulk-create-job]=status,created_at`:
/// only those attributes come back. Every subset of the fieldset decodes; an
/// attribute that was not asked for is absent (`None` / `Tristate::Absent`),
/// never a default (the attributes have no `_or_default` accessors).
#[test]
fn every_sparse_fieldset_subset_decodes() {
    let full = full_job("catalog-variant-bulk-create-job", "variants", "catalog-variant");
    let names: Vec<String> = full["attributes"].as_object().unwrap().keys().cloned().collect();
    for mask in 0..1u32 << names.len() {
        let mut job = full.clone();
        let attributes = job["attributes"].as_object_mut().unwrap();
        for (bit, name) in names.iter().enumerate() {
            if mask & (1 << bit) == 0 {
                attributes.remove(name);
            }
        }
        let page = json!({ "data": [job], "links": { "self": "https://a.klaviyo.com/api/x", "next": null } });
        let typed: GetCatalogVariantCreateJobResponseCollectionCompoundDocument = round_trip(page);
        let attributes = &typed.data[0].attributes;
        assert_eq!(attributes.status.is_some(), mask & 1 != 0, "status, mask {mask:b}");
        assert_eq!(attributes.total_count.is_some(), mask & 0b100 != 0, "total_count, mask {mask:b}");
        assert_eq!(attributes.completed_count.is_absent(), mask & 0b1000 == 0, "completed_count, mask {mask:b}");
    }
    assert_eq!(&names[..4], ["status", "created_at", "total_count", "completed_count"]);
}

/// Through `from_str`, as a client decodes it: a page of jobs requested with
/// `[Status, CreatedAt]` (the client example of `docs/client.md`).
#[test]
fn a_status_and_created_at_page_decodes_through_from_str() {
    let body = r#"{"data": [{"type": "catalog-variant-bulk-create-job", "id": "01J",
        "attributes": {"status": "complete", "created_at": "2026-07-02T04:46:42.867000+00:00"},
        "links": {"self": "https://a.klaviyo.com/api/x"}}],
        "links": {"self": "https://a.klaviyo.com/api/x", "next": null, "prev": null}}"#;
    let page: GetCatalogVariantCreateJobResponseCollectionCompoundDocument = klaviyo_types::from_str(body).unwrap();
    let job = &page.data[0].attributes;
    assert_eq!(job.status, Some(Status::Complete));
    assert_eq!(job.created_at.unwrap().to_string(), "2026-07-02T04:46:42.867000+00:00");
    assert_eq!((job.total_count, job.completed_count.is_absent()), (None, true));
    assert_eq!(page.links.as_ref().and_then(|l| l.next.as_deref()), None);
    let back: Value = serde_json::to_value(&page).unwrap();
    assert_eq!(back, serde_json::from_str::<Value>(body).unwrap(), "nulls and date-time text come back");
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
    assert_eq!(job.attributes.status, Some(Status::Other("paused-for-review".into())));
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

/// The sample response of seed 003 ("Get Create Variants Jobs"), read at test
/// time from `../shared/seeds/003_b6ecc2b3dfc8c392.txt` (its JSON line): its
/// `errors` entries are objects where the schema requires strings.
fn seed_003_sample() -> String {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/seeds/003_b6ecc2b3dfc8c392.txt");
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("reading {path}: {e}"));
    let line = text.lines().find(|line| line.starts_with(r#"{"data":"#));
    line.unwrap_or_else(|| panic!("{path}: no sample response line")).to_owned()
}

#[test]
fn seed_003_sample_response_is_rejected_with_the_path_of_the_field() {
    let sample = seed_003_sample();
    let plain = serde_json::from_str::<GetCatalogVariantCreateJobResponseCollectionCompoundDocument>(&sample);
    assert!(plain.unwrap_err().is_data(), "a schema mismatch, not a syntax error");

    let error =
        klaviyo_types::from_str::<GetCatalogVariantCreateJobResponseCollectionCompoundDocument>(&sample).unwrap_err();
    assert_eq!(error.path(), "data[0].attributes.errors[0].id");
    assert!(error.to_string().starts_with("data[0].attributes.errors[0].id: invalid type: map, expected a string"));
}

/// The seed endpoint's job with failed variants, shaped as Klaviyo sends it
/// (our own values): error items without `id`, `code` and `title` (or with
/// them `null`) and with an undeclared `meta`. The overlay
/// (`schemas/klaviyo/overlays/2026-07-15.overlay.yaml`) makes them optional;
/// the job decodes with its typed status, counts and each error's detail,
/// and comes back unchanged.
#[test]
fn a_job_with_failed_variants_decodes_and_round_trips() {
    use klaviyo_types::operations::get_bulk_create_variants_job::Response;
    let body = json!({
        "data": {
            "type": "catalog-variant-bulk-create-job",
            "id": "01J2Z9N7W6XGQ1M3D4E5F6G7H8",
            "attributes": {
                "status": "complete",
                "created_at": "2026-07-02T04:46:40.101000+00:00",
                "total_count": 3,
                "completed_count": 1,
                "failed_count": 2,
                "completed_at": "2026-07-02T04:46:42.867000+00:00",
                "errors": [
                    {
                        "detail": "A variant with the external id `sku-1` already exists.",
                        "meta": { "external_id": "sku-1" },
                        "source": { "pointer": "/data/attributes/variants/0" }
                    },
                    {
                        "id": null, "code": null, "title": null,
                        "detail": "Price must be positive.",
                        "source": { "pointer": "/data/attributes/variants/2/price" }
                    }
                ],
                "expires_at": "2026-07-09T04:46:42.867000+00:00"
            },
            "links": { "self": "https://a.klaviyo.com/api/catalog-variant-bulk-create-jobs/01J2Z9N7W6XGQ1M3D4E5F6G7H8/" }
        },
        "links": { "self": "https://a.klaviyo.com/api/catalog-variant-bulk-create-jobs/01J2Z9N7W6XGQ1M3D4E5F6G7H8/" }
    });
    let job: Response = round_trip(body.clone());
    let attributes = &job.data.attributes;
    assert_eq!(attributes.status, Some(Status::Complete));
    assert_eq!((attributes.completed_count.as_ref(), attributes.failed_count.as_ref()), (Some(&1), Some(&2)));
    let errors = attributes.errors.as_ref().expect("errors were sent");
    let details: Vec<&str> = errors.iter().map(|e| e.detail.as_str()).collect();
    assert_eq!(details, ["A variant with the external id `sku-1` already exists.", "Price must be positive."]);
    assert!(errors[0].id.is_absent() && errors[1].id.is_null());
    assert_eq!(errors[0].extra.get("meta"), Some(&json!({ "external_id": "sku-1" })));
    // Through `from_str` too, as the client decodes it.
    let typed: Response = klaviyo_types::from_str(&body.to_string()).unwrap();
    assert_eq!(typed.data.attributes.failed_count.as_ref(), Some(&2));
}
