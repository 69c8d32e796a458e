//! What to build ([`BuildPlan`], as the user asked) and the same resolved
//! into everything a worker needs ([`Job`]): backends found, fonts loaded,
//! paper chosen, the output directory made, the options key computed.

use super::manifest::Manifest;
use super::state;
use crate::Overrides;
use crate::backend::pdf::page::Paper;
use crate::backend::{self, Backend, Justify, RenderOptions};
use crate::fonts::FontSet;
use crate::output::{OutDir, WriteOptions, hex};
use crate::read::ReadOptions;
use anyhow::{Context, Result};
use sha2::{Digest, Sha256};
use std::path::PathBuf;
use std::sync::Arc;

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
    /// Parallel jobs; 0 means one per core. Capped by [`worker_count`].
    pub jobs: usize,
    /// Rebuild parts even when nothing changed, and replace read-only outputs.
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
    /// How PDF fills justified Arabic lines (else the manifest's, else kashida).
    pub justify: Option<Justify>,
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
            justify: None,
        }
    }
}

/// Workers at most per core: more only adds threads that wait.
pub const JOBS_PER_CORE: usize = 4;

/// Worker threads for `steps` steps when `requested` were asked for (0: one
/// per core): never more than the steps, nor [`JOBS_PER_CORE`] × the cores,
/// and at least one.
pub fn worker_count(requested: usize, steps: usize, cores: usize) -> usize {
    let cores = cores.max(1);
    let wanted = if requested == 0 { cores } else { requested };
    wanted.min(steps).min(JOBS_PER_CORE * cores).max(1)
}

/// Everything resolved that building one part (or the omnibus) needs.
pub struct Job {
    /// The backends, in the order asked.
    pub formats: Vec<&'static dyn Backend>,
    /// Fonts, paper and date.
    pub render: RenderOptions,
    /// How parts are read.
    pub read: ReadOptions,
    /// Metadata stated for every part (by the manifest).
    pub overrides: Overrides,
    /// Where everything goes.
    pub out: OutDir,
    /// Hash of every option the outputs depend on.
    pub options_key: String,
    /// Rebuild even when current.
    pub force: bool,
    /// How outputs are written.
    pub write: WriteOptions,
}

impl Job {
    /// Resolves `plan` (with the manifest's defaults) into a job; creates the
    /// output directory.
    pub fn resolve(plan: &BuildPlan, manifest: &Manifest) -> Result<Job> {
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
        let out = OutDir::create(&plan.out_dir)?;
        let justify = match (plan.justify, &manifest.justify) {
            (Some(justify), _) => justify,
            (None, Some(text)) => Justify::parse(text).context("series.toml: `justify`")?,
            (None, None) => Justify::Kashida,
        };
        let overrides = Overrides {
            title: None,
            author: manifest.author.clone(),
            series: manifest.title.clone(),
            part: None,
            lang: manifest.language.clone(),
        }
        .validated()
        .context("series.toml")?;
        let names: Vec<&str> = formats.iter().map(|f| f.name()).collect();
        let options_key = state::options_key(&[
            &names.join(","),
            &hex(&Sha256::digest(fonts.regular.bytes)),
            &hex(&Sha256::digest(fonts.bold.bytes)),
            &format!("{:?}", (paper.width, paper.height)),
            &format!("{:?}", plan.source_date_epoch),
            &plan.keep_boilerplate.to_string(),
            &format!("{:?}", (&overrides.author, &overrides.series, &overrides.lang)),
            &format!("{justify:?}"),
        ]);
        Ok(Job {
            formats,
            render: RenderOptions {
                fonts,
                source_date_epoch: plan.source_date_epoch,
                paper,
                justify,
                ..RenderOptions::default()
            },
            read: ReadOptions { keep_boilerplate: plan.keep_boilerplate },
            overrides,
            out,
            options_key,
            force: plan.force,
            write: WriteOptions { replace_read_only: plan.force },
        })
    }

    /// The output file names for `stem`, one per format.
    pub fn output_names(&self, stem: &str) -> Vec<String> {
        self.formats.iter().map(|f| format!("{stem}.{}", f.extension())).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn workers_are_capped_by_steps_and_cores() {
        assert_eq!(worker_count(10_000, 5, 2), 5);
        assert_eq!(worker_count(10_000, 2_000, 2), 8);
        assert_eq!(worker_count(0, 2_000, 2), 2);
        assert_eq!(worker_count(0, 0, 0), 1);
        assert_eq!(worker_count(3, 10, 4), 3);
    }
}
