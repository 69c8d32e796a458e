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
        assert_eq!(tree(input)["version"], 3, "{}", input.display());
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
