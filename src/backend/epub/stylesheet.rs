//! The EPUB's style sheet: the embedded faces, justified text with a line
//! height that leaves room for Arabic marks, lists, quotations, poems and
//! notes; and, only in a book that holds them, the slanted and monospace
//! faces, code and pictures (a book without them gets not one byte more).

use crate::document::{Direction, Document};
use crate::fonts::{FontSet, Style};
use std::fmt::Write;

/// The asterism the style sheet draws for a section break (`hr.break`),
/// in the body face: a book with breaks keeps its glyph.
pub const BREAK_MARK: char = '⁂';

/// What a book holds beyond running text, each styled only when present.
#[derive(Debug, Default, Clone, Copy)]
pub struct Extras {
    /// Emphasis is set in a slanted face of its own.
    pub slanted: bool,
    /// Emphasis inside bold text is set in a bold slanted face of its own.
    pub bold_slanted: bool,
    /// Code, inline or in blocks, in the monospace face.
    pub code: bool,
    /// Pictures.
    pub pictures: bool,
}

/// The style sheet: the embedded faces, justified text, a line height that
/// leaves room for Arabic marks above and below.
pub fn stylesheet(document: &Document, fonts: &FontSet, extras: Extras) -> String {
    let line_height = match document.meta.direction {
        Direction::Rtl => "1.9",
        Direction::Ltr => "1.5",
    };
    let mut sheet = format!(
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
  content: "{break_mark}";
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
.verse {{
  max-width: 30em;
  margin: 1em auto;
  text-indent: 0;
}}
.verse.short {{
  page-break-inside: avoid;
  break-inside: avoid;
}}
.verse .bayt {{
  text-align: center;
  text-indent: 0;
  margin: 0.15em 0;
  hyphens: none;
  page-break-inside: avoid;
  break-inside: avoid;
}}
.verse .hemistich {{
  display: inline-block;
  width: 44%;
  vertical-align: top;
  text-indent: 0;
  text-align: justify;
  text-align-last: justify;
}}
.verse .ajuz {{
  margin-inline-start: 8%;
}}
.verse .hemistich-break {{
  display: none;
}}
.verse .lone .hemistich {{
  width: auto;
  text-align: center;
  text-align-last: center;
}}
@media (max-width: 30em) {{
  .verse .hemistich {{
    display: block;
    width: auto;
    text-align: start;
    text-align-last: auto;
  }}
  .verse .ajuz {{
    margin-inline-start: 2em;
  }}
  .verse .bayt {{
    margin: 0.8em 0;
  }}
  .verse .lone .hemistich {{
    text-align: center;
  }}
}}
sup.noteref {{
  font-size: 0.75em;
  line-height: 0;
}}
sup.noteref a {{
  text-decoration: none;
}}
.footnote a.backlink {{
  text-decoration: underline dotted;
}}
.notes {{
  margin-top: 2em;
  font-size: 0.9em;
}}
.notes p {{
  text-indent: 0;
  margin: 0 0 0.3em 0;
}}
.notes .notes-heading {{
  font-size: 1.2em;
}}
.footnote {{
  margin: 0;
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
        break_mark = BREAK_MARK,
    );
    extra_rules(&mut sheet, fonts, extras);
    sheet
}

/// The rules for what only some books hold, after the rest.
fn extra_rules(sheet: &mut String, fonts: &FontSet, extras: Extras) {
    let faces = [
        (extras.slanted, Style::Slanted, "normal", "italic"),
        (extras.bold_slanted, Style::BoldSlanted, "bold", "italic"),
        (extras.code, Style::Mono, "normal", "normal"),
    ];
    for (shipped, style, weight, slant) in faces {
        if shipped {
            let file = fonts.file(style);
            let _ = write!(
                sheet,
                "@font-face {{\n  font-family: \"{}\";\n  font-weight: {weight};\n  font-style: {slant};\n  \
                 src: url(\"fonts/{}\");\n}}\n",
                file.family, file.file_name
            );
        }
    }
    if extras.slanted || extras.bold_slanted {
        sheet.push_str("em, i {\n  font-style: italic;\n}\n");
    }
    if extras.code {
        let _ = write!(
            sheet,
            r#"code, pre {{
  font-family: "{mono}", "{regular}", monospace;
  font-style: normal;
  font-weight: normal;
}}
code {{
  font-size: 0.85em;
}}
pre {{
  font-size: 0.85em;
  line-height: 1.45;
  text-align: left;
  text-indent: 0;
  white-space: pre-wrap;
  word-wrap: break-word;
  overflow-wrap: break-word;
  hyphens: none;
  margin: 0.8em 0;
  padding: 0 0 0 0.8em;
  border-left: 2px solid #999;
}}
pre code {{
  font-size: 1em;
}}
"#,
            mono = fonts.mono.family,
            regular = fonts.regular.family,
        );
    }
    if extras.pictures {
        // A picture is never wider than the measure nor taller than the
        // screen: a paginated reader cuts a tall narrow one at the page's foot.
        sheet.push_str(
            r#"figure {
  margin: 1em 0;
  text-align: center;
  text-indent: 0;
  page-break-inside: avoid;
  break-inside: avoid;
}
figure img {
  max-width: 100%;
  max-height: 95vh;
  width: auto;
  height: auto;
}
"#,
        );
    }
}
