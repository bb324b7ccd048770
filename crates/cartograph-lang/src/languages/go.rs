//! Go: functions, methods (whose parent is the receiver's type), types, package-level constants
//! and variables; exported names are public; `//` docs; the package comment as the file doc.

use super::{Container, Definition, FileContext, LanguageSupport};
use crate::comments::{self, CommentStyle};
use crate::text::{node_text, strip_quotes};
use cartograph_core::{BuildConstraint, Import, RepoPath, Route, Symbol, Visibility};
use std::collections::{BTreeSet, HashMap, HashSet};
use tree_sitter::Node;

pub(crate) struct Go;

impl LanguageSupport for Go {
    fn grammar(&self) -> tree_sitter::Language {
        tree_sitter_go::LANGUAGE.into()
    }

    fn query(&self) -> &'static str {
        include_str!("../../queries/go.scm")
    }

    fn call_kinds(&self) -> &'static [&'static str] {
        &["call_expression"]
    }

    /// A method's receiver, named in its signature: `f` of `func (f *FlagSet) Parse(…)`.
    fn is_own_receiver(&self, receiver: &str, caller: &Symbol) -> bool {
        caller.parent.is_some() && receiver_name(&caller.signature) == Some(receiver)
    }

    fn comment_style(&self) -> CommentStyle {
        CommentStyle::Slashes
    }

    fn local_scopes(&self) -> &'static [&'static str] {
        &["function_declaration", "method_declaration", "func_literal"]
    }

    fn wrappers(&self) -> &'static [&'static str] {
        &["type_declaration", "const_declaration", "var_declaration"]
    }

    fn doc_groups(&self) -> &'static [&'static str] {
        &["type_declaration", "const_declaration", "var_declaration"]
    }

    /// The receiver's type, without pointer or type arguments: `func (s *Stack[T]) Push` is a
    /// method of `Stack`.
    fn explicit_parent(&self, definition: &Definition<'_>, source: &str) -> Option<String> {
        let receiver = definition.node.child_by_field_name("receiver")?;
        let mut cursor = receiver.walk();
        let parameter = receiver
            .named_children(&mut cursor)
            .find(|child| child.kind() == "parameter_declaration")?;
        let receiver_type = node_text(parameter.child_by_field_name("type")?, source);
        let name = receiver_type.trim_start_matches(['*', '(', ' ']);
        let name = name.split(['[', ')', ' ']).next().unwrap_or(name);
        (!name.is_empty()).then(|| name.to_string())
    }

    fn visibility(
        &self,
        _definition: &Definition<'_>,
        name: &str,
        _container: Option<Container<'_>>,
        _source: &str,
    ) -> Option<Visibility> {
        Some(go_visibility(name))
    }

    /// `var stringGroup, protoGroup Getter` declares two variables: the query finds the spec
    /// once, by its first name, and each further name is a symbol of its own on the same lines.
    fn settle_symbols(&self, root: Node<'_>, source: &str, symbols: &mut Vec<Symbol>) {
        let mut further: Vec<(usize, Symbol)> = Vec::new();
        let mut cursor = root.walk();
        for declaration in root.named_children(&mut cursor) {
            if !matches!(declaration.kind(), "var_declaration" | "const_declaration") {
                continue;
            }
            let mut specs = Vec::new();
            super::walk_preorder(declaration, |node| {
                if matches!(node.kind(), "var_spec" | "const_spec") {
                    specs.push(node);
                    return false;
                }
                true
            });
            for spec in specs {
                let mut names = spec.walk();
                let names: Vec<&str> = spec
                    .children_by_field_name("name", &mut names)
                    // A const spec's name field holds the commas between its names too.
                    .filter(|name| name.kind() == "identifier")
                    .map(|name| node_text(name, source))
                    .collect();
                let [first, rest @ ..] = names.as_slice() else {
                    continue;
                };
                let line = u32::try_from(spec.start_position().row + 1).unwrap_or(u32::MAX);
                let Some(at) = symbols
                    .iter()
                    .position(|symbol| symbol.line == line && symbol.name.as_str() == *first)
                else {
                    continue;
                };
                for name in rest {
                    let mut symbol = symbols[at].clone();
                    symbol.name = (*name).into();
                    symbol.visibility = Some(go_visibility(name));
                    further.push((at, symbol));
                }
            }
        }
        // Inserted from the last, each after the symbol of its spec's first name.
        for (at, symbol) in further.into_iter().rev() {
            symbols.insert(at + 1, symbol);
        }
    }

    /// The package comment: the comment directly above `package`.
    fn file_doc(&self, file: &FileContext<'_, '_>) -> Option<String> {
        let mut cursor = file.root.walk();
        let package = file
            .root
            .named_children(&mut cursor)
            .find(|child| child.kind() == "package_clause")?;
        comments::symbol_doc(
            CommentStyle::Slashes,
            file.trivia,
            file.source,
            package.start_byte(),
        )
        .or_else(|| detached_package_doc(file.root, package, file.source))
        .or_else(|| comment_under_package(file.root, package, file.source))
    }

    fn build_constraint(&self, source: &str) -> Option<Box<BuildConstraint>> {
        crate::go_build::find(source).map(Box::new)
    }

    /// `net/http`, chi, gin, echo, gorilla/mux, httprouter and fiber calls: `crate::routes`.
    fn routes(&self, root: Node<'_>, source: &str, _imports: &[Import]) -> Vec<Route> {
        crate::routes::go(root, source)
    }

    fn package(&self, root: Node<'_>, source: &str) -> Option<String> {
        let clause = super::child_of_kind(root, &["package_clause"])?;
        let name = super::child_of_kind(clause, &["package_identifier"])?;
        Some(node_text(name, source).to_string())
    }

    /// One import per name the file uses from the package (`pkg.Name`), since each name may be
    /// declared in another file of the package directory; an import none of whose names are
    /// seen (blank, dot, or only used in ways a selector does not show) is one import without a
    /// name. Without an alias the package's name is guessed from its path, and each name
    /// records the guess it was selected through in `scope`, for the resolver to check against
    /// the package clause; a dot import is marked by the scope `.`.
    fn imports(&self, _tag: &str, node: Node<'_>, source: &str, imports: &mut Vec<Import>) {
        let mut specs: Vec<(u32, &str, Naming<'_>)> = Vec::new();
        let mut stack = vec![node];
        while let Some(current) = stack.pop() {
            if current.kind() != "import_spec" {
                let mut cursor = current.walk();
                let children: Vec<Node<'_>> = current.named_children(&mut cursor).collect();
                stack.extend(children.into_iter().rev());
                continue;
            }
            let Some(path_node) = current.child_by_field_name("path") else {
                continue;
            };
            let path = strip_quotes(node_text(path_node, source)).trim();
            if path.is_empty() {
                continue;
            }
            let naming = match current
                .child_by_field_name("name")
                .map(|name| node_text(name, source))
            {
                Some("_") => Naming::Blank,
                Some(".") => Naming::Dot,
                Some(alias) => Naming::Alias(alias),
                None => Naming::Guessed(default_package_names(path)),
            };
            let line = u32::try_from(current.start_position().row + 1).unwrap_or(u32::MAX);
            specs.push((line, path, naming));
        }
        let aliases: HashSet<&str> = specs
            .iter()
            .flat_map(|(_, _, naming)| naming.aliases())
            .collect();
        let mut root = node;
        while let Some(parent) = root.parent() {
            root = parent;
        }
        let used = used_names(root, source, &aliases);
        for (line, path, naming) in specs {
            let guessed = matches!(naming, Naming::Guessed(_));
            let named: Vec<Import> = naming
                .aliases()
                .flat_map(|alias| {
                    let scope = guessed.then(|| alias.to_string());
                    used.get(alias)
                        .into_iter()
                        .flatten()
                        .map(move |name| Import {
                            name: Some(name.clone()),
                            line,
                            scope: scope.clone(),
                            ..Import::new(path)
                        })
                })
                .collect();
            if named.is_empty() {
                imports.push(Import {
                    line,
                    scope: matches!(naming, Naming::Dot).then(|| ".".to_string()),
                    ..Import::new(path)
                });
            }
            imports.extend(named);
        }
    }

    /// Every identifier and type name the file uses that it does not declare at top level and
    /// that is not predeclared: the names another file of the package (or a `.` import) may
    /// declare. Local variables and parameters are among them; a name only counts once the graph
    /// finds another file of the package declaring it at top level, which a local could only
    /// shadow. The keys of keyed literals (`Config{Name: x}`) are field names and are left out.
    fn package_uses(&self, root: Node<'_>, source: &str, symbols: &[Symbol]) -> Vec<String> {
        let own: HashSet<&str> = symbols
            .iter()
            .filter(|symbol| symbol.parent.is_none())
            .map(|symbol| symbol.name.as_str())
            .collect();
        // Values the file declares inside its functions (parameters, `x := …`, `var x`, range
        // variables): an identifier of that name is the local, not another file's variable
        // or type (chi's `strip.go` local `prefix`, `chain.go`'s parameter `endpoint`). A
        // type is written as a type identifier, which stays.
        let locals = local_values(root, source);
        // Map types the file declares (`type Map map[string]any`): keys of their literals
        // are values.
        let maps = map_types(root, source);
        let mut used: BTreeSet<&str> = BTreeSet::new();
        super::walk_preorder(root, |node| match node.kind() {
            // `reflect.StructField` names another package's type, never this package's
            // `StructField` (go-cmp's `export.go`).
            "package_clause" | "import_declaration" | "qualified_type" => false,
            "identifier" | "type_identifier" => {
                let name = node_text(node, source);
                // A local hides the name only inside the function declaring it (echo's
                // `notFoundHandler :=` in one test left the package's variable, used by
                // another, out).
                let local = node.kind() == "identifier"
                    && locals.get(name).is_some_and(|scopes| {
                        scopes
                            .iter()
                            .any(|scope| scope.contains(&node.start_byte()))
                    });
                if !own.contains(name)
                    && !local
                    && !PREDECLARED.contains(&name)
                    && !is_field_key(node, source, &maps)
                {
                    used.insert(name);
                }
                false
            }
            _ => true,
        });
        used.into_iter().map(str::to_string).collect()
    }

    /// Go imports resolve against the modules and packages of the whole tree:
    /// `crate::resolve::go`.
    fn resolve_import(
        &self,
        _from: &RepoPath,
        _raw: &str,
        _files: &dyn Fn(&str) -> bool,
    ) -> Option<RepoPath> {
        None
    }
}

/// Go exports a name that starts with a capital letter.
fn go_visibility(name: &str) -> Visibility {
    if name.chars().next().is_some_and(char::is_uppercase) {
        Visibility::Public
    } else {
        Visibility::Private
    }
}

/// The names a Go file declares as values inside its functions (parameters and results,
/// receivers, `x := …` and `var x` in a body, range and type-switch variables), each with the
/// byte ranges of the functions declaring it.
fn local_values<'s>(
    root: Node<'_>,
    source: &'s str,
) -> HashMap<&'s str, Vec<std::ops::Range<usize>>> {
    let mut locals: HashMap<&'s str, Vec<std::ops::Range<usize>>> = HashMap::new();
    super::walk_preorder(root, |node| {
        let names: Option<Node<'_>> = match node.kind() {
            "parameter_declaration" | "variadic_parameter_declaration" => Some(node),
            "short_var_declaration" | "range_clause" => node.child_by_field_name("left"),
            "var_spec" => node
                .parent()
                .filter(|parent| {
                    std::iter::successors(Some(*parent), Node::parent).any(|outer| {
                        matches!(
                            outer.kind(),
                            "function_declaration" | "method_declaration" | "func_literal"
                        )
                    })
                })
                .map(|_| node),
            "type_switch_statement" => node.child_by_field_name("alias"),
            _ => None,
        };
        let function = std::iter::successors(Some(node), Node::parent).find(|outer| {
            matches!(
                outer.kind(),
                "function_declaration" | "method_declaration" | "func_literal"
            )
        });
        if let (Some(names), Some(function)) = (names, function) {
            let mut add = |name: Node<'_>| {
                let scopes = locals.entry(node_text(name, source)).or_default();
                if !scopes.contains(&function.byte_range()) {
                    scopes.push(function.byte_range());
                }
            };
            if names.kind() == "identifier" {
                add(names);
            }
            let mut cursor = names.walk();
            for child in names.children(&mut cursor) {
                if child.kind() == "identifier" {
                    add(child);
                }
            }
        }
        true
    });
    locals
}

/// The types a Go file declares as maps (`type Map map[string]any`).
fn map_types<'s>(root: Node<'_>, source: &'s str) -> HashSet<&'s str> {
    let mut maps = HashSet::new();
    super::walk_preorder(root, |node| {
        if node.kind() == "type_spec" {
            let name = node.child_by_field_name("name");
            let kind = node.child_by_field_name("type");
            if let (Some(name), Some(kind)) = (name, kind) {
                if kind.kind() == "map_type" {
                    maps.insert(node_text(name, source));
                }
            }
            return false;
        }
        true
    });
    maps
}

/// The name a method's signature gives its receiver: `f` of `func (f *FlagSet) Parse(…)`;
/// `None` for a function, or a receiver without a name (`func (*T) M()`).
fn receiver_name(signature: &str) -> Option<&str> {
    let inside = signature
        .strip_prefix("func")?
        .trim_start()
        .strip_prefix('(')?;
    let (name, rest) = inside.trim_start().split_once(char::is_whitespace)?;
    let named = !rest.trim_start().starts_with([')', ',']) && !name.starts_with('*');
    (named && name.chars().all(|c| c.is_alphanumeric() || c == '_')).then_some(name)
}

/// How a file names a package it imports.
enum Naming<'s> {
    /// `import _ "p"`: for its side effects only.
    Blank,
    /// `import . "p"`: its names are used unqualified.
    Dot,
    /// `import x "p"`.
    Alias(&'s str),
    /// `import "p"`: the package clause decides, which is in another file; guessed from the path.
    Guessed(Vec<&'s str>),
}

impl<'s> Naming<'s> {
    fn aliases(&self) -> impl Iterator<Item = &'s str> + '_ {
        let aliases: &[&'s str] = match self {
            Naming::Blank | Naming::Dot => &[],
            Naming::Alias(alias) => std::slice::from_ref(alias),
            Naming::Guessed(guesses) => guesses,
        };
        aliases.iter().copied()
    }
}

/// Go's predeclared identifiers, which no file of a package declares.
const PREDECLARED: &[&str] = &[
    "_",
    "any",
    "append",
    "bool",
    "byte",
    "cap",
    "clear",
    "close",
    "comparable",
    "complex",
    "complex128",
    "complex64",
    "copy",
    "delete",
    "error",
    "false",
    "float32",
    "float64",
    "imag",
    "int",
    "int16",
    "int32",
    "int64",
    "int8",
    "iota",
    "len",
    "make",
    "max",
    "min",
    "new",
    "nil",
    "panic",
    "print",
    "println",
    "real",
    "recover",
    "rune",
    "string",
    "true",
    "uint",
    "uint16",
    "uint32",
    "uint64",
    "uint8",
    "uintptr",
];

/// Map types of the standard library whose literals projects write with their own constants
/// as keys (echo's `http.Header{HeaderXRealIP: …}`).
const STANDARD_MAPS: &[&str] = &[
    "http.Header",
    "url.Values",
    "textproto.MIMEHeader",
    "template.FuncMap",
];

/// True for the key of a keyed literal element that names a field (`Name` in
/// `Config{Name: x}`), not one of a map literal (`map[string]int{Key: 1}`, `http.Header{…}`, a
/// literal of a map type the file declares), whose keys are values.
fn is_field_key(node: Node<'_>, source: &str, maps: &HashSet<&str>) -> bool {
    let Some(element) = node
        .parent()
        .filter(|parent| parent.kind() == "literal_element")
    else {
        return false;
    };
    let Some(keyed) = element.parent() else {
        return false;
    };
    if keyed
        .child_by_field_name("key")
        .is_none_or(|key| key.id() != element.id())
    {
        return false;
    }
    let literal_type = keyed
        .parent()
        .filter(|value| value.kind() == "literal_value")
        .and_then(|value| value.parent())
        .filter(|literal| literal.kind() == "composite_literal")
        .and_then(|literal| literal.child_by_field_name("type"));
    let Some(literal_type) = literal_type else {
        return true;
    };
    let written = node_text(literal_type, source);
    !(literal_type.kind() == "map_type"
        || STANDARD_MAPS.contains(&written)
        || maps.contains(written))
}

/// The names a package may be known by when the import gives none: the last element of its
/// path, without a `gopkg.in` version (`yaml.v3` is `yaml`). A last element that is a major
/// version (`.../cli/v2`, `k8s.io/api/core/v1`) gives two: the element before it (a module's
/// version suffix, package `cli`) and the version itself (a package directory named `v1`).
/// An element that is no identifier gives the names packages so named usually declare:
/// `go-multierror` and `multierror-go` are `multierror`, `go-sqlite3` is `sqlite3`; other
/// names that are no identifier (`foo-bar`) give no guess. Only the package's own clause can
/// tell, and it is in another file: the resolver checks each guess against it.
fn default_package_names(path: &str) -> Vec<&str> {
    let mut elements = path.rsplit('/');
    let last = elements.next().unwrap_or(path);
    let is_major_version = last
        .strip_prefix('v')
        .is_some_and(|digits| !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()));
    let base = if is_major_version {
        elements.next().unwrap_or(last)
    } else {
        match last.rsplit_once(".v") {
            Some((name, version)) if version.bytes().all(|b| b.is_ascii_digit()) => name,
            _ => last,
        }
    };
    let mut names = vec![base];
    let trimmed = base
        .strip_prefix("go-")
        .or_else(|| base.strip_suffix("-go"))
        .or_else(|| base.strip_suffix(".go"));
    if let Some(trimmed) = trimmed {
        names.push(trimmed);
    }
    if is_major_version && base != last {
        names.push(last);
    }
    names.retain(|name| is_identifier(name));
    names
}

/// True for a Go identifier of ASCII letters, digits and `_`, not starting with a digit.
fn is_identifier(name: &str) -> bool {
    name.bytes().next().is_some_and(|b| !b.is_ascii_digit())
        && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
}

/// The names each alias selects anywhere in the file (`alias.Name`, in expressions and in
/// types), found in one walk.
fn used_names<'s>(
    root: Node<'_>,
    source: &'s str,
    aliases: &HashSet<&str>,
) -> HashMap<&'s str, BTreeSet<String>> {
    let mut used: HashMap<&str, BTreeSet<String>> = HashMap::new();
    // A parameter or local named as a package hides it inside its function (zerolog's hlog:
    // `func NewHandler(log zerolog.Logger)` then `log.With()` is the logger's method).
    let locals = local_values(root, source);
    super::walk_preorder(root, |node| {
        let fields = match node.kind() {
            "selector_expression" => Some(("operand", "field")),
            "qualified_type" => Some(("package", "name")),
            _ => None,
        };
        if let Some((operand, field)) = fields {
            if let (Some(operand), Some(field)) = (
                node.child_by_field_name(operand),
                node.child_by_field_name(field),
            ) {
                let alias = node_text(operand, source);
                let hidden = operand.kind() == "identifier"
                    && locals.get(alias).is_some_and(|scopes| {
                        scopes
                            .iter()
                            .any(|scope| scope.contains(&operand.start_byte()))
                    });
                if matches!(operand.kind(), "identifier" | "package_identifier")
                    && aliases.contains(alias)
                    && !hidden
                {
                    used.entry(alias)
                        .or_default()
                        .insert(node_text(field, source).to_string());
                }
            }
        }
        true
    });
    used
}

/// A package comment a blank line keeps from its package clause (zerolog's `journald.go`:
/// build constraints, `// Package journald provides …`, a blank line, `package journald`):
/// `go doc` drops it, yet it is the package's description. The block of line comments that
/// opens with `Package `, or such a block comment, before the clause.
/// A comment's text without its markers: `// x` is `x`, `/* x */` is `x`.
fn comment_text(node: Node<'_>, source: &str) -> String {
    let text = node_text(node, source);
    match text.strip_prefix("//") {
        Some(line) => line
            .strip_prefix(' ')
            .unwrap_or(line)
            .trim_end()
            .to_string(),
        None => text
            .trim_start_matches("/*")
            .trim_end_matches("*/")
            .trim()
            .to_string(),
    }
}

/// A comment between the package clause and what follows, apart from both by a blank line or
/// more below it: what the file is about when the package doc is elsewhere (chi's `tree.go`:
/// "Radix tree implementation below is a based on the original work by Armon Dadgar … It's
/// been heavily modified for use as a HTTP routing tree."). A comment right above a
/// declaration is that declaration's doc; a directive (`//go:generate`, `//nolint`) says
/// nothing of the file.
fn comment_under_package(root: Node<'_>, package: Node<'_>, source: &str) -> Option<String> {
    let mut cursor = root.walk();
    let mut after = root
        .named_children(&mut cursor)
        .skip_while(|child| child.start_byte() <= package.start_byte());
    let mut block: Vec<Node<'_>> = Vec::new();
    let next = loop {
        match after.next() {
            Some(node) if node.kind() == "comment" => {
                let joined = block
                    .last()
                    .is_none_or(|last| node.start_position().row == last.end_position().row + 1);
                if !joined {
                    // A blank line ends the block: what comes after it is another's.
                    break Some(node);
                }
                block.push(node);
            }
            other => break other,
        }
    };
    let first = block.first()?;
    let last = block.last()?;
    if first.start_position().row <= package.end_position().row {
        return None;
    }
    if next.is_some_and(|next| next.start_position().row <= last.end_position().row + 1) {
        return None;
    }
    let lines: Vec<String> = block
        .iter()
        .map(|node| comment_text(*node, source))
        .collect();
    let directive = |line: &String| {
        line.starts_with("go:") || line.starts_with("nolint") || line.starts_with("+build")
    };
    if lines.iter().any(directive) {
        return None;
    }
    let doc = lines.join("\n").trim().to_string();
    (!doc.is_empty()).then_some(doc)
}

fn detached_package_doc(root: Node<'_>, package: Node<'_>, source: &str) -> Option<String> {
    let mut cursor = root.walk();
    let comments: Vec<Node<'_>> = root
        .named_children(&mut cursor)
        .take_while(|child| child.start_byte() < package.start_byte())
        .filter(|child| child.kind() == "comment")
        .collect();
    let text_of = |node: Node<'_>| comment_text(node, source);
    let start = comments
        .iter()
        .position(|node| text_of(*node).starts_with("Package "))?;
    let mut lines = vec![text_of(comments[start])];
    let mut end_row = comments[start].end_position().row;
    if !node_text(comments[start], source).starts_with("/*") {
        for node in &comments[start + 1..] {
            let line_comment = node_text(*node, source).starts_with("//");
            if !line_comment || node.start_position().row != end_row + 1 {
                break;
            }
            lines.push(text_of(*node));
            end_row = node.end_position().row;
        }
    }
    let doc = lines.join("\n").trim().to_string();
    (!doc.is_empty()).then_some(doc)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// groupcache's `var stringGroup, protoGroup Getter`: each name of a spec is a symbol,
    /// exported by its own first letter.
    #[test]
    fn every_name_of_a_spec_is_a_symbol() {
        let source = "package x\n\nvar stringGroup, ProtoGroup Getter\n\nconst a, b = 1, 2\n\nvar (\n\tc, d int\n)\n\nfunc f() {\n\tvar e, g int\n\t_, _ = e, g\n}\n";
        let parsed = crate::parse(cartograph_core::Language::Go, source);
        let names: Vec<(&str, u32, Option<Visibility>)> = parsed
            .symbols
            .iter()
            .map(|symbol| (symbol.name.as_str(), symbol.line, symbol.visibility))
            .collect();
        let private = Some(Visibility::Private);
        assert_eq!(
            names,
            [
                ("stringGroup", 3, private),
                ("ProtoGroup", 3, Some(Visibility::Public)),
                ("a", 5, private),
                ("b", 5, private),
                ("c", 8, private),
                ("d", 8, private),
                ("f", 11, private),
            ]
        );
    }

    /// websocket's close codes: a group's doc is the doc of each member without its own.
    #[test]
    fn a_const_group_doc_covers_its_undocumented_members() {
        // uuid's `Invalid = Variant(iota) // Invalid UUID`: a member's comment on its own line
        // is its doc before the group's.
        let source = "package ws\n\n// Close codes defined in RFC 6455.\nconst (\n\tCloseNormalClosure = 1000\n\t// CloseGoingAway is sent on shutdown.\n\tCloseGoingAway = 1001\n\tCloseProtocolError = 1002 // Sent when the peer breaks the protocol.\n)\n\nconst (\n\tnoFrame = -1\n)\n\n// Limit is the limit.\nconst Limit = 3 //nolint:gomnd\n\nconst (\n\tCSRFToken = \"csrf\" // nosec G101\n)\n";
        let parsed = crate::parse(cartograph_core::Language::Go, source);
        let docs: Vec<(&str, Option<&str>)> = parsed
            .symbols
            .iter()
            .map(|symbol| (symbol.name.as_str(), symbol.doc.as_deref()))
            .collect();
        assert_eq!(
            docs,
            [
                (
                    "CloseNormalClosure",
                    Some("Close codes defined in RFC 6455.")
                ),
                (
                    "CloseGoingAway",
                    Some("CloseGoingAway is sent on shutdown.")
                ),
                (
                    "CloseProtocolError",
                    Some("Sent when the peer breaks the protocol.")
                ),
                ("noFrame", None),
                ("Limit", Some("Limit is the limit.")),
                // A linter's suppression is no doc.
                ("CSRFToken", None),
            ]
        );
    }

    /// gin's `binding_nomsgpack.go`: the constraint after the license comment, before the
    /// package clause, is recorded and read for the default build; a file without one has none.
    #[test]
    fn the_build_constraint_is_recorded() {
        let parse = |source: &str| crate::parse(cartograph_core::Language::Go, source);
        let variant = parse("// Copyright 2020 Gin Core Team.\n\n//go:build nomsgpack\n\npackage binding\n\ntype Binding interface{}\n");
        let constraint = variant.build_constraint.as_deref();
        assert_eq!(constraint.map(|c| c.expr.as_str()), Some("nomsgpack"));
        assert_eq!(
            constraint.map(|c| c.enabling_tags.clone()),
            Some(vec!["nomsgpack".to_string()])
        );
        assert!(variant.off_by_default());
        let default = parse("//go:build !nomsgpack\n// +build !nomsgpack\n\npackage binding\n");
        assert_eq!(
            default.build_constraint.as_deref().map(|c| c.default_build),
            Some(true)
        );
        assert!(!default.off_by_default());
        let legacy = parse("// +build windows\n\npackage x\n");
        assert_eq!(
            legacy.build_constraint.map(|c| c.only_on),
            Some(vec!["windows".to_string()])
        );
        assert_eq!(parse("package x\n").build_constraint, None);
        // Other languages record none.
        let rust = crate::parse(
            cartograph_core::Language::Rust,
            "//go:build ignore\nfn f() {}\n",
        );
        assert_eq!(rust.build_constraint, None);
    }

    #[test]
    fn default_names_drop_versions() {
        assert_eq!(default_package_names("github.com/spf13/cobra"), ["cobra"]);
        assert_eq!(
            default_package_names("github.com/urfave/cli/v2"),
            ["cli", "v2"]
        );
        assert_eq!(default_package_names("k8s.io/api/core/v1"), ["core", "v1"]);
        assert_eq!(default_package_names("gopkg.in/yaml.v3"), ["yaml"]);
        assert_eq!(default_package_names("fmt"), ["fmt"]);
        assert_eq!(default_package_names("v2"), ["v2"]);
        assert_eq!(
            default_package_names("github.com/hashicorp/go-multierror"),
            ["multierror"]
        );
        assert_eq!(
            default_package_names("example.com/x/go-sqlite3"),
            ["sqlite3"]
        );
        assert_eq!(
            default_package_names("example.com/x/yaml-go/v2"),
            ["yaml", "v2"]
        );
        assert_eq!(
            default_package_names("example.com/x/foo-bar"),
            Vec::<&str>::new()
        );
    }
}
