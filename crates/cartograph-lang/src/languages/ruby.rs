//! Ruby: classes, modules, methods (a `def` in a class or module is a method), singleton
//! methods and constants; `#` docs; `require`, `load`, `autoload :Name, "path"` and
//! `require_relative` (written `./x`), which `resolve/ruby.rs` resolves against the tree's load
//! paths.

use super::{push_import, LanguageSupport};
use crate::comments::CommentStyle;
use crate::resolve::is_relative;
use cartograph_core::{Import, RepoPath, SymbolKind};
use tree_sitter::Node;

pub(crate) struct Ruby;

const METHOD_CONTAINERS: &[SymbolKind] = &[SymbolKind::Class, SymbolKind::Module];

impl LanguageSupport for Ruby {
    fn grammar(&self) -> tree_sitter::Language {
        tree_sitter_ruby::LANGUAGE.into()
    }

    fn query(&self) -> &'static str {
        include_str!("../../queries/ruby.scm")
    }

    fn comment_style(&self) -> CommentStyle {
        CommentStyle::Hash
    }

    fn local_scopes(&self) -> &'static [&'static str] {
        &["method", "singleton_method", "lambda"]
    }

    fn method_containers(&self) -> &'static [SymbolKind] {
        METHOD_CONTAINERS
    }

    /// `require_relative "x"` is written `./x`, so that it reads as the relative path it is.
    fn imports(&self, tag: &str, node: Node<'_>, source: &str, imports: &mut Vec<Import>) {
        let path = crate::text::node_text(node, source);
        if tag == "relative" && !is_relative(path) {
            push_import(imports, &format!("./{path}"));
        } else {
            push_import(imports, path);
        }
    }

    /// Where a require leads depends on the gems of the whole tree: `resolve/ruby.rs`.
    fn resolve_import(
        &self,
        _from: &RepoPath,
        _raw: &str,
        _files: &dyn Fn(&str) -> bool,
    ) -> Option<RepoPath> {
        None
    }
}
