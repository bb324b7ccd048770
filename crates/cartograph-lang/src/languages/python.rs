//! Python: functions, classes and module constants, docstrings, `_private` names, and imports
//! resolved as modules or packages from the file's package, the root or `src/`.

use super::{push_import, Container, Definition, FileContext, LanguageSupport};
use crate::comments::{self, CommentStyle};
use crate::text::node_text;
use cartograph_core::{Import, ImportKind, RepoPath, Route, Symbol, SymbolKind, Visibility};
use std::collections::{HashMap, HashSet};
use tree_sitter::Node;

pub(crate) struct Python;

impl LanguageSupport for Python {
    fn grammar(&self) -> tree_sitter::Language {
        tree_sitter_python::LANGUAGE.into()
    }

    fn query(&self) -> &'static str {
        include_str!("../../queries/python.scm")
    }

    fn call_kinds(&self) -> &'static [&'static str] {
        &["call"]
    }

    fn comment_style(&self) -> CommentStyle {
        CommentStyle::None
    }

    fn local_scopes(&self) -> &'static [&'static str] {
        &["function_definition", "lambda"]
    }

    fn wrappers(&self) -> &'static [&'static str] {
        &["decorated_definition"]
    }

    fn attributes(&self) -> &'static [&'static str] {
        &["decorator"]
    }

    /// A name bound by an assignment is a symbol only at module level, which includes the
    /// blocks of the `if`, `try` and `with` statements at the top of the file (see
    /// `at_module_level`); `def` and `class` are symbols wherever the engine keeps them.
    fn name(&self, definition: &Definition<'_>, source: &str) -> Option<String> {
        // One name of several bound together (`a, b = f()`) is defined by its statement.
        let statement = match definition.node.kind() {
            "identifier" => definition
                .node
                .parent()
                .filter(|list| list.kind() == "pattern_list")
                .and_then(|list| list.parent())
                .and_then(|assignment| assignment.parent()),
            _ => Some(definition.node),
        };
        if statement.is_some_and(|statement| {
            statement.kind() == "expression_statement" && !at_module_level(statement, source)
        }) {
            return None;
        }
        let name = crate::text::collapse_whitespace(node_text(definition.name?, source));
        (!name.is_empty()).then_some(name)
    }

    /// `try: from a2wsgi import WSGIMiddleware` / `except ImportError: WSGIMiddleware = ...`,
    /// and `X: T` followed by `X = ...`, bind one name: one symbol.
    fn rebinding_is_one_symbol(&self) -> bool {
        true
    }

    fn binds_for_type_checkers(&self, definition: &Definition<'_>, source: &str) -> bool {
        only_when_type_checking(definition.outer, source)
    }

    /// A leading underscore makes a name private by convention; `__dunder__` names are public.
    fn visibility(
        &self,
        _definition: &Definition<'_>,
        name: &str,
        _container: Option<Container<'_>>,
        _source: &str,
    ) -> Option<Visibility> {
        let dunder = name.len() > 4 && name.starts_with("__") && name.ends_with("__");
        Some(if name.starts_with('_') && !dunder {
            Visibility::Private
        } else {
            Visibility::Public
        })
    }

    fn docstring(&self, definition: &Definition<'_>, source: &str) -> Option<String> {
        docstring_of_block(definition.node.child_by_field_name("body")?, source)
    }

    /// `import a.b` records `a.b`; `from m import x, y` records `m` once per name, since each
    /// name may be a submodule (`from email import utils`). Under `if TYPE_CHECKING:` an
    /// import serves annotations only and never runs: it is recorded `TypeOnly`, which, like an
    /// import in a function body, no import cycle or layer counts.
    fn imports(&self, tag: &str, node: Node<'_>, source: &str, imports: &mut Vec<Import>) {
        let first = imports.len();
        statement_imports(tag, node, source, imports);
        if only_when_type_checking(node, source) {
            for import in &mut imports[first..] {
                import.kind = ImportKind::TypeOnly;
            }
        }
    }

    /// `__all__ = [...]` (or a tuple) at module level, and any `__all__ += [...]` after it.
    /// A computed `__all__` (a call, a comprehension) declares nothing we can read.
    fn exports(&self, root: Node<'_>, source: &str) -> Option<Vec<String>> {
        exports(root, source)
    }

    fn export_aliases(
        &self,
        root: Node<'_>,
        source: &str,
        _symbols: &[Symbol],
    ) -> Vec<(String, String)> {
        import_aliases(root, source)
    }

    /// The names a file with a module-level `from m import *` uses and does not bind itself
    /// (toolz's `examples/wordcount.py`: `comp(frequencies, partial(map, stem), str.split)`
    /// after `from toolz import *`): the graph looks each up through the glob.
    fn package_uses(&self, root: Node<'_>, source: &str, symbols: &[Symbol]) -> Vec<String> {
        if !source.contains("import *") || !has_star_import(root) {
            return Vec::new();
        }
        glob_names(root, source, symbols)
    }

    fn module_uses(&self, root: Node<'_>, source: &str) -> Vec<(String, String)> {
        module_uses(root, source)
    }

    fn file_doc(&self, file: &FileContext<'_, '_>) -> Option<String> {
        docstring_of_block(file.root, file.source).filter(|doc| !says_blank(doc))
    }

    /// `@deprecated("use g")` (PEP 702's `warnings.deprecated`, `typing_extensions`, the
    /// `deprecated` package): said in the doc, with its message.
    fn settle_symbols(&self, root: Node<'_>, source: &str, symbols: &mut Vec<Symbol>) {
        if source.contains("deprecated") {
            mark_deprecated(root, source, symbols);
        }
        if source.contains("ImportError") || source.contains("ModuleNotFoundError") {
            drop_import_fallbacks(root, source, symbols);
        }
        if source.contains("overload") {
            drop_overload_stubs(root, source, symbols);
        }
        if source.contains("TYPE_CHECKING") {
            drop_type_checking_twins(root, source, symbols);
        }
        type_variables_are_variables(symbols);
        if source.contains("del ") {
            drop_deleted_names(root, source, symbols);
        }
    }

    fn script_guard(&self, root: Node<'_>, source: &str) -> Option<u32> {
        script_guard(root, source)
    }

    fn script_body(&self, root: Node<'_>, source: &str) -> Option<u32> {
        script_body(root, source)
    }

    /// The routes of Flask, FastAPI, Bottle, Litestar and their kin: decorators.
    fn routes(&self, root: Node<'_>, source: &str, _imports: &[Import]) -> Vec<Route> {
        crate::routes::python(root, source)
    }

    /// Python imports resolve against the package roots of the whole tree:
    /// `crate::resolve::python`.
    fn resolve_import(
        &self,
        _from: &RepoPath,
        _raw: &str,
        _files: &dyn Fn(&str) -> bool,
    ) -> Option<RepoPath> {
        None
    }
}

/// Statements whose blocks are still module level: a module's `try`/`except ImportError`
/// fallbacks, `if sys.version_info >= ...:` and `if TYPE_CHECKING:` branches, `with` blocks.
const MODULE_LEVEL_STATEMENTS: &[&str] = &[
    "block",
    "if_statement",
    "elif_clause",
    "else_clause",
    "try_statement",
    "except_clause",
    "except_group_clause",
    "finally_clause",
    "with_statement",
];

/// True when `statement` runs when the module is imported: every ancestor up to the module is
/// one of `MODULE_LEVEL_STATEMENTS` (not a class, a function or a loop), and none is the
/// script part of the file (`if __name__ == "__main__":`).
fn at_module_level(statement: Node<'_>, source: &str) -> bool {
    let mut current = statement.parent();
    while let Some(ancestor) = current {
        let main_guard = ancestor.kind() == "if_statement"
            && ancestor
                .child_by_field_name("condition")
                .is_some_and(|condition| node_text(condition, source).contains("__name__"));
        if main_guard {
            return false;
        }
        match ancestor.kind() {
            "module" => return true,
            kind if MODULE_LEVEL_STATEMENTS.contains(&kind) => current = ancestor.parent(),
            _ => return false,
        }
    }
    false
}

/// The line of the top-level `if __name__ == "__main__":` (either way round, either quotes),
/// unless all its block does is run the module's own tests (`doctest.testmod()`,
/// `unittest.main()`, `pytest.main([__file__])`): such a module is a library that tests itself,
/// not a program.
fn script_guard(root: Node<'_>, source: &str) -> Option<u32> {
    let mut cursor = root.walk();
    let guard = root
        .named_children(&mut cursor)
        .find(|statement| is_main_guard(*statement, source))?;
    let body = guard.child_by_field_name("consequence")?;
    let mut statements = body.walk();
    let only_self_tests = body.named_children(&mut statements).all(|statement| {
        let text: String = node_text(statement, source).split_whitespace().collect();
        matches!(
            statement.kind(),
            "import_statement" | "import_from_statement" | "pass_statement" | "comment"
        ) || ["doctest.", "testmod(", "unittest.main(", "pytest.main("]
            .iter()
            .any(|call| text.contains(call))
    });
    (!only_self_tests).then(|| guard.start_position().row as u32 + 1)
}

/// The first top-level statement that runs code and reads the command line (`sys.argv`,
/// `argparse`), in a file that has no `__main__` guard: walkdir's `compare/walk.py`. Reading
/// `sys.argv` in a definition, or a top level of only imports, definitions and assignments,
/// makes no script.
fn script_body(root: Node<'_>, source: &str) -> Option<u32> {
    if !source.contains("sys.argv") && !source.contains("argparse") {
        return None;
    }
    let mut cursor = root.walk();
    let found = root.named_children(&mut cursor).find(|statement| {
        let runs = match statement.kind() {
            "for_statement" | "while_statement" | "with_statement" | "try_statement"
            | "if_statement" => true,
            // A call made at the top level (`main(sys.argv)`, `parser.parse_args()`), not an
            // assignment of a value or a docstring.
            "expression_statement" => {
                statement
                    .named_child(0)
                    .is_some_and(|expression| expression.kind() == "call")
                    || statement.named_child(0).is_some_and(|assignment| {
                        assignment.kind() == "assignment"
                            && assignment
                                .child_by_field_name("right")
                                .is_some_and(|right| right.kind() == "call")
                    })
            }
            _ => false,
        };
        let text = node_text(*statement, source);
        runs && (text.contains("sys.argv") || text.contains("parse_args("))
    })?;
    Some(found.start_position().row as u32 + 1)
}

/// True for `if __name__ == "__main__":` (or `'__main__' == __name__`, in parentheses or not).
fn is_main_guard(statement: Node<'_>, source: &str) -> bool {
    if statement.kind() != "if_statement" {
        return false;
    }
    let Some(condition) = statement.child_by_field_name("condition") else {
        return false;
    };
    let condition: String = node_text(condition, source)
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '(' | ')'))
        .map(|c| if c == '\'' { '"' } else { c })
        .collect();
    condition == "__name__==\"__main__\"" || condition == "\"__main__\"==__name__"
}

/// True when `node` sits in the body of an `if TYPE_CHECKING:` (or `typing.TYPE_CHECKING`, or
/// `TYPE_CHECKING or …`), which only type checkers read; its `else:` runs as usual.
fn only_when_type_checking(node: Node<'_>, source: &str) -> bool {
    let mut child = node;
    while let Some(parent) = child.parent() {
        if parent.kind() == "if_statement"
            && parent
                .child_by_field_name("consequence")
                .is_some_and(|body| body.id() == child.id())
        {
            // `TYPE_CHECKING or os.getenv("SPHINX_BUILD")` (pyjwt's `api_jwt.py`) also holds for
            // the type checker and the documentation build alone.
            let condition = parent
                .child_by_field_name("condition")
                .map(|condition| node_text(condition, source))
                .and_then(|condition| condition.split(" or ").next())
                .map(str::trim);
            if condition.is_some_and(|c| c == "TYPE_CHECKING" || c.ends_with(".TYPE_CHECKING")) {
                return true;
            }
        }
        child = parent;
    }
    false
}

/// See `LanguageSupport::imports`.
fn statement_imports(tag: &str, node: Node<'_>, source: &str, imports: &mut Vec<Import>) {
    let module: String = node_text(node, source).split_whitespace().collect();
    if tag != "from" {
        push_import(imports, &module);
        return;
    }
    let Some(statement) = node.parent() else {
        return;
    };
    let mut cursor = statement.walk();
    let mut named = false;
    for name in statement.children_by_field_name("name", &mut cursor) {
        let name = match name.kind() {
            "aliased_import" => name.child_by_field_name("name").unwrap_or(name),
            _ => name,
        };
        named = true;
        imports.push(Import {
            name: Some(node_text(name, source).split_whitespace().collect()),
            ..Import::new(module.clone())
        });
    }
    if !named {
        // `from m import *`
        imports.push(Import {
            name: Some("*".to_string()),
            ..Import::new(module)
        });
    }
}

/// See `LanguageSupport::exports`.
fn exports(root: Node<'_>, source: &str) -> Option<Vec<String>> {
    let mut names: Option<Vec<String>> = None;
    let mut cursor = root.walk();
    for statement in root.named_children(&mut cursor) {
        if statement.kind() != "expression_statement" {
            continue;
        }
        let Some(assignment) = statement.named_child(0) else {
            continue;
        };
        let extends = match assignment.kind() {
            "assignment" => false,
            "augmented_assignment" => true,
            _ => continue,
        };
        let target = assignment.child_by_field_name("left");
        if target.map(|target| node_text(target, source)) != Some("__all__") {
            continue;
        }
        let Some(value) = assignment.child_by_field_name("right") else {
            continue;
        };
        let Some(listed) = string_items(value, source) else {
            continue;
        };
        match (&mut names, extends) {
            (Some(names), true) => names.extend(listed),
            _ => names = Some(listed),
        }
    }
    names
}

/// The strings of a list or tuple literal of plain strings; `None` for anything else.
fn string_items(value: Node<'_>, source: &str) -> Option<Vec<String>> {
    if !matches!(value.kind(), "list" | "tuple") {
        return None;
    }
    let mut items = Vec::new();
    let mut cursor = value.walk();
    for item in value.named_children(&mut cursor) {
        match item.kind() {
            "string" => {
                let text = node_text(item, source);
                let text = text.trim_matches(|c| c == '"' || c == '\'');
                items.push(text.to_string());
            }
            "comment" => {}
            _ => return None,
        }
    }
    Some(items)
}

/// The docstring of a module or a `def`/`class` body: its first statement, when that is a string.
fn docstring_of_block(block: Node<'_>, source: &str) -> Option<String> {
    let mut cursor = block.walk();
    let first = block
        .named_children(&mut cursor)
        .find(|child| child.kind() != "comment")?;
    if first.kind() != "expression_statement" || first.named_child_count() != 1 {
        return None;
    }
    let string = first
        .named_child(0)
        .filter(|child| child.kind() == "string")?;
    clean_docstring(node_text(string, source))
}

/// True for a docstring that only says the file is empty (wcwidth's `tests/__init__.py`:
/// "This file intentionally left blank."): no description of it, nor of its package.
fn says_blank(doc: &str) -> bool {
    let lower = doc.to_ascii_lowercase();
    let lower = lower.trim().trim_end_matches('.');
    lower.split_whitespace().count() <= 8
        && [
            "left blank",
            "intentionally empty",
            "intentionally blank",
            "file is empty",
            "empty file",
            "empty module",
            "empty init",
        ]
        .iter()
        .any(|notice| lower.contains(notice))
}

/// The text of a string literal used as a docstring, cleaned as `inspect.cleandoc` does.
fn clean_docstring(literal: &str) -> Option<String> {
    let body = literal.trim_start_matches(|c: char| c.is_ascii_alphabetic());
    let body = ["\"\"\"", "'''", "\"", "'"]
        .iter()
        .find_map(|quote| body.strip_prefix(quote)?.strip_suffix(quote))?;
    let mut lines = body.lines();
    let first = lines.next().unwrap_or("").trim().to_string();
    let rest: Vec<&str> = lines.collect();
    let indent = rest
        .iter()
        .filter(|line| !line.trim().is_empty())
        .map(|line| comments::leading_blanks(line))
        .min()
        .unwrap_or(0);
    let mut cleaned = vec![first];
    cleaned.extend(
        rest.iter()
            .map(|line| line.get(indent..).unwrap_or("").trim_end().to_string()),
    );
    comments::join_lines(cleaned)
}

/// The names a file uses through modules it imports whole at top level (`import httpx`,
/// `import a.b as c`): every `alias.name` in the file, as `(module, name)`, once each, in order.
/// Imports nested in a function, a class or a `try` are left out.
fn module_uses(root: Node<'_>, source: &str) -> Vec<(String, String)> {
    let mut aliases: HashMap<&str, String> = HashMap::new();
    // Imports anywhere, a function's own included: pyjwt's tests `import jwt` inside a test
    // and call `jwt.PyJWS()`.
    let mut statements: Vec<Node<'_>> = Vec::new();
    super::walk_preorder(root, |node| {
        let kind = node.kind();
        if matches!(kind, "import_statement" | "import_from_statement") {
            statements.push(node);
            return false;
        }
        node.id() == root.id()
            || kind == "block"
            || kind.ends_with("_statement")
            || kind.ends_with("_clause")
            || kind.ends_with("_definition")
    });
    for statement in statements {
        if statement.kind() == "import_from_statement" {
            from_imported_modules(statement, source, &mut aliases);
            continue;
        }
        if statement.kind() != "import_statement" {
            continue;
        }
        let mut names = statement.walk();
        for imported in statement.named_children(&mut names) {
            match imported.kind() {
                "dotted_name" => {
                    let module = node_text(imported, source);
                    aliases.insert(module, module.to_string());
                }
                "aliased_import" => {
                    let (Some(module), Some(alias)) = (
                        imported.child_by_field_name("name"),
                        imported.child_by_field_name("alias"),
                    ) else {
                        continue;
                    };
                    aliases.insert(
                        node_text(alias, source),
                        node_text(module, source).to_string(),
                    );
                }
                _ => {}
            }
        }
    }
    if aliases.is_empty() {
        return Vec::new();
    }
    let mut seen: HashSet<(&str, &str)> = HashSet::new();
    let mut seen_dotted: HashSet<(String, &str)> = HashSet::new();
    let mut uses: Vec<(String, String)> = Vec::new();
    super::walk_preorder(root, |node| {
        // A quoted annotation names what it would name unquoted (tenacity's `retry:
        // "RetryBaseT | tasyncio.retry.RetryBaseT"` under `from . import asyncio as tasyncio`).
        if node.kind() == "type" {
            let text = node_text(node, source).trim();
            if text.starts_with(['"', '\'']) {
                for dotted in quoted_dotted_names(text) {
                    let Some((first, rest)) = dotted.split_once('.') else {
                        continue;
                    };
                    let Some(module) = aliases.get(first) else {
                        continue;
                    };
                    let (module, name) = match rest.rsplit_once('.') {
                        Some((middle, name)) => (format!("{module}.{middle}"), name),
                        None => (module.clone(), rest),
                    };
                    if seen_dotted.insert((module.clone(), name)) {
                        uses.push((module, name.to_string()));
                    }
                }
            }
            return true;
        }
        if node.kind() == "attribute" {
            let object = node.child_by_field_name("object");
            let name = node.child_by_field_name("attribute");
            if let (Some(object), Some(name)) = (object, name) {
                let object = node_text(object, source);
                if let Some(module) = aliases.get(object) {
                    let name = node_text(name, source);
                    if seen.insert((module.as_str(), name)) {
                        uses.push((module.clone(), name.to_string()));
                    }
                } else if let Some((first, rest)) = object.split_once('.') {
                    // `structlog.stdlib.ProcessorFormatter` after `import structlog`: a name of
                    // the submodule `structlog.stdlib`.
                    let plain = rest
                        .split('.')
                        .all(|part| part.chars().all(|c| c.is_alphanumeric() || c == '_'));
                    if let Some(module) = aliases.get(first).filter(|_| plain) {
                        let name = node_text(name, source);
                        let module = format!("{module}.{rest}");
                        if seen_dotted.insert((module.clone(), name)) {
                            uses.push((module, name.to_string()));
                        }
                    }
                }
            }
        }
        true
    });
    uses
}

/// The dotted names (`a.b.C`) written in a quoted annotation's text, each as written.
fn quoted_dotted_names(text: &str) -> Vec<&str> {
    let is_part = |c: char| c.is_alphanumeric() || c == '_' || c == '.';
    text.split(|c: char| !is_part(c))
        .map(|word| word.trim_matches('.'))
        .filter(|word| {
            word.contains('.')
                && !word.contains("..")
                && word.starts_with(|c: char| c.is_alphabetic() || c == '_')
        })
        .collect()
}

/// The name and the alias of an `aliased_import` (`tomli as tomllib`); `None` for any other
/// node.
fn aliased<'s>(imported: Node<'_>, source: &'s str) -> Option<(&'s str, &'s str)> {
    if imported.kind() != "aliased_import" {
        return None;
    }
    let name = imported.child_by_field_name("name")?;
    let alias = imported.child_by_field_name("alias")?;
    Some((node_text(name, source), node_text(alias, source)))
}

/// `(alias, name)` of each `from x import name as alias` and `import module as alias` at the
/// top of the module (in its `try` and `if` blocks too), alias and name differing.
fn import_aliases(root: Node<'_>, source: &str) -> Vec<(String, String)> {
    let mut aliases = Vec::new();
    for statement in top_level_imports(root) {
        let mut names = statement.walk();
        for imported in statement.children_by_field_name("name", &mut names) {
            let Some((name, alias)) = aliased(imported, source) else {
                continue;
            };
            // `from x import name as alias`: a name, not a dotted path. `import tomli as
            // tomllib`: the module bound under another name.
            let from = statement.kind() == "import_from_statement";
            if name != alias && !(from && name.contains('.')) {
                aliases.push((alias.to_string(), name.to_string()));
            }
        }
    }
    aliases.sort();
    aliases.dedup();
    aliases
}

/// The `import` and `from … import` statements at the top of the module, its `try` and `if`
/// blocks included, in no particular order.
fn top_level_imports(root: Node<'_>) -> Vec<Node<'_>> {
    let mut imports = Vec::new();
    let mut pending = vec![root];
    while let Some(node) = pending.pop() {
        let mut cursor = node.walk();
        for child in node.named_children(&mut cursor) {
            match child.kind() {
                "import_from_statement" | "import_statement" => imports.push(child),
                "if_statement" | "try_statement" | "else_clause" | "except_clause"
                | "finally_clause" | "block" | "elif_clause" => pending.push(child),
                _ => {}
            }
        }
    }
    imports
}

/// The names `from package import module [as alias]` may bind to a submodule: lower-case names
/// (PEP 8 names modules so; a class is CapWords), each as `package.module` (`.fields` for
/// `from . import fields`), which the graph matches to the import's resolved submodule.
fn from_imported_modules<'s>(
    statement: Node<'_>,
    source: &'s str,
    aliases: &mut HashMap<&'s str, String>,
) {
    let Some(package) = statement.child_by_field_name("module_name") else {
        return;
    };
    let package = node_text(package, source);
    let mut names = statement.walk();
    for imported in statement.children_by_field_name("name", &mut names) {
        let (name, alias) = match imported.kind() {
            "dotted_name" => (imported, imported),
            "aliased_import" => {
                let (Some(name), Some(alias)) = (
                    imported.child_by_field_name("name"),
                    imported.child_by_field_name("alias"),
                ) else {
                    continue;
                };
                (name, alias)
            }
            _ => continue,
        };
        let name = node_text(name, source);
        if name.contains('.')
            || !name
                .trim_start_matches('_')
                .starts_with(|c: char| c.is_ascii_lowercase())
        {
            continue;
        }
        aliases.insert(node_text(alias, source), from_import_module(package, name));
    }
}

/// `package.name` as one dotted module path: `.fields` under `from . import fields`,
/// `..pkg.util` under `from ..pkg import util`.
fn from_import_module(package: &str, name: &str) -> String {
    if package.ends_with('.') {
        format!("{package}{name}")
    } else {
        format!("{package}.{name}")
    }
}

/// itsdangerous' `Serializer.__init__` is five `@t.overload` stubs, then the implementation:
/// the symbol is the implementation (its lines, its signature), with the first stub's doc when
/// it has none. Stubs without an implementation (a `.pyi`, a protocol) stay.
fn drop_overload_stubs(root: Node<'_>, source: &str, symbols: &mut Vec<Symbol>) {
    // The first line of each stub, from its first decorator.
    let mut stubs: HashSet<u32> = HashSet::new();
    super::walk_preorder(root, |node| {
        if node.kind() != "decorated_definition" {
            return true;
        }
        let mut cursor = node.walk();
        let overload = node.named_children(&mut cursor).any(|child| {
            child.kind() == "decorator"
                && child.named_child(0).is_some_and(|expression| {
                    node_text(expression, source).rsplit('.').next() == Some("overload")
                })
        });
        if overload {
            stubs.insert(node.start_position().row as u32 + 1);
        }
        true
    });
    if stubs.is_empty() {
        return;
    }
    let is_stub = |symbol: &Symbol| stubs.contains(&symbol.line);
    let mut kept: Vec<Symbol> = Vec::with_capacity(symbols.len());
    let mut dropped: Vec<Symbol> = Vec::new();
    for symbol in symbols.drain(..) {
        if is_stub(&symbol) {
            dropped.push(symbol);
        } else {
            kept.push(symbol);
        }
    }
    for stub in dropped {
        let implementation = kept.iter_mut().find(|symbol| {
            symbol.name == stub.name
                && symbol.parent == stub.parent
                && !stubs.contains(&symbol.line)
        });
        match implementation {
            Some(implementation) => {
                if implementation.doc.is_none() {
                    implementation.doc = stub.doc;
                }
            }
            None => {
                // No implementation: the stubs are the definition; the first one stands.
                if !kept
                    .iter()
                    .any(|symbol| symbol.name == stub.name && symbol.parent == stub.parent)
                {
                    kept.push(stub);
                }
            }
        }
    }
    kept.sort_by_key(|symbol| (symbol.line, symbol.end_line));
    *symbols = kept;
}

/// httpx's `try: from ._main import main` / `except ImportError: def main(): ...` (a stub
/// that says the CLI's extras are missing): the name is the imported one, re-exported; the
/// fallback defined in the `except ImportError` (or `ModuleNotFoundError`) clause of a
/// module-level `try` is no symbol of the file's.
fn drop_import_fallbacks(root: Node<'_>, source: &str, symbols: &mut Vec<Symbol>) {
    let mut fallbacks: Vec<(String, std::ops::RangeInclusive<u32>)> = Vec::new();
    let mut cursor = root.walk();
    for statement in root.named_children(&mut cursor) {
        if statement.kind() != "try_statement" {
            continue;
        }
        let Some(body) = statement.child_by_field_name("body") else {
            continue;
        };
        let mut imported: HashSet<String> = HashSet::new();
        let mut body_cursor = body.walk();
        for line in body.named_children(&mut body_cursor) {
            if matches!(line.kind(), "import_from_statement" | "import_statement") {
                imported.extend(bound_names(line, source));
            }
        }
        if imported.is_empty() {
            continue;
        }
        let mut clauses = statement.walk();
        for clause in statement.named_children(&mut clauses) {
            if clause.kind() != "except_clause" {
                continue;
            }
            let caught = node_text(clause, source)
                .split(':')
                .next()
                .unwrap_or_default()
                .to_string();
            if !(caught.contains("ImportError") || caught.contains("ModuleNotFoundError")) {
                continue;
            }
            super::walk_preorder(clause, |node| match node.kind() {
                "function_definition" | "class_definition" => {
                    if let Some(name) = node.child_by_field_name("name") {
                        let name = node_text(name, source);
                        if imported.contains(name) {
                            let outer = node
                                .parent()
                                .filter(|parent| parent.kind() == "decorated_definition")
                                .unwrap_or(node);
                            let lines = outer.start_position().row as u32 + 1
                                ..=node.end_position().row as u32 + 1;
                            fallbacks.push((name.to_string(), lines));
                        }
                    }
                    false
                }
                _ => true,
            });
        }
    }
    if fallbacks.is_empty() {
        return;
    }
    let dropped: Vec<(String, u32, u32)> = fallbacks
        .iter()
        .map(|(name, lines)| (name.clone(), *lines.start(), *lines.end()))
        .collect();
    symbols.retain(|symbol| {
        // The fallback and what it defines inside (a stub's nested helpers).
        !dropped.iter().any(|(name, first, last)| {
            (symbol.name.as_str() == name && symbol.line == *first)
                || (symbol.line > *first && symbol.line <= *last)
        })
    });
}

/// Drops the top-level values bound under `if TYPE_CHECKING:` that the module also binds where
/// it runs (filelock's `if TYPE_CHECKING: FileLock = SoftFileLock` for the type checker, then
/// `FileLock = _FileLock`, the platform's class, at run time): what the name holds is the
/// running code's. A binding only the type checker sees stays, and so does a class or function
/// written for it, which says the shape of what runs (starlette's `TestClientFactory`
/// `Protocol`, a bare class at run time).
fn drop_type_checking_twins(root: Node<'_>, source: &str, symbols: &mut Vec<Symbol>) {
    let mut blocks: Vec<std::ops::RangeInclusive<u32>> = Vec::new();
    let mut cursor = root.walk();
    for statement in root.named_children(&mut cursor) {
        if statement.kind() != "if_statement" {
            continue;
        }
        let Some(body) = statement.child_by_field_name("consequence") else {
            continue;
        };
        let mut first = body.walk();
        let Some(inside) = body.named_children(&mut first).next() else {
            continue;
        };
        if only_when_type_checking(inside, source) {
            blocks.push(body.start_position().row as u32 + 1..=body.end_position().row as u32 + 1);
        }
    }
    if blocks.is_empty() {
        return;
    }
    let checked_only = |symbol: &Symbol| blocks.iter().any(|lines| lines.contains(&symbol.line));
    let runtime: HashSet<String> = symbols
        .iter()
        .filter(|symbol| symbol.parent.is_none() && !checked_only(symbol))
        .map(|symbol| symbol.name.to_string())
        .collect();
    // The twins, by name and line, and what they hold (a class's methods).
    let dropped: Vec<(String, u32, u32)> = symbols
        .iter()
        .filter(|symbol| {
            symbol.parent.is_none()
                && matches!(
                    symbol.kind,
                    SymbolKind::Constant | SymbolKind::Variable | SymbolKind::TypeAlias
                )
                && checked_only(symbol)
                && runtime.contains(symbol.name.as_str())
        })
        .map(|symbol| (symbol.name.to_string(), symbol.line, symbol.end_line))
        .collect();
    symbols.retain(|symbol| {
        !dropped.iter().any(|(name, first, last)| {
            (symbol.parent.is_none() && symbol.name.as_str() == name && symbol.line == *first)
                || (symbol.parent.as_deref() == Some(name.as_str())
                    && symbol.line > *first
                    && symbol.line <= *last)
        })
    });
}

/// The names an `import` or `from ... import` statement binds: `main` of `from ._main import
/// main`, `y` of `import x as y`, `x` of `import x.y`.
fn bound_names(statement: Node<'_>, source: &str) -> Vec<String> {
    let mut names = Vec::new();
    let module = statement.child_by_field_name("module_name");
    let mut cursor = statement.walk();
    for child in statement.named_children(&mut cursor) {
        if module.is_some_and(|module| module.id() == child.id()) {
            continue;
        }
        let name = match child.kind() {
            "aliased_import" => child
                .child_by_field_name("alias")
                .map(|alias| node_text(alias, source).to_string()),
            "dotted_name" => node_text(child, source)
                .split('.')
                .next()
                .map(|first| first.trim().to_string()),
            _ => None,
        };
        names.extend(name);
    }
    names
}

/// Definitions decorated `@deprecated(...)` or `@x.deprecated(...)`; the message is the first
/// positional string or the `reason=` of the `deprecated` package.
fn mark_deprecated(root: Node<'_>, source: &str, symbols: &mut [Symbol]) {
    super::walk_preorder(root, |node| {
        if node.kind() != "decorator" {
            return true;
        }
        let Some(expression) = node.named_child(0) else {
            return false;
        };
        let (callee, arguments) = match expression.kind() {
            "call" => (
                expression.child_by_field_name("function"),
                expression.child_by_field_name("arguments"),
            ),
            _ => (Some(expression), None),
        };
        let deprecated = callee.is_some_and(|callee| {
            node_text(callee, source).rsplit('.').next() == Some("deprecated")
        });
        let Some(decorated) = node
            .parent()
            .filter(|parent| deprecated && parent.kind() == "decorated_definition")
        else {
            return false;
        };
        let Some(definition) = decorated.child_by_field_name("definition") else {
            return false;
        };
        let message = arguments.and_then(|arguments| {
            let mut cursor = arguments.walk();
            let found = arguments.named_children(&mut cursor).find_map(|argument| {
                let value = match argument.kind() {
                    "string" => argument,
                    "keyword_argument"
                        if argument
                            .child_by_field_name("name")
                            .is_some_and(|name| node_text(name, source) == "reason") =>
                    {
                        argument.child_by_field_name("value")?
                    }
                    _ => return None,
                };
                (value.kind() == "string").then(|| string_value(node_text(value, source)))
            });
            found
        });
        if let Some(name) = definition.child_by_field_name("name") {
            // The symbol starts at its first decorator.
            let lines = decorated.start_position().row + 1..=definition.end_position().row + 1;
            super::mark_deprecated(symbols, node_text(name, source), lines, message.as_deref());
        }
        false
    });
}

/// The text of a Python string literal without its prefix and quotes.
fn string_value(literal: &str) -> String {
    literal
        .trim_start_matches(|c: char| c.is_ascii_alphabetic())
        .trim_matches(|c| c == '"' || c == '\'')
        .to_string()
}

/// `WrappedFn = t.TypeVar("WrappedFn", bound=…)` names a type variable of generic code: a
/// variable, not the type alias its CapWords name made it (nor the constant `T` would be); so
/// does `Infinity = InfinityType()`, an instance.
fn type_variables_are_variables(symbols: &mut [Symbol]) {
    for symbol in symbols.iter_mut() {
        if !matches!(symbol.kind, SymbolKind::TypeAlias | SymbolKind::Constant) {
            continue;
        }
        let Some((_, value)) = symbol.signature.split_once('=') else {
            continue;
        };
        let value = value.trim();
        let head = value.split('(').next().unwrap_or("");
        let called = head.rsplit('.').next().unwrap_or(head);
        if matches!(called, "TypeVar" | "ParamSpec" | "TypeVarTuple") {
            symbol.kind = SymbolKind::Variable;
        }
        // packaging's `Infinity = InfinityType()`: an instance of a class, no alias of a type;
        // the functional forms that do make a type (`NewType("UserId", int)`) stay aliases.
        const MAKE_TYPES: &[&str] = &[
            "NewType",
            "NamedTuple",
            "namedtuple",
            "TypedDict",
            "Enum",
            "IntEnum",
            "StrEnum",
            "Flag",
            "IntFlag",
            "type",
            "TypeAliasType",
            "Annotated",
        ];
        let call = head.len() < value.len()
            && value.ends_with(')')
            && !called.is_empty()
            && head
                .chars()
                .all(|c| c.is_alphanumeric() || c == '_' || c == '.');
        if symbol.kind == SymbolKind::TypeAlias && call && !MAKE_TYPES.contains(&called) {
            symbol.kind = SymbolKind::Variable;
        }
    }
}

/// Drops the top-level names a module-level `del` removes after defining them: toolz's
/// `curried/operator.py` builds its namespace from `IGNORE`, then `del IGNORE`.
fn drop_deleted_names(root: Node<'_>, source: &str, symbols: &mut Vec<Symbol>) {
    let mut deleted: Vec<(&str, u32)> = Vec::new();
    let mut cursor = root.walk();
    for statement in root.named_children(&mut cursor) {
        if statement.kind() != "delete_statement" {
            continue;
        }
        let line = u32::try_from(statement.start_position().row + 1).unwrap_or(u32::MAX);
        let mut targets = statement.walk();
        for target in statement.named_children(&mut targets) {
            // `del a, b` holds an expression list of the names.
            if target.kind() == "identifier" {
                deleted.push((node_text(target, source), line));
            } else if target.kind() == "expression_list" {
                let mut names = target.walk();
                for name in target.named_children(&mut names) {
                    if name.kind() == "identifier" {
                        deleted.push((node_text(name, source), line));
                    }
                }
            }
        }
    }
    if deleted.is_empty() {
        return;
    }
    symbols.retain(|symbol| {
        symbol.parent.is_some()
            || !deleted
                .iter()
                .any(|(name, line)| symbol.name.as_str() == *name && symbol.line < *line)
    });
}

/// True when the module's top level (its `try` and `if` blocks too) holds `from m import *`.
fn has_star_import(root: Node<'_>) -> bool {
    top_level_imports(root).into_iter().any(|statement| {
        let mut parts = statement.walk();
        let star = statement.kind() == "import_from_statement"
            && statement
                .named_children(&mut parts)
                .any(|part| part.kind() == "wildcard_import");
        star
    })
}

/// The identifiers a file reads and never binds: not its own top-level names, parameters,
/// assignment, loop or `as` targets, nor the names of what it defines inside; attributes after
/// a dot and keyword arguments' names are no names of the module.
fn glob_names(root: Node<'_>, source: &str, symbols: &[Symbol]) -> Vec<String> {
    let mut used: std::collections::BTreeSet<&str> = std::collections::BTreeSet::new();
    let mut bound: std::collections::HashSet<&str> = symbols
        .iter()
        .filter(|symbol| symbol.parent.is_none())
        .map(|symbol| symbol.name.as_str())
        .collect();
    super::walk_preorder(root, |node| {
        match node.kind() {
            "import_statement"
            | "import_from_statement"
            | "future_import_statement"
            | "global_statement"
            | "nonlocal_statement" => return false,
            "identifier" => {}
            _ => return true,
        }
        let text = node_text(node, source);
        let Some(parent) = node.parent() else {
            return true;
        };
        let is_field = |field: &str| {
            parent
                .child_by_field_name(field)
                .is_some_and(|child| child.id() == node.id())
        };
        let binds = match parent.kind() {
            "function_definition" | "class_definition" => is_field("name"),
            "parameters"
            | "lambda_parameters"
            | "list_splat_pattern"
            | "dictionary_splat_pattern" => true,
            "default_parameter" | "typed_default_parameter" => is_field("name"),
            "typed_parameter" => true,
            "assignment" | "augmented_assignment" | "for_statement" | "for_in_clause" => {
                is_field("left")
            }
            "pattern_list" | "tuple_pattern" | "list_pattern" | "as_pattern_target" => true,
            "as_pattern" => is_field("alias"),
            "named_expression" => is_field("name"),
            _ => false,
        };
        if binds {
            bound.insert(text);
            return true;
        }
        let not_a_name = match parent.kind() {
            "attribute" => is_field("attribute"),
            "keyword_argument" => is_field("name"),
            _ => false,
        };
        if !not_a_name {
            used.insert(text);
        }
        true
    });
    used.into_iter()
        .filter(|name| !bound.contains(name))
        .map(str::to_string)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cleans_docstrings() {
        assert_eq!(clean_docstring("\"\"\"One.\"\"\"").as_deref(), Some("One."));
        assert_eq!(
            clean_docstring("r'''Summary.\n\n    Body\n      indented\n    '''").as_deref(),
            Some("Summary.\n\nBody\n  indented")
        );
        assert_eq!(clean_docstring("'x'").as_deref(), Some("x"));
        assert_eq!(clean_docstring("\"\"\"\"\"\""), None);
    }
}
