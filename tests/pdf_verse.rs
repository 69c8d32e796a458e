//! Classical verse in the PDF: each bayt on one row, the صدر on the right
//! and the عجز on the left, every hemistich of the poem stretched to one
//! common width, the pair centred; the عجز dropped and indented when the
//! poem is too wide; a lone hemistich centred; short poems never broken.

use warraq::backend::pdf::Pdf;
use warraq::backend::pdf::layout::{Book, PlacedLine, Role, Style, lay_out};
use warraq::backend::pdf::line::Alignment;
use warraq::backend::pdf::page::Paper;
use warraq::backend::{Backend, RenderOptions};
use warraq::document::{Block, Document, Text};
use warraq::fonts::FontSet;
use warraq::read::{ReadOptions, read};

const POEM: [[&str; 2]; 4] = [
    ["سَلِ القراطيسَ عن أخبارِ من كتبوا", "فعندها خبرُ الأيامِ والكتبِ"],
    ["مدادُهم في بياضِ الرَّقِّ منتشرٌ", "كالنجمِ يلمعُ في داجٍ من السُّحُبِ"],
    ["حفظوا العلومَ بأقلامٍ مبرَّأةٍ", "من الشكوكِ ومن زيفٍ ومن كذبِ"],
    ["فإن سألتَ عن الماضي وصنعتِهِ", "فاقرأ سطورَهمُ تغنيكَ عن طلبِ"],
];

/// Hemistichs too long for half an A5 measure.
const WIDE: [[&str; 2]; 2] = [
    [
        "وقفتُ على دارِ الورّاقينَ أسألُها عن الذينَ مضوا بالحبرِ والقلمِ",
        "فما أجابتْ سوى أوراقِها صفراً تحكي حكايةَ من غابوا عن الأممِ",
    ],
    ["وقد ذكرتُ بها أيامَنا", "فبكيتُ حتى ابتلَّ من دمعي القلمُ"],
];

fn essay(blocks: Vec<Block>) -> Document {
    let mut document = read("نسخ الدواوين\n\nفقرة أولى.\n".as_bytes(), &ReadOptions::default()).unwrap().document;
    document.blocks = blocks;
    document
}

fn verse(bayts: &[[&str; 2]]) -> Block {
    Block::Verse { bayts: bayts.iter().map(|bayt| bayt.iter().map(|&h| Text::plain(h)).collect()).collect() }
}

fn book(document: &Document) -> Book {
    lay_out(document, &FontSet::default().typefaces().unwrap(), Paper::A5)
}

/// The logical text of a right-to-left line (tatweels added for kashida
/// give none), without its harakat (shaping may reorder stacked marks).
fn text(line: &PlacedLine) -> String {
    bare(&line.line.glyphs().rev().map(|g| g.text).collect::<String>())
}

fn bare(text: &str) -> String {
    text.chars().filter(|c| !matches!(c, '\u{064B}'..='\u{065F}' | '\u{0670}')).collect()
}

fn verse_lines(book: &Book) -> Vec<(usize, &PlacedLine)> {
    book.pages
        .iter()
        .enumerate()
        .flat_map(|(index, page)| page.lines.iter().map(move |line| (index, line)))
        .filter(|(_, line)| line.role == Role::Verse)
        .collect()
}

fn pen(line: &PlacedLine) -> f32 {
    line.line.glyphs().map(|g| g.advance).sum()
}

#[test]
fn each_bayt_is_one_row_of_two_halves_of_one_width_centred() {
    let book = book(&essay(vec![Block::paragraph("مقدمة قصيرة."), verse(&POEM)]));
    let lines = verse_lines(&book);
    assert_eq!(lines.len(), 8, "two hemistichs a bayt");
    let measure = book.geometry.measure();
    let style = Style::for_paper(Paper::A5, true);
    let common = lines[0].1.line.width;
    assert!(common <= (measure - style.verse_gap) / 2.0 + 0.01, "the common width fits half the measure: {common}");
    for (row, bayt) in lines.chunks(2).zip(POEM) {
        let ((page, sadr), (_, ajuz)) = (row[0], row[1]);
        assert_eq!(text(sadr), bare(bayt[0]), "the صدر comes first");
        assert_eq!(text(ajuz), bare(bayt[1]));
        assert_eq!(sadr.baseline, ajuz.baseline, "one row");
        assert!(sadr.x > ajuz.right(), "the صدر on the right, the عجز on the left, a gap between");
        assert!((sadr.x - ajuz.right() - style.verse_gap).abs() < 0.01, "the gap is the style's");
        for half in [sadr, ajuz] {
            assert!((half.line.width - common).abs() < 0.01, "one common width: {} vs {common}", half.line.width);
            assert_eq!(half.line.alignment, Alignment::Justified, "stretched, not a last line");
            assert!((pen(half) - common).abs() < 0.01, "the glyphs fill it: {}", pen(half));
        }
        let left = book.geometry.left_edge(page + 1, true);
        let (before, after) = (ajuz.x - left, left + measure - sadr.right());
        assert!((before - after).abs() < 0.01, "the pair is centred: {before} left, {after} right");
    }
    assert!(lines.iter().any(|(_, l)| l.line.kashidas > 0), "kashida stretches the Arabic hemistichs");
}

#[test]
fn a_poem_too_wide_for_two_halves_drops_every_ajuz_below_indented() {
    let document = essay(vec![Block::paragraph("مقدمة قصيرة."), verse(&WIDE), verse(&POEM)]);
    // Written out to be looked at: target/tmp/verse.pdf.
    let pdf = Pdf.render(&document, &RenderOptions::default()).unwrap().bytes;
    std::fs::write(std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("verse.pdf"), pdf).unwrap();
    let book = book(&essay(vec![verse(&WIDE)]));
    let lines: Vec<&PlacedLine> = verse_lines(&book).into_iter().map(|(_, l)| l).collect();
    let style = Style::for_paper(Paper::A5, true);
    assert_eq!(lines.len(), 4, "each hemistich on its own row, the short bayt too: {}", lines.len());
    let width = lines[0].line.width;
    for pair in lines.chunks(2) {
        let (sadr, ajuz) = (pair[0], pair[1]);
        assert!(ajuz.baseline < sadr.baseline, "the عجز drops below");
        let indent = sadr.right() - ajuz.right();
        assert!((indent - style.verse_indent).abs() < 0.01, "and is indented from the right: {indent}");
        for half in pair {
            assert!((half.line.width - width).abs() < 0.01, "still one common width");
        }
    }
}

#[test]
fn a_lone_hemistich_is_centred() {
    let lone = Block::Verse { bayts: vec![vec![Text::plain("ألا ليتَ الورقَ يعودُ يوماً")]] };
    let book = book(&essay(vec![lone]));
    let lines = verse_lines(&book);
    assert_eq!(lines.len(), 1);
    let (page, line) = lines[0];
    let left = book.geometry.left_edge(page + 1, true);
    let (before, after) = (line.x - left, left + book.geometry.measure() - line.right());
    assert!((before - after).abs() < 0.01, "centred: {before} vs {after}");
}

#[test]
fn a_short_poem_is_never_broken_across_pages() {
    let paragraph = "وكان الورّاقون في بغداد طائفة معروفة لها سوق خاصة يجلس فيها النسّاخ والمجلّدون وباعة الحبر.";
    let mut broken_elsewhere = false;
    for count in 1..24 {
        let mut blocks: Vec<Block> = (0..count).map(|_| Block::paragraph(paragraph)).collect();
        blocks.push(verse(&[POEM[0], POEM[1], POEM[2], POEM[3], POEM[0], POEM[1]]));
        let book = book(&essay(blocks));
        let pages: std::collections::BTreeSet<usize> = verse_lines(&book).iter().map(|(page, _)| *page).collect();
        assert_eq!(pages.len(), 1, "after {count} paragraphs a six-bayt poem is split over pages {pages:?}");
        broken_elsewhere |= book.pages.len() > 1;
    }
    assert!(broken_elsewhere, "the text before the poem does run over pages");
}

#[test]
fn a_long_stacked_poem_breaks_only_between_bayts() {
    let paragraph = "وكان الورّاقون في بغداد طائفة معروفة لها سوق خاصة يجلس فيها النسّاخ والمجلّدون وباعة الحبر.";
    let mut split = false;
    for count in 1..12 {
        let mut blocks: Vec<Block> = (0..count).map(|_| Block::paragraph(paragraph)).collect();
        blocks.push(verse(&[WIDE[0]; 10]));
        let book = book(&essay(blocks));
        let lines = verse_lines(&book);
        for pair in lines.chunks(2) {
            assert_eq!(pair[0].0, pair[1].0, "after {count} paragraphs a bayt is split over two pages");
        }
        split |= lines.first().map(|l| l.0) != lines.last().map(|l| l.0);
    }
    assert!(split, "a ten-bayt poem does run over pages");
}

#[test]
fn in_a_left_to_right_essay_the_first_hemistich_is_on_the_left() {
    let mut document =
        read("Copying the diwans\n\nA short opening line of prose.\n".as_bytes(), &ReadOptions::default())
            .unwrap()
            .document;
    assert_eq!(document.meta.direction, warraq::document::Direction::Ltr);
    document.blocks = vec![verse(&[
        ["The paper keeps the ink", "the ink keeps the word"],
        ["and both outlive", "the hand that wrote"],
    ])];
    let book = book(&document);
    let lines = verse_lines(&book);
    assert_eq!(lines.len(), 4);
    for row in lines.chunks(2) {
        let ((page, first), (_, second)) = (row[0], row[1]);
        assert!(first.right() < second.x, "the first hemistich on the left");
        assert!((first.line.width - second.line.width).abs() < 0.01);
        let left = book.geometry.left_edge(page + 1, false);
        let (before, after) = (first.x - left, left + book.geometry.measure() - second.right());
        assert!((before - after).abs() < 0.01, "centred: {before} vs {after}");
    }
}
