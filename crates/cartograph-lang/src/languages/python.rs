//! Python: functions, classes and module constants, docstrings, `_private` names, and imports
//! resolved as modules or packages from the file's package, the root or `src/`.

use super::{push_import, Container, Definition, FileContext, LanguageSupport};
use crate::comments::{self, CommentStyle};
use crate::resolve::{ancestors, first_existing, join};
use crate::text::node_text;
use cartograph_core::{Import, RepoPath, Visibility};
use tree_sitter::Node;

pub(crate) struct Python;

impl LanguageSupport for Python {
    fn grammar(&self) -> tree_sitter::Language {
        tree_sitter_python::LANGUAGE.into()
    }

    fn query(&self) -> &'static str {
        include_str!("../../queries/python.scm")
    }

    fn comment_style(&self) -> CommentStyle {
        CommentStyle::None
    }

    fn local_scopes(&self) -> &'static [&'static str] {
        &["function_definition", "lambda"]
    }

    fn wrappers(&self) -> &'static [&'static str] {
        &["decorated_definition"]
    }

    fn attributes(&self) -> &'static [&'static str] {
        &["decorator"]
    }

    /// A leading underscore makes a name private by convention; `__dunder__` names are public.
    fn visibility(
        &self,
        _definition: &Definition<'_>,
        name: &str,
        _container: Option<Container<'_>>,
        _source: &str,
    ) -> Option<Visibility> {
        let dunder = name.len() > 4 && name.starts_with("__") && name.ends_with("__");
        Some(if name.starts_with('_') && !dunder {
            Visibility::Private
        } else {
            Visibility::Public
        })
    }

    fn docstring(&self, definition: &Definition<'_>, source: &str) -> Option<String> {
        docstring_of_block(definition.node.child_by_field_name("body")?, source)
    }

    fn imports(&self, tag: &str, node: Node<'_>, source: &str, imports: &mut Vec<Import>) {
        let module = node_text(node, source);
        // `from . import a, b` imports the modules (or names) `.a` and `.b`.
        if tag == "from" && !module.is_empty() && module.bytes().all(|byte| byte == b'.') {
            if let Some(statement) = node.parent() {
                let mut cursor = statement.walk();
                for name in statement.children_by_field_name("name", &mut cursor) {
                    let name = match name.kind() {
                        "aliased_import" => name.child_by_field_name("name").unwrap_or(name),
                        _ => name,
                    };
                    push_import(imports, &format!("{module}{}", node_text(name, source)));
                }
            }
            return;
        }
        push_import(imports, module);
    }

    fn file_doc(&self, file: &FileContext<'_, '_>) -> Option<String> {
        docstring_of_block(file.root, file.source)
    }

    fn resolve_import(
        &self,
        from: &RepoPath,
        raw: &str,
        files: &dyn Fn(&str) -> bool,
    ) -> Option<RepoPath> {
        let dots = raw.bytes().take_while(|byte| *byte == b'.').count();
        let module_path = raw[dots..].replace('.', "/");
        if dots > 0 {
            // One dot is the file's own package; each further dot goes one package up.
            let mut package = from.parent();
            for _ in 1..dots {
                package = package.rsplit_once('/').map_or("", |(parent, _)| parent);
            }
            if module_path.is_empty() {
                return first_existing(package, ["__init__.py"], files);
            }
            return module_candidates(package, &module_path, files)
                .or_else(|| first_existing(package, ["__init__.py"], files));
        }
        if module_path.is_empty() {
            return None;
        }
        let package_root = top_package_parent(from, files);
        let found = ["", "src"]
            .into_iter()
            .chain(package_root.as_deref())
            .find_map(|root| module_candidates(root, &module_path, files));
        found
    }
}

/// `dir/module.py` or `dir/module/__init__.py`.
fn module_candidates(
    dir: &str,
    module_path: &str,
    files: &dyn Fn(&str) -> bool,
) -> Option<RepoPath> {
    first_existing(
        dir,
        [
            format!("{module_path}.py"),
            format!("{module_path}/__init__.py"),
        ],
        files,
    )
}

/// The directory that holds the top-level package of `from`: the parent of the highest
/// ancestor directory with an `__init__.py` in an unbroken chain from the file's own directory.
fn top_package_parent(from: &RepoPath, files: &dyn Fn(&str) -> bool) -> Option<String> {
    let mut top = None;
    for dir in ancestors(from.parent()).filter(|dir| !dir.is_empty()) {
        if !files(&join(dir, "__init__.py")) {
            break;
        }
        top = Some(dir);
    }
    let top = top?;
    Some(
        top.rsplit_once('/')
            .map_or("", |(parent, _)| parent)
            .to_string(),
    )
}

/// The docstring of a module or a `def`/`class` body: its first statement, when that is a string.
fn docstring_of_block(block: Node<'_>, source: &str) -> Option<String> {
    let mut cursor = block.walk();
    let first = block
        .named_children(&mut cursor)
        .find(|child| child.kind() != "comment")?;
    if first.kind() != "expression_statement" || first.named_child_count() != 1 {
        return None;
    }
    let string = first
        .named_child(0)
        .filter(|child| child.kind() == "string")?;
    clean_docstring(node_text(string, source))
}

/// The text of a string literal used as a docstring, cleaned as `inspect.cleandoc` does.
fn clean_docstring(literal: &str) -> Option<String> {
    let body = literal.trim_start_matches(|c: char| c.is_ascii_alphabetic());
    let body = ["\"\"\"", "'''", "\"", "'"]
        .iter()
        .find_map(|quote| body.strip_prefix(quote)?.strip_suffix(quote))?;
    let mut lines = body.lines();
    let first = lines.next().unwrap_or("").trim().to_string();
    let rest: Vec<&str> = lines.collect();
    let indent = rest
        .iter()
        .filter(|line| !line.trim().is_empty())
        .map(|line| comments::leading_blanks(line))
        .min()
        .unwrap_or(0);
    let mut cleaned = vec![first];
    cleaned.extend(
        rest.iter()
            .map(|line| line.get(indent..).unwrap_or("").trim_end().to_string()),
    );
    comments::join_lines(cleaned)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cleans_docstrings() {
        assert_eq!(clean_docstring("\"\"\"One.\"\"\"").as_deref(), Some("One."));
        assert_eq!(
            clean_docstring("r'''Summary.\n\n    Body\n      indented\n    '''").as_deref(),
            Some("Summary.\n\nBody\n  indented")
        );
        assert_eq!(clean_docstring("'x'").as_deref(), Some("x"));
        assert_eq!(clean_docstring("\"\"\"\"\"\""), None);
    }
}
