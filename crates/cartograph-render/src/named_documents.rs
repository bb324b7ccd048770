//! Hand-written documents named after the code they explain: starlette's `docs/routing.md` is
//! about `starlette/routing.py`, flask's `docs/blueprints.rst` about `src/flask/blueprints.py`,
//! starlette's `docs/middleware.md` about the package `starlette/middleware`. A file or module
//! without a doc of its own is described by its document's opening sentence, cited.

use crate::context::{is_document, Context};
use crate::markdown::{first_line, first_paragraph};
use cartograph_core::{FileMap, Module, RepoPath};
use std::collections::BTreeMap;

/// Names too common to tie a document to one file: `docs/index.md` is not about `index.ts`,
/// nor `docs/api.md` about `api.py`.
const GENERIC_NAMES: &[&str] = &[
    "__init__",
    "__main__",
    "api",
    "architecture",
    "authors",
    "code_of_conduct",
    "common",
    "conftest",
    "contributing",
    "design",
    "example",
    "examples",
    "faq",
    "glossary",
    "guide",
    "helpers",
    "helper",
    "index",
    "init",
    "install",
    "installation",
    "intro",
    "introduction",
    "lib",
    "main",
    "migration",
    "mod",
    "overview",
    "quickstart",
    "reference",
    "security",
    "setup",
    "support",
    "test",
    "testing_guide",
    "tests",
    "todo",
    "tutorial",
    "types",
    "upgrading",
    "usage",
    "util",
    "utils",
];

/// The longest opening sentence taken from a document.
const MAX_SENTENCE_CHARS: usize = 160;

/// The key a file, a directory or a document is matched by: its name without extensions, in
/// lower case, `-` and a camelCase word boundary read as `_` (`server-push.md` and
/// `server_push.py`; zustand's `subscribe-with-selector.md` and `subscribeWithSelector.ts`).
fn name_key(name: &str) -> String {
    let stem = name.split('.').next().unwrap_or(name);
    let mut key = String::with_capacity(stem.len() + 4);
    let mut previous: Option<char> = None;
    for c in stem.chars() {
        if c.is_ascii_uppercase()
            && previous.is_some_and(|before| before.is_ascii_lowercase() || before.is_ascii_digit())
        {
            key.push('_');
        }
        key.push(if c == '-' {
            '_'
        } else {
            c.to_ascii_lowercase()
        });
        previous = Some(c);
    }
    key
}

/// Per file or module path, the opening sentence of the one hand-written document named like it
/// and the document: `starlette/routing.py` → ("Starlette has a simple but capable request
/// routing system.", `docs/routing.md`). A name is matched only when exactly one document and
/// exactly one of the project's files or modules (tests, examples, benchmarks and the docs'
/// own code left out) bear it, and only when the opening paragraph names the file's subject:
/// one of its definitions (`Request`) or a word of its name (`routing`, "configuration" for
/// `config`).
pub(crate) fn named_documents<'a>(
    context: &Context<'a>,
    modules: &'a [Module],
) -> BTreeMap<String, (String, &'a RepoPath)> {
    let generated = context.docs_dir.join("/");
    let mut documents: BTreeMap<String, Vec<(&'a RepoPath, &'a str)>> = BTreeMap::new();
    for (path, text) in context.index.texts {
        let inside_generated = !generated.is_empty()
            && path
                .as_str()
                .strip_prefix(generated.as_str())
                .is_some_and(|rest| rest.starts_with('/'));
        if !is_document(path) || inside_generated || !context.files.contains_key(path.as_str()) {
            continue;
        }
        let key = name_key(path.file_name());
        if !GENERIC_NAMES.contains(&key.as_str()) {
            documents.entry(key).or_default().push((path, text));
        }
    }
    if documents.is_empty() {
        return BTreeMap::new();
    }
    let graph = context.index.graph;
    let project_code = |path: &RepoPath| {
        !cartograph_graph::is_test_path(path)
            && !crate::structural::in_example_suite(path)
            && !cartograph_graph::is_benchmark_path(path)
            && !graph.is_docs_dir(path.parent())
    };
    // Per key, the files and modules that bear it, with what they define.
    let mut subjects: BTreeMap<String, Vec<(String, Vec<&'a FileMap>)>> = BTreeMap::new();
    for file in context.index.files {
        if !file.language.is_code() || !project_code(&file.path) {
            continue;
        }
        let key = name_key(file.path.file_name());
        if documents.contains_key(&key) {
            subjects
                .entry(key)
                .or_default()
                .push((file.path.to_string(), vec![file]));
        }
    }
    for module in modules {
        let Some(name) = module
            .path
            .rsplit('/')
            .next()
            .filter(|name| !name.is_empty())
        else {
            continue;
        };
        let key = name_key(name);
        if !documents.contains_key(&key) {
            continue;
        }
        let Ok(path) = RepoPath::new(&format!("{}/x", module.path)) else {
            continue;
        };
        if !project_code(&path) {
            continue;
        }
        let files: Vec<&'a FileMap> = module
            .files
            .iter()
            .filter_map(|file| context.file(file.as_str()))
            .collect();
        subjects
            .entry(key)
            .or_default()
            .push((module.path.clone(), files));
    }
    let mut found = BTreeMap::new();
    for (key, bearers) in subjects {
        let ([(subject, files)], Some([(document, text)])) =
            (bearers.as_slice(), documents.get(&key).map(Vec::as_slice))
        else {
            continue;
        };
        let Some(paragraph) = first_paragraph(text, 600) else {
            continue;
        };
        // The sentence shown must name it (itsdangerous' `docs/serializer.rst` opens with
        // "The :doc:`/signer` only signs bytes.", of the signer; `Serializer` comes after).
        if !first_line(&paragraph, MAX_SENTENCE_CHARS)
            .is_some_and(|sentence| names_subject(&sentence, &key, files))
        {
            continue;
        }
        // A sentence that points into the document ("as shown in the above example", pino's
        // `docs/redaction.md`) reads wrongly away from it.
        let lower = paragraph.to_ascii_lowercase();
        if ["above", "below", "following", "previous"]
            .iter()
            .any(|word| {
                lower
                    .split(|c: char| !c.is_alphanumeric())
                    .any(|w| w == *word)
            })
        {
            continue;
        }
        if let Some(sentence) = first_line(&paragraph, MAX_SENTENCE_CHARS) {
            found.insert(subject.clone(), (sentence, *document));
        }
    }
    found
}

/// True when `paragraph` names one of the definitions of `files` (three letters or more) or a
/// word of `key`: a word that starts with it ("configuration" for `config`), that it starts
/// with ("request" for `requests`), or that shares its first six letters ("templates" for
/// `templating`).
fn names_subject(paragraph: &str, key: &str, files: &[&FileMap]) -> bool {
    let words: Vec<&str> = paragraph
        .split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .filter(|word| word.len() >= 3)
        .collect();
    let defined = |word: &str| {
        files.iter().any(|file| {
            file.parsed
                .symbols
                .iter()
                .any(|symbol| symbol.parent.is_none() && symbol.name == word)
        })
    };
    let key_words: Vec<&str> = key.split('_').filter(|part| part.len() >= 4).collect();
    let related = |word: &str| {
        let word = word.to_ascii_lowercase();
        key_words.iter().any(|part| {
            let shared = part
                .chars()
                .zip(word.chars())
                .take_while(|(a, b)| a == b)
                .count();
            word.starts_with(part)
                || (word.len() >= 5 && part.starts_with(word.as_str()))
                || shared >= 6
        })
    };
    words.iter().any(|word| related(word) || defined(word))
}

#[cfg(test)]
mod tests {
    /// A document names a file in kebab case, snake case or camelCase alike.
    #[test]
    fn names_match_across_cases() {
        let key = super::name_key;
        assert_eq!(key("subscribe-with-selector.md"), "subscribe_with_selector");
        assert_eq!(key("subscribeWithSelector.ts"), "subscribe_with_selector");
        assert_eq!(key("server_push.py"), "server_push");
        assert_eq!(key("HTTPServer.java"), "httpserver");
        assert_eq!(key("__init__.py"), "__init__");
    }
}
