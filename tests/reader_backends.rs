//! Every block the reader makes reaches both backends: lists, quotations
//! and breaks in the EPUB's XHTML (epubcheck-clean) and on the PDF's pages
//! (hanging markers on the reading-start side, quotes inset on both sides,
//! a centred ornament), and no bullet ends up as a missing glyph.

mod common;

use common::*;
use warraq::backend::pdf::layout::{Book, Role, lay_out};
use warraq::backend::pdf::page::Paper;
use warraq::fonts::FontSet;
use warraq::read::{ReadOptions, read};

fn fixture(name: &str) -> std::path::PathBuf {
    root().join("tests/fixtures/reader").join(name)
}

fn book(name: &str) -> Book {
    let document = read(&std::fs::read(fixture(name)).unwrap(), &ReadOptions::default()).unwrap().document;
    lay_out(&document, &FontSet::default().typefaces().unwrap(), Paper::A5)
}

#[test]
fn epub_has_lists_quotes_and_breaks() {
    let dir = scratch();
    let epub = dir.path().join("showcase.epub");
    let output = convert(&fixture("showcase.txt"), "epub", &epub, &[]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let xhtml = zip_entry(&epub, "OEBPS/essay.xhtml");
    assert!(xhtml.contains("<ul>\n<li>ورق أبيض متين.</li>"), "bulleted list without its emoji: {xhtml}");
    assert!(xhtml.contains("<ol class=\"source-numbers\">"), "{xhtml}");
    assert!(xhtml.contains("<li><span class=\"marker\">١-</span> اطو الأوراق"), "the source's own number: {xhtml}");
    assert!(xhtml.contains("<blockquote>\n<p>«الكتاب الذي"), "{xhtml}");
    assert!(xhtml.contains("<hr class=\"break\"/>"), "{xhtml}");
    assert!(!xhtml.contains("🔹"), "the emoji bullet became the list marker");
}

#[test]
fn epub_ol_keeps_the_start_number() {
    let dir = scratch();
    let epub = dir.path().join("list.epub");
    let output = convert(&fixture("list-resumes.txt"), "epub", &epub, &[]);
    assert!(output.status.success());
    let xhtml = zip_entry(&epub, "OEBPS/essay.xhtml");
    assert!(xhtml.contains("<ol class=\"source-numbers\" start=\"3\">"), "{xhtml}");
}

/// The fixtures that hold every kind of block between them (epubcheck takes
/// seconds a book, so not all of them; all passed when they were written).
const EVERY_BLOCK: [&str; 6] =
    ["showcase.txt", "list-resumes.txt", "multiline-quote.txt", "breaks.txt", "emoji-bullets.txt", "english-blog.txt"];

#[test]
fn fixtures_with_every_block_pass_epubcheck() {
    let Some(jar) = epubcheck() else { return };
    let dir = scratch();
    for name in EVERY_BLOCK {
        let input = fixture(name);
        let epub = dir.path().join(input.with_extension("epub").file_name().unwrap());
        assert!(convert(&input, "epub", &epub, &[]).status.success(), "{}", input.display());
        let (ok, report) = run_epubcheck(&jar, &epub);
        assert!(ok, "{}: {report}", input.display());
    }
}

#[test]
fn arabic_list_markers_hang_on_the_right() {
    let book = book("showcase.txt");
    let mut markers = 0;
    for (index, page) in book.pages.iter().enumerate() {
        let right = book.geometry.left_edge(index + 1, true) + book.geometry.measure();
        for (position, marker) in page.lines.iter().enumerate().filter(|(_, l)| l.role == Role::Marker) {
            let item = &page.lines[position + 1];
            assert_eq!(item.role, Role::ListItem);
            assert_eq!(item.baseline, marker.baseline, "marker and item share a baseline");
            assert!((marker.right() - right).abs() < 0.5, "marker flush right: {} vs {right}", marker.right());
            assert!(item.right() < marker.x, "item text starts left of its marker");
            markers += 1;
        }
    }
    assert_eq!(markers, 6, "one marker per item");
}

#[test]
fn english_list_markers_hang_on_the_left() {
    let book = book("english-blog.txt");
    let page = &book.pages[0];
    let left = book.geometry.left_edge(1, false);
    let markers: Vec<_> = page.lines.iter().filter(|l| l.role == Role::Marker).collect();
    assert_eq!(markers.len(), 3);
    for marker in markers {
        assert!((marker.x - left).abs() < 0.5, "marker flush left");
    }
    for item in page.lines.iter().filter(|l| l.role == Role::ListItem) {
        assert!(item.x > left + 10.0, "item text is indented past the marker");
    }
}

#[test]
fn quotations_are_inset_on_both_sides() {
    let book = book("multiline-quote.txt");
    let geometry = book.geometry;
    let lines: Vec<_> = book.pages[0].lines.iter().filter(|l| l.role == Role::Quote).collect();
    assert_eq!(lines.iter().map(|l| l.block).collect::<std::collections::BTreeSet<_>>().len(), 3);
    let left = geometry.left_edge(1, true);
    let right = left + geometry.measure();
    for line in lines {
        assert!(line.x > left + 10.0 && line.right() < right - 10.0, "inset: {}..{}", line.x, line.right());
    }
}

#[test]
fn breaks_are_centred_ornaments() {
    let book = book("breaks.txt");
    let geometry = book.geometry;
    let ornaments: Vec<_> = book
        .pages
        .iter()
        .enumerate()
        .flat_map(|(i, p)| p.lines.iter().map(move |l| (i, l)))
        .filter(|(_, l)| l.role == Role::Ornament)
        .collect();
    assert_eq!(ornaments.len(), 5);
    for (index, line) in ornaments {
        let centre = geometry.left_edge(index + 1, true) + geometry.measure() / 2.0;
        assert!((line.x + line.line.width / 2.0 - centre).abs() < 0.5, "centred");
    }
}

#[test]
fn emoji_bullets_are_markers_and_other_emoji_are_named() {
    let dir = scratch();
    let pdf = dir.path().join("bullets.pdf");
    let output = convert(&fixture("emoji-bullets.txt"), "pdf", &pdf, &[]);
    assert!(output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!stderr.contains("no glyph"), "emoji bullets draw as bullets: {stderr}");

    let input = dir.path().join("emoji.txt");
    std::fs::write(&input, "عنوان\n\nفقرة فيها رمز 🔥 في وسطها، وهو ليس نقطة قائمة.\n").unwrap();
    let output = convert(&input, "pdf", &dir.path().join("emoji.pdf"), &[]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("U+1F525) an emoji"), "a character no face has is named: {stderr}");
}

#[test]
fn keep_rules_hold_for_every_block_on_small_pages() {
    // A6, so that lists, quotations and breaks meet page ends often.
    let paper = Paper { width: 105.0 * 72.0 / 25.4, height: 148.0 * 72.0 / 25.4 };
    let faces = FontSet::default().typefaces().unwrap();
    let mut pages_seen = 0;
    for entry in std::fs::read_dir(root().join("tests/fixtures/reader")).unwrap() {
        let input = entry.unwrap().path();
        if input.extension().is_none_or(|ext| ext != "txt") {
            continue;
        }
        let document = read(&std::fs::read(&input).unwrap(), &ReadOptions::default()).unwrap().document;
        let book = lay_out(&document, &faces, paper);
        for page in &book.pages {
            let text: Vec<_> =
                page.lines.iter().filter(|l| !matches!(l.role, Role::RunningHead | Role::Folio)).collect();
            if let Some(last) = text.last() {
                assert!(
                    !matches!(last.role, Role::Heading | Role::Ornament | Role::Marker),
                    "{}: a page ends with {:?}",
                    input.display(),
                    last.role
                );
            }
            for (index, line) in text.iter().enumerate().filter(|(_, l)| l.role == Role::Marker) {
                let item = text.get(index + 1).expect("a marker has its item after it");
                assert!(item.baseline == line.baseline, "{}: a marker without its item", input.display());
            }
            pages_seen += 1;
        }
    }
    assert!(pages_seen > 40, "small pages break often: {pages_seen}");
}
