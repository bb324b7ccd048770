//! The shared team cache: Redis as a second tier behind the local store, so that machines
//! working on the same repository buy each summary once. Records are signed with the team
//! secret and checked on every read, because anyone who can write to Redis could otherwise plant
//! one. A slow or dead Redis costs a run at most its timeouts: a circuit breaker then drops to
//! the local cache alone. Knows nothing of what the records mean.
//!
//! - [`RedisStore`] is the remote tier alone; it implements [`Store`] over one namespace.
//! - [`TieredStore`] puts a local [`Store`] in front of it: reads go local first, then remote
//!   (filling local); writes go local at once and to Redis from a background writer.

mod breaker;
mod connection;
mod record;
mod redis_store;
mod tiered;

use std::fmt;
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::Duration;

pub use cartograph_core::breaker::{Clock, ManualClock, SystemClock};

pub use cartograph_store::{Store, StoreError};
pub use redis_store::RedisStore;
pub use secrecy::SecretString;
pub use tiered::TieredStore;

/// How to reach the team cache and how patient to be with it.
///
/// `Debug` shows neither the password nor the team secret, nor a password written into `url`.
#[derive(Clone)]
pub struct RemoteConfig {
    /// `redis://host:6379/0`, or `rediss://` for TLS. A password in the URL is refused: it comes
    /// from the environment (`remote_password_env`) into `password`.
    pub url: String,
    pub password: Option<SecretString>,
    /// Keeps repositories apart; see [`default_namespace`].
    pub namespace: String,
    /// Redis drops a record this many days after it was last written or read remotely;
    /// 0 keeps records until Redis evicts them.
    pub ttl_days: u64,
    /// The team secret that signs records (`remote_key_env`). Machines that share records must
    /// share it; a record signed with another secret is rejected.
    pub secret: SecretString,
    pub limits: RemoteLimits,
}

impl RemoteConfig {
    /// A configuration with the default TTL (30 days), no password and default limits.
    pub fn new(url: impl Into<String>, namespace: impl Into<String>, secret: SecretString) -> Self {
        Self {
            url: url.into(),
            password: None,
            namespace: namespace.into(),
            ttl_days: DEFAULT_TTL_DAYS,
            secret,
            limits: RemoteLimits::default(),
        }
    }
}

impl fmt::Debug for RemoteConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RemoteConfig")
            .field("url", &redact_url(&self.url))
            .field("password", &self.password.as_ref().map(|_| "<redacted>"))
            .field("namespace", &self.namespace)
            .field("ttl_days", &self.ttl_days)
            .field("secret", &"<redacted>")
            .field("limits", &self.limits)
            .finish()
    }
}

pub const DEFAULT_TTL_DAYS: u64 = 30;

/// The bounds that keep a slow or dead Redis from slowing a run.
#[derive(Debug, Clone)]
pub struct RemoteLimits {
    /// Bounds opening a TCP connection (not the DNS lookup before it).
    pub connect_timeout: Duration,
    /// Bounds each read from and write to the socket, the handshake included.
    pub command_timeout: Duration,
    /// Consecutive failures that open the breaker.
    pub failures_to_open: u32,
    /// How long the breaker stays open before one call probes again.
    pub breaker_cooldown: Duration,
    /// Remote writes waiting for the background writer; more are dropped, never waited for.
    pub write_queue: usize,
    /// How long `flush` waits for queued remote writes to reach Redis.
    pub flush_wait: Duration,
    /// The clock the breaker reads; tests pass a `ManualClock` to end a cooldown at once.
    pub clock: Arc<dyn Clock>,
}

impl Default for RemoteLimits {
    fn default() -> Self {
        Self {
            connect_timeout: Duration::from_millis(500),
            command_timeout: Duration::from_millis(300),
            failures_to_open: 3,
            breaker_cooldown: Duration::from_secs(30),
            write_queue: 4096,
            flush_wait: Duration::from_secs(2),
            clock: Arc::new(SystemClock),
        }
    }
}

/// What the team cache did in this process, for `cartograph cache stats`. Lookups count only
/// in shared trees; local-only trees do not show here.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct RemoteStats {
    /// Shared-tree reads answered by the local store.
    pub local_hits: u64,
    /// Reads answered by Redis with a record that verified.
    pub remote_hits: u64,
    /// Reads that found nothing usable in either tier.
    pub misses: u64,
    /// Records written to Redis.
    pub remote_writes: u64,
    /// Records not written to Redis: queue full, breaker open or the write failed.
    pub dropped_writes: u64,
    /// Records from Redis that did not verify: tampered, moved or signed with another secret.
    pub rejected_records: u64,
    /// Failed remote calls (connection, timeout, server error).
    pub remote_errors: u64,
    /// Bytes of records read from Redis, signature headers included.
    pub bytes_read: u64,
    /// Bytes of records written to Redis, signature headers included.
    pub bytes_written: u64,
    /// True while the breaker keeps the run local only.
    pub breaker_open: bool,
    /// Times the breaker opened; each logged one warning.
    pub breaker_trips: u64,
}

/// Errors of the remote tier. None of them carries the password or the team secret.
#[derive(Debug, thiserror::Error)]
pub enum RemoteError {
    #[error(
        "invalid remote cache url `{url}`: expected redis://host:port/db or rediss://host:port/db"
    )]
    InvalidUrl { url: String },
    #[error("the remote cache url `{url}` contains a password; put it in the environment variable named by `remote_password_env` instead")]
    PasswordInUrl { url: String },
    #[error("invalid remote cache namespace `{0}`: use 1 to 128 characters of A-Z a-z 0-9 . _ -")]
    InvalidNamespace(String),
    #[error("invalid tree name `{0}` for the remote cache: use 1 to 128 characters of A-Z a-z 0-9 . _ -")]
    InvalidTree(String),
    #[error("the remote cache needs a team secret to sign records; set the environment variable named by `remote_key_env`")]
    MissingSecret,
    #[error("remote cache at `{endpoint}` failed: {source}")]
    Redis {
        endpoint: String,
        #[source]
        source: redis::RedisError,
    },
    #[error("remote cache at `{endpoint}` is paused after repeated failures")]
    BreakerOpen { endpoint: String },
    #[error("failed to start the remote cache writer: {0}")]
    Writer(#[source] std::io::Error),
}

impl From<RemoteError> for StoreError {
    fn from(error: RemoteError) -> Self {
        StoreError::Remote(error.to_string())
    }
}

/// The default namespace of a repository: a hash of its root commits, which every clone and
/// fork shares and no unrelated repository has. `None` outside git or before the first commit.
pub fn default_namespace(repo_root: &Path) -> Option<String> {
    let output = Command::new("git")
        .arg("-C")
        .arg(repo_root)
        .args(["rev-list", "--max-parents=0", "HEAD"])
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .output()
        .ok()?;
    if !output.status.success() {
        return None;
    }
    let stdout = String::from_utf8(output.stdout).ok()?;
    let mut root_commits: Vec<&str> = stdout
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .collect();
    if root_commits.is_empty() {
        return None;
    }
    // A history with merged-in unrelated histories has several roots; git lists them in walk
    // order, which depends on the checkout, so sort them first.
    root_commits.sort_unstable();
    let mut hasher = blake3::Hasher::new_derive_key("cartograph remote cache namespace v1");
    for root_commit in root_commits {
        hasher.update(root_commit.as_bytes());
        hasher.update(b"\n");
    }
    // 128 bits keep repositories apart and keep keys short.
    Some(hasher.finalize().to_hex()[..32].to_string())
}

/// The URL without its user-info part, for messages and `Debug`.
pub(crate) fn redact_url(url: &str) -> String {
    match url.split_once("://") {
        Some((scheme, rest)) => {
            let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
            let (authority, path) = rest.split_at(authority_end);
            let host = authority
                .rsplit_once('@')
                .map_or(authority, |(_, host)| host);
            format!("{scheme}://{host}{path}")
        }
        None => "<not a url>".to_string(),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn urls_lose_their_user_info_in_messages() {
        assert_eq!(
            redact_url("redis://:hunter2@cache.local:6379/0"),
            "redis://cache.local:6379/0"
        );
        assert_eq!(
            redact_url("rediss://bob:hunter2@cache.local/1#insecure"),
            "rediss://cache.local/1#insecure"
        );
        assert_eq!(redact_url("redis://127.0.0.1"), "redis://127.0.0.1");
        assert_eq!(redact_url("hunter2"), "<not a url>");
    }

    #[test]
    fn debug_shows_no_secrets() {
        let mut config = RemoteConfig::new(
            "redis://:pw-in-url@host:6379/0",
            "ns",
            SecretString::from("team-secret-value"),
        );
        config.password = Some(SecretString::from("password-value"));
        let debug = format!("{config:?}");
        for secret in ["pw-in-url", "team-secret-value", "password-value"] {
            assert!(!debug.contains(secret), "{debug}");
        }
        assert!(debug.contains("redis://host:6379/0"), "{debug}");
    }

    #[test]
    fn default_namespace_hashes_the_root_commits() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(default_namespace(dir.path()), None, "not a repository");
        let git = |args: &[&str]| {
            let status = Command::new("git")
                .arg("-C")
                .arg(dir.path())
                .args([
                    "-c",
                    "user.name=t",
                    "-c",
                    "user.email=t@t",
                    "-c",
                    "commit.gpgsign=false",
                ])
                .args(args)
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status()
                .unwrap();
            assert!(status.success(), "git {args:?}");
        };
        git(&["init", "-q"]);
        assert_eq!(default_namespace(dir.path()), None, "no commit yet");
        git(&["commit", "-q", "--allow-empty", "-m", "root"]);
        let namespace = default_namespace(dir.path()).unwrap();
        assert_eq!(namespace.len(), 32);
        assert!(record::is_valid_name(&namespace));
        git(&["commit", "-q", "--allow-empty", "-m", "second"]);
        assert_eq!(
            default_namespace(dir.path()).as_deref(),
            Some(namespace.as_str()),
            "later commits keep the namespace"
        );
    }
}
