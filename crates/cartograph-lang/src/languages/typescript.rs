//! TypeScript and TSX: what JavaScript has, plus interfaces, type aliases, enums, namespaces,
//! abstract members and access modifiers. One query serves both grammars.

use super::{javascript, Container, Definition, FileContext, LanguageSupport};
use crate::comments::CommentStyle;
use crate::text::{node_text, strip_quotes};
use cartograph_core::{Import, RepoPath, Route, Symbol, TestBlocks, Visibility};
use tree_sitter::Node;

pub(crate) struct TypeScript {
    tsx: bool,
}

pub(crate) const TYPESCRIPT: TypeScript = TypeScript { tsx: false };
pub(crate) const TSX: TypeScript = TypeScript { tsx: true };

impl LanguageSupport for TypeScript {
    fn grammar(&self) -> tree_sitter::Language {
        if self.tsx {
            tree_sitter_typescript::LANGUAGE_TSX.into()
        } else {
            tree_sitter_typescript::LANGUAGE_TYPESCRIPT.into()
        }
    }

    fn query(&self) -> &'static str {
        include_str!("../../queries/typescript.scm")
    }

    fn call_kinds(&self) -> &'static [&'static str] {
        &["call_expression"]
    }

    fn comment_style(&self) -> CommentStyle {
        CommentStyle::CFamily {
            plain_blocks: false,
        }
    }

    /// As JavaScript's: the leading block, else the doc of an anonymous default export.
    fn file_doc(&self, file: &FileContext<'_, '_>) -> Option<String> {
        javascript::leading_doc(file)
            .or_else(|| javascript::anonymous_export_doc(file, self.comment_style()))
    }

    fn local_scopes(&self) -> &'static [&'static str] {
        javascript::LOCAL_SCOPES
    }

    fn wrappers(&self) -> &'static [&'static str] {
        javascript::WRAPPERS
    }

    fn attributes(&self) -> &'static [&'static str] {
        &["decorator"]
    }

    /// `declare module '@fastify/error' { … }` in a module (a file with a top-level `import` or
    /// `export`), and `declare module '../../fastify'` anywhere (a relative name can only
    /// augment), add declarations to another module's: fastify's `fastify.d.ts` does not
    /// define `@fastify/error` nor its `FastifyError`. In a script (DefinitelyTyped's `declare
    /// module "fs"`), the block declares that module's API, and stays.
    fn augments_another_module(&self, definition: &Definition<'_>, source: &str) -> bool {
        if definition.node.kind() != "module" {
            return false;
        }
        let Some(name) = definition.name.filter(|name| name.kind() == "string") else {
            return false;
        };
        if strip_quotes(node_text(name, source)).starts_with('.') {
            return true;
        }
        let mut root = definition.node;
        while let Some(parent) = root.parent() {
            root = parent;
        }
        let mut cursor = root.walk();
        let is_module = root
            .named_children(&mut cursor)
            .any(|statement| matches!(statement.kind(), "import_statement" | "export_statement"));
        is_module
    }

    /// `declare module "fs"` is named `fs`.
    fn name(&self, definition: &Definition<'_>, source: &str) -> Option<String> {
        let name = strip_quotes(node_text(definition.name?, source));
        (!name.is_empty()).then(|| name.to_string())
    }

    fn visibility(
        &self,
        definition: &Definition<'_>,
        name: &str,
        _container: Option<Container<'_>>,
        source: &str,
    ) -> Option<Visibility> {
        javascript::visibility(definition, name, source)
    }

    fn doc_visibility(&self, doc: &str) -> Option<Visibility> {
        javascript::jsdoc_visibility(doc)
    }

    fn module_uses(&self, root: Node<'_>, source: &str) -> Vec<(String, String)> {
        javascript::module_uses(root, source)
    }

    fn export_aliases(
        &self,
        root: Node<'_>,
        source: &str,
        symbols: &[Symbol],
    ) -> Vec<(String, String)> {
        javascript::export_aliases(root, source, symbols)
    }

    fn clause_exports(&self, root: Node<'_>, source: &str) -> Vec<(String, String)> {
        javascript::clause_exports(root, source)
    }

    fn routes(&self, root: Node<'_>, source: &str, imports: &[Import]) -> Vec<Route> {
        crate::routes::javascript(root, source, imports)
    }

    fn test_blocks(&self, root: Node<'_>, source: &str) -> Option<Box<TestBlocks>> {
        javascript::test_blocks(root, source)
    }

    fn script_guard(&self, root: Node<'_>, source: &str) -> Option<u32> {
        javascript::script_guard(root, source)
    }

    fn test_cases(&self, root: Node<'_>, source: &str) -> Option<(u32, u32)> {
        super::javascript::test_cases(root, source)
    }

    fn settle_symbols(&self, root: Node<'_>, source: &str, symbols: &mut Vec<Symbol>) {
        javascript::settle_module_bindings(root, source, symbols, &[]);
    }

    /// Specifiers resolve against tsconfig paths and workspace packages of the whole tree:
    /// `crate::resolve::javascript`.
    fn resolve_import(
        &self,
        _from: &RepoPath,
        _raw: &str,
        _files: &dyn Fn(&str) -> bool,
    ) -> Option<RepoPath> {
        None
    }

    fn imports(&self, tag: &str, node: Node<'_>, source: &str, imports: &mut Vec<Import>) {
        javascript::specifier_import(tag, node, source, imports);
    }
}
