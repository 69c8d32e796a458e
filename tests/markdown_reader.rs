//! The Markdown reader (tests/fixtures/markdown): each `NAME.md` read with
//! `--to json` is compared with the tree a person expects in `NAME.json`;
//! then front matter, the title heading, what is dropped or refused (with
//! its line), `--from`, `build` mixing .md and .txt, and the example book
//! through epubcheck and qpdf.

mod common;

use common::*;
use serde_json::Value;
use std::path::{Path, PathBuf};

fn fixtures() -> Vec<PathBuf> {
    fixture_files("markdown", "md")
}

/// `warraq convert INPUT --to json -o - EXTRA…`: (tree, stderr).
fn tree_of(input: &Path, extra: &[&str]) -> (Value, String) {
    let mut args = vec!["convert", input.to_str().unwrap(), "--to", "json", "-o", "-"];
    args.extend_from_slice(extra);
    let output = run(&args);
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(output.status.success(), "{}: {stderr}", input.display());
    (serde_json::from_slice(&output.stdout).expect("--to json prints JSON"), stderr)
}

fn fixture(name: &str) -> PathBuf {
    root().join("tests/fixtures/markdown").join(name)
}

/// Writes `text` to `name` in `dir` and returns the path.
fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn every_markdown_fixture_reads_as_its_expected_tree() {
    let inputs = fixtures();
    assert!(inputs.len() >= 9, "fixtures of every construct: found {}", inputs.len());
    let mut failures = Vec::new();
    for input in &inputs {
        let (got, _) = tree_of(input, &[]);
        let want: Value =
            serde_json::from_str(&std::fs::read_to_string(input.with_extension("json")).unwrap()).unwrap();
        if got != want {
            failures.push(format!("{}\n  got  {got}\n  want {want}", input.display()));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn yaml_front_matter_sets_the_meta() {
    let (tree, stderr) = tree_of(&fixture("front-matter-yaml.md"), &[]);
    let meta = &tree["meta"];
    assert_eq!(meta["title"], "مدن الورق، الجزء الثاني");
    assert_eq!(meta["author"], "سلمى الحفار، عمر النساخ");
    assert_eq!((meta["series"].as_str(), meta["part"].as_u64()), (Some("مدن الورق"), Some(2)));
    assert_eq!(meta["lang"], "ar");
    assert_eq!(meta["identifier"], "urn:isbn:9780000000002");
    assert!(!stderr.contains("front matter"), "every key is carried: {stderr}");
    assert_eq!(tree["blocks"].as_array().unwrap().len(), 1, "the front matter is not body text");
}

#[test]
fn toml_front_matter_sets_the_meta_and_a_repeated_title_heading_goes() {
    let (tree, stderr) = tree_of(&fixture("front-matter-toml.md"), &[]);
    let meta = &tree["meta"];
    assert_eq!(meta["title"], "The Paper Road");
    assert_eq!(meta["subtitle"], "Notes on a trade");
    assert_eq!((meta["series"].as_str(), meta["part"].as_u64()), (Some("Paper"), Some(4)));
    assert_eq!((meta["lang"].as_str(), meta["direction"].as_str()), (Some("en"), Some("ltr")));
    assert_eq!((meta["cover"]["src"].as_str(), meta["cover"]["format"].as_str()), (Some("star.png"), Some("png")));
    assert!(!stderr.contains("front matter"), "every key is carried: {stderr}");
    let blocks = tree["blocks"].as_array().unwrap();
    assert!(blocks.iter().all(|b| b["type"] != "heading"), "# The Paper Road repeats the title: {blocks:?}");
}

#[test]
fn the_first_heading_is_the_title_with_its_series_and_part() {
    let (tree, _) = tree_of(&fixture("title-part.md"), &[]);
    let meta = &tree["meta"];
    assert_eq!(meta["title"], "تاريخ الورق، الجزء الثالث");
    assert_eq!(meta["series"], "تاريخ الورق");
    assert_eq!(meta["part"], 3);
    let levels: Vec<u64> = tree["blocks"].as_array().unwrap().iter().filter_map(|b| b["level"].as_u64()).collect();
    assert_eq!(levels, [2, 3], "## under the title is a section, ### a subsection");
}

#[test]
fn raw_html_is_dropped_with_a_notice_naming_the_line() {
    let (tree, stderr) = tree_of(&fixture("raw-html.md"), &[]);
    assert!(stderr.contains("raw-html.md:5: dropped raw HTML \"<div class=\"note\">\""), "{stderr}");
    assert!(stderr.contains("raw-html.md:9: dropped raw HTML \"<span>\""), "{stderr}");
    let text = tree.to_string();
    assert!(!text.contains("A raw block") && !text.contains("<span>"), "{text}");
    assert!(text.contains("Text with inline HTML."), "the words around inline HTML stay: {text}");
}

#[test]
fn a_table_is_refused_naming_its_line() {
    let dir = scratch();
    let input = write(dir.path(), "table.md", "# T\n\nText.\n\n| a | b |\n|---|---|\n| 1 | 2 |\n");
    let output = run(&["convert", input.to_str().unwrap(), "--to", "json", "-o", "-"]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success(), "a table is refused");
    assert!(stderr.contains("table.md:5: tables are not supported yet"), "{stderr}");
    assert!(output.stdout.is_empty());
}

#[test]
fn a_missing_or_foreign_image_is_refused_naming_file_and_line() {
    let dir = scratch();
    let input = write(dir.path(), "pictures.md", "# T\n\nText.\n\n![alt](missing.png)\n");
    let output = run(&["convert", input.to_str().unwrap(), "--to", "json", "-o", "-"]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success());
    assert!(
        stderr.contains("pictures.md:5: image") && stderr.contains("missing.png: cannot read: no such file"),
        "{stderr}"
    );

    write(dir.path(), "old.gif", "GIF89a not really");
    let input = write(dir.path(), "gif.md", "# T\n\n![alt](old.gif)\n");
    let output = run(&["convert", input.to_str().unwrap(), "--to", "json", "-o", "-"]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success());
    assert!(stderr.contains("gif.md:3: image") && stderr.contains("old.gif: not a PNG or JPEG"), "{stderr}");
}

#[test]
fn from_overrides_the_extension_and_reads_standard_input() {
    let dir = scratch();
    let markdown = "# العنوان\n\nنص *مائل* هنا.\n";
    let as_txt = write(dir.path(), "essay.txt", markdown);
    let (tree, _) = tree_of(&as_txt, &["--from", "markdown"]);
    assert_eq!(tree["meta"]["title"], "العنوان");
    assert_eq!(tree["blocks"][0]["spans"][0]["kind"]["kind"], "emphasis");

    let as_md = write(dir.path(), "essay.md", markdown);
    let (tree, _) = tree_of(&as_md, &["--from", "text"]);
    assert_eq!(tree["meta"]["title"], "# العنوان", "the plain reader keeps the # as written");
    assert!(tree.to_string().contains("*مائل*"));

    let mut child = warraq()
        .args(["convert", "-", "--from", "markdown", "--to", "json", "-o", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    std::io::Write::write_all(&mut child.stdin.take().unwrap(), markdown.as_bytes()).unwrap();
    let output = child.wait_with_output().unwrap();
    let tree: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(tree["meta"]["title"], "العنوان");
}

#[test]
fn build_mixes_markdown_and_text_parts() {
    let dir = scratch();
    let parts = dir.path().join("parts");
    std::fs::create_dir(&parts).unwrap();
    write(&parts, "a.txt", "تاريخ الورق، الجزء الأول\n\nبدأت صناعة الورق في سمرقند.\n");
    write(&parts, "b.md", "# تاريخ الورق، الجزء الثاني\n\nثم انتقلت *إلى بغداد*.\n");
    let out = dir.path().join("out");
    let output = run(&["build", parts.to_str().unwrap(), "--to", "json", "--out", out.to_str().unwrap(), "--json"]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    let found: Vec<(String, u64)> = report["parts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["input"].as_str().unwrap().rsplit('/').next().unwrap().to_string(), p["part"].as_u64().unwrap()))
        .collect();
    assert_eq!(found, [("a.txt".to_string(), 1), ("b.md".to_string(), 2)]);
    let second = report["parts"][1]["outputs"][0].as_str().unwrap();
    let tree: Value = serde_json::from_slice(&std::fs::read(out.join(second)).unwrap()).unwrap();
    assert_eq!(
        tree["blocks"][0]["spans"][0]["kind"]["kind"], "emphasis",
        "the .md part went through the Markdown reader"
    );
}

#[test]
fn the_example_essay_holds_every_construct() {
    let (tree, _) = tree_of(&example("markdown/essay.md"), &[]);
    let text = tree.to_string();
    for construct in ["\"heading\"", "\"list\"", "\"quote\"", "\"break\"", "\"emphasis\"", "\"strong\"", "[1]"] {
        assert!(text.contains(construct), "{construct} in the example: {text}");
    }
    assert_eq!(tree["meta"]["author"], "سلمى الحفار");
}

#[test]
fn the_example_epub_passes_epubcheck() {
    let Some(jar) = epubcheck() else { return };
    let dir = scratch();
    let epub = dir.path().join("essay.epub");
    let output = convert(&example("markdown/essay.md"), "epub", &epub, &[]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let (clean, report) = run_epubcheck(&jar, &epub);
    assert!(clean, "{report}");
}

#[test]
fn the_example_pdf_passes_qpdf() {
    let Some(qpdf) = validator("qpdf", &["--version"]) else { return };
    let dir = scratch();
    let pdf = dir.path().join("essay.pdf");
    let output = convert(&example("markdown/essay.md"), "pdf", &pdf, &[]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let check = std::process::Command::new(qpdf).arg("--check").arg(&pdf).output().unwrap();
    let report = String::from_utf8_lossy(&check.stdout);
    assert!(check.status.success() && report.contains("No syntax or stream encoding errors"), "{report}");
}

#[test]
fn front_matter_date_identifier_and_cover_make_the_book_unless_the_command_line_says_otherwise() {
    let dir = scratch();
    let input = fixture("front-matter-publication.md");
    let epub = dir.path().join("book.epub");
    let output = run(&["convert", input.to_str().unwrap(), "--to", "epub", "-o", epub.to_str().unwrap()]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let opf = zip_entry(&epub, "OEBPS/content.opf");
    assert!(opf.contains("<dc:date>2025-03-14</dc:date>"), "{opf}");
    assert!(opf.contains(">urn:isbn:9780000000002</dc:identifier>"), "{opf}");
    let cover = zip_bytes(&epub, "OEBPS/cover.png");
    assert_eq!(cover, std::fs::read(fixture("star.png")).unwrap(), "the front matter's cover is the book's");

    let args = ["--date", "2020-01-02", "--identifier", "urn:uuid:0b7e4a52-1c1f-4c43-9a63-2f0d5e0c7a11"];
    let output =
        run(&[&["convert", input.to_str().unwrap(), "--to", "epub", "-o", epub.to_str().unwrap()][..], &args].concat());
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let opf = zip_entry(&epub, "OEBPS/content.opf");
    assert!(opf.contains("<dc:date>2020-01-02</dc:date>") && opf.contains(">urn:uuid:0b7e4a52"), "{opf}");

    let missing = write(dir.path(), "no-cover.md", "---\ntitle: t\ncover: gone.png\n---\n\nنص.\n");
    let output = run(&["convert", missing.to_str().unwrap(), "--to", "json", "-o", "-"]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("no-cover.md:1: cover ") && stderr.contains("gone.png"), "{stderr}");
}

#[test]
fn a_blog_front_matter_gives_its_day_its_image_as_cover_and_no_noise() {
    let (tree, stderr) = tree_of(&fixture("front-matter-blog.md"), &[]);
    let meta = &tree["meta"];
    assert_eq!(meta["date"], "2024-05-01", "a date with a time gives its day");
    assert_eq!(meta["author"], "سلمى الحفار", "an author written as {{name: …}}");
    assert_eq!(meta["cover"]["src"], "mill.png", "a blog's image: is the cover");
    assert_eq!(stderr, "", "layout, tags, categories, draft, permalink and <!--more--> are not worth a word");
}

#[test]
fn a_hugo_front_matter_with_a_table_is_read_not_refused() {
    let (tree, stderr) = tree_of(&fixture("front-matter-hugo.md"), &[]);
    assert_eq!(tree["meta"]["date"], "2024-05-01");
    assert_eq!(tree["meta"]["author"], "Omar Nassakh, Salma Haffar");
    assert_eq!(stderr, "");
}

#[test]
fn unknown_front_matter_keys_make_one_notice_and_a_blog_image_that_is_not_there_no_cover() {
    let dir = tempfile::tempdir().unwrap();
    let input = write(
        dir.path(),
        "keys.md",
        "---\ntitle: t\npublisher: Dar\nrights: CC\nimage: https://example.org/a.png\n---\n\ntext\n",
    );
    let (tree, stderr) = tree_of(&input, &[]);
    assert!(tree["meta"].get("cover").is_none(), "{tree}");
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 2, "{stderr}");
    assert!(
        lines.iter().any(|l| l.ends_with("keys.md:1: front matter: unknown keys \"publisher\", \"rights\" ignored"))
    );
    assert!(lines.iter().any(|l| l.contains("keys.md:1: front matter: image ") && l.ends_with("; no cover")));
}

#[test]
fn a_pandoc_title_block_names_title_authors_and_date() {
    let (tree, stderr) = tree_of(&fixture("pandoc-title-block.md"), &[]);
    let meta = &tree["meta"];
    assert_eq!(meta["title"], "الوراقة والوراقون");
    assert_eq!(meta["author"], "سلمى الحفار، عمر النساخ");
    assert_eq!(meta["date"], "2024-05-01");
    assert!(!tree.to_string().contains(":::"), "a div's fences are not text: {tree}");
    assert_eq!(stderr, "");
}

#[test]
fn an_essay_of_sections_keeps_its_first_section_and_says_it_has_no_title() {
    let (tree, stderr) = tree_of(&fixture("only-sections.md"), &[]);
    let headings = tree["blocks"].as_array().unwrap().iter().filter(|b| b["type"] == "heading").count();
    assert_eq!(headings, 2, "both ## headings stay sections: {tree}");
    assert!(stderr.contains("only-sections.md:1: no title"), "{stderr}");
}

#[test]
fn html_comments_line_breaks_and_closing_tags_make_no_notice() {
    let (tree, stderr) = tree_of(&fixture("html-comments-breaks.md"), &[]);
    assert_eq!(
        tree["blocks"][0]["text"],
        "The warraqin were copyists and binders at once1. They kept shops where scholars met."
    );
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 2, "only <sup> and the <details> block: {stderr}");
    assert!(lines[0].ends_with("html-comments-breaks.md:5: dropped raw HTML \"<sup>\""), "{stderr}");
}

#[test]
fn an_obsidian_note_keeps_the_words_of_its_wiki_links_callouts_and_highlights() {
    let (tree, stderr) = tree_of(&fixture("obsidian-note.md"), &[]);
    assert_eq!(tree["meta"]["title"], "ملاحظات عن الوراقة");
    let text = tree.to_string();
    for mark in ["[[", "]]", "[!", "==الفهرست"] {
        assert!(!text.contains(mark), "{mark} left in the book: {text}");
    }
    assert!(!text.contains("\"link\""), "a wiki link names no place a reader can go: {text}");
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 1, "tags, aliases and created are quiet: {stderr}");
    assert!(lines[0].contains("obsidian-note.md:18: embed ") && lines[0].ends_with("; dropped"), "{stderr}");
}

#[test]
fn template_tags_are_dropped_and_struck_words_are_named_by_line() {
    let (tree, stderr) = tree_of(&fixture("site-templates.md"), &[]);
    assert!(!tree.to_string().contains("{:") && !tree.to_string().contains("TOC"), "kramdown's lines: {tree}");
    assert!(stderr.contains("site-templates.md:5: dropped a site generator's template tag \"{% include"), "{stderr}");
    assert!(stderr.contains("site-templates.md:7: dropped a site generator's template tag \"{{< figure"), "{stderr}");
    assert!(stderr.contains("site-templates.md:9: struck-through words kept as plain text"), "{stderr}");
}

#[test]
fn pandoc_front_matter_keys_dir_and_cover_image_are_understood() {
    let (tree, stderr) = tree_of(&fixture("front-matter-pandoc.md"), &[]);
    let meta = &tree["meta"];
    assert_eq!((meta["lang"].as_str(), meta["direction"].as_str()), (Some("ar-SA"), Some("rtl")));
    assert_eq!(meta["date"], "2024-05-01");
    assert_eq!(meta["cover"]["src"], "mill.png");
    assert_eq!(stderr, "");
}

#[test]
fn an_empty_front_matter_is_no_rule() {
    let (tree, _) = tree_of(&fixture("empty-front-matter.md"), &[]);
    let kinds: Vec<&str> = tree["blocks"].as_array().unwrap().iter().map(|b| b["type"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["paragraph", "break", "paragraph"]);
}

#[test]
fn a_front_matter_that_is_not_yaml_is_refused_at_its_own_line() {
    let dir = tempfile::tempdir().unwrap();
    let input = write(dir.path(), "colon.md", "---\nlang: ar\ntitle: الورق: تاريخ\n---\n\nنص.\n");
    let output = run(&["convert", input.to_str().unwrap(), "--to", "json", "-o", "-"]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("colon.md:3: front matter: mapping values are not allowed"), "{stderr}");
    assert!(stderr.contains("wants quotes"), "{stderr}");
}
