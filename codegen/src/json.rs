//! Small readers of raw JSON values, shared by the stages that read the
//! documents themselves (`resolve` and `vendor`).

use serde_json::{Map, Value};

/// The strings of a JSON array (`tags`, `required`); other members and a
/// missing or non-array value give none.
pub(crate) fn strings(value: Option<&Value>) -> Vec<String> {
    value.and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_str).map(str::to_owned).collect()
}

/// The listed values of a string `enum`: `None` when there is no `enum`, it
/// is empty, or a value is not a string.
pub(crate) fn string_values(schema: &Map<String, Value>) -> Option<Vec<String>> {
    let values = schema.get("enum")?.as_array()?;
    values.iter().map(|v| v.as_str().map(str::to_owned)).collect::<Option<Vec<_>>>().filter(|v| !v.is_empty())
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn strings_skip_what_is_not_a_string() {
        assert_eq!(strings(Some(&json!(["a", 1, "b"]))), ["a", "b"]);
        assert!(strings(Some(&json!("a"))).is_empty());
        assert!(strings(None).is_empty());
    }

    #[test]
    fn string_values_need_every_value_a_string() {
        let schema = |v: Value| v.as_object().cloned().unwrap();
        assert_eq!(string_values(&schema(json!({"enum": ["x", "y"]}))), Some(vec!["x".into(), "y".into()]));
        assert_eq!(string_values(&schema(json!({"enum": ["x", null]}))), None);
        assert_eq!(string_values(&schema(json!({"enum": []}))), None);
        assert_eq!(string_values(&schema(json!({"type": "string"}))), None);
    }
}
