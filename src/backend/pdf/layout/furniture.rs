//! Page furniture: running heads and page numbers. The head names the series
//! (or title), or in an omnibus the part; it is left off the first page,
//! pages that open a part, and blank pages, which get no page number either,
//! nor does a title page (a page holding nothing but the title block).
//! Page numbers are in Arabic-Indic digits for Arabic books.

use super::set::Setter;
use super::style::Style;
use super::{FaceKind, Page, PlacedLine, Role};
use crate::backend::pdf::line::{Alignment, Line};
use crate::backend::pdf::page::Geometry;
use crate::document::{Document, arabic_indic_digits};
use std::collections::HashMap;

/// Adds a running head and a folio to every page that has text.
pub fn add_furniture(
    pages: &mut [Page],
    parts: &[(Option<&str>, bool)],
    document: &Document,
    setter: &mut Setter,
    geometry: &Geometry,
    style: &Style,
) {
    let mut furniture = Furniture::new(document);
    for (index, page) in pages.iter_mut().enumerate() {
        let part = parts.get(index).copied().unwrap_or((None, false));
        furniture.furnish(page, index, part, setter, geometry, style);
    }
}

/// The running heads and folios of a book, page by page: the heads set so
/// far are kept, each set once.
pub struct Furniture {
    book_head: String,
    heads: HashMap<String, (Line, f32)>,
}

impl Furniture {
    /// The furniture of `document`'s pages.
    pub fn new(document: &Document) -> Furniture {
        let book_head = document.meta.series.clone().unwrap_or_else(|| document.meta.title.clone());
        Furniture { book_head, heads: HashMap::new() }
    }

    /// Adds a running head and a folio to page `index` (from 0), in `part`
    /// (its title, and whether it opens there), if it has text.
    pub fn furnish(
        &mut self,
        page: &mut Page,
        index: usize,
        part: (Option<&str>, bool),
        setter: &mut Setter,
        geometry: &Geometry,
        style: &Style,
    ) {
        let rtl = setter.rtl;
        if page.lines.is_empty() && page.pictures.is_empty() {
            return;
        }
        let number = index + 1;
        let left = geometry.left_edge(number, rtl);
        let (part, opens_part) = part;
        let head_text = part.unwrap_or(self.book_head.as_str());
        if number > 1 && !opens_part {
            let (line, size) = self
                .heads
                .entry(head_text.to_string())
                .or_insert_with(|| running_head(setter, head_text, style))
                .clone();
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
                    notes: Vec::new(),
                    raised: Vec::new(),
                    links: Vec::new(),
                    langs: Vec::new(),
                },
            );
        }
        if page.pictures.is_empty() && page.lines.iter().all(|line| line.role == Role::Title) {
            return;
        }
        let digits = if rtl { arabic_indic_digits(number as u32) } else { number.to_string() };
        if let Some(set) = setter.set(&digits, FaceKind::Regular, style.furniture, Alignment::Center, 0.0).pop() {
            page.lines.push(PlacedLine {
                face: FaceKind::Regular,
                size: style.furniture,
                x: left + set.line.left,
                baseline: geometry.bottom * 0.5,
                line: set.line,
                role: Role::Folio,
                block: usize::MAX,
                notes: Vec::new(),
                raised: Vec::new(),
                links: Vec::new(),
                langs: Vec::new(),
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
    let line =
        lines.into_iter().next().map(|set| set.line).unwrap_or_else(|| Line::blank(0.0, Alignment::Center, setter.rtl));
    (line, size)
}
