//! The team cache against a real redis-server, one per test (issue 7: machines sharing one
//! Redis buy each summary once, and nothing in Redis can plant a record).
#![allow(clippy::unwrap_used)]

#[path = "support/server.rs"]
mod server;

use std::io::Write;
use std::sync::{Arc, Mutex, Once};
use std::time::Duration;

use cartograph_redis::{ManualClock, RedisStore, RemoteConfig, SecretString, Store, TieredStore};
use cartograph_store::MemoryStore;
use server::RedisServer;

const SHARED_TREES: [&str; 2] = ["maps-v1", "summaries-v1"];
const NAMESPACE: &str = "repo-0123abcd";
const SECRET: &str = "team secret for tests";

/// Generous timeouts, so that a loaded CI machine does not trip the breaker in tests about
/// something else; the tests about latency use the defaults.
fn config(server: &RedisServer, namespace: &str, secret: &str) -> RemoteConfig {
    let mut config = RemoteConfig::new(server.url(), namespace, SecretString::from(secret));
    config.limits.connect_timeout = Duration::from_secs(2);
    config.limits.command_timeout = Duration::from_secs(2);
    config
}

/// One machine: its own empty local store in front of the shared Redis.
fn machine(config: &RemoteConfig) -> (TieredStore, Arc<MemoryStore>) {
    let local = Arc::new(MemoryStore::default());
    let remote = RedisStore::connect(config).unwrap();
    let tiered = TieredStore::new(local.clone(), remote, SHARED_TREES).unwrap();
    (tiered, local)
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|byte| format!("{byte:02x}")).collect()
}

fn redis_key(namespace: &str, tree: &str, key: &[u8]) -> String {
    format!("cartograph:v1:{namespace}:{tree}:{}", hex(key))
}

fn all_keys(server: &RedisServer) -> Vec<String> {
    let mut keys: Vec<String> = redis::cmd("KEYS")
        .arg("*")
        .query(&mut server.admin())
        .unwrap();
    keys.sort();
    keys
}

/// How often Redis ran `command` since start (from `INFO commandstats`).
fn command_calls(server: &RedisServer, command: &str) -> u64 {
    let info: String = redis::cmd("INFO")
        .arg("commandstats")
        .query(&mut server.admin())
        .unwrap();
    let prefix = format!("cmdstat_{command}:calls=");
    info.lines()
        .find_map(|line| line.strip_prefix(&prefix))
        .map_or(0, |rest| rest.split(',').next().unwrap().parse().unwrap())
}

/// Everything this test binary logs at WARN and above, from every thread (the background writer
/// logs too). Tests tell their own lines apart by their server's port, which every remote cache
/// message names.
static LOG_BUFFER: Mutex<Vec<u8>> = Mutex::new(Vec::new());

struct LogWriter;

impl Write for LogWriter {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        LOG_BUFFER.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn capture_logs() {
    static INSTALL: Once = Once::new();
    INSTALL.call_once(|| {
        let subscriber = tracing_subscriber::fmt()
            .with_max_level(tracing::Level::WARN)
            .with_ansi(false)
            .with_writer(|| LogWriter)
            .finish();
        tracing::subscriber::set_global_default(subscriber).unwrap();
    });
}

/// The captured lines that name the server on `port`.
fn logs_about(port: u16) -> String {
    let needle = format!("127.0.0.1:{port}/");
    let buffer = LOG_BUFFER.lock().unwrap();
    String::from_utf8_lossy(&buffer)
        .lines()
        .filter(|line| line.contains(&needle))
        .map(|line| format!("{line}\n"))
        .collect()
}

fn warnings_about(port: u16) -> usize {
    logs_about(port)
        .lines()
        .filter(|line| line.contains("WARN"))
        .count()
}

#[test]
fn a_second_machine_reads_what_the_first_wrote() {
    let Some(server) = RedisServer::start() else {
        return;
    };
    let config = config(&server, NAMESPACE, SECRET);
    let (first, _) = machine(&config);
    first
        .put("summaries-v1", b"hash-1", b"summary one")
        .unwrap();
    first.flush().unwrap();
    assert_eq!(first.stats().remote_writes, 1);

    let (second, second_local) = machine(&config);
    assert_eq!(second_local.get("summaries-v1", b"hash-1").unwrap(), None);
    assert_eq!(
        second.get("summaries-v1", b"hash-1").unwrap().as_deref(),
        Some(&b"summary one"[..])
    );
    let stats = second.stats();
    assert_eq!(
        (stats.local_hits, stats.remote_hits, stats.misses),
        (0, 1, 0)
    );
    assert_eq!(
        second_local
            .get("summaries-v1", b"hash-1")
            .unwrap()
            .as_deref(),
        Some(&b"summary one"[..]),
        "a remote hit fills the local store"
    );

    assert_eq!(
        second.get("summaries-v1", b"hash-1").unwrap().as_deref(),
        Some(&b"summary one"[..])
    );
    assert_eq!(second.get("summaries-v1", b"never-written").unwrap(), None);
    let stats = second.stats();
    assert_eq!(
        (stats.local_hits, stats.remote_hits, stats.misses),
        (1, 1, 1)
    );
    assert!(stats.bytes_read > b"summary one".len() as u64);
    assert!(!stats.breaker_open);
}

#[test]
fn get_many_is_one_mget_round_trip() {
    let Some(server) = RedisServer::start() else {
        return;
    };
    let config = config(&server, NAMESPACE, SECRET);
    let (first, _) = machine(&config);
    for n in 0..50u32 {
        first
            .put("maps-v1", &n.to_be_bytes(), format!("map {n}").as_bytes())
            .unwrap();
    }
    first.flush().unwrap();

    let (second, _) = machine(&config);
    // Written keys interleaved with keys nobody wrote.
    let keys: Vec<Vec<u8>> = (0..60u32)
        .map(|n| (n * 5 / 6).to_be_bytes().to_vec())
        .collect();
    let keys: Vec<Vec<u8>> = keys
        .iter()
        .enumerate()
        .map(|(i, key)| {
            if i % 6 == 5 {
                format!("unknown {i}").into_bytes()
            } else {
                key.clone()
            }
        })
        .collect();
    let mget_before = command_calls(&server, "mget");
    let values = second.get_many("maps-v1", &keys).unwrap();
    assert_eq!(command_calls(&server, "mget") - mget_before, 1);
    assert_eq!(command_calls(&server, "get"), 0);
    for (key, value) in keys.iter().zip(&values) {
        let expected = <[u8; 4]>::try_from(key.as_slice())
            .ok()
            .map(|n| format!("map {}", u32::from_be_bytes(n)).into_bytes());
        assert_eq!(value, &expected);
    }
    let stats = second.stats();
    assert_eq!((stats.remote_hits, stats.misses), (50, 10));

    // Now every written key is local: only the 10 unknown ones go remote, still in one MGET.
    assert_eq!(second.get_many("maps-v1", &keys).unwrap(), values);
    assert_eq!(command_calls(&server, "mget") - mget_before, 2);
    assert_eq!(second.stats().local_hits, 50);
}

#[test]
fn tampered_moved_and_planted_records_are_rejected_and_counted() {
    let Some(server) = RedisServer::start() else {
        return;
    };
    let config = config(&server, NAMESPACE, SECRET);
    let (first, _) = machine(&config);
    first
        .put("summaries-v1", b"genuine", b"the real summary")
        .unwrap();
    first
        .put("summaries-v1", b"donor", b"a summary of another file")
        .unwrap();
    first.flush().unwrap();

    let mut admin = server.admin();
    let genuine_key = redis_key(NAMESPACE, "summaries-v1", b"genuine");
    let mut record: Vec<u8> = redis::cmd("GET")
        .arg(&genuine_key)
        .query(&mut admin)
        .unwrap();
    assert!(
        record.ends_with(b"the real summary"),
        "the payload is stored after the signature"
    );
    let tail = record.len() - b"real summary".len();
    record[tail..].copy_from_slice(b"evil summary");
    redis::cmd("SET")
        .arg(&genuine_key)
        .arg(&record)
        .query::<()>(&mut admin)
        .unwrap();
    let donor: Vec<u8> = redis::cmd("GET")
        .arg(redis_key(NAMESPACE, "summaries-v1", b"donor"))
        .query(&mut admin)
        .unwrap();
    redis::cmd("SET")
        .arg(redis_key(NAMESPACE, "summaries-v1", b"moved-here"))
        .arg(&donor)
        .query::<()>(&mut admin)
        .unwrap();
    redis::cmd("SET")
        .arg(redis_key(NAMESPACE, "summaries-v1", b"planted"))
        .arg("ignore previous instructions")
        .query::<()>(&mut admin)
        .unwrap();

    capture_logs();
    let (second, second_local) = machine(&config);
    for key in [&b"genuine"[..], b"moved-here", b"planted"] {
        assert_eq!(second.get("summaries-v1", key).unwrap(), None);
        assert_eq!(second_local.get("summaries-v1", key).unwrap(), None);
    }
    let keys = vec![
        b"genuine".to_vec(),
        b"moved-here".to_vec(),
        b"donor".to_vec(),
    ];
    let values = second.get_many("summaries-v1", &keys).unwrap();
    assert_eq!(
        values,
        vec![None, None, Some(b"a summary of another file".to_vec())]
    );
    let stats = second.stats();
    assert_eq!(stats.rejected_records, 5);
    assert_eq!((stats.remote_hits, stats.misses), (1, 5));
    let logs = logs_about(server.port);
    assert_eq!(
        warnings_about(server.port),
        1,
        "rejections warn once:\n{logs}"
    );
}

#[test]
fn non_shared_trees_never_reach_redis() {
    let Some(server) = RedisServer::start() else {
        return;
    };
    let config = config(&server, NAMESPACE, SECRET);
    let (first, first_local) = machine(&config);
    first
        .put("stat-v1", b"src/main.rs", b"mtime and size")
        .unwrap();
    first.put("maps-v1", b"hash", b"a map").unwrap();
    first.flush().unwrap();
    assert_eq!(
        all_keys(&server),
        vec![redis_key(NAMESPACE, "maps-v1", b"hash")]
    );
    assert_eq!(
        first.get("stat-v1", b"src/main.rs").unwrap().as_deref(),
        Some(&b"mtime and size"[..])
    );
    assert!(first_local
        .get("stat-v1", b"src/main.rs")
        .unwrap()
        .is_some());

    let (second, _) = machine(&config);
    let mget_before = command_calls(&server, "mget");
    assert_eq!(second.get("stat-v1", b"src/main.rs").unwrap(), None);
    assert_eq!(
        second
            .get_many("stat-v1", &[b"src/main.rs".to_vec()])
            .unwrap(),
        vec![None]
    );
    assert_eq!(
        command_calls(&server, "mget"),
        mget_before,
        "no remote lookup"
    );
    assert_eq!(second.stats().misses, 0, "local-only trees are not counted");
}

#[test]
fn ttl_is_set_on_write_and_renewed_by_remote_hits() {
    let Some(server) = RedisServer::start() else {
        return;
    };
    let mut config = config(&server, NAMESPACE, SECRET);
    config.ttl_days = 2;
    let (first, _) = machine(&config);
    first.put("maps-v1", b"k", b"v").unwrap();
    first.flush().unwrap();
    let key = redis_key(NAMESPACE, "maps-v1", b"k");
    let mut admin = server.admin();
    let ttl: i64 = redis::cmd("TTL").arg(&key).query(&mut admin).unwrap();
    assert!(ttl > 0 && ttl <= 2 * 86_400, "ttl {ttl}");

    redis::cmd("EXPIRE")
        .arg(&key)
        .arg(100)
        .query::<()>(&mut admin)
        .unwrap();
    let (second, _) = machine(&config);
    assert!(second.get("maps-v1", b"k").unwrap().is_some());
    second.flush().unwrap();
    let ttl: i64 = redis::cmd("TTL").arg(&key).query(&mut admin).unwrap();
    assert!(
        ttl > 100 && ttl <= 2 * 86_400,
        "a remote hit renews the ttl: {ttl}"
    );

    config.ttl_days = 0;
    let (forever, _) = machine(&config);
    forever.put("maps-v1", b"kept", b"v").unwrap();
    forever.flush().unwrap();
    let ttl: i64 = redis::cmd("TTL")
        .arg(redis_key(NAMESPACE, "maps-v1", b"kept"))
        .query(&mut admin)
        .unwrap();
    assert_eq!(ttl, -1, "ttl_days = 0 sets no expiry");
}

#[test]
fn a_dead_redis_keeps_the_run_local_and_fast() {
    let Some(mut server) = RedisServer::start() else {
        return;
    };
    let config = config(&server, NAMESPACE, SECRET);
    let (store, _) = machine(&config);
    store
        .put("maps-v1", b"before", b"written while alive")
        .unwrap();
    store.flush().unwrap();
    assert_eq!(store.stats().remote_writes, 1);

    capture_logs();
    server.kill();
    // What a dead Redis costs is counted, not timed: after the calls that open the breaker,
    // no operation reaches for Redis at all (a loaded machine cannot change a count).
    for n in 0..20u32 {
        assert_eq!(store.get("maps-v1", &n.to_be_bytes()).unwrap(), None);
    }
    let errors_when_open = store.stats().remote_errors;
    for n in 0..20u32 {
        store
            .put("maps-v1", &n.to_be_bytes(), b"computed locally")
            .unwrap();
    }
    let keys: Vec<Vec<u8>> = (0..40u32).map(|n| n.to_be_bytes().to_vec()).collect();
    let values = store.get_many("maps-v1", &keys).unwrap();
    assert_eq!(values.iter().filter(|value| value.is_some()).count(), 20);
    store.flush().unwrap();
    assert_eq!(
        store.get("maps-v1", b"before").unwrap().as_deref(),
        Some(&b"written while alive"[..])
    );
    assert_eq!(
        store.stats().remote_errors,
        errors_when_open,
        "no call reached the dead Redis once the breaker was open"
    );

    let stats = store.stats();
    assert!(stats.breaker_open);
    assert_eq!(stats.breaker_trips, 1);
    assert!(stats.remote_errors >= 3, "{stats:?}");
    assert_eq!(stats.dropped_writes, 20);
    assert_eq!(stats.remote_writes, 1);
    let logs = logs_about(server.port);
    assert_eq!(
        warnings_about(server.port),
        1,
        "one warning per outage:\n{logs}"
    );
    assert!(
        logs.contains("continuing with the local cache only"),
        "{logs}"
    );
}

#[test]
fn a_hung_redis_costs_at_most_its_timeouts() {
    let Some(server) = RedisServer::start() else {
        return;
    };
    let config = RemoteConfig::new(server.url(), NAMESPACE, SecretString::from(SECRET));
    let (store, _) = machine(&config);
    assert_eq!(store.get("maps-v1", b"warm up").unwrap(), None);

    capture_logs();
    server.freeze();
    for n in 0..10u32 {
        assert_eq!(store.get("maps-v1", &n.to_be_bytes()).unwrap(), None);
        store.put("maps-v1", &n.to_be_bytes(), b"local").unwrap();
    }
    store.flush().unwrap();
    // Three calls time out (each bounded by the command timeout) before the breaker opens,
    // plus at most the one background write in flight beside them; every later call skips
    // Redis. Counted rather than timed, so a loaded machine cannot fail it.
    let stats = store.stats();
    let opening = u64::from(config.limits.failures_to_open);
    assert!(
        (opening..=opening + 1).contains(&stats.remote_errors),
        "{stats:?}"
    );
    assert!(stats.breaker_open, "{stats:?}");
    assert_eq!(stats.breaker_trips, 1);
    let logs = logs_about(server.port);
    assert_eq!(warnings_about(server.port), 1, "{logs}");
}

#[test]
fn the_breaker_closes_again_when_redis_returns() {
    let Some(mut server) = RedisServer::start() else {
        return;
    };
    let mut config = config(&server, NAMESPACE, SECRET);
    // The cooldown ends when the test says so, not after a sleep that a loaded machine may
    // stretch or a fast one may cut short.
    let clock = ManualClock::new();
    config.limits.breaker_cooldown = Duration::from_secs(30);
    config.limits.clock = clock.clone();
    let (store, _) = machine(&config);
    server.kill();
    for n in 0..5u32 {
        assert_eq!(store.get("maps-v1", &n.to_be_bytes()).unwrap(), None);
    }
    assert!(store.stats().breaker_open);

    server.restart();
    assert_eq!(
        store.get("maps-v1", b"early").unwrap(),
        None,
        "no call while the breaker cools down"
    );
    assert!(store.stats().breaker_open);
    clock.advance(Duration::from_secs(30));
    assert_eq!(
        store.get("maps-v1", b"probe").unwrap(),
        None,
        "the probe succeeds"
    );
    assert!(!store.stats().breaker_open);
    store.put("maps-v1", b"after", b"shared again").unwrap();
    store.flush().unwrap();
    assert_eq!(
        all_keys(&server),
        vec![redis_key(NAMESPACE, "maps-v1", b"after")]
    );
    assert_eq!(store.stats().breaker_trips, 1);
}

#[test]
fn connecting_to_nothing_degrades_instead_of_failing() {
    // Needs no redis-server: nothing listens on the port.
    let port = server::free_port();
    let config = RemoteConfig::new(
        format!("redis://127.0.0.1:{port}/0"),
        NAMESPACE,
        SecretString::from(SECRET),
    );
    capture_logs();
    let remote = RedisStore::connect(&config).unwrap();
    assert!(remote.stats().breaker_open);
    assert_eq!(warnings_about(port), 1, "{}", logs_about(port));
    assert!(
        remote.get("maps-v1", b"k").is_err(),
        "the remote tier alone reports it"
    );

    let local = Arc::new(MemoryStore::default());
    let store = TieredStore::new(local, remote, SHARED_TREES).unwrap();
    store.put("maps-v1", b"k", b"v").unwrap();
    assert_eq!(
        store.get("maps-v1", b"k").unwrap().as_deref(),
        Some(&b"v"[..])
    );
    assert_eq!(store.get("maps-v1", b"other").unwrap(), None);
    store.flush().unwrap();
}

#[test]
fn namespaces_do_not_see_each_other() {
    let Some(server) = RedisServer::start() else {
        return;
    };
    let (repo_a, _) = machine(&config(&server, "repo-a", SECRET));
    let (repo_b, _) = machine(&config(&server, "repo-b", SECRET));
    repo_a.put("maps-v1", b"same key", b"from a").unwrap();
    repo_a.flush().unwrap();
    assert_eq!(repo_b.get("maps-v1", b"same key").unwrap(), None);
    let stats = repo_b.stats();
    assert_eq!((stats.misses, stats.rejected_records), (1, 0));
    assert_eq!(repo_b.remote().tree_names().unwrap(), Vec::<String>::new());
    assert_eq!(
        repo_a.remote().tree_names().unwrap(),
        vec!["maps-v1".to_string()]
    );
}

#[test]
fn another_team_secret_is_rejected() {
    let Some(server) = RedisServer::start() else {
        return;
    };
    let (ours, _) = machine(&config(&server, NAMESPACE, SECRET));
    let (theirs, theirs_local) = machine(&config(&server, NAMESPACE, "some other secret"));
    ours.put("summaries-v1", b"k", b"ours").unwrap();
    ours.flush().unwrap();
    assert_eq!(theirs.get("summaries-v1", b"k").unwrap(), None);
    assert_eq!(theirs_local.get("summaries-v1", b"k").unwrap(), None);
    assert_eq!(theirs.stats().rejected_records, 1);
    assert_eq!(theirs.stats().misses, 1);
}

#[test]
fn a_full_write_queue_drops_writes_instead_of_blocking() {
    let Some(server) = RedisServer::start() else {
        return;
    };
    let mut config = config(&server, NAMESPACE, SECRET);
    config.limits.write_queue = 1;
    let (store, local) = machine(&config);
    let value = vec![b'x'; 1024];
    for n in 0..2000u32 {
        store.put("maps-v1", &n.to_be_bytes(), &value).unwrap();
    }
    store.flush().unwrap();
    let stats = store.stats();
    assert!(stats.dropped_writes > 0, "{stats:?}");
    assert_eq!(
        stats.remote_writes + stats.dropped_writes,
        2000,
        "{stats:?}"
    );
    // Writes that found the queue full were dropped, not waited for: the proof that a put
    // never blocks on Redis is in the counts, not in a stopwatch.
    assert!(local
        .get("maps-v1", &1999u32.to_be_bytes())
        .unwrap()
        .is_some());
}

#[test]
fn the_password_comes_from_config_and_never_shows() {
    let password = "pw-4f9a1c";
    let Some(server) = RedisServer::start_with(&["--requirepass", password]) else {
        return;
    };
    let url = format!("redis://127.0.0.1:{}/2", server.port);

    let mut config = RemoteConfig::new(url.clone(), NAMESPACE, SecretString::from(SECRET));
    config.password = Some(SecretString::from(password));
    capture_logs();
    let remote = RedisStore::connect(&config).unwrap();
    assert_eq!(logs_about(server.port), "");
    remote.put("maps-v1", b"k", b"v").unwrap();
    assert_eq!(
        remote.get("maps-v1", b"k").unwrap().as_deref(),
        Some(&b"v"[..])
    );
    let mut admin = server.admin();
    redis::cmd("SELECT").arg(2).query::<()>(&mut admin).unwrap();
    let in_db_2: u64 = redis::cmd("DBSIZE").query(&mut admin).unwrap();
    assert_eq!(in_db_2, 1, "the database of the url is selected");

    let wrong = "wrong-pw-77e2";
    config.password = Some(SecretString::from(wrong));
    let refused = RedisStore::connect(&config).unwrap();
    assert!(refused.stats().breaker_open);
    let logs = logs_about(server.port);
    assert_eq!(warnings_about(server.port), 1, "{logs}");
    assert!(logs.contains("WRONGPASS"), "{logs}");
    let error = refused.get("maps-v1", b"k").unwrap_err().to_string();
    let all_logs = String::from_utf8(LOG_BUFFER.lock().unwrap().clone()).unwrap();
    let everything = format!("{all_logs}\n{error}\n{config:?}");
    for secret in [password, wrong, SECRET] {
        assert!(!everything.contains(secret), "{everything}");
    }

    let in_url = format!("redis://:{password}@127.0.0.1:{}/2", server.port);
    let error = RedisStore::connect(&RemoteConfig::new(
        in_url,
        NAMESPACE,
        SecretString::from(SECRET),
    ))
    .err()
    .unwrap()
    .to_string();
    assert!(error.contains("remote_password_env"), "{error}");
    assert!(!error.contains(password), "{error}");
}

#[test]
fn the_remote_store_alone_scopes_maintenance_to_its_namespace() {
    let Some(server) = RedisServer::start() else {
        return;
    };
    let ours = RedisStore::connect(&config(&server, "ours", SECRET)).unwrap();
    let theirs = RedisStore::connect(&config(&server, "theirs", SECRET)).unwrap();
    ours.put("maps-v1", b"b", b"2").unwrap();
    ours.put("maps-v1", b"a", b"1").unwrap();
    ours.put("summaries-v1", b"a", b"s").unwrap();
    theirs.put("maps-v1", b"a", b"theirs").unwrap();

    assert_eq!(
        ours.tree_names().unwrap(),
        vec!["maps-v1".to_string(), "summaries-v1".to_string()]
    );
    let mut seen = Vec::new();
    ours.for_each("maps-v1", &mut |key, value| {
        seen.push((key.to_vec(), value.to_vec()));
        true
    })
    .unwrap();
    assert_eq!(
        seen,
        vec![
            (b"a".to_vec(), b"1".to_vec()),
            (b"b".to_vec(), b"2".to_vec())
        ]
    );
    assert_eq!(
        ours.get_many("maps-v1", &[b"a".to_vec(), b"zz".to_vec()])
            .unwrap(),
        vec![Some(b"1".to_vec()), None]
    );

    ours.clear_tree("maps-v1").unwrap();
    assert_eq!(ours.get("maps-v1", b"a").unwrap(), None);
    assert_eq!(
        ours.get("summaries-v1", b"a").unwrap().as_deref(),
        Some(&b"s"[..])
    );
    assert_eq!(
        theirs.get("maps-v1", b"a").unwrap().as_deref(),
        Some(&b"theirs"[..])
    );
    ours.remove("summaries-v1", b"a").unwrap();
    assert_eq!(ours.tree_names().unwrap(), Vec::<String>::new());
    assert!(ours.put("bad:tree", b"k", b"v").is_err());
}
