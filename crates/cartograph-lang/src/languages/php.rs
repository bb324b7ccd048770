//! PHP: namespaces (block or statement), classes, interfaces, traits, enums, functions, methods
//! and constants; member visibility (public unless written otherwise); `/** */` docs; `use`
//! imports resolved the PSR-4 way where the layout is conventional (`resolve/php.rs` reads
//! `composer.json` first), and `require`/`include` paths.

use super::{push_import, Container, Definition, LanguageSupport};
use crate::comments::CommentStyle;
use crate::resolve::first_existing;
use crate::text::{node_text, strip_quotes};
use cartograph_core::{Import, ImportKind, RepoPath, Route, SymbolKind, Visibility};
use std::collections::HashSet;
use tree_sitter::Node;

pub(crate) struct Php;

impl LanguageSupport for Php {
    fn grammar(&self) -> tree_sitter::Language {
        tree_sitter_php::LANGUAGE_PHP.into()
    }

    fn query(&self) -> &'static str {
        include_str!("../../queries/php.scm")
    }

    fn call_kinds(&self) -> &'static [&'static str] {
        &[
            "function_call_expression",
            "member_call_expression",
            "nullsafe_member_call_expression",
            "scoped_call_expression",
        ]
    }

    fn comment_style(&self) -> CommentStyle {
        CommentStyle::CFamily {
            plain_blocks: false,
        }
    }

    fn local_scopes(&self) -> &'static [&'static str] {
        &[
            "function_definition",
            "method_declaration",
            "anonymous_function",
            "arrow_function",
        ]
    }

    fn attributes(&self) -> &'static [&'static str] {
        &["attribute_list"]
    }

    fn preamble(&self) -> &'static [&'static str] {
        // `declare(strict_types=1);` comes before a script's doc (flysystem's
        // `bin/check-versions.php`) as `<?php` does.
        &["php_tag", "text", "declare_statement"]
    }

    /// Class members are public unless a modifier says otherwise; top-level definitions have no
    /// visibility.
    fn visibility(
        &self,
        definition: &Definition<'_>,
        _name: &str,
        container: Option<Container<'_>>,
        source: &str,
    ) -> Option<Visibility> {
        let member = container.is_some_and(|container| container.kind != SymbolKind::Module);
        if !member {
            return None;
        }
        let written = super::child_of_kind(definition.node, &["visibility_modifier"])
            .and_then(|modifier| super::visibility_from_modifiers(node_text(modifier, source)));
        Some(written.unwrap_or(Visibility::Public))
    }

    fn doc_visibility(&self, doc: &str) -> Option<Visibility> {
        phpdoc_visibility(doc)
    }

    /// The file's namespace (`GuzzleHttp\\Psr7`), its first when it has several.
    /// Laravel's `Route::get` and Slim's `$app->get`: `crate::routes`.
    fn routes(&self, root: Node<'_>, source: &str, _imports: &[Import]) -> Vec<Route> {
        crate::routes::php(root, source)
    }

    fn package(&self, root: Node<'_>, source: &str) -> Option<String> {
        super::first_name_of(root, source, &["namespace_definition"])
    }

    /// The capitalised names the file uses outside `namespace` and `use` lines that it does not
    /// declare at top level: the classes of its own namespace, which PHP names without a `use`
    /// (guzzle's `Request` naming `Uri`).
    fn package_uses(
        &self,
        root: Node<'_>,
        source: &str,
        symbols: &[cartograph_core::Symbol],
    ) -> Vec<String> {
        let mut used = std::collections::BTreeSet::new();
        super::walk_preorder(root, |node| {
            match node.kind() {
                "namespace_definition" => {
                    // Its body holds code; its name does not.
                    return node.child_by_field_name("body").is_some();
                }
                // A qualified name (`\DateTimeImmutable`, `Curl\Util`) says its namespace:
                // an import of its own (`qualified_import`), never one of the file's namespace.
                "namespace_use_declaration" | "namespace_name" | "qualified_name" => return false,
                "name" => {
                    let declared = node
                        .parent()
                        .and_then(|parent| parent.child_by_field_name("name"))
                        .is_some_and(|name| name == node);
                    let text = node_text(node, source);
                    if !declared && text.starts_with(|c: char| c.is_ascii_uppercase()) {
                        used.insert(text.to_string());
                    }
                }
                _ => {}
            }
            true
        });
        for symbol in symbols {
            used.remove(symbol.name.as_str());
        }
        used.into_iter().collect()
    }

    fn imports(&self, tag: &str, node: Node<'_>, source: &str, imports: &mut Vec<Import>) {
        match tag {
            "use" => {
                if let Some(name) = use_clause_name(node, source) {
                    push_import(imports, &name);
                }
            }
            "qualified" => {
                if let Some(name) = qualified_import(node, source) {
                    if !imports.iter().any(|import| import.raw == name) {
                        push_import(imports, &name);
                    }
                }
            }
            _ => {
                if let Some(path) = included_path(node, source) {
                    push_import(imports, &path);
                }
            }
        }
    }

    /// A `use` whose name the code writes only before a `\\` (FastRoute's `use
    /// FastRoute\\Dispatcher;` for `Dispatcher\\CharCountBased::class`) brings a namespace, not
    /// the class of that name: the qualified names are imports of their own, and this one goes.
    /// One the code never writes (only a PHPDoc tag does: `@phpstan-import-type X from
    /// Dispatcher`) loads nothing when the file runs: PHP autoloads a class where code uses
    /// it, so the import is for type checking only.
    fn settle_imports(&self, root: Node<'_>, source: &str, imports: &mut Vec<Import>) {
        let mut clauses: Vec<(String, String)> = Vec::new();
        let mut alone: HashSet<&str> = HashSet::new();
        let mut prefixes: HashSet<&str> = HashSet::new();
        let mut qualified: HashSet<&str> = HashSet::new();
        super::walk_preorder(root, |node| match node.kind() {
            "namespace_definition" => node.child_by_field_name("body").is_some(),
            "namespace_use_clause" => {
                if let Some(name) = use_clause_name(node, source) {
                    let alias = node
                        .child_by_field_name("alias")
                        .map(|alias| node_text(alias, source).to_string())
                        .unwrap_or_else(|| name.rsplit('\\').next().unwrap_or(&name).to_string());
                    clauses.push((name, alias));
                }
                false
            }
            "qualified_name" => {
                let written = node_text(node, source).trim_start_matches('\\');
                qualified.insert(written);
                if let Some((first, _)) = written.split_once('\\') {
                    prefixes.insert(first.trim());
                }
                false
            }
            "name" => {
                alone.insert(node_text(node, source));
                false
            }
            _ => true,
        });
        for (name, alias) in clauses {
            // Written whole in code (`\\Foo\\Bar::x()` after `use Foo\\Bar;`) is a use too.
            if alone.contains(alias.as_str()) || qualified.contains(name.as_str()) {
                continue;
            }
            let Some(at) = imports
                .iter()
                .position(|import| import.raw == name && import.kind == ImportKind::Import)
            else {
                continue;
            };
            if prefixes.contains(alias.as_str()) {
                imports.remove(at);
            } else if let Some(import) = imports.get_mut(at) {
                import.kind = ImportKind::TypeOnly;
            }
        }
    }

    fn resolve_import(
        &self,
        from: &RepoPath,
        raw: &str,
        files: &dyn Fn(&str) -> bool,
    ) -> Option<RepoPath> {
        if let Some(in_dir) = raw.strip_prefix("__DIR__") {
            return first_existing(from.parent(), [in_dir.trim_start_matches('/')], files);
        }
        let is_namespace = raw.contains('\\') || !(raw.contains('/') || raw.contains('.'));
        if !is_namespace {
            return first_existing(from.parent(), [raw], files)
                .or_else(|| first_existing("", [raw], files));
        }
        resolve_class(raw, files)
    }
}

/// PHPDoc's `@internal` (guzzle's `EasyHandle`, `Utils::currentTime`), `@private`
/// (monolog's `ErrorHandler::handleFatalError`) and the older `@access private` keep a class, function or method out of the package's API whatever its
/// modifiers say; a tag counts at the start of a line only (`{@internal …}` inline is a note).
fn phpdoc_visibility(doc: &str) -> Option<Visibility> {
    doc.lines().find_map(|line| {
        let mut words = line.split_whitespace();
        match (words.next()?, words.next()) {
            ("@internal", _) | ("@private", _) | ("@access", Some("private")) => {
                Some(Visibility::Private)
            }
            _ => None,
        }
    })
}

/// The class a `use` clause names, with the prefix of a group use (`use A\{B, C}`).
fn use_clause_name(clause: Node<'_>, source: &str) -> Option<String> {
    let name = super::child_of_kind(clause, &["qualified_name", "namespace_name", "name"])?;
    let name = node_text(name, source).trim_start_matches('\\').to_string();
    let group = clause
        .parent()
        .filter(|parent| parent.kind() == "namespace_use_group");
    let prefix = group
        .and_then(|group| group.parent())
        .and_then(|declaration| super::child_of_kind(declaration, &["namespace_name"]));
    Some(match prefix {
        Some(prefix) => format!(
            "{}\\{name}",
            node_text(prefix, source).trim_start_matches('\\')
        ),
        None => name,
    })
}

/// The class a qualified name in code names (monolog's `extends \Monolog\Test\MonologTestCase`,
/// `Curl\Util::execute()` in namespace `Monolog\Handler`): a fully qualified name as
/// written, a relative one under the `use` that brings its first segment, else under the
/// file's namespace. A global name (`\DateTimeImmutable`, `\strlen()`) is PHP's own, and the
/// names of `use` and `namespace` lines are read by them.
fn qualified_import(node: Node<'_>, source: &str) -> Option<String> {
    let mut ancestor = node.parent();
    while let Some(outer) = ancestor {
        if matches!(
            outer.kind(),
            "namespace_use_declaration" | "namespace_definition"
        ) && !(outer.kind() == "namespace_definition"
            && outer
                .child_by_field_name("body")
                .is_some_and(|body| body.start_byte() <= node.start_byte()))
        {
            return None;
        }
        ancestor = outer.parent();
    }
    let written: String = node_text(node, source).split_whitespace().collect();
    if let Some(full) = written.strip_prefix('\\') {
        return full.contains('\\').then(|| full.to_string());
    }
    let (first, rest) = written.split_once('\\')?;
    let mut root = node;
    while let Some(parent) = root.parent() {
        root = parent;
    }
    // `use Monolog\Handler;` then `Handler\StreamHandler`.
    let mut brought = None;
    super::walk_preorder(root, |clause| {
        if brought.is_some() {
            return false;
        }
        if clause.kind() != "namespace_use_clause" {
            return true;
        }
        if let Some(name) = use_clause_name(clause, source) {
            let alias = clause
                .child_by_field_name("alias")
                .map(|alias| node_text(alias, source).to_string());
            let last = name.rsplit('\\').next().unwrap_or(&name).to_string();
            if alias.as_deref().unwrap_or(&last) == first {
                brought = Some(name);
            }
        }
        false
    });
    if let Some(brought) = brought {
        return Some(format!("{brought}\\{rest}"));
    }
    Some(match enclosing_namespace(node, source) {
        Some(namespace) => format!("{namespace}\\{written}"),
        None => written,
    })
}

/// The namespace of a `namespace A { ... }` block around `node`, or of the last `namespace A;`
/// line before it.
fn enclosing_namespace(node: Node<'_>, source: &str) -> Option<String> {
    let mut ancestor = node.parent();
    while let Some(outer) = ancestor {
        if outer.kind() == "namespace_definition" {
            return outer
                .child_by_field_name("name")
                .map(|name| node_text(name, source).split_whitespace().collect());
        }
        ancestor = outer.parent();
    }
    let mut root = node;
    while let Some(parent) = root.parent() {
        root = parent;
    }
    let mut namespace = None;
    let mut cursor = root.walk();
    for child in root.named_children(&mut cursor) {
        if child.start_byte() > node.start_byte() {
            break;
        }
        if child.kind() == "namespace_definition" {
            namespace = child
                .child_by_field_name("name")
                .map(|name| node_text(name, source).split_whitespace().collect());
        }
    }
    namespace
}

/// The path of `require 'x.php'`, or `__DIR__/x.php` for `require __DIR__ . '/x.php'`
/// (`__DIR__/../x.php` for `dirname(__DIR__) . '/x.php'`); computed paths give nothing.
fn included_path(argument: Node<'_>, source: &str) -> Option<String> {
    match argument.kind() {
        "string" | "encapsed_string" => Some(strip_quotes(node_text(argument, source)).to_string()),
        "parenthesized_expression" => included_path(argument.named_child(0)?, source),
        "binary_expression" => {
            let left = node_text(argument.child_by_field_name("left")?, source);
            let right = argument.child_by_field_name("right")?;
            let left = left.replace(' ', "");
            // `dirname(__DIR__)` is the directory above the file's.
            let base = match left.as_str() {
                "__DIR__" | "dirname(__FILE__)" => "__DIR__",
                "dirname(__DIR__)" | "dirname(dirname(__FILE__))" => "__DIR__/..",
                _ => return None,
            };
            let is_literal = matches!(right.kind(), "string" | "encapsed_string");
            is_literal.then(|| format!("{base}{}", strip_quotes(node_text(right, source))))
        }
        _ => None,
    }
}

/// `App\Models\User` as a file, PSR-4 style: `App/Models/User.php` under the root, `src/`,
/// `app/` or `lib/`, also with the first namespace segments dropped (the vendor prefix a
/// `composer.json` maps to `src/`) and with the first segment in lower case (`app/`).
fn resolve_class(raw: &str, files: &dyn Fn(&str) -> bool) -> Option<RepoPath> {
    let segments: Vec<&str> = raw
        .split('\\')
        .filter(|segment| !segment.is_empty())
        .collect();
    for dropped in 0..segments.len().min(3) {
        let kept = &segments[dropped..];
        if dropped > 0 && kept.len() < 2 {
            break;
        }
        let path = format!("{}.php", kept.join("/"));
        let mut candidates: Vec<String> = ["", "src/", "app/", "lib/"]
            .iter()
            .map(|root| format!("{root}{path}"))
            .collect();
        if let [first, rest @ ..] = kept {
            if !rest.is_empty() {
                candidates.push(format!("{}/{}.php", first.to_lowercase(), rest.join("/")));
            }
        }
        if let Some(found) = first_existing("", candidates, files) {
            return Some(found);
        }
    }
    None
}
