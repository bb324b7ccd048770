//! `cartograph cache stats | verify | gc | clear`: the local cache.

use crate::app::Context;
use crate::exit::Exit;
use crate::out::sayln;
use anyhow::{Context as _, Result};
use cartograph_store::{SledStore, Store};
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Serialize)]
struct TreeStats {
    entries: u64,
    bytes: u64,
}

#[derive(Serialize)]
struct CacheStats {
    path: String,
    size_on_disk: u64,
    trees: BTreeMap<String, TreeStats>,
    ledger_bytes: u64,
    /// The team cache's counters, summed over runs, when `[cache] remote` is set.
    remote: Option<serde_json::Value>,
}

pub fn stats(context: &Context, wait: bool) -> Result<Exit> {
    let (_lock, store) = context.open_store(wait, "cache stats")?;
    let mut trees = BTreeMap::new();
    for name in store.tree_names()? {
        let mut stats = TreeStats {
            entries: 0,
            bytes: 0,
        };
        store.for_each(&name, &mut |key, value| {
            stats.entries += 1;
            stats.bytes += (key.len() + value.len()) as u64;
            true
        })?;
        trees.insert(name, stats);
    }
    let report = CacheStats {
        path: store.path().display().to_string(),
        size_on_disk: store.size_on_disk(),
        trees,
        ledger_bytes: std::fs::metadata(context.state_dir().join("ledger.jsonl"))
            .map(|metadata| metadata.len())
            .unwrap_or(0),
        remote: std::fs::read(context.state_dir().join("remote-stats.json"))
            .ok()
            .and_then(|bytes| serde_json::from_slice(&bytes).ok()),
    };
    if context.global_json {
        super::print_json(&report)?;
    } else {
        sayln!("cache      {}", report.path);
        sayln!("on disk    {:.1} MB", report.size_on_disk as f64 / 1e6);
        for (name, tree) in &report.trees {
            sayln!(
                "  {name:<16} {:>8} entries  {:>10.1} KB",
                tree.entries,
                tree.bytes as f64 / 1e3
            );
        }
        sayln!("ledger     {:.1} KB", report.ledger_bytes as f64 / 1e3);
        if let Some(remote) = &report.remote {
            let field = |key: &str| {
                remote
                    .get(key)
                    .and_then(|value| value.as_u64())
                    .unwrap_or(0)
            };
            sayln!(
                "remote     {} local hits, {} remote hits, {} misses, {} rejected records, {:.1} KB read, {:.1} KB written",
                field("local_hits"),
                field("remote_hits"),
                field("misses"),
                field("rejected_records"),
                field("bytes_read") as f64 / 1e3,
                field("bytes_written") as f64 / 1e3
            );
        }
    }
    Ok(Exit::Done)
}

#[derive(Serialize)]
struct VerifyReport {
    moved_aside: Option<String>,
    records: u64,
    bad_records: u64,
    removed: u64,
}

/// Opens the cache (a cache that does not open is moved aside and rebuilt), then decodes every
/// JSON record and removes the ones that do not decode.
pub fn verify(context: &Context, wait: bool) -> Result<Exit> {
    let state = context.state_dir();
    let _lock = cartograph_store::RunLock::acquire(&state.join("lock"), wait, "cache verify")?;
    let (store, opened) = SledStore::open(&state.join("cache"))?;
    let mut report = VerifyReport {
        moved_aside: opened
            .moved_aside
            .map(|(path, reason)| format!("{} ({reason})", path.display())),
        records: 0,
        bad_records: 0,
        removed: 0,
    };
    for name in store.tree_names()? {
        let mut bad = Vec::new();
        store.for_each(&name, &mut |key, value| {
            report.records += 1;
            if !cartograph_pipeline::record_is_valid(&name, value) {
                bad.push(key.to_vec());
            }
            true
        })?;
        report.bad_records += bad.len() as u64;
        for key in bad {
            store.remove(&name, &key)?;
            report.removed += 1;
        }
    }
    store.flush()?;
    if context.global_json {
        super::print_json(&report)?;
    } else {
        match &report.moved_aside {
            Some(aside) => sayln!("the cache did not open cleanly; moved to {aside} and rebuilt"),
            None => sayln!("cache opens cleanly"),
        }
        sayln!(
            "{} records checked, {} bad (removed)",
            report.records,
            report.bad_records
        );
    }
    Ok(if report.bad_records == 0 && report.moved_aside.is_none() {
        Exit::Done
    } else {
        Exit::Degraded
    })
}

/// Drops trees written by other versions of cartograph (their names carry the version).
pub fn gc(context: &Context, wait: bool) -> Result<Exit> {
    let (_lock, store) = context.open_store(wait, "cache gc")?;
    let current = cartograph_pipeline::cache_trees();
    let mut dropped = Vec::new();
    for name in store.tree_names()? {
        if !current.contains(&name) {
            store.clear_tree(&name)?;
            dropped.push(name);
        }
    }
    store.flush()?;
    if context.global_json {
        super::print_json(&serde_json::json!({ "dropped_trees": dropped }))?;
    } else if dropped.is_empty() {
        sayln!("nothing to collect");
    } else {
        sayln!(
            "dropped {} old tree(s): {}",
            dropped.len(),
            dropped.join(", ")
        );
    }
    Ok(Exit::Done)
}

/// Removes the cache and lens's files (the term index and the stored question index); keeps
/// the ledger (the cost history).
pub fn clear(context: &Context, wait: bool) -> Result<Exit> {
    let state = context.state_dir();
    let _lock = cartograph_store::RunLock::acquire(&state.join("lock"), wait, "cache clear")?;
    for dir in [state.join("cache"), state.join("lens")] {
        if dir.exists() {
            std::fs::remove_dir_all(&dir)
                .with_context(|| format!("cannot remove `{}`", dir.display()))?;
        }
    }
    if !context.quiet {
        sayln!("cache cleared (the ledger is kept)");
    }
    Ok(Exit::Done)
}
