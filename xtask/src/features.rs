//! `cargo xtask check-features`: every area feature of the generated crate
//! builds on its own (`cargo hack --each-feature` style, without the tool).
//!
//! Each feature is checked with `cargo clippy --no-default-features
//! --features <area>,dynamic -D warnings`, so a type gated by one area that
//! refers to a type of another area, or a `dynamic` match arm left without its
//! `cfg`, fails here rather than in a user's build. No feature at all is
//! checked too, and one area with `schemars`.

use std::path::Path;
use std::process::{Command, ExitCode};
use std::time::Instant;

use anyhow::{Context as _, Result};

use crate::regenerate::GENERATED_DIR;

pub fn run(root: &Path) -> Result<ExitCode> {
    let features = area_features(&root.join(GENERATED_DIR).join("Cargo.toml"))?;
    let package = package_name(&root.join(GENERATED_DIR).join("Cargo.toml"))?;
    let mut sets: Vec<String> = vec![String::new()];
    sets.extend(features.iter().map(|f| format!("{f},dynamic")));
    // The `schemars` impls carry an area's cfg and the feature's: one area
    // with the feature checks that the two gates compose.
    let own = codegen::naming::RESERVED_FEATURE_NAMES;
    if features.iter().any(|f| f == "schemars") {
        if let Some(area) = features.iter().find(|f| !own.contains(&f.as_str())) {
            sets.push(format!("{area},schemars,dynamic"));
        }
    }
    let mut failed = Vec::new();
    for set in &sets {
        let start = Instant::now();
        let ok = clippy(root, &package, set)?;
        let label = if set.is_empty() { "(no features)" } else { set.as_str() };
        println!("{} {label:<32} {:>6.1} s", if ok { "ok    " } else { "FAILED" }, start.elapsed().as_secs_f64());
        if !ok {
            failed.push(label.to_owned());
        }
    }
    if failed.is_empty() {
        println!("all {} feature sets build on their own", sets.len());
        Ok(ExitCode::SUCCESS)
    } else {
        eprintln!("error: these feature sets do not build on their own: {}", failed.join(", "));
        Ok(ExitCode::FAILURE)
    }
}

/// The features of the generated crate other than `default` and `dynamic`.
fn area_features(manifest: &Path) -> Result<Vec<String>> {
    let table = read_manifest(manifest)?;
    let features = table.get("features").and_then(toml::Value::as_table).cloned().unwrap_or_default();
    Ok(features.keys().filter(|k| *k != "default" && *k != "dynamic").cloned().collect())
}

fn package_name(manifest: &Path) -> Result<String> {
    let table = read_manifest(manifest)?;
    table
        .get("package")
        .and_then(|p| p.get("name"))
        .and_then(toml::Value::as_str)
        .map(str::to_owned)
        .context("generated/Cargo.toml has no package.name")
}

fn read_manifest(manifest: &Path) -> Result<toml::Table> {
    let text = std::fs::read_to_string(manifest).with_context(|| format!("read {}", manifest.display()))?;
    text.parse::<toml::Table>().with_context(|| format!("parse {}", manifest.display()))
}

fn clippy(root: &Path, package: &str, features: &str) -> Result<bool> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut command = Command::new(cargo);
    command.current_dir(root).args(["clippy", "--quiet", "-p", package, "--no-default-features"]);
    if !features.is_empty() {
        command.args(["--features", features]);
    }
    let status = command.args(["--", "-D", "warnings"]).status().context("run cargo clippy")?;
    Ok(status.success())
}
