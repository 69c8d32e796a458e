//! Series and part number from a title line.
//!
//! «وهم الخلافة … الجزء الثالث عشر» names series «وهم الخلافة …», part 13.
//! A part is introduced by الجزء, الحلقة, القسم, الفصل, "Part" or "Chapter", followed by an
//! Arabic ordinal word (1–100, masculine or feminine, with or without ال,
//! hamza and taa marbuta spelt either way) or by digits (Latin, Arabic-Indic
//! or Persian). A title ending in "(4)" is part 4 without any keyword.

/// What a title line says about its place in a series.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TitleParts {
    /// The series name: the title before the part keyword.
    pub series: String,
    /// The part number.
    pub part: u32,
    /// The words that name the part, as written («الجزء الثالث عشر», "Part 2").
    pub label: String,
    /// Whatever follows the part number, if anything.
    pub subtitle: Option<String>,
}

const PART_KEYWORDS: [&str; 10] =
    ["الجزء", "الحلقة", "القسم", "الفصل", "جزء", "حلقة", "فصل", "part", "episode", "chapter"];

/// Separators that may stand between a series name and its part keyword.
const SEPARATORS: &[char] = &['-', '–', '—', ':', '|', '،', ',', '/', '(', ')', '[', ']', '«', '»', '.', '…'];

/// Finds the series and part a title names, if it names one.
pub fn parse_title(title: &str) -> Option<TitleParts> {
    let spaced = spread_abbreviation(title);
    let title = spaced.as_str();
    let words: Vec<&str> = title.split_whitespace().collect();
    for (index, word) in words.iter().enumerate().skip(1) {
        let keyword = word.trim_matches(SEPARATORS).to_lowercase();
        let abbreviated = matches!(keyword.as_str(), "ج" | "ح");
        if !PART_KEYWORDS.contains(&keyword.as_str()) && !abbreviated {
            continue;
        }
        let number = match abbreviated {
            true => words.get(index + 1).and_then(|w| parse_digits(w.trim_matches(SEPARATORS))).map(|n| (n, 1)),
            false => parse_number(&words[index + 1..]),
        };
        let Some((part, used)) = number else {
            continue;
        };
        let series = trim_separators(&words[..index].join(" "));
        if series.is_empty() {
            continue;
        }
        let subtitle = trim_separators(&words[index + 1 + used..].join(" "));
        let label = words[index..index + 1 + used].join(" ").trim_matches(SEPARATORS).to_string();
        return Some(TitleParts { series, part, label, subtitle: (!subtitle.is_empty()).then_some(subtitle) });
    }
    parenthesised_number(title).or_else(|| part_of_series(&words))
}

/// «ج3», «ح12»: the abbreviated keyword glued to its number, spread into two words.
fn spread_abbreviation(title: &str) -> String {
    title
        .split(' ')
        .map(|word| {
            let mut chars = word.chars();
            match (chars.next(), chars.as_str()) {
                (Some(letter @ ('ج' | 'ح')), digits) if parse_digits(digits).is_some() => {
                    format!("{letter} {digits}")
                }
                _ => word.to_string(),
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Words that name what kind of work a series is, before its name.
const WORK_WORDS: [&str; 8] = ["رواية", "سلسلة", "كتاب", "قصة", "مسلسل", "ملحمة", "سيرة", "حكاية"];

/// «الحلقة الثانية عشرة من رواية "ظلال المدينة"»: part first, then «من» and the series.
fn part_of_series(words: &[&str]) -> Option<TitleParts> {
    let keyword = words.first()?.trim_matches(SEPARATORS).to_lowercase();
    if !PART_KEYWORDS.contains(&keyword.as_str()) {
        return None;
    }
    let (part, used) = parse_number(&words[1..])?;
    let rest = &words[1 + used..];
    // «الجزء الثالث: رحلة الورق», «الحلقة 3 - رحلة الورق»: a separator, then the series.
    let glued = words[used].ends_with([':', '-', '|', '،']);
    let of = rest.first().map(|w| w.trim_matches(SEPARATORS)).unwrap_or_default();
    let mut series_words = if matches!(of, "من" | "of" | "from") {
        &rest[1..]
    } else if glued || (of.is_empty() && rest.len() > 1) {
        if of.is_empty() { &rest[1..] } else { rest }
    } else {
        return None;
    };
    if series_words.first().is_some_and(|w| WORK_WORDS.iter().any(|work| normalise(work) == normalise(w)))
        && series_words.len() > 1
    {
        series_words = &series_words[1..];
    }
    let quotes = ['"', '«', '»', '“', '”', '\''];
    let series = trim_separators(&series_words.join(" ")).trim_matches(quotes).trim().to_string();
    if series.is_empty() {
        return None;
    }
    let label = words[..1 + used].join(" ").trim_matches(SEPARATORS).to_string();
    Some(TitleParts { series, part, label, subtitle: None })
}

fn trim_separators(text: &str) -> String {
    text.trim_matches(|c: char| c.is_whitespace() || SEPARATORS.contains(&c)).to_string()
}

/// "Series (4)" at the end of a title.
/// Also "Series (4): subtitle", where a colon or dash follows the number.
fn parenthesised_number(title: &str) -> Option<TitleParts> {
    if let Some(inner) = title.trim_end().strip_suffix(')')
        && let Some(open) = inner.rfind('(')
        && let Some(part) = parse_digits(&inner[open + 1..])
    {
        let series = trim_separators(&inner[..open]);
        let label = inner[open..].trim().to_string() + ")";
        return (!series.is_empty()).then_some(TitleParts { series, part, label, subtitle: None });
    }
    let open = title.find('(')?;
    let close = open + title[open..].find(')')?;
    let part = parse_digits(&title[open + 1..close])?;
    let after = title[close + 1..].trim_start();
    if !after.starts_with([':', '-', '–', '—', '|']) {
        return None;
    }
    let series = trim_separators(&title[..open]);
    let subtitle = trim_separators(after);
    let label = title[open..=close].to_string();
    (!series.is_empty()).then_some(TitleParts {
        series,
        part,
        label,
        subtitle: (!subtitle.is_empty()).then_some(subtitle),
    })
}

/// Parses a part number at the start of `words`; returns it and how many words it used.
fn parse_number(words: &[&str]) -> Option<(u32, usize)> {
    let first = words.first()?.trim_matches(SEPARATORS);
    if let Some(number) = parse_digits(first) {
        return Some((number, 1));
    }
    let normalised: Vec<String> = words.iter().take(3).map(|w| normalise(w)).collect();
    parse_ordinal(&normalised)
}

/// Latin, Arabic-Indic or extended (Persian) digits.
pub(super) fn parse_digits(text: &str) -> Option<u32> {
    let text = text.trim();
    if text.is_empty() || text.chars().count() > 4 {
        return None;
    }
    text.chars()
        .try_fold(0u32, |acc, c| {
            let digit = match c {
                '0'..='9' => c as u32 - '0' as u32,
                '\u{0660}'..='\u{0669}' => c as u32 - 0x0660,
                '\u{06F0}'..='\u{06F9}' => c as u32 - 0x06F0,
                _ => return None,
            };
            Some(acc * 10 + digit)
        })
        .filter(|&n| n > 0)
}

/// Folds the spellings of one word together: no harakat or tatweel, hamza
/// forms of alif as bare alif, alif maqsura as yeh, taa marbuta as heh, and
/// no separators around it.
pub(super) fn normalise(word: &str) -> String {
    word.trim_matches(SEPARATORS)
        .chars()
        .filter(|&c| !matches!(c, '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{0640}'))
        .map(|c| match c {
            'أ' | 'إ' | 'آ' | 'ٱ' => 'ا',
            'ى' => 'ي',
            'ة' => 'ه',
            other => other,
        })
        .collect()
}

/// Ordinal units 1–10, each with its masculine and feminine stems (normalised, without ال).
const UNITS: [(u32, &[&str]); 10] = [
    (1, &["اول", "اولي", "حادي", "حاديه", "واحد"]),
    (2, &["ثاني", "ثانيه"]),
    (3, &["ثالث", "ثالثه"]),
    (4, &["رابع", "رابعه"]),
    (5, &["خامس", "خامسه"]),
    (6, &["سادس", "سادسه"]),
    (7, &["سابع", "سابعه"]),
    (8, &["ثامن", "ثامنه"]),
    (9, &["تاسع", "تاسعه"]),
    (10, &["عاشر", "عاشره"]),
];

/// Tens 20–90 in their nominative and oblique forms, and 100.
const TENS: [(u32, &[&str]); 9] = [
    (20, &["عشرون", "عشرين"]),
    (30, &["ثلاثون", "ثلاثين"]),
    (40, &["اربعون", "اربعين"]),
    (50, &["خمسون", "خمسين"]),
    (60, &["ستون", "ستين"]),
    (70, &["سبعون", "سبعين"]),
    (80, &["ثمانون", "ثمانين"]),
    (90, &["تسعون", "تسعين"]),
    (100, &["مئه", "مائه", "مءه"]),
];

fn lookup(table: &[(u32, &[&str])], word: &str) -> Option<u32> {
    let bare = word.strip_prefix("ال").unwrap_or(word);
    table.iter().find(|(_, forms)| forms.contains(&bare)).map(|&(value, _)| value)
}

/// «الثالث عشر» → 13, «الحادي والعشرون» → 21, «العشرون» → 20.
fn parse_ordinal(words: &[String]) -> Option<(u32, usize)> {
    let first = words.first()?;
    if let Some(tens) = lookup(&TENS, first) {
        return Some((tens, 1));
    }
    let unit = lookup(&UNITS, first)?;
    let second = words.get(1).map(String::as_str);
    match second {
        Some("عشر" | "عشره") if unit < 10 => Some((unit + 10, 2)),
        Some(word) if unit < 10 => match word.strip_prefix('و').and_then(|w| lookup(&TENS, w)) {
            Some(tens) if tens < 100 => Some((tens + unit, 2)),
            _ => Some((unit, 1)),
        },
        _ => Some((unit, 1)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn part(title: &str) -> Option<u32> {
        parse_title(title).map(|parts| parts.part)
    }

    #[test]
    fn seed_title_is_part_thirteen_of_its_series() {
        let parts = parse_title("وهم الخلافة؛ من حلم السلطة إلى حضيض الانهيار! الجزء الثالث عشر").unwrap();
        assert_eq!(parts.series, "وهم الخلافة؛ من حلم السلطة إلى حضيض الانهيار!");
        assert_eq!(parts.part, 13);
        assert_eq!(parts.label, "الجزء الثالث عشر");
        assert_eq!(parts.subtitle, None);
    }

    #[test]
    fn ordinal_words_from_one_to_one_hundred() {
        let cases = [
            ("الأول", 1),
            ("الأولى", 1),
            ("اول", 1),
            ("الثانية", 2),
            ("ثالث", 3),
            ("العاشر", 10),
            ("العاشرة", 10),
            ("الحادي عشر", 11),
            ("الحادية عشرة", 11),
            ("الثاني عشر", 12),
            ("التاسعة عشرة", 19),
            ("العشرون", 20),
            ("العشرين", 20),
            ("الحادي والعشرون", 21),
            ("الخامسة والثلاثون", 35),
            ("التاسع والتسعين", 99),
            ("المئة", 100),
            ("المائة", 100),
            ("الثانى", 2),
            ("الثالثه", 3),
        ];
        for (words, expected) in cases {
            assert_eq!(part(&format!("تاريخ الورق الحلقة {words}")), Some(expected), "{words}");
        }
    }

    #[test]
    fn digits_of_every_kind() {
        assert_eq!(part("تاريخ الورق - الجزء ١٣"), Some(13));
        assert_eq!(part("تاريخ الورق: القسم 7"), Some(7));
        assert_eq!(part("تاريخ الورق الجزء ۴"), Some(4));
        assert_eq!(part("A History of Paper, Part 2"), Some(2));
        assert_eq!(part("A History of Paper (4)"), Some(4));
    }

    #[test]
    fn text_after_the_number_is_a_subtitle() {
        let parts = parse_title("صناعة الكتاب، الجزء الثاني: الوراقون في بغداد").unwrap();
        assert_eq!(parts.series, "صناعة الكتاب");
        assert_eq!(parts.subtitle.as_deref(), Some("الوراقون في بغداد"));
    }

    #[test]
    fn part_first_then_the_series() {
        let parts = parse_title("الحلقة الثانية عشرة من رواية \"ظلال المدينة\"").unwrap();
        assert_eq!((parts.part, parts.series.as_str()), (12, "ظلال المدينة"));
        let parts = parse_title("الجزء الثالث: رحلة الورق").unwrap();
        assert_eq!((parts.part, parts.series.as_str()), (3, "رحلة الورق"));
        let parts = parse_title("الحلقة 3 - رحلة الورق").unwrap();
        assert_eq!((parts.part, parts.series.as_str()), (3, "رحلة الورق"));
        assert_eq!(parse_title("رحلة الورق - ج3").map(|p| p.part), Some(3));
        assert_eq!(parse_title("رحلة الورق ح 12").map(|p| p.part), Some(12));
        let parts = parse_title("تاريخ الكتاب (3): الوراقون في بغداد").unwrap();
        assert_eq!((parts.part, parts.subtitle.as_deref()), (3, Some("الوراقون في بغداد")));
        assert_eq!(parse_title("الفصل الأول"), None);
    }

    #[test]
    fn titles_without_a_part_have_none() {
        assert_eq!(part("في مديح الورق"), None);
        assert_eq!(part("الجزء الأول"), None, "a keyword with no series before it names nothing");
        assert_eq!(part("The part of the story nobody tells"), None);
    }
}
