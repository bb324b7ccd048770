//! Reads the repository's recent history for lens (`cartograph_lens::History`): the messages
//! of past commits and the files each changed, through `git log`, kept in
//! `.cartograph/lens/history.log` for the `HEAD` it was read at so that a question asked again
//! before the next commit spawns one `git rev-parse` only. A tree that is not a git checkout,
//! or a git that fails, has no history; lens then ranks as without one.

use cartograph_lens::History;
use std::path::Path;
use std::process::{Command, Stdio};

/// How many past commits are read: enough for the changes described like a question to be
/// among them, few enough that reading them stays quick on a long history.
pub const HISTORY_COMMITS: usize = 3000;

/// Where the log read for a `HEAD` is kept, under the state directory.
const HISTORY_FILE: &str = "lens/history.log";

/// The history of the checkout at `root` up to its `HEAD`, merges left out; `None` when git
/// cannot give one. The log is kept under `state_dir` for the next question; a cache that
/// cannot be read or written costs a `git log`, never the history.
pub fn read_history(root: &Path, state_dir: &Path) -> Option<History> {
    let head = git(root, &["rev-parse", "--verify", "--quiet", "HEAD"])?;
    let head = head.trim();
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
