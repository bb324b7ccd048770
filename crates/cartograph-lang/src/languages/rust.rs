//! Rust: items, `impl` blocks named `Type` or `Trait for Type`, `pub` visibility, `///` and `//!`
//! docs, `use` paths and `mod` declarations resolved through the module tree.

use super::{Container, Definition, FileContext, LanguageSupport};
use crate::comments::{self, CommentStyle};
use crate::text::{self, node_text};
use cartograph_core::{BoxedStr, Import, ImportKind, RepoPath, Symbol, SymbolKind, Visibility};
use tree_sitter::Node;

pub(crate) struct Rust;

impl LanguageSupport for Rust {
    fn grammar(&self) -> tree_sitter::Language {
        tree_sitter_rust::LANGUAGE.into()
    }

    fn query(&self) -> &'static str {
        include_str!("../../queries/rust.scm")
    }

    fn call_kinds(&self) -> &'static [&'static str] {
        &["call_expression"]
    }

    fn comment_style(&self) -> CommentStyle {
        CommentStyle::Rust
    }

    fn local_scopes(&self) -> &'static [&'static str] {
        &["function_item", "closure_expression"]
    }

    fn attributes(&self) -> &'static [&'static str] {
        &["attribute_item", "inner_attribute_item"]
    }

    fn name(&self, definition: &Definition<'_>, source: &str) -> Option<String> {
        let node = definition.node;
        if node.kind() != "impl_item" {
            let name = text::collapse_whitespace(node_text(definition.name?, source));
            // `const _: () = { ... };` names nothing.
            return (!name.is_empty() && name != "_").then_some(name);
        }
        let self_type =
            text::collapse_whitespace(node_text(node.child_by_field_name("type")?, source));
        Some(match node.child_by_field_name("trait") {
            Some(trait_node) => {
                let negative = if is_negative_impl(node) { "!" } else { "" };
                format!(
                    "{negative}{} for {self_type}",
                    text::collapse_whitespace(node_text(trait_node, source))
                )
            }
            None => self_type,
        })
    }

    fn visibility(
        &self,
        definition: &Definition<'_>,
        _name: &str,
        container: Option<Container<'_>>,
        source: &str,
    ) -> Option<Visibility> {
        if definition.kind == SymbolKind::Impl {
            return None;
        }
        // `#[macro_export]` puts a `macro_rules!` at the crate's root, whatever module holds
        // it (anyhow's `bail!` in its private `macros.rs`); `#[doc(hidden)]` keeps it out of
        // the API (`__private` helpers of other macros).
        // A `#[cfg(test)]` macro exists only in the crate's own tests (ripgrep's
        // `assert_eq_printed!`).
        if definition.kind == SymbolKind::Macro {
            let exported = attributes_above(definition.outer, source)
                .any(|attribute| attribute.contains("macro_export"));
            let hidden = doc_hidden(definition.outer, source)
                || attributes_above(definition.outer, source).any(|attribute| {
                    let compact: String = attribute.split_whitespace().collect();
                    compact.starts_with("#[cfg(test)")
                });
            return match (exported, hidden) {
                (true, false) => Some(Visibility::Public),
                (true, true) => Some(Visibility::Crate),
                (false, _) => None,
            };
        }
        // Items of a trait, or of a trait's impl, are as visible as the trait.
        if let Some(container) = container {
            let in_trait_impl =
                container.kind == SymbolKind::Impl && container.name.contains(" for ");
            // serde_json's sealed `Read` trait: its `#[doc(hidden)]` methods are for the
            // crate's own deserializer, not users.
            if container.kind == SymbolKind::Trait && doc_hidden(definition.outer, source) {
                return Some(Visibility::Crate);
            }
            if container.kind == SymbolKind::Trait || in_trait_impl {
                return None;
            }
        }
        let modifier = super::child_of_kind(definition.node, &["visibility_modifier"]);
        let Some(modifier) = modifier else {
            return Some(Visibility::Private);
        };
        // `#[doc(hidden)] pub enum State` is `pub` for macros and sibling crates, and no API
        // (serde_json: "Not public API. Should be pub(crate).").
        // Nor is an item compiled only for rustdoc's doctests or the crate's tests
        // (env_logger's `#[cfg(doctest)] pub struct ReadmeDoctests`, which runs the README's
        // examples).
        let test_only = attributes_above(definition.outer, source).any(|attribute| {
            let compact: String = attribute.split_whitespace().collect();
            compact.starts_with("#[cfg(doctest)") || compact.starts_with("#[cfg(test)")
        });
        if doc_hidden(definition.outer, source) || test_only {
            return Some(Visibility::Crate);
        }
        let modifier: String = node_text(modifier, source).split_whitespace().collect();
        Some(match modifier.as_str() {
            "pub" => Visibility::Public,
            "pub(self)" => Visibility::Private,
            _ => Visibility::Crate,
        })
    }

    fn import_kind(&self) -> ImportKind {
        ImportKind::Use
    }

    fn imports(&self, tag: &str, node: Node<'_>, source: &str, imports: &mut Vec<Import>) {
        match tag {
            "mod" => module_item(node, source, imports),
            "extern_crate" => extern_crate(node, source, imports),
            "doc_include" => doc_include(node, source, imports),
            crate::engine::PATH_TAG => code_path(node, source, imports),
            "macro_paths" => macro_paths(node, source, imports),
            "rule_paths" => rule_paths(node, source, imports),
            _ => use_tree(node, source, imports),
        }
    }

    /// The crate or module doc: the `//!` and `/*! */` comments before the first item.
    fn file_doc(&self, file: &FileContext<'_, '_>) -> Option<String> {
        let inner_docs: Vec<&str> = file
            .trivia
            .iter()
            .take_while(|item| item.end <= file.code_start)
            .filter(|item| !item.is_attribute)
            .map(|item| item.text(file.source))
            .filter(|comment| comments::is_rust_inner_doc(comment))
            .collect();
        comments::clean(&inner_docs)
    }

    /// `#[macro_export] macro_rules!` written inside another macro's invocation (anyhow's
    /// `ensure!`, given to a `__ensure![...]` that adds its doc; a `cfg_if!` branch): the
    /// grammar sees only tokens there, so the walk finds no definition.
    /// A module declared more than once (log's `#[cfg(not(feature = "kv_unstable"))] mod
    /// value;` and `#[cfg(feature = "kv_unstable")] pub mod value;`, which only changes whether
    /// it is public) is one declaration, compiled under either condition and public if one is.
    fn settle_imports(&self, _root: Node<'_>, _source: &str, imports: &mut Vec<Import>) {
        let mut at = 0;
        while at < imports.len() {
            let same = |other: &Import, first: &Import| {
                other.kind == ImportKind::ModDeclaration
                    && other.raw == first.raw
                    && other.scope == first.scope
                    && other.path_attribute == first.path_attribute
            };
            if imports[at].kind != ImportKind::ModDeclaration {
                at += 1;
                continue;
            }
            let first = imports[at].clone();
            let others: Vec<usize> = (at + 1..imports.len())
                .filter(|&other| same(&imports[other], &first))
                .collect();
            if !others.is_empty() {
                let conditions: Vec<Option<&str>> = std::iter::once(first.condition.as_deref())
                    .chain(
                        others
                            .iter()
                            .map(|&other| imports[other].condition.as_deref()),
                    )
                    .collect();
                let condition = either(&conditions);
                let private = others.iter().all(|&other| imports[other].private) && first.private;
                // Public under some conditions only: the conditions of its `pub` declarations.
                let all = std::iter::once(at).chain(others.iter().copied());
                let (public, hidden): (Vec<usize>, Vec<usize>) =
                    all.partition(|&index| !imports[index].private);
                let public_condition = (!public.is_empty() && !hidden.is_empty())
                    .then(|| {
                        let conditions: Vec<Option<&str>> = public
                            .iter()
                            .map(|&index| imports[index].condition.as_deref())
                            .collect();
                        either(&conditions)
                    })
                    .flatten();
                for &other in others.iter().rev() {
                    imports.remove(other);
                }
                imports[at].condition = condition;
                imports[at].private = private;
                imports[at].public_condition = public_condition;
            }
            at += 1;
        }
    }

    fn settle_symbols(&self, root: Node<'_>, source: &str, symbols: &mut Vec<Symbol>) {
        if source.contains("macro_rules") {
            exported_macros_in_invocations(root, source, symbols);
        }
        if source.contains("#[deprecated") {
            mark_deprecated(root, source, symbols);
        }
        if source.contains("#[proc_macro") {
            mark_procedural_macros(root, source, symbols);
        }
    }

    /// The macros the file invokes by their bare name (`macros_invoked`, as `name!`) and, in a
    /// file that brings every name of one of its crate's modules (`use crate::util::*`, `use
    /// super::*` at the top of a file), the names it may take from there, which the graph
    /// looks up in the module the glob resolves to: the names that are types, called, invoked
    /// as macros or written as constants; not the file's own top-level names.
    fn package_uses(&self, root: Node<'_>, source: &str, symbols: &[Symbol]) -> Vec<String> {
        let mut uses = macros_invoked(root, source, symbols);
        if !source.contains("::*") || !has_local_glob(root, source) {
            return uses;
        }
        uses.extend(glob_names(root, source, symbols));
        uses.sort();
        uses.dedup();
        uses
    }

    /// Rust paths resolve through the crate's module tree: `crate::resolve::rust`.
    fn resolve_import(
        &self,
        _from: &RepoPath,
        _raw: &str,
        _files: &dyn Fn(&str) -> bool,
    ) -> Option<RepoPath> {
        None
    }
}

/// The macros a file invokes by their bare name and does not define, each as `name!`
/// (anyhow's `context.rs` invokes `backtrace!()`, a `macro_rules!` of `backtrace.rs`, which
/// its crate's modules see by textual scope): the graph finds the file of its crate defining
/// each. The standard library's are left out.
fn macros_invoked(root: Node<'_>, source: &str, symbols: &[Symbol]) -> Vec<String> {
    const STD: &[&str] = &[
        "assert",
        "assert_eq",
        "assert_ne",
        "cfg",
        "column",
        "compile_error",
        "concat",
        "dbg",
        "debug_assert",
        "debug_assert_eq",
        "debug_assert_ne",
        "env",
        "eprint",
        "eprintln",
        "file",
        "format",
        "format_args",
        "include",
        "include_bytes",
        "include_str",
        "line",
        "matches",
        "module_path",
        "option_env",
        "panic",
        "print",
        "println",
        "stringify",
        "thread_local",
        "todo",
        "unimplemented",
        "unreachable",
        "vec",
        "write",
        "writeln",
    ];
    // `bitflags! {` is written with a space as often as without.
    if !source.contains('!') {
        return Vec::new();
    }
    let mut found: std::collections::BTreeSet<&str> = std::collections::BTreeSet::new();
    super::walk_preorder(root, |node| {
        if node.kind() == "macro_invocation" {
            if let Some(name) = node
                .child_by_field_name("macro")
                .filter(|name| name.kind() == "identifier")
            {
                let name = node_text(name, source);
                if !STD.contains(&name)
                    && !symbols
                        .iter()
                        .any(|symbol| symbol.kind == SymbolKind::Macro && symbol.name == name)
                {
                    found.insert(name);
                }
            }
        }
        true
    });
    // A macro's body calls the crate's other macros by path (anyhow's `ensure!` expands to
    // `$crate::__parse_ensure!`, `bail!` to `$crate::__anyhow!`), tokens no tree reads as an
    // invocation.
    for (at, _) in source.match_indices("$crate::") {
        let rest = &source[at + "$crate::".len()..];
        let end = rest
            .find(|c: char| !(c.is_alphanumeric() || c == '_'))
            .unwrap_or(rest.len());
        let name = &rest[..end];
        if !name.is_empty()
            && rest[end..].starts_with('!')
            && !symbols
                .iter()
                .any(|symbol| symbol.kind == SymbolKind::Macro && symbol.name == name)
        {
            found.insert(name);
        }
    }
    found.into_iter().map(|name| format!("{name}!")).collect()
}

/// The names a file that globs a module of its own crate may take from there (see
/// `Rust::package_uses`).
fn glob_names(root: Node<'_>, source: &str, symbols: &[Symbol]) -> Vec<String> {
    let own: std::collections::HashSet<&str> = symbols
        .iter()
        .filter(|symbol| symbol.parent.is_none())
        .map(|symbol| symbol.name.as_str())
        .collect();
    let mut used: std::collections::BTreeSet<&str> = std::collections::BTreeSet::new();
    super::walk_preorder(root, |node| {
        let named = match node.kind() {
            "use_declaration" => return false,
            "type_identifier" => true,
            "identifier" => node.parent().is_some_and(|parent| {
                let is_field = |field: &str| {
                    parent
                        .child_by_field_name(field)
                        .is_some_and(|child| child.id() == node.id())
                };
                let text = node_text(node, source);
                // Inside a macro's tokens (`assert_eq!(…, bail_fmt().unwrap_err())`): a
                // name called, or written as a type or constant is.
                let in_tokens = parent.kind() == "token_tree"
                    && (text.starts_with(|c: char| c.is_ascii_uppercase())
                        || node.next_sibling().is_some_and(|next| {
                            next.kind() == "token_tree" && node_text(next, source).starts_with('(')
                        }));
                // `fast_path::<f32>(…)`: the name under the turbofish is called.
                (matches!(parent.kind(), "call_expression" | "generic_function")
                    && is_field("function"))
                    || (parent.kind() == "macro_invocation" && is_field("macro"))
                    || in_tokens
                    || is_constant_name(text)
            }),
            _ => false,
        };
        if named {
            let name = node_text(node, source);
            // `Self::A` inside a macro's tokens names the type being defined.
            if !own.contains(name) && name != "Self" {
                used.insert(name);
            }
        }
        true
    });
    used.into_iter().map(str::to_string).collect()
}

/// True when the file may glob a module of its own crate: `use crate::util::*` anywhere, a
/// `use super::*` / `use self::x::*` outside an inline module (inside one, `super` is most
/// often the file itself: `mod tests { use super::*; }`), or a glob of another crate but the
/// standard library's, which may be the project's own seen from its tests (`use http::*`).
fn has_local_glob(root: Node<'_>, source: &str) -> bool {
    let mut found = false;
    super::walk_preorder(root, |node| {
        if found {
            return false;
        }
        if node.kind() != "use_declaration" {
            return true;
        }
        let text = node_text(node, source);
        let path = text
            .split_once("use ")
            .map_or("", |(_, path)| path.trim_start());
        let nested = std::iter::successors(node.parent(), Node::parent)
            .any(|outer| outer.kind() == "mod_item");
        // Another crate's glob may be the project's own crate seen from its tests, benches
        // and examples (http's `tests/header_map.rs`: `use http::*;`): the graph finds out.
        let first = path.split("::").next().unwrap_or_default().trim();
        found = path.trim_end_matches(';').trim_end().ends_with("::*")
            && match first {
                "crate" => true,
                "super" | "self" => !nested,
                "std" | "core" | "alloc" | "" => false,
                _ => !path.starts_with('{'),
            };
        false
    });
    found
}

/// `PTR_BYTES`, `MAX`: a name written as a constant's.
fn is_constant_name(name: &str) -> bool {
    name.len() > 1
        && name.chars().any(|c| c.is_ascii_uppercase())
        && name
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
}

/// True for `impl !Send for X`.
fn is_negative_impl(node: Node<'_>) -> bool {
    let mut cursor = node.walk();
    let negative = node.children(&mut cursor).any(|child| child.kind() == "!");
    negative
}

/// Every leaf of a `use` tree as a whole path: `crate::{a, b::{self, C}}` gives `crate::a`,
/// `crate::b` and `crate::b::C`; `a::b as c` gives `a::b` named `c` (`Import::name`), `a::*`
/// gives `a::*` (a glob names no one item, and a `pub use a::*` re-exports `a`'s modules).
fn use_tree(argument: Node<'_>, source: &str, imports: &mut Vec<Import>) {
    let Some(declaration) = argument.parent() else {
        return;
    };
    // A `#[doc(hidden)] pub use` (tracing's `pub use tracing_core::span::Id` for its macros)
    // offers users nothing: it is a `use` of the crate's own.
    let visibility = super::child_of_kind(declaration, &["visibility_modifier"]);
    let kind = match visibility {
        Some(_) if doc_hidden(declaration, source) => ImportKind::Use,
        // `pub(crate)`, `pub(super)`, `pub(in path)`: within the crate only.
        Some(visibility) if node_text(visibility, source).contains('(') => {
            ImportKind::CrateReexport
        }
        Some(_) => ImportKind::Reexport,
        None => ImportKind::Use,
    };
    let scope = inline_scope(declaration, source);
    let mut leaves = Vec::new();
    use_leaves(argument, source, String::new(), &mut leaves);
    for (path, alias) in leaves {
        imports.push(Import {
            kind,
            scope: scope.clone(),
            name: alias,
            ..Import::new(path)
        });
    }
}

/// A `use` leaf's path and, for `a::b as c`, the name it brings (`c`).
type UseLeaf = (String, Option<String>);

fn use_leaves(node: Node<'_>, source: &str, prefix: String, leaves: &mut Vec<UseLeaf>) {
    let joined = |tail: &str| -> String {
        match (prefix.is_empty(), tail.is_empty()) {
            (true, _) => tail.to_string(),
            (false, true) => prefix.clone(),
            (false, false) => format!("{prefix}::{tail}"),
        }
    };
    match node.kind() {
        "use_as_clause" => {
            if let Some(path) = node.child_by_field_name("path") {
                let first = leaves.len();
                use_leaves(path, source, prefix, leaves);
                let alias = node
                    .child_by_field_name("alias")
                    .map(|alias| node_text(alias, source).to_string());
                for leaf in leaves.iter_mut().skip(first) {
                    leaf.1.clone_from(&alias);
                }
            }
        }
        "use_wildcard" => {
            // `a::*`: the named child is the path; a bare `*` inside a list is the prefix's.
            let path = node
                .named_child(0)
                .map(|path| compact(node_text(path, source)));
            let path = joined(path.as_deref().unwrap_or(""));
            leaves.push((
                if path.is_empty() {
                    "*".to_string()
                } else {
                    format!("{path}::*")
                },
                None,
            ));
        }
        "scoped_use_list" => {
            let path = node
                .child_by_field_name("path")
                .map(|path| compact(node_text(path, source)))
                .unwrap_or_default();
            let inner = joined(&path);
            if let Some(list) = node.child_by_field_name("list") {
                use_leaves(list, source, inner, leaves);
            }
        }
        "use_list" => {
            let mut cursor = node.walk();
            for child in node.named_children(&mut cursor) {
                if child.kind() != "line_comment" && child.kind() != "block_comment" {
                    use_leaves(child, source, prefix.clone(), leaves);
                }
            }
        }
        // `{self, ...}` names the prefix itself.
        "self" if !prefix.is_empty() => leaves.push((prefix, None)),
        _ => leaves.push((joined(&compact(node_text(node, source))), None)),
    }
}

/// An item's `#[deprecated]` (tracing-core's `drop_span`) is said at the end of its doc.
fn mark_deprecated(root: Node<'_>, source: &str, symbols: &mut [Symbol]) {
    super::walk_preorder(root, |node| {
        if node.kind() != "attribute_item" {
            return true;
        }
        let text: String = node_text(node, source).split_whitespace().collect();
        if !text.starts_with("#[deprecated") {
            return false;
        }
        let mut item = node.next_named_sibling();
        while let Some(next) = item.filter(|next| {
            matches!(
                next.kind(),
                "attribute_item" | "line_comment" | "block_comment"
            )
        }) {
            item = next.next_named_sibling();
        }
        let Some(item) = item else {
            return false;
        };
        let Some(name) = item.child_by_field_name("name") else {
            return false;
        };
        let name = node_text(name, source);
        let (first, last) = (item.start_position().row + 1, item.end_position().row + 1);
        // `#[deprecated(since = "0.1.2", note = "use try_close")]`: the note, else nothing.
        let note = node_text(node, source)
            .split_once("note")
            .and_then(|(_, rest)| rest.split('"').nth(1))
            .map(str::to_string);
        super::mark_deprecated(symbols, name, first..=last, note.as_deref());
        false
    });
}

/// A procedural macro is a function of a `proc-macro` crate that other crates use as a macro:
/// `#[proc_macro_derive(Error, attributes(...))] pub fn derive_error` is the derive `Error`
/// (thiserror's `#[derive(Error)]`), `#[proc_macro]` and `#[proc_macro_attribute]` functions
/// are macros of their own names. Each is recorded as the macro users write, public, with the
/// signature of the function that implements it.
fn mark_procedural_macros(root: Node<'_>, source: &str, symbols: &mut [Symbol]) {
    let mut cursor = root.walk();
    for item in root.named_children(&mut cursor) {
        if item.kind() != "function_item" {
            continue;
        }
        let Some(function) = item.child_by_field_name("name") else {
            continue;
        };
        let function = node_text(function, source);
        let line = item.start_position().row as u32 + 1;
        let macro_name = attributes_above(item, source).find_map(|attribute| {
            if let Some(arguments) = attribute.strip_prefix("#[proc_macro_derive(") {
                let derived = arguments
                    .split([',', ')'])
                    .next()
                    .unwrap_or_default()
                    .trim();
                return (!derived.is_empty()).then(|| (derived.to_string(), attribute.clone()));
            }
            matches!(
                attribute.as_str(),
                "#[proc_macro]" | "#[proc_macro_attribute]"
            )
            .then(|| (function.to_string(), attribute.clone()))
        });
        let Some((name, attribute)) = macro_name else {
            continue;
        };
        let Some(symbol) = symbols.iter_mut().find(|symbol| {
            symbol.name == function
                && symbol.parent.is_none()
                && symbol.end_line >= line
                && symbol.line <= item.end_position().row as u32 + 1
        }) else {
            continue;
        };
        symbol.name = name.into();
        symbol.kind = SymbolKind::Macro;
        symbol.visibility = Some(Visibility::Public);
        // The attribute says how users write it (`#[derive(Error)]`, with its helper
        // attributes), before the function that implements it.
        symbol.signature = format!("{attribute} {}", symbol.signature).into();
    }
}

/// `#[doc(hidden)]`.
fn doc_hidden(item: Node<'_>, source: &str) -> bool {
    attributes_above(item, source).any(|attribute| attribute.contains("doc(hidden)"))
}

/// The attributes written above `item` (comments between them passed over), each without
/// whitespace, nearest first.
fn attributes_above<'s>(item: Node<'s>, source: &'s str) -> impl Iterator<Item = String> + 's {
    let mut sibling = item.prev_sibling();
    std::iter::from_fn(move || loop {
        let node = sibling?;
        sibling = node.prev_sibling();
        match node.kind() {
            "attribute_item" => {
                return Some(
                    node_text(node, source)
                        .chars()
                        .filter(|c| !c.is_whitespace())
                        .collect(),
                )
            }
            "line_comment" | "block_comment" => {}
            _ => return None,
        }
    })
}

/// The condition a module declared under each of `conditions` is compiled under: none when
/// one declaration has none or two exclude each other (`x` and `not(x)`), the one when all
/// agree, else `any(…)` of them.
fn either(conditions: &[Option<&str>]) -> Option<String> {
    let mut distinct: Vec<&str> = Vec::new();
    for condition in conditions {
        let condition = (*condition)?;
        if !distinct.contains(&condition) {
            distinct.push(condition);
        }
    }
    let negated = |condition: &str| {
        condition
            .strip_prefix("not(")
            .and_then(|inner| inner.strip_suffix(')'))
            .map(str::trim)
            .map(str::to_string)
    };
    let complementary = distinct.iter().any(|condition| {
        negated(condition).is_some_and(|inner| distinct.iter().any(|other| *other == inner))
    });
    match distinct.as_slice() {
        _ if complementary => None,
        [] => None,
        [only] => Some((*only).to_string()),
        several => Some(format!("any({})", several.join(", "))),
    }
}

fn module_item(name: Node<'_>, source: &str, imports: &mut Vec<Import>) {
    let Some(item) = name.parent() else {
        return;
    };
    let inline = item.child_by_field_name("body").is_some();
    imports.push(Import {
        kind: if inline {
            ImportKind::InlineModule
        } else {
            ImportKind::ModDeclaration
        },
        scope: inline_scope(item, source),
        path_attribute: path_attribute(item, source),
        private: super::child_of_kind(item, &["visibility_modifier"]).is_none(),
        condition: cfg_condition(item, source),
        ..Import::new(node_text(name, source))
    });
}

/// The `#[cfg(...)]` an item is compiled under (serde_json's `#[cfg(feature =
/// "float_roundtrip")] mod lexical;`): the condition inside the parentheses, several joined in
/// `all(...)`; `cfg_attr` sets other attributes and is no condition.
fn cfg_condition(item: Node<'_>, source: &str) -> Option<String> {
    let mut conditions: Vec<String> = attributes_above(item, source)
        .filter_map(|attribute| {
            attribute
                .strip_prefix("#[cfg(")
                .and_then(|rest| rest.strip_suffix(")]"))
                .map(str::to_string)
        })
        .collect();
    conditions.reverse();
    match conditions.len() {
        0 => None,
        1 => conditions.pop(),
        _ => Some(format!("all({})", conditions.join(","))),
    }
}

/// `#![doc = include_str!("../docs/extract.md")]` records the document as an include: the
/// module's doc lives there. `value` is the attribute's value; outer attributes (`#[doc = ...]`
/// on an item) document the item, not the module, and are left out.
fn doc_include(value: Node<'_>, source: &str, imports: &mut Vec<Import>) {
    let Some(attribute) = value.parent() else {
        return;
    };
    let inner = attribute
        .parent()
        .is_some_and(|item| item.kind() == "inner_attribute_item");
    let is_doc = attribute
        .child(0)
        .is_some_and(|path| node_text(path, source) == "doc");
    let text = node_text(value, source);
    let Some(argument) = text
        .strip_prefix("include_str!")
        .map(str::trim_start)
        .and_then(|rest| rest.strip_prefix('('))
        .map(str::trim_start)
        .and_then(|rest| rest.strip_prefix('"'))
    else {
        return;
    };
    let Some((path, _)) = argument.split_once('"') else {
        return;
    };
    if !inner || !is_doc || path.is_empty() || path.contains('\\') {
        return;
    }
    imports.push(Import {
        kind: ImportKind::DocInclude,
        ..Import::new(path)
    });
}

/// `extern crate x as y;` records `x`, named `y` in this crate. `pub extern crate x as y;`
/// also offers the crate to users as `y`, as `pub use x as y;` would: ripgrep's `grep` facade
/// is six of them (`grep::searcher` is `grep_searcher`).
fn extern_crate(name: Node<'_>, source: &str, imports: &mut Vec<Import>) {
    let declaration = name.parent();
    let alias = declaration
        .and_then(|declaration| declaration.child_by_field_name("alias"))
        .map(|alias| node_text(alias, source).to_string());
    let public = declaration.is_some_and(|declaration| {
        super::child_of_kind(declaration, &["visibility_modifier"]).is_some()
            && !doc_hidden(declaration, source)
    });
    imports.push(Import {
        kind: ImportKind::ExternCrate,
        name: alias.clone(),
        ..Import::new(node_text(name, source))
    });
    if let Some(declaration) = declaration.filter(|_| public) {
        imports.push(Import {
            kind: ImportKind::Reexport,
            name: alias,
            condition: cfg_condition(declaration, source),
            ..Import::new(node_text(name, source))
        });
    }
}

/// A path in code that may name a module of this or another crate: `crate::a::f()`,
/// `super::x::Y`, `other_crate::Z`. Only the outermost path of a nest is taken, and paths inside
/// `use` declarations are left to `use_tree`. Paths starting with a type (`Vec::new`,
/// `Self::X`) or the standard library name no module of the repository.
fn code_path(name: Node<'_>, source: &str, imports: &mut Vec<Import>) {
    let Some(path) = name.parent() else {
        return;
    };
    if let Some(outer) = path.parent() {
        let is_prefix = matches!(
            outer.kind(),
            "scoped_identifier" | "scoped_type_identifier" | "scoped_use_list"
        ) && outer
            .child_by_field_name("path")
            .is_some_and(|prefix| prefix.id() == path.id());
        if is_prefix || outer.kind() == "use_as_clause" || within_use(path) {
            return;
        }
    }
    let text = compact(node_text(path, source));
    push_code_path(&text, || inline_scope(path, source), imports);
}

/// Records the path `text` as an `ImportKind::Path` when it may name a module.
fn push_code_path(text: &str, scope: impl FnOnce() -> Option<String>, imports: &mut Vec<Import>) {
    // Generic arguments end the part of a path that can name a module.
    let text = text.split(['<', '(', '!']).next().unwrap_or("");
    let text = text.trim_end_matches(':');
    let Some((first, _)) = text.trim_start_matches("::").split_once("::") else {
        return;
    };
    let names_a_module = matches!(first, "crate" | "self" | "super")
        || (first.starts_with(|c: char| c.is_ascii_lowercase() || c == '_')
            && !matches!(first, "std" | "core" | "alloc" | "proc_macro"));
    if names_a_module {
        imports.push(Import {
            kind: ImportKind::Path,
            scope: scope(),
            ..Import::new(text)
        });
    }
}

/// Macros whose tokens are code written for another crate, not run here.
const QUOTING_MACROS: &[&str] = &[
    "quote",
    "quote_spanned",
    "parse_quote",
    "parse_quote_spanned",
    "quote_each_token",
];

/// At most this many tokens of one macro invocation are read for paths.
const MAX_MACRO_TOKENS: usize = 20_000;

/// The paths a macro invocation's tokens spell (`httparse::Request::new` inside
/// `fuzz_target!(|data| { … })`, `crate::x::Y` inside `assert_eq!`): the grammar keeps a macro's
/// arguments as tokens, so its paths are read from them, as `code_path` reads them from code.
/// Bodies that read as items are left to the parse of item macros (`rust_macros`).
fn macro_paths(name: Node<'_>, source: &str, imports: &mut Vec<Import>) {
    // A proc macro's `quote!` writes code for its users' crates: the paths there are theirs
    // (tracing-attributes' `quote! { tracing::Level::INFO }` does not use `tracing`).
    let called = node_text(name, source);
    let called = called.rsplit("::").next().unwrap_or(called);
    if QUOTING_MACROS.contains(&called) {
        return;
    }
    let Some(invocation) = name.parent() else {
        return;
    };
    let mut cursor = invocation.walk();
    let Some(tree) = invocation
        .children(&mut cursor)
        .find(|child| child.kind() == "token_tree")
    else {
        return;
    };
    let body = source.get(tree.byte_range()).unwrap_or("");
    if !body.contains("::") || crate::rust_macros::reads_as_items(body) {
        return;
    }
    token_tree_paths(tree, invocation, source, imports);
}

/// The `impl` blocks the file's `macro_rules!` write in their expansions, `(macro, header)`:
/// log's `impl_to_value_primitive` writes `impl ToValue for $into_ty { … }` for each type it is
/// invoked with (`("impl_to_value_primitive", "ToValue for $into_ty")`), and
/// `impl_value_to_primitive` writes methods into `impl<'v> Value<'v> { … }` (`(…, "Value<'v>")`).
/// An `impl` written as a type (`-> impl Iterator`) is none. Each pair once, in file order.
pub(crate) fn macro_impls(source: &str, symbols: &[Symbol]) -> Vec<(BoxedStr, BoxedStr)> {
    let mut found: Vec<(BoxedStr, BoxedStr)> = Vec::new();
    if !source.contains("macro_rules") {
        return found;
    }
    let line_starts: Vec<usize> = std::iter::once(0)
        .chain(source.match_indices('\n').map(|(at, _)| at + 1))
        .collect();
    let byte_of = |line: u32| line_starts.get((line as usize).saturating_sub(1)).copied();
    for symbol in symbols {
        if symbol.kind != SymbolKind::Macro || !symbol.signature.starts_with("macro_rules") {
            continue;
        }
        let (Some(start), end) = (byte_of(symbol.line), byte_of(symbol.end_line + 1)) else {
            continue;
        };
        let Some(body) = source.get(start..end.unwrap_or(source.len())) else {
            continue;
        };
        for header in impl_headers(body) {
            let pair: (BoxedStr, BoxedStr) = (symbol.name.as_str().into(), header.into());
            if !found.contains(&pair) {
                found.push(pair);
            }
        }
    }
    found
}

/// The headers of the `impl` items in a macro's text: `ToValue for $into_ty`, `Value<'v>`,
/// generics after `impl` and `where` clauses left out, blanks made single.
fn impl_headers(text: &str) -> Vec<String> {
    let is_word = |c: char| c.is_alphanumeric() || c == '_';
    let mut headers = Vec::new();
    let mut from = 0;
    while let Some(found) = text.get(from..).and_then(|rest| rest.find("impl")) {
        let at = from + found;
        from = at + 4;
        let before = text[..at].trim_end();
        let starts_word = !text[..at].ends_with(is_word);
        let ends_word = !text[at + 4..].starts_with(is_word);
        // An item starts a line of tokens, or follows a block, an attribute or a repetition.
        let item = before.is_empty()
            || before.ends_with(['{', '}', ';', ']', '(', '*'])
            || before.ends_with("unsafe")
            || before.ends_with("default");
        if !starts_word || !ends_word || !item || before.ends_with("->") {
            continue;
        }
        let mut rest = text[at + 4..].trim_start();
        if rest.starts_with('<') {
            let mut depth = 0usize;
            let mut close = None;
            for (offset, c) in rest.char_indices() {
                match c {
                    '<' => depth += 1,
                    '>' => {
                        depth = depth.saturating_sub(1);
                        if depth == 0 {
                            close = Some(offset);
                            break;
                        }
                    }
                    _ => {}
                }
            }
            let Some(close) = close else {
                continue;
            };
            rest = rest[close + 1..].trim_start();
        }
        // Up to the body or a `where` clause, outside angle brackets.
        let mut depth = 0usize;
        let mut end = None;
        for (offset, c) in rest.char_indices() {
            match c {
                '<' => depth += 1,
                '>' if !rest[..offset].ends_with('-') => depth = depth.saturating_sub(1),
                '{' | ';' if depth == 0 => {
                    end = Some(offset);
                    break;
                }
                _ => {}
            }
        }
        let Some(end) = end else {
            continue;
        };
        let header = rest[..end].split(" where").next().unwrap_or_default();
        let header = header.split_whitespace().collect::<Vec<_>>().join(" ");
        if !header.is_empty() && header.len() <= 120 {
            headers.push(header);
        }
    }
    headers
}

/// The paths written in a `macro_rules!` rule's expansion: log's `error!` expands to
/// `$crate::Level::Error` and `$crate::__private_api::log(…)`, which name the crate's root and
/// `__private_api` wherever the macro is used (`$crate` is the defining crate).
fn rule_paths(tree: Node<'_>, source: &str, imports: &mut Vec<Import>) {
    let body = source.get(tree.byte_range()).unwrap_or("");
    if body.contains("::") {
        token_tree_paths(tree, tree, source, imports);
    }
}

/// Records the paths of two or more segments that the tokens of `tree` spell (`httparse ::
/// Request :: new`), scoped where `scope_of` sits.
fn token_tree_paths(tree: Node<'_>, scope_of: Node<'_>, source: &str, imports: &mut Vec<Import>) {
    let mut paths: Vec<String> = Vec::new();
    let mut current = String::new();
    // Whether the last token read was `::` (a segment may follow) or a segment (`::` may).
    let mut after_colons = false;
    let mut segments = 0;
    let mut tokens = 0;
    let mut finish = |current: &mut String, segments: &mut usize| {
        if *segments >= 2 {
            paths.push(std::mem::take(current));
        }
        current.clear();
        *segments = 0;
    };
    crate::languages::walk_preorder(tree, |node| {
        if node.child_count() > 0 {
            return true;
        }
        tokens += 1;
        if tokens > MAX_MACRO_TOKENS {
            return false;
        }
        let text = source.get(node.byte_range()).unwrap_or("");
        // A macro rule's `$crate` is the crate that defines the macro.
        let (kind, text) = match (node.kind(), text) {
            ("metavariable", "$crate") => ("crate", "crate"),
            other => other,
        };
        match kind {
            "identifier" | "crate" | "self" | "super" => {
                if segments > 0 && !after_colons {
                    finish(&mut current, &mut segments);
                }
                current.push_str(text);
                segments += 1;
                after_colons = false;
            }
            "::" if segments > 0 && !after_colons => {
                current.push_str("::");
                after_colons = true;
            }
            _ => {
                finish(&mut current, &mut segments);
                after_colons = false;
            }
        }
        false
    });
    finish(&mut current, &mut segments);
    for path in paths {
        push_code_path(&path, || inline_scope(scope_of, source), imports);
    }
}

/// True when `node` sits inside a `use` declaration.
fn within_use(node: Node<'_>) -> bool {
    let mut current = node.parent();
    while let Some(ancestor) = current {
        match ancestor.kind() {
            "use_declaration" => return true,
            "block" | "declaration_list" | "source_file" | "function_item" => return false,
            _ => current = ancestor.parent(),
        }
    }
    false
}

/// The inline modules around `node` in its file, outermost first: `a::tests`.
fn inline_scope(node: Node<'_>, source: &str) -> Option<String> {
    let mut names = Vec::new();
    let mut current = node.parent();
    while let Some(ancestor) = current {
        if ancestor.kind() == "mod_item" {
            if let Some(name) = ancestor.child_by_field_name("name") {
                names.push(node_text(name, source));
            }
        }
        current = ancestor.parent();
    }
    if names.is_empty() {
        return None;
    }
    names.reverse();
    Some(names.join("::"))
}

/// The value of a `#[path = "..."]` attribute on `item`.
fn path_attribute(item: Node<'_>, source: &str) -> Option<String> {
    let mut current = item.prev_sibling();
    while let Some(sibling) = current {
        match sibling.kind() {
            "attribute_item" => {
                let text = compact(node_text(sibling, source));
                if let Some(value) = text
                    .strip_prefix("#[path=")
                    .and_then(|rest| rest.strip_suffix(']'))
                {
                    return Some(crate::text::strip_quotes(value).to_string());
                }
            }
            "line_comment" | "block_comment" => {}
            _ => return None,
        }
        current = sibling.prev_sibling();
    }
    None
}

/// The text without whitespace: `crate :: a` is `crate::a`.
fn compact(text: &str) -> String {
    text.split_whitespace().collect()
}

/// Adds the `#[macro_export] macro_rules! name { ... }` definitions written inside the token
/// trees of item-level macro invocations (at the file's top or in an inline module's body) to
/// `symbols`, in line order. Only a `macro_rules` followed by `!`, a plain name and a token
/// tree, with `#[macro_export]` among the attributes right before it, counts: a `$name`, a
/// missing attribute or any other token in between defines nothing. The definition's doc is its
/// own `///` lines, else the doc the invoked macro adds to the item it is given, when the file
/// defines that macro as `($item:item) => { /// doc... $item }`.
fn exported_macros_in_invocations(root: Node<'_>, source: &str, symbols: &mut Vec<Symbol>) {
    let mut found: Vec<Symbol> = Vec::new();
    // Item lists to look through, each with the inline module it belongs to.
    let mut lists: Vec<(Node<'_>, Option<String>)> = vec![(root, None)];
    while let Some((list, module)) = lists.pop() {
        let mut cursor = list.walk();
        for item in list.named_children(&mut cursor) {
            match item.kind() {
                "mod_item" => {
                    let name = item.child_by_field_name("name");
                    if let (Some(name), Some(body)) = (name, item.child_by_field_name("body")) {
                        let name = node_text(name, source);
                        let path = match &module {
                            Some(outer) => format!("{outer}::{name}"),
                            None => name.to_string(),
                        };
                        lists.push((body, Some(path)));
                    }
                }
                "macro_invocation" | "expression_statement" => {
                    let invocation = if item.kind() == "macro_invocation" {
                        Some(item)
                    } else {
                        item.named_child(0)
                            .filter(|child| child.kind() == "macro_invocation")
                    };
                    if let Some(invocation) = invocation {
                        macros_in_invocation(
                            invocation,
                            root,
                            source,
                            module.as_deref(),
                            &mut found,
                        );
                    }
                }
                _ => {}
            }
        }
    }
    for symbol in found {
        let at = symbols.partition_point(|other| other.line <= symbol.line);
        symbols.insert(at, symbol);
    }
}

/// The exported macros defined in one invocation's token trees, nested ones included (a
/// `cfg_if!` branch), but not inside a definition found (a macro that defines macros when it
/// is invoked defines nothing yet).
fn macros_in_invocation(
    invocation: Node<'_>,
    root: Node<'_>,
    source: &str,
    module: Option<&str>,
    found: &mut Vec<Symbol>,
) {
    let Some(tree) = super::child_of_kind(invocation, &["token_tree"]) else {
        return;
    };
    if !node_text(tree, source).contains("macro_rules") {
        return;
    }
    // The doc the invoked macro adds, looked up once and only when needed.
    let mut wrapper_doc: Option<Option<String>> = None;
    let mut trees = vec![tree];
    while let Some(tree) = trees.pop() {
        let mut cursor = tree.walk();
        let tokens: Vec<Node<'_>> = tree.children(&mut cursor).collect();
        let mut skip_tree = None;
        for (at, token) in tokens.iter().enumerate() {
            if token.kind() == "token_tree" && skip_tree != Some(token.id()) {
                trees.push(*token);
                continue;
            }
            let Some((name, body)) = macro_rules_at(&tokens, at, source) else {
                continue;
            };
            skip_tree = Some(body.id());
            let (attributes, docs) = attributes_and_docs_before(&tokens, at, source);
            if !attributes
                .iter()
                .any(|attribute| attribute.contains("macro_export"))
            {
                continue;
            }
            let hidden = attributes
                .iter()
                .any(|attribute| attribute.contains("doc(hidden)"));
            let doc = comments::clean(&docs).or_else(|| {
                wrapper_doc
                    .get_or_insert_with(|| item_doc_of_wrapper(invocation, root, source))
                    .clone()
            });
            found.push(Symbol {
                kind: SymbolKind::Macro,
                name: name.into(),
                line: text::row_to_line(token.start_position().row),
                end_line: text::line_span(body).1,
                signature: text::signature_at(source, token.start_byte()).into(),
                doc: doc.map(Into::into),
                visibility: Some(if hidden {
                    Visibility::Crate
                } else {
                    Visibility::Public
                }),
                parent: module.map(Into::into),
            });
        }
    }
}

/// `macro_rules ! name { ... }` starting at `tokens[at]`: the name and the body's token tree.
fn macro_rules_at<'tree, 's>(
    tokens: &[Node<'tree>],
    at: usize,
    source: &'s str,
) -> Option<(&'s str, Node<'tree>)> {
    let keyword = tokens.get(at)?;
    // The grammar lexes `macro_rules!` in a token tree as a name and a `!`.
    let rest = match keyword.kind() {
        "identifier" if node_text(*keyword, source) == "macro_rules" => {
            (tokens.get(at + 1)?.kind() == "!").then_some(at + 2)?
        }
        "macro_rules!" => at + 1,
        _ => return None,
    };
    let name = tokens.get(rest)?;
    let body = tokens.get(rest + 1)?;
    (name.kind() == "identifier" && body.kind() == "token_tree")
        .then(|| (node_text(*name, source), *body))
}

/// The attributes (`#[...]`, whitespace removed) and outer doc comments written right before
/// `tokens[at]`, in order; comments that are no docs are passed over, as rustdoc does.
fn attributes_and_docs_before<'s>(
    tokens: &[Node<'_>],
    at: usize,
    source: &'s str,
) -> (Vec<String>, Vec<&'s str>) {
    let mut attributes = Vec::new();
    let mut docs = Vec::new();
    let mut index = at;
    while index > 0 {
        let token = tokens[index - 1];
        match token.kind() {
            "line_comment" | "block_comment" => {
                let comment = node_text(token, source);
                if comments::is_rust_outer_doc(comment) {
                    docs.push(comment);
                }
                index -= 1;
            }
            "token_tree" if index >= 2 && tokens[index - 2].kind() == "#" => {
                let text = node_text(token, source);
                if !text.starts_with('[') {
                    break;
                }
                attributes.push(text.chars().filter(|c| !c.is_whitespace()).collect());
                index -= 2;
            }
            _ => break,
        }
    }
    attributes.reverse();
    docs.reverse();
    (attributes, docs)
}

/// The doc an invoked macro adds to the item it is given: `invocation` names a macro the file
/// defines with a rule `($name:item) => { /// doc... $name }` (anyhow's `__ensure`, which lets
/// two `#[cfg]` versions of `ensure!` share one doc).
fn item_doc_of_wrapper(invocation: Node<'_>, root: Node<'_>, source: &str) -> Option<String> {
    let called = node_text(invocation.child_by_field_name("macro")?, source);
    let mut lists = vec![root];
    while let Some(list) = lists.pop() {
        let mut cursor = list.walk();
        for item in list.named_children(&mut cursor) {
            match item.kind() {
                "mod_item" => lists.extend(item.child_by_field_name("body")),
                "macro_definition" => {
                    let named = item
                        .child_by_field_name("name")
                        .is_some_and(|name| node_text(name, source) == called);
                    if let Some(doc) = named.then(|| rule_item_doc(item, source)).flatten() {
                        return Some(doc);
                    }
                }
                _ => {}
            }
        }
    }
    None
}

/// The doc comments right before `$name` in the expansion of a rule `($name:item) => {...}`
/// of `definition`.
fn rule_item_doc(definition: Node<'_>, source: &str) -> Option<String> {
    let mut rules = definition.walk();
    for rule in definition.named_children(&mut rules) {
        if rule.kind() != "macro_rule" {
            continue;
        }
        let (Some(left), Some(right)) = (
            rule.child_by_field_name("left"),
            rule.child_by_field_name("right"),
        ) else {
            continue;
        };
        // `($name:item)`: one binding of an item, nothing else.
        let Some(binding) = super::child_of_kind(left, &["token_binding_pattern"]) else {
            continue;
        };
        let is_item = binding
            .child_by_field_name("type")
            .is_some_and(|fragment| node_text(fragment, source) == "item");
        let Some(bound) = binding.child_by_field_name("name") else {
            continue;
        };
        if left.named_child_count() != 1 || !is_item {
            continue;
        }
        let bound = node_text(bound, source);
        let mut cursor = right.walk();
        let tokens: Vec<Node<'_>> = right.children(&mut cursor).collect();
        for (at, token) in tokens.iter().enumerate() {
            if token.kind() != "metavariable" || node_text(*token, source) != bound {
                continue;
            }
            let (_, docs) = attributes_and_docs_before(&tokens, at, source);
            if let Some(doc) = comments::clean(&docs) {
                return Some(doc);
            }
        }
    }
    None
}
