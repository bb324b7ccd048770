//! The few questions this crate asks `git`, each one `git` process. Runs the real binary; reads
//! nothing under `.git` by hand, because linked worktrees and `core.hooksPath` move things.

use crate::HookError;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Variables git sets for the repository a hook runs in (`git rev-parse --local-env-vars`). A
/// process that outlives the hook must not inherit them: `GIT_INDEX_FILE` may name a temporary
/// index that is gone a moment later.
pub(crate) const LOCAL_ENV_VARS: [&str; 15] = [
    "GIT_ALTERNATE_OBJECT_DIRECTORIES",
    "GIT_CONFIG",
    "GIT_CONFIG_PARAMETERS",
    "GIT_CONFIG_COUNT",
    "GIT_OBJECT_DIRECTORY",
    "GIT_DIR",
    "GIT_WORK_TREE",
    "GIT_IMPLICIT_WORK_TREE",
    "GIT_GRAFT_FILE",
    "GIT_INDEX_FILE",
    "GIT_NO_REPLACE_OBJECTS",
    "GIT_REPLACE_REF_BASE",
    "GIT_PREFIX",
    "GIT_SHALLOW_FILE",
    "GIT_COMMON_DIR",
];

/// Runs `git -C <root> <args>`; `Ok(None)` when git exits 1 (what `git config --get` says for an
/// unset key), an error naming the command for anything else that is not success.
fn git(root: &Path, args: &[&str]) -> Result<Option<String>, HookError> {
    let output = Command::new("git")
        .arg("-C")
        .arg(root)
        .args(args)
        .output()
        .map_err(|source| HookError::GitMissing {
            root: root.to_path_buf(),
            source,
        })?;
    if output.status.success() {
        return Ok(Some(String::from_utf8_lossy(&output.stdout).into_owned()));
    }
    let detail = String::from_utf8_lossy(&output.stderr).trim().to_string();
    if output.status.code() == Some(1) && detail.is_empty() {
        return Ok(None);
    }
    if detail.contains("not a git repository") {
        return Err(HookError::NotARepository {
            root: root.to_path_buf(),
            detail,
        });
    }
    Err(HookError::Git {
        args: args.join(" "),
        root: root.to_path_buf(),
        detail,
    })
}

/// `git rev-parse --git-path <name>` for each name, made absolute. Per-worktree names
/// (`rebase-merge`, `MERGE_HEAD`) resolve inside `.git/worktrees/<name>/` in a linked worktree.
pub(crate) fn git_paths(root: &Path, names: &[&str]) -> Result<Vec<PathBuf>, HookError> {
    let mut args = vec!["rev-parse"];
    for name in names {
        args.extend(["--git-path", name]);
    }
    let stdout = git(root, &args)?.unwrap_or_default();
    let paths: Vec<PathBuf> = stdout.lines().map(|line| root.join(line)).collect();
    if paths.len() != names.len() {
        return Err(HookError::Git {
            args: args.join(" "),
            root: root.to_path_buf(),
            detail: format!(
                "expected {} lines of output, got {}",
                names.len(),
                paths.len()
            ),
        });
    }
    Ok(paths)
}

/// Where git looks for hooks in this work tree.
#[derive(Debug, Clone)]
pub(crate) struct HooksDir {
    pub path: PathBuf,
    /// The `core.hooksPath` setting as written, when one applies.
    pub core_hooks_path: Option<String>,
}

/// `core.hooksPath` when set (a relative value is relative to the work tree root, where git runs
/// hooks), else `git rev-parse --git-path hooks`, which in a linked worktree names the hooks
/// directory of the main repository that all worktrees share.
pub(crate) fn hooks_dir(root: &Path) -> Result<HooksDir, HookError> {
    // Asked first so that a directory outside any repository fails here, before a global
    // `core.hooksPath` could send the hooks somewhere unrelated.
    let from_git = git_paths(root, &["hooks"])?.remove(0);
    let configured = git(root, &["config", "--path", "--get", "core.hooksPath"])?
        .map(|value| value.trim_end_matches('\n').to_string())
        .filter(|value| !value.is_empty());
    let path = match &configured {
        Some(value) => root.join(value),
        None => from_git,
    };
    Ok(HooksDir {
        path,
        core_hooks_path: configured,
    })
}
