//! The standalone `fake-provider` binary: prints its address first, answers chat requests,
//! and takes behaviours through its control endpoints.
#![allow(clippy::unwrap_used)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};

/// One HTTP/1.1 request with `connection: close`; returns the status line and the body.
fn http(address: &str, method: &str, path: &str, body: &str) -> (String, String) {
    let mut stream = TcpStream::connect(address).unwrap();
    let request = format!(
        "{method} {path} HTTP/1.1\r\nhost: {address}\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(request.as_bytes()).unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    let (head, body) = response.split_once("\r\n\r\n").unwrap();
    (head.lines().next().unwrap().to_string(), body.to_string())
}

#[test]
fn the_binary_serves_and_takes_instructions() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_fake-provider"))
        .args([
            "--port",
            "0",
            "--latency-ms",
            "5",
            "--max-runtime-secs",
            "60",
        ])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first_line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first_line)
        .unwrap();
    let base_url = first_line.trim().to_string();
    let address = base_url.strip_prefix("http://").unwrap().to_string();
    assert!(address.starts_with("127.0.0.1:"), "{base_url}");

    let chat = r#"{"model":"m","messages":[{"role":"user","content":"Summarize src/main.rs please"}],"max_tokens":50}"#;
    let (status, body) = http(&address, "POST", "/v1/chat/completions", chat);
    assert_eq!(status, "HTTP/1.1 200 OK");
    let reply: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(
        reply["choices"][0]["message"]["content"],
        "Fake answer about src/main.rs."
    );
    assert!(reply["usage"]["prompt_tokens"].as_u64().unwrap() > 0);

    let (status, _) = http(&address, "POST", "/_fake/push", "status:503");
    assert_eq!(status, "HTTP/1.1 200 OK");
    let (status, body) = http(&address, "POST", "/v1/messages", chat);
    assert_eq!(status, "HTTP/1.1 503 Service Unavailable");
    assert!(
        body.contains("\"type\":\"error\""),
        "anthropic error shape: {body}"
    );

    let (_, stats) = http(&address, "GET", "/_fake/stats", "");
    let stats: serde_json::Value = serde_json::from_str(&stats).unwrap();
    assert_eq!(stats["requests"], 2);
    assert_eq!(stats["by_path"]["/v1/messages"], 1);
    let (status, _) = http(&address, "POST", "/_fake/push", "no-such-behaviour");
    assert_eq!(status, "HTTP/1.1 400 Bad Request");

    child.kill().unwrap();
    child.wait().unwrap();
}
