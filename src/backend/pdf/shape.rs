//! Shaping one run of text with harfrust: glyph ids, advances and offsets,
//! and which characters each glyph stands for.
//!
//! Runs are shaped whole (never word by word: Amiri's lookups are heavy, and
//! a run shaped once is measured for every line-breaking trial), in pieces of
//! about a thousand words when very long. The buffer
//! uses cluster level "characters", so a harakah keeps its own glyph and its
//! own text, and a ligature carries all the characters it joins.

use crate::fonts::{Style, Typeface};
use harfrust::{Buffer, ClusterLevel, Direction};
use std::ops::Range;
use unicode_normalization::char::is_combining_mark;

/// One shaped glyph, in points at the run's size.
#[derive(Debug, Clone, PartialEq)]
pub struct ShapedGlyph {
    /// Glyph id in the font.
    pub glyph: u16,
    /// Byte offset in the paragraph of the first character this glyph stands for.
    pub cluster: usize,
    /// How many bytes of the paragraph, from `cluster`, this glyph gives
    /// back when text is extracted ([`ShapedGlyph::text`]); 0 for a second
    /// glyph of the same cluster.
    pub text_length: u32,
    /// Horizontal advance.
    pub advance: f32,
    /// Offset of the drawn glyph from the pen, rightwards.
    pub x_offset: f32,
    /// Offset of the drawn glyph from the baseline, upwards.
    pub y_offset: f32,
    /// Whether shaping the text cut before this glyph's cluster could give
    /// other glyphs (HarfBuzz's unsafe-to-break flag).
    pub unsafe_to_break: bool,
}

impl ShapedGlyph {
    /// The characters this glyph gives back, from the paragraph it was shaped in.
    pub fn text<'p>(&self, paragraph: &'p str) -> &'p str {
        &paragraph[self.cluster..self.cluster + self.text_length as usize]
    }
}

/// A shaped run: a stretch of one direction, glyphs in visual order (left to right).
#[derive(Debug, Clone)]
pub struct ShapedRun {
    /// Byte range in the paragraph.
    pub range: Range<usize>,
    /// Right to left?
    pub rtl: bool,
    /// The face it is set in (a paragraph names it; [`shape_run`] alone
    /// cannot, and says regular).
    pub face: Style,
    /// The glyphs, left to right as drawn.
    pub glyphs: Vec<ShapedGlyph>,
    /// Glyph indices ordered by cluster (then by index): the glyphs of any
    /// byte range are one slice of it, found by binary search, whatever order
    /// shaping left them in.
    by_cluster: Vec<u32>,
}

impl ShapedRun {
    /// The glyphs whose clusters lie in `range` (paragraph bytes), left to right.
    pub fn glyphs_in(&self, range: std::ops::Range<usize>) -> impl Iterator<Item = &ShapedGlyph> {
        let cluster = |index: &u32| self.glyphs[*index as usize].cluster;
        let from = self.by_cluster.partition_point(|i| cluster(i) < range.start);
        let to = self.by_cluster.partition_point(|i| cluster(i) < range.end);
        let mut indices = self.by_cluster[from..to].to_vec();
        indices.sort_unstable();
        indices.into_iter().map(|index| &self.glyphs[index as usize])
    }

    /// The cluster starts of the run, in order, each with whether shaping
    /// may cut the run before it (no glyph of it unsafe to break), walking
    /// down from just before byte `at` (`forward` false) or up from just
    /// after it (`forward` true).
    fn cuts(&self, at: usize, forward: bool) -> impl Iterator<Item = (usize, bool)> + '_ {
        let cluster = |k: usize| self.glyphs[self.by_cluster[k] as usize].cluster;
        let middle = self.by_cluster.partition_point(|&i| self.glyphs[i as usize].cluster <= at);
        let below = self.by_cluster.partition_point(|&i| self.glyphs[i as usize].cluster < at);
        let mut next = if forward { middle } else { below };
        std::iter::from_fn(move || {
            let (first, end) = if forward {
                let end = (next..self.by_cluster.len())
                    .find(|&k| cluster(k) != cluster(next))
                    .unwrap_or(self.by_cluster.len());
                (next, end)
            } else {
                let end = next;
                (end.checked_sub(1)?, end)
            };
            if first >= self.by_cluster.len() {
                return None;
            }
            let start = (0..first).rev().take_while(|&k| cluster(k) == cluster(first)).last().unwrap_or(first);
            let first = if forward { first } else { start };
            let safe = (first..end).all(|k| !self.glyphs[self.by_cluster[k] as usize].unsafe_to_break);
            next = if forward { end } else { first };
            Some((cluster(first), safe))
        })
    }
}

/// Shapes `paragraph[range]` in one direction with `face` at `size` points.
///
/// A run longer than [`PIECE`] bytes is shaped in pieces cut at spaces: the
/// shaper's buffers grow with what it is given (a one-megabyte paragraph
/// took 45 MB at once), and a piece of some thousand words shapes as it
/// would in the whole run, but for what a font does across the one space
/// where it is cut.
pub fn shape_run(
    face: &Typeface,
    paragraph: &str,
    range: Range<usize>,
    rtl: bool,
    language: &str,
    size: f32,
) -> ShapedRun {
    let mut pieces = Vec::new();
    let mut start = range.start;
    while range.end - start > PIECE {
        let window = &paragraph[start..floor_boundary(paragraph, start + PIECE)];
        // After a space; in a "word" of more than a piece (a pasted blob),
        // after a letter that joins nothing after it, else between any two
        // characters but never before a mark, with the letters around the
        // cut given to the shaper as context so that they still join.
        let cut = window
            .rfind(' ')
            .filter(|&space| space > 0)
            .map(|space| space + 1)
            .or_else(|| blob_cut(window, |before, _| joins_nothing_after(before)))
            .or_else(|| blob_cut(window, |_, next| !is_combining_mark(next)))
            .unwrap_or(window.len());
        pieces.push(start..start + cut);
        start += cut;
    }
    pieces.push(start..range.end);
    if rtl {
        pieces.reverse(); // glyphs run left to right: the run's end first
    }
    // About a glyph a character: room made once, not doubled as it fills
    // (a doubling is the peak of a long paragraph).
    let characters = paragraph[range.clone()].chars().count();
    let mut glyphs = Vec::with_capacity(characters + characters / 8);
    for piece in pieces {
        let before =
            &paragraph[floor_boundary(paragraph, piece.start.saturating_sub(16)).max(range.start)..piece.start];
        let after = &paragraph[piece.end..ceil_boundary(paragraph, piece.end + 16).min(range.end)];
        shape_piece(face, paragraph, piece, (before, after), rtl, language, size, &mut glyphs);
    }
    glyphs.shrink_to_fit();
    let mut by_cluster: Vec<u32> = (0..glyphs.len() as u32).collect();
    by_cluster.sort_by_key(|&index| (glyphs[index as usize].cluster, index));
    ShapedRun { range, rtl, face: Style::Regular, glyphs, by_cluster }
}

/// The last place in `window` (not its start) between two characters that
/// `fits` accepts, as a byte offset.
fn blob_cut(window: &str, fits: impl Fn(char, char) -> bool) -> Option<usize> {
    let mut characters = window.char_indices().rev().peekable();
    while let Some((at, next)) = characters.next() {
        let (_, before) = *characters.peek()?;
        if at > 0 && fits(before, next) {
            return Some(at);
        }
    }
    None
}

/// Arabic letters that join only to the letter before them (alef, dal,
/// thal, reh, zain, waw, teh marbuta and their hamza forms) and hamza: the
/// shaping after them does not depend on them.
fn joins_nothing_after(c: char) -> bool {
    matches!(c, '\u{0621}'..='\u{0625}' | '\u{0627}' | '\u{0629}' | '\u{062F}'..='\u{0632}' | '\u{0648}')
}

/// The nearest character boundary at or before byte `at` of `text`.
fn floor_boundary(text: &str, at: usize) -> usize {
    (0..=at.min(text.len())).rev().find(|&at| text.is_char_boundary(at)).unwrap_or(0)
}

/// The nearest character boundary at or after byte `at` of `text`.
fn ceil_boundary(text: &str, at: usize) -> usize {
    (at.min(text.len())..=text.len()).find(|&at| text.is_char_boundary(at)).unwrap_or(text.len())
}

/// The longest stretch of a run shaped at once, in bytes (about a thousand
/// Arabic words).
pub const PIECE: usize = 16 * 1024;

/// Shapes `paragraph[range]`, with the text around it as context (what
/// its ends join to), and appends its glyphs, left to right.
#[allow(clippy::too_many_arguments)]
fn shape_piece(
    face: &Typeface,
    paragraph: &str,
    range: Range<usize>,
    (before, after): (&str, &str),
    rtl: bool,
    language: &str,
    size: f32,
    glyphs: &mut Vec<ShapedGlyph>,
) {
    let text = &paragraph[range.clone()];
    let mut buffer = Buffer::new();
    // A tab inside a pasted paragraph is set as a space (fonts have no tab
    // glyph); it keeps its own text, and the byte offsets stay the same.
    buffer.push_str(&text.replace('\t', " "));
    if !before.is_empty() {
        buffer.set_pre_context(before);
    }
    if !after.is_empty() {
        buffer.set_post_context(after);
    }
    buffer.set_cluster_level(ClusterLevel::Characters);
    buffer.guess_segment_properties();
    buffer.set_direction(if rtl { Direction::RightToLeft } else { Direction::LeftToRight });
    buffer.set_language(language.parse().ok());
    face.shape(&mut buffer);

    let infos = buffer.glyph_infos();
    let positions = buffer.glyph_positions();
    let mut starts: Vec<usize> = infos.iter().map(|info| info.cluster as usize).collect();
    starts.sort_unstable();
    starts.dedup();
    let cluster_length =
        |start: usize| starts.get(starts.partition_point(|&s| s <= start)).copied().unwrap_or(text.len()) - start;

    let first = glyphs.len();
    glyphs.extend(infos.iter().zip(positions).map(|(info, position)| ShapedGlyph {
        glyph: info.glyph_id as u16,
        cluster: range.start + info.cluster as usize,
        text_length: 0,
        advance: face.to_points(position.x_advance as f32, size),
        x_offset: face.to_points(position.x_offset as f32, size),
        y_offset: face.to_points(position.y_offset as f32, size),
        unsafe_to_break: info.unsafe_to_break(),
    }));

    // The first glyph of each cluster in logical order carries its text.
    let mut seen = vec![false; text.len() + 1];
    let piece = &mut glyphs[first..];
    let logical: Box<dyn Iterator<Item = &mut ShapedGlyph>> =
        if rtl { Box::new(piece.iter_mut().rev()) } else { Box::new(piece.iter_mut()) };
    for glyph in logical {
        if !std::mem::replace(&mut seen[glyph.cluster - range.start], true) {
            glyph.text_length = cluster_length(glyph.cluster - range.start) as u32;
        }
    }
}

/// One word to elongate: its paragraph bytes, where the tatweels go, how many.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Elongated {
    /// The word, in paragraph bytes.
    pub word: Range<usize>,
    /// The byte offset the tatweels are inserted before.
    pub at: usize,
    /// How many tatweels.
    pub count: usize,
}

/// Shapes words of `paragraph` with tatweels inserted (kashida), each alone.
/// Returns each word's glyphs, left to right. Clusters are paragraph
/// offsets of the original text; inserted tatweels form glyphs with no text,
/// at the insertion point.
pub fn shape_elongated(
    face: &Typeface,
    paragraph: &str,
    words: &[Elongated],
    language: &str,
    size: f32,
) -> Vec<Vec<ShapedGlyph>> {
    words.iter().map(|item| shape_with_tatweels(face, paragraph, item.word.clone(), item, language, size)).collect()
}

/// The tatweel a kashida is made of.
const TATWEEL: char = '\u{0640}';

/// Shapes `paragraph[stretch]`, right to left, with `item`'s tatweels
/// inserted before `item.at`, and returns its glyphs left to right with
/// clusters and texts in the paragraph's own offsets.
fn shape_with_tatweels(
    face: &Typeface,
    paragraph: &str,
    stretch: Range<usize>,
    item: &Elongated,
    language: &str,
    size: f32,
) -> Vec<ShapedGlyph> {
    let from = stretch.start;
    let mut text = String::with_capacity(stretch.len() + item.count * TATWEEL.len_utf8());
    text.push_str(&paragraph[from..item.at]);
    text.extend(std::iter::repeat_n(TATWEEL, item.count));
    text.push_str(&paragraph[item.at..stretch.end]);
    let (split, inserted) = (item.at - from, item.count * TATWEEL.len_utf8());
    // Offsets in the shaped text back to the paragraph: the inserted
    // tatweels collapse onto `at`.
    let original = |offset: usize| {
        from + if offset < split {
            offset
        } else if offset < split + inserted {
            split
        } else {
            offset - inserted
        }
    };
    let mut glyphs = shape_run(face, &text, 0..text.len(), true, language, size).glyphs;
    for glyph in &mut glyphs {
        let (start, end) = (original(glyph.cluster), original(glyph.cluster + glyph.text_length as usize));
        glyph.cluster = start;
        // A glyph gives back only the paragraph's own characters: the inserted
        // tatweels are layout, even where shaping merged them into a tatweel
        // the author typed.
        if glyph.text_length > 0 {
            glyph.text_length = (end - start) as u32;
        }
    }
    glyphs
}

/// The bytes of `run` to shape again to elongate `item`: from the second
/// cluster before the site where shaping may cut the run (unsafe-to-break
/// flag clear) to the first such cluster after it, or the run's ends. The
/// stretch may reach past the word: a word's first letter can take its form
/// from the word before (Amiri narrows an initial kaf after a word).
fn reshaped_stretch(run: &ShapedRun, item: &Elongated) -> Range<usize> {
    // The second cut back, not the first: a cut is safe in the text as it
    // was, and the tatweels change the glyph after it, which can change the
    // pair it makes across the cut (Amiri kerns a reh against a yeh that now
    // joins a kashida). Forward, the first cut did on every site tested.
    // Looked for no further than a little past the word: in a run with no
    // safe cut for pages (one enormous pasted word) the word's own ends do.
    let (lowest, highest) = (item.word.start.saturating_sub(NEAR), item.word.end + NEAR);
    let cut = |forward: bool, skip: usize| {
        run.cuts(item.at, forward)
            .take_while(|&(cluster, _)| (lowest..=highest).contains(&cluster))
            .filter(|&(_, safe)| safe)
            .nth(skip)
            .map(|(cluster, _)| cluster)
    };
    let from = cut(false, 1).unwrap_or(if lowest <= run.range.start { run.range.start } else { item.word.start });
    let to = cut(true, 0).unwrap_or(if highest >= run.range.end { run.range.end } else { item.word.end });
    from..to
}

/// How far past an elongated word, in bytes, a cut is looked for.
const NEAR: usize = 64;

/// Shapes one word of a right-to-left `run` with tatweels inserted, as
/// [`shape_elongated`] does, but shapes again only the stretch around the
/// site ([`reshaped_stretch`]); the rest of the word keeps the run's own
/// glyphs. The result is the glyphs the run would have with the tatweels
/// typed in (a test compares the two on every site of the examples and the
/// fixtures), for less shaping than the whole word took.
pub fn shape_elongated_in(
    run: &ShapedRun,
    face: &Typeface,
    paragraph: &str,
    item: &Elongated,
    language: &str,
    size: f32,
) -> Vec<ShapedGlyph> {
    // Amiri joins a run of tatweels into one glyph whose cluster need not
    // start where the stretch does: a word holding a typed tatweel is shaped
    // again whole.
    if !run.rtl || paragraph[item.word.clone()].contains(TATWEEL) {
        return shape_with_tatweels(face, paragraph, item.word.clone(), item, language, size);
    }
    let Range { start: from, end: to } = reshaped_stretch(run, item);
    let reshaped = shape_with_tatweels(face, paragraph, from..to, item, language, size)
        .into_iter()
        .filter(|glyph| item.word.contains(&glyph.cluster));
    // Left to right: the end of the word, the stretch, the start of the word.
    let word = item.word.clone();
    let kept = move |keep: fn(usize, usize, usize) -> bool| {
        run.glyphs_in(word.clone()).filter(move |g| keep(g.cluster, from, to)).cloned()
    };
    kept(|cluster, _, to| cluster >= to).chain(reshaped).chain(kept(|cluster, from, _| cluster < from)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::backend::pdf::paragraph::ShapedParagraph;
    use crate::fonts::FontSet;

    #[test]
    fn a_ligature_gives_back_all_its_letters() {
        let faces = FontSet::default().typefaces().unwrap();
        let run = shape_run(&faces.regular, "fi", 0..2, false, "en", 12.0);
        assert_eq!(run.glyphs.len(), 1, "Amiri has an f_i ligature");
        assert_eq!(run.glyphs[0].text("fi"), "fi");
    }

    #[test]
    fn lam_alef_glyphs_read_right_to_left_give_both_letters() {
        let faces = FontSet::default().typefaces().unwrap();
        let run = shape_run(&faces.regular, "لا", 0..4, true, "ar", 12.0);
        assert_eq!(run.glyphs.iter().rev().map(|g| g.text("لا")).collect::<String>(), "لا");
    }

    #[test]
    fn a_tab_is_set_as_a_space_not_a_missing_glyph() {
        let faces = FontSet::default().typefaces().unwrap();
        let text = "ورق\tوحبر";
        let run = shape_run(&faces.regular, text, 0..text.len(), true, "ar", 12.0);
        assert!(run.glyphs.iter().all(|g| g.glyph != 0));
        assert!(run.glyphs.iter().any(|g| g.text(text) == "\t"));
    }

    #[test]
    fn an_elongated_word_is_wider_and_gives_back_only_its_own_letters() {
        let faces = FontSet::default().typefaces().unwrap();
        let text = "في المدرسة";
        let word = text.find("المدرسة").unwrap()..text.len();
        let at = text.find('ة').unwrap();
        let plain = shape_run(&faces.regular, text, word.clone(), true, "ar", 12.0);
        let other = 0..text.find(' ').unwrap();
        let words = [
            Elongated { word: word.clone(), at, count: 2 },
            Elongated { word: other.clone(), at: text.find('ي').unwrap(), count: 1 },
        ];
        let shaped = shape_elongated(&faces.regular, text, &words, "ar", 12.0);
        let long = &shaped[0];
        assert!(shaped[1].iter().all(|g| other.contains(&g.cluster)), "each word gets its own glyphs");
        let width = |glyphs: &[ShapedGlyph]| glyphs.iter().map(|g| g.advance).sum::<f32>();
        assert!(width(long) > width(&plain.glyphs) + 3.0, "two tatweels add width");
        let logical: String = long.iter().rev().map(|g| g.text(text)).collect();
        assert_eq!(logical, "المدرسة", "the tatweels give back no text");
        assert!(long.iter().all(|g| word.contains(&g.cluster)));
    }

    #[test]
    fn reshaping_around_the_site_gives_the_glyphs_of_typed_tatweels() {
        let faces = FontSet::default().typefaces().unwrap();
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut texts = Vec::new();
        for folder in ["examples/series", "examples/harakat", "docs", "tests/fixtures/reader"] {
            for entry in std::fs::read_dir(root.join(folder)).unwrap() {
                let path = entry.unwrap().path();
                if path.extension().is_some_and(|e| e == "txt") {
                    texts.push(std::fs::read_to_string(path).unwrap());
                }
            }
        }
        let (mut compared, mut stretched, mut words) = (0, 0, 0);
        for paragraph in texts.iter().flat_map(|text| text.lines()).filter(|line| line.len() > 40) {
            let shaped = ShapedParagraph::new(paragraph, &faces, Style::Regular, 12.0, true, "ar");
            for site in crate::backend::pdf::kashida::sites(paragraph, 0..paragraph.len()) {
                let Some(run) = shaped.run_containing(&site.word).filter(|run| run.rtl) else { continue };
                for count in [1, 3] {
                    let item = Elongated { word: site.word.clone(), at: site.at, count };
                    // As if the author had typed the tatweels: the whole run shaped with them
                    // (a word with a typed tatweel is shaped again whole, alone).
                    let typed = Elongated { word: run.range.clone(), at: site.at, count };
                    let whole = if paragraph[site.word.clone()].contains('\u{0640}') {
                        shape_elongated(&faces.regular, paragraph, std::slice::from_ref(&item), "ar", 12.0)
                    } else {
                        let mut whole = shape_elongated(&faces.regular, paragraph, &[typed], "ar", 12.0);
                        whole[0].retain(|g| site.word.contains(&g.cluster));
                        whole
                    };
                    let around = shape_elongated_in(run, &faces.regular, paragraph, &item, "ar", 12.0);
                    let seen = |glyphs: &[ShapedGlyph]| {
                        glyphs
                            .iter()
                            .map(|g| (g.glyph, g.cluster, g.text(paragraph), g.advance, g.x_offset, g.y_offset))
                            .collect::<Vec<_>>()
                    };
                    assert_eq!(seen(&around), seen(&whole[0]), "{} at {}", &paragraph[site.word.clone()], site.at);
                    compared += 1;
                    stretched += reshaped_stretch(run, &item).len();
                    words += site.word.len();
                }
            }
        }
        assert!(compared > 1000, "only {compared} sites compared");
        eprintln!("{compared} sites; stretches {stretched} bytes against words {words}");
    }

    /// The glyphs of `text` shaped in one buffer, whatever its length.
    fn shaped_whole(face: &Typeface, text: &str) -> Vec<ShapedGlyph> {
        let mut glyphs = Vec::new();
        shape_piece(face, text, 0..text.len(), ("", ""), true, "ar", 12.0, &mut glyphs);
        glyphs
    }

    #[test]
    fn a_long_run_shaped_in_pieces_gives_the_glyphs_of_one_buffer() {
        let faces = FontSet::default().typefaces().unwrap();
        let essay =
            std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/examples/harakat/al-warraq.txt")).unwrap();
        let mut text = String::new();
        for line in essay.lines().cycle().filter(|line| line.len() > 80) {
            if text.len() > 3 * PIECE {
                break;
            }
            text.push_str(line);
            text.push(' ');
        }
        let text = text.trim_end();
        let run = shape_run(&faces.regular, text, 0..text.len(), true, "ar", 12.0);
        let seen = |glyphs: &[ShapedGlyph]| {
            glyphs
                .iter()
                .map(|g| (g.glyph, g.cluster, g.text(text), g.advance, g.x_offset, g.y_offset))
                .collect::<Vec<_>>()
        };
        assert_eq!(seen(&run.glyphs), seen(&shaped_whole(&faces.regular, text)));
    }

    #[test]
    fn a_long_blob_without_spaces_is_cut_where_shaping_allows() {
        let faces = FontSet::default().typefaces().unwrap();
        // Fully vocalised words run together, and a Quranic small high mark.
        let blob = "كَتَبَالوَرّاقُفِيبَغدادَكِتابًاۡ".repeat(2 * PIECE / 60);
        let run = shape_run(&faces.regular, &blob, 0..blob.len(), true, "ar", 12.0);
        let logical: String = run.glyphs.iter().rev().map(|g| g.text(&blob)).collect();
        assert_eq!(logical, blob, "every character given back once, in order");
        let whole = shaped_whole(&faces.regular, &blob);
        let ids = |glyphs: &[ShapedGlyph]| glyphs.iter().map(|g| g.glyph).collect::<Vec<_>>();
        assert_eq!(ids(&run.glyphs), ids(&whole), "cut after letters that join nothing after them");
    }

    #[test]
    fn a_kashida_after_a_typed_tatweel_gives_back_only_the_typed_one() {
        let faces = FontSet::default().typefaces().unwrap();
        let text = "جمـيل";
        let at = text.find('ي').unwrap();
        let words = [Elongated { word: 0..text.len(), at, count: 2 }];
        let shaped = shape_elongated(&faces.regular, text, &words, "ar", 12.0);
        let logical: String = shaped[0].iter().rev().map(|g| g.text(text)).collect();
        assert_eq!(logical, text, "the typed tatweel stays, the inserted ones give nothing");
    }

    #[test]
    fn each_harakah_keeps_its_own_text() {
        let faces = FontSet::default().typefaces().unwrap();
        let word = "كَتَبَ";
        let run = shape_run(&faces.regular, word, 0..word.len(), true, "ar", 12.0);
        let mut texts: Vec<&str> = run.glyphs.iter().rev().map(|g| g.text(word)).filter(|t| !t.is_empty()).collect();
        texts.dedup();
        assert_eq!(texts.concat(), word);
        assert!(texts.contains(&"\u{064E}"), "fatha is its own glyph: {texts:?}");
    }
}
