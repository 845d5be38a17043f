//! `cargo xtask regenerate [--check]`: `schemas/` → codegen → `generated/`.

use std::fmt::Display;
use std::path::Path;
use std::process::ExitCode;

use anyhow::Result;
use codegen::{GeneratedCrate, Input, Options};

use crate::{inputs, sync};

/// Directory names under the workspace root; also how paths are shown to users.
pub const SCHEMAS_DIR: &str = "schemas";
pub const GENERATED_DIR: &str = "generated";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Bring `generated/` up to date.
    Write,
    /// Only report whether `generated/` is up to date (CI).
    Check,
}

/// Runs against the workspace at `root` with the real generator.
pub fn run(root: &Path, mode: Mode) -> Result<ExitCode> {
    run_with(root, mode, generate_reporting_warnings)
}

/// The real generator; warnings of a successful run go to stderr.
fn generate_reporting_warnings(inputs: &[Input], options: &Options) -> Result<GeneratedCrate, codegen::Diagnostics> {
    let (generated, warnings) = codegen::generate_with_warnings(inputs, options)?;
    if !warnings.items.is_empty() {
        eprintln!("{warnings}");
    }
    Ok(generated)
}

/// [`run`] with the generator as a parameter, so tests can use a fake one.
///
/// `Err` is for environment problems (I/O, bad config or manifest); a failed
/// generation or a stale `--check` is an expected outcome reported as exit 1.
pub fn run_with<E: Display>(
    root: &Path,
    mode: Mode,
    generate: impl FnOnce(&[Input], &Options) -> Result<GeneratedCrate, E>,
) -> Result<ExitCode> {
    let loaded = inputs::load(&root.join(SCHEMAS_DIR))?;
    let options = Options {
        crate_name: loaded.config.crate_name,
        roots: loaded.config.roots,
        area_features: loaded.config.area_features,
        json_schema: loaded.config.schemars,
        enums: loaded.config.enums.into(),
        document_enums: loaded
            .config
            .document_enums
            .iter()
            .map(|(path, enums)| (path.clone(), (*enums).into()))
            .collect(),
        reference_layout: false,
    };
    let generated = match generate(&loaded.inputs, &options) {
        Ok(generated) => generated,
        Err(diagnostics) => {
            eprintln!("{diagnostics}");
            eprintln!("error: code generation failed; {GENERATED_DIR}/ was not touched");
            return Ok(ExitCode::FAILURE);
        }
    };
    let out_dir = root.join(GENERATED_DIR);
    let plan = sync::plan(&generated.files, &out_dir)?;
    match mode {
        Mode::Write => {
            sync::apply(&plan, &out_dir)?;
            println!("{}", sync::summary(&plan, GENERATED_DIR));
            Ok(ExitCode::SUCCESS)
        }
        Mode::Check if plan.is_up_to_date() => {
            println!("{GENERATED_DIR}/ is up to date");
            Ok(ExitCode::SUCCESS)
        }
        Mode::Check => {
            eprintln!("{}", sync::render_stale_report(&plan, GENERATED_DIR));
            Ok(ExitCode::FAILURE)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;
    use std::fs;

    const DOC: &str = "doc.json";
    const TEXT: &str = "{}";

    /// A workspace with a valid `schemas/` and no `generated/`.
    fn workspace() -> tempfile::TempDir {
        let root = tempfile::tempdir().unwrap();
        let schemas = root.path().join(SCHEMAS_DIR);
        fs::create_dir_all(&schemas).unwrap();
        fs::write(schemas.join(DOC), TEXT).unwrap();
        fs::write(
            schemas.join(inputs::CONFIG_FILE),
            format!("crate-name = \"t\"\ndocuments = [\"{DOC}\"]\nroots = [\"R\"]\n"),
        )
        .unwrap();
        let sha = inputs::sha256_hex(TEXT.as_bytes());
        fs::write(
            schemas.join(inputs::MANIFEST_FILE),
            format!("[[document]]\npath = \"{DOC}\"\nsource = \"s\"\nrevision = \"r\"\nsha256 = \"{sha}\"\n"),
        )
        .unwrap();
        root
    }

    /// A generator that checks what it is given and returns a fixed crate.
    fn fake(inputs: &[Input], options: &Options) -> Result<GeneratedCrate, String> {
        assert_eq!(inputs.len(), 1);
        assert_eq!(inputs[0].path, DOC);
        assert_eq!(options.crate_name, "t");
        assert_eq!(options.roots, ["R"]);
        let files = BTreeMap::from([("src/lib.rs".to_string(), "// ok\n".to_string())]);
        Ok(GeneratedCrate { files })
    }

    #[test]
    fn check_fails_until_regenerated() {
        let root = workspace();
        assert_eq!(run_with(root.path(), Mode::Check, fake).unwrap(), ExitCode::FAILURE);
        assert!(!root.path().join(GENERATED_DIR).exists(), "--check wrote something");
        assert_eq!(run_with(root.path(), Mode::Write, fake).unwrap(), ExitCode::SUCCESS);
        let lib = root.path().join(GENERATED_DIR).join("src/lib.rs");
        assert_eq!(fs::read_to_string(lib).unwrap(), "// ok\n");
        assert_eq!(run_with(root.path(), Mode::Check, fake).unwrap(), ExitCode::SUCCESS);
    }

    #[test]
    fn generation_error_touches_nothing() {
        let root = workspace();
        let out = root.path().join(GENERATED_DIR);
        fs::create_dir_all(&out).unwrap();
        fs::write(out.join("stale.rs"), "old").unwrap();
        let failing = |_: &[Input], _: &Options| Err::<GeneratedCrate, _>("E0001: broken $ref");
        assert_eq!(run_with(root.path(), Mode::Write, failing).unwrap(), ExitCode::FAILURE);
        assert_eq!(fs::read_to_string(out.join("stale.rs")).unwrap(), "old");
    }

    #[test]
    fn manifest_mismatch_stops_before_generation() {
        let root = workspace();
        fs::write(root.path().join(SCHEMAS_DIR).join(DOC), "{\"changed\": true}").unwrap();
        let never = |_: &[Input], _: &Options| -> Result<GeneratedCrate, String> {
            panic!("generator ran despite a manifest mismatch")
        };
        let err = run_with(root.path(), Mode::Write, never).unwrap_err();
        assert!(format!("{err:#}").contains("doc.json: sha256 mismatch"), "{err:#}");
    }
}
