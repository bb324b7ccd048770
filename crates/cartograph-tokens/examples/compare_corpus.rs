//! Compares bpe-openai with tiktoken-rs on every UTF-8 file under the given directories and
//! prints the counts, mismatches and time of each.
//!
//! `cargo run --release -p cartograph-tokens --example compare_corpus -- ~/.cargo/registry/src`

use std::path::PathBuf;
use std::time::{Duration, Instant};

fn main() {
    let Ok(reference) = tiktoken_rs::o200k_base() else {
        eprintln!("tiktoken-rs failed to load o200k_base");
        std::process::exit(1);
    };
    // Every regular file, unreadable directories skipped; symlinks are not followed.
    let files: Vec<PathBuf> = std::env::args()
        .skip(1)
        .flat_map(walkdir::WalkDir::new)
        .filter_map(Result::ok)
        .filter(|entry| entry.file_type().is_file())
        .map(walkdir::DirEntry::into_path)
        .collect();
    let (mut compared, mut mismatches, mut bytes, mut tokens) = (0u64, 0u64, 0u64, 0u64);
    let (mut fast_time, mut reference_time) = (Duration::ZERO, Duration::ZERO);
    for path in &files {
        let Ok(text) = std::fs::read_to_string(path) else {
            continue;
        };
        let started = Instant::now();
        let fast = cartograph_tokens::count(&text);
        fast_time += started.elapsed();
        let started = Instant::now();
        let exact = reference.encode_ordinary(&text).len();
        reference_time += started.elapsed();
        compared += 1;
        bytes += text.len() as u64;
        tokens += exact as u64;
        if fast != exact {
            mismatches += 1;
            println!(
                "MISMATCH {} bpe-openai={fast} tiktoken={exact}",
                path.display()
            );
        }
    }
    println!(
        "files {compared}, {:.1} MB, {tokens} tokens, mismatches {mismatches}; bpe-openai {:.2} s, tiktoken-rs {:.2} s",
        bytes as f64 / 1e6,
        fast_time.as_secs_f64(),
        reference_time.as_secs_f64()
    );
    if mismatches > 0 {
        std::process::exit(1);
    }
}
