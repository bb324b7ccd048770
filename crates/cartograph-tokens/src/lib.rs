//! Counts o200k_base tokens exactly and fast with `bpe-openai`'s encoding, in a copy of our own
//! (`build.rs`). The tokenizer loads lazily, only when a text needs counting: a warm run that
//! counts nothing pays nothing; [`release`] lets go of it, and the next count loads it again.
//!
//! The text is cut into pieces by o200k's pre-tokenizer (the patterns bpe-openai uses, run with
//! one regex cache per thread), and each piece is byte-pair encoded. Source code repeats its
//! words: every thread remembers the count of the short pieces (`self`, ` return`, `::`), so most
//! cost one hash lookup. A piece's count depends on nothing but its bytes, so this is exact.

use bpe_openai::byte_pair_encoding::BytePairEncoding;
use bpe_openai::Tokenizer;
use regex_automata::meta::{Cache, Regex};
use regex_automata::{Anchored, Input};
use std::cell::RefCell;
use std::sync::{Arc, OnceLock, PoisonError, RwLock};
use std::time::{Duration, Instant};

static LOAD_TIME: OnceLock<Duration> = OnceLock::new();

/// o200k_base's byte-pair encoding as `bpe-openai` builds it, serialized by `build.rs`.
static O200K_BASE: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/o200k_base.dict"));

/// The tokenizer once loaded, until [`release`]. Our own copy rather than `bpe-openai`'s
/// `o200k_base()`, a `static` that would hold its 43 MB of tables to the end of the process.
static TOKENIZER: RwLock<Option<Arc<Tokenizer>>> = RwLock::new(None);

/// The byte-pair encoding and the pre-tokenizer, loaded together on first use (again after
/// [`release`]); the time the first load took is what [`load_time`] reports.
fn tokenizer() -> Arc<Tokenizer> {
    if let Some(tokenizer) = TOKENIZER
        .read()
        .unwrap_or_else(PoisonError::into_inner)
        .as_ref()
    {
        return Arc::clone(tokenizer);
    }
    let mut slot = TOKENIZER.write().unwrap_or_else(PoisonError::into_inner);
    if let Some(tokenizer) = slot.as_ref() {
        return Arc::clone(tokenizer);
    }
    let started = Instant::now();
    let tokenizer = Arc::new(load());
    let _ = splitter();
    let _ = LOAD_TIME.set(started.elapsed());
    *slot = Some(Arc::clone(&tokenizer));
    tokenizer
}

/// o200k_base as `bpe_openai::o200k_base()` builds it: the same encoding, patterns and no
/// normalization.
#[allow(clippy::expect_used)]
fn load() -> Tokenizer {
    // Neither can fail but by a broken build: the bytes are `build.rs`'s own serialization
    // and the patterns are constants (the tests load both).
    let bpe: BytePairEncoding =
        rmp_serde::from_slice(O200K_BASE).expect("o200k_base's encoding as build.rs wrote it");
    Tokenizer::new_lookahead(bpe, &O200K_PATTERNS, false).expect("o200k_base's patterns")
}

/// Lets go of the tokenizer (43 MB of tables), and of the calling thread's memo and search
/// cache; the next count loads them again. For a command that goes on long after its last
/// count (`docs` once its map phase is over), on every thread that counted.
pub fn release() {
    *TOKENIZER.write().unwrap_or_else(PoisonError::into_inner) = None;
    MEMO.with_borrow_mut(|memo| *memo = rustc_hash::FxHashMap::default());
    CACHE.with_borrow_mut(|cache| *cache = None);
}

/// Pieces longer than this are encoded every time: they are rare and would bloat the memo.
const MEMO_PIECE_BYTES: usize = 24;
/// The memo is emptied when it holds this many pieces (about 2 MB per thread).
const MEMO_PIECES: usize = 1 << 16;

/// o200k_base's pre-tokenizer, as `bpe-openai` writes it: tiktoken's pattern with the negative
/// look-ahead `\s+(?!\S)` rewritten as a second pattern `\s+\s` whose last character is
/// given back.
const O200K_PATTERNS: [(&str, bool); 3] = [
    (
        concat!(
            "[^\\r\\n\\p{L}\\p{N}]?[\\p{Lu}\\p{Lt}\\p{Lm}\\p{Lo}\\p{M}]*[\\p{Ll}\\p{Lm}\\p{Lo}\\p{M}]+(?i:'s|'t|'re|'ve|'m|'ll|'d)?",
            "|[^\\r\\n\\p{L}\\p{N}]?[\\p{Lu}\\p{Lt}\\p{Lm}\\p{Lo}\\p{M}]+[\\p{Ll}\\p{Lm}\\p{Lo}\\p{M}]*(?i:'s|'t|'re|'ve|'m|'ll|'d)?",
            "|\\p{N}{1,3}",
            "| ?[^\\s\\p{L}\\p{N}]+[\\r\\n/]*",
            "|\\s*[\\r\\n]+",
            "|\\s+$",
        ),
        false,
    ),
    ("\\s+\\s", true),
    ("\\s+", false),
];

static SPLITTER: OnceLock<Option<Regex>> = OnceLock::new();

/// The pre-tokenizer, built once. `bpe-openai` keeps its own behind a shared pool that every
/// thread but the first reaches through a lock; each thread here keeps its own search cache.
fn splitter() -> Option<&'static Regex> {
    SPLITTER
        .get_or_init(|| {
            let patterns: Vec<&str> = O200K_PATTERNS.iter().map(|(pattern, _)| *pattern).collect();
            Regex::new_many(&patterns).ok()
        })
        .as_ref()
}

thread_local! {
    static MEMO: RefCell<rustc_hash::FxHashMap<Box<[u8]>, u32>> = RefCell::default();
    static CACHE: RefCell<Option<Cache>> = const { RefCell::new(None) };
}

/// The exact number of o200k_base tokens in `text` (tiktoken's `encode_ordinary`).
pub fn count(text: &str) -> usize {
    let tokenizer = tokenizer();
    let tokenizer = tokenizer.as_ref();
    let Some(splitter) = splitter() else {
        return tokenizer.count(text);
    };
    CACHE.with_borrow_mut(|cache| {
        let cache = cache.get_or_insert_with(|| splitter.create_cache());
        MEMO.with_borrow_mut(|memo| {
            let mut total = 0;
            let mut last = 0;
            while last < text.len() {
                // Anchored at `last` on the rest of the text, as `bpe-openai` splits: `$` is the
                // end of the text.
                let input = Input::new(&text[last..]).anchored(Anchored::Yes);
                let Some(found) = splitter.search_with(cache, &input) else {
                    // The last pattern matches any whitespace and the first any other
                    // character, so this is unreachable; count the rest whole rather than loop.
                    total += tokenizer.count(&text[last..]);
                    break;
                };
                let mut end = last + found.end();
                if O200K_PATTERNS[found.pattern().as_usize()].1 {
                    end -= text[last..end]
                        .chars()
                        .next_back()
                        .map_or(0, char::len_utf8);
                }
                if end <= last {
                    total += tokenizer.count(&text[last..]);
                    break;
                }
                total += count_piece(tokenizer, memo, &text.as_bytes()[last..end]);
                last = end;
            }
            total
        })
    })
}

/// One piece's tokens, remembered when the piece is short.
fn count_piece(
    tokenizer: &Tokenizer,
    memo: &mut rustc_hash::FxHashMap<Box<[u8]>, u32>,
    bytes: &[u8],
) -> usize {
    if bytes.len() > MEMO_PIECE_BYTES {
        return tokenizer.bpe.count(bytes);
    }
    if let Some(&known) = memo.get(bytes) {
        return known as usize;
    }
    let counted = tokenizer.bpe.count(bytes);
    if memo.len() >= MEMO_PIECES {
        memo.clear();
    }
    memo.insert(bytes.into(), counted as u32);
    counted
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

    #[test]
    fn remembered_pieces_count_the_same_every_time() {
        let reference = tiktoken_rs::o200k_base().unwrap();
        let long_word = "x".repeat(MEMO_PIECE_BYTES * 3);
        let text = format!("self.value = other.value; {long_word} self.value\n");
        for _ in 0..3 {
            assert_eq!(count(&text), reference.encode_ordinary(&text).len());
        }
        // Past the memo's size it starts over and still counts right.
        let many: String = (0..MEMO_PIECES + 10).map(|n| format!(" w{n}")).collect();
        assert_eq!(count(&many), reference.encode_ordinary(&many).len());
        assert_eq!(count(&text), reference.encode_ordinary(&text).len());
    }

    /// Our copy of the encoding is `bpe-openai`'s, and once let go it loads again and counts
    /// the same.
    #[test]
    fn the_released_tokenizer_loads_again_and_counts_the_same() {
        let reference = bpe_openai::o200k_base();
        let ours = load();
        let text = "fn main() {\n    println!(\"héllo, 世界\");\n}\n 🦀 self.value\t\r\n";
        assert_eq!(ours.count(text), reference.count(text));
        for piece in [
            &b"self"[..],
            b" return",
            b"::",
            "世界".as_bytes(),
            b"\xf0\x9f",
        ] {
            assert_eq!(ours.bpe.count(piece), reference.bpe.count(piece));
        }
        let before = count(text);
        release();
        assert_eq!(count(text), before);
        assert_eq!(before, reference.count(text));
    }
}
