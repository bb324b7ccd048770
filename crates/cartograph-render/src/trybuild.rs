//! The cases a Rust test compiles with trybuild (thiserror's and anyhow's `tests/ui/`): each
//! `tests/ui/*.rs` is a program that must fail to compile (`t.compile_fail("tests/ui/*.rs")`)
//! or compile and run (`t.pass(…)`), and its `.stderr` holds the errors the compiler must
//! give. A row per case said "Defines the struct `Error` and the function `main`"; the table
//! says what they are, one row for a directory of them.

use cartograph_core::{FileMap, Language};
use std::collections::BTreeMap;

/// How a case's description begins ("A program that must fail to compile: …"), which file
/// tables and llms.txt group by.
pub(crate) const CASE_LEAD: &str = "A program that must";

/// A case's expected errors, the same for each.
pub(crate) const EXPECTED_ERRORS: &str =
    "The errors the compiler must give for the program of the same name.";

/// True for the description of a case or of its expected errors.
pub(crate) fn is_case_description(about: &str) -> bool {
    about.starts_with(CASE_LEAD) || about.starts_with(EXPECTED_ERRORS)
}

/// What trybuild does with a case.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Expect {
    /// `compile_fail`: the program must not compile, with the errors of its `.stderr`.
    CompileFail,
    /// `pass`: the program must compile and run.
    Pass,
}

/// A case and the test file that runs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Case {
    pub expect: Expect,
    pub driver: String,
}

/// A Rust test that may drive trybuild (`trybuild::TestCases::new()`, then `compile_fail` or
/// `pass`), small enough to read: its text names the cases. Told by its calls, which pages
/// keep (its imports of other crates they do not).
pub(crate) fn is_driver(file: &FileMap) -> bool {
    const MAX_DRIVER_BYTES: u64 = 64 * 1024;
    if file.language != Language::Rust
        || file.bytes > MAX_DRIVER_BYTES
        || !cartograph_graph::is_test_path(&file.path)
    {
        return false;
    }
    // `TestCases` is the receiver of `new`, no call of its own.
    let calls = |name: &str| file.parsed.calls.iter().any(|site| site.name == name);
    calls("compile_fail") || (calls("new") && calls("pass"))
}

/// Per case's path, what trybuild does with it: the files that the drivers' `compile_fail`
/// and `pass` calls name, by path or by a glob of one `*` in the file name, read from the
/// repository's root as cargo runs tests.
pub(crate) fn cases<'t>(
    files: &[FileMap],
    text: impl Fn(&str) -> Option<&'t str>,
) -> BTreeMap<String, Case> {
    let mut cases = BTreeMap::new();
    for driver in files.iter().filter(|file| is_driver(file)) {
        let Some(source) = text(driver.path.as_str()) else {
            continue;
        };
        let crate_dir = crate_dir_of(driver.path.as_str());
        for (call, expect) in [
            (".compile_fail(", Expect::CompileFail),
            (".pass(", Expect::Pass),
        ] {
            for (at, _) in source.match_indices(call) {
                let Some(pattern) = string_argument(&source[at + call.len()..]) else {
                    continue;
                };
                let pattern = format!("{crate_dir}{pattern}");
                for file in files.iter().filter(|file| file.language == Language::Rust) {
                    if matches_glob(&pattern, file.path.as_str()) {
                        cases.insert(
                            file.path.to_string(),
                            Case {
                                expect,
                                driver: driver.path.to_string(),
                            },
                        );
                    }
                }
            }
        }
    }
    cases
}

/// The directory of the crate a test belongs to, with a trailing `/` (`""` at the root):
/// what is before its `tests/`.
fn crate_dir_of(path: &str) -> &str {
    match path.rfind("tests/") {
        Some(at) if at == 0 || path[..at].ends_with('/') => &path[..at],
        _ => "",
    }
}

/// The string literal that opens `rest` (`"tests/ui/*.rs")`), without its quotes.
fn string_argument(rest: &str) -> Option<&str> {
    let rest = rest.trim_start().strip_prefix('"')?;
    let end = rest.find('"')?;
    let literal = &rest[..end];
    (!literal.is_empty() && !literal.contains('\\')).then_some(literal)
}

/// True when `path` is what `pattern` names: the same path, or a path of the same directory
/// whose file name fits the pattern's, one `*` standing for any run of characters.
fn matches_glob(pattern: &str, path: &str) -> bool {
    let pattern = pattern.trim_start_matches("./");
    if !pattern.contains('*') {
        return pattern == path;
    }
    let (pattern_dir, pattern_name) = pattern.rsplit_once('/').unwrap_or(("", pattern));
    let (dir, name) = path.rsplit_once('/').unwrap_or(("", path));
    if pattern_dir != dir || pattern_name.matches('*').count() != 1 {
        return false;
    }
    let Some((prefix, suffix)) = pattern_name.split_once('*') else {
        return false;
    };
    name.len() >= prefix.len() + suffix.len() && name.starts_with(prefix) && name.ends_with(suffix)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn globs_of_one_star_match_file_names_of_their_directory() {
        assert!(matches_glob("tests/ui/*.rs", "tests/ui/bad-field-attr.rs"));
        assert!(!matches_glob(
            "tests/ui/*.rs",
            "tests/ui/bad-field-attr.stderr"
        ));
        assert!(!matches_glob("tests/ui/*.rs", "tests/ui/nested/a.rs"));
        assert!(matches_glob("tests/ui/a.rs", "tests/ui/a.rs"));
        assert!(matches_glob("./tests/ui/a*.rs", "tests/ui/ab.rs"));
        assert_eq!(crate_dir_of("tests/compiletest.rs"), "");
        assert_eq!(crate_dir_of("impl/tests/compiletest.rs"), "impl/");
        assert_eq!(
            string_argument(" \"tests/ui/*.rs\");"),
            Some("tests/ui/*.rs")
        );
        assert_eq!(string_argument("path);"), None);
    }
}
