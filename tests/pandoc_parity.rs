//! Parity with pandoc on structure: the Markdown example, converted to EPUB
//! by warraq and by pandoc, must hold the same headings, list items, block
//! quotations, notes and pictures. Where pandoc falls short for Arabic
//! (direction of the spine, an embedded Arabic face, notes that reading
//! systems can show as pop-ups), warraq must not. Needs pandoc; skips
//! without it (and fails under WARRAQ_REQUIRE_VALIDATORS=1).

mod common;

use common::*;
use std::path::Path;
use std::process::Command;

/// What a book's body holds, counted in its XHTML documents.
#[derive(Debug, Default, PartialEq, Eq)]
struct Structure {
    /// Section headings (h2 to h6; the title is h1 in both tools, on a title page or a chapter head).
    headings: usize,
    /// List items, not counting the lists that hold notes.
    list_items: usize,
    /// `<blockquote>` elements, nested ones included.
    quotations: usize,
    /// Notes (elements typed `footnote`, `endnote` or `rearnote`).
    notes: usize,
    /// Pictures in the text (`<img>` outside the cover page).
    pictures: usize,
}

/// The XHTML documents of an EPUB's body, in archive order: every
/// `.xhtml` except the navigation document and cover and title pages.
fn body_documents(epub: &Path) -> Vec<String> {
    let file = std::fs::File::open(epub).unwrap();
    let mut zip = zip::ZipArchive::new(file).unwrap();
    let names: Vec<String> = zip.file_names().map(|name| name.unwrap().to_string()).collect();
    let mut documents = Vec::new();
    for name in names {
        let base = name.rsplit('/').next().unwrap_or(&name);
        if !base.ends_with(".xhtml") || ["nav", "cover", "title"].iter().any(|skip| base.starts_with(skip)) {
            continue;
        }
        let mut text = String::new();
        std::io::Read::read_to_string(&mut zip.by_name(&name).unwrap(), &mut text).unwrap();
        documents.push(text);
    }
    documents
}

fn structure(epub: &Path) -> Structure {
    let mut counted = Structure::default();
    for document in body_documents(epub) {
        let options = roxmltree::ParsingOptions { allow_dtd: true, ..Default::default() };
        let tree = roxmltree::Document::parse_with_options(&document, options).expect("body XHTML parses");
        for node in tree.descendants().filter(|node| node.is_element()) {
            let typed = node.attributes().find(|attribute| attribute.name() == "type").is_some_and(|kind| {
                kind.value().split_whitespace().any(|k| matches!(k, "footnote" | "endnote" | "rearnote"))
            });
            match node.tag_name().name() {
                "h2" | "h3" | "h4" | "h5" | "h6" => counted.headings += 1,
                "li" if !typed => counted.list_items += 1,
                "blockquote" => counted.quotations += 1,
                "img" => counted.pictures += 1,
                _ => {}
            }
            if typed {
                counted.notes += 1;
            }
        }
    }
    counted
}

#[test]
fn warraq_and_pandoc_agree_on_the_structure_of_the_markdown_example_and_warraq_sets_it_right_to_left() {
    let Some(pandoc) = validator("pandoc", &["--version"]) else { return };
    let dir = scratch();
    let source = example("markdown/essay.md");
    let ours = dir.path().join("warraq.epub");
    let output = convert(&source, "epub", &ours, &[]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let theirs = dir.path().join("pandoc.epub");
    let output = Command::new(pandoc)
        .arg(&source)
        .arg("--resource-path")
        .arg(example("markdown"))
        .arg("-o")
        .arg(&theirs)
        .output()
        .expect("pandoc runs");
    assert!(output.status.success(), "pandoc: {}", String::from_utf8_lossy(&output.stderr));

    let (ours_counted, theirs_counted) = (structure(&ours), structure(&theirs));
    assert_eq!(ours_counted, theirs_counted, "warraq (left) and pandoc (right) count the same structure");
    assert!(ours_counted.headings >= 5 && ours_counted.list_items >= 10 && ours_counted.quotations >= 3);
    assert!(ours_counted.notes >= 2 && ours_counted.pictures >= 1, "{ours_counted:?}");

    // Where pandoc falls short for an Arabic book, warraq does not.
    let opf = zip_entry(&ours, "OEBPS/content.opf");
    assert!(opf.contains("page-progression-direction=\"rtl\""), "the spine reads right to left");
    assert!(opf.contains("media-type=\"font/ttf\""), "an Arabic face is embedded");
    let body = body_documents(&ours).concat();
    assert!(body.contains("<html") && body.contains("dir=\"rtl\""), "the documents are right to left");
    assert!(
        body.contains("epub:type=\"noteref\"") && body.contains("<aside") && body.contains("epub:type=\"footnote\""),
        "notes are linked noterefs to asides, which reading systems show as pop-ups"
    );
    let pandoc_opf = zip_entry(&theirs, "EPUB/content.opf");
    eprintln!(
        "pandoc: rtl spine {}, embedded font {}, aside notes {}",
        pandoc_opf.contains("page-progression-direction=\"rtl\""),
        pandoc_opf.contains("font/"),
        body_documents(&theirs).concat().contains("<aside")
    );
}
