//! `cargo xtask diff OLD NEW`: the change report between two schema
//! documents, each optionally with OpenAPI Overlays applied (see
//! `codegen::diff` for what is compared and how changes are classified).
//! `bump-revision` writes the same report into `CHANGES.md`.
//!
//! A side is a document plus overlays: `--old-overlay` / `--new-overlay`
//! name them one by one, `--with-overlays` adds the ones `codegen.toml`
//! applies to that side's document. The same document on both sides with an
//! overlay on the new one shows what the overlay changes.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context as _, Result};
use codegen::diff::{Report, ReportArgs};
use codegen::Input;

use crate::inputs;
use crate::regenerate::SCHEMAS_DIR;

/// The document family and file a bare revision name stands for:
/// `2023-02-22` → `schemas/klaviyo/2023-02-22/stable.json`.
const DEFAULT_FAMILY: &str = "klaviyo";
const DEFAULT_FILE: &str = "stable.json";

/// The overlays of each side.
#[derive(Debug, Default, Clone)]
pub struct Overlays {
    /// Paths (from the current directory, or inside `schemas/`).
    pub old: Vec<String>,
    pub new: Vec<String>,
    /// Also apply, on each side, the overlays `codegen.toml` configures for its document.
    pub configured: bool,
}

/// Exit codes as `codegen diff`: 0, 1 when `--fail-on` matches or a document
/// has errors, 2 when a document or overlay cannot be found or read.
pub fn run(root: &Path, old: &str, new: &str, overlays: &Overlays, args: &ReportArgs) -> Result<ExitCode> {
    let (Some(old), Some(new)) =
        (side(root, old, &overlays.old, overlays.configured)?, side(root, new, &overlays.new, overlays.configured)?)
    else {
        return Ok(ExitCode::from(2));
    };
    let Some(report) = compare(&old, &new) else {
        return Ok(ExitCode::FAILURE);
    };
    let fails = args.deliver(&report).context("writing the report")?;
    Ok(if fails { ExitCode::FAILURE } else { ExitCode::SUCCESS })
}

/// One side's inputs: the document, then its overlays; `None` (printed) when
/// a file cannot be found.
fn side(root: &Path, document: &str, overlays: &[String], configured: bool) -> Result<Option<Vec<Input>>> {
    let Some(document) = locate(root, document, true) else { return Ok(None) };
    let mut inputs = vec![read_input(root, &document)?];
    for overlay in overlays {
        let Some(path) = locate(root, overlay, false) else { return Ok(None) };
        inputs.push(read_input(root, &path)?);
    }
    if configured {
        inputs.extend(configured_overlays(root, &document)?);
    }
    Ok(Some(inputs))
}

/// A document or overlay argument: a path (from the current directory), a
/// path inside `schemas/`, or (documents only) a pinned revision name. Prints
/// what was tried when nothing fits.
fn locate(root: &Path, arg: &str, revision_names: bool) -> Option<PathBuf> {
    let schemas = root.join(SCHEMAS_DIR);
    let mut candidates = vec![PathBuf::from(arg), schemas.join(arg)];
    if revision_names {
        candidates.push(schemas.join(DEFAULT_FAMILY).join(arg).join(DEFAULT_FILE));
    }
    let found = candidates.iter().find(|path| path.is_file()).cloned();
    if found.is_none() {
        let tried: Vec<String> = candidates.iter().map(|p| p.display().to_string()).collect();
        let what = if revision_names { "document" } else { "overlay" };
        eprintln!("error: no {what} `{arg}` (tried {})", tried.join(", "));
    }
    found
}

/// The overlays `codegen.toml` applies to `document` (a file under
/// `schemas/`; none elsewhere), read and verified as `regenerate` does.
fn configured_overlays(root: &Path, document: &Path) -> Result<Vec<Input>> {
    let schemas = root.join(SCHEMAS_DIR);
    let Some(relative) = relative_to(&schemas, document) else {
        return Ok(Vec::new());
    };
    let loaded = inputs::load(&schemas)?;
    let overlays = loaded.overlays_of(&relative)?;
    Ok(overlays
        .into_iter()
        .map(|o| Input { path: format!("{SCHEMAS_DIR}/{}", o.path), text: o.text.clone() })
        .collect())
}

/// `path` relative to `base` with `/`, when it is inside it.
fn relative_to(base: &Path, path: &Path) -> Option<String> {
    let base = std::path::absolute(base).ok()?;
    let path = std::path::absolute(path).ok()?;
    let relative = path.strip_prefix(base).ok()?;
    let parts: Vec<String> = relative.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
    Some(parts.join("/"))
}

/// A file as an input, named relative to the workspace root when inside it
/// (`schemas/klaviyo/…`), so reports and an overlay's `extends` see stable paths.
pub fn read_input(root: &Path, path: &Path) -> Result<Input> {
    let text = std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    Ok(Input { path: label(root, path), text })
}

/// Diff two sides; `None` (diagnostics printed) when either has errors.
pub fn compare(old: &[Input], new: &[Input]) -> Option<Report> {
    match codegen::diff(old, new) {
        Ok(report) => Some(report),
        Err(diagnostics) => {
            eprintln!("{diagnostics}");
            None
        }
    }
}

fn label(root: &Path, path: &Path) -> String {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let root = std::path::absolute(root).unwrap_or_else(|_| root.to_path_buf());
    let shown = absolute.strip_prefix(&root).map(Path::to_path_buf).unwrap_or(absolute);
    shown.display().to_string().replace('\\', "/")
}

#[cfg(test)]
mod tests {
    use super::*;
    use codegen::diff::{FailOn, Format};
    use std::fs;

    const OLD: &str = r#"{"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {},
        "components": {"schemas": {"Job": {"type": "object", "properties": {"id": {"type": "string"}}}}}}"#;

    fn workspace() -> tempfile::TempDir {
        let root = tempfile::tempdir().unwrap();
        let dir = root.path().join("schemas/klaviyo/1");
        fs::create_dir_all(&dir).unwrap();
        fs::write(dir.join("stable.json"), OLD).unwrap();
        root
    }

    fn args(fail_on: Option<FailOn>, out: Option<PathBuf>) -> ReportArgs {
        ReportArgs { format: Format::Markdown, fail_on, out }
    }

    #[test]
    fn revision_names_and_fail_on() {
        let root = workspace();
        let new = root.path().join("new.json");
        fs::write(&new, OLD.replace(r#""id": {"type": "string"}"#, r#""id": {"type": "integer"}"#)).unwrap();
        let out = root.path().join("report.md");
        let new = new.display().to_string();
        let code = run(root.path(), "1", &new, &Overlays::default(), &args(None, Some(out.clone()))).unwrap();
        assert_eq!(code, ExitCode::SUCCESS);
        let report = fs::read_to_string(&out).unwrap();
        assert!(report.contains("`schemas/klaviyo/1/stable.json` → `new.json`"), "{report}");
        assert!(report.contains("| `Job.id` | type changed | `Option<String>` | `Option<i64>` |"), "{report}");
        let code = run(
            root.path(),
            "klaviyo/1/stable.json",
            &new,
            &Overlays::default(),
            &args(Some(FailOn::Breaking), Some(out)),
        )
        .unwrap();
        assert_eq!(code, ExitCode::FAILURE);
    }

    /// `workspace()` with `klaviyo/1/stable.json` configured, and a pinned
    /// overlay of it that makes `Job.id` required.
    fn workspace_with_overlay() -> tempfile::TempDir {
        let root = workspace();
        let schemas = root.path().join(SCHEMAS_DIR);
        fs::create_dir_all(schemas.join("klaviyo/overlays")).unwrap();
        let overlay = "overlay: 1.0.0\ninfo: {title: t, version: '1'}\nextends: ../1/stable.json\n\
                       actions:\n  - target: $.components.schemas.Job\n    update: {required: [id]}\n";
        fs::write(schemas.join("klaviyo/overlays/1.overlay.yaml"), overlay).unwrap();
        fs::write(
            schemas.join(inputs::CONFIG_FILE),
            "crate-name = \"t\"\ndocuments = [\"klaviyo/1/stable.json\"]\noverlays = [\"klaviyo/overlays/1.overlay.yaml\"]\n",
        )
        .unwrap();
        let entry = |table: &str, path: &str, text: &str| {
            format!(
                "[[{table}]]\npath = \"{path}\"\nsource = \"s\"\nrevision = \"1\"\nsha256 = \"{}\"\n\n",
                inputs::sha256_hex(text.as_bytes())
            )
        };
        let manifest = entry("document", "klaviyo/1/stable.json", OLD)
            + &entry("overlay", "klaviyo/overlays/1.overlay.yaml", overlay);
        fs::write(schemas.join(inputs::MANIFEST_FILE), manifest).unwrap();
        root
    }

    #[test]
    fn an_overlay_on_one_side_shows_what_it_changes() {
        let root = workspace_with_overlay();
        let out = root.path().join("report.md");
        let overlays = Overlays { new: vec!["klaviyo/overlays/1.overlay.yaml".into()], ..Overlays::default() };
        let code = run(root.path(), "1", "1", &overlays, &args(None, Some(out.clone()))).unwrap();
        assert_eq!(code, ExitCode::SUCCESS);
        let report = fs::read_to_string(&out).unwrap();
        assert!(
            report.contains("`schemas/klaviyo/1/stable.json` → `schemas/klaviyo/1/stable.json` + `schemas/klaviyo/overlays/1.overlay.yaml`"),
            "{report}"
        );
        assert!(report.contains("| `Job.id` | became required"), "{report}");

        // --with-overlays: what generation sees on both sides, so no change here.
        let configured = Overlays { configured: true, ..Overlays::default() };
        run(root.path(), "1", "1", &configured, &args(None, Some(out.clone()))).unwrap();
        let report = fs::read_to_string(&out).unwrap();
        assert!(report.contains("+ `schemas/klaviyo/overlays/1.overlay.yaml` → `schemas/klaviyo/1/stable.json` + `schemas/klaviyo/overlays/1.overlay.yaml`"), "{report}");
        assert!(!report.contains("`Job.id`"), "{report}");

        let missing = Overlays { old: vec!["nope.yaml".into()], ..Overlays::default() };
        assert_eq!(run(root.path(), "1", "1", &missing, &args(None, None)).unwrap(), ExitCode::from(2));
    }

    #[test]
    fn unknown_documents_are_usage_errors() {
        let root = workspace();
        assert_eq!(run(root.path(), "1", "nope", &Overlays::default(), &args(None, None)).unwrap(), ExitCode::from(2));
    }
}
