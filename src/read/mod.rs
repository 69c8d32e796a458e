//! Readers: text as people write or paste it → [`Document`].
//!
//! [`plain`] reads pasted plain text and [`markdown`] CommonMark; [`decode`]
//! finds the encoding, [`title`] the series and part a title names, and
//! [`direction`] each text's own direction. This module holds what every
//! reader shares: options, notices, errors.

mod blocks;
mod boilerplate;
mod byline;
mod decode;
mod direction;
pub(crate) mod lines;
pub(crate) mod markdown;
mod notes;
pub(crate) mod plain;
mod title;
pub(crate) mod verse;

pub use decode::{DecodeError, Decoded, Encoding, decode, is_arabic_letter};
pub use title::{TitleParts, parse_title};

use crate::document::Document;

/// How to read: whether to keep site boilerplate.
#[derive(Debug, Clone, Default)]
pub struct ReadOptions {
    /// Keep trailing boilerplate lines as paragraphs instead of dropping them.
    pub keep_boilerplate: bool,
}

/// Something the reader noticed and the user should hear about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    /// 1-based source line.
    pub line: usize,
    /// What happened, in one sentence.
    pub message: String,
}

/// A read essay and what was noticed along the way.
#[derive(Debug, Clone)]
pub struct Reading {
    /// The document tree.
    pub document: Document,
    /// The encoding the bytes were decoded from.
    pub encoding: Encoding,
    /// Lines dropped or otherwise worth a word on stderr.
    pub notices: Vec<Notice>,
}

/// Why an essay could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ReadError {
    /// The bytes are not text in a known encoding.
    Decode(DecodeError),
    /// There is no text at all.
    Empty,
    /// Markdown the reader refuses (a table, a missing image), at a line.
    Markdown {
        /// 1-based source line.
        line: usize,
        /// What is wrong, in one sentence.
        message: String,
    },
}

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReadError::Decode(error) => error.fmt(f),
            ReadError::Empty => write!(f, "empty: no text to convert"),
            ReadError::Markdown { line, message } => write!(f, "line {line}: {message}"),
        }
    }
}

impl std::error::Error for ReadError {}

/// What every reader starts from: the bytes decoded, cleaned of what no book
/// may hold, and normalised to NFC, with a notice for each line where bytes
/// were replaced or characters dropped.
pub(crate) fn text_of(bytes: &[u8]) -> Result<(String, Encoding, Vec<Notice>), ReadError> {
    use unicode_normalization::UnicodeNormalization;
    let Decoded { text, encoding, replaced_lines } = decode(bytes).map_err(ReadError::Decode)?;
    let mut notices: Vec<Notice> = replaced_lines
        .into_iter()
        .map(|line| Notice { line, message: "bytes that are not UTF-8 were replaced by U+FFFD".into() })
        .collect();
    let (text, dropped) = crate::clean::clean_text(&text);
    notices.extend(crate::clean::describe(&dropped).into_iter().map(|(line, message)| Notice { line, message }));
    Ok((text.nfc().collect(), encoding, notices))
}

/// Reads an essay from its bytes as plain text.
pub fn read(bytes: &[u8], options: &ReadOptions) -> Result<Reading, ReadError> {
    read_with(bytes, Format::Text, options, std::path::Path::new("."))
}

/// The kinds of text a reader exists for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Plain pasted text.
    Text,
    /// CommonMark Markdown.
    Markdown,
}

impl Format {
    /// The format `--from` names: `text` or `markdown` (also `md`).
    pub fn from_name(name: &str) -> Option<Format> {
        match name.to_ascii_lowercase().as_str() {
            "text" | "txt" | "plain" => Some(Format::Text),
            "markdown" | "md" => Some(Format::Markdown),
            _ => None,
        }
    }

    /// Markdown for `.md` and `.markdown` files, plain text otherwise (and for `-`).
    pub fn of_path(path: &std::path::Path) -> Format {
        match path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).as_deref() {
            Some("md" | "markdown") => Format::Markdown,
            _ => Format::Text,
        }
    }
}

/// Reads an essay in `format`; Markdown's relative image paths resolve against `dir`.
pub fn read_with(
    bytes: &[u8],
    format: Format,
    options: &ReadOptions,
    dir: &std::path::Path,
) -> Result<Reading, ReadError> {
    let mut reading = match format {
        Format::Text => plain::read(bytes, options),
        Format::Markdown => markdown::read(bytes, options, dir),
    }?;
    let document = &mut reading.document;
    direction::mark_own_directions(&mut document.blocks, document.meta.direction);
    Ok(reading)
}
