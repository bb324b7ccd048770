//! Rust: items, `impl` blocks named `Type` or `Trait for Type`, `pub` visibility, `///` and `//!`
//! docs, `use` paths and `mod` declarations resolved through the module tree.

use super::{push_import, Container, Definition, FileContext, LanguageSupport};
use crate::comments::{self, CommentStyle};
use crate::resolve::{first_existing, join};
use crate::text::{self, node_text};
use cartograph_core::{Import, RepoPath, SymbolKind, Visibility};
use tree_sitter::Node;

pub(crate) struct Rust;

impl LanguageSupport for Rust {
    fn grammar(&self) -> tree_sitter::Language {
        tree_sitter_rust::LANGUAGE.into()
    }

    fn query(&self) -> &'static str {
        include_str!("../../queries/rust.scm")
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
        if matches!(definition.kind, SymbolKind::Impl | SymbolKind::Macro) {
            return None;
        }
        // Items of a trait, or of a trait's impl, are as visible as the trait.
        if let Some(container) = container {
            let in_trait_impl =
                container.kind == SymbolKind::Impl && container.name.contains(" for ");
            if container.kind == SymbolKind::Trait || in_trait_impl {
                return None;
            }
        }
        let modifier = super::child_of_kind(definition.node, &["visibility_modifier"]);
        let Some(modifier) = modifier else {
            return Some(Visibility::Private);
        };
        let modifier: String = node_text(modifier, source).split_whitespace().collect();
        Some(match modifier.as_str() {
            "pub" => Visibility::Public,
            "pub(self)" => Visibility::Private,
            _ => Visibility::Crate,
        })
    }

    fn imports(&self, tag: &str, node: Node<'_>, source: &str, imports: &mut Vec<Import>) {
        match tag {
            "mod" => push_import(imports, &format!("mod {}", node_text(node, source))),
            "extern_crate" => push_import(imports, node_text(node, source)),
            _ => {
                if let Some(path) = use_path(node, source) {
                    push_import(imports, &path);
                }
            }
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

    fn resolve_import(
        &self,
        from: &RepoPath,
        raw: &str,
        files: &dyn Fn(&str) -> bool,
    ) -> Option<RepoPath> {
        if let Some(module) = raw.strip_prefix("mod ") {
            return resolve_mod_declaration(from, module.trim(), files);
        }
        let segments: Vec<&str> = raw
            .split("::")
            .filter(|segment| !segment.is_empty())
            .collect();
        let (first, rest) = segments.split_first()?;
        match *first {
            "crate" => resolve_in_crate(&crate_src_dir(from)?, &[], rest, files),
            "self" | "super" => {
                let src_dir = crate_src_dir(from)?;
                let mut module = module_path(from, &src_dir);
                let mut rest = segments.as_slice();
                if rest.first() == Some(&"self") {
                    rest = &rest[1..];
                }
                while rest.first() == Some(&"super") {
                    module.pop()?;
                    rest = &rest[1..];
                }
                resolve_in_crate(&src_dir, &module, rest, files)
            }
            "std" | "core" | "alloc" | "proc_macro" | "test" => None,
            // Another crate: one of the workspace's, when it sits where workspaces put them.
            other => {
                let dashed = other.replace('_', "-");
                [
                    format!("crates/{dashed}"),
                    format!("crates/{other}"),
                    dashed.clone(),
                    other.to_string(),
                ]
                .iter()
                .map(|dir| join(dir, "src"))
                .find(|src_dir| files(&join(src_dir, "lib.rs")))
                .and_then(|src_dir| resolve_in_crate(&src_dir, &[], rest, files))
            }
        }
    }
}

/// True for `impl !Send for X`.
fn is_negative_impl(node: Node<'_>) -> bool {
    let mut cursor = node.walk();
    let negative = node.children(&mut cursor).any(|child| child.kind() == "!");
    negative
}

/// The module path a `use` names: `std::io::{self, Read}` gives `std::io`, `a::b as c` gives
/// `a::b`, `a::*` gives `a`.
fn use_path(node: Node<'_>, source: &str) -> Option<String> {
    let path_node = match node.kind() {
        "scoped_use_list" | "use_as_clause" => node.child_by_field_name("path")?,
        "use_list" => return None,
        _ => node,
    };
    let path: String = node_text(path_node, source).split_whitespace().collect();
    let path = path.strip_suffix("::*").unwrap_or(&path);
    Some(path.to_string())
}

/// The `src` directory of the crate holding `from`: its path up to the last `src` directory.
fn crate_src_dir(from: &RepoPath) -> Option<String> {
    let components: Vec<&str> = from.components().collect();
    let last_src = components[..components.len().saturating_sub(1)]
        .iter()
        .rposition(|component| *component == "src")?;
    Some(components[..=last_src].join("/"))
}

/// The module path of `from` inside the crate whose sources are in `src_dir`: `src/a/b.rs` and
/// `src/a/b/mod.rs` are `a::b`, `src/lib.rs` is the crate root.
fn module_path(from: &RepoPath, src_dir: &str) -> Vec<String> {
    let relative = from
        .as_str()
        .strip_prefix(src_dir)
        .unwrap_or("")
        .trim_start_matches('/');
    let relative = relative.strip_suffix(".rs").unwrap_or(relative);
    let mut segments: Vec<String> = relative.split('/').map(str::to_string).collect();
    if matches!(segments.last().map(String::as_str), Some("mod")) {
        segments.pop();
    }
    if matches!(segments.as_slice(), [only] if only == "lib" || only == "main") {
        segments.clear();
    }
    segments
}

/// The file of the longest prefix of `module` + `rest` that is a module of the crate, or the crate
/// root itself.
fn resolve_in_crate(
    src_dir: &str,
    module: &[String],
    rest: &[&str],
    files: &dyn Fn(&str) -> bool,
) -> Option<RepoPath> {
    let full: Vec<&str> = module
        .iter()
        .map(String::as_str)
        .chain(rest.iter().copied())
        .collect();
    for length in (1..=full.len()).rev() {
        let module_dir = full[..length].join("/");
        let candidates = [format!("{module_dir}.rs"), format!("{module_dir}/mod.rs")];
        if let Some(found) = first_existing(src_dir, candidates, files) {
            return Some(found);
        }
    }
    first_existing(src_dir, ["lib.rs", "main.rs"], files)
}

/// `mod foo;` in a crate root or a `mod.rs` names a sibling file; elsewhere, a file in the
/// directory named after the declaring file.
fn resolve_mod_declaration(
    from: &RepoPath,
    module: &str,
    files: &dyn Fn(&str) -> bool,
) -> Option<RepoPath> {
    let file_name = from.file_name();
    let parent_dir_name = from.parent().rsplit('/').next().unwrap_or("");
    let is_root = matches!(file_name, "lib.rs" | "main.rs" | "mod.rs" | "build.rs")
        || matches!(parent_dir_name, "bin" | "tests" | "examples" | "benches");
    let dir = if is_root {
        from.parent().to_string()
    } else {
        join(
            from.parent(),
            file_name.strip_suffix(".rs").unwrap_or(file_name),
        )
    };
    first_existing(
        &dir,
        [format!("{module}.rs"), format!("{module}/mod.rs")],
        files,
    )
}
