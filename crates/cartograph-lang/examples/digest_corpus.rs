//! Prints one line per code file under the given directories: its path and a hash of everything
//! the extractor found in it (symbols, imports, docs, errors, semantic hash). Two builds of the
//! extractor that print the same lines extract the same facts.
//!
//! `cargo run --release -p cartograph-lang --example digest_corpus -- DIR... > digest.txt`

use cartograph_core::Language;
use std::path::{Path, PathBuf};

fn main() {
    let mut files: Vec<PathBuf> = Vec::new();
    for dir in std::env::args().skip(1) {
        files.extend(
            walkdir::WalkDir::new(Path::new(&dir))
                .into_iter()
                .filter_map(Result::ok)
                .filter(|entry| entry.file_type().is_file())
                .map(walkdir::DirEntry::into_path),
        );
    }
    files.sort();
    for path in files {
        let name = path
            .file_name()
            .and_then(|name| name.to_str())
            .unwrap_or("");
        let language = Language::from_file_name(name);
        if !language.is_code() {
            continue;
        }
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        if text.len() > 1_048_576 {
            continue;
        }
        let parsed = cartograph_lang::parse(language, &text);
        let json = serde_json::to_vec(&parsed).unwrap_or_default();
        println!(
            "{} {} {}",
            path.display(),
            parsed.symbols.len(),
            blake3::hash(&json).to_hex()
        );
    }
}
