//! The run lock: an OS file lock on `.cartograph/lock`, so a process that dies never leaves it
//! held. The file records who holds it (pid, host, start time) for the message a second process
//! prints. Every command that opens the cache takes it first (sled admits one process at a
//! time), and the git hooks probe it to decide whether to start a run; so it lives here, apart
//! from the store, and pulls in no database.

use serde::{Deserialize, Serialize};
use std::fs::{File, OpenOptions, TryLockError};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

/// Who holds the lock, as written into the lock file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LockHolder {
    pub pid: u32,
    pub host: String,
    /// RFC 3339, UTC.
    pub started: String,
    #[serde(default)]
    pub command: String,
}

impl std::fmt::Display for LockHolder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "pid {} on {}", self.pid, self.host)?;
        if !self.command.is_empty() {
            write!(f, " (`cartograph {}`)", self.command)?;
        }
        write!(f, ", started {}", self.started)
    }
}

#[derive(Debug, thiserror::Error)]
pub enum LockError {
    #[error(
        "another cartograph run holds this repository's lock: {holder}; pass --wait to wait for it"
    )]
    Held { holder: String },
    #[error("failed to take the run lock at `{path}`: {source}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
}

/// Held for as long as the value lives; dropping it (or the process dying) releases the lock.
#[derive(Debug)]
pub struct RunLock {
    file: File,
    path: PathBuf,
}

impl RunLock {
    /// Takes the lock at `path`. With `wait`, blocks until the holder is gone; without, fails
    /// at once naming the holder.
    pub fn acquire(path: &Path, wait: bool, command: &str) -> Result<RunLock, LockError> {
        let io = |source| LockError::Io {
            path: path.display().to_string(),
            source,
        };
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(io)?;
        }
        let mut file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(path)
            .map_err(io)?;
        match file.try_lock() {
            Ok(()) => {}
            Err(TryLockError::WouldBlock) if wait => {
                tracing::info!("waiting for the run lock held by {}", describe(&mut file));
                file.lock().map_err(io)?;
            }
            Err(TryLockError::WouldBlock) => {
                return Err(LockError::Held {
                    holder: describe(&mut file),
                });
            }
            Err(TryLockError::Error(source)) => return Err(io(source)),
        }
        let holder = LockHolder {
            pid: std::process::id(),
            host: host_name(),
            started: humantime::format_rfc3339_seconds(std::time::SystemTime::now()).to_string(),
            command: command.to_string(),
        };
        let text = serde_json::to_string(&holder).unwrap_or_default();
        file.set_len(0).map_err(io)?;
        file.seek(SeekFrom::Start(0)).map_err(io)?;
        file.write_all(text.as_bytes()).map_err(io)?;
        file.flush().map_err(io)?;
        Ok(RunLock {
            file,
            path: path.to_path_buf(),
        })
    }

    /// Who holds the lock at `path` right now, if anyone (without taking it).
    pub fn holder(path: &Path) -> Option<LockHolder> {
        let mut file = OpenOptions::new().read(true).write(true).open(path).ok()?;
        match file.try_lock() {
            Ok(()) => {
                let _ = file.unlock();
                None
            }
            Err(_) => {
                let mut text = String::new();
                file.read_to_string(&mut text).ok()?;
                serde_json::from_str(&text).ok()
            }
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl Drop for RunLock {
    fn drop(&mut self) {
        let _ = self.file.unlock();
    }
}

fn describe(file: &mut File) -> String {
    let mut text = String::new();
    let _ = file.seek(SeekFrom::Start(0));
    let _ = file.read_to_string(&mut text);
    match serde_json::from_str::<LockHolder>(&text) {
        Ok(holder) => holder.to_string(),
        Err(_) => "another process".into(),
    }
}

fn host_name() -> String {
    std::fs::read_to_string("/proc/sys/kernel/hostname")
        .or_else(|_| std::fs::read_to_string("/etc/hostname"))
        .map(|name| name.trim().to_string())
        .ok()
        .filter(|name| !name.is_empty())
        .or_else(|| std::env::var("HOSTNAME").ok())
        .unwrap_or_else(|| "unknown host".into())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn second_lock_is_refused_then_free_after_drop() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(".cartograph/lock");
        let first = RunLock::acquire(&path, false, "map").unwrap();
        let holder = RunLock::holder(&path).unwrap();
        assert_eq!(holder.pid, std::process::id());
        match RunLock::acquire(&path, false, "docs") {
            Err(LockError::Held { holder }) => {
                assert!(holder.contains("`cartograph map`"), "{holder}")
            }
            other => panic!("expected Held, got {other:?}"),
        }
        drop(first);
        assert!(RunLock::holder(&path).is_none());
        RunLock::acquire(&path, false, "docs").unwrap();
    }
}
