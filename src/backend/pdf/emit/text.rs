//! Text: one set line → content-stream operators. Glyphs are drawn exactly
//! where layout put them; [`crate::backend::pdf::textmap`] decides which of
//! them give text back, and the widths of those are the distances between
//! them, so extractors see neither false gaps nor overlaps inside a word.

use super::font::{Fonts, resource_name};
use crate::backend::pdf::layout::PlacedLine;
use crate::backend::pdf::line::{Line, PlacedGlyph};
use crate::backend::pdf::textmap::{MIN_CHARACTER_SLOT_UNITS, carrier_texts, is_mark};
use crate::fonts::Style;
use anyhow::Result;
use pdf_writer::{Content, Finish, Name, Str, TextStr};

/// ARABIC LETTER MARK: invisible, strongly right to left for every extractor
/// (pdf.js takes U+200F RLM for a left-to-right character).
const ALM: char = '\u{061C}';
/// LEFT-TO-RIGHT MARK.
const LRM: char = '\u{200E}';

/// The widest a space glyph is shown, in em (pdf.js starts a new text item
/// at a whitespace glyph wider than 0.6 em).
const MAX_SPACE_EM: f32 = 0.5;

/// Width of the blank glyph that carries the marks ending a line, in em.
const TRAILING_EM: f32 = 0.25;

/// Draws one line in two passes, inside the text object the page keeps open
/// (see [`super::Emitter`]). The first holds the glyphs that carry text, in
/// visual order, each as wide as the distance to the next one (less the
/// width of a blank that follows it, see [`Follower`]), so the text runs
/// without gaps or backward jumps inside a word. The second holds the glyphs
/// without text (harakat, narrow joining forms), each at its exact place
/// with width zero; a space whose text a neighbour carries has no ink and is
/// not drawn. Every glyph with ink is drawn where layout put it, so the page
/// looks the same whatever text it gives back.
pub(super) fn draw_line(content: &mut Content, placed: &PlacedLine, fonts: &mut Fonts) -> Result<()> {
    if placed.line.is_blank() {
        return Ok(());
    }
    let glyphs: Vec<PlacedGlyph> = placed.line.glyphs().collect();
    let glyphs = glyphs.as_slice();
    let size = placed.size;
    let texts = carrier_texts(glyphs, size, placed.line.rtl);
    let carriers: Vec<usize> = (0..glyphs.len()).filter(|&i| !texts.glyphs[i].is_empty()).collect();
    // A footnote marker's glyphs are all drawn with the marks, smaller and
    // raised; its text is carried on the baseline, at the line's size, by
    // blank glyphs in their place, so extractors read it inside the line.
    let raised = |index: usize| placed.raised.iter().any(|mark| mark.clusters.contains(&glyphs[index].cluster));
    // A space whose text a neighbour carries has no ink: it is not drawn at all.
    let inkless = |index: usize| !glyphs[index].text.is_empty() && glyphs[index].text.chars().all(char::is_whitespace);
    let others: Vec<usize> =
        (0..glyphs.len()).filter(|&i| (texts.glyphs[i].is_empty() && !inkless(i)) || raised(i)).collect();

    let direction_mark = if placed.line.rtl { ALM } else { LRM };
    // Words in another language are marked with their /Lang, in a
    // left-to-right line only: pdf.js starts a new text item at every
    // marked-content boundary and then reads a right-to-left line's items in
    // the wrong order.
    let language = |cluster: usize| {
        (!placed.line.rtl).then_some(())?;
        // The innermost, where one is inside another.
        (0..placed.langs.len())
            .filter(|&i| placed.langs[i].clusters.contains(&cluster))
            .min_by_key(|&i| placed.langs[i].clusters.len())
    };
    let mut shows = Vec::with_capacity(glyphs.len() + 1);
    let line_face = placed.face.style();
    let trailing = |shows: &mut Vec<Show>, fonts: &mut Fonts, x: f32| -> Result<()> {
        let width = TRAILING_EM * size;
        let units = (TRAILING_EM * 1000.0).round() as i32;
        let table = fonts.table(line_face);
        let cid = table.cid((table.blank_glyph, texts.trailing.clone(), units))?;
        shows.push(Show::new(cid, x, 0.0, width, size, line_face));
        Ok(())
    };
    if !texts.trailing.is_empty() && placed.line.rtl {
        // The logical end of a right-to-left line is its left end.
        let left = carriers.first().map_or(0.0, |&first| glyphs[first].x);
        trailing(&mut shows, fonts, left - TRAILING_EM * size)?;
    }
    // A space glyph wider than MAX_SPACE_EM starts later, and the carrier
    // before it reaches over the rest: pdf.js cuts a line at a wider
    // whitespace glyph into separate items, and then reads a line's words left
    // to right. (A space that carries the marks ending the word before it
    // counts too: pdf.js does not advance over it, so all of it reads as a
    // gap.) In a right-to-left line spaces are rarely glyphs of their own (see
    // textmap): a letter carrying one, the gap between صدر and عجز included,
    // is simply as wide as the gap.
    let is_space = |index: usize| {
        let text = &texts.glyphs[index];
        text.chars().any(char::is_whitespace) && text.chars().all(|c| c.is_whitespace() || is_mark(c))
    };
    let mut origin: Vec<f32> = glyphs.iter().map(|glyph| glyph.x).collect();
    for k in 1..carriers.len() {
        let space = carriers[k];
        if !is_space(space) || is_space(carriers[k - 1]) {
            continue;
        }
        let end = carriers.get(k + 1).map_or(glyphs[space].x + glyphs[space].advance, |&next| glyphs[next].x);
        let widest = MAX_SPACE_EM * placed.size;
        if end - glyphs[space].x > widest {
            origin[space] = end - widest;
        }
    }
    let is_ltr = |k: usize| carriers.get(k).is_some_and(|&c| !glyphs[c].rtl);
    let mut mark_given = false;
    for (k, &index) in carriers.iter().enumerate() {
        let glyph = &glyphs[index];
        let x = origin[index];
        let mut next_x = carriers.get(k + 1).map_or(glyph.x + glyph.advance, |&next| origin[next]);
        let after_space = k > 0 && is_space(carriers[k - 1]);
        if after_space && texts.glyphs[index].chars().any(is_mark) && k + 1 < carriers.len() {
            // pdf.js neither advances over nor measures a glyph whose text
            // holds a mark, so it would see the space before it a second time
            // at the next glyph and put a space inside the word. This glyph
            // reaches over that space too, and the next glyph steps back.
            next_x += x - origin[carriers[k - 1]];
        }
        let mut units = ((next_x - x) / size * 1000.0).round().max(0.0) as i32;
        // poppler reads '.', '،' and ':' as left to right (as digits) and
        // gives them the space on their left: a space of no width, shown after
        // this carrier where it starts, parts poppler's words there. This
        // carrier stops a thousandth of an em short, so that pdf.js, which adds
        // a space after a whitespace glyph unless the next glyph has moved,
        // sees it move.
        let parted = placed.line.rtl
            && units >= 2
            && !is_space(index)
            && (k != 0 || texts.after_lead.is_empty())
            && carriers.get(k + 1).is_some_and(|&next| {
                glyphs[next].rtl == glyph.rtl && parts_words_for_poppler(&texts.glyphs[index], &texts.glyphs[next])
            });
        if parted {
            units -= 1;
        }
        // MuPDF guesses a glyph's direction from its first character, so a
        // Latin word or number whose first glyph began with the ARABIC LETTER
        // MARK was read as right to left, its first letter torn from the
        // rest. Where this right-to-left carrier has the room, the mark goes
        // on a blank glyph of its own between it and the run, in the last
        // MIN_CHARACTER_SLOT_UNITS of its width. Not before a run of one glyph (a note's
        // number): read as right to left whole, it stays in its place.
        let marks_run = placed.line.rtl
            && glyph.rtl
            && (k != 0 || texts.after_lead.is_empty())
            && is_ltr(k + 1)
            && is_ltr(k + 2)
            && !texts.glyphs[carriers[k + 1]].starts_with(direction_mark)
            && (units - MIN_CHARACTER_SLOT_UNITS)
                >= MIN_CHARACTER_SLOT_UNITS * texts.glyphs[index].chars().count() as i32;
        let full_units = units + i32::from(parted);
        if marks_run {
            units -= MIN_CHARACTER_SLOT_UNITS;
        }
        let mut text = texts.glyphs[index].clone();
        let mark_shown = std::mem::take(&mut mark_given);
        if k > 0 && glyph.rtl != glyphs[carriers[k - 1]].rtl && !text.starts_with(direction_mark) && !mark_shown {
            // At the edge of a number or Latin word inside Arabic (or the
            // reverse) the carrier begins with the paragraph's direction mark:
            // poppler's reorderText gives every neutral next to a left-to-right
            // run to that run, and would move the space beside it to its other
            // side, joining two words. The only invisible characters we add.
            text.insert(0, direction_mark);
        }
        let table = fonts.table(glyph.face);
        let (drawn, y) = if raised(index) { (table.blank_glyph, 0.0) } else { (glyph.glyph, glyph.y) };
        let cid = table.cid((drawn, text, units))?;
        let mut show = Show::new(cid, x, y, units as f32 * size / 1000.0, size, glyph.face);
        show.lang = language(glyph.cluster);
        if parted {
            let space = table.cid((table.blank_glyph, " ".to_string(), 0))?;
            show.follower = Some((Follower::PartingSpace(space), full_units));
        } else if marks_run {
            let mark = table.cid((table.blank_glyph, direction_mark.to_string(), MIN_CHARACTER_SLOT_UNITS))?;
            show.follower = Some((Follower::DirectionMark(mark), full_units));
            mark_given = true;
        }
        shows.push(show);
        if k == 0 && !texts.after_lead.is_empty() {
            // The first carrier's marks, on a blank right after it (see textmap).
            let cid = table.cid((table.blank_glyph, texts.after_lead.clone(), 0))?;
            let x = x + units as f32 * size / 1000.0;
            shows.push(Show::new(cid, x, 0.0, 0.0, size, glyph.face));
        }
    }
    if !texts.trailing.is_empty() && !placed.line.rtl {
        let right = carriers.last().map_or(0.0, |&last| glyphs[last].x + glyphs[last].advance);
        trailing(&mut shows, fonts, right)?;
    }
    show_run(content, placed, &shows);

    if !others.is_empty() {
        shows.clear();
        for &index in &others {
            let glyph = &glyphs[index];
            let cid = fonts.table(glyph.face).cid((glyph.glyph, " ".to_string(), 0))?;
            let (size, rise) = drawn_at(placed, glyph);
            shows.push(Show::new(cid, glyph.x, glyph.y + rise, 0.0, size, glyph.face));
        }
        show_run(content, placed, &shows);
    }
    Ok(())
}

/// Whether poppler would read a right-to-left carrier's text `before` (which
/// ends in a space that a neighbour carries, with any harakat after it) and
/// the next carrier's `text` (which starts with a character poppler's
/// `reorderText` takes for part of a number) as one word, and then move the
/// space to the other side of that character («الصنعة .وسواء»). Not for a
/// carrier holding harakat: pdf.js would add a space before it.
fn parts_words_for_poppler(before: &str, text: &str) -> bool {
    let number_like = |c: char| matches!(c, '#' | '$' | '%' | '+' | ',' | '-' | '.' | '/' | '0'..=':' | '\u{060C}' | '\u{0660}'..='\u{066C}' | '\u{06F0}'..='\u{06F9}');
    before.trim_end_matches(is_mark).ends_with(' ')
        && text.chars().next().is_some_and(number_like)
        && !text.chars().any(is_mark)
}

/// The size a glyph is drawn at and how far it is raised: a footnote
/// marker's glyphs smaller and above the baseline, every other at the line's size.
fn drawn_at(placed: &PlacedLine, glyph: &PlacedGlyph) -> (f32, f32) {
    match placed.raised.iter().find(|mark| mark.clusters.contains(&glyph.cluster)) {
        Some(mark) => (placed.size * mark.scale, mark.rise),
        None => (placed.size, 0.0),
    }
}

/// One row of a bayt as one line: the صدر (`first`) and the عجز on its
/// baseline, with a space glyph across the gap between them, their text in
/// one logical order (the عجز's clusters follow the صدر's and the space).
pub(super) fn join_row<'p>(first: &'p PlacedLine, second: &'p PlacedLine, space: u16) -> PlacedLine {
    let first_length = first.line.glyphs().map(|g| g.cluster + g.text.len()).max().unwrap_or(0);
    let (left, right) = if first.x <= second.x { (first, second) } else { (second, first) };
    let shift = right.x - left.x;
    let placed = |line: &PlacedLine, glyph: PlacedGlyph<'p>| -> PlacedGlyph<'p> {
        if std::ptr::eq(line, first) {
            glyph
        } else {
            PlacedGlyph { cluster: glyph.cluster + first_length + 1, ..glyph }
        }
    };
    let mut line = Line::blank(shift + right.line.width, first.line.alignment, first.line.rtl);
    line.kashidas = first.line.kashidas + second.line.kashidas;
    for glyph in left.line.glyphs() {
        line.push(placed(left, glyph));
    }
    line.push(PlacedGlyph {
        glyph: space,
        x: left.line.width,
        y: 0.0,
        advance: shift - left.line.width,
        text: " ",
        cluster: first_length,
        rtl: first.line.rtl,
        face: first.face.style(),
    });
    for glyph in right.line.glyphs() {
        line.push(PlacedGlyph { x: glyph.x + shift, ..placed(right, glyph) });
    }
    PlacedLine { x: left.x, line, ..first.clone() }
}

/// One glyph to show: its CID, where its origin goes (from the line's origin,
/// y upwards from the baseline), how far it advances the text position, and
/// the size and face it is drawn in.
struct Show {
    cid: u16,
    x: f32,
    y: f32,
    width: f32,
    size: f32,
    face: Style,
    /// A blank glyph shown right after this one, and where the text
    /// position then goes: this glyph's origin plus so many thousandths of
    /// an em, in whole thousandths, so that it ends exactly where this glyph
    /// would have ended alone.
    follower: Option<(Follower, i32)>,
    /// The words in another language it belongs to (an index into the
    /// line's `langs`).
    lang: Option<usize>,
}

/// A blank glyph that follows a carrier in the stream (its CID).
enum Follower {
    /// A space of no width at the carrier's origin: it parts poppler's words.
    PartingSpace(u16),
    /// The direction mark at a run's edge, in the width the carrier gave up.
    DirectionMark(u16),
}

impl Show {
    fn new(cid: u16, x: f32, y: f32, width: f32, size: f32, face: Style) -> Show {
        Show { cid, x, y, width, size, face, follower: None, lang: None }
    }
}

/// Shows `shows` in order, inside the text object the page keeps open: a Tm
/// puts the line's origin in place, TJ adjustments each glyph's origin, Ts
/// raises or lowers marks (and footnote markers, which a Tf also makes
/// smaller); a Tf changes the face where a span does.
fn show_run(content: &mut Content, placed: &PlacedLine, shows: &[Show]) {
    let mut size = placed.size;
    let mut face = shows.first().map_or(placed.face.style(), |show| show.face);
    content.set_font(Name(resource_name(face)), size);
    content.set_text_matrix([1.0, 0.0, 0.0, 1.0, placed.x, placed.baseline]);
    let mut rise = 0.0;
    let mut cursor = 0.0; // the text position, from the line's origin
    let mut index = 0;
    let mut lang = None;
    while index < shows.len() {
        if shows[index].lang != lang {
            if lang.is_some() {
                content.end_marked_content();
            }
            lang = shows[index].lang;
            if let Some(language) = lang.and_then(|i| placed.langs.get(i)) {
                content
                    .begin_marked_content_with_properties(Name(b"Span"))
                    .properties()
                    .pair(Name(b"Lang"), TextStr(&language.lang));
            }
        }
        if shows[index].y != rise {
            rise = shows[index].y;
            content.set_rise(rise);
        }
        if shows[index].size != size || shows[index].face != face {
            size = shows[index].size;
            face = shows[index].face;
            content.set_font(Name(resource_name(face)), size);
        }
        let mut shown = content.show_positioned();
        let mut items = shown.items();
        while index < shows.len()
            && shows[index].y == rise
            && shows[index].size == size
            && shows[index].face == face
            && shows[index].lang == lang
        {
            let show = &shows[index];
            let gap = show.x - cursor;
            if gap.abs() > 0.0005 {
                items.adjust(-gap / size * 1000.0);
            }
            items.show(Str(&show.cid.to_be_bytes()));
            cursor = show.x + show.width;
            match show.follower {
                Some((Follower::PartingSpace(space), units)) => {
                    items.adjust((show.width / show.size * 1000.0).round());
                    items.show(Str(&space.to_be_bytes()));
                    items.adjust(-(units as f32));
                    cursor = show.x + units as f32 * show.size / 1000.0;
                }
                Some((Follower::DirectionMark(mark), units)) => {
                    items.show(Str(&mark.to_be_bytes()));
                    cursor = show.x + units as f32 * show.size / 1000.0;
                }
                None => {}
            }
            index += 1;
        }
        items.finish();
        shown.finish();
    }
    if lang.is_some() {
        content.end_marked_content();
    }
    if rise != 0.0 {
        content.set_rise(0.0);
    }
}
