//! What earlier builds in an output directory made from what, so a rebuild
//! can skip parts whose input, options and warraq version are unchanged and
//! whose outputs still hold what was written. Kept as `.warraq-build.json`
//! in the output directory, one section per series, so several series can
//! share a directory; `.warraq-build.lock` keeps concurrent builds apart.
//!
//! This module owns every key: the series key, the part key, the options key
//! and the content keys of parts and the omnibus.

use crate::output::{Fingerprint, OutDir, hex, names::plain_name_problem};
use anyhow::{Context, Result};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::path::Path;

/// File name of the state inside the output directory.
pub const STATE_FILE: &str = ".warraq-build.json";
/// File name of the lock inside the output directory.
pub const LOCK_FILE: &str = ".warraq-build.lock";
const VERSION: u32 = 2;

/// One output file as written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Output {
    /// Plain file name inside the output directory.
    pub name: String,
    /// Length in bytes.
    pub size: u64,
    /// SHA-256 of the bytes, lower-case hex.
    pub sha256: String,
}

impl Output {
    /// The recorded fingerprint.
    pub fn fingerprint(&self) -> Fingerprint {
        Fingerprint { size: self.size, sha256: self.sha256.clone() }
    }
}

/// One built thing (a part or the omnibus).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    /// Content key: everything the outputs depend on.
    pub key: String,
    /// The outputs written.
    pub outputs: Vec<Output>,
    /// Pages of the PDF, if one was made.
    pub pages: Option<usize>,
}

impl Entry {
    /// Whether this entry is for `key` and every output still holds what was written.
    pub fn is_current(&self, key: &str, out: &OutDir) -> bool {
        self.key == key && self.outputs.iter().all(|o| out.matches(&o.name, &o.fingerprint()))
    }
}

/// What the last build of one series left.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeriesState {
    /// Parts by part key.
    pub parts: BTreeMap<String, Entry>,
    /// The omnibus, if one was built.
    pub omnibus: Option<Entry>,
}

/// The state of an output directory: every series built there.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct State {
    /// Format version.
    pub version: u32,
    /// Series by series key.
    pub series: BTreeMap<String, SeriesState>,
}

impl State {
    /// Loads the state of `out`. A missing state is empty; one that does not
    /// parse or names anything but plain files is ignored, with a warning.
    pub fn load(out: &OutDir) -> (State, Option<String>) {
        let path = match out.own_file(STATE_FILE) {
            Ok(path) => path,
            Err(error) => return (State::empty(), Some(format!("{error:#}"))),
        };
        let bytes = match std::fs::read(&path) {
            Ok(bytes) => bytes,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => return (State::empty(), None),
            Err(error) => return (State::empty(), Some(format!("{}: ignored: {error}", path.display()))),
        };
        let state = serde_json::from_slice::<State>(&bytes)
            .map_err(|e| e.to_string())
            .and_then(|state| state.problem().map_or(Ok(state), Err));
        match state {
            Ok(state) => (state, None),
            Err(problem) => {
                (State::empty(), Some(format!("{}: ignored, everything is rebuilt: {problem}", path.display())))
            }
        }
    }

    fn empty() -> State {
        State { version: VERSION, series: BTreeMap::new() }
    }

    /// What makes this state untrustworthy, if anything.
    fn problem(&self) -> Option<String> {
        if self.version != VERSION {
            return Some(format!("version {} (this warraq writes {VERSION})", self.version));
        }
        let entries = self.series.values().flat_map(|s| s.parts.values().chain(s.omnibus.as_ref()));
        for output in entries.flat_map(|e| &e.outputs) {
            if let Some(problem) = plain_name_problem(&output.name) {
                return Some(format!("the output name {:?} {problem}", output.name));
            }
            if output.sha256.len() != 64 || !output.sha256.bytes().all(|b| b.is_ascii_hexdigit()) {
                return Some(format!("the hash of {:?} is not a SHA-256", output.name));
            }
        }
        None
    }

    /// Saves the state (atomically).
    pub fn save(&self, out: &OutDir) -> Result<()> {
        let mut bytes = serde_json::to_vec_pretty(self)?;
        bytes.push(b'\n');
        crate::output::write(&out.own_file(STATE_FILE)?, &bytes, crate::output::WriteOptions::default())
    }
}

/// An exclusive lock on an output directory, held while a build runs there.
#[derive(Debug)]
pub struct Lock(#[allow(dead_code)] std::fs::File);

impl Lock {
    /// Waits for, then takes, the lock of `out`.
    pub fn take(out: &OutDir) -> Result<Lock> {
        let path = out.own_file(LOCK_FILE)?;
        let file = std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .with_context(|| format!("{}: cannot open the lock", path.display()))?;
        file.lock().with_context(|| format!("{}: cannot take the lock", path.display()))?;
        Ok(Lock(file))
    }
}

/// The key of a series in the state: its manifest's path, else its slug.
pub fn series_key(manifest: Option<&Path>, slug: &str) -> String {
    match manifest {
        Some(path) => format!("manifest:{}", absolute(path)),
        None => format!("series:{slug}"),
    }
}

/// The key of a part in its series: the input's absolute path.
pub fn part_key(input: &Path) -> String {
    absolute(input)
}

fn absolute(path: &Path) -> String {
    std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf()).display().to_string()
}

/// Hash of everything outputs depend on besides the input bytes: version,
/// formats, fonts, paper, date, and the metadata stated for every part.
pub fn options_key(parts: &[&str]) -> String {
    let mut hasher = Sha256::new();
    hasher.update(env!("CARGO_PKG_VERSION"));
    for part in parts {
        hasher.update(part.len().to_le_bytes());
        hasher.update(part);
    }
    hex(&hasher.finalize())
}

/// Content key of a part: its bytes, the options and its output stem.
pub fn part_content_key(bytes_hash: &str, options_key: &str, stem: &str) -> String {
    hex(&Sha256::digest(format!("{bytes_hash}|{options_key}|{stem}")))
}

/// Content key of the omnibus: the options and every part that goes in it.
pub fn omnibus_content_key<'a>(
    options_key: &str,
    stem: &str,
    parts: impl Iterator<Item = (&'a Path, &'a str)>,
) -> String {
    let mut hasher = Sha256::new();
    hasher.update(format!("{options_key}|{stem}"));
    for (input, bytes_hash) in parts {
        hasher.update(format!("{}|{bytes_hash};", input.display()));
    }
    hex(&hasher.finalize())
}
