//! A small synthetic repository written inline (`//- path [generated] [imports=a,b]` starts a
//! file), turned into the index lens works on by a deliberately naive symbol extractor.
#![allow(dead_code, clippy::unwrap_used)]

use cartograph_core::{
    ContentHash, FileFlags, FileMap, Import, Language, Module, ParsedFile, RepoPath, Symbol,
    SymbolKind,
};
use cartograph_graph::{detect_modules, is_package_manifest, Graph};
use std::collections::BTreeMap;

pub const REPO: &str = r#"
//- Cargo.toml
[package]
name = "fetcher"
description = "An HTTP fetcher with caching, auth and metrics"

[dependencies]
tokio = "1"
serde = "1"
//- README.md
# fetcher

Fetches resources over HTTP with retries, caches responses, refreshes OAuth tokens,
records metrics and logs. The web front end lives in `web/`. Configuration is read
from a TOML file; database migrations live in `scripts/`.

## Usage

Run `fetcher get URL`. Requests are retried with backoff when the server fails.
//- src/main.rs imports=src/config.rs,src/http/client.rs,src/log.rs,src/metrics.rs,src/auth/token.rs
//! Command-line entry point: parses arguments and runs a fetch.

/// Parses the command line and runs the requested command.
fn main() {
    let config = config::load_config("fetcher.toml");
    log::init_logging(&config);
    let client = HttpClient::new(&config);
    let response = client.send(Request::get(&args().url));
    metrics::record_latency(response.elapsed);
}
//- src/config.rs
//! Settings: read from a TOML file, with defaults for every key.

/// All settings of a run.
pub struct Config {
    pub base_url: String,
    pub timeout_secs: u64,
    pub cache_capacity: usize,
}

/// Reads the settings file at `path` and fills in defaults for missing keys.
pub fn load_config(path: &str) -> Config {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let table: toml::Table = text.parse().unwrap_or_default();
    Config::from_table(&table)
}
//- src/http/mod.rs imports=src/http/client.rs,src/http/retry.rs
//! The HTTP layer: a client and its retry policy.
pub mod client;
pub mod retry;
//- src/http/client.rs imports=src/http/retry.rs,src/cache/store.rs,src/auth/token.rs,src/config.rs
//! A small HTTP client that sends requests through the response cache.

/// Sends requests and returns responses.
pub struct HttpClient {
    policy: RetryPolicy,
    store: MemoryStore,
}

impl HttpClient {
    /// Sends one request, answering from the cache when it can.
    pub fn send(&self, request: Request) -> Response {
        if let Some(hit) = self.store.get(&request.url) {
            return hit;
        }
        with_retries(&self.policy, || self.transport(&request))
    }
}
//- src/http/retry.rs
//! Retry policy for failed requests: exponential backoff with full jitter.

/// How many attempts to make and how long to wait between them.
pub struct RetryPolicy {
    pub max_attempts: u32,
    pub base_delay_ms: u64,
    pub max_delay_ms: u64,
}

/// The delay before attempt `attempt`: uniform in [0, min(max, base * 2^attempt)].
fn backoff_delay(policy: &RetryPolicy, attempt: u32) -> u64 {
    let ceiling = policy.base_delay_ms.saturating_mul(1 << attempt).min(policy.max_delay_ms);
    rand::random::<u64>() % (ceiling + 1)
}

/// Runs `operation` until it succeeds or the attempts run out, sleeping between tries.
pub fn with_retries<T>(policy: &RetryPolicy, operation: impl Fn() -> Result<T, Error>) -> Result<T, Error> {
    let mut attempt = 0;
    loop {
        match operation() {
            Ok(value) => return Ok(value),
            Err(error) if attempt + 1 < policy.max_attempts => {
                std::thread::sleep(Duration::from_millis(backoff_delay(policy, attempt)));
                attempt += 1;
            }
            Err(error) => return Err(error),
        }
    }
}
//- src/cache/mod.rs imports=src/cache/store.rs,src/cache/lru.rs
//! Response caching.
pub mod lru;
pub mod store;
//- src/cache/store.rs imports=src/cache/lru.rs
//! A key-value store for responses whose entries expire after a time to live (TTL).

/// Keeps values in memory; an entry older than its TTL is treated as absent and dropped.
pub struct MemoryStore {
    entries: LruCache,
    ttl: Duration,
}

impl MemoryStore {
    /// The value for `key` unless it has expired.
    pub fn get(&self, key: &str) -> Option<Response> {
        let entry = self.entries.peek(key)?;
        if entry.inserted.elapsed() > self.ttl {
            return None;
        }
        Some(entry.value.clone())
    }
}
//- src/cache/lru.rs
//! A bounded map that forgets what was used longest ago.

/// A map with a capacity.
pub struct LruCache {
    capacity: usize,
    order: VecDeque<String>,
}

impl LruCache {
    /// Inserts a value, making room first.
    pub fn insert(&mut self, key: String, value: Entry) {
        if self.order.len() == self.capacity {
            self.evict_least_recently_used();
        }
        self.order.push_back(key);
    }

    /// Removes the entry touched longest ago.
    fn evict_least_recently_used(&mut self) {
        self.order.pop_front();
    }
}
//- src/auth/mod.rs imports=src/auth/token.rs
//! Authentication.
pub mod token;
//- src/auth/token.rs
//! OAuth 2 access tokens: kept in memory and renewed before they expire.

/// A bearer token and when it stops being valid.
pub struct AccessToken {
    pub value: String,
    pub expires_at: Instant,
}

/// Exchanges the refresh token for a new access token at the provider's token endpoint.
pub fn refresh_access_token(refresh_token: &str, endpoint: &str) -> AccessToken {
    let body = format!("grant_type=refresh_token&refresh_token={refresh_token}");
    post_form(endpoint, &body)
}
//- src/db/pool.rs
//! Database connection pooling.

/// A fixed set of open database connections shared by tasks.
pub struct ConnectionPool {
    idle: Vec<Connection>,
    size: usize,
}

impl ConnectionPool {
    /// Hands out an idle connection, waiting while all of them are busy.
    pub fn acquire(&mut self) -> PooledConnection {
        while self.idle.is_empty() {
            self.wait_for_release();
        }
        PooledConnection::new(self.idle.pop())
    }
}
//- src/log.rs
//! Structured logging with the tracing crate.

/// Installs the global subscriber: JSON lines to stderr, level from the environment.
pub fn init_logging(config: &Config) {
    tracing_subscriber::fmt().json().with_env_filter(EnvFilter::from_default_env()).init();
}
//- src/metrics.rs
//! Prometheus metrics: counters and histograms.

/// Adds one observation to the request latency histogram.
pub fn record_latency(elapsed: Duration) {
    REQUEST_LATENCY_SECONDS.observe(elapsed.as_secs_f64());
}
//- src/generated/schema.rs generated
// @generated by schema-gen. Do not edit.
pub struct RetryPolicyRow { retry: u32, backoff: u64, cache: String, token: String, config: String }
pub struct CacheEntryRow { retry: u32, backoff: u64, cache: String, ttl: u64, evict: bool }
pub fn retry_backoff_cache_token_config_latency_logging() {}
//- tests/retry_test.rs imports=src/http/retry.rs
//! Tests for the retry policy and its backoff.

#[test]
fn retries_until_success_with_backoff() {
    let policy = RetryPolicy { max_attempts: 3, base_delay_ms: 1, max_delay_ms: 2 };
    let result = with_retries(&policy, || Err(Error::Timeout));
    assert!(result.is_err());
}
//- web/package.json
{ "name": "fetcher-web", "dependencies": { "react": "^18" } }
//- web/src/api.ts
// Calls to the fetcher's HTTP API from the browser.

/** Loads the profile of one user by id. */
export async function fetchUserProfile(id: string): Promise<Profile> {
  const response = await fetch(`/api/users/${id}`);
  return parseHttpResponse(response);
}

/** Reads a JSON body, throwing on an error status. */
export async function parseHttpResponse(response: Response) {
  if (!response.ok) throw new Error(response.statusText);
  return response.json();
}
//- web/src/components/LoginForm.tsx imports=web/src/api.ts
// The sign-in form.

/** Renders email and password inputs and checks them before submitting. */
export function LoginForm() {
  const [email, setEmail] = useState("");
  const errors = validateCredentials(email, password);
  return <form onSubmit={submit}>{errors}</form>;
}

/** Returns the problems with an email and password pair. */
function validateCredentials(email: string, password: string): string[] {
  return email.includes("@") ? [] : ["invalid email"];
}
//- scripts/migrate.py
"""Applies database schema migrations in order."""


def run_migrations(db_url):
    """Apply every migration file newer than the recorded schema version."""
    for script in sorted(pending(db_url)):
        apply(db_url, script)
"#;

pub struct Repo {
    pub files: Vec<FileMap>,
    pub sources: BTreeMap<RepoPath, String>,
    pub summaries: BTreeMap<RepoPath, String>,
    pub modules: Vec<Module>,
    pub graph: Graph,
}

impl Repo {
    pub fn source(&self) -> impl Fn(&RepoPath) -> Option<String> + Sync + '_ {
        |path| self.sources.get(path).cloned()
    }

    pub fn summary(&self) -> impl Fn(&RepoPath) -> Option<String> + Sync + '_ {
        |path| self.summaries.get(path).cloned()
    }

    /// The repository's words through a term index built in memory, as `cartograph lens`
    /// builds it on disk.
    pub fn corpus(&self) -> cartograph_lens::Corpus {
        let key = cartograph_lens::index_key("test");
        let (summary, source) = (self.summary(), self.source());
        let empty = cartograph_lens::Corpus::new(None, &self.files, &summary);
        let mut bytes = Vec::new();
        empty
            .rebuild(&self.files, &summary, &source, &key, &mut bytes)
            .unwrap();
        let index = cartograph_lens::TermIndex::open(Box::new(bytes), &key).unwrap();
        let corpus = cartograph_lens::Corpus::new(Some(index), &self.files, &summary);
        assert!(!corpus.needs_rebuild());
        corpus
    }
}

fn name_after<'t>(line: &'t str, keyword: &str) -> Option<&'t str> {
    let at = line.find(keyword)?;
    if at > 0 && !line[..at].ends_with(' ') {
        return None;
    }
    let rest = &line[at + keyword.len()..];
    let end = rest
        .find(|c: char| !(c.is_alphanumeric() || c == '_'))
        .unwrap_or(rest.len());
    (end > 0).then(|| &rest[..end])
}

/// A naive extractor: good enough for the fixture's regular shapes, nothing more.
fn parse(path: &RepoPath, text: &str) -> ParsedFile {
    let lines: Vec<&str> = text.lines().collect();
    let mut symbols: Vec<Symbol> = Vec::new();
    let mut pending_doc: Vec<String> = Vec::new();
    let mut file_doc: Vec<String> = Vec::new();
    let mut parent: Option<String> = None;
    for (at, raw) in lines.iter().enumerate() {
        let line = raw.trim();
        if let Some(doc) = line.strip_prefix("//!") {
            file_doc.push(doc.trim().to_string());
            continue;
        }
        if at == 0 && (line.starts_with("//") || line.starts_with("\"\"\"")) {
            file_doc.push(
                line.trim_start_matches('/')
                    .trim_matches('"')
                    .trim()
                    .to_string(),
            );
            continue;
        }
        if let Some(doc) = line.strip_prefix("///") {
            pending_doc.push(doc.trim().to_string());
            continue;
        }
        if line.starts_with("/**") {
            pending_doc.push(
                line.trim_start_matches("/**")
                    .trim_end_matches("*/")
                    .trim()
                    .to_string(),
            );
            continue;
        }
        if line.starts_with("\"\"\"") {
            if let Some(last) = symbols.last_mut() {
                last.doc = Some(line.trim_matches('"').into());
            }
            continue;
        }
        let found = [
            ("fn ", SymbolKind::Function),
            ("def ", SymbolKind::Function),
            ("function ", SymbolKind::Function),
            ("struct ", SymbolKind::Struct),
            ("class ", SymbolKind::Class),
            ("impl ", SymbolKind::Impl),
        ]
        .iter()
        .find_map(|(keyword, kind)| Some((name_after(line, keyword)?, *kind)));
        if let Some((name, kind)) = found {
            let indented = raw.starts_with(' ');
            let kind = if kind == SymbolKind::Function && indented && parent.is_some() {
                SymbolKind::Method
            } else {
                kind
            };
            if !indented {
                parent = (kind == SymbolKind::Impl).then(|| name.to_string());
            }
            symbols.push(Symbol {
                kind,
                name: name.into(),
                line: at as u32 + 1,
                end_line: at as u32 + 1,
                signature: line.trim_end_matches('{').trim().into(),
                doc: (!pending_doc.is_empty()).then(|| pending_doc.join("\n").into()),
                visibility: None,
                parent: if kind == SymbolKind::Method {
                    parent.as_deref().map(Into::into)
                } else {
                    None
                },
            });
        }
        pending_doc.clear();
    }
    let count = symbols.len();
    for index in 0..count {
        let next = symbols
            .get(index + 1)
            .map_or(lines.len() as u32, |s| s.line - 1);
        symbols[index].end_line = next.max(symbols[index].line);
    }
    if path.extension() == Some("md") {
        symbols = lines
            .iter()
            .enumerate()
            .filter(|(_, l)| l.starts_with('#'))
            .map(|(at, l)| Symbol {
                kind: SymbolKind::Heading,
                name: l.trim_start_matches('#').trim().into(),
                line: at as u32 + 1,
                end_line: at as u32 + 1,
                signature: (*l).into(),
                doc: None,
                visibility: None,
                parent: None,
            })
            .collect();
    }
    ParsedFile {
        doc: (!file_doc.is_empty()).then(|| file_doc.join("\n")),
        symbols,
        ..ParsedFile::default()
    }
}

pub fn repo() -> Repo {
    repo_from(REPO)
}

pub fn repo_from(fixture: &str) -> Repo {
    let mut files = Vec::new();
    let mut sources = BTreeMap::new();
    let mut current: Option<(String, Vec<String>)> = None;
    let mut chunks: Vec<(String, String)> = Vec::new();
    for line in fixture.lines() {
        if let Some(header) = line.strip_prefix("//- ") {
            if let Some((header, body)) = current.take() {
                chunks.push((header, body.join("\n") + "\n"));
            }
            current = Some((header.to_string(), Vec::new()));
        } else if let Some((_, body)) = current.as_mut() {
            body.push(line.to_string());
        }
    }
    if let Some((header, body)) = current.take() {
        chunks.push((header, body.join("\n") + "\n"));
    }
    for (header, text) in chunks {
        let mut words = header.split_whitespace();
        let path = RepoPath::new(words.next().unwrap()).unwrap();
        let mut flags = FileFlags::default();
        let mut imports = Vec::new();
        for word in words {
            if word == "generated" {
                flags.generated = true;
            } else if word == "secret" {
                flags.secret = true;
            } else if let Some(list) = word.strip_prefix("imports=") {
                imports.extend(list.split(',').map(|target| Import {
                    raw: target.to_string(),
                    resolved: Some(RepoPath::new(target).unwrap()),
                    ..Import::default()
                }));
            }
        }
        let mut parsed = parse(&path, &text);
        parsed.imports = imports;
        files.push(FileMap {
            hash: ContentHash::of(text.as_bytes()),
            language: Language::from_file_name(path.file_name()),
            bytes: text.len() as u64,
            lines: text.lines().count() as u32,
            tokens: cartograph_tokens::count(&text) as u32,
            flags,
            parsed,
            path: path.clone(),
        });
        sources.insert(path, text);
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    let paths: Vec<RepoPath> = files.iter().map(|f| f.path.clone()).collect();
    let modules = detect_modules(&paths, is_package_manifest);
    let graph = Graph::build(&files);
    Repo {
        files,
        sources,
        summaries: BTreeMap::new(),
        modules,
        graph,
    }
}
