//! One module per language: its grammar, its query, and the few rules a query cannot express.
//! A new language is one `Language` variant, one module here and one query in `queries/`.
//!
//! Query conventions (checked by a test for every language):
//! - `@definition.<kind>` captures a definition node, `<kind>` being a `SymbolKind` name
//!   (`function`, `class`, `type_alias`, ...). When several patterns capture the same node, the
//!   first pattern in the file wins, so specific patterns go before general ones.
//! - `@definition.file_module` is a namespace statement without a body (C# `namespace A;`, PHP
//!   `namespace A;`): it owns the top-level definitions that follow it.
//! - `@prototype.<kind>` is a declaration that a definition of the same name and parent in the
//!   same file makes redundant (C prototypes, C++ member declarations).
//! - `@name` is the definition's name; `@import` or `@import.<tag>` a node handed to
//!   `LanguageSupport::imports` with that tag. Captures starting with `_` only serve predicates.

pub(crate) mod bash;
pub(crate) mod c;
pub(crate) mod cpp;
pub(crate) mod csharp;
pub(crate) mod go;
pub(crate) mod java;
pub(crate) mod javascript;
pub(crate) mod markdown;
pub(crate) mod php;
pub(crate) mod python;
pub(crate) mod ruby;
pub(crate) mod rust;
pub(crate) mod typescript;

use crate::comments::{self, CommentStyle, Trivia};
use crate::text;
use cartograph_core::{
    BuildConstraint, Import, ImportKind, Language, RepoPath, Route, Symbol, SymbolKind, TestBlocks,
    Visibility,
};
use tree_sitter::Node;

/// The languages `parse` runs a grammar for; Markdown has a line scanner instead.
pub(crate) fn support(language: Language) -> Option<&'static dyn LanguageSupport> {
    Some(match language {
        Language::Rust => &rust::Rust,
        Language::Python => &python::Python,
        Language::JavaScript => &javascript::JavaScript,
        Language::TypeScript => &typescript::TYPESCRIPT,
        Language::Tsx => &typescript::TSX,
        Language::Go => &go::Go,
        Language::Java => &java::Java,
        Language::C => &c::C,
        Language::Cpp => &cpp::Cpp,
        Language::CSharp => &csharp::CSharp,
        Language::Ruby => &ruby::Ruby,
        Language::Php => &php::Php,
        Language::Bash => &bash::Bash,
        Language::Markdown | Language::Toml | Language::Json | Language::Yaml | Language::Text => {
            return None
        }
    })
}

/// A definition the query found, with what the walk learned about where it sits.
pub(crate) struct Definition<'tree> {
    /// The definition node the query captured.
    pub node: Node<'tree>,
    /// The node with its wrappers (`export`, decorators, Go's `type`): the symbol's line span and
    /// the place its doc comment sits above.
    pub outer: Node<'tree>,
    /// The `@name` capture.
    pub name: Option<Node<'tree>>,
    /// The kind the query gave, before functions inside classes become methods.
    pub kind: SymbolKind,
}

/// The symbol that encloses a definition.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Container<'a> {
    pub kind: SymbolKind,
    pub name: &'a str,
}

/// What the file-doc rules of a language get to look at.
pub(crate) struct FileContext<'a, 'tree> {
    pub root: Node<'tree>,
    pub source: &'a str,
    pub trivia: &'a [Trivia],
    /// Where the first top-level node that is neither a comment nor an attribute starts.
    pub code_start: usize,
    /// First lines (1-based) of the symbols found, wrappers included.
    pub symbol_lines: &'a [u32],
}

impl FileContext<'_, '_> {
    /// True when a symbol's span starts on `line`.
    pub(crate) fn has_symbol_at(&self, line: u32) -> bool {
        self.symbol_lines.binary_search(&line).is_ok()
    }

    /// The file doc from leading comment blocks (the rule of the C family, Ruby and Bash).
    pub(crate) fn leading_comment_doc(&self) -> Option<String> {
        comments::leading_file_doc(self.trivia, self.source, self.code_start, &|line| {
            self.has_symbol_at(line)
        })
    }
}

/// Method containers of most languages: a function directly inside one of these is a method.
const METHOD_CONTAINERS: &[SymbolKind] = &[
    SymbolKind::Class,
    SymbolKind::Struct,
    SymbolKind::Enum,
    SymbolKind::Union,
    SymbolKind::Trait,
    SymbolKind::Interface,
    SymbolKind::Impl,
];

/// What a language adds to the generic extractor. Every method but the first five has a default
/// that fits most languages.
pub(crate) trait LanguageSupport: Sync {
    fn grammar(&self) -> tree_sitter::Language;

    /// The tree-sitter query that finds definitions and imports (see the module doc).
    fn query(&self) -> &'static str;

    fn comment_style(&self) -> CommentStyle;

    /// Node kinds whose insides are local to a function: definitions within them are not symbols.
    fn local_scopes(&self) -> &'static [&'static str];

    /// Resolves an import written in `from` to a repository file.
    fn resolve_import(
        &self,
        from: &RepoPath,
        raw: &str,
        files: &dyn Fn(&str) -> bool,
    ) -> Option<RepoPath>;

    /// The grammar's scanner calls the narrow `<ctype.h>` classifiers on its lookahead, which is
    /// undefined (and crashed) for code points above 255: the parser then sees those as one
    /// stand-in letter (`engine::NarrowUtf8`).
    fn narrow_code_points(&self) -> bool {
        false
    }

    /// Node kinds that wrap a definition when only keywords and attributes precede it inside them
    /// (`export`, decorators, Go's `type`).
    fn wrappers(&self) -> &'static [&'static str] {
        &[]
    }

    /// Node kinds of declarations that group definitions under one doc comment (Go's `const (`
    /// … `)`): a definition with no doc of its own takes the group's.
    fn doc_groups(&self) -> &'static [&'static str] {
        &[]
    }

    /// Node kinds of attributes, decorators and annotations: not part of a signature, and a doc
    /// comment may sit above them.
    fn attributes(&self) -> &'static [&'static str] {
        &[]
    }

    /// Top-level node kinds that come before a file's doc comment without ending the file's
    /// leading comments (PHP's `<?php`).
    fn preamble(&self) -> &'static [&'static str] {
        &[]
    }

    /// Kinds of symbols inside which a function is a method.
    fn method_containers(&self) -> &'static [SymbolKind] {
        METHOD_CONTAINERS
    }

    /// True for a definition that adds to what another module defines (TypeScript's `declare
    /// module '../x' { … }` in a module): neither it nor anything inside it is a symbol of
    /// this file. By default none.
    fn augments_another_module(&self, _definition: &Definition<'_>, _source: &str) -> bool {
        false
    }

    /// The symbol's name; `None` drops the definition.
    fn name(&self, definition: &Definition<'_>, source: &str) -> Option<String> {
        let name = text::collapse_whitespace(text::node_text(definition.name?, source));
        (!name.is_empty()).then_some(name)
    }

    /// True when a constant, variable or type alias bound again under the name of a symbol of
    /// the same parent is that symbol, not a new one (Python's `try:`/`except ImportError:`
    /// fallbacks): the first binding is kept.
    fn rebinding_is_one_symbol(&self) -> bool {
        false
    }

    /// True for a binding only type checkers read (Python's `if TYPE_CHECKING:` block): a later
    /// binding of the name where the code runs is the symbol, not this one.
    fn binds_for_type_checkers(&self, _definition: &Definition<'_>, _source: &str) -> bool {
        false
    }

    /// A parent the syntax states outside the nesting (a Go receiver, C++'s `Foo::bar`). A
    /// function with such a parent is a method.
    fn explicit_parent(&self, _definition: &Definition<'_>, _source: &str) -> Option<String> {
        None
    }

    fn visibility(
        &self,
        _definition: &Definition<'_>,
        _name: &str,
        _container: Option<Container<'_>>,
        _source: &str,
    ) -> Option<Visibility> {
        None
    }

    /// A doc that is not a comment (Python docstrings); `None` falls back to doc comments.
    fn docstring(&self, _definition: &Definition<'_>, _source: &str) -> Option<String> {
        None
    }

    /// Last touches on a cleaned doc comment (C# drops its `<summary>` tags); `None` when
    /// nothing is left.
    fn polish_doc(&self, doc: String) -> Option<String> {
        Some(doc)
    }

    /// A visibility the doc comment states (JSDoc's `@private`), which overrides the syntax's.
    fn doc_visibility(&self, _doc: &str) -> Option<Visibility> {
        None
    }

    /// The kind of the statements `imports` finds, unless it says otherwise.
    fn import_kind(&self) -> ImportKind {
        ImportKind::Import
    }

    /// Turns one `@import` capture into imports; by default its text without quotes. The
    /// engine fills in each import's line, and marks imports inside a function body `Local`.
    fn imports(&self, _tag: &str, node: Node<'_>, source: &str, imports: &mut Vec<Import>) {
        push_import(imports, text::strip_quotes(text::node_text(node, source)));
    }

    /// The names the file declares as its public API (Python's `__all__`); by default none.
    fn exports(&self, _root: Node<'_>, _source: &str) -> Option<Vec<String>> {
        None
    }

    /// Names used through modules imported whole (`ParsedFile::module_uses`); by default none.
    fn module_uses(&self, _root: Node<'_>, _source: &str) -> Vec<(String, String)> {
        Vec::new()
    }

    /// Names used unqualified that the file's own package may declare elsewhere
    /// (`ParsedFile::package_uses`); `symbols` are the file's own. By default none.
    fn package_uses(&self, _root: Node<'_>, _source: &str, _symbols: &[Symbol]) -> Vec<String> {
        Vec::new()
    }

    /// Names exported under another name (`ParsedFile::export_aliases`); by default none.
    /// `symbols` are the file's own, settled.
    fn export_aliases(
        &self,
        _root: Node<'_>,
        _source: &str,
        _symbols: &[Symbol],
    ) -> Vec<(String, String)> {
        Vec::new()
    }

    /// Names export clauses export (`ParsedFile::clause_exports`); by default none.
    fn clause_exports(&self, _root: Node<'_>, _source: &str) -> Vec<(String, String)> {
        Vec::new()
    }

    /// How many test cases the file declares by calling a test function (JavaScript's
    /// `it(…)` and `test(…)`, at any depth), and how many of those are skipped (`it.skip`,
    /// `test.todo`, `xit`); `None` where tests are functions (`crate::test_functions`).
    fn test_cases(&self, _root: Node<'_>, _source: &str) -> Option<(u32, u32)> {
        None
    }

    /// The test blocks at the file's top level (`ParsedFile::test_blocks`); by default none.
    fn test_blocks(&self, _root: Node<'_>, _source: &str) -> Option<Box<TestBlocks>> {
        None
    }

    /// The last word on the file's symbols, once all are built, with the whole file at hand:
    /// what a rule needs to read once per file rather than once per definition. By default
    /// nothing changes.
    fn settle_symbols(&self, _root: Node<'_>, _source: &str, _symbols: &mut Vec<Symbol>) {}

    /// Last changes to the imports once every one is found (PHP's `use` lines that code only
    /// writes as a namespace prefix).
    fn settle_imports(&self, _root: Node<'_>, _source: &str, _imports: &mut Vec<Import>) {}

    /// Names the file mentions that may be types (`ParsedFile::type_uses`); by default none.
    fn type_uses(&self, _root: Node<'_>, _source: &str) -> Vec<String> {
        Vec::new()
    }

    /// The line of the guard that makes the file a script (Python's `if __name__ ==
    /// "__main__":`, `ParsedFile::script_guard`); by default none.
    fn script_guard(&self, _root: Node<'_>, _source: &str) -> Option<u32> {
        None
    }

    /// The line where a script without that guard reads its command line at the top level
    /// (`ParsedFile::script_body`); by default none.
    fn script_body(&self, _root: Node<'_>, _source: &str) -> Option<u32> {
        None
    }

    /// The HTTP routes the file registers (`ParsedFile::routes`, found by `crate::routes`);
    /// `imports` are the file's own, which tell a server's code from a client's. By default
    /// none.
    fn routes(&self, _root: Node<'_>, _source: &str, _imports: &[Import]) -> Vec<Route> {
        Vec::new()
    }

    /// The file's build constraint (Go's `//go:build`); by default none.
    fn build_constraint(&self, _source: &str) -> Option<Box<BuildConstraint>> {
        None
    }

    /// The package the file declares (Go's `package x`); by default none.
    /// The node kinds of calls, each with an `arguments` field: the text before it is what
    /// is called (`crate::calls`). None: the language's calls are not followed.
    fn call_kinds(&self) -> &'static [&'static str] {
        &[]
    }

    /// Whether a call on `receiver` inside `caller` is a call on the caller's own object or
    /// type (`self.parse()`, `this.parse()`, `Self::new()`, `$this->parse()`).
    fn is_own_receiver(&self, receiver: &str, _caller: &Symbol) -> bool {
        matches!(
            receiver,
            "self" | "Self" | "this" | "$this" | "static" | "cls"
        )
    }

    fn package(&self, _root: Node<'_>, _source: &str) -> Option<String> {
        None
    }

    /// The file's own doc comment; by default its leading comment block.
    fn file_doc(&self, file: &FileContext<'_, '_>) -> Option<String> {
        file.leading_comment_doc()
    }
}

/// Says at the end of the doc of the symbol `name` defined on the 1-based `lines` that it is
/// deprecated, as Go and JSDoc write it (`Deprecated: use try_close`), where the pages look
/// for it: Rust's `#[deprecated]`, Java's `@Deprecated`, C#'s `[Obsolete]`, Python's
/// `@deprecated`. A doc that already says so (Javadoc's `@deprecated` tag) is left alone.
pub(crate) fn mark_deprecated(
    symbols: &mut [Symbol],
    name: &str,
    lines: std::ops::RangeInclusive<usize>,
    note: Option<&str>,
) {
    let Some(symbol) = symbols
        .iter_mut()
        .find(|symbol| symbol.name.as_str() == name && lines.contains(&(symbol.line as usize)))
    else {
        return;
    };
    let said_already = symbol.doc.as_deref().is_some_and(|doc| {
        doc.lines().any(|line| {
            let line = line.trim_start();
            line.starts_with("@deprecated") || line.starts_with("Deprecated")
        })
    });
    if said_already {
        return;
    }
    let said = match note.map(str::trim).filter(|note| !note.is_empty()) {
        Some(note) => format!("Deprecated: {note}"),
        None => "Deprecated.".to_string(),
    };
    symbol.doc = Some(match symbol.doc.take() {
        Some(doc) => format!("{doc}\n\n{said}").into(),
        None => said.into(),
    });
}

/// Adds an import unless its specifier is empty.
pub(crate) fn push_import(imports: &mut Vec<Import>, raw: &str) {
    let raw = raw.trim();
    if !raw.is_empty() {
        imports.push(Import::new(raw));
    }
}

/// The `name` of the first node under `root` of one of `kinds`, white space removed: a C#
/// or PHP file's namespace (`namespace_declaration`, `namespace_definition`).
pub(crate) fn first_name_of(root: Node<'_>, source: &str, kinds: &[&str]) -> Option<String> {
    let mut found = None;
    walk_preorder(root, |node| {
        if found.is_some() {
            return false;
        }
        if kinds.contains(&node.kind()) {
            found = node.child_by_field_name("name").map(|name| {
                crate::text::node_text(name, source)
                    .split_whitespace()
                    .collect()
            });
            return false;
        }
        true
    });
    found
}

/// Visits every node under `root` (itself included) in document order, with a cursor and no
/// recursion; `visit` returns whether to go into the node's children.
pub(crate) fn walk_preorder<'tree>(root: Node<'tree>, mut visit: impl FnMut(Node<'tree>) -> bool) {
    let mut cursor = root.walk();
    let mut descend = true;
    loop {
        if descend && visit(cursor.node()) && cursor.goto_first_child() {
            continue;
        }
        if cursor.goto_next_sibling() {
            descend = true;
            continue;
        }
        if !cursor.goto_parent() {
            break;
        }
        descend = false;
    }
}

/// Visibility from access modifiers written as words (`public`, `protected`, `private`).
pub(crate) fn visibility_from_modifiers(words: &str) -> Option<Visibility> {
    let mut found = None;
    for word in words.split(|c: char| !c.is_ascii_alphanumeric() && c != '_') {
        match word {
            "public" => return Some(Visibility::Public),
            "protected" => found = Some(Visibility::Protected),
            "private" if found.is_none() => found = Some(Visibility::Private),
            _ => {}
        }
    }
    found
}

/// The first named child of `node` whose kind is one of `kinds`.
pub(crate) fn child_of_kind<'tree>(node: Node<'tree>, kinds: &[&str]) -> Option<Node<'tree>> {
    let mut cursor = node.walk();
    let found = node
        .named_children(&mut cursor)
        .find(|child| kinds.contains(&child.kind()));
    found
}
