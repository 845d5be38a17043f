//! Vendor conventions: the one place that reads what a vendor adds to OpenAPI
//! (extensions, and facts its documents state only in prose).
//!
//! Everything else reads standard OpenAPI, so a document without these
//! conventions generates a crate with no trace of them. The conventions read
//! here are Klaviyo's (from its published OpenAPI documents):
//!
//! - `x-klaviyo-operation-aliases`: other ids an operation is known by;
//! - `x-klaviyo-scopes`, else the code spans after `**Scopes:**` in the
//!   operation's description: the API key scopes it needs;
//! - `x-klaviyo-ratelimit` (`{"burst": "75/s", "steady": "750/m"}`), else the
//!   ``Burst: `75/s` `` lines of the description: its rate limits;
//! - `x-klaviyo-filters`, else the "Allowed field(s)/operator(s)" list of the
//!   `filter` parameter's description: the fields and operators of its
//!   JSON:API `filter` expression;
//! - `x-default` of an API-key security scheme (`Klaviyo-API-Key
//!   your-private-api-key`): the text sent before the key;
//! - the default of a `revision` header parameter: the API revision the
//!   crate's `REVISION` constant names;
//! - schema names containing `Query`: request documents (for the diff's
//!   notes on documents without operations).
//!
//! Both `resolve` (for the generated crate) and `diff` (to compare revisions)
//! read operations through these functions.

use serde_json::{Map, Value};

use crate::ir::{FilterField, FilterValueKind, Limit, Param, ParamIn, Period, RateLimit};
use crate::json::{string_values, strings};

/// What introduces the prose list of filter fields and operators.
const FILTER_PROSE: &str = "Allowed field(s)/operator(s):";

/// Filter operators that take a list of values, for revisions that only name
/// operators in prose (no `x-klaviyo-filters`).
const LIST_OPERATORS: &[&str] = &["any", "none", "contains-any", "contains-all"];

/// Other ids of the operation (`x-klaviyo-operation-aliases`).
pub fn aliases(operation: &Map<String, Value>) -> Vec<String> {
    strings(operation.get("x-klaviyo-operation-aliases"))
}

/// The scopes the operation needs: `x-klaviyo-scopes`, else the code spans of
/// the block after `**Scopes:**` in its description; `None` when neither is
/// there (the caller falls back to the scopes of its security requirements).
pub fn scopes(operation: &Map<String, Value>) -> Option<Vec<String>> {
    if let Some(list) = operation.get("x-klaviyo-scopes").and_then(Value::as_array) {
        return Some(list.iter().filter_map(Value::as_str).map(str::to_owned).collect());
    }
    let description = operation.get("description").and_then(Value::as_str)?;
    let (_, after) = description.split_once("**Scopes:**")?;
    let block = after.trim_start().split("\n\n").next().unwrap_or_default();
    Some(code_spans(block).into_iter().map(str::to_owned).collect())
}

/// The operation's rate limits: `x-klaviyo-ratelimit`, else the
/// ``Burst: `75/s` `` / `Steady:` / `Daily:` lines of its description.
pub fn rate_limit(operation: &Map<String, Value>) -> RateLimit {
    let extension = operation.get("x-klaviyo-ratelimit");
    let description = operation.get("description").and_then(Value::as_str);
    let from_extension = |key: &str| extension?.get(key)?.as_str().and_then(parse_limit);
    let from_description = |label: &str| {
        let (_, rest) = description?.split_once(&format!("{label}:"))?;
        code_spans(rest).first().copied().and_then(parse_limit)
    };
    RateLimit {
        burst: from_extension("burst").or_else(|| from_description("Burst")),
        steady: from_extension("steady").or_else(|| from_description("Steady")),
        daily: from_extension("daily").or_else(|| from_description("Daily")),
    }
}

/// `75/s` → 75 per second; periods `s`, `m`, `h`, `d`.
fn parse_limit(text: &str) -> Option<Limit> {
    let (count, period) = text.trim().split_once('/')?;
    let period = match period.trim().chars().next()? {
        's' => Period::Second,
        'm' => Period::Minute,
        'h' => Period::Hour,
        'd' => Period::Day,
        _ => return None,
    };
    Some(Limit { count: count.trim().parse().ok()?, period })
}

/// The fields a `filter` parameter may test: `x-klaviyo-filters` where the
/// operation has it, else the list in the parameter's description; `None`
/// when neither names a field (the parameter is then plain text).
pub fn filter_fields(operation: &Map<String, Value>, description: Option<&str>) -> Option<Vec<FilterField>> {
    match operation.get("x-klaviyo-filters").and_then(Value::as_object) {
        Some(filters) => Some(filters.iter().map(|(field, spec)| extension_filter(field, spec)).collect()),
        None => description_filters(description?),
    }
}

fn extension_filter(field: &str, spec: &Value) -> FilterField {
    let operators = |arity: &str| strings(spec.get("operators").and_then(|o| o.get(arity)));
    let value = spec.get("value").and_then(Value::as_object);
    let kind = match value {
        Some(value) => match (value.get("type").and_then(Value::as_str), value.get("format").and_then(Value::as_str)) {
            (Some("string"), _) if string_values(value).is_some() => {
                FilterValueKind::Enum(string_values(value).unwrap_or_default())
            }
            (Some("string"), Some("date-time")) => FilterValueKind::DateTime,
            (Some("string"), _) => FilterValueKind::String,
            (Some("boolean"), _) => FilterValueKind::Boolean,
            (Some("integer"), _) => FilterValueKind::Integer,
            (Some("number"), _) => FilterValueKind::Number,
            _ => FilterValueKind::Unknown,
        },
        None => FilterValueKind::Unknown,
    };
    FilterField {
        field: field.to_owned(),
        single: operators("single"),
        list: operators("list"),
        unary: operators("none"),
        value: kind,
    }
}

/// `Allowed field(s)/operator(s):<br>\`status\`: \`any\`, \`equals\`<br>...`:
/// one field per line (`<br>` or newline); the list ends at the first line
/// that does not start with a code span.
fn description_filters(description: &str) -> Option<Vec<FilterField>> {
    let (_, rest) = description.split_once(FILTER_PROSE)?;
    let mut fields: Vec<FilterField> = Vec::new();
    for line in rest.split("<br>").flat_map(|l| l.split('\n')).map(str::trim) {
        if line.is_empty() {
            continue;
        }
        let spans = code_spans(line);
        let Some((field, operators)) = spans.split_first().filter(|_| line.starts_with('`')) else { break };
        let (list, single) =
            operators.iter().map(|o| (*o).to_owned()).partition(|o| LIST_OPERATORS.contains(&o.as_str()));
        fields.push(FilterField {
            field: (*field).to_owned(),
            single,
            list,
            unary: Vec::new(),
            value: FilterValueKind::Unknown,
        });
    }
    (!fields.is_empty()).then_some(fields)
}

/// What an API-key security scheme's value starts with, before the key:
/// `Klaviyo-API-Key ` from `x-default: "Klaviyo-API-Key your-private-api-key"`
/// (the example value, whose last word stands for the key).
pub fn api_key_prefix(scheme: &Map<String, Value>) -> Option<String> {
    let example = scheme.get("x-default")?.as_str()?;
    let (prefix, _placeholder) = example.rsplit_once(' ')?;
    Some(format!("{prefix} "))
}

/// The API revision an operation is written for: the default of its
/// `revision` header parameter (Klaviyo sends the revision as a header), for
/// the generated crate's `REVISION` constant. The header itself stays an
/// ordinary parameter.
pub fn revision(params: &[Param]) -> Option<String> {
    params
        .iter()
        .find(|p| p.location == ParamIn::Header && p.name.eq_ignore_ascii_case("revision"))
        .and_then(|p| p.default.clone())
}

/// Whether a schema is, by its name, a request document (Klaviyo names its
/// request bodies `…Query`: `ProfileCreateQuery`). The diff uses it for
/// documents without operations, where no `requestBody` says so.
pub fn is_request_schema_name(name: &str) -> bool {
    name.contains("Query")
}

/// The texts between backticks.
fn code_spans(line: &str) -> Vec<&str> {
    line.split('`').skip(1).step_by(2).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn object(value: Value) -> Map<String, Value> {
        value.as_object().cloned().expect("an object")
    }

    #[test]
    fn limits_parse_from_the_extension_or_the_description() {
        let operation =
            object(json!({"x-klaviyo-ratelimit": {"burst": "75/s", "steady": "750/m", "daily": "50000/d"}}));
        let limits = rate_limit(&operation);
        assert_eq!(limits.burst, Some(Limit { count: 75, period: Period::Second }));
        assert_eq!(limits.daily, Some(Limit { count: 50000, period: Period::Day }));
        let prose = "Get jobs.<br><br>*Rate limits*:<br>Burst: `10/s`<br>Steady: `150/m`\n\n**Scopes:**";
        let limits = rate_limit(&object(json!({ "description": prose })));
        assert_eq!(limits.steady, Some(Limit { count: 150, period: Period::Minute }));
        assert_eq!(limits.daily, None);
    }

    #[test]
    fn description_filters_split_fields_and_operators_and_end_with_the_list() {
        let text = "For more information<br>Allowed field(s)/operator(s):<br>`status`: `any`, `equals`<br>\
                    `created_at`: `greater-than`<br>See https://example.com/filtering: more";
        let fields = description_filters(text).expect("two fields");
        assert_eq!(fields.len(), 2, "{fields:?}");
        assert_eq!(fields[0].field, "status");
        assert_eq!(
            (fields[0].list.clone(), fields[0].single.clone()),
            (vec!["any".to_owned()], vec!["equals".to_owned()])
        );
        assert_eq!(fields[1].single, ["greater-than"]);
    }

    #[test]
    fn scopes_come_from_the_extension_or_the_description() {
        assert_eq!(scopes(&object(json!({"x-klaviyo-scopes": ["lists:read"]}))), Some(vec!["lists:read".to_owned()]));
        let prose = "Get a list.\n\n**Scopes:**\n`lists:read`\n`profiles:read`\n\nMore.";
        assert_eq!(
            scopes(&object(json!({ "description": prose }))),
            Some(vec!["lists:read".to_owned(), "profiles:read".to_owned()])
        );
        assert_eq!(scopes(&object(json!({"description": "No scopes here."}))), None);
    }

    #[test]
    fn api_key_prefix_is_the_example_before_its_placeholder() {
        let scheme = object(json!({"type": "apiKey", "x-default": "Klaviyo-API-Key your-private-api-key"}));
        assert_eq!(api_key_prefix(&scheme).as_deref(), Some("Klaviyo-API-Key "));
        assert_eq!(api_key_prefix(&object(json!({"type": "apiKey"}))), None);
    }
}
