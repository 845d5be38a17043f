//! Generate serde-ready Rust types from JSON Schema and OpenAPI documents.
//!
//! The pipeline reads top to bottom, one module per stage:
//!
//! ```text
//! load (+ overlay, check) ──▶ resolve ($ref, $id, components, operations) ──▶ analyze (whole-graph passes) ──▶ ir (frozen)
//!     ──▶ lower (Rust names and types) ──▶ emit (direct layout; quote for the rest) ──▶ assemble (prettyplease, files)
//! ```
//!
//! `emit` writes the bulk of the text through `layout` (Oppen's algorithm with
//! prettyplease's layout choices) and quotes the rest for prettyplease; both
//! print the same bytes ([`Options::reference_layout`], `tests/layout.rs`).
//!
//! `generate` and `diff` share every stage up to the frozen IR
//! (`resolve_and_analyze`); vendor conventions (extensions, prose) are read in
//! one module, `vendor`, by `resolve` and `diff` alike.
//!
//! Inputs that are OpenAPI Overlay 1.0.0 documents are applied to the documents
//! they extend right after loading ([`overlay`]), so everything after `load`
//! sees the adjusted documents; then each document is [checked](check)
//! against its dialect's vocabulary (typos, wrong value types, unknown `type`
//! names), before anything is resolved.
//!
//! [`generate`] is pure: it takes documents as text and returns the files of a
//! crate in memory. [`read_inputs`] reads root documents from disk together
//! with every file their `$ref`s name (within the root document's folder;
//! nothing from a network), for the CLI and `cargo xtask`. Writing them (atomically, only when changed) is the caller's
//! business: see the `codegen` CLI and `cargo xtask regenerate`.

use std::collections::BTreeMap;

mod analyze;
mod assemble;
mod check;
pub mod diagnostic;
pub mod diff;
#[cfg(doctest)]
mod doc_snippets;
mod emit;
mod files;
mod ir;
mod json;
mod layout;
mod load;
mod lower;
pub mod naming;
pub mod output;
pub mod overlay;
pub mod pointer;
mod resolve;
mod vendor;

pub use diagnostic::{Code, Diagnostic, Diagnostics, Severity};
pub use diff::diff;
pub use files::{io_message, read_inputs, read_inputs_with};

/// One input document: its path (used in diagnostics and to resolve relative
/// `$ref`s between inputs, and an overlay's `extends`) and its text. A
/// document with a top-level `overlay` member is an OpenAPI Overlay, applied
/// to the document it extends (see [`overlay`]).
#[derive(Debug, Clone)]
pub struct Input {
    pub path: String,
    pub text: String,
}

/// Settings for one generated crate.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The Cargo package name of the generated crate, e.g. `klaviyo-types`.
    pub crate_name: String,
    /// Generate only these schemas (by their original component / `$defs`
    /// name) and everything they reference. Empty means every schema.
    pub roots: Vec<String>,
    /// One cargo feature per OpenAPI tag, enabling the types its operations
    /// use (all on by default), so a user can compile only the areas they call.
    pub area_features: bool,
    /// Implement `schemars::JsonSchema` (schemars 1.x) for every schema type,
    /// behind the generated crate's cargo feature `schemars` (off by default,
    /// so the derive costs nothing to users who do not turn it on).
    pub json_schema: bool,
    /// Whether the enums and tagged unions of the documents accept values
    /// their schema does not list; [`Options::document_enums`] overrides it
    /// per document.
    pub enums: Enums,
    /// [`Enums`] for the types of particular documents, by input path.
    pub document_enums: BTreeMap<String, Enums>,
    /// Format every item through quote → syn → prettyplease, the reference
    /// that the direct layout of declarations and macro calls (the default,
    /// several times faster) is tested against. Same output, slower; for
    /// tests and for ruling out the layout when output looks wrong.
    pub reference_layout: bool,
}

impl Options {
    /// The [`Enums`] setting for the types of the document at `path`
    /// (paths compared normalised: `./api.yaml` is `api.yaml`).
    pub fn enums_of(&self, path: &str) -> Enums {
        if self.document_enums.is_empty() {
            return self.enums;
        }
        let path = load::normalize_path(path);
        self.document_enums
            .iter()
            .find(|(document, _)| load::normalize_path(document) == path)
            .map_or(self.enums, |(_, enums)| *enums)
    }

    /// The paths of [`Options::document_enums`] that name none of `inputs`
    /// (a setting for them would silently do nothing).
    pub fn stray_documents<'a>(&'a self, inputs: &[Input]) -> Vec<&'a str> {
        let given: Vec<String> = inputs.iter().map(|input| load::normalize_path(&input.path)).collect();
        self.document_enums
            .keys()
            .filter(|path| !given.contains(&load::normalize_path(path)))
            .map(String::as_str)
            .collect()
    }
}

/// What a string enum or a tagged union does with a value its schema does
/// not list.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Enums {
    /// Keep it (`Other(String)`, `Other(serde_json::Value)`): a crate for an
    /// API that adds values keeps reading its responses. The default.
    #[default]
    Open,
    /// Reject it: a mistake in data of one's own schema is an error, and
    /// `match` needs no catch-all arm.
    Closed,
}

impl std::str::FromStr for Enums {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, String> {
        match text {
            "open" => Ok(Enums::Open),
            "closed" => Ok(Enums::Closed),
            other => Err(format!("`{other}` is neither `open` nor `closed`")),
        }
    }
}

/// A generated crate, in memory: relative path (with `/`) → file contents.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GeneratedCrate {
    pub files: BTreeMap<String, String>,
}

/// A successful run: the crate, and the warnings collected on the way.
pub type Generated = (GeneratedCrate, Diagnostics);

/// Run the whole pipeline on in-memory documents.
///
/// Returns the crate's files and any warnings, or every error found: errors
/// of one stage are all collected before the run stops at that stage's end.
pub fn generate(inputs: &[Input], options: &Options) -> Result<GeneratedCrate, Diagnostics> {
    generate_with_warnings(inputs, options).map(|(generated, _)| generated)
}

/// [`generate`], also returning the warnings of a successful run.
pub fn generate_with_warnings(inputs: &[Input], options: &Options) -> Result<Generated, Diagnostics> {
    generate_timed(inputs, options, &mut StageTimings::default())
}

/// How long each stage of a run took (for `cargo xtask bench`).
#[derive(Debug, Clone, Copy, Default)]
pub struct StageTimings {
    pub load: std::time::Duration,
    pub resolve: std::time::Duration,
    pub lower: std::time::Duration,
    pub emit: std::time::Duration,
    pub format: std::time::Duration,
}

/// [`generate_with_warnings`], recording the time of each stage.
pub fn generate_timed(
    inputs: &[Input],
    options: &Options,
    timings: &mut StageTimings,
) -> Result<Generated, Diagnostics> {
    let clock = std::time::Instant::now;
    check_crate_name(&options.crate_name)?;
    let start = clock();
    let loaded = load::load(inputs)?;
    let warnings = check::check(&loaded);
    timings.load = start.elapsed();
    let start = clock();
    let (ir, warnings) = resolve_and_analyze(&loaded, &options.roots, warnings)?;
    timings.resolve = start.elapsed();
    let start = clock();
    let lowered = lower::lower(&ir, options);
    timings.lower = start.elapsed();
    let documents = loaded.documents.iter().map(|d| format!("`{}`", d.path));
    let overlays = loaded.overlays.iter().map(|o| format!("`{}` (overlay of `{}`)", o.overlay, o.document));
    let sources: Vec<String> = documents.chain(overlays).collect();
    let generated = assemble::render(options, &lowered, &sources, timings)?;
    Ok((generated, warnings))
}

/// Stages 2 and 3, shared by [`generate`] and [`diff`]: resolve the loaded
/// documents and analyze the graph, giving the frozen IR with every warning
/// (`check`'s, passed in, and resolve's), or every problem found at once.
/// Resolve runs after check errors too, so a run reports every problem at
/// once; the same problem found by both is reported once.
pub(crate) fn resolve_and_analyze(
    loaded: &load::Loaded,
    roots: &[String],
    mut warnings: Diagnostics,
) -> Result<(ir::Ir, Diagnostics), Diagnostics> {
    let with_warnings = |mut errors: Diagnostics, warnings: &Diagnostics| {
        errors.extend(warnings.clone());
        errors.normalize();
        errors
    };
    let (ir, resolved) = resolve::resolve(loaded, roots).map_err(|errors| with_warnings(errors, &warnings))?;
    warnings.extend(resolved);
    warnings.normalize();
    if warnings.has_errors() {
        return Err(warnings);
    }
    let ir = analyze::analyze(ir).map_err(|errors| with_warnings(errors, &warnings))?;
    Ok((ir, warnings))
}

/// Cargo package names: ASCII letters, digits, `-` and `_`, not starting with
/// a digit, and none of the names `cargo new` refuses (see [`reserved_crate_name`]).
fn check_crate_name(name: &str) -> Result<(), Diagnostics> {
    let valid = !name.is_empty()
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        && !name.starts_with(|c: char| c.is_ascii_digit());
    let (message, hint) = if !valid {
        (
            format!("`{name}` is not a valid crate name"),
            "use ASCII letters, digits, `-` and `_`, starting with a letter, e.g. `pets-api`".to_owned(),
        )
    } else if let Some(why) = reserved_crate_name(name) {
        (format!("`{name}` cannot be a crate name: {why}"), format!("choose another name, e.g. `{name}-api`"))
    } else {
        return Ok(());
    };
    let diagnostic = Diagnostic::new(Code::InvalidCrateName, message).hint(hint);
    Err(Diagnostics { items: vec![diagnostic] })
}

/// Why `cargo new` refuses a well-formed name (cargo's `restricted_names`):
/// a Rust keyword (the library's name in paths), `test` and the other
/// built-in libraries (`use std::…` in the crate's own examples would name
/// the built-in one; cargo refuses `test` and warns of the others), and the
/// device names Windows reserves (cargo refuses them there, crates.io
/// everywhere).
fn reserved_crate_name(name: &str) -> Option<&'static str> {
    // Cargo's list, and `gen` (a keyword from edition 2024: a crate of that
    // edition could not name the library without `r#gen`).
    const KEYWORDS: &[&str] = &[
        "Self", "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate", "do",
        "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let", "loop",
        "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref", "return", "self", "static", "struct",
        "super", "trait", "true", "try", "type", "typeof", "unsafe", "unsized", "use", "virtual", "where", "while",
        "yield",
    ];
    const LIBRARIES: &[&str] = &["alloc", "core", "proc_macro", "proc-macro", "std", "test"];
    const WINDOWS: &[&str] = &[
        "con", "prn", "aux", "nul", "com1", "com2", "com3", "com4", "com5", "com6", "com7", "com8", "com9", "lpt1",
        "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9",
    ];
    if KEYWORDS.contains(&name) {
        Some("it is a Rust keyword")
    } else if LIBRARIES.contains(&name) {
        Some("it is the name of a Rust built-in library")
    } else if WINDOWS.contains(&name.to_ascii_lowercase().as_str()) {
        Some("it is a device name Windows reserves")
    } else {
        None
    }
}
