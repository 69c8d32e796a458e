//! The document tree every reader produces and every backend consumes.
//!
//! It is plain data: metadata and a list of blocks (some of which hold
//! blocks of their own: list items, quotations), with no I/O and no
//! knowledge of any output format. `--to json` serialises it as it is, under
//! a schema [`TREE_VERSION`]. [`walk`] visits every block, nested or not.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// The version of the JSON tree `--to json` writes; it changes when a block's shape does.
pub const TREE_VERSION: u32 = 5;

/// One essay: what it is called and what it says.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Document {
    /// Title, author, series and language.
    pub meta: Meta,
    /// The body, in reading order.
    pub blocks: Vec<Block>,
}

/// Writing direction of a document or a run of text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    /// Left to right (Latin and most scripts).
    Ltr,
    /// Right to left (Arabic, Hebrew).
    Rtl,
}

impl Direction {
    /// The value HTML's `dir` attribute and the EPUB spine use.
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Ltr => "ltr",
            Direction::Rtl => "rtl",
        }
    }
}

/// What the essay is called, who wrote it, and where it sits in a series.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Meta {
    /// The title line as written (for a part, it usually names the part).
    pub title: String,
    /// Text that followed the part number on the title line, if any.
    pub subtitle: Option<String>,
    /// The author, when the line after the title names one.
    pub author: Option<String>,
    /// The series this essay is a part of.
    pub series: Option<String>,
    /// The part number within the series (1-based).
    pub part: Option<u32>,
    /// How the title names the part, as written («الجزء الثالث عشر»).
    pub part_label: Option<String>,
    /// BCP 47 language tag, e.g. `ar` or `en`.
    pub lang: String,
    /// Base direction of the text.
    pub direction: Direction,
    /// Publication date, YYYY-MM-DD, when the source gives one (Markdown front matter).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// The book's identifier (an ISBN, a URN), when the source gives one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub identifier: Option<String>,
    /// A cover picture, when the source names one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cover: Option<Image>,
}

/// Running text as written, with inline spans over it.
///
/// `text` is the source text, untouched (beyond NFC and whitespace collapse);
/// spans are byte ranges into it, as in parley's model. Readers leave them
/// empty for now.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Text {
    /// The characters, as in the source.
    pub text: String,
    /// Inline styling and references over byte ranges of `text`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub spans: Vec<Span>,
    /// The text's own base direction, when it is not the document's (an
    /// English quotation in an Arabic essay); `None` follows the document.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dir: Option<Direction>,
}

impl Text {
    /// Plain text with no spans.
    pub fn plain(text: impl Into<String>) -> Text {
        Text { text: text.into(), spans: Vec::new(), dir: None }
    }

    /// The direction this text is set in, in a document of direction `document`.
    pub fn direction(&self, document: Direction) -> Direction {
        self.dir.unwrap_or(document)
    }

    /// The characters.
    pub fn as_str(&self) -> &str {
        &self.text
    }
}

impl From<&str> for Text {
    fn from(text: &str) -> Text {
        Text::plain(text)
    }
}

impl From<String> for Text {
    fn from(text: String) -> Text {
        Text::plain(text)
    }
}

/// An inline span: a byte range of a [`Text`] and what it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Span {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
    /// What the range is.
    pub kind: SpanKind,
}

/// The kinds of inline span.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[non_exhaustive]
pub enum SpanKind {
    /// Stressed text.
    Emphasis,
    /// Strongly stressed text.
    Strong,
    /// A footnote marker as written («(1)», «[٢]», «¹»), pointing at the
    /// [`Note`] with this number in the document's [`Block::Notes`].
    NoteRef {
        /// The note's number.
        note: u32,
    },
    /// A link to `url`, over its words.
    Link {
        /// Where it leads, as written.
        url: String,
    },
    /// Code: set in the monospace face, left to right, isolated from the
    /// text around it.
    Code,
    /// Words in another language than the document's, as the writer marked
    /// them (a BCP 47 tag), so that a screen reader can switch voices.
    Lang {
        /// The language tag, e.g. `de`.
        lang: String,
    },
}

/// Direction of the first character with a strong direction in `text`
/// (what HTML's `dir="auto"` uses), or `None` when it has none.
pub fn first_strong_direction(text: &str) -> Option<Direction> {
    use unicode_bidi::BidiClass::{AL, L, R};
    text.chars().find_map(|c| match unicode_bidi::bidi_class(c) {
        L => Some(Direction::Ltr),
        R | AL => Some(Direction::Rtl),
        _ => None,
    })
}

/// Outline depth of a section heading: 2 to 6 (1 is the title, and parts
/// of an omnibus are [`Block::PartTitle`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "u8", into = "u8")]
pub struct HeadingLevel(u8);

impl HeadingLevel {
    /// A section of the essay.
    pub const SECTION: HeadingLevel = HeadingLevel(2);

    /// The level, clamped to 2..=6.
    pub fn new(level: u8) -> HeadingLevel {
        HeadingLevel(level.clamp(2, 6))
    }

    /// The level as a number (2..=6).
    pub fn get(self) -> u8 {
        self.0
    }
}

impl TryFrom<u8> for HeadingLevel {
    type Error = String;
    fn try_from(level: u8) -> Result<HeadingLevel, String> {
        if (2..=6).contains(&level) {
            Ok(HeadingLevel(level))
        } else {
            Err(format!("heading level {level} is outside 2..=6"))
        }
    }
}

impl From<HeadingLevel> for u8 {
    fn from(level: HeadingLevel) -> u8 {
        level.0
    }
}

/// One block of the body.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
#[non_exhaustive]
pub enum Block {
    /// The title of a part in an omnibus volume: a new chapter or right-hand page.
    PartTitle(Text),
    /// A section heading.
    Heading {
        /// Outline depth.
        level: HeadingLevel,
        /// The heading text.
        #[serde(flatten)]
        text: Text,
    },
    /// A paragraph of running text.
    Paragraph(Text),
    /// A numbered or bulleted list. An ordered item keeps its own number
    /// (as written) at the start of its text; a bullet is not kept.
    List {
        /// Numbered (true) or bulleted.
        ordered: bool,
        /// The first item's number (1 for bulleted lists).
        start: u32,
        /// The items, each a list of blocks.
        items: Vec<Vec<Block>>,
    },
    /// A quoted passage set off from the text.
    Quote {
        /// What is quoted.
        blocks: Vec<Block>,
    },
    /// A section break (a line of `***`, `---`, `⁂` in the source).
    Break,
    /// A poem: its bayts in order. Each bayt is its hemistichs, the صدر
    /// then the عجز; a hemistich standing alone is a one-part bayt.
    /// Separators between hemistichs or bayts are layout and are not kept.
    Verse {
        /// The bayts, each one or two hemistichs.
        bayts: Vec<Bayt>,
    },
    /// A block of code, line by line as written: set in the monospace face,
    /// left to right, unjustified.
    CodeBlock {
        /// The language the fence named, if any.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        lang: Option<String>,
        /// The lines, joined by `\n`.
        #[serde(flatten)]
        text: Text,
    },
    /// A picture, set on its own between blocks.
    Image(Image),
    /// The essay's notes, as they came at its end. A note cited in the
    /// text (by a [`SpanKind::NoteRef`]) is a footnote; one cited nowhere
    /// stays an endnote.
    Notes {
        /// The heading the notes stood under («الهوامش»), if any.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        heading: Option<Text>,
        /// The notes, in source order.
        notes: Vec<Note>,
    },
}

/// A picture the essay shows: read by the reader, so the tree holds its bytes
/// and backends need no file access.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Image {
    /// The path as written in the source.
    pub src: String,
    /// The words that stand for it when it cannot be seen.
    pub alt: String,
    /// PNG or JPEG.
    pub format: ImageFormat,
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// SHA-256 of the file, in hex, so that a changed picture changes the tree.
    pub sha256: String,
    /// The file's bytes.
    #[serde(skip)]
    pub data: ImageData,
}

/// The formats a picture may come in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ImageFormat {
    /// Portable Network Graphics.
    Png,
    /// JPEG (JFIF or Exif).
    Jpeg,
}

impl ImageFormat {
    /// The media type, for an EPUB manifest.
    pub fn media_type(self) -> &'static str {
        match self {
            ImageFormat::Png => "image/png",
            ImageFormat::Jpeg => "image/jpeg",
        }
    }

    /// The usual file extension.
    pub fn extension(self) -> &'static str {
        match self {
            ImageFormat::Png => "png",
            ImageFormat::Jpeg => "jpg",
        }
    }
}

/// An image file's bytes, shared between the copies of a tree.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct ImageData(pub std::sync::Arc<[u8]>);

impl std::fmt::Debug for ImageData {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "ImageData({} bytes)", self.0.len())
    }
}

/// One bayt of a poem: one or two hemistichs (صدر, عجز).
pub type Bayt = Vec<Text>;

/// One note of a [`Block::Notes`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Note {
    /// The number markers cite it by.
    pub number: u32,
    /// Its marker as written at the start of the note («(1)», «١-»).
    pub marker: String,
    /// The note itself, without its marker.
    #[serde(flatten)]
    pub text: Text,
}

impl Block {
    /// A paragraph of plain text.
    pub fn paragraph(text: impl Into<String>) -> Block {
        Block::Paragraph(Text::plain(text))
    }

    /// A section heading (level 2) of plain text.
    pub fn heading(text: impl Into<String>) -> Block {
        Block::Heading { level: HeadingLevel::SECTION, text: Text::plain(text) }
    }

    /// The text this block holds itself (not its children's), if it holds one piece.
    pub fn own_text(&self) -> Option<&Text> {
        match self {
            Block::PartTitle(text)
            | Block::Heading { text, .. }
            | Block::Paragraph(text)
            | Block::CodeBlock { text, .. } => Some(text),
            Block::List { .. }
            | Block::Quote { .. }
            | Block::Break
            | Block::Verse { .. }
            | Block::Image(_)
            | Block::Notes { .. } => None,
        }
    }

    /// Every piece of text this block holds itself (not its children's):
    /// one for a paragraph, each hemistich of a poem, a notes heading and each note.
    pub fn own_texts(&self) -> Vec<&Text> {
        match self {
            Block::Verse { bayts } => bayts.iter().flatten().collect(),
            Block::Notes { heading, notes } => heading.iter().chain(notes.iter().map(|note| &note.text)).collect(),
            _ => self.own_text().into_iter().collect(),
        }
    }

    /// The blocks nested directly inside this one, in reading order.
    pub fn children(&self) -> Vec<&Block> {
        match self {
            Block::List { items, .. } => items.iter().flatten().collect(),
            Block::Quote { blocks } => blocks.iter().collect(),
            _ => Vec::new(),
        }
    }
}

/// Visits every block in reading order, parents before their children,
/// with its nesting depth (0 for top-level blocks).
pub fn walk<'a>(blocks: &'a [Block], visit: &mut impl FnMut(&'a Block, usize)) {
    fn go<'a>(block: &'a Block, depth: usize, visit: &mut impl FnMut(&'a Block, usize)) {
        visit(block, depth);
        for child in block.children() {
            go(child, depth + 1, visit);
        }
    }
    for block in blocks {
        go(block, 0, visit);
    }
}

/// The tree as `--to json` writes it: a schema version, then the document.
#[derive(Serialize)]
struct VersionedTree<'a> {
    version: u32,
    #[serde(flatten)]
    document: &'a Document,
}

impl Document {
    /// How to name the part: the title's own words, else "Part 13" or «الجزء ١٣».
    pub fn part_label(&self) -> Option<String> {
        let part = self.meta.part?;
        if let Some(label) = &self.meta.part_label {
            return Some(label.clone());
        }
        Some(match self.meta.direction {
            Direction::Rtl => format!("الجزء {}", arabic_indic_digits(part)),
            Direction::Ltr => format!("Part {part}"),
        })
    }

    /// Every piece of text in the body, nested or not, in reading order.
    pub fn texts(&self) -> Vec<&Text> {
        let mut texts = Vec::new();
        walk(&self.blocks, &mut |block, _| texts.extend(block.own_texts()));
        texts
    }

    /// Words in the body.
    pub fn word_count(&self) -> usize {
        self.texts().iter().map(|text| text.text.split_whitespace().count()).sum()
    }

    /// The tree as pretty-printed JSON, with its schema version.
    pub fn to_json(&self) -> serde_json::Result<Vec<u8>> {
        serde_json::to_vec_pretty(&VersionedTree { version: TREE_VERSION, document: self })
    }

    /// A SHA-256 of the whole tree: the same essay, the same fingerprint.
    pub fn fingerprint(&self) -> [u8; 32] {
        let bytes = serde_json::to_vec(&VersionedTree { version: TREE_VERSION, document: self }).unwrap_or_default();
        Sha256::digest(bytes).into()
    }
}

/// Writes a number with Arabic-Indic digits (١٣ for 13).
pub fn arabic_indic_digits(number: u32) -> String {
    number
        .to_string()
        .chars()
        .map(|digit| char::from_u32(0x0660 + digit.to_digit(10).unwrap_or(0)).unwrap_or(digit))
        .collect()
}

/// Splits an ordered list item's own number (or letter) off its text:
/// «٣- نص» → («٣-», «نص»), «ب) نص» → («ب)», «نص»). Backends hang the
/// marker; the text keeps it as written.
pub fn split_item_number(text: &str) -> Option<(&str, &str)> {
    let trimmed = text.trim_start();
    let mut digits = trimmed.find(|c: char| !c.is_numeric()).unwrap_or(trimmed.len());
    if digits == 0 {
        // A single letter numbering the item: «أ-», "b)".
        let letter = trimmed.chars().next()?;
        let after = &trimmed[letter.len_utf8()..];
        if !letter.is_alphabetic() || after.chars().next().is_some_and(char::is_alphabetic) {
            return None;
        }
        digits = letter.len_utf8();
    }
    if digits > 12 {
        return None;
    }
    let rest = &trimmed[digits..];
    let after_space = rest.trim_start_matches([' ', '\u{a0}']);
    let mut chars = after_space.chars();
    let punct = chars.next().filter(|c| matches!(c, '.' | '-' | ')' | 'ـ' | '–' | '—' | '/' | ':' | '٫'))?;
    let marker_end = trimmed.len() - after_space.len() + punct.len_utf8();
    let body = trimmed[marker_end..].trim_start();
    if body.is_empty() {
        return None;
    }
    Some((&trimmed[..marker_end], body))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arabic_indic_digits_cover_every_digit() {
        assert_eq!(arabic_indic_digits(1234567890), "١٢٣٤٥٦٧٨٩٠");
    }

    #[test]
    fn block_types_have_their_json_names() {
        let blocks = vec![
            Block::PartTitle("الجزء الأول".into()),
            Block::heading("قسم"),
            Block::paragraph("نص"),
            Block::List { ordered: true, start: 3, items: vec![vec![Block::paragraph("٣- بند")]] },
            Block::Quote { blocks: vec![Block::paragraph("«قول»")] },
            Block::Break,
            Block::Verse { bayts: vec![vec!["صدر".into(), "عجز".into()], vec!["شطر".into()]] },
            Block::Notes {
                heading: Some("الهوامش".into()),
                notes: vec![Note { number: 1, marker: "(1)".into(), text: "مصدر".into() }],
            },
        ];
        let json = serde_json::to_value(&blocks).unwrap();
        let types: Vec<&str> = json.as_array().unwrap().iter().map(|b| b["type"].as_str().unwrap()).collect();
        assert_eq!(types, ["part_title", "heading", "paragraph", "list", "quote", "break", "verse", "notes"]);
        assert_eq!(json[6]["bayts"][0][1]["text"], "عجز");
        assert_eq!(json[7]["notes"][0]["number"], 1);
        assert_eq!(json[7]["notes"][0]["text"], "مصدر");
        assert_eq!(json[1]["level"], 2);
        assert_eq!(json[1]["text"], "قسم");
        assert_eq!(json[3]["start"], 3);
        assert_eq!(json[3]["items"][0][0]["text"], "٣- بند");
        assert_eq!(serde_json::from_value::<Vec<Block>>(json).unwrap(), blocks);
    }

    #[test]
    fn walk_reaches_nested_text() {
        let document = Document {
            meta: Meta {
                title: "t".into(),
                subtitle: None,
                author: None,
                series: None,
                part: None,
                part_label: None,
                lang: "ar".into(),
                direction: Direction::Rtl,
                date: None,
                identifier: None,
                cover: None,
            },
            blocks: vec![
                Block::paragraph("one two"),
                Block::Quote { blocks: vec![Block::paragraph("three")] },
                Block::List { ordered: false, start: 1, items: vec![vec![Block::paragraph("four five")]] },
                Block::Break,
            ],
        };
        assert_eq!(document.word_count(), 5);
        let mut other = document.clone();
        other.blocks.pop();
        assert_ne!(document.fingerprint(), other.fingerprint());
    }

    #[test]
    fn item_numbers_split_in_every_digit_system() {
        assert_eq!(split_item_number("1. first"), Some(("1.", "first")));
        assert_eq!(split_item_number("١٢ ـ بند"), Some(("١٢ ـ", "بند")));
        assert_eq!(split_item_number("3) third"), Some(("3)", "third")));
        assert_eq!(split_item_number("1983 was a year"), None);
        assert_eq!(split_item_number("ب- بند"), Some(("ب-", "بند")));
        assert_eq!(split_item_number("أولاً: بند"), None);
    }
}
