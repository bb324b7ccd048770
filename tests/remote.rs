//! The team cache: two checkouts of one repository share a Redis; the second pays nothing.
//! Starts its own `redis-server` on a free loopback port (`.ci/run` installs it).

use crate::common::{cartograph_env, expect_code};
use cartograph_testkit::fake_provider::{FakeProvider, FakeScript};
use cartograph_testkit::repo::TempRepo;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

struct Redis {
    child: Child,
    port: u16,
}

impl Redis {
    fn start() -> Option<Redis> {
        if std::env::var("CARTOGRAPH_SKIP_REDIS_TESTS").is_ok_and(|value| value == "1") {
            eprintln!("CARTOGRAPH_SKIP_REDIS_TESTS=1: skipping the team cache test");
            return None;
        }
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let redis = Redis {
            child: Command::new("redis-server")
                .args(["--port", &port.to_string(), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"])
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .unwrap_or_else(|error| {
                    panic!("redis-server is needed for this test (apt-get install redis-server): {error}")
                }),
            port,
        };
        // From here on, dropping `redis` kills and waits for the server.
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
                return Some(redis);
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        panic!("redis-server did not start on port {port}");
    }
}

impl Drop for Redis {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

const KEY: &str = "sk-fake-remote-key";
const TEAM: &str = "team-secret-for-tests-0123456789";

fn config(base_url: &str, port: u16) -> String {
    format!(
        "[providers.fake]\nkind = \"openai\"\nbase_url = \"{base_url}\"\napi_key_env = \"FAKE_LLM_KEY\"\n\n[phases.map]\nmodels = [\"fake/cheap\"]\n\n[phases.run]\nmodels = [\"fake/big\"]\n\n[cache]\nremote = \"redis://127.0.0.1:{port}/0\"\nremote_key_env = \"CARTOGRAPH_CACHE_KEY\"\n"
    )
}

#[test]
fn a_second_checkout_pays_nothing_and_a_dead_redis_costs_nothing() {
    let Some(redis) = Redis::start() else { return };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let fake = runtime
        .block_on(FakeProvider::start(FakeScript::default()))
        .unwrap();
    let env = [("FAKE_LLM_KEY", KEY), ("CARTOGRAPH_CACHE_KEY", TEAM)];

    let first = TempRepo::fixture("python-lib").unwrap();
    first
        .write(
            "pipeline.toml",
            &config(&fake.openai_base_url(), redis.port),
        )
        .unwrap();
    first.commit_all("configure").unwrap();
    expect_code(&cartograph_env(first.path(), &["docs", "-q"], &env), 0);
    let paid = fake.request_count();
    assert!(paid > 0);

    // A separate clone: an empty local cache, the same Redis.
    let other = TempRepo::new().unwrap();
    let checkout = other.path().join("checkout");
    let cloned = Command::new("git")
        .args(["clone", "-q"])
        .arg(first.path())
        .arg(&checkout)
        .status()
        .unwrap();
    assert!(cloned.success());
    let second = cartograph_env(&checkout, &["docs", "--json"], &env);
    expect_code(&second, 0);
    assert_eq!(
        fake.request_count(),
        paid,
        "the second checkout paid again: {}",
        second.stdout
    );
    let stats = cartograph_env(&checkout, &["cache", "stats", "--json"], &env).json();
    assert!(
        stats["remote"]["remote_hits"].as_u64().unwrap() > 0,
        "{stats}"
    );

    // Redis dies: the run still succeeds, local only, with one warning.
    drop(redis);
    let third = TempRepo::new().unwrap();
    let checkout3 = third.path().join("checkout");
    assert!(Command::new("git")
        .args(["clone", "-q"])
        .arg(first.path())
        .arg(&checkout3)
        .status()
        .unwrap()
        .success());
    let started = Instant::now();
    let alone = cartograph_env(&checkout3, &["docs", "--json"], &env);
    expect_code(&alone, 0);
    assert!(
        started.elapsed() < Duration::from_secs(30),
        "a dead Redis slowed the run down"
    );
    let warnings = alone
        .stderr
        .lines()
        .filter(|line| line.contains("WARN"))
        .count();
    assert_eq!(warnings, 1, "{}", alone.stderr);
}
