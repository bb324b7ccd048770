//! Java: classes, records, interfaces, enums, methods, constructors and constants; access
//! modifiers (members of interfaces are public); Javadoc; the packages a `module-info.java`
//! exports; imports resolved under the usual source roots.

use super::{push_import, Container, Definition, LanguageSupport};
use crate::comments::CommentStyle;
use crate::resolve::{ancestors, first_existing};
use crate::text::node_text;
use cartograph_core::{Import, RepoPath, Symbol, SymbolKind, Visibility};
use tree_sitter::Node;

pub(crate) struct Java;

impl LanguageSupport for Java {
    fn grammar(&self) -> tree_sitter::Language {
        tree_sitter_java::LANGUAGE.into()
    }

    fn query(&self) -> &'static str {
        include_str!("../../queries/java.scm")
    }

    fn call_kinds(&self) -> &'static [&'static str] {
        &["method_invocation"]
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
            "compact_constructor_declaration",
            "lambda_expression",
            "static_initializer",
            "object_creation_expression",
        ]
    }

    fn attributes(&self) -> &'static [&'static str] {
        &["annotation", "marker_annotation"]
    }

    /// Written modifiers win; without one, members of an interface are public and everything else
    /// is package-private, which has no `Visibility` of its own.
    fn visibility(
        &self,
        definition: &Definition<'_>,
        _name: &str,
        container: Option<Container<'_>>,
        source: &str,
    ) -> Option<Visibility> {
        let written = super::child_of_kind(definition.node, &["modifiers"])
            .and_then(|modifiers| super::visibility_from_modifiers(node_text(modifiers, source)));
        written.or_else(|| {
            container
                .is_some_and(|container| container.kind == SymbolKind::Interface)
                .then_some(Visibility::Public)
        })
    }

    /// `@Deprecated` (gson's `JsonParser.parse`): said in the doc unless its
    /// Javadoc's `@deprecated` tag already says so.
    fn settle_symbols(&self, root: Node<'_>, source: &str, symbols: &mut Vec<Symbol>) {
        if source.contains("@Deprecated") {
            mark_deprecated(root, source, symbols);
        }
    }

    /// `import static a.b.C.m;` gives `a.b.C.m`, `import a.b.*;` gives `a.b.*`.
    fn imports(&self, _tag: &str, node: Node<'_>, source: &str, imports: &mut Vec<Import>) {
        let declaration = node_text(node, source);
        let declaration = declaration.trim().trim_end_matches(';');
        let declaration = declaration
            .strip_prefix("import")
            .unwrap_or(declaration)
            .trim_start();
        let is_static = declaration.starts_with("static ");
        let declaration = declaration.strip_prefix("static ").unwrap_or(declaration);
        let name: String = declaration.split_whitespace().collect();
        // `import a.b.*` names a package: one import per capitalised name the file uses, so
        // that each can lead to the file declaring that type (a static `a.b.C.*` keeps one).
        if name.ends_with(".*") && !is_static {
            let mut root = node;
            while let Some(parent) = root.parent() {
                root = parent;
            }
            for type_name in used_type_names(root, source) {
                imports.push(Import {
                    name: Some(type_name),
                    ..Import::new(name.as_str())
                });
            }
            return;
        }
        push_import(imports, &name);
    }

    /// The capitalised names the file uses that it does not declare at top level: the types
    /// another file of its package may declare, which Java names without an import (javapoet's
    /// `ClassName`, used by every file of `com.squareup.javapoet`).
    fn package_uses(
        &self,
        root: Node<'_>,
        source: &str,
        symbols: &[cartograph_core::Symbol],
    ) -> Vec<String> {
        let mut used = used_type_names(root, source);
        for symbol in symbols.iter().filter(|symbol| symbol.parent.is_none()) {
            used.remove(symbol.name.as_str());
        }
        used.into_iter().collect()
    }

    /// A `module-info.java`'s exported packages: what the module offers to every other module
    /// (gson's four, not `com.google.gson.internal`). A qualified `exports a.b to c;` opens the
    /// package to named friend modules only, the way a project shares its internals between its
    /// own modules, so it is left out. Other files declare no such list.
    fn exports(&self, root: Node<'_>, source: &str) -> Option<Vec<String>> {
        let module = super::child_of_kind(root, &["module_declaration"])?;
        let mut packages = Vec::new();
        super::walk_preorder(module, |node| {
            if node.kind() != "exports_module_directive" {
                return true;
            }
            if node.child_by_field_name("modules").is_none() {
                if let Some(package) = node.child_by_field_name("package") {
                    packages.push(node_text(package, source).split_whitespace().collect());
                }
            }
            false
        });
        Some(packages)
    }

    fn package(&self, root: Node<'_>, source: &str) -> Option<String> {
        let declaration = super::child_of_kind(root, &["package_declaration"])?;
        let name = super::child_of_kind(declaration, &["scoped_identifier", "identifier"])?;
        Some(node_text(name, source).split_whitespace().collect())
    }

    /// `a.b.C` is `a/b/C.java` under a source root: one of the importing file's ancestors (which
    /// covers multi-module builds) or a conventional root. A static import or a nested class
    /// names something inside `a/b/C.java`, so the path without its last segment is tried too.
    fn resolve_import(
        &self,
        from: &RepoPath,
        raw: &str,
        files: &dyn Fn(&str) -> bool,
    ) -> Option<RepoPath> {
        if raw.ends_with(".*") {
            return None;
        }
        let segments: Vec<&str> = raw.split('.').collect();
        let roots: Vec<&str> = ancestors(from.parent())
            .chain(["src/main/java", "src/test/java", "src"])
            .collect();
        [segments.len(), segments.len().saturating_sub(1)]
            .into_iter()
            .filter(|length| *length > 0)
            .find_map(|length| {
                let file = format!("{}.java", segments[..length].join("/"));
                roots
                    .iter()
                    .find_map(|root| first_existing(root, [&file], files))
            })
    }
}

/// Type names the file mentions: type identifiers, and capitalised identifiers (the `Math` of
/// `Math.max`), sorted and unique.
fn used_type_names(root: Node<'_>, source: &str) -> std::collections::BTreeSet<String> {
    let mut names = std::collections::BTreeSet::new();
    super::walk_preorder(root, |node| {
        if matches!(node.kind(), "type_identifier" | "identifier") {
            let text = node_text(node, source);
            if text.starts_with(|c: char| c.is_ascii_uppercase()) {
                names.insert(text.to_string());
            }
        }
        // Import declarations name types without using them.
        node.kind() != "import_declaration" && node.kind() != "package_declaration"
    });
    names
}

/// Declarations whose modifiers hold `@Deprecated` (or `@java.lang.Deprecated`), their
/// `forRemoval`/`since` arguments aside: the pages say they are deprecated.
fn mark_deprecated(root: Node<'_>, source: &str, symbols: &mut [Symbol]) {
    super::walk_preorder(root, |node| {
        if node.kind() != "modifiers" {
            return true;
        }
        let deprecated = {
            let mut cursor = node.walk();
            let found = node.named_children(&mut cursor).any(|annotation| {
                matches!(annotation.kind(), "marker_annotation" | "annotation")
                    && annotation.child_by_field_name("name").is_some_and(|name| {
                        let name = node_text(name, source);
                        name == "Deprecated" || name == "java.lang.Deprecated"
                    })
            });
            found
        };
        let Some(declaration) = node.parent().filter(|_| deprecated) else {
            return false;
        };
        let name = declaration.child_by_field_name("name").or_else(|| {
            // A field: `@Deprecated public static final int A = 1;` names its first declarator.
            declaration
                .child_by_field_name("declarator")
                .and_then(|declarator| declarator.child_by_field_name("name"))
        });
        if let Some(name) = name {
            let lines = declaration.start_position().row + 1..=declaration.end_position().row + 1;
            super::mark_deprecated(symbols, node_text(name, source), lines, None);
        }
        false
    });
}
