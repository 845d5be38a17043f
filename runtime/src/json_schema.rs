//! `schemars::JsonSchema` (feature `schemars`) for the runtime types, and the
//! schemas of the generated types whose serde impls are written by hand.
//!
//! Each schema states what the type accepts on deserialization, so a JSON
//! Schema validator agrees with serde: open enums accept any string (values
//! added between API revisions are kept), a tagged union accepts an object
//! with an unlisted tag (kept as raw JSON), `Tristate` and `Option` accept
//! `null`.

use std::borrow::Cow;

use schemars::{json_schema, JsonSchema, Schema, SchemaGenerator};

/// What [`crate::DateTime::parse`] accepts, as a pattern: RFC 3339 and the
/// ISO 8601 forms servers send beside it (offset `+HHMM` or `+HH`, or none,
/// read as UTC). Calendar validity (month 13) is checked by the type,
/// not by the pattern.
const DATE_TIME_PATTERN: &str =
    r"^[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt ][0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,9})?([Zz]|[+-][0-9]{2}(:?[0-9]{2})?)?$";

/// What [`crate::FullDate::parse`] accepts (`2024-01-31`), as a pattern.
const DATE_PATTERN: &str = r"^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}$";

impl JsonSchema for crate::DateTime {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> Cow<'static, str> {
        Cow::Borrowed("DateTime")
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        // Not `format: date-time`: that format requires an offset, and the
        // type also accepts date-times without one.
        json_schema!({
            "type": "string",
            "pattern": DATE_TIME_PATTERN,
            "description": "An RFC 3339 date-time; the offset may also be `+HHMM` or `+HH`, or omitted (read as UTC).",
        })
    }
}

impl JsonSchema for crate::Number {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> Cow<'static, str> {
        Cow::Borrowed("Number")
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({ "type": "number" })
    }
}

impl JsonSchema for crate::FullDate {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> Cow<'static, str> {
        Cow::Borrowed("FullDate")
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({ "type": "string", "format": "date", "pattern": DATE_PATTERN })
    }
}

/// `null` or the value; absence is the field's business (`#[serde(default)]`).
impl<T: JsonSchema> JsonSchema for crate::Tristate<T> {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> Cow<'static, str> {
        <Option<T>>::schema_name()
    }

    fn schema_id() -> Cow<'static, str> {
        <Option<T>>::schema_id()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        <Option<T>>::json_schema(generator)
    }
}

/// An open enum: the listed values, or any other string (kept as `Other`).
#[allow(dead_code)] // a crate (or a choice of area features) may have no such type
pub(crate) fn open_enum(values: &[&str]) -> Schema {
    json_schema!({
        "anyOf": [
            { "type": "string", "enum": values },
            { "type": "string", "description": "A value this revision of the schema does not list." },
        ]
    })
}

/// A closed enum: the listed values only.
#[allow(dead_code)] // a crate (or a choice of area features) may have no such type
pub(crate) fn closed_enum(values: &[&str]) -> Schema {
    json_schema!({ "type": "string", "enum": values })
}

/// A closed tagged union: an object whose `tag` property is one of the
/// listed values, and that matches the branch that value selects.
#[allow(dead_code)] // a crate (or a choice of area features) may have no such type
pub(crate) fn closed_tagged(tag: &str, branches: &[(&str, Schema)]) -> Schema {
    let mut schema = tagged(tag, branches);
    let values: Vec<&str> = branches.iter().map(|(value, _)| *value).collect();
    schema.insert("required".into(), serde_json::json!([tag]));
    schema.insert("properties".into(), serde_json::json!({ tag: { "type": "string", "enum": values } }));
    schema
}

/// A single-value type: that string and nothing else.
#[allow(dead_code)] // a crate (or a choice of area features) may have no such type
pub(crate) fn constant(value: &str) -> Schema {
    json_schema!({ "type": "string", "const": value })
}

/// A tagged union: an object whose `tag` property, when it is one of the
/// listed values, selects the branch it must match; any other object (tag
/// missing or unlisted) is kept raw.
#[allow(dead_code)] // a crate (or a choice of area features) may have no such type
pub(crate) fn tagged(tag: &str, branches: &[(&str, Schema)]) -> Schema {
    let conditions: Vec<serde_json::Value> = branches
        .iter()
        .map(|(value, branch)| {
            serde_json::json!({
                "if": { "properties": { tag: { "const": value } }, "required": [tag] },
                "then": branch,
            })
        })
        .collect();
    json_schema!({ "type": "object", "allOf": conditions })
}

/// A union tried branch by branch: any one of them.
#[allow(dead_code)] // a crate (or a choice of area features) may have no such type
pub(crate) fn any_of(branches: Vec<Schema>) -> Schema {
    json_schema!({ "anyOf": branches })
}

/// `schemars::JsonSchema` for a generated type, named by its Rust name, whose
/// schema is one of the forms below: written once here rather than once per
/// type, so the generated code stays small.
///
/// ```ignore
/// schema_impl!(Status, open_enum("queued", "sent"));
/// schema_impl!(ProfileEnum, constant);
/// schema_impl!(Action, tagged("type", "send-email" => SendEmail, "wait" => Wait));
/// schema_impl!(Target, any_of(TargetVariant0, TargetVariant1));
/// ```
#[allow(unused_macros)]
macro_rules! schema_impl {
    ($name:ident, open_enum($($value:literal),* $(,)?)) => {
        $crate::json_schema::schema_impl!(@impl $name, |_generator| {
            $crate::json_schema::open_enum(&[$($value),*])
        });
    };
    ($name:ident, closed_enum($($value:literal),* $(,)?)) => {
        $crate::json_schema::schema_impl!(@impl $name, |_generator| {
            $crate::json_schema::closed_enum(&[$($value),*])
        });
    };
    ($name:ident, closed_tagged($tag:literal, $($value:literal => $branch:ty),* $(,)?)) => {
        $crate::json_schema::schema_impl!(@impl $name, |generator| {
            $crate::json_schema::closed_tagged($tag, &[$(($value, generator.subschema_for::<$branch>())),*])
        });
    };
    ($name:ident, constant) => {
        $crate::json_schema::schema_impl!(@impl $name, |_generator| $crate::json_schema::constant($name::VALUE));
    };
    ($name:ident, tagged($tag:literal, $($value:literal => $branch:ty),* $(,)?)) => {
        $crate::json_schema::schema_impl!(@impl $name, |generator| {
            $crate::json_schema::tagged($tag, &[$(($value, generator.subschema_for::<$branch>())),*])
        });
    };
    ($name:ident, any_of($($branch:ty),* $(,)?)) => {
        $crate::json_schema::schema_impl!(@impl $name, |generator| {
            $crate::json_schema::any_of(vec![$(generator.subschema_for::<$branch>()),*])
        });
    };
    (@impl $name:ident, |$generator:ident| $body:expr) => {
        impl schemars::JsonSchema for $name {
            fn schema_name() -> std::borrow::Cow<'static, str> {
                std::borrow::Cow::Borrowed(stringify!($name))
            }

            fn json_schema($generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
                $body
            }
        }
    };
}
#[allow(unused_imports)]
pub(crate) use schema_impl;
