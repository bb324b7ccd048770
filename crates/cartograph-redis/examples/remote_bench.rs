//! Reads N records of about 1 KB from the team cache into an empty local store three ways:
//! `get_many` in batches of 500 (one MGET each), one `get` per key (one round trip each), and
//! with no remote at all (every key a miss), and prints them side by side. Spawns its own
//! redis-server on a free loopback port.
//!
//! `cargo run -p cartograph-redis --example remote_bench [-- N]` (add `--release` to time an
//! optimized build; the network dominates either way).

use std::error::Error;
use std::sync::Arc;
use std::time::{Duration, Instant};

use cartograph_redis::{RedisStore, RemoteConfig, RemoteStats, SecretString, Store, TieredStore};
use cartograph_store::MemoryStore;

// The benchmark needs only part of the tests' server helper.
#[allow(dead_code)]
#[path = "../tests/support/server.rs"]
mod server;

const TREE: &str = "summaries-v1";
const BATCH: usize = 500;
const RECORD_BYTES: usize = 1024;

fn main() -> Result<(), Box<dyn Error>> {
    let n_records: usize = match std::env::args().nth(1) {
        Some(arg) => arg.parse()?,
        None => 5_000,
    };
    let Some(server) = server::RedisServer::start() else {
        return Ok(());
    };
    let config = RemoteConfig::new(
        server.url(),
        "bench",
        SecretString::from("benchmark team secret"),
    );
    let keys: Vec<Vec<u8>> = (0..n_records)
        .map(|n| blake3::hash(&n.to_le_bytes()).as_bytes().to_vec())
        .collect();

    let started = Instant::now();
    let writer = tiered(&config)?;
    for (n, key) in keys.iter().enumerate() {
        writer.put(TREE, key, &record(n))?;
        // Stay within the write queue, as a run's natural pace does.
        if (n + 1).is_multiple_of(BATCH) {
            writer.flush()?;
        }
    }
    writer.flush()?;
    let fill = started.elapsed();
    let written = writer.stats().remote_writes;
    println!(
        "filled redis with {written} of {n_records} records of {RECORD_BYTES} B through one \
         TieredStore in {fill:.2?} ({:.0} records/s)",
        rate(n_records, fill)
    );
    if written != n_records as u64 {
        return Err(format!("only {written} of {n_records} records reached redis").into());
    }

    let batched = tiered(&config)?;
    let (batched_time, batched_found) = time(|| {
        let mut found = 0;
        for chunk in keys.chunks(BATCH) {
            found += batched.get_many(TREE, chunk)?.iter().flatten().count();
        }
        Ok(found)
    })?;

    let single = tiered(&config)?;
    let (single_time, single_found) = time(|| {
        let mut found = 0;
        for key in &keys {
            found += usize::from(single.get(TREE, key)?.is_some());
        }
        Ok(found)
    })?;

    let local_only = MemoryStore::default();
    let (local_time, local_found) = time(|| {
        let mut found = 0;
        for chunk in keys.chunks(BATCH) {
            found += local_only.get_many(TREE, chunk)?.iter().flatten().count();
        }
        Ok(found)
    })?;

    let (warm_time, warm_found) = time(|| {
        let mut found = 0;
        for chunk in keys.chunks(BATCH) {
            found += batched.get_many(TREE, chunk)?.iter().flatten().count();
        }
        Ok(found)
    })?;

    println!();
    println!(
        "{:<44} {:>10} {:>12} {:>7} {:>11}",
        "read all keys into an empty local store", "total", "records/s", "found", "round trips"
    );
    let row = |name: &str, elapsed: Duration, found: usize, round_trips: String| {
        println!(
            "{name:<44} {:>10} {:>12.0} {found:>7} {round_trips:>11}",
            format!("{elapsed:.2?}"),
            rate(n_records, elapsed)
        );
    };
    row(
        &format!("get_many, batches of {BATCH} (MGET)"),
        batched_time,
        batched_found,
        n_records.div_ceil(BATCH).to_string(),
    );
    row(
        "get, one key at a time",
        single_time,
        single_found,
        n_records.to_string(),
    );
    row(
        "no remote (local only, all misses)",
        local_time,
        local_found,
        "0".to_string(),
    );
    row(
        "again, now warm locally (get_many)",
        warm_time,
        warm_found,
        "0".to_string(),
    );
    println!();
    print_stats("batched reader", &batched.stats());
    print_stats("one-by-one reader", &single.stats());
    Ok(())
}

fn tiered(config: &RemoteConfig) -> Result<TieredStore, Box<dyn Error>> {
    let remote = RedisStore::connect(config)?;
    Ok(TieredStore::new(
        Arc::new(MemoryStore::default()),
        remote,
        [TREE],
    )?)
}

/// About 1 KB of summary-like text, different per record.
fn record(n: usize) -> Vec<u8> {
    let line = format!("record {n}: this file parses the pipeline configuration and checks it. ");
    line.bytes().cycle().take(RECORD_BYTES).collect()
}

fn time(
    read: impl FnOnce() -> Result<usize, Box<dyn Error>>,
) -> Result<(Duration, usize), Box<dyn Error>> {
    let started = Instant::now();
    let found = read()?;
    Ok((started.elapsed(), found))
}

fn rate(n_records: usize, elapsed: Duration) -> f64 {
    n_records as f64 / elapsed.as_secs_f64().max(f64::EPSILON)
}

fn print_stats(name: &str, stats: &RemoteStats) {
    println!(
        "{name}: remote_hits {}, misses {}, rejected {}, remote_errors {}, bytes_read {}",
        stats.remote_hits,
        stats.misses,
        stats.rejected_records,
        stats.remote_errors,
        stats.bytes_read
    );
}
