//! Git hooks that refresh the docs after a commit without the commit ever waiting for them.
//! Installs, chains and removes hook scripts, decides in milliseconds whether a hook should start
//! a run, starts it detached, and coalesces hooks that fire while a run is in progress. Talks to
//! the real `git` binary only; knows nothing of what a docs run does.
//!
//! The pieces, in the order a commit meets them:
//!
//! 1. [`install`] writes a small POSIX `sh` script per event into the hooks directory (honouring
//!    `core.hooksPath` and linked worktrees), moving an existing hook aside and running it first.
//! 2. The script runs `cartograph hook run --event <event> -- <git's hook arguments>`, which the
//!    binary maps to [`run_from_hook`]: skip (rebase in progress, file checkout, ...), request a
//!    rerun (a run holds the lock), or [`spawn_detached`] a `cartograph docs` run and return.
//! 3. The docs run wraps its work in [`run_coalesced`], which serves the rerun requests that hooks
//!    left while it ran, so the newest commit is always the one documented.
//!
//! [`status`] reports what is installed and how the last hook-started run ended.

mod git;
mod install;
mod rerun;
mod run;

use serde::Serialize;
use std::path::{Path, PathBuf};

pub use install::{
    install, status, uninstall, EventStatus, HookState, HookStatus, InstallAction, InstallReport,
    InstalledHook, UninstallAction, UninstallReport, UninstalledHook,
};
pub use rerun::{request_rerun, rerun_requested, run_coalesced, take_rerun_request};
pub use run::{
    run_from_hook, spawn_detached, HookDecision, HookRunRecord, SkipReason, DISABLE_VAR,
};

/// The git hooks cartograph can install.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum HookEvent {
    PostCommit,
    PostMerge,
    PostCheckout,
    PostRewrite,
    PrePush,
}

impl HookEvent {
    pub const ALL: [HookEvent; 5] = [
        HookEvent::PostCommit,
        HookEvent::PostMerge,
        HookEvent::PostCheckout,
        HookEvent::PostRewrite,
        HookEvent::PrePush,
    ];

    /// What `cartograph hook install` installs when no event is named. `post-commit` alone would
    /// skip every commit a rebase replays and then never learn that the rebase ended; with
    /// `post-rewrite` a 10-commit rebase starts exactly one run, and with `post-merge` a merge
    /// or a `git pull` (fast-forward or `--rebase` with nothing to replay) starts one too.
    pub const DEFAULT: [HookEvent; 3] = [
        HookEvent::PostCommit,
        HookEvent::PostMerge,
        HookEvent::PostRewrite,
    ];

    /// The hook's file name, which is also how the event is spelled on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            HookEvent::PostCommit => "post-commit",
            HookEvent::PostMerge => "post-merge",
            HookEvent::PostCheckout => "post-checkout",
            HookEvent::PostRewrite => "post-rewrite",
            HookEvent::PrePush => "pre-push",
        }
    }
}

impl std::fmt::Display for HookEvent {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for HookEvent {
    type Err = HookError;

    fn from_str(name: &str) -> Result<HookEvent, HookError> {
        HookEvent::ALL
            .into_iter()
            .find(|event| event.as_str() == name)
            .ok_or_else(|| HookError::UnknownEvent {
                name: name.to_string(),
            })
    }
}

#[derive(Debug, thiserror::Error)]
pub enum HookError {
    #[error(
        "unknown hook event `{name}`; expected one of post-commit, post-merge, post-checkout, post-rewrite, pre-push"
    )]
    UnknownEvent { name: String },
    #[error("`{root}` is not inside a git work tree: {detail}")]
    NotARepository { root: PathBuf, detail: String },
    #[error("failed to run `git` in `{root}`: {source}")]
    GitMissing {
        root: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("`git {args}` failed in `{root}`: {detail}")]
    Git {
        args: String,
        root: PathBuf,
        detail: String,
    },
    #[error("failed to {action} `{path}`: {source}")]
    Io {
        action: &'static str,
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error(
        "cannot chain the existing hook `{hook}`: `{chained}` already exists (left by an earlier install?); move one of them away and retry"
    )]
    ChainedHookExists { hook: PathBuf, chained: PathBuf },
    #[error("failed to start `{program}` in the background: {source}")]
    Spawn {
        program: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

impl HookError {
    fn io(action: &'static str, path: &Path) -> impl FnOnce(std::io::Error) -> HookError {
        let path = path.to_path_buf();
        move |source| HookError::Io {
            action,
            path,
            source,
        }
    }
}

/// `<root>/.cartograph`, where the run lock, the log and the hook's state live.
pub fn state_dir(repo_root: &Path) -> PathBuf {
    repo_root.join(".cartograph")
}

/// The run lock every cartograph command that opens the cache takes (see `cartograph-store`).
pub fn lock_path(repo_root: &Path) -> PathBuf {
    state_dir(repo_root).join("lock")
}

/// Where the detached runs append their output.
pub fn log_path(repo_root: &Path) -> PathBuf {
    state_dir(repo_root).join("hook.log")
}

/// Creates `.cartograph/` with a `.gitignore` of `*`, the same way the binary does, so the files a
/// hook leaves never show up in `git status` even before the first docs run.
fn ensure_state_dir(repo_root: &Path) -> Result<PathBuf, HookError> {
    let dir = state_dir(repo_root);
    let ignore = dir.join(".gitignore");
    if !ignore.exists() {
        std::fs::create_dir_all(&dir).map_err(HookError::io("create", &dir))?;
        std::fs::write(&ignore, "*\n").map_err(HookError::io("write", &ignore))?;
    }
    Ok(dir)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn event_names_round_trip() {
        for event in HookEvent::ALL {
            assert_eq!(event.as_str().parse::<HookEvent>().unwrap(), event);
            assert_eq!(serde_json::to_value(event).unwrap(), event.as_str());
        }
        let error = "pre-commit".parse::<HookEvent>().unwrap_err().to_string();
        assert!(
            error.starts_with("unknown hook event `pre-commit`"),
            "{error}"
        );
    }
}
