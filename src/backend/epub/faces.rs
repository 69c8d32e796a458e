//! Which embedded faces a book uses, and the text each one must set, read
//! from the content documents the way the style sheet styles them.
//!
//! Headings, `strong`, `b` and `th` are bold; `em` and `i` slanted; `code`
//! and `pre` in the monospace face, which wins over the other two. A face is
//! used when some visible character is set in it. The regular face keeps
//! every character of the documents (it is every other face's fallback, and
//! shows an image's alternative text); each other face keeps the characters
//! inside its elements, the bold face also what is slanted inside bold and
//! so on, so a reading system that falls back from a face to the one beneath
//! it still finds the glyphs.

use crate::fonts::Style;
use std::collections::BTreeSet;

/// Elements the style sheet sets in the bold face.
const BOLD: &[&str] = &["h1", "h2", "h3", "h4", "h5", "h6", "strong", "b", "th"];
/// Elements set in the slanted face.
const SLANTED: &[&str] = &["em", "i"];
/// Elements set in the monospace face.
const MONO: &[&str] = &["code", "pre"];

/// What the book sets in each face.
#[derive(Debug, Default)]
pub struct FaceTexts {
    /// Styles some visible character is set in.
    used: BTreeSet<Style>,
    /// Per style, the characters its subset must keep, each once, in order:
    /// for the upright faces only those beyond ASCII (their subsets keep
    /// ASCII for reading systems' labels anyway).
    kept: [BTreeSet<char>; 5],
}

impl FaceTexts {
    /// Reads the documents' elements and text.
    pub fn of<'a>(documents: impl Iterator<Item = &'a str>) -> FaceTexts {
        let mut texts = FaceTexts::default();
        for document in documents {
            texts.read(document);
        }
        texts
    }

    fn read(&mut self, document: &str) {
        // The regular face keeps every character, attributes too (an
        // image's alternative text shows when the image cannot).
        self.kept[index(Style::Regular)].extend(document.chars().filter(|c| !c.is_ascii()));
        let (mut bold, mut slanted, mut mono) = (0usize, 0usize, 0usize);
        let mut rest = document;
        while let Some(open) = rest.find('<') {
            self.text(&rest[..open], bold > 0, slanted > 0, mono > 0);
            let Some(close) = rest[open..].find('>') else { break };
            let tag = &rest[open + 1..open + close];
            rest = &rest[open + close + 1..];
            if tag.ends_with('/') || tag.starts_with(['?', '!']) {
                continue;
            }
            let name = tag.trim_start_matches('/').split([' ', '/', '\t', '\n']).next().unwrap_or("");
            let depth = if BOLD.contains(&name) {
                &mut bold
            } else if SLANTED.contains(&name) {
                &mut slanted
            } else if MONO.contains(&name) {
                &mut mono
            } else {
                continue;
            };
            if tag.starts_with('/') {
                *depth = depth.saturating_sub(1);
            } else {
                *depth += 1;
            }
        }
    }

    /// Text between two tags, set with these elements open around it.
    fn text(&mut self, text: &str, bold: bool, slanted: bool, mono: bool) {
        if text.chars().any(|c| !c.is_whitespace()) {
            self.used.insert(Style::of(bold, slanted, mono));
        }
        if !(bold || slanted || mono) {
            return;
        }
        let text = unescape(text);
        // Each face keeps what is set in it, and in the faces above it.
        let wanted = [
            (Style::Bold, bold),
            (Style::Slanted, slanted),
            (Style::BoldSlanted, bold && slanted),
            (Style::Mono, mono),
        ];
        for (style, wanted) in wanted {
            let upright = style == Style::Bold;
            if wanted {
                self.kept[index(style)].extend(text.chars().filter(|c| !upright || !c.is_ascii()));
            }
        }
    }

    /// Keeps `c` in `style`'s subset too: a character the style sheet draws
    /// itself, which no document holds.
    pub fn keep(&mut self, style: Style, c: char) {
        self.kept[index(style)].insert(c);
    }

    /// Whether some visible character is set in `style`.
    pub fn uses(&self, style: Style) -> bool {
        self.used.contains(&style)
    }

    /// The characters `style`'s subset keeps beyond ASCII, in a fixed order.
    pub fn kept(&self, style: Style) -> String {
        self.kept[index(style)].iter().collect()
    }
}

/// Text as it reads: the escapes our XHTML writer makes, undone.
fn unescape(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains('&') {
        return text.into();
    }
    text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&amp;", "&").into()
}

fn index(style: Style) -> usize {
    match style {
        Style::Regular => 0,
        Style::Bold => 1,
        Style::Slanted => 2,
        Style::BoldSlanted => 3,
        Style::Mono => 4,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(text: &str) -> String {
        text.chars().collect::<BTreeSet<char>>().into_iter().collect()
    }

    #[test]
    fn bold_text_is_what_headings_and_strong_hold() {
        let page = "<body><h1 class=\"t\">عنوان</h1><p>نص <strong>قوي</strong> وعادي</p><br/><h2>باب</h2></body>";
        let texts = FaceTexts::of([page].into_iter());
        assert_eq!(texts.kept(Style::Bold), set("عنوانقويباب"));
        assert!(!texts.kept(Style::Bold).contains('ص'), "running text is not bold");
        assert!(texts.uses(Style::Regular) && texts.uses(Style::Bold));
        assert!(!texts.uses(Style::Slanted) && !texts.uses(Style::BoldSlanted) && !texts.uses(Style::Mono));
    }

    #[test]
    fn each_face_holds_the_text_it_sets() {
        let page = "<p>نص <em>مائل <strong>وثقيل</strong></em> و<code dir=\"ltr\">x = «ب»</code></p>\
                    <pre dir=\"ltr\"><code class=\"language-rust\">let ج = 1 &lt; 2;</code></pre>";
        let texts = FaceTexts::of([page].into_iter());
        assert_eq!(texts.kept(Style::Slanted), set("مائل وثقيل"));
        assert_eq!(texts.kept(Style::BoldSlanted), set("وثقيل"));
        assert_eq!(texts.kept(Style::Mono), set("x = «ب»let ج = 1 < 2;"), "escapes undone, ASCII kept");
        assert_eq!(texts.kept(Style::Bold), set("وثقيل"), "bold keeps the bold-slanted text as a fallback");
        for style in [Style::Regular, Style::Slanted, Style::BoldSlanted, Style::Mono] {
            assert!(texts.uses(style), "{style:?} is used");
        }
        assert!(!texts.uses(Style::Bold), "nothing is bold and upright");
    }

    #[test]
    fn a_face_used_only_by_ascii_is_used() {
        let texts = FaceTexts::of(["<p>نص <em>only Latin</em></p>"].into_iter());
        assert!(texts.uses(Style::Slanted));
        assert_eq!(texts.kept(Style::Slanted), set("only Latin"));
        assert!(!FaceTexts::of(["<p>نص <em> </em></p>"].into_iter()).uses(Style::Slanted), "a space is no use");
    }
}
