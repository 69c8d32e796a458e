//! The document tree every reader produces and every backend consumes.
//!
//! It is plain data: metadata and a flat list of blocks, with no I/O and no
//! knowledge of any output format. `--to json` serialises it as it is.

use serde::{Deserialize, Serialize};

/// One essay: what it is called and what it says.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Document {
    /// Title, author, series and language.
    pub meta: Meta,
    /// The body, in reading order.
    pub blocks: Vec<Block>,
}

/// Writing direction of a document or a run of text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    /// Left to right (Latin and most scripts).
    Ltr,
    /// Right to left (Arabic, Hebrew).
    Rtl,
}

impl Direction {
    /// The value HTML's `dir` attribute and the EPUB spine use.
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Ltr => "ltr",
            Direction::Rtl => "rtl",
        }
    }
}

/// What the essay is called, who wrote it, and where it sits in a series.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Meta {
    /// The title line as written (for a part, it usually names the part).
    pub title: String,
    /// Text that followed the part number on the title line, if any.
    pub subtitle: Option<String>,
    /// The author, when the line after the title names one.
    pub author: Option<String>,
    /// The series this essay is a part of.
    pub series: Option<String>,
    /// The part number within the series (1-based).
    pub part: Option<u32>,
    /// How the title names the part, as written («الجزء الثالث عشر»).
    pub part_label: Option<String>,
    /// BCP 47 language tag, e.g. `ar` or `en`.
    pub lang: String,
    /// Base direction of the text.
    pub direction: Direction,
}

/// One block of the body.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "lowercase")]
pub enum Block {
    /// A section heading; level 2 is a section of the essay (level 1 is the title).
    Heading {
        /// Outline depth, 2 for the essay's own sections.
        level: u8,
        /// The heading text.
        text: String,
    },
    /// A paragraph of running text.
    Paragraph {
        /// The paragraph text, exactly as in the source (NFC).
        text: String,
    },
}

impl Block {
    /// The text of the block, whatever its kind.
    pub fn text(&self) -> &str {
        match self {
            Block::Heading { text, .. } | Block::Paragraph { text } => text,
        }
    }
}

impl Document {
    /// How to name the part: the title's own words, else "Part 13" or «الجزء ١٣».
    pub fn part_label(&self) -> Option<String> {
        let part = self.meta.part?;
        if let Some(label) = &self.meta.part_label {
            return Some(label.clone());
        }
        Some(match self.meta.direction {
            Direction::Rtl => format!("الجزء {}", arabic_indic_digits(part)),
            Direction::Ltr => format!("Part {part}"),
        })
    }
}

/// Writes a number with Arabic-Indic digits (١٣ for 13).
pub fn arabic_indic_digits(number: u32) -> String {
    number
        .to_string()
        .chars()
        .map(|digit| char::from_u32(0x0660 + digit.to_digit(10).unwrap_or(0)).unwrap_or(digit))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arabic_indic_digits_cover_every_digit() {
        assert_eq!(arabic_indic_digits(1234567890), "١٢٣٤٥٦٧٨٩٠");
    }
}
