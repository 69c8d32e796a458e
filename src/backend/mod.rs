//! Output formats: the [`Backend`] trait and the registry that finds one by name.
//!
//! A backend turns a [`Document`] into the bytes of one file. Adding a format
//! means one module here and one line in [`BACKENDS`].

mod epub;
mod json;
pub mod pdf;

use crate::document::Document;
use crate::fonts::FontSet;
pub use pdf::kashida::Justify;
use pdf::page::Paper;
use std::sync::Arc;

/// Everything a backend may need besides the document.
#[derive(Debug, Clone)]
pub struct RenderOptions {
    /// The faces to set or embed.
    pub fonts: Arc<FontSet>,
    /// Seconds since 1970 to stamp as the modification date (SOURCE_DATE_EPOCH);
    /// `None` means a fixed date, so output never depends on the clock.
    pub source_date_epoch: Option<i64>,
    /// Paper for paged output.
    pub paper: Paper,
    /// How justified lines are filled: kashida first (Arabic), or spaces only.
    pub justify: Justify,
    /// The book's identifier (`--identifier`), instead of the one derived from its names.
    pub identifier: Option<String>,
    /// A cover image (`--cover`, PNG or JPEG bytes) instead of the generated one.
    pub cover: Option<Arc<[u8]>>,
}

impl Default for RenderOptions {
    fn default() -> Self {
        RenderOptions {
            fonts: Arc::default(),
            source_date_epoch: None,
            paper: Paper::A5,
            justify: Justify::Kashida,
            identifier: None,
            cover: None,
        }
    }
}

/// A backend's output: the file's bytes, and anything the user should hear about.
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    /// The file.
    pub bytes: Vec<u8>,
    /// One line each, for stderr.
    pub warnings: Vec<String>,
    /// Number of pages, for paged formats.
    pub pages: Option<usize>,
}

/// Escapes text for XML content and attribute values: the one escaper every
/// XML document warraq writes goes through. Characters XML cannot hold never
/// reach it (the reader and the metadata setters clean them), and would be
/// left out here rather than written into an invalid document.
pub fn xml_escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            _ if crate::clean::is_unwanted(c) && c != '\t' && c != '\n' => {}
            _ => escaped.push(c),
        }
    }
    escaped
}

/// One output format.
pub trait Backend: Sync {
    /// The name `--to` takes.
    fn name(&self) -> &'static str;
    /// File extension of its output, without the dot.
    fn extension(&self) -> &'static str;
    /// One line for `--help`.
    fn summary(&self) -> &'static str;
    /// Lays the document out and returns the file's bytes.
    fn render(&self, document: &Document, options: &RenderOptions) -> anyhow::Result<Rendered>;
}

/// Every backend, in the order `--help` lists them.
pub static BACKENDS: &[&dyn Backend] = &[&epub::Epub, &pdf::Pdf, &json::Json];

/// Finds a backend by its `--to` name.
pub fn find(name: &str) -> Option<&'static dyn Backend> {
    BACKENDS.iter().copied().find(|backend| backend.name() == name)
}

/// The names `--to` accepts.
pub fn names() -> Vec<&'static str> {
    BACKENDS.iter().map(|backend| backend.name()).collect()
}
