//! The `codegen` command line: generate a Rust crate from schema documents.
//!
//! Exit status: 0 success, 1 the schemas have errors, 2 usage error (bad
//! arguments, an invalid `--crate-name`, unreadable input, unwritable output).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Generation allocates and frees millions of small token and syntax-tree
/// nodes; mimalloc makes the whole run about a third faster than the system
/// allocator (see `cargo xtask bench`).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(name = "codegen", version, about = "Generate serde-ready Rust types from JSON Schema and OpenAPI documents")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Generate a standalone crate (Cargo.toml + src/) from schema documents.
    ///
    /// Every component schema (OpenAPI) or `$defs` entry and root schema (JSON
    /// Schema) becomes a public type at the crate root. Nothing is written when
    /// any document has an error.
    ///
    /// An input that is an OpenAPI Overlay 1.0.0 document (top-level `overlay:
    /// 1.0.0`) is not generated from: its actions are applied, in input order,
    /// to the document its `extends` names (a path relative to the overlay,
    /// which must be another --input) or, without `extends`, to the only
    /// document; e.g. `--input stable.json --input fixes.overlay.yaml`.
    /// A broken overlay is an error like a broken schema (exit 1).
    Generate {
        /// An input document (OpenAPI 3.x, JSON Schema, or an OpenAPI Overlay, as JSON
        /// or YAML). Repeat for several. Files that its `$ref`s name by a relative path
        /// (`../models/pet.yaml#/Pet`) are read too, recursively, from under this
        /// document's folder; `http(s)://` references are never fetched.
        #[arg(long = "input", value_name = "PATH", required = true, num_args = 1..)]
        inputs: Vec<PathBuf>,
        /// The directory to write the crate into (created if missing).
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
        /// The Cargo package name of the generated crate.
        #[arg(long, value_name = "NAME")]
        crate_name: String,
        /// Generate only this schema (by its original name) and what it
        /// references. Repeat for several; default: every schema.
        #[arg(long = "root", value_name = "NAME")]
        roots: Vec<String>,
        /// One cargo feature per OpenAPI tag (all on by default) that enables
        /// the types its operations use.
        #[arg(long)]
        area_features: bool,
        /// Implement `schemars::JsonSchema` (schemars 1.x) for every schema type,
        /// behind the generated crate's cargo feature `schemars` (off by default).
        #[arg(long)]
        schemars: bool,
        /// What string enums and tagged unions do with a value their schema
        /// does not list: `open` keeps it (`Other`: right for an API that adds
        /// values), `closed` rejects it (right for a schema of your own).
        #[arg(long, value_name = "open|closed", default_value = "open")]
        enums: codegen::Enums,
        /// `--enums` for one document: `PATH=open` or `PATH=closed`, PATH as
        /// given to `--input`. Repeat for several.
        #[arg(long = "document-enums", value_name = "PATH=open|closed", value_parser = document_enums)]
        document_enums: Vec<(String, codegen::Enums)>,
        /// Format every item with prettyplease (`Options::reference_layout`):
        /// the same output, slower; for comparing the two layouts.
        #[arg(long, hide = true)]
        reference_layout: bool,
    },
    /// Compare two schema documents and report every change.
    ///
    /// Both documents go through the generator's own resolution, so the report
    /// is about the generated Rust: each change names the schema, the field
    /// path and the before/after Rust type, classified as breaking, additive or
    /// docs-only; operations (endpoints, parameters, filters, scopes, rate
    /// limits) are compared too. Exit status: 0, also when there are changes;
    /// 1 when `--fail-on` matches or a document has errors; 2 usage error.
    Diff {
        /// The old document (OpenAPI 3.x or JSON Schema, as JSON or YAML).
        #[arg(value_name = "OLD")]
        old: PathBuf,
        /// The new document.
        #[arg(value_name = "NEW")]
        new: PathBuf,
        /// An OpenAPI Overlay applied to OLD before comparing. Repeat for several.
        #[arg(long = "old-overlay", value_name = "PATH")]
        old_overlays: Vec<PathBuf>,
        /// An OpenAPI Overlay applied to NEW before comparing (the same document
        /// as OLD with `--new-overlay` shows what the overlay changes).
        #[arg(long = "new-overlay", value_name = "PATH")]
        new_overlays: Vec<PathBuf>,
        #[command(flatten)]
        report: codegen::diff::ReportArgs,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Generate {
            inputs,
            out,
            crate_name,
            roots,
            area_features,
            schemars,
            enums,
            document_enums,
            reference_layout,
        } => {
            let options = codegen::Options {
                crate_name,
                roots,
                area_features,
                json_schema: schemars,
                enums,
                document_enums: document_enums.into_iter().collect(),
                reference_layout,
            };
            generate(&inputs, &out, options)
        }
        Command::Diff { old, new, old_overlays, new_overlays, report } => {
            let old: Vec<PathBuf> = std::iter::once(old).chain(old_overlays).collect();
            let new: Vec<PathBuf> = std::iter::once(new).chain(new_overlays).collect();
            diff(&old, &new, &report)
        }
    }
}

/// `--document-enums PATH=open|closed`.
fn document_enums(text: &str) -> Result<(String, codegen::Enums), String> {
    let (path, enums) = text.rsplit_once('=').ok_or("expected PATH=open or PATH=closed")?;
    Ok((path.to_owned(), enums.parse()?))
}

/// `codegen diff`: read both sides (a document and its overlays), compare,
/// print or write the report.
fn diff(old: &[PathBuf], new: &[PathBuf], args: &codegen::diff::ReportArgs) -> ExitCode {
    let (old, new) = match (read(old), read(new)) {
        (Ok(old), Ok(new)) => (old, new),
        (Err(code), _) | (_, Err(code)) => return code,
    };
    let report = match codegen::diff(&old, &new) {
        Ok(report) => report,
        Err(diagnostics) => {
            eprintln!("{diagnostics}");
            return ExitCode::from(1);
        }
    };
    match args.deliver(&report) {
        Ok(true) => ExitCode::from(1),
        Ok(false) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: cannot write the report: {e}");
            ExitCode::from(2)
        }
    }
}

/// The documents given and every file their `$ref`s name (read relative to
/// the referring document, within the root document's folder). An unreadable
/// input is a usage error (2); a broken reference is a schema error (1).
fn read(paths: &[PathBuf]) -> Result<Vec<codegen::Input>, ExitCode> {
    codegen::read_inputs(paths).map_err(|diagnostics| {
        eprintln!("{diagnostics}");
        let unreadable = diagnostics.errors().any(|d| d.code == codegen::Code::UnreadableInput);
        ExitCode::from(if unreadable { 2 } else { 1 })
    })
}

fn generate(paths: &[PathBuf], out: &Path, options: codegen::Options) -> ExitCode {
    let inputs = match read(paths) {
        Ok(inputs) => inputs,
        Err(code) => return code,
    };
    // A `--document-enums` path that is no input would silently do nothing.
    if let Some(stray) = options.stray_documents(&inputs).first() {
        let given: Vec<String> = inputs.iter().map(|input| format!("`{}`", input.path)).collect();
        eprintln!(
            "error: --document-enums names `{stray}`, which is not an input document (inputs: {})",
            given.join(", ")
        );
        eprintln!("  = hint: write the path as given to --input");
        return ExitCode::from(2);
    }
    let (krate, warnings) = match codegen::generate_with_warnings(&inputs, &options) {
        Ok(generated) => generated,
        Err(diagnostics) => {
            eprintln!("{diagnostics}");
            // A bad `--crate-name` is a mistake in the arguments, not in the schemas.
            let usage = diagnostics.errors().any(|d| d.code == codegen::Code::InvalidCrateName);
            return ExitCode::from(if usage { 2 } else { 1 });
        }
    };
    if !warnings.items.is_empty() {
        eprintln!("{warnings}");
    }
    match codegen::output::write_crate(out, &krate) {
        Ok(summary) => {
            eprintln!("wrote {} to {} ({summary})", options.crate_name, out.display());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: cannot write `{}`: {e}", out.display());
            ExitCode::from(2)
        }
    }
}
