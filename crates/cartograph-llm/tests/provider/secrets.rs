//! The API key never leaves the Authorization header: not in logs, errors, the ledger, the
//! cache or any file, even when the server echoes it back.

use crate::support::{request, Harness, SENTINEL_KEY};
use cartograph_store::Store;
use cartograph_testkit::fake_provider::{Behavior, FakeScript};
use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::Duration;

#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn all_files_under(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            files.extend(all_files_under(&path));
        } else {
            files.push(path);
        }
    }
    files
}

#[test]
fn a_sentinel_key_appears_nowhere() {
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(move || writer.clone())
        .with_ansi(false)
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let mut outputs: Vec<String> = Vec::new();
    runtime.block_on(async {
        let harness = Harness::with(FakeScript::default(), &["fake/m1", "claude/m2"], |config| {
            let provider = config.providers.get_mut("fake").unwrap();
            provider.first_byte_timeout_secs = 0.2;
        })
        .await;
        // The server echoes the key in an error body, as some do.
        let echo = format!(
            r#"{{"error":{{"message":"Incorrect API key provided: {SENTINEL_KEY}. You can find your API key at https://example.invalid.","type":"invalid_request_error","code":"invalid_api_key"}}}}"#
        );
        harness.server.push_for_model("m1", Behavior::Status { status: 401, body: echo.clone(), headers: Vec::new() });
        harness.server.push_for_model("m2", Behavior::Status { status: 500, body: echo.clone(), headers: Vec::new() });
        let completion = harness.client.complete(request("a")).await.unwrap();
        outputs.push(format!("{completion:?}"));
        outputs.push(completion.text.clone());

        // Errors of every kind, Display and Debug.
        harness.server.set_model_default("m1", Behavior::Status { status: 401, body: echo.clone(), headers: Vec::new() });
        harness.server.set_model_default("m2", Behavior::Status { status: 400, body: echo.clone(), headers: Vec::new() });
        let error = harness.client.complete(request("b")).await.unwrap_err();
        outputs.push(format!("{error} {error:?}"));
        harness.server.set_model_default("m1", Behavior::NoHeaders);
        harness.server.set_model_default("m2", Behavior::insufficient_quota());
        let error = harness.client.complete(request("c")).await.unwrap_err();
        outputs.push(format!("{error} {error:?}"));
        harness.server.set_model_default("m1", Behavior::Status { status: 429, body: echo, headers: vec![("retry-after".into(), "0".into())] });
        harness.server.set_model_default("m2", Behavior::MidStreamError { shape: cartograph_testkit::fake_provider::ErrorShape::Anthropic, events: 1 });
        let error = harness.client.complete_streaming(request("d"), &mut |text: &str| {
            outputs_push_text(text);
        }).await.unwrap_err();
        outputs.push(format!("{error} {error:?}"));
        outputs.push(format!("{:?}", harness.client.spent()));
        harness.client.finish().unwrap();

        // The key did go out, in the headers it belongs in.
        let requests = harness.server.requests();
        assert!(requests.iter().any(|r| r.headers.get("authorization").map(String::as_str) == Some(&format!("Bearer {SENTINEL_KEY}"))));
        assert!(requests.iter().any(|r| r.headers.get("x-api-key").map(String::as_str) == Some(SENTINEL_KEY)));

        for path in all_files_under(harness.dir.path()) {
            let bytes = std::fs::read(&path).unwrap();
            assert!(!contains(&bytes, SENTINEL_KEY), "{} holds the key", path.display());
        }
        for tree in harness.store.tree_names().unwrap() {
            harness.store.for_each(&tree, &mut |key, value| {
                assert!(!contains(key, SENTINEL_KEY) && !contains(value, SENTINEL_KEY), "cache tree {tree}");
                true
            }).unwrap();
        }
        tokio::time::sleep(Duration::from_millis(1)).await;
    });
    drop(_guard);
    let logs = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    assert!(
        logs.contains("provider attempt failed"),
        "the failures were logged: {logs}"
    );
    assert!(!logs.contains(SENTINEL_KEY), "logs hold the key");
    for output in outputs {
        assert!(
            !output.contains(SENTINEL_KEY),
            "output holds the key: {output}"
        );
    }
    assert!(!STREAMED.lock().unwrap().contains(SENTINEL_KEY));
}

static STREAMED: Mutex<String> = Mutex::new(String::new());

fn outputs_push_text(text: &str) {
    STREAMED.lock().unwrap().push_str(text);
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|window| window == needle.as_bytes())
}
