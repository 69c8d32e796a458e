//! Text: one set line → content-stream operators. Glyphs are drawn exactly
//! where layout put them; [`crate::backend::pdf::textmap`] decides which of
//! them give text back, and the widths of those are the distances between
//! them, so extractors see neither false gaps nor overlaps inside a word.

use super::font::CidTable;
use crate::backend::pdf::layout::{FaceKind, PlacedLine};
use crate::backend::pdf::line::PlacedGlyph;
use crate::backend::pdf::textmap::{carrier_texts, is_mark};
use anyhow::Result;
use pdf_writer::{Content, Finish, Name, Str};

/// ARABIC LETTER MARK: invisible, strongly right to left for every extractor
/// (pdf.js takes U+200F RLM for a left-to-right character).
const ALM: char = '\u{061C}';
/// LEFT-TO-RIGHT MARK.
const LRM: char = '\u{200E}';

/// Width of the blank glyph that carries the marks ending a line, in em.
const TRAILING_EM: f32 = 0.25;

/// Draws one line in two text objects. The first holds the glyphs that carry
/// text, in visual order, each as wide as the distance to the next one, so the
/// text runs without gaps or backward jumps inside a word. The second holds
/// the glyphs without text (harakat, narrow joining forms), each at its exact
/// place with width zero. Every glyph is drawn where layout put it, so the page
/// looks the same whatever text it gives back.
pub(super) fn draw_line(content: &mut Content, placed: &PlacedLine, table: &mut CidTable) -> Result<()> {
    let glyphs = &placed.line.glyphs;
    if glyphs.is_empty() {
        return Ok(());
    }
    let size = placed.size;
    let texts = carrier_texts(glyphs, size);
    let carriers: Vec<usize> = (0..glyphs.len()).filter(|&i| !texts.glyphs[i].is_empty()).collect();
    let others: Vec<usize> = (0..glyphs.len()).filter(|&i| texts.glyphs[i].is_empty()).collect();

    let direction_mark = if placed.line.rtl { ALM } else { LRM };
    let mut shows = Vec::with_capacity(glyphs.len() + 1);
    let trailing = |shows: &mut Vec<Show>, table: &mut CidTable, x: f32| -> Result<()> {
        let width = TRAILING_EM * size;
        let units = (TRAILING_EM * 1000.0).round() as i32;
        let cid = table.cid((table.blank_glyph, texts.trailing.clone(), units))?;
        shows.push(Show { cid, x, y: 0.0, width, size });
        Ok(())
    };
    if !texts.trailing.is_empty() && placed.line.rtl {
        // The logical end of a right-to-left line is its left end.
        let left = carriers.first().map_or(0.0, |&first| glyphs[first].x);
        trailing(&mut shows, table, left - TRAILING_EM * size)?;
    }
    for (k, &index) in carriers.iter().enumerate() {
        let glyph = &glyphs[index];
        let mut next_x = carriers.get(k + 1).map_or(glyph.x + glyph.advance, |&next| glyphs[next].x);
        let after_space = k > 0 && texts.glyphs[carriers[k - 1]].starts_with(char::is_whitespace);
        if after_space && texts.glyphs[index].chars().any(is_mark) && k + 1 < carriers.len() {
            // pdf.js neither advances over nor measures a glyph whose text
            // holds a mark, so it would see the space before it a second time
            // at the next glyph and put a space inside the word. This glyph
            // reaches over that space too, and the next glyph steps back.
            next_x += glyph.x - glyphs[carriers[k - 1]].x;
        }
        let (glyph_size, rise) = drawn_at(placed, glyph);
        let units = ((next_x - glyph.x) / glyph_size * 1000.0).round().max(0.0) as i32;
        let mut text = texts.glyphs[index].clone();
        if k > 0 && glyph.rtl != glyphs[carriers[k - 1]].rtl && !text.starts_with(direction_mark) {
            // At the edge of a number or Latin word inside Arabic (or the
            // reverse) the carrier begins with the paragraph's direction mark:
            // poppler's reorderText gives every neutral next to a left-to-right
            // run to that run, and would move the space beside it to its other
            // side, joining two words. The only invisible characters we add.
            text.insert(0, direction_mark);
        }
        let cid = table.cid((glyph.glyph, text, units))?;
        shows.push(Show {
            cid,
            x: glyph.x,
            y: glyph.y + rise,
            width: units as f32 * glyph_size / 1000.0,
            size: glyph_size,
        });
    }
    if !texts.trailing.is_empty() && !placed.line.rtl {
        let right = carriers.last().map_or(0.0, |&last| glyphs[last].x + glyphs[last].advance);
        trailing(&mut shows, table, right)?;
    }
    write_text_object(content, placed, &shows);

    if !others.is_empty() {
        shows.clear();
        for &index in &others {
            let glyph = &glyphs[index];
            let cid = table.cid((glyph.glyph, " ".to_string(), 0))?;
            let (size, rise) = drawn_at(placed, glyph);
            shows.push(Show { cid, x: glyph.x, y: glyph.y + rise, width: 0.0, size });
        }
        write_text_object(content, placed, &shows);
    }
    Ok(())
}

/// The size a glyph is drawn at and how far it is raised: a footnote
/// marker's glyphs smaller and above the baseline, every other at the line's size.
fn drawn_at(placed: &PlacedLine, glyph: &PlacedGlyph) -> (f32, f32) {
    match placed.raised.iter().find(|mark| mark.clusters.contains(&glyph.cluster)) {
        Some(mark) => (placed.size * mark.scale, mark.rise),
        None => (placed.size, 0.0),
    }
}

/// One glyph to show: its CID, where its origin goes (from the line's origin,
/// y upwards from the baseline), how far it advances the text position, and
/// the size it is drawn at.
struct Show {
    cid: u16,
    x: f32,
    y: f32,
    width: f32,
    size: f32,
}

/// Writes a BT…ET object showing `shows` in order: TJ adjustments put each
/// origin in place, Ts raises or lowers marks (and footnote markers, which
/// a Tf also makes smaller).
fn write_text_object(content: &mut Content, placed: &PlacedLine, shows: &[Show]) {
    let mut size = placed.size;
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
        if shows[index].size != size {
            size = shows[index].size;
            content.set_font(font, size);
        }
        let mut shown = content.show_positioned();
        let mut items = shown.items();
        while index < shows.len() && shows[index].y == rise && shows[index].size == size {
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
