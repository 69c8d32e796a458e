//! Which glyphs of a line give text back to extractors, and what text.
//!
//! poppler (pdftotext, most viewers on Linux) and pdf.js (Firefox) rebuild
//! text from glyph geometry and a simple bidi pass. What they need, measured
//! on the seed and our examples:
//! - a glyph that starts within 0.1 em of the previous one is a duplicate to
//!   poppler (it breaks the word there), so harakat and very narrow joining
//!   forms carry no text of their own: they give it to a neighbouring
//!   "carrier" glyph of the same word, as a ligature carries all its letters;
//! - both reverse right-to-left runs character by character, a carrier's
//!   characters included, so a carrier's text is stored in visual order;
//! - pdf.js skips a bare space without noting where it ended, so in a
//!   right-to-left line a space is written as ARABIC LETTER MARK + space;
//! - at the edge of a number or Latin word inside Arabic, the carrier starts
//!   with the paragraph's direction mark, which keeps the spaces around the
//!   embedded run on its right side (pdf.js takes U+200F RLM for a
//!   left-to-right character, so Arabic uses U+061C ALM).

use super::line::PlacedGlyph;

/// ARABIC LETTER MARK: an invisible strong right-to-left mark that both
/// poppler and pdf.js classify as right to left.
pub const ALM: char = '\u{061C}';
/// LEFT-TO-RIGHT MARK.
pub const LRM: char = '\u{200E}';

/// Smallest step between the origins of two glyphs that carry text: poppler
/// takes a character that starts within 0.1 em of the previous one for a
/// duplicate (fake bold) and breaks the word there.
const MIN_CARRIER_STEP_EM: f32 = 0.125;

/// Which glyphs of a line carry text for extraction, and what text.
///
/// A glyph carries text when it is not a mark and starts far enough from the
/// previous carrier; the text of every other glyph (harakat, narrow joining
/// forms such as a medial ح) is given to the carrier before it in logical
/// order, within the same word, so each carrier's text is a run of logical
/// characters, like a ligature's. Returns the text per glyph (empty for
/// glyphs that carry none).
pub fn carrier_texts(glyphs: &[PlacedGlyph], size: f32) -> Vec<String> {
    let is_space = |g: &PlacedGlyph| !g.text.is_empty() && g.text.chars().all(char::is_whitespace);
    let on_baseline = |g: &PlacedGlyph| g.y.abs() < 0.001 * size;
    let capable =
        |g: &PlacedGlyph| g.text.chars().next().is_some_and(|c| !is_mark(c)) && g.advance > 0.0 && on_baseline(g);
    // Word number of every glyph, words being separated by space glyphs.
    let mut word = 0;
    let words: Vec<usize> = glyphs
        .iter()
        .map(|g| {
            if is_space(g) {
                word += 1;
                let own = word;
                word += 1;
                own
            } else {
                word
            }
        })
        .collect();
    let mut carrier = vec![false; glyphs.len()];
    let mut last: Option<usize> = None;
    for (index, glyph) in glyphs.iter().enumerate() {
        if !capable(glyph) {
            continue;
        }
        let crowded =
            last.is_some_and(|l| words[l] == words[index] && glyph.x - glyphs[l].x < MIN_CARRIER_STEP_EM * size);
        if !crowded || is_space(glyph) {
            carrier[index] = true;
            last = Some(index);
        }
    }
    // Give every glyph's text to a carrier of its word: the one logically before it, else the first after it.
    let mut owned: Vec<Vec<usize>> = vec![Vec::new(); glyphs.len()];
    for (index, glyph) in glyphs.iter().enumerate() {
        if glyph.text.is_empty() {
            continue;
        }
        if carrier[index] {
            owned[index].push(index);
            continue;
        }
        let same_word = (0..glyphs.len()).filter(|&c| carrier[c] && words[c] == words[index]);
        let before =
            same_word.clone().filter(|&c| glyphs[c].cluster <= glyph.cluster).max_by_key(|&c| glyphs[c].cluster);
        let after = same_word.filter(|&c| glyphs[c].cluster > glyph.cluster).min_by_key(|&c| glyphs[c].cluster);
        match before.or(after) {
            Some(owner) => owned[owner].push(index),
            None => owned[index].push(index), // a word of marks alone keeps its own text
        }
    }
    owned
        .into_iter()
        .enumerate()
        .map(|(index, mut members)| {
            members.sort_by_key(|&m| glyphs[m].cluster);
            let text: String = members.iter().map(|&m| glyphs[m].text.as_str()).collect();
            // Extractors rebuild logical order by reversing right-to-left runs
            // character by character (poppler's reorderText, pdf.js's bidi), a
            // carrier's characters included; so they are stored in visual order.
            if glyphs[index].rtl && text.chars().count() > 1 { text.chars().rev().collect() } else { text }
        })
        .collect()
}

/// The text a carrier gives extractors. In a right-to-left line a space is
/// written as ALM + space: pdf.js skips a bare space without noting where it
/// ended, and then joins the next word to this one when that word's first
/// glyph in the stream carries a harakah (it measures no mark-bearing glyph);
/// with the ALM the space counts as a glyph of its own. The ALM is invisible
/// and only restates the direction the line already has.
pub fn extraction_text(text: &str, rtl: bool) -> String {
    if rtl && text == " " { format!("{ALM} ") } else { text.to_string() }
}

/// Combining marks (harakat and others) never carry text of their own.
pub fn is_mark(c: char) -> bool {
    matches!(c, '\u{0300}'..='\u{036F}' | '\u{0610}'..='\u{061A}' | '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{06D6}'..='\u{06ED}' | '\u{08D3}'..='\u{08FF}')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::backend::pdf::line::{Alignment, set_line};
    use crate::backend::pdf::linebreak::LineRange;
    use crate::backend::pdf::paragraph::ShapedParagraph;
    use crate::fonts::FontSet;

    fn carriers(text: &str) -> Vec<String> {
        let faces = FontSet::default().typefaces().unwrap();
        let paragraph = ShapedParagraph::new(text, &faces.regular, 12.0, true, "ar");
        let line = set_line(&paragraph, &LineRange { content: 0..text.len(), last: true }, 300.0, Alignment::Start);
        carrier_texts(&line.glyphs, 12.0)
    }

    /// What a bidi-reversing extractor reads: the stream reversed character by character.
    fn read_back(texts: &[String]) -> String {
        texts.concat().chars().rev().collect()
    }

    #[test]
    fn harakat_travel_with_a_carrier_and_come_back_in_place() {
        for word in ["سرًّا", "كَتَبَ", "الوَرَّاقُ", "أنّ"] {
            let texts = carriers(word);
            assert_eq!(read_back(&texts), word);
            for text in texts.iter().filter(|t| !t.is_empty()) {
                assert!(
                    text.chars().any(|c| !is_mark(c)),
                    "{word}: a carrier holds a letter, not only marks: {text:?}"
                );
            }
        }
    }

    #[test]
    fn spaces_in_arabic_lines_carry_the_letter_mark() {
        assert_eq!(extraction_text(" ", true), "\u{061C} ");
        assert_eq!(extraction_text(" ", false), " ");
        assert_eq!(extraction_text("ب", true), "ب");
    }
}
