//! Which code files name a data file of the repository in a string literal: the tests that
//! read a fixture (`os.ReadFile("testdata/golden.json")`, `fs.readFileSync(path.join(__dirname,
//! 'fixtures', 'layout.ejs'))`), the crate that includes a README (`include_str!("../README.md")`).
//! A fixture nothing else describes is said by them (echo's `_fixture/certs/cert.pem`, which
//! was an empty row).

use cartograph_core::{FileMap, RepoPath};
use std::collections::{BTreeSet, HashMap};

/// Per data file ([`is_data`]), the code files whose string literals name it, sorted.
///
/// A literal names a file when, read from the directory of the file that writes it (Go's
/// tests run there, Rust's `include_str!` resolves there) or from the repository's root
/// (npm's and cargo's tests run there), it is that file's path; or when the file's path ends
/// with it and the rest is a directory on the way to the writer or below it (a literal
/// `"cert.pem"` joined to `__dirname` and `"fixtures"`): then only when no other file fits
/// it so, as a bare `"config.json"` could be any of several.
pub(crate) fn data_users(files: &[FileMap]) -> HashMap<String, Vec<String>> {
    let mut by_name: HashMap<&str, Vec<&str>> = HashMap::new();
    for file in files.iter().filter(|file| is_data(file)) {
        by_name
            .entry(file.path.file_name())
            .or_default()
            .push(file.path.as_str());
    }
    let mut users: HashMap<&str, BTreeSet<&str>> = HashMap::new();
    for reader in files.iter().filter(|file| file.language.is_code()) {
        let directory = reader.path.parent();
        let is_test = cartograph_graph::is_test_path(&reader.path);
        // The directories the reader names (`'test/fixtures/' + name`).
        let named_directories: Vec<String> = reader
            .parsed
            .path_literals
            .iter()
            .filter(|literal| literal.contains('/'))
            .flat_map(|literal| {
                let literal = literal.trim_end_matches('/');
                [joined(directory, literal), joined("", literal)]
            })
            .flatten()
            .collect();
        for literal in &reader.parsed.path_literals {
            let name = literal.rsplit('/').next().unwrap_or_default();
            let Some(candidates) = by_name.get(name) else {
                continue;
            };
            // A bare name read from the root by a test elsewhere is more often a value than a
            // path: packaging's `tests/test_metadata.py` writes `"LICENSE"` as metadata, and
            // reads no licence. A script run from the root reads one so (env_logger's
            // `.github/workflows/release-notes.py`: `"CHANGELOG.md"`).
            // A Go library package names files of its user's directory, not of this
            // repository (tablewriter's `pkg/twwidth/tab.go` looks for `"go.sum"`).
            let go_library = reader.language == cartograph_core::Language::Go
                && reader.parsed.package.as_deref() != Some("main");
            let from_root =
                (directory.is_empty() || (!is_test && !go_library) || literal.contains('/'))
                    .then(|| joined("", literal))
                    .flatten();
            let exact: Vec<&str> = [joined(directory, literal), from_root]
                .into_iter()
                .flatten()
                .filter_map(|path| candidates.iter().copied().find(|known| *known == path))
                .collect();
            // A path that climbs (`../x.txt`) is read from somewhere: from nowhere it fits,
            // it names nothing.
            let found = if exact.is_empty() && !literal.starts_with("../") {
                let tail = tail(literal);
                // A bare name (`"example.txt"`) is any file's the code may make as well
                // (starlette's tests write `tmpdir / "example.txt"`): it names a data file of
                // the tree only in a test, and only one in a fixtures directory or in one the
                // test names.
                let bare = !tail.contains('/');
                let near: Vec<&str> = candidates
                    .iter()
                    .copied()
                    .filter(|path| is_near(path, tail, directory))
                    .filter(|path| {
                        !bare
                            || (is_test
                                && (in_fixtures(path)
                                    || named_directories.iter().any(|named| parent(path) == named)))
                    })
                    .collect();
                if near.len() == 1 {
                    near
                } else {
                    Vec::new()
                }
            } else {
                exact
            };
            for path in found {
                users.entry(path).or_default().insert(reader.path.as_str());
            }
        }
    }
    users
        .into_iter()
        .map(|(path, readers)| {
            (
                path.to_string(),
                readers.into_iter().map(str::to_string).collect(),
            )
        })
        .collect()
}

/// The directories whose files are data for the tests by their name.
const FIXTURE_DIRECTORIES: &[&str] = &[
    "fixtures",
    "fixture",
    "__fixtures__",
    "_fixture",
    "_fixtures",
    "testdata",
    ".testdata",
    "test-data",
    "test_data",
];

/// True when a directory of `path` holds data for the tests by its name.
pub(crate) fn in_fixtures(path: &str) -> bool {
    path.split('/')
        .any(|part| FIXTURE_DIRECTORIES.contains(&part))
}

fn parent(path: &str) -> &str {
    path.rsplit_once('/').map_or("", |(parent, _)| parent)
}

/// True for a file other code reads as data: any file of no programming language, and code
/// kept in a fixtures directory (yargs-parser's `test/fixtures/settings.cjs`, a configuration
/// its tests load).
pub(crate) fn is_data(file: &FileMap) -> bool {
    !file.language.is_code() || in_fixtures(file.path.parent())
}

/// `literal` read from `directory` (`""` for the root), with `.` and `..` resolved; `None`
/// when it climbs above the root.
fn joined(directory: &str, literal: &str) -> Option<String> {
    RepoPath::join_relative(directory, literal).map(|path| path.as_str().to_string())
}

/// The literal without its leading `./` and `../` steps: what a path it names ends with.
fn tail(literal: &str) -> &str {
    let mut tail = literal;
    loop {
        if let Some(rest) = tail.strip_prefix("./") {
            tail = rest;
        } else if let Some(rest) = tail.strip_prefix("../") {
            tail = rest;
        } else {
            return tail;
        }
    }
}

/// True when `path` ends with `tail` at a directory boundary and what comes before is
/// `directory`, a directory above it or below it, or below its parent but the root.
fn is_near(path: &str, tail: &str, directory: &str) -> bool {
    if tail.is_empty() {
        return false;
    }
    let Some(prefix) = path.strip_suffix(tail) else {
        return false;
    };
    let Some(prefix) = prefix
        .strip_suffix('/')
        .or((prefix.is_empty()).then_some(""))
    else {
        return false;
    };
    let within = |inner: &str, outer: &str| {
        outer.is_empty()
            || inner == outer
            || inner
                .strip_prefix(outer)
                .is_some_and(|rest| rest.starts_with('/'))
    };
    // A sibling directory too, when that is not the root: `path.join(__dirname, '..',
    // 'fixtures', 'cert.pem')` from `test/unit/`.
    let parent = directory.rsplit_once('/').map_or("", |(parent, _)| parent);
    within(prefix, directory)
        || within(directory, prefix)
        || (!parent.is_empty() && within(prefix, parent))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use cartograph_core::{BoxedStr, ContentHash, FileFlags, Language, ParsedFile};

    fn file(path: &str, literals: &[&str]) -> FileMap {
        let path = RepoPath::new(path).unwrap();
        FileMap {
            hash: ContentHash::of(path.as_str().as_bytes()),
            language: Language::from_file_name(path.file_name()),
            bytes: 0,
            lines: 1,
            tokens: 1,
            flags: FileFlags::default(),
            parsed: ParsedFile {
                path_literals: literals.iter().copied().map(BoxedStr::from).collect(),
                ..ParsedFile::default()
            },
            path,
        }
    }

    #[test]
    fn a_literal_names_a_file_from_its_directory_or_the_root() {
        let files = [
            file("pkg/bind_test.go", &["testdata/golden.json"]),
            file("pkg/testdata/golden.json", &[]),
            file("test/render.test.js", &["test/fixtures/page.html"]),
            file("test/fixtures/page.html", &[]),
            file("src/lib.rs", &["../README.md"]),
            file("README.md", &[]),
        ];
        let users = data_users(&files);
        assert_eq!(users["pkg/testdata/golden.json"], ["pkg/bind_test.go"]);
        assert_eq!(users["test/fixtures/page.html"], ["test/render.test.js"]);
        assert_eq!(users["README.md"], ["src/lib.rs"]);
        assert_eq!(users.len(), 3);
        // A bare name is read from the root by a test there alone, or by a script.
        let files = [
            file("tests/test_metadata.py", &["LICENSE", "docs/page.md"]),
            file("setup.py", &["README.md"]),
            file(".github/workflows/notes.py", &["README.md"]),
            file("LICENSE", &[]),
            file("README.md", &[]),
            file("docs/page.md", &[]),
        ];
        let users = data_users(&files);
        assert_eq!(
            users["README.md"],
            [".github/workflows/notes.py", "setup.py"]
        );
        assert_eq!(users["docs/page.md"], ["tests/test_metadata.py"]);
        assert_eq!(users.len(), 2);
        // A Go library package reads its user's files; a `package main` tool reads the tree's.
        let mut library = file("pkg/twwidth/tab.go", &["go.sum"]);
        library.parsed.package = Some("twwidth".into());
        let mut tool = file("scripts/release.go", &["CHANGELOG.md"]);
        tool.parsed.package = Some("main".into());
        let files = [
            library,
            tool,
            file("go.sum", &[]),
            file("CHANGELOG.md", &[]),
        ];
        let users = data_users(&files);
        assert_eq!(users["CHANGELOG.md"], ["scripts/release.go"]);
        assert_eq!(users.len(), 1);
    }

    #[test]
    fn a_bare_name_names_the_only_file_of_that_name_on_the_way() {
        let files = [
            file("test/unit/tls.test.js", &["cert.pem", "key.pem"]),
            file("test/fixtures/cert.pem", &[]),
            // Two files named `key.pem` fit: neither is said to be used.
            file("test/fixtures/a/key.pem", &[]),
            file("test/fixtures/b/key.pem", &[]),
            // Not on the way from `test/unit`: `other/` is no directory above or below it,
            // nor below `test/`.
            file("other/cert.pem", &[]),
        ];
        let users = data_users(&files);
        assert_eq!(users["test/fixtures/cert.pem"], ["test/unit/tls.test.js"]);
        assert_eq!(users.len(), 1);
        let files = [
            file("test/unit/tls.test.js", &["cert.pem"]),
            file("test/unit/fixtures/cert.pem", &[]),
            file("other/cert.pem", &[]),
        ];
        let users = data_users(&files);
        assert_eq!(
            users["test/unit/fixtures/cert.pem"],
            ["test/unit/tls.test.js"]
        );
        assert_eq!(users.len(), 1);
    }

    #[test]
    fn a_bare_name_outside_fixtures_needs_a_test_that_names_its_directory() {
        let files = [
            // starlette's tests write a file of the name to a temporary directory.
            file("tests/middleware/test_base.py", &["example.txt"]),
            file("tests/statics/example.txt", &[]),
            // echo's static middleware serves `index.html` of any directory it is given.
            file("middleware/static.go", &["index.html"]),
            file("middleware/testdata/dist/index.html", &[]),
            file("test/views.test.js", &["test/views/", "page.ejs"]),
            file("test/views/page.ejs", &[]),
        ];
        let users = data_users(&files);
        assert_eq!(users["test/views/page.ejs"], ["test/views.test.js"]);
        assert_eq!(users.len(), 1);
    }

    #[test]
    fn code_in_a_fixtures_directory_is_data() {
        let files = [
            file("test/parser.mjs", &["test/fixtures/settings.cjs"]),
            file("test/fixtures/settings.cjs", &[]),
        ];
        assert_eq!(
            data_users(&files)["test/fixtures/settings.cjs"],
            ["test/parser.mjs"]
        );
    }

    #[test]
    fn code_files_and_paths_above_the_root_are_not_data() {
        let files = [
            file("a/run.py", &["helper.py", "../../x.txt"]),
            file("a/helper.py", &[]),
            file("x.txt", &[]),
        ];
        assert!(data_users(&files).is_empty());
    }

    #[test]
    fn paths_resolve_dots_and_tails() {
        assert_eq!(joined("a/b", "../c/./d.txt").as_deref(), Some("a/c/d.txt"));
        assert_eq!(joined("", "../x"), None);
        assert_eq!(tail("./../fixtures/x.txt"), "fixtures/x.txt");
        assert!(is_near("test/fixtures/x.txt", "x.txt", "test"));
        assert!(is_near(
            "test/fixtures/x.txt",
            "fixtures/x.txt",
            "test/unit"
        ));
        assert!(!is_near("test/myfixtures/x.txt", "fixtures/x.txt", "test"));
        assert!(!is_near("other/x.txt", "x.txt", "test"));
        assert!(is_near("test/fixtures/x.txt", "x.txt", "test/unit"));
        assert!(!is_near("other/x.txt", "x.txt", "test/unit"));
    }
}
