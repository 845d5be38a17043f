//! Operations, compared as the IR has them (`ir::Operation`, read by
//! `resolve` for the generated crate too). An endpoint is `METHOD path` with
//! trailing slashes dropped and path parameters unnamed (older Klaviyo
//! revisions wrote `/api/campaigns/{campaign_id}/tags/`, newer ones
//! `/api/campaigns/{id}/tags`), and each is reduced to the facts a client
//! depends on: operationId, parameters, filters, request and success response
//! types (as Rust types), scopes, rate limits, deprecation.
//!
//! Classes: removing anything callers use (endpoint, parameter, parameter
//! value, filter field or operator) or changing a type is breaking, as are new
//! required parameters and renamed operationIds (a generated client's method
//! names); additions are additive; scopes, rate limits, deprecation and path
//! parameter names change no code and are docs-only.

use std::collections::{BTreeMap, BTreeSet};

use super::schemas::show;
use super::{Area, Change, Class, Kind};
use crate::ir::{self, Body, Ir, Limit, ParamIn, ParamKind, PartKind, Response, Shape, TypeId};
use crate::lower::rust_type;

/// What a client depends on in one operation.
#[derive(Debug, Default)]
struct Operation {
    /// `GET /api/campaigns/{id}`, as written (trailing slash dropped).
    display: String,
    /// The `operationId`, or the name made of method and path (`id_made_up`).
    id: Option<String>,
    id_made_up: bool,
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
    summary: Option<String>,
    description: Option<String>,
    /// `false`: sent without credentials (`security: []`).
    authenticated: bool,
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
pub(super) fn compare(old: &Ir, new: &Ir) -> Vec<Change> {
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

/// The types request bodies are made of: each JSON body's type and each
/// multipart part's, where they are named types.
pub(super) fn request_types(ir: &Ir) -> Vec<TypeId> {
    let named = |shape: &Shape| match shape {
        Shape::Named(id) => Some(*id),
        _ => None,
    };
    let mut found = Vec::new();
    for op in &ir.operations {
        match &op.body {
            Body::Json { shape, .. } => found.extend(named(shape)),
            Body::Multipart { parts, .. } => {
                found.extend(parts.iter().filter_map(|part| match &part.kind {
                    PartKind::Text { shape, .. } => named(shape),
                    PartKind::File { .. } => None,
                }));
            }
            Body::None | Body::Unmodelled { .. } => {}
        }
    }
    found
}

/// Every operation of a side by identity (`GET /api/campaigns/{}`); the first
/// document that defines one wins.
fn collect(ir: &Ir) -> BTreeMap<String, Operation> {
    let mut operations = BTreeMap::new();
    for op in &ir.operations {
        operations.entry(identity(op)).or_insert_with(|| operation(ir, op, &normalize(&op.path)));
    }
    operations
}

/// What matches an operation across the sides: `GET /api/campaigns/{}`.
pub(super) fn identity(op: &ir::Operation) -> String {
    format!("{} {}", op.method.as_str(), template(&normalize(&op.path)))
}

/// How a change names an operation: `GET /api/campaigns/{id}`.
pub(super) fn display(op: &ir::Operation) -> String {
    format!("{} {}", op.method.as_str(), normalize(&op.path))
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

fn operation(ir: &Ir, op: &ir::Operation, path: &str) -> Operation {
    let path_params: Vec<&str> = path.split('{').skip(1).filter_map(|s| s.split('}').next()).collect();
    let mut params = BTreeMap::new();
    let mut filters = BTreeMap::new();
    for param in &op.params {
        let place = match param.location {
            ParamIn::Path => "path",
            ParamIn::Query => "query",
            ParamIn::Header => "header",
        };
        let key = match path_params.iter().position(|p| *p == param.name) {
            Some(index) if param.location == ParamIn::Path => format!("path #{index}"),
            _ => format!("{place} {}", param.name),
        };
        if let ParamKind::Filter(fields) = &param.kind {
            filters = filter_operators(fields);
        }
        let (ty, values) = param_type(ir, &param.kind);
        let label = format!("{place} {}", param.name);
        params.insert(key, Param { label, required: param.required, ty, values });
    }
    // Cookie parameters are not modelled, but removing one still breaks callers that send it.
    for name in &op.unmodelled_params {
        let label = format!("cookie {name}");
        params.insert(
            label.clone(),
            Param { label, required: false, ty: "not modelled".into(), values: BTreeSet::new() },
        );
    }
    Operation {
        display: display(op),
        summary: op.summary.clone(),
        description: op.description.clone(),
        authenticated: op.authenticated,
        id: Some(op.id.clone()),
        id_made_up: !op.id_declared,
        params,
        filters,
        scopes: op.scopes.iter().cloned().collect(),
        rate_limit: rate_limit(&op.rate_limit),
        request: body_type(ir, &op.body),
        responses: op.responses.iter().map(|response| response_type(ir, response)).collect(),
        deprecated: op.deprecated,
    }
}

/// A parameter's type in a few words (a value's Rust type), and its listed values.
fn param_type(ir: &Ir, kind: &ParamKind) -> (String, BTreeSet<String>) {
    match kind {
        ParamKind::Value(shape) => (show(&rust_type(ir, shape)), BTreeSet::new()),
        ParamKind::Enum(values) => ("string enum".into(), values.iter().cloned().collect()),
        ParamKind::EnumList(values) => ("list of string enum".into(), values.iter().cloned().collect()),
        ParamKind::Filter(_) => ("filter expression".into(), BTreeSet::new()),
    }
}

/// Filter field → operators, as the vendor conventions read them (see
/// `vendor::filter_fields`).
fn filter_operators(fields: &[ir::FilterField]) -> BTreeMap<String, BTreeSet<String>> {
    fields
        .iter()
        .map(|field| {
            let operators = field.single.iter().chain(&field.list).chain(&field.unary).cloned().collect();
            (field.field.clone(), operators)
        })
        .collect()
}

/// `burst 3/s, steady 60/m`, from the documented rate limits.
fn rate_limit(limits: &ir::RateLimit) -> Option<String> {
    let text = |limit: Option<Limit>| limit.map_or("-".to_owned(), |l| format!("{}/{}", l.count, l.period.unit()));
    match (limits.burst, limits.steady) {
        (None, None) => None,
        (burst, steady) => Some(format!("burst {}, steady {}", text(burst), text(steady))),
    }
}

/// The request body's type: its Rust type, the parts of a multipart form,
/// or the media type of a body that is not modelled; `None` without a body.
fn body_type(ir: &Ir, body: &Body) -> Option<String> {
    match body {
        Body::None => None,
        Body::Json { shape, .. } => Some(show(&rust_type(ir, shape))),
        Body::Multipart { parts, .. } => {
            let names: Vec<&str> = parts.iter().map(|part| part.name.as_str()).collect();
            Some(format!("multipart form ({})", names.join(", ")))
        }
        Body::Unmodelled { media_type } => Some(format!("{media_type} (not modelled)")),
    }
}

/// A success status and its body's Rust type (`no body`).
fn response_type(ir: &Ir, response: &Response) -> (String, String) {
    match response {
        Response::Json { status, shape } => (status.clone(), show(&rust_type(ir, shape))),
        Response::Text { status } => (status.clone(), "String (text)".into()),
        Response::Empty { status } => (status.clone(), "no body".into()),
    }
}

fn compare_operation(o: &Operation, n: &Operation, out: &mut Vec<Change>) {
    let at = n.display.as_str();
    if o.id != n.id {
        let mut renamed =
            change(Class::Breaking, Kind::OperationIdChanged, at, "operationId", o.id.clone(), n.id.clone());
        renamed.note = match (o.id_made_up, n.id_made_up) {
            (true, false) => Some("the old name was made of method and path: the operation had no operationId".into()),
            (false, true) => Some("the operationId was removed: the new name is made of method and path".into()),
            _ => None,
        };
        out.push(renamed);
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
        let path = format!("response {status}");
        match n.responses.get(status) {
            Some(after) if after == before => {}
            Some(after) => out.push(change(
                Class::Breaking,
                Kind::ResponseChanged,
                at,
                &path,
                Some(before.clone()),
                Some(after.clone()),
            )),
            None => out.push(change(Class::Breaking, Kind::ResponseRemoved, at, &path, Some(before.clone()), None)),
        }
    }
    for (status, after) in n.responses.iter().filter(|(s, _)| !o.responses.contains_key(*s)) {
        let path = format!("response {status}");
        out.push(change(Class::Additive, Kind::ResponseAdded, at, &path, None, Some(after.clone())));
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
    for (field, before, after) in [("summary", &o.summary, &n.summary), ("description", &o.description, &n.description)]
    {
        if before != after {
            out.push(change(Class::DocsOnly, Kind::Docs, at, field, None, None));
        }
    }
    if o.authenticated != n.authenticated {
        let word = |on: bool| Some(if on { "credentials" } else { "no credentials" }.to_owned());
        let (class, note) = match n.authenticated {
            true => (Class::Breaking, "calls without credentials (`Client::anonymous`) now fail"),
            false => (Class::Additive, "the operation may now be called without credentials"),
        };
        let mut security =
            change(class, Kind::SecurityChanged, at, "security", word(o.authenticated), word(n.authenticated));
        security.note = Some(note.to_owned());
        out.push(security);
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
