//! The omnibus volume: every part of a series in one document. Each part
//! opens with a [`Block::PartTitle`] (its title line); backends turn those into
//! new chapters (EPUB) or new right-hand pages with their own running heads
//! and a nested outline (PDF).

use crate::document::{Block, Document, Meta};

/// Joins `parts` (in reading order) under the series title.
pub fn omnibus(parts: &[&Document], title: &str, author: Option<&str>) -> Document {
    let first = &parts[0].meta;
    let author = author.map(str::to_string).or_else(|| {
        let shared = first.author.clone();
        parts.iter().all(|p| p.meta.author == shared).then_some(shared).flatten()
    });
    let mut blocks = Vec::with_capacity(parts.iter().map(|p| p.blocks.len() + 1).sum());
    for part in parts {
        blocks.push(Block::PartTitle(part.meta.title.as_str().into()));
        blocks.extend(part.blocks.iter().cloned());
    }
    Document {
        meta: Meta {
            title: title.to_string(),
            subtitle: None,
            author,
            series: None,
            part: None,
            part_label: None,
            lang: first.lang.clone(),
            direction: first.direction,
        },
        blocks,
    }
}
