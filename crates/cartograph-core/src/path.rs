//! Repository-relative paths, always with `/`, never absolute, never with `..`.

use serde::{Deserialize, Serialize};
use std::fmt;

/// A path relative to the repository root, with `/` separators.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct RepoPath(String);

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum RepoPathError {
    #[error("path `{0}` is empty")]
    Empty(String),
    #[error("path `{0}` is absolute; expected a path relative to the repository root")]
    Absolute(String),
    #[error("path `{0}` leaves the repository through `..`")]
    ParentComponent(String),
    #[error("path `{0}` is not valid UTF-8")]
    NotUtf8(String),
}

impl RepoPath {
    /// Checks and normalises a relative path: `\` and `/` both separate, `.` components drop out.
    pub fn new(text: &str) -> Result<RepoPath, RepoPathError> {
        if text.starts_with('/') || text.starts_with('\\') {
            return Err(RepoPathError::Absolute(text.to_string()));
        }
        let mut parts = Vec::new();
        for part in text.split(['/', '\\']) {
            match part {
                "" | "." => {}
                ".." => return Err(RepoPathError::ParentComponent(text.to_string())),
                other => parts.push(other),
            }
        }
        if parts.is_empty() {
            return Err(RepoPathError::Empty(text.to_string()));
        }
        Ok(RepoPath(parts.join("/")))
    }

    /// A path relative to `root`, or an error when it is outside it or not UTF-8.
    pub fn from_relative(relative: &std::path::Path) -> Result<RepoPath, RepoPathError> {
        let text = relative
            .to_str()
            .ok_or_else(|| RepoPathError::NotUtf8(relative.to_string_lossy().into_owned()))?;
        RepoPath::new(text)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn file_name(&self) -> &str {
        self.0.rsplit('/').next().unwrap_or(&self.0)
    }

    /// The directory holding this path, `""` for a top-level file.
    pub fn parent(&self) -> &str {
        match self.0.rfind('/') {
            Some(index) => &self.0[..index],
            None => "",
        }
    }

    pub fn extension(&self) -> Option<&str> {
        let name = self.file_name();
        let dot = name.rfind('.')?;
        if dot == 0 {
            return None;
        }
        Some(&name[dot + 1..])
    }

    pub fn components(&self) -> impl Iterator<Item = &str> {
        self.0.split('/')
    }

    /// Joins a relative reference (which may hold `..` and `.`) onto the directory `base`,
    /// returning `None` when it climbs out of the repository.
    pub fn join_relative(base_dir: &str, reference: &str) -> Option<RepoPath> {
        join_dir(base_dir, reference)
            .filter(|joined| !joined.is_empty())
            .map(RepoPath)
    }
}

/// The directory a relative reference (which may hold `..` and `.`) names from the directory
/// `base_dir`: `""` for the repository root, `None` when it climbs out of the repository.
pub fn join_dir(base_dir: &str, reference: &str) -> Option<String> {
    let mut parts: Vec<&str> = base_dir
        .split('/')
        .filter(|part| !part.is_empty())
        .collect();
    for part in reference.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            other => parts.push(other),
        }
    }
    Some(parts.join("/"))
}

impl fmt::Display for RepoPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl AsRef<str> for RepoPath {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

/// True when directory `dir` is `ancestor` or lies below it, on a component boundary (`""` is
/// the repository root, which holds every directory).
pub fn is_within_dir(dir: &str, ancestor: &str) -> bool {
    ancestor.is_empty()
        || dir
            .strip_prefix(ancestor)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_directory_is_within_itself_and_its_ancestors_only() {
        assert!(super::is_within_dir("src/buf", "src"));
        assert!(super::is_within_dir("src", "src"));
        assert!(super::is_within_dir("src", ""));
        assert!(!super::is_within_dir("srcs/x", "src"));
        assert!(!super::is_within_dir("src", "src/buf"));
    }

    use super::*;

    #[test]
    fn normalises_separators_and_dots() {
        assert_eq!(
            RepoPath::new("./a\\b//c.rs").map(|p| p.0),
            Ok("a/b/c.rs".into())
        );
    }

    #[test]
    fn rejects_escapes() {
        assert!(matches!(
            RepoPath::new("../x"),
            Err(RepoPathError::ParentComponent(_))
        ));
        assert!(matches!(
            RepoPath::new("/etc/passwd"),
            Err(RepoPathError::Absolute(_))
        ));
        assert!(matches!(RepoPath::new("."), Err(RepoPathError::Empty(_))));
    }

    #[test]
    fn parts() {
        let path = RepoPath::new("src/json/decoder.py").unwrap_or_else(|_| unreachable!());
        assert_eq!(path.file_name(), "decoder.py");
        assert_eq!(path.parent(), "src/json");
        assert_eq!(path.extension(), Some("py"));
        assert_eq!(
            RepoPath::new(".gitignore")
                .ok()
                .and_then(|p| p.extension().map(String::from)),
            None
        );
    }

    #[test]
    fn join_relative_stays_inside() {
        assert_eq!(
            RepoPath::join_relative("src/a", "../b/c.js").map(|p| p.0),
            Some("src/b/c.js".into())
        );
        assert_eq!(RepoPath::join_relative("src", "../../x"), None);
    }
}
