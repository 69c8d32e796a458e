//! Command-line arguments (clap) and what each command does with them.

use anyhow::{Context, Result, bail};
use clap::{Args, Parser, Subcommand};
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use warraq::backend::pdf::page::Paper;
use warraq::backend::{self, RenderOptions};
use warraq::fonts::FontSet;
use warraq::read::{Format, ReadOptions};
use warraq::{Overrides, output};

/// Turns plain-text essays, Arabic first, into EPUB 3 and print-ready PDF.
#[derive(Parser, Debug)]
#[command(name = "warraq", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Convert one essay (a plain-text or Markdown file, or - for standard input).
    #[command(
        after_help = "Examples:\n  warraq convert essay.txt --to pdf\n  warraq convert essay.txt -o book.epub --series \"تاريخ الورق\" --part 3\n  cat essay.txt | warraq convert - --to json"
    )]
    Convert(ConvertArgs),
    /// Build every part of a series in parallel, and optionally one omnibus volume.
    ///
    /// INPUT is text files, a directory of .txt files, or a series.toml. Without
    /// a series.toml, parts are ordered by the part number in their titles, then
    /// by file name. Parts whose input and options are unchanged since the last
    /// build in DIR, and whose outputs still hold what was written, are skipped.
    /// Outputs are only ever written, or removed, inside DIR.
    #[command(
        after_help = "Examples:\n  warraq build examples/series/series.toml --out build --omnibus\n  warraq build essays/ --to pdf --jobs 2 --json > report.json"
    )]
    Build(BuildArgs),
}

#[derive(Args, Debug)]
struct BuildArgs {
    /// Text or Markdown files, a directory of .txt and .md files, or one series.toml.
    #[arg(required = true)]
    inputs: Vec<PathBuf>,
    /// Formats, comma-separated.
    #[arg(long = "to", short = 't', default_value = "epub,pdf", value_delimiter = ',',
          value_parser = formats())]
    to: Vec<String>,
    /// Output directory.
    #[arg(long = "out", short = 'o', value_name = "DIR", default_value = "build")]
    out: PathBuf,
    /// Also build one volume with every part, in order.
    #[arg(long)]
    omnibus: bool,
    /// Parts built at once [default: one per core]; never more than the parts, nor 4 × the cores.
    #[arg(long, short = 'j', default_value_t = 0)]
    jobs: usize,
    /// Print a JSON report on standard output.
    #[arg(long)]
    json: bool,
    /// Rebuild every part, changed or not, and replace read-only outputs (keeping their mode).
    #[arg(long)]
    force: bool,
    /// Paper for PDF: a4, a5, letter or WIDTHxHEIGHT in millimetres [default: the manifest's, else a5].
    #[arg(long)]
    paper: Option<String>,
    /// Regular face instead of Amiri (TTF or OTF).
    #[arg(long, value_name = "PATH")]
    font: Option<PathBuf>,
    /// Bold face for headings.
    #[arg(long, value_name = "PATH")]
    font_bold: Option<PathBuf>,
    /// How PDF fills justified Arabic lines: kashida or spaces [default: the manifest's, else kashida].
    #[arg(long, value_parser = ["kashida", "spaces"])]
    justify: Option<String>,
    /// Keep trailing site boilerplate as text.
    #[arg(long)]
    keep_boilerplate: bool,
    /// Print nothing but errors.
    #[arg(long, short = 'q')]
    quiet: bool,
}

#[derive(Args, Debug)]
struct ConvertArgs {
    /// The essay: UTF-8, UTF-16 with BOM or Windows-1256 text (.md and .markdown read as Markdown); - reads standard input.
    input: String,
    /// Input format [default: markdown for .md and .markdown, else text].
    #[arg(long, value_parser = ["text", "markdown"])]
    from: Option<String>,
    /// Output format [default: from -o's extension, else epub].
    #[arg(long = "to", short = 't', value_parser = formats())]
    to: Option<String>,
    /// Output file; - writes standard output [default: INPUT with the format's extension].
    #[arg(long, short = 'o')]
    output: Option<String>,
    /// Title, instead of the first line.
    #[arg(long)]
    title: Option<String>,
    /// Author, instead of the detected one.
    #[arg(long)]
    author: Option<String>,
    /// Series name, instead of the one read from the title.
    #[arg(long)]
    series: Option<String>,
    /// Part number within the series.
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..))]
    part: Option<u32>,
    /// Language as a BCP 47 tag (ar, en, fa…); sets the direction too.
    #[arg(long)]
    lang: Option<String>,
    /// Keep trailing site boilerplate ("Exit mobile version"…) as text.
    #[arg(long)]
    keep_boilerplate: bool,
    /// Regular face to use instead of Amiri (TTF or OTF).
    #[arg(long, value_name = "PATH")]
    font: Option<PathBuf>,
    /// Bold face for headings [default: Amiri Bold, or --font].
    #[arg(long, value_name = "PATH")]
    font_bold: Option<PathBuf>,
    /// Paper for PDF: a4, a5, letter or WIDTHxHEIGHT in millimetres.
    #[arg(long, default_value = "a5")]
    paper: String,
    /// How PDF fills justified Arabic lines: kashida (elongate words first,
    /// then widen spaces a little) or spaces (widen spaces only). Latin text
    /// always uses spaces.
    #[arg(long, default_value = "kashida", value_parser = ["kashida", "spaces"])]
    justify: String,
    /// The book's identifier (an ISBN, a URN, a URL) [default: derived from title, series, part, author and language].
    #[arg(long, value_name = "ID")]
    identifier: Option<String>,
    /// Publication date, YYYY-MM-DD [default: SOURCE_DATE_EPOCH's, else none].
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    date: Option<i64>,
    /// Cover image for EPUB, PNG or JPEG [default: a typographic cover].
    #[arg(long, value_name = "FILE")]
    cover: Option<PathBuf>,
    /// Print nothing but errors.
    #[arg(long, short = 'q')]
    quiet: bool,
}

/// The `--to` values, each with its backend's one-line summary for `--help`.
fn formats() -> clap::builder::PossibleValuesParser {
    clap::builder::PossibleValuesParser::new(
        backend::BACKENDS.iter().map(|b| clap::builder::PossibleValue::new(b.name()).help(b.summary())),
    )
}

/// Runs the parsed command.
pub fn run(cli: Cli) -> Result<()> {
    match cli.command {
        Command::Convert(args) => convert(args),
        Command::Build(args) => build(args),
    }
}

fn build(args: BuildArgs) -> Result<()> {
    let paper = args.paper.as_deref().map(Paper::parse).transpose()?;
    let plan = warraq::BuildPlan {
        inputs: args.inputs,
        formats: args.to,
        out_dir: args.out,
        omnibus: args.omnibus,
        jobs: args.jobs,
        force: args.force,
        paper,
        font: args.font,
        font_bold: args.font_bold,
        keep_boilerplate: args.keep_boilerplate,
        source_date_epoch: source_date_epoch()?,
        justify: args.justify.as_deref().map(backend::Justify::parse).transpose()?,
    };
    let bar = indicatif::ProgressBar::with_draw_target(None, indicatif::ProgressDrawTarget::stderr());
    if args.quiet || !std::io::stderr().is_terminal() {
        bar.set_draw_target(indicatif::ProgressDrawTarget::hidden());
    }
    if let Ok(style) = indicatif::ProgressStyle::with_template("{bar:30} {pos}/{len} {wide_msg}") {
        bar.set_style(style);
    }
    let report = warraq::build_with_progress(&plan, &|progress| match progress {
        warraq::Progress::Started { steps } => bar.set_length(steps as u64),
        warraq::Progress::Done { name } => {
            bar.inc(1);
            bar.set_message(name.to_string());
        }
    })?;
    bar.finish_and_clear();
    if args.json {
        let mut json = serde_json::to_vec_pretty(&report)?;
        json.push(b'\n');
        std::io::stdout().lock().write_all(&json).context("cannot write to standard output")?;
    }
    if !args.quiet {
        for warning in report.warnings.iter().chain(report.parts.iter().flat_map(|p| &p.warnings)) {
            eprintln!("warraq: warning: {warning}");
        }
    }
    for part in report.parts.iter().filter_map(|p| p.error.as_ref()) {
        eprintln!("warraq: error: {part}");
    }
    if let Some(error) = report.omnibus.as_ref().and_then(|o| o.error.as_ref()) {
        eprintln!("warraq: error: {error}");
    }
    let failed = report.parts.iter().filter(|p| p.error.is_some()).count();
    if !args.quiet && std::io::stderr().is_terminal() {
        let skipped = report.parts.iter().filter(|p| p.skipped).count();
        let omnibus = if report.omnibus.is_some() { " and an omnibus" } else { "" };
        eprintln!(
            "warraq: {} parts{omnibus} in {} ({} unchanged, {failed} failed) in {:.0} ms",
            report.parts.len(),
            report.out_dir,
            skipped,
            report.milliseconds
        );
    }
    if report.failed() {
        bail!("{failed} of {} parts failed", report.parts.len());
    }
    Ok(())
}

fn convert(args: ConvertArgs) -> Result<()> {
    let format =
        args.to.clone().or_else(|| format_from_extension(args.output.as_deref())).unwrap_or_else(|| "epub".into());
    let backend = backend::find(&format).with_context(|| format!("unknown format {format}"))?;
    let target = match (&args.output, args.input.as_str()) {
        (Some(path), _) if path == "-" => None,
        (Some(path), _) => Some(PathBuf::from(path)),
        (None, "-") => None,
        (None, input) => Some(Path::new(input).with_extension(backend.extension())),
    };
    if let Some(target) = &target
        && args.input != "-"
        && (Path::new(&args.input) == target || output::same_file(Path::new(&args.input), target))
    {
        bail!("{}: refusing to overwrite the input with the output", target.display());
    }

    let (source, bytes) = read_input(&args.input)?;
    let fonts = FontSet::with_files(args.font.as_deref(), args.font_bold.as_deref())?;
    let paper = Paper::parse(&args.paper)?;
    let identifier = match args.identifier.as_deref().map(str::trim) {
        Some(id) if id.is_empty() || id.chars().any(char::is_control) => {
            bail!("--identifier: expected a non-empty identifier without control characters")
        }
        id => id.map(str::to_string),
    };
    let render_options = RenderOptions {
        fonts: Arc::new(fonts),
        source_date_epoch: args.date.map_or_else(source_date_epoch, |date| Ok(Some(date)))?,
        paper,
        justify: backend::Justify::parse(&args.justify)?,
        identifier,
        cover: args.cover.as_deref().map(read_cover).transpose()?.map(Arc::from),
    };
    let overrides =
        Overrides { title: args.title, author: args.author, series: args.series, part: args.part, lang: args.lang };
    let read_options = ReadOptions { keep_boilerplate: args.keep_boilerplate };
    let from = args.from.as_deref().and_then(Format::from_name);
    let from = from.unwrap_or_else(|| Format::of_path(Path::new(&args.input)));
    let (rendered, reading) =
        warraq::convert_from(&bytes, &source, from, &read_options, &overrides, backend, &render_options)?;
    if !args.quiet {
        for notice in &reading.notices {
            eprintln!("warraq: {source}:{}: {}", notice.line, notice.message);
        }
        for warning in &rendered.warnings {
            eprintln!("warraq: {source}: warning: {warning}");
        }
    }
    match target {
        Some(path) => output::write_atomically(&path, &rendered.bytes),
        None => std::io::stdout().lock().write_all(&rendered.bytes).context("cannot write to standard output"),
    }
}

fn format_from_extension(output: Option<&str>) -> Option<String> {
    let extension = Path::new(output?).extension()?.to_str()?.to_ascii_lowercase();
    backend::find(&extension).map(|backend| backend.name().to_string())
}

/// The input's display name and bytes.
fn read_input(input: &str) -> Result<(String, Vec<u8>)> {
    if input == "-" {
        let limit = warraq::size_limit("WARRAQ_MAX_INPUT_MB", warraq::MAX_INPUT_BYTES);
        let bytes = warraq::read_limited(std::io::stdin().lock(), limit, "WARRAQ_MAX_INPUT_MB")
            .map_err(|error| anyhow::anyhow!("<stdin>: cannot read: {error}"))?;
        return Ok(("<stdin>".into(), bytes));
    }
    Ok((input.to_string(), warraq::read_file(Path::new(input))?))
}

/// The `--cover` image's bytes: a PNG or a JPEG, refused otherwise.
fn read_cover(path: &Path) -> Result<Vec<u8>> {
    let bytes = warraq::read_file_limited(path, warraq::MAX_FONT_BYTES, "WARRAQ_MAX_FONT_MB")?;
    if !bytes.starts_with(b"\x89PNG\r\n\x1a\n") && !bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        bail!("{}: --cover takes a PNG or JPEG image", path.display());
    }
    Ok(bytes)
}

/// `--date`'s YYYY-MM-DD as seconds since 1970 (midnight UTC), for the
/// same stamp SOURCE_DATE_EPOCH gives.
fn parse_date(text: &str) -> Result<i64, String> {
    warraq::date_seconds(text).ok_or_else(|| format!("{text:?}: expected a date YYYY-MM-DD from 1970 to 9999"))
}

/// SOURCE_DATE_EPOCH, if set: whole seconds from 1970 up to the end of 9999
/// (the years an EPUB date can hold); anything else is an error.
fn source_date_epoch() -> Result<Option<i64>> {
    const END_OF_9999: i64 = 253_402_300_799;
    let Ok(text) = std::env::var("SOURCE_DATE_EPOCH") else { return Ok(None) };
    match text.trim().parse::<i64>() {
        Ok(seconds) if (0..=END_OF_9999).contains(&seconds) => Ok(Some(seconds)),
        _ => bail!("SOURCE_DATE_EPOCH={text:?}: expected whole seconds since 1970, up to the year 9999"),
    }
}
