//! Generate serde-ready Rust types from JSON Schema and OpenAPI documents.
//!
//! The pipeline reads top to bottom, one module per stage:
//!
//! ```text
//! load ──▶ resolve ($ref, $id, components) ──▶ ir ──▶ lower ──▶ emit (quote) ──▶ format (prettyplease)
//! ```
//!
//! [`generate`] is pure: it takes documents as text and returns the files of a
//! crate in memory. Writing them (atomically, only when changed) is the caller's
//! business: see the `codegen` CLI and `cargo xtask regenerate`.

use std::collections::BTreeMap;

/// One input document: its path (used in diagnostics and to resolve relative
/// `$ref`s between inputs) and its text.
#[derive(Debug, Clone)]
pub struct Input {
    pub path: String,
    pub text: String,
}

/// Settings for one generated crate.
#[derive(Debug, Clone)]
pub struct Options {
    /// The Cargo package name of the generated crate, e.g. `klaviyo-types`.
    pub crate_name: String,
    /// Generate only these schemas (by their original component / `$defs`
    /// name) and everything they reference. Empty means every schema.
    pub roots: Vec<String>,
}

/// A generated crate, in memory: relative path (with `/`) → file contents.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GeneratedCrate {
    pub files: BTreeMap<String, String>,
}

pub fn generate(_inputs: &[Input], _options: &Options) -> Result<GeneratedCrate, Diagnostics> {
    todo!()
}
