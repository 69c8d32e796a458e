//! The faces books are set in: Amiri by default, embedded in the binary, or
//! TTF/OTF files the user names.
//!
//! Font bytes live for the whole process (`&'static`): the embedded faces are
//! in the binary, and a face read from disk is loaded once and kept, so the
//! parsed faces built on them can be shared by every part of a series.

use anyhow::Result;
use std::path::Path;
use std::sync::{Arc, OnceLock};

/// Amiri Regular (SIL OFL 1.1, see fonts/OFL.txt).
pub const AMIRI_REGULAR: &[u8] = include_bytes!("../fonts/Amiri-Regular.ttf");
/// Amiri Bold (SIL OFL 1.1, see fonts/OFL.txt).
pub const AMIRI_BOLD: &[u8] = include_bytes!("../fonts/Amiri-Bold.ttf");
/// Amiri Slanted, Amiri's face for Arabic emphasis (SIL OFL 1.1, see fonts/OFL.txt).
pub const AMIRI_SLANTED: &[u8] = include_bytes!("../fonts/Amiri-Slanted.ttf");
/// Amiri Bold Slanted (SIL OFL 1.1, see fonts/OFL.txt).
pub const AMIRI_BOLD_SLANTED: &[u8] = include_bytes!("../fonts/Amiri-BoldSlanted.ttf");
/// Liberation Mono Regular, for code (SIL OFL 1.1, see fonts/LiberationMono-LICENSE.txt).
pub const LIBERATION_MONO: &[u8] = include_bytes!("../fonts/LiberationMono-Regular.ttf");

/// The five faces a book is set in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Style {
    /// Body text.
    Regular,
    /// Headings and strong text.
    Bold,
    /// Emphasis.
    Slanted,
    /// Emphasis inside strong text (or strong inside emphasis).
    BoldSlanted,
    /// Code, always left to right.
    Mono,
}

impl Style {
    /// Every style, in the order fonts are listed in a book.
    pub const ALL: [Style; 5] = [Style::Regular, Style::Bold, Style::Slanted, Style::BoldSlanted, Style::Mono];

    /// The style of text under these spans: code wins, then bold and slant combine.
    pub fn of(bold: bool, slanted: bool, code: bool) -> Style {
        match (code, bold, slanted) {
            (true, _, _) => Style::Mono,
            (false, true, true) => Style::BoldSlanted,
            (false, true, false) => Style::Bold,
            (false, false, true) => Style::Slanted,
            (false, false, false) => Style::Regular,
        }
    }
}

/// One font file, as bytes, with the name books refer to it by.
#[derive(Debug, Clone)]
pub struct FontFile {
    /// Family name used in CSS and PDF font names, e.g. "Amiri".
    pub family: String,
    /// File name inside an EPUB, e.g. "Amiri-Regular.ttf".
    pub file_name: String,
    /// The font program.
    pub bytes: &'static [u8],
    /// One of the faces embedded in warraq (Amiri), not a file the user named.
    pub embedded: bool,
}

/// The faces of one family, and the face for code.
#[derive(Debug, Clone)]
pub struct FontSet {
    /// Body text.
    pub regular: FontFile,
    /// Headings, the title and strong text.
    pub bold: FontFile,
    /// Emphasis (the regular face when the user named a family without one).
    pub slanted: FontFile,
    /// Strong emphasis.
    pub bold_slanted: FontFile,
    /// Code.
    pub mono: FontFile,
    /// The faces parsed for shaping, built on first use and then shared.
    parsed: OnceLock<Result<Arc<Typefaces>, String>>,
}

/// A parsed face: what shaping and the PDF writer need to know about it.
pub struct Typeface {
    /// The file it was parsed from.
    pub file: FontFile,
    /// The face for metrics, outlines and names (ttf-parser).
    pub face: ttf_parser::Face<'static>,
    /// The same bytes for shaping (harfrust, on read-fonts).
    shaper: harfrust::Font,
    /// Font units per em.
    pub units_per_em: f32,
    /// Advance of one tatweel as shaped, in font units (found on first use).
    tatweel: OnceLock<f32>,
    /// Shape plans by direction, script and language, made once each: a plan
    /// costs about as much as shaping a word, and a book shapes thousands.
    plans: std::sync::Mutex<Vec<(PlanKey, Arc<harfrust::ShapePlan>)>>,
}

impl std::fmt::Debug for Typeface {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Typeface").field("file", &self.file.file_name).finish()
    }
}

impl Typeface {
    fn parse(file: &FontFile) -> Result<Typeface, String> {
        let cannot = || format!("{}: the font cannot be parsed for shaping", file.file_name);
        let face = ttf_parser::Face::parse(file.bytes, 0).map_err(|_| cannot())?;
        let shaper = harfrust::Font::new(file.bytes, 0).ok_or_else(cannot)?;
        let units_per_em = face.units_per_em() as f32;
        Ok(Typeface {
            file: file.clone(),
            face,
            shaper,
            units_per_em,
            tatweel: OnceLock::new(),
            plans: Default::default(),
        })
    }

    /// Converts font units to points at `size`.
    pub fn to_points(&self, units: f32, size: f32) -> f32 {
        units * size / self.units_per_em
    }

    /// Shapes `buffer` in place, with the plan for its direction, script and
    /// language (made once per face and key: a plan costs about as much as
    /// shaping a word, and a book shapes thousands).
    pub fn shape(&self, buffer: &mut harfrust::Buffer) {
        let key = (buffer.direction(), buffer.script(), buffer.language().cloned());
        let plan = {
            let mut plans = self.plans.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
            match plans.iter().find(|(known, _)| *known == key) {
                Some((_, plan)) => plan.clone(),
                None => {
                    let plan = Arc::new(harfrust::ShapePlan::new(&self.shaper, key.0, key.1, key.2.as_ref(), &[]));
                    plans.push((key, plan.clone()));
                    plan
                }
            }
        };
        let font = harfrust::ShaperFont::new(&self.shaper);
        // The plan was made for this buffer's own properties, so shaping
        // does not refuse it; were it to, the buffer is shaped without the
        // cache, and text still unshaped is drawn as missing glyphs rather
        // than as its code points taken for glyph ids.
        if harfrust::shape(&font, buffer, harfrust::ShapeOptions::new().plan(Some(&plan))).is_err()
            && harfrust::shape(&font, buffer, harfrust::ShapeOptions::new()).is_err()
        {
            buffer.glyph_infos_mut().iter_mut().for_each(|info| info.glyph_id = 0);
            buffer.glyph_positions_mut(); // zero advances, so every character still has its glyph
        }
    }

    /// Advance of one tatweel (U+0640) as shaping gives it, in font units; 0
    /// when the face has none. Shaped, not read from `hmtx`: Amiri's nominal
    /// tatweel glyph is empty and its substitute carries the width.
    pub fn tatweel_advance(&self) -> f32 {
        *self.tatweel.get_or_init(|| {
            let mut buffer = harfrust::Buffer::new();
            buffer.push_str("\u{0640}");
            buffer.set_direction(harfrust::Direction::RightToLeft);
            buffer.set_script(Some(harfrust::Script::ARABIC));
            self.shape(&mut buffer);
            let known = buffer.glyph_infos().iter().all(|info| info.glyph_id != 0);
            if known { buffer.glyph_positions().iter().map(|p| p.x_advance as f32).sum() } else { 0.0 }
        })
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

/// What a shape plan is made for: direction, script and language.
type PlanKey = (harfrust::Direction, Option<harfrust::Script>, Option<harfrust::Language>);

/// The faces, parsed. The regular and bold faces are parsed at once; the
/// slanted, bold slanted and mono faces on first use, since most books set
/// nothing in them (parsing a face costs about a third of a million
/// instructions, a measurable share of a whole essay).
#[derive(Debug)]
pub struct Typefaces {
    /// Body text.
    pub regular: Typeface,
    /// Headings and strong text.
    pub bold: Typeface,
    /// Slanted, bold slanted and mono, in that order: each file and its face once parsed.
    more: [(FontFile, OnceLock<Option<Typeface>>); 3],
}

impl Typefaces {
    /// The face for a style. A face that cannot be parsed (a user's file
    /// checked up front never fails here) gives way to the regular one.
    pub fn get(&self, style: Style) -> &Typeface {
        let index = match style {
            Style::Regular => return &self.regular,
            Style::Bold => return &self.bold,
            Style::Slanted => 0,
            Style::BoldSlanted => 1,
            Style::Mono => 2,
        };
        let (file, parsed) = &self.more[index];
        parsed.get_or_init(|| Typeface::parse(file).ok()).as_ref().unwrap_or(&self.regular)
    }
}

impl Default for FontSet {
    fn default() -> Self {
        FontSet {
            regular: FontFile {
                family: "Amiri".into(),
                file_name: "Amiri-Regular.ttf".into(),
                bytes: AMIRI_REGULAR,
                embedded: true,
            },
            bold: FontFile {
                family: "Amiri".into(),
                file_name: "Amiri-Bold.ttf".into(),
                bytes: AMIRI_BOLD,
                embedded: true,
            },
            slanted: FontFile {
                family: "Amiri".into(),
                file_name: "Amiri-Slanted.ttf".into(),
                bytes: AMIRI_SLANTED,
                embedded: true,
            },
            bold_slanted: FontFile {
                family: "Amiri".into(),
                file_name: "Amiri-BoldSlanted.ttf".into(),
                bytes: AMIRI_BOLD_SLANTED,
                embedded: true,
            },
            mono: FontFile {
                family: "Liberation Mono".into(),
                file_name: "LiberationMono-Regular.ttf".into(),
                bytes: LIBERATION_MONO,
                embedded: true,
            },
            parsed: OnceLock::new(),
        }
    }
}

impl FontSet {
    /// The default set, with the faces the user named in place of Amiri's.
    /// A regular face without a bold one serves for both; a family the user
    /// names has no slanted faces here, so its upright faces serve for them.
    pub fn with_files(regular: Option<&Path>, bold: Option<&Path>) -> Result<FontSet> {
        let mut set = FontSet::default();
        if let Some(path) = regular {
            set.regular = load(path)?;
            set.bold = set.regular.clone();
            set.slanted = set.regular.clone();
            set.bold_slanted = set.regular.clone();
        }
        if let Some(path) = bold {
            set.bold = load(path)?;
            set.bold_slanted = set.bold.clone();
        }
        if regular.is_some() || bold.is_some() {
            set.typefaces()?; // refuse a file shaping cannot use now, not halfway through a build
        }
        Ok(set)
    }

    /// The file for a style.
    pub fn file(&self, style: Style) -> &FontFile {
        match style {
            Style::Regular => &self.regular,
            Style::Bold => &self.bold,
            Style::Slanted => &self.slanted,
            Style::BoldSlanted => &self.bold_slanted,
            Style::Mono => &self.mono,
        }
    }

    /// The faces parsed for shaping: parsed once, on first use, then shared.
    pub fn typefaces(&self) -> Result<Arc<Typefaces>> {
        let parsed = self.parsed.get_or_init(|| {
            Ok(Arc::new(Typefaces {
                regular: Typeface::parse(&self.regular)?,
                bold: Typeface::parse(&self.bold)?,
                more: [&self.slanted, &self.bold_slanted, &self.mono].map(|file| (file.clone(), OnceLock::new())),
            }))
        });
        parsed.clone().map_err(|message| anyhow::anyhow!(message))
    }
}

fn load(path: &Path) -> Result<FontFile> {
    let limit = crate::size_limit("WARRAQ_MAX_FONT_MB", crate::MAX_FONT_BYTES);
    let bytes = crate::read_file_limited(path, limit, "WARRAQ_MAX_FONT_MB")?;
    let face = validate(&bytes).map_err(|problem| anyhow::anyhow!("{}: {problem}", path.display()))?;
    let family = face
        .names()
        .into_iter()
        .find(|name| name.name_id == ttf_parser::name_id::FAMILY && name.is_unicode())
        .and_then(|name| name.to_string())
        .map(|name| plain_family_name(&name))
        .filter(|name| !name.is_empty())
        .unwrap_or_else(|| "Font".into());
    let extension = match path.extension().map(|e| e.to_string_lossy().to_lowercase()) {
        Some(extension) if extension == "otf" => "otf",
        _ => "ttf",
    };
    let stem: String = family.chars().filter(|c| c.is_ascii_alphanumeric()).collect();
    let stem = if stem.is_empty() { "Font".to_string() } else { stem };
    let weight = if face.is_bold() { "Bold" } else { "Regular" };
    let file_name = format!("{stem}-{weight}.{extension}");
    Ok(FontFile { family, file_name, bytes: Box::leak(bytes.into_boxed_slice()), embedded: false })
}

/// A family name safe inside a CSS string and a PDF name: letters, digits,
/// spaces and hyphens only («"; } <» and the like are dropped).
fn plain_family_name(name: &str) -> String {
    let kept: String = name.chars().filter(|c| c.is_alphanumeric() || matches!(c, ' ' | '-' | '_')).collect();
    kept.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Checks a font file before any book uses it: every table lies inside the
/// file (a truncated download fails here), the tables shaping and the PDF
/// need are present and parse, and shaping a sample gives glyphs.
fn validate(bytes: &[u8]) -> Result<ttf_parser::Face<'_>, String> {
    let raw =
        ttf_parser::RawFace::parse(bytes, 0).map_err(|error| format!("not a TrueType/OpenType font ({error})"))?;
    for record in raw.table_records {
        let end = record.offset as usize + record.length as usize;
        if end > bytes.len() {
            return Err(format!(
                "the font file is cut short: its {} table ends at byte {end} of {}",
                String::from_utf8_lossy(&record.tag.to_bytes()),
                bytes.len()
            ));
        }
    }
    let face = ttf_parser::Face::parse(bytes, 0).map_err(|error| format!("not a TrueType/OpenType font ({error})"))?;
    let tables = face.tables();
    let missing: Vec<&str> = [
        ("cmap", tables.cmap.is_some()),
        ("hmtx", tables.hmtx.is_some()),
        ("glyf or CFF", tables.glyf.is_some() || tables.cff.is_some() || tables.cff2.is_some()),
    ]
    .into_iter()
    .filter_map(|(name, present)| (!present).then_some(name))
    .collect();
    if !missing.is_empty() {
        return Err(format!("the font lacks tables that books need: {}", missing.join(", ")));
    }
    let shaper = harfrust::Font::new(bytes.to_vec(), 0).ok_or("the font cannot be parsed for shaping")?;
    let mut sample = harfrust::Buffer::new();
    sample.push_str("Aa 0");
    sample.guess_segment_properties();
    let shaped = harfrust::shape(&harfrust::ShaperFont::new(&shaper), &mut sample, harfrust::ShapeOptions::new());
    if shaped.is_err() || sample.glyph_infos().iter().all(|glyph| glyph.glyph_id == 0) {
        return Err("the font has no glyphs for even the basic Latin letters and digits".into());
    }
    Ok(face)
}

/// Share of `text`'s letters that the regular face has a glyph for, and the
/// scripts of the letters it lacks («Arabic», «Latin»…), for a clear refusal.
pub fn coverage(file: &FontFile, text: &str) -> (f32, Vec<&'static str>) {
    let Ok(face) = ttf_parser::Face::parse(file.bytes, 0) else { return (0.0, Vec::new()) };
    let (mut letters, mut covered) = (0usize, 0usize);
    let mut lacking = Vec::new();
    for c in text.chars().filter(|c| c.is_alphabetic()) {
        letters += 1;
        if face.glyph_index(c).is_some() {
            covered += 1;
        } else {
            let script = if crate::read::is_arabic_letter(c) {
                "Arabic"
            } else if c.is_ascii() {
                "Latin"
            } else {
                "other"
            };
            if !lacking.contains(&script) {
                lacking.push(script);
            }
        }
    }
    (if letters == 0 { 1.0 } else { covered as f32 / letters as f32 }, lacking)
}

/// Refuses a face the user chose that lacks most of the document's letters
/// (a Latin face for an Arabic essay would print nothing but boxes).
pub fn check_coverage(fonts: &FontSet, document: &crate::document::Document) -> Result<()> {
    if fonts.regular.embedded {
        return Ok(());
    }
    let mut text = document.meta.title.clone();
    for block in document.texts() {
        text.push('\n');
        text.push_str(block.as_str());
    }
    let (share, lacking) = coverage(&fonts.regular, &text);
    if share < MIN_COVERAGE {
        anyhow::bail!(
            "the font {} has glyphs for only {:.0}% of this essay's letters (missing: {}); \
             choose a face that covers them, or leave out --font to use Amiri",
            fonts.regular.family,
            share * 100.0,
            lacking.join(", ")
        );
    }
    Ok(())
}

/// Below this share of covered letters, a chosen face is refused.
const MIN_COVERAGE: f32 = 0.9;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn family_names_lose_what_css_and_pdf_names_cannot_hold() {
        assert_eq!(plain_family_name("Evil\"; } body { x: url(<script>) Sans"), "Evil body x urlscript Sans");
        assert_eq!(plain_family_name("Noto Naskh Arabic"), "Noto Naskh Arabic");
    }

    #[test]
    fn a_truncated_font_is_refused_with_the_reason() {
        let error = validate(&AMIRI_REGULAR[..20_000]).map(|_| ()).unwrap_err();
        assert!(error.contains("cut short"), "{error}");
        assert!(validate(AMIRI_REGULAR).is_ok());
        assert!(validate(b"not a font at all").is_err());
    }

    #[test]
    fn amiri_covers_arabic_and_latin() {
        let set = FontSet::default();
        assert_eq!(coverage(&set.regular, "وراق Warraq").0, 1.0);
    }
}
