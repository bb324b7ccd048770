//! The calls each function and method of a file makes (`ParsedFile::calls`): the name called
//! and the one plain name it was called on, read from the text before the call's arguments
//! (`self.parse_args` of `self.parse_args(argv)`), so one rule serves every grammar.

use crate::languages::LanguageSupport;
use cartograph_core::{Calls, CallsBuilder, Language, Receiver, Symbol, SymbolKind};
use std::collections::HashMap;
use tree_sitter::Node;

/// More calls than this in one file (generated tables of calls) are not kept: a page follows
/// calls of hand-written code.
const MAX_CALLS: usize = 20_000;

/// The call nodes of a file the extractor's walk found (outside decorators and attributes,
/// which run where a definition is made, not when it is called), each with the function-like
/// nodes around it, outermost first: their first lines and whether each is passed as an
/// argument.
#[derive(Default)]
pub(crate) struct FoundCalls<'tree> {
    nodes: Vec<(Node<'tree>, std::ops::Range<usize>)>,
    scopes: Vec<(u32, bool)>,
}

impl<'tree> FoundCalls<'tree> {
    pub(crate) fn push(&mut self, node: Node<'tree>, scopes: impl Iterator<Item = (u32, bool)>) {
        let start = self.scopes.len();
        self.scopes.extend(scopes);
        self.nodes.push((node, start..self.scopes.len()));
    }
}

/// Node kinds of argument lists: a closure in one is passed to the call (a callback).
pub(crate) fn is_argument(kind: &str) -> bool {
    matches!(
        kind,
        "arguments" | "argument_list" | "argument" | "keyword_argument"
    )
}

/// The calls of `found`, each under the innermost function or method holding it.
pub(crate) fn collect(
    language: Language,
    support: &dyn LanguageSupport,
    found: &FoundCalls<'_>,
    source: &str,
    symbols: &[Symbol],
) -> Calls {
    if found.nodes.is_empty() {
        return Calls::default();
    }
    let callers = CallerLines::new(symbols);
    if callers.is_empty() {
        return Calls::default();
    }
    let mut builder = CallsBuilder::default();
    let lines = LineStarts::of(source);
    // Per caller and variable, the type its body makes it from (`server = Server(config)`).
    let mut made: HashMap<(usize, &str), Option<&str>> = HashMap::new();
    // Per caller and receiver name, whether its body declares the name again.
    let mut shadowed: HashMap<(usize, &str), bool> = HashMap::new();
    // Per name, the type the whole file declares it with, when it declares one.
    let mut fields: HashMap<&str, Option<&str>> = HashMap::new();
    for (node, scopes) in found.nodes.iter().take(MAX_CALLS) {
        let line = node.start_position().row as u32 + 1;
        let Some(caller) = callers.at(line) else {
            continue;
        };
        let scopes = found.scopes.get(scopes.clone()).unwrap_or_default();
        let deferred = symbols
            .get(caller)
            .is_some_and(|symbol| in_stored_closure(scopes, symbol));
        let Some(arguments) = node.child_by_field_name("arguments") else {
            continue;
        };
        // Type arguments a grammar parses apart (Go's `toNumberE[int](i)`) are not the name's.
        let callee_end = node
            .child_by_field_name("type_arguments")
            .map_or(arguments.start_byte(), |arguments| arguments.start_byte());
        let callee = source.get(node.start_byte()..callee_end).unwrap_or("");
        let mut split = split_callee(callee).or_else(|| constructed_receiver(callee));
        if split.is_none() && language == Language::Go {
            match go_chained_receiver(callee) {
                Some(Chained::Value(receiver, name)) => split = Some((Some(receiver), name)),
                // Said by the called name, which no body declares: no type to look up here.
                Some(Chained::Returned(called, name)) => {
                    builder.push(
                        caller,
                        line,
                        name,
                        Receiver::Named(&format!("{called}()")),
                        argument_count(arguments),
                        deferred,
                    );
                    continue;
                }
                None => {}
            }
        }
        let Some((receiver, name)) = split else {
            continue;
        };
        let receiver = match receiver {
            None => Receiver::Bare,
            // The receiver, unless the body declares the name again (afero's `for _, f :=
            // range …` inside `func (f *File) Readdirnames`).
            Some(word)
                if symbols.get(caller).is_some_and(|symbol| {
                    support.is_own_receiver(word, symbol)
                        && !*shadowed.entry((caller, word)).or_insert_with(|| {
                            redeclared(lines.text(source, symbol.line, symbol.end_line), word)
                        })
                }) =>
            {
                Receiver::Own
            }
            Some(word) => {
                // A variable made from a type stands for the type: its methods are called. A
                // name the caller's text does not declare may be a field the file declares
                // with its type (commons-cli's `protected CommandLine cmd;`).
                let kind = *made.entry((caller, word)).or_insert_with(|| {
                    symbols
                        .get(caller)
                        .and_then(|symbol| {
                            type_of(lines.text(source, symbol.line, symbol.end_line), word)
                        })
                        .or_else(|| {
                            if !declares_fields_by_type(language) {
                                return None;
                            }
                            *fields.entry(word).or_insert_with(|| type_of(source, word))
                        })
                });
                Receiver::Named(kind.unwrap_or(word))
            }
        };
        builder.push(
            caller,
            line,
            name,
            receiver,
            argument_count(arguments),
            deferred,
        );
    }
    builder.build()
}

/// How many arguments a call's argument list passes; `None` when a spread (`*args`, `...xs`,
/// Go's `xs...`) makes it unknown.
fn argument_count(arguments: Node<'_>) -> Option<usize> {
    let mut cursor = arguments.walk();
    let mut count = 0;
    for argument in arguments.named_children(&mut cursor) {
        if argument.is_extra() {
            continue;
        }
        let kind = argument.kind();
        if kind.contains("splat") || kind.contains("spread") || kind == "variadic_argument" {
            return None;
        }
        count += 1;
    }
    Some(count)
}

/// Whether a call sits in a closure or nested function inside `caller` that `caller` does not
/// run where it writes it: one it stores or returns (echo's `e.pool.New = func() … {
/// return e.NewContext(nil, nil) }`), or a nested `def`. A closure passed as an argument is a
/// callback, most often run by the call it is passed to (`items.map(x => parse(x))`), and
/// counts as the caller's. `scopes` are the function-like nodes around the call, outermost
/// first, with whether each is passed as an argument; the outermost of those inside the
/// caller's lines is the caller's own.
fn in_stored_closure(scopes: &[(u32, bool)], caller: &Symbol) -> bool {
    let mut inside = scopes.iter().filter(|(start, _)| *start >= caller.line);
    // The caller's own node.
    inside.next();
    inside.any(|(_, passed)| !passed)
}

/// Where each line of a text starts, to read a definition's lines.
struct LineStarts(Vec<usize>);

impl LineStarts {
    fn of(source: &str) -> LineStarts {
        let mut starts = vec![0];
        starts.extend(source.match_indices('\n').map(|(at, _)| at + 1));
        LineStarts(starts)
    }

    /// Lines `first..=last` (1-based) of `source`.
    fn text<'s>(&self, source: &'s str, first: u32, last: u32) -> &'s str {
        let start = self.0.get(first.saturating_sub(1) as usize).copied();
        let end = self.0.get(last as usize).copied().unwrap_or(source.len());
        start
            .and_then(|start| source.get(start..end.max(start)))
            .unwrap_or("")
    }
}

/// Whether `body` declares `word` with Go's `:=` (`f := …`, `for _, f := range …`, `a, f :=
/// …`): a name that then stands for another value in part of the body.
fn redeclared(body: &str, word: &str) -> bool {
    let is_word_char = |c: char| c.is_alphanumeric() || c == '_';
    body.match_indices(word).any(|(at, _)| {
        let before = &body[..at];
        let after = &body[at + word.len()..];
        if before.ends_with(is_word_char) || after.starts_with(is_word_char) {
            return false;
        }
        // Up to the `:=` on its line, only more names and commas.
        let line = after.split('\n').next().unwrap_or("");
        line.split_once(":=").is_some_and(|(names, _)| {
            names
                .chars()
                .all(|c| is_word_char(c) || c == ',' || c.is_whitespace())
        })
    })
}

/// The type a body makes the variable `word` from, by the words that make it in most
/// languages: `server = Server(config)`, `s := &Server{…}`, `let s = Server::new(…)`, `var s
/// = new Server(…)`, `$s = new Server(…)`, or a declared type (`Server s = …`, `s: Server =
/// …`, `var s *Server`). `None` when the body makes it from none, or from two types.
fn type_of<'b>(body: &'b str, word: &str) -> Option<&'b str> {
    if word.is_empty() || word.starts_with(|c: char| c.is_uppercase()) {
        return None;
    }
    let is_word_char = |c: char| c.is_alphanumeric() || c == '_' || c == '$';
    let mut found: Option<&str> = None;
    for (at, _) in body.match_indices(word) {
        let before = &body[..at];
        let after = &body[at + word.len()..];
        if before.ends_with(is_word_char) || after.starts_with(is_word_char) {
            continue;
        }
        let Some(kind) = assigned_type(before, after) else {
            continue;
        };
        match found {
            Some(known) if known != kind => return None,
            _ => found = Some(kind),
        }
    }
    found
}

/// The type the text around one mention of a variable gives it (see [`type_of`]).
fn assigned_type<'b>(before: &'b str, after: &'b str) -> Option<&'b str> {
    let is_type = |word: &str| {
        word.chars().next().is_some_and(|c| c.is_uppercase())
            && word.chars().all(|c| c.is_alphanumeric() || c == '_')
    };
    let first_word = |text: &'b str| -> &'b str {
        let text = text.trim_start().trim_start_matches(['&', '*']);
        let end = text
            .find(|c: char| !(c.is_alphanumeric() || c == '_'))
            .unwrap_or(text.len());
        &text[..end]
    };
    let line_before = before.rsplit('\n').next().unwrap_or(before);
    let rest = after.trim_start_matches([' ', '\t']);
    // Go's `var s *Server`.
    if line_before.trim_end().ends_with("var") && !rest.starts_with(['=', ':']) {
        let kind = first_word(rest);
        return is_type(kind).then_some(kind);
    }
    // A declared type: `s: Server = …`, `let s: Server`.
    if let Some(declared) = rest.strip_prefix(':').filter(|rest| !rest.starts_with('=')) {
        let kind = first_word(declared);
        return is_type(kind).then_some(kind);
    }
    // The first of several names a Go statement assigns (`d, err := NewDecoder(…)`) takes
    // the first value of the call: the names before the `:=` are plain names and commas. A
    // later name (`err`) takes another value.
    if line_before.trim_end().ends_with(',') {
        return None;
    }
    let rest = match rest.strip_prefix(',') {
        Some(names) if line_before.trim().is_empty() => {
            let line = names.split('\n').next().unwrap_or("");
            match line.split_once(":=") {
                Some((more, _))
                    if more
                        .chars()
                        .all(|c| c.is_alphanumeric() || c == '_' || c == ',' || c == ' ') =>
                {
                    &names[more.len()..]
                }
                _ => rest,
            }
        }
        _ => rest,
    };
    // A Java or C# parameter or field declared with its type: `TableDefinition table)`,
    // `protected CommandLine cmd;`.
    if rest.starts_with([',', ')', ';']) {
        let previous = line_before
            .trim_end()
            .rsplit([' ', '\t', '('])
            .next()
            .unwrap_or("");
        let previous = previous.split('<').next().unwrap_or(previous);
        return is_type(previous).then_some(previous);
    }
    let value = rest.strip_prefix(":=").or_else(|| {
        rest.strip_prefix('=')
            .filter(|value| !value.starts_with('='))
    })?;
    // A Java or C# type before the name: `Server server = …`.
    let previous = line_before
        .trim_end()
        .rsplit([' ', '\t', '('])
        .next()
        .unwrap_or("");
    if is_type(previous) {
        return Some(previous);
    }
    let value = value.trim_start();
    let value = value
        .strip_prefix("new ")
        .or_else(|| value.strip_prefix('&'))
        .unwrap_or(value)
        .trim_start();
    let end = value
        .find(|c: char| !(c.is_alphanumeric() || c == '_'))
        .unwrap_or(value.len());
    let (kind, next) = value.split_at(end);
    let next = next.trim_start();
    let constructs = next.starts_with(['(', '{'])
        || ["::new", "::default", "::with_", "::from", "::builder"]
            .iter()
            .any(|constructor| next.starts_with(constructor));
    (is_type(kind) && constructs).then_some(kind)
}

/// For each line, the innermost function or method whose span holds it.
struct CallerLines {
    first: u32,
    innermost: Vec<Option<u32>>,
}

impl CallerLines {
    fn new(symbols: &[Symbol]) -> CallerLines {
        let mut functions: Vec<(usize, &Symbol)> = symbols
            .iter()
            .enumerate()
            // A Rust procedural macro is a function (`mark_procedural_macros`).
            .filter(|(_, symbol)| {
                matches!(
                    symbol.kind,
                    SymbolKind::Function | SymbolKind::Method | SymbolKind::Macro
                )
            })
            .filter(|(_, symbol)| symbol.end_line >= symbol.line && symbol.line > 0)
            .collect();
        let (Some(first), Some(last)) = (
            functions.iter().map(|(_, symbol)| symbol.line).min(),
            functions.iter().map(|(_, symbol)| symbol.end_line).max(),
        ) else {
            return CallerLines {
                first: 0,
                innermost: Vec::new(),
            };
        };
        // Widest first, so that each nested definition paints over the one around it.
        functions
            .sort_by_key(|(at, symbol)| (std::cmp::Reverse(symbol.end_line - symbol.line), *at));
        let mut innermost = vec![None; (last - first + 1) as usize];
        for (at, symbol) in functions {
            let Ok(at) = u32::try_from(at) else { continue };
            for line in symbol.line..=symbol.end_line {
                if let Some(slot) = innermost.get_mut((line - first) as usize) {
                    *slot = Some(at);
                }
            }
        }
        CallerLines { first, innermost }
    }

    fn is_empty(&self) -> bool {
        self.innermost.is_empty()
    }

    fn at(&self, line: u32) -> Option<usize> {
        let offset = line.checked_sub(self.first)?;
        self.innermost
            .get(offset as usize)
            .copied()
            .flatten()
            .map(|at| at as usize)
    }
}

/// Languages that declare a field with its type before its name (`CommandLine cmd;`), so
/// that a method's call on a field finds the field's type in the file.
fn declares_fields_by_type(language: Language) -> bool {
    matches!(language, Language::Java | Language::CSharp | Language::Cpp)
}

/// `(Some("DotEnv"), "dict")` for a call on an object made where it is called: Python's
/// `DotEnv(path).dict`, Java's `new TypeHandler(map).getConverter`. The type is the one
/// capitalized name before the arguments; `None` for anything else (`load(x).dict`).
fn constructed_receiver(text: &str) -> Option<(Option<&str>, &str)> {
    let text = text.trim();
    let (at, separator) = [".", "->", "::"]
        .iter()
        .filter_map(|separator| text.rfind(separator).map(|at| (at, *separator)))
        .max_by_key(|&(at, _)| at)?;
    let name = text.get(at + separator.len()..)?;
    let before = text.get(..at)?.trim_end().strip_suffix(')')?;
    let made = before.get(..argument_list_start(before)?)?.trim_end();
    let made = made.strip_prefix("new ").unwrap_or(made).trim();
    let is_type = made.starts_with(|c: char| c.is_uppercase()) && is_word(made);
    (is_type && is_word(name)).then_some((Some(made), name))
}

/// Where the argument list of the call `text` ends with opens, its closing parenthesis taken
/// off (`NewV6(x, y(` → the `(` after `NewV6`); `None` when the parentheses do not balance.
fn argument_list_start(text: &str) -> Option<usize> {
    let mut depth = 0usize;
    for (at, c) in text.char_indices().rev() {
        match c {
            ')' => depth += 1,
            '(' if depth == 0 => return Some(at),
            '(' => depth -= 1,
            _ => {}
        }
    }
    None
}

/// What a Go call on something longer than a name is made on (`go_chained_receiver`).
enum Chained<'s> {
    /// A value of a name: the variable of `(&uuid).Scan` (`uuid`), or the type of the embedded
    /// field of `nu.UUID.Scan` (`UUID`: a field named as a type is one embedded, of that type).
    Value(&'s str, &'s str),
    /// What a call of this name returns: `id.Time().UnixTime`, `NewV6().String` (`Time`,
    /// `NewV6`); the graph looks up its return type.
    Returned(&'s str, &'s str),
}

/// For a Go call on something longer than a name, what it is made on, with the name called;
/// `None` for anything else (an index, a channel receive, a field of a lower-case name).
fn go_chained_receiver(text: &str) -> Option<Chained<'_>> {
    let text = text.trim();
    let (before, name) = text.rsplit_once('.')?;
    if !is_word(name) {
        return None;
    }
    let before = before.trim_end();
    // `(&uuid)`, `(*p)`.
    if let Some(inner) = before
        .strip_prefix("(&")
        .or_else(|| before.strip_prefix("(*"))
        .and_then(|inner| inner.strip_suffix(')'))
    {
        let inner = inner.trim();
        return is_word(inner).then_some(Chained::Value(inner, name));
    }
    if let Some(call) = before.strip_suffix(')') {
        // The call's name: the word before its argument list's opening parenthesis.
        let called = call.get(..argument_list_start(call)?)?.trim_end();
        let called = called.rsplit_once('.').map_or(called, |(_, last)| last);
        return is_word(called).then_some(Chained::Returned(called, name));
    }
    let (operand, field) = before.rsplit_once('.')?;
    let embedded = field.starts_with(|c: char| c.is_ascii_uppercase())
        && is_word(field)
        && operand.split('.').all(is_word);
    embedded.then_some(Chained::Value(field, name))
}

/// `(receiver, name)` of the text a call writes before its arguments: `(None, "parse")` for
/// `parse`, `(Some("self"), "parse")` for `self.parse`, `self->parse` or `Self::parse`,
/// `(Some("expand"), "derive")` for `crate::expand::derive`. Type arguments
/// (`collect::<Vec<_>>`, `foo<T>`) are left out. `None` for anything else: a call on an
/// expression (`a().b`, `self.router.match`), a closure, an index.
pub(crate) fn split_callee(text: &str) -> Option<(Option<&str>, &str)> {
    let text = without_type_arguments(text.trim());
    let text = text.strip_suffix("::").unwrap_or(text);
    let text = text.strip_suffix("?.").unwrap_or(text);
    if is_word(text) {
        return Some((None, text));
    }
    let (at, separator) = ["::", "?->", "->", "?.", "."]
        .iter()
        .filter_map(|separator| text.rfind(separator).map(|at| (at, *separator)))
        .max_by_key(|&(at, separator)| (at + separator.len(), separator.len()))?;
    let name = text.get(at + separator.len()..)?;
    // A JavaScript class's private method (`this.#processQueue()`), named with its `#`.
    let private = separator == "." && name.strip_prefix('#').is_some_and(is_word);
    if !is_word(name) && !private {
        return None;
    }
    let before = text.get(..at)?.trim_end();
    // Python's `super().unsign(…)`: the method the class's bases define.
    if before == "super()" && separator == "." {
        return Some((Some("super"), name));
    }
    let receiver = if separator == "::" {
        // A path's last module or type: `crate::expand::derive` → `expand`, and
        // `IdentifyDistinct::<u32>::new` → `IdentifyDistinct` (similar's turbofish).
        let before = without_type_arguments(before);
        let before = before.strip_suffix("::").unwrap_or(before);
        before.rsplit("::").next().unwrap_or(before)
    } else {
        before
    };
    is_word(receiver).then_some((Some(receiver), name))
}

/// `text` without the type arguments it ends with (`foo::<T>` → `foo::`, `Vec<u8>` → `Vec`).
fn without_type_arguments(text: &str) -> &str {
    if !text.ends_with('>') {
        return text;
    }
    let mut depth = 0usize;
    for (at, c) in text.char_indices().rev() {
        match c {
            '>' => depth += 1,
            '<' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return text[..at].trim_end();
                }
            }
            _ => {}
        }
    }
    text
}

fn is_word(text: &str) -> bool {
    let mut chars = text.chars();
    chars
        .next()
        .is_some_and(|c| c.is_alphabetic() || c == '_' || c == '$')
        && chars.all(|c| c.is_alphanumeric() || c == '_' || c == '$')
}

#[cfg(test)]
mod tests {
    use super::split_callee;
    use cartograph_core::{Language, Receiver};

    /// `(caller's name, called name, receiver)` of every call `parse` keeps, in order.
    fn calls(language: Language, source: &str) -> Vec<(String, String, String)> {
        let parsed = crate::parse(language, source);
        parsed
            .calls
            .iter()
            .filter(|site| !site.deferred)
            .map(|site| {
                let caller = parsed
                    .symbols
                    .get(site.caller)
                    .map(|symbol| symbol.name.to_string())
                    .unwrap_or_default();
                let receiver = match site.receiver {
                    Receiver::Bare => String::new(),
                    Receiver::Own => "own".to_string(),
                    Receiver::Named(name) => name.to_string(),
                };
                (caller, site.name.to_string(), receiver)
            })
            .collect()
    }

    fn call(caller: &str, name: &str, receiver: &str) -> (String, String, String) {
        (caller.to_string(), name.to_string(), receiver.to_string())
    }

    /// commons-cli's parsers call `cmd.addArg` on the field `protected CommandLine cmd;`,
    /// `table.caption()` on a parameter, `new TypeHandler(map).getConverter(t)` on an object
    /// made there; python-dotenv's `DotEnv(path).dict()` likewise.
    #[test]
    fn calls_on_fields_parameters_and_new_objects_know_their_type() {
        let java = "class Parser {\n    protected CommandLine cmd;\n\n    void handle(final TableDefinition table, int n) {\n        cmd.addArg(\"x\");\n        table.caption();\n        new TypeHandler(map).getConverter(t);\n        load(x).run();\n    }\n}\n";
        assert_eq!(
            calls(Language::Java, java),
            vec![
                call("handle", "addArg", "CommandLine"),
                call("handle", "caption", "TableDefinition"),
                call("handle", "getConverter", "TypeHandler"),
                call("handle", "load", ""),
            ]
        );
        let python = "def dotenv_values(path):\n    return DotEnv(path, verbose=True).dict()\n";
        assert_eq!(
            calls(Language::Python, python),
            vec![
                call("dotenv_values", "dict", "DotEnv"),
                call("dotenv_values", "DotEnv", "")
            ]
        );
    }

    /// uuid: `nu.UUID.Scan(v)` on an embedded field, `(&id).Scan(v)` on an address and
    /// `id.Time().UnixTime()` on what a method returns; an index, a lower-case field and a
    /// channel receive stay unknown.
    #[test]
    fn go_calls_on_fields_addresses_and_results_keep_what_they_are_made_on() {
        let source = "package uuid\n\nfunc F(nu *NullUUID, id UUID, m map[string]T) {\n\tnu.UUID.Scan(v)\n\t(&id).Scan(v)\n\tid.Time().UnixTime()\n\tNewV6(x, y()).String()\n\tm[k].Close()\n\tnu.inner.Close()\n\t(<-ch).Close()\n}\n";
        assert_eq!(
            calls(Language::Go, source),
            vec![
                call("F", "Scan", "UUID"),
                // The parameter's type is the graph's to read from the signature.
                call("F", "Scan", "id"),
                call("F", "UnixTime", "Time()"),
                call("F", "Time", "id"),
                // A capitalised call is taken for a type made there, as in other languages.
                call("F", "String", "NewV6"),
                call("F", "NewV6", ""),
                call("F", "y", ""),
            ]
        );
    }

    #[test]
    fn go_calls_with_type_arguments_are_calls_of_the_generic_function() {
        let source = "package cast\n\nfunc ToInt(i any) int {\n\tv, _ := toNumberE[int](i, parseInt[int])\n\treturn v\n}\n\nfunc Two(i any) int {\n\treturn table[0](i)\n}\n";
        assert_eq!(
            calls(Language::Go, source),
            vec![call("ToInt", "toNumberE", "")]
        );
    }

    #[test]
    fn go_calls_on_the_receiver_are_the_methods_own() {
        let source = "package pflag\n\nfunc (f *FlagSet) Parse(args []string) error {\n\tf.parsed = true\n\tif err := f.parseArgs(args, set); err != nil {\n\t\treturn fmt.Errorf(\"x\")\n\t}\n\treturn newError(f.name)\n}\n\nfunc (*FlagSet) Other() { helper() }\n";
        assert_eq!(
            calls(Language::Go, source),
            vec![
                call("Parse", "parseArgs", "own"),
                call("Parse", "Errorf", "fmt"),
                call("Parse", "newError", ""),
                call("Other", "helper", ""),
            ]
        );
    }

    #[test]
    fn python_calls_in_decorators_belong_to_no_body_and_paths_are_not_kept() {
        // A parameter's default is made where the `def` runs (tenacity's `retry=
        // retry_if_exception_type()`), not by each call.
        let source = "@app.route('/')\ndef index(retry=make_retry(), *, wait: W = wait_none()):\n    return render(load(x))\n\nclass A:\n    def run(self):\n        self.step()\n        os.path.join(a)\n        def inner():\n            helper()\n";
        assert_eq!(
            calls(Language::Python, source),
            vec![
                call("index", "render", ""),
                call("index", "load", ""),
                call("run", "step", "own"),
                // A nested function runs when something calls it, not where it is written.
            ]
        );
    }

    #[test]
    fn rust_paths_and_methods_name_their_last_module_or_type() {
        let source = "pub fn derive_error(input: TokenStream) -> TokenStream {\n    expand::derive(&input).unwrap_or_else(|e| e.to_compile_error()).into()\n}\nimpl Parser {\n    fn parse(&self) -> Ast {\n        let x = Self::new();\n        self.bump();\n        crate::ast::visit(x)\n    }\n}\n";
        assert_eq!(
            calls(Language::Rust, source),
            vec![
                call("derive_error", "derive", "expand"),
                call("derive_error", "to_compile_error", "e"),
                call("parse", "new", "own"),
                call("parse", "bump", "own"),
                call("parse", "visit", "ast"),
            ]
        );
    }

    /// p-queue's `start` calls `this.#processQueue()`, a private method of its class.
    #[test]
    fn javascript_private_methods_are_called_by_their_hash_name() {
        let source = "class PQueue {\n  start() {\n    this.#processQueue();\n  }\n  #processQueue() {\n    this.#next();\n  }\n  #next() {}\n}\n";
        assert_eq!(
            calls(Language::TypeScript, source),
            vec![
                call("start", "#processQueue", "own"),
                call("#processQueue", "#next", "own"),
            ]
        );
    }

    #[test]
    fn calls_in_a_stored_closure_are_not_the_callers_but_a_callbacks_are() {
        // echo's `New`: the pool's constructor runs later, if ever; `Walk`'s callback runs.
        let go = "package echo\n\nfunc New() *Echo {\n\te := &Echo{}\n\te.pool.New = func() interface{} {\n\t\treturn newContext(e)\n\t}\n\twalk(func(n int) {\n\t\tvisit(n)\n\t})\n\treturn e\n}\n";
        assert_eq!(
            calls(Language::Go, go),
            vec![call("New", "walk", ""), call("New", "visit", "")]
        );
        let js = "function parseAll(items) {\n  const later = () => forget();\n  return items.map((x) => parse(x));\n}\n";
        assert_eq!(
            calls(Language::JavaScript, js),
            vec![
                call("parseAll", "map", "items"),
                call("parseAll", "parse", "")
            ]
        );
        // They are kept as deferred: who calls `newContext` counts `New`.
        let parsed = crate::parse(Language::Go, go);
        let deferred: Vec<&str> = parsed
            .calls
            .iter()
            .filter(|site| site.deferred)
            .map(|site| site.name)
            .collect();
        assert_eq!(deferred, ["newContext"]);
    }

    #[test]
    fn a_receiver_declared_again_in_the_body_is_not_the_callers_own() {
        let go = "package tarfs\n\nfunc (f *File) Readdirnames(n int) {\n\tf.check()\n\tfor _, f := range f.list() {\n\t\tnames = append(names, f.Name())\n\t}\n}\n\nfunc (f *File) Name() string { return f.name() }\n";
        let found = calls(Language::Go, go);
        assert!(
            !found.contains(&call("Readdirnames", "Name", "own")),
            "{found:?}"
        );
        assert!(
            found.contains(&call("Readdirnames", "Name", "f")),
            "{found:?}"
        );
        assert!(found.contains(&call("Name", "name", "own")), "{found:?}");
    }

    #[test]
    fn a_variable_made_from_a_type_stands_for_the_type() {
        // uvicorn's `run`: `server = Server(config=config)`, then `server.run()`.
        let python = "def run(app):\n    config = Config(app)\n    server = Server(config=config)\n    server.run()\n    other.run()\n";
        assert_eq!(
            calls(Language::Python, python),
            vec![
                call("run", "Config", ""),
                call("run", "Server", ""),
                call("run", "run", "Server"),
                call("run", "run", "other"),
            ]
        );
        let go = "package x\n\nfunc New() *Echo {\n\te := &Echo{}\n\tvar r *Router\n\te.start()\n\tr.add()\n\treturn e\n}\n";
        assert_eq!(
            calls(Language::Go, go),
            vec![call("New", "start", "Echo"), call("New", "add", "Router")]
        );
        // mapstructure's tests: the first of two names a call assigns is its first value;
        // the second is not.
        let go = "package x\n\nfunc TestDecode(t *testing.T) {\n\td, err := NewDecoder(config)\n\td.Decode(input)\n\terr.Error()\n}\n";
        assert_eq!(
            calls(Language::Go, go),
            vec![
                call("TestDecode", "NewDecoder", ""),
                call("TestDecode", "Decode", "NewDecoder"),
                call("TestDecode", "Error", "err"),
            ]
        );
        let rust = "fn main() {\n    let mut args = Args::parse();\n    let p = Parser::new();\n    p.run(&args);\n    let q: Query = make();\n    q.ask();\n}\n";
        assert_eq!(
            calls(Language::Rust, rust),
            vec![
                call("main", "parse", "Args"),
                call("main", "new", "Parser"),
                call("main", "run", "Parser"),
                call("main", "make", ""),
                call("main", "ask", "Query"),
            ]
        );
        // Made from two types: neither.
        let twice = "def f(flag):\n    x = A()\n    if flag:\n        x = B()\n    x.go()\n";
        assert_eq!(
            calls(Language::Python, twice).last(),
            Some(&call("f", "go", "x"))
        );
    }

    #[test]
    fn php_and_javascript_calls_on_this() {
        let php = "<?php\nclass Reader {\n    public function read() {\n        $this->parse();\n        self::check();\n        Helper::make();\n        trim($x);\n    }\n}\n";
        assert_eq!(
            calls(Language::Php, php),
            vec![
                call("read", "parse", "own"),
                call("read", "check", "own"),
                call("read", "make", "Helper"),
                call("read", "trim", ""),
            ]
        );
        let js = "class Yargs {\n  parse(args) {\n    this.runValidation(args);\n    return parseArgs(args).then(x => x);\n  }\n}\nfunction factory() { return new Yargs(); }\n";
        assert_eq!(
            calls(Language::JavaScript, js),
            vec![
                call("parse", "runValidation", "own"),
                call("parse", "parseArgs", ""),
            ]
        );
    }

    #[test]
    fn callees_split_into_receiver_and_name() {
        assert_eq!(split_callee("parse"), Some((None, "parse")));
        assert_eq!(split_callee("self.parse"), Some((Some("self"), "parse")));
        assert_eq!(split_callee("$this->parse"), Some((Some("$this"), "parse")));
        assert_eq!(
            split_callee("$this?->parse"),
            Some((Some("$this"), "parse"))
        );
        assert_eq!(split_callee("Self::new"), Some((Some("Self"), "new")));
        assert_eq!(
            split_callee("crate::expand::derive"),
            Some((Some("expand"), "derive"))
        );
        assert_eq!(
            split_callee("iter.collect::<Vec<_>>"),
            Some((Some("iter"), "collect"))
        );
        assert_eq!(
            split_callee("IdentifyDistinct::<u32>::new"),
            Some((Some("IdentifyDistinct"), "new"))
        );
        assert_eq!(
            split_callee("crate::a::Map::<K, V>::with_capacity"),
            Some((Some("Map"), "with_capacity"))
        );
        assert_eq!(
            split_callee("strings.Split"),
            Some((Some("strings"), "Split"))
        );
        assert_eq!(split_callee("this.foo<T>"), Some((Some("this"), "foo")));
        assert_eq!(split_callee("a?.b"), Some((Some("a"), "b")));
        assert_eq!(split_callee("f\n    .run"), Some((Some("f"), "run")));
        assert_eq!(split_callee("self.router.match"), None);
        assert_eq!(split_callee("a().b"), None);
        assert_eq!(split_callee("(x => x)"), None);
        assert_eq!(split_callee("handlers[0]"), None);
        // The bases' method (itsdangerous's `TimedSigner.unsign` calls `Signer.unsign`).
        assert_eq!(
            split_callee("super().__init__"),
            Some((Some("super"), "__init__"))
        );
        assert_eq!(split_callee("super(A, self).__init__"), None);
    }
}
