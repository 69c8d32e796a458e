//! The body's lines → blocks: section breaks, numbered and bulleted lists
//! (told apart from dialogue dashes), quotations, section headings and
//! paragraphs. Text is only classified: an ordered item keeps its number as
//! written; only a bullet, which is layout, leaves the item's text.

use super::boilerplate::{Phrases, fold};
use super::lines::SourceLine;
use crate::document::Block;

/// Longest line, in words, that can be a heading.
const HEADING_MAX_WORDS: usize = 10;
const HEADING_MAX_CHARS: usize = 90;
const QUESTION_HEADING_MAX_WORDS: usize = 6;
/// Fewest words of a one-line quotation that does not follow a colon.
const QUOTE_MIN_WORDS: usize = 3;
/// Most paragraphs of explanation under one numbered point.
const MAX_EXPLANATION_LINES: usize = 3;
/// Most lines a quotation opened on one line may run before it closes.
const QUOTE_MAX_LINES: usize = 8;

/// Characters a section break is drawn with.
const BREAK_CHARS: &[char] = &[
    '-', '_', '*', '=', '~', '.', '’', 'ـ', '⁂', '•', '·', '٭', '۞', '❖', '✽', '✻', '#', '+', '–', '—', '…', 'o', '°',
];

/// A line made only of `***`, `---`, `* * *`, `ـــــ`, `⁂` and the like.
pub fn is_break(line: &str) -> bool {
    if !line.starts_with(BREAK_CHARS) {
        return false;
    }
    let marks: Vec<char> = line.chars().filter(|c| !c.is_whitespace()).collect();
    if marks.is_empty() || !marks.iter().all(|c| BREAK_CHARS.contains(c)) {
        return false;
    }
    let only_letters_o = marks.iter().all(|&c| c == 'o');
    !only_letters_o && (marks.len() >= 3 || marks.iter().any(|c| matches!(c, '⁂' | '۞' | '❖')))
}

/// What opens a list item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MarkKind {
    /// Digits: «1.», «١-», «3)», «١ ـ».
    Number,
    /// Ordinal words: «أولاً:», «ثانيها».
    Ordinal,
    /// Letters in abjad or alphabetical order: «أ-», «ب-», "a)".
    Letter,
    /// A bullet that is not a dash: «•», «▪», «✓», «🔹».
    Bullet,
    /// A dash, which may open a line of dialogue instead.
    Dash,
}

/// A list item's opening, read from its line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListMark {
    /// What kind of marker.
    pub kind: MarkKind,
    /// The item's number (1 for bullets).
    pub number: u32,
    /// The item's text: the whole line for numbers, the line after the bullet for bullets.
    pub text: String,
    /// The bullet character (a list keeps one bullet), or the digit family for numbers.
    pub glyph: char,
}

/// Ordinal words that open enumerated points, folded.
const ORDINALS: [(u32, &[&str]); 10] = [
    (1, &["اولا", "اولها", "اولهما", "first", "firstly"]),
    (2, &["ثانيا", "ثانيها", "ثانيهما", "second", "secondly"]),
    (3, &["ثالثا", "ثالثها", "third", "thirdly"]),
    (4, &["رابعا", "رابعها", "fourth"]),
    (5, &["خامسا", "خامسها", "fifth"]),
    (6, &["سادسا", "سادسها"]),
    (7, &["سابعا", "سابعها"]),
    (8, &["ثامنا", "ثامنها"]),
    (9, &["تاسعا", "تاسعها"]),
    (10, &["عاشرا", "عاشرها"]),
];

fn digit_value(c: char) -> Option<u32> {
    match c {
        '0'..='9' => Some(c as u32 - '0' as u32),
        '\u{0660}'..='\u{0669}' => Some(c as u32 - 0x0660),
        '\u{06F0}'..='\u{06F9}' => Some(c as u32 - 0x06F0),
        _ => None,
    }
}

/// A bullet character: the usual ones, and any emoji or pictograph.
pub fn is_bullet(c: char) -> bool {
    matches!(
        c,
        '•' | '*'
            | '▪'
            | '◾'
            | '◽'
            | '▫'
            | '●'
            | '○'
            | '◦'
            | '■'
            | '□'
            | '➢'
            | '➤'
            | '►'
            | '▶'
            | '✓'
            | '✔'
            | '☑'
            | '❖'
            | '◆'
            | '◇'
            | '♦'
            | '✦'
            | '✧'
            | '★'
            | '☆'
            | '⬅'
            | '➡'
            | '⚫'
            | '⚪'
            | '→'
            | '←'
            | '⇐'
            | '⇒'
            | '⊙'
            | '‣'
            | '⁃'
            | '∙'
            | '·'
            | '⦿'
            | '⭐'
    ) || is_pictograph(c)
}

/// Emoji and pictographs (the blocks a bullet emoji comes from).
pub fn is_pictograph(c: char) -> bool {
    matches!(c as u32, 0x1F300..=0x1FAFF | 0x2600..=0x27BF | 0x2B00..=0x2BFF | 0x1F000..=0x1F2FF)
}

/// Joiners and selectors that ride on an emoji.
fn is_emoji_modifier(c: char) -> bool {
    matches!(c as u32, 0xFE0E | 0xFE0F | 0x200D | 0x20E3 | 0x1F3FB..=0x1F3FF)
}

/// Reads a list item's opening, if the line has one.
pub fn list_mark(line: &str) -> Option<ListMark> {
    numbered(line).or_else(|| ordinal(line)).or_else(|| lettered(line)).or_else(|| bulleted(line))
}

/// Letters that number points in abjad order («أ-», «ب-», «ج-»), and Latin ones ("a)", "b)").
const ABJAD: [char; 10] = ['أ', 'ب', 'ج', 'د', 'ه', 'و', 'ز', 'ح', 'ط', 'ي'];

fn lettered(line: &str) -> Option<ListMark> {
    let mut chars = line.chars();
    let letter = chars.next()?;
    let number = match ABJAD.iter().position(|&c| c == letter) {
        Some(position) => position as u32 + 1,
        None if letter.is_ascii_lowercase() && letter <= 'j' => letter as u32 - 'a' as u32 + 1,
        None => return None,
    };
    let rest = chars.as_str().strip_prefix(' ').unwrap_or(chars.as_str());
    let rest = rest.strip_prefix(['-', ')', 'ـ', '–', '.'])?;
    if !rest.starts_with(' ') || rest.trim().is_empty() {
        return None;
    }
    Some(ListMark { kind: MarkKind::Letter, number, text: line.to_string(), glyph: 'a' })
}

fn numbered(line: &str) -> Option<ListMark> {
    let digits: String = line.chars().take_while(|&c| digit_value(c).is_some()).collect();
    let count = digits.chars().count();
    if count == 0 || count > 3 {
        return None;
    }
    let number = digits.chars().try_fold(0u32, |acc, c| Some(acc * 10 + digit_value(c)?))?;
    let after = &line[digits.len()..];
    let after = after.strip_prefix(' ').unwrap_or(after);
    let mut chars = after.chars();
    let punct = chars.next()?;
    if !matches!(punct, '.' | '-' | ')' | 'ـ' | '–' | '—' | '/' | '٫') {
        return None;
    }
    let body = chars.as_str().trim_start_matches('ـ');
    let next = body.chars().next()?;
    // «1.5 مليون» and «2-3 أيام» are numbers, not markers.
    if digit_value(next).is_some() || (punct == '.' && next != ' ' && !next.is_alphabetic()) {
        return None;
    }
    if body.trim().is_empty() {
        return None;
    }
    Some(ListMark { kind: MarkKind::Number, number, text: line.to_string(), glyph: '1' })
}

fn ordinal(line: &str) -> Option<ListMark> {
    let first = line.split([' ', ':', '-', '،', ',', '–']).next()?;
    let folded = fold(first);
    let number = ORDINALS.iter().find(|(_, words)| words.contains(&folded.as_str()))?.0;
    let rest = line[first.len()..].trim_start_matches([' ', ':', '-', '،', ',', '–']);
    if rest.split_whitespace().count() < 1 {
        return None;
    }
    Some(ListMark { kind: MarkKind::Ordinal, number, text: line.to_string(), glyph: '1' })
}

fn bulleted(line: &str) -> Option<ListMark> {
    let mut chars = line.chars();
    let first = chars.next()?;
    let dash = first == '-';
    if !dash && !is_bullet(first) {
        return None;
    }
    let rest = chars.as_str().trim_start_matches(is_emoji_modifier);
    if rest.is_empty() {
        // A bullet alone on its line: the item's text follows on the next.
        return (!dash && first != '*').then(|| ListMark {
            kind: MarkKind::Bullet,
            number: 1,
            text: String::new(),
            glyph: first,
        });
    }
    let next = rest.chars().next()?;
    let spaced = next == ' ';
    // «*bold*», «-5 درجات» and «•••» are not bullets.
    if (first == '*' && !spaced) || (dash && !spaced && !next.is_alphabetic()) || is_break(line) {
        return None;
    }
    if !spaced && !dash && !is_pictograph(first) && !next.is_alphabetic() {
        return None;
    }
    let text = rest.trim_start().to_string();
    if text.is_empty() || (is_pictograph(first) && text.split_whitespace().count() < 1) {
        return None;
    }
    Some(ListMark { kind: if dash { MarkKind::Dash } else { MarkKind::Bullet }, number: 1, text, glyph: first })
}

/// Words that make a dashed line a line of dialogue.
const SPEECH_WORDS: &[&str] =
    &["قال", "قالت", "قلت", "اجاب", "اجابت", "سال", "سالت", "رد", "ردت", "صاح", "صاحت", "همس", "همست", "ضحك", "ضحكت"];

/// Dashed lines read as dialogue: questions and answers, or speech verbs.
fn is_dialogue(texts: &[String]) -> bool {
    texts.iter().any(|text| {
        text.contains(['؟', '?', '!'])
            || fold(text).split(' ').any(|word| SPEECH_WORDS.contains(&word))
            || text.starts_with(['«', '"', '“'])
    })
}

/// The quotation mark that closes what `opener` opens.
fn closer_of(opener: char) -> Option<char> {
    match opener {
        '«' => Some('»'),
        '“' => Some('”'),
        '”' => Some('“'),
        '"' => Some('"'),
        '﴿' => Some('﴾'),
        '„' => Some('“'),
        _ => None,
    }
}

/// The text with a trailing full stop and a trailing citation in brackets
/// («(البقرة: 255)», "[1]") taken off.
fn without_citation(text: &str) -> &str {
    let mut text = text.trim_end().trim_end_matches(['.', '،', ',', '؛', ';', ':']).trim_end();
    for (open, close) in [('(', ')'), ('[', ']')] {
        if text.ends_with(close)
            && let Some(start) = text.rfind(open)
        {
            let before = text[..start].trim_end().trim_end_matches(['-', '–', '—', '،', ',']).trim_end();
            if before.ends_with(['»', '”', '"', '﴾', '“']) {
                text = before;
            }
        }
    }
    text.trim_end_matches(['.', '،', ',']).trim_end()
}

/// A line wholly inside one pair of quotation marks.
pub fn is_wholly_quoted(line: &str) -> bool {
    let Some(opener) = line.chars().next() else { return false };
    let Some(closer) = closer_of(opener) else { return false };
    let body = without_citation(line);
    if body.chars().count() < 3 || !body.ends_with(closer) {
        return false;
    }
    let inner = &body[opener.len_utf8()..body.len() - closer.len_utf8()];
    if opener == closer || opener == '”' {
        return !inner.contains(closer);
    }
    if opener == '﴿' {
        return true; // several verses in a row stay one quotation
    }
    // The first mark must close at the very end: «نعم» قال «لا» is not one quotation.
    let mut depth = 1;
    for c in inner.chars() {
        if c == opener {
            depth += 1;
        } else if c == closer {
            depth -= 1;
            if depth == 0 {
                return false;
            }
        }
    }
    true
}

fn opens_quote(line: &str) -> Option<char> {
    let opener = line.chars().next()?;
    let closer = closer_of(opener)?;
    (!line[opener.len_utf8()..].contains(closer)).then_some(closer)
}

/// Sentence punctuation that a heading or a name does not end with.
pub fn ends_a_sentence(line: &str) -> bool {
    line.ends_with(['.', '!', '?', '؟', ':', '؛', ';', '…', ',', '،', '"', '»', ')'])
}

/// A short line that does not end a sentence; a short question («لماذا انتصر الورق؟») may.
pub fn could_be_heading(line: &str) -> bool {
    let words = line.split_whitespace().count();
    let is_short_question = words <= QUESTION_HEADING_MAX_WORDS && line.ends_with(['?', '؟']);
    words <= HEADING_MAX_WORDS
        && line.chars().count() <= HEADING_MAX_CHARS
        && (is_short_question || !ends_a_sentence(line))
        && !is_break(line)
        && list_mark(line).is_none_or(|mark| mark.kind == MarkKind::Ordinal)
        && !line.starts_with(['«', '"', '“', '﴿', '(', '[', '>'])
        && !is_interview_turn(line)
        && !opens_a_sentence(line)
}

/// Words that open a sentence of a story, never a heading: «وفي ليلة من الليالي».
static SENTENCE_OPENERS: Phrases = Phrases::new(&[
    "وفي",
    "وفى",
    "وبعد",
    "وعندما",
    "ولما",
    "وكان",
    "وكانت",
    "ثم",
    "فلما",
    "وهكذا",
    "وذات",
    "ولكن",
    "لكن",
    "حتى",
    "بينما",
    "عندما",
    "لما",
    "فجاة",
    "وفجاة",
    "فقال",
    "فقالت",
    "وقال",
    "وقالت",
    "and",
    "but",
    "then",
    "when",
]);

fn opens_a_sentence(line: &str) -> bool {
    let first = line.split_whitespace().next().map(fold).unwrap_or_default();
    SENTENCE_OPENERS.contains(&first)
}

/// «س: …», «ج: …», «س1/ …», "Q: …": a turn of an interview, never a heading.
fn is_interview_turn(line: &str) -> bool {
    let head: String = line.chars().take_while(|c| !matches!(c, ':' | '/' | '-' | '：')).collect();
    let head = head.trim();
    line.len() > head.len()
        && matches!(head.trim_end_matches(|c: char| c.is_numeric()).trim(), "س" | "ج" | "سؤال" | "جواب" | "Q" | "A")
}

/// A heading that opens with a decorative emoji («📌 أنواع الخطوط»): the text after it.
fn decorated_heading(line: &str, next: Option<&str>) -> Option<String> {
    let first = line.chars().next()?;
    if !is_pictograph(first) {
        return None;
    }
    let text = line[first.len_utf8()..].trim_start_matches(is_emoji_modifier).trim_start();
    let next_is_body = next.is_some_and(|next| !could_be_heading(next) || list_mark(next).is_some());
    (could_be_heading(text) && next_is_body && !text.is_empty()).then(|| text.to_string())
}

/// Classifies the body's lines into blocks.
pub fn classify_blocks(lines: &[SourceLine]) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut index = 0;
    while index < lines.len() {
        let text = lines[index].text.as_str();
        let after_colon = index > 0 && lines[index - 1].text.ends_with(':');
        if is_break(text) {
            blocks.push(Block::Break);
            index += 1;
            continue;
        }
        let next = lines.get(index + 1).map(|line| line.text.as_str());
        let same_bullet_next = next.and_then(list_mark).is_some_and(|m| text.starts_with(m.glyph));
        if !same_bullet_next && let Some(heading) = decorated_heading(text, next) {
            blocks.push(Block::heading(heading));
            index += 1;
            continue;
        }
        if let Some((quote, used)) = read_marked_quote(lines, index) {
            blocks.push(quote);
            index += used;
            continue;
        }
        if let Some(mark) = list_mark(text) {
            let (list, used) = read_list(lines, index, &mark, after_colon);
            if let Some(list) = list {
                blocks.push(list);
                index += used;
                continue;
            }
            if mark.kind == MarkKind::Dash {
                // Dialogue: each dashed line stays a paragraph.
                for line in &lines[index..index + used] {
                    blocks.push(Block::paragraph(line.text.as_str()));
                }
                index += used;
                continue;
            }
            // A lone ordinal («أولاً: همزة الوصل») reads on as a heading or a paragraph.
        }
        if let Some((quote, used)) = read_quote(lines, index, after_colon) {
            blocks.push(quote);
            index += used;
            continue;
        }
        let next = lines.get(index + 1).map(|line| line.text.as_str());
        let next_is_body = next.is_some_and(|next| {
            !could_be_heading(next) && !is_break(next) || list_mark(next).is_some() || is_wholly_quoted(next)
        });
        // A question answered by a dashed line is an interview's question, not a heading.
        let answered = next.is_some_and(|next| next.starts_with(['-', '–', '—']));
        if could_be_heading(text) && next_is_body && !answered {
            blocks.push(Block::heading(text));
        } else {
            blocks.push(Block::paragraph(text));
        }
        index += 1;
    }
    blocks
}

/// Reads the run of list lines that starts at `start`: the list (or `None`
/// when the run is dialogue or a lone ordinal) and how many lines it used.
fn read_list(lines: &[SourceLine], start: usize, first: &ListMark, after_colon: bool) -> (Option<Block>, usize) {
    let mut items: Vec<Vec<Block>> = Vec::new();
    let mut texts = Vec::new();
    let mut index = start;
    let same_kind = |line: &SourceLine, number: u32| {
        list_mark(&line.text).is_some_and(|m| m.kind == first.kind && m.glyph == first.glyph && m.number == number)
    };
    // Numbered points each followed by their explanation («1) اقرأ لطفلك…» then a
    // paragraph, then «2) …»): the explanations belong to the items.
    let explained = |at: usize, number: u32| -> Option<usize> {
        let ordered = matches!(first.kind, MarkKind::Number | MarkKind::Letter);
        (1..=MAX_EXPLANATION_LINES).find(|&count| {
            ordered
                && lines.get(at + count).is_some_and(|line| same_kind(line, number + 1))
                && lines[at..at + count].iter().all(|line| list_mark(&line.text).is_none() && !is_break(&line.text))
        })
    };
    let alternating = explained(start + 1, first.number).is_some();
    while index < lines.len() {
        let Some(mark) = list_mark(&lines[index].text) else { break };
        if mark.kind != first.kind || mark.glyph != first.glyph {
            break;
        }
        let mut text = mark.text.clone();
        index += 1;
        if text.is_empty() {
            // A bullet alone on its line: its text is the next line.
            match lines.get(index) {
                Some(next) if list_mark(&next.text).is_none() && !is_break(&next.text) => {
                    text = next.text.clone();
                    index += 1;
                }
                _ => continue,
            }
        }
        let mut item = vec![Block::paragraph(text.as_str())];
        texts.push(text);
        // Indented lines under an item (when the items are not indented) continue it.
        while let Some(next) = lines.get(index) {
            if !next.indented || lines[start].indented || list_mark(&next.text).is_some() || is_break(&next.text) {
                break;
            }
            item.push(Block::paragraph(next.text.as_str()));
            index += 1;
        }
        if alternating && item.len() == 1 {
            let count = explained(index, mark.number).unwrap_or_else(|| {
                // The last point takes one paragraph of explanation, not a heading after it.
                let last = lines.get(index).filter(|line| {
                    list_mark(&line.text).is_none() && !is_break(&line.text) && !could_be_heading(&line.text)
                });
                usize::from(last.is_some())
            });
            item.extend(lines[index..index + count].iter().map(|line| Block::paragraph(line.text.as_str())));
            index += count;
        }
        items.push(item);
    }
    let used = (index - start).max(1);
    let is_list = match first.kind {
        MarkKind::Number => !items.is_empty(),
        // One line under an emoji («⚠️ ملاحظة: …») is a decorated line, not a list.
        MarkKind::Bullet => !(items.is_empty() || (items.len() == 1 && is_pictograph(first.glyph))),
        MarkKind::Ordinal | MarkKind::Letter => items.len() >= 2,
        MarkKind::Dash => (items.len() >= 2 && !is_dialogue(&texts)) || (after_colon && !is_dialogue(&texts)),
    };
    if !is_list {
        return (None, used);
    }
    let ordered = matches!(first.kind, MarkKind::Number | MarkKind::Ordinal | MarkKind::Letter);
    let start_number = if ordered { first.number } else { 1 };
    (Some(Block::List { ordered, start: start_number, items }), used)
}

/// Reads a quotation marked e-mail style, each line opening with `>`.
fn read_marked_quote(lines: &[SourceLine], start: usize) -> Option<(Block, usize)> {
    fn quoted(line: &SourceLine) -> Option<&str> {
        line.text.strip_prefix('>').map(str::trim).filter(|text| !text.is_empty())
    }
    let blocks: Vec<Block> = lines[start..].iter().map_while(quoted).map(Block::paragraph).collect();
    let used = blocks.len();
    (used > 0).then_some((Block::Quote { blocks }, used))
}

/// Reads a quotation starting at `start`: one wholly quoted line, or a
/// quotation opened on one line and closed on a later one.
fn read_quote(lines: &[SourceLine], start: usize, after_colon: bool) -> Option<(Block, usize)> {
    let text = lines[start].text.as_str();
    if is_wholly_quoted(text) {
        let words = text.split_whitespace().count();
        let verse = text.starts_with('﴿');
        if words >= QUOTE_MIN_WORDS || after_colon || verse {
            return Some((Block::Quote { blocks: vec![Block::paragraph(text)] }, 1));
        }
        return None;
    }
    let closer = opens_quote(text)?;
    let end = (start + 1..lines.len().min(start + QUOTE_MAX_LINES)).find(|&i| {
        let line = without_citation(&lines[i].text);
        line.ends_with(closer)
    })?;
    // No line in between may open a quotation of its own.
    if lines[start + 1..end].iter().any(|line| opens_quote(&line.text).is_some() || list_mark(&line.text).is_some()) {
        return None;
    }
    let blocks = lines[start..=end].iter().map(|line| Block::paragraph(line.text.as_str())).collect();
    Some((Block::Quote { blocks }, end - start + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn breaks_of_every_kind() {
        for line in ["***", "* * *", "---", "________", "=====", "~~~", "...", "ـــــــ", "⁂", "•••", "٭ ٭ ٭", "’’’"]
        {
            assert!(is_break(line), "{line}");
        }
        for line in ["--", "a---", "1.", "ooo", "--- text"] {
            assert!(!is_break(line), "{line}");
        }
    }

    #[test]
    fn list_marks_keep_numbers_and_drop_bullets() {
        let mark = |line: &str| list_mark(line).map(|m| (m.kind, m.number, m.text));
        assert_eq!(mark("١- بند"), Some((MarkKind::Number, 1, "١- بند".into())));
        assert_eq!(mark("12) item"), Some((MarkKind::Number, 12, "12) item".into())));
        assert_eq!(mark("٣ ـ بند"), Some((MarkKind::Number, 3, "٣ ـ بند".into())));
        assert_eq!(mark("ثانياً: الورق"), Some((MarkKind::Ordinal, 2, "ثانياً: الورق".into())));
        assert_eq!(mark("🔹 بند"), Some((MarkKind::Bullet, 1, "بند".into())));
        assert_eq!(mark("✅بند"), Some((MarkKind::Bullet, 1, "بند".into())));
        assert_eq!(mark("- بند"), Some((MarkKind::Dash, 1, "بند".into())));
        assert_eq!(mark("1.5 مليون نسخة"), None);
        assert_eq!(mark("2-3 أيام"), None);
        assert_eq!(mark("1948 عام النكبة"), None);
        assert_eq!(mark("*مهم*"), None);
    }

    #[test]
    fn quotations_whole_and_not() {
        assert!(is_wholly_quoted("«العلم صيد والكتابة قيده»"));
        assert!(is_wholly_quoted("“Paper is patient.”"));
        assert!(is_wholly_quoted("﴿اقرأ باسم ربك الذي خلق﴾ (العلق: 1)"));
        assert!(!is_wholly_quoted("«نعم» قال «لا»"));
        assert!(!is_wholly_quoted("«الورق» أرخص من الرق."));
    }
}
