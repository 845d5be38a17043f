//! Stage 1b: apply OpenAPI Overlay documents to the documents they extend,
//! after `load` has parsed every input and before anything is resolved.
//!
//! An input whose top-level object has an `overlay` member is an overlay (the
//! [Overlay Specification 1.0.0][spec], "Overlay Object"), not a schema
//! document. It applies to the input its `extends` names — a URL reference
//! resolved against the overlay's own path ("Relative References in URLs"),
//! matched against the other inputs' paths — or, without `extends`, to the
//! only document among the inputs. Overlays are applied in input order, each
//! action in document order ("The list of actions MUST be applied in
//! sequential order"), each to the result of the previous ones.
//!
//! Actions ("Action Object"): `target` is an RFC 9535 JSONPath query (run by
//! `serde_json_path`); `remove: true` removes every selected node from its
//! parent object or array; otherwise `update` is merged into every selected
//! node: into an object, an object's members are merged recursively (a member
//! only in `update` is added; objects merge, arrays are concatenated, a
//! primitive replaces a primitive; other pairs conflict), and into an array,
//! the value is appended as one entry. The merge rules are 1.0.0's "properties
//! in the `update` object are recursively merged with the properties in the
//! target object", spelled out as the 1.1.0 text does.
//!
//! Deliberately stricter than the specification, so that a stale overlay
//! cannot pass unnoticed after the document changes (say, a new revision):
//!
//! * a `target` that selects nothing is an error ([`Code::OverlayTargetUnmatched`];
//!   the specification allows "zero or more" nodes);
//! * an action with neither `update` nor `remove: true` is an error (it does nothing);
//! * a `target` selecting a primitive or `null` is an error, as the
//!   specification requires ("MUST be zero or more objects or arrays"); to drop
//!   one string from an array (a `required` entry), remove the array and add
//!   the new one with a second action ("only the complete array can be replaced").
//!
//! Selected nodes are handled in a fixed order: updates in query order,
//! removals deepest and last first, so array indices stay valid while earlier
//! siblings are removed and a node inside a removed node is removed first.
//! Every problem of every overlay is collected before the stage fails.
//!
//! [spec]: https://spec.openapis.org/overlay/v1.0.0.html

use serde_json::{Map, Value};
use serde_json_path::JsonPath;

use crate::diagnostic::{Code, Diagnostic, Diagnostics};
use crate::load;
use crate::pointer;
use crate::Input;

/// Which overlay was applied to which document (both as input paths).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Applied {
    pub overlay: String,
    pub document: String,
}

/// Whether a parsed input is an overlay rather than a schema document.
pub(crate) fn is_overlay(root: &Value) -> bool {
    root.as_object().is_some_and(|map| map.contains_key("overlay"))
}

/// An overlay's `extends`: as written, and resolved against the overlay's
/// path (the input path of the document it applies to).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Extends {
    pub written: String,
    pub resolved: String,
}

/// The document an overlay input names with `extends`, resolved the way
/// [`generate`](crate::generate) resolves it; `Ok(None)` when the overlay has
/// no `extends`. An error when the text does not parse or is not an overlay.
/// For tools that arrange inputs (the xtask).
pub fn extends(input: &Input) -> Result<Option<Extends>, Diagnostics> {
    let path = load::normalize_path(&input.path);
    let root = load::parse_value(&path, &input.text).map_err(|d| Diagnostics::from(*d))?;
    if !is_overlay(&root) {
        let diagnostic = Diagnostic::new(Code::InvalidOverlay, "not an overlay document (no `overlay` member)")
            .at(&path, "")
            .hint("an overlay starts with `overlay: 1.0.0`");
        return Err(diagnostic.into());
    }
    match root.get("extends") {
        None => Ok(None),
        Some(Value::String(written)) => {
            Ok(Some(Extends { written: written.clone(), resolved: pointer::join(&path, written) }))
        }
        Some(_) => Err(Diagnostic::new(Code::InvalidOverlay, "`extends` must be a string")
            .at(&path, "/extends")
            .hint(EXTENDS_HINT)
            .into()),
    }
}

/// The documents among `inputs` as the generator sees them: parsed, with the
/// overlays among the inputs applied, as (path, tree) sorted by path. For
/// tests and tools that need the effective schemas (the generated crate's
/// source of truth) rather than the vendor's text.
pub fn effective_documents(inputs: &[Input]) -> Result<Vec<(String, Value)>, Diagnostics> {
    let loaded = load::load(inputs)?;
    Ok(loaded.documents.into_iter().map(|d| (d.path, d.root)).collect())
}

const EXTENDS_HINT: &str = "`extends` is the path of the document to change, relative to the overlay";

/// Apply every overlay, in order, to the document it extends. `documents` and
/// `overlays` are the parsed inputs as (path, tree), overlays in input order.
pub(crate) fn apply(
    documents: &mut [(String, Value)],
    overlays: &[(String, Value)],
) -> Result<Vec<Applied>, Diagnostics> {
    let mut diagnostics = Diagnostics::default();
    let mut applied = Vec::new();
    for (path, root) in overlays {
        let mut report = Report { file: path, diagnostics: &mut diagnostics };
        let overlay = parse(root, &mut report);
        let Some(index) = target_document(path, root, documents, overlays, &mut diagnostics) else { continue };
        let Some(overlay) = overlay else { continue };
        let (document_path, document) = &mut documents[index];
        for action in &overlay.actions {
            if let Err(diagnostic) = action.apply(document, document_path, path) {
                diagnostics.push(*diagnostic);
            }
        }
        applied.push(Applied { overlay: path.clone(), document: document_path.clone() });
    }
    if diagnostics.has_errors() {
        return Err(diagnostics);
    }
    Ok(applied)
}

/// Collects the diagnostics of one overlay file.
struct Report<'a> {
    file: &'a str,
    diagnostics: &'a mut Diagnostics,
}

impl Report<'_> {
    fn push(&mut self, code: Code, pointer: &str, message: String, hint: &str) {
        self.diagnostics.push(Diagnostic::new(code, message).at(self.file, pointer).hint(hint));
    }

    fn invalid(&mut self, pointer: &str, message: String, hint: &str) {
        self.push(Code::InvalidOverlay, pointer, message, hint);
    }

    fn count(&self) -> usize {
        self.diagnostics.items.len()
    }
}

/// A checked overlay: its actions, ready to run.
struct Overlay<'a> {
    actions: Vec<Action<'a>>,
}

/// One checked action (Overlay 1.0.0, "Action Object").
struct Action<'a> {
    index: usize,
    target: JsonPath,
    target_text: &'a str,
    /// `None` when `remove` is true (then `update` "has no impact").
    update: Option<&'a Value>,
}

/// The members each object may have besides `x-` extensions.
const OVERLAY_MEMBERS: &[&str] = &["overlay", "info", "extends", "actions"];
const INFO_MEMBERS: &[&str] = &["title", "version"];
const ACTION_MEMBERS: &[&str] = &["target", "description", "update", "remove"];

/// Check an overlay's structure against 1.0.0 ("Overlay Object", "Info
/// Object", "Action Object"), reporting every problem; `None` when any.
fn parse<'a>(root: &'a Value, report: &mut Report<'_>) -> Option<Overlay<'a>> {
    let before = report.count();
    let map = root.as_object()?;
    unknown_members(map, "", OVERLAY_MEMBERS, "the overlay", report);
    match map.get("overlay") {
        Some(Value::String(version)) if is_version_1_0(version) => {}
        Some(Value::String(version)) => report.invalid(
            "/overlay",
            format!("unsupported overlay version `{version}`"),
            "this generator implements the OpenAPI Overlay Specification 1.0.x: `overlay: 1.0.0`",
        ),
        _ => report.invalid("/overlay", "`overlay` must be a version string".into(), "write `overlay: 1.0.0`"),
    }
    match map.get("info") {
        Some(Value::Object(info)) => {
            unknown_members(info, "/info", INFO_MEMBERS, "`info`", report);
            for member in INFO_MEMBERS {
                // A missing member is reported at its parent, a mistyped one at itself.
                let (at, problem) = match info.get(*member) {
                    Some(Value::String(_)) => continue,
                    Some(_) => (pointer::push("/info", member), format!("`info.{member}` must be a string")),
                    None => ("/info".to_owned(), format!("`info` has no `{member}`")),
                };
                report.invalid(&at, problem, "`info` needs a `title` and a `version` (strings)");
            }
        }
        Some(_) => {
            report.invalid("/info", "`info` must be an object".into(), "write `info: {title: ..., version: ...}`")
        }
        None => report.invalid("", "the overlay has no `info`".into(), "add `info: {title: ..., version: ...}`"),
    }
    if map.get("extends").is_some_and(|e| !e.is_string()) {
        report.invalid("/extends", "`extends` must be a string".into(), EXTENDS_HINT);
    }
    let mut actions = Vec::new();
    match map.get("actions") {
        Some(Value::Array(items)) if !items.is_empty() => {
            for (index, item) in items.iter().enumerate() {
                if let Some(earlier) = items[..index].iter().position(|other| other == item) {
                    report.invalid(
                        &format!("/actions/{index}"),
                        format!("action {index} repeats action {earlier}"),
                        "actions must be unique (Overlay 1.0.0 schema); delete the copy",
                    );
                    continue;
                }
                if let Some(action) = parse_action(index, item, report) {
                    actions.push(action);
                }
            }
        }
        Some(Value::Array(_)) => {
            report.invalid(
                "/actions",
                "the overlay has no actions".into(),
                "`actions` must contain at least one action",
            );
        }
        Some(_) => report.invalid(
            "/actions",
            "`actions` must be an array".into(),
            "write `actions: [{target: ..., update: ...}]`",
        ),
        None => {
            report.invalid("", "the overlay has no `actions`".into(), "add `actions: [{target: ..., update: ...}]`")
        }
    }
    (report.count() == before).then_some(Overlay { actions })
}

/// 1.0.x, as the 1.0 schema's `^1\.0\.\d+$`.
fn is_version_1_0(version: &str) -> bool {
    version.strip_prefix("1.0.").is_some_and(|patch| !patch.is_empty() && patch.bytes().all(|b| b.is_ascii_digit()))
}

fn unknown_members(map: &Map<String, Value>, at: &str, known: &[&str], what: &str, report: &mut Report<'_>) {
    for key in map.keys().filter(|k| !known.contains(&k.as_str()) && !k.starts_with("x-")) {
        let hint = match key.as_str() {
            "copy" => "`copy` is an Overlay 1.1 action; this generator implements 1.0.0 (use `update`)".to_owned(),
            _ => format!("{what} may have {} and `x-` extensions", list(known)),
        };
        report.invalid(&pointer::push(at, key), format!("unknown member `{key}` in {what}"), &hint);
    }
}

fn list(names: &[&str]) -> String {
    names.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ")
}

/// Check one action; `None` (reported) when it has a problem.
fn parse_action<'a>(index: usize, item: &'a Value, report: &mut Report<'_>) -> Option<Action<'a>> {
    let at = format!("/actions/{index}");
    let Some(map) = item.as_object() else {
        report.invalid(
            &at,
            format!("action {index} must be an object"),
            "an action is `{target: ..., update: ...}` or `{target: ..., remove: true}`",
        );
        return None;
    };
    let before = report.count();
    unknown_members(map, &at, ACTION_MEMBERS, "an action", report);
    let unknown = report.count() != before;
    if map.get("description").is_some_and(|d| !d.is_string()) {
        report.invalid(
            &format!("{at}/description"),
            "`description` must be a string".into(),
            "describe the action in one line",
        );
    }
    let remove = match map.get("remove") {
        None => false,
        Some(Value::Bool(remove)) => *remove,
        Some(_) => {
            report.invalid(
                &format!("{at}/remove"),
                "`remove` must be `true` or `false`".into(),
                "write `remove: true`",
            );
            true // not "does nothing" as well
        }
    };
    let update = map.get("update");
    // (An unknown member such as 1.1's `copy` already says what is wrong.)
    if update.is_none() && !remove && !unknown {
        report.invalid(&at, format!("action {index} does nothing"), "give it an `update` value or `remove: true`");
    }
    let target = match map.get("target") {
        Some(Value::String(text)) => match parse_target(text) {
            Ok(path) => Some((path, text.as_str())),
            Err(message) => {
                report.push(Code::InvalidJsonPath, &format!("{at}/target"), message, JSONPATH_HINT);
                None
            }
        },
        Some(_) => {
            report.invalid(&format!("{at}/target"), "`target` must be a JSONPath string".into(), JSONPATH_HINT);
            None
        }
        None => {
            report.invalid(&at, format!("action {index} has no `target`"), "add `target: $.path.to.node`");
            None
        }
    };
    if report.count() != before {
        return None;
    }
    let (target, target_text) = target?;
    Some(Action { index, target, target_text, update: if remove { None } else { update } })
}

const JSONPATH_HINT: &str =
    "`target` is an RFC 9535 JSONPath query from the root, e.g. `$.components.schemas.Pet.properties['id']`";

/// Deeper nesting than any real target; bounds the parser's recursion.
const MAX_TARGET_NESTING: usize = 64;

fn parse_target(text: &str) -> Result<JsonPath, String> {
    let mut depth = 0usize;
    let mut deepest = 0usize;
    for c in text.chars() {
        match c {
            '[' | '(' => {
                depth += 1;
                deepest = deepest.max(depth);
            }
            ']' | ')' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    if deepest > MAX_TARGET_NESTING {
        return Err(format!("target `{text}` nests brackets deeper than {MAX_TARGET_NESTING} levels"));
    }
    JsonPath::parse(text).map_err(|e| format!("target `{text}` is not a JSONPath query: {e}"))
}

impl Action<'_> {
    /// Run the action on `document`; a failure is located in `file`, the
    /// overlay (at `/actions/{i}/target`, or at the `update` member that conflicts).
    fn apply(&self, document: &mut Value, document_path: &str, file: &str) -> Result<(), Box<Diagnostic>> {
        self.run(document, document_path).map_err(|failure| {
            let (diagnostic, pointer) = match failure {
                Failure::Target(diagnostic) => (diagnostic, format!("/actions/{}/target", self.index)),
                Failure::At(diagnostic, pointer) => (diagnostic, pointer),
            };
            Box::new((*diagnostic).at(file, &pointer))
        })
    }

    fn run(&self, document: &mut Value, document_path: &str) -> Result<(), Failure> {
        let mut selected: Vec<Vec<Step>> = self
            .target
            .query_located(document)
            .iter()
            .map(|node| node.location().iter().map(Step::from).collect())
            .collect();
        if selected.is_empty() {
            return Err(Failure::Target(Box::new(Diagnostic::new(
                Code::OverlayTargetUnmatched,
                format!("target `{}` matches nothing in `{document_path}`", self.target_text),
            )
            .hint("fix the query, or delete the action if the document no longer needs it (this generator treats an empty match as an error so a stale overlay is noticed)"))));
        }
        // RFC 9535 node lists may name a node twice (`$['a','a']`); act once.
        let mut seen = std::collections::HashSet::new();
        selected.retain(|steps| seen.insert(steps.clone()));
        if let Some(steps) =
            selected.iter().find(|steps| !get(document, steps).is_some_and(|n| n.is_object() || n.is_array()))
        {
            let kind = get(document, steps).map_or("nothing", kind_of);
            return Err(Failure::Target(Box::new(Diagnostic::new(
                Code::OverlayConflict,
                format!(
                    "target `{}` selects {kind} at `{}` in `{document_path}`; targets must select objects or arrays",
                    self.target_text,
                    to_pointer(steps)
                ),
            )
            .hint("select the containing object and set the member with `update`; to drop an item of an array of strings, remove the whole array and add the new one in a second action (Overlay 1.0.0, Action Object)"))));
        }
        match self.update {
            None => self.remove(document, document_path, selected),
            Some(update) => self.update(document, document_path, &selected, update),
        }
    }

    /// Deepest and last first: removing an array item never shifts one still to remove.
    fn remove(&self, document: &mut Value, document_path: &str, mut selected: Vec<Vec<Step>>) -> Result<(), Failure> {
        if selected.iter().any(Vec::is_empty) {
            return Err(Failure::Target(Box::new(
                Diagnostic::new(
                    Code::OverlayConflict,
                    format!(
                        "target `{}` selects the root of `{document_path}`, which cannot be removed",
                        self.target_text
                    ),
                )
                .hint("remove the members of the root instead, e.g. `$.paths`"),
            )));
        }
        selected.sort_unstable_by(|a, b| b.cmp(a));
        for steps in &selected {
            let Some((last, parent)) = steps.split_last() else { continue };
            match (get_mut(document, parent), last) {
                (Some(Value::Object(map)), Step::Name(name)) => {
                    map.shift_remove(name);
                }
                (Some(Value::Array(items)), Step::Index(i)) if *i < items.len() => {
                    items.remove(*i);
                }
                // Inside a node removed just before (cannot happen: descendants sort first).
                _ => {}
            }
        }
        Ok(())
    }

    fn update(
        &self,
        document: &mut Value,
        document_path: &str,
        selected: &[Vec<Step>],
        update: &Value,
    ) -> Result<(), Failure> {
        let at = format!("/actions/{}/update", self.index);
        let mut first_conflict = None;
        let mut conflicts = 0usize;
        for steps in selected {
            let Some(node) = get_mut(document, steps) else { continue };
            if let Err(conflict) = merge(node, update, &at) {
                conflicts += 1;
                first_conflict.get_or_insert((to_pointer(steps), conflict));
            }
        }
        let Some((node, conflict)) = first_conflict else { return Ok(()) };
        let more = match conflicts {
            1 => String::new(),
            n => format!(" (and {} more selected node(s))", n - 1),
        };
        let message = format!("cannot merge `update` into `{node}` of `{document_path}`{more}: {}", conflict.message);
        let diagnostic = Diagnostic::new(Code::OverlayConflict, message)
            .hint("`update` merges objects recursively, appends arrays and replaces primitives (Overlay 1.0.0, Action Object); to put a value of another kind, remove the old one in an earlier action");
        // Located at the overlay member that conflicts (`/actions/2/update/type`).
        Err(Failure::At(Box::new(diagnostic), conflict.at))
    }
}

/// Why an action failed, and so where its diagnostic points.
enum Failure {
    /// About what `target` selects: points at `/actions/{i}/target`.
    Target(Box<Diagnostic>),
    /// Points at a member of the action (a conflicting `update` member).
    At(Box<Diagnostic>, String),
}

/// A step of a node's location (an RFC 9535 normalized path).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum Step {
    Index(usize),
    Name(String),
}

impl From<&serde_json_path::PathElement<'_>> for Step {
    fn from(element: &serde_json_path::PathElement<'_>) -> Step {
        match element {
            serde_json_path::PathElement::Name(name) => Step::Name((*name).to_owned()),
            serde_json_path::PathElement::Index(index) => Step::Index(*index),
        }
    }
}

fn to_pointer(steps: &[Step]) -> String {
    steps.iter().fold(String::new(), |at, step| match step {
        Step::Name(name) => pointer::push(&at, name),
        Step::Index(index) => format!("{at}/{index}"),
    })
}

fn get<'v>(root: &'v Value, steps: &[Step]) -> Option<&'v Value> {
    steps.iter().try_fold(root, |node, step| match (node, step) {
        (Value::Object(map), Step::Name(name)) => map.get(name),
        (Value::Array(items), Step::Index(i)) => items.get(*i),
        _ => None,
    })
}

fn get_mut<'v>(root: &'v mut Value, steps: &[Step]) -> Option<&'v mut Value> {
    steps.iter().try_fold(root, |node, step| match (node, step) {
        (Value::Object(map), Step::Name(name)) => map.get_mut(name),
        (Value::Array(items), Step::Index(i)) => items.get_mut(*i),
        _ => None,
    })
}

/// Where and why an `update` does not merge.
#[derive(Debug, PartialEq, Eq)]
struct Conflict {
    /// Pointer into the overlay (`/actions/2/update/type`).
    at: String,
    message: String,
}

/// Merge `update` into a selected node (Overlay 1.0.0, Action Object): an
/// object is merged member by member, an array gets `update` as a new entry.
fn merge(node: &mut Value, update: &Value, at: &str) -> Result<(), Conflict> {
    match (node, update) {
        (Value::Array(items), _) => {
            items.push(update.clone());
            Ok(())
        }
        (Value::Object(map), Value::Object(members)) => merge_objects(map, members, at),
        (Value::Object(_), other) => Err(Conflict {
            at: at.to_owned(),
            message: format!("the node is an object and `update` is {}", kind_of(other)),
        }),
        (other, _) => Err(Conflict { at: at.to_owned(), message: format!("the node is {}", kind_of(other)) }),
    }
}

/// A member only in `update` is added; objects merge recursively, arrays are
/// concatenated, a primitive (or `null`) replaces a primitive; other pairs conflict.
fn merge_objects(map: &mut Map<String, Value>, members: &Map<String, Value>, at: &str) -> Result<(), Conflict> {
    for (key, value) in members {
        let at = pointer::push(at, key);
        let Some(existing) = map.get_mut(key) else {
            map.insert(key.clone(), value.clone());
            continue;
        };
        match (existing, value) {
            (Value::Object(existing), Value::Object(value)) => merge_objects(existing, value, &at)?,
            (Value::Array(existing), Value::Array(value)) => existing.extend(value.iter().cloned()),
            (existing, value) if is_primitive(existing) && is_primitive(value) => *existing = value.clone(),
            (existing, value) => {
                return Err(Conflict {
                    message: format!(
                        "`{key}` is {} in the document and {} in `update`",
                        kind_of(existing),
                        kind_of(value)
                    ),
                    at,
                })
            }
        }
    }
    Ok(())
}

fn is_primitive(value: &Value) -> bool {
    !value.is_object() && !value.is_array()
}

fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "`null`",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// The index of the document an overlay applies to; reports why there is none.
fn target_document(
    path: &str,
    root: &Value,
    documents: &[(String, Value)],
    overlays: &[(String, Value)],
    diagnostics: &mut Diagnostics,
) -> Option<usize> {
    let names = || list(&documents.iter().map(|(p, _)| p.as_str()).collect::<Vec<_>>());
    match root.get("extends") {
        Some(Value::String(extends)) => {
            let resolved = pointer::join(path, extends);
            if let Some(index) = documents.iter().position(|(p, _)| *p == resolved) {
                return Some(index);
            }
            let named = if resolved == *extends {
                format!("`extends` names `{resolved}`")
            } else {
                format!("`extends: {extends}` names `{resolved}`")
            };
            let what = if overlays.iter().any(|(p, _)| *p == resolved) {
                format!("{named}, which is an overlay, not a document")
            } else {
                format!("{named}, which is not among the inputs")
            };
            let inputs = if documents.is_empty() { "none".to_owned() } else { names() };
            diagnostics.push(
                Diagnostic::new(Code::OverlayDocumentMissing, what).at(path, "/extends").hint(format!(
                    "pass that document too, or fix `extends` ({EXTENDS_HINT}); documents given: {inputs}"
                )),
            );
            None
        }
        // Reported by `parse`.
        Some(_) => None,
        None if documents.len() == 1 => Some(0),
        None => {
            let message = match documents.len() {
                0 => "the overlay has no `extends` and no document is given".to_owned(),
                n => format!("the overlay has no `extends` and {n} documents are given ({})", names()),
            };
            diagnostics.push(
                Diagnostic::new(Code::OverlayDocumentMissing, message)
                    .at(path, "")
                    .hint(format!("add `extends` naming the document to change ({EXTENDS_HINT})")),
            );
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// Apply `overlay` (with `info` and `overlay` filled in) to `document`.
    fn run(document: Value, actions: Value) -> Result<Value, Diagnostics> {
        let overlay = json!({"overlay": "1.0.0", "info": {"title": "t", "version": "1"}, "actions": actions});
        let mut documents = vec![("doc.json".to_owned(), document)];
        apply(&mut documents, &[("fix.json".to_owned(), overlay)])?;
        Ok(documents.remove(0).1)
    }

    fn codes(result: Result<Value, Diagnostics>) -> Vec<(&'static str, String)> {
        let diagnostics = result.expect_err("the overlay fails");
        diagnostics
            .items
            .iter()
            .map(|d| (d.code.as_str(), d.location.as_ref().map(|l| l.pointer.clone()).unwrap_or_default()))
            .collect()
    }

    #[test]
    fn update_merges_objects_recursively_and_replaces_primitives() {
        let document = json!({"a": {"type": "string", "keep": 1, "deep": {"x": 1}}});
        let result =
            run(document, json!([{"target": "$.a", "update": {"type": "integer", "deep": {"y": 2}, "new": true}}]));
        assert_eq!(
            result.unwrap(),
            json!({"a": {"type": "integer", "keep": 1, "deep": {"x": 1, "y": 2}, "new": true}})
        );
    }

    #[test]
    fn update_concatenates_member_arrays_and_appends_to_a_selected_array() {
        let document = json!({"s": {"required": ["a"], "enum": ["x"]}});
        let result = run(
            document,
            json!([
                {"target": "$.s", "update": {"required": ["b", "c"]}},
                {"target": "$.s.enum", "update": ["y", "z"]},
                {"target": "$.s.enum", "update": "w"}
            ]),
        );
        // A value merged into an array is one entry, even an array.
        assert_eq!(result.unwrap(), json!({"s": {"required": ["a", "b", "c"], "enum": ["x", ["y", "z"], "w"]}}));
    }

    #[test]
    fn null_is_a_primitive_in_merges() {
        let result =
            run(json!({"a": {"x": "s", "y": null}}), json!([{"target": "$.a", "update": {"x": null, "y": 2}}]));
        assert_eq!(result.unwrap(), json!({"a": {"x": null, "y": 2}}));
    }

    #[test]
    fn members_keep_their_order_and_new_ones_go_last() {
        let result =
            run(json!({"a": {"z": 1, "b": 2}}), json!([{"target": "$.a", "update": {"c": 3, "z": 4}}])).unwrap();
        let keys: Vec<&String> = result["a"].as_object().unwrap().keys().collect();
        assert_eq!(keys, ["z", "b", "c"]);
    }

    #[test]
    fn kinds_that_do_not_merge_conflict_at_the_update_member() {
        let result =
            run(json!({"a": {"type": "string"}}), json!([{"target": "$.a", "update": {"type": ["string", "null"]}}]));
        assert_eq!(codes(result), [("E0014", "/actions/0/update/type".to_owned())]);
        let result = run(json!({"a": {"b": {}}}), json!([{"target": "$.a", "update": "text"}]));
        assert_eq!(codes(result), [("E0014", "/actions/0/update".to_owned())]);
    }

    #[test]
    fn remove_takes_the_deepest_and_last_first() {
        let document = json!({"list": [0, {"x": 1}, 2, {"x": 3}], "m": {"a": {"x": 1}, "b": 2, "c": {"x": 3}}});
        let result = run(
            document,
            json!([
                {"target": "$.list[?@.x]", "remove": true},
                {"target": "$.m[?@.x]", "remove": true},
            ]),
        );
        assert_eq!(result.unwrap(), json!({"list": [0, 2], "m": {"b": 2}}));
        // A node and a node inside it: both go, without error.
        let result = run(json!({"a": {"a": {"a": {}}}, "k": 1}), json!([{"target": "$..a", "remove": true}]));
        assert_eq!(result.unwrap(), json!({"k": 1}));
    }

    #[test]
    fn remove_wins_over_update_and_actions_run_in_order() {
        let document = json!({"a": {"required": ["x", "y"]}});
        let result = run(
            document,
            json!([
                {"target": "$.a.required", "remove": true, "update": ["ignored"]},
                {"target": "$.a", "update": {"required": ["y"]}},
            ]),
        );
        assert_eq!(result.unwrap(), json!({"a": {"required": ["y"]}}));
    }

    #[test]
    fn a_target_matching_several_nodes_updates_each_once() {
        let document = json!({"p": {"a": {"type": "string"}, "b": {"type": "string"}, "c": {"type": "integer"}}});
        let result = run(document, json!([{"target": "$.p['a','b','a']", "update": {"nullable": true}}]));
        assert_eq!(
            result.unwrap(),
            json!({"p": {"a": {"type": "string", "nullable": true}, "b": {"type": "string", "nullable": true}, "c": {"type": "integer"}}})
        );
    }

    #[test]
    fn targets_that_select_nothing_primitives_or_the_root_fail() {
        assert_eq!(
            codes(run(json!({"a": {}}), json!([{"target": "$.b", "remove": true}]))),
            [("E0011", "/actions/0/target".to_owned())]
        );
        assert_eq!(
            codes(run(json!({"a": {"t": "s"}}), json!([{"target": "$.a.t", "update": {}}]))),
            [("E0014", "/actions/0/target".to_owned())]
        );
        assert_eq!(
            codes(run(json!({"a": {}}), json!([{"target": "$", "remove": true}]))),
            [("E0014", "/actions/0/target".to_owned())]
        );
        // The root can be updated.
        assert_eq!(
            run(json!({"a": {}}), json!([{"target": "$", "update": {"b": 1}}])).unwrap(),
            json!({"a": {}, "b": 1})
        );
    }

    #[test]
    fn every_structural_problem_is_reported() {
        let overlay = json!({
            "overlay": "1.1.0",
            "info": {"title": "t"},
            "extra": 1,
            "x-ok": 1,
            "actions": [
                {"target": "$.a", "copy": "$.b"},
                {"target": "$[", "update": {}},
                {"update": {}},
                "text",
                {"target": "$.a", "remove": "yes"},
                {"target": "$.a"},
                {"target": "$.a"},
            ]
        });
        let mut documents = vec![("doc.json".to_owned(), json!({"a": {}}))];
        let diagnostics = apply(&mut documents, &[("fix.json".to_owned(), overlay)]).unwrap_err();
        let found: Vec<(&str, &str)> = diagnostics
            .items
            .iter()
            .map(|d| (d.code.as_str(), d.location.as_ref().map_or("", |l| l.pointer.as_str())))
            .collect();
        assert_eq!(
            found,
            [
                ("E0010", "/extra"),
                ("E0010", "/overlay"),
                ("E0010", "/info"),
                ("E0010", "/actions/0/copy"),
                ("E0013", "/actions/1/target"),
                ("E0010", "/actions/2"),
                ("E0010", "/actions/3"),
                ("E0010", "/actions/4/remove"),
                ("E0010", "/actions/5"),
                ("E0010", "/actions/6"),
            ]
        );
        assert_eq!(documents[0].1, json!({"a": {}}), "a broken overlay is not applied");
    }

    #[test]
    fn extends_picks_the_document_and_missing_ones_are_reported() {
        let overlay = |extends: Option<&str>| {
            let mut overlay = json!({"overlay": "1.0.0", "info": {"title": "t", "version": "1"},
                "actions": [{"target": "$", "update": {"x": 1}}]});
            if let Some(extends) = extends {
                overlay["extends"] = json!(extends);
            }
            overlay
        };
        let mut documents = vec![("api/v1/a.json".to_owned(), json!({})), ("api/v1/b.json".to_owned(), json!({}))];
        let applied = apply(&mut documents, &[("api/fixes/b.yaml".to_owned(), overlay(Some("../v1/b.json")))]).unwrap();
        assert_eq!(applied, [Applied { overlay: "api/fixes/b.yaml".into(), document: "api/v1/b.json".into() }]);
        assert_eq!(documents[1].1, json!({"x": 1}));
        assert_eq!(documents[0].1, json!({}));

        let err = apply(&mut documents, &[("api/fixes/b.yaml".to_owned(), overlay(Some("c.json")))]).unwrap_err();
        assert_eq!(err.items[0].code, Code::OverlayDocumentMissing);
        assert!(err.items[0].message.contains("`api/fixes/c.json`"), "{}", err.items[0].message);
        let err = apply(&mut documents, &[("o.yaml".to_owned(), overlay(None))]).unwrap_err();
        assert!(err.items[0].message.contains("2 documents are given"), "{}", err.items[0].message);
        let mut one = vec![("a.json".to_owned(), json!({}))];
        apply(&mut one, &[("o.yaml".to_owned(), overlay(None))]).unwrap();
        assert_eq!(one[0].1, json!({"x": 1}));
    }

    #[test]
    fn deeply_nested_targets_are_rejected_before_parsing() {
        let target = format!("$.a[?{}@.b{}]", "(".repeat(10_000), ")".repeat(10_000));
        assert!(parse_target(&target).unwrap_err().contains("deeper than"));
        assert!(parse_target("$.a[?(@.b == 1)]").is_ok());
    }

    #[test]
    fn hostile_overlays_end_in_a_result() {
        let document = json!({"a": [[1, [2, {"b": [3]}]], {"c": {"d": null}}], "e": {"": {"~/": []}}});
        let cases = [
            json!([{"target": "$..*", "remove": true}]),
            json!([{"target": "$..[*]", "remove": true}]),
            json!([{"target": "$..*", "update": {"x": [1]}}]),
            json!([{"target": "$..[?@ == null]", "update": {}}]),
            json!([{"target": "$.e['']['~/']", "update": null}, {"target": "$.e", "update": {"": {"~/": [null]}}}]),
            json!([{"target": "$[?length(@) > 1]", "remove": true}]),
            json!([{"target": "$[?match(@.x, '(((')]", "remove": true}]),
            json!([{"target": "$['a'][-1:-5:-1]", "remove": true}]),
            json!([{"target": "$", "update": []}]),
            json!([{"target": 1, "update": {}}, {"target": "$", "remove": null}]),
        ];
        for actions in cases {
            let _ = run(document.clone(), actions);
        }
    }

    #[test]
    fn version_pattern() {
        assert!(is_version_1_0("1.0.0") && is_version_1_0("1.0.12"));
        assert!(!is_version_1_0("1.0") && !is_version_1_0("1.1.0") && !is_version_1_0("1.0.0-rc"));
    }
}
