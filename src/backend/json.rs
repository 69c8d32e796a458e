//! `--to json`: the document tree as the reader understood it, with its
//! schema version ([`crate::document::TREE_VERSION`]).

use super::{Backend, RenderOptions, Rendered};
use crate::document::Document;

/// Serialises the tree with serde, pretty-printed.
pub struct Json;

impl Backend for Json {
    fn name(&self) -> &'static str {
        "json"
    }

    fn extension(&self) -> &'static str {
        "json"
    }

    fn summary(&self) -> &'static str {
        "the document tree the reader built (title, series, part, blocks)"
    }

    fn render(&self, document: &Document, _options: &RenderOptions) -> anyhow::Result<Rendered> {
        let mut bytes = document.to_json()?;
        bytes.push(b'\n');
        Ok(Rendered { bytes, warnings: Vec::new(), pages: None })
    }
}
