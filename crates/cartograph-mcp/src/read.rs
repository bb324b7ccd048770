//! The `read` tool's gate: which files an agent may read, and how much. Only files of the
//! index are served (so ignored files and special files never are), never a secret or
//! `local_only` file, never through `..`, an absolute path or a symlink that leaves the root;
//! what is returned passes the secret gate and stays within `[mcp] max_read_tokens`.

use crate::snapshot::Snapshot;
use crate::McpError;
use cartograph_core::{FileMap, RepoPath};
use std::path::Path;

/// A part of a file, as returned.
pub struct ReadText {
    pub path: String,
    pub start_line: u32,
    pub end_line: u32,
    pub total_lines: u32,
    pub text: String,
    pub tokens: u32,
    pub truncated: bool,
    pub redactions: u32,
}

/// The indexed file `requested` names, or why it may not be read.
pub fn readable_file<'s>(snapshot: &'s Snapshot, requested: &str) -> Result<&'s FileMap, McpError> {
    let path = RepoPath::new(requested.trim_start_matches("./"))
        .map_err(|error| McpError::Refused(format!("refused: {error}")))?;
    let file = snapshot.index.file(&path).ok_or_else(|| {
        McpError::NotFound(format!(
            "`{path}` is not a file of the index (it does not exist, is ignored or skipped, or is outside the repository)"
        ))
    })?;
    if file.flags.secret {
        return Err(McpError::Refused(format!(
            "refused: `{path}` is a secret file and is never read"
        )));
    }
    if file.flags.local_only {
        return Err(McpError::Refused(format!(
            "refused: `{path}` is kept for local providers ([scan] local_only)"
        )));
    }
    Ok(file)
}

/// Reads `file` (lines `start..=end`, 1-based, clamped to the file) from `root`, redacted and
/// cut at `max_tokens`.
pub fn read_lines(
    root: &Path,
    file: &FileMap,
    start: Option<u32>,
    end: Option<u32>,
    max_tokens: u32,
    max_file_bytes: u64,
) -> Result<ReadText, McpError> {
    let full = root.join(file.path.as_str());
    // The walk never indexes a symlink out of the root, but the file may have been replaced
    // since: the canonical path must still be inside the canonical root.
    let canonical_root = std::fs::canonicalize(root)
        .map_err(|error| McpError::Io(format!("cannot open the repository root: {error}")))?;
    let canonical = std::fs::canonicalize(&full)
        .map_err(|error| McpError::NotFound(format!("cannot open `{}`: {error}", file.path)))?;
    if !canonical.starts_with(&canonical_root) {
        return Err(McpError::Refused(format!(
            "refused: `{}` leads outside the repository",
            file.path
        )));
    }
    let source = cartograph_scan::read_source(&canonical, max_file_bytes).map_err(|skip| {
        McpError::Refused(format!(
            "`{}` cannot be read: {}",
            file.path,
            skip.reason.as_str()
        ))
    })?;
    let text = source.text;
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let total_lines = lines.len() as u32;
    let start_line = start.unwrap_or(1).max(1);
    let end_line = end.unwrap_or(total_lines).min(total_lines);
    if total_lines > 0 && start_line > end_line {
        return Err(McpError::Refused(format!(
            "refused: lines {start_line}-{end_line} are not in `{}` ({total_lines} lines)",
            file.path
        )));
    }
    let mut out = String::new();
    let mut tokens = 0u32;
    let mut last_line = start_line.saturating_sub(1);
    let mut truncated = false;
    for line in lines
        .iter()
        .skip(start_line.saturating_sub(1) as usize)
        .take((end_line + 1).saturating_sub(start_line) as usize)
    {
        let line_tokens = cartograph_tokens::count(line) as u32;
        if tokens + line_tokens > max_tokens {
            truncated = true;
            break;
        }
        tokens += line_tokens;
        out.push_str(line);
        last_line += 1;
    }
    let (text, redactions) = cartograph_pipeline::gate::redact(&out);
    Ok(ReadText {
        path: file.path.to_string(),
        start_line,
        end_line: last_line,
        total_lines,
        text,
        tokens,
        truncated,
        redactions,
    })
}
