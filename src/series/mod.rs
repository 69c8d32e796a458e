//! Building a whole series: discovering and ordering its parts, building them
//! in parallel (rayon), an optional omnibus volume, incremental rebuilds, and
//! a report of what happened to every part.
//!
//! Every part is a pure function of its input bytes and the options, so the
//! output is the same whatever the number of jobs, and parts can be built on
//! different machines.

pub mod manifest;
pub mod omnibus;
pub mod order;
pub mod state;

use crate::backend::pdf::page::Paper;
use crate::backend::{self, Backend, RenderOptions};
use crate::document::{Block, Document};
use crate::fonts::FontSet;
use crate::read::ReadOptions;
use crate::{Overrides, output};
use anyhow::{Context, Result, bail};
use manifest::{Manifest, read_manifest};
use rayon::prelude::*;
use serde::Serialize;
use sha2::{Digest, Sha256};
use state::{Entry, State};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

/// What to build and how.
#[derive(Debug, Clone)]
pub struct BuildPlan {
    /// Text files, directories of .txt files, or one series.toml.
    pub inputs: Vec<PathBuf>,
    /// Backend names, e.g. ["epub", "pdf"].
    pub formats: Vec<String>,
    /// Where the outputs go.
    pub out_dir: PathBuf,
    /// Also build one volume with every part.
    pub omnibus: bool,
    /// Parallel jobs; 0 means one per core.
    pub jobs: usize,
    /// Rebuild parts even when nothing changed.
    pub force: bool,
    /// Paper for PDF (else the manifest's, else A5).
    pub paper: Option<Paper>,
    /// Regular face (else the manifest's, else Amiri).
    pub font: Option<PathBuf>,
    /// Bold face.
    pub font_bold: Option<PathBuf>,
    /// Keep trailing site boilerplate.
    pub keep_boilerplate: bool,
    /// SOURCE_DATE_EPOCH.
    pub source_date_epoch: Option<i64>,
}

impl BuildPlan {
    /// A plan with the defaults: EPUB and PDF, no omnibus, one job per core.
    pub fn new(inputs: Vec<PathBuf>, out_dir: PathBuf) -> BuildPlan {
        BuildPlan {
            inputs,
            formats: vec!["epub".into(), "pdf".into()],
            out_dir,
            omnibus: false,
            jobs: 0,
            force: false,
            paper: None,
            font: None,
            font_bold: None,
            keep_boilerplate: false,
            source_date_epoch: None,
        }
    }
}

/// What happened to one part.
#[derive(Debug, Clone, Serialize)]
pub struct PartReport {
    /// The input file.
    pub input: String,
    /// Output files written (or kept, when skipped).
    pub outputs: Vec<String>,
    /// Title line.
    pub title: Option<String>,
    /// Detected (or stated) series.
    pub series: Option<String>,
    /// Detected part number.
    pub part: Option<u32>,
    /// Pages of the PDF.
    pub pages: Option<usize>,
    /// Words in the essay.
    pub words: usize,
    /// Time spent on this part.
    pub milliseconds: f64,
    /// Left as it was: input and options unchanged since the last build.
    pub skipped: bool,
    /// Warnings about this part.
    pub warnings: Vec<String>,
    /// Why it failed, if it did.
    pub error: Option<String>,
}

/// The omnibus volume's outcome.
#[derive(Debug, Clone, Serialize)]
pub struct OmnibusReport {
    /// Output files.
    pub outputs: Vec<String>,
    /// Parts in it.
    pub parts: usize,
    /// Pages of its PDF.
    pub pages: Option<usize>,
    /// Time spent.
    pub milliseconds: f64,
    /// Left as it was.
    pub skipped: bool,
    /// Why it failed, if it did.
    pub error: Option<String>,
}

/// The whole build.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// The output directory.
    pub out_dir: String,
    /// Every part, in reading order.
    pub parts: Vec<PartReport>,
    /// The omnibus, if asked for.
    pub omnibus: Option<OmnibusReport>,
    /// Warnings about the series as a whole (numbering, mixed titles).
    pub warnings: Vec<String>,
    /// Wall time of the whole build.
    pub milliseconds: f64,
}

impl Report {
    /// Whether any part (or the omnibus) failed.
    pub fn failed(&self) -> bool {
        self.parts.iter().any(|p| p.error.is_some()) || self.omnibus.as_ref().is_some_and(|o| o.error.is_some())
    }
}

/// A part after reading.
struct ReadPart {
    input: PathBuf,
    bytes_hash: String,
    document: Result<Document, String>,
    notices: Vec<String>,
}

/// Builds a series. Errors are for the plan as a whole (an unreadable
/// manifest, an output directory that cannot be made); a part that fails is
/// reported in its [`PartReport`] and the others still build.
pub fn build(plan: &BuildPlan) -> Result<Report> {
    build_with_progress(plan, &|_| {})
}

/// How far a build has got, for a progress display.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Progress<'a> {
    /// The parts are known: this many steps (parts, plus one for the omnibus) follow.
    Started {
        /// Number of steps.
        steps: usize,
    },
    /// One step is done: a part (named by its input) or "omnibus".
    Done {
        /// What was done.
        name: &'a str,
    },
}

/// [`build`], calling `on_progress` once the parts are known and as each part
/// (and the omnibus) is done, from whichever thread did it.
pub fn build_with_progress(plan: &BuildPlan, on_progress: &(dyn Fn(Progress) + Sync)) -> Result<Report> {
    let started = Instant::now();
    let (manifest, inputs) = discover(&plan.inputs)?;
    let formats: Vec<&'static dyn Backend> = plan
        .formats
        .iter()
        .map(|name| {
            backend::find(name)
                .with_context(|| format!("unknown format {name} (known: {})", backend::names().join(", ")))
        })
        .collect::<Result<_>>()?;
    let font = plan.font.clone().or(manifest.font.clone());
    let font_bold = plan.font_bold.clone().or(manifest.font_bold.clone());
    let fonts = Arc::new(FontSet::with_files(font.as_deref(), font_bold.as_deref())?);
    let paper = match (plan.paper, &manifest.paper) {
        (Some(paper), _) => paper,
        (None, Some(text)) => Paper::parse(text)?,
        (None, None) => Paper::A5,
    };
    std::fs::create_dir_all(&plan.out_dir)
        .with_context(|| format!("{}: cannot create the output directory", plan.out_dir.display()))?;
    let render = RenderOptions {
        fonts: fonts.clone(),
        source_date_epoch: plan.source_date_epoch,
        paper,
        ..RenderOptions::default()
    };
    let overrides = Overrides {
        title: None,
        author: manifest.author.clone(),
        series: manifest.title.clone(),
        part: None,
        lang: manifest.language.clone(),
    };
    let options_key = options_key(plan, &formats, &fonts, paper, &overrides);

    let pool =
        rayon::ThreadPoolBuilder::new().num_threads(plan.jobs).build().context("cannot start the worker threads")?;
    let read_options = ReadOptions { keep_boilerplate: plan.keep_boilerplate };
    let mut parts: Vec<ReadPart> =
        pool.install(|| inputs.par_iter().map(|input| read_part(input, &read_options, &overrides)).collect());
    if manifest.parts.is_empty() {
        parts.sort_by(|a, b| order::reading_order((part_number(a), &a.input), (part_number(b), &b.input)));
    }

    let mut warnings = series_warnings(&parts, &manifest);
    let slug = manifest.slug.clone().unwrap_or_else(|| {
        let name =
            manifest.title.clone().or_else(|| parts.iter().find_map(|p| p.document.as_ref().ok()?.meta.series.clone()));
        name.map_or_else(|| "series".to_string(), |n| order::slug(&n))
    });
    let stems = output_stems(&parts, &slug);
    let previous = State::load(&plan.out_dir);
    on_progress(Progress::Started { steps: parts.len() + usize::from(plan.omnibus) });

    let reports: Vec<(PartReport, Option<Entry>)> = pool.install(|| {
        parts
            .par_iter()
            .zip(stems.par_iter())
            .map(|(part, stem)| {
                let outcome = build_part(part, stem, &formats, &render, &options_key, &previous, plan);
                on_progress(Progress::Done { name: &part.input.display().to_string() });
                outcome
            })
            .collect()
    });

    let mut state = State::default();
    for ((report, entry), part) in reports.iter().zip(&parts) {
        let key = part.input.display().to_string();
        match entry {
            Some(entry) => {
                state.parts.insert(key, entry.clone());
            }
            None => remove_outputs(&plan.out_dir, previous.parts.get(&key), &report.outputs),
        }
    }

    let omnibus = plan.omnibus.then(|| {
        let result =
            build_omnibus(&parts, &reports, &manifest, &slug, &formats, &render, &options_key, &previous, plan);
        on_progress(Progress::Done { name: "omnibus" });
        result
    });
    if let Some((report, entry)) = &omnibus {
        match entry {
            Some(entry) => state.omnibus = Some(entry.clone()),
            None => remove_outputs(&plan.out_dir, previous.omnibus.as_ref(), &report.outputs),
        }
    }
    if let Err(error) = state.save(&plan.out_dir) {
        warnings.push(format!("cannot save the build state: {error:#}"));
    }
    Ok(Report {
        out_dir: plan.out_dir.display().to_string(),
        parts: reports.into_iter().map(|(report, _)| report).collect(),
        omnibus: omnibus.map(|(report, _)| report),
        warnings,
        milliseconds: started.elapsed().as_secs_f64() * 1000.0,
    })
}

/// The inputs as a list of part files, and the manifest if one was given.
fn discover(inputs: &[PathBuf]) -> Result<(Manifest, Vec<PathBuf>)> {
    if inputs.is_empty() {
        bail!("no inputs: name text files, a directory, or a series.toml");
    }
    let manifests: Vec<&PathBuf> = inputs.iter().filter(|p| p.extension().is_some_and(|e| e == "toml")).collect();
    if let Some(path) = manifests.first() {
        if inputs.len() > 1 {
            bail!("{}: a series.toml lists the parts itself; give it alone", path.display());
        }
        let manifest = read_manifest(path)?;
        let parts = manifest.parts.clone();
        return Ok((manifest, parts));
    }
    let mut files = Vec::new();
    for input in inputs {
        if input.is_dir() {
            let mut found: Vec<PathBuf> = std::fs::read_dir(input)
                .with_context(|| format!("{}: cannot list the directory", input.display()))?
                .filter_map(|entry| entry.ok().map(|e| e.path()))
                .filter(|path| path.is_file() && path.extension().is_some_and(|e| e == "txt"))
                .collect();
            found.sort_by(|a, b| order::natural_cmp(&a.to_string_lossy(), &b.to_string_lossy()));
            if found.is_empty() {
                bail!("{}: no .txt files in this directory", input.display());
            }
            files.extend(found);
        } else {
            files.push(input.clone());
        }
    }
    Ok((Manifest::default(), files))
}

fn read_part(input: &Path, options: &ReadOptions, overrides: &Overrides) -> ReadPart {
    let name = input.display().to_string();
    let bytes = match crate::read_file(input) {
        Ok(bytes) => bytes,
        Err(error) => {
            return ReadPart {
                input: input.into(),
                bytes_hash: String::new(),
                document: Err(format!("{error:#}")),
                notices: Vec::new(),
            };
        }
    };
    let bytes_hash = hex(&Sha256::digest(&bytes));
    match crate::read_essay(&bytes, &name, options) {
        Ok(mut reading) => {
            overrides.apply(&mut reading.document);
            let notices = reading.notices.iter().map(|n| format!("{name}:{}: {}", n.line, n.message)).collect();
            ReadPart { input: input.into(), bytes_hash, document: Ok(reading.document), notices }
        }
        Err(error) => {
            ReadPart { input: input.into(), bytes_hash, document: Err(format!("{error:#}")), notices: Vec::new() }
        }
    }
}

fn part_number(part: &ReadPart) -> Option<u32> {
    part.document.as_ref().ok().and_then(|d| d.meta.part)
}

/// Gaps, duplicates, and a series whose parts name different series.
fn series_warnings(parts: &[ReadPart], manifest: &Manifest) -> Vec<String> {
    let numbered: Vec<(Option<u32>, &Path)> = parts.iter().map(|p| (part_number(p), p.input.as_path())).collect();
    let mut warnings = order::numbering_warnings(&numbered);
    if manifest.title.is_none() {
        let mut names: Vec<(&str, &Path)> = parts
            .iter()
            .filter_map(|p| Some((p.document.as_ref().ok()?.meta.series.as_deref()?, p.input.as_path())))
            .collect();
        names.dedup_by_key(|(name, _)| *name);
        let mut distinct: Vec<&str> = names.iter().map(|(n, _)| *n).collect();
        distinct.sort_unstable();
        distinct.dedup();
        if distinct.len() > 1 {
            let list: Vec<String> = names.iter().map(|(n, p)| format!("«{n}» ({})", p.display())).collect();
            warnings.push(format!("the parts name different series: {}", list.join(", ")));
        }
    }
    warnings
}

/// Output stems: slug + zero-padded part number, else the input's stem;
/// a name already taken gets the input's stem added.
fn output_stems(parts: &[ReadPart], slug: &str) -> Vec<String> {
    let widest = parts.iter().filter_map(part_number).max().unwrap_or(1);
    let width = widest.to_string().len().max(2);
    let mut taken = std::collections::HashSet::new();
    parts
        .iter()
        .map(|part| {
            let input_stem = part.input.file_stem().map_or_else(|| "part".into(), |s| s.to_string_lossy().into_owned());
            let stem = match part_number(part) {
                Some(number) => format!("{slug}-{number:0width$}"),
                None => input_stem.clone(),
            };
            let stem = if taken.contains(&stem) { format!("{stem}-{input_stem}") } else { stem };
            taken.insert(stem.clone());
            stem
        })
        .collect()
}

/// A hash of everything outputs depend on besides the input bytes.
fn options_key(
    plan: &BuildPlan,
    formats: &[&dyn Backend],
    fonts: &FontSet,
    paper: Paper,
    overrides: &Overrides,
) -> String {
    let mut hasher = Sha256::new();
    hasher.update(env!("CARGO_PKG_VERSION"));
    for format in formats {
        hasher.update(format.name());
    }
    hasher.update(Sha256::digest(fonts.regular.bytes));
    hasher.update(Sha256::digest(fonts.bold.bytes));
    hasher.update(format!(
        "{:?}|{:?}|{}|{:?}|{:?}|{:?}|{:?}",
        (paper.width, paper.height),
        plan.source_date_epoch,
        plan.keep_boilerplate,
        overrides.author,
        overrides.series,
        overrides.lang,
        plan.omnibus
    ));
    hex(&hasher.finalize())
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn words(document: &Document) -> usize {
    document.blocks.iter().map(|b: &Block| b.text().split_whitespace().count()).sum()
}

#[allow(clippy::too_many_arguments)]
fn build_part(
    part: &ReadPart,
    stem: &str,
    formats: &[&dyn Backend],
    render: &RenderOptions,
    options_key: &str,
    previous: &State,
    plan: &BuildPlan,
) -> (PartReport, Option<Entry>) {
    let started = Instant::now();
    let outputs: Vec<String> = formats.iter().map(|f| format!("{stem}.{}", f.extension())).collect();
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
            report.milliseconds = started.elapsed().as_secs_f64() * 1000.0;
            return (report, None);
        }
    };
    report.title = Some(document.meta.title.clone());
    report.series = document.meta.series.clone();
    report.part = document.meta.part;
    report.words = words(document);
    let key = hex(&Sha256::digest(format!("{}|{}|{stem}", part.bytes_hash, options_key)));
    let entry = previous.parts.get(&report.input);
    if !plan.force && State::is_current(entry, &key, &plan.out_dir) {
        report.skipped = true;
        report.pages = entry.and_then(|e| e.pages);
        report.milliseconds = started.elapsed().as_secs_f64() * 1000.0;
        return (report, entry.cloned());
    }
    let mut pages = None;
    match write_formats(document, formats, &outputs, render, &plan.out_dir) {
        Ok((written_pages, warnings)) => {
            pages = written_pages;
            report.warnings.extend(warnings.iter().map(|w| format!("{}: {w}", report.input)));
        }
        Err(error) => report.error = Some(format!("{}: {error:#}", report.input)),
    }
    report.pages = pages;
    report.milliseconds = started.elapsed().as_secs_f64() * 1000.0;
    let entry = report.error.is_none().then_some(Entry { key, outputs, pages });
    (report, entry)
}

#[allow(clippy::too_many_arguments)]
fn build_omnibus(
    parts: &[ReadPart],
    reports: &[(PartReport, Option<Entry>)],
    manifest: &Manifest,
    slug: &str,
    formats: &[&dyn Backend],
    render: &RenderOptions,
    options_key: &str,
    previous: &State,
    plan: &BuildPlan,
) -> (OmnibusReport, Option<Entry>) {
    let started = Instant::now();
    let outputs: Vec<String> = formats.iter().map(|f| format!("{slug}-omnibus.{}", f.extension())).collect();
    let documents: Vec<&Document> = parts.iter().filter_map(|p| p.document.as_ref().ok()).collect();
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
        return (report, None);
    }
    let mut hasher = Sha256::new();
    hasher.update(options_key);
    for (part, (part_report, _)) in parts.iter().zip(reports) {
        hasher.update(format!("{}|{}|{:?};", part.input.display(), part.bytes_hash, part_report.error.is_some()));
    }
    let key = hex(&hasher.finalize());
    if !plan.force && State::is_current(previous.omnibus.as_ref(), &key, &plan.out_dir) {
        report.skipped = true;
        report.pages = previous.omnibus.as_ref().and_then(|e| e.pages);
        return (report, previous.omnibus.clone());
    }
    let title = manifest
        .title
        .clone()
        .or_else(|| documents.iter().find_map(|d| d.meta.series.clone()))
        .unwrap_or_else(|| documents[0].meta.title.clone());
    let volume = omnibus::omnibus(&documents, &title, manifest.author.as_deref());
    match write_formats(&volume, formats, &outputs, render, &plan.out_dir) {
        Ok((pages, _)) => report.pages = pages,
        Err(error) => report.error = Some(format!("omnibus: {error:#}")),
    }
    report.milliseconds = started.elapsed().as_secs_f64() * 1000.0;
    let entry = report.error.is_none().then_some(Entry { key, outputs, pages: report.pages });
    (report, entry)
}

/// Renders `document` in every format and writes each to its name in
/// `directory`; returns the PDF's page count and the backends' warnings.
fn write_formats(
    document: &Document,
    formats: &[&dyn Backend],
    names: &[String],
    render: &RenderOptions,
    directory: &Path,
) -> Result<(Option<usize>, Vec<String>)> {
    let mut pages = None;
    let mut warnings = Vec::new();
    for (format, name) in formats.iter().zip(names) {
        let rendered = format.render(document, render)?;
        output::write_atomically(&directory.join(name), &rendered.bytes)?;
        pages = pages.or(rendered.pages);
        warnings.extend(rendered.warnings);
    }
    Ok((pages, warnings))
}

/// Removes a failed part's outputs (this build's names and the last build's),
/// so no stale file is left that looks current.
fn remove_outputs(directory: &Path, previous: Option<&Entry>, current: &[String]) {
    for name in current.iter().chain(previous.into_iter().flat_map(|e| &e.outputs)) {
        let _ = std::fs::remove_file(directory.join(name));
    }
}
