//! Ruby: classes, modules, methods (a `def` in a class or module is a method), singleton
//! methods and constants; `#` docs; `require`, `load`, `autoload :Name, "path"` and
//! `require_relative` (written `./x`), which `resolve/ruby.rs` resolves against the tree's load
//! paths.

use super::{push_import, Container, Definition, LanguageSupport};
use crate::comments::CommentStyle;
use crate::resolve::is_relative;
use crate::text::node_text;
use cartograph_core::{Import, RepoPath, Route, SymbolKind, TestBlocks, Visibility};
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

    fn call_kinds(&self) -> &'static [&'static str] {
        &["call"]
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

    /// A method below a bare `private` or `protected` in its class (until a `public`), or
    /// written `private def name`, is private; other methods are left unknown (public, as
    /// Ruby makes them).
    fn visibility(
        &self,
        definition: &Definition<'_>,
        _name: &str,
        _container: Option<Container<'_>>,
        source: &str,
    ) -> Option<Visibility> {
        if definition.node.kind() != "method" {
            return None;
        }
        let modifier = |word: &str| match word {
            "private" | "protected" => Some(Visibility::Private),
            "public" => Some(Visibility::Public),
            _ => None,
        };
        // `private def name ... end`: the definition is the argument of a call.
        let call = definition
            .node
            .parent()
            .filter(|parent| parent.kind() == "argument_list")
            .and_then(|arguments| arguments.parent())
            .filter(|call| call.kind() == "call");
        if let Some(call) = call {
            return call
                .child_by_field_name("method")
                .and_then(|method| modifier(node_text(method, source)));
        }
        // A bare `private` above it in the same body sets what follows.
        let mut sibling = definition.node.prev_sibling();
        while let Some(node) = sibling {
            if node.kind() == "identifier" {
                if let Some(visibility) = modifier(node_text(node, source)) {
                    return (visibility == Visibility::Private).then_some(visibility);
                }
            }
            sibling = node.prev_sibling();
        }
        None
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

    /// RSpec's and minitest/spec's top-level `describe HTTParty::Request do`, `RSpec.describe
    /// "x" do`, `context` and `feature`: what a spec file tests, where it defines nothing.
    /// Sinatra's `get '/x' do … end` and Rails' `get '/x', to: 'c#a'`: `crate::routes`.
    fn routes(&self, root: Node<'_>, source: &str, _imports: &[Import]) -> Vec<Route> {
        crate::routes::ruby(root, source)
    }

    fn test_blocks(&self, root: Node<'_>, source: &str) -> Option<Box<TestBlocks>> {
        let mut blocks = TestBlocks::default();
        let mut cursor = root.walk();
        for call in root.named_children(&mut cursor) {
            if call.kind() != "call" {
                continue;
            }
            let method = call
                .child_by_field_name("method")
                .map(|method| node_text(method, source));
            let receiver = call
                .child_by_field_name("receiver")
                .map(|receiver| node_text(receiver, source));
            let is_block = matches!(method, Some("describe" | "context" | "feature"))
                && matches!(receiver, None | Some("RSpec"))
                && (call.child_by_field_name("block").is_some()
                    || call
                        .named_child(call.named_child_count().saturating_sub(1))
                        .is_some_and(|last| matches!(last.kind(), "do_block" | "block")));
            if !is_block {
                continue;
            }
            blocks.count += 1;
            let title = call
                .child_by_field_name("arguments")
                .and_then(|arguments| arguments.named_child(0))
                .and_then(|first| match first.kind() {
                    "constant" | "scope_resolution" => Some(node_text(first, source).to_string()),
                    "string" => Some(
                        node_text(first, source)
                            .trim_matches(['"', '\''])
                            .to_string(),
                    ),
                    _ => None,
                });
            if let Some(title) = title.filter(|title| !title.trim().is_empty()) {
                if blocks.titles.len() < TestBlocks::MAX_TITLES {
                    blocks.titles.push(title);
                }
            }
        }
        (blocks.count > 0).then(|| Box::new(blocks))
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
