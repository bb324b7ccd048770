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
        let tags: Vec<String> = constraint
            .enabling_tags
            .iter()
            .map(|tag| code_span(tag))
            .collect();
        let elsewhere = match tags.as_slice() {
            [] => String::new(),
            [tag] => format!(", and elsewhere with the build tag {tag}"),
            [first @ .., last] => format!(
                ", and elsewhere with one of the build tags {} or {last}",
                first.join(", ")
            ),
        };
        Some(format!(
            "Built only on {}{elsewhere}.",
            platforms(&constraint.only_on)
        ))
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

/// The sentence that says when a Rust file is compiled, from the `#[cfg(...)]` conditions of
/// the `mod` declarations that lead to it (serde_json's `#[cfg(feature = "float_roundtrip")]
/// mod lexical;`): "Compiled only with the feature `float_roundtrip`.", "Compiled only
/// without the feature `std`.", "Compiled only under `cfg(unix)`."
pub(crate) fn rust_cfg_note(conditions: &[String]) -> Option<String> {
    let feature = |condition: &str| -> Option<String> {
        let name = condition
            .strip_prefix("feature=")?
            .trim_matches('"')
            .to_string();
        (!name.is_empty() && !name.contains(['(', ',', '"'])).then_some(name)
    };
    let mut with: Vec<String> = Vec::new();
    let mut without: Vec<String> = Vec::new();
    let mut other: Vec<String> = Vec::new();
    // `all(unix,not(feature="std"))` is each of its parts.
    let mut parts: Vec<&str> = Vec::new();
    for condition in conditions {
        match condition
            .strip_prefix("all(")
            .and_then(|rest| rest.strip_suffix(')'))
        {
            Some(inner) => parts.extend(split_top_level(inner)),
            None => parts.push(condition),
        }
    }
    for condition in parts {
        if let Some(name) = feature(condition) {
            with.push(code_span(&name));
        } else if let Some(name) = condition
            .strip_prefix("not(")
            .and_then(|rest| rest.strip_suffix(')'))
            .and_then(feature)
        {
            without.push(code_span(&name));
        } else if condition == "any()" {
            return Some("Never compiled: `cfg(any())` is never true.".to_string());
        } else if condition == "test" {
            return Some("Compiled only for the crate's own tests.".to_string());
        } else {
            other.push(code_span(&format!("cfg({condition})")));
        }
    }
    let list = |names: &[String]| -> String {
        match names {
            [only] => only.clone(),
            [first @ .., last] => format!("{} and {last}", first.join(", ")),
            [] => String::new(),
        }
    };
    let mut parts: Vec<String> = Vec::new();
    match with.len() {
        0 => {}
        1 => parts.push(format!("with the feature {}", list(&with))),
        _ => parts.push(format!("with the features {}", list(&with))),
    }
    match without.len() {
        0 => {}
        1 => parts.push(format!("without the feature {}", list(&without))),
        _ => parts.push(format!("without the features {}", list(&without))),
    }
    if !other.is_empty() {
        parts.push(format!("under {}", list(&other)));
    }
    (!parts.is_empty()).then(|| format!("Compiled only {}.", parts.join(" and ")))
}

/// `a,not(b),c` split at its top-level commas.
fn split_top_level(text: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut depth = 0usize;
    let mut start = 0;
    for (at, c) in text.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            ',' if depth == 0 => {
                parts.push(&text[start..at]);
                start = at + 1;
            }
            _ => {}
        }
    }
    parts.push(&text[start..]);
    parts.into_iter().filter(|part| !part.is_empty()).collect()
}

/// `description` of `file`, after its build note when it has one: Go's build constraint, else
/// the `cfg` conditions (`rust_cfg`) a Rust file is compiled under.
pub(crate) fn described(
    file: &FileMap,
    rust_cfg: Option<&[String]>,
    description: Option<String>,
) -> Option<String> {
    let note = build_note(file).or_else(|| rust_cfg.and_then(rust_cfg_note));
    match (note, description) {
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

#[cfg(test)]
mod tests {
    use super::rust_cfg_note;

    #[test]
    fn rust_cfg_conditions_read_as_features_and_platforms() {
        let note = |conditions: &[&str]| {
            let owned: Vec<String> = conditions.iter().map(|c| c.to_string()).collect();
            rust_cfg_note(&owned)
        };
        assert_eq!(
            note(&["feature=\"float_roundtrip\""]).as_deref(),
            Some("Compiled only with the feature `float_roundtrip`.")
        );
        assert_eq!(
            note(&["all(unix,not(feature=\"std\"))", "feature=\"io\""]).as_deref(),
            Some("Compiled only with the feature `io` and without the feature `std` and under `cfg(unix)`.")
        );
        assert_eq!(
            note(&["test"]).as_deref(),
            Some("Compiled only for the crate's own tests.")
        );
        assert_eq!(note(&[]), None);
    }
}
