//! bpe-openai must count exactly what tiktoken-rs counts, on every fixture file.
#![allow(clippy::unwrap_used)]

use std::path::Path;

fn visit(dir: &Path, files: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            visit(&path, files);
        } else {
            files.push(path);
        }
    }
}

#[test]
fn matches_tiktoken_on_every_fixture_file() {
    let reference = tiktoken_rs::o200k_base().unwrap();
    let mut files = Vec::new();
    visit(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures"),
        &mut files,
    );
    assert!(files.len() > 20);
    for path in files {
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        assert_eq!(
            cartograph_tokens::count(&text),
            reference.encode_ordinary(&text).len(),
            "{}",
            path.display()
        );
    }
}
