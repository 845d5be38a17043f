//! Stage 0 (outside [`generate`](crate::generate), which stays pure): read
//! root documents and, recursively, every file their `$ref`s name.
//!
//! A reference whose document part is a relative path (`../models/pet.yaml#/Pet`,
//! `./category.yaml`) is read relative to the document that contains it, as
//! JSON or YAML like any input. Files are only read inside the *root folder*:
//! the folder of the root document the reference was reached from. A
//! reference that leaves it ([`Code::RefOutsideRoot`]) or names a remote
//! document (`http(s)://…` that no input declares as its `$id`,
//! [`Code::RemoteRef`]) is an error: nothing is ever fetched from a network.
//! A reference that resolves against an absolute `$id` base is left to the
//! resolver, as are overlays' contents (their `$ref`s are resolved in the
//! document they extend).

use std::collections::{HashSet, VecDeque};

use serde_json::Value;

use crate::diagnostic::{Code, Diagnostic, Diagnostics};
use crate::load::{normalize_path, parse_value};
use crate::{overlay, pointer, Input};

/// Read `roots` from disk, and every file they reference (see the module docs).
///
/// The inputs keep the paths the roots were given with (normalised); files
/// read through a reference are named by joining the referring document's
/// path with the reference, so [`generate`](crate::generate) resolves them
/// the same way. An unreadable root is [`Code::UnreadableInput`].
pub fn read_inputs<P: AsRef<std::path::Path>>(roots: &[P]) -> Result<Vec<Input>, Diagnostics> {
    let roots: Vec<String> = roots.iter().map(|p| p.as_ref().display().to_string()).collect();
    read_inputs_with(&roots, |path| std::fs::read_to_string(path).map_err(|e| io_message(&e)))
}

/// How [`read_inputs`] words an I/O error: without the OS's error number, so
/// messages are the same on every system.
pub fn io_message(error: &std::io::Error) -> String {
    match error.kind() {
        std::io::ErrorKind::NotFound => "no such file".to_owned(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_owned(),
        std::io::ErrorKind::IsADirectory => "it is a directory".to_owned(),
        _ => error.to_string(),
    }
}

/// [`read_inputs`] with the reading done by `read` (a path, `/`-separated, as
/// computed from the roots → its text, or why it cannot be read). Used by
/// tests and by tools that read from somewhere other than the current folder.
pub fn read_inputs_with(
    roots: &[String],
    mut read: impl FnMut(&str) -> Result<String, String>,
) -> Result<Vec<Input>, Diagnostics> {
    let mut diagnostics = Diagnostics::default();
    let mut inputs: Vec<Input> = Vec::new();
    let mut seen: HashSet<String> = HashSet::new();
    // (path, root folder) of files read but not yet searched for references.
    let mut queue: VecDeque<(usize, String)> = VecDeque::new();
    for root in roots {
        let path = normalize_path(root);
        if !seen.insert(path.clone()) {
            // Kept twice, for `generate` to report as given twice (E0006).
            if let Some(text) = inputs.iter().find(|i| i.path == path).map(|i| i.text.clone()) {
                inputs.push(Input { path, text });
            }
            continue;
        }
        match read(&path) {
            Ok(text) => {
                queue.push_back((inputs.len(), folder_of(&path)));
                inputs.push(Input { path, text });
            }
            Err(e) => diagnostics.push(
                Diagnostic::new(Code::UnreadableInput, format!("cannot read `{path}`: {e}"))
                    .at(&path, "")
                    .hint("check the path given as an input"),
            ),
        }
    }
    let mut uri_refs: Vec<(String, String, String, String)> = Vec::new();
    let mut ids: HashSet<String> = HashSet::new();
    while let Some((index, folder)) = queue.pop_front() {
        // A document that does not parse is reported by `generate`, once.
        let Ok(root) = parse_value(&inputs[index].path, &inputs[index].text) else { continue };
        if overlay::is_overlay(&root) {
            continue;
        }
        let path = inputs[index].path.clone();
        let base = document_base(&root).unwrap_or_else(|| path.clone());
        let mut refs = Vec::new();
        collect(&root, &mut String::new(), &base, &mut ids, &mut refs);
        for (at, reference) in refs {
            let Ok(parts) = pointer::split_ref(&reference) else { continue }; // the resolver reports it
            if parts.document.is_empty() {
                continue;
            }
            let target = pointer::join(&base, &parts.document);
            if target.contains("://") || parts.document.contains(':') {
                uri_refs.push((path.clone(), at, reference, target));
                continue;
            }
            if !inside(&target, &folder) {
                let shown = if folder.is_empty() { "the current folder".to_owned() } else { format!("`{folder}/`") };
                diagnostics.push(
                    Diagnostic::new(
                        Code::RefOutsideRoot,
                        format!("$ref `{reference}` names `{target}`, outside {shown} (the root document's folder)"),
                    )
                    .at(&path, &at)
                    .hint(format!(
                        "files are only read under the folder of the root document: move `{target}` under {shown}, \
                         or give a document from a folder containing both"
                    )),
                );
                continue;
            }
            if !seen.insert(target.clone()) {
                continue;
            }
            match read(&target) {
                Ok(text) => {
                    queue.push_back((inputs.len(), folder.clone()));
                    inputs.push(Input { path: target, text });
                }
                Err(e) => diagnostics.push(
                    Diagnostic::new(
                        Code::UnresolvedRef,
                        format!("unresolved $ref `{reference}`: cannot read `{target}`: {e}"),
                    )
                    .at(&path, &at)
                    .hint("fix the path: it is relative to the document that contains the `$ref`"),
                ),
            }
        }
    }
    for (path, at, reference, target) in uri_refs {
        let document = target.split('#').next().unwrap_or_default();
        let remote = document.starts_with("http://") || document.starts_with("https://");
        if remote && !ids.contains(document) && !ids.contains(&reference) {
            diagnostics.push(
                Diagnostic::new(
                    Code::RemoteRef,
                    format!("$ref `{reference}` names a remote document; nothing is fetched"),
                )
                .at(&path, &at)
                .hint(format!(
                    "download `{document}` under the root folder and refer to it by a relative path \
                         (or give it as an input with that `$id`)"
                )),
            );
        }
    }
    if diagnostics.has_errors() {
        diagnostics.normalize();
        return Err(diagnostics);
    }
    Ok(inputs)
}

/// The folder part of a `/`-separated path (empty for a bare file name).
fn folder_of(path: &str) -> String {
    path.rsplit_once('/').map(|(folder, _)| folder.to_owned()).unwrap_or_default()
}

/// Whether a normalised path lies under `folder` (a bare folder: the current one).
fn inside(path: &str, folder: &str) -> bool {
    if folder.is_empty() {
        return !path.starts_with("../") && path != ".." && !path.starts_with('/');
    }
    path.strip_prefix(folder).is_some_and(|rest| rest.starts_with('/'))
}

/// The root `$id` when it is absolute, as [`Document::base`](crate::load::Document::base) takes it.
fn document_base(root: &Value) -> Option<String> {
    let id = root.get("$id")?.as_str()?;
    id.contains("://").then(|| id.split('#').next().unwrap_or_default().to_owned())
}

/// Every `$ref` string (pointer of the object holding it, reference) and
/// every `$id` (as written and joined with `base`) under `value`.
fn collect(value: &Value, at: &mut String, base: &str, ids: &mut HashSet<String>, refs: &mut Vec<(String, String)>) {
    match value {
        Value::Object(map) => {
            if let Some(Value::String(reference)) = map.get("$ref") {
                refs.push((at.clone(), reference.clone()));
            }
            if let Some(Value::String(id)) = map.get("$id") {
                ids.insert(id.clone());
                ids.insert(pointer::join(base, id.split('#').next().unwrap_or_default()));
            }
            for (key, child) in map {
                let len = at.len();
                *at = pointer::push(at, key);
                collect(child, at, base, ids, refs);
                at.truncate(len);
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                let len = at.len();
                *at = pointer::push(at, &i.to_string());
                collect(child, at, base, ids, refs);
                at.truncate(len);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    fn read_from(files: &[(&str, &str)]) -> impl FnMut(&str) -> Result<String, String> {
        let files: BTreeMap<String, String> = files.iter().map(|(p, t)| ((*p).to_owned(), (*t).to_owned())).collect();
        move |path| files.get(path).cloned().ok_or_else(|| "no such file".to_owned())
    }

    fn paths(inputs: &[Input]) -> Vec<&str> {
        inputs.iter().map(|i| i.path.as_str()).collect()
    }

    #[test]
    fn references_are_followed_relative_to_their_document() {
        let files = [
            ("spec/openapi.yaml", "openapi: 3.1.0\npaths:\n  /pets:\n    $ref: paths/pets.yaml\n"),
            ("spec/paths/pets.yaml", "get:\n  responses:\n    '200':\n      content:\n        application/json:\n          schema:\n            $ref: ../models/pet.yaml#/Pet\n"),
            ("spec/models/pet.yaml", "Pet:\n  properties:\n    category:\n      $ref: ./category.yaml\n"),
            ("spec/models/category.yaml", "type: object\n"),
        ];
        let inputs = read_inputs_with(&["spec/openapi.yaml".into()], read_from(&files)).unwrap();
        assert_eq!(
            paths(&inputs),
            ["spec/openapi.yaml", "spec/paths/pets.yaml", "spec/models/pet.yaml", "spec/models/category.yaml"]
        );
    }

    #[test]
    fn leaving_the_root_folder_or_the_machine_is_an_error() {
        let files = [(
            "spec/a.json",
            r#"{"$defs": {"A": {"$ref": "../b.json"}, "B": {"$ref": "https://example.com/c.json"}}}"#,
        )];
        let errors = read_inputs_with(&["spec/a.json".into()], read_from(&files)).unwrap_err();
        let codes: Vec<Code> = errors.items.iter().map(|d| d.code).collect();
        assert_eq!(codes, [Code::RefOutsideRoot, Code::RemoteRef]);
    }

    #[test]
    fn ids_of_the_inputs_are_not_remote() {
        let files = [(
            "a.json",
            r#"{"$id": "https://example.com/a.json", "$defs": {"A": {"$ref": "b.json"}, "B": {"$id": "b.json"}}}"#,
        )];
        assert_eq!(paths(&read_inputs_with(&["a.json".into()], read_from(&files)).unwrap()), ["a.json"]);
    }

    #[test]
    fn inside_is_lexical() {
        assert!(inside("spec/a.json", "spec"));
        assert!(!inside("specs/a.json", "spec"));
        assert!(inside("a.json", ""));
        assert!(!inside("../a.json", ""));
        assert!(!inside("/etc/a.json", ""));
    }
}
