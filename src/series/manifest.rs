//! `series.toml`: a series described by hand, parts in reading order.
//!
//! ```toml
//! title = "رحلة الورق من سمرقند إلى بغداد"   # series title (omnibus title page, running heads)
//! author = "سلمى الحداد"                      # optional: author of every part
//! language = "ar"                            # optional: BCP 47 tag, sets the direction
//! slug = "paper-road"                        # optional: output file names (default: from the title)
//! paper = "a5"                               # optional: a4, a5, letter or WIDTHxHEIGHT in mm
//! justify = "kashida"                        # optional: kashida (default) or spaces
//! font = "fonts/MyFace-Regular.ttf"          # optional, relative to this file
//! font_bold = "fonts/MyFace-Bold.ttf"        # optional, relative to this file
//! parts = ["01-samarkand.txt", "02-baghdad-market.txt"]   # relative to this file, in order
//! ```

use crate::output::names::{MAX_STEM_BYTES, plain_name_problem};
use anyhow::{Context, Result, bail};
use serde::Deserialize;
use std::path::{Path, PathBuf};

/// A parsed manifest, with paths made relative to the working directory.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Manifest {
    /// Series title.
    pub title: Option<String>,
    /// Author of every part.
    pub author: Option<String>,
    /// Language tag.
    pub language: Option<String>,
    /// File-name stem for outputs.
    pub slug: Option<String>,
    /// Paper size for PDF.
    pub paper: Option<String>,
    /// How PDF fills justified Arabic lines: "kashida" or "spaces".
    pub justify: Option<String>,
    /// Regular face.
    pub font: Option<PathBuf>,
    /// Bold face.
    pub font_bold: Option<PathBuf>,
    /// The parts, in reading order.
    pub parts: Vec<PathBuf>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    title: Option<String>,
    author: Option<String>,
    language: Option<String>,
    slug: Option<String>,
    paper: Option<String>,
    justify: Option<String>,
    font: Option<PathBuf>,
    font_bold: Option<PathBuf>,
    parts: Vec<PathBuf>,
}

/// Reads and checks a manifest.
pub fn read_manifest(path: &Path) -> Result<Manifest> {
    let text = std::fs::read_to_string(path).with_context(|| format!("{}: cannot read", path.display()))?;
    let raw: Raw = toml::from_str(&text).map_err(|error| {
        let line = error.span().map(|span| 1 + text[..span.start].matches('\n').count());
        let message = error.message().to_string();
        match line {
            Some(line) => anyhow::anyhow!("{}:{line}: {message}", path.display()),
            None => anyhow::anyhow!("{}: {message}", path.display()),
        }
    })?;
    if raw.parts.is_empty() {
        bail!("{}: `parts` lists no files", path.display());
    }
    if let Some(slug) = &raw.slug {
        let problem = plain_name_problem(slug)
            .or((slug.len() > MAX_STEM_BYTES).then_some("is longer than 200 bytes"))
            .or((slug.trim() != slug).then_some("has spaces around it"));
        if let Some(problem) = problem {
            bail!(
                "{}: `slug` {slug:?} {problem}; it names files inside --out, so it must be a plain name",
                path.display()
            );
        }
    }
    let base = path.parent().unwrap_or(Path::new(""));
    let resolve = |p: PathBuf| if p.is_absolute() { p } else { base.join(p) };
    Ok(Manifest {
        title: raw.title,
        author: raw.author,
        language: raw.language,
        slug: raw.slug,
        paper: raw.paper,
        justify: raw.justify,
        font: raw.font.map(resolve),
        font_bold: raw.font_bold.map(resolve),
        parts: raw.parts.into_iter().map(resolve).collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_keys_are_errors_with_a_line() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("series.toml");
        std::fs::write(&path, "title = \"t\"\nchapters = []\nparts = [\"a.txt\"]\n").unwrap();
        let error = read_manifest(&path).unwrap_err().to_string();
        assert!(error.contains("series.toml:2:"), "{error}");
    }

    #[test]
    fn a_slug_that_is_not_a_plain_name_is_refused_naming_the_key() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("series.toml");
        for slug in ["../../escaped", "/tmp/x", "", ".", "a\\tb", "a/b"] {
            std::fs::write(&path, format!("slug = \"{slug}\"\nparts = [\"a.txt\"]\n")).unwrap();
            let error = read_manifest(&path).unwrap_err().to_string();
            assert!(error.contains("`slug`"), "{slug}: {error}");
        }
    }

    #[test]
    fn parts_are_relative_to_the_manifest() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("series.toml");
        std::fs::write(&path, "parts = [\"b.txt\", \"a.txt\"]\n").unwrap();
        let manifest = read_manifest(&path).unwrap();
        assert_eq!(manifest.parts, vec![dir.path().join("b.txt"), dir.path().join("a.txt")]);
    }
}
