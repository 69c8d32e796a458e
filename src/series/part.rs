//! One part: read it, then build it in every format, or skip it when its
//! recorded outputs are still current. A part that fails, even by a panic,
//! fails alone: its error goes in its report.

use super::plan::Job;
use super::report::PartReport;
use super::state::{self, Entry, Output};
use crate::document::Document;
use crate::output::Fingerprint;
use anyhow::Result;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// A part after reading.
pub struct ReadPart {
    /// The input file.
    pub input: PathBuf,
    /// SHA-256 of its bytes (empty when they could not be read).
    pub bytes_hash: String,
    /// The essay, or why it could not be read.
    pub document: Result<Document, String>,
    /// The reader's notices, each naming the file and line.
    pub notices: Vec<String>,
}

impl ReadPart {
    /// The part number the reader found (or the manifest stated).
    pub fn number(&self) -> Option<u32> {
        self.document.as_ref().ok().and_then(|d| d.meta.part)
    }
}

/// Runs `work`, turning a panic into an error that says it is a bug.
pub fn isolated<T>(work: impl FnOnce() -> T) -> Result<T, String> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(work)).map_err(|payload| {
        let message = payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "no message".into());
        format!("internal error (a bug in warraq, please report it): {message}")
    })
}

/// Reads one part, applying the job's stated metadata.
pub fn read_part(input: &Path, job: &Job) -> ReadPart {
    let name = input.display().to_string();
    let failed = |bytes_hash: String, error: String| ReadPart {
        input: input.into(),
        bytes_hash,
        document: Err(error),
        notices: Vec::new(),
    };
    let bytes = match crate::read_file(input) {
        Ok(bytes) => bytes,
        Err(error) => return failed(String::new(), format!("{error:#}")),
    };
    let bytes_hash = Fingerprint::of(&bytes).sha256;
    match isolated(|| crate::read_essay(&bytes, &name, &job.read)) {
        Ok(Ok(mut reading)) => {
            job.overrides.apply(&mut reading.document);
            let notices = reading.notices.iter().map(|n| format!("{name}:{}: {}", n.line, n.message)).collect();
            ReadPart { input: input.into(), bytes_hash, document: Ok(reading.document), notices }
        }
        Ok(Err(error)) => failed(bytes_hash, format!("{error:#}")),
        Err(panic) => failed(bytes_hash, format!("{name}: {panic}")),
    }
}

/// The outcome of building one part: its report, its new state entry (when
/// it succeeded), and the outputs it wrote (to be removed if it failed).
pub struct Built {
    /// What happened.
    pub report: PartReport,
    /// The state entry to keep, when the part succeeded.
    pub entry: Option<Entry>,
    /// Outputs written this time, even by a part that then failed.
    pub written: Vec<Output>,
}

/// Builds one part into `stem`.*, or skips it when `previous` is current.
pub fn build_part(part: &ReadPart, stem: &str, job: &Job, previous: Option<&Entry>) -> Built {
    let started = Instant::now();
    let outputs = job.output_names(stem);
    let mut report = PartReport {
        input: part.input.display().to_string(),
        outputs: outputs.clone(),
        title: None,
        series: None,
        part: None,
        pages: None,
        words: 0,
        milliseconds: 0.0,
        skipped: false,
        warnings: part.notices.clone(),
        error: None,
    };
    let document = match &part.document {
        Ok(document) => document,
        Err(error) => {
            report.error = Some(error.clone());
            return Built { report, entry: None, written: Vec::new() };
        }
    };
    report.title = Some(document.meta.title.clone());
    report.series = document.meta.series.clone();
    report.part = document.meta.part;
    report.words = document.word_count();
    let key = state::part_content_key(&part.bytes_hash, &job.options_key, stem);
    if let Some(entry) = previous.filter(|e| !job.force && e.is_current(&key, &job.out)) {
        report.skipped = true;
        report.pages = entry.pages;
        report.milliseconds = started.elapsed().as_secs_f64() * 1000.0;
        return Built { report, entry: Some(entry.clone()), written: Vec::new() };
    }
    let written = write_formats(document, &outputs, job);
    report.pages = written.pages;
    report.warnings.extend(written.warnings.iter().map(|w| format!("{}: {w}", report.input)));
    report.error = written.error.map(|error| format!("{}: {error}", report.input));
    report.milliseconds = started.elapsed().as_secs_f64() * 1000.0;
    let entry = report.error.is_none().then(|| Entry { key, outputs: written.outputs.clone(), pages: written.pages });
    Built { report, entry, written: written.outputs }
}

/// What [`write_formats`] did.
pub struct Written {
    /// The PDF's page count.
    pub pages: Option<usize>,
    /// The backends' warnings.
    pub warnings: Vec<String>,
    /// Every output written, with its fingerprint.
    pub outputs: Vec<Output>,
    /// The first failure, after which nothing more was written.
    pub error: Option<String>,
}

/// Renders `document` in every format of `job` and writes each to its name
/// in the output directory.
pub fn write_formats(document: &Document, names: &[String], job: &Job) -> Written {
    let mut written = Written { pages: None, warnings: Vec::new(), outputs: Vec::new(), error: None };
    for (format, name) in job.formats.iter().zip(names) {
        let result = isolated(|| -> Result<Output> {
            let rendered = format.render(document, &crate::options_for(&job.render, &document.meta))?;
            crate::output::write(&job.out.path(name)?, &rendered.bytes, job.write)?;
            written.pages = written.pages.or(rendered.pages);
            written.warnings.extend(rendered.warnings);
            let fingerprint = Fingerprint::of(&rendered.bytes);
            Ok(Output { name: name.clone(), size: fingerprint.size, sha256: fingerprint.sha256 })
        });
        match result {
            Ok(Ok(output)) => written.outputs.push(output),
            Ok(Err(error)) => written.error = Some(format!("{error:#}")),
            Err(panic) => written.error = Some(panic),
        }
        if written.error.is_some() {
            break;
        }
    }
    written
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_becomes_an_error_that_names_it_a_bug() {
        let caught = isolated(|| -> usize { panic!("lines_to_take underflowed") });
        let error = caught.unwrap_err();
        assert!(error.contains("bug in warraq") && error.contains("lines_to_take underflowed"), "{error}");
        assert_eq!(isolated(|| 7), Ok(7));
    }
}
