//! C#: namespaces (block or file-scoped), classes, records, structs, interfaces, enums,
//! delegates, methods, constructors and constants; access modifiers with C#'s defaults; `///`
//! XML docs without their `<summary>` tags; `using` directives, which name namespaces, not files.

use super::{push_import, Container, Definition, LanguageSupport};
use crate::comments::{self, CommentStyle};
use crate::text::node_text;
use cartograph_core::{Import, RepoPath, SymbolKind, Visibility};
use tree_sitter::Node;

pub(crate) struct CSharp;

impl LanguageSupport for CSharp {
    fn grammar(&self) -> tree_sitter::Language {
        tree_sitter_c_sharp::LANGUAGE.into()
    }

    fn query(&self) -> &'static str {
        include_str!("../../queries/csharp.scm")
    }

    fn comment_style(&self) -> CommentStyle {
        CommentStyle::CFamily {
            plain_blocks: false,
        }
    }

    fn local_scopes(&self) -> &'static [&'static str] {
        &[
            "method_declaration",
            "constructor_declaration",
            "destructor_declaration",
            "operator_declaration",
            "local_function_statement",
            "lambda_expression",
            "anonymous_method_expression",
            "accessor_declaration",
        ]
    }

    fn attributes(&self) -> &'static [&'static str] {
        &["attribute_list"]
    }

    /// Written modifiers win (`internal` is `Crate`); without one, members of an interface are
    /// public, other members private, and top-level types internal.
    fn visibility(
        &self,
        definition: &Definition<'_>,
        _name: &str,
        container: Option<Container<'_>>,
        source: &str,
    ) -> Option<Visibility> {
        if definition.kind == SymbolKind::Module {
            return None;
        }
        let mut cursor = definition.node.walk();
        let mut written = None;
        for modifier in definition.node.named_children(&mut cursor) {
            if modifier.kind() != "modifier" {
                continue;
            }
            let visibility = match node_text(modifier, source) {
                "public" => Visibility::Public,
                "protected" => Visibility::Protected,
                "internal" => Visibility::Crate,
                "private" => Visibility::Private,
                _ => continue,
            };
            // `protected internal` is at least protected; `private protected` at most private.
            written = Some(match (written, visibility) {
                (Some(Visibility::Private), _) | (_, Visibility::Private) => Visibility::Private,
                (Some(Visibility::Protected), _) | (_, Visibility::Protected) => {
                    Visibility::Protected
                }
                _ => visibility,
            });
        }
        written.or(Some(match container {
            Some(container) if container.kind == SymbolKind::Interface => Visibility::Public,
            Some(container) if container.kind != SymbolKind::Module => Visibility::Private,
            _ => Visibility::Crate,
        }))
    }

    fn polish_doc(&self, doc: String) -> Option<String> {
        let lines = doc
            .lines()
            .map(|line| {
                line.replace("<summary>", "")
                    .replace("</summary>", "")
                    .trim()
                    .to_string()
            })
            .collect();
        comments::join_lines(lines)
    }

    /// `using A.B;`, `using static A.B;` and `using X = A.B;` all import `A.B`.
    fn imports(&self, _tag: &str, node: Node<'_>, source: &str, imports: &mut Vec<Import>) {
        let count = node.named_child_count();
        let Some(name) = count.checked_sub(1).and_then(|last| node.named_child(last)) else {
            return;
        };
        let name: String = node_text(name, source).split_whitespace().collect();
        push_import(imports, &name);
    }

    /// Namespaces are not files.
    fn resolve_import(
        &self,
        _from: &RepoPath,
        _raw: &str,
        _files: &dyn Fn(&str) -> bool,
    ) -> Option<RepoPath> {
        None
    }
}
