//! The sled backend. One directory, one layout version; a cache that does not open, or was
//! written in another layout, is moved aside and rebuilt, never misread.

use crate::{Store, StoreError};
use std::path::{Path, PathBuf};

/// Bumped when the on-disk layout changes meaning; a cache with another value is rebuilt.
const LAYOUT: &[u8] = b"cartograph-sled-layout-1";
const META_TREE: &str = "meta";
/// sled's default page cache is 1 GB; the map phase streams records, so a small one does.
const CACHE_CAPACITY_BYTES: u64 = 32 * 1024 * 1024;

pub struct SledStore {
    db: sled::Db,
    path: PathBuf,
}

/// What opening found: a cache that had to be moved aside says where it went and why.
#[derive(Debug, Default)]
pub struct OpenReport {
    pub moved_aside: Option<(PathBuf, String)>,
}

impl SledStore {
    /// Opens (or creates) the cache in `dir`. The caller holds the run lock.
    pub fn open(dir: &Path) -> Result<(SledStore, OpenReport), StoreError> {
        let mut report = OpenReport::default();
        match Self::open_checked(dir) {
            Ok(store) => Ok((store, report)),
            Err(reason) => {
                // The caller tells the user, once; see `OpenReport`.
                let aside = Self::move_aside(dir)?;
                report.moved_aside = Some((aside, reason));
                let db = Self::open_db(dir).map_err(|reason| StoreError::Corrupt {
                    tree: META_TREE.into(),
                    detail: reason,
                })?;
                let store = SledStore {
                    db,
                    path: dir.to_path_buf(),
                };
                store.put(META_TREE, b"layout", LAYOUT)?;
                store.flush()?;
                Ok((store, report))
            }
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Bytes the cache takes on disk.
    pub fn size_on_disk(&self) -> u64 {
        self.db.size_on_disk().unwrap_or(0)
    }

    fn open_checked(dir: &Path) -> Result<SledStore, String> {
        let existed = dir.exists();
        let db = Self::open_db(dir)?;
        let store = SledStore {
            db,
            path: dir.to_path_buf(),
        };
        let layout = store
            .get(META_TREE, b"layout")
            .map_err(|error| error.to_string())?;
        match layout {
            Some(found) if found == LAYOUT => Ok(store),
            None if !existed || store.db.tree_names().len() <= 1 && store.db.is_empty() => {
                store
                    .put(META_TREE, b"layout", LAYOUT)
                    .map_err(|error| error.to_string())?;
                Ok(store)
            }
            Some(found) => Err(format!(
                "it was written in another layout (`{}`)",
                String::from_utf8_lossy(&found)
            )),
            None => Err("it holds no layout marker".into()),
        }
    }

    fn open_db(dir: &Path) -> Result<sled::Db, String> {
        let config = sled::Config::new()
            .path(dir)
            .cache_capacity(CACHE_CAPACITY_BYTES)
            .flush_every_ms(Some(500));
        // sled panics on some kinds of corrupt files instead of returning an error; a corrupt
        // cache must never stop a run, so a panic here counts as "does not open".
        let previous_hook = std::panic::take_hook();
        std::panic::set_hook(Box::new(|_| {}));
        let opened = std::panic::catch_unwind(std::panic::AssertUnwindSafe(move || config.open()));
        std::panic::set_hook(previous_hook);
        match opened {
            Ok(Ok(db)) => Ok(db),
            Ok(Err(error)) => Err(error.to_string()),
            Err(_) => Err("the cache files are corrupt".into()),
        }
    }

    fn move_aside(dir: &Path) -> Result<PathBuf, StoreError> {
        let stamp = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|elapsed| elapsed.as_secs())
            .unwrap_or(0);
        let name = dir
            .file_name()
            .and_then(|name| name.to_str())
            .unwrap_or("cache");
        let aside = dir.with_file_name(format!("{name}.broken-{stamp}"));
        if dir.exists() {
            std::fs::rename(dir, &aside).map_err(|source| StoreError::Io {
                path: dir.display().to_string(),
                source,
            })?;
        }
        Ok(aside)
    }

    fn tree(&self, tree: &str) -> Result<sled::Tree, StoreError> {
        self.db
            .open_tree(tree)
            .map_err(|source| StoreError::Backend {
                tree: tree.to_string(),
                source,
            })
    }
}

fn backend(tree: &str) -> impl FnOnce(sled::Error) -> StoreError + '_ {
    move |source| StoreError::Backend {
        tree: tree.to_string(),
        source,
    }
}

impl Store for SledStore {
    fn get(&self, tree: &str, key: &[u8]) -> Result<Option<Vec<u8>>, StoreError> {
        let value = self.tree(tree)?.get(key).map_err(backend(tree))?;
        Ok(value.map(|bytes| bytes.to_vec()))
    }

    fn put(&self, tree: &str, key: &[u8], value: &[u8]) -> Result<(), StoreError> {
        self.tree(tree)?.insert(key, value).map_err(backend(tree))?;
        Ok(())
    }

    fn remove(&self, tree: &str, key: &[u8]) -> Result<(), StoreError> {
        self.tree(tree)?.remove(key).map_err(backend(tree))?;
        Ok(())
    }

    fn for_each(
        &self,
        tree: &str,
        visit: &mut dyn FnMut(&[u8], &[u8]) -> bool,
    ) -> Result<(), StoreError> {
        for entry in self.tree(tree)?.iter() {
            let (key, value) = entry.map_err(backend(tree))?;
            if !visit(&key, &value) {
                break;
            }
        }
        Ok(())
    }

    fn clear_tree(&self, tree: &str) -> Result<(), StoreError> {
        self.tree(tree)?.clear().map_err(backend(tree))
    }

    fn tree_names(&self) -> Result<Vec<String>, StoreError> {
        Ok(self
            .db
            .tree_names()
            .into_iter()
            .filter_map(|name| String::from_utf8(name.to_vec()).ok())
            .filter(|name| name != "__sled__default" && name != META_TREE)
            .collect())
    }

    fn flush(&self) -> Result<(), StoreError> {
        self.db.flush().map_err(backend("*"))?;
        Ok(())
    }
}

impl Drop for SledStore {
    fn drop(&mut self) {
        let _ = self.db.flush();
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn foreign_layout_is_moved_aside() {
        let dir = tempfile::tempdir().unwrap();
        let cache = dir.path().join("cache");
        {
            let (store, _) = SledStore::open(&cache).unwrap();
            store.put(META_TREE, b"layout", b"someone-else-9").unwrap();
            store.put("maps-v1", b"k", b"v").unwrap();
        }
        let (store, report) = SledStore::open(&cache).unwrap();
        let (aside, reason) = report.moved_aside.unwrap();
        assert!(aside.exists(), "{reason}");
        assert_eq!(store.get("maps-v1", b"k").unwrap(), None);
    }

    #[test]
    fn garbage_files_are_moved_aside() {
        let dir = tempfile::tempdir().unwrap();
        let cache = dir.path().join("cache");
        std::fs::create_dir_all(&cache).unwrap();
        std::fs::write(cache.join("conf"), b"\xff\xfe garbage").unwrap();
        std::fs::write(cache.join("db"), vec![0xAB; 4096]).unwrap();
        let (store, report) = SledStore::open(&cache).unwrap();
        assert!(report.moved_aside.is_some());
        store.put("maps-v1", b"k", b"v").unwrap();
        assert_eq!(store.get("maps-v1", b"k").unwrap(), Some(b"v".to_vec()));
    }
}
