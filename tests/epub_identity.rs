//! An EPUB's identity and dates: the identifier survives text corrections or
//! is given with --identifier; dc:date comes from --date or
//! SOURCE_DATE_EPOCH, never the clock. Characters no face has are reported.

mod common;

use common::*;
use std::path::Path;

fn epub_of(text: &str, directory: &Path, name: &str, extra: &[&str]) -> (std::path::PathBuf, String) {
    let input = directory.join(format!("{name}.txt"));
    std::fs::write(&input, text).unwrap();
    let target = directory.join(format!("{name}.epub"));
    let output = warraq()
        .args(["convert", input.to_str().unwrap(), "-o", target.to_str().unwrap()])
        .args(extra)
        .env_remove("SOURCE_DATE_EPOCH")
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    (target, String::from_utf8_lossy(&output.stderr).into_owned())
}

fn identifier(opf: &str) -> &str {
    let start = opf.find("<dc:identifier id=\"book-id\">").expect("an identifier") + 28;
    &opf[start..start + opf[start..].find('<').unwrap()]
}

const ESSAY: &str = "الورّاقون في بغداد\n\nكان سوق الورّاقين في بغداد عامراً بالكتب.\n";

#[test]
fn a_corrected_text_stays_the_same_book() {
    let scratch = scratch();
    let (first, _) = epub_of(ESSAY, scratch.path(), "first", &[]);
    let corrected = ESSAY.replace("عامراً", "عامرًا جدًّا");
    let (second, _) = epub_of(&corrected, scratch.path(), "second", &[]);
    let (a, b) = (zip_entry(&first, "OEBPS/content.opf"), zip_entry(&second, "OEBPS/content.opf"));
    assert!(identifier(&a).starts_with("urn:uuid:"));
    assert_eq!(identifier(&a), identifier(&b));
    let (retitled, _) = epub_of(&ESSAY.replace("بغداد\n", "دمشق\n"), scratch.path(), "third", &[]);
    assert_ne!(identifier(&a), identifier(&zip_entry(&retitled, "OEBPS/content.opf")), "another title, another book");
}

#[test]
fn identifier_and_date_options_are_written() {
    let scratch = scratch();
    let (epub, _) =
        epub_of(ESSAY, scratch.path(), "book", &["--identifier", "urn:isbn:9780000000002", "--date", "2024-05-01"]);
    let opf = zip_entry(&epub, "OEBPS/content.opf");
    assert_eq!(identifier(&opf), "urn:isbn:9780000000002");
    assert!(opf.contains("<dc:date>2024-05-01</dc:date>"), "{opf}");
    assert!(opf.contains("<meta property=\"dcterms:modified\">2024-05-01T00:00:00Z</meta>"));
    let ncx = zip_entry(&epub, "OEBPS/toc.ncx");
    assert!(ncx.contains("<meta name=\"dtb:uid\" content=\"urn:isbn:9780000000002\"/>"));
    if let Some(jar) = epubcheck() {
        let (clean, report) = run_epubcheck(&jar, &epub);
        assert!(clean, "{report}");
    }
}

#[test]
fn date_comes_from_source_date_epoch_and_never_the_clock() {
    let scratch = scratch();
    let (epub, _) = epub_of(ESSAY, scratch.path(), "undated", &[]);
    assert!(!zip_entry(&epub, "OEBPS/content.opf").contains("<dc:date>"), "no date given, none written");
    let input = scratch.path().join("undated.txt");
    let target = scratch.path().join("dated.epub");
    let output = warraq()
        .args(["convert", input.to_str().unwrap(), "-o", target.to_str().unwrap()])
        .env("SOURCE_DATE_EPOCH", "1700000000")
        .output()
        .unwrap();
    assert!(output.status.success());
    assert!(zip_entry(&target, "OEBPS/content.opf").contains("<dc:date>2023-11-14</dc:date>"));
}

#[test]
fn bad_dates_and_empty_identifiers_are_refused() {
    let scratch = scratch();
    let input = scratch.path().join("essay.txt");
    std::fs::write(&input, ESSAY).unwrap();
    for extra in [["--date", "2024-13-01"], ["--date", "yesterday"], ["--identifier", "  "]] {
        let output = convert(&input, "epub", &scratch.path().join("x.epub"), &extra);
        assert!(!output.status.success(), "{extra:?} accepted");
        assert!(String::from_utf8_lossy(&output.stderr).contains(extra[0]), "the error names {}", extra[0]);
    }
}

#[test]
fn characters_no_face_has_are_reported_for_epub_as_for_pdf() {
    let scratch = scratch();
    let text = "الورّاقون\n\nكتاب جميل 📚 حقاً.\n";
    let (_, stderr) = epub_of(text, scratch.path(), "emoji", &[]);
    assert!(stderr.contains("warning: the font has no glyph for: 📚 (U+1F4DA)"), "{stderr}");
    let (_, quiet) = epub_of(ESSAY, scratch.path(), "plain", &[]);
    assert!(!quiet.contains("no glyph"), "{quiet}");
}
