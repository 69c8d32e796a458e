//! The file-system contract: every file warraq writes or deletes goes
//! through this module.
//!
//! - A regular file is replaced all at once ([`replace`]): a failed or killed
//!   run never leaves a partial file or a stray temporary file.
//! - A character device, a FIFO or a socket is written straight to.
//! - A symbolic link is written through, to the file it points at.
//! - A new file gets `0666 & !umask`; a replaced file keeps its mode; a
//!   read-only file is refused unless the caller says to replace it.
//! - Inside an output directory ([`OutDir`]) only plain names are used
//!   ([`names`]), so nothing lands, or is deleted, outside it.

pub(crate) mod names;
pub(crate) mod replace;

use anyhow::{Context, Result, bail};
use sha2::{Digest, Sha256};
use std::io::Write;
use std::path::{Path, PathBuf};

/// How [`write`] treats an existing read-only file.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct WriteOptions {
    /// Replace a read-only file (keeping its mode) instead of refusing.
    pub replace_read_only: bool,
}

/// Writes `bytes` to `path` as the contract above says.
pub fn write(path: &Path, bytes: &[u8], options: WriteOptions) -> Result<()> {
    let fail = || format!("{}: cannot write output", path.display());
    let metadata = match std::fs::metadata(path) {
        Ok(metadata) => Some(metadata),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => None,
        Err(error) => return Err(error).with_context(fail),
    };
    match metadata {
        Some(metadata) if metadata.is_dir() => bail!("{}: cannot write output: is a directory", path.display()),
        Some(metadata) if !metadata.is_file() => {
            // A device, a FIFO or a socket (also behind a link such as
            // /dev/stdout): no rename can stand in for it.
            let mut file = std::fs::OpenOptions::new().write(true).open(path).with_context(fail)?;
            file.write_all(bytes).and_then(|()| file.flush()).with_context(fail)
        }
        Some(metadata) => {
            if metadata.permissions().readonly() && !options.replace_read_only {
                bail!("{}: the output is read-only; refusing to replace it (--force replaces it)", path.display());
            }
            replace::replace(&through_links(path)?, bytes, kept_mode(&metadata))
        }
        None => replace::replace(&through_links(path)?, bytes, None),
    }
}

/// Writes `bytes` to `path`, refusing to replace a read-only file.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    write(path, bytes, WriteOptions::default())
}

#[cfg(unix)]
fn kept_mode(metadata: &std::fs::Metadata) -> Option<u32> {
    use std::os::unix::fs::PermissionsExt;
    Some(metadata.permissions().mode() & 0o7777)
}

#[cfg(not(unix))]
fn kept_mode(_metadata: &std::fs::Metadata) -> Option<u32> {
    None
}

/// The file a path finally names, following symbolic links (a dangling link
/// names the file it would create).
fn through_links(path: &Path) -> Result<PathBuf> {
    let mut current = path.to_path_buf();
    for _ in 0..40 {
        match std::fs::symlink_metadata(&current) {
            Ok(metadata) if metadata.file_type().is_symlink() => {
                let link = std::fs::read_link(&current)
                    .with_context(|| format!("{}: cannot read the link", current.display()))?;
                current = match current.parent() {
                    Some(parent) if link.is_relative() => parent.join(link),
                    _ => link,
                };
            }
            _ => return Ok(current),
        }
    }
    bail!("{}: too many levels of symbolic links", path.display())
}

/// True when both paths name the same existing file (through links too).
pub fn same_file(a: &Path, b: &Path) -> bool {
    matches!((file_identity(a), file_identity(b)), (Some(x), Some(y)) if x == y)
}

/// What makes an existing file itself, whatever path names it (device and
/// inode on Unix); `None` when it does not exist.
#[cfg(unix)]
pub fn file_identity(path: &Path) -> Option<(u64, u64)> {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata(path).ok().map(|m| (m.dev(), m.ino()))
}

/// What makes an existing file itself, whatever path names it; `None` when
/// it does not exist.
#[cfg(not(unix))]
pub fn file_identity(path: &Path) -> Option<PathBuf> {
    std::fs::canonicalize(path).ok()
}

/// Size and SHA-256 of a file's bytes: how warraq recognises a file it wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fingerprint {
    /// Length in bytes.
    pub size: u64,
    /// SHA-256, lower-case hex.
    pub sha256: String,
}

impl Fingerprint {
    /// The fingerprint of `bytes`.
    pub fn of(bytes: &[u8]) -> Fingerprint {
        Fingerprint { size: bytes.len() as u64, sha256: hex(&Sha256::digest(bytes)) }
    }
}

/// Lower-case hex of `bytes`.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// An output directory: the only place a build writes, and the only place it
/// deletes from. Every path in it is made from a plain name.
#[derive(Debug, Clone)]
pub struct OutDir {
    root: PathBuf,
}

impl OutDir {
    /// The directory, created if needed.
    pub fn create(root: &Path) -> Result<OutDir> {
        std::fs::create_dir_all(root)
            .with_context(|| format!("{}: cannot create the output directory", root.display()))?;
        Ok(OutDir { root: root.to_path_buf() })
    }

    /// The directory itself.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The path of `name` inside the directory; refused unless `name` is plain.
    pub fn path(&self, name: &str) -> Result<PathBuf> {
        match names::plain_name_problem(name) {
            None => Ok(self.root.join(name)),
            Some(problem) => bail!("{}: refusing the output name {name:?}: it {problem}", self.root.display()),
        }
    }

    /// The path of one of warraq's own files in the directory (the build
    /// state, its lock): always a `.warraq-` name, never an output's.
    pub fn own_file(&self, name: &str) -> Result<PathBuf> {
        let plain = name.strip_prefix('.').is_some_and(|rest| names::plain_name_problem(rest).is_none());
        if !(plain && name.starts_with(".warraq-")) {
            bail!("{}: {name:?} is not a name warraq keeps for itself", self.root.display());
        }
        Ok(self.root.join(name))
    }

    /// Whether `name` holds exactly the bytes `expected` describes.
    pub fn matches(&self, name: &str, expected: &Fingerprint) -> bool {
        let Ok(path) = self.path(name) else { return false };
        match std::fs::symlink_metadata(&path) {
            Ok(metadata) if metadata.is_file() && metadata.len() == expected.size => {
                std::fs::read(&path).is_ok_and(|bytes| Fingerprint::of(&bytes) == *expected)
            }
            _ => false,
        }
    }

    /// Removes `name` if it still holds what warraq wrote there; returns a
    /// warning when it was left alone because it did not.
    pub fn remove_if_unchanged(&self, name: &str, expected: &Fingerprint) -> Option<String> {
        let path = self.path(name).ok()?;
        if std::fs::symlink_metadata(&path).is_err() {
            return None;
        }
        if !self.matches(name, expected) {
            return Some(format!("{}: left in place: it changed since warraq wrote it", path.display()));
        }
        std::fs::remove_file(&path).err().map(|error| format!("{}: cannot remove: {error}", path.display()))
    }
}
