//! The file watcher that tells the server something changed, so that a call refreshes the
//! index only then.
//!
//! On Linux each directory is watched (one inotify watch) when the refresh's walk enters it,
//! before the walk reads the `stat` of any file in it: a change after that is marked by the
//! watcher, one before it is seen by the walk. The watches cost the walk a few milliseconds on a
//! large tree, where a recursive watcher set up beforehand walked the whole tree a second time
//! and delayed the first answer by as long as the refresh itself. The directories the walk never
//! enters (ignored ones such as `target/` or `node_modules/`) are not watched: nothing there is
//! indexed. Elsewhere `notify` watches the tree recursively from its own thread, and the first
//! walk waits until it is up.

use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;
use std::sync::Arc;

/// Marks `dirty` on any change under the root except in `.git`, `.cartograph` and the
/// `ignored` directories (relative to the root).
pub struct Watch {
    inner: platform::Watch,
}

impl Watch {
    pub fn start(root: &Path, ignored: &[String], dirty: &Arc<AtomicBool>) -> Watch {
        let mut skipped: Vec<PathBuf> = vec![root.join(".git"), root.join(".cartograph")];
        skipped.extend(ignored.iter().map(|dir| root.join(dir)));
        Watch {
            inner: platform::Watch::start(root, skipped, Arc::clone(dirty)),
        }
    }

    /// Called by the walk with each directory it enters, before it reads the files in it. True
    /// when the directory was not watched before: it was listed a moment before its watch was
    /// up, see [`listed_before_watched_changed`].
    pub fn on_dir(&self, dir: &Path) -> bool {
        self.inner.on_dir(dir)
    }

    /// True once every directory the last walk entered is watched. Until then, and when
    /// watching is unavailable, every call counts as one that may have changed something.
    pub fn is_up(&self) -> bool {
        self.inner.is_up()
    }
}

/// How far before the walk started a directory's change may be stamped and still fall in the
/// walk (timestamps are coarse, and a network file system's clock is not ours).
const STAMP_SLACK: std::time::Duration = std::time::Duration::from_secs(2);

/// True when one of `dirs`, listed by a walk that started at `walk_started` and watched only
/// afterwards, had an entry made, removed or renamed since about then (its mtime says so): that
/// change may have fallen between the listing and the watch, so the next call refreshes again.
pub fn listed_before_watched_changed(
    dirs: &[PathBuf],
    walk_started: std::time::SystemTime,
) -> bool {
    let since = walk_started
        .checked_sub(STAMP_SLACK)
        .unwrap_or(std::time::UNIX_EPOCH);
    dirs.iter().any(|dir| {
        std::fs::metadata(dir)
            .and_then(|metadata| metadata.modified())
            .map_or(true, |modified| modified >= since)
    })
}

fn is_skipped(skipped: &[PathBuf], path: &Path) -> bool {
    skipped.iter().any(|skip| path.starts_with(skip))
}

#[cfg(target_os = "linux")]
mod platform {
    use inotify::{EventMask, Inotify, WatchDescriptor, WatchMask, Watches};
    use std::collections::HashMap;
    use std::path::{Path, PathBuf};
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::sync::{Arc, Mutex, PoisonError};

    /// What changes the index: contents, times, entries made, removed or renamed.
    fn mask() -> WatchMask {
        WatchMask::MODIFY
            | WatchMask::ATTRIB
            | WatchMask::CLOSE_WRITE
            | WatchMask::CREATE
            | WatchMask::DELETE
            | WatchMask::DELETE_SELF
            | WatchMask::MOVE_SELF
            | WatchMask::MOVED_FROM
            | WatchMask::MOVED_TO
            | WatchMask::ONLYDIR
            | WatchMask::DONT_FOLLOW
    }

    /// Watched directories by watch descriptor, for the events' paths.
    type Dirs = Arc<Mutex<HashMap<i32, (WatchDescriptor, PathBuf)>>>;

    pub struct Watch {
        /// `None` when inotify could not start.
        watches: Mutex<Option<Watches>>,
        dirs: Dirs,
        root: PathBuf,
        /// At least one directory is watched.
        any: AtomicBool,
        /// A directory could not be watched (the kernel's watch limit, permissions): a change
        /// there would go unseen, so every call refreshes.
        incomplete: AtomicBool,
        stop: Arc<AtomicBool>,
    }

    impl Watch {
        pub fn start(root: &Path, skipped: Vec<PathBuf>, dirty: Arc<AtomicBool>) -> Watch {
            let dirs: Dirs = Arc::default();
            let stop = Arc::new(AtomicBool::new(false));
            let watches = match Inotify::init() {
                Ok(inotify) => {
                    let watches = inotify.watches();
                    let (dirs, stop) = (Arc::clone(&dirs), Arc::clone(&stop));
                    std::thread::Builder::new()
                        .name("cartograph-watch".into())
                        .spawn(move || read_events(inotify, &dirs, &skipped, &dirty, &stop))
                        .map_err(|error| tracing::warn!("cannot start the file watcher: {error}"))
                        .ok()
                        .map(|_| watches)
                }
                Err(error) => {
                    tracing::warn!("cannot start the file watcher: {error}");
                    None
                }
            };
            if watches.is_none() {
                tracing::warn!("file watching is unavailable; every call may refresh the index");
            }
            Watch {
                watches: Mutex::new(watches),
                dirs,
                root: root.to_path_buf(),
                any: AtomicBool::new(false),
                incomplete: AtomicBool::new(false),
                stop,
            }
        }

        pub fn on_dir(&self, dir: &Path) -> bool {
            let mut watches = self.watches.lock().unwrap_or_else(PoisonError::into_inner);
            let Some(watches) = watches.as_mut() else {
                return false;
            };
            match watches.add(dir, mask()) {
                Ok(descriptor) => {
                    self.any.store(true, Ordering::SeqCst);
                    let id = descriptor.get_watch_descriptor_id();
                    self.dirs
                        .lock()
                        .unwrap_or_else(PoisonError::into_inner)
                        .insert(id, (descriptor, dir.to_path_buf()))
                        .is_none()
                }
                // Gone since the walk listed it (its parent's watch saw it go), or closed to
                // us (the walk cannot read it either, so nothing in it is indexed).
                Err(error)
                    if matches!(
                        error.kind(),
                        std::io::ErrorKind::NotFound | std::io::ErrorKind::PermissionDenied
                    ) =>
                {
                    false
                }
                Err(error) => {
                    if !self.incomplete.swap(true, Ordering::SeqCst) {
                        tracing::warn!(
                            "cannot watch `{}`: {error}; every call may refresh the index",
                            dir.display()
                        );
                    }
                    false
                }
            }
        }

        pub fn is_up(&self) -> bool {
            self.any.load(Ordering::SeqCst) && !self.incomplete.load(Ordering::SeqCst)
        }
    }

    impl Drop for Watch {
        /// Ends the reading thread: watching the root again and removing that watch makes an
        /// event that wakes it, and it closes the inotify descriptor as it ends.
        fn drop(&mut self) {
            self.stop.store(true, Ordering::SeqCst);
            let mut watches = self.watches.lock().unwrap_or_else(PoisonError::into_inner);
            if let Some(watches) = watches.as_mut() {
                if let Ok(descriptor) = watches.add(&self.root, mask()) {
                    let _ = watches.remove(descriptor);
                }
            }
        }
    }

    fn read_events(
        mut inotify: Inotify,
        dirs: &Dirs,
        skipped: &[PathBuf],
        dirty: &AtomicBool,
        stop: &AtomicBool,
    ) {
        let mut buffer = vec![0_u8; 64 * 1024];
        while !stop.load(Ordering::SeqCst) {
            let events = match inotify.read_events_blocking(&mut buffer) {
                Ok(events) => events,
                Err(error) if error.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(error) => {
                    tracing::warn!("the file watcher stopped: {error}");
                    dirty.store(true, Ordering::SeqCst);
                    return;
                }
            };
            let mut dirs = dirs.lock().unwrap_or_else(PoisonError::into_inner);
            for event in events {
                // Events were lost: any change may be among them.
                if event.mask.contains(EventMask::Q_OVERFLOW) {
                    dirty.store(true, Ordering::SeqCst);
                    continue;
                }
                let id = event.wd.get_watch_descriptor_id();
                if event.mask.contains(EventMask::IGNORED) {
                    dirs.remove(&id);
                    continue;
                }
                let path = dirs.get(&id).map(|(_, dir)| match event.name {
                    Some(name) => dir.join(name),
                    None => dir.clone(),
                });
                if path.is_none_or(|path| !super::is_skipped(skipped, &path)) {
                    dirty.store(true, Ordering::SeqCst);
                }
            }
        }
    }
}

#[cfg(not(target_os = "linux"))]
mod platform {
    use std::path::{Path, PathBuf};
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::sync::{Arc, Mutex, PoisonError};
    use std::time::Instant;

    type Setup = std::thread::JoinHandle<Option<notify::RecommendedWatcher>>;

    pub struct Watch {
        /// The thread setting the watcher up, until the first walk joins it.
        setup: Mutex<Option<Setup>>,
        /// Kept alive for as long as the server; dropping it stops watching.
        watcher: Mutex<Option<notify::RecommendedWatcher>>,
        up: AtomicBool,
    }

    impl Watch {
        pub fn start(root: &Path, skipped: Vec<PathBuf>, dirty: Arc<AtomicBool>) -> Watch {
            let root = root.to_path_buf();
            let setup = std::thread::Builder::new()
                .name("cartograph-watch".into())
                .spawn(move || {
                    let started = Instant::now();
                    let watcher = watch(&root, skipped, dirty);
                    tracing::debug!(
                        "watching `{}` after {:?}",
                        root.display(),
                        started.elapsed()
                    );
                    watcher
                })
                .map_err(|error| tracing::warn!("cannot start the file watcher: {error}"))
                .ok();
            Watch {
                setup: Mutex::new(setup),
                watcher: Mutex::new(None),
                up: AtomicBool::new(false),
            }
        }

        /// Waits for the watcher the first time; the recursive watcher was up before the walk.
        pub fn on_dir(&self, _dir: &Path) -> bool {
            let setup = self
                .setup
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .take();
            if let Some(setup) = setup {
                let watcher = setup.join().unwrap_or(None);
                if watcher.is_none() {
                    tracing::warn!(
                        "file watching is unavailable; every call may refresh the index"
                    );
                }
                self.up.store(watcher.is_some(), Ordering::SeqCst);
                *self.watcher.lock().unwrap_or_else(PoisonError::into_inner) = watcher;
            }
            false
        }

        pub fn is_up(&self) -> bool {
            self.up.load(Ordering::SeqCst)
        }
    }

    fn watch(
        root: &Path,
        skipped: Vec<PathBuf>,
        dirty: Arc<AtomicBool>,
    ) -> Option<notify::RecommendedWatcher> {
        use notify::Watcher as _;
        let handler = move |event: notify::Result<notify::Event>| match event {
            Ok(event) => {
                if matches!(event.kind, notify::EventKind::Access(_)) {
                    return;
                }
                let relevant = event.paths.is_empty()
                    || event
                        .paths
                        .iter()
                        .any(|path| !super::is_skipped(&skipped, path));
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
}
