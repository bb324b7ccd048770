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
        let temporary = staged(parent, bytes).map_err(error)?;
        temporary
            .persist(&path)
            .map_err(|persist| error(persist.error))?;
        Ok(Written::Written)
    }

    /// Writes several files together or not at all: each changed file is first written in
    /// full to a temporary file beside it; only when all are ready are they renamed over the
    /// old ones, in the order given. If a rename fails, the files already renamed get their
    /// old version back (kept as hard links until then), so readers see the old set or the
    /// new one.
    pub fn write_together(&self, files: &[(&str, &[u8])]) -> Result<Vec<Written>, OutputError> {
        let mut outcomes = Vec::with_capacity(files.len());
        let mut ready = Vec::new();
        for (relative, bytes) in files {
            if self.holds(relative, bytes) {
                outcomes.push(Written::Unchanged);
                continue;
            }
            outcomes.push(Written::Written);
            let path = self.dir.join(relative);
            let error = |source| OutputError::Write {
                path: path.display().to_string(),
                source,
            };
            let parent = path.parent().unwrap_or(&self.dir).to_path_buf();
            std::fs::create_dir_all(&parent).map_err(error)?;
            let temporary = staged(&parent, bytes).map_err(error)?;
            // The old version, kept under a temporary name until every file is in place.
            let backup = match std::fs::symlink_metadata(&path) {
                Ok(metadata) if metadata.is_file() => {
                    let backup = tempfile::Builder::new()
                        .prefix(".old-")
                        .make_in(&parent, |at| std::fs::hard_link(&path, at))
                        .map_err(error)?;
                    Some(backup.into_temp_path())
                }
                _ => None,
            };
            ready.push((path, temporary, backup));
        }
        let mut renamed: Vec<(PathBuf, Option<tempfile::TempPath>)> = Vec::new();
        for (path, temporary, backup) in ready {
            if let Err(persist) = temporary.persist(&path) {
                // Put back what was already replaced; a file that had no old version goes.
                for (done, old) in renamed.into_iter().rev() {
                    match old {
                        Some(old) => {
                            let _ = old.persist(&done);
                        }
                        None => {
                            let _ = std::fs::remove_file(&done);
                        }
                    }
                }
                return Err(OutputError::Write {
                    path: path.display().to_string(),
                    source: persist.error,
                });
            }
            renamed.push((path, backup));
        }
        // Dropping the backups removes the old versions.
        drop(renamed);
        Ok(outcomes)
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
        walkdir::WalkDir::new(self.dir.join("modules"))
            .into_iter()
            .filter_map(Result::ok)
            .filter(|entry| {
                entry.file_type().is_file()
                    && entry.path().extension().is_some_and(|ext| ext == "md")
            })
            .filter_map(|entry| {
                let relative = entry.path().strip_prefix(&self.dir).ok()?;
                Some(relative.to_string_lossy().replace('\\', "/"))
            })
            .collect()
    }
}

/// `bytes` written and synced to a new temporary file in `parent`, created with the mode the
/// umask gives new files (0644 by default), as any other file the user writes.
fn staged(parent: &Path, bytes: &[u8]) -> std::io::Result<tempfile::NamedTempFile> {
    let mut builder = tempfile::Builder::new();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        // Masked by the umask at creation, like `File::create`.
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let mut temporary = builder.tempfile_in(parent)?;
    temporary.write_all(bytes)?;
    temporary.as_file().sync_all()?;
    Ok(temporary)
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
    fn written_files_follow_the_umask_not_0600() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let folder = DocsFolder::open(dir.path(), "docs").unwrap();
        folder.write("index.md", b"page").unwrap();
        folder.write_together(&[("llms.txt", b"map")]).unwrap();
        // What the umask makes of a file created with 0666, as `File::create` does.
        let reference = dir.path().join("reference");
        std::fs::File::create(&reference).unwrap();
        let expected = std::fs::metadata(&reference).unwrap().permissions().mode() & 0o777;
        assert_ne!(
            expected & 0o044,
            0,
            "the test's umask leaves files readable"
        );
        for name in ["index.md", "llms.txt"] {
            let mode = std::fs::metadata(folder.dir().join(name))
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, expected, "{name}");
        }
    }

    #[test]
    fn files_written_together_are_all_replaced_or_none() {
        let dir = tempfile::tempdir().unwrap();
        let folder = DocsFolder::open(dir.path(), "docs").unwrap();
        folder
            .write_together(&[
                ("SUMMARY.md", b"s1"),
                ("llms.txt", b"l1"),
                ("index.json", b"i1"),
            ])
            .unwrap();
        // `index.json` cannot be replaced (a directory with something in it stands there).
        std::fs::remove_file(folder.dir().join("index.json")).unwrap();
        std::fs::create_dir_all(folder.dir().join("index.json/inside")).unwrap();
        let failed = folder.write_together(&[
            ("SUMMARY.md", b"s2"),
            ("new.txt", b"n2"),
            ("llms.txt", b"l2"),
            ("index.json", b"i2"),
        ]);
        assert!(failed.is_err());
        assert_eq!(folder.read("SUMMARY.md").unwrap(), b"s1");
        assert_eq!(folder.read("llms.txt").unwrap(), b"l1");
        assert!(folder.read("new.txt").is_none(), "a new file goes too");
        let leftovers: Vec<String> = std::fs::read_dir(folder.dir())
            .unwrap()
            .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|name| name.starts_with('.'))
            .collect();
        assert!(leftovers.is_empty(), "{leftovers:?}");

        std::fs::remove_dir_all(folder.dir().join("index.json")).unwrap();
        let written = folder
            .write_together(&[
                ("SUMMARY.md", b"s1"),
                ("llms.txt", b"l2"),
                ("index.json", b"i2"),
            ])
            .unwrap();
        assert_eq!(
            written,
            vec![Written::Unchanged, Written::Written, Written::Written]
        );
        assert_eq!(folder.read("llms.txt").unwrap(), b"l2");
        assert_eq!(folder.read("index.json").unwrap(), b"i2");
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
