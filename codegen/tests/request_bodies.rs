//! Request bodies a person can write: every generated struct with required
//! members has `new(required…)` (single-value tags such as JSON:API `type`
//! fill themselves, optional members start absent), every other struct is
//! `Default`. `docs/generated-crate.md` shows the first test.

use klaviyo_types::operations::bulk_create_catalog_variants;
use klaviyo_types::{
    CatalogVariantCreateJobCreateQuery as Job, CatalogVariantCreateJobCreateQueryResourceObject as JobData,
    CatalogVariantCreateJobCreateQueryResourceObjectAttributes as JobAttributes,
    CatalogVariantCreateJobCreateQueryResourceObjectAttributesVariants as Variants,
    CatalogVariantCreateQueryResourceObject as Variant,
    CatalogVariantCreateQueryResourceObjectAttributes as VariantAttributes,
    CatalogVariantCreateQueryResourceObjectRelationships as VariantRelationships,
    CatalogVariantCreateQueryResourceObjectRelationshipsItem as ItemLink,
    CatalogVariantCreateQueryResourceObjectRelationshipsItemData as ItemRef, Tristate,
};
use serde_json::json;

/// A two-variant bulk create job, as `docs/generated-crate.md` writes it.
#[test]
fn a_two_variant_bulk_create_job_is_a_few_lines() {
    let variant = |sku: &str, price: f64| {
        let attributes = VariantAttributes::new(sku, "Tee", "A tee", sku, 10, price, "https://x/tee");
        let item = ItemLink { data: Some(ItemRef::new("$custom:::$default:::TEE")), ..Default::default() };
        Variant::new(
            VariantAttributes { published: Tristate::Value(true), ..attributes },
            VariantRelationships::new(item),
        )
    };
    let variants = Variants::new([variant("TEE-S", 19.5), variant("TEE-M", 21.0)]);
    let request = bulk_create_catalog_variants::Request::new(Job::new(JobData::new(JobAttributes::new(variants))));

    let body = serde_json::to_value(&request.body).unwrap();
    let expected_variant = |sku: &str, price: f64| {
        json!({
            "type": "catalog-variant",
            "attributes": {
                "external_id": sku, "title": "Tee", "description": "A tee", "sku": sku,
                "inventory_quantity": 10, "price": price, "url": "https://x/tee", "published": true
            },
            "relationships": { "item": { "data": { "type": "catalog-item", "id": "$custom:::$default:::TEE" } } }
        })
    };
    assert_eq!(
        body,
        json!({
            "data": {
                "type": "catalog-variant-bulk-create-job",
                "attributes": { "variants": { "data": [expected_variant("TEE-S", 19.5), expected_variant("TEE-M", 21.0)] } }
            }
        })
    );
}

/// A struct with nothing required is `Default`: every member absent, and it
/// writes `{}`.
#[test]
fn structs_without_required_members_are_default() {
    let empty = ItemLink::default();
    assert_eq!(serde_json::to_value(&empty).unwrap(), json!({}));
    assert!(empty.data.is_none());
}
