//! `--to epub`: an EPUB 3 book, packaged by our own code.
//!
//! The book has a title page, the essay as one XHTML document with h2
//! sections (or one per part in an omnibus), a nav document listing them,
//! the pictures the essay shows, the embedded faces (the slanted and
//! monospace ones only when the book sets text in them, each subset to what
//! it sets), and series metadata both as EPUB 3
//! `belongs-to-collection` and as calibre's meta (an omnibus belongs to its
//! series as the whole of it, at no position). The identifier is derived
//! from what names the book (title, series, part, author, language), not
//! from its text, so a corrected edition stays the same book on a reader's
//! shelf; dates are fixed (or SOURCE_DATE_EPOCH), so the same input always
//! gives the same bytes.

mod archive;
mod cover;
mod faces;
mod links;
mod package;
mod pictures;
mod stylesheet;
mod subset;
mod xhtml;

use super::{Backend, RenderOptions, Rendered};
use crate::document::{Block, Direction, Document};
use crate::fonts::Style;
use anyhow::{Context, Result};
use archive::Archive;
use faces::FaceTexts;
use package::{Chapter, Package, Resource};
use sha2::{Digest, Sha256};

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
        crate::fonts::check_coverage(&options.fonts, document)?;
        let Built { bytes, missing, unshipped } = build(document, options).context("cannot build the EPUB")?;
        let mut warnings = Vec::new();
        for source in unshipped {
            warnings.push(format!("{source}: not a PNG or JPEG picture; its alternative text stands in"));
        }
        if !missing.is_empty() {
            let list: String = missing.iter().map(|c| format!(" {c} (U+{:04X})", *c as u32)).collect();
            warnings.push(format!("the font has no glyph for:{list}"));
        }
        Ok(Rendered { bytes, warnings, pages: None })
    }
}

/// A built EPUB and what it could not show.
struct Built<'a> {
    /// The EPUB.
    bytes: Vec<u8>,
    /// Characters no embedded face has a glyph for.
    missing: Vec<char>,
    /// Sources of pictures whose bytes are neither PNG nor JPEG.
    unshipped: Vec<&'a str>,
}

fn build<'a>(document: &'a Document, options: &RenderOptions) -> Result<Built<'a>> {
    let meta = &document.meta;
    let rtl = meta.direction == Direction::Rtl;
    let fonts = &options.fonts;

    let cover_type = match &options.cover {
        Some(image) => image_type(image).context("the cover is neither PNG nor JPEG")?,
        None => "image/png",
    };
    let cover_file = if cover_type == "image/png" { "cover.png" } else { "cover.jpg" };

    // The documents first: the fonts are subset to what they say.
    let mut documents = vec![
        ("cover.xhtml".to_string(), cover::cover_page(document, cover_file)),
        ("title.xhtml".to_string(), xhtml::title_page(document)),
    ];
    let mut chapters = vec![
        Chapter {
            file: "cover.xhtml".into(),
            title: (if rtl { "الغلاف" } else { "Cover" }).into(),
            landmark: Some("cover"),
            headings: Vec::new(),
            in_contents: false,
        },
        Chapter {
            file: "title.xhtml".into(),
            title: (if rtl { "صفحة العنوان" } else { "Title page" }).into(),
            landmark: Some("titlepage"),
            headings: Vec::new(),
            in_contents: true,
        },
    ];
    for (index, (part_title, blocks)) in xhtml::split_parts(&document.blocks).into_iter().enumerate() {
        let file = match part_title {
            Some(_) => format!("part-{:03}.xhtml", index + 1),
            None => "essay.xhtml".to_string(),
        };
        documents.push((file.clone(), xhtml::section(document, index, part_title, blocks)));
        let headings = blocks
            .iter()
            .filter_map(|b| match b {
                Block::Heading { text, .. } => Some(text.as_str().to_string()),
                _ => None,
            })
            .enumerate()
            .map(|(number, text)| (xhtml::heading_id(number), text))
            .collect();
        let title = match part_title {
            Some(line) => xhtml::part_name(line, &meta.title, index, meta.direction),
            None => meta.title.clone(),
        };
        chapters.push(Chapter {
            file,
            title,
            // One landmark: where the body matter starts.
            landmark: (index == 0).then_some("bodymatter"),
            headings,
            in_contents: true,
        });
    }
    let resources = vec![
        Resource { href: "stylesheet.css".into(), media_type: "text/css", properties: None },
        Resource { href: cover_file.into(), media_type: cover_type, properties: Some("cover-image") },
    ];
    let mut package = Package {
        meta,
        identifier: options.identifier.clone().unwrap_or_else(|| format!("urn:uuid:{}", book_uuid(document))),
        modified: modified_date(options.source_date_epoch),
        date: publication_date(options.source_date_epoch),
        toc_name: if rtl { "المحتويات" } else { "Contents" },
        whole_series: document.blocks.iter().any(|block| matches!(block, Block::PartTitle(_))),
        chapters,
        resources,
    };
    let nav = package::nav(&package);

    // The documents say which faces the book uses, and what each sets.
    let mut face_texts = FaceTexts::of(documents.iter().map(|(_, xhtml)| xhtml.as_str()).chain([nav.as_str()]));
    let styles = shipped_styles(fonts, &face_texts);
    let faces: Vec<&crate::fonts::FontFile> = styles.iter().map(|style| fonts.file(*style)).collect();
    for face in &faces {
        let media_type = font_mime(&face.file_name);
        package.resources.push(Resource { href: format!("fonts/{}", face.file_name), media_type, properties: None });
    }
    let (pictures, unshipped) = pictures::collect(&document.blocks);
    for picture in &pictures {
        let (href, media_type) = (picture.href.clone(), picture.media_type);
        package.resources.push(Resource { href, media_type, properties: None });
    }
    let extras = stylesheet::Extras {
        slanted: styles.contains(&Style::Slanted),
        bold_slanted: styles.contains(&Style::BoldSlanted),
        code: styles.contains(&Style::Mono),
        pictures: !pictures.is_empty(),
    };

    let mut archive = Archive::new()?;
    archive.add("META-INF/container.xml", package::container().as_bytes())?;
    archive.add("META-INF/com.apple.ibooks.display-options.xml", package::apple_display_options().as_bytes())?;
    archive.add("OEBPS/stylesheet.css", stylesheet::stylesheet(document, fonts, extras).as_bytes())?;
    let missing = missing_characters(&faces, &face_texts.kept(Style::Regular));
    // The break's asterism is drawn by the style sheet, in the body face.
    let mut breaks = false;
    crate::document::walk(&document.blocks, &mut |block, _| breaks |= matches!(block, Block::Break));
    if breaks {
        face_texts.keep(Style::Regular, stylesheet::BREAK_MARK);
    }
    // The cover (the user's image, or one set from the book's names) is
    // drawn on a second thread while the faces are subset here; with the
    // user's image, the second thread takes the faces after the first. Two
    // plain threads, not rayon's pool: its idle workers spin while the
    // archive is written, which costs a short book more than it saves.
    let prepare = |style: &Style| {
        // Each face keeps the characters it sets: the bold face those of
        // headings and strong text, not the book's. The upright faces also
        // keep what reading systems write in the book's face (labels, page
        // numbers); the others set only the book's words.
        let (file, text) = (fonts.file(*style), face_texts.kept(*style));
        let subset = match style {
            Style::Regular | Style::Bold => subset::subset(file.bytes, &text),
            Style::Slanted | Style::BoldSlanted | Style::Mono => subset::subset_to_text(file.bytes, &text),
        };
        archive::prepare_font(&format!("OEBPS/fonts/{}", file.file_name), subset.as_deref().unwrap_or(file.bytes))
    };
    let (cover_image, subsets) = std::thread::scope(|scope| match &options.cover {
        None => {
            let cover = scope.spawn(|| {
                let faces = fonts.typefaces()?;
                cover::cover_png(document, &faces).context("cannot draw the cover")
            });
            let subsets: Vec<_> = styles.iter().map(prepare).collect();
            (joined(cover), subsets)
        }
        Some(image) => {
            let (first, rest) = styles.split_at(styles.len().min(1));
            let later = scope.spawn(|| rest.iter().map(prepare).collect::<Vec<_>>());
            let mut subsets: Vec<_> = first.iter().map(prepare).collect();
            subsets.extend(joined(later));
            (Ok(image.to_vec()), subsets)
        }
    });
    let cover_image = cover_image?;
    for font in subsets {
        archive.add_prepared(font?)?;
    }
    archive.add_stored(&format!("OEBPS/{cover_file}"), &cover_image)?;
    for picture in &pictures {
        archive.add_stored(&format!("OEBPS/{}", picture.href), picture.bytes)?;
    }
    for (file, xhtml) in &documents {
        archive.add(&format!("OEBPS/{file}"), xhtml.as_bytes())?;
    }
    archive.add("OEBPS/nav.xhtml", nav.as_bytes())?;
    archive.add("OEBPS/toc.ncx", package::ncx(&package).as_bytes())?;
    archive.add(package::OPF_PATH, package::opf(&package).as_bytes())?;
    Ok(Built { bytes: archive.finish()?, missing, unshipped })
}

/// What a scoped thread returned; its panic goes on to the caller (a series
/// build reports it as that part's failure).
fn joined<T>(thread: std::thread::ScopedJoinHandle<'_, T>) -> T {
    thread.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic))
}

/// Characters of the book that none of the embedded faces has, leaving out
/// spaces and the invisible format characters that need no glyph.
fn missing_characters(faces: &[&crate::fonts::FontFile], text: &str) -> Vec<char> {
    let parsed: Vec<ttf_parser::Face> = faces.iter().filter_map(|f| ttf_parser::Face::parse(f.bytes, 0).ok()).collect();
    text.chars()
        .filter(|c| !c.is_whitespace() && !c.is_control() && !is_invisible(*c))
        .filter(|c| parsed.iter().all(|face| face.glyph_index(*c).is_none()))
        .collect()
}

/// Format characters that are fine without a glyph.
fn is_invisible(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2069}' | '\u{FEFF}' | '\u{061C}')
}

/// The faces the book ships, each file once: the regular and bold faces
/// always (the title page has a heading), the others when the book sets
/// text in them. A slanted face that is an upright one (a family the user
/// named has none) is not declared again: the reading system slants it.
fn shipped_styles(fonts: &crate::fonts::FontSet, texts: &FaceTexts) -> Vec<Style> {
    let mut styles: Vec<Style> = Vec::new();
    for style in Style::ALL {
        let always = matches!(style, Style::Regular | Style::Bold);
        let file = &fonts.file(style).file_name;
        if (always || texts.uses(style)) && styles.iter().all(|known| &fonts.file(*known).file_name != file) {
            styles.push(style);
        }
    }
    styles
}

/// The media type of a PNG or JPEG image, from its signature.
fn image_type(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some("image/png")
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some("image/jpeg")
    } else {
        None
    }
}

fn font_mime(file_name: &str) -> &'static str {
    if file_name.ends_with(".otf") { "font/otf" } else { "font/ttf" }
}

/// A UUID (version 8) from a SHA-256 of what names the book: the same book,
/// the same identifier, whatever corrections its text receives.
fn book_uuid(document: &Document) -> uuid::Uuid {
    let meta = &document.meta;
    let mut hasher = Sha256::new();
    for field in [Some(meta.title.as_str()), meta.series.as_deref(), meta.author.as_deref(), Some(meta.lang.as_str())] {
        hasher.update(field.unwrap_or("").as_bytes());
        hasher.update([0]);
    }
    hasher.update(meta.part.unwrap_or(0).to_be_bytes());
    let digest = hasher.finalize();
    let mut bytes = [0u8; 16];
    bytes.copy_from_slice(&digest[..16]);
    uuid::Builder::from_custom_bytes(bytes).into_uuid()
}

/// The publication date (`dc:date`, CCYY-MM-DD): `--date` or
/// SOURCE_DATE_EPOCH, and none at all otherwise, never the wall clock.
fn publication_date(source_date_epoch: Option<i64>) -> Option<String> {
    let date = chrono::DateTime::from_timestamp(source_date_epoch?, 0)?;
    Some(date.format("%Y-%m-%d").to_string())
}

/// SOURCE_DATE_EPOCH when given, else the ZIP epoch: never the wall clock.
/// The value was checked to be a year from 1970 to 9999 when it was read.
fn modified_date(source_date_epoch: Option<i64>) -> String {
    let fixed = chrono::DateTime::from_timestamp(315_532_800, 0).unwrap_or_default();
    let date = source_date_epoch.and_then(|seconds| chrono::DateTime::from_timestamp(seconds, 0)).unwrap_or(fixed);
    date.format("%Y-%m-%dT%H:%M:%SZ").to_string()
}
