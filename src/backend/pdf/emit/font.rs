//! Fonts: each face is embedded as a subset TrueType in a CID-keyed Type 0
//! font. Every distinct (glyph, text, width) use is a CID of its own, so the
//! CIDToGIDMap, the /W widths and the ToUnicode CMap can say, per use, which
//! glyph it draws, how far it advances and what text it gives back.

use super::SYSTEM_INFO;
use crate::fonts::{Style, Typeface, Typefaces};
use anyhow::{Result, anyhow};
use pdf_writer::types::{CidFontType, FontFlags};
use pdf_writer::{Filter, Finish, Name, Pdf, Rect, Ref};
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, HashMap};

/// A key for one CID: glyph, extracted text, width in 1/1000 em.
pub(super) type CidKey = (u16, String, i32);

/// The CIDs of one font, allocated in order of first use.
pub(super) struct CidTable {
    cids: HashMap<CidKey, u16>,
    entries: Vec<CidKey>,
    /// A glyph that draws nothing (the space), for text at a line's end.
    pub blank_glyph: u16,
}

impl CidTable {
    pub fn new(face: &Typeface) -> CidTable {
        let blank_glyph = face.face.glyph_index(' ').map_or(0, |g| g.0);
        CidTable { cids: HashMap::new(), entries: Vec::new(), blank_glyph }
    }

    /// The CID for `key`, allocating one on first use.
    pub fn cid(&mut self, key: CidKey) -> Result<u16> {
        if let Some(&cid) = self.cids.get(&key) {
            return Ok(cid);
        }
        let cid = u16::try_from(self.entries.len() + 1)
            .map_err(|_| anyhow!("more than 65535 distinct glyph uses in one font"))?;
        self.entries.push(key.clone());
        self.cids.insert(key, cid);
        Ok(cid)
    }
}

/// The fonts of a book: one CID table per face drawn, each with the name
/// pages call it by and its object. The regular and bold faces are always
/// there (every book has a title); the others only once a glyph needs them,
/// and get their object when the page that first drew them is written.
pub(super) struct Fonts<'f> {
    faces: &'f Typefaces,
    tables: BTreeMap<Style, (Option<Ref>, CidTable)>,
    /// The faces already listed by `started`.
    listed: Vec<Style>,
}

impl<'f> Fonts<'f> {
    /// The regular and bold fonts, as `Ref`s given beforehand.
    pub fn new(faces: &'f Typefaces, regular: Ref, bold: Ref) -> Fonts<'f> {
        let mut tables = BTreeMap::new();
        tables.insert(Style::Regular, (Some(regular), CidTable::new(&faces.regular)));
        tables.insert(Style::Bold, (Some(bold), CidTable::new(&faces.bold)));
        Fonts { faces, tables, listed: vec![Style::Regular, Style::Bold] }
    }

    /// The CID table of `style`, started on first use.
    pub fn table(&mut self, style: Style) -> &mut CidTable {
        let faces = self.faces;
        &mut self.tables.entry(style).or_insert_with(|| (None, CidTable::new(faces.get(style)))).1
    }

    /// The faces started since the last call, in the order their objects
    /// are numbered.
    pub fn started(&mut self) -> Vec<Style> {
        let new: Vec<Style> = self.tables.keys().copied().filter(|style| !self.listed.contains(style)).collect();
        self.listed.extend(&new);
        new
    }

    /// Gives the font of `style` its object.
    pub fn number(&mut self, style: Style, id: Ref) {
        if let Some((slot, _)) = self.tables.get_mut(&style) {
            *slot = Some(id);
        }
    }

    /// Every font with an object: its resource name and its `Ref`, regular and bold first.
    pub fn resources(&self) -> impl Iterator<Item = (&'static [u8], Ref)> + '_ {
        self.tables.iter().filter_map(|(&style, (id, _))| id.map(|id| (resource_name(style), id)))
    }

    /// Writes every font with its subset.
    pub fn write(&self, pdf: &mut Pdf, reference: &mut impl FnMut() -> Ref) -> Result<()> {
        for (&style, (id, table)) in &self.tables {
            if let Some(id) = id {
                write_font(pdf, reference, *id, self.faces.get(style), table)?;
            }
        }
        Ok(())
    }
}

/// The name a page's resources give the font of `style`.
pub(super) fn resource_name(style: Style) -> &'static [u8] {
    match style {
        Style::Regular => b"R",
        Style::Bold => b"B",
        Style::Slanted => b"I",
        Style::BoldSlanted => b"BI",
        Style::Mono => b"M",
    }
}

/// The subset font program, its descriptor, the CID font with widths and
/// CIDToGIDMap, the ToUnicode CMap, and the Type 0 font over them.
fn write_font(
    pdf: &mut Pdf,
    reference: &mut impl FnMut() -> Ref,
    font_id: Ref,
    face: &Typeface,
    table: &CidTable,
) -> Result<()> {
    let cid_font_id = reference();
    let descriptor_id = reference();
    let file_id = reference();
    let cmap_id = reference();
    let map_id = reference();

    let mut remapper = subsetter::GlyphRemapper::new();
    let mut glyphs: Vec<u16> = table.entries.iter().map(|(glyph, _, _)| *glyph).collect();
    glyphs.sort_unstable();
    glyphs.dedup();
    for &glyph in &glyphs {
        remapper.remap(glyph);
    }
    let subset = subsetter::subset(face.file.bytes, 0, &remapper)
        .map_err(|error| anyhow!("{}: cannot subset the font: {error:?}", face.file.file_name))?;
    let name = format!("{}+{}", subset_tag(&glyphs), face.postscript_name());

    let compressed = super::deflate(&subset)?;
    pdf.stream(file_id, &compressed).filter(Filter::FlateDecode).pair(Name(b"Length1"), subset.len() as i32);

    let scale = 1000.0 / face.units_per_em;
    let bbox = face.face.global_bounding_box();
    let ascender = face.face.ascender() as f32 * scale;
    let descender = face.face.descender() as f32 * scale;
    let cap_height = face.face.capital_height().map_or(ascender, |h| h as f32 * scale);
    pdf.font_descriptor(descriptor_id)
        .name(Name(name.as_bytes()))
        .flags(FontFlags::SYMBOLIC)
        .bbox(Rect::new(
            bbox.x_min as f32 * scale,
            bbox.y_min as f32 * scale,
            bbox.x_max as f32 * scale,
            bbox.y_max as f32 * scale,
        ))
        .italic_angle(0.0)
        .ascent(ascender)
        .descent(descender)
        .cap_height(cap_height)
        .stem_v(80.0)
        .font_file2(file_id);

    let mut map = Vec::with_capacity(2 * (table.entries.len() + 1));
    map.extend_from_slice(&0u16.to_be_bytes());
    for (glyph, _, _) in &table.entries {
        map.extend_from_slice(&remapper.get(*glyph).unwrap_or(0).to_be_bytes());
    }
    pdf.stream(map_id, &super::deflate(&map)?).filter(Filter::FlateDecode);

    let mut cid_font = pdf.cid_font(cid_font_id);
    cid_font
        .subtype(CidFontType::Type2)
        .base_font(Name(name.as_bytes()))
        .system_info(SYSTEM_INFO)
        .font_descriptor(descriptor_id)
        .default_width(0.0)
        .cid_to_gid_map_stream(map_id);
    if !table.entries.is_empty() {
        cid_font.widths().consecutive(1, table.entries.iter().map(|(_, _, width)| *width as f32));
    }
    cid_font.finish();

    let mut cmap = pdf_writer::types::UnicodeCmap::<u16>::new(Name(b"Warraq-UTF16"), SYSTEM_INFO);
    for (index, (_, text, _)) in table.entries.iter().enumerate() {
        cmap.pair_with_multiple(index as u16 + 1, text.chars());
    }
    let cmap = cmap.finish();
    pdf.cmap(cmap_id, &super::deflate(cmap.as_slice())?).filter(Filter::FlateDecode);

    pdf.type0_font(font_id)
        .base_font(Name(name.as_bytes()))
        .encoding_predefined(Name(b"Identity-H"))
        .descendant_font(cid_font_id)
        .to_unicode(cmap_id);
    Ok(())
}

/// Six capital letters naming a subset, derived from the glyphs in it.
fn subset_tag(glyphs: &[u16]) -> String {
    let mut hasher = Sha256::new();
    for glyph in glyphs {
        hasher.update(glyph.to_be_bytes());
    }
    hasher.finalize().iter().take(6).map(|byte| char::from(b'A' + byte % 26)).collect()
}
