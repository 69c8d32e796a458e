//! The Markdown reader: an essay in CommonMark → [`Document`], through
//! pulldown-cmark (with its footnote, strikethrough and heading-attribute
//! extensions). This module only maps pulldown-cmark's events onto the tree;
//! it parses no Markdown itself.
//!
//! The steps: decode, clean and NFC exactly as the plain reader does; read
//! the front matter (YAML between `---`, TOML between `+++`); take the title
//! from the front matter, else from the first `#` heading (with its series
//! and part, as [`parse_title`] finds them); then walk the events. Headings
//! keep their outline, shifted so the highest level left is a section (2).
//! Raw HTML is dropped with a notice; a table, or an image that is missing or
//! neither PNG nor JPEG, is refused with an error naming the line.
//!
//! Footnotes (`[^a]`, `[^a]: …`) are numbered in the order they are first
//! cited: the reference reads «[1]» in the text, under a `NoteRef` span,
//! and the notes make one `Notes` block at the end. A fenced block whose
//! info string is `verse`, `شعر` or `poem` (or a pandoc div `::: verse`)
//! is a poem: each line a bayt, its hemistichs parted as the plain reader
//! parts them (` ... `, `…`, a tab, a run of spaces, `*`); `***` lines and
//! blank lines between bayts are layout. Block quotes stay quotations.
//!
//! Markdown as writers keep it is met halfway, line for line before parsing
//! (so line numbers stay true): a pandoc title block (`% title`), pandoc
//! inline notes (`^[…]`) and divs (`::: {.x}`), callout heads
//! (`> [!note] Title`), highlights (`==…==`, as strong), and lists numbered
//! in Arabic-Indic digits or with a hyphen (`١.`, `1-`). Wiki links keep
//! their words; a paragraph whose every line break is hard is a poem; a
//! front-matter date with a time gives its day; a blog's `image` is a cover;
//! a site generator's keys (tags, layout, draft), kramdown's attribute
//! lines (`{: .lead}`, `{:toc}`) and template tags are dropped, the tags
//! with a notice.

use super::{Notice, ReadError, ReadOptions, Reading, is_arabic_letter, parse_title};
use crate::document::{Block, Direction, Document, HeadingLevel, Image, ImageData, Meta, Note, Span, SpanKind, Text};
use pulldown_cmark::{CodeBlockKind, Event, LinkType, MetadataBlockKind, Options, Parser, Tag, TagEnd};
use std::collections::HashMap;
use std::ops::Range;
use std::path::Path;

/// Reads a Markdown essay; relative image paths resolve against `dir`.
pub fn read(bytes: &[u8], _options: &ReadOptions, dir: &Path) -> Result<Reading, ReadError> {
    let (text, encoding, mut notices) = super::text_of(bytes)?;
    if text.trim().is_empty() {
        return Err(ReadError::Empty);
    }
    let options = Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_TABLES
        | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS
        | Options::ENABLE_PLUSES_DELIMITED_METADATA_BLOCKS
        | Options::ENABLE_WIKILINKS;
    let (text, seed) = match title_block(&text) {
        Some((text, seed)) => (text, seed),
        None => (text, Vec::new()),
    };
    let text = verse_divs_as_fences(&text);
    let text = inline_notes_as_references(&text);
    let text = callouts_and_highlights(&text);
    let text = without_kramdown_attributes(&text);
    let (text, markers) = numbered_lines_as_lists(&text);
    let events: Vec<(Event, Range<usize>)> = Parser::new_ext(&text, options).into_offset_iter().collect();
    let lines = LineIndex::new(&text);
    let front = front_matter(&events, &lines, &mut notices, seed)?;
    let outline = Outline::scan(&events, front.title.as_deref());
    let mut walker = Walker::new(&text, &lines, dir, &outline, notices);
    walker.markers = markers;
    for (index, (event, range)) in events.iter().enumerate() {
        walker.event(index, event, range)?;
    }
    let Walker { mut root, mut notices, title, notes, note_order, .. } = walker;
    let mut root = root.pop().map(|open| open.blocks).unwrap_or_default();
    // A rule before any words (an empty `---` front matter, a habit) divides nothing.
    let words = root.iter().position(|block| !matches!(block, Block::Break)).unwrap_or(root.len());
    root.drain(..words);
    append_notes(&mut root, notes, &note_order);

    let title = match front.title.clone().or(title).filter(|t| !t.is_empty()) {
        Some(title) => title,
        // No heading: a first paragraph is the title, as in plain text;
        // failing that, the first words anywhere name the book (and stay).
        None => match root.first() {
            Some(Block::Paragraph(text)) => {
                let title = text.text.clone();
                root.remove(0);
                title
            }
            _ => {
                notices.push(Notice {
                    line: 1,
                    message: "no title: no front matter names one and no `#` heading opens the essay; the book takes its first words (set `title:` or --title)".into(),
                });
                let mut first = None;
                crate::document::walk(&root, &mut |block, _| {
                    if first.is_none() {
                        first = block.own_text().filter(|t| !t.text.is_empty()).map(|t| t.text.clone());
                    }
                });
                first.ok_or(ReadError::Empty)?
            }
        },
    };
    let parts = parse_title(&title);
    let (lang, direction) = match front.lang {
        Some(lang) => {
            let direction = crate::direction_of_language(&lang);
            (lang, direction)
        }
        None => detect_language(&prose(&title, &root)),
    };
    let direction = front.dir.unwrap_or(direction);
    let meta = Meta {
        subtitle: front.subtitle.or_else(|| parts.as_ref().and_then(|p| p.subtitle.clone())),
        author: front.author,
        series: front.series.or_else(|| parts.as_ref().map(|p| p.series.clone())),
        part_label: if front.part.is_some() { None } else { parts.as_ref().map(|p| p.label.clone()) },
        part: front.part.or_else(|| parts.as_ref().map(|p| p.part)),
        title,
        lang,
        direction,
        date: front.date,
        identifier: front.identifier,
        cover: match front.cover {
            Some((path, line, required)) => match load_picture(dir, &path) {
                Ok(picture) => Some(picture),
                Err(message) if required => {
                    return Err(ReadError::Markdown { line, message: format!("cover {message}") });
                }
                Err(message) => {
                    notices.push(Notice { line, message: format!("front matter: image {message}; no cover") });
                    None
                }
            },
            None => None,
        },
    };
    notices.sort_by_key(|notice| notice.line);
    Ok(Reading { document: Document { meta, blocks: root }, encoding, notices })
}

/// Byte offset → 1-based line.
struct LineIndex(Vec<usize>);

impl LineIndex {
    fn new(text: &str) -> LineIndex {
        LineIndex(std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i + 1)).collect())
    }

    fn line(&self, offset: usize) -> usize {
        self.0.partition_point(|&start| start <= offset).max(1)
    }
}

/// What the front matter says, in the fields the tree can hold.
#[derive(Default)]
struct FrontMatter {
    title: Option<String>,
    subtitle: Option<String>,
    author: Option<String>,
    series: Option<String>,
    part: Option<u32>,
    lang: Option<String>,
    date: Option<String>,
    identifier: Option<String>,
    /// pandoc's `dir`: the base direction, whatever the language.
    dir: Option<Direction>,
    /// The cover's path, the front matter's line for errors, and whether a
    /// cover that cannot be read is an error (`cover`, `cover-image`) or
    /// only a notice (a blog's `image`, often a URL or a site path).
    cover: Option<(String, usize, bool)>,
}

/// A front-matter value: text (a list joined), or `None` for a table or
/// mapping that is not text.
type FrontValue = Option<String>;

/// Keys blogs, static-site generators and note-taking apps write that say
/// nothing about a book: ignored without a word.
const SITE_KEYS: &[&str] = &[
    "layout",
    "tags",
    "tag",
    "categories",
    "category",
    "keywords",
    "draft",
    "published",
    "publish",
    "permalink",
    "slug",
    "url",
    "aliases",
    "alias",
    "comments",
    "description",
    "summary",
    "excerpt",
    "excerpt_separator",
    "lastmod",
    "last_modified_at",
    "updated",
    "modified",
    "created",
    "weight",
    "type",
    "toc",
    "menu",
    "params",
    "sidebar",
    "share",
    "featured",
    "hidden",
    "pinned",
    "cssclass",
    "cssclasses",
    "math",
    "mathjax",
    "katex",
    "redirect_from",
    "header",
    "thumbnail",
    "banner",
    "showtoc",
    "tocopen",
    "series_weight",
    "expirydate",
    "publishdate",
];

/// Reads the YAML or TOML block at the top, if there is one, over what a
/// pandoc title block (`seed`) said. Keys the tree cannot hold become one
/// notice; a blog's or a notes app's own keys are ignored quietly.
fn front_matter(
    events: &[(Event, Range<usize>)],
    lines: &LineIndex,
    notices: &mut Vec<Notice>,
    seed: Vec<(String, FrontValue)>,
) -> Result<FrontMatter, ReadError> {
    let mut front = FrontMatter::default();
    let mut pairs: Vec<(String, FrontValue)> = seed;
    let mut line = 1;
    if let Some(start) = events.iter().position(|(event, _)| matches!(event, Event::Start(Tag::MetadataBlock(_))))
        && let (Event::Start(Tag::MetadataBlock(kind)), range) = &events[start]
    {
        line = lines.line(range.start);
        let body: String = events[start + 1..]
            .iter()
            .take_while(|(event, _)| !matches!(event, Event::End(TagEnd::MetadataBlock(_))))
            .filter_map(|(event, _)| if let Event::Text(text) = event { Some(text.as_ref()) } else { None })
            .collect();
        let read = match kind {
            MetadataBlockKind::YamlStyle => yaml_pairs(&body),
            MetadataBlockKind::PlusesStyle => toml_pairs(&body),
        }
        .map_err(|(at, message)| ReadError::Markdown {
            // The block's own line 1 is the line after its opening fence.
            line: at.map_or(line, |at| line + at),
            message: format!("front matter: {message}"),
        })?;
        pairs.extend(read);
    }
    let mut unknown: Vec<String> = Vec::new();
    for (key, value) in pairs {
        let name = key.to_ascii_lowercase().replace('_', "-");
        let known = matches!(
            name.as_str(),
            "title"
                | "subtitle"
                | "author"
                | "authors"
                | "series"
                | "part"
                | "lang"
                | "date"
                | "identifier"
                | "dir"
                | "cover"
                | "cover-image"
                | "image"
        );
        if !known {
            if !SITE_KEYS.contains(&key.to_ascii_lowercase().as_str()) {
                unknown.push(key);
            }
            continue;
        }
        let Some(value) = value else {
            if name != "image" {
                notices.push(Notice { line, message: format!("front matter: {key} is not text; ignored") });
            }
            continue;
        };
        let value = value.split_whitespace().collect::<Vec<_>>().join(" ");
        if value.is_empty() {
            continue;
        }
        match name.as_str() {
            "title" => front.title = Some(value),
            "subtitle" => front.subtitle = Some(value),
            "author" | "authors" => front.author = Some(value),
            "series" => front.series = Some(value),
            "part" => match value.chars().map(|c| arabic_digit(c).unwrap_or(c)).collect::<String>().parse::<u32>() {
                Ok(part) if part > 0 => front.part = Some(part),
                _ => notices.push(Notice {
                    line,
                    message: format!("front matter: part {value:?} is not a number from 1; ignored"),
                }),
            },
            "lang" => match crate::language_tag(&value) {
                Ok(tag) => front.lang = Some(tag),
                Err(_) => notices.push(Notice {
                    line,
                    message: format!("front matter: lang {value:?} is not a BCP 47 tag; ignored"),
                }),
            },
            "date" => match date_of(&value) {
                Some(date) => front.date = Some(date),
                None => notices.push(Notice {
                    line,
                    message: format!("front matter: date {value:?} is not a YYYY-MM-DD date from 1970; ignored"),
                }),
            },
            "identifier" if value.chars().any(char::is_control) => notices
                .push(Notice { line, message: "front matter: identifier holds control characters; ignored".into() }),
            "identifier" => front.identifier = Some(value),
            "dir" => match value.to_ascii_lowercase().as_str() {
                "rtl" => front.dir = Some(Direction::Rtl),
                "ltr" => front.dir = Some(Direction::Ltr),
                _ => notices
                    .push(Notice { line, message: format!("front matter: dir {value:?} is not rtl or ltr; ignored") }),
            },
            // A blog's `image` is a cover only when nothing else names one.
            "image" if front.cover.is_some() => {}
            "image" => front.cover = Some((value, line, false)),
            _ => front.cover = Some((value, line, true)),
        }
    }
    if !unknown.is_empty() {
        let keys = unknown.iter().map(|key| format!("{key:?}")).collect::<Vec<_>>().join(", ");
        let s = if unknown.len() == 1 { "" } else { "s" };
        notices.push(Notice { line, message: format!("front matter: unknown key{s} {keys} ignored") });
    }
    Ok(front)
}

/// The day a front-matter date names: `2024-05-01`, also with a time after
/// it (`2024-05-01T10:00:00+03:00`, `2024-05-01 10:00`), as blogs write it.
fn date_of(value: &str) -> Option<String> {
    let day = value.get(..10)?;
    let rest = &value[10..];
    if !(rest.is_empty() || rest.starts_with(['T', 't', ' '])) {
        return None;
    }
    crate::date_seconds(day).map(|_| day.to_string())
}

/// A scalar front-matter value as text; a list of them (authors) joined.
fn joined(values: Vec<String>) -> String {
    let arabic = values.iter().any(|v| v.chars().any(is_arabic_letter));
    values.join(if arabic { "، " } else { ", " })
}

/// Why a front-matter block could not be read: the line inside the block,
/// when known, and what is wrong.
type FrontError = (Option<usize>, String);

fn yaml_pairs(body: &str) -> Result<Vec<(String, FrontValue)>, FrontError> {
    use serde_yaml_ng::Value;
    /// Text, or a person written as `{name: …}` (Jekyll, pandoc).
    fn scalar(value: &Value) -> Option<String> {
        match value {
            Value::String(text) => Some(text.clone()),
            Value::Number(number) => Some(number.to_string()),
            Value::Bool(flag) => Some(flag.to_string()),
            Value::Mapping(map) => map.get("name").and_then(scalar),
            _ => None,
        }
    }
    if body.trim().is_empty() {
        return Ok(Vec::new());
    }
    let value: Value = serde_yaml_ng::from_str(body).map_err(|error| {
        let text = error.to_string();
        let mut message = text.split(" at line ").next().unwrap_or(&text).to_string();
        if message.contains("mapping values are not allowed") {
            message.push_str(" (a value with a colon in it wants quotes: title: \"…: …\")");
        }
        (error.location().map(|at| at.line()), message)
    })?;
    let Value::Mapping(map) = value else { return Err((None, "expected key: value pairs".into())) };
    let mut pairs = Vec::new();
    for (key, value) in &map {
        let key = match key {
            Value::Mapping(_) | Value::Sequence(_) | Value::Tagged(_) | Value::Null => continue,
            key => scalar(key).unwrap_or_default(),
        };
        let text = match value {
            Value::Sequence(items) => Some(joined(items.iter().filter_map(scalar).collect())),
            other => scalar(other),
        };
        pairs.push((key, text));
    }
    Ok(pairs)
}

fn toml_pairs(body: &str) -> Result<Vec<(String, FrontValue)>, FrontError> {
    use toml::Value;
    fn scalar(value: &Value) -> Option<String> {
        match value {
            Value::String(text) => Some(text.clone()),
            Value::Integer(number) => Some(number.to_string()),
            Value::Float(number) => Some(number.to_string()),
            Value::Boolean(flag) => Some(flag.to_string()),
            Value::Datetime(date) => Some(date.to_string()),
            Value::Table(table) => table.get("name").and_then(scalar),
            Value::Array(_) => None,
        }
    }
    let table: toml::Table = body.parse().map_err(|error: toml::de::Error| {
        let at = error.span().map(|span| body[..span.start.min(body.len())].matches('\n').count() + 1);
        (at, error.message().to_string())
    })?;
    let mut pairs = Vec::new();
    for (key, value) in &table {
        let text = match value {
            Value::Array(items) => Some(joined(items.iter().filter_map(scalar).collect())),
            other => scalar(other),
        };
        pairs.push((key.clone(), text));
    }
    Ok(pairs)
}

/// A pandoc title block: up to three lines at the very top, each opening
/// on `%`: the title, the authors (parted by `;`) and the date. The lines
/// are blanked in `text` (so line numbers stay true) and their values
/// returned as front-matter pairs.
fn title_block(text: &str) -> Option<(String, Vec<(String, FrontValue)>)> {
    if !text.starts_with('%') {
        return None;
    }
    let mut out: Vec<&str> = text.split('\n').collect();
    let mut pairs = Vec::new();
    for (index, key) in ["title", "author", "date"].into_iter().enumerate() {
        let Some(value) = out.get(index).and_then(|line| line.strip_prefix('%')) else { break };
        let value = value.trim();
        let value = if key == "author" {
            joined(value.split(';').map(str::trim).filter(|a| !a.is_empty()).map(str::to_string).collect())
        } else {
            value.to_string()
        };
        pairs.push((key.to_string(), Some(value)));
        out[index] = "";
    }
    Some((out.join("\n"), pairs))
}

/// Where the title heading is, and how far the other headings shift.
struct Outline {
    /// The event index of the heading taken as the title.
    title_heading: Option<usize>,
    /// Added to each heading's level so the highest left is a section (2).
    shift: i16,
}

impl Outline {
    fn scan(events: &[(Event, Range<usize>)], front_title: Option<&str>) -> Outline {
        let mut depth = 0usize;
        let mut root_headings: Vec<(usize, u8)> = Vec::new();
        let mut all_headings: Vec<(usize, u8)> = Vec::new();
        for (index, (event, _)) in events.iter().enumerate() {
            match event {
                Event::Start(Tag::Heading { level, .. }) => {
                    let level = *level as u8;
                    all_headings.push((index, level));
                    if depth == 0 {
                        root_headings.push((index, level));
                    }
                }
                Event::Start(
                    Tag::BlockQuote(_) | Tag::List(_) | Tag::Item | Tag::FootnoteDefinition(_) | Tag::MetadataBlock(_),
                ) => depth += 1,
                Event::End(
                    TagEnd::BlockQuote(_)
                    | TagEnd::List(_)
                    | TagEnd::Item
                    | TagEnd::FootnoteDefinition
                    | TagEnd::MetadataBlock(_),
                ) => depth = depth.saturating_sub(1),
                _ => {}
            }
        }
        let heading_text = |start: usize| -> String {
            let text: String = events[start + 1..]
                .iter()
                .take_while(|(event, _)| !matches!(event, Event::End(TagEnd::Heading(_))))
                .filter_map(|(event, _)| match event {
                    Event::Text(text) | Event::Code(text) => Some(text.as_ref()),
                    Event::SoftBreak | Event::HardBreak => Some(" "),
                    _ => None,
                })
                .collect();
            text.split_whitespace().collect::<Vec<_>>().join(" ")
        };
        let first_h1 = root_headings.iter().find(|(_, level)| *level == 1).map(|(index, _)| *index);
        let title_heading = match front_title {
            // A `# Title` that repeats the front matter's title is not a section.
            Some(title) => first_h1.filter(|&index| heading_text(index) == title),
            // Without a `#`, the first heading is the title only when no
            // other heading stands as high: `## Introduction` followed by
            // `## Conclusion` is a section, not the book's name.
            None => first_h1.or_else(|| {
                let &(first, level) = root_headings.first()?;
                all_headings.iter().all(|&(index, other)| index == first || other > level).then_some(first)
            }),
        };
        let highest = all_headings.iter().filter(|(index, _)| Some(*index) != title_heading).map(|(_, l)| *l).min();
        Outline { title_heading, shift: highest.map_or(0, |level| 2 - i16::from(level)) }
    }

    fn level(&self, level: u8) -> HeadingLevel {
        HeadingLevel::new((i16::from(level) + self.shift).clamp(2, 6) as u8)
    }
}

/// Running text being gathered, with its open spans.
#[derive(Default)]
struct Inline {
    text: String,
    spans: Vec<Span>,
    open: Vec<(SpanKind, usize)>,
    /// Where each line break fell, and whether the writer made it hard
    /// (two spaces or a backslash at the line's end).
    breaks: Vec<(usize, bool)>,
}

impl Inline {
    /// Appends text with its whitespace collapsed to single spaces; a lone
    /// no-break space between words (`10&nbsp;km`) stays, as in plain text.
    fn push(&mut self, text: &str) {
        for c in text.chars() {
            if matches!(c, '\u{a0}' | '\u{202f}') && !self.text.is_empty() && !self.text.ends_with(char::is_whitespace)
            {
                self.text.push(c);
            } else if c.is_whitespace() {
                self.space();
            } else {
                self.text.push(c);
            }
        }
    }

    fn space(&mut self) {
        // A no-break space already parts the words (and text before an
        // open span is never shortened, so spans stay on their bytes).
        if !self.text.is_empty() && !self.text.ends_with([' ', '\u{a0}', '\u{202f}']) {
            self.text.push(' ');
        }
    }

    fn open(&mut self, kind: SpanKind) {
        self.open.push((kind, self.text.len()));
    }

    /// Closes the innermost open language span, whatever opened since
    /// (an HTML `</span>` need not nest with Markdown's emphasis).
    fn close_language(&mut self) {
        if let Some(at) = self.open.iter().rposition(|(kind, _)| matches!(kind, SpanKind::Lang { .. })) {
            let tail = self.open.split_off(at + 1);
            self.close();
            self.open.extend(tail);
        }
    }

    fn close(&mut self) {
        if let Some((kind, start)) = self.open.pop() {
            // A span does not begin with the space before it.
            let start = if self.text[start..].starts_with(' ') { start + 1 } else { start };
            let end = self.text.trim_end_matches(' ').len();
            if start < end {
                self.spans.push(Span { start, end, kind });
            }
        }
    }

    /// The text, and where its line breaks fell (and whether each was hard).
    fn finish(mut self) -> (Text, Vec<(usize, bool)>) {
        bracketed_spans(&mut self.text, &mut self.spans, &mut self.breaks);
        let end = self.text.trim_end_matches([' ', '\u{a0}', '\u{202f}']).len();
        self.text.truncate(end);
        for span in &mut self.spans {
            span.end = span.end.min(end);
        }
        self.spans.retain(|span| span.start < span.end);
        self.spans.sort_by_key(|span| (span.start, std::cmp::Reverse(span.end)));
        (Text { text: self.text, spans: self.spans, dir: None }, self.breaks)
    }
}

/// What the gathered text becomes when it ends.
enum Target {
    Paragraph,
    Heading(HeadingLevel),
    Title,
    /// A fenced ```` ```verse ```` block: its lines, kept as written, are bayts.
    Verse(String),
    /// A code block: its language, if the fence names one, and its lines as written.
    Code(Option<String>, String),
}

/// A container being filled.
enum Frame {
    Root,
    Quote,
    List { ordered: bool, start: u32, items: Vec<Vec<Block>> },
    Item { marker: Option<String> },
    Note(String),
}

struct Open {
    frame: Frame,
    blocks: Vec<Block>,
}

/// Walks the events, filling containers.
struct Walker<'a> {
    source: &'a str,
    lines: &'a LineIndex,
    dir: &'a Path,
    outline: &'a Outline,
    notices: Vec<Notice>,
    root: Vec<Open>,
    inline: Option<(Target, Inline)>,
    title: Option<String>,
    notes: HashMap<String, Vec<Block>>,
    note_order: Vec<String>,
    in_metadata: bool,
    in_html_block: bool,
    /// A picture whose alt text is being read.
    image: Option<Image>,
    /// Pictures met inside the text being gathered: they follow its block.
    pictures: Vec<Block>,
    /// For each link open, whether it opened a span: a wiki link
    /// (`[[page]]`) names a note in the writer's vault, not a place a
    /// reader can go, so its words stay and the link does not.
    links: Vec<bool>,
    /// Inside an embed that was dropped: its name is not text.
    skip_alt: bool,
    /// For each inline `<span>` open, whether it named a language (and so
    /// opened a span of the tree).
    html_spans: Vec<bool>,
    /// The line the paragraph being gathered starts on.
    paragraph_line: usize,
    /// Item numbers as written where the source was rewritten to make them
    /// a list («١.», «٣-», "2-"), by line.
    markers: HashMap<usize, String>,
}

impl<'a> Walker<'a> {
    fn new(source: &'a str, lines: &'a LineIndex, dir: &'a Path, outline: &'a Outline, notices: Vec<Notice>) -> Self {
        Walker {
            source,
            lines,
            dir,
            outline,
            notices,
            root: vec![Open { frame: Frame::Root, blocks: Vec::new() }],
            inline: None,
            title: None,
            notes: HashMap::new(),
            note_order: Vec::new(),
            in_metadata: false,
            in_html_block: false,
            image: None,
            pictures: Vec::new(),
            links: Vec::new(),
            skip_alt: false,
            html_spans: Vec::new(),
            paragraph_line: 1,
            markers: HashMap::new(),
        }
    }

    fn error(&self, range: &Range<usize>, message: String) -> ReadError {
        ReadError::Markdown { line: self.lines.line(range.start), message }
    }

    fn push_block(&mut self, block: Block) {
        if let Some(open) = self.root.last_mut() {
            open.blocks.push(block);
        }
    }

    /// Text inside a tight list item comes without a paragraph around it.
    fn inline(&mut self) -> &mut Inline {
        &mut self.inline.get_or_insert_with(|| (Target::Paragraph, Inline::default())).1
    }

    /// Ends the text being gathered, if any, as the block it was meant to be.
    fn flush(&mut self) {
        if let Some((target, inline)) = self.inline.take() {
            self.finish_block(target, inline);
        }
        for picture in std::mem::take(&mut self.pictures) {
            self.push_block(picture);
        }
    }

    fn finish_block(&mut self, target: Target, inline: Inline) {
        let (text, breaks) = inline.finish();
        let breaks: Vec<usize> =
            if breaks.iter().all(|&(_, hard)| hard) { breaks.iter().map(|&(at, _)| at).collect() } else { Vec::new() };
        match target {
            // A title holds no note marker: the note stays among the notes.
            Target::Title => {
                let mut title = text.text.clone();
                let mut refs: Vec<&Span> =
                    text.spans.iter().filter(|span| matches!(span.kind, SpanKind::NoteRef { .. })).collect();
                refs.sort_by_key(|span| std::cmp::Reverse(span.start));
                for span in refs {
                    title.replace_range(span.start..span.end, "");
                }
                self.title = Some(title.split_whitespace().collect::<Vec<_>>().join(" "));
            }
            Target::Verse(lines) => {
                let bayts: Vec<_> = lines
                    .lines()
                    .filter(|line| !line.trim().is_empty() && !super::blocks::is_break(line.trim()))
                    .map(super::verse::bayt_of_line)
                    .collect();
                if !bayts.is_empty() {
                    self.push_block(Block::Verse { bayts });
                }
            }
            Target::Code(lang, lines) => {
                let code = expand_tabs(lines.strip_suffix('\n').unwrap_or(&lines));
                self.push_block(Block::CodeBlock { lang, text: Text::plain(code) });
            }
            _ if text.text.is_empty() => {}
            // Lines the writer broke by hand, every one of them, are a
            // poem written without a fence: each line a bayt.
            Target::Paragraph if is_template_tag(&text.text) => {
                let shown: String = text.text.chars().take(60).collect();
                let line = self.paragraph_line;
                self.notices
                    .push(Notice { line, message: format!("dropped a site generator's template tag \"{shown}\"") });
            }
            Target::Paragraph if self.breaks_lines(&breaks) => {
                self.push_block(Block::Verse { bayts: lines_of(text, &breaks) })
            }
            Target::Paragraph => self.push_block(Block::Paragraph(text)),
            Target::Heading(level) => self.push_block(Block::Heading { level, text }),
        }
    }

    /// Whether a paragraph with these hard breaks is set as lines: only in
    /// the body or a quotation (a list item or a note runs on).
    fn breaks_lines(&self, breaks: &[usize]) -> bool {
        !breaks.is_empty() && matches!(self.root.last().map(|open| &open.frame), Some(Frame::Root | Frame::Quote))
    }

    fn begin(&mut self, target: Target) {
        self.flush();
        self.html_spans.clear();
        self.inline = Some((target, Inline::default()));
    }

    fn enter(&mut self, frame: Frame) {
        self.flush();
        self.root.push(Open { frame, blocks: Vec::new() });
    }

    fn leave(&mut self) -> Option<Open> {
        self.flush();
        if self.root.len() > 1 { self.root.pop() } else { None }
    }

    fn event(&mut self, index: usize, event: &Event, range: &Range<usize>) -> Result<(), ReadError> {
        match event {
            Event::Start(tag) => self.start(index, tag, range)?,
            Event::End(tag) => self.end(tag),
            Event::Text(_) | Event::Code(_) if self.skip_alt => {}
            Event::Text(text) | Event::Code(text) if self.image.is_some() => {
                if let Some(image) = &mut self.image {
                    image.alt.push_str(text);
                }
            }
            Event::Text(text) if !self.in_metadata => match &mut self.inline {
                Some((Target::Verse(lines) | Target::Code(_, lines), _)) => lines.push_str(text),
                _ => self.inline().push(text),
            },
            Event::Code(text) => {
                let inline = self.inline();
                inline.open(SpanKind::Code);
                inline.text.push_str(text);
                inline.close();
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some((_, inline)) = &mut self.inline {
                    inline.space();
                    let at = inline.text.len();
                    inline.breaks.push((at, matches!(event, Event::HardBreak)));
                }
            }
            Event::Rule => {
                self.flush();
                self.push_block(Block::Break);
            }
            Event::Html(_) if self.in_html_block => {}
            // A line break written as HTML is a line break: a space here.
            Event::InlineHtml(html) if is_line_break_tag(html) => {
                if let Some((_, inline)) = &mut self.inline {
                    inline.space();
                }
            }
            // `<span lang="de">`: words in another language.
            Event::InlineHtml(html) if html.trim().starts_with("<span") && !self.in_html_block => {
                let lang = html_lang(html);
                self.html_spans.push(lang.is_some());
                match lang {
                    Some(lang) => self.inline().open(SpanKind::Lang { lang }),
                    None => {
                        let line = self.lines.line(range.start);
                        let shown: String = html.trim().chars().take(60).collect();
                        self.notices.push(Notice { line, message: format!("dropped raw HTML \"{shown}\"") });
                    }
                }
            }
            Event::InlineHtml(html) if is_closing_span(html) => {
                if self.html_spans.pop() == Some(true)
                    && let Some((_, inline)) = &mut self.inline
                {
                    inline.close_language();
                }
            }
            // A comment was never meant to be read, and a closing tag's
            // opening one has had its notice.
            Event::Html(html) | Event::InlineHtml(html) if is_silent_html(html) => {}
            Event::Html(_) | Event::InlineHtml(_) => {
                let line = self.lines.line(range.start);
                let html = self.source[range.clone()].trim();
                let shown: String = html.chars().take(60).collect();
                self.notices.push(Notice { line, message: format!("dropped raw HTML \"{shown}\"") });
            }
            Event::FootnoteReference(label) => {
                let number = match self.note_order.iter().position(|l| l == label.as_ref()) {
                    Some(position) => position + 1,
                    None => {
                        self.note_order.push(label.to_string());
                        self.note_order.len()
                    }
                };
                // The marker a reader sees, «[1]», is the span's text.
                let inline = self.inline();
                let start = inline.text.len();
                inline.text.push_str(&format!("[{number}]"));
                let note = u32::try_from(number).unwrap_or(u32::MAX);
                inline.spans.push(Span { start, end: inline.text.len(), kind: SpanKind::NoteRef { note } });
            }
            _ => {}
        }
        Ok(())
    }

    fn start(&mut self, index: usize, tag: &Tag, range: &Range<usize>) -> Result<(), ReadError> {
        match tag {
            Tag::Paragraph => {
                self.begin(Target::Paragraph);
                self.paragraph_line = self.lines.line(range.start);
            }
            Tag::Heading { level, .. } if self.outline.title_heading == Some(index) => {
                let _ = level;
                self.begin(Target::Title);
            }
            Tag::Heading { level, .. } => self.begin(Target::Heading(self.outline.level(*level as u8))),
            Tag::CodeBlock(CodeBlockKind::Fenced(info)) if is_verse_info(info) => {
                self.begin(Target::Verse(String::new()))
            }
            Tag::CodeBlock(kind) => {
                let lang = match kind {
                    CodeBlockKind::Fenced(info) => info.split_whitespace().next().map(str::to_string),
                    CodeBlockKind::Indented => None,
                };
                self.begin(Target::Code(lang, String::new()))
            }
            Tag::BlockQuote(_) => self.enter(Frame::Quote),
            Tag::List(first) => {
                let start = first.map_or(1, |n| u32::try_from(n).unwrap_or(u32::MAX));
                self.enter(Frame::List { ordered: first.is_some(), start, items: Vec::new() });
            }
            Tag::Item => {
                let marker = self.item_marker(range.start);
                self.enter(Frame::Item { marker });
            }
            Tag::FootnoteDefinition(label) => self.enter(Frame::Note(label.to_string())),
            // Inside a picture's alt text, styling is dropped: alt text is plain.
            Tag::Emphasis | Tag::Strong | Tag::Link { .. } if self.image.is_some() => {}
            Tag::Emphasis => self.inline().open(SpanKind::Emphasis),
            Tag::Strong => self.inline().open(SpanKind::Strong),
            Tag::Link { link_type: LinkType::WikiLink { .. }, .. } => self.links.push(false),
            Tag::Link { dest_url, .. } => {
                self.links.push(true);
                self.inline().open(SpanKind::Link { url: dest_url.to_string() });
            }
            // An embed (`![[name]]`) that is not a picture here is dropped with a notice.
            Tag::Image { link_type: LinkType::WikiLink { .. }, dest_url, .. } => {
                self.image = match load_picture(self.dir, dest_url) {
                    Ok(picture) => Some(picture),
                    Err(message) => {
                        let line = self.lines.line(range.start);
                        self.notices.push(Notice { line, message: format!("embed {message}; dropped") });
                        None
                    }
                };
                if self.image.is_none() {
                    self.skip_alt = true;
                }
            }
            Tag::Image { dest_url, .. } => self.image = self.load_image(dest_url, range)?,
            Tag::Strikethrough => {
                let line = self.lines.line(range.start);
                self.notices.push(Notice {
                    line,
                    message: "struck-through words kept as plain text: a book has no strikethrough yet".into(),
                });
            }
            Tag::Table(_) => {
                return Err(
                    self.error(range, "tables are not supported yet; write the table as a list or paragraphs".into())
                );
            }
            Tag::MetadataBlock(_) => self.in_metadata = true,
            Tag::HtmlBlock => {
                // One notice for the whole block, naming its first line
                // (none for a comment or a lone closing tag).
                self.flush();
                self.in_html_block = true;
                if is_silent_html(&self.source[range.clone()]) {
                    return Ok(());
                }
                let line = self.lines.line(range.start);
                let html = self.source[range.clone()].lines().next().unwrap_or("").trim();
                let shown: String = html.chars().take(60).collect();
                self.notices.push(Notice {
                    line,
                    message: format!("dropped raw HTML \"{shown}\" (and the rest of its block)"),
                });
            }
            _ => {}
        }
        Ok(())
    }

    fn end(&mut self, tag: &TagEnd) {
        match tag {
            TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::CodeBlock => self.flush(),
            TagEnd::Image => {
                self.skip_alt = false;
                if let Some(mut image) = self.image.take() {
                    image.alt = image.alt.split_whitespace().collect::<Vec<_>>().join(" ");
                    self.pictures.push(Block::Image(image));
                }
            }
            TagEnd::Emphasis | TagEnd::Strong | TagEnd::Link if self.image.is_some() => {}
            TagEnd::Link if !self.links.pop().unwrap_or(true) => {}
            TagEnd::Emphasis | TagEnd::Strong | TagEnd::Link => {
                if let Some((_, inline)) = &mut self.inline {
                    inline.close();
                }
            }
            TagEnd::BlockQuote(_) => {
                if let Some(open) = self.leave() {
                    self.push_block(Block::Quote { blocks: open.blocks });
                }
            }
            TagEnd::Item => {
                if let Some(Open { frame: Frame::Item { marker }, mut blocks }) = self.leave() {
                    // A note runs on as one text: its bulleted items keep a bullet to part them.
                    let in_note = self.root.iter().any(|open| matches!(open.frame, Frame::Note(_)));
                    let marker = marker.or_else(|| in_note.then(|| "•".to_string()));
                    if let (Some(marker), Some(Block::Paragraph(first))) = (marker, blocks.first_mut()) {
                        prefix(first, &format!("{marker} "));
                    }
                    if let Some(Open { frame: Frame::List { items, .. }, .. }) = self.root.last_mut() {
                        items.push(blocks);
                    }
                }
            }
            TagEnd::List(_) => {
                if let Some(Open { frame: Frame::List { ordered, start, items }, .. }) = self.leave() {
                    self.push_block(Block::List { ordered, start, items });
                }
            }
            TagEnd::FootnoteDefinition => {
                if let Some(Open { frame: Frame::Note(label), blocks }) = self.leave() {
                    self.notes.insert(label, blocks);
                }
            }
            TagEnd::MetadataBlock(_) => self.in_metadata = false,
            TagEnd::HtmlBlock => self.in_html_block = false,
            _ => {}
        }
    }

    /// An ordered item's number as written («3.», "2)"), which the tree keeps
    /// at the start of the item's text.
    fn item_marker(&self, offset: usize) -> Option<String> {
        let Some(Open { frame: Frame::List { ordered: true, .. }, .. }) = self.root.last() else { return None };
        if let Some(marker) = self.markers.get(&self.lines.line(offset)) {
            return Some(marker.clone());
        }
        let rest = self.source.get(offset..)?.trim_start();
        let digits = rest.find(|c: char| !c.is_ascii_digit())?;
        let delimiter = rest[digits..].chars().next().filter(|c| matches!(c, '.' | ')'))?;
        Some(format!("{}{delimiter}", &rest[..digits]))
    }

    /// A local PNG or JPEG, read whole; anything else is refused, naming
    /// the file. A picture on the web is not fetched: its alt text stays in
    /// the text, with a notice.
    fn load_image(&mut self, url: &str, range: &Range<usize>) -> Result<Option<Image>, ReadError> {
        if url.contains("://") || url.starts_with("data:") {
            let line = self.lines.line(range.start);
            self.notices
                .push(Notice { line, message: format!("image {url}: not a local file; kept its alt text only") });
            return Ok(None);
        }
        load_picture(self.dir, url).map(Some).map_err(|message| self.error(range, format!("image {message}")))
    }
}

/// Reads a local PNG or JPEG named in the essay (relative to `dir`) and
/// checks its header; the error names the file and says what is wrong.
fn load_picture(dir: &Path, url: &str) -> Result<Image, String> {
    let at = |name: &str| if dir == Path::new(".") { Path::new(name).to_path_buf() } else { dir.join(name) };
    // Markdown writes a space in a path as %20 (and Arabic names percent-encoded, when an editor made the link).
    let path = match percent_decoded(url) {
        Some(decoded) if !at(url).exists() && at(&decoded).exists() => at(&decoded),
        _ => at(url),
    };
    let limit = crate::size_limit("WARRAQ_MAX_IMAGE_MB", crate::MAX_IMAGE_BYTES);
    let bytes = crate::read_file_limited(&path, limit, "WARRAQ_MAX_IMAGE_MB").map_err(|error| error.to_string())?;
    let Some(probe) = crate::picture::probe(&bytes) else {
        return Err(format!("{}: not a PNG or JPEG", path.display()));
    };
    use sha2::Digest;
    let sha256 = sha2::Sha256::digest(&bytes).iter().map(|byte| format!("{byte:02x}")).collect();
    Ok(Image {
        src: url.to_string(),
        alt: String::new(),
        format: probe.format,
        width: probe.width,
        height: probe.height,
        sha256,
        data: ImageData(bytes.into()),
    })
}

/// `text` with its `%XX` escapes decoded, when it has any and they make UTF-8.
fn percent_decoded(text: &str) -> Option<String> {
    if !text.contains('%') {
        return None;
    }
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut at = 0;
    while at < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match (bytes[at], bytes.get(at + 1).copied().and_then(hex), bytes.get(at + 2).copied().and_then(hex)) {
            (b'%', Some(high), Some(low)) => {
                out.push((high * 16 + low) as u8);
                at += 3;
            }
            (byte, _, _) => {
                out.push(byte);
                at += 1;
            }
        }
    }
    String::from_utf8(out).ok()
}

/// Tabs in code become spaces to the next multiple of four columns.
fn expand_tabs(code: &str) -> String {
    let mut out = String::with_capacity(code.len());
    for line in code.split_inclusive('\n') {
        let mut column = 0;
        for c in line.chars() {
            if c == '\t' {
                let to = 4 - column % 4;
                out.extend(std::iter::repeat_n(' ', to));
                column += to;
            } else {
                out.push(c);
                column += 1;
            }
        }
    }
    out
}

/// A text cut at `breaks` (byte offsets just after each break) into lines, each a bayt: parted into hemistichs as a verse fence's
/// lines are when it has no spans, whole otherwise.
fn lines_of(text: Text, breaks: &[usize]) -> Vec<crate::document::Bayt> {
    let mut cuts: Vec<usize> = breaks.iter().copied().filter(|&at| at > 0 && at < text.text.len()).collect();
    cuts.dedup();
    // Each line runs from one cut to the next, less the space the break left.
    let bounds: Vec<(usize, usize)> = std::iter::once(0)
        .chain(cuts.iter().copied())
        .zip(cuts.iter().copied().chain(std::iter::once(text.text.len())))
        .map(|(start, end)| (start, start + text.text.get(start..end).map_or(0, |line| line.trim_end().len())))
        .collect();
    bounds
        .into_iter()
        .filter(|(start, end)| start < end)
        .map(|(start, end)| {
            let line = &text.text[start..end];
            let spans: Vec<Span> = text
                .spans
                .iter()
                .filter(|span| span.start < end && span.end > start)
                .map(|span| Span {
                    start: span.start.max(start) - start,
                    end: span.end.min(end) - start,
                    kind: span.kind.clone(),
                })
                .collect();
            if spans.is_empty() {
                super::verse::bayt_of_line(line)
            } else {
                vec![Text { text: line.to_string(), spans, dir: None }]
            }
        })
        .collect()
}

/// Puts `words` before a text, moving its spans along.
fn prefix(text: &mut Text, words: &str) {
    text.text.insert_str(0, words);
    for span in &mut text.spans {
        span.start += words.len();
        span.end += words.len();
    }
}

/// Rewrites pandoc's fenced divs: a poem (`::: verse` … `:::`) becomes a
/// ```` ```verse ```` fence, and any other div (`::: {.epigraph}`) lets its
/// content through as ordinary blocks, its fence lines blanked. Line for
/// line, so line numbers stay true; fences without a partner stay text, and
/// nothing inside a code fence is touched.
fn verse_divs_as_fences(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains(":::") {
        return std::borrow::Cow::Borrowed(text);
    }
    let lines: Vec<&str> = text.split('\n').collect();
    let mut out: Vec<String> = lines.iter().map(|line| (*line).to_string()).collect();
    // (opening line, whether it is a poem) for the divs still open.
    let mut open: Vec<(usize, bool)> = Vec::new();
    let mut in_code: Option<&str> = None;
    for (index, line) in lines.iter().enumerate() {
        let trimmed = line.trim();
        if let Some(fence) = in_code {
            if trimmed.starts_with(fence) && trimmed.trim_start_matches(fence.chars().next().unwrap_or('`')).is_empty()
            {
                in_code = None;
            }
            continue;
        }
        if open.last().is_some_and(|&(_, verse)| verse) && !trimmed.chars().all(|c| c == ':') {
            continue; // a poem's lines are its own
        }
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            let marker = if trimmed.starts_with('`') { '`' } else { '~' };
            let width = trimmed.chars().take_while(|&c| c == marker).count();
            in_code = Some(&trimmed[..width]);
            continue;
        }
        if !trimmed.starts_with(":::") {
            continue;
        }
        let rest = trimmed.trim_start_matches(':').trim();
        if rest.is_empty() {
            if let Some((opener, verse)) = open.pop() {
                out[opener] = if verse { "```verse".into() } else { String::new() };
                out[index] = if verse { "```".into() } else { String::new() };
            }
        } else {
            open.push((index, is_verse_info(rest.trim_matches(['{', '}', '.']))));
        }
    }
    std::borrow::Cow::Owned(out.join("\n"))
}

/// Rewrites pandoc's inline notes (`^[words]`) as references to notes
/// written at the end (`[^warraq-inline-1]` … `[^warraq-inline-1]: words`),
/// so they are numbered in their place among the others. Code (fenced or
/// in backticks) is left alone, and a note's own line breaks stay where
/// they were so line numbers stay true.
fn inline_notes_as_references(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains("^[") {
        return std::borrow::Cow::Borrowed(text);
    }
    let fenced = fenced_lines(text);
    let mut out = String::with_capacity(text.len());
    let mut notes = String::new();
    let mut count = 0;
    let mut line = 0;
    let mut chars = text.char_indices().peekable();
    let mut ticks = 0usize; // the backtick run that opened a code span
    while let Some((at, c)) = chars.next() {
        if fenced.get(line).copied().unwrap_or(false) {
            out.push(c);
            if c == '\n' {
                line += 1;
            }
            continue;
        }
        match c {
            '\n' => {
                line += 1;
                out.push(c);
                if text[at + 1..].trim_start_matches([' ', '\t', '\r']).starts_with('\n') {
                    ticks = 0; // a code span does not run past its paragraph
                }
            }
            '\\' => {
                out.push(c);
                if let Some((_, next)) = chars.next() {
                    out.push(next);
                    if next == '\n' {
                        line += 1;
                    }
                }
            }
            '`' => {
                let mut run = 1;
                while chars.next_if(|&(_, next)| next == '`').is_some() {
                    run += 1;
                }
                out.extend(std::iter::repeat_n('`', run));
                ticks = match ticks {
                    0 => run,
                    open if open == run => 0,
                    open => open,
                };
            }
            '^' if ticks == 0 && text[at + 1..].starts_with('[') => match closing_bracket(&text[at + 1..]) {
                Some(end) => {
                    let note = &text[at + 2..at + 1 + end];
                    count += 1;
                    out.push_str(&format!("[^warraq-inline-{count}]"));
                    let breaks = note.matches('\n').count();
                    out.extend(std::iter::repeat_n('\n', breaks));
                    line += breaks;
                    notes.push_str(&format!(
                        "\n\n[^warraq-inline-{count}]: {}",
                        note.split_whitespace().collect::<Vec<_>>().join(" ")
                    ));
                    while chars.next_if(|&(next, _)| next <= at + 1 + end).is_some() {}
                }
                None => out.push(c),
            },
            _ => out.push(c),
        }
    }
    if count == 0 {
        return std::borrow::Cow::Borrowed(text);
    }
    out.push_str(&notes);
    out.push('\n');
    std::borrow::Cow::Owned(out)
}

/// Where the `]` closing the `[` that opens `text` is, brackets nested and
/// backslash escapes skipped; `None` when it is not closed in the paragraph.
fn closing_bracket(text: &str) -> Option<usize> {
    let mut depth = 0usize;
    let mut escaped = false;
    let mut previous = ' ';
    for (at, c) in text.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '[' => depth += 1,
            ']' => {
                depth = depth.checked_sub(1)?;
                if depth == 0 {
                    return Some(at);
                }
            }
            '\n' if previous == '\n' => return None,
            _ => {}
        }
        if !c.is_whitespace() || c == '\n' {
            previous = c;
        }
    }
    None
}

/// For each line, whether it lies inside a fenced code block (its fences too).
fn fenced_lines(text: &str) -> Vec<bool> {
    let mut inside: Option<(char, usize)> = None;
    text.split('\n')
        .map(|line| {
            let trimmed = line.trim_start();
            let marker = trimmed.chars().next().filter(|c| matches!(c, '`' | '~'));
            let run = marker.map_or(0, |m| trimmed.chars().take_while(|&c| c == m).count());
            match (inside, marker) {
                (Some((open, width)), Some(m)) if m == open && run >= width && trimmed[run..].trim().is_empty() => {
                    inside = None;
                    true
                }
                (Some(_), _) => true,
                (None, Some(m)) if run >= 3 => {
                    inside = Some((m, run));
                    true
                }
                (None, _) => false,
            }
        })
        .collect()
}

/// A paragraph that is only a Jekyll (Liquid) tag, `{% include … %}`, or a
/// Hugo shortcode, `{{< figure … >}}`: the site fills it in, a book cannot.
fn is_template_tag(text: &str) -> bool {
    let text = text.trim();
    [("{%", "%}"), ("{{<", ">}}"), ("{{%", "%}}")]
        .iter()
        .any(|(open, close)| text.starts_with(open) && text.ends_with(close))
}

/// Rewrites, line for line, two marks of note-taking apps that CommonMark
/// does not know: a callout's head (`> [!note] Title`, GitHub's
/// `> [!NOTE]`) loses its `[!kind]` and keeps its title in bold, and a
/// highlight (`==words==`) becomes strong. Code is left alone.
fn callouts_and_highlights(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains("[!") && !text.contains("==") {
        return std::borrow::Cow::Borrowed(text);
    }
    let fenced = fenced_lines(text);
    // How deep in quotation the line before was (0 when it was blank).
    let mut previous_depth = 0;
    let mut changed = false;
    let lines: Vec<String> = text
        .split('\n')
        .enumerate()
        .map(|(index, line)| {
            if fenced.get(index).copied().unwrap_or(false) {
                previous_depth = 0;
                return line.to_string();
            }
            let quote_end = line.len() - line.trim_start_matches(['>', ' ', '\t']).len();
            let (marks, rest) = line.split_at(quote_end);
            let depth = marks.matches('>').count();
            let opens_quote = depth > previous_depth;
            previous_depth = if rest.trim().is_empty() { 0 } else { depth };
            let mut out = match callout_title(rest) {
                Some(title) if opens_quote => {
                    let title = title.trim();
                    if title.is_empty() { marks.trim_end().to_string() } else { format!("{marks}**{title}**") }
                }
                _ => line.to_string(),
            };
            if out.contains("==") {
                out = highlighted(&out);
            }
            changed |= out != line;
            out
        })
        .collect();
    if changed { std::borrow::Cow::Owned(lines.join("\n")) } else { std::borrow::Cow::Borrowed(text) }
}

/// The title after a callout's `[!kind]` (and its fold mark `-` or `+`).
fn callout_title(text: &str) -> Option<&str> {
    let rest = text.strip_prefix("[!")?;
    let end = rest.find(']')?;
    let kind = &rest[..end];
    if kind.is_empty() || !kind.chars().all(|c| c.is_alphanumeric() || c == '-' || c == '_') {
        return None;
    }
    Some(rest[end + 1..].trim_start_matches(['-', '+']))
}

/// `==words==` as `**words**`, outside code spans; the marks must hug
/// the words, so `a == b` and `=====` stay as written.
fn highlighted(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    let mut in_code = false;
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix('`') {
            in_code = !in_code;
            out.push('`');
            rest = after;
            continue;
        }
        if !in_code
            && let Some(after) = rest.strip_prefix("==")
            && after.chars().next().is_some_and(|c| !c.is_whitespace() && c != '=')
            && !out.ends_with('=')
            && let Some(close) = after.find("==")
            && after[..close].chars().last().is_some_and(|c| !c.is_whitespace() && c != '=')
            && !after[..close].contains('`')
        {
            out.push_str("**");
            out.push_str(&after[..close]);
            out.push_str("**");
            rest = &after[close + 2..];
            continue;
        }
        let c = rest.chars().next().unwrap_or(' ');
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    out
}

/// Numbered lines as Arabic writers number them: Arabic-Indic or Persian
/// digits (`١.`, `٢)`, `٣-`), or any digits before a hyphen (`1-`), which
/// CommonMark does not take for a list and would run together as one
/// paragraph. Each such marker is rewritten as `N.` (line for line) and the
/// marker as written is kept, by line, for the item's text.
fn numbered_lines_as_lists(text: &str) -> (std::borrow::Cow<'_, str>, HashMap<usize, String>) {
    let mut markers = HashMap::new();
    let fenced = fenced_lines(text);
    let mut changed = false;
    let lines: Vec<std::borrow::Cow<'_, str>> = text
        .split('\n')
        .enumerate()
        .map(|(index, line)| {
            if fenced.get(index).copied().unwrap_or(false) {
                return std::borrow::Cow::Borrowed(line);
            }
            let indent = line.len() - line.trim_start_matches([' ', '>']).len();
            let rest = &line[indent..];
            let digits: String =
                rest.chars().take_while(|c| c.is_ascii_digit() || arabic_digit(*c).is_some()).collect();
            let after = &rest[digits.len()..];
            let delimiter = after.chars().next();
            let spaced = after.chars().nth(1).is_some_and(|c| c == ' ' || c == '\t');
            let native = digits.chars().all(|c| arabic_digit(c).is_some());
            let wanted = match delimiter {
                Some('.' | ')') => native,
                Some('-' | '–') => true,
                _ => false,
            };
            if digits.is_empty() || digits.chars().count() > 9 || !spaced || !wanted {
                return std::borrow::Cow::Borrowed(line);
            }
            let ascii: String = digits.chars().map(|c| arabic_digit(c).unwrap_or(c)).collect();
            let delimiter = delimiter.unwrap_or('.');
            markers.insert(index + 1, format!("{digits}{delimiter}"));
            changed = true;
            std::borrow::Cow::Owned(format!("{}{ascii}.{}", &line[..indent], &after[delimiter.len_utf8()..]))
        })
        .collect();
    if !changed {
        return (std::borrow::Cow::Borrowed(text), markers);
    }
    (std::borrow::Cow::Owned(lines.join("\n")), markers)
}

/// The ASCII digit an Arabic-Indic or Persian digit stands for.
fn arabic_digit(c: char) -> Option<char> {
    match c {
        '\u{660}'..='\u{669}' => char::from_digit(c as u32 - 0x660, 10),
        '\u{6F0}'..='\u{6F9}' => char::from_digit(c as u32 - 0x6F0, 10),
        _ => None,
    }
}

/// Blanks the lines Jekyll's kramdown reads as attributes (`{: .lead}`,
/// `{:toc}`), and the `* TOC` item a `{:toc}` stands under: the site acts on
/// them, and the book has its own contents. Line for line; code untouched.
fn without_kramdown_attributes(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains("{:") {
        return std::borrow::Cow::Borrowed(text);
    }
    let fenced = fenced_lines(text);
    let mut lines: Vec<&str> = text.split('\n').collect();
    let mut changed = false;
    for index in 0..lines.len() {
        let line = lines[index].trim();
        if fenced.get(index).copied().unwrap_or(false) || !(line.starts_with("{:") && line.ends_with('}')) {
            continue;
        }
        if line.replace(' ', "") == "{:toc}"
            && let Some(previous) = index.checked_sub(1)
            && lines[previous].trim().trim_start_matches(['*', '-', '+', '1', '.']).trim().eq_ignore_ascii_case("toc")
        {
            lines[previous] = "";
        }
        lines[index] = "";
        changed = true;
    }
    if changed { std::borrow::Cow::Owned(lines.join("\n")) } else { std::borrow::Cow::Borrowed(text) }
}

/// `<br>`, `<br/>`, `<br />`.
fn is_line_break_tag(html: &str) -> bool {
    let inner = html.trim().trim_start_matches('<').trim_end_matches('>').trim_end_matches('/').trim();
    inner.eq_ignore_ascii_case("br")
}

/// The language an inline `<span>` tag names (`lang="de"` or `lang='de'`),
/// if it is a well-formed BCP 47 tag.
fn html_lang(html: &str) -> Option<String> {
    let at = html.find(" lang=")? + " lang=".len();
    let rest = &html[at..];
    let quote = rest.chars().next().filter(|c| matches!(c, '"' | '\''))?;
    let value = rest[1..].split(quote).next()?;
    language_tag(value)
}

/// `tag` if it has the shape of a BCP 47 language tag (`de`, `en-GB`,
/// `zh-Hant`): letters first, then letters, digits and hyphens.
fn language_tag(tag: &str) -> Option<String> {
    let well_formed = tag.len() <= 35
        && tag.split('-').all(|part| (1..=8).contains(&part.len()) && part.chars().all(|c| c.is_ascii_alphanumeric()))
        && tag
            .split('-')
            .next()
            .is_some_and(|first| first.len() >= 2 && first.chars().all(|c| c.is_ascii_alphabetic()));
    well_formed.then(|| tag.to_string())
}

/// pandoc's bracketed spans, `[words]{lang=de}`: the brackets and the
/// attributes go, and a `lang` attribute marks the words as in that
/// language (other attributes, such as classes, have nothing to show).
/// Nothing inside code is touched; the other spans keep their words.
fn bracketed_spans(text: &mut String, spans: &mut Vec<Span>, breaks: &mut [(usize, bool)]) {
    // Code is as written, and a note's marker («[1]», the reader's own) is not a span.
    let in_code = |at: usize, spans: &[Span]| {
        spans.iter().any(|s| matches!(s.kind, SpanKind::Code | SpanKind::NoteRef { .. }) && s.start <= at && at < s.end)
    };
    // The stretches to remove, and the spans to add (over the old text).
    let mut cuts: Vec<Range<usize>> = Vec::new();
    let mut added: Vec<Span> = Vec::new();
    let mut from = 0;
    while let Some(open) = text[from..].find('[').map(|i| from + i) {
        from = open + 1;
        let Some(close) = text[from..].find(']').map(|i| from + i) else { break };
        if text[from..close].contains('[') || !text[close + 1..].starts_with('{') {
            continue;
        }
        let Some(end) = text[close + 1..].find('}').map(|i| close + 1 + i) else { continue };
        if text[close + 2..end].contains(['[', '{', ']']) {
            continue;
        }
        let Some(lang) = pandoc_attributes(&text[close + 2..end]) else { continue };
        if close == from || in_code(open, spans) || in_code(end, spans) {
            continue;
        }
        cuts.push(open..open + 1);
        cuts.push(close..end + 1);
        if let Some(lang) = lang {
            added.push(Span { start: open + 1, end: close, kind: SpanKind::Lang { lang } });
        }
        from = end + 1;
    }
    if cuts.is_empty() {
        return;
    }
    // Where a byte of the old text lands in the new one.
    let moved = |at: usize| -> usize {
        let removed: usize = cuts.iter().map(|cut| cut.end.min(at).saturating_sub(cut.start).min(cut.len())).sum();
        at - removed
    };
    let mut kept = String::with_capacity(text.len());
    let mut last = 0;
    for cut in &cuts {
        kept.push_str(&text[last..cut.start]);
        last = cut.end;
    }
    kept.push_str(&text[last..]);
    for span in spans.iter_mut().chain(added.iter_mut()) {
        span.start = moved(span.start);
        span.end = moved(span.end);
    }
    for (at, _) in breaks.iter_mut() {
        *at = moved(*at);
    }
    spans.extend(added);
    *text = kept;
}

/// The attributes of a pandoc span or heading, `{#id .class key=value}`:
/// `None` when the braces hold something else, else the `lang` they name.
fn pandoc_attributes(attributes: &str) -> Option<Option<String>> {
    let identifier = |name: &str| {
        name.chars().next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
            && name.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-'))
    };
    let mut lang = None;
    for item in attributes.split_whitespace() {
        match item.split_once('=') {
            Some(("lang", value)) => lang = Some(language_tag(value.trim_matches(['"', '\'']))?),
            Some((key, _)) if identifier(key) => {}
            None if item.len() > 1 && item.starts_with(['.', '#']) && identifier(&item[1..]) => {}
            _ => return None,
        }
    }
    Some(lang)
}

/// `</span>`, however spaced or cased.
fn is_closing_span(html: &str) -> bool {
    html.trim()
        .strip_prefix("</")
        .and_then(|tag| tag.strip_suffix('>'))
        .is_some_and(|tag| tag.trim().eq_ignore_ascii_case("span"))
}

/// HTML dropped without a notice: comments (`<!-- -->`, `<!--more-->`) and
/// closing tags, alone or in a row.
fn is_silent_html(html: &str) -> bool {
    let html = html.trim();
    if html.starts_with("<!--") {
        return true;
    }
    !html.is_empty()
        && html
            .split('>')
            .map(str::trim)
            .filter(|tag| !tag.is_empty())
            .all(|tag| tag.strip_prefix("</").is_some_and(|name| name.chars().all(|c| c.is_ascii_alphanumeric())))
}

/// A fenced block's info string that marks a poem: `verse` or `شعر`.
fn is_verse_info(info: &str) -> bool {
    matches!(info.split_whitespace().next(), Some("verse" | "شعر" | "poem"))
}

/// The notes, numbered as first referred to (then those never referred
/// to), as a [`Block::Notes`] at the end; each note's paragraphs run on as
/// one text. A reference to a note that was never written stays text.
fn append_notes(blocks: &mut Vec<Block>, mut notes: HashMap<String, Vec<Block>>, order: &[String]) {
    let defined: Vec<u32> = (1..=order.len())
        .filter(|&index| notes.contains_key(&order[index - 1]))
        .filter_map(|index| u32::try_from(index).ok())
        .collect();
    let mut numbered: Vec<(u32, Vec<Block>)> = Vec::new();
    for (index, label) in order.iter().enumerate() {
        if let (Some(note), Ok(number)) = (notes.remove(label), u32::try_from(index + 1)) {
            numbered.push((number, note));
        }
    }
    let mut unreferenced: Vec<(String, Vec<Block>)> = notes.into_iter().collect();
    unreferenced.sort_by(|a, b| a.0.cmp(&b.0));
    let mut next = u32::try_from(order.len()).unwrap_or(u32::MAX);
    for (_, note) in unreferenced {
        next = next.saturating_add(1);
        numbered.push((next, note));
    }
    for block in blocks.iter_mut() {
        drop_dangling_refs(block, &defined);
    }
    if numbered.is_empty() {
        return;
    }
    let notes = numbered
        .into_iter()
        .map(|(number, blocks)| Note { number, marker: format!("[{number}]"), text: run_on(&blocks) })
        .collect();
    blocks.push(Block::Notes { heading: None, notes });
}

/// The texts of a note's blocks run on as one, spans moved along.
fn run_on(blocks: &[Block]) -> Text {
    let mut joined = Text::default();
    crate::document::walk(blocks, &mut |block, _| {
        // A note is one run of text: a picture in it stands as its alt text.
        let alt = match block {
            Block::Image(image) if !image.alt.is_empty() => Some(Text::plain(image.alt.as_str())),
            _ => None,
        };
        for text in block.own_texts().into_iter().chain(alt.as_ref()) {
            if !joined.text.is_empty() {
                joined.text.push(' ');
            }
            let offset = joined.text.len();
            joined.text.push_str(&text.text);
            joined.spans.extend(text.spans.iter().map(|span| Span {
                start: span.start + offset,
                end: span.end + offset,
                kind: span.kind.clone(),
            }));
        }
    });
    joined
}

/// Takes the NoteRef spans off references to notes that were never written.
fn drop_dangling_refs(block: &mut Block, defined: &[u32]) {
    let keep = |span: &Span| !matches!(span.kind, SpanKind::NoteRef { note } if !defined.contains(&note));
    match block {
        Block::PartTitle(text) | Block::Heading { text, .. } | Block::Paragraph(text) => text.spans.retain(keep),
        Block::List { items, .. } => items.iter_mut().flatten().for_each(|block| drop_dangling_refs(block, defined)),
        Block::Quote { blocks } => blocks.iter_mut().for_each(|block| drop_dangling_refs(block, defined)),
        Block::Verse { bayts } => bayts.iter_mut().flatten().for_each(|text| text.spans.retain(keep)),
        _ => {}
    }
}

/// The words a reader reads: the title and every text, without code (code
/// is Latin whatever language the essay is in) and without front matter.
fn prose(title: &str, blocks: &[Block]) -> String {
    let mut prose = title.to_string();
    crate::document::walk(blocks, &mut |block, _| {
        if matches!(block, Block::CodeBlock { .. }) {
            return;
        }
        for text in block.own_texts() {
            let mut at = 0;
            let mut code: Vec<_> = text.spans.iter().filter(|span| span.kind == SpanKind::Code).collect();
            code.sort_by_key(|span| span.start);
            for span in code {
                prose.push(' ');
                prose.push_str(text.text.get(at..span.start.max(at)).unwrap_or(""));
                at = at.max(span.end);
            }
            prose.push(' ');
            prose.push_str(text.text.get(at..).unwrap_or(""));
        }
    });
    prose
}

/// Arabic when Arabic letters outnumber Latin ones, English otherwise.
fn detect_language(text: &str) -> (String, Direction) {
    let arabic = text.chars().filter(|&c| is_arabic_letter(c)).count();
    let latin = text.chars().filter(|c| c.is_ascii_alphabetic()).count();
    if arabic > latin { ("ar".into(), Direction::Rtl) } else { ("en".into(), Direction::Ltr) }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_str(text: &str) -> Reading {
        read(text.as_bytes(), &ReadOptions::default(), Path::new(".")).unwrap()
    }

    #[test]
    fn emphasis_and_strong_are_spans_over_their_words() {
        let reading = read_str("# ع\n\nقال *الوراق* كلمة **قوية** هنا.\n");
        let Block::Paragraph(text) = &reading.document.blocks[0] else { panic!("a paragraph") };
        let spanned: Vec<&str> = text.spans.iter().map(|s| &text.text[s.start..s.end]).collect();
        assert_eq!(spanned, ["الوراق", "قوية"]);
        assert_eq!(text.spans[0].kind, SpanKind::Emphasis);
        assert_eq!(text.spans[1].kind, SpanKind::Strong);
    }

    /// The words under each span of the first paragraph, with its kind.
    fn spanned(source: &str) -> (String, Vec<(String, SpanKind)>) {
        let reading = read_str(source);
        let Block::Paragraph(text) = &reading.document.blocks[0] else { panic!("a paragraph") };
        let spans = text.spans.iter().map(|s| (text.text[s.start..s.end].to_string(), s.kind.clone())).collect();
        (text.text.clone(), spans)
    }

    #[test]
    fn words_marked_in_another_language_keep_it() {
        let de = || SpanKind::Lang { lang: "de".into() };
        // pandoc's bracketed span, with a class beside the language and
        // emphasis inside it; the emphasis keeps its word.
        let (text, spans) = spanned("# ع\n\nطبع [ماينتس *Mainz*]{.city lang=de} كتابه.\n");
        assert_eq!(text, "طبع ماينتس Mainz كتابه.");
        assert_eq!(spans, [("ماينتس Mainz".to_string(), de()), ("Mainz".to_string(), SpanKind::Emphasis)]);
        // An inline HTML span, quoted either way; a span without a language
        // stays words with a notice, and its closing tag closes nothing.
        let (text, spans) = spanned("# ع\n\nفي <span lang='fr'>Xàtiva</span> و<span class=\"x\">هنا</span> نص.\n");
        assert_eq!(text, "في Xàtiva وهنا نص.");
        assert_eq!(spans, [("Xàtiva".to_string(), SpanKind::Lang { lang: "fr".into() })]);
    }

    #[test]
    fn a_span_in_a_poem_written_with_hard_breaks_keeps_its_lines() {
        // The brackets go before the lines are cut: the breaks move with the text.
        let reading = read_str("# ع\n\n[ماينتس]{lang=de} سطر أول\\\nسطر ثان\\\nسطر ثالث\n");
        let Block::Verse { bayts } = &reading.document.blocks[0] else {
            panic!("a poem: {:?}", reading.document.blocks)
        };
        let lines: Vec<&str> = bayts.iter().flatten().map(|hemistich| hemistich.text.as_str()).collect();
        assert_eq!(lines, ["ماينتس سطر أول", "سطر ثان", "سطر ثالث"]);
    }

    #[test]
    fn an_html_span_closes_its_own_language() {
        // «</span>» closes the language even when emphasis opened inside it
        // runs on; and a span left open ends with its paragraph.
        let (_, spans) = spanned("# ع\n\n<span lang=\"fr\">a *b</span> c* d.\n");
        assert!(spans.contains(&("a b".to_string(), SpanKind::Lang { lang: "fr".into() })), "{spans:?}");
        let reading = read_str("# ع\n\n<span lang=\"fr\">unclosed here.\n\n*x</span> y* z.\n");
        let Block::Paragraph(second) = &reading.document.blocks[1] else { panic!("two paragraphs") };
        let emphasis: Vec<&str> = second.spans.iter().map(|s| &second.text[s.start..s.end]).collect();
        assert_eq!(emphasis, ["x y"]);
    }

    #[test]
    fn brackets_that_are_not_a_span_stay_text() {
        // No attributes, attributes that are not pandoc's, an ill-formed
        // language, and code: all as written.
        for source in
            ["نص [مرجع] هنا", "نص [مرجع]{كلام} هنا", "نص [x]{lang=1x} هنا", "نص `[x]{lang=en}` هنا", "نص [a]{1=2} هنا"]
        {
            let (text, spans) = spanned(&format!("# ع\n\n{source}\n"));
            assert_eq!(text, source.replace('`', ""), "{source}");
            assert!(spans.iter().all(|(_, kind)| !matches!(kind, SpanKind::Lang { .. })), "{source}: {spans:?}");
        }
    }

    #[test]
    fn sections_under_a_title_heading_are_level_two() {
        let reading = read_str("# Title\n\n# One\n\n## One.a\n\ntext\n");
        assert_eq!(reading.document.meta.title, "Title");
        let levels: Vec<u8> = reading
            .document
            .blocks
            .iter()
            .filter_map(|b| if let Block::Heading { level, .. } = b { Some(level.get()) } else { None })
            .collect();
        assert_eq!(levels, [2, 3]);
    }

    #[test]
    fn ordered_items_keep_their_numbers_and_tight_items_are_paragraphs() {
        let reading = read_str("# T\n\n3. three *x*\n4. four\n");
        let Block::List { ordered, start, items } = &reading.document.blocks[0] else { panic!("a list") };
        assert!(ordered);
        assert_eq!(*start, 3);
        let Block::Paragraph(first) = &items[0][0] else { panic!("a paragraph") };
        assert_eq!(first.text, "3. three x");
        assert_eq!(&first.text[first.spans[0].start..first.spans[0].end], "x");
    }

    #[test]
    fn without_a_heading_the_first_words_name_the_book() {
        assert_eq!(read_str("First line.\n\nSecond.\n").document.meta.title, "First line.");
        let reading = read_str("> quoted words\n");
        assert_eq!(reading.document.meta.title, "quoted words");
        assert_eq!(reading.document.blocks.len(), 1, "the quote stays");
        assert!(matches!(read(b"#\n", &ReadOptions::default(), Path::new(".")), Err(ReadError::Empty)));
    }

    /// Markdown made of the pieces essays and hostile pastes are made of.
    fn markdown_text() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        let piece = prop_oneof![
            Just("# ".to_string()),
            Just("## ".to_string()),
            Just("\n".to_string()),
            Just("\n\n".to_string()),
            Just("> ".to_string()),
            Just("- ".to_string()),
            Just("3. ".to_string()),
            Just("   ".to_string()),
            Just("*".to_string()),
            Just("**".to_string()),
            Just("_".to_string()),
            Just("`".to_string()),
            Just("~~".to_string()),
            Just("---\n".to_string()),
            Just("+++\n".to_string()),
            Just("title: ".to_string()),
            Just("[^1]".to_string()),
            Just("[^1]: ".to_string()),
            Just("[a](b)".to_string()),
            Just("<b>".to_string()),
            Just(" {#id}".to_string()),
            Just("  \n".to_string()),
            Just("\\\n".to_string()),
            Just("\u{a0}".to_string()),
            Just("^[".to_string()),
            Just("]".to_string()),
            Just("==".to_string()),
            Just("> [!note] ".to_string()),
            Just("١. ".to_string()),
            Just("2- ".to_string()),
            Just("{: .x}\n".to_string()),
            Just("::: {.x}\n".to_string()),
            Just(":::\n".to_string()),
            Just("```\n".to_string()),
            Just("[[a|b]]".to_string()),
            Just("% ".to_string()),
            Just("<br>".to_string()),
            Just("<!-- c -->".to_string()),
            Just("وَرَّاق".to_string()),
            Just("\u{651}\u{64b}\u{200f}".to_string()),
            any::<char>().prop_map(|c| c.to_string()),
            "[a-z ]{1,12}",
            "[\\u{621}-\\u{64a} ]{1,12}",
        ];
        proptest::collection::vec(piece, 1..80).prop_map(|pieces| pieces.concat())
    }

    proptest::proptest! {
        #[test]
        fn any_markdown_reads_or_is_refused_and_spans_stay_inside_their_text(text in markdown_text()) {
            match read(text.as_bytes(), &ReadOptions::default(), Path::new("/nonexistent")) {
                // A refusal is an answer; a panic is not.
                Err(_) => {}
                Ok(reading) => {
                    proptest::prop_assert!(!reading.document.meta.title.is_empty());
                    for text in reading.document.texts() {
                        for span in &text.spans {
                            proptest::prop_assert!(span.start < span.end && span.end <= text.text.len());
                            proptest::prop_assert!(text.text.is_char_boundary(span.start));
                            proptest::prop_assert!(text.text.is_char_boundary(span.end));
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn footnotes_are_note_refs_and_a_notes_block_numbered_by_first_citation() {
        let reading = read_str("# t\n\nأ[^b] ب[^a] ج[^b].\n\n[^a]: الأولى.\n[^b]: الثانية.\n");
        let blocks = &reading.document.blocks;
        let Block::Paragraph(text) = &blocks[0] else { panic!("{blocks:?}") };
        let refs: Vec<(&str, u32)> = text
            .spans
            .iter()
            .filter_map(|s| match s.kind {
                SpanKind::NoteRef { note } => Some((&text.text[s.start..s.end], note)),
                _ => None,
            })
            .collect();
        assert_eq!(refs, [("[1]", 1), ("[2]", 2), ("[1]", 1)]);
        let Some(Block::Notes { notes, .. }) = blocks.last() else { panic!("{blocks:?}") };
        assert_eq!((notes[0].number, notes[0].text.text.as_str()), (1, "الثانية."));
        assert_eq!(notes[1].marker, "[2]");
    }

    #[test]
    fn a_verse_fence_is_a_poem_and_a_plain_fence_is_not() {
        let reading = read_str("# t\n\n```verse\nصدر أول ... عجز أول\n***\nشطر وحده\n```\n\n```\na ... b\n```\n");
        let blocks = &reading.document.blocks;
        let Block::Verse { bayts } = &blocks[0] else { panic!("{blocks:?}") };
        assert_eq!(bayts.len(), 2);
        assert_eq!(bayts[0][1].text, "عجز أول");
        assert_eq!(bayts[1].len(), 1);
        assert!(matches!(&blocks[1], Block::CodeBlock { text, lang: None } if text.text == "a ... b"), "{blocks:?}");
    }

    #[test]
    fn links_code_and_pictures_map_onto_the_tree() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("p.jpg"), TINY_JPEG).unwrap();
        let source = "# t

اقرأ [الدليل](https://example.org/a) واكتب `x = 1` هنا.

![صورة *الغلاف*](p.jpg)

```rust
fn main() {
\tlet x = 1;
}
```
";
        let reading = read(source.as_bytes(), &ReadOptions::default(), dir.path()).unwrap();
        let blocks = &reading.document.blocks;
        let Block::Paragraph(text) = &blocks[0] else { panic!("{blocks:?}") };
        let spans: Vec<_> = text.spans.iter().map(|s| (&text.text[s.start..s.end], s.kind.clone())).collect();
        assert_eq!(
            spans,
            [("الدليل", SpanKind::Link { url: "https://example.org/a".into() }), ("x = 1", SpanKind::Code)]
        );
        let Block::Image(image) = &blocks[1] else { panic!("{blocks:?}") };
        assert_eq!((image.alt.as_str(), image.width, image.height), ("صورة الغلاف", 300, 200));
        assert_eq!(image.data.0.len(), TINY_JPEG.len());
        let Block::CodeBlock { lang, text } = &blocks[2] else { panic!("{blocks:?}") };
        assert_eq!((lang.as_deref(), text.text.as_str()), (Some("rust"), "fn main() {\n    let x = 1;\n}"));
        let missing = read("# t\n\n![x](gone.png)\n".as_bytes(), &ReadOptions::default(), dir.path()).unwrap_err();
        assert!(missing.to_string().starts_with("line 3: image "), "{missing}");
        assert!(missing.to_string().contains("gone.png"), "{missing}");
    }

    #[test]
    fn a_picture_in_a_note_keeps_its_alt_text_there() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("p.jpg"), TINY_JPEG).unwrap();
        let source = "# t\n\nنص[^1].\n\n[^1]: انظر الرسم: ![خريطة الطريق](p.jpg)\n";
        let reading = read(source.as_bytes(), &ReadOptions::default(), dir.path()).unwrap();
        let Some(Block::Notes { notes, .. }) = reading.document.blocks.last() else { panic!() };
        assert_eq!(notes[0].text.text, "انظر الرسم: خريطة الطريق");
    }

    #[test]
    fn a_percent_encoded_picture_path_finds_its_file() {
        assert_eq!(percent_decoded("my%20picture.png").as_deref(), Some("my picture.png"));
        assert_eq!(percent_decoded("%D9%88%D8%B1%D9%82.png").as_deref(), Some("ورق.png"));
        assert_eq!(percent_decoded("plain.png"), None);
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("صورة الغلاف.jpg"), TINY_JPEG).unwrap();
        let source = "# t\n\n![x](%D8%B5%D9%88%D8%B1%D8%A9%20%D8%A7%D9%84%D8%BA%D9%84%D8%A7%D9%81.jpg)\n";
        let reading = read(source.as_bytes(), &ReadOptions::default(), dir.path()).unwrap();
        assert!(matches!(&reading.document.blocks[0], Block::Image(image) if image.width == 300));
    }

    /// A JPEG header: SOI, an APP0, a baseline frame 300 × 200.
    const TINY_JPEG: &[u8] = &[
        0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xC0, 0x00, 0x11, 0x08,
        0x00, 0xC8, 0x01, 0x2C, 0x03,
    ];

    #[test]
    fn a_verse_div_is_a_poem_too() {
        let reading = read_str("# t\n\n::: verse\nصدر أول ... عجز أول\n\nصدر ثان ... عجز ثان\n:::\n\nنص بعده.\n");
        let blocks = &reading.document.blocks;
        let Block::Verse { bayts } = &blocks[0] else { panic!("{blocks:?}") };
        assert_eq!(bayts.len(), 2);
        assert_eq!(blocks[1], Block::paragraph("نص بعده."));
    }

    #[test]
    fn line_index_counts_from_one() {
        let lines = LineIndex::new("a\nb\nc");
        assert_eq!((lines.line(0), lines.line(2), lines.line(4)), (1, 2, 3));
    }
}
