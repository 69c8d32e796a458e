//! A Markdown essay in the PDF: emphasis slanted, strong bold, code in the
//! monospaced face and left to right, an English quotation set left to
//! right inside Arabic, and links that a viewer can click.

mod common;

use common::*;
use std::path::{Path, PathBuf};
use std::process::Command;
use warraq::backend::pdf::layout::{Book, PlacedLine, Role, lay_out};
use warraq::backend::pdf::page::Paper;
use warraq::fonts::{FontSet, Style};
use warraq::read::ReadOptions;

const URL: &str = "https://example.com/warraq/docs";

/// The words of the link, which the essay breaks across two lines on A5.
const LINK_TEXT: &str = "صفحة المشروع الطويلة على الشبكة العالمية للمعلومات";

const ESSAY: &str = "# الورق والحبر

كانت صناعة الورق في بغداد *صناعة دقيقة* يتقنها **أهل الحرفة** من الوراقين، وكان الخطاط يكتب بالحبر الأسود على ***ورق صقيل*** لا يمتص المداد، ويحفظ الكتب في خزائن من خشب الأرز.

يكتب المبرمج الأمر `cargo build --release -j 2` ثم ينتظر حتى ينتهي البناء، ومن أراد الاستزادة فليقرأ [صفحة المشروع الطويلة على الشبكة العالمية للمعلومات](https://example.com/warraq/docs) قبل أن يبدأ في العمل على الكتاب.

```
fn main() {
    let pages = 12;
    println!(\"pages: {}\", pages); // a long comment that runs past the end of the measure of the page
}
```

> The paper makers of Samarkand learned their craft from Chinese prisoners, or so the old story goes, and within a century the mills of Baghdad were turning rags into sheets for the copyists of the whole city.

## *عنوان* مائل

وبعد ذلك انتقلت الصناعة إلى القاهرة وفاس وشاطبة في الأندلس، ومنها إلى أوروبا في القرن الثاني عشر.

وكان سوق الوراقين في بغداد عامراً بالدكاكين، يجلس فيها النساخ والعلماء والأدباء، يقرؤون ويكتبون ويتناظرون، ويشترون الورق والحبر والأقلام، ويبيعون الكتب المنسوخة بخطوط جميلة.

Paper reached Europe through Spain and Sicily, and the first mills north of the mountains came long after Baghdad had its market.
";

/// The essay's words as a reader sees them: no markup, no link target.
fn plain_words() -> String {
    ESSAY.replace(&format!("]({URL})"), "").replace(['*', '`', '#', '>', '['], "")
}

fn write_essay(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

fn book_of(text: &str) -> Book {
    let reading = warraq::read_essay(text.as_bytes(), "essay.md", &ReadOptions::default()).unwrap();
    lay_out(&reading.document, &FontSet::default().typefaces().unwrap(), Paper::A5)
}

fn pdf_of(dir: &Path, name: &str, text: &str) -> PathBuf {
    let input = write_essay(dir, name, text);
    let pdf = dir.join(name).with_extension("pdf");
    exited_cleanly(convert(&input, "pdf", &pdf, &[]));
    pdf
}

/// Every (page index, line) of the book.
fn lines(book: &Book) -> impl Iterator<Item = (usize, &PlacedLine)> {
    book.pages.iter().enumerate().flat_map(|(index, page)| page.lines.iter().map(move |line| (index, line)))
}

/// The line's text in logical order (its glyphs read against the line's direction when it runs right to left).
fn logical(line: &PlacedLine) -> String {
    let texts = line.line.glyphs().map(|g| g.text);
    if line.line.rtl { texts.rev().collect() } else { texts.collect() }
}

#[test]
fn each_span_is_drawn_in_its_own_face() {
    let book = book_of(ESSAY);
    let face_of = |word: &str| -> Vec<Style> {
        let mut faces: Vec<Style> = lines(&book)
            .flat_map(|(_, line)| {
                let text = logical(line);
                let Some(at) = text.find(word) else { return Vec::new() };
                // The glyphs whose clusters fall in the word, by their place in the logical text.
                let mut offset = 0;
                let ordered: Vec<_> =
                    if line.line.rtl { line.line.glyphs().rev().collect() } else { line.line.glyphs().collect() };
                let mut faces = Vec::new();
                for glyph in ordered {
                    if offset >= at && offset < at + word.len() && !glyph.text.trim().is_empty() {
                        faces.push(glyph.face);
                    }
                    offset += glyph.text.len();
                }
                faces
            })
            .collect();
        faces.dedup();
        faces
    };
    assert_eq!(face_of("دقيقة"), vec![Style::Slanted]);
    assert_eq!(face_of("الحرفة"), vec![Style::Bold]);
    assert_eq!(face_of("صقيل"), vec![Style::BoldSlanted]);
    // The inline code, read left to right on the page (its visual order),
    // is the code as written: not reordered by the Arabic around it.
    let code: String = lines(&book)
        .flat_map(|(_, line)| line.line.glyphs().filter(|g| g.face == Style::Mono && line.role != Role::Code))
        .map(|g| g.text)
        .collect();
    assert_eq!(code.trim(), "cargo build --release -j 2");
    assert_eq!(face_of("الوراقين"), vec![Style::Regular]);
    assert_eq!(face_of("عنوان"), vec![Style::BoldSlanted], "emphasis in a heading is bold and slanted");
    assert_eq!(face_of("مائل"), vec![Style::Bold], "a heading stays bold");
}

#[test]
fn the_fonts_embedded_are_exactly_the_faces_used() {
    let scratch = scratch();
    let all = std::fs::read(pdf_of(scratch.path(), "all.md", ESSAY)).unwrap();
    let plain = std::fs::read(pdf_of(scratch.path(), "plain.md", "# عنوان\n\nنص بلا زينة ولا رموز.\n")).unwrap();
    let slanted_only =
        std::fs::read(pdf_of(scratch.path(), "slanted.md", "# عنوان\n\nنص فيه *كلمة مائلة* فقط.\n")).unwrap();
    // Font dictionaries are not compressed: the subset names are in the bytes.
    let has = |pdf: &[u8], name: &str| {
        let needle = format!("+{name}");
        pdf.windows(needle.len()).any(|window| window == needle.as_bytes())
    };
    let faces = ["Amiri-Regular", "Amiri-Bold", "Amiri-Slanted", "Amiri-BoldSlanted", "LiberationMono"];
    for face in faces {
        assert!(has(&all, face), "{face} is used by the essay and embedded");
    }
    assert!(has(&plain, "Amiri-Regular") && has(&plain, "Amiri-Bold"));
    for face in &faces[2..] {
        assert!(!has(&plain, face), "{face} is not used by the plain essay, and not written");
    }
    assert!(has(&slanted_only, "Amiri-Slanted"));
    assert!(!has(&slanted_only, "Amiri-BoldSlanted") && !has(&slanted_only, "LiberationMono"));
    if validator("pdffonts", &["-v"]).is_some() {
        let output = Command::new("pdffonts").arg(scratch.path().join("all.pdf")).output().unwrap();
        let listing = String::from_utf8_lossy(&output.stdout);
        for face in faces {
            let line = listing.lines().find(|line| line.contains(&format!("+{face} "))).unwrap_or_default();
            assert!(line.contains("yes yes yes"), "{face} embedded, subset, with ToUnicode: {listing}");
        }
    }
}

#[test]
fn a_link_is_clickable_over_its_words_on_each_line() {
    let book = book_of(ESSAY);
    let linked: Vec<(usize, &PlacedLine)> = lines(&book).filter(|(_, line)| !line.links.is_empty()).collect();
    let baselines: std::collections::BTreeSet<i32> = linked.iter().map(|(_, l)| l.baseline as i32).collect();
    assert!(baselines.len() >= 2, "the essay's link breaks across lines");
    let mut covered = String::new();
    for (_, line) in &linked {
        let boxes = line.link_boxes();
        assert!(!boxes.is_empty());
        for link_box in &boxes {
            assert_eq!(link_box.url, URL);
            let [left, bottom, right, top] = link_box.rect;
            assert!(bottom < line.baseline && line.baseline < top, "the box is on its line");
            // Every glyph inside the box belongs to the link, and the box is no wider than they are.
            let inside: Vec<_> = line
                .line
                .glyphs()
                .filter(|g| {
                    let middle = line.x + g.x + g.advance / 2.0;
                    left <= middle && middle <= right
                })
                .collect();
            assert!(!inside.is_empty());
            let link = &line.links[0];
            assert!(inside.iter().all(|g| link.clusters.contains(&g.cluster)), "only the link's glyphs are under it");
        }
        // All the line's glyphs of the link are under a box.
        let link = &line.links[0];
        for glyph in line.line.glyphs().filter(|g| link.clusters.contains(&g.cluster)) {
            let middle = line.x + glyph.x + glyph.advance / 2.0;
            assert!(boxes.iter().any(|b| b.rect[0] <= middle && middle <= b.rect[2]), "a link glyph is not clickable");
        }
        let text = logical(line);
        covered.push_str(&text);
        covered.push(' ');
    }
    for word in LINK_TEXT.split(' ') {
        assert!(covered.contains(word), "{word} is on a linked line");
    }
}

#[test]
fn a_viewer_finds_the_link_annotations_over_the_words() {
    let scratch = scratch();
    let pdf = pdf_of(scratch.path(), "essay.md", ESSAY);
    let bytes = std::fs::read(&pdf).unwrap();
    let text = String::from_utf8_lossy(&bytes);
    assert!(text.contains(&format!("/URI ({URL})")), "a URI action carries the URL");
    assert!(text.contains("/Border [0 0 0]"), "links have no visible border");
    let count = |needle: &str| text.matches(needle).count();
    assert!(count("/Subtype /Link") >= 2, "one annotation per line piece");
    assert_eq!(count("/S /Link"), count("/Subtype /Link"), "each annotation has its /Link element");
    assert_eq!(count("/Type /OBJR"), count("/Subtype /Link"), "which points at it");
    // PyMuPDF, when present: the links as a viewer sees them, and the words under them.
    if validator("/usr/bin/python3", &["-c", "import fitz"]).is_none() {
        return;
    }
    let script = "import sys, fitz\nd = fitz.open(sys.argv[1])\nfor p in d:\n    for l in p.get_links():\n        print(l['uri'] + '\\t' + ' '.join(p.get_textbox(l['from']).split()))";
    let output = Command::new("/usr/bin/python3").args(["-W", "ignore", "-c", script]).arg(&pdf).output().unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let listing = String::from_utf8_lossy(&output.stdout);
    let links: Vec<(&str, &str)> = listing.lines().filter_map(|line| line.split_once('\t')).collect();
    assert!(links.len() >= 2, "one link annotation per line piece: {listing}");
    let mut under = String::new();
    for (uri, words) in &links {
        assert_eq!(*uri, URL);
        for word in words.split(' ') {
            assert!(LINK_TEXT.split(' ').any(|w| w == word), "{word:?} is under the link but not in it");
        }
        under.push_str(words);
        under.push(' ');
    }
    for word in LINK_TEXT.split(' ') {
        assert!(under.contains(word), "{word} is not under any link: {listing}");
    }
}

#[test]
fn code_lines_start_at_the_left_edge_of_the_text_block() {
    let book = book_of(ESSAY);
    let code: Vec<(usize, &PlacedLine)> = lines(&book).filter(|(_, line)| line.role == Role::Code).collect();
    assert!(code.len() >= 5, "four source lines, one of them wrapped");
    let (page, _) = code[0];
    assert!(code.iter().all(|(p, _)| *p == page), "a short code block is kept on one page");
    let left = book.geometry.left_edge(page + 1, true);
    let starts = |prefix: &str| code.iter().find(|(_, line)| logical(line).starts_with(prefix)).map(|(_, l)| l.x);
    for prefix in ["fn main", "}"] {
        let x = starts(prefix).unwrap();
        assert!((x - left).abs() < 0.01, "{prefix:?} starts at the left edge: {x} vs {left}");
    }
    let size = code[0].1.size;
    let indented = starts("let pages").unwrap();
    assert!(indented > left + 3.0 * 0.5 * size, "leading spaces indent the line: {indented}");
    let continuation = starts("that runs").or(starts("the end")).or(starts("page")).unwrap();
    assert!(continuation > indented, "a wrapped line goes on further in: {continuation} vs {indented}");
    assert!(code.iter().all(|(_, line)| !line.line.rtl && line.line.kashidas == 0));
    assert!(code.iter().all(|(_, line)| line.line.glyphs().all(|g| g.face == Style::Mono)));
    assert!(code.iter().all(|(_, line)| line.right() <= left + book.geometry.measure() + 0.01));
}

#[test]
fn the_english_quotation_reads_left_to_right_from_the_left() {
    let book = book_of(ESSAY);
    let quote: Vec<(usize, &PlacedLine)> = lines(&book).filter(|(_, line)| line.role == Role::Quote).collect();
    assert!(quote.len() >= 3);
    let starts: Vec<f32> = quote.iter().map(|(_, line)| line.x).collect();
    let first = starts[0];
    assert!(starts.iter().all(|x| (x - first).abs() < 0.01), "every line starts at one left edge: {starts:?}");
    let (page, _) = quote[0];
    let left = book.geometry.left_edge(page + 1, true);
    assert!(first > left && first < left + book.geometry.measure() / 4.0, "inset from the left edge: {first}");
    assert!(quote.iter().all(|(_, line)| !line.line.rtl && line.line.kashidas == 0));
    let text = logical(quote[0].1);
    assert!(text.starts_with("The paper makers"), "{text}");
    // The lines but the last are justified to one right edge, the last is not.
    let rights: Vec<f32> = quote.iter().map(|(_, line)| line.right()).collect();
    let full = rights[0];
    assert!(rights[..rights.len() - 1].iter().all(|r| (r - full).abs() < 0.01), "{rights:?}");
    assert!(rights[rights.len() - 1] < full - 1.0, "the last line ends short, on the right: {rights:?}");
}

#[test]
fn an_english_paragraph_in_arabic_is_indented_and_justified_from_the_left() {
    let book = book_of(ESSAY);
    let english: Vec<(usize, &PlacedLine)> = lines(&book)
        .filter(|(_, line)| line.role == Role::Body && !line.line.rtl && logical(line).is_ascii())
        .filter(|(_, line)| line.line.glyphs().any(|g| g.text.chars().any(char::is_alphabetic)))
        .collect();
    assert_eq!(book.meta.direction, warraq::document::Direction::Rtl, "an Arabic essay");
    assert!(english.len() >= 2, "the English paragraph is set left to right");
    assert!(logical(english[0].1).starts_with("Paper reached Europe"));
    let (page, first) = english[0];
    let left = book.geometry.left_edge(page + 1, true);
    let measure = book.geometry.measure();
    assert!(first.x > left + 5.0, "its first line is indented on the left: {} vs {left}", first.x);
    for (page, line) in &english[1..] {
        let left = book.geometry.left_edge(page + 1, true);
        assert!((line.x - left).abs() < 0.01, "later lines start at the left edge: {} vs {left}", line.x);
    }
    for (page, line) in &english[..english.len() - 1] {
        let right = book.geometry.left_edge(page + 1, true) + measure;
        assert!((line.right() - right).abs() < 0.01, "justified to the right edge: {}", line.right());
        assert_eq!(line.line.kashidas, 0, "Latin is never justified with kashida");
    }
    // The Arabic paragraphs still run right to left.
    assert!(lines(&book).any(|(_, line)| line.role == Role::Body && line.line.rtl));
}

#[test]
fn the_markdown_pdf_passes_qpdf_check() {
    let Some(qpdf) = validator("qpdf", &["--version"]) else { return };
    let scratch = scratch();
    let pdf = pdf_of(scratch.path(), "essay.md", ESSAY);
    let output = Command::new(qpdf).arg("--check").arg(&pdf).output().unwrap();
    let report = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{report}");
    assert!(report.contains("No syntax or stream encoding errors"), "{report}");
    assert!(!report.to_lowercase().contains("warning"), "{report}");
}

/// What holds today in four engines for this essay (see the report of
/// this test's commit): every word is found by MuPDF's and PDFium's own
/// search. Not yet: recall 1.0 and extra 0. The left-to-right code inside
/// Arabic is marked at its edges with U+061C (counted as extra), and PDFium
/// reads every left-to-right line of a /Direction /R2L document in reverse
/// word order (it forces the viewer preference on each line), as it did
/// before for an English paragraph in an Arabic plain-text essay.
#[test]
fn viewers_find_every_word_of_the_markdown_essay() {
    let scratch = scratch();
    let pdf = pdf_of(scratch.path(), "essay.md", ESSAY);
    let source = write_essay(scratch.path(), "essay.txt", &plain_words());
    let Some(engines) = pdfsearch(&source, &pdf, &["--engines", "mupdf,pdfium"]) else { return };
    for (name, figures) in &engines {
        let figure = |key: &str| figures[key].as_f64().unwrap();
        assert!(figure("words") >= 0.99, "{name}: {figures}");
        assert!(figure("marked") >= 0.99, "{name}: {figures}");
        // Only the direction marks at the two edges of the inline code.
        assert!(figure("extra") <= 2.0, "{name}: {figures}");
    }
}

/// The words of the Markdown example as a reader sees them, one text a line:
/// the title page, then every text of the tree in reading order (markup,
/// front matter and addresses are not text).
fn example_words() -> String {
    let output = run(&["convert", example("markdown/essay.md").to_str().unwrap(), "--to", "json", "-o", "-"]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let tree: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    fn texts(blocks: &serde_json::Value, out: &mut Vec<String>) {
        for block in blocks.as_array().into_iter().flatten() {
            let text = |value: &serde_json::Value| value["text"].as_str().unwrap_or_default().to_string();
            match block["type"].as_str().unwrap_or_default() {
                "list" => block["items"].as_array().into_iter().flatten().for_each(|item| texts(item, out)),
                "quote" => texts(&block["blocks"], out),
                "verse" => out.extend(
                    block["bayts"]
                        .as_array()
                        .into_iter()
                        .flatten()
                        .map(|bayt| bayt.as_array().into_iter().flatten().map(text).collect::<Vec<_>>().join(" ")),
                ),
                "notes" => out.extend(
                    block["notes"]
                        .as_array()
                        .into_iter()
                        .flatten()
                        .map(|note| format!("{} {}", note["marker"].as_str().unwrap_or_default(), text(note))),
                ),
                "image" | "break" => {}
                _ => out.push(text(block)),
            }
        }
    }
    let meta = &tree["meta"];
    let mut lines: Vec<String> =
        ["title", "subtitle", "author"].iter().filter_map(|key| meta[key].as_str().map(str::to_string)).collect();
    texts(&tree["blocks"], &mut lines);
    lines.join("\n\n") + "\n"
}

/// The Markdown example in four viewer engines, held to what it gives today
/// (the figures are in BENCHMARKS.md): every word found by MuPDF's, PDFium's
/// and pdf.js's own search, and most two-word phrases. Poppler joins the
/// first two words of each right-to-left line (issue 8), which short list
/// items make frequent; PDFium reads the English quotation's lines in reverse
/// word order, which costs it recall but not search.
#[test]
fn viewers_find_the_words_and_phrases_of_the_markdown_example() {
    let scratch = scratch();
    let pdf = scratch.path().join("essay.pdf");
    let output = convert(&example("markdown/essay.md"), "pdf", &pdf, &[]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let source = write_essay(scratch.path(), "essay.txt", &example_words());
    let Some(engines) = pdfsearch(&source, &pdf, &[]) else { return };
    for (name, figures) in &engines {
        let figure = |key: &str| figures[key].as_f64().unwrap();
        let (words, phrases, marked) = match name.as_str() {
            "poppler" => (0.80, 0.70, 0.85),
            _ => (0.99, 0.93, 0.85),
        };
        assert!(figure("words") >= words, "{name}: {figures}");
        assert!(figure("phrases") >= phrases, "{name}: {figures}");
        assert!(figure("marked") >= marked, "{name}: {figures}");
        // The direction marks at the edges of Latin runs inside Arabic (issue 8), and no more.
        assert!(figure("extra") <= 20.0, "{name}: {figures}");
    }
}
