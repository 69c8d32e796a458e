//! Footnotes in pasted text: the notes block at the end of an essay and
//! the markers in the text that cite it, paired by number.
//!
//! A notes block stands under a heading («الهوامش», «المراجع», "Notes"),
//! after a rule (`____`, `----`), or simply as the essay's last lines when
//! they open with note markers and the text cites them. A note that wraps
//! over several lines is one note. In the text, a marker is `(1)`, `(*1)`,
//! `[1]`, `(١)`, a superscript `¹`, or a bare number glued to a word; it
//! cites a note only when a note of that number exists and the citations
//! run forward through the text, so a year `(1983)` or a page `(ص 45)`
//! stays text. Arabic-Indic, Persian and ASCII digits name the same number.

use super::boilerplate::{Phrases, fold};
use super::lines::SourceLine;
use crate::document::{Block, Note, Span, SpanKind, Text};

/// Words that head a notes block, folded.
static NOTES_WORDS: Phrases = Phrases::new(&[
    "الهوامش",
    "هوامش",
    "الهامش",
    "الحواشي",
    "حواشي",
    "المراجع",
    "مراجع",
    "المصادر",
    "مصادر",
    "الإحالات",
    "إحالات",
    "notes",
    "footnotes",
    "endnotes",
    "references",
    "sources",
]);

/// Other words a notes heading may hold («قائمة المراجع», «مراجع البحث»), folded;
/// «مصادر الطاقة» heads a section, not notes.
static HEADING_COMPANIONS: Phrases = Phrases::new(&[
    "قائمة",
    "المعتمدة",
    "البحث",
    "المقال",
    "المقالة",
    "الدراسة",
    "الكتاب",
    "الفصل",
    "التعليقات",
    "and",
    "further",
    "reading",
    "list",
    "of",
    "works",
    "cited",
    "bibliography",
]);

/// Most words a notes heading has («المصادر والمراجع المعتمدة»).
const HEADING_MAX_WORDS: usize = 4;
/// Most lines a notes block may run at the end of an essay.
const NOTES_WINDOW: usize = 200;
/// Most lines one note may wrap over after its first.
const NOTE_MAX_CONTINUATIONS: usize = 6;
/// Most digits a note number has.
const NUMBER_MAX_DIGITS: usize = 3;
/// How far ahead of the last citation a bracketed marker may jump (a note
/// or two may be cited where the paste lost it: a caption, a table).
const MAX_SKIP: u32 = 3;

/// The notes found at the end of an essay.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotesSection {
    /// The heading they stood under, as written.
    pub heading: Option<String>,
    /// The notes, in source order, numbers rising.
    pub notes: Vec<Note>,
}

/// The value of a digit in any of the three digit systems a paste carries.
pub fn digit_value(c: char) -> Option<u32> {
    match c {
        '0'..='9' => Some(c as u32 - '0' as u32),
        '\u{0660}'..='\u{0669}' => Some(c as u32 - 0x0660),
        '\u{06F0}'..='\u{06F9}' => Some(c as u32 - 0x06F0),
        _ => None,
    }
}

fn superscript_value(c: char) -> Option<u32> {
    match c {
        '\u{2070}' => Some(0),
        '\u{00B9}' => Some(1),
        '\u{00B2}' => Some(2),
        '\u{00B3}' => Some(3),
        '\u{2074}'..='\u{2079}' => Some(c as u32 - 0x2070),
        _ => None,
    }
}

/// Reads a run of at most three digits of one kind at the start of `text`:
/// the number and the bytes it takes.
fn leading_number(text: &str, value: fn(char) -> Option<u32>) -> Option<(u32, usize)> {
    let mut number = 0;
    let mut len = 0;
    let mut count = 0;
    for c in text.chars() {
        let Some(digit) = value(c) else { break };
        number = number * 10 + digit;
        len += c.len_utf8();
        count += 1;
        if count > NUMBER_MAX_DIGITS {
            return None;
        }
    }
    (count > 0 && number > 0).then_some((number, len))
}

/// A note's own opening marker: «(1)», «[١]», «(*2)», «1-», «١.», «3)», «¹».
/// Returns the number, the marker as written and the note's text after it.
pub fn note_marker(line: &str) -> Option<(u32, &str, &str)> {
    let (number, marker_len) = if line.starts_with(['(', '[']) {
        bracketed(line)?
    } else if let Some((number, digits)) = superscript(line) {
        (number, digits)
    } else {
        let (number, digits) = leading_number(line, digit_value)?;
        let after = &line[digits..];
        let spaced = after.len() - after.trim_start_matches(' ').len();
        let punct = after[spaced..].chars().next()?;
        if matches!(punct, '-' | '.' | ')' | 'ـ' | '–' | '—' | '/' | ':') {
            (number, digits + spaced + punct.len_utf8())
        } else if spaced == 1 && punct.is_alphabetic() {
            // «1 الثعالبي، …»: a note copied from a page that set its number as a superscript.
            (number, digits)
        } else {
            return None;
        }
    };
    let marker = &line[..marker_len];
    let rest = line[marker_len..].trim_start_matches(['-', '–', 'ـ', ':']).trim_start();
    // «1.5 مليون», «2-3 أيام»: a number, not a marker.
    if rest.is_empty() || rest.starts_with(|c: char| digit_value(c).is_some()) {
        return None;
    }
    Some((number, marker, rest))
}

/// A rule that sets notes off from the text: `____`, `-----`, `ــــ`.
fn is_rule(line: &str) -> bool {
    let marks = line.chars().filter(|c| !c.is_whitespace());
    let mut count = 0;
    for c in marks {
        if !matches!(c, '_' | '-' | 'ـ' | '—' | '–') {
            return false;
        }
        count += 1;
    }
    count >= 3
}

/// A short line naming a notes block: «الهوامش:», «المصادر والمراجع», "References".
fn is_notes_heading(line: &str) -> bool {
    // Each whitespace word holding a letter or digit folds to one word at
    // least: a line with more of them is no heading, and is not folded (a
    // paragraph costs far more to fold than this count).
    let worded = line
        .split_whitespace()
        .filter(|word| word.chars().any(|c| c.is_alphanumeric() && !super::boilerplate::is_mark(c)))
        .nth(HEADING_MAX_WORDS);
    if worded.is_some() {
        return false;
    }
    let folded = fold(line);
    let words: Vec<&str> = folded.split(' ').collect();
    !line.ends_with(['.', '،', ','])
        && !folded.is_empty()
        && words.len() <= HEADING_MAX_WORDS
        && words.iter().any(|word| NOTES_WORDS.contains(word))
        && words.iter().all(|word| {
            let bare = word.strip_prefix('و').filter(|rest| rest.chars().count() > 2).unwrap_or(word);
            NOTES_WORDS.contains(word) || NOTES_WORDS.contains(bare) || HEADING_COMPANIONS.contains(bare)
        })
        && note_marker(line).is_none()
}

/// Reads `lines` as notes: each opens with a marker, numbers rising, and
/// may wrap over a few lines. They end at the last line, or before a rule,
/// a break or another notes heading («المراجع» after «الهوامش»). The notes
/// and how many lines they took; `None` when the lines do not read so.
fn read_notes(lines: &[SourceLine]) -> Option<(Vec<Note>, usize)> {
    let mut notes: Vec<Note> = Vec::new();
    let mut continuations = 0;
    for (index, line) in lines.iter().enumerate() {
        // A reference list copied from a wiki: «^ …», «↑ …» with no number.
        if let Some(rest) = wiki_note(&line.text) {
            let number = notes.last().map_or(1, |last| last.number + 1);
            let marker = &line.text[..line.text.len() - rest.len()];
            let marker = marker.trim_end();
            notes.push(Note { number, marker: marker.to_string(), text: Text::plain(rest) });
            continuations = 0;
            continue;
        }
        match note_marker(&line.text) {
            Some((number, marker, rest)) if notes.last().is_none_or(|last| number > last.number) => {
                let rest = rest.trim_start_matches(['^', '↑']).trim_start();
                notes.push(Note { number, marker: marker.to_string(), text: Text::plain(rest) });
                continuations = 0;
            }
            _ => {
                let stop = super::blocks::is_break(&line.text) || is_rule(&line.text) || is_notes_heading(&line.text);
                if stop || is_page_number(&line.text) {
                    return (!notes.is_empty()).then_some((notes, index));
                }
                let last = notes.last_mut()?;
                continuations += 1;
                if continuations > NOTE_MAX_CONTINUATIONS {
                    return None;
                }
                last.text.text.push(' ');
                last.text.text.push_str(&line.text);
            }
        }
    }
    (!notes.is_empty()).then_some((split_run_on(notes), lines.len()))
}

/// Splits notes run on along one line («(1) نفسه. (2) المصدر السابق.»):
/// a bracketed marker for the next number, after a space, opens a new note.
fn split_run_on(notes: Vec<Note>) -> Vec<Note> {
    let mut split: Vec<Note> = Vec::with_capacity(notes.len());
    for note in notes {
        let mut current = note;
        loop {
            let next = current.number + 1;
            let at = candidates(&current.text.text).into_iter().find(|candidate| {
                candidate.style == Style::Bracketed
                    && candidate.number == next
                    && current.text.text[..candidate.start].ends_with(' ')
            });
            let Some(at) = at else { break };
            let text = &current.text.text;
            let marker = text[at.start..at.end].to_string();
            let rest = text[at.end..].trim_start_matches(['-', '–', 'ـ', ':']).trim().to_string();
            let before = text[..at.start].trim_end().to_string();
            if rest.is_empty() || before.is_empty() {
                break;
            }
            split.push(Note { number: current.number, marker: current.marker, text: Text::plain(before) });
            current = Note { number: next, marker, text: Text::plain(rest) };
        }
        split.push(current);
    }
    // The notes that follow must still rise.
    split.dedup_by(|later, earlier| {
        later.number <= earlier.number && {
            earlier.text.text.push(' ');
            earlier.text.text.push_str(&later.marker);
            earlier.text.text.push(' ');
            earlier.text.text.push_str(&later.text.text);
            true
        }
    });
    split
}

/// A printed page's number on a line of its own: «45», «- 45 -», «[ص 45]», «صفحة ٤٥».
fn is_page_number(line: &str) -> bool {
    // «ص 45.» wrapped from a note is the note's end, not a page number.
    if line.contains(['.', '،', ',']) || line.chars().count() > 14 {
        return false;
    }
    let folded = fold(line);
    let words: Vec<&str> = folded.split(' ').filter(|word| !matches!(*word, "ص" | "صفحه" | "page" | "p")).collect();
    words.len() == 1 && words[0].chars().count() <= 4 && words[0].chars().all(|c| digit_value(c).is_some())
}

/// A wiki's reference line, «^ …» or «↑ …»: the text after its caret.
fn wiki_note(line: &str) -> Option<&str> {
    line.strip_prefix(['^', '↑']).map(str::trim_start).filter(|rest| !rest.is_empty())
}

/// A line that opens a note.
fn opens_note(line: &str) -> bool {
    note_marker(line).is_some() || wiki_note(line).is_some()
}

/// Whether the notes are numbered like lines of a list («1-», «2.») rather
/// than like notes («(1)», «[1]», «¹»).
fn numbered_like_a_list(notes: &[Note]) -> bool {
    notes
        .iter()
        .all(|note| note.marker.ends_with(['-', '.', ')', 'ـ', '–', '—', '/', ':']) && !note.marker.starts_with('('))
}

/// Takes the notes block off the end of the body's lines, if there is one.
pub fn split_notes(lines: &mut Vec<SourceLine>) -> Option<NotesSection> {
    let from = lines.len().saturating_sub(NOTES_WINDOW);
    let mut marks: Option<Vec<Vec<Candidate>>> = None;
    for start in from..lines.len() {
        let text = lines[start].text.as_str();
        let (heading, notes_start) = if is_notes_heading(text) {
            let rule = lines.get(start + 1).is_some_and(|line| is_rule(&line.text));
            (Some(text.to_string()), start + 1 + usize::from(rule))
        } else if is_rule(text) {
            (None, start + 1)
        } else if note_marker(text).is_some() && start > 0 && !opens_note(&lines[start - 1].text) {
            // (A run of note lines is tried from its first line only.)
            (None, start)
        } else {
            continue;
        };
        if notes_start >= lines.len() || !opens_note(&lines[notes_start].text) {
            continue;
        }
        let Some((notes, taken)) = read_notes(&lines[notes_start..]) else { continue };
        let end = notes_start + taken;
        // Bare note lines must run to the end, or up to a notes heading or rule.
        let bare = heading.is_none() && !is_rule(text);
        if bare && end < lines.len() && super::blocks::is_break(&lines[end].text) && !is_rule(&lines[end].text) {
            continue;
        }
        // Each line's marker candidates are found once, the first time notes read.
        let marks = marks.get_or_insert_with(|| lines.iter().map(|line| candidates(&line.text)).collect::<Vec<_>>());
        let cited = count_citations(&marks[..start], &notes);
        let accepted = if heading.is_some() {
            true
        } else if is_rule(text) {
            cited > 0 || !numbered_like_a_list(&notes)
        } else {
            // Bare trailing lines: the text must cite them, and lines numbered
            // like a list must be cited for the most part.
            cited > 0 && (!numbered_like_a_list(&notes) || cited * 2 >= notes.len())
        };
        if accepted {
            // What follows the notes (a bibliography under its own heading) stays in the body.
            lines.drain(start..end);
            return Some(NotesSection { heading, notes });
        }
    }
    None
}

/// How a marker in the text is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Style {
    /// «(1)», «[1]», «(*1)».
    Bracketed,
    /// «¹».
    Superscript,
    /// A bare number glued to the end of a word: «المقدمة3».
    Glued,
}

/// A marker candidate in a text: its byte range and number.
#[derive(Debug, Clone, Copy)]
struct Candidate {
    start: usize,
    end: usize,
    number: u32,
    style: Style,
}

/// Every marker candidate in `text`, in order.
fn candidates(text: &str) -> Vec<Candidate> {
    let mut found = Vec::new();
    let mut previous: Option<char> = None;
    let mut skip_to = 0;
    for (at, c) in text.char_indices() {
        if at < skip_to {
            previous = Some(c);
            continue;
        }
        let rest = &text[at..];
        if at > 0
            && matches!(c, '(' | '[')
            && let Some((number, marker)) = bracketed(rest)
        {
            found.push(Candidate { start: at, end: at + marker, number, style: Style::Bracketed });
            skip_to = at + marker;
        } else if at > 0
            && let Some((number, len)) = superscript(rest)
        {
            found.push(Candidate { start: at, end: at + len, number, style: Style::Superscript });
            skip_to = at + len;
        } else if digit_value(c).is_some() {
            let run = rest.len() - rest.trim_start_matches(|c: char| digit_value(c).is_some()).len();
            let glued = previous.is_some_and(|p| p.is_alphabetic() && digit_value(p).is_none());
            let after = rest[run..].chars().next();
            let ends_word = after.is_none_or(|a| !a.is_alphanumeric());
            if glued
                && ends_word
                && let Some((number, len)) = leading_number(rest, digit_value).filter(|&(_, len)| len == run)
            {
                found.push(Candidate { start: at, end: at + len, number, style: Style::Glued });
            }
            skip_to = at + run;
        }
        previous = Some(c);
    }
    found
}

/// «¹²», «⁽³⁾» at the start of `text`: the number and the marker's length.
fn superscript(text: &str) -> Option<(u32, usize)> {
    match text.strip_prefix('⁽') {
        Some(inner) => {
            let (number, digits) = leading_number(inner, superscript_value)?;
            inner[digits..].strip_prefix('⁾')?;
            Some((number, '⁽'.len_utf8() + digits + '⁾'.len_utf8()))
        }
        None => leading_number(text, superscript_value),
    }
}

/// «(1)», «(*1)», «[١]» at the start of `text`: the number and the marker's length.
fn bracketed(text: &str) -> Option<(u32, usize)> {
    let closer = if text.starts_with('(') { ')' } else { ']' };
    let rest = &text[1..];
    let star = rest.len() - rest.trim_start_matches('*').len();
    let (number, digits) = leading_number(&rest[star..], digit_value)?;
    let after = &rest[star + digits..];
    after.strip_prefix(closer)?;
    Some((number, 1 + star + digits + 1))
}

/// Chooses the markers that cite the notes: the number must be a note's,
/// and citations run forward: a bracketed or superscript marker may cite
/// an earlier note again or jump a little ahead, a glued number only cites
/// the next note or the one after.
struct Citer<'a> {
    notes: &'a [Note],
    last: u32,
}

impl<'a> Citer<'a> {
    fn new(notes: &'a [Note]) -> Citer<'a> {
        let first = notes.first().map_or(1, |note| note.number);
        Citer { notes, last: first - 1 }
    }

    fn cites(&mut self, candidate: &Candidate) -> bool {
        let number = candidate.number;
        if !self.notes.iter().any(|note| note.number == number) {
            return false;
        }
        let fits = match candidate.style {
            Style::Bracketed | Style::Superscript => number <= self.last + MAX_SKIP,
            Style::Glued => number > self.last && number <= self.last + 2,
        };
        if fits {
            self.last = self.last.max(number);
        }
        fits
    }
}

/// How many of the lines' marker candidates would cite `notes`.
fn count_citations(marks: &[Vec<Candidate>], notes: &[Note]) -> usize {
    let mut citer = Citer::new(notes);
    marks.iter().flatten().filter(|candidate| citer.cites(candidate)).count()
}

/// Marks the citing markers in `blocks` as [`SpanKind::NoteRef`] spans and
/// puts the notes block at the end.
pub fn attach_notes(blocks: &mut Vec<Block>, section: NotesSection) {
    let mut citer = Citer::new(&section.notes);
    for block in blocks.iter_mut() {
        mark_block(block, &mut citer);
    }
    blocks.push(Block::Notes { heading: section.heading.map(Text::plain), notes: section.notes });
}

fn mark_block(block: &mut Block, citer: &mut Citer) {
    match block {
        Block::PartTitle(text) | Block::Heading { text, .. } | Block::Paragraph(text) => mark_text(text, citer),
        Block::List { items, .. } => items.iter_mut().flatten().for_each(|block| mark_block(block, citer)),
        Block::Quote { blocks } => blocks.iter_mut().for_each(|block| mark_block(block, citer)),
        Block::Verse { bayts } => bayts.iter_mut().flatten().for_each(|text| mark_text(text, citer)),
        _ => {}
    }
}

fn mark_text(text: &mut Text, citer: &mut Citer) {
    let before = text.spans.len();
    for candidate in candidates(&text.text) {
        if citer.cites(&candidate) {
            let kind = SpanKind::NoteRef { note: candidate.number };
            text.spans.push(Span { start: candidate.start, end: candidate.end, kind });
        }
    }
    if text.spans.len() > before {
        text.spans.sort_by_key(|span| (span.start, std::cmp::Reverse(span.end)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str) -> Vec<SourceLine> {
        super::super::lines::source_lines(text)
    }

    fn note(number: u32) -> Note {
        Note { number, marker: format!("({number})"), text: Text::plain("n") }
    }

    fn cited(text: &str, notes: &[Note]) -> Vec<(String, u32)> {
        let mut citer = Citer::new(notes);
        candidates(text)
            .into_iter()
            .filter(|c| citer.cites(c))
            .map(|c| (text[c.start..c.end].to_string(), c.number))
            .collect()
    }

    #[test]
    fn note_markers_in_every_style() {
        let marker = |line| note_marker(line).map(|(n, m, r)| (n, m.to_string(), r.to_string()));
        assert_eq!(marker("(1) ابن خلدون"), Some((1, "(1)".into(), "ابن خلدون".into())));
        assert_eq!(marker("(*2) نفسه"), Some((2, "(*2)".into(), "نفسه".into())));
        assert_eq!(marker("[١٢] المصدر"), Some((12, "[١٢]".into(), "المصدر".into())));
        assert_eq!(marker("٣- المصدر"), Some((3, "٣-".into(), "المصدر".into())));
        assert_eq!(marker("4 . Ibid."), Some((4, "4 .".into(), "Ibid.".into())));
        assert_eq!(marker("² note"), Some((2, "²".into(), "note".into())));
        assert_eq!(marker("1983 عام"), None);
        assert_eq!(marker("(1983م) عام"), None);
        assert_eq!(marker("2-3 أيام"), None);
    }

    #[test]
    fn years_and_pages_in_brackets_are_not_markers() {
        let notes = [note(1), note(2)];
        assert_eq!(cited("ولد سنة (1983) وكتب (ص 45) ثم (1191م).", &notes), vec![]);
        assert_eq!(cited("قال (1) ثم [2]", &notes), vec![("(1)".into(), 1), ("[2]".into(), 2)]);
    }

    #[test]
    fn arabic_indic_and_superscript_digits_cite_the_same_note() {
        let notes = [note(1), note(2)];
        assert_eq!(cited("كلمة(١) وأخرى²", &notes), vec![("(١)".into(), 1), ("²".into(), 2)]);
        assert_eq!(cited("كلمة⁽¹⁾ هنا", &notes), vec![("⁽¹⁾".into(), 1)]);
    }

    #[test]
    fn a_glued_number_cites_only_the_next_note() {
        let notes = [note(1), note(2), note(3)];
        assert_eq!(cited("المقدمة1 والتاريخ2 وسورة3", &notes).len(), 3);
        // A number far ahead of the citations is a number, not a marker.
        assert_eq!(cited("المادة3 من القانون", &notes), vec![]);
        // Numbers inside words are not markers.
        assert_eq!(cited("COVID19x", &[note(19)]), vec![]);
    }

    #[test]
    fn a_marker_with_no_note_stays_text() {
        assert_eq!(cited("قال (4) هنا", &[note(1)]), vec![]);
    }

    #[test]
    fn notes_under_a_heading_wrap_and_leave_the_body() {
        let mut body = lines("نص فيه إشارة (1) وأخرى (2).\nالهوامش:\n(1) ابن خلدون، المقدمة،\nص 45.\n(2) نفسه.\n");
        let section = split_notes(&mut body).unwrap();
        assert_eq!(body.len(), 1);
        assert_eq!(section.heading.as_deref(), Some("الهوامش:"));
        assert_eq!(section.notes[0].text.text, "ابن خلدون، المقدمة، ص 45.");
        assert_eq!(section.notes[1].number, 2);
    }

    #[test]
    fn a_section_on_sources_of_something_is_not_a_notes_heading() {
        assert!(is_notes_heading("المصادر والمراجع:"));
        assert!(is_notes_heading("قائمة المراجع"));
        assert!(is_notes_heading("References"));
        assert!(!is_notes_heading("مصادر الطاقة"));
        assert!(!is_notes_heading("المراجع كثيرة."));
    }

    #[test]
    fn a_wiki_reference_list_numbers_its_notes() {
        let mut body = lines("نص فيه مرجع[1] وآخر[2].\nالمراجع\n^ المرجع الأول.\n^ المرجع الثاني.\n");
        let section = split_notes(&mut body).unwrap();
        assert_eq!(section.notes[1].number, 2);
        assert_eq!(section.notes[1].text.text, "المرجع الثاني.");
    }

    #[test]
    fn a_bibliography_after_the_notes_stays_in_the_body() {
        let mut body = lines("نص (1) ونص (2).\nالهوامش\n(1) أولى.\n(2) ثانية.\nالمراجع\nكتاب الفهرست\nكتاب البلدان\n");
        let section = split_notes(&mut body).unwrap();
        assert_eq!(section.notes.len(), 2);
        let left: Vec<&str> = body.iter().map(|line| line.text.as_str()).collect();
        assert_eq!(left, ["نص (1) ونص (2).", "المراجع", "كتاب الفهرست", "كتاب البلدان"]);
    }

    #[test]
    fn notes_run_on_along_one_line_are_split() {
        let mut body =
            lines("نص (1) ونص (2) وثالث (3).\n______\n(1) نفسه، ص 4. (2) المصدر السابق. (3) انظر ما سبق (ص 9).\n");
        let section = split_notes(&mut body).unwrap();
        let notes: Vec<(u32, &str, &str)> =
            section.notes.iter().map(|n| (n.number, n.marker.as_str(), n.text.text.as_str())).collect();
        assert_eq!(notes, [(1, "(1)", "نفسه، ص 4."), (2, "(2)", "المصدر السابق."), (3, "(3)", "انظر ما سبق (ص 9).")]);
    }

    #[test]
    fn a_page_number_after_the_notes_is_not_part_of_the_last() {
        let mut body = lines("نص¹ ونص².\n______\n1 الثعالبي، لطائف المعارف.\n2 ابن خلدون، المقدمة.\n- 46 -\n");
        let section = split_notes(&mut body).unwrap();
        assert_eq!(section.notes[1].text.text, "ابن خلدون، المقدمة.");
        assert_eq!(section.notes[0].marker, "1");
        assert_eq!(body.last().unwrap().text, "- 46 -");
        assert!(is_page_number("[ص ٤٥]") && !is_page_number("1983 عام"));
    }

    #[test]
    fn a_numbered_list_at_the_end_is_not_notes() {
        let mut body = lines("خطوات العمل:\n1- اقرأ النص.\n2- اكتب ملخصا.\n3- راجع ما كتبت.\n");
        assert_eq!(split_notes(&mut body), None);
        assert_eq!(body.len(), 4);
    }

    #[test]
    fn trailing_marker_lines_cited_in_the_text_are_notes() {
        let mut body = lines("ذكره المقريزي(1) في خططه.\n(1) المقريزي، الخطط.\n");
        let section = split_notes(&mut body).unwrap();
        assert_eq!(section.heading, None);
        assert_eq!(body.len(), 1);
    }
}
