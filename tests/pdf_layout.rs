//! The laid-out pages, before any PDF is written: measure, text block,
//! headings kept with their text, stable page counts.

mod common;

use common::*;
use warraq::backend::Justify;
use warraq::backend::pdf::layout::{Book, FaceKind, Role, Style, lay_out, lay_out_justified};
use warraq::backend::pdf::line::Alignment;
use warraq::backend::pdf::page::Paper;
use warraq::document::Document;
use warraq::fonts::FontSet;
use warraq::read::{ReadOptions, read};

fn document(path: &std::path::Path) -> Document {
    read(&std::fs::read(path).unwrap(), &ReadOptions::default()).unwrap().document
}

fn book(path: &std::path::Path, paper: Paper) -> Book {
    let fonts = FontSet::default();
    lay_out(&document(path), &fonts.typefaces().unwrap(), paper)
}

fn inputs() -> Vec<std::path::PathBuf> {
    let mut inputs: Vec<_> =
        ["series/01-samarkand.txt", "series/03-ink.txt", "series/05-print.txt", "english/the-paper-road.txt"]
            .into_iter()
            .map(example)
            .collect();
    inputs.extend(seed());
    inputs
}

#[test]
fn justified_lines_fill_the_measure_exactly() {
    for input in inputs() {
        let book = book(&input, Paper::A5);
        let measure = book.geometry.measure();
        let indented = measure - Style::for_paper(Paper::A5, true).indent;
        let mut justified = 0;
        // Hemistichs are justified to their poem's width and notes are smaller: not these.
        let running = |l: &&warraq::backend::pdf::layout::PlacedLine| !matches!(l.role, Role::Verse | Role::Note);
        for line in book
            .pages
            .iter()
            .flat_map(|p| &p.lines)
            .filter(running)
            .filter(|l| l.line.alignment == Alignment::Justified)
        {
            let pen: f32 = line.line.glyphs().map(|g| g.advance).sum();
            let target = line.line.width;
            assert!((target - measure).abs() < 0.01 || (target - indented).abs() < 0.01, "full or indented measure");
            assert!(
                (pen - target).abs() < 0.01,
                "{}: a justified line is {pen} pt, its measure {target}",
                input.display()
            );
            justified += 1;
        }
        assert!(justified > 0, "{}: some lines are justified", input.display());
    }
}

#[test]
fn last_lines_of_arabic_paragraphs_sit_at_the_right_edge() {
    let book = book(&example("series/01-samarkand.txt"), Paper::A5);
    let geometry = book.geometry;
    for (index, page) in book.pages.iter().enumerate() {
        let right = geometry.left_edge(index + 1, true) + geometry.measure();
        for line in page.lines.iter().filter(|l| l.role == Role::Body && l.line.alignment == Alignment::Start) {
            assert!((line.right() - right).abs() < 0.01, "last line ends at {} not {right}", line.right());
        }
    }
}

#[test]
fn no_glyph_leaves_the_text_block() {
    for input in inputs() {
        let rtl = document(&input).meta.direction == warraq::document::Direction::Rtl;
        for paper in [Paper::A5, Paper::A4] {
            let book = book(&input, paper);
            let geometry = book.geometry;
            assert!(geometry.inner < geometry.outer, "the margins differ, so a swap would show");
            for (index, page) in book.pages.iter().enumerate() {
                // This page's own margins: the binding side alternates, mirrored for right-to-left books.
                let left = geometry.left_edge(index + 1, rtl);
                let right = left + geometry.measure();
                for line in page.lines.iter().filter(|l| !matches!(l.role, Role::RunningHead | Role::Folio)) {
                    assert!(line.baseline >= geometry.block_bottom() - 0.01, "line below the block");
                    assert!(line.baseline <= geometry.block_top(), "line above the block");
                    for glyph in line.line.glyphs() {
                        let (start, end) = (line.x + glyph.x, line.x + glyph.x + glyph.advance);
                        // A harakah may hang a little past the letter it sits on.
                        let slack = if glyph.advance == 0.0 { 2.0 } else { 0.5 };
                        assert!(
                            start >= left - slack && end <= right + slack,
                            "{} page {}: glyph {:?} {start}..{end} outside {left}..{right} ({:?}, line at {})",
                            input.display(),
                            index + 1,
                            glyph.text,
                            line.role,
                            line.x
                        );
                    }
                }
            }
        }
    }
}

#[test]
fn headings_are_never_last_on_a_page() {
    for input in inputs() {
        for paper in [Paper::A5, Paper::parse("120x170").unwrap()] {
            let book = book(&input, paper);
            for page in &book.pages {
                let text_lines: Vec<_> =
                    page.lines.iter().filter(|l| !matches!(l.role, Role::RunningHead | Role::Folio)).collect();
                if let Some(last) = text_lines.last() {
                    assert_ne!(last.role, Role::Heading, "{}: a page ends with a heading", input.display());
                }
                if let Some(position) = text_lines.iter().position(|l| l.role == Role::Heading) {
                    let following = text_lines[position + 1..].iter().filter(|l| l.role == Role::Body).count();
                    assert!(
                        following >= 2 || position + 1 == text_lines.len(),
                        "a heading has at least two lines of text after it"
                    );
                }
            }
        }
    }
}

#[test]
fn no_paragraph_leaves_a_single_line_alone_on_a_page() {
    for input in inputs() {
        for paper in [Paper::A5, Paper::parse("120x170").unwrap(), Paper::parse("110x150").unwrap()] {
            let book = book(&input, paper);
            for page in &book.pages {
                let body: Vec<_> = page.lines.iter().filter(|l| l.role == Role::Body).collect();
                let (Some(first), Some(last)) = (body.first(), body.last()) else { continue };
                for block in [first.block, last.block] {
                    let here = body.iter().filter(|l| l.block == block).count();
                    let total = book.pages.iter().flat_map(|p| &p.lines).filter(|l| l.block == block).count();
                    assert!(
                        here >= 2 || here == total,
                        "{}: a paragraph of {total} lines has {here} on one page",
                        input.display()
                    );
                }
            }
        }
    }
}

#[test]
fn every_page_but_the_first_has_a_running_head_and_all_have_folios() {
    let book = book(&example("series/02-baghdad-market.txt"), Paper::parse("120x170").unwrap());
    assert!(book.pages.len() > 1);
    for (index, page) in book.pages.iter().enumerate() {
        assert_eq!(page.lines.iter().any(|l| l.role == Role::RunningHead), index > 0);
        let folio = page.lines.iter().find(|l| l.role == Role::Folio).expect("a folio");
        let digits: String = folio.line.glyphs().map(|g| g.text).collect();
        assert!(digits.chars().all(|c| ('\u{0660}'..='\u{0669}').contains(&c)), "Arabic-Indic folio: {digits}");
    }
}

#[test]
fn page_counts_are_stable() {
    assert_eq!(book(&example("series/01-samarkand.txt"), Paper::A5).pages.len(), 2);
    assert_eq!(book(&example("english/the-paper-road.txt"), Paper::A5).pages.len(), 1);
    if let Some(seed) = seed() {
        assert_eq!(book(&seed, Paper::A5).pages.len(), 3);
        assert_eq!(book(&seed, Paper::A4).pages.len(), 2);
    }
}

#[test]
fn outline_has_every_heading() {
    let book = book(&example("series/05-print.txt"), Paper::A5);
    let titles: Vec<&str> = book.bookmarks.iter().map(|b| b.title.as_str()).collect();
    assert_eq!(titles, ["من الورق إلى الطباعة", "مطبعة بولاق"]);
}

#[test]
fn a_long_title_is_set_in_balanced_lines() {
    let Some(seed) = seed() else { return };
    let book = book(&seed, Paper::A5);
    let title: Vec<f32> = book.pages[0]
        .lines
        .iter()
        .filter(|l| l.role == Role::Title && l.face == FaceKind::Bold)
        .map(|l| l.line.width)
        .collect();
    assert_eq!(title.len(), 2, "the seed's series name takes two lines");
    assert!(title[1] > 0.6 * title[0] && title[0] > 0.6 * title[1], "lines of similar length: {title:?}");
}

/// Inter-word spaces (in em) and kashidas on every justified line of a book.
fn justification_figures(input: &std::path::Path, justify: Justify) -> (Vec<f32>, Vec<usize>, usize) {
    let fonts = FontSet::default();
    let book = lay_out_justified(&document(input), &fonts.typefaces().unwrap(), Paper::A5, justify);
    let (mut spaces, mut kashidas, mut lines) = (Vec::new(), Vec::new(), 0);
    for placed in book.pages.iter().flat_map(|p| &p.lines) {
        lines += 1;
        if placed.line.alignment != Alignment::Justified {
            continue;
        }
        kashidas.push(placed.line.kashidas);
        spaces.extend(placed.line.glyphs().filter(|g| g.text == " ").map(|g| g.advance / placed.size));
    }
    (spaces, kashidas, lines)
}

/// The figures BENCHMARKS.md records, and the claims behind them: with
/// kashida, Arabic spaces stay between 0.9× and 1.3× their natural width and
/// the loosest is tighter than with spaces alone; Latin documents are set
/// exactly as before.
#[test]
fn kashida_fills_arabic_lines_and_keeps_spaces_near_natural() {
    let faces = FontSet::default().typefaces().unwrap();
    let space = warraq::backend::pdf::shape::shape_run(&faces.regular, " ", 0..1, false, "en", 1.0).glyphs[0].advance;
    // A long essay of our own: the five parts of the example series, one after another.
    let scratch = scratch();
    let long = scratch.path().join("the-whole-paper-road.txt");
    let mut text = String::from("رحلة الورق كاملة\n\n");
    for part in ["01-samarkand", "02-baghdad-market", "03-ink", "04-binding", "05-print"] {
        let part = std::fs::read_to_string(example(&format!("series/{part}.txt"))).unwrap();
        text.extend(part.lines().skip(2).map(|line| format!("{line}\n")));
    }
    std::fs::write(&long, text).unwrap();
    for input in inputs().into_iter().chain([long]) {
        let name = input.file_name().unwrap().to_string_lossy().into_owned();
        let mut medians = Vec::new();
        for justify in [Justify::Spaces, Justify::Kashida] {
            let (mut spaces, kashidas, lines) = justification_figures(&input, justify);
            spaces.sort_by(f32::total_cmp);
            let (min, median, max) = (spaces[0], spaces[spaces.len() / 2], spaces[spaces.len() - 1]);
            if justify == Justify::Kashida {
                assert!(min >= space * 0.9 - 1e-3, "{name}: a space below its hard minimum ({min})");
            }
            eprintln!(
                "{name} {justify:?}: {lines} lines, spaces min {min:.3} median {median:.3} max {max:.3} em \
                 (natural {space:.3}), kashidas per justified line {:.2} (max {})",
                kashidas.iter().sum::<usize>() as f32 / kashidas.len() as f32,
                kashidas.iter().max().unwrap()
            );
            medians.push((median, max, kashidas.iter().sum::<usize>()));
        }
        let (spaces_only, kashida) = (medians[0], medians[1]);
        if document(&input).meta.direction == warraq::document::Direction::Rtl {
            assert!(kashida.2 > 0, "{name}: kashida is used");
            assert!(kashida.1 < spaces_only.1, "{name}: the loosest space is tighter with kashida");
            assert!(kashida.1 <= space * 1.3 + 1e-3, "{name}: no space beyond 1.3× natural ({})", kashida.1);
        } else {
            assert_eq!(spaces_only, kashida, "{name}: Latin text is set as before");
        }
    }
}
