//! The daily workflow: `init`, `status`, the git hook installed by the real binary, `prompts`,
//! `costs` and `cache` answering.

use crate::common::{cartograph, expect_code};
use cartograph_testkit::repo::TempRepo;
use std::time::{Duration, Instant};

#[test]
fn init_writes_a_config_once_and_ignores_the_cache() {
    let repo = TempRepo::fixture("rust-app").unwrap();
    expect_code(&cartograph(repo.path(), &["init"]), 0);
    let config = repo.read("pipeline.toml").unwrap();
    assert!(config.contains("[phases.map]"), "{config}");
    assert!(repo
        .read(".gitignore")
        .unwrap()
        .lines()
        .any(|line| line == ".cartograph/"));
    let again = cartograph(repo.path(), &["init"]);
    expect_code(&again, 2);
    assert!(again.stderr.contains("--force"), "{}", again.stderr);
    expect_code(&cartograph(repo.path(), &["init", "--force"]), 0);
    let ignores = repo.read(".gitignore").unwrap();
    assert_eq!(
        ignores
            .lines()
            .filter(|line| *line == ".cartograph/")
            .count(),
        1,
        "{ignores}"
    );
    // The written configuration is valid and runs offline.
    expect_code(&cartograph(repo.path(), &["docs", "-q"]), 0);
}

#[test]
fn status_reports_changes_since_the_last_docs_run() {
    let repo = TempRepo::fixture("python-lib").unwrap();
    expect_code(&cartograph(repo.path(), &["docs", "-q"]), 0);
    let clean = cartograph(repo.path(), &["status", "--json"]);
    expect_code(&clean, 0);
    let clean = clean.json();
    assert_eq!(clean["changed"].as_array().unwrap().len(), 0, "{clean}");
    repo.write(
        "pkg/util.py",
        "def celsius(f):\n    return (f - 32) / 1.8\n",
    )
    .unwrap();
    repo.write("pkg/new.py", "X = 1\n").unwrap();
    let dirty = cartograph(repo.path(), &["status", "--json"]).json();
    assert_eq!(
        dirty["changed"],
        serde_json::json!(["pkg/util.py"]),
        "{dirty}"
    );
    assert_eq!(dirty["added"], serde_json::json!(["pkg/new.py"]), "{dirty}");
    assert_eq!(
        dirty["estimated_cost_usd"], 0.0,
        "offline costs nothing: {dirty}"
    );
    // It answers while another run holds the lock.
    let _lock =
        cartograph_store::RunLock::acquire(&repo.path().join(".cartograph/lock"), false, "docs")
            .unwrap();
    let locked = cartograph(repo.path(), &["status", "--json"]);
    expect_code(&locked, 0);
    assert!(locked.json()["run_in_progress"].is_string());
    expect_code(&cartograph(repo.path(), &["costs"]), 0);
}

/// Hands `text` to the next process that opens the FIFO at `path` for reading. The deadline
/// only turns "nobody ever read it" into a failure instead of a hang.
fn feed_fifo(path: &std::path::Path, text: &str) {
    let (fed, done) = std::sync::mpsc::channel();
    let (path, text) = (path.to_path_buf(), text.to_string());
    std::thread::spawn(move || {
        let _ = fed.send(std::fs::write(&path, text).is_ok());
    });
    let written = done
        .recv_timeout(Duration::from_secs(120))
        .expect("no process read the configuration");
    assert!(written);
}

#[test]
fn the_installed_hook_documents_each_commit_in_the_background() {
    let repo = TempRepo::fixture("rust-app").unwrap();
    let install = cartograph(repo.path(), &["hook", "install", "--json"]);
    expect_code(&install, 0);
    repo.write("src/extra.rs", "/// Extra.\npub fn extra() {}\n")
        .unwrap();
    repo.run_git(&["add", "-A"]).unwrap();
    // The configuration is a FIFO, so the test decides when each reader gets it: `hook run`
    // (inside `git commit`) first, then the detached docs run. The commit returning while the
    // docs run still waits for its configuration shows that git does not wait for the docs,
    // whatever the machine's load; no stopwatch is involved.
    let fifo_dir = tempfile::tempdir().unwrap();
    let fifo = fifo_dir.path().join("pipeline.toml");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    let (committed, commit_done) = std::sync::mpsc::channel();
    let root = repo.path().to_path_buf();
    let fifo_for_commit = fifo.clone();
    std::thread::spawn(move || {
        let status = std::process::Command::new("git")
            .args(["commit", "-q", "-m", "add extra"])
            .current_dir(&root)
            .env("CARTOGRAPH_CONFIG", &fifo_for_commit)
            .status();
        let _ = committed.send(status.map(|status| status.success()).unwrap_or(false));
    });
    // The hook's decision reads the configuration once.
    feed_fifo(&fifo, "[output]\ndir = \"docs/cartograph\"\n");
    // The hook is done and the commit returns; the docs run it started cannot have finished,
    // since it has not been handed its configuration yet. The timeout only turns a hang (a
    // commit that waits for the docs) into a failure.
    let succeeded = commit_done
        .recv_timeout(Duration::from_secs(120))
        .expect("the commit waited for the docs run");
    assert!(succeeded, "git commit failed");
    let index = repo.path().join("docs/cartograph/index.json");
    assert!(
        !std::fs::read_to_string(&index).is_ok_and(|text| text.contains("src/extra.rs")),
        "the docs were written before the run had its configuration"
    );
    feed_fifo(&fifo, "[output]\ndir = \"docs/cartograph\"\n");
    // An event to wait for, with a deadline that only turns a hang into a failure.
    let deadline = Instant::now() + Duration::from_secs(120);
    while Instant::now() < deadline {
        if std::fs::read_to_string(&index).is_ok_and(|text| text.contains("src/extra.rs")) {
            break;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    assert!(
        std::fs::read_to_string(&index)
            .unwrap_or_default()
            .contains("src/extra.rs"),
        "the hook's run wrote the docs"
    );
    let status = cartograph(repo.path(), &["hook", "status", "--json"]);
    expect_code(&status, 0);
    let uninstall = cartograph(repo.path(), &["hook", "uninstall"]);
    expect_code(&uninstall, 0);
    let hooks = repo.path().join(".git/hooks/post-commit");
    assert!(
        !hooks.exists()
            || !std::fs::read_to_string(&hooks)
                .unwrap_or_default()
                .contains("cartograph")
    );
}

#[test]
fn prompts_and_cache_commands_answer() {
    let repo = TempRepo::fixture("rust-app").unwrap();
    let prompts = cartograph(repo.path(), &["prompts", "--json"]);
    expect_code(&prompts, 0);
    let names: Vec<String> = prompts
        .json()
        .as_array()
        .unwrap()
        .iter()
        .map(|row| row["name"].as_str().unwrap().to_string())
        .collect();
    assert!(names.contains(&"map-summary".to_string()), "{names:?}");
    expect_code(&cartograph(repo.path(), &["map", "-q"]), 0);
    let stats = cartograph(repo.path(), &["cache", "stats", "--json"]);
    expect_code(&stats, 0);
    let json = stats.json();
    let stat_tree = json["trees"]
        .as_object()
        .unwrap()
        .iter()
        .find(|(name, _)| name.starts_with("stat-"))
        .map(|(_, tree)| tree["entries"].as_u64().unwrap());
    assert!(stat_tree > Some(0), "{}", stats.stdout);
    expect_code(&cartograph(repo.path(), &["cache", "gc"]), 0);
    expect_code(&cartograph(repo.path(), &["cache", "clear"]), 0);
    let rebuilt = cartograph(repo.path(), &["map", "--json"]).json();
    assert_eq!(rebuilt["parsed"], rebuilt["files"]);
}
