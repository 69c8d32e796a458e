//! Command-line arguments (clap) and what each command does with them.

use anyhow::{Context, Result, bail};
use clap::{Args, Parser, Subcommand};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use warraq::backend::pdf::page::Paper;
use warraq::backend::{self, RenderOptions};
use warraq::fonts::FontSet;
use warraq::read::ReadOptions;
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
    /// Convert one essay (a plain-text file, or - for standard input).
    Convert(ConvertArgs),
}

#[derive(Args, Debug)]
struct ConvertArgs {
    /// The essay: UTF-8, UTF-16 with BOM or Windows-1256 text; - reads standard input.
    input: String,
    /// Output format [default: from -o's extension, else epub].
    #[arg(long = "to", short = 't', value_parser = clap::builder::PossibleValuesParser::new(backend::names()))]
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
    /// Print nothing but errors.
    #[arg(long, short = 'q')]
    quiet: bool,
}

/// Runs the parsed command.
pub fn run(cli: Cli) -> Result<()> {
    match cli.command {
        Command::Convert(args) => convert(args),
    }
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
    let render_options = RenderOptions { fonts: Arc::new(fonts), source_date_epoch: source_date_epoch(), paper };
    let overrides =
        Overrides { title: args.title, author: args.author, series: args.series, part: args.part, lang: args.lang };
    let read_options = ReadOptions { keep_boilerplate: args.keep_boilerplate };
    let (rendered, reading) = warraq::convert(&bytes, &source, &read_options, &overrides, backend, &render_options)?;
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
        let mut bytes = Vec::new();
        std::io::stdin().lock().read_to_end(&mut bytes).context("<stdin>: cannot read")?;
        return Ok(("<stdin>".into(), bytes));
    }
    let bytes = std::fs::read(input).map_err(|error| anyhow::anyhow!("{input}: cannot read: {}", io_reason(&error)))?;
    Ok((input.to_string(), bytes))
}

fn io_reason(error: &std::io::Error) -> String {
    match error.kind() {
        std::io::ErrorKind::NotFound => "no such file".into(),
        std::io::ErrorKind::IsADirectory => "is a directory".into(),
        _ => error.to_string(),
    }
}

fn source_date_epoch() -> Option<i64> {
    std::env::var("SOURCE_DATE_EPOCH").ok()?.trim().parse().ok()
}
