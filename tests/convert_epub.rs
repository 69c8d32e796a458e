//! `warraq convert --to epub|json` end to end, on the seed essay and the examples.

mod common;

use common::*;
use serde_json::Value;
use std::path::Path;

fn tree(input: &Path) -> Value {
    let output = run(&["convert", input.to_str().unwrap(), "--to", "json", "-o", "-"]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    serde_json::from_slice(&output.stdout).expect("--to json prints JSON")
}

fn convert_epub(input: &Path, directory: &Path) -> std::path::PathBuf {
    let target = directory.join("book.epub");
    let output = run(&["convert", input.to_str().unwrap(), "--to", "epub", "-o", target.to_str().unwrap()]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    target
}

#[test]
fn seed_tree_has_title_series_part_author_heading_and_no_boilerplate() {
    let Some(seed) = seed() else { return };
    let tree = tree(&seed);
    let meta = &tree["meta"];
    assert_eq!(meta["series"], "وهم الخلافة؛ من حلم السلطة إلى حضيض الانهيار!");
    assert_eq!(meta["part"], 13);
    assert_eq!(meta["author"], "عزيز جلال");
    assert_eq!(meta["lang"], "ar");
    assert_eq!(meta["direction"], "rtl");
    let blocks = tree["blocks"].as_array().unwrap();
    assert_eq!(blocks[0]["type"], "heading");
    assert_eq!(blocks[0]["text"], "المقاومة الشعبية");
    let paragraphs = blocks.iter().filter(|b| b["type"] == "paragraph").count();
    assert_eq!(paragraphs, 8, "the seed has eight paragraphs after its heading");
    assert!(blocks.iter().all(|b| !b["text"].as_str().unwrap().contains("Exit mobile")));
}

#[test]
fn seed_epub_holds_every_source_word_in_order() {
    let Some(seed) = seed() else { return };
    let scratch = scratch();
    let epub = convert_epub(&seed, scratch.path());
    let essay = zip_entry(&epub, "OEBPS/essay.xhtml");
    let source = std::fs::read_to_string(&seed).unwrap();
    let body: String = source.lines().skip(3).filter(|l| !l.contains("Exit mobile")).collect::<Vec<_>>().join("\n");
    assert_eq!(words(&xhtml_text(&essay)), words(&body), "every word and harakah, in order");
    assert!(essay.contains("<h2 id=\"section-1\">المقاومة الشعبية</h2>"));
    assert_eq!(essay.matches("<p>").count(), 8);
    assert!(!essay.contains("Exit mobile"));
    let title = zip_entry(&epub, "OEBPS/title.xhtml");
    assert!(title.contains("عزيز جلال"));
    assert!(title.contains("<p class=\"part\">الجزء الثالث عشر</p>"));
}

#[test]
fn arabic_epub_reads_right_to_left_everywhere() {
    let scratch = scratch();
    let epub = convert_epub(&example("series/01-samarkand.txt"), scratch.path());
    let opf = zip_entry(&epub, "OEBPS/content.opf");
    assert!(opf.contains("page-progression-direction=\"rtl\""));
    assert!(opf.contains("<dc:language>ar</dc:language>"));
    for document in ["OEBPS/title.xhtml", "OEBPS/essay.xhtml", "OEBPS/nav.xhtml"] {
        let xhtml = zip_entry(&epub, document);
        assert!(xhtml.contains("xml:lang=\"ar\" lang=\"ar\" dir=\"rtl\""), "{document} root has lang and dir");
        assert!(xhtml.contains("<body dir=\"rtl\" xml:lang=\"ar\" lang=\"ar\""), "{document} body has dir and lang");
    }
}

#[test]
fn series_metadata_is_where_readers_look() {
    let scratch = scratch();
    let epub = convert_epub(&example("series/04-binding.txt"), scratch.path());
    let opf = zip_entry(&epub, "OEBPS/content.opf");
    assert!(
        opf.contains("<meta id=\"series\" property=\"belongs-to-collection\">رحلة الورق من سمرقند إلى بغداد</meta>")
    );
    assert!(opf.contains("<meta refines=\"#series\" property=\"collection-type\">series</meta>"));
    assert!(opf.contains("<meta refines=\"#series\" property=\"group-position\">3</meta>"));
    assert!(opf.contains("<meta name=\"calibre:series_index\" content=\"3\"/>"));
}

#[test]
fn nav_lists_the_headings() {
    let scratch = scratch();
    let epub = convert_epub(&example("series/02-baghdad-market.txt"), scratch.path());
    let nav = zip_entry(&epub, "OEBPS/nav.xhtml");
    assert!(nav.contains("<a href=\"essay.xhtml#section-1\">أول مصنع في بغداد</a>"));
    assert!(nav.contains("<a href=\"essay.xhtml#section-2\">النسخ صنعةٌ لها أصول</a>"));
}

#[test]
fn font_is_embedded_and_text_is_justified() {
    let scratch = scratch();
    let epub = convert_epub(&example("series/03-ink.txt"), scratch.path());
    let css = zip_entry(&epub, "OEBPS/stylesheet.css");
    assert!(css.contains("src: url(\"fonts/Amiri-Regular.ttf\")"));
    assert!(css.contains("text-align: justify"));
    let file = std::fs::File::open(&epub).unwrap();
    let mut zip = zip::ZipArchive::new(file).unwrap();
    let font = zip.by_name("OEBPS/fonts/Amiri-Regular.ttf").unwrap();
    assert!(font.size() > 10_000, "a subset of Amiri Regular is embedded");
}

#[test]
fn mixed_latin_and_harakat_survive_in_the_epub() {
    let scratch = scratch();
    let epub = convert_epub(&example("series/05-print.txt"), scratch.path());
    let essay = zip_entry(&epub, "OEBPS/essay.xhtml");
    assert!(essay.contains("حين طبع Gutenberg كتابه المقدّس نحو سنة 1455"));
    assert!(essay.contains("عمل الوَرّاق الجديد"));
}

#[test]
fn english_essay_is_left_to_right() {
    let scratch = scratch();
    let epub = convert_epub(&example("english/the-paper-road.txt"), scratch.path());
    let opf = zip_entry(&epub, "OEBPS/content.opf");
    assert!(opf.contains("page-progression-direction=\"ltr\""));
    assert!(opf.contains(">en</dc:language>"));
    assert!(zip_entry(&epub, "OEBPS/essay.xhtml").contains("dir=\"ltr\""));
    assert!(!zip_entry(&epub, "OEBPS/essay.xhtml").contains("Exit mobile"));
}

#[test]
fn same_input_gives_byte_identical_epubs() {
    let scratch = scratch();
    let input = example("series/01-samarkand.txt");
    let first = std::fs::read(convert_epub(&input, scratch.path())).unwrap();
    let second = std::fs::read(convert_epub(&input, scratch.path())).unwrap();
    assert!(first == second, "two builds of one input differ");
}

#[test]
fn overrides_win_over_detection() {
    let input = example("series/01-samarkand.txt");
    let output = run(&[
        "convert",
        input.to_str().unwrap(),
        "--to",
        "json",
        "-o",
        "-",
        "--title",
        "T",
        "--author",
        "A",
        "--series",
        "S",
        "--part",
        "9",
        "--lang",
        "en",
    ]);
    let tree: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(tree["meta"]["title"], "T");
    assert_eq!(tree["meta"]["author"], "A");
    assert_eq!(tree["meta"]["series"], "S");
    assert_eq!(tree["meta"]["part"], 9);
    assert_eq!(tree["meta"]["direction"], "ltr");
}

#[test]
fn stdin_to_stdout() {
    use std::io::Write;
    let mut child = warraq()
        .args(["convert", "-", "--to", "json"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all("عنوان\n\nفقرة من نص المقال.\n".as_bytes()).unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success());
    let tree: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(tree["meta"]["title"], "عنوان");
}

#[test]
fn epubs_pass_epubcheck_without_errors_or_warnings() {
    let Some(jar) = epubcheck() else { return };
    let scratch = scratch();
    let mut inputs = vec![example("series/01-samarkand.txt"), example("english/the-paper-road.txt")];
    inputs.extend(seed());
    for input in inputs {
        let epub = convert_epub(&input, scratch.path());
        let (clean, report) = run_epubcheck(&jar, &epub);
        assert!(clean, "{}: {report}", input.display());
    }
}
