//! Front matter of an omnibus volume: its title page, set in the optical
//! centre of the page, and the printed contents (الفهرس) on their own pages
//! after it, before the first part.
//!
//! A document is an omnibus when it holds [`Block::PartTitle`]s (that is
//! what `series::omnibus` builds, and nothing else does). The contents list
//! every part and its sections with the page each starts on, in the book's
//! own digits, leader dots between title and number (for an Arabic book the
//! title on the right, the number on the left). They are inserted after
//! pagination, as an even number of pages (a blank one pads them), so every
//! part still opens on a right-hand (odd) page; the outline and the numbers
//! in the contents are counted after the insertion.

use super::set::{Inset, SetLine, Setter};
use super::style::Style;
use super::{Bookmark, FaceKind, Page, PlacedLine, Role};
use crate::backend::pdf::line::{Alignment, Line, PlacedGlyph};
use crate::backend::pdf::page::Geometry;
use crate::document::{Block, Document, arabic_indic_digits};

/// The leader's character.
const LEADER: &str = ".";

/// Whether a document is an omnibus volume: it holds part titles.
pub fn is_omnibus(document: &Document) -> bool {
    document.blocks.iter().any(|block| matches!(block, Block::PartTitle(_)))
}

/// The heading of the contents in the book's language.
pub fn contents_heading(lang: &str) -> &'static str {
    if lang.starts_with("ar") { "الفهرس" } else { "Contents" }
}

/// Moves the title block of the first page down to the optical centre of the
/// text block (a little above the middle), as a title page is set.
pub fn centre_title_page(page: &mut Page, geometry: &Geometry) {
    let Some(last) = page.lines.iter().rfind(|line| line.role == Role::Title) else { return };
    let top = geometry.block_top();
    let depth = top - last.baseline + last.size * 0.4;
    let room = top - geometry.block_bottom() - depth;
    if room <= 0.0 {
        return;
    }
    let drop = room * 0.4;
    for line in page.lines.iter_mut().filter(|line| line.role == Role::Title) {
        line.baseline -= drop;
    }
}

/// A page number in the book's digits.
fn folio(number: usize, rtl: bool) -> String {
    if rtl { arabic_indic_digits(number as u32) } else { number.to_string() }
}

/// One entry of the contents, set: its lines and where each sits (page of the
/// contents, baseline).
struct Entry {
    lines: Vec<(SetLine, usize, f32)>,
    face: FaceKind,
}

/// Inserts the contents before the first part: `pages`, the `parts` each page
/// belongs to (for the running heads) and the `bookmarks` all move on by the
/// pages inserted. Does nothing when no page opens a part. Returns how many
/// pages were inserted.
pub fn insert_contents<'a>(
    pages: &mut Vec<Page>,
    bookmarks: &mut [Bookmark],
    parts: &mut Vec<(Option<&'a str>, bool)>,
    heading: &'a str,
    setter: &mut Setter,
    geometry: &Geometry,
    style: &Style,
) -> usize {
    let Some(at) = parts.iter().position(|&(_, opens)| opens) else { return 0 };
    let Some(first_block) = pages.get(at).and_then(|page| page.lines.first()).map(|line| line.block) else {
        return 0;
    };
    let rtl = setter.rtl;
    let (top, bottom) = (geometry.block_top(), geometry.block_bottom());

    // The heading, set as a part's title is.
    let heading_leading = style.part_title * style.display_leading;
    let mut cursor = top - style.part_space;
    let heading_lines: Vec<(SetLine, f32)> = setter
        .set(heading, FaceKind::Bold, style.part_title, Alignment::Center, 0.0)
        .into_iter()
        .map(|line| {
            cursor -= heading_leading;
            (line, cursor)
        })
        .collect();
    cursor -= style.text_space - style.leading;

    // The entries, narrower than the measure by the number column and a
    // leader; sections indented under their part.
    let widest = folio(pages.len() + bookmarks.len() + 2, rtl);
    let column =
        setter.set(&widest, FaceKind::Bold, style.body, Alignment::Start, 0.0).first().map_or(0.0, |s| s.line.width);
    let leader_room = style.body * 2.5;
    let mut page = 0;
    let mut entries = Vec::with_capacity(bookmarks.len());
    for (index, bookmark) in bookmarks.iter().enumerate() {
        let (face, start) = if bookmark.level <= 1 { (FaceKind::Bold, 0.0) } else { (FaceKind::Regular, style.indent) };
        let inset = Inset { start, end: column + leader_room, first: 0.0 };
        let lines = setter.set_inset(&bookmark.title, face, style.body, Alignment::Start, inset);
        let space = if bookmark.level <= 1 && index > 0 { style.leading * 0.5 } else { 0.0 };
        if cursor - space - style.leading * (lines.len() as f32) < bottom && cursor < top {
            page += 1;
            cursor = top;
        } else {
            cursor -= space;
        }
        let placed = lines
            .into_iter()
            .map(|line| {
                cursor -= style.leading;
                (line, page, cursor)
            })
            .collect();
        entries.push(Entry { lines: placed, face });
    }
    let used = page + 1;
    let inserted = used + used % 2;

    // Everything after the contents is numbered one element further on.
    let shift = bookmarks.len() + 1;
    for line in pages.iter_mut().flat_map(|page| page.lines.iter_mut()) {
        if line.block != usize::MAX && line.block >= first_block {
            line.block += shift;
        }
    }
    for picture in pages.iter_mut().flat_map(|page| page.pictures.iter_mut()) {
        if picture.block >= first_block {
            picture.block += shift;
        }
    }

    let mut contents = vec![Page::default(); inserted];
    let left_of = |page: usize| geometry.left_edge(at + page + 1, rtl);
    for (set, baseline) in heading_lines {
        contents[0].lines.push(PlacedLine {
            face: FaceKind::Bold,
            size: style.part_title,
            x: left_of(0) + set.line.left + set.shift,
            baseline,
            line: set.line,
            role: Role::ContentsHeading,
            block: first_block,
            notes: Vec::new(),
            raised: Vec::new(),
            links: Vec::new(),
            langs: Vec::new(),
        });
    }
    let measure = geometry.measure();
    for (index, (entry, bookmark)) in entries.into_iter().zip(bookmarks.iter()).enumerate() {
        let block = first_block + 1 + index;
        let count = entry.lines.len();
        for (line_index, (set, page, baseline)) in entry.lines.into_iter().enumerate() {
            let left = left_of(page);
            let placed = PlacedLine {
                face: entry.face,
                size: style.body,
                x: left + set.line.left + set.shift,
                baseline,
                line: set.line,
                role: Role::Contents,
                block,
                notes: Vec::new(),
                raised: Vec::new(),
                links: Vec::new(),
                langs: Vec::new(),
            };
            if line_index + 1 < count {
                contents[page].lines.push(placed);
                continue;
            }
            let digits = folio(bookmark.page + inserted + 1, rtl);
            let Some(number) = setter.set(&digits, entry.face, style.body, Alignment::Start, 0.0).pop() else {
                contents[page].lines.push(placed);
                continue;
            };
            let number_x = if rtl { left } else { left + measure - number.line.width };
            let gap = style.body * 0.4;
            let (from, to) = if rtl {
                (number_x + number.line.width + gap, placed.x - gap)
            } else {
                (placed.right() + gap, number_x - gap)
            };
            let leader = leader_line(setter, style, left, from, to, entry.face);
            let number = PlacedLine {
                face: entry.face,
                size: style.body,
                x: number_x,
                baseline,
                line: number.line,
                role: Role::Contents,
                block,
                notes: Vec::new(),
                raised: Vec::new(),
                links: Vec::new(),
                langs: Vec::new(),
            };
            let lines = &mut contents[page].lines;
            lines.push(placed);
            lines.extend(leader.map(|line| PlacedLine { baseline, ..line }));
            lines.push(number);
        }
    }

    for bookmark in bookmarks.iter_mut().filter(|b| b.page >= at) {
        bookmark.page += inserted;
    }
    let owners = (0..inserted).map(|page| (if page < used { Some(heading) } else { None }, page == 0));
    parts.splice(at..at, owners);
    pages.splice(at..at, contents);
    inserted
}

/// Leader dots from `from` to `to` (page coordinates), on a grid that starts
/// at the measure's left edge `left`, so the dots of every entry line up.
/// They give text, so extractors read an entry as one line (without them
/// pdftotext read all the titles, then all the numbers). In a right-to-left
/// book the dot next to the number also carries an ARABIC LETTER MARK: dots
/// are neutral, and pdftotext otherwise took «الجزء ٣ ..... ٩» (a title
/// ending in a number) for one left-to-right run and swapped the numbers.
fn leader_line(
    setter: &mut Setter,
    style: &Style,
    left: f32,
    from: f32,
    to: f32,
    face: FaceKind,
) -> Option<PlacedLine> {
    let pitch = style.body * 0.55;
    let first = ((from - left) / pitch).ceil().max(0.0) as usize;
    let end = ((to - left) / pitch).floor().max(0.0) as usize;
    if end <= first + 1 {
        return None;
    }
    let set = setter.set(LEADER, face, style.body, Alignment::Start, 0.0).pop()?.line;
    let dot = set.glyphs().next()?;
    let centre = (pitch - dot.advance) / 2.0;
    let mut line = Line::blank((end - first) as f32 * pitch, Alignment::Start, setter.rtl);
    for i in 0..end - first {
        line.push(PlacedGlyph {
            x: i as f32 * pitch + centre,
            advance: pitch,
            text: if i == 0 && setter.rtl { ".\u{061C}" } else { "." },
            ..dot
        });
    }
    Some(PlacedLine {
        face,
        size: style.body,
        x: left + first as f32 * pitch,
        baseline: 0.0,
        line,
        role: Role::Leader,
        block: usize::MAX,
        notes: Vec::new(),
        raised: Vec::new(),
        links: Vec::new(),
        langs: Vec::new(),
    })
}
