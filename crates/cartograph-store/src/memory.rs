//! An in-memory `Store`: for tests, and for commands that must not touch the disk cache.

use crate::{Store, StoreError};
use std::collections::BTreeMap;
use std::sync::{Mutex, PoisonError};

type Trees = BTreeMap<String, BTreeMap<Vec<u8>, Vec<u8>>>;

#[derive(Default)]
pub struct MemoryStore {
    trees: Mutex<Trees>,
}

impl MemoryStore {
    fn with<T>(&self, f: impl FnOnce(&mut Trees) -> T) -> T {
        // A panic while holding the lock leaves plain data behind, still consistent per entry.
        let mut trees = self.trees.lock().unwrap_or_else(PoisonError::into_inner);
        f(&mut trees)
    }
}

impl Store for MemoryStore {
    fn get(&self, tree: &str, key: &[u8]) -> Result<Option<Vec<u8>>, StoreError> {
        Ok(self.with(|trees| {
            trees
                .get(tree)
                .and_then(|entries| entries.get(key))
                .cloned()
        }))
    }

    fn put(&self, tree: &str, key: &[u8], value: &[u8]) -> Result<(), StoreError> {
        self.with(|trees| {
            trees
                .entry(tree.to_string())
                .or_default()
                .insert(key.to_vec(), value.to_vec())
        });
        Ok(())
    }

    fn remove(&self, tree: &str, key: &[u8]) -> Result<(), StoreError> {
        self.with(|trees| trees.get_mut(tree).map(|entries| entries.remove(key)));
        Ok(())
    }

    fn for_each(
        &self,
        tree: &str,
        visit: &mut dyn FnMut(&[u8], &[u8]) -> bool,
    ) -> Result<(), StoreError> {
        let entries: Vec<(Vec<u8>, Vec<u8>)> = self.with(|trees| {
            trees
                .get(tree)
                .map(|entries| {
                    entries
                        .iter()
                        .map(|(k, v)| (k.clone(), v.clone()))
                        .collect()
                })
                .unwrap_or_default()
        });
        for (key, value) in &entries {
            if !visit(key, value) {
                break;
            }
        }
        Ok(())
    }

    fn clear_tree(&self, tree: &str) -> Result<(), StoreError> {
        self.with(|trees| trees.remove(tree));
        Ok(())
    }

    fn tree_names(&self) -> Result<Vec<String>, StoreError> {
        Ok(self.with(|trees| {
            trees
                .iter()
                .filter(|(_, entries)| !entries.is_empty())
                .map(|(name, _)| name.clone())
                .collect()
        }))
    }

    fn flush(&self) -> Result<(), StoreError> {
        Ok(())
    }
}
