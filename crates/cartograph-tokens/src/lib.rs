//! Counts o200k_base tokens exactly and fast with `bpe-openai`. The tokenizer loads lazily, once
//! per process, and only when a text needs counting: a warm run that counts nothing pays nothing.

use std::sync::OnceLock;
use std::time::{Duration, Instant};

static LOAD_TIME: OnceLock<Duration> = OnceLock::new();

fn tokenizer() -> &'static bpe_openai::Tokenizer {
    let started = Instant::now();
    let tokenizer = bpe_openai::o200k_base();
    let _ = LOAD_TIME.set(started.elapsed());
    tokenizer
}

/// The exact number of o200k_base tokens in `text` (tiktoken's `encode_ordinary`).
pub fn count(text: &str) -> usize {
    tokenizer().count(text)
}

/// How long loading the tokenizer took, once it has been loaded in this process.
pub fn load_time() -> Option<Duration> {
    LOAD_TIME.get().copied()
}

/// A cheap upper-bound estimate for planning: never below the exact count for ordinary text
/// and never loads the tokenizer. Used where a count must not cost start-up time.
pub fn estimate(text: &str) -> usize {
    text.len().div_ceil(3)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn matches_tiktoken_on_samples() {
        let reference = tiktoken_rs::o200k_base().unwrap();
        let samples = [
            "",
            "hello world",
            "fn main() {\n    println!(\"héllo, 世界\");\n}\n",
            "    indented\n\t\ttabs\r\nwindows line\n",
            "def f(x):\n    return x ** 2  # square\n",
            "🦀🦀🦀 emoji and ZWJ 👩‍👩‍👧",
            &"a".repeat(5000),
        ];
        for sample in samples {
            assert_eq!(
                count(sample),
                reference.encode_ordinary(sample).len(),
                "{sample:?}"
            );
        }
        assert!(load_time().is_some());
    }
}
