//! Rerun coalescing: a hook that fires while a run holds the lock leaves a marker file instead of
//! starting a second process, and the run goes again before it lets go. Any number of hooks
//! during one run cost one rerun.
//!
//! Why no commit is ever left undocumented. Write `request` for a hook's marker write, `probe`
//! for its look at the lock (in that order, see `run_from_hook`), and give the run loop
//! ([`run_coalesced`]) four steps: (1) take the lock, clear the marker, read the repository and
//! write the docs; (2) still holding the lock, take the marker and go back to the reading if it
//! was there; (3) release the lock; (4) look at the marker once more and, if it is there, take the
//! lock again and go to (1). A hook's commit is made before its `request`.
//!
//! - The probe finds the lock free: the hook starts a run itself, which takes the lock later and
//!   reads the repository after that, so it sees the commit. (If another run got the lock first,
//!   the new process gives up, but the winner took the lock after the probe and reads after that.)
//! - The probe finds the lock held by run R: `request` came before the probe, which came before
//!   R's release (3), which comes before R's last look (4). If a run cleared or took the marker
//!   after `request`, that run reads the repository afterwards and sees the commit. Otherwise the
//!   marker is still there at (4): R takes the lock again and reruns, or finds it held by another
//!   run R2, which took the lock after (3) and so will find the marker at its own step (2).
//!
//! Step (4) closes the gap between (2) and (3): without it a hook that wrote its marker after R's
//! last take but probed before R's release would be lost. `RunLock::holder` probes by taking the
//! lock for an instant, so a retake in (4) that finds the lock held tries a few times before it
//! concludes that a real run holds it.

use crate::{ensure_state_dir, state_dir, HookError};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// How often, and how far apart, step (4) retries a lock held by what may be a momentary probe.
const RETAKE_ATTEMPTS: u32 = 5;
const RETAKE_PAUSE: Duration = Duration::from_millis(20);

fn marker_path(repo_root: &Path) -> PathBuf {
    state_dir(repo_root).join("rerun-requested")
}

/// Records that the repository changed after the run in progress read it.
pub fn request_rerun(repo_root: &Path) -> Result<(), HookError> {
    ensure_state_dir(repo_root)?;
    let marker = marker_path(repo_root);
    // The contents are for a human reading the folder; only the file's existence counts.
    std::fs::write(
        &marker,
        format!("requested by pid {}\n", std::process::id()),
    )
    .map_err(HookError::io("write", &marker))
}

/// Removes the rerun request; `true` when there was one. Call it while holding the run lock.
pub fn take_rerun_request(repo_root: &Path) -> bool {
    // `remove_file` is atomic: of two takers, exactly one sees `Ok`.
    std::fs::remove_file(marker_path(repo_root)).is_ok()
}

/// Whether a rerun request waits, without taking it.
pub fn rerun_requested(repo_root: &Path) -> bool {
    marker_path(repo_root).exists()
}

/// Runs `run` (the docs work) while holding `lock`, then again for as long as hooks asked for a
/// rerun meanwhile; returns the last run's result, or the first error. `lock` is whatever holds
/// the run lock (the `RunLock`, with the cache opened under it); `retake` tries to take it again
/// without waiting, `Ok(None)` when another process holds it.
///
/// The steps and the argument that no hook is lost are in this module's documentation; the step
/// numbers below refer to it.
pub fn run_coalesced<L, T, E>(
    repo_root: &Path,
    lock: L,
    retake: impl FnMut() -> Result<Option<L>, E>,
    run: impl FnMut(&mut L) -> Result<T, E>,
) -> Result<T, E> {
    run_coalesced_with(repo_root, lock, retake, run, || {})
}

/// [`run_coalesced`] with `before_release` called between steps (2) and (3), where the tests put
/// the hook that arrives too late for (2).
fn run_coalesced_with<L, T, E>(
    repo_root: &Path,
    lock: L,
    mut retake: impl FnMut() -> Result<Option<L>, E>,
    mut run: impl FnMut(&mut L) -> Result<T, E>,
    mut before_release: impl FnMut(),
) -> Result<T, E> {
    let mut held = lock;
    // (1) This run reads the repository after now, so it serves every earlier request.
    take_rerun_request(repo_root);
    loop {
        let outcome = run(&mut held)?;
        // (2)
        if take_rerun_request(repo_root) {
            tracing::info!("the repository changed during the run; running again");
            continue;
        }
        before_release();
        // (3)
        drop(held);
        // (4)
        if !rerun_requested(repo_root) {
            return Ok(outcome);
        }
        held = match retake_patiently(&mut retake)? {
            Some(lock) => lock,
            // Another run holds the lock; it took it after (3) and will find the request at (2).
            None => return Ok(outcome),
        };
        // (1) again. Another run may have served the request between (3) and the retake.
        if !take_rerun_request(repo_root) {
            return Ok(outcome);
        }
        tracing::info!("the repository changed as the run ended; running again");
    }
}

fn retake_patiently<L, E>(
    retake: &mut impl FnMut() -> Result<Option<L>, E>,
) -> Result<Option<L>, E> {
    for attempt in 1..=RETAKE_ATTEMPTS {
        if let Some(lock) = retake()? {
            return Ok(Some(lock));
        }
        if attempt < RETAKE_ATTEMPTS {
            std::thread::sleep(RETAKE_PAUSE);
        }
    }
    Ok(None)
}

/// Whether some process holds the run lock at `path`. Unlike `RunLock::holder` this does not
/// need the holder's record to parse, which a run writes only after it has the lock.
pub(crate) fn lock_is_held(path: &Path) -> bool {
    let Ok(file) = std::fs::File::open(path) else {
        return false;
    };
    match file.try_lock() {
        Ok(()) => {
            let _ = file.unlock();
            false
        }
        Err(std::fs::TryLockError::WouldBlock) => true,
        Err(std::fs::TryLockError::Error(_)) => false,
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::lock_path;
    use cartograph_lock::RunLock;

    #[test]
    fn a_request_is_taken_once() {
        let dir = tempfile::tempdir().unwrap();
        assert!(!take_rerun_request(dir.path()));
        request_rerun(dir.path()).unwrap();
        request_rerun(dir.path()).unwrap();
        assert!(rerun_requested(dir.path()));
        assert!(take_rerun_request(dir.path()));
        assert!(!take_rerun_request(dir.path()));
    }

    #[test]
    fn requests_before_the_run_are_served_by_it() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        request_rerun(root).unwrap();
        let lock = RunLock::acquire(&lock_path(root), false, "docs").unwrap();
        let mut runs = 0;
        let retake = || -> Result<Option<RunLock>, ()> { panic!("nothing to retake for") };
        run_coalesced(root, lock, retake, |_| -> Result<(), ()> {
            runs += 1;
            Ok(())
        })
        .unwrap();
        assert_eq!(runs, 1);
        assert!(!rerun_requested(root));
    }

    #[test]
    fn hooks_during_a_run_cost_one_rerun() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let path = lock_path(root);
        let lock = RunLock::acquire(&path, false, "docs").unwrap();
        let mut runs = 0;
        let retake =
            || -> Result<Option<RunLock>, ()> { panic!("the rerun happens under the first lock") };
        run_coalesced(root, lock, retake, |_| -> Result<(), ()> {
            runs += 1;
            if runs == 1 {
                // Three commits while the first run works: their hooks see the lock held.
                for _ in 0..3 {
                    request_rerun(root).unwrap();
                    assert!(lock_is_held(&path));
                }
            }
            Ok(())
        })
        .unwrap();
        assert_eq!(runs, 2);
        assert!(!rerun_requested(root));
        assert!(!lock_is_held(&path));
    }

    /// Takes the lock again without waiting, `None` when it is held.
    fn retake(path: &Path) -> Result<Option<RunLock>, String> {
        Ok(RunLock::acquire(path, false, "docs").ok())
    }

    #[test]
    fn a_request_between_the_last_take_and_the_release_is_not_lost() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let path = lock_path(root);
        let lock = RunLock::acquire(&path, false, "docs").unwrap();
        let mut runs = 0;
        let mut late_hooks = 0;
        let late_hook = || {
            late_hooks += 1;
            if late_hooks == 1 {
                request_rerun(root).unwrap();
                assert!(
                    lock_is_held(&path),
                    "the hook saw the run, so it started nothing"
                );
            }
        };
        let counted_run = |_: &mut RunLock| -> Result<(), String> {
            runs += 1;
            Ok(())
        };
        run_coalesced_with(root, lock, || retake(&path), counted_run, late_hook).unwrap();
        assert_eq!(runs, 2);
        assert!(!rerun_requested(root));
    }

    #[test]
    fn a_late_request_is_left_to_the_run_that_holds_the_lock() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let path = lock_path(root);
        let lock = RunLock::acquire(&path, false, "docs").unwrap();
        let mut other_run = None;
        let mut retakes = 0;
        let late_hook = || request_rerun(root).unwrap();
        let outcome = run_coalesced_with(
            root,
            lock,
            || {
                retakes += 1;
                // Another run takes the lock the moment this one lets go, and keeps it.
                if other_run.is_none() {
                    other_run = Some(RunLock::acquire(&path, false, "docs").unwrap());
                }
                retake(&path)
            },
            |_| Ok(7),
            late_hook,
        );
        assert_eq!(outcome, Ok(7));
        assert_eq!(retakes, RETAKE_ATTEMPTS);
        assert!(
            rerun_requested(root),
            "the request waits for the other run's step (2)"
        );
    }

    #[test]
    fn a_late_request_served_by_another_run_is_not_run_twice() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let path = lock_path(root);
        let lock = RunLock::acquire(&path, false, "docs").unwrap();
        let mut runs = 0;
        let outcome = run_coalesced_with(
            root,
            lock,
            || {
                // Another run took the lock, served the request and finished before the retake.
                assert!(take_rerun_request(root));
                retake(&path)
            },
            |_| {
                runs += 1;
                Ok::<_, String>(runs)
            },
            || request_rerun(root).unwrap(),
        );
        assert_eq!(outcome, Ok(1));
        assert!(!lock_is_held(&path));
    }
}
