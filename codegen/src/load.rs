//! Stage 1: read documents (JSON or YAML) and find the named schemas in them.
//!
//! A document is either an OpenAPI description (its `components.schemas`, or
//! Swagger 2.0 `definitions`) or a plain JSON Schema (its root schema and its
//! `$defs` / `definitions`). An input with a top-level `overlay` member is an
//! OpenAPI Overlay instead, applied here to the document it extends (stage 1b,
//! [`overlay`](crate::overlay)). Documents are sorted by path so that the
//! output does not depend on the order inputs were given in.

use serde_json::Value;

mod yaml;

use crate::diagnostic::{Code, Diagnostic, Diagnostics};
use crate::overlay::{self, Applied};
use crate::pointer;
use crate::Input;

/// What kind of document an input is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocumentKind {
    OpenApi,
    JsonSchema,
}

/// A parsed input document.
#[derive(Debug)]
pub struct Document {
    /// The path the input was given with, normalised.
    pub path: String,
    /// The root `$id` when it is an absolute URI, so `$ref`s can name the document by it.
    pub id: Option<String>,
    pub kind: DocumentKind,
    pub root: Value,
}

impl Document {
    /// The base URI relative references are resolved against: the root `$id`
    /// when it is absolute, else the document's path.
    pub fn base(&self) -> &str {
        self.id.as_deref().unwrap_or(&self.path)
    }
}

/// A schema with a name of its own: a component, a `$defs` entry or a document root.
#[derive(Debug, Clone)]
pub struct NamedSchema {
    pub name: String,
    pub document: usize,
    pub pointer: String,
}

/// Every document of a run, and the named schemas in them.
#[derive(Debug)]
pub struct Loaded {
    pub documents: Vec<Document>,
    pub named: Vec<NamedSchema>,
    /// The overlays applied to the documents, in the order they were applied.
    pub overlays: Vec<Applied>,
}

/// An input path as documents and diagnostics name it: `/`-separated, without
/// `.` and `..` segments.
pub(crate) fn normalize_path(path: &str) -> String {
    pointer::normalize(&path.replace('\\', "/"))
}

/// Parse every input; collect a diagnostic for each that fails. Overlays
/// among the inputs are then applied to the documents they extend (see
/// [`overlay`](crate::overlay)), before the documents are sorted and searched.
pub fn load(inputs: &[Input]) -> Result<Loaded, Diagnostics> {
    let mut diagnostics = Diagnostics::default();
    let mut documents: Vec<(String, Value)> = Vec::new();
    let mut overlays: Vec<(String, Value)> = Vec::new();
    for input in inputs {
        let path = normalize_path(&input.path);
        if documents.iter().chain(&overlays).any(|(p, _)| *p == path) {
            diagnostics.push(
                Diagnostic::new(Code::DuplicateInput, format!("`{path}` is given more than once"))
                    .hint("pass each document once"),
            );
            continue;
        }
        match parse_value(&path, &input.text) {
            Ok(root) if overlay::is_overlay(&root) => overlays.push((path, root)),
            Ok(root) => documents.push((path, root)),
            Err(diagnostic) => diagnostics.push(*diagnostic),
        }
    }
    if diagnostics.has_errors() {
        return Err(diagnostics);
    }
    let applied = overlay::apply(&mut documents, &overlays)?;
    let mut documents: Vec<Document> = documents.into_iter().map(|(path, root)| document(path, root)).collect();
    documents.sort_by(|a, b| a.path.cmp(&b.path));
    let named = documents.iter().enumerate().flat_map(|(i, d)| named_schemas(i, d)).collect();
    Ok(Loaded { documents, named, overlays: applied })
}

fn document(path: String, root: Value) -> Document {
    let kind = if root.get("openapi").is_some() || root.get("swagger").is_some() {
        DocumentKind::OpenApi
    } else {
        DocumentKind::JsonSchema
    };
    let id = root
        .get("$id")
        .and_then(Value::as_str)
        .filter(|id| id.contains("://"))
        .map(|id| id.split('#').next().unwrap_or_default().to_owned());
    Document { path, id, kind, root }
}

const SYNTAX_HINT: &str = "inputs must be JSON or YAML documents (OpenAPI 3.x or JSON Schema)";

/// The document's tree. `.json` is JSON and `.yaml` / `.yml` is YAML; any
/// other name is tried as JSON, then as YAML. When both fail, the error shown
/// is the one of the syntax the text looks like (`{` or `[` first: JSON).
pub(crate) fn parse_value(path: &str, text: &str) -> Result<Value, Box<Diagnostic>> {
    let extension = path.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
    match extension.as_str() {
        "json" => parse_json(path, text),
        "yaml" | "yml" => parse_yaml(path, text),
        _ => parse_json(path, text).or_else(|json_error| {
            parse_yaml(path, text).map_err(|yaml_error| {
                let looks_like_json = text.trim_start().starts_with(['{', '[']);
                if looks_like_json {
                    json_error
                } else {
                    yaml_error
                }
            })
        }),
    }
}

fn parse_json(path: &str, text: &str) -> Result<Value, Box<Diagnostic>> {
    serde_json::from_str(text).map_err(|e| {
        let diagnostic = Diagnostic::new(Code::InvalidDocument, format!("not valid JSON: {e}"))
            .at_line(path, e.line(), e.column())
            .hint(SYNTAX_HINT)
            .quote(text);
        Box::new(diagnostic)
    })
}

fn parse_yaml(path: &str, text: &str) -> Result<Value, Box<Diagnostic>> {
    yaml::parse(text).map_err(|e| {
        let diagnostic = Diagnostic::new(Code::InvalidDocument, format!("not valid YAML: {}", e.message));
        let diagnostic = match e.line_col {
            Some((line, column)) => diagnostic.at_line(path, line, column),
            None => diagnostic.at(path, ""),
        };
        Box::new(diagnostic.hint(e.hint.as_deref().unwrap_or(SYNTAX_HINT)).quote(text))
    })
}

/// The named schemas of one document, in document order: components,
/// `$defs`, a JSON Schema root, or the top-level members of a file that is
/// only a collection of schemas.
fn named_schemas(index: usize, document: &Document) -> Vec<NamedSchema> {
    let containers: &[&[&str]] = match document.kind {
        DocumentKind::OpenApi => &[&["components", "schemas"], &["definitions"]],
        DocumentKind::JsonSchema => &[&["$defs"], &["definitions"]],
    };
    let mut named = Vec::new();
    if document.kind == DocumentKind::JsonSchema && is_root_type(&document.root) {
        named.push(NamedSchema { name: root_name(document), document: index, pointer: String::new() });
    }
    let is_container = |key: &str| containers.iter().any(|path| path[0] == key);
    let map = document.root.as_object();
    if document.kind == DocumentKind::JsonSchema
        && named.is_empty()
        && !map.into_iter().flatten().any(|(k, _)| is_container(k))
    {
        // A file of schemas side by side (`pet.yaml` with `Pet:` and
        // `Category:` at the top, as split OpenAPI descriptions reference
        // them): each is named by its key, like a component.
        for (key, _) in map.into_iter().flatten().filter(|(_, v)| is_root_type(v)) {
            named.push(NamedSchema { name: key.clone(), document: index, pointer: pointer::push("", key) });
        }
    }
    for path in containers {
        let mut node = &document.root;
        let mut at = String::new();
        for token in *path {
            node = match node.get(token) {
                Some(n) => n,
                None => break,
            };
            at = pointer::push(&at, token);
        }
        if at.matches('/').count() != path.len() {
            continue;
        }
        if let Some(map) = node.as_object() {
            for name in map.keys() {
                named.push(NamedSchema { name: name.clone(), document: index, pointer: pointer::push(&at, name) });
            }
        }
    }
    named
}

/// A JSON Schema document's root is a type of its own unless it is only a
/// container of `$defs`.
pub(crate) fn is_root_type(root: &Value) -> bool {
    let Some(map) = root.as_object() else { return false };
    const SHAPE: &[&str] =
        &["type", "properties", "items", "enum", "const", "oneOf", "anyOf", "allOf", "$ref", "additionalProperties"];
    SHAPE.iter().any(|k| map.contains_key(*k))
}

/// The root schema is named by its `title`, else by the file name without extension.
fn root_name(document: &Document) -> String {
    if let Some(title) = document.root.get("title").and_then(Value::as_str) {
        return title.to_owned();
    }
    let file = document.path.rsplit('/').next().unwrap_or(&document.path);
    file.split('.').next().unwrap_or(file).to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(path: &str, text: &str) -> String {
        parse_value(path, text).map(|_| String::new()).unwrap_or_else(|d| d.message)
    }

    #[test]
    fn the_extension_picks_the_syntax() {
        assert!(parse_value("a.yaml", "type: object\n").is_ok());
        assert!(parse_value("a.YML", "type: object\n").is_ok());
        assert!(message("a.json", "type: object\n").starts_with("not valid JSON"));
    }

    #[test]
    fn other_names_try_json_then_yaml() {
        assert!(parse_value("schema", "{\"type\": \"object\"}").is_ok());
        assert!(parse_value("schema.txt", "type: object\n").is_ok());
        // When both fail, the error is the one of the syntax the text looks like.
        assert!(message("schema", "{\"type\": [1}").starts_with("not valid JSON"));
        assert!(message("schema", "a: b\n  c: d\n").starts_with("not valid YAML"));
    }
}
