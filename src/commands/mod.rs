//! One module per command; `dispatch` picks it.

mod map;

use crate::app::Context;
use crate::cli::{Cli, Command};
use crate::exit::{coded, Exit};
use anyhow::Result;

pub fn dispatch(cli: &Cli) -> Result<Exit> {
    match &cli.command {
        Command::Map { structural } => {
            let context = Context::load(&cli.global)?;
            map::run(&context, cli.global.wait, *structural)
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
