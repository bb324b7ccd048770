//! `cartograph prompts`: the prompts in use, their versions, hashes and origins.

use crate::app::Context;
use crate::exit::Exit;
use crate::out::sayln;
use anyhow::Result;
use cartograph_pipeline::prompts::Prompts;
use serde::Serialize;

#[derive(Serialize)]
struct PromptRow {
    name: String,
    version: u32,
    hash: String,
    origin: String,
    description: String,
}

pub fn run(context: &Context) -> Result<Exit> {
    let prompts = Prompts::load(context.prompts_dir().as_deref())?;
    let rows: Vec<PromptRow> = prompts
        .all()
        .map(|prompt| PromptRow {
            name: prompt.name.clone(),
            version: prompt.version,
            hash: prompt.hash.to_hex(),
            origin: prompt.origin.clone(),
            description: prompt.description.clone(),
        })
        .collect();
    if context.global_json {
        super::print_json(&rows)?;
    } else {
        for row in &rows {
            sayln!(
                "{:<14} v{:<3} {}  {}",
                row.name,
                row.version,
                &row.hash[..12],
                row.origin
            );
            sayln!("{:<14}      {}", "", row.description);
        }
    }
    Ok(Exit::Done)
}
