//! Source lines as the reader sees them: trimmed, with runs of spaces and
//! tabs collapsed to one space, and a note of the blank line or indent
//! before each. The words are never changed; the raw line is kept for
//! readers that read layout from spacing (verse).

/// One non-blank line of the source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceLine {
    /// 1-based line number in the source.
    pub number: usize,
    /// The line, trimmed, with whitespace runs collapsed.
    pub text: String,
    /// The line as it was (without its line ending).
    pub raw: String,
    /// A blank line (or the start of the text) comes before it.
    pub blank_before: bool,
    /// It starts with two spaces, a tab or more.
    pub indented: bool,
}

/// Spaces a paste carries: ASCII, tab, no-break and the typographic spaces.
pub fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\u{a0}' | '\u{2000}'..='\u{200a}' | '\u{202f}' | '\u{205f}' | '\u{3000}')
}

/// Characters that draw nothing and may pad a line's ends (direction marks
/// a web page leaves at the edges of its lines among them).
fn is_padding(c: char) -> bool {
    is_space(c)
        || matches!(
            c,
            '\u{200b}' | '\u{feff}' | '\u{2028}' | '\u{2029}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'
        )
}

/// Trims a line and collapses every run of spaces and tabs to one space.
/// A lone no-break space between words stays as it is.
pub fn collapse_whitespace(line: &str) -> String {
    let trimmed = line.trim_matches(is_padding);
    let mut out = String::with_capacity(trimmed.len());
    let mut run = String::new();
    for c in trimmed.chars() {
        if is_space(c) {
            run.push(c);
            continue;
        }
        flush_run(&mut out, &mut run);
        out.push(c);
    }
    out
}

fn flush_run(out: &mut String, run: &mut String) {
    if run.is_empty() {
        return;
    }
    if run.chars().count() == 1 && run != "\t" {
        out.push_str(run)
    } else {
        out.push(' ')
    }
    run.clear();
}

/// The non-blank lines of `text`, numbered from 1.
pub fn source_lines(text: &str) -> Vec<SourceLine> {
    let mut lines = Vec::new();
    let mut blank_before = true;
    for (index, raw) in text.lines().enumerate() {
        let collapsed = collapse_whitespace(raw);
        if collapsed.is_empty() {
            blank_before = true;
            continue;
        }
        let lead: String = raw.chars().take_while(|&c| is_space(c)).collect();
        let indented = lead.contains('\t') || lead.chars().count() >= 2;
        lines.push(SourceLine { number: index + 1, text: collapsed, raw: raw.to_string(), blank_before, indented });
        blank_before = false;
    }
    lines
}

/// Fewest words of a line that may be a hard-wrapped piece of a paragraph.
const WRAPPED_MIN_WORDS: usize = 8;

/// Joins hard-wrapped paragraphs back together. Only where the text puts
/// blank lines between its paragraphs (so a bare line break means a wrap),
/// and only after a long line that stops mid-sentence; a line with a tab or
/// a run of spaces inside (verse) is never joined.
///
/// Text copied from a PDF or a printed page has no blank lines, but lines of
/// even length that mostly stop mid-sentence: there a paragraph runs on
/// until a line ends a sentence.
pub fn join_wrapped_lines(lines: Vec<SourceLine>) -> Vec<SourceLine> {
    let blank_separated = lines.iter().skip(1).filter(|line| line.blank_before).count();
    if lines.len() < 3 {
        return lines;
    }
    let min_words = if blank_separated * 3 >= lines.len() {
        WRAPPED_MIN_WORDS
    } else if let Some(median) = printed_line_length(&lines) {
        (median * 6 / 10).max(4)
    } else {
        return lines;
    };
    let mut joined: Vec<SourceLine> = Vec::with_capacity(lines.len());
    for line in lines {
        if let Some(previous) = joined.last_mut()
            && !line.blank_before
            && is_wrapped(previous, min_words)
            && continues(&line.text)
        {
            previous.text.push(' ');
            previous.text.push_str(&line.text);
            previous.raw.push('\n');
            previous.raw.push_str(&line.raw);
            continue;
        }
        joined.push(line);
    }
    joined
}

/// Punctuation that ends a sentence (or a quotation) at the end of a line.
const SENTENCE_ENDS: [char; 13] = ['.', '!', '?', '؟', ':', '؛', ';', '…', '»', '"', '”', ')', ']'];

/// The median words per line when the lines look hard-wrapped: at least six
/// lines of six words or more, seven in ten within 40% of the median (at most
/// eighteen words), half of them stopping mid-sentence, and four in ten with
/// a comma or a stop inside (verse, one bayt a line, has none and stays apart).
fn printed_line_length(lines: &[SourceLine]) -> Option<usize> {
    let long: Vec<&SourceLine> = lines.iter().filter(|line| line.text.split_whitespace().count() >= 6).collect();
    if long.len() < 6 {
        return None;
    }
    let mut counts: Vec<usize> = long.iter().map(|line| line.text.split_whitespace().count()).collect();
    counts.sort_unstable();
    let median = counts[counts.len() / 2];
    let even = counts.iter().filter(|&&n| n * 10 >= median * 6 && n * 10 <= median * 14).count();
    let open = long.iter().filter(|line| !line.text.ends_with(SENTENCE_ENDS)).count();
    // Prose carries commas and stops inside its lines; a poem's lines rarely do.
    let punctuated = long.iter().filter(|line| line.text.contains(['،', ',', '.', '؛'])).count();
    let prose = punctuated * 10 >= long.len() * 4;
    (median <= 18 && even * 10 >= long.len() * 7 && open * 2 >= long.len() && prose).then_some(median)
}

fn is_wrapped(line: &SourceLine, min_words: usize) -> bool {
    let spaced = line.raw.trim().contains('\t') || line.raw.trim().contains("   ") || line.text.contains("...");
    line.text.split_whitespace().count() >= min_words
        && !line.text.ends_with(SENTENCE_ENDS)
        && !line.text.ends_with('﴾')
        && !spaced
}

fn continues(text: &str) -> bool {
    let first = text.chars().next().unwrap_or(' ');
    first.is_alphabetic() && !text.starts_with("- ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_wrapped_by_a_printed_page_join_into_paragraphs() {
        let text = "قال المؤلف في مقدمة كتابه إن الوراقة صنعة شريفة، لا\nيقوم بها إلا من جمع بين حسن الخط ومعرفة العلوم،\nوإن الوراق الحق هو الذي يفهم ما ينسخه ولا يكتفي\nبنقل الحروف كما يفعل الجهلة من النساخ في زمانه.\nوذكر بعد ذلك أن أسواق الوراقين في بغداد كانت تزيد\nعلى مئة دكان، وأن العلماء كانوا يقضون فيها نهارهم\nيقرؤون ويتناظرون ويشترون الكتب ويبيعونها بأغلى الأثمان.\n";
        let joined = join_wrapped_lines(source_lines(text));
        assert_eq!(joined.len(), 2, "{joined:?}");
        assert!(joined[0].text.ends_with("النساخ في زمانه."));
    }

    #[test]
    fn verse_one_bayt_a_line_is_not_joined() {
        let text = "على قدر أهل العزم تأتي العزائم وتأتي على قدر الكرام المكارم\nوتعظم في عين الصغير صغارها وتصغر في عين العظيم العظائم\nيكلف سيف الدولة الجيش همه وقد عجزت عنه الجيوش الخضارم\nويطلب عند الناس ما عند نفسه وذلك ما لا تدعيه الضراغم\nيفدي أتم الطير عمرا سلاحه نسور الملا أحداثها والقشاعم\nوما ضرها خلق بغير مخالب وقد خلقت أسيافه والقوائم\n";
        assert_eq!(join_wrapped_lines(source_lines(text)).len(), 6);
    }

    #[test]
    fn one_paragraph_a_line_is_left_alone() {
        let text = "الورق أرخص من الرق.\nوالحبر يصنع من العفص.\nوكان الوراقون في سوق واحد.\n";
        assert_eq!(join_wrapped_lines(source_lines(text)).len(), 3);
    }

    #[test]
    fn runs_of_spaces_and_tabs_collapse() {
        assert_eq!(collapse_whitespace("  كلمة   \t أخرى\t\tثالثة  "), "كلمة أخرى ثالثة");
        assert_eq!(collapse_whitespace("10\u{a0}km"), "10\u{a0}km");
        assert_eq!(collapse_whitespace("a\u{a0}\u{a0} b"), "a b");
    }

    #[test]
    fn lines_of_spaces_and_nbsp_are_blank() {
        let lines = source_lines("one\n \u{a0} \ntwo\n\t  three\n");
        assert_eq!(lines.len(), 3);
        assert!(lines[1].blank_before && !lines[2].blank_before && lines[2].indented);
        assert_eq!(lines[2].number, 4);
    }
}
