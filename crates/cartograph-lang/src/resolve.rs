//! Helpers for resolving imports to repository files. The caller can only ask whether a path
//! exists, so every rule tries a short, fixed list of candidates; a candidate that climbs out of
//! the repository is skipped, never returned.

use cartograph_core::RepoPath;

/// The first candidate, joined onto `base_dir`, that names an existing file of the repository.
pub(crate) fn first_existing<I>(
    base_dir: &str,
    candidates: I,
    files: &dyn Fn(&str) -> bool,
) -> Option<RepoPath>
where
    I: IntoIterator,
    I::Item: AsRef<str>,
{
    candidates.into_iter().find_map(|candidate| {
        let path = RepoPath::join_relative(base_dir, candidate.as_ref())?;
        files(path.as_str()).then_some(path)
    })
}

/// `dir/name`, or `name` when `dir` is the repository root.
pub(crate) fn join(dir: &str, name: &str) -> String {
    if dir.is_empty() {
        name.to_string()
    } else {
        format!("{dir}/{name}")
    }
}

/// True for `./x`, `../x`, `.` and `..`: a specifier relative to the importing file.
pub(crate) fn is_relative(specifier: &str) -> bool {
    specifier == "."
        || specifier == ".."
        || specifier.starts_with("./")
        || specifier.starts_with("../")
}

/// `dir` and each of its ancestors, deepest first, ending with the repository root `""`.
pub(crate) fn ancestors(dir: &str) -> impl Iterator<Item = &str> {
    let mut next = Some(dir);
    std::iter::from_fn(move || {
        let current = next?;
        next = if current.is_empty() {
            None
        } else {
            Some(current.rfind('/').map_or("", |index| &current[..index]))
        };
        Some(current)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ancestors_end_at_the_root() {
        assert_eq!(ancestors("a/b").collect::<Vec<_>>(), ["a/b", "a", ""]);
        assert_eq!(ancestors("").collect::<Vec<_>>(), [""]);
    }

    #[test]
    fn first_existing_skips_escapes() {
        let files = |path: &str| path == "x.rs";
        assert_eq!(
            first_existing("a", ["../../x.rs", "../x.rs"], &files).map(|path| path.to_string()),
            Some("x.rs".to_string())
        );
    }
}
