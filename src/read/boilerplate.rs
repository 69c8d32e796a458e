//! Site boilerplate that trails essays pasted from the web.
//!
//! Only lines at the very end are considered, and only when the whole line
//! is one of the phrases below (case, punctuation and spacing aside) or, for
//! the phrases marked as prefixes, starts with one. The list is short on
//! purpose: a false positive would silently lose the author's words.

/// Whole-line phrases that are site furniture, not essay text.
const WHOLE_LINES: &[&str] = &[
    "exit mobile version",
    "skip to content",
    "share this",
    "share",
    "print",
    "like this",
    "related",
    "related posts",
    "loading",
    "tweet",
    "copy link",
    "facebook",
    "twitter",
    "whatsapp",
    "telegram",
    "email",
    "شارك",
    "شارك المقال",
    "شارك هذا المقال",
    "مشاركة",
    "طباعة",
    "اطبع",
    "اقرأ أيضا",
    "اقرأ أيضاً",
    "اقرأ ايضا",
    "مقالات ذات صلة",
    "المزيد",
];

/// Phrases that mark the whole line as furniture when it starts with them.
const PREFIXES: &[&str] =
    &["read also", "read more", "اقرأ أيضا", "اقرأ أيضاً", "اقرأ ايضا", "click to share", "share on"];

/// True when `line` is site boilerplate by the list above.
pub fn is_boilerplate(line: &str) -> bool {
    let folded: String = line
        .to_lowercase()
        .chars()
        .map(|c| if c.is_alphanumeric() || c.is_whitespace() || is_mark(c) { c } else { ' ' })
        .collect();
    let folded = folded.split_whitespace().collect::<Vec<_>>().join(" ");
    if folded.is_empty() {
        return false;
    }
    WHOLE_LINES.contains(&folded.as_str()) || PREFIXES.iter().any(|prefix| folded.starts_with(prefix))
}

fn is_mark(c: char) -> bool {
    matches!(c, '\u{064B}'..='\u{065F}' | '\u{0670}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_furniture_is_recognised() {
        assert!(is_boilerplate("Exit mobile version"));
        assert!(is_boilerplate("  Share this:  "));
        assert!(is_boilerplate("اقرأ أيضاً: تاريخ الورق"));
        assert!(is_boilerplate("طباعة"));
    }

    #[test]
    fn essay_sentences_are_not_furniture() {
        assert!(!is_boilerplate("Print was slow to reach the Arabic world."));
        assert!(!is_boilerplate("شارك الوراقون في نشر العلم."));
        assert!(!is_boilerplate(""));
    }
}
