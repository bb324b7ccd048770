//! One module per command; `dispatch` picks it.

mod cache;
mod init;
mod map;
mod prompts;

use crate::app::Context;
use crate::cli::{CacheAction, Cli, Command};
use crate::exit::{coded, Exit};
use anyhow::Result;

pub fn dispatch(cli: &Cli) -> Result<Exit> {
    match &cli.command {
        Command::Map { structural } => {
            let context = Context::load(&cli.global)?;
            map::run(&context, cli.global.wait, *structural)
        }
        Command::Init { force } => init::run(&cli.global, *force),
        Command::Prompts => prompts::run(&Context::load(&cli.global)?),
        Command::Cache { action } => {
            let context = Context::load(&cli.global)?;
            match action {
                CacheAction::Stats => cache::stats(&context, cli.global.wait),
                CacheAction::Verify => cache::verify(&context, cli.global.wait),
                CacheAction::Gc => cache::gc(&context, cli.global.wait),
                CacheAction::Clear => cache::clear(&context, cli.global.wait),
            }
        }
        other => Err(coded(
            Exit::Usage,
            format!("`cartograph {}` is not built yet in this version", other.name()),
        )),
    }
}

/// Prints a value as pretty JSON on stdout.
pub fn print_json<T: serde::Serialize>(value: &T) -> Result<()> {
    println!("{}", serde_json::to_string_pretty(value)?);
    Ok(())
}
