//! Reads one file for hashing and parsing, and says why when it cannot be used: binary,
//! too large, not UTF-8, minified, vanished or changed while being read.

use crate::Skip;
use cartograph_core::{ContentHash, SkipReason};
use std::io::Read;
use std::path::Path;

/// The parts of `stat` that tell whether a file changed, like git's index.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct FileStat {
    pub size: u64,
    pub mtime_ns: i128,
    pub ctime_ns: i128,
    pub inode: u64,
}

impl FileStat {
    pub fn from_metadata(metadata: &std::fs::Metadata) -> FileStat {
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            FileStat {
                size: metadata.len(),
                mtime_ns: metadata.mtime() as i128 * 1_000_000_000 + metadata.mtime_nsec() as i128,
                ctime_ns: metadata.ctime() as i128 * 1_000_000_000 + metadata.ctime_nsec() as i128,
                inode: metadata.ino(),
            }
        }
        #[cfg(not(unix))]
        {
            let mtime_ns = metadata
                .modified()
                .ok()
                .and_then(|time| time.duration_since(std::time::UNIX_EPOCH).ok())
                .map(|elapsed| elapsed.as_nanos() as i128)
                .unwrap_or(0);
            FileStat {
                size: metadata.len(),
                mtime_ns,
                ctime_ns: mtime_ns,
                inode: 0,
            }
        }
    }
}

/// A file's text, ready to parse.
#[derive(Debug)]
pub struct SourceText {
    pub text: String,
    pub hash: ContentHash,
    pub stat: FileStat,
}

/// Bytes looked at for a NUL when deciding that a file is binary (git uses the same 8000).
const BINARY_SNIFF_BYTES: usize = 8000;
/// The version of the rules that leave a file out for its content alone (binary, invalid
/// UTF-8, minified): callers that remember those decisions name their records after it. Bump
/// it when any of them changes.
pub const CONTENT_SKIP_RULES: u32 = 1;
/// A line longer than this in a file whose lines average more than `MINIFIED_AVERAGE` is minified.
const MINIFIED_LINE: usize = 2000;
const MINIFIED_AVERAGE: usize = 300;

/// Reads `path` (which `stat_before` described when the walk saw it). Never panics; every
/// failure is a [`Skip`].
pub fn read_source(path: &Path, max_file_bytes: u64) -> Result<SourceText, Skip> {
    let mut file = std::fs::File::open(path).map_err(io_skip)?;
    let metadata = file.metadata().map_err(io_skip)?;
    if !metadata.is_file() {
        return Err(Skip::new(SkipReason::SpecialFile));
    }
    if metadata.len() > max_file_bytes {
        return Err(Skip::with_detail(
            SkipReason::TooLarge,
            format!(
                "{} bytes, over max_file_bytes = {max_file_bytes}",
                metadata.len()
            ),
        ));
    }
    let stat = FileStat::from_metadata(&metadata);
    // Read at most one byte more than allowed, so a file that grows while we read is caught.
    let mut bytes = Vec::with_capacity(metadata.len() as usize);
    file.by_ref()
        .take(max_file_bytes + 1)
        .read_to_end(&mut bytes)
        .map_err(io_skip)?;
    if bytes.len() as u64 > max_file_bytes {
        return Err(Skip::with_detail(
            SkipReason::TooLarge,
            "grew past max_file_bytes while read",
        ));
    }
    let after = std::fs::metadata(path).map_err(io_skip)?;
    let stat_after = FileStat::from_metadata(&after);
    if stat_after.size != stat.size
        || stat_after.mtime_ns != stat.mtime_ns
        || bytes.len() as u64 != stat.size
    {
        return Err(Skip::new(SkipReason::ChangedDuringScan));
    }
    let sniff = &bytes[..bytes.len().min(BINARY_SNIFF_BYTES)];
    if sniff.contains(&0) {
        return Err(Skip::new(SkipReason::Binary));
    }
    let hash = ContentHash::of(&bytes);
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(error) => {
            return Err(Skip::with_detail(
                SkipReason::InvalidUtf8,
                format!("invalid UTF-8 at byte {}", error.utf8_error().valid_up_to()),
            ))
        }
    };
    if is_minified(&text) {
        return Err(Skip::new(SkipReason::Minified));
    }
    Ok(SourceText { text, hash, stat })
}

fn is_minified(text: &str) -> bool {
    if text.len() < MINIFIED_LINE {
        return false;
    }
    let lines = text.lines().count().max(1);
    let longest = text.lines().map(str::len).max().unwrap_or(0);
    longest > MINIFIED_LINE && text.len() / lines > MINIFIED_AVERAGE
}

fn io_skip(error: std::io::Error) -> Skip {
    let reason = match error.kind() {
        std::io::ErrorKind::NotFound => SkipReason::Vanished,
        _ => SkipReason::Unreadable,
    };
    Skip::with_detail(reason, error.to_string())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn read(bytes: &[u8], max: u64) -> Result<SourceText, Skip> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f");
        std::fs::write(&path, bytes).unwrap();
        read_source(&path, max)
    }

    #[test]
    fn classifies_bad_input() {
        assert_eq!(read(b"a\0b", 100).unwrap_err().reason, SkipReason::Binary);
        assert_eq!(
            read(b"\xff\xfe\xfd", 100).unwrap_err().reason,
            SkipReason::InvalidUtf8
        );
        assert_eq!(
            read(b"0123456789", 5).unwrap_err().reason,
            SkipReason::TooLarge
        );
        let minified = format!("var a={};", "x".repeat(10_000));
        assert_eq!(
            read(minified.as_bytes(), 1 << 20).unwrap_err().reason,
            SkipReason::Minified
        );
        let missing = read_source(Path::new("/nonexistent/cartograph/file"), 10).unwrap_err();
        assert_eq!(missing.reason, SkipReason::Vanished);
    }

    #[test]
    fn reads_text() {
        let source = read(b"fn main() {}\n", 100).unwrap();
        assert_eq!(source.text, "fn main() {}\n");
        assert_eq!(source.hash, ContentHash::of(b"fn main() {}\n"));
        assert_eq!(source.stat.size, 13);
    }
}
