//! Writes, chains and removes the hook scripts, and reports what is installed. Never runs a hook.
//!
//! An existing hook is renamed to `<hook>.cartograph-chained` (a rename keeps its bytes, its mode
//! and a symlink as a symlink) and our script runs it first with the same arguments and stdin;
//! `uninstall` renames it back.

use crate::git::{hooks_dir, HooksDir};
use crate::rerun::rerun_requested;
use crate::run::{read_last_run, HookRunRecord};
use crate::{lock_path, HookError, HookEvent};
use cartograph_lock::{LockHolder, RunLock};
use serde::Serialize;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

/// The line that tells our script from anyone else's.
const MARKER: &str = "# cartograph-hook: managed by `cartograph hook install`";
const CHAINED_SUFFIX: &str = ".cartograph-chained";
const EXE_PREFIX: &str = "cartograph=";

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct InstallReport {
    pub hooks_dir: PathBuf,
    /// The `core.hooksPath` setting as written, when the hooks went there. A hooks directory
    /// that is tracked in git now holds a script naming this machine's cartograph binary.
    pub core_hooks_path: Option<String>,
    pub hooks: Vec<InstalledHook>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct InstalledHook {
    pub event: HookEvent,
    pub path: PathBuf,
    #[serde(flatten)]
    pub action: InstallAction,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum InstallAction {
    /// There was no hook; ours is the only one.
    Installed,
    /// The existing hook moved to `previous` and runs first.
    Chained { previous: PathBuf },
    /// Ours was there with another cartograph path (or an older script); rewritten.
    Updated,
    /// Ours was there already, byte for byte.
    Unchanged,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UninstallReport {
    pub hooks_dir: PathBuf,
    pub hooks: Vec<UninstalledHook>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UninstalledHook {
    pub event: HookEvent,
    pub path: PathBuf,
    #[serde(flatten)]
    pub action: UninstallAction,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum UninstallAction {
    /// Ours removed; the hook that was there before is back, byte for byte.
    Restored,
    /// Ours removed; there was none before.
    Removed,
    /// The hook there is not ours; left alone.
    Foreign,
    /// No hook for this event.
    NotInstalled,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HookStatus {
    pub hooks_dir: PathBuf,
    pub core_hooks_path: Option<String>,
    /// Every event, installed or not.
    pub hooks: Vec<EventStatus>,
    /// How the last hook-started run went (from `.cartograph/hook-state.json`).
    pub last_run: Option<HookRunRecord>,
    /// Whoever holds the run lock right now.
    pub run_in_progress: Option<LockHolder>,
    /// A hook fired during a run; the run will go again before it ends.
    pub rerun_requested: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EventStatus {
    pub event: HookEvent,
    pub path: PathBuf,
    pub state: HookState,
    /// The cartograph binary our script calls, when the hook is ours.
    pub cartograph: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum HookState {
    Absent,
    /// Ours, alone.
    Ours,
    /// Ours, running the previous hook first.
    Chained,
    /// Someone else's; `install` would chain it.
    Foreign,
}

/// Installs our hook for each of `events` (see [`HookEvent::DEFAULT`]), calling `cartograph_exe`
/// (an absolute path; the binary passes `std::env::current_exe()`). Idempotent per event.
pub fn install(
    repo_root: &Path,
    events: &[HookEvent],
    cartograph_exe: &Path,
) -> Result<InstallReport, HookError> {
    let HooksDir {
        path: dir,
        core_hooks_path,
    } = hooks_dir(repo_root)?;
    std::fs::create_dir_all(&dir).map_err(HookError::io("create the hooks directory", &dir))?;
    let mut hooks = Vec::new();
    for &event in events {
        let path = dir.join(event.as_str());
        let action = install_one(&path, event, cartograph_exe)?;
        hooks.push(InstalledHook {
            event,
            path,
            action,
        });
    }
    Ok(InstallReport {
        hooks_dir: dir,
        core_hooks_path,
        hooks,
    })
}

fn install_one(
    hook: &Path,
    event: HookEvent,
    cartograph_exe: &Path,
) -> Result<InstallAction, HookError> {
    let script = render_script(event, cartograph_exe);
    match read_hook(hook)? {
        Some(existing) if existing == script.as_bytes() => Ok(InstallAction::Unchanged),
        Some(existing) if is_ours(&existing) => {
            write_script(hook, &script)?;
            Ok(InstallAction::Updated)
        }
        Some(_) => {
            let chained = chained_path(hook);
            if std::fs::symlink_metadata(&chained).is_ok() {
                return Err(HookError::ChainedHookExists {
                    hook: hook.to_path_buf(),
                    chained,
                });
            }
            std::fs::rename(hook, &chained)
                .map_err(HookError::io("move aside the existing hook", hook))?;
            if let Err(error) = write_script(hook, &script) {
                // Put the user's hook back rather than leave the event with none.
                let _ = std::fs::rename(&chained, hook);
                return Err(error);
            }
            Ok(InstallAction::Chained { previous: chained })
        }
        None => {
            write_script(hook, &script)?;
            Ok(InstallAction::Installed)
        }
    }
}

/// Removes our hook for each of `events`, putting back the hook it chained. A hook that is not
/// ours is left alone, so passing [`HookEvent::ALL`] removes every hook we installed.
pub fn uninstall(repo_root: &Path, events: &[HookEvent]) -> Result<UninstallReport, HookError> {
    let dir = hooks_dir(repo_root)?.path;
    let mut hooks = Vec::new();
    for &event in events {
        let path = dir.join(event.as_str());
        let action = uninstall_one(&path)?;
        hooks.push(UninstalledHook {
            event,
            path,
            action,
        });
    }
    Ok(UninstallReport {
        hooks_dir: dir,
        hooks,
    })
}

fn uninstall_one(hook: &Path) -> Result<UninstallAction, HookError> {
    let chained = chained_path(hook);
    let chained_exists = std::fs::symlink_metadata(&chained).is_ok();
    match read_hook(hook)? {
        Some(existing) if !is_ours(&existing) => Ok(UninstallAction::Foreign),
        // Ours, or ours deleted by hand while the previous hook still waits aside.
        Some(_) | None if chained_exists => {
            std::fs::rename(&chained, hook)
                .map_err(HookError::io("restore the previous hook", &chained))?;
            Ok(UninstallAction::Restored)
        }
        Some(_) => {
            std::fs::remove_file(hook).map_err(HookError::io("remove", hook))?;
            Ok(UninstallAction::Removed)
        }
        None => Ok(UninstallAction::NotInstalled),
    }
}

/// What is installed for every event, and how the hook-started runs are going.
pub fn status(repo_root: &Path) -> Result<HookStatus, HookError> {
    let HooksDir {
        path: dir,
        core_hooks_path,
    } = hooks_dir(repo_root)?;
    let mut hooks = Vec::new();
    for event in HookEvent::ALL {
        let path = dir.join(event.as_str());
        let (state, cartograph) = match read_hook(&path)? {
            None => (HookState::Absent, None),
            Some(existing) if is_ours(&existing) => {
                let chained = std::fs::symlink_metadata(chained_path(&path)).is_ok();
                let state = if chained {
                    HookState::Chained
                } else {
                    HookState::Ours
                };
                (state, exe_from_script(&existing))
            }
            Some(_) => (HookState::Foreign, None),
        };
        hooks.push(EventStatus {
            event,
            path,
            state,
            cartograph,
        });
    }
    Ok(HookStatus {
        hooks_dir: dir,
        core_hooks_path,
        hooks,
        last_run: read_last_run(repo_root),
        run_in_progress: RunLock::holder(&lock_path(repo_root)),
        rerun_requested: rerun_requested(repo_root),
    })
}

/// Whether the hook at `hook` is ours (used to tell whether `post-commit` already covers an amend).
pub(crate) fn is_our_hook(hook: &Path) -> bool {
    matches!(read_hook(hook), Ok(Some(existing)) if is_ours(&existing))
}

fn is_ours(script: &[u8]) -> bool {
    String::from_utf8_lossy(script)
        .lines()
        .any(|line| line == MARKER)
}

fn chained_path(hook: &Path) -> PathBuf {
    let mut name = hook.as_os_str().to_os_string();
    name.push(CHAINED_SUFFIX);
    PathBuf::from(name)
}

/// The hook's bytes, `None` when there is no hook. A dangling symlink counts as a hook (it is
/// someone's), read as empty.
fn read_hook(hook: &Path) -> Result<Option<Vec<u8>>, HookError> {
    match std::fs::read(hook) {
        Ok(bytes) => Ok(Some(bytes)),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
            Ok(std::fs::symlink_metadata(hook).is_ok().then(Vec::new))
        }
        Err(source) => Err(HookError::Io {
            action: "read",
            path: hook.to_path_buf(),
            source,
        }),
    }
}

/// Writes next to the hook, then renames over it, so git never runs half a script.
fn write_script(hook: &Path, script: &str) -> Result<(), HookError> {
    let mut temporary = hook.as_os_str().to_os_string();
    temporary.push(".cartograph-tmp");
    let temporary = PathBuf::from(temporary);
    std::fs::write(&temporary, script).map_err(HookError::io("write", &temporary))?;
    let result = std::fs::set_permissions(&temporary, std::fs::Permissions::from_mode(0o755))
        .map_err(HookError::io("make executable", &temporary))
        .and_then(|()| std::fs::rename(&temporary, hook).map_err(HookError::io("write", hook)));
    if result.is_err() {
        let _ = std::fs::remove_file(&temporary);
    }
    result
}

/// Single-quotes `text` for `sh`.
fn sh_quote(text: &str) -> String {
    format!("'{}'", text.replace('\'', r"'\''"))
}

fn exe_from_script(script: &[u8]) -> Option<PathBuf> {
    let text = String::from_utf8_lossy(script);
    let quoted = text
        .lines()
        .find_map(|line| line.strip_prefix(EXE_PREFIX))?;
    let inner = quoted.strip_prefix('\'')?.strip_suffix('\'')?;
    Some(PathBuf::from(inner.replace(r"'\''", "'")))
}

/// The hook script. It does nothing heavy itself: it runs the previous hook, then
/// `cartograph hook run`, which decides and spawns in milliseconds. That decision runs in the
/// foreground on purpose: in the background it could look for `.git/rebase-merge` after the
/// rebase had already removed it, and start a run per replayed commit.
fn render_script(event: HookEvent, cartograph_exe: &Path) -> String {
    let name = event.as_str();
    let exe = sh_quote(&cartograph_exe.to_string_lossy());
    let stop_on_failure = if event == HookEvent::PrePush {
        "# A failing pre-push hook must still stop the push; then there is nothing to document.\n\
         [ \"$status\" -eq 0 ] || exit \"$status\"\n"
    } else {
        ""
    };
    format!(
        r#"#!/bin/sh
{MARKER}
# (`cartograph hook uninstall` puts back the hook that was here before). Runs that hook first,
# then asks cartograph to refresh the docs in the background; git never waits for them.
case $0 in */*) hooks=${{0%/*}} ;; *) hooks=. ;; esac
status=0
if [ -x "$hooks/{name}{CHAINED_SUFFIX}" ]; then
	"$hooks/{name}{CHAINED_SUFFIX}" "$@"
	status=$?
fi
{stop_on_failure}{EXE_PREFIX}{exe}
if [ -x "$cartograph" ]; then
	"$cartograph" hook run --event {name} -- "$@" </dev/null >/dev/null
else
	echo "cartograph: \`$cartograph\` is missing; run \`cartograph hook install\` again or \`cartograph hook uninstall\`" >&2
fi
exit "$status"
"#
    )
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn script_names_the_exe_and_is_recognised() {
        let exe = Path::new("/opt/it's here/cartograph");
        let script = render_script(HookEvent::PrePush, exe);
        assert!(is_ours(script.as_bytes()));
        assert_eq!(exe_from_script(script.as_bytes()).unwrap(), exe);
        assert!(script.contains("--event pre-push"));
        assert!(script.contains(r#"[ "$status" -eq 0 ] || exit "$status""#));
        let post_commit = render_script(HookEvent::PostCommit, exe);
        assert!(!post_commit.contains("|| exit"));
        assert!(!is_ours(b"#!/bin/sh\n# cartograph-hook: a lookalike\n"));
    }

    /// Runs a rendered hook as git would: `$0` in the hooks folder, git's arguments, with a
    /// chained hook and a stand-in `cartograph` that record what they were given.
    fn run_hook(
        event: HookEvent,
        chained_status: Option<i32>,
        exe_exists: bool,
    ) -> (std::process::Output, String, String) {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let hooks = dir.path().join("hooks");
        std::fs::create_dir(&hooks).unwrap();
        let executable = |path: &Path, text: &str| {
            std::fs::write(path, text).unwrap();
            std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755)).unwrap();
        };
        let chained_log = dir.path().join("chained.log");
        let exe_log = dir.path().join("exe.log");
        if let Some(status) = chained_status {
            let mut chained = hooks.join(event.as_str()).into_os_string();
            chained.push(CHAINED_SUFFIX);
            executable(
                Path::new(&chained),
                &format!(
                    "#!/bin/sh\necho \"$@\" >'{}'\nexit {status}\n",
                    chained_log.display()
                ),
            );
        }
        let exe = dir.path().join("bin dir").join("cartograph");
        if exe_exists {
            std::fs::create_dir(exe.parent().unwrap()).unwrap();
            executable(
                &exe,
                &format!("#!/bin/sh\necho \"$@\" >'{}'\n", exe_log.display()),
            );
        }
        let hook = hooks.join(event.as_str());
        executable(&hook, &render_script(event, &exe));
        // Another test thread may fork while this one still holds a script open for writing;
        // its child keeps the descriptor until it execs, and running the script then fails with
        // ETXTBSY. That window closes within milliseconds, so the spawn is retried.
        let mut attempts = 0;
        let output = loop {
            match std::process::Command::new(&hook)
                .args(["origin", "https://example.invalid/repo"])
                .current_dir(dir.path())
                .output()
            {
                Err(error)
                    if error.kind() == std::io::ErrorKind::ExecutableFileBusy && attempts < 100 =>
                {
                    attempts += 1;
                    std::thread::sleep(std::time::Duration::from_millis(10));
                }
                result => break result.unwrap(),
            }
        };
        let read = |path: &Path| std::fs::read_to_string(path).unwrap_or_default();
        (output, read(&chained_log), read(&exe_log))
    }

    /// Issue 15: `sh -n` proved only that the script parses. These run it.
    #[test]
    fn the_script_runs_the_chained_hook_then_cartograph_with_gits_arguments() {
        let (output, chained, exe) = run_hook(HookEvent::PostCommit, Some(0), true);
        assert_eq!(output.status.code(), Some(0));
        assert_eq!(chained.trim(), "origin https://example.invalid/repo");
        assert_eq!(
            exe.trim(),
            "hook run --event post-commit -- origin https://example.invalid/repo"
        );

        // A failing chained post-commit hook keeps its status, and the docs still refresh.
        let (output, _, exe) = run_hook(HookEvent::PostCommit, Some(3), true);
        assert_eq!(output.status.code(), Some(3));
        assert!(exe.starts_with("hook run --event post-commit"), "{exe}");

        // A failing chained pre-push hook stops the push, and nothing is documented.
        let (output, chained, exe) = run_hook(HookEvent::PrePush, Some(1), true);
        assert_eq!(output.status.code(), Some(1));
        assert!(!chained.is_empty());
        assert_eq!(exe, "");

        // No chained hook: cartograph alone.
        let (output, chained, exe) = run_hook(HookEvent::PostMerge, None, true);
        assert_eq!(output.status.code(), Some(0));
        assert_eq!(chained, "");
        assert!(exe.starts_with("hook run --event post-merge -- "), "{exe}");
    }

    #[test]
    fn a_missing_cartograph_is_reported_and_never_fails_the_git_command() {
        let (output, chained, _) = run_hook(HookEvent::PostCommit, Some(0), false);
        assert_eq!(output.status.code(), Some(0));
        assert!(!chained.is_empty());
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            stderr.contains("is missing; run `cartograph hook install` again"),
            "{stderr}"
        );
    }

    #[test]
    fn script_parses_as_posix_sh() {
        let script = render_script(HookEvent::PostCommit, Path::new("/usr/bin/cartograph"));
        let status = std::process::Command::new("sh")
            .args(["-n", "-c", &script])
            .status()
            .unwrap();
        assert!(status.success());
    }
}
