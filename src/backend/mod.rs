//! Output formats: the [`Backend`] trait and the registry that finds one by name.
//!
//! A backend turns a [`Document`] into the bytes of one file. Adding a format
//! means one module here and one line in [`BACKENDS`].

mod epub;
mod json;

use crate::document::Document;
use crate::fonts::FontSet;
use std::sync::Arc;

/// Everything a backend may need besides the document.
#[derive(Debug, Clone, Default)]
pub struct RenderOptions {
    /// The faces to set or embed.
    pub fonts: Arc<FontSet>,
    /// Seconds since 1970 to stamp as the modification date (SOURCE_DATE_EPOCH);
    /// `None` means a fixed date, so output never depends on the clock.
    pub source_date_epoch: Option<i64>,
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
    fn render(&self, document: &Document, options: &RenderOptions) -> anyhow::Result<Vec<u8>>;
}

/// Every backend, in the order `--help` lists them.
pub static BACKENDS: &[&dyn Backend] = &[&epub::Epub, &json::Json];

/// Finds a backend by its `--to` name.
pub fn find(name: &str) -> Option<&'static dyn Backend> {
    BACKENDS
        .iter()
        .copied()
        .find(|backend| backend.name() == name)
}

/// The names `--to` accepts.
pub fn names() -> Vec<&'static str> {
    BACKENDS.iter().map(|backend| backend.name()).collect()
}
