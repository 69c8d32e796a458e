//! The Kindle route: calibre's `ebook-convert` to AZW3 and back to EPUB keeps
//! the book right to left. calibre drops `dir` from `<html>` on the way, so
//! the direction has to be on `<body>` too. Skips without calibre (fails
//! instead under WARRAQ_REQUIRE_VALIDATORS=1).

mod common;

use common::*;
use std::io::Read;
use std::path::Path;
use std::process::Command;

fn ebook_convert(from: &Path, to: &Path) {
    let output = Command::new("ebook-convert").arg(from).arg(to).output().expect("ebook-convert runs");
    assert!(
        output.status.success(),
        "ebook-convert {} failed: {}",
        from.display(),
        String::from_utf8_lossy(&output.stderr)
    );
}

/// Each (name, text) of the archive's HTML documents and its OPF.
fn documents(epub: &Path) -> Vec<(String, String)> {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(epub).unwrap()).unwrap();
    let mut found = Vec::new();
    for index in 0..zip.len() {
        let mut entry = zip.by_index(index).unwrap();
        let name = entry.name().unwrap().to_string();
        if [".html", ".xhtml", ".opf"].iter().any(|e| name.ends_with(e)) {
            let mut text = String::new();
            entry.read_to_string(&mut text).unwrap();
            found.push((name, text));
        }
    }
    found
}

fn is_arabic(c: char) -> bool {
    ('\u{0600}'..='\u{06FF}').contains(&c)
}

/// The attributes of the first `<tag ...>` in `html`.
fn start_tag<'a>(html: &'a str, tag: &str) -> &'a str {
    let start = html.find(&format!("<{tag}")).unwrap_or(0);
    let end = html[start..].find('>').map_or(html.len(), |e| start + e);
    &html[start..end]
}

#[test]
fn azw3_round_trip_still_reads_right_to_left() {
    if validator("ebook-convert", &["--version"]).is_none() {
        return;
    }
    let scratch = scratch();
    let input = seed().unwrap_or_else(|| example("series/01-samarkand.txt"));
    let epub = scratch.path().join("book.epub");
    let output = convert(&input, "epub", &epub, &["-q"]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let azw3 = scratch.path().join("book.azw3");
    ebook_convert(&epub, &azw3);
    let back = scratch.path().join("back.epub");
    ebook_convert(&azw3, &back);

    let documents = documents(&back);
    let (_, opf) = documents.iter().find(|(name, _)| name.ends_with(".opf")).expect("an OPF");
    assert!(opf.contains("page-progression-direction=\"rtl\""), "the spine still turns pages right to left");
    let mut arabic_documents = 0;
    for (name, html) in documents.iter().filter(|(name, _)| !name.ends_with(".opf")) {
        let body = html.split("<body").nth(1).unwrap_or("");
        if !body.chars().any(is_arabic) || body.contains("calibre_generated_inline_toc") {
            continue; // calibre's own contents page, not a document of ours
        }
        arabic_documents += 1;
        let rtl = |tag: &str| start_tag(html, tag).contains("dir=\"rtl\"");
        assert!(rtl("html") || rtl("body"), "{name} lost its direction after the AZW3 round trip");
    }
    assert!(arabic_documents >= 2, "the title page and the essay came back ({arabic_documents} documents)");
}
