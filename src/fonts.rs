//! The faces books are set in: Amiri by default, embedded in the binary, or
//! TTF/OTF files the user names.

use anyhow::{Context, Result};
use std::path::Path;
use std::sync::Arc;

/// Amiri Regular (SIL OFL 1.1, see fonts/OFL.txt).
pub const AMIRI_REGULAR: &[u8] = include_bytes!("../fonts/Amiri-Regular.ttf");
/// Amiri Bold (SIL OFL 1.1, see fonts/OFL.txt).
pub const AMIRI_BOLD: &[u8] = include_bytes!("../fonts/Amiri-Bold.ttf");

/// One font file, as bytes, with the name books refer to it by.
#[derive(Debug, Clone)]
pub struct FontFile {
    /// Family name used in CSS and PDF font names, e.g. "Amiri".
    pub family: String,
    /// File name inside an EPUB, e.g. "Amiri-Regular.ttf".
    pub file_name: String,
    /// The font program.
    pub bytes: Arc<[u8]>,
}

/// The regular and bold faces of one family.
#[derive(Debug, Clone)]
pub struct FontSet {
    /// Body text.
    pub regular: FontFile,
    /// Headings and the title.
    pub bold: FontFile,
}

impl Default for FontSet {
    fn default() -> Self {
        FontSet {
            regular: FontFile {
                family: "Amiri".into(),
                file_name: "Amiri-Regular.ttf".into(),
                bytes: Arc::from(AMIRI_REGULAR),
            },
            bold: FontFile {
                family: "Amiri".into(),
                file_name: "Amiri-Bold.ttf".into(),
                bytes: Arc::from(AMIRI_BOLD),
            },
        }
    }
}

impl FontSet {
    /// The default set, with the faces the user named in place of Amiri's.
    /// A regular face without a bold one serves for both.
    pub fn with_files(regular: Option<&Path>, bold: Option<&Path>) -> Result<FontSet> {
        let mut set = FontSet::default();
        if let Some(path) = regular {
            set.regular = load(path)?;
            set.bold = set.regular.clone();
        }
        if let Some(path) = bold {
            set.bold = load(path)?;
        }
        Ok(set)
    }
}

fn load(path: &Path) -> Result<FontFile> {
    let bytes =
        std::fs::read(path).with_context(|| format!("{}: cannot read font", path.display()))?;
    let face = ttf_parser::Face::parse(&bytes, 0).map_err(|error| {
        anyhow::anyhow!("{}: not a TrueType/OpenType font ({error})", path.display())
    })?;
    let family = face
        .names()
        .into_iter()
        .find(|name| name.name_id == ttf_parser::name_id::FAMILY && name.is_unicode())
        .and_then(|name| name.to_string())
        .unwrap_or_else(|| {
            path.file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default()
        });
    let extension = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_else(|| "ttf".into());
    let stem: String = family
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect();
    let weight = if face.is_bold() { "Bold" } else { "Regular" };
    Ok(FontFile {
        family,
        file_name: format!("{stem}-{weight}.{extension}"),
        bytes: Arc::from(bytes),
    })
}
