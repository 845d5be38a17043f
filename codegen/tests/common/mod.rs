//! Helpers shared by the integration tests: where the golden cases live, how
//! a case's inputs are read, and how the generator is called on them.

#![allow(dead_code)] // each test binary uses a different subset

use std::path::{Path, PathBuf};
use std::process::Command;

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

/// A case's inputs. When `options.txt` names root documents (`input PATH`
/// lines), only those are given and every other file is read through their
/// `$ref`s, as the CLI does ([`codegen::read_inputs_with`], paths relative to
/// the case directory); else every document of the case is given.
pub fn case_inputs(dir: &Path) -> Result<Vec<Input>, Diagnostics> {
    let text = std::fs::read_to_string(dir.join("options.txt")).unwrap_or_default();
    let roots: Vec<String> =
        text.lines().filter_map(|l| l.trim().strip_prefix("input ")).map(|p| p.trim().to_owned()).collect();
    if roots.is_empty() {
        return Ok(all_case_documents(dir));
    }
    codegen::read_inputs_with(&roots, |path| {
        std::fs::read_to_string(dir.join(path)).map_err(|e| codegen::io_message(&e))
    })
}

/// Every `.json`, `.yaml` and `.yml` document under a case directory, with
/// its path relative to that directory (`/`-separated), sorted by path.
pub fn all_case_documents(dir: &Path) -> Vec<Input> {
    let mut inputs = Vec::new();
    collect_json(dir, dir, &mut inputs);
    inputs.sort_by(|a, b| a.path.cmp(&b.path));
    assert!(!inputs.is_empty(), "golden case {} has no .json / .yaml inputs", dir.display());
    inputs
}

fn collect_json(base: &Path, dir: &Path, inputs: &mut Vec<Input>) {
    for entry in std::fs::read_dir(dir).expect("read case dir") {
        let path = entry.expect("read case dir entry").path();
        if path.is_dir() {
            collect_json(base, &path, inputs);
        } else if path.extension().is_some_and(|e| e == "json" || e == "yaml" || e == "yml") {
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

/// Options for a case: `options.txt` in the case directory may hold lines
/// `schemars`, `root NAME`, `crate-name NAME` (which replaces
/// `crate_name`; for cases about invalid names) and `input PATH` (see
/// [`case_inputs`]).
pub fn case_options(dir: &Path, crate_name: &str) -> Options {
    let mut options = options(crate_name);
    let text = std::fs::read_to_string(dir.join("options.txt")).unwrap_or_default();
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        match line.split_once(' ') {
            None if line == "schemars" => options.json_schema = true,
            Some(("root", name)) => options.roots.push(name.to_owned()),
            Some(("crate-name", name)) => options.crate_name = name.to_owned(),
            Some(("enums", enums)) => options.enums = enums.parse().expect("enums open|closed"),
            Some(("document-enums", setting)) => {
                let (path, enums) = setting.split_once(' ').expect("document-enums PATH open|closed");
                options.document_enums.insert(path.to_owned(), enums.parse().expect("open|closed"));
            }
            Some(("input", _)) => {}
            _ => panic!("{}: unknown option line `{line}`", dir.display()),
        }
    }
    options
}

/// Generate a golden case's crate (named `golden` unless `options.txt` says otherwise).
pub fn generate_case(dir: &Path) -> Result<GeneratedCrate, Diagnostics> {
    generate_case_with_warnings(dir).map(|(krate, _)| krate)
}

/// [`generate_case`], also returning the warnings of a successful run.
pub fn generate_case_with_warnings(dir: &Path) -> Result<codegen::Generated, Diagnostics> {
    generate_case_named(dir, "golden")
}

/// A golden case's crate, named `crate_name` unless `options.txt` says otherwise.
pub fn generate_case_named(dir: &Path, crate_name: &str) -> Result<codegen::Generated, Diagnostics> {
    codegen::generate_with_warnings(&case_inputs(dir)?, &case_options(dir, crate_name))
}

/// `src/types.rs` of a generated crate, followed by its parts
/// (`src/types/*.rs`, in name order) when it was split.
pub fn types_rs(krate: &GeneratedCrate) -> String {
    let root = krate.files.get("src/types.rs").expect("generated crate has src/types.rs");
    let parts = krate.files.iter().filter(|(path, _)| path.starts_with("src/types/")).map(|(_, text)| text.as_str());
    std::iter::once(root.as_str()).chain(parts).collect()
}

/// The `[profile]` settings of the main workspace, so dependencies already
/// built for it are reused rather than rebuilt with other flags.
const PROFILE: &str = r#"
[profile.dev]
debug = "line-tables-only"

[profile.dev.package."*"]
debug = false
"#;

/// Write `crates` (directory name, crate) as members of one temporary
/// workspace under `target/<dir_name>/` and require
/// `cargo clippy --all-targets --all-features -- -D warnings` to pass on it.
/// One cargo run shares the workspace's `target/` and `Cargo.lock`, so
/// dependencies are built once, at the versions the real crate uses.
pub fn assert_crates_pass_clippy(dir_name: &str, crates: &[(String, GeneratedCrate)]) {
    let root = fresh_workspace_dir(dir_name);
    for (member, krate) in crates {
        codegen::output::write_crate(&root.join(member), krate).expect("write generated crate");
    }
    let members: Vec<String> = crates.iter().map(|(member, _)| member.clone()).collect();
    assert_workspace_passes_clippy(&root, &members);
}

/// `target/<dir_name>/`, emptied: the root of a temporary workspace whose
/// members are written by the caller.
pub fn fresh_workspace_dir(dir_name: &str) -> PathBuf {
    let root = workspace_target_dir().join(dir_name);
    if root.exists() {
        std::fs::remove_dir_all(&root).expect("clear the temporary workspace");
    }
    std::fs::create_dir_all(&root).expect("create the temporary workspace");
    root
}

/// Make the crates already written in `root/<member>/` one workspace and
/// require `cargo clippy --all-targets --all-features -- -D warnings` to pass
/// on it, building into the workspace's `target/` with its `Cargo.lock`.
pub fn assert_workspace_passes_clippy(root: &Path, members: &[String]) {
    let target_dir = workspace_target_dir();
    let list: Vec<String> = members.iter().map(|m| format!("  {m:?},")).collect();
    let manifest = format!("[workspace]\nresolver = \"2\"\nmembers = [\n{}\n]\n{PROFILE}", list.join("\n"));
    std::fs::write(root.join("Cargo.toml"), manifest).expect("write workspace Cargo.toml");
    std::fs::copy(manifest_dir().join("../Cargo.lock"), root.join("Cargo.lock")).expect("copy Cargo.lock");

    let offline = clippy(root, &target_dir, true);
    let output =
        if offline.status.success() || !needs_network(&offline) { offline } else { clippy(root, &target_dir, false) };
    assert!(
        output.status.success(),
        "`cargo clippy --all-targets --all-features -- -D warnings` failed on the crates in {}:\n{}",
        root.display(),
        String::from_utf8_lossy(&output.stderr)
    );
}

/// Run `cargo test --all-features` for `packages` of the workspace that
/// [`assert_crates_pass_clippy`] wrote under `target/{dir_name}`.
pub fn assert_crates_pass_tests(dir_name: &str, packages: &[String]) {
    let target_dir = workspace_target_dir();
    let root = target_dir.join(dir_name);
    let mut command = cargo(&root, &target_dir);
    command.args(["test", "--all-features", "--offline", "--quiet", "--no-fail-fast"]);
    for package in packages {
        command.args(["-p", package]);
    }
    let output = command.output().expect("run cargo test");
    assert!(
        output.status.success(),
        "`cargo test` failed on the crates in {}:\n{}\n{}",
        root.display(),
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

/// `cargo` (the one running the tests) in the temporary workspace `root`,
/// building into the project's `target/`.
fn cargo(root: &Path, target_dir: &Path) -> Command {
    let mut command = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    command.current_dir(root).env("CARGO_TARGET_DIR", target_dir);
    command
}

fn clippy(root: &Path, target_dir: &Path, offline: bool) -> std::process::Output {
    let mut command = cargo(root, target_dir);
    // `--keep-going` reports every failing case, not only the first.
    command.args(["clippy", "--all-targets", "--all-features", "--keep-going", "--quiet"]);
    if offline {
        command.arg("--offline");
    }
    command.args(["--", "-D", "warnings"]).output().expect("run cargo clippy")
}

/// Whether an offline run failed only because something was not downloaded yet.
fn needs_network(output: &std::process::Output) -> bool {
    let stderr = String::from_utf8_lossy(&output.stderr);
    stderr.contains("--offline") || stderr.contains("offline mode")
}
