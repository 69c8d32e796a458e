//! The `warraq` command line: parses arguments, calls the library, prints one-line errors.

mod cli;

use std::process::ExitCode;

fn main() -> ExitCode {
    let args = <cli::Cli as clap::Parser>::parse();
    match cli::run(args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("warraq: error: {error:#}");
            ExitCode::from(1)
        }
    }
}
