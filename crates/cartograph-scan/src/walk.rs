//! Walks the repository in parallel with `ignore` and returns every candidate file with its
//! `stat`, sorted by path. Reads no file contents. Files git tracks stay candidates even where
//! a `.gitignore` line matches them (cobra's `cobra/main.go` under the line `cobra` meant for
//! its binary): git keeps them, so they are the project's.

use crate::read::FileStat;
use cartograph_core::{RepoPath, SkipReason, SkippedFile};
use ignore::overrides::OverrideBuilder;
use ignore::{WalkBuilder, WalkState};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

#[derive(Debug, Clone)]
pub struct WalkOptions {
    pub root: PathBuf,
    /// `[scan] exclude` globs (gitignore syntax, relative to the root).
    pub exclude: Vec<String>,
    /// Folders inside the root never to index (the cache, the docs output).
    pub skip_dirs: Vec<String>,
}

/// A file the walk found, not yet read.
#[derive(Debug, Clone)]
pub struct Candidate {
    pub path: RepoPath,
    pub absolute: PathBuf,
    pub stat: FileStat,
}

#[derive(Debug, Default)]
pub struct WalkOutput {
    pub candidates: Vec<Candidate>,
    pub skipped: Vec<SkippedFile>,
}

#[derive(Debug, thiserror::Error)]
pub enum WalkError {
    #[error("invalid glob `{glob}` in [scan] exclude: {source}")]
    Exclude {
        glob: String,
        #[source]
        source: ignore::Error,
    },
    #[error("cannot read the repository root `{path}`: {source}")]
    Root {
        path: String,
        #[source]
        source: std::io::Error,
    },
}

pub fn walk(options: &WalkOptions) -> Result<WalkOutput, WalkError> {
    walk_with(options, &|_| {})
}

/// [`walk`], calling `on_dir` with each directory it enters (the root first) before it reads
/// the `stat` of any file in it, and with the folder of each file it keeps only because git
/// tracks it. A file watcher set up there sees every change the walk could miss.
pub fn walk_with(
    options: &WalkOptions,
    on_dir: &(dyn Fn(&Path) + Sync),
) -> Result<WalkOutput, WalkError> {
    let root = &options.root;
    let canonical_root = std::fs::canonicalize(root).map_err(|source| WalkError::Root {
        path: root.display().to_string(),
        source,
    })?;
    let mut overrides = OverrideBuilder::new(root);
    for glob in &options.exclude {
        overrides
            .add(&format!("!{glob}"))
            .map_err(|source| WalkError::Exclude {
                glob: glob.clone(),
                source,
            })?;
    }
    let overrides = overrides.build().map_err(|source| WalkError::Exclude {
        glob: options.exclude.join(", "),
        source,
    })?;

    let skip_dirs: Vec<PathBuf> = [".git".to_string()]
        .iter()
        .chain(options.skip_dirs.iter())
        .map(|dir| root.join(dir))
        .collect();
    let kept = tracked_but_ignored(root, &overrides, &skip_dirs);
    let walker = WalkBuilder::new(root)
        .hidden(false)
        .parents(false)
        .git_global(false)
        .require_git(false)
        .follow_links(false)
        .add_custom_ignore_filename(".cartographignore")
        .overrides(overrides)
        .filter_entry(move |entry| !skip_dirs.iter().any(|dir| entry.path() == dir))
        .threads(
            std::thread::available_parallelism()
                .map(|n| n.get())
                .unwrap_or(2)
                .min(8),
        )
        .build_parallel();

    let output = Mutex::new(WalkOutput::default());
    let linked: Mutex<Vec<(Candidate, PathBuf)>> = Mutex::new(Vec::new());
    walker.run(|| {
        let output = &output;
        let linked = &linked;
        let canonical_root = &canonical_root;
        Box::new(move |entry| {
            if let Ok(entry) = &entry {
                if entry.file_type().is_some_and(|kind| kind.is_dir()) {
                    on_dir(entry.path());
                }
            }
            let found = match entry {
                Ok(entry) => visit(root, canonical_root, &entry),
                Err(error) => Some(Found::Skipped(SkippedFile {
                    path: error_path(&error, root),
                    reason: if is_loop(&error) {
                        SkipReason::SymlinkLoop
                    } else {
                        SkipReason::Unreadable
                    },
                    detail: Some(error.to_string()),
                })),
            };
            match found {
                Some(Found::Candidate(candidate)) => locked(output).candidates.push(candidate),
                Some(Found::Skipped(skipped)) => locked(output).skipped.push(skipped),
                Some(Found::Linked(candidate, target)) => {
                    locked(linked).push((candidate, target));
                }
                None => {}
            }
            WalkState::Continue
        })
    });
    let mut output = output
        .into_inner()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let found: std::collections::HashSet<RepoPath> = output
        .candidates
        .iter()
        .map(|candidate| candidate.path.clone())
        .collect();
    for relative in kept {
        let Ok(path) = RepoPath::new(&relative) else {
            continue;
        };
        if found.contains(&path) {
            continue;
        }
        let absolute = root.join(&relative);
        if let Some(folder) = absolute.parent() {
            on_dir(folder);
        }
        // A regular file only: a tracked symlink or submodule the walk would have judged.
        match std::fs::symlink_metadata(&absolute) {
            Ok(metadata) if metadata.is_file() => output.candidates.push(Candidate {
                path,
                absolute,
                stat: FileStat::from_metadata(&metadata),
            }),
            _ => continue,
        }
    }
    // A symlink to a file the walk keeps at its real path is that file again; one to a file it
    // does not keep (ignored, excluded) is the only way in, and stays.
    let kept_paths: std::collections::HashSet<&RepoPath> = output
        .candidates
        .iter()
        .map(|candidate| &candidate.path)
        .collect();
    let mut linked_kept = Vec::new();
    let mut linked_skipped = Vec::new();
    for (candidate, target) in linked
        .into_inner()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
    {
        let target_path = RepoPath::from_relative(&target).ok();
        match target_path.filter(|target| kept_paths.contains(target)) {
            Some(target) => linked_skipped.push(SkippedFile {
                path: candidate.path.to_string(),
                reason: SkipReason::SymlinkedFile,
                detail: Some(format!("a link to `{target}`, indexed there")),
            }),
            None => linked_kept.push(candidate),
        }
    }
    output.candidates.extend(linked_kept);
    output.skipped.extend(linked_skipped);
    output.candidates.sort_by(|a, b| a.path.cmp(&b.path));
    output.skipped.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(output)
}

/// The files git tracks that an ignore rule matches (`git ls-files --cached --ignored
/// --exclude-standard`), less what `[scan] exclude`, a root `.cartographignore` or the skipped
/// folders leave out: those are the user's choices for this tool. Empty outside a git checkout
/// or when git cannot run.
fn tracked_but_ignored(
    root: &Path,
    overrides: &ignore::overrides::Override,
    skip_dirs: &[PathBuf],
) -> Vec<String> {
    if !root.join(".git").exists() {
        return Vec::new();
    }
    let listed = std::process::Command::new("git")
        .arg("-C")
        .arg(root)
        .args([
            "ls-files",
            "-z",
            "--cached",
            "--ignored",
            "--exclude-standard",
        ])
        .stderr(std::process::Stdio::null())
        .output();
    let Ok(listed) = listed else {
        return Vec::new();
    };
    if !listed.status.success() {
        return Vec::new();
    }
    let own_ignore = {
        let mut builder = ignore::gitignore::GitignoreBuilder::new(root);
        // A missing file adds nothing; a bad line is skipped, as the walk skips it.
        let _ = builder.add(root.join(".cartographignore"));
        builder.build().ok()
    };
    String::from_utf8_lossy(&listed.stdout)
        .split('\0')
        .filter(|relative| !relative.is_empty())
        .filter(|relative| {
            let absolute = root.join(relative);
            !skip_dirs.iter().any(|dir| absolute.starts_with(dir))
                && !overrides.matched(relative, false).is_ignore()
                && !own_ignore
                    .as_ref()
                    .is_some_and(|own| own.matched_path_or_any_parents(relative, false).is_ignore())
        })
        .map(str::to_string)
        .collect()
}

/// The value a mutex guards, even after a thread panicked holding it.
fn locked<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

enum Found {
    Candidate(Candidate),
    Skipped(SkippedFile),
    /// A symlink to a file inside the repository, and the file it points to.
    Linked(Candidate, PathBuf),
}

fn visit(root: &Path, canonical_root: &Path, entry: &ignore::DirEntry) -> Option<Found> {
    let file_type = entry.file_type()?;
    if file_type.is_dir() {
        return None;
    }
    let absolute = entry.path().to_path_buf();
    let relative = absolute.strip_prefix(root).ok()?;
    let shown = relative.to_string_lossy().replace('\\', "/");
    let skipped = |reason, detail: Option<String>| {
        Some(Found::Skipped(SkippedFile {
            path: shown.clone(),
            reason,
            detail,
        }))
    };
    let path = match RepoPath::from_relative(relative) {
        Ok(path) => path,
        Err(_) => return skipped(SkipReason::NonUtf8Path, None),
    };
    let metadata = if file_type.is_symlink() {
        match std::fs::canonicalize(&absolute) {
            Err(error) if error.raw_os_error() == Some(40) => {
                return skipped(SkipReason::SymlinkLoop, Some(error.to_string()))
            }
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
                return skipped(SkipReason::BrokenSymlink, None)
            }
            Err(error) => return skipped(SkipReason::Unreadable, Some(error.to_string())),
            Ok(target) if !target.starts_with(canonical_root) => {
                return skipped(
                    SkipReason::SymlinkOutsideRepository,
                    Some(format!("points to `{}`", target.display())),
                )
            }
            Ok(target) => match std::fs::metadata(&target) {
                Ok(metadata) if metadata.is_dir() => {
                    return skipped(SkipReason::SymlinkedDirectory, None)
                }
                Ok(metadata) if metadata.is_file() => {
                    let relative = target.strip_prefix(canonical_root).ok()?.to_path_buf();
                    return Some(Found::Linked(
                        Candidate {
                            path,
                            absolute,
                            stat: FileStat::from_metadata(&metadata),
                        },
                        relative,
                    ));
                }
                Ok(metadata) => metadata,
                Err(error) => return skipped(SkipReason::Unreadable, Some(error.to_string())),
            },
        }
    } else {
        match entry.metadata() {
            Ok(metadata) => metadata,
            Err(error) => return skipped(SkipReason::Vanished, Some(error.to_string())),
        }
    };
    if !metadata.is_file() {
        // FIFOs, sockets and devices: opening one could block the run forever.
        return skipped(SkipReason::SpecialFile, None);
    }
    Some(Found::Candidate(Candidate {
        path,
        absolute,
        stat: FileStat::from_metadata(&metadata),
    }))
}

fn is_loop(error: &ignore::Error) -> bool {
    match error {
        ignore::Error::Loop { .. } => true,
        ignore::Error::WithPath { err, .. } | ignore::Error::WithDepth { err, .. } => is_loop(err),
        _ => false,
    }
}

fn error_path(error: &ignore::Error, root: &Path) -> String {
    match error {
        ignore::Error::WithPath { path, .. } => path
            .strip_prefix(root)
            .unwrap_or(path)
            .to_string_lossy()
            .replace('\\', "/"),
        ignore::Error::WithDepth { err, .. } => error_path(err, root),
        ignore::Error::Loop { child, .. } => child
            .strip_prefix(root)
            .unwrap_or(child)
            .to_string_lossy()
            .replace('\\', "/"),
        _ => String::new(),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn paths(output: &WalkOutput) -> Vec<&str> {
        output.candidates.iter().map(|c| c.path.as_str()).collect()
    }

    #[test]
    fn honours_ignore_files_and_excludes() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for (path, text) in [
            ("src/main.rs", "fn main() {}"),
            ("target/debug/x", "x"),
            ("ignored.log", "x"),
            ("secret/notes.txt", "x"),
            ("build/out.js", "x"),
            ("docs/cartograph/index.md", "x"),
            (".cartograph/ledger.jsonl", "x"),
            (".github/ci.yml", "x"),
            ("name with spaces.py", "x"),
            ("ünïcode.rs", "x"),
        ] {
            std::fs::create_dir_all(root.join(path).parent().unwrap()).unwrap();
            std::fs::write(root.join(path), text).unwrap();
        }
        std::fs::write(root.join(".gitignore"), "*.log\n").unwrap();
        std::fs::write(root.join(".cartographignore"), "secret/\n").unwrap();
        std::fs::write(root.join(".ignore"), "build/\n").unwrap();
        let output = walk(&WalkOptions {
            root: root.to_path_buf(),
            exclude: vec!["target/**".into()],
            skip_dirs: vec!["docs/cartograph".into(), ".cartograph".into()],
        })
        .unwrap();
        assert_eq!(
            paths(&output),
            vec![
                ".cartographignore",
                ".github/ci.yml",
                ".gitignore",
                ".ignore",
                "name with spaces.py",
                "src/main.rs",
                "ünïcode.rs"
            ]
        );
    }

    /// cobra's `.gitignore` has the line `cobra` for its built binary, and git tracks
    /// `cobra/main.go` all the same: the walk keeps what git keeps, but not what this tool's
    /// own exclusions leave out.
    #[test]
    fn files_git_tracks_stay_though_an_ignore_line_matches_them() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for (path, text) in [
            ("cobra/main.go", "package main"),
            ("cobra/build.log", "x"),
            ("secret/tracked.txt", "x"),
            ("vendor/tracked.go", "package v"),
        ] {
            std::fs::create_dir_all(root.join(path).parent().unwrap()).unwrap();
            std::fs::write(root.join(path), text).unwrap();
        }
        let git = |args: &[&str]| {
            let status = std::process::Command::new("git")
                .arg("-C")
                .arg(root)
                .args(args)
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::null())
                .status()
                .unwrap();
            assert!(status.success(), "git {args:?}");
        };
        git(&["init", "-q"]);
        git(&["add", "-A"]);
        std::fs::write(root.join("untracked.log"), "x").unwrap();
        std::fs::write(root.join(".gitignore"), "cobra\n*.log\nsecret/\nvendor/\n").unwrap();
        std::fs::write(root.join(".cartographignore"), "secret/\n").unwrap();
        let output = walk(&WalkOptions {
            root: root.to_path_buf(),
            exclude: vec!["vendor/**".into()],
            skip_dirs: vec![],
        })
        .unwrap();
        assert_eq!(
            paths(&output),
            vec![
                ".cartographignore",
                ".gitignore",
                "cobra/build.log",
                "cobra/main.go"
            ]
        );
    }

    #[cfg(unix)]
    #[test]
    fn symlinks_never_leave_the_repository() {
        let dir = tempfile::tempdir().unwrap();
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("passwd"), "secret").unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("src")).unwrap();
        std::fs::write(root.join("src/real.rs"), "fn a() {}").unwrap();
        std::os::unix::fs::symlink(outside.path().join("passwd"), root.join("escape")).unwrap();
        std::os::unix::fs::symlink("loop_b", root.join("loop_a")).unwrap();
        std::os::unix::fs::symlink("loop_a", root.join("loop_b")).unwrap();
        std::os::unix::fs::symlink("missing", root.join("broken")).unwrap();
        std::os::unix::fs::symlink("src", root.join("srclink")).unwrap();
        // python-dotenv's `docs/index.md` links to `README.md`: the file is indexed once, at
        // its real path; a link to a file the walk leaves out is the only way in, and stays.
        std::os::unix::fs::symlink("src/real.rs", root.join("alias.rs")).unwrap();
        std::fs::create_dir_all(root.join("generated")).unwrap();
        std::fs::write(root.join("generated/notes.md"), "# Notes").unwrap();
        std::os::unix::fs::symlink("generated/notes.md", root.join("notes.md")).unwrap();
        let output = walk(&WalkOptions {
            root: root.to_path_buf(),
            exclude: vec![],
            skip_dirs: vec!["generated".into()],
        })
        .unwrap();
        assert_eq!(paths(&output), vec!["notes.md", "src/real.rs"]);
        let reasons: Vec<(&str, SkipReason)> = output
            .skipped
            .iter()
            .map(|s| (s.path.as_str(), s.reason))
            .collect();
        assert_eq!(
            reasons,
            vec![
                ("alias.rs", SkipReason::SymlinkedFile),
                ("broken", SkipReason::BrokenSymlink),
                ("escape", SkipReason::SymlinkOutsideRepository),
                ("loop_a", SkipReason::SymlinkLoop),
                ("loop_b", SkipReason::SymlinkLoop),
                ("srclink", SkipReason::SymlinkedDirectory),
            ]
        );
    }
}
