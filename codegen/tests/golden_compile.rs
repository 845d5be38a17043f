//! Every successful golden case must generate a crate that builds and passes
//! `cargo clippy --all-targets --all-features -- -D warnings`.
//!
//! The cases are written as members of one temporary workspace under
//! `target/golden-compile/` and checked with a single cargo run that shares
//! the workspace's `target/` directory and `Cargo.lock`, so dependencies are
//! built once and their versions match the ones the real generated crate uses.

mod common;

use std::path::Path;
use std::process::Command;

/// The `[profile]` settings of the main workspace, so dependencies already
/// built for it are reused rather than rebuilt with other flags.
const PROFILE: &str = r#"
[profile.dev]
debug = "line-tables-only"

[profile.dev.package."*"]
debug = false
"#;

#[test]
fn golden_crates_pass_clippy() {
    let target_dir = common::workspace_target_dir();
    let root = target_dir.join("golden-compile");
    if root.exists() {
        std::fs::remove_dir_all(&root).expect("clear target/golden-compile");
    }
    let mut members = Vec::new();
    for dir in common::case_dirs() {
        let case = common::case_name(&dir);
        let crate_name = format!("golden-{}", case.replace('_', "-"));
        // Cases with `expected.err` must fail; golden.rs checks how.
        let Ok(krate) = codegen::generate(&common::case_inputs(&dir), &common::options(&crate_name)) else { continue };
        codegen::output::write_crate(&root.join(&case), &krate).expect("write generated crate");
        members.push(case);
    }
    assert!(members.len() >= 10, "expected at least 10 successful golden cases, found {}", members.len());
    let list: Vec<String> = members.iter().map(|m| format!("  {m:?},")).collect();
    let manifest = format!("[workspace]\nresolver = \"2\"\nmembers = [\n{}\n]\n{PROFILE}", list.join("\n"));
    std::fs::write(root.join("Cargo.toml"), manifest).expect("write workspace Cargo.toml");
    std::fs::copy(common::manifest_dir().join("../Cargo.lock"), root.join("Cargo.lock")).expect("copy Cargo.lock");

    let offline = clippy(&root, &target_dir, true);
    let output =
        if offline.status.success() || !needs_network(&offline) { offline } else { clippy(&root, &target_dir, false) };
    assert!(
        output.status.success(),
        "`cargo clippy --all-targets --all-features -- -D warnings` failed on the golden crates in {}:\n{}",
        root.display(),
        String::from_utf8_lossy(&output.stderr)
    );
}

fn clippy(root: &Path, target_dir: &Path, offline: bool) -> std::process::Output {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut command = Command::new(cargo);
    command.current_dir(root).env("CARGO_TARGET_DIR", target_dir);
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
