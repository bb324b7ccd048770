//! The fault-injecting fake LLM provider: a raw HTTP/1.1 server on a `TcpListener` (so it can
//! cut a connection mid-body) that speaks the OpenAI chat-completions and Anthropic messages
//! wire shapes, plain and SSE, and OpenAI's `/v1/embeddings` (vectors scripted or derived from
//! the text; see `embeddings`). Each request takes the next scripted [`Behavior`] (per model
//! first, then global), else the default; by default every request succeeds with a
//! deterministic reply derived from it. Optional server-side requests-per-minute and
//! tokens-per-minute limits answer 429 like a real provider. Every request is logged.
//!
//! In process: `FakeProvider::start(FakeScript::default()).await` on `127.0.0.1:0`. As a
//! process: the `fake-provider` binary, which also serves `/_fake/*` control endpoints.

mod embeddings;
mod script;
mod wire;

pub use embeddings::{derived_vector, is_embeddings_path, DEFAULT_DIMENSIONS};

pub use script::{Behavior, ErrorShape, FakeReply};
pub use wire::{default_text, first_path, WireShape};

use serde_json::{json, Value};
use std::collections::{BTreeMap, HashMap, VecDeque};
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::time::Instant;

/// The longest any scripted stall, trickle or silence lasts: the server always stops by itself.
const LONGEST_HOLD: Duration = Duration::from_secs(600);
const MAX_HEAD_BYTES: usize = 64 * 1024;
const MAX_BODY_BYTES: usize = 64 * 1024 * 1024;

/// How the server starts.
#[derive(Debug, Clone)]
pub struct FakeScript {
    /// What a request does when no queued behaviour is left.
    pub default: Behavior,
    /// Behaviours taken in order, one per request, before the default.
    pub queue: Vec<Behavior>,
    /// Time before the response head of every request.
    pub latency: Duration,
    /// Server-side limits: beyond them the server answers 429 with `retry-after-ms`.
    pub requests_per_minute: Option<u32>,
    pub tokens_per_minute: Option<u64>,
    /// Words the default replies run to (summaries, pages), so that benchmarks pay for output
    /// the way real models make them; the default replies are one sentence otherwise.
    pub reply_words: Option<(usize, usize)>,
}

impl Default for FakeScript {
    fn default() -> Self {
        FakeScript {
            default: Behavior::Succeed,
            queue: Vec::new(),
            latency: Duration::ZERO,
            requests_per_minute: None,
            tokens_per_minute: None,
            reply_words: None,
        }
    }
}

/// One request as the server received it.
#[derive(Debug, Clone)]
pub struct RecordedRequest {
    pub method: String,
    pub path: String,
    /// Lower-case names.
    pub headers: BTreeMap<String, String>,
    /// The body as JSON (`Null` when it was not JSON).
    pub body: Value,
    pub model: String,
    pub stream: bool,
    /// What the server did: `ok`, a status, or the fault's name.
    pub answered: String,
    /// Since the server started.
    pub at: Duration,
}

/// A token bucket like a provider's: `capacity` cells, refilled at `per_second`.
#[derive(Debug)]
struct Bucket {
    available: f64,
    capacity: f64,
    per_second: f64,
    updated: Instant,
}

impl Bucket {
    fn new(capacity: f64, per_second: f64) -> Bucket {
        Bucket {
            available: capacity,
            capacity,
            per_second,
            updated: Instant::now(),
        }
    }

    fn refill(&mut self) {
        let now = Instant::now();
        let elapsed = now.saturating_duration_since(self.updated).as_secs_f64();
        self.available = (self.available + elapsed * self.per_second).min(self.capacity);
        self.updated = now;
    }

    /// Takes `amount`, or says how long until it could.
    fn take(&mut self, amount: f64) -> Result<(), Duration> {
        self.refill();
        // A little slack for clocks that read a hair apart.
        if self.available + 1e-3 >= amount {
            self.available -= amount;
            Ok(())
        } else {
            let missing = amount - self.available;
            Err(Duration::from_secs_f64(
                (missing / self.per_second).min(3600.0),
            ))
        }
    }

    fn reset_in(&self) -> Duration {
        Duration::from_secs_f64(
            ((self.capacity - self.available) / self.per_second).clamp(0.0, 3600.0),
        )
    }
}

struct State {
    queue: VecDeque<Behavior>,
    model_queues: HashMap<String, VecDeque<Behavior>>,
    default: Behavior,
    model_defaults: HashMap<String, Behavior>,
    latency: Duration,
    requests: Vec<RecordedRequest>,
    rejected_parameters: Vec<String>,
    requests_per_minute: Option<(u32, Bucket)>,
    tokens_per_minute: Option<(u64, Bucket)>,
    rate_limited: u64,
    /// Requests of each model being answered now (during the latency), and the most at once.
    in_flight: HashMap<String, usize>,
    max_in_flight: HashMap<String, usize>,
    reply_words: Option<(usize, usize)>,
    embeddings: embeddings::EmbeddingScript,
}

struct Shared {
    state: Mutex<State>,
    started: Instant,
    control_endpoints: bool,
}

impl Shared {
    fn with<T>(&self, f: impl FnOnce(&mut State) -> T) -> T {
        f(&mut self.state.lock().unwrap_or_else(PoisonError::into_inner))
    }
}

/// A running fake provider; stops when dropped.
pub struct FakeProvider {
    address: SocketAddr,
    shared: Arc<Shared>,
    accept_task: tokio::task::JoinHandle<()>,
}

impl Drop for FakeProvider {
    fn drop(&mut self) {
        self.accept_task.abort();
    }
}

fn rpm_bucket(per_minute: u32) -> (u32, Bucket) {
    // One second's worth of burst: providers enforce per-minute limits over shorter windows.
    let per_second = f64::from(per_minute.max(1)) / 60.0;
    (
        per_minute,
        Bucket::new(per_second.ceil().max(1.0), per_second),
    )
}

fn tpm_bucket(per_minute: u64) -> (u64, Bucket) {
    let capacity = per_minute.max(1) as f64;
    (per_minute, Bucket::new(capacity, capacity / 60.0))
}

impl FakeProvider {
    /// Starts on `127.0.0.1:0` in the current tokio runtime.
    pub async fn start(script: FakeScript) -> std::io::Result<FakeProvider> {
        FakeProvider::start_on("127.0.0.1:0", script, false).await
    }

    /// Starts on `address`; `control_endpoints` serves `/_fake/*` (for the standalone binary).
    pub async fn start_on(
        address: &str,
        script: FakeScript,
        control_endpoints: bool,
    ) -> std::io::Result<FakeProvider> {
        let listener = TcpListener::bind(address).await?;
        let address = listener.local_addr()?;
        let shared = Arc::new(Shared {
            state: Mutex::new(State {
                queue: script.queue.into(),
                model_queues: HashMap::new(),
                default: script.default,
                model_defaults: HashMap::new(),
                latency: script.latency,
                requests: Vec::new(),
                rejected_parameters: Vec::new(),
                requests_per_minute: script.requests_per_minute.map(rpm_bucket),
                tokens_per_minute: script.tokens_per_minute.map(tpm_bucket),
                rate_limited: 0,
                in_flight: HashMap::new(),
                max_in_flight: HashMap::new(),
                reply_words: script.reply_words,
                embeddings: embeddings::EmbeddingScript::default(),
            }),
            started: Instant::now(),
            control_endpoints,
        });
        let accept_shared = shared.clone();
        let accept_task = tokio::spawn(async move {
            loop {
                let Ok((stream, _)) = listener.accept().await else {
                    continue;
                };
                let _ = stream.set_nodelay(true);
                tokio::spawn(serve_connection(stream, accept_shared.clone()));
            }
        });
        Ok(FakeProvider {
            address,
            shared,
            accept_task,
        })
    }

    pub fn address(&self) -> SocketAddr {
        self.address
    }

    /// `http://127.0.0.1:<port>`: the base URL of an Anthropic provider.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.address)
    }

    /// `http://127.0.0.1:<port>/v1`: the base URL of an OpenAI-compatible provider.
    pub fn openai_base_url(&self) -> String {
        format!("http://{}/v1", self.address)
    }

    /// Queues a behaviour for the next request of any model.
    pub fn push(&self, behavior: Behavior) {
        self.shared.with(|state| state.queue.push_back(behavior));
    }

    /// Queues a behaviour for the next request of `model`.
    pub fn push_for_model(&self, model: &str, behavior: Behavior) {
        self.shared.with(|state| {
            state
                .model_queues
                .entry(model.to_string())
                .or_default()
                .push_back(behavior)
        });
    }

    pub fn set_default(&self, behavior: Behavior) {
        self.shared.with(|state| state.default = behavior);
    }

    /// What requests of `model` do when nothing is queued for them.
    pub fn set_model_default(&self, model: &str, behavior: Behavior) {
        self.shared
            .with(|state| state.model_defaults.insert(model.to_string(), behavior));
    }

    pub fn set_latency(&self, latency: Duration) {
        self.shared.with(|state| state.latency = latency);
    }

    pub fn set_limits(&self, requests_per_minute: Option<u32>, tokens_per_minute: Option<u64>) {
        self.shared.with(|state| {
            state.requests_per_minute = requests_per_minute.map(rpm_bucket);
            state.tokens_per_minute = tokens_per_minute.map(tpm_bucket);
        });
    }

    /// Requests carrying any of these top-level parameters get a 400 naming it, like a server
    /// that does not know them.
    pub fn reject_parameters(&self, parameters: &[&str]) {
        self.shared.with(|state| {
            state.rejected_parameters = parameters.iter().map(|p| p.to_string()).collect()
        });
    }

    /// Embeddings requests whose input contains `needle` get `vector` for it (the first rule
    /// that matches wins); other inputs get a vector derived from their words.
    pub fn script_embedding(&self, needle: &str, vector: Vec<f32>) {
        self.shared
            .with(|state| state.embeddings.rules.push((needle.to_string(), vector)));
    }

    /// The length of the derived vectors (scripted ones should match it).
    pub fn set_embedding_dimensions(&self, dimensions: usize) {
        self.shared
            .with(|state| state.embeddings.dimensions = dimensions.max(1));
    }

    /// The inputs of every embeddings request, in the order they came.
    pub fn embedded_inputs(&self) -> Vec<String> {
        self.shared.with(|state| {
            state
                .requests
                .iter()
                .filter(|request| is_embeddings_path(&request.path))
                .flat_map(|request| embeddings::embedding_inputs(&request.body))
                .collect()
        })
    }

    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.shared.with(|state| state.requests.clone())
    }

    pub fn request_count(&self) -> usize {
        self.shared.with(|state| state.requests.len())
    }

    /// The most requests for `model` answered at once (counted while a latency is set).
    pub fn max_in_flight(&self, model: &str) -> usize {
        self.shared
            .with(|state| state.max_in_flight.get(model).copied().unwrap_or(0))
    }

    pub fn count_for_model(&self, model: &str) -> usize {
        self.shared
            .with(|state| state.requests.iter().filter(|r| r.model == model).count())
    }

    pub fn count_for_path(&self, path: &str) -> usize {
        self.shared
            .with(|state| state.requests.iter().filter(|r| r.path == path).count())
    }

    /// 429s sent by the server's own rate limits (not scripted ones).
    pub fn rate_limited_count(&self) -> u64 {
        self.shared.with(|state| state.rate_limited)
    }

    /// Behaviours still queued (global and per model).
    pub fn queued(&self) -> usize {
        self.shared.with(|state| {
            state.queue.len()
                + state
                    .model_queues
                    .values()
                    .map(VecDeque::len)
                    .sum::<usize>()
        })
    }
}

struct Request {
    method: String,
    path: String,
    headers: BTreeMap<String, String>,
    body: Vec<u8>,
}

/// Reads one request; `None` at a clean end of the connection or on garbage.
async fn read_request(stream: &mut TcpStream, buffer: &mut Vec<u8>) -> Option<Request> {
    let head_end = loop {
        if let Some(at) = buffer.windows(4).position(|window| window == b"\r\n\r\n") {
            break at;
        }
        if buffer.len() > MAX_HEAD_BYTES {
            return None;
        }
        let mut chunk = [0u8; 8192];
        let read = stream.read(&mut chunk).await.ok()?;
        if read == 0 {
            return None;
        }
        buffer.extend_from_slice(&chunk[..read]);
    };
    let head = String::from_utf8_lossy(&buffer[..head_end]).into_owned();
    let mut lines = head.split("\r\n");
    let mut request_line = lines.next()?.split_whitespace();
    let method = request_line.next()?.to_string();
    let path = request_line.next()?.to_string();
    let headers: BTreeMap<String, String> = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(name, value)| (name.trim().to_ascii_lowercase(), value.trim().to_string()))
        .collect();
    let length: usize = headers
        .get("content-length")
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    if length > MAX_BODY_BYTES {
        return None;
    }
    let body_start = head_end + 4;
    while buffer.len() < body_start + length {
        let mut chunk = [0u8; 65536];
        let read = stream.read(&mut chunk).await.ok()?;
        if read == 0 {
            return None;
        }
        buffer.extend_from_slice(&chunk[..read]);
    }
    let body = buffer[body_start..body_start + length].to_vec();
    buffer.drain(..body_start + length);
    Some(Request {
        method,
        path,
        headers,
        body,
    })
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        400 => "Bad Request",
        401 => "Unauthorized",
        402 => "Payment Required",
        403 => "Forbidden",
        404 => "Not Found",
        408 => "Request Timeout",
        409 => "Conflict",
        413 => "Payload Too Large",
        422 => "Unprocessable Entity",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        529 => "Overloaded",
        _ => "Status",
    }
}

fn head(status: u16, headers: &[(String, String)]) -> String {
    let mut text = format!("HTTP/1.1 {status} {}\r\n", reason(status));
    for (name, value) in headers {
        text.push_str(&format!("{name}: {value}\r\n"));
    }
    text.push_str("\r\n");
    text
}

async fn write_plain(
    stream: &mut TcpStream,
    status: u16,
    mut headers: Vec<(String, String)>,
    body: &str,
) -> std::io::Result<()> {
    headers.push(("content-type".into(), "application/json".into()));
    headers.push(("content-length".into(), body.len().to_string()));
    let mut bytes = head(status, &headers).into_bytes();
    bytes.extend_from_slice(body.as_bytes());
    stream.write_all(&bytes).await?;
    stream.flush().await
}

/// Writes SSE as HTTP chunks, optionally cut into small pieces with pauses between, so that
/// the client sees events split across reads.
struct ChunkWriter<'a> {
    stream: &'a mut TcpStream,
    split: Option<usize>,
}

impl ChunkWriter<'_> {
    async fn start(
        stream: &mut TcpStream,
        headers: Vec<(String, String)>,
        split: Option<usize>,
    ) -> std::io::Result<ChunkWriter<'_>> {
        let mut headers = headers;
        headers.push(("content-type".into(), "text/event-stream".into()));
        headers.push(("cache-control".into(), "no-cache".into()));
        headers.push(("transfer-encoding".into(), "chunked".into()));
        stream.write_all(head(200, &headers).as_bytes()).await?;
        stream.flush().await?;
        Ok(ChunkWriter { stream, split })
    }

    async fn send(&mut self, text: &str) -> std::io::Result<()> {
        match self.split {
            Some(size) if size > 0 => {
                for piece in text.as_bytes().chunks(size) {
                    self.chunk(piece).await?;
                    tokio::time::sleep(Duration::from_millis(1)).await;
                }
                Ok(())
            }
            _ => self.chunk(text.as_bytes()).await,
        }
    }

    async fn chunk(&mut self, bytes: &[u8]) -> std::io::Result<()> {
        let mut framed = format!("{:x}\r\n", bytes.len()).into_bytes();
        framed.extend_from_slice(bytes);
        framed.extend_from_slice(b"\r\n");
        self.stream.write_all(&framed).await?;
        self.stream.flush().await
    }

    /// The clean end of a chunked body.
    async fn end(&mut self) -> std::io::Result<()> {
        self.stream.write_all(b"0\r\n\r\n").await?;
        self.stream.flush().await
    }
}

/// Waits until the client goes away (or the longest hold passes).
async fn hold(stream: &mut TcpStream) {
    let mut sink = [0u8; 1024];
    let _ = tokio::time::timeout(LONGEST_HOLD, async {
        loop {
            match stream.read(&mut sink).await {
                Ok(0) | Err(_) => return,
                Ok(_) => {}
            }
        }
    })
    .await;
}

async fn serve_connection(mut stream: TcpStream, shared: Arc<Shared>) {
    let mut buffer = Vec::new();
    while let Some(request) = read_request(&mut stream, &mut buffer).await {
        let keep_going = handle(&mut stream, &shared, request).await.unwrap_or(false);
        if !keep_going {
            return;
        }
    }
}

/// What a request got, picked under the lock.
enum Decision {
    Behave(Behavior),
    /// The server's own limit: 429 with these headers.
    Limited(Vec<(String, String)>),
    Rejected(String),
}

fn limit_headers(shape: WireShape, wait: Duration, state: &State) -> Vec<(String, String)> {
    let mut headers = vec![(
        "retry-after-ms".to_string(),
        wait.as_millis().max(1).to_string(),
    )];
    headers.push((
        "retry-after".to_string(),
        wait.as_secs_f64().ceil().max(1.0).to_string(),
    ));
    headers.extend(rate_headers(shape, state));
    headers
}

fn rate_headers(shape: WireShape, state: &State) -> Vec<(String, String)> {
    let mut headers = Vec::new();
    if let Some((limit, bucket)) = &state.requests_per_minute {
        let remaining = bucket.available.max(0.0).floor() as u64;
        match shape {
            WireShape::OpenAi => {
                headers.push(("x-ratelimit-limit-requests".into(), limit.to_string()));
                headers.push((
                    "x-ratelimit-remaining-requests".into(),
                    remaining.to_string(),
                ));
                headers.push((
                    "x-ratelimit-reset-requests".into(),
                    format!("{}ms", bucket.reset_in().as_millis()),
                ));
            }
            WireShape::Anthropic => {
                headers.push((
                    "anthropic-ratelimit-requests-limit".into(),
                    limit.to_string(),
                ));
                headers.push((
                    "anthropic-ratelimit-requests-remaining".into(),
                    remaining.to_string(),
                ));
            }
        }
    }
    if let Some((limit, bucket)) = &state.tokens_per_minute {
        let remaining = bucket.available.max(0.0).floor() as u64;
        match shape {
            WireShape::OpenAi => {
                headers.push(("x-ratelimit-limit-tokens".into(), limit.to_string()));
                headers.push(("x-ratelimit-remaining-tokens".into(), remaining.to_string()));
                headers.push((
                    "x-ratelimit-reset-tokens".into(),
                    format!("{}ms", bucket.reset_in().as_millis()),
                ));
            }
            WireShape::Anthropic => {
                headers.push(("anthropic-ratelimit-tokens-limit".into(), limit.to_string()));
                headers.push((
                    "anthropic-ratelimit-tokens-remaining".into(),
                    remaining.to_string(),
                ));
            }
        }
    }
    headers
}

fn decide(state: &mut State, shape: WireShape, body: &Value, model: &str) -> Decision {
    if let Some(parameter) = state
        .rejected_parameters
        .iter()
        .find(|parameter| body.get(parameter.as_str()).is_some())
    {
        return Decision::Rejected(parameter.clone());
    }
    if let Some((_, bucket)) = &mut state.requests_per_minute {
        if let Err(wait) = bucket.take(1.0) {
            state.rate_limited += 1;
            return Decision::Limited(limit_headers(shape, wait, state));
        }
    }
    let tokens = wire::request_tokens(body) as f64;
    if let Some((_, bucket)) = &mut state.tokens_per_minute {
        if let Err(wait) = bucket.take(tokens) {
            state.rate_limited += 1;
            return Decision::Limited(limit_headers(shape, wait, state));
        }
    }
    let behavior = state
        .model_queues
        .get_mut(model)
        .and_then(VecDeque::pop_front)
        .or_else(|| state.model_defaults.get(model).cloned())
        .or_else(|| state.queue.pop_front())
        .unwrap_or_else(|| state.default.clone());
    Decision::Behave(behavior)
}

fn describe(behavior: &Behavior) -> String {
    match behavior {
        Behavior::Succeed | Behavior::Reply(_) => "ok".into(),
        Behavior::Status { status, .. } => status.to_string(),
        Behavior::ResetConnection => "reset".into(),
        Behavior::NoHeaders => "no-headers".into(),
        Behavior::StallMidStream { .. } => "stall".into(),
        Behavior::Trickle { .. } => "trickle".into(),
        Behavior::MalformedJson => "malformed".into(),
        Behavior::Truncated { .. } => "truncated".into(),
        Behavior::MidStreamError { .. } => "stream-error".into(),
    }
}

async fn handle(
    stream: &mut TcpStream,
    shared: &Shared,
    request: Request,
) -> std::io::Result<bool> {
    if shared.control_endpoints && request.path.starts_with("/_fake/") {
        return control(stream, shared, &request).await;
    }
    let body: Value = serde_json::from_slice(&request.body).unwrap_or(Value::Null);
    let model = body
        .get("model")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string();
    let stream_requested = body.get("stream").and_then(Value::as_bool).unwrap_or(false);
    let shape = WireShape::of_path(&request.path);
    let (decision, latency, index) = shared.with(|state| {
        let decision = decide(state, shape, &body, &model);
        let answered = match &decision {
            Decision::Behave(behavior) => describe(behavior),
            Decision::Limited(_) => "429 (server limit)".into(),
            Decision::Rejected(parameter) => format!("400 (rejected {parameter})"),
        };
        state.requests.push(RecordedRequest {
            method: request.method.clone(),
            path: request.path.clone(),
            headers: request.headers.clone(),
            body: body.clone(),
            model: model.clone(),
            stream: stream_requested,
            answered,
            at: shared.started.elapsed(),
        });
        (decision, state.latency, state.requests.len())
    });
    let _ = index;
    let closes = request
        .headers
        .get("connection")
        .is_some_and(|v| v.eq_ignore_ascii_case("close"));
    let behavior = match decision {
        Decision::Limited(headers) => {
            write_plain(stream, 429, headers, &wire::error_body(shape, 429)).await?;
            return Ok(!closes);
        }
        Decision::Rejected(parameter) => {
            let body = json!({"error": {"message": format!("Unsupported parameter: '{parameter}' is not supported by this server."),
                                        "type": "invalid_request_error", "param": null, "code": "unsupported_parameter"}});
            write_plain(stream, 400, Vec::new(), &body.to_string()).await?;
            return Ok(!closes);
        }
        Decision::Behave(behavior) => behavior,
    };
    if !latency.is_zero() {
        shared.with(|state| {
            let now = state.in_flight.entry(model.clone()).or_default();
            *now += 1;
            let now = *now;
            let most = state.max_in_flight.entry(model.clone()).or_default();
            *most = (*most).max(now);
        });
        tokio::time::sleep(latency).await;
        shared.with(|state| {
            if let Some(now) = state.in_flight.get_mut(&model) {
                *now = now.saturating_sub(1);
            }
        });
    }
    let include_usage = body
        .pointer("/stream_options/include_usage")
        .and_then(Value::as_bool)
        .unwrap_or(false);
    let (rate_headers, reply_words) =
        shared.with(|state| (rate_headers(shape, state), state.reply_words));
    if is_embeddings_path(&request.path)
        && matches!(behavior, Behavior::Succeed | Behavior::Reply(_))
    {
        let reply = shared.with(|state| state.embeddings.reply_body(&body));
        write_plain(stream, 200, rate_headers, &reply).await?;
        return Ok(!closes);
    }
    match behavior {
        Behavior::Succeed => {
            let fake = match reply_words {
                Some((summary, page)) => FakeReply::text(wire::long_text(&body, summary, page)),
                None => FakeReply::default(),
            };
            reply(
                stream,
                shape,
                &fake,
                &body,
                stream_requested,
                include_usage,
                rate_headers,
            )
            .await?;
        }
        Behavior::Reply(fake) => {
            let keep_open = fake.keep_open;
            reply(
                stream,
                shape,
                &fake,
                &body,
                stream_requested,
                include_usage,
                rate_headers,
            )
            .await?;
            if keep_open {
                hold(stream).await;
                return Ok(false);
            }
        }
        Behavior::Status {
            status,
            body: error_body,
            headers,
        } => {
            let error_body = if error_body.is_empty() {
                wire::error_body(shape, status)
            } else {
                error_body
            };
            write_plain(stream, status, headers, &error_body).await?;
        }
        Behavior::ResetConnection => {
            // Linger 0 makes the close a reset; it does not block with nothing left to send.
            #[allow(deprecated)]
            let _ = stream.set_linger(Some(Duration::ZERO));
            return Ok(false);
        }
        Behavior::NoHeaders => {
            hold(stream).await;
            return Ok(false);
        }
        Behavior::StallMidStream { events } => {
            let resolved = wire::resolve(&FakeReply::default(), &body);
            if stream_requested {
                let stream_events = wire::stream_events(shape, &resolved, include_usage);
                let mut writer = ChunkWriter::start(stream, rate_headers, None).await?;
                for event in stream_events
                    .opening
                    .iter()
                    .chain(stream_events.deltas.iter())
                    .take(events + 1)
                {
                    writer.send(event).await?;
                }
            } else {
                let full = wire::plain_body(shape, &resolved);
                let mut headers = rate_headers;
                headers.push(("content-type".into(), "application/json".into()));
                headers.push(("content-length".into(), full.len().to_string()));
                stream.write_all(head(200, &headers).as_bytes()).await?;
                stream.write_all(&full.as_bytes()[..full.len() / 2]).await?;
                stream.flush().await?;
            }
            hold(stream).await;
            return Ok(false);
        }
        Behavior::Trickle { every } => {
            let started = Instant::now();
            if stream_requested {
                let mut writer = ChunkWriter::start(stream, rate_headers, None).await?;
                while started.elapsed() < LONGEST_HOLD {
                    if writer.send(": still thinking\n\n").await.is_err() {
                        break;
                    }
                    tokio::time::sleep(every).await;
                }
            } else {
                let mut headers = rate_headers;
                headers.push(("content-type".into(), "application/json".into()));
                headers.push(("content-length".into(), "1000000".into()));
                stream.write_all(head(200, &headers).as_bytes()).await?;
                // JSON allows leading whitespace, so the body stays valid as far as it goes.
                while started.elapsed() < LONGEST_HOLD {
                    if stream.write_all(b" ").await.is_err() || stream.flush().await.is_err() {
                        break;
                    }
                    tokio::time::sleep(every).await;
                }
            }
            return Ok(false);
        }
        Behavior::MalformedJson => {
            if stream_requested {
                let mut writer = ChunkWriter::start(stream, rate_headers, None).await?;
                writer
                    .send("data: {\"choices\": [{\"delta\": {\"content\": \"oops\"\n\n")
                    .await?;
                writer.end().await?;
            } else {
                write_plain(stream, 200, rate_headers, "{\"choices\": [{\"message\": ").await?;
            }
        }
        Behavior::Truncated { events } => {
            let resolved = wire::resolve(&FakeReply::default(), &body);
            if stream_requested {
                let stream_events = wire::stream_events(shape, &resolved, include_usage);
                let mut writer = ChunkWriter::start(stream, rate_headers, None).await?;
                for event in stream_events
                    .opening
                    .iter()
                    .chain(stream_events.deltas.iter())
                    .take(events + 1)
                {
                    writer.send(event).await?;
                }
                writer.end().await?;
            } else {
                let full = wire::plain_body(shape, &resolved);
                let mut headers = rate_headers;
                headers.push(("content-type".into(), "application/json".into()));
                headers.push(("content-length".into(), full.len().to_string()));
                stream.write_all(head(200, &headers).as_bytes()).await?;
                stream.write_all(&full.as_bytes()[..full.len() / 2]).await?;
                stream.flush().await?;
                return Ok(false);
            }
        }
        Behavior::MidStreamError {
            shape: error_shape,
            events,
        } => {
            let resolved = wire::resolve(&FakeReply::default(), &body);
            let stream_events = wire::stream_events(shape, &resolved, include_usage);
            let mut writer = ChunkWriter::start(stream, rate_headers, None).await?;
            for event in stream_events
                .opening
                .iter()
                .chain(stream_events.deltas.iter())
                .take(events + 1)
            {
                writer.send(event).await?;
            }
            writer.send(&wire::error_event(error_shape)).await?;
            writer.end().await?;
        }
    }
    Ok(!closes)
}

#[allow(clippy::too_many_arguments)]
async fn reply(
    stream: &mut TcpStream,
    shape: WireShape,
    fake: &FakeReply,
    body: &Value,
    stream_requested: bool,
    include_usage: bool,
    rate_headers: Vec<(String, String)>,
) -> std::io::Result<()> {
    let resolved = wire::resolve(fake, body);
    let mut headers = rate_headers;
    headers.extend(fake.headers.iter().cloned());
    if !stream_requested {
        return write_plain(stream, 200, headers, &wire::plain_body(shape, &resolved)).await;
    }
    let events = wire::stream_events(shape, &resolved, include_usage);
    let mut writer = ChunkWriter::start(stream, headers, fake.split_writes).await?;
    if fake.pings {
        writer.send(": OPENROUTER PROCESSING\n\n").await?;
    }
    for event in &events.opening {
        writer.send(event).await?;
    }
    for delta in &events.deltas {
        if fake.pings {
            writer.send(&events.ping).await?;
        }
        writer.send(delta).await?;
    }
    for event in &events.closing {
        writer.send(event).await?;
    }
    if !fake.omit_done {
        writer.send(&events.terminal).await?;
    }
    if !fake.keep_open {
        writer.end().await?;
    }
    Ok(())
}

/// `/_fake/requests`, `/_fake/stats`, `POST /_fake/push`, `POST /_fake/default`.
async fn control(
    stream: &mut TcpStream,
    shared: &Shared,
    request: &Request,
) -> std::io::Result<bool> {
    let spec = String::from_utf8_lossy(&request.body).into_owned();
    let (status, body) = match request.path.as_str() {
        "/_fake/requests" => {
            let requests = shared.with(|state| {
                state
                    .requests
                    .iter()
                    .map(|r| json!({"path": r.path, "model": r.model, "stream": r.stream, "answered": r.answered,
                                    "at_ms": r.at.as_millis() as u64, "body": r.body}))
                    .collect::<Vec<_>>()
            });
            (200, Value::Array(requests).to_string())
        }
        "/_fake/stats" => {
            let stats = shared.with(|state| {
                let mut by_model: BTreeMap<String, u64> = BTreeMap::new();
                let mut by_path: BTreeMap<String, u64> = BTreeMap::new();
                for r in &state.requests {
                    *by_model.entry(r.model.clone()).or_default() += 1;
                    *by_path.entry(r.path.clone()).or_default() += 1;
                }
                json!({"requests": state.requests.len(), "by_model": by_model, "by_path": by_path,
                       "rate_limited": state.rate_limited})
            });
            (200, stats.to_string())
        }
        "/_fake/push" | "/_fake/default" => match Behavior::parse_spec(&spec) {
            Some(behavior) => {
                let is_push = request.path == "/_fake/push";
                shared.with(|state| {
                    if is_push {
                        state.queue.push_back(behavior);
                    } else {
                        state.default = behavior;
                    }
                });
                (200, "{}".to_string())
            }
            None => (
                400,
                json!({"error": format!("unknown behaviour `{spec}`")}).to_string(),
            ),
        },
        _ => (404, "{}".to_string()),
    };
    write_plain(stream, status, Vec::new(), &body).await?;
    let closes = request
        .headers
        .get("connection")
        .is_some_and(|v| v.eq_ignore_ascii_case("close"));
    Ok(!closes)
}
