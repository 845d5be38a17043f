//! `cargo xtask bump-revision PATH [--revision NAME]`: move generation to a
//! new revision of a pinned document in one step.
//!
//! 1. Find the document it replaces: the entry of `codegen.toml`'s
//!    `documents` with the same file name (`klaviyo/2026-07-15/stable.json`
//!    for a `stable.json`).
//! 2. Diff old → new in memory first: a document the generator cannot resolve
//!    stops the bump before anything is written.
//! 3. Copy it to `schemas/<family>/<revision>/<file>`; add (or update) its
//!    `[[document]]` in `manifest.toml`, with the sha256 and the replaced
//!    entry's `source`; point `codegen.toml` at it. The old document stays
//!    pinned (revision tests and later diffs use it).
//! 4. Write the report to `CHANGES.md` next to the copy, then regenerate
//!    `generated/` in-process.
//!
//! The TOML files are edited as text, so their comments and layout survive.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Context as _, Result};
use codegen::diff::Format;

use crate::inputs::{self, CONFIG_FILE, MANIFEST_FILE};
use crate::regenerate::{self, SCHEMAS_DIR};

/// The report's file name, next to the new document.
pub const CHANGES_FILE: &str = "CHANGES.md";

pub struct Args {
    pub path: PathBuf,
    pub revision: Option<String>,
    pub source: Option<String>,
}

pub fn run(root: &Path, args: &Args) -> Result<ExitCode> {
    let schemas = root.join(SCHEMAS_DIR);
    let config = inputs::load(&schemas)?.config;
    let text = fs::read_to_string(&args.path)
        .with_context(|| format!("reading {}", args.path.display()))?;
    let file_name = file_name(&args.path)?;
    let previous = replaced_document(&config.documents, &file_name)?;
    let revision = match &args.revision {
        Some(revision) => revision.clone(),
        None => codegen::diff::document_version(&text).with_context(|| {
            format!(
                "{} has no info.version; pass --revision",
                args.path.display()
            )
        })?,
    };
    check_revision_name(&revision)?;
    let target = target_path(&previous, &revision, &file_name)?;
    if target == previous {
        bail!("{previous} is already the generated document; pass another --revision to pin a different one");
    }

    let old_file = schemas.join(&previous);
    let new_label = format!("{SCHEMAS_DIR}/{target}");
    let Some(mut report) = crate::diff::compare(root, &old_file, &args.path)? else {
        eprintln!(
            "error: {} has errors; nothing was changed",
            args.path.display()
        );
        return Ok(ExitCode::FAILURE);
    };
    report.new = vec![new_label.clone()];

    copy_document(&schemas.join(&target), &text)?;
    let source = args
        .source
        .clone()
        .map_or_else(|| manifest_source(&schemas, &previous), Ok)?;
    update_manifest(
        &schemas.join(MANIFEST_FILE),
        &target,
        &source,
        &revision,
        &inputs::sha256_hex(text.as_bytes()),
    )?;
    update_config(&schemas.join(CONFIG_FILE), &previous, &target)?;
    let changes = schemas.join(&target).with_file_name(CHANGES_FILE);
    fs::write(&changes, report.render(Format::Markdown))
        .with_context(|| format!("writing {}", changes.display()))?;
    println!("pinned {new_label} (revision {revision}), replacing {SCHEMAS_DIR}/{previous} in {CONFIG_FILE}");
    println!(
        "wrote {SCHEMAS_DIR}/{}: {}",
        changes_label(&target),
        report.counts
    );
    regenerate::run(root, regenerate::Mode::Write)
}

fn file_name(path: &Path) -> Result<String> {
    let name = path.file_name().and_then(|n| n.to_str());
    name.map(str::to_owned)
        .with_context(|| format!("{} has no file name", path.display()))
}

/// The configured document a new `file_name` replaces.
fn replaced_document(documents: &[String], file_name: &str) -> Result<String> {
    let same_name: Vec<&String> = documents
        .iter()
        .filter(|d| Path::new(d).file_name().and_then(|n| n.to_str()) == Some(file_name))
        .collect();
    match same_name.as_slice() {
        [only] => Ok((*only).clone()),
        [] => bail!(
            "no document named {file_name} in {SCHEMAS_DIR}/{CONFIG_FILE} to replace \
             (listed: {}); add a new document by hand, see README",
            documents.join(", ")
        ),
        _ => bail!(
            "several documents named {file_name} in {SCHEMAS_DIR}/{CONFIG_FILE}; bump by hand"
        ),
    }
}

/// Revision names become directory names: no separators, no `..`.
fn check_revision_name(revision: &str) -> Result<()> {
    let valid = !revision.is_empty()
        && !revision.starts_with('.')
        && revision
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
    if !valid {
        bail!("`{revision}` cannot be a revision directory name; use letters, digits, `-`, `_` and `.`");
    }
    Ok(())
}

/// `klaviyo/2026-07-15/stable.json` + `2026-10-15` → `klaviyo/2026-10-15/stable.json`.
fn target_path(previous: &str, revision: &str, file_name: &str) -> Result<String> {
    let family = Path::new(previous)
        .parent()
        .and_then(Path::parent)
        .and_then(Path::to_str);
    match family {
        Some(family) if !family.is_empty() => Ok(format!("{family}/{revision}/{file_name}")),
        _ => bail!("{previous} is not laid out as <family>/<revision>/<file>; bump by hand"),
    }
}

fn changes_label(target: &str) -> String {
    match target.rsplit_once('/') {
        Some((dir, _)) => format!("{dir}/{CHANGES_FILE}"),
        None => CHANGES_FILE.to_owned(),
    }
}

/// Copy the new document; an existing different file under that name is
/// never overwritten (pinned documents do not change in place).
fn copy_document(target: &Path, text: &str) -> Result<()> {
    if let Ok(existing) = fs::read_to_string(target) {
        if existing == text {
            return Ok(());
        }
        bail!(
            "{} exists with other contents; pass another --revision",
            target.display()
        );
    }
    let dir = target.parent().context("target has a directory")?;
    fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    fs::write(target, text).with_context(|| format!("writing {}", target.display()))
}

/// The `source` of the replaced document's manifest entry.
fn manifest_source(schemas: &Path, previous: &str) -> Result<String> {
    let path = schemas.join(MANIFEST_FILE);
    let text = fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
    let table: toml::Table =
        toml::from_str(&text).with_context(|| format!("parsing {}", path.display()))?;
    let entries = table
        .get("document")
        .and_then(toml::Value::as_array)
        .into_iter()
        .flatten();
    let entry = entries
        .filter_map(toml::Value::as_table)
        .find(|e| e.get("path").and_then(toml::Value::as_str) == Some(previous));
    let source = entry
        .and_then(|e| e.get("source"))
        .and_then(toml::Value::as_str);
    source
        .map(str::to_owned)
        .with_context(|| format!("{previous} has no source in {MANIFEST_FILE}; pass --source"))
}

/// Update the `[[document]]` of `target` (revision and sha256), or append one.
fn update_manifest(
    path: &Path,
    target: &str,
    source: &str,
    revision: &str,
    sha256: &str,
) -> Result<()> {
    let text = fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let path_line = format!("path = {}", toml_string(target));
    let updated = match text.find(&path_line) {
        Some(at) => {
            let end = text[at..]
                .find("[[document]]")
                .map_or(text.len(), |i| at + i);
            let block = text[at..end]
                .lines()
                .map(|line| match line.split('=').next().map(str::trim) {
                    Some("revision") => format!("revision = {}", toml_string(revision)),
                    Some("sha256") => format!("sha256 = {}", toml_string(sha256)),
                    _ => line.to_owned(),
                })
                .collect::<Vec<_>>()
                .join("\n");
            let newline = if text[at..end].ends_with('\n') {
                "\n"
            } else {
                ""
            };
            format!("{}{block}{newline}{}", &text[..at], &text[end..])
        }
        None => {
            let separator = if text.ends_with("\n\n") || text.is_empty() {
                ""
            } else if text.ends_with('\n') {
                "\n"
            } else {
                "\n\n"
            };
            format!(
                "{text}{separator}[[document]]\n{path_line}\nsource = {}\nrevision = {}\nsha256 = {}\n",
                toml_string(source),
                toml_string(revision),
                toml_string(sha256)
            )
        }
    };
    fs::write(path, updated).with_context(|| format!("writing {}", path.display()))
}

/// Point `documents` at the new document instead of the old one.
fn update_config(path: &Path, previous: &str, target: &str) -> Result<()> {
    let text = fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let (old, new) = (toml_string(previous), toml_string(target));
    if text.matches(&old).count() != 1 {
        bail!(
            "{} does not list {old} exactly once; edit `documents` by hand",
            path.display()
        );
    }
    fs::write(path, text.replacen(&old, &new, 1))
        .with_context(|| format!("writing {}", path.display()))
}

/// A TOML basic string.
fn toml_string(value: &str) -> String {
    toml::Value::String(value.to_owned()).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::regenerate::GENERATED_DIR;

    fn doc(version: &str, field_type: &str) -> String {
        format!(
            r#"{{"openapi": "3.0.3", "info": {{"title": "t", "version": "{version}"}}, "paths": {{}},
               "components": {{"schemas": {{"Job": {{"type": "object", "required": ["n"],
               "properties": {{"n": {{"type": "{field_type}"}}}}}}}}}}}}"#
        )
    }

    /// A workspace pinned to `api/1/stable.json`.
    fn workspace() -> tempfile::TempDir {
        let root = tempfile::tempdir().unwrap();
        let schemas = root.path().join(SCHEMAS_DIR);
        fs::create_dir_all(schemas.join("api/1")).unwrap();
        let old = doc("1", "integer");
        fs::write(schemas.join("api/1/stable.json"), &old).unwrap();
        fs::write(
            schemas.join(CONFIG_FILE),
            "# comment\ncrate-name = \"t\"\ndocuments = [\"api/1/stable.json\"]\n",
        )
        .unwrap();
        let manifest = format!(
            "# Provenance.\n\n[[document]]\npath = \"api/1/stable.json\"\nsource = \"the vendor\"\nrevision = \"1\"\nsha256 = \"{}\"\n",
            inputs::sha256_hex(old.as_bytes())
        );
        fs::write(schemas.join(MANIFEST_FILE), manifest).unwrap();
        root
    }

    fn bump(root: &Path, path: &Path, revision: Option<&str>) -> Result<ExitCode> {
        run(
            root,
            &Args {
                path: path.to_owned(),
                revision: revision.map(str::to_owned),
                source: None,
            },
        )
    }

    #[test]
    fn pins_regenerates_and_writes_the_report() {
        let root = workspace();
        let download = root.path().join("stable.json");
        let new = doc("2", "string");
        fs::write(&download, &new).unwrap();
        assert_eq!(
            bump(root.path(), &download, None).unwrap(),
            ExitCode::SUCCESS
        );

        let schemas = root.path().join(SCHEMAS_DIR);
        assert_eq!(
            fs::read_to_string(schemas.join("api/2/stable.json")).unwrap(),
            new
        );
        let config = fs::read_to_string(schemas.join(CONFIG_FILE)).unwrap();
        assert_eq!(
            config,
            "# comment\ncrate-name = \"t\"\ndocuments = [\"api/2/stable.json\"]\n"
        );
        let manifest = fs::read_to_string(schemas.join(MANIFEST_FILE)).unwrap();
        assert!(
            manifest.starts_with("# Provenance.\n\n[[document]]\npath = \"api/1/stable.json\""),
            "{manifest}"
        );
        let sha = inputs::sha256_hex(new.as_bytes());
        let entry = format!("[[document]]\npath = \"api/2/stable.json\"\nsource = \"the vendor\"\nrevision = \"2\"\nsha256 = \"{sha}\"\n");
        assert!(manifest.ends_with(&format!("\n\n{entry}")), "{manifest}");
        inputs::load(&schemas).expect("the bumped schemas/ verify");

        let changes = fs::read_to_string(schemas.join("api/2").join(CHANGES_FILE)).unwrap();
        assert!(
            changes.contains("`schemas/api/1/stable.json` → `schemas/api/2/stable.json`"),
            "{changes}"
        );
        assert!(
            changes.contains("| `Job.n` | type changed | `i64` | `String` |"),
            "{changes}"
        );
        let types =
            fs::read_to_string(root.path().join(GENERATED_DIR).join("src/types.rs")).unwrap();
        assert!(types.contains("pub n: String"), "{types}");
    }

    #[test]
    fn revision_override_and_manifest_update_in_place() {
        let root = workspace();
        let download = root.path().join("stable.json");
        fs::write(&download, doc("2", "string")).unwrap();
        assert_eq!(
            bump(root.path(), &download, Some("2b")).unwrap(),
            ExitCode::SUCCESS
        );
        let schemas = root.path().join(SCHEMAS_DIR);
        assert!(schemas.join("api/2b/stable.json").is_file());
        // An identical re-pin under the same name is refused (it is the
        // generated document now), a different file under a taken name too.
        let err = bump(root.path(), &download, Some("2b")).unwrap_err();
        assert!(
            format!("{err:#}").contains("already the generated document"),
            "{err:#}"
        );
        fs::write(
            schemas.join(CONFIG_FILE),
            "crate-name = \"t\"\ndocuments = [\"api/1/stable.json\"]\n",
        )
        .unwrap();
        fs::write(&download, doc("2", "boolean")).unwrap();
        let err = bump(root.path(), &download, Some("2b")).unwrap_err();
        assert!(
            format!("{err:#}").contains("exists with other contents"),
            "{err:#}"
        );

        let manifest = schemas.join(MANIFEST_FILE);
        update_manifest(&manifest, "api/1/stable.json", "x", "1.1", "abc").unwrap();
        let text = fs::read_to_string(&manifest).unwrap();
        assert!(text.contains("path = \"api/1/stable.json\"\nsource = \"the vendor\"\nrevision = \"1.1\"\nsha256 = \"abc\"\n\n[[document]]"), "{text}");
    }

    #[test]
    fn a_broken_document_changes_nothing() {
        let root = workspace();
        let download = root.path().join("stable.json");
        fs::write(
            &download,
            doc("2", "string").replace("\"type\": \"object\"", "\"$ref\": \"#/nowhere\""),
        )
        .unwrap();
        let before = fs::read_to_string(root.path().join(SCHEMAS_DIR).join(MANIFEST_FILE)).unwrap();
        assert_eq!(
            bump(root.path(), &download, None).unwrap(),
            ExitCode::FAILURE
        );
        assert!(!root.path().join(SCHEMAS_DIR).join("api/2").exists());
        assert_eq!(
            fs::read_to_string(root.path().join(SCHEMAS_DIR).join(MANIFEST_FILE)).unwrap(),
            before
        );
    }

    #[test]
    fn bad_revision_names_are_rejected() {
        for bad in ["", "..", "a/b", ".hidden", "a b"] {
            assert!(check_revision_name(bad).is_err(), "{bad:?}");
        }
        check_revision_name("2026-10-15.pre").unwrap();
    }
}
