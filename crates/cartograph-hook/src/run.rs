//! What `cartograph hook run` does: decide in milliseconds whether this hook should start a docs
//! run, and start it detached. Never waits for the run and never reads the repository's files.

use crate::git::{git_paths, hooks_dir, LOCAL_ENV_VARS};
use crate::install::is_our_hook;
use crate::rerun::{lock_is_held, request_rerun};
use crate::{ensure_state_dir, lock_path, log_path, state_dir, HookError, HookEvent};
use cartograph_lock::RunLock;
use serde::{Deserialize, Serialize};
use std::fs::OpenOptions;
use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::{Command, Stdio};

/// `CARTOGRAPH_HOOK=0` (or `off`, `false`) in the environment of a git command turns the hook
/// off for it, e.g. for a script that makes a hundred commits.
pub const DISABLE_VAR: &str = "CARTOGRAPH_HOOK";

/// Past this size `hook.log` is moved to `hook.log.1` before the next run appends to it.
const LOG_ROTATE_BYTES: u64 = 1 << 20;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "decision", rename_all = "snake_case")]
pub enum HookDecision {
    /// A detached docs run started.
    Spawned { pid: u32 },
    /// A run holds the lock; it will go again for this commit before it ends.
    RerunRequested { holder_pid: Option<u32> },
    /// Nothing to do for this hook.
    Skipped { reason: SkipReason },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SkipReason {
    /// `CARTOGRAPH_HOOK=0`.
    Disabled,
    /// A commit replayed by a rebase; `post-rewrite` starts one run when the rebase ends.
    RebaseInProgress,
    /// `post-merge` starts the run when the merge ends.
    MergeInProgress,
    /// A checkout made by `git bisect`.
    BisectInProgress,
    /// `post-checkout` of files, not of a branch or commit.
    FileCheckout,
    /// `post-checkout` that left HEAD where it was.
    HeadUnchanged,
    /// `post-rewrite` after `git commit --amend`: our `post-commit` hook already fired for it.
    AmendSeenByPostCommit,
}

impl std::fmt::Display for SkipReason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            SkipReason::Disabled => "CARTOGRAPH_HOOK turns the hook off",
            SkipReason::RebaseInProgress => {
                "a rebase is in progress; post-rewrite runs when it ends"
            }
            SkipReason::MergeInProgress => "a merge is in progress; post-merge runs when it ends",
            SkipReason::BisectInProgress => "a bisect is in progress",
            SkipReason::FileCheckout => "a checkout of files, not of a branch",
            SkipReason::HeadUnchanged => "HEAD did not move",
            SkipReason::AmendSeenByPostCommit => "an amend, already seen by the post-commit hook",
        })
    }
}

/// The last hook-started run, as `.cartograph/hook-state.json` holds it. Written by the small
/// shell wrapper that runs the docs command (see [`spawn_detached`]): once when it starts, once
/// when it ends.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HookRunRecord {
    /// The hook event that started the run (`manual` for [`spawn_detached`] called directly).
    pub event: String,
    /// The wrapper's pid, which is also the run's process group.
    pub pid: u32,
    /// HEAD when the run started.
    pub commit: Option<String>,
    /// RFC 3339, UTC, seconds.
    pub started: String,
    pub finished: Option<String>,
    /// The docs command's exit code (docs/reference.md), `128 + n` when signal `n` ended it.
    pub exit_code: Option<i32>,
}

/// Decides what the hook for `event` should do and does it: skip, leave a rerun request for the
/// run in progress, or start `cartograph_exe docs_args...` detached. `git_args` are the arguments
/// git gave the hook (`post-checkout`: old HEAD, new HEAD, branch flag; `post-rewrite`: `amend`
/// or `rebase`). Costs one `git rev-parse`, a file write, a lock probe and a `fork`.
pub fn run_from_hook(
    repo_root: &Path,
    event: HookEvent,
    git_args: &[String],
    cartograph_exe: &Path,
    docs_args: &[&str],
) -> Result<HookDecision, HookError> {
    if let Some(reason) = skip_reason(repo_root, event, git_args)? {
        tracing::debug!("{event} hook: {reason}");
        return Ok(HookDecision::Skipped { reason });
    }
    // The request goes down before the lock is probed; `rerun.rs` explains why that order means
    // no commit is ever left undocumented. A run that starts later clears it, having nothing
    // older than itself to catch up on.
    request_rerun(repo_root)?;
    let lock = lock_path(repo_root);
    if lock_is_held(&lock) {
        let holder_pid = RunLock::holder(&lock).map(|holder| holder.pid);
        return Ok(HookDecision::RerunRequested { holder_pid });
    }
    let pid = spawn_recorded(repo_root, event.as_str(), cartograph_exe, docs_args)?;
    Ok(HookDecision::Spawned { pid })
}

fn skip_reason(
    repo_root: &Path,
    event: HookEvent,
    git_args: &[String],
) -> Result<Option<SkipReason>, HookError> {
    if std::env::var(DISABLE_VAR).is_ok_and(|value| matches!(value.as_str(), "0" | "off" | "false"))
    {
        return Ok(Some(SkipReason::Disabled));
    }
    match (event, git_args) {
        (HookEvent::PostCheckout, [_, _, flag, ..]) if flag == "0" => {
            return Ok(Some(SkipReason::FileCheckout))
        }
        (HookEvent::PostCheckout, [old, new, ..]) if old == new => {
            return Ok(Some(SkipReason::HeadUnchanged))
        }
        (HookEvent::PostRewrite, [kind, ..]) if kind == "amend" => {
            let post_commit = hooks_dir(repo_root)?
                .path
                .join(HookEvent::PostCommit.as_str());
            if is_our_hook(&post_commit) {
                return Ok(Some(SkipReason::AmendSeenByPostCommit));
            }
        }
        _ => {}
    }
    // The events that end an operation run while its state is still on disk (post-rewrite sees
    // `rebase-merge`, post-merge sees `MERGE_HEAD`): they are the ones that must run.
    if matches!(event, HookEvent::PostRewrite | HookEvent::PostMerge) {
        return Ok(None);
    }
    // CHERRY_PICK_HEAD and REVERT_HEAD are deliberately absent: git writes them for every pick,
    // even a single `git cherry-pick X`, and no hook fires when a cherry-pick or revert sequence
    // ends, so skipping them would leave the result undocumented. Their commits coalesce instead:
    // the first starts a run, the rest leave one rerun request. Inside a rebase, `rebase-merge`
    // is there as well and wins.
    let checks = [
        ("rebase-merge", SkipReason::RebaseInProgress),
        ("rebase-apply", SkipReason::RebaseInProgress),
        ("MERGE_HEAD", SkipReason::MergeInProgress),
        ("BISECT_LOG", SkipReason::BisectInProgress),
    ];
    let names = checks.map(|(name, _)| name);
    let paths = git_paths(repo_root, &names)?;
    Ok(paths
        .iter()
        .zip(checks)
        .find(|(path, _)| path.exists())
        .map(|(_, (_, reason))| reason))
}

/// Starts `cartograph_exe args...` in the background and returns its pid at once: in its own
/// process group (so Ctrl-C in the terminal and the hook's shell exiting leave it alone; it never
/// touches the terminal, so closing the terminal does too), in `repo_root`, stdin from
/// `/dev/null`, stdout and stderr appended to `.cartograph/hook.log`, git's per-repository
/// variables removed from its environment. Records the run in `.cartograph/hook-state.json`.
pub fn spawn_detached(
    repo_root: &Path,
    cartograph_exe: &Path,
    args: &[&str],
) -> Result<u32, HookError> {
    spawn_recorded(repo_root, "manual", cartograph_exe, args)
}

/// The wrapper between the detached process group and the docs command: closes descriptors a
/// hook may have inherited from an IDE (one left open would make it wait for the run), records
/// the start, runs the command, records how it ended unless a newer run has recorded itself
/// since. Every value it prints into JSON is digits, hex, a date or an event name: no escaping.
const WRAPPER: &str = r#"exec 3>&- 4>&- 5>&- 6>&- 7>&- 8>&- 9>&-
state=$1 event=$2
shift 2
commit=$(git rev-parse -q --verify HEAD 2>/dev/null) && commit="\"$commit\"" || commit=null
started=$(date -u +%Y-%m-%dT%H:%M:%SZ)
record() {
	printf '{"event":"%s","pid":%s,"commit":%s,"started":"%s","finished":%s,"exit_code":%s}\n' \
		"$event" "$$" "$commit" "$started" "$1" "$2" >"$state.$$" && mv -f "$state.$$" "$state"
}
record null null
echo "--- $started $event: $* (pid $$)"
"$@"
code=$?
echo "--- exit $code"
if grep -q "\"pid\":$$," "$state" 2>/dev/null; then
	record "\"$(date -u +%Y-%m-%dT%H:%M:%SZ)\"" "$code"
fi
exit "$code"
"#;

fn spawn_recorded(
    repo_root: &Path,
    event: &str,
    cartograph_exe: &Path,
    args: &[&str],
) -> Result<u32, HookError> {
    ensure_state_dir(repo_root)?;
    let log = open_log(repo_root)?;
    let log_for_stderr = log
        .try_clone()
        .map_err(HookError::io("open", &log_path(repo_root)))?;
    let mut command = Command::new("/bin/sh");
    command
        .arg("-c")
        .arg(WRAPPER)
        .arg("cartograph-hook")
        .arg(state_path(repo_root))
        .arg(event)
        .arg(cartograph_exe)
        .args(args)
        .current_dir(repo_root)
        .stdin(Stdio::null())
        .stdout(log)
        .stderr(log_for_stderr)
        // A new process group rather than `setsid`: it takes no `unsafe`, and the run never
        // reads or writes the terminal, so keeping the session costs nothing.
        .process_group(0);
    for name in LOCAL_ENV_VARS {
        command.env_remove(name);
    }
    let child = command.spawn().map_err(|source| HookError::Spawn {
        program: cartograph_exe.to_path_buf(),
        source,
    })?;
    // Not waited for: the hook process exits in a moment and init reaps the run.
    Ok(child.id())
}

fn open_log(repo_root: &Path) -> Result<std::fs::File, HookError> {
    let path = log_path(repo_root);
    if std::fs::metadata(&path).is_ok_and(|meta| meta.len() > LOG_ROTATE_BYTES) {
        let mut rotated = path.as_os_str().to_os_string();
        rotated.push(".1");
        let _ = std::fs::rename(&path, rotated);
    }
    OpenOptions::new()
        .create(true)
        .append(true)
        .open(&path)
        .map_err(HookError::io("open", &path))
}

fn state_path(repo_root: &Path) -> std::path::PathBuf {
    state_dir(repo_root).join("hook-state.json")
}

/// The last run's record; `None` when no hook has run yet or the file is unreadable.
pub(crate) fn read_last_run(repo_root: &Path) -> Option<HookRunRecord> {
    let text = std::fs::read_to_string(state_path(repo_root)).ok()?;
    serde_json::from_str(&text).ok()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn detached_run_is_recorded_and_logged() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let pid =
            spawn_detached(root, Path::new("/bin/sh"), &["-c", "echo hello; exit 3"]).unwrap();
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
        let record = loop {
            if let Some(record) = read_last_run(root).filter(|record| record.finished.is_some()) {
                break record;
            }
            assert!(
                std::time::Instant::now() < deadline,
                "the run never finished"
            );
            std::thread::sleep(std::time::Duration::from_millis(10));
        };
        assert_eq!(record.pid, pid);
        assert_eq!(record.event, "manual");
        assert_eq!(record.exit_code, Some(3));
        assert_eq!(record.commit, None, "not a git repository");
        let log = std::fs::read_to_string(log_path(root)).unwrap();
        assert!(log.contains("hello\n--- exit 3\n"), "{log}");
        assert_eq!(
            std::fs::read_to_string(root.join(".cartograph/.gitignore")).unwrap(),
            "*\n"
        );
    }
}
