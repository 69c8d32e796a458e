//! Pagination: set blocks poured onto pages. A heading (or a break) is kept
//! with at least two lines of what follows, running text never leaves a
//! single line at the foot (orphan) or the head (widow) of a page, a short
//! poem is never broken and a long one only between bayts, a part opens on a
//! new right-hand page, and each page keeps room at its foot for the notes
//! its lines cite. Blocks are set as they are needed, and each page is
//! handed on as soon as it is full, so a book is never held whole.

use super::image::{SetPicture, place_pictures};
use super::notes::{Foot, Footnotes};
use super::set::SetBlocks;
use super::{Bookmark, Page, PlacedLine, Role};
use crate::backend::pdf::line::Line;
use crate::backend::pdf::page::Geometry;
use std::collections::BTreeMap;

/// For one page: the title of the part it belongs to (omnibus volumes), and
/// whether the part opens on it.
pub type PagePart = (Option<String>, bool);

/// The page being filled, the part it belongs to, its foot, and where
/// finished pages go.
struct Pages<'n> {
    /// The page being filled.
    page: Page,
    /// Its part.
    part: PagePart,
    /// Its number, from 1.
    number: usize,
    foot: Foot,
    notes: &'n Footnotes,
    geometry: &'n Geometry,
    rtl: bool,
    /// The picture of every picture block taken so far.
    pictures: BTreeMap<usize, SetPicture>,
    /// Where each finished page goes, with its part.
    finished: &'n mut dyn FnMut(Page, PagePart),
}

impl Pages<'_> {
    /// Sets the page's notes at its foot, hands it on, and starts a new page
    /// in `part`, whose foot holds the notes carried over.
    fn turn(&mut self, part: Option<String>) {
        self.close();
        self.advance(part);
    }

    /// Hands on a page whose notes are set, and starts a new page in
    /// `part`, whose foot holds the notes carried over.
    fn advance(&mut self, part: Option<String>) {
        self.hand_on();
        self.part = (part, false);
        self.number += 1;
        let geometry = self.geometry;
        self.foot.next_page(geometry.block_top(), geometry.block_bottom(), self.notes);
    }

    /// Sets the page's notes at its foot.
    fn close(&mut self) {
        let left = self.geometry.left_edge(self.number, self.rtl);
        self.foot.place(&mut self.page, left, self.geometry, self.rtl, self.notes);
    }

    /// Puts the page's pictures in place and hands it on.
    fn hand_on(&mut self) {
        place_pictures(&mut self.page, &self.pictures);
        (self.finished)(std::mem::take(&mut self.page), std::mem::take(&mut self.part));
    }

    /// The lowest a line of text may sit on the last page: above its notes.
    fn floor(&self) -> f32 {
        self.geometry.block_bottom() + self.foot.height(self.notes)
    }
}

/// Pours set blocks onto pages, with the footnotes their lines cite at the
/// foot of the page, and hands each page to `finished` as soon as it is
/// full, with the part it belongs to (omnibus volumes) and whether a part
/// opens on it. Returns the outline's entries.
/// The blocks' lines are moved onto the pages, not copied: a book's glyphs
/// are held once, and only until their page is handed on.
pub fn paginate(
    blocks: &mut SetBlocks,
    notes: &Footnotes,
    geometry: &Geometry,
    rtl: bool,
    finished: &mut dyn FnMut(Page, PagePart),
) -> Vec<Bookmark> {
    let mut book = Pages {
        page: Page::default(),
        part: (None, false),
        number: 1,
        foot: Foot::default(),
        notes,
        geometry,
        rtl,
        pictures: BTreeMap::new(),
        finished,
    };
    let mut current_part: Option<String> = None;
    let mut bookmarks = Vec::new();
    let top = geometry.block_top();
    let bottom = geometry.block_bottom();
    let mut cursor = top;
    while let Some((index, mut block)) = blocks.next() {
        if block.opens_part {
            // A part opens on a new right-hand (odd) page; an even page in between stays blank.
            let page_is_empty = book.page.lines.is_empty();
            if !(page_is_empty && book.number % 2 == 1) {
                book.turn(current_part.clone());
                if book.number.is_multiple_of(2) {
                    book.turn(current_part.clone());
                }
            }
            current_part = block.bookmark.as_ref().map(|(title, _)| title.clone());
            book.part = (current_part.clone(), true);
            cursor = top;
        }
        let at_top = cursor >= top;
        let space = if at_top && !block.opens_part { 0.0 } else { block.space_before };
        // How much must fit here: a heading (or title) with two lines of what
        // follows; a short poem whole.
        let mut needed = space + block.leading * block.lines.len() as f32;
        if block.keep_with_next {
            if let Some(next) = blocks.find_ahead(|b| !b.keep_with_next) {
                needed += next.space_before + next.leading * next.lines.len().min(2) as f32;
            }
        } else if !block.keep_together {
            needed = space + block.leading * block.lines.len().min(2) as f32;
        }
        let page_full = book.foot.is_full() || cursor - needed < book.floor();
        if page_full && !at_top && block.role != Role::Title {
            book.turn(current_part.clone());
            cursor = top;
        } else {
            cursor -= space;
        }
        if let Some((title, level)) = &block.bookmark {
            let page = book.number - 1;
            bookmarks.push(Bookmark { title: title.clone(), level: *level, page, top: cursor });
        }
        let guarded = matches!(block.role, Role::Body | Role::ListItem | Role::Quote | Role::Verse | Role::Note);
        let (face, size, leading, role) = (block.face, block.size, block.leading, block.role);
        if let Some(picture) = block.picture.take() {
            book.pictures.insert(index, picture);
        }
        let lines = std::mem::take(&mut block.lines);
        let notes_of: Vec<Vec<u32>> = lines.iter().map(|set| set.notes.clone()).collect();
        let keeps: Vec<bool> = lines.iter().map(|set| set.keep_with_next).collect();
        let mut lines = lines.into_iter();
        let mut at = 0;
        while lines.len() > 0 {
            let left_over = lines.len();
            let fits = book.foot.count_fitting(&notes_of[at..], cursor, leading, bottom, notes);
            let mut take = lines_to_take(left_over, fits, guarded);
            // A stacked bayt stays on one page.
            while take > 0 && take < left_over && keeps[at + take - 1] {
                take -= 1;
            }
            if take == 0 && cursor >= top {
                take = fits.max(1).min(left_over); // a page too short for the rules
            }
            for set in lines.by_ref().take(take) {
                cursor -= leading;
                let left = geometry.left_edge(book.number, rtl);
                let page = &mut book.page;
                let placed = |line: Line, shift: f32, role: Role| PlacedLine {
                    face,
                    size,
                    x: left + line.left + shift,
                    baseline: cursor,
                    line,
                    role,
                    block: index,
                    notes: Vec::new(),
                    raised: Vec::new(),
                    links: Vec::new(),
                    langs: Vec::new(),
                };
                if let Some((marker, shift)) = set.marker {
                    page.lines.push(placed(marker, shift, Role::Marker));
                }
                book.foot.take(cursor, &set.notes, bottom, notes);
                page.lines.push(PlacedLine {
                    notes: set.notes,
                    raised: set.raised,
                    links: set.links,
                    langs: set.langs,
                    ..placed(set.line, set.shift, role)
                });
                if let Some((beside, shift)) = set.beside {
                    page.lines.push(placed(beside, shift, role));
                }
            }
            at += take;
            if lines.len() > 0 {
                book.turn(current_part.clone());
                cursor = top;
            }
        }
    }
    book.close();
    while book.foot.owes() {
        // Notes carried past the text's last page: a page of notes alone.
        book.advance(current_part.clone());
        book.close();
    }
    book.hand_on();
    bookmarks
}

/// How many of a paragraph's `left` lines to set on a page with room for `fits`:
/// never one line alone at the foot, never one alone at the head of the next page.
pub fn lines_to_take(left: usize, fits: usize, guard: bool) -> usize {
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
