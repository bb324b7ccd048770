//! Decides from a path (and `.gitattributes`) what a file is: a lockfile, vendored, generated,
//! a secret never to be opened, or local-only. Content-based marks (`@generated`) live in
//! [`Classifier::has_generated_header`].

use cartograph_core::{FileFlags, RepoPath};
use globset::{Glob, GlobBuilder, GlobSet, GlobSetBuilder};
use std::collections::HashSet;
use std::path::Path;

#[derive(Debug, thiserror::Error)]
pub enum ClassifyError {
    #[error("invalid glob `{glob}` in [scan] {key}: {source}")]
    Glob {
        glob: String,
        key: &'static str,
        #[source]
        source: globset::Error,
    },
}

const LOCKFILES: &[&str] = &[
    "cargo.lock",
    "package-lock.json",
    "npm-shrinkwrap.json",
    "yarn.lock",
    "pnpm-lock.yaml",
    "bun.lockb",
    "poetry.lock",
    "pipfile.lock",
    "uv.lock",
    "pdm.lock",
    "gemfile.lock",
    "composer.lock",
    "go.sum",
    "flake.lock",
    "packages.lock.json",
    "podfile.lock",
    "mix.lock",
    "pubspec.lock",
    "devenv.lock",
    "bun.lock",
    "deno.lock",
];

const VENDOR_DIRS: &[&str] = &[
    "vendor",
    "vendors",
    "third_party",
    "third-party",
    "thirdparty",
    "node_modules",
    "bower_components",
    "external",
    ".yarn",
];

/// Files that hold credentials by convention: listed by path, never opened.
const SECRET_GLOBS: &[&str] = &[
    "**/.env",
    "**/.env.*",
    "**/*.pem",
    "**/*.key",
    "**/*.p12",
    "**/*.pfx",
    "**/*.jks",
    "**/*.keystore",
    "**/id_rsa",
    "**/id_dsa",
    "**/id_ecdsa",
    "**/id_ed25519",
    "**/.netrc",
    "**/.npmrc",
    "**/.pypirc",
    "**/credentials",
    "**/credentials.json",
    "**/*.tfstate",
    "**/*.kdbx",
];

/// Example environment files are documentation, not secrets.
const SECRET_EXCEPTIONS: &[&str] = &[".env.example", ".env.sample", ".env.template", ".env.dist"];

pub struct Classifier {
    secret: GlobSet,
    local_only: GlobSet,
    attributes: Vec<AttributeRule>,
    /// Directories of third-party code kept inside the tests (`with_bundled_dirs`), each with a
    /// trailing `/`.
    bundled: Vec<String>,
    /// Scripts and stylesheets committed with their source map (`dist/axios.js` beside
    /// `dist/axios.js.map`): a bundler's output (`with_bundled_dirs`).
    built: HashSet<String>,
}

/// Directory names that hold a project's tests, for `Classifier::with_bundled_dirs`.
const TEST_DIRS: &[&str] = &["test", "tests", "testing", "spec", "specs", "__tests__"];

struct AttributeRule {
    matcher: GlobSet,
    generated: Option<bool>,
    vendored: Option<bool>,
}

impl Classifier {
    /// Reads `<root>/.gitattributes` when present; `local_only` are `[scan] local_only` globs.
    pub fn new(root: &Path, local_only: &[String]) -> Result<Classifier, ClassifyError> {
        let mut secret = GlobSetBuilder::new();
        for pattern in SECRET_GLOBS {
            secret.add(literal_glob(pattern, "secret")?);
        }
        let mut local = GlobSetBuilder::new();
        for pattern in local_only {
            local.add(literal_glob(pattern, "local_only")?);
        }
        let attributes = std::fs::read_to_string(root.join(".gitattributes"))
            .map(|text| parse_gitattributes(&text))
            .unwrap_or_default();
        Ok(Classifier {
            secret: secret.build().map_err(|source| ClassifyError::Glob {
                glob: "(built-in secret globs)".into(),
                key: "secret",
                source,
            })?,
            local_only: local.build().map_err(|source| ClassifyError::Glob {
                glob: local_only.join(", "),
                key: "local_only",
                source,
            })?,
            attributes,
            bundled: Vec::new(),
            built: HashSet::new(),
        })
    }

    /// Marks as vendored the directories under a test directory that hold a project of their
    /// own: a licence, or a README beside a `src/` directory. That is a test framework copied
    /// into the tree (cJSON's `tests/unity/`: README, `src/`, `docs/`, `auto/`), not the
    /// project's tests. `paths` are every file of the walk. A script or stylesheet whose source
    /// map is committed beside it is a build's output: generated.
    pub fn with_bundled_dirs<'p>(mut self, paths: impl IntoIterator<Item = &'p RepoPath>) -> Self {
        let paths: Vec<&RepoPath> = paths.into_iter().collect();
        let all: HashSet<&str> = paths.iter().map(|path| path.as_str()).collect();
        self.built = paths
            .iter()
            .filter_map(|path| path.as_str().strip_suffix(".map"))
            .filter(|output| {
                matches!(
                    output.rsplit_once('.').map(|(_, extension)| extension),
                    Some("js" | "cjs" | "mjs" | "css")
                ) && all.contains(output)
            })
            .map(str::to_string)
            .collect();
        let dirs: HashSet<&str> = paths
            .iter()
            .flat_map(|path| {
                let dir = path.parent();
                dir.match_indices('/')
                    .map(move |(at, _)| &dir[..at])
                    .chain(std::iter::once(dir))
            })
            .collect();
        let mut bundled: Vec<String> = paths
            .iter()
            .filter_map(|path| {
                let name = path.file_name().to_ascii_lowercase();
                let dir = path.parent();
                let licence = name.starts_with("license") || name.starts_with("copying");
                let project =
                    name.starts_with("readme") && dirs.contains(format!("{dir}/src").as_str());
                if !licence && !project {
                    return None;
                }
                let (ancestors, _) = dir.rsplit_once('/')?;
                let under_tests = ancestors
                    .split('/')
                    .any(|component| TEST_DIRS.contains(&component.to_ascii_lowercase().as_str()));
                under_tests.then(|| format!("{dir}/"))
            })
            .collect();
        bundled.sort();
        bundled.dedup();
        self.bundled = bundled;
        self
    }

    pub fn flags(&self, path: &RepoPath) -> FileFlags {
        let name = path.file_name().to_ascii_lowercase();
        let mut flags = FileFlags {
            lockfile: LOCKFILES.contains(&name.as_str()),
            vendored: path
                .components()
                .take_while(|component| *component != path.file_name())
                .enumerate()
                .any(|(depth, component)| {
                    let component = component.to_ascii_lowercase();
                    // `external/` at the top holds other projects (a C++ tree's submodules);
                    // deeper, it is a project's own code about them (bitflags'
                    // `src/external/`, its serde and arbitrary integrations).
                    VENDOR_DIRS.contains(&component.as_str())
                        && (component != "external" || depth == 0)
                })
                || self
                    .bundled
                    .iter()
                    .any(|dir| path.as_str().starts_with(dir.as_str())),
            secret: self.secret.is_match(path.as_str())
                && !SECRET_EXCEPTIONS.contains(&name.as_str()),
            local_only: self.local_only.is_match(path.as_str()),
            generated: self.built.contains(path.as_str()),
            unread: None,
        };
        // Later lines of .gitattributes override earlier ones, as in git.
        for rule in &self.attributes {
            if rule.matcher.is_match(path.as_str()) {
                if let Some(generated) = rule.generated {
                    flags.generated = generated;
                }
                if let Some(vendored) = rule.vendored {
                    flags.vendored = vendored;
                }
            }
        }
        flags
    }

    /// `@generated`, `DO NOT EDIT` or a comment saying so near the top of a file marks it
    /// generated.
    pub fn has_generated_header(text: &str) -> bool {
        let head_end = text
            .char_indices()
            .filter(|(_, c)| *c == '\n')
            .nth(9)
            .map(|(index, _)| index)
            .unwrap_or(text.len())
            .min(2048);
        // The cut may fall inside a character (jinja's `_identifier.py`: a comment, then one
        // line of 2,000 non-ASCII characters): end at the character before it.
        let head_end = (0..=head_end)
            .rev()
            .find(|end| text.is_char_boundary(*end))
            .unwrap_or(0);
        let head = text.get(..head_end).unwrap_or("");
        // bump2version's `version = "2.4.0"  # DO NOT EDIT THIS LINE MANUALLY` guards one line
        // of a hand-written file (tomli's `pyproject.toml`, `__init__.py`).
        let do_not_edit = head.lines().any(|line| {
            line.match_indices("DO NOT EDIT").any(|(at, marker)| {
                let after = line[at + marker.len()..].trim_start();
                !after.starts_with("THIS LINE") && !after.starts_with("this line")
            })
        });
        head.contains("@generated")
            || do_not_edit
            || head.contains("Code generated by")
            || head.contains("<auto-generated")
            || (opens_saying_generated(head) && !is_scaffold_head(head))
    }
}

/// A head that says a starter wrote the file once, for hand editing (Sphinx's `conf.py`:
/// "created by sphinx-quickstart …", then "this autogenerated file" a few lines down).
fn is_scaffold_head(head: &str) -> bool {
    head.lines()
        .take(20)
        .any(|line| line.to_ascii_lowercase().contains("quickstart"))
}

/// True when a comment line of `head` says the file was generated at the start of a sentence:
/// memchr's `src/tests/packedpair.rs` writes "The tests\n/// generated from each seed …", the
/// middle of a sentence about tests.
fn opens_saying_generated(head: &str) -> bool {
    let mut previous: Option<&str> = None;
    for line in head.lines() {
        let continues = previous.is_some_and(|previous| {
            let text = previous
                .trim()
                .trim_start_matches(['#', '/', '*', '!', '-', ';', '<'])
                .trim();
            !text.is_empty() && !text.ends_with(['.', ':', '!', '?'])
        });
        if !continues && says_generated(line) {
            return true;
        }
        previous = Some(line);
    }
    false
}

/// A comment line that opens by saying the file was generated (jinja's
/// `# generated by scripts/generate_identifier_pattern.py`, `/* This file is automatically
/// generated. */`). Only comments count: a docstring's "Generated by the walker" is prose.
fn says_generated(line: &str) -> bool {
    const MARKERS: &[&str] = &["<!--", "/*", "//", "#", "--", ";", "*"];
    const OPENINGS: &[&str] = &[
        "generated by ",
        "generated from ",
        "auto-generated",
        "autogenerated",
        "automatically generated",
        "this file was generated",
        "this file is generated",
        "this file was automatically generated",
        "this file is automatically generated",
        "this file has been generated",
    ];
    let line = line.trim_start();
    let Some(text) = MARKERS.iter().find_map(|marker| line.strip_prefix(marker)) else {
        return false;
    };
    let text = text.trim_start_matches(['#', '/', '*', '!', '-', ' ', '\t']);
    let text = text.to_ascii_lowercase();
    // A scaffold is written once and then edited by hand (RSpec's `spec_helper.rb`: "This
    // file was generated by the `rspec --init` command.").
    let scaffold = ["init", "scaffold", "template", "skeleton"]
        .iter()
        .any(|word| text.contains(word));
    OPENINGS.iter().any(|opening| text.starts_with(opening)) && !scaffold
}

fn literal_glob(pattern: &str, key: &'static str) -> Result<Glob, ClassifyError> {
    GlobBuilder::new(pattern)
        .literal_separator(true)
        .build()
        .map_err(|source| ClassifyError::Glob {
            glob: pattern.to_string(),
            key,
            source,
        })
}

/// Reads the `linguist-generated` and `linguist-vendored` attributes; everything else in the
/// file is irrelevant here. A bad pattern is skipped, as git skips it.
fn parse_gitattributes(text: &str) -> Vec<AttributeRule> {
    let mut rules = Vec::new();
    for line in text.lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let mut fields = line.split_whitespace();
        let Some(pattern) = fields.next() else {
            continue;
        };
        let mut generated = None;
        let mut vendored = None;
        for attribute in fields {
            let (name, value) = match attribute.split_once('=') {
                Some((name, value)) => (name, !matches!(value, "false" | "0")),
                None => match attribute.strip_prefix(['-', '!']) {
                    Some(name) => (name, false),
                    None => (attribute, true),
                },
            };
            match name {
                "linguist-generated" => generated = Some(value),
                "linguist-vendored" => vendored = Some(value),
                _ => {}
            }
        }
        if generated.is_none() && vendored.is_none() {
            continue;
        }
        // gitattributes patterns follow gitignore rules: without a slash they match a name at
        // any depth; with one they are anchored at the root.
        let trimmed = pattern.trim_start_matches('/');
        let anchored = pattern.trim_end_matches('/').contains('/');
        let base = if anchored {
            trimmed.to_string()
        } else {
            format!("**/{trimmed}")
        };
        let mut builder = GlobSetBuilder::new();
        let mut ok = false;
        for candidate in [
            base.trim_end_matches('/').to_string(),
            format!("{}/**", base.trim_end_matches('/')),
        ] {
            if let Ok(glob) = GlobBuilder::new(&candidate).literal_separator(true).build() {
                builder.add(glob);
                ok = true;
            }
        }
        if let (true, Ok(matcher)) = (ok, builder.build()) {
            rules.push(AttributeRule {
                matcher,
                generated,
                vendored,
            });
        }
    }
    rules
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn path(text: &str) -> RepoPath {
        RepoPath::new(text).unwrap()
    }

    #[test]
    fn classifies_paths() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join(".gitattributes"),
            "*.pb.go linguist-generated\nassets/** linguist-vendored=true\nassets/own.js -linguist-vendored\n",
        )
        .unwrap();
        let classifier = Classifier::new(dir.path(), &["internal/**".into()]).unwrap();
        assert!(classifier.flags(&path("Cargo.lock")).lockfile);
        assert!(classifier.flags(&path("web/package-lock.json")).lockfile);
        assert!(classifier.flags(&path("vendor/x/y.go")).vendored);
        assert!(!classifier.flags(&path("src/vendor.rs")).vendored);
        // bitflags' `src/external/serde.rs` is its own; a tree's top-level `external/` is not.
        assert!(!classifier.flags(&path("src/external/serde.rs")).vendored);
        assert!(
            classifier
                .flags(&path("external/googletest/gtest.h"))
                .vendored
        );
        assert!(classifier.flags(&path("src/third_party/x.c")).vendored);
        assert!(classifier.flags(&path("api/v1/api.pb.go")).generated);
        assert!(classifier.flags(&path("assets/lib.js")).vendored);

        // A test framework copied under the tests, with its own licence, is vendored; the
        // project's own tests, and a package's licence elsewhere, are not.
        let files = [
            path("tests/unity/LICENSE.txt"),
            path("tests/unity/src/unity.c"),
            path("tests/cmock/README.md"),
            path("tests/cmock/src/cmock.c"),
            path("tests/helpers/README.md"),
            path("tests/helpers/lib/src/run.c"),
            path("tests/fixtures/README.md"),
            path("tests/fixtures/input.json"),
            path("tests/parse_test.c"),
            path("packages/core/LICENSE"),
            path("tests/LICENSE"),
        ];
        let classifier = classifier.with_bundled_dirs(&files);
        assert!(classifier.flags(&path("tests/unity/src/unity.c")).vendored);
        assert!(classifier.flags(&path("tests/cmock/src/cmock.c")).vendored);
        assert!(
            !classifier
                .flags(&path("tests/helpers/lib/src/run.c"))
                .vendored
        );
        assert!(
            !classifier
                .flags(&path("tests/fixtures/input.json"))
                .vendored
        );
        assert!(!classifier.flags(&path("tests/parse_test.c")).vendored);
        assert!(!classifier.flags(&path("tests/unity_helpers.c")).vendored);
        assert!(!classifier.flags(&path("packages/core/index.js")).vendored);
        assert!(!classifier.flags(&path("assets/own.js")).vendored);
        assert!(classifier.flags(&path(".env")).secret);
        // cast's `devenv.lock` pins its development environment's inputs.
        assert!(classifier.flags(&path("devenv.lock")).lockfile);
        assert!(classifier.flags(&path("deploy/.env.production")).secret);
        assert!(!classifier.flags(&path(".env.example")).secret);
        assert!(classifier.flags(&path("certs/server.pem")).secret);
        assert!(classifier.flags(&path("internal/a/b.rs")).local_only);
        assert!(!classifier.flags(&path("src/internal.rs")).local_only);
    }

    /// axios commits its bundles with their source maps; its sources have none.
    #[test]
    fn a_script_committed_with_its_source_map_is_generated() {
        let dir = tempfile::tempdir().unwrap();
        let files = [
            path("dist/axios.js"),
            path("dist/axios.js.map"),
            path("dist/node/axios.cjs"),
            path("dist/node/axios.cjs.map"),
            path("dist/axios.min.js"),
            path("lib/axios.js"),
            path("docs/data.json.map"),
            path("docs/data.json"),
        ];
        let classifier = Classifier::new(dir.path(), &[])
            .unwrap()
            .with_bundled_dirs(&files);
        assert!(classifier.flags(&path("dist/axios.js")).generated);
        assert!(classifier.flags(&path("dist/node/axios.cjs")).generated);
        assert!(!classifier.flags(&path("dist/axios.min.js")).generated);
        assert!(!classifier.flags(&path("lib/axios.js")).generated);
        assert!(!classifier.flags(&path("docs/data.json")).generated);
    }

    #[test]
    fn generated_headers() {
        assert!(Classifier::has_generated_header(
            "// Code generated by protoc. DO NOT EDIT.\npackage x"
        ));
        assert!(Classifier::has_generated_header("# @generated by tool\n"));
        assert!(!Classifier::has_generated_header("fn main() {}\n"));
        assert!(Classifier::has_generated_header(
            "# generated by scripts/generate_identifier_pattern.py for Python 3.10\nimport re\n"
        ));
        assert!(Classifier::has_generated_header(
            "/*\n * This file is automatically generated; edit the grammar instead.\n */\n"
        ));
        assert!(!Classifier::has_generated_header(
            "\"\"\"Generated by the walker.\"\"\"\n# the ids generated by make_id are unique\n"
        ));
        assert!(!Classifier::has_generated_header(
            "# This file was generated by the `rspec --init` command. Conventionally, all\n"
        ));
        // memchr's `src/tests/packedpair.rs`: "generated from" in the middle of a sentence.
        assert!(!Classifier::has_generated_header(
            "use alloc::vec::Vec;\n\n/// A set of seeds. The tests\n/// generated from each seed vary the length.\n"
        ));
        assert!(Classifier::has_generated_header(
            "// Tables for Unicode.\n// Generated from UnicodeData.txt by gen.py.\n"
        ));
        // cattrs's `docs/conf.py`, started by sphinx-quickstart and edited since.
        assert!(!Classifier::has_generated_header(
            "# cattrs documentation build configuration file, created by\n# sphinx-quickstart on Tue Jul  9 22:26:36 2013.\n#\n# Note that not all possible configuration values are present in this\n# autogenerated file.\n"
        ));
        let wide = format!(
            "# generated by gen.py\npattern = r\"{}\"\n",
            "€".repeat(2000)
        );
        assert!(Classifier::has_generated_header(&wide));
        assert!(!Classifier::has_generated_header(
            "[project]\nversion = \"2.4.0\"  # DO NOT EDIT THIS LINE MANUALLY. LET bump2version UTILITY DO IT\n"
        ));
        let late = format!("{}// DO NOT EDIT\n", "line\n".repeat(50));
        assert!(!Classifier::has_generated_header(&late));
    }
}
