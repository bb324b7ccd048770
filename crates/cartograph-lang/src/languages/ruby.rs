//! Ruby: classes, modules, methods (a `def` in a class or module is a method), singleton
//! methods and constants; `#` docs; `require` resolved under `lib/`, `require_relative` beside
//! the file.

use super::{push_import, LanguageSupport};
use crate::comments::CommentStyle;
use crate::resolve::{first_existing, is_relative};
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

    fn resolve_import(
        &self,
        from: &RepoPath,
        raw: &str,
        files: &dyn Fn(&str) -> bool,
    ) -> Option<RepoPath> {
        let file = if raw.ends_with(".rb") {
            raw.to_string()
        } else {
            format!("{raw}.rb")
        };
        if is_relative(raw) {
            first_existing(from.parent(), [file], files)
        } else {
            first_existing("lib", [file], files)
        }
    }
}
