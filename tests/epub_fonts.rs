//! The EPUB's embedded faces are subsets that shape the book exactly as the
//! whole faces do, small enough, and the same bytes every time.

mod common;

use common::*;
use std::io::Read;
use std::path::{Path, PathBuf};

fn convert_epub(input: &Path, directory: &Path) -> PathBuf {
    let target = directory.join("book.epub");
    let output = convert(input, "epub", &target, &["-q"]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    target
}

fn zip_bytes(archive: &Path, name: &str) -> Vec<u8> {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(archive).unwrap()).unwrap();
    let mut entry = zip.by_name(name).unwrap_or_else(|_| panic!("{name} is in the archive"));
    let mut bytes = Vec::new();
    entry.read_to_end(&mut bytes).unwrap();
    bytes
}

/// Shapes every word of `text` with the subset and the whole face; returns the words shaped.
fn assert_same_shaping(subset: &[u8], whole: &[u8], text: &str, what: &str) -> usize {
    let subset = harfrust::Font::new(subset.to_vec(), 0).expect("the subset parses");
    let whole = harfrust::Font::new(whole.to_vec(), 0).expect("the face parses");
    let mut words: Vec<&str> = text.split_whitespace().collect();
    words.sort_unstable();
    words.dedup();
    for word in &words {
        let with_subset = shaped_as_seen(&subset, word);
        let with_whole = shaped_as_seen(&whole, word);
        assert_eq!(with_subset, with_whole, "{what}: «{word}» shapes differently with the subset");
    }
    words.len()
}

/// The text of every heading and strong span in the book's documents: what
/// the stylesheet sets in the bold face.
fn bold_text(epub: &Path) -> String {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(epub).unwrap()).unwrap();
    let mut bold = String::new();
    for index in 0..zip.len() {
        let mut entry = zip.by_index(index).unwrap();
        if !entry.name().is_ok_and(|name| name.ends_with(".xhtml")) {
            continue;
        }
        let mut xhtml = String::new();
        entry.read_to_string(&mut xhtml).unwrap();
        for tag in ["h1", "h2", "h3", "h4", "h5", "h6", "strong"] {
            for piece in xhtml.split(&format!("<{tag}")).skip(1) {
                let inner = piece.split_once('>').map_or("", |(_, rest)| rest);
                let inner = inner.split(&format!("</{tag}>")).next().unwrap_or("");
                bold.push_str(inner);
                bold.push(' ');
            }
        }
    }
    bold
}

fn check_book(input: &Path) {
    let scratch = scratch();
    let epub = convert_epub(input, scratch.path());
    let text = std::fs::read_to_string(input).unwrap();
    // The regular face shows the whole text; the bold face only headings and strong text.
    let bold = bold_text(&epub);
    let faces = [
        ("OEBPS/fonts/Amiri-Regular.ttf", &include_bytes!("../fonts/Amiri-Regular.ttf")[..], &text, 50),
        ("OEBPS/fonts/Amiri-Bold.ttf", &include_bytes!("../fonts/Amiri-Bold.ttf")[..], &bold, 5),
    ];
    for (name, whole, text, at_least) in faces {
        let subset = zip_bytes(&epub, name);
        assert!(subset.len() * 3 < whole.len(), "{name} is a subset ({} of {} bytes)", subset.len(), whole.len());
        let shaped = assert_same_shaping(&subset, whole, text, name);
        assert!(shaped >= at_least, "{name}: only {shaped} words shaped");
    }
}

#[test]
fn subset_faces_shape_every_word_of_the_seed_as_the_whole_faces() {
    let Some(seed) = seed() else { return };
    check_book(&seed);
}

#[test]
fn subset_faces_shape_every_vocalised_word_as_the_whole_faces() {
    check_book(&example("harakat/al-warraq.txt"));
}

#[test]
fn subset_keeps_ascii_and_digits_for_reading_system_labels() {
    let scratch = scratch();
    let epub = convert_epub(&example("harakat/al-warraq.txt"), scratch.path());
    let subset = zip_bytes(&epub, "OEBPS/fonts/Amiri-Regular.ttf");
    let face = ttf_parser::Face::parse(&subset, 0).unwrap();
    for c in ('!'..='~').chain('٠'..='٩').chain("«»،؛؟…".chars()) {
        assert!(face.glyph_index(c).is_some(), "{c:?} is kept");
    }
}

#[test]
fn seed_epub_is_small_and_the_same_every_time() {
    let Some(seed) = seed() else { return };
    let scratch = scratch();
    let first = std::fs::read(convert_epub(&seed, scratch.path())).unwrap();
    let again = scratch.path().join("again.epub");
    let output = convert(&seed, "epub", &again, &["-q"]);
    assert!(output.status.success());
    assert_eq!(first, std::fs::read(&again).unwrap(), "byte-identical between runs");
    let cover = zip::ZipArchive::new(std::io::Cursor::new(&first))
        .unwrap()
        .by_name("OEBPS/cover.png")
        .unwrap()
        .compressed_size();
    let without_cover = first.len() - cover as usize;
    assert!(without_cover <= 140_000, "the seed EPUB is {without_cover} bytes without its cover");
    assert!(first.len() <= 170_000, "the seed EPUB is {} bytes with its cover", first.len());
}
