//! Classical verse in pasted text: runs of lines that are the bayts of a
//! poem → [`Block::Verse`].
//!
//! A bayt is pasted on one line, its صدر and عجز apart by a tab, a run of
//! spaces, `...`, `…`, `*`, `**` or ` ^^ `; or on two short lines, one a
//! hemistich. A poem is a run of such bayts (`***` lines between them are
//! layout); a hemistich standing alone inside a poem, or after a line that
//! names a poet, is a one-part bayt. Separators, and quotation marks that
//! wrap a whole bayt, are dropped; a bayt's number («4 - …») stays at the
//! start of its صدر.
//!
//! Prose is the usual case, so the reader is wary: the two halves of a
//! bayt must be of like length, the bayts of a poem of like length, and
//! a run of short lines must rhyme (one letter ends most bayts: the rawiyy)
//! or follow a line that names a poet. Prose with `...` in it, clauses
//! typed one a line, lists and dialogue fail one test or another.

use super::blocks::is_break;
use super::boilerplate::{Phrases, fold};
use super::lines::{SourceLine, collapse_whitespace, is_space};
use crate::document::{Bayt, Block, Text, split_item_number as split_number};

/// Fewest and most letters in a hemistich (short and long metres).
const HEMISTICH_MIN_LETTERS: usize = 10;
const HEMISTICH_MAX_LETTERS: usize = 48;
/// Fewest and most words in a hemistich.
const HEMISTICH_MIN_WORDS: usize = 2;
const HEMISTICH_MAX_WORDS: usize = 10;
/// The shorter half of a bayt is at least this share of the longer (in tenths).
const BALANCE_TENTHS: usize = 6;
/// A bayt (or hemistich) of a poem is within this share of the poem's median (in tenths).
const REGULAR_LOW_TENTHS: usize = 6;
const REGULAR_HIGH_TENTHS: usize = 15;
/// The share of bayts ending on the poem's rhyme letter (in tenths).
const RHYME_TENTHS: usize = 7;

/// Words in the line before a poem that announce it.
static POET_WORDS: Phrases = Phrases::new(&[
    "الشاعر",
    "الشاعرة",
    "شاعر",
    "أنشد",
    "ينشد",
    "أنشدني",
    "قصيدة",
    "قصيدته",
    "القصيدة",
    "أبيات",
    "الأبيات",
    "بيتا",
    "بيتين",
    "البيتين",
    "ديوانه",
    "قوله",
    "poem",
    "poet",
    "verse",
    "verses",
]);

/// How the two halves of a one-line bayt are set apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Strength {
    /// `...`, `…`: prose uses them too.
    Dots,
    /// Two spaces.
    Spaces,
    /// A tab, three spaces or more, `*`, `**`, `^^`: layout only verse has.
    Layout,
}

/// A one-line bayt: its halves, as written, and how they were set apart.
#[derive(Debug, Clone)]
struct Split {
    sadr: String,
    ajuz: String,
    strength: Strength,
    /// The عجز ends with a full stop: only a poem's last bayt may.
    ends_sentence: bool,
}

/// Harakat, Qur'anic marks and the tatweel: they ride on letters and add no length.
fn is_mark(c: char) -> bool {
    matches!(c, '\u{0610}'..='\u{061A}' | '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{06D6}'..='\u{06ED}' | '\u{0640}')
}

fn is_letter(c: char) -> bool {
    c.is_alphabetic() && !is_mark(c)
}

/// Letters of a piece of text (what its length is measured in).
fn letters(text: &str) -> usize {
    text.chars().filter(|&c| is_letter(c)).count()
}

/// The text without a bayt number at its start.
fn unnumbered(text: &str) -> &str {
    split_number(text).map_or(text, |(_, rest)| rest)
}

/// Whether a piece of text is the right size for a hemistich.
fn hemistich_sized(text: &str) -> bool {
    let body = unnumbered(text);
    // Words first, and no further than one too many: a paragraph is
    // refused without counting its letters.
    let words = body.split_whitespace().take(HEMISTICH_MAX_WORDS + 1).count();
    (HEMISTICH_MIN_WORDS..=HEMISTICH_MAX_WORDS).contains(&words)
        && (HEMISTICH_MIN_LETTERS..=HEMISTICH_MAX_LETTERS).contains(&letters(body))
}

fn balanced(a: &str, b: &str) -> bool {
    let (a, b) = (letters(unnumbered(a)), letters(unnumbered(b)));
    a.min(b) * 10 >= a.max(b) * BALANCE_TENTHS
}

/// A separator found in a raw line: its byte range and strength.
fn separators(raw: &str) -> Vec<(usize, usize, Strength)> {
    let mut found = Vec::new();
    let bytes: Vec<(usize, char)> = raw.char_indices().collect();
    let mut index = 0;
    while index < bytes.len() {
        let (at, c) = bytes[index];
        let run_end = |pred: &dyn Fn(char) -> bool| {
            let mut end = index;
            while end < bytes.len() && pred(bytes[end].1) {
                end += 1;
            }
            end
        };
        let byte_at = |i: usize| bytes.get(i).map_or(raw.len(), |&(b, _)| b);
        if is_space(c) {
            let end = run_end(&|c| is_space(c));
            let run = &raw[at..byte_at(end)];
            let count = run.chars().count();
            if run.contains('\t') || count >= 3 {
                found.push((at, byte_at(end), Strength::Layout));
            } else if count == 2 {
                found.push((at, byte_at(end), Strength::Spaces));
            }
            index = end;
        } else if c == '.' || c == '…' {
            let end = run_end(&|c| c == '.' || c == '…' || c == ' ');
            let run = &raw[at..byte_at(end)];
            let dots = run.chars().filter(|&c| c == '.').count();
            if run.contains('…') || dots >= 3 {
                found.push((at, byte_at(end), Strength::Dots));
            }
            index = end.max(index + 1);
        } else if c == '*' || c == '^' {
            let end = run_end(&|x| x == c);
            let count = end - index;
            if (c == '*' && count <= 3) || (c == '^' && count == 2) {
                found.push((at, byte_at(end), Strength::Layout));
            }
            index = end;
        } else if matches!(c, '-' | '–' | '—' | 'ـ') && index > 0 && is_space(bytes[index - 1].1) {
            // A dash or a run of tatweel standing between spaces: « - », « ــــ ».
            let end = run_end(&|x| matches!(x, '-' | '–' | '—' | 'ـ'));
            let spaced_after = bytes.get(end).is_some_and(|&(_, next)| is_space(next));
            if spaced_after {
                let strength = if end - index >= 2 { Strength::Spaces } else { Strength::Dots };
                found.push((at, byte_at(end), strength));
            }
            index = end;
        } else {
            index += 1;
        }
    }
    // A mark with spaces around it («   *   ») is one separator.
    let mut merged: Vec<(usize, usize, Strength)> = Vec::with_capacity(found.len());
    for (start, end, strength) in found {
        match merged.last_mut() {
            Some(last) if last.1 >= start => {
                last.1 = end;
                last.2 = last.2.max(strength);
            }
            _ => merged.push((start, end, strength)),
        }
    }
    merged
}

/// Quotation marks that wrap a whole bayt.
const QUOTES: [(char, char); 4] = [('«', '»'), ('"', '"'), ('“', '”'), ('(', ')')];

/// Takes quotation marks off a bayt whose first hemistich opens them and whose last closes them.
fn unquoted(first: &str, last: &str) -> Option<(String, String)> {
    for (open, close) in QUOTES {
        if let (Some(first), Some(last)) = (first.strip_prefix(open), last.strip_suffix(close))
            && !first.contains(close)
            && !last.contains(open)
        {
            return Some((first.trim().to_string(), last.trim().to_string()));
        }
    }
    None
}

/// Whether a raw line reads as a bayt set on one line (a headline never does).
pub fn is_bayt_line(raw: &str) -> bool {
    split_bayt(raw).is_some_and(|split| !split.ends_sentence)
}

/// Reads a one-line bayt from a raw line, if it is one.
fn split_bayt(raw: &str) -> Option<Split> {
    let line = raw.trim_matches(|c: char| is_space(c));
    let found = separators(line);
    let length = line.len();
    // The separator nearest the middle; none at either end.
    // Nothing at either end, nor inside a bayt number («4 - …»).
    let number = length - unnumbered(line).len();
    let inner: Vec<&(usize, usize, Strength)> =
        found.iter().filter(|(start, end, _)| *start > number && *end < length).collect();
    let &&(start, end, strength) = inner.iter().min_by_key(|(start, end, _)| (start + end).abs_diff(length))?;
    // Prose with several ellipses is not a bayt; nor is a line whose every
    // gap is wide (a paste that spaced its words): the gap must stand out.
    let is_gap = |&&(start, end, _): &&(usize, usize, Strength)| line[start..end].chars().all(is_space);
    let width = |&(start, end, _): &(usize, usize, Strength)| {
        line[start..end].chars().map(|c| if c == '\t' { 4 } else { 1 }).sum::<usize>()
    };
    if is_gap(&&(start, end, strength)) {
        let chosen = width(&(start, end, strength));
        let widest_other = found
            .iter()
            .filter(|&&(s, e, _)| s != start && line[s..e].chars().all(is_space))
            .map(width)
            .max()
            .unwrap_or(1);
        if chosen < widest_other * 2 {
            return None;
        }
    } else if inner.iter().filter(|(_, _, s)| *s == strength).count() > 1 && strength != Strength::Layout {
        return None;
    }
    let (mut sadr, mut ajuz) = (collapse_whitespace(&line[..start]), collapse_whitespace(&line[end..]));
    if let Some((first, last)) = unquoted(&sadr, &ajuz) {
        (sadr, ajuz) = (first, last);
    }
    let prose_end = ajuz.ends_with('.') && !ajuz.ends_with("..");
    if !hemistich_sized(&sadr) || !hemistich_sized(&ajuz) || !balanced(&sadr, &ajuz) || sadr.ends_with('.') {
        return None;
    }
    Some(Split { sadr, ajuz, strength, ends_sentence: prose_end })
}

/// A short line that could be one hemistich of a bayt set on two lines.
fn hemistich_line(line: &SourceLine) -> bool {
    let text = line.text.as_str();
    let opener = text.chars().next().unwrap_or(' ');
    let wholly_quoted = QUOTES.iter().any(|&(open, close)| opener == open && text[open.len_utf8()..].contains(close));
    // «البحر: البسيط», «عدد الأبيات: 5»: a poem's particulars, not its verse.
    let particulars = text.contains(':') && text.split_whitespace().count() <= 4;
    hemistich_sized(text)
        && !particulars
        && !text.ends_with(['.', ':', ';', '؛'])
        && !text.starts_with(['-', '–', '—', '•', '*', '>'])
        && !wholly_quoted
        && !is_break(text)
        && super::notes::note_marker(text).is_none_or(|_| split_number(text).is_some())
}

/// The letter a line rhymes on: its last letter, or the one before when
/// the last is a letter of prolongation or a pronoun's (ا ى ي و ه, and ة):
/// «أسوارِ» and «سُمّاري» both rhyme on ر; «الحافلة» and «القهوة» do not rhyme.
fn rhyme(text: &str) -> Option<char> {
    let mut tail = text.chars().rev().filter(|&c| is_letter(c)).map(|c| match c {
        'أ' | 'إ' | 'آ' => 'ا',
        other => other,
    });
    let last = tail.next()?;
    if !matches!(last, 'ا' | 'ى' | 'ي' | 'و' | 'ه' | 'ة') {
        return Some(last);
    }
    let before = tail.next().unwrap_or(last);
    // «مرّوا»: the alif after a plural's waw is silent too.
    Some(if last == 'ا' && before == 'و' { tail.next().unwrap_or(before) } else { before })
}

/// Whether two lines share a rhyme letter.
fn rhyme_alike(a: Option<char>, b: Option<char>) -> bool {
    a.is_some() && a == b
}

/// Most bayts end on one letter.
fn rhymes(bayts: &[Bayt]) -> bool {
    // The same last word again and again («تقريبا», «تقريبا») is a column, not a rhyme.
    let ends: Vec<(char, String)> = bayts
        .iter()
        .filter_map(|bayt| {
            let last = bayt.last()?;
            let word: String = last.text.split_whitespace().last()?.chars().filter(|&c| is_letter(c)).collect();
            Some((rhyme(&last.text)?, word))
        })
        .collect();
    if ends.len() < 2 {
        return false;
    }
    let mut words_by_letter: std::collections::HashMap<char, std::collections::HashSet<&str>> =
        std::collections::HashMap::new();
    for (letter, word) in &ends {
        words_by_letter.entry(*letter).or_default().insert(word.as_str());
    }
    let most = words_by_letter.values().map(std::collections::HashSet::len).max().unwrap_or(0);
    most >= 2 && most * 10 >= ends.len() * RHYME_TENTHS
}

/// The first hemistichs rhyme with the bayts past the first (a bayt may
/// rhyme within itself only at the start of a poem): then the lines are
/// prose ending alike («…ـة», «…ـة»), not a poem.
fn sadrs_rhyme(bayts: &[Bayt]) -> bool {
    let Some(first) = bayts.first().and_then(|b| b.last()) else { return false };
    let rawiyy = rhyme(&first.text);
    let later = &bayts[1.min(bayts.len())..];
    let alike = later.iter().filter(|b| b.len() == 2 && rhyme_alike(rhyme(&b[0].text), rawiyy)).count();
    !later.is_empty() && alike == later.len()
}

/// Lengths within a band around their median (one outlier in five allowed).
fn regular(lengths: &[usize]) -> bool {
    if lengths.is_empty() {
        return false;
    }
    let mut sorted = lengths.to_vec();
    sorted.sort_unstable();
    let median = sorted[sorted.len() / 2];
    let outliers = lengths
        .iter()
        .filter(|&&n| n * 10 < median * REGULAR_LOW_TENTHS || n * 10 > median * REGULAR_HIGH_TENTHS)
        .count();
    outliers * 5 <= lengths.len()
}

/// Verbs that introduce a quotation («قال المتنبي:»), folded.
static SPEECH_VERBS: Phrases =
    Phrases::new(&["قال", "وقال", "فقال", "يقول", "ويقول", "قول", "وقول", "قالت", "تقول", "أنشد"]);

/// What the line before a run says about it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Cue {
    None,
    /// A short line standing as a heading: a poem's title in an anthology.
    Heading,
    /// It ends with a colon.
    Colon,
    /// It names a poet or a poem («قال الشاعر», «من قصيدته»).
    Poet,
}

fn cue_before(lines: &[SourceLine], start: usize) -> Cue {
    let Some(before) = start.checked_sub(1).map(|i| lines[i].text.as_str()) else { return Cue::None };
    let folded = fold(before);
    let names_poet = folded.split(' ').any(|word| {
        POET_WORDS.contains(word)
            || word.strip_prefix('و').or(word.strip_prefix('ف')).is_some_and(|w| POET_WORDS.contains(w))
    });
    let colon = before.trim_end_matches(['«', '"', ' ']).ends_with(':');
    let speech = colon && folded.split(' ').any(|word| SPEECH_VERBS.contains(word));
    let words = before.split_whitespace().count();
    match (names_poet || speech, colon) {
        (true, _) if colon || words <= 25 => Cue::Poet,
        (_, true) => Cue::Colon,
        // A poet's name over the bayts, as anthologies set them.
        _ if super::byline::looks_like_name(before) => Cue::Poet,
        _ if words <= 6 && !super::blocks::ends_a_sentence(before) => Cue::Heading,
        _ => Cue::None,
    }
}

/// A poem found in the body: the lines it spans and its block.
#[derive(Debug, Clone, PartialEq)]
pub struct Poem {
    /// Its first line.
    pub start: usize,
    /// One past its last line.
    pub end: usize,
    /// The [`Block::Verse`].
    pub block: Block,
}

/// Finds the poems among the body's lines, with the line read just before
/// them (the page's title, when the body starts with a poem) as their cue.
pub fn find_poems_after(lead: Option<&SourceLine>, body: &[SourceLine]) -> Vec<Poem> {
    let Some(lead) = lead else { return find_poems(body) };
    let mut lines = Vec::with_capacity(body.len() + 1);
    lines.push(lead.clone());
    lines.extend_from_slice(body);
    find_poems(&lines)
        .into_iter()
        // A lone شطر under the title is more likely a standfirst: the title cues whole bayts only.
        .filter(|poem| poem.start > 1 || (poem.start == 1 && whole_bayts(&poem.block)))
        .map(|poem| Poem { start: poem.start - 1, end: poem.end - 1, ..poem })
        .collect()
}

/// Finds the poems among the body's lines, in order, in one pass.
pub fn find_poems(lines: &[SourceLine]) -> Vec<Poem> {
    let splits: Vec<Option<Split>> = lines.iter().map(|line| split_bayt(&line.raw)).collect();
    let short: Vec<bool> = lines.iter().map(hemistich_line).collect();
    let mut poems = Vec::new();
    let mut index = 0;
    while index < lines.len() {
        if splits[index].is_some() {
            let (poem, end) = one_line_poem(lines, &splits, &short, index);
            poems.extend(poem);
            index = end.max(index + 1);
        } else if short[index] {
            let (poem, end) = two_line_poem(lines, &short, index);
            poems.extend(poem);
            index = end.max(index + 1);
        } else {
            index += 1;
        }
    }
    poems
}

/// Whether a verse block has a bayt of two hemistichs.
fn whole_bayts(block: &Block) -> bool {
    matches!(block, Block::Verse { bayts } if bayts.iter().any(|bayt| bayt.len() == 2))
}

fn text_of(hemistich: &str) -> Text {
    Text::plain(hemistich)
}

/// A run of one-line bayts from `start` (breaks and lone hemistichs inside it too).
fn one_line_poem(
    lines: &[SourceLine],
    splits: &[Option<Split>],
    short: &[bool],
    start: usize,
) -> (Option<Poem>, usize) {
    let mut bayts: Vec<Bayt> = Vec::new();
    let mut strength = Strength::Layout;
    let mut lengths = Vec::new();
    let mut index = start;
    let mut end = start;
    // The first line after the start with no blank line before it, if any yet.
    let mut spaced_from = usize::MAX;
    while index < lines.len() {
        if index > start && !lines[index].blank_before && spaced_from == usize::MAX {
            spaced_from = index;
        }
        if let Some(split) = &splits[index] {
            if split.ends_sentence && bayts.len() < 2 {
                break;
            }
            strength = strength.min(split.strength);
            lengths.push(letters(unnumbered(&split.sadr)) + letters(&split.ajuz));
            bayts.push(vec![text_of(&split.sadr), text_of(&split.ajuz)]);
            index += 1;
            end = index;
            if split.ends_sentence {
                break;
            }
            continue;
        }
        // A `***` line or a lone hemistich between bayts stays in the poem.
        let next_is_bayt = splits.get(index + 1).is_some_and(Option::is_some);
        if is_break(&lines[index].text) && next_is_bayt {
            index += 1;
            continue;
        }
        // A title between poems stands apart between blank lines; a lone
        // hemistich inside a poem does not (unless every bayt does).
        let stands_apart = lines[index].blank_before && lines.get(index + 1).is_some_and(|next| next.blank_before);
        let spaced_poem = spaced_from >= index;
        let lone = short[index] && lone_fits(&lines[index].text, &lengths) && (!stands_apart || spaced_poem);
        let rhymes_on = bayts.first().is_some_and(|b| rhyme_alike(rhyme(&b[1].text), rhyme(&lines[index].text)));
        if lone && (next_is_bayt || rhymes_on) {
            bayts.push(vec![text_of(&lines[index].text)]);
            index += 1;
            end = index;
            continue;
        }
        break;
    }
    let whole: Vec<Bayt> = bayts.iter().filter(|b| b.len() == 2).cloned().collect();
    let count = whole.len();
    let cue = cue_before(lines, start);
    let quoted = count == 1 && lines[start].text.starts_with(['«', '"', '“']);
    let accepted = match strength {
        // A table's rows are tabbed too («الجدول التالي:»): without a line
        // naming a poet, the bayts must rhyme.
        Strength::Layout | Strength::Spaces => {
            (count >= 2 && rhymes(&whole))
                || (count >= 2 && regular(&lengths) && cue == Cue::Poet)
                || (count == 1
                    && (cue == Cue::Poet
                        || quoted
                        || (matches!(cue, Cue::Colon | Cue::Heading) && plain_bayt(&bayts[0]))))
        }
        Strength::Dots => {
            (count >= 2 && regular(&lengths) && (rhymes(&whole) || cue == Cue::Poet))
                || (count == 1
                    && (cue == Cue::Poet
                        || (cue == Cue::Colon && quoted)
                        || (cue == Cue::Heading && plain_bayt(&bayts[0]))))
        }
    };
    let poem = accepted.then_some(Poem { start, end, block: Block::Verse { bayts } });
    (poem, end)
}

/// A bayt with no sentence punctuation in it, and halves of a metre's length.
fn plain_bayt(bayt: &Bayt) -> bool {
    bayt.iter().all(|half| !half.text.contains(['،', ',', '.', '؟', '?', '!', '؛']) && letters(&half.text) >= 14)
}

/// A line without a separator, as long as a hemistich of the poem so far.
fn lone_fits(text: &str, bayt_lengths: &[usize]) -> bool {
    let Some(&first) = bayt_lengths.first() else { return false };
    let half = first / 2;
    let length = letters(unnumbered(text));
    length * 10 >= half * REGULAR_LOW_TENTHS && length * 10 <= half * REGULAR_HIGH_TENTHS
}

/// A run of short lines from `start`, read two to a bayt.
fn two_line_poem(lines: &[SourceLine], short: &[bool], start: usize) -> (Option<Poem>, usize) {
    // The run: short lines, with `***` lines between them.
    let mut members = Vec::new();
    // Some bayt of the run so far is set line under line (no blank between).
    let mut blocky = false;
    let mut index = start;
    while index < lines.len() {
        // A line alone between blank lines, after bayts set line under line,
        // is the next poem's title: the run ends before it.
        let alone = lines[index].blank_before && lines.get(index + 1).is_none_or(|next| next.blank_before);
        if alone && blocky {
            break;
        }
        if short[index] {
            blocky |= !members.is_empty() && !lines[index].blank_before;
            members.push(index);
        } else if !(is_break(&lines[index].text) && short.get(index + 1).copied().unwrap_or(false)) {
            break;
        }
        index += 1;
    }
    // The poem's last line may end with a full stop.
    if members.len() % 2 == 1
        && members.last() == Some(&(index - 1))
        && lines.get(index).is_some_and(|line| line.text.ends_with('.') && hemistich_sized(&line.text))
    {
        members.push(index);
        index += 1;
    }
    let run_end = index;
    let cue = cue_before(lines, start);
    let colon_before = start > 0 && lines[start - 1].text.trim_end_matches(['«', '"', ' ']).ends_with(':');
    // A lone hemistich after a line that names a poet.
    if members.len() == 1 {
        let text = lines[start].text.as_str();
        let (text, closed) = match unquoted(text, text) {
            Some((inner, _)) => (inner, true),
            None => (text.to_string(), false),
        };
        // A name under the cue is the poet's, not his verse.
        let sized = text.split_whitespace().count() >= 3 && letters(&text) >= 14;
        // «أحمد: قصيدة رائعة»: a comment under its writer's name, not a شطر.
        let lone = cue == Cue::Poet
            && sized
            && !text.contains(':')
            && !super::byline::looks_like_name(&text)
            && (closed || !text.starts_with(['«', '"', '“']));
        let poem =
            lone.then(|| Poem { start, end: start + 1, block: Block::Verse { bayts: vec![vec![text_of(&text)]] } });
        return (poem, run_end);
    }
    // Pair from the first line; a title or a line about the poem may lead.
    for skip in [0, 1, 2] {
        let paired = &members[skip.min(members.len())..];
        let pairs = paired.len() / 2;
        if pairs == 0 {
            continue;
        }
        let used = &paired[..pairs * 2];
        let mut bayts: Vec<Bayt> = Vec::new();
        let mut lengths = Vec::new();
        let mut even = true;
        for pair in used.chunks(2) {
            let (first, second) = (&lines[pair[0]], &lines[pair[1]]);
            // A blank line inside a pair, where other pairs have none, splits it wrongly.
            even &= (first.blank_before || !second.blank_before) && balanced(&first.text, &second.text);
            lengths.push(letters(unnumbered(&first.text)));
            lengths.push(letters(&second.text));
            let (sadr, ajuz) =
                unquoted(&first.text, &second.text).unwrap_or_else(|| (first.text.clone(), second.text.clone()));
            bayts.push(vec![text_of(&sadr), text_of(&ajuz)]);
        }
        // Every line ending alike is prose in a row of like words, unless a cue
        // announces a poem of two bayts (its second صدر may rhyme by chance).
        let alike = sadrs_rhyme(&bayts) && (pairs > 2 || cue == Cue::None);
        // Without a cue, a short run or one with commas inside its lines is
        // more likely prose wrapped at a page's edge than a poem.
        let punctuated = used.iter().filter(|&&i| lines[i].text.contains(['،', ',', '.', '؛'])).count();
        let announced = cue >= Cue::Colon || (pairs >= 3 && punctuated * 10 <= used.len() * 3);
        let accepted = even
            && regular(&lengths)
            && ((rhymes(&bayts) && !alike && announced)
                || (pairs <= 3 && cue == Cue::Poet && colon_before && punctuated == 0));
        if accepted {
            let first = used[0];
            let last = used[used.len() - 1] + 1;
            // Lines skipped ahead of the poem stay prose; so does an odd line after it.
            return (Some(Poem { start: first, end: last, block: Block::Verse { bayts } }), last);
        }
    }
    (None, run_end)
}

/// Splits one line of a verse block (Markdown's ```` ```verse ````) into its
/// hemistichs: two when a separator parts it, else one.
pub fn bayt_of_line(line: &str) -> Bayt {
    let trimmed = line.trim_matches(|c: char| is_space(c));
    let found = separators(trimmed);
    let length = trimmed.len();
    let middle = found
        .iter()
        .filter(|(start, end, _)| *start > 0 && *end < length)
        .min_by_key(|(start, end, _)| (start + end).abs_diff(length));
    match middle {
        Some(&(start, end, _)) => {
            let (sadr, ajuz) = (collapse_whitespace(&trimmed[..start]), collapse_whitespace(&trimmed[end..]));
            vec![text_of(&sadr), text_of(&ajuz)]
        }
        None => vec![text_of(&collapse_whitespace(trimmed))],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::lines::source_lines;

    fn poems(text: &str) -> Vec<Vec<Vec<String>>> {
        find_poems(&source_lines(text))
            .into_iter()
            .map(|poem| match poem.block {
                Block::Verse { bayts } => bayts.into_iter().map(|b| b.into_iter().map(|h| h.text).collect()).collect(),
                _ => unreachable!(),
            })
            .collect()
    }

    #[test]
    fn separators_of_every_kind_split_a_bayt() {
        for line in [
            "سلام على الدار التي طال عهدها\tوما زال فيها للأحبة منزل",
            "سلام على الدار التي طال عهدها     وما زال فيها للأحبة منزل",
            "سلام على الدار التي طال عهدها ... وما زال فيها للأحبة منزل",
            "سلام على الدار التي طال عهدها … وما زال فيها للأحبة منزل",
            "سلام على الدار التي طال عهدها * وما زال فيها للأحبة منزل",
            "سلام على الدار التي طال عهدها ** وما زال فيها للأحبة منزل",
            "سلام على الدار التي طال عهدها ^^ وما زال فيها للأحبة منزل",
            "سلام على الدار التي طال عهدها   *   وما زال فيها للأحبة منزل",
            "سلام على الدار التي طال عهدها\t...\tوما زال فيها للأحبة منزل",
            "سلام على الدار التي طال عهدها - وما زال فيها للأحبة منزل",
            "سلام على الدار التي طال عهدها ـــــ وما زال فيها للأحبة منزل",
        ] {
            let split = split_bayt(line).unwrap_or_else(|| panic!("{line}"));
            assert_eq!(split.sadr, "سلام على الدار التي طال عهدها");
            assert_eq!(split.ajuz, "وما زال فيها للأحبة منزل");
        }
    }

    #[test]
    fn a_bayt_number_stays_and_quotes_go() {
        let split = split_bayt("4 - سلام على الدار التي طال عهدها ... وما زال فيها للأحبة منزل").unwrap();
        assert_eq!(split.sadr, "4 - سلام على الدار التي طال عهدها");
        let split = split_bayt("4 - سلام على الدار التي طال عهدها - وما زال فيها للأحبة منزل").unwrap();
        assert_eq!(split.sadr, "4 - سلام على الدار التي طال عهدها");
        let split = split_bayt("«سلام على الدار التي طال عهدها ... وما زال فيها للأحبة منزل»").unwrap();
        assert_eq!(
            (split.sadr.as_str(), split.ajuz.as_str()),
            ("سلام على الدار التي طال عهدها", "وما زال فيها للأحبة منزل")
        );
    }

    #[test]
    fn unbalanced_or_long_halves_are_prose() {
        assert!(split_bayt("صنع   الوراقون   الحبر   من   العفص   والصمغ   والزاج   وكانت   لكل   وراق").is_none());
        assert!(split_bayt("ثم سكت ... وبعد ذلك قام إلى النافذة وفتحها ونظر إلى الشارع الطويل طويلًا").is_none());
        assert!(split_bayt("كان يوما طويلا جدا ... ولم نصل فيه إلى شيء.").is_none_or(|split| split.ends_sentence));
    }

    #[test]
    fn a_rhyming_poem_on_two_lines_a_bayt() {
        let found = poems(
            "قال الشاعر:\nسرت في الليل والأحلام تسبقني\nإلى ديار عرفت الخير في فيها\nوكم وقفت على الأطلال أسألها\nعن الذين مضوا والريح تبكيها\n",
        );
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].len(), 2);
        assert_eq!(found[0][1][1], "عن الذين مضوا والريح تبكيها");
    }

    #[test]
    fn harakat_neither_lengthen_nor_rhyme() {
        assert_eq!(rhyme("مَنْزِلُ"), Some('ل'));
        assert!(!rhyme_alike(rhyme("الحافلة"), rhyme("القهوة")));
        assert!(rhyme_alike(rhyme("مرّوا"), rhyme("الدورُ")));
        assert!(rhyme_alike(rhyme("سَلامَا"), rhyme("كلامُ")));
        assert!(rhyme_alike(rhyme("أَسْوارِ"), rhyme("سُمّاري")));
        assert_eq!(letters("مَنْزِلُ"), 4);
    }

    #[test]
    fn two_wrapped_lines_of_prose_a_pair_are_not_verse() {
        let found = poems(
            "كان الوراقون في بغداد يجلسون في دكاكين\nصغيرة على جانبي الطريق المؤدي إلى الجسر\nويبيعون الكتب والأوراق والأحبار للطلاب\nويتحدثون في الأدب والشعر حتى المساء بلا كلل\n",
        );
        assert!(found.is_empty(), "{found:?}");
    }

    #[test]
    fn a_poem_may_end_with_a_full_stop() {
        let found = poems(
            "قال الشاعر:\nسرت في الليل والأحلام تسبقني\nإلى ديار عرفت الخير في فيها\nوكم وقفت على الأطلال أسألها\nعن الذين مضوا والريح تبكيها.\n",
        );
        assert_eq!(found.len(), 1);
        assert_eq!(found[0][1][1], "عن الذين مضوا والريح تبكيها.");
    }

    #[test]
    fn clauses_one_a_line_are_not_verse() {
        let found =
            poems("استيقظت في الصباح الباكر\nشربت فنجان القهوة\nخرجت إلى الشارع المزدحم\nركبت الحافلة إلى العمل\n");
        assert!(found.is_empty(), "{found:?}");
    }

    #[test]
    fn a_table_of_two_columns_is_not_verse() {
        let found = poems(
            "المدينة\tعدد السكان\nمدينة بغداد القديمة\tخمسة ملايين نسمة تقريبا\nمدينة دمشق الكبرى\tثلاثة ملايين نسمة تقريبا\nمدينة القاهرة الكبرى\tعشرون مليون نسمة تقريبا\n",
        );
        assert!(found.is_empty(), "{found:?}");
    }

    #[test]
    fn breaks_between_bayts_keep_one_poem() {
        let found = poems(
            "سلام على الدار التي طال عهدها ... وما زال فيها للأحبة منزل\n***\nوقفت بها والدمع يسبق خطوتي ... كأن فؤادي في الرسوم مكبل\n***\nأسائلها عن أهلها وهي صامت ... ومن ذا يجيب السائلين ويسأل\n",
        );
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].len(), 3);
    }

    #[test]
    fn a_lone_hemistich_after_a_poet_is_a_one_part_bayt() {
        let found = poems(
            "وكما قال الشاعر:\nوما نيل المطالب بالتمني\nفالعمل هو الطريق الوحيد إلى النجاح في الحياة كلها، وهذا ما نعرفه جميعا.\n",
        );
        assert_eq!(found, vec![vec![vec!["وما نيل المطالب بالتمني".to_string()]]]);
    }

    #[test]
    fn a_verse_block_line_splits_like_a_pasted_one() {
        let bayt = bayt_of_line("صدر البيت ... عجز البيت");
        assert_eq!(bayt.len(), 2);
        assert_eq!(bayt[1].text, "عجز البيت");
        assert_eq!(bayt_of_line("شطر وحده").len(), 1);
    }
}
