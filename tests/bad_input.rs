//! Bad input: one clear line on stderr, a non-zero exit, and no output file.

mod common;

use common::*;
use std::path::Path;

fn assert_fails_cleanly(input: &Path, target: &Path, expected: &str) {
    let output = run(&["convert", input.to_str().unwrap(), "--to", "epub", "-o", target.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "one line: {stderr}");
    assert!(stderr.contains(expected), "{stderr:?} should say {expected:?}");
    assert!(!target.exists(), "no output file is left behind");
    let leftovers: Vec<_> = std::fs::read_dir(target.parent().unwrap())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().starts_with(".warraq-"))
        .collect();
    assert!(leftovers.is_empty(), "no temporary file is left behind");
}

#[test]
fn empty_file() {
    let scratch = scratch();
    let input = scratch.path().join("empty.txt");
    std::fs::write(&input, "\n \n").unwrap();
    assert_fails_cleanly(&input, &scratch.path().join("out.epub"), "empty.txt: empty");
}

#[test]
fn binary_file() {
    let scratch = scratch();
    let input = scratch.path().join("picture.txt");
    std::fs::write(&input, b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0").unwrap();
    assert_fails_cleanly(&input, &scratch.path().join("out.epub"), "picture.txt: binary data");
}

#[test]
fn invalid_utf8_that_is_not_windows_1256_names_the_line() {
    let scratch = scratch();
    let input = scratch.path().join("latin1.txt");
    std::fs::write(&input, b"Title\n\ncaf\xe9 cr\xe8me\n").unwrap();
    assert_fails_cleanly(&input, &scratch.path().join("out.epub"), "latin1.txt:3: not valid UTF-8");
}

#[test]
fn missing_file() {
    let scratch = scratch();
    assert_fails_cleanly(
        &scratch.path().join("nowhere.txt"),
        &scratch.path().join("out.epub"),
        "nowhere.txt: cannot read: no such file",
    );
}

#[test]
fn unwritable_output_directory() {
    let scratch = scratch();
    let blocker = scratch.path().join("not-a-directory");
    std::fs::write(&blocker, "a file where a directory should be").unwrap();
    let target = blocker.join("out.epub");
    let output = run(&[
        "convert",
        example("series/01-samarkand.txt").to_str().unwrap(),
        "--to",
        "epub",
        "-o",
        target.to_str().unwrap(),
    ]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("out.epub: cannot write output"), "{stderr}");
    assert_eq!(std::fs::read_to_string(&blocker).unwrap(), "a file where a directory should be");
}

#[test]
fn output_never_overwrites_the_input() {
    let scratch = scratch();
    let input = scratch.path().join("essay.txt");
    std::fs::write(&input, "عنوان\n\nنص.\n").unwrap();
    let output = run(&["convert", input.to_str().unwrap(), "--to", "json", "-o", input.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains("refusing to overwrite the input"));
    assert_eq!(std::fs::read_to_string(&input).unwrap(), "عنوان\n\nنص.\n");
}

#[test]
fn a_failed_run_keeps_the_previous_output() {
    let scratch = scratch();
    let input = scratch.path().join("empty.txt");
    std::fs::write(&input, "").unwrap();
    let target = scratch.path().join("book.epub");
    std::fs::write(&target, "previous book").unwrap();
    let output = run(&["convert", input.to_str().unwrap(), "-o", target.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "previous book");
}

#[test]
fn unknown_format_is_a_usage_error_listing_the_formats() {
    let output = run(&["convert", "x.txt", "--to", "docx"]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr.contains("epub") && stderr.contains("json"), "{stderr}");
}
