//! `cargo xtask diff OLD NEW`: the change report between two schema
//! documents (see `codegen::diff` for what is compared and how changes are
//! classified). `bump-revision` writes the same report into `CHANGES.md`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context as _, Result};
use codegen::diff::{Report, ReportArgs};
use codegen::Input;

use crate::regenerate::SCHEMAS_DIR;

/// The document family and file a bare revision name stands for:
/// `2023-02-22` → `schemas/klaviyo/2023-02-22/stable.json`.
const DEFAULT_FAMILY: &str = "klaviyo";
const DEFAULT_FILE: &str = "stable.json";

/// Exit codes as `codegen diff`: 0, 1 when `--fail-on` matches or a document
/// has errors, 2 when a document cannot be found or read.
pub fn run(root: &Path, old: &str, new: &str, args: &ReportArgs) -> Result<ExitCode> {
    let (Some(old), Some(new)) = (locate(root, old), locate(root, new)) else {
        return Ok(ExitCode::from(2));
    };
    let Some(report) = compare(root, &old, &new)? else {
        return Ok(ExitCode::FAILURE);
    };
    let fails = args.deliver(&report).context("writing the report")?;
    Ok(if fails { ExitCode::FAILURE } else { ExitCode::SUCCESS })
}

/// A document argument: a path (from the current directory), a path inside
/// `schemas/`, or a pinned revision name. Prints what was tried when nothing fits.
fn locate(root: &Path, arg: &str) -> Option<PathBuf> {
    let schemas = root.join(SCHEMAS_DIR);
    let candidates = [
        PathBuf::from(arg),
        schemas.join(arg),
        schemas.join(DEFAULT_FAMILY).join(arg).join(DEFAULT_FILE),
    ];
    let found = candidates.iter().find(|path| path.is_file()).cloned();
    if found.is_none() {
        let tried: Vec<String> = candidates.iter().map(|p| p.display().to_string()).collect();
        eprintln!("error: no document `{arg}` (tried {})", tried.join(", "));
    }
    found
}

/// Diff two files; `None` (diagnostics printed) when a document has errors.
/// Reports name the documents relative to the workspace root when inside it.
pub fn compare(root: &Path, old: &Path, new: &Path) -> Result<Option<Report>> {
    let read = |path: &Path| -> Result<Vec<Input>> {
        let text =
            std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
        Ok(vec![Input {
            path: label(root, path),
            text,
        }])
    };
    match codegen::diff(&read(old)?, &read(new)?) {
        Ok(report) => Ok(Some(report)),
        Err(diagnostics) => {
            eprintln!("{diagnostics}");
            Ok(None)
        }
    }
}

fn label(root: &Path, path: &Path) -> String {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let root = std::path::absolute(root).unwrap_or_else(|_| root.to_path_buf());
    let shown = absolute
        .strip_prefix(&root)
        .map(Path::to_path_buf)
        .unwrap_or(absolute);
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
        ReportArgs {
            format: Format::Markdown,
            fail_on,
            out,
        }
    }

    #[test]
    fn revision_names_and_fail_on() {
        let root = workspace();
        let new = root.path().join("new.json");
        fs::write(
            &new,
            OLD.replace(
                r#""id": {"type": "string"}"#,
                r#""id": {"type": "integer"}"#,
            ),
        )
        .unwrap();
        let out = root.path().join("report.md");
        let new = new.display().to_string();
        let code = run(root.path(), "1", &new, &args(None, Some(out.clone()))).unwrap();
        assert_eq!(code, ExitCode::SUCCESS);
        let report = fs::read_to_string(&out).unwrap();
        assert!(
            report.contains("`schemas/klaviyo/1/stable.json` → `new.json`"),
            "{report}"
        );
        assert!(
            report.contains("| `Job.id` | type changed | `Option<String>` | `Option<i64>` |"),
            "{report}"
        );
        let code = run(
            root.path(),
            "klaviyo/1/stable.json",
            &new,
            &args(Some(FailOn::Breaking), Some(out)),
        )
        .unwrap();
        assert_eq!(code, ExitCode::FAILURE);
    }

    #[test]
    fn unknown_documents_are_usage_errors() {
        let root = workspace();
        assert_eq!(
            run(root.path(), "1", "nope", &args(None, None)).unwrap(),
            ExitCode::from(2)
        );
    }
}
