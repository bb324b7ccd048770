//! The local store in front of the team cache. Shared trees read local first, then remote
//! (filling local), and write local at once and remote in the background; every other tree is
//! the local store alone. A remote failure is never the caller's error: it reads as a miss.

use std::collections::BTreeSet;
use std::fmt;
use std::sync::Arc;

use cartograph_store::{Store, StoreError};

use crate::record;
use crate::redis_store::{bump, RedisStore};
use crate::{RemoteError, RemoteStats};

/// A local [`Store`] with [`RedisStore`] behind it for the trees named as shared.
///
/// Only shared trees reach Redis; they should hold content-addressed records whose key says
/// everything the value depends on. Maintenance stays local: `remove`, `clear_tree`, `for_each`
/// and `tree_names` act on the local store only, so clearing one machine's cache never wipes the
/// team's, and remote records leave by their TTL.
pub struct TieredStore {
    local: Arc<dyn Store>,
    remote: RedisStore,
    shared_trees: BTreeSet<String>,
}

impl fmt::Debug for TieredStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TieredStore")
            .field("remote", &self.remote)
            .field("shared_trees", &self.shared_trees)
            .finish_non_exhaustive()
    }
}

impl TieredStore {
    /// Fails only when a shared tree name cannot be part of a Redis key.
    pub fn new<I, S>(
        local: Arc<dyn Store>,
        remote: RedisStore,
        shared_trees: I,
    ) -> Result<TieredStore, StoreError>
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        let shared_trees: BTreeSet<String> = shared_trees.into_iter().map(Into::into).collect();
        if let Some(bad) = shared_trees
            .iter()
            .find(|tree| !record::is_valid_name(tree))
        {
            return Err(RemoteError::InvalidTree(bad.clone()).into());
        }
        Ok(TieredStore {
            local,
            remote,
            shared_trees,
        })
    }

    pub fn stats(&self) -> RemoteStats {
        self.remote.stats()
    }

    pub fn local(&self) -> &Arc<dyn Store> {
        &self.local
    }

    pub fn remote(&self) -> &RedisStore {
        &self.remote
    }

    fn is_shared(&self, tree: &str) -> bool {
        self.shared_trees.contains(tree)
    }

    /// Looks up local misses remotely, fills the local store with what verified, and counts.
    fn fill_from_remote(
        &self,
        tree: &str,
        keys: &[&[u8]],
        values: &mut [Option<Vec<u8>>],
    ) -> Result<(), StoreError> {
        let counters = self.remote.counters();
        let missing: Vec<usize> = (0..values.len()).filter(|&i| values[i].is_none()).collect();
        bump(&counters.local_hits, values.len() - missing.len());
        if missing.is_empty() {
            return Ok(());
        }
        let missing_keys: Vec<&[u8]> = missing.iter().map(|&i| keys[i]).collect();
        // A remote failure reads as "not there": the caller computes the value and goes on.
        let remote_values = self
            .remote
            .fetch(tree, &missing_keys)
            .unwrap_or_else(|_| vec![None; missing.len()]);
        let mut remote_hits: Vec<&[u8]> = Vec::new();
        for (index, remote_value) in missing.into_iter().zip(remote_values) {
            if let Some(value) = remote_value {
                self.local.put(tree, keys[index], &value)?;
                values[index] = Some(value);
                remote_hits.push(keys[index]);
            }
        }
        // Records still in use stay shared: each remote hit renews its TTL, off the hot path.
        self.remote.touch_in_background(tree, &remote_hits);
        bump(&counters.remote_hits, remote_hits.len());
        bump(&counters.misses, missing_keys.len() - remote_hits.len());
        Ok(())
    }
}

impl Store for TieredStore {
    fn get(&self, tree: &str, key: &[u8]) -> Result<Option<Vec<u8>>, StoreError> {
        let local_value = self.local.get(tree, key)?;
        if !self.is_shared(tree) {
            return Ok(local_value);
        }
        let mut values = [local_value];
        self.fill_from_remote(tree, &[key], &mut values)?;
        let [value] = values;
        Ok(value)
    }

    /// One local `get_many`, then one MGET for the local misses.
    fn get_many(&self, tree: &str, keys: &[Vec<u8>]) -> Result<Vec<Option<Vec<u8>>>, StoreError> {
        let mut values = self.local.get_many(tree, keys)?;
        if self.is_shared(tree) {
            let keys: Vec<&[u8]> = keys.iter().map(Vec::as_slice).collect();
            self.fill_from_remote(tree, &keys, &mut values)?;
        }
        Ok(values)
    }

    /// Writes local now; a shared tree's record is queued for Redis and dropped (counted) when
    /// the queue is full, so a put never waits on the network.
    fn put(&self, tree: &str, key: &[u8], value: &[u8]) -> Result<(), StoreError> {
        self.local.put(tree, key, value)?;
        if self.is_shared(tree) {
            self.remote.put_in_background(tree, key, value);
        }
        Ok(())
    }

    fn remove(&self, tree: &str, key: &[u8]) -> Result<(), StoreError> {
        self.local.remove(tree, key)
    }

    fn for_each(
        &self,
        tree: &str,
        visit: &mut dyn FnMut(&[u8], &[u8]) -> bool,
    ) -> Result<(), StoreError> {
        self.local.for_each(tree, visit)
    }

    fn clear_tree(&self, tree: &str) -> Result<(), StoreError> {
        self.local.clear_tree(tree)
    }

    fn tree_names(&self) -> Result<Vec<String>, StoreError> {
        self.local.tree_names()
    }

    /// Only the local store keeps records in memory.
    fn release_memory(&self) -> Result<(), StoreError> {
        self.local.release_memory()
    }

    /// Flushes the local store, then waits (at most `flush_wait`) for queued remote writes.
    /// Writes still queued after that go on in the background; they are never an error.
    fn flush(&self) -> Result<(), StoreError> {
        self.local.flush()?;
        if !self.remote.wait_for_writes(self.remote.flush_wait()) {
            tracing::debug!("remote cache writes still queued after the flush wait");
        }
        Ok(())
    }
}
