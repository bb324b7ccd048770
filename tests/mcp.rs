//! `cartograph mcp` driven by a real MCP client: the official Python SDK (`mcp` 2.3 from PyPI)
//! in the virtual environment `scripts/test-setup` makes, over stdio and streamable HTTP. The
//! tests fail, not skip, when that environment is missing.

use crate::common::{cartograph, expect_code};
use cartograph_testkit::repo::TempRepo;
use serde_json::{json, Value};
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

/// An AWS access key id of the shape the secret gate redacts (not AWS's documented example,
/// which it lets through as a placeholder).
const AWS_KEY: &str = "AKIAZ7Q2W9E4R1T6Y3U8";

/// `target/mcp-venv/bin/python`, next to the binary's profile directory.
fn venv_python() -> PathBuf {
    let binary = PathBuf::from(env!("CARGO_BIN_EXE_cartograph"));
    let target = binary
        .parent()
        .and_then(Path::parent)
        .expect("the binary lives in target/<profile>/");
    let python = target.join("mcp-venv").join("bin").join("python");
    assert!(
        python.exists(),
        "the MCP test client is missing: `{}` does not exist; run `scripts/test-setup` (the README's test command does)",
        python.display()
    );
    python
}

fn client_script() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/mcp/client.py")
}

/// The python-lib fixture with a secret file, a file holding a key, an ignored file and a
/// symlink out of the repository.
fn fixture() -> TempRepo {
    let repo = TempRepo::fixture("python-lib").unwrap();
    repo.write(".gitignore", "ignored.py\n").unwrap();
    repo.write("ignored.py", "def hidden():\n    return 1\n")
        .unwrap();
    repo.write(".env", &format!("AWS_ACCESS_KEY_ID={AWS_KEY}\n"))
        .unwrap();
    repo.write(
        "pkg/settings.py",
        &format!("\"\"\"Settings.\"\"\"\n\nREGION = \"eu\"\nKEY_ID = \"{AWS_KEY}\"\n"),
    )
    .unwrap();
    std::os::unix::fs::symlink("/etc/hostname", repo.path().join("pkg/outside.py")).unwrap();
    repo.write(
        "pkg/test_core.py",
        "from pkg.core import summarize\n\n\ndef test_summarize():\n    assert summarize\n",
    )
    .unwrap();
    repo.commit_all("secrets and links").unwrap();
    repo
}

/// Runs the client with `calls` (tool name, arguments) and returns what it saw.
fn run_client(args: &[&str], calls: &Value) -> Value {
    let mut child = Command::new(venv_python())
        .arg(client_script())
        .args(args)
        .env_remove("CARTOGRAPH_CONFIG")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(calls.to_string().as_bytes())
        .unwrap();
    let output = child.wait_with_output().unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "the MCP client failed\nstdout:\n{stdout}\nstderr:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_str(&stdout).unwrap()
}

fn structured(call: &Value) -> &Value {
    assert_eq!(call["is_error"], false, "{call}");
    &call["structured"]
}

fn mcp_error(call: &Value) -> String {
    call["mcp_error"]["message"]
        .as_str()
        .unwrap_or_else(|| panic!("expected an MCP error, got {call}"))
        .to_string()
}

/// Every tool once on the fixture, and the error cases; checked against the index.
fn check_session(repo: &TempRepo, seen: &Value) {
    let tools: Vec<&str> = seen["tools"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        tools,
        ["ask", "outline", "page", "read", "search", "symbol"]
    );
    for (name, schemas) in seen["tools"].as_object().unwrap() {
        assert_eq!(schemas["input"]["type"], "object", "{name}");
        assert_eq!(schemas["output"]["type"], "object", "{name}");
    }
    let calls = seen["calls"].as_array().unwrap();

    // search: the same ranking as `cartograph lens --json`.
    let lens = cartograph(repo.path(), &["lens", "--json", "forecast summary"]);
    expect_code(&lens, 0);
    let lens = lens.json();
    let search = structured(&calls[0]);
    let paths = |files: &Value| -> Vec<String> {
        files
            .as_array()
            .unwrap()
            .iter()
            .map(|file| file["path"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(paths(&search["files"]), paths(&lens["files"]));
    assert!(paths(&search["files"]).contains(&"pkg/core.py".to_string()));
    assert_eq!(search["used_tokens"], lens["used_tokens"]);
    assert!(calls[0]["text"].as_str().unwrap().contains("pkg/core.py"));
    let small = structured(&calls[1]);
    assert_eq!(small["budget_tokens"], 60);
    assert!(small["used_tokens"].as_u64().unwrap() <= 60, "{small}");

    // symbol: lines, signature, doc, public, and the files that use it.
    let summarize = &structured(&calls[2])["definitions"][0];
    assert_eq!(summarize["path"], "pkg/core.py");
    assert_eq!(summarize["line"], 21);
    assert_eq!(summarize["end_line"], 23);
    assert_eq!(summarize["signature"], "def summarize(forecasts):");
    assert_eq!(summarize["public"], true);
    assert!(summarize["doc"].as_str().unwrap().contains("Celsius"));
    let used: Vec<&str> = summarize["used_in"]
        .as_array()
        .unwrap()
        .iter()
        .map(|used| used["path"].as_str().unwrap())
        .collect();
    assert!(used.contains(&"pkg/__init__.py"), "{used:?}");
    let forecast = structured(&calls[3]);
    assert_eq!(forecast["definitions"].as_array().unwrap().len(), 1);
    assert_eq!(forecast["definitions"][0]["kind"], "class");
    let private = &structured(&calls[4])["definitions"][0];
    assert_eq!(private["public"], false);
    assert!(mcp_error(&calls[5]).contains("no definition"));

    // outline: a file's symbols; a module's files and public API.
    let outline = structured(&calls[6]);
    assert_eq!(outline["kind"], "file");
    let names: Vec<&str> = outline["files"][0]["symbols"]
        .as_array()
        .unwrap()
        .iter()
        .map(|symbol| symbol["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        ["Forecast", "spread", "summarize", "_private_helper"]
    );
    let module = structured(&calls[7]);
    assert_eq!(module["kind"], "module");
    let api: Vec<&str> = module["files"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|file| file["symbols"].as_array().unwrap())
        .map(|symbol| symbol["name"].as_str().unwrap())
        .collect();
    assert!(
        api.contains(&"summarize") && !api.contains(&"_private_helper"),
        "{api:?}"
    );
    // A test file is one of the module's files, but its functions are no part of its API.
    assert!(!api.contains(&"test_summarize"), "{api:?}");
    let test_file = module["files"]
        .as_array()
        .unwrap()
        .iter()
        .find(|file| file["path"] == "pkg/test_core.py")
        .expect("the test file is listed");
    assert_eq!(test_file["test"], true);

    // read: a line range; refusals; the secret gate.
    let read = structured(&calls[8]);
    let source = repo.read("pkg/core.py").unwrap();
    let expected: String = source.split_inclusive('\n').skip(20).take(3).collect();
    assert_eq!(read["text"], expected.as_str());
    assert_eq!(read["start_line"], 21);
    assert_eq!(read["end_line"], 23);
    assert!(mcp_error(&calls[9]).contains("secret"));
    assert!(mcp_error(&calls[10]).contains(".."));
    assert!(mcp_error(&calls[11]).contains("not a file of the index"));
    assert!(mcp_error(&calls[12]).contains("not a file of the index"));
    let settings = structured(&calls[13]);
    assert!(!settings["text"].as_str().unwrap().contains(AWS_KEY));
    assert!(settings["redactions"].as_u64().unwrap() >= 1);
    assert!(!calls[13]["text"].as_str().unwrap().contains(AWS_KEY));
    let cut = structured(&calls[14]);
    assert_eq!(cut["truncated"], true);
    assert!(cut["tokens"].as_u64().unwrap() <= 100, "{cut}");
    assert!(mcp_error(&calls[15]).contains("absolute"));

    // page: written from the index (there is no docs folder).
    let page = structured(&calls[16]);
    assert_eq!(page["path"], "index.md");
    assert_eq!(page["source"], "index");
    assert!(page["text"].as_str().unwrap().contains("modules/pkg.md"));
    assert_eq!(structured(&calls[17])["path"], "modules/pkg.md");
    assert!(mcp_error(&calls[18]).contains("no page"));

    // ask: no run model is configured, so the lens selection.
    let ask = structured(&calls[19]);
    assert_eq!(ask["source"], "selection");
    assert_eq!(ask["cost_usd"], 0.0);
    assert!(ask["answer"]
        .as_str()
        .unwrap()
        .contains("No model is configured for the run phase"));
    let asked = cartograph(
        repo.path(),
        &["lens", "--json", "how are forecasts summarized?"],
    )
    .json();
    assert_eq!(ask["files"], json!(paths(&asked["files"])));

    // Unknown tools, invalid and oversized arguments: errors, and the session goes on.
    assert!(mcp_error(&calls[20]).contains("tool not found"));
    let invalid = &calls[21];
    assert!(
        invalid["is_error"] == true || invalid.get("mcp_error").is_some(),
        "{invalid}"
    );
    assert!(mcp_error(&calls[22]).contains("over the limit"));
    assert!(mcp_error(&calls[23]).contains("max_cost_usd"));
    // A qualified path picks the definitions of the module it names.
    let qualified = structured(&calls[24]);
    assert_eq!(qualified["definitions"][0]["path"], "pkg/core.py");
    assert_eq!(qualified["definitions"][0]["line"], 21);
    assert!(mcp_error(&calls[25]).contains("no definition"));

    // Resources: the docs pages and llms.txt; a path out of the folder is refused.
    let resources: Vec<&str> = seen["resources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|uri| uri.as_str().unwrap())
        .collect();
    assert!(resources.contains(&"cartograph://docs/index.md"));
    assert!(resources.contains(&"cartograph://docs/llms.txt"));
    assert!(resources.contains(&"cartograph://docs/modules/pkg.md"));
    assert!(seen["first_resource"].as_str().unwrap().starts_with("---"));
    assert_ne!(seen["bad_resource"], "read");
}

fn session_calls() -> Value {
    json!([
        ["search", {"query": "forecast summary"}],
        ["search", {"query": "forecast summary", "max_tokens": 60}],
        ["symbol", {"name": "summarize"}],
        ["symbol", {"name": "pkg/core.py::Forecast"}],
        ["symbol", {"name": "_private_helper"}],
        ["symbol", {"name": "no_such_symbol"}],
        ["outline", {"path": "pkg/core.py"}],
        ["outline", {"path": "pkg"}],
        ["read", {"path": "pkg/core.py", "start_line": 21, "end_line": 23}],
        ["read", {"path": ".env"}],
        ["read", {"path": "pkg/../../etc/passwd"}],
        ["read", {"path": "ignored.py"}],
        ["read", {"path": "pkg/outside.py"}],
        ["read", {"path": "pkg/settings.py"}],
        ["read", {"path": "pkg/core.py"}],
        ["read", {"path": "/etc/passwd"}],
        ["page", {"name": "index"}],
        ["page", {"name": "pkg"}],
        ["page", {"name": "no-such-page"}],
        ["ask", {"question": "how are forecasts summarized?"}],
        ["no_such_tool", {}],
        ["search", {"query": 5}],
        ["search", {"query": "x".repeat(5000)}],
        ["ask", {"question": "why?", "max_cost_usd": -1.0}],
        ["symbol", {"name": "pkg::core::summarize"}],
        ["symbol", {"name": "pkg::other::summarize"}]
    ])
}

/// `[mcp] max_read_tokens` small enough that reading the whole of pkg/core.py is cut.
fn small_read_config(repo: &TempRepo) {
    repo.write("pipeline.toml", "[mcp]\nmax_read_tokens = 100\n")
        .unwrap();
}

#[test]
fn mcp_over_stdio_with_the_python_sdk() {
    let repo = fixture();
    small_read_config(&repo);
    let binary = env!("CARGO_BIN_EXE_cartograph");
    let seen = run_client(
        &["stdio", binary, repo.path().to_str().unwrap()],
        &session_calls(),
    );
    check_session(&repo, &seen);
}

/// A running `cartograph mcp --http`, killed when dropped.
struct HttpServer {
    child: Child,
    url: String,
}

impl HttpServer {
    fn start(repo: &TempRepo, address: &str, env: &[(&str, &str)]) -> HttpServer {
        let mut command = Command::new(env!("CARGO_BIN_EXE_cartograph"));
        command
            .arg("-C")
            .arg(repo.path())
            .args(["mcp", "--http", address])
            .env_remove("CARTOGRAPH_CONFIG")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        for (key, value) in env {
            command.env(key, value);
        }
        let mut child = command.spawn().unwrap();
        let mut stderr = BufReader::new(child.stderr.take().unwrap());
        let mut line = String::new();
        let url = loop {
            line.clear();
            assert!(
                stderr.read_line(&mut line).unwrap() > 0,
                "the server exited before listening"
            );
            if let Some(url) = line.trim().strip_prefix("cartograph mcp: listening on ") {
                break url.to_string();
            }
        };
        // Keep draining stderr so the server never blocks on a full pipe.
        std::thread::spawn(move || std::io::copy(&mut stderr, &mut std::io::sink()));
        HttpServer { child, url }
    }
}

impl Drop for HttpServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn mcp_over_streamable_http_with_the_python_sdk() {
    let repo = fixture();
    small_read_config(&repo);
    let server = HttpServer::start(&repo, "127.0.0.1:0", &[]);
    let seen = run_client(&["http", &server.url], &session_calls());
    check_session(&repo, &seen);

    // Between calls the server holds no lock: a map runs while it serves.
    let map = cartograph(repo.path(), &["map", "--json"]);
    expect_code(&map, 0);

    // A file written while the server runs is found by the next call (the watcher marks it).
    repo.write("pkg/fresh.py", "def brand_new_function():\n    return 42\n")
        .unwrap();
    let seen = run_client(
        &["http", &server.url],
        &json!([["symbol", {"name": "brand_new_function"}]]),
    );
    let fresh = structured(&seen["calls"][0]);
    assert_eq!(fresh["definitions"][0]["path"], "pkg/fresh.py");
}

#[test]
fn mcp_http_off_loopback_needs_a_token() {
    let repo = fixture();
    let run = cartograph(repo.path(), &["mcp", "--http", "0.0.0.0:0"]);
    expect_code(&run, 2);
    assert!(run.stderr.contains("token_env"), "{}", run.stderr);

    repo.write("pipeline.toml", "[mcp]\ntoken_env = \"MCP_TEST_TOKEN\"\n")
        .unwrap();
    let server = HttpServer::start(&repo, "0.0.0.0:0", &[("MCP_TEST_TOKEN", "s3cret-token")]);
    let port = server
        .url
        .trim_end_matches("/mcp")
        .rsplit(':')
        .next()
        .unwrap()
        .to_string();
    let url = format!("http://127.0.0.1:{port}/mcp");
    let seen = run_client(
        &["http", &url, "s3cret-token"],
        &json!([["outline", {"path": "pkg/core.py"}]]),
    );
    assert_eq!(structured(&seen["calls"][0])["kind"], "file");

    // Without the token, or with another one, the server answers 401 before any MCP.
    for authorization in ["", "Authorization: Bearer wrong-token\r\n"] {
        let status = post_status(&port, authorization);
        assert_eq!(status, "HTTP/1.1 401 Unauthorized", "{authorization}");
    }
    let status = post_status(&port, "Authorization: Bearer s3cret-token\r\n");
    assert_ne!(status, "HTTP/1.1 401 Unauthorized");
}

/// The status line of an `initialize` POST to `/mcp` with the given header line.
fn post_status(port: &str, header: &str) -> String {
    use std::io::Read;
    let body = json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
        "protocolVersion": "2025-06-18", "capabilities": {},
        "clientInfo": {"name": "raw", "version": "0"}}})
    .to_string();
    let mut stream = std::net::TcpStream::connect(format!("127.0.0.1:{port}")).unwrap();
    write!(
        stream,
        "POST /mcp HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json\r\nAccept: application/json, text/event-stream\r\n{header}Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    let mut response = String::new();
    let _ = stream.read_to_string(&mut response);
    response.lines().next().unwrap_or_default().to_string()
}

#[test]
fn mcp_client_that_disconnects_mid_call_leaves_no_lock() {
    let repo = fixture();
    let mut server = Command::new(env!("CARGO_BIN_EXE_cartograph"))
        .arg("-C")
        .arg(repo.path())
        .arg("mcp")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut stdin = server.stdin.take().unwrap();
    let messages = [
        json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
            "protocolVersion": "2025-06-18", "capabilities": {},
            "clientInfo": {"name": "raw", "version": "0"}}}),
        json!({"jsonrpc": "2.0", "method": "notifications/initialized"}),
        json!({"jsonrpc": "2.0", "id": 2, "method": "tools/call", "params": {
            "name": "search", "arguments": {"query": "forecast"}}}),
    ];
    for message in messages {
        writeln!(stdin, "{message}").unwrap();
    }
    // The client goes away with the call in flight.
    drop(stdin);
    let status = server.wait().unwrap();
    assert!(status.success(), "{status}");
    let map = cartograph(repo.path(), &["map", "--json"]);
    expect_code(&map, 0);
}

/// `ask` with a run model (the fake provider): an answer within the call's and the server's
/// budgets; a call whose cap cannot cover the worst case is refused before any request; the
/// context sent is redacted.
#[test]
fn mcp_ask_answers_within_its_budgets() {
    use cartograph_testkit::fake_provider::{FakeProvider, FakeScript};
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap();
    let fake = runtime
        .block_on(FakeProvider::start(FakeScript::default()))
        .unwrap();
    let repo = fixture();
    repo.write(
        "pipeline.toml",
        &format!(
            r#"
[providers.fake]
kind = "openai"
base_url = "{}"
api_key_env = "FAKE_LLM_KEY"
local = false

[phases.run]
models = ["fake/big"]
max_input_tokens = 4000
max_output_tokens = 200

[mcp]
max_cost_usd = 0.5

[retry]
max_attempts = 1

[models."fake/big"]
input = 1.00
output = 4.00
context_window = 200000
"#,
            fake.openai_base_url()
        ),
    )
    .unwrap();
    let server = HttpServer::start(&repo, "127.0.0.1:0", &[("FAKE_LLM_KEY", "sk-fake-key")]);
    let seen = run_client(
        &["http", &server.url],
        &json!([
            ["ask", {"question": "what is KEY_ID in the settings?"}],
            ["ask", {"question": "and the region?", "max_cost_usd": 0.000001}]
        ]),
    );
    let calls = seen["calls"].as_array().unwrap();
    let answered = structured(&calls[0]);
    assert_eq!(answered["source"], "model");
    assert!(!answered["answer"].as_str().unwrap().is_empty());
    let cost = answered["cost_usd"].as_f64().unwrap();
    assert!(cost > 0.0 && cost <= 0.5, "{answered}");
    let remaining = answered["remaining_usd"].as_f64().unwrap();
    assert!((remaining - (0.5 - cost)).abs() < 1e-9, "{answered}");
    assert!(mcp_error(&calls[1]).contains("budget"), "{}", calls[1]);
    let requests = fake.requests();
    assert_eq!(requests.len(), 1, "the refused call sent nothing");
    let sent = requests[0].body.to_string();
    assert!(sent.contains("what is KEY_ID in the settings?"));
    assert!(
        !sent.contains(AWS_KEY),
        "the context passed the secret gate"
    );
}

/// Issue 13: with an embedding model, `search` fuses the similarity ranking as `lens` does;
/// the question is embedded once and kept in the server's memory.
#[test]
fn mcp_search_fuses_with_embeddings() {
    let setup = crate::embeddings::setup_with(2_000_000, true);
    expect_code(&setup.run(&["map", "--json"]), 0);
    let before = setup.fake.count_for_path("/v1/embeddings");
    let binary = env!("CARGO_BIN_EXE_cartograph");
    let question = crate::embeddings::QUESTION;
    let seen = run_client(
        &["stdio", binary, setup.repo.path().to_str().unwrap()],
        &json!([["search", {"query": question}], ["search", {"query": question}]]),
    );
    let calls = seen["calls"].as_array().unwrap();
    let search = structured(&calls[0]);
    assert_eq!(search["files"][0]["path"], "src/ledger.rs", "{search}");
    assert!(
        search["files"][0]["reasons"]
            .to_string()
            .contains("fused by reciprocal rank"),
        "{search}"
    );
    assert_eq!(structured(&calls[1])["files"], search["files"]);
    assert_eq!(
        setup.fake.count_for_path("/v1/embeddings"),
        before + 1,
        "the question is embedded once per server"
    );
    // And the same order as `lens`.
    let lens = setup.run(&["lens", "--json", question]);
    expect_code(&lens, 0);
    assert_eq!(lens.json()["files"][0]["path"], "src/ledger.rs");
}

/// Issue 13: `search` ranks with the repository's history as `lens` does (the files that past
/// commits described like the query changed rise), and a commit made while the server runs
/// is seen by the next call, though it touches only `.git` and the snapshot is not refreshed.
#[test]
fn mcp_search_ranks_with_the_history_and_sees_a_new_commit() {
    let repo = TempRepo::fixture("python-lib").unwrap();
    let util = repo.read("pkg/util.py").unwrap();
    repo.write("pkg/util.py", &format!("{util}\n# rounded\n"))
        .unwrap();
    repo.commit_all("Round the barometer readings of the lighthouse")
        .unwrap();
    // Changed now, committed during the session.
    let core = repo.read("pkg/core.py").unwrap();
    repo.write("pkg/core.py", &format!("{core}\n# moored\n"))
        .unwrap();
    let binary = env!("CARGO_BIN_EXE_cartograph");
    let root = repo.path().to_str().unwrap();
    let later = "moor the zeppelin";
    let seen = run_client(
        &["stdio", binary, root],
        &json!([
            ["search", {"query": "barometer of the lighthouse"}],
            ["search", {"query": later}],
            ["!run", ["git", "-C", root, "-c", "user.name=tests", "-c", "user.email=tests@cartograph.invalid",
                      "commit", "-q", "-a", "-m", "Moor the zeppelin"]],
            ["search", {"query": later}],
        ]),
    );
    let calls = seen["calls"].as_array().unwrap();
    let lifted_by_history = |search: &Value| -> Vec<String> {
        search["files"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|file| file["reasons"].to_string().contains("history:"))
            .map(|file| file["path"].as_str().unwrap().to_string())
            .collect()
    };
    let past = structured(&calls[0]);
    assert_eq!(past["files"][0]["path"], "pkg/util.py", "{past}");
    assert_eq!(lifted_by_history(past), ["pkg/util.py"], "{past}");
    assert!(
        lifted_by_history(structured(&calls[1])).is_empty(),
        "nothing committed yet is described so: {}",
        calls[1]
    );
    assert_eq!(calls[2]["run"], 0, "{}", calls[2]);
    let after = structured(&calls[3]);
    assert_eq!(after["files"][0]["path"], "pkg/core.py", "{after}");
    assert_eq!(lifted_by_history(after), ["pkg/core.py"], "{after}");

    // The same ranking as `cartograph lens`, which reads the history too.
    let lens = cartograph(repo.path(), &["lens", "--json", later]);
    expect_code(&lens, 0);
    let paths = |files: &Value| -> Vec<String> {
        files
            .as_array()
            .unwrap()
            .iter()
            .map(|file| file["path"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(paths(&lens.json()["files"]), paths(&after["files"]));
    assert_eq!(
        lens.json()["files"][0]["reasons"],
        after["files"][0]["reasons"]
    );
}
