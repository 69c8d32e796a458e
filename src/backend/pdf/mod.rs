//! `--to pdf`: a print-ready PDF set by our own engine.
//!
//! One module a step: [`paragraph`] (bidi, then [`shape`] each run once),
//! [`linebreak`] (UAX #14 opportunities, total-fit choice), [`line`] (visual
//! order, justification), [`page`] (paper and margins), [`layout`]
//! (pagination into [`layout::Book`]) and [`emit`] (PDF bytes). Layout knows
//! nothing of PDF, so tests can inspect pages before anything is written;
//! a render hands each page from layout to emit as soon as it is final, so
//! a book's glyphs are never all held at once;
//! [`textmap`] decides what text each drawn glyph gives back.

pub mod emit;
pub(crate) mod kashida;
pub mod layout;
pub mod line;
pub(crate) mod linebreak;
pub mod page;
pub(crate) mod paragraph;
pub mod shape;
pub(crate) mod textmap;

use super::{Backend, RenderOptions, Rendered};
use crate::document::Document;
use anyhow::Result;

/// The PDF backend.
pub struct Pdf;

impl Backend for Pdf {
    fn name(&self) -> &'static str {
        "pdf"
    }

    fn extension(&self) -> &'static str {
        "pdf"
    }

    fn summary(&self) -> &'static str {
        "print-ready PDF (A5 by default), typeset right to left for Arabic"
    }

    fn render(&self, document: &Document, options: &RenderOptions) -> Result<Rendered> {
        crate::fonts::check_coverage(&options.fonts, document)?;
        let faces = options.fonts.typefaces()?;
        // Each page is drawn as soon as it is laid out, and its glyphs let go.
        let mut emitter = emit::Emitter::new(&faces);
        let book = layout::lay_out_each(document, &faces, options.paper, options.justify, |page| emitter.page(&page));
        let mut warnings = Vec::new();
        if !book.missing.is_empty() {
            let list: Vec<String> = book.missing.iter().map(|&c| layout::describe_missing(c)).collect();
            warnings.push(format!("the font has no glyph for: {}", list.join("; ")));
        }
        let pages = emitter.page_count();
        let bytes = emitter.finish(&book, &emit::EmitOptions { source_date_epoch: options.source_date_epoch })?;
        Ok(Rendered { bytes, warnings, pages: Some(pages) })
    }
}
