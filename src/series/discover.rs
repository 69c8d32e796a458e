//! From what the user named (text files, directories of .txt and .md files, or one
//! series.toml) to the list of part files. File names must be UTF-8 (outputs
//! are named after them), and no file may be listed twice.

use super::manifest::{Manifest, read_manifest};
use super::order;
use anyhow::{Context, Result, bail};
use std::path::PathBuf;

/// The parts found, with the manifest that listed them, if any.
#[derive(Debug, Clone, Default)]
pub struct Discovery {
    /// The manifest (empty when none was given).
    pub manifest: Manifest,
    /// The manifest's path, when one was given.
    pub manifest_path: Option<PathBuf>,
    /// The part files, in the order found.
    pub parts: Vec<PathBuf>,
}

/// Finds the parts `inputs` name.
pub fn discover(inputs: &[PathBuf]) -> Result<Discovery> {
    if inputs.is_empty() {
        bail!("no inputs: name text files, a directory, or a series.toml");
    }
    let manifests: Vec<&PathBuf> = inputs.iter().filter(|p| p.extension().is_some_and(|e| e == "toml")).collect();
    let discovery = if let Some(path) = manifests.first() {
        if inputs.len() > 1 {
            bail!("{}: a series.toml lists the parts itself; give it alone", path.display());
        }
        let manifest = read_manifest(path)?;
        let parts = manifest.parts.clone();
        Discovery { manifest, manifest_path: Some(path.to_path_buf()), parts }
    } else {
        let mut files = Vec::new();
        for input in inputs {
            if input.is_dir() {
                let mut found: Vec<PathBuf> = std::fs::read_dir(input)
                    .with_context(|| format!("{}: cannot list the directory", input.display()))?
                    .filter_map(|entry| entry.ok().map(|e| e.path()))
                    .filter(|path| {
                        path.is_file() && path.extension().is_some_and(|e| e == "txt" || e == "md" || e == "markdown")
                    })
                    .collect();
                found.sort_by(|a, b| order::natural_cmp(&a.to_string_lossy(), &b.to_string_lossy()));
                if found.is_empty() {
                    bail!("{}: no .txt or .md files in this directory", input.display());
                }
                files.extend(found);
            } else {
                files.push(input.clone());
            }
        }
        Discovery { manifest: Manifest::default(), manifest_path: None, parts: files }
    };
    check_parts(&discovery.parts)?;
    Ok(discovery)
}

/// Refuses non-UTF-8 names and a file named twice (through links too).
fn check_parts(parts: &[PathBuf]) -> Result<()> {
    for part in parts {
        if part.to_str().is_none() {
            bail!("{}: the file name is not UTF-8; rename the file", part.display());
        }
    }
    let mut seen = std::collections::HashMap::new();
    for part in parts {
        let Some(identity) = crate::output::file_identity(part) else { continue };
        if let Some(earlier) = seen.insert(identity, part) {
            bail!("{} and {} are the same file, listed twice", earlier.display(), part.display());
        }
    }
    Ok(())
}
