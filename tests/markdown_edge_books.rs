//! Markdown at its edges, through both backends: links and code inside
//! headings, notes and list items, a link around emphasis, strong and code,
//! an address too long for the line, pictures first, twice, tall, tiny,
//! in a list, a quote and a row, code blocks long, empty, Arabic, tabbed
//! and unbroken, sixty nested emphases, English inside Arabic, narrow paper,
//! and a series mixing Markdown with pictures and plain text into an
//! omnibus. Each book must come out valid (epubcheck, qpdf, every font
//! embedded and subset), with its words on the page, the same bytes twice.

mod common;

use common::*;
use std::path::{Path, PathBuf};
use std::process::Command;
use warraq::backend::pdf::layout::{Book, PlacedLine, Role, lay_out};
use warraq::backend::pdf::page::Paper;
use warraq::fonts::FontSet;
use warraq::read::ReadOptions;

/// A PNG of one colour, `width` × `height`.
fn flat_png(width: u32, height: u32, rgb: [u8; 3]) -> Vec<u8> {
    let mut bytes = Vec::new();
    let mut encoder = png::Encoder::new(&mut bytes, width, height);
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    let data: Vec<u8> = (0..width * height).flat_map(|_| rgb).collect();
    encoder.write_header().unwrap().write_image_data(&data).unwrap();
    bytes
}

/// The link text of the long address: no space anywhere in it.
fn long_url() -> String {
    format!("https://example.org/{}/{}?q={}", "a".repeat(40), "segment-".repeat(20), "x".repeat(60))
}

/// Sixty emphases, each inside the one before, alternating `*` and `_`.
fn nested_emphasis() -> String {
    let marks = ["*", "_"];
    let opening: Vec<String> = (0..60).map(|i| format!("{}كلمة{i}", marks[i % 2])).collect();
    let closing: Vec<String> = (0..60).rev().map(|i| format!("ختام{i}{}", marks[i % 2])).collect();
    format!("{} لب {}", opening.join(" "), closing.join(" "))
}

/// The edge essay, Arabic, with its pictures beside it in `dir`.
fn edge_essay(dir: &Path) -> PathBuf {
    std::fs::write(dir.join("wide.png"), flat_png(300, 200, [30, 160, 60])).unwrap();
    std::fs::write(dir.join("tall.png"), flat_png(40, 600, [200, 30, 30])).unwrap();
    std::fs::write(dir.join("dot.png"), flat_png(1, 1, [0, 0, 255])).unwrap();
    std::fs::copy(root().join("tests/fixtures/images/grey.jpg"), dir.join("grey.jpg")).unwrap();
    let long_alt: String = "وصف \"طويل\" فيه <&> و'اقتباس' ".repeat(12).chars().take(300).collect();
    let code: Vec<String> = (1..=200).map(|i| format!("line {i}: let x{i} = {i}; // سطر {i}")).collect();
    let url = long_url();
    let text = format!(
        "---
lang: ar
title: مقالة الحواف
---
![](wide.png)

This English paragraph opens an Arabic essay, and it keeps its own left-to-right direction.

## عنوان فيه [رابط](https://example.org/h) و`code` داخله

## English heading with `code` and a [link](https://example.org/e)

فقرة فيها رابط [بخط *مائل* و**عريض** و`شفرة`](https://example.org/x) وحاشية[^code] وأخرى إنجليزية[^en].

[نص **عريض** و`شفرة`[^code]](https://example.org/l)

الرابط الطويل: [{url}]({url}) ثم نص بعده.

- بند فيه [رابط](https://example.org/li) و`شفرة`
- بند فيه صورة ![نقطة](dot.png)
  ![طويلة](tall.png)
- > اقتباس في بند
  > > اقتباس متداخل فيه `x` و[رابط](https://example.org/q)

> اقتباس فيه صورة
>
> ![{long_alt}](grey.jpg)

![](grey.jpg)
![](grey.jpg)

![مكررة](wide.png)

![واحد في واحد](dot.png)

```rust
{code}
```

```
\tتبويب\tفي\tالشفرة   
سطر عربي بمسافات زائدة    
```

```
```

```
{unbroken}
```

{nested}

> ```verse
> قفا نبك من ذكرى حبيب ومنزل ... بسقط اللوى بين الدخول فحومل
> ```

[^code]: حاشية فيها `شفرة` و[رابط](https://example.org/n) و*مائل*.
[^en]: An English footnote with a [link](https://example.org/en) and `code`.
",
        code = code.join("\n"),
        unbroken = "y".repeat(500),
        nested = nested_emphasis(),
    );
    let path = dir.join("edge.md");
    std::fs::write(&path, text).unwrap();
    path
}

/// Converts `input` to `format` twice and asserts the two are the same bytes.
fn convert_twice(input: &Path, format: &str, extra: &[&str]) -> PathBuf {
    let stem = input.file_stem().unwrap().to_str().unwrap();
    let suffix = extra.join("").replace(['-', ' '], "");
    let first = input.with_file_name(format!("{stem}{suffix}.{format}"));
    let second = input.with_file_name(format!("{stem}{suffix}-again.{format}"));
    for target in [&first, &second] {
        let output = exited_cleanly(convert(input, format, target, extra));
        assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    }
    assert!(std::fs::read(&first).unwrap() == std::fs::read(&second).unwrap(), "{format} {extra:?}: same bytes");
    first
}

fn assert_epub_valid(epub: &Path) {
    let Some(jar) = epubcheck() else { return };
    let (clean, report) = run_epubcheck(&jar, epub);
    assert!(clean, "{}: {report}", epub.display());
}

/// qpdf finds nothing wrong, and every font is embedded and subset.
fn assert_pdf_valid(pdf: &Path) {
    if validator("qpdf", &["--version"]).is_some() {
        let output = Command::new("qpdf").arg("--check").arg(pdf).output().unwrap();
        let report = String::from_utf8_lossy(&output.stdout);
        assert!(output.status.success() && report.contains("No syntax or stream encoding errors"), "{report}");
    }
    if validator("pdffonts", &["-v"]).is_some() {
        let output = Command::new("pdffonts").arg(pdf).output().unwrap();
        let report = String::from_utf8_lossy(&output.stdout).into_owned();
        let fonts: Vec<&str> = report.lines().skip(2).collect();
        assert!(!fonts.is_empty(), "{report}");
        for font in fonts {
            let columns: Vec<&str> = font.split_whitespace().collect();
            let flags = &columns[columns.len() - 5..columns.len() - 2];
            assert_eq!(flags, ["yes", "yes", "yes"], "embedded, subset, with a map to Unicode: {font}");
        }
    }
}

/// The PDF's text as pdftotext gives it, if poppler is here.
fn pdf_text(pdf: &Path) -> Option<String> {
    validator("pdftotext", &["-v"])?;
    let output = Command::new("pdftotext").arg(pdf).arg("-").output().unwrap();
    assert!(output.status.success());
    Some(String::from_utf8_lossy(&output.stdout).into_owned())
}

fn book_of(markdown: &str) -> Book {
    let reading = warraq::read_essay(markdown.as_bytes(), "essay.md", &ReadOptions::default()).unwrap();
    lay_out(&reading.document, &FontSet::default().typefaces().unwrap(), Paper::A5)
}

/// The line's text in logical order (its glyphs read against the line's
/// direction when it runs right to left).
fn logical(line: &PlacedLine) -> String {
    let texts = line.line.glyphs().map(|g| g.text);
    if line.line.rtl { texts.rev().collect() } else { texts.collect() }
}

/// Arabic inside inline code is still Arabic: it runs right to left and
/// joins, inside a stretch that keeps its place left to right. Before, the
/// whole stretch was shaped left to right, so «شفرة» was drawn as «ةرفش»,
/// letters apart, and copied out backwards.
#[test]
fn arabic_inside_inline_code_reads_right_to_left() {
    let book = book_of("# عنوان\n\nاكتب `شفرة` في السطر، ثم `echo سلام` بعدها.\n");
    let text: String = book.pages.iter().flat_map(|page| &page.lines).map(logical).collect();
    assert!(text.contains("شفرة"), "{text}");
    assert!(text.contains("سلام"), "{text}");
    assert!(!text.contains("ةرفش") && !text.contains("مالس"), "{text}");
}

/// The same, as a viewer copies it out of the PDF: in a paragraph, a
/// heading and a footnote.
#[test]
fn arabic_inline_code_copies_out_in_reading_order() {
    let scratch = scratch();
    let input = scratch.path().join("code.md");
    std::fs::write(
        &input,
        "# عنوان\n\n## قسم فيه `شفرة`\n\nفقرة فيها `سطر` مكتوب[^1].\n\n[^1]: حاشية فيها `قلم` أيضا.\n",
    )
    .unwrap();
    let pdf = convert_twice(&input, "pdf", &[]);
    let Some(text) = pdf_text(&pdf) else { return };
    for word in ["شفرة", "سطر", "قلم"] {
        assert!(text.contains(word), "{word} copies out whole: {text}");
    }
}

/// A bulleted item whose first block is code or a quote keeps its bullet,
/// level with that block's first line, as the EPUB's `<li>` shows it. Before,
/// only an item opening with a paragraph had one.
#[test]
fn a_bulleted_item_opening_with_code_or_a_quote_keeps_its_bullet() {
    let book = book_of("# بنود\n\n- ```\n  let x = 1;\n  ```\n- > اقتباس في بند\n- بند عادي\n");
    let lines: Vec<&PlacedLine> = book.pages.iter().flat_map(|page| &page.lines).collect();
    let markers: Vec<&&PlacedLine> = lines.iter().filter(|line| line.role == Role::Marker).collect();
    assert_eq!(markers.len(), 3, "one bullet an item");
    for marker in markers {
        let beside = lines.iter().find(|line| line.role != Role::Marker && line.baseline == marker.baseline);
        let beside = beside.map(|line| logical(line)).unwrap_or_default();
        assert!(["let", "اقتباس", "عادي"].iter().any(|word| beside.contains(word)), "beside {beside:?}");
    }
}

/// A picture taller than it is wide fits the screen in the EPUB, as it fits
/// the page in the PDF: a paginated reader would cut it at the page's foot.
#[test]
fn a_tall_picture_is_never_taller_than_the_screen() {
    let scratch = scratch();
    std::fs::write(scratch.path().join("tall.png"), flat_png(40, 600, [200, 30, 30])).unwrap();
    let input = scratch.path().join("tall.md");
    std::fs::write(&input, "# عمود\n\n![عمود طويل](tall.png)\n").unwrap();
    let epub = convert_twice(&input, "epub", &[]);
    let css = zip_entry(&epub, "OEBPS/stylesheet.css");
    let rule = &css[css.find("figure img {").expect("a rule for pictures")..];
    let rule = &rule[..rule.find('}').unwrap()];
    assert!(rule.contains("max-width: 100%") && rule.contains("max-height: 95vh"), "{rule}");
    assert!(rule.contains("width: auto") && rule.contains("height: auto"), "the shape is kept: {rule}");
    assert_epub_valid(&epub);
}

#[test]
fn the_edge_essay_makes_a_valid_epub() {
    let scratch = scratch();
    let input = edge_essay(scratch.path());
    let epub = convert_twice(&input, "epub", &[]);
    assert_epub_valid(&epub);
    let xhtml = zip_entry(&epub, "OEBPS/essay.xhtml");
    let text = xhtml_text(&xhtml);
    for word in ["كلمة0", "كلمة59", "لب", "ختام0", "line 200", "بند فيه", "An English footnote"] {
        assert!(text.contains(word), "{word} is in the book");
    }
    assert!(text.contains(&"y".repeat(500)), "the unbroken code line is whole");
    assert!(text.contains(&long_url()), "the long address is its own link text");
}

#[test]
fn the_edge_essay_makes_a_valid_pdf_on_every_paper() {
    let scratch = scratch();
    let input = edge_essay(scratch.path());
    for paper in [&[][..], &["--paper", "105x148"], &["--paper", "90x140"]] {
        let pdf = convert_twice(&input, "pdf", paper);
        assert_pdf_valid(&pdf);
        let Some(text) = pdf_text(&pdf) else { continue };
        // Without spaces, and without the direction marks a viewer adds around digits.
        let text: String =
            text.chars().filter(|c| !c.is_whitespace() && !matches!(c, '\u{61C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')).collect();
        for word in ["كلمة0", "كلمة59", "لب", "ختام0", "line200:", "x200=200;", "Englishfootnote", "شفرة"]
        {
            assert!(text.contains(word), "{paper:?}: {word} is on a page");
        }
        // Wrapped, the unbroken line and the address lose no character.
        assert!(text.matches('y').count() >= 500, "{paper:?}: the unbroken code line is whole");
        assert!(text.contains(&"x".repeat(60)) || text.matches('x').count() >= 60, "{paper:?}: the address is whole");
    }
}

/// A series of Markdown parts with pictures of one file name and different
/// bytes, beside a plain-text part: each part and the omnibus are valid, and
/// the omnibus keeps both pictures and both parts' notes.
#[test]
fn an_omnibus_of_markdown_and_text_parts_keeps_every_picture() {
    let scratch = scratch();
    let dir = scratch.path().join("series");
    for (sub, rgb) in [("red", [255, 0, 0]), ("blue", [0, 0, 255])] {
        std::fs::create_dir_all(dir.join(sub)).unwrap();
        std::fs::write(dir.join(sub).join("fig.png"), flat_png(60, 40, rgb)).unwrap();
    }
    std::fs::write(
        dir.join("01-first.md"),
        "# الجزء الأول\n\n![حمراء](red/fig.png)\n\nنص فيه `code` و[رابط](https://example.org/1)[^a].\n\n[^a]: حاشية الجزء الأول.\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("02-second.md"),
        "# الجزء الثاني\n\n![زرقاء](blue/fig.png)\n\nنص بعد الصورة[^a].\n\n[^a]: حاشية الجزء الثاني.\n",
    )
    .unwrap();
    std::fs::write(dir.join("03-third.txt"), "الجزء الثالث\n\nهذا جزء نصي عادي فيه فقرة واحدة تكفي.\n").unwrap();
    let out = scratch.path().join("out");
    let output = exited_cleanly(
        warraq()
            .args(["build", dir.to_str().unwrap(), "--out", out.to_str().unwrap(), "--omnibus", "-q"])
            .output()
            .unwrap(),
    );
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let mut epubs = Vec::new();
    let mut pdfs = Vec::new();
    for entry in std::fs::read_dir(&out).unwrap() {
        let path = entry.unwrap().path();
        match path.extension().and_then(|e| e.to_str()) {
            Some("epub") => epubs.push(path),
            Some("pdf") => pdfs.push(path),
            _ => {}
        }
    }
    assert_eq!((epubs.len(), pdfs.len()), (4, 4), "three parts and an omnibus in each format");
    let omnibus = epubs.iter().find(|p| p.to_string_lossy().contains("omnibus")).expect("an omnibus EPUB");
    let pictures: Vec<Vec<u8>> = {
        let file = std::fs::File::open(omnibus).unwrap();
        let zip = zip::ZipArchive::new(file).unwrap();
        let names: Vec<String> = zip
            .file_names()
            .filter_map(|name| name.ok())
            .filter(|n| n.contains("images/"))
            .map(|n| n.into_owned())
            .collect();
        names.iter().map(|name| zip_bytes(omnibus, name)).collect()
    };
    for rgb in [[255, 0, 0], [0, 0, 255]] {
        assert!(pictures.contains(&flat_png(60, 40, rgb)), "the {rgb:?} picture is in the omnibus");
    }
    for epub in &epubs {
        assert_epub_valid(epub);
    }
    for pdf in &pdfs {
        assert_pdf_valid(pdf);
    }
    let omnibus_pdf = pdfs.iter().find(|p| p.to_string_lossy().contains("omnibus")).expect("an omnibus PDF");
    let bytes = std::fs::read(omnibus_pdf).unwrap();
    let images = bytes.windows(b"/Subtype /Image".len()).filter(|w| w == b"/Subtype /Image").count();
    assert_eq!(images, 2, "both pictures are drawn in the omnibus PDF");
    // Each part numbers its notes from 1: both are at the foot of their page.
    // Before, part two's note 1 was taken for part one's and never set.
    let Some(text) = pdf_text(omnibus_pdf) else { return };
    for note in ["حاشية الجزء الأول", "حاشية الجزء الثاني"] {
        assert!(text.contains(note), "{note} is in the omnibus PDF: {text}");
    }
}
