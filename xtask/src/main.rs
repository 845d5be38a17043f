//! Development tasks for this workspace, run as `cargo xtask <command>`
//! (see the alias in `.cargo/config.toml`).
//!
//! Exit codes: 0 success, 1 failure (stale `generated/`, generation error,
//! manifest or I/O error), 2 usage error (clap's default).

mod inputs;
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
    /// Verifies every document against the sha256 in schemas/manifest.toml,
    /// runs the generator, then writes only files whose contents changed and
    /// removes files the generator no longer produces (hidden files and
    /// generated/target are left alone). Nothing is written if generation fails.
    Regenerate {
        /// Write nothing; exit with 1 and show a diff if generated/ is stale.
        #[arg(long)]
        check: bool,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Regenerate { check } => {
            let mode = if check {
                regenerate::Mode::Check
            } else {
                regenerate::Mode::Write
            };
            regenerate::run(&workspace_root(), mode)
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

/// The workspace root is xtask's parent directory, wherever cargo was run from.
fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives inside the workspace")
        .to_path_buf()
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

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
}
