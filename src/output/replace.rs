//! Replacing a regular file all at once. The bytes go to a temporary file in
//! the target's directory, which is renamed over the target only when it is
//! complete.
//!
//! On Linux the temporary file is unnamed (`O_TMPFILE`) until the moment it
//! is linked under a `.warraq-*.part` name and renamed into place, so even
//! SIGKILL leaves nothing behind. Elsewhere (or on a file system without
//! `O_TMPFILE`) it is a named `.warraq-*.part` file: SIGINT and SIGTERM
//! remove it before warraq exits, and a later write into the same directory
//! removes any such file older than ten minutes.

use anyhow::{Context, Result};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, SystemTime};

/// Prefix and suffix of every temporary file warraq makes.
pub const TEMPORARY_PREFIX: &str = ".warraq-";
/// See [`TEMPORARY_PREFIX`].
pub const TEMPORARY_SUFFIX: &str = ".part";
/// Age after which a leftover temporary file is taken to be abandoned.
pub const STALE_AFTER: Duration = Duration::from_secs(600);

/// Writes `bytes` to the regular file `target` (which may not exist yet) by
/// temporary file and rename. `mode` is the mode to keep (Unix permission
/// bits); `None` gives a new file `0666 & !umask`.
pub fn replace(target: &Path, bytes: &[u8], mode: Option<u32>) -> Result<()> {
    let directory = match target.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    remove_stale(directory);
    let fail = || format!("{}: cannot write output", target.display());
    #[cfg(target_os = "linux")]
    if let Some(result) = unnamed::replace(directory, target, bytes, mode) {
        return result.with_context(fail);
    }
    named(directory, target, bytes, mode).with_context(fail)
}

/// The portable way: a named temporary file, removed on SIGINT and SIGTERM.
fn named(directory: &Path, target: &Path, bytes: &[u8], mode: Option<u32>) -> Result<()> {
    let mut builder = tempfile::Builder::new();
    builder.prefix(TEMPORARY_PREFIX).suffix(TEMPORARY_SUFFIX);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let mut temporary = builder.tempfile_in(directory)?;
    let _guard = Pending::register(temporary.path());
    temporary.write_all(bytes)?;
    set_mode(temporary.as_file(), mode)?;
    temporary.persist(target).map_err(|error| error.error)?;
    Ok(())
}

#[cfg(unix)]
fn set_mode(file: &std::fs::File, mode: Option<u32>) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    match mode {
        Some(mode) => file.set_permissions(std::fs::Permissions::from_mode(mode)),
        None => Ok(()),
    }
}

#[cfg(not(unix))]
fn set_mode(_file: &std::fs::File, _mode: Option<u32>) -> std::io::Result<()> {
    Ok(())
}

#[cfg(target_os = "linux")]
mod unnamed {
    //! `O_TMPFILE`: a file with no name until it is complete.

    use super::{Pending, TEMPORARY_PREFIX, TEMPORARY_SUFFIX, set_mode};
    use anyhow::Result;
    use rustix::fs::{AtFlags, CWD, Mode, OFlags, linkat, openat};
    use std::io::Write;
    use std::os::fd::AsRawFd;
    use std::path::Path;

    /// `None` when this directory cannot hold an unnamed file (then the
    /// caller falls back to a named one); otherwise the outcome.
    pub fn replace(directory: &Path, target: &Path, bytes: &[u8], mode: Option<u32>) -> Option<Result<()>> {
        let directory_handle = std::fs::File::open(directory).ok()?;
        let flags = OFlags::WRONLY | OFlags::TMPFILE | OFlags::CLOEXEC;
        let descriptor = openat(&directory_handle, ".", flags, Mode::from_bits_truncate(0o666)).ok()?;
        let mut file = std::fs::File::from(descriptor);
        let proc_path = format!("/proc/self/fd/{}", file.as_raw_fd());
        if !Path::new(&proc_path).exists() {
            return None;
        }
        Some((|| {
            file.write_all(bytes)?;
            set_mode(&file, mode)?;
            let name = format!("{TEMPORARY_PREFIX}{}{TEMPORARY_SUFFIX}", unique());
            let named = directory.join(&name);
            let _guard = Pending::register(&named);
            linkat(CWD, proc_path.as_str(), &directory_handle, name.as_str(), AtFlags::SYMLINK_FOLLOW)?;
            if let Err(error) = std::fs::rename(&named, target) {
                let _ = std::fs::remove_file(&named);
                return Err(error.into());
            }
            Ok(())
        })())
    }

    fn unique() -> String {
        use std::sync::atomic::{AtomicU64, Ordering};
        static COUNTER: AtomicU64 = AtomicU64::new(0);
        let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.subsec_nanos());
        format!("{}-{}-{nanos:08x}", std::process::id(), COUNTER.fetch_add(1, Ordering::Relaxed))
    }
}

/// Removes `.warraq-*.part` files in `directory` older than [`STALE_AFTER`]:
/// what a killed run left behind. Best effort, and once per directory per
/// process, so a build of thousands of parts lists its directory once.
pub fn remove_stale(directory: &Path) {
    static SWEPT: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());
    if let Ok(mut swept) = SWEPT.lock() {
        if swept.iter().any(|d| d == directory) {
            return;
        }
        swept.push(directory.to_path_buf());
    }
    let Ok(entries) = std::fs::read_dir(directory) else { return };
    let now = SystemTime::now();
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        if !(name.starts_with(TEMPORARY_PREFIX) && name.ends_with(TEMPORARY_SUFFIX)) {
            continue;
        }
        let Ok(metadata) = entry.metadata() else { continue };
        let old =
            metadata.modified().ok().and_then(|m| now.duration_since(m).ok()).is_some_and(|age| age > STALE_AFTER);
        if metadata.is_file() && old {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// Named temporary files that exist right now, removed if SIGINT or SIGTERM
/// arrives. This is the one piece of process-wide state: a signal handler
/// has nowhere else to look.
static PENDING: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// A registered temporary file; unregistered when dropped.
struct Pending(PathBuf);

impl Pending {
    fn register(path: &Path) -> Pending {
        install_signal_cleanup();
        if let Ok(mut pending) = PENDING.lock() {
            pending.push(path.to_path_buf());
        }
        Pending(path.to_path_buf())
    }
}

impl Drop for Pending {
    fn drop(&mut self) {
        if let Ok(mut pending) = PENDING.lock()
            && let Some(index) = pending.iter().position(|p| *p == self.0)
        {
            pending.swap_remove(index);
        }
    }
}

#[cfg(unix)]
fn install_signal_cleanup() {
    use signal_hook::consts::{SIGINT, SIGTERM};
    static INSTALLED: std::sync::Once = std::sync::Once::new();
    INSTALLED.call_once(|| {
        let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM]) else { return };
        std::thread::spawn(move || {
            if let Some(signal) = signals.forever().next() {
                if let Ok(pending) = PENDING.lock() {
                    for path in pending.iter() {
                        let _ = std::fs::remove_file(path);
                    }
                }
                std::process::exit(128 + signal);
            }
        });
    });
}

#[cfg(not(unix))]
fn install_signal_cleanup() {}
