//! Which glyphs of a line give text back to extractors, and what text.
//!
//! Viewers rebuild text from the glyphs of the content stream: poppler
//! (Evince, Okular, pdftotext), MuPDF, PDFium (Chrome) and pdf.js (Firefox).
//! What they need, measured with ../shared/tools/pdfsearch.py:
//! - a glyph that starts within 0.1 em of the previous one is a duplicate to
//!   poppler (it breaks the word there), so harakat and very narrow joining
//!   forms carry no text of their own: they give it to a "carrier" glyph, as
//!   a ligature carries all its letters;
//! - all four reverse right-to-left runs character by character, a carrier's
//!   characters included, so a carrier's text is stored in visual order;
//! - pdf.js measures a glyph whose text starts with a combining mark as zero
//!   wide, and then breaks the line there; so a glyph's text never starts
//!   with a mark in the stream. Each glyph without text of its own gives it
//!   to the next carrier in logical order (its text, reversed, then starts
//!   with the carrier's own letter); marks at the end of a word ride on the
//!   space after it, and marks at the end of a line on a blank glyph;
//! - spaces are real U+0020 and nothing else is added here: no direction
//!   marks, no invisible letters, so phrases are found and copied text is
//!   clean (emit adds a direction mark at the edges of a number or Latin
//!   word inside Arabic, for poppler's `reorderText`);
//! - in a right-to-left line a space is not a glyph of its own to extractors:
//!   its text (with the marks ending the word before it) goes to a
//!   neighbouring carrier, so the line is one unbroken run of text.
//!   poppler-glib's copy reverses the words of a right-to-left line but takes
//!   the space after each from the gap on its other side, and so joined the
//!   first two words of every line; and pdf.js drops a whitespace glyph's
//!   text, with any harakat that end the word before it.
//!
//! Everything here is linear in the line's length (one sort by cluster).

use super::line::PlacedGlyph;

/// Smallest step between the origins of two glyphs that carry text: poppler
/// takes a character that starts within 0.1 em of the previous one for a
/// duplicate (fake bold) and breaks the word there.
const MIN_CARRIER_STEP_EM: f32 = 0.125;

/// Narrowest share of a carrier's width each of its characters may get, in
/// thousandths of an em (the unit of glyph widths): poppler spreads them
/// evenly and takes one that starts within 0.1 em of the one before for a
/// duplicate.
pub const MIN_CHARACTER_SLOT_UNITS: i32 = 110;

/// [`MIN_CHARACTER_SLOT_UNITS`] in em.
const MIN_CHARACTER_SLOT_EM: f32 = MIN_CHARACTER_SLOT_UNITS as f32 / 1000.0;

/// The text every glyph of a line gives back, and what is left at its end.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct LineText {
    /// The text per glyph, in visual order within each glyph (empty for
    /// glyphs that carry none).
    pub glyphs: Vec<String>,
    /// What the first carrier in the stream was handed by the glyphs before
    /// it in logical order, in visual order, when that holds marks in a
    /// right-to-left line (and then a space folded after it, see
    /// `fold_spaces`); emit draws it on a blank glyph right after that
    /// carrier. Empty otherwise.
    pub after_lead: String,
    /// Marks that follow the last carrier in logical order, with a space
    /// after them, in visual order; empty when there are none. Emit draws them on a
    /// blank glyph at the logical end of the line.
    pub trailing: String,
}

/// Which glyphs of a line carry text for extraction, and what text.
///
/// A glyph carries text when it is not a mark and starts far enough from the
/// previous carrier (a space always carries at first); the text of every
/// other glyph (harakat, narrow joining forms such as a medial ح) goes to the
/// next carrier in logical order, so each carrier's text is a run of logical
/// characters that ends with its own, like a ligature's. In a right-to-left
/// line (`rtl`), spaces then give their text to a neighbouring carrier.
pub fn carrier_texts(glyphs: &[PlacedGlyph], size: f32, rtl: bool) -> LineText {
    let is_space = |g: &PlacedGlyph| !g.text.is_empty() && g.text.chars().all(char::is_whitespace);
    let on_baseline = |g: &PlacedGlyph| g.y.abs() < 0.001 * size;
    let capable =
        |g: &PlacedGlyph| g.text.chars().next().is_some_and(|c| !is_mark(c)) && g.advance > 0.0 && on_baseline(g);
    // Carriers, in visual order: a glyph crowding the previous carrier of its word gives its text away.
    let mut carrier = vec![false; glyphs.len()];
    let mut last: Option<usize> = None;
    for (index, glyph) in glyphs.iter().enumerate() {
        if is_space(glyph) {
            carrier[index] = true;
            last = None;
            continue;
        }
        if !capable(glyph) {
            continue;
        }
        let crowded = last.is_some_and(|l| glyph.x - glyphs[l].x < MIN_CARRIER_STEP_EM * size);
        if !crowded {
            carrier[index] = true;
            last = Some(index);
        }
    }
    // Walk the glyphs with text in logical order, handing pending text forward.
    let mut logical: Vec<usize> = (0..glyphs.len()).filter(|&i| !glyphs[i].text.is_empty()).collect();
    logical.sort_by_key(|&i| glyphs[i].cluster);
    let mut texts = vec![String::new(); glyphs.len()];
    let mut pending = String::new();
    for index in logical {
        pending.push_str(glyphs[index].text);
        if carrier[index] {
            texts[index] = visual(std::mem::take(&mut pending), glyphs[index].rtl);
        }
    }
    let mut after_lead = lead_without_marks(glyphs, &mut texts);
    if rtl {
        fold_spaces(glyphs, &mut texts, &mut after_lead, size);
    }
    let trailing = if pending.is_empty() {
        String::new()
    } else {
        let rtl = glyphs.iter().any(|g| g.rtl);
        pending.push(' ');
        visual(pending, rtl)
    };
    LineText { glyphs: texts, after_lead, trailing }
}

/// pdf.js takes any glyph whose text holds a combining mark for a zero-width
/// diacritic and never compares its position with the previous glyph's. So
/// when the first glyph of a right-to-left line in the stream (the end of
/// its last word) carries marks, pdf.js does not see the line change there
/// and hangs that glyph's text on the end of the line before. That glyph
/// keeps only its own letters; what it was handed (harakat, narrow forms
/// before it in logical order) is returned, in visual order, for a blank
/// glyph drawn right after it, where every extractor reads it in the same place.
fn lead_without_marks(glyphs: &[PlacedGlyph], texts: &mut [String]) -> String {
    let Some(first) = texts.iter().position(|text| !text.is_empty()) else { return String::new() };
    let own = &glyphs[first].text;
    if !glyphs[first].rtl || !texts[first].chars().any(is_mark) || own.chars().any(is_mark) {
        return String::new();
    }
    // Visual order: the carrier's own letters first, then what it was handed.
    if !texts[first].starts_with(&visual(own.to_string(), true)) {
        return String::new();
    }
    texts[first].split_off(own.len())
}

/// In a right-to-left line, every right-to-left space gives its text (the
/// space, and the harakat ending the word before it) to a neighbouring
/// carrier, so that no glyph holds a space alone and the characters keep
/// their visual order: appended to the carrier on its left when that one is
/// right to left, else (a number or Latin word on its left) put in front of
/// the right-to-left carrier on its right, where emit's direction mark then
/// comes first. The first carrier in the stream (the line's logical end) is
/// followed by `after_lead` there, so a space after it joins that instead;
/// and it never takes harakat itself, for the reason `lead_without_marks`
/// gives.
///
/// poppler spreads a glyph's characters evenly over its width and takes a
/// character that starts within 0.1 em of the one before for a duplicate;
/// a space stays a glyph of its own where the carrier would get too crowded
/// (`after_lead` is drawn at no width, so it is not measured).
fn fold_spaces(glyphs: &[PlacedGlyph], texts: &mut [String], after_lead: &mut String, size: f32) {
    let carriers: Vec<usize> = (0..texts.len()).filter(|&i| !texts[i].is_empty()).collect();
    let spaces: Vec<bool> = carriers.iter().map(|&i| texts[i].starts_with(' ') && glyphs[i].rtl).collect();
    // Where the glyph showing carrier k ends: at the next carrier left standing.
    let end_of = |k: usize, texts: &[String]| {
        let last = &glyphs[carriers[k]];
        carriers[k + 1..].iter().find(|&&i| !texts[i].is_empty()).map_or(last.x + last.advance, |&i| glyphs[i].x)
    };
    let roomy = |width: f32, characters: usize| width / characters as f32 >= MIN_CHARACTER_SLOT_EM * size;
    let mut left: Option<usize> = None;
    for k in 0..carriers.len() {
        let index = carriers[k];
        let length = texts[index].chars().count();
        let folded = spaces[k]
            && match left {
                Some(0) if after_lead.is_empty() && texts[index].chars().any(is_mark) => false,
                Some(l) if glyphs[carriers[l]].rtl => {
                    let target = carriers[l];
                    let lead = l == 0 && !after_lead.is_empty();
                    let room =
                        lead || roomy(end_of(k, texts) - glyphs[target].x, texts[target].chars().count() + length);
                    if room {
                        let text = std::mem::take(&mut texts[index]);
                        let into = if lead { &mut *after_lead } else { &mut texts[target] };
                        into.push_str(&text);
                    }
                    room
                }
                // One character more on the right: emit's direction mark.
                Some(_) if k + 1 < carriers.len() && glyphs[carriers[k + 1]].rtl && !spaces[k + 1] => {
                    let target = carriers[k + 1];
                    let room =
                        roomy(end_of(k + 1, texts) - glyphs[target].x, texts[target].chars().count() + length + 1);
                    if room {
                        let text = std::mem::take(&mut texts[index]);
                        texts[target].insert_str(0, &text);
                    }
                    room
                }
                _ => false,
            };
        if !folded {
            left = Some(k);
        }
    }
}

/// Extractors rebuild logical order by reversing right-to-left runs character
/// by character (poppler's reorderText, pdf.js's bidi, MuPDF, PDFium), a
/// carrier's characters included; so its text is stored in visual order.
fn visual(text: String, rtl: bool) -> String {
    if rtl && text.chars().count() > 1 { text.chars().rev().collect() } else { text }
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

    fn carriers(text: &str) -> LineText {
        carriers_in(text, true)
    }

    /// The text map of `text` set as one line of a paragraph in that direction.
    fn carriers_in(text: &str, rtl: bool) -> LineText {
        let faces = FontSet::default().typefaces().unwrap();
        let language = if rtl { "ar" } else { "en" };
        let paragraph = ShapedParagraph::new(text, &faces, crate::fonts::Style::Regular, 12.0, rtl, language);
        let line = set_line(&paragraph, &LineRange { content: 0..text.len(), last: true }, 300.0, Alignment::Start);
        carrier_texts(&line.glyphs().collect::<Vec<_>>(), 12.0, rtl)
    }

    /// What a bidi-reversing extractor reads: the stream (blank end glyph first) reversed.
    fn read_back(line: &LineText) -> String {
        let mut stream = line.trailing.clone();
        for (k, text) in line.glyphs.iter().filter(|t| !t.is_empty()).enumerate() {
            stream.push_str(text);
            if k == 0 {
                stream.push_str(&line.after_lead);
            }
        }
        stream.chars().rev().collect()
    }

    #[test]
    fn harakat_travel_with_a_carrier_and_come_back_in_place() {
        for word in ["سرًّا", "كَتَبَ", "الوَرَّاقُ", "أنّ", "كَتَبَ الوَرَّاقُ سِرًّا"]
        {
            let line = carriers(word);
            assert_eq!(read_back(&line).trim_end(), word);
            for text in line.glyphs.iter().filter(|t| !t.is_empty()) {
                assert!(
                    text.chars().next().is_some_and(|c| !is_mark(c)),
                    "{word}: a carrier's text never starts with a mark in the stream: {text:?}"
                );
            }
        }
    }

    #[test]
    fn marks_come_back_in_the_source_order() {
        // «رَّ» is ر fatha shadda in the source (NFC); the shaper draws shadda
        // first, but text follows the source's clusters, not the glyph order.
        let word = "الوَرَّاقِ";
        assert_eq!(read_back(&carriers(word)).trim_end(), word);
        assert!(word.contains("\u{064E}\u{0651}"));
    }

    #[test]
    fn spaces_are_plain_and_nothing_invisible_is_added() {
        let line = carriers("في مواجهة جماعات متطرفة");
        let all = format!("{}{}", line.trailing, line.glyphs.concat());
        assert_eq!(all.chars().filter(|&c| c == ' ').count(), 3);
        assert!(!all.chars().any(|c| matches!(c, '\u{061C}' | '\u{200B}'..='\u{200F}')), "{all:?}");
        assert!(line.trailing.is_empty());
    }

    #[test]
    fn no_glyph_of_a_right_to_left_line_holds_a_space_alone() {
        // poppler-glib's copy joined the first two words of a line, and pdf.js
        // dropped a whitespace glyph's text with the harakat riding on it.
        let sentence = "كَتَبَ الوَرَّاقُ سِرًّا فِي بَغْدَادَ";
        let line = carriers(sentence);
        assert_eq!(read_back(&line).trim_end(), sentence);
        let texts: Vec<&String> = line.glyphs.iter().filter(|t| !t.is_empty()).collect();
        assert_eq!(texts.iter().map(|t| t.matches(' ').count()).sum::<usize>(), 4);
        assert!(texts.iter().all(|t| !t.starts_with(' ')), "{texts:?}");
    }

    /// A glyph of a synthetic line, `width` wide at `x`.
    fn glyph(x: f32, width: f32, text: &'static str, cluster: usize, rtl: bool) -> PlacedGlyph<'static> {
        PlacedGlyph { glyph: 1, x, y: 0.0, advance: width, text, cluster, rtl, face: crate::fonts::Style::Regular }
    }

    #[test]
    fn a_space_beside_a_number_goes_to_the_arabic_letter_on_its_right() {
        // «ب 1 ا» in a right-to-left line, drawn left to right: ا ␠ 1 ␠ ب.
        let glyphs = [
            glyph(0.0, 6.0, "ا", 8, true),
            glyph(6.0, 3.0, " ", 7, true),
            glyph(9.0, 6.0, "1", 6, false),
            glyph(15.0, 3.0, " ", 5, true),
            glyph(18.0, 6.0, "ب", 3, true),
        ];
        let texts = carrier_texts(&glyphs, 12.0, true).glyphs;
        // The space after the number joins the alef on its left; the one
        // before it goes in front of the beh (emit puts its direction mark
        // first): the characters keep their visual order.
        assert_eq!(texts, ["ا ", "", "1", "", " ب"]);
    }

    #[test]
    fn a_space_stays_a_glyph_where_its_neighbour_would_be_too_crowded() {
        // «طَّ ن»: the fatha and shadda ending the first word ride on the
        // space. Folded into the nun, four characters would share 4 pt at
        // 12 pt, and poppler takes a character that starts within 0.1 em of
        // the one before for a duplicate.
        // (A mim after the nun, so that the nun is not the line's first glyph.)
        let line = |space: f32| {
            [
                glyph(0.0, 6.0, "م", 9, true),
                glyph(6.0, space, "ن", 7, true),
                glyph(6.0 + space, space, " ", 6, true),
                glyph(6.0 + 2.0 * space, 6.0, "ط", 0, true),
                glyph(6.0 + 2.0 * space, 0.0, "\u{64e}", 2, true),
                glyph(6.0 + 2.0 * space, 0.0, "\u{651}", 4, true),
            ]
        };
        let crowded = carrier_texts(&line(2.0), 12.0, true).glyphs;
        assert_eq!(crowded[..4], ["م", "ن", " \u{651}\u{64e}", "ط"]);
        let roomy = carrier_texts(&line(6.0), 12.0, true).glyphs;
        assert_eq!(roomy[..4], ["م", "ن \u{651}\u{64e}", "", "ط"]);
    }

    #[test]
    fn spaces_of_left_to_right_lines_stay_glyphs() {
        // In English the engines read spaces from the gaps as they should.
        let line = carriers_in("The paper road ran west", false);
        let texts: Vec<&String> = line.glyphs.iter().filter(|t| !t.is_empty()).collect();
        assert_eq!(texts.iter().filter(|t| t.as_str() == " ").count(), 4, "{texts:?}");
    }

    #[test]
    fn the_first_carrier_in_the_stream_takes_no_harakat_with_a_space() {
        // «بَ لا» at the end of a line: the lam-alef is the first glyph in the
        // stream. Holding the fatha that ends «بَ», it would be a zero-width
        // diacritic to pdf.js, which then misses the line change there.
        let glyphs = [
            glyph(0.0, 8.0, "لا", 4, true),
            glyph(8.0, 4.0, " ", 3, true),
            glyph(12.0, 8.0, "ب", 0, true),
            glyph(12.0, 0.0, "\u{64e}", 2, true),
        ];
        let texts = carrier_texts(&glyphs, 12.0, true).glyphs;
        assert_eq!(texts[..3], ["ال", " \u{64e}", "ب"]);
        // Without the harakah the space rides on the lam-alef.
        let bare = [glyph(0.0, 8.0, "لا", 3, true), glyph(8.0, 4.0, " ", 2, true), glyph(12.0, 8.0, "ب", 0, true)];
        assert_eq!(carrier_texts(&bare, 12.0, true).glyphs, ["ال ", "", "ب"]);
    }

    #[test]
    fn a_long_word_comes_back_whole() {
        // Every glyph of one long word is in the same word: the old per-glyph
        // search over the whole line was quadratic here.
        let word = "سَمَرْقَنْدَ".repeat(300);
        let line = carriers(&word);
        assert!(read_back(&line).trim_end() == word, "the long word does not come back whole");
    }
}
