//! Emit: the laid-out [`Book`] → PDF bytes, with pdf-writer and subsetter.
//!
//! Text is drawn as glyph ids through CID-keyed Type 0 fonts. Every distinct
//! (glyph, text, width) use gets its own CID: the CIDToGIDMap sends it to its
//! glyph in the subset font, ToUnicode gives it the characters it stands for
//! ([`super::textmap`] decides which glyphs carry which text), and its /W
//! width is the distance from its drawn origin to the next carrier's, so
//! extractors that find words from glyph geometry (poppler, pdf.js) see
//! neither false gaps nor overlaps inside a word. Glyphs are drawn exactly
//! where layout put them: the page does not change for the sake of the text.
//!
//! Nothing here reads a clock: the output is a pure function of the book.

use super::layout::{Book, FaceKind, PlacedLine};
use super::textmap::{ALM, LRM, carrier_texts, extraction_text, is_mark};
use crate::document::{Direction, Document};
use crate::fonts::{Typeface, Typefaces};
use anyhow::{Result, anyhow};
use pdf_writer::types::Direction as ReadingDirection;
use pdf_writer::types::{CidFontType, FontFlags, SystemInfo};
use pdf_writer::{Content, Date, Filter, Finish, Name, Pdf, Rect, Ref, Str, TextStr};
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::io::Write;

/// What the PDF needs from outside the book.
pub struct EmitOptions {
    /// SOURCE_DATE_EPOCH, if set: the only date that may appear.
    pub source_date_epoch: Option<i64>,
}

const SYSTEM_INFO: SystemInfo = SystemInfo { registry: Str(b"Adobe"), ordering: Str(b"Identity"), supplement: 0 };

/// A key for one CID: glyph, extracted text, width in 1/1000 em.
type CidKey = (u16, String, i32);

/// The CIDs of one font, allocated in order of first use.
struct CidTable {
    cids: HashMap<CidKey, u16>,
    entries: Vec<CidKey>,
    /// A glyph that draws nothing (the space), for invisible direction marks.
    blank_glyph: u16,
}

impl CidTable {
    fn new(face: &Typeface) -> CidTable {
        let blank_glyph = face.face.glyph_index(' ').map_or(0, |g| g.0);
        CidTable { cids: HashMap::new(), entries: Vec::new(), blank_glyph }
    }

    fn cid(&mut self, key: CidKey) -> Result<u16> {
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

/// Serialises the book.
pub fn emit(book: &Book, document: &Document, faces: &Typefaces, options: &EmitOptions) -> Result<Vec<u8>> {
    let mut next = 1;
    let mut reference = || {
        let id = Ref::new(next);
        next += 1;
        id
    };
    let catalog_id = reference();
    let page_tree_id = reference();
    let outline_id = reference();
    let info_id = reference();
    let metadata_id = reference();
    let font_ids = [reference(), reference()];
    let page_ids: Vec<Ref> = book.pages.iter().map(|_| reference()).collect();
    let content_ids: Vec<Ref> = book.pages.iter().map(|_| reference()).collect();

    let mut pdf = Pdf::new();
    let mut tables = [CidTable::new(&faces.regular), CidTable::new(&faces.bold)];
    let paper = book.geometry.paper;
    for (index, page) in book.pages.iter().enumerate() {
        let mut content = Content::new();
        for line in &page.lines {
            draw_line(&mut content, line, &mut tables[line.face as usize])?;
        }
        let stream = deflate(&content.finish())?;
        pdf.stream(content_ids[index], &stream).filter(Filter::FlateDecode);
        let mut page_writer = pdf.page(page_ids[index]);
        page_writer
            .media_box(Rect::new(0.0, 0.0, paper.width, paper.height))
            .parent(page_tree_id)
            .contents(content_ids[index]);
        let mut resources = page_writer.resources();
        let mut fonts = resources.fonts();
        fonts.pair(Name(b"R"), font_ids[0]);
        fonts.pair(Name(b"B"), font_ids[1]);
    }
    pdf.pages(page_tree_id).kids(page_ids.iter().copied()).count(page_ids.len() as i32);

    for (kind, (table, font_id)) in [FaceKind::Regular, FaceKind::Bold].into_iter().zip(tables.iter().zip(font_ids)) {
        let face = match kind {
            FaceKind::Regular => &faces.regular,
            FaceKind::Bold => &faces.bold,
        };
        write_font(&mut pdf, &mut reference, font_id, face, table)?;
    }

    write_outline(&mut pdf, &mut reference, outline_id, book, &page_ids);
    write_info(&mut pdf, info_id, document, options);
    let xmp = xmp_packet(document, options);
    pdf.metadata(metadata_id, xmp.as_bytes());

    let mut catalog = pdf.catalog(catalog_id);
    catalog.pages(page_tree_id).metadata(metadata_id).lang(TextStr(&document.meta.lang));
    if !book.bookmarks.is_empty() {
        catalog.outlines(outline_id);
    }
    if document.meta.direction == Direction::Rtl {
        catalog.viewer_preferences().direction(ReadingDirection::R2L);
    }
    catalog.finish();

    let digest = Sha256::digest(serde_json::to_vec(document).unwrap_or_default());
    pdf.set_file_id((digest[..16].to_vec(), digest[16..].to_vec()));
    Ok(pdf.finish())
}

/// Width of the blank lead glyph, in em.
const LEAD_EM: f32 = 0.25;

/// Draws one line in two text objects. The first holds the glyphs that carry
/// text, in visual order, each as wide as the distance to the next one, so the
/// text runs without gaps or backward jumps inside a word (what poppler and
/// pdf.js need to find words); invisible ALM/LRM marks stand at run
/// boundaries. The second holds the glyphs without text (harakat, narrow
/// joining forms), each at its exact place with width zero. Every glyph is
/// drawn exactly where layout put it, so the page looks the same.
fn draw_line(content: &mut Content, placed: &PlacedLine, table: &mut CidTable) -> Result<()> {
    let glyphs = &placed.line.glyphs;
    if glyphs.is_empty() {
        return Ok(());
    }
    let size = placed.size;
    let texts = carrier_texts(glyphs, size);
    let carriers: Vec<usize> = (0..glyphs.len()).filter(|&i| !texts[i].is_empty()).collect();
    let others: Vec<usize> = (0..glyphs.len()).filter(|&i| texts[i].is_empty()).collect();
    let direction_mark = if placed.line.rtl { ALM } else { LRM };

    let mut shows = Vec::with_capacity(glyphs.len() + 4);
    if let Some(&first) = carriers.first()
        && placed.line.rtl
        && texts[first].chars().any(is_mark)
    {
        // A line whose first carrier holds a harakah starts with a blank lead
        // glyph: pdf.js does not measure a glyph with a mark against the one
        // before it, and would otherwise join it to the previous line.
        let lead = LEAD_EM * size;
        let units = (LEAD_EM * 1000.0).round() as i32;
        let cid = table.cid((table.blank_glyph, format!("{ALM} "), units))?;
        shows.push(Show { cid, x: glyphs[first].x - lead, y: 0.0, width: lead });
    }
    for (k, &index) in carriers.iter().enumerate() {
        let glyph = &glyphs[index];
        let mut text = extraction_text(&texts[index], placed.line.rtl);
        if k > 0 && glyph.rtl != glyphs[carriers[k - 1]].rtl && !text.starts_with(direction_mark) {
            // At a run boundary the carrier begins with the paragraph's direction
            // mark, so that extractors' bidi keeps the spaces around an embedded
            // number or Latin word on the right side of it.
            text.insert(0, direction_mark);
        }
        let next_x = carriers.get(k + 1).map_or(glyph.x + glyph.advance, |&next| glyphs[next].x);
        let units = ((next_x - glyph.x) / size * 1000.0).round().max(0.0) as i32;
        let cid = table.cid((glyph.glyph, text, units))?;
        shows.push(Show { cid, x: glyph.x, y: glyph.y, width: units as f32 * size / 1000.0 });
    }
    write_text_object(content, placed, &shows);

    if !others.is_empty() {
        shows.clear();
        for &index in &others {
            let glyph = &glyphs[index];
            let cid = table.cid((glyph.glyph, " ".to_string(), 0))?;
            shows.push(Show { cid, x: glyph.x, y: glyph.y, width: 0.0 });
        }
        write_text_object(content, placed, &shows);
    }
    Ok(())
}

/// One glyph to show: its CID, where its origin goes (from the line's origin,
/// y upwards from the baseline) and how far it advances the text position.
struct Show {
    cid: u16,
    x: f32,
    y: f32,
    width: f32,
}

/// Writes a BT…ET object showing `shows` in order: TJ adjustments put each
/// origin in place, Ts raises or lowers marks.
fn write_text_object(content: &mut Content, placed: &PlacedLine, shows: &[Show]) {
    let size = placed.size;
    let font = if placed.face == FaceKind::Bold { Name(b"B") } else { Name(b"R") };
    content.begin_text();
    content.set_font(font, size);
    content.set_text_matrix([1.0, 0.0, 0.0, 1.0, placed.x, placed.baseline]);
    let mut rise = 0.0;
    let mut cursor = 0.0; // the text position, from the line's origin
    let mut index = 0;
    while index < shows.len() {
        if shows[index].y != rise {
            rise = shows[index].y;
            content.set_rise(rise);
        }
        let mut shown = content.show_positioned();
        let mut items = shown.items();
        while index < shows.len() && shows[index].y == rise {
            let show = &shows[index];
            let gap = show.x - cursor;
            if gap.abs() > 0.0005 {
                items.adjust(-gap / size * 1000.0);
            }
            items.show(Str(&show.cid.to_be_bytes()));
            cursor = show.x + show.width;
            index += 1;
        }
        items.finish();
        shown.finish();
    }
    if rise != 0.0 {
        content.set_rise(0.0);
    }
    content.end_text();
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

    let compressed = deflate(&subset)?;
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
    pdf.stream(map_id, &deflate(&map)?).filter(Filter::FlateDecode);

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
        // Glyphs without text of their own map to nothing: extractors skip them.
        cmap.pair_with_multiple(index as u16 + 1, text.chars());
    }
    let cmap = cmap.finish();
    pdf.cmap(cmap_id, &deflate(cmap.as_slice())?).filter(Filter::FlateDecode);

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

/// The outline: one entry per heading; in an omnibus, sections nest under their part.
fn write_outline(pdf: &mut Pdf, reference: &mut impl FnMut() -> Ref, outline_id: Ref, book: &Book, pages: &[Ref]) {
    if book.bookmarks.is_empty() {
        return;
    }
    let ids: Vec<Ref> = book.bookmarks.iter().map(|_| reference()).collect();
    let top_level = book.bookmarks.iter().map(|b| b.level).min().unwrap_or(2);
    // The parent of each entry: the last entry of a lower level before it.
    let parents: Vec<Option<usize>> = (0..book.bookmarks.len())
        .map(|i| {
            let level = book.bookmarks[i].level;
            if level == top_level { None } else { (0..i).rev().find(|&j| book.bookmarks[j].level < level) }
        })
        .collect();
    let children = |parent: Option<usize>| -> Vec<usize> { (0..ids.len()).filter(|&i| parents[i] == parent).collect() };
    for (index, bookmark) in book.bookmarks.iter().enumerate() {
        let siblings = children(parents[index]);
        let position = siblings.iter().position(|&s| s == index).unwrap_or(0);
        let kids = children(Some(index));
        let mut item = pdf.outline_item(ids[index]);
        item.title(TextStr(&bookmark.title)).parent(parents[index].map_or(outline_id, |p| ids[p]));
        if position > 0 {
            item.prev(ids[siblings[position - 1]]);
        }
        if let Some(&next) = siblings.get(position + 1) {
            item.next(ids[next]);
        }
        if let (Some(&first), Some(&last)) = (kids.first(), kids.last()) {
            item.first(ids[first]).last(ids[last]).count(kids.len() as i32);
        }
        item.dest().page(pages[bookmark.page]).xyz(0.0, bookmark.top, None);
    }
    let roots = children(None);
    pdf.outline(outline_id).first(ids[roots[0]]).last(ids[roots[roots.len() - 1]]).count(ids.len() as i32);
}

fn write_info(pdf: &mut Pdf, info_id: Ref, document: &Document, options: &EmitOptions) {
    let meta = &document.meta;
    let mut info = pdf.document_info(info_id);
    info.title(TextStr(&meta.title)).creator(TextStr("warraq")).producer(TextStr("warraq"));
    if let Some(author) = &meta.author {
        info.author(TextStr(author));
    }
    if let Some(series) = &meta.series {
        info.subject(TextStr(series));
    }
    if let Some(date) = options.source_date_epoch.and_then(pdf_date) {
        info.creation_date(date);
        info.modified_date(date);
    }
}

fn pdf_date(seconds: i64) -> Option<Date> {
    let time = chrono::DateTime::from_timestamp(seconds, 0)?;
    use chrono::{Datelike, Timelike};
    Some(
        Date::new(time.year() as u16)
            .month(time.month() as u8)
            .day(time.day() as u8)
            .hour(time.hour() as u8)
            .minute(time.minute() as u8)
            .second(time.second() as u8)
            .utc_offset_hour(0)
            .utc_offset_minute(0),
    )
}

/// A minimal XMP packet with the same title, author and series as /Info.
fn xmp_packet(document: &Document, options: &EmitOptions) -> String {
    let meta = &document.meta;
    let escape = crate::backend::xml_escape;
    let mut rdf = format!(
        "<dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">{}</rdf:li></rdf:Alt></dc:title>\
         <dc:language><rdf:Bag><rdf:li>{}</rdf:li></rdf:Bag></dc:language>\
         <pdf:Producer>warraq</pdf:Producer><xmp:CreatorTool>warraq</xmp:CreatorTool>",
        escape(&meta.title),
        escape(&meta.lang)
    );
    if let Some(author) = &meta.author {
        rdf += &format!("<dc:creator><rdf:Seq><rdf:li>{}</rdf:li></rdf:Seq></dc:creator>", escape(author));
    }
    if let Some(series) = &meta.series {
        rdf += &format!(
            "<dc:description><rdf:Alt><rdf:li xml:lang=\"x-default\">{}</rdf:li></rdf:Alt></dc:description>",
            escape(series)
        );
    }
    if let Some(time) = options.source_date_epoch.and_then(|s| chrono::DateTime::from_timestamp(s, 0)) {
        let stamp = time.format("%Y-%m-%dT%H:%M:%SZ");
        rdf += &format!("<xmp:CreateDate>{stamp}</xmp:CreateDate><xmp:ModifyDate>{stamp}</xmp:ModifyDate>");
    }
    format!(
        "<?xpacket begin=\"\u{feff}\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\
         <x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\
         <rdf:Description rdf:about=\"\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" \
         xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\" xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\">{rdf}</rdf:Description>\
         </rdf:RDF></x:xmpmeta><?xpacket end=\"r\"?>"
    )
}

fn deflate(bytes: &[u8]) -> Result<Vec<u8>> {
    let mut encoder = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::new(6));
    encoder.write_all(bytes)?;
    Ok(encoder.finish()?)
}
