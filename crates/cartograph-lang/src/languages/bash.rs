//! Bash: functions, `#` docs, the leading comment as the file doc, and `source`/`.` of files
//! beside the script (also through `$(dirname "$0")` and the like) or from the root.

use super::{Container, Definition, LanguageSupport};
use crate::comments::CommentStyle;
use crate::resolve::first_existing;
use cartograph_core::{RepoPath, Visibility};

pub(crate) struct Bash;

impl LanguageSupport for Bash {
    fn grammar(&self) -> tree_sitter::Language {
        tree_sitter_bash::LANGUAGE.into()
    }

    fn query(&self) -> &'static str {
        include_str!("../../queries/bash.scm")
    }

    fn comment_style(&self) -> CommentStyle {
        CommentStyle::Hash
    }

    fn local_scopes(&self) -> &'static [&'static str] {
        &["function_definition"]
    }

    /// A script offers no API: its functions serve the script itself (or, when it is
    /// sourced, whoever sources it, which is not a published interface either).
    fn visibility(
        &self,
        _definition: &Definition<'_>,
        _name: &str,
        _container: Option<Container<'_>>,
        _source: &str,
    ) -> Option<Visibility> {
        Some(Visibility::Private)
    }

    /// tree-sitter-bash's scanner calls `isdigit` on the lookahead after `{`.
    fn narrow_code_points(&self) -> bool {
        true
    }

    fn resolve_import(
        &self,
        from: &RepoPath,
        raw: &str,
        files: &dyn Fn(&str) -> bool,
    ) -> Option<RepoPath> {
        if let Some(in_script_dir) = strip_script_dir(raw) {
            return first_existing(from.parent(), [in_script_dir], files);
        }
        if raw.contains('$') || raw.starts_with('/') || raw.starts_with('~') {
            return None;
        }
        // A plain path is relative to the working directory: the script's own or the root.
        first_existing(from.parent(), [raw], files).or_else(|| first_existing("", [raw], files))
    }
}

/// The rest of a path that starts with the script's directory: `$(dirname "$0")/x`,
/// `${BASH_SOURCE%/*}/x`, or a variable such as `$DIR/x`, which scripts set to their directory.
fn strip_script_dir(raw: &str) -> Option<&str> {
    if raw.starts_with("$(dirname") {
        return raw.split_once(")/").map(|(_, rest)| rest);
    }
    if raw.starts_with("${") {
        return raw.split_once("}/").map(|(_, rest)| rest);
    }
    let variable = raw.strip_prefix('$')?;
    let name_end = variable
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(variable.len());
    variable[name_end..]
        .strip_prefix('/')
        .filter(|_| name_end > 0)
}
