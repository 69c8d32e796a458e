//! The plain-text reader: an essay as pasted from the web → [`Document`].
//!
//! It decodes the bytes, takes the first non-empty line as the title (with
//! its series and part), a short name-like line after it as the author,
//! short unpunctuated lines followed by a paragraph as section headings, and
//! every other line as a paragraph. Trailing site boilerplate is dropped and
//! reported. Text is only classified, never rewritten (beyond NFC).

use super::{Notice, ReadError, ReadOptions, Reading, boilerplate, decode, is_arabic_letter, parse_title};
use crate::document::{Block, Direction, Document, Meta};
use unicode_normalization::UnicodeNormalization;

/// Longest line, in words, that can be a heading or an author.
const HEADING_MAX_WORDS: usize = 10;
const HEADING_MAX_CHARS: usize = 90;
const AUTHOR_MAX_WORDS: usize = 5;
const QUESTION_HEADING_MAX_WORDS: usize = 6;

/// Reads an essay from its bytes.
pub fn read(bytes: &[u8], options: &ReadOptions) -> Result<Reading, ReadError> {
    let (text, encoding) = decode(bytes).map_err(ReadError::Decode)?;
    let text: String = text.nfc().collect();
    let mut lines: Vec<(usize, &str)> = text
        .lines()
        .enumerate()
        .map(|(index, line)| (index + 1, line.trim()))
        .filter(|(_, line)| !line.is_empty())
        .collect();

    let mut notices = Vec::new();
    if !options.keep_boilerplate {
        while let Some(&(number, line)) = lines.last() {
            if !boilerplate::is_boilerplate(line) {
                break;
            }
            notices.push(Notice { line: number, message: format!("dropped site boilerplate \"{line}\"") });
            lines.pop();
        }
        notices.reverse();
    }

    let (&(_, title), rest) = lines.split_first().ok_or(ReadError::Empty)?;
    let (author, body) = match rest.split_first() {
        Some((&(_, line), body)) if looks_like_author(line) && !body.is_empty() => (Some(line), body),
        _ => (None, rest),
    };

    let blocks = classify_blocks(body);
    let (lang, direction) = detect_language(&text);
    let parts = parse_title(title);
    let meta = Meta {
        title: title.to_string(),
        subtitle: parts.as_ref().and_then(|p| p.subtitle.clone()),
        author: author.map(strip_byline),
        series: parts.as_ref().map(|p| p.series.clone()),
        part: parts.as_ref().map(|p| p.part),
        part_label: parts.as_ref().map(|p| p.label.clone()),
        lang: lang.to_string(),
        direction,
    };
    Ok(Reading { document: Document { meta, blocks }, encoding, notices })
}

fn classify_blocks(lines: &[(usize, &str)]) -> Vec<Block> {
    lines
        .iter()
        .enumerate()
        .map(|(index, &(_, line))| {
            let next_is_paragraph = lines.get(index + 1).is_some_and(|&(_, next)| !could_be_heading(next));
            if could_be_heading(line) && next_is_paragraph { Block::heading(line) } else { Block::paragraph(line) }
        })
        .collect()
}

/// Sentence punctuation that a heading or a name does not end with.
fn ends_a_sentence(line: &str) -> bool {
    line.ends_with(['.', '!', '?', '؟', ':', '؛', ';', '…', ',', '،', '"', '»', ')'])
}

/// A short line that does not end a sentence; a short question («لماذا انتصر الورق؟») may.
fn could_be_heading(line: &str) -> bool {
    let words = line.split_whitespace().count();
    let is_short_question = words <= QUESTION_HEADING_MAX_WORDS && line.ends_with(['?', '؟']);
    words <= HEADING_MAX_WORDS
        && line.chars().count() <= HEADING_MAX_CHARS
        && (is_short_question || !ends_a_sentence(line))
}

fn looks_like_author(line: &str) -> bool {
    let words = line.split_whitespace().count();
    words <= AUTHOR_MAX_WORDS
        && !line.contains(['.', '!', '?', '؟', '؛', ';', '…'])
        && !ends_a_sentence(line)
        && !line.chars().any(|c| c.is_ascii_digit())
}

/// «بقلم: عزيز جلال» and "By Jane Doe" name the author after the byline word.
fn strip_byline(line: &str) -> String {
    for byline in ["بقلم:", "بقلم", "By ", "by "] {
        if let Some(name) = line.strip_prefix(byline) {
            let name = name.trim_start_matches([':', ' ']);
            if !name.is_empty() {
                return name.to_string();
            }
        }
    }
    line.to_string()
}

/// Arabic when Arabic letters outnumber Latin ones, English otherwise.
fn detect_language(text: &str) -> (&'static str, Direction) {
    let arabic = text.chars().filter(|&c| is_arabic_letter(c)).count();
    let latin = text.chars().filter(|c| c.is_ascii_alphabetic()).count();
    if arabic > latin { ("ar", Direction::Rtl) } else { ("en", Direction::Ltr) }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_str(text: &str) -> Reading {
        read(text.as_bytes(), &ReadOptions::default()).unwrap()
    }

    #[test]
    fn heading_without_blank_line_before_its_paragraph() {
        let reading = read_str(
            "العنوان\nكاتب المقال\nالورق في بغداد\nانتشر الورق في بغداد سريعًا بعد أن عرفه العرب من الصينيين، فصار الوراقون سوقًا.\n",
        );
        assert_eq!(reading.document.meta.author.as_deref(), Some("كاتب المقال"));
        assert_eq!(reading.document.blocks[0], Block::heading("الورق في بغداد"));
        assert!(matches!(reading.document.blocks[1], Block::Paragraph { .. }));
    }

    #[test]
    fn a_short_question_before_a_paragraph_is_a_heading() {
        let reading = read_str(
            "عنوان\n\nلماذا انتصر الورق؟\nلأنه أرخص من الرق وأمتن من البردي، ويصنع في كل مدينة فيها ماء وخرق.\n",
        );
        assert_eq!(reading.document.blocks[0], Block::heading("لماذا انتصر الورق؟"));
    }

    #[test]
    fn trailing_boilerplate_is_dropped_and_reported() {
        let reading =
            read_str("Title\n\nA paragraph of the essay, long enough to read as one.\n\nExit mobile version\n");
        assert_eq!(reading.document.blocks.len(), 1);
        assert_eq!(
            reading.notices,
            vec![Notice { line: 5, message: "dropped site boilerplate \"Exit mobile version\"".into() }]
        );
        assert_eq!(reading.document.meta.lang, "en");
        assert_eq!(reading.document.meta.direction, Direction::Ltr);
    }

    #[test]
    fn boilerplate_can_be_kept() {
        let options = ReadOptions { keep_boilerplate: true };
        let reading = read(b"Title\n\nA paragraph of the essay.\nExit mobile version\n", &options).unwrap();
        assert_eq!(reading.document.blocks.last().unwrap().own_text().unwrap().as_str(), "Exit mobile version");
    }

    #[test]
    fn a_sentence_after_the_title_is_not_an_author() {
        let reading = read_str("عنوان\nبدأت صناعة الورق في سمرقند.\nثم انتقلت إلى بغداد.\n");
        assert_eq!(reading.document.meta.author, None);
        assert_eq!(reading.document.blocks.len(), 2);
    }

    #[test]
    fn byline_word_is_not_part_of_the_name() {
        assert_eq!(read_str("T\nBy Jane Doe\nText.\n").document.meta.author.as_deref(), Some("Jane Doe"));
    }

    #[test]
    fn whitespace_only_input_is_empty() {
        assert_eq!(read(b" \n\n\t\n", &ReadOptions::default()).unwrap_err(), ReadError::Empty);
    }

    #[test]
    fn harakat_survive_reading() {
        let reading = read_str("عنوان\n\nأَدَّت المقاومةُ دورًا محوريًّا.\n");
        assert_eq!(
            reading.document.blocks[0].own_text().unwrap().as_str(),
            "أَدَّت المقاومةُ دورًا محوريًّا.".nfc().collect::<String>()
        );
    }
}
