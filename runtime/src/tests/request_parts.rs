//! Header parameters, bodies and `multipart/form-data` rendering.

use crate::request::{Body, FilePart, Headers, Method, Multipart, Operation, Query, RenderedRequest};

use super::fixture::delete_item;

#[test]
fn header_parameters_default_and_override() {
    let rendered = delete_item::Request::new("a").render().expect("renders");
    assert_eq!(rendered.headers(), [("revision".to_owned(), "2000-01-01".to_owned())]);
    let request = delete_item::Request { revision: Some("2001-02-03.pre".into()), ..delete_item::Request::new("a") };
    assert_eq!(request.render().expect("renders").header("Revision"), Some("2001-02-03.pre"));
}

#[test]
fn headers_lowercase_names_and_join_lists() {
    let mut headers = Headers::new();
    headers.push("X-Api-Filters", &"equals(lat,1)");
    headers.optional::<&str>("x-absent", None);
    headers.list("x-ids", &[1, 2, 3]);
    headers.list::<i64>("x-none", &[]);
    headers.accept("application/json");
    let body = Body::json("application/vnd.api+json", &serde_json::json!({"a": 1})).expect("serializes");
    let rendered = RenderedRequest::new(Method::Post, "/x".into(), Query::new(), headers, Some(body));
    let pairs: Vec<(&str, &str)> = rendered.headers().iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    assert_eq!(
        pairs,
        [
            ("x-api-filters", "equals(lat,1)"),
            ("x-ids", "1,2,3"),
            ("accept", "application/json"),
            ("content-type", "application/vnd.api+json"),
        ]
    );
    assert_eq!(rendered.body_text(), Some(r#"{"a":1}"#));
}

#[test]
fn multipart_renders_text_json_and_file_parts() {
    let mut form = Multipart::new();
    form.file("file", &FilePart::new(vec![0u8, 255, 13, 10]).filename("a \"b\".png").content_type("image/png"), None);
    form.text("name", &"logo", None);
    form.json("meta", &serde_json::json!({"k": [1]}), None).expect("serializes");
    form.value("kind", &serde_json::json!("pdf"), None).expect("serializes");
    form.value("pages", &3, None).expect("serializes");
    form.value("tags", &["a"], None).expect("serializes");
    form.file("raw", &FilePart::new(b"xyz".to_vec()), Some("text/csv"));
    form.file("other", &FilePart::new(b"q".to_vec()), None);
    let body = form.into_body();
    let boundary = body.content_type.strip_prefix("multipart/form-data; boundary=").expect("a boundary").to_owned();
    let mut expected = Vec::new();
    let mut part = |head: &str, bytes: &[u8]| {
        expected.extend_from_slice(format!("--{boundary}\r\n{head}\r\n\r\n").as_bytes());
        expected.extend_from_slice(bytes);
        expected.extend_from_slice(b"\r\n");
    };
    part(
        "Content-Disposition: form-data; name=\"file\"; filename=\"a %22b%22.png\"\r\nContent-Type: image/png",
        &[0, 255, 13, 10],
    );
    part("Content-Disposition: form-data; name=\"name\"", b"logo");
    part("Content-Disposition: form-data; name=\"meta\"\r\nContent-Type: application/json", br#"{"k":[1]}"#);
    part("Content-Disposition: form-data; name=\"kind\"", b"pdf");
    part("Content-Disposition: form-data; name=\"pages\"", b"3");
    part("Content-Disposition: form-data; name=\"tags\"\r\nContent-Type: application/json", br#"["a"]"#);
    part("Content-Disposition: form-data; name=\"raw\"; filename=\"\"\r\nContent-Type: text/csv", b"xyz");
    part(
        "Content-Disposition: form-data; name=\"other\"; filename=\"\"\r\nContent-Type: application/octet-stream",
        b"q",
    );
    expected.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    assert_eq!(String::from_utf8_lossy(&body.bytes), String::from_utf8_lossy(&expected));
    assert_eq!(body.bytes, expected);
}

#[test]
fn multipart_boundary_never_occurs_in_a_part() {
    // A file that contains the boundary the same parts would otherwise get.
    let mut probe = Multipart::new();
    probe.text("a", &"x", None);
    let first = probe.clone().into_body().content_type;
    let boundary = first.strip_prefix("multipart/form-data; boundary=").expect("a boundary");
    let mut form = Multipart::new();
    form.text("a", &"x", None);
    let hostile = format!("--{boundary}--");
    form.file("f", &FilePart::new(hostile.clone().into_bytes()), None);
    let body = form.into_body();
    let chosen = body.content_type.strip_prefix("multipart/form-data; boundary=").expect("a boundary").to_owned();
    assert!(!hostile.contains(&chosen));
    let text = String::from_utf8_lossy(&body.bytes);
    assert_eq!(text.matches(&format!("--{chosen}")).count(), 3, "{text}");
    // The same parts render the same bytes.
    assert_eq!(probe.clone().into_body(), probe.into_body());
}

#[test]
fn a_text_response_is_the_text_and_errors_stay_documents() {
    use super::fixture::readme;
    use crate::request::{decode_response, ResponseError};
    // Not JSON, and would not decode as JSON: the text as it came.
    let text = decode_response::<readme::Request>(200, b"# Read me\nline two").unwrap();
    assert_eq!(text, "# Read me\nline two");
    assert_eq!(decode_response::<readme::Request>(200, b"").unwrap(), "");
    // An error status is still read as the API's error document.
    let error = decode_response::<readme::Request>(404, br#"{"errors": []}"#).unwrap_err();
    assert!(matches!(error, ResponseError::Api { status: 404, .. }), "{error:?}");
}
