//! The root of the docs Merkle tree: the key of everything a docs run reads, recorded with what
//! the run left in the docs folder, so that a run with nothing to do stops before any work.

use crate::PipelineError;
use cartograph_core::ContentHash;
use cartograph_store::{get_json, put_json, Store};
use serde::{Deserialize, Serialize};
use std::path::Path;

/// The root of the Merkle tree: the key of the whole docs folder, recorded after a complete run.
pub const ROOT_TREE: &str = "docs-root-v1";

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
struct RootRecord {
    key: String,
    /// Every file of the docs folder as that run left it: (path, size, mtime in ns).
    outputs: Vec<(String, u64, i128)>,
}

/// The key of everything a docs run reads: every file's path, content hash, language and flags,
/// and the settings (configuration, prompts, version) the caller passes in. The commit is not
/// part of it: a commit that changes no file changes no page.
pub fn root_key(entries: &[crate::IndexEntry], settings: &str) -> String {
    let mut hasher = blake3::Hasher::new();
    hasher.update(settings.as_bytes());
    hasher.update(b"\0");
    for entry in entries {
        hasher.update(entry.path.as_str().as_bytes());
        hasher.update(b"\0");
        hasher.update(entry.hash.as_bytes());
        hasher.update(entry.language.name().as_bytes());
        let flags = serde_json::to_string(&entry.flags).unwrap_or_default();
        hasher.update(flags.as_bytes());
        hasher.update(b"\0");
    }
    ContentHash::from(hasher.finalize()).to_hex()
}

fn docs_outputs(dir: &Path) -> Vec<(String, u64, i128)> {
    let mut outputs: Vec<(String, u64, i128)> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter_map(|entry| {
            let metadata = entry.metadata().ok()?;
            if metadata.is_dir() {
                return None;
            }
            let relative = entry.path().strip_prefix(dir).ok()?;
            let stat = cartograph_scan::FileStat::from_metadata(&metadata);
            Some((
                relative.to_string_lossy().replace('\\', "/"),
                stat.size,
                stat.mtime_ns,
            ))
        })
        .collect();
    outputs.sort();
    outputs
}

/// The early cutoff at the root: when nothing a docs run reads changed since the last complete
/// run, and every file that run wrote is still as it left it, there is nothing to do. Returns
/// how many files the folder holds.
pub fn up_to_date(store: &dyn Store, root: &Path, docs_dir: &str, key: &str) -> Option<u64> {
    let record = get_json::<RootRecord>(store, ROOT_TREE, b"root")
        .ok()
        .flatten()?;
    if record.key != key || record.outputs.is_empty() {
        return None;
    }
    let outputs = docs_outputs(&root.join(docs_dir));
    (outputs == record.outputs).then_some(outputs.len() as u64)
}

/// Records a complete run's key and what it left in the docs folder.
pub fn record_root(
    store: &dyn Store,
    root: &Path,
    docs_dir: &str,
    key: &str,
) -> Result<(), PipelineError> {
    let record = RootRecord {
        key: key.to_string(),
        outputs: docs_outputs(&root.join(docs_dir)),
    };
    put_json(store, ROOT_TREE, b"root", &record)?;
    Ok(())
}

/// Forgets the recorded root, so the next run looks at every page again.
pub fn forget_root(store: &dyn Store) -> Result<(), PipelineError> {
    store.remove(ROOT_TREE, b"root")?;
    Ok(())
}
