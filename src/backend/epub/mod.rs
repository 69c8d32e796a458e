//! `--to epub`: an EPUB 3 book through epub-builder (patched copy in vendor/).
//!
//! The book has a title page, the essay as one XHTML document with h2
//! sections, a nav document listing them, the embedded faces, and series
//! metadata both as EPUB 3 `belongs-to-collection` and as calibre's meta.
//! The identifier is derived from the content and the dates are fixed (or
//! SOURCE_DATE_EPOCH), so the same input always gives the same bytes.

mod archive;
mod xhtml;

use super::{Backend, RenderOptions, Rendered};
use crate::document::{Block, Direction, Document};
use anyhow::Result;
use archive::DeterministicZip;
use epub_builder::{
    EpubBuilder, EpubContent, EpubVersion, MetadataOpf, MetadataOpfV3, PageDirection, ReferenceType, TocElement,
};

/// The EPUB 3 backend.
pub struct Epub;

impl Backend for Epub {
    fn name(&self) -> &'static str {
        "epub"
    }

    fn extension(&self) -> &'static str {
        "epub"
    }

    fn summary(&self) -> &'static str {
        "EPUB 3 e-book with the font embedded, right-to-left for Arabic"
    }

    fn render(&self, document: &Document, options: &RenderOptions) -> Result<Rendered> {
        let bytes = build(document, options).map_err(|error| anyhow::anyhow!("cannot build the EPUB: {error}"))?;
        Ok(Rendered { bytes, warnings: Vec::new(), pages: None })
    }
}

fn build(document: &Document, options: &RenderOptions) -> epub_builder::Result<Vec<u8>> {
    let meta = &document.meta;
    let rtl = meta.direction == Direction::Rtl;
    let mut book = EpubBuilder::new(DeterministicZip::new()?)?;
    book.epub_version(EpubVersion::V30);
    book.epub_direction(if rtl { PageDirection::Rtl } else { PageDirection::Ltr });
    book.set_title(meta.title.as_str());
    book.add_language(meta.lang.as_str());
    book.set_generator("warraq");
    book.set_toc_name(if rtl { "المحتويات" } else { "Contents" });
    book.set_uuid(content_uuid(document));
    book.set_modified_date(modified_date(options.source_date_epoch));
    if let Some(author) = &meta.author {
        book.add_author(author.as_str());
    }
    if let Some(series) = &meta.series {
        add_series(&mut book, series, meta.part);
    }

    let fonts = &options.fonts;
    book.stylesheet(xhtml::stylesheet(document, fonts).as_bytes())?;
    book.add_resource(
        format!("fonts/{}", fonts.regular.file_name),
        fonts.regular.bytes,
        font_mime(&fonts.regular.file_name),
    )?;
    if fonts.bold.file_name != fonts.regular.file_name {
        book.add_resource(
            format!("fonts/{}", fonts.bold.file_name),
            fonts.bold.bytes,
            font_mime(&fonts.bold.file_name),
        )?;
    }

    let title_page = xhtml::title_page(document);
    book.add_content(
        EpubContent::new("title.xhtml", title_page.as_bytes())
            .title(if rtl { "صفحة العنوان" } else { "Title page" })
            .reftype(ReferenceType::TitlePage),
    )?;
    for (index, (part_title, blocks)) in xhtml::split_parts(&document.blocks).into_iter().enumerate() {
        let file = match part_title {
            Some(_) => format!("part-{:03}.xhtml", index + 1),
            None => "essay.xhtml".to_string(),
        };
        let xhtml = xhtml::section(document, part_title, blocks);
        let mut content = EpubContent::new(file.as_str(), xhtml.as_bytes())
            .title(part_title.unwrap_or(meta.title.as_str()))
            .reftype(ReferenceType::Text);
        let headings = blocks.iter().filter_map(|b| match b {
            Block::Heading { text, .. } => Some(text.as_str()),
            _ => None,
        });
        for (number, heading) in headings.enumerate() {
            content = content.child(TocElement::new(format!("{file}#{}", xhtml::heading_id(number)), heading));
        }
        book.add_content(content)?;
    }

    let mut bytes = Vec::new();
    book.generate(&mut bytes)?;
    Ok(bytes)
}

/// EPUB 3 collection metadata, and calibre's series meta that many readers use instead.
fn add_series(book: &mut EpubBuilder<DeterministicZip>, series: &str, part: Option<u32>) {
    let mut collection = MetadataOpfV3::new("belongs-to-collection".into(), series.into());
    collection.add_id("series".into());
    book.add_metadata_opf(Box::new(collection));
    let mut kind = MetadataOpfV3::new("collection-type".into(), "series".into());
    kind.add_refines("#series".into());
    book.add_metadata_opf(Box::new(kind));
    book.add_metadata_opf(Box::new(MetadataOpf::new("calibre:series".into(), series.into())));
    if let Some(part) = part {
        let mut position = MetadataOpfV3::new("group-position".into(), part.to_string());
        position.add_refines("#series".into());
        book.add_metadata_opf(Box::new(position));
        book.add_metadata_opf(Box::new(MetadataOpf::new("calibre:series_index".into(), part.to_string())));
    }
}

fn font_mime(file_name: &str) -> &'static str {
    if file_name.ends_with(".otf") { "font/otf" } else { "font/ttf" }
}

/// A UUID (version 8) from a SHA-256 of the document: the same essay, the same identifier.
fn content_uuid(document: &Document) -> uuid::Uuid {
    let digest = document.fingerprint();
    let mut bytes = [0u8; 16];
    bytes.copy_from_slice(&digest[..16]);
    uuid::Builder::from_custom_bytes(bytes).into_uuid()
}

/// SOURCE_DATE_EPOCH when given, else the ZIP epoch: never the wall clock.
fn modified_date(source_date_epoch: Option<i64>) -> chrono::DateTime<chrono::Utc> {
    let fixed = chrono::DateTime::from_timestamp(315_532_800, 0).unwrap_or_default();
    source_date_epoch.and_then(|seconds| chrono::DateTime::from_timestamp(seconds, 0)).unwrap_or(fixed)
}
