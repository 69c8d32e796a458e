//! Choosing where lines end: UAX #14 break opportunities (unicode-linebreak),
//! then a total-fit choice over the whole paragraph in the manner of Knuth
//! and Plass: the set of breaks with the least total demerits, not the
//! greedy first fit. Arabic words are never broken; a token longer than the
//! measure (a URL) is cut between its characters rather than overflowing.

use super::paragraph::ShapedParagraph;
use std::ops::Range;
use unicode_linebreak::linebreaks;

/// How far an inter-word space may stretch and shrink, as a share of its
/// width: widely when spaces alone fill lines, a little when kashida does most.
const STRETCH: f32 = 1.0;
const STRETCH_WITH_KASHIDA: f32 = 0.3;
const SHRINK: f32 = 0.25;
/// With kashida to take the slack, lines hardly need to shrink: the hard
/// minimum of a space is then 90% of its width.
const SHRINK_WITH_KASHIDA: f32 = 0.1;
/// Badness beyond which a line is "very loose"; still allowed, but costly.
const MAX_BADNESS: f32 = 10_000.0;

/// A word (box) and the space after it (glue), in paragraph byte offsets.
#[derive(Debug, Clone, PartialEq)]
struct Segment {
    content: Range<usize>,
    glue: Range<usize>,
    width: f32,
    glue_width: f32,
    /// How much kashida can lengthen the word (0 when it has no site).
    kashida: f32,
}

/// One chosen line: the text it shows (without trailing spaces).
#[derive(Debug, Clone, PartialEq)]
pub struct LineRange {
    /// Byte range of the visible text of the line.
    pub content: Range<usize>,
    /// Whether this is the paragraph's last line (never stretched).
    pub last: bool,
}

/// Breaks a shaped paragraph into lines. `measure(i)` is the width of line `i`
/// (the first may be indented).
pub fn break_lines(paragraph: &ShapedParagraph, measure: impl Fn(usize) -> f32) -> Vec<LineRange> {
    let segments = segments(paragraph, measure(1).min(measure(0)));
    if segments.is_empty() {
        return Vec::new();
    }
    let (stretch, shrink) =
        if paragraph.uses_kashida() { (STRETCH_WITH_KASHIDA, SHRINK_WITH_KASHIDA) } else { (STRETCH, SHRINK) };
    let n = segments.len();
    // best[j] = (demerits, start of the last line, line count) for lines covering segments[..j].
    let mut best: Vec<Option<(f32, usize, usize)>> = vec![None; n + 1];
    best[0] = Some((0.0, 0, 0));
    for end in 1..=n {
        for start in (0..end).rev() {
            let Some((previous, _, lines)) = best[start] else { continue };
            let width = measure(lines);
            let natural = natural_width(&segments[start..end]);
            let glue: f32 = segments[start..end - 1].iter().map(|s| s.glue_width).sum();
            let kashida: f32 = segments[start..end].iter().map(|s| s.kashida).sum();
            let last = end == n;
            let Some(badness) = badness(natural, glue * stretch + kashida, glue * shrink, width, last) else {
                if natural > width && end - start > 1 {
                    break; // longer starts only get wider
                }
                if end - start == 1 {
                    // A single box wider than the measure: take it, at a price.
                    consider(&mut best[end], previous + MAX_BADNESS * 100.0, start, lines + 1);
                }
                continue;
            };
            let demerits = (10.0 + badness).powi(2);
            consider(&mut best[end], previous + demerits, start, lines + 1);
        }
    }
    let mut breaks = Vec::new();
    let mut end = n;
    while end > 0 {
        let Some((_, start, _)) = best[end] else { break };
        breaks.push((start, end));
        end = start;
    }
    breaks.reverse();
    breaks
        .into_iter()
        .map(|(start, end)| LineRange {
            content: segments[start].content.start..segments[end - 1].content.end,
            last: end == n,
        })
        .collect()
}

fn consider(slot: &mut Option<(f32, usize, usize)>, demerits: f32, start: usize, lines: usize) {
    if slot.is_none_or(|(best, _, _)| demerits < best) {
        *slot = Some((demerits, start, lines));
    }
}

fn natural_width(segments: &[Segment]) -> f32 {
    let boxes: f32 = segments.iter().map(|s| s.width).sum();
    let glue: f32 = segments[..segments.len() - 1].iter().map(|s| s.glue_width).sum();
    boxes + glue
}

/// Knuth's badness, 100·r³, or `None` when the line cannot be set at all.
/// `stretchable` is how much the line can widen (spaces and kashida),
/// `shrinkable` how much its spaces can give up.
fn badness(natural: f32, stretchable: f32, shrinkable: f32, width: f32, last: bool) -> Option<f32> {
    let slack = width - natural;
    if last && slack >= 0.0 {
        return Some(0.0);
    }
    let ratio = if slack >= 0.0 {
        if stretchable <= 0.0 {
            return Some(MAX_BADNESS);
        }
        slack / stretchable
    } else {
        if shrinkable <= 0.0 {
            return None;
        }
        slack / shrinkable
    };
    (ratio >= -1.0).then(|| (100.0 * ratio.abs().powi(3)).min(MAX_BADNESS))
}

/// The paragraph as boxes and glue, from its UAX #14 break opportunities.
/// A box wider than `measure` is cut at cluster boundaries so that every piece fits.
fn segments(paragraph: &ShapedParagraph, measure: f32) -> Vec<Segment> {
    let text = paragraph.text;
    // The breaker counts one tatweel per word as the line's comfortable
    // stretch, though a site may take more: lines are then chosen tight, and
    // kashida is not spent by the dozen on a loose one.
    let kashida_per_word = if paragraph.uses_kashida() { paragraph.tatweel_width() } else { 0.0 };
    let mut segments = Vec::new();
    let mut start = 0;
    for (end, _) in linebreaks(text) {
        if end == start {
            continue;
        }
        let content_end = start + text[start..end].trim_end().len();
        let content = start..content_end;
        let width = paragraph.width(content.clone());
        let glue = content_end..end;
        let glue_width = paragraph.width(glue.clone());
        if width > measure {
            segments.extend(cut_overlong(paragraph, content, glue, glue_width, measure));
        } else if !content.is_empty() {
            let kashida = if kashida_per_word > 0.0 && super::kashida::word_site(text, content.clone()).is_some() {
                kashida_per_word
            } else {
                0.0
            };
            segments.push(Segment { content, glue, width, glue_width, kashida });
        } else if let Some(previous) = segments.last_mut() {
            previous.glue.end = end;
            previous.glue_width += glue_width;
        }
        start = end;
    }
    segments
}

/// Cuts an overlong token into pieces that fit, between characters that start a cluster.
fn cut_overlong(
    paragraph: &ShapedParagraph,
    content: Range<usize>,
    glue: Range<usize>,
    glue_width: f32,
    measure: f32,
) -> Vec<Segment> {
    let text = paragraph.text;
    let mut pieces = Vec::new();
    let mut piece_start = content.start;
    let mut width = 0.0;
    for (offset, _) in text[content.clone()].char_indices() {
        let at = content.start + offset;
        let next = text[at..].chars().next().map_or(at, |c| at + c.len_utf8());
        let advance = paragraph.width(at..next);
        if width + advance > measure && at > piece_start {
            pieces.push(Segment { content: piece_start..at, glue: at..at, width, glue_width: 0.0, kashida: 0.0 });
            piece_start = at;
            width = 0.0;
        }
        width += advance;
    }
    pieces.push(Segment { content: piece_start..content.end, glue, width, glue_width, kashida: 0.0 });
    pieces
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fonts::FontSet;

    fn lines(text: &str, measure: f32) -> Vec<String> {
        let faces = FontSet::default().typefaces().unwrap();
        let paragraph = ShapedParagraph::new(text, &faces, crate::fonts::Style::Regular, 12.0, true, "ar");
        break_lines(&paragraph, |_| measure).into_iter().map(|line| text[line.content].to_string()).collect()
    }

    #[test]
    fn arabic_words_are_never_broken() {
        let text = "انتقلت صناعة الورق من سمرقند إلى بغداد ثم إلى القاهرة وفاس وشاطبة في الأندلس";
        let words: Vec<&str> = text.split(' ').collect();
        for line in lines(text, 90.0) {
            for word in line.split(' ') {
                assert!(words.contains(&word), "{word} is a whole word");
            }
        }
    }

    #[test]
    fn every_word_is_set_once_in_order() {
        let text = "انتقلت صناعة الورق من سمرقند إلى بغداد ثم إلى القاهرة وفاس وشاطبة في الأندلس";
        assert_eq!(lines(text, 120.0).join(" "), text);
    }

    #[test]
    fn an_overlong_url_is_cut_rather_than_overflowing() {
        let faces = FontSet::default().typefaces().unwrap();
        let text = "انظر https://example.org/a/very/long/path/that/does/not/fit/on/one/line/at/all";
        let paragraph = ShapedParagraph::new(text, &faces, crate::fonts::Style::Regular, 12.0, true, "ar");
        for line in break_lines(&paragraph, |_| 100.0) {
            assert!(paragraph.width(line.content.clone()) <= 100.0 + 0.01, "{}", &text[line.content]);
        }
    }
}
