//! Building a whole series: the parts are discovered ([`discover`]), read
//! and put in order ([`order`]), built in parallel (rayon) into an output
//! directory under the file-system contract of [`crate::output`], with an
//! optional omnibus volume ([`omnibus`]), incremental rebuilds ([`state`]),
//! and a [`Report`] of what happened to every part.
//!
//! Every part is a pure function of its input bytes and the options, so the
//! output is the same whatever the number of jobs, and parts can be built on
//! different machines. A part that fails, even by a panic, fails alone.

pub(crate) mod discover;
pub(crate) mod manifest;
pub(crate) mod omnibus;
pub(crate) mod order;
pub(crate) mod part;
pub(crate) mod plan;
pub(crate) mod report;
pub(crate) mod state;

pub use omnibus::{omnibus, parts_count};
pub use plan::{BuildPlan, JOBS_PER_CORE, worker_count};
pub use report::{OmnibusReport, PartReport, Report};

use anyhow::{Context, Result, bail};
use part::{Built, ReadPart, build_part, isolated, read_part};
use plan::Job;
use rayon::prelude::*;
use state::{Entry, Lock, Output, SeriesState, State};
use std::time::Instant;

/// Builds a series. Errors are for the plan as a whole (an unreadable
/// manifest, an output directory that cannot be made, two parts that would
/// share a name, an output that is an input); a part that fails is reported
/// in its [`PartReport`] and the others still build.
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
    let discovery = discover::discover(&plan.inputs)?;
    let manifest = &discovery.manifest;
    let job = Job::resolve(plan, manifest)?;
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let workers = worker_count(plan.jobs, discovery.parts.len(), cores);
    let pool =
        rayon::ThreadPoolBuilder::new().num_threads(workers).build().context("cannot start the worker threads")?;

    let mut parts: Vec<ReadPart> =
        pool.install(|| discovery.parts.par_iter().map(|input| read_part(input, &job)).collect());
    if manifest.parts.is_empty() {
        parts.sort_by(|a, b| order::reading_order((a.number(), &a.input), (b.number(), &b.input)));
    }
    let numbered: Vec<_> = parts.iter().map(|p| (p.number(), p.input.as_path())).collect();
    let mut warnings = order::numbering_warnings(&numbered);
    if manifest.title.is_none() {
        let names: Vec<_> = parts
            .iter()
            .map(|p| (p.document.as_ref().ok().and_then(|d| d.meta.series.as_deref()), p.input.as_path()))
            .collect();
        warnings.extend(order::mixed_series_warnings(&names));
    }
    let slug = manifest.slug.clone().unwrap_or_else(|| {
        let name =
            manifest.title.clone().or_else(|| parts.iter().find_map(|p| p.document.as_ref().ok()?.meta.series.clone()));
        name.map_or_else(|| "series".to_string(), |n| order::slug(&n))
    });
    let omnibus_stem = format!("{slug}-omnibus");
    let stems = order::output_stems(&numbered, &slug, plan.omnibus.then_some(omnibus_stem.as_str()))?;
    refuse_inputs_as_outputs(&discovery, &stems, plan.omnibus.then_some(omnibus_stem.as_str()), &job)?;

    let _lock = Lock::take(&job.out)?;
    let (mut state, state_warning) = State::load(&job.out);
    warnings.extend(state_warning);
    let series_key = state::series_key(discovery.manifest_path.as_deref(), &slug);
    let previous = state.series.remove(&series_key).unwrap_or_default();
    on_progress(Progress::Started { steps: parts.len() + usize::from(plan.omnibus) });

    let built: Vec<Built> = pool.install(|| {
        parts
            .par_iter()
            .zip(stems.par_iter())
            .map(|(part, stem)| {
                let entry = previous.parts.get(&state::part_key(&part.input));
                let built = isolated(|| build_part(part, stem, &job, entry))
                    .unwrap_or_else(|panic| panicked(part, job.output_names(stem), panic));
                on_progress(Progress::Done { name: &part.input.display().to_string() });
                built
            })
            .collect()
    });

    let mut current = SeriesState::default();
    for (built, part) in built.iter().zip(&parts) {
        let key = state::part_key(&part.input);
        match &built.entry {
            Some(entry) => {
                current.parts.insert(key, entry.clone());
            }
            None => warnings.extend(remove_stale(&job, previous.parts.get(&key), &built.written)),
        }
    }

    let omnibus = plan.omnibus.then(|| {
        let built = isolated(|| {
            omnibus::build_omnibus(
                &parts,
                manifest.title.as_deref(),
                manifest.author.as_deref(),
                &omnibus_stem,
                &job,
                previous.omnibus.as_ref(),
            )
        })
        .unwrap_or_else(|panic| omnibus::BuiltOmnibus {
            report: OmnibusReport {
                outputs: job.output_names(&omnibus_stem),
                parts: 0,
                pages: None,
                milliseconds: 0.0,
                skipped: false,
                error: Some(format!("omnibus: {panic}")),
            },
            entry: None,
            written: Vec::new(),
        });
        on_progress(Progress::Done { name: "omnibus" });
        built
    });
    current.omnibus = match &omnibus {
        Some(built) if built.entry.is_none() => {
            warnings.extend(remove_stale(&job, previous.omnibus.as_ref(), &built.written));
            None
        }
        Some(built) => built.entry.clone(),
        // Not asked for this time: what an earlier build made is still current.
        None => previous.omnibus.clone(),
    };
    state.series.insert(series_key, current);
    if let Err(error) = state.save(&job.out) {
        warnings.push(format!("cannot save the build state: {error:#}"));
    }
    Ok(Report {
        out_dir: plan.out_dir.display().to_string(),
        parts: built.into_iter().map(|b| b.report).collect(),
        omnibus: omnibus.map(|b| b.report),
        warnings,
        milliseconds: started.elapsed().as_secs_f64() * 1000.0,
    })
}

/// The report of a part whose build panicked.
fn panicked(part: &ReadPart, outputs: Vec<String>, panic: String) -> Built {
    let report = PartReport {
        input: part.input.display().to_string(),
        outputs,
        title: None,
        series: None,
        part: part.number(),
        pages: None,
        words: 0,
        milliseconds: 0.0,
        skipped: false,
        warnings: part.notices.clone(),
        error: Some(format!("{}: {panic}", part.input.display())),
    };
    Built { report, entry: None, written: Vec::new() }
}

/// Refuses a build that would write over one of its own inputs (the parts,
/// the manifest, the fonts), through links too, before anything is written.
fn refuse_inputs_as_outputs(
    discovery: &discover::Discovery,
    stems: &[String],
    omnibus_stem: Option<&str>,
    job: &Job,
) -> Result<()> {
    let manifest = &discovery.manifest;
    let inputs =
        discovery.parts.iter().chain(&discovery.manifest_path).chain(&manifest.font).chain(&manifest.font_bold);
    let mut identities = std::collections::HashMap::new();
    for input in inputs {
        if let Some(identity) = crate::output::file_identity(input) {
            identities.insert(identity, input);
        }
    }
    let outputs = stems.iter().map(String::as_str).chain(omnibus_stem).flat_map(|stem| job.output_names(stem));
    let paths = outputs
        .map(|name| job.out.path(&name))
        .chain([state::STATE_FILE, state::LOCK_FILE].map(|name| job.out.own_file(name)));
    for path in paths {
        let path = path?;
        if let Some(input) = crate::output::file_identity(&path).and_then(|id| identities.get(&id)) {
            bail!("{}: refusing to overwrite the input {} with an output", path.display(), input.display());
        }
    }
    Ok(())
}

/// Removes the outputs of a part (or omnibus) that failed: those the last
/// build recorded and those written this time, each only if it still holds
/// exactly what warraq wrote. Returns warnings for files left in place.
fn remove_stale(job: &Job, previous: Option<&Entry>, written: &[Output]) -> Vec<String> {
    let mut warnings = Vec::new();
    let recorded = previous.into_iter().flat_map(|e| &e.outputs);
    let mut seen = std::collections::HashSet::new();
    for output in written.iter().chain(recorded) {
        if seen.insert((&output.name, &output.sha256)) {
            warnings.extend(job.out.remove_if_unchanged(&output.name, &output.fingerprint()));
        }
    }
    warnings
}
