//! Lowering of operations: how each API operation is spelled in the
//! generated `operations` module (module, request fields, value enums, typed
//! filter methods, pagination), without producing tokens yet.

use super::{doc_lines, rust_type, AreaFeature, EnumMember, RustType};
use crate::ir::{self, Body, Docs, FilterValueKind, Ir, ParamIn, ParamKind, PartKind, Response, Shape, TypeKind};
use crate::naming::{self, Scope};
use std::collections::VecDeque;

use foldhash::{HashMap, HashMapExt, HashSet, HashSetExt};

/// Names every operation module defines itself.
const MODULE_NAMES: &[&str] = &["Request", "Response", "Filter", "Form"];

#[derive(Debug, Clone)]
pub struct OperationPlan {
    /// The Rust module name (snake_case of the `operationId`).
    pub module: String,
    /// Area features that enable the operation (any of them).
    pub features: Vec<String>,
    pub docs: Vec<String>,
    pub deprecated: bool,
    pub id: String,
    /// Whether `id` is the document's `operationId` (else made of method and path).
    pub id_declared: bool,
    pub aliases: Vec<String>,
    pub method: ir::Method,
    pub path: String,
    pub scopes: Vec<String>,
    /// `false`: sent without credentials (`security: []`).
    pub authenticated: bool,
    pub rate_limit: ir::RateLimit,
    pub fields: Vec<ParamPlan>,
    /// The fields `Request::new` takes: path parameters and the parameters
    /// without an empty value (a required enum). With none, and no required
    /// body, `Request` derives `Default`.
    pub constructor_fields: Vec<String>,
    /// Value enums defined in the module.
    pub enums: Vec<ValueEnum>,
    /// Value enums defined once in `operations` (shared with other
    /// operations) and re-exported here: (shared name, name in this module).
    pub shared_enums: Vec<Reexport>,
    /// Enums of the crate root (the response's) that filter fields take,
    /// re-exported here: (type name at the root, name in this module).
    pub response_enums: Vec<Reexport>,
    pub filter: Option<Vec<FilterMethod>>,
    pub body: Option<BodyPlan>,
    /// A `multipart/form-data` body: the module's `Form`.
    pub form: Option<FormPlan>,
    /// The `accept` header: the 2xx media types, comma-separated.
    pub accept: Option<String>,
    /// A body media type that is not modelled: no `Operation` impl.
    pub unmodelled_body: Option<String>,
    /// `None`: the 2xx response has no body (`()`).
    pub response: Option<RustType>,
    /// The 2xx body is text (`text/*`), read as a `String`, not as JSON.
    pub text_response: bool,
    pub response_status: String,
    pub pagination: Option<Pagination>,
}

/// A field of the request struct for one parameter.
#[derive(Debug, Clone)]
pub struct ParamPlan {
    pub name: String,
    /// The parameter name as sent.
    pub json_name: String,
    pub ty: RustType,
    pub placement: Placement,
    pub docs: Vec<String>,
    /// The text sent when an optional header parameter is `None` (its
    /// schema's `default`).
    pub default: Option<String>,
}

/// How a request field goes on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Placement {
    /// Substituted into the path template.
    Path,
    /// A query parameter that is always sent.
    Query,
    /// An `Option`, sent when `Some`.
    OptionalQuery,
    /// A `Vec`, comma-joined, sent when not empty.
    ListQuery,
    /// A header parameter that is always sent.
    Header,
    /// An `Option` header parameter, sent when `Some` (or its default).
    OptionalHeader,
    /// A `Vec` header parameter, comma-joined, sent when not empty.
    ListHeader,
}

/// A closed enum of allowed values (`fields[...]`, `include`, `sort`, filter values).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ValueEnum {
    pub name: String,
    pub doc: String,
    pub values: Vec<EnumMember>,
}

/// Whether `Request::new` must take the field: a path parameter (an empty
/// one makes another URL) or a type without an empty value.
fn needs_argument(field: &ParamPlan) -> bool {
    field.placement == Placement::Path || !has_empty_value(&field.ty)
}

/// Whether `Default::default()` gives an empty value of the type (an
/// absent option, an empty list or text, zero).
pub(crate) fn has_empty_value(ty: &RustType) -> bool {
    matches!(
        ty,
        RustType::Option(_)
            | RustType::Vec(_)
            | RustType::String
            | RustType::I64
            | RustType::F64
            | RustType::Bool
            | RustType::Primitive(_)
    )
}

impl OperationPlan {
    /// Whether the body is required (a JSON body or a multipart form).
    pub fn body_required(&self) -> bool {
        self.body.as_ref().is_some_and(|b| b.required) || self.form.as_ref().is_some_and(|f| f.required)
    }

    /// Whether `Request` derives `Default`: nothing `Request::new` would take.
    pub fn request_has_default(&self) -> bool {
        self.constructor_fields.is_empty() && !self.body_required()
    }
}

/// A type defined elsewhere and re-exported into an operation module under
/// a name of its own: `pub use {name} as {local};`.
#[derive(Debug, Clone)]
pub struct Reexport {
    /// The type where it is defined (in `operations`, or at the crate root).
    pub name: String,
    /// Its name in the module.
    pub local: String,
}

/// One method of the typed filter: `{field}_{operator}`.
#[derive(Debug, Clone)]
pub struct FilterMethod {
    pub name: String,
    pub operator: String,
    pub field: String,
    pub arity: Arity,
    pub value: FilterArg,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Arity {
    Single,
    List,
    Unary,
}

/// The type a filter method takes its value(s) as.
#[derive(Debug, Clone, PartialEq)]
pub enum FilterArg {
    Typed(RustType),
    /// Anything that writes a filter value (types not documented).
    Any,
}

#[derive(Debug, Clone)]
pub struct BodyPlan {
    pub ty: RustType,
    pub required: bool,
    /// The JSON media type it is sent as (`content-type`).
    pub media_type: String,
}

/// The `Form` of a `multipart/form-data` body: one field per part.
#[derive(Debug, Clone)]
pub struct FormPlan {
    pub required: bool,
    pub parts: Vec<PartPlan>,
}

/// A field of `Form`: one part (or one per item of a `Vec`).
#[derive(Debug, Clone)]
pub struct PartPlan {
    pub name: String,
    /// The part's `name`.
    pub json_name: String,
    /// The field's type, `Option` / `Vec` included.
    pub ty: RustType,
    pub encode: PartEncode,
    /// Wrapped in `Option` (optional part) or `Vec` (one part per item).
    pub wrap: PartWrap,
    /// The declared content type (`encoding`), if any.
    pub content_type: Option<String>,
    pub docs: Vec<String>,
}

/// How a part's value becomes bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PartEncode {
    /// A `FilePart`.
    File,
    /// A value: strings (enums' too), numbers and booleans as text, anything
    /// else as JSON (`Multipart::value`).
    Value,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PartWrap {
    Plain,
    Option,
    Vec,
}

/// How to reach `links.next` and `data` of a collection response.
#[derive(Debug, Clone)]
pub struct Pagination {
    pub item: RustType,
    /// Field names from the response to `next`, each with its wrapper.
    pub next: Vec<(String, Wrap)>,
    pub data: (String, Wrap),
}

/// How a field of a generated struct wraps its value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wrap {
    Plain,
    Option,
    Tristate,
}

/// The `operations` module: one module per operation, and the value enums
/// several operations share.
#[derive(Debug, Clone, Default)]
pub struct OperationsPlan {
    pub modules: Vec<OperationPlan>,
    /// Each with the features that enable it (any of them; empty: always).
    pub shared_enums: Vec<(ValueEnum, Vec<String>)>,
    /// Where the operations are sent and how they authenticate.
    pub api: ir::Api,
    /// Response enums that filters take, which get `FilterValue` once each,
    /// with the features that enable them (any of them; empty: always).
    pub filter_enums: Vec<(String, Vec<String>)>,
}

pub fn lower_operations(ir: &Ir, features: &[AreaFeature]) -> OperationsPlan {
    let mut modules = Scope::with_reserved(&["types", "runtime", "request", "client", "dynamic", "operations"]);
    let mut variants = VariantNames::default();
    // Declared operationIds claim their module names first: a name made of method and path yields to them.
    let (declared, made_up): (Vec<&ir::Operation>, Vec<&ir::Operation>) =
        ir.operations.iter().partition(|op| op.id_declared);
    let mut plans: Vec<OperationPlan> = declared
        .into_iter()
        .chain(made_up)
        .map(|op| lower_operation(ir, op, features, &mut modules, &mut variants))
        .collect();
    plans.sort_by(|a, b| a.module.cmp(&b.module));
    let shared_enums = share_enums(&mut plans);
    let mut users: Vec<(String, Vec<Vec<String>>)> = Vec::new();
    for plan in &plans {
        for Reexport { name, .. } in &plan.response_enums {
            match users.iter_mut().find(|(n, _)| n == name) {
                Some((_, features)) => features.push(plan.features.clone()),
                None => users.push((name.clone(), vec![plan.features.clone()])),
            }
        }
    }
    let filter_enums = users.into_iter().map(|(name, features)| (name, any_of(features))).collect();
    OperationsPlan { modules: plans, shared_enums, filter_enums, api: ir.api.clone() }
}

/// Define once, in `operations`, every value enum that several operations
/// declare identically (same name and values: `fields[profile]` is listed by
/// a dozen endpoints); each module re-exports it under its own name, so
/// `get_profiles::FieldsProfile` still names it. A shared name that is taken
/// by a different enum gets a number (`Include2`). Compiling one enum instead
/// of many is most of what operations cost to build.
fn share_enums(plans: &mut [OperationPlan]) -> Vec<(ValueEnum, Vec<String>)> {
    let mut users: HashMap<ValueEnum, usize> = HashMap::new();
    for plan in plans.iter() {
        plan.enums.iter().for_each(|e| *users.entry(e.clone()).or_default() += 1);
    }
    let mut names = Scope::default();
    // Shared enums in first-use order, with the feature sets of their users.
    let mut shared: Vec<(ValueEnum, Vec<Vec<String>>)> = Vec::new();
    let mut index_of: HashMap<ValueEnum, usize> = HashMap::new();
    for plan in plans.iter_mut() {
        let (kept, moved): (Vec<ValueEnum>, Vec<ValueEnum>) =
            std::mem::take(&mut plan.enums).into_iter().partition(|e| users[e] < 2);
        plan.enums = kept;
        for value_enum in moved {
            let index = *index_of.entry(value_enum.clone()).or_insert_with(|| {
                let name = names.claim(&value_enum.name, "");
                shared.push((ValueEnum { name, ..value_enum.clone() }, Vec::new()));
                shared.len() - 1
            });
            shared[index].1.push(plan.features.clone());
            plan.shared_enums.push(Reexport { name: shared[index].0.name.clone(), local: value_enum.name });
        }
    }
    shared.into_iter().map(|(value_enum, users)| (value_enum, any_of(users))).collect()
}

/// The features that enable an item several operations use: any feature of
/// any user, or none (always compiled) when some user is always compiled.
fn any_of(users: Vec<Vec<String>>) -> Vec<String> {
    if users.iter().any(Vec::is_empty) {
        return Vec::new();
    }
    let mut features: Vec<String> = users.into_iter().flatten().collect();
    features.sort();
    features.dedup();
    features
}

fn lower_operation(
    ir: &Ir,
    op: &ir::Operation,
    features: &[AreaFeature],
    modules: &mut Scope,
    variants: &mut VariantNames,
) -> OperationPlan {
    let mut names = Scope::with_reserved(&[MODULE_NAMES, naming::RESERVED_TYPE_NAMES].concat());
    let mut fields_scope = Scope::with_reserved(&["body"]);
    let in_path = |p: &ir::Param| p.location == ParamIn::Path;
    let mut enums = Vec::new();
    let mut response_enums = Vec::new();
    let mut filter = None;
    // Path parameters first, in template order, then the query in spec order.
    let mut params: Vec<&ir::Param> = op.params.iter().collect();
    params.sort_by_key(|p| (!in_path(p), if in_path(p) { op.path.find(&format!("{{{}}}", p.name)) } else { None }));
    let fields: Vec<ParamPlan> = params
        .into_iter()
        .map(|param| {
            let name = fields_scope.claim(&naming::field_name(&param.name), "_");
            let (ty, placement) = match &param.kind {
                ParamKind::Filter(allowed) => {
                    let candidates = match op.response() {
                        Response::Json { shape, .. } => enums_in_response(ir, shape),
                        Response::Empty { .. } | Response::Text { .. } => Vec::new(),
                    };
                    let mut values = ValueEnums { names: &mut names, enums: &mut enums, variants };
                    filter = Some(filter_methods(allowed, &mut values, &candidates, &mut response_enums));
                    (RustType::Named("Filter".into()), Placement::OptionalQuery)
                }
                ParamKind::Enum(values) => {
                    let name = param_enum(param, values, &mut names, &mut enums, variants);
                    (RustType::Named(name), Placement::Query)
                }
                ParamKind::EnumList(values) => {
                    let name = param_enum(param, values, &mut names, &mut enums, variants);
                    (RustType::Vec(Box::new(RustType::Named(name))), Placement::ListQuery)
                }
                ParamKind::Value(Shape::Array(items)) => {
                    (RustType::Vec(Box::new(rust_type(ir, items))), Placement::ListQuery)
                }
                ParamKind::Value(shape) => (rust_type(ir, shape), Placement::Query),
            };
            // A header parameter with a default is sent with it when `None`.
            let default = param.default.clone().filter(|_| param.location == ParamIn::Header);
            let optional = !param.required || default.is_some();
            let (ty, placement) = match (param.location, placement) {
                (ParamIn::Path, _) => (ty, Placement::Path),
                (ParamIn::Header, Placement::ListQuery) => (ty, Placement::ListHeader),
                (ParamIn::Header, Placement::Query) if !optional => (ty, Placement::Header),
                (ParamIn::Header, _) => (RustType::Option(Box::new(ty)), Placement::OptionalHeader),
                (_, Placement::Query) if !param.required => (RustType::Option(Box::new(ty)), Placement::OptionalQuery),
                (_, Placement::OptionalQuery) => (RustType::Option(Box::new(ty)), Placement::OptionalQuery),
                (_, other) => (ty, other),
            };
            let place = match param.location {
                ParamIn::Path => " (path)",
                ParamIn::Query => " (query)",
                ParamIn::Header => " (header)",
            };
            let mut docs = vec![format!("`{}`{place}", param.name)];
            if let Some(default) = &default {
                docs[0].push_str(&format!("; `None` sends the default `{default}`"));
            }
            let described = Docs { description: param.description.clone(), ..Docs::default() };
            let lines = doc_lines(&described, None);
            if !lines.is_empty() {
                docs.push(String::new());
                docs.extend(lines);
            }
            ParamPlan { name, json_name: param.name.clone(), ty, placement, docs, default }
        })
        .collect();
    let module = modules.claim(&naming::field_name(&op.id), "_");
    let body = match &op.body {
        Body::Json { shape, required, media_type } => {
            Some(BodyPlan { ty: qualified(rust_type(ir, shape)), required: *required, media_type: media_type.clone() })
        }
        _ => None,
    };
    let form = match &op.body {
        Body::Multipart { parts, required } => Some(FormPlan { required: *required, parts: form_parts(ir, parts) }),
        _ => None,
    };
    let (response, response_status, pagination) = match op.response() {
        Response::Json { status, shape } => {
            (Some(qualified(rust_type(ir, shape))), status.clone(), pagination(ir, shape))
        }
        Response::Text { status } => (Some(RustType::String), status.clone(), None),
        Response::Empty { status } => (None, status.clone(), None),
    };
    let text_response = matches!(op.response(), Response::Text { .. });
    let mut features: Vec<String> =
        features.iter().filter(|f| op.tags.contains(&f.tag)).map(|f| f.name.clone()).collect();
    features.sort();
    OperationPlan {
        module,
        features,
        docs: operation_docs(op),
        deprecated: op.deprecated,
        id: op.id.clone(),
        id_declared: op.id_declared,
        aliases: op.aliases.clone(),
        method: op.method,
        path: op.path.clone(),
        scopes: op.scopes.clone(),
        authenticated: op.authenticated,
        rate_limit: op.rate_limit.clone(),
        constructor_fields: fields.iter().filter(|f| needs_argument(f)).map(|f| f.name.clone()).collect(),
        fields,
        enums,
        shared_enums: Vec::new(),
        response_enums,
        filter,
        body,
        form,
        accept: (!op.accept.is_empty()).then(|| op.accept.join(", ")),
        unmodelled_body: match &op.body {
            Body::Unmodelled { media_type } => Some(media_type.clone()),
            _ => None,
        },
        response,
        text_response,
        response_status,
        pagination,
    }
}

fn operation_docs(op: &ir::Operation) -> Vec<String> {
    let docs = Docs { title: op.summary.clone(), description: op.description.clone(), ..Docs::default() };
    let mut lines = doc_lines(&docs, None);
    // Without a summary or description the method and path are the first line, not a blank one.
    if !lines.is_empty() {
        lines.push(String::new());
    }
    lines.push(format!("`{} {}` (`{}#{}`).", op.method.as_str(), op.path, op.origin.file, op.origin.pointer));
    if !op.aliases.is_empty() {
        let aliases: Vec<String> = op.aliases.iter().map(|a| format!("`{a}`")).collect();
        lines.push(String::new());
        lines.push(format!("Also known as {}.", aliases.join(", ")));
    }
    if !op.unmodelled_params.is_empty() {
        let params: Vec<String> = op.unmodelled_params.iter().map(|h| format!("`{h}`")).collect();
        lines.push(String::new());
        lines.push(format!("Cookie parameters not modelled here (add them yourself): {}.", params.join(", ")));
    }
    if let Body::Unmodelled { media_type } = &op.body {
        lines.push(String::new());
        lines.push(format!(
            "The `{media_type}` body is not modelled: this module describes the operation but `Request` does not implement `Operation`."
        ));
    }
    lines
}

/// The fields of a multipart body's `Form`, one per part, in document order.
fn form_parts(ir: &Ir, parts: &[ir::Part]) -> Vec<PartPlan> {
    let mut names = Scope::default();
    parts
        .iter()
        .map(|part| {
            let (item, encode, list) = match &part.kind {
                PartKind::File { list } => (RustType::FilePart, PartEncode::File, *list),
                PartKind::Text { shape, list } => (qualified(rust_type(ir, shape)), PartEncode::Value, *list),
            };
            let (ty, wrap) = match (list, part.required) {
                (true, _) => (RustType::Vec(Box::new(item)), PartWrap::Vec),
                (false, true) => (item, PartWrap::Plain),
                (false, false) => (RustType::Option(Box::new(item)), PartWrap::Option),
            };
            let mut docs = vec![format!("`{}`{}", part.name, if list { " (one part per item)" } else { "" })];
            let lines = doc_lines(&Docs { description: part.description.clone(), ..Docs::default() }, None);
            if !lines.is_empty() {
                docs.push(String::new());
                docs.extend(lines);
            }
            PartPlan {
                name: names.claim(&naming::field_name(&part.name), "_"),
                json_name: part.name.clone(),
                ty,
                encode,
                wrap,
                content_type: part.content_type.clone(),
                docs,
            }
        })
        .collect()
}

/// Variant names by value list: the same `fields[profile]` list is named once,
/// not once per operation listing it (naming goes through `heck`, the
/// costliest part of lowering operations).
#[derive(Default)]
struct VariantNames(HashMap<Vec<String>, Vec<String>>);

impl VariantNames {
    fn of(&mut self, values: &[String]) -> Vec<String> {
        if let Some(names) = self.0.get(values) {
            return names.clone();
        }
        let refs: Vec<&str> = values.iter().map(String::as_str).collect();
        let names = naming::enum_variant_names(&refs, &[]);
        self.0.insert(values.to_vec(), names.clone());
        names
    }
}

/// A closed enum of listed values (a parameter's, a filter field's), named
/// `stem` or, when the module already has that name, `stem2`, ...
fn value_enum(
    stem: &str,
    doc: String,
    values: &[String],
    names: &mut Scope,
    enums: &mut Vec<ValueEnum>,
    variants: &mut VariantNames,
) -> String {
    let name = names.claim(stem, "");
    let variants = variants.of(values);
    enums.push(ValueEnum {
        name: name.clone(),
        doc,
        values: variants
            .into_iter()
            .zip(values)
            .map(|(variant, value)| EnumMember { variant, value: value.clone() })
            .collect(),
    });
    name
}

/// The enum of a parameter's listed values, named after the parameter.
fn param_enum(
    param: &ir::Param,
    values: &[String],
    names: &mut Scope,
    enums: &mut Vec<ValueEnum>,
    variants: &mut VariantNames,
) -> String {
    let doc = format!("A value of `{}`.", param.name);
    value_enum(&naming::type_name(&param.name), doc, values, names, enums, variants)
}

/// Where a module's value enums go: its type names, its enums, and the
/// variant names by value list.
struct ValueEnums<'a> {
    names: &'a mut Scope,
    enums: &'a mut Vec<ValueEnum>,
    variants: &'a mut VariantNames,
}

/// A string enum a response contains: the property that holds it, the
/// enum's type (an alias resolved to its original) and its values.
struct ResponseEnum {
    property: String,
    name: String,
    values: Vec<String>,
}

/// Every string enum held by a property of the response, nearest first
/// (breadth first from the response type).
fn enums_in_response(ir: &Ir, shape: &Shape) -> Vec<ResponseEnum> {
    fn named(shape: &Shape, out: &mut VecDeque<ir::TypeId>) {
        match shape {
            Shape::Named(id) => out.push_back(*id),
            Shape::Array(inner) | Shape::Map(inner) | Shape::Nullable(inner) => named(inner, out),
            Shape::Tuple(items) => items.iter().for_each(|item| named(item, out)),
            _ => {}
        }
    }
    let canonical = |id: ir::TypeId| ir.get(id).same_as.unwrap_or(id);
    let mut queue = VecDeque::new();
    named(shape, &mut queue);
    let mut seen = HashSet::new();
    let mut found = Vec::new();
    while let Some(id) = queue.pop_front() {
        if !seen.insert(id) {
            continue;
        }
        match &ir.get(id).kind {
            TypeKind::Struct { fields, .. } => {
                for field in fields {
                    let inner = match &field.shape {
                        Shape::Nullable(inner) => inner.as_ref(),
                        other => other,
                    };
                    if let Shape::Named(target) = inner {
                        let target = canonical(*target);
                        if let TypeKind::Enum { values } = &ir.get(target).kind {
                            found.push(ResponseEnum {
                                property: field.json_name.clone(),
                                name: ir.get(target).name.clone(),
                                values: values.iter().map(|v| v.value.clone()).collect(),
                            });
                        }
                    }
                    named(&field.shape, &mut queue);
                }
            }
            TypeKind::Union { variants, .. } => variants.iter().for_each(|v| named(&v.shape, &mut queue)),
            TypeKind::Alias { shape } => named(shape, &mut queue),
            _ => {}
        }
    }
    found
}

/// The response enum a filter field's values are: one with the same values
/// (in any order) held by a property of the field's name (`status`, the last
/// segment of `messages.channel`), else any with the same values.
fn response_enum<'a>(field: &str, values: &[String], candidates: &'a [ResponseEnum]) -> Option<&'a ResponseEnum> {
    let mut wanted = values.to_vec();
    wanted.sort();
    let same = |candidate: &&ResponseEnum| {
        let mut values = candidate.values.clone();
        values.sort();
        values == wanted
    };
    let property = field.rsplit('.').next().unwrap_or(field);
    candidates.iter().filter(same).find(|c| c.property == property).or_else(|| candidates.iter().find(same))
}

fn filter_methods(
    fields: &[ir::FilterField],
    values: &mut ValueEnums<'_>,
    candidates: &[ResponseEnum],
    response_enums: &mut Vec<Reexport>,
) -> Vec<FilterMethod> {
    let mut methods = Scope::with_reserved(&["and", "unchecked", "expr"]);
    let mut out = Vec::new();
    for field in fields {
        let value = match &field.value {
            FilterValueKind::Enum(listed) => {
                let stem = naming::stem::filter_value(&field.field);
                // The response's own enum when it lists the same values: a value read from a
                // response compares with, and filters as, the value filtered on.
                let name = match response_enum(&field.field, listed, candidates) {
                    Some(found) => {
                        let local = values.names.claim(&stem, "");
                        response_enums.push(Reexport { name: found.name.clone(), local: local.clone() });
                        local
                    }
                    None => {
                        let doc = format!("A value of filter field `{}`.", field.field);
                        value_enum(&stem, doc, listed, values.names, values.enums, values.variants)
                    }
                };
                FilterArg::Typed(RustType::Named(name))
            }
            FilterValueKind::String => FilterArg::Typed(RustType::String),
            FilterValueKind::DateTime => FilterArg::Typed(RustType::DateTime),
            FilterValueKind::Boolean => FilterArg::Typed(RustType::Bool),
            FilterValueKind::Integer => FilterArg::Typed(RustType::I64),
            FilterValueKind::Number => FilterArg::Typed(RustType::F64),
            FilterValueKind::Unknown => FilterArg::Any,
        };
        let groups = [(Arity::Single, &field.single), (Arity::List, &field.list), (Arity::Unary, &field.unary)];
        for (arity, operators) in groups {
            for operator in operators {
                // `equals(f,[..])` beside `equals(f,value)`: the list form reads "equals any of".
                let both = arity == Arity::List && field.single.contains(operator);
                out.push(FilterMethod {
                    name: methods
                        .claim(&naming::field_name(&naming::stem::filter_method(&field.field, operator, both)), "_"),
                    operator: operator.clone(),
                    field: field.field.clone(),
                    arity,
                    value: value.clone(),
                });
            }
        }
    }
    out
}

/// Named types of the crate root, seen from an operation module.
fn qualified(ty: RustType) -> RustType {
    match ty {
        RustType::Named(name) => RustType::RootNamed(name),
        RustType::Vec(inner) => RustType::Vec(Box::new(qualified(*inner))),
        RustType::Option(inner) => RustType::Option(Box::new(qualified(*inner))),
        RustType::Tristate(inner) => RustType::Tristate(Box::new(qualified(*inner))),
        RustType::Box(inner) => RustType::Box(Box::new(qualified(*inner))),
        RustType::Map(inner) => RustType::Map(Box::new(qualified(*inner))),
        other => other,
    }
}

/// A response with `links.next` (a string) and a `data` array pages.
fn pagination(ir: &Ir, shape: &Shape) -> Option<Pagination> {
    let fields = struct_fields(ir, shape)?;
    let links = fields.iter().find(|f| f.json_name == "links")?;
    let link_fields = struct_fields(ir, &links.shape)?;
    let next = link_fields.iter().find(|f| f.json_name == "next")?;
    let name = |fields: &[ir::Field], field: &ir::Field| super::field_name_of(fields, &field.json_name);
    if !matches!(next.shape, Shape::String) {
        return None;
    }
    let data = fields.iter().find(|f| f.json_name == "data")?;
    let Shape::Array(item) = &data.shape else { return None };
    let wrapped = |f: &ir::Field| match (f.required, f.nullable) {
        (true, false) => Wrap::Plain,
        (false, true) => Wrap::Tristate,
        _ => Wrap::Option,
    };
    Some(Pagination {
        item: qualified(rust_type(ir, item)),
        next: vec![(name(fields, links)?, wrapped(links)), (name(link_fields, next)?, wrapped(next))],
        data: (name(fields, data)?, wrapped(data)),
    })
}

fn struct_fields<'a>(ir: &'a Ir, shape: &Shape) -> Option<&'a [ir::Field]> {
    let shape = match shape {
        Shape::Nullable(inner) => inner,
        other => other,
    };
    match &ir.get(ir.struct_behind(shape)?).kind {
        TypeKind::Struct { fields, .. } => Some(fields),
        _ => None,
    }
}
