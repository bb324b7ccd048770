//! Runs the secret gate over files and prints what it would redact, then the throughput.
//! Tuning aid: point it at a large tree of ordinary code and every line it prints is a false
//! positive or a real find. `cargo run --release -p cartograph-secrets --example scan -- FILE...`

use std::time::{Duration, Instant};

fn main() {
    let scanner = cartograph_secrets::shared();
    let mut n_bytes = 0;
    let mut n_redactions = 0;
    let mut scanning = Duration::ZERO;
    for path in std::env::args().skip(1) {
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue; // binary or unreadable: the gate only ever sees text
        };
        let started = Instant::now();
        let redactions = scanner.find(&text);
        scanning += started.elapsed();
        n_bytes += text.len();
        n_redactions += redactions.len();
        for redaction in redactions {
            let line_start = text[..redaction.start]
                .rfind('\n')
                .map_or(0, |newline| newline + 1);
            let line_end = text[redaction.end..]
                .find('\n')
                .map_or(text.len(), |newline| redaction.end + newline);
            let line: String = text[line_start..line_end].chars().take(160).collect();
            let value = &text[redaction.start..redaction.end];
            println!("{path}: {}: {value:?} in: {line}", redaction.rule);
        }
    }
    let megabytes = n_bytes as f64 / 1e6;
    eprintln!(
        "{n_redactions} redactions in {megabytes:.1} MB, {:.0} MB/s",
        megabytes / scanning.as_secs_f64().max(1e-9)
    );
}
