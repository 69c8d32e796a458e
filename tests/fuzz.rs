//! Property tests: arbitrary text, metadata and paper through the reader and
//! both backends. Whatever comes in, the result is a refusal with a message
//! or a book whose every XML document is well-formed; a sample of the books
//! also goes through epubcheck.

mod common;

use proptest::prelude::*;
use std::io::Read;
use std::sync::atomic::{AtomicUsize, Ordering};
use warraq::backend::pdf::page::Paper;
use warraq::backend::{RenderOptions, find};
use warraq::read::ReadOptions;

/// Text made of the pieces pasted essays are made of, hostile ones included.
fn essay_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("ال".to_string()),
        Just("وَرَّاق".to_string()),
        Just(" ".to_string()),
        Just("\n".to_string()),
        Just("\n\n".to_string()),
        Just("Cairo 1924".to_string()),
        Just("«اقتباس»".to_string()),
        Just("(٣)".to_string()),
        Just("- ".to_string()),
        Just("***".to_string()),
        Just("\u{651}\u{64b}".to_string()),
        Just("\u{200f}\u{200c}".to_string()),
        Just("<&\">".to_string()),
        any::<char>().prop_map(|c| c.to_string()),
        "[\\x00-\\x1f\\u{7f}-\\u{9f}\\u{fffe}\\u{ffff}\\u{fdd0}]".prop_map(|s| s),
        "[a-zA-Z]{1,40}",
        "[\\u{621}-\\u{64a}]{1,30}",
    ];
    proptest::collection::vec(piece, 1..120).prop_map(|pieces| pieces.concat())
}

fn well_formed(name: &str, bytes: &[u8]) -> Result<(), String> {
    let text = std::str::from_utf8(bytes).map_err(|e| format!("{name}: {e}"))?;
    roxmltree::Document::parse_with_options(text, roxmltree::ParsingOptions { allow_dtd: true, ..Default::default() })
        .map(|_| ())
        .map_err(|e| format!("{name}: {e}"))
}

fn check_epub(bytes: &[u8]) -> Result<(), String> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|e| e.to_string())?;
    for index in 0..archive.len() {
        let mut entry = archive.by_index(index).map_err(|e| e.to_string())?;
        let name = entry.name().map_err(|e| e.to_string())?.to_string();
        if [".xhtml", ".opf", ".ncx", ".xml"].iter().any(|ext| name.ends_with(ext)) {
            let mut content = Vec::new();
            entry.read_to_end(&mut content).map_err(|e| e.to_string())?;
            well_formed(&name, &content)?;
        }
    }
    Ok(())
}

static EPUBCHECKED: AtomicUsize = AtomicUsize::new(0);

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn any_text_metadata_and_paper_give_a_valid_book_or_a_refusal(
        text in essay_text(),
        title in proptest::option::of(essay_text()),
        author in proptest::option::of(essay_text()),
        series in proptest::option::of(essay_text()),
        lang in proptest::option::of(prop_oneof![Just("ar".to_string()), Just("en-GB".to_string()), "[a-z\\-\\x00-\\x20\"]{0,12}"]),
        width in 50u32..=1000,
        height in 50u32..=1000,
    ) {
        let overrides = warraq::Overrides { title, author, series, part: None, lang };
        let Ok(overrides) = overrides.validated() else { return Ok(()) };
        let Ok(reading) = warraq::read::read(text.as_bytes(), &ReadOptions::default()) else { return Ok(()) };
        let mut document = reading.document;
        overrides.apply(&mut document);
        let paper = match Paper::parse(&format!("{width}x{height}")) {
            Ok(paper) => paper,
            Err(_) => return Ok(()),
        };
        let options = RenderOptions { paper, ..RenderOptions::default() };
        let pdf = find("pdf").unwrap().render(&document, &options);
        prop_assert!(pdf.as_ref().is_ok_and(|r| r.bytes.starts_with(b"%PDF")), "{:?}", pdf.err());
        let epub = find("epub").unwrap().render(&document, &options).map_err(|e| TestCaseError::fail(e.to_string()))?;
        check_epub(&epub.bytes).map_err(TestCaseError::fail)?;
        // epubcheck is slow (a JVM each time): a sample of the books.
        if EPUBCHECKED.fetch_add(1, Ordering::Relaxed).is_multiple_of(24) && let Some(jar) = common::epubcheck() {
            let scratch = common::scratch();
            let path = scratch.path().join("fuzz.epub");
            std::fs::write(&path, &epub.bytes).unwrap();
            let (clean, report) = common::run_epubcheck(&jar, &path);
            prop_assert!(clean, "{}", report);
        }
    }
}
