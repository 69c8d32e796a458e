//! A paragraph made ready for line breaking: bidi levels resolved (UAX #9),
//! itemized into runs of one level and one face, each run shaped once, and
//! the advance of every character known.

use super::kashida::Justify;
use super::shape::{ShapedRun, shape_run};
use crate::fonts::{Style, Typefaces};
use std::ops::Range;
use unicode_bidi::{BidiInfo, Level};

/// What sets stretches of a paragraph apart from its running text.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Styling {
    /// Stretches set in another face than the paragraph's, in order, not overlapping.
    pub faces: Vec<(Range<usize>, Style)>,
    /// Stretches set left to right whatever surrounds them (inline code):
    /// each is a left-to-right isolate at the next left-to-right level, so
    /// the Arabic around them does not reorder them, nor they their digits
    /// and signs; Arabic inside one still runs right to left, joined.
    pub ltr: Vec<Range<usize>>,
}

impl Styling {
    /// The face of the character at byte `at`, if not the paragraph's.
    fn face_at(&self, at: usize) -> Option<Style> {
        let index = self.faces.partition_point(|(range, _)| range.end <= at);
        self.faces.get(index).filter(|(range, _)| range.start <= at).map(|(_, style)| *style)
    }
}

/// Makes `range` of `text` a left-to-right isolate two levels above the
/// right-to-left paragraph (UAX #9 rule X5a, as `<code dir="ltr">`): its own
/// bidi is resolved with a left-to-right base, and each of its levels raised
/// by two, so Latin in it stays at 2 and Arabic in it at 3, shaped right to left.
fn isolate_ltr(text: &str, levels: &mut [Level], range: &Range<usize>) {
    let range = range.start.min(text.len())..range.end.min(text.len());
    let Some(inner) = text.get(range.clone()) else {
        return;
    };
    let own = BidiInfo::new(inner, Some(Level::ltr()));
    for (level, resolved) in levels[range].iter_mut().zip(&own.levels) {
        *level = Level::new(resolved.number().saturating_add(2)).or_else(|_| Level::new(2)).unwrap_or(Level::ltr());
    }
}

/// A paragraph's text with its bidi analysis and shaped runs.
pub struct ShapedParagraph<'a> {
    /// The text, one paragraph, no line breaks.
    pub text: &'a str,
    /// Bidi analysis of the text.
    pub bidi: BidiInfo<'a>,
    /// Shaped level runs, in logical order.
    pub runs: Vec<ShapedRun>,
    /// Advance (points) accumulated at each byte offset: the sum of the
    /// advances of the glyphs whose cluster starts there.
    advances: Vec<f32>,
    /// Is the paragraph's base direction right to left?
    pub rtl: bool,
    /// The faces it is shaped with (words are reshaped in theirs for kashida).
    pub faces: &'a Typefaces,
    /// The face of its running text.
    pub style: Style,
    /// Type size in points.
    pub size: f32,
    /// BCP 47 language, for shaping.
    pub language: &'a str,
    /// How its justified lines are filled.
    pub justify: Justify,
}

impl<'a> ShapedParagraph<'a> {
    /// Runs the bidi algorithm with base direction `rtl` and shapes every
    /// level run in the face `style`.
    pub fn new(text: &'a str, faces: &'a Typefaces, style: Style, size: f32, rtl: bool, language: &'a str) -> Self {
        Self::styled(text, faces, style, &Styling::default(), size, rtl, language)
    }

    /// Like [`ShapedParagraph::new`], with stretches in other faces or set
    /// left to right: runs are cut by level, then by face, then shaped.
    pub fn styled(
        text: &'a str,
        faces: &'a Typefaces,
        style: Style,
        styling: &Styling,
        size: f32,
        rtl: bool,
        language: &'a str,
    ) -> Self {
        let base = if rtl { Level::rtl() } else { Level::ltr() };
        let mut bidi = BidiInfo::new(text, Some(base));
        if rtl {
            for range in &styling.ltr {
                isolate_ltr(text, &mut bidi.levels, range);
            }
        }
        let mut runs: Vec<ShapedRun> = Vec::new();
        for (range, level) in level_runs(&bidi.levels, text) {
            for (range, face) in face_runs(text, range, style, styling, faces) {
                let mut run = shape_run(faces.get(face), text, range, level.is_rtl(), language, size);
                run.face = face;
                runs.push(run);
            }
        }
        let mut advances = vec![0.0; text.len() + 1];
        for glyph in runs.iter().flat_map(|run| &run.glyphs) {
            advances[glyph.cluster] += glyph.advance;
        }
        ShapedParagraph { text, bidi, runs, advances, rtl, faces, style, size, language, justify: Justify::Kashida }
    }

    /// The same paragraph, justified with `method`.
    pub fn with_justify(mut self, method: Justify) -> Self {
        self.justify = method;
        self
    }

    /// Sets the characters in `range` at `scale` of the paragraph's size (a
    /// footnote marker drawn as a superscript): their glyphs' advances and
    /// offsets shrink, so lines are broken and justified with them so.
    pub fn shrink(&mut self, range: Range<usize>, scale: f32) {
        let glyphs = self.runs.iter_mut().flat_map(|run| run.glyphs.iter_mut());
        for glyph in glyphs.filter(|glyph| range.contains(&glyph.cluster)) {
            self.advances[glyph.cluster] -= glyph.advance * (1.0 - scale);
            glyph.advance *= scale;
            glyph.x_offset *= scale;
            glyph.y_offset *= scale;
        }
    }

    /// Does kashida fill this paragraph's justified lines?
    pub fn uses_kashida(&self) -> bool {
        self.justify == Justify::Kashida && self.rtl
    }

    /// Width of one tatweel at this size, 0 when the face has none.
    pub fn tatweel_width(&self) -> f32 {
        let face = self.faces.get(self.style);
        face.to_points(face.tatweel_advance(), self.size)
    }

    /// Width of the text in `range`, as shaped.
    pub fn width(&self, range: Range<usize>) -> f32 {
        self.advances[range].iter().sum()
    }

    /// The shaped run holding all of `range`, found by binary search.
    pub fn run_containing(&self, range: &Range<usize>) -> Option<&ShapedRun> {
        let index = self.runs.partition_point(|run| run.range.end <= range.start);
        self.runs.get(index).filter(|run| run.range.start <= range.start && range.end <= run.range.end)
    }

    /// The line's stretches of one direction, left to right: rule L1 of
    /// UAX #9 (whitespace at the line's end and before a tab goes back to the
    /// paragraph level) and rule L2 (reverse every sequence at or above each
    /// odd level, highest first), computed on the line alone so that setting
    /// a paragraph stays linear in its length. (unicode-bidi's `visual_runs`
    /// copies the whole paragraph's levels for every line.)
    pub fn visual_runs(&self, line: Range<usize>) -> Vec<Range<usize>> {
        use unicode_bidi::BidiClass::*;
        if line.is_empty() {
            return Vec::new();
        }
        let base = self.bidi.paragraphs[0].level;
        let mut levels = self.bidi.levels[line.clone()].to_vec();
        let classes = &self.bidi.original_classes[line.clone()];
        // L1, from the end: trailing whitespace and isolates, and those before a segment separator.
        let mut resetting = true;
        for index in (0..levels.len()).rev() {
            match classes[index] {
                S | B => {
                    levels[index] = base;
                    resetting = true;
                }
                WS | FSI | LRI | RLI | PDI | BN | RLE | LRE | RLO | LRO | PDF if resetting => levels[index] = base,
                _ => resetting = false,
            }
        }
        // Level runs, in logical order, also cut where a shaped run ends
        // (L1 may give a space the level of its neighbour in another run).
        let mut runs: Vec<(Range<usize>, Level)> = Vec::new();
        let mut shaped = self.runs.partition_point(|run| run.range.end <= line.start);
        for (offset, c) in self.text[line.clone()].char_indices() {
            let at = line.start + offset;
            let level = levels[offset];
            let mut new_shaped_run = false;
            while self.runs.get(shaped).is_some_and(|run| run.range.end <= at) {
                shaped += 1;
                new_shaped_run = true;
            }
            match runs.last_mut() {
                Some((range, last)) if *last == level && !new_shaped_run => range.end = at + c.len_utf8(),
                _ => runs.push((at..at + c.len_utf8(), level)),
            }
        }
        // L2.
        let highest = runs.iter().map(|(_, level)| level.number()).max().unwrap_or(0);
        let lowest_odd = runs.iter().map(|(_, level)| level.number()).min().unwrap_or(0) | 1;
        let mut level = highest;
        while level >= lowest_odd {
            let mut index = 0;
            while index < runs.len() {
                if runs[index].1.number() < level {
                    index += 1;
                    continue;
                }
                let start = index;
                while index < runs.len() && runs[index].1.number() >= level {
                    index += 1;
                }
                runs[start..index].reverse();
            }
            level -= 1;
        }
        runs.into_iter().map(|(range, _)| range).collect()
    }

    /// Glyph ids that the font lacks (.notdef), with the characters they stand for.
    pub fn missing_characters(&self) -> impl Iterator<Item = char> + '_ {
        self.runs
            .iter()
            .flat_map(|run| &run.glyphs)
            .filter(|glyph| glyph.glyph == 0)
            .flat_map(|glyph| glyph.text(self.text).chars())
            .filter(|c| !c.is_whitespace() && !is_invisible(*c))
    }
}

/// Format characters that are fine without a glyph.
fn is_invisible(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2069}' | '\u{FEFF}' | '\u{061C}')
}

/// `range` cut where the face changes: the paragraph's `style` unless
/// `styling` says otherwise. A letter the monospaced face lacks (Arabic in
/// code) is set in the regular face.
fn face_runs(
    text: &str,
    range: Range<usize>,
    style: Style,
    styling: &Styling,
    faces: &Typefaces,
) -> Vec<(Range<usize>, Style)> {
    if styling.faces.is_empty() && style != Style::Mono {
        return vec![(range, style)];
    }
    let mut runs: Vec<(Range<usize>, Style)> = Vec::new();
    for (offset, c) in text[range.clone()].char_indices() {
        let at = range.start + offset;
        let mut face = styling.face_at(at).unwrap_or(style);
        if face == Style::Mono && !c.is_whitespace() && faces.get(Style::Mono).face.glyph_index(c).is_none() {
            face = Style::Regular;
        }
        match runs.last_mut() {
            Some((run, last)) if *last == face => run.end = at + c.len_utf8(),
            _ => runs.push((at..at + c.len_utf8(), face)),
        }
    }
    runs
}

/// Maximal ranges of one embedding level, on character boundaries.
fn level_runs(levels: &[Level], text: &str) -> Vec<(Range<usize>, Level)> {
    let mut runs: Vec<(Range<usize>, Level)> = Vec::new();
    for (offset, _) in text.char_indices() {
        let level = levels[offset];
        match runs.last_mut() {
            Some((range, last)) if *last == level => range.end = offset,
            _ => runs.push((offset..offset, level)),
        }
        let end = offset + text[offset..].chars().next().map_or(0, char::len_utf8);
        if let Some((range, _)) = runs.last_mut() {
            range.end = end;
        }
    }
    runs
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fonts::FontSet;

    #[test]
    fn latin_and_digits_inside_arabic_are_their_own_ltr_runs() {
        let faces = FontSet::default().typefaces().unwrap();
        let text = "ولد عام 1924 في Cairo";
        let paragraph = ShapedParagraph::new(text, &faces, Style::Regular, 12.0, true, "ar");
        let directions: Vec<(&str, bool)> =
            paragraph.runs.iter().map(|run| (&text[run.range.clone()], run.rtl)).collect();
        assert_eq!(directions, vec![("ولد عام ", true), ("1924", false), (" في ", true), ("Cairo", false)]);
    }

    #[test]
    fn arabic_inside_a_left_to_right_stretch_still_runs_right_to_left() {
        let faces = FontSet::default().typefaces().unwrap();
        let text = "اكتب الأمر echo سلام ثم انتظر";
        let start = text.find("echo").unwrap();
        let end = text.find(" ثم").unwrap();
        let styling = Styling { faces: Vec::new(), ltr: std::iter::once(start..end).collect() };
        let paragraph = ShapedParagraph::styled(text, &faces, Style::Regular, &styling, 12.0, true, "ar");
        let directions: Vec<(&str, bool)> =
            paragraph.runs.iter().map(|run| (&text[run.range.clone()], run.rtl)).collect();
        assert_eq!(directions, vec![("اكتب الأمر ", true), ("echo ", false), ("سلام", true), (" ثم انتظر", true)]);
        // The stretch stays one left-to-right island: «echo» left of «سلام».
        let order: Vec<&str> = paragraph.visual_runs(0..text.len()).into_iter().map(|range| &text[range]).collect();
        assert_eq!(order, vec![" ثم انتظر", "echo ", "سلام", "اكتب الأمر "]);
    }

    #[test]
    fn widths_add_up_over_ranges() {
        let faces = FontSet::default().typefaces().unwrap();
        let text = "الورق والحبر";
        let paragraph = ShapedParagraph::new(text, &faces, Style::Regular, 12.0, true, "ar");
        let split = text.find(' ').unwrap();
        let whole = paragraph.width(0..text.len());
        let parts = paragraph.width(0..split) + paragraph.width(split..text.len());
        assert!((whole - parts).abs() < 1e-4);
        assert!(whole > 20.0);
    }
}
