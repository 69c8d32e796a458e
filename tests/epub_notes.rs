//! Footnotes and classical verse in the EPUB: note references are
//! `epub:type="noteref"` links to `<aside epub:type="footnote">` notes at
//! the end of their chapter, with links back; notes cited nowhere stay a
//! plain list; a poem's bayts keep their صدر and عجز in order. The trees are
//! built here through the library, so these tests do not wait on a reader.

mod common;

use common::*;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use warraq::backend::{self, RenderOptions};
use warraq::document::{Block, Direction, Document, Meta, Note, Span, SpanKind, Text};

/// `text` with a NoteRef span over each (marker, note) given, at the marker's first unused occurrence.
fn cited(text: &str, refs: &[(&str, u32)]) -> Text {
    let mut spans = Vec::new();
    let mut from = 0;
    for (marker, note) in refs {
        let start = from + text[from..].find(marker).expect("the marker is in the text");
        from = start + marker.len();
        spans.push(Span { start, end: from, kind: SpanKind::NoteRef { note: *note } });
    }
    Text { text: text.to_string(), spans, dir: None }
}

fn note(number: u32, marker: &str, text: &str) -> Note {
    Note { number, marker: marker.to_string(), text: text.into() }
}

fn meta(title: &str) -> Meta {
    Meta {
        title: title.to_string(),
        subtitle: None,
        author: Some("سلمى الحداد".into()),
        series: None,
        part: None,
        part_label: None,
        lang: "ar".into(),
        direction: Direction::Rtl,
        date: None,
        identifier: None,
        cover: None,
    }
}

/// The poem of the sample: three bayts and a hemistich standing alone.
fn poem() -> Block {
    let bayt = |sadr: &str, ajuz: &str| vec![Text::from(sadr), Text::from(ajuz)];
    Block::Verse {
        bayts: vec![
            bayt("إذا ما الحبرُ سالَ على الرقاعِ", "أضاءَ الليلُ من نورِ اليراعِ"),
            bayt("وفي سمرقندَ قد وُلدتْ صحافٌ", "حملنَ العلمَ في كلِّ البقاعِ"),
            vec![Text::from("فيا ورقًا حفظتَ لنا الزمانا")],
            bayt("سلامٌ للكتابِ وحامليهِ", "وللأقلامِ في يدِ كلِّ واعِ"),
        ],
    }
}

/// An essay with a heading, cited notes (one cited twice), a marker with no
/// note, a year in parentheses, a poem, and a note cited nowhere.
fn essay() -> Document {
    Document {
        meta: meta("رحلة الورق"),
        blocks: vec![
            Block::heading("من سمرقند إلى بغداد"),
            Block::Paragraph(cited(
                "حمل التجار صناعة الورق من سمرقند إلى بغداد في القرن الثامن الميلادي (1)، ثم انتشرت في الأسواق \
                 حتى صار للوراقين سوق خاص (2). وقد عاد المؤرخون إلى ذلك مرارًا (1)، وآخرهم سنة (1983).",
                &[("(1)", 1), ("(2)", 2), ("(1)", 1)],
            )),
            Block::Paragraph(Text::from("وقال شاعر الوراقين في ذلك:")),
            poem(),
            Block::Paragraph(cited("ويبقى في الحاشية سؤال لم يُجب عنه (4).", &[("(4)", 4)])),
            Block::Notes {
                heading: Some("الهوامش".into()),
                notes: vec![
                    note(1, "(1)", "انظر ما كتبه المؤرخون عن انتقال الصناعة."),
                    note(2, "(2)", "كان سوق الوراقين قرب باب الطاق."),
                    note(3, "(3)", "حاشية لم يُشَر إليها في النص."),
                ],
            },
        ],
    }
}

fn render(document: &Document) -> Vec<u8> {
    let epub = backend::find("epub").expect("the epub backend");
    epub.render(document, &RenderOptions::default()).expect("the EPUB renders").bytes
}

/// Writes the EPUB where the other tests (and a person) can find it.
fn written(document: &Document, name: &str) -> PathBuf {
    let path = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    std::fs::write(&path, render(document)).unwrap();
    path
}

fn parse(xhtml: &str) -> roxmltree::Document<'_> {
    let options = roxmltree::ParsingOptions { allow_dtd: true, ..Default::default() };
    roxmltree::Document::parse_with_options(xhtml, options).expect("the XHTML is well-formed")
}

const EPUB_NS: &str = "http://www.idpf.org/2007/ops";

/// (id, href) of every element of `kind` (`noteref` or `footnote`) with that epub:type.
fn typed<'a>(document: &'a roxmltree::Document, kind: &str) -> Vec<roxmltree::Node<'a, 'a>> {
    document.descendants().filter(|n| n.attribute((EPUB_NS, "type")) == Some(kind)).collect()
}

/// Checks that every note reference and footnote of one content document pair up.
/// Returns the ids of the footnotes.
fn check_pairs(xhtml: &str) -> Vec<String> {
    let document = parse(xhtml);
    let ids: Vec<&str> = document.descendants().filter_map(|n| n.attribute("id")).collect();
    let unique: BTreeSet<&str> = ids.iter().copied().collect();
    assert_eq!(unique.len(), ids.len(), "ids are unique: {ids:?}");
    let refs = typed(&document, "noteref");
    let notes = typed(&document, "footnote");
    assert!(!refs.is_empty() && !notes.is_empty(), "the document has references and footnotes");
    for reference in &refs {
        assert_eq!(reference.tag_name().name(), "a");
        assert_eq!(reference.attribute("role"), Some("doc-noteref"));
        assert_eq!(reference.parent_element().map(|p| p.tag_name().name()), Some("sup"));
        let target = reference.attribute("href").unwrap().strip_prefix('#').expect("a fragment");
        let note = notes.iter().find(|n| n.attribute("id") == Some(target));
        assert!(note.is_some(), "reference {:?} points at a footnote", reference.attribute("id"));
    }
    let mut footnote_ids = Vec::new();
    for note in &notes {
        assert_eq!(note.tag_name().name(), "aside");
        assert_eq!(note.attribute("role"), Some("doc-footnote"));
        let id = note.attribute("id").unwrap();
        let back = note.descendants().find(|n| n.attribute("role") == Some("doc-backlink")).expect("a back-link");
        let target = back.attribute("href").unwrap().strip_prefix('#').unwrap();
        let first = refs.iter().find(|r| r.attribute("href") == Some(&format!("#{id}"))).expect("the note is cited");
        assert_eq!(first.attribute("id"), Some(target), "the back-link goes to the first reference");
        footnote_ids.push(id.to_string());
    }
    footnote_ids
}

#[test]
fn note_references_and_footnotes_pair_up_with_back_links() {
    let epub = written(&essay(), "epub-notes.epub");
    let xhtml = zip_entry(&epub, "OEBPS/essay.xhtml");
    assert_eq!(check_pairs(&xhtml), ["fn-1", "fn-2"]);
    assert!(xhtml.contains(
        "<sup class=\"noteref\"><a epub:type=\"noteref\" role=\"doc-noteref\" href=\"#fn-1\" id=\"fnref-1\">(1)</a></sup>"
    ));
    assert!(xhtml.contains("href=\"#fn-1\" id=\"fnref-1-2\">(1)</a>"), "a second reference gets its own id");
    assert!(xhtml.contains("<a class=\"backlink\" role=\"doc-backlink\" href=\"#fnref-1\">(1)</a> انظر"));
}

#[test]
fn notes_come_after_the_text_under_their_heading_and_uncited_notes_stay_a_list() {
    let epub = written(&essay(), "epub-notes-order.epub");
    let xhtml = zip_entry(&epub, "OEBPS/essay.xhtml");
    let heading = xhtml.find("<h2 class=\"notes-heading\">الهوامش</h2>").expect("the notes' heading");
    let last_text = xhtml.find("لم يُجب عنه").unwrap();
    let first_note = xhtml.find("<aside").unwrap();
    assert!(last_text < heading && heading < first_note, "heading, then the footnotes, after all the text");
    assert_eq!(xhtml.matches("الهوامش").count(), 1);
    assert!(xhtml.contains("<p class=\"note\"><span class=\"marker\">(3)</span> حاشية لم يُشَر إليها في النص.</p>"));
    assert!(!xhtml.contains("id=\"fn-3\""), "a note cited nowhere is not a footnote");
    assert!(xhtml.contains("عنه (4).</p>"), "a marker with no note stays plain text");
    assert!(xhtml.contains("سنة (1983)."), "a year stays text");
}

#[test]
fn a_notes_block_nobody_cites_is_a_plain_list() {
    let mut document = essay();
    for block in &mut document.blocks {
        if let Block::Paragraph(text) = block {
            text.spans.clear();
        }
    }
    let xhtml = zip_entry(&written(&document, "epub-endnotes.epub"), "OEBPS/essay.xhtml");
    assert!(!xhtml.contains("<aside") && !xhtml.contains("noteref"));
    assert_eq!(xhtml.matches("<p class=\"note\">").count(), 3);
    assert!(xhtml.find("الهوامش").unwrap() < xhtml.find("<span class=\"marker\">(1)</span>").unwrap());
}

#[test]
fn verse_keeps_each_bayt_with_its_sadr_then_its_ajuz() {
    let xhtml = zip_entry(&written(&essay(), "epub-verse.epub"), "OEBPS/essay.xhtml");
    let document = parse(&xhtml);
    let Block::Verse { bayts } = poem() else { unreachable!() };
    let verse = document.descendants().find(|n| n.attribute("class") == Some("verse short")).expect("the poem");
    let rows: Vec<_> = verse.children().filter(|n| n.is_element()).collect();
    assert_eq!(rows.len(), bayts.len(), "one row a bayt");
    for (row, bayt) in rows.iter().zip(&bayts) {
        let spans: Vec<_> = row.children().filter(|n| n.tag_name().name() == "span").collect();
        let texts: Vec<&str> = spans.iter().map(|s| s.text().unwrap_or("")).collect();
        let expected: Vec<&str> = bayt.iter().map(|h| h.as_str()).collect();
        assert_eq!(texts, expected, "the hemistichs in order");
        if bayt.len() == 2 {
            assert_eq!(row.attribute("class"), Some("bayt"));
            let classes: Vec<_> = spans.iter().map(|s| s.attribute("class").unwrap()).collect();
            assert_eq!(classes, ["hemistich sadr", "hemistich ajuz"]);
            let breaks = row.children().filter(|n| n.tag_name().name() == "br").count();
            assert_eq!(breaks, 1, "a line break parts the hemistichs when there is no style sheet");
        } else {
            assert_eq!(row.attribute("class"), Some("bayt lone"));
        }
    }
}

#[test]
fn the_style_sheet_sets_verse_side_by_side_and_stacks_it_on_narrow_screens() {
    let css = zip_entry(&written(&essay(), "epub-verse-css.epub"), "OEBPS/stylesheet.css");
    let rule = |selector: &str| {
        let start = css.find(&format!("{selector} {{")).unwrap_or_else(|| panic!("a rule for {selector}"));
        css[start..start + css[start..].find('}').unwrap()].to_string()
    };
    let hemistich = rule(".verse .hemistich");
    for declaration in ["display: inline-block;", "width: 44%;", "text-align: justify;", "text-align-last: justify;"] {
        assert!(hemistich.contains(declaration), "{declaration} in {hemistich}");
    }
    assert!(rule(".verse .bayt").contains("text-align: center;"));
    assert!(rule(".verse .hemistich-break").contains("display: none;"));
    let narrow = &css[css.find("@media (max-width: 30em)").expect("a narrow-screen fallback")..];
    assert!(narrow.contains("display: block;") && narrow.contains(".verse .ajuz {\n    margin-inline-start: 2em;"));
    for forbidden in ["table", "grid", "flex", "direction"] {
        assert!(!css.contains(forbidden), "no {forbidden} in the style sheet");
    }
}

/// Two parts, each with its own note 1: one book, so the ids must differ.
fn omnibus() -> Document {
    let part = |title: &str| {
        let mut document = essay();
        document.meta.title = title.to_string();
        document
    };
    let (first, second) = (part("الجزء الأول"), part("الجزء الثاني"));
    warraq::series::omnibus(&[&first, &second], "رحلة الورق", None)
}

#[test]
fn footnote_ids_are_unique_across_an_omnibus() {
    let epub = written(&omnibus(), "epub-notes-omnibus.epub");
    let mut seen = BTreeMap::new();
    for file in ["OEBPS/part-001.xhtml", "OEBPS/part-002.xhtml"] {
        for id in check_pairs(&zip_entry(&epub, file)) {
            assert!(seen.insert(id.clone(), file).is_none(), "{id} appears in two parts");
        }
    }
    assert_eq!(seen.len(), 4);
}

#[test]
fn the_same_tree_gives_the_same_bytes() {
    assert!(render(&essay()) == render(&essay()));
    assert!(render(&omnibus()) == render(&omnibus()));
}

#[test]
fn books_with_notes_and_verse_pass_epubcheck() {
    let Some(jar) = epubcheck() else { return };
    for (document, name) in [(essay(), "epubcheck-notes.epub"), (omnibus(), "epubcheck-notes-omnibus.epub")] {
        let (clean, report) = run_epubcheck(&jar, &written(&document, name));
        assert!(clean, "{name}: {report}");
    }
}
