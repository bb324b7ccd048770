//! The docs folder on disk: atomic writes (temporary file + rename), unchanged pages left
//! untouched (bytes and mtime), removal of pages that no longer have a source. Knows nothing of
//! what pages say; their front matter is read and marked stale by `cartograph-render`'s
//! front matter module, re-exported here.

pub use cartograph_render::{mark_stale, read_front_matter, FrontMatter};
use std::collections::BTreeSet;
use std::io::{BufRead, Read, Seek, Write};
use std::ops::ControlFlow;
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
    /// Where new versions are written before they are renamed into place: the state
    /// directory's `staging/` when it is on the docs folder's file system, so that a crash
    /// between writing and renaming leaves nothing in the docs folder (which users commit);
    /// else `None`, and they are written beside their target.
    staging: Option<PathBuf>,
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
        let staging = root.join(STATE_DIR).join("staging");
        let staging = same_file_system(root, existing).then_some(staging);
        Ok(DocsFolder { dir, staging })
    }

    /// The folder a new version of a file in `parent` is written to before its rename.
    fn staging_for(&self, parent: &Path) -> std::io::Result<PathBuf> {
        match &self.staging {
            Some(staging) => {
                std::fs::create_dir_all(staging)?;
                Ok(staging.clone())
            }
            None => Ok(parent.to_path_buf()),
        }
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
        same_contents(&self.dir.join(relative), bytes, bytes.len() as u64)
    }

    /// Whether the file at `relative` holds exactly what `staged` holds, both read in pieces.
    pub fn holds_staged(&self, relative: &str, staged: &Staged) -> bool {
        match (staged.file.reopen(), staged.file.as_file().metadata()) {
            (Ok(file), Ok(metadata)) => {
                same_contents(&self.dir.join(relative), file, metadata.len())
            }
            _ => false,
        }
    }

    fn holds_contents(&self, relative: &str, contents: &Contents<'_>) -> bool {
        match contents {
            Contents::Bytes(bytes) => self.holds(relative, bytes),
            Contents::Staged(staged) => self.holds_staged(relative, staged),
        }
    }

    /// A file of the folder written by `fill` to a new temporary file beside `relative`, through
    /// a buffer, and synced: for a file too large to hold whole (`index.json` of a large tree).
    /// Nothing is in place until it is given to [`DocsFolder::write_together_staged`]; dropped,
    /// the temporary file goes.
    pub fn stage(
        &self,
        relative: &str,
        fill: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
    ) -> Result<Staged, OutputError> {
        let path = self.dir.join(relative);
        let parent = path.parent().unwrap_or(&self.dir).to_path_buf();
        let error = |source| OutputError::Write {
            path: path.display().to_string(),
            source,
        };
        std::fs::create_dir_all(&parent).map_err(error)?;
        let staging = self.staging_for(&parent).map_err(error)?;
        stage_in(&staging, path, fill)
    }

    /// [`DocsFolder::stage`] in the system's temporary folder, for `--check`, which writes
    /// nothing to the docs folder: such a file is only compared, never written in place.
    pub fn stage_to_compare(
        &self,
        relative: &str,
        fill: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
    ) -> Result<Staged, OutputError> {
        stage_in(&std::env::temp_dir(), self.dir.join(relative), fill)
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
        let staging = self.staging_for(parent).map_err(error)?;
        let temporary = staged(&staging, bytes).map_err(error)?;
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
        self.write_together_staged(
            files
                .iter()
                .map(|(relative, bytes)| (*relative, Contents::Bytes(bytes)))
                .collect(),
        )
    }

    /// [`DocsFolder::write_together`] for contents held in memory or already written to a
    /// temporary file by [`DocsFolder::stage`] (which is then renamed into place).
    pub fn write_together_staged(
        &self,
        files: Vec<(&str, Contents<'_>)>,
    ) -> Result<Vec<Written>, OutputError> {
        let mut outcomes = Vec::with_capacity(files.len());
        let mut ready = Vec::new();
        for (relative, contents) in files {
            if self.holds_contents(relative, &contents) {
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
            let staging = self.staging_for(&parent).map_err(error)?;
            let temporary = match contents {
                Contents::Bytes(bytes) => staged(&staging, bytes).map_err(error)?,
                // Staged by `stage`, in the same place: the rename stays on one file system.
                Contents::Staged(staged) => staged.file,
            };
            // The old version, kept under a temporary name until every file is in place.
            let backup = match std::fs::symlink_metadata(&path) {
                Ok(metadata) if metadata.is_file() => {
                    let backup = tempfile::Builder::new()
                        .prefix(".old-")
                        .make_in(&staging, |at| std::fs::hard_link(&path, at))
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

/// The state directory under the repository root (`.cartograph/`).
const STATE_DIR: &str = ".cartograph";

/// True when `a` and `b` (existing paths) are on one file system, so that a rename from one to
/// the other is atomic.
fn same_file_system(a: &Path, b: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        match (std::fs::metadata(a), std::fs::metadata(b)) {
            (Ok(a), Ok(b)) => a.dev() == b.dev(),
            _ => false,
        }
    }
    #[cfg(not(unix))]
    {
        let _ = (a, b);
        false
    }
}

/// `bytes` written and synced to a new temporary file in `parent`, created with the mode the
/// umask gives new files (0644 by default), as any other file the user writes.
fn staged(parent: &Path, bytes: &[u8]) -> std::io::Result<tempfile::NamedTempFile> {
    let mut temporary = temporary_in(parent)?;
    temporary.write_all(bytes)?;
    temporary.as_file().sync_all()?;
    Ok(temporary)
}

/// A new empty temporary file in `parent`, created with the mode the umask gives new files.
fn temporary_in(parent: &Path) -> std::io::Result<tempfile::NamedTempFile> {
    let mut builder = tempfile::Builder::new();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        // Masked by the umask at creation, like `File::create`.
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    builder.tempfile_in(parent)
}

/// What `fill` writes, in a new temporary file in `parent`, for `target`.
fn stage_in(
    parent: &Path,
    target: PathBuf,
    fill: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<Staged, OutputError> {
    let error = |source| OutputError::Write {
        path: target.display().to_string(),
        source,
    };
    let mut file = temporary_in(parent).map_err(error)?;
    let mut out = std::io::BufWriter::with_capacity(1 << 16, file.as_file_mut());
    fill(&mut out).map_err(error)?;
    out.flush().map_err(error)?;
    drop(out);
    file.as_file().sync_all().map_err(error)?;
    Ok(Staged { file, target })
}

/// Whether the file at `path` holds exactly the `len` bytes `other` reads, compared in pieces.
fn same_contents(path: &Path, mut other: impl Read, len: u64) -> bool {
    let Ok(mut file) = std::fs::File::open(path) else {
        return false;
    };
    if file
        .metadata()
        .map_or(true, |metadata| metadata.len() != len)
    {
        return false;
    }
    let mut ours = vec![0u8; 1 << 16];
    let mut theirs = vec![0u8; 1 << 16];
    loop {
        let read = match file.read(&mut ours) {
            Ok(read) => read,
            Err(error) if error.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(_) => return false,
        };
        if read == 0 {
            // At the end of the file: the other must end too.
            return matches!(other.read(&mut theirs[..1]), Ok(0));
        }
        if other.read_exact(&mut theirs[..read]).is_err() || ours[..read] != theirs[..read] {
            return false;
        }
    }
}

/// What [`DocsFolder::write_together_staged`] writes at one path.
pub enum Contents<'a> {
    Bytes(&'a [u8]),
    Staged(Staged),
}

/// How much of a staged file [`Staged::read_pieces`] reads at a time, before it reads on to the
/// next line break.
const PIECE_BYTES: usize = 1 << 20;

/// A file's contents in a temporary file of the docs folder, beside where they go; see
/// [`DocsFolder::stage`].
pub struct Staged {
    file: tempfile::NamedTempFile,
    /// Where it goes.
    target: PathBuf,
}

impl Staged {
    /// The error of failing to read or rewrite it.
    pub fn error(&self, source: std::io::Error) -> OutputError {
        OutputError::Write {
            path: self.target.display().to_string(),
            source,
        }
    }

    /// The contents as text, read whole; `None` when they are not UTF-8.
    pub fn read_text(&self) -> std::io::Result<Option<String>> {
        let mut bytes = Vec::new();
        self.file.reopen()?.read_to_end(&mut bytes)?;
        Ok(String::from_utf8(bytes).ok())
    }

    /// Hands the contents to `each` in pieces of about a mebibyte, each cut after a line break
    /// (a line longer than that is one piece), until `each` breaks; whether it read them all.
    pub fn read_pieces(
        &self,
        mut each: impl FnMut(&[u8]) -> ControlFlow<()>,
    ) -> std::io::Result<bool> {
        let mut reader = std::io::BufReader::with_capacity(1 << 16, self.file.reopen()?);
        let mut piece = Vec::with_capacity(PIECE_BYTES + (1 << 16));
        loop {
            piece.clear();
            (&mut reader)
                .take(PIECE_BYTES as u64)
                .read_to_end(&mut piece)?;
            if piece.is_empty() {
                return Ok(true);
            }
            if piece.last() != Some(&b'\n') {
                reader.read_until(b'\n', &mut piece)?;
            }
            if each(&piece).is_break() {
                return Ok(false);
            }
        }
    }

    /// Replaces the contents with what `rewrite` makes of each piece [`Staged::read_pieces`]
    /// reads, written to a new temporary file beside this one, synced, that takes its place.
    pub fn rewrite_pieces(
        &mut self,
        mut rewrite: impl FnMut(&[u8]) -> std::borrow::Cow<'_, [u8]>,
    ) -> std::io::Result<()> {
        let folder = self.file.path().parent().unwrap_or(Path::new("."));
        let mut rewritten = temporary_in(folder)?;
        let mut out = std::io::BufWriter::with_capacity(1 << 16, rewritten.as_file_mut());
        let mut written = Ok(());
        self.read_pieces(|piece| match out.write_all(&rewrite(piece)) {
            Ok(()) => ControlFlow::Continue(()),
            Err(error) => {
                written = Err(error);
                ControlFlow::Break(())
            }
        })?;
        written?;
        out.flush()?;
        drop(out);
        rewritten.as_file().sync_all()?;
        // The old temporary file goes when it is dropped here.
        self.file = rewritten;
        Ok(())
    }

    /// Replaces the contents with `bytes`, synced.
    pub fn replace(&mut self, bytes: &[u8]) -> std::io::Result<()> {
        let file = self.file.as_file_mut();
        file.set_len(0)?;
        file.seek(std::io::SeekFrom::Start(0))?;
        file.write_all(bytes)?;
        file.sync_all()
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    /// A `kill -9` between staging a file and renaming it into place leaves nothing in the
    /// docs folder, which users commit: new versions wait in the state directory.
    #[test]
    fn staged_files_wait_outside_the_docs_folder() {
        let dir = tempfile::tempdir().unwrap();
        let folder = DocsFolder::open(dir.path(), "docs/cartograph").unwrap();
        folder.write("index.md", b"old").unwrap();
        let staged = folder
            .stage("index.json", |out| out.write_all(b"{}"))
            .unwrap();
        let in_docs: Vec<String> = walkdir::WalkDir::new(folder.dir())
            .into_iter()
            .filter_map(Result::ok)
            .filter(|entry| entry.file_type().is_file())
            .map(|entry| entry.file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(in_docs, ["index.md"]);
        let staging = dir.path().join(".cartograph/staging");
        assert_eq!(std::fs::read_dir(&staging).unwrap().count(), 1);
        folder
            .write_together_staged(vec![
                ("index.json", Contents::Staged(staged)),
                ("index.md", Contents::Bytes(b"new")),
            ])
            .unwrap();
        assert_eq!(folder.read("index.json").unwrap(), b"{}");
        assert_eq!(folder.read("index.md").unwrap(), b"new");
        // Nothing is left behind: neither the new versions nor the old ones kept until the end.
        assert_eq!(std::fs::read_dir(&staging).unwrap().count(), 0);
    }

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

    /// Issue 12: `index.json` is staged (written to a temporary file as it is rendered), then
    /// compared and renamed into place with the other data files, never held whole.
    #[test]
    fn staged_files_compare_and_land_like_bytes() {
        let dir = tempfile::tempdir().unwrap();
        let folder = DocsFolder::open(dir.path(), "docs").unwrap();
        let big: Vec<u8> = (0..300_000u32).map(|n| (n % 251) as u8).collect();
        let stage = |bytes: &[u8]| {
            folder
                .stage("index.json", |out| {
                    // In pieces, as a serializer writes.
                    bytes.chunks(7).try_for_each(|piece| out.write_all(piece))
                })
                .unwrap()
        };
        let staged = stage(&big);
        assert!(!folder.holds_staged("index.json", &staged), "missing file");
        assert!(
            folder.read("index.json").is_none(),
            "nothing is in place before it is written"
        );
        let written = folder
            .write_together_staged(vec![
                ("llms.txt", Contents::Bytes(b"map")),
                ("index.json", Contents::Staged(staged)),
            ])
            .unwrap();
        assert_eq!(written, vec![Written::Written, Written::Written]);
        assert_eq!(folder.read("index.json").unwrap(), big);

        let same = stage(&big);
        assert!(folder.holds_staged("index.json", &same));
        let mut changed = big.clone();
        changed[299_999] ^= 1;
        assert!(
            !folder.holds_staged("index.json", &stage(&changed)),
            "last byte"
        );
        assert!(
            !folder.holds_staged("index.json", &stage(&big[..big.len() - 1])),
            "shorter"
        );
        let mut longer = big.clone();
        longer.push(0);
        assert!(
            !folder.holds_staged("index.json", &stage(&longer)),
            "longer"
        );
        let written = folder
            .write_together_staged(vec![
                ("llms.txt", Contents::Bytes(b"map")),
                ("index.json", Contents::Staged(same)),
            ])
            .unwrap();
        assert_eq!(written, vec![Written::Unchanged, Written::Unchanged]);

        let mut replaced = stage(b"{}\n");
        assert_eq!(replaced.read_text().unwrap().as_deref(), Some("{}\n"));
        replaced.replace(b"[]\n").unwrap();
        assert_eq!(replaced.read_text().unwrap().as_deref(), Some("[]\n"));
        assert_eq!(stage(&[0xff, 0xfe]).read_text().unwrap(), None, "not UTF-8");
        drop(replaced);
        let leftovers: Vec<String> = std::fs::read_dir(folder.dir())
            .unwrap()
            .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|name| name.starts_with('.'))
            .collect();
        assert!(
            leftovers.is_empty(),
            "staged files that were not written go: {leftovers:?}"
        );
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
