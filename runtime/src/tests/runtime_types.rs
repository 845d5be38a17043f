//! The runtime types every generated crate carries (`runtime.rs`): `DateTime`
//! and `Number` write back the text they read, `Extra` keeps what a struct
//! does not declare (here through the stand-in struct `fixture::Links`).

use crate::{DateTime, Extra, Number};
use serde_json::{json, Value};

#[test]
fn date_times_are_written_back_as_read() {
    let forms = [
        "2022-11-08T00:00:00+00:00",
        "2022-11-08T00:00:00Z",
        "2022-11-08t00:00:00z",
        "2022-11-08 00:00:00+01:00",
        "2026-07-02T04:46:42.867000+00:00",
        "2026-07-02T04:46:42.8670+00:00",
        "2026-07-02T04:46:42.1Z",
        "2026-07-02T04:46:42.123456789-05:30",
        "2018-10-29T21:02:19.201+0000",
        "2018-10-29T21:02:19-0800",
        "2018-10-29T21:02:19+01",
        "2022-11-08T00:00:00",
        "2022-11-08T00:00:00.5",
        "2016-12-31T23:59:60Z",
    ];
    for text in forms {
        let parsed = DateTime::parse(text).unwrap_or_else(|e| panic!("{text}: {e}"));
        assert_eq!(parsed.to_string(), text);
        let json: DateTime = serde_json::from_value(json!(text)).unwrap();
        assert_eq!(serde_json::to_value(json).unwrap(), json!(text));
    }
}

#[test]
fn date_times_compare_as_instants() {
    let utc = DateTime::parse("2022-11-08T00:00:00Z").unwrap();
    for same in
        ["2022-11-08T00:00:00+00:00", "2022-11-07T19:00:00-0500", "2022-11-08T00:00:00", "2022-11-08T01:00:00+01"]
    {
        assert_eq!(DateTime::parse(same).unwrap(), utc, "{same}");
    }
    assert!(DateTime::parse("2022-11-08T00:00:01Z").unwrap() > utc);
    assert_eq!(DateTime::parse("2022-11-07T19:00:00-05:00").unwrap().to_utc().to_string(), "2022-11-08T00:00:00Z");
    // Made in Rust (from `chrono`), a date-time writes RFC 3339.
    let made = DateTime::from(utc.instant());
    assert_eq!(made.to_string(), "2022-11-08T00:00:00+00:00");
}

#[test]
fn malformed_date_times_are_errors() {
    for text in [
        "",
        "2022-11-08",
        "2022-11-08X00:00:00Z",
        "2022-13-08T00:00:00Z",
        "2022-02-30T00:00:00Z",
        "2022-11-08T24:00:00Z",
        "2022-11-08T00:00:00.Z",
        "2022-11-08T00:00:00.1234567891Z",
        "2022-11-08T00:00:00+2400",
        "2022-11-08T00:00:00+00:0",
        "2022-11-08T00:00:00 UTC",
        "２０２２-11-08T00:00:00Z",
    ] {
        assert!(DateTime::parse(text).is_err(), "{text:?} was accepted");
    }
    let error = serde_json::from_value::<DateTime>(json!("2022-11-08")).unwrap_err();
    assert!(error.to_string().starts_with("invalid date-time: expected `YYYY-MM-DDTHH:MM:SS"), "{error}");
}

#[test]
fn numbers_keep_integer_and_fraction_apart() {
    for text in ["25", "25.0", "0.1", "-7", "-7.5", "18446744073709551615", "-9223372036854775808", "1.5e300"] {
        let number: Number = serde_json::from_str(text).unwrap();
        let back = serde_json::to_string(&number).unwrap();
        assert_eq!(
            serde_json::from_str::<Value>(&back).unwrap(),
            serde_json::from_str::<Value>(text).unwrap(),
            "{text}"
        );
    }
    let written = |text: &str| serde_json::to_string(&serde_json::from_str::<Number>(text).unwrap()).unwrap();
    assert_eq!(written("25"), "25");
    assert_eq!(written("25.0"), "25.0");
    // Documented: the shortest text of the same f64.
    assert_eq!(written("0.10"), "0.1");
    assert_eq!(written("1e3"), "1000.0");
    let integer: Number = serde_json::from_str("25").unwrap();
    let float: Number = serde_json::from_str("25.0").unwrap();
    assert_eq!(integer, float, "compared by value");
    assert_eq!((integer.is_integer(), float.is_integer()), (true, false));
    assert_eq!((integer.as_i64(), float.as_i64(), float.as_f64()), (Some(25), None, 25.0));
    assert_eq!(serde_json::to_string(&Number::from(0.1f32)).unwrap(), "0.1");
    assert!(Number::from(-1) < Number::from(0.5));
    assert!(serde_json::from_str::<Number>("\"25\"").is_err());
}

#[test]
fn extra_keeps_members_and_marks() {
    let mut extra = Extra::default();
    assert!(extra.is_empty());
    assert_eq!(format!("{extra:?}"), "{}");
    extra.insert("anonymous_id", json!("a-1"));
    assert_eq!(extra.get("anonymous_id"), Some(&json!("a-1")));
    assert_eq!(extra.len(), 1);
    extra.set_null("next", true);
    assert!(extra.was_null("next") && !extra.was_null("prev"));
    extra.set_null("next", false);
    assert!(!extra.was_null("next"));
    assert_eq!(extra.remove("anonymous_id"), Some(json!("a-1")));
    assert!(extra.iter().next().is_none());
}

/// A generated struct: an `Option` read as `null` is written back as `null`,
/// until the field gets a value or the mark is cleared.
#[test]
fn nulls_of_optional_members_come_back() {
    use super::fixture::Links;
    let sent = json!({ "self": "https://api.example.com/api/x", "next": null, "prev": null, "first": "https://a/1" });
    let mut links: Links = serde_json::from_value(sent.clone()).unwrap();
    assert_eq!((links.next.as_deref(), links.extra.get("first")), (None, Some(&json!("https://a/1"))));
    assert_eq!(serde_json::to_value(&links).unwrap(), sent);
    links.next = Some("https://a/2".into());
    links.extra.set_null("prev", false);
    let written = serde_json::to_value(&links).unwrap();
    assert_eq!(
        written,
        json!({ "self": "https://api.example.com/api/x", "next": "https://a/2", "first": "https://a/1" })
    );
}

#[test]
fn structs_read_only_objects() {
    use super::fixture::Links;
    let error = serde_json::from_value::<Links>(json!(["https://a/1"])).unwrap_err();
    assert!(error.to_string().contains("expected an object (Links)"), "{error}");
    let error = serde_json::from_value::<Links>(json!({ "next": "x" })).unwrap_err();
    assert_eq!(error.to_string(), "missing field `self`");
}

/// A member repeated in one object is an error, declared or not: keeping one
/// of the two values would silently drop the other.
#[test]
fn repeated_members_are_errors() {
    use super::fixture::Links;
    for (text, member) in [
        (r#"{"self": "a", "self": "b"}"#, "self"),
        (r#"{"self": "a", "next": null, "next": "n"}"#, "next"),
        (r#"{"self": "a", "next": "n", "next": null}"#, "next"),
        (r#"{"self": "a", "x": 1, "x": 2}"#, "x"),
    ] {
        let error = crate::from_str::<Links>(text).unwrap_err();
        assert!(
            error.to_string().contains(&format!("duplicate field `{member}`"))
                || error.to_string().contains(&format!("duplicate member `{member}`")),
            "{text}: {error}"
        );
    }
}
