//! The PDF is tagged: a structure tree whose elements point at every piece
//! of text on the pages, in source order, with running heads and folios
//! marked as artifacts. Read back through `qpdf --qdf`, which writes every
//! object and content stream uncompressed, one page after another.

mod common;

use common::*;
use std::path::Path;

/// The objects of a QDF file by number, and the pages' object numbers and
/// content streams in page order.
/// The value after `/Key ` on its own line, e.g. `/K 12 0 R` → "12 0 R".
fn entry<'a>(body: &'a str, key: &str) -> Option<&'a str> {
    body.lines().find_map(|line| line.trim().strip_prefix(&format!("/{key} ")))
}

fn reference(value: &str) -> u32 {
    value.split_whitespace().next().unwrap().parse().unwrap()
}

/// The references in the `/K [ … ]` array of an object.
fn kids(body: &str) -> Vec<u32> {
    let start = body.find("/K [").expect("a /K array");
    let end = start + body[start..].find("\n  ]").unwrap();
    body[start + 4..end].lines().filter(|l| l.trim().ends_with(" 0 R")).map(|l| reference(l.trim())).collect()
}

/// The (page object, MCID) pairs of a structure element: marked-content
/// references with their own /Pg, or bare MCIDs on the element's /Pg.
fn marked_refs(body: &str) -> Vec<(u32, u32)> {
    let own_page = body.lines().find_map(|line| line.strip_prefix("  /Pg ")).map(reference);
    let start = body.find("/K [").expect("a /K array");
    let end = start + body[start..].find("\n  ]").unwrap();
    let kids = &body[start + 4..end];
    if let Some(page) = own_page {
        return kids.lines().filter_map(|l| l.trim().parse().ok()).map(|mcid| (page, mcid)).collect();
    }
    kids.split("<<")
        .skip(1)
        .filter_map(|dict| {
            let mcid = entry(dict, "MCID")?.trim().parse().ok()?;
            let page = reference(entry(dict, "Pg")?);
            Some((page, mcid))
        })
        .collect()
}

fn convert(input: &Path, directory: &Path, format: &str) -> std::path::PathBuf {
    let target = directory.join(format!("book.{format}"));
    let output = run(&["convert", input.to_str().unwrap(), "--to", format, "-o", target.to_str().unwrap()]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    target
}

fn check_tree(input: &Path) {
    let scratch = scratch();
    let pdf = convert(input, scratch.path(), "pdf");
    let Some(qdf) = read_qdf(&pdf) else { return };
    let catalog = qdf.objects.values().find(|body| body.contains("/Type /Catalog")).expect("a catalog");
    assert!(catalog.contains("/Marked true"), "MarkInfo: {catalog}");
    assert!(entry(catalog, "Lang").is_some(), "a /Lang on the catalog");
    let root = &qdf.objects[&reference(entry(catalog, "StructTreeRoot").expect("a structure tree"))];
    let document = &qdf.objects[&reference(entry(root, "K").unwrap())];
    assert_eq!(entry(document, "S"), Some("/Document"));

    // Walk the tree in order: every marked-content reference, and the roles.
    let mut walked = Vec::new();
    let mut roles = Vec::new();
    for element in kids(document) {
        let body = &qdf.objects[&element];
        roles.push(entry(body, "S").unwrap().to_string());
        walked.extend(marked_refs(body));
    }
    // The pages' own marked content, in drawing order (which is reading order).
    let mut drawn = Vec::new();
    for (page, content) in qdf.pages.iter().zip(&qdf.contents) {
        let mut mcids = content.lines().filter_map(|l| l.trim().strip_prefix("/MCID ")).map(|n| n.parse().unwrap());
        drawn.extend(mcids.by_ref().map(|mcid: u32| (*page, mcid)));
        let artifacts = content.matches("/Artifact").count();
        assert!(artifacts >= 1, "page {page}: the folio is an artifact");
    }
    assert!(!drawn.is_empty());
    assert_eq!(walked, drawn, "{}: the tree holds every MCID once, in reading order", input.display());

    // The roles follow the source: the title, then a heading or paragraph per block.
    let json = convert(input, scratch.path(), "json");
    let tree: serde_json::Value = serde_json::from_slice(&std::fs::read(json).unwrap()).unwrap();
    let expected: Vec<&str> = tree["blocks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|block| match (block["type"].as_str(), block["level"].as_u64()) {
            (Some("heading"), Some(1)) => "/H1",
            (Some("heading"), _) => "/H2",
            _ => "/P",
        })
        .collect();
    assert_eq!(roles[0], "/H1", "the title comes first");
    let body: Vec<&str> = roles[roles.len() - expected.len()..].iter().map(String::as_str).collect();
    assert_eq!(body, expected, "{}: headings and paragraphs in source order", input.display());
}

#[test]
fn every_text_mcid_is_in_the_tree_in_source_order() {
    check_tree(&example("series/05-print.txt"));
    check_tree(&example("english/the-paper-road.txt"));
    if let Some(seed) = seed() {
        check_tree(&seed);
    }
}

#[test]
fn running_heads_and_folios_are_artifacts_not_text_of_the_tree() {
    let scratch = scratch();
    let pdf = convert(&example("series/02-baghdad-market.txt"), scratch.path(), "pdf");
    let Some(qdf) = read_qdf(&pdf) else { return };
    assert!(qdf.pages.len() >= 2, "a second page, with a running head");
    // Page 2 has a running head and a folio: two artifacts, each closed before any tagged text.
    let second = &qdf.contents[1];
    assert_eq!(second.matches("/Artifact").count(), 2, "{second}");
    assert!(second.contains("/Type /Pagination"));
}

#[test]
fn words_marked_in_another_language_carry_their_lang() {
    // An English essay with French and Italian words marked as such: each is
    // a /Span with its /Lang inside its paragraph's marked content, and the
    // tree still holds every MCID in order. (Not done in right-to-left lines,
    // where pdf.js would split the line's text there and misorder it.)
    let scratch = scratch();
    let input = scratch.path().join("marked.md");
    std::fs::write(
        &input,
        "---\nlang: en\n---\n\n# The paper road\n\nThe booksellers called it <span lang=\"fr\">le chemin du papier</span> \
         in the markets, and the [Venetians]{lang=it} had another name for it.\n",
    )
    .unwrap();
    check_tree(&input);
    let pdf = convert(&input, scratch.path(), "pdf");
    let Some(qdf) = read_qdf(&pdf) else { return };
    let content = &qdf.contents[0];
    for lang in ["fr", "it"] {
        let at = content.find(&format!("/Lang ({lang})")).unwrap_or_else(|| panic!("no /Lang ({lang}): {content}"));
        let before = &content[..at];
        assert!(before.trim_end().ends_with("<<") && before.contains("/Span"), "{content}");
    }
    let xhtml = {
        let epub = convert(&input, scratch.path(), "epub");
        let file = std::fs::File::open(epub).unwrap();
        let mut archive = zip::ZipArchive::new(file).unwrap();
        let mut text = String::new();
        for index in 0..archive.len() {
            let mut entry = archive.by_index(index).unwrap();
            if entry.name().is_ok_and(|name| name.ends_with(".xhtml")) {
                std::io::Read::read_to_string(&mut entry, &mut text).unwrap();
            }
        }
        text
    };
    assert!(xhtml.contains("<span lang=\"fr\" xml:lang=\"fr\">le chemin du papier</span>"), "{xhtml}");
    assert!(xhtml.contains("<span lang=\"it\" xml:lang=\"it\">Venetians</span>"), "{xhtml}");
}
