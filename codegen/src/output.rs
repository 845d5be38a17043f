//! Writing a generated crate to disk: the one part of this library that
//! touches the file system, kept apart from the pure [`crate::generate`].
//!
//! Files are compared with what is on disk; only changed files are written,
//! each to a temporary file in the same directory and then renamed over the
//! old one, so a reader never sees a half-written file and an unchanged file
//! keeps its modification time. Generation happens entirely in memory first,
//! so a run that fails leaves the output untouched.

use std::fmt;
use std::io::{self, Write};
use std::path::Path;

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
