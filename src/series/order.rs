//! Putting parts in reading order, naming their outputs (stems), and noticing
//! what looks wrong with the numbering.

use crate::output::names::plain_stem;
use anyhow::{Result, bail};
use std::cmp::Ordering;
use std::collections::HashMap;
use std::path::Path;

/// Natural order of names: "part-2" before "part-10".
pub fn natural_cmp(a: &str, b: &str) -> Ordering {
    let (mut a, mut b) = (a.chars().peekable(), b.chars().peekable());
    loop {
        match (a.peek().copied(), b.peek().copied()) {
            (None, None) => return Ordering::Equal,
            (None, Some(_)) => return Ordering::Less,
            (Some(_), None) => return Ordering::Greater,
            (Some(x), Some(y)) if x.is_ascii_digit() && y.is_ascii_digit() => {
                let number = |chars: &mut std::iter::Peekable<std::str::Chars>| {
                    let mut digits = String::new();
                    while let Some(c) = chars.next_if(|c| c.is_ascii_digit()) {
                        digits.push(c);
                    }
                    digits.trim_start_matches('0').to_string()
                };
                let (x, y) = (number(&mut a), number(&mut b));
                let ordering = x.len().cmp(&y.len()).then_with(|| x.cmp(&y));
                if ordering != Ordering::Equal {
                    return ordering;
                }
            }
            (Some(x), Some(y)) => {
                if x != y {
                    return x.cmp(&y);
                }
                a.next();
                b.next();
            }
        }
    }
}

/// Sort key of a part without a manifest: its part number (parts without one
/// last), then its file name in natural order.
pub fn reading_order(a: (Option<u32>, &Path), b: (Option<u32>, &Path)) -> Ordering {
    let part = |p: Option<u32>| p.unwrap_or(u32::MAX);
    part(a.0).cmp(&part(b.0)).then_with(|| {
        natural_cmp(
            &a.1.file_name().unwrap_or_default().to_string_lossy(),
            &b.1.file_name().unwrap_or_default().to_string_lossy(),
        )
    })
}

/// Output stems, one per part in reading order: slug + zero-padded part
/// number, else the input's file stem; a stem already taken gets the input's
/// stem added. Every stem is a plain name. Two parts that still end up with
/// one name (or one part that would take the omnibus's name) are an error
/// naming both inputs, decided before anything is written.
pub fn output_stems(parts: &[(Option<u32>, &Path)], slug: &str, omnibus: Option<&str>) -> Result<Vec<String>> {
    let widest = parts.iter().filter_map(|p| p.0).max().unwrap_or(1);
    let width = widest.to_string().len().max(2);
    let mut taken: HashMap<String, &Path> = HashMap::new();
    let mut stems = Vec::with_capacity(parts.len());
    for &(number, input) in parts {
        let input_stem = plain_stem(&input.file_stem().unwrap_or_default().to_string_lossy(), "part");
        let stem = match number {
            Some(number) => plain_stem(&format!("{slug}-{number:0width$}"), "part"),
            None => input_stem.clone(),
        };
        let stem = if taken.contains_key(&stem) { plain_stem(&format!("{stem}-{input_stem}"), "part") } else { stem };
        if let Some(other) = taken.get(&stem) {
            bail!(
                "{} and {} would both be written as {stem}.*; rename one of them or list them in a series.toml",
                other.display(),
                input.display()
            );
        }
        if omnibus == Some(stem.as_str()) {
            bail!("{}: its outputs would be named {stem}.*, which is the omnibus's name", input.display());
        }
        taken.insert(stem.clone(), input);
        stems.push(stem);
    }
    Ok(stems)
}

/// A file-name stem from a series name: letters and digits of any script
/// (harakat dropped), words joined by hyphens, lower case.
pub fn slug(name: &str) -> String {
    let cleaned: String = name
        .chars()
        .filter(|c| !matches!(c, '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{0640}'))
        .map(|c| if c.is_alphanumeric() { c.to_lowercase().next().unwrap_or(c) } else { ' ' })
        .collect();
    let slug = cleaned.split_whitespace().collect::<Vec<_>>().join("-");
    let slug: String = slug.chars().take(60).collect();
    if slug.is_empty() { "series".to_string() } else { plain_stem(slug.trim_end_matches('-'), "series") }
}

/// Warnings about parts that name different series (without a manifest to settle it).
pub fn mixed_series_warnings(names: &[(Option<&str>, &Path)]) -> Vec<String> {
    let mut named: Vec<(&str, &Path)> = names.iter().filter_map(|&(n, p)| Some((n?, p))).collect();
    named.dedup_by_key(|(name, _)| *name);
    let mut distinct: Vec<&str> = named.iter().map(|(n, _)| *n).collect();
    distinct.sort_unstable();
    distinct.dedup();
    if distinct.len() < 2 {
        return Vec::new();
    }
    let list: Vec<String> = named.iter().map(|(n, p)| format!("«{n}» ({})", p.display())).collect();
    vec![format!("the parts name different series: {}", list.join(", "))]
}

/// Warnings about the numbering of parts: gaps and duplicates, naming files.
pub fn numbering_warnings(parts: &[(Option<u32>, &Path)]) -> Vec<String> {
    let mut warnings = Vec::new();
    let mut numbered: Vec<(u32, &Path)> = parts.iter().filter_map(|&(n, p)| n.map(|n| (n, p))).collect();
    numbered.sort_by_key(|&(n, _)| n);
    for pair in numbered.windows(2) {
        let ((a, path_a), (b, path_b)) = (pair[0], pair[1]);
        if a == b {
            warnings.push(format!("two parts are numbered {a}: {} and {}", path_a.display(), path_b.display()));
        } else if b > a + 1 {
            let missing =
                if b == a + 2 { format!("part {} is", a + 1) } else { format!("parts {} to {} are", a + 1, b - 1) };
            warnings.push(format!("{missing} missing between {} and {}", path_a.display(), path_b.display()));
        }
    }
    warnings
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn natural_order_reads_numbers_as_numbers() {
        let mut names = vec!["part-10.txt", "part-2.txt", "part-1.txt", "intro.txt"];
        names.sort_by(|a, b| natural_cmp(a, b));
        assert_eq!(names, ["intro.txt", "part-1.txt", "part-2.txt", "part-10.txt"]);
    }

    #[test]
    fn slugs_keep_arabic_letters_and_drop_marks() {
        assert_eq!(slug("رحلة الوَرَق: من سمرقند!"), "رحلة-الورق-من-سمرقند");
        assert_eq!(slug("A History of Paper"), "a-history-of-paper");
        assert_eq!(slug("!!!"), "series");
    }

    #[test]
    fn same_stems_from_different_directories_are_an_error_naming_both() {
        let (a, b, c) = (Path::new("a/x.txt"), Path::new("b/x.txt"), Path::new("c/x.txt"));
        let error = output_stems(&[(None, a), (None, b), (None, c)], "s", None).unwrap_err().to_string();
        assert!(error.contains("b/x.txt and c/x.txt"), "{error}");
        let stems = output_stems(&[(Some(2), a), (Some(2), Path::new("d/y.txt"))], "s", None).unwrap();
        assert_eq!(stems, ["s-02", "s-02-y"]);
        assert!(output_stems(&[(None, Path::new("s-omnibus.txt"))], "s", Some("s-omnibus")).is_err());
    }

    #[test]
    fn stems_from_odd_file_names_are_plain() {
        let stems = output_stems(&[(None, Path::new("d/a\tb.txt")), (None, Path::new("d/..txt"))], "s", None).unwrap();
        assert_eq!(stems, ["a-b", "part"]);
    }

    #[test]
    fn gaps_and_duplicates_are_named() {
        let (a, b, c, d) = (Path::new("a.txt"), Path::new("b.txt"), Path::new("c.txt"), Path::new("d.txt"));
        let warnings = numbering_warnings(&[(Some(1), a), (Some(3), b), (Some(3), c), (Some(7), d)]);
        assert_eq!(
            warnings,
            [
                "part 2 is missing between a.txt and b.txt",
                "two parts are numbered 3: b.txt and c.txt",
                "parts 4 to 6 are missing between c.txt and d.txt"
            ]
        );
    }
}
