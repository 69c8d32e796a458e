//! The EPUB's package documents: `container.xml`, the OPF (metadata,
//! manifest, spine), the navigation document, the legacy NCX, and Apple's
//! display options. Every text and attribute value goes through one escaper.

use crate::backend::xml_escape as escape;
use crate::document::Meta;
use std::fmt::Write;

/// Where the package document sits, relative to the container root.
pub const OPF_PATH: &str = "OEBPS/content.opf";

/// One content document in reading order, with the headings the nav lists under it.
pub struct Chapter {
    /// File name inside OEBPS/.
    pub file: String,
    /// Its entry in the contents.
    pub title: String,
    /// Its landmark, e.g. `titlepage` or `bodymatter`; `None` for none.
    pub landmark: Option<&'static str>,
    /// (fragment id, heading text) of its sections.
    pub headings: Vec<(String, String)>,
    /// Listed in the contents (the cover page is a landmark only).
    pub in_contents: bool,
}

/// A file in the manifest that is not a content document.
pub struct Resource {
    /// Path inside OEBPS/.
    pub href: String,
    /// Its media type.
    pub media_type: &'static str,
    /// Manifest properties, e.g. `cover-image`.
    pub properties: Option<&'static str>,
}

/// Everything the package documents say about a book.
pub struct Package<'a> {
    /// Title, author, language, direction, series.
    pub meta: &'a Meta,
    /// `urn:uuid:…`.
    pub identifier: String,
    /// `CCYY-MM-DDThh:mm:ssZ`.
    pub modified: String,
    /// The publication date, `CCYY-MM-DD`, if one was given.
    pub date: Option<String>,
    /// The contents' heading («المحتويات», "Contents").
    pub toc_name: &'a str,
    /// The book is a whole series (an omnibus), not one part of it.
    pub whole_series: bool,
    /// Content documents, in reading order.
    pub chapters: Vec<Chapter>,
    /// Style sheets and fonts.
    pub resources: Vec<Resource>,
}

/// META-INF/container.xml: points reading systems at the OPF.
pub fn container() -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <container version=\"1.0\" xmlns=\"urn:oasis:names:tc:opendocument:xmlns:container\">\n\
         <rootfiles>\n<rootfile full-path=\"{OPF_PATH}\" media-type=\"application/oebps-package+xml\"/>\n\
         </rootfiles>\n</container>\n"
    )
}

/// META-INF/com.apple.ibooks.display-options.xml: without it Apple Books ignores embedded fonts.
pub fn apple_display_options() -> &'static str {
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<display_options>\n<platform name=\"*\">\n\
     <option name=\"specified-fonts\">true</option>\n</platform>\n</display_options>\n"
}

fn item_id(href: &str) -> String {
    let id: String = href.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '-' }).collect();
    format!("item-{id}")
}

/// The package document: metadata, manifest and spine.
pub fn opf(package: &Package) -> String {
    let meta = package.meta;
    // The package's own language and direction: DAISY Ace asks for xml:lang here.
    let mut out = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <package version=\"3.0\" xmlns=\"http://www.idpf.org/2007/opf\" unique-identifier=\"book-id\" \
         xml:lang=\"{}\" dir=\"{}\">\n\
         <metadata xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n",
        escape(&meta.lang),
        meta.direction.as_str()
    );
    let _ = writeln!(out, "<dc:identifier id=\"book-id\">{}</dc:identifier>", escape(&package.identifier));
    let _ = writeln!(out, "<dc:title id=\"title\">{}</dc:title>", escape(&meta.title));
    let _ = writeln!(out, "<dc:language>{}</dc:language>", escape(&meta.lang));
    if let Some(author) = &meta.author {
        let _ = writeln!(out, "<dc:creator id=\"author\">{}</dc:creator>", escape(author));
        out.push_str("<meta refines=\"#author\" property=\"role\" scheme=\"marc:relators\">aut</meta>\n");
    }
    if let Some(date) = &package.date {
        let _ = writeln!(out, "<dc:date>{}</dc:date>", escape(date));
    }
    let _ = writeln!(out, "<meta property=\"dcterms:modified\">{}</meta>", escape(&package.modified));
    if let Some(series) = &meta.series {
        let series = escape(series);
        let _ = writeln!(out, "<meta id=\"series\" property=\"belongs-to-collection\">{series}</meta>");
        out.push_str("<meta refines=\"#series\" property=\"collection-type\">series</meta>\n");
        if let Some(part) = meta.part {
            let _ = writeln!(out, "<meta refines=\"#series\" property=\"group-position\">{part}</meta>");
        }
        // calibre would shelve an omnibus as the series' first book.
        if !package.whole_series {
            let _ = writeln!(out, "<meta name=\"calibre:series\" content=\"{series}\"/>");
        }
        if let Some(part) = meta.part.filter(|_| !package.whole_series) {
            let _ = writeln!(out, "<meta name=\"calibre:series_index\" content=\"{part}\"/>");
        }
    }
    out.push_str(ACCESSIBILITY);
    out.push_str("<meta name=\"generator\" content=\"warraq\"/>\n</metadata>\n<manifest>\n");
    out.push_str("<item id=\"nav\" href=\"nav.xhtml\" media-type=\"application/xhtml+xml\" properties=\"nav\"/>\n");
    out.push_str("<item id=\"ncx\" href=\"toc.ncx\" media-type=\"application/x-dtbncx+xml\"/>\n");
    for resource in &package.resources {
        let href = escape(&resource.href);
        let properties = resource.properties.map(|p| format!(" properties=\"{p}\"")).unwrap_or_default();
        let _ = writeln!(
            out,
            "<item id=\"{}\" href=\"{href}\" media-type=\"{}\"{properties}/>",
            item_id(&resource.href),
            resource.media_type
        );
    }
    for chapter in &package.chapters {
        let _ = writeln!(
            out,
            "<item id=\"{}\" href=\"{}\" media-type=\"application/xhtml+xml\"/>",
            item_id(&chapter.file),
            escape(&chapter.file)
        );
    }
    let _ =
        writeln!(out, "</manifest>\n<spine toc=\"ncx\" page-progression-direction=\"{}\">", meta.direction.as_str());
    for chapter in &package.chapters {
        let _ = writeln!(out, "<itemref idref=\"{}\"/>", item_id(&chapter.file));
    }
    out.push_str("</spine>\n</package>\n");
    out
}

/// EPUB Accessibility 1.1 metadata, true of every book warraq writes: text,
/// and a cover image whose alternative text says what it shows (so text
/// alone suffices), with headings, a table of contents and a reading order,
/// no hazards.
const ACCESSIBILITY: &str = "<meta property=\"schema:accessMode\">textual</meta>\n\
<meta property=\"schema:accessMode\">visual</meta>\n\
<meta property=\"schema:accessModeSufficient\">textual</meta>\n\
<meta property=\"schema:accessibilityFeature\">alternativeText</meta>\n\
<meta property=\"schema:accessibilityFeature\">structuralNavigation</meta>\n\
<meta property=\"schema:accessibilityFeature\">tableOfContents</meta>\n\
<meta property=\"schema:accessibilityFeature\">readingOrder</meta>\n\
<meta property=\"schema:accessibilityHazard\">none</meta>\n\
<meta property=\"schema:accessibilitySummary\">A text book with headings, a table of contents \
and a reading order that follows the text; the font is embedded, and the cover image has a text alternative.</meta>\n";

/// The navigation document: the contents (chapters and their headings) and
/// the landmarks, hidden because they are for reading systems, not readers.
pub fn nav(package: &Package) -> String {
    let meta = package.meta;
    let lang = escape(&meta.lang);
    let dir = meta.direction.as_str();
    let title = escape(package.toc_name);
    let mut out = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE html>\n\
         <html xmlns=\"http://www.w3.org/1999/xhtml\" xmlns:epub=\"http://www.idpf.org/2007/ops\" \
         xml:lang=\"{lang}\" lang=\"{lang}\" dir=\"{dir}\">\n<head>\n<meta charset=\"utf-8\"/>\n\
         <title>{title}</title>\n<link rel=\"stylesheet\" type=\"text/css\" href=\"stylesheet.css\"/>\n\
         </head>\n<body dir=\"{dir}\" xml:lang=\"{lang}\" lang=\"{lang}\">\n\
         <nav epub:type=\"toc\" role=\"doc-toc\" id=\"toc\">\n<h1>{title}</h1>\n<ol>\n"
    );
    for chapter in package.chapters.iter().filter(|c| c.in_contents) {
        let file = escape(&chapter.file);
        let _ = write!(out, "<li><a href=\"{file}\">{}</a>", escape(&chapter.title));
        if !chapter.headings.is_empty() {
            out.push_str("\n<ol>\n");
            for (id, text) in &chapter.headings {
                let _ = writeln!(out, "<li><a href=\"{file}#{}\">{}</a></li>", escape(id), escape(text));
            }
            out.push_str("</ol>\n");
        }
        out.push_str("</li>\n");
    }
    out.push_str("</ol>\n</nav>\n<nav epub:type=\"landmarks\" id=\"landmarks\" hidden=\"\">\n<ol>\n");
    let mut seen = Vec::new();
    for chapter in &package.chapters {
        if let Some(landmark) = chapter.landmark.filter(|l| !seen.contains(l)) {
            seen.push(landmark);
            let _ = writeln!(
                out,
                "<li><a epub:type=\"{landmark}\" href=\"{}\">{}</a></li>",
                escape(&chapter.file),
                escape(&chapter.title)
            );
        }
    }
    out.push_str("</ol>\n</nav>\n</body>\n</html>\n");
    out
}

/// The EPUB 2 NCX, for older reading systems: same entries as the nav.
pub fn ncx(package: &Package) -> String {
    let depth = if package.chapters.iter().any(|c| !c.headings.is_empty()) { 2 } else { 1 };
    let mut out = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <ncx version=\"2005-1\" xmlns=\"http://www.daisy.org/z3986/2005/ncx/\">\n<head>\n\
         <meta name=\"dtb:uid\" content=\"{}\"/>\n<meta name=\"dtb:depth\" content=\"{depth}\"/>\n\
         <meta name=\"dtb:totalPageCount\" content=\"0\"/>\n<meta name=\"dtb:maxPageNumber\" content=\"0\"/>\n\
         </head>\n<docTitle><text>{}</text></docTitle>\n<navMap>\n",
        escape(&package.identifier),
        escape(&package.meta.title),
    );
    let mut order = 0;
    for chapter in package.chapters.iter().filter(|c| c.in_contents) {
        order += 1;
        let file = escape(&chapter.file);
        let _ = writeln!(
            out,
            "<navPoint id=\"nav-{order}\" playOrder=\"{order}\"><navLabel><text>{}</text></navLabel>\
             <content src=\"{file}\"/>",
            escape(&chapter.title)
        );
        for (id, text) in &chapter.headings {
            order += 1;
            let _ = writeln!(
                out,
                "<navPoint id=\"nav-{order}\" playOrder=\"{order}\"><navLabel><text>{}</text></navLabel>\
                 <content src=\"{file}#{}\"/></navPoint>",
                escape(text),
                escape(id)
            );
        }
        out.push_str("</navPoint>\n");
    }
    out.push_str("</navMap>\n</ncx>\n");
    out
}
