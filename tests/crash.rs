//! Crash safety: `kill -9` of the real binary at seeded random moments of `docs`, then run
//! again. The cache opens cleanly, every file of the docs folder is whole (its old or its new
//! version), and no call whose response was on disk before a kill is paid again: only calls in
//! flight at the kill (at most `max_concurrency` each time) may be.

use crate::common::{cartograph_env, expect_code};
use cartograph_testkit::fake_provider::{FakeProvider, FakeScript};
use cartograph_testkit::repo::TempRepo;
use std::process::{Command, Stdio};
use std::time::Duration;

const KEY: &str = "sk-fake-crash-key";
const MAX_CONCURRENCY: usize = 3;
const TRIALS: usize = 5;

/// A small deterministic generator: the kill moments are random but the same on every run.
struct Lcg(u64);

impl Lcg {
    fn next_in(&mut self, low: u64, high: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        low + (self.0 >> 33) % (high - low)
    }
}

fn assert_docs_whole(dir: &std::path::Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            assert_docs_whole(&path);
            continue;
        }
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        assert!(
            !name.starts_with(".tmp"),
            "a temporary file was left visible: {}",
            path.display()
        );
        let text = std::fs::read_to_string(&path).unwrap();
        if name == "index.json" {
            serde_json::from_str::<serde_json::Value>(&text)
                .unwrap_or_else(|error| panic!("torn index.json: {error}"));
        } else if name.ends_with(".md") && name != "SUMMARY.md" {
            assert!(
                text.starts_with("---\n") && text[4..].contains("\n---\n"),
                "torn page {}",
                path.display()
            );
        }
    }
}

#[test]
fn kill_nine_at_random_moments_loses_nothing_paid() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let fake = runtime
        .block_on(FakeProvider::start(FakeScript {
            latency: Duration::from_millis(40),
            ..FakeScript::default()
        }))
        .unwrap();
    let repo = TempRepo::fixture("polyglot").unwrap();
    repo.write(
        "pipeline.toml",
        &format!(
            "[providers.fake]\nkind = \"openai\"\nbase_url = \"{}\"\napi_key_env = \"FAKE_LLM_KEY\"\nmax_concurrency = {MAX_CONCURRENCY}\n\n[phases.map]\nmodels = [\"fake/cheap\"]\n\n[phases.run]\nmodels = [\"fake/big\"]\n",
            fake.openai_base_url()
        ),
    )
    .unwrap();
    let mut random = Lcg(0x5eed);
    for _ in 0..TRIALS {
        let mut child = Command::new(env!("CARGO_BIN_EXE_cartograph"))
            .arg("-C")
            .arg(repo.path())
            .args(["docs", "-q"])
            .env("FAKE_LLM_KEY", KEY)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(random.next_in(30, 700)));
        let _ = child.kill(); // SIGKILL
        let _ = child.wait();
        assert_docs_whole(&repo.path().join("docs/cartograph"));
        let verify = cartograph_env(repo.path(), &["cache", "verify", "--json"], &[]);
        assert!(
            verify.code == 0 || verify.code == 4,
            "cache verify after a kill: {} {}",
            verify.stdout,
            verify.stderr
        );
    }
    let finished = cartograph_env(repo.path(), &["docs", "--json"], &[("FAKE_LLM_KEY", KEY)]);
    expect_code(&finished, 0);
    assert_docs_whole(&repo.path().join("docs/cartograph"));

    // Every distinct request was answered successfully once, plus at most the calls in flight
    // at each kill.
    let answered_ok: Vec<_> = fake
        .requests()
        .into_iter()
        .filter(|request| request.answered == "ok")
        .collect();
    let mut distinct: Vec<String> = answered_ok
        .iter()
        .map(|request| request.body["messages"].to_string())
        .collect();
    distinct.sort();
    distinct.dedup();
    let repaid = answered_ok.len() - distinct.len();
    assert!(
        repaid <= TRIALS * MAX_CONCURRENCY,
        "{repaid} calls were paid twice over {TRIALS} kills (at most {} may be in flight)",
        TRIALS * MAX_CONCURRENCY
    );
    // And a run with nothing left to do pays nothing.
    let before = fake.request_count();
    expect_code(
        &cartograph_env(repo.path(), &["docs"], &[("FAKE_LLM_KEY", KEY)]),
        0,
    );
    assert_eq!(fake.request_count(), before);
}

/// A reader that goes away (`cartograph map 2>&1 | head`, `cartograph lens … | head -1`) ends
/// the run quietly and successfully: no panic, and the cache is not taken for corrupt (a panic
/// while the cache opens, from a log line written to a closed stderr, once moved it aside).
#[test]
fn closed_output_pipes_end_quietly_and_keep_the_cache() {
    let repo = TempRepo::fixture("polyglot").unwrap();
    expect_code(&cartograph_env(repo.path(), &["map"], &[]), 0);
    for args in [
        &["map"][..],
        &["lens", "parse the configuration"][..],
        &["map", "--json"][..],
        &["docs"][..],
    ] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_cartograph"))
            .arg("-C")
            .arg(repo.path())
            .args(args)
            .env("CARTOGRAPH_LOG", "debug")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // Both readers gone before the first line is written.
        drop(child.stdout.take());
        drop(child.stderr.take());
        let status = child.wait().unwrap();
        assert_eq!(
            status.code(),
            Some(0),
            "`cartograph {args:?}` with its pipes closed"
        );
    }
    let moved_aside: Vec<String> = std::fs::read_dir(repo.path().join(".cartograph"))
        .unwrap()
        .flatten()
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .filter(|name| name.contains(".broken-"))
        .collect();
    assert!(moved_aside.is_empty(), "cache moved aside: {moved_aside:?}");
    let warm = cartograph_env(repo.path(), &["map", "--json"], &[]);
    expect_code(&warm, 0);
    assert!(
        !warm.stderr.contains("could not be used"),
        "{}",
        warm.stderr
    );
}
