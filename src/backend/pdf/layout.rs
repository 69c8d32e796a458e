//! Layout: the document tree → pages of positioned lines, all in points, with
//! no PDF in sight. Tests assert on this directly.
//!
//! Blocks (title, headings, paragraphs) are set into lines, then poured onto
//! pages: a heading is kept with at least two lines of what follows, a
//! paragraph never leaves a single line at the foot (orphan) or the head
//! (widow) of a page, and every page but the first gets a running head.
//! Page numbers are in Arabic-Indic digits for Arabic books.

use super::kashida::Justify;
use super::line::{Alignment, Line, set_line};
use super::linebreak::{LineRange, break_lines};
use super::page::{Geometry, Paper};
use super::paragraph::ShapedParagraph;
use crate::document::{Block, Direction, Document, Meta, arabic_indic_digits};
use crate::fonts::{Typeface, Typefaces};
use std::collections::{BTreeSet, HashMap};

/// Type sizes and spacing, in points, for the body size chosen.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    /// Body text size.
    pub body: f32,
    /// Baseline-to-baseline distance of body text.
    pub leading: f32,
    /// Section heading size.
    pub heading: f32,
    /// Title size.
    pub title: f32,
    /// Running head and folio size.
    pub furniture: f32,
    /// First-line indent of paragraphs that follow a paragraph.
    pub indent: f32,
}

impl Style {
    /// Sizes that suit the paper: 12 pt Amiri on A5, a little larger on bigger
    /// paper. Arabic lines get more leading than Latin ones, for the marks
    /// above and below them.
    pub fn for_paper(paper: Paper, rtl: bool) -> Style {
        let body = (paper.width / 35.0).clamp(11.0, 14.0);
        let leading = if rtl { body * 1.75 } else { body * 1.45 };
        Style { body, leading, heading: body * 1.3, title: body * 1.9, furniture: body * 0.8, indent: body * 1.5 }
    }
}

/// Which face a line is set in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FaceKind {
    /// The regular face.
    Regular,
    /// The bold face.
    Bold,
}

/// What a line is, for tests and for the outline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// The title block on the first page.
    Title,
    /// The title of a part in an omnibus volume (a level-1 heading).
    PartTitle,
    /// A section heading.
    Heading,
    /// Running text.
    Body,
    /// The running head at the top of the page.
    RunningHead,
    /// The page number.
    Folio,
}

/// A line in its place on a page.
#[derive(Debug, Clone, PartialEq)]
pub struct PlacedLine {
    /// The face it is set in.
    pub face: FaceKind,
    /// Type size.
    pub size: f32,
    /// Left edge of the line's pen start, from the page's left edge.
    pub x: f32,
    /// Baseline, from the page's bottom edge.
    pub baseline: f32,
    /// The glyphs.
    pub line: Line,
    /// What it is.
    pub role: Role,
    /// Which block of the book it belongs to (title lines, headings and
    /// paragraphs are numbered in order; furniture has `usize::MAX`).
    pub block: usize,
}

impl PlacedLine {
    /// Right end of the line on the page.
    pub fn right(&self) -> f32 {
        self.x + self.line.width
    }
}

/// One page.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Page {
    /// Lines in reading order.
    pub lines: Vec<PlacedLine>,
}

/// An entry of the document outline.
#[derive(Debug, Clone, PartialEq)]
pub struct Bookmark {
    /// The heading text.
    pub title: String,
    /// 1 for a part of an omnibus, 2 for a section.
    pub level: u8,
    /// 0-based page index.
    pub page: usize,
    /// Top of the heading, from the page's bottom.
    pub top: f32,
}

/// The laid-out book.
#[derive(Debug, Clone)]
pub struct Book {
    /// Paper and margins.
    pub geometry: Geometry,
    /// The pages.
    pub pages: Vec<Page>,
    /// Headings, for the outline.
    pub bookmarks: Vec<Bookmark>,
    /// Characters the fonts have no glyph for.
    pub missing: BTreeSet<char>,
    /// Title, author, language and direction, for the PDF's metadata.
    pub meta: Meta,
}

/// A block set into lines, waiting to be poured onto pages.
struct SetBlock {
    lines: Vec<(Line, f32)>,
    face: FaceKind,
    size: f32,
    leading: f32,
    space_before: f32,
    role: Role,
    keep_with_next: bool,
    bookmark: Option<(String, u8)>,
    /// Starts a part: a new right-hand page, and the running head changes.
    opens_part: bool,
}

struct Setter<'a> {
    faces: &'a Typefaces,
    rtl: bool,
    language: &'a str,
    measure: f32,
    justify: Justify,
    missing: BTreeSet<char>,
}

impl<'a> Setter<'a> {
    fn face(&self, kind: FaceKind) -> &'a Typeface {
        match kind {
            FaceKind::Regular => &self.faces.regular,
            FaceKind::Bold => &self.faces.bold,
        }
    }

    /// Sets `text` into lines; returns each line with the x shift its indent needs.
    fn set(&mut self, text: &str, kind: FaceKind, size: f32, alignment: Alignment, indent: f32) -> Vec<(Line, f32)> {
        let paragraph =
            ShapedParagraph::new(text, self.face(kind), size, self.rtl, self.language).with_justify(self.justify);
        self.missing.extend(paragraph.missing_characters());
        let measure = self.measure;
        let width_of = |line: usize| if line == 0 { measure - indent } else { measure };
        let mut ranges = break_lines(&paragraph, width_of);
        if alignment == Alignment::Center && ranges.len() > 1 {
            ranges = balanced(&paragraph, measure, ranges.len());
        }
        ranges
            .iter()
            .enumerate()
            .map(|(index, range)| {
                let line = set_line(&paragraph, range, width_of(index), alignment);
                let shift = if index == 0 && !self.rtl { indent } else { 0.0 };
                (line, shift)
            })
            .collect()
    }
}

/// Breaks a centred text into `count` lines of even length: the narrowest
/// measure that still needs no more lines (a title should not end in one
/// lonely word).
fn balanced(paragraph: &ShapedParagraph, measure: f32, count: usize) -> Vec<LineRange> {
    let (mut low, mut high) = (measure / count as f32, measure);
    for _ in 0..12 {
        let middle = (low + high) / 2.0;
        if break_lines(paragraph, |_| middle).len() <= count { high = middle } else { low = middle }
    }
    break_lines(paragraph, |_| high)
}

/// Lays a document out on pages of `paper`, justified with kashida.
pub fn lay_out(document: &Document, faces: &Typefaces, paper: Paper) -> Book {
    lay_out_justified(document, faces, paper, Justify::Kashida)
}

/// Lays a document out on pages of `paper`, justified by `justify`.
pub fn lay_out_justified(document: &Document, faces: &Typefaces, paper: Paper, justify: Justify) -> Book {
    let geometry = Geometry::for_paper(paper);
    let rtl = document.meta.direction == Direction::Rtl;
    let style = Style::for_paper(paper, rtl);
    let mut setter = Setter {
        faces,
        rtl,
        language: &document.meta.lang,
        measure: geometry.measure(),
        justify,
        missing: BTreeSet::new(),
    };
    let blocks = set_blocks(document, &mut setter, &style);
    let (mut pages, bookmarks, parts) = paginate(&blocks, &geometry, rtl);
    let part_titles: Vec<(Option<&str>, bool)> = parts
        .iter()
        .map(|&(part, opens)| (part.and_then(|i| blocks[i].bookmark.as_ref()).map(|(t, _)| t.as_str()), opens))
        .collect();
    add_furniture(&mut pages, &part_titles, document, &mut setter, &geometry, &style);
    Book { geometry, pages, bookmarks, missing: setter.missing, meta: document.meta.clone() }
}

fn set_blocks(document: &Document, setter: &mut Setter, style: &Style) -> Vec<SetBlock> {
    let meta = &document.meta;
    let mut blocks = Vec::new();
    let title_block = |lines, face, size: f32, space_before| SetBlock {
        lines,
        face,
        size,
        leading: size * 1.6,
        space_before,
        role: Role::Title,
        keep_with_next: true,
        bookmark: None,
        opens_part: false,
    };
    let (title, part) = match (&meta.series, document.part_label()) {
        (Some(series), Some(part)) => (series.clone(), Some(part)),
        _ => (meta.title.clone(), None),
    };
    let lines = setter.set(&title, FaceKind::Bold, style.title, Alignment::Center, 0.0);
    blocks.push(title_block(lines, FaceKind::Bold, style.title, 0.0));
    for (text, space) in
        [(part, style.leading * 0.2), (meta.subtitle.clone(), 0.0), (meta.author.clone(), style.leading * 0.5)]
    {
        if let Some(text) = text {
            let lines = setter.set(&text, FaceKind::Regular, style.heading, Alignment::Center, 0.0);
            blocks.push(title_block(lines, FaceKind::Regular, style.heading, space));
        }
    }
    let mut after_heading = true;
    for block in &document.blocks {
        match block {
            Block::Heading { level: 1, text } => {
                let lines = setter.set(text, FaceKind::Bold, style.title * 0.85, Alignment::Center, 0.0);
                blocks.push(SetBlock {
                    lines,
                    face: FaceKind::Bold,
                    size: style.title * 0.85,
                    leading: style.title * 0.85 * 1.6,
                    space_before: style.leading * 4.0,
                    role: Role::PartTitle,
                    keep_with_next: true,
                    bookmark: Some((text.clone(), 1)),
                    opens_part: true,
                });
                after_heading = true;
            }
            Block::Heading { text, .. } => {
                let lines = setter.set(text, FaceKind::Bold, style.heading, Alignment::Start, 0.0);
                blocks.push(SetBlock {
                    lines,
                    face: FaceKind::Bold,
                    size: style.heading,
                    leading: style.heading * 1.6,
                    space_before: style.leading,
                    role: Role::Heading,
                    keep_with_next: true,
                    bookmark: Some((text.clone(), 2)),
                    opens_part: false,
                });
                after_heading = true;
            }
            Block::Paragraph { text } => {
                let indent = if after_heading { 0.0 } else { style.indent };
                let lines = setter.set(text, FaceKind::Regular, style.body, Alignment::Justified, indent);
                blocks.push(SetBlock {
                    lines,
                    face: FaceKind::Regular,
                    size: style.body,
                    leading: style.leading,
                    space_before: if after_heading { 0.0 } else { style.leading * 0.25 },
                    role: Role::Body,
                    keep_with_next: false,
                    bookmark: None,
                    opens_part: false,
                });
                after_heading = false;
            }
        }
    }
    if let Some(first_body) = blocks.iter_mut().find(|b| b.role != Role::Title && !b.opens_part) {
        first_body.space_before = style.leading * 1.5;
    }
    blocks
}

/// For one page: the index of the block that opened its part, and whether it opens there.
type PagePart = (Option<usize>, bool);

/// Pours set blocks onto pages. Also returns, for every page, the title of
/// the part it belongs to (omnibus volumes) and whether a part opens on it.
fn paginate(blocks: &[SetBlock], geometry: &Geometry, rtl: bool) -> (Vec<Page>, Vec<Bookmark>, Vec<PagePart>) {
    let mut pages = vec![Page::default()];
    let mut parts: Vec<PagePart> = vec![(None, false)];
    let mut current_part = None;
    let mut bookmarks = Vec::new();
    let top = geometry.block_top();
    let bottom = geometry.block_bottom();
    let mut cursor = top;
    for (index, block) in blocks.iter().enumerate() {
        if block.opens_part {
            // A part opens on a new right-hand (odd) page; an even page in between stays blank.
            let page_is_empty = pages.last().is_some_and(|p| p.lines.is_empty());
            if !(page_is_empty && pages.len() % 2 == 1) {
                pages.push(Page::default());
                parts.push((current_part, false));
                if pages.len() % 2 == 0 {
                    pages.push(Page::default());
                    parts.push((current_part, false));
                }
            }
            current_part = Some(index);
            if let Some(last) = parts.last_mut() {
                *last = (current_part, true);
            }
            cursor = top;
        }
        let at_top = cursor >= top;
        let space = if at_top && !block.opens_part { 0.0 } else { block.space_before };
        // How much must fit here: a heading (or title) with two lines of what follows.
        let mut needed = space + block.leading * block.lines.len() as f32;
        if block.keep_with_next {
            if let Some(next) = blocks[index + 1..].iter().find(|b| !b.keep_with_next) {
                needed += next.space_before + next.leading * next.lines.len().min(2) as f32;
            }
        } else {
            needed = space + block.leading * block.lines.len().min(2) as f32;
        }
        if cursor - needed < bottom && !at_top && block.role != Role::Title {
            pages.push(Page::default());
            parts.push((current_part, false));
            cursor = top;
        } else {
            cursor -= space;
        }
        if let Some((title, level)) = &block.bookmark {
            bookmarks.push(Bookmark { title: title.clone(), level: *level, page: pages.len() - 1, top: cursor });
        }
        let mut remaining = &block.lines[..];
        while !remaining.is_empty() {
            let fits = ((cursor - bottom) / block.leading + 1e-3).floor().max(0.0) as usize;
            let mut take = lines_to_take(remaining.len(), fits, block.role == Role::Body);
            if take == 0 && cursor >= top {
                take = fits.max(1).min(remaining.len()); // a page too short for the rules
            }
            for (line, shift) in &remaining[..take] {
                cursor -= block.leading;
                let page_number = pages.len();
                pages.last_mut().expect("there is always a page").lines.push(PlacedLine {
                    face: block.face,
                    size: block.size,
                    x: geometry.left_edge(page_number, rtl) + line.left + shift,
                    baseline: cursor,
                    line: line.clone(),
                    role: block.role,
                    block: index,
                });
            }
            remaining = &remaining[take..];
            if !remaining.is_empty() {
                pages.push(Page::default());
                parts.push((current_part, false));
                cursor = top;
            }
        }
    }
    (pages, bookmarks, parts)
}

/// How many of a paragraph's `left` lines to set on a page with room for `fits`:
/// never one line alone at the foot, never one alone at the head of the next page.
fn lines_to_take(left: usize, fits: usize, guard: bool) -> usize {
    if fits >= left {
        return left;
    }
    if !guard {
        return fits.max(1).min(left);
    }
    let mut take = fits;
    if left - take == 1 && take > 0 {
        take -= 1; // leave two for the next page
    }
    if take < 2 {
        take = 0; // no orphan
    }
    take
}

/// Running heads and page numbers. The head names the series (or title), or
/// in an omnibus the part; it is left off the first page, pages that open a
/// part, and blank pages, which get no page number either.
fn add_furniture(
    pages: &mut [Page],
    parts: &[(Option<&str>, bool)],
    document: &Document,
    setter: &mut Setter,
    geometry: &Geometry,
    style: &Style,
) {
    let rtl = setter.rtl;
    let book_head = document.meta.series.clone().unwrap_or_else(|| document.meta.title.clone());
    let mut heads: HashMap<String, (Line, f32)> = HashMap::new();
    for (index, page) in pages.iter_mut().enumerate() {
        if page.lines.is_empty() {
            continue;
        }
        let number = index + 1;
        let left = geometry.left_edge(number, rtl);
        let (part, opens_part) = parts.get(index).copied().unwrap_or((None, false));
        let head_text = part.map_or(book_head.as_str(), |t| t);
        if number > 1 && !opens_part {
            let (line, size) =
                heads.entry(head_text.to_string()).or_insert_with(|| running_head(setter, head_text, style)).clone();
            page.lines.insert(
                0,
                PlacedLine {
                    face: FaceKind::Regular,
                    size,
                    x: left + line.left,
                    baseline: geometry.paper.height - geometry.top * 0.6,
                    line,
                    role: Role::RunningHead,
                    block: usize::MAX,
                },
            );
        }
        let digits = if rtl { arabic_indic_digits(number as u32) } else { number.to_string() };
        if let Some((line, _)) = setter.set(&digits, FaceKind::Regular, style.furniture, Alignment::Center, 0.0).pop() {
            page.lines.push(PlacedLine {
                face: FaceKind::Regular,
                size: style.furniture,
                x: left + line.left,
                baseline: geometry.bottom * 0.5,
                line,
                role: Role::Folio,
                block: usize::MAX,
            });
        }
    }
}

/// A running head on one line: a long name is set smaller until it fits.
fn running_head(setter: &mut Setter, text: &str, style: &Style) -> (Line, f32) {
    let mut size = style.furniture;
    let mut lines = setter.set(text, FaceKind::Regular, size, Alignment::Center, 0.0);
    while lines.len() > 1 && size > 6.0 {
        size -= 0.5;
        lines = setter.set(text, FaceKind::Regular, size, Alignment::Center, 0.0);
    }
    let line = lines.into_iter().next().map(|(line, _)| line).unwrap_or_else(|| Line {
        glyphs: Vec::new(),
        left: 0.0,
        width: 0.0,
        alignment: Alignment::Center,
        rtl: setter.rtl,
        kashidas: 0,
    });
    (line, size)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn orphans_and_widows_are_avoided() {
        assert_eq!(lines_to_take(5, 10, true), 5);
        assert_eq!(lines_to_take(5, 1, true), 0, "a lone first line moves over");
        assert_eq!(lines_to_take(5, 4, true), 3, "a lone last line brings another with it");
        assert_eq!(lines_to_take(5, 3, true), 3);
        assert_eq!(lines_to_take(3, 2, true), 0, "two and one would leave a widow; one and two an orphan");
        assert_eq!(lines_to_take(1, 0, true), 0, "a page with room for no line takes none");
    }
}
