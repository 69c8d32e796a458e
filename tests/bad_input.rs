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

/// Deterministic pseudo-random bytes, mixing Arabic, Latin, marks, digits,
/// punctuation, control characters and invalid UTF-8.
fn noise(seed: u64, length: usize) -> Vec<u8> {
    let pieces: [&[u8]; 12] = [
        "ال".as_bytes(),
        "وَرَّاق".as_bytes(),
        " ".as_bytes(),
        "\n".as_bytes(),
        "1924".as_bytes(),
        "Cairo".as_bytes(),
        "؟".as_bytes(),
        "\u{651}\u{64b}".as_bytes(),
        b"\xff\xfe",
        b"\r",
        "(٣)".as_bytes(),
        "https://x.y/zzzzzzzzzzzzzzzzzzzzzzzz".as_bytes(),
    ];
    let mut state = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
    let mut bytes = Vec::new();
    while bytes.len() < length {
        state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        bytes.extend_from_slice(pieces[(state >> 33) as usize % pieces.len()]);
    }
    bytes
}

#[test]
fn arbitrary_input_is_read_or_refused_never_a_panic() {
    use warraq::backend::{RenderOptions, find};
    let options = RenderOptions::default();
    let (mut read, mut refused) = (0, 0);
    for seed in 0..150 {
        let bytes = noise(seed, (seed as usize * 37) % 900 + 1);
        match warraq::read::read(&bytes, &Default::default()) {
            Ok(reading) => {
                read += 1;
                for format in ["pdf", "epub"] {
                    let rendered =
                        find(format).unwrap().render(&reading.document, &options).expect("a read essay renders");
                    assert!(rendered.bytes.starts_with(if format == "pdf" { b"%PDF" } else { b"PK" }));
                }
            }
            Err(error) => {
                refused += 1;
                assert!(!error.to_string().is_empty());
            }
        }
    }
    assert!(read >= 20 && refused > 0, "the noise exercises both paths: {read} read, {refused} refused");
}
