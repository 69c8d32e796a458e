//! The faces books are set in: Amiri by default, embedded in the binary, or
//! TTF/OTF files the user names.
//!
//! Font bytes live for the whole process (`&'static`): the embedded faces are
//! in the binary, and a face read from disk is loaded once and kept, so the
//! parsed faces built on them can be shared by every part of a series.

use anyhow::{Context, Result};
use std::path::Path;
use std::sync::{Arc, OnceLock};

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
    pub bytes: &'static [u8],
}

/// The regular and bold faces of one family.
#[derive(Debug, Clone)]
pub struct FontSet {
    /// Body text.
    pub regular: FontFile,
    /// Headings and the title.
    pub bold: FontFile,
    /// The faces parsed for shaping, built on first use and then shared.
    parsed: OnceLock<Result<Arc<Typefaces>, String>>,
}

/// A parsed face: what shaping and the PDF writer need to know about it.
pub struct Typeface {
    /// The file it was parsed from.
    pub file: FontFile,
    /// The face, ready for rustybuzz (and, through it, ttf-parser).
    pub face: rustybuzz::Face<'static>,
    /// Font units per em.
    pub units_per_em: f32,
}

impl std::fmt::Debug for Typeface {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Typeface").field("file", &self.file.file_name).finish()
    }
}

impl Typeface {
    fn parse(file: &FontFile) -> Result<Typeface, String> {
        let face = rustybuzz::Face::from_slice(file.bytes, 0)
            .ok_or_else(|| format!("{}: the font cannot be parsed for shaping", file.file_name))?;
        let units_per_em = face.units_per_em() as f32;
        Ok(Typeface { file: file.clone(), face, units_per_em })
    }

    /// Converts font units to points at `size`.
    pub fn to_points(&self, units: f32, size: f32) -> f32 {
        units * size / self.units_per_em
    }

    /// The PostScript name, for the PDF font dictionary.
    pub fn postscript_name(&self) -> String {
        self.face
            .names()
            .into_iter()
            .find(|name| name.name_id == ttf_parser::name_id::POST_SCRIPT_NAME)
            .and_then(|name| name.to_string())
            .unwrap_or_else(|| self.file.family.replace(' ', ""))
    }
}

/// Both faces, parsed.
#[derive(Debug)]
pub struct Typefaces {
    /// Body text.
    pub regular: Typeface,
    /// Headings.
    pub bold: Typeface,
}

impl Default for FontSet {
    fn default() -> Self {
        FontSet {
            regular: FontFile { family: "Amiri".into(), file_name: "Amiri-Regular.ttf".into(), bytes: AMIRI_REGULAR },
            bold: FontFile { family: "Amiri".into(), file_name: "Amiri-Bold.ttf".into(), bytes: AMIRI_BOLD },
            parsed: OnceLock::new(),
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
        if regular.is_some() || bold.is_some() {
            set.typefaces()?; // refuse a file rustybuzz cannot use now, not halfway through a build
        }
        Ok(set)
    }

    /// The faces parsed for shaping: parsed once, on first use, then shared.
    pub fn typefaces(&self) -> Result<Arc<Typefaces>> {
        let parsed = self.parsed.get_or_init(|| {
            Ok(Arc::new(Typefaces { regular: Typeface::parse(&self.regular)?, bold: Typeface::parse(&self.bold)? }))
        });
        parsed.clone().map_err(|message| anyhow::anyhow!(message))
    }
}

fn load(path: &Path) -> Result<FontFile> {
    let bytes = std::fs::read(path).with_context(|| format!("{}: cannot read font", path.display()))?;
    let face = ttf_parser::Face::parse(&bytes, 0)
        .map_err(|error| anyhow::anyhow!("{}: not a TrueType/OpenType font ({error})", path.display()))?;
    let family = face
        .names()
        .into_iter()
        .find(|name| name.name_id == ttf_parser::name_id::FAMILY && name.is_unicode())
        .and_then(|name| name.to_string())
        .unwrap_or_else(|| path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default());
    let extension = path.extension().map(|e| e.to_string_lossy().to_lowercase()).unwrap_or_else(|| "ttf".into());
    let stem: String = family.chars().filter(|c| c.is_ascii_alphanumeric()).collect();
    let weight = if face.is_bold() { "Bold" } else { "Regular" };
    let file_name = format!("{stem}-{weight}.{extension}");
    Ok(FontFile { family, file_name, bytes: Box::leak(bytes.into_boxed_slice()) })
}
