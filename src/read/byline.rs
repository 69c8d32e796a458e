//! Bylines and names: «كتب NAME», «بقلم: NAME», «حوار- NAME», «الكاتب : NAME»,
//! «بواسطة: NAME», "By NAME", also after a date, and whether a short line
//! reads like a person's name at all.

use super::boilerplate::{Phrases, fold, is_date_line};

/// Words that introduce the author's name.
static BYLINE_WORDS: Phrases = Phrases::new(&[
    "بقلم",
    "كتب",
    "كتبت",
    "كتبه",
    "كتبته",
    "حوار",
    "حاوره",
    "حاورها",
    "أجرى الحوار",
    "الكاتب",
    "الكاتبة",
    "المؤلف",
    "المؤلفة",
    "تأليف",
    "بواسطة",
    "نشر بواسطة",
    "إعداد",
    "اعداد",
    "الشاعر",
    "الشاعرة",
    "شعر",
    "poet",
    "by",
    "written by",
    "posted by",
    "author",
]);

/// Titles a name may carry in front.
static HONORIFICS: Phrases = Phrases::new(&[
    "د",
    "الدكتور",
    "الدكتورة",
    "دكتور",
    "الأستاذ",
    "الأستاذة",
    "أ",
    "الشيخ",
    "المهندس",
    "الأديب",
    "الكاتب",
    "الكاتبة",
    "الصحفي",
    "الصحفية",
    "الباحث",
    "الباحثة",
    "الإعلامي",
    "الإعلامية",
    "الروائي",
    "الروائية",
    "الشاعر",
    "الشاعرة",
    "dr",
    "prof",
    "mr",
    "mrs",
    "ms",
]);

/// Name parts that join the next word: «عبد الله», «أبو بكر», «بن خلدون».
static JOINERS: Phrases =
    Phrases::new(&["عبد", "أبو", "أبي", "ابن", "بن", "بنت", "أم", "ابو", "ام", "al", "el", "abu", "bin", "ibn"]);

/// Words no name contains: function words, and words that open headings.
static NOT_NAMES: Phrases = Phrases::new(&[
    "في",
    "من",
    "إلى",
    "الى",
    "عن",
    "مع",
    "هل",
    "ما",
    "ماذا",
    "لماذا",
    "كيف",
    "متى",
    "أين",
    "هذا",
    "هذه",
    "ذلك",
    "تلك",
    "التي",
    "الذي",
    "لا",
    "لم",
    "لن",
    "قد",
    "كان",
    "كانت",
    "بين",
    "حول",
    "بعد",
    "قبل",
    "عند",
    "كل",
    "أو",
    "ثم",
    "الفصل",
    "الباب",
    "الجزء",
    "الحلقة",
    "القسم",
    "مقدمة",
    "المقدمة",
    "تمهيد",
    "خاتمة",
    "الخاتمة",
    "ليلة",
    "يوم",
    "قصة",
    "حكاية",
    "درس",
    "الدرس",
    "رحلة",
    "the",
    "of",
    "and",
    "in",
    "on",
    "a",
    "an",
    "to",
    "for",
    "with",
    "chapter",
    "part",
    "introduction",
    "why",
    "how",
    "what",
]);

/// Common given names: a line whose family name carries the article
/// («سلمى الحفار») reads as a name only when it opens with one of these.
static GIVEN_NAMES: Phrases = Phrases::new(&[
    "محمد",
    "أحمد",
    "محمود",
    "مصطفى",
    "علي",
    "عمر",
    "عثمان",
    "خالد",
    "سعيد",
    "سعد",
    "حسن",
    "حسين",
    "حسني",
    "إبراهيم",
    "إسماعيل",
    "يوسف",
    "يعقوب",
    "موسى",
    "عيسى",
    "سليمان",
    "داود",
    "هارون",
    "زكريا",
    "يحيى",
    "آدم",
    "نوح",
    "صالح",
    "أيوب",
    "طارق",
    "زياد",
    "سامي",
    "سامر",
    "سمير",
    "نبيل",
    "نادر",
    "ناصر",
    "منصور",
    "فيصل",
    "فهد",
    "سلطان",
    "سلمان",
    "ماجد",
    "مازن",
    "مروان",
    "مراد",
    "مدحت",
    "ممدوح",
    "نزار",
    "هشام",
    "وليد",
    "وائل",
    "ياسر",
    "ياسين",
    "يونس",
    "رامي",
    "رامز",
    "رياض",
    "رشيد",
    "رضا",
    "رفيق",
    "زكي",
    "زهير",
    "سالم",
    "سليم",
    "شادي",
    "شريف",
    "صلاح",
    "صبحي",
    "طه",
    "عادل",
    "عاطف",
    "عامر",
    "عماد",
    "عمرو",
    "غسان",
    "فؤاد",
    "فادي",
    "فارس",
    "فراس",
    "فريد",
    "قاسم",
    "كمال",
    "كريم",
    "لؤي",
    "ماهر",
    "مالك",
    "مجدي",
    "منير",
    "مهدي",
    "معاذ",
    "مؤمن",
    "نجيب",
    "نعيم",
    "هاني",
    "هيثم",
    "وسيم",
    "أنس",
    "أسامة",
    "أيمن",
    "أمين",
    "أنور",
    "باسم",
    "بسام",
    "بشير",
    "بكر",
    "جمال",
    "جميل",
    "جلال",
    "جابر",
    "حاتم",
    "حازم",
    "حامد",
    "حمدي",
    "حمزة",
    "خليل",
    "رائد",
    "راشد",
    "ربيع",
    "رجب",
    "زين",
    "سامح",
    "سعود",
    "شوقي",
    "صابر",
    "صادق",
    "طلال",
    "عدنان",
    "عزيز",
    "عصام",
    "علاء",
    "عوض",
    "غازي",
    "فتحي",
    "فخري",
    "كامل",
    "لطفي",
    "مأمون",
    "مختار",
    "مسعود",
    "معتز",
    "منذر",
    "نصر",
    "هادي",
    "همام",
    "وجدي",
    "توفيق",
    "تامر",
    "ثامر",
    "جهاد",
    "حسام",
    "خضر",
    "ضياء",
    "عارف",
    "عاصم",
    "إدريس",
    "إلياس",
    "أكرم",
    "أشرف",
    "إيهاب",
    "بلال",
    "تميم",
    "جعفر",
    "حبيب",
    "حمد",
    "راغب",
    "رمضان",
    "زكريا",
    "سيف",
    "شاكر",
    "صفوان",
    "عبيد",
    "عدي",
    "عمار",
    "غالب",
    "قيس",
    "لقمان",
    "مجد",
    "محسن",
    "مصعب",
    "معن",
    "نايف",
    "نواف",
    "هلال",
    "وسام",
    "يزن",
    "فاطمة",
    "عائشة",
    "خديجة",
    "مريم",
    "زينب",
    "سارة",
    "سلمى",
    "ليلى",
    "هدى",
    "منى",
    "نور",
    "نورا",
    "رنا",
    "ريم",
    "رشا",
    "رانيا",
    "رحاب",
    "سعاد",
    "سهام",
    "سمية",
    "سميرة",
    "سوسن",
    "شيماء",
    "صفاء",
    "عبير",
    "علياء",
    "غادة",
    "فرح",
    "لبنى",
    "لينا",
    "مها",
    "ميساء",
    "نادية",
    "نجلاء",
    "نجوى",
    "نسرين",
    "نهى",
    "هالة",
    "هبة",
    "هند",
    "وفاء",
    "ياسمين",
    "أمل",
    "أسماء",
    "آمنة",
    "إيمان",
    "بشرى",
    "جميلة",
    "حنان",
    "حياة",
    "خلود",
    "دعاء",
    "دينا",
    "رقية",
    "روان",
    "زهراء",
    "سناء",
    "سلوى",
    "شهد",
    "عفاف",
    "غدير",
    "لمياء",
    "ماجدة",
    "مروة",
    "ملك",
    "منار",
    "نوال",
    "هيفاء",
    "وداد",
    "يسرى",
    "إسراء",
    "آلاء",
    "تغريد",
    "جنى",
    "حلا",
    "رؤى",
    "سجى",
    "سندس",
    "شذى",
    "لجين",
    "ندى",
    "هيام",
    "بثينة",
    "رزان",
    "رهف",
    "رغد",
    "سوزان",
    "عزة",
    "فدوى",
    "كوثر",
    "لميس",
    "مي",
    "نرمين",
    "نسمة",
    "هناء",
    "وردة",
]);

/// Most words of a byline line, headline included.
const BYLINE_MAX_WORDS: usize = 35;

/// What a byline line says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Byline {
    /// The author's name.
    pub name: String,
    /// Text that followed the name on the same line (a headline), if any.
    pub rest: Option<String>,
}

/// Reads a byline, if `line` is one.
pub fn parse_byline(line: &str) -> Option<Byline> {
    let words: Vec<&str> = line.split_whitespace().collect();
    if words.len() > BYLINE_MAX_WORDS {
        return None; // a paragraph, not a byline (nor a byline and a headline)
    }
    // A date may come first: «12 مارس 2023 - بقلم فلان».
    for skip in 0..words.len().min(8) {
        if skip > 0 && !is_date_line(&words[..skip].join(" ")) {
            continue;
        }
        let rest = words[skip..].join(" ");
        let rest = rest.trim_start_matches(['-', '–', '—', '|', '/', '،', ',', ' ']);
        if let Some(byline) = after_byline_word(rest) {
            return Some(byline);
        }
    }
    None
}

fn after_byline_word(text: &str) -> Option<Byline> {
    let opening: Vec<&str> = text.split_whitespace().take(3).collect();
    // «✍️ فلان»: the writing hand is a byline word of its own.
    if let Some(rest) = text.strip_prefix('✍') {
        return split_name(rest.trim_start_matches(['\u{fe0f}', ':', ' ']));
    }
    let folded_text = fold(&opening.join(" "));
    for folded in BYLINE_WORDS.folded().iter().map(String::as_str) {
        if !folded_text.starts_with(folded) {
            continue;
        }
        // Find the same number of words in the original and cut them.
        let count = folded.split(' ').count();
        let mut words = text.split_whitespace();
        let first = words.next()?;
        let mut head = first.to_string();
        for _ in 1..count {
            head = format!("{head} {}", words.next()?);
        }
        if fold(&head) != folded && !fold(&head).starts_with(&format!("{folded} ")) {
            // «كتبها» is not «كتب»: the byline word must be the whole word.
            let glued = head.trim_end_matches(|c: char| !c.is_alphabetic());
            if fold(glued) != folded {
                continue;
            }
        }
        let after: String = text.get(text.find(first)? + head.len()..)?.to_string();
        let after = after.trim_start_matches(|c: char| c.is_whitespace() || matches!(c, ':' | '-' | '–' | '—' | '.'));
        return split_name(after);
    }
    None
}

/// The name at the start of `text`, and what follows it (a date or site
/// after a separator is dropped; a headline is kept as `rest`).
fn split_name(text: &str) -> Option<Byline> {
    let name_part = text.split(['|', '–', '—', '،', ',', '/', '(', '\n']).next().unwrap_or("").trim();
    let name_part = name_part.split(" - ").next().unwrap_or("").trim();
    let words: Vec<&str> = name_part.split_whitespace().collect();
    if words.is_empty() {
        return None;
    }
    let take = name_length(&words);
    let name = words[..take].join(" ");
    let name = name.trim_end_matches(['.', ':', '-']).to_string();
    if name.is_empty() || fold(&name).split(' ').any(|w| fold_in(w, &NOT_NAMES)) || name.chars().any(char::is_numeric) {
        return None;
    }
    let first_name = words[..take].iter().map(|w| fold(w)).find(|w| !fold_in(w, &HONORIFICS)).unwrap_or_default();
    if first_name.starts_with("ال") {
        return None; // «بواسطة الورق انتشر العلم» is a sentence
    }
    if take < words.len() && text.trim_end().ends_with('.') {
        return None;
    }
    let rest = words[take..].join(" ");
    let rest = rest.trim_matches(|c: char| c.is_whitespace() || matches!(c, ':' | '-' | '–' | '—'));
    let rest =
        (!rest.is_empty() && !is_date_line(rest) && rest.split_whitespace().count() >= 2).then(|| rest.to_string());
    Some(Byline { name, rest })
}

fn fold_in(word: &str, list: &Phrases) -> bool {
    list.contains(word)
}

/// How many of `words` a name takes: honorifics, then two name words
/// (joiners pull in the word after them). Up to four words is all name.
fn name_length(words: &[&str]) -> usize {
    if words.len() <= 4 {
        return words.len();
    }
    let mut index = 0;
    while index < words.len() && fold_in(&fold(words[index]), &HONORIFICS) {
        index += 1;
    }
    let mut names = 0;
    while index < words.len() && names < 2 {
        if fold_in(&fold(words[index]), &JOINERS) {
            index += 1;
        }
        index += 1;
        names += 1;
    }
    index.min(words.len())
}

/// Whether a short line reads like a person's name: two to five words, no
/// sentence punctuation or digits, no function words, and no word that
/// opens a heading («الفصل», «مقدمة»).
pub fn looks_like_name(line: &str) -> bool {
    let words: Vec<&str> = line.split_whitespace().collect();
    if words.len() < 2 || words.len() > 5 || !words.iter().all(|w| w.chars().any(char::is_alphabetic)) {
        return false;
    }
    if line.contains(['.', '!', '?', '؟', '؛', ';', '…', ':', '«', '»', '"', '(', ')', '،', ',']) {
        // «د. فلان» is a name; other punctuation is not.
        let without_honorific = words.iter().skip(1).any(|w| w.contains(['!', '?', '؟', ':', '«', '»', '"', '(', '،']));
        if !(words.len() > 1 && fold_in(&fold(words[0]), &HONORIFICS)) || without_honorific {
            return false;
        }
    }
    if line.chars().any(|c| c.is_numeric()) {
        return false;
    }
    let folded = fold(line);
    if folded.split(' ').any(|w| fold_in(w, &NOT_NAMES)) {
        return false;
    }
    let latin = line.chars().any(|c| c.is_ascii_alphabetic());
    if latin {
        return words.iter().all(|w| w.chars().next().is_some_and(|c| c.is_uppercase() || !c.is_alphabetic()))
            && words.len() >= 2;
    }
    // An Arabic name rarely opens with the article («المقاومة الشعبية» is a heading),
    // and «نشأة الورق» is a heading too: with the article further on, the first
    // word must be a known given name (or «عبد», «أبو»…).
    let first = fold(words[0]);
    let honorific = fold_in(&first, &HONORIFICS);
    let given = words.iter().map(|w| fold(w)).find(|w| !fold_in(w, &HONORIFICS)).unwrap_or_default();
    let article_later = words.iter().skip(1).any(|w| fold(w).starts_with("ال"));
    let known = fold_in(&given, &GIVEN_NAMES) || fold_in(&given, &JOINERS);
    (honorific || !first.starts_with("ال")) && (!article_later || known || honorific)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn byline(line: &str) -> Option<(String, Option<String>)> {
        parse_byline(line).map(|b| (b.name, b.rest))
    }

    #[test]
    fn bylines_of_every_kind() {
        assert_eq!(byline("كتب محمد علي"), Some(("محمد علي".into(), None)));
        assert_eq!(byline("بقلم: عزيز جلال"), Some(("عزيز جلال".into(), None)));
        assert_eq!(byline("حوار- سلمى الحفار"), Some(("سلمى الحفار".into(), None)));
        assert_eq!(byline("الكاتب : أحمد خالد"), Some(("أحمد خالد".into(), None)));
        assert_eq!(byline("بواسطة: نور الهدى"), Some(("نور الهدى".into(), None)));
        assert_eq!(byline("By Jane Doe"), Some(("Jane Doe".into(), None)));
        assert_eq!(byline("12 مارس 2023 - بقلم: هدى سالم"), Some(("هدى سالم".into(), None)));
        assert_eq!(byline("بقلم: عزيز جلال | 12 مارس 2023"), Some(("عزيز جلال".into(), None)));
    }

    #[test]
    fn byline_and_headline_on_one_line_split() {
        assert_eq!(
            byline("كتب محمد علي الورق يصل إلى بغداد في القرن الثامن"),
            Some(("محمد علي".into(), Some("الورق يصل إلى بغداد في القرن الثامن".into())))
        );
    }

    #[test]
    fn sentences_are_not_bylines() {
        assert_eq!(byline("كتب الجاحظ في البيان أن الورق أرخص من الرق."), None);
        assert_eq!(byline("كتبها في بغداد"), None);
        assert_eq!(byline("بواسطة الورق انتشر العلم"), None);
    }

    #[test]
    fn names_and_not_names() {
        assert!(looks_like_name("عزيز جلال"));
        assert!(looks_like_name("د. هدى سالم"));
        assert!(looks_like_name("Jane Doe"));
        assert!(!looks_like_name("المقاومة الشعبية"));
        assert!(!looks_like_name("ليلة العاصفة"));
        assert!(!looks_like_name("×"));
        assert!(!looks_like_name("الورق في بغداد"));
        assert!(!looks_like_name("نشأة الورق"));
        assert!(looks_like_name("سلمى الحفار"));
        assert!(looks_like_name("عبد الرحمن الكواكبي"));
    }
}
