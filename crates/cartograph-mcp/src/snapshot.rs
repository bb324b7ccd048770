//! The in-memory snapshot of the index that every call is served from, and when it is
//! refreshed: only when the file watcher saw a change (or could not watch), at most once a
//! second, and only when the run lock is free; otherwise the snapshot stands.

use crate::watch::{listed_before_watched_changed, Watch};
use crate::{Host, McpError};
use cartograph_core::{FileMap, FileSet, Symbol};
use cartograph_pipeline::question::QuestionIndex;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError, RwLock};
use std::time::{Duration, Instant};

/// At most one refresh per this interval: a burst of saves costs one refresh.
const MIN_REFRESH_INTERVAL: Duration = Duration::from_secs(1);
/// How often the first load retries while another run holds the lock.
const LOCK_RETRY: Duration = Duration::from_millis(250);

/// The index as of one refresh, with the lookups the tools need.
pub struct Snapshot {
    pub index: QuestionIndex,
    /// Counts refreshes: 1 for the first snapshot.
    pub generation: u64,
}

impl Snapshot {
    pub fn new(index: QuestionIndex, generation: u64) -> Snapshot {
        Snapshot { index, generation }
    }

    /// Every definition of `name`, in path and line order. The index's name table says which
    /// files may have one: only their maps are read.
    pub fn definitions(&self, name: &str) -> Vec<(&FileMap, &Symbol)> {
        let files = &self.index.files;
        let naming = files
            .files_naming(name)
            .unwrap_or_else(|| (0..files.len()).collect());
        naming
            .into_iter()
            .filter_map(|at| files.get(at))
            .flat_map(|file| {
                file.parsed
                    .symbols
                    .iter()
                    .filter(|symbol| symbol.name == name)
                    .map(move |symbol| (file, symbol))
            })
            .collect()
    }
}

/// Holds the current snapshot and refreshes it through the host.
pub struct Refresher {
    host: Arc<dyn Host>,
    current: RwLock<Option<Arc<Snapshot>>>,
    /// Set by the watcher (and when no watcher runs), cleared when a refresh starts.
    dirty: Arc<AtomicBool>,
    /// Serialises refreshes; a call that finds one running waits for its result.
    refreshing: tokio::sync::Mutex<Option<Instant>>,
    generation: AtomicU64,
    watch: Arc<Watch>,
}

impl Refresher {
    /// Watches `root` for changes (except in the `ignored` directories, relative to it) as
    /// the refreshes walk it. Until the first refresh, and when watching is unavailable, every
    /// call may refresh (the stat fast path keeps that cheap).
    pub fn new(host: Arc<dyn Host>, root: &Path, ignored: &[String]) -> Refresher {
        let dirty = Arc::new(AtomicBool::new(true));
        let watch = Arc::new(Watch::start(root, ignored, &dirty));
        Refresher {
            host,
            current: RwLock::new(None),
            dirty,
            refreshing: tokio::sync::Mutex::new(None),
            generation: AtomicU64::new(0),
            watch,
        }
    }

    fn stored(&self) -> Option<Arc<Snapshot>> {
        self.current
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    fn changed(&self) -> bool {
        !self.watch.is_up() || self.dirty.load(Ordering::SeqCst)
    }

    /// The snapshot a call is served from: refreshed first when something changed and the
    /// run lock is free; the first call waits for the lock to be free.
    pub async fn snapshot(&self) -> Result<Arc<Snapshot>, McpError> {
        loop {
            let stored = self.stored();
            if let Some(snapshot) = &stored {
                if !self.changed() {
                    return Ok(Arc::clone(snapshot));
                }
            }
            let mut last_refresh = self.refreshing.lock().await;
            // Another call may have refreshed while this one waited.
            if let Some(snapshot) = self.stored() {
                if !self.changed() {
                    return Ok(snapshot);
                }
            }
            if let Some(last) = *last_refresh {
                let since = last.elapsed();
                if since < MIN_REFRESH_INTERVAL {
                    tokio::time::sleep(MIN_REFRESH_INTERVAL - since).await;
                }
            }
            *last_refresh = Some(Instant::now());
            // Cleared before the refresh reads the files: a change during it marks it again.
            self.dirty.store(false, Ordering::SeqCst);
            let (host, watch) = (Arc::clone(&self.host), Arc::clone(&self.watch));
            let dirty = Arc::clone(&self.dirty);
            let refreshed = tokio::task::spawn_blocking(move || {
                let walk_started = std::time::SystemTime::now();
                let newly_watched: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());
                let refreshed = host.refresh(&|dir| {
                    if watch.on_dir(dir) {
                        newly_watched
                            .lock()
                            .unwrap_or_else(PoisonError::into_inner)
                            .push(dir.to_path_buf());
                    }
                });
                let newly_watched = newly_watched
                    .into_inner()
                    .unwrap_or_else(PoisonError::into_inner);
                if listed_before_watched_changed(&newly_watched, walk_started) {
                    dirty.store(true, Ordering::SeqCst);
                }
                refreshed
            })
            .await
            .map_err(|error| McpError::Index(error.to_string()))?;
            match refreshed {
                Ok(Some(index)) => {
                    let generation = self.generation.fetch_add(1, Ordering::SeqCst) + 1;
                    let snapshot = Arc::new(Snapshot::new(index, generation));
                    *self.current.write().unwrap_or_else(PoisonError::into_inner) =
                        Some(Arc::clone(&snapshot));
                    tracing::info!(
                        "index refreshed: {} files (snapshot {generation})",
                        snapshot.index.files.len()
                    );
                    return Ok(snapshot);
                }
                Ok(None) => {
                    self.dirty.store(true, Ordering::SeqCst);
                    if let Some(snapshot) = stored {
                        tracing::info!("another run holds the lock; answering from the snapshot");
                        return Ok(snapshot);
                    }
                    drop(last_refresh);
                    tokio::time::sleep(LOCK_RETRY).await;
                }
                Err(error) => {
                    self.dirty.store(true, Ordering::SeqCst);
                    match stored {
                        Some(snapshot) => {
                            tracing::warn!(
                                "index refresh failed, answering from the snapshot: {error}"
                            );
                            return Ok(snapshot);
                        }
                        None => return Err(McpError::Index(error.to_string())),
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::HostError;
    use std::sync::atomic::AtomicUsize;

    /// A host whose lock can be held by "another run"; counts refresh attempts. Its refresh
    /// walks the tree as the map does.
    struct CountingHost {
        root: PathBuf,
        attempts: AtomicUsize,
        lock_held: AtomicBool,
    }

    impl CountingHost {
        fn new(root: &Path) -> CountingHost {
            CountingHost {
                root: root.to_path_buf(),
                attempts: AtomicUsize::new(0),
                lock_held: AtomicBool::new(false),
            }
        }
    }

    impl Host for CountingHost {
        fn refresh(
            &self,
            on_dir: &(dyn Fn(&Path) + Sync),
        ) -> Result<Option<QuestionIndex>, HostError> {
            self.attempts.fetch_add(1, Ordering::SeqCst);
            if self.lock_held.load(Ordering::SeqCst) {
                return Ok(None);
            }
            let options = cartograph_scan::WalkOptions {
                root: self.root.clone(),
                exclude: Vec::new(),
                skip_dirs: vec![".cartograph".into(), "docs".into()],
            };
            cartograph_scan::walk_with(&options, on_dir)?;
            Ok(Some(QuestionIndex::new(Vec::new(), Default::default())))
        }

        fn run_client(&self, _: f64) -> Result<cartograph_llm::LlmClient, HostError> {
            Err("no provider in this test".into())
        }
    }

    /// Waits for the watcher's event (not for a fixed time), failing after ten seconds.
    async fn until_marked(refresher: &Refresher) {
        let marked = tokio::time::timeout(Duration::from_secs(10), async {
            while !refresher.changed() {
                tokio::time::sleep(Duration::from_millis(5)).await;
            }
        })
        .await;
        assert!(marked.is_ok(), "the change was never marked");
    }

    /// A tree made a while ago: `src/deep/` and the folders the walk skips.
    fn old_tree() -> tempfile::TempDir {
        let root = tempfile::tempdir().unwrap();
        for dir in ["src/deep", ".cartograph", "docs"] {
            std::fs::create_dir_all(root.path().join(dir)).unwrap();
        }
        std::fs::write(root.path().join("src/deep/a.py"), "x = 1\n").unwrap();
        let long_ago = std::time::SystemTime::now() - Duration::from_secs(3600);
        for dir in ["", "src", "src/deep", ".cartograph", "docs"] {
            std::fs::File::open(root.path().join(dir))
                .unwrap()
                .set_modified(long_ago)
                .unwrap();
        }
        root
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn refreshes_only_on_change_and_answers_from_the_snapshot_while_the_lock_is_held() {
        let root = old_tree();
        let host = Arc::new(CountingHost::new(root.path()));
        let refresher = Refresher::new(host.clone(), root.path(), &["docs".to_string()]);

        let first = refresher.snapshot().await.unwrap();
        assert_eq!(first.generation, 1);
        assert!(
            refresher.watch.is_up(),
            "the walk watched the tree (inotify is available on the test machines)"
        );
        let again = refresher.snapshot().await.unwrap();
        assert_eq!(again.generation, 1);
        assert_eq!(host.attempts.load(Ordering::SeqCst), 1, "nothing changed");

        // Our own state and the docs folder are not changes.
        std::fs::write(root.path().join(".cartograph/lock"), "1").unwrap();
        std::fs::write(root.path().join("docs/index.md"), "# x\n").unwrap();
        tokio::time::sleep(Duration::from_millis(300)).await;
        assert!(
            !refresher.changed(),
            "a write in .cartograph or docs marked a change"
        );

        // A change deep in the tree, in a folder the first walk watched.
        std::fs::write(root.path().join("src/deep/a.py"), "x = 2\n").unwrap();
        until_marked(&refresher).await;
        host.lock_held.store(true, Ordering::SeqCst);
        let held = refresher.snapshot().await.unwrap();
        assert_eq!(held.generation, 1, "answered from the snapshot");
        assert_eq!(host.attempts.load(Ordering::SeqCst), 2);

        host.lock_held.store(false, Ordering::SeqCst);
        let fresh = refresher.snapshot().await.unwrap();
        assert_eq!(
            fresh.generation, 2,
            "the change is still pending, so the next call refreshes"
        );
        assert_eq!(host.attempts.load(Ordering::SeqCst), 3);
        let settled = refresher.snapshot().await.unwrap();
        assert_eq!(settled.generation, 2);

        // A folder made since is watched by the refresh that finds it.
        std::fs::create_dir_all(root.path().join("src/new")).unwrap();
        until_marked(&refresher).await;
        let found = refresher.snapshot().await.unwrap();
        assert_eq!(found.generation, 3);
        // Made a moment ago, it was listed before it was watched: the next call looks again.
        assert!(refresher.changed());
        let again = refresher.snapshot().await.unwrap();
        assert_eq!(again.generation, 4);
        std::fs::write(root.path().join("src/new/b.py"), "y = 1\n").unwrap();
        until_marked(&refresher).await;
    }

    #[test]
    fn a_folder_changed_since_the_walk_began_is_looked_at_again() {
        let root = tempfile::tempdir().unwrap();
        let dirs = vec![root.path().to_path_buf()];
        let now = std::time::SystemTime::now();
        assert!(listed_before_watched_changed(&dirs, now));
        assert!(!listed_before_watched_changed(
            &dirs,
            now + Duration::from_secs(60)
        ));
        assert!(
            listed_before_watched_changed(&[root.path().join("gone")], now),
            "a folder that cannot be read counts as changed"
        );
    }
}
