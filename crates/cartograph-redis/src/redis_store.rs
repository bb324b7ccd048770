//! The remote tier alone: signed records in Redis under one namespace, reached through a
//! bounded connection pool and a circuit breaker, with a background writer for writes that must
//! not wait. Decides nothing about which trees are shared; that is the tiered store's job.

use std::fmt;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc::{self, Receiver, SyncSender, TrySendError};
use std::sync::{Arc, Condvar, Mutex, PoisonError};
use std::time::Duration;

use cartograph_store::{Store, StoreError};
use redis::{Connection, RedisResult};
use secrecy::ExposeSecret;

use crate::breaker::Breaker;
use crate::connection::ConnectionPool;
use crate::record::{self, RecordAddress, SigningKey};
use crate::{RemoteConfig, RemoteError, RemoteStats};

/// Keys per MGET. Callers batch by a few hundred; this only bounds a huge `get_many` so that one
/// reply does not grow without limit.
const MGET_CHUNK: usize = 1000;
/// Writes per pipeline of the background writer.
const WRITE_BATCH: usize = 256;
/// Keys asked per SCAN step.
const SCAN_COUNT: usize = 500;
/// The longest TTL we ask for (about 10 years), so `ttl_days` cannot overflow Redis.
const MAX_TTL_SECONDS: u64 = 10 * 366 * 86_400;

/// The team cache in Redis, scoped to one namespace. Implements [`Store`]:
///
/// - `get`/`get_many` read with MGET (one round trip per 1,000 keys) and return only records
///   that verify; the rest are counted as rejected and read as missing.
/// - `put`/`remove` write synchronously (SET with EX / DEL); [`crate::TieredStore`] uses the
///   background writer instead.
/// - `for_each`, `tree_names` and `clear_tree` SCAN this namespace only; `for_each` collects a
///   tree's keys in memory to visit them in key order. They are for tools, not the hot path.
/// - `flush` waits (bounded by `flush_wait`) for queued background writes.
///
/// Every call fails fast with [`StoreError::Remote`] while the breaker is open.
pub struct RedisStore {
    shared: Arc<Shared>,
    /// Dropping it lets the writer thread finish the queue and end.
    write_queue: SyncSender<WriteJob>,
}

struct Shared {
    namespace: String,
    ttl_seconds: Option<u64>,
    signing_key: SigningKey,
    pool: ConnectionPool,
    breaker: Breaker,
    counters: Counters,
    rejected_warned: AtomicBool,
    pending_writes: PendingWrites,
    flush_wait: Duration,
}

#[derive(Default)]
pub(crate) struct Counters {
    pub(crate) local_hits: AtomicU64,
    pub(crate) remote_hits: AtomicU64,
    pub(crate) misses: AtomicU64,
    remote_writes: AtomicU64,
    dropped_writes: AtomicU64,
    rejected_records: AtomicU64,
    remote_errors: AtomicU64,
    bytes_read: AtomicU64,
    bytes_written: AtomicU64,
}

pub(crate) fn bump(counter: &AtomicU64, by: usize) {
    counter.fetch_add(by as u64, Ordering::Relaxed);
}

enum WriteJob {
    Set {
        redis_key: String,
        record: Vec<u8>,
    },
    /// Renews the TTL of records that were just read remotely; one job per read.
    Touch {
        redis_keys: Vec<String>,
    },
}

/// Queued writes not yet done, so that `flush` can wait for them.
#[derive(Default)]
struct PendingWrites {
    count: Mutex<usize>,
    drained: Condvar,
}

impl PendingWrites {
    fn add(&self, n: usize) {
        *self.count.lock().unwrap_or_else(PoisonError::into_inner) += n;
    }

    fn finish(&self, n: usize) {
        let mut count = self.count.lock().unwrap_or_else(PoisonError::into_inner);
        *count = count.saturating_sub(n);
        if *count == 0 {
            self.drained.notify_all();
        }
    }

    fn wait(&self, timeout: Duration) -> bool {
        let count = self.count.lock().unwrap_or_else(PoisonError::into_inner);
        let (count, _) = self
            .drained
            .wait_timeout_while(count, timeout, |count| *count > 0)
            .unwrap_or_else(PoisonError::into_inner);
        *count == 0
    }
}

impl fmt::Debug for RedisStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RedisStore")
            .field("endpoint", &self.shared.pool.endpoint)
            .field("namespace", &self.shared.namespace)
            .field("breaker_open", &self.shared.breaker.is_open())
            .finish_non_exhaustive()
    }
}

impl RedisStore {
    /// Connects to the team cache and checks it with a PING.
    ///
    /// Fails only on configuration errors (bad URL, password in the URL, bad namespace, no
    /// team secret). When Redis cannot be reached, it still returns a store, with the breaker
    /// open and one warning logged: the run goes on local only, and a call after the cooldown
    /// tries again.
    pub fn connect(config: &RemoteConfig) -> Result<RedisStore, StoreError> {
        if !record::is_valid_name(&config.namespace) {
            return Err(RemoteError::InvalidNamespace(config.namespace.clone()).into());
        }
        if config.secret.expose_secret().is_empty() {
            return Err(RemoteError::MissingSecret.into());
        }
        let pool = ConnectionPool::new(&config.url, config.password.clone(), &config.limits)?;
        let limits = &config.limits;
        let shared = Arc::new(Shared {
            namespace: config.namespace.clone(),
            ttl_seconds: (config.ttl_days > 0)
                .then(|| config.ttl_days.saturating_mul(86_400).min(MAX_TTL_SECONDS)),
            signing_key: SigningKey::derive(config.secret.expose_secret().as_bytes()),
            pool,
            breaker: Breaker::new(
                limits.failures_to_open,
                limits.breaker_cooldown,
                limits.clock.clone(),
            ),
            counters: Counters::default(),
            rejected_warned: AtomicBool::new(false),
            pending_writes: PendingWrites::default(),
            flush_wait: limits.flush_wait,
        });

        let (write_queue, jobs) = mpsc::sync_channel(limits.write_queue.max(1));
        let writer_shared = Arc::clone(&shared);
        std::thread::Builder::new()
            .name("cartograph-redis-writer".to_string())
            .spawn(move || write_in_background(&writer_shared, &jobs))
            .map_err(RemoteError::Writer)?;

        if let Err(error) = shared
            .pool
            .with_connection(|connection| redis::cmd("PING").query::<()>(connection))
        {
            bump(&shared.counters.remote_errors, 1);
            shared.breaker.trip(&shared.pool.endpoint, &error);
        }
        Ok(RedisStore {
            shared,
            write_queue,
        })
    }

    pub fn namespace(&self) -> &str {
        &self.shared.namespace
    }

    pub fn stats(&self) -> RemoteStats {
        let counters = &self.shared.counters;
        let load = |counter: &AtomicU64| counter.load(Ordering::Relaxed);
        RemoteStats {
            local_hits: load(&counters.local_hits),
            remote_hits: load(&counters.remote_hits),
            misses: load(&counters.misses),
            remote_writes: load(&counters.remote_writes),
            dropped_writes: load(&counters.dropped_writes),
            rejected_records: load(&counters.rejected_records),
            remote_errors: load(&counters.remote_errors),
            bytes_read: load(&counters.bytes_read),
            bytes_written: load(&counters.bytes_written),
            breaker_open: self.shared.breaker.is_open(),
            breaker_trips: self.shared.breaker.trips(),
        }
    }

    /// Waits until queued background writes reached Redis (or were dropped), at most `timeout`.
    /// Returns whether the queue drained.
    pub fn wait_for_writes(&self, timeout: Duration) -> bool {
        self.shared.pending_writes.wait(timeout)
    }

    pub(crate) fn counters(&self) -> &Counters {
        &self.shared.counters
    }

    pub(crate) fn flush_wait(&self) -> Duration {
        self.shared.flush_wait
    }

    /// Reads and verifies records; `None` for a missing or rejected one.
    pub(crate) fn fetch(
        &self,
        tree: &str,
        keys: &[&[u8]],
    ) -> Result<Vec<Option<Vec<u8>>>, RemoteError> {
        self.shared.check_tree(tree)?;
        let mut payloads = Vec::with_capacity(keys.len());
        for chunk in keys.chunks(MGET_CHUNK) {
            let redis_keys: Vec<String> = chunk
                .iter()
                .map(|key| self.shared.address(tree, key).redis_key())
                .collect();
            let records: Vec<Option<Vec<u8>>> = self
                .shared
                .call(|connection| redis::cmd("MGET").arg(&redis_keys).query(connection))?;
            for (key, record) in chunk.iter().zip(records) {
                payloads.push(record.and_then(|record| self.shared.open(tree, key, &record)));
            }
        }
        Ok(payloads)
    }

    /// Queues a signed write for the background writer; drops it when the queue is full.
    pub(crate) fn put_in_background(&self, tree: &str, key: &[u8], value: &[u8]) {
        if self.shared.check_tree(tree).is_err() {
            bump(&self.shared.counters.dropped_writes, 1);
            return;
        }
        let address = self.shared.address(tree, key);
        let job = WriteJob::Set {
            redis_key: address.redis_key(),
            record: self.shared.signing_key.seal(&address, value),
        };
        if !self.enqueue(job) {
            bump(&self.shared.counters.dropped_writes, 1);
        }
    }

    /// Queues a TTL renewal for records just read remotely; skipped when the queue is full.
    pub(crate) fn touch_in_background(&self, tree: &str, keys: &[&[u8]]) {
        if self.shared.ttl_seconds.is_some() && !keys.is_empty() {
            let redis_keys = keys
                .iter()
                .map(|key| self.shared.address(tree, key).redis_key())
                .collect();
            self.enqueue(WriteJob::Touch { redis_keys });
        }
    }

    fn enqueue(&self, job: WriteJob) -> bool {
        // Count first, so the writer can never finish a job that is not counted yet.
        self.shared.pending_writes.add(1);
        match self.write_queue.try_send(job) {
            Ok(()) => true,
            Err(TrySendError::Full(_) | TrySendError::Disconnected(_)) => {
                self.shared.pending_writes.finish(1);
                false
            }
        }
    }

    /// Every Redis key of this namespace that starts with `prefix`.
    fn scan(&self, prefix: &str) -> Result<Vec<String>, RemoteError> {
        let pattern = format!("{prefix}*");
        self.shared.call(|connection| {
            let mut keys = Vec::new();
            let mut cursor: u64 = 0;
            loop {
                let (next, batch): (u64, Vec<String>) = redis::cmd("SCAN")
                    .arg(cursor)
                    .arg("MATCH")
                    .arg(&pattern)
                    .arg("COUNT")
                    .arg(SCAN_COUNT)
                    .query(connection)?;
                keys.extend(batch);
                if next == 0 {
                    return Ok(keys);
                }
                cursor = next;
            }
        })
    }
}

impl Shared {
    fn address<'a>(&'a self, tree: &'a str, key: &'a [u8]) -> RecordAddress<'a> {
        RecordAddress {
            namespace: &self.namespace,
            tree,
            key,
        }
    }

    fn check_tree(&self, tree: &str) -> Result<(), RemoteError> {
        if record::is_valid_name(tree) {
            Ok(())
        } else {
            Err(RemoteError::InvalidTree(tree.to_string()))
        }
    }

    /// Runs one remote call through the breaker, counting failures.
    fn call<T>(
        &self,
        operation: impl FnOnce(&mut Connection) -> RedisResult<T>,
    ) -> Result<T, RemoteError> {
        let endpoint = &self.pool.endpoint;
        if !self.breaker.allow() {
            return Err(RemoteError::BreakerOpen {
                endpoint: endpoint.clone(),
            });
        }
        match self.pool.with_connection(operation) {
            Ok(value) => {
                self.breaker.record_success(endpoint);
                Ok(value)
            }
            Err(source) => {
                bump(&self.counters.remote_errors, 1);
                self.breaker.record_failure(endpoint, &source);
                Err(RemoteError::Redis {
                    endpoint: endpoint.clone(),
                    source,
                })
            }
        }
    }

    /// The payload of a record read from Redis, if it verifies; otherwise counts and warns once.
    fn open(&self, tree: &str, key: &[u8], record: &[u8]) -> Option<Vec<u8>> {
        bump(&self.counters.bytes_read, record.len());
        let payload = self.signing_key.open(&self.address(tree, key), record);
        if payload.is_none() {
            bump(&self.counters.rejected_records, 1);
            if !self.rejected_warned.swap(true, Ordering::Relaxed) {
                tracing::warn!(
                    endpoint = %self.pool.endpoint,
                    tree,
                    "ignoring remote cache records whose signature does not verify \
                     (another team secret, or tampered with); further ones are only counted"
                );
            }
        }
        payload.map(<[u8]>::to_vec)
    }

    fn set_command(&self, pipeline: &mut redis::Pipeline, redis_key: &str, record: &[u8]) {
        let set = pipeline.cmd("SET").arg(redis_key).arg(record);
        if let Some(ttl_seconds) = self.ttl_seconds {
            set.arg("EX").arg(ttl_seconds);
        }
        set.ignore();
    }

    /// Sends one batch of queued writes as one pipeline.
    fn write_batch(&self, batch: &[WriteJob]) {
        let mut pipeline = redis::pipe();
        let (mut n_records, mut n_bytes) = (0, 0);
        for job in batch {
            match job {
                WriteJob::Set { redis_key, record } => {
                    self.set_command(&mut pipeline, redis_key, record);
                    n_records += 1;
                    n_bytes += record.len();
                }
                WriteJob::Touch { redis_keys } => {
                    if let Some(ttl_seconds) = self.ttl_seconds {
                        for redis_key in redis_keys {
                            pipeline
                                .cmd("EXPIRE")
                                .arg(redis_key)
                                .arg(ttl_seconds)
                                .ignore();
                        }
                    }
                }
            }
        }
        match self.call(|connection| pipeline.query::<()>(connection)) {
            Ok(()) => {
                bump(&self.counters.remote_writes, n_records);
                bump(&self.counters.bytes_written, n_bytes);
            }
            Err(_) => bump(&self.counters.dropped_writes, n_records),
        }
    }
}

/// The writer thread: takes what is queued, up to a batch, and pipelines it.
fn write_in_background(shared: &Shared, jobs: &Receiver<WriteJob>) {
    while let Ok(first) = jobs.recv() {
        let mut batch = vec![first];
        while batch.len() < WRITE_BATCH {
            match jobs.try_recv() {
                Ok(job) => batch.push(job),
                Err(_) => break,
            }
        }
        shared.write_batch(&batch);
        shared.pending_writes.finish(batch.len());
    }
}

impl Store for RedisStore {
    fn get(&self, tree: &str, key: &[u8]) -> Result<Option<Vec<u8>>, StoreError> {
        Ok(self.fetch(tree, &[key])?.pop().flatten())
    }

    fn get_many(&self, tree: &str, keys: &[Vec<u8>]) -> Result<Vec<Option<Vec<u8>>>, StoreError> {
        let keys: Vec<&[u8]> = keys.iter().map(Vec::as_slice).collect();
        Ok(self.fetch(tree, &keys)?)
    }

    fn put(&self, tree: &str, key: &[u8], value: &[u8]) -> Result<(), StoreError> {
        self.shared.check_tree(tree)?;
        let address = self.shared.address(tree, key);
        let record = self.shared.signing_key.seal(&address, value);
        let mut pipeline = redis::pipe();
        self.shared
            .set_command(&mut pipeline, &address.redis_key(), &record);
        self.shared
            .call(|connection| pipeline.query::<()>(connection))?;
        bump(&self.shared.counters.remote_writes, 1);
        bump(&self.shared.counters.bytes_written, record.len());
        Ok(())
    }

    fn remove(&self, tree: &str, key: &[u8]) -> Result<(), StoreError> {
        self.shared.check_tree(tree)?;
        let redis_key = self.shared.address(tree, key).redis_key();
        self.shared
            .call(|connection| redis::cmd("DEL").arg(&redis_key).query::<()>(connection))?;
        Ok(())
    }

    fn for_each(
        &self,
        tree: &str,
        visit: &mut dyn FnMut(&[u8], &[u8]) -> bool,
    ) -> Result<(), StoreError> {
        self.shared.check_tree(tree)?;
        let prefix = record::tree_prefix(&self.shared.namespace, tree);
        let mut keys: Vec<Vec<u8>> = self
            .scan(&prefix)?
            .iter()
            .filter_map(|redis_key| record::from_hex(redis_key.strip_prefix(&prefix)?))
            .collect();
        keys.sort_unstable();
        keys.dedup();
        for chunk in keys.chunks(MGET_CHUNK) {
            let key_slices: Vec<&[u8]> = chunk.iter().map(Vec::as_slice).collect();
            for (key, payload) in chunk.iter().zip(self.fetch(tree, &key_slices)?) {
                if let Some(payload) = payload {
                    if !visit(key, &payload) {
                        return Ok(());
                    }
                }
            }
        }
        Ok(())
    }

    fn clear_tree(&self, tree: &str) -> Result<(), StoreError> {
        self.shared.check_tree(tree)?;
        let keys = self.scan(&record::tree_prefix(&self.shared.namespace, tree))?;
        for chunk in keys.chunks(MGET_CHUNK) {
            self.shared
                .call(|connection| redis::cmd("DEL").arg(chunk).query::<()>(connection))?;
        }
        Ok(())
    }

    fn tree_names(&self) -> Result<Vec<String>, StoreError> {
        let prefix = record::namespace_prefix(&self.shared.namespace);
        let mut trees: Vec<String> = self
            .scan(&prefix)?
            .iter()
            .filter_map(|redis_key| {
                let (tree, _) = record::split_tree_and_key(redis_key.strip_prefix(&prefix)?)?;
                Some(tree.to_string())
            })
            .collect();
        trees.sort_unstable();
        trees.dedup();
        Ok(trees)
    }

    fn flush(&self) -> Result<(), StoreError> {
        self.wait_for_writes(self.shared.flush_wait);
        Ok(())
    }
}
