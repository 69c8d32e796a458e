//! The omnibus volume: every part of a series in one document. Each part
//! opens with a [`Block::PartTitle`] (its title line); backends turn those into
//! new chapters (EPUB) or new right-hand pages with their own running heads
//! and a nested outline (PDF).

use super::part::{ReadPart, Written, isolated, write_formats};
use super::plan::Job;
use super::report::OmnibusReport;
use super::state::{self, Entry, Output};
use crate::document::{Block, Document, Meta};
use std::time::Instant;

/// Joins `parts` (in reading order) under the series title.
pub fn omnibus(parts: &[&Document], title: &str, author: Option<&str>) -> Document {
    let first = &parts[0].meta;
    let author = author.map(str::to_string).or_else(|| {
        let shared = first.author.clone();
        parts.iter().all(|p| p.meta.author == shared).then_some(shared).flatten()
    });
    let mut blocks = Vec::with_capacity(parts.iter().map(|p| p.blocks.len() + 1).sum());
    for part in parts {
        blocks.push(Block::PartTitle(part.meta.title.as_str().into()));
        blocks.extend(part.blocks.iter().cloned());
    }
    Document {
        meta: Meta {
            title: title.to_string(),
            subtitle: None,
            author,
            series: None,
            part: None,
            part_label: None,
            lang: first.lang.clone(),
            direction: first.direction,
        },
        blocks,
    }
}

/// The outcome of building the omnibus (see [`super::part::Built`]).
pub struct BuiltOmnibus {
    /// What happened.
    pub report: OmnibusReport,
    /// The state entry to keep, when it succeeded.
    pub entry: Option<Entry>,
    /// Outputs written this time.
    pub written: Vec<Output>,
}

/// Builds the omnibus of every part that could be read into `stem`.*, or
/// skips it when `previous` is current. Its key depends on the parts' input
/// bytes, not on whether their own books were built.
pub fn build_omnibus(
    parts: &[ReadPart],
    series_title: Option<&str>,
    author: Option<&str>,
    stem: &str,
    job: &Job,
    previous: Option<&Entry>,
) -> BuiltOmnibus {
    let started = Instant::now();
    let outputs = job.output_names(stem);
    let read: Vec<&ReadPart> = parts.iter().filter(|p| p.document.is_ok()).collect();
    let documents: Vec<&Document> = read.iter().filter_map(|p| p.document.as_ref().ok()).collect();
    let mut report = OmnibusReport {
        outputs: outputs.clone(),
        parts: documents.len(),
        pages: None,
        milliseconds: 0.0,
        skipped: false,
        error: None,
    };
    if documents.is_empty() {
        report.error = Some("no part could be read, so there is no omnibus".into());
        return BuiltOmnibus { report, entry: None, written: Vec::new() };
    }
    let key = state::omnibus_content_key(
        &job.options_key,
        stem,
        read.iter().map(|p| (p.input.as_path(), p.bytes_hash.as_str())),
    );
    if let Some(entry) = previous.filter(|e| !job.force && e.is_current(&key, &job.out)) {
        report.skipped = true;
        report.pages = entry.pages;
        return BuiltOmnibus { report, entry: Some(entry.clone()), written: Vec::new() };
    }
    let title = series_title
        .map(str::to_string)
        .or_else(|| documents.iter().find_map(|d| d.meta.series.clone()))
        .unwrap_or_else(|| documents[0].meta.title.clone());
    let written = match isolated(|| omnibus(&documents, &title, author)) {
        Ok(volume) => write_formats(&volume, &outputs, job),
        Err(panic) => Written { pages: None, warnings: Vec::new(), outputs: Vec::new(), error: Some(panic) },
    };
    report.pages = written.pages;
    report.error = written.error.map(|error| format!("omnibus: {error}"));
    report.milliseconds = started.elapsed().as_secs_f64() * 1000.0;
    let entry = report.error.is_none().then(|| Entry { key, outputs: written.outputs.clone(), pages: written.pages });
    BuiltOmnibus { report, entry, written: written.outputs }
}
