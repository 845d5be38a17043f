//! Operations: the requests of the seed endpoints render exactly as the API
//! expects (expected strings written by hand from the seed pages and
//! Klaviyo's filter syntax), constants carry the spec's facts, and every
//! operation of every pinned revision generates.

use klaviyo_types::operations::{
    get_bulk_create_catalog_items_jobs as items_jobs, get_bulk_create_variants_jobs as variants_jobs,
};
use klaviyo_types::request::{Method, Operation, Period};

#[test]
fn get_create_items_jobs_renders_fields_filter_and_cursor() {
    let request = items_jobs::Request {
        fields_catalog_item_bulk_create_job: vec![
            items_jobs::FieldsCatalogItemBulkCreateJob::Status,
            items_jobs::FieldsCatalogItemBulkCreateJob::CreatedAt,
        ],
        filter: Some(items_jobs::Filter::status_equals(items_jobs::StatusValue::Complete)),
        page_cursor: Some("abc".to_owned()),
        revision: None,
    };
    let rendered = request.render().expect("no body to serialize");
    assert_eq!(rendered.method, Method::Get);
    assert_eq!(
        rendered.path_and_query(),
        "/api/catalog-item-bulk-create-jobs\
         ?fields%5Bcatalog-item-bulk-create-job%5D=status%2Ccreated_at\
         &filter=equals%28status%2C%22complete%22%29\
         &page%5Bcursor%5D=abc"
    );
    assert_eq!(rendered.body, None);
    assert_eq!(rendered.header("revision"), Some("2026-07-15"));
    assert_eq!(rendered.header("accept"), Some("application/vnd.api+json"));
}

#[test]
fn get_create_variants_jobs_renders_defaults_as_the_bare_path() {
    let rendered = variants_jobs::Request::default().render().expect("renders");
    assert_eq!(rendered.path_and_query(), "/api/catalog-variant-bulk-create-jobs");
    let filtered = variants_jobs::Request {
        filter: Some(variants_jobs::Filter::status_equals(variants_jobs::StatusValue::Queued)),
        ..Default::default()
    };
    assert_eq!(
        filtered.render().expect("renders").path_and_query(),
        "/api/catalog-variant-bulk-create-jobs?filter=equals%28status%2C%22queued%22%29"
    );
}

#[test]
fn seed_endpoints_carry_their_constants() {
    // Seed 004 calls it "Get Create Items Jobs": its old id is an alias now.
    assert_eq!(items_jobs::OPERATION_ID, "get_bulk_create_catalog_items_jobs");
    assert!(items_jobs::ALIASES.contains(&"get_create_items_jobs"));
    assert!(variants_jobs::ALIASES.contains(&"get_create_variants_jobs"));
    assert_eq!(items_jobs::METHOD, Method::Get);
    assert_eq!(items_jobs::PATH, "/api/catalog-item-bulk-create-jobs");
    assert_eq!(items_jobs::SCOPES, ["catalogs:read"]);
    let burst = items_jobs::RATE_LIMIT.burst.expect("burst limit");
    let steady = items_jobs::RATE_LIMIT.steady.expect("steady limit");
    assert_eq!((burst.count, burst.period), (75, Period::Second));
    assert_eq!((steady.count, steady.period), (750, Period::Minute));
    assert_eq!(items_jobs::RATE_LIMIT.daily, None);
    assert_eq!(<items_jobs::Request as Operation>::OPERATION_ID, items_jobs::OPERATION_ID);
    assert_eq!(klaviyo_types::REVISION, "2026-07-15");
}

#[test]
fn path_parameters_and_bodies_render() {
    use klaviyo_types::operations::{create_profile, get_profile};
    let request = get_profile::Request {
        fields_profile: vec![get_profile::FieldsProfile::Email],
        ..get_profile::Request::new("01J/é")
    };
    assert_eq!(
        request.render().expect("renders").path_and_query(),
        "/api/profiles/01J%2F%C3%A9?fields%5Bprofile%5D=email"
    );
    let body: klaviyo_types::ProfileCreateQuery =
        klaviyo_types::from_str(r#"{"data":{"type":"profile","attributes":{"email":"sarah.mason@klaviyo-demo.com"}}}"#)
            .expect("a valid create body");
    let rendered = create_profile::Request::new(body).render().expect("serializes");
    assert_eq!(rendered.method, Method::Post);
    assert_eq!(rendered.path_and_query(), "/api/profiles");
    assert_eq!(
        rendered.body_text(),
        Some(r#"{"data":{"type":"profile","attributes":{"email":"sarah.mason@klaviyo-demo.com"}}}"#)
    );
    assert_eq!(rendered.header("content-type"), Some("application/vnd.api+json"));
}

#[test]
fn filters_combine_and_type_their_values() {
    use klaviyo_types::operations::get_events;
    let since: klaviyo_types::DateTime = "2024-01-01T00:00:00Z".parse().expect("a date-time");
    let filter = get_events::Filter::and([
        get_events::Filter::datetime_greater_than(since),
        get_events::Filter::metric_id_equals("UqLk \"x\""),
    ]);
    let request = get_events::Request { filter: Some(filter), ..Default::default() };
    let rendered = request.render().expect("renders");
    assert_eq!(
        rendered.query,
        "filter=and%28greater-than%28datetime%2C2024-01-01T00%3A00%3A00Z%29%2Cequals%28metric_id%2C%22UqLk%20%5C%22x%5C%22%22%29%29"
    );
}

/// Every operation with an `operationId` of every pinned document becomes a module.
#[test]
fn every_operation_of_every_revision_generates() {
    for (path, expected) in
        [("2026-07-15/stable.json", 345), ("2026-07-15/beta.json", 148), ("2023-02-22/stable.json", 162)]
    {
        let full = format!("{}/../schemas/klaviyo/{path}", env!("CARGO_MANIFEST_DIR"));
        let text = std::fs::read_to_string(&full).expect("pinned document");
        let options = codegen::Options { crate_name: "k".into(), ..Default::default() };
        let krate = codegen::generate(&[codegen::Input { path: path.into(), text }], &options).expect("generates");
        // `src/operations.rs`, and its parts (`src/operations/*.rs`) when split.
        let operations: String = krate
            .files
            .iter()
            .filter(|(name, _)| *name == "src/operations.rs" || name.starts_with("src/operations/"))
            .map(|(_, text)| text.as_str())
            .collect();
        let modules = operations.lines().filter(|l| l.starts_with("pub mod ")).count();
        assert_eq!(modules, expected, "{path}");
        // Every operation is callable: the multipart upload and the header parameters included.
        let impls = operations.matches("impl crate::request::Operation for Request").count();
        assert_eq!(impls, expected, "{path}");
    }
}

/// Header parameters are fields like the others: `revision` (with its
/// default, overridable per request) and `X-Klaviyo-API-Filters`.
#[test]
fn header_parameters_are_request_fields() {
    use klaviyo_types::operations::{get_client_geofences as geofences, get_profile};
    let request = geofences::Request { company_id: "PUBLIC_KEY".into(), ..Default::default() };
    let rendered = request.render().expect("renders");
    assert_eq!(rendered.path_and_query(), "/client/geofences?company_id=PUBLIC_KEY");
    assert_eq!(rendered.header("revision"), Some("2026-07-15"));
    assert_eq!(rendered.header("x-klaviyo-api-filters"), None);
    let request = geofences::Request {
        x_klaviyo_api_filters: Some("and(equals(lat,40.7128),equals(lng,-74.0060))".into()),
        revision: Some("2026-07-15.pre".into()),
        company_id: "PUBLIC_KEY".into(),
        ..Default::default()
    };
    let rendered = request.render().expect("renders");
    assert_eq!(rendered.header("X-Klaviyo-API-Filters"), Some("and(equals(lat,40.7128),equals(lng,-74.0060))"));
    assert_eq!(rendered.header("revision"), Some("2026-07-15.pre"));
    // String parameters take `impl Into<String>`.
    let id = String::from("abc");
    assert_eq!(get_profile::Request::new(&*id).render().expect("renders").path, "/api/profiles/abc");
}

/// The one `multipart/form-data` body: the file part with its filename and
/// content type, then the text parts that are set.
#[test]
fn upload_image_from_file_renders_a_multipart_body() {
    use klaviyo_types::operations::upload_image_from_file as upload;
    use klaviyo_types::request::FilePart;
    let form = upload::Form {
        name: Some("logo".into()),
        hidden: Some(true),
        ..upload::Form::new(FilePart::new(vec![0x89, b'P', b'N', b'G']).filename("logo.png").content_type("image/png"))
    };
    let rendered = upload::Request::new(form).render().expect("renders");
    assert_eq!(rendered.method, Method::Post);
    let content_type = rendered.header("content-type").expect("a content type");
    let boundary = content_type.strip_prefix("multipart/form-data; boundary=").expect("multipart with a boundary");
    let mut expected = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"logo.png\"\r\nContent-Type: image/png\r\n\r\n"
    )
    .into_bytes();
    expected.extend_from_slice(&[0x89, b'P', b'N', b'G']);
    expected.extend_from_slice(
        format!(
            "\r\n--{boundary}\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\nlogo\r\n\
             --{boundary}\r\nContent-Disposition: form-data; name=\"hidden\"\r\n\r\ntrue\r\n--{boundary}--\r\n"
        )
        .as_bytes(),
    );
    assert_eq!(rendered.body.as_deref(), Some(&expected[..]));
    assert_eq!(rendered.header("accept"), Some("application/vnd.api+json"));
}

/// 2023-02-22 has no `x-klaviyo-filters`: the allowed fields and operators
/// come from the parameter description (seed 004's "`status`: `equals`").
#[test]
fn older_revisions_take_filters_from_descriptions() {
    let full = format!("{}/../schemas/klaviyo/2023-02-22/stable.json", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(full).expect("pinned document");
    let options = codegen::Options { crate_name: "k".into(), ..Default::default() };
    let krate = codegen::generate(&[codegen::Input { path: "stable.json".into(), text }], &options).expect("generates");
    let operations = &krate.files["src/operations.rs"];
    let start = operations.find("pub mod get_create_items_jobs {").expect("the seed 004 operation");
    let module = &operations[start..start + operations[start..].find("\n}\n").expect("module end")];
    assert!(module.contains("pub fn status_equals(value: impl crate::request::FilterValue) -> Self"), "{module}");
    // Seed 004: "Burst: 350/s, Steady: 3500/m".
    assert!(module.contains("count: 350,") && module.contains("count: 3500,"), "{module}");
}

/// A filter's value enum is the response's enum where the values are the
/// same: a status read from a job compares with, and filters as, the one
/// filtered on.
#[test]
fn filter_values_are_the_response_enums() {
    use klaviyo_types::operations::{get_bulk_create_catalog_items_jobs, get_bulk_suppress_profiles_jobs as jobs};
    use klaviyo_types::BulkProfileSuppressionsCreateJobResponseObjectResourceAttributesStatus as JobStatus;
    let read: JobStatus = klaviyo_types::from_str(r#""complete""#).expect("a status");
    let filtered: jobs::StatusValue = jobs::StatusValue::Complete;
    assert_eq!(read, filtered);
    assert_eq!(jobs::Filter::status_equals(read).expr().as_str(), r#"equals(status,"complete")"#);
    // Another job listing takes the same enum.
    let queued = get_bulk_create_catalog_items_jobs::Filter::status_equals(JobStatus::Queued);
    assert_eq!(queued.expr().as_str(), r#"equals(status,"queued")"#);
}
