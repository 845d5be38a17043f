//! The request runtime of the generated crate (`klaviyo_types::request`),
//! through its public API and the real generated value enums and typed
//! filters: query encoding, Klaviyo's filter syntax, path encoding, rendered
//! requests and response decoding.
//!
//! The generated crate has no test harness of its own (`[lib] test = false`),
//! so its runtime is tested here. Expected strings are written by hand from
//! RFC 3986 (unreserved characters stay literal, everything else is
//! percent-encoded) and Klaviyo's filter syntax.

use std::time::Duration;

use klaviyo_types::operations::{
    delete_catalog_item, get_bulk_create_catalog_items_jobs as items_jobs, get_campaigns, get_client_reviews,
    get_events, get_profile, FieldsProfile,
};
use klaviyo_types::request::{
    decode_body, decode_itemized, decode_response, fill_path, path_segment, Body as RequestBody, FilterExpr, Headers,
    Method, Operation, Paginated, Period, Query, RenderedRequest, ResponseError, JSON_API,
};
use klaviyo_types::DateTime;
use serde_json::json;

fn dt(text: &str) -> DateTime {
    DateTime::parse(text).expect("a date-time")
}

#[test]
fn query_enums_list_their_values_in_schema_order() {
    assert_eq!(FieldsProfile::ALL[..2], [FieldsProfile::Created, FieldsProfile::Email]);
    // A filter value enum that is the response's enum (an open enum) spells its values the same way.
    assert_eq!(items_jobs::StatusValue::Complete.as_str(), "complete");
    // Values are sent as the schema spells them, spaces and colons included.
    assert_eq!(get_campaigns::StatusValue::AddingRecipients.to_string(), "Adding Recipients");
    assert_eq!(get_campaigns::StatusValue::CancelledSmartSending.as_str(), "Cancelled: Smart Sending");
    assert_eq!(get_campaigns::Sort::MinusCreatedAt.as_str(), "-created_at");
}

#[test]
fn query_encodes_brackets_commas_quotes_and_unicode() {
    let mut query = Query::new();
    query.list("fields[profile]", &[FieldsProfile::Email, FieldsProfile::FirstName]);
    query.list("fields[x]", &["a b", "c,d"]);
    query.push("filter", &FilterExpr::compare("equals", "email", &"a b@c.d"));
    query.push("q", &"é~-._*+/?&=%#");
    assert_eq!(
        query.encoded(),
        "fields%5Bprofile%5D=email%2Cfirst_name\
         &fields%5Bx%5D=a%20b%2Cc%2Cd\
         &filter=equals%28email%2C%22a%20b%40c.d%22%29\
         &q=%C3%A9~-._%2A%2B%2F%3F%26%3D%25%23"
    );
}

#[test]
fn query_skips_empty_lists_and_none_and_keeps_order() {
    let mut query = Query::new();
    query.list::<FieldsProfile>("fields[profile]", &[]);
    query.list::<&str>("fields[x]", &[]);
    query.optional::<&String>("page[cursor]", None);
    assert!(query.is_empty());
    assert_eq!(query.encoded(), "");
    query.optional("page[size]", Some(20u32));
    query.list(
        "status",
        &[
            get_campaigns::StatusValue::AddingRecipients.as_str(),
            get_campaigns::StatusValue::CancelledSmartSending.as_str(),
        ],
    );
    query.push("archived", &true);
    query.push("at", &dt("2024-01-01T00:00:00+01:00"));
    query.push("n", &-7i64);
    assert!(!query.is_empty());
    assert_eq!(
        query.clone().into_encoded(),
        "page%5Bsize%5D=20\
         &status=Adding%20Recipients%2CCancelled%3A%20Smart%20Sending\
         &archived=true\
         &at=2023-12-31T23%3A00%3A00Z\
         &n=-7"
    );
    assert_eq!(query.encoded(), query.clone().into_encoded());
}

/// Parameters typed from `number` (`f64`, `float` → `f32`) and `date`
/// schemas are written in their plain decimal and `YYYY-MM-DD` forms.
#[test]
fn query_writes_floats_and_dates() {
    let mut query = Query::new();
    query.push("threshold", &0.25f64);
    query.push("big", &1e21f64);
    query.push("ratio", &1.5f32);
    query.push("day", &klaviyo_types::FullDate::parse("2024-01-31").expect("a date"));
    assert_eq!(query.encoded(), "threshold=0.25&big=1000000000000000000000&ratio=1.5&day=2024-01-31");
}

#[test]
fn generated_request_renders_every_kind_of_query_parameter() {
    let request = get_campaigns::Request {
        fields_campaign: vec![get_campaigns::FieldsCampaign::Name, get_campaigns::FieldsCampaign::Status],
        filter: Some(get_campaigns::Filter::and([
            get_campaigns::Filter::messages_channel_equals(get_campaigns::MessagesChannelValue::Email),
            get_campaigns::Filter::status_equals(get_campaigns::StatusValue::AddingRecipients),
        ])),
        page_size: Some(50),
        sort: Some(get_campaigns::Sort::MinusCreatedAt),
        ..Default::default()
    };
    let rendered = request.render().expect("no body to serialize");
    assert_eq!(rendered.method, Method::Get);
    assert_eq!(rendered.path, "/api/campaigns");
    assert_eq!(
        rendered.path_and_query(),
        "/api/campaigns\
         ?fields%5Bcampaign%5D=name%2Cstatus\
         &filter=and%28equals%28messages.channel%2C%22email%22%29%2Cequals%28status%2C%22Adding%20Recipients%22%29%29\
         &page%5Bsize%5D=50\
         &sort=-created_at"
    );
    assert_eq!(get_campaigns::Request::default().render().unwrap().path_and_query(), "/api/campaigns");
}

#[test]
fn filter_quotes_and_escapes_strings() {
    let expr = FilterExpr::compare("equals", "name", &r#"a"b\c"#);
    assert_eq!(expr.as_str(), r#"equals(name,"a\"b\\c")"#);
    let expr = FilterExpr::compare("equals", "name", &String::from("ünï"));
    assert_eq!(expr.as_str(), r#"equals(name,"ünï")"#);
    let filter = get_campaigns::Filter::name_contains(r#"Spring "VIP" \ sale, 20%"#);
    assert_eq!(filter.expr().as_str(), r#"contains(name,"Spring \"VIP\" \\ sale, 20%")"#);
    assert_eq!(filter.expr().to_string(), filter.expr().as_str());
    let mut query = Query::new();
    query.optional("filter", Some(&filter));
    assert_eq!(
        query.encoded(),
        "filter=contains%28name%2C%22Spring%20%5C%22VIP%5C%22%20%5C%5C%20sale%2C%2020%25%22%29"
    );
}

#[test]
fn filter_values_by_type() {
    assert_eq!(FilterExpr::compare("equals", "ok", &true).as_str(), "equals(ok,true)");
    assert_eq!(FilterExpr::compare("less-than", "n", &25i64).as_str(), "less-than(n,25)");
    assert_eq!(FilterExpr::compare("greater-or-equal", "p", &33.33f64).as_str(), "greater-or-equal(p,33.33)");
    assert_eq!(FilterExpr::compare("equals", "p", &f64::NAN).as_str(), "equals(p,null)");
    assert_eq!(FilterExpr::compare("equals", "p", &f64::INFINITY).as_str(), "equals(p,null)");
    assert_eq!(FilterExpr::compare("equals", "p", &0.5f32).as_str(), "equals(p,0.5)");
    assert_eq!(FilterExpr::unary("has", "tags").as_str(), "has(tags)");

    // The same through generated filters, typed by field.
    assert_eq!(get_campaigns::Filter::archived_equals(false).expr().as_str(), "equals(archived,false)");
    assert_eq!(get_client_reviews::Filter::rating_greater_or_equal(4).expr().as_str(), "greater-or-equal(rating,4)");
    assert_eq!(get_client_reviews::Filter::smart_quote_has().expr().as_str(), "has(smart_quote)");
    assert_eq!(
        get_events::Filter::timestamp_greater_or_equal(1_700_000_000.5).expr().as_str(),
        "greater-or-equal(timestamp,1700000000.5)"
    );
    assert_eq!(
        items_jobs::Filter::status_equals(items_jobs::StatusValue::Queued).expr().as_str(),
        r#"equals(status,"queued")"#
    );

    // Date-times are bare RFC 3339, the same instant in UTC `Z` form however
    // they were read: a value taken from a response as `+00:00` filters as `Z`.
    for (read, sent) in [
        ("2024-01-01T00:00:00Z", "2024-01-01T00:00:00Z"),
        ("2022-11-08T00:00:00+00:00", "2022-11-08T00:00:00Z"),
        ("2022-11-08T00:00:00.867000+0000", "2022-11-08T00:00:00.867Z"),
        ("2022-11-08 01:00:00+01", "2022-11-08T00:00:00Z"),
    ] {
        assert_eq!(
            get_campaigns::Filter::created_at_greater_than(dt(read)).expr().as_str(),
            format!("greater-than(created_at,{sent})"),
            "{read}"
        );
    }
    assert_eq!(
        get_events::Filter::datetime_less_than(dt("2024-06-30T23:59:59.5-04:00")).expr().as_str(),
        "less-than(datetime,2024-07-01T03:59:59.500Z)"
    );
}

#[test]
fn filter_lists_and_nesting() {
    use get_campaigns::{Filter, MessagesChannelValue, StatusValue};

    let any = Filter::status_any([StatusValue::Sent, StatusValue::AddingRecipients]);
    assert_eq!(any.expr().as_str(), r#"any(status,["Sent","Adding Recipients"])"#);
    assert_eq!(Filter::id_any(["01A", "0\"1"]).expr().as_str(), r#"any(id,["01A","0\"1"])"#);
    assert_eq!(get_client_reviews::Filter::rating_any([4, 5]).expr().as_str(), "any(rating,[4,5])");
    assert_eq!(Filter::status_equals_any_of(Vec::new()).expr().as_str(), "equals(status,[])");
    assert_eq!(FilterExpr::list("equals", "ids", Vec::<i32>::new()).as_str(), "equals(ids,[])");

    let both = Filter::and([Filter::messages_channel_equals(MessagesChannelValue::Sms), any.clone()]);
    assert_eq!(both.expr().as_str(), r#"and(equals(messages.channel,"sms"),any(status,["Sent","Adding Recipients"]))"#);
    // `and` of one filter is that filter; of three, one flat `and`.
    assert_eq!(Filter::and([any.clone()]), any);
    let three = Filter::and([
        Filter::messages_channel_equals(MessagesChannelValue::Email),
        Filter::archived_equals(true),
        Filter::created_at_less_than(dt("2025-01-01T00:00:00Z")),
    ]);
    assert_eq!(
        three.expr().as_str(),
        r#"and(equals(messages.channel,"email"),equals(archived,true),less-than(created_at,2025-01-01T00:00:00Z))"#
    );

    let nested = FilterExpr::or([!FilterExpr::from(both), FilterExpr::unary("has", "x"), FilterExpr::raw("y")]);
    assert_eq!(
        nested.as_str(),
        r#"or(not(and(equals(messages.channel,"sms"),any(status,["Sent","Adding Recipients"]))),has(x),y)"#
    );
    assert_eq!(FilterExpr::or([FilterExpr::raw("only")]).as_str(), "only");
    assert_eq!(FilterExpr::and([]).as_str(), "and()");
    let unchecked = Filter::unchecked(nested.clone());
    assert_eq!(unchecked.expr(), &nested);
    assert_eq!(FilterExpr::from(unchecked), nested);

    let mut query = Query::new();
    query.optional("filter", Some(&Filter::status_equals(StatusValue::AddingRecipients)));
    assert_eq!(query.encoded(), "filter=equals%28status%2C%22Adding%20Recipients%22%29");
}

#[test]
fn path_segments_are_encoded() {
    assert_eq!(path_segment("a/b?c#d%e f|$ü"), "a%2Fb%3Fc%23d%25e%20f%7C%24%C3%BC");
    assert_eq!(path_segment("01GS-ab_c.~"), "01GS-ab_c.~");
    assert_eq!(path_segment(".."), "..");
    let id = String::from("$custom:::$default:::SKU/1");
    assert_eq!(
        fill_path("/api/catalog-items/{id}/relationships/{rel}", &[&id, &7u32]),
        "/api/catalog-items/%24custom%3A%3A%3A%24default%3A%3A%3ASKU%2F1/relationships/7"
    );
    assert_eq!(fill_path("/api/profiles", &[]), "/api/profiles");
    assert_eq!(fill_path("/api/profiles/{id}/", &[]), "/api/profiles/{id}/");

    // The same through generated operations.
    let rendered = delete_catalog_item::Request::new(id).render().expect("renders");
    assert_eq!(rendered.method, Method::Delete);
    assert_eq!(rendered.path, "/api/catalog-items/%24custom%3A%3A%3A%24default%3A%3A%3ASKU%2F1");
    assert_eq!(rendered.query, "");
    let rendered =
        get_profile::Request { fields_profile: vec![FieldsProfile::Email], ..get_profile::Request::new("01 H/x?y") }
            .render()
            .expect("renders");
    assert_eq!(rendered.path_and_query(), "/api/profiles/01%20H%2Fx%3Fy?fields%5Bprofile%5D=email");
}

#[test]
fn rendered_request_headers_and_url() -> Result<(), Box<dyn std::error::Error>> {
    let mut query = Query::new();
    query.push("a", &"1");
    let get = RenderedRequest::new(Method::Get, "/api/x".into(), query, Headers::new(), None);
    assert_eq!(get.path_and_query(), "/api/x?a=1");
    assert!(get.headers().is_empty());
    let mut headers = Headers::new();
    headers.accept(JSON_API);
    let post = RenderedRequest::new(
        Method::Post,
        "/api/x".into(),
        Query::new(),
        headers,
        Some(RequestBody::json(JSON_API, &())?),
    );
    assert_eq!(post.path_and_query(), "/api/x");
    let pairs: Vec<(&str, &str)> = post.headers().iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    assert_eq!(pairs, [("accept", JSON_API), ("content-type", JSON_API)]);
    assert_eq!(post.body_text(), Some("null"));
    // Each operation renders its own header parameters and media types.
    let rendered = get_profile::Request::new("x").render()?;
    assert_eq!(rendered.header("revision"), Some(klaviyo_types::REVISION));
    assert_eq!(rendered.header("accept"), Some(JSON_API));
    assert_eq!(rendered.header("content-type"), None);
    assert_eq!(JSON_API, "application/vnd.api+json");
    let methods = [Method::Get, Method::Post, Method::Put, Method::Patch, Method::Delete];
    assert_eq!(methods.map(|m| m.to_string()), ["GET", "POST", "PUT", "PATCH", "DELETE"]);
    assert_eq!(Method::Patch.as_str(), "PATCH");
    assert_eq!(Period::Second.duration(), Duration::from_secs(1));
    assert_eq!(Period::Minute.duration(), Duration::from_secs(60));
    assert_eq!(Period::Hour.duration(), Duration::from_secs(3600));
    assert_eq!(Period::Day.duration(), Duration::from_secs(86_400));
    Ok(())
}

#[derive(Debug, PartialEq, serde::Deserialize)]
struct Body {
    id: String,
}

/// One page of catalog item bulk create jobs, as Klaviyo sends it.
const JOBS_PAGE: &str = r#"{
  "data": [
    {
      "type": "catalog-item-bulk-create-job",
      "id": "01GSQPBVHKE3WKZ9T2B9DXTM4R",
      "attributes": {
        "status": "complete",
        "created_at": "2024-03-01T10:00:00+00:00",
        "total_count": 3,
        "completed_count": 2,
        "failed_count": 1,
        "completed_at": "2024-03-01T10:00:05.123000+00:00",
        "errors": [
          {
            "id": "e4eebb08-b055-4a6f-bb13-c8cb69c9eb11",
            "code": "invalid",
            "title": "Invalid input.",
            "detail": "'price' must be a number.",
            "source": {"pointer": "/data/attributes/items/data/2/attributes/price"}
          }
        ],
        "expires_at": "2024-03-08T10:00:00+00:00"
      },
      "relationships": {
        "items": {
          "links": {
            "self": "https://a.klaviyo.com/api/catalog-item-bulk-create-jobs/01GSQPBVHKE3WKZ9T2B9DXTM4R/relationships/items/",
            "related": "https://a.klaviyo.com/api/catalog-item-bulk-create-jobs/01GSQPBVHKE3WKZ9T2B9DXTM4R/items/"
          }
        }
      },
      "links": {"self": "https://a.klaviyo.com/api/catalog-item-bulk-create-jobs/01GSQPBVHKE3WKZ9T2B9DXTM4R/"}
    }
  ],
  "links": {
    "self": "https://a.klaviyo.com/api/catalog-item-bulk-create-jobs/",
    "next": "https://a.klaviyo.com/api/catalog-item-bulk-create-jobs/?page%5Bcursor%5D=bmV4dA"
  }
}"#;

#[test]
fn decode_2xx() {
    assert_eq!(decode_body::<Body>(200, br#"{"id":"x","extra":1}"#).unwrap(), Body { id: "x".into() });
    decode_body::<()>(204, b"").unwrap();
    decode_body::<()>(202, b" \n").unwrap();
    // No content documented: whatever came is ignored.
    decode_body::<()>(202, b"{\"ignored\":true}").unwrap();
    match decode_body::<Body>(200, br#"{"id":5}"#) {
        Err(ResponseError::Decode { status: 200, error }) => {
            assert_eq!(error.path(), "id");
            assert_eq!(error.body(), Some(r#"{"id":5}"#));
        }
        other => panic!("{other:?}"),
    }
    // A blank body is read as `null`; the error keeps what came, not `null`.
    let error = decode_body::<Body>(200, b" \n").unwrap_err();
    assert!(matches!(&error, ResponseError::Decode { status: 200, .. }), "{error:?}");
    assert_eq!(error.body(), Some(" \n"));

    // A real collection page, through the operation.
    let page = decode_response::<items_jobs::Request>(200, JOBS_PAGE.as_bytes()).unwrap();
    assert_eq!(
        items_jobs::Request::next_link(&page),
        Some("https://a.klaviyo.com/api/catalog-item-bulk-create-jobs/?page%5Bcursor%5D=bmV4dA")
    );
    let jobs = items_jobs::Request::into_items(page);
    assert_eq!(jobs.len(), 1);
    assert_eq!(jobs[0].id, "01GSQPBVHKE3WKZ9T2B9DXTM4R");
    assert_eq!(jobs[0].attributes.total_count, Some(3));
    assert_eq!(jobs[0].attributes.errors.as_ref().map(Vec::len), Some(1));
    decode_response::<delete_catalog_item::Request>(204, b"").unwrap();

    // A page without `links.next` is the last.
    let last = JOBS_PAGE.replace(
        r#",
    "next": "https://a.klaviyo.com/api/catalog-item-bulk-create-jobs/?page%5Bcursor%5D=bmV4dA""#,
        "",
    );
    assert_ne!(last, JOBS_PAGE);
    let page = decode_response::<items_jobs::Request>(200, last.as_bytes()).unwrap();
    assert_eq!(items_jobs::Request::next_link(&page), None);

    // A page that does not match names where.
    let wrong = JOBS_PAGE.replace(r#""total_count": 3"#, r#""total_count": "3""#);
    let error = decode_response::<items_jobs::Request>(200, wrong.as_bytes()).unwrap_err();
    let ResponseError::Decode { status: 200, error: decode } = &error else { panic!("{error:?}") };
    assert_eq!(decode.path(), "data[0].attributes.total_count");
    assert_eq!(error.body(), Some(wrong.as_str()));
}

#[test]
fn decode_errors() {
    let body = br#"{"errors":[{"id":"e1","status":400,"code":"invalid","title":"Invalid input.",
        "detail":"'email' is not valid","source":{"pointer":"/data/attributes/email"},"meta":{}}]}"#;
    let error = decode_body::<Body>(400, body).unwrap_err();
    let ResponseError::Api { status: 400, document } = &error else { panic!("{error:?}") };
    assert_eq!(document.errors[0].id.as_deref(), Some("e1"));
    assert_eq!(document.errors[0].status.as_deref(), Some("400"));
    assert_eq!(document.errors[0].detail.as_deref(), Some("'email' is not valid"));
    assert_eq!(error.status(), 400);
    assert_eq!(
        error.to_string(),
        "HTTP 400: Invalid input.: 'email' is not valid (invalid, at /data/attributes/email)"
    );

    // Several errors, string statuses, a parameter as the source, title only.
    let body = br#"{"errors":[
        {"id":"a","status":"404","code":"not_found","title":"Not found.","detail":"Not found."},
        {"status":"400","title":"Bad filter.","source":{"parameter":"filter"}}]}"#;
    let error = decode_response::<get_profile::Request>(404, body).unwrap_err();
    assert_eq!(error.to_string(), "HTTP 404: Not found. (not_found); Bad filter. (at filter)");

    let error = decode_body::<Body>(503, b"").unwrap_err();
    assert!(matches!(&error, ResponseError::Api { status: 503, document } if document.errors.is_empty()));
    assert_eq!(error.to_string(), "HTTP 503: no error details");
    assert!(std::error::Error::source(&error).is_none());

    // Not an error document: a decode error keeping the whole body; its
    // message shows the first 512 bytes and the length.
    let html = "<html>".repeat(200);
    let error = decode_body::<()>(502, html.as_bytes()).unwrap_err();
    let ResponseError::Decode { status: 502, error: decode } = &error else { panic!("{error:?}") };
    assert_eq!(decode.body(), Some(html.as_str()));
    assert_eq!(error.body(), Some(html.as_str()));
    assert_eq!(error.status(), 502);
    assert!(std::error::Error::source(&error).is_some());
    let message = error.to_string();
    assert!(message.starts_with("HTTP 502: undecodable body ("), "{message}");
    assert!(message.ends_with(&format!("{:?}… (1200 bytes)", &html[..512])), "{message}");
    assert!(message.len() < 700, "{message}");
    let debug = format!("{error:?}");
    assert!(debug.contains("body_len: 1200") && debug.len() < 800, "{debug}");

    // The excerpt is cut at a character boundary: byte 512 is inside an `é`.
    let text = format!("a{}", "é".repeat(300));
    let error = decode_body::<()>(500, text.as_bytes()).unwrap_err();
    assert_eq!(error.body(), Some(text.as_str()));
    assert!(error.to_string().ends_with(&format!("{:?}… (601 bytes)", &text[..511])), "{error}");

    // A body that is not UTF-8 is kept, lossily.
    let error = decode_body::<()>(500, b"\xff{}").unwrap_err();
    assert_eq!(error.body(), Some("\u{fffd}{}"));

    // An error document has no undecodable body.
    assert_eq!(decode_body::<()>(404, b"").unwrap_err().body(), None);
}

/// A page of two catalog item bulk create jobs; `total` is the second job's
/// `total_count`, `next` its `links.next`.
fn two_jobs(total: serde_json::Value, next: serde_json::Value) -> serde_json::Value {
    let job = |id: &str, total: serde_json::Value| {
        json!({
            "type": "catalog-item-bulk-create-job",
            "id": id,
            "attributes": {"status": "processing", "total_count": total, "completed_count": 0},
            "links": {"self": format!("https://a.klaviyo.com/api/catalog-item-bulk-create-jobs/{id}/")}
        })
    };
    json!({
        "data": [job("01J0AAAA", json!(4)), job("01J0BBBB", total)],
        "links": {"self": "https://a.klaviyo.com/api/catalog-item-bulk-create-jobs/", "next": next}
    })
}

#[test]
fn from_str_errors_keep_the_whole_text_and_the_path() {
    let text = two_jobs(json!("7"), json!(null)).to_string();
    let error = klaviyo_types::from_str::<items_jobs::Response>(&text).unwrap_err();
    assert_eq!(error.path(), "data[1].attributes.total_count");
    assert_eq!(error.body(), Some(text.as_str()));
    assert_eq!(error.value(), None);
    assert_eq!(error.raw_json(), Some(two_jobs(json!("7"), json!(null))));
    assert!(error.to_string().starts_with("data[1].attributes.total_count: invalid type: string \"7\""), "{error}");
    assert!(!error.to_string().contains("01J0AAAA"), "Display stays short: {error}");
    assert_eq!(error.into_body(), Some(text));

    // Syntax errors keep the text too (the path is where the text broke
    // off), and so do errors about the whole document.
    let error = klaviyo_types::from_str::<items_jobs::Response>("{\"data\": [").unwrap_err();
    assert_eq!((error.path(), error.body()), ("data", Some("{\"data\": [")));
    assert!(error.to_string().contains("EOF while parsing a list"), "{error}");
    assert_eq!(error.raw_json(), None, "not JSON");
    let error = klaviyo_types::from_str::<items_jobs::Response>("<html>").unwrap_err();
    assert_eq!((error.path(), error.body()), ("", Some("<html>")));
    let error = klaviyo_types::from_str::<Body>(r#"{"id":"x"} {}"#).unwrap_err();
    assert_eq!((error.path(), error.body()), ("", Some(r#"{"id":"x"} {}"#)));
    assert!(error.to_string().contains("trailing characters"), "{error}");
}

#[test]
fn from_value_errors_keep_the_value() {
    let page = two_jobs(json!(4), json!(null));
    let mut missing_id = page.clone();
    missing_id["data"][0].as_object_mut().unwrap().remove("id");
    let error = klaviyo_types::from_value::<items_jobs::Response>(missing_id.clone()).unwrap_err();
    assert_eq!(error.path(), "data[0]");
    assert!(error.to_string().contains("missing field `id`"), "{error}");
    assert_eq!(error.value(), Some(&missing_id));
    assert_eq!(error.body(), None);
    assert_eq!(error.raw_json(), Some(missing_id.clone()));
    assert_eq!(error.into_body(), Some(missing_id.to_string()));

    // The same value with its `id` decodes, as from text.
    let typed = klaviyo_types::from_value::<items_jobs::Response>(page.clone()).unwrap();
    assert_eq!(typed.data[1].id, "01J0BBBB");
    assert_eq!(serde_json::to_value(&typed).unwrap(), page);
}

#[test]
fn decode_response_keeps_the_whole_body_and_the_path() {
    let text = two_jobs(json!({"n": 4}), json!(null)).to_string();
    let error = decode_response::<items_jobs::Request>(200, text.as_bytes()).unwrap_err();
    let ResponseError::Decode { status: 200, error: decode } = &error else { panic!("{error:?}") };
    assert_eq!(decode.path(), "data[1].attributes.total_count");
    assert_eq!(decode.body(), Some(text.as_str()));
    assert_eq!(error.body(), Some(text.as_str()));
    // Longer than an excerpt, kept whole all the same; the message shows its start.
    let mut long = two_jobs(json!({"n": 4}), json!(null));
    long["meta"] = json!({"note": "x".repeat(5000)});
    let long = long.to_string();
    let error = decode_response::<items_jobs::Request>(200, long.as_bytes()).unwrap_err();
    assert_eq!(error.body(), Some(long.as_str()));
    let message = error.to_string();
    assert!(message.len() < 800 && message.ends_with(&format!("… ({} bytes)", long.len())), "{message}");
}

#[test]
fn a_page_that_does_not_decode_is_read_item_by_item() {
    let next = "https://a.klaviyo.com/api/catalog-item-bulk-create-jobs/?page%5Bcursor%5D=p2";
    let page = two_jobs(json!("7"), json!(next));
    let text = page.to_string();
    assert!(decode_response::<items_jobs::Request>(200, text.as_bytes()).is_err());
    let itemized = decode_itemized::<items_jobs::Request>(&text).unwrap();
    assert_eq!(itemized.items.len(), 2);
    assert_eq!(itemized.items[0].as_ref().unwrap().id, "01J0AAAA");
    let bad = itemized.items[1].as_ref().unwrap_err();
    assert_eq!(bad.path(), "data[1].attributes.total_count");
    assert_eq!(bad.value(), Some(&page["data"][1]));
    assert_eq!(itemized.next.as_deref(), Some(next));
    let rest = itemized.rest.as_ref().unwrap();
    assert!(rest.data.is_empty());
    assert_eq!(
        rest.links.as_ref().map(|l| l.self_.as_str()),
        Some("https://a.klaviyo.com/api/catalog-item-bulk-create-jobs/")
    );

    // An item without `id` fails at the item itself.
    let mut missing_id = two_jobs(json!(2), json!(next));
    missing_id["data"][0].as_object_mut().unwrap().remove("id");
    let itemized = decode_itemized::<items_jobs::Request>(&missing_id.to_string()).unwrap();
    let bad = itemized.items[0].as_ref().unwrap_err();
    assert_eq!(bad.path(), "data[0]");
    assert_eq!(bad.value(), Some(&missing_id["data"][0]));
    assert_eq!(itemized.items[1].as_ref().unwrap().attributes.total_count, Some(2));

    // A page that decodes gives the same items.
    let good = two_jobs(json!(2), json!(null));
    let itemized = decode_itemized::<items_jobs::Request>(&good.to_string()).unwrap();
    assert!(itemized.items.iter().all(Result::is_ok) && itemized.rest.is_ok());
    assert_eq!(itemized.next, None);
}

#[test]
fn the_rest_of_an_itemized_page_is_decoded_on_its_own() {
    // `links` without its required `self`: the rest fails, the items do not,
    // and the next link is read from the raw JSON.
    let next = "https://a.klaviyo.com/api/catalog-item-bulk-create-jobs/?page%5Bcursor%5D=p2";
    let mut page = two_jobs(json!(2), json!(next));
    page["links"].as_object_mut().unwrap().remove("self");
    let text = page.to_string();
    let itemized = decode_itemized::<items_jobs::Request>(&text).unwrap();
    assert!(itemized.items.iter().all(Result::is_ok));
    let rest = itemized.rest.as_ref().unwrap_err();
    assert_eq!(rest.path(), "links");
    assert!(rest.to_string().contains("missing field `self`"), "{rest}");
    assert_eq!(rest.body(), Some(text.as_str()), "the whole page, items included");
    assert_eq!(itemized.next.as_deref(), Some(next));

    // A next link that is not a string cannot be followed.
    let page = two_jobs(json!(2), json!(17));
    let itemized = decode_itemized::<items_jobs::Request>(&page.to_string()).unwrap();
    assert_eq!(itemized.rest.as_ref().unwrap_err().path(), "links.next");
    assert_eq!(itemized.next, None);
}

#[test]
fn a_broken_envelope_is_one_error() {
    for (body, path) in [
        ("<html>busy</html>", ""),
        (r#"{"data": [1, 2"#, "data"),
        (r#"{"data": {"type": "catalog-item-bulk-create-job"}}"#, "data"),
        (r#"{"links": {"self": "https://a.klaviyo.com/"}}"#, "data"),
        ("[]", "data"),
    ] {
        let error = decode_itemized::<items_jobs::Request>(body).unwrap_err();
        assert_eq!((error.path(), error.body()), (path, Some(body)), "{error}");
    }
    let error = decode_itemized::<items_jobs::Request>("{}").unwrap_err();
    assert_eq!(error.to_string(), "data: a page needs an array of items at `/data`");
    assert_eq!(items_jobs::Request::ITEMS_POINTER, "/data");
    assert_eq!(items_jobs::Request::NEXT_POINTER, "/links/next");
}
