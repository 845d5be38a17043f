//! `cargo xtask bench --peers`: the same Klaviyo schemas through `cargo
//! typify`, when it is installed (`cargo install cargo-typify`), timed next
//! to this project's generator and build in the same run. Optional: not part
//! of CI, and nothing of typify is committed.

use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};

use anyhow::{bail, Context as _, Result};
use serde_json::{json, Value};

use crate::bench::cargo;

const SPEC: &str = "schemas/klaviyo/2026-07-15/stable.json";

pub fn run(root: &Path) -> Result<()> {
    let installed = cargo(root).args(["typify", "--version"]).stdout(Stdio::null()).stderr(Stdio::null()).status();
    if !installed.is_ok_and(|s| s.success()) {
        println!("peers: `cargo typify` is not installed (cargo install cargo-typify); skipped");
        return Ok(());
    }
    let dir = root.join("target").join("bench-peers");
    std::fs::create_dir_all(dir.join("typify/src"))?;
    let schema = dir.join("components.json");
    std::fs::write(&schema, serde_json::to_string(&as_json_schema(&root.join(SPEC))?)?)?;

    let ours = time(|| {
        let status = cargo(root)
            .args(["run", "--quiet", "--release", "-p", "codegen", "--", "generate", "--input", SPEC])
            .args(["--crate-name", "peer-ours", "--out"])
            .arg(dir.join("ours"))
            .stderr(Stdio::null())
            .status()?;
        ensure(status.success(), "codegen generate")
    })?;
    let typify = time(|| {
        let status = cargo(root)
            .args(["typify", "--output"])
            .arg(dir.join("typify/src/lib.rs"))
            .arg(&schema)
            .status()?;
        ensure(status.success(), "cargo typify")
    })?;
    println!("peers: generation (whole process, release, includes cargo's start-up for ours)");
    println!("  codegen      {:>8.2} s", ours.as_secs_f64());
    println!("  cargo typify {:>8.2} s   ours is {:.1}x faster", typify.as_secs_f64(), typify.as_secs_f64() / ours.as_secs_f64());
    Ok(())
}

/// The component schemas as one JSON Schema document (`$defs`), the form typify takes.
fn as_json_schema(spec: &Path) -> Result<Value> {
    let text = std::fs::read_to_string(spec).with_context(|| format!("read {}", spec.display()))?;
    let document: Value = serde_json::from_str(&text)?;
    let mut defs = document["components"]["schemas"].clone();
    rewrite_refs(&mut defs);
    Ok(json!({ "$schema": "http://json-schema.org/draft-07/schema#", "definitions": defs }))
}

fn rewrite_refs(value: &mut Value) {
    match value {
        Value::Object(map) => {
            for (key, child) in map.iter_mut() {
                match child {
                    Value::String(reference) if key == "$ref" => {
                        *reference = reference.replace("#/components/schemas/", "#/definitions/");
                    }
                    _ => rewrite_refs(child),
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(rewrite_refs),
        _ => {}
    }
}

fn time(run: impl FnOnce() -> Result<()>) -> Result<Duration> {
    let start = Instant::now();
    run()?;
    Ok(start.elapsed())
}

fn ensure(ok: bool, what: &str) -> Result<()> {
    if !ok {
        bail!("{what} failed");
    }
    Ok(())
}
