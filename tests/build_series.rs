//! `warraq build`: a whole series at once, driven through the real binary.

mod common;

use common::*;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn build(args: &[&str]) -> Output {
    exited_cleanly(run(&[&["build"], args].concat()))
}

fn json_report(output: &Output) -> Value {
    serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|_| panic!("--json prints JSON: {}", String::from_utf8_lossy(&output.stderr)))
}

fn essay(title: &str) -> String {
    format!("{title}\nسلمى الحداد\n\nعنوان فرعي\nفقرة من نص هذا الجزء تكفي لأن تكون فقرة حقيقية في السلسلة.\n")
}

fn files_in(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    files
}

#[test]
fn parts_are_ordered_by_the_numbers_in_their_titles() {
    let out = scratch();
    let output =
        build(&[example("series").to_str().unwrap(), "--to", "json", "--out", out.path().to_str().unwrap(), "--json"]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let report = json_report(&output);
    let order: Vec<(u64, String)> = report["parts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["part"].as_u64().unwrap(),
                Path::new(p["input"].as_str().unwrap()).file_name().unwrap().to_string_lossy().into_owned(),
            )
        })
        .collect();
    assert_eq!(
        order,
        [
            (1, "01-samarkand.txt".into()),
            (2, "02-baghdad-market.txt".into()),
            (3, "04-binding.txt".into()),
            (4, "03-ink.txt".into()),
            (5, "05-print.txt".into())
        ]
    );
    assert!(out.path().join("رحلة-الورق-من-سمرقند-إلى-بغداد-03.json").exists(), "slug + zero-padded part number");
}

#[test]
fn the_manifest_names_the_outputs_and_sets_the_order() {
    let out = scratch();
    let output = build(&[
        example("series/series.toml").to_str().unwrap(),
        "--to",
        "json",
        "--out",
        out.path().to_str().unwrap(),
    ]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    for part in 1..=5 {
        assert!(out.path().join(format!("paper-road-0{part}.json")).exists());
    }
}

#[test]
fn gaps_duplicates_and_mixed_series_are_warned_about_by_file() {
    let dir = scratch();
    std::fs::write(dir.path().join("a.txt"), essay("تاريخ الورق، الجزء الأول")).unwrap();
    std::fs::write(dir.path().join("b.txt"), essay("تاريخ الورق، الجزء الثاني")).unwrap();
    std::fs::write(dir.path().join("c.txt"), essay("تاريخ الورق، الجزء الثاني")).unwrap();
    std::fs::write(dir.path().join("d.txt"), essay("تاريخ الحبر، الجزء الخامس")).unwrap();
    let out = scratch();
    let output = build(&[dir.path().to_str().unwrap(), "--to", "json", "--out", out.path().to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "warnings do not fail the build: {stderr}");
    assert!(
        stderr.contains("two parts are numbered 2:") && stderr.contains("b.txt and") && stderr.contains("c.txt"),
        "{stderr}"
    );
    assert!(stderr.contains("parts 3 to 4 are missing between") && stderr.contains("d.txt"), "{stderr}");
    assert!(stderr.contains("the parts name different series"), "{stderr}");
    let outputs =
        files_in(out.path()).into_iter().filter(|p| !p.file_name().unwrap().to_string_lossy().starts_with('.')).count();
    assert_eq!(outputs, 4, "duplicates get distinct names");
}

#[test]
fn a_failing_part_does_not_stop_the_others_and_leaves_nothing_behind() {
    let dir = series_copy();
    let out = scratch();
    let args = |json: bool| {
        let mut args = vec![
            dir.path().to_str().unwrap().to_string(),
            "--to".into(),
            "epub,pdf".into(),
            "--out".into(),
            out.path().to_str().unwrap().into(),
        ];
        if json {
            args.push("--json".into());
        }
        args
    };
    let first = build(&args(false).iter().map(String::as_str).collect::<Vec<_>>());
    assert!(first.status.success());
    // Part 2 turns into binary junk: its old outputs must go, the others stay.
    std::fs::write(dir.path().join("02-baghdad-market.txt"), b"\x00\x01\x02binary").unwrap();
    let second = build(&args(true).iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(second.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&second.stderr);
    assert!(stderr.contains("02-baghdad-market.txt: binary data"), "{stderr}");
    let report = json_report(&second);
    let failed: Vec<&Value> = report["parts"].as_array().unwrap().iter().filter(|p| !p["error"].is_null()).collect();
    assert_eq!(failed.len(), 1);
    let names: Vec<String> =
        files_in(out.path()).iter().map(|p| p.file_name().unwrap().to_string_lossy().into_owned()).collect();
    assert!(!names.iter().any(|n| n.contains("-02.")), "no stale output of the failed part: {names:?}");
    assert_eq!(names.iter().filter(|n| n.ends_with(".pdf")).count(), 4, "the other four parts are built: {names:?}");
    assert!(!names.iter().any(|n| n.starts_with(".warraq-") && n.ends_with(".part")), "no temporary files: {names:?}");
}

#[test]
fn output_is_byte_identical_whatever_the_number_of_jobs() {
    let (one, two) = (scratch(), scratch());
    for (dir, jobs) in [(&one, "1"), (&two, "2")] {
        let output = build(&[
            example("series/series.toml").to_str().unwrap(),
            "--out",
            dir.path().to_str().unwrap(),
            "--jobs",
            jobs,
            "--omnibus",
        ]);
        assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    }
    let (a, b) = (files_in(one.path()), files_in(two.path()));
    assert_eq!(a.len(), b.len());
    assert_eq!(a.len(), 14, "5 parts × 2 formats, an omnibus in each, the build state and its lock");
    for (x, y) in a.iter().zip(&b) {
        assert_eq!(x.file_name(), y.file_name());
        assert!(
            std::fs::read(x).unwrap() == std::fs::read(y).unwrap(),
            "{} differs between --jobs 1 and 2",
            x.display()
        );
    }
}

#[test]
fn unchanged_parts_are_skipped_and_force_rebuilds_them() {
    let dir = series_copy();
    let out = scratch();
    let run_build = |extra: &[&str]| {
        let mut args =
            vec![dir.path().to_str().unwrap(), "--to", "epub", "--out", out.path().to_str().unwrap(), "--json"];
        args.extend_from_slice(extra);
        let output = build(&args);
        assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
        json_report(&output)["parts"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["skipped"].as_bool().unwrap())
            .collect::<Vec<bool>>()
    };
    assert_eq!(run_build(&[]), [false; 5]);
    assert_eq!(run_build(&[]), [true; 5], "nothing changed");
    let part = dir.path().join("05-print.txt");
    let text = std::fs::read_to_string(&part).unwrap();
    std::fs::write(&part, text.replace("مطبعة بولاق", "مطبعة بولاق في القاهرة")).unwrap();
    assert_eq!(run_build(&[]), [true, true, true, true, false], "only the changed part");
    assert_eq!(run_build(&["--force"]), [false; 5]);
}

#[test]
fn json_report_holds_every_part() {
    let out = scratch();
    let output = build(&[
        example("series/series.toml").to_str().unwrap(),
        "--out",
        out.path().to_str().unwrap(),
        "--json",
        "--omnibus",
    ]);
    assert!(output.status.success());
    let report = json_report(&output);
    let parts = report["parts"].as_array().unwrap();
    assert_eq!(parts.len(), 5);
    for part in parts {
        for key in ["input", "outputs", "title", "part", "pages", "words", "milliseconds", "warnings", "error"] {
            assert!(part.get(key).is_some(), "{key} in {part}");
        }
        assert!(part["pages"].as_u64().unwrap() >= 1);
        assert!(part["words"].as_u64().unwrap() > 100);
        assert_eq!(part["outputs"].as_array().unwrap().len(), 2);
    }
    assert_eq!(report["omnibus"]["parts"], 5);
}

#[test]
fn omnibus_volume_is_valid_and_holds_every_part_in_order() {
    let out = scratch();
    let output =
        build(&[example("series/series.toml").to_str().unwrap(), "--out", out.path().to_str().unwrap(), "--omnibus"]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let epub = out.path().join("paper-road-omnibus.epub");
    let pdf = out.path().join("paper-road-omnibus.pdf");
    let nav = zip_entry(&epub, "OEBPS/nav.xhtml");
    assert_eq!(
        nav.matches("part-0").count() - nav.matches("#section").count(),
        5 + 1,
        "each part in the contents, and one bodymatter landmark (the first part)"
    );
    assert!(
        nav.contains("part-003.xhtml#section-1\">من الكراريس إلى المجلّد"),
        "part 3 (04-binding.txt) is third, with its headings"
    );
    if let Some(jar) = epubcheck() {
        let (clean, report) = run_epubcheck(&jar, &epub);
        assert!(clean, "{report}");
    }
    if validator("qpdf", &["--version"]).is_some() {
        let check = Command::new("qpdf").arg("--check").arg(&pdf).output().unwrap();
        assert!(check.status.success());
        let json = Command::new("qpdf").args(["--json", "--json-key=outlines"]).arg(&pdf).output().unwrap();
        let outline: Value = serde_json::from_slice(&json.stdout).unwrap();
        let parts = outline["outlines"].as_array().unwrap();
        assert_eq!(parts.len(), 5, "one outline entry per part");
        assert!(parts.iter().all(|p| p["kids"].as_array().unwrap().len() == 2), "each part's two headings beneath it");
        assert!(parts[2]["title"].as_str().unwrap().ends_with("الجزء ٣"));
    }
    if validator("pdftotext", &["-v"]).is_some() && validator("python3", &["--version"]).is_some() {
        let extracted = out.path().join("omnibus.txt");
        assert!(Command::new("pdftotext").arg(&pdf).arg(&extracted).status().unwrap().success());
        // The parts' text in reading order, without their author lines (the volume names the author once).
        let order = ["01-samarkand", "02-baghdad-market", "04-binding", "03-ink", "05-print"];
        let joined: String = order
            .iter()
            .map(|name| {
                let text = std::fs::read_to_string(example(&format!("series/{name}.txt"))).unwrap();
                text.lines().filter(|l| l.trim() != "سلمى الحداد").collect::<Vec<_>>().join("\n") + "\n"
            })
            .collect();
        let source = out.path().join("parts.txt");
        std::fs::write(&source, joined).unwrap();
        let tool = root().join("../shared/tools/textfidelity.py");
        if !tool.exists() && std::env::var("WARRAQ_REQUIRE_VALIDATORS").is_ok_and(|v| v == "1") {
            panic!("{} is required (WARRAQ_REQUIRE_VALIDATORS=1) but missing", tool.display());
        }
        if tool.exists() {
            let report = Command::new("python3").arg(tool).arg(&source).arg(&extracted).output().unwrap();
            let report = String::from_utf8_lossy(&report.stdout);
            assert!(report.starts_with("recall=1.0000"), "{report}");
        }
    }
}

#[test]
fn the_library_builds_a_series_without_the_cli() {
    let out = scratch();
    let plan = warraq::BuildPlan {
        formats: vec!["json".into()],
        ..warraq::BuildPlan::new(vec![example("series")], out.path().into())
    };
    let report = warraq::build(&plan).unwrap();
    assert!(!report.failed());
    assert_eq!(report.parts.iter().map(|p| p.part).collect::<Vec<_>>(), [Some(1), Some(2), Some(3), Some(4), Some(5)]);
}
