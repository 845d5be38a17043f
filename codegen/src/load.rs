//! Stage 1: read documents and find the named schemas in them.
//!
//! A document is either an OpenAPI description (its `components.schemas`, or
//! Swagger 2.0 `definitions`) or a plain JSON Schema (its root schema and its
//! `$defs` / `definitions`). Documents are sorted by path so that the output
//! does not depend on the order inputs were given in.

use serde_json::Value;

use crate::diagnostic::{Code, Diagnostic, Diagnostics};
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
}

/// Parse every input; collect a diagnostic for each that fails.
pub fn load(inputs: &[Input]) -> Result<Loaded, Diagnostics> {
    let mut diagnostics = Diagnostics::default();
    let mut documents: Vec<Document> = Vec::new();
    for input in inputs {
        let path = pointer::normalize(&input.path.replace('\\', "/"));
        if documents.iter().any(|d| d.path == path) {
            diagnostics.push(
                Diagnostic::new(Code::DuplicateInput, format!("`{path}` is given more than once"))
                    .hint("pass each document once"),
            );
            continue;
        }
        match parse(&path, &input.text) {
            Ok(document) => documents.push(document),
            Err(diagnostic) => diagnostics.push(*diagnostic),
        }
    }
    if diagnostics.has_errors() {
        return Err(diagnostics);
    }
    documents.sort_by(|a, b| a.path.cmp(&b.path));
    let named = documents.iter().enumerate().flat_map(|(i, d)| named_schemas(i, d)).collect();
    Ok(Loaded { documents, named })
}

fn parse(path: &str, text: &str) -> Result<Document, Box<Diagnostic>> {
    let root: Value = serde_json::from_str(text).map_err(|e| {
        let diagnostic = Diagnostic::new(Code::InvalidDocument, format!("not valid JSON: {e}"))
            .at_line(path, e.line(), e.column())
            .hint("inputs must be JSON documents (OpenAPI 3.x or JSON Schema)");
        Box::new(diagnostic)
    })?;
    let kind = if root.get("openapi").is_some() || root.get("swagger").is_some() {
        DocumentKind::OpenApi
    } else {
        DocumentKind::JsonSchema
    };
    let id = root.get("$id").and_then(Value::as_str).filter(|id| id.contains("://")).map(|id| {
        id.split('#').next().unwrap_or_default().to_owned()
    });
    Ok(Document { path: path.to_owned(), id, kind, root })
}

/// The named schemas of one document, in document order.
fn named_schemas(index: usize, document: &Document) -> Vec<NamedSchema> {
    let containers: &[&[&str]] = match document.kind {
        DocumentKind::OpenApi => &[&["components", "schemas"], &["definitions"]],
        DocumentKind::JsonSchema => &[&["$defs"], &["definitions"]],
    };
    let mut named = Vec::new();
    if document.kind == DocumentKind::JsonSchema && is_root_type(&document.root) {
        named.push(NamedSchema { name: root_name(document), document: index, pointer: String::new() });
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
fn is_root_type(root: &Value) -> bool {
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
