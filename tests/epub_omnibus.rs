//! The omnibus EPUB's package: its contents name each part cleanly (the
//! part's name, without the series title and the punctuation that joined
//! them), it belongs to its series as the whole collection while each part
//! keeps its position, and the body matter starts once.

mod common;

use common::*;
use std::path::{Path, PathBuf};
use warraq::backend::{self, RenderOptions};
use warraq::document::Document;
use warraq::read::{ReadOptions, read};

const SERIES: &str = "رحلة الورق من سمرقند إلى بغداد";

/// The example parts in the order series.toml gives them (04-binding is part 3).
fn parts() -> Vec<Document> {
    ["01-samarkand", "02-baghdad-market", "04-binding", "03-ink", "05-print"]
        .iter()
        .map(|name| {
            let bytes = std::fs::read(example(&format!("series/{name}.txt"))).unwrap();
            read(&bytes, &ReadOptions::default()).unwrap().document
        })
        .collect()
}

fn written(document: &Document, name: &str) -> PathBuf {
    let epub = backend::find("epub").unwrap().render(document, &RenderOptions::default()).unwrap();
    let path = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    std::fs::write(&path, epub.bytes).unwrap();
    path
}

/// The omnibus, written once for every test: tests run in parallel, and one
/// must not read the file while another rewrites it.
fn omnibus_epub() -> PathBuf {
    static WRITTEN: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    WRITTEN
        .get_or_init(|| {
            let parts = parts();
            let refs: Vec<&Document> = parts.iter().collect();
            written(&warraq::series::omnibus(&refs, SERIES, Some("سلمى الحداد")), "omnibus.epub")
        })
        .clone()
}

/// The texts of the links to whole files (not to sections) in the toc nav.
fn part_entries(nav: &str) -> Vec<String> {
    let toc = &nav[..nav.find("epub:type=\"landmarks\"").unwrap()];
    toc.split("<a href=\"part-")
        .skip(1)
        .filter(|entry| !entry.split('"').next().unwrap().contains('#'))
        .map(|entry| entry.split_once("\">").unwrap().1.split_once("</a>").unwrap().0.to_string())
        .collect()
}

#[test]
fn contents_name_each_part_without_the_series_title_or_its_punctuation() {
    let epub = omnibus_epub();
    let expected = ["الجزء الأول", "الجزء الثاني", "الجزء ٣", "الجزء الرابع", "الجزء ٥"];
    assert_eq!(part_entries(&zip_entry(&epub, "OEBPS/nav.xhtml")), expected);
    let ncx = zip_entry(&epub, "OEBPS/toc.ncx");
    for name in expected {
        assert!(ncx.contains(&format!("<text>{name}</text>")), "the NCX names {name}");
    }
    assert!(!ncx.contains("<text>، ") && !ncx.contains("<text>(5)"));
}

#[test]
fn the_omnibus_is_the_series_itself_and_each_part_has_its_position() {
    let opf = zip_entry(&omnibus_epub(), "OEBPS/content.opf");
    assert!(opf.contains(&format!("<meta id=\"series\" property=\"belongs-to-collection\">{SERIES}</meta>")));
    assert!(opf.contains("<meta refines=\"#series\" property=\"collection-type\">series</meta>"));
    assert!(
        !opf.contains("group-position") && !opf.contains("calibre:series_index"),
        "the whole series has no position"
    );
    let parts = parts();
    let third = zip_entry(&written(&parts[2], "part-3.epub"), "OEBPS/content.opf");
    assert!(third.contains(&format!("<meta id=\"series\" property=\"belongs-to-collection\">{SERIES}</meta>")));
    assert!(third.contains("<meta refines=\"#series\" property=\"group-position\">3</meta>"));
    assert!(third.contains("<meta name=\"calibre:series_index\" content=\"3\"/>"));
}

#[test]
fn the_body_matter_starts_once() {
    let epub = omnibus_epub();
    let nav = zip_entry(&epub, "OEBPS/nav.xhtml");
    assert_eq!(nav.matches("epub:type=\"bodymatter\"").count(), 1);
    assert!(nav.contains("<a epub:type=\"bodymatter\" href=\"part-001.xhtml\">الجزء الأول</a>"));
    let marked: Vec<usize> = (1..=5)
        .filter(|n| zip_entry(&epub, &format!("OEBPS/part-{n:03}.xhtml")).contains("epub:type=\"bodymatter"))
        .collect();
    assert_eq!(marked, [1], "only the first part's section says it is body matter");
}

#[test]
fn the_omnibus_passes_epubcheck() {
    let Some(jar) = epubcheck() else { return };
    let (clean, report) = run_epubcheck(&jar, &omnibus_epub());
    assert!(clean, "{report}");
}
