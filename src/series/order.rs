//! Putting parts in reading order, naming their outputs, and noticing what
//! looks wrong with the numbering.

use std::cmp::Ordering;
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
    if slug.is_empty() { "series".to_string() } else { slug.trim_end_matches('-').to_string() }
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
