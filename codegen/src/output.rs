//! Writing a generated crate to disk: the one part of this library that
//! touches the file system, kept apart from the pure [`crate::generate`].
//!
//! Files are compared with what is on disk; only changed files are written,
//! each to a temporary file in the same directory and then renamed over the
//! old one, so a reader never sees a half-written file and an unchanged file
//! keeps its modification time. Generation happens entirely in memory first,
//! so a run that fails leaves the output untouched.

use std::collections::BTreeSet;
use std::fmt;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::GeneratedCrate;

/// What a write changed.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Summary {
    pub written: usize,
    pub unchanged: usize,
}

impl fmt::Display for Summary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} written, {} unchanged", self.written, self.unchanged)
    }
}

/// Write every file of `krate` under `dir`, creating directories as needed.
pub fn write_crate(dir: &Path, krate: &GeneratedCrate) -> io::Result<Summary> {
    remove_stale_temporaries(dir, krate.files.keys().map(String::as_str), "codegen")?;
    let mut summary = Summary::default();
    for (relative, contents) in &krate.files {
        let path = dir.join(relative);
        if std::fs::read(&path).ok().as_deref() == Some(contents.as_bytes()) {
            summary.unchanged += 1;
            continue;
        }
        write_atomically(&path, contents.as_bytes())?;
        summary.written += 1;
    }
    Ok(summary)
}

/// A temporary file older than this was left by a run that was killed
/// between writing and renaming it; a younger one may belong to a run in
/// progress.
const STALE_AFTER: Duration = Duration::from_secs(60);

/// Remove the temporary files (`.{name}.{marker}-{pid}.tmp`) a killed run
/// left in the directories the files `relative` (under `dir`) live in.
/// Returns how many were removed.
pub fn remove_stale_temporaries<'a>(
    dir: &Path,
    relative: impl Iterator<Item = &'a str>,
    marker: &str,
) -> io::Result<usize> {
    let directories: BTreeSet<PathBuf> =
        relative.filter_map(|file| dir.join(file).parent().map(Path::to_path_buf)).collect();
    let infix = format!(".{marker}-");
    let mut removed = 0;
    for directory in directories {
        let Ok(entries) = std::fs::read_dir(&directory) else { continue };
        for entry in entries.flatten() {
            let name = entry.file_name();
            let name = name.to_string_lossy();
            let ours = name.starts_with('.') && name.ends_with(".tmp") && name.contains(&infix);
            let age = entry.metadata().and_then(|m| m.modified()).ok().and_then(|t| t.elapsed().ok());
            if ours && age.is_some_and(|age| age >= STALE_AFTER) {
                std::fs::remove_file(entry.path())?;
                removed += 1;
            }
        }
    }
    Ok(removed)
}

/// Write to a temporary sibling, then rename over `path`.
pub fn write_atomically(path: &Path, contents: &[u8]) -> io::Result<()> {
    let parent = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent)?;
    let file_name = path.file_name().and_then(|n| n.to_str()).unwrap_or("file");
    let temporary = parent.join(format!(".{file_name}.codegen-{}.tmp", std::process::id()));
    let result = (|| {
        let mut file = std::fs::File::create(&temporary)?;
        file.write_all(contents)?;
        file.sync_all()?;
        std::fs::rename(&temporary, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&temporary);
    }
    result
}
