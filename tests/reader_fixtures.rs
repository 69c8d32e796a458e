//! The plain-text reader on pastes of every kind (tests/fixtures/reader):
//! each `NAME.txt` is read with `--to json` and compared, block by block,
//! with the tree a person expects in `NAME.json`.

mod common;

use common::*;
use serde_json::Value;
use std::path::{Path, PathBuf};

fn fixtures() -> Vec<PathBuf> {
    fixture_files("reader", "txt")
}

fn tree(input: &Path) -> Value {
    let output = run(&["convert", input.to_str().unwrap(), "--to", "json", "-o", "-"]);
    assert!(output.status.success(), "{}: {}", input.display(), String::from_utf8_lossy(&output.stderr));
    serde_json::from_slice(&output.stdout).expect("--to json prints JSON")
}

fn expected(input: &Path) -> Value {
    let path = input.with_extension("json");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|_| panic!("{} has no expected tree", input.display()));
    serde_json::from_str(&text).unwrap()
}

#[test]
fn every_fixture_reads_as_its_expected_tree() {
    let inputs = fixtures();
    assert!(inputs.len() >= 20, "fixtures of every kind: found {}", inputs.len());
    let mut failures = Vec::new();
    for input in &inputs {
        let (got, want) = (tree(input), expected(input));
        if got["meta"] != want["meta"] {
            failures.push(format!("{}: meta\n  got  {}\n  want {}", input.display(), got["meta"], want["meta"]));
        }
        let (got, want) = (got["blocks"].as_array().unwrap(), want["blocks"].as_array().unwrap());
        if let Some(index) = (0..got.len().max(want.len())).find(|&i| got.get(i) != want.get(i)) {
            failures.push(format!(
                "{}: block {index}\n  got  {}\n  want {}",
                input.display(),
                got.get(index).map_or("nothing".into(), Value::to_string),
                want.get(index).map_or("nothing".into(), Value::to_string)
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_fixture_tree_carries_the_schema_version() {
    for input in fixtures().iter().take(2) {
        assert_eq!(tree(input)["version"], warraq::document::TREE_VERSION, "{}", input.display());
    }
}

#[test]
fn dropped_furniture_is_reported_on_stderr() {
    let input = root().join("tests/fixtures/reader/news-site.txt");
    let output = run(&["convert", input.to_str().unwrap(), "--to", "json", "-o", "-"]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    for line in ["أخبار عربية", "×", "1250 مشاهدة", "الوسوم"] {
        assert!(stderr.contains(line), "{line} is reported: {stderr}");
    }
    assert!(stderr.contains("took the byline \"كتب محمود سالم\""), "{stderr}");
}

#[test]
fn the_source_words_survive_reading() {
    // Whitespace collapses and furniture goes, but every word of the body stays as written.
    let input = root().join("tests/fixtures/reader/repeated-title.txt");
    let tree = tree(&input);
    let body: Vec<&str> = tree["blocks"].as_array().unwrap().iter().map(|b| b["text"].as_str().unwrap()).collect();
    assert_eq!(body[0], "صنع الوراقون الحبر من العفص والصمغ والزاج، وكانت لكل وراق وصفته الخاصة.");
}

/// The number a marker's digits spell, in any digit system («(١٢)» is 12, «²» is 2).
fn marker_number(marker: &str) -> Option<u32> {
    let digits: String = marker
        .chars()
        .filter_map(|c| match c {
            '0'..='9' => c.to_digit(10),
            '\u{0660}'..='\u{0669}' => Some(c as u32 - 0x0660),
            '\u{06F0}'..='\u{06F9}' => Some(c as u32 - 0x06F0),
            '¹' => Some(1),
            '²' => Some(2),
            '³' => Some(3),
            '\u{2070}' | '\u{2074}'..='\u{2079}' => Some(c as u32 - 0x2070),
            _ => None,
        })
        .map(|d| char::from_digit(d, 10).unwrap())
        .collect();
    digits.parse().ok()
}

#[test]
fn every_note_ref_covers_its_marker_and_cites_a_note() {
    let mut refs = 0;
    for input in fixtures() {
        let tree = tree(&input);
        let blocks = tree["blocks"].as_array().unwrap();
        let numbers: Vec<u64> = blocks
            .iter()
            .filter(|b| b["type"] == "notes")
            .flat_map(|b| b["notes"].as_array().unwrap().iter().map(|n| n["number"].as_u64().unwrap()))
            .collect();
        assert!(blocks.iter().filter(|b| b["type"] == "notes").count() <= 1, "{}", input.display());
        if let Some(position) = blocks.iter().position(|b| b["type"] == "notes") {
            assert_eq!(position, blocks.len() - 1, "{}: the notes come last", input.display());
        }
        for block in blocks {
            let (Some(text), Some(spans)) = (block["text"].as_str(), block["spans"].as_array()) else { continue };
            for span in spans.iter().filter(|s| s["kind"]["kind"] == "note_ref") {
                let (start, end) = (span["start"].as_u64().unwrap() as usize, span["end"].as_u64().unwrap() as usize);
                let marker = &text[start..end];
                let note = span["kind"]["note"].as_u64().unwrap();
                assert_eq!(marker_number(marker).map(u64::from), Some(note), "{}: {marker}", input.display());
                assert!(numbers.contains(&note), "{}: note {note} exists", input.display());
                refs += 1;
            }
        }
    }
    assert!(refs >= 10, "fixtures cite notes: {refs}");
}
