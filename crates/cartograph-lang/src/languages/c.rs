//! C: functions (prototypes only when no definition follows), structs, unions, enums,
//! typedefs and macros; `/** */`, `/* */` or `//` docs; `#include "x.h"` resolved beside the
//! file, from the root or from `include/`. C++ reuses the rules here.

use super::{Definition, LanguageSupport};
use crate::comments::CommentStyle;
use crate::resolve::first_existing;
use crate::text::{self, node_text};
use cartograph_core::{ImportKind, RepoPath};
use tree_sitter::Node;

pub(crate) struct C;

impl LanguageSupport for C {
    fn grammar(&self) -> tree_sitter::Language {
        tree_sitter_c::LANGUAGE.into()
    }

    fn query(&self) -> &'static str {
        include_str!("../../queries/c.scm")
    }

    fn import_kind(&self) -> ImportKind {
        ImportKind::Include
    }

    fn comment_style(&self) -> CommentStyle {
        CommentStyle::CFamily { plain_blocks: true }
    }

    fn local_scopes(&self) -> &'static [&'static str] {
        &["function_definition"]
    }

    fn attributes(&self) -> &'static [&'static str] {
        &["attribute_specifier", "attribute_declaration"]
    }

    fn name(&self, definition: &Definition<'_>, source: &str) -> Option<String> {
        name(definition, source)
    }

    fn resolve_import(
        &self,
        from: &RepoPath,
        raw: &str,
        files: &dyn Fn(&str) -> bool,
    ) -> Option<RepoPath> {
        resolve_include(from, raw, files)
    }
}

/// The name of a definition; for functions, the name inside the declarator (`*foo(int)` is
/// `foo`); `None` for a declaration that declares no function.
pub(crate) fn name(definition: &Definition<'_>, source: &str) -> Option<String> {
    let name_node = definition.name?;
    let name_node = match definition.node.kind() {
        "function_definition" | "declaration" | "field_declaration" => function_name(name_node)?,
        _ => name_node,
    };
    let name = text::collapse_whitespace(node_text(name_node, source));
    (!name.is_empty()).then_some(name)
}

/// The declarator's name when it declares a function: through pointer, reference and
/// attribute declarators down to the function declarator. A pointer to a function (`(*f)(void)`)
/// is a variable, not a function.
pub(crate) fn function_name(declarator: Node<'_>) -> Option<Node<'_>> {
    let mut node = declarator;
    loop {
        match node.kind() {
            "function_declarator" => {
                let inner = node.child_by_field_name("declarator")?;
                return matches!(
                    inner.kind(),
                    "identifier"
                        | "field_identifier"
                        | "qualified_identifier"
                        | "destructor_name"
                        | "operator_name"
                        | "template_function"
                )
                .then_some(inner);
            }
            "pointer_declarator" | "reference_declarator" | "attributed_declarator" => {
                let count = node.named_child_count();
                node = node
                    .child_by_field_name("declarator")
                    .or_else(|| node.named_child(count.checked_sub(1)?))?;
            }
            _ => return None,
        }
    }
}

/// `"x.h"` beside the including file, then from the repository root, then from `include/` and
/// `src/`; `<x.h>` names a system or library header, outside the repository.
pub(crate) fn resolve_include(
    from: &RepoPath,
    raw: &str,
    files: &dyn Fn(&str) -> bool,
) -> Option<RepoPath> {
    if raw.starts_with('<') {
        return None;
    }
    first_existing(from.parent(), [raw], files).or_else(|| {
        ["", "include", "src"]
            .iter()
            .find_map(|root| first_existing(root, [raw], files))
    })
}
