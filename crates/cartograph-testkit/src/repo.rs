//! Temporary repositories for tests: files written from inline text, real `git` to commit them.

use std::path::{Path, PathBuf};
use std::process::Command;

/// A repository in a temporary directory, removed when dropped.
pub struct TempRepo {
    dir: tempfile::TempDir,
}

impl TempRepo {
    /// An empty directory (not yet a git repository).
    pub fn new() -> std::io::Result<TempRepo> {
        Ok(TempRepo {
            dir: tempfile::tempdir()?,
        })
    }

    /// A git repository with `files` (path, contents) committed.
    pub fn git(files: &[(&str, &str)]) -> std::io::Result<TempRepo> {
        let repo = TempRepo::new()?;
        repo.run_git(&["init", "-q", "-b", "main"])?;
        for (path, contents) in files {
            repo.write(path, contents)?;
        }
        repo.commit_all("initial")?;
        Ok(repo)
    }

    /// A copy of a fixture directory (`fixtures/<name>` at the workspace root) as a git repository.
    pub fn fixture(name: &str) -> std::io::Result<TempRepo> {
        let source = fixtures_dir().join(name);
        let repo = TempRepo::new()?;
        copy_tree(&source, repo.path())?;
        repo.run_git(&["init", "-q", "-b", "main"])?;
        repo.commit_all("fixture")?;
        Ok(repo)
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn write(&self, path: &str, contents: &str) -> std::io::Result<()> {
        self.write_bytes(path, contents.as_bytes())
    }

    pub fn write_bytes(&self, path: &str, contents: &[u8]) -> std::io::Result<()> {
        let full = self.path().join(path);
        if let Some(parent) = full.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(full, contents)
    }

    pub fn read(&self, path: &str) -> std::io::Result<String> {
        std::fs::read_to_string(self.path().join(path))
    }

    pub fn remove(&self, path: &str) -> std::io::Result<()> {
        std::fs::remove_file(self.path().join(path))
    }

    pub fn rename(&self, from: &str, to: &str) -> std::io::Result<()> {
        let target = self.path().join(to);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::rename(self.path().join(from), target)
    }

    pub fn commit_all(&self, message: &str) -> std::io::Result<()> {
        self.run_git(&["add", "-A"])?;
        self.run_git(&["commit", "-q", "--allow-empty", "-m", message])?;
        Ok(())
    }

    /// Runs git in the repository with a fixed identity; fails when git fails.
    pub fn run_git(&self, args: &[&str]) -> std::io::Result<String> {
        let output = Command::new("git")
            .args(args)
            .current_dir(self.path())
            .env("GIT_AUTHOR_NAME", "cartograph tests")
            .env("GIT_AUTHOR_EMAIL", "tests@cartograph.invalid")
            .env("GIT_COMMITTER_NAME", "cartograph tests")
            .env("GIT_COMMITTER_EMAIL", "tests@cartograph.invalid")
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("HOME", self.path())
            .output()?;
        if !output.status.success() {
            return Err(std::io::Error::other(format!(
                "git {} failed: {}",
                args.join(" "),
                String::from_utf8_lossy(&output.stderr)
            )));
        }
        Ok(String::from_utf8_lossy(&output.stdout).into_owned())
    }
}

/// The workspace's `fixtures/` folder.
pub fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures")
}

fn copy_tree(from: &Path, to: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_tree(&entry.path(), &target)?;
        } else {
            std::fs::copy(entry.path(), target)?;
        }
    }
    Ok(())
}
