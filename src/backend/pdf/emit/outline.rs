//! The document outline (bookmarks): one entry per heading; in an omnibus,
//! sections nest under their part. Built in one pass with a stack of open
//! parents, so it is linear in the number of headings.

use crate::backend::pdf::layout::Bookmark;
use pdf_writer::{Pdf, Ref, TextStr};

/// Where one entry sits in the outline tree (indices into the bookmarks).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct Links {
    pub parent: Option<usize>,
    pub prev: Option<usize>,
    pub next: Option<usize>,
    pub first: Option<usize>,
    pub last: Option<usize>,
    pub children: usize,
}

/// The tree links of every entry, and the top-level entries' first and last.
/// The parent of an entry is the last entry of a lower level before it.
pub(super) fn link(bookmarks: &[Bookmark]) -> (Vec<Links>, Option<(usize, usize)>) {
    let mut links = vec![Links::default(); bookmarks.len()];
    let top_level = bookmarks.iter().map(|b| b.level).min().unwrap_or(2);
    let mut open: Vec<usize> = Vec::new(); // entries that may still get children, levels rising
    let mut roots: Option<(usize, usize)> = None;
    for (index, bookmark) in bookmarks.iter().enumerate() {
        while open.last().is_some_and(|&o| bookmarks[o].level >= bookmark.level) {
            open.pop();
        }
        let parent = if bookmark.level == top_level { None } else { open.last().copied() };
        let previous = match parent {
            Some(p) => links[p].last,
            None => roots.map(|(_, last)| last),
        };
        links[index].parent = parent;
        links[index].prev = previous;
        if let Some(previous) = previous {
            links[previous].next = Some(index);
        }
        match parent {
            Some(p) => {
                let entry = &mut links[p];
                entry.first.get_or_insert(index);
                entry.last = Some(index);
                entry.children += 1;
            }
            None => roots = Some((roots.map_or(index, |(first, _)| first), index)),
        }
        open.push(index);
    }
    (links, roots)
}

/// Writes the outline under `outline_id`; nothing when there are no headings.
pub(super) fn write_outline(
    pdf: &mut Pdf,
    reference: &mut impl FnMut() -> Ref,
    outline_id: Ref,
    bookmarks: &[Bookmark],
    pages: &[Ref],
) {
    let (links, Some((first, last))) = link(bookmarks) else { return };
    let ids: Vec<Ref> = bookmarks.iter().map(|_| reference()).collect();
    for (index, bookmark) in bookmarks.iter().enumerate() {
        let entry = &links[index];
        let mut item = pdf.outline_item(ids[index]);
        item.title(TextStr(&bookmark.title)).parent(entry.parent.map_or(outline_id, |p| ids[p]));
        if let Some(prev) = entry.prev {
            item.prev(ids[prev]);
        }
        if let Some(next) = entry.next {
            item.next(ids[next]);
        }
        if let (Some(first), Some(last)) = (entry.first, entry.last) {
            item.first(ids[first]).last(ids[last]).count(entry.children as i32);
        }
        if let Some(&page) = pages.get(bookmark.page) {
            item.dest().page(page).xyz(0.0, bookmark.top, None);
        }
    }
    pdf.outline(outline_id).first(ids[first]).last(ids[last]).count(ids.len() as i32);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mark(level: u8) -> Bookmark {
        Bookmark { title: String::new(), level, page: 0, top: 0.0 }
    }

    #[test]
    fn sections_nest_under_their_part_and_siblings_chain() {
        let marks: Vec<Bookmark> = [1, 2, 2, 1, 2].into_iter().map(mark).collect();
        let (links, roots) = link(&marks);
        assert_eq!(roots, Some((0, 3)));
        assert_eq!(
            links[0],
            Links { parent: None, prev: None, next: Some(3), first: Some(1), last: Some(2), children: 2 }
        );
        assert_eq!(links[2].prev, Some(1));
        assert_eq!(links[2].next, None);
        assert_eq!(links[4], Links { parent: Some(3), prev: None, next: None, first: None, last: None, children: 0 });
    }

    #[test]
    fn many_headings_make_one_chain_per_parent() {
        // An omnibus of 1,000 parts with 20 sections each: the old builder
        // scanned every entry for each one; this checks the tree, not the time.
        let levels = (0..1000).flat_map(|_| std::iter::once(1).chain(std::iter::repeat_n(2, 20)));
        let marks: Vec<Bookmark> = levels.map(mark).collect();
        let (links, roots) = link(&marks);
        let (first, last) = roots.unwrap();
        let mut part = Some(first);
        let mut parts = 0;
        while let Some(p) = part {
            parts += 1;
            assert_eq!(marks[p].level, 1);
            assert_eq!(links[p].children, 20);
            let mut child = links[p].first;
            let mut seen = 0;
            while let Some(c) = child {
                assert_eq!(links[c].parent, Some(p));
                seen += 1;
                if links[c].next.is_none() {
                    assert_eq!(links[p].last, Some(c));
                }
                child = links[c].next;
            }
            assert_eq!(seen, 20);
            if links[p].next.is_none() {
                assert_eq!(p, last);
            }
            part = links[p].next;
        }
        assert_eq!(parts, 1000);
    }
}
