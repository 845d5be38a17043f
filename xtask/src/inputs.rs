//! Reading `schemas/`: the generator configuration (`codegen.toml`), the
//! provenance manifest (`manifest.toml`) and the documents and overlays themselves.
//!
//! The manifest pins every document (`[[document]]`) and every OpenAPI Overlay
//! (`[[overlay]]`) to a sha256 so that a schema can only change together with
//! a reviewed edit of `manifest.toml`; a silently edited or re-downloaded file
//! must never reach the generator.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::fs;
use std::path::{Component, Path};

use anyhow::{bail, Context as _, Result};
use serde::Deserialize;
use sha2::{Digest as _, Sha256};

/// File names inside `schemas/`.
pub const CONFIG_FILE: &str = "codegen.toml";
pub const MANIFEST_FILE: &str = "manifest.toml";

/// `schemas/codegen.toml`. Unknown keys are rejected so that a typo (say
/// `crate_name`) fails loudly instead of silently falling back to a default.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Config {
    pub crate_name: String,
    /// Paths relative to `schemas/`.
    pub documents: Vec<String>,
    /// OpenAPI Overlay documents (paths relative to `schemas/`), applied in
    /// this order to the documents their `extends` names.
    #[serde(default)]
    pub overlays: Vec<String>,
    /// Empty means "every schema".
    #[serde(default)]
    pub roots: Vec<String>,
    /// One cargo feature per OpenAPI tag.
    #[serde(default)]
    pub area_features: bool,
    /// `schemars::JsonSchema` for every type, behind the crate's `schemars` feature.
    #[serde(default)]
    pub schemars: bool,
    /// `"open"` (the default) or `"closed"`: what string enums and tagged
    /// unions do with a value their schema does not list.
    #[serde(default)]
    pub enums: EnumsSetting,
    /// The same setting for particular documents (paths relative to `schemas/`).
    #[serde(default)]
    pub document_enums: BTreeMap<String, EnumsSetting>,
}

/// `codegen::Enums` as written in `codegen.toml`.
#[derive(Debug, Clone, Copy, Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum EnumsSetting {
    #[default]
    Open,
    Closed,
}

impl From<EnumsSetting> for codegen::Enums {
    fn from(setting: EnumsSetting) -> Self {
        match setting {
            EnumsSetting::Open => codegen::Enums::Open,
            EnumsSetting::Closed => codegen::Enums::Closed,
        }
    }
}

/// `schemas/manifest.toml`: one `[[document]]` table per document and one
/// `[[overlay]]` table, with the same fields, per overlay.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Manifest {
    #[serde(default, rename = "document")]
    documents: Vec<ManifestEntry>,
    #[serde(default, rename = "overlay")]
    overlays: Vec<ManifestEntry>,
}

/// The two kinds of pinned files, by their manifest table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Document,
    Overlay,
}

impl Kind {
    /// The manifest table name (`[[document]]`, `[[overlay]]`).
    pub fn table(self) -> &'static str {
        match self {
            Kind::Document => "document",
            Kind::Overlay => "overlay",
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ManifestEntry {
    path: String,
    // `source` and `revision` are for humans (provenance); they are required so
    // that no document enters the manifest without them, but the build ignores them.
    #[allow(dead_code)]
    source: String,
    #[allow(dead_code)]
    revision: String,
    sha256: String,
}

/// Everything the generator needs, read and verified.
#[derive(Debug)]
pub struct Loaded {
    pub config: Config,
    /// The documents in `config.documents` order, then the overlays in
    /// `config.overlays` order, then the files their `$ref`s name (each pinned
    /// as a `[[document]]`), with `path` relative to `schemas/` so that
    /// diagnostics and generated output do not depend on the checkout location.
    pub inputs: Vec<codegen::Input>,
}

impl Loaded {
    /// The configured overlays that apply to `document` (a path relative to
    /// `schemas/`), in order: those whose `extends` names it, and those without
    /// `extends` when it is the only configured document (as codegen applies them).
    pub fn overlays_of(&self, document: &str) -> Result<Vec<&codegen::Input>> {
        let only_document = self.config.documents.len() == 1 && self.config.documents[0] == document;
        let mut overlays = Vec::new();
        for overlay in self.inputs.iter().filter(|i| self.config.overlays.contains(&i.path)) {
            let extends = codegen::overlay::extends(overlay).map_err(|d| anyhow::anyhow!("{d}"))?;
            let applies = match extends {
                Some(extends) => extends.resolved == document,
                None => only_document,
            };
            if applies {
                overlays.push(overlay);
            }
        }
        Ok(overlays)
    }
}

/// Reads the config, verifies the manifest and reads the documents.
///
/// All manifest problems are collected and reported together, so a schema
/// update that touches several documents needs one round trip, not several.
pub fn load(schemas: &Path) -> Result<Loaded> {
    let config: Config = read_toml(&schemas.join(CONFIG_FILE))?;
    let manifest: Manifest = read_toml(&schemas.join(MANIFEST_FILE))?;
    let mut problems = Vec::new();
    let verified = verify_manifest(schemas, &manifest, &mut problems);
    let roots = collect_inputs(&config, &verified, &mut problems);
    if !problems.is_empty() {
        bail!("{}", render_problems(schemas, &problems));
    }
    let inputs = follow_references(roots, &verified)?;
    Ok(Loaded { config, inputs })
}

fn read_toml<T: serde::de::DeserializeOwned>(path: &Path) -> Result<T> {
    let text = fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    toml::from_str(&text).with_context(|| format!("parsing {}", path.display()))
}

/// Checks every manifest entry (not only the configured documents: the
/// manifest promises the provenance of everything it lists). Returns each
/// listed path with its kind and text, or `None` if it failed (already reported).
fn verify_manifest(
    schemas: &Path,
    manifest: &Manifest,
    problems: &mut Vec<String>,
) -> BTreeMap<String, (Kind, Option<String>)> {
    let mut verified = BTreeMap::new();
    let documents = manifest.documents.iter().map(|e| (Kind::Document, e));
    let overlays = manifest.overlays.iter().map(|e| (Kind::Overlay, e));
    for (kind, entry) in documents.chain(overlays) {
        if verified.contains_key(&entry.path) {
            problems.push(format!("{}: listed twice in {MANIFEST_FILE}", entry.path));
            continue;
        }
        let text = verify_entry(schemas, entry).map_err(|problem| problems.push(problem)).ok();
        verified.insert(entry.path.clone(), (kind, text));
    }
    verified
}

/// Reads one manifest entry's file and checks its hash; `Err` is a
/// human-readable problem naming the file.
fn verify_entry(schemas: &Path, entry: &ManifestEntry) -> Result<String, String> {
    check_relative(&entry.path)?;
    let file = schemas.join(&entry.path);
    let bytes =
        fs::read(&file).map_err(|e| format!("{}: listed in {MANIFEST_FILE} but cannot be read: {e}", entry.path))?;
    let actual = sha256_hex(&bytes);
    // Hex case is not meaningful; accept what `sha256sum` or a GUI tool prints.
    if !actual.eq_ignore_ascii_case(entry.sha256.trim()) {
        return Err(format!(
            "{}: sha256 mismatch\n    expected ({MANIFEST_FILE}): {}\n    actual:                   {actual}",
            entry.path, entry.sha256
        ));
    }
    String::from_utf8(bytes).map_err(|e| format!("{}: not valid UTF-8: {e}", entry.path))
}

/// Manifest and config paths must stay inside `schemas/`: they become
/// `Input::path`, which should be machine-independent.
fn check_relative(path: &str) -> Result<(), String> {
    let escapes = Path::new(path).components().any(|c| !matches!(c, Component::Normal(_)));
    if path.is_empty() || escapes || path.contains('\\') {
        return Err(format!("{path}: document paths must be relative to schemas/, with `/` and without `.` or `..`"));
    }
    Ok(())
}

/// Builds the generator inputs in config order (documents, then overlays); a
/// configured file missing from the manifest, or pinned in the other table,
/// is a problem even if the file exists.
fn collect_inputs(
    config: &Config,
    verified: &BTreeMap<String, (Kind, Option<String>)>,
    problems: &mut Vec<String>,
) -> Vec<codegen::Input> {
    let mut inputs = Vec::new();
    let documents = config.documents.iter().map(|p| (Kind::Document, p));
    let overlays = config.overlays.iter().map(|p| (Kind::Overlay, p));
    for (kind, path) in documents.chain(overlays) {
        match verified.get(path) {
            Some((pinned, _)) if *pinned != kind => problems.push(format!(
                "{path}: listed in {CONFIG_FILE} as {}s but pinned as [[{}]] in {MANIFEST_FILE}",
                kind.table(),
                pinned.table()
            )),
            Some((_, Some(text))) => inputs.push(codegen::Input { path: path.clone(), text: text.clone() }),
            // Unreadable or mismatched: already reported by `verify_manifest`.
            Some((_, None)) => {}
            None => problems.push(format!(
                "{path}: listed in {CONFIG_FILE} but has no [[{}]] entry in {MANIFEST_FILE}",
                kind.table()
            )),
        }
    }
    inputs
}

/// The configured files and every file their `$ref`s name, read as
/// `codegen generate` reads them ([`codegen::read_inputs_with`]), but only
/// from the verified manifest: a referenced file must be pinned as a
/// `[[document]]`, so it cannot change without a reviewed manifest edit either.
fn follow_references(
    roots: Vec<codegen::Input>,
    verified: &BTreeMap<String, (Kind, Option<String>)>,
) -> Result<Vec<codegen::Input>> {
    let paths: Vec<String> = roots.iter().map(|i| i.path.clone()).collect();
    let read = |path: &str| match verified.get(path) {
        Some((_, Some(text))) if paths.iter().any(|p| p == path) => Ok(text.clone()),
        Some((Kind::Document, Some(text))) => Ok(text.clone()),
        Some((Kind::Overlay, _)) => {
            Err(format!("it is pinned as an [[overlay]] in {MANIFEST_FILE}, not a [[document]]"))
        }
        Some((_, None)) => Err(format!("it failed verification against {MANIFEST_FILE}")),
        None => Err(format!("it has no [[document]] entry in {MANIFEST_FILE}")),
    };
    codegen::read_inputs_with(&paths, read).map_err(|diagnostics| {
        anyhow::anyhow!(
            "reading the files that schemas/ references failed:\n{diagnostics}\nhint: every file read \
             through a `$ref` must be under schemas/ and pinned as a [[document]] in schemas/{MANIFEST_FILE} \
             (sha256, revision, source)"
        )
    })
}

fn render_problems(schemas: &Path, problems: &[String]) -> String {
    let mut out = format!("{} verification failed:\n", schemas.join(MANIFEST_FILE).display());
    for problem in problems {
        let _ = writeln!(out, "  - {problem}");
    }
    let _ = write!(
        out,
        "hint: if a document or overlay changed on purpose, update its entry in schemas/{MANIFEST_FILE} \
         (sha256, revision, source) and say why in the commit message"
    );
    out
}

/// Lowercase hex, as printed by `sha256sum`.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().fold(String::with_capacity(64), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = "a/doc.json";
    const TEXT: &str = "{\"openapi\": \"3.1.0\"}\n";

    /// A `schemas/` directory with one document whose manifest hash is `sha`.
    fn schemas_dir(sha: &str) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir_all(dir.path().join("a")).unwrap();
        fs::write(dir.path().join(DOC), TEXT).unwrap();
        fs::write(dir.path().join(CONFIG_FILE), format!("crate-name = \"x-types\"\ndocuments = [\"{DOC}\"]\n"))
            .unwrap();
        write_manifest(dir.path(), &[(DOC, sha)]);
        dir
    }

    fn write_manifest(schemas: &Path, entries: &[(&str, &str)]) {
        let mut text = String::new();
        for (path, sha) in entries {
            let _ = write!(
                text,
                "[[document]]\npath = \"{path}\"\nsource = \"test\"\nrevision = \"1\"\nsha256 = \"{sha}\"\n\n"
            );
        }
        fs::write(schemas.join(MANIFEST_FILE), text).unwrap();
    }

    #[test]
    fn sha256_matches_known_vector() {
        assert_eq!(sha256_hex(b"hello world"), "b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9");
    }

    #[test]
    fn loads_verified_documents_with_relative_paths() {
        let dir = schemas_dir(&sha256_hex(TEXT.as_bytes()).to_uppercase());
        let loaded = load(dir.path()).unwrap();
        assert_eq!(loaded.config.crate_name, "x-types");
        assert!(loaded.config.roots.is_empty());
        assert_eq!(loaded.inputs.len(), 1);
        assert_eq!(loaded.inputs[0].path, DOC);
        assert_eq!(loaded.inputs[0].text, TEXT);
    }

    #[test]
    fn referenced_files_are_read_only_when_pinned() {
        const ROOT: &str =
            "{\"openapi\": \"3.1.0\", \"components\": {\"schemas\": {\"A\": {\"$ref\": \"../models/a.yaml\"}}}}";
        const MODEL: &str = "type: object\n";
        let dir = schemas_dir(&sha256_hex(TEXT.as_bytes()));
        fs::write(dir.path().join(DOC), ROOT).unwrap();
        fs::create_dir_all(dir.path().join("models")).unwrap();
        fs::write(dir.path().join("models/a.yaml"), MODEL).unwrap();
        // The configured document lives in `a/`: its folder is the root folder.
        write_manifest(
            dir.path(),
            &[(DOC, &sha256_hex(ROOT.as_bytes())), ("models/a.yaml", &sha256_hex(MODEL.as_bytes()))],
        );
        let err = format!("{:#}", load(dir.path()).unwrap_err());
        assert!(err.contains("E0020") && err.contains("a/doc.json#/components/schemas/A"), "{err}");

        let root = ROOT.replace("../models/a.yaml", "models/a.yaml");
        fs::write(dir.path().join(DOC), &root).unwrap();
        fs::create_dir_all(dir.path().join("a/models")).unwrap();
        fs::write(dir.path().join("a/models/a.yaml"), MODEL).unwrap();
        write_manifest(dir.path(), &[(DOC, &sha256_hex(root.as_bytes()))]);
        let err = format!("{:#}", load(dir.path()).unwrap_err());
        assert!(err.contains("a/models/a.yaml") && err.contains("no [[document]] entry"), "{err}");

        write_manifest(
            dir.path(),
            &[(DOC, &sha256_hex(root.as_bytes())), ("a/models/a.yaml", &sha256_hex(MODEL.as_bytes()))],
        );
        let loaded = load(dir.path()).unwrap();
        let paths: Vec<&str> = loaded.inputs.iter().map(|i| i.path.as_str()).collect();
        assert_eq!(paths, [DOC, "a/models/a.yaml"]);

        fs::write(dir.path().join("a/models/a.yaml"), "type: string\n").unwrap();
        let err = format!("{:#}", load(dir.path()).unwrap_err());
        assert!(err.contains("a/models/a.yaml: sha256 mismatch"), "{err}");
    }

    #[test]
    fn sha_mismatch_names_file_and_both_hashes() {
        let wrong = "0".repeat(64);
        let dir = schemas_dir(&wrong);
        let err = format!("{:#}", load(dir.path()).unwrap_err());
        assert!(err.contains(DOC), "{err}");
        assert!(err.contains("sha256 mismatch"), "{err}");
        assert!(err.contains(&wrong), "{err}");
        assert!(err.contains(&sha256_hex(TEXT.as_bytes())), "{err}");
        assert!(err.contains("update its entry in schemas/manifest.toml"), "{err}");
        // Reported once, not again as "missing from the manifest".
        assert!(!err.contains("no [[document]] entry"), "{err}");
    }

    #[test]
    fn document_missing_from_manifest_is_an_error() {
        let dir = schemas_dir("unused");
        write_manifest(dir.path(), &[]);
        let err = format!("{:#}", load(dir.path()).unwrap_err());
        assert!(err.contains(&format!("{DOC}: listed in codegen.toml but has no")), "{err}");
    }

    #[test]
    fn manifest_entry_without_file_is_an_error() {
        let dir = schemas_dir(&sha256_hex(TEXT.as_bytes()));
        write_manifest(dir.path(), &[(DOC, &sha256_hex(TEXT.as_bytes())), ("gone.json", "00")]);
        let err = format!("{:#}", load(dir.path()).unwrap_err());
        assert!(err.contains("gone.json: listed in manifest.toml but cannot be read"), "{err}");
    }

    #[test]
    fn paths_escaping_schemas_are_rejected() {
        let dir = schemas_dir("00");
        write_manifest(dir.path(), &[("../outside.json", "00")]);
        let err = format!("{:#}", load(dir.path()).unwrap_err());
        assert!(err.contains("../outside.json: document paths must be relative"), "{err}");
    }

    const OVERLAY: &str = "a/overlays/fix.overlay.yaml";
    const OVERLAY_TEXT: &str = "overlay: 1.0.0\n";

    /// `schemas_dir` plus an overlay in `codegen.toml`, pinned in `table`.
    fn with_overlay(table: &str, sha: &str) -> tempfile::TempDir {
        let dir = schemas_dir(&sha256_hex(TEXT.as_bytes()));
        fs::create_dir_all(dir.path().join("a/overlays")).unwrap();
        fs::write(dir.path().join(OVERLAY), OVERLAY_TEXT).unwrap();
        let config = format!("crate-name = \"x-types\"\ndocuments = [\"{DOC}\"]\noverlays = [\"{OVERLAY}\"]\n");
        fs::write(dir.path().join(CONFIG_FILE), config).unwrap();
        let mut manifest = fs::read_to_string(dir.path().join(MANIFEST_FILE)).unwrap();
        let _ = write!(
            manifest,
            "[[{table}]]\npath = \"{OVERLAY}\"\nsource = \"us\"\nrevision = \"1\"\nsha256 = \"{sha}\"\n"
        );
        fs::write(dir.path().join(MANIFEST_FILE), manifest).unwrap();
        dir
    }

    #[test]
    fn overlays_are_pinned_and_follow_the_documents() {
        let dir = with_overlay("overlay", &sha256_hex(OVERLAY_TEXT.as_bytes()));
        let loaded = load(dir.path()).unwrap();
        let paths: Vec<&str> = loaded.inputs.iter().map(|i| i.path.as_str()).collect();
        assert_eq!(paths, [DOC, OVERLAY]);
        // No `extends`, one document: it applies to that document.
        let overlays = loaded.overlays_of(DOC).unwrap();
        assert_eq!(overlays.iter().map(|i| i.path.as_str()).collect::<Vec<_>>(), [OVERLAY]);
        assert!(loaded.overlays_of("a/other.json").unwrap().is_empty());
    }

    #[test]
    fn overlays_are_verified_like_documents() {
        let dir = with_overlay("overlay", &"0".repeat(64));
        let err = format!("{:#}", load(dir.path()).unwrap_err());
        assert!(err.contains(&format!("{OVERLAY}: sha256 mismatch")), "{err}");
        assert!(err.contains(&sha256_hex(OVERLAY_TEXT.as_bytes())), "{err}");

        let dir = with_overlay("document", &sha256_hex(OVERLAY_TEXT.as_bytes()));
        let err = format!("{:#}", load(dir.path()).unwrap_err());
        assert!(
            err.contains(&format!("{OVERLAY}: listed in codegen.toml as overlays but pinned as [[document]]")),
            "{err}"
        );

        let dir = with_overlay("overlay", &sha256_hex(OVERLAY_TEXT.as_bytes()));
        write_manifest(dir.path(), &[(DOC, &sha256_hex(TEXT.as_bytes()))]);
        let err = format!("{:#}", load(dir.path()).unwrap_err());
        assert!(
            err.contains(&format!("{OVERLAY}: listed in codegen.toml but has no [[overlay]] entry in manifest.toml")),
            "{err}"
        );
    }

    #[test]
    fn unknown_config_keys_are_rejected() {
        let dir = schemas_dir(&sha256_hex(TEXT.as_bytes()));
        fs::write(dir.path().join(CONFIG_FILE), "crate_name = \"x\"\ndocuments = []\n").unwrap();
        let err = format!("{:#}", load(dir.path()).unwrap_err());
        assert!(err.contains("codegen.toml"), "{err}");
    }
}
