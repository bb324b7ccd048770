//! What a Go file's build constraint says about when it is built: a variant that needs a
//! custom tag (gin's `binding_nomsgpack.go`, `//go:build nomsgpack`) or a file for a few
//! platforms only (`//go:build windows`, `exec_windows.go`). The facts come from the
//! extractor (`ParsedFile::build_constraint`) and the file's name; nothing is said where they
//! say nothing clear.

use crate::markdown::code_span;
use cartograph_core::go_build::file_name_platform;
use cartograph_core::{FileMap, Language};

/// The sentence that says when `file` is built, when it is not in every default build:
/// "Built only with the `nomsgpack` build tag.", "Built only on `windows`.", "Not built on
/// `windows`."
pub(crate) fn build_note(file: &FileMap) -> Option<String> {
    if file.language != Language::Go {
        return None;
    }
    let constraint = file.parsed.build_constraint.as_deref();
    if let Some(constraint) = constraint.filter(|constraint| !constraint.default_build) {
        if constraint.expr == "ignore" {
            return Some(format!(
                "Left out of every build by {}.",
                code_span("//go:build ignore")
            ));
        }
        let tags: Vec<String> = constraint
            .enabling_tags
            .iter()
            .map(|tag| code_span(tag))
            .collect();
        return Some(match tags.as_slice() {
            [] => format!(
                "Built only under the build constraint {}.",
                code_span(&constraint.expr)
            ),
            [tag] => format!("Built only with the {tag} build tag."),
            [first @ .., last] => format!(
                "Built only with one of the build tags {} or {last}.",
                first.join(", ")
            ),
        });
    }
    match file_name_platform(file.path.file_name()) {
        Some((Some(goos), Some(goarch))) => {
            return Some(format!(
                "Built only on {} for {}.",
                code_span(goos),
                code_span(goarch)
            ))
        }
        Some((Some(goos), None)) => return Some(format!("Built only on {}.", code_span(goos))),
        _ => {}
    }
    let constraint = constraint?;
    let platforms = |list: &[String]| -> String {
        let spans: Vec<String> = list.iter().map(|goos| code_span(goos)).collect();
        match spans.as_slice() {
            [first @ .., last] if !first.is_empty() => format!("{} or {last}", first.join(", ")),
            _ => spans.concat(),
        }
    };
    if !constraint.only_on.is_empty() {
        Some(format!("Built only on {}.", platforms(&constraint.only_on)))
    } else if !constraint.never_on.is_empty() {
        Some(format!("Not built on {}.", platforms(&constraint.never_on)))
    } else {
        None
    }
}

/// The custom build tags the notes of `files` name, which pages may write as code.
pub(crate) fn named_tags(files: &[FileMap]) -> impl Iterator<Item = String> + '_ {
    files
        .iter()
        .filter_map(|file| file.parsed.build_constraint.as_deref())
        .flat_map(|constraint| constraint.enabling_tags.iter().cloned())
}

/// `description` of `file`, after its build note when it has one.
pub(crate) fn described(file: &FileMap, description: Option<String>) -> Option<String> {
    match (build_note(file), description) {
        (Some(note), Some(description)) => Some(format!("{note} {description}")),
        (note, description) => note.or(description),
    }
}

/// True when the symbol at `at` of `file` is a Go definition of a file off in the default
/// build that a file of `files` in the same package, on in the default build, defines too
/// (gin's `Binding` in `binding_nomsgpack.go`, beside `binding.go`'s): the module's API is the
/// default build's, and lists it once, from there.
pub(crate) fn shadowed(files: &[&FileMap], file: &FileMap, at: usize) -> bool {
    if file.language != Language::Go || !file.parsed.off_by_default() {
        return false;
    }
    let Some(symbol) = file.parsed.symbols.get(at) else {
        return false;
    };
    files.iter().any(|other| {
        other.language == Language::Go
            && !other.parsed.off_by_default()
            && other.path.parent() == file.path.parent()
            && other.parsed.package == file.parsed.package
            && other
                .parsed
                .symbols
                .iter()
                .any(|own| own.name == symbol.name && own.parent == symbol.parent)
    })
}
