//! A method's call shape for a type's "Methods:" line: its name, the parameters a caller
//! passes and what it returns, cut from the definition's first line (`WithField(key string,
//! value any) *Entry` for logrus's `func (logger *Logger) WithField(key string, value any)
//! *Entry {`). A list of bare names told a reader only what the methods are called.

use cartograph_core::{Language, Symbol};

/// The longest shape shown; a longer one falls back to its name.
const MAX_SHAPE: usize = 90;

/// `name(parameters)` and the return type as the language writes it, the receiver left out
/// (`self`, `&mut self`, `cls`, TypeScript's `this: T`). `None` when the first line does not
/// hold the whole parameter list (a Python `def __init__(` that goes on over lines) or the
/// shape is too long to read in a list.
pub(crate) fn call_shape(language: Language, symbol: &Symbol) -> Option<String> {
    let signature = symbol.signature.as_str();
    let name = symbol.name.as_str();
    let start = declared_at(signature, name)?;
    let after_name = &signature[start + name.len()..];
    // Type parameters right after the name: Rust's and TypeScript's `<T>`, Go's `[T any]`.
    // A Rust lifetime's `'` opens no character literal.
    let quotes: &[char] = if language == Language::Rust {
        &['"']
    } else {
        &['"', '\'', '`']
    };
    let generics_end = match after_name.chars().next()? {
        '<' => closing(after_name, '<', '>', quotes)? + 1,
        '[' if language == Language::Go => closing(after_name, '[', ']', quotes)? + 1,
        _ => 0,
    };
    let generics = &after_name[..generics_end];
    let rest = &after_name[generics_end..];
    if !rest.starts_with('(') {
        return None;
    }
    let close = closing(rest, '(', ')', quotes)?;
    let parameters: Vec<&str> = split_top_level(&rest[1..close], quotes)
        .into_iter()
        .map(str::trim)
        .filter(|parameter| !parameter.is_empty())
        .collect();
    let parameters = match parameters.split_first() {
        Some((first, others)) if is_receiver(language, first) => others.to_vec(),
        _ => parameters,
    };
    let returns = returned(language, rest[close + 1..].trim());
    let shape = format!("{name}{generics}({}){returns}", parameters.join(", "));
    (shape.chars().count() <= MAX_SHAPE).then_some(shape)
}

/// A property's shape: `epoch: int` for `def epoch(self) -> int:`.
pub(crate) fn property_shape(language: Language, symbol: &Symbol) -> Option<String> {
    let shape = call_shape(language, symbol)?;
    let name = symbol.name.as_str();
    let rest = shape.strip_prefix(name)?.strip_prefix("()")?;
    let kind = rest
        .strip_prefix(" -> ")
        .or_else(|| rest.strip_prefix(": "))?;
    Some(format!("{name}: {kind}"))
}

/// Where `name` is declared in `signature`: its first mention as a whole word followed by a
/// parameter list or type parameters (a Go method's receiver comes before it).
fn declared_at(signature: &str, name: &str) -> Option<usize> {
    if name.is_empty() {
        return None;
    }
    let is_word = |c: char| c.is_alphanumeric() || c == '_' || c == '$';
    let mut from = 0;
    loop {
        let found = from + signature.get(from..)?.find(name)?;
        let after = found + name.len();
        let starts_word = !signature[..found].ends_with(is_word);
        let next = signature[after..].chars().next();
        if starts_word && matches!(next, Some('(' | '<' | '[')) {
            return Some(found);
        }
        from = after;
    }
}

/// The byte offset of the bracket that closes the one `text` opens with, brackets of other
/// kinds and strings (opened by one of `quotes`) aside; `None` when the line ends first. A `>`
/// of `->` or `=>` closes nothing.
fn closing(text: &str, open: char, close: char, quotes: &[char]) -> Option<usize> {
    let mut depth = 0usize;
    let mut quote: Option<char> = None;
    let mut previous = ' ';
    for (at, c) in text.char_indices() {
        match quote {
            Some(q) if c == q && previous != '\\' => quote = None,
            Some(_) => {}
            None if quotes.contains(&c) && open != '<' => quote = Some(c),
            None if c == open => depth += 1,
            None if c == close && !(close == '>' && matches!(previous, '-' | '=')) => {
                depth = depth.checked_sub(1)?;
                if depth == 0 {
                    return Some(at);
                }
            }
            None => {}
        }
        previous = c;
    }
    None
}

/// The parameters of a list, split at the commas outside brackets and strings.
fn split_top_level<'a>(list: &'a str, quotes: &[char]) -> Vec<&'a str> {
    let mut parts = Vec::new();
    let mut depth = 0i32;
    let mut quote: Option<char> = None;
    let mut previous = ' ';
    let mut start = 0;
    for (at, c) in list.char_indices() {
        match quote {
            Some(q) => {
                if c == q && previous != '\\' {
                    quote = None;
                }
            }
            None => match c {
                c if quotes.contains(&c) => quote = Some(c),
                '(' | '[' | '{' | '<' => depth += 1,
                '>' if matches!(previous, '-' | '=') => {}
                ')' | ']' | '}' | '>' => depth -= 1,
                ',' if depth == 0 => {
                    parts.push(&list[start..at]);
                    start = at + 1;
                }
                _ => {}
            },
        }
        previous = c;
    }
    parts.push(&list[start..]);
    parts
}

/// True for the parameter that receives the object the method is called on.
fn is_receiver(language: Language, parameter: &str) -> bool {
    match language {
        Language::Rust => {
            let mut rest = parameter.trim_start_matches('&').trim_start();
            if rest.starts_with('\'') {
                rest = rest
                    .split_once(char::is_whitespace)
                    .map_or("", |(_, after)| after)
                    .trim_start();
            }
            let rest = rest.strip_prefix("mut ").unwrap_or(rest).trim_start();
            rest == "self" || rest.starts_with("self:") || rest.starts_with("self :")
        }
        Language::Python => {
            let name = parameter
                .split([':', '='])
                .next()
                .unwrap_or(parameter)
                .trim();
            matches!(name, "self" | "cls")
        }
        Language::TypeScript | Language::Tsx => parameter.starts_with("this:"),
        _ => false,
    }
}

/// What the method returns, written as its language writes it after the parameter list:
/// ` -> T` (Rust, Python), ` T` (Go), `: T` (TypeScript); nothing where the language writes it
/// before the name (Java, C#, C, C++) or where none is written.
fn returned(language: Language, after: &str) -> String {
    let kind = match language {
        Language::Rust => after.strip_prefix("->").map(|rest| {
            let end = [" where ", "{", ";"]
                .iter()
                .filter_map(|stop| rest.find(stop))
                .min()
                .unwrap_or(rest.len());
            (" -> ", rest[..end].trim())
        }),
        // A one-line body follows the colon (`def f(self) -> int: return 1`).
        Language::Python => after
            .strip_prefix("->")
            .map(|rest| (" -> ", rest.split(':').next().unwrap_or(rest).trim())),
        // The body opens at ` {` (gofmt's), on the line itself when it is one (`func (b
        // *ZeroBackOff) Reset() {}`); a result type's braces have none before them
        // (`interface{}`).
        Language::Go => {
            let kind = if after.starts_with('{') {
                ""
            } else {
                after.split(" {").next().unwrap_or(after).trim()
            };
            Some((" ", kind))
        }
        Language::TypeScript | Language::Tsx | Language::JavaScript => {
            after.strip_prefix(':').map(|rest| {
                let end = ["{", "=>", ";"]
                    .iter()
                    .filter_map(|stop| rest.find(stop))
                    .min()
                    .unwrap_or(rest.len());
                (": ", rest[..end].trim())
            })
        }
        _ => None,
    };
    match kind {
        Some((lead, kind)) if !kind.is_empty() => format!("{lead}{kind}"),
        _ => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cartograph_core::SymbolKind;

    fn method(name: &str, signature: &str) -> Symbol {
        Symbol {
            kind: SymbolKind::Method,
            name: name.into(),
            line: 1,
            end_line: 1,
            signature: signature.into(),
            doc: None,
            visibility: None,
            parent: None,
        }
    }

    fn shape(language: Language, name: &str, signature: &str) -> Option<String> {
        call_shape(language, &method(name, signature))
    }

    #[test]
    fn go_methods_lose_their_receiver_and_keep_their_results() {
        assert_eq!(
            shape(
                Language::Go,
                "WithField",
                "func (logger *Logger) WithField(key string, value any) *Entry {"
            )
            .as_deref(),
            Some("WithField(key string, value any) *Entry")
        );
        assert_eq!(
            shape(Language::Go, "Debugf", "Debugf(format string, args ...any)").as_deref(),
            Some("Debugf(format string, args ...any)")
        );
        assert_eq!(
            shape(
                Language::Go,
                "Writer",
                "func (entry *Entry) Writer() *io.PipeWriter {"
            )
            .as_deref(),
            Some("Writer() *io.PipeWriter")
        );
        assert_eq!(
            shape(
                Language::Go,
                "NextBackOff",
                "func (b *ZeroBackOff) NextBackOff() time.Duration { return 0 }"
            )
            .as_deref(),
            Some("NextBackOff() time.Duration")
        );
        assert_eq!(
            shape(Language::Go, "Reset", "func (b *ZeroBackOff) Reset() {}").as_deref(),
            Some("Reset()")
        );
        assert_eq!(
            shape(
                Language::Go,
                "Value",
                "func (v *Value) Value() interface{} {"
            )
            .as_deref(),
            Some("Value() interface{}")
        );
        assert_eq!(
            shape(
                Language::Go,
                "Map",
                "func Map[K comparable, V any](m map[K]V) (int, error) {"
            )
            .as_deref(),
            Some("Map[K comparable, V any](m map[K]V) (int, error)")
        );
    }

    #[test]
    fn rust_methods_lose_self_in_every_form() {
        assert_eq!(
            shape(
                Language::Rust,
                "filter_level",
                "pub fn filter_level(&mut self, level: LevelFilter) -> &mut Self {"
            )
            .as_deref(),
            Some("filter_level(level: LevelFilter) -> &mut Self")
        );
        assert_eq!(
            shape(
                Language::Rust,
                "parse",
                "pub fn parse<'a>(&'a self, input: &'a str) -> Result<Vec<&'a str>, Error> where Self: Sized {"
            )
            .as_deref(),
            Some("parse<'a>(input: &'a str) -> Result<Vec<&'a str>, Error>")
        );
        assert_eq!(
            shape(Language::Rust, "new", "pub fn new() -> Self {").as_deref(),
            Some("new() -> Self")
        );
        assert_eq!(
            shape(
                Language::Rust,
                "into_inner",
                "fn into_inner(mut self) -> W;"
            )
            .as_deref(),
            Some("into_inner() -> W")
        );
    }

    #[test]
    fn python_methods_lose_self_and_cls_and_need_the_whole_list() {
        assert_eq!(
            shape(
                Language::Python,
                "is_prerelease",
                "def is_prerelease(self, *, strict: bool = False) -> bool:"
            )
            .as_deref(),
            Some("is_prerelease(*, strict: bool = False) -> bool")
        );
        assert_eq!(
            shape(
                Language::Python,
                "from_dict",
                "def from_dict(cls, data: dict[str, Any]):"
            )
            .as_deref(),
            Some("from_dict(data: dict[str, Any])")
        );
        assert_eq!(shape(Language::Python, "__init__", "def __init__("), None);
        assert_eq!(
            shape(Language::Python, "size", "def size(self) -> int: return 1").as_deref(),
            Some("size() -> int")
        );
        let property = method("epoch", "def epoch(self) -> int:");
        assert_eq!(
            property_shape(Language::Python, &property).as_deref(),
            Some("epoch: int")
        );
        let untyped = method("epoch", "def epoch(self):");
        assert_eq!(property_shape(Language::Python, &untyped), None);
    }

    #[test]
    fn typescript_methods_keep_their_type_parameters_and_return_type() {
        assert_eq!(
            shape(
                Language::TypeScript,
                "add",
                "async add<TaskResultType>(function_: Task<TaskResultType>, options: Partial<EnqueueOptionsType> = {}): Promise<TaskResultType> {"
            )
            .as_deref(),
            None,
            "longer than a list reads"
        );
        assert_eq!(
            shape(
                Language::TypeScript,
                "onEmpty",
                "async onEmpty(): Promise<void> {"
            )
            .as_deref(),
            Some("onEmpty(): Promise<void>")
        );
        assert_eq!(
            shape(Language::JavaScript, "use", "use(fn) {").as_deref(),
            Some("use(fn)")
        );
        assert_eq!(
            shape(
                Language::TypeScript,
                "map",
                "map(this: Ctx, fn: (x: number) => string): string[];"
            )
            .as_deref(),
            Some("map(fn: (x: number) => string): string[]")
        );
    }

    #[test]
    fn languages_that_write_the_result_first_show_the_parameters() {
        assert_eq!(
            shape(
                Language::Java,
                "setName",
                "public void setName(String name) {"
            )
            .as_deref(),
            Some("setName(String name)")
        );
        // A name mentioned before its declaration as a word of another is passed over.
        assert_eq!(
            shape(Language::Java, "get", "public Target get(int index) {").as_deref(),
            Some("get(int index)")
        );
        assert_eq!(shape(Language::Java, "run", "public void run"), None);
    }
}
