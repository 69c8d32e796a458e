//! A Markdown essay's EPUB: links are links, code reads left to right in the
//! monospace face, pictures are in the package with their alternative text,
//! an English paragraph in an Arabic essay says its direction, and the
//! slanted, bold slanted and monospace faces ship exactly when the book sets
//! text in them, subset to that text. epubcheck passes; the same input gives
//! the same bytes.

mod common;

use common::*;
use std::io::Read;
use std::path::{Path, PathBuf};

/// An Arabic essay with every inline and block the EPUB shows.
const ESSAY: &str = r#"---
title: الورّاق والشيفرة
author: كاتب تجريبي
lang: ar
---

## مدخل

كان الورّاق ينسخ الكتب *بخطّ مائل جميل* ويبيعها في **سوق الكتبيين**، وكتب ***حاشية مائلة ثقيلة*** بيده[^1].
واسم الدالة `print_page(n)` يطبع صفحة، وفي [موسوعة الورق](https://ar.wikipedia.org/wiki/ورق) تفصيل، وانظر [ملفًا آخر](other.md).

The paper mills of Baghdad changed the making of books for ever, wrote a modern historian.

```rust
fn main() {
    println!("ورق");
}
```

![طاحونة ورق قديمة](mill.png)

وهذه الطاحونة نفسها باسم آخر:

![الطاحونة مرة ثانية](copy.png)

![](grey.jpg)

[^1]: حاشية فيها رابط إلى [المصدر](https://example.org/source).
"#;

/// A real 8 × 8 grey JPEG (baseline, 159 bytes).
const GREY_JPEG: &[u8] = &[
    0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 0x4A, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00,
    0x00, 0xFF, 0xDB, 0x00, 0x43, 0x00, 0x28, 0x1C, 0x1E, 0x23, 0x1E, 0x19, 0x28, 0x23, 0x21, 0x23, 0x2D, 0x2B, 0x28,
    0x30, 0x3C, 0x64, 0x41, 0x3C, 0x37, 0x37, 0x3C, 0x7B, 0x58, 0x5D, 0x49, 0x64, 0x91, 0x80, 0x99, 0x96, 0x8F, 0x80,
    0x8C, 0x8A, 0xA0, 0xB4, 0xE6, 0xC3, 0xA0, 0xAA, 0xDA, 0xAD, 0x8A, 0x8C, 0xC8, 0xFF, 0xCB, 0xDA, 0xEE, 0xF5, 0xFF,
    0xFF, 0xFF, 0x9B, 0xC1, 0xFF, 0xFF, 0xFF, 0xFA, 0xFF, 0xE6, 0xFD, 0xFF, 0xF8, 0xFF, 0xC0, 0x00, 0x0B, 0x08, 0x00,
    0x08, 0x00, 0x08, 0x01, 0x01, 0x11, 0x00, 0xFF, 0xC4, 0x00, 0x14, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x04, 0xFF, 0xC4, 0x00, 0x14, 0x10, 0x01, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xFF, 0xDA, 0x00, 0x08, 0x01, 0x01,
    0x00, 0x00, 0x3F, 0x00, 0x3B, 0xFF, 0xD9,
];

fn mill_png() -> Vec<u8> {
    std::fs::read(root().join("tests/fixtures/markdown/mill.png")).expect("the PNG fixture")
}

/// Writes `markdown` (and the pictures it names) into `directory` and
/// converts it; returns the EPUB's path.
fn book_of(markdown: &str, directory: &Path, name: &str) -> PathBuf {
    std::fs::write(directory.join("mill.png"), mill_png()).unwrap();
    std::fs::write(directory.join("copy.png"), mill_png()).unwrap();
    std::fs::write(directory.join("grey.jpg"), GREY_JPEG).unwrap();
    let source = directory.join(format!("{name}.md"));
    std::fs::write(&source, markdown).unwrap();
    let target = directory.join(format!("{name}.epub"));
    let output = convert(&source, "epub", &target, &["-q"]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    target
}

fn essay_book(directory: &Path) -> PathBuf {
    book_of(ESSAY, directory, "essay")
}

fn zip_bytes(archive: &Path, name: &str) -> Option<Vec<u8>> {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(archive).unwrap()).unwrap();
    let mut entry = zip.by_name(name).ok()?;
    let mut bytes = Vec::new();
    entry.read_to_end(&mut bytes).unwrap();
    Some(bytes)
}

fn parse(xhtml: &str) -> roxmltree::Document<'_> {
    let options = roxmltree::ParsingOptions { allow_dtd: true, ..Default::default() };
    roxmltree::Document::parse_with_options(xhtml, options).expect("the XHTML is well-formed")
}

fn elements<'a, 'i>(document: &'a roxmltree::Document<'i>, name: &str) -> Vec<roxmltree::Node<'a, 'i>> {
    document.descendants().filter(|node| node.has_tag_name(name)).collect()
}

/// The text inside a node, nested elements included.
fn text_of(node: roxmltree::Node) -> String {
    node.descendants().filter(|n| n.is_text()).filter_map(|n| n.text()).collect()
}

/// The manifest's items: (href, media type).
fn manifest(epub: &Path) -> Vec<(String, String)> {
    let opf = zip_entry(epub, "OEBPS/content.opf");
    let document = roxmltree::Document::parse(&opf).expect("the OPF is well-formed");
    elements(&document, "item")
        .iter()
        .map(|item| (item.attribute("href").unwrap().to_string(), item.attribute("media-type").unwrap().to_string()))
        .collect()
}

#[test]
fn links_are_anchors_with_their_addresses() {
    let scratch = scratch();
    let epub = essay_book(scratch.path());
    let xhtml = zip_entry(&epub, "OEBPS/essay.xhtml");
    let document = parse(&xhtml);
    let links: Vec<(String, String)> = elements(&document, "a")
        .iter()
        .filter(|a| a.attribute("class").is_none() && a.attribute("role").is_none())
        .map(|a| (a.attribute("href").unwrap().to_string(), text_of(*a)))
        .collect();
    assert_eq!(
        links,
        [
            ("https://ar.wikipedia.org/wiki/ورق".to_string(), "موسوعة الورق".to_string()),
            ("https://example.org/source".to_string(), "المصدر".to_string()),
        ]
    );
    // A link to a file the book does not hold stays text, its address kept.
    let unlinked = elements(&document, "span").into_iter().find(|s| s.attribute("class") == Some("link"));
    let unlinked = unlinked.expect("the link to other.md is a span");
    assert_eq!((unlinked.attribute("title"), text_of(unlinked).as_str()), (Some("other.md"), "ملفًا آخر"));
}

#[test]
fn code_reads_left_to_right() {
    let scratch = scratch();
    let epub = essay_book(scratch.path());
    let xhtml = zip_entry(&epub, "OEBPS/essay.xhtml");
    let document = parse(&xhtml);
    let pre = elements(&document, "pre");
    assert_eq!(pre.len(), 1, "one code block");
    assert_eq!(pre[0].attribute("dir"), Some("ltr"));
    let block = pre[0].first_element_child().expect("pre holds code");
    assert!(block.has_tag_name("code"));
    assert_eq!(block.attribute("class"), Some("language-rust"));
    assert_eq!(text_of(block), "fn main() {\n    println!(\"ورق\");\n}", "lines and indents as written");
    let inline: Vec<_> =
        elements(&document, "code").into_iter().filter(|c| !c.parent().unwrap().has_tag_name("pre")).collect();
    assert_eq!(inline.len(), 1);
    assert_eq!((inline[0].attribute("dir"), text_of(inline[0]).as_str()), (Some("ltr"), "print_page(n)"));
    let css = zip_entry(&epub, "OEBPS/stylesheet.css");
    assert!(css.contains("white-space: pre-wrap"), "long lines wrap");
    assert!(css.contains("font-family: \"Liberation Mono\""), "code is set in the monospace face");
}

#[test]
fn pictures_are_in_the_package_with_their_alternative_text() {
    let scratch = scratch();
    let epub = essay_book(scratch.path());
    let xhtml = zip_entry(&epub, "OEBPS/essay.xhtml");
    let document = parse(&xhtml);
    let pictures: Vec<(String, String)> = elements(&document, "img")
        .iter()
        .map(|img| {
            assert!(img.parent().unwrap().has_tag_name("figure"), "each picture is a figure of its own");
            (
                img.attribute("src").unwrap().to_string(),
                img.attribute("alt").expect("alt is always written").to_string(),
            )
        })
        .collect();
    assert_eq!(pictures.len(), 3);
    assert_eq!(pictures[0].1, "طاحونة ورق قديمة");
    assert_eq!(pictures[1].1, "الطاحونة مرة ثانية");
    assert_eq!(pictures[2].1, "", "an empty alternative text marks a picture that says nothing more");
    assert_eq!(pictures[0].0, pictures[1].0, "the same bytes are one file");
    assert_ne!(pictures[0].0, pictures[2].0);
    let items = manifest(&epub);
    for ((src, _), (bytes, media_type, extension)) in [&pictures[0], &pictures[2]]
        .into_iter()
        .zip([(mill_png(), "image/png", ".png"), (GREY_JPEG.to_vec(), "image/jpeg", ".jpg")])
    {
        assert!(src.starts_with("images/") && src.ends_with(extension), "{src}");
        let listed = items.iter().find(|(href, _)| href == src).unwrap_or_else(|| panic!("{src} is in the manifest"));
        assert_eq!(listed.1, media_type, "{src}");
        assert_eq!(
            zip_bytes(&epub, &format!("OEBPS/{src}")).as_deref(),
            Some(&bytes[..]),
            "{src} holds the same bytes"
        );
    }
    assert_eq!(items.iter().filter(|(href, _)| href.starts_with("images/")).count(), 2, "no picture listed twice");
    let css = zip_entry(&epub, "OEBPS/stylesheet.css");
    assert!(css.contains("max-width: 100%") && css.contains("height: auto"), "pictures are scaled to the measure");
}

#[test]
fn an_english_paragraph_in_an_arabic_essay_reads_left_to_right() {
    let scratch = scratch();
    let epub = essay_book(scratch.path());
    let xhtml = zip_entry(&epub, "OEBPS/essay.xhtml");
    let document = parse(&xhtml);
    let body = elements(&document, "body")[0];
    assert_eq!(body.attribute("dir"), Some("rtl"));
    let paragraphs = elements(&document, "p");
    let english =
        paragraphs.iter().find(|p| text_of(**p).starts_with("The paper mills")).expect("the English paragraph");
    assert_eq!(english.attribute("dir"), Some("ltr"));
    let arabic = paragraphs.iter().find(|p| text_of(**p).starts_with("كان الورّاق")).expect("the Arabic paragraph");
    assert_eq!(arabic.attribute("dir"), None, "a paragraph in the essay's direction follows it");
}

/// The faces a book's manifest lists.
fn fonts_in(epub: &Path) -> Vec<String> {
    manifest(epub).into_iter().filter(|(href, _)| href.starts_with("fonts/")).map(|(href, _)| href).collect()
}

/// How the font file `face` sets `word` (see [`shaped_as_seen`]).
fn shape(face: &[u8], word: &str) -> Vec<(bool, u32, i32, i32, i32)> {
    shaped_as_seen(&harfrust::Font::new(face.to_vec(), 0).expect("the face parses"), word)
}

/// The subset `file` in `epub` shapes every word of `text` as the whole face
/// does, and has a glyph for every character of `own` (words it must set).
fn assert_face_sets(epub: &Path, file: &str, whole: &[u8], text: &str, own: &str) {
    let subset = zip_bytes(epub, &format!("OEBPS/fonts/{file}")).unwrap_or_else(|| panic!("{file} is in the book"));
    assert!(subset.len() * 3 < whole.len(), "{file} is a subset ({} of {} bytes)", subset.len(), whole.len());
    for word in text.split_whitespace() {
        assert_eq!(shape(&subset, word), shape(whole, word), "{file}: «{word}» shapes as with the whole face");
    }
    for word in own.split_whitespace() {
        assert!(shape(&subset, word).iter().all(|glyph| !glyph.0), "{file} has every glyph of «{word}»");
    }
}

/// The text of every `name` element in the essay for which `keep` holds.
fn text_in(xhtml: &str, name: &str, keep: impl Fn(roxmltree::Node) -> bool) -> String {
    let document = parse(xhtml);
    elements(&document, name).into_iter().filter(|node| keep(*node)).map(|node| text_of(node) + " ").collect()
}

/// Whether `node` sits inside bold text (a heading or `strong`).
fn in_bold(node: roxmltree::Node) -> bool {
    node.ancestors().any(|a| ["strong", "h1", "h2", "h3", "h4", "h5", "h6"].contains(&a.tag_name().name()))
}

#[test]
fn each_face_ships_when_the_book_sets_text_in_it_and_covers_that_text() {
    let scratch = scratch();
    let epub = essay_book(scratch.path());
    assert_eq!(
        fonts_in(&epub),
        [
            "fonts/Amiri-Regular.ttf",
            "fonts/Amiri-Bold.ttf",
            "fonts/Amiri-Slanted.ttf",
            "fonts/Amiri-BoldSlanted.ttf",
            "fonts/LiberationMono-Regular.ttf"
        ]
    );
    let xhtml = zip_entry(&epub, "OEBPS/essay.xhtml");
    let slanted = text_in(&xhtml, "em", |_| true);
    let bold_slanted = text_in(&xhtml, "em", in_bold);
    let code = text_in(&xhtml, "code", |_| true);
    assert!(slanted.contains("بخطّ مائل جميل") && bold_slanted.contains("حاشية مائلة ثقيلة"), "{slanted}");
    let face = include_bytes!("../fonts/Amiri-Slanted.ttf");
    assert_face_sets(&epub, "Amiri-Slanted.ttf", face, &slanted, "بخطّ مائل جميل");
    let face = include_bytes!("../fonts/Amiri-BoldSlanted.ttf");
    assert_face_sets(&epub, "Amiri-BoldSlanted.ttf", face, &bold_slanted, &bold_slanted);
    // Liberation Mono has no Arabic: the Arabic in code falls back to Amiri.
    let face = include_bytes!("../fonts/LiberationMono-Regular.ttf");
    assert_face_sets(&epub, "LiberationMono-Regular.ttf", face, &code, "print_page(n) fn main() { println!(\"\"); }");
    let mono = zip_bytes(&epub, "OEBPS/fonts/LiberationMono-Regular.ttf").unwrap();
    let mono = ttf_parser::Face::parse(&mono, 0).unwrap();
    assert!(mono.glyph_index('Q').is_none(), "the monospace face keeps only what the code sets");
    // One family, told apart by style and weight, so reading systems pick the real face.
    let css = zip_entry(&epub, "OEBPS/stylesheet.css");
    let rule = |file: &str| {
        let at = css.find(&format!("url(\"fonts/{file}\")")).unwrap_or_else(|| panic!("{file} is declared"));
        css[css[..at].rfind("@font-face").unwrap()..at].to_string()
    };
    assert!(rule("Amiri-Slanted.ttf").contains("font-family: \"Amiri\""));
    assert!(
        rule("Amiri-Slanted.ttf").contains("font-style: italic")
            && rule("Amiri-Slanted.ttf").contains("font-weight: normal")
    );
    assert!(
        rule("Amiri-BoldSlanted.ttf").contains("font-style: italic")
            && rule("Amiri-BoldSlanted.ttf").contains("font-weight: bold")
    );
}

#[test]
fn a_face_the_book_does_not_set_text_in_is_left_out() {
    let scratch = scratch();
    let emphasis_only = book_of("# عنوان\n\nنص فيه *كلمة مائلة* و**كلمة ثقيلة** فقط.\n", scratch.path(), "emphasis");
    assert_eq!(
        fonts_in(&emphasis_only),
        ["fonts/Amiri-Regular.ttf", "fonts/Amiri-Bold.ttf", "fonts/Amiri-Slanted.ttf"]
    );
    let css = zip_entry(&emphasis_only, "OEBPS/stylesheet.css");
    assert!(!css.contains("BoldSlanted") && !css.contains("Liberation Mono"), "{css}");
    assert!(zip_bytes(&emphasis_only, "OEBPS/fonts/LiberationMono-Regular.ttf").is_none());

    let plain = book_of("# عنوان\n\nنص بلا تأكيد ولا شيفرة.\n", scratch.path(), "plain");
    assert_eq!(fonts_in(&plain), ["fonts/Amiri-Regular.ttf", "fonts/Amiri-Bold.ttf"]);
    let css = zip_entry(&plain, "OEBPS/stylesheet.css");
    assert!(
        !css.contains("italic") && !css.contains("figure") && !css.contains("pre"),
        "nothing for what the book lacks"
    );
}

#[test]
fn the_seed_ships_only_the_upright_faces() {
    let Some(seed) = seed() else { return };
    let scratch = scratch();
    let epub = scratch.path().join("seed.epub");
    assert!(convert(&seed, "epub", &epub, &["-q"]).status.success());
    assert_eq!(fonts_in(&epub), ["fonts/Amiri-Regular.ttf", "fonts/Amiri-Bold.ttf"]);
}

#[test]
fn the_essay_passes_epubcheck() {
    let Some(jar) = epubcheck() else { return };
    let scratch = scratch();
    let epub = essay_book(scratch.path());
    let (clean, report) = run_epubcheck(&jar, &epub);
    assert!(clean, "{report}");
}

#[test]
fn the_same_essay_gives_the_same_bytes() {
    let (first, second) = (scratch(), scratch());
    let one = std::fs::read(essay_book(first.path())).unwrap();
    let two = std::fs::read(essay_book(second.path())).unwrap();
    assert!(one == two, "two runs differ ({} and {} bytes)", one.len(), two.len());
}

#[test]
fn a_section_break_keeps_its_asterism_in_the_body_face() {
    let scratch = scratch();
    let has_mark = |epub: &Path| {
        let regular = zip_bytes(epub, "OEBPS/fonts/Amiri-Regular.ttf").unwrap();
        ttf_parser::Face::parse(&regular, 0).unwrap().glyph_index('⁂').is_some()
    };
    let with_break = book_of("# عنوان\n\nقبل الفاصل.\n\n***\n\nبعد الفاصل.\n", scratch.path(), "break");
    assert!(zip_entry(&with_break, "OEBPS/stylesheet.css").contains("content: \"⁂\""));
    assert!(has_mark(&with_break), "the style sheet draws ⁂ in the body face");
    let without = book_of("# عنوان\n\nلا فاصل هنا.\n", scratch.path(), "plain");
    assert!(!has_mark(&without), "a book without breaks does not carry the glyph");
}
