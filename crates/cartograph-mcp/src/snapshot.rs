//! The in-memory snapshot of the index that every call is served from, and when it is
//! refreshed: only when the file watcher saw a change (or could not watch), at most once a
//! second, and only when the run lock is free; otherwise the snapshot stands.

use crate::{Host, McpError};
use cartograph_core::{FileMap, FileSet, Symbol};
use cartograph_pipeline::question::QuestionIndex;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, PoisonError, RwLock};
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
    /// Without a watcher nothing marks changes, so every call counts as one that may have.
    watching: bool,
    /// Kept alive for as long as the refresher; dropping it stops watching.
    _watcher: Option<notify::RecommendedWatcher>,
}

impl Refresher {
    /// Watches `root` (except the `ignored` directories, relative to it) for changes. When the
    /// watcher cannot start, every call may refresh (the stat fast path keeps that cheap).
    pub fn new(host: Arc<dyn Host>, root: &Path, ignored: &[String]) -> Refresher {
        let dirty = Arc::new(AtomicBool::new(true));
        let started = Instant::now();
        let watcher = watch(root, ignored, Arc::clone(&dirty));
        tracing::debug!("watching `{}` from {:?}", root.display(), started.elapsed());
        if watcher.is_none() {
            tracing::warn!("file watching is unavailable; every call may refresh the index");
        }
        Refresher {
            host,
            current: RwLock::new(None),
            dirty,
            refreshing: tokio::sync::Mutex::new(None),
            generation: AtomicU64::new(0),
            watching: watcher.is_some(),
            _watcher: watcher,
        }
    }

    fn stored(&self) -> Option<Arc<Snapshot>> {
        self.current
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    fn changed(&self) -> bool {
        !self.watching || self.dirty.load(Ordering::SeqCst)
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
            let host = Arc::clone(&self.host);
            let refreshed = tokio::task::spawn_blocking(move || host.refresh())
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

/// A recursive watcher on `root` that marks `dirty` on any change outside `.git`,
/// `.cartograph` and the `ignored` directories.
fn watch(
    root: &Path,
    ignored: &[String],
    dirty: Arc<AtomicBool>,
) -> Option<notify::RecommendedWatcher> {
    use notify::Watcher as _;
    let mut skipped: Vec<PathBuf> = vec![root.join(".git"), root.join(".cartograph")];
    skipped.extend(ignored.iter().map(|dir| root.join(dir)));
    let handler = move |event: notify::Result<notify::Event>| match event {
        Ok(event) => {
            if matches!(event.kind, notify::EventKind::Access(_)) {
                return;
            }
            let relevant = event.paths.is_empty()
                || event
                    .paths
                    .iter()
                    .any(|path| !skipped.iter().any(|skip| path.starts_with(skip)));
            if relevant {
                dirty.store(true, Ordering::SeqCst);
            }
        }
        // A lost event (queue overflow) may hide any change.
        Err(_) => dirty.store(true, Ordering::SeqCst),
    };
    let mut watcher = notify::recommended_watcher(handler).ok()?;
    match watcher.watch(root, notify::RecursiveMode::Recursive) {
        Ok(()) => Some(watcher),
        Err(error) => {
            tracing::warn!("cannot watch `{}`: {error}", root.display());
            None
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::HostError;
    use std::sync::atomic::AtomicUsize;

    /// A host whose lock can be held by "another run"; counts refresh attempts.
    #[derive(Default)]
    struct CountingHost {
        attempts: AtomicUsize,
        lock_held: AtomicBool,
    }

    impl Host for CountingHost {
        fn refresh(&self) -> Result<Option<QuestionIndex>, HostError> {
            self.attempts.fetch_add(1, Ordering::SeqCst);
            if self.lock_held.load(Ordering::SeqCst) {
                return Ok(None);
            }
            Ok(Some(QuestionIndex::new(Vec::new(), Default::default())))
        }

        fn run_client(&self, _: f64) -> Result<cartograph_llm::LlmClient, HostError> {
            Err("no provider in this test".into())
        }
    }

    /// Waits for the watcher's event (not for a fixed time).
    async fn until_marked(refresher: &Refresher) {
        while !refresher.changed() {
            tokio::task::yield_now().await;
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn refreshes_only_on_change_and_answers_from_the_snapshot_while_the_lock_is_held() {
        let root = tempfile::tempdir().unwrap();
        let host = Arc::new(CountingHost::default());
        let refresher = Refresher::new(host.clone(), root.path(), &[]);
        assert!(
            refresher.watching,
            "inotify is available on the test machines"
        );

        let first = refresher.snapshot().await.unwrap();
        assert_eq!(first.generation, 1);
        let again = refresher.snapshot().await.unwrap();
        assert_eq!(again.generation, 1);
        assert_eq!(host.attempts.load(Ordering::SeqCst), 1, "nothing changed");

        std::fs::write(root.path().join("a.py"), "x = 1\n").unwrap();
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
    }
}
