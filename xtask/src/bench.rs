//! `cargo xtask bench`: every speed figure of the project, measured in one
//! run on this machine, as ratios against a baseline measured in the same run.
//!
//! 1. Generation (in-process, `cargo bench --bench generate`): per stage and
//!    total against the bare `serde_json` parse of the spec; 10× scaling;
//!    GitHub's, Stripe's and Kubernetes' specs (`../shared/specs/`), each
//!    against the parse of its own file.
//! 2. Build time of the generated crate (whole process): clean debug and
//!    release builds and `cargo check`, all features and single areas, with
//!    dependencies built first so only the crate itself is timed.
//! 3. Throughput (`cargo bench --bench throughput`): typed versus
//!    `serde_json::Value` on the same bytes.
//! 4. With `--peers`: `cargo typify` on the same schemas, when installed.

use std::path::Path;
use std::process::{Command, ExitCode};
use std::time::{Duration, Instant};

use anyhow::{bail, Context as _, Result};

/// Areas timed on their own next to the full crate.
const SINGLE_AREAS: &[&str] = &["catalogs", "profiles"];

pub fn run(root: &Path, peers: bool) -> Result<ExitCode> {
    bench(root, "generate")?;
    builds(root)?;
    bench(root, "throughput")?;
    if peers {
        crate::peers::run(root)?;
    }
    Ok(ExitCode::SUCCESS)
}

fn bench(root: &Path, name: &str) -> Result<()> {
    let status = cargo(root).args(["bench", "--quiet", "-p", "codegen", "--bench", name]).status()?;
    if !status.success() {
        bail!("cargo bench --bench {name} failed");
    }
    Ok(())
}

/// Clean builds of the generated crate in a target directory of their own.
fn builds(root: &Path) -> Result<()> {
    let target = root.join("target").join("bench-build");
    let package = "klaviyo-types";
    println!("build time of generated/ ({package}), dependencies prebuilt, target/bench-build");
    let full = time_build(root, &target, package, &["build"])?;
    row("debug build, all features", full, full);
    for area in SINGLE_AREAS {
        let time = time_build(root, &target, package, &["build", "--no-default-features", "--features", area])?;
        row(&format!("debug build, `{area}` only"), time, full);
    }
    let check = time_build(root, &target, package, &["check"])?;
    row("cargo check, all features", check, full);
    let release = time_build(root, &target, package, &["build", "--release"])?;
    row("release build, all features", release, full);
    Ok(())
}

fn row(label: &str, time: Duration, full: Duration) {
    println!(
        "  {label:<32} {:>7.1} s {:>6.2}x full debug",
        time.as_secs_f64(),
        time.as_secs_f64() / full.as_secs_f64()
    );
}

/// Build once so dependencies are there, clean the crate alone, then time
/// the command again: the figure is the generated crate's own compile.
pub fn time_build(root: &Path, target: &Path, package: &str, args: &[&str]) -> Result<Duration> {
    let release = args.contains(&"--release");
    let run = |args: &[&str]| -> Result<()> {
        let status =
            cargo(root).env("CARGO_TARGET_DIR", target).args(args).args(["--quiet", "-p", package]).status()?;
        if !status.success() {
            bail!("cargo {} failed", args.join(" "));
        }
        Ok(())
    };
    run(args)?;
    let mut clean = vec!["clean"];
    if release {
        clean.push("--release");
    }
    run(&clean).context("cargo clean -p")?;
    let start = Instant::now();
    run(args)?;
    Ok(start.elapsed())
}

pub fn cargo(root: &Path) -> Command {
    let mut command = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    command.current_dir(root);
    command
}
