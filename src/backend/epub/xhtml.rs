//! The EPUB's content documents and style sheet, written as XHTML strings.

use crate::document::{Block, Direction, Document};
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

/// One content document: an optional part title (h1), then h2 sections and
/// paragraphs. Heading ids are numbered within the document.
pub fn section(document: &Document, part_title: Option<&str>, blocks: &[Block]) -> String {
    let mut body = String::from("<body>\n<section class=\"essay\" epub:type=\"bodymatter chapter\">\n");
    if let Some(title) = part_title {
        let _ = writeln!(body, "<h1 class=\"part-title\">{}</h1>", escape(title));
    }
    let mut headings = 0;
    for block in blocks {
        match block {
            Block::Heading { level, text } => {
                let level = (*level).clamp(2, 6);
                let _ = writeln!(body, "<h{level} id=\"{}\">{}</h{level}>", heading_id(headings), escape(text));
                headings += 1;
            }
            Block::Paragraph { text } => {
                let _ = writeln!(body, "<p>{}</p>", escape(text));
            }
        }
    }
    body.push_str("</section>\n</body>\n");
    page(document, part_title.unwrap_or(&document.meta.title), &body)
}

/// The document's blocks split at level-1 headings (the parts of an omnibus):
/// each with its title, or one untitled section when there are no parts.
pub fn split_parts(blocks: &[Block]) -> Vec<(Option<&str>, &[Block])> {
    let starts: Vec<usize> = blocks
        .iter()
        .enumerate()
        .filter(|(_, b)| matches!(b, Block::Heading { level: 1, .. }))
        .map(|(i, _)| i)
        .collect();
    if starts.is_empty() {
        return vec![(None, blocks)];
    }
    let mut sections = Vec::new();
    if starts[0] > 0 {
        sections.push((None, &blocks[..starts[0]]));
    }
    for (k, &start) in starts.iter().enumerate() {
        let end = starts.get(k + 1).copied().unwrap_or(blocks.len());
        sections.push((Some(blocks[start].text()), &blocks[start + 1..end]));
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
h2 + p {{
  text-indent: 0;
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
