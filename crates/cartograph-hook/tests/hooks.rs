//! Hooks installed into real temporary repositories and fired by real `git` commands. The
//! cartograph binary is `cartograph-hook-stub` (tests/support/stub.rs), which answers `hook ...`
//! with this crate and records every `docs` run under `.cartograph/`.
//!
//! Everything that runs `git` runs in a child process whose `HOME` is the temporary directory, so
//! no user configuration (a global `core.hooksPath`, above all) reaches these repositories.

#![allow(clippy::unwrap_used)]

use cartograph_lock::RunLock;
use serde_json::Value;
use std::io::BufRead;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

const STUB: &str = env!("CARGO_BIN_EXE_cartograph-hook-stub");

struct Sandbox {
    _dir: tempfile::TempDir,
    home: PathBuf,
    root: PathBuf,
}

impl Sandbox {
    /// A repository at `<tmp>/repo` on branch `main` with one commit.
    fn new() -> Sandbox {
        let dir = tempfile::tempdir().unwrap();
        let home = dir.path().join("home");
        let root = dir.path().join("repo");
        std::fs::create_dir_all(&home).unwrap();
        std::fs::create_dir_all(&root).unwrap();
        let sandbox = Sandbox {
            _dir: dir,
            home,
            root,
        };
        sandbox.git(&["init", "-q", "-b", "main"]);
        sandbox.commit("README.md", "hello\n", "first");
        sandbox
    }

    fn command(&self, program: &str, dir: &Path) -> Command {
        let mut command = Command::new(program);
        command
            .current_dir(dir)
            .env("HOME", &self.home)
            .env("XDG_CONFIG_HOME", &self.home)
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_AUTHOR_NAME", "cartograph tests")
            .env("GIT_AUTHOR_EMAIL", "tests@cartograph.invalid")
            .env("GIT_COMMITTER_NAME", "cartograph tests")
            .env("GIT_COMMITTER_EMAIL", "tests@cartograph.invalid")
            .env_remove("CARTOGRAPH_HOOK")
            .env_remove("CARTOGRAPH_STUB_DOCS_MS");
        // In case these tests run from a hook of the project's own repository.
        for name in [
            "GIT_DIR",
            "GIT_WORK_TREE",
            "GIT_INDEX_FILE",
            "GIT_PREFIX",
            "GIT_COMMON_DIR",
        ] {
            command.env_remove(name);
        }
        command
    }

    fn git_in(&self, dir: &Path, args: &[&str]) -> String {
        let output = self.command("git", dir).args(args).output().unwrap();
        assert!(
            output.status.success(),
            "git {args:?}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8(output.stdout).unwrap().trim().to_string()
    }

    fn git(&self, args: &[&str]) -> String {
        self.git_in(&self.root, args)
    }

    fn commit_in(&self, dir: &Path, file: &str, contents: &str, message: &str) {
        std::fs::write(dir.join(file), contents).unwrap();
        self.git_in(dir, &["add", file]);
        self.git_in(dir, &["commit", "-q", "-m", message]);
    }

    fn commit(&self, file: &str, contents: &str, message: &str) {
        self.commit_in(&self.root, file, contents, message);
    }

    fn stub_in(&self, dir: &Path, args: &[&str]) -> Output {
        let output = self.command(STUB, dir).args(args).output().unwrap();
        assert!(
            output.status.success(),
            "stub {args:?}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        output
    }

    /// Runs the stub and parses what it prints.
    fn stub_json(&self, args: &[&str]) -> Value {
        serde_json::from_slice(&self.stub_in(&self.root, args).stdout).unwrap()
    }

    fn hooks(&self) -> PathBuf {
        self.root.join(".git/hooks")
    }
}

/// The lines of `.cartograph/<name>` under `root`.
fn lines(root: &Path, name: &str) -> Vec<String> {
    std::fs::read_to_string(root.join(".cartograph").join(name))
        .map(|text| text.lines().map(str::to_string).collect())
        .unwrap_or_default()
}

/// Polls for an event. The deadline only turns a hang into a failure; it is far beyond what a
/// loaded machine needs, so it never decides a passing run.
fn wait_for<T>(what: &str, mut probe: impl FnMut() -> Option<T>) -> T {
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        if let Some(value) = probe() {
            return value;
        }
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// Waits until the detached run has finished and recorded it; returns the record.
fn wait_for_finished_run(root: &Path) -> Value {
    wait_for("the hook-started run to finish", || {
        let text = std::fs::read_to_string(root.join(".cartograph/hook-state.json")).ok()?;
        let record: Value = serde_json::from_str(&text).ok()?;
        (!record["finished"].is_null()).then_some(record)
    })
}

fn actions(report: &Value) -> Vec<(String, String)> {
    report["hooks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|hook| {
            (
                hook["event"].as_str().unwrap().into(),
                hook["action"].as_str().unwrap().into(),
            )
        })
        .collect()
}

fn pairs(items: &[(&str, &str)]) -> Vec<(String, String)> {
    items
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

#[test]
fn install_writes_executable_hooks_and_a_commit_starts_a_run() {
    let sandbox = Sandbox::new();
    let report = sandbox.stub_json(&["hook", "install"]);
    assert_eq!(
        actions(&report),
        pairs(&[
            ("post-commit", "installed"),
            ("post-merge", "installed"),
            ("post-rewrite", "installed")
        ])
    );
    for event in ["post-commit", "post-merge", "post-rewrite"] {
        let mode = std::fs::metadata(sandbox.hooks().join(event))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o111, 0o111, "{event} is executable");
    }
    let status = sandbox.stub_json(&["hook", "status"]);
    let states: Vec<&str> = status["hooks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["state"].as_str().unwrap())
        .collect();
    assert_eq!(states, ["ours", "ours", "absent", "ours", "absent"]);
    let named = PathBuf::from(status["hooks"][0]["cartograph"].as_str().unwrap());
    assert_eq!(
        std::fs::canonicalize(named).unwrap(),
        std::fs::canonicalize(STUB).unwrap()
    );

    sandbox.commit("a.txt", "a\n", "second");
    let head = sandbox.git(&["rev-parse", "HEAD"]);
    let record = wait_for_finished_run(&sandbox.root);
    assert_eq!(record["event"], "post-commit");
    assert_eq!(record["commit"], head.as_str());
    assert_eq!(record["exit_code"], 0);
    assert_eq!(lines(&sandbox.root, "stub-runs.log"), [head]);
    assert!(lines(&sandbox.root, "stub-calls.log")
        .contains(&"hook run --event post-commit --".to_string()));
    assert!(lines(&sandbox.root, "stub-calls.log").contains(&"docs -q".to_string()));
    let log = std::fs::read_to_string(sandbox.root.join(".cartograph/hook.log")).unwrap();
    assert!(
        log.contains("post-commit:") && log.contains("--- exit 0"),
        "{log}"
    );
    // The files the hook leaves are ignored.
    assert_eq!(sandbox.git(&["status", "--porcelain"]), "");

    // An amend fires post-commit and post-rewrite; only the first starts anything.
    sandbox.git(&["commit", "-q", "--amend", "-m", "second, amended"]);
    let decisions = lines(&sandbox.root, "stub-decisions.log");
    assert_eq!(
        decisions.last().unwrap(),
        r#"post-rewrite {"decision":"skipped","reason":"amend_seen_by_post_commit"}"#
    );
    assert!(
        decisions[decisions.len() - 2].starts_with("post-commit "),
        "{decisions:?}"
    );
    wait_for("the amend's run", || {
        (lines(&sandbox.root, "stub-runs.log").len() == 2).then_some(())
    });
}

#[test]
fn installing_twice_changes_nothing() {
    let sandbox = Sandbox::new();
    std::fs::write(sandbox.hooks().join("post-commit"), "#!/bin/sh\nexit 0\n").unwrap();
    std::fs::set_permissions(
        sandbox.hooks().join("post-commit"),
        std::fs::Permissions::from_mode(0o755),
    )
    .unwrap();
    sandbox.stub_json(&["hook", "install"]);
    let snapshot = |dir: &Path| {
        let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
            .unwrap()
            .map(|entry| {
                let entry = entry.unwrap();
                (
                    entry.file_name().to_string_lossy().into_owned(),
                    std::fs::read(entry.path()).unwrap(),
                )
            })
            .collect();
        files.sort();
        files
    };
    let before = snapshot(&sandbox.hooks());
    let report = sandbox.stub_json(&["hook", "install"]);
    assert_eq!(
        actions(&report),
        pairs(&[
            ("post-commit", "unchanged"),
            ("post-merge", "unchanged"),
            ("post-rewrite", "unchanged")
        ])
    );
    assert_eq!(snapshot(&sandbox.hooks()), before);
}

#[test]
fn an_existing_hook_still_runs_and_comes_back_byte_for_byte() {
    let sandbox = Sandbox::new();
    let hook = sandbox.hooks().join("post-commit");
    // No newline at the end and an unusual mode: both must survive the round trip.
    let original = "#!/bin/sh\necho \"old hook: $# args\" > old-hook-ran";
    std::fs::write(&hook, original).unwrap();
    std::fs::set_permissions(&hook, std::fs::Permissions::from_mode(0o750)).unwrap();

    let report = sandbox.stub_json(&["hook", "install", "--event", "post-commit"]);
    assert_eq!(actions(&report), pairs(&[("post-commit", "chained")]));
    assert_eq!(
        report["hooks"][0]["previous"],
        format!("{}.cartograph-chained", hook.display())
    );
    let status = sandbox.stub_json(&["hook", "status"]);
    assert_eq!(status["hooks"][0]["state"], "chained");

    sandbox.commit("a.txt", "a\n", "second");
    assert_eq!(
        std::fs::read_to_string(sandbox.root.join("old-hook-ran")).unwrap(),
        "old hook: 0 args\n"
    );
    assert!(lines(&sandbox.root, "stub-calls.log")
        .contains(&"hook run --event post-commit --".to_string()));
    wait_for_finished_run(&sandbox.root);

    let report = sandbox.stub_json(&["hook", "uninstall"]);
    assert_eq!(
        actions(&report),
        pairs(&[
            ("post-commit", "restored"),
            ("post-merge", "not_installed"),
            ("post-checkout", "not_installed"),
            ("post-rewrite", "not_installed"),
            ("pre-push", "not_installed"),
        ])
    );
    assert_eq!(std::fs::read(&hook).unwrap(), original.as_bytes());
    assert_eq!(
        std::fs::metadata(&hook).unwrap().permissions().mode() & 0o7777,
        0o750
    );
    assert!(!sandbox
        .hooks()
        .join("post-commit.cartograph-chained")
        .exists());
}

#[test]
fn uninstall_removes_ours_and_leaves_foreign_hooks_alone() {
    let sandbox = Sandbox::new();
    sandbox.stub_json(&["hook", "install"]);
    let foreign = "#!/bin/sh\n# husky\n";
    std::fs::write(sandbox.hooks().join("post-merge"), foreign).unwrap();
    let report = sandbox.stub_json(&[
        "hook",
        "uninstall",
        "--event",
        "post-commit",
        "--event",
        "post-merge",
    ]);
    assert_eq!(
        actions(&report),
        pairs(&[("post-commit", "removed"), ("post-merge", "foreign")])
    );
    assert!(!sandbox.hooks().join("post-commit").exists());
    assert_eq!(
        std::fs::read_to_string(sandbox.hooks().join("post-merge")).unwrap(),
        foreign
    );
    assert!(
        sandbox.hooks().join("post-rewrite").exists(),
        "not named, not touched"
    );
}

#[test]
fn core_hooks_path_is_honoured() {
    let sandbox = Sandbox::new();
    sandbox.git(&["config", "core.hooksPath", ".githooks"]);
    let report = sandbox.stub_json(&["hook", "install"]);
    assert_eq!(report["core_hooks_path"], ".githooks");
    assert!(sandbox.root.join(".githooks/post-commit").exists());
    assert!(!sandbox.hooks().join("post-commit").exists());
    sandbox.commit("a.txt", "a\n", "second");
    assert!(lines(&sandbox.root, "stub-calls.log")
        .contains(&"hook run --event post-commit --".to_string()));
}

#[test]
fn a_linked_worktree_shares_the_hooks_and_keeps_its_own_state() {
    let sandbox = Sandbox::new();
    let worktree = sandbox.root.parent().unwrap().join("worktree");
    sandbox.git(&[
        "worktree",
        "add",
        "-q",
        "-b",
        "side",
        worktree.to_str().unwrap(),
    ]);
    let report: Value =
        serde_json::from_slice(&sandbox.stub_in(&worktree, &["hook", "install"]).stdout).unwrap();
    assert_eq!(
        std::fs::canonicalize(report["hooks_dir"].as_str().unwrap()).unwrap(),
        std::fs::canonicalize(sandbox.hooks()).unwrap(),
        "git runs the main repository's hooks for every worktree"
    );
    sandbox.commit_in(&worktree, "side.txt", "side\n", "on the side");
    let head = sandbox.git_in(&worktree, &["rev-parse", "HEAD"]);
    wait_for_finished_run(&worktree);
    assert_eq!(lines(&worktree, "stub-runs.log"), [head]);
    assert!(lines(&sandbox.root, "stub-runs.log").is_empty());
}

#[test]
fn a_rebase_of_ten_commits_starts_one_run() {
    let sandbox = Sandbox::new();
    sandbox.git(&["checkout", "-q", "-b", "feature"]);
    for n in 0..10 {
        sandbox.commit(&format!("f{n}.txt"), "feature\n", &format!("feature {n}"));
    }
    sandbox.git(&["checkout", "-q", "main"]);
    sandbox.commit("base.txt", "new base\n", "new base");
    sandbox.git(&["checkout", "-q", "feature"]);
    sandbox.stub_json(&["hook", "install"]);

    sandbox.git(&["rebase", "-q", "main"]);
    let head = sandbox.git(&["rev-parse", "HEAD"]);
    assert_eq!(sandbox.git(&["rev-list", "--count", "main..HEAD"]), "10");

    // Each hook decides before git goes on, so every decision is in by now.
    let decisions = lines(&sandbox.root, "stub-decisions.log");
    let skipped = r#"post-commit {"decision":"skipped","reason":"rebase_in_progress"}"#;
    assert_eq!(
        decisions.iter().filter(|line| *line == skipped).count(),
        10,
        "{decisions:#?}"
    );
    assert_eq!(decisions.len(), 11, "{decisions:#?}");
    assert!(
        decisions[10].starts_with(r#"post-rewrite {"decision":"spawned""#),
        "{decisions:#?}"
    );

    let record = wait_for_finished_run(&sandbox.root);
    assert_eq!(record["event"], "post-rewrite");
    assert_eq!(lines(&sandbox.root, "stub-runs.log"), [head]);
}

#[test]
fn a_hook_during_a_run_requests_a_rerun_instead_of_a_second_process() {
    let sandbox = Sandbox::new();
    let lock = RunLock::acquire(&sandbox.root.join(".cartograph/lock"), false, "docs").unwrap();
    let output = sandbox.stub_in(
        &sandbox.root,
        &["hook", "run", "--event", "post-commit", "--"],
    );
    let decision: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(decision["decision"], "rerun_requested");
    assert_eq!(decision["holder_pid"], std::process::id());
    assert!(sandbox.root.join(".cartograph/rerun-requested").exists());
    let status = sandbox.stub_json(&["hook", "status"]);
    assert_eq!(status["rerun_requested"], true);
    assert_eq!(status["run_in_progress"]["pid"], std::process::id());
    assert!(!lines(&sandbox.root, "stub-calls.log")
        .iter()
        .any(|line| line.starts_with("docs")));

    // The run that holds the lock serves the request once it is done.
    drop(lock);
    sandbox.stub_in(&sandbox.root, &["docs"]);
    assert_eq!(lines(&sandbox.root, "stub-runs.log").len(), 1);
    assert!(!sandbox.root.join(".cartograph/rerun-requested").exists());
}

#[test]
fn commits_during_a_run_end_with_the_newest_one_documented() {
    let sandbox = Sandbox::new();
    sandbox.stub_json(&["hook", "install"]);
    let lock = sandbox.root.join(".cartograph/lock");
    let commit = |n: u32| {
        let mut command = sandbox.command("git", &sandbox.root);
        std::fs::write(sandbox.root.join("n.txt"), n.to_string()).unwrap();
        sandbox.git(&["add", "n.txt"]);
        // The stub's docs run takes a second, long enough for the next commits to find it running.
        let status = command
            .args(["commit", "-q", "-m", "n"])
            .env("CARTOGRAPH_STUB_DOCS_MS", "1000")
            .status();
        assert!(status.unwrap().success());
    };
    commit(1);
    let holder = wait_for("the run to take the lock", || RunLock::holder(&lock));
    commit(2);
    commit(3);
    let head = sandbox.git(&["rev-parse", "HEAD"]);
    let decisions = lines(&sandbox.root, "stub-decisions.log");
    assert_eq!(
        decisions[1..],
        [
            format!(
                r#"post-commit {{"decision":"rerun_requested","holder_pid":{}}}"#,
                holder.pid
            ),
            format!(
                r#"post-commit {{"decision":"rerun_requested","holder_pid":{}}}"#,
                holder.pid
            ),
        ]
    );
    wait_for_finished_run(&sandbox.root);
    let runs = lines(&sandbox.root, "stub-runs.log");
    assert_eq!(runs.len(), 2, "one run and one rerun: {runs:?}");
    assert_eq!(runs[1], head);
}

#[test]
fn a_lock_held_by_a_killed_process_is_free() {
    let sandbox = Sandbox::new();
    let mut holder = sandbox
        .command(STUB, &sandbox.root)
        .arg("hold-lock")
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    std::io::BufReader::new(holder.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    assert_eq!(line, "locked\n");
    let lock = sandbox.root.join(".cartograph/lock");
    assert_eq!(RunLock::holder(&lock).unwrap().pid, holder.id());

    holder.kill().unwrap(); // SIGKILL: no destructor runs, the OS drops the lock
    holder.wait().unwrap();
    assert!(RunLock::holder(&lock).is_none());
    let output = sandbox.stub_in(
        &sandbox.root,
        &["hook", "run", "--event", "post-commit", "--"],
    );
    let decision: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(decision["decision"], "spawned");
    wait_for_finished_run(&sandbox.root);
}

#[test]
fn a_failing_pre_push_hook_still_fails_the_push() {
    let sandbox = Sandbox::new();
    let remote = sandbox.root.parent().unwrap().join("remote.git");
    sandbox.git(&["init", "-q", "--bare", remote.to_str().unwrap()]);
    sandbox.git(&["remote", "add", "origin", remote.to_str().unwrap()]);
    let hook = sandbox.hooks().join("pre-push");
    std::fs::write(
        &hook,
        "#!/bin/sh\ncat > pre-push-stdin\necho \"$1\" > pre-push-args\nexit 1\n",
    )
    .unwrap();
    std::fs::set_permissions(&hook, std::fs::Permissions::from_mode(0o755)).unwrap();
    sandbox.stub_json(&["hook", "install", "--event", "pre-push"]);

    let push = sandbox
        .command("git", &sandbox.root)
        .args(["push", "-q", "origin", "main"])
        .output()
        .unwrap();
    assert!(!push.status.success(), "the chained hook refused the push");
    assert!(std::fs::read_to_string(sandbox.root.join("pre-push-stdin"))
        .unwrap()
        .contains("refs/heads/main"));
    assert_eq!(
        std::fs::read_to_string(sandbox.root.join("pre-push-args")).unwrap(),
        "origin\n"
    );
    assert!(
        lines(&sandbox.root, "stub-decisions.log").is_empty(),
        "a refused push documents nothing"
    );

    std::fs::write(
        hook.with_file_name("pre-push.cartograph-chained"),
        "#!/bin/sh\nexit 0\n",
    )
    .unwrap();
    sandbox.git(&["push", "-q", "origin", "main"]);
    assert!(lines(&sandbox.root, "stub-decisions.log")[0]
        .starts_with(r#"pre-push {"decision":"spawned""#));
    wait_for_finished_run(&sandbox.root);
}

#[test]
fn a_missing_cartograph_never_fails_a_commit() {
    let sandbox = Sandbox::new();
    let moved = sandbox.home.join("cartograph");
    std::fs::copy(STUB, &moved).unwrap();
    sandbox.stub_in(&sandbox.root, &["hook", "install"]);
    // Install again from the copy, then delete it: the hooks now name a binary that is gone.
    let output = sandbox
        .command(moved.to_str().unwrap(), &sandbox.root)
        .args(["hook", "install"])
        .output()
        .unwrap();
    assert!(output.status.success());
    std::fs::remove_file(&moved).unwrap();
    std::fs::write(sandbox.root.join("a.txt"), "a\n").unwrap();
    sandbox.git(&["add", "a.txt"]);
    let commit = sandbox
        .command("git", &sandbox.root)
        .args(["commit", "-q", "-m", "second"])
        .output()
        .unwrap();
    assert!(commit.status.success());
    let stderr = String::from_utf8_lossy(&commit.stderr);
    assert!(
        stderr.contains("is missing; run `cartograph hook install` again"),
        "{stderr}"
    );
}
