//! What the last build in an output directory made from what, so a rebuild
//! can skip parts whose input bytes, options and warraq version are unchanged.
//! Kept as `.warraq-build.json` in the output directory.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;

/// File name of the state inside the output directory.
pub const STATE_FILE: &str = ".warraq-build.json";

/// One built thing (a part or the omnibus).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    /// Hash of everything the outputs depend on.
    pub key: String,
    /// Output file names inside the directory.
    pub outputs: Vec<String>,
    /// Pages of the PDF, if one was made.
    pub pages: Option<usize>,
}

/// The state of an output directory.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct State {
    /// Parts by input path.
    pub parts: BTreeMap<String, Entry>,
    /// The omnibus, if one was built.
    pub omnibus: Option<Entry>,
}

impl State {
    /// Loads the state of `directory`; a missing or unreadable state is empty.
    pub fn load(directory: &Path) -> State {
        std::fs::read(directory.join(STATE_FILE))
            .ok()
            .and_then(|bytes| serde_json::from_slice(&bytes).ok())
            .unwrap_or_default()
    }

    /// Whether `entry` in this state is up to date for `key` with its outputs present.
    pub fn is_current(entry: Option<&Entry>, key: &str, directory: &Path) -> bool {
        entry.is_some_and(|e| e.key == key && e.outputs.iter().all(|o| directory.join(o).exists()))
    }

    /// Saves the state (atomically).
    pub fn save(&self, directory: &Path) -> anyhow::Result<()> {
        let mut bytes = serde_json::to_vec_pretty(self)?;
        bytes.push(b'\n');
        crate::output::write_atomically(&directory.join(STATE_FILE), &bytes)
    }
}
