//! warraq: plain-text essays, Arabic first, to EPUB 3 and print-ready PDF.
//!
//! The pipeline is reader → [`document::Document`] → backend. This module is
//! the API a script or another crate calls; `main.rs` is a thin CLI over it.

#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod backend;
pub(crate) mod clean;
pub mod document;
pub mod fonts;
pub mod output;
pub(crate) mod picture;
pub mod read;
pub mod series;

pub use series::{BuildPlan, Progress, Report, build, build_with_progress};

use anyhow::{Result, anyhow};
use backend::{Backend, RenderOptions, Rendered};
use document::{Direction, Document};
use read::{Format, ReadError, ReadOptions, Reading};

/// Metadata the user states, which wins over what the reader detects.
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    /// Book title.
    pub title: Option<String>,
    /// Author name.
    pub author: Option<String>,
    /// Series name.
    pub series: Option<String>,
    /// Part number within the series.
    pub part: Option<u32>,
    /// BCP 47 language tag; the direction follows from it.
    pub lang: Option<String>,
}

impl Overrides {
    /// The same overrides, cleaned (controls dropped, spaces collapsed) and
    /// checked: an empty value or a language that is not a BCP 47 tag is an
    /// error naming the option.
    pub fn validated(&self) -> Result<Overrides> {
        let value = |option: &str, value: &Option<String>| -> Result<Option<String>> {
            match value {
                None => Ok(None),
                Some(text) => clean::clean_value(text)
                    .map(Some)
                    .ok_or_else(|| anyhow!("{option}: empty; give a value or leave the option out")),
            }
        };
        let lang = match &self.lang {
            None => None,
            Some(tag) => Some(language_tag(tag)?),
        };
        Ok(Overrides {
            title: value("--title", &self.title)?,
            author: value("--author", &self.author)?,
            series: value("--series", &self.series)?,
            part: self.part,
            lang,
        })
    }

    /// Replaces the detected metadata with whatever was stated.
    pub fn apply(&self, document: &mut Document) {
        let meta = &mut document.meta;
        if let Some(title) = &self.title {
            meta.title = title.clone();
        }
        if let Some(author) = &self.author {
            meta.author = Some(author.clone());
        }
        if let Some(series) = &self.series {
            meta.series = Some(series.clone());
        }
        if let Some(part) = self.part {
            meta.part = Some(part);
            meta.part_label = None;
        }
        if let Some(lang) = &self.lang {
            meta.lang = lang.clone();
            meta.direction = direction_of_language(lang);
        }
    }
}

/// Checks a BCP 47 language tag («ar», «ar-EG», «en-GB») and returns it as written.
pub fn language_tag(tag: &str) -> Result<String> {
    let trimmed = tag.trim();
    match language_tags::LanguageTag::parse(trimmed) {
        Ok(parsed) if parsed.is_valid() => Ok(parsed.into_string()),
        _ => Err(anyhow!("--lang {tag:?}: not a BCP 47 language tag; expected something like ar, ar-EG, fa or en")),
    }
}

/// Right to left for the languages written in Arabic or Hebrew script.
pub fn direction_of_language(tag: &str) -> Direction {
    let primary = tag.split(['-', '_']).next().unwrap_or("").to_ascii_lowercase();
    match primary.as_str() {
        "ar" | "fa" | "ur" | "ps" | "sd" | "ckb" | "ug" | "dv" | "he" | "yi" | "ku" => Direction::Rtl,
        _ => Direction::Ltr,
    }
}

/// Largest essay read, in bytes, unless `WARRAQ_MAX_INPUT_MB` says otherwise.
pub const MAX_INPUT_BYTES: u64 = 256 << 20;
/// Largest font file read, in bytes, unless `WARRAQ_MAX_FONT_MB` says otherwise.
pub const MAX_FONT_BYTES: u64 = 64 << 20;
/// Largest picture read, in bytes, unless `WARRAQ_MAX_IMAGE_MB` says otherwise.
pub const MAX_IMAGE_BYTES: u64 = 64 << 20;

/// A size limit from the environment variable `name` (in MB), else `default`.
pub fn size_limit(name: &str, default: u64) -> u64 {
    std::env::var(name).ok().and_then(|mb| mb.trim().parse::<u64>().ok()).map_or(default, |mb| mb << 20)
}

/// Reads at most `limit` bytes from `reader`; more is an error that says which
/// variable raises the limit. Checked while reading, so `/dev/zero` stops early.
pub fn read_limited(reader: impl std::io::Read, limit: u64, variable: &str) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    let mut bytes = Vec::new();
    reader.take(limit + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(std::io::Error::other(format!(
            "larger than {} MB; set {variable} to raise the limit",
            limit >> 20
        )));
    }
    Ok(bytes)
}

/// Reads an essay file's bytes (at most [`MAX_INPUT_BYTES`] or
/// `WARRAQ_MAX_INPUT_MB`); the error names the file and says why in plain words.
pub fn read_file(path: &std::path::Path) -> Result<Vec<u8>> {
    read_file_limited(path, size_limit("WARRAQ_MAX_INPUT_MB", MAX_INPUT_BYTES), "WARRAQ_MAX_INPUT_MB")
}

/// Reads at most `limit` bytes of a file; the error names the file.
pub fn read_file_limited(path: &std::path::Path, limit: u64, variable: &str) -> Result<Vec<u8>> {
    let result = std::fs::File::open(path).and_then(|file| {
        if file.metadata()?.is_dir() {
            return Err(std::io::Error::from(std::io::ErrorKind::IsADirectory));
        }
        read_limited(file, limit, variable)
    });
    result.map_err(|error| {
        let reason = match error.kind() {
            std::io::ErrorKind::NotFound => "no such file".to_string(),
            std::io::ErrorKind::IsADirectory => "is a directory".to_string(),
            _ => error.to_string(),
        };
        anyhow!("{}: cannot read: {reason}", path.display())
    })
}

/// Reads an essay's bytes in the format its name's extension says (`.md`
/// and `.markdown` are Markdown); errors name `source` (and the line where one applies).
pub fn read_essay(bytes: &[u8], source: &str, options: &ReadOptions) -> Result<Reading> {
    read_essay_as(bytes, source, Format::of_path(std::path::Path::new(source)), options)
}

/// Reads an essay's bytes in `format`; Markdown images resolve beside `source`.
pub fn read_essay_as(bytes: &[u8], source: &str, format: Format, options: &ReadOptions) -> Result<Reading> {
    let dir = std::path::Path::new(source).parent().filter(|d| !d.as_os_str().is_empty());
    let dir = dir.unwrap_or(std::path::Path::new("."));
    read::read_with(bytes, format, options, dir).map_err(|error| match &error {
        ReadError::Decode(read::DecodeError::UnknownEncoding { line }) => {
            anyhow!("{source}:{line}: {error}")
        }
        ReadError::Markdown { line, message } => anyhow!("{source}:{line}: {message}"),
        _ => anyhow!("{source}: {error}"),
    })
}

/// Reads an essay (in the format `source`'s extension says), applies the
/// overrides and renders it with `backend`.
pub fn convert(
    bytes: &[u8],
    source: &str,
    read_options: &ReadOptions,
    overrides: &Overrides,
    backend: &dyn Backend,
    render_options: &RenderOptions,
) -> Result<(Rendered, Reading)> {
    let format = Format::of_path(std::path::Path::new(source));
    convert_from(bytes, source, format, read_options, overrides, backend, render_options)
}

/// [`convert`], reading the essay as `format` whatever its name says.
pub fn convert_from(
    bytes: &[u8],
    source: &str,
    format: Format,
    read_options: &ReadOptions,
    overrides: &Overrides,
    backend: &dyn Backend,
    render_options: &RenderOptions,
) -> Result<(Rendered, Reading)> {
    let overrides = overrides.validated()?;
    let mut reading = read_essay_as(bytes, source, format, read_options)?;
    overrides.apply(&mut reading.document);
    let render_options = options_for(render_options, &reading.document.meta);
    let rendered =
        backend.render(&reading.document, &render_options).map_err(|error| anyhow!("{source}: {error:#}"))?;
    Ok((rendered, reading))
}

/// The render options for one essay: what its source says about itself
/// (Markdown front matter's `date`, `identifier` and `cover`) fills in what
/// the command line left unset. `--date` and `SOURCE_DATE_EPOCH`, `--identifier`
/// and `--cover` win over the front matter.
pub fn options_for<'a>(options: &'a RenderOptions, meta: &document::Meta) -> std::borrow::Cow<'a, RenderOptions> {
    let date = meta.date.as_deref().and_then(date_seconds).filter(|_| options.source_date_epoch.is_none());
    let identifier = meta.identifier.clone().filter(|_| options.identifier.is_none());
    let cover = meta.cover.as_ref().filter(|_| options.cover.is_none());
    if date.is_none() && identifier.is_none() && cover.is_none() {
        return std::borrow::Cow::Borrowed(options);
    }
    let mut filled = options.clone();
    filled.source_date_epoch = filled.source_date_epoch.or(date);
    filled.identifier = filled.identifier.or(identifier);
    filled.cover = filled.cover.or(cover.map(|cover| cover.data.0.clone()));
    std::borrow::Cow::Owned(filled)
}

/// A date YYYY-MM-DD from 1970 to 9999 as seconds since 1970 at midnight
/// UTC: the stamp `--date`, SOURCE_DATE_EPOCH and front matter all give.
pub fn date_seconds(text: &str) -> Option<i64> {
    chrono::NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
        .ok()
        .filter(|date| (1970..=9999).contains(&chrono::Datelike::year(date)))
        .and_then(|date| date.and_hms_opt(0, 0, 0))
        .map(|time| time.and_utc().timestamp())
}
