//! Items a Rust crate declares inside an item macro: tracing-subscriber's `feature! {
//! #![cfg(feature = "fmt")] pub mod fmt; }`, tokio's `cfg_rt! { pub mod runtime; }`,
//! `cfg_if::cfg_if! { if #[cfg(unix)] { mod unix; } }`. The grammar keeps a macro's body as
//! tokens, so its modules, types and functions were missing from the map (and its `mod`
//! declarations from the module tree). A top-level macro invocation whose body reads as items
//! is parsed again as Rust, and what that finds joins the file's map at its own lines.

use cartograph_core::{Import, ImportKind, ParsedFile, Symbol};
use tree_sitter::Node;

/// The largest macro body parsed again: a bigger one is data (a table), not a few items.
const MAX_BODY_BYTES: usize = 256 * 1024;

/// One macro body to parse as items: its byte range in the file (inside the delimiters), the
/// row it starts on, and the `#![cfg(...)]` that opens it, which holds for all its items.
pub(crate) struct MacroBody {
    pub start: usize,
    pub end: usize,
    pub row: usize,
    pub condition: Option<String>,
}

/// The bodies of the item macros at the top level of a file, and inside the bodies of
/// `cfg_if!`-style `if #[cfg(...)] { … }` branches, which are themselves token trees.
pub(crate) fn item_macro_bodies(root: Node<'_>, source: &str) -> Vec<MacroBody> {
    let mut bodies = Vec::new();
    let mut invocations = Vec::new();
    top_level_invocations(root, &mut invocations);
    for invocation in invocations {
        let mut trees = invocation.walk();
        let Some(tree) = invocation
            .named_children(&mut trees)
            .find(|node| node.kind() == "token_tree")
        else {
            continue;
        };
        let (start, end) = (tree.start_byte() + 1, tree.end_byte().saturating_sub(1));
        let Some(body) = source.get(start..end) else {
            continue;
        };
        if body.len() > MAX_BODY_BYTES || !reads_as_items(body) {
            continue;
        }
        bodies.push(MacroBody {
            start,
            end,
            row: tree.start_position().row,
            condition: opening_cfg(body),
        });
    }
    bodies
}

/// The macro invocations among `parent`'s items. A `cfg_if!` body parsed again reads as an
/// `if` expression (`if #[cfg(a)] { mod a; } else { cfg_if! { … } }`): the invocations in
/// its branches are items too (getrandom's `backends.rs` picks `wasi_p1` or `wasi_p2_3`
/// inside a nested `cfg_if!`).
fn top_level_invocations<'t>(parent: Node<'t>, found: &mut Vec<Node<'t>>) {
    let mut cursor = parent.walk();
    for child in parent.named_children(&mut cursor) {
        let inner = match child.kind() {
            "expression_statement" => child.named_child(0),
            _ => Some(child),
        };
        let Some(inner) = inner else {
            continue;
        };
        match inner.kind() {
            "macro_invocation" => found.push(inner),
            "if_expression" | "else_clause" | "block" => top_level_invocations(inner, found),
            _ => {}
        }
    }
}

/// The bodies of the rules of the `macro_rules!` definitions at the top level of a file whose
/// expansions `use` paths (byteorder's `benches/bench.rs`: `mod $name { use byteorder::{
/// BigEndian, … }; … }` in `bench_num!`, the benches' only use of the crate), each with its
/// metavariables (`$name`, `$(`) made plain Rust, to be parsed for the paths it uses.
pub(crate) fn macro_rule_bodies(root: Node<'_>, source: &str) -> Vec<(usize, String)> {
    let mut bodies = Vec::new();
    let mut cursor = root.walk();
    for definition in root.named_children(&mut cursor) {
        if definition.kind() != "macro_definition" {
            continue;
        }
        let mut rules = definition.walk();
        for rule in definition.named_children(&mut rules) {
            if rule.kind() != "macro_rule" {
                continue;
            }
            let Some(tree) = rule.child_by_field_name("right") else {
                continue;
            };
            let (start, end) = (tree.start_byte() + 1, tree.end_byte().saturating_sub(1));
            let Some(body) = source.get(start..end) else {
                continue;
            };
            if body.len() > MAX_BODY_BYTES
                || !body
                    .lines()
                    .any(|line| line.trim_start().starts_with("use "))
            {
                continue;
            }
            // `$name` → `m_name`, `$(` → ` (`: the same lines, and Rust a parser reads.
            let plain: String = body.replace("$(", " (").replace('$', "m_");
            bodies.push((tree.start_position().row, plain));
        }
    }
    bodies
}

/// True when a macro body holds item declarations on their own lines (`pub mod fmt;`, `pub fn
/// layer()`, `pub(crate) fn get()`, `mod unix;`), not an expression or a table of tokens.
pub(crate) fn reads_as_items(body: &str) -> bool {
    const ITEMS: [&str; 10] = [
        "pub ", "pub(", "mod ", "fn ", "struct ", "enum ", "trait ", "impl ", "use ", "type ",
    ];
    body.lines().any(|line| {
        let line = line.trim_start();
        ITEMS.iter().any(|item| line.starts_with(item))
    })
}

/// The condition of a `#![cfg(...)]` that opens a body.
fn opening_cfg(body: &str) -> Option<String> {
    let compact: String = body
        .trim_start()
        .lines()
        .next()?
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    if let Some(condition) = compact
        .strip_prefix("#![cfg(")
        .and_then(|rest| rest.strip_suffix(")]"))
    {
        return Some(condition.to_string());
    }
    // tracing's `feature!` takes the predicate bare: `#![all(feature = "fmt", feature =
    // "std")]`, `#![feature = "std"]` (no nightly `#![feature(x)]`, which has no `=`).
    let bare = compact.strip_prefix("#![")?.strip_suffix(']')?;
    ["feature=", "all(", "any(", "not(", "target_"]
        .iter()
        .any(|start| bare.starts_with(start))
        .then(|| bare.to_string())
}

/// Adds what `inner`, the parse of `body`, found to the file's symbols and imports, at the
/// file's lines; its `mod` declarations take the body's opening `cfg` when they have none.
pub(crate) fn merge(
    body: &MacroBody,
    inner: ParsedFile,
    symbols: &mut Vec<Symbol>,
    imports: &mut Vec<Import>,
) {
    let shift = u32::try_from(body.row).unwrap_or(u32::MAX);
    let known: std::collections::HashSet<(String, u32)> = symbols
        .iter()
        .map(|symbol| (symbol.name.to_string(), symbol.line))
        .collect();
    for mut symbol in inner.symbols {
        // A body that is no Rust of its own (bitflags' `const _ = Self::A.bits();` under a
        // `struct Flags: u8`) parses into names no item can have.
        if matches!(
            symbol.name.as_str(),
            "Self" | "self" | "super" | "crate" | "_"
        ) {
            continue;
        }
        symbol.line = symbol.line.saturating_add(shift);
        symbol.end_line = symbol.end_line.saturating_add(shift);
        if !known.contains(&(symbol.name.to_string(), symbol.line)) {
            symbols.push(symbol);
        }
    }
    for mut import in inner.imports {
        import.line = import.line.saturating_add(shift);
        if import.kind == ImportKind::ModDeclaration && import.condition.is_none() {
            import.condition.clone_from(&body.condition);
        }
        imports.push(import);
    }
}

#[cfg(test)]
mod tests {
    use crate::parse;
    use cartograph_core::{ImportKind, Language, Visibility};

    /// tracing-subscriber's `lib.rs`: `feature! { #![cfg(feature = "fmt")] pub mod fmt; … }`
    /// declares a public module and a function behind the feature.
    #[test]
    fn a_macro_body_opens_with_its_condition() {
        assert_eq!(
            super::opening_cfg("\n    #![cfg(feature = \"fmt\")]\n    pub mod fmt;").as_deref(),
            Some("feature=\"fmt\"")
        );
        assert_eq!(
            super::opening_cfg("\n    #![all(feature = \"fmt\", feature = \"std\")]\n").as_deref(),
            Some("all(feature=\"fmt\",feature=\"std\")")
        );
        assert_eq!(super::opening_cfg("\n    #![feature(never_type)]\n"), None);
        assert_eq!(super::opening_cfg("\n    pub mod x;\n"), None);
    }

    /// bitflags' `tests/compile-pass/unnamed.rs`: the body of `bitflags!` is no Rust of its
    /// own; `Self` in it is neither a definition nor a name the file uses.
    #[test]
    fn a_keyword_in_a_macro_body_is_no_name() {
        let source = "use bitflags::bitflags;\nuse crate::*;\n\nbitflags! {\n    pub struct Unnamed: u8 {\n        const A = 1;\n\n        const _ = Self::A.bits();\n    }\n}\n\nfn main() {}\n";
        let parsed = parse(Language::Rust, source);
        assert!(
            !parsed.symbols.iter().any(|symbol| symbol.name == "Self"),
            "{:?}",
            parsed.symbols
        );
        assert!(!parsed.package_uses.is_empty(), "{:?}", parsed.package_uses);
        assert!(!parsed.package_uses.iter().any(|name| name == "Self"));
    }

    /// byteorder's benches use the crate only in the `mod`s their `bench_num!` makes.
    #[test]
    fn the_uses_of_a_macro_rules_expansion_are_the_files_imports() {
        let source = "macro_rules! bench_num {\n    ($name:ident, $read:ident) => {\n        mod $name {\n            use byteorder::{BigEndian, ByteOrder};\n            fn read(b: u8) { BigEndian::$read(b); }\n        }\n    };\n}\n\nbench_num!(u16, read_u16);\n";
        let parsed = parse(Language::Rust, source);
        let uses: Vec<(&str, u32)> = parsed
            .imports
            .iter()
            .filter(|import| import.kind == ImportKind::Use)
            .map(|import| (import.raw.as_str(), import.line))
            .collect();
        assert_eq!(
            uses,
            [("byteorder::BigEndian", 4), ("byteorder::ByteOrder", 4)]
        );
        // The rule's items are made where it is called, not here.
        assert!(!parsed.symbols.iter().any(|symbol| symbol.name == "read"));
    }

    /// log's `error!` expands to `$crate::Level::Error` and `$crate::__private_api::log(…)`:
    /// paths of the crate that defines it, which `src/macros.rs` depends on.
    #[test]
    fn the_paths_of_a_macro_rules_expansion_are_the_files() {
        let source = "#[macro_export]\nmacro_rules! error {\n    ($($arg:tt)+) => ({\n        if $crate::Level::Error <= $crate::STATIC_MAX_LEVEL {\n            $crate::__private_api::log(format_args!($($arg)+));\n        }\n    });\n}\n";
        let parsed = parse(Language::Rust, source);
        let mut paths: Vec<&str> = parsed
            .imports
            .iter()
            .filter(|import| import.kind == ImportKind::Path)
            .map(|import| import.raw.as_str())
            .collect();
        paths.sort_unstable();
        assert_eq!(
            paths,
            [
                "crate::Level::Error",
                "crate::STATIC_MAX_LEVEL",
                "crate::__private_api::log"
            ]
        );
    }

    #[test]
    fn items_inside_an_item_macro_are_read() {
        let source = "pub mod layer;\n\nfeature! {\n    #![cfg(feature = \"fmt\")]\n    pub mod fmt;\n    /// Sets up a subscriber.\n    pub fn fmt() -> Subscriber {\n        Subscriber::new()\n    }\n}\n\nlazy_static! { static ref X: u8 = 1; }\n";
        let parsed = parse(Language::Rust, source);
        let symbols: Vec<(String, u32, Option<Visibility>, Option<String>)> = parsed
            .symbols
            .iter()
            .map(|symbol| {
                (
                    symbol.name.to_string(),
                    symbol.line,
                    symbol.visibility,
                    symbol.doc.as_deref().map(str::to_string),
                )
            })
            .collect();
        assert!(
            symbols.contains(&("fmt".to_string(), 5, Some(Visibility::Public), None)),
            "{symbols:?}"
        );
        assert!(
            symbols.contains(&(
                "fmt".to_string(),
                7,
                Some(Visibility::Public),
                Some("Sets up a subscriber.".to_string())
            )),
            "{symbols:?}"
        );
        let declarations: Vec<(String, u32, Option<String>)> = parsed
            .imports
            .iter()
            .filter(|import| import.kind == ImportKind::ModDeclaration)
            .map(|import| (import.raw.clone(), import.line, import.condition.clone()))
            .collect();
        assert_eq!(
            declarations,
            [
                ("layer".to_string(), 1, None),
                ("fmt".to_string(), 5, Some("feature=\"fmt\"".to_string())),
            ]
        );
    }

    /// getrandom's `src/backends.rs`: a `cfg_if!` branch holds another `cfg_if!`, whose
    /// branches declare the WASI backends; a third level is read too.
    #[test]
    fn a_cfg_if_inside_a_cfg_if_branch_declares_its_modules() {
        let source = "cfg_if! {\n    if #[cfg(unix)] {\n        mod unix;\n        pub use unix::*;\n    } else if #[cfg(target_os = \"wasi\")] {\n        cfg_if! {\n            if #[cfg(target_env = \"p1\")] {\n                mod wasi_p1;\n            } else {\n                cfg_if! {\n                    if #[cfg(feature = \"x\")] {\n                        mod deep;\n                    }\n                }\n            }\n        }\n    } else {\n        compile_error!(\"unsupported\");\n    }\n}\n";
        let parsed = parse(Language::Rust, source);
        let declared: Vec<(&str, u32)> = parsed
            .imports
            .iter()
            .filter(|import| import.kind == ImportKind::ModDeclaration)
            .map(|import| (import.raw.as_str(), import.line))
            .collect();
        assert_eq!(declared, [("unix", 3), ("wasi_p1", 8), ("deep", 12)]);
    }
}
