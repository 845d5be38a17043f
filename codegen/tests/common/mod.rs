//! Helpers shared by the integration tests: where the golden cases live, how
//! a case's inputs are read, and how the generator is called on them.

#![allow(dead_code)] // each test binary uses a different subset

use std::path::{Path, PathBuf};

use codegen::{Diagnostics, GeneratedCrate, Input, Options};

/// `codegen/`.
pub fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The workspace's `target/` directory.
pub fn workspace_target_dir() -> PathBuf {
    manifest_dir().join("..").join("target")
}

/// `codegen/tests/golden/`.
pub fn golden_root() -> PathBuf {
    manifest_dir().join("tests").join("golden")
}

/// Every golden case directory, sorted by name.
pub fn case_dirs() -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(golden_root())
        .expect("read tests/golden")
        .map(|entry| entry.expect("read tests/golden entry").path())
        .filter(|path| path.is_dir())
        .collect();
    dirs.sort();
    assert!(!dirs.is_empty(), "no golden cases under {}", golden_root().display());
    dirs
}

/// The name of a case directory.
pub fn case_name(dir: &Path) -> String {
    dir.file_name().expect("case dir has a name").to_string_lossy().into_owned()
}

/// Every `.json` document under a case directory, with its path relative to
/// that directory (`/`-separated), sorted by path.
pub fn case_inputs(dir: &Path) -> Vec<Input> {
    let mut inputs = Vec::new();
    collect_json(dir, dir, &mut inputs);
    inputs.sort_by(|a, b| a.path.cmp(&b.path));
    assert!(!inputs.is_empty(), "golden case {} has no .json inputs", dir.display());
    inputs
}

fn collect_json(base: &Path, dir: &Path, inputs: &mut Vec<Input>) {
    for entry in std::fs::read_dir(dir).expect("read case dir") {
        let path = entry.expect("read case dir entry").path();
        if path.is_dir() {
            collect_json(base, &path, inputs);
        } else if path.extension().is_some_and(|e| e == "json") {
            let relative = path.strip_prefix(base).expect("under base");
            let relative: Vec<String> =
                relative.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
            let text = std::fs::read_to_string(&path).expect("read input");
            inputs.push(Input { path: relative.join("/"), text });
        }
    }
}

/// Options for a crate named `crate_name`, every schema a root.
pub fn options(crate_name: &str) -> Options {
    Options { crate_name: crate_name.to_owned(), ..Options::default() }
}

/// Generate a golden case's crate (always named `golden`).
pub fn generate_case(dir: &Path) -> Result<GeneratedCrate, Diagnostics> {
    codegen::generate(&case_inputs(dir), &options("golden"))
}

/// `src/types.rs` of a generated crate.
pub fn types_rs(krate: &GeneratedCrate) -> &str {
    krate.files.get("src/types.rs").expect("generated crate has src/types.rs")
}
