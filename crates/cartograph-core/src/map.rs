//! The structural map of one file: what parsing found, and what the scan learned about it.

use crate::{BoxedStr, Calls, ContentHash, Language, RepoPath};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SymbolKind {
    Module,
    Function,
    Method,
    Struct,
    Class,
    Enum,
    Union,
    Trait,
    Interface,
    Impl,
    TypeAlias,
    Constant,
    Variable,
    Macro,
    Field,
    /// A Markdown heading.
    Heading,
    /// A new named type over another (Go's `type Level uint32`), as opposed to an alias of it.
    Type,
}

impl SymbolKind {
    /// A kind of type: class, struct, interface, trait, enum, union or Go's named type.
    pub fn is_type(self) -> bool {
        matches!(
            self,
            SymbolKind::Class
                | SymbolKind::Struct
                | SymbolKind::Interface
                | SymbolKind::Trait
                | SymbolKind::Enum
                | SymbolKind::Union
                | SymbolKind::Type
        )
    }

    pub fn as_str(self) -> &'static str {
        match self {
            SymbolKind::Module => "module",
            SymbolKind::Function => "function",
            SymbolKind::Method => "method",
            SymbolKind::Struct => "struct",
            SymbolKind::Class => "class",
            SymbolKind::Enum => "enum",
            SymbolKind::Union => "union",
            SymbolKind::Trait => "trait",
            SymbolKind::Interface => "interface",
            SymbolKind::Impl => "impl",
            SymbolKind::TypeAlias => "type_alias",
            SymbolKind::Constant => "constant",
            SymbolKind::Variable => "variable",
            SymbolKind::Macro => "macro",
            SymbolKind::Field => "field",
            SymbolKind::Heading => "heading",
            SymbolKind::Type => "type",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Visibility {
    Public,
    Crate,
    Protected,
    Private,
}

/// A named definition in a file. Lines are 1-based and inclusive.
///
/// Its text is held as [`BoxedStr`]s, which never change once a symbol is made: a large tree
/// has over a million symbols, all held while pages are written (80 bytes each instead of 112
/// with `String`s).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Symbol {
    pub kind: SymbolKind,
    pub name: BoxedStr,
    pub line: u32,
    pub end_line: u32,
    /// The first line of the definition, trimmed (at most ~200 characters).
    pub signature: BoxedStr,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub doc: Option<BoxedStr>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub visibility: Option<Visibility>,
    /// The enclosing class, impl, trait or module, when there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<BoxedStr>,
}

impl Symbol {
    /// The name with the type parameters its signature declares right after it, variance
    /// (`in`, `out`) and attributes left out: `IRequestHandler<TRequest, TResponse>` for
    /// `public interface IRequestHandler<in TRequest, TResponse>`. C# tells types apart by this
    /// (`IRequestHandler<TRequest>` is another type, often in the same file). `None` when the
    /// signature declares none, or does not show them whole (a list that goes on past the
    /// first line).
    pub fn name_with_type_parameters(&self) -> Option<String> {
        let name = self.name.as_str();
        let signature = self.signature.as_str();
        if name.is_empty() {
            return None;
        }
        let is_word = |c: char| c.is_alphanumeric() || c == '_';
        // The name's first mention as a word is the one declared (`class Node : Base<Node<T>>`
        // mentions it again).
        let mut from = 0;
        let after = loop {
            let found = from + signature.get(from..)?.find(name)?;
            let after = found + name.len();
            let starts_word = signature
                .get(..found)
                .is_some_and(|before| !before.ends_with(is_word));
            let ends_word = !signature.get(after..)?.starts_with(is_word);
            if starts_word && ends_word {
                break after;
            }
            from = after;
        };
        if !signature.get(after..)?.starts_with('<') {
            return None;
        }
        let open = after + 1;
        let mut parameters: Vec<String> = Vec::new();
        let mut current = String::new();
        let mut depth = 0usize;
        for c in signature.get(open..)?.chars() {
            match c {
                '<' | '(' | '[' => {
                    depth += 1;
                    current.push(c);
                }
                '>' | ')' | ']' if depth > 0 => {
                    depth -= 1;
                    current.push(c);
                }
                '>' => {
                    parameters.push(type_parameter(&current)?);
                    return Some(format!("{name}<{}>", parameters.join(", ")));
                }
                ',' if depth == 0 => {
                    parameters.push(type_parameter(&std::mem::take(&mut current))?)
                }
                _ => current.push(c),
            }
        }
        None
    }
}

/// A type parameter's name as declared (`[Attr] in TRequest`): the last word outside the
/// attributes' brackets; `None` when that is no name.
fn type_parameter(declared: &str) -> Option<String> {
    let mut outside = String::new();
    let mut depth = 0usize;
    for c in declared.chars() {
        match c {
            '[' => depth += 1,
            ']' => depth = depth.saturating_sub(1),
            _ if depth == 0 => outside.push(c),
            _ => {}
        }
    }
    let name = outside.split_whitespace().last()?;
    name.chars()
        .all(|c| c.is_alphanumeric() || c == '_')
        .then(|| name.to_string())
}

/// What kind of statement an import is. The first five are edges of the import graph; the last
/// three only describe a Rust crate's module tree and names, and never become edges.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum ImportKind {
    /// `import`, `from ... import`, `require`, JavaScript's `import`.
    #[default]
    Import,
    /// A Rust `use`.
    Use,
    /// A Rust path in code that may name a module (`crate::a::f()`); `use` in `index.json`.
    Path,
    /// `pub use`, `export ... from`: the names are offered again by the importer.
    Reexport,
    /// Rust `pub(crate) use` (`pub(super)`, `pub(in path)`): the names are offered again
    /// within the crate, not to its users (memchr's `pub(crate) use searcher::Pre` in the
    /// public `memmem`); `reexport` in `index.json`.
    CrateReexport,
    /// `#include`.
    Include,
    /// An import made inside a function body.
    Local,
    /// Rust `mod x;`: a module of the tree, in its own file. Not a dependency.
    ModDeclaration,
    /// Rust `mod x { ... }`: a module of the tree, inside this file. Not a dependency.
    InlineModule,
    /// Rust `extern crate x as y;`: `y` names the crate `x`. Not a dependency by itself.
    ExternCrate,
    /// Rust `#![doc = include_str!("../docs/x.md")]`: the module's doc, kept in a document.
    /// Resolved to that document; not a dependency of the code.
    DocInclude,
    /// A Rust path in code that starts at a module in scope (`cli::f()` after `use grep::cli;`,
    /// `hir::Hir` beside `mod hir;`). Resolved like a `use` path, but not a dependency of its own
    /// (the `use` or `mod` is): it tells the reference graph which name of that module the file
    /// uses.
    ScopedPath,
    /// An import made for type checking only, which never runs (Python's `if TYPE_CHECKING:`):
    /// an edge drawn like an import inside a function, and never counted in a cycle or a
    /// layer; `import` in `index.json`, whose `local` is an import inside a function body.
    TypeOnly,
    /// A re-export of types only (TypeScript's `export type { Options } from './options'`):
    /// names pass on as through any re-export, but nothing runs, so the edge is drawn and
    /// counted as a type-only import; `reexport` in `index.json`.
    TypeReexport,
}

impl ImportKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ImportKind::Import => "import",
            ImportKind::Use | ImportKind::Path => "use",
            ImportKind::Reexport | ImportKind::CrateReexport | ImportKind::TypeReexport => {
                "reexport"
            }
            ImportKind::Include => "include",
            ImportKind::Local => "local",
            ImportKind::ModDeclaration => "mod",
            ImportKind::InlineModule => "inline_mod",
            ImportKind::ExternCrate => "extern_crate",
            ImportKind::DocInclude => "doc_include",
            ImportKind::ScopedPath => "scoped_path",
            ImportKind::TypeOnly => "import",
        }
    }

    /// True for an import that does not run when the file is loaded: one inside a function
    /// body, or one for type checking only.
    pub fn is_deferred(self) -> bool {
        matches!(
            self,
            ImportKind::Local | ImportKind::TypeOnly | ImportKind::TypeReexport
        )
    }

    /// True for a statement that offers the imported names again: `pub use`, `export … from`,
    /// of values or of types only.
    pub fn is_reexport(self) -> bool {
        matches!(
            self,
            ImportKind::Reexport | ImportKind::CrateReexport | ImportKind::TypeReexport
        )
    }

    /// True for statements that make the importing file depend on the imported one.
    pub fn is_edge(self) -> bool {
        !matches!(
            self,
            ImportKind::ModDeclaration
                | ImportKind::InlineModule
                | ImportKind::ExternCrate
                | ImportKind::DocInclude
                | ImportKind::ScopedPath
        )
    }

    fn is_import(&self) -> bool {
        *self == ImportKind::Import
    }
}

/// One import, `use`, `require` or `#include`: the module path as written and, where the
/// language allows, the repository file it names.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Import {
    /// The module path as written: Python `..pkg.mod`, Rust `crate::a::b::Item` (one leaf of a
    /// `use` tree), a JavaScript specifier, an `#include` path; for `mod x;` the name `x`.
    pub raw: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resolved: Option<RepoPath>,
    /// The 1-based line of the statement (0 when unknown: records written before lines were kept).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub line: u32,
    #[serde(default, skip_serializing_if = "ImportKind::is_import")]
    pub kind: ImportKind,
    /// Python `from raw import name`: the one name imported (each name is its own import,
    /// since each may be a submodule). Rust `extern crate x as y`: `y`. Go: one name the file
    /// uses from the package (`pkg.Name`), each its own import, since each may be declared in
    /// another file of the package. Java `import a.b.*`: one type name the file uses. C#
    /// `using a.b;`: one name of `ParsedFile::type_uses` that namespace `a.b` declares, added
    /// by resolution.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Rust: the inline modules around the statement inside its file, `a::tests`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope: Option<String>,
    /// Rust `#[path = "..."]` on a `mod` declaration.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path_attribute: Option<String>,
    /// Rust `mod x;` or `mod x { ... }` without `pub`: only the module that declares it (and
    /// that module's descendants) can name it in a path.
    #[serde(default, skip_serializing_if = "is_false")]
    pub private: bool,
    /// Rust: the `#[cfg(...)]` condition a `mod x;` is compiled under, as written inside the
    /// parentheses (`feature = "float_roundtrip"`, `not(feature = "std")`; several joined in
    /// `all(...)`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub condition: Option<String>,
    /// Rust: for a module declared more than once, private under some conditions and `pub`
    /// under others, the condition it is public under (log's `#[cfg(feature =
    /// "kv_unstable")] pub mod source;` beside `#[cfg(not(feature = "kv_unstable"))] mod
    /// source;`: `feature = "kv_unstable"`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub public_condition: Option<String>,
}

fn is_false(value: &bool) -> bool {
    !*value
}

fn is_zero(value: &u32) -> bool {
    *value == 0
}

impl Import {
    /// An import of `raw`, as written, on no known line.
    pub fn new(raw: impl Into<String>) -> Import {
        Import {
            raw: raw.into(),
            ..Import::default()
        }
    }
}

/// What parsing one file's text found. Parsing never fails: syntax errors are counted here.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct ParsedFile {
    /// The file's own leading doc comment (module docstring, `//!` lines, a leading block).
    pub doc: Option<String>,
    pub symbols: Vec<Symbol>,
    /// Imports as written; `resolved` is filled in later, when the whole file set is known.
    pub imports: Vec<Import>,
    /// Number of ERROR or MISSING nodes in the syntax tree.
    pub syntax_errors: u32,
    /// A hash of the syntax tree without comments (doc comments kept) and insignificant
    /// whitespace: two versions of a file that differ only in those share it.
    pub semantic_hash: Option<ContentHash>,
    /// The names a file declares as its public API (Python's `__all__`; a Java
    /// `module-info.java`'s exported packages), when it declares them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exports: Option<Vec<String>>,
    /// A `Cargo.toml`'s package: what finding crate roots and crate names needs.
    ///
    /// This and the next three are boxed: only a few files are manifests, and held inline the
    /// four took 456 of the 792 bytes of every `FileMap` (14 MB of 32k maps held while pages
    /// are written).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cargo: Option<Box<CargoPackage>>,
    /// A `package.json`, `tsconfig.json` or `jsconfig.json`: what JavaScript and TypeScript
    /// import resolution needs. Any JSON object with one of those fields gets it; the resolver
    /// reads it only from files of those names.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub js_manifest: Option<Box<JsManifest>>,
    /// A `go.mod`: the module path and its `replace` directives.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub go_module: Option<Box<GoModule>>,
    /// A `composer.json`'s autoload rules: what PHP import resolution needs. Any JSON object
    /// with `autoload` rules gets it; the resolver reads it only from files of that name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub composer: Option<Box<ComposerAutoload>>,
    /// The package the file declares: Go `package x`, Java `package a.b`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub package: Option<String>,
    /// Python: names used through a module imported whole, `(module, name)` once each:
    /// `("httpx", "Client")` for `httpx.Client(...)` after `import httpx`, `("a.b", "f")` for
    /// `c.f()` after `import a.b as c`. References, not dependencies: no edge comes of them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub module_uses: Vec<(String, String)>,
    /// Go: the names the file uses unqualified and does not declare at top level, sorted, once
    /// each (`newRouter`, `Mux`): another file of its own package, or a package imported with
    /// `.`, may declare them. References, not dependencies: no edge comes of them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub package_uses: Vec<String>,
    /// C#: the names the file mentions that may be types (`Widget`, `Math`, the extension
    /// method `Shout`), once each, sorted. Resolution turns each `using` of a namespace into one
    /// import per such name that the namespace declares, so that each leads to its own file.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub type_uses: Vec<String>,
    /// JavaScript/TypeScript: the names the module exports under another name than the one
    /// they have inside it, `(exported, inner)`: `export { a as INTERNAL_a }` and `export { a as
    /// b } from './x'` give `("INTERNAL_a", "a")` and `("b", "a")`. An importer's
    /// `import { INTERNAL_a }` is a reference to `a`. Python: the names a module's top level
    /// imports under another (`from ._parser import parse_requirement as _parse_requirement`
    /// gives `("_parse_requirement", "parse_requirement")`), which its own code calls and other
    /// modules may import from it; a module imported whole under another name (`import tomli
    /// as tomllib` gives `("tomllib", "tomli")`), which `from package import tomllib` reaches.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub export_aliases: Vec<(String, String)>,
    /// JavaScript/TypeScript: the names the module's export clauses export, `(exported, inner)`
    /// in order: a binding it imports (`import { Command } from './lib/command.js'; export {
    /// Command }` gives `("Command", "Command")`, inner the name the other module gives it), one
    /// of its own (`export { a as b }`: `("b", "a")`), and the names of `export { a, b as c }
    /// from './x'` (`("a", "a")`, `("c", "b")`); `export * from './x'` is `("*", "./x")` and
    /// `export default ky` (or `export default function ky() {}`) `("default", "ky")`. What a
    /// package's entry file offers, beside the definitions it exports where it makes them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub clause_exports: Vec<(String, String)>,
    /// JavaScript/TypeScript: the test blocks at the file's top level (`describe('ctx.accepts
    /// (types)', …)`, `test('visible: …', …)`), which name what a test file tests where it
    /// defines nothing. Boxed: only test files have them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub test_blocks: Option<Box<TestBlocks>>,
    /// Go: the file's build constraint (`//go:build` before the package clause, or the legacy
    /// `// +build` lines), with what it means for a build without custom tags. Boxed: few files
    /// have one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub build_constraint: Option<Box<BuildConstraint>>,
    /// Python: the 1-based line of the file's top-level `if __name__ == "__main__":`, which
    /// makes it a script one runs (`python path/to/file.py`, `python -m pkg.mod`); `None` when
    /// it has none, or when the guard only runs the file's own tests (`doctest.testmod()`).
    /// JavaScript and TypeScript: the line of the top-level `if (require.main === module)`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub script_guard: Option<u32>,
    /// Python without that guard: the 1-based line of the first top-level statement that reads
    /// the command line (`sys.argv`, `argparse`), in a file whose top level runs code: a script
    /// one runs by path (walkdir's `compare/walk.py`: `for … in os.walk(sys.argv[1]):`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub script_body: Option<u32>,
    /// The HTTP routes the file registers (`@app.get("/users")`, `router.post('/login',
    /// login)`, `r.Get("/", index)`), in file order. A boxed slice: few files have any, and an
    /// empty one costs 16 bytes and no allocation.
    #[serde(default, skip_serializing_if = "routes_are_empty")]
    pub routes: Box<[Route]>,
    /// The command-line flags the file defines (Go's `flag.BoolVar(&v, "h", false, "show
    /// help")`, argparse's `add_argument("--count", help=…)`, click's `@click.option`,
    /// commander's `.option('-p, --port <n>', …)`), in file order. Boxed: few files have any.
    #[serde(default, skip_serializing_if = "flags_are_empty")]
    pub command_flags: Box<[CommandFlag]>,
    /// The calls its functions and methods make (`crate::Calls`), for following how a call
    /// flows through the code.
    #[serde(default, skip_serializing_if = "Calls::is_empty")]
    pub calls: Calls,
    /// The supertypes each type declares, as written (generic arguments left out), in order:
    /// `(index of the type in symbols, name)`. Python's bases (`Session(SessionRedirectMixin)`),
    /// Java's, TypeScript's, PHP's and C#'s `extends` and `implements`, Ruby's `<`, C++'s base
    /// classes, the interfaces a Go interface embeds (`io.Reader` in `type File interface`).
    /// Rust's implementations are its `impl Trait for Type` blocks, which are symbols of their
    /// own; its bases here are the traits a type derives (`#[derive(Clone, Debug)]`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub bases: Vec<(u32, BoxedStr)>,
    /// How many of its functions are tests a runner collects: marked as tests (`#[test]`,
    /// `@Test`, `[Fact]`) or named as the runner wants them (`test_…`, Go's `TestXxx`).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub test_functions: u32,
    /// How many of those are disabled, so that the runner skips them (`@Disabled`,
    /// `@Ignore`, `#[ignore]`, `[Fact(Skip = …)]`, `@pytest.mark.skip`).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub disabled_tests: u32,
    /// How many Rust `macro_rules!` of the file write `#[test]` functions: the tests they
    /// generate where the file invokes them are not among `test_functions` (bytes'
    /// `tests/test_buf.rs`, whose `buf_tests!` makes 875 tests of the 877 it runs).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub test_macros: u32,
    /// Python: the fixtures the file defines that have pytest run a test taking them more than
    /// once: a fixture with `params=`, or one that takes such a fixture or anyio's backend
    /// fixtures, which run a test on every installed backend (starlette's `conftest.py`:
    /// `test_client_factory`; 430 test functions, 773 tests collected). `*` when every test of
    /// the file runs so (`pytestmark = pytest.mark.anyio`), or, in JavaScript and TypeScript,
    /// when the file registers tests in a loop, a `describe.each` block or a helper it may call
    /// several times (immer's `runBaseTest`). A `conftest.py`'s hold for the tests below it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub multiplying_fixtures: Vec<String>,
    /// Rust: the 1-based line ranges of test code inside the file, outermost only: a
    /// `#[cfg(test)]` module, a `#[test]` function outside one. What other files' calls from
    /// there do is a test's, not the code's (http's `HeaderMap::new`, "called from"
    /// `it_can_insert_header_name_as_header_value` in `src/header/value.rs`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub test_spans: Vec<(u32, u32)>,
    /// Rust: how many code examples its doc comments hold that `cargo test` runs as doctests
    /// (fenced blocks in `///` and `//!` that are Rust and not `ignore`d).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub doc_examples: u32,
    /// Rust: how many more its doc comments hold on items compiled only under a `#[cfg]`
    /// (smallvec's `extract_if`, behind a feature), which `cargo test` runs when it holds.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub gated_doc_examples: u32,
    /// Rust: the `impl` blocks its `macro_rules!` write in their expansions, `(macro, header)`:
    /// log's `("impl_to_value_primitive", "ToValue for $into_ty")` and
    /// `("impl_value_to_primitive", "Value<'v>")`. What they add is known only where a macro is
    /// invoked with its arguments: a type's methods and a trait's implementors say a macro adds
    /// more.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub macro_impls: Vec<(BoxedStr, BoxedStr)>,
    /// The string literals of its code that may name a file of the repository, once each in
    /// file order, at most [`MAX_PATH_LITERALS`]: `"testdata/golden.json"`, `'fixtures/
    /// layout.ejs'`, `include_str!("../README.md")`, a bare `"cert.pem"` passed to a path
    /// join (no whitespace, no URL, a `/` or a file extension). What says which tests use a
    /// fixture that nothing else describes.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub path_literals: Vec<BoxedStr>,
    /// Python: the directories, relative to the file's own, that a test runner's configuration
    /// puts on `sys.path` (pytest's `pythonpath` in `pyproject.toml`, `pytest.ini`, `tox.ini`
    /// or `setup.cfg`: filelock's `[".", "tasks"]` lets its tests `from capabilities import
    /// …` out of `tasks/`). Empty for other files.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub python_paths: Vec<BoxedStr>,
    /// Parsing hit its time limit: a result that depends on how busy the machine was, so it
    /// is never cached and the file is parsed again next run.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub timed_out: bool,
}

/// True for a Python decorator that makes a method an attribute one reads (`cache.currsize`,
/// not `cache.currsize()`): `@property`, `@functools.cached_property`, `@abstractproperty`, and
/// any other whose name ends in `property` (toolz's `@instanceproperty(classval=__doc__)`,
/// `@classproperty`, SQLAlchemy's `@hybrid_property`). A method so decorated has its signature
/// start with the decorator.
pub fn is_property_decorator(decorator: &str) -> bool {
    let Some(expression) = decorator.trim().strip_prefix('@') else {
        return false;
    };
    let callee = expression.split('(').next().unwrap_or(expression).trim();
    let name = callee.rsplit('.').next().unwrap_or(callee);
    name.to_ascii_lowercase().ends_with("property")
        && callee
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '_' | '.'))
}

/// The callee of a Python decorator that makes a function a command line's command, and
/// whether it makes a group of commands: `@click.command()`, `@cli.command(name="list")`,
/// `@click.group`, `@app.cli.command("create")`, Typer's `@app.command()`.
pub fn command_decorator_callee(decorator: &str) -> Option<(&str, bool)> {
    let expression = decorator.strip_prefix('@')?.trim_start();
    let callee = expression
        .split_once('(')
        .map_or(expression, |(callee, _)| callee)
        .trim_end();
    let (object, last) = callee.rsplit_once('.')?;
    let is_name = |part: &str| {
        !part.is_empty()
            && part.chars().all(|c| c.is_alphanumeric() || c == '_')
            && !part.starts_with(|c: char| c.is_ascii_digit())
    };
    if !object.split('.').all(is_name) || object.starts_with("pytest") {
        return None;
    }
    match last {
        "command" => Some((callee, false)),
        "group" => Some((callee, true)),
        _ => None,
    }
}

/// The name a command decorator gives its command, when it gives one: `name="list"` or a first
/// argument that is a string (`@cli.command("list")`).
pub fn command_decorator_name(decorator: &str) -> Option<&str> {
    let (_, arguments) = decorator.split_once('(')?;
    fn string(text: &str) -> Option<&str> {
        let text = text.trim_start();
        let quote = text.chars().next().filter(|c| matches!(c, '"' | '\''))?;
        let rest = &text[1..];
        let end = rest.find(quote)?;
        Some(&rest[..end])
    }
    if let Some(at) = arguments.find("name=") {
        let before = arguments[..at].trim_end();
        if before.is_empty() || before.ends_with(',') {
            return string(&arguments[at + "name=".len()..]);
        }
    }
    string(arguments).filter(|name| !name.is_empty())
}

/// A Python function a decorator makes a command line's command (see
/// [`Symbol::command`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Command {
    /// The name one types: the decorator's, else the function's with `_` as `-` (click's and
    /// Typer's rule); `None` when the function's name ends in a suffix newer click versions
    /// drop (`init_command`: `init` or `init-command`).
    pub name: Option<String>,
    /// A group of commands (`@click.group()`), not one command.
    pub group: bool,
}

impl Symbol {
    /// The command line's command a decorator makes of this Python function (its signature
    /// starts with the decorator: `@cli.command(name="list") def list_values(ctx, …):`).
    pub fn command(&self) -> Option<Command> {
        if self.kind != SymbolKind::Function || !self.signature.starts_with('@') {
            return None;
        }
        let decorator = self.signature.split(" def ").next()?;
        let (_, group) = command_decorator_callee(decorator)?;
        let name = match command_decorator_name(decorator) {
            Some(name) => Some(name.to_string()),
            None => {
                let suffixed = ["_command", "_cmd", "_group", "_grp"]
                    .iter()
                    .any(|suffix| self.name.ends_with(suffix));
                (!suffixed).then(|| self.name.to_lowercase().replace('_', "-"))
            }
        };
        Some(Command { name, group })
    }

    /// True for a Python method made a property by its decorator (its signature starts with
    /// it: `@property def currsize(self):`), or a JavaScript or TypeScript getter (`get
    /// isKyError(): true {`, `static get [Symbol.species]()`), which one reads, not calls.
    pub fn is_property(&self) -> bool {
        if self.kind != SymbolKind::Method {
            return false;
        }
        if self.signature.starts_with('@') {
            let decorator = ["def ", "async def "]
                .iter()
                .filter_map(|keyword| self.signature.find(keyword))
                .min()
                .map_or(&*self.signature, |at| &self.signature[..at]);
            return is_property_decorator(decorator);
        }
        let mut words = self.signature.split_whitespace().skip_while(|word| {
            matches!(
                *word,
                "public" | "private" | "protected" | "static" | "override" | "readonly"
            )
        });
        words.next() == Some("get")
            && words.next().is_some_and(|name| {
                name.starts_with(|c: char| c.is_alphabetic() || matches!(c, '_' | '$' | '#' | '['))
            })
    }
}

/// The most [`ParsedFile::path_literals`] one file keeps: a test file that names more data
/// files than this names them in a table the reader does not need row by row.
pub const MAX_PATH_LITERALS: usize = 256;

/// True for a string literal's text that may name a file of the repository: short, without
/// whitespace or a URL's scheme, with a `/` between names or a file extension of letters
/// and digits (`x.json`, not `1.0`, `a.b.`, `%.2f` or `...`).
pub fn may_name_file(text: &str) -> bool {
    const NEVER_IN_A_PATH: &[char] = &[
        '%', '{', '}', '*', '?', '<', '>', '|', '"', '\'', '`', '$', ':', ',', '\\', '=',
    ];
    if text.len() < 3
        || text.len() > 200
        || text.starts_with('/')
        || text.chars().any(|c| c.is_whitespace() || c.is_control())
        || text.contains(NEVER_IN_A_PATH)
    {
        return false;
    }
    let parts: Vec<&str> = text.trim_end_matches('/').split('/').collect();
    let name = parts.last().copied().unwrap_or_default();
    let has_extension = name.rsplit_once('.').is_some_and(|(stem, extension)| {
        !stem.is_empty()
            && (1..=6).contains(&extension.len())
            && extension.bytes().all(|byte| byte.is_ascii_alphanumeric())
            && extension.bytes().any(|byte| byte.is_ascii_alphabetic())
    });
    let has_dirs = parts.len() > 1 && parts.iter().all(|part| !part.is_empty());
    has_extension || has_dirs
}

fn routes_are_empty(routes: &[Route]) -> bool {
    routes.is_empty()
}

fn flags_are_empty(flags: &[CommandFlag]) -> bool {
    flags.is_empty()
}

/// One command-line flag a program defines: how it is written and what its help says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommandFlag {
    /// As one writes it on the command line: `-h`, `--count`, `--port <number>`; a
    /// positional argument by its name.
    pub name: String,
    /// Its help text as written, when it is a plain string literal.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
    /// The 1-based line of the definition.
    pub line: u32,
}

/// One HTTP route a server registers: what requests it answers and where it says so.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Route {
    /// `GET`, `POST`, ... as the registration names it; several joined by `, ` (Flask's
    /// `methods=["GET", "POST"]`); `ANY` when it answers every method (`app.all`, Go's
    /// `HandleFunc`, Express's `app.use`).
    pub method: String,
    /// The path as written, a prefix its router was given in the same file joined in front
    /// (gin's `v1 := r.Group("/v1")`): `/users/{id}`, `/users/:id`.
    pub path: String,
    /// The 1-based line of the registration (a decorator's line, a call's).
    pub line: u32,
    /// What answers it, as written: the decorated function, the handler argument
    /// (`users.list`, `UserController::index`); `None` for an inline function or block.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub handler: Option<String>,
}

/// The top-level test blocks of a file: how many, and the titles of the first few.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct TestBlocks {
    pub count: u32,
    /// The titles of the first [`TestBlocks::MAX_TITLES`] blocks, in file order.
    pub titles: Vec<String>,
}

impl TestBlocks {
    pub const MAX_TITLES: usize = 3;
}

/// A Go build constraint and what it means for the default build: `go build` with no custom
/// tags (`-tags`), on any platform. Platform terms (GOOS, GOARCH, `unix`, `cgo`, `go1.N`) may
/// hold; any other tag does not. A file built on one platform only is a platform variant, on in
/// the default build; a file that needs a tag (`nomsgpack`, `go_json`, `ignore`) is off.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct BuildConstraint {
    /// The expression as `//go:build` writes it; legacy `// +build a,b c` lines are translated
    /// (`(a && b) || c`, several lines joined by `&&`).
    pub expr: String,
    /// True when the file is built without custom tags on some platform (or the expression
    /// does not parse, which claims nothing).
    pub default_build: bool,
    /// Off by default: the custom tags each of which, set alone, builds the file, sorted. On
    /// by default and built only on a few systems (`only_on`): the custom tags each of which,
    /// set alone, builds it on more (`tinygo` in `(js || tinygo) && !windows`).
    pub enabling_tags: Vec<String>,
    /// On by default: the few GOOS values it is built on (`windows`), when it is built on only
    /// a few; empty otherwise. A GOOS implied by another listed is left out (`android` beside
    /// `linux`).
    pub only_on: Vec<String>,
    /// On by default: the few GOOS values it is never built on (`!windows`), when only a few
    /// are left out and `only_on` is empty.
    pub never_on: Vec<String>,
    /// Every GOOS it is built on (`android` and `linux` both), when not all of them: what
    /// tells that two platform variants are never built together.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub built_on: Vec<String>,
}

/// In `ParsedFile::multiplying_fixtures`: the file defines an `autouse=True` fixture that runs
/// every test of its scope (the file, or the directory of its `conftest.py`) more than once.
pub const AUTOUSE_MULTIPLIES: &str = "*autouse";

/// The fixtures anyio's pytest plugin offers, which run a test on every installed backend
/// (`ParsedFile::multiplying_fixtures`).
pub const ANYIO_FIXTURES: [&str; 3] = [
    "anyio_backend",
    "anyio_backend_name",
    "anyio_backend_options",
];

impl ParsedFile {
    /// Whether `line` lies in the file's test code (`ParsedFile::test_spans`).
    pub fn in_test_code(&self, line: u32) -> bool {
        self.test_spans
            .iter()
            .any(|(first, last)| (*first..=*last).contains(&line))
    }

    /// True when the file's build constraint cannot hold without a custom build tag: a Go
    /// variant (`//go:build nomsgpack`) that a default build leaves out.
    pub fn off_by_default(&self) -> bool {
        self.build_constraint
            .as_ref()
            .is_some_and(|constraint| !constraint.default_build)
    }
}

impl ParsedFile {
    /// The name `name` stands for inside the file, following its export aliases
    /// (`export_aliases`): `a` for `INTERNAL_a`, `parse_requirement` for `_parse_requirement`;
    /// `name` itself when it is no alias.
    pub fn unaliased<'n>(&'n self, name: &'n str) -> &'n str {
        self.export_aliases
            .iter()
            .find(|(alias, _)| alias == name)
            .map_or(name, |(_, inner)| inner.as_str())
    }

    /// The name a JavaScript or TypeScript module exports its binding `name` under, when its
    /// export clauses rename it and do not also export it as itself: chalk's `export {
    /// stdoutColor as supportsColor }` gives `supportsColor`.
    /// A default export keeps its own name, and so does one renamed to a string
    /// (yargs-parser's `export {yargsParser as 'module.exports'}`).
    pub fn exported_as(&self, name: &str) -> Option<&str> {
        let clauses = &self.clause_exports;
        if clauses
            .iter()
            .any(|(outer, inner)| outer == name || (outer == "default" && inner == name))
        {
            return None;
        }
        clauses
            .iter()
            .find(|(outer, inner)| {
                inner == name
                    && outer
                        .chars()
                        .all(|c| c.is_alphanumeric() || c == '_' || c == '$')
            })
            .map(|(outer, _)| outer.as_str())
    }

    /// Gives back the spare capacity of its lists. A list decoded from JSON grows by doubling,
    /// so a third of a decoded map's symbol and import lists is spare: 55 MB of 28k maps. Each
    /// list with spare room moves to an allocation of its exact size: shrinking in place is a
    /// request the allocator may decline (mimalloc keeps a block that shrinks by less than half
    /// of its size), and then nothing is given back.
    pub fn shrink_to_fit(&mut self) {
        exact(&mut self.symbols);
        exact(&mut self.imports);
        if let Some(exports) = &mut self.exports {
            exact(exports);
        }
        exact(&mut self.module_uses);
        exact(&mut self.package_uses);
        exact(&mut self.type_uses);
        exact(&mut self.export_aliases);
        exact(&mut self.clause_exports);
    }
}

impl ParsedFile {
    /// Lets go of what only import resolution and the code graph read, once the graph is
    /// built: the imports that name no file of the tree, and the names used through modules
    /// and packages. What stays is what pages are written from (the imports that lead to a
    /// file, with their kind, line and name, and the names imported under another, which call
    /// flows follow). On 28k files the imports that lead
    /// nowhere are a third of them, 110k.
    pub fn keep_for_pages(&mut self) {
        self.keep_for_pages_with(false);
    }

    /// [`ParsedFile::keep_for_pages`], keeping also one import of each package outside the
    /// tree when `outside` is true: a Go file's, from which the dependencies page tells the
    /// modules only tests import (go.mod does not say).
    pub fn keep_for_pages_with(&mut self, outside: bool) {
        let mut seen: Vec<String> = Vec::new();
        self.imports.retain(|import| {
            if import.resolved.is_some() {
                return true;
            }
            if !outside || seen.contains(&import.raw) {
                return false;
            }
            seen.push(import.raw.clone());
            true
        });
        exact(&mut self.imports);
        self.module_uses = Vec::new();
        self.package_uses = Vec::new();
        self.type_uses = Vec::new();
    }
}

/// Moves `list` to a new allocation of exactly its length, when it has spare capacity.
fn exact<T>(list: &mut Vec<T>) {
    if list.capacity() > list.len() {
        let mut moved = Vec::with_capacity(list.len());
        moved.append(list);
        *list = moved;
    }
}

/// The fields of a `package.json` and of a `tsconfig.json` that say where imports lead. Paths
/// are as written, relative to the file's directory.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct JsManifest {
    /// `package.json` `name`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// `package.json` `exports`, flattened: each subpath (`.`, `./sub`, `./*`) with its targets
    /// in the order they are worth trying (conditions `types`, `import`, `module`, `require`,
    /// `node`, `default`, then any other, each nested object flattened the same way).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub exports: Vec<(String, Vec<String>)>,
    /// `package.json` `types` (or `typings`), `module` and `main`, in that order, as present.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub entry_points: Vec<String>,
    /// `tsconfig.json` `extends`: one or several configurations, as written.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub extends: Vec<String>,
    /// `compilerOptions.baseUrl`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base_url: Option<String>,
    /// `compilerOptions.paths`: each pattern with its targets, in order; `None` when absent
    /// (an empty map still overrides an inherited one).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paths: Option<Vec<(String, Vec<String>)>>,
    /// The directories of a workspace, as globs relative to the file's directory (`packages/*`,
    /// `.`, `!**/test/**` excluding): `package.json` `workspaces` (a list, or yarn's
    /// `{"packages": [...]}`), `lerna.json` `packages`, `pnpm-workspace.yaml` `packages`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub workspaces: Vec<String>,
    /// `package.json` `dependencies`, `devDependencies`, `peerDependencies` and
    /// `optionalDependencies`: each package name with its specifier as written (`^2.10.4`,
    /// `workspace:*`, `file:../..`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub dependencies: Vec<(String, String)>,
    /// `tsconfig.json` `include`: globs of the files the configuration governs, relative to its
    /// directory (`src/**/*`, `tests`); empty when absent, which is every file below it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub include: Vec<String>,
    /// `tsconfig.json` `exclude`: globs of files `include` takes in that the configuration
    /// still does not govern (redux's `examples`, which get the published package).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub exclude: Vec<String>,
    /// `package.json`: what the package offers to be imported, each with the file of the
    /// repository it leads to once build outputs are followed to their sources: `.` for the
    /// package itself (ky's `distribution/index.js` is `source/index.ts`), then `exports`
    /// subpaths (`./vanilla`). Found when imports are resolved, against the whole tree: empty
    /// in a map as parsed.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub entry_sources: Vec<(String, RepoPath)>,
}

/// The class autoloading rules of a `composer.json`, `autoload` then `autoload-dev`: each
/// namespace prefix (`App\`, `""` for any) with its directories, relative to the
/// manifest's directory, in order.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ComposerAutoload {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub psr4: Vec<(String, Vec<String>)>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub psr0: Vec<(String, Vec<String>)>,
}

/// What a `go.mod` says about where its packages are.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct GoModule {
    /// The `module` path.
    pub path: String,
    /// `replace` directives whose target is a local directory: module path → directory
    /// relative to the `go.mod` (`../x`, `./y`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub local_replaces: Vec<(String, String)>,
}

/// The `[package]` of a `Cargo.toml`: its name and where its targets' crate roots are, as
/// written (paths relative to the manifest's directory; `None` means Cargo's default layout).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct CargoPackage {
    pub name: String,
    /// `[lib] name`, when it differs from the package name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lib_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lib_path: Option<String>,
    /// `path` of every `[[bin]]`, `[[example]]`, `[[test]]` and `[[bench]]` that names one.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub target_paths: Vec<String>,
    /// Dependencies by the name code uses for them (`-` kept), with the package they rename.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub renamed_dependencies: Vec<(String, String)>,
    /// The target directories Cargo does not search because the manifest turns discovery off
    /// (`autotests = false` → `tests`; likewise `src/bin`, `examples`, `benches`): their files
    /// are modules of declared targets (ripgrep's `tests/util.rs` of `tests/tests.rs`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub undiscovered_dirs: Vec<String>,
    /// Dependencies Cargo fetches from a registry (a version and no `path`, `git` or
    /// `workspace = true`, nor a `[patch]` of this manifest giving a path), by the name code
    /// uses for them (`-` kept): a crate of the repository by that name is not what the
    /// package builds with (memchr's benchmark engine `rust-memchrold` pins `memchr =
    /// "=2.5.0"`, the published release, not the checkout).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub registry_dependencies: Vec<String>,
}

/// Why a file is indexed but never sent to a model.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct FileFlags {
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub generated: bool,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub vendored: bool,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub lockfile: bool,
    /// Listed by path only (`.env`, keys): never opened.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub secret: bool,
    /// `[scan] local_only`: may only go to providers with `local = true`.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub local_only: bool,
    /// A file the scan read and left out for its content (binary, not UTF-8, minified, too
    /// large): the pages list and count it by path, so that a directory's files add up. Only
    /// the docs set it, on maps made for their pages; it is never stored.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unread: Option<SkipReason>,
}

impl FileFlags {
    /// True when no model may be asked to summarize the file.
    pub fn never_summarize(&self) -> bool {
        self.generated || self.vendored || self.lockfile || self.never_read()
    }

    /// True when the file's text is never read: a secret, or a file the scan left out.
    pub fn never_read(&self) -> bool {
        self.secret || self.unread.is_some()
    }
}

/// The structural map of one file at one path.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileMap {
    pub path: RepoPath,
    pub hash: ContentHash,
    pub language: Language,
    pub bytes: u64,
    pub lines: u32,
    /// o200k_base tokens of the whole file.
    pub tokens: u32,
    #[serde(default)]
    pub flags: FileFlags,
    #[serde(flatten)]
    pub parsed: ParsedFile,
}

/// Why a file was left out of the index.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SkipReason {
    Binary,
    TooLarge,
    InvalidUtf8,
    Minified,
    SymlinkOutsideRepository,
    SymlinkLoop,
    BrokenSymlink,
    Unreadable,
    Vanished,
    ChangedDuringScan,
    NonUtf8Path,
    SpecialFile,
    /// A symlink to a directory: its files are indexed at their real paths, never twice.
    SymlinkedDirectory,
    /// A symlink to a file the walk indexes at its real path (python-dotenv's
    /// `docs/index.md` → `README.md`): never indexed twice.
    SymlinkedFile,
}

impl SkipReason {
    pub fn as_str(self) -> &'static str {
        match self {
            SkipReason::Binary => "binary",
            SkipReason::TooLarge => "too_large",
            SkipReason::InvalidUtf8 => "invalid_utf8",
            SkipReason::Minified => "minified",
            SkipReason::SymlinkOutsideRepository => "symlink_outside_repository",
            SkipReason::SymlinkLoop => "symlink_loop",
            SkipReason::BrokenSymlink => "broken_symlink",
            SkipReason::Unreadable => "unreadable",
            SkipReason::Vanished => "vanished",
            SkipReason::ChangedDuringScan => "changed_during_scan",
            SkipReason::NonUtf8Path => "non_utf8_path",
            SkipReason::SpecialFile => "special_file",
            SkipReason::SymlinkedDirectory => "symlinked_directory",
            SkipReason::SymlinkedFile => "symlinked_file",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SkippedFile {
    /// The path relative to the root, lossily converted when it is not UTF-8.
    pub path: String,
    pub reason: SkipReason,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
}

/// A module: a package directory (`Cargo.toml`, `__init__.py`, `package.json`, `go.mod`, ...) or
/// else a top-level source directory, with the files it owns.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Module {
    /// The module's directory, `""` for the repository root.
    pub path: String,
    pub files: Vec<RepoPath>,
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    /// chalk's `export { stdoutColor as supportsColor }` renames; a default export and
    /// yargs-parser's `export {yargsParser as 'module.exports'}` keep the binding's name.
    #[test]
    fn an_export_clause_renames_a_binding_only_to_a_name() {
        let clause = |pairs: &[(&str, &str)]| ParsedFile {
            clause_exports: pairs
                .iter()
                .map(|(outer, inner)| (outer.to_string(), inner.to_string()))
                .collect(),
            ..ParsedFile::default()
        };
        let chalk = clause(&[("supportsColor", "stdoutColor"), ("chalk", "chalk")]);
        assert_eq!(chalk.exported_as("stdoutColor"), Some("supportsColor"));
        assert_eq!(chalk.exported_as("chalk"), None);
        let yargs = clause(&[
            ("default", "yargsParser"),
            ("module.exports", "yargsParser"),
        ]);
        assert_eq!(yargs.exported_as("yargsParser"), None);
        let string_only = clause(&[("module.exports", "parse")]);
        assert_eq!(string_only.exported_as("parse"), None);
    }

    /// httpx's `if TYPE_CHECKING:` imports are dashed and left out of layers like imports in a
    /// function, but `index.json` calls only the latter `local` (PRODUCT.md).
    #[test]
    fn type_only_imports_are_deferred_and_plain_imports_in_the_index() {
        assert!(ImportKind::TypeOnly.is_deferred());
        assert!(ImportKind::Local.is_deferred());
        assert!(!ImportKind::Import.is_deferred());
        assert_eq!(ImportKind::TypeOnly.as_str(), "import");
        assert_eq!(ImportKind::Local.as_str(), "local");
        assert!(ImportKind::TypeOnly.is_edge());
        // A re-export of types is deferred too, and a re-export in the index.
        assert!(ImportKind::TypeReexport.is_deferred());
        assert!(ImportKind::TypeReexport.is_reexport());
        assert!(!ImportKind::TypeOnly.is_reexport());
        assert_eq!(ImportKind::TypeReexport.as_str(), "reexport");
    }

    /// Python's decorated properties and JavaScript's getters are read, not called (ky's
    /// `KyError.isKyError` was listed among its methods).
    #[test]
    fn properties_and_getters_are_properties() {
        let method = |signature: &str| Symbol {
            kind: SymbolKind::Method,
            signature: signature.into(),
            ..symbol("x")
        };
        for property in [
            "@property def currsize(self):",
            // toolz's own kind of property, with and without arguments.
            "@instanceproperty def func(self):",
            "@instanceproperty(classval=__doc__) def __doc__(self):",
            "@functools.cached_property def size(self):",
            "get isKyError(): true {",
            "public static get [Symbol.species]() {",
            "get #secret() {",
        ] {
            assert!(method(property).is_property(), "{property}");
        }
        for plain in [
            "@staticmethod def f():",
            "@x.setter def x(self, value):",
            "@cache(\"property\") def f(self):",
            "get(key) {",
            "get: function () {",
            "async get(url) {",
            "def get(self):",
            "set value(v) {",
        ] {
            assert!(!method(plain).is_property(), "{plain}");
        }
    }

    /// click's decorators make commands of functions (python-dotenv's `list_values` is the
    /// command `dotenv list`); Typer's `@app.command()` names the command after the function,
    /// `_` as `-`; other decorators make nothing.
    #[test]
    fn command_decorators_make_commands() {
        let function = |name: &str, signature: &str| Symbol {
            kind: SymbolKind::Function,
            signature: signature.into(),
            ..symbol(name)
        };
        let command = |name: &str, signature: &str| {
            function(name, signature)
                .command()
                .map(|command| (command.name, command.group))
        };
        let named = |name: &str, group: bool| Some((Some(name.to_string()), group));
        assert_eq!(
            command(
                "list_values",
                "@cli.command(name=\"list\") def list_values(ctx):"
            ),
            named("list", false)
        );
        assert_eq!(
            command("cli", "@click.group() def cli(ctx, file):"),
            named("cli", true)
        );
        assert_eq!(
            command(
                "create_user",
                "@app.cli.command('create') def create_user():"
            ),
            named("create", false)
        );
        assert_eq!(
            command("show_all", "@app.command() async def show_all():"),
            named("show-all", false)
        );
        assert_eq!(
            command(
                "run",
                "@cli.command(context_settings={\"x\": 1}, name=\"go\") def run():"
            ),
            named("go", false)
        );
        assert_eq!(
            command("init_command", "@click.command def init_command():"),
            Some((None, false))
        );
        for plain in [
            "def list_values(ctx):",
            "@pytest.mark.group def test_x():",
            "@staticmethod def f():",
            "@command def f():",
            "@lru_cache() def command():",
        ] {
            assert_eq!(command("f", plain), None, "{plain}");
        }
        // A method so decorated is a method (discord.py's cogs are not read as commands).
        let method = Symbol {
            kind: SymbolKind::Method,
            ..function("list_values", "@cli.command() def list_values(self):")
        };
        assert_eq!(method.command(), None);
    }

    /// C# types of one name and different arity are different types: their names with type
    /// parameters tell them apart.
    #[test]
    fn a_name_with_type_parameters_is_read_from_the_signature() {
        let typed = |name: &str, signature: &str| {
            Symbol {
                signature: signature.into(),
                ..symbol(name)
            }
            .name_with_type_parameters()
        };
        assert_eq!(
            typed(
                "IRequestHandler",
                "public interface IRequestHandler<in TRequest, TResponse>"
            )
            .as_deref(),
            Some("IRequestHandler<TRequest, TResponse>")
        );
        assert_eq!(
            typed(
                "Wrapper",
                "public class Wrapper<[Attr(typeof(List<int>))] out T> : IWrapper<T> where T : new()"
            )
            .as_deref(),
            Some("Wrapper<T>")
        );
        assert_eq!(
            typed("Res", "record Res<T>(T Value);").as_deref(),
            Some("Res<T>")
        );
        for (name, signature) in [
            (
                "IRequest",
                "public interface IRequest : IBaseRequest<Unit> { }",
            ),
            ("Handler", "public class Handler<TRequest,"),
            ("Handler", "public class MyHandler<T>"),
            ("Node", "public class Node : Base<Node<T>>"),
            ("", "<T>"),
        ] {
            assert_eq!(typed(name, signature), None, "{signature}");
        }
    }

    fn symbol(name: &str) -> Symbol {
        Symbol {
            kind: SymbolKind::Function,
            name: name.into(),
            line: 1,
            end_line: 2,
            signature: format!("fn {name}()").into(),
            doc: None,
            visibility: None,
            parent: None,
        }
    }

    #[test]
    fn shrink_to_fit_leaves_no_spare_capacity_and_keeps_the_order() {
        let mut symbols = Vec::with_capacity(64);
        symbols.extend(["a", "b", "c"].map(symbol));
        let mut imports = Vec::with_capacity(16);
        imports.push(Import::new("os"));
        let mut exports = Vec::with_capacity(8);
        exports.push("a".to_string());
        let mut parsed = ParsedFile {
            symbols,
            imports,
            exports: Some(exports),
            ..ParsedFile::default()
        };
        let before = parsed.clone();
        parsed.shrink_to_fit();
        assert_eq!(parsed, before);
        assert_eq!(parsed.symbols.capacity(), 3);
        assert_eq!(parsed.imports.capacity(), 1);
        assert_eq!(parsed.exports.as_ref().map(Vec::capacity), Some(1));
    }

    #[test]
    fn pages_keep_only_the_imports_that_lead_to_a_file() {
        let resolved = Import {
            resolved: Some(RepoPath::new("pkg/a.py").unwrap()),
            name: Some("A".to_string()),
            ..Import::new(".a")
        };
        let mut parsed = ParsedFile {
            imports: vec![Import::new("os"), resolved.clone(), Import::new("sys")],
            module_uses: vec![("os".to_string(), "path".to_string())],
            package_uses: vec!["Mux".to_string()],
            type_uses: vec!["Widget".to_string()],
            export_aliases: vec![("b".to_string(), "a".to_string())],
            exports: Some(vec!["A".to_string()]),
            symbols: vec![symbol("f")],
            ..ParsedFile::default()
        };
        let mut go = parsed.clone();
        go.imports.push(Import::new("os"));
        go.keep_for_pages_with(true);
        assert_eq!(
            go.imports,
            [Import::new("os"), resolved.clone(), Import::new("sys")]
        );
        parsed.keep_for_pages();
        assert_eq!(parsed.imports, [resolved]);
        assert_eq!(parsed.imports.capacity(), 1);
        assert!(parsed.module_uses.is_empty() && parsed.package_uses.is_empty());
        assert!(parsed.type_uses.is_empty());
        // Call flows follow a name imported under another.
        assert_eq!(parsed.export_aliases, [("b".to_string(), "a".to_string())]);
        assert_eq!(parsed.exports, Some(vec!["A".to_string()]));
        assert_eq!(parsed.symbols, [symbol("f")]);
    }

    /// A file with no script guard and no routes writes neither (most files: their cache
    /// records stay as they were); one with them reads back as written.
    #[test]
    fn a_script_guard_and_routes_are_written_only_when_there_are_some() {
        let plain = ParsedFile::default();
        let json = serde_json::to_string(&plain).unwrap();
        assert!(
            !json.contains("script_guard") && !json.contains("routes"),
            "{json}"
        );
        assert_eq!(serde_json::from_str::<ParsedFile>(&json).unwrap(), plain);
        let server = ParsedFile {
            script_guard: Some(40),
            routes: Box::new([Route {
                method: "GET, POST".to_string(),
                path: "/users".to_string(),
                line: 12,
                handler: Some("users".to_string()),
            }]),
            ..ParsedFile::default()
        };
        let json = serde_json::to_string(&server).unwrap();
        assert!(
            json.contains(r#""script_guard":40,"routes":[{"method":"GET, POST","path":"/users","line":12,"handler":"users"}]"#),
            "{json}"
        );
        assert_eq!(serde_json::from_str::<ParsedFile>(&json).unwrap(), server);
    }

    /// A symbol's text is held in boxed strings: a large tree holds over a million symbols
    /// while its pages are written. A symbol with every field set reads back from its JSON as
    /// it was written.
    #[test]
    fn a_symbol_is_80_bytes_and_reads_back_as_written() {
        assert_eq!(std::mem::size_of::<Symbol>(), 80);
        let full = Symbol {
            doc: Some("Does it.".into()),
            visibility: Some(Visibility::Public),
            parent: Some("Widget".into()),
            ..symbol("f")
        };
        let json = serde_json::to_string(&full).unwrap();
        assert_eq!(
            json,
            r#"{"kind":"function","name":"f","line":1,"end_line":2,"signature":"fn f()","doc":"Does it.","visibility":"public","parent":"Widget"}"#
        );
        assert_eq!(serde_json::from_str::<Symbol>(&json).unwrap(), full);
    }
}
