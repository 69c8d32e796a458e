//! Notes: a note cited in the text (by a [`SpanKind::NoteRef`]) is a
//! footnote, set smaller and placed at the foot of the page that cites it,
//! under a short rule on the reading-start side; what will not fit there
//! continues at the foot of the next page, before that page's own notes. A
//! note cited nowhere stays in its place at the end, an endnote.
//!
//! [`Foot`] is the paginator's ledger of one page's foot: which note lines it
//! holds, how much room they take, and what spills to the next page.

use super::set::{Inline, Inset, SetLine, Setter};
use super::style::Style;
use super::{FaceKind, Page, PlacedLine, Role, Rule};
use crate::backend::pdf::line::Alignment;
use crate::backend::pdf::page::Geometry;
use crate::document::{Block, Document, SpanKind, Text, walk};
use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};

/// The document with its notes keyed apart part by part. An omnibus joins
/// parts that each number their notes from 1, and footnotes are found by
/// number: part two's note 1 would be taken for part one's and never set.
/// Here the notes after the `n`th part title, and the markers citing them,
/// are keyed `n × stride + number` (stride one more than the highest number);
/// what a reader sees, the markers' own text, is unchanged. A document
/// without part titles (or one whose keys would overflow) is left as it is.
pub fn keyed_by_part(document: &Document) -> Cow<'_, Document> {
    let mut highest = 0;
    let mut parts = 0u32;
    walk(&document.blocks, &mut |block, _| match block {
        Block::PartTitle(_) => parts += 1,
        Block::Notes { notes, .. } => highest = notes.iter().map(|note| note.number).fold(highest, u32::max),
        _ => {}
    });
    let Some(stride) = highest.checked_add(1) else { return Cow::Borrowed(document) };
    if parts == 0 || stride.checked_mul(parts).and_then(|top| top.checked_add(stride)).is_none() {
        return Cow::Borrowed(document);
    }
    let mut keyed = document.clone();
    let mut offset = 0;
    for block in &mut keyed.blocks {
        if matches!(block, Block::PartTitle(_)) {
            offset += stride;
        }
        rekey(block, offset);
    }
    Cow::Owned(keyed)
}

/// Adds `offset` to the number of every note in `block` and of every marker citing one.
fn rekey(block: &mut Block, offset: u32) {
    let rekey_text = |text: &mut Text| {
        for span in &mut text.spans {
            if let SpanKind::NoteRef { note } = &mut span.kind {
                *note += offset;
            }
        }
    };
    match block {
        Block::PartTitle(text)
        | Block::Paragraph(text)
        | Block::Heading { text, .. }
        | Block::CodeBlock { text, .. } => rekey_text(text),
        Block::Verse { bayts } => bayts.iter_mut().flatten().for_each(rekey_text),
        Block::Notes { heading, notes } => {
            heading.iter_mut().for_each(rekey_text);
            for note in notes {
                note.number += offset;
                rekey_text(&mut note.text);
            }
        }
        Block::List { items, .. } => items.iter_mut().flatten().for_each(|child| rekey(child, offset)),
        Block::Quote { blocks } => blocks.iter_mut().for_each(|child| rekey(child, offset)),
        Block::Break | Block::Image(_) => {}
    }
}

/// The notes that are footnotes: those that some marker in the text cites.
pub fn footnote_numbers(document: &Document) -> BTreeSet<u32> {
    let mut written = BTreeSet::new();
    let mut cited = BTreeSet::new();
    walk(&document.blocks, &mut |block, _| {
        if let Block::Notes { notes, .. } = block {
            written.extend(notes.iter().map(|note| note.number));
        }
        for text in block.own_texts() {
            for span in &text.spans {
                if let SpanKind::NoteRef { note } = span.kind {
                    cited.insert(note);
                }
            }
        }
    });
    cited.intersection(&written).copied().collect()
}

/// Every footnote set at its size, marker first, ready for the foot of a page.
pub struct Footnotes {
    /// Each footnote's lines, by number.
    pub lines: BTreeMap<u32, Vec<SetLine>>,
    /// The block number of each footnote's lines (after the body's).
    pub blocks: BTreeMap<u32, usize>,
    /// Type size.
    pub size: f32,
    /// Baseline to baseline.
    pub leading: f32,
    /// Room above the first note of a page, the rule in it.
    pub space: f32,
    /// Length of the rule.
    pub rule: f32,
    /// Leading of the running text (a carried note leaves room for some).
    pub text_leading: f32,
}

/// Sets the footnotes among `document`'s notes; their blocks are numbered from `first_block`.
pub fn set_footnotes(
    document: &Document,
    numbers: &BTreeSet<u32>,
    setter: &mut Setter,
    style: &Style,
    first_block: usize,
) -> Footnotes {
    let mut lines = BTreeMap::new();
    walk(&document.blocks, &mut |block, _| {
        if let Block::Notes { notes, .. } = block {
            for note in notes.iter().filter(|note| numbers.contains(&note.number)) {
                lines.entry(note.number).or_insert_with(|| note_lines(setter, style, &note.marker, &note.text));
            }
        }
    });
    let blocks = lines.keys().enumerate().map(|(index, &number)| (number, first_block + index)).collect();
    Footnotes {
        lines,
        blocks,
        size: style.note,
        leading: style.note_leading,
        space: style.note_space,
        rule: style.note_rule,
        text_leading: style.leading,
    }
}

/// A note's lines at the note size: its marker again, then its text, with
/// its spans' faces and links and in its own direction.
pub fn note_lines(setter: &mut Setter, style: &Style, marker: &str, text: &Text) -> Vec<SetLine> {
    let leading = text.text.len() - text.text.trim_start().len();
    let marker = marker.trim();
    let inline = Inline::of(text, leading, false, setter.rtl).shifted(marker.len() + 1);
    let text = format!("{marker} {}", text.text.trim());
    setter.set_text(&text, FaceKind::Regular, style.note, Alignment::Justified, Inset::default(), &inline)
}

/// One page's foot: the note lines it holds, in order, and those owed to
/// the next page. A line is (note number, index among the note's lines).
#[derive(Default)]
pub struct Foot {
    /// Lines on this page.
    lines: Vec<(u32, usize)>,
    /// Lines continued onto the next page.
    carried: Vec<(u32, usize)>,
    /// Notes already given a place.
    placed: BTreeSet<u32>,
    /// A note was split here: no more text fits above it.
    full: bool,
}

impl Foot {
    /// Height the foot takes above the text block's bottom.
    pub fn height(&self, notes: &Footnotes) -> f32 {
        height(self.lines.len(), notes)
    }

    /// Whether a note was split on this page, so no more text goes on it.
    pub fn is_full(&self) -> bool {
        self.full
    }

    /// How many of `lines`, the first with its top at `cursor`, fit on this
    /// page above the foot, with the notes they cite: all but the last of
    /// the notes whole, and at least a line of the last (the rest continues
    /// on the next page, and the page is full).
    pub fn count_fitting(
        &self,
        lines: &[Vec<u32>],
        cursor: f32,
        leading: f32,
        bottom: f32,
        notes: &Footnotes,
    ) -> usize {
        if self.full {
            return 0;
        }
        // As many lines as fit above a foot of `count` note lines.
        let fitting =
            |count: usize| ((cursor - bottom - height(count, notes)) / leading + 1e-3).floor().max(0.0) as usize;
        let mut count = self.lines.len();
        let mut seen = BTreeSet::new();
        for (index, line) in lines.iter().enumerate() {
            let new: Vec<usize> = line
                .iter()
                .filter(|number| !self.placed.contains(number) && seen.insert(**number))
                .filter_map(|number| notes.lines.get(number).map(Vec::len))
                .collect();
            let all: usize = new.iter().sum();
            if index < fitting(count + all) {
                count += all;
                continue;
            }
            return match new.last() {
                Some(&last) if index < fitting(count + all - last + 1) => index + 1,
                _ => index,
            };
        }
        lines.len()
    }

    /// Takes a placed line's new notes onto this page, splitting the last if
    /// it will not fit under `baseline`.
    pub fn take(&mut self, baseline: f32, cites: &[u32], bottom: f32, notes: &Footnotes) {
        for &number in cites {
            let Some(lines) = notes.lines.get(&number) else { continue };
            if !self.placed.insert(number) {
                continue;
            }
            for index in 0..lines.len() {
                let room = baseline - height(self.lines.len() + 1, notes) >= bottom - 0.05;
                if room && !self.full {
                    self.lines.push((number, index));
                } else {
                    self.full = true;
                    self.carried.push((number, index));
                }
            }
        }
    }

    /// Starts the next page's foot with the lines carried over, as many as
    /// leave room for three lines of text on a page from `top` to `bottom`.
    pub fn next_page(&mut self, top: f32, bottom: f32, notes: &Footnotes) {
        self.lines.clear();
        self.full = false;
        let mut carried = std::mem::take(&mut self.carried).into_iter();
        let room = top - bottom - 3.0 * notes.text_leading;
        while carried.len() > 0 && (self.lines.is_empty() || height(self.lines.len() + 1, notes) <= room) {
            self.lines.extend(carried.next());
        }
        self.carried = carried.collect();
        self.full = !self.carried.is_empty();
    }

    /// Whether lines still wait for a page.
    pub fn owes(&self) -> bool {
        !self.carried.is_empty()
    }

    /// Sets this foot's notes on `page`, whose text block starts at `left`:
    /// baselines up from the block's bottom, and the rule above them.
    pub fn place(&self, page: &mut Page, left: f32, geometry: &Geometry, rtl: bool, notes: &Footnotes) {
        let count = self.lines.len();
        if count == 0 {
            return;
        }
        let first = geometry.block_bottom() + (count - 1) as f32 * notes.leading;
        for (index, &(number, line)) in self.lines.iter().enumerate() {
            let Some(set) = notes.lines.get(&number).and_then(|lines| lines.get(line)) else { continue };
            page.lines.push(PlacedLine {
                face: FaceKind::Regular,
                size: notes.size,
                x: left + set.line.left + set.shift,
                baseline: first - index as f32 * notes.leading,
                line: set.line.clone(),
                role: Role::Note,
                block: notes.blocks.get(&number).copied().unwrap_or(usize::MAX),
                notes: vec![number],
                raised: Vec::new(),
                links: Vec::new(),
                langs: Vec::new(),
            });
        }
        let x = if rtl { left + geometry.measure() - notes.rule } else { left };
        let y = first + (notes.leading + notes.space) * 0.45;
        page.rules.push(Rule { x, y, width: notes.rule, thickness: 0.5 });
    }
}

/// Height of a foot of `lines` note lines: the space with its rule, then the lines.
fn height(lines: usize, notes: &Footnotes) -> f32 {
    if lines == 0 { 0.0 } else { notes.space + lines as f32 * notes.leading }
}
