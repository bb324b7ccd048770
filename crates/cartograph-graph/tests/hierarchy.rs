#![allow(clippy::unwrap_used)]
//! The type hierarchy over real parses of small trees: declared bases resolved through the
//! reference graph, Rust's trait impls, Go's interfaces implemented by method sets.

mod common;

use cartograph_core::FileMap;
use cartograph_graph::{Graph, Hierarchy, Supertype};
use common::tree;

/// Where the top-level type `name` of the file at `path` is.
fn type_at(files: &[FileMap], path: &str, name: &str) -> (u32, u32) {
    let file = files
        .iter()
        .position(|file| file.path.as_str() == path)
        .unwrap();
    let symbol = files[file]
        .parsed
        .symbols
        .iter()
        .position(|symbol| symbol.name.as_str() == name && symbol.parent.is_none())
        .unwrap();
    (file as u32, symbol as u32)
}

/// `"path:Type -> path:Super, Named"` for every type with supertypes.
fn supertypes(files: &[FileMap]) -> Vec<String> {
    let graph = Graph::build(files);
    let hierarchy = Hierarchy::build(files, &graph);
    let name = |(file, symbol): (u32, u32)| {
        let file = &files[file as usize];
        format!(
            "{}:{}",
            file.path, file.parsed.symbols[symbol as usize].name
        )
    };
    let mut found = Vec::new();
    for (file_index, file) in files.iter().enumerate() {
        for symbol in 0..file.parsed.symbols.len() {
            let at = (file_index as u32, symbol as u32);
            let supertypes = hierarchy.supertypes(at);
            if supertypes.is_empty() {
                continue;
            }
            let listed: Vec<String> = supertypes
                .iter()
                .map(|supertype| match supertype {
                    Supertype::Defined(at) => name(*at),
                    Supertype::Named(named) => named.to_string(),
                })
                .collect();
            found.push(format!("{} -> {}", name(at), listed.join(", ")));
            for sub in hierarchy.subtypes(at) {
                assert!(hierarchy.supertypes(*sub).contains(&Supertype::Defined(at)));
            }
        }
    }
    found
}

#[test]
fn python_bases_resolve_in_the_file_and_through_imports_only() {
    let files = tree(&[
        ("pkg/__init__.py", ""),
        (
            "pkg/adapters.py",
            "class BaseAdapter:\n    pass\n\nclass HTTPAdapter(BaseAdapter):\n    pass\n",
        ),
        (
            "pkg/sessions.py",
            "from .adapters import HTTPAdapter\nfrom collections import OrderedDict\n\n\
             class Retrying(HTTPAdapter):\n    pass\n\nclass Ordered(OrderedDict, Unknown):\n    pass\n",
        ),
        ("tests/test_x.py", "from pkg.adapters import BaseAdapter\nclass Fake(BaseAdapter):\n    pass\n"),
        // marshmallow's `performance/benchmark.py`: a benchmark's classes are no subtypes a
        // reader of the package is told about, as a test's are not.
        (
            "performance/benchmark.py",
            "from pkg.adapters import BaseAdapter\nclass Timed(BaseAdapter):\n    pass\n",
        ),
    ]);
    assert_eq!(
        supertypes(&files),
        [
            "pkg/adapters.py:HTTPAdapter -> pkg/adapters.py:BaseAdapter",
            "pkg/sessions.py:Retrying -> pkg/adapters.py:HTTPAdapter",
        ]
    );
    // `Retrying`'s ancestors, nearest first, each with its level.
    let graph = Graph::build(&files);
    let hierarchy = Hierarchy::build(&files, &graph);
    let at = |path: &str, name: &str| type_at(&files, path, name);
    assert_eq!(
        hierarchy.ancestors(at("pkg/sessions.py", "Retrying"), 4),
        [
            (at("pkg/adapters.py", "HTTPAdapter"), 1),
            (at("pkg/adapters.py", "BaseAdapter"), 2)
        ]
    );
    assert_eq!(
        hierarchy
            .ancestors(at("pkg/sessions.py", "Retrying"), 1)
            .len(),
        1
    );
}

#[test]
fn java_classes_of_one_package_need_no_import() {
    let files = tree(&[
        (
            "src/main/java/org/x/Handler.java",
            "package org.x;\npublic interface Handler { void handle(); }\n",
        ),
        (
            "src/main/java/org/x/Echo.java",
            "package org.x;\npublic class Echo implements Handler, java.io.Closeable {\n  public void handle() {}\n}\n",
        ),
    ]);
    assert_eq!(
        supertypes(&files),
        ["src/main/java/org/x/Echo.java:Echo -> src/main/java/org/x/Handler.java:Handler"]
    );
}

#[test]
fn rust_trait_impls_name_the_trait_wherever_it_is_defined() {
    let files = tree(&[
        ("Cargo.toml", "[package]\nname = \"demo\"\n"),
        (
            "src/lib.rs",
            "mod layer;\npub use layer::Layer;\npub struct Filter;\n\
             impl<S> Layer<S> for Filter { fn on(&self) {} }\n\
             impl std::fmt::Display for Filter { fn fmt(&self) {} }\n\
             impl Filter { pub fn new() -> Self { Filter } }\n\
             impl<T> Layer<T> for Vec<T> { fn on(&self) {} }\n\
             #[cfg(test)]\nmod tests {\n    trait MustBeThreadSafe: Send + Sync {}\n    impl MustBeThreadSafe for Filter {}\n}\n",
        ),
        ("src/layer.rs", "pub trait Layer<S> { fn on(&self); }\n"),
    ]);
    assert_eq!(
        supertypes(&files),
        ["src/lib.rs:Filter -> src/layer.rs:Layer, std::fmt::Display"]
    );
    // bytes' `Buf` for `&[u8]` and `Box<T>`: the project's trait for types that are not the
    // project's, said as written.
    let graph = Graph::build(&files);
    let hierarchy = Hierarchy::build(&files, &graph);
    let layer = files
        .iter()
        .position(|file| file.path.as_str() == "src/layer.rs")
        .unwrap();
    assert_eq!(
        hierarchy
            .foreign_implementors((layer as u32, 0))
            .iter()
            .map(AsRef::as_ref)
            .collect::<Vec<&str>>(),
        ["Vec<T>"]
    );
}

/// once_cell's `lib.rs` defines a `OnceCell` in `mod unsync` and one in `mod sync`, and
/// imports a third from `imp.rs` into `sync`: each impl is for the type of its own module,
/// never the imported one.
#[test]
fn a_rust_impl_is_for_the_type_of_its_own_inline_module() {
    let files = tree(&[
        ("Cargo.toml", "[package]\nname = \"once_cell\"\n"),
        (
            "src/lib.rs",
            "mod imp;\n\
             pub mod unsync {\n    pub struct OnceCell<T>(T);\n    impl<T: Clone> Clone for OnceCell<T> { fn clone(&self) -> Self { todo!() } }\n}\n\
             pub mod sync {\n    use super::imp::OnceCell as Imp;\n    pub struct OnceCell<T>(Imp<T>);\n    impl<T> Default for OnceCell<T> { fn default() -> Self { todo!() } }\n}\n",
        ),
        (
            "src/imp.rs",
            "pub(crate) struct OnceCell<T>(T);\nunsafe impl<T: Send> Send for OnceCell<T> {}\n",
        ),
    ]);
    let found = supertypes(&files);
    assert_eq!(found.len(), 3, "{found:?}");
    assert!(
        found.contains(&"src/imp.rs:OnceCell -> Send".to_string()),
        "{found:?}"
    );
    assert!(
        found.iter().any(|line| line.ends_with("-> Clone")),
        "{found:?}"
    );
    assert!(
        found.iter().any(|line| line.ends_with("-> Default")),
        "{found:?}"
    );
}

/// semver's `impl std::error::Error for Error`: the trait is std's, though its last name is
/// the type's own.
#[test]
fn a_rust_trait_named_as_the_type_is_another_crates() {
    let files = tree(&[
        ("Cargo.toml", "[package]\nname = \"semver\"\n"),
        (
            "src/lib.rs",
            "mod error;\nmod parse;\npub use crate::parse::Error;\n",
        ),
        ("src/parse.rs", "pub struct Error;\n"),
        (
            "src/error.rs",
            "use crate::parse::Error;\nimpl std::error::Error for Error {}\nimpl std::fmt::Display for Error { fn fmt(&self) {} }\n",
        ),
    ]);
    assert_eq!(
        supertypes(&files),
        ["src/parse.rs:Error -> std::error::Error, std::fmt::Display"]
    );
}

/// getrandom's `impl From<Error> for io::Error` after `use std::io;` implements `From` for
/// std's `io::Error`, not for the crate's `Error` of that last name.
#[test]
fn a_rust_impl_for_another_crate_s_type_by_its_path_is_not_the_project_s() {
    let files = tree(&[
        ("Cargo.toml", "[package]\nname = \"getrandom\"\n"),
        ("src/lib.rs", "mod error;\nmod error_std_impls;\npub use crate::error::Error;\n"),
        ("src/error.rs", "pub struct Error;\nimpl core::fmt::Display for Error {}\n"),
        (
            "src/error_std_impls.rs",
            "use crate::Error;\nuse std::io;\nimpl From<Error> for io::Error {}\nimpl std::error::Error for Error {}\n",
        ),
    ]);
    assert_eq!(
        supertypes(&files),
        ["src/error.rs:Error -> core::fmt::Display, std::error::Error"]
    );
}

/// log's `kv/key.rs`: `impl Value for Key` in an inline module after `use sval::Value;`, beside
/// the crate's own `Value` struct, implements sval's trait, said by its path.
#[test]
fn a_rust_trait_another_crate_s_use_brings_is_named_by_its_path() {
    let files = tree(&[
        ("Cargo.toml", "[package]\nname = \"log\"\n"),
        ("src/lib.rs", "mod key;\nmod value;\n"),
        ("src/value.rs", "pub struct Value;\n"),
        (
            "src/key.rs",
            "use serde::Serialize;\npub struct Key;\nimpl Serialize for Key {}\nmod sval_support {\n    use super::*;\n    use sval::Value;\n    impl Value for Key {}\n}\n",
        ),
    ]);
    assert_eq!(
        supertypes(&files),
        ["src/key.rs:Key -> serde::Serialize, sval::Value"]
    );
}

/// http: `impl Error for InvalidUri` after `use std::error::Error;`, and `impl
/// std::error::Error for MaxSizeReached`, beside the crate's own `struct Error`.
#[test]
fn a_rust_trait_of_the_standard_library_is_never_the_projects() {
    let files = tree(&[
        ("Cargo.toml", "[package]\nname = \"http\"\n"),
        (
            "src/lib.rs",
            "mod error;\nmod uri;\nmod map;\npub use crate::error::Error;\n",
        ),
        ("src/error.rs", "pub struct Error;\n"),
        (
            "src/uri.rs",
            "use crate::Error as HttpError;\nuse std::error::Error;\npub struct InvalidUri;\nimpl Error for InvalidUri {}\nfn f(_: HttpError) {}\n",
        ),
        (
            "src/map.rs",
            "use crate::Error;\npub struct MaxSizeReached;\nimpl std::error::Error for MaxSizeReached {}\nfn g(_: Error) {}\n",
        ),
    ]);
    assert_eq!(
        supertypes(&files),
        [
            "src/map.rs:MaxSizeReached -> std::error::Error",
            "src/uri.rs:InvalidUri -> std::error::Error",
        ]
    );
}

/// serde_json: `impl de::Error for Error` after `use serde::de;` beside the crate's own
/// `io::Error` struct, and `impl serde::Deserializer for Map` beside its `Deserializer`
/// struct: serde's traits, not the crate's structs of those names. A path through the crate's
/// own module (`ser::Formatter`) still finds its trait.
#[test]
fn a_rust_trait_of_another_crate_is_never_the_projects_type_of_its_name() {
    let files = tree(&[
        ("Cargo.toml", "[package]\nname = \"serde_json\"\n"),
        (
            "src/lib.rs",
            "pub mod de;\npub mod error;\npub mod io;\npub mod map;\npub mod ser;\n",
        ),
        ("src/io.rs", "pub struct Error;\n"),
        ("src/de.rs", "pub struct Deserializer;\n"),
        ("src/ser.rs", "pub trait Formatter {}\npub struct Compact;\nimpl Formatter for Compact {}\n"),
        (
            "src/error.rs",
            "use crate::io;\nuse serde::de;\npub struct Error;\nimpl de::Error for Error {}\nfn f(_: io::Error) {}\n",
        ),
        (
            "src/map.rs",
            "use crate::de::Deserializer;\nuse crate::ser;\npub struct Map;\nimpl serde::Deserializer for Map {}\n\
             pub struct Pretty;\nimpl ser::Formatter for Pretty {}\nfn g(_: Deserializer) {}\n",
        ),
    ]);
    assert_eq!(
        supertypes(&files),
        [
            "src/error.rs:Error -> de::Error",
            "src/map.rs:Map -> serde::Deserializer",
            "src/map.rs:Pretty -> src/ser.rs:Formatter",
            "src/ser.rs:Compact -> src/ser.rs:Formatter",
        ]
    );
}

/// serde_json's `#[derive(Copy, Clone, PartialEq, Eq, Debug)] pub enum Category`: what a type
/// derives are traits of another crate it implements, names a page may show as code.
#[test]
fn rust_derives_are_named_traits() {
    let files = tree(&[
        ("Cargo.toml", "[package]\nname = \"serde_json\"\n"),
        (
            "src/lib.rs",
            "#[derive(Copy, Clone, Debug)]\npub enum Category { Io }\n",
        ),
        ("tests/test.rs", "#[derive(PartialOrd)]\nstruct Case;\n"),
    ]);
    let graph = Graph::build(&files);
    let hierarchy = Hierarchy::build(&files, &graph);
    assert!(hierarchy.names_external("Copy"));
    assert!(hierarchy.names_external("Debug"));
    assert!(!hierarchy.names_external("PartialOrd"));
}

#[test]
fn go_types_implement_interfaces_by_their_methods() {
    let files = tree(&[
        ("go.mod", "module example.com/afero\n"),
        (
            "afero.go",
            "package afero\n\nimport \"io\"\n\ntype File interface {\n\tio.Closer\n\tName() string\n\tStat() (FileInfo, error)\n}\n\n\
             type Fs interface {\n\tOpen(name string) (File, error)\n\tName() string\n}\n\n\
             type Lstater interface {\n\tLstatIfPossible(name string) (FileInfo, bool, error)\n}\n\n\
             type Number interface {\n\t~int | ~float64\n}\n",
        ),
        (
            "memmap.go",
            "package afero\n\ntype MemMapFs struct{}\n\n\
             func (m *MemMapFs) Open(name string) (File, error) { return nil, nil }\n\
             func (m *MemMapFs) Name() string { return \"mem\" }\n\
             func (m *MemMapFs) LstatIfPossible(name string) (FileInfo, bool) { return nil, false }\n\n\
             type memFile struct{}\n\n\
             func (f *memFile) Close() error { return nil }\n\
             func (f *memFile) Name() string { return \"\" }\n\
             func (f *memFile) Stat() (FileInfo, error) { return nil, nil }\n\
             func (f *memFile) Read(p []byte) (n int, err error) { return 0, nil }\n\
             func (f *memFile) String() string { return \"\" }\n\
             func (f *memFile) Format(s fmt.State, verb rune) {}\n",
        ),
        (
            "memmap_test.go",
            "package afero\n\ntype fakeFs struct{}\n\nfunc (f fakeFs) Open(name string) (File, error) { return nil, nil }\nfunc (f fakeFs) Name() string { return \"\" }\n",
        ),
    ]);
    // `LstatIfPossible` returns two results where `Lstater` wants three; `io.Closer` is
    // implied by `File`, which embeds it; `fs.File` wants `Stat` to return `fs.FileInfo`, not
    // the package's own `FileInfo`; tests' types are left out.
    assert_eq!(
        supertypes(&files),
        [
            "memmap.go:MemMapFs -> afero.go:Fs",
            "memmap.go:memFile -> afero.go:File, fmt.Formatter, fmt.Stringer, io.ReadCloser",
        ]
    );
}

#[test]
fn go_shapes_read_first_lines() {
    use cartograph_graph::shape;
    let shown = |signature: &str, name: &str| {
        shape(signature, name, "afero").map(|(parameters, results)| {
            format!("({}) ({})", parameters.join(", "), results.join(", "))
        })
    };
    assert_eq!(
        shown(
            "func (f *File) ReadAt(b []byte, off int64) (n int, err error) {",
            "ReadAt"
        )
        .as_deref(),
        Some("([]byte, int64) (int, error)")
    );
    assert_eq!(
        shown("Name() string", "Name").as_deref(),
        Some("() (string)")
    );
    assert_eq!(
        shown("func (n Name) Close() { return }", "Close").as_deref(),
        Some("() ()")
    );
    assert_eq!(
        shown(
            "func (s *S) Open(name string) (File, os.FileInfo) {",
            "Open"
        )
        .as_deref(),
        Some("(string) (afero.File, fs.FileInfo)")
    );
    assert_eq!(
        shown(
            "func (s *S) Walk(fn func(a, b int) error, x, y int) interface{} {",
            "Walk"
        )
        .as_deref(),
        Some("(func(afero.a,afero.b int)error, int, int) (any)")
    );
    assert_eq!(
        shown("func (c *ctx) Done() <-chan struct{} {", "Done").as_deref(),
        Some("() (<-chan struct{})")
    );
    assert_eq!(shown("func (s *S) Long(", "Long"), None);
}

/// p-queue: a class implements an object type its file imports for type checking only, and
/// an interface.
#[test]
fn typescript_interfaces_imported_as_types_are_resolved() {
    let files = tree(&[
        ("package.json", "{\"name\": \"p-queue\"}"),
        (
            "source/queue.ts",
            "export type Queue<Element> = {\n  size: number;\n};\nexport interface Sized {\n  size: number;\n}\n",
        ),
        (
            "source/priority-queue.ts",
            "import {type Queue, type Sized} from './queue.js';\n\nexport default class PriorityQueue implements Queue<string>, Sized {\n  size = 0;\n}\n",
        ),
    ]);
    assert_eq!(
        supertypes(&files),
        ["source/priority-queue.ts:PriorityQueue -> source/queue.ts:Queue, source/queue.ts:Sized"]
    );
}

/// backoff's `backOffContext` embeds the package's `BackOff` interface: it has all its
/// methods, and is no type that only may implement it.
#[test]
fn a_go_struct_that_embeds_an_interface_of_its_package_implements_it() {
    let files = tree(&[
        (
            "go.mod",
            "module example.com/backoff
",
        ),
        (
            "backoff.go",
            "package backoff

type BackOff interface {\n\tNextBackOff() int\n\tReset()\n}
",
        ),
        (
            "context.go",
            "package backoff

import \"context\"

type BackOffContext interface {\n\tBackOff\n\tContext() context.Context\n}

             type backOffContext struct {\n\tBackOff\n\tctx context.Context\n}

             func (b *backOffContext) Context() context.Context { return b.ctx }
",
        ),
    ]);
    let found = supertypes(&files);
    assert!(
        found.contains(&"context.go:backOffContext -> context.go:BackOffContext".to_string()),
        "{found:?}"
    );
    let graph = Graph::build(&files);
    let hierarchy = Hierarchy::build(&files, &graph);
    let at = |path: &str, name: &str| type_at(&files, path, name);
    assert!(hierarchy
        .open_embeds(at("context.go", "backOffContext"))
        .is_empty());
    assert!(hierarchy
        .perhaps_implementors(at("backoff.go", "BackOff"))
        .is_empty());
}

/// sqlx's `DB` embeds `*sql.DB`, whose `Query` makes it a `Queryer` with its own `Queryx`;
/// `NullJSONText` embeds the package's `JSONText` and has its `String` method.
#[test]
fn go_structs_have_the_methods_they_embed_and_may_have_more() {
    let files = tree(&[
        ("go.mod", "module example.com/sqlx\n"),
        (
            "sqlx.go",
            "package sqlx\n\nimport \"database/sql\"\n\ntype Queryer interface {\n\tQuery(query string) (*sql.Rows, error)\n\tQueryx(query string) (*Rows, error)\n}\n\n\
             type Namer interface {\n\tName() string\n}\n\n\
             type Rows struct{}\n\n\
             type DB struct {\n\t*sql.DB\n\tdriverName string\n}\n\n\
             func (db *DB) Queryx(query string) (*Rows, error) { return nil, nil }\n\n\
             type qStmt struct{}\n\n\
             func (q *qStmt) Query(query string) (*sql.Rows, error) { return nil, nil }\n\
             func (q *qStmt) Queryx(query string) (*Rows, error) { return nil, nil }\n",
        ),
        (
            "types.go",
            "package sqlx\n\ntype JSONText []byte\n\nfunc (j JSONText) String() string { return \"\" }\n\n\
             type NullJSONText struct {\n\tJSONText\n\tValid bool\n}\n",
        ),
    ]);
    let found = supertypes(&files);
    assert!(
        found.contains(&"sqlx.go:qStmt -> sqlx.go:Queryer".to_string()),
        "{found:?}"
    );
    assert!(
        found.contains(&"types.go:NullJSONText -> fmt.Stringer".to_string()),
        "{found:?}"
    );
    assert!(
        !found.iter().any(|line| line.starts_with("sqlx.go:DB")),
        "{found:?}"
    );
    let graph = Graph::build(&files);
    let hierarchy = Hierarchy::build(&files, &graph);
    let at = |path: &str, name: &str| type_at(&files, path, name);
    let db = at("sqlx.go", "DB");
    let open: Vec<&str> = hierarchy
        .open_embeds(db)
        .iter()
        .map(AsRef::as_ref)
        .collect();
    assert_eq!(open, ["sql.DB"]);
    assert_eq!(
        hierarchy.perhaps_implementors(at("sqlx.go", "Queryer")),
        [db]
    );
    // `Namer`'s one method is one `DB` lacks: nothing says it has any of it.
    assert!(hierarchy
        .perhaps_implementors(at("sqlx.go", "Namer"))
        .is_empty());
}
