//! Plain file names: the only kind of name warraq writes or deletes inside an
//! output directory. A plain name has no separator, is not `.` or `..`, holds
//! no control character, fits in 200 bytes, and is not a name Windows
//! reserves for devices.

/// Longest stem, in bytes of UTF-8, that warraq makes or accepts.
pub const MAX_STEM_BYTES: usize = 200;

/// Why `name` is not a plain file name, or `None` when it is one.
pub fn plain_name_problem(name: &str) -> Option<&'static str> {
    if name.is_empty() {
        return Some("is empty");
    }
    if name == "." || name == ".." {
        return Some("is `.` or `..`");
    }
    if name.contains(['/', '\\']) {
        return Some("holds a path separator");
    }
    if name.chars().any(char::is_control) {
        return Some("holds a control character");
    }
    if name.chars().any(|c| matches!(c, '<' | '>' | ':' | '"' | '|' | '?' | '*')) {
        return Some("holds a character Windows forbids in names (< > : \" | ? *)");
    }
    if name.starts_with('.') {
        return Some("starts with a dot (a hidden file)");
    }
    if name.ends_with(['.', ' ']) {
        return Some("ends with a dot or a space");
    }
    if name.len() > MAX_STEM_BYTES + 16 {
        return Some("is longer than 200 bytes");
    }
    if is_reserved_on_windows(name) {
        return Some("is a device name on Windows (CON, NUL, COM1…)");
    }
    None
}

/// A plain stem made from `raw` (an input's file stem, a series title):
/// forbidden characters become `-`, leading dots and trailing dots and
/// spaces go, the length is cut to 200 bytes, a Windows device name gets a
/// `-` appended, and an empty result becomes `fallback`.
pub fn plain_stem(raw: &str, fallback: &str) -> String {
    let mapped: String =
        raw.chars()
            .map(|c| {
                if c.is_control() || matches!(c, '/' | '\\' | '<' | '>' | ':' | '"' | '|' | '?' | '*') {
                    '-'
                } else {
                    c
                }
            })
            .collect();
    let mut stem = mapped.trim_start_matches(['.', ' ']).to_string();
    if stem.len() > MAX_STEM_BYTES {
        let mut end = MAX_STEM_BYTES;
        while !stem.is_char_boundary(end) {
            end -= 1;
        }
        stem.truncate(end);
    }
    let mut stem = stem.trim_end_matches(['.', ' ']).to_string();
    if stem.is_empty() {
        stem = fallback.to_string();
    }
    if is_reserved_on_windows(&stem) {
        stem.push('-');
    }
    stem
}

fn is_reserved_on_windows(name: &str) -> bool {
    let base = name.split('.').next().unwrap_or(name).trim_end().to_ascii_uppercase();
    matches!(base.as_str(), "CON" | "PRN" | "AUX" | "NUL")
        || ((base.starts_with("COM") || base.starts_with("LPT"))
            && base.len() == 4
            && base.as_bytes()[3].is_ascii_digit()
            && base.as_bytes()[3] != b'0')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_and_hidden_names_are_not_plain() {
        for name in ["", ".", "..", "../x", "/etc/x", "a\\b", "a\nb", "a\tb", ".-01", "x.", "NUL", "com1.epub", "a|b"] {
            assert!(plain_name_problem(name).is_some(), "{name:?}");
        }
        for name in ["paper-road-01.epub", "رحلة-الورق-03.pdf", "x-x.json", "console.pdf"] {
            assert_eq!(plain_name_problem(name), None, "{name:?}");
        }
    }

    #[test]
    fn stems_are_cleaned_into_plain_names() {
        assert_eq!(plain_stem("a\tb\nc", "part"), "a-b-c");
        assert_eq!(plain_stem("..", "part"), "part");
        assert_eq!(plain_stem(".", "part"), "part");
        assert_eq!(plain_stem("", "part"), "part");
        assert_eq!(plain_stem("con", "part"), "con-");
        let long = "ب".repeat(300);
        let stem = plain_stem(&long, "part");
        assert!(stem.len() <= MAX_STEM_BYTES && stem.chars().all(|c| c == 'ب'));
        for raw in ["../../x", "a/b", " .x. ", "LPT3"] {
            assert_eq!(plain_name_problem(&plain_stem(raw, "part")), None, "{raw:?}");
        }
    }
}
