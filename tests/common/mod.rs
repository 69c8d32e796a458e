//! Helpers shared by the integration tests: the real binary, fixtures, and
//! external validators that skip politely when absent (and fail instead
//! under WARRAQ_REQUIRE_VALIDATORS=1, as CI sets).

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The `warraq` binary Cargo built for these tests.
pub fn warraq() -> Command {
    Command::new(env!("CARGO_BIN_EXE_warraq"))
}

/// Runs warraq with `args` and returns its output.
pub fn run(args: &[&str]) -> Output {
    warraq().args(args).output().expect("warraq runs")
}

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A file under examples/.
pub fn example(relative: &str) -> PathBuf {
    root().join("examples").join(relative)
}

/// Asserts that warraq ended by itself with 0, 1 or 2 (never a panic, 101,
/// or a signal) and hands the output back.
pub fn exited_cleanly(output: Output) -> Output {
    assert!(
        matches!(output.status.code(), Some(0..=2)),
        "warraq exits 0, 1 or 2, never by a panic or a signal: {:?}\n{}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

/// Runs `warraq convert INPUT --to FORMAT -o TARGET EXTRA...`.
pub fn convert(input: &Path, format: &str, target: &Path, extra: &[&str]) -> Output {
    let mut args = vec!["convert", input.to_str().unwrap(), "--to", format, "-o", target.to_str().unwrap()];
    args.extend_from_slice(extra);
    run(&args)
}

/// The user's real essay in ../shared/seeds/, if this checkout has it beside it.
pub fn seed() -> Option<PathBuf> {
    let directory = root().join("../shared/seeds");
    let mut found: Vec<PathBuf> = std::fs::read_dir(&directory)
        .into_iter()
        .flatten()
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.extension().is_some_and(|e| e == "txt"))
        .collect();
    found.sort();
    let seed = found.into_iter().next();
    if seed.is_none() && required() {
        panic!("the seed essay is missing from ../shared/seeds/ and WARRAQ_REQUIRE_VALIDATORS is set");
    }
    if seed.is_none() {
        eprintln!("skipping: no seed essay in ../shared/seeds/");
    }
    seed
}

/// Whether validators must be present (WARRAQ_REQUIRE_VALIDATORS=1, as in CI).
pub fn required() -> bool {
    std::env::var("WARRAQ_REQUIRE_VALIDATORS").is_ok_and(|v| v == "1")
}

/// Looks for an external validator; `None` (with a message) means skip the test.
/// With WARRAQ_REQUIRE_VALIDATORS=1 a missing validator fails the test instead.
pub fn validator(program: &str, probe: &[&str]) -> Option<PathBuf> {
    let found = Command::new(program)
        .args(probe)
        .output()
        .is_ok_and(|output| output.status.success() || !output.stdout.is_empty() || !output.stderr.is_empty());
    if found {
        return Some(PathBuf::from(program));
    }
    if required() {
        panic!("validator {program} is required (WARRAQ_REQUIRE_VALIDATORS=1) but not installed");
    }
    eprintln!("skipping: {program} is not installed");
    None
}

/// epubcheck's jar, run with java, if both are present.
pub fn epubcheck() -> Option<PathBuf> {
    let jar = PathBuf::from("/usr/share/java/epubcheck.jar");
    if jar.exists() && validator("java", &["-version"]).is_some() {
        return Some(jar);
    }
    if required() {
        panic!("epubcheck is required (WARRAQ_REQUIRE_VALIDATORS=1) but /usr/share/java/epubcheck.jar is missing");
    }
    eprintln!("skipping: epubcheck is not installed");
    None
}

/// Runs epubcheck and returns (passed with no errors and no warnings, its report).
pub fn run_epubcheck(jar: &Path, epub: &Path) -> (bool, String) {
    let output = Command::new("java").arg("-jar").arg(jar).arg(epub).output().expect("java runs");
    let report = format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    let clean = output.status.success() && report.contains("0 fatals / 0 errors / 0 warnings");
    (clean, report)
}

/// Reads one entry of a ZIP (EPUB) archive as bytes.
pub fn zip_bytes(archive: &Path, name: &str) -> Vec<u8> {
    let file = std::fs::File::open(archive).expect("archive opens");
    let mut zip = zip::ZipArchive::new(file).expect("archive is a ZIP");
    let mut entry = zip.by_name(name).unwrap_or_else(|_| panic!("{name} is in the archive"));
    let mut bytes = Vec::new();
    std::io::Read::read_to_end(&mut entry, &mut bytes).expect("entry reads");
    bytes
}

/// Reads one entry of a ZIP (EPUB) archive as text.
pub fn zip_entry(archive: &Path, name: &str) -> String {
    let file = std::fs::File::open(archive).expect("archive opens");
    let mut zip = zip::ZipArchive::new(file).expect("archive is a ZIP");
    let mut entry = zip.by_name(name).unwrap_or_else(|_| panic!("{name} is in the archive"));
    let mut text = String::new();
    std::io::Read::read_to_string(&mut entry, &mut text).expect("entry is UTF-8");
    text
}

/// The files of tests/fixtures/DIR ending in `.EXTENSION`, sorted.
pub fn fixture_files(dir: &str, extension: &str) -> Vec<PathBuf> {
    let dir = root().join("tests/fixtures").join(dir);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|_| panic!("{} exists", dir.display()))
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|ext| ext == extension))
        .collect();
    files.sort();
    files
}

/// A scratch directory holding copies of the five example parts.
pub fn series_copy() -> tempfile::TempDir {
    let dir = scratch();
    for entry in std::fs::read_dir(example("series")).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, dir.path().join(path.file_name().unwrap())).unwrap();
    }
    dir
}

/// A fresh scratch directory.
pub fn scratch() -> tempfile::TempDir {
    tempfile::tempdir().expect("temporary directory")
}

/// The words of a text with punctuation removed, NFC, for in-order comparisons.
pub fn words(text: &str) -> Vec<String> {
    use unicode_normalization::UnicodeNormalization;
    text.nfc()
        .collect::<String>()
        .split(|c: char| c.is_whitespace())
        .map(|word| word.chars().filter(|c| c.is_alphanumeric() || is_mark(*c)).collect::<String>())
        .filter(|word| !word.is_empty())
        .collect()
}

fn is_mark(c: char) -> bool {
    matches!(c, '\u{064B}'..='\u{065F}' | '\u{0670}')
}

/// Text content of an XHTML document, tags removed and entities decoded.
pub fn xhtml_text(xhtml: &str) -> String {
    let body = match xhtml.split_once("<body") {
        Some((_, rest)) => rest.split_once('>').map_or(rest, |(_, content)| content),
        None => xhtml,
    };
    let mut text = String::new();
    let mut in_tag = false;
    for c in body.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                text.push(' ');
            }
            _ if !in_tag => text.push(c),
            _ => {}
        }
    }
    text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&amp;", "&")
}

/// ../shared/tools/pdfsearch.py --json on one PDF, with `args` (`--drop`,
/// `--engines`): each engine that ran, with its figures. An absent engine is
/// skipped with a message, and fails the test when validators are required;
/// `None` (skip) without python3 or the tool, likewise.
pub fn pdfsearch(source: &Path, pdf: &Path, args: &[&str]) -> Option<Vec<(String, serde_json::Value)>> {
    validator("python3", &["--version"])?;
    let tool = root().join("../shared/tools/pdfsearch.py");
    if !tool.exists() {
        assert!(!required(), "../shared/tools/pdfsearch.py is required (WARRAQ_REQUIRE_VALIDATORS=1) but missing");
        eprintln!("skipping: ../shared/tools/pdfsearch.py is missing");
        return None;
    }
    let mut command = Command::new("python3");
    command.arg(tool).arg(source).arg(pdf).args(args).arg("--json");
    if std::env::var_os("PDFJS_DIR").is_none() {
        command.env("PDFJS_DIR", root().join(".ci/node"));
    }
    let output = command.output().unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let mut present = Vec::new();
    for (name, figures) in report["engines"].as_object().expect("pdfsearch reports engines") {
        if let Some(absent) = figures.get("absent") {
            assert!(!required(), "{name} is required but absent: {absent}");
            eprintln!("skipping {name}: {absent}");
            continue;
        }
        present.push((name.clone(), figures.clone()));
    }
    Some(present)
}

/// A PDF read back through `qpdf --qdf`: objects by number, the page objects
/// and their content streams, in page order. `None` (skip) without qpdf.
pub struct Qdf {
    pub objects: std::collections::HashMap<u32, String>,
    pub pages: Vec<u32>,
    pub contents: Vec<String>,
}

pub fn read_qdf(pdf: &Path) -> Option<Qdf> {
    validator("qpdf", &["--version"])?;
    let qdf = pdf.with_extension("qdf.pdf");
    let status = Command::new("qpdf").args(["--qdf", "--object-streams=disable"]).arg(pdf).arg(&qdf).status().unwrap();
    assert!(status.success());
    let text = String::from_utf8_lossy(&std::fs::read(&qdf).unwrap()).to_string();
    let mut objects = std::collections::HashMap::new();
    let (mut pages, mut contents) = (Vec::new(), Vec::new());
    let mut next_is: Option<&str> = None;
    let lines: Vec<&str> = text.lines().collect();
    let mut index = 0;
    while index < lines.len() {
        let line = lines[index];
        if line.starts_with("%% Page ") {
            next_is = Some("page");
        } else if line.starts_with("%% Contents for page ") {
            next_is = Some("contents");
        } else if let Some(number) = line.strip_suffix(" 0 obj").and_then(|n| n.parse::<u32>().ok()) {
            let end = (index..lines.len()).find(|&i| lines[i] == "endobj").unwrap();
            let body = lines[index + 1..end].join("\n");
            match next_is.take() {
                Some("page") => pages.push(number),
                Some("contents") => contents.push(body.clone()),
                _ => {}
            }
            objects.insert(number, body);
            index = end;
        }
        index += 1;
    }
    assert!(!pages.is_empty() && pages.len() == contents.len(), "qpdf --qdf marks every page and its contents");
    Some(Qdf { objects, pages, contents })
}

/// How `face` sets `word`, as a reader sees it: each glyph's .notdef-ness,
/// cluster, advance and offsets. Glyph ids differ between a subset and its
/// face, so they are left out.
pub fn shaped_as_seen(face: &harfrust::Font, word: &str) -> Vec<(bool, u32, i32, i32, i32)> {
    let mut buffer = harfrust::Buffer::new();
    buffer.push_str(word);
    buffer.guess_segment_properties();
    harfrust::shape(&harfrust::ShaperFont::new(face), &mut buffer, harfrust::ShapeOptions::new()).expect("shapes");
    buffer
        .glyph_infos()
        .iter()
        .zip(buffer.glyph_positions())
        .map(|(info, p)| (info.glyph_id == 0, info.cluster, p.x_advance, p.x_offset, p.y_offset))
        .collect()
}
