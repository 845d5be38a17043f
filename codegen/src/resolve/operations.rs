//! The operations of OpenAPI documents (`paths`): the requests the generated
//! `operations` module describes. Part of the resolve stage because request
//! bodies and responses are schemas like any other and get their types here.

use serde_json::{Map, Value};

use super::{api, Document, Loc, Resolver};
use crate::ir::{Body, Method, Operation, Param, ParamIn, ParamKind, Part, PartKind, Response, Shape};
use crate::json::{string_values, strings};
use crate::{naming, pointer, vendor};

impl<'a> Resolver<'a> {
    /// Every operation, in document, path and method order.
    pub(super) fn operations(&mut self) -> Vec<Operation> {
        let documents: &'a [Document] = self.documents;
        let mut operations = Vec::new();
        for (index, document) in documents.iter().enumerate() {
            let Some(paths) = document.root.get("paths").and_then(Value::as_object) else { continue };
            for (path, item) in paths {
                let (item_loc, item) = self.path_item(index, path, item);
                for method in Method::ALL {
                    let Some(operation) = item.get(method.key()).and_then(Value::as_object) else { continue };
                    let declared = operation.get("operationId").and_then(Value::as_str);
                    // The spec makes `operationId` optional; such an operation is named after its method and path.
                    let id =
                        declared.map_or_else(|| naming::field_name(&format!("{} {path}", method.key())), str::to_owned);
                    let loc = item_loc.child(&[method.key()]);
                    let mut op = self.operation(&loc, &item_loc, &id, path, method, item, operation);
                    op.id_declared = declared.is_some();
                    operations.push(op);
                }
            }
        }
        unique_made_up_ids(&mut operations);
        operations
    }

    /// The path item `item` at `paths[path]` of document `document`, or the
    /// one its `$ref` names (`paths: {/pets: {$ref: paths/pets.yaml}}`),
    /// with its location.
    pub(super) fn path_item(&mut self, document: usize, path: &str, item: &'a Value) -> (Loc<'a>, &'a Value) {
        let loc = Loc { document, pointer: pointer::push("/paths", path), value: Some(item) };
        let Some(reference) = item.get("$ref").and_then(Value::as_str) else { return (loc, item) };
        match self.resolve_ref(&loc, reference) {
            Some(target) => match target.value {
                Some(value) => (target, value),
                None => (loc, item),
            },
            None => (loc, item),
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn operation(
        &mut self,
        loc: &Loc<'a>,
        item_loc: &Loc<'a>,
        id: &str,
        path: &str,
        method: Method,
        item: &'a Value,
        operation: &'a Map<String, Value>,
    ) -> Operation {
        let text = |key: &str| operation.get(key).and_then(Value::as_str).map(str::to_owned);
        let description = text("description");
        let mut params = Vec::new();
        let mut unmodelled_params = Vec::new();
        for (param_loc, param) in self.parameters(loc, item_loc, item, operation) {
            let name = param.get("name").and_then(Value::as_str).unwrap_or_default();
            let location = match param.get("in").and_then(Value::as_str) {
                Some("path") => ParamIn::Path,
                Some("query") => ParamIn::Query,
                // `Accept`, `Content-Type` and `Authorization` are not parameters (OpenAPI 3: "SHALL be ignored").
                Some("header")
                    if ["accept", "content-type", "authorization"].iter().any(|h| name.eq_ignore_ascii_case(h)) =>
                {
                    continue
                }
                Some("header") => ParamIn::Header,
                _ => {
                    unmodelled_params.push(name.to_owned());
                    continue;
                }
            };
            params.push(self.parameter(&param_loc, param, name, location, operation));
        }
        let revision = vendor::revision(&params);
        Operation {
            id: id.to_owned(),
            id_declared: true,
            aliases: vendor::aliases(operation),
            method,
            path: path.to_owned(),
            summary: text("summary"),
            rate_limit: vendor::rate_limit(operation),
            description,
            deprecated: operation.get("deprecated").and_then(Value::as_bool).unwrap_or(false),
            tags: strings(operation.get("tags")),
            scopes: vendor::scopes(operation)
                .unwrap_or_else(|| api::security_scopes(&self.documents[loc.document].root, operation)),
            authenticated: api::authenticated(operation),
            params,
            body: self.body(loc, operation, id),
            responses: self.responses(loc, operation, id),
            accept: accept(self, loc, operation),
            unmodelled_params,
            revision,
            origin: self.origin(loc),
        }
    }

    /// Path-level parameters overridden by operation-level ones (same name
    /// and location), each with its location, `$ref`s followed.
    fn parameters(
        &mut self,
        loc: &Loc<'a>,
        item_loc: &Loc<'a>,
        item: &'a Value,
        operation: &'a Map<String, Value>,
    ) -> Vec<(Loc<'a>, &'a Map<String, Value>)> {
        let mut found: Vec<(Loc<'a>, &'a Map<String, Value>)> = Vec::new();
        let lists = [(item_loc.clone(), item.get("parameters")), (loc.clone(), operation.get("parameters"))];
        for (owner, list) in lists {
            let Some(list) = list.and_then(Value::as_array) else { continue };
            for (index, param) in list.iter().enumerate() {
                let param_loc = owner.child(&["parameters", &index.to_string()]);
                let Some((param_loc, param)) = self.follow(param_loc, param) else { continue };
                let key = |p: &Map<String, Value>| (p.get("name").cloned(), p.get("in").cloned());
                found.retain(|(_, existing)| key(existing) != key(param));
                found.push((param_loc, param));
            }
        }
        found
    }

    /// An object, or the object its `$ref` names.
    fn follow(&mut self, loc: Loc<'a>, value: &'a Value) -> Option<(Loc<'a>, &'a Map<String, Value>)> {
        let map = value.as_object()?;
        let Some(reference) = map.get("$ref").and_then(Value::as_str) else { return Some((loc, map)) };
        let target = self.resolve_ref(&loc, reference)?;
        let value = target.value?.as_object()?;
        Some((target, value))
    }

    fn parameter(
        &mut self,
        loc: &Loc<'a>,
        param: &'a Map<String, Value>,
        name: &str,
        location: ParamIn,
        operation: &Map<String, Value>,
    ) -> Param {
        let description = param.get("description").and_then(Value::as_str).map(str::to_owned);
        let schema = param.get("schema").and_then(|schema| self.follow(loc.child(&["schema"]), schema));
        let default = schema.as_ref().and_then(|(_, schema)| schema.get("default")).and_then(|value| match value {
            Value::String(text) => Some(text.clone()),
            Value::Bool(_) | Value::Number(_) => Some(value.to_string()),
            _ => None,
        });
        let kind = match schema {
            _ if name == "filter" && location == ParamIn::Query => {
                match vendor::filter_fields(operation, description.as_deref()) {
                    Some(fields) => ParamKind::Filter(fields),
                    None => ParamKind::Value(Shape::String),
                }
            }
            Some((_, schema)) => parameter_kind(schema),
            None => ParamKind::Value(Shape::String),
        };
        Param {
            name: name.to_owned(),
            location,
            required: param.get("required").and_then(Value::as_bool).unwrap_or(false),
            description,
            kind,
            default,
        }
    }

    fn body(&mut self, loc: &Loc<'a>, operation: &'a Map<String, Value>, id: &str) -> Body {
        let Some(value) = operation.get("requestBody") else { return Body::None };
        let Some((body_loc, body)) = self.follow(loc.child(&["requestBody"]), value) else {
            return Body::None;
        };
        let required = body.get("required").and_then(Value::as_bool).unwrap_or(false);
        if let Some((schema_loc, media_type)) = json_schema(&body_loc, body) {
            return Body::Json {
                shape: self.shape_of(schema_loc, &naming::stem::request_body(id)),
                required,
                media_type,
            };
        }
        let content = body.get("content").and_then(Value::as_object);
        if let Some(media) = content.and_then(|c| c.get("multipart/form-data")).and_then(Value::as_object) {
            let media_loc = body_loc.child(&["content", "multipart/form-data"]);
            if let Some(parts) = self.multipart(&media_loc, media, id) {
                return Body::Multipart { parts, required };
            }
        }
        Body::Unmodelled { media_type: content.and_then(|c| c.keys().next().cloned()).unwrap_or_default() }
    }

    /// The parts of a `multipart/form-data` body: one per property of its
    /// object schema (`$ref` followed), files where the property is binary.
    /// `None` when the schema is not an object with properties.
    fn multipart(&mut self, media_loc: &Loc<'a>, media: &'a Map<String, Value>, id: &str) -> Option<Vec<Part>> {
        let schema = media.get("schema")?;
        let (schema_loc, schema) = self.follow(media_loc.child(&["schema"]), schema)?;
        let properties = schema.get("properties")?.as_object()?;
        let required = strings(schema.get("required"));
        let encoding = media.get("encoding").and_then(Value::as_object);
        let mut parts = Vec::new();
        for (name, property) in properties {
            let property_loc = schema_loc.child(&["properties", name]);
            let Some((property_loc, property)) = self.follow(property_loc, property) else { continue };
            let is_array = property.get("type").and_then(Value::as_str) == Some("array");
            let (item_loc, item) = match property.get("items") {
                Some(items) if is_array => self.follow(property_loc.child(&["items"]), items)?,
                _ => (property_loc.clone(), property),
            };
            let declared = encoding
                .and_then(|e| e.get(name))
                .and_then(|e| e.get("contentType"))
                .and_then(Value::as_str)
                .or_else(|| item.get("contentMediaType").and_then(Value::as_str));
            let kind = if is_binary(item) {
                PartKind::File { list: is_array }
            } else {
                let stem = naming::stem::body_part(id, name);
                let shape = self.shape_of(item_loc, &stem);
                PartKind::Text { shape, list: is_array }
            };
            parts.push(Part {
                name: name.clone(),
                required: required.contains(name),
                description: property.get("description").and_then(Value::as_str).map(str::to_owned),
                kind,
                content_type: declared.map(str::to_owned),
            });
        }
        Some(parts)
    }

    /// Every 2xx response, in status order; the first one's type is named
    /// `{id}Response`, the others' `{id}Response{status}`.
    fn responses(&mut self, loc: &Loc<'a>, operation: &'a Map<String, Value>, id: &str) -> Vec<Response> {
        let responses = operation.get("responses").and_then(Value::as_object);
        let mut success: Vec<(&String, &'a Value)> =
            responses.into_iter().flatten().filter(|(status, _)| status.starts_with('2')).collect();
        success.sort_by(|a, b| a.0.cmp(b.0));
        if success.is_empty() {
            return vec![Response::Empty { status: "2XX".to_owned() }];
        }
        let mut found = Vec::new();
        for (index, (status, value)) in success.into_iter().enumerate() {
            let stem = naming::stem::response(id, (index > 0).then_some(status.as_str()));
            found.push(self.response(loc, status, value, &stem));
        }
        found
    }

    fn response(&mut self, loc: &Loc<'a>, status: &str, value: &'a Value, stem: &str) -> Response {
        let response_loc = loc.child(&["responses", status]);
        let Some((response_loc, response)) = self.follow(response_loc, value) else {
            return Response::Empty { status: status.to_owned() };
        };
        match json_schema(&response_loc, response).map(|(loc, _)| loc) {
            Some(schema_loc) => Response::Json { status: status.to_owned(), shape: self.shape_of(schema_loc, stem) },
            None if has_text_body(response) => Response::Text { status: status.to_owned() },
            None => Response::Empty { status: status.to_owned() },
        }
    }
}

/// Number the names made of method and path where one equals a declared
/// `operationId` or an earlier made-up name (`get_pets_pet_id_2`): every
/// operation id is unique (declared ones are, or `check` reports E0019), so
/// constants, errors and pacing keyed by it tell operations apart.
fn unique_made_up_ids(operations: &mut [Operation]) {
    let mut taken: std::collections::HashSet<String> =
        operations.iter().filter(|op| op.id_declared).map(|op| op.id.clone()).collect();
    for op in operations.iter_mut().filter(|op| !op.id_declared) {
        let mut id = op.id.clone();
        let mut n = 2;
        while !taken.insert(id.clone()) {
            id = format!("{}_{n}", op.id);
            n += 1;
        }
        op.id = id;
    }
}

/// A query or path parameter's kind, from its schema (`$ref` already followed).
fn parameter_kind(schema: &Map<String, Value>) -> ParamKind {
    if let Some(values) = string_values(schema) {
        return ParamKind::Enum(values);
    }
    match schema.get("type").and_then(Value::as_str) {
        Some("array") => {
            let items = schema.get("items").and_then(Value::as_object);
            match items.and_then(string_values) {
                Some(values) => ParamKind::EnumList(values),
                None => ParamKind::Value(Shape::Array(Box::new(items.map_or(Shape::String, primitive)))),
            }
        }
        _ => ParamKind::Value(primitive(schema)),
    }
}

/// The location of the schema of the JSON media type of a body or response,
/// and that media type.
fn json_schema<'a>(loc: &Loc<'a>, object: &Map<String, Value>) -> Option<(Loc<'a>, String)> {
    let content = object.get("content")?.as_object()?;
    let (media_type, media) =
        content.iter().find(|(media_type, _)| *media_type == "application/json" || media_type.ends_with("+json"))?;
    media.get("schema")?;
    Some((loc.child(&["content", media_type, "schema"]), media_type.clone()))
}

/// Whether a response's content has a `text/*` media type (and no JSON one).
fn has_text_body(response: &Map<String, Value>) -> bool {
    let content = response.get("content").and_then(Value::as_object);
    content.into_iter().flat_map(|c| c.keys()).any(|media_type| media_type.starts_with("text/"))
}

/// What the request accepts: the media types of the 2xx responses
/// (`$ref`s followed), in status order, each once; when no 2xx response has
/// a body (`204`), those of the other responses (the error documents the
/// client reads back); empty when no response has a body.
fn accept<'a>(resolver: &mut Resolver<'a>, loc: &Loc<'a>, operation: &'a Map<String, Value>) -> Vec<String> {
    let success = media_types(resolver, loc, operation, true);
    if success.is_empty() {
        media_types(resolver, loc, operation, false)
    } else {
        success
    }
}

/// The media types of the 2xx responses (`success`), or of the others.
fn media_types<'a>(
    resolver: &mut Resolver<'a>,
    loc: &Loc<'a>,
    operation: &'a Map<String, Value>,
    success: bool,
) -> Vec<String> {
    let mut responses: Vec<(&String, &'a Value)> = operation
        .get("responses")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
        .filter(|(status, _)| status.starts_with('2') == success)
        .collect();
    responses.sort_by(|a, b| a.0.cmp(b.0));
    let mut media_types: Vec<String> = Vec::new();
    for (status, value) in responses {
        let response_loc = loc.child(&["responses", status]);
        let Some((_, response)) = resolver.follow(response_loc, value) else { continue };
        for media_type in response.get("content").and_then(Value::as_object).into_iter().flat_map(|c| c.keys()) {
            if !media_types.contains(media_type) {
                media_types.push(media_type.clone());
            }
        }
    }
    media_types
}

/// A file in a multipart body: OpenAPI 3.0's `format: binary`, or OpenAPI
/// 3.1's `contentMediaType` without a `contentEncoding` (raw bytes).
fn is_binary(schema: &Map<String, Value>) -> bool {
    schema.get("format").and_then(Value::as_str) == Some("binary")
        || (schema.contains_key("contentMediaType") && !schema.contains_key("contentEncoding"))
}

/// The shape of a primitive parameter schema (as a schema's, formats
/// included); anything else is sent as text.
fn primitive(schema: &Map<String, Value>) -> Shape {
    super::primitive_shape(schema).unwrap_or(Shape::String)
}
