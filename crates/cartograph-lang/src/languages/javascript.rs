//! JavaScript: functions, classes, methods, top-level functions held in `const`s, exported
//! constants; `import`, `export ... from` (a re-export), `require()` and `import()`, resolved
//! against the whole tree in `crate::resolve::javascript`. TypeScript reuses the rules here.

use super::{Container, Definition, FileContext, LanguageSupport};
use crate::comments::{CommentStyle, Trivia};
use crate::text::{node_text, strip_quotes};
use cartograph_core::{
    Import, ImportKind, RepoPath, Route, Symbol, SymbolKind, TestBlocks, Visibility,
};
use tree_sitter::Node;

pub(crate) struct JavaScript;

impl LanguageSupport for JavaScript {
    fn grammar(&self) -> tree_sitter::Language {
        tree_sitter_javascript::LANGUAGE.into()
    }

    fn query(&self) -> &'static str {
        include_str!("../../queries/javascript.scm")
    }

    fn call_kinds(&self) -> &'static [&'static str] {
        &["call_expression"]
    }

    fn comment_style(&self) -> CommentStyle {
        CommentStyle::CFamily {
            plain_blocks: false,
        }
    }

    fn local_scopes(&self) -> &'static [&'static str] {
        LOCAL_SCOPES
    }

    fn wrappers(&self) -> &'static [&'static str] {
        WRAPPERS
    }

    fn attributes(&self) -> &'static [&'static str] {
        &["decorator"]
    }

    fn visibility(
        &self,
        definition: &Definition<'_>,
        name: &str,
        _container: Option<Container<'_>>,
        source: &str,
    ) -> Option<Visibility> {
        visibility(definition, name, source)
    }

    /// The leading comment block, else the doc of the anonymous function or class the module
    /// exports whole (axios's `parseHeaders.js`: a JSDoc above `export default rawHeaders =>
    /// {…}`): that value is what the file is, and it has no name to carry the doc.
    fn file_doc(&self, file: &FileContext<'_, '_>) -> Option<String> {
        leading_doc(file).or_else(|| anonymous_export_doc(file, self.comment_style()))
    }

    /// `module.exports = function name() {}` is named by the function; an anonymous one defines
    /// no name of its own (the module's importers name it).
    /// `exports.Command = Command` defines nothing: it exports a binding made elsewhere, in
    /// this file (which has its own definition) or by an import (commander's CommonJS
    /// `index.js`), so a reference goes on to where the binding comes from.
    fn name(&self, definition: &Definition<'_>, source: &str) -> Option<String> {
        let target = assigned_to(definition.node);
        if target.is_some_and(|target| exports_object(target, source)) {
            let value = assigned_value(definition.node)?;
            return value
                .child_by_field_name("name")
                .map(|name| node_text(name, source).to_string());
        }
        let exported_binding = target.is_some_and(|target| {
            target.kind() == "member_expression"
                && target
                    .child_by_field_name("object")
                    .is_some_and(|object| exports_object(object, source))
        }) && assigned_value(definition.node)
            .is_some_and(|value| value.kind() == "identifier");
        if exported_binding {
            return None;
        }
        let name = node_text(definition.name?, source).trim();
        (!name.is_empty()).then(|| name.to_string())
    }

    /// The object a CommonJS assignment gives a property to (`app` in `app.use = function`),
    /// `Router` for `Router.prototype.route`; none for the module's own `exports`.
    fn explicit_parent(&self, definition: &Definition<'_>, source: &str) -> Option<String> {
        let target = assigned_to(definition.node)?;
        if exports_object(target, source) {
            return None;
        }
        let object = target.child_by_field_name("object")?;
        if exports_object(object, source) {
            return None;
        }
        let object = node_text(object, source);
        let owner = object.strip_suffix(".prototype").unwrap_or(object);
        (!owner.is_empty() && owner != "this").then(|| owner.to_string())
    }

    fn exports(&self, root: Node<'_>, source: &str) -> Option<Vec<String>> {
        commonjs_exports(root, source)
    }

    fn doc_visibility(&self, doc: &str) -> Option<Visibility> {
        jsdoc_visibility(doc)
    }

    fn module_uses(&self, root: Node<'_>, source: &str) -> Vec<(String, String)> {
        module_uses(root, source)
    }

    fn export_aliases(
        &self,
        root: Node<'_>,
        source: &str,
        symbols: &[Symbol],
    ) -> Vec<(String, String)> {
        export_aliases(root, source, symbols)
    }

    fn clause_exports(&self, root: Node<'_>, source: &str) -> Vec<(String, String)> {
        clause_exports(root, source)
    }

    /// Express, koa-router, fastify and Hono calls: `crate::routes`.
    fn routes(&self, root: Node<'_>, source: &str, imports: &[Import]) -> Vec<Route> {
        crate::routes::javascript(root, source, imports)
    }

    fn test_blocks(&self, root: Node<'_>, source: &str) -> Option<Box<TestBlocks>> {
        test_blocks(root, source)
    }

    fn script_guard(&self, root: Node<'_>, source: &str) -> Option<u32> {
        script_guard(root, source)
    }

    fn test_cases(&self, root: Node<'_>, source: &str) -> Option<(u32, u32)> {
        test_cases(root, source)
    }

    fn settle_symbols(&self, root: Node<'_>, source: &str, symbols: &mut Vec<Symbol>) {
        let objects = exported_objects(root, source);
        let mut passed_on = Vec::new();
        for object in &objects {
            object_bindings(object.node, source, &mut passed_on);
        }
        // A binding given to `exports.name` is passed on, as `export { name }` does: it is no
        // symbol of this module unless it is one already (commander's `index.js` exports
        // `Command` from `lib/command.js`, where references go on to).
        let assigned = assigned_exports(root, source);
        if source.contains("throw") {
            say_throwing_functions(root, source, symbols);
        }
        settle_module_bindings(root, source, symbols, &passed_on);
        for object in &objects {
            add_value_keys(object.node, source, symbols, object.by_name);
        }
        rename_to_exported_keys(&objects, &assigned, source, symbols);
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
        specifier_import(tag, node, source, imports);
    }
}

/// A top-level function whose body only throws is said by what it throws, not by its doc,
/// which describes what it did before (body-parser's deprecated `bodyParser`: "Create a
/// middleware to parse json and urlencoded bodies.", now `throw new Error('The bodyParser()
/// generic has been split into individual middleware to use instead.')`). A deprecation in
/// the doc stays.
fn say_throwing_functions(root: Node<'_>, source: &str, symbols: &mut [Symbol]) {
    let mut cursor = root.walk();
    for statement in root.named_children(&mut cursor) {
        let function = match statement.kind() {
            "export_statement" => statement.child_by_field_name("declaration"),
            _ => Some(statement),
        };
        let Some(function) = function.filter(|node| node.kind() == "function_declaration") else {
            continue;
        };
        let (Some(name), Some(body)) = (
            function.child_by_field_name("name"),
            function.child_by_field_name("body"),
        ) else {
            continue;
        };
        let mut statements = body.walk();
        let inside: Vec<Node<'_>> = body
            .named_children(&mut statements)
            .filter(|node| node.kind() != "comment")
            .collect();
        let [thrown] = inside.as_slice() else {
            continue;
        };
        if thrown.kind() != "throw_statement" {
            continue;
        }
        let text = node_text(*thrown, source);
        if text.contains("implemented") {
            continue;
        }
        // `throw new Error('…')`: the message, when it is written whole.
        let message = text
            .split_once(['\'', '"', '`'])
            .and_then(|(_, rest)| rest.rsplit_once(['\'', '"', '`']))
            .map(|(message, _)| message.trim())
            .filter(|message| !message.is_empty() && !message.contains("${"));
        let said = match message {
            Some(message) => format!("Only throws an error: \u{201c}{message}\u{201d}"),
            None => "Only throws an error.".to_string(),
        };
        let line = function.start_position().row as u32 + 1;
        let name = node_text(name, source);
        for symbol in symbols.iter_mut() {
            if symbol.name.as_str() != name || symbol.parent.is_some() {
                continue;
            }
            if symbol.line > line || symbol.end_line < line {
                continue;
            }
            let deprecated = symbol.doc.as_deref().is_some_and(|doc| {
                doc.lines()
                    .any(|line| line.trim_start().starts_with("@deprecated"))
            });
            let doc = if deprecated {
                format!("{said}\n\n@deprecated")
            } else {
                said.clone()
            };
            symbol.doc = Some(doc.into());
        }
    }
}

/// The specifier of an `import`, `require()`, `import()` or `export ... from`, the last kind
/// `Reexport` (the query tags it `reexport`).
pub(crate) fn specifier_import(tag: &str, node: Node<'_>, source: &str, imports: &mut Vec<Import>) {
    let first = imports.len();
    super::push_import(imports, strip_quotes(node_text(node, source)));
    let kind = if tag == "reexport" && exports_types_only(node, source) {
        Some(ImportKind::TypeReexport)
    } else if tag == "reexport"
        || passed_on_require(node, source)
        || assigned_to_exports(node, source)
    {
        Some(ImportKind::Reexport)
    } else if imports_types_only(node, source) {
        Some(ImportKind::TypeOnly)
    } else {
        None
    };
    if let Some(kind) = kind {
        for import in &mut imports[first..] {
            import.kind = kind;
        }
    }
}

/// TypeScript's `export type { Options } from './options.js'`, or a re-export whose every name
/// is marked `type` (`export { type A, type B } from …`): erased when compiled (ky's
/// `index.ts` passes on its types so).
fn exports_types_only(specifier: Node<'_>, source: &str) -> bool {
    names_types_only(specifier, source, "export_statement", "export")
}

/// TypeScript's `import type { Hooks } from './hooks.js'`, or an import whose every name is
/// marked `type` (`import { type A, type B } from …`): erased when compiled, it never runs
/// (ky's `types/hooks.ts` importing `../index.js`, which made a cycle of fifteen files).
fn imports_types_only(specifier: Node<'_>, source: &str) -> bool {
    names_types_only(specifier, source, "import_statement", "import")
}

/// True when the `kind` statement around `specifier` (written from `keyword`) moves types
/// only: `keyword type …` (not `import typeMap from`), or a `{ … }` clause, with no default or
/// namespace name beside it, whose every name is marked `type`.
fn names_types_only(specifier: Node<'_>, source: &str, kind: &str, keyword: &str) -> bool {
    let Some(statement) = specifier.parent().filter(|parent| parent.kind() == kind) else {
        return false;
    };
    let Some(rest) = node_text(statement, source).strip_prefix(keyword) else {
        return false;
    };
    let rest = rest.trim_start();
    if let Some(after) = rest.strip_prefix("type") {
        return after.starts_with(|c: char| c.is_whitespace() || c == '{');
    }
    let Some(names) = rest
        .strip_prefix('{')
        .and_then(|names| names.split_once('}'))
        .map(|(names, _)| names)
    else {
        return false;
    };
    let mut names = names
        .split(',')
        .map(str::trim)
        .filter(|name| !name.is_empty())
        .peekable();
    names.peek().is_some() && names.all(|name| name.starts_with("type "))
}

pub(crate) const LOCAL_SCOPES: &[&str] = &[
    "function_declaration",
    "generator_function_declaration",
    "function_expression",
    "generator_function",
    "arrow_function",
    "method_definition",
    "class_static_block",
];

pub(crate) const WRAPPERS: &[&str] = &[
    "export_statement",
    "lexical_declaration",
    "variable_declaration",
    "ambient_declaration",
];

/// The left side of a CommonJS definition (`exports.name = ...`): the captured node is the
/// assignment itself.
fn assigned_to(node: Node<'_>) -> Option<Node<'_>> {
    (node.kind() == "assignment_expression")
        .then(|| node.child_by_field_name("left"))
        .flatten()
}

/// The value at the end of an assignment chain (`a = b = function () {}`).
fn assigned_value(node: Node<'_>) -> Option<Node<'_>> {
    let mut value = node.child_by_field_name("right")?;
    while value.kind() == "assignment_expression" {
        value = value.child_by_field_name("right")?;
    }
    Some(value)
}

/// `exports`, `module.exports` or a top-level `this`: the object a CommonJS module exports.
fn exports_object(node: Node<'_>, source: &str) -> bool {
    matches!(
        node_text(node, source),
        "exports" | "module.exports" | "this"
    )
}

/// The names a CommonJS module exports, when it exports any (`None` for ES modules, whose
/// `export` marks each symbol, unless their default export is an object literal, whose keys
/// are listed as those of `module.exports = {…}`):
/// - `exports.name = ...`, `module.exports.name = ...`: `name`;
/// - `module.exports = name` (also at the end of a chain `exports = module.exports = name`), and
///   `var app = exports = module.exports = {}`: the object's name, whose properties
///   (`app.use = function ...`) are then public members;
/// - `module.exports = { a, b: c, d() {} }`: `a`, `b`, `c`, `d`;
/// - `module.exports = function name() {}` or `class Name {}`: the name.
fn commonjs_exports(root: Node<'_>, source: &str) -> Option<Vec<String>> {
    let mut names: Vec<String> = Vec::new();
    let mut found = false;
    for statement in module_statements(root) {
        match statement.kind() {
            "expression_statement" => {
                let Some(assignment) = statement.named_child(0) else {
                    continue;
                };
                if assignment.kind() == "assignment_expression" {
                    found |= chain_exports(assignment, None, source, &mut names);
                }
            }
            "variable_declaration" | "lexical_declaration" => {
                for (name, value) in declared(statement) {
                    if value.kind() == "assignment_expression" {
                        let name = node_text(name, source);
                        found |= chain_exports(value, Some(name), source, &mut names);
                    }
                }
            }
            // An ES module whose default export is an object literal (axios's `utils.js`:
            // `export default { isArray, ... }`) offers its keys, as `module.exports = {}`.
            "export_statement" => {
                if let Some(object) = default_object(statement) {
                    object_exports(object, source, &mut names);
                    found = true;
                }
            }
            _ => {}
        }
    }
    // `const codes = {…}; module.exports = codes` (fastify's `lib/errors.js`) offers the keys
    // of `codes`, as `module.exports = {…}` would.
    for object in exported_objects(root, source) {
        if object.by_name {
            object_exports(object.node, source, &mut names);
        }
    }
    names.sort();
    names.dedup();
    found.then_some(names)
}

/// The statements of a module's top level, those of a function the file calls where it writes
/// it (cors's `(function () { … module.exports = middlewareWrapper; }())`) in its place.
fn module_statements(root: Node<'_>) -> Vec<Node<'_>> {
    fn unwrap(mut node: Node<'_>) -> Node<'_> {
        while node.kind() == "parenthesized_expression" {
            match node.named_child(0) {
                Some(inner) => node = inner,
                None => break,
            }
        }
        node
    }
    let mut statements = Vec::new();
    let mut cursor = root.walk();
    for statement in root.named_children(&mut cursor) {
        let body = (statement.kind() == "expression_statement")
            .then(|| statement.named_child(0))
            .flatten()
            .map(unwrap)
            .filter(|call| call.kind() == "call_expression")
            .and_then(|call| call.child_by_field_name("function"))
            .map(unwrap)
            .filter(|function| matches!(function.kind(), "function_expression" | "arrow_function"))
            .and_then(|function| function.child_by_field_name("body"))
            .filter(|body| body.kind() == "statement_block");
        match body {
            Some(body) => {
                let mut inner = body.walk();
                statements.extend(body.named_children(&mut inner));
            }
            None => statements.push(statement),
        }
    }
    statements
}

/// The object literal of `export default {…}`.
fn default_object(statement: Node<'_>) -> Option<Node<'_>> {
    let mut tokens = statement.walk();
    let is_default = statement
        .children(&mut tokens)
        .any(|child| child.kind() == "default");
    statement
        .child_by_field_name("value")
        .filter(|value| is_default && value.kind() == "object")
}

/// An object literal a module exports whole.
pub(crate) struct ExportedObject<'tree> {
    pub node: Node<'tree>,
    /// Exported through the name of the variable that holds it (`const codes = {…};
    /// module.exports = codes`): the query, which sees only the literal of `module.exports =
    /// {…}`, finds none of its methods.
    pub by_name: bool,
}

/// The object literals a module exports whole, at module level: `export default {…}`,
/// `module.exports = {…}`, `const proto = module.exports = {…}`, and the literal a module-level
/// variable holds when `module.exports = name` exports it (fastify's `lib/errors.js`).
fn exported_objects<'tree>(root: Node<'tree>, source: &str) -> Vec<ExportedObject<'tree>> {
    let mut objects = Vec::new();
    let mut held: Vec<(&str, Node<'tree>)> = Vec::new();
    let mut cursor = root.walk();
    for statement in root.named_children(&mut cursor) {
        let value = match statement.kind() {
            "export_statement" => default_object(statement),
            "expression_statement" => statement
                .named_child(0)
                .filter(|assignment| assignment.kind() == "assignment_expression")
                .and_then(|assignment| exported_by_chain(assignment, source)),
            "lexical_declaration" | "variable_declaration" => {
                for (name, value) in declared(statement) {
                    if name.kind() == "identifier" && value.kind() == "object" {
                        held.push((node_text(name, source), value));
                    }
                }
                declared(statement).into_iter().find_map(|(_, value)| {
                    (value.kind() == "assignment_expression")
                        .then(|| exported_by_chain(value, source))
                        .flatten()
                })
            }
            _ => None,
        };
        let Some(value) = value else {
            continue;
        };
        match value.kind() {
            "object" => objects.push(ExportedObject {
                node: value,
                by_name: false,
            }),
            // CommonJS only: an ES module's `export default api` exports the binding `api`,
            // which is its API entry.
            "identifier" if statement.kind() != "export_statement" => {
                let name = node_text(value, source);
                let object = held.iter().rev().find(|(held, _)| *held == name);
                if let Some((_, object)) = object {
                    if !objects.iter().any(|known| known.node == *object) {
                        objects.push(ExportedObject {
                            node: *object,
                            by_name: true,
                        });
                    }
                }
            }
            _ => {}
        }
    }
    objects
}

/// `(key, binding)` of each module-level `exports.key = binding` and `module.exports.key =
/// binding` (fastify's `module.exports.errorCodes = errorCodes`): a binding of the module passed
/// on under the name `key`.
fn assigned_exports<'s>(root: Node<'_>, source: &'s str) -> Vec<(&'s str, &'s str)> {
    let mut pairs = Vec::new();
    let mut cursor = root.walk();
    for statement in root.named_children(&mut cursor) {
        let Some(assignment) = statement
            .named_child(0)
            .filter(|_| statement.kind() == "expression_statement")
            .filter(|assignment| assignment.kind() == "assignment_expression")
        else {
            continue;
        };
        let Some(binding) = assigned_value(assignment).filter(|value| value.kind() == "identifier")
        else {
            continue;
        };
        let mut link = Some(assignment);
        while let Some(current) = link {
            let key = current
                .child_by_field_name("left")
                .filter(|left| left.kind() == "member_expression")
                .filter(|left| {
                    left.child_by_field_name("object")
                        .is_some_and(|object| exports_object(object, source))
                })
                .and_then(|left| left.child_by_field_name("property"));
            if let Some(key) = key {
                pairs.push((node_text(key, source), node_text(binding, source)));
            }
            link = current
                .child_by_field_name("right")
                .filter(|right| right.kind() == "assignment_expression");
        }
    }
    pairs
}

/// Names a top-level symbol by the key it is exported under, the name importers use: fastify's
/// `module.exports = { add: decorateFastify }` and `exports.add = decorateFastify` offer `add`,
/// not `decorateFastify` (also `export default { hasOwnProp: hasOwnProperty }`). Only a binding
/// exported under that one key, never under its own name (`{ a }`, `module.exports = a`,
/// `exports.a = a`) nor as `default`, and when no symbol of the module has the key's name; its
/// members follow it.
fn rename_to_exported_keys(
    objects: &[ExportedObject<'_>],
    assigned: &[(&str, &str)],
    source: &str,
    symbols: &mut [Symbol],
) {
    let mut keys: std::collections::BTreeMap<&str, Vec<&str>> = std::collections::BTreeMap::new();
    for object in objects {
        let mut cursor = object.node.walk();
        for entry in object.node.named_children(&mut cursor) {
            let (key, binding) = match entry.kind() {
                "shorthand_property_identifier" => {
                    let name = node_text(entry, source);
                    (name, name)
                }
                "pair" => {
                    let key = entry.child_by_field_name("key");
                    let value = entry
                        .child_by_field_name("value")
                        .filter(|value| value.kind() == "identifier");
                    let (Some(key), Some(value)) = (key, value) else {
                        continue;
                    };
                    (
                        strip_quotes(node_text(key, source)),
                        node_text(value, source),
                    )
                }
                _ => continue,
            };
            keys.entry(binding).or_default().push(key);
        }
    }
    for (key, binding) in assigned {
        keys.entry(binding).or_default().push(key);
    }
    for (binding, keys) in keys {
        let [key] = keys[..] else {
            continue;
        };
        let top_level =
            |symbol: &Symbol, name: &str| symbol.parent.is_none() && symbol.name == name;
        if key == binding
            || key == "default"
            || symbols.iter().any(|symbol| top_level(symbol, key))
            || !symbols.iter().any(|symbol| top_level(symbol, binding))
        {
            continue;
        }
        for symbol in symbols.iter_mut() {
            if top_level(symbol, binding) {
                symbol.name = key.into();
            } else if symbol.parent.as_deref() == Some(binding) {
                symbol.parent = Some(key.into());
            }
        }
    }
}

/// The names an exported object literal offers: `{ a, b: c, d() {} }` gives `a`, `b`, `c`
/// (the binding `b` passes on) and `d`.
fn object_exports(object: Node<'_>, source: &str, names: &mut Vec<String>) {
    let mut cursor = object.walk();
    for entry in object.named_children(&mut cursor) {
        match entry.kind() {
            "shorthand_property_identifier" => {
                names.push(node_text(entry, source).to_string());
            }
            "pair" | "method_definition" => {
                let key = entry
                    .child_by_field_name("key")
                    .or_else(|| entry.child_by_field_name("name"));
                if let Some(key) = key {
                    names.push(strip_quotes(node_text(key, source)).to_string());
                }
                let value = entry.child_by_field_name("value");
                if let Some(value) = value.filter(|value| value.kind() == "identifier") {
                    names.push(node_text(value, source).to_string());
                }
            }
            _ => {}
        }
    }
}

/// Reads one assignment chain; `held_by` is the variable the chain's value is also given to
/// (`var app = exports = module.exports = {}`). True when the chain exports something.
fn chain_exports(
    assignment: Node<'_>,
    held_by: Option<&str>,
    source: &str,
    names: &mut Vec<String>,
) -> bool {
    let mut whole_module = false;
    let mut found = false;
    let mut link = Some(assignment);
    let mut value = assignment;
    while let Some(current) = link {
        let Some(left) = current.child_by_field_name("left") else {
            return found;
        };
        if exports_object(left, source) && node_text(left, source) != "this" {
            whole_module = true;
        } else if left.kind() == "member_expression" {
            let object = left.child_by_field_name("object");
            if object.is_some_and(|object| exports_object(object, source)) {
                if let Some(property) = left.child_by_field_name("property") {
                    names.push(node_text(property, source).to_string());
                    found = true;
                }
            }
        }
        let Some(right) = current.child_by_field_name("right") else {
            return found;
        };
        value = right;
        link = (right.kind() == "assignment_expression").then_some(right);
    }
    if !whole_module {
        return found;
    }
    if let Some(held_by) = held_by {
        names.push(held_by.to_string());
    }
    match value.kind() {
        "identifier" => names.push(node_text(value, source).to_string()),
        "function_expression" | "class" | "generator_function" => {
            if let Some(name) = value.child_by_field_name("name") {
                names.push(node_text(name, source).to_string());
            }
        }
        "object" => object_exports(value, source, names),
        _ => {}
    }
    true
}

/// The names a file uses from the modules it imports, as `(specifier, name)`, once each:
/// - `import { a, b as c } from "./x"`: `a`, `b`; `import X from "./x"`: `X`;
/// - `const { a, b: c } = require("./x")`, `var View = require("./view")`: `a`, `b`, `View`;
/// - `require("./utils").methods`: `methods`;
/// - `x.name` after `import * as x from "./x"` or `const x = require("./x")`: `name`;
/// - `const { a } = x` after either: `a`.
///
/// A binding's own name is a use only where the module defines that name (`references.rs`
/// looks it up), so `var debug = require('debug')` costs nothing.
pub(crate) fn module_uses(root: Node<'_>, source: &str) -> Vec<(String, String)> {
    let mut uses: Vec<(String, String)> = Vec::new();
    let mut aliases: std::collections::HashMap<&str, &str> = std::collections::HashMap::new();
    let mut cursor = root.walk();
    for statement in root.named_children(&mut cursor) {
        match statement.kind() {
            "import_statement" => {
                let Some(specifier) = statement.child_by_field_name("source") else {
                    continue;
                };
                let specifier = strip_quotes(node_text(specifier, source));
                import_clause_uses(statement, specifier, source, &mut aliases, &mut uses);
            }
            "lexical_declaration" | "variable_declaration" => {
                for (name, value) in declared(statement) {
                    // `const { chindingsSym, … } = symbols` after `const symbols =
                    // require('./lib/symbols')` (pino.js) takes names from the module too.
                    let Some(specifier) = required(value, source).or_else(|| {
                        (value.kind() == "identifier")
                            .then(|| aliases.get(node_text(value, source)).copied())
                            .flatten()
                    }) else {
                        continue;
                    };
                    match name.kind() {
                        "identifier" => {
                            let local = node_text(name, source);
                            aliases.insert(local, specifier);
                            uses.push((specifier.to_string(), local.to_string()));
                        }
                        _ => pattern_uses(name, specifier, source, &mut uses),
                    }
                }
            }
            _ => {}
        }
    }
    super::walk_preorder(root, |node| {
        // Inside functions too: `const { HTTPError } = await import('../source/index.js')`
        // (ky's `test/retry.ts`), `const { parse } = require('./parse')` where it is needed.
        if node.kind() == "variable_declarator" {
            let name = node.child_by_field_name("name");
            let specifier = node
                .child_by_field_name("value")
                .and_then(|value| required(value, source).or_else(|| imported(value, source)));
            if let (Some(name), Some(specifier)) = (name, specifier) {
                pattern_uses(name, specifier, source, &mut uses);
            } else if let (Some(name), Some(value)) = (name, node.child_by_field_name("value")) {
                // `let { nanoid, random } = type === 'node' ? node : browser` in a loop (nanoid's
                // `test/index.test.js`), after `import * as node from '../index.js'`: the names
                // come from each module the value may be.
                for specifier in aliased(value, source, &aliases) {
                    pattern_uses(name, specifier, source, &mut uses);
                }
            }
        }
        if node.kind() == "member_expression" {
            let object = node.child_by_field_name("object");
            let property = node.child_by_field_name("property");
            if let (Some(object), Some(property)) = (object, property) {
                let specifier = required(object, source)
                    .or_else(|| aliases.get(node_text(object, source)).copied());
                if let Some(specifier) = specifier {
                    uses.push((
                        specifier.to_string(),
                        node_text(property, source).to_string(),
                    ));
                }
            }
        }
        true
    });
    let mut seen = std::collections::HashSet::new();
    uses.retain(|item| seen.insert(item.clone()));
    uses
}

/// The modules an expression may be, by the aliases it names: `node` after `import * as node
/// from '../index.js'`, either branch of `cond ? node : browser`.
fn aliased<'s>(
    value: Node<'_>,
    source: &str,
    aliases: &std::collections::HashMap<&str, &'s str>,
) -> Vec<&'s str> {
    match value.kind() {
        "identifier" => aliases
            .get(node_text(value, source))
            .copied()
            .into_iter()
            .collect(),
        "parenthesized_expression" => value
            .named_child(0)
            .map(|inner| aliased(inner, source, aliases))
            .unwrap_or_default(),
        "ternary_expression" => ["consequence", "alternative"]
            .into_iter()
            .filter_map(|field| value.child_by_field_name(field))
            .flat_map(|branch| aliased(branch, source, aliases))
            .collect(),
        _ => Vec::new(),
    }
}

/// The names a destructuring pattern takes from the module `specifier`: `a` and `b` of
/// `{ a, b: c }`; nothing for a plain name (the module itself, whose uses `module_uses` follows
/// as an alias at the top level).
fn pattern_uses(
    pattern: Node<'_>,
    specifier: &str,
    source: &str,
    uses: &mut Vec<(String, String)>,
) {
    if pattern.kind() != "object_pattern" {
        return;
    }
    let mut fields = pattern.walk();
    for field in pattern.named_children(&mut fields) {
        let key = match field.kind() {
            "shorthand_property_identifier_pattern" => Some(field),
            "pair_pattern" => field.child_by_field_name("key"),
            _ => None,
        };
        if let Some(key) = key {
            uses.push((specifier.to_string(), node_text(key, source).to_string()));
        }
    }
}

/// The specifier of `import("x")` or `await import("x")`, when `node` is that expression.
fn imported<'s>(node: Node<'_>, source: &'s str) -> Option<&'s str> {
    let call = match node.kind() {
        "await_expression" => node.named_child(0)?,
        _ => node,
    };
    if call.kind() != "call_expression" {
        return None;
    }
    let function = call.child_by_field_name("function")?;
    if function.kind() != "import" {
        return None;
    }
    let arguments = call.child_by_field_name("arguments")?;
    let first = arguments.named_child(0)?;
    (first.kind() == "string").then(|| strip_quotes(node_text(first, source)))
}

/// The `(name, value)` of each declarator of a `var`, `let` or `const` that has a value.
fn declared<'tree>(statement: Node<'tree>) -> Vec<(Node<'tree>, Node<'tree>)> {
    let mut declarators = statement.walk();
    statement
        .named_children(&mut declarators)
        .filter_map(|declarator| {
            Some((
                declarator.child_by_field_name("name")?,
                declarator.child_by_field_name("value")?,
            ))
        })
        .collect()
}

/// The specifier of `require("x")`, when `node` is that call.
fn required<'s>(node: Node<'_>, source: &'s str) -> Option<&'s str> {
    if node.kind() != "call_expression" {
        return None;
    }
    let function = node.child_by_field_name("function")?;
    if node_text(function, source) != "require" {
        return None;
    }
    let arguments = node.child_by_field_name("arguments")?;
    let first = arguments.named_child(0)?;
    (first.kind() == "string").then(|| strip_quotes(node_text(first, source)))
}

/// The names an `import` statement's clause brings: named imports by their exported name, a
/// default import by its local name, a namespace import as an alias.
fn import_clause_uses<'s>(
    statement: Node<'_>,
    specifier: &'s str,
    source: &'s str,
    aliases: &mut std::collections::HashMap<&'s str, &'s str>,
    uses: &mut Vec<(String, String)>,
) {
    let mut cursor = statement.walk();
    for clause in statement.named_children(&mut cursor) {
        if clause.kind() != "import_clause" {
            continue;
        }
        let mut parts = clause.walk();
        for part in clause.named_children(&mut parts) {
            match part.kind() {
                // A default import may be a CommonJS module's object: `const { sink } =
                // helper` after `import helper from '../helper.js'` takes its names.
                "identifier" => {
                    let local = node_text(part, source);
                    aliases.insert(local, specifier);
                    uses.push((specifier.to_string(), local.to_string()))
                }
                "namespace_import" => {
                    let mut names = part.walk();
                    let alias = part
                        .named_children(&mut names)
                        .find(|child| child.kind() == "identifier");
                    if let Some(alias) = alias {
                        aliases.insert(node_text(alias, source), specifier);
                    }
                }
                "named_imports" => {
                    let mut specifiers = part.walk();
                    for imported in part.named_children(&mut specifiers) {
                        if let Some(name) = imported.child_by_field_name("name") {
                            uses.push((
                                specifier.to_string(),
                                strip_quotes(node_text(name, source)).to_string(),
                            ));
                        }
                    }
                }
                _ => {}
            }
        }
    }
}

/// JSDoc's `@private`, `@internal` and `@api private` (the older dox style) make a definition
/// private whatever its syntax says; `@public` and `@api public` make it public.
pub(crate) fn jsdoc_visibility(doc: &str) -> Option<Visibility> {
    doc.lines().find_map(|line| {
        let mut words = line.split_whitespace();
        match (words.next()?, words.next()) {
            ("@private" | "@internal", _) | ("@api", Some("private")) => Some(Visibility::Private),
            ("@public", _) | ("@api", Some("public")) => Some(Visibility::Public),
            _ => None,
        }
    })
}

/// Exported top-level definitions are public, whether `export` is written on them or a local
/// export clause names them (`export { a as INTERNAL_a, c }`, `export default c`), `#private`
/// members private, and TypeScript's access modifiers say what they say; anything else is left
/// unknown.
pub(crate) fn visibility(
    definition: &Definition<'_>,
    name: &str,
    source: &str,
) -> Option<Visibility> {
    // A module-level binding that is no function or class: `settle_module_bindings` decides,
    // once for the whole file.
    if module_binding(definition) {
        return None;
    }
    if definition.outer.kind() == "export_statement" || exported_by_clause(definition, name, source)
    {
        return Some(Visibility::Public);
    }
    if name.starts_with('#') {
        return Some(Visibility::Private);
    }
    let modifier = super::child_of_kind(definition.node, &["accessibility_modifier"])?;
    super::visibility_from_modifiers(node_text(modifier, source))
}

/// True for a `const`, `let` or `var` binding at module level that holds no function or class:
/// the query's last patterns take every one in (names a destructuring binds too), and
/// `settle_module_bindings` decides with the whole file at hand.
fn module_binding(definition: &Definition<'_>) -> bool {
    if !matches!(definition.kind, SymbolKind::Constant | SymbolKind::Variable) {
        return false;
    }
    match definition.node.kind() {
        "variable_declarator" => {
            matches!(
                definition.outer.kind(),
                "lexical_declaration" | "variable_declaration"
            ) && definition
                .outer
                .parent()
                .is_some_and(|parent| parent.kind() == "program")
        }
        // A name of `const { a, b: c } = f()` or `const [x] = f()`.
        _ => true,
    }
}

/// Settles the module-level `const`, `let` and `var` bindings that hold no function or class:
/// - one declared with `export` (`export const { a, b } = f()` included) is public;
/// - one without is a symbol only when a local export statement names it (`const ky =
///   createInstance(); export default ky`, chalk's `export { stdoutColor as supportsColor }`,
///   execa's `const { sendMessage } = getIpcExport(); export { sendMessage }`), and public: the
///   package's main object is often one. The others (`const debug = require('debug')`, a
///   module's private tables) are no symbols, as before.
///
/// A name a destructuring binds gets the whole statement as its signature when that fits on
/// a line, else its own line.
pub(crate) fn settle_module_bindings(
    root: Node<'_>,
    source: &str,
    symbols: &mut Vec<Symbol>,
    passed_on: &[&str],
) {
    /// A declaration at module level: its first and last line, whether `export` declares it,
    /// and its text on one line.
    struct Declared {
        lines: (u32, u32),
        exported: bool,
        text: String,
    }
    const MAX_SIGNATURE: usize = 120;
    let mut exported: std::collections::HashSet<&str> = passed_on.iter().copied().collect();
    let mut declared: Vec<Declared> = Vec::new();
    let mut statements = root.walk();
    for statement in root.named_children(&mut statements) {
        let lines = (
            statement.start_position().row as u32 + 1,
            statement.end_position().row as u32 + 1,
        );
        let text = || crate::text::collapse_whitespace(node_text(statement, source));
        match statement.kind() {
            "lexical_declaration" | "variable_declaration" => declared.push(Declared {
                lines,
                exported: false,
                text: text(),
            }),
            "export_statement" if statement.child_by_field_name("source").is_none() => {
                if statement
                    .child_by_field_name("declaration")
                    .is_some_and(|declaration| {
                        matches!(
                            declaration.kind(),
                            "lexical_declaration" | "variable_declaration"
                        )
                    })
                {
                    declared.push(Declared {
                        lines,
                        exported: true,
                        text: text(),
                    });
                }
                if let Some(value) = statement.child_by_field_name("value") {
                    if value.kind() == "identifier" {
                        exported.insert(node_text(value, source));
                    }
                }
                let Some(clause) = super::child_of_kind(statement, &["export_clause"]) else {
                    continue;
                };
                let mut specifiers = clause.walk();
                for specifier in clause.named_children(&mut specifiers) {
                    if let Some(local) = specifier.child_by_field_name("name") {
                        exported.insert(strip_quotes(node_text(local, source)));
                    }
                }
            }
            _ => {}
        }
    }
    symbols.retain_mut(|symbol| {
        if symbol.parent.is_some()
            || !matches!(symbol.kind, SymbolKind::Constant | SymbolKind::Variable)
        {
            return true;
        }
        // Statements are in line order and do not overlap.
        let at = declared.partition_point(|statement| statement.lines.1 < symbol.line);
        let Some(statement) = declared
            .get(at)
            .filter(|statement| statement.lines.0 <= symbol.line)
        else {
            return true;
        };
        // A name a destructuring binds: its signature starts inside the pattern.
        let declaration = ["const ", "let ", "var ", "export ", "declare "];
        let destructured = !declaration
            .iter()
            .any(|keyword| symbol.signature.starts_with(keyword));
        if destructured && statement.text.len() <= MAX_SIGNATURE {
            symbol.signature = statement.text.as_str().into();
        } else if destructured {
            // fastify's `const { createChildLogger, …, LogController } = require('./lib/…')`:
            // the name among the others, not the tail of the line from the name on.
            let abridged = abridged_destructuring(&statement.text, symbol.name.as_str());
            if let Some(abridged) = abridged.filter(|text| text.len() <= MAX_SIGNATURE) {
                symbol.signature = abridged.into();
            }
        }
        let keep = statement.exported || exported.contains(symbol.name.as_str());
        if keep && symbol.visibility.is_none() {
            symbol.visibility = Some(Visibility::Public);
        }
        keep
    });
}

/// A destructuring statement with only `name` of its pattern: `const { a, b, c } = f()` gives
/// `const { …, b, … } = f()` for `b`, `const { …, c } = f()` for `c` (a rest element keeps its
/// dots).
fn abridged_destructuring(text: &str, name: &str) -> Option<String> {
    const CLOSE: &str = "} = ";
    if text.contains('[') {
        return None;
    }
    let start = text.find('{')?;
    let end = start + text.get(start..)?.find(CLOSE)?;
    let keyword = text.get(..start)?.trim_end();
    let value = text.get(end + CLOSE.len()..)?;
    let pattern = text.get(start + 1..end)?;
    let entries: Vec<&str> = pattern
        .split(',')
        .map(str::trim)
        .filter(|entry| !entry.is_empty())
        .collect();
    let at = entries.iter().position(|entry| {
        entry.trim_start_matches("...") == name
            || entry
                .rsplit_once(':')
                .is_some_and(|(_, local)| local.trim() == name)
    })?;
    let entry = entries.get(at)?;
    let before = if at > 0 { "…, " } else { "" };
    let after = if at + 1 < entries.len() { ", …" } else { "" };
    Some(format!("{keyword} {{ {before}{entry}{after} }} = {value}"))
}

/// `(key, binding)` for each key of an exported object literal given a binding of another
/// name (`("b", "c")` for `{ a, b: c }`) and each `exports.b = c`, unless the module's symbol
/// already has the key's name (`rename_to_exported_keys`).
fn object_aliases(
    root: Node<'_>,
    source: &str,
    symbols: &[Symbol],
    aliases: &mut Vec<(String, String)>,
) {
    let mut pairs: Vec<(&str, &str)> = Vec::new();
    for object in exported_objects(root, source) {
        let mut cursor = object.node.walk();
        for pair in object.node.named_children(&mut cursor) {
            if pair.kind() != "pair" {
                continue;
            }
            let key = pair.child_by_field_name("key");
            let value = pair
                .child_by_field_name("value")
                .filter(|value| value.kind() == "identifier");
            if let (Some(key), Some(value)) = (key, value) {
                pairs.push((
                    strip_quotes(node_text(key, source)),
                    node_text(value, source),
                ));
            }
        }
    }
    pairs.extend(assigned_exports(root, source));
    for (key, value) in pairs {
        let named = symbols
            .iter()
            .any(|symbol| symbol.parent.is_none() && symbol.name == key);
        if key != value && !named && !aliases.iter().any(|(known, _)| known == key) {
            aliases.push((key.to_string(), value.to_string()));
        }
    }
}

/// The bindings an exported object literal passes on: `a` and `c` of `{ a, b: c }`.
fn object_bindings<'s>(object: Node<'_>, source: &'s str, bindings: &mut Vec<&'s str>) {
    let mut cursor = object.walk();
    for entry in object.named_children(&mut cursor) {
        let binding = match entry.kind() {
            "shorthand_property_identifier" => Some(entry),
            "pair" => entry
                .child_by_field_name("value")
                .filter(|value| value.kind() == "identifier"),
            _ => None,
        };
        bindings.extend(binding.map(|binding| node_text(binding, source)));
    }
}

/// The keys of an exported object literal that hold a value written there, neither a function
/// (the query makes those methods) nor a binding of the module (`{ a }`, `{ b: c }`: the
/// binding is the definition): axios's `defaults/transitional.js` is `export default {
/// silentJSONParsing: true, ... }`. Each is a constant of the module, with the doc comment
/// written above it, inserted among `symbols` in line order. With `functions` (an object the
/// query does not see, exported by name), its methods and function-valued keys too, as methods.
fn add_value_keys(object: Node<'_>, source: &str, symbols: &mut Vec<Symbol>, functions: bool) {
    const FUNCTIONS: &[&str] = &[
        "function_expression",
        "arrow_function",
        "generator_function",
    ];
    let style = CommentStyle::CFamily {
        plain_blocks: false,
    };
    let mut trivia: Vec<Trivia> = Vec::new();
    let mut cursor = object.walk();
    let entries: Vec<Node<'_>> = object.named_children(&mut cursor).collect();
    for (at, &entry) in entries.iter().enumerate() {
        if entry.kind() == "comment" {
            let text = node_text(entry, source).trim_end();
            trivia.push(Trivia {
                start: entry.start_byte(),
                end: entry.start_byte() + text.len(),
                start_row: entry.start_position().row,
                end_row: entry.end_position().row,
                is_attribute: false,
            });
            continue;
        }
        let (key, kind) = match entry.kind() {
            "pair" => {
                let key = entry
                    .child_by_field_name("key")
                    .filter(|key| key.kind() == "property_identifier");
                let value = entry.child_by_field_name("value");
                let (Some(key), Some(value)) = (key, value) else {
                    continue;
                };
                match value.kind() {
                    "identifier" => continue,
                    kind if FUNCTIONS.contains(&kind) => {
                        if !functions {
                            continue;
                        }
                        (key, SymbolKind::Method)
                    }
                    _ => (key, SymbolKind::Constant),
                }
            }
            "method_definition" if functions => {
                let Some(name) = entry.child_by_field_name("name") else {
                    continue;
                };
                (name, SymbolKind::Method)
            }
            _ => continue,
        };
        // A setter is the second half of its getter.
        if kind == SymbolKind::Method
            && symbols.iter().any(|symbol| {
                symbol.parent.is_none()
                    && symbol.kind == SymbolKind::Method
                    && symbol.name == node_text(key, source)
            })
        {
            continue;
        }
        let doc = crate::comments::symbol_doc(style, &trivia, source, entry.start_byte());
        let visibility = doc.as_deref().and_then(jsdoc_visibility);
        let (line, end_line) = crate::text::line_span(entry);
        // The first line, up to a comment on it (`input: 'x', // the entry`).
        let row = entry.start_position().row;
        let end = entries
            .get(at + 1..)
            .unwrap_or_default()
            .iter()
            .take_while(|next| next.start_position().row == row)
            .find(|next| next.kind() == "comment")
            .map_or(source.len(), |comment| comment.start_byte());
        let signature =
            crate::text::signature_at(source.get(..end).unwrap_or(source), entry.start_byte());
        let symbol = Symbol {
            kind,
            name: strip_quotes(node_text(key, source)).into(),
            line,
            end_line,
            signature: signature.into(),
            doc: doc.map(Into::into),
            visibility,
            parent: None,
        };
        let at = symbols.partition_point(|other| other.line <= symbol.line);
        symbols.insert(at, symbol);
    }
}

/// True when `definition` is declared at module level and a local export statement of its module
/// names it: `export { name }`, `export { name as alias }`, `export type { name }` or
/// `export default name`. A clause with `from` re-exports another module's names, not these.
fn exported_by_clause(definition: &Definition<'_>, name: &str, source: &str) -> bool {
    let Some(module) = definition.outer.parent() else {
        return false;
    };
    if module.kind() != "program" {
        return false;
    }
    let mut statements = module.walk();
    let found = module.named_children(&mut statements).any(|statement| {
        if statement.kind() != "export_statement"
            || statement.child_by_field_name("source").is_some()
        {
            return false;
        }
        if let Some(value) = statement.child_by_field_name("value") {
            return value.kind() == "identifier" && node_text(value, source) == name;
        }
        let Some(clause) = super::child_of_kind(statement, &["export_clause"]) else {
            return false;
        };
        let mut specifiers = clause.walk();
        let named = clause.named_children(&mut specifiers).any(|specifier| {
            specifier
                .child_by_field_name("name")
                .is_some_and(|local| strip_quotes(node_text(local, source)) == name)
        });
        named
    });
    found
}

/// `(exported, inner)` for each name an export clause at module level exports, in order: a
/// binding the module imported (commander's `import { Command } from './lib/command.js';
/// export { Command };`, inner the name the other module gives it), one of its own (chalk's
/// `export { stdoutColor as supportsColor }`, inner the local name), and each name of an
/// `export { a, b as c } from './x'` clause (inner `a` and `b`); `export * from './x'` as
/// `("*", "./x")`; `export default ky` as `("default", "ky")`; CommonJS's `exports.a = b` as
/// `("a", "b")`.
pub(crate) fn clause_exports(root: Node<'_>, source: &str) -> Vec<(String, String)> {
    // Local name → the name it has in the module it is imported from.
    let mut imported: std::collections::HashMap<&str, &str> = std::collections::HashMap::new();
    let mut statements = root.walk();
    for statement in root.named_children(&mut statements) {
        if statement.kind() != "import_statement" {
            continue;
        }
        let mut clauses = statement.walk();
        for clause in statement.named_children(&mut clauses) {
            if clause.kind() != "import_clause" {
                continue;
            }
            let mut parts = clause.walk();
            for part in clause.named_children(&mut parts) {
                match part.kind() {
                    // `import Default from './x'`: the other module's default export.
                    "identifier" => {
                        imported.insert(node_text(part, source), "default");
                    }
                    "named_imports" => {
                        let mut specifiers = part.walk();
                        for specifier in part.named_children(&mut specifiers) {
                            let Some(name) = specifier.child_by_field_name("name") else {
                                continue;
                            };
                            let name = strip_quotes(node_text(name, source));
                            let local = specifier
                                .child_by_field_name("alias")
                                .map_or(name, |alias| strip_quotes(node_text(alias, source)));
                            imported.insert(local, name);
                        }
                    }
                    _ => {}
                }
            }
        }
    }
    let mut passed = Vec::new();
    let mut default_local = None;
    let assigned_modules = modules_assigned_to_exports(root, source);
    let mut statements = root.walk();
    for statement in root.named_children(&mut statements) {
        // CommonJS's `module.exports = require('./lib/express')`: as `export * from`.
        if let Some(specifier) = passed_on_module(statement, source) {
            passed.push(("*".to_string(), specifier.to_string()));
            continue;
        }
        // picomatch's `Object.assign(picomatch, pico); module.exports = picomatch`, `pico`
        // being `require('./lib/picomatch')`: as `export * from` too.
        if let Some(specifiers) = assigned_modules.get(&statement.id()) {
            passed.extend(
                specifiers
                    .iter()
                    .map(|specifier| ("*".to_string(), specifier.to_string())),
            );
            continue;
        }
        if statement.kind() != "export_statement" {
            continue;
        }
        let from = statement.child_by_field_name("source");
        if let Some(name) = default_export(statement, source).filter(|_| from.is_none()) {
            let inner = imported.get(name).copied().unwrap_or(name);
            passed.push(("default".to_string(), inner.to_string()));
            default_local = Some(name);
            continue;
        }
        let Some(clause) = super::child_of_kind(statement, &["export_clause"]) else {
            // `export * from './x'`: every name `./x` exports, as `("*", "./x")`; `export * as
            // ns from './x'` is a name of its own, no definition.
            let namespace = super::child_of_kind(statement, &["namespace_export"]).is_some();
            if let Some(from) = from.filter(|_| !namespace) {
                passed.push((
                    "*".to_string(),
                    strip_quotes(node_text(from, source)).to_string(),
                ));
            }
            continue;
        };
        let mut specifiers = clause.walk();
        for specifier in clause.named_children(&mut specifiers) {
            let Some(name) = specifier.child_by_field_name("name") else {
                continue;
            };
            let name = strip_quotes(node_text(name, source));
            let exported = specifier
                .child_by_field_name("alias")
                .map_or(name, |alias| strip_quotes(node_text(alias, source)));
            let inner = match from {
                Some(_) => name,
                None => imported.get(name).copied().unwrap_or(name),
            };
            passed.push((exported.to_string(), inner.to_string()));
        }
    }
    // CommonJS's `module.exports.errorCodes = errorCodes` (fastify's entry) and `exports.Command
    // = Command`: as `export { errorCodes }`.
    for (key, binding) in assigned_exports(root, source) {
        let inner = imported.get(binding).copied().unwrap_or(binding);
        passed.push((key.to_string(), inner.to_string()));
    }
    // A binding set on the default export (ky's `ky.stop = stop; export default ky`): public
    // as `ky.stop`, under the name it has where it is defined.
    if let Some(default_local) = default_local {
        for (key, binding) in default_members(root, source, default_local) {
            let inner = imported.get(binding).copied().unwrap_or(binding);
            passed.push((format!("{default_local}.{key}"), inner.to_string()));
        }
    }
    passed
}

/// The `(key, binding)` of the module's `object.key = binding` assignments that set a plain
/// name on `object`, at the top level or in the function that makes it (ky's
/// `createInstance`: `const ky = …; ky.stop = stop; return ky;`, then `const ky =
/// createInstance(); export default ky`).
fn default_members<'s>(root: Node<'_>, source: &'s str, object: &str) -> Vec<(&'s str, &'s str)> {
    let mut members = Vec::new();
    super::walk_preorder(root, |node| {
        if node.kind() != "assignment_expression" {
            return true;
        }
        let (Some(left), Some(right)) = (
            node.child_by_field_name("left"),
            node.child_by_field_name("right"),
        ) else {
            return true;
        };
        if left.kind() != "member_expression" || right.kind() != "identifier" {
            return true;
        }
        if let (Some(target), Some(key)) = (
            left.child_by_field_name("object"),
            left.child_by_field_name("property"),
        ) {
            if target.kind() == "identifier" && node_text(target, source) == object {
                members.push((node_text(key, source), node_text(right, source)));
            }
        }
        true
    });
    members
}

/// The specifier of a module-level `module.exports = require('./x')` (express's `index.js`):
/// the module passes on everything `./x` exports, as `export * from './x'` would.
fn passed_on_module<'s>(statement: Node<'_>, source: &'s str) -> Option<&'s str> {
    if statement.kind() != "expression_statement" {
        return None;
    }
    let assignment = statement.named_child(0)?;
    if assignment.kind() != "assignment_expression" {
        return None;
    }
    let left = assignment.child_by_field_name("left")?;
    if node_text(left, source) != "module.exports" {
        return None;
    }
    required_specifier(assignment.child_by_field_name("right")?, source)
}

/// The module-level `Object.assign(target, a, b)` statements that copy whole required modules
/// onto what the module exports (`target` is `module.exports`, or the name `module.exports =
/// name` exports; `a` was bound by `const a = require('./a')`), by statement, each with the
/// specifiers it copies: picomatch's `index.js` passes on all of `./lib/picomatch` so.
fn modules_assigned_to_exports<'s>(
    root: Node<'_>,
    source: &'s str,
) -> std::collections::HashMap<usize, Vec<&'s str>> {
    let mut required: std::collections::HashMap<&str, &str> = std::collections::HashMap::new();
    let mut exported: Option<&str> = None;
    let mut assigns: Vec<(usize, Node<'_>)> = Vec::new();
    let mut cursor = root.walk();
    for statement in root.named_children(&mut cursor) {
        match statement.kind() {
            "lexical_declaration" | "variable_declaration" => {
                let mut declarators = statement.walk();
                for declarator in statement.named_children(&mut declarators) {
                    let (Some(name), Some(value)) = (
                        declarator.child_by_field_name("name"),
                        declarator.child_by_field_name("value"),
                    ) else {
                        continue;
                    };
                    if name.kind() == "identifier" {
                        if let Some(specifier) = required_specifier(value, source) {
                            required.insert(node_text(name, source), specifier);
                        }
                    }
                }
            }
            "expression_statement" => {
                let Some(expression) = statement.named_child(0) else {
                    continue;
                };
                match expression.kind() {
                    "assignment_expression" => {
                        let left = expression.child_by_field_name("left");
                        let right = expression.child_by_field_name("right");
                        if let (Some(left), Some(right)) = (left, right) {
                            if node_text(left, source) == "module.exports"
                                && right.kind() == "identifier"
                            {
                                exported = Some(node_text(right, source));
                            }
                        }
                    }
                    "call_expression"
                        if expression
                            .child_by_field_name("function")
                            .is_some_and(|function| {
                                node_text(function, source) == "Object.assign"
                            }) =>
                    {
                        if let Some(arguments) = expression.child_by_field_name("arguments") {
                            assigns.push((statement.id(), arguments));
                        }
                    }
                    _ => {}
                }
            }
            _ => {}
        }
    }
    let mut found = std::collections::HashMap::new();
    for (statement, arguments) in assigns {
        let mut cursor = arguments.walk();
        let arguments: Vec<Node<'_>> = arguments.named_children(&mut cursor).collect();
        let Some((target, copied)) = arguments.split_first() else {
            continue;
        };
        let target = node_text(*target, source);
        if target != "module.exports" && Some(target) != exported {
            continue;
        }
        let specifiers: Vec<&str> = copied
            .iter()
            .filter(|argument| argument.kind() == "identifier")
            .filter_map(|argument| required.get(node_text(*argument, source)).copied())
            .collect();
        if !specifiers.is_empty() {
            found.insert(statement, specifiers);
        }
    }
    found
}

/// Whether `specifier` (a string) is the one of a module-level `const x = require(...)` whose
/// binding an `Object.assign` copies onto the module's exports (see
/// [`modules_assigned_to_exports`]).
fn assigned_to_exports(specifier: Node<'_>, source: &str) -> bool {
    let declaration = specifier
        .parent()
        .and_then(|arguments| arguments.parent())
        .filter(|call| call.kind() == "call_expression")
        .and_then(|call| call.parent())
        .filter(|declarator| declarator.kind() == "variable_declarator")
        .and_then(|declarator| declarator.parent());
    let Some(root) = declaration
        .and_then(|declaration| declaration.parent())
        .filter(|root| root.kind() == "program")
    else {
        return false;
    };
    let text = strip_quotes(node_text(specifier, source));
    modules_assigned_to_exports(root, source)
        .values()
        .any(|specifiers| specifiers.contains(&text))
}

/// The specifier of `require('./x')`.
fn required_specifier<'s>(call: Node<'_>, source: &'s str) -> Option<&'s str> {
    if call.kind() != "call_expression"
        || call
            .child_by_field_name("function")
            .is_none_or(|function| node_text(function, source) != "require")
    {
        return None;
    }
    let arguments = call.child_by_field_name("arguments")?;
    let specifier = arguments.named_child(0)?;
    (arguments.named_child_count() == 1 && specifier.kind() == "string")
        .then(|| strip_quotes(node_text(specifier, source)))
}

/// Whether `specifier` (a string) is the one of a `module.exports = require(...)` statement at
/// module level.
fn passed_on_require(specifier: Node<'_>, source: &str) -> bool {
    let statement = specifier
        .parent()
        .and_then(|arguments| arguments.parent())
        .and_then(|call| call.parent())
        .and_then(|assignment| assignment.parent());
    statement.is_some_and(|statement| {
        statement
            .parent()
            .is_some_and(|program| program.kind() == "program")
            && passed_on_module(statement, source).is_some()
    })
}

/// The file's leading comment block, read past the shebang and the directives that open it
/// (`'use strict'`, `'use client'`): fastify's `scripts/validate-ecosystem-links.js` describes itself in the
/// block under its `'use strict'`. A block that only heads the imports below it (the dox
/// style's "Module dependencies.") is not the file's.
pub(crate) fn leading_doc(file: &FileContext<'_, '_>) -> Option<String> {
    let mut cursor = file.root.walk();
    let code = file
        .root
        .named_children(&mut cursor)
        .filter(|node| node.start_byte() >= file.code_start && node.kind() != "comment");
    let mut code_start = file.code_start;
    let mut first_code = None;
    for statement in code {
        let directive = statement.kind() == "hash_bang_line"
            || (statement.kind() == "expression_statement"
                && statement.named_child_count() == 1
                && statement
                    .named_child(0)
                    .is_some_and(|string| string.kind() == "string"));
        if !directive {
            code_start = statement.start_byte();
            first_code = Some(statement);
            break;
        }
        code_start = file.source.len();
    }
    // A comment right above the first declaration, no blank line between, is that
    // declaration's (ky's `retry-timing.ts` opens with the note on its private
    // `timestampThreshold`), unless it says it is the file's.
    if first_code.is_some_and(|statement| {
        is_declaration(statement) && comment_right_above(file.source, statement.start_byte())
    }) {
        let says_file = |doc: &str| {
            ["@file", "@fileoverview", "@module"]
                .iter()
                .any(|tag| doc.contains(tag))
        };
        let text = file.source.get(..code_start);
        if !text.is_some_and(says_file) {
            return None;
        }
    }
    let context = FileContext {
        root: file.root,
        source: file.source,
        trivia: file.trivia,
        code_start,
        symbol_lines: file.symbol_lines,
    };
    context.leading_comment_doc().filter(|doc| {
        let words: String = doc
            .trim_end_matches('.')
            .to_lowercase()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        !matches!(
            words.as_str(),
            "module dependencies" | "dependencies" | "imports" | "requires" | "module imports"
        )
    })
}

/// A statement that declares a name of the module: a function, class, variable, type, or an
/// `export` of one (not an import, a re-export or an expression).
fn is_declaration(statement: Node<'_>) -> bool {
    match statement.kind() {
        "lexical_declaration"
        | "variable_declaration"
        | "function_declaration"
        | "generator_function_declaration"
        | "class_declaration"
        | "abstract_class_declaration"
        | "interface_declaration"
        | "type_alias_declaration"
        | "enum_declaration" => true,
        "export_statement" => statement.child_by_field_name("declaration").is_some(),
        _ => false,
    }
}

/// True when the line above byte `start` is the end of a comment (`// …` or `… */`).
fn comment_right_above(source: &str, start: usize) -> bool {
    let Some(before) = source.get(..start) else {
        return false;
    };
    let Some(before) = before
        .trim_end_matches([' ', '\t'])
        .strip_suffix('\n')
        .map(|before| before.strip_suffix('\r').unwrap_or(before))
    else {
        return false;
    };
    let line = before.rsplit('\n').next().unwrap_or(before).trim();
    line.starts_with("//") || line.ends_with("*/")
}

/// The doc comment above a module-level `export default` or `module.exports =` of an anonymous
/// function, class or object (koa's `context.js`: "Context prototype." above `const proto =
/// module.exports = {…}`). An object that only lists bindings of the module (`module.exports = {
/// validateAllLinks, extractGitHubLinks }`) is no value of its own: the comment above it
/// ("Export functions for testing") is about that statement, not the file.
pub(crate) fn anonymous_export_doc(
    file: &FileContext<'_, '_>,
    style: CommentStyle,
) -> Option<String> {
    const ANONYMOUS: &[&str] = &[
        "arrow_function",
        "function_expression",
        "function",
        "class",
        "object",
    ];
    let source = file.source;
    let mut cursor = file.root.walk();
    let statement = file.root.named_children(&mut cursor).find(|statement| {
        let value = match statement.kind() {
            "export_statement" => {
                let mut tokens = statement.walk();
                let is_default = statement
                    .children(&mut tokens)
                    .any(|child| child.kind() == "default");
                is_default
                    .then(|| statement.child_by_field_name("value"))
                    .flatten()
            }
            "expression_statement" => statement
                .named_child(0)
                .filter(|assignment| assignment.kind() == "assignment_expression")
                .and_then(|assignment| exported_by_chain(assignment, source)),
            "lexical_declaration" | "variable_declaration" => {
                declared(*statement).into_iter().find_map(|(_, value)| {
                    (value.kind() == "assignment_expression")
                        .then(|| exported_by_chain(value, source))
                        .flatten()
                })
            }
            _ => None,
        };
        value.is_some_and(|value| {
            ANONYMOUS.contains(&value.kind())
                && value.child_by_field_name("name").is_none()
                && !(value.kind() == "object" && lists_bindings_only(value))
        })
    })?;
    // "Prototype." names the value more than it describes the file.
    crate::comments::symbol_doc(style, file.trivia, file.source, statement.start_byte()).filter(
        |doc| {
            doc.lines()
                .next()
                .is_some_and(|first| first.split_whitespace().count() >= 2)
        },
    )
}

/// True for an object literal of bindings only: `{ a, b: c }` (not `{}`, an object filled
/// later: express's `var app = exports = module.exports = {}`).
fn lists_bindings_only(object: Node<'_>) -> bool {
    let mut cursor = object.walk();
    let entries: Vec<Node<'_>> = object
        .named_children(&mut cursor)
        .filter(|entry| entry.kind() != "comment")
        .collect();
    !entries.is_empty()
        && entries.iter().all(|entry| match entry.kind() {
            "shorthand_property_identifier" => true,
            "pair" => entry
                .child_by_field_name("value")
                .is_some_and(|value| value.kind() == "identifier"),
            _ => false,
        })
}

/// The value at the end of `a = module.exports = value`, when the chain exports it.
fn exported_by_chain<'tree>(assignment: Node<'tree>, source: &str) -> Option<Node<'tree>> {
    let mut exports = false;
    let mut link = assignment;
    while link.kind() == "assignment_expression" {
        exports |= link
            .child_by_field_name("left")
            .is_some_and(|left| node_text(left, source) == "module.exports");
        link = link.child_by_field_name("right")?;
    }
    exports.then_some(link)
}

/// The name an `export default` statement exports: `export default ky` gives `ky`, `export
/// default function parse() {}` and `export default class Foo {}` their names; an anonymous
/// value (`export default {}`) none.
fn default_export<'s>(statement: Node<'_>, source: &'s str) -> Option<&'s str> {
    let mut tokens = statement.walk();
    let is_default = statement
        .children(&mut tokens)
        .any(|child| child.kind() == "default");
    if !is_default {
        return None;
    }
    if let Some(value) = statement.child_by_field_name("value") {
        return (value.kind() == "identifier").then(|| node_text(value, source));
    }
    let declaration = statement.child_by_field_name("declaration")?;
    let name = declaration.child_by_field_name("name")?;
    Some(node_text(name, source))
}

/// `(exported, inner)` for each name an export clause at module level renames: `export { a as
/// INTERNAL_a }` and `export { a as b } from './x'`, in order; then each key of an exported
/// object literal given another binding of the module (axios's `utils.js`: `export default {
/// hasOwnProp: hasOwnProperty }`).
pub(crate) fn export_aliases(
    root: Node<'_>,
    source: &str,
    symbols: &[Symbol],
) -> Vec<(String, String)> {
    let mut aliases = Vec::new();
    let mut statements = root.walk();
    for statement in root.named_children(&mut statements) {
        if statement.kind() != "export_statement" {
            continue;
        }
        let Some(clause) = super::child_of_kind(statement, &["export_clause"]) else {
            continue;
        };
        let mut specifiers = clause.walk();
        for specifier in clause.named_children(&mut specifiers) {
            let name = specifier.child_by_field_name("name");
            let alias = specifier.child_by_field_name("alias");
            if let (Some(name), Some(alias)) = (name, alias) {
                let inner = strip_quotes(node_text(name, source));
                let exported = strip_quotes(node_text(alias, source));
                if inner != exported {
                    aliases.push((exported.to_string(), inner.to_string()));
                }
            }
        }
    }
    object_aliases(root, source, symbols, &mut aliases);
    aliases
}

/// The functions test runners call a block of tests with: Jest, Mocha, Vitest, Jasmine,
/// `node:test`, AVA (`test`, `test.serial`), with their modifiers (`describe.only`).
const TEST_FUNCTIONS: &[&str] = &["describe", "it", "test", "suite", "context", "specify"];

/// Properties of a test function that register a test: `it.only`, AVA's `test.serial`,
/// `test.failing`, Jest's `test.concurrent`, Vitest's `test.sequential` and `test.fails`.
const TEST_MODIFIERS: &[&str] = &[
    "only",
    "serial",
    "failing",
    "concurrent",
    "sequential",
    "fails",
    "cb",
];

/// Properties of a test function that are no test: hooks (`test.beforeEach`, node:test's and
/// Playwright's) and the runner's other helpers (`test.step`, `test.use`).
const NOT_TESTS: &[&str] = &[
    "before",
    "after",
    "beforeEach",
    "afterEach",
    "beforeAll",
    "afterAll",
    "step",
    "use",
    "extend",
    "mock",
    // AVA's `test.macro(…)` makes a test body others reuse (ky's `extendHooksMacro`).
    "macro",
];

/// The test blocks at the top level of a file: `describe('ctx.accepts(types)', () => …)`,
/// `test.serial('visible: …', t => …)`, each titled by its first argument when that is a
/// string (a template without substitutions counts). A file of one block that holds one block
/// is titled by both, as Mocha names it: express's `describe('res')` around
/// `describe('.send()')` is "res .send()".
/// The line of the top-level `if (require.main === module)` (either way round, `==` too):
/// Node's check that the file runs as the program rather than being required (dotenv's
/// `cli.js`).
pub(crate) fn script_guard(root: Node<'_>, source: &str) -> Option<u32> {
    if !source.contains("require.main") {
        return None;
    }
    let mut cursor = root.walk();
    let guard = root.named_children(&mut cursor).find(|statement| {
        statement.kind() == "if_statement"
            && statement
                .child_by_field_name("condition")
                .is_some_and(|condition| {
                    let text: String = node_text(condition, source)
                        .chars()
                        .filter(|c| !c.is_whitespace() && !matches!(c, '(' | ')'))
                        .collect();
                    matches!(
                        text.as_str(),
                        "require.main===module"
                            | "module===require.main"
                            | "require.main==module"
                            | "module==require.main"
                    )
                })
    })?;
    Some(guard.start_position().row as u32 + 1)
}

pub(crate) fn test_blocks(root: Node<'_>, source: &str) -> Option<Box<TestBlocks>> {
    let calls = test_calls(root, source);
    let mut blocks = TestBlocks {
        count: u32::try_from(calls.len()).unwrap_or(u32::MAX),
        titles: Vec::new(),
    };
    if let [(call, Some(title))] = &calls[..] {
        let mut title = title.clone();
        let mut call = *call;
        // Only a group (`describe`, `suite`, `context`) is gone into, never a test (`it`).
        while let [(inner, Some(inner_title))] = &test_calls_in_callback(call, source)[..] {
            if !is_group(*inner, source) {
                break;
            }
            title.push(' ');
            title.push_str(inner_title);
            call = *inner;
        }
        blocks.titles.push(title);
    } else {
        blocks.titles = calls
            .into_iter()
            .filter_map(|(_, title)| title)
            .take(TestBlocks::MAX_TITLES)
            .collect();
    }
    (blocks.count > 0).then(|| Box::new(blocks))
}

/// The test cases of a file (`it(…)`, `test(…)`, `specify(…)`, `it.only(…)`, `xit(…)`, at any
/// depth: inside `describe` callbacks, loops, helpers) and how many are skipped (`it.skip`,
/// `test.todo`, `xit`, `xtest`); `None` without any. koa's `respond.test.js` holds 64.
pub(crate) fn test_cases(root: Node<'_>, source: &str) -> Option<(u32, u32)> {
    let points = tap_top_level_points(root, source);
    let cases = cases_in_blocks(root, source);
    match (cases, points) {
        (cases, 0) => cases,
        (Some((cases, skipped)), points) => Some((cases.saturating_add(points), skipped)),
        (None, points) => Some((points, 0)),
    }
}

/// The assertions node-tap reports as test points of their own.
const TAP_ASSERTIONS: [&str; 30] = [
    "ok",
    "notOk",
    "equal",
    "not",
    "same",
    "notSame",
    "strictSame",
    "strictNotSame",
    "match",
    "notMatch",
    "type",
    "throws",
    "doesNotThrow",
    "rejects",
    "resolves",
    "resolveMatch",
    "has",
    "hasStrict",
    "notHas",
    "error",
    "pass",
    "fail",
    "emits",
    "matchSnapshot",
    "hasProp",
    "hasProps",
    "equals",
    "strictEqual",
    "deepEqual",
    "notEqual",
];

/// The assertions a node-tap file makes at its top level, outside any `t.test` (dotenv's
/// `tests/test-parse.js`: `const t = require('tap')`, then 47 `t.equal(…)`): tap reports each
/// as a test point, as it does a subtest.
fn tap_top_level_points(root: Node<'_>, source: &str) -> u32 {
    if !(source.contains("'tap'") || source.contains("\"tap\"")) {
        return 0;
    }
    let mut cursor = root.walk();
    let statements: Vec<Node<'_>> = root.named_children(&mut cursor).collect();
    // `const t = require('tap')`, `import t from 'tap'`.
    let binding = statements.iter().find_map(|statement| {
        let text = node_text(*statement, source);
        let from_tap = text.contains("require('tap')")
            || text.contains("require(\"tap\")")
            || text.trim_end_matches(';').ends_with("from 'tap'")
            || text.trim_end_matches(';').ends_with("from \"tap\"");
        if !from_tap {
            return None;
        }
        let words = text
            .trim_start_matches("import ")
            .trim_start_matches("const ")
            .trim_start_matches("let ")
            .trim_start_matches("var ");
        let name = words
            .split(|c: char| c.is_whitespace() || c == '=')
            .next()?;
        (!name.is_empty()
            && name
                .chars()
                .all(|c| c.is_alphanumeric() || c == '_' || c == '$'))
        .then_some(name)
    });
    let Some(binding) = binding else {
        return 0;
    };
    let points = statements
        .iter()
        .filter_map(|statement| {
            (statement.kind() == "expression_statement").then(|| statement.named_child(0))?
        })
        .filter(|call| call.kind() == "call_expression")
        .filter(|call| {
            let Some(function) = call.child_by_field_name("function") else {
                return false;
            };
            function.kind() == "member_expression"
                && function
                    .child_by_field_name("object")
                    .is_some_and(|object| node_text(object, source) == binding)
                && function
                    .child_by_field_name("property")
                    .is_some_and(|property| TAP_ASSERTIONS.contains(&node_text(property, source)))
        })
        .count();
    u32::try_from(points).unwrap_or(u32::MAX)
}

/// The test cases of blocks (`it`, `test`, `t.test`), for `test_cases`.
fn cases_in_blocks(root: Node<'_>, source: &str) -> Option<(u32, u32)> {
    if !(source.contains("it(")
        || source.contains("test(")
        || source.contains("it.")
        || source.contains("test.")
        || source.contains("specify("))
    {
        return None;
    }
    let (mut cases, mut skipped) = (0u32, 0u32);
    super::walk_preorder(root, |node| {
        // A function the file exports registers tests for the files that call it (ky's
        // `test/helpers/with-page.ts`: `export const browserTest = (…) => { test.serial(…) }`
        // holds no test of its own).
        if node.kind() == "export_statement" {
            return !exports_a_function(node);
        }
        if node.kind() != "call_expression" {
            return true;
        }
        let Some(function) = node.child_by_field_name("function") else {
            return true;
        };
        // `it.each([...])('title', fn)` runs the test once per row of its table (zustand's
        // `devtools.test.tsx`: five rows, five tests); a table not written out counts once.
        if function.kind() == "call_expression" {
            if let Some(rows) = each_rows(function, source) {
                cases += rows;
                return false;
            }
            return true;
        }
        let (runner, modifier) = match function.kind() {
            "identifier" => (node_text(function, source), None),
            "member_expression" => {
                let object = function.child_by_field_name("object");
                let property = function.child_by_field_name("property");
                match (object, property) {
                    (Some(object), Some(property)) if object.kind() == "identifier" => {
                        (node_text(object, source), Some(node_text(property, source)))
                    }
                    _ => return true,
                }
            }
            _ => return true,
        };
        let (case, skip) = match (runner, modifier) {
            // Playwright's `test.describe(…)` is a group.
            (_, Some(modifier)) if NOT_TESTS.contains(&modifier) || modifier == "describe" => {
                (false, false)
            }
            ("it" | "test" | "specify", Some("skip" | "todo")) => (true, true),
            // `it.only`, ava's `test.serial` and `test.failing`, jest's `test.concurrent`;
            // not a method of a local value named so (body-parser's supertest request, `var
            // test = request(server).post('/')`, then `test.set(…)`, `test.expect(…)`).
            ("it" | "test" | "specify", None) => (true, false),
            ("it" | "test" | "specify", Some(modifier)) => {
                (TEST_MODIFIERS.contains(&modifier), false)
            }
            ("xit" | "xtest" | "xspecify", None) => (true, true),
            // tape's subtests, `t.test('…', function (st) {…})` on the test's own object (qs's
            // 18 tests hold 293 of them), told from `pattern.test(text)` by a function given
            // after the title.
            (_, Some("test")) => (subtest(node), false),
            _ => (false, false),
        };
        // A case is titled or given its function first (`test(function name() {…})`), as a
        // top-level block is (`test_calls`).
        let titled = node
            .child_by_field_name("arguments")
            .and_then(|arguments| arguments.named_child(0))
            .is_some_and(|first| {
                matches!(
                    first.kind(),
                    "string"
                        | "template_string"
                        | "function_expression"
                        | "arrow_function"
                        | "identifier"
                )
            });
        if case && titled {
            cases += 1;
            skipped += u32::from(skip);
        }
        true
    });
    (cases > 0).then_some((cases, skipped))
}

/// An `export function f() {…}` or `export const f = (…) => {…}`: a function for others to
/// call.
fn exports_a_function(export: Node<'_>) -> bool {
    let Some(declaration) = export.child_by_field_name("declaration") else {
        return false;
    };
    match declaration.kind() {
        "function_declaration" | "generator_function_declaration" => true,
        "lexical_declaration" | "variable_declaration" => {
            let mut cursor = declaration.walk();
            let declarators: Vec<Node<'_>> = declaration.named_children(&mut cursor).collect();
            !declarators.is_empty()
                && declarators.iter().all(|declarator| {
                    declarator
                        .child_by_field_name("value")
                        .is_some_and(|value| {
                            matches!(value.kind(), "arrow_function" | "function_expression")
                        })
                })
        }
        _ => false,
    }
}

/// A call `x.test('title', function (st) {…})`: a title, then a function (a `RegExp`'s
/// `pattern.test(text)` takes one argument, and no function).
fn subtest(call: Node<'_>) -> bool {
    let Some(arguments) = call.child_by_field_name("arguments") else {
        return false;
    };
    let mut cursor = arguments.walk();
    let given: Vec<Node<'_>> = arguments.named_children(&mut cursor).collect();
    match given.as_slice() {
        // The title may be computed (`t.test(c.name, …)` in a loop over cases).
        [title, rest @ ..] => {
            !matches!(title.kind(), "function_expression" | "arrow_function")
                && rest.iter().any(|argument| {
                    matches!(argument.kind(), "function_expression" | "arrow_function")
                })
        }
        [] => false,
    }
}

/// Whether a test file registers some of its tests more than once than the calls are written:
/// a test call inside a loop, a `forEach`/`map` callback, a `describe.each(table)(…)` block, or
/// a helper function the file may call several times (immer's `runBaseTest(name, autoFreeze,
/// …)`, called for every combination of its settings): its count is then a lower bound.
pub(crate) fn repeats_tests(root: Node<'_>, source: &str) -> bool {
    if !(source.contains("it(") || source.contains("test(") || source.contains(".each")) {
        return false;
    }
    let mut repeated = false;
    super::walk_preorder(root, |node| {
        if repeated {
            return false;
        }
        if node.kind() != "call_expression" {
            return true;
        }
        // Jest's and Vitest's `it.each(cases)(…)`: one test per case, counted where the
        // cases are written out (an array, a tagged table), not from a list made elsewhere
        // (path-to-regexp's `redos.spec.ts`: 101 from a computed list).
        let written_out = node
            .child_by_field_name("arguments")
            .is_some_and(|arguments| {
                let mut cursor = arguments.walk();
                let named: Vec<Node<'_>> = arguments.named_children(&mut cursor).collect();
                arguments.kind() == "template_string"
                    || matches!(named.as_slice(), [only] if only.kind() == "array")
            });
        if !written_out
            && node
                .child_by_field_name("function")
                .filter(|function| function.kind() == "member_expression")
                .is_some_and(|function| {
                    let callee = node_text(function, source);
                    callee.ends_with(".each")
                        && ["it.", "test."]
                            .iter()
                            .any(|runner| callee.starts_with(runner))
                })
        {
            repeated = true;
            return false;
        }
        let is_case = node
            .child_by_field_name("function")
            .is_some_and(|function| {
                match function.kind() {
                    "identifier" => matches!(node_text(function, source), "it" | "test"),
                    // A tape subtest (`t.test('…', fn)`) in a loop over cases.
                    "member_expression" => {
                        function
                            .child_by_field_name("property")
                            .is_some_and(|property| node_text(property, source) == "test")
                            && subtest(node)
                    }
                    _ => false,
                }
            });
        if !is_case {
            return true;
        }
        repeated =
            std::iter::successors(node.parent(), Node::parent).any(|outer| match outer.kind() {
                "for_statement"
                | "for_in_statement"
                | "while_statement"
                | "do_statement"
                | "function_declaration"
                | "generator_function_declaration" => true,
                // `const runTests = (name) => { … }` at the module's level.
                "arrow_function" | "function_expression" | "function" => outer
                    .parent()
                    .is_some_and(|parent| parent.kind() == "variable_declarator"),
                "call_expression" => {
                    outer
                        .child_by_field_name("function")
                        .is_some_and(|function| {
                            match function.kind() {
                                // `[a, b].forEach((x) => { it(…) })`.
                                "member_expression" => function
                                    .child_by_field_name("property")
                                    .is_some_and(|property| {
                                        matches!(
                                            node_text(property, source),
                                            "forEach" | "map" | "flatMap"
                                        )
                                    }),
                                // `describe.each(table)('…', () => { it(…) })`.
                                "call_expression" => function
                                    .child_by_field_name("function")
                                    .and_then(|inner| inner.child_by_field_name("property"))
                                    .is_some_and(|property| node_text(property, source) == "each"),
                                _ => false,
                            }
                        })
                }
                _ => false,
            });
        true
    });
    repeated
}

/// How many tests `it.each(table)` / `test.each(table)` (`call`, the call that takes the table)
/// runs: the rows of an array or of a tagged template's table, else 1.
fn each_rows(call: Node<'_>, source: &str) -> Option<u32> {
    let function = call.child_by_field_name("function")?;
    if function.kind() != "member_expression" {
        return None;
    }
    let object = function.child_by_field_name("object")?;
    let property = function.child_by_field_name("property")?;
    if !matches!(node_text(object, source), "it" | "test") || node_text(property, source) != "each"
    {
        return None;
    }
    let table = call.child_by_field_name("arguments")?;
    let rows = match table.kind() {
        // it.each`a | b ${1} | ${2}`: a header line, then a row per line.
        "template_string" => node_text(table, source)
            .lines()
            .filter(|line| line.contains('|'))
            .count()
            .saturating_sub(1),
        _ => match table.named_child(0) {
            Some(array) if array.kind() == "array" => array.named_child_count(),
            _ => 1,
        },
    };
    Some(u32::try_from(rows.max(1)).unwrap_or(u32::MAX))
}

/// The test function a call calls (`describe` for `describe.only(…)`), if it calls one.
fn test_runner<'s>(call: Node<'_>, source: &'s str) -> Option<&'s str> {
    let function = call.child_by_field_name("function")?;
    let runner = match function.kind() {
        "identifier" => function,
        "member_expression" => function.child_by_field_name("object")?,
        _ => return None,
    };
    let name = node_text(runner, source);
    (runner.kind() == "identifier" && TEST_FUNCTIONS.contains(&name)).then_some(name)
}

/// True for a call of a test function's hook or helper (`test.beforeEach(…)`), no test.
fn is_hook(call: Node<'_>, source: &str) -> bool {
    call.child_by_field_name("function")
        .filter(|function| function.kind() == "member_expression")
        .and_then(|function| function.child_by_field_name("property"))
        .is_some_and(|property| NOT_TESTS.contains(&node_text(property, source)))
}

/// True for a call of `describe`, `suite` or `context` (`describe.only` too): a group of tests.
fn is_group(call: Node<'_>, source: &str) -> bool {
    matches!(
        test_runner(call, source),
        Some("describe" | "suite" | "context")
    )
}

/// The test blocks among the statements of the body of a block's last function argument.
fn test_calls_in_callback<'tree>(
    call: Node<'tree>,
    source: &str,
) -> Vec<(Node<'tree>, Option<String>)> {
    let callback = call.child_by_field_name("arguments").and_then(|arguments| {
        let mut cursor = arguments.walk();
        let last = arguments.named_children(&mut cursor).last();
        last.filter(|node| matches!(node.kind(), "arrow_function" | "function_expression"))
    });
    callback
        .and_then(|callback| callback.child_by_field_name("body"))
        .filter(|body| body.kind() == "statement_block")
        .map(|body| test_calls(body, source))
        .unwrap_or_default()
}

/// The calls of a test function among `parent`'s statements, each with its title.
fn test_calls<'tree>(parent: Node<'tree>, source: &str) -> Vec<(Node<'tree>, Option<String>)> {
    let mut calls = Vec::new();
    let mut cursor = parent.walk();
    for statement in parent.named_children(&mut cursor) {
        if statement.kind() != "expression_statement" {
            continue;
        }
        let Some(call) = statement
            .named_child(0)
            .filter(|node| node.kind() == "call_expression")
        else {
            continue;
        };
        if test_runner(call, source).is_none() || is_hook(call, source) {
            continue;
        }
        let Some(first) = call
            .child_by_field_name("arguments")
            .and_then(|arguments| arguments.named_child(0))
        else {
            continue;
        };
        let title = match first.kind() {
            "string" => Some(strip_quotes(node_text(first, source))),
            "template_string" => {
                let mut parts = first.walk();
                let substituted = first
                    .named_children(&mut parts)
                    .any(|part| part.kind() == "template_substitution");
                (!substituted).then(|| node_text(first, source).trim_matches('`'))
            }
            // `test(function name() {…})`: a block, with no title.
            "function_expression" | "arrow_function" | "identifier" => None,
            _ => continue,
        };
        // chalk's 'don\'t add any styling …' reads as it prints.
        let title = title
            .map(str::trim)
            .filter(|title| !title.is_empty())
            .map(|title| {
                title
                    .replace("\\'", "'")
                    .replace("\\\"", "\"")
                    .replace("\\`", "`")
            });
        calls.push((call, title));
    }
    calls
}
