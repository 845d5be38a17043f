//! Operations (`paths`), read from the raw documents: they are not in the IR
//! yet. Kept deliberately shallow: an endpoint is `METHOD path` with trailing
//! slashes dropped and path parameters unnamed (older Klaviyo revisions wrote
//! `/api/campaigns/{campaign_id}/tags/`, newer ones `/api/campaigns/{id}/tags`),
//! and each is reduced to the facts a client depends on: operationId,
//! parameters, filters, request and success response types, scopes, rate
//! limits, deprecation.
//!
//! Classes: removing anything callers use (endpoint, parameter, parameter
//! value, filter field or operator) or changing a type is breaking, as are new
//! required parameters and renamed operationIds (a generated client's method
//! names); additions are additive; scopes, rate limits, deprecation and path
//! parameter names change no code and are docs-only.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value};

use super::{Area, Change, Class, Kind};
use crate::ir::{Limit, Method};
use crate::load::Loaded;
use crate::vendor;

/// What a client depends on in one operation.
#[derive(Debug, Default)]
struct Operation {
    /// `GET /api/campaigns/{id}`, as written (trailing slash dropped).
    display: String,
    id: Option<String>,
    /// By `in name`; path parameters by position (`path #0`), so renaming one is not removal.
    params: BTreeMap<String, Param>,
    /// Filter field → operators.
    filters: BTreeMap<String, BTreeSet<String>>,
    scopes: BTreeSet<String>,
    rate_limit: Option<String>,
    request: Option<String>,
    /// Success status → body type.
    responses: BTreeMap<String, String>,
    deprecated: bool,
}

#[derive(Debug)]
struct Param {
    /// `query filter`, `path id`.
    label: String,
    required: bool,
    ty: String,
    values: BTreeSet<String>,
}

/// Every operation change between the two sides.
pub(super) fn compare(old: &Loaded, new: &Loaded) -> Vec<Change> {
    let (old, new) = (collect(old), collect(new));
    let mut out = Vec::new();
    for (key, o) in &old {
        match new.get(key) {
            Some(n) => compare_operation(o, n, &mut out),
            None => out.push(change(Class::Breaking, Kind::EndpointRemoved, &o.display, "", o.id.clone(), None)),
        }
    }
    for n in new.iter().filter(|(key, _)| !old.contains_key(*key)).map(|(_, n)| n) {
        out.push(change(Class::Additive, Kind::EndpointAdded, &n.display, "", None, n.id.clone()));
    }
    out
}

/// Names of the component schemas a `requestBody` refers to, anywhere in it.
pub(super) fn request_schema_names(loaded: &Loaded) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    for document in &loaded.documents {
        for (_, _, _, op) in operations_of(&document.root) {
            if let Some(body) = op.get("requestBody") {
                schema_refs(deref(&document.root, body), &mut names);
            }
        }
    }
    names
}

fn schema_refs(value: &Value, names: &mut BTreeSet<String>) {
    match value {
        Value::Object(map) => {
            if let Some(name) =
                map.get("$ref").and_then(Value::as_str).and_then(|r| r.strip_prefix("#/components/schemas/"))
            {
                names.insert(unescape(name));
            }
            map.values().for_each(|v| schema_refs(v, names));
        }
        Value::Array(items) => items.iter().for_each(|v| schema_refs(v, names)),
        _ => {}
    }
}

/// `(path, method, path item, operation)` for every operation of a document.
fn operations_of(root: &Value) -> Vec<(&str, &'static str, &Value, &Map<String, Value>)> {
    let mut found = Vec::new();
    let Some(paths) = root.get("paths").and_then(Value::as_object) else { return found };
    for (path, item) in paths {
        let item = deref(root, item);
        for method in Method::ALL {
            if let Some(op) = item.get(method.key()).and_then(Value::as_object) {
                found.push((path.as_str(), method.key(), item, op));
            }
        }
    }
    found
}

/// Every operation of a side by identity (`GET /api/campaigns/{}`); the first
/// document that defines one wins.
fn collect(loaded: &Loaded) -> BTreeMap<String, Operation> {
    let mut operations = BTreeMap::new();
    for document in &loaded.documents {
        let root = &document.root;
        for (path, method, item, op) in operations_of(root) {
            let path = normalize(path);
            let key = format!("{} {}", method.to_uppercase(), template(&path));
            operations.entry(key).or_insert_with(|| operation(root, method, &path, item, op));
        }
    }
    operations
}

/// Trailing slashes dropped: older Klaviyo revisions wrote every path with one.
fn normalize(path: &str) -> String {
    match path.trim_end_matches('/') {
        "" => "/".to_owned(),
        trimmed => trimmed.to_owned(),
    }
}

/// The path with parameter names blanked: `/api/campaigns/{}`.
fn template(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    let mut in_param = false;
    for c in path.chars() {
        match c {
            '{' => {
                in_param = true;
                out.push_str("{}");
            }
            '}' => in_param = false,
            _ if in_param => {}
            _ => out.push(c),
        }
    }
    out
}

fn operation(root: &Value, method: &str, path: &str, item: &Value, op: &Map<String, Value>) -> Operation {
    let path_params: Vec<&str> = path.split('{').skip(1).filter_map(|s| s.split('}').next()).collect();
    let mut params = BTreeMap::new();
    let shared = item.get("parameters").and_then(Value::as_array);
    let own = op.get("parameters").and_then(Value::as_array);
    // Operation parameters override path-item ones of the same name and place.
    for raw in shared.into_iter().flatten().chain(own.into_iter().flatten()) {
        if let Some((key, param)) = parameter(root, deref(root, raw), &path_params) {
            params.insert(key, param);
        }
    }
    Operation {
        display: format!("{} {path}", method.to_uppercase()),
        id: op.get("operationId").and_then(Value::as_str).map(str::to_owned),
        filters: filters(root, op),
        scopes: scopes(op),
        rate_limit: rate_limit(op),
        request: op.get("requestBody").map(|body| body_type(root, body)),
        responses: responses(root, op),
        deprecated: op.get("deprecated").and_then(Value::as_bool).unwrap_or(false),
        params,
    }
}

fn parameter(root: &Value, raw: &Value, path_params: &[&str]) -> Option<(String, Param)> {
    let name = raw.get("name")?.as_str()?;
    let place = raw.get("in")?.as_str()?;
    let key = match path_params.iter().position(|p| *p == name) {
        Some(index) if place == "path" => format!("path #{index}"),
        _ => format!("{place} {name}"),
    };
    let schema = raw.get("schema").map(|s| deref(root, s));
    let items = schema.and_then(|s| s.get("items")).map(|s| deref(root, s));
    let values = [schema, items]
        .into_iter()
        .flatten()
        .filter_map(|s| s.get("enum").and_then(Value::as_array))
        .flatten()
        .filter_map(|v| v.as_str().map(str::to_owned))
        .collect();
    let param = Param {
        label: format!("{place} {name}"),
        required: raw.get("required").and_then(Value::as_bool).unwrap_or(false),
        ty: schema_summary(raw.get("schema")),
        values,
    };
    Some((key, param))
}

/// A schema in a few words: `string`, `string (date-time)`, `array of string`, `SchemaName`.
fn schema_summary(schema: Option<&Value>) -> String {
    let Some(schema) = schema else { return "any".into() };
    if let Some(reference) = schema.get("$ref").and_then(Value::as_str) {
        return ref_name(reference);
    }
    let ty = schema.get("type").and_then(Value::as_str).unwrap_or("any");
    match (ty, schema.get("format").and_then(Value::as_str)) {
        ("array", _) => format!("array of {}", schema_summary(schema.get("items"))),
        (ty, Some(format)) => format!("{ty} ({format})"),
        (ty, None) => ty.to_owned(),
    }
}

/// Filter field → operators, as the vendor conventions read them (see
/// `vendor::filter_fields`).
fn filters(root: &Value, op: &Map<String, Value>) -> BTreeMap<String, BTreeSet<String>> {
    let params = op.get("parameters").and_then(Value::as_array).into_iter().flatten().map(|p| deref(root, p));
    let prose = params
        .filter(|p| p.get("name").and_then(Value::as_str) == Some("filter"))
        .find_map(|p| p.get("description").and_then(Value::as_str));
    let fields = vendor::filter_fields(op, prose).unwrap_or_default();
    fields
        .into_iter()
        .map(|field| {
            let operators = field.single.into_iter().chain(field.list).chain(field.unary).collect();
            (field.field, operators)
        })
        .collect()
}

/// The scopes an operation needs, as the vendor conventions read them.
fn scopes(op: &Map<String, Value>) -> BTreeSet<String> {
    vendor::scopes(op).unwrap_or_default().into_iter().collect()
}

/// `burst 3/s, steady 60/m`, from the documented rate limits.
fn rate_limit(op: &Map<String, Value>) -> Option<String> {
    let limits = vendor::rate_limit(op);
    let text = |limit: Option<Limit>| limit.map_or("-".to_owned(), |l| format!("{}/{}", l.count, l.period.unit()));
    match (limits.burst, limits.steady) {
        (None, None) => None,
        (burst, steady) => Some(format!("burst {}, steady {}", text(burst), text(steady))),
    }
}

/// The type of a request or response body: its schema's name, `inline`, or `no body`.
fn body_type(root: &Value, body: &Value) -> String {
    let body = deref(root, body);
    let schema =
        body.get("content").and_then(Value::as_object).and_then(|c| c.values().next()).and_then(|m| m.get("schema"));
    match schema {
        Some(schema) if schema.get("$ref").is_some() => schema_summary(Some(schema)),
        Some(schema) => format!("inline {}", schema_summary(Some(schema))),
        None => "no body".into(),
    }
}

fn responses(root: &Value, op: &Map<String, Value>) -> BTreeMap<String, String> {
    let Some(responses) = op.get("responses").and_then(Value::as_object) else { return BTreeMap::new() };
    responses
        .iter()
        .filter(|(status, _)| status.starts_with('2'))
        .map(|(status, response)| (status.clone(), body_type(root, response)))
        .collect()
}

fn compare_operation(o: &Operation, n: &Operation, out: &mut Vec<Change>) {
    let at = n.display.as_str();
    if o.id != n.id {
        out.push(change(Class::Breaking, Kind::OperationIdChanged, at, "operationId", o.id.clone(), n.id.clone()));
    }
    compare_params(at, &o.params, &n.params, out);
    compare_filters(at, &o.filters, &n.filters, out);
    if o.request != n.request {
        out.push(change(
            Class::Breaking,
            Kind::RequestBodyChanged,
            at,
            "request body",
            o.request.clone(),
            n.request.clone(),
        ));
    }
    for (status, before) in &o.responses {
        let after = n.responses.get(status);
        if after != Some(before) {
            let path = format!("response {status}");
            out.push(change(Class::Breaking, Kind::ResponseChanged, at, &path, Some(before.clone()), after.cloned()));
        }
    }
    for (status, after) in n.responses.iter().filter(|(s, _)| !o.responses.contains_key(*s)) {
        let path = format!("response {status}");
        out.push(change(Class::Additive, Kind::ResponseChanged, at, &path, None, Some(after.clone())));
    }
    if o.scopes != n.scopes {
        let added: Vec<&str> = n.scopes.difference(&o.scopes).map(String::as_str).collect();
        let mut scopes =
            change(Class::DocsOnly, Kind::ScopesChanged, at, "scopes", joined(&o.scopes), joined(&n.scopes));
        scopes.note = (!added.is_empty()).then(|| format!("API keys now also need {}", added.join(", ")));
        out.push(scopes);
    }
    if o.rate_limit != n.rate_limit {
        out.push(change(
            Class::DocsOnly,
            Kind::RateLimitChanged,
            at,
            "rate limit",
            o.rate_limit.clone(),
            n.rate_limit.clone(),
        ));
    }
    if o.deprecated != n.deprecated {
        let mark = |on: bool| on.then(|| "deprecated".to_owned());
        out.push(change(Class::DocsOnly, Kind::OperationDeprecated, at, "", mark(o.deprecated), mark(n.deprecated)));
    }
}

fn compare_params(at: &str, old: &BTreeMap<String, Param>, new: &BTreeMap<String, Param>, out: &mut Vec<Change>) {
    for (key, p) in old {
        let Some(q) = new.get(key) else {
            out.push(change(Class::Breaking, Kind::ParameterRemoved, at, &p.label, Some(p.ty.clone()), None));
            continue;
        };
        let path = q.label.as_str();
        if p.label != q.label {
            out.push(change(
                Class::DocsOnly,
                Kind::ParameterRenamed,
                at,
                path,
                Some(p.label.clone()),
                Some(q.label.clone()),
            ));
        }
        match (p.required, q.required) {
            (false, true) => out.push(change(Class::Breaking, Kind::ParameterBecameRequired, at, path, None, None)),
            (true, false) => out.push(change(Class::Additive, Kind::ParameterBecameOptional, at, path, None, None)),
            _ => {}
        }
        if p.ty != q.ty {
            out.push(change(
                Class::Breaking,
                Kind::ParameterTypeChanged,
                at,
                path,
                Some(p.ty.clone()),
                Some(q.ty.clone()),
            ));
        }
        let removed: BTreeSet<String> = p.values.difference(&q.values).cloned().collect();
        let added: BTreeSet<String> = q.values.difference(&p.values).cloned().collect();
        if !removed.is_empty() {
            out.push(change(Class::Breaking, Kind::ParameterValueRemoved, at, path, joined(&removed), None));
        }
        if !added.is_empty() {
            out.push(change(Class::Additive, Kind::ParameterValueAdded, at, path, None, joined(&added)));
        }
    }
    for q in new.iter().filter(|(key, _)| !old.contains_key(*key)).map(|(_, q)| q) {
        let class = if q.required { Class::Breaking } else { Class::Additive };
        let mut added = change(class, Kind::ParameterAdded, at, &q.label, None, Some(q.ty.clone()));
        added.note = Some(if q.required { "required" } else { "optional" }.to_owned());
        out.push(added);
    }
}

fn compare_filters(
    at: &str,
    old: &BTreeMap<String, BTreeSet<String>>,
    new: &BTreeMap<String, BTreeSet<String>>,
    out: &mut Vec<Change>,
) {
    for (field, ops) in old {
        let path = format!("filter {field}");
        let Some(new_ops) = new.get(field) else {
            out.push(change(Class::Breaking, Kind::FilterRemoved, at, &path, joined(ops), None));
            continue;
        };
        let removed: BTreeSet<String> = ops.difference(new_ops).cloned().collect();
        let added: BTreeSet<String> = new_ops.difference(ops).cloned().collect();
        if !removed.is_empty() {
            out.push(change(Class::Breaking, Kind::FilterOperatorRemoved, at, &path, joined(&removed), None));
        }
        if !added.is_empty() {
            out.push(change(Class::Additive, Kind::FilterOperatorAdded, at, &path, None, joined(&added)));
        }
    }
    for (field, ops) in new.iter().filter(|(field, _)| !old.contains_key(*field)) {
        out.push(change(Class::Additive, Kind::FilterAdded, at, &format!("filter {field}"), None, joined(ops)));
    }
}

fn change(
    class: Class,
    kind: Kind,
    subject: &str,
    path: &str,
    before: Option<String>,
    after: Option<String>,
) -> Change {
    Change {
        class,
        area: Area::Operation,
        kind,
        subject: subject.to_owned(),
        path: path.to_owned(),
        before,
        after,
        note: None,
    }
}

fn joined(values: &BTreeSet<String>) -> Option<String> {
    (!values.is_empty()).then(|| values.iter().map(String::as_str).collect::<Vec<_>>().join(", "))
}

/// Follow local `$ref`s (`#/components/parameters/X`), a few levels at most.
fn deref<'v>(root: &'v Value, value: &'v Value) -> &'v Value {
    let mut value = value;
    for _ in 0..8 {
        let target = value
            .get("$ref")
            .and_then(Value::as_str)
            .and_then(|r| r.strip_prefix('#'))
            .and_then(|pointer| root.pointer(pointer));
        match target {
            Some(target) => value = target,
            None => break,
        }
    }
    value
}

fn ref_name(reference: &str) -> String {
    unescape(reference.rsplit('/').next().unwrap_or(reference))
}

fn unescape(token: &str) -> String {
    token.replace("~1", "/").replace("~0", "~")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_compared_without_trailing_slashes_or_parameter_names() {
        assert_eq!(template(&normalize("/api/campaigns/{campaign_id}/tags/")), "/api/campaigns/{}/tags");
        assert_eq!(template(&normalize("/api/campaigns/{id}/tags")), "/api/campaigns/{}/tags");
        assert_eq!(normalize("/"), "/");
    }
}
