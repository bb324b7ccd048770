//! The docs folder on disk: atomic writes (temporary file + rename), unchanged pages left
//! untouched (bytes and mtime), removal of pages that no longer have a source. Knows nothing of
//! what pages say; their front matter is read and marked stale by `cartograph-render`'s
//! front matter module, re-exported here.

pub use cartograph_render::{mark_stale, read_front_matter, FrontMatter};
use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    #[error("cannot write `{path}`: {source}")]
    Write {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("the docs folder `{path}` resolves outside the repository (to `{resolved}`)")]
    Outside { path: String, resolved: String },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Written {
    Written,
    Unchanged,
}

pub struct DocsFolder {
    dir: PathBuf,
}

impl DocsFolder {
    /// The docs folder `relative` under `root`; refuses one that resolves outside the root
    /// (through a symlinked parent, say).
    pub fn open(root: &Path, relative: &str) -> Result<DocsFolder, OutputError> {
        let dir = root.join(relative);
        let canonical_root = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
        // Resolve the deepest existing ancestor: the folder itself may not exist yet.
        let mut existing = dir.as_path();
        while !existing.exists() {
            match existing.parent() {
                Some(parent) => existing = parent,
                None => break,
            }
        }
        if let Ok(resolved) = std::fs::canonicalize(existing) {
            if !resolved.starts_with(&canonical_root) {
                return Err(OutputError::Outside {
                    path: relative.to_string(),
                    resolved: resolved.display().to_string(),
                });
            }
        }
        Ok(DocsFolder { dir })
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    pub fn read(&self, relative: &str) -> Option<Vec<u8>> {
        std::fs::read(self.dir.join(relative)).ok()
    }

    /// Whether the file at `relative` holds exactly `bytes`, read in pieces: `index.json` of a
    /// large tree is hundreds of megabytes, and holding it twice is not needed to compare.
    pub fn holds(&self, relative: &str, bytes: &[u8]) -> bool {
        use std::io::Read;
        let Ok(mut file) = std::fs::File::open(self.dir.join(relative)) else {
            return false;
        };
        if file
            .metadata()
            .map_or(true, |metadata| metadata.len() != bytes.len() as u64)
        {
            return false;
        }
        let mut buffer = vec![0u8; 1 << 16];
        let mut at = 0;
        loop {
            match file.read(&mut buffer) {
                Ok(0) => return at == bytes.len(),
                Ok(read) => {
                    if bytes.get(at..at + read) != buffer.get(..read) {
                        return false;
                    }
                    at += read;
                }
                Err(error) if error.kind() == std::io::ErrorKind::Interrupted => {}
                Err(_) => return false,
            }
        }
    }

    /// Writes `bytes` at `relative` unless the file already holds exactly them. The write goes
    /// to a temporary file in the same folder, is synced, then renamed over the old one, so a
    /// reader (or a crash) sees the old page or the new one, never a torn one.
    pub fn write(&self, relative: &str, bytes: &[u8]) -> Result<Written, OutputError> {
        let path = self.dir.join(relative);
        if self.holds(relative, bytes) {
            return Ok(Written::Unchanged);
        }
        let error = |source| OutputError::Write {
            path: path.display().to_string(),
            source,
        };
        let parent = path.parent().unwrap_or(&self.dir);
        std::fs::create_dir_all(parent).map_err(error)?;
        let mut temporary = tempfile::NamedTempFile::new_in(parent).map_err(error)?;
        temporary.write_all(bytes).map_err(error)?;
        temporary.as_file().sync_all().map_err(error)?;
        temporary
            .persist(&path)
            .map_err(|persist| error(persist.error))?;
        Ok(Written::Written)
    }

    pub fn remove(&self, relative: &str) -> Result<(), OutputError> {
        let path = self.dir.join(relative);
        match std::fs::remove_file(&path) {
            Ok(()) => {}
            Err(source) if source.kind() == std::io::ErrorKind::NotFound => {}
            Err(source) => {
                return Err(OutputError::Write {
                    path: path.display().to_string(),
                    source,
                })
            }
        }
        // Empty folders left behind by removed module pages go too.
        let mut parent = path.parent();
        while let Some(dir) = parent {
            if dir == self.dir || std::fs::remove_dir(dir).is_err() {
                break;
            }
            parent = dir.parent();
        }
        Ok(())
    }

    /// Every Markdown page under `modules/`, relative to the folder, with `/`.
    pub fn module_pages(&self) -> BTreeSet<String> {
        let mut pages = BTreeSet::new();
        let modules = self.dir.join("modules");
        let mut stack = vec![modules];
        while let Some(dir) = stack.pop() {
            let Ok(entries) = std::fs::read_dir(&dir) else {
                continue;
            };
            for entry in entries.flatten() {
                let path = entry.path();
                match entry.file_type() {
                    Ok(kind) if kind.is_dir() => stack.push(path),
                    Ok(kind)
                        if kind.is_file() && path.extension().is_some_and(|ext| ext == "md") =>
                    {
                        if let Ok(relative) = path.strip_prefix(&self.dir) {
                            pages.insert(relative.to_string_lossy().replace('\\', "/"));
                        }
                    }
                    _ => {}
                }
            }
        }
        pages
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn holds_compares_in_pieces() {
        let dir = tempfile::tempdir().unwrap();
        let folder = DocsFolder::open(dir.path(), "docs/cartograph").unwrap();
        let big: Vec<u8> = (0..200_000u32).map(|n| (n % 251) as u8).collect();
        assert!(!folder.holds("index.json", &big), "missing file");
        folder.write("index.json", &big).unwrap();
        assert!(folder.holds("index.json", &big));
        let mut changed = big.clone();
        changed[150_000] ^= 1;
        assert!(!folder.holds("index.json", &changed), "one byte differs");
        assert!(
            !folder.holds("index.json", &big[..big.len() - 1]),
            "shorter"
        );
        assert!(!folder.holds("index.json", b""), "empty");
    }

    #[test]
    fn unchanged_pages_keep_their_mtime() {
        let dir = tempfile::tempdir().unwrap();
        let folder = DocsFolder::open(dir.path(), "docs/cartograph").unwrap();
        assert_eq!(
            folder.write("modules/src/a.md", b"one").unwrap(),
            Written::Written
        );
        let path = folder.dir().join("modules/src/a.md");
        // An mtime no write of today can give: if the page were written again (even with the
        // same bytes, even on a file system with coarse timestamps), it would change.
        let long_ago =
            std::time::SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_000_000_000);
        std::fs::File::options()
            .write(true)
            .open(&path)
            .unwrap()
            .set_modified(long_ago)
            .unwrap();
        assert_eq!(
            folder.write("modules/src/a.md", b"one").unwrap(),
            Written::Unchanged
        );
        assert_eq!(
            std::fs::metadata(&path).unwrap().modified().unwrap(),
            long_ago
        );
        assert_eq!(
            folder.write("modules/src/a.md", b"two").unwrap(),
            Written::Written
        );
        assert_ne!(
            std::fs::metadata(&path).unwrap().modified().unwrap(),
            long_ago,
            "a changed page is written"
        );
        assert_eq!(std::fs::read(&path).unwrap(), b"two");
        assert_eq!(
            folder.module_pages().into_iter().collect::<Vec<_>>(),
            vec!["modules/src/a.md"]
        );
        folder.remove("modules/src/a.md").unwrap();
        assert!(!folder.dir().join("modules").exists());
    }

    #[cfg(unix)]
    #[test]
    fn refuses_a_folder_that_resolves_outside() {
        let dir = tempfile::tempdir().unwrap();
        let outside = tempfile::tempdir().unwrap();
        std::os::unix::fs::symlink(outside.path(), dir.path().join("docs")).unwrap();
        assert!(matches!(
            DocsFolder::open(dir.path(), "docs/cartograph"),
            Err(OutputError::Outside { .. })
        ));
    }
}
