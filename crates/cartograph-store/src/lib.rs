//! The cache behind a [`Store`] trait: a sled backend on disk and an in-memory backend for
//! tests and tools. Knows nothing of what the records mean; callers name versioned trees
//! (`"maps-v1"`) and own their keys. The run lock that keeps a second process away from sled
//! is `cartograph-lock`'s; it is re-exported here only so that older callers still compile.

mod memory;
mod sled_store;

pub use cartograph_lock::{LockError, LockHolder, RunLock};
pub use memory::MemoryStore;
pub use sled_store::{OpenReport, SledStore};

/// Errors of the storage layer; each names the store and what failed.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("failed to open cache at `{path}`: {source}")]
    Open {
        path: String,
        #[source]
        source: sled::Error,
    },
    #[error("cache operation on tree `{tree}` failed: {source}")]
    Backend {
        tree: String,
        #[source]
        source: sled::Error,
    },
    #[error("cache io at `{path}`: {source}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("cache record in tree `{tree}` is corrupt: {detail}")]
    Corrupt { tree: String, detail: String },
    #[error("remote cache: {0}")]
    Remote(String),
    #[error("failed to open cache at `{path}` again after releasing its memory: {detail}")]
    Reopen { path: String, detail: String },
    #[error("cache at `{path}` is closed: it could not be opened again")]
    Closed { path: String },
}

/// A key-value store of named trees. Implementations are safe to share across threads.
pub trait Store: Send + Sync {
    fn get(&self, tree: &str, key: &[u8]) -> Result<Option<Vec<u8>>, StoreError>;
    fn put(&self, tree: &str, key: &[u8], value: &[u8]) -> Result<(), StoreError>;
    fn remove(&self, tree: &str, key: &[u8]) -> Result<(), StoreError>;
    /// Calls `visit` for every entry of `tree` in key order until it returns false.
    fn for_each(
        &self,
        tree: &str,
        visit: &mut dyn FnMut(&[u8], &[u8]) -> bool,
    ) -> Result<(), StoreError>;
    /// Removes every entry of `tree`.
    fn clear_tree(&self, tree: &str) -> Result<(), StoreError>;
    /// The names of the trees that hold data.
    fn tree_names(&self) -> Result<Vec<String>, StoreError>;
    /// Makes every write so far durable.
    fn flush(&self) -> Result<(), StoreError>;
    /// Lets go of what the backend keeps in memory of the records read or written so far,
    /// for a caller that has decoded what it needs and goes on to use a lot of memory. Loses
    /// no write; a later read may be slower.
    fn release_memory(&self) -> Result<(), StoreError> {
        Ok(())
    }

    /// Reads many keys at once; a remote backend answers with one round trip.
    fn get_many(&self, tree: &str, keys: &[Vec<u8>]) -> Result<Vec<Option<Vec<u8>>>, StoreError> {
        keys.iter().map(|key| self.get(tree, key)).collect()
    }
}

/// JSON records longer than this are stored compressed: symbol lists and page bodies shrink
/// several times, and every byte sled does not hold is memory and disk saved.
const COMPRESS_FROM_BYTES: usize = 256;
/// First byte of a compressed record (LZ4 block, size prepended); JSON never starts with it.
const COMPRESSED: u8 = 0;

/// Decodes a record written by [`put_json`] (compressed or not), for callers that read raw
/// bytes in bulk with [`Store::get_many`].
pub fn decode_json<T: serde::de::DeserializeOwned>(bytes: &[u8]) -> Result<T, String> {
    match bytes.split_first() {
        Some((&COMPRESSED, packed)) => {
            let json =
                lz4_flex::decompress_size_prepended(packed).map_err(|error| error.to_string())?;
            serde_json::from_slice(&json).map_err(|error| error.to_string())
        }
        _ => serde_json::from_slice(bytes).map_err(|error| error.to_string()),
    }
}

/// Reads a JSON record; a record that does not decode counts as missing (and is logged), so a
/// cache written by a buggy or foreign version is rebuilt instead of misread.
pub fn get_json<T: serde::de::DeserializeOwned>(
    store: &dyn Store,
    tree: &str,
    key: &[u8],
) -> Result<Option<T>, StoreError> {
    let Some(bytes) = store.get(tree, key)? else {
        return Ok(None);
    };
    match decode_json(&bytes) {
        Ok(value) => Ok(Some(value)),
        Err(error) => {
            tracing::warn!(tree, %error, "ignoring a cache record that does not decode");
            Ok(None)
        }
    }
}

pub fn put_json<T: serde::Serialize>(
    store: &dyn Store,
    tree: &str,
    key: &[u8],
    value: &T,
) -> Result<(), StoreError> {
    let json = serde_json::to_vec(value).map_err(|error| StoreError::Corrupt {
        tree: tree.to_string(),
        detail: error.to_string(),
    })?;
    if json.len() < COMPRESS_FROM_BYTES {
        return store.put(tree, key, &json);
    }
    let mut bytes = vec![COMPRESSED];
    bytes.extend_from_slice(&lz4_flex::compress_prepend_size(&json));
    store.put(tree, key, &bytes)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn exercise(store: &dyn Store) {
        assert_eq!(store.get("t-v1", b"a").unwrap(), None);
        store.put("t-v1", b"b", b"2").unwrap();
        store.put("t-v1", b"a", b"1").unwrap();
        store.put("other-v1", b"a", b"x").unwrap();
        assert_eq!(store.get("t-v1", b"a").unwrap(), Some(b"1".to_vec()));
        let mut seen = Vec::new();
        store
            .for_each("t-v1", &mut |key, value| {
                seen.push((key.to_vec(), value.to_vec()));
                true
            })
            .unwrap();
        assert_eq!(
            seen,
            vec![
                (b"a".to_vec(), b"1".to_vec()),
                (b"b".to_vec(), b"2".to_vec())
            ]
        );
        assert_eq!(
            store
                .get_many("t-v1", &[b"a".to_vec(), b"zz".to_vec()])
                .unwrap(),
            vec![Some(b"1".to_vec()), None]
        );
        store.remove("t-v1", b"a").unwrap();
        assert_eq!(store.get("t-v1", b"a").unwrap(), None);
        store.clear_tree("t-v1").unwrap();
        assert_eq!(store.get("t-v1", b"b").unwrap(), None);
        assert_eq!(store.get("other-v1", b"a").unwrap(), Some(b"x".to_vec()));
        assert!(store
            .tree_names()
            .unwrap()
            .contains(&"other-v1".to_string()));
        store.flush().unwrap();
    }

    #[test]
    fn memory_backend_behaves() {
        exercise(&MemoryStore::default());
    }

    #[test]
    fn sled_backend_behaves_and_persists() {
        let dir = tempfile::tempdir().unwrap();
        {
            let (store, _) = SledStore::open(dir.path()).unwrap();
            exercise(&store);
            put_json(&store, "json-v1", b"k", &vec![1, 2, 3]).unwrap();
        }
        let (store, report) = SledStore::open(dir.path()).unwrap();
        assert!(report.moved_aside.is_none());
        assert_eq!(store.get("other-v1", b"a").unwrap(), Some(b"x".to_vec()));
        assert_eq!(
            get_json::<Vec<u32>>(&store, "json-v1", b"k").unwrap(),
            Some(vec![1, 2, 3])
        );
        store.put("json-v1", b"bad", b"{not json").unwrap();
        assert_eq!(
            get_json::<Vec<u32>>(&store, "json-v1", b"bad").unwrap(),
            None
        );
    }

    /// A cache another handle holds is busy, not broken: opening it fails after a short wait
    /// and leaves it where it is (it was moved aside as corrupt, losing every summary).
    #[test]
    fn a_cache_held_open_elsewhere_is_never_moved_aside() {
        let dir = tempfile::tempdir().unwrap();
        let cache = dir.path().join("cache");
        let (held, _) = SledStore::open(&cache).unwrap();
        held.put("other-v1", b"a", b"x").unwrap();
        held.flush().unwrap();
        let second = SledStore::open(&cache);
        assert!(second.is_err());
        let entries: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(entries, ["cache"]);
        drop(held);
        let (store, report) = SledStore::open(&cache).unwrap();
        assert!(report.moved_aside.is_none());
        assert_eq!(store.get("other-v1", b"a").unwrap(), Some(b"x".to_vec()));
    }

    #[test]
    fn large_records_are_stored_compressed_and_read_back() {
        let store = MemoryStore::default();
        let large: Vec<String> = (0..200).map(|n| format!("symbol_{n}")).collect();
        put_json(&store, "json-v1", b"large", &large).unwrap();
        let stored = store.get("json-v1", b"large").unwrap().unwrap();
        assert_eq!(stored.first(), Some(&COMPRESSED));
        assert!(stored.len() < serde_json::to_vec(&large).unwrap().len() / 2);
        assert_eq!(
            get_json::<Vec<String>>(&store, "json-v1", b"large").unwrap(),
            Some(large)
        );
        // Small records stay plain JSON, and plain records of any size still read.
        put_json(&store, "json-v1", b"small", &vec![1, 2]).unwrap();
        assert_eq!(
            store.get("json-v1", b"small").unwrap(),
            Some(b"[1,2]".to_vec())
        );
        let plain = serde_json::to_vec(&vec![7u32; 300]).unwrap();
        store.put("json-v1", b"plain", &plain).unwrap();
        assert_eq!(
            get_json::<Vec<u32>>(&store, "json-v1", b"plain").unwrap(),
            Some(vec![7; 300])
        );
        // A damaged compressed record is missing, not an error.
        store
            .put("json-v1", b"torn", &stored[..stored.len() / 2])
            .unwrap();
        assert_eq!(
            get_json::<Vec<String>>(&store, "json-v1", b"torn").unwrap(),
            None
        );
    }
}
