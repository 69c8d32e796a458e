//! The omnibus volume as a print book: a title page naming the series, the
//! author and the number of parts; the printed contents (الفهرس) listing every
//! part and section with the page it really starts on, in Arabic-Indic digits,
//! with leader dots between title and number, on its own pages; parts still
//! opening on right-hand (odd) pages; and facing pages laid out right to left.

mod common;

use common::*;
use std::process::Command;
use warraq::backend::pdf::layout::{Book, PlacedLine, Role, lay_out};
use warraq::backend::pdf::page::Paper;
use warraq::document::{Block, Document};
use warraq::fonts::FontSet;
use warraq::read::{ReadOptions, read};

const SERIES: &str = "رحلة الورق من سمرقند إلى بغداد";
const AUTHOR: &str = "سلمى الحداد";

/// The parts in the order examples/series/series.toml gives them.
fn parts() -> Vec<Document> {
    let manifest = std::fs::read_to_string(example("series/series.toml")).unwrap();
    let names: Vec<&str> =
        manifest.lines().filter_map(|line| line.trim().strip_prefix('"')?.split('"').next()).collect();
    assert_eq!(names.len(), 5, "series.toml lists five parts");
    names
        .into_iter()
        .map(|name| {
            let bytes = std::fs::read(example(&format!("series/{name}"))).unwrap();
            read(&bytes, &ReadOptions::default()).unwrap().document
        })
        .collect()
}

fn omnibus_book() -> (Vec<Document>, Book) {
    let parts = parts();
    let refs: Vec<&Document> = parts.iter().collect();
    let volume = warraq::series::omnibus(&refs, SERIES, Some(AUTHOR));
    let fonts = FontSet::default();
    let book = lay_out(&volume, &fonts.typefaces().unwrap(), Paper::A5);
    (parts, book)
}

/// A line's text in logical order.
fn text(line: &PlacedLine) -> String {
    let mut glyphs: Vec<_> = line.line.glyphs().filter(|g| !g.text.is_empty()).collect();
    glyphs.sort_by_key(|g| g.cluster);
    glyphs.dedup_by_key(|g| g.cluster);
    glyphs.iter().map(|g| g.text).collect::<String>().trim().to_string()
}

/// Arabic-Indic digits → a number.
fn number(digits: &str) -> Option<usize> {
    digits.chars().try_fold(0usize, |n, c| Some(n * 10 + ('٠'..='٩').contains(&c).then(|| c as usize - 0x0660)?))
}

/// The contents entries in reading order: (title, page number as printed).
fn contents(book: &Book) -> Vec<(String, String)> {
    let mut entries: Vec<(usize, Vec<String>)> = Vec::new();
    for line in book.pages.iter().flat_map(|p| &p.lines).filter(|l| l.role == Role::Contents) {
        match entries.last_mut() {
            Some((block, texts)) if *block == line.block => texts.push(text(line)),
            _ => entries.push((line.block, vec![text(line)])),
        }
    }
    entries
        .into_iter()
        .map(|(_, mut texts)| {
            let number = texts.pop().unwrap_or_default();
            (texts.join(" "), number)
        })
        .collect()
}

/// Every part title and section heading of the parts, in order, with its level.
fn headings(parts: &[Document]) -> Vec<(String, u8)> {
    let mut out = Vec::new();
    for part in parts {
        out.push((part.meta.title.clone(), 1));
        for block in &part.blocks {
            if let Block::Heading { text, .. } = block {
                out.push((text.text.clone(), 2));
            }
        }
    }
    out
}

/// The 1-based page on which a part title or heading with this text is set
/// (after the contents).
fn page_of(book: &Book, title: &str, level: u8) -> Option<usize> {
    let role = if level == 1 { Role::PartTitle } else { Role::Heading };
    let mut by_block: Vec<(usize, usize, String)> = Vec::new();
    for (index, page) in book.pages.iter().enumerate() {
        for line in page.lines.iter().filter(|l| l.role == role) {
            match by_block.last_mut() {
                Some((block, _, text)) if *block == line.block => {
                    text.push(' ');
                    text.push_str(&self::text(line));
                }
                _ => by_block.push((line.block, index + 1, self::text(line))),
            }
        }
    }
    by_block.into_iter().find(|(_, _, text)| text == title).map(|(_, page, _)| page)
}

#[test]
fn contents_list_every_part_and_section_with_the_pages_they_start_on() {
    let (parts, book) = omnibus_book();
    let entries = contents(&book);
    let expected = headings(&parts);
    assert_eq!(
        entries.iter().map(|(title, _)| title.as_str()).collect::<Vec<_>>(),
        expected.iter().map(|(title, _)| title.as_str()).collect::<Vec<_>>(),
        "the contents list every part and section, in order"
    );
    for ((title, printed), (_, level)) in entries.iter().zip(&expected) {
        let page = number(printed).unwrap_or_else(|| panic!("{title}: {printed:?} is not in Arabic-Indic digits"));
        assert_eq!(Some(page), page_of(&book, title, *level), "{title} is printed as starting on page {printed}");
    }
    // The outline agrees with the contents.
    assert_eq!(book.bookmarks.len(), entries.len());
    for (bookmark, (title, printed)) in book.bookmarks.iter().zip(&entries) {
        assert_eq!(&bookmark.title, title);
        assert_eq!(Some(bookmark.page + 1), number(printed), "{title}: outline and contents agree");
    }
}

#[test]
fn contents_sit_on_their_own_pages_and_parts_still_open_on_odd_pages() {
    let (_, book) = omnibus_book();
    let heading_page = book.pages.iter().position(|p| p.lines.iter().any(|l| l.role == Role::ContentsHeading));
    assert_eq!(heading_page, Some(2), "the contents open on page 3, the first right-hand page after the title");
    let contents_pages: Vec<usize> = (0..book.pages.len())
        .filter(|&i| book.pages[i].lines.iter().any(|l| matches!(l.role, Role::Contents | Role::ContentsHeading)))
        .collect();
    for &page in &contents_pages {
        assert!(
            book.pages[page].lines.iter().all(|l| matches!(
                l.role,
                Role::Contents | Role::ContentsHeading | Role::Leader | Role::RunningHead | Role::Folio
            )),
            "page {} holds nothing but the contents",
            page + 1
        );
    }
    let part_pages: Vec<usize> = (0..book.pages.len())
        .filter(|&i| book.pages[i].lines.iter().any(|l| l.role == Role::PartTitle))
        .map(|i| i + 1)
        .collect();
    assert_eq!(part_pages.len(), 5);
    assert!(part_pages.iter().all(|page| page % 2 == 1), "every part opens on an odd page: {part_pages:?}");
    assert!(contents_pages.iter().all(|&c| c + 1 < part_pages[0]), "the contents come before the first part");
}

#[test]
fn leader_dots_run_between_the_title_on_the_right_and_the_number_on_the_left() {
    let (_, book) = omnibus_book();
    let mut leaders = 0;
    for page in &book.pages {
        for leader in page.lines.iter().filter(|l| l.role == Role::Leader) {
            let same_line: Vec<&PlacedLine> = page
                .lines
                .iter()
                .filter(|l| l.role == Role::Contents && (l.baseline - leader.baseline).abs() < 0.01)
                .collect();
            assert_eq!(same_line.len(), 2, "a leader runs between a title and its number");
            let (title, number) = (same_line[0], same_line[1]);
            assert!(number.right() < leader.x, "the number is on the left, before the dots");
            assert!(leader.right() < title.x, "the title is on the right, after the dots");
            assert!(leader.line.glyphs().len() >= 2 && leader.line.glyphs().all(|g| g.text.starts_with('.')));
            leaders += 1;
        }
    }
    assert_eq!(leaders, contents(&book).len(), "every entry has its leader");
}

#[test]
fn title_page_names_the_series_the_author_and_the_number_of_parts() {
    let (_, book) = omnibus_book();
    let first = &book.pages[0];
    let texts: Vec<String> = first.lines.iter().map(text).collect();
    assert_eq!(texts, [SERIES, "خمسة أجزاء", AUTHOR], "the title page, and nothing else, on page 1");
    assert!(first.lines.iter().all(|l| l.role == Role::Title), "no folio on the title page");
    let top = book.geometry.block_top();
    assert!(
        first.lines[0].baseline < top - (top - book.geometry.block_bottom()) * 0.2,
        "the title is set down the page, not at its head"
    );
    assert!(book.pages[1].lines.is_empty(), "the back of the title page is blank");
}

#[test]
fn a_single_essay_gets_no_contents() {
    let part = &parts()[0];
    let fonts = FontSet::default();
    let book = lay_out(part, &fonts.typefaces().unwrap(), Paper::A5);
    assert!(book.pages.iter().flat_map(|p| &p.lines).all(|l| !matches!(l.role, Role::Contents | Role::Leader)));
}

/// Builds the example series with its omnibus into a scratch directory.
fn build_omnibus(scratch: &std::path::Path) -> std::path::PathBuf {
    let out = scratch.join("out");
    let output = exited_cleanly(run(&[
        "build",
        example("series/series.toml").to_str().unwrap(),
        "--omnibus",
        "--to",
        "pdf",
        "--out",
        out.to_str().unwrap(),
    ]));
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    out.join("paper-road-omnibus.pdf")
}

#[test]
fn contents_extract_in_reading_order() {
    let Some(_) = validator("pdftotext", &["-v"]) else { return };
    let scratch = scratch();
    let pdf = build_omnibus(scratch.path());
    let output = Command::new("pdftotext").args(["-f", "3", "-l", "3"]).arg(&pdf).arg("-").output().unwrap();
    // pdftotext wraps right-to-left lines in embedding marks; they are its own.
    let page: String = String::from_utf8_lossy(&output.stdout)
        .chars()
        .filter(|c| !matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{061C}'))
        .collect();
    assert!(page.contains("الفهرس"), "{page}");
    // Each entry on its own line, in order: its title, then its page number
    // (punctuation aside: pdftotext moves the comma «،» off its word).
    let lines: Vec<Vec<String>> = page.lines().map(words).filter(|w| !w.is_empty()).collect();
    assert_eq!(lines.first().map(|w| w.join(" ")), Some("الفهرس".to_string()), "{page}");
    let (_, book) = omnibus_book();
    let expected: Vec<Vec<String>> = contents(&book)
        .into_iter()
        .map(|(title, number)| words(&title).into_iter().chain([number]).collect())
        .collect();
    assert_eq!(lines.len(), expected.len() + 2, "heading, entries and the folio: {page}");
    assert_eq!(&lines[1..=expected.len()], expected.as_slice(), "{page}");
    assert_eq!(lines.last().map(|w| w.join(" ")), Some("٣".to_string()), "the folio comes last: {page}");
    let dotted = page.lines().filter(|l| l.contains("...")).count();
    assert_eq!(dotted, expected.len(), "every entry line has its leader: {page}");
}

#[test]
fn right_to_left_books_open_as_spreads_with_odd_pages_on_the_left() {
    let scratch = scratch();
    let pdf = build_omnibus(scratch.path());
    let bytes = String::from_utf8_lossy(&std::fs::read(&pdf).unwrap()).to_string();
    assert!(bytes.contains("/PageLayout /TwoPageLeft"), "odd pages are left-hand pages in an Arabic book");
    assert!(bytes.contains("/Direction /R2L"));
    // A Latin book: odd pages on the right.
    let english = convert(&example("english/the-paper-road.txt"), "pdf", &scratch.path().join("en.pdf"), &[]);
    assert!(english.status.success());
    let bytes = String::from_utf8_lossy(&std::fs::read(scratch.path().join("en.pdf")).unwrap()).to_string();
    assert!(bytes.contains("/PageLayout /TwoPageRight") && !bytes.contains("/R2L"));
    // pdf.js reads both, as Firefox's viewer does before choosing its spread mode.
    let Some(dir) = std::env::var_os("PDFJS_DIR").map(std::path::PathBuf::from).or_else(|| {
        let ci = root().join(".ci/node");
        ci.join("node_modules/pdfjs-dist").exists().then_some(ci)
    }) else {
        assert!(std::env::var("WARRAQ_REQUIRE_VALIDATORS").as_deref() != Ok("1"), "pdf.js is required");
        eprintln!("skipping pdf.js: set PDFJS_DIR");
        return;
    };
    let Some(_) = validator("node", &["--version"]) else { return };
    let script = r#"
        import { createRequire } from "module";
        import { pathToFileURL } from "url";
        import fs from "fs";
        const require = createRequire(pathToFileURL(process.cwd() + "/"));
        const pdfjs = await import(pathToFileURL(require.resolve("pdfjs-dist/legacy/build/pdf.mjs")).href);
        const doc = await pdfjs.getDocument({ data: new Uint8Array(fs.readFileSync(process.argv[1])), verbosity: 0 }).promise;
        const prefs = await doc.getViewerPreferences();
        process.stdout.write(JSON.stringify({ layout: await doc.getPageLayout(), direction: prefs && prefs.Direction }));
    "#;
    let output =
        Command::new("node").current_dir(&dir).args(["--input-type=module", "-e", script]).arg(&pdf).output().unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let seen: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(seen["layout"], "TwoPageLeft", "{seen}");
    assert_eq!(seen["direction"], "R2L", "{seen}");
}

#[test]
fn a_latin_omnibus_has_its_numbers_on_the_right_in_western_digits() {
    let bytes = std::fs::read(example("english/the-paper-road.txt")).unwrap();
    let part = read(&bytes, &ReadOptions::default()).unwrap().document;
    let volume = warraq::series::omnibus(&[&part, &part], "The Paper Road", None);
    let fonts = FontSet::default();
    let book = lay_out(&volume, &fonts.typefaces().unwrap(), Paper::A5);
    let texts: Vec<String> = book.pages[0].lines.iter().map(text).collect();
    assert_eq!(texts, ["The Paper Road", "2 parts", "Samir Haddad"]);
    let entries = contents(&book);
    assert_eq!(entries.len(), book.bookmarks.len());
    for ((title, printed), bookmark) in entries.iter().zip(&book.bookmarks) {
        assert_eq!(title, &bookmark.title);
        assert_eq!(printed.parse::<usize>().ok(), Some(bookmark.page + 1), "{title}: {printed}");
    }
    for page in &book.pages {
        for leader in page.lines.iter().filter(|l| l.role == Role::Leader) {
            let same: Vec<&PlacedLine> = page
                .lines
                .iter()
                .filter(|l| l.role == Role::Contents && (l.baseline - leader.baseline).abs() < 0.01)
                .collect();
            assert!(same[0].right() < leader.x && leader.right() < same[1].x, "title, dots, then the number");
        }
    }
}

#[test]
fn contents_over_several_pages_keep_parts_on_odd_pages_and_numbers_true() {
    // Twelve parts: the contents run to more than one page.
    let parts: Vec<Document> = parts().into_iter().cycle().take(12).collect();
    let refs: Vec<&Document> = parts.iter().collect();
    let volume = warraq::series::omnibus(&refs, SERIES, Some(AUTHOR));
    let fonts = FontSet::default();
    let book = lay_out(&volume, &fonts.typefaces().unwrap(), Paper::A5);
    assert_eq!(text(&book.pages[0].lines[1]), "١٢ جزءًا");
    let contents_pages = book.pages.iter().filter(|p| p.lines.iter().any(|l| l.role == Role::Contents)).count();
    assert!(contents_pages >= 2, "{contents_pages} page(s) of contents");
    let mut part_pages = Vec::new();
    for (index, page) in book.pages.iter().enumerate() {
        if page.lines.iter().any(|l| l.role == Role::PartTitle) {
            part_pages.push(index + 1);
        }
    }
    assert_eq!(part_pages.len(), 12);
    assert!(part_pages.iter().all(|p| p % 2 == 1), "{part_pages:?}");
    let entries = contents(&book);
    assert_eq!(entries.len(), book.bookmarks.len());
    let printed_parts: Vec<usize> = entries
        .iter()
        .zip(&book.bookmarks)
        .filter(|(_, b)| b.level == 1)
        .map(|((_, printed), _)| number(printed).unwrap())
        .collect();
    assert_eq!(printed_parts, part_pages, "the contents give the pages the parts really open on");
    for ((_, printed), bookmark) in entries.iter().zip(&book.bookmarks) {
        assert_eq!(number(printed), Some(bookmark.page + 1));
    }
}
