//! The page check: a model's page body is validated against the index before it is rendered,
//! so that an empty page, a page of invented code or files, or a page about another project is
//! never published as good. Reads source files (only to look code up); makes no call.
//!
//! A body fails when its prose (code blocks aside) is under 40 words (a dependencies page:
//! under 3); it ends announcing what follows ("Here is the page:"); a section its prompt declares is missing; a fenced code block (mermaid aside) has a
//! line that is neither found in the repository nor made only of names that occur in it; more
//! than a fifth of its backticked names and cited files do not exist; a module page cites
//! nothing.

use cartograph_core::FileMap;
use cartograph_render::{DocIndex, PageKind};
use std::collections::HashSet;
use std::sync::OnceLock;

/// Fewest words of prose a page may have, and a dependencies page (which may be a table).
const MIN_PROSE_WORDS: usize = 40;
const MIN_DEPENDENCIES_PROSE_WORDS: usize = 3;
/// The share of backticked names and cited files that may name nothing: one in five.
const MAX_UNKNOWN_SHARE: f64 = 0.2;
/// Problems listed per kind in a repair request: enough to act on, short enough to read.
const MAX_EXAMPLES: usize = 5;

/// What a page body is checked against: the index's names and paths, and every line and
/// identifier of the repository. Each is built the first time a page needs it, so a run that
/// asks no model for a page builds none of them.
pub(super) struct PageCheck<'a> {
    files: &'a [FileMap],
    modules: &'a [cartograph_core::Module],
    index_names: OnceLock<IndexNames<'a>>,
    read_source: &'a (dyn Fn(&cartograph_core::RepoPath) -> Option<String> + Sync),
    repository: OnceLock<RepositoryText>,
}

/// The index's file and module paths, and its file and symbol names.
struct IndexNames<'a> {
    paths: HashSet<&'a str>,
    names: HashSet<&'a str>,
}

/// Every trimmed line and every identifier of the repository's readable files.
#[derive(Default)]
struct RepositoryText {
    lines: HashSet<String>,
    identifiers: HashSet<String>,
}

impl<'a> PageCheck<'a> {
    pub fn new(
        index: &DocIndex<'a>,
        read_source: &'a (dyn Fn(&cartograph_core::RepoPath) -> Option<String> + Sync),
    ) -> PageCheck<'a> {
        PageCheck {
            files: index.files,
            modules: index.modules,
            index_names: OnceLock::new(),
            read_source,
            repository: OnceLock::new(),
        }
    }

    fn index_names(&self) -> &IndexNames<'a> {
        self.index_names.get_or_init(|| {
            let mut paths = HashSet::new();
            let mut names = HashSet::new();
            for file in self.files {
                paths.insert(file.path.as_str());
                names.insert(file.path.file_name());
                for symbol in &file.parsed.symbols {
                    names.insert(symbol.name.as_str());
                }
            }
            for module in self.modules {
                if !module.path.is_empty() {
                    paths.insert(module.path.as_str());
                }
            }
            IndexNames { paths, names }
        })
    }

    fn repository(&self) -> &RepositoryText {
        self.repository.get_or_init(|| {
            let mut text = RepositoryText::default();
            for file in self.files {
                let Some(source) = (self.read_source)(&file.path) else {
                    continue;
                };
                for line in source.lines() {
                    let line = line.trim();
                    if !line.is_empty() {
                        text.lines.insert(line.to_string());
                    }
                }
                for identifier in identifiers(&source) {
                    text.identifiers.insert(identifier.to_string());
                }
            }
            text
        })
    }

    /// What is wrong with `body` as the page `kind`, one line per problem; empty when the page
    /// may be published. `sections` are the level-2 headings its prompt requires.
    pub fn problems(&self, kind: &PageKind, body: &str, sections: &[String]) -> Vec<String> {
        let page = Scanned::of(body);
        let mut problems = Vec::new();

        let min_words = match kind {
            PageKind::Dependencies => MIN_DEPENDENCIES_PROSE_WORDS,
            _ => MIN_PROSE_WORDS,
        };
        if page.prose_words < min_words {
            problems.push(format!(
                "the page has {} word(s) of prose outside code blocks; it needs at least {min_words}",
                page.prose_words
            ));
        }

        // "Here is the page:" and nothing after it: a reply cut short, or only an announcement.
        if body
            .lines()
            .rev()
            .find(|line| !line.trim().is_empty())
            .is_some_and(|line| line.trim_end().ends_with(':'))
        {
            problems.push("the page ends announcing what follows, with nothing after it".into());
        }

        let missing: Vec<&str> = sections
            .iter()
            .filter(|section| {
                !page
                    .headings
                    .iter()
                    .any(|heading| heading.eq_ignore_ascii_case(section))
            })
            .map(String::as_str)
            .collect();
        if !missing.is_empty() {
            problems.push(format!(
                "required section(s) missing: {}",
                missing
                    .iter()
                    .map(|section| format!("\"## {section}\""))
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }

        let invented_code: Vec<&str> = page
            .code_lines
            .iter()
            .copied()
            .filter(|line| !self.code_line_exists(line))
            .collect();
        if !invented_code.is_empty() {
            problems.push(format!(
                "code that is not in the repository: {}",
                examples(&invented_code)
            ));
        }

        let unknown_names: Vec<&str> = page
            .code_spans
            .iter()
            .copied()
            .filter(|name| !self.name_exists(name))
            .collect();
        let unknown_files: Vec<&str> = page
            .cited_files
            .iter()
            .copied()
            .filter(|path| !self.index_names().paths.contains(path))
            .collect();
        let checked = page.code_spans.len() + page.cited_files.len();
        let unknown = unknown_names.len() + unknown_files.len();
        if checked > 0 && unknown as f64 > MAX_UNKNOWN_SHARE * checked as f64 {
            let mut named = unknown_files.clone();
            named.extend(&unknown_names);
            problems.push(format!(
                "{unknown} of {checked} backticked names and cited files do not exist in this \
                 repository: {}",
                examples(&named)
            ));
        }

        if matches!(kind, PageKind::Module(_)) && page.cited_files.is_empty() {
            problems.push(
                "the page cites nothing: cite the module's files and symbols as [[path]] or \
                 [[path#Symbol]]"
                    .to_string(),
            );
        }
        problems
    }

    /// A code line is real when the repository holds it, or when every identifier in it occurs
    /// somewhere in the repository (a call or a signature written out from real names).
    fn code_line_exists(&self, line: &str) -> bool {
        let repository = self.repository();
        if repository.lines.contains(line) {
            return true;
        }
        let names = &self.index_names().names;
        identifiers(line).all(|identifier| {
            names.contains(identifier) || repository.identifiers.contains(identifier)
        })
    }

    /// A backticked name exists when it is a path, a file or symbol name of the index, or made
    /// only of identifiers that occur in the repository (`Type::method`, `run()`).
    fn name_exists(&self, name: &str) -> bool {
        let name = name.trim();
        let IndexNames { paths, names } = self.index_names();
        if paths.contains(name) || names.contains(name) {
            return true;
        }
        if paths
            .iter()
            .any(|path| path.ends_with(name) && path[..path.len() - name.len()].ends_with('/'))
        {
            return true;
        }
        let mut parts = identifiers(name).peekable();
        if parts.peek().is_none() {
            // Punctuation or numbers only: nothing to look up.
            return true;
        }
        let repository = self.repository();
        parts.all(|part| names.contains(part) || repository.identifiers.contains(part))
    }
}

/// What the check reads from a page body.
#[derive(Debug, Default)]
struct Scanned<'b> {
    prose_words: usize,
    headings: Vec<&'b str>,
    /// Trimmed, non-empty lines of fenced code blocks other than mermaid.
    code_lines: Vec<&'b str>,
    /// Inline code spans of the prose.
    code_spans: Vec<&'b str>,
    /// The file part of each `[[path]]`, `[[path#Symbol]]` or `[[path:lines]]` citation.
    cited_files: Vec<&'b str>,
}

impl<'b> Scanned<'b> {
    fn of(body: &'b str) -> Scanned<'b> {
        let mut scanned = Scanned::default();
        // The fence that opened the current block and whether its lines are checked.
        let mut fence: Option<(&str, bool)> = None;
        for line in body.lines() {
            let trimmed = line.trim();
            if let Some((opening, checked)) = fence {
                if trimmed.starts_with(opening) && trimmed.trim_start_matches(opening).is_empty() {
                    fence = None;
                } else if checked && !trimmed.is_empty() {
                    scanned.code_lines.push(trimmed);
                }
                continue;
            }
            if let Some(opening) = ["```", "~~~"]
                .into_iter()
                .find(|opening| trimmed.starts_with(opening))
            {
                let info = trimmed.trim_start_matches(opening).trim();
                fence = Some((opening, !info.eq_ignore_ascii_case("mermaid")));
                continue;
            }
            if let Some(heading) = trimmed.strip_prefix('#') {
                let heading = heading.trim_start_matches('#').trim();
                scanned.headings.push(heading);
                scanned.scan_prose_marks(heading);
                continue;
            }
            scanned.prose_words += trimmed
                .split_whitespace()
                .filter(|word| word.chars().any(char::is_alphanumeric))
                .count();
            scanned.scan_prose_marks(trimmed);
        }
        scanned
    }

    /// Citations and inline code spans of one line of prose.
    fn scan_prose_marks(&mut self, line: &'b str) {
        let mut rest = line;
        while let Some(start) = rest.find("[[") {
            let after = &rest[start + 2..];
            let Some(end) = after.find("]]") else {
                break;
            };
            let target = &after[..end];
            let file = target
                .split(['#', ':'])
                .next()
                .unwrap_or(target)
                .trim()
                .trim_start_matches("./");
            if !file.is_empty() {
                self.cited_files.push(file);
            }
            rest = &after[end + 2..];
        }
        // Pieces between backticks at odd places are spans, if a backtick closes them.
        let pieces: Vec<&'b str> = line.split('`').collect();
        for at in (1..pieces.len().saturating_sub(1)).step_by(2) {
            if !pieces[at].trim().is_empty() {
                self.code_spans.push(pieces[at]);
            }
        }
    }
}

/// The identifiers of a text: runs of letters, digits and `_` that start with a letter or `_`.
fn identifiers(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .filter(|word| {
            word.chars()
                .next()
                .is_some_and(|first| first.is_alphabetic() || first == '_')
        })
}

fn examples(items: &[&str]) -> String {
    let mut listed: Vec<String> = items
        .iter()
        .take(MAX_EXAMPLES)
        .map(|item| format!("`{}`", item.replace('`', "'")))
        .collect();
    if items.len() > MAX_EXAMPLES {
        listed.push(format!("and {} more", items.len() - MAX_EXAMPLES));
    }
    listed.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prose_code_headings_citations_and_spans_are_told_apart() {
        let body = "## Purpose\nReads `Config` from [[src/config.rs#Config]] and [[src/lib.rs:3-9]].\n\
                    ```rust\nlet x = 1;\n\n```\n```mermaid\ngraph TD\n```\n## How it works\nAn `open span";
        let scanned = Scanned::of(body);
        assert_eq!(scanned.headings, vec!["Purpose", "How it works"]);
        assert_eq!(scanned.code_lines, vec!["let x = 1;"]);
        assert_eq!(scanned.cited_files, vec!["src/config.rs", "src/lib.rs"]);
        assert_eq!(scanned.code_spans, vec!["Config"]);
        // "Reads `Config` from [[...]] and [[...]]." is 6 words; "An `open span" 3.
        assert_eq!(scanned.prose_words, 9);
    }

    #[test]
    fn identifiers_skip_numbers_and_punctuation() {
        let found: Vec<&str> = identifiers("def calc_calc(a, b): return 3 + _x9").collect();
        assert_eq!(found, vec!["def", "calc_calc", "a", "b", "return", "_x9"]);
    }
}

/// The check against the indexed `rust-app` fixture: recorded good replies pass, recorded bad
/// ones fail for the reason they were recorded for.
#[cfg(test)]
mod golden {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::{load_file_maps, map_structural, MapOptions};
    use cartograph_core::RepoPath;
    use cartograph_graph::Graph;
    use cartograph_store::MemoryStore;
    use std::collections::BTreeMap;
    use std::path::{Path, PathBuf};

    fn golden_dir(name: &str) -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../fixtures/golden")
            .join(name)
    }

    fn read(dir: &str, name: &str) -> String {
        std::fs::read_to_string(golden_dir(dir).join(name)).unwrap()
    }

    #[test]
    fn recorded_replies_pass_or_fail_for_their_reason() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/rust-app");
        let store = MemoryStore::default();
        let mapped = map_structural(
            &store,
            &MapOptions {
                root: root.clone(),
                exclude: &[],
                local_only: &[],
                max_file_bytes: 1 << 20,
                skip_dirs: vec![],
                progress: &|_, _| {},
                on_dir: None,
            },
        )
        .unwrap();
        let files = load_file_maps(&store, &mapped.entries).unwrap();
        let graph = Graph::build(&files);
        let paths: Vec<RepoPath> = files.iter().map(|file| file.path.clone()).collect();
        let modules =
            cartograph_graph::detect_modules(&paths, cartograph_graph::is_package_manifest);
        let (summaries, texts) = (BTreeMap::new(), BTreeMap::new());
        let index = DocIndex {
            commit: None,
            files: &files,
            summaries: &summaries,
            modules: &modules,
            graph: &graph,
            texts: &texts,
            docs_dir: "docs/cartograph",
            root_name: "rust-app",
        };
        let read_source = |path: &RepoPath| std::fs::read_to_string(root.join(path.as_str())).ok();
        let check = PageCheck::new(&index, &read_source);
        // As the prompts declare them.
        let prompts = crate::prompts::Prompts::load(None).unwrap();
        let sections = prompts.get("page-module").unwrap().sections.clone();
        let revise_sections = prompts.get("page-module-revise").unwrap().sections.clone();
        assert_eq!(sections, ["Purpose", "How it works", "Key parts"]);
        assert_eq!(revise_sections, ["Purpose"]);
        let module = PageKind::Module("src".into());

        // What models wrote for this fixture, wrappers taken off as the executor does
        // (`page-module-revise/plain.md`, a 17-word stub that only tests unwrapping, would be
        // rejected as too short).
        for (dir, name) in [
            ("page-module", "claude-style.md"),
            ("page-module-revise", "fenced.md"),
            ("page-module-revise", "announced-and-tagged.md"),
        ] {
            let reply = read(dir, name);
            let body = super::super::page_reply(&reply);
            let sections = if dir == "page-module" {
                &sections
            } else {
                &revise_sections
            };
            assert_eq!(
                check.problems(&module, body, sections),
                Vec::<String>::new(),
                "{dir}/{name}"
            );
        }

        for (name, expected) in [
            ("empty.md", "0 word(s) of prose"),
            ("announcing-line-only.md", "ends announcing what follows"),
            (
                "invented-code.md",
                "code that is not in the repository: `fn calc_calc(",
            ),
            (
                "invented-files.md",
                "do not exist in this repository: `src/config/loader.rs`",
            ),
            ("another-project.md", "do not exist in this repository"),
        ] {
            let reply = read("page-check", name);
            let body = super::super::page_reply(&reply);
            for kind in [module.clone(), PageKind::Index] {
                let problems = check.problems(&kind, body, &sections);
                assert!(
                    problems.iter().any(|problem| problem.contains(expected)),
                    "{name} as {kind:?}: {problems:?}"
                );
            }
        }
        // A page about another project cites nothing of this one either.
        let other = read("page-check", "another-project.md");
        assert!(check
            .problems(&module, &other, &sections)
            .iter()
            .any(|problem| problem.contains("cites nothing")));
        // Missing sections are named.
        let unsectioned = read("page-module", "claude-style.md").replace("## Key parts", "## See");
        assert!(check
            .problems(&module, &unsectioned, &sections)
            .iter()
            .any(|problem| problem.contains("\"## Key parts\"")));
    }
}
