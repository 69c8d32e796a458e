//! Every typographic size, space and multiplier of the page, in one place.

use crate::backend::pdf::page::Paper;

/// Type sizes and spacing, in points, for the body size chosen.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    /// Body text size.
    pub body: f32,
    /// Baseline-to-baseline distance of body text.
    pub leading: f32,
    /// Section heading size.
    pub heading: f32,
    /// Title size.
    pub title: f32,
    /// Part title size (omnibus volumes).
    pub part_title: f32,
    /// Running head and folio size.
    pub furniture: f32,
    /// First-line indent of paragraphs that follow a paragraph.
    pub indent: f32,
    /// Leading of titles and headings, as a multiple of their size.
    pub display_leading: f32,
    /// Space above a section heading.
    pub heading_space: f32,
    /// Space above a part title, below the top of its page.
    pub part_space: f32,
    /// Space between two paragraphs.
    pub paragraph_space: f32,
    /// Space between the title block and the first line of the text.
    pub text_space: f32,
    /// Space above the part label under a series title.
    pub part_label_space: f32,
    /// Space above the author's name on the title page.
    pub author_space: f32,
    /// Width a list item's marker hangs in, on the reading-start side.
    pub list_hang: f32,
    /// Space above and below a list, a quotation or a break.
    pub block_space: f32,
    /// Space between two list items.
    pub item_space: f32,
    /// How far a quotation is inset, on each side.
    pub quote_inset: f32,
    /// The gap between the two hemistichs of a bayt set side by side.
    pub verse_gap: f32,
    /// How far a dropped عجز is indented, when a poem is too wide for two halves.
    pub verse_indent: f32,
    /// Size of a note at the foot of the page or in the endnotes.
    pub note: f32,
    /// Baseline-to-baseline distance of notes.
    pub note_leading: f32,
    /// Space between the last line of text and the first note of a page,
    /// the separator rule sitting in it.
    pub note_space: f32,
    /// Length of the separator rule above a page's notes.
    pub note_rule: f32,
    /// A footnote marker in the text: its size as a share of the text's.
    pub superscript_scale: f32,
    /// How far a footnote marker is raised, as a share of the text size.
    pub superscript_rise: f32,
}

impl Style {
    /// Sizes that suit the paper: 12 pt Amiri on A5, a little larger on bigger
    /// paper. Arabic lines get more leading than Latin ones, for the marks
    /// above and below them.
    pub fn for_paper(paper: Paper, rtl: bool) -> Style {
        let body = (paper.width / 35.0).clamp(11.0, 14.0);
        let leading = if rtl { body * 1.75 } else { body * 1.45 };
        let title = body * 1.9;
        Style {
            body,
            leading,
            heading: body * 1.3,
            title,
            part_title: title * 0.85,
            furniture: body * 0.8,
            indent: body * 1.5,
            display_leading: 1.6,
            heading_space: leading,
            part_space: leading * 4.0,
            paragraph_space: leading * 0.25,
            text_space: leading * 1.5,
            part_label_space: leading * 0.2,
            author_space: leading * 0.5,
            list_hang: body * 2.2,
            block_space: leading * 0.5,
            item_space: leading * 0.15,
            quote_inset: body * 2.0,
            verse_gap: body * 2.0,
            verse_indent: body * 4.0,
            note: body * 0.8,
            note_leading: leading * 0.8,
            note_space: leading * 0.75,
            note_rule: paper.width * 0.15,
            superscript_scale: 0.7,
            superscript_rise: 0.4,
        }
    }
}
