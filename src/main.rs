//! The `cartograph` binary: parses arguments, builds the store and providers from the
//! configuration, runs one command and maps its result to an exit code. All the work lives in
//! the library crates.

mod alloc;
mod app;
mod cli;
mod commands;
mod exit;
mod out;

use clap::Parser;

fn main() -> std::process::ExitCode {
    alloc::install();
    let cli = cli::Cli::parse();
    app::init_logging(cli.global.verbose, cli.global.quiet);
    let code = match commands::dispatch(&cli) {
        Ok(code) => code,
        Err(error) => exit::report(&error, cli.global.verbose),
    };
    std::process::ExitCode::from(code as u8)
}
