//! Our shaping (harfrust) against HarfBuzz itself (`hb-shape`, Debian's
//! libharfbuzz-bin): the same glyph ids, advances and offsets for Arabic
//! words with and without harakat, in Amiri Regular and Bold.

mod common;

use common::*;
use std::process::Command;
use warraq::backend::pdf::shape::shape_run;
use warraq::fonts::{FontSet, Typeface};

const WORDS: &[&str] = &[
    "الورق",
    "الوَرّاق",
    "كَتَبَ",
    "سرًّا",
    "الله",
    "لا",
    "لأن",
    "فحين",
    "المركزية",
    "بغداد",
    "سمرقند",
    "مُحَمَّدٌ",
    "عِلْمٌ",
    "يُنسى",
    "تحظَ",
    "أشكالًا",
    "المِداد",
    "الحِبْر",
    "قِراءة",
    "مؤسسة",
    "شيء",
    "إلى",
    "الاجتماعية",
    "استخباراتية",
    "فعّالة",
    "القرّاء",
    "ضدّ",
    "الأوّل",
    "١٣",
    "1924",
];

/// Words of the seed essay, when it is beside the checkout.
fn seed_words() -> Vec<String> {
    let Some(seed) = seed() else { return Vec::new() };
    let text = std::fs::read_to_string(seed).unwrap();
    let mut words: Vec<String> = text
        .split_whitespace()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric() && !('\u{064B}'..='\u{0652}').contains(&c)).to_string())
        .filter(|w| w.chars().any(|c| ('\u{0621}'..='\u{064A}').contains(&c)))
        .collect();
    words.sort();
    words.dedup();
    words
}

fn harfbuzz(face: &Typeface, words: &[String]) -> Vec<Vec<(u16, i32, i32, i32)>> {
    let scratch = scratch();
    let list = scratch.path().join("words.txt");
    std::fs::write(&list, words.join("\n")).unwrap();
    let font = scratch.path().join(&face.file.file_name);
    std::fs::write(&font, face.file.bytes).unwrap();
    let output = Command::new("hb-shape")
        .args([
            "--output-format=json",
            "--no-glyph-names",
            "--cluster-level=2",
            "--direction=rtl",
            "--script=arab",
            "--language=ar",
        ])
        .arg(format!("--text-file={}", list.display()))
        .arg(&font)
        .output()
        .expect("hb-shape runs");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .map(|line| {
            let glyphs: Vec<serde_json::Value> = serde_json::from_str(line).unwrap();
            glyphs
                .iter()
                .map(|g| {
                    let int = |key: &str| g[key].as_i64().unwrap() as i32;
                    (int("g") as u16, int("ax"), int("dx"), int("dy"))
                })
                .collect()
        })
        .collect()
}

fn ours(face: &Typeface, word: &str) -> Vec<(u16, i32, i32, i32)> {
    // At a size of one em per unit, points are font units.
    let run = shape_run(face, word, 0..word.len(), true, "ar", face.units_per_em);
    run.glyphs
        .iter()
        .map(|g| (g.glyph, g.advance.round() as i32, g.x_offset.round() as i32, g.y_offset.round() as i32))
        .collect()
}

#[test]
fn our_shaping_matches_harfbuzz_glyph_for_glyph() {
    if validator("hb-shape", &["--version"]).is_none() {
        return;
    }
    let fonts = FontSet::default();
    let faces = fonts.typefaces().unwrap();
    let mut words: Vec<String> = WORDS.iter().map(|w| w.to_string()).collect();
    words.extend(seed_words());
    for face in [&faces.regular, &faces.bold] {
        let reference = harfbuzz(face, &words);
        assert_eq!(reference.len(), words.len());
        for (word, expected) in words.iter().zip(&reference) {
            assert_eq!(&ours(face, word), expected, "{word} in {}", face.file.file_name);
        }
    }
}
