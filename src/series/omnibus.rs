//! The omnibus volume: every part of a series in one document. Each part
//! opens with a [`Block::PartTitle`] (its title line); backends turn those into
//! new chapters (EPUB) or new right-hand pages with their own running heads
//! and a nested outline (PDF). The volume's subtitle counts its parts
//! («خمسة أجزاء», "5 parts"), for the title page.

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
            subtitle: Some(parts_count(parts.len(), &first.lang)),
            author,
            // The volume is the whole series: it belongs to it, at no one position.
            series: Some(title.to_string()),
            part: None,
            part_label: None,
            lang: first.lang.clone(),
            direction: first.direction,
            // The volume is out when its last part is.
            date: parts.iter().filter_map(|part| part.meta.date.clone()).max(),
            identifier: None,
            cover: None,
        },
        blocks,
    }
}

/// The number of parts, as a title page gives it: in Arabic in words from
/// three to ten with the plural («خمسة أجزاء»), the dual («جزآن»), «جزء واحد»,
/// and in digits with the accusative singular from eleven to ninety-nine
/// («١٢ جزءًا») or the genitive singular after a round hundred («١٠٠ جزء»);
/// in any other language "1 part", "5 parts".
pub fn parts_count(count: usize, lang: &str) -> String {
    if !lang.starts_with("ar") {
        return if count == 1 { "1 part".to_string() } else { format!("{count} parts") };
    }
    const WORDS: [&str; 8] = ["ثلاثة", "أربعة", "خمسة", "ستة", "سبعة", "ثمانية", "تسعة", "عشرة"];
    let digits = crate::document::arabic_indic_digits(u32::try_from(count).unwrap_or(u32::MAX));
    match (count, count % 100) {
        (1, _) => "جزء واحد".to_string(),
        (2, _) => "جزآن".to_string(),
        (3..=10, _) => format!("{} أجزاء", WORDS[count - 3]),
        (_, 3..=10) => format!("{digits} أجزاء"),
        (_, 11..=99) => format!("{digits} جزءًا"),
        _ => format!("{digits} جزء"),
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

#[cfg(test)]
mod tests {
    use super::parts_count;

    #[test]
    fn parts_are_counted_as_arabic_counts_them() {
        assert_eq!(parts_count(1, "ar"), "جزء واحد");
        assert_eq!(parts_count(2, "ar"), "جزآن");
        assert_eq!(parts_count(5, "ar"), "خمسة أجزاء");
        assert_eq!(parts_count(10, "ar"), "عشرة أجزاء");
        assert_eq!(parts_count(11, "ar"), "١١ جزءًا");
        assert_eq!(parts_count(100, "ar"), "١٠٠ جزء");
        assert_eq!(parts_count(103, "ar"), "١٠٣ أجزاء");
        assert_eq!(parts_count(5, "en"), "5 parts");
        assert_eq!(parts_count(1, "en"), "1 part");
    }
}
