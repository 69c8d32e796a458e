//! The one cleaning step for text that reaches a book: essays and the
//! metadata users state. It drops what no XML document can hold and no
//! reader wants: C0 and C1 control characters (all but tab and line feed)
//! and Unicode noncharacters. Everything else, every letter and mark, stays.

/// A character the cleaning dropped, and the 1-based line it was on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Dropped {
    /// 1-based line of the text.
    pub line: usize,
    /// The character dropped.
    pub character: char,
}

/// True for characters a book must not carry.
pub fn is_unwanted(c: char) -> bool {
    let control = c.is_control() && !matches!(c, '\t' | '\n');
    let noncharacter = matches!(c, '\u{FDD0}'..='\u{FDEF}') || (c as u32 & 0xFFFE) == 0xFFFE;
    control || noncharacter
}

/// Drops unwanted characters from an essay; returns the clean text and what was dropped where.
pub fn clean_text(text: &str) -> (String, Vec<Dropped>) {
    if !text.chars().any(is_unwanted) {
        return (text.to_string(), Vec::new());
    }
    let mut clean = String::with_capacity(text.len());
    let mut dropped = Vec::new();
    let mut line = 1;
    for c in text.chars() {
        if c == '\n' {
            line += 1;
        }
        if is_unwanted(c) {
            dropped.push(Dropped { line, character: c });
        } else {
            clean.push(c);
        }
    }
    (clean, dropped)
}

/// One notice per line: "dropped control character U+0007, U+001B".
pub fn describe(dropped: &[Dropped]) -> Vec<(usize, String)> {
    let mut notices: Vec<(usize, String)> = Vec::new();
    for item in dropped {
        let code = format!("U+{:04X}", item.character as u32);
        match notices.last_mut() {
            Some((line, message)) if *line == item.line => {
                if !message.contains(&code) {
                    message.push_str(", ");
                    message.push_str(&code);
                }
            }
            _ => notices.push((item.line, format!("dropped invisible control characters: {code}"))),
        }
    }
    notices
}

/// Cleans a one-line metadata value the user stated (`--title`, a series
/// name): line breaks and tabs become spaces, unwanted characters go, and
/// runs of spaces collapse. `None` when nothing printable is left.
pub fn clean_value(value: &str) -> Option<String> {
    let spaced: String = value.chars().map(|c| if matches!(c, '\t' | '\n' | '\r') { ' ' } else { c }).collect();
    let (clean, _) = clean_text(&spaced);
    let words: Vec<&str> = clean.split_whitespace().collect();
    (!words.is_empty()).then(|| words.join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_and_noncharacters_are_dropped_with_their_lines() {
        let (clean, dropped) = clean_text("سطر\u{7}\nآخر\u{1C}\u{FFFE}\tو\u{FFFF}\u{85}\n");
        assert_eq!(clean, "سطر\nآخر\tو\n");
        let lines: Vec<usize> = dropped.iter().map(|d| d.line).collect();
        assert_eq!(lines, vec![1, 2, 2, 2, 2]);
        assert_eq!(
            describe(&dropped),
            vec![
                (1, "dropped invisible control characters: U+0007".to_string()),
                (2, "dropped invisible control characters: U+001C, U+FFFE, U+FFFF, U+0085".to_string()),
            ]
        );
    }

    #[test]
    fn letters_marks_and_format_characters_stay() {
        let text = "أَدَّت\u{200C}ها \u{200F}English\u{FFFD}";
        assert_eq!(clean_text(text), (text.to_string(), Vec::new()));
    }

    #[test]
    fn a_value_of_only_controls_and_spaces_is_nothing() {
        assert_eq!(clean_value(" \u{1}\t\n "), None);
        assert_eq!(clean_value("  تاريخ\n\u{7}الورق  "), Some("تاريخ الورق".into()));
    }
}
