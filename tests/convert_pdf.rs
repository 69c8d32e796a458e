//! `warraq convert --to pdf` end to end, checked with the tools readers use:
//! qpdf, pdffonts, pdftotext and ../shared/tools/textfidelity.py.

mod common;

use common::*;
use std::path::{Path, PathBuf};
use std::process::Command;

fn convert_pdf(input: &Path, directory: &Path) -> PathBuf {
    let name = input.file_stem().unwrap().to_string_lossy().to_string();
    let target = directory.join(format!("{name}.pdf"));
    let output = run(&["convert", input.to_str().unwrap(), "--to", "pdf", "-o", target.to_str().unwrap()]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    target
}

fn inputs() -> Vec<PathBuf> {
    let mut inputs: Vec<PathBuf> = std::fs::read_dir(example("series"))
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    inputs.sort();
    inputs.push(example("english/the-paper-road.txt"));
    inputs.push(example("harakat/al-warraq.txt"));
    inputs.extend(seed());
    inputs
}

/// Parses textfidelity.py's one-line report into (name, value) pairs.
fn fidelity(source: &Path, extracted: &Path) -> Option<std::collections::HashMap<String, f64>> {
    validator("python3", &["--version"])?;
    let tool = root().join("../shared/tools/textfidelity.py");
    if !tool.exists() {
        eprintln!("skipping: ../shared/tools/textfidelity.py is missing");
        return None;
    }
    let output =
        Command::new("python3").arg(tool).arg(source).arg(extracted).args(["--drop", "Exit mobile"]).output().unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    Some(
        String::from_utf8_lossy(&output.stdout)
            .split_whitespace()
            .filter_map(|pair| pair.split_once('='))
            .map(|(k, v)| (k.to_string(), v.parse().unwrap()))
            .collect(),
    )
}

#[test]
fn pdfs_pass_qpdf_check() {
    if validator("qpdf", &["--version"]).is_none() {
        return;
    }
    let scratch = scratch();
    for input in inputs() {
        let pdf = convert_pdf(&input, scratch.path());
        let output = Command::new("qpdf").arg("--check").arg(&pdf).output().unwrap();
        let report = String::from_utf8_lossy(&output.stdout);
        assert!(
            output.status.success() && report.contains("No syntax or stream encoding errors"),
            "{}: {report}",
            input.display()
        );
    }
}

#[test]
fn fonts_are_embedded_and_subset() {
    if validator("pdffonts", &["-v"]).is_none() {
        return;
    }
    let scratch = scratch();
    for input in inputs() {
        let pdf = convert_pdf(&input, scratch.path());
        let output = Command::new("pdffonts").arg(&pdf).output().unwrap();
        let listing = String::from_utf8_lossy(&output.stdout);
        let fonts: Vec<&str> = listing.lines().skip(2).collect();
        assert_eq!(fonts.len(), 2, "{listing}");
        for font in fonts {
            let columns: Vec<&str> = font.split_whitespace().collect();
            assert!(columns[0].chars().nth(6) == Some('+'), "subset name: {font}");
            assert_eq!(&columns[columns.len() - 5..columns.len() - 2], ["yes", "yes", "yes"], "emb, sub, uni: {font}");
        }
    }
}

#[test]
fn pdftotext_gives_back_the_text_in_logical_order() {
    if validator("pdftotext", &["-v"]).is_none() {
        return;
    }
    let scratch = scratch();
    for input in inputs() {
        let pdf = convert_pdf(&input, scratch.path());
        let extracted = scratch.path().join("extracted.txt");
        let status = Command::new("pdftotext").arg(&pdf).arg(&extracted).status().unwrap();
        assert!(status.success());
        let Some(report) = fidelity(&input, &extracted) else { return };
        assert_exact(&input, &report);
    }
}

/// Every word back in order, every harakah on its letter, no presentation forms.
fn assert_exact(input: &Path, report: &std::collections::HashMap<String, f64>) {
    let has_harakat = std::fs::read_to_string(input).unwrap().chars().any(|c| ('\u{064B}'..='\u{0652}').contains(&c));
    assert_eq!(report["recall"], 1.0, "{}: {report:?}", input.display());
    if has_harakat {
        assert_eq!(report["marked_words"], 1.0, "{}: {report:?}", input.display());
    }
    assert_eq!(report["presentation_forms"], 0.0, "{}", input.display());
    assert_eq!(report["reversed_words"], 0.0, "{}", input.display());
}

/// pdf.js (npm package pdfjs-dist 4.x) through tools/pdfjs-text.mjs, if node can find it.
fn pdfjs() -> Option<()> {
    validator("node", &["--version"])?;
    let probe = Command::new("node")
        .args(["--input-type=module", "-e", "import { createRequire } from 'node:module'; const r = createRequire(process.cwd() + '/'); r.resolve('pdfjs-dist/legacy/build/pdf.mjs', { paths: [process.cwd(), ...(process.env.NODE_PATH || '').split(':').filter(Boolean)] });"])
        .current_dir(root())
        .output()
        .ok()?;
    if probe.status.success() {
        return Some(());
    }
    if std::env::var("WARRAQ_REQUIRE_VALIDATORS").is_ok_and(|v| v == "1") {
        panic!("pdfjs-dist is required (WARRAQ_REQUIRE_VALIDATORS=1) but node cannot find it; set NODE_PATH");
    }
    eprintln!("skipping: the npm package pdfjs-dist is not installed (NODE_PATH)");
    None
}

#[test]
fn pdfjs_gives_back_the_same_text() {
    if pdfjs().is_none() {
        return;
    }
    let scratch = scratch();
    for input in inputs() {
        let pdf = convert_pdf(&input, scratch.path());
        let output = Command::new("node")
            .arg(root().join("tools/pdfjs-text.mjs"))
            .arg(&pdf)
            .current_dir(root())
            .output()
            .unwrap();
        assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
        let extracted = scratch.path().join("pdfjs.txt");
        std::fs::write(&extracted, &output.stdout).unwrap();
        let Some(report) = fidelity(&input, &extracted) else { return };
        assert_exact(&input, &report);
    }
}

#[test]
fn same_input_gives_byte_identical_pdfs() {
    let scratch = scratch();
    let input = example("series/02-baghdad-market.txt");
    let first = std::fs::read(convert_pdf(&input, scratch.path())).unwrap();
    let second = std::fs::read(convert_pdf(&input, scratch.path())).unwrap();
    assert!(first == second, "two builds of one input differ");
}

#[test]
fn catalog_names_language_direction_and_outline() {
    let scratch = scratch();
    let pdf = std::fs::read(convert_pdf(&example("series/05-print.txt"), scratch.path())).unwrap();
    let text = String::from_utf8_lossy(&pdf);
    assert!(text.contains("/Lang (ar)"));
    assert!(text.contains("/Direction /R2L"));
    assert!(text.contains("/Outlines"));
    assert!(text.contains("/Count 2"), "two headings in the outline");
    assert!(!text.contains("/CreationDate"), "no wall-clock date without SOURCE_DATE_EPOCH");
    let english = std::fs::read(convert_pdf(&example("english/the-paper-road.txt"), scratch.path())).unwrap();
    let english = String::from_utf8_lossy(&english);
    assert!(english.contains("/Lang (en)") && !english.contains("/Direction /R2L"));
}

#[test]
fn source_date_epoch_sets_the_dates() {
    let scratch = scratch();
    let target = scratch.path().join("dated.pdf");
    let input = example("series/01-samarkand.txt");
    let output = warraq()
        .args(["convert", input.to_str().unwrap(), "--to", "pdf", "-o", target.to_str().unwrap()])
        .env("SOURCE_DATE_EPOCH", "1700000000")
        .output()
        .unwrap();
    assert!(output.status.success());
    let pdf = std::fs::read(&target).unwrap();
    assert!(String::from_utf8_lossy(&pdf).contains("/CreationDate (D:20231114221320Z)"));
}

#[test]
fn characters_without_glyphs_are_named_in_one_warning() {
    let scratch = scratch();
    let input = scratch.path().join("emoji.txt");
    std::fs::write(&input, "عنوان\n\nورق 🙂 و紙 في نص واحد.\n").unwrap();
    let target = scratch.path().join("emoji.pdf");
    let output = run(&["convert", input.to_str().unwrap(), "--to", "pdf", "-o", target.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success());
    assert_eq!(stderr.lines().filter(|l| l.contains("no glyph")).count(), 1, "{stderr}");
    assert!(stderr.contains("🙂 (U+1F642)") && stderr.contains("紙 (U+7D19)"), "{stderr}");
}

#[test]
fn unknown_paper_is_a_clear_error() {
    let output = run(&[
        "convert",
        example("series/01-samarkand.txt").to_str().unwrap(),
        "--to",
        "pdf",
        "--paper",
        "b7",
        "-o",
        "-",
    ]);
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains("unknown paper size"));
}

#[test]
fn another_face_can_be_named() {
    let scratch = scratch();
    let target = scratch.path().join("bold.pdf");
    let font = root().join("fonts/Amiri-Bold.ttf");
    let output = convert(&example("series/01-samarkand.txt"), "pdf", &target, &["--font", font.to_str().unwrap()]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let pdf = String::from_utf8_lossy(&std::fs::read(&target).unwrap()).to_string();
    assert!(pdf.contains("+Amiri-Bold") && !pdf.contains("+Amiri-Regular"), "both faces are the named one");
}

#[test]
fn a_file_that_is_not_a_font_is_refused() {
    let scratch = scratch();
    let fake = scratch.path().join("fake.ttf");
    std::fs::write(&fake, "not a font").unwrap();
    let target = scratch.path().join("out.pdf");
    let output = convert(&example("series/01-samarkand.txt"), "pdf", &target, &["--font", fake.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains("fake.ttf: not a TrueType/OpenType font"));
    assert!(!target.exists());
}
