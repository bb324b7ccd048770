//! C: functions (prototypes only when no definition follows), structs, unions, enums,
//! typedefs and macros; `/** */`, `/* */` or `//` docs; `#include`s, resolved against the whole
//! tree in `crate::resolve::c`. C++ reuses the rules here.

use super::{Container, Definition, LanguageSupport};
use crate::comments::CommentStyle;
use crate::text::{self, node_text};
use cartograph_core::{ImportKind, RepoPath, SymbolKind, Visibility};
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

    fn call_kinds(&self) -> &'static [&'static str] {
        &["call_expression"]
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

    fn visibility(
        &self,
        definition: &Definition<'_>,
        _name: &str,
        container: Option<Container<'_>>,
        source: &str,
    ) -> Option<Visibility> {
        file_local_visibility(definition, container, source)
    }

    /// Includes resolve against the include directories of the whole tree:
    /// `crate::resolve::c`.
    fn resolve_import(
        &self,
        _from: &RepoPath,
        _raw: &str,
        _files: &dyn Fn(&str) -> bool,
    ) -> Option<RepoPath> {
        None
    }
}

/// `Private` for a `static` function or variable outside any class: it has internal linkage,
/// so no other file can name it. Elsewhere `None`, and the language's convention decides.
/// (A `static` member of a C++ class is shared by the class, not hidden in the file.)
pub(crate) fn file_local_visibility(
    definition: &Definition<'_>,
    container: Option<Container<'_>>,
    source: &str,
) -> Option<Visibility> {
    let at_file_scope = container.is_none_or(|container| container.kind == SymbolKind::Module);
    if !at_file_scope
        || !matches!(
            definition.node.kind(),
            "function_definition" | "declaration"
        )
    {
        return None;
    }
    let mut cursor = definition.node.walk();
    let is_static = definition.node.children(&mut cursor).any(|child| {
        child.kind() == "storage_class_specifier" && node_text(child, source) == "static"
    });
    is_static.then_some(Visibility::Private)
}

/// The name of a definition; for functions, the name inside the declarator (`*foo(int)` is
/// `foo`); `None` for a declaration that declares no function.
pub(crate) fn name(definition: &Definition<'_>, source: &str) -> Option<String> {
    let name_node = definition.name?;
    let name_node = match definition.node.kind() {
        "function_definition" => {
            function_name(name_node).or_else(|| macro_split_name(definition.node, name_node))?
        }
        "declaration" | "field_declaration" => function_name(name_node)?,
        _ => name_node,
    };
    let name = text::collapse_whitespace(node_text(name_node, source));
    (!name.is_empty()).then_some(name)
}

/// True when the grammar inserted a missing token among `node`'s children.
fn has_missing(node: Node<'_>) -> bool {
    let mut cursor = node.walk();
    let missing = node.children(&mut cursor).any(|child| child.is_missing());
    missing
}

/// A calling-convention macro between the type and the name (`int CJSON_CDECL main(void)`)
/// splits the definition: the grammar reads `int CJSON_CDECL` as a declaration missing its `;`,
/// then `main(void) { ... }` as a definition of type `main` with the parenthesized declarator
/// `(void)`. A function definition always has a function declarator, so this shape (and C89's
/// implicit-int `main(void) { ... }`) names the function by its "type". C++ reads the same
/// text differently (`function_name`).
fn macro_split_name<'t>(definition: Node<'t>, declarator: Node<'t>) -> Option<Node<'t>> {
    if declarator.kind() != "parenthesized_declarator" {
        return None;
    }
    definition
        .child_by_field_name("type")
        .filter(|kind| kind.kind() == "type_identifier")
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
                // C++ reads `CJSON_CDECL main` as `CJSON_CDECL::main` with the `::` missing.
                let inner = match inner.child_by_field_name("name") {
                    Some(name) if inner.kind() == "qualified_identifier" && has_missing(inner) => {
                        name
                    }
                    _ => inner,
                };
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
