//! Development tasks for this workspace, run as `cargo xtask <command>`
//! (see the alias in `.cargo/config.toml`).
//!
//! Exit codes: 0 success, 1 failure (stale `generated/`, generation error,
//! manifest or I/O error), 2 usage error (clap's default).

mod bench;
mod bump;
mod diff;
mod features;
mod inputs;
mod peers;
mod regenerate;
mod sync;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Development tasks for the codegen workspace.
#[derive(Debug, Parser)]
#[command(name = "xtask", bin_name = "cargo xtask")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

// New tasks (e.g. `diff` against another schema revision, `bench`) go here
// as further variants, each with its own module.
#[derive(Debug, Subcommand)]
enum Command {
    /// Regenerate generated/ from the documents listed in schemas/codegen.toml.
    ///
    /// The overlays listed there are applied to the documents they extend.
    /// Verifies every document and overlay against the sha256 in schemas/manifest.toml,
    /// runs the generator, then writes only files whose contents changed and
    /// removes files the generator no longer produces (hidden files and
    /// generated/target are left alone). Nothing is written if generation fails.
    Regenerate {
        /// Write nothing; exit with 1 and show a diff if generated/ is stale.
        #[arg(long)]
        check: bool,
    },
    /// Compare two schema documents and print the change report.
    ///
    /// Every change is classified by its effect on code using the generated
    /// crate (breaking, additive, docs-only) and names the schema, the field
    /// path and the before/after Rust type; endpoints, parameters, filters,
    /// scopes and rate limits are compared too. OLD and NEW are paths, paths
    /// inside schemas/, or pinned revision names (`2023-02-22` is
    /// schemas/klaviyo/2023-02-22/stable.json), compared as the vendor wrote
    /// them unless overlays are given: `cargo xtask diff 2026-07-15 2026-07-15
    /// --new-overlay klaviyo/overlays/2026-07-15.overlay.yaml` shows what that
    /// overlay changes. Exit status: 0, 1 when --fail-on matches or a document
    /// or overlay has errors, 2 usage error.
    Diff {
        /// The old document, e.g. `2023-02-22`.
        #[arg(value_name = "OLD")]
        old: String,
        /// The new document, e.g. `2026-07-15` or a downloaded file.
        #[arg(value_name = "NEW")]
        new: String,
        /// An OpenAPI Overlay applied to OLD (a path, or a path inside
        /// schemas/); it must extend OLD. Repeat for several.
        #[arg(long = "old-overlay", value_name = "PATH")]
        old_overlays: Vec<String>,
        /// An OpenAPI Overlay applied to NEW. Repeat for several.
        #[arg(long = "new-overlay", value_name = "PATH")]
        new_overlays: Vec<String>,
        /// Apply to each side the overlays schemas/codegen.toml applies to its
        /// document (what generation sees).
        #[arg(long)]
        with_overlays: bool,
        #[command(flatten)]
        report: codegen::diff::ReportArgs,
    },
    /// Check that every area feature of generated/ builds on its own.
    ///
    /// Runs clippy with -D warnings on the generated crate with no features,
    /// then with each area feature alone (plus `dynamic`).
    CheckFeatures,
    /// Measure generation speed, build time of generated/ and (de)serialization
    /// throughput, printing ratios against baselines measured in the same run.
    Bench {
        /// Also time `cargo typify` on the same schemas, if it is installed.
        #[arg(long)]
        peers: bool,
    },
    /// Pin a new revision of a document and move generation to it.
    ///
    /// Replaces the document of schemas/codegen.toml with the same file name
    /// (`stable.json`): copies PATH to schemas/<family>/<revision>/<file>, adds
    /// its sha256 to schemas/manifest.toml, points codegen.toml at it, writes
    /// the diff against the replaced document to CHANGES.md next to it, and
    /// regenerates generated/. The old document stays pinned. The overlays
    /// codegen.toml applies to the replaced document are carried forward: an
    /// overlay whose path names the old revision gets a pinned copy named with
    /// the new one, extending the new document. Nothing is written when the
    /// new document has errors or a carried overlay does not apply to it.
    BumpRevision {
        /// The new document, e.g. a freshly downloaded stable.json.
        #[arg(value_name = "PATH")]
        path: PathBuf,
        /// The revision directory name; default: the document's info.version.
        #[arg(long, value_name = "NAME")]
        revision: Option<String>,
        /// The manifest's `source`; default: the replaced document's.
        #[arg(long, value_name = "TEXT")]
        source: Option<String>,
        /// Do not carry the replaced document's overlays forward: take them
        /// out of codegen.toml (they stay pinned).
        #[arg(long)]
        drop_overlays: bool,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Regenerate { check } => {
            let mode = if check { regenerate::Mode::Check } else { regenerate::Mode::Write };
            regenerate::run(&workspace_root(), mode)
        }
        Command::Diff { old, new, old_overlays, new_overlays, with_overlays, report } => {
            let overlays = diff::Overlays { old: old_overlays, new: new_overlays, configured: with_overlays };
            diff::run(&workspace_root(), &old, &new, &overlays, &report)
        }
        Command::CheckFeatures => features::run(&workspace_root()),
        Command::Bench { peers } => bench::run(&workspace_root(), peers),
        Command::BumpRevision { path, revision, source, drop_overlays } => {
            bump::run(&workspace_root(), &bump::Args { path, revision, source, drop_overlays })
        }
    };
    result.unwrap_or_else(|err| {
        // The context chain, but not `{:?}`: that adds a backtrace whenever
        // RUST_BACKTRACE is set, burying the message.
        eprintln!("error: {err}");
        for cause in err.chain().skip(1) {
            eprintln!("  caused by: {cause}");
        }
        ExitCode::FAILURE
    })
}

/// The workspace root: the parent of xtask's manifest directory, read at
/// run time (`cargo run`, and so `cargo xtask`, sets `CARGO_MANIFEST_DIR`
/// for the process it starts), else the nearest directory at or above the
/// current one that holds `xtask/Cargo.toml`.
///
/// Not `env!("CARGO_MANIFEST_DIR")`: that is the checkout the binary was
/// compiled in, and with a target directory shared between two checkouts
/// (as CI caches do) one checkout's `cargo xtask` could run a binary
/// compiled in the other and check the wrong tree.
fn workspace_root() -> PathBuf {
    let current = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    find_workspace_root(std::env::var_os("CARGO_MANIFEST_DIR").map(PathBuf::from), &current)
}

fn find_workspace_root(manifest_dir: Option<PathBuf>, current: &Path) -> PathBuf {
    if let Some(parent) = manifest_dir.as_deref().and_then(Path::parent) {
        return parent.to_path_buf();
    }
    current.ancestors().find(|dir| dir.join("xtask").join("Cargo.toml").is_file()).unwrap_or(current).to_path_buf()
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_workspace_root_is_found_at_run_time() {
        let tmp = tempfile::tempdir().unwrap();
        let checkout = tmp.path().join("checkout");
        std::fs::create_dir_all(checkout.join("xtask")).unwrap();
        std::fs::create_dir_all(checkout.join("generated/src")).unwrap();
        std::fs::write(checkout.join("xtask/Cargo.toml"), "").unwrap();
        // From the variable cargo sets for the run, whichever checkout compiled us.
        assert_eq!(find_workspace_root(Some(checkout.join("xtask")), tmp.path()), checkout);
        // Without it, from the current directory, also deep inside the tree.
        assert_eq!(find_workspace_root(None, &checkout.join("generated/src")), checkout);
        assert_eq!(find_workspace_root(None, &checkout), checkout);
        // The real one: this test runs under cargo, in this checkout.
        assert!(workspace_root().join("xtask").join("Cargo.toml").is_file());
    }

    #[test]
    fn cli_is_well_formed() {
        Cli::command().debug_assert();
    }

    #[test]
    fn parses_check_flag() {
        let cli = Cli::try_parse_from(["xtask", "regenerate", "--check"]).unwrap();
        assert!(matches!(cli.command, Command::Regenerate { check: true }));
        let err = Cli::try_parse_from(["xtask", "regenerate", "--nope"]).unwrap_err();
        assert_eq!(err.exit_code(), 2);
    }

    #[test]
    fn parses_diff_and_bump_revision() {
        let cli = Cli::try_parse_from(["xtask", "diff", "2023-02-22", "2026-07-15", "--fail-on", "breaking"]).unwrap();
        assert!(matches!(
            cli.command,
            Command::Diff {
                report: codegen::diff::ReportArgs { fail_on: Some(codegen::diff::FailOn::Breaking), .. },
                ..
            }
        ));
        let cli = Cli::try_parse_from(["xtask", "bump-revision", "new.json", "--revision", "2026-10-15"]).unwrap();
        assert!(matches!(cli.command, Command::BumpRevision { revision: Some(ref r), .. } if r == "2026-10-15"));
        let cli = Cli::try_parse_from([
            "xtask",
            "diff",
            "2026-07-15",
            "2026-07-15",
            "--new-overlay",
            "a.yaml",
            "--new-overlay",
            "b.yaml",
            "--with-overlays",
        ])
        .unwrap();
        assert!(matches!(
            cli.command,
            Command::Diff { ref old_overlays, ref new_overlays, with_overlays: true, .. }
                if old_overlays.is_empty() && new_overlays == &["a.yaml", "b.yaml"]
        ));
        let cli = Cli::try_parse_from(["xtask", "bump-revision", "new.json", "--drop-overlays"]).unwrap();
        assert!(matches!(cli.command, Command::BumpRevision { drop_overlays: true, .. }));
        let err = Cli::try_parse_from(["xtask", "diff", "a", "b", "--format", "yaml"]).unwrap_err();
        assert_eq!(err.exit_code(), 2);
    }
}
