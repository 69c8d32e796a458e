//! Setting: each block of the tree → lines at their measure, with the space,
//! keep rules and role the paginator needs. Lists hang their markers on the
//! reading-start side; quotations are inset on both sides; a break is a
//! centred ornament.

use super::image::{self, SetPicture};
use super::notes;
use super::style::Style;
use super::verse;
use super::{FaceKind, Language, Link, Role, Superscript};
use crate::backend::pdf::kashida::Justify;
use crate::backend::pdf::line::{Alignment, Line, set_line};
use crate::backend::pdf::linebreak::{LineRange, break_lines};
use crate::backend::pdf::paragraph::{ShapedParagraph, Styling};
use crate::document::{Block, Direction, Document, HeadingLevel, SpanKind, Text, split_item_number};
use crate::fonts::{Style as Face, Typefaces};
use std::collections::{BTreeSet, VecDeque};
use std::ops::Range;

/// The ornament a section break is set as.
pub const ORNAMENT: &str = "⁂";

/// A code block's type size, as a share of the body's.
pub const CODE_SCALE: f32 = 0.85;

/// A code block's leading, as a share of its size.
const CODE_LEADING: f32 = 1.45;

/// How many spaces a wrapped code line's continuation is indented by.
const CODE_HANG: f32 = 2.0;

/// Code blocks of up to this many lines are never broken across pages.
const CODE_KEEP_TOGETHER: usize = 8;

/// The marker a bulleted list item hangs.
pub const BULLET: &str = "•";

/// A line set for its block: the x shift its indents need, and the marker
/// (with its own shift) that hangs beside it, if any.
#[derive(Debug, Clone)]
pub struct SetLine {
    /// The line.
    pub line: Line,
    /// From the left edge of the measure to the left edge of the line's box.
    pub shift: f32,
    /// A hanging list marker on the same baseline.
    pub marker: Option<(Line, f32)>,
    /// Another line of the block on the same row, with its own shift: a
    /// bayt's عجز beside its صدر.
    pub beside: Option<(Line, f32)>,
    /// No page may break after this line (inside a stacked bayt).
    pub keep_with_next: bool,
    /// The notes whose markers this line holds, in order.
    pub notes: Vec<u32>,
    /// Footnote markers in it, drawn as superscripts.
    pub raised: Vec<Superscript>,
    /// Links over its glyphs.
    pub links: Vec<Link>,
    /// Words in another language.
    pub langs: Vec<Language>,
}

impl SetLine {
    /// A line shifted by `shift`, with nothing beside it.
    pub fn new(line: Line, shift: f32) -> SetLine {
        SetLine {
            line,
            shift,
            marker: None,
            beside: None,
            keep_with_next: false,
            notes: Vec::new(),
            raised: Vec::new(),
            links: Vec::new(),
            langs: Vec::new(),
        }
    }
}

/// What a text carries beyond its face and size: the faces and left-to-right
/// stretches of its spans, its own direction, its footnote markers and links.
#[derive(Debug, Clone, Default)]
pub struct Inline {
    /// Faces and code stretches.
    pub styling: Styling,
    /// Its own base direction (right to left?), when not the page's.
    pub rtl: Option<bool>,
    /// Footnote markers (the note each cites, and how it is drawn).
    pub marks: Vec<(u32, Superscript)>,
    /// Links.
    pub links: Vec<Link>,
    /// Words in another language.
    pub langs: Vec<Language>,
}

impl Inline {
    /// What `text` carries from byte `from` on (shifted to start there),
    /// footnote markers aside, on a page that runs right to left or not.
    pub fn of(text: &Text, from: usize, bold: bool, page_rtl: bool) -> Inline {
        let page = if page_rtl { Direction::Rtl } else { Direction::Ltr };
        Inline {
            styling: styling(text, from, bold),
            rtl: text.dir.map(|_| text.direction(page) == Direction::Rtl),
            marks: Vec::new(),
            links: links(text, from),
            langs: languages(text, from),
        }
    }

    /// The same, for the text set after `by` bytes of something else (a note's marker).
    pub fn shifted(mut self, by: usize) -> Inline {
        for (range, _) in &mut self.styling.faces {
            *range = range.start + by..range.end + by;
        }
        for range in &mut self.styling.ltr {
            *range = range.start + by..range.end + by;
        }
        for link in &mut self.links {
            link.clusters = link.clusters.start + by..link.clusters.end + by;
        }
        for language in &mut self.langs {
            language.clusters = language.clusters.start + by..language.clusters.end + by;
        }
        self
    }
}

/// A block set into lines, waiting to be poured onto pages.
pub struct SetBlock {
    pub lines: Vec<SetLine>,
    pub face: FaceKind,
    pub size: f32,
    pub leading: f32,
    pub space_before: f32,
    pub role: Role,
    pub keep_with_next: bool,
    pub bookmark: Option<(String, u8)>,
    /// Starts a part: a new right-hand page, and the running head changes.
    pub opens_part: bool,
    /// Never broken across pages (a short poem).
    pub keep_together: bool,
    /// The picture this block is (its one line is a stand-in row).
    pub picture: Option<SetPicture>,
}

/// How much narrower than the measure a block is set: on the reading-start
/// side, the reading-end side, and for its first line (an indent).
#[derive(Debug, Clone, Copy, Default)]
pub struct Inset {
    pub start: f32,
    pub end: f32,
    pub first: f32,
}

pub struct Setter<'a> {
    pub faces: &'a Typefaces,
    pub rtl: bool,
    pub language: &'a str,
    pub measure: f32,
    pub justify: Justify,
    pub missing: BTreeSet<char>,
}

impl<'a> Setter<'a> {
    /// Sets `text` into lines across the whole measure, the first indented by `indent`.
    pub fn set(&mut self, text: &str, kind: FaceKind, size: f32, alignment: Alignment, indent: f32) -> Vec<SetLine> {
        self.set_inset(text, kind, size, alignment, Inset { first: indent, ..Inset::default() })
    }

    /// Sets `text` into lines inside `inset`.
    pub fn set_inset(
        &mut self,
        text: &str,
        kind: FaceKind,
        size: f32,
        alignment: Alignment,
        inset: Inset,
    ) -> Vec<SetLine> {
        self.set_text(text, kind, size, alignment, inset, &Inline::default())
    }

    /// Sets `text` into lines inside `inset`, with what it carries. A text
    /// of its own direction starts at its own side (its first-line indent
    /// too); the insets stay on the page's sides.
    pub fn set_text(
        &mut self,
        text: &str,
        kind: FaceKind,
        size: f32,
        alignment: Alignment,
        inset: Inset,
        inline: &Inline,
    ) -> Vec<SetLine> {
        let marks = &inline.marks;
        let rtl = inline.rtl.unwrap_or(self.rtl);
        let mut paragraph =
            ShapedParagraph::styled(text, self.faces, kind.style(), &inline.styling, size, rtl, self.language)
                .with_justify(self.justify);
        for (_, mark) in marks {
            paragraph.shrink(mark.clusters.clone(), mark.scale);
        }
        self.missing.extend(paragraph.missing_characters());
        let measure = (self.measure - inset.start - inset.end).max(size);
        let width_of = |line: usize| if line == 0 { measure - inset.first } else { measure };
        let mut ranges = break_lines(&paragraph, width_of);
        if alignment == Alignment::Center && ranges.len() > 1 {
            ranges = balanced(&paragraph, measure, ranges.len());
        }
        // The box's left edge: the start inset is on the right for Arabic.
        let left = if self.rtl { inset.end } else { inset.start };
        ranges
            .iter()
            .enumerate()
            .map(|(index, range)| {
                let line = set_line(&paragraph, range, width_of(index), alignment);
                let indent = if index == 0 && !rtl { inset.first } else { 0.0 };
                let mut set = SetLine::new(line, left + indent);
                let inside = |mark: &&(u32, Superscript)| {
                    mark.1.clusters.start < range.content.end && range.content.start < mark.1.clusters.end
                };
                for (note, mark) in marks.iter().filter(inside) {
                    set.notes.push(*note);
                    set.raised.push(mark.clone());
                }
                let on_line =
                    |link: &&Link| link.clusters.start < range.content.end && range.content.start < link.clusters.end;
                set.links.extend(inline.links.iter().filter(on_line).cloned());
                let on_line = |language: &&Language| {
                    language.clusters.start < range.content.end && range.content.start < language.clusters.end
                };
                set.langs.extend(inline.langs.iter().filter(on_line).cloned());
                set
            })
            .collect()
    }

    /// Sets a list marker in the hang beside a box inset by `inset.start`.
    fn set_marker(&mut self, marker: &str, size: f32, inset: Inset, hang: f32) -> Option<(Line, f32)> {
        let box_inset = Inset { start: inset.start, end: self.measure - inset.start - hang, first: 0.0 };
        let first = self.set_inset(marker, FaceKind::Regular, size, Alignment::Start, box_inset).into_iter().next()?;
        Some((first.line, first.shift))
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

/// The book's blocks, set as the paginator asks for them: the title block
/// first, then the body a top-level block at a time. Only the blocks not yet
/// poured onto pages are held, not the lines of the whole book.
pub struct SetBlocks<'s, 'a> {
    body: BodySetter<'s, 'a>,
    source: std::slice::Iter<'s, Block>,
    /// Blocks set and not yet taken, in order.
    queue: VecDeque<SetBlock>,
    /// The number of the block at the front of the queue.
    taken: usize,
    /// Depth of the text block, which a picture must fit.
    depth: f32,
    /// How deep the keep-with-next blocks just set are (a picture after
    /// them leaves them room).
    kept: f32,
    /// Whether the first block of the body has had the room under the title.
    first_body: bool,
}

impl<'s, 'a> SetBlocks<'s, 'a> {
    /// Sets the title block of `document`; its body waits for [`SetBlocks::next`].
    /// `footnotes` are the notes set at the foot of pages (see [`notes::footnote_numbers`]).
    pub fn new(
        document: &'s Document,
        setter: &'s mut Setter<'a>,
        style: &'s Style,
        footnotes: &'s BTreeSet<u32>,
        depth: f32,
    ) -> SetBlocks<'s, 'a> {
        let meta = &document.meta;
        let mut blocks = Vec::new();
        let title_block = |lines, face, size: f32, space_before| SetBlock {
            lines,
            face,
            size,
            leading: size * style.display_leading,
            space_before,
            role: Role::Title,
            keep_with_next: true,
            bookmark: None,
            opens_part: false,
            keep_together: false,
            picture: None,
        };
        let (title, part) = match (&meta.series, document.part_label()) {
            (Some(series), Some(part)) => (series.clone(), Some(part)),
            _ => (meta.title.clone(), None),
        };
        let lines = setter.set(&title, FaceKind::Bold, style.title, Alignment::Center, 0.0);
        blocks.push(title_block(lines, FaceKind::Bold, style.title, 0.0));
        for (text, space) in
            [(part, style.part_label_space), (meta.subtitle.clone(), 0.0), (meta.author.clone(), style.author_space)]
        {
            if let Some(text) = text {
                let lines = setter.set(&text, FaceKind::Regular, style.heading, Alignment::Center, 0.0);
                blocks.push(title_block(lines, FaceKind::Regular, style.heading, space));
            }
        }
        let body = BodySetter { setter, style, out: blocks, flush: true, pending_space: 0.0, footnotes };
        let mut blocks = SetBlocks {
            body,
            source: document.blocks.iter(),
            queue: VecDeque::new(),
            taken: 0,
            depth,
            kept: 0.0,
            first_body: false,
        };
        blocks.queue_set();
        blocks
    }

    /// The next block and its number (blocks are numbered in reading order
    /// from the title's 0), set now if it was not yet.
    pub fn next(&mut self) -> Option<(usize, SetBlock)> {
        while self.queue.is_empty() && self.set_more() {}
        let block = self.queue.pop_front()?;
        self.taken += 1;
        Some((self.taken - 1, block))
    }

    /// How many blocks are set and not yet taken.
    #[cfg(test)]
    pub fn held(&self) -> usize {
        self.queue.len()
    }

    /// The first block after those taken that `wanted` accepts, set now if need be.
    pub fn find_ahead(&mut self, wanted: impl Fn(&SetBlock) -> bool) -> Option<&SetBlock> {
        let mut from = 0;
        loop {
            if let Some(at) = self.queue.iter().skip(from).position(&wanted) {
                return self.queue.get(from + at);
            }
            from = self.queue.len();
            if !self.set_more() {
                return None;
            }
        }
    }

    /// Sets the next top-level block of the body; false when there is none.
    fn set_more(&mut self) -> bool {
        let Some(block) = self.source.next() else { return false };
        self.body.block(block, Inset::default(), Role::Body);
        self.queue_set();
        true
    }

    /// Moves the blocks just set to the queue: the first of the body gets the
    /// room under the title, and a picture is fitted to the page.
    fn queue_set(&mut self) {
        for mut block in self.body.out.drain(..) {
            if !self.first_body && block.role != Role::Title && !block.opens_part {
                block.space_before = block.space_before.max(self.body.style.text_space);
                self.first_body = true;
            }
            image::fit_to_depth(&mut block, self.kept, self.depth);
            self.kept = if block.keep_with_next {
                self.kept + block.space_before + block.leading * block.lines.len() as f32
            } else {
                0.0
            };
            self.queue.push_back(block);
        }
    }
}

/// The words of `text` marked as in another language, from byte `from` on,
/// shifted to start there.
fn languages(text: &Text, from: usize) -> Vec<Language> {
    clipped(text, from, |kind, clusters| match kind {
        SpanKind::Lang { lang } => Some(Language { clusters, lang: lang.clone() }),
        _ => None,
    })
}

/// The links of `text` from byte `from` on, shifted to start there.
fn links(text: &Text, from: usize) -> Vec<Link> {
    clipped(text, from, |kind, clusters| match kind {
        SpanKind::Link { url } => Some(Link { clusters, url: url.clone() }),
        _ => None,
    })
}

/// What `make` makes of each span of `text` that reaches past byte `from`,
/// given its bytes from there on, shifted to start there.
fn clipped<T>(text: &Text, from: usize, make: impl Fn(&SpanKind, Range<usize>) -> Option<T>) -> Vec<T> {
    let length = text.text.len();
    text.spans
        .iter()
        .filter(|span| span.start.max(from) < span.end.min(length))
        .filter_map(|span| make(&span.kind, span.start.max(from) - from..span.end.min(length) - from))
        .collect()
}

/// The faces and left-to-right stretches of `text`'s spans from byte `from`
/// on, shifted to start there: emphasis slants, strong is bold (as is all of
/// a bold text), code is monospaced and left to right.
fn styling(text: &Text, from: usize, bold: bool) -> Styling {
    let length = text.text.len();
    let styled = |kind: &SpanKind| matches!(kind, SpanKind::Emphasis | SpanKind::Strong | SpanKind::Code);
    // Spans clipped to the text from `from`, on character boundaries.
    let spans: Vec<(Range<usize>, &SpanKind)> = text
        .spans
        .iter()
        .filter(|span| styled(&span.kind))
        .map(|span| (span.start.max(from)..span.end.min(length), &span.kind))
        .filter(|(range, _)| {
            range.start < range.end && text.text.is_char_boundary(range.start) && text.text.is_char_boundary(range.end)
        })
        .collect();
    let mut styling = Styling::default();
    if spans.is_empty() {
        return styling;
    }
    let mut cuts: Vec<usize> = spans.iter().flat_map(|(range, _)| [range.start, range.end]).collect();
    cuts.sort_unstable();
    cuts.dedup();
    let base = Face::of(bold, false, false);
    for pair in cuts.windows(2) {
        let (start, end) = (pair[0], pair[1]);
        let over = |wanted: fn(&SpanKind) -> bool| {
            spans.iter().any(|(range, kind)| wanted(kind) && range.start <= start && end <= range.end)
        };
        let strong = over(|kind| matches!(kind, SpanKind::Strong));
        let slanted = over(|kind| matches!(kind, SpanKind::Emphasis));
        let code = over(|kind| matches!(kind, SpanKind::Code));
        let range = start - from..end - from;
        if code {
            match styling.ltr.last_mut() {
                Some(last) if last.end == range.start => last.end = range.end,
                _ => styling.ltr.push(range.clone()),
            }
        }
        let style = Face::of(bold || strong, slanted, code);
        if style == base {
            continue;
        }
        match styling.faces.last_mut() {
            Some((last, face)) if *face == style && last.end == range.start => last.end = range.end,
            _ => styling.faces.push((range, style)),
        }
    }
    styling
}

/// Sets body blocks, nested or not, keeping track of what came before.
struct BodySetter<'s, 'a> {
    setter: &'s mut Setter<'a>,
    style: &'s Style,
    out: Vec<SetBlock>,
    /// The next paragraph starts flush (after a heading, list, quote or break).
    flush: bool,
    /// Space owed by the block before (after a list, quote or break).
    pending_space: f32,
    /// The notes set at the foot of the page (the others are endnotes).
    footnotes: &'s BTreeSet<u32>,
}

impl BodySetter<'_, '_> {
    /// The footnote markers of `text` from byte `from` on (shifted to start
    /// there), as superscripts of the body size.
    fn marks(&self, text: &Text, from: usize) -> Vec<(u32, Superscript)> {
        let style = self.style;
        text.spans
            .iter()
            .filter_map(|span| match span.kind {
                SpanKind::NoteRef { note } if self.footnotes.contains(&note) => Some((note, span)),
                _ => None,
            })
            // A span that is empty, out of the text or off its characters is no marker.
            .filter(|(_, span)| {
                from <= span.start && span.start < span.end && text.text.get(span.start..span.end).is_some()
            })
            .map(|(note, span)| {
                let mark = Superscript {
                    clusters: span.start - from..span.end - from,
                    scale: style.superscript_scale,
                    rise: style.body * style.superscript_rise,
                };
                (note, mark)
            })
            .collect()
    }

    /// What `text` carries from byte `from` on (shifted to start there): its
    /// spans' faces over a face that is bold or not, its own direction, its
    /// footnote markers.
    fn inline(&self, text: &Text, from: usize, bold: bool) -> Inline {
        Inline { marks: self.marks(text, from), ..Inline::of(text, from, bold, self.setter.rtl) }
    }

    fn push(&mut self, mut block: SetBlock) {
        block.space_before = block.space_before.max(self.pending_space);
        self.pending_space = 0.0;
        self.out.push(block);
    }

    fn text_block(
        &mut self,
        lines: Vec<SetLine>,
        face: FaceKind,
        size: f32,
        role: Role,
        space_before: f32,
    ) -> SetBlock {
        let leading = if size == self.style.body { self.style.leading } else { size * self.style.display_leading };
        SetBlock {
            lines,
            face,
            size,
            leading,
            space_before,
            role,
            keep_with_next: false,
            bookmark: None,
            opens_part: false,
            keep_together: false,
            picture: None,
        }
    }

    /// Sets one block inside `inset`; `role` is what its running text is.
    fn block(&mut self, block: &Block, inset: Inset, role: Role) {
        let style = *self.style;
        match block {
            Block::PartTitle(text) => {
                let lines = self.setter.set(text.as_str(), FaceKind::Bold, style.part_title, Alignment::Center, 0.0);
                let mut set =
                    self.text_block(lines, FaceKind::Bold, style.part_title, Role::PartTitle, style.part_space);
                set.keep_with_next = true;
                set.bookmark = Some((text.text.clone(), 1));
                set.opens_part = true;
                self.push(set);
                self.flush = true;
            }
            Block::Heading { text, .. } => {
                let inline = self.inline(text, 0, true);
                let lines = self.setter.set_text(
                    text.as_str(),
                    FaceKind::Bold,
                    style.heading,
                    Alignment::Start,
                    inset,
                    &inline,
                );
                let mut set = self.text_block(lines, FaceKind::Bold, style.heading, Role::Heading, style.heading_space);
                set.keep_with_next = true;
                if role == Role::Body {
                    set.bookmark = Some((text.text.clone(), 2));
                }
                self.push(set);
                self.flush = true;
            }
            Block::Paragraph(text) => {
                let indent = if self.flush || role != Role::Body { 0.0 } else { style.indent };
                let space = if self.flush { 0.0 } else { style.paragraph_space };
                let inline = self.inline(text, 0, false);
                let lines = self.setter.set_text(
                    text.as_str(),
                    FaceKind::Regular,
                    style.body,
                    Alignment::Justified,
                    Inset { first: indent, ..inset },
                    &inline,
                );
                let set = self.text_block(lines, FaceKind::Regular, style.body, role, space);
                self.push(set);
                self.flush = false;
            }
            Block::List { ordered, items, .. } => {
                self.pending_space = self.pending_space.max(style.block_space);
                for item in items {
                    self.item(item, *ordered, inset);
                    self.pending_space = style.item_space;
                }
                self.pending_space = style.block_space;
                self.flush = true;
            }
            Block::Quote { blocks } => {
                self.pending_space = self.pending_space.max(style.block_space);
                let inner =
                    Inset { start: inset.start + style.quote_inset, end: inset.end + style.quote_inset, first: 0.0 };
                self.flush = true;
                for block in blocks {
                    self.block(block, inner, Role::Quote);
                }
                self.pending_space = style.block_space;
                self.flush = true;
            }
            Block::Break => {
                let lines = self.setter.set_inset(ORNAMENT, FaceKind::Regular, style.body, Alignment::Center, inset);
                let mut set = self.text_block(lines, FaceKind::Regular, style.body, Role::Ornament, style.block_space);
                set.keep_with_next = true;
                self.push(set);
                self.pending_space = style.block_space;
                self.flush = true;
            }
            Block::Verse { bayts } => {
                self.pending_space = self.pending_space.max(style.block_space);
                let lines = verse::set_verse(self.setter, bayts, &style, inset);
                let mut set = self.text_block(lines, FaceKind::Regular, style.body, Role::Verse, 0.0);
                set.keep_together = bayts.len() <= verse::KEEP_TOGETHER;
                self.push(set);
                self.pending_space = style.block_space;
                self.flush = true;
            }
            Block::CodeBlock { text, .. } => {
                self.pending_space = self.pending_space.max(style.block_space);
                let size = style.body * CODE_SCALE;
                let lines = self.code_lines(text.as_str(), size, inset);
                let short = lines.len() <= CODE_KEEP_TOGETHER;
                let mut set = self.text_block(lines, FaceKind::Mono, size, Role::Code, 0.0);
                set.leading = size * CODE_LEADING;
                set.keep_together = short;
                self.push(set);
                self.pending_space = style.block_space;
                self.flush = true;
            }
            Block::Image(picture) => {
                let rtl = self.setter.rtl;
                self.push(image::set_picture(picture, self.setter.measure, rtl, inset, style.block_space));
                self.pending_space = style.block_space;
                self.flush = true;
            }
            Block::Notes { heading, notes } => {
                // Notes cited in the text are at the foot of their pages; the rest stay here.
                let endnotes: Vec<_> = notes.iter().filter(|note| !self.footnotes.contains(&note.number)).collect();
                if endnotes.is_empty() {
                    return;
                }
                if let Some(heading) = heading {
                    self.block(&Block::Heading { level: HeadingLevel::SECTION, text: heading.clone() }, inset, role);
                }
                self.pending_space = self.pending_space.max(style.block_space);
                for note in endnotes {
                    let mut lines = notes::note_lines(self.setter, &style, &note.marker, &note.text);
                    for line in &mut lines {
                        line.notes.push(note.number);
                    }
                    let mut set = self.text_block(lines, FaceKind::Regular, style.note, Role::Note, style.item_space);
                    set.leading = style.note_leading;
                    self.push(set);
                }
                self.pending_space = style.block_space;
                self.flush = true;
            }
        }
    }

    /// A code block's lines: one (or more, wrapped) a source line, left to
    /// right from the left edge of the box, in the monospaced face, never
    /// justified. Leading spaces indent a line by their width; a line too
    /// long for the measure breaks at a space (or, a token too long, anywhere)
    /// and goes on indented by [`CODE_HANG`] spaces more.
    fn code_lines(&mut self, code: &str, size: f32, inset: Inset) -> Vec<SetLine> {
        let mono = self.setter.faces.get(Face::Mono);
        let space = mono
            .face
            .glyph_index(' ')
            .and_then(|glyph| mono.face.glyph_hor_advance(glyph))
            .map_or(size * 0.6, |advance| mono.to_points(advance as f32, size));
        let hang = CODE_HANG * space;
        let inline = Inline { rtl: Some(false), ..Inline::default() };
        let mut lines = Vec::new();
        for source in code.split('\n') {
            let text = source.trim_start_matches(' ').trim_end();
            if text.is_empty() {
                lines.push(SetLine::new(Line::empty(), 0.0));
                continue;
            }
            // Deep indents give way before the measure does.
            let indent = ((source.len() - source.trim_start_matches(' ').len()) as f32 * space)
                .min((self.setter.measure - inset.start - inset.end) / 2.0);
            // The left of the box is the page's reading end when it runs right to left.
            let inset = if self.setter.rtl {
                Inset { end: inset.end + indent + hang, first: -hang, ..inset }
            } else {
                Inset { start: inset.start + indent + hang, first: -hang, ..inset }
            };
            lines.extend(self.setter.set_text(text, FaceKind::Mono, size, Alignment::Start, inset, &inline));
        }
        lines
    }

    /// One list item: its first paragraph hangs the marker, the rest follow inside the hang.
    fn item(&mut self, item: &[Block], ordered: bool, inset: Inset) {
        let style = *self.style;
        let inner = Inset { start: inset.start + style.list_hang, ..inset };
        let first_set = self.out.len();
        let mut blocks = item.iter();
        if let Some(Block::Paragraph(first)) = item.first() {
            blocks.next();
            // An ordinal word («أولاً:») is part of the sentence: no marker hangs.
            let (marker, text) = match split_item_number(first.as_str()) {
                Some((marker, text)) if ordered => (Some(marker), text),
                _ if ordered => (None, first.as_str()),
                _ => (Some(BULLET), first.as_str()),
            };
            // The item's text is the end of the paragraph's: its markers move with it.
            let inline = match first.as_str().len().checked_sub(text.len()) {
                Some(from) if first.as_str().ends_with(text) => self.inline(first, from, false),
                _ => Inline::default(),
            };
            let mut lines =
                self.setter.set_text(text, FaceKind::Regular, style.body, Alignment::Justified, inner, &inline);
            if let (Some(line), Some(marker)) = (lines.first_mut(), marker) {
                line.marker = self.setter.set_marker(marker, style.body, inset, style.list_hang * 0.85);
            }
            let set = self.text_block(lines, FaceKind::Regular, style.body, Role::ListItem, 0.0);
            self.push(set);
        }
        self.flush = true;
        for block in blocks {
            self.block(block, inner, Role::ListItem);
        }
        // A bulleted item that opens with code, verse or a quote still shows
        // its bullet, beside that block's first line (as a reading system
        // shows it). A picture has no line to hang it on; a list opening the
        // item brings its own bullet, and an ordered item's number is in its
        // paragraph's text, so neither gets one here.
        if !ordered && !matches!(item.first(), Some(Block::Paragraph(_))) {
            let marker = self.setter.set_marker(BULLET, style.body, inset, style.list_hang * 0.85);
            let first_line = self
                .out
                .get_mut(first_set)
                .filter(|set| set.picture.is_none())
                .and_then(|set| set.lines.first_mut())
                .filter(|line| line.marker.is_none());
            if let Some(line) = first_line {
                line.marker = marker;
            }
        }
    }
}
