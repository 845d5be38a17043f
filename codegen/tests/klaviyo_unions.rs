//! Tagged unions (JSON:API `included`) read from JSON text: the fast path
//! where `type` comes first, the buffered path where it does not, and an
//! unknown `type` kept raw; all three re-serialize to the same JSON value.

use klaviyo_types::GetEventResponseCollectionCompoundDocumentIncludedItem as Included;
use serde_json::{json, Value};

fn metric_with_type_first() -> &'static str {
    r#"{"type":"metric","id":"RESQ6t","attributes":{"name":"Placed Order","created":"2022-11-08T00:00:00+00:00"},"links":{"self":"https://a.klaviyo.com/api/metrics/RESQ6t"}}"#
}

fn metric_with_type_last() -> &'static str {
    r#"{"id":"RESQ6t","attributes":{"name":"Placed Order"},"links":{"self":"https://a.klaviyo.com/api/metrics/RESQ6t"},"type":"metric"}"#
}

fn reparse(text: &str) -> (Included, Value) {
    let typed: Included = serde_json::from_str(text).expect("decodes");
    let back = serde_json::to_value(&typed).expect("encodes");
    assert_eq!(back, serde_json::from_str::<Value>(text).unwrap(), "re-serialized JSON differs");
    (typed, back)
}

#[test]
fn type_first_selects_the_branch_without_buffering() {
    let (typed, _) = reparse(metric_with_type_first());
    let Included::MetricResponseObjectResource(metric) = typed else { panic!("not a metric: {typed:?}") };
    assert_eq!(metric.id, "RESQ6t");
    assert_eq!(metric.attributes.name.into_option().as_deref(), Some("Placed Order"));
}

#[test]
fn type_later_selects_the_same_branch() {
    let (typed, _) = reparse(metric_with_type_last());
    assert!(matches!(typed, Included::MetricResponseObjectResource(_)), "{typed:?}");
}

#[test]
fn an_unknown_type_is_kept_raw_in_either_position() {
    for text in [
        r#"{"type":"conversation","id":"1","attributes":{"x":[1,2]}}"#,
        r#"{"id":"1","attributes":{"x":[1,2]},"type":"conversation"}"#,
    ] {
        let (typed, back) = reparse(text);
        assert!(matches!(typed, Included::Other(_)), "{typed:?}");
        assert_eq!(back["attributes"], json!({"x": [1, 2]}));
    }
}

#[test]
fn a_known_type_with_a_bad_body_is_an_error_not_other() {
    let text = r#"{"type":"metric","id":42,"attributes":{},"links":{"self":"x"}}"#;
    let error = serde_json::from_str::<Included>(text).unwrap_err();
    assert!(error.to_string().contains("invalid type: integer `42`, expected a string"), "{error}");
}
