//! The catalogue of errors and warnings, and how they are rendered.
//!
//! Every diagnostic has a stable code, a message, an optional location (file and
//! JSON pointer) and an optional hint. Stages collect diagnostics and the
//! pipeline stops at a stage boundary when any error was collected, so a user
//! sees every problem of a run at once, rendered like rustc:
//!
//! ```text
//! error[E0001]: unresolved $ref `#/components/schemas/Missing`
//!   --> schema.json#/components/schemas/Foo/properties/bar
//!   = hint: ...
//! ```

use std::fmt;

/// How bad a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Warning,
    Error,
}

/// Diagnostic codes. The code is the contract (tests and users match on it);
/// the message may be refined.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Code {
    /// A `$ref` points at nothing in the input set.
    UnresolvedRef,
    /// A document is not valid JSON.
    InvalidDocument,
    /// A `$ref` string is not a valid URI reference.
    InvalidRef,
    /// A schema is not an object or boolean.
    InvalidSchema,
    /// A root named in the options is not a schema of the input.
    UnknownRoot,
    /// Two inputs have the same path.
    DuplicateInput,
    /// The crate name is not a valid Cargo package name, or one cargo refuses
    /// (a Rust keyword, `test`, `std`, ...).
    InvalidCrateName,
    /// A `$ref` chain never reaches a schema (`A → B → A`).
    RefCycle,
    /// Inline schemas nest, or `$ref`s to unnamed schemas chain, deeper than
    /// the generator follows (which keeps its stack and the Rust types bounded).
    TooDeep,
    /// An overlay document is not a valid OpenAPI Overlay 1.0.0 document
    /// (missing or mistyped fields, unknown fields, an action that does nothing).
    InvalidOverlay,
    /// An overlay action's `target` selects no node of the document.
    OverlayTargetUnmatched,
    /// An overlay's `extends` names no input document, or an overlay without
    /// `extends` has no single document to apply to.
    OverlayDocumentMissing,
    /// An overlay action's `target` is not an RFC 9535 JSONPath query.
    InvalidJsonPath,
    /// An overlay action cannot be applied to a node it selects: a primitive
    /// target, the document root removed, or an `update` whose value does not
    /// merge with the node (an object into a string, …).
    OverlayConflict,
    /// A file reference leaves the folder of the root document it was reached from.
    RefOutsideRoot,
    /// A reference names a remote (`http(s)://`) document no input declares as its `$id`.
    RemoteRef,
    /// A root document given as an input cannot be read.
    UnreadableInput,
    /// A bug in codegen itself: generated code that does not parse.
    Internal,
    /// A keyword this generator does not model; the type fell back to `serde_json::Value`.
    UnsupportedKeyword,
    /// A keyword's or field's value has the wrong JSON type where the
    /// generator reads it (`"properties": []`).
    InvalidKeywordValue,
    /// A `type` name no JSON Schema dialect defines (`"strin"`).
    UnknownTypeName,
    /// A keyword or field the document's dialect does not define (a typo,
    /// or another dialect's); it is ignored unless codegen reads it anyway.
    UnknownKeyword,
    /// A `required` entry names no member of `properties`.
    RequiredWithoutProperty,
    /// A value that does not conform to the dialect's meta-schema, which the
    /// generator does without (`"minLength": "3"`).
    NonConforming,
    /// A security requirement names no declared security scheme.
    UnknownSecurityScheme,
    /// A security scheme's `type` is none the specification defines (`htp`), or missing.
    UnknownSecuritySchemeType,
    /// Two operations have the same `operationId`.
    DuplicateOperationId,
    /// A security scheme the generated client cannot send (`mutualTLS`, HTTP
    /// `digest`): it is left out of the client.
    UnusableSecurityScheme,
    /// A path template and the operation's `in: path` parameters disagree: a
    /// `{name}` no parameter declares is sent as written, a declared one the
    /// template does not name is never sent.
    PathParameterMismatch,
}

impl Code {
    /// The stable code, e.g. `E0001`.
    pub fn as_str(self) -> &'static str {
        match self {
            Code::UnresolvedRef => "E0001",
            Code::InvalidDocument => "E0002",
            Code::InvalidRef => "E0003",
            Code::InvalidSchema => "E0004",
            Code::UnknownRoot => "E0005",
            Code::DuplicateInput => "E0006",
            Code::InvalidCrateName => "E0007",
            Code::RefCycle => "E0008",
            Code::TooDeep => "E0009",
            Code::InvalidOverlay => "E0010",
            Code::OverlayTargetUnmatched => "E0011",
            Code::OverlayDocumentMissing => "E0012",
            Code::InvalidJsonPath => "E0013",
            Code::OverlayConflict => "E0014",
            Code::InvalidKeywordValue => "E0015",
            Code::UnknownTypeName => "E0016",
            Code::UnknownSecurityScheme => "E0017",
            Code::UnknownSecuritySchemeType => "E0018",
            Code::DuplicateOperationId => "E0019",
            Code::RefOutsideRoot => "E0020",
            Code::RemoteRef => "E0021",
            Code::UnreadableInput => "E0022",
            Code::Internal => "E0900",
            Code::UnsupportedKeyword => "W0101",
            Code::UnknownKeyword => "W0102",
            Code::RequiredWithoutProperty => "W0103",
            Code::NonConforming => "W0104",
            Code::UnusableSecurityScheme => "W0105",
            Code::PathParameterMismatch => "W0106",
        }
    }

    pub fn severity(self) -> Severity {
        match self {
            Code::UnsupportedKeyword
            | Code::UnknownKeyword
            | Code::RequiredWithoutProperty
            | Code::NonConforming
            | Code::UnusableSecurityScheme
            | Code::PathParameterMismatch => Severity::Warning,
            _ => Severity::Error,
        }
    }
}

/// Where in the input a diagnostic points: a file and a JSON pointer into it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Location {
    pub file: String,
    pub pointer: String,
    /// `line:column` where the parser reports one (JSON syntax errors).
    pub line_col: Option<(usize, usize)>,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some((line, col)) = self.line_col {
            write!(f, ":{line}:{col}")?;
        }
        if !self.pointer.is_empty() || self.line_col.is_none() {
            write!(f, "#{}", self.pointer)?;
        }
        Ok(())
    }
}

/// One problem found in the input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub code: Code,
    pub message: String,
    pub location: Option<Location>,
    pub hint: Option<String>,
    /// The input line a `line:column` location points into, quoted under it
    /// with a caret at the column (see [`Diagnostic::quote`]).
    pub source_line: Option<String>,
}

impl Diagnostic {
    pub fn new(code: Code, message: impl Into<String>) -> Self {
        Diagnostic { code, message: message.into(), location: None, hint: None, source_line: None }
    }

    pub fn at(mut self, file: &str, pointer: &str) -> Self {
        self.location = Some(Location { file: file.to_owned(), pointer: pointer.to_owned(), line_col: None });
        self
    }

    pub fn at_line(mut self, file: &str, line: usize, column: usize) -> Self {
        self.location =
            Some(Location { file: file.to_owned(), pointer: String::new(), line_col: Some((line, column)) });
        self
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// Quote the line of `text` that the diagnostic's `line:column` points
    /// into (nothing without one).
    pub fn quote(mut self, text: &str) -> Self {
        if let Some((line, _)) = self.location.as_ref().and_then(|l| l.line_col) {
            self.source_line = text.lines().nth(line.saturating_sub(1)).map(str::to_owned);
        }
        self
    }

    pub fn severity(&self) -> Severity {
        self.code.severity()
    }
}

/// At most this many characters of a quoted line are shown (a minified JSON
/// document is one line of megabytes): a window around the column.
const QUOTE_WIDTH: usize = 100;

/// Render `text` (line `line`) with a caret under 1-based `column`, rustc-like:
///
/// ```text
///    |
///  6 | tags: [
///    |       ^
/// ```
fn write_quote(f: &mut fmt::Formatter<'_>, line: usize, column: usize, text: &str) -> fmt::Result {
    let chars: Vec<char> = text.trim_end_matches('\r').chars().collect();
    let column = column.max(1) - 1;
    let start = if chars.len() > QUOTE_WIDTH { column.saturating_sub(QUOTE_WIDTH / 2) } else { 0 };
    let end = (start + QUOTE_WIDTH).min(chars.len());
    let start = start.min(end);
    let mut shown: String = chars[start..end].iter().collect();
    // The caret lines up under tabs as the terminal shows them.
    let mut caret: String =
        chars[start..column.min(end).max(start)].iter().map(|c| if *c == '\t' { '\t' } else { ' ' }).collect();
    if start > 0 {
        shown.insert(0, '…');
        caret.insert(0, ' ');
    }
    if end < chars.len() {
        shown.push('…');
    }
    caret.push('^');
    let number = line.to_string();
    let gutter = " ".repeat(number.len() + 1);
    write!(f, "\n{gutter} |\n {number} | {shown}\n{gutter} | {caret}")
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let level = match self.severity() {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{level}[{}]: {}", self.code.as_str(), self.message)?;
        if let Some(location) = &self.location {
            write!(f, "\n  --> {location}")?;
            if let (Some((line, column)), Some(text)) = (location.line_col, &self.source_line) {
                write_quote(f, line, column, text)?;
            }
        }
        if let Some(hint) = self.hint.as_deref().filter(|h| !h.is_empty()) {
            write!(f, "\n  = hint: {hint}")?;
        }
        Ok(())
    }
}

/// Everything a run reported, errors and warnings, in a stable order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Diagnostics {
    pub items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.items.push(diagnostic);
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.severity() == Severity::Error)
    }

    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter().filter(|d| d.severity() == Severity::Error)
    }

    pub fn warnings(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter().filter(|d| d.severity() == Severity::Warning)
    }

    pub fn extend(&mut self, other: Diagnostics) {
        self.items.extend(other.items);
    }

    /// Sort by location then code, and drop exact duplicates, so that output
    /// does not depend on traversal order.
    pub fn normalize(&mut self) {
        self.items.sort_by(|a, b| (&a.location, a.code, &a.message).cmp(&(&b.location, b.code, &b.message)));
        self.items.dedup();
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, diagnostic) in self.items.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            writeln!(f, "{diagnostic}")?;
        }
        let errors = self.errors().count();
        let warnings = self.warnings().count();
        if errors > 0 {
            write!(f, "\n{errors} error(s), {warnings} warning(s)")?;
        }
        Ok(())
    }
}

impl std::error::Error for Diagnostics {}

impl From<Diagnostic> for Diagnostics {
    fn from(diagnostic: Diagnostic) -> Self {
        Diagnostics { items: vec![diagnostic] }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rendered(text: &str, line: usize, column: usize) -> String {
        Diagnostic::new(Code::InvalidDocument, "bad").at_line("a.yaml", line, column).quote(text).to_string()
    }

    #[test]
    fn a_located_diagnostic_quotes_its_line_with_a_caret() {
        let text = "a: 1\n\tb: [2\n";
        assert_eq!(rendered(text, 2, 5), "error[E0002]: bad\n  --> a.yaml:2:5\n   |\n 2 | \tb: [2\n   | \t   ^");
    }

    #[test]
    fn a_long_line_is_quoted_around_its_column() {
        let text = format!("{}X{}", "a".repeat(500), "b".repeat(500));
        let out = rendered(&text, 1, 501);
        let quoted = out.lines().nth(3).unwrap();
        let caret = out.lines().nth(4).unwrap();
        assert!(quoted.starts_with(" 1 | …a") && quoted.ends_with("b…"), "{quoted}");
        assert_eq!(quoted.chars().position(|c| c == 'X'), caret.chars().position(|c| c == '^'));
    }

    #[test]
    fn no_quote_without_a_line() {
        let text = Diagnostic::new(Code::InvalidDocument, "bad").at("a.json", "/x").quote("{}").to_string();
        assert_eq!(text, "error[E0002]: bad\n  --> a.json#/x");
    }
}
