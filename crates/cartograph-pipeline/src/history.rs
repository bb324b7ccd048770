//! Reads the repository's recent history for lens (`cartograph_lens::History`): the messages
//! of past commits and the files each changed, through `git log`, kept in
//! `.cartograph/lens/history.log` for the `HEAD` it was read at so that a question asked again
//! before the next commit spawns one `git rev-parse` only; a server that answers many questions
//! keeps it in memory (`CurrentHistory`). A tree that is not a git checkout, or a git that
//! fails, has no history; lens then ranks as without one.

use cartograph_lens::History;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex, PoisonError};

/// How many past commits are read: enough for the changes described like a question to be
/// among them, few enough that reading them stays quick on a long history.
pub const HISTORY_COMMITS: usize = 3000;

/// Where the log read for a `HEAD` is kept, under the state directory.
const HISTORY_FILE: &str = "lens/history.log";

/// The history of the checkout at `root` up to its `HEAD`, merges left out; `None` when git
/// cannot give one. The log is kept under `state_dir` for the next question; a cache that
/// cannot be read or written costs a `git log`, never the history.
pub fn read_history(root: &Path, state_dir: &Path) -> Option<History> {
    read_history_at(root, state_dir, &head(root)?)
}

/// The commit `HEAD` of the checkout at `root` names; `None` when git cannot say.
fn head(root: &Path) -> Option<String> {
    let head = git(root, &["rev-parse", "--verify", "--quiet", "HEAD"])?;
    Some(head.trim().to_string())
}

/// [`read_history`] for the commit `head`.
fn read_history_at(root: &Path, state_dir: &Path, head: &str) -> Option<History> {
    let cache = state_dir.join(HISTORY_FILE);
    let cached = std::fs::read_to_string(&cache).ok().and_then(|text| {
        let (key, log) = text.split_once('\n')?;
        (key == head).then(|| log.to_string())
    });
    let log = match cached {
        Some(log) => log,
        None => {
            let log = git(
                root,
                &[
                    "log",
                    "--no-merges",
                    "--no-renames",
                    "--name-only",
                    "--relative",
                    &format!("-n{HISTORY_COMMITS}"),
                    &format!("--format={}", History::LOG_FORMAT),
                    head,
                    "--",
                ],
            )?;
            if let Some(dir) = cache.parent() {
                let _ = std::fs::create_dir_all(dir);
            }
            let _ = std::fs::write(&cache, format!("{head}\n{log}"));
            log
        }
    };
    let history = History::from_log(&log);
    (!history.is_empty()).then_some(history)
}

/// The history of a checkout for a process that answers question after question
/// (`cartograph mcp`): kept in memory for the `HEAD` it was read at, so that a question costs
/// one `git rev-parse`, and read again (from `history.log` or `git log`) once a commit moves
/// `HEAD`, so that the next question sees it.
pub struct CurrentHistory {
    root: PathBuf,
    state_dir: PathBuf,
    /// The `HEAD` last seen and its history (`None` when it had none).
    kept: Mutex<Option<(String, Option<Arc<History>>)>>,
}

impl CurrentHistory {
    pub fn new(root: &Path, state_dir: &Path) -> CurrentHistory {
        CurrentHistory {
            root: root.to_path_buf(),
            state_dir: state_dir.to_path_buf(),
            kept: Mutex::new(None),
        }
    }

    /// The history as of the checkout's `HEAD` now; `None` without git or without commits.
    pub fn get(&self) -> Option<Arc<History>> {
        let head = head(&self.root)?;
        // Held while a new `HEAD`'s history is read: a question asked meanwhile waits for the
        // same history rather than reading it twice.
        let mut kept = self.kept.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some((kept_head, history)) = kept.as_ref() {
            if *kept_head == head {
                return history.clone();
            }
        }
        let history = read_history_at(&self.root, &self.state_dir, &head).map(Arc::new);
        *kept = Some((head, history.clone()));
        history
    }
}

/// The output of `git -C root ARGS`, when git runs and succeeds.
fn git(root: &Path, args: &[&str]) -> Option<String> {
    let output = Command::new("git")
        .arg("-C")
        .arg(root)
        .args(args)
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .output()
        .ok()?;
    output
        .status
        .success()
        .then(|| String::from_utf8_lossy(&output.stdout).into_owned())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use cartograph_testkit::repo::TempRepo;

    #[test]
    fn the_current_history_is_read_again_once_a_commit_moves_head() {
        let repo = TempRepo::git(&[("src/gauge.py", "def read():\n    return 1\n")]).unwrap();
        let state_dir = tempfile::tempdir().unwrap();
        let current = CurrentHistory::new(repo.path(), state_dir.path());
        let first = current.get().unwrap();
        assert!(
            Arc::ptr_eq(&first, &current.get().unwrap()),
            "kept for the same HEAD"
        );

        repo.write("src/valve.py", "def open():\n    pass\n")
            .unwrap();
        repo.commit_all("Add the valve").unwrap();
        let second = current.get().unwrap();
        assert_eq!(second.len(), first.len() + 1, "the new commit is seen");
    }

    #[test]
    fn a_tree_that_is_not_a_checkout_has_no_history() {
        let dir = tempfile::tempdir().unwrap();
        let current = CurrentHistory::new(dir.path(), &dir.path().join(".cartograph"));
        assert!(current.get().is_none());
    }
}
