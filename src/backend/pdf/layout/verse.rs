//! Classical verse, as every diwan prints it: each bayt on one row, the صدر
//! on the reading-start half and the عجز on the other, a gap between them;
//! every hemistich of the poem stretched to one common width (the widest
//! hemistich's), and the pair centred in the measure. When the widest
//! hemistich will not fit in half the measure, the whole poem is stacked:
//! the عجز drops below its صدر, indented. A hemistich standing alone is
//! centred. Nothing is hyphenated.

use super::FaceKind;
use super::set::{Inset, SetLine, Setter};
use super::style::Style;
use crate::backend::pdf::line::{Alignment, Line, set_line};
use crate::backend::pdf::linebreak::{LineRange, break_lines};
use crate::backend::pdf::paragraph::ShapedParagraph;
use crate::document::Bayt;

/// A poem of at most this many bayts is never broken across pages.
pub const KEEP_TOGETHER: usize = 6;

/// How a poem's bayts sit in the measure.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum VerseLayout {
    /// Each bayt on one row, both hemistichs `width` wide.
    Paired { width: f32 },
    /// The عجز below the صدر, indented; hemistichs `width` wide.
    Stacked { width: f32 },
}

/// Chooses the layout of a poem whose widest hemistich is `widest` points,
/// in a measure of `measure`.
pub fn choose_layout(widest: f32, measure: f32, style: &Style) -> VerseLayout {
    let half = (measure - style.verse_gap) / 2.0;
    if widest <= half {
        VerseLayout::Paired { width: widest }
    } else {
        VerseLayout::Stacked { width: widest.min(measure - style.verse_indent) }
    }
}

/// Sets a poem's bayts inside `inset`: one [`SetLine`] a row (a paired
/// bayt's عجز rides beside its صدر). The lines of one stacked bayt keep
/// together.
pub fn set_verse(setter: &mut Setter, bayts: &[Bayt], style: &Style, inset: Inset) -> Vec<SetLine> {
    let measure = (setter.measure - inset.start - inset.end).max(style.body);
    let box_left = if setter.rtl { inset.end } else { inset.start };
    let faces = setter.faces;
    let (rtl, language, justify) = (setter.rtl, setter.language, setter.justify);
    // Bayts of two hemistichs are shaped here to find the common width; a
    // lone hemistich is set (and shaped) once, centred, below.
    let shaped: Vec<Vec<ShapedParagraph>> = bayts
        .iter()
        .map(|bayt| {
            bayt.iter()
                .filter(|_| bayt.len() >= 2)
                .map(|hemistich| {
                    ShapedParagraph::new(
                        hemistich.as_str().trim(),
                        faces,
                        FaceKind::Regular.style(),
                        style.body,
                        rtl,
                        language,
                    )
                    .with_justify(justify)
                })
                .collect()
        })
        .collect();
    for paragraph in shaped.iter().flatten() {
        setter.missing.extend(paragraph.missing_characters());
    }
    let natural = |p: &ShapedParagraph| p.width(0..p.text.len());
    // The common width comes from the bayts of two hemistichs; a poem of lone
    // hemistichs has none, and each is simply centred.
    let widest = shaped.iter().flatten().map(natural).fold(0.0, f32::max);
    let layout = choose_layout(widest, measure, style);
    let mut rows = Vec::new();
    for (bayt, shaped) in bayts.iter().zip(&shaped) {
        match (shaped.as_slice(), layout) {
            ([sadr, ajuz, ..], VerseLayout::Paired { width }) => {
                let pair_left = box_left + (measure - 2.0 * width - style.verse_gap) / 2.0;
                let (sadr_left, ajuz_left) = if rtl {
                    (pair_left + width + style.verse_gap, pair_left)
                } else {
                    (pair_left, pair_left + width + style.verse_gap)
                };
                let ajuz = hemistich_line(ajuz, width);
                let mut row = SetLine::new(hemistich_line(sadr, width), sadr_left);
                row.beside = Some((ajuz, ajuz_left));
                rows.push(row);
            }
            ([sadr, ajuz, ..], VerseLayout::Stacked { width }) => {
                let group_left = box_left + (measure - width - style.verse_indent) / 2.0;
                let (sadr_left, ajuz_left) = if rtl {
                    (group_left + style.verse_indent, group_left)
                } else {
                    (group_left, group_left + style.verse_indent)
                };
                let mut lines = stacked_lines(sadr, width, sadr_left);
                lines.extend(stacked_lines(ajuz, width, ajuz_left));
                rows.extend(kept_together(lines));
            }
            _ => {
                if let [alone] = bayt.as_slice() {
                    let lines = setter.set_inset(
                        alone.as_str().trim(),
                        FaceKind::Regular,
                        style.body,
                        Alignment::Center,
                        inset,
                    );
                    rows.extend(kept_together(lines));
                }
            }
        }
    }
    rows
}

/// The lines of one bayt, each kept with the next so none is left alone.
fn kept_together(mut lines: Vec<SetLine>) -> Vec<SetLine> {
    let count = lines.len();
    for (index, line) in lines.iter_mut().enumerate() {
        line.keep_with_next = index + 1 < count;
    }
    lines
}

/// One hemistich as a single line stretched to `width`: not a paragraph's
/// last line, so kashida and the spaces fill it. A hemistich of one word
/// (nothing to stretch) is centred in its half.
fn hemistich_line(paragraph: &ShapedParagraph, width: f32) -> Line {
    let range = LineRange { content: 0..paragraph.text.len(), last: false };
    let mut line = set_line(paragraph, &range, width, Alignment::Justified);
    if line.alignment != Alignment::Justified {
        line.left = (width - line.width) / 2.0;
    }
    line
}

/// A stacked hemistich: one stretched line when it fits `width`, else broken
/// (between words only) into lines of that width.
fn stacked_lines(paragraph: &ShapedParagraph, width: f32, shift: f32) -> Vec<SetLine> {
    if paragraph.width(0..paragraph.text.len()) <= width {
        return vec![SetLine::new(hemistich_line(paragraph, width), shift)];
    }
    break_lines(paragraph, |_| width)
        .iter()
        .map(|range| SetLine::new(set_line(paragraph, range, width, Alignment::Justified), shift))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::backend::pdf::page::Paper;

    #[test]
    fn a_poem_pairs_while_its_widest_hemistich_fits_half_the_measure() {
        let style = Style::for_paper(Paper::A5, true);
        let measure = 300.0;
        let half = (measure - style.verse_gap) / 2.0;
        assert_eq!(choose_layout(half - 1.0, measure, &style), VerseLayout::Paired { width: half - 1.0 });
        assert_eq!(choose_layout(half, measure, &style), VerseLayout::Paired { width: half });
        assert_eq!(choose_layout(half + 1.0, measure, &style), VerseLayout::Stacked { width: half + 1.0 });
        let capped = choose_layout(measure * 2.0, measure, &style);
        assert_eq!(
            capped,
            VerseLayout::Stacked { width: measure - style.verse_indent },
            "never wider than the measure"
        );
    }
}
