//! Hostile and damaged input, as the hardening probes found it: every case
//! ends with exit 0 and a valid book, or exit 1 and one line naming the file
//! or option. Never a panic, never an invalid book.

mod common;

use common::*;
use std::path::{Path, PathBuf};
use std::process::Output;

/// The seed essay's bytes, or a stand-in with a part-numbered title when the seed is absent.
fn essay() -> (Vec<u8>, Option<PathBuf>) {
    match seed() {
        Some(path) => (std::fs::read(&path).unwrap(), Some(path)),
        None => (std::fs::read(example("series/03-ink.txt")).unwrap(), None),
    }
}

fn convert_bytes(bytes: &[u8], format: &str, extra: &[&str]) -> (Output, tempfile::TempDir, PathBuf) {
    let scratch = scratch();
    let input = scratch.path().join("essay.txt");
    std::fs::write(&input, bytes).unwrap();
    let target = scratch.path().join(format!("out.{format}"));
    let output = convert(&input, format, &target, extra);
    (output, scratch, target)
}

fn tree(bytes: &[u8]) -> (serde_json::Value, String) {
    let (output, _scratch, target) = convert_bytes(bytes, "json", &[]);
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    (serde_json::from_slice(&std::fs::read(target).unwrap()).unwrap(), stderr)
}

fn assert_refused(output: &Output, expected: &str) {
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert_eq!(stderr.trim_end().lines().count(), 1, "one line: {stderr}");
    assert!(stderr.contains(expected), "{stderr:?} should say {expected:?}");
}

fn assert_epub_valid(epub: &Path) {
    if let Some(jar) = epubcheck() {
        let (clean, report) = run_epubcheck(&jar, epub);
        assert!(clean, "{report}");
    }
}

#[test]
fn one_bad_byte_keeps_the_essay_utf8_and_names_its_line() {
    let (bytes, _) = essay();
    let (reference, _) = tree(&bytes);
    // Into the middle of the longest line, a paragraph of the body.
    let lines: Vec<&[u8]> = bytes.split(|&b| b == b'\n').collect();
    let (index, longest) = lines.iter().enumerate().max_by_key(|(_, line)| line.len()).unwrap();
    let at =
        lines[..index].iter().map(|l| l.len() + 1).sum::<usize>() + longest.iter().position(|&b| b == b' ').unwrap();
    let damages: [&[u8]; 4] = [b"\xff", b"\xd8", b"\xc0\xaf", b"\xed\xa0\x80"];
    for damage in damages {
        let mut damaged = bytes.clone();
        damaged.splice(at..at, damage.iter().copied());
        let (document, stderr) = tree(&damaged);
        assert_eq!(document["meta"], reference["meta"], "{damage:x?}: title, author, series and part survive");
        let notice = format!("essay.txt:{}: bytes that are not UTF-8", index + 1);
        assert!(stderr.contains(&notice), "{damage:x?}: {stderr}");
    }
}

#[test]
fn a_character_cut_at_the_end_of_the_file_is_not_mojibake() {
    let (bytes, _) = essay();
    let (reference, _) = tree(&bytes);
    let mut cut = bytes.clone();
    cut.push(0xd8);
    let (document, stderr) = tree(&cut);
    assert_eq!(document["meta"], reference["meta"]);
    assert!(stderr.contains("bytes that are not UTF-8"), "{stderr}");
    let last = |d: &serde_json::Value| d["blocks"].as_array().unwrap().first().unwrap().to_string();
    assert_eq!(last(&document), last(&reference), "the text is the same text, not Windows-1256 garbage");
}

#[test]
fn random_high_bytes_are_refused() {
    let mut state = 7u32;
    let noise: Vec<u8> = (0..100_000)
        .map(|_| {
            state = state.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            0xC0 + ((state >> 16) % 64) as u8
        })
        .collect();
    let (output, _scratch, _) = convert_bytes(&noise, "epub", &[]);
    assert_refused(&output, "essay.txt:1: not valid UTF-8");
}

#[test]
fn control_characters_and_noncharacters_are_dropped_with_a_notice() {
    let essay = "عنوان\u{6} المقال\n\nفقرة\u{1}\u{7}\u{8} فيها\u{b}\u{c} محارف\u{1c} تحكم\u{fffe}\u{ffff} مخفية.\n";
    let (output, _scratch, target) = convert_bytes(essay.as_bytes(), "epub", &[]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    assert!(stderr.contains("essay.txt:1: dropped invisible control characters: U+0006"), "{stderr}");
    assert!(stderr.contains("essay.txt:3: dropped invisible control characters: U+0001, U+0007"), "{stderr}");
    let text = xhtml_text(&zip_entry(&target, "OEBPS/essay.xhtml"));
    assert!(text.contains("فقرة فيها محارف تحكم مخفية."), "{text}");
    assert_epub_valid(&target);
}

#[test]
fn hostile_metadata_is_escaped_or_cleaned_and_the_book_stays_valid() {
    let (bytes, _) = essay();
    let (output, _scratch, target) = convert_bytes(
        &bytes,
        "epub",
        &[
            "--title",
            "A \"quoted\" <title> & more\u{7}",
            "--author",
            "O'Brien \"the\" <author>",
            "--series",
            "Series \"with\" quotes\n& a line break",
            "--lang",
            "ar-EG",
        ],
    );
    assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stderr));
    let opf = zip_entry(&target, "OEBPS/content.opf");
    roxmltree::Document::parse(&opf).unwrap_or_else(|error| panic!("{error}\n{opf}"));
    assert!(opf.contains("A &quot;quoted&quot; &lt;title&gt; &amp; more</dc:title>"), "{opf}");
    assert!(opf.contains("content=\"Series &quot;with&quot; quotes &amp; a line break\""), "{opf}");
    assert_epub_valid(&target);
}

#[test]
fn empty_metadata_values_are_refused_naming_the_option() {
    let (bytes, _) = essay();
    for option in ["--title", "--author", "--series"] {
        for value in ["", "  ", "\u{1}\u{2}"] {
            let (output, _scratch, target) = convert_bytes(&bytes, "epub", &[option, value]);
            assert_refused(&output, &format!("{option}: empty"));
            assert!(!target.exists());
        }
    }
}

#[test]
fn a_language_that_is_not_bcp47_is_refused() {
    let (bytes, _) = essay();
    for tag in ["", "junk-junk-junk-junk", "ar\u{7}", "a\"b", "en_GB!"] {
        let (output, _scratch, _) = convert_bytes(&bytes, "epub", &["--lang", tag]);
        assert_refused(&output, "not a BCP 47 language tag");
    }
    let (output, _scratch, target) = convert_bytes(&bytes, "epub", &["--lang", "fa-IR"]);
    assert_eq!(output.status.code(), Some(0));
    assert!(zip_entry(&target, "OEBPS/content.opf").contains("<dc:language>fa-IR</dc:language>"));
}

#[test]
fn a_truncated_font_is_refused_naming_the_font() {
    let scratch = scratch();
    let font = scratch.path().join("Cut.ttf");
    std::fs::write(&font, &std::fs::read(root().join("fonts/Amiri-Regular.ttf")).unwrap()[..20_000]).unwrap();
    let (bytes, _) = essay();
    for format in ["epub", "pdf"] {
        let (output, _s, target) = convert_bytes(&bytes, format, &["--font", font.to_str().unwrap()]);
        assert_refused(&output, "Cut.ttf: the font file is cut short");
        assert!(!target.exists());
    }
}

#[test]
fn a_font_without_the_essays_script_is_refused() {
    let latin = ["/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"]
        .into_iter()
        .map(PathBuf::from)
        .find(|p| p.exists());
    let Some(latin) = latin else {
        eprintln!("skipping: no Latin-only system font (DejaVu) to try");
        return;
    };
    let (bytes, _) = essay();
    let (output, _scratch, _) = convert_bytes(&bytes, "pdf", &["--font", latin.to_str().unwrap()]);
    assert_refused(&output, "missing: Arabic");
    let english = std::fs::read(example("english/the-paper-road.txt")).unwrap();
    let (output, _scratch, _) = convert_bytes(&english, "pdf", &["--font", latin.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0), "a Latin face still sets an English essay");
}

#[test]
fn source_date_epoch_out_of_range_is_refused() {
    let (bytes, _) = essay();
    for value in ["253402300800", "-1", "soon"] {
        let scratch = scratch();
        let input = scratch.path().join("essay.txt");
        std::fs::write(&input, &bytes).unwrap();
        let output = warraq()
            .args(["convert", input.to_str().unwrap(), "-o", scratch.path().join("x.epub").to_str().unwrap()])
            .env("SOURCE_DATE_EPOCH", value)
            .output()
            .unwrap();
        assert_refused(&output, "SOURCE_DATE_EPOCH");
    }
}

#[test]
fn papers_with_room_for_almost_nothing_are_refused_not_a_panic() {
    let (bytes, _) = essay();
    for paper in ["200x60", "300x80", "420x100", "1000x50"] {
        let (output, _scratch, target) = convert_bytes(&bytes, "pdf", &["--paper", paper]);
        assert_refused(&output, "unknown paper size");
        assert!(!target.exists());
    }
    for paper in ["150x50", "50x150", "50x50", "1000x1000"] {
        let (output, _scratch, target) = convert_bytes(&bytes, "pdf", &["--paper", paper]);
        assert_eq!(output.status.code(), Some(0), "{paper}: {}", String::from_utf8_lossy(&output.stderr));
        assert!(std::fs::read(target).unwrap().starts_with(b"%PDF"));
    }
}

#[test]
fn endless_input_stops_at_the_size_limit() {
    let output = warraq()
        .args(["convert", "/dev/zero", "-o", scratch().path().join("x.epub").to_str().unwrap()])
        .env("WARRAQ_MAX_INPUT_MB", "2")
        .output()
        .unwrap();
    assert_refused(&output, "/dev/zero: cannot read: larger than 2 MB; set WARRAQ_MAX_INPUT_MB");
    let (bytes, _) = essay();
    let (output, _scratch, _) = convert_bytes(&bytes, "pdf", &["--font", "/dev/zero"]);
    assert_refused(&output, "/dev/zero: cannot read: larger than 64 MB; set WARRAQ_MAX_FONT_MB");
}
