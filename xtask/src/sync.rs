//! Keeping a directory in sync with an in-memory set of files.
//!
//! This is rust-analyzer's "ensure file contents" pattern split in two:
//! [`plan`] compares the wanted files with the directory and lists the
//! changes, then either [`apply`] performs them (`regenerate`) or
//! [`render_stale_report`] describes them (`regenerate --check`). Both modes
//! share one comparison, so `--check` cannot disagree with what a
//! regeneration would write.
//!
//! Ownership: the directory belongs to the generator, except for hidden
//! entries (`.gitignore`, editor files) and the top-level `target/` (the
//! build output of the generated crate when built on its own). Those are
//! never read, reported or removed.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};

use anyhow::{bail, Context as _, Result};

/// Relative path (with `/`) → contents, as in `codegen::GeneratedCrate::files`.
pub type Files = BTreeMap<String, String>;

/// One difference between the wanted files and the directory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// The file is missing (`old: None`) or differs; `old` is kept for diffs.
    Write { path: String, new: String, old: Option<String> },
    /// The file exists but is not wanted.
    Remove { path: String, old: String },
}

impl Change {
    pub fn path(&self) -> &str {
        match self {
            Change::Write { path, .. } | Change::Remove { path, .. } => path,
        }
    }
}

/// What it takes to bring a directory up to date.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Plan {
    /// Sorted by path.
    pub changes: Vec<Change>,
    /// Wanted files that already have the right contents.
    pub unchanged: usize,
}

impl Plan {
    pub fn is_up_to_date(&self) -> bool {
        self.changes.is_empty()
    }

    fn count(&self, pred: impl Fn(&Change) -> bool) -> usize {
        self.changes.iter().filter(|c| pred(c)).count()
    }
}

/// Compares `files` with the contents of `dir` (which may not exist yet).
/// Reads only; never modifies anything.
pub fn plan(files: &Files, dir: &Path) -> Result<Plan> {
    let mut plan = Plan::default();
    for (path, new) in files {
        let full = dir.join(checked_relative(path)?);
        match read_existing(&full).with_context(|| format!("reading {}", full.display()))? {
            Some(old) if old == new.as_bytes() => plan.unchanged += 1,
            old => plan.changes.push(Change::Write {
                path: path.clone(),
                new: new.clone(),
                old: old.map(|b| String::from_utf8_lossy(&b).into_owned()),
            }),
        }
    }
    for path in existing_files(dir)? {
        if !files.contains_key(&path) {
            let full = dir.join(&path);
            let old = fs::read(&full).with_context(|| format!("reading {}", full.display()))?;
            let old = String::from_utf8_lossy(&old).into_owned();
            plan.changes.push(Change::Remove { path, old });
        }
    }
    plan.changes.sort_by(|a, b| a.path().cmp(b.path()));
    Ok(plan)
}

/// Turns a generator path into a relative `PathBuf`, refusing anything that
/// could escape `dir` or land in the parts of it we promise not to touch.
fn checked_relative(path: &str) -> Result<PathBuf> {
    let rel = Path::new(path);
    // `components` normalises `a//b` and `a/./b`, so also look at the raw parts.
    let plain = rel.components().all(|c| matches!(c, Component::Normal(_)));
    let odd_part = path.split('/').any(|part| part.is_empty() || part.starts_with('.') || part.contains('\\'));
    let target = path.split('/').next() == Some("target");
    if !plain || odd_part || target {
        bail!("the generator produced the path {path:?}, which xtask refuses to write");
    }
    Ok(rel.to_path_buf())
}

/// The file's bytes, or `None` if there is no file there. A directory in the
/// way also counts as `None`: the write will report it if removals did not
/// clear it.
fn read_existing(path: &Path) -> io::Result<Option<Vec<u8>>> {
    match fs::read(path) {
        Ok(bytes) => Ok(Some(bytes)),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(_) if path.is_dir() => Ok(None),
        Err(e) => Err(e),
    }
}

/// Every file under `dir` that the generator owns, as `/`-separated paths.
fn existing_files(dir: &Path) -> Result<BTreeSet<String>> {
    let mut out = BTreeSet::new();
    if dir.exists() {
        walk(dir, "", &mut out)?;
    }
    Ok(out)
}

fn walk(dir: &Path, prefix: &str, out: &mut BTreeSet<String>) -> Result<()> {
    let entries = fs::read_dir(dir).with_context(|| format!("listing {}", dir.display()))?;
    for entry in entries {
        let entry = entry.with_context(|| format!("listing {}", dir.display()))?;
        let Some(name) = entry.file_name().to_str().map(str::to_owned) else {
            bail!("{}: non-UTF-8 file name; remove it by hand", entry.path().display());
        };
        if name.starts_with('.') || (prefix.is_empty() && name == "target") {
            continue;
        }
        let rel = format!("{prefix}{name}");
        // `file_type` does not follow symlinks: a symlinked directory is
        // removed as a link, never descended into (it may point outside).
        if entry.file_type()?.is_dir() {
            walk(&entry.path(), &format!("{rel}/"), out)?;
        } else {
            out.insert(rel);
        }
    }
    Ok(())
}

/// Performs `plan` in `dir`. Removals go first so that a file replacing a
/// directory (or the reverse) finds the way clear.
pub fn apply(plan: &Plan, dir: &Path) -> Result<()> {
    // Temporaries a killed run left beside the files about to be written.
    codegen::output::remove_stale_temporaries(dir, plan.changes.iter().map(Change::path), "xtask")
        .with_context(|| format!("removing stale temporary files under {}", dir.display()))?;
    for change in &plan.changes {
        if let Change::Remove { path, .. } = change {
            let full = dir.join(checked_relative(path)?);
            fs::remove_file(&full).with_context(|| format!("removing {}", full.display()))?;
            prune_empty_parents(dir, &full)?;
        }
    }
    for change in &plan.changes {
        if let Change::Write { path, new, .. } = change {
            let full = dir.join(checked_relative(path)?);
            write_atomic(&full, new).with_context(|| format!("writing {}", full.display()))?;
        }
    }
    Ok(())
}

/// Writes via a temporary file in the same directory and a rename, so a
/// reader (rust-analyzer, a concurrent `cargo build`) never sees half a file.
/// No fsync: after a crash, rerunning `regenerate` is the recovery.
fn write_atomic(path: &Path, contents: &str) -> io::Result<()> {
    let parent = path.parent().expect("joined onto the output directory");
    fs::create_dir_all(parent)?;
    let name = path.file_name().expect("checked relative path").to_string_lossy();
    // Hidden, so a leftover from a crash is ignored by `walk`.
    let tmp = parent.join(format!(".{name}.xtask-{}.tmp", std::process::id()));
    let result = fs::write(&tmp, contents).and_then(|()| fs::rename(&tmp, path));
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

/// Removes directories between `removed` and `root` that are now empty,
/// stopping at the first non-empty one and never removing `root` itself.
fn prune_empty_parents(root: &Path, removed: &Path) -> Result<()> {
    let mut dir = removed.parent();
    while let Some(d) = dir.filter(|d| *d != root && d.starts_with(root)) {
        let empty = fs::read_dir(d).with_context(|| format!("listing {}", d.display()))?.next().is_none();
        if !empty {
            break;
        }
        fs::remove_dir(d).with_context(|| format!("removing {}", d.display()))?;
        dir = d.parent();
    }
    Ok(())
}

/// Lines of diff shown per file before eliding the rest: enough to see what
/// kind of change it is without flooding CI logs.
const MAX_DIFF_LINES: usize = 40;

/// A human-readable account of a stale directory: per file its status and a
/// capped unified diff (disk → expected), then a summary and the fix.
/// `label` names the directory, e.g. `generated`.
pub fn render_stale_report(plan: &Plan, label: &str) -> String {
    let mut out = String::new();
    for change in &plan.changes {
        let shown = format!("{label}/{}", change.path());
        let (status, old, new) = match change {
            Change::Write { old: Some(old), new, .. } => ("modified", old.as_str(), new.as_str()),
            Change::Write { old: None, new, .. } => ("missing", "", new.as_str()),
            Change::Remove { old, .. } => ("extra", old.as_str(), ""),
        };
        let _ = writeln!(out, "{status}: {shown}");
        out.push_str(&capped_diff(old, new, &shown));
    }
    let _ = write!(
        out,
        "{label}/ is stale: {} modified, {} missing, {} extra, {} unchanged\n\
         hint: run `cargo xtask regenerate`",
        plan.count(|c| matches!(c, Change::Write { old: Some(_), .. })),
        plan.count(|c| matches!(c, Change::Write { old: None, .. })),
        plan.count(|c| matches!(c, Change::Remove { .. })),
        plan.unchanged,
    );
    out
}

/// Unified diff of `old` → `new`, at most [`MAX_DIFF_LINES`] lines.
fn capped_diff(old: &str, new: &str, name: &str) -> String {
    let diff = similar::TextDiff::from_lines(old, new)
        .unified_diff()
        .header(&format!("{name} (on disk)"), &format!("{name} (expected)"))
        .to_string();
    let lines: Vec<&str> = diff.lines().collect();
    let mut out = String::new();
    for line in lines.iter().take(MAX_DIFF_LINES) {
        let _ = writeln!(out, "    {line}");
    }
    if lines.len() > MAX_DIFF_LINES {
        let _ = writeln!(out, "    ... {} more lines", lines.len() - MAX_DIFF_LINES);
    }
    out
}

/// One line for `regenerate`, e.g. `generated/: 2 written, 1 removed, 7 unchanged`.
pub fn summary(plan: &Plan, label: &str) -> String {
    format!(
        "{label}/: {} written, {} removed, {} unchanged",
        plan.count(|c| matches!(c, Change::Write { .. })),
        plan.count(|c| matches!(c, Change::Remove { .. })),
        plan.unchanged,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, SystemTime};

    fn files(entries: &[(&str, &str)]) -> Files {
        entries.iter().map(|(p, c)| (p.to_string(), c.to_string())).collect()
    }

    fn fake_crate() -> Files {
        files(&[
            ("Cargo.toml", "[package]\nname = \"x\"\n"),
            ("src/lib.rs", "pub mod a;\npub mod b;\n"),
            ("src/a.rs", "pub struct A;\n"),
            ("src/b.rs", "pub struct B;\n"),
        ])
    }

    /// A directory with `fake_crate()` applied.
    fn synced_dir() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        let p = plan(&fake_crate(), dir.path()).unwrap();
        apply(&p, dir.path()).unwrap();
        dir
    }

    fn set_old_mtime(path: &Path) -> SystemTime {
        let old = SystemTime::UNIX_EPOCH + Duration::from_secs(1_000_000_000);
        fs::File::options().write(true).open(path).unwrap().set_modified(old).unwrap();
        old
    }

    fn mtime(path: &Path) -> SystemTime {
        fs::metadata(path).unwrap().modified().unwrap()
    }

    #[test]
    fn fresh_directory_needs_every_file_written() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("not-yet");
        let p = plan(&fake_crate(), &missing).unwrap();
        assert_eq!(p.unchanged, 0);
        assert_eq!(p.changes.len(), 4);
        assert!(p.changes.iter().all(|c| matches!(c, Change::Write { old: None, .. })));
        assert!(!missing.exists(), "plan must not create anything");
    }

    #[test]
    fn apply_then_plan_is_up_to_date() {
        let dir = synced_dir();
        assert_eq!(fs::read_to_string(dir.path().join("src/a.rs")).unwrap(), "pub struct A;\n");
        let p = plan(&fake_crate(), dir.path()).unwrap();
        assert!(p.is_up_to_date(), "{p:?}");
        assert_eq!(p.unchanged, 4);
        assert_eq!(summary(&p, "generated"), "generated/: 0 written, 0 removed, 4 unchanged");
    }

    #[test]
    fn detects_modified_missing_and_extra_files() {
        let dir = synced_dir();
        fs::write(dir.path().join("src/a.rs"), "pub struct Edited;\n").unwrap();
        fs::remove_file(dir.path().join("src/b.rs")).unwrap();
        fs::write(dir.path().join("src/stale.rs"), "pub struct Old;\n").unwrap();

        let p = plan(&fake_crate(), dir.path()).unwrap();
        let paths: Vec<&str> = p.changes.iter().map(Change::path).collect();
        assert_eq!(paths, ["src/a.rs", "src/b.rs", "src/stale.rs"]);
        assert!(matches!(&p.changes[0], Change::Write { old: Some(o), .. } if o == "pub struct Edited;\n"));
        assert!(matches!(&p.changes[1], Change::Write { old: None, .. }));
        assert!(matches!(&p.changes[2], Change::Remove { .. }));
        assert_eq!(p.unchanged, 2);

        let report = render_stale_report(&p, "generated");
        assert!(report.contains("modified: generated/src/a.rs"), "{report}");
        assert!(report.contains("-pub struct Edited;"), "{report}");
        assert!(report.contains("+pub struct A;"), "{report}");
        assert!(report.contains("missing: generated/src/b.rs"), "{report}");
        assert!(report.contains("+pub struct B;"), "{report}");
        assert!(report.contains("extra: generated/src/stale.rs"), "{report}");
        assert!(report.contains("-pub struct Old;"), "{report}");
        assert!(report.contains("1 modified, 1 missing, 1 extra, 2 unchanged"), "{report}");
        assert!(report.contains("run `cargo xtask regenerate`"), "{report}");
    }

    #[test]
    fn apply_fixes_stale_directory_and_leaves_unchanged_files_alone() {
        let dir = synced_dir();
        let a = dir.path().join("src/a.rs");
        let lib = dir.path().join("src/lib.rs");
        let old = set_old_mtime(&a);
        set_old_mtime(&lib);
        fs::write(&lib, "// edited by hand\n").unwrap();
        fs::create_dir_all(dir.path().join("src/gone")).unwrap();
        fs::write(dir.path().join("src/gone/x.rs"), "").unwrap();

        let p = plan(&fake_crate(), dir.path()).unwrap();
        assert_eq!(summary(&p, "g"), "g/: 1 written, 1 removed, 3 unchanged");
        apply(&p, dir.path()).unwrap();

        assert_eq!(mtime(&a), old, "unchanged file was rewritten");
        assert_ne!(mtime(&lib), old);
        assert_eq!(fs::read_to_string(&lib).unwrap(), "pub mod a;\npub mod b;\n");
        assert!(!dir.path().join("src/gone").exists(), "empty directory left behind");
        assert!(plan(&fake_crate(), dir.path()).unwrap().is_up_to_date());
    }

    #[test]
    fn never_touches_target_or_hidden_entries() {
        let dir = synced_dir();
        for keep in ["target/debug/x", ".gitignore", "src/.hidden", ".git/config"] {
            let path = dir.path().join(keep);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(path, "keep").unwrap();
        }
        let p = plan(&fake_crate(), dir.path()).unwrap();
        assert!(p.is_up_to_date(), "{p:?}");
        // Even with nothing wanted, only generator-owned files go.
        let p = plan(&Files::new(), dir.path()).unwrap();
        apply(&p, dir.path()).unwrap();
        for keep in ["target/debug/x", ".gitignore", "src/.hidden", ".git/config"] {
            assert!(dir.path().join(keep).exists(), "{keep} was removed");
        }
        assert!(!dir.path().join("Cargo.toml").exists());
        assert!(dir.path().join("src").exists(), "directory with a hidden file was removed");
    }

    #[test]
    fn long_diffs_are_capped() {
        let new: String = (0..200).map(|i| format!("line {i}\n")).collect();
        let p = plan(&files(&[("big.rs", &new)]), tempfile::tempdir().unwrap().path()).unwrap();
        let report = render_stale_report(&p, "generated");
        let diff_lines = report.lines().filter(|l| l.starts_with("    ")).count();
        assert_eq!(diff_lines, MAX_DIFF_LINES + 1, "{report}");
        assert!(report.contains("... 163 more lines"), "{report}");
    }

    #[test]
    fn rejects_paths_outside_the_owned_area() {
        let dir = tempfile::tempdir().unwrap();
        for bad in ["../x.rs", "/abs.rs", "src/../../x", "target/x", ".env", "a//b", "a/./b", "a\\b", ""] {
            let err = plan(&files(&[(bad, "")]), dir.path()).unwrap_err();
            assert!(err.to_string().contains("refuses to write"), "{bad}: {err}");
        }
    }
}
