//! `cargo xtask bump-revision PATH [--revision NAME]`: move generation to a
//! new revision of a pinned document in one step.
//!
//! 1. Find the document it replaces: the entry of `codegen.toml`'s
//!    `documents` with the same file name (`klaviyo/2026-07-15/stable.json`
//!    for a `stable.json`), and the overlays `codegen.toml` applies to it.
//! 2. Carry those overlays forward (unless `--drop-overlays`): an overlay whose
//!    path names the old revision (`klaviyo/overlays/2026-07-15.overlay.yaml`)
//!    gets a copy for the new one (`…/2026-10-15.overlay.yaml`) whose `extends`
//!    names the new document; one without `extends` stays as it is.
//! 3. Diff old → new in memory first, each side with its overlays: a document
//!    the generator cannot resolve, or an overlay that no longer applies to the
//!    new revision (a target that matches nothing), stops the bump before
//!    anything is written.
//! 4. Copy it to `schemas/<family>/<revision>/<file>` (and the carried
//!    overlays); add (or update) its `[[document]]` (their `[[overlay]]`) in
//!    `manifest.toml`, with the sha256 and the replaced entry's `source`;
//!    point `codegen.toml` at them. The old files stay pinned (revision tests
//!    and later diffs use them).
//! 5. Write the report to `CHANGES.md` next to the copy, then regenerate
//!    `generated/` in-process.
//!
//! The TOML files are edited as text, so their comments and layout survive.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Context as _, Result};
use codegen::diff::Format;
use codegen::Input;

use crate::inputs::{self, Kind, CONFIG_FILE, MANIFEST_FILE};
use crate::regenerate::{self, SCHEMAS_DIR};

/// The report's file name, next to the new document.
pub const CHANGES_FILE: &str = "CHANGES.md";

pub struct Args {
    pub path: PathBuf,
    pub revision: Option<String>,
    pub source: Option<String>,
    /// Do not carry the replaced document's overlays to the new revision.
    pub drop_overlays: bool,
}

/// An overlay of the replaced document, as it will apply to the new one.
struct Carried {
    /// The configured overlay (path relative to `schemas/`).
    from: String,
    /// Its path for the new revision (`from` itself when it needs no copy).
    path: String,
    text: String,
}

pub fn run(root: &Path, args: &Args) -> Result<ExitCode> {
    let schemas = root.join(SCHEMAS_DIR);
    let loaded = inputs::load(&schemas)?;
    let config = &loaded.config;
    let text = fs::read_to_string(&args.path).with_context(|| format!("reading {}", args.path.display()))?;
    let file_name = file_name(&args.path)?;
    let previous = replaced_document(&config.documents, &file_name)?;
    let revision = match &args.revision {
        Some(revision) => revision.clone(),
        None => codegen::diff::document_version(&text)
            .with_context(|| format!("{} has no info.version; pass --revision", args.path.display()))?,
    };
    check_revision_name(&revision)?;
    let target = target_path(&previous, &revision, &file_name)?;
    if target == previous {
        bail!("{previous} is already the generated document; pass another --revision to pin a different one");
    }
    let overlays = loaded.overlays_of(&previous)?;
    let carried = if args.drop_overlays {
        Vec::new()
    } else {
        let old_revision = revision_of(&previous);
        overlays.iter().map(|overlay| carry(overlay, old_revision, &revision, &target)).collect::<Result<Vec<_>>>()?
    };

    let labelled = |path: &str, text: &str| Input { path: format!("{SCHEMAS_DIR}/{path}"), text: text.to_owned() };
    let old_document =
        fs::read_to_string(schemas.join(&previous)).with_context(|| format!("reading {SCHEMAS_DIR}/{previous}"))?;
    let old_side: Vec<Input> = std::iter::once(labelled(&previous, &old_document))
        .chain(overlays.iter().map(|o| labelled(&o.path, &o.text)))
        .collect();
    let new_side: Vec<Input> =
        std::iter::once(labelled(&target, &text)).chain(carried.iter().map(|c| labelled(&c.path, &c.text))).collect();
    let Some(report) = crate::diff::compare(&old_side, &new_side) else {
        eprintln!("error: {} has errors; nothing was changed", args.path.display());
        if !carried.is_empty() {
            eprintln!(
                "hint: errors in an overlay mean it no longer fits the new revision: fix it, \
                 or pass --drop-overlays and add a corrected overlay by hand afterwards"
            );
        }
        return Ok(ExitCode::FAILURE);
    };

    copy_document(&schemas.join(&target), &text)?;
    let source = args.source.clone().map_or_else(|| manifest_source(&schemas, Kind::Document, &previous), Ok)?;
    let manifest = schemas.join(MANIFEST_FILE);
    let config_file = schemas.join(CONFIG_FILE);
    update_manifest(&manifest, Kind::Document, &target, &source, &revision, &inputs::sha256_hex(text.as_bytes()))?;
    update_config(&config_file, &previous, &target)?;
    for carried in carried.iter().filter(|c| c.path != c.from) {
        copy_document(&schemas.join(&carried.path), &carried.text)?;
        let source = manifest_source(&schemas, Kind::Overlay, &carried.from)?;
        let sha = inputs::sha256_hex(carried.text.as_bytes());
        update_manifest(&manifest, Kind::Overlay, &carried.path, &source, &revision, &sha)?;
        update_config(&config_file, &carried.from, &carried.path)?;
        println!(
            "pinned {SCHEMAS_DIR}/{} (overlay of {target}), replacing {SCHEMAS_DIR}/{} in {CONFIG_FILE}",
            carried.path, carried.from
        );
    }
    if args.drop_overlays {
        for overlay in &overlays {
            remove_from_config(&config_file, &overlay.path)?;
            println!("dropped overlay {SCHEMAS_DIR}/{} from {CONFIG_FILE} (still pinned)", overlay.path);
        }
    }
    let changes = schemas.join(&target).with_file_name(CHANGES_FILE);
    fs::write(&changes, report.render(Format::Markdown)).with_context(|| format!("writing {}", changes.display()))?;
    println!(
        "pinned {SCHEMAS_DIR}/{target} (revision {revision}), replacing {SCHEMAS_DIR}/{previous} in {CONFIG_FILE}"
    );
    println!("wrote {SCHEMAS_DIR}/{}: {}", changes_label(&target), report.counts);
    regenerate::run(root, regenerate::Mode::Write)
}

/// The revision directory of a `<family>/<revision>/<file>` path.
fn revision_of(document: &str) -> &str {
    let mut parts = document.rsplit('/');
    parts.nth(1).unwrap_or_default()
}

/// The new revision's version of an overlay of the replaced document: a copy
/// named with the new revision whose `extends` names `target`; the overlay
/// itself when it has no `extends`.
fn carry(overlay: &Input, old_revision: &str, revision: &str, target: &str) -> Result<Carried> {
    let extends = codegen::overlay::extends(overlay).map_err(|d| anyhow::anyhow!("{d}"))?;
    let Some(extends) = extends else {
        return Ok(Carried { from: overlay.path.clone(), path: overlay.path.clone(), text: overlay.text.clone() });
    };
    let cannot = |why: String| {
        anyhow::anyhow!(
            "cannot carry overlay {SCHEMAS_DIR}/{} to revision {revision}: {why}; \
             pass --drop-overlays and add the overlay for the new revision by hand",
            overlay.path
        )
    };
    if old_revision.is_empty() || overlay.path.matches(old_revision).count() != 1 {
        return Err(cannot(format!("its path does not name revision `{old_revision}` exactly once")));
    }
    let path = overlay.path.replacen(old_revision, revision, 1);
    let written = relative_reference(&path, target);
    // Replace the value after the `extends` key, whatever the syntax (JSON or YAML).
    let text = overlay
        .text
        .find("extends")
        .and_then(|key| overlay.text[key..].find(&extends.written).map(|at| key + at))
        .map(|at| {
            let end = at + extends.written.len();
            format!("{}{written}{}", &overlay.text[..at], &overlay.text[end..])
        })
        .ok_or_else(|| cannot("its `extends` value is not written as plain text".into()))?;
    let check = Input { path: path.clone(), text: text.clone() };
    match codegen::overlay::extends(&check) {
        Ok(Some(new)) if new.resolved == target => {}
        _ => return Err(cannot("rewriting its `extends` did not name the new document".into())),
    }
    Ok(Carried { from: overlay.path.clone(), path, text })
}

/// A relative reference from the file `from` to the file `to` (both relative
/// to the same directory): `a/o/x.yaml`, `a/2/s.json` → `../2/s.json`.
fn relative_reference(from: &str, to: &str) -> String {
    let from_dirs: Vec<&str> = from.split('/').collect();
    let from_dirs = &from_dirs[..from_dirs.len() - 1];
    let to_parts: Vec<&str> = to.split('/').collect();
    let to_dirs = &to_parts[..to_parts.len() - 1];
    let common = from_dirs.iter().zip(to_dirs).take_while(|(a, b)| a == b).count();
    let mut parts = vec![".."; from_dirs.len() - common];
    parts.extend(&to_parts[common..]);
    parts.join("/")
}

fn file_name(path: &Path) -> Result<String> {
    let name = path.file_name().and_then(|n| n.to_str());
    name.map(str::to_owned).with_context(|| format!("{} has no file name", path.display()))
}

/// The configured document a new `file_name` replaces.
fn replaced_document(documents: &[String], file_name: &str) -> Result<String> {
    let same_name: Vec<&String> =
        documents.iter().filter(|d| Path::new(d).file_name().and_then(|n| n.to_str()) == Some(file_name)).collect();
    match same_name.as_slice() {
        [only] => Ok((*only).clone()),
        [] => bail!(
            "no document named {file_name} in {SCHEMAS_DIR}/{CONFIG_FILE} to replace \
             (listed: {}); add a new document by hand, see docs/maintaining.md",
            documents.join(", ")
        ),
        _ => bail!("several documents named {file_name} in {SCHEMAS_DIR}/{CONFIG_FILE}; bump by hand"),
    }
}

/// Revision names become directory names: no separators, no `..`.
fn check_revision_name(revision: &str) -> Result<()> {
    let valid = !revision.is_empty()
        && !revision.starts_with('.')
        && revision.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
    if !valid {
        bail!("`{revision}` cannot be a revision directory name; use letters, digits, `-`, `_` and `.`");
    }
    Ok(())
}

/// `klaviyo/2026-07-15/stable.json` + `2026-10-15` → `klaviyo/2026-10-15/stable.json`.
fn target_path(previous: &str, revision: &str, file_name: &str) -> Result<String> {
    let family = Path::new(previous).parent().and_then(Path::parent).and_then(Path::to_str);
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
        bail!("{} exists with other contents; pass another --revision", target.display());
    }
    let dir = target.parent().context("target has a directory")?;
    fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    fs::write(target, text).with_context(|| format!("writing {}", target.display()))
}

/// The `source` of a manifest entry (the replaced document's, an overlay's).
fn manifest_source(schemas: &Path, kind: Kind, previous: &str) -> Result<String> {
    let path = schemas.join(MANIFEST_FILE);
    let text = fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
    let table: toml::Table = toml::from_str(&text).with_context(|| format!("parsing {}", path.display()))?;
    let entries = table.get(kind.table()).and_then(toml::Value::as_array).into_iter().flatten();
    let entry = entries
        .filter_map(toml::Value::as_table)
        .find(|e| e.get("path").and_then(toml::Value::as_str) == Some(previous));
    let source = entry.and_then(|e| e.get("source")).and_then(toml::Value::as_str);
    source.map(str::to_owned).with_context(|| format!("{previous} has no source in {MANIFEST_FILE}; pass --source"))
}

/// Update the entry of `target` (revision and sha256), or append a
/// `[[document]]` / `[[overlay]]` for it.
fn update_manifest(path: &Path, kind: Kind, target: &str, source: &str, revision: &str, sha256: &str) -> Result<()> {
    let text = fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let path_line = format!("path = {}", toml_string(target));
    let updated = match text.find(&path_line) {
        Some(at) => {
            // The entry ends where the next table starts, of either kind.
            let end = text[at..].find("\n[[").map_or(text.len(), |i| at + i + 1);
            let block = text[at..end]
                .lines()
                .map(|line| match line.split('=').next().map(str::trim) {
                    Some("revision") => format!("revision = {}", toml_string(revision)),
                    Some("sha256") => format!("sha256 = {}", toml_string(sha256)),
                    _ => line.to_owned(),
                })
                .collect::<Vec<_>>()
                .join("\n");
            let newline = if text[at..end].ends_with('\n') { "\n" } else { "" };
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
                "{text}{separator}[[{}]]\n{path_line}\nsource = {}\nrevision = {}\nsha256 = {}\n",
                kind.table(),
                toml_string(source),
                toml_string(revision),
                toml_string(sha256)
            )
        }
    };
    fs::write(path, updated).with_context(|| format!("writing {}", path.display()))
}

/// Point `documents` (or `overlays`) at the new file instead of the old one.
fn update_config(path: &Path, previous: &str, target: &str) -> Result<()> {
    let text = fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let (old, new) = (toml_string(previous), toml_string(target));
    if text.matches(&old).count() != 1 {
        bail!("{} does not list {old} exactly once; edit it by hand", path.display());
    }
    fs::write(path, text.replacen(&old, &new, 1)).with_context(|| format!("writing {}", path.display()))
}

/// Take an entry out of a list in `codegen.toml` (`overlays = [...]`), with
/// the comma that separates it from the next or previous one.
fn remove_from_config(path: &Path, entry: &str) -> Result<()> {
    let text = fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let quoted = toml_string(entry);
    let (Some(at), 1) = (text.find(&quoted), text.matches(&quoted).count()) else {
        bail!("{} does not list {quoted} exactly once; edit it by hand", path.display());
    };
    let end = at + quoted.len();
    let after = text[end..].trim_start();
    let (start, end) = if let Some(rest) = after.strip_prefix(',') {
        (at, text.len() - rest.trim_start_matches([' ', '\t']).len())
    } else {
        let before = text[..at].trim_end();
        match before.strip_suffix(',') {
            Some(kept) => (kept.len(), end),
            None => (at, end),
        }
    };
    let updated = format!("{}{}", &text[..start], &text[end..]);
    toml::from_str::<toml::Table>(&updated)
        .with_context(|| format!("{} after removing {quoted}; edit it by hand", path.display()))?;
    fs::write(path, updated).with_context(|| format!("writing {}", path.display()))
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
        fs::write(schemas.join(CONFIG_FILE), "# comment\ncrate-name = \"t\"\ndocuments = [\"api/1/stable.json\"]\n")
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
            &Args { path: path.to_owned(), revision: revision.map(str::to_owned), source: None, drop_overlays: false },
        )
    }

    #[test]
    fn pins_regenerates_and_writes_the_report() {
        let root = workspace();
        let download = root.path().join("stable.json");
        let new = doc("2", "string");
        fs::write(&download, &new).unwrap();
        assert_eq!(bump(root.path(), &download, None).unwrap(), ExitCode::SUCCESS);

        let schemas = root.path().join(SCHEMAS_DIR);
        assert_eq!(fs::read_to_string(schemas.join("api/2/stable.json")).unwrap(), new);
        let config = fs::read_to_string(schemas.join(CONFIG_FILE)).unwrap();
        assert_eq!(config, "# comment\ncrate-name = \"t\"\ndocuments = [\"api/2/stable.json\"]\n");
        let manifest = fs::read_to_string(schemas.join(MANIFEST_FILE)).unwrap();
        assert!(manifest.starts_with("# Provenance.\n\n[[document]]\npath = \"api/1/stable.json\""), "{manifest}");
        let sha = inputs::sha256_hex(new.as_bytes());
        let entry = format!("[[document]]\npath = \"api/2/stable.json\"\nsource = \"the vendor\"\nrevision = \"2\"\nsha256 = \"{sha}\"\n");
        assert!(manifest.ends_with(&format!("\n\n{entry}")), "{manifest}");
        inputs::load(&schemas).expect("the bumped schemas/ verify");

        let changes = fs::read_to_string(schemas.join("api/2").join(CHANGES_FILE)).unwrap();
        assert!(changes.contains("`schemas/api/1/stable.json` → `schemas/api/2/stable.json`"), "{changes}");
        assert!(changes.contains("| `Job.n` | type changed | `i64` | `String` |"), "{changes}");
        let types = fs::read_to_string(root.path().join(GENERATED_DIR).join("src/types.rs")).unwrap();
        assert!(types.contains("pub n: String"), "{types}");
    }

    #[test]
    fn revision_override_and_manifest_update_in_place() {
        let root = workspace();
        let download = root.path().join("stable.json");
        fs::write(&download, doc("2", "string")).unwrap();
        assert_eq!(bump(root.path(), &download, Some("2b")).unwrap(), ExitCode::SUCCESS);
        let schemas = root.path().join(SCHEMAS_DIR);
        assert!(schemas.join("api/2b/stable.json").is_file());
        // An identical re-pin under the same name is refused (it is the
        // generated document now), a different file under a taken name too.
        let err = bump(root.path(), &download, Some("2b")).unwrap_err();
        assert!(format!("{err:#}").contains("already the generated document"), "{err:#}");
        fs::write(schemas.join(CONFIG_FILE), "crate-name = \"t\"\ndocuments = [\"api/1/stable.json\"]\n").unwrap();
        fs::write(&download, doc("2", "boolean")).unwrap();
        let err = bump(root.path(), &download, Some("2b")).unwrap_err();
        assert!(format!("{err:#}").contains("exists with other contents"), "{err:#}");

        let manifest = schemas.join(MANIFEST_FILE);
        update_manifest(&manifest, Kind::Document, "api/1/stable.json", "x", "1.1", "abc").unwrap();
        let text = fs::read_to_string(&manifest).unwrap();
        assert!(text.contains("path = \"api/1/stable.json\"\nsource = \"the vendor\"\nrevision = \"1.1\"\nsha256 = \"abc\"\n\n[[document]]"), "{text}");
    }

    #[test]
    fn a_broken_document_changes_nothing() {
        let root = workspace();
        let download = root.path().join("stable.json");
        fs::write(&download, doc("2", "string").replace("\"type\": \"object\"", "\"$ref\": \"#/nowhere\"")).unwrap();
        let before = fs::read_to_string(root.path().join(SCHEMAS_DIR).join(MANIFEST_FILE)).unwrap();
        assert_eq!(bump(root.path(), &download, None).unwrap(), ExitCode::FAILURE);
        assert!(!root.path().join(SCHEMAS_DIR).join("api/2").exists());
        assert_eq!(fs::read_to_string(root.path().join(SCHEMAS_DIR).join(MANIFEST_FILE)).unwrap(), before);
    }

    const OVERLAY: &str = "api/overlays/1.overlay.yaml";

    /// `workspace()` plus a pinned overlay of `api/1/stable.json` that makes `Job.n` nullable.
    fn workspace_with_overlay() -> tempfile::TempDir {
        let root = workspace();
        let schemas = root.path().join(SCHEMAS_DIR);
        fs::create_dir_all(schemas.join("api/overlays")).unwrap();
        let overlay = "# Our fixes.\noverlay: 1.0.0\ninfo: {title: fixes, version: '1'}\nextends: ../1/stable.json\n\
                       actions:\n  - target: $.components.schemas.Job.properties.n\n    update: {nullable: true}\n";
        fs::write(schemas.join(OVERLAY), overlay).unwrap();
        let mut config = fs::read_to_string(schemas.join(CONFIG_FILE)).unwrap();
        config.push_str(&format!("overlays = [\"{OVERLAY}\"]\n"));
        fs::write(schemas.join(CONFIG_FILE), config).unwrap();
        let mut manifest = fs::read_to_string(schemas.join(MANIFEST_FILE)).unwrap();
        manifest.push_str(&format!(
            "\n[[overlay]]\npath = \"{OVERLAY}\"\nsource = \"us\"\nrevision = \"1\"\nsha256 = \"{}\"\n",
            inputs::sha256_hex(overlay.as_bytes())
        ));
        fs::write(schemas.join(MANIFEST_FILE), manifest).unwrap();
        root
    }

    #[test]
    fn overlays_are_carried_to_the_new_revision() {
        let root = workspace_with_overlay();
        let schemas = root.path().join(SCHEMAS_DIR);
        let old_manifest = fs::read_to_string(schemas.join(MANIFEST_FILE)).unwrap();
        let download = root.path().join("stable.json");
        fs::write(&download, doc("2", "string")).unwrap();
        assert_eq!(bump(root.path(), &download, None).unwrap(), ExitCode::SUCCESS);

        let carried = fs::read_to_string(schemas.join("api/overlays/2.overlay.yaml")).unwrap();
        let old = fs::read_to_string(schemas.join(OVERLAY)).unwrap();
        assert_eq!(carried, old.replace("extends: ../1/stable.json", "extends: ../2/stable.json"));
        let config = fs::read_to_string(schemas.join(CONFIG_FILE)).unwrap();
        assert!(
            config.ends_with("documents = [\"api/2/stable.json\"]\noverlays = [\"api/overlays/2.overlay.yaml\"]\n"),
            "{config}"
        );
        let manifest = fs::read_to_string(schemas.join(MANIFEST_FILE)).unwrap();
        assert!(manifest.starts_with(&old_manifest), "the old entries changed:\n{manifest}");
        let sha = inputs::sha256_hex(carried.as_bytes());
        let entry = format!("[[overlay]]\npath = \"api/overlays/2.overlay.yaml\"\nsource = \"us\"\nrevision = \"2\"\nsha256 = \"{sha}\"\n");
        assert!(manifest.ends_with(&entry), "{manifest}");
        inputs::load(&schemas).expect("the bumped schemas/ verify");

        let changes = fs::read_to_string(schemas.join("api/2").join(CHANGES_FILE)).unwrap();
        assert!(
            changes.contains("`schemas/api/1/stable.json` + `schemas/api/overlays/1.overlay.yaml` → `schemas/api/2/stable.json` + `schemas/api/overlays/2.overlay.yaml`"),
            "{changes}"
        );
        assert!(changes.contains("| `Job.n` | type changed | `Option<i64>` | `Option<String>` |"), "{changes}");
        let types = fs::read_to_string(root.path().join(GENERATED_DIR).join("src/types.rs")).unwrap();
        assert!(types.contains("pub n: Option<String>"), "{types}");
    }

    #[test]
    fn an_overlay_that_no_longer_applies_stops_the_bump_unless_dropped() {
        let root = workspace_with_overlay();
        let schemas = root.path().join(SCHEMAS_DIR);
        let download = root.path().join("stable.json");
        // The new revision renamed `n`: the overlay's target matches nothing.
        fs::write(&download, doc("2", "string").replace("\"n\"", "\"m\"")).unwrap();
        let before = (
            fs::read_to_string(schemas.join(MANIFEST_FILE)).unwrap(),
            fs::read_to_string(schemas.join(CONFIG_FILE)).unwrap(),
        );
        assert_eq!(bump(root.path(), &download, None).unwrap(), ExitCode::FAILURE);
        assert!(!schemas.join("api/2").exists() && !schemas.join("api/overlays/2.overlay.yaml").exists());
        let after = (
            fs::read_to_string(schemas.join(MANIFEST_FILE)).unwrap(),
            fs::read_to_string(schemas.join(CONFIG_FILE)).unwrap(),
        );
        assert_eq!(after, before);

        let args = Args { path: download, revision: None, source: None, drop_overlays: true };
        assert_eq!(run(root.path(), &args).unwrap(), ExitCode::SUCCESS);
        let config = fs::read_to_string(schemas.join(CONFIG_FILE)).unwrap();
        assert!(config.ends_with("documents = [\"api/2/stable.json\"]\noverlays = []\n"), "{config}");
        let manifest = fs::read_to_string(schemas.join(MANIFEST_FILE)).unwrap();
        assert!(manifest.contains(&format!("path = \"{OVERLAY}\"")), "the dropped overlay stays pinned");
        let types = fs::read_to_string(root.path().join(GENERATED_DIR).join("src/types.rs")).unwrap();
        assert!(types.contains("pub m: String"), "{types}");
    }

    #[test]
    fn manifest_updates_stop_at_the_next_table_of_any_kind() {
        let dir = tempfile::tempdir().unwrap();
        let manifest = dir.path().join(MANIFEST_FILE);
        let text = "[[document]]\npath = \"a.json\"\nsource = \"s\"\nrevision = \"1\"\nsha256 = \"old\"\n\n\
                    [[overlay]]\npath = \"o.yaml\"\nsource = \"s\"\nrevision = \"1\"\nsha256 = \"keep\"\n";
        fs::write(&manifest, text).unwrap();
        update_manifest(&manifest, Kind::Document, "a.json", "s", "2", "new").unwrap();
        let updated = fs::read_to_string(&manifest).unwrap();
        assert_eq!(
            updated,
            text.replacen("revision = \"1\"\nsha256 = \"old\"", "revision = \"2\"\nsha256 = \"new\"", 1)
        );
    }

    #[test]
    fn list_entries_are_removed_with_their_comma() {
        let dir = tempfile::tempdir().unwrap();
        let config = dir.path().join(CONFIG_FILE);
        for (before, entry, after) in [
            ("x = [\"a\", \"b\"]\n", "a", "x = [\"b\"]\n"),
            ("x = [\"a\", \"b\"]\n", "b", "x = [\"a\"]\n"),
            ("x = [\"a\"]\n", "a", "x = []\n"),
        ] {
            fs::write(&config, before).unwrap();
            remove_from_config(&config, entry).unwrap();
            assert_eq!(fs::read_to_string(&config).unwrap(), after, "{before:?} - {entry}");
        }
        assert!(remove_from_config(&config, "zz").is_err());
    }

    #[test]
    fn relative_references_between_schema_files() {
        assert_eq!(relative_reference("k/overlays/2.overlay.yaml", "k/2/stable.json"), "../2/stable.json");
        assert_eq!(relative_reference("k/2/fix.yaml", "k/2/stable.json"), "stable.json");
        assert_eq!(relative_reference("fix.yaml", "k/2/stable.json"), "k/2/stable.json");
        assert_eq!(relative_reference("a/b/c/fix.yaml", "k/s.json"), "../../../k/s.json");
    }

    #[test]
    fn bad_revision_names_are_rejected() {
        for bad in ["", "..", "a/b", ".hidden", "a b"] {
            assert!(check_revision_name(bad).is_err(), "{bad:?}");
        }
        check_revision_name("2026-10-15.pre").unwrap();
    }
}
