//! The extractor shared by every code language: parses with the language's grammar, walks the
//! syntax tree once, and builds the `ParsedFile`. Language specifics come from `LanguageSupport`;
//! nothing here names a language.
//!
//! A language's query is split when it is compiled: patterns of the plain shape
//! `(kind field: (child) @capture)` (all of Rust's, most of every language's) are matched by the
//! walk on the nodes it visits anyway; only the rest go to tree-sitter's query cursor, a second
//! traversal of the whole tree (or of its root alone when every remaining pattern starts there).
//! The two together find exactly what the whole query finds (tested); the split made a cold
//! `map` of the cargo registry a fifth faster.
//!
//! The walk uses a `TreeCursor` and an explicit stack, never recursion, so deeply nested input
//! cannot overflow the stack. `Node::parent` and `Node::prev_sibling` are avoided: both scan from
//! the root, which makes them quadratic on files with thousands of top-level items.

use crate::comments::{self, CommentStyle, Trivia};
use crate::languages::{Container, Definition, FileContext, LanguageSupport};
use crate::text;
use cartograph_core::{
    BoxedStr, ContentHash, Import, ImportKind, Language, ParsedFile, Symbol, SymbolKind,
};
use std::cell::RefCell;
use std::collections::hash_map::Entry;
use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;
use std::time::{Duration, Instant};
use tree_sitter::{
    Node, ParseOptions, ParseState, Parser, Query, QueryCursor, QueryCursorOptions,
    QueryCursorState, StreamingIterator, Tree,
};

/// Larger files are not parsed (they are almost always generated or data): they get a text hash
/// and one syntax error, the mark of a file that was not parsed.
const MAX_PARSE_BYTES: usize = 8 * 1024 * 1024;

/// Parsing and querying one file together may take this long; a file that takes longer is
/// treated like one too large to parse.
const TIME_LIMIT: Duration = Duration::from_secs(2);

// Flags of node kinds, indexed by kind id.
const COMMENT: u8 = 1;
const ATTRIBUTE: u8 = 2;
const WRAPPER: u8 = 4;
const LOCAL_SCOPE: u8 = 8;
const PREAMBLE: u8 = 16;
const CALL: u8 = 32;
/// The text of a string literal, without its quotes (`string_content`, `string_fragment`).
const STRING_TEXT: u8 = 64;

/// The node kinds that hold a string literal's text in the grammars: Python's, Rust's, C's,
/// Ruby's and PHP's `string_content`, JavaScript's and Java's `string_fragment`, Go's
/// `interpreted_string_literal_content`, C#'s `string_literal_content`.
const STRING_TEXT_KINDS: &[&str] = &[
    "string_content",
    "string_fragment",
    "interpreted_string_literal_content",
    "raw_string_literal_content",
    "raw_string_content",
    "string_literal_content",
];

/// What a query capture stands for, from its name (see `languages` for the conventions).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Role {
    Name,
    Definition(DefinitionRole),
    Import(String),
    /// Captures starting with `_`, used only by predicates.
    Ignored,
    /// A capture name that follows no convention: a mistake the query test reports.
    Unknown(String),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct DefinitionRole {
    kind: SymbolKind,
    prototype: bool,
    file_module: bool,
}

const KINDS: [SymbolKind; 17] = [
    SymbolKind::Module,
    SymbolKind::Function,
    SymbolKind::Method,
    SymbolKind::Struct,
    SymbolKind::Class,
    SymbolKind::Enum,
    SymbolKind::Union,
    SymbolKind::Trait,
    SymbolKind::Interface,
    SymbolKind::Impl,
    SymbolKind::TypeAlias,
    SymbolKind::Constant,
    SymbolKind::Variable,
    SymbolKind::Macro,
    SymbolKind::Field,
    SymbolKind::Heading,
    SymbolKind::Type,
];

impl Role {
    pub(crate) fn parse(capture: &str) -> Role {
        if capture == "name" {
            return Role::Name;
        }
        if capture.starts_with('_') {
            return Role::Ignored;
        }
        if capture == "import" {
            return Role::Import(String::new());
        }
        if let Some(tag) = capture.strip_prefix("import.") {
            return Role::Import(tag.to_string());
        }
        let definition = |kind_name: &str, prototype: bool| {
            if kind_name == "file_module" {
                return Some(DefinitionRole {
                    kind: SymbolKind::Module,
                    prototype,
                    file_module: true,
                });
            }
            let kind = KINDS.into_iter().find(|kind| kind.as_str() == kind_name)?;
            Some(DefinitionRole {
                kind,
                prototype,
                file_module: false,
            })
        };
        let role = if let Some(kind_name) = capture.strip_prefix("definition.") {
            definition(kind_name, false)
        } else if let Some(kind_name) = capture.strip_prefix("prototype.") {
            definition(kind_name, true)
        } else {
            None
        };
        role.map_or_else(|| Role::Unknown(capture.to_string()), Role::Definition)
    }
}

/// A language's grammar and query, built once: building a `Query` costs milliseconds, so it is
/// built once per language and process, not per file.
pub(crate) struct Compiled {
    grammar: tree_sitter::Language,
    /// The language's query with its simple patterns disabled: what the query cursor still
    /// has to match.
    query: Query,
    roles: Vec<Role>,
    kind_flags: Vec<u8>,
    /// Patterns of the plain shape `(kind field: (child) @inner !negated) @outer`, matched by
    /// the walk on the nodes it visits anyway instead of by a second traversal.
    simple: Vec<SimplePattern>,
    /// Indices into `simple` by node kind id.
    simple_by_kind: Vec<Vec<usize>>,
    /// The grammar's scanner must only see code points below 256 (see `NarrowUtf8`).
    narrow_code_points: bool,
    /// The query still has enabled patterns.
    residual: bool,
    /// Every enabled pattern starts at the root node: the cursor need not descend to start one.
    residual_at_root: bool,
}

/// A pattern matched by the walk: a node of one kind with a child in `field` of kind `child`
/// (any named node when `None`), and no child in `negated`.
struct SimplePattern {
    pattern: usize,
    field: std::num::NonZeroU16,
    child: Option<String>,
    negated: Option<std::num::NonZeroU16>,
    /// The capture on the child: `@name` or an import.
    inner: Role,
    /// The capture on the node: a definition, or none for an import pattern.
    outer: Option<DefinitionRole>,
}

/// The node kind a pattern starts with: `(module ...` → `module`.
fn plain_start(text: &str) -> Option<&str> {
    let code = text
        .lines()
        .map(str::trim)
        .find(|line| !line.is_empty() && !line.starts_with(';'))?;
    let rest = code.strip_prefix('(')?.trim_start();
    let end = rest
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(rest.len());
    (end > 0).then(|| &rest[..end])
}

/// A pattern of the plain shape, as written.
struct PlainPattern {
    kind: String,
    field: String,
    child: String,
    inner: String,
    negated: Option<String>,
    outer: Option<String>,
}

/// Reads a pattern of the plain shape, with `;` comments and whitespace around it.
fn plain_pattern(text: &str) -> Option<PlainPattern> {
    static SHAPE: OnceLock<Option<regex::Regex>> = OnceLock::new();
    let shape = SHAPE
        .get_or_init(|| {
            regex::Regex::new(
                r"^\(\s*([a-z_]+)\s+([a-z_]+)\s*:\s*\(\s*([a-z_]+|_)\s*\)\s*@([A-Za-z_.]+)\s*(?:!([a-z_]+)\s*)?\)\s*(?:@([A-Za-z_.]+))?$",
            )
            .ok()
        })
        .as_ref()?;
    let code: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with(';'))
        .collect();
    let code = code.join(" ");
    let captures = shape.captures(&code)?;
    let group = |index: usize| captures.get(index).map(|found| found.as_str().to_string());
    Some(PlainPattern {
        kind: group(1)?,
        field: group(2)?,
        child: group(3)?,
        inner: group(4)?,
        negated: group(5),
        outer: group(6),
    })
}

impl Compiled {
    pub(crate) fn new(support: &dyn LanguageSupport) -> Result<Compiled, tree_sitter::QueryError> {
        let grammar = support.grammar();
        let query = Query::new(&grammar, support.query())?;
        let roles = query
            .capture_names()
            .iter()
            .map(|name| Role::parse(name))
            .collect();
        let mut kind_flags = vec![0u8; grammar.node_kind_count()];
        for (id, flags) in kind_flags.iter_mut().enumerate() {
            let Some(kind) = u16::try_from(id)
                .ok()
                .and_then(|id| grammar.node_kind_for_id(id))
            else {
                continue;
            };
            let is_named = u16::try_from(id).is_ok_and(|id| grammar.node_kind_is_named(id));
            if is_named && kind.contains("comment") {
                *flags |= COMMENT;
            }
            if is_named && STRING_TEXT_KINDS.contains(&kind) {
                *flags |= STRING_TEXT;
            }
            for (kinds, flag) in [
                (support.attributes(), ATTRIBUTE),
                (support.wrappers(), WRAPPER),
                (support.local_scopes(), LOCAL_SCOPE),
                (support.preamble(), PREAMBLE),
                (support.call_kinds(), CALL),
            ] {
                if is_named && kinds.contains(&kind) {
                    *flags |= flag;
                }
            }
        }
        let mut query = query;
        let mut simple = Vec::new();
        let mut simple_by_kind: Vec<Vec<usize>> = vec![Vec::new(); kind_flags.len()];
        let source = support.query();
        let root_kind = {
            let mut parser = Parser::new();
            parser
                .set_language(&grammar)
                .ok()
                .and_then(|()| parser.parse("", None))
                .map(|tree| tree.root_node().kind().to_string())
        };
        let mut residual = false;
        let mut residual_at_root = true;
        for pattern in 0..query.pattern_count() {
            let start = query.start_byte_for_pattern(pattern);
            let end = if pattern + 1 < query.pattern_count() {
                query.start_byte_for_pattern(pattern + 1)
            } else {
                source.len()
            };
            let text = source.get(start..end).unwrap_or_default();
            let compiled = plain_pattern(text).and_then(|plain| {
                let PlainPattern {
                    kind,
                    field,
                    child,
                    inner,
                    negated,
                    outer,
                } = plain;
                let field = grammar.field_id_for_name(&field)?;
                let negated = match negated {
                    Some(name) => Some(grammar.field_id_for_name(&name)?),
                    None => None,
                };
                let inner = Role::parse(&inner);
                let outer = match outer.map(|outer| Role::parse(&outer)) {
                    Some(Role::Definition(role)) if inner == Role::Name => Some(role),
                    None if matches!(inner, Role::Import(_)) => None,
                    _ => return None,
                };
                let kinds: Vec<usize> = (0..kind_flags.len())
                    .filter(|&id| {
                        u16::try_from(id).is_ok_and(|id| {
                            grammar.node_kind_is_named(id)
                                && grammar.node_kind_for_id(id) == Some(kind.as_str())
                        })
                    })
                    .collect();
                (!kinds.is_empty()).then(|| {
                    let pattern = SimplePattern {
                        pattern,
                        field,
                        child: (child != "_").then_some(child),
                        negated,
                        inner,
                        outer,
                    };
                    (kinds, pattern)
                })
            });
            match compiled {
                Some((kinds, matcher)) => {
                    for kind in kinds {
                        if let Some(patterns) = simple_by_kind.get_mut(kind) {
                            patterns.push(simple.len());
                        }
                    }
                    simple.push(matcher);
                    query.disable_pattern(pattern);
                }
                None => {
                    residual = true;
                    let starts_at_root = root_kind
                        .as_deref()
                        .is_some_and(|root| plain_start(text).is_some_and(|kind| kind == root));
                    residual_at_root &= starts_at_root;
                }
            }
        }
        Ok(Compiled {
            grammar,
            query,
            roles,
            kind_flags,
            simple,
            simple_by_kind,
            narrow_code_points: support.narrow_code_points(),
            residual,
            residual_at_root,
        })
    }

    #[cfg(test)]
    pub(crate) fn roles(&self) -> &[Role] {
        &self.roles
    }

    fn flags(&self, node: Node<'_>) -> u8 {
        self.kind_flags
            .get(usize::from(node.kind_id()))
            .copied()
            .unwrap_or(0)
    }
}

/// The compiled query of `language`, built on first use; `None` if it does not compile (a test
/// guarantees that every query does).
fn compiled(language: Language, support: &dyn LanguageSupport) -> Option<&'static Compiled> {
    static TABLE: [OnceLock<Option<Compiled>>; Language::ALL.len()] =
        [const { OnceLock::new() }; Language::ALL.len()];
    let index = Language::ALL.iter().position(|known| *known == language)?;
    TABLE
        .get(index)?
        .get_or_init(|| Compiled::new(support).ok())
        .as_ref()
}

thread_local! {
    /// One parser per language and thread, reused from file to file.
    static PARSERS: RefCell<Vec<(Language, Parser)>> = const { RefCell::new(Vec::new()) };
}

/// Lets go of the calling thread's parsers, each of which keeps the largest stacks a file has
/// needed; the thread's next parse makes new ones. For a command whose parsing is over (`docs`
/// once its map phase is), on every thread that parsed.
pub fn release_parsers() {
    PARSERS.with_borrow_mut(|parsers| *parsers = Vec::new());
}

fn parse_tree(
    language: Language,
    compiled: &Compiled,
    source: &str,
    deadline: Instant,
) -> Option<Tree> {
    let parse = |parser: &mut Parser| {
        let bytes = source.as_bytes();
        let mut past_deadline = |_: &ParseState| Instant::now() >= deadline;
        let options = ParseOptions::new().progress_callback(&mut past_deadline);
        let mut read = |offset: usize, _| bytes.get(offset..).unwrap_or_default();
        let tree = if compiled.narrow_code_points {
            parser.parse_custom_encoding::<NarrowUtf8, _, _>(&mut read, None, Some(options))
        } else {
            parser.parse_with_options(&mut read, None, Some(options))
        };
        if tree.is_none() {
            // A cancelled parse leaves state behind that the next parse would try to resume.
            parser.reset();
        }
        tree
    };
    PARSERS
        .try_with(|parsers| {
            let mut parsers = parsers.try_borrow_mut().ok()?;
            let index = match parsers.iter().position(|(known, _)| *known == language) {
                Some(index) => index,
                None => {
                    let mut parser = Parser::new();
                    parser.set_language(&compiled.grammar).ok()?;
                    parsers.push((language, parser));
                    parsers.len() - 1
                }
            };
            parse(&mut parsers.get_mut(index)?.1)
        })
        .ok()
        .flatten()
}

/// UTF-8 decoding for grammars whose external scanner passes the lookahead to `isdigit` and the
/// like, which index a 384-entry table: a code point above 255 reads far past it, and crashed the
/// process on `{` followed by U+449CE in a Bash file (tree-sitter-bash 0.25.1, `scan`'s
/// `brace_start`). Every code point above 255 is given to the parser as U+00AA, a letter, which
/// the grammar treats as it treats any other non-ASCII word character; byte offsets are the
/// file's own, since each character still consumes its own bytes.
struct NarrowUtf8;

/// What tree-sitter's own decoder returns for bytes that are not UTF-8.
const DECODE_ERROR: i32 = -1;

/// The stand-in for code points above 255.
const NARROW_STAND_IN: i32 = 0xAA;

impl tree_sitter::Decode for NarrowUtf8 {
    fn decode(bytes: &[u8]) -> (i32, u32) {
        let Some(&first) = bytes.first() else {
            return (DECODE_ERROR, 0);
        };
        let width = match first {
            0x00..=0x7F => return (i32::from(first), 1),
            0xC0..=0xDF => 2,
            0xE0..=0xEF => 3,
            0xF0..=0xF7 => 4,
            _ => return (DECODE_ERROR, 1),
        };
        let Some(Ok(text)) = bytes.get(..width).map(std::str::from_utf8) else {
            return (DECODE_ERROR, 1);
        };
        let code_point = text.chars().next().map_or(DECODE_ERROR, |c| c as i32);
        let narrowed = if code_point > 0xFF {
            NARROW_STAND_IN
        } else {
            code_point
        };
        (narrowed, width as u32)
    }
}

/// The map of a file that was not parsed (too large, too slow): no symbols, a text hash, and one
/// syntax error so that it can be told from a clean file.
fn unparsed(source: &str) -> ParsedFile {
    ParsedFile {
        syntax_errors: 1,
        semantic_hash: Some(crate::text_hash(source)),
        ..ParsedFile::default()
    }
}

pub(crate) fn parse_code(
    language: Language,
    support: &dyn LanguageSupport,
    source: &str,
) -> ParsedFile {
    parse_code_until(language, support, source, Instant::now() + TIME_LIMIT)
}

fn parse_code_until(
    language: Language,
    support: &dyn LanguageSupport,
    source: &str,
    deadline: Instant,
) -> ParsedFile {
    parse_code_until_with(language, support, source, deadline, MACRO_LEVELS)
}

/// How many levels of Rust item macros are read: a file's, the macros inside their bodies
/// (a `cfg_if!` in a `cfg_if!` branch), and so on.
const MACRO_LEVELS: u8 = 3;

/// `parse_code_until`, reading the items of Rust item macros `macro_levels` deep (0: a
/// macro's body stays tokens).
fn parse_code_until_with(
    language: Language,
    support: &dyn LanguageSupport,
    source: &str,
    deadline: Instant,
    macro_levels: u8,
) -> ParsedFile {
    let Some(compiled) = compiled(language, support) else {
        return ParsedFile {
            semantic_hash: Some(crate::text_hash(source)),
            ..ParsedFile::default()
        };
    };
    if source.len() > MAX_PARSE_BYTES {
        return unparsed(source);
    }
    let Some(tree) = parse_tree(language, compiled, source, deadline) else {
        return ParsedFile {
            timed_out: true,
            ..unparsed(source)
        };
    };
    let root = tree.root_node();
    let Some(found) = run_query(compiled, root, source, deadline) else {
        return ParsedFile {
            timed_out: true,
            ..unparsed(source)
        };
    };
    let style = support.comment_style();
    let mut walked = walk(compiled, style, root, source, found);
    let mut symbols = build_symbols(
        language,
        compiled,
        support,
        source,
        &walked.definitions,
        &walked,
    );
    support.settle_symbols(root, source, &mut symbols);
    if walked.errors > 0 && matches!(language, Language::TypeScript | Language::JavaScript) {
        crate::recover::exported_declarations(source, &mut symbols);
    }
    let mut imports = collect_imports(support, source, std::mem::take(&mut walked.import_nodes));
    support.settle_imports(root, source, &mut imports);
    // Items a Rust crate declares inside an item macro (tracing's `feature! { pub mod fmt; }`,
    // tokio's `cfg_rt! { … }`), which the grammar keeps as tokens. A body's own item macros
    // (a `cfg_if!` inside a `cfg_if!` branch) are read the same way, a level less deep.
    if language == Language::Rust && macro_levels > 0 {
        for body in crate::rust_macros::item_macro_bodies(root, source) {
            let inner = parse_code_until_with(
                language,
                support,
                &source[body.start..body.end],
                deadline,
                macro_levels - 1,
            );
            crate::rust_macros::merge(&body, inner, &mut symbols, &mut imports);
        }
        symbols.sort_by_key(|symbol| symbol.line);
        // The paths a `macro_rules!` expansion uses are the file's: its imports, not its
        // symbols (the items are made where the macro is called).
        if source.contains("macro_rules") {
            for (row, body) in crate::rust_macros::macro_rule_bodies(root, source) {
                let inner = parse_code_until_with(language, support, &body, deadline, 0);
                let shift = u32::try_from(row).unwrap_or(u32::MAX);
                imports.extend(
                    inner
                        .imports
                        .into_iter()
                        .filter(|import| {
                            !matches!(
                                import.kind,
                                ImportKind::ModDeclaration | ImportKind::InlineModule
                            )
                        })
                        .map(|mut import| {
                            import.line = import.line.saturating_add(shift);
                            import.scope = None;
                            import
                        }),
                );
            }
        }
    }
    let symbol_lines = {
        let mut lines: Vec<u32> = symbols.iter().map(|symbol| symbol.line).collect();
        lines.sort_unstable();
        lines
    };
    let file = FileContext {
        root,
        source,
        trivia: &walked.trivia,
        code_start: walked.code_start,
        symbol_lines: &symbol_lines,
    };
    let doc = support.file_doc(&file);
    let exports = support.exports(root, source);
    let package = support.package(root, source);
    let module_uses = support.module_uses(root, source);
    let package_uses = support.package_uses(root, source, &symbols);
    let type_uses = support.type_uses(root, source);
    let export_aliases = support.export_aliases(root, source, &symbols);
    let clause_exports = support.clause_exports(root, source);
    let test_blocks = support.test_blocks(root, source);
    let build_constraint = support.build_constraint(source);
    let script_guard = support.script_guard(root, source);
    let script_body = script_guard
        .is_none()
        .then(|| support.script_body(root, source))
        .flatten();
    let routes = support.routes(root, source, &imports).into_boxed_slice();
    let command_flags = crate::command_flags::collect(language, root, source).into_boxed_slice();
    let calls = crate::calls::collect(language, support, &walked.calls, source, &symbols);
    let (test_functions, disabled_tests) = support
        .test_cases(root, source)
        .unwrap_or_else(|| crate::test_functions::count(language, source, &symbols));
    let (test_macros, (doc_examples, gated_doc_examples), test_spans) =
        if language == Language::Rust {
            (
                crate::test_functions::rust_test_macros(source, &symbols),
                crate::test_functions::rust_doc_examples(source),
                crate::test_functions::rust_test_spans(source, &symbols),
            )
        } else {
            (0, (0, 0), Vec::new())
        };
    let multiplying_fixtures = match language {
        Language::Python => crate::test_functions::python_multiplying_fixtures(source, &symbols),
        Language::JavaScript | Language::TypeScript | Language::Tsx
            if crate::languages::javascript::repeats_tests(root, source) =>
        {
            vec!["*".to_string()]
        }
        _ => Vec::new(),
    };
    let macro_impls = if language == Language::Rust {
        crate::languages::rust::macro_impls(source, &symbols)
    } else {
        Vec::new()
    };
    // Rust's are its `impl Trait for Type` symbols and, here, the traits it derives; C
    // declares none.
    let bases = if language == Language::Rust {
        crate::test_functions::rust_derives(source, &symbols)
    } else if language == Language::C {
        Vec::new()
    } else {
        crate::bases::collect(root, source, &symbols)
    };

    // Docs written as ordinary comments (Go, Ruby, `//` lines) are part of the hash through the
    // extracted docs, so a doc edit changes it and an edit of any other comment does not.
    let mut stream = walked.stream;
    for text in doc
        .iter()
        .map(String::as_str)
        .chain(symbols.iter().filter_map(|symbol| symbol.doc.as_deref()))
    {
        push_token(&mut stream, EXTRACTED_DOC, 0, text.as_bytes());
    }
    ParsedFile {
        doc,
        symbols,
        imports,
        syntax_errors: walked.errors,
        semantic_hash: Some(ContentHash::of(&stream)),
        cargo: None,
        exports,
        js_manifest: None,
        go_module: None,
        composer: None,
        package,
        module_uses,
        package_uses,
        type_uses,
        export_aliases,
        clause_exports,
        test_blocks,
        build_constraint,
        script_guard,
        script_body,
        routes,
        command_flags,
        calls,
        bases,
        test_functions,
        disabled_tests,
        test_macros,
        test_spans,
        multiplying_fixtures,
        doc_examples,
        gated_doc_examples,
        macro_impls,
        path_literals: walked.path_literals,
        python_paths: Vec::new(),
        timed_out: false,
    }
}

struct FoundDefinition<'tree> {
    node: Node<'tree>,
    name: Option<Node<'tree>>,
    role: DefinitionRole,
    pattern: usize,
}

struct Found<'tree> {
    /// Per node id, the definition its lowest-numbered matching pattern makes.
    definitions: HashMap<usize, FoundDefinition<'tree>>,
    /// Kinds of the nodes in `definitions`, to skip the lookup for every other node.
    definition_kinds: HashSet<u16>,
    import_nodes: Vec<(Node<'tree>, &'static str)>,
}

/// Keeps the candidate of the lowest-numbered pattern for each node.
fn offer<'tree>(
    definitions: &mut HashMap<usize, FoundDefinition<'tree>>,
    candidate: FoundDefinition<'tree>,
) {
    match definitions.entry(candidate.node.id()) {
        Entry::Occupied(mut entry) => {
            if entry.get().pattern > candidate.pattern {
                entry.insert(candidate);
            }
        }
        Entry::Vacant(entry) => {
            entry.insert(candidate);
        }
    }
}

/// Runs the patterns the walk does not match (none for most languages); `None` when the
/// deadline passed.
fn run_query<'tree>(
    compiled: &'static Compiled,
    root: Node<'tree>,
    source: &str,
    deadline: Instant,
) -> Option<Found<'tree>> {
    let mut found = Found {
        definitions: HashMap::new(),
        definition_kinds: HashSet::new(),
        import_nodes: Vec::new(),
    };
    if !compiled.residual {
        return Some(found);
    }
    let mut cursor = QueryCursor::new();
    if compiled.residual_at_root {
        cursor.set_max_start_depth(Some(0));
    }
    let mut past_deadline = |_: &QueryCursorState| Instant::now() >= deadline;
    let options = QueryCursorOptions::new().progress_callback(&mut past_deadline);
    let mut matches =
        cursor.matches_with_options(&compiled.query, root, source.as_bytes(), options);
    while let Some(matched) = matches.next() {
        let mut definition = None;
        let mut name = None;
        for capture in matched.captures {
            match compiled.roles.get(capture.index as usize) {
                Some(Role::Definition(role)) => definition = Some((capture.node, *role)),
                Some(Role::Name) => {
                    name.get_or_insert(capture.node);
                }
                Some(Role::Import(tag)) => found.import_nodes.push((capture.node, tag.as_str())),
                _ => {}
            }
        }
        if let Some((node, role)) = definition {
            found.definition_kinds.insert(node.kind_id());
            offer(
                &mut found.definitions,
                FoundDefinition {
                    node,
                    name,
                    role,
                    pattern: matched.pattern_index,
                },
            );
        }
    }
    drop(matches);
    (Instant::now() < deadline).then_some(found)
}

/// The simple patterns matching `node`: definitions offered to `definitions`, import nodes
/// pushed to `imports`.
fn match_simple<'tree>(
    compiled: &'static Compiled,
    node: Node<'tree>,
    definitions: &mut HashMap<usize, FoundDefinition<'tree>>,
    imports: &mut Vec<(Node<'tree>, &'static str)>,
) {
    let Some(patterns) = compiled.simple_by_kind.get(usize::from(node.kind_id())) else {
        return;
    };
    for pattern in patterns
        .iter()
        .filter_map(|&index| compiled.simple.get(index))
    {
        if pattern
            .negated
            .is_some_and(|negated| node.child_by_field_id(negated.get()).is_some())
        {
            continue;
        }
        let mut cursor = node.walk();
        let mut children = node
            .children_by_field_id(pattern.field, &mut cursor)
            .filter(|child| match &pattern.child {
                Some(kind) => child.is_named() && child.kind() == kind,
                None => child.is_named(),
            });
        match (&pattern.outer, &pattern.inner) {
            (Some(role), _) => {
                if let Some(name) = children.next() {
                    offer(
                        definitions,
                        FoundDefinition {
                            node,
                            name: Some(name),
                            role: *role,
                            pattern: pattern.pattern,
                        },
                    );
                }
            }
            (None, Role::Import(tag)) => {
                imports.extend(children.map(|child| (child, tag.as_str())));
            }
            (None, _) => {}
        }
    }
}

/// Imports from the captured nodes, in document order, each node once and each import once
/// (the first line it appears on is kept).
fn collect_imports<'tree>(
    support: &dyn LanguageSupport,
    source: &str,
    mut import_nodes: Vec<(Node<'tree>, &str)>,
) -> Vec<Import> {
    import_nodes.sort_by_key(|(node, _)| node.start_byte());
    let local_scopes = support.local_scopes();
    let default_kind = support.import_kind();
    let mut seen_nodes = HashSet::new();
    let mut imports = Vec::new();
    for (node, tag) in import_nodes {
        if !seen_nodes.insert(node.id()) {
            continue;
        }
        let first = imports.len();
        support.imports(tag, node, source, &mut imports);
        if imports.len() == first {
            continue;
        }
        let line = u32::try_from(node.start_position().row + 1).unwrap_or(u32::MAX);
        // A statement inside a function body is an import made when the function runs; a
        // path in code (`ImportKind::Path`) keeps its kind wherever it appears.
        let local = inside(node, local_scopes);
        for import in &mut imports[first..] {
            if import.line == 0 {
                import.line = line;
            }
            if import.kind == ImportKind::Import {
                import.kind = default_kind;
            }
            if local && matches!(import.kind, ImportKind::Import | ImportKind::Use) {
                import.kind = ImportKind::Local;
            }
        }
    }
    let mut seen = HashSet::new();
    imports.retain(|import: &Import| {
        seen.insert((
            import.raw.clone(),
            import.kind,
            import.name.clone(),
            import.scope.clone(),
            import.path_attribute.clone(),
            // A Rust module declared under two conditions is merged by the Rust extractor.
            import.condition.clone(),
            // The same import made in several functions is a statement in each
            // (platformdirs' tests: `from platformdirs.android import _android_folder` in
            // four): counted as written.
            (import.kind == ImportKind::Local).then_some(import.line),
        ))
    });
    imports
}

/// The import tag of paths in code (Rust's `crate::a::f()`).
pub(crate) const PATH_TAG: &str = "path";

/// True when an ancestor of `node` is one of `kinds`.
fn inside(node: Node<'_>, kinds: &[&str]) -> bool {
    let mut current = node.parent();
    while let Some(ancestor) = current {
        if kinds.contains(&ancestor.kind()) && !invoked_where_written(ancestor) {
            return true;
        }
        current = ancestor.parent();
    }
    false
}

/// True for a function the file's top level calls where it writes it: a statement of the
/// file that is only that call (`(function () { … })();`), read from the walk's own stack of
/// ancestors (`frames`, the root first), as asking a node for its parent is costly.
fn invoked_at_top(function: Node<'_>, frames: &[Frame<'_>]) -> bool {
    // From the nearest ancestor out: parentheses, then the call whose callee the function is
    // (or the parentheses around it), then parentheses again, a statement, the file.
    let mut callee = function.id();
    let mut called = false;
    for frame in frames.iter().rev() {
        let node = frame.node;
        match node.kind() {
            "parenthesized_expression" => callee = node.id(),
            "call_expression" if !called => {
                if node
                    .child_by_field_name("function")
                    .is_none_or(|function| function.id() != callee)
                {
                    return false;
                }
                called = true;
                callee = node.id();
            }
            "expression_statement" => {}
            "program" => return called,
            _ => return false,
        }
    }
    false
}

/// True for a function called where it is written (JavaScript's `(function () { … }())` and
/// `(() => { … })()`, cors's test files): its body runs when the file loads, as the top level
/// does.
fn invoked_where_written(function: Node<'_>) -> bool {
    let mut callee = function;
    while let Some(parent) = callee.parent() {
        match parent.kind() {
            "parenthesized_expression" => callee = parent,
            "call_expression" => {
                return parent
                    .child_by_field_name("function")
                    .is_some_and(|called| called.id() == callee.id());
            }
            _ => return false,
        }
    }
    false
}

/// What the walk over the whole tree learned.
struct Walked<'tree> {
    /// The syntax tree without trivia, serialized for the semantic hash.
    stream: Vec<u8>,
    errors: u32,
    trivia: Vec<Trivia>,
    code_start: usize,
    /// Every definition, in document order, outer definitions before the ones they contain.
    definitions: Vec<FoundDefinition<'tree>>,
    /// Per definition: its node with wrappers, the definition enclosing it, and whether it sits
    /// inside a function body.
    placements: Vec<Placement<'tree>>,
    /// Nodes captured as imports, by the query and by the walk.
    import_nodes: Vec<(Node<'tree>, &'static str)>,
    /// The calls outside decorators and attributes, in document order, each with the
    /// function-like nodes around it (`crate::calls`).
    calls: crate::calls::FoundCalls<'tree>,
    /// String literals that may name a file (`ParsedFile::path_literals`).
    path_literals: Vec<BoxedStr>,
    /// The last string literal that may be one part of a path, where it ends and the path
    /// its run of parts makes (`PathParts`).
    path_parts: PathParts,
}

/// Path parts written as string literals one after another, joined by a path operator or
/// passed to one join: tomli's profiler reads `Path(__file__).parent.parent / "benchmark" /
/// "data.toml"`, which names `benchmark/data.toml`, and `path.join(__dirname, 'fixtures',
/// 'layout.ejs')` names `fixtures/layout.ejs`.
#[derive(Default)]
struct PathParts {
    /// Where the last part's text ends, and the parts up to it joined by `/`.
    last: Option<(usize, String)>,
}

impl PathParts {
    /// Records the string literal `text` at `start..end` of `source`; the path its run of parts
    /// makes when it continues a run of at least one part before it.
    fn push(&mut self, source: &str, (start, end): (usize, usize), text: &str) -> Option<String> {
        let is_part = !text.is_empty()
            && text.len() <= 200
            && text.bytes().all(|byte| {
                byte.is_ascii_alphanumeric() || matches!(byte, b'_' | b'-' | b'.' | b'/')
            })
            && !text.starts_with('/')
            && !text.contains("//");
        if !is_part {
            self.last = None;
            return None;
        }
        // Between two parts only quotes, spaces, and a comma or a `/` (Python's implicit
        // concatenation, `"a" "b"`, is one string).
        let continued = self.last.take().and_then(|(last_end, path)| {
            let between = source.get(last_end..start)?;
            let separated = between.contains([',', '/']);
            let only_separators = between
                .chars()
                .all(|c| matches!(c, '"' | '\'' | '`' | ',' | '/') || c.is_whitespace());
            // A file name ends a path (`'page.ejs', 'utf8'` is a path and an encoding).
            let directory = path.trim_end_matches('/');
            let is_directory = !directory
                .rsplit('/')
                .next()
                .unwrap_or_default()
                .trim_start_matches('.')
                .contains('.');
            (separated && only_separators && is_directory).then(|| format!("{directory}/{text}"))
        });
        let joined = continued.clone();
        self.last = Some((end, continued.unwrap_or_else(|| text.to_string())));
        joined
    }
}

#[derive(Clone, Copy, Default)]
struct Placement<'tree> {
    outer: Option<Node<'tree>>,
    container: Option<usize>,
    local: bool,
}

struct Frame<'tree> {
    node: Node<'tree>,
    flags: u8,
    /// End of the last child seen: the text between children is hashed when it is not blank.
    last_end: usize,
    /// Only keywords, comments and attributes came so far: a definition that comes next is
    /// wrapped by this node, if it is a wrapper.
    open: bool,
    /// This node was entered while its parent was an open wrapper.
    wrapped: bool,
    definition: Option<usize>,
}

// Markers of the hash stream. The stream holds every token with its kind, and the tree's shape
// (where each node starts and ends), but no whitespace and no comment other than doc comments.
// Python's indentation is in the shape: moving a line out of a block changes the tree and so the
// hash, while re-indenting a whole block the same way changes neither.
const ENTER: u8 = 0xFE;
const EXIT: u8 = 0xFF;
const LEAF: u8 = 0xFD;
const GAP: u8 = 0xFC;
const DOC_COMMENT: u8 = 0xFB;
const EXTRACTED_DOC: u8 = 0xFA;

fn push_token(stream: &mut Vec<u8>, marker: u8, kind: u16, text: &[u8]) {
    stream.push(marker);
    stream.extend_from_slice(&kind.to_le_bytes());
    stream.extend_from_slice(&u32::try_from(text.len()).unwrap_or(u32::MAX).to_le_bytes());
    stream.extend_from_slice(text);
}

/// Hashes text between tokens that the grammar exposes as no node, when it is not blank.
fn push_gap(stream: &mut Vec<u8>, source: &str, start: usize, end: usize) {
    if let Some(gap) = source.as_bytes().get(start..end) {
        if !gap.iter().all(u8::is_ascii_whitespace) {
            push_token(stream, GAP, 0, gap.trim_ascii());
        }
    }
}

fn is_keyword(node: Node<'_>) -> bool {
    !node.is_named() && node.kind().bytes().all(|byte| byte.is_ascii_alphabetic())
}

/// Walks the whole tree once: the semantic hash stream, trivia, errors, and every definition
/// with its placement, the query's (`found`) and the simple patterns' met on the way.
/// True when the walk is inside a Python parameter's default value.
fn in_python_default(frames: &[Frame<'_>]) -> bool {
    frames.iter().rev().any(|frame| {
        matches!(
            frame.node.kind(),
            "default_parameter" | "typed_default_parameter"
        )
    })
}

fn walk<'tree>(
    compiled: &'static Compiled,
    style: CommentStyle,
    root: Node<'tree>,
    source: &str,
    found: Found<'tree>,
) -> Walked<'tree> {
    let Found {
        definitions: mut by_node,
        definition_kinds,
        import_nodes,
    } = found;
    let mut walked = Walked {
        stream: Vec::with_capacity(source.len() + source.len() / 2),
        errors: 0,
        trivia: Vec::new(),
        code_start: source.len(),
        definitions: Vec::new(),
        placements: Vec::new(),
        import_nodes,
        calls: crate::calls::FoundCalls::default(),
        path_literals: Vec::new(),
        path_parts: PathParts::default(),
    };
    let mut simple_found: HashMap<usize, FoundDefinition<'tree>> = HashMap::new();
    let mut code_start = None;
    let mut frames: Vec<Frame<'tree>> = Vec::new();
    let mut definition_stack: Vec<usize> = Vec::new();
    let mut local_depth = 0usize;
    let mut attribute_depth = 0usize;
    let mut cursor = root.walk();

    'walk: loop {
        let node = cursor.node();
        let mut flags = compiled.flags(node);
        // A function the file's top level calls where it writes it (cors's `lib/index.js`,
        // all of it inside `(function () { … })()`) is the file's top level: what it defines
        // is what the file defines.
        if flags & LOCAL_SCOPE != 0 && local_depth == 0 && invoked_at_top(node, &frames) {
            flags &= !LOCAL_SCOPE;
        }
        let is_trivia = flags & (COMMENT | ATTRIBUTE) != 0;
        let mut wrapped = false;
        if let Some(parent) = frames.last_mut() {
            push_gap(
                &mut walked.stream,
                source,
                parent.last_end,
                node.start_byte(),
            );
            wrapped = parent.flags & WRAPPER != 0 && parent.open;
            if !is_trivia && !is_keyword(node) {
                parent.open = false;
            }
        }
        if frames.len() == 1 && code_start.is_none() && !is_trivia && flags & PREAMBLE == 0 {
            code_start = Some(node.start_byte());
        }
        if node.is_error() || node.is_missing() {
            walked.errors = walked.errors.saturating_add(1);
        }

        let mut descended = false;
        if flags & COMMENT != 0 {
            let comment = text::node_text(node, source);
            if attribute_depth == 0 {
                walked.trivia.push(trivia(node, comment, false));
            }
            if style.is_syntactic_doc(comment) {
                push_doc_comment(&mut walked.stream, comment);
            }
        } else {
            let kind = node.kind_id();
            if compiled
                .simple_by_kind
                .get(usize::from(kind))
                .is_some_and(|patterns| !patterns.is_empty())
            {
                match_simple(compiled, node, &mut simple_found, &mut walked.import_nodes);
            }
            let mut candidate = definition_kinds
                .contains(&kind)
                .then(|| by_node.remove(&node.id()))
                .flatten();
            if let Some(simple) = simple_found.remove(&node.id()) {
                if candidate
                    .as_ref()
                    .is_none_or(|found| found.pattern > simple.pattern)
                {
                    candidate = Some(simple);
                }
            }
            let definition = candidate.map(|candidate| {
                walked.definitions.push(candidate);
                walked.placements.push(Placement::default());
                walked.definitions.len() - 1
            });
            if let Some(index) = definition {
                let mut outer = node;
                let mut outer_wrapped = wrapped;
                for frame in frames.iter().rev() {
                    if !outer_wrapped {
                        break;
                    }
                    outer = frame.node;
                    outer_wrapped = frame.wrapped;
                }
                if let Some(placement) = walked.placements.get_mut(index) {
                    *placement = Placement {
                        outer: Some(outer),
                        container: definition_stack.last().copied(),
                        local: local_depth > 0,
                    };
                }
            }
            // A Python parameter's default is made once, where the `def` runs, not by each
            // call of the function (tenacity's `BaseRetrying.__init__(…, retry=
            // retry_if_exception_type(), wait=wait_none())`: module import makes them).
            if flags & CALL != 0 && attribute_depth == 0 && !in_python_default(&frames) {
                // The function-like nodes around the call, outermost first, each with whether
                // it is passed as an argument (a callback); read from the walk's own stack, as
                // a node's parent is costly to ask for.
                let scopes = frames.iter().enumerate().filter_map(|(at, frame)| {
                    let scope = frame.flags & LOCAL_SCOPE != 0
                        && frame.node.kind() != "object_creation_expression";
                    scope.then(|| {
                        let passed = at
                            .checked_sub(1)
                            .and_then(|parent| frames.get(parent))
                            .is_some_and(|parent| crate::calls::is_argument(parent.node.kind()));
                        (frame.node.start_position().row as u32 + 1, passed)
                    })
                });
                walked.calls.push(node, scopes);
            }
            if flags & ATTRIBUTE != 0 && attribute_depth == 0 {
                walked
                    .trivia
                    .push(trivia(node, text::node_text(node, source), true));
            }
            if node.child_count() == 0 {
                let leaf = source.as_bytes().get(node.byte_range()).unwrap_or_default();
                push_token(&mut walked.stream, LEAF, node.kind_id(), leaf);
                if flags & STRING_TEXT != 0 && !joined_to_a_value(&frames, leaf, source) {
                    keep_path_literal(&mut walked.path_literals, leaf);
                    let text = std::str::from_utf8(leaf).unwrap_or_default();
                    let span = (node.start_byte(), node.end_byte());
                    if let Some(path) = walked.path_parts.push(source, span, text) {
                        keep_path_literal(&mut walked.path_literals, path.as_bytes());
                    }
                }
            } else if cursor.goto_first_child() {
                push_token(&mut walked.stream, ENTER, node.kind_id(), &[]);
                frames.push(Frame {
                    node,
                    flags,
                    last_end: node.start_byte(),
                    open: true,
                    wrapped,
                    definition,
                });
                local_depth += usize::from(flags & LOCAL_SCOPE != 0);
                attribute_depth += usize::from(flags & ATTRIBUTE != 0);
                definition_stack.extend(definition);
                descended = true;
            }
        }
        if descended {
            continue 'walk;
        }

        // The node is done: move to its next sibling, closing the parents that have none left.
        let mut finished_end = node.end_byte();
        loop {
            if let Some(parent) = frames.last_mut() {
                parent.last_end = finished_end;
            }
            if cursor.goto_next_sibling() {
                continue 'walk;
            }
            if !cursor.goto_parent() {
                break 'walk;
            }
            let Some(frame) = frames.pop() else {
                break 'walk;
            };
            push_gap(
                &mut walked.stream,
                source,
                frame.last_end,
                frame.node.end_byte(),
            );
            walked.stream.push(EXIT);
            local_depth -= usize::from(frame.flags & LOCAL_SCOPE != 0);
            attribute_depth -= usize::from(frame.flags & ATTRIBUTE != 0);
            if frame.definition.is_some() {
                definition_stack.pop();
            }
            finished_end = frame.node.end_byte();
        }
    }
    walked.code_start = code_start.unwrap_or(source.len());
    walked
}

/// True when a constant's trailing `comment` is one another constant of its `group` has too,
/// and neither the constant's name nor its value has a word of it: a comment copied down the
/// group and left unchanged (tablewriter's `AlignNone Align = "none" // Center-aligned
/// text`, beside `AlignCenter`'s), which says nothing true of this one. Groups of more than 64
/// are not compared.
fn copied_trailing_comment(
    group: Node<'_>,
    constant: Node<'_>,
    comment: &str,
    trivia: &[comments::Trivia],
    source: &str,
) -> bool {
    const MAX_COMPARED: usize = 64;
    if group.named_child_count() > MAX_COMPARED {
        return false;
    }
    let mut cursor = group.walk();
    let repeated = group
        .named_children(&mut cursor)
        .filter(|other| other.id() != constant.id() && other.kind() == constant.kind())
        .any(|other| {
            comments::trailing_comment(trivia, source, other.end_byte()).as_deref() == Some(comment)
        });
    if !repeated {
        return false;
    }
    let words = |text: &str| -> Vec<String> {
        let mut words = Vec::new();
        let mut word = String::new();
        let mut previous_lower = false;
        for c in text.chars() {
            let boundary = !c.is_alphanumeric() || (c.is_uppercase() && previous_lower);
            if boundary && !word.is_empty() {
                words.push(std::mem::take(&mut word));
            }
            if c.is_alphanumeric() {
                word.extend(c.to_lowercase());
            }
            previous_lower = c.is_lowercase();
        }
        if !word.is_empty() {
            words.push(word);
        }
        words
    };
    let own = words(text::node_text(constant, source));
    !words(comment)
        .iter()
        .any(|word| word.len() >= 3 && own.contains(word))
}

/// True when the string whose text `leaf` is, with no directory in it, is the one argument of
/// a Rust `.join(…)` or `.push(…)` on a path held in a value: it names a file of wherever that
/// value leads (similar's `perf-fuzz.rs` writes `destination.join("README.md")`), not one of
/// the tree. A path from `CARGO_MANIFEST_DIR` leads to the package's root.
fn joined_to_a_value(frames: &[Frame<'_>], leaf: &[u8], source: &str) -> bool {
    if leaf.contains(&b'/') {
        return false;
    }
    let mut ancestors = frames.iter().rev().map(|frame| frame.node);
    let (Some(string), Some(arguments), Some(call)) =
        (ancestors.next(), ancestors.next(), ancestors.next())
    else {
        return false;
    };
    if string.kind() != "string_literal"
        || arguments.kind() != "arguments"
        || arguments.named_child_count() != 1
        || call.kind() != "call_expression"
    {
        return false;
    }
    let Some(function) = call
        .child_by_field_name("function")
        .filter(|function| function.kind() == "field_expression")
    else {
        return false;
    };
    let method = function
        .child_by_field_name("field")
        .map(|field| text::node_text(field, source));
    let receiver = function
        .child_by_field_name("value")
        .map_or("", |value| text::node_text(value, source));
    matches!(method, Some("join" | "push")) && !receiver.contains("CARGO_MANIFEST_DIR")
}

/// Keeps a string literal's text that may name a file, once, up to the limit.
fn keep_path_literal(kept: &mut Vec<BoxedStr>, text: &[u8]) {
    if kept.len() >= cartograph_core::MAX_PATH_LITERALS {
        return;
    }
    let Ok(text) = std::str::from_utf8(text) else {
        return;
    };
    if cartograph_core::may_name_file(text) && !kept.iter().any(|known| &**known == text) {
        kept.push(BoxedStr::from(text));
    }
}

fn trivia(node: Node<'_>, text: &str, is_attribute: bool) -> Trivia {
    let trimmed = text.trim_end();
    let trailing_newlines = text[trimmed.len()..]
        .bytes()
        .filter(|byte| *byte == b'\n')
        .count();
    Trivia {
        start: node.start_byte(),
        end: node.start_byte() + trimmed.len(),
        start_row: node.start_position().row,
        end_row: node.end_position().row.saturating_sub(trailing_newlines),
        is_attribute,
    }
}

/// A doc comment enters the hash line by line without surrounding whitespace, so re-indenting
/// it does not count as a change.
fn push_doc_comment(stream: &mut Vec<u8>, comment: &str) {
    for line in comment.lines() {
        push_token(stream, DOC_COMMENT, 0, line.trim().as_bytes());
    }
}

/// The first token of `node` that is not inside an attribute or a comment: where its signature
/// starts.
fn signature_start<'tree>(compiled: &Compiled, node: Node<'tree>) -> Node<'tree> {
    let mut cursor = node.walk();
    if !cursor.goto_first_child() {
        return node;
    }
    let mut depth = 1usize;
    loop {
        let current = cursor.node();
        let skip = compiled.flags(current) & (COMMENT | ATTRIBUTE) != 0;
        if !skip {
            if current.child_count() == 0 {
                return current;
            }
            if cursor.goto_first_child() {
                depth += 1;
                continue;
            }
        }
        // Next sibling, or the next sibling of the nearest ancestor that has one.
        loop {
            if cursor.goto_next_sibling() {
                break;
            }
            if depth <= 1 || !cursor.goto_parent() {
                return node;
            }
            depth -= 1;
        }
    }
}

/// The decorator that makes a Python method a property, when one does: its signature starts
/// with it (`@property def currsize(self):`), so that pages list it as a property, not a
/// method one calls (cachetools' `Cache.currsize` was among the "Methods").
fn property_decorator<'source>(outer: Node<'_>, source: &'source str) -> Option<&'source str> {
    decorators(outer, source)
        .into_iter()
        .map(str::trim)
        .find(|text| cartograph_core::is_property_decorator(text))
}

/// The texts of a Python definition's decorators, in order; none for an undecorated one.
fn decorators<'source>(outer: Node<'_>, source: &'source str) -> Vec<&'source str> {
    if outer.kind() != "decorated_definition" {
        return Vec::new();
    }
    let mut cursor = outer.walk();
    let found = outer
        .children(&mut cursor)
        .filter(|child| child.kind() == "decorator")
        .map(|decorator| text::node_text(decorator, source))
        .collect();
    found
}

/// The decorator that makes a Python function a command line's command (click's
/// `@click.command()`, `@cli.command(name="list")`, `@click.group()`, Typer's
/// `@app.command()`), shortened to its name argument when long: its signature starts with it
/// (`Symbol::command`), so that pages say `dotenv list` is a command, not a function one calls
/// with the `def`'s parameters (click replaces it with a `Command` object).
fn command_decorator(outer: Node<'_>, source: &str) -> Option<String> {
    const MAX_CHARS: usize = 80;
    let found = decorators(outer, source)
        .into_iter()
        .map(|decorator| decorator.split_whitespace().collect::<Vec<_>>().join(" "))
        .find(|text| cartograph_core::command_decorator_callee(text).is_some())?;
    if found.chars().count() <= MAX_CHARS {
        return Some(found);
    }
    let (callee, _) = cartograph_core::command_decorator_callee(&found)?;
    Some(match cartograph_core::command_decorator_name(&found) {
        Some(name) => format!("@{callee}(name=\"{name}\", …)"),
        None => format!("@{callee}(…)"),
    })
}

/// The decorator that makes a Python function a pytest fixture (`@pytest.fixture`,
/// `@pytest.fixture(autouse=True)`, `@fixture(scope="session")`), shortened when long but
/// keeping `autouse=True`: its signature starts with it, so that pages say loguru's
/// `reset_logger` wraps every test, not that one file names it.
fn fixture_decorator(outer: Node<'_>, source: &str) -> Option<String> {
    const MAX_CHARS: usize = 60;
    let found = decorators(outer, source)
        .into_iter()
        .map(|decorator| decorator.split_whitespace().collect::<Vec<_>>().join(" "))
        .find(|text| {
            ["@pytest.fixture", "@fixture"].iter().any(|head| {
                text.strip_prefix(head)
                    .is_some_and(|rest| rest.is_empty() || rest.starts_with('('))
            })
        })?;
    if found.chars().count() <= MAX_CHARS {
        return Some(found);
    }
    let head = found.split('(').next().unwrap_or(&found);
    Some(if found.contains("autouse=True") {
        format!("{head}(autouse=True, …)")
    } else {
        format!("{head}(…)")
    })
}

/// Where the signature starts: at the wrappers (`export`, Go's `type`) when they share the
/// definition's first line, else at the definition itself (not at C++'s `template <...>` line).
/// The definition's first line, up to a comment on it (`{ // eslint-disable-line ...`).
fn signature(
    compiled: &Compiled,
    node: Node<'_>,
    outer: Node<'_>,
    source: &str,
    trivia: &[Trivia],
) -> String {
    let own = signature_start(compiled, node);
    let mut start = own;
    if outer.id() != node.id() {
        let wrapped = signature_start(compiled, outer);
        if wrapped.start_position().row == own.start_position().row {
            start = wrapped;
        }
    }
    let start = start.start_byte();
    let rest = source.get(start..).unwrap_or("");
    let line_end = start + rest.find(['\n', '\r']).unwrap_or(rest.len());
    let first = trivia.partition_point(|comment| comment.start < start);
    let end = trivia[first..]
        .iter()
        .take_while(|comment| comment.start < line_end)
        .find(|comment| !comment.is_attribute)
        .map_or(line_end, |comment| comment.start);
    text::signature_at(source.get(..end).unwrap_or(source), start)
}

/// A function whose parameter list goes on past its first line (`def filter(` above one
/// parameter a line, as black writes them) is signed by the whole list on one line, comments
/// left out: `def filter(self, iterable: Iterable[T], prereleases: bool | None = None) ->
/// Iterator[T]:`; so is a type alias whose value goes on past it. `None` when the first line
/// holds the list whole, or when the joined line would be longer than a signature is kept.
fn parameters_signature(
    compiled: &Compiled,
    kind: SymbolKind,
    signature: &str,
    node: Node<'_>,
    source: &str,
    trivia: &[Trivia],
) -> Option<String> {
    // C's return type on a line of its own (walkdir's `compare/nftw.c`: `static int` above
    // `display_info(const char *fpath, …)`) starts a signature without its parameters.
    let declarator_below = !signature.contains('(')
        && node
            .child_by_field_name("declarator")
            .is_some_and(|declarator| declarator.start_position().row > node.start_position().row);
    let function = matches!(kind, SymbolKind::Function | SymbolKind::Method)
        && (signature.matches('(').count() > signature.matches(')').count() || declarator_below);
    // A type alias whose first line stops at an operator or an open bracket (cookie's
    // `export type SerializeOptions = StringifyOptions &`, pytest-mock's `MockType = (`) is
    // signed by its whole value.
    let alias =
        kind == SymbolKind::TypeAlias && signature.ends_with(['=', '&', '|', '(', '[', '<', ',']);
    if !function && !alias {
        return None;
    }
    let start = signature_start(compiled, node).start_byte();
    // What the signature holds before the definition's own first token (`export `).
    let own_line = text::signature_at(source, start);
    let wrapper = signature.strip_suffix(own_line.as_str()).unwrap_or("");
    let end = match node.child_by_field_name("body") {
        Some(body) if function => body.start_byte(),
        _ => node.end_byte(),
    };
    if end <= start {
        return None;
    }
    let joined = without_trivia(source, start, end, trivia)?;
    let mut whole = format!(
        "{wrapper}{}",
        joined.split_whitespace().collect::<Vec<_>>().join(" ")
    );
    for (loose, tight) in [
        ("( ", "("),
        (", )", ")"),
        (",)", ")"),
        (" )", ")"),
        ("[ ", "["),
        (" ]", "]"),
    ] {
        whole = whole.replace(loose, tight);
    }
    if function && source.get(end..).is_some_and(|body| body.starts_with('{')) {
        whole.push_str(" {");
    }
    let balanced = whole.matches('(').count() == whole.matches(')').count();
    (balanced && whole.chars().count() <= text::MAX_SIGNATURE_CHARS).then_some(whole)
}

/// The text of `source` from byte `start` to `end` with its comments (and Rust's attributes,
/// which are trivia too) each replaced by a space.
fn without_trivia(source: &str, start: usize, end: usize, trivia: &[Trivia]) -> Option<String> {
    let mut text = String::new();
    let mut at = start;
    let first = trivia.partition_point(|comment| comment.end <= start);
    for comment in trivia[first..]
        .iter()
        .take_while(|comment| comment.start < end)
    {
        text.push_str(source.get(at..comment.start.max(at))?);
        text.push(' ');
        at = comment.end.min(end).max(at);
    }
    text.push_str(source.get(at..end)?);
    Some(text)
}

/// A type whose first line only opens its body (`type Logger struct {`, `export type Options
/// = {`, `pub enum Level {`) says what it holds by its members on one line, comments,
/// attributes and Go's field tags left out: `type Logger struct { Out io.Writer; Hooks
/// LevelHooks; … }`. `None` for other definitions, and for a body with blocks inside (methods,
/// nested types), which one line would garble.
fn members_signature(
    language: Language,
    kind: SymbolKind,
    signature: &str,
    outer: Node<'_>,
    source: &str,
    trivia: &[Trivia],
) -> Option<String> {
    let kinds: &[SymbolKind] = match language {
        Language::Go => &[SymbolKind::Struct],
        Language::Rust | Language::C | Language::Cpp => {
            &[SymbolKind::Struct, SymbolKind::Enum, SymbolKind::Union]
        }
        Language::TypeScript | Language::Tsx => &[
            SymbolKind::Interface,
            SymbolKind::TypeAlias,
            SymbolKind::Enum,
        ],
        _ => return None,
    };
    if !kinds.contains(&kind) || !signature.ends_with('{') {
        return None;
    }
    let text = source.get(outer.start_byte()..outer.end_byte())?;
    let open = text.find('{')?;
    let close = text.rfind('}')?;
    if close <= open {
        return None;
    }
    let body_start = outer.start_byte() + open + 1;
    let body_end = outer.start_byte() + close;
    // The body without its comments (and Rust's attributes, which are trivia too).
    let body = without_trivia(source, body_start, body_end, trivia)?;
    if body.contains(['{', '}']) {
        return None;
    }
    let (separator, split_at) = if language == Language::Rust || kind == SymbolKind::Enum {
        (", ", ',')
    } else {
        ("; ", ';')
    };
    let members: Vec<String> = top_level_parts(&body, split_at)
        .into_iter()
        .map(|member| {
            let member = member.trim().trim_end_matches([',', ';']).trim();
            // Go's field tags (`json:"name"`) say how the field is encoded, not what it is.
            let member = match member.find('`') {
                Some(tag) if language == Language::Go => member[..tag].trim_end(),
                _ => member,
            };
            member.split_whitespace().collect::<Vec<_>>().join(" ")
        })
        .filter(|member| !member.is_empty() && !member.starts_with("#["))
        .collect();
    if members.is_empty() {
        return None;
    }
    let mut condensed = format!("{} ", signature);
    let mut shown = 0;
    for member in &members {
        let more = if shown == 0 { 0 } else { separator.len() };
        if condensed.len() + more + member.len() + 2 > text::MAX_SIGNATURE_CHARS {
            break;
        }
        if shown > 0 {
            condensed.push_str(separator);
        }
        condensed.push_str(member);
        shown += 1;
    }
    if shown == 0 {
        return None;
    }
    if shown < members.len() {
        condensed.push_str(separator);
        condensed.push('…');
    }
    condensed.push_str(" }");
    // What follows the braces is part of the type: ky's `KyRequest` is `{ json: … } &
    // Request`, not the object alone.
    let tail = text[close + 1..].trim().trim_end_matches(';').trim_end();
    if !tail.is_empty() {
        let tail = tail.split_whitespace().collect::<Vec<_>>().join(" ");
        if condensed.len() + 1 + tail.len() > text::MAX_SIGNATURE_CHARS {
            return None;
        }
        condensed.push(' ');
        condensed.push_str(&tail);
    }
    Some(condensed)
}

/// `body` split at line ends and at `separator`, outside brackets: Rust's `Pair(u8, u16),` is
/// one member.
fn top_level_parts(body: &str, separator: char) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut depth = 0usize;
    let mut start = 0;
    let mut previous = ' ';
    for (at, c) in body.char_indices() {
        match c {
            '(' | '[' | '<' => depth += 1,
            // An arrow (`->`, `=>`) closes nothing.
            '>' if matches!(previous, '-' | '=') => {}
            ')' | ']' | '>' => depth = depth.saturating_sub(1),
            '\n' | '\r' if depth == 0 => {
                parts.push(&body[start..at]);
                start = at + 1;
            }
            c if c == separator && depth == 0 => {
                parts.push(&body[start..at]);
                start = at + 1;
            }
            _ => {}
        }
        previous = c;
    }
    parts.push(&body[start..]);
    parts
}

fn build_symbols(
    language: Language,
    compiled: &Compiled,
    support: &dyn LanguageSupport,
    source: &str,
    found: &[FoundDefinition<'_>],
    walked: &Walked<'_>,
) -> Vec<Symbol> {
    let style = support.comment_style();
    // Per definition, what the definitions inside it see as their parent.
    let mut inner_parent: Vec<InnerParent> = vec![InnerParent::Dropped; found.len()];
    let mut symbols: Vec<Symbol> = Vec::new();
    let mut roles: Vec<DefinitionRole> = Vec::new();
    // `(name, parent)` of the symbols kept so far, when a language binds a name once.
    let mut bound: HashSet<(String, Option<String>)> = HashSet::new();
    let rebinding_is_one_symbol = support.rebinding_is_one_symbol();
    for (index, (definition, placement)) in found.iter().zip(&walked.placements).enumerate() {
        let Some(outer) = placement.outer else {
            continue;
        };
        let enclosing = match placement.container {
            None => None,
            Some(container) => match inner_parent.get(container) {
                Some(InnerParent::Symbol(symbol)) => *symbol,
                // Inside a definition that was dropped for being local: local too.
                Some(InnerParent::Dropped) | None => continue,
            },
        };
        if placement.local {
            continue;
        }
        let container = enclosing
            .and_then(|symbol| symbols.get(symbol))
            .map(|symbol: &Symbol| (symbol.kind, symbol.name.to_string()));
        let container_view = container.as_ref().map(|(kind, name)| Container {
            kind: *kind,
            name: name.as_str(),
        });
        let view = Definition {
            node: definition.node,
            outer,
            name: definition.name,
            kind: definition.role.kind,
        };
        // What is inside is dropped with it (`inner_parent` stays `Dropped`).
        if support.augments_another_module(&view, source) {
            continue;
        }
        let Some(name) = support.name(&view, source) else {
            // A declaration that defines nothing (`int x;` in C) is no parent either.
            inner_parent[index] = InnerParent::Symbol(enclosing);
            continue;
        };
        let explicit_parent = support.explicit_parent(&view, source);
        let mut kind = definition.role.kind;
        let in_method_container = container_view
            .is_some_and(|container| support.method_containers().contains(&container.kind));
        if kind == SymbolKind::Function && (explicit_parent.is_some() || in_method_container) {
            kind = SymbolKind::Method;
        }
        let doc = support
            .docstring(&view, source)
            .or_else(|| {
                comments::symbol_doc(style, &walked.trivia, source, outer.start_byte())
                    .and_then(|doc| support.polish_doc(doc))
            })
            .or_else(|| {
                // Go's `// Close codes defined in RFC 6455.` above `const (`: the doc of each
                // constant of the group that has none of its own, as `go doc` shows it; a
                // constant's own comment after it on its line comes first (uuid's `Invalid =
                // Variant(iota) // Invalid UUID` under `// Constants returned by Variant.`).
                let group = definition
                    .node
                    .parent()
                    .filter(|parent| support.doc_groups().contains(&parent.kind()))?;
                comments::trailing_comment(&walked.trivia, source, definition.node.end_byte())
                    .filter(|comment| {
                        !copied_trailing_comment(
                            group,
                            definition.node,
                            comment,
                            &walked.trivia,
                            source,
                        )
                    })
                    .or_else(|| {
                        comments::symbol_doc(style, &walked.trivia, source, group.start_byte())
                    })
                    .and_then(|doc| support.polish_doc(doc))
            });
        let visibility = doc
            .as_deref()
            .and_then(|doc| support.doc_visibility(doc))
            .or_else(|| support.visibility(&view, &name, container_view, source));
        let parent = explicit_parent.or_else(|| container.map(|(_, name)| name));
        if rebinding_is_one_symbol {
            let value = matches!(
                kind,
                SymbolKind::Constant | SymbolKind::Variable | SymbolKind::TypeAlias
            );
            // A binding for the type checker leaves the name to the one that runs (filelock's
            // `if TYPE_CHECKING: FileLock = SoftFileLock`, then `FileLock = _FileLock`).
            let key = (name.clone(), parent.clone());
            let first = if value && support.binds_for_type_checkers(&view, source) {
                !bound.contains(&key)
            } else {
                bound.insert(key)
            };
            if value && !first {
                inner_parent[index] = InnerParent::Symbol(enclosing);
                continue;
            }
        }
        let (line, end_line) = text::line_span(outer);
        let mut signature = signature(compiled, definition.node, outer, source, &walked.trivia);
        if let Some(decorator) = property_decorator(outer, source) {
            signature = format!("{decorator} {signature}");
        } else if let Some(decorator) = command_decorator(outer, source) {
            signature = format!("{decorator} {signature}");
        } else if let Some(decorator) = fixture_decorator(outer, source) {
            let whole = parameters_signature(
                compiled,
                kind,
                &signature,
                definition.node,
                source,
                &walked.trivia,
            );
            signature = format!("{decorator} {}", whole.unwrap_or(signature));
        } else if let Some(members) =
            members_signature(language, kind, &signature, outer, source, &walked.trivia)
        {
            signature = members;
        } else if let Some(whole) = parameters_signature(
            compiled,
            kind,
            &signature,
            definition.node,
            source,
            &walked.trivia,
        ) {
            signature = whole;
        }
        // Constants, variables and type aliases hold values, not definitions: what sits inside
        // them (a struct in a C `typedef`) belongs to the enclosing symbol.
        inner_parent[index] = InnerParent::Symbol(if CONTAINERS.contains(&kind) {
            Some(symbols.len())
        } else {
            enclosing
        });
        symbols.push(Symbol {
            kind,
            name: name.into(),
            line,
            end_line,
            signature: signature.into(),
            doc: doc.map(Into::into),
            visibility,
            parent: parent.map(Into::into),
        });
        roles.push(definition.role);
    }
    drop_redundant_prototypes(&mut symbols, &mut roles);
    apply_file_modules(&mut symbols, &roles, source);
    symbols
}

/// What the definitions inside a definition see as their parent.
#[derive(Debug, Clone, Copy)]
enum InnerParent {
    /// The definition was dropped as local: everything inside it is local too.
    Dropped,
    /// This symbol, or none at the top level.
    Symbol(Option<usize>),
}

/// Kinds of symbols that are the parent of the definitions inside them.
const CONTAINERS: &[SymbolKind] = &[
    SymbolKind::Module,
    SymbolKind::Class,
    SymbolKind::Struct,
    SymbolKind::Enum,
    SymbolKind::Union,
    SymbolKind::Trait,
    SymbolKind::Interface,
    SymbolKind::Impl,
    SymbolKind::Function,
    SymbolKind::Method,
    SymbolKind::Heading,
];

/// Drops declarations (`@prototype`) that a definition of the same name and parent repeats.
/// A definition without a doc takes the first declaration's: TypeScript documents an
/// overloaded function on its first overload (redux's `createStore`), not on the
/// implementation.
fn drop_redundant_prototypes(symbols: &mut Vec<Symbol>, roles: &mut Vec<DefinitionRole>) {
    if !roles.iter().any(|role| role.prototype) {
        return;
    }
    let mut declared_docs: HashMap<(String, Option<String>), BoxedStr> = HashMap::new();
    for (symbol, role) in symbols.iter().zip(roles.iter()) {
        if let (true, Some(doc)) = (role.prototype, &symbol.doc) {
            let key = (
                symbol.name.to_string(),
                symbol.parent.as_deref().map(str::to_string),
            );
            declared_docs.entry(key).or_insert_with(|| doc.clone());
        }
    }
    if !declared_docs.is_empty() {
        for (symbol, role) in symbols.iter_mut().zip(roles.iter()) {
            if role.prototype || symbol.doc.is_some() {
                continue;
            }
            let key = (
                symbol.name.to_string(),
                symbol.parent.as_deref().map(str::to_string),
            );
            if let Some(doc) = declared_docs.get(&key) {
                symbol.doc = Some(doc.clone());
            }
        }
    }
    let defined: HashSet<(&str, Option<&str>)> = symbols
        .iter()
        .zip(roles.iter())
        .filter(|(_, role)| !role.prototype)
        .map(|(symbol, _)| (symbol.name.as_str(), symbol.parent.as_deref()))
        .collect();
    let keep: Vec<bool> = symbols
        .iter()
        .zip(roles.iter())
        .map(|(symbol, role)| {
            !role.prototype || !defined.contains(&(symbol.name.as_str(), symbol.parent.as_deref()))
        })
        .collect();
    let mut keep_symbols = keep.iter();
    symbols.retain(|_| keep_symbols.next().copied().unwrap_or(true));
    let mut keep_roles = keep.iter();
    roles.retain(|_| keep_roles.next().copied().unwrap_or(true));
}

/// A namespace statement without a body (`namespace App;`) reaches until the next one or the end
/// of the file, and owns the top-level symbols in that range.
fn apply_file_modules(symbols: &mut [Symbol], roles: &[DefinitionRole], source: &str) {
    if !roles.iter().any(|role| role.file_module) {
        return;
    }
    let last_line = text::row_to_line(source.lines().count().saturating_sub(1));
    let mut current: Option<usize> = None;
    for index in 0..symbols.len() {
        if roles.get(index).is_some_and(|role| role.file_module) {
            if let Some(previous) = current {
                let end = symbols[index].line.saturating_sub(1);
                symbols[previous].end_line = end.max(symbols[previous].line);
            }
            current = Some(index);
            continue;
        }
        if let Some(module) = current {
            if symbols[index].parent.is_none() {
                symbols[index].parent = Some(symbols[module].name.clone());
            }
        }
    }
    if let Some(module) = current {
        symbols[module].end_line = last_line.max(symbols[module].line);
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn a_parse_past_its_deadline_is_marked_and_the_parser_recovers() {
        let support = crate::languages::support(Language::Rust).unwrap();
        let source = "fn f() { let x = (1 + 2) * 3; }\n".repeat(20_000);
        let late = parse_code_until(Language::Rust, support, &source, Instant::now());
        assert_eq!(late.syntax_errors, 1);
        assert!(late.symbols.is_empty());
        assert!(late.semantic_hash.is_some());
        // The cancelled parse must not leak into the next one on this thread.
        let next = parse_code(Language::Rust, support, "fn g() {}");
        assert_eq!(next.syntax_errors, 0);
        assert_eq!(next.symbols.len(), 1);
        let whole = parse_code(Language::Rust, support, &source);
        assert_eq!((whole.syntax_errors, whole.symbols.len()), (0, 20_000));
    }

    /// A thread that let go of its parsers makes new ones that parse the same.
    #[test]
    fn parsers_let_go_of_are_made_again() {
        let support = crate::languages::support(Language::Rust).unwrap();
        let source = "/// Doc.\npub fn f() { let x = (1 + 2) * 3; }\nstruct S;\n";
        let before = parse_code(Language::Rust, support, source);
        release_parsers();
        assert!(PARSERS.with_borrow(Vec::is_empty));
        assert_eq!(parse_code(Language::Rust, support, source), before);
    }

    #[test]
    fn capture_names_map_to_roles() {
        assert_eq!(Role::parse("name"), Role::Name);
        assert_eq!(Role::parse("_require"), Role::Ignored);
        assert_eq!(Role::parse("import.mod"), Role::Import("mod".to_string()));
        assert!(matches!(
            Role::parse("definition.type_alias"),
            Role::Definition(DefinitionRole {
                kind: SymbolKind::TypeAlias,
                prototype: false,
                ..
            })
        ));
        assert!(matches!(
            Role::parse("prototype.function"),
            Role::Definition(DefinitionRole {
                kind: SymbolKind::Function,
                prototype: true,
                ..
            })
        ));
        assert!(matches!(
            Role::parse("definition.file_module"),
            Role::Definition(DefinitionRole {
                kind: SymbolKind::Module,
                file_module: true,
                ..
            })
        ));
        assert!(matches!(Role::parse("definition.widget"), Role::Unknown(_)));
    }
}

#[cfg(test)]
mod fast_path_tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn files_under(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                files_under(&path, out);
            } else {
                out.push(path);
            }
        }
    }

    /// The walk's simple patterns and the residual query together find exactly what the whole
    /// query finds, on every code file of the fixtures and on nested and negated shapes.
    #[test]
    fn the_walk_and_the_residual_query_find_what_the_whole_query_finds() {
        let mut files = Vec::new();
        files_under(
            &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures"),
            &mut files,
        );
        let mut texts: Vec<(Language, String)> = files
            .iter()
            .filter_map(|path| {
                let name = path.file_name()?.to_str()?;
                let language = Language::from_file_name(name);
                let text = std::fs::read_to_string(path).ok()?;
                language.is_code().then_some((language, text))
            })
            .collect();
        texts.push((
            Language::Rust,
            "mod a;\nmod b { fn inner() {} }\nfn f() { fn local() {} struct S; }\n\
             impl<T> X for Y<T> { fn m(&self) {} }\nuse std::{io, fmt};\nextern crate z;\n"
                .into(),
        ));
        let mut checked = 0;
        for (language, text) in texts {
            let Some(support) = crate::languages::support(language) else {
                continue;
            };
            let compiled = compiled(language, support).unwrap();
            let whole = Query::new(&compiled.grammar, support.query()).unwrap();
            let mut parser = Parser::new();
            parser.set_language(&compiled.grammar).unwrap();
            let tree = parser.parse(&text, None).unwrap();
            let root = tree.root_node();

            // Reference: the whole query, lowest pattern per definition node.
            let mut expected_definitions: HashMap<usize, (usize, Option<usize>)> = HashMap::new();
            let mut expected_imports: HashSet<(usize, String)> = HashSet::new();
            let mut cursor = QueryCursor::new();
            let mut matches = cursor.matches(&whole, root, text.as_bytes());
            while let Some(matched) = matches.next() {
                let mut definition = None;
                let mut name = None;
                for capture in matched.captures {
                    match Role::parse(whole.capture_names()[capture.index as usize]) {
                        Role::Definition(_) => definition = Some(capture.node.id()),
                        Role::Name => {
                            name.get_or_insert(capture.node.id());
                        }
                        Role::Import(tag) => {
                            expected_imports.insert((capture.node.id(), tag));
                        }
                        _ => {}
                    }
                }
                if let Some(node) = definition {
                    let entry = expected_definitions
                        .entry(node)
                        .or_insert((matched.pattern_index, name));
                    if entry.0 > matched.pattern_index {
                        *entry = (matched.pattern_index, name);
                    }
                }
            }

            let found = run_query(compiled, root, &text, Instant::now() + TIME_LIMIT).unwrap();
            let walked = walk(compiled, support.comment_style(), root, &text, found);
            let definitions: HashMap<usize, (usize, Option<usize>)> = walked
                .definitions
                .iter()
                .map(|found| {
                    (
                        found.node.id(),
                        (found.pattern, found.name.map(|name| name.id())),
                    )
                })
                .collect();
            let imports: HashSet<(usize, String)> = walked
                .import_nodes
                .iter()
                .map(|(node, tag)| (node.id(), tag.to_string()))
                .collect();
            assert_eq!(definitions, expected_definitions, "{language:?}: {text}");
            assert_eq!(imports, expected_imports, "{language:?}: {text}");
            assert!(walked
                .definitions
                .windows(2)
                .all(|pair| pair[0].node.start_byte() <= pair[1].node.start_byte()));
            checked += 1;
        }
        assert!(checked >= 10, "only {checked} files checked");
        let rust = compiled(
            Language::Rust,
            crate::languages::support(Language::Rust).unwrap(),
        );
        assert!(
            !rust.unwrap().residual,
            "every Rust pattern is matched by the walk"
        );
    }

    #[test]
    fn plain_patterns_are_read_with_comments_negations_and_any_child() {
        let read = plain_pattern("; a comment\n(mod_item name: (identifier) @import.mod !body)\n")
            .unwrap();
        assert_eq!(
            (read.kind.as_str(), read.field.as_str(), read.child.as_str()),
            ("mod_item", "name", "identifier")
        );
        assert_eq!(read.inner, "import.mod");
        assert_eq!(read.negated.as_deref(), Some("body"));
        assert_eq!(read.outer, None);
        let read = plain_pattern("(impl_item type: (_) @name) @definition.impl").unwrap();
        assert_eq!(read.child, "_");
        assert_eq!(read.outer.as_deref(), Some("definition.impl"));
        for complex in [
            "(class_body (method_definition name: (_) @name) @definition.method)",
            "(call method: (identifier) @_require (#eq? @_require \"require\"))",
            "(struct_specifier name: (type_identifier) @name body: (_)) @definition.struct",
        ] {
            assert!(plain_pattern(complex).is_none(), "{complex}");
        }
        assert_eq!(
            plain_start("; x\n(module\n  (expression_statement))"),
            Some("module")
        );
    }
}
