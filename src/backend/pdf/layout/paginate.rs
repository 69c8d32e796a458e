//! Pagination: set blocks poured onto pages. A heading (or a break) is kept
//! with at least two lines of what follows, running text never leaves a
//! single line at the foot (orphan) or the head (widow) of a page, and a part
//! opens on a new right-hand page.

use super::set::SetBlock;
use super::{Bookmark, Page, PlacedLine, Role};
use crate::backend::pdf::page::Geometry;

/// For one page: the index of the block that opened its part, and whether it opens there.
pub type PagePart = (Option<usize>, bool);

/// Pours set blocks onto pages. Also returns, for every page, the part it
/// belongs to (omnibus volumes) and whether a part opens on it.
/// The blocks' lines are moved onto the pages, not copied: a book's glyphs
/// are held once.
pub fn paginate(blocks: &mut [SetBlock], geometry: &Geometry, rtl: bool) -> (Vec<Page>, Vec<Bookmark>, Vec<PagePart>) {
    let mut pages = vec![Page::default()];
    let mut parts: Vec<PagePart> = vec![(None, false)];
    let mut current_part = None;
    let mut bookmarks = Vec::new();
    let top = geometry.block_top();
    let bottom = geometry.block_bottom();
    let mut cursor = top;
    for index in 0..blocks.len() {
        let block = &blocks[index];
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
        let guarded = matches!(block.role, Role::Body | Role::ListItem | Role::Quote);
        let (face, size, leading, role) = (block.face, block.size, block.leading, block.role);
        let mut lines = std::mem::take(&mut blocks[index].lines).into_iter();
        while lines.len() > 0 {
            let fits = ((cursor - bottom) / leading + 1e-3).floor().max(0.0) as usize;
            let mut take = lines_to_take(lines.len(), fits, guarded);
            if take == 0 && cursor >= top {
                take = fits.max(1).min(lines.len()); // a page too short for the rules
            }
            for set in lines.by_ref().take(take) {
                cursor -= leading;
                let page_number = pages.len();
                let left = geometry.left_edge(page_number, rtl);
                let page = pages.last_mut().expect("there is always a page");
                if let Some((marker, shift)) = set.marker {
                    page.lines.push(PlacedLine {
                        face,
                        size,
                        x: left + marker.left + shift,
                        baseline: cursor,
                        line: marker,
                        role: Role::Marker,
                        block: index,
                    });
                }
                page.lines.push(PlacedLine {
                    face,
                    size,
                    x: left + set.line.left + set.shift,
                    baseline: cursor,
                    line: set.line,
                    role,
                    block: index,
                });
            }
            if lines.len() > 0 {
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
