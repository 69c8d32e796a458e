//! The EPUB's content documents and style sheet, written as XHTML strings:
//! the title page, the essay (or each part of an omnibus) with its note
//! references linked to footnote asides at the document's end, poems in the
//! classical two-column layout, and the contents' names for parts.

use super::{links, pictures};
use crate::document::{Block, Direction, Document, Image, Note, SpanKind, Text, split_item_number, walk};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write;

pub use crate::backend::xml_escape as escape;

/// The id of the n-th heading (0-based) inside the essay document.
pub fn heading_id(index: usize) -> String {
    format!("section-{}", index + 1)
}

fn page(document: &Document, title: &str, body: &str) -> String {
    let lang = escape(&document.meta.lang);
    let dir = document.meta.direction.as_str();
    // On <body> too: calibre's AZW3 (Kindle) conversion drops it from <html>.
    let body = body.replacen("<body>", &format!("<body dir=\"{dir}\" xml:lang=\"{lang}\" lang=\"{lang}\">"), 1);
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE html>\n\
         <html xmlns=\"http://www.w3.org/1999/xhtml\" xmlns:epub=\"http://www.idpf.org/2007/ops\" \
         xml:lang=\"{lang}\" lang=\"{lang}\" dir=\"{dir}\">\n<head>\n<meta charset=\"utf-8\"/>\n\
         <title>{title}</title>\n<link rel=\"stylesheet\" type=\"text/css\" href=\"stylesheet.css\"/>\n\
         </head>\n{body}</html>\n",
        title = escape(title),
    )
}

/// The title page: series and part, title, author.
pub fn title_page(document: &Document) -> String {
    let meta = &document.meta;
    let mut body = String::from("<body>\n<section class=\"title-page\" epub:type=\"titlepage\">\n");
    match (&meta.series, document.part_label()) {
        (Some(series), Some(part)) => {
            let _ = writeln!(body, "<h1 class=\"title\">{}</h1>", escape(series));
            let _ = writeln!(body, "<p class=\"part\">{}</p>", escape(&part));
            if let Some(subtitle) = &meta.subtitle {
                let _ = writeln!(body, "<p class=\"subtitle\">{}</p>", escape(subtitle));
            }
        }
        _ => {
            let _ = writeln!(body, "<h1 class=\"title\">{}</h1>", escape(&meta.title));
        }
    }
    if let Some(author) = &meta.author {
        let _ = writeln!(body, "<p class=\"author\">{}</p>", escape(author));
    }
    body.push_str("</section>\n</body>\n");
    page(document, &meta.title, &body)
}

/// The `index`-th content document: an optional part title (h1), then
/// sections, paragraphs, lists, quotations, poems and breaks, then the notes.
/// Heading ids are numbered within the document (top-level headings only:
/// those are the table of contents); footnote ids carry the part's place in
/// an omnibus, so they are unique across the whole book.
pub fn section(document: &Document, index: usize, part_title: Option<&str>, blocks: &[Block]) -> String {
    let part = part_title.map(|_| index);
    let mut writer =
        Writer { body: String::new(), notes: NoteLinks::of(blocks, part), direction: document.meta.direction };
    // The body matter starts once, with the first content document.
    // Each epub:type has its ARIA role, as DAISY Ace asks.
    let (kind, role) = match (index, part) {
        (0, None) => ("bodymatter chapter", "doc-chapter"),
        (0, Some(_)) => ("bodymatter part", "doc-part"),
        (_, None) => ("chapter", "doc-chapter"),
        (_, Some(_)) => ("part", "doc-part"),
    };
    let _ = writeln!(writer.body, "<body>\n<section class=\"essay\" epub:type=\"{kind}\" role=\"{role}\">");
    if let Some(title) = part_title {
        let _ = writeln!(writer.body, "<h1 class=\"part-title\">{}</h1>", escape(title));
    }
    let mut headings = 0;
    for block in blocks.iter().filter(|b| !matches!(b, Block::Notes { .. })) {
        writer.block(block, Some(&mut headings));
    }
    writer.notes_at_end(blocks);
    writer.body.push_str("</section>\n</body>\n");
    page(document, part_title.unwrap_or(&document.meta.title), &writer.body)
}

/// The footnote links of one content document: which notes its text cites,
/// and the ids that pair each reference with its note.
struct NoteLinks {
    /// Keeps ids unique across an omnibus: "" or "p3-".
    prefix: String,
    /// Notes that the document holds and its text cites: these become footnotes.
    cited: BTreeSet<u32>,
    /// References written so far, per note (the first one is the back-link's target).
    written: BTreeMap<u32, usize>,
    /// Notes already written as footnotes.
    placed: BTreeSet<u32>,
}

impl NoteLinks {
    /// The notes of `blocks` (top-level notes blocks) that their text cites.
    fn of(blocks: &[Block], part: Option<usize>) -> NoteLinks {
        let mut held = BTreeSet::new();
        let mut cites = BTreeSet::new();
        walk(blocks, &mut |block, depth| match block {
            Block::Notes { notes, .. } if depth == 0 => held.extend(notes.iter().map(|n| n.number)),
            Block::Notes { .. } => {}
            _ => {
                cites.extend(block.own_texts().into_iter().flat_map(|t| &t.spans).filter_map(|span| match span.kind {
                    SpanKind::NoteRef { note } => Some(note),
                    _ => None,
                }))
            }
        });
        NoteLinks {
            prefix: part.map(|p| format!("p{}-", p + 1)).unwrap_or_default(),
            cited: held.intersection(&cites).copied().collect(),
            written: BTreeMap::new(),
            placed: BTreeSet::new(),
        }
    }

    /// The id of note `number`'s footnote.
    fn note_id(&self, number: u32) -> String {
        format!("fn-{}{number}", self.prefix)
    }

    /// The id of the `nth` (1-based) reference to note `number`.
    fn ref_id(&self, number: u32, nth: usize) -> String {
        match nth {
            1 => format!("fnref-{}{number}", self.prefix),
            _ => format!("fnref-{}{number}-{nth}", self.prefix),
        }
    }

    /// The opening tags of a reference to note `number`, or `None` when the
    /// document holds no such note (the marker then stays plain text).
    fn open_ref(&mut self, number: u32) -> Option<String> {
        if !self.cited.contains(&number) {
            return None;
        }
        let nth = self.written.entry(number).or_default();
        *nth += 1;
        let nth = *nth;
        Some(format!(
            "<sup class=\"noteref\"><a epub:type=\"noteref\" role=\"doc-noteref\" href=\"#{}\" id=\"{}\">",
            self.note_id(number),
            self.ref_id(number, nth)
        ))
    }
}

/// Writes a content document's blocks as XHTML.
struct Writer {
    body: String,
    notes: NoteLinks,
    /// The document's direction: a text running against it says so.
    direction: Direction,
}

impl Writer {
    /// `text[range]` as XHTML: escaped, with its spans as `<em>`, `<strong>`,
    /// `<code>`, links and footnote references, clipped to the range.
    ///
    /// Spans nest as readers make them; spans that cross are closed and
    /// reopened so the elements still nest, and a link is broken around a
    /// footnote reference (a link may hold no other link). `note_links` is
    /// false inside the notes themselves.
    fn inline(&mut self, text: &Text, range: std::ops::Range<usize>, note_links: bool) -> String {
        // (start, end, order in the text) of each span that becomes an element.
        let mut spans: Vec<(usize, usize, usize, &SpanKind)> = Vec::new();
        for (order, span) in text.spans.iter().enumerate() {
            let (start, end) = (span.start.max(range.start), span.end.min(range.end));
            if start >= end || !text.text.is_char_boundary(start) || !text.text.is_char_boundary(end) {
                continue;
            }
            let shown = match &span.kind {
                SpanKind::Emphasis
                | SpanKind::Strong
                | SpanKind::Code
                | SpanKind::Link { .. }
                | SpanKind::Lang { .. } => true,
                SpanKind::NoteRef { note } => note_links && self.notes.cited.contains(note),
            };
            if shown {
                spans.push((start, end, order, &span.kind));
            }
        }
        // The outermost first: the earliest, then the longest, then the first written.
        spans.sort_by_key(|&(start, end, order, _)| (start, std::cmp::Reverse(end), order));
        let mut bounds: Vec<usize> = spans.iter().flat_map(|&(start, end, ..)| [start, end]).collect();
        bounds.extend([range.start, range.end]);
        bounds.sort_unstable();
        bounds.dedup();

        let mut out = String::with_capacity(range.len() + spans.len() * 16);
        // The spans over the current piece, and those open now: both
        // outermost first (spans are sorted that way, so by index).
        let (mut covering, mut open): (Vec<usize>, Vec<usize>) = (Vec::new(), Vec::new());
        let mut next = 0;
        for piece in bounds.windows(2) {
            let (from, to) = (piece[0], piece[1]);
            covering.retain(|&i| spans[i].1 > from);
            while next < spans.len() && spans[next].0 == from {
                covering.push(next);
                next += 1;
            }
            let in_reference = covering.iter().any(|&i| matches!(spans[i].3, SpanKind::NoteRef { .. }));
            let wanted: Vec<usize> = covering
                .iter()
                .copied()
                .filter(|&i| !(in_reference && matches!(spans[i].3, SpanKind::Link { .. })))
                .collect();
            let kept = open.iter().zip(&wanted).take_while(|(a, b)| a == b).count();
            while open.len() > kept {
                if let Some(i) = open.pop() {
                    out.push_str(closing_tag(spans[i].3));
                }
            }
            for &i in &wanted[kept..] {
                let tag = self.opening_tag(spans[i].3);
                out.push_str(&tag);
                open.push(i);
            }
            out.push_str(&escape(&text.text[from..to]));
        }
        while let Some(i) = open.pop() {
            out.push_str(closing_tag(spans[i].3));
        }
        out
    }

    /// The opening tag(s) of a span's element.
    fn opening_tag(&mut self, kind: &SpanKind) -> String {
        match kind {
            SpanKind::Emphasis => "<em>".into(),
            SpanKind::Strong => "<strong>".into(),
            // dir makes the code an isolate: it reads left to right inside Arabic.
            SpanKind::Code => "<code dir=\"ltr\">".into(),
            SpanKind::Link { url } => match links::href(url) {
                Some(href) => format!("<a href=\"{}\">", escape(&href)),
                None => format!("<span class=\"link\" title=\"{}\">", escape(url)),
            },
            SpanKind::NoteRef { note } => self.notes.open_ref(*note).unwrap_or_default(),
            SpanKind::Lang { lang } => format!("<span lang=\"{0}\" xml:lang=\"{0}\">", escape(lang)),
        }
    }

    /// ` dir="ltr"` (or rtl) for a text whose own direction is not the
    /// document's, else nothing.
    fn dir(&self, text: &Text) -> String {
        match text.dir {
            Some(own) if own != self.direction => format!(" dir=\"{}\"", own.as_str()),
            _ => String::new(),
        }
    }

    /// The whole of `text` as XHTML.
    fn text(&mut self, text: &Text) -> String {
        self.inline(text, 0..text.text.len(), true)
    }

    /// Writes one block as XHTML. `headings` numbers top-level headings for
    /// the table of contents; nested blocks pass `None`.
    fn block(&mut self, block: &Block, headings: Option<&mut usize>) {
        match block {
            Block::PartTitle(text) => {
                let dir = self.dir(text);
                let text = self.text(text);
                let _ = writeln!(self.body, "<h1 class=\"part-title\"{dir}>{text}</h1>");
            }
            Block::Heading { level, text } => {
                let level = level.get();
                let dir = self.dir(text);
                let text = self.text(text);
                match headings {
                    Some(count) => {
                        let id = heading_id(*count);
                        let _ = writeln!(self.body, "<h{level} id=\"{id}\"{dir}>{text}</h{level}>");
                        *count += 1;
                    }
                    None => {
                        let _ = writeln!(self.body, "<h{level}{dir}>{text}</h{level}>");
                    }
                }
            }
            Block::Paragraph(text) => {
                let dir = self.dir(text);
                let text = self.text(text);
                let _ = writeln!(self.body, "<p{dir}>{text}</p>");
            }
            Block::List { ordered, start, items } => self.list(*ordered, *start, items),
            Block::Quote { blocks } => {
                self.body.push_str("<blockquote>\n");
                for block in blocks {
                    self.block(block, None);
                }
                self.body.push_str("</blockquote>\n");
            }
            Block::Break => self.body.push_str("<hr class=\"break\"/>\n"),
            Block::Verse { bayts } => self.verse(bayts),
            Block::CodeBlock { lang, text } => {
                let class = lang.as_deref().and_then(language_class).unwrap_or_default();
                let code = escape(&text.text);
                let _ = writeln!(self.body, "<pre dir=\"ltr\"><code{class}>{code}</code></pre>");
            }
            Block::Image(image) => self.picture(image),
            // Notes nested in a list or quotation stay where they are, as endnotes.
            Block::Notes { heading, notes } => self.endnotes(heading.as_ref(), notes.iter().collect()),
        }
    }

    /// A picture, centred on its own; its alternative text stands in for a
    /// picture that cannot be shipped (see [`pictures`]).
    fn picture(&mut self, image: &Image) {
        let alt = escape(&image.alt);
        match pictures::href(image) {
            Some(src) => {
                let _ = writeln!(self.body, "<figure><img src=\"{}\" alt=\"{alt}\"/></figure>", escape(&src));
            }
            None if alt.trim().is_empty() => {}
            None => {
                let _ = writeln!(self.body, "<p class=\"picture-alt\">{alt}</p>");
            }
        }
    }

    /// A poem in the classical layout: each bayt a line, the صدر and the
    /// عجز side by side (the style sheet sets them; without it, a line break
    /// parts them), a lone hemistich centred.
    fn verse(&mut self, bayts: &[crate::document::Bayt]) {
        let class = if bayts.len() <= SHORT_POEM { "verse short" } else { "verse" };
        let _ = writeln!(self.body, "<div class=\"{class}\">");
        for bayt in bayts.iter().filter(|b| !b.is_empty()) {
            if let [alone] = bayt.as_slice() {
                let text = self.text(alone);
                let _ = writeln!(self.body, "<p class=\"bayt lone\"><span class=\"hemistich\">{text}</span></p>");
                continue;
            }
            self.body.push_str("<p class=\"bayt\">");
            for (index, hemistich) in bayt.iter().enumerate() {
                let text = self.text(hemistich);
                if index > 0 {
                    self.body.push_str("<br class=\"hemistich-break\"/>");
                }
                let role = if index == 0 { "sadr" } else { "ajuz" };
                let _ = write!(self.body, "<span class=\"hemistich {role}\">{text}</span>");
            }
            self.body.push_str("</p>\n");
        }
        self.body.push_str("</div>\n");
    }

    /// The document's notes, after its text: under each notes block's
    /// heading, the notes its text cites as footnotes (asides that reading
    /// systems pop up, each with a link back to its first reference), then
    /// the notes cited nowhere as a plain list.
    fn notes_at_end(&mut self, blocks: &[Block]) {
        for block in blocks {
            let Block::Notes { heading, notes } = block else { continue };
            let mut footnotes = Vec::new();
            let mut endnotes = Vec::new();
            for note in notes {
                // A number given twice is a footnote once (ids are unique).
                if self.notes.cited.contains(&note.number) && self.notes.placed.insert(note.number) {
                    footnotes.push(note);
                } else {
                    endnotes.push(note);
                }
            }
            if footnotes.is_empty() {
                self.endnotes(heading.as_ref(), endnotes);
                continue;
            }
            self.body.push_str("<div class=\"notes\">\n");
            if let Some(heading) = heading {
                let dir = self.dir(heading);
                let text = self.inline(heading, 0..heading.text.len(), false);
                let _ = writeln!(self.body, "<h2 class=\"notes-heading\"{dir}>{text}</h2>");
            }
            for note in footnotes {
                let dir = self.dir(&note.text);
                let text = self.inline(&note.text, 0..note.text.text.len(), false);
                let _ = writeln!(
                    self.body,
                    "<aside epub:type=\"footnote\" role=\"doc-footnote\" id=\"{}\" class=\"footnote\"{dir}>\
                     <p><a class=\"backlink\" role=\"doc-backlink\" href=\"#{}\">{}</a> {text}</p></aside>",
                    self.notes.note_id(note.number),
                    self.notes.ref_id(note.number, 1),
                    escape(&note.marker),
                );
            }
            self.endnote_list(endnotes);
            self.body.push_str("</div>\n");
        }
    }

    /// Notes cited nowhere: a plain list, under their heading if they have one.
    fn endnotes(&mut self, heading: Option<&Text>, notes: Vec<&Note>) {
        self.body.push_str("<div class=\"notes\">\n");
        if let Some(heading) = heading {
            let dir = self.dir(heading);
            let text = self.inline(heading, 0..heading.text.len(), false);
            let _ = writeln!(self.body, "<h2 class=\"notes-heading\"{dir}>{text}</h2>");
        }
        self.endnote_list(notes);
        self.body.push_str("</div>\n");
    }

    fn endnote_list(&mut self, notes: Vec<&Note>) {
        for note in notes {
            let dir = self.dir(&note.text);
            let text = self.inline(&note.text, 0..note.text.text.len(), false);
            let _ = writeln!(
                self.body,
                "<p class=\"note\"{dir}><span class=\"marker\">{}</span> {text}</p>",
                escape(&note.marker)
            );
        }
    }

    /// A list. Ordered items keep the source's own numbers («٣-», "1)") as a
    /// hanging marker, so `list-style` is off for `<ol>`; `start` still tells
    /// reading systems where the count begins.
    fn list(&mut self, ordered: bool, start: u32, items: &[Vec<Block>]) {
        if ordered {
            let start = if start == 1 { String::new() } else { format!(" start=\"{start}\"") };
            let _ = writeln!(self.body, "<ol class=\"source-numbers\"{start}>");
        } else {
            self.body.push_str("<ul>\n");
        }
        for item in items {
            self.body.push_str("<li>");
            let mut blocks = item.iter();
            if let Some(Block::Paragraph(first)) = item.first() {
                blocks.next();
                let dir = self.dir(first);
                match split_item_number(first.as_str()).filter(|_| ordered) {
                    // An item against the list's direction is a paragraph of
                    // its own direction, its number (if any) kept in its text.
                    _ if !dir.is_empty() => {
                        let text = self.text(first);
                        let _ = write!(self.body, "<p{dir}>{text}</p>");
                    }
                    Some((marker, text)) => {
                        let start = text.as_ptr() as usize - first.as_str().as_ptr() as usize;
                        let rest = self.inline(first, start..start + text.len(), true);
                        let _ = write!(self.body, "<span class=\"marker\">{}</span> {rest}", escape(marker));
                    }
                    None => {
                        let text = self.text(first);
                        self.body.push_str(&text);
                    }
                }
                if blocks.len() > 0 {
                    self.body.push('\n');
                }
            }
            for block in blocks {
                self.block(block, None);
            }
            self.body.push_str("</li>\n");
        }
        self.body.push_str(if ordered { "</ol>\n" } else { "</ul>\n" });
    }
}

/// ` class="language-…"` for a code block's language, if its name is one
/// word of letters, digits and `+-#._`.
fn language_class(lang: &str) -> Option<String> {
    let plain =
        !lang.is_empty() && lang.chars().all(|c| c.is_alphanumeric() || matches!(c, '+' | '-' | '#' | '.' | '_'));
    plain.then(|| format!(" class=\"language-{}\"", escape(lang)))
}

/// The closing tag(s) of a span's element ([`Writer::opening_tag`]).
fn closing_tag(kind: &SpanKind) -> &'static str {
    match kind {
        SpanKind::Emphasis => "</em>",
        SpanKind::Strong => "</strong>",
        SpanKind::Code => "</code>",
        SpanKind::Link { url } if links::href(url).is_none() => "</span>",
        SpanKind::Link { .. } => "</a>",
        SpanKind::NoteRef { .. } => "</a></sup>",
        SpanKind::Lang { .. } => "</span>",
    }
}

/// A poem of this many bayts or fewer is kept on one page.
const SHORT_POEM: usize = 4;

/// The document's blocks split at part titles (the parts of an omnibus):
/// each with its title, or one untitled section when there are no parts.
pub fn split_parts(blocks: &[Block]) -> Vec<(Option<&str>, &[Block])> {
    let starts: Vec<usize> =
        blocks.iter().enumerate().filter(|(_, b)| matches!(b, Block::PartTitle(_))).map(|(i, _)| i).collect();
    if starts.is_empty() {
        return vec![(None, blocks)];
    }
    let mut sections = Vec::new();
    if starts[0] > 0 {
        sections.push((None, &blocks[..starts[0]]));
    }
    for (k, &start) in starts.iter().enumerate() {
        let end = starts.get(k + 1).copied().unwrap_or(blocks.len());
        let title = blocks[start].own_text().map(|text| text.as_str());
        sections.push((title, &blocks[start + 1..end]));
    }
    sections
}

/// How the contents name a part of an omnibus: its title line without the
/// volume's title and the punctuation that joined them («، الجزء الأول» →
/// «الجزء الأول»). A part named only by a number («(5)»), or by nothing,
/// is called by its `position` («الجزء ٥», "Part 5").
pub fn part_name(title_line: &str, volume_title: &str, position: usize, direction: Direction) -> String {
    let joiners =
        |c: char| c.is_whitespace() || matches!(c, ',' | '،' | ':' | ';' | '؛' | '-' | '–' | '—' | '.' | '|' | '/');
    let rest = title_line.strip_prefix(volume_title.trim()).unwrap_or(title_line).trim_matches(joiners);
    let unbracketed = [('(', ')'), ('[', ']'), ('«', '»')]
        .iter()
        .find_map(|(open, close)| rest.strip_prefix(*open)?.strip_suffix(*close))
        .filter(|inner| !inner.contains(['(', ')', '[', ']', '«', '»']))
        .unwrap_or(rest)
        .trim();
    let number = unbracketed
        .chars()
        .try_fold(0u32, |n, c| n.checked_mul(10)?.checked_add(c.to_digit(10).or_else(|| arabic_digit(c))?));
    match number {
        Some(number) if !unbracketed.is_empty() => default_part_name(number, direction),
        _ if unbracketed.is_empty() => {
            default_part_name(u32::try_from(position).unwrap_or(u32::MAX).saturating_add(1), direction)
        }
        _ => unbracketed.to_string(),
    }
}

/// «الجزء ١٣» or "Part 13".
fn default_part_name(number: u32, direction: Direction) -> String {
    match direction {
        Direction::Rtl => format!("الجزء {}", crate::document::arabic_indic_digits(number)),
        Direction::Ltr => format!("Part {number}"),
    }
}

/// The value of an Arabic-Indic or Extended Arabic-Indic (Persian) digit.
fn arabic_digit(c: char) -> Option<u32> {
    match c {
        '\u{0660}'..='\u{0669}' => Some(c as u32 - 0x0660),
        '\u{06F0}'..='\u{06F9}' => Some(c as u32 - 0x06F0),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Span;

    fn inline(text: &Text, range: std::ops::Range<usize>) -> String {
        Writer { body: String::new(), notes: NoteLinks::of(&[], None), direction: Direction::Rtl }
            .inline(text, range, true)
    }

    #[test]
    fn parts_are_named_without_the_volume_title_and_its_punctuation() {
        let volume = "رحلة الورق من سمرقند إلى بغداد";
        let name = |line: &str, position| part_name(line, volume, position, Direction::Rtl);
        assert_eq!(name("رحلة الورق من سمرقند إلى بغداد، الجزء الأول", 0), "الجزء الأول");
        assert_eq!(name("رحلة الورق من سمرقند إلى بغداد: الجزء ٣", 3), "الجزء ٣");
        assert_eq!(name("رحلة الورق من سمرقند إلى بغداد - الجزء الرابع", 2), "الجزء الرابع");
        assert_eq!(name("رحلة الورق من سمرقند إلى بغداد (5)", 4), "الجزء ٥");
        assert_eq!(name("رحلة الورق من سمرقند إلى بغداد ١٢", 4), "الجزء ١٢");
        assert_eq!(name("رحلة الورق من سمرقند إلى بغداد", 6), "الجزء ٧");
        assert_eq!(name("الجزء الأول (مقدمة)", 0), "الجزء الأول (مقدمة)", "a title of its own is kept whole");
        let english = part_name("Paper Roads, Part 2: The Market.", "Paper Roads", 1, Direction::Ltr);
        assert_eq!(english, "Part 2: The Market");
        assert_eq!(part_name("Paper Roads [3]", "Paper Roads", 0, Direction::Ltr), "Part 3");
    }

    #[test]
    fn a_note_number_given_twice_is_one_footnote() {
        let cited = Text {
            text: "نص (1)".into(),
            spans: vec![Span { start: "نص ".len(), end: "نص (1)".len(), kind: SpanKind::NoteRef { note: 1 } }],
            dir: None,
        };
        let notes = |text: &str| Block::Notes {
            heading: None,
            notes: vec![Note { number: 1, marker: "(1)".into(), text: text.into() }],
        };
        let blocks = [Block::Paragraph(cited), notes("الأولى"), notes("الثانية")];
        let mut writer = Writer { body: String::new(), notes: NoteLinks::of(&blocks, None), direction: Direction::Rtl };
        writer.block(&blocks[0], None);
        writer.notes_at_end(&blocks);
        assert_eq!(writer.body.matches("id=\"fn-1\"").count(), 1);
        assert_eq!(writer.body.matches("<aside").count(), 1);
        assert!(writer.body.contains("<p class=\"note\"><span class=\"marker\">(1)</span> الثانية</p>"));
    }

    #[test]
    fn spans_become_nested_em_and_strong_and_text_is_escaped() {
        let plain = "a <b> ";
        let strong = "كلمة ";
        let text = Text {
            text: format!("{plain}{strong}مهمة جدا"),
            spans: vec![
                Span {
                    start: plain.len(), end: plain.len() + strong.len() + "مهمة جدا".len(), kind: SpanKind::Strong
                },
                Span {
                    start: plain.len() + strong.len(),
                    end: plain.len() + strong.len() + "مهمة جدا".len(),
                    kind: SpanKind::Emphasis,
                },
            ],
            dir: None,
        };
        let all = 0..text.text.len();
        assert_eq!(inline(&text, all), "a &lt;b&gt; <strong>كلمة <em>مهمة جدا</em></strong>");
        let tail = plain.len() + strong.len()..text.text.len();
        assert_eq!(inline(&text, tail), "<strong><em>مهمة جدا</em></strong>", "spans are clipped to the range");
    }

    fn span(text: &str, part: &str, kind: SpanKind) -> Span {
        let start = text.find(part).unwrap();
        Span { start, end: start + part.len(), kind }
    }

    #[test]
    fn links_and_code_become_a_and_code_elements() {
        let words = "انظر الموسوعة و print(x) هنا";
        let link = SpanKind::Link { url: "https://example.com/a b".into() };
        let spans = vec![span(words, "الموسوعة", link), span(words, "print(x)", SpanKind::Code)];
        let text = Text { text: words.into(), spans, dir: None };
        assert_eq!(
            inline(&text, 0..words.len()),
            "انظر <a href=\"https://example.com/a%20b\">الموسوعة</a> و <code dir=\"ltr\">print(x)</code> هنا"
        );
        let elsewhere = Text {
            text: "ملف آخر".into(),
            spans: vec![Span { start: 0, end: "ملف".len(), kind: SpanKind::Link { url: "other.md".into() } }],
            dir: None,
        };
        assert_eq!(
            inline(&elsewhere, 0..elsewhere.text.len()),
            "<span class=\"link\" title=\"other.md\">ملف</span> آخر"
        );
    }

    #[test]
    fn a_link_around_emphasis_and_a_note_reference_nests_and_is_broken_around_the_reference() {
        let words = "رأي مهم جدا(1) انتهى";
        let url = SpanKind::Link { url: "https://example.com".into() };
        let spans = vec![
            span(words, "رأي مهم جدا(1)", url),
            span(words, "مهم", SpanKind::Emphasis),
            span(words, "(1)", SpanKind::NoteRef { note: 1 }),
        ];
        let text = Text { text: words.into(), spans, dir: None };
        let notes =
            Block::Notes { heading: None, notes: vec![Note { number: 1, marker: "(1)".into(), text: "م".into() }] };
        let blocks = [Block::Paragraph(text.clone()), notes];
        let mut writer = Writer { body: String::new(), notes: NoteLinks::of(&blocks, None), direction: Direction::Rtl };
        let written = writer.inline(&text, 0..words.len(), true);
        assert_eq!(
            written,
            "<a href=\"https://example.com\">رأي <em>مهم</em> جدا</a><sup class=\"noteref\"><a epub:type=\"noteref\" \
             role=\"doc-noteref\" href=\"#fn-1\" id=\"fnref-1\">(1)</a></sup> انتهى"
        );
    }

    #[test]
    fn crossing_spans_are_closed_and_reopened_so_elements_nest() {
        let words = "abcdef";
        let spans = vec![span(words, "abcd", SpanKind::Emphasis), span(words, "cdef", SpanKind::Strong)];
        let text = Text { text: words.into(), spans, dir: None };
        assert_eq!(inline(&text, 0..6), "<em>ab<strong>cd</strong></em><strong>ef</strong>");
    }

    #[test]
    fn a_text_against_the_document_says_its_direction() {
        let english = Text { text: "A quotation.".into(), spans: Vec::new(), dir: Some(Direction::Ltr) };
        let blocks = [
            Block::Paragraph(english.clone()),
            Block::List { ordered: false, start: 1, items: vec![vec![Block::Paragraph(english)]] },
            Block::paragraph("نص"),
        ];
        let mut writer = Writer { body: String::new(), notes: NoteLinks::of(&blocks, None), direction: Direction::Rtl };
        for block in &blocks {
            writer.block(block, None);
        }
        assert_eq!(
            writer.body,
            "<p dir=\"ltr\">A quotation.</p>\n<ul>\n<li><p dir=\"ltr\">A quotation.</p></li>\n</ul>\n<p>نص</p>\n"
        );
    }

    #[test]
    fn a_code_block_names_its_language_only_when_it_is_one_word() {
        let code = |lang: Option<&str>| {
            let mut writer = Writer { body: String::new(), notes: NoteLinks::of(&[], None), direction: Direction::Rtl };
            writer.block(&Block::CodeBlock { lang: lang.map(str::to_string), text: "a < b".into() }, None);
            writer.body
        };
        assert_eq!(code(Some("c++")), "<pre dir=\"ltr\"><code class=\"language-c++\">a &lt; b</code></pre>\n");
        assert_eq!(code(None), "<pre dir=\"ltr\"><code>a &lt; b</code></pre>\n");
        assert_eq!(code(Some("x\" onload=\"y")), "<pre dir=\"ltr\"><code>a &lt; b</code></pre>\n");
    }
}
