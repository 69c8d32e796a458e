//! One line, set: its glyphs in visual order (UAX #9 rule L2), positioned and
//! justified to the measure.
//!
//! Justification fills a line's slack. In right-to-left paragraphs set with
//! kashida, whole tatweels go to the words' kashida sites first (their words
//! reshaped with the tatweel in the shaping input), and what is left, less
//! than one tatweel, or all of it on a line without sites, widens the spaces.

use super::kashida::{Site, order, sites};
use super::linebreak::LineRange;
use super::paragraph::ShapedParagraph;
use super::shape::{Elongated, ShapedGlyph, shape_elongated_in};
use crate::fonts::Style;
use std::ops::Range;

/// A glyph placed on a line, as a reader sees it: the line keeps it packed
/// (see [`Line::glyphs`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PlacedGlyph<'l> {
    /// Glyph id.
    pub glyph: u16,
    /// Where the glyph is drawn, from the line's left edge (pen + offset).
    pub x: f32,
    /// Offset from the baseline, upwards.
    pub y: f32,
    /// Advance of the pen after this glyph (including any justification).
    pub advance: f32,
    /// Characters this glyph stands for in extracted text.
    pub text: &'l str,
    /// Byte offset in the paragraph of the characters it stands for (logical order).
    pub cluster: usize,
    /// Whether it belongs to a right-to-left run.
    pub rtl: bool,
    /// The face it is drawn from.
    pub face: Style,
}

/// A glyph as a line holds it: 24 bytes, where a [`PlacedGlyph`] with its
/// text inline took 48 (an Arabic megabyte is half a million glyphs, and
/// every glyph of a book is held until it is emitted). Its text is the
/// stretch of the line's string that ends at `text_end`, where the previous
/// glyph's ends.
#[derive(Debug, Clone, Copy, PartialEq)]
struct PackedGlyph {
    glyph: u16,
    face: Style,
    rtl: bool,
    x: f32,
    y: f32,
    advance: f32,
    /// Byte offset in the paragraph; a paragraph is at most a few hundred
    /// megabytes (`MAX_INPUT_BYTES`), and a larger offset is held as `u32::MAX`.
    cluster: u32,
    /// End of its text in the line's string.
    text_end: u32,
}

/// What may absorb a line's slack.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StretchKind {
    /// An inter-word space.
    InterWord,
}

/// A place on the line that can take extra width, and how much relative to the others.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StretchPoint {
    /// Index into the line's glyphs.
    pub glyph: usize,
    /// Share of the slack, relative to the other points' weights.
    pub weight: f32,
    /// Where the stretch comes from.
    pub kind: StretchKind,
}

/// How a line sits in its measure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Alignment {
    /// Filled to the measure exactly.
    Justified,
    /// At the start edge: right for right-to-left text.
    Start,
    /// Centred (titles).
    Center,
}

/// A set line: glyphs left to right, relative to the left edge of the measure.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    /// Glyphs in visual order, packed.
    glyphs: Vec<PackedGlyph>,
    /// The texts of the glyphs, one after the other in visual order.
    text: String,
    /// From the left edge of the measure to the start of the first glyph's pen.
    pub left: f32,
    /// Width of the set line, from `left` to the end of the last advance.
    pub width: f32,
    /// How it was aligned.
    pub alignment: Alignment,
    /// Whether the paragraph it belongs to runs right to left.
    pub rtl: bool,
    /// Tatweels inserted to justify it (kashida).
    pub kashidas: usize,
}

/// One word lengthened by kashida: its glyphs reshaped with the tatweels.
struct Elongation {
    word: Range<usize>,
    count: usize,
    glyphs: Vec<ShapedGlyph>,
}

/// How far kashida may overfill a line, in points; the spaces then shrink by
/// that much (a hair, next to the 25% they may shrink).
const OVERFILL: f32 = 0.1;

/// Chooses kashida for a line with `slack` points to fill. Tatweels are
/// handed out in [`order`] (priority, then spread) while whole ones fit,
/// counting each at its own width; then each chosen word is reshaped with
/// its tatweels to learn what it really adds. A word that grew by much more
/// than its tatweels had a designed form broken (Amiri's seen–meem,
/// lam–meem…) and is left as drawn, as is the word that would overfill the
/// line; the plan is then made without it, reusing the words already shaped.
fn elongate(paragraph: &ShapedParagraph, content: Range<usize>, slack: f32) -> Vec<Elongation> {
    let unit = paragraph.tatweel_width();
    if unit <= 0.0 || slack < unit {
        return Vec::new();
    }
    // Only Arabic words in an Arabic face: never Latin, never code.
    let (mut sites, mut faces): (Vec<Site>, Vec<Style>) = sites(paragraph.text, content)
        .into_iter()
        .filter_map(|site| {
            let run = paragraph.run_containing(&site.word).filter(|run| run.rtl && run.face != Style::Mono)?;
            let face = run.face;
            Some((site, face))
        })
        .unzip();
    // Words already reshaped, with what they add: a new plan reuses them.
    let mut shaped: Vec<(Elongated, Vec<ShapedGlyph>, f32)> = Vec::new();
    while !sites.is_empty() {
        let mut counts = vec![0usize; sites.len()];
        for index in order(&sites).into_iter().take((slack / unit) as usize) {
            counts[index] += 1;
        }
        let mut chosen = Vec::new();
        let mut filled = 0.0;
        let mut rejected = None;
        for (index, (site, &count)) in sites.iter().zip(&counts).enumerate().filter(|(_, (_, count))| **count > 0) {
            let item = Elongated { word: site.word.clone(), at: site.at, count };
            let known = match shaped.iter().position(|(known, _, _)| *known == item) {
                Some(known) => known,
                None => {
                    let face = paragraph.faces.get(faces[index]);
                    let glyphs = paragraph.run_containing(&item.word).map_or_else(Vec::new, |run| {
                        shape_elongated_in(run, face, paragraph.text, &item, paragraph.language, paragraph.size)
                    });
                    let added = glyphs.iter().map(|g| g.advance).sum::<f32>() - paragraph.width(item.word.clone());
                    shaped.push((item, glyphs, added));
                    shaped.len() - 1
                }
            };
            let added = shaped[known].2;
            if added > count as f32 * unit * 1.5 || filled + added > slack + OVERFILL {
                rejected = Some(index);
                break;
            }
            filled += added;
            chosen.push(known);
        }
        match rejected {
            Some(index) => {
                sites.remove(index);
                faces.remove(index);
            }
            None => {
                return chosen
                    .into_iter()
                    .map(|known| {
                        let (item, glyphs, _) = &shaped[known];
                        Elongation { word: item.word.clone(), count: item.count, glyphs: glyphs.clone() }
                    })
                    .collect();
            }
        }
    }
    Vec::new()
}

/// Sets `range` of a paragraph as one line of `measure` points.
pub fn set_line(paragraph: &ShapedParagraph, range: &LineRange, measure: f32, alignment: Alignment) -> Line {
    let elongations = if alignment == Alignment::Justified && !range.last && paragraph.uses_kashida() {
        elongate(paragraph, range.content.clone(), measure - paragraph.width(range.content.clone()))
    } else {
        Vec::new()
    };
    let mut placed = vec![false; elongations.len()];
    let mut glyphs = Line::empty();
    let mut stretch = Vec::new();
    let mut pen = 0.0;
    let mut place = |glyph: &ShapedGlyph, rtl: bool, face: Style, glyphs: &mut Line| {
        let text = glyph.text(paragraph.text);
        if text == " " {
            stretch.push(StretchPoint {
                glyph: glyphs.glyphs.len(),
                weight: glyph.advance,
                kind: StretchKind::InterWord,
            });
        }
        glyphs.push(PlacedGlyph {
            glyph: glyph.glyph,
            x: pen + glyph.x_offset,
            y: glyph.y_offset,
            advance: glyph.advance,
            text,
            cluster: glyph.cluster,
            rtl,
            face,
        });
        pen += glyph.advance;
    };
    for visual in paragraph.visual_runs(range.content.clone()) {
        let Some(run) = paragraph.run_containing(&visual) else {
            continue;
        };
        for glyph in run.glyphs_in(visual) {
            match elongations.iter().position(|e| e.word.contains(&glyph.cluster)) {
                Some(index) if !placed[index] => {
                    placed[index] = true;
                    for elongated in &elongations[index].glyphs {
                        place(elongated, run.rtl, run.face, &mut glyphs);
                    }
                }
                Some(_) => {} // drawn with its elongated word
                None => place(glyph, run.rtl, run.face, &mut glyphs),
            }
        }
    }
    let kashidas = elongations.iter().map(|e| e.count).sum();
    let natural = pen;
    let alignment = match alignment {
        Alignment::Justified if range.last || stretch.is_empty() => Alignment::Start,
        other => other,
    };
    // A last line the breaker chose with its spaces shrunk is shrunk here
    // too, or it would stick out of the measure.
    let overfull = natural > measure && !stretch.is_empty();
    if alignment == Alignment::Justified || overfull {
        justify(&mut glyphs.glyphs, &stretch, measure - natural);
    }
    let width = if alignment == Alignment::Justified || overfull { measure } else { natural };
    let left = match alignment {
        Alignment::Justified => 0.0,
        Alignment::Center => (measure - width) / 2.0,
        Alignment::Start if paragraph.rtl => measure - width,
        Alignment::Start => 0.0,
    };
    // Held until the book is emitted: no room to spare.
    glyphs.glyphs.shrink_to_fit();
    glyphs.text.shrink_to_fit();
    Line { left, width, alignment, rtl: paragraph.rtl, kashidas, ..glyphs }
}

/// Spreads `slack` over the stretch points by weight, moving every later glyph.
fn justify(glyphs: &mut [PackedGlyph], stretch: &[StretchPoint], slack: f32) {
    let total: f32 = stretch.iter().map(|point| point.weight).sum();
    if total <= 0.0 {
        return;
    }
    let mut shift = 0.0;
    let mut points = stretch.iter().peekable();
    for (index, glyph) in glyphs.iter_mut().enumerate() {
        glyph.x += shift;
        if let Some(point) = points.next_if(|point| point.glyph == index) {
            let extra = slack * point.weight / total;
            glyph.advance += extra;
            shift += extra;
        }
    }
}

impl Line {
    /// A line with nothing on it (a blank line of code).
    pub fn empty() -> Line {
        Line::blank(0.0, Alignment::Start, false)
    }

    /// A line without glyphs, `width` wide (a picture's row, an empty running head).
    pub fn blank(width: f32, alignment: Alignment, rtl: bool) -> Line {
        Line { glyphs: Vec::new(), text: String::new(), left: 0.0, width, alignment, rtl, kashidas: 0 }
    }

    /// Adds a glyph at the right end (its `x` is where it is drawn, as given).
    pub fn push(&mut self, glyph: PlacedGlyph) {
        self.text.push_str(glyph.text);
        self.glyphs.push(PackedGlyph {
            glyph: glyph.glyph,
            face: glyph.face,
            rtl: glyph.rtl,
            x: glyph.x,
            y: glyph.y,
            advance: glyph.advance,
            cluster: u32::try_from(glyph.cluster).unwrap_or(u32::MAX),
            text_end: u32::try_from(self.text.len()).unwrap_or(u32::MAX),
        });
    }

    /// The `index`th glyph from the left.
    pub fn glyph(&self, index: usize) -> PlacedGlyph<'_> {
        let packed = &self.glyphs[index];
        let start = index.checked_sub(1).map_or(0, |before| self.glyphs[before].text_end as usize);
        PlacedGlyph {
            glyph: packed.glyph,
            x: packed.x,
            y: packed.y,
            advance: packed.advance,
            text: self.text.get(start..packed.text_end as usize).unwrap_or_default(),
            cluster: packed.cluster as usize,
            rtl: packed.rtl,
            face: packed.face,
        }
    }

    /// The glyphs, left to right.
    pub fn glyphs(&self) -> impl DoubleEndedIterator<Item = PlacedGlyph<'_>> + ExactSizeIterator + Clone + '_ {
        (0..self.glyphs.len()).map(|index| self.glyph(index))
    }

    /// Whether the line draws nothing.
    pub fn is_blank(&self) -> bool {
        self.glyphs.is_empty()
    }

    /// Where the line's ink ends on the right, from the measure's left edge.
    pub fn right(&self) -> f32 {
        self.left + self.width
    }

    /// The text of the line in logical order is not kept here; this is the
    /// text of its glyphs in visual order, for tests and debugging.
    pub fn visual_text(&self) -> String {
        self.text.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::backend::pdf::kashida::Justify;
    use crate::backend::pdf::linebreak::break_lines;
    use crate::fonts::FontSet;

    #[test]
    fn justified_lines_fill_the_measure_and_the_last_sits_right() {
        let faces = FontSet::default().typefaces().unwrap();
        let text = "انتقلت صناعة الورق من سمرقند إلى بغداد ثم إلى القاهرة وفاس وشاطبة في الأندلس";
        let paragraph = ShapedParagraph::new(text, &faces, crate::fonts::Style::Regular, 12.0, true, "ar");
        let ranges = break_lines(&paragraph, |_| 150.0);
        assert!(ranges.len() > 1);
        for range in &ranges {
            let line = set_line(&paragraph, range, 150.0, Alignment::Justified);
            let pen: f32 = line.glyphs().map(|g| g.advance).sum();
            if range.last {
                assert_eq!(line.alignment, Alignment::Start);
                assert!((line.right() - 150.0).abs() < 0.01, "last line ends at the right edge");
            } else {
                assert!((pen - 150.0).abs() < 0.01, "justified line is {pen}");
            }
        }
    }

    #[test]
    fn a_last_line_set_with_shrunk_spaces_stays_inside_the_measure() {
        let faces = FontSet::default().typefaces().unwrap();
        let text = "انتقلت صناعة الورق من سمرقند إلى بغداد";
        let paragraph = ShapedParagraph::new(text, &faces, crate::fonts::Style::Regular, 12.0, true, "ar");
        let natural = paragraph.width(0..text.len());
        let measure = natural - 2.0;
        let line =
            set_line(&paragraph, &LineRange { content: 0..text.len(), last: true }, measure, Alignment::Justified);
        assert!(line.left >= -0.01, "the line starts inside the measure: {}", line.left);
        assert!((line.right() - measure).abs() < 0.01, "and ends at its right edge: {}", line.right());
    }

    #[test]
    fn kashida_fills_a_loose_arabic_line_before_the_spaces_do() {
        let faces = FontSet::default().typefaces().unwrap();
        let text = "انتقلت صناعة الورق من سمرقند إلى بغداد";
        let paragraph = ShapedParagraph::new(text, &faces, crate::fonts::Style::Regular, 12.0, true, "ar");
        let natural = paragraph.width(0..text.len());
        let unit = paragraph.tatweel_width();
        assert!(unit > 1.0, "Amiri has a tatweel: {unit}");
        let range = LineRange { content: 0..text.len(), last: false };
        let line = set_line(&paragraph, &range, natural + 3.5 * unit, Alignment::Justified);
        assert!(line.kashidas >= 3, "whole tatweels take the slack first: {}", line.kashidas);
        let spaces: Vec<f32> = line.glyphs().filter(|g| g.text == " ").map(|g| g.advance).collect();
        let natural_space = paragraph.width(text.find(' ').unwrap()..text.find(' ').unwrap() + 1);
        assert!(spaces.iter().all(|&s| s <= natural_space * 1.3), "spaces stay near natural: {spaces:?}");
        let pen: f32 = line.glyphs().map(|g| g.advance).sum();
        assert!((pen - (natural + 3.5 * unit)).abs() < 0.01, "the line is exactly full: {pen}");
        let logical: String = line.glyphs().rev().map(|g| g.text).collect();
        assert_eq!(logical, text, "the inserted tatweels are not text");
        let plain =
            set_line(&paragraph.with_justify(Justify::Spaces), &range, natural + 3.5 * unit, Alignment::Justified);
        assert_eq!(plain.kashidas, 0);
    }

    #[test]
    fn a_line_holds_a_glyph_in_24_bytes_and_its_text_once() {
        // Every glyph of a book is held until it is emitted: half a million
        // an Arabic megabyte. This size is what keeps a PDF's peak memory
        // near 20 bytes per input byte (BENCHMARKS.md, issue 14).
        assert!(std::mem::size_of::<PackedGlyph>() <= 24, "{}", std::mem::size_of::<PackedGlyph>());
        let faces = FontSet::default().typefaces().unwrap();
        let text = "كَتَبَ الوَرَّاقُ";
        let paragraph = ShapedParagraph::new(text, &faces, crate::fonts::Style::Regular, 12.0, true, "ar");
        let line = set_line(&paragraph, &LineRange { content: 0..text.len(), last: true }, 200.0, Alignment::Start);
        assert_eq!(line.text.len(), text.len(), "each character's text is held once, by the line");
        assert_eq!(line.glyphs.capacity(), line.glyphs.len(), "no room to spare");
    }

    #[test]
    fn glyphs_read_right_to_left_give_the_logical_text() {
        let faces = FontSet::default().typefaces().unwrap();
        let text = "الورق والحبر";
        let paragraph = ShapedParagraph::new(text, &faces, crate::fonts::Style::Regular, 12.0, true, "ar");
        let line = set_line(&paragraph, &LineRange { content: 0..text.len(), last: true }, 200.0, Alignment::Start);
        let logical: String = line.glyphs().rev().map(|g| g.text).collect();
        assert_eq!(logical, text);
        assert!((line.right() - 200.0).abs() < 0.01, "an Arabic last line sits at the right edge");
    }

    #[test]
    fn digits_inside_arabic_keep_their_order() {
        let faces = FontSet::default().typefaces().unwrap();
        let text = "سنة 1924 في Cairo";
        let paragraph = ShapedParagraph::new(text, &faces, crate::fonts::Style::Regular, 12.0, true, "ar");
        let line = set_line(&paragraph, &LineRange { content: 0..text.len(), last: true }, 300.0, Alignment::Start);
        let visual = line.visual_text();
        assert!(visual.contains("1924") && visual.contains("Cairo"), "{visual}");
        assert!(visual.find("Cairo").unwrap() < visual.find("1924").unwrap(), "Cairo is left of 1924: {visual}");
    }
}
