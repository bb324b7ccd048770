//! `cartograph status`: what changed since the last docs run (against the committed
//! `index.json`), which pages are stale, and the estimated cost to refresh them. Reads the
//! working tree and the docs folder only, so it answers while a run holds the lock.

use crate::app::Context;
use crate::exit::Exit;
use crate::out::sayln;
use anyhow::Result;
use cartograph_pipeline::output::{read_front_matter, DocsFolder};
use cartograph_scan::{read_source, walk, WalkOptions};
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Serialize)]
struct Status {
    docs_dir: String,
    last_commit: Option<String>,
    changed: Vec<String>,
    added: Vec<String>,
    removed: Vec<String>,
    stale_pages: Vec<String>,
    degraded_pages: Vec<String>,
    /// `None` while another run holds the lock (the estimate needs the cache) or when a price is
    /// unknown.
    estimated_cost_usd: Option<f64>,
    run_in_progress: Option<String>,
}

pub fn run(context: &Context) -> Result<Exit> {
    let docs_dir = context.docs_dir();
    let folder = DocsFolder::open(&context.root, &docs_dir)?;
    let index = folder
        .read("index.json")
        .and_then(|bytes| cartograph_render::parse_index_json(&bytes));
    let mut status = Status {
        docs_dir: docs_dir.clone(),
        last_commit: index.as_ref().and_then(|index| index.commit.clone()),
        changed: Vec::new(),
        added: Vec::new(),
        removed: Vec::new(),
        stale_pages: Vec::new(),
        degraded_pages: Vec::new(),
        estimated_cost_usd: None,
        run_in_progress: cartograph_store::RunLock::holder(&context.state_dir().join("lock"))
            .map(|holder| holder.to_string()),
    };
    let known: BTreeMap<String, String> = index
        .as_ref()
        .map(|index| {
            index
                .files
                .iter()
                .map(|file| (file.path.to_string(), file.hash.to_hex()))
                .collect()
        })
        .unwrap_or_default();
    let walked = walk(&WalkOptions {
        root: context.root.clone(),
        exclude: context.config.scan.exclude.clone(),
        skip_dirs: vec![".cartograph".into(), docs_dir.clone()],
    })?;
    let mut seen = std::collections::BTreeSet::new();
    let classifier =
        cartograph_scan::Classifier::new(&context.root, &context.config.scan.local_only)?;
    for candidate in &walked.candidates {
        let path = candidate.path.to_string();
        seen.insert(path.clone());
        match known.get(&path) {
            None => status.added.push(path),
            // Secret files are listed by path and never opened, here as everywhere.
            Some(_) if classifier.flags(&candidate.path).secret => {}
            Some(hash) => {
                if let Ok(source) =
                    read_source(&candidate.absolute, context.config.scan.max_file_bytes)
                {
                    if source.hash.to_hex() != *hash {
                        status.changed.push(path);
                    }
                }
            }
        }
    }
    status.removed = known
        .keys()
        .filter(|path| !seen.contains(*path))
        .cloned()
        .collect();
    for page in [
        "index.md",
        "architecture.md",
        "onboarding.md",
        "dependencies.md",
    ]
    .iter()
    .map(|page| page.to_string())
    .chain(folder.module_pages())
    {
        let Some(front) = folder.read(&page).as_deref().and_then(read_front_matter) else {
            continue;
        };
        if front.stale {
            status.stale_pages.push(page.clone());
        }
        if front.degraded {
            status.degraded_pages.push(page);
        }
    }
    if status.run_in_progress.is_none() {
        status.estimated_cost_usd = super::plan::estimate(context).ok().flatten();
    }
    if context.global_json {
        super::print_json(&status)?;
        return Ok(Exit::Done);
    }
    match (&index, &status.last_commit) {
        (None, _) => sayln!("no docs yet in {docs_dir}: run `cartograph docs`"),
        (Some(_), Some(commit)) => sayln!(
            "docs in {docs_dir}, last generated at {}",
            &commit[..commit.len().min(12)]
        ),
        (Some(_), None) => sayln!("docs in {docs_dir}"),
    }
    if let Some(holder) = &status.run_in_progress {
        sayln!("a run is in progress: {holder}");
    }
    sayln!(
        "since then: {} changed, {} added, {} removed",
        status.changed.len(),
        status.added.len(),
        status.removed.len()
    );
    for path in status.changed.iter().take(20) {
        sayln!("  M {path}");
    }
    for path in status.added.iter().take(20) {
        sayln!("  A {path}");
    }
    for path in status.removed.iter().take(20) {
        sayln!("  D {path}");
    }
    if !status.stale_pages.is_empty() {
        sayln!("stale pages: {}", status.stale_pages.join(", "));
    }
    match status.estimated_cost_usd {
        Some(cost) => sayln!("estimated cost to refresh: ${cost:.4}"),
        None => sayln!(
            "estimated cost to refresh: unknown (a run holds the cache, or a price is unknown)"
        ),
    }
    Ok(Exit::Done)
}
