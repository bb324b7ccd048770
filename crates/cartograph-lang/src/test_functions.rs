//! Which functions are tests a runner collects: by the attribute or annotation that marks them
//! (Rust's `#[test]`, JUnit's `@Test`, xUnit's `[Fact]`) or by the name the runner looks for
//! (pytest's `test_…`, Go's `TestXxx`). Counted so that a test file can say how many tests it
//! holds rather than only which names it defines.

use cartograph_core::{Language, Symbol, SymbolKind};

/// How many of `symbols` are test functions or methods, and how many of those are disabled,
/// reading the lines of `source` just above each (and its own first lines, where Java keeps
/// its annotations).
pub(crate) fn count(language: Language, source: &str, symbols: &[Symbol]) -> (u32, u32) {
    let by_marker = matches!(
        language,
        Language::Rust | Language::Java | Language::CSharp | Language::Php
    );
    let mut lines: Option<Vec<&str>> = None;
    let mixins = if language == Language::Python {
        python_mixin_uses(symbols)
    } else {
        Vec::new()
    };
    let mut named_only = 0u32;
    let mut found = 0u32;
    let mut rust_names: std::collections::HashSet<(Option<u32>, &str)> =
        std::collections::HashSet::new();
    let (mut named_disabled, mut found_disabled) = (0u32, 0u32);
    for symbol in symbols {
        if !matches!(symbol.kind, SymbolKind::Function | SymbolKind::Method) {
            continue;
        }
        let name = symbol.name.as_str();
        let named = match language {
            // pytest collects `test…` functions, and `test…` methods of classes named `Test…`
            // or built on `unittest.TestCase` (not marshmallow's `class MySchema(Schema)` in a
            // test module).
            Language::Python => {
                name.starts_with("test")
                    && symbol.parent.as_deref().is_none_or(|parent| {
                        python_test_class(symbols, parent)
                            || mixins.iter().any(|(mixin, _)| *mixin == parent)
                    })
            }
            Language::Go => symbol.parent.is_none() && is_go_test_name(name),
            Language::Ruby => name.starts_with("test_"),
            // JUnit 3 and PHPUnit collect `testX` methods of a test class.
            Language::Java | Language::Php => {
                name.starts_with("test")
                    && symbol.parent.as_deref().is_some_and(|parent| {
                        ["Test", "Tests", "TestCase"]
                            .iter()
                            .any(|suffix| parent.ends_with(suffix))
                    })
            }
            _ => false,
        };
        if !by_marker && !named {
            continue;
        }
        let lines = lines.get_or_insert_with(|| source.lines().collect());
        // A Rust test behind a `cfg` of its own or of a module around it (thiserror's
        // `#[cfg(thiserror_nightly_testing)] mod structs`, a `feature`) is not built by a plain
        // `cargo test`: the count is what that runs.
        if language == Language::Rust && rust_cfg_gated(lines, symbols, symbol) {
            continue;
        }
        // A pytest fixture named `test_…` (starlette's `test_client_factory` in `conftest.py`)
        // is what tests take, no test.
        if language == Language::Python
            && decorations(lines, symbol)
                .iter()
                .any(|line| line.starts_with("@pytest.fixture") || line.starts_with("@fixture"))
        {
            continue;
        }
        let region = definition_region(lines, symbol);
        let marked = by_marker && region.iter().any(|line| test_marker(language, line));
        // Two Rust tests of one name in one scope are alternatives, one per toolchain or
        // configuration (anyhow's `test_backtrace`, ignored off nightly and run on it): one
        // test runs. The scope is the innermost module around the test: log's `source.rs` has
        // two `mod tests`, each with its own `count`; a method of the same name is no test.
        let scope = || {
            symbols
                .iter()
                .filter(|outer| {
                    outer.kind == SymbolKind::Module
                        && outer.line <= symbol.line
                        && outer.end_line >= symbol.end_line
                })
                .map(|outer| outer.line)
                .max()
        };
        if language == Language::Rust
            && marked
            && !rust_names.insert((scope(), symbol.name.as_str()))
        {
            continue;
        }
        let disabled = decorations(lines, symbol)
            .iter()
            .any(|line| disabling_marker(language, line))
            || (language == Language::Rust && rust_ignored_unless_configured(lines, symbol));
        // pytest runs a parametrized test once per case (blinker's `test_context.py`: one
        // function over two exception types is two tests).
        let cases = if language == Language::Python {
            // A mixin's tests run in every test class of the file built on it (cachetools'
            // `DecoratorTestMixin`, in two).
            let classes = symbol
                .parent
                .as_deref()
                .and_then(|parent| mixins.iter().find(|(mixin, _)| *mixin == parent))
                .map_or(1, |(_, classes)| *classes);
            parametrized_cases(lines, symbol).0 * classes
        } else {
            1
        };
        if marked {
            found += cases;
            found_disabled += u32::from(disabled) * cases;
        } else if named {
            named_only += cases;
            named_disabled += u32::from(disabled) * cases;
        }
    }
    // A JUnit 4 or 5 class marks its tests: its `testX` helpers without `@Test` are none
    // (jsoup's `ElementTest`).
    if language == Language::Java && found > 0 {
        return (found, found_disabled);
    }
    (found + named_only, found_disabled + named_disabled)
}

/// The annotation, attribute and decorator lines right above a definition, nearest first,
/// and its own first line up to its name (`@Test @Disabled void parse()`).
fn decorations<'s>(lines: &[&'s str], symbol: &Symbol) -> Vec<&'s str> {
    const MAX_LINES_ABOVE: usize = 12;
    let Some(first) = (symbol.line as usize).checked_sub(1) else {
        return Vec::new();
    };
    let mut found: Vec<&str> = lines[..first.min(lines.len())]
        .iter()
        .rev()
        .take(MAX_LINES_ABOVE)
        .map(|line| line.trim())
        .take_while(|line| {
            line.is_empty() || line.starts_with(['@', '[', '#']) || line.starts_with("//")
        })
        .collect();
    if let Some(own) = lines.get(first) {
        let own = own.trim();
        found.push(own.find(symbol.name.as_str()).map_or(own, |at| &own[..at]));
    }
    found
}

/// Whether a Rust definition is compiled only under a condition other than `test`: a
/// `#[cfg(…)]` above it or above a module that holds it, or a `#![cfg(…)]` of its file.
fn rust_cfg_gated(lines: &[&str], symbols: &[Symbol], symbol: &Symbol) -> bool {
    let conditional = |line: &str| {
        let line = line.trim();
        let inner = line
            .strip_prefix("#[cfg(")
            .or_else(|| line.strip_prefix("#![cfg("));
        inner.is_some_and(|condition| {
            let condition = condition.trim_end_matches([')', ']']);
            // Only a cfg one must pass to the compiler (`thiserror_nightly_testing`, `loom`):
            // `test` is what `cargo test` sets, a feature may be a default one (thiserror's
            // `std`), a platform is the machine's, and `not(…)` holds without any flag.
            let built_by_default = [
                "feature",
                "not(",
                "unix",
                "windows",
                "target_",
                "debug_assertions",
            ]
            .iter()
            .any(|word| condition.contains(word));
            condition != "test" && !built_by_default
        })
    };
    let file_gated = lines
        .iter()
        .take_while(|line| {
            let line = line.trim();
            line.is_empty() || line.starts_with("//") || line.starts_with("#!")
        })
        .any(|line| line.trim_start().starts_with("#![cfg(") && conditional(line));
    if file_gated {
        return true;
    }
    let above = |at: &Symbol| -> bool {
        let Some(first) = (at.line as usize).checked_sub(1) else {
            return false;
        };
        lines[..first.min(lines.len())]
            .iter()
            .rev()
            .map(|line| line.trim())
            .take_while(|line| line.is_empty() || line.starts_with("#[") || line.starts_with("//"))
            .any(|line| line.starts_with("#[cfg(") && conditional(line))
    };
    above(symbol)
        || symbols.iter().any(|module| {
            module.kind == SymbolKind::Module
                && module.line < symbol.line
                && module.end_line >= symbol.end_line
                && above(module)
        })
}

/// How many tests pytest makes of a function: the product of its `@pytest.mark.parametrize`
/// decorators' cases, each a literal list or tuple counted by its items (a list built
/// elsewhere, whose length the text does not show, counts once); 1 without any.
fn parametrized_cases(lines: &[&str], symbol: &Symbol) -> (u32, bool) {
    let Some(def_at) = (symbol.line as usize).checked_sub(1) else {
        return (1, true);
    };
    let Some(def) = lines.get(def_at) else {
        return (1, true);
    };
    let indent = def.len() - def.trim_start().len();
    // The decorators above, continuation lines included (more indented, or closing).
    let mut above: Vec<&str> = Vec::new();
    for line in lines[..def_at].iter().rev().take(60) {
        let trimmed = line.trim_start();
        let depth = line.len() - trimmed.len();
        if trimmed.is_empty() {
            break;
        }
        if trimmed.starts_with('@') || depth > indent || trimmed.starts_with([')', ']']) {
            above.push(line);
            continue;
        }
        break;
    }
    above.reverse();
    // A decorated definition may start at its first decorator: its lines down to `def`.
    above.extend(lines[def_at..].iter().take(60).take_while(|line| {
        let line = line.trim_start();
        !line.starts_with("def ") && !line.starts_with("async def ")
    }));
    let mut text = above.join("\n");
    // A mark bound to a module-level name and applied by it (loguru's `repetitions =
    // pytest.mark.parametrize("rep", [0, 1, 2])`, then `@repetitions`) counts as written.
    for line in &above {
        let Some(name) = line.trim().strip_prefix('@') else {
            continue;
        };
        if name.chars().all(|c| c.is_alphanumeric() || c == '_') {
            if let Some(bound) = bound_mark(lines, name) {
                text.push('\n');
                text.push_str(&bound);
            }
        }
    }
    let mut cases = 1u32;
    let mut exact = true;
    let mut rest = text.as_str();
    while let Some(at) = rest.find("parametrize(") {
        let arguments = &rest[at + "parametrize(".len()..];
        let (count, written) = argument_cases(arguments);
        cases = cases.saturating_mul(count);
        exact &= written;
        rest = arguments;
    }
    (cases, exact)
}

/// The text of a module-level assignment of a `parametrize` mark to `name`, continuation
/// lines included; `None` when the file binds no such mark to it.
fn bound_mark(lines: &[&str], name: &str) -> Option<String> {
    const MAX_LINES: usize = 40;
    let start = lines.iter().position(|line| {
        line.strip_prefix(name)
            .map(str::trim_start)
            .and_then(|rest| rest.strip_prefix('='))
            .is_some_and(|value| !value.starts_with('=') && value.contains("parametrize"))
    })?;
    let mut bound = vec![lines[start]];
    bound.extend(
        lines[start + 1..]
            .iter()
            .take(MAX_LINES)
            .take_while(|line| line.starts_with([' ', '\t', ')', ']'])),
    );
    Some(bound.join("\n"))
}

/// The cases of a `parametrize(` call's second argument, read from the text after its `(`,
/// and whether that is all of them: not where they are not written out (structlog's
/// `range(pickle.HIGHEST_PROTOCOL + 1)`, a module's constant, `itertools.product(…)`, a
/// comprehension, an unpacked list among them), where the count is a lower bound.
fn argument_cases(arguments: &str) -> (u32, bool) {
    // The second argument: after the first comma outside brackets and strings.
    let mut depth = 0i32;
    let mut quote: Option<char> = None;
    let mut start = None;
    // A backslash in a string escapes the character after it (markupsafe's `"\"a\""`).
    let mut escaped = false;
    for (at, c) in arguments.char_indices() {
        if std::mem::take(&mut escaped) {
            continue;
        }
        match (quote, c) {
            (Some(_), '\\') => escaped = true,
            (Some(open), c) if c == open => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '(' | '[' | '{') => depth += 1,
            (None, ')' | ']' | '}') => {
                if depth == 0 {
                    return (1, true);
                }
                depth -= 1;
            }
            (None, ',') if depth == 0 => {
                start = Some(at + 1);
                break;
            }
            _ => {}
        }
    }
    let Some(start) = start else {
        return (1, true);
    };
    let value = arguments[start..].trim_start();
    let Some(open) = value.chars().next().filter(|c| matches!(c, '[' | '(')) else {
        return (1, false);
    };
    // Its items: commas at depth one, plus one for a last item without a trailing comma.
    let mut depth = 0i32;
    let mut quote: Option<char> = None;
    let mut items = 0u32;
    let mut pending = false;
    // The literal's own text, nested brackets and strings left out.
    let mut own = String::new();
    let mut escaped = false;
    // A comment runs to the end of its line (structlog's `# Also hides "__eggs", b/c …`).
    let mut comment = false;
    for c in value.chars() {
        if std::mem::take(&mut escaped) {
            continue;
        }
        if comment {
            comment = c != '\n';
            continue;
        }
        if quote.is_none() && c == '#' {
            comment = true;
            continue;
        }
        if quote.is_none() && depth == 1 && !matches!(c, '"' | '\'' | '(' | '[' | '{') {
            own.push(c);
        }
        match (quote, c) {
            (Some(_), '\\') => escaped = true,
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => {
                quote = Some(c);
                pending = true;
            }
            (None, '(' | '[' | '{') => {
                depth += 1;
                if depth > 1 {
                    pending = true;
                }
            }
            (None, ')' | ']' | '}') => {
                depth -= 1;
                if depth == 0 {
                    // A comprehension or an unpacked name (`*LEVELS`) is not its items
                    // written out.
                    let words: Vec<&str> = own.split_whitespace().collect();
                    if words.contains(&"for") && words.contains(&"in") {
                        return (1, false);
                    }
                    // An unpacked list among the items (structlog's `*[({key}, None) for key in
                    // extra_dict()]`) adds cases the text does not show: the items written are
                    // a lower bound.
                    let items = (items + u32::from(pending)).max(u32::from(open == '('));
                    return (items, !own.contains('*'));
                }
            }
            (None, ',') if depth == 1 => {
                items += u32::from(pending);
                pending = false;
            }
            (None, c) if depth >= 1 && !c.is_whitespace() => pending = true,
            _ => {}
        }
    }
    (1, false)
}

/// The classes of the file that are no test classes but bases of some (unittest mixins:
/// cachetools' `class CacheWrapperTest(unittest.TestCase, DecoratorTestMixin)`), each with how
/// many of the file's test classes are built on it: each runs the mixin's tests.
fn python_mixin_uses(symbols: &[Symbol]) -> Vec<(&str, u32)> {
    let mut uses: Vec<(&str, u32)> = Vec::new();
    for class in symbols.iter().filter(|symbol| {
        symbol.kind == SymbolKind::Class && python_test_class(symbols, &symbol.name)
    }) {
        for base in python_bases(&class.signature) {
            let is_mixin = !python_test_class(symbols, base)
                && symbols
                    .iter()
                    .any(|symbol| symbol.kind == SymbolKind::Class && symbol.name.as_str() == base);
            if !is_mixin {
                continue;
            }
            match uses.iter_mut().find(|(known, _)| *known == base) {
                Some((_, count)) => *count += 1,
                None => uses.push((base, 1)),
            }
        }
    }
    uses
}

/// The bases a Python class signature names, by their last name (`class A(unittest.TestCase,
/// Mixin):` gives `TestCase` and `Mixin`), keyword arguments (`metaclass=…`) left out.
pub(crate) fn python_bases(signature: &str) -> Vec<&str> {
    let Some(open) = signature.find('(') else {
        return Vec::new();
    };
    let inner = &signature[open + 1..];
    let inner = inner.rfind(')').map_or(inner, |close| &inner[..close]);
    inner
        .split(',')
        .map(str::trim)
        .filter(|base| !base.is_empty() && !base.contains('=') && !base.contains('['))
        .map(|base| base.rsplit('.').next().unwrap_or(base))
        .collect()
}

/// True when pytest collects the methods of the class `name`: named `Test…`, or built on a
/// `TestCase` (its signature names one).
fn python_test_class(symbols: &[Symbol], name: &str) -> bool {
    name.starts_with("Test")
        || symbols.iter().any(|symbol| {
            symbol.kind == SymbolKind::Class
                && symbol.name.as_str() == name
                && symbol.signature.contains("TestCase")
        })
}

/// An annotation, attribute or decorator that makes the runner skip a test: JUnit's
/// `@Disabled`/`@Ignore`, Rust's `#[ignore]`, xUnit's `[Fact(Skip = "…")]` and NUnit's or
/// MSTest's `[Ignore]`, pytest's `@pytest.mark.skip` and unittest's `@unittest.skip` (not
/// `skipIf`, which depends on where it runs), PHPUnit's `#[Skip]`.
fn disabling_marker(language: Language, line: &str) -> bool {
    match language {
        Language::Java => ["@Disabled", "@Ignore"]
            .iter()
            .any(|marker| line.split_whitespace().any(|word| word.starts_with(marker))),
        // `#[rustversion::attr(not(nightly), ignore = "requires nightly")]` skips the test
        // on the stable toolchain a plain `cargo test` runs.
        Language::Rust => {
            line.starts_with("#[ignore")
                || line.starts_with("#[rustversion::attr(not(nightly)") && line.contains("ignore")
        }
        Language::CSharp => {
            line.starts_with("[Ignore") || (line.starts_with('[') && line.contains("Skip ="))
        }
        Language::Python => {
            line.starts_with("@pytest.mark.skip") && !line.starts_with("@pytest.mark.skipif")
                || line.starts_with("@unittest.skip(")
                || line == "@unittest.skip"
        }
        Language::Php => line.starts_with("#[Skip"),
        _ => false,
    }
}

/// Rust: an `ignore` a `cfg_attr` sets unless a configuration is given, over one line or
/// several (thiserror's placeholders: `#[cfg_attr(\n    not(thiserror_nightly_testing),\n
/// ignore = "…"\n)]`): a plain `cargo test` skips the test. `cfg_attr(miri, ignore)` does not.
fn rust_ignored_unless_configured(lines: &[&str], symbol: &Symbol) -> bool {
    const MAX_LINES_ABOVE: usize = 12;
    let first = (symbol.line as usize).saturating_sub(1).min(lines.len());
    let above = &lines[first.saturating_sub(MAX_LINES_ABOVE)..first];
    let compact: String = above.concat().split_whitespace().collect();
    let Some(at) = compact.rfind("#[cfg_attr(not(") else {
        return false;
    };
    let attribute = &compact[at..];
    let end = attribute.find(")]").map_or(attribute.len(), |end| end + 2);
    // Only attributes between it and the test.
    let rest = &attribute[end..];
    attribute[..end].contains(",ignore") && !rest.contains([';', '}']) && !rest.contains("fn")
}

/// Rust: the traits each struct, enum or union derives (`#[derive(Clone, Copy, Debug)]` on the
/// lines above it), as `(index of the type in symbols, trait as written)`: what a type
/// implements beside its `impl` blocks (byteorder's `BigEndian` derives eight traits).
pub(crate) fn rust_derives(
    source: &str,
    symbols: &[Symbol],
) -> Vec<(u32, cartograph_core::BoxedStr)> {
    const MAX_LINES_ABOVE: usize = 12;
    if !source.contains("derive") {
        return Vec::new();
    }
    let lines: Vec<&str> = source.lines().collect();
    let mut derives = Vec::new();
    for (index, symbol) in symbols.iter().enumerate() {
        if !matches!(
            symbol.kind,
            SymbolKind::Struct | SymbolKind::Enum | SymbolKind::Union
        ) {
            continue;
        }
        let Ok(index) = u32::try_from(index) else {
            continue;
        };
        let Some(first) = (symbol.line as usize).checked_sub(1) else {
            continue;
        };
        // The attribute lines right above the item, doc comments between, joined (a derive
        // list may span lines).
        let mut above: Vec<&str> = Vec::new();
        for line in lines[..first.min(lines.len())]
            .iter()
            .rev()
            .take(MAX_LINES_ABOVE)
        {
            let trimmed = line.trim();
            let attribute_part = trimmed.starts_with("#[")
                || trimmed.starts_with("//")
                || !(trimmed.is_empty()
                    || trimmed.ends_with('{')
                    || trimmed.ends_with('}')
                    || trimmed.ends_with(';'));
            if !attribute_part {
                break;
            }
            above.push(trimmed);
        }
        above.reverse();
        // A doc comment's example (serde_json's `RawValue` doc: `/// #[derive(Deserialize)]`
        // on the example's struct) derives nothing for the item.
        above.retain(|line| !line.starts_with("//"));
        let joined = above.join(" ");
        for (at, _) in joined.match_indices("derive(") {
            let rest = &joined[at + "derive(".len()..];
            let Some(end) = rest.find(')') else {
                continue;
            };
            for name in rest[..end].split(',') {
                let name = name.trim();
                if !name.is_empty()
                    && name
                        .chars()
                        .all(|c| c.is_alphanumeric() || c == '_' || c == ':')
                {
                    derives.push((index, name.into()));
                }
            }
        }
    }
    derives
}

/// Go's rule: `Test` or `Fuzz` (whose seed corpus `go test` runs), then nothing or a character
/// that is not a lower-case letter (`Testify` is no test). Benchmarks and examples are not
/// counted as tests.
fn is_go_test_name(name: &str) -> bool {
    // `TestMain(m *testing.M)` sets the package's tests up; it is none of them (envconfig's
    // `usage_test.go`).
    if name == "TestMain" {
        return false;
    }
    ["Test", "Fuzz"].iter().any(|prefix| {
        name.strip_prefix(prefix)
            .is_some_and(|rest| !rest.starts_with(|c: char| c.is_lowercase()))
    })
}

/// True when an attribute or annotation that makes a test is written on the lines above the
/// symbol's definition (attributes, doc comments and blank lines between) or on its own lines
/// up to its name.
fn definition_region<'s>(lines: &[&'s str], symbol: &Symbol) -> Vec<&'s str> {
    const MAX_LINES_ABOVE: usize = 12;
    const MAX_OWN_LINES: usize = 6;
    let Some(first) = (symbol.line as usize).checked_sub(1) else {
        return Vec::new();
    };
    let mut region: Vec<&str> = Vec::new();
    for line in lines[..first.min(lines.len())]
        .iter()
        .rev()
        .take(MAX_LINES_ABOVE)
    {
        let trimmed = line.trim();
        let part_of_definition = trimmed.is_empty()
            || trimmed.starts_with("#[")
            || trimmed.starts_with('@')
            || trimmed.starts_with('[')
            || trimmed.starts_with("//")
            || trimmed.starts_with("/*")
            || trimmed.starts_with('*')
            // The rest of an attribute written over several lines.
            || !(trimmed.ends_with('{') || trimmed.ends_with('}') || trimmed.ends_with(';'));
        if !part_of_definition {
            break;
        }
        region.push(trimmed);
    }
    for line in lines.iter().skip(first).take(MAX_OWN_LINES) {
        match line.find(symbol.name.as_str()) {
            Some(at) => {
                region.push(line[..at].trim());
                break;
            }
            None => region.push(line.trim()),
        }
    }
    region
}

/// Whether one line of a definition's region marks it as a test.
fn test_marker(language: Language, line: &str) -> bool {
    match language {
        Language::Rust => rust_test_attribute(line),
        Language::Java => java_test_annotation(line),
        Language::CSharp => csharp_test_attribute(line),
        Language::Php => php_test_marker(line),
        _ => false,
    }
}

/// The fixtures a Python file defines that have pytest run a test more than once
/// (`ParsedFile::multiplying_fixtures`): a `@pytest.fixture(…, params=…)`, and a fixture that
/// takes one of those or anyio's backend fixtures; `*` when the file marks all its tests for
/// anyio (`pytestmark = pytest.mark.anyio`). Besides, `name<parameter` for each parameter of a
/// fixture, and of a test whose parameters run past its first line, so that a fixture of a
/// `conftest.py` above is followed through the file's own fixtures (starlette's `client`).
pub(crate) fn python_multiplying_fixtures(source: &str, symbols: &[Symbol]) -> Vec<String> {
    let lines: Vec<&str> = source.lines().collect();
    let mut found: Vec<String> = Vec::new();
    if lines
        .iter()
        .any(|line| line.trim_start().starts_with("pytestmark") && line.contains("mark.anyio"))
    {
        found.push("*".to_string());
    }
    let is_def = |line: &str| {
        let line = line.trim_start();
        line.starts_with("def ") || line.starts_with("async def ")
    };
    let mut edges: Vec<String> = Vec::new();
    let mut fixtures: Vec<(String, Vec<String>, bool)> = Vec::new();
    let mut autouse: Vec<String> = Vec::new();
    for symbol in symbols {
        if !matches!(symbol.kind, SymbolKind::Function | SymbolKind::Method) {
            continue;
        }
        // The `def` line (the symbol's range may open at its decorator) and its parameters,
        // over as many lines as they take.
        let Some(opening) = (symbol.line as usize).checked_sub(1) else {
            continue;
        };
        let opening = opening.min(lines.len());
        let Some(def_at) = (opening..lines.len()).find(|&at| is_def(lines[at])) else {
            continue;
        };
        let mut text = String::new();
        let mut depth = 0i32;
        let mut multi_line = false;
        for (taken, line) in lines[def_at..].iter().take(40).enumerate() {
            text.push_str(line);
            text.push(' ');
            depth += line.matches('(').count() as i32 - line.matches(')').count() as i32;
            if depth <= 0 && line.contains(')') {
                multi_line = taken > 0;
                break;
            }
        }
        let parameters: Vec<String> = text
            .split_once('(')
            .map_or("", |(_, rest)| rest)
            .split(',')
            .filter_map(|parameter| {
                let name = parameter
                    .trim()
                    .trim_start_matches('*')
                    .split(|c: char| !(c.is_alphanumeric() || c == '_'))
                    .next()?;
                (!name.is_empty() && !matches!(name, "self" | "cls" | "request"))
                    .then(|| name.to_string())
            })
            .collect();
        // A fixture's decorator, written over one line or several.
        let decorator = (def_at.saturating_sub(12)..def_at).rev().find(|&at| {
            let line = lines[at].trim_start();
            line.starts_with("@pytest.fixture") || line.starts_with("@fixture")
        });
        let decorator =
            decorator.filter(|&start| !lines[start + 1..def_at].iter().any(|line| is_def(line)));
        // A test whose cases are not written out (`range(…)`, a constant) runs at least once
        // per function: every count of its file is a lower bound.
        if decorator.is_none()
            && symbol.name.starts_with("test")
            && !parametrized_cases(&lines, symbol).1
            && !found.iter().any(|known| known == "*")
        {
            found.push("*".to_string());
        }
        match decorator {
            Some(start) => {
                let written = lines[start..def_at].join(" ");
                let with_params = written.contains("params=");
                // `@pytest.fixture(name="logger_cls", params=…)` on `def _logger_cls`
                // (structlog's `test_output.py`): tests take it by that name.
                let name =
                    fixture_name(&written).map_or_else(|| symbol.name.to_string(), str::to_string);
                for parameter in &parameters {
                    edges.push(format!("{name}<{parameter}"));
                }
                if written.contains("autouse=True") {
                    autouse.push(name.clone());
                }
                fixtures.push((name, parameters, with_params));
            }
            None if multi_line && symbol.name.starts_with("test") => {
                for parameter in &parameters {
                    edges.push(format!("{}<{parameter}", symbol.name));
                }
            }
            None => {}
        }
    }
    for (name, _, with_params) in &fixtures {
        if *with_params {
            found.push(name.to_string());
        }
    }
    // Grown to a fixed point: a fixture that takes a multiplying fixture multiplies too.
    loop {
        let before = found.len();
        for (name, parameters, _) in &fixtures {
            let takes = parameters.iter().any(|parameter| {
                cartograph_core::ANYIO_FIXTURES.contains(&parameter.as_str())
                    || found.iter().any(|known| known == parameter)
            });
            if takes && !found.iter().any(|known| known == name) {
                found.push(name.to_string());
            }
        }
        if found.len() == before {
            break;
        }
    }
    // A multiplying fixture every test of its scope uses unasked (markupsafe's `conftest.py`:
    // `autouse=True, params=(_native, _speedups)` runs each test once per implementation).
    if autouse.iter().any(|name| found.contains(name)) {
        found.push(cartograph_core::AUTOUSE_MULTIPLIES.to_string());
    }
    found.sort();
    found.dedup();
    edges.sort();
    edges.dedup();
    found.extend(edges);
    found
}

/// The name a `@pytest.fixture(name="…")` decorator gives its fixture, read from the
/// decorator's text.
fn fixture_name(decorator: &str) -> Option<&str> {
    let at = decorator.find("name=")?;
    // Not `some_name=`: the keyword starts after a separator.
    if decorator[..at]
        .chars()
        .next_back()
        .is_some_and(|c| c.is_alphanumeric() || c == '_')
    {
        return None;
    }
    let rest = decorator[at + "name=".len()..].trim_start();
    let quote = rest.chars().next().filter(|c| matches!(c, '"' | '\''))?;
    let rest = &rest[1..];
    let end = rest.find(quote)?;
    Some(&rest[..end]).filter(|name| !name.is_empty())
}

/// The line ranges of a Rust file's test code, outermost only: modules under `#[cfg(test)]`
/// (or a `cfg(all(test, …))`) and `#[test]` functions outside them (`ParsedFile::test_spans`).
pub(crate) fn rust_test_spans(source: &str, symbols: &[Symbol]) -> Vec<(u32, u32)> {
    let lines: Vec<&str> = source.lines().collect();
    let for_tests = |line: &str| {
        let Some(condition) = line.trim().strip_prefix("#[cfg(") else {
            return false;
        };
        let condition = condition.trim_end_matches([')', ']']);
        condition == "test"
            || (condition.starts_with("all(")
                && condition[4..]
                    .split(',')
                    .any(|term| term.trim().trim_end_matches(')') == "test"))
    };
    let mut spans: Vec<(u32, u32)> = symbols
        .iter()
        // A test module, a test function, and any item compiled for tests only (similar's
        // `#[cfg(test)] impl SleepOnFirstEmit`, a helper its tests share).
        .filter(|symbol| {
            decorations(&lines, symbol).iter().any(|line| {
                for_tests(line)
                    || (symbol.kind == SymbolKind::Function && rust_test_attribute(line))
            })
        })
        .map(|symbol| (symbol.line, symbol.end_line.max(symbol.line)))
        .collect();
    spans.sort_by_key(|(first, last)| (*first, std::cmp::Reverse(*last)));
    let mut outermost: Vec<(u32, u32)> = Vec::new();
    for span in spans {
        match outermost.last() {
            Some(last) if last.1 >= span.1 => {}
            _ => outermost.push(span),
        }
    }
    outermost
}

/// How many of a Rust file's `macro_rules!` write test functions (a `#[test]` inside the
/// rules), where the file also invokes them: the tests they generate are not counted.
pub(crate) fn rust_test_macros(source: &str, symbols: &[Symbol]) -> u32 {
    let lines: Vec<&str> = source.lines().collect();
    let writes_tests = |symbol: &&Symbol| {
        let (start, end) = (symbol.line as usize, symbol.end_line as usize);
        lines
            .get(start..end.saturating_sub(1).max(start))
            .is_some_and(|body| body.iter().any(|line| rust_test_attribute(line.trim())))
    };
    let invoked = |symbol: &&Symbol| {
        let call = format!("{}!", symbol.name);
        lines.iter().enumerate().any(|(at, line)| {
            let inside = at + 1 >= symbol.line as usize && at < symbol.end_line as usize;
            !inside && line.contains(&call)
        })
    };
    let count = symbols
        .iter()
        .filter(|symbol| symbol.kind == SymbolKind::Macro)
        .filter(writes_tests)
        .filter(invoked)
        .count();
    u32::try_from(count).unwrap_or(u32::MAX)
}

/// How many code examples a Rust file's doc comments (`///`, `//!`) hold that rustdoc runs as
/// tests: fenced blocks whose language is Rust (no tag, `rust`, or only rustdoc's attributes
/// such as `no_run` and `should_panic`), not `ignore`d ones nor blocks of another language,
/// and apart from them, those of items compiled only under a `#[cfg]` written among their doc
/// and attributes (smallvec's `extract_if`, behind its feature: a plain `cargo test` does not
/// run them).
pub(crate) fn rust_doc_examples(source: &str) -> (u32, u32) {
    const RUSTDOC: &[&str] = &[
        "rust",
        "no_run",
        "should_panic",
        "compile_fail",
        "edition2015",
        "edition2018",
        "edition2021",
        "edition2024",
        "test_harness",
        "standalone_crate",
    ];
    let mut open: Option<&str> = None;
    let mut count = 0u32;
    // The examples of the outer doc comment being read, and whether a `#[cfg]` among its
    // attributes gates its item.
    let mut pending = 0u32;
    let mut gated = false;
    let mut gated_count = 0u32;
    // Inside a block doc comment: `/*! … */` (walkdir's crate doc, with four examples) is
    // inner, `/** … */` outer.
    let mut block: Option<bool> = None;
    for line in source.lines() {
        let line = line.trim_start();
        let from_block = match block {
            Some(inner) => {
                let (content, closes) = match line.find("*/") {
                    Some(at) => (&line[..at], true),
                    None => (line, false),
                };
                if closes {
                    block = None;
                }
                // A block's lines may open with ` * `.
                let content = content
                    .strip_prefix("* ")
                    .or_else(|| (content == "*").then_some(""))
                    .unwrap_or(content);
                Some((content, inner))
            }
            None => {
                let opened = if line.starts_with("/*!") {
                    Some(true)
                } else if line.starts_with("/**") && !line.starts_with("/**/") {
                    Some(false)
                } else {
                    None
                };
                match opened {
                    Some(inner) if !line[3..].contains("*/") => {
                        block = Some(inner);
                        Some((&line[3..], inner))
                    }
                    Some(inner) => Some(("", inner)),
                    None => None,
                }
            }
        };
        if open.is_none() && from_block.is_none() && line.starts_with("#[") {
            let attribute: String = line.chars().filter(|c| !c.is_whitespace()).collect();
            gated |= attribute.starts_with("#[cfg(") && !attribute.contains("doc");
            continue;
        }
        let line_doc = line
            .strip_prefix("///")
            .map(|doc| (doc, false))
            .or_else(|| line.strip_prefix("//!").map(|doc| (doc, true)));
        let Some((doc, inner)) = from_block.or(line_doc) else {
            if open.is_none() {
                // The item the doc and attributes were for.
                if gated {
                    gated_count += pending;
                } else {
                    count += pending;
                }
                pending = 0;
                gated = false;
            }
            continue;
        };
        let doc = doc.trim_start();
        let fence = if doc.starts_with("```") {
            "```"
        } else if doc.starts_with("~~~") {
            "~~~"
        } else {
            continue;
        };
        match open {
            Some(opened) if opened == fence => open = None,
            Some(_) => {}
            None => {
                open = Some(fence);
                let info = doc.trim_start_matches(['`', '~']).trim();
                let runs = info
                    .split([',', ' '])
                    .filter(|tag| !tag.is_empty())
                    .all(|tag| RUSTDOC.contains(&tag) || tag.starts_with("E0"));
                if inner {
                    count += u32::from(runs);
                } else {
                    pending += u32::from(runs);
                }
            }
        }
    }
    if gated {
        gated_count += pending;
    } else {
        count += pending;
    }
    (count, gated_count)
}

/// `#[test]`, `#[tokio::test(…)]`, `#[rstest]`, `#[test_case(…)]`, `#[wasm_bindgen_test]`,
/// `#[quickcheck]`: an attribute whose path ends in one of those.
fn rust_test_attribute(line: &str) -> bool {
    line.match_indices("#[").any(|(at, _)| {
        let path = line[at + 2..]
            .split(|c: char| c == '(' || c == ']' || c.is_whitespace())
            .next()
            .unwrap_or_default();
        let last = path.rsplit("::").next().unwrap_or_default();
        matches!(last, "test" | "rstest" | "quickcheck" | "wasm_bindgen_test")
            || last.starts_with("test_case")
    })
}

/// `@Test`, `@ParameterizedTest`, `@RepeatedTest`, `@TestFactory`, `@TestTemplate`: an
/// annotation whose name ends in `Test` or is one of JUnit 5's test factories.
fn java_test_annotation(line: &str) -> bool {
    line.match_indices('@').any(|(at, _)| {
        let name = line[at + 1..]
            .split(|c: char| !(c.is_alphanumeric() || c == '_' || c == '.'))
            .next()
            .unwrap_or_default();
        let last = name.rsplit('.').next().unwrap_or_default();
        last.ends_with("Test") || matches!(last, "TestFactory" | "TestTemplate")
    })
}

/// xUnit's `[Fact]` and `[Theory]`, NUnit's `[Test]`, `[TestCase(…)]` and `[TestCaseSource]`,
/// MSTest's `[TestMethod]`, one or several to a bracket, `Attribute` suffix or not.
fn csharp_test_attribute(line: &str) -> bool {
    const NAMES: [&str; 7] = [
        "Fact",
        "Theory",
        "Test",
        "TestMethod",
        "TestCase",
        "TestCaseSource",
        "DataTestMethod",
    ];
    let Some(inside) = line.strip_prefix('[') else {
        return false;
    };
    inside
        .split(',')
        .map(|part| {
            let name = part
                .trim()
                .split(|c: char| !(c.is_alphanumeric() || c == '_' || c == '.'))
                .next()
                .unwrap_or_default();
            let last = name.rsplit('.').next().unwrap_or_default();
            last.strip_suffix("Attribute").unwrap_or(last)
        })
        .any(|name| NAMES.contains(&name))
}

/// PHPUnit's `@test` doc tag and `#[Test]` attribute.
fn php_test_marker(line: &str) -> bool {
    let tagged = line.match_indices("@test").any(|(at, tag)| {
        !line[at + tag.len()..].starts_with(|c: char| c.is_alphanumeric() || c == '_')
    });
    tagged || line.contains("#[Test]") || line.contains("#[\\PHPUnit\\Framework\\Attributes\\Test]")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse;

    fn tests_in(language: Language, source: &str) -> u32 {
        parse(language, source).test_functions
    }

    #[test]
    fn rust_derives_are_read_from_the_attributes_above_a_type() {
        let source = "\
/// Big-endian.
#[derive(Clone, Copy, Debug, Hash,
    Ord, PartialOrd)]
pub enum BigEndian {}

#[cfg(feature = \"serde\")]
#[derive(serde::Serialize)]
pub struct Wire(u8);

/// serde_json's `RawValue`: the doc's example derives, not the type.
///
/// ```
/// #[derive(Deserialize)]
/// struct SomeStruct {
/// }
/// ```
#[repr(transparent)]
pub struct Plain;
";
        let parsed = parse(Language::Rust, source);
        let derived: Vec<(&str, &str)> = parsed
            .bases
            .iter()
            .map(|(at, name)| (parsed.symbols[*at as usize].name.as_str(), name.as_str()))
            .collect();
        assert_eq!(
            derived,
            [
                ("BigEndian", "Clone"),
                ("BigEndian", "Copy"),
                ("BigEndian", "Debug"),
                ("BigEndian", "Hash"),
                ("BigEndian", "Ord"),
                ("BigEndian", "PartialOrd"),
                ("Wire", "serde::Serialize"),
            ]
        );
    }

    #[test]
    fn rust_tests_are_the_functions_a_test_attribute_marks() {
        let source = "\
fn helper() -> u32 { 1 }

#[test]
fn adds() { assert_eq!(helper(), 1); }

/// Runs on the runtime.
#[tokio::test(flavor = \"multi_thread\")]
async fn spawns() {}

#[allow(unused_variables)]
#[test_case(1, 2)]
fn cases(a: u32, b: u32) {}

#[inline]
fn not_a_test() {}

mod tests {
    use super::*;
    #[test]
    fn nested() {}
}
";
        assert_eq!(tests_in(Language::Rust, source), 4);
    }

    /// thiserror's `test_backtrace.rs`: tests in a module built only under a custom `cfg` are
    /// not what a plain `cargo test` runs; `#[cfg(test)]`, `not(…)` and feature-gated ones are.
    #[test]
    fn rust_test_code_is_its_test_modules_and_test_functions() {
        let source = "pub fn api() {}\n\n#[test]\nfn top() { api(); }\n\n#[cfg(test)]\nmod tests {\n    use super::*;\n\n    #[test]\n    fn inner() { api(); }\n\n    fn helper() {}\n}\n\n#[cfg(all(test, feature = \"std\"))]\nmod std_tests {\n    fn helper() {}\n}\n\n#[cfg(feature = \"std\")]\nmod not_tests {\n    fn helper() {}\n}\n\n#[cfg(test)]\nstruct Helper;\n\n#[cfg(test)]\nimpl Helper {\n    fn new() -> Self { Helper }\n}\n";
        let parsed = crate::parse(Language::Rust, source);
        assert_eq!(
            parsed.test_spans,
            [(4, 4), (7, 14), (17, 19), (27, 27), (30, 32)]
        );
        assert!(parsed.in_test_code(13));
        assert!(parsed.in_test_code(31));
        assert!(!parsed.in_test_code(1));
        assert!(!parsed.in_test_code(22));
    }

    #[test]
    fn rust_tests_behind_a_cfg_are_not_counted() {
        let source = "#[cfg(thiserror_nightly_testing)]\npub mod structs {\n    #[test]\n    fn nightly() {}\n}\n\n#[test]\n#[cfg(all(test, loom))]\nfn with_loom() {}\n\n#[cfg(test)]\nmod tests {\n    #[test]\n    fn plain() {}\n}\n\n#[test]\n#[cfg(not(thiserror_nightly_testing))]\nfn placeholder() {}\n\n#[test]\nfn top() {}\n";
        assert_eq!(tests_in(Language::Rust, source), 3);
        let gated = "#![cfg(thiserror_nightly_testing)]\n\n#[test]\nfn nightly_only() {}\n";
        assert_eq!(tests_in(Language::Rust, gated), 0);
        // A feature may be a default one (thiserror's `std`): its tests count.
        let featured = "#![cfg(feature = \"std\")]\n\n#[test]\nfn with_std() {}\n";
        assert_eq!(tests_in(Language::Rust, featured), 1);
    }

    /// pytest runs a parametrized test once per case, the cases of stacked decorators
    /// multiplied; a list the text does not show counts once.
    #[test]
    fn pytest_fixtures_with_params_and_anyio_multiply_tests() {
        let parse = |source: &str| crate::parse(Language::Python, source).multiplying_fixtures;
        assert_eq!(
            parse(
                "import pytest\n\n@pytest.fixture(\n    scope=\"module\",\n    params=[\"a\", \"b\"],\n)\ndef backend(request):\n    return request.param\n\n@pytest.fixture\ndef client(backend):\n    return backend\n\n@pytest.fixture\ndef plain():\n    return 1\n"
            ),
            ["backend", "client", "client<backend"]
        );
        // starlette: a fixture over several lines taking anyio's; a test over several lines.
        assert_eq!(
            parse(
                "@pytest.fixture\ndef test_client_factory(\n    anyio_backend_name: str,\n    anyio_backend_options: dict,\n) -> Factory:\n    pass\n\n\ndef test_long(\n    client: TestClient,\n) -> None:\n    pass\n\n\ndef test_short(client):\n    pass\n"
            ),
            [
                "test_client_factory",
                "test_client_factory<anyio_backend_name",
                "test_client_factory<anyio_backend_options",
                "test_long<client",
            ]
        );
        assert!(parse(
            "@pytest.fixture(scope=\"module\")\ndef data():\n    return dict(params=1)\n"
        )
        .is_empty());
        assert_eq!(
            parse("import pytest\n\npytestmark = pytest.mark.anyio\n"),
            ["*"]
        );
        assert!(parse("def test_plain():\n    assert True\n").is_empty());
        // markupsafe's `conftest.py`: an autouse fixture with params runs every test below.
        assert_eq!(
            parse(
                "@pytest.fixture(\n    scope=\"session\",\n    autouse=True,\n    params=(_native, _speedups),\n)\ndef _mod(request):\n    pass\n"
            ),
            ["*autouse", "_mod"]
        );
        assert_eq!(
            parse("@pytest.fixture(autouse=True)\ndef _clean():\n    pass\n"),
            Vec::<String>::new()
        );
        // structlog's `test_output.py`: a fixture named by its decorator, taken by tests.
        assert_eq!(
            parse(
                "class TestLoggers:\n    @pytest.fixture(name=\"logger_cls\", params=(WriteLogger, PrintLogger))\n    @staticmethod\n    def _logger_cls(request):\n        return request.param\n"
            ),
            ["logger_cls"]
        );
        // structlog's `test_config.py`: cases not written out make every count a lower bound.
        for cases in [
            "range(pickle.HIGHEST_PROTOCOL + 1)",
            "CASES",
            "[x for x in LEVELS]",
            "[*LEVELS, None]",
        ] {
            let source = format!(
                "@pytest.mark.parametrize(\"proto\", {cases})\ndef test_pickle(proto):\n    pass\n"
            );
            assert_eq!(parse(&source), ["*"], "{cases}");
        }
        assert!(parse(
            "@pytest.mark.parametrize(\"proto\", [1, \"a*b\", (2, 3)])\ndef test_pickle(proto):\n    pass\n"
        )
        .is_empty());
    }

    #[test]
    fn pytest_fixtures_named_as_tests_are_none() {
        let source = "import pytest\n\n\n@pytest.fixture\ndef test_client_factory(anyio_backend_name):\n    return TestClient\n\n\n@pytest.fixture(scope=\"module\")\ndef test_data():\n    return 1\n\n\ndef test_real(test_client_factory):\n    pass\n";
        assert_eq!(tests_in(Language::Python, source), 1);
    }

    #[test]
    fn a_parametrize_mark_bound_to_a_name_counts_where_it_is_applied() {
        let source = "import pytest\n\nrepetitions = pytest.mark.parametrize(\"rep\", [0, 1, 2])\n\n\n@repetitions\ndef test_add(rep):\n    pass\n\n\ndef test_plain():\n    pass\n";
        let symbols = crate::parse(Language::Python, source).symbols;
        assert_eq!(count(Language::Python, source, &symbols), (4, 0));
    }

    #[test]
    fn pytest_parametrized_tests_count_their_cases() {
        let source = "import pytest\n\n\n@pytest.mark.parametrize(\"exc\", [ValueError, TypeError])\ndef test_raises(exc):\n    pass\n\n\n@pytest.mark.parametrize(\n    \"a, b\",\n    [\n        (1, 2),\n        (3, 4),\n        (\"x,y\", [5, 6]),\n    ],\n)\n@pytest.mark.parametrize(\"flag\", (True, False))\ndef test_pairs(a, b, flag):\n    pass\n\n\n@pytest.mark.parametrize(\"case\", CASES)\ndef test_cases(case):\n    pass\n\n\ndef test_plain():\n    pass\n";
        assert_eq!(tests_in(Language::Python, source), 2 + 3 * 2 + 1 + 1);
        // structlog's `test_stdlib.py`: the items written count, an unpacked list among them
        // adding more (the file's count is then a lower bound).
        let unpacked = "@pytest.mark.parametrize(\n    (\"allow\", \"misses\"),\n    [\n        (None, None),\n        *[({key}, None) for key in extra_dict()],\n        ({\"x\"}, None),\n    ],\n)\ndef test_add_extra(allow, misses):\n    pass\n";
        assert_eq!(tests_in(Language::Python, unpacked), 3);
        // markupsafe's `test_escape.py`: an escaped quote does not end its string.
        let commented = "@pytest.mark.parametrize(\n    (\"a\", \"b\"),\n    [\n        (1, 2),\n        (3, 4),  # Also \"x\", b/c \"y\"!\n    ],\n)\ndef test_pairs(a, b):\n    pass\n";
        assert_eq!(tests_in(Language::Python, commented), 2);
        let escaped = "@pytest.mark.parametrize(\n    (\"value\", \"expect\"),\n    (\n        (\"\\\"\", \"&#34;\"),\n        (\"'\", \"&#39;\"),\n        (\"a\\\\\", \"b\"),\n    ),\n)\ndef test_escape(value, expect):\n    pass\n";
        assert_eq!(tests_in(Language::Python, escaped), 3);
    }

    /// walkdir's doc comments: each Rust example is a doctest; `ignore`d blocks and blocks
    /// of another language are not, nor is code in a plain comment.
    #[test]
    fn rust_doc_examples_are_the_runnable_blocks_of_doc_comments() {
        let source = "//! Walk directories.\n//!\n//! ```\n//! let w = walkdir::WalkDir::new(\"foo\");\n//! ```\n\n/// Makes one.\n///\n/// ```no_run\n/// let _ = make();\n/// ```\n///\n/// ```ignore\n/// broken();\n/// ```\n///\n/// ```text\n/// output\n/// ```\n///\n/// ```rust,should_panic\n/// panic!();\n/// ```\npub fn make() {}\n\n// ```\n// not a doc\n// ```\n";
        assert_eq!(super::rust_doc_examples(source), (3, 0));
        // smallvec's `extract_if`: an item behind a feature, the `#[cfg]` above or below its
        // doc; `cfg_attr` and `cfg(doc)` gate nothing.
        let gated = "impl<A> SmallVec<A> {\n    #[cfg(feature = \"extract_if\")]\n    /// Removes.\n    ///\n    /// ```\n    /// let v = 1;\n    /// ```\n    pub fn extract_if(&mut self) {}\n\n    /// Pushes.\n    ///\n    /// ```\n    /// let v = 2;\n    /// ```\n    #[cfg(feature = \"write\")]\n    #[inline]\n    pub fn write(&mut self) {}\n\n    /// Keeps.\n    ///\n    /// ```\n    /// let v = 3;\n    /// ```\n    #[cfg_attr(docsrs, doc(cfg(feature = \"serde\")))]\n    #[inline]\n    pub fn keep(&mut self) {}\n}\n";
        assert_eq!(super::rust_doc_examples(gated), (1, 2));
        // walkdir's crate doc is a block comment: its `no_run` examples are doctests, its
        // `toml` block is not.
        let block = "/*!\nCrate docs.\n\n```toml\nwalkdir = \"2\"\n```\n\n```no_run\nuse walkdir::WalkDir;\n```\n*/\n\n/**\n * Outer.\n *\n * ```\n * let x = 1;\n * ```\n */\npub fn f() {}\n";
        assert_eq!(super::rust_doc_examples(block), (2, 0));
    }

    /// bytes' `tests/test_buf.rs`: `buf_tests!` writes the tests, once per invocation; a
    /// macro that writes tests no one invokes here, or that writes none, counts for nothing.
    #[test]
    fn rust_macros_that_write_tests_are_counted_apart() {
        let source = "macro_rules! buf_tests {
    ($make:ident) => {
        #[test]
        fn remaining() { assert!($make().len() > 0); }
    };
}

macro_rules! unused_tests {
    () => {
        #[test]
        fn never() {}
    };
}

macro_rules! helper {
    () => { 1 };
}

mod slice {
    buf_tests!(make);
}

#[test]
fn plain() { assert_eq!(helper!(), 1); }
";
        let parsed = crate::parse(Language::Rust, source);
        assert_eq!((parsed.test_functions, parsed.test_macros), (1, 1));
    }

    #[test]
    fn java_tests_are_annotated_or_junit3_methods() {
        let source = "\
public final class CodeBlockTest {
  @Test public void equalsAndHashCode() {}

  @ParameterizedTest
  @ValueSource(strings = {\"a\"})
  void each(String s) {}

  private void helper() {}

  @org.junit.jupiter.api.Test
  void qualified() {}

  private void testHelper() {}
}
";
        // `testHelper` has no `@Test`: a helper of a class that marks its tests.
        assert_eq!(tests_in(Language::Java, source), 3);
        let legacy = "\
class LegacyTest extends TestCase {
  public void testOld() {}
  public void setUp() {}
}
";
        assert_eq!(tests_in(Language::Java, legacy), 1);
    }

    /// commons-cli's `BasicParserTest` overrides its base class's tests with disabled stubs;
    /// a skipped test of Rust, xUnit or pytest is counted so too, and only those.
    #[test]
    fn disabled_tests_are_counted_apart() {
        let disabled = |language: Language, source: &str| {
            let parsed = parse(language, source);
            (parsed.test_functions, parsed.disabled_tests)
        };
        let java = "\
class BasicParserTest extends AbstractParserTestCase {
    @Override
    @Test
    @Disabled(\"not supported by the BasicParser\")
    void testAmbiguousLongWithoutEqualSingleDash() {
    }

    @Test @Ignore void stub() {}

    @Test
    void runs() {}
}
";
        assert_eq!(disabled(Language::Java, java), (3, 2));
        let rust = "#[test]\n#[ignore]\nfn slow() {}\n\n#[test]\nfn fast() {}\n";
        // anyhow's `test_backtrace`: one ignored off nightly, one for nightly; `compiletest`
        // is ignored off nightly.
        let alternatives = "#[rustversion::not(nightly)]\n#[ignore = \"requires nightly\"]\n#[test]\nfn test_backtrace() {}\n\n#[rustversion::nightly]\n#[test]\nfn test_backtrace() {\n    run();\n}\n\n#[rustversion::attr(not(nightly), ignore = \"requires nightly\")]\n#[test]\nfn ui() {}\n";
        assert_eq!(disabled(Language::Rust, alternatives), (2, 2));
        // thiserror's placeholders, ignored unless built with a `--cfg`; not under `miri` only.
        let configured = "#[test]\n#[cfg_attr(\n    not(thiserror_nightly_testing),\n    ignore = \"requires `--cfg=thiserror_nightly_testing`\"\n)]\nfn test_backtrace() {}\n\n#[test]\n#[cfg_attr(miri, ignore)]\nfn fast() {}\n";
        assert_eq!(disabled(Language::Rust, configured), (2, 1));
        // log's `source.rs`: two `mod tests`, each with its own `count`.
        let two_modules = "mod std_support {\n    #[cfg(test)]\n    mod tests {\n        #[test]\n        fn count() {}\n    }\n}\n\n#[cfg(test)]\nmod tests {\n    #[test]\n    fn count() {}\n}\n";
        assert_eq!(disabled(Language::Rust, two_modules), (2, 0));
        // log's `tests/macros.rs`: `Logger`'s method `enabled` and the test `enabled`.
        let method_first = "struct Logger;\n\nimpl Log for Logger {\n    fn enabled(&self) -> bool {\n        true\n    }\n}\n\n#[test]\nfn enabled() {}\n";
        assert_eq!(disabled(Language::Rust, method_first), (1, 0));
        assert_eq!(disabled(Language::Rust, rust), (2, 1));
        let csharp = "class T\n{\n    [Fact(Skip = \"flaky\")]\n    public void A() {}\n\n    [Fact]\n    public void B() {}\n}\n";
        assert_eq!(disabled(Language::CSharp, csharp), (2, 1));
        let python = "import pytest\n\n@pytest.mark.skip(reason=\"x\")\ndef test_a():\n    pass\n\ndef test_b():\n    pass\n\n@pytest.mark.skipif(True, reason=\"y\")\ndef test_c():\n    pass\n";
        assert_eq!(disabled(Language::Python, python), (3, 1));
    }

    #[test]
    fn csharp_tests_carry_an_xunit_nunit_or_mstest_attribute() {
        let source = "\
public class LoggerTests
{
    [Fact]
    public void WritesEvents() {}

    [Theory, InlineData(1)]
    public void Levels(int level) {}

    [TestCase(1)]
    [TestCase(2)]
    public void Cases(int n) {}

    [Obsolete]
    public void Helper() {}
}
";
        assert_eq!(tests_in(Language::CSharp, source), 3);
    }

    #[test]
    fn python_go_ruby_and_php_tests_go_by_their_names() {
        let python = "\
import pytest

def helper():
    pass

def test_adds():
    pass

class TestCache:
    def test_evicts(self):
        pass
    def setup_method(self):
        pass

class MySchema(Schema):
    def test_not_collected(self):
        pass

class CacheCase(unittest.TestCase):
    def test_collected(self):
        pass
";
        assert_eq!(tests_in(Language::Python, python), 3);
        let go = "\
package x

import \"testing\"

func TestClient(t *testing.T) {}
func FuzzParse(f *testing.F) {}
func BenchmarkDo(b *testing.B) {}
func Testify() {}
func helper() {}
func ExampleNewClient() {}
func TestMain(m *testing.M) {}
";
        // `TestMain` sets the tests up and is none of them (envconfig's `usage_test.go`).
        assert_eq!(tests_in(Language::Go, go), 2);
        let ruby = "\
class CacheTest < Minitest::Test
  def test_reads
  end
  def setup
  end
end
";
        assert_eq!(tests_in(Language::Ruby, ruby), 1);
        let php = "\
<?php
final class DotenvTest extends TestCase
{
    public function testLoads(): void {}

    /** @test */
    public function it_parses(): void {}

    #[Test]
    public function attributes(): void {}

    /** @testdox helper */
    private function helper(): void {}
}
";
        assert_eq!(tests_in(Language::Php, php), 3);
    }

    /// unittest runs a mixin's tests in every test class built on it (cachetools'
    /// `test_cached.py`: `DecoratorTestMixin` in two classes). What a class inherits from
    /// another file's (`CacheTestMixin`) is counted by render, which sees that file.
    #[test]
    fn python_mixin_tests_run_in_each_test_class_built_on_them() {
        let source = "\
import unittest
from . import CacheTestMixin


class DecoratorTestMixin:
    def test_decorator(self):
        pass

    def test_typed(self):
        pass


class CacheWrapperTest(unittest.TestCase, DecoratorTestMixin):
    def test_zero(self):
        pass


class DictWrapperTest(unittest.TestCase, DecoratorTestMixin):
    pass
";
        let parsed = parse(Language::Python, source);
        assert_eq!(parsed.test_functions, 5);
        assert!(parsed.multiplying_fixtures.is_empty());
        let inherited = "\
import unittest
from . import CacheTestMixin


class FIFOCacheTest(unittest.TestCase, CacheTestMixin):
    def test_fifo(self):
        pass
";
        let parsed = parse(Language::Python, inherited);
        assert_eq!(parsed.test_functions, 1);
        assert!(parsed.multiplying_fixtures.is_empty());
        assert_eq!(
            python_bases("class A(unittest.TestCase, Mixin, metaclass=Meta):"),
            ["TestCase", "Mixin"]
        );
    }

    /// node-tap reports an assertion made at the top level as a test point (dotenv's
    /// `tests/test-parse.js`: 47 `t.equal(…)` and no `t.test`); the hooks, a subtest's own
    /// assertions and another object's calls are none.
    #[test]
    fn tap_assertions_at_the_top_level_are_test_points() {
        let source = "\
const t = require('tap')
const parsed = parse('A=1')

t.beforeEach(() => {})
t.type(parsed, Object, 'should return an object')
t.equal(parsed.A, '1', 'sets A')
other.equal(1, 1)

t.test('nested', ct => {
  ct.equal(1, 1)
  ct.end()
})
";
        assert_eq!(tests_in(Language::JavaScript, source), 3);
        let imported = "import tap from 'tap';\ntap.ok(true);\n";
        assert_eq!(tests_in(Language::JavaScript, imported), 1);
        let not_tap = "const t = require('assert')\nt.equal(1, 1)\n";
        assert_eq!(tests_in(Language::JavaScript, not_tap), 0);
    }

    /// tape runs each `t.test` subtest as a test of its own (qs's `test/parse.js`); a
    /// `RegExp`'s `pattern.test(text)` is no test.
    #[test]
    fn tape_subtests_are_tests() {
        let source = "\
var test = require('tape');
var pattern = /a/;

test('parse()', function (t) {
    t.test('parses a simple string', function (st) {
        st.ok(pattern.test('a'));
        st.end();
    });
    t.test('arrays', (st) => { st.end(); });
    t.end();
});

test('stringify()', function (t) {
    t.ok(/x/.test('x'));
    t.end();
});
";
        assert_eq!(tests_in(Language::JavaScript, source), 4);
        assert!(parse(Language::JavaScript, source)
            .multiplying_fixtures
            .is_empty());
        // Subtests registered in a loop over cases: the count is a lower bound.
        let looped = "\
var test = require('tape');

test('cases', function (t) {
    cases.forEach(function (c) {
        t.test(c.name, function (st) { st.end(); });
    });
    t.test('one more', function (st) { st.end(); });
    t.end();
});
";
        assert_eq!(
            parse(Language::JavaScript, looped).multiplying_fixtures,
            ["*"]
        );
        // Vitest's `it.each` over a computed list: one test per case.
        let each = "\
import { describe, expect, it } from 'vitest';

describe.concurrent('redos', () => {
  it.each(CASES.map((x) => [x.path]))('%s', async (path) => {
    expect(check(path)).toBe('safe');
  });
});
";
        assert_eq!(
            parse(Language::TypeScript, each).multiplying_fixtures,
            ["*"]
        );
    }
}
