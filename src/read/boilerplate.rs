//! Site furniture: what a web page puts around an essay, and a paste carries
//! along. Before the headline: site names, section labels, breadcrumbs, menu
//! words, close buttons, dates and view counts. After the essay: share bars,
//! tags, comment prompts, related links.
//!
//! Phrases are compared folded (case, harakat, hamza forms and punctuation
//! aside). The lists are short on purpose: a false positive would silently
//! lose the author's words, so every rule wants the whole line.

use super::title::parse_digits;
use std::sync::OnceLock;

/// A list of phrases, folded (see [`fold`]) once, on first use.
pub struct Phrases {
    raw: &'static [&'static str],
    folded: OnceLock<Vec<String>>,
}

impl Phrases {
    /// The phrases as written.
    pub const fn new(raw: &'static [&'static str]) -> Phrases {
        Phrases { raw, folded: OnceLock::new() }
    }

    /// The phrases folded.
    pub fn folded(&self) -> &[String] {
        self.folded.get_or_init(|| self.raw.iter().map(|phrase| fold(phrase)).collect())
    }

    /// Whether a folded word or line is one of the phrases.
    pub fn contains(&self, folded: &str) -> bool {
        self.folded().iter().any(|phrase| phrase == folded)
    }
}

/// Teasers that may stand between paragraphs.
static TEASERS: Phrases = Phrases::new(&["read also", "اقرأ أيضا", "اقرأ كذلك"]);

/// Whole-line phrases that are site furniture wherever they stand.
static WHOLE_LINES: Phrases = Phrases::new(&[
    "exit mobile version",
    "skip to content",
    "share this",
    "share",
    "print",
    "like this",
    "related",
    "related posts",
    "related articles",
    "loading",
    "tweet",
    "copy link",
    "facebook",
    "twitter",
    "whatsapp",
    "telegram",
    "email",
    "instagram",
    "youtube",
    "فيسبوك",
    "فيس بوك",
    "تويتر",
    "واتساب",
    "واتس اب",
    "تيليجرام",
    "تلغرام",
    "تليجرام",
    "انستغرام",
    "إنستغرام",
    "يوتيوب",
    "لينكدإن",
    "البريد الإلكتروني",
    "linkedin",
    "advertisement",
    "comments",
    "leave a reply",
    "leave a comment",
    "previous post",
    "next post",
    "you may also like",
    "read more",
    "menu",
    "search",
    "close",
    "home",
    "login",
    "log in",
    "sign in",
    "subscribe",
    "reply",
    "quote",
    "شارك",
    "شارك المقال",
    "شارك هذا المقال",
    "شارك الخبر",
    "شارك على",
    "مشاركة",
    "مشاركه",
    "طباعة",
    "اطبع",
    "اقرأ أيضا",
    "اقرأ المزيد",
    "مقالات ذات صلة",
    "أخبار ذات صلة",
    "مواضيع ذات صلة",
    "مواضيع مشابهة",
    "ذات صلة",
    "قد يعجبك أيضا",
    "الأكثر قراءة",
    "الأكثر مشاهدة",
    "المزيد",
    "التعليقات",
    "تعليقات",
    "أضف تعليق",
    "أضف تعليقك",
    "اترك تعليقا",
    "اترك ردا",
    "المقال السابق",
    "المقال التالي",
    "الموضوع السابق",
    "الموضوع التالي",
    "السابق",
    "التالي",
    "رد مع اقتباس",
    "رابط مختصر",
    "نسخ الرابط",
    "حجم الخط",
    "إعلان",
    "الإعلانات",
    "القائمة",
    "القائمة الرئيسية",
    "الرئيسية",
    "الصفحة الرئيسية",
    "بحث",
    "ابحث",
    "إغلاق",
    "اغلاق",
    "تسجيل الدخول",
    "دخول",
    "تسجيل",
    "اشترك",
    "اشترك الآن",
    "اتصل بنا",
    "من نحن",
    "طلب خدمة",
    "خدماتنا",
    "الفهرس",
    "تحميل الكتاب",
    "قراءة أونلاين",
    "تابعونا",
    "تابعنا",
    "عاجل",
    "جميع الحقوق محفوظة",
    "عضو",
    "عضو مميز",
    "عضو جديد",
    "عضو نشيط",
    "عضو فعال",
    "عضو ذهبي",
    "مشرف",
    "مشرفة",
    "المشرف العام",
    "كبار الشخصيات",
    "زائر",
    "متصل",
    "غير متصل",
    "offline",
    "online",
    "member",
    "صورة أرشيفية",
    "صورة تعبيرية",
    "صورة توضيحية",
    "أرشيفية",
    "فيديو",
    "شاهد",
    "شاهد أيضا",
    "شاهد الفيديو",
    "محتوى مدفوع",
    "sponsored",
    "يتبع",
    "للحديث بقية",
    "البقية تأتي",
    "البقية في الحلقة القادمة",
    "to be continued",
]);

/// Phrases that mark the whole line as furniture when it starts with them.
static PREFIXES: Phrases = Phrases::new(&[
    "read also",
    "read more",
    "image caption",
    "image source",
    "مصدر الصورة",
    "حقوق الصورة",
    "شاهد أيضا",
    "click to share",
    "share on",
    "tags",
    "posted in",
    "filed under",
    "all rights reserved",
    "copyright",
    "follow us",
    "اقرأ أيضا",
    "اقرأ كذلك",
    "اقرأ المزيد",
    "الوسوم",
    "وسوم",
    "كلمات مفتاحية",
    "الكلمات المفتاحية",
    "الكلمات الدلالية",
    "جميع الحقوق محفوظة",
    "حقوق النشر",
    "تابعونا على",
    "تابعنا على",
    "شارك على",
    "شارك عبر",
    "رابط مختصر",
    "تاريخ النشر",
    "آخر تحديث",
    "تم النشر",
    "نشر في",
    "تاريخ التسجيل",
    "عدد المشاركات",
    "مكان الإقامة",
    "التصنيفات",
    "التصنيف",
    "تصنيف",
    "categories",
    "category",
    "التعديل الأخير",
    "المصدر",
    "مصدر الخبر",
    "للتواصل",
    "للتواصل مع الكاتب",
    "البريد الإلكتروني",
    "contact",
    "آخر تعديل",
    "last edited",
]);

/// Lines after which a page holds only links and comments.
static CUT_MARKERS: Phrases = Phrases::new(&[
    "related",
    "related posts",
    "related articles",
    "you may also like",
    "comments",
    "leave a reply",
    "leave a comment",
    "اقرأ أيضا",
    "مقالات ذات صلة",
    "أخبار ذات صلة",
    "مواضيع ذات صلة",
    "مواضيع مشابهة",
    "قد يعجبك أيضا",
    "الأكثر قراءة",
    "الأكثر مشاهدة",
    "التعليقات",
    "تعليقات",
    "أضف تعليق",
    "اترك تعليقا",
    "اترك ردا",
]);

/// Words a site's section labels are made of.
static SECTION_WORDS: Phrases = Phrases::new(&[
    "أخبار",
    "خبر",
    "عاجل",
    "محليات",
    "محلية",
    "دولي",
    "دولية",
    "دوليات",
    "عربي",
    "عربية",
    "عالمي",
    "عالمية",
    "سياسة",
    "اقتصاد",
    "رياضة",
    "ثقافة",
    "فن",
    "فنون",
    "منوعات",
    "مقالات",
    "مقال",
    "رأي",
    "آراء",
    "تقارير",
    "تقرير",
    "حوارات",
    "تحقيقات",
    "مجتمع",
    "صحة",
    "تكنولوجيا",
    "تقنية",
    "علوم",
    "أدب",
    "قصص",
    "أطفال",
    "روايات",
    "دروس",
    "مدونات",
    "مدونة",
    "منتدى",
    "المنتدى",
    "العام",
    "الرئيسية",
    "ملفات",
    "إسلاميات",
    "فكر",
    "تعليم",
    "كتب",
    "مكتبة",
    "خدمات",
    "الصفحة",
    "news",
    "opinion",
    "blog",
    "articles",
    "sports",
    "culture",
    "world",
    "politics",
    "lessons",
    "forum",
    "stories",
    "kids",
    "home",
]);

/// Words that open a site's own name: «مدونة الحكايات», «موقع الكتاب».
static SITE_WORDS: Phrases = Phrases::new(&[
    "مدونة",
    "موقع",
    "منتدى",
    "منتديات",
    "صحيفة",
    "جريدة",
    "مجلة",
    "شبكة",
    "بوابة",
    "قناة",
    "وكالة",
    "blog",
    "site",
]);

/// A site's own name: a few words opening with «مدونة», «موقع», «صحيفة»…
pub fn is_site_name(line: &str) -> bool {
    if words_over(line, 4) {
        return false;
    }
    let folded = fold(line);
    let words: Vec<&str> = folded.split(' ').collect();
    words.len() <= 4 && SITE_WORDS.contains(words[0]) && !line.ends_with(['.', ':', '؟', '?'])
}

/// Words of a view or comment count («١٢٠٠ مشاهدة»).
static COUNT_WORDS: Phrases = Phrases::new(&[
    "مشاهدة",
    "مشاهدات",
    "المشاهدات",
    "قراءة",
    "قراءات",
    "زيارة",
    "زيارات",
    "تعليق",
    "تعليقات",
    "إعجاب",
    "مشاركة",
    "مشاركات",
    "دقائق",
    "دقيقة",
    "views",
    "view",
    "reads",
    "comments",
    "comment",
    "likes",
    "shares",
    "min",
    "mins",
    "minutes",
    "صفحة",
    "الصفحة",
    "page",
    "المشاركات",
]);

/// Words a date line is made of, besides digits.
static DATE_WORDS: Phrases = Phrases::new(&[
    "يناير",
    "فبراير",
    "مارس",
    "أبريل",
    "إبريل",
    "ابريل",
    "مايو",
    "يونيو",
    "يونيه",
    "يوليو",
    "يوليه",
    "أغسطس",
    "سبتمبر",
    "أكتوبر",
    "نوفمبر",
    "ديسمبر",
    "كانون",
    "شباط",
    "آذار",
    "نيسان",
    "أيار",
    "حزيران",
    "تموز",
    "آب",
    "أيلول",
    "تشرين",
    "الأول",
    "الثاني",
    "محرم",
    "صفر",
    "ربيع",
    "جمادى",
    "رجب",
    "شعبان",
    "رمضان",
    "شوال",
    "القعدة",
    "الحجة",
    "ذو",
    "ذي",
    "الآخر",
    "الأحد",
    "الاثنين",
    "الإثنين",
    "الثلاثاء",
    "الأربعاء",
    "الخميس",
    "الجمعة",
    "السبت",
    "م",
    "هـ",
    "ه",
    "ص",
    "في",
    "منذ",
    "ساعة",
    "ساعتين",
    "ساعات",
    "دقيقة",
    "دقائق",
    "يوم",
    "يومين",
    "أيام",
    "أسبوع",
    "شهر",
    "سنة",
    "نشر",
    "قبل",
    "نُشر",
    "تاريخ",
    "النشر",
    "آخر",
    "تحديث",
    "بتاريخ",
    "الموافق",
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "am",
    "pm",
    "updated",
    "published",
    "posted",
    "on",
    "at",
    "ago",
    "hours",
    "hour",
    "minutes",
    "days",
    "gmt",
    "utc",
    "بتوقيت",
    "مكة",
    "غرينتش",
    "ت",
    "و",
]);

/// Folds a line for comparison: lower case, harakat, tatweel and hamza
/// forms folded, punctuation as spaces, spaces collapsed.
pub fn fold(line: &str) -> String {
    // One pass, one allocation: every line of a paste and every phrase of the
    // lists is folded, so this is much of what reading costs. Lower case is
    // taken char by char (Arabic has none, so its letters skip the tables),
    // except where a capital sigma needs its word's context.
    let lowered;
    let line = if line.contains('Σ') {
        lowered = line.to_lowercase();
        lowered.as_str()
    } else {
        line
    };
    let mut folded = Folded { text: String::with_capacity(line.len()), space: false };
    for c in line.chars() {
        if c.is_ascii_lowercase() || ('\u{0600}'..='\u{06FF}').contains(&c) {
            folded.push(c);
        } else {
            c.to_lowercase().for_each(|lower| folded.push(lower));
        }
    }
    folded.text
}

/// A line being folded: its text so far, and whether a word just ended.
struct Folded {
    text: String,
    space: bool,
}

impl Folded {
    fn push(&mut self, c: char) {
        let letter = match c {
            _ if is_mark(c) => return, // harakat and tatweel leave no trace
            'أ' | 'إ' | 'آ' | 'ٱ' => 'ا',
            'ى' => 'ي',
            'ة' => 'ه',
            _ if c.is_alphanumeric() => c,
            _ => {
                self.space = true; // whitespace and punctuation part words
                return;
            }
        };
        if self.space && !self.text.is_empty() {
            self.text.push(' ');
        }
        self.space = false;
        self.text.push(letter);
    }
}

/// Harakat and tatweel: folding drops them.
pub(super) fn is_mark(c: char) -> bool {
    matches!(c, '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{0640}')
}

/// More than `most` words: checked before folding, which is the costly part.
fn words_over(line: &str, most: usize) -> bool {
    line.split_whitespace().nth(most).is_some()
}

fn folded_in(folded: &str, list: &Phrases) -> bool {
    list.contains(folded)
}

fn starts_with_any(folded: &str, list: &Phrases) -> bool {
    list.folded().iter().any(|phrase| {
        folded == phrase || (folded.starts_with(phrase.as_str()) && folded[phrase.len()..].starts_with(' '))
    })
}

/// True when `line` is site boilerplate by the lists above.
pub fn is_boilerplate(line: &str) -> bool {
    if line.starts_with('©') {
        return true;
    }
    if words_over(line, 12) {
        return false; // every phrase, prefix and address line is shorter
    }
    let folded = fold(line);
    if folded.is_empty() {
        return false;
    }
    let short = folded.split(' ').count() <= 12;
    let address = line
        .split_whitespace()
        .any(|w| w.contains("://") || w.starts_with("www.") || (w.contains('@') && w.contains('.')));
    (address && line.split_whitespace().count() <= 8)
        || folded_in(&folded, &WHOLE_LINES)
        || (short && starts_with_any(&folded, &PREFIXES))
        || line.starts_with('©')
}

/// Furniture that may stand between paragraphs: a whole-line phrase, or a
/// «اقرأ أيضا: …» teaser.
pub fn is_inline_furniture(line: &str) -> bool {
    if words_over(line, 12) {
        return false;
    }
    let folded = fold(line);
    is_page_number(line)
        || !folded.is_empty()
            && folded.split(' ').count() <= 12
            && (folded_in(&folded, &WHOLE_LINES) || starts_with_any(&folded, &TEASERS))
}

/// A heading of the links or comments that follow an article.
pub fn is_cut_marker(line: &str) -> bool {
    if words_over(line, 5) {
        return false;
    }
    let folded = fold(line);
    folded.split(' ').count() <= 5 && starts_with_any(&folded, &CUT_MARKERS)
}

/// A line with no letter or digit at all («×», «|», «☰»): a button, not text.
/// Separators (`***`) are not buttons; the caller asks about them first.
pub fn is_symbols_only(line: &str) -> bool {
    !line.chars().any(char::is_alphanumeric)
}

/// A close button or a lone letter-like symbol: «×», «X», «x».
fn is_close_button(line: &str) -> bool {
    matches!(line.trim(), "×" | "✕" | "✖" | "X" | "x" | "☰" | "≡" | "⋮" | "…" | "+" | "A" | "A A" | "A A A")
}

/// A breadcrumb trail: «الرئيسية » مقالات » فكر», "Home > Blog".
pub fn is_breadcrumb(line: &str) -> bool {
    if words_over(line, 30) {
        return false;
    }
    let separators = ['»', '›', '>', '/', '|', '←', '→', '«', '‹', '<'];
    let parts: Vec<&str> = line.split(separators).map(str::trim).filter(|p| !p.is_empty()).collect();
    let has_separator = line.contains(separators);
    let home = ["الرئيسية", "الصفحة الرئيسية", "home", "الرئيسيه"].iter().any(|h| fold(line).starts_with(&fold(h)));
    has_separator
        && parts.len() >= 2
        && parts.iter().all(|p| p.split_whitespace().count() <= 6)
        && (home || parts.len() >= 3 || parts.iter().all(|p| is_section_label(p)))
}

/// A site's section label: «أخبار عربية», «مقالات الرأي», "Opinion".
pub fn is_section_label(line: &str) -> bool {
    if words_over(line, 4) {
        return false;
    }
    let folded = fold(line);
    let words: Vec<&str> = folded.split(' ').filter(|w| !w.is_empty()).collect();
    if words.is_empty() || words.len() > 4 {
        return false;
    }
    let vocabulary = SECTION_WORDS.folded();
    words.iter().all(|word| {
        let bare = word.strip_prefix('و').filter(|rest| rest.chars().count() > 2).unwrap_or(word);
        let bare_no_al = bare.strip_prefix("ال").unwrap_or(bare);
        vocabulary.iter().any(|v| v == bare || v == bare_no_al || v.strip_prefix("ال") == Some(bare_no_al))
    })
}

fn is_number(word: &str) -> bool {
    let digits: String = word.chars().filter(|c| !matches!(c, ',' | '٬' | '.' | '٫' | 'k' | 'K')).collect();
    !digits.is_empty() && (parse_digits(&digits).is_some() || digits.chars().all(|c| c.is_numeric()))
}

/// A date or time line: «الأحد 12 مارس 2023 - 10:30 ص», «منذ ساعتين», "2023-03-12".
pub fn is_date_line(line: &str) -> bool {
    if words_over(line, 14) {
        return false;
    }
    let folded = fold(line);
    let words: Vec<&str> = folded.split(' ').filter(|w| !w.is_empty()).collect();
    if words.is_empty() || words.len() > 14 {
        return false;
    }
    let dates = DATE_WORDS.folded();
    let mut numbers = 0;
    let mut date_words = 0;
    for word in &words {
        if is_number(word) {
            numbers += 1;
        } else if dates.iter().any(|d| d == word) {
            date_words += 1;
        } else {
            return false;
        }
    }
    let relative = words.iter().any(|w| *w == "منذ" || *w == "ago");
    let named = words.iter().any(|w| *w != "في" && *w != "و" && *w != "on" && *w != "at");
    (numbers >= 2 || (numbers >= 1 && date_words >= 1) || relative) && named && (numbers > 0 || date_words >= 2)
}

/// A view, comment or reading-time count: «١٢٠٠ مشاهدة», "5 min read".
pub fn is_count_line(line: &str) -> bool {
    if words_over(line, 8) {
        return false;
    }
    let folded = fold(line);
    let words: Vec<&str> = folded.split(' ').filter(|w| !w.is_empty()).collect();
    if words.is_empty() || words.len() > 8 {
        return false;
    }
    let counts = COUNT_WORDS.folded();
    let has_count = words.iter().any(|w| counts.contains(&w.to_string()));
    let has_number = words.iter().any(|w| is_number(w));
    has_count && has_number
}

/// Credits other than the author's: «رسوم: …», «ترجمة: …», "Illustrations by …".
static CREDITS: Phrases = Phrases::new(&[
    "رسوم",
    "رسم",
    "الرسوم",
    "ترجمة",
    "تدقيق",
    "تحرير",
    "مراجعة",
    "إخراج",
    "تصوير",
    "تصميم",
    "تعليق صوتي",
    "illustrations",
    "illustrated by",
    "translated by",
    "edited by",
    "photo",
    "photos",
    "الناشر",
    "دار النشر",
    "عدد الصفحات",
    "سنة النشر",
    "تاريخ النشر",
    "الطبعة",
    "حجم الملف",
    "صيغة الملف",
    "عدد التحميلات",
    "تاريخ الإضافة",
    "القسم",
    "isbn",
    "publisher",
    "pages",
]);

/// A credit line: a credit word, then a colon or "by", then a name.
pub fn is_credit(line: &str) -> bool {
    let Some((head, name)) = line.split_once([':', '：']) else {
        let folded = fold(line);
        return ["illustrated by", "translated by", "edited by"].iter().any(|p| folded.starts_with(p));
    };
    folded_in(&fold(head), &CREDITS) && (1..=5).contains(&name.split_whitespace().count())
}

/// A page number standing between paragraphs: «- 12 -», "[12]", «١٢».
pub fn is_page_number(line: &str) -> bool {
    let digits = line.chars().filter(|c| c.is_numeric()).count();
    (1..=4).contains(&digits)
        && !line.chars().any(char::is_alphabetic)
        && line
            .chars()
            .all(|c| c.is_numeric() || c.is_whitespace() || matches!(c, '-' | '–' | '—' | '[' | ']' | '(' | ')' | '|'))
}

/// News agencies a dateline names.
static AGENCIES: Phrases = Phrases::new(&[
    "واس",
    "رويترز",
    "أ ف ب",
    "ا ف ب",
    "فرانس برس",
    "الأناضول",
    "د ب أ",
    "قنا",
    "وام",
    "كونا",
    "سانا",
    "بترا",
    "بنا",
    "أ ش أ",
    "واج",
    "ومع",
    "سبأ",
    "العمانية",
    "الألمانية",
    "reuters",
    "afp",
    "ap",
    "dpa",
]);

/// A dateline: a city and a news agency, «الرياض - واس», «القاهرة (رويترز)».
pub fn is_dateline(line: &str) -> bool {
    if words_over(line, 6) {
        return false;
    }
    let folded = fold(line);
    let words = folded.split(' ').count();
    words <= 6
        && line.contains(['-', '–', '(', ':', '/'])
        && AGENCIES.folded().iter().any(|agency| {
            folded.ends_with(&format!(" {agency}")) || folded.contains(&format!(" {agency} ")) || folded == *agency
        })
}

/// Furniture a page puts before the headline (or between it and the text).
pub fn is_head_furniture(line: &str) -> bool {
    is_close_button(line)
        || is_dateline(line)
        || is_credit(line)
        || is_symbols_only(line)
        || is_boilerplate(line)
        || is_breadcrumb(line)
        || is_section_label(line)
        || is_date_line(line)
        || is_count_line(line)
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::read::title::normalise;

    /// Folding as first defined: lower case, punctuation to spaces, each word
    /// normalised, empty words dropped.
    fn fold_by_words(line: &str) -> String {
        let spaced: String = line
            .to_lowercase()
            .chars()
            .map(|c| if c.is_alphanumeric() || c.is_whitespace() || is_mark(c) { c } else { ' ' })
            .collect();
        spaced.split_whitespace().map(normalise).filter(|word| !word.is_empty()).collect::<Vec<_>>().join(" ")
    }

    #[test]
    fn folding_in_one_pass_equals_folding_word_by_word() {
        let lines = [
            "",
            "  ",
            "اقرأ أيضاً: تاريخ الورق",
            "Exit   Mobile Version!",
            "الإسلام، والقرآن — مكتبةٌ «كبرى»",
            "ـــ  ً  ٌ «»",
            "ΟΔΟΣ Σ İstanbul ÀÉ 123 ٤٥٦",
            "a-b_c.d\tالمقالة\u{200F}التالية",
            "مُحَمَّد بن عبد الله (1)",
        ];
        for line in lines {
            assert_eq!(fold(line), fold_by_words(line), "{line:?}");
        }
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut pastes = 0;
        for folder in ["examples/harakat", "examples/series", "examples/english", "tests/fixtures/reader"] {
            for entry in std::fs::read_dir(root.join(folder)).expect("the folder exists") {
                let Ok(paste) = std::fs::read_to_string(entry.expect("an entry").path()) else { continue };
                pastes += 1;
                for line in paste.lines() {
                    assert_eq!(fold(line), fold_by_words(line), "{line:?}");
                }
            }
        }
        assert!(pastes > 40, "only {pastes} pastes folded");
    }

    #[test]
    fn known_furniture_is_recognised() {
        assert!(is_boilerplate("Exit mobile version"));
        assert!(is_boilerplate("  Share this:  "));
        assert!(is_boilerplate("اقرأ أيضاً: تاريخ الورق"));
        assert!(is_boilerplate("طباعة"));
        assert!(is_boilerplate("اقرأ ايضا"));
    }

    #[test]
    fn essay_sentences_are_not_furniture() {
        assert!(!is_boilerplate("Print was slow to reach the Arabic world."));
        assert!(!is_boilerplate("شارك الوراقون في نشر العلم."));
        assert!(!is_boilerplate(""));
        assert!(!is_head_furniture("الورق في بغداد"));
        assert!(!is_head_furniture("في عام 1950 تغير كل شيء"));
    }

    #[test]
    fn head_furniture_of_every_kind() {
        for line in [
            "أخبار عربية",
            "مقالات الرأي",
            "الرئيسية » مقالات » فكر",
            "Home > Blog > Essays",
            "×",
            "الرياض - واس",
            "القاهرة (رويترز)",
            "الأحد 12 مارس 2023 - 10:30 ص",
            "منذ ساعتين",
            "2023-03-12",
            "١٢٠٠ مشاهدة",
            "5 min read",
            "طلب خدمة",
            "|",
        ] {
            assert!(is_head_furniture(line), "{line}");
        }
    }
}
