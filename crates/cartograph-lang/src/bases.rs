//! The supertypes a type declares: `class Session(SessionRedirectMixin)`, `class Echo extends
//! Base implements Handler`, `class Foo : IBar`, `class Rack::Lint < Base`, `class A : public
//! B`, the interfaces a Go interface embeds (`type File interface { io.Closer; … }`) and the
//! fields a Go struct embeds (`type DB struct { *sql.DB; … }`).
//!
//! One rule serves every grammar: under a declaration, the parts that name its supertypes
//! (`superclasses`, `class_heritage`, `base_list`, …) are read for the type names they hold,
//! generic arguments, call arguments and keyword arguments (`metaclass=ABCMeta`) left out.

use cartograph_core::{BoxedStr, Symbol};
use tree_sitter::Node;

use crate::languages::walk_preorder;

/// Declarations that name a type and may declare its supertypes.
const DECLARATIONS: &[&str] = &[
    // Python
    "class_definition",
    // Java, TypeScript, JavaScript, PHP, C#
    "class_declaration",
    "abstract_class_declaration",
    "interface_declaration",
    "enum_declaration",
    "record_declaration",
    "struct_declaration",
    // Ruby (and a JavaScript class expression)
    "class",
    // C++
    "class_specifier",
    "struct_specifier",
    // Go
    "type_spec",
];

/// Children of a declaration that name its supertypes.
const HERITAGE: &[&str] = &[
    "superclasses",
    "superclass",
    "super_interfaces",
    "extends_interfaces",
    "class_heritage",
    "extends_type_clause",
    "base_clause",
    "class_interface_clause",
    "base_list",
    "base_class_clause",
];

/// Nodes that name a type: read whole (generic arguments cut off), not gone into.
const TYPE_NAMES: &[&str] = &[
    "identifier",
    "type_identifier",
    "scoped_type_identifier",
    "nested_type_identifier",
    "qualified_type",
    "qualified_identifier",
    "qualified_name",
    "scoped_identifier",
    "name",
    "constant",
    "scope_resolution",
    "attribute",
    "member_expression",
    "generic_type",
    "generic_name",
    "template_type",
    "subscript",
];

/// Parts of a heritage clause that name no supertype: generic arguments, a call's arguments
/// (`extends mixin(Base)` names no type; `Struct.new(:a)` neither), keyword arguments
/// (`metaclass=ABCMeta`), C++'s access specifiers, comments.
const SKIPPED: &[&str] = &[
    "type_arguments",
    "type_argument_list",
    "template_argument_list",
    "type_parameters",
    "arguments",
    "argument_list",
    "argument_list_with_parens",
    "keyword_argument",
    "access_specifier",
    "comment",
    "call_expression",
    "call",
    "new_expression",
];

/// At most this many supertypes of one type are kept.
const MAX_BASES: usize = 16;

/// The supertypes each type symbol of a file declares, as `(symbol index, name)` in the order
/// written.
pub(crate) fn collect(root: Node<'_>, source: &str, symbols: &[Symbol]) -> Vec<(u32, BoxedStr)> {
    let mut starts: Vec<u32> = symbols
        .iter()
        .filter(|symbol| symbol.kind.is_type())
        .map(|symbol| symbol.line)
        .collect();
    if starts.is_empty() {
        return Vec::new();
    }
    starts.sort_unstable();
    let mut bases: Vec<(u32, BoxedStr)> = Vec::new();
    walk_preorder(root, |node| {
        let first = node.start_position().row as u32 + 1;
        let last = node.end_position().row as u32 + 1;
        // Only nodes a type's declaration starts in can hold one.
        let at = starts.partition_point(|&line| line < first);
        let holds_type = starts.get(at).is_some_and(|&line| line <= last);
        if DECLARATIONS.contains(&node.kind()) {
            if let Some(symbol) = declared_symbol(node, source, symbols) {
                let names = supertypes(node, source);
                for name in names.into_iter().take(MAX_BASES) {
                    bases.push((symbol as u32, name.into()));
                }
            }
            return true;
        }
        holds_type
    });
    bases.sort_by_key(|(symbol, _)| *symbol);
    if !bases.is_empty() {
        unalias(root, source, &mut bases);
    }
    bases
}

/// Import aliases: nodes that bring a name under another, with the field of each part.
const ALIASES: &[&str] = &[
    // PHP `use Ramsey\Uuid\Uuid as BaseUuid;`
    "namespace_use_clause",
    // Python `from .base import Base as B`
    "aliased_import",
    // TypeScript/JavaScript `import { Base as B } from './base'`
    "import_specifier",
];

/// A base written as an import's alias, named as imported (ramsey/uuid's `extends BaseUuid`
/// is `Ramsey\Uuid\Uuid`).
fn unalias(root: Node<'_>, source: &str, bases: &mut [(u32, BoxedStr)]) {
    let mut aliases: Vec<(&str, &str)> = Vec::new();
    walk_preorder(root, |node| {
        if !ALIASES.contains(&node.kind()) {
            // Imports sit at the top, in namespaces or in statements, never in a body.
            return !matches!(
                node.kind(),
                "class_definition"
                    | "class_declaration"
                    | "function_definition"
                    | "function_declaration"
                    | "method_declaration"
                    | "block"
                    | "statement_block"
                    | "compound_statement"
            );
        }
        let Some(alias) = node.child_by_field_name("alias") else {
            return false;
        };
        let name = node.child_by_field_name("name").or_else(|| {
            // PHP's clause holds its name as a plain child.
            let mut cursor = node.walk();
            let found = node
                .named_children(&mut cursor)
                .find(|child| matches!(child.kind(), "qualified_name" | "name"));
            found
        });
        if let (Some(alias), Some(name)) = (
            source.get(alias.byte_range()),
            name.and_then(|name| source.get(name.byte_range())),
        ) {
            aliases.push((alias.trim(), name.trim().trim_start_matches('\\')));
        }
        false
    });
    for (_, written) in bases.iter_mut() {
        if let Some((_, name)) = aliases.iter().find(|(alias, _)| *alias == written.as_str()) {
            *written = (*name).into();
        }
    }
}

/// The index of the type symbol `declaration` defines: of its name, and the narrowest span
/// around the declaration's first line.
fn declared_symbol(declaration: Node<'_>, source: &str, symbols: &[Symbol]) -> Option<usize> {
    let name = declaration.child_by_field_name("name")?;
    let name = source.get(name.byte_range())?.trim();
    let last_segment = name.rsplit("::").next().unwrap_or(name);
    let line = declaration.start_position().row as u32 + 1;
    symbols
        .iter()
        .enumerate()
        .filter(|(_, symbol)| {
            symbol.kind.is_type()
                && (symbol.name.as_str() == name || symbol.name.as_str() == last_segment)
                && symbol.line <= line
                && line <= symbol.end_line
        })
        .min_by_key(|(_, symbol)| symbol.end_line - symbol.line)
        .map(|(index, _)| index)
}

/// The supertypes `declaration` names, in order, each once.
fn supertypes(declaration: Node<'_>, source: &str) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    // Python's bases are an argument list: `class Session(SessionRedirectMixin):`.
    if let Some(list) = declaration.child_by_field_name("superclasses") {
        type_names(list, source, &mut names);
    }
    let mut cursor = declaration.walk();
    for child in declaration.children(&mut cursor) {
        if HERITAGE.contains(&child.kind()) {
            type_names(child, source, &mut names);
        } else if declaration.kind() == "type_spec"
            && declaration
                .child_by_field_name("type")
                .is_some_and(|kind| kind.id() == child.id() && child.kind() == "interface_type")
        {
            // Go: what an interface embeds (a type union of a constraint too, which names
            // types no interface check can resolve).
            let mut inner = child.walk();
            for element in child.named_children(&mut inner) {
                if !matches!(element.kind(), "method_elem" | "method_spec" | "comment") {
                    type_names(element, source, &mut names);
                }
            }
        } else if declaration.kind() == "type_spec"
            && declaration
                .child_by_field_name("type")
                .is_some_and(|kind| kind.id() == child.id() && child.kind() == "struct_type")
        {
            // Go: the fields a struct embeds (`type DB struct { *sql.DB; … }`), whose methods
            // are its own (sqlx's `DB` is a `Queryer` through `sql.DB`'s `Query`).
            let mut inner = child.walk();
            for list in child.named_children(&mut inner) {
                let mut fields = list.walk();
                for field in list.named_children(&mut fields) {
                    if field.kind() != "field_declaration"
                        || field.child_by_field_name("name").is_some()
                    {
                        continue;
                    }
                    if let Some(embedded) = field.child_by_field_name("type") {
                        type_names(embedded, source, &mut names);
                    }
                }
            }
        }
    }
    names
}

/// Pushes the type names under `node` (itself included) onto `names`.
fn type_names(node: Node<'_>, source: &str, names: &mut Vec<String>) {
    walk_preorder(node, |part| {
        if part.id() != node.id() && SKIPPED.contains(&part.kind()) {
            return false;
        }
        if !TYPE_NAMES.contains(&part.kind()) {
            return true;
        }
        let text = source.get(part.byte_range()).unwrap_or("");
        let name: String = text
            .split(['<', '[', '('])
            .next()
            .unwrap_or("")
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        let name = name.trim_start_matches('\\').trim_start_matches("::");
        if !name.is_empty() && !names.iter().any(|known| known == name) {
            names.push(name.to_string());
        }
        false
    });
}

#[cfg(test)]
mod tests {
    use cartograph_core::Language;

    /// `"Type: A, B"` for each type with supertypes, in order.
    fn bases(language: Language, source: &str) -> Vec<String> {
        let parsed = crate::parse(language, source);
        let mut out: Vec<String> = Vec::new();
        for (symbol, name) in &parsed.bases {
            let owner = parsed
                .symbols
                .get(*symbol as usize)
                .map(|symbol| symbol.name.to_string())
                .unwrap_or_default();
            match out.last_mut() {
                Some(last) if last.starts_with(&format!("{owner}: ")) => {
                    last.push_str(&format!(", {name}"));
                }
                _ => out.push(format!("{owner}: {name}")),
            }
        }
        out
    }

    #[test]
    fn python_bases_leave_keywords_and_generic_arguments_out() {
        let source = "class Plain:\n    pass\n\n\
                      @dataclass\nclass Session(SessionRedirectMixin, abc.Base, Generic[T], metaclass=Meta):\n    \
                      class Inner(Exception):\n        pass\n";
        assert_eq!(
            bases(Language::Python, source),
            [
                "Session: SessionRedirectMixin, abc.Base, Generic",
                "Inner: Exception"
            ]
        );
    }

    #[test]
    fn java_extends_and_implements() {
        let source =
            "public class Echo<T> extends Base<T> implements Handler, java.io.Closeable {\n}\n\
                      interface Handler extends Runnable, Comparable<Handler> {}\n";
        assert_eq!(
            bases(Language::Java, source),
            [
                "Echo: Base, Handler, java.io.Closeable",
                "Handler: Runnable, Comparable"
            ]
        );
    }

    #[test]
    fn typescript_and_javascript_heritage() {
        let source = "export class HTTPError<T> extends Error implements Failure<T>, Named {}\n\
                      interface Options extends Base, Other<string> {}\n\
                      class Mixed extends mixin(Base) {}\n";
        assert_eq!(
            bases(Language::TypeScript, source),
            ["HTTPError: Error, Failure, Named", "Options: Base, Other"]
        );
        assert_eq!(
            bases(
                Language::JavaScript,
                "class View extends React.Component {}\n"
            ),
            ["View: React.Component"]
        );
    }

    #[test]
    fn php_csharp_ruby_and_cpp_bases() {
        assert_eq!(
            bases(
                Language::Php,
                "<?php\nclass Dispatcher extends \\FastRoute\\Base implements Contract, Countable {}\n"
            ),
            ["Dispatcher: FastRoute\\Base, Contract, Countable"]
        );
        assert_eq!(
            bases(
                Language::CSharp,
                "public class Mediator : IMediator, IHandler<Request> where T : class {}\n\
                 public record Person(string Name) : Base(Name);\n"
            ),
            ["Mediator: IMediator, IHandler", "Person: Base"]
        );
        assert_eq!(
            bases(
                Language::Ruby,
                "class Lint < Base\nend\nclass Point < Struct.new(:x)\nend\n"
            ),
            ["Lint: Base"]
        );
        assert_eq!(
            bases(
                Language::Cpp,
                "class Reader : public Base, private detail::Helper<int> {};\n"
            ),
            ["Reader: Base, detail::Helper"]
        );
    }

    #[test]
    fn bases_written_as_an_import_alias_are_named_as_imported() {
        assert_eq!(
            bases(
                Language::Php,
                "<?php\nnamespace Ramsey\\Uuid\\Nonstandard;\n\nuse Ramsey\\Uuid\\Uuid as BaseUuid;\n\nclass Uuid extends BaseUuid {}\n"
            ),
            ["Uuid: Ramsey\\Uuid\\Uuid"]
        );
        assert_eq!(
            bases(
                Language::Python,
                "from .base import Base as B\n\nclass A(B):\n    pass\n"
            ),
            ["A: Base"]
        );
        assert_eq!(
            bases(
                Language::TypeScript,
                "import { Base as B } from './base';\nexport class A extends B {}\n"
            ),
            ["A: Base"]
        );
    }

    #[test]
    fn go_interfaces_and_structs_name_what_they_embed() {
        let source = "package afero\n\ntype File interface {\n\tio.Closer\n\tio.Reader\n\t// Name is its name.\n\tName() string\n\tStater\n}\n\n\
                      type Number interface {\n\t~int | ~float64\n}\n\n\
                      type Plain struct {\n\tio.Reader\n\tname string\n\t*Inner `json:\"inner\"`\n}\n";
        assert_eq!(
            bases(Language::Go, source),
            [
                "File: io.Closer, io.Reader, Stater",
                "Number: int, float64",
                "Plain: io.Reader, Inner"
            ]
        );
    }
}
