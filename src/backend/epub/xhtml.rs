//! The EPUB's content documents and style sheet, written as XHTML strings.

use crate::document::{Block, Direction, Document, SpanKind, Text, split_item_number};
use crate::fonts::FontSet;
use std::fmt::Write;

pub use crate::backend::xml_escape as escape;

/// The id of the n-th heading (0-based) inside the essay document.
pub fn heading_id(index: usize) -> String {
    format!("section-{}", index + 1)
}

fn page(document: &Document, title: &str, body: &str) -> String {
    let lang = escape(&document.meta.lang);
    let dir = document.meta.direction.as_str();
    // On <body> too: calibre's AZW3 (Kindle) conversion drops it from <html>.
    let body = body.replacen("<body>", &format!("<body dir=\"{dir}\" xml:lang=\"{lang}\" lang=\"{lang}\">"), 1);
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE html>\n\
         <html xmlns=\"http://www.w3.org/1999/xhtml\" xmlns:epub=\"http://www.idpf.org/2007/ops\" \
         xml:lang=\"{lang}\" lang=\"{lang}\" dir=\"{dir}\">\n<head>\n<meta charset=\"utf-8\"/>\n\
         <title>{title}</title>\n<link rel=\"stylesheet\" type=\"text/css\" href=\"stylesheet.css\"/>\n\
         </head>\n{body}</html>\n",
        title = escape(title),
    )
}

/// The title page: series and part, title, author.
pub fn title_page(document: &Document) -> String {
    let meta = &document.meta;
    let mut body = String::from("<body>\n<section class=\"title-page\" epub:type=\"titlepage\">\n");
    match (&meta.series, document.part_label()) {
        (Some(series), Some(part)) => {
            let _ = writeln!(body, "<h1 class=\"title\">{}</h1>", escape(series));
            let _ = writeln!(body, "<p class=\"part\">{}</p>", escape(&part));
            if let Some(subtitle) = &meta.subtitle {
                let _ = writeln!(body, "<p class=\"subtitle\">{}</p>", escape(subtitle));
            }
        }
        _ => {
            let _ = writeln!(body, "<h1 class=\"title\">{}</h1>", escape(&meta.title));
        }
    }
    if let Some(author) = &meta.author {
        let _ = writeln!(body, "<p class=\"author\">{}</p>", escape(author));
    }
    body.push_str("</section>\n</body>\n");
    page(document, &meta.title, &body)
}

/// One content document: an optional part title (h1), then sections,
/// paragraphs, lists, quotations and breaks. Heading ids are numbered within
/// the document (top-level headings only: those are the table of contents).
pub fn section(document: &Document, part_title: Option<&str>, blocks: &[Block]) -> String {
    let mut body =
        String::from("<body>\n<section class=\"essay\" epub:type=\"bodymatter chapter\" role=\"doc-chapter\">\n");
    if let Some(title) = part_title {
        let _ = writeln!(body, "<h1 class=\"part-title\">{}</h1>", escape(title));
    }
    let mut headings = 0;
    for block in blocks {
        write_block(&mut body, block, Some(&mut headings));
    }
    body.push_str("</section>\n</body>\n");
    page(document, part_title.unwrap_or(&document.meta.title), &body)
}

/// `text[range]` as XHTML: escaped, with its spans as `<em>` and `<strong>`
/// (clipped to the range; spans nest, as readers make them).
fn inline(text: &Text, range: std::ops::Range<usize>) -> String {
    let tag = |kind: &SpanKind| match kind {
        SpanKind::Emphasis => Some("em"),
        SpanKind::Strong => Some("strong"),
        SpanKind::NoteRef { .. } => None,
    };
    // (offset, closes first, longer spans open first, tag)
    let mut marks: Vec<(usize, bool, usize, usize, &'static str)> = Vec::new();
    for (order, span) in text.spans.iter().enumerate() {
        let (start, end) = (span.start.max(range.start), span.end.min(range.end));
        if start >= end || !text.text.is_char_boundary(start) || !text.text.is_char_boundary(end) {
            continue;
        }
        if let Some(name) = tag(&span.kind) {
            marks.push((start, true, usize::MAX - (end - start), order, name));
            marks.push((end, false, end - start, usize::MAX - order, name));
        }
    }
    // At one offset: closings before openings; the innermost closes first, the outermost opens first.
    marks.sort_by_key(|&(at, opens, width, order, _)| (at, opens, width, order));
    let mut out = String::with_capacity(range.len() + marks.len() * 8);
    let mut at = range.start;
    for (offset, opens, _, _, name) in marks {
        out.push_str(&escape(&text.text[at..offset]));
        at = offset;
        out.push_str(&if opens { format!("<{name}>") } else { format!("</{name}>") });
    }
    out.push_str(&escape(&text.text[at..range.end]));
    out
}

/// Writes one block as XHTML. `headings` numbers top-level headings for the
/// table of contents; nested blocks pass `None`.
fn write_block(body: &mut String, block: &Block, headings: Option<&mut usize>) {
    match block {
        Block::PartTitle(text) => {
            let _ = writeln!(body, "<h1 class=\"part-title\">{}</h1>", inline(text, 0..text.text.len()));
        }
        Block::Heading { level, text } => {
            let level = level.get();
            match headings {
                Some(count) => {
                    let _ = writeln!(
                        body,
                        "<h{level} id=\"{}\">{}</h{level}>",
                        heading_id(*count),
                        inline(text, 0..text.text.len())
                    );
                    *count += 1;
                }
                None => {
                    let _ = writeln!(body, "<h{level}>{}</h{level}>", inline(text, 0..text.text.len()));
                }
            }
        }
        Block::Paragraph(text) => {
            let _ = writeln!(body, "<p>{}</p>", inline(text, 0..text.text.len()));
        }
        Block::List { ordered, start, items } => write_list(body, *ordered, *start, items),
        Block::Quote { blocks } => {
            body.push_str("<blockquote>\n");
            for block in blocks {
                write_block(body, block, None);
            }
            body.push_str("</blockquote>\n");
        }
        Block::Break => body.push_str("<hr class=\"break\"/>\n"),
        Block::Verse { bayts } => {
            body.push_str("<div class=\"verse\">\n");
            for bayt in bayts {
                let hemistichs: Vec<String> = bayt.iter().map(|h| inline(h, 0..h.text.len())).collect();
                let _ = writeln!(body, "<p>{}</p>", hemistichs.join(" … "));
            }
            body.push_str("</div>\n");
        }
        Block::Notes { heading, notes } => {
            if let Some(heading) = heading {
                let _ = writeln!(body, "<h2>{}</h2>", inline(heading, 0..heading.text.len()));
            }
            for note in notes {
                let _ =
                    writeln!(body, "<p>{} {}</p>", escape(&note.marker), inline(&note.text, 0..note.text.text.len()));
            }
        }
    }
}

/// A list. Ordered items keep the source's own numbers («٣-», "1)") as a
/// hanging marker, so `list-style` is off for `<ol>`; `start` still tells
/// reading systems where the count begins.
fn write_list(body: &mut String, ordered: bool, start: u32, items: &[Vec<Block>]) {
    if ordered {
        let start = if start == 1 { String::new() } else { format!(" start=\"{start}\"") };
        let _ = writeln!(body, "<ol class=\"source-numbers\"{start}>");
    } else {
        body.push_str("<ul>\n");
    }
    for item in items {
        body.push_str("<li>");
        let mut blocks = item.iter();
        if let Some(Block::Paragraph(first)) = item.first() {
            blocks.next();
            match split_item_number(first.as_str()).filter(|_| ordered) {
                Some((marker, text)) => {
                    let start = text.as_ptr() as usize - first.as_str().as_ptr() as usize;
                    let rest = inline(first, start..start + text.len());
                    let _ = write!(body, "<span class=\"marker\">{}</span> {rest}", escape(marker));
                }
                None => body.push_str(&inline(first, 0..first.text.len())),
            }
            if blocks.len() > 0 {
                body.push('\n');
            }
        }
        for block in blocks {
            write_block(body, block, None);
        }
        body.push_str("</li>\n");
    }
    body.push_str(if ordered { "</ol>\n" } else { "</ul>\n" });
}

/// The document's blocks split at part titles (the parts of an omnibus):
/// each with its title, or one untitled section when there are no parts.
pub fn split_parts(blocks: &[Block]) -> Vec<(Option<&str>, &[Block])> {
    let starts: Vec<usize> =
        blocks.iter().enumerate().filter(|(_, b)| matches!(b, Block::PartTitle(_))).map(|(i, _)| i).collect();
    if starts.is_empty() {
        return vec![(None, blocks)];
    }
    let mut sections = Vec::new();
    if starts[0] > 0 {
        sections.push((None, &blocks[..starts[0]]));
    }
    for (k, &start) in starts.iter().enumerate() {
        let end = starts.get(k + 1).copied().unwrap_or(blocks.len());
        let title = blocks[start].own_text().map(|text| text.as_str());
        sections.push((title, &blocks[start + 1..end]));
    }
    sections
}

/// The style sheet: the embedded faces, justified text, a line height that
/// leaves room for Arabic marks above and below.
pub fn stylesheet(document: &Document, fonts: &FontSet) -> String {
    let line_height = match document.meta.direction {
        Direction::Rtl => "1.9",
        Direction::Ltr => "1.5",
    };
    format!(
        r#"@font-face {{
  font-family: "{regular_family}";
  font-weight: normal;
  font-style: normal;
  src: url("fonts/{regular_file}");
}}
@font-face {{
  font-family: "{bold_family}";
  font-weight: bold;
  font-style: normal;
  src: url("fonts/{bold_file}");
}}
body {{
  font-family: "{regular_family}", serif;
  line-height: {line_height};
  margin: 0 5%;
}}
p {{
  text-align: justify;
  text-indent: 1.5em;
  margin: 0;
  hyphens: manual;
}}
h1, h2, h3, h4, h5, h6 {{
  font-family: "{bold_family}", serif;
  font-weight: bold;
  line-height: 1.4;
  text-align: start;
  page-break-after: avoid;
  break-after: avoid;
}}
h2 {{
  font-size: 1.3em;
  margin: 1.4em 0 0.5em 0;
}}
h2 + p, h3 + p, h4 + p, blockquote p, li p, hr + p, ul + p, ol + p, blockquote + p {{
  text-indent: 0;
}}
ul, ol {{
  margin: 0.6em 0;
  padding-inline-start: 2em;
}}
li {{
  text-align: justify;
  margin: 0.2em 0;
}}
ol.source-numbers {{
  list-style-type: none;
}}
ol.source-numbers .marker {{
  display: inline-block;
  min-width: 2em;
  margin-inline-start: -2em;
}}
blockquote {{
  margin: 0.8em 2em;
}}
blockquote p {{
  margin: 0 0 0.3em 0;
}}
hr.break {{
  border: none;
  margin: 1.2em 0;
  text-align: center;
  height: 1.5em;
}}
hr.break::after {{
  content: "⁂";
}}
.title-page {{
  text-align: center;
  margin-top: 30%;
}}
.title-page h1 {{
  font-size: 2em;
  text-align: center;
  margin: 0 0 0.6em 0;
}}
.title-page .part {{
  font-size: 1.3em;
  text-indent: 0;
  text-align: center;
}}
.title-page .subtitle {{
  font-size: 1.1em;
  text-indent: 0;
  text-align: center;
}}
.part-title {{
  font-size: 1.7em;
  text-align: center;
  margin: 3em 0 1.5em 0;
  page-break-before: always;
  break-before: page;
}}
.title-page .author {{
  font-size: 1.2em;
  text-indent: 0;
  text-align: center;
  margin-top: 2em;
}}
"#,
        regular_family = fonts.regular.family,
        regular_file = fonts.regular.file_name,
        bold_family = fonts.bold.family,
        bold_file = fonts.bold.file_name,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Span;

    #[test]
    fn spans_become_nested_em_and_strong_and_text_is_escaped() {
        let plain = "a <b> ";
        let strong = "كلمة ";
        let text = Text {
            text: format!("{plain}{strong}مهمة جدا"),
            spans: vec![
                Span {
                    start: plain.len(), end: plain.len() + strong.len() + "مهمة جدا".len(), kind: SpanKind::Strong
                },
                Span {
                    start: plain.len() + strong.len(),
                    end: plain.len() + strong.len() + "مهمة جدا".len(),
                    kind: SpanKind::Emphasis,
                },
            ],
        };
        let all = 0..text.text.len();
        assert_eq!(inline(&text, all), "a &lt;b&gt; <strong>كلمة <em>مهمة جدا</em></strong>");
        let tail = plain.len() + strong.len()..text.text.len();
        assert_eq!(inline(&text, tail), "<strong><em>مهمة جدا</em></strong>", "spans are clipped to the range");
    }
}
