//! C#: namespaces (block or file-scoped), classes, records, structs, interfaces, enums,
//! delegates, methods, constructors and constants; access modifiers with C#'s defaults; `///`
//! XML docs without their `<summary>` tags; `using` directives and the names the file may use as
//! types, from which `resolve/csharp.rs` finds the files a namespace's `using` leads to.

use super::{push_import, Container, Definition, LanguageSupport};
use crate::comments::{self, CommentStyle};
use crate::resolve::csharp::GLOBAL_USING;
use crate::text::node_text;
use cartograph_core::{Import, RepoPath, Symbol, SymbolKind, Visibility};
use std::collections::{BTreeSet, HashMap};
use tree_sitter::Node;

pub(crate) struct CSharp;

impl LanguageSupport for CSharp {
    fn grammar(&self) -> tree_sitter::Language {
        tree_sitter_c_sharp::LANGUAGE.into()
    }

    fn query(&self) -> &'static str {
        include_str!("../../queries/csharp.scm")
    }

    fn call_kinds(&self) -> &'static [&'static str] {
        &["invocation_expression"]
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

    /// `using A.B;`, `using static A.B.T;` and `using X = A.B.T;` import `A.B` and `A.B.T`; a
    /// `global using` is marked with the scope `GLOBAL_USING`.
    /// Which files a namespace's import leads to depends on the names the file uses
    /// (`type_uses`), which resolution matches against the whole tree.
    fn imports(&self, _tag: &str, node: Node<'_>, source: &str, imports: &mut Vec<Import>) {
        let count = node.named_child_count();
        let Some(target) = count.checked_sub(1).and_then(|last| node.named_child(last)) else {
            return;
        };
        let target: String = node_text(target, source).split_whitespace().collect();
        push_import(imports, &target);
        // `global using A.B;` holds for every file of its project (`GlobalUsings.cs`).
        if node_text(node, source).trim_start().starts_with("global ") {
            if let Some(import) = imports.last_mut() {
                import.scope = Some(GLOBAL_USING.to_string());
            }
        }
    }

    fn type_uses(&self, root: Node<'_>, source: &str) -> Vec<String> {
        used_type_names(root, source).into_iter().collect()
    }

    /// The file's namespace (`Acme.Tests`), its first when it has several.
    fn package(&self, root: Node<'_>, source: &str) -> Option<String> {
        super::first_name_of(
            root,
            source,
            &["namespace_declaration", "file_scoped_namespace_declaration"],
        )
    }

    /// The types the file names that its own namespace, or one enclosing it, may declare in
    /// other files: C# needs no `using` for them.
    fn package_uses(
        &self,
        root: Node<'_>,
        source: &str,
        _symbols: &[cartograph_core::Symbol],
    ) -> Vec<String> {
        used_type_names(root, source).into_iter().collect()
    }

    fn settle_symbols(&self, root: Node<'_>, source: &str, symbols: &mut Vec<Symbol>) {
        name_generic_parents(symbols);
        if source.contains("Obsolete") {
            mark_obsolete(root, source, symbols);
        }
    }

    /// Namespaces are not files: `resolve/csharp.rs` resolves C# against the whole tree.
    fn resolve_import(
        &self,
        _from: &RepoPath,
        _raw: &str,
        _files: &dyn Fn(&str) -> bool,
    ) -> Option<RepoPath> {
        None
    }
}

/// Names the file may use as types, sorted and unique: capitalised identifiers outside `using`
/// directives and namespace names (`Widget` in `new Widget()`, `Math` in `Math.Max`, also a
/// method such as `Shout` in `text.Shout()`, which may be an extension method), and
/// `ObsoleteAttribute` for the attribute `[Obsolete]`. The types the file declares itself are
/// left out: inside the file they hide any imported type of the same name.
fn used_type_names(root: Node<'_>, source: &str) -> BTreeSet<String> {
    let mut declared = BTreeSet::new();
    let mut used = BTreeSet::new();
    super::walk_preorder(root, |node| {
        let kind = node.kind();
        if kind == "using_directive" {
            return false;
        }
        if kind == "identifier" {
            let text = node_text(node, source);
            if text.starts_with(|c: char| c.is_ascii_uppercase()) {
                let parent = node.parent();
                let is_name_of = |kinds: &[&str]| {
                    parent.is_some_and(|parent| {
                        kinds.contains(&parent.kind())
                            && parent.child_by_field_name("name") == Some(node)
                    })
                };
                if is_name_of(TYPE_DECLARATIONS) {
                    declared.insert(text.to_string());
                } else if is_name_of(MEMBER_DECLARATIONS) {
                    // A member's own name is no use of anything.
                } else {
                    if is_name_of(&["attribute"]) && !text.ends_with("Attribute") {
                        used.insert(format!("{text}Attribute"));
                    }
                    used.insert(text.to_string());
                }
            }
            return false;
        }
        // A namespace's name is no use of a type; its body is read.
        let parent_is_namespace = node.parent().is_some_and(|parent| {
            matches!(
                parent.kind(),
                "namespace_declaration" | "file_scoped_namespace_declaration"
            ) && parent.child_by_field_name("name") == Some(node)
        });
        !parent_is_namespace
    });
    used.retain(|name| !declared.contains(name));
    used
}

/// Node kinds that declare a type, named by their `name` field.
const TYPE_DECLARATIONS: &[&str] = &[
    "class_declaration",
    "record_declaration",
    "struct_declaration",
    "interface_declaration",
    "enum_declaration",
    "delegate_declaration",
];

/// Node kinds that declare a member, named by their `name` field.
const MEMBER_DECLARATIONS: &[&str] = &[
    "method_declaration",
    "constructor_declaration",
    "destructor_declaration",
    "property_declaration",
    "event_declaration",
    "variable_declarator",
    "enum_member_declaration",
    "local_function_statement",
    "parameter",
];

/// A member of a generic type has the type with its parameters as its parent:
/// `IRequestHandler<TRequest, TResponse>` and `IRequestHandler<TRequest>` are two types (MediatR
/// declares both in one file), each with its own `Handle`. The type keeps its plain name, which
/// is how code names it; `Symbol::name_with_type_parameters` reads the parameters from its
/// signature, as a page does to name the type and find its members.
fn name_generic_parents(symbols: &mut [Symbol]) {
    // Name → (first line, last line, name with parameters) of each generic type of that name.
    let mut generic: HashMap<String, Vec<(u32, u32, String)>> = HashMap::new();
    for symbol in symbols.iter() {
        let is_type = matches!(
            symbol.kind,
            SymbolKind::Class | SymbolKind::Struct | SymbolKind::Interface | SymbolKind::Enum
        );
        if let Some(full) = is_type
            .then(|| symbol.name_with_type_parameters())
            .flatten()
        {
            generic.entry(symbol.name.to_string()).or_default().push((
                symbol.line,
                symbol.end_line,
                full,
            ));
        }
    }
    if generic.is_empty() {
        return;
    }
    for symbol in symbols.iter_mut() {
        let Some(types) = symbol
            .parent
            .as_deref()
            .and_then(|parent| generic.get(parent))
        else {
            continue;
        };
        // The innermost type of that name whose lines hold the member.
        let owner = types
            .iter()
            .filter(|(line, end_line, _)| *line <= symbol.line && symbol.end_line <= *end_line)
            .max_by_key(|(line, ..)| *line);
        if let Some((.., full)) = owner {
            symbol.parent = Some(full.as_str().into());
        }
    }
}

/// Declarations carrying `[Obsolete]` or `[Obsolete("use X")]` (`System.ObsoleteAttribute`):
/// the pages say they are deprecated, with the message.
fn mark_obsolete(root: Node<'_>, source: &str, symbols: &mut [Symbol]) {
    super::walk_preorder(root, |node| {
        if node.kind() != "attribute" {
            return true;
        }
        let obsolete = node.child_by_field_name("name").is_some_and(|name| {
            let name = node_text(name, source);
            let name = name.rsplit('.').next().unwrap_or(name);
            name == "Obsolete" || name == "ObsoleteAttribute"
        });
        let declaration = node
            .parent()
            .filter(|list| obsolete && list.kind() == "attribute_list")
            .and_then(|list| list.parent());
        let Some(declaration) = declaration else {
            return false;
        };
        let message = node_text(node, source)
            .split_once('"')
            .and_then(|(_, rest)| rest.split_once('"'))
            .map(|(message, _)| message.to_string());
        let name = declaration.child_by_field_name("name").or_else(|| {
            // A field: `[Obsolete] public int A;` names its first variable.
            super::child_of_kind(declaration, &["variable_declaration"])
                .and_then(|variables| super::child_of_kind(variables, &["variable_declarator"]))
                .and_then(|variable| {
                    variable
                        .child_by_field_name("name")
                        .or_else(|| variable.named_child(0))
                })
        });
        if let Some(name) = name {
            let lines = declaration.start_position().row + 1..=declaration.end_position().row + 1;
            super::mark_deprecated(symbols, node_text(name, source), lines, message.as_deref());
        }
        false
    });
}
