//! The provider layer's speed against the fake provider over 127.0.0.1:
//!
//! 1. paced: 50 ms latency, a server limit of 600 requests per minute and the same limit
//!    configured; how close 1,000 calls come to the 100 s the limit allows, and when the last
//!    429 came;
//! 2. overhead: 50 ms latency, no limits, 64 calls in flight; what the client adds to each
//!    call over the server's latency (cache lookup, token count, budget, limits, HTTP, the
//!    ledger row flushed to disk).
//!
//! The overhead run is done twice: with the ledger on the machine's disk (every row waits for
//! an `fdatasync`, shared by the rows written meanwhile) and, to show what the client itself
//! costs, with the ledger on `/dev/shm` when it exists.
//!
//! `cargo run --release -p cartograph-llm --example provider_bench [-- --paced-calls N --overhead-calls N]`

use cartograph_config::{ModelConfig, ModelRef, PipelineConfig, ProviderConfig, ProviderKind};
use cartograph_core::Phase;
use cartograph_llm::{CompletionRequest, Ledger, LlmClient, Message};
use cartograph_store::{MemoryStore, Store};
use cartograph_testkit::fake_provider::{FakeProvider, FakeScript};
use futures_util::stream::{self, StreamExt};
use std::sync::Arc;
use std::time::{Duration, Instant};

const LATENCY: Duration = Duration::from_millis(50);

fn config(
    base_url: &str,
    requests_per_minute: Option<u32>,
    max_concurrency: u32,
) -> PipelineConfig {
    let mut provider = ProviderConfig::with_kind(ProviderKind::Openai);
    provider.base_url = Some(base_url.to_string());
    provider.local = Some(false);
    provider.requests_per_minute = requests_per_minute;
    provider.max_concurrency = max_concurrency;
    let mut config = PipelineConfig::default();
    config.providers.insert("bench".into(), provider);
    config.models.insert(
        "bench/model".into(),
        ModelConfig {
            input: Some(0.15),
            output: Some(0.6),
            cached_input: None,
            context_window: Some(128_000),
        },
    );
    config.phases.map.models =
        vec![ModelRef::parse("bench/model").unwrap_or_else(ModelRef::offline)];
    config.phases.map.budget_tokens = u64::MAX;
    config
}

fn request(index: usize) -> CompletionRequest {
    let mut request = CompletionRequest::new(
        Phase::Map,
        vec![
            Message::system("You summarize source files in two sentences."),
            Message::user(format!(
                "Summarize `src/module_{index}.rs`:\n\npub fn f{index}() -> u32 {{ {index} }}\n"
            )),
        ],
    );
    request.max_output_tokens = Some(128);
    request.files = vec![format!("src/module_{index}.rs")];
    request
}

struct Run {
    elapsed: Duration,
    latencies: Vec<Duration>,
    failures: usize,
}

/// The same calls with a bare reqwest client: what the server and HTTP alone take.
async fn run_bare(base_url: &str, calls: usize, in_flight: usize) -> Run {
    let http = reqwest::Client::new();
    let endpoint = format!("{base_url}/chat/completions");
    let started = Instant::now();
    let results: Vec<(Duration, bool)> = stream::iter(0..calls)
        .map(|index| {
            let http = http.clone();
            let endpoint = endpoint.clone();
            async move {
                let request = request(index);
                let messages: Vec<serde_json::Value> = request
                    .messages
                    .iter()
                    .map(|m| serde_json::json!({"role": m.role.as_str(), "content": m.content}))
                    .collect();
                let body =
                    serde_json::json!({"model": "model", "messages": messages, "max_tokens": 128});
                let call_started = Instant::now();
                let ok = match http.post(&endpoint).json(&body).send().await {
                    Ok(response) => response.bytes().await.is_ok(),
                    Err(_) => false,
                };
                (call_started.elapsed(), ok)
            }
        })
        .buffer_unordered(in_flight)
        .collect()
        .await;
    Run {
        elapsed: started.elapsed(),
        failures: results.iter().filter(|(_, ok)| !ok).count(),
        latencies: results.into_iter().map(|(latency, _)| latency).collect(),
    }
}

fn report(label: &str, calls: usize, result: &Run, baseline: Option<Duration>) -> Duration {
    let mut sorted = result.latencies.clone();
    sorted.sort();
    let mean = sorted.iter().sum::<Duration>() / sorted.len().max(1) as u32;
    let ideal = LATENCY * calls.div_ceil(64) as u32;
    println!(
        "{label}: {calls} calls, 64 in flight, {} ms server latency",
        LATENCY.as_millis()
    );
    println!(
        "  elapsed {:.2} s (ideal {:.2} s), throughput {:.0} calls/s, failures {}",
        result.elapsed.as_secs_f64(),
        ideal.as_secs_f64(),
        calls as f64 / result.elapsed.as_secs_f64(),
        result.failures
    );
    let added = |value: Duration| (value.as_secs_f64() - LATENCY.as_secs_f64()) * 1e3;
    println!(
        "  per-call latency: mean {:.2} ms, p50 {:.2} ms, p99 {:.2} ms (mean {:.2} ms over the 50 ms sleep)",
        mean.as_secs_f64() * 1e3,
        percentile(&sorted, 0.5).as_secs_f64() * 1e3,
        percentile(&sorted, 0.99).as_secs_f64() * 1e3,
        added(mean),
    );
    if let Some(baseline) = baseline {
        println!(
            "  added by the client over bare HTTP to the same server: mean {:.2} ms per call",
            (mean.as_secs_f64() - baseline.as_secs_f64()) * 1e3
        );
    }
    mean
}

async fn run(client: &LlmClient, calls: usize, in_flight: usize) -> Run {
    let started = Instant::now();
    let results: Vec<(Duration, bool)> = stream::iter(0..calls)
        .map(|index| async move {
            let call_started = Instant::now();
            let ok = client.complete(request(index)).await.is_ok();
            (call_started.elapsed(), ok)
        })
        .buffer_unordered(in_flight)
        .collect()
        .await;
    Run {
        elapsed: started.elapsed(),
        failures: results.iter().filter(|(_, ok)| !ok).count(),
        latencies: results.into_iter().map(|(latency, _)| latency).collect(),
    }
}

fn percentile(sorted: &[Duration], fraction: f64) -> Duration {
    let index = ((sorted.len() as f64 - 1.0) * fraction).round() as usize;
    sorted.get(index).copied().unwrap_or_default()
}

fn client(config: &PipelineConfig, dir: &std::path::Path) -> LlmClient {
    let ledger = Ledger::open(&dir.join("ledger.jsonl")).unwrap_or_else(|error| panic!("{error}"));
    let store: Arc<dyn Store> = Arc::new(MemoryStore::default());
    LlmClient::new(config, store, ledger, "bench".into(), 1_000.0, &|_| None)
        .unwrap_or_else(|error| panic!("{error}"))
}

fn main() {
    let mut paced_calls = 1_000usize;
    let mut overhead_calls = 2_000usize;
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        let value: usize = args
            .next()
            .and_then(|v| v.parse().ok())
            .unwrap_or_else(|| panic!("{flag} needs a number"));
        match flag.as_str() {
            "--paced-calls" => paced_calls = value,
            "--overhead-calls" => overhead_calls = value,
            _ => panic!("unknown flag {flag}"),
        }
    }
    // The server gets its own runtime and threads, so its work is not counted as the client's.
    let server_runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap_or_else(|error| panic!("{error}"));
    let client_runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap_or_else(|error| panic!("{error}"));
    let dir = tempfile::tempdir().unwrap_or_else(|error| panic!("{error}"));
    // The tokenizer loads once per process; load it before timing anything.
    cartograph_tokens::count("warm up");

    // 1. Overhead: no limits, 64 in flight.
    let server = server_runtime
        .block_on(FakeProvider::start(FakeScript {
            latency: LATENCY,
            ..FakeScript::default()
        }))
        .unwrap_or_else(|error| panic!("{error}"));
    let shm = std::path::Path::new("/dev/shm");
    let memory_dir = shm
        .is_dir()
        .then(|| tempfile::tempdir_in(shm).ok())
        .flatten();
    let mut ledger_dirs = vec![("disk", dir.path().join("overhead"))];
    if let Some(memory_dir) = &memory_dir {
        ledger_dirs.push(("memory (/dev/shm)", memory_dir.path().to_path_buf()));
    }
    // Warm the server and the connections, then measure bare HTTP.
    client_runtime.block_on(run_bare(&server.openai_base_url(), 64, 64));
    let bare = client_runtime.block_on(run_bare(&server.openai_base_url(), overhead_calls, 64));
    let baseline = report("bare reqwest (baseline)", overhead_calls, &bare, None);
    for (label, ledger_dir) in ledger_dirs {
        // A fresh cache per run: every call goes to the server.
        let client_unlimited = client(&config(&server.openai_base_url(), None, 64), &ledger_dir);
        client_runtime.block_on(async {
            // Open the connections first, as the baseline did.
            let warm: Vec<_> = (0..64)
                .map(|index| {
                    let mut request = request(index);
                    request.prompt_version = "warm".into();
                    client_unlimited.complete(request)
                })
                .collect();
            futures_util::future::join_all(warm).await;
        });
        let result = client_runtime.block_on(run(&client_unlimited, overhead_calls, 64));
        report(
            &format!("cartograph-llm, ledger on {label}"),
            overhead_calls,
            &result,
            Some(baseline),
        );
    }
    drop(server);

    // 2. Paced: 600 requests per minute on both sides.
    let script = FakeScript {
        latency: LATENCY,
        requests_per_minute: Some(600),
        ..FakeScript::default()
    };
    let server = server_runtime
        .block_on(FakeProvider::start(script))
        .unwrap_or_else(|error| panic!("{error}"));
    let paced = client(
        &config(&server.openai_base_url(), Some(600), 64),
        &dir.path().join("paced"),
    );
    let result = client_runtime.block_on(run(&paced, paced_calls, 64));
    let allowed = Duration::from_secs_f64(paced_calls as f64 / 10.0);
    let last_429 = server
        .requests()
        .iter()
        .filter(|request| request.answered.starts_with("429"))
        .map(|request| request.at)
        .max();
    println!("paced: {paced_calls} calls at a 600 requests/min limit (server and client), 64 in flight, {} ms latency", LATENCY.as_millis());
    println!(
        "  elapsed {:.2} s, the limit allows {:.2} s: {:.1}% of the allowed rate used; failures {}",
        result.elapsed.as_secs_f64(),
        allowed.as_secs_f64(),
        100.0 * allowed.as_secs_f64() / result.elapsed.as_secs_f64(),
        result.failures
    );
    println!(
        "  server 429s: {} (last at {})",
        server.rate_limited_count(),
        last_429.map_or("never".to_string(), |at| format!(
            "{:.2} s",
            at.as_secs_f64()
        ))
    );
}
