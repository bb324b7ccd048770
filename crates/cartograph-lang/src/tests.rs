#![allow(clippy::unwrap_used)]
//! Tests of the crate as a whole: every query compiles, the semantic hash ignores exactly what
//! it should, broken input is counted, imports resolve, and nothing panics.

use crate::engine::{Compiled, Role};
use crate::languages;
use crate::{parse, resolve_imports};
use cartograph_core::{
    ContentHash, FileMap, Import, ImportKind, Language, ParsedFile, RepoPath, SymbolKind,
    Visibility,
};
use proptest::prelude::*;

fn code_languages() -> impl Iterator<Item = Language> {
    Language::ALL
        .into_iter()
        .filter(|language| language.is_code())
}

fn hash(language: Language, source: &str) -> ContentHash {
    parse(language, source).semantic_hash.unwrap()
}

fn names(language: Language, source: &str) -> Vec<String> {
    parse(language, source)
        .symbols
        .into_iter()
        .map(|symbol| symbol.name.into())
        .collect()
}

#[test]
fn every_query_compiles_and_follows_the_capture_conventions() {
    for language in code_languages() {
        let support = languages::support(language).unwrap();
        let compiled = match Compiled::new(support) {
            Ok(compiled) => compiled,
            Err(error) => panic!("the {language} query does not compile: {error}"),
        };
        for role in compiled.roles() {
            assert!(
                !matches!(role, Role::Unknown(_)),
                "{language}: unknown capture {role:?}"
            );
        }
        assert!(
            compiled.roles().contains(&Role::Name),
            "{language}: no @name capture"
        );
    }
}

#[test]
fn every_code_language_has_a_grammar_and_markdown_a_scanner() {
    for language in Language::ALL {
        assert_eq!(
            languages::support(language).is_some(),
            language.is_code(),
            "{language}"
        );
    }
    assert_eq!(
        parse(Language::Markdown, "# A\n").symbols[0].kind,
        SymbolKind::Heading
    );
}

#[test]
fn non_code_files_get_only_a_text_hash() {
    for language in [
        Language::Toml,
        Language::Json,
        Language::Yaml,
        Language::Text,
    ] {
        let parsed = parse(language, "a = 1\n");
        assert_eq!(parsed.doc, None);
        assert!(parsed.symbols.is_empty() && parsed.imports.is_empty());
        assert_eq!(parsed.syntax_errors, 0);
        assert_eq!(
            parsed.semantic_hash,
            parse(language, "a = 1   \n").semantic_hash
        );
        assert_ne!(
            parsed.semantic_hash,
            parse(language, "a = 2\n").semantic_hash
        );
    }
}

const RUST: &str = "/// Adds.\npub fn add(a: u32, b: u32) -> u32 {\n    // sum\n    a + b\n}\n";

#[test]
fn rust_hash_ignores_comments_and_whitespace_but_not_code_or_docs() {
    let base = hash(Language::Rust, RUST);
    let comment_edit = "/// Adds.\npub fn add(a: u32, b: u32) -> u32 {\n    // the sum /* x */\n    a + b // done\n}\n// trailing\n";
    let whitespace_edit = "/// Adds.\npub fn add(a:u32,b:u32)->u32{a+b}\n\n\n";
    let block_comment =
        "/// Adds.\npub fn add(a: u32, /* first */ b: u32) -> u32 {\n    a + b\n}\n";
    assert_eq!(hash(Language::Rust, comment_edit), base);
    assert_eq!(hash(Language::Rust, whitespace_edit), base);
    assert_eq!(hash(Language::Rust, block_comment), base);

    let code_edit = RUST.replace("a + b", "a - b");
    let doc_edit = RUST.replace("Adds.", "Adds two numbers.");
    let string_edit = "fn s() -> &'static str { \"a b\" }";
    assert_ne!(hash(Language::Rust, &code_edit), base);
    assert_ne!(hash(Language::Rust, &doc_edit), base);
    assert_ne!(
        hash(Language::Rust, string_edit),
        hash(Language::Rust, "fn s() -> &'static str { \"a  b\" }")
    );
    assert_ne!(
        hash(Language::Rust, "//! Crate.\nfn a() {}"),
        hash(Language::Rust, "//! Other.\nfn a() {}")
    );
}

/// wcwidth's `iter_graphemes` is one of two functions, chosen when the module loads.
#[test]
fn a_python_name_chosen_by_a_condition_is_a_variable() {
    let source = "iter_graphemes = (\n    _stdlib if HAS else _python\n)\nwidth = a if b else c\nplain = (1 + 2)\n";
    assert_eq!(names(Language::Python, source), ["iter_graphemes", "width"]);
}

/// wcwidth's `tests/__init__.py`: a docstring that says the file is blank describes nothing.
#[test]
fn a_python_docstring_saying_blank_is_no_doc() {
    let parsed = parse(
        Language::Python,
        "\"\"\"This file intentionally left blank.\"\"\"\n",
    );
    assert_eq!(parsed.doc, None);
    let parsed = parse(
        Language::Python,
        "\"\"\"Blank lines are kept as written.\"\"\"\n",
    );
    assert_eq!(
        parsed.doc.as_deref(),
        Some("Blank lines are kept as written.")
    );
}

/// toolz's `curried/operator.py` defines `IGNORE` to build its namespace, then `del IGNORE`:
/// the module offers no such name.
#[test]
fn python_names_deleted_at_module_level_are_gone() {
    let source = "IGNORE = {1}\nKEEP = 2\nnames = make(IGNORE)\ndel IGNORE\ndel a, OTHER\n\ndef f():\n    LIMIT = 1\n    del LIMIT\n";
    assert_eq!(names(Language::Python, source), ["KEEP", "names", "f"]);
}

#[test]
fn python_type_aliases_are_definitions() {
    let source = "import typing\nScope = typing.MutableMapping[str, typing.Any]\nId = int | str\nJson = typing.Any\nUserId = typing.NewType(\"UserId\", int)\nASGIApp: typing.TypeAlias = typing.Callable[[Scope], None]\nClient = Scope\nLIMIT = 3\nname = \"x\"\nGreeting = \"hello\"\n\ndef f():\n    Local = int\n";
    assert_eq!(
        names(Language::Python, source),
        ["Scope", "Id", "Json", "UserId", "ASGIApp", "Client", "LIMIT", "f"]
    );
    // marshmallow's `URL = Url` is another name for the class, as `Str = String` is.
    let kinds = |source: &str| -> Vec<(String, SymbolKind)> {
        parse(Language::Python, source)
            .symbols
            .iter()
            .map(|symbol| (symbol.name.to_string(), symbol.kind))
            .collect()
    };
    let named = |pairs: &[(&str, SymbolKind)]| -> Vec<(String, SymbolKind)> {
        pairs
            .iter()
            .map(|(name, kind)| (name.to_string(), *kind))
            .collect()
    };
    assert_eq!(
        kinds("class Url:\n    pass\n\nURL = Url\nStr = Url\nLIMIT = MAX\n"),
        named(&[
            ("Url", SymbolKind::Class),
            ("URL", SymbolKind::TypeAlias),
            ("Str", SymbolKind::TypeAlias),
            ("LIMIT", SymbolKind::Constant),
        ])
    );
    // arrow's `TZ_EXPR = Union[dt_tzinfo, str]` is a type; a subscript of data is a constant.
    assert_eq!(
        kinds("TZ_EXPR = Union[dt_tzinfo, str]\nPAIR: TypeAlias = tuple[int, int]\nFIRST = NAMES[0]\n"),
        named(&[
            ("TZ_EXPR", SymbolKind::TypeAlias),
            ("PAIR", SymbolKind::TypeAlias),
            ("FIRST", SymbolKind::Constant),
        ])
    );
    // tenacity's `time_unit_type = int | float | timedelta` is a type; flags or'd together
    // are not; `wait_full_jitter = wait_random_exponential` is another name for a class.
    assert_eq!(
        kinds("time_unit_type = int | float | timedelta\nmaybe = typing.Optional[str] | None\nmode = os.O_RDONLY | os.O_CREAT\nwait_full_jitter = wait_random_exponential\n"),
        named(&[
            ("time_unit_type", SymbolKind::TypeAlias),
            ("maybe", SymbolKind::TypeAlias),
            ("wait_full_jitter", SymbolKind::Variable),
        ])
    );
    // packaging's `_structures.py` imports no `TypeVar`; its instance is no type either.
    assert_eq!(
        kinds("class InfinityType:\n    pass\n\n\nInfinity = InfinityType()\nCmpKey = (\n    tuple[int, str]\n    | tuple[int]\n)\n"),
        named(&[
            ("InfinityType", SymbolKind::Class),
            ("Infinity", SymbolKind::Variable),
            // A union written over lines in parentheses.
            ("CmpKey", SymbolKind::TypeAlias),
        ])
    );
    // tenacity's `WrappedFn = t.TypeVar(…)` is a type variable, not a type.
    assert_eq!(
        kinds("import typing as t\nWrappedFn = t.TypeVar(\"WrappedFn\", bound=t.Callable)\nP = ParamSpec(\"P\")\nUserId = t.NewType(\"UserId\", int)\nInfinity = InfinityType()\n"),
        named(&[
            ("WrappedFn", SymbolKind::Variable),
            ("P", SymbolKind::Variable),
            ("UserId", SymbolKind::TypeAlias),
            // packaging's instance of a class.
            ("Infinity", SymbolKind::Variable),
        ])
    );
}

#[test]
fn python_hash_sees_indentation_that_changes_meaning() {
    let base =
        "def f(x):\n    \"\"\"Doc.\"\"\"\n    if x:\n        a()\n        b()\n    return x\n";
    let comments_and_spacing = "def f( x ):  # note\n    \"\"\"Doc.\"\"\"\n    # why\n    if x :\n        a( )\n        b()\n    return x\n";
    let reindented = "def f(x):\n  \"\"\"Doc.\"\"\"\n  if x:\n    a()\n    b()\n  return x\n";
    let dedented =
        "def f(x):\n    \"\"\"Doc.\"\"\"\n    if x:\n        a()\n    b()\n    return x\n";
    let docstring_edit = base.replace("Doc.", "Docs.");
    assert_eq!(
        hash(Language::Python, comments_and_spacing),
        hash(Language::Python, base)
    );
    // Re-indenting a whole block consistently keeps the tree, so it keeps the hash.
    assert_eq!(
        hash(Language::Python, reindented),
        hash(Language::Python, base)
    );
    assert_ne!(
        hash(Language::Python, dedented),
        hash(Language::Python, base)
    );
    assert_ne!(
        hash(Language::Python, &docstring_edit),
        hash(Language::Python, base)
    );
}

#[test]
fn javascript_hash_ignores_comments_and_whitespace_but_not_code_or_docs() {
    let base = "/** Adds. */\nexport function add(a, b) {\n  return a + b;\n}\n";
    let comments =
        "/** Adds. */\nexport function add(a, b) { // two\n  /* sum */ return a + b;\n}\n";
    let whitespace = "/** Adds. */\nexport   function add(a,b){return a+b;}";
    let code = "/** Adds. */\nexport function add(a, b) {\n  return a * b;\n}\n";
    let doc = "/** Sums. */\nexport function add(a, b) {\n  return a + b;\n}\n";
    let line_doc = "// Sums.\nexport function add(a, b) {\n  return a + b;\n}\n";
    let other_line_doc = "// Adds.\nexport function add(a, b) {\n  return a + b;\n}\n";
    let base_hash = hash(Language::JavaScript, base);
    assert_eq!(hash(Language::JavaScript, comments), base_hash);
    assert_eq!(hash(Language::JavaScript, whitespace), base_hash);
    assert_ne!(hash(Language::JavaScript, code), base_hash);
    assert_ne!(hash(Language::JavaScript, doc), base_hash);
    // A `//` doc is an ordinary comment by syntax, but still a doc: its edits count.
    assert_ne!(
        hash(Language::JavaScript, line_doc),
        hash(Language::JavaScript, other_line_doc)
    );
    // Semicolon insertion makes a line break meaningful here, and the tree shows it.
    assert_ne!(
        hash(Language::JavaScript, "function f() { return\n1 }"),
        hash(Language::JavaScript, "function f() { return 1 }")
    );
}

#[test]
fn go_hash_keeps_doc_comments_only() {
    let base = "package p\n\n// F does it.\nfunc F() {\n\t// inside\n\tg()\n}\n";
    let inner_edit = base.replace("inside", "elsewhere");
    let doc_edit = base.replace("does it", "does that");
    assert_eq!(hash(Language::Go, &inner_edit), hash(Language::Go, base));
    assert_ne!(hash(Language::Go, &doc_edit), hash(Language::Go, base));
}

#[test]
fn syntax_errors_are_counted_and_the_valid_part_still_maps() {
    let rust = "fn broken( {\n\npub struct Fine;\n\npub fn also_fine() {}\n";
    let parsed = parse(Language::Rust, rust);
    assert!(parsed.syntax_errors > 0);
    assert!(
        names(Language::Rust, rust).contains(&"also_fine".to_string()),
        "{parsed:?}"
    );

    let python = "def ok():\n    pass\n\ndef broken(:\n    pass\n\nclass Fine:\n    pass\n";
    let parsed = parse(Language::Python, python);
    assert!(parsed.syntax_errors > 0);
    let found = names(Language::Python, python);
    assert!(
        found.contains(&"ok".to_string()) && found.contains(&"Fine".to_string()),
        "{found:?}"
    );

    let javascript = "function ok() {}\nx = = 2;\nclass Fine {}\n";
    assert!(parse(Language::JavaScript, javascript).syntax_errors > 0);
    assert!(names(Language::JavaScript, javascript).contains(&"Fine".to_string()));

    assert_eq!(parse(Language::Rust, RUST).syntax_errors, 0);
    assert_eq!(parse(Language::Rust, "").syntax_errors, 0);
}

#[test]
fn files_too_large_to_parse_are_marked_not_failed() {
    let huge = "// x\n".repeat(2 * 1024 * 1024);
    let parsed = parse(Language::Rust, &huge);
    assert_eq!(parsed.syntax_errors, 1);
    assert!(parsed.symbols.is_empty());
    assert!(parsed.semantic_hash.is_some());
}

#[test]
fn deep_nesting_does_not_overflow_the_stack() {
    let depth = 50_000;
    for (language, open, close) in [
        (Language::JavaScript, "[", "]"),
        (Language::Rust, "(", ")"),
        (Language::Python, "(", ")"),
        (Language::C, "{", "}"),
        (Language::Json, "[", "]"),
    ] {
        let source = format!("x = {}1{};", open.repeat(depth), close.repeat(depth));
        let parsed = parse(language, &source);
        assert!(parsed.semantic_hash.is_some(), "{language}");
    }
}

#[test]
fn parsing_is_deterministic_across_calls_and_threads() {
    let first = parse(Language::TypeScript, "export class A { m() {} }");
    let again = parse(Language::TypeScript, "export class A { m() {} }");
    let elsewhere = std::thread::spawn(|| parse(Language::TypeScript, "export class A { m() {} }"))
        .join()
        .unwrap();
    assert_eq!(first, again);
    assert_eq!(first, elsewhere);
    // TSX and TypeScript are distinct grammars: `<T>x` is a cast in one and JSX in the other.
    assert_eq!(
        parse(Language::TypeScript, "let y = <T>x;").syntax_errors,
        0
    );
    assert!(parse(Language::Tsx, "let y = <T>x;").syntax_errors > 0);
}

#[test]
fn doc_comments_attach_only_directly_above() {
    let source = "/// Attached.\n#[inline]\nfn a() {}\n\n/// Detached.\n\nfn b() {}\nlet x = 1; // trailing\nfn c() {}\n";
    let parsed = parse(Language::Rust, source);
    let docs: Vec<Option<&str>> = parsed
        .symbols
        .iter()
        .map(|symbol| symbol.doc.as_deref())
        .collect();
    assert_eq!(docs, [Some("Attached."), None, None]);
}

/// ky's `retry-timing.ts` opened with the note on its private `timestampThreshold`, taken for
/// what the file is about.
#[test]
fn a_comment_right_above_the_first_declaration_is_not_the_file_doc() {
    let note = "// Older values are indistinguishable, so this only applies to current headers.\nconst timestampThreshold = Date.parse('2024-01-01');\n";
    assert_eq!(parse(Language::TypeScript, note).doc, None);
    let separated = "// Parses the headers that say when to retry.\n\nconst threshold = 1;\n";
    assert_eq!(
        parse(Language::TypeScript, separated).doc.as_deref(),
        Some("Parses the headers that say when to retry.")
    );
    let over_imports = "// Parses the headers that say when to retry.\nimport {x} from './x.js';\n";
    assert_eq!(
        parse(Language::JavaScript, over_imports).doc.as_deref(),
        Some("Parses the headers that say when to retry.")
    );
    let tagged = "/** @file Parses the headers that say when to retry. */\nconst threshold = 1;\n";
    assert!(parse(Language::JavaScript, tagged).doc.is_some());
    // debug's `index.js`: the comment over the `if` that picks a build says what it does.
    let over_if = "/**\n * Detect Electron renderer / nwjs process, which is node.\n */\n\nif (typeof process === 'undefined') {\n\tmodule.exports = require('./browser.js');\n} else {\n\tmodule.exports = require('./node.js');\n}\n";
    assert_eq!(parse(Language::JavaScript, over_if).doc, None);
    // A shell script's header over its first `if [` is the script's.
    let script = "#!/bin/sh\n# Installs the hooks of the repository.\n\nif [ -z \"$1\" ]; then\n  exit 1\nfi\n";
    assert_eq!(
        parse(Language::Bash, script).doc.as_deref(),
        Some("Installs the hooks of the repository.")
    );
}

#[test]
fn file_doc_skips_licence_headers_and_definition_docs() {
    let licence_then_doc =
        "// Copyright 2024 A.\n// Licensed MIT.\n\n// Parses things.\n\nint x;\n";
    assert_eq!(
        parse(Language::C, licence_then_doc).doc.as_deref(),
        Some("Parses things.")
    );
    let licence_only = "/* Copyright 2024 A. */\n#include <x.h>\n";
    assert_eq!(parse(Language::C, licence_only).doc, None);
    let definition_doc = "/** Adds. */\nexport function add() {}\n";
    assert_eq!(parse(Language::JavaScript, definition_doc).doc, None);
    let ruby = "#!/usr/bin/env ruby\n# frozen_string_literal: true\n# Runs jobs.\n\nrequire 'x'\n";
    assert_eq!(
        parse(Language::Ruby, ruby).doc.as_deref(),
        Some("Runs jobs.")
    );
    // sinatra's `base.rb`: a label over the `require`s it names.
    let label = "# frozen_string_literal: true\n\n# external dependencies\nrequire 'rack'\n";
    assert_eq!(parse(Language::Ruby, label).doc, None);
    let short_doc = "# Runs jobs.\nrequire 'x'\n";
    assert_eq!(
        parse(Language::Ruby, short_doc).doc.as_deref(),
        Some("Runs jobs.")
    );
}

#[test]
fn rust_module_docs_kept_in_documents_are_found() {
    let source = "#![doc = include_str!(\"../docs/extract.md\")]\n#![cfg_attr(docsrs, feature(doc_cfg))]\n\n#[doc = include_str!(\"../docs/item.md\")]\npub struct Item;\n";
    let parsed = parse(Language::Rust, source);
    let includes: Vec<(&str, ImportKind)> = parsed
        .imports
        .iter()
        .map(|import| (import.raw.as_str(), import.kind))
        .collect();
    assert_eq!(includes, [("../docs/extract.md", ImportKind::DocInclude)]);
    assert!(!ImportKind::DocInclude.is_edge());
    let mut maps: Vec<FileMap> = ["src/extract/mod.rs", "src/docs/extract.md"]
        .iter()
        .map(|path| FileMap {
            path: RepoPath::new(path).unwrap(),
            hash: cartograph_core::ContentHash::of(path.as_bytes()),
            language: Language::Rust,
            bytes: 0,
            lines: 0,
            tokens: 0,
            flags: cartograph_core::FileFlags::default(),
            parsed: ParsedFile::default(),
        })
        .collect();
    maps[0].parsed = parsed;
    resolve_imports(&mut maps);
    assert_eq!(
        maps[0].parsed.imports[0]
            .resolved
            .as_ref()
            .map(RepoPath::as_str),
        Some("src/docs/extract.md")
    );
}

/// Where `raw`, imported by `from`, resolves among `files` (which need not hold `from`).
fn resolves(language: Language, from: &str, raw: &str, files: &[&str]) -> Option<String> {
    let map = |path: &str, imports: Vec<Import>| FileMap {
        path: RepoPath::new(path).unwrap(),
        hash: cartograph_core::ContentHash::of(path.as_bytes()),
        language,
        bytes: 0,
        lines: 0,
        tokens: 0,
        flags: cartograph_core::FileFlags::default(),
        parsed: ParsedFile {
            imports,
            ..ParsedFile::default()
        },
    };
    let mut maps: Vec<FileMap> = files
        .iter()
        .filter(|path| **path != from)
        .map(|path| map(path, Vec::new()))
        .collect();
    maps.push(map(from, vec![Import::new(raw)]));
    resolve_imports(&mut maps);
    let resolved = maps.pop()?.parsed.imports.pop()?.resolved;
    resolved.map(|path| path.to_string())
}

#[test]
fn resolves_javascript_and_typescript_specifiers() {
    let files = [
        "src/a.ts",
        "src/b.js",
        "src/c/index.tsx",
        "src/d.d.ts",
        "src/styles.css",
        "src/out.ts",
        "lib/x.mjs",
    ];
    let table = [
        ("src/main.ts", "./a", Some("src/a.ts")),
        ("src/main.ts", "./b.js", Some("src/b.js")),
        ("src/main.ts", "./c", Some("src/c/index.tsx")),
        ("src/main.ts", "./d", Some("src/d.d.ts")),
        ("src/main.ts", "./styles.css", Some("src/styles.css")),
        ("src/main.ts", "./out.js", Some("src/out.ts")),
        ("src/deep/x.ts", "../a", Some("src/a.ts")),
        ("src/main.ts", "../lib/x", Some("lib/x.mjs")),
        ("lib/y.js", "@/a", Some("src/a.ts")),
        ("src/main.ts", "react", None),
        ("src/main.ts", "@scope/pkg", None),
        ("src/main.ts", "../../outside", None),
    ];
    for language in [Language::JavaScript, Language::TypeScript, Language::Tsx] {
        for (from, raw, expected) in table {
            assert_eq!(
                resolves(language, from, raw, &files).as_deref(),
                expected,
                "{from} {raw}"
            );
        }
    }
}

#[test]
fn resolves_go_java_and_c_family_imports() {
    let go_files = ["pkg/util/util.go", "internal/codec/doc.go"];
    let go_table = [
        (
            "cmd/main.go",
            "github.com/acme/app/pkg/util",
            Some("pkg/util/util.go"),
        ),
        (
            "cmd/main.go",
            "github.com/acme/app/internal/codec",
            Some("internal/codec/doc.go"),
        ),
        ("cmd/main.go", "fmt", None),
        ("cmd/main.go", "github.com/other/lib", None),
    ];
    for (from, raw, expected) in go_table {
        assert_eq!(
            resolves(Language::Go, from, raw, &go_files).as_deref(),
            expected,
            "{raw}"
        );
    }

    let java_files = [
        "src/main/java/com/acme/Store.java",
        "app/src/main/java/com/acme/util/Strings.java",
        "com/acme/Plain.java",
    ];
    let java_table = [
        (
            "src/main/java/com/acme/App.java",
            "com.acme.Store",
            Some("src/main/java/com/acme/Store.java"),
        ),
        (
            "src/main/java/com/acme/App.java",
            "com.acme.Store.Inner",
            Some("src/main/java/com/acme/Store.java"),
        ),
        (
            "app/src/main/java/com/acme/App.java",
            "com.acme.util.Strings",
            Some("app/src/main/java/com/acme/util/Strings.java"),
        ),
        ("x/Y.java", "com.acme.Plain", Some("com/acme/Plain.java")),
        ("src/main/java/com/acme/App.java", "com.acme.*", None),
        ("src/main/java/com/acme/App.java", "java.util.List", None),
    ];
    for (from, raw, expected) in java_table {
        assert_eq!(
            resolves(Language::Java, from, raw, &java_files).as_deref(),
            expected,
            "{raw}"
        );
    }

    let c_files = [
        "src/buffer.h",
        "include/api.h",
        "util.h",
        "hiredis.h",
        "stdio.h",
    ];
    let c_table = [
        // hiredis' examples include `<hiredis.h>`, built with `-I.`; a tree's own `stdio.h`
        // does not stand for the system's.
        ("examples/example.c", "<hiredis.h>", Some("hiredis.h")),
        ("examples/example.c", "<stdio.h>", None),
        ("src/buffer.c", "buffer.h", Some("src/buffer.h")),
        ("src/buffer.c", "api.h", Some("include/api.h")),
        ("src/buffer.c", "util.h", Some("util.h")),
        ("src/buffer.c", "../util.h", Some("util.h")),
        ("src/buffer.c", "<stdio.h>", None),
        ("src/buffer.c", "missing.h", None),
    ];
    for language in [Language::C, Language::Cpp] {
        for (from, raw, expected) in c_table {
            assert_eq!(
                resolves(language, from, raw, &c_files).as_deref(),
                expected,
                "{raw}"
            );
        }
    }
}

#[test]
fn resolves_ruby_php_bash_and_csharp_imports() {
    let ruby_files = ["lib/mailer.rb", "lib/mailer/template.rb", "config.rb"];
    let ruby_table = [
        (
            "lib/mailer.rb",
            "./mailer/template",
            Some("lib/mailer/template.rb"),
        ),
        ("lib/mailer.rb", "../config", Some("config.rb")),
        ("bin/run.rb", "mailer", Some("lib/mailer.rb")),
        ("bin/run.rb", "json", None),
    ];
    for (from, raw, expected) in ruby_table {
        assert_eq!(
            resolves(Language::Ruby, from, raw, &ruby_files).as_deref(),
            expected,
            "{raw}"
        );
    }

    let php_files = [
        "src/helpers.php",
        "config.php",
        "app/Models/User.php",
        "src/Http/Kernel.php",
    ];
    let php_table = [
        (
            "src/index.php",
            "__DIR__/helpers.php",
            Some("src/helpers.php"),
        ),
        ("src/index.php", "config.php", Some("config.php")),
        (
            "src/index.php",
            "App\\Models\\User",
            Some("app/Models/User.php"),
        ),
        (
            "src/index.php",
            "Acme\\Http\\Kernel",
            Some("src/Http/Kernel.php"),
        ),
        ("src/index.php", "Illuminate\\Support\\Str", None),
    ];
    for (from, raw, expected) in php_table {
        assert_eq!(
            resolves(Language::Php, from, raw, &php_files).as_deref(),
            expected,
            "{raw}"
        );
    }

    let bash_files = ["scripts/lib.sh", "scripts/env.sh", "common.sh"];
    let bash_table = [
        ("scripts/deploy.sh", "./lib.sh", Some("scripts/lib.sh")),
        (
            "scripts/deploy.sh",
            "$(dirname \"$0\")/env.sh",
            Some("scripts/env.sh"),
        ),
        (
            "scripts/deploy.sh",
            "${BASH_SOURCE%/*}/env.sh",
            Some("scripts/env.sh"),
        ),
        ("scripts/deploy.sh", "$DIR/lib.sh", Some("scripts/lib.sh")),
        ("scripts/deploy.sh", "common.sh", Some("common.sh")),
        ("scripts/deploy.sh", "$HOME/.bashrc", None),
        ("scripts/deploy.sh", "/etc/profile", None),
    ];
    for (from, raw, expected) in bash_table {
        assert_eq!(
            resolves(Language::Bash, from, raw, &bash_files).as_deref(),
            expected,
            "{raw}"
        );
    }

    assert_eq!(
        resolves(Language::CSharp, "A.cs", "System.Text", &["System/Text.cs"]),
        None
    );
    assert_eq!(
        resolves(Language::Markdown, "README.md", "./x.md", &["x.md"]),
        None
    );
}

#[test]
fn an_import_of_the_file_itself_does_not_resolve() {
    assert_eq!(resolves(Language::C, "src/a.h", "a.h", &["src/a.h"]), None);
}

#[test]
fn strange_input_never_panics() {
    let long_line = "é".repeat(10_000);
    let inputs = [
        "\0\0\0",
        "\u{feff}fn main() {}",
        "\r\n\r\n",
        "/*",
        "\"\"\"",
        "<?php /**",
        "#!",
        "```",
        &long_line,
    ];
    for language in Language::ALL {
        for input in inputs {
            let _ = parse(language, input);
        }
    }
}

/// tree-sitter-bash's scanner passed a code point above 255 to `isdigit` after `{`, reading far
/// past the classification table: this input crashed the process (found by
/// `random_bytes_as_text_never_panic`, one run in three at 3,000 cases).
#[test]
fn bash_survives_a_brace_before_a_wide_code_point() {
    for source in [
        "{\u{449CE}",
        "echo {\u{449CE}..3}",
        "x=(\n{\u{10FFFF}",
        "{\u{20000},b}",
    ] {
        let parsed = parse(Language::Bash, source);
        assert!(parsed.semantic_hash.is_some());
    }
}

/// Non-ASCII text in a Bash file is narrowed for the scanner only: names and docs are the file's
/// own characters, at the file's own lines.
#[test]
fn bash_keeps_non_ascii_text_while_narrowing_it_for_the_scanner() {
    let source = "#!/bin/sh\n# 挨拶する {世界}\ngreet_世界() {\n  echo \"你好 {世界,𠀀}\"\n}\n\n# after\nbye() { :; }\n";
    let parsed = parse(Language::Bash, source);
    let names: Vec<(&str, u32)> = parsed
        .symbols
        .iter()
        .map(|symbol| (symbol.name.as_str(), symbol.line))
        .collect();
    assert_eq!(names, [("greet_世界", 3), ("bye", 8)]);
    let greet = &parsed.symbols[0];
    assert_eq!(greet.doc.as_deref(), Some("挨拶する {世界}"));
    assert_eq!(parsed.syntax_errors, 0);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn random_text_never_panics(source in "\\PC{0,400}", index in 0usize..18) {
        let language = Language::ALL[index % Language::ALL.len()];
        let parsed = parse(language, &source);
        prop_assert!(parsed.semantic_hash.is_some());
        for symbol in &parsed.symbols {
            prop_assert!(symbol.line <= symbol.end_line);
            prop_assert!(symbol.signature.chars().count() <= crate::text::MAX_SIGNATURE_CHARS);
        }
    }

    #[test]
    fn random_bytes_as_text_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..600)) {
        let source = String::from_utf8_lossy(&bytes);
        for language in Language::ALL {
            let _ = parse(language, &source);
        }
    }
}

#[test]
fn commonjs_definitions_exports_and_jsdoc_visibility() {
    let source = r#"'use strict';
var Router = require('router');

/**
 * Application prototype.
 */

var app = exports = module.exports = {};

/**
 * Initialize the server.
 *
 * @private
 */

app.init = function init() {
  this.cache = {};
};

/**
 * Proxy `Router#use()` to add middleware.
 *
 * @public
 */

app.use = function use(fn) {
  return this;
};

/**
 * Get a header.
 */
app.get = app.header = function header(name) {};

Router.prototype.route = function (path) {};

/** Normalize a type. */
exports.normalizeType = function(type){ return type; };
exports.etag = createETagGenerator({ weak: false });
exports.log = console.debug || console.log;
module.exports.View = class View {};
"#;
    let parsed = parse(Language::JavaScript, source);
    let described: Vec<String> = parsed
        .symbols
        .iter()
        .map(|symbol| {
            format!(
                "{}{} {:?} {:?} doc={:?}",
                symbol
                    .parent
                    .as_deref()
                    .map(|parent| format!("{parent}."))
                    .unwrap_or_default(),
                symbol.name,
                symbol.kind,
                symbol.visibility,
                symbol.doc.as_deref().and_then(|doc| doc.lines().next())
            )
        })
        .collect();
    assert_eq!(
        described,
        [
            "app.init Method Some(Private) doc=Some(\"Initialize the server.\")",
            "app.use Method Some(Public) doc=Some(\"Proxy `Router#use()` to add middleware.\")",
            "app.get Method None doc=Some(\"Get a header.\")",
            "Router.route Method None doc=None",
            "normalizeType Function None doc=Some(\"Normalize a type.\")",
            "etag Variable None doc=None",
            "log Variable None doc=None",
            "View Class None doc=None",
        ]
    );
    assert_eq!(
        parsed.exports,
        Some(vec![
            "View".to_string(),
            "app".to_string(),
            "etag".to_string(),
            "log".to_string(),
            "normalizeType".to_string()
        ])
    );
    // An ES module exports through `export`, not through a list.
    let es = parse(
        Language::JavaScript,
        "export function f() {}\nconst exportsLike = 1;\n",
    );
    assert_eq!(es.exports, None);
    // `module.exports = name`, `= { a, b: c }` and `= function name() {}`.
    let whole = parse(
        Language::JavaScript,
        "function a() {}\nfunction c() {}\nmodule.exports = { a, b: c, d() {} };\n",
    );
    assert_eq!(
        whole.exports,
        Some(["a", "b", "c", "d"].map(String::from).to_vec())
    );
    let named = parse(
        Language::JavaScript,
        "module.exports = function serve(root) {};\n",
    );
    assert_eq!(named.exports, Some(vec!["serve".to_string()]));
    assert_eq!(
        names(
            Language::JavaScript,
            "module.exports = function serve(root) {};\n"
        ),
        ["serve"]
    );
    // A `/** */` block one blank line above a definition documents it, unless it opens the file.
    let header = parse(
        Language::JavaScript,
        "'use strict';\n\n/**\n * Licence.\n */\n\nfunction first() {}\n\n/**\n * Second.\n */\n\nfunction second() {}\n\n// Plain.\n\nfunction third() {}\n",
    );
    let docs: Vec<Option<&str>> = header
        .symbols
        .iter()
        .map(|symbol| symbol.doc.as_deref())
        .collect();
    assert_eq!(docs, [None, Some("Second."), None]);
}

#[test]
fn go_new_types_are_not_aliases_and_unqualified_uses_are_recorded() {
    let source = "package log\n\ntype Level uint32\n\ntype Fields = map[string]any\n\n\
        type Entry struct{ Level Level }\n\nfunc (e Entry) Log() { e.log(levelName(e.Level)) }\n\n\
        func make2() Entry { x := Entry{Level: DebugLevel}; return x }\n";
    let parsed = crate::parse(Language::Go, source);
    let kinds: Vec<(&str, &str)> = parsed
        .symbols
        .iter()
        .map(|symbol| (symbol.name.as_str(), symbol.kind.as_str()))
        .collect();
    assert_eq!(
        kinds,
        [
            ("Level", "type"),
            ("Fields", "type_alias"),
            ("Entry", "struct"),
            ("Log", "method"),
            ("make2", "function"),
        ]
    );
    // The file's own top-level names, predeclared names, field names and keys are left out,
    // and so are its locals and receivers (`e`, `x`): another file's `x` is not theirs.
    assert_eq!(parsed.package_uses, ["DebugLevel", "levelName"]);
}

/// itsdangerous' `Serializer.__init__`: `@t.overload` stubs, then the implementation, which
/// is the symbol; a name with stubs only keeps its first.
#[test]
fn python_overload_stubs_give_way_to_the_implementation() {
    let source = "import typing as t\n\nclass Serializer:\n    @t.overload\n    def __init__(self, a: str) -> None:\n        \"\"\"Makes one.\"\"\"\n    @t.overload\n    def __init__(self, a: bytes) -> None: ...\n    def __init__(self, a):\n        self.a = a\n\n@overload\ndef only(x: int) -> int: ...\n@overload\ndef only(x: str) -> str: ...\n";
    let found: Vec<(String, u32, Option<String>)> = parse(Language::Python, source)
        .symbols
        .into_iter()
        .map(|symbol| {
            (
                symbol.name.to_string(),
                symbol.line,
                symbol.doc.map(|doc| doc.to_string()),
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            ("Serializer".to_string(), 3, None),
            ("__init__".to_string(), 9, Some("Makes one.".to_string())),
            ("only".to_string(), 12, None),
        ]
    );
}

/// go-cmp's `export.go` uses `reflect.StructField` and `report_slices.go` `diff.Result`: names
/// of other packages, not the package's own `StructField` and `Result`.
#[test]
fn go_qualified_types_are_no_package_uses() {
    let source = "package cmp\n\nimport (\n\t\"reflect\"\n\t\"example.com/diff\"\n)\n\nfunc f(sf reflect.StructField, r []diff.Result) Options {\n\treturn nil\n}\n";
    let parsed = parse(Language::Go, source);
    assert!(
        !parsed
            .package_uses
            .iter()
            .any(|name| name == "StructField" || name == "Result"),
        "{:?}",
        parsed.package_uses
    );
    assert!(parsed.package_uses.iter().any(|name| name == "Options"));
}

#[test]
fn a_comment_on_the_first_line_is_not_part_of_the_signature() {
    let source = "export interface Options extends Base { // eslint-disable-line x -- must stay\n\
        \ta: string;\n}\nexport const url = 'http://x'; // the default\n\
        export const path = 'a//b';\n";
    let signatures: Vec<String> = crate::parse(Language::TypeScript, source)
        .symbols
        .into_iter()
        .filter(|symbol| symbol.parent.is_none())
        .map(|symbol| symbol.signature.into())
        .collect();
    assert_eq!(
        signatures,
        [
            // The comment left out, and the members said.
            "export interface Options extends Base { a: string }",
            "export const url = 'http://x';",
            "export const path = 'a//b';",
        ]
    );
    let python = crate::parse(Language::Python, "def f(x):  # noqa: E501\n    return x\n");
    assert_eq!(python.symbols[0].signature, "def f(x):");
}

/// `(name, kind, line, visibility)` of every symbol.
fn symbols(language: Language, source: &str) -> Vec<(String, SymbolKind, u32, Option<Visibility>)> {
    parse(language, source)
        .symbols
        .into_iter()
        .map(|symbol| {
            (
                symbol.name.into(),
                symbol.kind,
                symbol.line,
                symbol.visibility,
            )
        })
        .collect()
}

/// uvicorn: `WSGIMiddleware` bound in a `try`/`except` (middleware/wsgi.py),
/// `AutoHTTPProtocol: type[asyncio.Protocol]` assigned in both branches of a `try`
/// (protocols/http/auto.py), and `ChangeReload` declared under `if TYPE_CHECKING:`
/// (supervisors/__init__.py, in `__all__`) were not symbols at all.
#[test]
fn python_names_bound_in_module_level_blocks_are_symbols_once() {
    let source = "import asyncio\n\
AutoHTTPProtocol: type[asyncio.Protocol]\n\
try:\n    import httptools\nexcept ImportError:\n    from h11_impl import H11Protocol\n    AutoHTTPProtocol = H11Protocol\n\
else:\n    AutoHTTPProtocol = HttpToolsProtocol\n\
try:\n    from a2wsgi import WSGIMiddleware\nexcept ModuleNotFoundError:\n    WSGIMiddleware = _WSGIMiddleware\n\
if TYPE_CHECKING:\n    ChangeReload: type[BaseReload]\n\
if sys.platform == 'win32':\n    LIMIT = 1\nelse:\n    LIMIT = 2\n\
with suppress(ImportError):\n    Loop = uvloop.Loop\n\
class Config:\n    Default = Other\n    NAME = 'x'\n    def f(self):\n        Local = int\n\
for name in names:\n    Each = name\n\
if __name__ == '__main__':\n    PORT = 8000\n";
    let module_level: Vec<(String, SymbolKind, u32)> = symbols(Language::Python, source)
        .into_iter()
        .map(|(name, kind, line, _)| (name, kind, line))
        .collect();
    let symbol = |name: &str, kind: SymbolKind, line: u32| (name.to_string(), kind, line);
    assert_eq!(
        module_level,
        [
            symbol("AutoHTTPProtocol", SymbolKind::TypeAlias, 2),
            symbol("WSGIMiddleware", SymbolKind::TypeAlias, 13),
            symbol("ChangeReload", SymbolKind::TypeAlias, 15),
            symbol("LIMIT", SymbolKind::Constant, 17),
            symbol("Loop", SymbolKind::TypeAlias, 21),
            symbol("Config", SymbolKind::Class, 22),
            symbol("f", SymbolKind::Method, 25),
        ]
    );
}

/// pyjwt's `encode = _jwt_global_obj.encode` (its main API, which `__all__` names) and its
/// tests' `crypto_required = pytest.mark.skipif(...)` are names other modules import; a module's
/// logger and values computed inside functions are not.
#[test]
fn python_module_level_objects_are_variables() {
    let source = "import logging\nimport pytest\n\nlogger = logging.getLogger(__name__)\n_private = object()\nencode = _obj.encode\ncrypto_required = pytest.mark.skipif(True, reason='x')\nnames = ['a']\n\ndef f():\n    local = g()\n";
    let variables: Vec<String> = parse(Language::Python, source)
        .symbols
        .into_iter()
        .filter(|symbol| symbol.kind == SymbolKind::Variable)
        .map(|symbol| symbol.name.into())
        .collect();
    assert_eq!(variables, ["encode", "crypto_required"]);
    // humanize's `TYPE_CHECKING = False` guard is no constant of its API.
    let guard = "TYPE_CHECKING = False\nLIMIT = 3\n";
    let names: Vec<String> = parse(Language::Python, guard)
        .symbols
        .into_iter()
        .map(|symbol| symbol.name.into())
        .collect();
    assert_eq!(names, ["LIMIT"]);
}

/// pyjwt's tests `import jwt` inside a test and call `jwt.PyJWS()`: a use of the package's
/// `PyJWS`, as after an import at the top.
#[test]
fn python_module_uses_follow_imports_made_inside_functions() {
    let source = "import os\n\nclass TestJWS:\n    def test_key(self):\n        import jwt as j\n        jws = j.PyJWS()\n\ndef f():\n    from pkg import sub\n    return sub.g(os.sep)\n";
    let uses = parse(Language::Python, source).module_uses;
    for expected in [("jwt", "PyJWS"), ("pkg.sub", "g"), ("os", "sep")] {
        assert!(
            uses.contains(&(expected.0.to_string(), expected.1.to_string())),
            "{expected:?} in {uses:?}"
        );
    }
}

/// tenacity's `retry: "RetryBaseT | tasyncio.retry.RetryBaseT"`, after `from . import asyncio
/// as tasyncio` under `TYPE_CHECKING`: a quoted annotation uses the names it would unquoted.
#[test]
fn python_module_uses_read_quoted_annotations() {
    let source = "import typing as t\nif t.TYPE_CHECKING:\n    from . import asyncio as tasyncio\n\ndef retry(\n    retry: \"RetryBaseT | tasyncio.retry.RetryBaseT\" = None,\n) -> \"tasyncio.AsyncRetrying\":\n    return 'tasyncio.not_a_use'\n";
    let uses = parse(Language::Python, source).module_uses;
    for expected in [
        (".asyncio.retry", "RetryBaseT"),
        (".asyncio", "AsyncRetrying"),
    ] {
        assert!(
            uses.contains(&(expected.0.to_string(), expected.1.to_string())),
            "{expected:?} in {uses:?}"
        );
    }
    // A string that is no annotation names nothing.
    assert!(
        !uses.iter().any(|(_, name)| name == "not_a_use"),
        "{uses:?}"
    );
}

/// ky's `test/retry.ts`: `const {HTTPError} = await import('../source/index.js')` inside a
/// test, and a `require` made where it is needed, take names from those modules.
#[test]
fn javascript_module_uses_follow_imports_made_inside_functions() {
    let source = "const { top } = require('./top');\ntest('x', async t => {\n  const { HTTPError, TimeoutError: Late } = await import('../source/index.js');\n  const lazy = () => { const { parse } = require('./parse'); return parse; };\n  const mod = await import(name);\n});\n";
    let uses = parse(Language::TypeScript, source).module_uses;
    for expected in [
        ("./top", "top"),
        ("../source/index.js", "HTTPError"),
        ("../source/index.js", "TimeoutError"),
        ("./parse", "parse"),
    ] {
        assert!(
            uses.contains(&(expected.0.to_string(), expected.1.to_string())),
            "{expected:?} in {uses:?}"
        );
    }
    assert_eq!(uses.len(), 4, "{uses:?}");
}

/// nanoid's `test/index.test.js` takes its names in a loop, from either of two namespace
/// imports: `let { nanoid, random } = type === 'node' ? node : browser`.
#[test]
fn javascript_destructuring_of_namespace_aliases_takes_their_names() {
    let source = "import * as browser from '../index.browser.js'\nimport * as node from '../index.js'\n\nfor (let type of ['node', 'browser']) {\n  let { nanoid, random } =\n    type === 'node' ? node : browser\n  let { other } = unknown\n}\n";
    let uses = parse(Language::JavaScript, source).module_uses;
    for expected in [
        ("../index.js", "nanoid"),
        ("../index.js", "random"),
        ("../index.browser.js", "nanoid"),
        ("../index.browser.js", "random"),
    ] {
        assert!(
            uses.contains(&(expected.0.to_string(), expected.1.to_string())),
            "{expected:?} in {uses:?}"
        );
    }
    assert_eq!(uses.len(), 4, "{uses:?}");
}

/// body-parser's `bodyParser`: its doc says what it did before; its body only throws now. An
/// abstract stub (`throw new Error('not implemented')`) keeps its doc.
#[test]
fn javascript_functions_that_only_throw_say_so() {
    let source = "/**\n * Create a middleware to parse bodies.\n *\n * @deprecated\n */\nfunction bodyParser () {\n  throw new Error('The generic has been split into individual middleware.')\n}\n\n/** Parses. */\nexport function parse (x) {\n  // Subclasses parse.\n  throw new Error('Not implemented')\n}\n\n/** Reads. */\nfunction read (x) {\n  if (!x) throw new Error('no')\n  return x\n}\n";
    let docs: Vec<(String, Option<String>)> = parse(Language::JavaScript, source)
        .symbols
        .into_iter()
        .map(|symbol| {
            (
                symbol.name.to_string(),
                symbol.doc.map(|doc| doc.to_string()),
            )
        })
        .collect();
    assert_eq!(
        docs,
        [
            (
                "bodyParser".to_string(),
                Some("Only throws an error: \u{201c}The generic has been split into individual middleware.\u{201d}\n\n@deprecated".to_string())
            ),
            ("parse".to_string(), Some("Parses.".to_string())),
            ("read".to_string(), Some("Reads.".to_string())),
        ]
    );
}

/// uvicorn and most typed Python: imports under `if TYPE_CHECKING:` never run, so they are
/// not runtime dependencies; the `else:` branch's imports are.
#[test]
fn python_imports_under_type_checking_are_not_runtime_imports() {
    let source = "from typing import TYPE_CHECKING\nimport typing\n\
if TYPE_CHECKING:\n    from app.config import Config\n    import app.server\n\
else:\n    from app.reload import Reload\n\
if typing.TYPE_CHECKING:\n    from app.types import Scope\n\
if TYPE_CHECKING or bool(os.getenv(\"SPHINX_BUILD\", \"\")):\n    from app.jwk import PyJWK\n";
    let kinds: Vec<(String, ImportKind)> = parse(Language::Python, source)
        .imports
        .into_iter()
        .map(|import| (import.raw, import.kind))
        .collect();
    let import = |raw: &str, kind: ImportKind| (raw.to_string(), kind);
    assert_eq!(
        kinds,
        [
            import("typing", ImportKind::Import),
            import("typing", ImportKind::Import),
            import("app.config", ImportKind::TypeOnly),
            import("app.server", ImportKind::TypeOnly),
            import("app.reload", ImportKind::Import),
            import("app.types", ImportKind::TypeOnly),
            // pyjwt's guard that the documentation build sets too.
            import("app.jwk", ImportKind::TypeOnly),
        ]
    );
}

/// compare/nftw.c: `static int display_info(...)` is file-local, but was shown as public API.
#[test]
fn c_and_cpp_static_functions_are_private() {
    let c = "static int display_info(const char *p) { return 0; }\nint walk(void) { return 1; }\nstatic void helper(void);\n";
    let visibilities: Vec<(String, Option<Visibility>)> = symbols(Language::C, c)
        .into_iter()
        .map(|(name, _, _, visibility)| (name, visibility))
        .collect();
    assert_eq!(
        visibilities,
        [
            ("display_info".to_string(), Some(Visibility::Private)),
            ("walk".to_string(), None),
            ("helper".to_string(), Some(Visibility::Private)),
        ]
    );
    let cpp = "namespace a {\nstatic int local() { return 0; }\n}\nclass S {\n  static int shared();\n};\nint S::shared() { return 1; }\n";
    let visibilities: Vec<(String, Option<Visibility>)> = symbols(Language::Cpp, cpp)
        .into_iter()
        .map(|(name, _, _, visibility)| (name, visibility))
        .collect();
    assert!(visibilities.contains(&("local".to_string(), Some(Visibility::Private))));
    assert!(visibilities
        .iter()
        .filter(|(name, _)| name == "shared")
        .all(|(_, visibility)| *visibility != Some(Visibility::Private)));
}

/// verify/all.sh: `is-excluded` was listed as "Public API"; a script has none.
#[test]
fn shell_functions_are_private() {
    let visibilities: Vec<Option<Visibility>> = symbols(
        Language::Bash,
        "is-excluded() {\n  true\n}\nfunction main {\n  :\n}\n",
    )
    .into_iter()
    .map(|(_, _, _, visibility)| visibility)
    .collect();
    assert_eq!(
        visibilities,
        [Some(Visibility::Private), Some(Visibility::Private)]
    );
}

/// jotai's src/vanilla/internals.ts exports its functions only through a local clause
/// (`export { buildStore as INTERNAL_buildStoreRev2, ... }`) and showed no public API at all.
#[test]
fn javascript_names_of_local_export_clauses_are_public() {
    let source = "const buildStore = () => {};\nfunction isPromiseLike(x) { return !!x; }\n\
class Store {}\nconst helper = () => {};\nfunction local() {}\nconst fallback = () => {};\n\
export { buildStore as INTERNAL_buildStore, isPromiseLike, Store };\n\
export { helper as other } from './elsewhere';\nexport default fallback;\n";
    for language in [Language::JavaScript, Language::TypeScript] {
        let visibilities: Vec<(String, Option<Visibility>)> = symbols(language, source)
            .into_iter()
            .map(|(name, _, _, visibility)| (name, visibility))
            .collect();
        assert_eq!(
            visibilities,
            [
                ("buildStore".to_string(), Some(Visibility::Public)),
                ("isPromiseLike".to_string(), Some(Visibility::Public)),
                ("Store".to_string(), Some(Visibility::Public)),
                // The clause with `from` names `./elsewhere`'s `helper`, not this one.
                ("helper".to_string(), None),
                ("local".to_string(), None),
                ("fallback".to_string(), Some(Visibility::Public)),
            ],
            "{language:?}"
        );
    }
    assert_eq!(
        parse(Language::TypeScript, source).export_aliases,
        [
            ("INTERNAL_buildStore".to_string(), "buildStore".to_string()),
            ("other".to_string(), "helper".to_string()),
        ]
    );
    let typescript = "type Getter = () => void;\ninterface Options {}\nexport type { Getter, Options as StoreOptions };\n";
    let visibilities: Vec<Option<Visibility>> = symbols(Language::TypeScript, typescript)
        .into_iter()
        .map(|(_, _, _, visibility)| visibility)
        .collect();
    assert_eq!(
        visibilities,
        [Some(Visibility::Public), Some(Visibility::Public)]
    );
}

/// httpx lists `__title__`, `__description__` and `__version__` in its `__all__`; they are
/// module attributes its users read. `__all__` is the list itself.
#[test]
fn python_module_metadata_is_public() {
    let source = "__title__ = \"httpx\"\n__version__ = \"0.28.1\"\n__all__ = [\"__title__\"]\nclass A:\n    __slots__ = ()\n";
    let found: Vec<(String, Option<Visibility>)> = symbols(Language::Python, source)
        .into_iter()
        .filter(|(name, ..)| name.starts_with("__"))
        .map(|(name, _, _, visibility)| (name, visibility))
        .collect();
    assert_eq!(
        found,
        [
            ("__title__".to_string(), Some(Visibility::Public)),
            ("__version__".to_string(), Some(Visibility::Public)),
        ]
    );
}

/// zustand's `export const create = (<T>(createState) => ...) as Create` was listed as a
/// constant: a function behind a type assertion or parentheses is a function.
#[test]
fn typescript_functions_behind_assertions_are_functions() {
    let source = "export const create = (<T>(state: T) => state) as Create\nconst plain = ((x: number) => x)\nexport const checked = ((x: number) => x) satisfies Fn\nexport const persist = persistImpl as unknown as Persist\n";
    let kinds: Vec<(String, SymbolKind)> = symbols(Language::TypeScript, source)
        .into_iter()
        .map(|(name, kind, _, _)| (name, kind))
        .collect();
    assert_eq!(
        kinds,
        [
            ("create".to_string(), SymbolKind::Function),
            ("plain".to_string(), SymbolKind::Function),
            ("checked".to_string(), SymbolKind::Function),
            ("persist".to_string(), SymbolKind::Constant),
        ]
    );
}

/// cJSON's tests declare `int CJSON_CDECL main(void)`: the calling-convention macro splits the
/// definition in the grammar's reading, and `main` was lost.
#[test]
fn a_c_function_behind_a_calling_convention_macro_keeps_its_name() {
    let source = "int CJSON_CDECL main(void)\n{\n    return 0;\n}\n\n\
                  static void CJSON_CDECL helper(int x)\n{\n}\n\nint plain(void) { return 1; }\n";
    for language in [Language::C, Language::Cpp] {
        let names: Vec<String> = parse(language, source)
            .symbols
            .into_iter()
            .map(|symbol| symbol.name.into())
            .collect();
        assert_eq!(names, ["main", "helper", "plain"], "{language:?}");
    }
}

/// serde_json's `#[doc(hidden)] pub enum State` ("Not public API. Should be pub(crate).") and
/// `#[doc(hidden)] pub mod __private` were listed as its public API.
#[test]
fn rust_doc_hidden_items_are_no_public_api() {
    let source = "/// Shown.\npub struct Shown;\n\n// Not public API.\n#[doc(hidden)]\n#[derive(Eq, PartialEq)]\npub enum State { Empty }\n\n#[doc( hidden )]\npub mod __private {}\n\n#[derive(Debug)]\npub struct AlsoShown;\n\n#[doc = include_str!(\"../README.md\")]\n#[cfg(doctest)]\npub struct ReadmeDoctests;\n";
    let visibility: Vec<(String, Option<Visibility>)> = symbols(Language::Rust, source)
        .into_iter()
        .map(|(name, _, _, visibility)| (name, visibility))
        .collect();
    assert_eq!(
        visibility,
        [
            ("Shown".to_string(), Some(Visibility::Public)),
            ("State".to_string(), Some(Visibility::Crate)),
            ("__private".to_string(), Some(Visibility::Crate)),
            ("AlsoShown".to_string(), Some(Visibility::Public)),
            // env_logger's: compiled for rustdoc's doctests only.
            ("ReadmeDoctests".to_string(), Some(Visibility::Crate)),
        ]
    );
}

/// redux's `createStore`: the doc sits on the first overload; the implementation has none.
#[test]
fn typescript_overloaded_function_takes_its_first_overload_s_doc() {
    let source = "/**\n * Creates a Redux store.\n * @deprecated use configureStore\n */\nexport function createStore(r: R): S\n/** Second. */\nexport function createStore(r: R, e: E): S\nexport function createStore(r: R, e?: E): S {\n  return s\n}\n\n/** Own doc. */\nexport function f(): void\nexport function f(): void {}\n";
    let parsed = parse(Language::TypeScript, source);
    let docs: Vec<(&str, Option<&str>)> = parsed
        .symbols
        .iter()
        .map(|symbol| (symbol.name.as_str(), symbol.doc.as_deref()))
        .collect();
    assert_eq!(
        docs,
        [
            (
                "createStore",
                Some("Creates a Redux store.\n@deprecated use configureStore")
            ),
            ("f", Some("Own doc.")),
        ]
    );
}

/// tracing-core's `#[deprecated(since = "0.1.2", note = "use try_close")] fn drop_span`: the
/// doc says so, where the pages look.
#[test]
fn rust_deprecated_items_say_so_in_their_doc() {
    let source = "pub trait Subscriber {\n    /// Drops a span.\n    #[deprecated(since = \"0.1.2\", note = \"use `Subscriber::try_close` instead\")]\n    fn drop_span(&self, _id: u64) {}\n}\n\n#[deprecated]\npub fn old() {}\n\npub fn new() {}\n";
    let docs = docs_of(Language::Rust, source);
    assert!(
        docs.contains(&(
            "drop_span".to_string(),
            Some("Drops a span.\n\nDeprecated: use `Subscriber::try_close` instead".to_string())
        )),
        "{docs:?}"
    );
    assert!(
        docs.contains(&("old".to_string(), Some("Deprecated.".to_string()))),
        "{docs:?}"
    );
    assert!(docs.contains(&("new".to_string(), None)), "{docs:?}");
}

/// thiserror's `impl/src/lib.rs`: `#[proc_macro_derive(Error, ...)] pub fn derive_error` is the
/// derive `Error` users write; `#[proc_macro]` and `#[proc_macro_attribute]` functions are
/// macros of their names; a helper is not touched.
#[test]
fn rust_procedural_macros_are_the_macros_users_write() {
    let source = "use proc_macro::TokenStream;\n\n#[proc_macro_derive(Error, attributes(backtrace, error, from, source))]\npub fn derive_error(input: TokenStream) -> TokenStream {\n    expand(input)\n}\n\n#[proc_macro]\npub fn html(input: TokenStream) -> TokenStream { input }\n\n#[proc_macro_attribute]\npub fn route(_a: TokenStream, item: TokenStream) -> TokenStream { item }\n\nfn expand(input: TokenStream) -> TokenStream { input }\n";
    let symbols: Vec<(String, SymbolKind, Option<Visibility>, String)> =
        parse(Language::Rust, source)
            .symbols
            .into_iter()
            .map(|symbol| {
                (
                    symbol.name.to_string(),
                    symbol.kind,
                    symbol.visibility,
                    symbol.signature.to_string(),
                )
            })
            .collect();
    let public_macro = |name: &str, signature: &str| {
        (
            name.to_string(),
            SymbolKind::Macro,
            Some(Visibility::Public),
            signature.to_string(),
        )
    };
    assert_eq!(
        symbols,
        [
            public_macro(
                "Error",
                "#[proc_macro_derive(Error,attributes(backtrace,error,from,source))] pub fn derive_error(input: TokenStream) -> TokenStream {"
            ),
            public_macro(
                "html",
                "#[proc_macro] pub fn html(input: TokenStream) -> TokenStream { input }"
            ),
            public_macro(
                "route",
                "#[proc_macro_attribute] pub fn route(_a: TokenStream, item: TokenStream) -> TokenStream { item }"
            ),
            (
                "expand".to_string(),
                SymbolKind::Function,
                Some(Visibility::Private),
                "fn expand(input: TokenStream) -> TokenStream { input }".to_string()
            ),
        ]
    );
}

/// The docs of a source's symbols, by name.
fn docs_of(language: Language, source: &str) -> Vec<(String, Option<String>)> {
    parse(language, source)
        .symbols
        .into_iter()
        .map(|symbol| {
            (
                symbol.name.to_string(),
                symbol.doc.map(|doc| doc.to_string()),
            )
        })
        .collect()
}

/// gson's `@Deprecated public JsonParser()` under a Javadoc `@deprecated` tag says so once;
/// an annotation alone says "Deprecated."; the class of the same name is untouched.
#[test]
fn java_deprecated_annotations_say_so_in_their_doc() {
    let source = "public final class JsonParser {\n  /**\n   * @deprecated Use the static methods.\n   */\n  @Deprecated\n  public JsonParser() {}\n\n  /** Parses. */\n  @Deprecated\n  @InlineMe(replacement = \"x\")\n  public JsonElement parse(String json) { return null; }\n\n  @java.lang.Deprecated public static final int OLD = 1;\n\n  public JsonElement parseString(String json) { return null; }\n}\n";
    let docs = docs_of(Language::Java, source);
    let doc = |name: &str, line_doc: Option<&str>| {
        docs.contains(&(name.to_string(), line_doc.map(str::to_string)))
    };
    assert!(doc("JsonParser", None), "{docs:?}");
    assert!(
        doc("JsonParser", Some("@deprecated Use the static methods.")),
        "{docs:?}"
    );
    assert!(doc("parse", Some("Parses.\n\nDeprecated.")), "{docs:?}");
    assert!(doc("OLD", Some("Deprecated.")), "{docs:?}");
    assert!(doc("parseString", None), "{docs:?}");
}

/// PEP 702's `@deprecated("Use g")` and the `deprecated` package's `reason=`; a decorator that
/// merely contains the word does not count.
#[test]
fn python_deprecated_decorators_say_so_in_their_doc() {
    let source = "from warnings import deprecated\n\n@deprecated(\"Use g\")\ndef f():\n    \"\"\"Does f.\"\"\"\n\n@deprecated.deprecated(version=\"1.2\", reason=\"gone\")\nclass C:\n    pass\n\n@typing_extensions.deprecated\ndef h():\n    pass\n\n@not_deprecated_yet\ndef g():\n    pass\n";
    let docs = docs_of(Language::Python, source);
    assert!(
        docs.contains(&(
            "f".to_string(),
            Some("Does f.\n\nDeprecated: Use g".to_string())
        )),
        "{docs:?}"
    );
    assert!(
        docs.contains(&("C".to_string(), Some("Deprecated: gone".to_string()))),
        "{docs:?}"
    );
    assert!(
        docs.contains(&("h".to_string(), Some("Deprecated.".to_string()))),
        "{docs:?}"
    );
    assert!(docs.contains(&("g".to_string(), None)), "{docs:?}");
}

/// C#'s `[Obsolete("Use Run")]` and `[System.Obsolete]`.
#[test]
fn csharp_obsolete_attributes_say_so_in_their_doc() {
    let source = "namespace N {\n  public class Runner {\n    /// <summary>Starts.</summary>\n    [Obsolete(\"Use Run\")]\n    public void Start() {}\n\n    [System.Obsolete]\n    public class Old {}\n\n    [Serializable]\n    public void Run() {}\n  }\n}\n";
    let docs = docs_of(Language::CSharp, source);
    let start = docs.iter().find(|(name, _)| name == "Start");
    assert!(
        start.is_some_and(|(_, doc)| doc
            .as_deref()
            .is_some_and(|doc| doc.ends_with("\n\nDeprecated: Use Run"))),
        "{docs:?}"
    );
    assert!(
        docs.contains(&("Old".to_string(), Some("Deprecated.".to_string()))),
        "{docs:?}"
    );
    assert!(docs.contains(&("Run".to_string(), None)), "{docs:?}");
}

/// ripgrep's `grep`: `pub extern crate grep_pcre2 as pcre2;` under a feature re-exports the
/// crate as `pcre2`; a private `extern crate` only names it.
#[test]
fn rust_public_extern_crates_are_reexports() {
    let source = "pub extern crate grep_cli as cli;\n#[cfg(feature = \"pcre2\")]\npub extern crate grep_pcre2 as pcre2;\nextern crate serde;\n";
    let reexports: Vec<(String, Option<String>, Option<String>)> = parse(Language::Rust, source)
        .imports
        .into_iter()
        .filter(|import| import.kind == ImportKind::Reexport)
        .map(|import| (import.raw, import.name, import.condition))
        .collect();
    assert_eq!(
        reexports,
        [
            ("grep_cli".to_string(), Some("cli".to_string()), None),
            (
                "grep_pcre2".to_string(),
                Some("pcre2".to_string()),
                Some("feature=\"pcre2\"".to_string())
            ),
        ]
    );
}

/// monolog's `Level` enum: its cases are its constants, as a class's `const` are.
#[test]
fn php_enum_cases_are_constants_of_their_enum() {
    let source = "<?php\nnamespace Monolog;\n\nenum Level: int\n{\n    case Debug = 100;\n    case Info = 200;\n\n    public function getName(): string { return ''; }\n}\n";
    let found: Vec<(String, SymbolKind, Option<String>)> = parse(Language::Php, source)
        .symbols
        .into_iter()
        .map(|symbol| {
            (
                symbol.name.to_string(),
                symbol.kind,
                symbol.parent.map(|p| p.to_string()),
            )
        })
        .collect();
    let level = Some("Level".to_string());
    assert!(
        found.contains(&("Debug".to_string(), SymbolKind::Constant, level.clone())),
        "{found:?}"
    );
    assert!(
        found.contains(&("Info".to_string(), SymbolKind::Constant, level.clone())),
        "{found:?}"
    );
}

/// monolog: `extends \Monolog\Test\MonologTestCase` imports that class, `Curl\Util` in
/// namespace `Monolog\Handler` is `Monolog\Handler\Curl\Util`, `Handler\X` after `use
/// Monolog\Handler;` is under it; `\DateTimeImmutable` is PHP's own, never the namespace's
/// `DateTimeImmutable`.
#[test]
fn php_qualified_names_in_code_are_imports() {
    let source = "<?php\nnamespace Monolog\\Handler;\n\nuse Monolog\\Formatter;\nuse Psr\\Log\\LoggerInterface;\n\nclass StreamHandlerTest extends \\Monolog\\Test\\MonologTestCase\n{\n    public function f(\\DateTimeImmutable $d): Formatter\\LineFormatter\n    {\n        Curl\\Util::execute($ch);\n        \\strlen('x');\n        return new Formatter\\LineFormatter();\n    }\n}\n";
    let parsed = parse(Language::Php, source);
    let raws: Vec<&str> = parsed
        .imports
        .iter()
        .map(|import| import.raw.as_str())
        .collect();
    // `use Monolog\\Formatter;` only brings the prefix of `Formatter\\LineFormatter`: no class
    // `Formatter` is used. `LoggerInterface` is not used in code at all: an import that loads
    // nothing.
    assert_eq!(
        raws,
        [
            "Psr\\Log\\LoggerInterface",
            "Monolog\\Test\\MonologTestCase",
            "Monolog\\Formatter\\LineFormatter",
            "Monolog\\Handler\\Curl\\Util",
        ]
    );
    let kinds: Vec<ImportKind> = parsed.imports.iter().map(|import| import.kind).collect();
    assert_eq!(
        kinds,
        [
            ImportKind::TypeOnly,
            ImportKind::Import,
            // Written inside a method: imports made in a function body.
            ImportKind::Local,
            ImportKind::Local
        ]
    );
    assert!(
        !parsed
            .package_uses
            .iter()
            .any(|name| name == "DateTimeImmutable"),
        "{:?}",
        parsed.package_uses
    );
}

/// log's `src/kv/mod.rs` declares `value` twice, under conditions that exclude each other
/// (only whether it is public depends on the feature): one declaration, under no condition.
#[test]
fn a_rust_module_declared_twice_is_compiled_under_either_condition() {
    let source = "mod error;\n\n#[cfg(not(feature = \"kv_unstable\"))]\nmod value;\n#[cfg(feature = \"kv_unstable\")]\npub mod value;\n\n#[cfg(unix)]\nmod sys;\n#[cfg(windows)]\nmod sys;\n";
    let declared: Vec<(String, Option<String>, bool)> = parse(Language::Rust, source)
        .imports
        .into_iter()
        .filter(|import| import.kind == ImportKind::ModDeclaration)
        .map(|import| (import.raw, import.condition, import.private))
        .collect();
    assert_eq!(
        declared,
        [
            ("error".to_string(), None, true),
            ("value".to_string(), None, false),
            (
                "sys".to_string(),
                Some("any(unix, windows)".to_string()),
                true
            ),
        ]
    );
    // Public only under the feature that makes the second declaration `pub`.
    let public: Vec<Option<String>> = parse(Language::Rust, source)
        .imports
        .into_iter()
        .filter(|import| import.kind == ImportKind::ModDeclaration)
        .map(|import| import.public_condition)
        .collect();
    assert_eq!(
        public,
        [None, Some("feature=\"kv_unstable\"".to_string()), None]
    );
}

/// ky's `types/hooks.ts`: `import type` (and an import of `type` names only) is erased when
/// compiled, and so is its `index.ts`'s `export type {…} from`; a value imported beside a type
/// runs.
#[test]
fn typescript_type_only_imports_never_run() {
    let source = "import type {Options} from '../index.js';\nimport {type A, type B} from './a.js';\nimport {type C, d} from './c.js';\nimport typeMap from './map.js';\nimport type E from './e.js';\nexport type {F} from './f.js';\nexport {type G, type H} from './g.js';\nexport {I, type J} from './i.js';\n";
    let kinds: Vec<(String, ImportKind)> = parse(Language::TypeScript, source)
        .imports
        .into_iter()
        .map(|import| (import.raw, import.kind))
        .collect();
    let import = |raw: &str, kind| (raw.to_string(), kind);
    assert_eq!(
        kinds,
        [
            import("../index.js", ImportKind::TypeOnly),
            import("./a.js", ImportKind::TypeOnly),
            import("./c.js", ImportKind::Import),
            import("./map.js", ImportKind::Import),
            import("./e.js", ImportKind::TypeOnly),
            // Types passed on, which the layers and diagrams leave out as they do `import type`.
            import("./f.js", ImportKind::TypeReexport),
            import("./g.js", ImportKind::TypeReexport),
            import("./i.js", ImportKind::Reexport),
        ]
    );
}

/// FastRoute: `use FastRoute\\Dispatcher;` is a use of the interface where code writes
/// `Dispatcher` alone, and only a namespace where it writes `Dispatcher\\CharCountBased`; a
/// `use` only a PHPDoc tag names is for type checking.
#[test]
fn php_use_lines_are_what_the_code_writes_with_them() {
    let alone = "<?php\nnamespace App;\n\nuse FastRoute\\Dispatcher;\n\nfunction f(): int { return Dispatcher::FOUND; }\n";
    let prefix = "<?php\nnamespace App;\n\nuse FastRoute\\Dispatcher;\n\nfunction f(): string { return Dispatcher\\CharCountBased::class; }\n";
    let docblock = "<?php\nnamespace FastRoute;\n\nuse FastRoute\\DataGenerator;\n\n/** @phpstan-import-type ExtraParameters from DataGenerator */\nfinal class Matched {}\n";
    let whole =
        "<?php\nnamespace App;\n\nuse Foo\\Bar;\n\nfunction f() { return \\Foo\\Bar::make(); }\n";
    let imports = |source: &str| -> Vec<(String, ImportKind)> {
        parse(Language::Php, source)
            .imports
            .into_iter()
            .map(|import| (import.raw, import.kind))
            .collect()
    };
    let import = |raw: &str, kind| (raw.to_string(), kind);
    assert_eq!(
        imports(alone),
        [import("FastRoute\\Dispatcher", ImportKind::Import)]
    );
    assert_eq!(
        imports(prefix),
        [import(
            "FastRoute\\Dispatcher\\CharCountBased",
            ImportKind::Local
        )]
    );
    assert_eq!(
        imports(docblock),
        [import("FastRoute\\DataGenerator", ImportKind::TypeOnly)]
    );
    assert_eq!(imports(whole), [import("Foo\\Bar", ImportKind::Import)]);
}

/// httpx's `__init__.py`: `main` is the CLI imported from `._main`; the stub defined when the
/// import fails is no symbol. A fallback for another error, or of a name not imported, stays.
#[test]
fn python_import_error_fallbacks_are_not_symbols() {
    let source = "try:\n    from ._main import main\nexcept ImportError:  # pragma: no cover\n\n    def main() -> None:\n        def inner():\n            pass\n        print('install httpx[cli]')\n\ntry:\n    import ujson as json\nexcept (ImportError, ModuleNotFoundError):\n    json = None\n    def dumps(x):\n        return x\n\ntry:\n    from x import y\nexcept ValueError:\n    def y():\n        pass\n\ndef request():\n    pass\n";
    let names: Vec<String> = parse(Language::Python, source)
        .symbols
        .into_iter()
        .map(|symbol| format!("{}:{}", symbol.name, symbol.line))
        .collect();
    assert_eq!(names, ["dumps:14", "y:20", "request:23"], "{names:?}");
}

/// filelock's `__init__.py`: `FileLock = SoftFileLock` under `if TYPE_CHECKING:` is what the
/// type checker sees; `FileLock = _FileLock` is what runs. A value only the checker sees
/// stays, and so does a class.
#[test]
fn python_type_checking_twins_are_not_symbols() {
    let source = "from typing import TYPE_CHECKING\n\nif TYPE_CHECKING:\n    FileLock = SoftFileLock\n\n    class Proto:\n        def m(self):\n            pass\n\n    Alias = int\nelse:\n    Alias = str\n\nFileLock = _FileLock\n\nclass Proto:\n    pass\n";
    let names: Vec<String> = parse(Language::Python, source)
        .symbols
        .into_iter()
        .map(|symbol| format!("{}:{}", symbol.name, symbol.line))
        .collect();
    // A class written for the type checker stays: it says the shape of what runs.
    assert_eq!(
        names,
        ["Proto:6", "m:7", "Alias:12", "FileLock:14", "Proto:16"],
        "{names:?}"
    );
}

/// tracing's `#[doc(hidden)] pub use tracing_core::span::Id;` serves its macros: no re-export
/// for users, unlike `pub use tracing_core::Level;`.
#[test]
fn rust_hidden_reexports_are_plain_uses() {
    let source = "#[doc(hidden)]\npub use tracing_core::span::Id;\npub use tracing_core::Level;\n";
    let kinds: Vec<(String, ImportKind)> = parse(Language::Rust, source)
        .imports
        .into_iter()
        .map(|import| (import.raw, import.kind))
        .collect();
    assert_eq!(
        kinds,
        [
            ("tracing_core::span::Id".to_string(), ImportKind::Use),
            ("tracing_core::Level".to_string(), ImportKind::Reexport),
        ]
    );
}

/// serde_json's `#[cfg(feature = "float_roundtrip")] mod lexical;`: the declaration records
/// the condition it is compiled under; `cfg_attr` and doc attributes are none.
#[test]
fn rust_mod_declarations_record_their_cfg() {
    let source = "#[cfg(feature = \"float_roundtrip\")]\nmod lexical;\n#[cfg(feature = \"std\")]\n#[cfg_attr(docsrs, doc(cfg(feature = \"std\")))]\npub mod ser;\n#[cfg(unix)]\n#[cfg(not(feature = \"std\"))]\nmod sys;\n/// Always.\nmod plain;\n";
    let conditions: Vec<(String, Option<String>)> = parse(Language::Rust, source)
        .imports
        .into_iter()
        .map(|import| (import.raw, import.condition))
        .collect();
    assert_eq!(
        conditions,
        [
            (
                "lexical".to_string(),
                Some("feature=\"float_roundtrip\"".to_string())
            ),
            ("ser".to_string(), Some("feature=\"std\"".to_string())),
            (
                "sys".to_string(),
                Some("all(unix,not(feature=\"std\"))".to_string())
            ),
            ("plain".to_string(), None),
        ]
    );
}

/// serde_json's sealed `Read` trait: its `#[doc(hidden)]` methods serve the crate's own
/// deserializer; the others are as public as the trait.
#[test]
fn rust_doc_hidden_trait_methods_are_no_public_api() {
    let source = "pub trait Read<'de>: private::Sealed {\n    #[doc(hidden)]\n    fn next(&mut self) -> Result<Option<u8>>;\n\n    /// Shown.\n    fn byte_offset(&self) -> usize;\n}\n";
    let visibility: Vec<(String, Option<Visibility>)> = symbols(Language::Rust, source)
        .into_iter()
        .map(|(name, _, _, visibility)| (name, visibility))
        .collect();
    assert_eq!(
        visibility,
        [
            ("Read".to_string(), Some(Visibility::Public)),
            ("next".to_string(), Some(Visibility::Crate)),
            ("byte_offset".to_string(), None),
        ]
    );
}

/// zerolog's `journald.go`: build constraints, the package comment, a blank line, then the
/// package clause. `go doc` drops the comment; it is still what describes the package.
#[test]
fn go_package_comment_kept_from_its_clause_by_a_blank_line_is_the_file_doc() {
    let source = "//go:build !windows\n// +build !windows\n\n// Package journald provides a io.Writer to send the logs\n// to journalD component of systemd.\n\npackage journald\n\n// This file provides a zerolog writer.\n\nfunc New() {}\n";
    assert_eq!(
        parse(Language::Go, source).doc.as_deref(),
        Some("Package journald provides a io.Writer to send the logs\nto journalD component of systemd.")
    );
    // A licence header is no package doc.
    let licence = "// Copyright 2020 The Authors.\n\npackage x\n";
    assert_eq!(parse(Language::Go, licence).doc, None);
}

/// chi's `tree.go` says what it is in a comment under its package clause, apart from the
/// imports; a comment right above a declaration is that declaration's, and a directive is
/// no description.
#[test]
fn go_comment_under_the_package_clause_is_the_file_doc() {
    let tree = "package chi\n\n// Radix tree implementation below is a based on the original work by\n// Armon Dadgar. It's been heavily modified for use as a HTTP routing tree.\n\nimport (\n\t\"fmt\"\n)\n\nfunc Walk() {}\n";
    assert_eq!(
        parse(Language::Go, tree).doc.as_deref(),
        Some("Radix tree implementation below is a based on the original work by\nArmon Dadgar. It's been heavily modified for use as a HTTP routing tree.")
    );
    for source in [
        "package chi\n\n// Walk walks the tree.\nfunc Walk() {}\n",
        "package chi\n\n//go:generate stringer -type=Kind\n\nfunc Walk() {}\n",
        "package chi // import \"github.com/go-chi/chi\"\n\nfunc Walk() {}\n",
    ] {
        assert_eq!(parse(Language::Go, source).doc, None, "{source}");
    }
}

/// sinatra's `Response`: the methods below `private` are no API.
#[test]
fn ruby_methods_below_private_are_private() {
    let source = "class Response\n  def finish; end\n\n  private\n\n  def drop_body?; end\n\n  public\n\n  def each; end\n\n  private def hidden; end\n\n  protected\n\n  def compare; end\nend\n";
    let parsed = parse(Language::Ruby, source);
    let methods: Vec<(&str, Option<Visibility>)> = parsed
        .symbols
        .iter()
        .filter(|symbol| symbol.kind == SymbolKind::Method)
        .map(|symbol| (symbol.name.as_str(), symbol.visibility))
        .collect();
    assert_eq!(
        methods,
        vec![
            ("finish", None),
            ("drop_body?", Some(Visibility::Private)),
            ("each", None),
            ("hidden", Some(Visibility::Private)),
            ("compare", Some(Visibility::Private)),
        ]
    );
}

/// ky's `index.ts` builds its main object in a `const` and exports it as the default; chalk
/// renames one of its own on the way out. Bindings no export names stay no symbols.
#[test]
fn module_bindings_an_export_names_are_public_symbols_and_the_rest_none() {
    for language in [Language::TypeScript, Language::JavaScript] {
        let source = "import x from 'x';\nconst debug = x('ky');\nconst createInstance = () => ({});\nconst ky = createInstance();\nlet count = 0, stdoutColor = 1;\nvar table = {};\nconst {\n\tsendMessage,\n\tinner: getOne,\n\thidden,\n} = ipc();\nexport const [first] = pair();\nexport default ky;\nexport { stdoutColor as supportsColor, sendMessage, getOne };\nexport const version = '1';\n";
        let parsed = parse(language, source);
        let symbols: Vec<(&str, SymbolKind, Option<Visibility>)> = parsed
            .symbols
            .iter()
            .map(|symbol| (symbol.name.as_str(), symbol.kind, symbol.visibility))
            .collect();
        assert_eq!(
            symbols,
            vec![
                ("createInstance", SymbolKind::Function, None),
                ("ky", SymbolKind::Constant, Some(Visibility::Public)),
                (
                    "stdoutColor",
                    SymbolKind::Variable,
                    Some(Visibility::Public)
                ),
                (
                    "sendMessage",
                    SymbolKind::Constant,
                    Some(Visibility::Public)
                ),
                ("getOne", SymbolKind::Constant, Some(Visibility::Public)),
                ("first", SymbolKind::Constant, Some(Visibility::Public)),
                ("version", SymbolKind::Constant, Some(Visibility::Public)),
            ],
            "{language:?}"
        );
        // execa's `const { sendMessage, … } = getIpcExport();`, on one line.
        let send = &parsed.symbols[3];
        assert_eq!(
            (send.line, send.signature.as_str()),
            (8, "const { sendMessage, inner: getOne, hidden, } = ipc();")
        );
        assert_eq!(
            parsed.symbols[5].signature,
            "export const [first] = pair();"
        );
        assert_eq!(
            parsed.clause_exports[0],
            ("default".to_string(), "ky".to_string())
        );
    }
    let named = parse(
        Language::JavaScript,
        "export default function parse() {}\nexport default class Parser {}\nexport default {};\n",
    );
    let pair = |exported: &str, inner: &str| (exported.to_string(), inner.to_string());
    assert_eq!(
        named.clause_exports,
        vec![pair("default", "parse"), pair("default", "Parser")]
    );
}

/// express's `index.js`, `module.exports = require('./lib/express')`, passes that module on
/// whole, as `export * from` would; a `require` assigned elsewhere passes nothing on.
#[test]
fn a_commonjs_module_that_exports_a_require_passes_that_module_on() {
    let parsed = parse(
        Language::JavaScript,
        "'use strict';\nmodule.exports = require('./lib/express');\n",
    );
    assert_eq!(
        parsed.clause_exports,
        vec![("*".to_string(), "./lib/express".to_string())]
    );
    assert_eq!(parsed.imports.len(), 1);
    assert_eq!(parsed.imports[0].kind, ImportKind::Reexport);
    let other = parse(
        Language::JavaScript,
        "var x = require('./a');\nmodule.exports.b = require('./b');\nfunction f() {\n  module.exports = require('./c');\n}\n",
    );
    assert!(
        other.clause_exports.is_empty(),
        "{:?}",
        other.clause_exports
    );
    assert!(
        other
            .imports
            .iter()
            .all(|import| import.kind != ImportKind::Reexport),
        "{:?}",
        other.imports
    );
}

/// deepmerge's tests `require(\`..\`)`: a template without substitutions names its module as a
/// string would; one with a substitution names none.
#[test]
fn a_require_of_a_plain_template_is_an_import() {
    for language in [Language::JavaScript, Language::TypeScript] {
        let parsed = parse(
            language,
            "const merge = require(`..`)\nconst tape = require('tape')\nconst x = require(`./${name}`)\n",
        );
        let raws: Vec<&str> = parsed
            .imports
            .iter()
            .map(|import| import.raw.as_str())
            .collect();
        assert_eq!(raws, ["..", "tape"], "{language:?}");
    }
}

/// picomatch's `index.js` copies all of `./lib/picomatch` onto the function it exports
/// (`Object.assign(picomatch, pico)`): it passes that module on whole; a module copied onto
/// an object it does not export passes nothing on.
#[test]
fn a_module_copied_onto_the_exports_is_passed_on() {
    let parsed = parse(
        Language::JavaScript,
        "'use strict';\nconst pico = require('./lib/picomatch');\nconst utils = require('./lib/utils');\nconst other = require('./lib/other');\nfunction picomatch() {}\nObject.assign(picomatch, pico);\nObject.assign({}, other);\nmodule.exports = picomatch;\n",
    );
    assert_eq!(
        parsed.clause_exports,
        vec![("*".to_string(), "./lib/picomatch".to_string())]
    );
    let kinds: Vec<(&str, ImportKind)> = parsed
        .imports
        .iter()
        .map(|import| (import.raw.as_str(), import.kind))
        .collect();
    assert_eq!(
        kinds,
        [
            ("./lib/picomatch", ImportKind::Reexport),
            ("./lib/utils", ImportKind::Import),
            ("./lib/other", ImportKind::Import)
        ]
    );
}

/// koa's `request.js` and `context.js` export an object literal: its methods, getters and
/// function-valued properties are public members (a setter goes with its getter, a method
/// named `set` is one); an object
/// literal that is not the module's export defines nothing.
#[test]
fn the_methods_of_an_exported_object_literal_are_its_api() {
    let source = "'use strict'\n\nconst proto = module.exports = {\n  /**\n   * Return JSON.\n   */\n  toJSON () {\n    return {}\n  },\n  get header () {\n    return this.req.headers\n  },\n  set header (val) {\n    this.req.headers = val\n  },\n  parse: (str) => str.split('&'),\n  set (field, val) {\n    this.res.setHeader(field, val)\n  },\n  limit: 3\n}\n\nconst other = {\n  hidden () {}\n}\n";
    let parsed = parse(Language::JavaScript, source);
    let members: Vec<(&str, SymbolKind, u32)> = parsed
        .symbols
        .iter()
        .map(|symbol| (symbol.name.as_str(), symbol.kind, symbol.line))
        .collect();
    assert_eq!(
        members
            .iter()
            .filter(|(_, kind, ..)| *kind == SymbolKind::Method)
            .copied()
            .collect::<Vec<_>>(),
        vec![
            ("toJSON", SymbolKind::Method, 7),
            ("header", SymbolKind::Method, 10),
            ("parse", SymbolKind::Method, 16),
            // koa's `response.set(field, val)` is a method named `set`, not a setter.
            ("set", SymbolKind::Method, 17),
        ],
        "{members:?}"
    );
    // The module's exports name them, which makes them public in the graph.
    let exports = parsed.exports.clone().unwrap_or_default();
    for name in ["toJSON", "header", "parse"] {
        assert!(exports.iter().any(|export| export == name), "{exports:?}");
    }
    let to_json = &parsed.symbols.iter().find(|symbol| symbol.name == "toJSON");
    assert_eq!(
        to_json.and_then(|symbol| symbol.doc.as_deref()),
        Some("Return JSON.")
    );
    let plain = parse(
        Language::JavaScript,
        "const api = {\n  hidden () {}\n}\nexport default api\n",
    );
    assert!(
        plain.symbols.iter().all(|symbol| symbol.name != "hidden"),
        "{:?}",
        plain.symbols
    );
}

/// axios's `helpers/parseHeaders.js` is one anonymous function exported by default under a
/// JSDoc: that doc is the file's. A file with a leading comment keeps it; a named export's doc
/// stays its symbol's.
#[test]
fn the_doc_of_an_anonymous_default_export_is_the_file_s() {
    let anonymous = parse(
        Language::JavaScript,
        "'use strict';\n\nimport utils from './../utils.js';\n\n/**\n * Parse headers into an object\n *\n * @param {String} rawHeaders Headers needing to be parsed\n */\nexport default rawHeaders => {\n  return {};\n};\n",
    );
    assert!(
        anonymous
            .doc
            .as_deref()
            .is_some_and(|doc| doc.starts_with("Parse headers into an object\n")),
        "{:?}",
        anonymous.doc
    );
    let commonjs = parse(
        Language::JavaScript,
        "/**\n * Pick the given keys.\n */\nmodule.exports = (obj, keys) => ({})\n",
    );
    assert_eq!(commonjs.doc.as_deref(), Some("Pick the given keys."));
    let typescript = parse(
        Language::TypeScript,
        "/** Merge two configs. */\nexport default function (a: object, b: object) {\n  return {};\n}\n",
    );
    assert_eq!(typescript.doc.as_deref(), Some("Merge two configs."));
    let named = parse(
        Language::JavaScript,
        "import x from './x.js';\n\n/** Parses. */\nexport default function parse() {}\n",
    );
    assert_eq!(named.doc, None, "the doc is `parse`'s");
    let prototype = parse(
        Language::JavaScript,
        "'use strict'\n\n/**\n * Context prototype.\n */\n\nconst proto = module.exports = {\n  inspect () {}\n}\n",
    );
    assert_eq!(prototype.doc.as_deref(), Some("Context prototype."));
    let one_word = parse(
        Language::JavaScript,
        "'use strict'\n\nconst qs = require('querystring')\n\n/**\n * Prototype.\n */\n\nmodule.exports = {\n  get header () {}\n}\n",
    );
    assert_eq!(one_word.doc, None, "one word names the value, not the file");
}

/// commander's `index.js` imports its classes from `lib/` and exports them again; ky's
/// `index.ts` passes names on with `export { … } from` and `export type { … } from`.
#[test]
fn names_a_module_exports_without_defining_them_are_clause_exports() {
    let source = "import { Command } from './lib/command.js';\nimport { Err as E } from './lib/error.js';\nimport Help from './lib/help.js';\nexport const program = new Command();\nexport { Command, Help };\nexport { E as InvalidArgumentError };\nexport { HTTPError, a as b } from './errors.js';\nexport * from './types.js';\nexport * as utils from './utils.js';\nconst local = 1;\nexport { local };\n";
    let parsed = parse(Language::JavaScript, source);
    let pair = |exported: &str, inner: &str| (exported.to_string(), inner.to_string());
    assert_eq!(
        parsed.clause_exports,
        vec![
            pair("Command", "Command"),
            pair("Help", "default"),
            pair("InvalidArgumentError", "Err"),
            pair("HTTPError", "HTTPError"),
            pair("b", "a"),
            pair("*", "./types.js"),
            pair("local", "local"),
        ]
    );
    let typescript = parse(
        Language::TypeScript,
        "export type {Options, Hooks} from './types/options.js';\nexport {KyError} from './errors/KyError.js';\n",
    );
    assert_eq!(
        typescript.clause_exports,
        vec![
            pair("Options", "Options"),
            pair("Hooks", "Hooks"),
            pair("KyError", "KyError"),
        ]
    );
    // ky's `index.ts`: what it sets on its default export, there or in the function that
    // makes it, is public as `ky.stop`.
    let entry = parse(
        Language::TypeScript,
        "import {stop as halt, retry} from './core/constants.js';\nconst createInstance = () => {\n  const ky = () => {};\n  ky.retry = retry;\n  return ky;\n};\nconst ky = createInstance();\nky.stop = halt;\nother.x = retry;\nky.version = '1';\nexport default ky;\n",
    );
    assert_eq!(
        entry.clause_exports,
        vec![
            pair("default", "ky"),
            pair("ky.retry", "retry"),
            pair("ky.stop", "stop"),
        ]
    );
}

/// koa's `__tests__/request/accepts.test.js` and chalk's `test/visible.js` define nothing: their
/// top-level `describe(...)` and `test(...)` blocks are what say what they test.
#[test]
fn top_level_test_blocks_are_counted_and_titled() {
    let koa = "'use strict'\nconst { describe, it } = require('node:test')\n\ndescribe('ctx.accepts(types)', () => {\n  it('should return all accepted types', () => {})\n})\n";
    let blocks = parse(Language::JavaScript, koa).test_blocks.unwrap();
    assert_eq!(
        (blocks.count, blocks.titles),
        (1, vec!["ctx.accepts(types)".to_string()])
    );
    let ava = "import test from 'ava';\ntest('visible: don\\'t output', t => {});\ntest.serial(`no output`, t => {});\ntest(`level ${x}`, t => {});\ndescribe.only(\"only\", () => {});\nfoo('not a test', () => {});\n";
    let blocks = parse(Language::TypeScript, ava).test_blocks.unwrap();
    assert_eq!(blocks.count, 4);
    assert_eq!(
        blocks.titles,
        vec!["visible: don't output", "no output", "only"]
    );
    // express's `test/res.send.js`: one group around one group, named as Mocha names it.
    let express = "describe('res', function(){\n  describe('.send()', function(){\n    it('should set body', function(done){})\n    it('should set length', function(done){})\n  })\n})\n";
    let blocks = parse(Language::JavaScript, express).test_blocks.unwrap();
    assert_eq!(
        (blocks.count, blocks.titles),
        (1, vec!["res .send()".to_string()])
    );
    assert!(parse(
        Language::JavaScript,
        "function test() {}\nexport default test;\n"
    )
    .test_blocks
    .is_none());
    // pino's `test/diagnostics.test.js`: node:test's hooks are no tests.
    let hooks = "const test = require('node:test')\ntest.beforeEach(ctx => {})\ntest.afterEach(ctx => {})\ntest('asJson emits events', async (t) => {})\ntest('context is not lost', async (t) => {})\n";
    let parsed = parse(Language::JavaScript, hooks);
    let blocks = parsed.test_blocks.unwrap();
    assert_eq!(
        (blocks.count, blocks.titles),
        (
            2,
            vec![
                "asJson emits events".to_string(),
                "context is not lost".to_string()
            ]
        )
    );
    assert_eq!(parsed.test_functions, 2);
    // ky: AVA's `test.macro` makes a body tests reuse, and a function the file exports
    // registers tests for its callers: neither is a test of the file.
    let ava = "import test from 'ava';\nconst macro = test.macro(async (t, x) => {});\ntest('uses it', macro, 1);\nexport const browserTest = (title, run) => {\n  test.serial(title, run);\n};\nexport function other(title) {\n  test(title, t => {});\n}\n";
    assert_eq!(parse(Language::TypeScript, ava).test_functions, 1);
}

/// httparty's `spec/httparty/request_spec.rb`: `RSpec.describe HTTParty::Request do`.
#[test]
fn rspec_describe_blocks_are_test_blocks() {
    let spec = "require 'spec_helper'\n\nRSpec.describe HTTParty::Request do\n  it 'works' do\n  end\nend\n\ndescribe \"the parser\" do\nend\n\nputs 'x'\n";
    let blocks = parse(Language::Ruby, spec).test_blocks.unwrap();
    assert_eq!(
        (blocks.count, blocks.titles),
        (
            2,
            vec!["HTTParty::Request".to_string(), "the parser".to_string()]
        )
    );
    assert!(parse(Language::Ruby, "describe_thing(1)\n")
        .test_blocks
        .is_none());
}

/// anyhow's `ensure!` is a `#[macro_export] macro_rules!` given to another macro's invocation
/// (`__ensure![...]`, once per `#[cfg]`), which adds its doc; `cfg_if!` branches hold macros
/// the same way. The grammar reads tokens there: the macro was missing from the API. A
/// `macro_rules!` without `#[macro_export]`, one named by a metavariable, and one that a
/// macro's expansion would define are no definitions of the file.
#[test]
fn rust_exported_macros_inside_macro_invocations_are_found() {
    let source = r#"macro_rules! __ensure {
    ($ensure:item) => {
        /// Return early with an error if a condition is not satisfied.
        ///
        /// More.
        $ensure
    };
}

#[cfg(doc)]
__ensure![
    #[macro_export]
    macro_rules! ensure {
        ($cond:expr $(,)?) => {};
    }
];

#[cfg(not(doc))]
__ensure![
    #[macro_export]
    #[cfg_attr(not(no_clippy), clippy::format_args)]
    macro_rules! ensure {
        ($($tt:tt)*) => {};
    }
];

cfg_if::cfg_if! {
    if #[cfg(unix)] {
        /// Unix only.
        #[macro_export]
        macro_rules! on_unix { () => {} }
        macro_rules! private_helper { () => {} }
        #[doc(hidden)]
        #[macro_export]
        macro_rules! __hidden { () => {} }
    }
}

define! {
    #[macro_export]
    macro_rules! $name { () => {} }
    #[macro_export]
    macro_rules! outer { () => { #[macro_export] macro_rules! inner { () => {} } } }
}

mod inline {
    wrap! { #[macro_export] macro_rules! in_module { () => {} } }
}
"#;
    /// Name, line, visibility, the doc's first line and the parent of a macro.
    type Found<'a> = (
        &'a str,
        u32,
        Option<Visibility>,
        Option<&'a str>,
        Option<&'a str>,
    );
    let parsed = parse(Language::Rust, source);
    let macros: Vec<Found<'_>> = parsed
        .symbols
        .iter()
        .filter(|symbol| symbol.kind == SymbolKind::Macro)
        .map(|symbol| {
            (
                symbol.name.as_str(),
                symbol.line,
                symbol.visibility,
                symbol.doc.as_deref().and_then(|doc| doc.lines().next()),
                symbol.parent.as_deref(),
            )
        })
        .collect();
    let ensure_doc = Some("Return early with an error if a condition is not satisfied.");
    assert_eq!(
        macros,
        [
            ("__ensure", 1, None, None, None),
            ("ensure", 13, Some(Visibility::Public), ensure_doc, None),
            ("ensure", 22, Some(Visibility::Public), ensure_doc, None),
            (
                "on_unix",
                31,
                Some(Visibility::Public),
                Some("Unix only."),
                None
            ),
            ("__hidden", 35, Some(Visibility::Crate), None, None),
            ("outer", 43, Some(Visibility::Public), None, None),
            (
                "in_module",
                47,
                Some(Visibility::Public),
                None,
                Some("inline")
            ),
        ]
    );
    let ensure = parsed.symbols.iter().find(|symbol| symbol.name == "ensure");
    assert_eq!(
        ensure.map(|symbol| (symbol.signature.as_str(), symbol.end_line)),
        Some(("macro_rules! ensure {", 15))
    );
}

/// MediatR declares `IRequestHandler<TRequest, TResponse>` and `IRequestHandler<TRequest>` in
/// one file: two types, each with its own `Handle`. A member names its generic type with the
/// type's parameters; a member of a plain type, or of a nested type, names that type.
#[test]
fn csharp_members_name_their_generic_type_with_its_parameters() {
    let source = "namespace MediatR;\n\npublic interface IRequestHandler<in TRequest, TResponse>\n    where TRequest : IRequest<TResponse>\n{\n    Task<TResponse> Handle(TRequest request);\n}\n\npublic interface IRequestHandler<in TRequest>\n{\n    Task Handle(TRequest request);\n}\n\npublic class Wrapper\n{\n    public void Run() { }\n    public class Inner<T>\n    {\n        public void Go() { }\n    }\n}\n";
    let members: Vec<(String, Option<String>)> = parse(Language::CSharp, source)
        .symbols
        .into_iter()
        .map(|symbol| (symbol.name.into(), symbol.parent.map(Into::into)))
        .collect();
    let member = |name: &str, parent: &str| (name.to_string(), Some(parent.to_string()));
    assert_eq!(
        members,
        [
            ("MediatR".to_string(), None),
            member("IRequestHandler", "MediatR"),
            member("Handle", "IRequestHandler<TRequest, TResponse>"),
            member("IRequestHandler", "MediatR"),
            member("Handle", "IRequestHandler<TRequest>"),
            member("Wrapper", "MediatR"),
            member("Run", "Wrapper"),
            member("Inner", "Wrapper"),
            member("Go", "Inner<T>"),
        ]
    );
}

/// axios's `utils.js`, `adapters.js` and `defaults/transitional.js` export an object literal by
/// default: its keys are the module's API. A shorthand key or one given a binding of the module
/// exports that binding (a function, or a `const` that would otherwise be no symbol); a method
/// or function-valued key is a method of the module, as in `module.exports = {…}`; a key given
/// a value is a constant, documented by the comment above it. `module.exports = {…}` gets the
/// same; an object that is not exported, or exported by name, defines nothing.
#[test]
fn the_keys_of_an_object_literal_exported_by_default_are_the_module_s_api() {
    let source = "/** Tell arrays. */\nfunction isArray(value) {}\nconst isString = typeOfTest('string');\nconst _global = globalThis;\nconst unused = 1;\n\nexport default {\n  isArray,\n  isString,\n  global: _global,\n  /** Pick an adapter. */\n  getAdapter: (adapters) => {\n    return adapters;\n  },\n  merge() {},\n  /** Throw on bad JSON. */\n  silentJSONParsing: true, // on by default\n  'quoted-key': 1,\n  ...spread\n};\n";
    let parsed = parse(Language::JavaScript, source);
    let described: Vec<(&str, SymbolKind, u32, Option<&str>)> = parsed
        .symbols
        .iter()
        .map(|symbol| {
            (
                symbol.name.as_str(),
                symbol.kind,
                symbol.line,
                symbol.doc.as_deref(),
            )
        })
        .collect();
    assert_eq!(
        described,
        [
            ("isArray", SymbolKind::Function, 2, Some("Tell arrays.")),
            ("isString", SymbolKind::Constant, 3, None),
            ("global", SymbolKind::Constant, 4, None),
            (
                "getAdapter",
                SymbolKind::Method,
                12,
                Some("Pick an adapter.")
            ),
            ("merge", SymbolKind::Method, 15, None),
            (
                "silentJSONParsing",
                SymbolKind::Constant,
                17,
                Some("Throw on bad JSON.")
            ),
        ]
    );
    assert_eq!(
        parsed.exports,
        Some(
            [
                "_global",
                "getAdapter",
                "global",
                "isArray",
                "isString",
                "merge",
                "quoted-key",
                "silentJSONParsing"
            ]
            .map(String::from)
            .to_vec()
        )
    );
    // `utils.global` is the module's `_global`, named as importers name it: no alias is left.
    assert!(parsed.export_aliases.is_empty());
    let silent = parsed
        .symbols
        .iter()
        .find(|symbol| symbol.name == "silentJSONParsing");
    assert_eq!(
        silent.map(|symbol| symbol.signature.as_str()),
        Some("silentJSONParsing: true,")
    );
    let commonjs = parse(
        Language::JavaScript,
        "const limit = 3;\nmodule.exports = {\n  limit,\n  name: 'x',\n  parse: (s) => s,\n};\n",
    );
    assert_eq!(
        names(Language::JavaScript, "const limit = 3;\nmodule.exports = {\n  limit,\n  name: 'x',\n  parse: (s) => s,\n};\n"),
        ["limit", "name", "parse"]
    );
    assert_eq!(
        commonjs.exports,
        Some(["limit", "name", "parse"].map(String::from).to_vec())
    );
    for source in [
        "const api = {\n  hidden () {},\n  flag: true\n}\nexport default api\n",
        "export const api = {\n  hidden () {},\n  flag: true\n}\n",
        "const api = {\n  hidden () {},\n  flag: true\n}\n",
    ] {
        let parsed = parse(Language::JavaScript, source);
        assert!(
            parsed
                .symbols
                .iter()
                .all(|symbol| symbol.name != "hidden" && symbol.name != "flag"),
            "{source}: {:?}",
            parsed.symbols
        );
    }
}

/// guzzle marks `EasyHandle` and `HeaderProcessor` `@internal`, and some `Utils` methods: PHPDoc
/// keeps them out of the API as JSDoc's `@internal` does, whatever `public` says.
#[test]
fn phpdoc_internal_classes_methods_and_functions_are_private() {
    let source = "<?php\n\nnamespace GuzzleHttp;\n\n/**\n * Represents a cURL easy handle.\n *\n * @internal\n */\nfinal class EasyHandle\n{\n    public function createResponse(): void {}\n}\n\nfinal class Utils\n{\n    /**\n     * Wrapper for hrtime().\n     *\n     * @internal\n     */\n    public static function currentTime(): float { return 0.0; }\n\n    /** Says {@internal not a tag here} what it does. */\n    public static function describeType($input): string { return ''; }\n\n    /**\n     * @access private\n     */\n    public function old(): void {}\n\n    /**\n     * @private\n     */\n    public function handleFatalError(): void {}\n}\n\n/** @internal */\nfunction helper() {}\n";
    let found: Vec<(String, Option<Visibility>)> = symbols(Language::Php, source)
        .into_iter()
        .map(|(name, _, _, visibility)| (name, visibility))
        .collect();
    assert_eq!(
        found,
        [
            ("GuzzleHttp".to_string(), None),
            ("EasyHandle".to_string(), Some(Visibility::Private)),
            ("createResponse".to_string(), Some(Visibility::Public)),
            ("Utils".to_string(), None),
            ("currentTime".to_string(), Some(Visibility::Private)),
            ("describeType".to_string(), Some(Visibility::Public)),
            ("old".to_string(), Some(Visibility::Private)),
            ("handleFatalError".to_string(), Some(Visibility::Private)),
            ("helper".to_string(), Some(Visibility::Private)),
        ]
    );
}

/// fastify's `fastify.d.ts` augments `@fastify/error` and its type tests augment
/// `'../../fastify'`: neither module nor what is declared inside is a definition of the file.
/// A script that declares an ambient module (DefinitelyTyped's `declare module "fs"`) still
/// defines it.
#[test]
fn a_typescript_module_augmentation_defines_nothing() {
    let source = "import { FastifySchemaValidationError } from './types/schema'\n\ndeclare module '@fastify/error' {\n  interface FastifyError {\n    validation?: FastifySchemaValidationError[];\n  }\n}\n\ntype Fastify = typeof fastify\n\ndeclare namespace fastify {\n  export const errorCodes: string\n}\n\ndeclare function fastify(): void\nexport default fastify\n";
    assert_eq!(names(Language::TypeScript, source), ["Fastify", "fastify"]);
    // A relative name is always an augmentation.
    let test = "type TestType = void\n\ndeclare module '../../fastify' {\n  interface FastifyRequest {\n    testProp: TestType;\n  }\n}\n";
    assert_eq!(names(Language::TypeScript, test), ["TestType"]);
    // A script's ambient module declaration is the module's API.
    let ambient = "declare module \"fs\" {\n  export function readFile(path: string): void;\n}\n";
    assert_eq!(names(Language::TypeScript, ambient), ["fs", "readFile"]);
}

/// fastify's `lib/decorate.js` ends `module.exports = { add: decorateFastify, exist:
/// checkExistence, decorateReply }`: importers call `decorator.add`, so the function is `add`
/// (its signature still shows how it is written), as for `exports.key = binding` and `export
/// default { key: binding }`. A binding exported under its own name, under two keys or as
/// `default` keeps its name.
#[test]
fn a_binding_exported_under_a_key_is_named_by_the_key() {
    let source = "function decorateFastify (name, fn) {}\nfunction checkExistence (instance) {}\nfunction decorateReply (name) {}\nfunction both () {}\nclass Store { get () {} }\n\nmodule.exports = {\n  add: decorateFastify,\n  exist: checkExistence,\n  decorateReply,\n  one: both,\n  two: both,\n  Cache: Store\n}\n";
    let parsed = parse(Language::JavaScript, source);
    let described: Vec<String> = parsed
        .symbols
        .iter()
        .map(|symbol| match symbol.parent.as_deref() {
            Some(parent) => format!("{parent}.{}", symbol.name),
            None => symbol.name.to_string(),
        })
        .collect();
    assert_eq!(
        described,
        [
            "add",
            "exist",
            "decorateReply",
            "both",
            "Cache",
            "Cache.get"
        ]
    );
    assert_eq!(
        parsed.symbols[0].signature.as_str(),
        "function decorateFastify (name, fn) {}"
    );
    // Only the names that still lead elsewhere are aliases.
    assert_eq!(
        parsed.export_aliases,
        [("one", "both"), ("two", "both")].map(|(a, b)| (a.to_string(), b.to_string()))
    );
    let assigned = parse(
        Language::JavaScript,
        "function decorateFastify () {}\nfunction fastify () {}\nconst { x } = require('./x')\nexports.add = decorateFastify\nmodule.exports.fastify = fastify\nmodule.exports.default = fastify\nexports.y = x\n",
    );
    assert_eq!(
        assigned
            .symbols
            .iter()
            .map(|symbol| symbol.name.as_str())
            .collect::<Vec<_>>(),
        ["add", "fastify"]
    );
    // `default` still leads to `fastify`, and `y` to the `x` of `./x`.
    assert_eq!(
        assigned.export_aliases,
        [("default", "fastify"), ("y", "x")].map(|(a, b)| (a.to_string(), b.to_string()))
    );
    let es = parse(
        Language::JavaScript,
        "function hasOwnProperty () {}\nexport default { hasOwnProp: hasOwnProperty }\n",
    );
    assert_eq!(es.symbols[0].name.as_str(), "hasOwnProp");
}

/// fastify's `lib/errors.js`: `const codes = { FST_ERR_A: createError(…), … }; module.exports =
/// codes` offers the keys of `codes`, as `module.exports = {…}` would; `fastify.js`'s
/// `module.exports.errorCodes = errorCodes` and `module.exports.LogController = LogController`
/// pass on bindings it takes from `require`s (a rest element and a destructured name), as an
/// export clause would.
#[test]
fn the_keys_of_an_object_exported_by_name_and_bindings_exported_as_properties_are_api() {
    let source = "const codes = {\n  /** Bad URL. */\n  FST_ERR_BAD_URL: createError('FST_ERR_BAD_URL'),\n  check (x) {},\n  wrap: (x) => x\n}\n\nfunction appendStackTrace () {}\n\nmodule.exports = codes\nmodule.exports.appendStackTrace = appendStackTrace\n";
    let parsed = parse(Language::JavaScript, source);
    let described: Vec<(&str, SymbolKind, Option<&str>)> = parsed
        .symbols
        .iter()
        .map(|symbol| (symbol.name.as_str(), symbol.kind, symbol.doc.as_deref()))
        .collect();
    assert_eq!(
        described,
        [
            ("FST_ERR_BAD_URL", SymbolKind::Constant, Some("Bad URL.")),
            ("check", SymbolKind::Method, None),
            ("wrap", SymbolKind::Method, None),
            ("appendStackTrace", SymbolKind::Function, None),
        ]
    );
    assert_eq!(
        parsed.exports,
        Some(
            [
                "FST_ERR_BAD_URL",
                "appendStackTrace",
                "check",
                "codes",
                "wrap"
            ]
            .map(String::from)
            .to_vec()
        )
    );
    // The entry passes on bindings it takes from other modules, as `export { errorCodes }`
    // would: no symbols of its own (references go on to where they are defined).
    let entry = "const { createLogger, LogController } = require('./lib/logger-factory')\nconst {\n  appendStackTrace,\n  ...errorCodes\n} = require('./lib/errors')\nfunction fastify () {}\nmodule.exports = fastify\nmodule.exports.errorCodes = errorCodes\nmodule.exports.LogController = LogController\nmodule.exports.default = fastify\n";
    let parsed = parse(Language::JavaScript, entry);
    assert_eq!(
        parsed
            .symbols
            .iter()
            .map(|symbol| symbol.name.as_str())
            .collect::<Vec<_>>(),
        ["fastify"]
    );
    assert_eq!(
        parsed.exports,
        Some(
            ["LogController", "default", "errorCodes", "fastify"]
                .map(String::from)
                .to_vec()
        )
    );
    assert_eq!(
        parsed.clause_exports,
        [
            ("errorCodes", "errorCodes"),
            ("LogController", "LogController"),
            ("default", "fastify")
        ]
        .map(|(a, b)| (a.to_string(), b.to_string()))
    );
    // A binding the module exports in an object is its symbol; a long destructuring names it
    // among the others, a rest element with its dots.
    let listed = "const { createChildLogger, defaultChildLoggerFactory, createLogger, createLogController, LogController } = require('./lib/logger-factory')\nconst { appendStackTrace, ...errorCodes } = require('./lib/errors')\nmodule.exports = { LogController, errorCodes }\n";
    let parsed = parse(Language::JavaScript, listed);
    let signatures: Vec<(&str, &str)> = parsed
        .symbols
        .iter()
        .map(|symbol| (symbol.name.as_str(), symbol.signature.as_str()))
        .collect();
    assert_eq!(
        signatures,
        [
            (
                "LogController",
                "const { …, LogController } = require('./lib/logger-factory')"
            ),
            (
                "errorCodes",
                "const { appendStackTrace, ...errorCodes } = require('./lib/errors')"
            ),
        ]
    );
    // An ES module's `export default api` exports the binding `api`, not its keys.
    let es = parse(
        Language::JavaScript,
        "const api = {\n  flag: true\n}\nexport default api\n",
    );
    assert!(es.symbols.iter().all(|symbol| symbol.name != "flag"));
}

/// fastify's `scripts/validate-ecosystem-links.js` describes itself in the block under its
/// shebang and `'use strict'`; the one-line comment above its `module.exports = { … }` of
/// bindings is about that statement. "Module dependencies." heads the imports, not the file.
#[test]
fn a_javascript_file_doc_is_its_leading_block_after_the_directives() {
    let source = "#!/usr/bin/env node\n\n'use strict'\n/**\n * Script to validate GitHub links in the Ecosystem.md file\n * Checks if repositories are accessible or return 404\n */\n\nconst fs = require('node:fs')\n\nfunction validateAllLinks () {}\n\n// Export functions for testing\nmodule.exports = {\n  validateAllLinks\n}\n";
    let parsed = parse(Language::JavaScript, source);
    assert_eq!(
        parsed.doc.as_deref(),
        Some("Script to validate GitHub links in the Ecosystem.md file\nChecks if repositories are accessible or return 404")
    );
    let trailing = parse(
        Language::JavaScript,
        "'use strict'\n\nconst fs = require('node:fs')\n\nfunction validateAllLinks () {}\n\n// Export functions for testing\nmodule.exports = {\n  validateAllLinks\n}\n",
    );
    assert_eq!(trailing.doc, None);
    let dependencies = parse(
        Language::JavaScript,
        "'use strict'\n\n/**\n * Module dependencies.\n */\n\nconst debug = require('debug')\n",
    );
    assert_eq!(dependencies.doc, None);
    let typescript = parse(
        Language::TypeScript,
        "'use client'\n\n/** Renders the page. */\n\nimport x from './x'\n",
    );
    assert_eq!(typescript.doc.as_deref(), Some("Renders the page."));
}

/// `(path, source)` files parsed by their names' languages, their imports resolved.
fn resolved_tree(files: &[(&str, &str)]) -> Vec<FileMap> {
    let mut maps: Vec<FileMap> = files
        .iter()
        .map(|(path, source)| {
            let path = RepoPath::new(path).unwrap();
            let language = Language::from_file_name(path.file_name());
            FileMap {
                hash: cartograph_core::ContentHash::of(source.as_bytes()),
                language,
                bytes: source.len() as u64,
                lines: 0,
                tokens: 0,
                flags: cartograph_core::FileFlags::default(),
                parsed: parse(language, source),
                path,
            }
        })
        .collect();
    resolve_imports(&mut maps);
    maps
}

/// `(importer, target)` of every resolved import, in file and import order.
fn resolved_edges(maps: &[FileMap]) -> Vec<(String, String)> {
    maps.iter()
        .flat_map(|map| {
            map.parsed.imports.iter().filter_map(|import| {
                let target = import.resolved.as_ref()?;
                Some((map.path.to_string(), target.to_string()))
            })
        })
        .collect()
}

/// gson's test modules (`test-graal-native-image/src/test/java`) import `com.google.gson.Gson`
/// from the `gson` Maven module, and a plain source directory's classes resolve the same way.
/// Of two files declaring one class, the importer's own Maven module comes first, then main
/// code over tests, which main code never sees.
#[test]
fn java_imports_lead_to_the_class_wherever_the_tree_declares_it() {
    let class =
        |package: &str, name: &str| format!("package {package};\n\npublic class {name} {{}}\n");
    let importer = |package: &str, import: &str| {
        format!("package {package};\n\nimport {import};\n\nclass User {{\n  Object x;\n}}\n")
    };
    let gson = class("com.google.gson", "Gson");
    let copy = class("p", "Shared");
    let files = [
        ("gson/src/main/java/com/google/gson/Gson.java", gson.clone()),
        ("aa/src/test/java/p/Shared.java", copy.clone()),
        ("zz/src/main/java/p/Shared.java", copy.clone()),
        ("lib/q/Plain.java", class("q", "Plain")),
        (
            "test-native/src/test/java/com/google/gson/native_test/ReflectionTest.java",
            importer("com.google.gson.native_test", "com.google.gson.Gson"),
        ),
        (
            "aa/src/test/java/p/UserTest.java",
            importer("p", "p.Shared"),
        ),
        ("aa/src/main/java/r/User.java", importer("r", "p.Shared")),
        (
            "bb/src/test/java/r/UserTest.java",
            importer("r", "p.Shared"),
        ),
        ("app/src/main/java/r/User.java", importer("r", "q.Plain")),
    ];
    let files: Vec<(&str, &str)> = files.iter().map(|(p, s)| (*p, s.as_str())).collect();
    let edges = resolved_edges(&resolved_tree(&files));
    let edge = |from: &str, to: &str| (from.to_string(), to.to_string());
    assert_eq!(
        edges,
        [
            edge(
                "test-native/src/test/java/com/google/gson/native_test/ReflectionTest.java",
                "gson/src/main/java/com/google/gson/Gson.java"
            ),
            edge(
                "aa/src/test/java/p/UserTest.java",
                "aa/src/test/java/p/Shared.java"
            ),
            edge(
                "aa/src/main/java/r/User.java",
                "zz/src/main/java/p/Shared.java"
            ),
            edge(
                "bb/src/test/java/r/UserTest.java",
                "zz/src/main/java/p/Shared.java"
            ),
            edge("app/src/main/java/r/User.java", "lib/q/Plain.java"),
        ]
    );
}

/// gson's `module-info.java` exports four packages; `com.google.gson.internal` is not one, and
/// a qualified export opens a package to named modules only. Other files declare no list.
#[test]
fn a_java_module_declares_the_packages_it_exports() {
    let module_info = "/** Defines the Gson API. */\nmodule com.google.gson {\n  exports com.google.gson;\n  exports com.google.gson.stream;\n  exports com.google.gson.internal to com.google.gson.extras, other;\n  requires static java.sql;\n  opens com.google.gson.reflect;\n}\n";
    assert_eq!(
        parse(Language::Java, module_info).exports,
        Some(vec![
            "com.google.gson".to_string(),
            "com.google.gson.stream".to_string()
        ])
    );
    assert_eq!(
        parse(Language::Java, "module dummy {}\n").exports,
        Some(Vec::new())
    );
    assert_eq!(
        parse(Language::Java, "package a;\n\npublic class A {}\n").exports,
        None
    );
}

/// immer's `types-external.ts`: two call signatures of an interface on consecutive lines
/// trip tree-sitter's TypeScript grammar, which then swallows the rest of the file; the
/// declarations after it are still found.
#[test]
fn typescript_declarations_after_a_grammar_error_are_recovered() {
    let source = "export type Draft<T> = T\n\nexport interface IProduce {\n\t<State>(\n\t\trecipe: (state: Draft<State>) => State\n\t): (state: State) => State\n\t<State, Args extends any[]>(\n\t\trecipe: (state: Draft<State>, ...args: Args) => State\n\t): (state: State, ...args: Args) => State\n}\n\n/**\n * The type for `recipe function`\n */\nexport type Producer<T> = (draft: Draft<T>) => T\n\nexport function never_used() {}\n";
    let parsed = parse(Language::TypeScript, source);
    let names: Vec<(&str, Option<&str>)> = parsed
        .symbols
        .iter()
        .filter(|symbol| symbol.parent.is_none())
        .map(|symbol| (symbol.name.as_str(), symbol.doc.as_deref()))
        .collect();
    for expected in [
        ("Draft", None),
        ("IProduce", None),
        ("Producer", Some("The type for `recipe function`")),
        ("never_used", None),
    ] {
        assert!(names.contains(&expected), "{expected:?} in {names:?}");
    }
}

/// attrs: `src/attr/__init__.pyi` imports `attrs` for the checker; the code of `attr` never
/// does. A stub's imports are type-only; the same import in a `.py` file is not.
#[test]
fn python_stub_imports_are_type_only() {
    let maps = resolved_tree(&[
        ("src/attr/__init__.pyi", "from attrs import define\n"),
        ("src/attr/_make.py", "from attrs import define\n"),
        ("src/attrs/__init__.py", "def define(): pass\n"),
    ]);
    let kinds: Vec<(&str, ImportKind, Option<String>)> = maps
        .iter()
        .flat_map(|map| {
            map.parsed.imports.iter().map(move |import| {
                (
                    map.path.as_str(),
                    import.kind,
                    import.resolved.as_ref().map(ToString::to_string),
                )
            })
        })
        .collect();
    let attrs = Some("src/attrs/__init__.py".to_string());
    assert_eq!(
        kinds,
        [
            ("src/attr/__init__.pyi", ImportKind::TypeOnly, attrs.clone()),
            ("src/attr/_make.py", ImportKind::Import, attrs),
        ]
    );
}

/// flysystem's `bin/check-versions.php`: the script's docblock follows `declare(strict_types=1);`,
/// which comes before a doc as `<?php` does; a class's own docblock stays the class's.
#[test]
fn php_file_doc_after_declare() {
    let script = "<?php\n\ndeclare(strict_types=1);\n\n/**\n * This script checks for composer dependency incompatibilities.\n */\n\nuse Composer\\Semver\\Comparator;\n\nfunction panic(string $m): void {}\n";
    assert_eq!(
        parse(Language::Php, script).doc.as_deref(),
        Some("This script checks for composer dependency incompatibilities.")
    );
    let class =
        "<?php\n\ndeclare(strict_types=1);\n\n/**\n * A file system.\n */\nclass Filesystem {}\n";
    assert_eq!(parse(Language::Php, class).doc, None);
}

/// httparse's fuzz targets call the crate only inside `fuzz_target!`, whose arguments the
/// grammar keeps as tokens: the paths there are read from the tokens; a macro whose body
/// reads as items is left to the item-macro parse, and the standard library names no module.
#[test]
fn rust_paths_inside_macro_arguments_are_read_from_tokens() {
    let source = "#![no_main]\nuse libfuzzer_sys::fuzz_target;\n\nfuzz_target!(|data: &[u8]| {\n    let mut headers = [httparse::EMPTY_HEADER; 16];\n    let mut req = httparse::Request::new(&mut headers);\n    let _ = std::mem::take(&mut req);\n    assert_eq!(crate::util::check(data), super::Kind::A);\n});\n\nfn expand() -> TokenStream {\n    quote! { tracing::Level::INFO }\n}\n";
    let parsed = parse(Language::Rust, source);
    let paths: Vec<&str> = parsed
        .imports
        .iter()
        .filter(|import| import.kind == cartograph_core::ImportKind::Path)
        .map(|import| import.raw.as_str())
        .collect();
    assert_eq!(
        paths,
        [
            "httparse::EMPTY_HEADER",
            "httparse::Request::new",
            "crate::util::check",
            "super::Kind::A"
        ]
    );
}

/// commons-cli's Maven site pages and javadoc overview, and an SVG with a title, are named by
/// their `<title>`; other text is not read as markup.
#[test]
fn html_xml_and_svg_texts_are_named_by_their_title() {
    let xdoc = "<?xml version=\"1.0\"?>\n<document>\n <properties>\n  <title>Download Apache   Commons CLI</title>\n </properties>\n</document>\n";
    assert_eq!(
        parse(Language::Text, xdoc).doc.as_deref(),
        Some("The page titled \u{201c}Download Apache Commons CLI\u{201d}.")
    );
    let svg = "<svg xmlns=\"http://www.w3.org/2000/svg\"><title>Options &amp; values</title></svg>";
    assert_eq!(
        parse(Language::Text, svg).doc.as_deref(),
        Some("An image titled \u{201c}Options & values\u{201d}.")
    );
    assert_eq!(
        parse(Language::Text, "<html><body>x</body></html>").doc,
        None
    );
    assert_eq!(
        parse(Language::Text, "a <title>not markup</title>").doc,
        None
    );
}

/// loguru's `get_ctime, set_ctime = load_ctime_functions()` and its stub's `logger: Logger`:
/// module-level names other modules import.
#[test]
fn python_names_bound_by_one_call_and_declared_objects_are_variables() {
    let parsed = parse(
        Language::Python,
        "def load():\n    a, b = 1, 2\n    c, d = load()\n    return a, b\n\nget_ctime, set_ctime = load()\nlogger: Logger\nx, y = 1, 2\n\nclass K:\n    e, f = load()\n",
    );
    let variables: Vec<&str> = parsed
        .symbols
        .iter()
        .filter(|symbol| symbol.kind == cartograph_core::SymbolKind::Variable)
        .map(|symbol| symbol.name.as_str())
        .collect();
    assert_eq!(variables, ["get_ctime", "set_ctime", "logger"]);
}

/// koa's and body-parser's test files: every `it(…)`/`test(…)` is a case, at any depth inside
/// `describe` blocks; `it.skip`, `test.todo` and `xit` are skipped ones; `re.test(s)` is none.
#[test]
fn javascript_test_cases_are_the_it_and_test_calls() {
    let source = "describe('app.respond', () => {\n  describe('when HEAD', () => {\n    it('keeps the headers', async () => {})\n    it.skip('drops the body', () => {})\n  })\n  test('streams', function () { if (/x/.test(s)) {} })\n  xit('old', () => {})\n  test.todo('later')\n  it.only('focus', () => {})\n})\n";
    let parsed = parse(Language::JavaScript, source);
    assert_eq!((parsed.test_functions, parsed.disabled_tests), (6, 3));
    let plain = parse(
        Language::JavaScript,
        "const ok = /x/.test(s);\nfunction test(a) {}\n",
    );
    assert_eq!(plain.test_functions, 0);
    // body-parser's supertest request held in a local named `test`: its methods are no tests.
    let supertest = parse(
        Language::JavaScript,
        "it('should parse', function (done) {\n  var test = request(server).post('/')\n  test.set('Content-Type', 'application/json')\n  test.write('{\"x\"')\n  test.expect(200, done)\n})\n",
    );
    assert_eq!(supertest.test_functions, 1);
    // zustand's `it.each([...])('… $label', fn)`: a test per row; a tagged table likewise;
    // a table held in a variable counts once, and makes the count a lower bound.
    let written = "it.each([\n  { label: 'a' },\n  { label: 'b' },\n  { label: 'c' },\n])('infers $label', ({ label }) => {})\ntest.each`\n  a    | b\n  ${1} | ${2}\n  ${3} | ${4}\n`('adds $a', ({ a, b }) => {})\nit('plain', () => {})\n";
    let each = parse(Language::TypeScript, written);
    assert_eq!(each.test_functions, 6);
    assert!(each.multiplying_fixtures.is_empty());
    let held = parse(
        Language::TypeScript,
        &format!("{written}it.each(cases)('runs %s', (c) => {{}})\n"),
    );
    assert_eq!(held.test_functions, 7);
    assert_eq!(held.multiplying_fixtures, ["*"]);
}

/// immer registers tests in helpers it calls for every combination of its settings
/// (`runBaseTest(name, autoFreeze, …)`), in `forEach` callbacks and `describe.each` blocks: the
/// count of its calls is a lower bound (`*`).
#[test]
fn javascript_tests_registered_again_make_the_count_a_lower_bound() {
    let repeated = |source: &str| parse(Language::JavaScript, source).multiplying_fixtures;
    for source in [
        "function runBaseTest(name, autoFreeze) {\n  describe(name, () => {\n    it('works', () => {})\n  })\n}\nrunBaseTest('a', true)\nrunBaseTest('b', false)\n",
        "const runTests = (name) => {\n  test(name, () => {})\n}\n",
        "[1, 2].forEach((n) => {\n  it(`adds ${n}`, () => {})\n})\n",
        "describe.each([[1], [2]])('with %i', (n) => {\n  it('runs', () => {})\n})\n",
        "for (const n of [1, 2]) {\n  test(`n ${n}`, () => {})\n}\n",
    ] {
        assert_eq!(repeated(source), ["*"], "{source}");
    }
    assert!(repeated("describe('plain', () => {\n  it('runs', () => {})\n})\n").is_empty());
}

/// chi's `strip.go` has a local `prefix` and `chain.go` a parameter `endpoint`: neither uses
/// `request_id.go`'s package variable `prefix` or `tree.go`'s type `endpoint`; the type written
/// as a type, and a name no local shadows, are uses.
#[test]
fn go_locals_and_parameters_are_not_uses_of_the_package() {
    let source = "package chi\n\nfunc chain(endpoint http.Handler) *ChainHandler {\n\treturn &ChainHandler{endpoint, nil}\n}\n\nfunc strip(path string) string {\n\tprefix := \"/\"\n\tvar count int\n\tfor i, r := range path {\n\t\t_ = i + count\n\t\t_ = r\n\t}\n\tvar e endpoint\n\t_ = e\n\treturn prefix + NewRouter().Name\n}\n";
    let uses = parse(Language::Go, source).package_uses;
    for local in ["prefix", "count", "i", "r", "path"] {
        assert!(!uses.contains(&local.to_string()), "{local}: {uses:?}");
    }
    for used in ["ChainHandler", "NewRouter", "endpoint"] {
        assert!(uses.contains(&used.to_string()), "{used}: {uses:?}");
    }
}

/// echo's `echo_test.go`: a local `notFoundHandler :=` in one test hides the package's
/// variable in that test only; `ip_test.go` writes the package's constants as keys of an
/// `http.Header` literal, which are values, while a struct literal's keys are its fields.
#[test]
fn go_locals_hide_names_in_their_function_and_map_keys_are_uses() {
    let source = "package echo

func TestNotFound(t *testing.T) {
	notFoundHandler := func() {}
	_ = notFoundHandler
}

func TestRoute(t *testing.T) {
	e.GET(\"/\", notFoundHandler)
}

type Params map[string]string

func TestHeaders(t *testing.T) {
	_ = http.Header{HeaderXRealIP: []string{\"a\"}}
	_ = map[string]int{MaxSize: 1}
	_ = Params{ParamName: \"x\"}
	_ = Config{Skipper: nil}
	_ = http.Server{Addr: \":80\"}
}
";
    let uses = parse(Language::Go, source).package_uses;
    for used in [
        "notFoundHandler",
        "HeaderXRealIP",
        "MaxSize",
        "ParamName",
        "Config",
    ] {
        assert!(uses.contains(&used.to_string()), "{used}: {uses:?}");
    }
    for field in ["Skipper", "Addr"] {
        assert!(!uses.contains(&field.to_string()), "{field}: {uses:?}");
    }
}

/// cors's tests wrap themselves in `(function () { … }())`: their `require`s run when the file
/// loads, not when a function is called later; a `require` in a function declared for later is
/// made when it runs.
#[test]
fn javascript_requires_in_a_function_called_where_written_run_at_load() {
    let source = "(function () {\n  var cors = require('../lib')\n}());\n\n(() => {\n  const a = require('./a')\n})()\n\nfunction later() {\n  return require('./b')\n}\n";
    let kinds: Vec<(String, ImportKind)> = parse(Language::JavaScript, source)
        .imports
        .iter()
        .map(|import| (import.raw.clone(), import.kind))
        .collect();
    assert_eq!(
        kinds,
        [
            ("../lib".to_string(), ImportKind::Import),
            ("./a".to_string(), ImportKind::Import),
            ("./b".to_string(), ImportKind::Local),
        ]
    );
}

/// cors's `lib/index.js` is all inside `(function () { … })()`: its functions are the file's;
/// a function declared inside a function that is only declared is not.
#[test]
fn javascript_definitions_of_a_file_wide_iife_are_the_file_s() {
    let source = "(function () {\n  'use strict';\n\n  function isString(s) {\n    return typeof s === 'string';\n  }\n\n  function middlewareWrapper(o) {\n    function inner() {}\n    return inner;\n  }\n\n  module.exports = middlewareWrapper;\n}());\n";
    let names: Vec<String> = parse(Language::JavaScript, source)
        .symbols
        .iter()
        .filter(|symbol| symbol.parent.is_none())
        .map(|symbol| symbol.name.to_string())
        .collect();
    assert!(names.contains(&"isString".to_string()), "{names:?}");
    assert!(
        names.contains(&"middlewareWrapper".to_string()),
        "{names:?}"
    );
    assert!(!names.contains(&"inner".to_string()), "{names:?}");
    // What it assigns to `module.exports` there is what the file exports.
    assert_eq!(
        parse(Language::JavaScript, source).exports,
        Some(vec!["middlewareWrapper".to_string()])
    );
}

/// zerolog's `hlog/hlog.go`: a parameter named `log` hides the `log` package it imports in
/// that function; elsewhere in the file `log.Ctx` is the package's.
#[test]
fn a_go_parameter_named_as_a_package_hides_it_in_its_function() {
    let source = "package hlog\n\nimport (\n\t\"github.com/rs/zerolog\"\n\t\"github.com/rs/zerolog/log\"\n)\n\nfunc NewHandler(log zerolog.Logger) {\n\t_ = log.With()\n}\n\nfunc FromRequest() {\n\t_ = log.Ctx(nil)\n}\n";
    let used: Vec<(String, String)> = parse(Language::Go, source)
        .imports
        .iter()
        .filter_map(|import| Some((import.raw.clone(), import.name.clone()?)))
        .collect();
    assert!(
        used.contains(&("github.com/rs/zerolog/log".to_string(), "Ctx".to_string())),
        "{used:?}"
    );
    assert!(
        !used.contains(&("github.com/rs/zerolog/log".to_string(), "With".to_string())),
        "{used:?}"
    );
    assert!(
        used.contains(&("github.com/rs/zerolog".to_string(), "Logger".to_string())),
        "{used:?}"
    );
}

/// The string literals that may name a file of the tree, in each language's syntax: kept
/// once, in file order; words, versions, URLs, formats and sentences are not.
#[test]
fn string_literals_that_may_name_files_are_kept() {
    let cases = [
        (
            Language::Go,
            "package x\n\nfunc TestA(t *testing.T) {\n\tos.ReadFile(\"testdata/golden.json\")\n\tf(\"v1.2\", \"https://a.b/c.json\", \"hello world.txt\")\n\tos.ReadFile(`testdata/raw.txt`)\n\tos.ReadFile(\"testdata/golden.json\")\n}\n",
            vec!["testdata/golden.json", "testdata/raw.txt"],
        ),
        (
            Language::Python,
            "import os\nHERE = os.path.dirname(__file__)\nopen(os.path.join(HERE, 'data', 'cert.pem'))\nlog('%s.txt' % name)\n",
            vec!["cert.pem", "data/cert.pem"],
        ),
        (
            Language::JavaScript,
            "const fs = require('fs')\nfs.readFileSync('test/fixtures/page.ejs', 'utf8')\nconst t = `fixtures/${name}.ejs`\n",
            vec!["test/fixtures/page.ejs"],
        ),
        (
            Language::Rust,
            "#![doc = include_str!(\"../README.md\")]\nconst V: &str = \"1.0.3\";\n",
            vec!["../README.md"],
        ),
        // similar's `perf-fuzz.rs`: a name joined to a path in a value is a file of wherever
        // that leads; one joined to the package's root, or with its directory, is kept.
        (
            Language::Rust,
            "fn main() {\n    fs::write(destination.join(\"README.md\"), report);\n    let root = Path::new(env!(\"CARGO_MANIFEST_DIR\")).join(\"Cargo.toml\");\n    let data = dir.join(\"tests/data.json\");\n}\n",
            vec!["Cargo.toml", "tests/data.json"],
        ),
        // tomli's profiler: parts of a path one after another make the path (each part that
        // names a file alone is kept too); a value between them, or implicit concatenation,
        // makes none.
        (
            Language::Python,
            "DATA = (Path(__file__).parent.parent / \"benchmark\" / \"data.toml\").read_bytes()\nx = os.path.join(HERE, \"tests\", \"data\", \"a.json\")\ny = f(\"out\", name, \"b.json\")\nz = \"pre\" \"fix.txt\"\n",
            vec![
                "data.toml",
                "benchmark/data.toml",
                "tests/data",
                "a.json",
                "tests/data/a.json",
                "b.json",
                "fix.txt",
            ],
        ),
        (
            Language::JavaScript,
            "const layout = fs.readFileSync(path.join(__dirname, 'fixtures', 'layout.ejs'));\n",
            vec!["layout.ejs", "fixtures/layout.ejs"],
        ),
    ];
    for (language, source, expected) in cases {
        let parsed = parse(language, source);
        let kept: Vec<&str> = parsed
            .path_literals
            .iter()
            .map(|literal| &**literal)
            .collect();
        assert_eq!(kept, expected, "{language}");
    }
}

#[test]
fn may_name_file_takes_paths_and_file_names_only() {
    for path in [
        "a/b",
        "x.json",
        "../README.md",
        "test/fixtures/",
        ".github/x.yml",
        "Cargo.lock.msrv",
    ] {
        assert!(cartograph_core::may_name_file(path), "{path}");
    }
    for text in [
        "1.0",
        "ab",
        "/users/list",
        "a b.txt",
        "http://x/y.json",
        "%s.txt",
        "{}.json",
        "a.b.",
        "...",
        "C:\\x.txt",
        "key=value.txt",
        "testdata/",
    ] {
        assert!(!cartograph_core::may_name_file(text), "{text}");
    }
}

/// A Rust `static` is a variable at one address, not a constant (once_cell's `static CELL:
/// OnceCell<usize>` was "(constant)").
#[test]
fn a_rust_static_is_a_variable_and_a_const_a_constant() {
    let parsed = parse(
        Language::Rust,
        "static CELL: OnceCell<usize> = OnceCell::new();\nconst N: usize = 4;\n",
    );
    let kinds: Vec<(&str, SymbolKind)> = parsed
        .symbols
        .iter()
        .map(|symbol| (symbol.name.as_str(), symbol.kind))
        .collect();
    assert_eq!(
        kinds,
        [("CELL", SymbolKind::Variable), ("N", SymbolKind::Constant)]
    );
}

/// python-dotenv's `cli.py`: click's decorators make commands, and the signature starts with
/// the one that does (shortened to its name when long), so that pages say so; an option
/// between it and the `def` is left out, and other decorators are not kept.
#[test]
fn python_command_decorators_start_the_signature() {
    let source = "import click\n\n@click.group()\n@click.option('--file', default='.env')\ndef cli(ctx, file):\n    pass\n\n@cli.command(name=\"list\")\n@click.pass_context\ndef list_values(ctx):\n    pass\n\n@cli.command(\n    context_settings={\"allow_extra_args\": True, \"allow_interspersed_args\": False},\n    name=\"run\",\n)\ndef run(ctx):\n    pass\n\n@functools.wraps(f)\ndef helper():\n    pass\n";
    let signatures: Vec<(String, String)> = parse(Language::Python, source)
        .symbols
        .into_iter()
        .map(|symbol| (symbol.name.to_string(), symbol.signature.to_string()))
        .collect();
    assert_eq!(
        signatures,
        [
            (
                "cli".to_string(),
                "@click.group() def cli(ctx, file):".to_string()
            ),
            (
                "list_values".to_string(),
                "@cli.command(name=\"list\") def list_values(ctx):".to_string()
            ),
            (
                "run".to_string(),
                "@cli.command(name=\"run\", …) def run(ctx):".to_string()
            ),
            ("helper".to_string(), "def helper():".to_string()),
        ]
    );
}

/// anyhow's `bail!` expands to `$crate::__anyhow!`, a macro of another file: a use of it,
/// which no tree reads as an invocation inside a macro's body.
#[test]
fn rust_macro_bodies_use_the_crates_macros_by_path() {
    let source = "macro_rules! bail {\n    ($msg:literal) => {\n        return $crate::__private::Err($crate::__anyhow!($msg))\n    };\n}\n\nmacro_rules! own {\n    () => { $crate::bail!(\"x\") };\n}\n";
    let parsed = parse(Language::Rust, source);
    let uses: Vec<&str> = parsed.package_uses.iter().map(|name| &**name).collect();
    assert!(uses.contains(&"__anyhow!"), "{uses:?}");
    assert!(!uses.contains(&"bail!"), "{uses:?}");
    assert!(
        !uses.iter().any(|name| name.starts_with("__private")),
        "{uses:?}"
    );
}

/// The signature of the symbol `name` that `source` defines.
fn signature_of(language: Language, source: &str, name: &str) -> String {
    parse(language, source)
        .symbols
        .into_iter()
        .find(|symbol| &*symbol.name == name)
        .map(|symbol| symbol.signature.to_string())
        .unwrap_or_else(|| panic!("no {name}"))
}

/// logrus's `type Logger struct {`, p-queue's `export type Options = {` and a Rust enum said
/// nothing by their first line: their members are their signature.
#[test]
fn types_are_signed_by_their_members() {
    let go = "package logrus\n\n// Logger logs.\ntype Logger struct {\n\t// Where logs go.\n\tOut io.Writer\n\tHooks LevelHooks `json:\"hooks\"`\n\n\tmu MutexWrap // guards\n}\n\ntype Nested struct {\n\tInner struct {\n\t\tX int\n\t}\n}\n";
    assert_eq!(
        signature_of(Language::Go, go, "Logger"),
        "type Logger struct { Out io.Writer; Hooks LevelHooks; mu MutexWrap }"
    );
    // A body with a block inside keeps its first line.
    assert_eq!(
        signature_of(Language::Go, go, "Nested"),
        "type Nested struct {"
    );
    let rust = "/// Levels.\npub enum Level {\n    /// The worst.\n    #[default]\n    Error = 1,\n    Pair(u8, u16),\n    Call(fn(u8) -> u16),\n}\n";
    assert_eq!(
        signature_of(Language::Rust, rust, "Level"),
        "pub enum Level { Error = 1, Pair(u8, u16), Call(fn(u8) -> u16) }"
    );
    let ts = "export type Options = {\n\t/** How many at once. */\n\treadonly concurrency?: number;\n\tautoStart?: boolean;\n\tcompare: (a: number, b: number) => number;\n};\n";
    assert_eq!(
        signature_of(Language::TypeScript, ts, "Options"),
        "export type Options = { readonly concurrency?: number; autoStart?: boolean; compare: (a: number, b: number) => number }"
    );
    // ky's `KyRequest`: what follows the braces is part of the type.
    let ts =
        "export type KyRequest<T = unknown> = {\n\tjson: <J = T>() => Promise<J>;\n} & Request;\n";
    assert_eq!(
        signature_of(Language::TypeScript, ts, "KyRequest"),
        "export type KyRequest<T = unknown> = { json: <J = T>() => Promise<J> } & Request"
    );
    // Past the length of a signature, the rest is left out.
    let fields: String = (0..40).map(|n| format!("\tField{n} int\n")).collect();
    let long = format!("package p\n\ntype Wide struct {{\n{fields}}}\n");
    let wide = signature_of(Language::Go, &long, "Wide");
    assert!(
        wide.starts_with("type Wide struct { Field0 int; Field1 int;"),
        "{wide}"
    );
    assert!(wide.ends_with("; … }") && wide.len() <= 210, "{wide}");
}

/// dotenv's `cli.js` runs as a program under `if (require.main === module)`: its line is the
/// file's script guard; a guard inside a function is none.
#[test]
fn a_javascript_require_main_guard_is_a_script_guard() {
    let cli = "const main = require('./lib/main')\n\nfunction run () {\n  if (require.main === module) {}\n}\n\nif (require.main === module) {\n  run()\n}\n";
    assert_eq!(parse(Language::JavaScript, cli).script_guard, Some(7));
    let swapped = "if (module == require.main) run()\n";
    assert_eq!(parse(Language::TypeScript, swapped).script_guard, Some(1));
    let nested = "function run () {\n  if (require.main === module) {}\n}\n";
    assert_eq!(parse(Language::JavaScript, nested).script_guard, None);
}

/// packaging's `def filter(` above one parameter a line said nothing by its first line: the
/// whole parameter list is its signature, on one line.
#[test]
fn functions_are_signed_by_their_whole_parameter_list() {
    let python = "class SpecifierSet:\n    @deprecated\n    def filter(\n        self,\n        iterable: Iterable[T],  # what to filter\n        prereleases: bool | None = None,\n    ) -> Iterator[T]:\n        return iter(iterable)\n\n    def short(self) -> int:\n        return 1\n";
    assert_eq!(
        signature_of(Language::Python, python, "filter"),
        "def filter(self, iterable: Iterable[T], prereleases: bool | None = None) -> Iterator[T]:"
    );
    assert_eq!(
        signature_of(Language::Python, python, "short"),
        "def short(self) -> int:"
    );
    let rust = "impl Builder {\n    pub fn filter(\n        &mut self,\n        module: Option<&str>,\n        level: LevelFilter,\n    ) -> &mut Self {\n        self\n    }\n}\n";
    assert_eq!(
        signature_of(Language::Rust, rust, "filter"),
        "pub fn filter(&mut self, module: Option<&str>, level: LevelFilter) -> &mut Self {"
    );
    let ts = "export function ky(\n\tinput: Input,\n\toptions?: Options,\n): ResponsePromise {\n\treturn x;\n}\n";
    assert_eq!(
        signature_of(Language::TypeScript, ts, "ky"),
        "export function ky(input: Input, options?: Options): ResponsePromise {"
    );
    // A type alias's value over lines is its signature too.
    let alias = "export type SerializeOptions = StringifyOptions &\n  Omit<SetCookie, \"name\" | \"value\">;\n";
    assert_eq!(
        signature_of(Language::TypeScript, alias, "SerializeOptions"),
        "export type SerializeOptions = StringifyOptions & Omit<SetCookie, \"name\" | \"value\">;"
    );
    let union = "from typing import Union\n\nMockType = (\n    Mock\n    | MagicMock  # the common one\n    | NonCallableMagicMock\n)\n";
    assert_eq!(
        signature_of(Language::Python, union, "MockType"),
        "MockType = (Mock | MagicMock | NonCallableMagicMock)"
    );
    // Past the length of a signature, the first line stays.
    let parameters: String = (0..40)
        .map(|n| format!("    parameter_{n}: int,\n"))
        .collect();
    let long = format!("def wide(\n{parameters}) -> None:\n    pass\n");
    assert_eq!(signature_of(Language::Python, &long, "wide"), "def wide(");
}

/// packaging's `requirements.py` imports `parse_requirement as _parse_requirement` and calls
/// it by the alias.
#[test]
fn python_imports_under_another_name_are_aliases() {
    let source = "from ._parser import parse_requirement as _parse_requirement, other\nimport tomli as tomllib, os, json as json\ntry:\n    from ._speedups import escape as _escape\nexcept ImportError:\n    pass\n\n\ndef f():\n    from x import y as z\n    import q as r\n";
    assert_eq!(
        parse(Language::Python, source).export_aliases,
        [
            ("_escape".to_string(), "escape".to_string()),
            (
                "_parse_requirement".to_string(),
                "parse_requirement".to_string()
            ),
            ("tomllib".to_string(), "tomli".to_string()),
        ]
    );
}

/// tablewriter's `tw/tw.go` copied a trailing comment down its groups and left it: `AlignNone
/// Align = "none" // Center-aligned text`, `Unknown State = Pending // Feature is enabled`. A
/// comment two constants share is kept only for one whose name or value has a word of it;
/// the others take the group's doc, as `go doc` shows it.
#[test]
fn go_trailing_comments_copied_down_a_group_are_no_doc() {
    let source = "package tw\n\n// Feature states.\nconst (\n\tUnknown State = Pending // Feature is enabled\n\tOn      State = Success // Feature is enabled\n\tOff     State = Fail    // Feature is disabled\n)\n\nconst (\n\tAlignNone    Align = \"none\"    // Center-aligned text\n\tAlignCenter  Align = \"center\"  // Center-aligned text\n\tAlignLeft    Align = \"left\"    // Left-aligned text\n\tAlignDefault       = AlignLeft // Left-aligned text\n)\n";
    let parsed = parse(Language::Go, source);
    let doc = |name: &str| {
        parsed
            .symbols
            .iter()
            .find(|symbol| symbol.name == name)
            .and_then(|symbol| symbol.doc.as_deref().map(str::to_string))
    };
    assert_eq!(doc("Unknown").as_deref(), Some("Feature states."));
    assert_eq!(doc("On").as_deref(), Some("Feature states."));
    assert_eq!(doc("Off").as_deref(), Some("Feature is disabled"));
    assert_eq!(doc("AlignNone"), None);
    assert_eq!(doc("AlignCenter").as_deref(), Some("Center-aligned text"));
    assert_eq!(doc("AlignLeft").as_deref(), Some("Left-aligned text"));
    assert_eq!(doc("AlignDefault").as_deref(), Some("Left-aligned text"));
}

/// log's `kv/value.rs`: its macros write `impl ToValue for $into_ty` for each type they are
/// invoked with and methods into `impl<'v> Value<'v>`; an `impl` written as a return type is no
/// block of theirs.
#[test]
fn rust_macro_impls_are_the_blocks_macros_write() {
    let source = "macro_rules! impl_to_value_primitive {\n    ($($into_ty:ty,)*) => {\n        $(\n            impl ToValue for $into_ty {\n                fn to_value(&self) -> Value { Value::from(*self) }\n            }\n            impl<'v> From<$into_ty> for Value<'v> where $into_ty: Copy {\n                fn from(value: $into_ty) -> Self { Value::from(value) }\n            }\n        )*\n    };\n}\n\nmacro_rules! impl_value_to_primitive {\n    ($($into_name:ident -> $into_ty:ty,)*) => {\n        impl<'v> Value<'v> {\n            $(\n                pub fn $into_name(&self) -> Option<$into_ty> { None }\n                pub fn iter(&self) -> impl Iterator<Item = u8> { None.into_iter() }\n            )*\n        }\n    }\n}\n";
    let impls = parse(Language::Rust, source).macro_impls;
    let pairs: Vec<(&str, &str)> = impls
        .iter()
        .map(|(name, header)| (name.as_str(), header.as_str()))
        .collect();
    assert_eq!(
        pairs,
        [
            ("impl_to_value_primitive", "ToValue for $into_ty"),
            ("impl_to_value_primitive", "From<$into_ty> for Value<'v>"),
            ("impl_value_to_primitive", "Value<'v>"),
        ]
    );
}

/// walkdir's `compare/nftw.c` writes the return type on a line of its own, GNU style: the
/// signature was `static int`, with no name or parameters.
#[test]
fn a_c_function_with_its_return_type_above_is_signed_whole() {
    let source = "static int\ndisplay_info(const char *fpath, const struct stat *sb,\n             int tflag, struct FTW *ftwbuf)\n{\n    return 0;\n}\n\nint main(void)\n{\n    return 0;\n}\n";
    assert_eq!(
        signature_of(Language::C, source, "display_info"),
        "static int display_info(const char *fpath, const struct stat *sb, int tflag, struct FTW *ftwbuf) {"
    );
    assert_eq!(signature_of(Language::C, source, "main"), "int main(void)");
}

/// ansi-styles' `index.d.ts` declares its default export as an ambient constant: `declare
/// const ansiStyles: {...}; export default ansiStyles;`. It was missing from the file's
/// symbols ("4 constants" of 5).
#[test]
fn typescript_ambient_constants_are_symbols() {
    let source = "declare const ansiStyles: {\n\treadonly modifier: Modifier;\n} & ForegroundColor;\n\nexport default ansiStyles;\nexport declare const version: string;\n";
    let parsed = parse(Language::TypeScript, source);
    let constants: Vec<(&str, u32)> = parsed
        .symbols
        .iter()
        .filter(|symbol| symbol.kind == SymbolKind::Constant)
        .map(|symbol| (symbol.name.as_str(), symbol.line))
        .collect();
    assert_eq!(constants, [("ansiStyles", 1), ("version", 6)]);
}
