//! Layout: the document tree → pages of positioned lines, all in points, with
//! no PDF in sight. Tests assert on this directly. Pages are handed on one
//! at a time as they are filled ([`lay_out_each`]), so a book's glyphs are
//! never all held at once.
//!
//! One module a step: [`style`] (every size and space), [`set`] (blocks →
//! lines), [`paginate`] (lines → pages, with the keep rules),
//! [`verse`] (a poem's bayts in two halves), [`notes`] (footnotes at the
//! foot of the page that cites them, endnotes), [`image`] (pictures scaled
//! to the measure, kept whole), [`front_matter`] (an
//! omnibus's title page and printed contents) and [`furniture`] (running
//! heads and folios).

mod front_matter;
mod furniture;
mod image;
mod notes;
mod paginate;
mod set;
pub mod style;
mod verse;

pub use image::{MAX_DPI, PlacedPicture};
pub use style::Style;

use super::kashida::Justify;
use super::line::Line;
use super::page::{Geometry, Paper};
use crate::document::{Direction, Document, Meta};
use crate::fonts::Typefaces;
use set::Setter;
use std::collections::BTreeSet;
use std::ops::Range;

/// Which face a line is set in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FaceKind {
    /// The regular face.
    Regular,
    /// The bold face.
    Bold,
    /// The monospaced face (code blocks).
    Mono,
}

impl FaceKind {
    /// The font style of the line's running text.
    pub fn style(self) -> crate::fonts::Style {
        match self {
            FaceKind::Regular => crate::fonts::Style::Regular,
            FaceKind::Bold => crate::fonts::Style::Bold,
            FaceKind::Mono => crate::fonts::Style::Mono,
        }
    }
}

/// What a line is, for tests and for the outline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Role {
    /// The title block on the first page.
    Title,
    /// The title of a part in an omnibus volume (a level-1 heading).
    PartTitle,
    /// A section heading.
    Heading,
    /// Running text.
    Body,
    /// The text of a list item.
    ListItem,
    /// A list item's number or bullet, hanging beside its first line.
    Marker,
    /// Quoted text, inset on both sides.
    Quote,
    /// The ornament of a section break.
    Ornament,
    /// The running head at the top of the page.
    RunningHead,
    /// The page number.
    Folio,
    /// The heading of an omnibus's printed contents.
    ContentsHeading,
    /// An entry of the printed contents: a title line or its page number.
    Contents,
    /// The leader dots between a contents entry and its page number.
    Leader,
    /// A hemistich of a poem (a bayt's صدر and عجز are two lines on one row).
    Verse,
    /// A note: at the foot of the page that cites it, or among the endnotes.
    Note,
    /// A picture's row while pages are filled (it becomes a [`PlacedPicture`]).
    Figure,
    /// A line of a code block.
    Code,
}

/// Glyphs of a line drawn smaller and raised: a footnote marker in the text.
#[derive(Debug, Clone, PartialEq)]
pub struct Superscript {
    /// Byte range, in the line's paragraph, of the characters drawn so.
    pub clusters: Range<usize>,
    /// Their size as a share of the line's.
    pub scale: f32,
    /// How far their baseline is raised, in points.
    pub rise: f32,
}

/// A link over some of a line's glyphs.
#[derive(Debug, Clone, PartialEq)]
pub struct Link {
    /// Byte range, in the line's paragraph, of the linked characters.
    pub clusters: Range<usize>,
    /// Where it leads.
    pub url: String,
}

/// Words of a line in another language than the book's, as the source
/// marked them.
#[derive(Debug, Clone, PartialEq)]
pub struct Language {
    /// Byte range, in the line's paragraph, of their characters.
    pub clusters: Range<usize>,
    /// Their BCP 47 language tag.
    pub lang: String,
}

/// Where a link is clickable on a page: one box a stretch of its glyphs that
/// sit side by side (a link broken across lines, or across runs of two
/// directions, has several).
#[derive(Debug, Clone, PartialEq)]
pub struct LinkBox {
    /// Where it leads.
    pub url: String,
    /// Left, bottom, right, top, in points from the page's bottom-left corner.
    pub rect: [f32; 4],
}

/// A horizontal rule: the separator above a page's footnotes.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rule {
    /// Left end, from the page's left edge.
    pub x: f32,
    /// Height of its middle, from the page's bottom edge.
    pub y: f32,
    /// Length.
    pub width: f32,
    /// Thickness.
    pub thickness: f32,
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
    /// Which block of the book it belongs to (the set blocks are numbered in
    /// reading order, footnotes after them from a number far above any
    /// body's; furniture has `usize::MAX`).
    pub block: usize,
    /// The notes this line cites, in order; for a [`Role::Note`] line, the
    /// note it belongs to.
    pub notes: Vec<u32>,
    /// Footnote markers in it, drawn as superscripts.
    pub raised: Vec<Superscript>,
    /// Links over its glyphs.
    pub links: Vec<Link>,
    /// Words in another language.
    pub langs: Vec<Language>,
}

/// How far a link's box reaches above and below the baseline, in em.
const LINK_ASCENT: f32 = 0.9;
const LINK_DESCENT: f32 = 0.35;

impl PlacedLine {
    /// Right end of the line on the page.
    pub fn right(&self) -> f32 {
        self.x + self.line.width
    }

    /// The boxes of its links: each stretch of neighbouring glyphs (in
    /// visual order) whose characters a link covers.
    pub fn link_boxes(&self) -> Vec<LinkBox> {
        let mut boxes = Vec::new();
        let (bottom, top) = (self.baseline - LINK_DESCENT * self.size, self.baseline + LINK_ASCENT * self.size);
        for link in &self.links {
            let mut open: Option<(f32, f32)> = None;
            for glyph in self.line.glyphs() {
                if link.clusters.contains(&glyph.cluster) {
                    let (left, right) = (glyph.x, glyph.x + glyph.advance);
                    open = Some(open.map_or((left, right), |(l, r)| (l.min(left), r.max(right))));
                } else if let Some((left, right)) = open.take() {
                    boxes.push(LinkBox { url: link.url.clone(), rect: [self.x + left, bottom, self.x + right, top] });
                }
            }
            if let Some((left, right)) = open {
                boxes.push(LinkBox { url: link.url.clone(), rect: [self.x + left, bottom, self.x + right, top] });
            }
        }
        boxes
    }
}

/// One page.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Page {
    /// Lines in reading order.
    pub lines: Vec<PlacedLine>,
    /// Rules drawn on it.
    pub rules: Vec<Rule>,
    /// Pictures drawn on it, in reading order.
    pub pictures: Vec<PlacedPicture>,
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
    /// The pages (none from [`lay_out_each`], which hands each on).
    pub pages: Vec<Page>,
    /// Headings, for the outline.
    pub bookmarks: Vec<Bookmark>,
    /// Characters the fonts have no glyph for.
    pub missing: BTreeSet<char>,
    /// Title, author, language and direction, for the PDF's metadata.
    pub meta: Meta,
}

/// Names a character the faces cannot draw, for the warning: the character,
/// its code point, and what kind of character it is.
pub fn describe_missing(c: char) -> String {
    let kind = match c as u32 {
        0x1F1E6..=0x1F1FF => "a flag letter",
        0x1F000..=0x1FAFF => "an emoji",
        0x2600..=0x26FF => "a miscellaneous symbol",
        0x2700..=0x27BF => "a dingbat",
        0x2190..=0x21FF | 0x2B00..=0x2BFF => "an arrow or symbol",
        0x25A0..=0x25FF => "a geometric shape",
        0x2500..=0x259F => "a box-drawing character",
        0x2200..=0x22FF => "a mathematical operator",
        0xE000..=0xF8FF => "a private-use character",
        _ if c.is_alphabetic() => "a letter of another script",
        _ => "a symbol",
    };
    format!("{c} (U+{:04X}) {kind}", c as u32)
}

/// Lays a document out on pages of `paper`, justified with kashida.
pub fn lay_out(document: &Document, faces: &Typefaces, paper: Paper) -> Book {
    lay_out_justified(document, faces, paper, Justify::Kashida)
}

/// Lays a document out on pages of `paper`, justified by `justify`.
pub fn lay_out_justified(document: &Document, faces: &Typefaces, paper: Paper, justify: Justify) -> Book {
    let mut pages = Vec::new();
    let book = lay_out_each(document, faces, paper, justify, |page| pages.push(page));
    Book { pages, ..book }
}

/// Where a book's footnotes are numbered from among its blocks: after any
/// body block (blocks only order the structure tree), and known before the
/// body is set, since pages are handed on as they are filled.
const FIRST_NOTE_BLOCK: usize = usize::MAX / 4;

/// Lays a document out on pages of `paper`, justified by `justify`, and
/// hands each page to `finished`, in order, as soon as it is final: the
/// book is never held whole, only the page being filled (and the blocks
/// set for it). The book returned has no pages. An omnibus's pages are
/// final only once its printed contents are made, after the last.
pub fn lay_out_each(
    document: &Document,
    faces: &Typefaces,
    paper: Paper,
    justify: Justify,
    mut finished: impl FnMut(Page),
) -> Book {
    let document = &*notes::keyed_by_part(document);
    let geometry = Geometry::for_paper(paper);
    let rtl = document.meta.direction == Direction::Rtl;
    let style = Style::for_paper(paper, rtl);
    let setter =
        |missing| Setter { faces, rtl, language: &document.meta.lang, measure: geometry.measure(), justify, missing };
    // Running heads and folios are set as pages are handed on, while the
    // body's setter is busy: they have their own.
    let (mut setter, mut furniture_setter) = (setter(BTreeSet::new()), setter(BTreeSet::new()));
    let numbers = notes::footnote_numbers(document);
    let footnotes = notes::set_footnotes(document, &numbers, &mut setter, &style, FIRST_NOTE_BLOCK);
    let omnibus = front_matter::is_omnibus(document);
    let mut furniture = furniture::Furniture::new(document);
    let (mut held, mut parts, mut count) = (Vec::new(), Vec::new(), 0);
    let mut bookmarks = {
        let depth = geometry.block_top() - geometry.block_bottom();
        let mut blocks = set::SetBlocks::new(document, &mut setter, &style, &numbers, depth);
        let mut next_page = |mut page: Page, part: paginate::PagePart| {
            if omnibus {
                held.push(page);
                parts.push(part);
                return;
            }
            furniture.furnish(&mut page, count, (part.0.as_deref(), part.1), &mut furniture_setter, &geometry, &style);
            count += 1;
            finished(page);
        };
        paginate::paginate(&mut blocks, &footnotes, &geometry, rtl, &mut next_page)
    };
    if omnibus {
        let mut part_titles: Vec<(Option<&str>, bool)> =
            parts.iter().map(|(title, opens)| (title.as_deref(), *opens)).collect();
        if let Some(title_page) = held.first_mut() {
            front_matter::centre_title_page(title_page, &geometry);
        }
        let heading = front_matter::contents_heading(&document.meta.lang);
        front_matter::insert_contents(
            &mut held,
            &mut bookmarks,
            &mut part_titles,
            heading,
            &mut setter,
            &geometry,
            &style,
        );
        furniture::add_furniture(&mut held, &part_titles, document, &mut setter, &geometry, &style);
        held.into_iter().for_each(&mut finished);
    }
    setter.missing.append(&mut furniture_setter.missing);
    Book { geometry, pages: Vec::new(), bookmarks, missing: setter.missing, meta: document.meta.clone() }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fonts::FontSet;

    /// An essay of `count` paragraphs, a few lines each.
    fn essay(count: usize) -> Document {
        let paragraph = "انتقلت صناعة الورق من سمرقند إلى بغداد ثم إلى القاهرة وفاس وشاطبة في الأندلس. ".repeat(4);
        let text = format!("عنوان\n\n{}", vec![paragraph; count].join("\n\n"));
        crate::read::read(text.as_bytes(), &crate::read::ReadOptions::default()).unwrap().document
    }

    #[test]
    fn blocks_are_set_only_as_the_pages_need_them() {
        // Memory (issue 14): a block's lines are held from when it is set
        // until its page is handed on, so the paginator must not set the
        // whole body first.
        let document = essay(200);
        let faces = FontSet::default().typefaces().unwrap();
        let style = Style::for_paper(Paper::A5, true);
        let mut setter = Setter {
            faces: &faces,
            rtl: true,
            language: "ar",
            measure: 300.0,
            justify: Justify::Kashida,
            missing: BTreeSet::new(),
        };
        let footnotes = BTreeSet::new();
        let mut blocks = set::SetBlocks::new(&document, &mut setter, &style, &footnotes, 500.0);
        let mut taken = 0;
        while let Some((index, _)) = blocks.next() {
            assert_eq!(index, taken, "blocks come in reading order");
            taken += 1;
            assert!(blocks.held() <= 1, "{} blocks set ahead of the paginator", blocks.held());
        }
        assert_eq!(taken, 201, "the title and every paragraph");
    }
}
