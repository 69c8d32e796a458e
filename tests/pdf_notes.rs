//! Footnotes in the PDF: each note at the foot of the page whose line cites
//! it (or continued onto the next page), under a rule, never overlapped by
//! the text; the marker in the text a superscript that still extracts as
//! its characters; notes cited nowhere set at the end.
//!
//! The essay (docs/notes-and-verse.txt) is read as plain text and given its
//! notes, refs and poem here, so these tests do not wait on the reader.

mod common;

use common::*;
use warraq::backend::pdf::Pdf;
use warraq::backend::pdf::layout::{Book, PlacedLine, Role, lay_out};
use warraq::backend::pdf::page::Paper;
use warraq::backend::{Backend, RenderOptions};
use warraq::document::{Block, Document, Note, Span, SpanKind, Text};
use warraq::fonts::FontSet;
use warraq::read::{ReadOptions, read};

/// The sample essay with notes and a poem.
fn sample() -> std::path::PathBuf {
    root().join("docs/notes-and-verse.txt")
}

/// `«(n)»` at `at` in `text`: the marker's length and its number.
fn marker_at(text: &str, at: usize) -> Option<(usize, u32)> {
    let rest = text[at..].strip_prefix('(')?;
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    let number = digits.parse().ok()?;
    rest[digits.len()..].starts_with(')').then_some((digits.len() + 2, number))
}

/// Gives a plainly read essay its structure: paragraphs «صدر ... عجز» are
/// bayts (a run of them is one poem), paragraphs «(n) …» after the heading
/// الهوامش are notes, and «(n)» elsewhere cites note n.
fn structured(document: Document) -> Document {
    let mut blocks = Vec::new();
    let mut notes: Vec<Note> = Vec::new();
    let mut in_notes = false;
    for block in document.blocks {
        match block {
            Block::Heading { ref text, .. } if text.as_str() == "الهوامش" => in_notes = true,
            Block::Paragraph(text) if in_notes => match marker_at(&text.text, 0) {
                Some((length, number)) => notes.push(Note {
                    number,
                    marker: text.text[..length].to_string(),
                    text: Text::plain(text.text[length..].trim()),
                }),
                None => blocks.push(Block::Paragraph(text)),
            },
            Block::Paragraph(text) if text.text.contains(" ... ") => {
                let bayt = text.text.split(" ... ").map(|half| Text::plain(half.trim())).collect();
                match blocks.last_mut() {
                    Some(Block::Verse { bayts }) => bayts.push(bayt),
                    _ => blocks.push(Block::Verse { bayts: vec![bayt] }),
                }
            }
            Block::Paragraph(mut text) => {
                let spans: Vec<Span> = text
                    .text
                    .char_indices()
                    .filter_map(|(at, _)| marker_at(&text.text, at).map(|(length, note)| (at, length, note)))
                    .map(|(start, length, note)| Span { start, end: start + length, kind: SpanKind::NoteRef { note } })
                    .collect();
                text.spans.extend(spans);
                blocks.push(Block::Paragraph(text));
            }
            other => blocks.push(other),
        }
    }
    if !notes.is_empty() {
        blocks.push(Block::Notes { heading: Some(Text::plain("الهوامش")), notes });
    }
    Document { meta: document.meta, blocks }
}

fn essay() -> Document {
    let bytes = std::fs::read(sample()).unwrap();
    structured(read(&bytes, &ReadOptions::default()).unwrap().document)
}

fn book(document: &Document) -> Book {
    lay_out(document, &FontSet::default().typefaces().unwrap(), Paper::A5)
}

/// Top and bottom of a line's ink, generously: Amiri's marks reach far above and below.
fn extent(line: &PlacedLine) -> (f32, f32) {
    (line.baseline + line.size * 1.1, line.baseline - line.size * 0.6)
}

fn text_lines(page: &warraq::backend::pdf::layout::Page) -> impl Iterator<Item = &PlacedLine> {
    page.lines.iter().filter(|l| !matches!(l.role, Role::RunningHead | Role::Folio | Role::Note))
}

#[test]
fn every_note_is_at_the_foot_of_the_page_that_cites_it_or_the_next() {
    let document = essay();
    let book = book(&document);
    let mut cited_on = std::collections::BTreeMap::new();
    for (index, page) in book.pages.iter().enumerate() {
        for line in text_lines(page) {
            for &note in &line.notes {
                cited_on.entry(note).or_insert(index);
            }
        }
    }
    assert_eq!(cited_on.len(), 10, "all ten markers are cited: {cited_on:?}");
    let mut seen = std::collections::BTreeSet::new();
    for (index, page) in book.pages.iter().enumerate() {
        for line in page.lines.iter().filter(|l| l.role == Role::Note) {
            let note = line.notes[0];
            let cited = cited_on[&note];
            // A note starts on its citing page; only a continuation may sit on the next.
            let first_time = seen.insert(note);
            assert!(
                index == cited || (!first_time && index == cited + 1),
                "note {note} is on page {} but cited on page {}",
                index + 1,
                cited + 1
            );
        }
    }
    assert_eq!(seen.len(), 10, "every footnote is set");
}

#[test]
fn no_line_of_text_overlaps_a_note() {
    let book = book(&essay());
    let mut pages_with_notes = 0;
    for (index, page) in book.pages.iter().enumerate() {
        let Some(highest_note) =
            page.lines.iter().filter(|l| l.role == Role::Note).map(|l| extent(l).0).reduce(f32::max)
        else {
            continue;
        };
        pages_with_notes += 1;
        let rule = page.rules.first().expect("a rule over the notes");
        assert!(rule.y > highest_note - 0.8 * book.geometry.paper.height / 100.0, "the rule sits above the notes");
        for line in text_lines(page) {
            assert!(
                extent(line).1 > highest_note && extent(line).1 > rule.y,
                "page {}: a line at {} reaches down to {}, into the notes (top {highest_note}, rule {})",
                index + 1,
                line.baseline,
                extent(line).1,
                rule.y
            );
        }
    }
    assert!(pages_with_notes >= 3, "the notes are spread over the pages: {pages_with_notes}");
}

#[test]
fn the_rule_is_short_and_on_the_reading_start_side() {
    let book = book(&essay());
    for (index, page) in book.pages.iter().enumerate() {
        for rule in &page.rules {
            let left = book.geometry.left_edge(index + 1, true);
            let right = left + book.geometry.measure();
            assert!((rule.x + rule.width - right).abs() < 0.01, "an Arabic rule ends at the right edge");
            assert!(rule.width < book.geometry.measure() / 2.0, "and is short");
        }
    }
}

#[test]
fn a_note_too_long_for_its_page_continues_on_the_next() {
    // The same essay with its third note ten times as long: it cannot fit at one foot.
    let mut document = essay();
    if let Some(Block::Notes { notes, .. }) = document.blocks.last_mut() {
        let long = [notes[2].text.text.as_str(); 10].join(" ");
        notes[2].text = Text::plain(long);
    }
    let book = book(&document);
    let pages: Vec<usize> = book
        .pages
        .iter()
        .enumerate()
        .filter(|(_, page)| page.lines.iter().any(|l| l.role == Role::Note && l.notes == [3]))
        .map(|(index, _)| index)
        .collect();
    assert!(pages.len() >= 2, "the long note runs over two pages: {pages:?}");
    assert_eq!(pages[1], pages[0] + 1, "on consecutive pages");
    // On the next page it comes first, before that page's own notes.
    let next = &book.pages[pages[1]];
    let first = next.lines.iter().filter(|l| l.role == Role::Note).max_by(|a, b| a.baseline.total_cmp(&b.baseline));
    assert_eq!(first.map(|l| l.notes.clone()), Some(vec![3]), "the continuation heads the foot");
    for page in &book.pages {
        let Some(top) = page.lines.iter().filter(|l| l.role == Role::Note).map(|l| extent(l).0).reduce(f32::max) else {
            continue;
        };
        assert!(text_lines(page).all(|l| extent(l).1 > top), "no text over the long note");
    }
}

#[test]
fn notes_carried_past_the_last_line_of_text_are_set_once() {
    // A Markdown essay whose last sentence cites a long note: the foot runs
    // on for pages after the text has ended.
    let note = "حاشية طويلة عن الورق والحبر والوراقين في بغداد وسمرقند. ".repeat(120);
    let essay = format!("# الورق\n\nكان الورق سلعة تباع في الأسواق.\n\nثم صار صناعة لها أهلها.[^1]\n\n[^1]: {note}\n");
    let reading = warraq::read::read_with(
        essay.as_bytes(),
        warraq::read::Format::Markdown,
        &ReadOptions::default(),
        std::path::Path::new("."),
    )
    .unwrap();
    let book = book(&reading.document);
    let pages: Vec<usize> =
        (0..book.pages.len()).filter(|&index| book.pages[index].lines.iter().any(|l| l.role == Role::Note)).collect();
    assert!(pages.len() >= 3, "the note runs over several pages: {pages:?}");
    for (index, page) in book.pages.iter().enumerate() {
        let mut baselines: Vec<f32> = page.lines.iter().filter(|l| l.role == Role::Note).map(|l| l.baseline).collect();
        let count = baselines.len();
        baselines.sort_by(f32::total_cmp);
        baselines.dedup();
        assert_eq!(baselines.len(), count, "page {} of {} sets a note line twice", index + 1, book.pages.len());
    }
}

#[test]
fn markers_are_superscripts_and_notes_are_smaller() {
    let book = book(&essay());
    let lines: Vec<&PlacedLine> = book.pages.iter().flat_map(|p| &p.lines).collect();
    let citing: Vec<&&PlacedLine> = lines.iter().filter(|l| l.role == Role::Body && !l.notes.is_empty()).collect();
    assert!(!citing.is_empty());
    for line in &citing {
        assert_eq!(line.raised.len(), line.notes.len(), "each marker is raised");
        for mark in &line.raised {
            assert!(mark.scale < 0.9 && mark.rise > 0.0, "smaller and raised: {mark:?}");
        }
    }
    let body = lines.iter().find(|l| l.role == Role::Body).unwrap().size;
    let note = lines.iter().find(|l| l.role == Role::Note).unwrap().size;
    assert!((note / body - 0.8).abs() < 0.05, "notes are set at 0.8 of the text: {note} / {body}");
}

#[test]
fn notes_cited_nowhere_stay_at_the_end_under_their_heading() {
    let mut document = essay();
    if let Some(Block::Notes { notes, .. }) = document.blocks.last_mut() {
        notes.push(Note {
            number: 11, marker: "(11)".into(), text: Text::plain("هامش لا يشير إليه شيء في المتن.")
        });
    }
    let book = book(&document);
    let last = book.pages.last().unwrap();
    let endnote = last.lines.iter().find(|l| l.role == Role::Note && l.notes == [11]).expect("the endnote is set");
    let heading = last.lines.iter().find(|l| l.role == Role::Heading).expect("under the notes heading");
    assert!(heading.baseline > endnote.baseline);
    let footnotes: usize = book.pages.iter().flat_map(|p| &p.lines).filter(|l| l.notes == [11]).count();
    assert_eq!(footnotes, 1, "set once, as an endnote");
}

#[test]
fn the_pdf_is_valid_and_the_same_twice() {
    let document = essay();
    let options = RenderOptions::default();
    let first = Pdf.render(&document, &options).unwrap().bytes;
    let second = Pdf.render(&document, &options).unwrap().bytes;
    assert!(first == second, "byte-identical between runs");
    let dir = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR"));
    let path = dir.join("notes-and-verse.pdf");
    std::fs::write(&path, &first).unwrap();
    // Its text in printed order (each page's notes after its text), for
    // pdfsearch's in-order recall.
    std::fs::write(dir.join("notes-and-verse-printed.txt"), printed_text(&document)).unwrap();
    // The same essay read plainly (markers as text, notes and bayts as
    // paragraphs), to compare what extractors find in each.
    let plain = read(&std::fs::read(sample()).unwrap(), &ReadOptions::default()).unwrap().document;
    std::fs::write(dir.join("notes-and-verse-plain.pdf"), Pdf.render(&plain, &options).unwrap().bytes).unwrap();
    if let Some(qpdf) = validator("qpdf", &["--version"]) {
        let output = std::process::Command::new(qpdf).arg("--check").arg(&path).output().unwrap();
        assert!(output.status.success(), "qpdf --check: {}", String::from_utf8_lossy(&output.stdout));
    }
    if let Some(pdftotext) = validator("pdftotext", &["-v"]) {
        let output = std::process::Command::new(pdftotext).arg(&path).arg("-").output().unwrap();
        // Without the direction marks poppler and our carriers add around digits.
        let text: String = String::from_utf8_lossy(&output.stdout)
            .chars()
            .filter(|c| !matches!(c, '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'))
            .collect();
        assert!(text.contains("سمرقند مدينة في بلاد"), "a note's text extracts: {text}");
        assert!(text.contains("سمرقند(1)"), "a marker extracts as written, after its word: {text}");
    }
}

/// The book's text in printed order, a line per set line (each page's notes
/// after its text), without running heads and folios.
fn printed_text(document: &Document) -> String {
    let book = book(document);
    let printed: Vec<String> = book
        .pages
        .iter()
        .flat_map(|page| &page.lines)
        .filter(|line| !matches!(line.role, Role::RunningHead | Role::Folio))
        .map(|line| {
            let mut glyphs: Vec<_> = line.line.glyphs().collect();
            glyphs.sort_by_key(|g| g.cluster);
            glyphs.iter().map(|g| g.text).collect()
        })
        .collect();
    printed.join("\n")
}

/// The notes essay through pdfsearch.py (../shared/tools), in the engines it
/// finds: the text in printed order (each page's notes after its text) is
/// recalled as well as running text is, markers and notes included.
#[test]
fn markers_and_notes_are_found_by_the_viewer_engines() {
    let required = std::env::var("WARRAQ_REQUIRE_VALIDATORS").is_ok_and(|v| v == "1");
    let tool = root().join("../shared/tools/pdfsearch.py");
    if !tool.exists() || validator("python3", &["--version"]).is_none() {
        assert!(!required || tool.exists(), "pdfsearch.py is required");
        eprintln!("skipping: no pdfsearch.py beside this checkout");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let document = essay();
    let pdf = dir.path().join("notes.pdf");
    std::fs::write(&pdf, Pdf.render(&document, &RenderOptions::default()).unwrap().bytes).unwrap();
    let source = dir.path().join("notes.txt");
    std::fs::write(&source, printed_text(&document)).unwrap();
    let output = std::process::Command::new("python3")
        .arg(&tool)
        .args([&source, &pdf])
        .args(["--engines", "mupdf,pdfium", "--json"])
        .output()
        .unwrap();
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).expect("pdfsearch answers in JSON");
    let mut measured = 0;
    for (engine, figures) in report["engines"].as_object().unwrap() {
        let Some(recall) = figures["recall"].as_f64() else {
            assert!(!required, "{engine} is absent: {figures}");
            continue;
        };
        measured += 1;
        assert!(recall >= 0.98, "{engine}: recall {recall}");
        assert!(figures["words"].as_f64().unwrap() >= 0.97, "{engine}: words {figures}");
    }
    eprintln!("pdfsearch: {measured} engines measured: {}", report["engines"]);
}

#[test]
fn in_a_left_to_right_essay_the_rule_is_on_the_left() {
    let bytes = std::fs::read(example("english/the-paper-road.txt")).unwrap();
    let mut document = read(&bytes, &ReadOptions::default()).unwrap().document;
    assert_eq!(document.meta.direction, warraq::document::Direction::Ltr);
    let Some(Block::Paragraph(first)) = document.blocks.iter_mut().find(|b| matches!(b, Block::Paragraph(_))) else {
        panic!("the essay has a paragraph");
    };
    let at = first.text.find(' ').unwrap();
    first.text.insert_str(at, "[1]");
    first.spans.push(Span { start: at, end: at + 3, kind: SpanKind::NoteRef { note: 1 } });
    let note = Note { number: 1, marker: "[1]".into(), text: Text::plain("A note of our own, set at the foot.") };
    document.blocks.push(Block::Notes { heading: None, notes: vec![note] });
    let book = book(&document);
    let (index, page) = book.pages.iter().enumerate().find(|(_, p)| !p.rules.is_empty()).expect("a page with a note");
    let left = book.geometry.left_edge(index + 1, false);
    assert!((page.rules[0].x - left).abs() < 0.01, "the rule starts at the left edge");
    let note = page.lines.iter().find(|l| l.role == Role::Note).unwrap();
    assert!((note.x - left).abs() < 0.5, "the note starts at the left edge: {} vs {left}", note.x);
    assert!(page.lines.iter().any(|l| l.role == Role::Body && l.notes == [1]), "cited on the same page");
}
