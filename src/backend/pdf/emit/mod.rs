//! Emit: the laid-out [`Book`] → PDF bytes, with pdf-writer and subsetter.
//! [`Emitter`] takes pages one at a time as layout finishes them, keeps each
//! only as its deflated content stream, and writes the objects after the last.
//!
//! One file per PDF concern, as typst-pdf keeps them: [`text`] draws lines,
//! [`font`] embeds subset faces with their CIDs, [`outline`] writes the
//! bookmarks, [`link`] the link annotations, [`metadata`] the /Info and XMP,
//! and [`image`] the pictures as image XObjects. This module puts pages, the
//! structure tree and the catalog together.
//!
//! The PDF is tagged: a `Document` of `H1`/`H2`/`P` elements (and a
//! `Figure` with its alt text for each picture) in source order,
//! each pointing at the marked content of its lines; running heads and folios
//! are `/Artifact`s, so copying or searching across a page break skips them.
//! Nothing here reads a clock: the output is a pure function of the book.

mod font;
mod image;
mod link;
mod metadata;
mod outline;
mod text;

use super::layout::{Book, LinkBox, Page, PlacedLine, PlacedPicture, Role};
use crate::document::{Direction, Image};
use crate::fonts::{Style, Typefaces};
use anyhow::Result;
use font::Fonts;
use pdf_writer::types::{ArtifactType, Direction as ReadingDirection, PageLayout, StructRole, SystemInfo};
use pdf_writer::{Content, Filter, Finish, Name, Pdf, Rect, Ref, Str, TextStr};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;

/// What the PDF needs from outside the book.
pub struct EmitOptions {
    /// SOURCE_DATE_EPOCH, if set: the only date that may appear.
    pub source_date_epoch: Option<i64>,
}

const SYSTEM_INFO: SystemInfo = SystemInfo { registry: Str(b"Adobe"), ordering: Str(b"Identity"), supplement: 0 };

/// One block in the structure tree: its role and its marked content, as
/// (page index, MCID) in drawing order.
type TaggedBlock = (StructRole, Vec<(usize, i32)>);

/// The structure role of a line, or `None` for an artifact. The title is the
/// first block; the lines under it (part, subtitle, author) are paragraphs.
fn struct_role(role: Role, block: usize) -> Option<StructRole> {
    match role {
        Role::Title if block == 0 => Some(StructRole::H1),
        Role::Title => Some(StructRole::P),
        Role::PartTitle => Some(StructRole::H1),
        Role::Heading => Some(StructRole::H2),
        Role::Body => Some(StructRole::P),
        // The tree is flat (Document → blocks), so a list item and its
        // number are paragraphs rather than L/LI/Lbl, which need nesting.
        Role::ListItem | Role::Marker => Some(StructRole::P),
        Role::Quote => Some(StructRole::BlockQuote),
        Role::Verse => Some(StructRole::P),
        Role::Note => Some(StructRole::Note),
        Role::Figure => Some(StructRole::Figure),
        Role::Code => Some(StructRole::Code),
        // The printed contents of an omnibus: its heading, and one paragraph
        // per entry (title and page number); the tree is flat, so no TOC/TOCI.
        Role::ContentsHeading => Some(StructRole::H1),
        Role::Contents => Some(StructRole::P),
        Role::Ornament | Role::RunningHead | Role::Folio | Role::Leader => None,
    }
}

/// The page's lines as drawn: the two hemistichs of a bayt on one row
/// become one line, so extractors read صدر, a space, then عجز.
fn rows<'p>(lines: &'p [PlacedLine], fonts: &mut Fonts) -> Vec<std::borrow::Cow<'p, PlacedLine>> {
    let mut drawn = Vec::with_capacity(lines.len());
    let mut index = 0;
    while index < lines.len() {
        let line = &lines[index];
        match lines.get(index + 1) {
            Some(next)
                if line.role == Role::Verse
                    && next.role == Role::Verse
                    && next.block == line.block
                    && next.baseline == line.baseline =>
            {
                let blank = fonts.table(line.face.style()).blank_glyph;
                drawn.push(std::borrow::Cow::Owned(text::join_row(line, next, blank)));
                index += 2;
            }
            _ => {
                drawn.push(std::borrow::Cow::Borrowed(line));
                index += 1;
            }
        }
    }
    drawn
}

/// Serialises a laid-out book.
pub fn emit(book: &Book, faces: &Typefaces, options: &EmitOptions) -> Result<Vec<u8>> {
    let mut emitter = Emitter::new(faces);
    for page in &book.pages {
        emitter.page(page);
    }
    emitter.finish(book, options)
}

/// A page drawn: its content stream, deflated, and what its page object
/// needs once the pages are counted and objects can be numbered.
struct DrawnPage {
    content: Vec<u8>,
    /// The faces it was the first to draw: their fonts are numbered after it.
    started: Vec<Style>,
    /// Its link boxes, each with its block.
    links: Vec<(usize, LinkBox)>,
    /// The pictures it shows.
    pictures: Vec<Image>,
}

/// Draws pages one at a time, as layout finishes them, and puts the PDF
/// together after the last. A page is kept only as its deflated content
/// stream: the glyphs it was drawn from can go as soon as it is drawn. The
/// objects are numbered and written only at the end (every page's object
/// number follows from the page count), in the order a whole book was
/// always written in, so the file is the same either way.
pub struct Emitter<'f> {
    fonts: Fonts<'f>,
    pictures: image::Pictures,
    pages: Vec<DrawnPage>,
    /// Marked content of every block: (page index, MCID), in reading order.
    blocks: BTreeMap<usize, TaggedBlock>,
    /// The picture of each /Figure's block.
    figures: BTreeMap<usize, PlacedPicture>,
    digest: Sha256,
    /// The first page that could not be drawn, and why.
    error: Option<anyhow::Error>,
}

/// The regular and bold fonts' objects, numbered before the pages'.
const FONT_IDS: [Ref; 2] = [Ref::new(8), Ref::new(9)];

impl<'f> Emitter<'f> {
    /// An emitter drawing with `faces`.
    pub fn new(faces: &'f Typefaces) -> Emitter<'f> {
        Emitter {
            fonts: Fonts::new(faces, FONT_IDS[0], FONT_IDS[1]),
            pictures: image::Pictures::default(),
            pages: Vec::new(),
            blocks: BTreeMap::new(),
            figures: BTreeMap::new(),
            digest: Sha256::new(),
            error: None,
        }
    }

    /// How many pages were drawn.
    pub fn page_count(&self) -> usize {
        self.pages.len()
    }

    /// Draws the next page. An error (a font with more than 65535 uses) is
    /// kept for [`Emitter::finish`].
    pub fn page(&mut self, page: &Page) {
        if self.error.is_none()
            && let Err(error) = self.draw(page)
        {
            self.error = Some(error);
        }
    }

    fn draw(&mut self, page: &Page) -> Result<()> {
        let index = self.pages.len();
        self.pictures.gather(&page.pictures);
        let fonts = &mut self.fonts;
        let mut content = Content::new();
        let mut mcid = 0;
        // Pictures are drawn among the lines in reading order (those left, at the end).
        let mut waiting = page.pictures.iter().peekable();
        // Lines share one text object until a picture comes between them:
        // MuPDF guesses each glyph's direction from its first character, and
        // at BT starts again from left to right, so the full stop or harakah
        // that ends a right-to-left line, drawn first, read as left to right
        // and came out at the start of the line's text.
        let mut in_text = false;
        for line in rows(&page.lines, fonts).into_iter().map(Some).chain([None]) {
            let before = |p: &&PlacedPicture| line.as_ref().is_none_or(|l| l.block != usize::MAX && p.block < l.block);
            while let Some(picture) = waiting.next_if(before) {
                if std::mem::take(&mut in_text) {
                    content.end_text();
                }
                if self.pictures.draw(&mut content, picture, mcid) {
                    self.blocks
                        .entry(picture.block)
                        .or_insert_with(|| (StructRole::Figure, Vec::new()))
                        .1
                        .push((index, mcid));
                    self.figures.insert(picture.block, picture.clone());
                    mcid += 1;
                }
            }
            let Some(line) = line else { break };
            let line = line.as_ref();
            if !std::mem::replace(&mut in_text, true) {
                content.begin_text();
            }
            match struct_role(line.role, line.block) {
                Some(role) => {
                    content.begin_marked_content_with_properties(Name(role.to_name().0)).properties().identify(mcid);
                    self.blocks.entry(line.block).or_insert_with(|| (role, Vec::new())).1.push((index, mcid));
                    mcid += 1;
                }
                None => {
                    content
                        .begin_marked_content_with_properties(Name(b"Artifact"))
                        .properties()
                        .artifact()
                        .kind(ArtifactType::Pagination);
                }
            }
            text::draw_line(&mut content, line, fonts)?;
            content.end_marked_content();
        }
        if in_text {
            content.end_text();
        }
        for rule in &page.rules {
            content
                .begin_marked_content_with_properties(Name(b"Artifact"))
                .properties()
                .artifact()
                .kind(ArtifactType::Layout);
            content.rect(rule.x, rule.y - rule.thickness / 2.0, rule.width, rule.thickness);
            content.fill_nonzero();
            content.end_marked_content();
        }
        let started = fonts.started();
        let links = page
            .lines
            .iter()
            .flat_map(|line| line.link_boxes().into_iter().map(move |link| (line.block, link)))
            .collect();
        let content = content.finish();
        self.digest.update(content.as_slice());
        let pictures = page.pictures.iter().map(|picture| picture.image.clone()).collect();
        self.pages.push(DrawnPage { content: deflate(&content)?, started, links, pictures });
        Ok(())
    }

    /// Numbers and writes every object: the pages drawn, then the fonts,
    /// pictures, structure tree, outline and metadata of `book` (whose own
    /// pages, if it kept any, were drawn already).
    pub fn finish(self, book: &Book, options: &EmitOptions) -> Result<Vec<u8>> {
        let Emitter { mut fonts, mut pictures, pages, blocks, figures, mut digest, error } = self;
        if let Some(error) = error {
            return Err(error);
        }
        let mut next = 1;
        let mut reference = || {
            let id = Ref::new(next);
            next += 1;
            id
        };
        let catalog_id = reference();
        let page_tree_id = reference();
        let outline_id = reference();
        let info_id = reference();
        let metadata_id = reference();
        let struct_root_id = reference();
        let document_id = reference();
        let font_ids = [reference(), reference()];
        debug_assert_eq!(font_ids, FONT_IDS);
        let page_ids: Vec<Ref> = pages.iter().map(|_| reference()).collect();
        let content_ids: Vec<Ref> = pages.iter().map(|_| reference()).collect();
        pictures.number(&mut reference);

        let mut pdf = Pdf::new();
        let paper = book.geometry.paper;
        // Link annotations: (block, page index, annotation), in order of their parent-tree keys.
        let mut annotations: Vec<(usize, usize, Ref)> = Vec::new();
        for (index, page) in pages.into_iter().enumerate() {
            for style in page.started {
                fonts.number(style, reference());
            }
            let (link_blocks, links): (Vec<usize>, Vec<LinkBox>) = page.links.into_iter().unzip();
            let link_ids: Vec<Ref> = links.iter().map(|_| reference()).collect();
            let first_key = page_ids.len() + annotations.len();
            annotations.extend(link_blocks.into_iter().zip(&link_ids).map(|(block, &id)| (block, index, id)));
            pdf.stream(content_ids[index], &page.content).filter(Filter::FlateDecode);
            let mut page_writer = pdf.page(page_ids[index]);
            page_writer
                .media_box(Rect::new(0.0, 0.0, paper.width, paper.height))
                .parent(page_tree_id)
                .contents(content_ids[index])
                .struct_parents(index as i32);
            if !link_ids.is_empty() {
                page_writer.annotations(link_ids.iter().copied());
            }
            let mut resources = page_writer.resources();
            let mut named = resources.fonts();
            for (name, id) in fonts.resources() {
                named.pair(Name(name), id);
            }
            named.finish();
            pictures.add_resources(&page.pictures, &mut resources);
            resources.finish();
            page_writer.finish();
            link::write_links(&mut pdf, &links, &link_ids, first_key);
        }
        pdf.pages(page_tree_id).kids(page_ids.iter().copied()).count(page_ids.len() as i32);

        fonts.write(&mut pdf, &mut reference)?;
        pictures.write(&mut pdf, &mut reference)?;

        let figures = figures.iter().map(|(&block, picture)| (block, picture)).collect();
        let tagged = Tagged { blocks: &blocks, figures: &figures, links: &annotations };
        write_structure(&mut pdf, &mut reference, struct_root_id, document_id, &tagged, &page_ids, book);
        outline::write_outline(&mut pdf, &mut reference, outline_id, &book.bookmarks, &page_ids);
        metadata::write_info(&mut pdf, info_id, &book.meta, options);
        let xmp = metadata::xmp_packet(&book.meta, options);
        pdf.metadata(metadata_id, xmp.as_bytes());

        let mut catalog = pdf.catalog(catalog_id);
        catalog.pages(page_tree_id).metadata(metadata_id).lang(TextStr(&book.meta.lang));
        catalog.pair(Name(b"StructTreeRoot"), struct_root_id);
        catalog.mark_info().marked(true);
        if !book.bookmarks.is_empty() {
            catalog.outlines(outline_id);
        }
        // Facing pages as the book is bound. An Arabic book's odd pages are bound
        // on their right (see `Geometry::left_edge`): read right to left, they are
        // the left-hand page of each spread, so odd pages go on the left
        // (/TwoPageLeft) with /Direction /R2L; a Latin book's odd pages are
        // right-hand pages (/TwoPageRight).
        if book.meta.direction == Direction::Rtl {
            catalog.page_layout(PageLayout::TwoPageLeft);
            catalog.viewer_preferences().direction(ReadingDirection::R2L);
        } else {
            catalog.page_layout(PageLayout::TwoPageRight);
        }
        catalog.finish();

        digest.update(serde_json::to_vec(&book.meta).unwrap_or_default());
        let digest = digest.finalize();
        pdf.set_file_id((digest[..16].to_vec(), digest[16..].to_vec()));
        Ok(pdf.finish())
    }
}

/// What the structure tree is made of: the blocks, and the link annotations
/// as (block, page index, annotation).
struct Tagged<'t> {
    blocks: &'t BTreeMap<usize, TaggedBlock>,
    /// The picture of each /Figure's block.
    figures: &'t BTreeMap<usize, &'t PlacedPicture>,
    links: &'t [(usize, usize, Ref)],
}

/// The structure tree: a `Document` whose children are the blocks in source
/// order, each listing its marked content, then its `Link` elements (each
/// over one annotation: the link's text stays in its line's marked content);
/// and the parent tree that maps every page's MCIDs, and every annotation,
/// back to their elements.
fn write_structure(
    pdf: &mut Pdf,
    reference: &mut impl FnMut() -> Ref,
    root_id: Ref,
    document_id: Ref,
    tagged: &Tagged,
    pages: &[Ref],
    book: &Book,
) {
    let blocks = tagged.blocks;
    let element_ids: Vec<Ref> = blocks.keys().map(|_| reference()).collect();
    let link_ids: Vec<Ref> = tagged.links.iter().map(|_| reference()).collect();
    let mut link_parents: Vec<Option<Ref>> = vec![None; tagged.links.len()];
    let mut parents: Vec<Vec<Ref>> = vec![Vec::new(); pages.len()];
    for ((&block, (role, marks)), &id) in blocks.iter().zip(&element_ids) {
        let mut element = pdf.struct_element(id);
        element.kind(*role).parent(document_id);
        if let Some(picture) = tagged.figures.get(&block) {
            image::describe(&mut element, picture);
        }
        // MCIDs are numbered from 0 on each page, in drawing order. A block on
        // one page names the page once and lists bare MCIDs (smaller files).
        let one_page = marks.first().map(|&(page, _)| page).filter(|&first| marks.iter().all(|&(p, _)| p == first));
        if let Some(page) = one_page {
            element.page(pages[page]);
        }
        let mut children = element.children();
        for &(page, mcid) in marks {
            if one_page.is_some() {
                children.marked_content_id(mcid);
            } else {
                children.marked_content_ref().page(pages[page]).marked_content_id(mcid);
            }
            parents[page].push(id);
        }
        for (index, _) in tagged.links.iter().enumerate().filter(|(_, link)| link.0 == block) {
            children.struct_element(link_ids[index]);
            link_parents[index] = Some(id);
        }
    }
    for (index, &(_, page, annotation)) in tagged.links.iter().enumerate() {
        let mut element = pdf.struct_element(link_ids[index]);
        element.kind(StructRole::Link).parent(link_parents[index].unwrap_or(document_id));
        element.children().object_ref().page(pages[page]).object(annotation);
    }
    pdf.struct_element(document_id)
        .kind(StructRole::Document)
        .parent(root_id)
        .lang(TextStr(&book.meta.lang))
        .children()
        .items(element_ids.iter().copied());
    let array_ids: Vec<Ref> = parents.iter().map(|_| reference()).collect();
    for (refs, &id) in parents.iter().zip(&array_ids) {
        pdf.indirect(id).array().items(refs.iter().copied());
    }
    let mut root = pdf.indirect(root_id).start::<pdf_writer::writers::StructTreeRoot>();
    root.child(document_id);
    let mut tree = root.parent_tree();
    let mut nums = tree.nums();
    for (page, &id) in array_ids.iter().enumerate() {
        nums.insert(page as i32, id);
    }
    for (index, &id) in link_ids.iter().enumerate() {
        nums.insert((pages.len() + index) as i32, id);
    }
    nums.finish();
    tree.finish();
    root.parent_tree_next_key((pages.len() + link_ids.len()) as i32);
}

/// Deflates a stream.
fn deflate(bytes: &[u8]) -> Result<Vec<u8>> {
    // One compressor per thread, reset for each stream: making one costs
    // about as much as deflating a page (it clears its tables), and a book
    // deflates a stream per page, per font and per picture.
    thread_local! {
        static COMPRESSOR: std::cell::RefCell<flate2::Compress> =
            std::cell::RefCell::new(flate2::Compress::new(flate2::Compression::new(6), true));
    }
    COMPRESSOR.with_borrow_mut(|compressor| {
        compressor.reset();
        let mut out = Vec::with_capacity(bytes.len() / 2 + 64);
        loop {
            let read = usize::try_from(compressor.total_in()).unwrap_or(usize::MAX).min(bytes.len());
            let status = compressor.compress_vec(&bytes[read..], &mut out, flate2::FlushCompress::Finish)?;
            match status {
                flate2::Status::StreamEnd => return Ok(out),
                _ => out.reserve(out.capacity().max(64)),
            }
        }
    })
}
