//! Writing results without ever leaving a half-written or clobbered file.
//!
//! Bytes go to a temporary file in the target directory, which is renamed
//! over the target only once everything is written. A failed run leaves the
//! directory as it found it.

use anyhow::{Context, Result};
use std::io::Write;
use std::path::Path;

/// Writes `bytes` to `path` atomically (temporary file + rename).
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    let directory = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let fail = || format!("{}: cannot write output", path.display());
    let mut temporary =
        tempfile::Builder::new().prefix(".warraq-").suffix(".part").tempfile_in(directory).with_context(fail)?;
    temporary.write_all(bytes).with_context(fail)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(temporary.path(), std::fs::Permissions::from_mode(0o644)).with_context(fail)?;
    }
    temporary.persist(path).map_err(|error| error.error).with_context(fail)?;
    Ok(())
}

/// True when both paths name the same existing file.
pub fn same_file(a: &Path, b: &Path) -> bool {
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}
