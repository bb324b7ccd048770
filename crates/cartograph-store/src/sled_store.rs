//! The sled backend. One directory, one layout version; a cache that does not open, or was
//! written in another layout, is moved aside and rebuilt, never misread.

use crate::{Store, StoreError};
use std::path::{Path, PathBuf};
use std::sync::{PoisonError, RwLock};
use std::time::Duration;

/// Bumped when the on-disk layout changes meaning; a cache with another value is rebuilt.
const LAYOUT: &[u8] = b"cartograph-sled-layout-1";
const META_TREE: &str = "meta";
/// sled's default page cache is 1 GB; the map phase streams records, so a small one does.
const CACHE_CAPACITY_BYTES: u64 = 32 * 1024 * 1024;

pub struct SledStore {
    /// `None` only after [`Store::release_memory`] closed the database and could not open it
    /// again; every call then fails with [`StoreError::Closed`].
    db: RwLock<Option<sled::Db>>,
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
            // A cache another handle still holds is busy, not broken: it is never moved aside.
            Err(reason) if is_lock_error(&reason) => Err(StoreError::Io {
                path: dir.display().to_string(),
                source: std::io::Error::new(std::io::ErrorKind::WouldBlock, reason),
            }),
            Err(reason) => {
                // The caller tells the user, once; see `OpenReport`.
                let aside = Self::move_aside(dir)?;
                report.moved_aside = Some((aside, reason));
                let db = Self::open_db(dir).map_err(|reason| StoreError::Corrupt {
                    tree: META_TREE.into(),
                    detail: reason,
                })?;
                let store = SledStore::from_db(db, dir);
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
        self.with_db(|db| Ok(db.size_on_disk().unwrap_or(0)))
            .unwrap_or(0)
    }

    fn from_db(db: sled::Db, dir: &Path) -> SledStore {
        SledStore {
            db: RwLock::new(Some(db)),
            path: dir.to_path_buf(),
        }
    }

    fn open_checked(dir: &Path) -> Result<SledStore, String> {
        let existed = dir.exists();
        let db = Self::open_db_waiting(dir)?;
        let store = SledStore::from_db(db, dir);
        let layout = store
            .get(META_TREE, b"layout")
            .map_err(|error| error.to_string())?;
        match layout {
            Some(found) if found == LAYOUT => Ok(store),
            None if !existed || store.is_blank() => {
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

    /// [`SledStore::open_db`], waiting briefly while another handle holds the file lock: a
    /// handle closed a moment ago in this process keeps it until sled's I/O threads let go.
    fn open_db_waiting(dir: &Path) -> Result<sled::Db, String> {
        let mut last_error = String::new();
        for attempt in 0..REOPEN_ATTEMPTS {
            if attempt > 0 {
                std::thread::sleep(REOPEN_PAUSE);
            }
            match Self::open_db(dir) {
                Ok(db) => return Ok(db),
                Err(error) if is_lock_error(&error) => last_error = error,
                Err(error) => return Err(error),
            }
        }
        Err(last_error)
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

    /// True when the database holds no tree but the default one, and nothing in it.
    fn is_blank(&self) -> bool {
        self.with_db(|db| Ok(db.tree_names().len() <= 1 && db.is_empty()))
            .unwrap_or(false)
    }

    /// Runs `work` on the open database. The read lock is held throughout, so that
    /// [`Store::release_memory`] never closes the database under a tree handle still in use.
    fn with_db<R>(
        &self,
        work: impl FnOnce(&sled::Db) -> Result<R, StoreError>,
    ) -> Result<R, StoreError> {
        let db = self.db.read().unwrap_or_else(PoisonError::into_inner);
        match db.as_ref() {
            Some(db) => work(db),
            None => Err(StoreError::Closed {
                path: self.path.display().to_string(),
            }),
        }
    }

    /// Runs `work` on the tree named `tree`, under the read lock (see [`SledStore::with_db`]).
    fn with_tree<R>(
        &self,
        tree: &str,
        work: impl FnOnce(&sled::Tree) -> Result<R, StoreError>,
    ) -> Result<R, StoreError> {
        self.with_db(|db| work(&db.open_tree(tree).map_err(backend(tree))?))
    }

    /// Opens the database again after it was closed in this process. sled's file lock can
    /// outlive the closed handle by a moment (its I/O threads let go of their references
    /// after the last write completes), so a lock held elsewhere is waited for, briefly.
    fn reopen_db(&self) -> Result<sled::Db, StoreError> {
        Self::open_db_waiting(&self.path).map_err(|detail| StoreError::Reopen {
            path: self.path.display().to_string(),
            detail,
        })
    }
}

/// True for sled's error when another handle holds the database's file lock.
fn is_lock_error(error: &str) -> bool {
    error.contains("could not acquire lock")
}

/// How often, and how far apart, [`SledStore::open_db_waiting`] tries (two seconds in all).
const REOPEN_ATTEMPTS: u32 = 40;
const REOPEN_PAUSE: Duration = Duration::from_millis(50);

fn backend(tree: &str) -> impl FnOnce(sled::Error) -> StoreError + '_ {
    move |source| StoreError::Backend {
        tree: tree.to_string(),
        source,
    }
}

impl Store for SledStore {
    fn get(&self, tree: &str, key: &[u8]) -> Result<Option<Vec<u8>>, StoreError> {
        self.with_tree(tree, |handle| {
            let value = handle.get(key).map_err(backend(tree))?;
            Ok(value.map(|bytes| bytes.to_vec()))
        })
    }

    fn put(&self, tree: &str, key: &[u8], value: &[u8]) -> Result<(), StoreError> {
        self.with_tree(tree, |handle| {
            handle.insert(key, value).map_err(backend(tree))?;
            Ok(())
        })
    }

    fn remove(&self, tree: &str, key: &[u8]) -> Result<(), StoreError> {
        self.with_tree(tree, |handle| {
            handle.remove(key).map_err(backend(tree))?;
            Ok(())
        })
    }

    fn for_each(
        &self,
        tree: &str,
        visit: &mut dyn FnMut(&[u8], &[u8]) -> bool,
    ) -> Result<(), StoreError> {
        self.with_tree(tree, |handle| {
            for entry in handle.iter() {
                let (key, value) = entry.map_err(backend(tree))?;
                if !visit(&key, &value) {
                    break;
                }
            }
            Ok(())
        })
    }

    fn clear_tree(&self, tree: &str) -> Result<(), StoreError> {
        self.with_tree(tree, |handle| handle.clear().map_err(backend(tree)))
    }

    fn tree_names(&self) -> Result<Vec<String>, StoreError> {
        self.with_db(|db| {
            Ok(db
                .tree_names()
                .into_iter()
                .filter_map(|name| String::from_utf8(name.to_vec()).ok())
                .filter(|name| name != "__sled__default" && name != META_TREE)
                .collect())
        })
    }

    fn flush(&self) -> Result<(), StoreError> {
        self.with_db(|db| {
            db.flush().map_err(backend("*"))?;
            Ok(())
        })
    }

    /// sled keeps every page it read or wrote until the database is closed: its
    /// `cache_capacity` is counted in batches of 64 accesses per shard, over 256 shards, so a
    /// tree of a few thousand pages is never evicted (28k file maps held 77 MB after they were
    /// read and decoded). Flushing, closing and opening the database again is the only way to
    /// let go of them; it takes tens of milliseconds.
    fn release_memory(&self) -> Result<(), StoreError> {
        let mut db = self.db.write().unwrap_or_else(PoisonError::into_inner);
        let Some(open) = db.take() else {
            return Err(StoreError::Closed {
                path: self.path.display().to_string(),
            });
        };
        let flushed = open.flush();
        if let Err(source) = flushed {
            *db = Some(open);
            return Err(backend("*")(source));
        }
        drop(open);
        let started = std::time::Instant::now();
        *db = Some(self.reopen_db()?);
        tracing::debug!(elapsed = ?started.elapsed(), "cache reopened to release its memory");
        Ok(())
    }
}

impl Drop for SledStore {
    fn drop(&mut self) {
        let _ = self.flush();
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

    /// Releasing memory closes and opens the database again: every record written before
    /// stays, and the store goes on reading and writing.
    #[test]
    fn releasing_memory_keeps_every_record() {
        let dir = tempfile::tempdir().unwrap();
        let (store, _) = SledStore::open(&dir.path().join("cache")).unwrap();
        for n in 0..500u32 {
            store
                .put("maps-v1", &n.to_be_bytes(), &vec![n as u8; 2000])
                .unwrap();
        }
        store.release_memory().unwrap();
        store.release_memory().unwrap();
        for n in 0..500u32 {
            assert_eq!(
                store.get("maps-v1", &n.to_be_bytes()).unwrap(),
                Some(vec![n as u8; 2000])
            );
        }
        store.put("maps-v1", b"after", b"1").unwrap();
        let mut count = 0;
        store
            .for_each("maps-v1", &mut |_, _| {
                count += 1;
                true
            })
            .unwrap();
        assert_eq!(count, 501);
        assert_eq!(store.tree_names().unwrap(), vec!["maps-v1".to_string()]);
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
