#![allow(clippy::unwrap_used)]
//! The code graph over real parses of small trees written inline: public API, the reference
//! graph through re-exports, symbol ranks and module layers.

mod common;

use cartograph_core::{FileMap, Language, RepoPath};
use cartograph_graph::Graph;
use common::tree;

/// `(path, symbol)` of every public symbol, in path and line order.
fn public(graph: &Graph, files: &[FileMap]) -> Vec<String> {
    let mut found = Vec::new();
    for file in files {
        for (at, symbol) in file.parsed.symbols.iter().enumerate() {
            if graph.is_public(&file.path, at) {
                found.push(format!("{}::{}", file.path, symbol.name));
            }
        }
    }
    found.sort();
    found
}

/// [`references`] of the file `from`.
fn references_from(graph: &Graph, from: &str) -> Vec<String> {
    let prefix = format!("{from} -> ");
    references(graph)
        .into_iter()
        .filter(|reference| reference.starts_with(&prefix))
        .collect()
}

fn references(graph: &Graph) -> Vec<String> {
    graph
        .references()
        .iter()
        .map(|r| format!("{} -> {}: {}", r.from, r.to, r.names.join(",")))
        .collect()
}

/// anyhow: `Error` is defined in `lib.rs`, its methods in the private `error.rs`; `bail!` is
/// a `#[macro_export]` macro of the private `macros.rs`, beside a hidden helper macro.
#[test]
fn rust_inherent_methods_and_exported_macros_are_api_from_private_modules() {
    let files = tree(&[
        ("Cargo.toml", "[package]\nname = \"anyhow\"\n"),
        (
            "src/lib.rs",
            "mod error;\nmod kind;\nmod macros;\npub struct Error { inner: u8 }\nstruct Private;\n#[doc(hidden)]\npub mod __private {\n    pub use crate::kind::AdhocKind;\n}\npub mod open {\n    pub use crate::kind::Shown;\n    pub(crate) use crate::kind::Internal;\n}\n",
        ),
        // memchr's `pub(crate) use searcher::Pre` in the public `memmem`: offered within the
        // crate only.
        (
            "src/kind.rs",
            "pub trait AdhocKind {}\npub trait Shown {}\npub struct Internal;\n",
        ),
        (
            "src/error.rs",
            "use crate::{Error, Private};\nimpl Error {\n    pub fn new() -> Self { todo!() }\n    fn construct() {}\n}\nimpl Private {\n    pub fn hidden() {}\n}\nimpl std::fmt::Display for Error {\n    fn fmt(&self) {}\n}\n",
        ),
        (
            "src/macros.rs",
            "#[macro_export]\nmacro_rules! bail { () => {}; }\n\n#[doc(hidden)]\n#[macro_export]\nmacro_rules! __anyhow { () => {}; }\n\nmacro_rules! local { () => {}; }\n",
        ),
    ]);
    let graph = Graph::build(&files);
    assert_eq!(
        public(&graph, &files),
        vec![
            "src/error.rs::new".to_string(),
            "src/kind.rs::Shown".to_string(),
            "src/lib.rs::Error".to_string(),
            "src/lib.rs::open".to_string(),
            "src/macros.rs::bail".to_string(),
        ]
    );
}

/// anyhow's tests `use anyhow::{bail, Error}`: `bail!` is written in `src/macros.rs`, which
/// the crate root neither defines nor re-exports it from; the reference reaches that file.
#[test]
fn rust_imports_of_exported_macros_reach_the_file_defining_them() {
    let files = tree(&[
        ("Cargo.toml", "[package]\nname = \"anyhow\"\n"),
        ("src/lib.rs", "mod ensure;\nmod macros;\npub struct Error;\n"),
        ("src/ensure.rs", "pub fn check() {}\n"),
        // A trybuild fixture, outside any target: `ensure` is the macro, not the private
        // module of that name.
        ("tests/ui/empty-ensure.rs", "use anyhow::ensure;\n\nfn main() {}\n"),
        (
            "src/macros.rs",
            "#[macro_export]\nmacro_rules! bail { () => {}; }\nmacro_rules! local { () => {}; }\n#[cfg(a)]\n#[macro_export]\nmacro_rules! ensure { () => {}; }\n#[cfg(not(a))]\n#[macro_export]\nmacro_rules! ensure { () => {}; }\n",
        ),
        ("tests/test_macros.rs", "use anyhow::{bail, ensure, local, Error};\n"),
        ("other/Cargo.toml", "[package]\nname = \"other\"\n"),
        ("other/src/lib.rs", "#[macro_export]\nmacro_rules! bail { () => {}; }\n"),
    ]);
    let graph = Graph::build(&files);
    assert_eq!(
        references(&graph),
        [
            "tests/test_macros.rs -> src/lib.rs: Error",
            "tests/test_macros.rs -> src/macros.rs: bail,ensure",
            "tests/ui/empty-ensure.rs -> src/macros.rs: ensure",
        ]
    );
}

/// ripgrep's `crates/core` is a binary: its `#[macro_export]` macros are offered to no one; a
/// library's `#[cfg(test)] #[macro_export]` macro (`assert_eq_printed!`) exists only in its
/// tests, and a macro of a `#[cfg(test)] mod` is no API either.
#[test]
fn rust_macros_of_binaries_and_tests_are_not_api() {
    let files = tree(&[
        ("Cargo.toml", "[package]\nname = \"ripgrep\"\n[[bin]]\nname = \"rg\"\npath = \"core/main.rs\"\n"),
        ("core/main.rs", "mod messages;\nfn main() {}\n"),
        ("core/messages.rs", "#[macro_export]\nmacro_rules! message { () => {}; }\n"),
        ("printer/Cargo.toml", "[package]\nname = \"grep-printer\"\n"),
        ("printer/src/lib.rs", "#[macro_use]\nmod macros;\n#[cfg(test)]\nmod testutil;\npub struct Standard;\n"),
        ("printer/src/macros.rs", "#[cfg(test)]\n#[macro_export]\nmacro_rules! assert_eq_printed { () => {}; }\n\n#[macro_export]\nmacro_rules! shown { () => {}; }\n"),
        ("printer/src/testutil.rs", "#[macro_export]\nmacro_rules! in_tests { () => {}; }\n"),
    ]);
    let graph = Graph::build(&files);
    assert_eq!(
        public(&graph, &files),
        vec![
            "printer/src/lib.rs::Standard".to_string(),
            "printer/src/macros.rs::shown".to_string(),
        ]
    );
}

/// What the comparison with rust-analyzer's SCIP index found (BENCHMARKS.md, "Rust against
/// rust-analyzer's SCIP index"): a glob re-export of another crate is followed through that
/// crate's own `pub use`, a private `mod lower;` defines no name (the function it re-exports
/// does), and a variant's path names its enum.
#[test]
fn rust_references_through_globs_private_modules_and_variants() {
    let files = tree(&[
        (
            "Cargo.toml",
            "[workspace]\nmembers = [\"builder\"]\n[package]\nname = \"front\"\n[dependencies]\nbuilder = { path = \"builder\" }\n",
        ),
        ("src/lib.rs", "pub use builder::*;\n"),
        ("builder/Cargo.toml", "[package]\nname = \"builder\"\n"),
        (
            "builder/src/lib.rs",
            "mod derive;\npub mod hir;\npub mod translate;\npub use crate::derive::Parser;\n",
        ),
        ("builder/src/derive.rs", "pub trait Parser {}\n"),
        (
            "builder/src/hir.rs",
            "mod lower;\npub use self::lower::lower;\npub enum Class { Bytes }\n",
        ),
        ("builder/src/hir/lower.rs", "pub fn lower() {}\n"),
        (
            "builder/src/translate.rs",
            "use crate::hir::lower;\nuse crate::hir::Class::Bytes;\n",
        ),
        ("examples/demo.rs", "use front::Parser;\nfn main() {}\n"),
    ]);
    let graph = Graph::build(&files);
    assert_eq!(
        references(&graph),
        [
            "builder/src/hir.rs -> builder/src/hir/lower.rs: lower",
            "builder/src/lib.rs -> builder/src/derive.rs: Parser",
            "builder/src/translate.rs -> builder/src/hir.rs: Class",
            "builder/src/translate.rs -> builder/src/hir/lower.rs: lower",
            "examples/demo.rs -> builder/src/derive.rs: Parser",
        ]
    );
}

/// getrandom's `backends.rs` picks one backend per build with `cfg_if!`, each glob-exported:
/// `backends::fill_inner` in `lib.rs` names whichever the build takes, so no one backend is
/// its definition; a name only one glob brings is still followed.
#[test]
fn rust_globs_that_are_cfg_alternatives_define_no_name_they_share() {
    let files = tree(&[
        ("Cargo.toml", "[package]\nname = \"getrandom\"\n"),
        (
            "src/lib.rs",
            "mod backends;\npub fn fill() { backends::fill_inner(); backends::only_unix(); }\n",
        ),
        (
            "src/backends.rs",
            "cfg_if! {\n    if #[cfg(unix)] {\n        mod unix;\n        pub use unix::*;\n    } else {\n        mod custom;\n        pub use custom::*;\n    }\n}\n",
        ),
        ("src/backends/unix.rs", "pub fn fill_inner() {}\npub fn only_unix() {}\n"),
        ("src/backends/custom.rs", "pub fn fill_inner() {}\n"),
    ]);
    let graph = Graph::build(&files);
    assert_eq!(
        references(&graph),
        ["src/lib.rs -> src/backends/unix.rs: only_unix"]
    );
}

/// What ripgrep and bytes showed against rust-analyzer: the `grep` facade re-exports whole
/// crates (`pub extern crate grep_cli as cli;`), code names a function through a module a `use`
/// brought (`use grep::cli;` then `cli::pattern_from_os()`) or a child module (`loom::now()`
/// beside `mod loom;`), a name re-exported under another (`pub use crate::wtr::stdout as out;`),
/// and `loom.rs` defines its trait
/// inside inline modules (`mod sync { mod atomic { trait AtomicMut } }`).
#[test]
fn rust_references_through_reexported_crates_used_modules_and_inline_modules() {
    let files = tree(&[
        (
            "Cargo.toml",
            "[workspace]\nmembers = [\"cli\", \"grep\"]\n[package]\nname = \"rg\"\n[dependencies]\ngrep = { path = \"grep\" }\n",
        ),
        ("grep/Cargo.toml", "[package]\nname = \"grep\"\n[dependencies]\ngrep-cli = { path = \"../cli\" }\n"),
        ("grep/src/lib.rs", "pub extern crate grep_cli as cli;\n"),
        ("cli/Cargo.toml", "[package]\nname = \"grep-cli\"\n"),
        (
            "cli/src/lib.rs",
            "mod pattern;\nmod wtr;\npub use crate::pattern::pattern_from_os;\npub use crate::wtr::stdout as out;\n",
        ),
        ("cli/src/pattern.rs", "pub fn pattern_from_os() {}\n"),
        ("cli/src/wtr.rs", "pub fn stdout() {}\n"),
        (
            "src/main.rs",
            "mod loom;\nuse grep::cli;\nuse crate::loom::sync::atomic::AtomicMut;\nfn main() { cli::pattern_from_os(); cli::out(); loom::now(); }\n",
        ),
        (
            "src/loom.rs",
            "pub(crate) mod sync {\n    pub(crate) mod atomic {\n        pub(crate) trait AtomicMut {}\n    }\n}\npub fn now() {}\n",
        ),
    ]);
    let graph = Graph::build(&files);
    assert_eq!(
        references(&graph),
        [
            "cli/src/lib.rs -> cli/src/pattern.rs: pattern_from_os",
            "cli/src/lib.rs -> cli/src/wtr.rs: stdout",
            "src/main.rs -> cli/src/pattern.rs: pattern_from_os",
            "src/main.rs -> cli/src/wtr.rs: stdout",
            "src/main.rs -> src/loom.rs: AtomicMut,now",
        ]
    );
    // The path is no import edge of its own: `use grep::cli;` is the dependency.
    let main = files
        .iter()
        .find(|file| file.path.as_str() == "src/main.rs");
    let path = main
        .into_iter()
        .flat_map(|file| &file.parsed.imports)
        .find(|import| import.raw == "cli::pattern_from_os")
        .unwrap();
    assert_eq!(path.kind, cartograph_core::ImportKind::ScopedPath);
    assert!(!path.kind.is_edge());
}

#[test]
fn rust_public_api_is_what_the_library_root_reaches() {
    let files = tree(&[
        ("Cargo.toml", "[package]\nname = \"re\"\n"),
        (
            "src/lib.rs",
            "pub mod hir;\nmod ast;\npub use crate::ast::Parser;\npub fn parse() {}\nfn helper() {}\n",
        ),
        ("src/ast.rs", "pub struct Parser;\npub struct Hidden;\nimpl Parser { pub fn new() -> Parser { Parser } fn inner(&self) {} }\n"),
        // walkdir's `impl<P> FilterEntry<IntoIter, P>`: the impl names its type with arguments.
        ("src/hir.rs", "pub struct Hir;\npub(crate) fn translate() {}\npub struct Node<T>(T);\nimpl<T: Clone> Node<T> { pub fn kids(&self) {} }\n"),
        ("src/main.rs", "pub fn not_api() {}\nfn main() { re::parse(); }\n"),
    ]);
    let graph = Graph::build(&files);
    assert_eq!(
        public(&graph, &files),
        [
            "src/ast.rs::Parser",
            "src/ast.rs::new",
            "src/hir.rs::Hir",
            "src/hir.rs::Node",
            "src/hir.rs::kids",
            "src/lib.rs::hir",
            "src/lib.rs::parse",
        ]
    );
    assert_eq!(
        references(&graph),
        [
            "src/lib.rs -> src/ast.rs: Parser",
            "src/main.rs -> src/lib.rs: parse",
        ]
    );
}

#[test]
fn a_reexport_of_a_reexport_is_public_where_it_is_defined_and_nothing_else_is() {
    let files = tree(&[
        ("Cargo.toml", "[package]\nname = \"grep\"\n"),
        (
            "src/lib.rs",
            "mod search;\npub use crate::search::{Mmap, Searcher};\n",
        ),
        (
            "src/search/mod.rs",
            "mod mmap;\npub use self::mmap::Mmap;\npub struct Searcher;\npub struct Config;\n",
        ),
        (
            "src/search/mmap.rs",
            "pub struct Mmap;\npub struct Hidden;\n",
        ),
    ]);
    let graph = Graph::build(&files);
    assert_eq!(
        public(&graph, &files),
        ["src/search/mmap.rs::Mmap", "src/search/mod.rs::Searcher"]
    );
}

#[test]
fn python_references_follow_reexports_and_ranks_favour_used_names() {
    let files = tree(&[
        (
            "pkg/__init__.py",
            "from .app import Flask\nfrom .helpers import url_for\n",
        ),
        (
            "pkg/app.py",
            "class Flask:\n    def run(self):\n        pass\n\ndef _private():\n    pass\n",
        ),
        (
            "pkg/helpers.py",
            "def url_for():\n    pass\n\ndef unused():\n    pass\n",
        ),
        ("pkg/_internal.py", "def hidden():\n    pass\n"),
        (
            "tests/test_app.py",
            "from pkg import Flask, url_for\n\ndef test_run():\n    pass\n",
        ),
        ("examples/use.py", "from pkg import Flask\n"),
    ]);
    let graph = Graph::build(&files);
    assert_eq!(
        public(&graph, &files),
        [
            "examples/use.py::Flask",
            "pkg/app.py::Flask",
            "pkg/app.py::run",
            "pkg/helpers.py::unused",
            "pkg/helpers.py::url_for",
        ]
        .map(String::from)
        .into_iter()
        .filter(|name| !name.starts_with("examples/"))
        .collect::<Vec<_>>()
    );
    assert_eq!(
        references(&graph),
        [
            "examples/use.py -> pkg/app.py: Flask",
            "pkg/__init__.py -> pkg/app.py: Flask",
            "pkg/__init__.py -> pkg/helpers.py: url_for",
            "tests/test_app.py -> pkg/app.py: Flask",
            "tests/test_app.py -> pkg/helpers.py: url_for",
        ]
    );
    // Both ways: who uses a file's names, and whose names a file uses (past the re-export).
    let around = |path: &str| -> Vec<String> {
        let path = cartograph_core::RepoPath::new(path).unwrap();
        graph
            .reference_neighbours(&path)
            .into_iter()
            .map(ToString::to_string)
            .collect()
    };
    assert_eq!(
        around("pkg/app.py"),
        ["examples/use.py", "pkg/__init__.py", "tests/test_app.py"]
    );
    assert_eq!(
        around("tests/test_app.py"),
        ["pkg/app.py", "pkg/helpers.py"]
    );
    assert!(around("pkg/_internal.py").is_empty());
    let rank = |path: &str, name: &str| {
        let file = files.iter().find(|f| f.path.as_str() == path).unwrap();
        let at = file
            .parsed
            .symbols
            .iter()
            .position(|s| s.name == name)
            .unwrap();
        graph.symbol_rank(&file.path, at)
    };
    assert!(rank("pkg/app.py", "Flask") > rank("pkg/app.py", "_private"));
    assert!(rank("pkg/helpers.py", "url_for") > rank("pkg/helpers.py", "unused"));
    let total: f64 = files
        .iter()
        .flat_map(|file| (0..file.parsed.symbols.len()).map(move |at| (file, at)))
        .map(|(file, at)| graph.symbol_rank(&file.path, at))
        .sum();
    assert!((total - 1.0).abs() < 1e-9, "ranks sum to {total}");
}

#[test]
fn python_all_declares_the_api() {
    let files = tree(&[
        (
            "pkg/__init__.py",
            "from .core import run, helper\n__all__ = ['run']\n",
        ),
        (
            "pkg/core.py",
            "__all__ = (\"run\", \"_fast\")\n__all__ += ['helper']\ndef run(): pass\ndef helper(): pass\ndef _fast(): pass\ndef other(): pass\n",
        ),
    ]);
    let graph = Graph::build(&files);
    assert_eq!(
        public(&graph, &files),
        [
            "pkg/core.py::_fast",
            "pkg/core.py::helper",
            "pkg/core.py::run"
        ]
    );
}

/// loguru's `__init__.pyi` types `logger` with `Logger` and `Record`, names a program cannot
/// import; a stub with no module beside it (a package's only interface) is its API.
#[test]
fn python_stub_names_beside_their_module_are_no_api() {
    let files = tree(&[
        (
            "loguru/__init__.py",
            "__all__ = ['logger']
logger = make()
",
        ),
        (
            "loguru/__init__.pyi",
            "class Logger: ...
class Record: ...
",
        ),
        (
            "typed/api.pyi",
            "def fetch(url: str) -> bytes: ...
",
        ),
    ]);
    let graph = Graph::build(&files);
    let public = public(&graph, &files);
    assert!(
        !public.iter().any(|name| name.contains("__init__.pyi")),
        "{public:?}"
    );
    assert!(
        public.contains(&"typed/api.pyi::fetch".to_string()),
        "{public:?}"
    );
}

/// ripgrep's `benchsuite/benchsuite` is a Python script run by its `#!` line: no program can
/// import it, so its functions are no API; `bench/run.py` beside it can be imported.
#[test]
fn python_scripts_without_a_py_name_offer_nothing() {
    let mut files = tree(&[
        ("benchsuite/benchsuite", "def run_ripgrep(): pass\n"),
        ("bench/run.py", "def main(): pass\n"),
    ]);
    for file in files
        .iter_mut()
        .filter(|file| file.path.extension().is_none())
    {
        file.language = Language::Python;
        file.parsed = cartograph_lang::parse(Language::Python, "def run_ripgrep(): pass\n");
    }
    let graph = Graph::build(&files);
    assert_eq!(public(&graph, &files), ["bench/run.py::main".to_string()]);
}

/// urfave/cli's `scripts/build.go` is `package main`: no program can import its exported
/// functions; the library package's are its API.
#[test]
fn go_main_packages_offer_nothing() {
    let files = tree(&[
        ("go.mod", "module example.com/cli\n\ngo 1.22\n"),
        ("command.go", "package cli\n\nfunc Run() {}\n"),
        (
            "scripts/build.go",
            "package main\n\nfunc BuildAction() {}\n\nfunc main() {}\n",
        ),
    ]);
    let graph = Graph::build(&files);
    assert_eq!(public(&graph, &files), ["command.go::Run".to_string()]);
}

/// morgan's `index.js` exports `morgan`, `compile`, `format` and `token` through
/// `module.exports`; `createBufferStream` says `@public` in its JSDoc but is not exported.
#[test]
fn commonjs_exports_decide_over_jsdoc_tags() {
    let files = tree(&[(
        "index.js",
        "module.exports = morgan\nmodule.exports.compile = compile\n\n/**\n * Morgan.\n * @public\n */\nfunction morgan () {}\n\n/**\n * Compile.\n * @public\n */\nfunction compile () {}\n\n/**\n * Create a basic buffering stream.\n * @public\n */\nfunction createBufferStream () {}\n",
    )]);
    let graph = Graph::build(&files);
    assert_eq!(
        public(&graph, &files),
        [
            "index.js::compile".to_string(),
            "index.js::morgan".to_string()
        ]
    );
    // body-parser's `lib/utils.js` exports `normalizeOptions` for its parsers and marks it
    // `@private`: exported within the package, not its API.
    let files = tree(&[(
        "lib/utils.js",
        "module.exports = {\n  normalizeOptions,\n  getCharset\n}\n\n/**\n * Normalizes the common options.\n * @private\n */\nfunction normalizeOptions () {}\n\n/**\n * The charset of a request.\n */\nfunction getCharset () {}\n",
    )]);
    let graph = Graph::build(&files);
    assert_eq!(
        public(&graph, &files),
        ["lib/utils.js::getCharset".to_string()]
    );
}

/// markupsafe's `__init__.py` imports `_escape_inner` from `_native.py` to use it: a name with
/// a leading underscore is not offered by the package.
#[test]
fn python_private_names_an_init_imports_are_no_api() {
    let files = tree(&[
        (
            "pkg/__init__.py",
            "from ._native import _escape_inner
from ._native import escape
",
        ),
        (
            "pkg/_native.py",
            "def _escape_inner(s): pass
def escape(s): pass
",
        ),
    ]);
    let graph = Graph::build(&files);
    assert_eq!(public(&graph, &files), ["pkg/_native.py::escape"]);
}

#[test]
fn python_type_variables_are_no_api() {
    let files = tree(&[(
        "pkg/core.py",
        "import typing\nfrom typing import ParamSpec, TypeVar\n\nT = TypeVar(\"T\")\nP = ParamSpec(\"P\")\nK = typing.TypeVar(\"K\", bound=str)\nLIMIT = 10\n\ndef run(value: T) -> T:\n    return value\n",
    )]);
    let graph = Graph::build(&files);
    assert_eq!(
        public(&graph, &files),
        ["pkg/core.py::LIMIT", "pkg/core.py::run"]
    );
}

/// toolz's `__init__.py` offers `compose` again as `comp`, and the builtins `map` and `sorted`
/// under its own name: an alias in a package front is API, a value made there is not.
#[test]
fn python_aliases_in_a_package_front_are_api() {
    let files = tree(&[
        (
            "pkg/__init__.py",
            "from .core import *\n\nmap = map\ncomp = compose\nloads = json.loads\nstate = make()\nnothing = None\n",
        ),
        ("pkg/core.py", "def compose(*fs): pass\nalias = compose\n"),
    ]);
    let graph = Graph::build(&files);
    assert_eq!(
        public(&graph, &files),
        [
            "pkg/__init__.py::comp",
            "pkg/__init__.py::loads",
            "pkg/__init__.py::map",
            // `from .core import *` binds it in the package too.
            "pkg/core.py::alias",
            "pkg/core.py::compose"
        ]
    );
}

/// toolz's examples and tests `from toolz import *`: the names they read come from the files
/// the package star-imports in turn (`compose` from `functoolz.py`), even passed as values
/// (`comp(frequencies, …)`); a local of the same name is no use.
#[test]
fn python_star_imports_reach_what_the_file_reads() {
    let files = tree(&[
        (
            "toolz/__init__.py",
            "from .functoolz import *\nfrom .itertoolz import *\ncomp = compose\n",
        ),
        ("toolz/functoolz.py", "def compose(*fs): pass\n"),
        (
            "toolz/itertoolz.py",
            "def frequencies(seq): pass\ndef first(seq): pass\n",
        ),
        (
            "examples/wordcount.py",
            "from toolz import *\n\ndef stem(word):\n    first = word[0]\n    return first\n\nwordcount = comp(frequencies, stem, str.split)\n",
        ),
        (
            "tests/test_serialization.py",
            "from toolz import *\n\ndef test_compose():\n    f = compose(str, sum)\n",
        ),
    ]);
    let graph = Graph::build(&files);
    assert_eq!(
        users_of(&graph, "toolz/functoolz.py"),
        ["tests/test_serialization.py", "toolz/__init__.py"]
    );
    assert_eq!(
        users_of(&graph, "toolz/itertoolz.py"),
        ["examples/wordcount.py"]
    );
    assert_eq!(
        users_of(&graph, "toolz/__init__.py"),
        ["examples/wordcount.py"]
    );
}

#[test]
fn a_cyclic_reexport_ends_cleanly() {
    let files = tree(&[
        ("a/__init__.py", "from .b import thing\n"),
        ("a/b.py", "from . import thing\n"),
        ("user.py", "from a import thing\n"),
    ]);
    let graph = Graph::build(&files);
    assert!(graph.references().is_empty());
}

#[test]
fn commonjs_exports_are_the_api_of_a_javascript_module() {
    let files = tree(&[
        (
            "lib/app.js",
            "var app = exports = module.exports = {};\n\n/**\n * Start.\n * @private\n */\n\napp.init = function init() {};\n\n/** Add middleware. */\napp.use = function use(fn) {};\nfunction helper() {}\n",
        ),
        (
            "lib/request.js",
            "var req = Object.create(null);\nmodule.exports = req;\nreq.get = function get(name) {};\n",
        ),
        (
            "lib/utils.js",
            "exports.etag = make();\nexports.normalize = function(type) {};\nfunction make() {}\n",
        ),
        (
            "lib/index.js",
            "function create() {}\nfunction internal() {}\nmodule.exports = create;\n",
        ),
        ("lib/es.js", "export function shown() {}\nfunction hidden() {}\n"),
        ("test/app.test.js", "exports.fixture = function() {};\n"),
    ]);
    let graph = Graph::build(&files);
    assert_eq!(
        public(&graph, &files),
        [
            "lib/app.js::use",
            "lib/es.js::shown",
            "lib/index.js::create",
            "lib/request.js::get",
            "lib/utils.js::etag",
            "lib/utils.js::normalize",
        ]
    );
}

#[test]
fn tests_and_examples_are_told_by_their_paths() {
    let path = |text: &str| RepoPath::new(text).unwrap();
    assert!(cartograph_graph::is_test_path(&path("test/app.router.js")));
    assert!(cartograph_graph::is_test_path(&path("pkg/args_test.go")));
    // ora's `test.js`, the suite `node --test test.js` runs.
    assert!(cartograph_graph::is_test_path(&path("test.js")));
    // picomatch's `examples/test.js` shows off `picomatch.test`.
    assert!(!cartograph_graph::is_test_path(&path("examples/test.js")));
    assert!(cartograph_graph::is_test_path(&path(
        "test/examples/test.js"
    )));
    assert!(cartograph_graph::is_test_path(&path("test.py")));
    assert!(cartograph_graph::is_test_path(&path("polls/tests.py")));
    // go-isatty's `go.test.sh` runs the tests.
    assert!(!cartograph_graph::is_test_path(&path("go.test.sh")));
    assert!(!cartograph_graph::is_test_path(&path("src/testing.js")));
    // A build-tag version in the name: the test suffix is before the extension, not the dot.
    assert!(cartograph_graph::is_test_path(&path(
        "bool_func_go1.21_test.go"
    )));
    assert!(!cartograph_graph::is_test_path(&path(
        "bool_func_go1.21.go"
    )));
    assert!(cartograph_graph::is_test_path(&path("src/test_parse.py")));
    assert!(cartograph_graph::is_test_path(&path("src/app.spec.ts")));
    // Vitest's benchmarks are named `*.bench.ts`; a benchmark's name is no bench of code.
    assert!(cartograph_graph::is_benchmark_path(&path(
        "src/index.bench.ts"
    )));
    assert!(cartograph_graph::is_benchmark_path(&path(
        "bench_parser.py"
    )));
    assert!(!cartograph_graph::is_benchmark_path(&path(
        "src/workbench.ts"
    )));
    assert!(!cartograph_graph::is_benchmark_path(&path(
        "src/benches.md"
    )));
    assert!(!cartograph_graph::is_test_path(&path(
        "src/testing_helpers.py"
    )));
    assert!(!cartograph_graph::is_test_path(&path("lib/contest.js")));
    // sinatra-contrib's `Sinatra::TestHelpers` helps its users test; in a test directory the
    // same name is the suite's helper.
    assert!(!cartograph_graph::is_test_path(&path(
        "sinatra-contrib/lib/sinatra/test_helpers.rb"
    )));
    assert!(cartograph_graph::is_test_path(&path("test/test_helper.rb")));
    // Cargo builds every file of `examples/` as a program (once_cell's
    // `examples/test_synchronization.rs`); a Python file so named is pytest's.
    assert!(!cartograph_graph::is_test_path(&path(
        "examples/test_synchronization.rs"
    )));
    assert!(cartograph_graph::is_test_path(&path(
        "examples/test_app.py"
    )));
    assert!(cartograph_graph::is_test_dir("tests/unit"));
    assert!(!cartograph_graph::is_test_dir("latest"));
    // koa's fixtures for its suite; a Go package named so may be a library for users.
    assert!(cartograph_graph::is_test_path(&path(
        "test-helpers/context.js"
    )));
    assert!(!cartograph_graph::is_test_dir("prometheus/testutil"));
    // log's `test_max_level_features/` is a crate of its own that tests the features.
    assert!(cartograph_graph::is_test_dir("test_max_level_features"));
    assert!(cartograph_graph::is_test_path(&path(
        "test_max_level_features/main.rs"
    )));
    assert!(!cartograph_graph::is_test_dir("contest_entries"));
    // `tsd`'s type tests: execa's `test-d/`, chalk's `source/index.test-d.ts`.
    assert!(cartograph_graph::is_test_dir("test-d/stdio"));
    // gson's Maven modules that test the main one; a `tests-` suite likewise.
    assert!(cartograph_graph::is_test_dir("test-jpms/src/main/java"));
    assert!(cartograph_graph::is_test_dir("test-graal-native-image"));
    assert!(cartograph_graph::is_test_dir("tests-integration"));
    assert!(!cartograph_graph::is_test_dir("latest-release"));
    assert!(!cartograph_graph::is_test_dir("contest-entries"));
    assert!(cartograph_graph::is_test_path(&path(
        "source/index.test-d.ts"
    )));
    // Cucumber: httparty's `features/*.feature` and the Ruby steps behind them; a web app's
    // `src/features/` is its code.
    assert!(cartograph_graph::is_test_path(&path(
        "features/basic_authentication.feature"
    )));
    assert!(cartograph_graph::is_test_path(&path(
        "features/steps/env.rb"
    )));
    assert!(cartograph_graph::is_test_dir("features/step_definitions"));
    assert!(!cartograph_graph::is_test_dir("src/features/cart"));
    assert!(!cartograph_graph::is_test_path(&path(
        "src/features/cart/slice.ts"
    )));
    // league/csv keeps its PHPUnit tests, their base classes and its benchmarks in `src/`.
    assert!(cartograph_graph::is_test_path(&path("src/ReaderTest.php")));
    // monolog ships `src/Monolog/Test/MonologTestCase.php` for its users' tests.
    assert!(!cartograph_graph::is_test_path(&path(
        "src/Monolog/Test/MonologTestCase.php"
    )));
    assert!(cartograph_graph::is_test_path(&path(
        "core/src/ParserTests.java"
    )));
    assert!(!cartograph_graph::is_test_path(&path("src/Contest.php")));
    assert!(!cartograph_graph::is_test_path(&path("src/Test.php")));
    assert!(cartograph_graph::is_example_path(&path(
        "src/ReaderBench.php"
    )));
    assert!(!cartograph_graph::is_example_path(&path("src/Bench.php")));
    // attrs' `typing_tests` are checked by a type checker; an `e2e-tests` suite likewise.
    assert!(cartograph_graph::is_test_dir("typing_tests"));
    assert!(cartograph_graph::is_test_dir("e2e-tests/login"));
    assert!(!cartograph_graph::is_test_dir("contests"));
    assert!(cartograph_graph::is_example_dir("examples/auth"));
    assert!(cartograph_graph::is_example_dir("benches"));
    // bubbletea's `tutorials/basics/main.go` are programs a tutorial walks through.
    assert!(cartograph_graph::is_example_dir("tutorials/basics"));
    assert!(!cartograph_graph::is_example_dir("lib/example_config"));
    // Go hides `_examples` from its tools; it is still the examples.
    assert!(cartograph_graph::is_example_dir("_examples/rest"));
    assert!(cartograph_graph::is_test_dir("_test/unit"));
    assert!(!cartograph_graph::is_example_dir("__examples"));
    // The conventions lens used to keep apart: fixtures and test data, Ruby specs, Java and C#
    // test classes, names in any case.
    for test in [
        "a/__tests__/b.js",
        "tests/fixtures/x.json",
        "pkg/testdata/input.go",
        "spec/models/user_spec.rb",
        "src/main/java/com/x/ParserTest.java",
        "Lib.Tests/ParserTests.cs",
        "pkg/Test_core.py",
        "conftest.py",
    ] {
        assert!(cartograph_graph::is_test_path(&path(test)), "{test}");
    }
    for code in [
        "src/latest.rs",
        "src/contest.py",
        "attestation/x.rs",
        "tests.rs",
    ] {
        assert!(!cartograph_graph::is_test_path(&path(code)), "{code}");
    }
    assert!(cartograph_graph::is_example_path(&path(
        "docs_src/first_steps/tutorial001.py"
    )));
    assert!(!cartograph_graph::is_example_path(&path("typer/main.py")));
}

#[test]
fn a_python_package_offers_the_names_of_its_glob_imports_from_private_modules() {
    let files = tree(&[
        (
            "httpx/__init__.py",
            "from ._api import *\nfrom ._client import *\nfrom ._models import *\n\n__all__ = [\"get\", \"Client\", \"Response\"]\n",
        ),
        (
            "httpx/_api.py",
            "__all__ = [\"get\", \"post\"]\n\ndef get(url):\n    pass\n\ndef post(url):\n    pass\n\ndef _helper():\n    pass\n",
        ),
        (
            "httpx/_client.py",
            "class Client:\n    def send(self):\n        pass\n\n    def _private(self):\n        pass\n\ndef _build():\n    pass\n",
        ),
        ("httpx/_models.py", "class Response:\n    pass\n\nclass Headers:\n    pass\n"),
    ]);
    let graph = Graph::build(&files);
    assert_eq!(
        public(&graph, &files),
        [
            "httpx/_api.py::get",
            "httpx/_client.py::Client",
            "httpx/_client.py::send",
            "httpx/_models.py::Response",
        ]
    );
}

#[test]
fn python_names_used_through_a_whole_module_import_are_references() {
    let files = tree(&[
        ("httpx/__init__.py", "from ._client import *\nfrom ._api import get\n"),
        ("httpx/_client.py", "class Client:\n    pass\n"),
        ("httpx/_api.py", "def get(url):\n    pass\n"),
        (
            "tests/test_client.py",
            "import httpx\nimport httpx as hx\n\ndef test_get():\n    client = httpx.Client()\n    hx.get('/')\n    httpx.missing\n",
        ),
        (
            "app.py",
            "def main():\n    import httpx\n    httpx.Client()\n",
        ),
    ]);
    let graph = Graph::build(&files);
    assert_eq!(
        references(&graph),
        [
            // An import inside a function binds the module there too (pyjwt's tests `import
            // jwt` in a test and call `jwt.PyJWS()`).
            "app.py -> httpx/_client.py: Client",
            "httpx/__init__.py -> httpx/_api.py: get",
            "tests/test_client.py -> httpx/_api.py: get",
            "tests/test_client.py -> httpx/_client.py: Client",
        ]
    );
}

/// marshmallow's tests write `fields.String()` after `from marshmallow import fields`: each
/// field class had no user at all.
#[test]
fn python_names_used_through_a_submodule_imported_by_name_are_references() {
    let files = tree(&[
        ("pkg/__init__.py", "from . import fields\nfrom .schema import Schema\n"),
        ("pkg/fields.py", "class String:\n    pass\n\nclass Integer:\n    pass\n"),
        ("pkg/schema.py", "from . import fields as f\n\nclass Schema:\n    name = f.Integer()\n"),
        (
            "tests/test_fields.py",
            "from pkg import fields, Schema\n\ndef test_string():\n    fields.String()\n    Schema.load\n",
        ),
    ]);
    let graph = Graph::build(&files);
    assert_eq!(
        references(&graph),
        [
            "pkg/__init__.py -> pkg/schema.py: Schema",
            "pkg/schema.py -> pkg/fields.py: Integer",
            "tests/test_fields.py -> pkg/fields.py: String",
            "tests/test_fields.py -> pkg/schema.py: Schema",
        ]
    );
}

/// tomli's tests run against whichever module `tests/__init__.py` binds (`import tomli as
/// tomllib`) and write `tomllib.loads(...)` after `from . import tomllib`: uses of tomli's
/// `loads`, wherever tomli finally defines it.
#[test]
fn python_modules_a_package_binds_under_another_name_are_followed() {
    let files = tree(&[
        ("pyproject.toml", "[project]\nname = \"tomli\"\n"),
        ("src/tomli/__init__.py", "from ._parser import loads\n"),
        ("src/tomli/_parser.py", "def loads(s):\n    pass\n"),
        ("tests/__init__.py", "import tomli as tomllib\n"),
        (
            "tests/test_misc.py",
            "from . import tomllib\n\ndef test_load():\n    tomllib.loads('')\n",
        ),
    ]);
    let graph = Graph::build(&files);
    assert_eq!(
        references(&graph),
        [
            "src/tomli/__init__.py -> src/tomli/_parser.py: loads",
            "tests/test_misc.py -> src/tomli/_parser.py: loads",
        ]
    );
}

/// commander's `index.js` imports `Command` from `lib/command.js` and exports it again (`export {
/// Command }`, no `from`); its tests
/// use `commander.Command` from `require('../')`. The reference is to where `Command` is defined.
#[test]
fn javascript_names_passed_on_by_an_index_file_reach_their_definition() {
    let files = tree(&[
        ("lib/command.js", "export class Command {}\n"),
        (
            "index.js",
            "import { Command } from './lib/command.js';\nexport const program = new Command();\nexport { Command };\n",
        ),
        (
            "tests/command.test.js",
            "const commander = require('../');\nnew commander.Command();\n",
        ),
    ]);
    let graph = Graph::build(&files);
    assert_eq!(
        references(&graph),
        [
            "index.js -> lib/command.js: Command",
            "tests/command.test.js -> lib/command.js: Command",
        ]
    );
    // The same in CommonJS: `exports.Command = Command` after a destructured `require`.
    let files = tree(&[
        ("lib/command.js", "class Command {}\nexports.Command = Command;\n"),
        (
            "index.js",
            "const { Command } = require('./lib/command.js');\nexports.Command = Command;\nexports.program = new Command();\n",
        ),
        (
            "tests/command.test.js",
            "const commander = require('../');\nnew commander.Command();\n",
        ),
    ]);
    let graph = Graph::build(&files);
    assert_eq!(
        references(&graph),
        [
            "index.js -> lib/command.js: Command",
            "tests/command.test.js -> lib/command.js: Command",
        ]
    );
    assert_eq!(
        public(&graph, &files),
        ["index.js::program", "lib/command.js::Command"]
    );
}

#[test]
fn javascript_go_and_java_names_used_from_imports_are_references() {
    let files = tree(&[
        (
            "lib/utils.js",
            "exports.compileETag = function(val) {};\nexports.methods = [];\nexports.noop = function() {};\nfunction hidden() {}\n",
        ),
        ("lib/view.js", "function View(name) {}\nmodule.exports = View;\n"),
        (
            "lib/application.js",
            "var View = require('./view');\nvar debug = require('debug');\nvar methods = require('./utils').methods;\nvar utils = require('./utils');\nutils.compileETag(1);\n// pino.js: names taken from a module object required before.\nconst { noop } = utils;\n",
        ),
        ("src/api.ts", "export function get(url: string) {}\nexport class Client {}\n"),
        (
            "src/main.ts",
            "import { get } from './api';\nimport * as api from './api';\nnew api.Client();\n",
        ),
        ("test/helper.js", "function sink() {}\nfunction once() {}\nmodule.exports = { sink, once };\n"),
        (
            "test/esm.mjs",
            "import helper from './helper.js';\nconst { sink } = helper;\n",
        ),
        ("go.mod", "module example.com/m\n\ngo 1.22\n"),
        ("pkg/a/a.go", "package a\n\nfunc Run() {}\n"),
        (
            "cmd/main.go",
            "package main\n\nimport \"example.com/m/pkg/a\"\n\nfunc main() { a.Run() }\n",
        ),
        ("src/main/java/com/x/Util.java", "package com.x;\npublic class Util {}\n"),
        (
            "src/main/java/com/y/App.java",
            "package com.y;\nimport com.x.Util;\npublic class App { Util u; }\n",
        ),
    ]);
    let graph = Graph::build(&files);
    assert_eq!(
        references(&graph),
        [
            "cmd/main.go -> pkg/a/a.go: Run",
            "lib/application.js -> lib/utils.js: compileETag,methods,noop",
            "lib/application.js -> lib/view.js: View",
            "src/main.ts -> src/api.ts: Client,get",
            "src/main/java/com/y/App.java -> src/main/java/com/x/Util.java: Util",
            "test/esm.mjs -> test/helper.js: sink",
        ]
    );
}

/// semver's tests `use crate::util::*` and call its helpers unqualified: references to
/// `tests/util/mod.rs`, which "used by" counts missed. A local that shadows nothing and a
/// name the file defines itself are not.
#[test]
fn a_rust_glob_of_a_local_module_names_what_the_file_uses_of_it() {
    let files = tree(&[
        (
            "Cargo.toml",
            "[package]\nname = \"semver\"\nversion = \"1.0.0\"\n",
        ),
        ("src/lib.rs", "pub struct Version;\n"),
        (
            "tests/util/mod.rs",
            "pub const LIMIT: u32 = 3;\npub fn version(text: &str) -> u32 { 1 }\npub fn assert_to_string(v: u32, s: &str) {}\npub fn helper() {}\npub fn own() {}\npub fn fast_path<F>() {}\n",
        ),
        (
            "tests/test_version.rs",
            "mod util;\n\nuse crate::util::*;\n\nfn own() {}\n\n#[test]\nfn test_parse() {\n    let helper = version(\"1.0.0\");\n    assert_to_string(helper, \"x\");\n    own();\n    let _ = LIMIT;\n    fast_path::<f32>();\n}\n",
        ),
        // anyhow's `tests/test_macros.rs`: `mod common; use self::common::*;`.
        ("tests/common/mod.rs", "pub fn bail_fmt() {}\n"),
        (
            "tests/test_macros.rs",
            "#![allow(clippy::wildcard_imports)]\n\nmod common;\n\nuse self::common::*;\nuse std::cell::Cell;\n\n#[test]\nfn test_messages() {\n    assert_eq!(1, bail_fmt().unwrap_err());\n}\n",
        ),
    ]);
    let graph = Graph::build(&files);
    assert_eq!(
        references(&graph),
        [
            "tests/test_macros.rs -> tests/common/mod.rs: bail_fmt",
            "tests/test_version.rs -> tests/util/mod.rs: LIMIT,assert_to_string,fast_path,version"
        ]
    );
}

/// anyhow's `context.rs` invokes `backtrace!()`, a `macro_rules!` of `backtrace.rs` its crate
/// sees by textual scope: a reference to that file. A macro two files define, or one of
/// another package, is none.
#[test]
fn a_rust_macro_invoked_by_its_bare_name_is_its_defining_files() {
    let files = tree(&[
        ("Cargo.toml", "[package]\nname = \"anyhow\"\n"),
        (
            "src/lib.rs",
            "#[macro_use]\nmod backtrace;\nmod context;\nmod a;\nmod b;\n",
        ),
        (
            "src/backtrace.rs",
            "macro_rules! backtrace {\n    () => { None };\n}\n",
        ),
        ("src/a.rs", "macro_rules! twice { () => {}; }\n"),
        ("src/b.rs", "macro_rules! twice { () => {}; }\n"),
        (
            "src/context.rs",
            "pub fn wrap() {\n    let trace = backtrace!();\n    twice!();\n    println!(\"x\");\n    other!();\n}\n",
        ),
        ("other/Cargo.toml", "[package]\nname = \"other\"\n"),
        ("other/src/lib.rs", "macro_rules! other { () => {}; }\n"),
        // bitflags' tests: `#[macro_use] extern crate`, then `flags! {` with a space.
        (
            "src/flags.rs",
            "#[macro_export]\nmacro_rules! flags { ($($t:tt)*) => {}; }\n",
        ),
        (
            "tests/compile.rs",
            "#[macro_use]\nextern crate anyhow;\n\nflags! {\n    struct F: u8 {}\n}\n\nfn main() {}\n",
        ),
    ]);
    let graph = Graph::build(&files);
    assert_eq!(
        references(&graph),
        [
            "src/context.rs -> src/backtrace.rs: backtrace",
            "tests/compile.rs -> src/flags.rs: flags",
        ]
    );
}

/// chalk's `package.json` `exports` offers `source/index.js` only: what its other files export
/// to it (`utilities.js`) is no API; what the entry re-exports (`export … from`, or an
/// imported binding in `export { … }`) is.
#[test]
fn a_package_s_exports_field_bounds_its_public_api() {
    let files = tree(&[
        (
            "package.json",
            "{\"name\": \"chalk\", \"type\": \"module\", \"exports\": \"./source/index.js\"}\n",
        ),
        (
            "source/index.js",
            "import {stringReplaceAll} from './utilities.js';\nimport {Command} from './command.js';\nexport {modifierNames} from './styles.js';\nexport function paint(text) {\n  return stringReplaceAll(text);\n}\nexport {Command};\n",
        ),
        (
            "source/utilities.js",
            "export function stringReplaceAll(text) {\n  return text;\n}\n",
        ),
        ("source/command.js", "export class Command {}\n"),
        ("source/styles.js", "export const modifierNames = [];\n"),
    ]);
    let graph = Graph::build(&files);
    assert_eq!(
        public(&graph, &files),
        [
            "source/command.js::Command",
            "source/index.js::paint",
            "source/styles.js::modifierNames",
        ]
    );
}

/// passport's `lib/index.js` binds `module.exports = Authenticator` of `authenticator.js` as
/// `var Passport = require('./authenticator')` and exports it as `Passport`; its tests take
/// `require('..').Passport`. Both use `Authenticator`, which "used by" counts missed. A module
/// that exports several names is not read this way.
#[test]
fn a_commonjs_module_exported_whole_is_used_under_any_binding() {
    let files = tree(&[
        (
            "package.json",
            "{\"name\": \"passport\", \"main\": \"./lib\"}\n",
        ),
        (
            "lib/authenticator.js",
            "function Authenticator() {}\nmodule.exports = Authenticator;\n",
        ),
        (
            "lib/two.js",
            "function A() {}\nfunction B() {}\nexports.A = A;\nexports.B = B;\n",
        ),
        (
            "lib/index.js",
            "var Passport = require('./authenticator');\nvar Two = require('./two');\nexports = module.exports = new Passport();\nexports.Passport = Passport;\n",
        ),
        (
            "test/passport.test.js",
            "var Passport = require('..').Passport;\nnew Passport();\n",
        ),
    ]);
    let graph = Graph::build(&files);
    assert_eq!(
        references(&graph),
        [
            "lib/index.js -> lib/authenticator.js: Authenticator",
            "test/passport.test.js -> lib/authenticator.js: Authenticator",
        ]
    );
}

/// jsoup's tests `import static org.jsoup.integration.TestServer.*` and import the annotation
/// nested in `MultiLocaleExtension`: uses of those classes, which "used by" counts missed.
#[test]
fn java_static_and_nested_type_imports_use_the_top_level_class() {
    let files = tree(&[
        (
            "src/test/java/org/jsoup/integration/TestServer.java",
            "package org.jsoup.integration;\npublic class TestServer { public static String origin; }\n",
        ),
        (
            "src/test/java/org/jsoup/MultiLocaleExtension.java",
            "package org.jsoup;\npublic class MultiLocaleExtension { public @interface MultiLocaleTest {} }\n",
        ),
        (
            "src/test/java/org/jsoup/parser/TagTest.java",
            "package org.jsoup.parser;\nimport static org.jsoup.integration.TestServer.*;\nimport static org.jsoup.integration.TestServer.origin;\nimport org.jsoup.MultiLocaleExtension.MultiLocaleTest;\npublic class TagTest { @MultiLocaleTest void t() { String o = origin; } }\n",
        ),
    ]);
    let graph = Graph::build(&files);
    assert_eq!(
        references(&graph),
        [
            "src/test/java/org/jsoup/parser/TagTest.java -> src/test/java/org/jsoup/MultiLocaleExtension.java: MultiLocaleExtension",
            "src/test/java/org/jsoup/parser/TagTest.java -> src/test/java/org/jsoup/integration/TestServer.java: TestServer",
        ]
    );
}

#[test]
fn a_typescript_barrel_is_followed_to_the_defining_module() {
    let files = tree(&[
        ("src/client.ts", "export class Client {}\n"),
        ("src/router.ts", "export function route() {}\n"),
        (
            "src/index.ts",
            "export * from './client';\nexport { route } from './router';\n",
        ),
        (
            "app/main.ts",
            "import { Client, route, missing } from '../src/index';\nnew Client();\nroute();\n",
        ),
    ]);
    let graph = Graph::build(&files);
    assert_eq!(
        references(&graph),
        [
            "app/main.ts -> src/client.ts: Client",
            "app/main.ts -> src/router.ts: route",
        ]
    );
}

/// jotai: src/vanilla/internals.ts exports its functions only through a local clause that
/// renames them (`buildStore as INTERNAL_buildStoreRev2`) and showed no public API; utils.ts
/// re-exports `withStorageValidator as unstable_withStorageValidator`. The declarations are
/// public, and an importer of the exported name refers to the declaration.
#[test]
fn javascript_export_clauses_make_declarations_public_and_aliases_lead_to_them() {
    let files = tree(&[
        (
            "src/internals.ts",
            "const buildStore = () => {};\nfunction isPromiseLike(x: unknown) { return !!x; }\nconst hidden = () => {};\n\
             export { buildStore as INTERNAL_buildStoreRev2, isPromiseLike as INTERNAL_isPromiseLike };\n",
        ),
        (
            "src/utils/atomWithStorage.ts",
            "export function withStorageValidator() {}\n",
        ),
        (
            "src/utils.ts",
            "export { withStorageValidator as unstable_withStorageValidator } from './utils/atomWithStorage';\n",
        ),
        (
            "src/store.ts",
            "import { INTERNAL_buildStoreRev2 } from './internals';\nimport { unstable_withStorageValidator } from './utils';\n\
             export const createStore = () => INTERNAL_buildStoreRev2(unstable_withStorageValidator);\n",
        ),
    ]);
    let graph = Graph::build(&files);
    assert_eq!(
        public(&graph, &files),
        [
            "src/internals.ts::buildStore",
            "src/internals.ts::isPromiseLike",
            "src/store.ts::createStore",
            "src/utils/atomWithStorage.ts::withStorageValidator",
        ]
    );
    assert_eq!(
        references(&graph),
        [
            "src/store.ts -> src/internals.ts: buildStore",
            "src/store.ts -> src/utils/atomWithStorage.ts: withStorageValidator",
        ]
    );
}

#[test]
fn go_files_of_one_package_and_dot_imports_refer_to_each_other_without_imports() {
    let files = tree(&[
        ("go.mod", "module example.com/m\n\ngo 1.22\n"),
        (
            "store/store.go",
            "package store\n\ntype Store struct{ Name string }\n\nfunc (s Store) Open() {}\n",
        ),
        (
            "store/open.go",
            "package store\n\nfunc Open(name string) Store {\n\ts := Store{Name: name}\n\treturn s\n}\n",
        ),
        (
            "store/helpers_test.go",
            "package store\n\nfunc fixture() Store { return Open(\"x\") }\n",
        ),
        (
            "store/open_test.go",
            "package store\n\nimport \"testing\"\n\nfunc TestOpen(t *testing.T) { _ = fixture() }\n",
        ),
        (
            "store/external_test.go",
            "package store_test\n\nfunc Open() {}\n",
        ),
        ("fmtx/bold.go", "package fmtx\n\nfunc Bold(s string) string { return s }\n"),
        ("fmtx/dim.go", "package fmtx\n\nfunc Dim(s string) string { return s }\n"),
        (
            "cmd/main.go",
            "package main\n\nimport . \"example.com/m/fmtx\"\n\nfunc main() { println(Dim(\"x\")) }\n",
        ),
    ]);
    let graph = Graph::build(&files);
    // `Name` in `Store{Name: name}` is a field, not a reference; `Open` is declared by
    // `open.go` and by the method of `store.go`, which is no top-level declaration; the
    // external test package `store_test` is another package.
    assert_eq!(
        references(&graph),
        [
            "cmd/main.go -> fmtx/dim.go: Dim",
            "store/helpers_test.go -> store/open.go: Open",
            "store/helpers_test.go -> store/store.go: Store",
            "store/open.go -> store/store.go: Store",
            "store/open_test.go -> store/helpers_test.go: fixture",
        ]
    );
}

/// javapoet's shape: every class of `com.squareup.javapoet` names the others without an
/// import, and its tests, under another source root, do too; another package does not.
#[test]
fn java_files_of_one_package_refer_to_each_other_without_imports() {
    let files = tree(&[
        (
            "src/main/java/com/example/poet/ClassName.java",
            "package com.example.poet;\n\npublic final class ClassName extends TypeName {\n  public static ClassName get(String name) { return new ClassName(); }\n}\n",
        ),
        (
            "src/main/java/com/example/poet/TypeName.java",
            "package com.example.poet;\n\npublic class TypeName {\n  public static final TypeName OBJECT = ClassName.get(\"Object\");\n}\n",
        ),
        (
            "src/test/java/com/example/poet/ClassNameTest.java",
            "package com.example.poet;\n\npublic final class ClassNameTest {\n  void names() { ClassName name = ClassName.get(\"x\"); }\n}\n",
        ),
        (
            "src/main/java/com/example/other/TypeName.java",
            "package com.example.other;\n\npublic class TypeName {\n  String name;\n}\n",
        ),
    ]);
    let graph = Graph::build(&files);
    assert_eq!(
        references(&graph),
        [
            "src/main/java/com/example/poet/ClassName.java -> src/main/java/com/example/poet/TypeName.java: TypeName",
            "src/main/java/com/example/poet/TypeName.java -> src/main/java/com/example/poet/ClassName.java: ClassName",
            "src/test/java/com/example/poet/ClassNameTest.java -> src/main/java/com/example/poet/ClassName.java: ClassName",
        ]
    );
}

/// guzzle's psr7: `Request` names `Uri` of its own namespace without a `use`; a class of
/// another namespace is not it.
#[test]
fn php_files_of_one_namespace_refer_to_each_other_without_imports() {
    let files = tree(&[
        (
            "src/Uri.php",
            "<?php\n\nnamespace GuzzleHttp\\Psr7;\n\nclass Uri implements UriInterface\n{\n    public function withPath($path): Uri { return $this; }\n}\n",
        ),
        (
            "src/Request.php",
            "<?php\n\nnamespace GuzzleHttp\\Psr7;\n\nuse Psr\\Http\\Message\\RequestInterface;\n\nclass Request implements RequestInterface\n{\n    public function __construct(string $uri)\n    {\n        $this->uri = new Uri($uri);\n        Utils::caselessRemove([], []);\n    }\n}\n",
        ),
        (
            "src/Utils.php",
            "<?php\n\nnamespace GuzzleHttp\\Psr7;\n\nfinal class Utils\n{\n    public static function caselessRemove(array $keys, array $data): array { return $data; }\n}\n",
        ),
        (
            "other/Uri.php",
            "<?php\n\nnamespace Other;\n\nclass Uri {}\n",
        ),
    ]);
    let graph = Graph::build(&files);
    assert_eq!(
        references(&graph),
        [
            "src/Request.php -> src/Uri.php: Uri",
            "src/Request.php -> src/Utils.php: Utils",
        ]
    );
}

/// C# names the types of its namespace, and of the namespaces around it, without a `using`.
#[test]
fn csharp_files_see_the_types_of_their_namespace_and_those_around_it() {
    let files = tree(&[
        (
            "src/A.cs",
            "namespace Acme\n{\n    public class A\n    {\n        private B b = new B();\n    }\n}\n",
        ),
        ("src/B.cs", "namespace Acme;\n\npublic struct B\n{\n}\n"),
        (
            "tests/ATests.cs",
            "namespace Acme.Tests\n{\n    public class ATests\n    {\n        A a = new A();\n    }\n}\n",
        ),
        (
            "other/B.cs",
            "namespace Other\n{\n    public class B { }\n}\n",
        ),
    ]);
    let graph = Graph::build(&files);
    assert_eq!(
        references(&graph),
        ["src/A.cs -> src/B.cs: B", "tests/ATests.cs -> src/A.cs: A"]
    );
}

/// pflag's shape: one package whose files never import each other, all built on the types of
/// one file. That file is the most used and ranks first, though nothing imports it.
#[test]
fn a_file_whose_names_every_file_uses_ranks_first_without_imports() {
    let files = tree(&[
        ("go.mod", "module example.com/flags\n\ngo 1.22\n"),
        (
            "flag.go",
            "package flags\n\ntype Value interface{ Set(string) error }\n\ntype FlagSet struct{}\n\nfunc (f *FlagSet) Var(v Value, name string) {}\n",
        ),
        (
            "bool.go",
            "package flags\n\ntype boolValue bool\n\nfunc (b *boolValue) Set(s string) error { return nil }\n\nfunc (f *FlagSet) Bool(name string) { f.Var(new(boolValue), name) }\n\nvar _ Value = new(boolValue)\n",
        ),
        (
            "int.go",
            "package flags\n\ntype intValue int\n\nfunc (i *intValue) Set(s string) error { return nil }\n\nfunc (f *FlagSet) Int(name string) { f.Var(new(intValue), name) }\n\nvar _ Value = new(intValue)\n",
        ),
        (
            "string.go",
            "package flags\n\nfunc (f *FlagSet) String(name string) { var v Value; f.Var(v, name) }\n",
        ),
    ]);
    let graph = Graph::build(&files);
    assert_eq!(graph.edge_count(), 0);
    let flag = RepoPath::new("flag.go").unwrap();
    assert_eq!(graph.in_degree(&flag), 0);
    assert_eq!(graph.user_count(&flag), 3);
    let others = ["bool.go", "int.go", "string.go"];
    for other in others {
        let other = RepoPath::new(other).unwrap();
        assert_eq!(graph.user_count(&other), 0, "{other}");
        assert!(
            graph.rank_of(&flag) > 2.0 * graph.rank_of(&other),
            "{other}"
        );
    }
    let total: f64 = graph.pagerank().values().sum();
    assert!((total - 1.0).abs() < 1e-9);
}

#[test]
fn csharp_and_php_types_used_through_usings_are_references() {
    let files = tree(&[
        (
            "src/Core/Logger.cs",
            "namespace Acme.Core;\n\npublic class Logger { public void Log() {} }\n",
        ),
        (
            "src/Core/Clock.cs",
            "namespace Acme.Core\n{\n    public class Clock {}\n}\n",
        ),
        (
            "app/Program.cs",
            "using Acme.Core;\n\nclass Program { static void Main() { new Logger().Log(); var c = new Clock(); } }\n",
        ),
        (
            "composer.json",
            "{\"autoload\": {\"psr-4\": {\"App\\\\\": \"src/\"}}}\n",
        ),
        (
            "src/Models/User.php",
            "<?php\nnamespace App\\Models;\n\nclass User {}\n",
        ),
        (
            "src/Http/Controller.php",
            "<?php\nnamespace App\\Http;\n\nuse App\\Models\\User;\n\nclass Controller { function show() { return new User(); } }\n",
        ),
    ]);
    let graph = Graph::build(&files);
    assert_eq!(
        references(&graph),
        [
            "app/Program.cs -> src/Core/Clock.cs: Clock",
            "app/Program.cs -> src/Core/Logger.cs: Logger",
            "src/Http/Controller.php -> src/Models/User.php: User",
        ]
    );
}

#[test]
fn csharp_and_php_public_types_in_a_namespace_are_public_api() {
    let files = tree(&[
        (
            "src/Store.cs",
            "namespace Acme.Store;\n\npublic class MemoryStore { public void Clear() {} void Hidden() {} }\n\
             internal class Helper {}\n",
        ),
        (
            "src/Block.cs",
            "namespace Acme.Block\n{\n    public interface IBlock {}\n}\n",
        ),
        (
            "src/User.php",
            "<?php\nnamespace App\\Models;\n\nclass User { public function name() {} private function secret() {} }\n",
        ),
    ]);
    let graph = Graph::build(&files);
    let public = public(&graph, &files);
    for name in [
        "src/Store.cs::MemoryStore",
        "src/Store.cs::Clear",
        "src/Block.cs::IBlock",
        "src/User.php::User",
        "src/User.php::name",
    ] {
        assert!(public.contains(&name.to_string()), "{name}: {public:#?}");
    }
    for name in [
        "src/Store.cs::Helper",
        "src/Store.cs::Hidden",
        "src/User.php::secret",
    ] {
        assert!(!public.contains(&name.to_string()), "{name}: {public:#?}");
    }
}

/// javapoet's `emit` methods have no modifier: package-private, no API; an interface's
/// methods are public without one, an enum's are not (gson's
/// `FieldNamingPolicy.separateCamelCase`).
#[test]
fn java_members_without_a_modifier_are_public_only_in_interfaces() {
    let files = tree(&[(
        "src/main/java/com/x/Spec.java",
        "package com.x;\n\npublic class Spec {\n  public void build() {}\n  void emit() {}\n  private void helper() {}\n}\n\npublic interface Visitor {\n  void visit();\n}\n\npublic enum Kind {\n  CLASS, INTERFACE;\n  public String label() { return \"\"; }\n  static String separateCamelCase(String name) { return name; }\n}\n",
    )]);
    let graph = Graph::build(&files);
    let found = public(&graph, &files);
    assert!(
        found.iter().any(|name| name.ends_with("::build")),
        "{found:?}"
    );
    assert!(
        !found.iter().any(|name| name.ends_with("::emit")),
        "{found:?}"
    );
    assert!(
        !found.iter().any(|name| name.ends_with("::helper")),
        "{found:?}"
    );
    assert!(
        found.iter().any(|name| name.ends_with("::label")),
        "{found:?}"
    );
    assert!(
        found.iter().any(|name| name.ends_with("::visit")),
        "{found:?}"
    );
    assert!(
        !found
            .iter()
            .any(|name| name.ends_with("::separateCamelCase")),
        "{found:?}"
    );
}

/// cJSON's API is what `cJSON.h` declares: `cJSON.c`'s helpers, macros and typedefs that no
/// header declares are its own, and its `static` ones are never API; a header's are.
#[test]
fn c_api_is_what_the_headers_declare() {
    let files = tree(&[
        (
            "lib.h",
            "#ifndef LIB_H\n#define LIB_H\nint lib_parse(const char *text);\nstatic inline int lib_len(const char *s) { return 0; }\nstatic int _lib_hidden(void) { return 0; }\n#endif\n",
        ),
        (
            "lib.c",
            "#include \"lib.h\"\n#define can_read(n) (n > 0)\ntypedef struct buffer { int size; } buffer;\nstatic int skip(int n) { return n; }\nint lib_parse(const char *text) { return skip(0); }\nint lib_internal(void) { return 1; }\n",
        ),
    ]);
    let graph = Graph::build(&files);
    let found = public(&graph, &files);
    assert!(found.contains(&"lib.c::lib_parse".to_string()), "{found:?}");
    assert!(found.contains(&"lib.h::lib_parse".to_string()), "{found:?}");
    // A header's `static inline` function is compiled into its includers (hiredis' adapters).
    assert!(found.contains(&"lib.h::lib_len".to_string()), "{found:?}");
    for private in [
        "lib.h::_lib_hidden",
        "lib.c::lib_internal",
        "lib.c::skip",
        "lib.c::can_read",
        "lib.c::buffer",
    ] {
        assert!(
            !found.contains(&private.to_string()),
            "{private}: {found:?}"
        );
    }
}

/// cobra's `doc/` is the Go package that writes man pages and Markdown for a command tree: code
/// with no document in it, and its `GenMarkdownTree` is API. A `docs/` of guides with a Sphinx
/// `conf.py` is the documentation, whose code is no API.
#[test]
fn a_doc_directory_of_code_is_a_package_and_one_of_documents_is_the_documentation() {
    let files = tree(&[
        ("go.mod", "module github.com/spf13/cobra\n"),
        ("command.go", "package cobra\n\nfunc Execute() {}\n"),
        (
            "doc/md_docs.go",
            "package doc\n\nfunc GenMarkdownTree() {}\n",
        ),
        ("doc/man_docs.go", "package doc\n\nfunc GenManTree() {}\n"),
        ("docs/conf.py", "def setup(app):\n    pass\n"),
        ("docs/index.rst", "Guide\n=====\n"),
        ("docs/usage.rst", "Usage\n=====\n"),
    ]);
    let graph = Graph::build(&files);
    assert_eq!(
        public(&graph, &files),
        [
            "command.go::Execute",
            "doc/man_docs.go::GenManTree",
            "doc/md_docs.go::GenMarkdownTree",
        ]
    );
    assert!(!graph.is_docs_dir("doc"));
    assert!(graph.is_docs_dir("docs"));
    let paths: Vec<&cartograph_core::RepoPath> = files.iter().map(|file| &file.path).collect();
    assert_eq!(
        cartograph_graph::documentation_dirs(paths),
        ["docs".to_string()].into_iter().collect()
    );
}

/// commons-cli's Maven site: `src/site` holds xdoc pages and images beside a CGI script and a
/// diagram script; it is documentation, and `src/main` is not.
#[test]
fn a_maven_site_is_documentation() {
    let files = tree(&[
        ("pom.xml", "<project/>\n"),
        (
            "src/main/java/org/x/Cli.java",
            "package org.x;\npublic class Cli {}\n",
        ),
        ("src/site/site.xml", "<project/>\n"),
        ("src/site/xdoc/index.xml", "<document/>\n"),
        ("src/site/xdoc/usage.xml", "<document/>\n"),
        (
            "src/site/resources/download_cli.cgi",
            "#!/bin/sh\nexec ./mirrors.cgi\n",
        ),
        ("src/site/resources/js/diagrams.js", "function Type() {}\n"),
    ]);
    let graph = Graph::build(&files);
    assert!(graph.is_docs_dir("src/site"));
    assert!(graph.is_docs_dir("src/site/resources/js"));
    assert!(!graph.is_docs_dir("src/main/java/org/x"));
    assert!(!graph.is_docs_dir("src/sites"));
}

/// MediatR's `IRequestHandler<TRequest, TResponse>` and `IRequestHandler<TRequest>` share a
/// file and a name: each type's members are public with that type, not with another of its
/// name (an internal `Cache<T>` beside a public `Cache`).
#[test]
fn csharp_members_are_public_with_their_own_generic_type() {
    let files = tree(&[(
        "src/Handlers.cs",
        "namespace App;\n\npublic interface IRequestHandler<in TRequest, TResponse>\n{\n    Task<TResponse> Handle(TRequest request);\n}\n\npublic interface IRequestHandler<in TRequest>\n{\n    Task Handle(TRequest request);\n}\n\npublic class Cache\n{\n    public void Clear() { }\n}\n\ninternal class Cache<T>\n{\n    public void Fill() { }\n}\n",
    )]);
    let graph = Graph::build(&files);
    assert_eq!(
        public(&graph, &files),
        [
            "src/Handlers.cs::App",
            "src/Handlers.cs::Cache",
            "src/Handlers.cs::Clear",
            "src/Handlers.cs::Handle",
            "src/Handlers.cs::Handle",
            "src/Handlers.cs::IRequestHandler",
            "src/Handlers.cs::IRequestHandler",
        ]
    );
    let file = &files[0];
    let names: Vec<String> = file
        .parsed
        .symbols
        .iter()
        .map(|symbol| cartograph_graph::type_name(file, symbol).into_owned())
        .collect();
    assert_eq!(
        names,
        [
            "App",
            "IRequestHandler<TRequest, TResponse>",
            "Handle",
            "IRequestHandler<TRequest>",
            "Handle",
            "Cache",
            "Clear",
            "Cache<T>",
            "Fill",
        ]
    );
}

/// axios's `utils.js` exports an object literal by default: the functions and constants it
/// names, its methods and its keys given a value are the module's API; what it does not name
/// is not. A tool's configuration (zod's `rollup.config.js`, an `.eslintrc.js`) exports its
/// settings to the tool, which are no API.
#[test]
fn the_keys_of_an_object_literal_exported_by_default_are_api() {
    let files = tree(&[
        (
            "lib/utils.js",
            "function isArray(value) {}\nconst isString = test('string');\nfunction helper() {}\nconst table = {};\n\nexport default {\n  isArray,\n  isString,\n  merge() {},\n  silent: true,\n};\n",
        ),
        (
            "rollup.config.js",
            "export default {\n  input: 'src/index.js',\n  plugins: [],\n  watch() {},\n};\n",
        ),
        (".eslintrc.js", "module.exports = {\n  rules: {},\n};\n"),
        // What such a file exports by name stays its API (Next.js's `layout.config.tsx`).
        ("layout.config.js", "export const baseOptions = {};\n"),
    ]);
    let graph = Graph::build(&files);
    assert_eq!(
        public(&graph, &files),
        [
            "layout.config.js::baseOptions",
            "lib/utils.js::isArray",
            "lib/utils.js::isString",
            "lib/utils.js::merge",
            "lib/utils.js::silent",
        ]
    );
}

/// gin: `binding.go` (`//go:build !nomsgpack`) and `binding_nomsgpack.go` (`//go:build
/// nomsgpack`) both declare `Binding`; `codec/json`'s `json.go` and `go_json.go` (`//go:build
/// go_json`) both declare `Package`. A default build compiles `binding.go` and `json.go`: the
/// package's own files and the importers refer to those, not to the variants, which take no
/// rank from names the default files also declare. A name only a variant declares still leads
/// to it.
#[test]
fn go_names_lead_to_the_files_of_the_default_build() {
    let files = tree(&[
        ("go.mod", "module example.com/gin\n\ngo 1.22\n"),
        (
            "binding/binding.go",
            "//go:build !nomsgpack\n\npackage binding\n\ntype Binding interface{ Name() string }\n\nvar JSON = jsonBinding{}\n",
        ),
        (
            "binding/binding_nomsgpack.go",
            "//go:build nomsgpack\n\npackage binding\n\ntype Binding interface{ Name() string }\n\nvar JSON = jsonBinding{}\n\nfunc OnlyHere() {}\n",
        ),
        (
            "binding/json.go",
            "package binding\n\ntype jsonBinding struct{}\n\nfunc (jsonBinding) Name() string { return \"json\" }\n\nvar _ Binding = JSON\n",
        ),
        (
            "codec/json/go_json.go",
            "//go:build go_json\n\npackage json\n\nconst Package = \"github.com/goccy/go-json\"\n",
        ),
        (
            "codec/json/json.go",
            "//go:build !jsoniter && !go_json && !(sonic && (linux || windows || darwin))\n\npackage json\n\nconst Package = \"encoding/json\"\n",
        ),
        (
            "gin.go",
            "package gin\n\nimport (\n\t\"example.com/gin/binding\"\n\t\"example.com/gin/codec/json\"\n)\n\nvar b binding.Binding\n\nvar p = json.Package\n\nfunc f() { binding.OnlyHere() }\n",
        ),
    ]);
    let graph = Graph::build(&files);
    assert_eq!(
        references(&graph),
        [
            "binding/binding.go -> binding/json.go: jsonBinding",
            "binding/binding_nomsgpack.go -> binding/json.go: jsonBinding",
            "binding/json.go -> binding/binding.go: Binding,JSON",
            "gin.go -> binding/binding.go: Binding",
            "gin.go -> binding/binding_nomsgpack.go: OnlyHere",
            "gin.go -> codec/json/json.go: Package",
        ]
    );
    let path = |text: &str| RepoPath::new(text).unwrap();
    assert_eq!(graph.user_count(&path("binding/binding_nomsgpack.go")), 1);
    assert!(
        graph.rank_of(&path("binding/binding.go"))
            > graph.rank_of(&path("binding/binding_nomsgpack.go"))
    );
}

/// gson's Maven modules `test-graal-native-image` (only `src/test/java`) and `test-jpms` (its
/// tests and a dummy `src/main/java/module-info.java`) exist to test `gson`: their tests'
/// imports are their dependencies. `extras`' own tests add nothing to what its code uses (a
/// source set of one file is not read apart).
#[test]
fn a_maven_module_of_tests_depends_on_what_its_tests_import() {
    let pom = "<project><artifactId>x</artifactId></project>\n";
    let files = tree(&[
        ("gson/pom.xml", pom),
        (
            "gson/src/main/java/com/google/gson/Gson.java",
            "package com.google.gson;\n\npublic final class Gson {}\n",
        ),
        (
            "gson/src/main/java/com/google/gson/JsonArray.java",
            "package com.google.gson;\n\npublic final class JsonArray {}\n",
        ),
        ("native/pom.xml", pom),
        (
            "native/src/test/java/com/google/gson/native_test/ReflectionTest.java",
            "package com.google.gson.native_test;\n\nimport com.google.gson.Gson;\n\nclass ReflectionTest {\n  Gson gson = new Gson();\n}\n",
        ),
        ("jpms/pom.xml", pom),
        (
            "jpms/src/main/java/module-info.java",
            "/** Dummy module. */\nmodule com.google.gson.jpms_test {}\n",
        ),
        (
            "jpms/src/test/java/com/google/gson/jpms_test/ModuleTest.java",
            "package com.google.gson.jpms_test;\n\nimport com.google.gson.*;\n\npublic class ModuleTest {\n  Gson gson = new Gson();\n}\n",
        ),
        ("extras/pom.xml", pom),
        (
            "extras/src/main/java/com/google/gson/extras/Example.java",
            "package com.google.gson.extras;\n\nimport com.google.gson.Gson;\n\npublic class Example {\n  Gson gson;\n}\n",
        ),
        (
            "extras/src/test/java/com/google/gson/extras/ExampleTest.java",
            "package com.google.gson.extras;\n\nimport com.google.gson.JsonArray;\n\npublic class ExampleTest {\n  JsonArray array;\n}\n",
        ),
    ]);
    let graph = Graph::build(&files);
    let paths: Vec<RepoPath> = files.iter().map(|file| file.path.clone()).collect();
    let modules = cartograph_graph::detect_modules(&paths, |path| path.file_name() == "pom.xml");
    let edges: Vec<(String, String, u32)> = graph
        .module_edges(&modules)
        .into_iter()
        .map(|edge| (edge.from, edge.to, edge.count))
        .collect();
    assert_eq!(
        edges,
        [
            ("extras".to_string(), "gson".to_string(), 1),
            ("jpms".to_string(), "gson".to_string(), 1),
            ("native".to_string(), "gson".to_string(), 1),
        ]
    );
}

/// monolog's `tests/Monolog/LoggerTest.php` is in namespace `Monolog` and names `Logger`
/// without a `use`: its module depends on the code's, counted apart from imports.
#[test]
fn php_names_of_the_same_namespace_link_modules() {
    let files = tree(&[
        (
            "composer.json",
            "{\"autoload\": {\"psr-4\": {\"Monolog\\\\\": \"src/Monolog\"}}, \"autoload-dev\": {\"psr-4\": {\"Monolog\\\\\": \"tests/Monolog\"}}}",
        ),
        (
            "src/Monolog/Logger.php",
            "<?php\nnamespace Monolog;\n\nclass Logger\n{\n}\n",
        ),
        (
            "tests/Monolog/LoggerTest.php",
            "<?php\nnamespace Monolog;\n\nuse Monolog\\Handler\\TestHandler;\n\nclass LoggerTest\n{\n    public function testIt(): void { new Logger(); new TestHandler(); }\n}\n",
        ),
        (
            "src/Monolog/Handler/TestHandler.php",
            "<?php\nnamespace Monolog\\Handler;\n\nclass TestHandler\n{\n}\n",
        ),
    ]);
    let graph = Graph::build(&files);
    let paths: Vec<RepoPath> = files.iter().map(|file| file.path.clone()).collect();
    let modules =
        cartograph_graph::detect_modules(&paths, |path| path.file_name() == "composer.json");
    let edges: Vec<(String, String, u32, u32)> = graph
        .module_edges(&modules)
        .into_iter()
        .map(|edge| (edge.from, edge.to, edge.count, edge.namespace_uses))
        .collect();
    assert_eq!(
        edges,
        // One import (`TestHandler`) and one file naming `Logger` in its namespace.
        [("tests".to_string(), "src".to_string(), 2, 1)]
    );
}

/// gson's `module-info.java` exports `com.google.gson` and not `com.google.gson.internal`
/// ("Do NOT use any class in this package"); a source root without one (gson's
/// `java-templates`, extras) keeps its `internal` packages to itself.
#[test]
fn java_packages_a_module_does_not_export_are_no_api() {
    let class = |package: &str, name: &str| {
        format!(
            "package {package};\n\npublic final class {name} {{\n  public void use() {{}}\n}}\n"
        )
    };
    let sources = [
        (
            "gson/src/main/java/module-info.java",
            "module com.google.gson {\n  exports com.google.gson;\n  exports com.google.gson.stream to friend;\n}\n".to_string(),
        ),
        ("gson/src/main/java/com/google/gson/Gson.java", class("com.google.gson", "Gson")),
        (
            "gson/src/main/java/com/google/gson/internal/Excluder.java",
            class("com.google.gson.internal", "Excluder"),
        ),
        (
            "gson/src/main/java/com/google/gson/stream/JsonReader.java",
            class("com.google.gson.stream", "JsonReader"),
        ),
        (
            "gson/src/main/java-templates/com/google/gson/internal/GsonBuildConfig.java",
            class("com.google.gson.internal", "GsonBuildConfig"),
        ),
        (
            "extras/src/main/java/com/google/gson/extras/Example.java",
            class("com.google.gson.extras", "Example"),
        ),
        (
            "extras/src/main/java/com/google/gson/extras/internal/Helper.java",
            class("com.google.gson.extras.internal", "Helper"),
        ),
    ];
    let sources: Vec<(&str, &str)> = sources.iter().map(|(p, s)| (*p, s.as_str())).collect();
    let files = tree(&sources);
    let graph = Graph::build(&files);
    assert_eq!(
        public(&graph, &files),
        [
            "extras/src/main/java/com/google/gson/extras/Example.java::Example",
            "extras/src/main/java/com/google/gson/extras/Example.java::use",
            "gson/src/main/java/com/google/gson/Gson.java::Gson",
            "gson/src/main/java/com/google/gson/Gson.java::use",
        ]
    );
}

/// jcommander: a class that imports `java.util.ResourceBundle` uses that one, not the
/// package's own annotation `ResourceBundle`; a class that does not import it uses the
/// package's.
#[test]
fn a_java_single_type_import_shadows_the_package_type_of_its_name() {
    let files = tree(&[
        (
            "src/main/java/com/beust/jcommander/ResourceBundle.java",
            "package com.beust.jcommander;\n\npublic @interface ResourceBundle {\n  String value();\n}\n",
        ),
        (
            "src/main/java/com/beust/jcommander/JCommander.java",
            "package com.beust.jcommander;\n\nimport java.util.ResourceBundle;\n\npublic class JCommander {\n  private ResourceBundle bundle;\n}\n",
        ),
        (
            "src/main/java/com/beust/jcommander/ParameterDescription.java",
            "package com.beust.jcommander;\n\npublic class ParameterDescription {\n  private ResourceBundle bundle;\n}\n",
        ),
    ]);
    let graph = Graph::build(&files);
    let found = references(&graph);
    assert!(
        found.iter().any(|r| r.starts_with("src/main/java/com/beust/jcommander/ParameterDescription.java -> src/main/java/com/beust/jcommander/ResourceBundle.java")),
        "{found:?}"
    );
    assert!(
        !found
            .iter()
            .any(|r| r.starts_with("src/main/java/com/beust/jcommander/JCommander.java -> ")),
        "{found:?}"
    );
}

/// marshmallow's `class_registry.py` names `Schema` only under `if typing.TYPE_CHECKING:`,
/// through the package's `__init__.py`: a use that never runs, so the reference to
/// `schema.py` is deferred like the import, while a name a load-time import brings is not.
#[test]
fn python_names_used_through_type_checking_imports_are_deferred_references() {
    let files = tree(&[
        (
            "pkg/__init__.py",
            "from pkg.schema import Schema\nfrom pkg.errors import RegistryError\n",
        ),
        ("pkg/schema.py", "class Schema:\n    pass\n"),
        (
            "pkg/errors.py",
            "class RegistryError(Exception):\n    pass\n",
        ),
        (
            "pkg/registry.py",
            "import typing\nfrom pkg import RegistryError\n\n\
if typing.TYPE_CHECKING:\n    from pkg import Schema\n\n\
def register(cls: Schema) -> None:\n    raise RegistryError()\n",
        ),
    ]);
    let graph = Graph::build(&files);
    let path = |p: &str| RepoPath::new(p).unwrap();
    let registry = path("pkg/registry.py");
    assert_eq!(
        graph.references_from(&registry),
        [&path("pkg/errors.py"), &path("pkg/schema.py")]
    );
    assert!(graph.reference_is_deferred(&registry, &path("pkg/schema.py")));
    assert!(!graph.reference_is_deferred(&registry, &path("pkg/errors.py")));
}

/// structlog's `__init__.py` re-exports from its private modules by absolute imports (`from
/// structlog._base import BoundLoggerBase`): public where they are defined, as a relative
/// import's names are. An absolute import of another package re-exports nothing.
#[test]
fn a_python_package_reexports_its_own_modules_by_absolute_imports() {
    let files = tree(&[
        ("pyproject.toml", "[project]\nname = \"structlog\"\n"),
        (
            "src/structlog/__init__.py",
            "from structlog._base import BoundLoggerBase\nfrom other import Thing\n",
        ),
        (
            "src/structlog/_base.py",
            "class BoundLoggerBase:\n    pass\n\nclass Hidden:\n    pass\n",
        ),
        ("src/other/__init__.py", "class Thing:\n    pass\n"),
    ]);
    let graph = Graph::build(&files);
    let listed = public(&graph, &files);
    assert!(
        listed.contains(&"src/structlog/_base.py::BoundLoggerBase".to_string()),
        "{listed:?}"
    );
    assert!(
        !listed.contains(&"src/structlog/_base.py::Hidden".to_string()),
        "{listed:?}"
    );
}

/// uuid's `marshal.go` and `sql.go` add methods to the `UUID` of `uuid.go`: a call of one on
/// the receiver, on a value of a type written where it is made, or on a variable when one file
/// defines the method for a type the caller names, is a reference to the method's file. A
/// package's function, a method the standard library's types share and a test file's method
/// seen from code are not.
#[test]
fn go_method_calls_reach_the_file_that_writes_the_method() {
    let files = tree(&[
        ("go.mod", "module example.com/uuid\n\ngo 1.22\n"),
        (
            "uuid.go",
            "package uuid\n\ntype UUID [16]byte\n\nfunc FromBytes(b []byte) (uuid UUID, err error) {\n\terr = uuid.UnmarshalBinary(b)\n\treturn\n}\n\nfunc (u UUID) Text() string {\n\tt, _ := u.MarshalText()\n\treturn string(t)\n}\n\nfunc (u UUID) Domain() int { return 0 }\n",
        ),
        (
            "marshal.go",
            "package uuid\n\nfunc (u UUID) MarshalText() ([]byte, error) { return nil, nil }\n\nfunc (u *UUID) UnmarshalBinary(b []byte) error { return nil }\n\nfunc (u UUID) String() string { return \"\" }\n\nfunc (u UUID) Version() int { return 1 }\n",
        ),
        (
            "null.go",
            "package uuid\n\nimport \"strings\"\n\ntype NullUUID struct {\n\tUUID UUID\n}\n\nfunc Wrap(s string) NullUUID {\n\tvar id UUID\n\tid.UnmarshalBinary([]byte(s))\n\t_ = id.Domain()\n\tn := NullUUID{UUID: id}\n\t_ = strings.Split(s, \"-\")\n\treturn n\n}\n\nfunc Text(n NullUUID) string { return n.UUID.String() }\n",
        ),
        (
            "seq.go",
            "package uuid\n\nfunc Describe(id UUID) string {\n\tvalue := pick()\n\treturn value.Version() + value.String()\n}\n",
        ),
        (
            "helpers_test.go",
            "package uuid\n\ntype fixture struct{}\n\nfunc (f fixture) Version() string { return \"\" }\n",
        ),
    ]);
    let graph = Graph::build(&files);
    let of = |from: &str| references_from(&graph, from);
    // Own receiver (`u.MarshalText()`) and a named result (`uuid.UnmarshalBinary`).
    assert_eq!(
        of("uuid.go"),
        ["uuid.go -> marshal.go: UUID.MarshalText,UUID.UnmarshalBinary"]
    );
    // `var id UUID`: its type is written; `strings.Split` is the package's; `Domain`, written
    // beside `UUID`, is named too; `n.UUID.String()` is on the embedded `UUID`.
    assert_eq!(
        of("null.go"),
        [
            "null.go -> marshal.go: UUID.String,UUID.UnmarshalBinary",
            "null.go -> uuid.go: UUID,UUID.Domain"
        ]
    );
    // `value` has no written type: the file names `UUID`, whose `Version` one file of the
    // code writes (the test's `fixture` is a type it does not name); `String` may be any
    // type's.
    assert_eq!(
        of("seq.go"),
        [
            "seq.go -> marshal.go: UUID.Version",
            "seq.go -> uuid.go: UUID"
        ]
    );
}

/// uuid's tests and `null.go` call methods on more than a name: the embedded field of
/// `nu.UUID.Scan(…)` (a field named as a type is one embedded, of that type), the address of
/// `(&id).Scan(…)`, and what a method returns (`id.Time().UnixTime()`, `UUID.Time` returning
/// `Time`). Each reaches the file that writes the method; a call on what a function of no
/// known type returns does not.
#[test]
fn go_method_calls_on_fields_addresses_and_results_reach_their_file() {
    let files = tree(&[
        ("go.mod", "module example.com/uuid\n\ngo 1.22\n"),
        (
            "uuid.go",
            "package uuid\n\ntype UUID [16]byte\n\ntype Time int64\n\nfunc (uuid UUID) Time() Time { return 0 }\n\nfunc (uuid UUID) String() string { return \"\" }\n",
        ),
        (
            "time.go",
            "package uuid\n\nfunc (t Time) UnixTime() (sec, nsec int64) { return 0, 0 }\n",
        ),
        (
            "sql.go",
            "package uuid\n\nfunc (uuid *UUID) Scan(src interface{}) error { return nil }\n\nfunc (uuid UUID) Value() (int, error) { return 0, nil }\n",
        ),
        (
            "null.go",
            "package uuid\n\ntype NullUUID struct {\n\tUUID  UUID\n\tValid bool\n}\n\nfunc (nu *NullUUID) Scan(value interface{}) error {\n\treturn nu.UUID.Scan(value)\n}\n",
        ),
        (
            "sql_test.go",
            "package uuid\n\nimport \"testing\"\n\nfunc TestScan(t *testing.T) {\n\tvar id UUID\n\t_ = (&id).Scan(\"x\")\n\t_, _ = id.Time().UnixTime()\n\t_ = make().Value()\n}\n",
        ),
    ]);
    let graph = Graph::build(&files);
    let of = |from: &str| references_from(&graph, from);
    assert_eq!(
        of("null.go"),
        ["null.go -> sql.go: UUID.Scan", "null.go -> uuid.go: UUID"]
    );
    assert_eq!(
        of("sql_test.go"),
        [
            "sql_test.go -> sql.go: UUID.Scan",
            "sql_test.go -> time.go: Time.UnixTime",
            "sql_test.go -> uuid.go: UUID,UUID.Time"
        ]
    );
}

/// thiserror's `prop.rs` and `valid.rs` write methods of the `Struct` and `Input` of `ast.rs`
/// in their own `impl` blocks: `input.validate()` in `expand.rs` is a reference to
/// `valid.rs`. A trait's method is reached through the trait, and a name two files write
/// for types the caller names is left alone.
#[test]
fn rust_inherent_methods_written_apart_from_their_type_are_referenced_by_calls() {
    let files = tree(&[
        ("Cargo.toml", "[package]\nname = \"derive\"\nversion = \"0.1.0\"\n"),
        (
            "src/lib.rs",
            "mod ast;\nmod expand;\nmod prop;\nmod valid;\n",
        ),
        (
            "src/ast.rs",
            "pub struct Input<'a> { pub x: &'a str }\npub struct Struct<'a> { pub y: &'a str }\n",
        ),
        (
            "src/valid.rs",
            "use crate::ast::{Input, Struct};\n\nimpl Input<'_> {\n    pub fn validate(&self) -> bool { true }\n}\n\nimpl Struct<'_> {\n    pub fn check(&self) -> bool { true }\n    pub fn validate(&self) -> bool { true }\n}\n\nimpl std::fmt::Display for Input<'_> {\n    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result { Ok(()) }\n}\n",
        ),
        (
            "src/prop.rs",
            "use crate::ast::Struct;\n\nimpl Struct<'_> {\n    pub fn source_field(&self) -> Option<&str> { self.check(); None }\n    pub fn check_more(&self) -> bool { true }\n}\n",
        ),
        (
            "src/expand.rs",
            "use crate::ast::{Input, Struct};\n\npub fn derive(node: &str) -> bool {\n    let input = parse(node);\n    input.validate();\n    let data = Struct::default();\n    data.source_field();\n    input.fmt();\n    true\n}\n",
        ),
        // A path through a module calls a function, no method: env_logger's tests call
        // `env_logger::init()`, and were read as calling `Builder::init`.
        (
            "src/other.rs",
            "use crate::ast::Struct;\n\npub fn run(s: Struct) -> bool {\n    prop::check_more();\n    derive::check_more();\n    true\n}\n\n// A parameter behind a lifetime is of its type.\npub fn more<'a>(s: &'a Struct<'a>) -> bool {\n    s.source_field();\n    true\n}\n",
        ),
    ]);
    let graph = Graph::build(&files);
    let of = |from: &str| references_from(&graph, from);
    assert_eq!(
        of("src/expand.rs"),
        [
            "src/expand.rs -> src/ast.rs: Input,Struct",
            "src/expand.rs -> src/prop.rs: Struct::source_field",
            // `Input` and `Struct` both have a `validate` there: which one `input` is, is
            // not written.
            "src/expand.rs -> src/valid.rs: validate",
        ]
    );
    assert_eq!(
        of("src/other.rs"),
        [
            "src/other.rs -> src/ast.rs: Struct",
            "src/other.rs -> src/prop.rs: Struct::source_field",
        ]
    );
    // `self.check()` in `Struct`'s own impl reaches `valid.rs`.
    assert_eq!(
        of("src/prop.rs"),
        [
            "src/prop.rs -> src/ast.rs: Struct",
            "src/prop.rs -> src/valid.rs: Struct::check",
        ]
    );
}

/// similar's benches name `TextDiff` and call `config.algorithm(…)` on what
/// `TextDiff::configure()` returns, a `TextDiffConfig`: both types have an `algorithm`, so the
/// variable's type is not known. The file is (both are written there), the type is not; a
/// method another file writes for the unnamed type leaves even the file unknown.
#[test]
fn rust_methods_on_a_value_of_an_unnamed_type_name_no_type() {
    let files = tree(&[
        ("Cargo.toml", "[package]\nname = \"similar\"\nversion = \"0.1.0\"\n"),
        ("src/lib.rs", "pub mod text;\npub mod ops;\n"),
        (
            "src/text.rs",
            "pub struct TextDiff;\npub struct TextDiffConfig;\n\nimpl TextDiff {\n    pub fn configure() -> TextDiffConfig { TextDiffConfig }\n    pub fn algorithm(&self) -> u8 { 0 }\n    pub fn ops(&self) -> u8 { 0 }\n}\n\nimpl TextDiffConfig {\n    pub fn algorithm(&mut self, a: u8) -> &mut Self { self }\n}\n",
        ),
        (
            "src/ops.rs",
            "pub struct DiffOp;\npub struct Change;\n\nimpl DiffOp {\n    pub fn tag(&self) -> u8 { 0 }\n}\n",
        ),
        (
            "src/change.rs",
            "use crate::ops::Change;\n\nimpl Change {\n    pub fn tag(&self) -> u8 { 1 }\n}\n",
        ),
        (
            "benches/diffs.rs",
            "use similar::text::TextDiff;\nuse similar::ops::DiffOp;\n\nfn bench(op: DiffOp) {\n    let mut config = TextDiff::configure();\n    config.algorithm(1);\n    let diff = make();\n    diff.ops();\n    for change in op.iter_changes() {\n        change.tag();\n    }\n}\n",
        ),
    ]);
    let graph = Graph::build(&files);
    assert_eq!(
        references_from(&graph, "benches/diffs.rs"),
        [
            "benches/diffs.rs -> src/ops.rs: DiffOp",
            "benches/diffs.rs -> src/text.rs: TextDiff,TextDiff::configure,TextDiff::ops,algorithm",
        ]
    );
}

/// env_logger has two `Builder`s: the public one of `logger.rs` and its writer's own in
/// `writer/mod.rs`. `Builder::new()` where the caller means the first is no call of the second.
#[test]
fn rust_methods_of_two_types_of_one_name_follow_the_type_the_caller_means() {
    let files = tree(&[
        ("Cargo.toml", "[package]\nname = \"env_logger\"\nversion = \"0.1.0\"\n"),
        ("src/lib.rs", "mod logger;\nmod writer;\n\npub use logger::Builder;\n"),
        (
            "src/logger.rs",
            "pub struct Builder;\n\nimpl Builder {\n    pub fn new() -> Builder { Builder }\n}\n",
        ),
        (
            "src/writer/mod.rs",
            "pub(crate) struct Builder;\n\nimpl Builder {\n    pub(crate) fn new() -> Builder { Builder }\n}\n",
        ),
        (
            "tests/run.rs",
            "use env_logger::Builder;\n\nfn main() {\n    let b = Builder::new();\n}\n",
        ),
    ]);
    let graph = Graph::build(&files);
    assert_eq!(
        references_from(&graph, "tests/run.rs"),
        ["tests/run.rs -> src/logger.rs: Builder,Builder::new"]
    );
}

/// anyhow's tests: `use self::common::*` reaches what `common` makes public, not the
/// `anyhow::Result` it brings for itself; `io::Error::new` in a file that names no `Error` of
/// the crate (it derives thiserror's) is no call of the crate's `Error::new`.
#[test]
fn rust_globs_and_type_paths_reach_only_what_the_file_can_name() {
    let files = tree(&[
        ("Cargo.toml", "[package]\nname = \"anyhow\"\nversion = \"1.0.0\"\n"),
        (
            "src/lib.rs",
            "mod error;\npub struct Error;\npub type Result<T> = std::result::Result<T, Error>;\n",
        ),
        (
            "src/error.rs",
            "use crate::Error;\n\nimpl Error {\n    pub fn new(text: &str) -> Self { Error }\n}\n",
        ),
        (
            "tests/common/mod.rs",
            "use anyhow::Result;\n\npub fn bail_literal() -> Result<()> { Ok(()) }\n",
        ),
        (
            "tests/test_downcast.rs",
            "mod common;\n\nuse self::common::*;\nuse std::fmt;\n\nfn show(f: &mut fmt::Formatter) -> fmt::Result { bail_literal(); Ok(()) }\n",
        ),
        (
            "tests/test_boxed.rs",
            "use std::io;\nuse thiserror::Error;\n\n#[derive(Error, Debug)]\nstruct MyError;\n\nfn boxed() { let e = io::Error::new(io::ErrorKind::Other, \"x\"); }\n",
        ),
        (
            "tests/test_source.rs",
            "use anyhow::Error;\n\nfn made() { let e = Error::new(\"x\"); }\n",
        ),
    ]);
    let graph = Graph::build(&files);
    let of = |from: &str| references_from(&graph, from);
    assert_eq!(
        of("tests/test_downcast.rs"),
        ["tests/test_downcast.rs -> tests/common/mod.rs: bail_literal"]
    );
    assert!(
        of("tests/test_boxed.rs").is_empty(),
        "{:?}",
        of("tests/test_boxed.rs")
    );
    assert_eq!(
        of("tests/test_source.rs"),
        [
            "tests/test_source.rs -> src/error.rs: Error::new",
            "tests/test_source.rs -> src/lib.rs: Error",
        ]
    );
}

/// logrus's tests call `t.Fatalf` on their `t *testing.T`, and were read as using the
/// package's `Entry.Fatalf`; a parameter's type is the one its function's signature gives.
#[test]
fn a_parameter_is_of_the_type_its_signature_gives() {
    let files = tree(&[
        ("go.mod", "module github.com/sirupsen/logrus\n\ngo 1.21\n"),
        (
            "entry.go",
            "package logrus\n\ntype Entry struct{}\n\nfunc (e *Entry) Fatalf(format string) {}\n\nfunc (e *Entry) Infof(format string) {}\n",
        ),
        (
            "json_test.go",
            "package logrus\n\nimport \"testing\"\n\nfunc TestJSON(t *testing.T) {\n\tvar e Entry\n\t_ = e\n\tt.Fatalf(\"x\")\n}\n\nfunc check(entry *Entry, t *testing.T) {\n\tentry.Infof(\"y\")\n}\n",
        ),
    ]);
    let graph = Graph::build(&files);
    assert_eq!(
        references_from(&graph, "json_test.go"),
        ["json_test.go -> entry.go: Entry,Entry.Infof"]
    );
}

/// pflag's tests make their flag sets with `fs := NewFlagSet(…)` and never name `FlagSet`:
/// `fs.Parse` (written beside `FlagSet`) and `fs.Bool` (written apart) are of the type
/// `NewFlagSet` returns.
#[test]
fn go_variables_made_by_a_constructor_function_are_of_the_type_it_returns() {
    let files = tree(&[
        ("go.mod", "module github.com/spf13/pflag\n\ngo 1.12\n"),
        (
            "flag.go",
            "package pflag\n\ntype FlagSet struct{}\n\nfunc NewFlagSet(name string, handling int) *FlagSet {\n\treturn &FlagSet{}\n}\n\nfunc (f *FlagSet) Parse(arguments []string) error { return nil }\n\nfunc Lookup(name string) (*FlagSet, error) { return nil, nil }\n",
        ),
        (
            "bool.go",
            "package pflag\n\nfunc (f *FlagSet) Bool(name string) *bool { return nil }\n",
        ),
        (
            "bool_test.go",
            "package pflag\n\nimport \"testing\"\n\nfunc TestBool(t *testing.T) {\n\tfs := NewFlagSet(\"test\", 0)\n\tfs.Bool(\"on\")\n\tfs.Parse(nil)\n}\n",
        ),
        (
            "named_test.go",
            "package pflag\n\nimport \"testing\"\n\nfunc TestNamed(t *testing.T) {\n\tvar fs *FlagSet = NewFlagSet(\"test\", 0)\n\tfs.Parse(nil)\n}\n",
        ),
    ]);
    let graph = Graph::build(&files);
    let of = |from: &str| references_from(&graph, from);
    assert_eq!(
        of("bool_test.go"),
        [
            "bool_test.go -> bool.go: FlagSet.Bool",
            "bool_test.go -> flag.go: FlagSet.Parse,NewFlagSet",
        ]
    );
    // A file that names the type uses its method too.
    assert_eq!(
        of("named_test.go"),
        ["named_test.go -> flag.go: FlagSet,FlagSet.Parse,NewFlagSet"]
    );
}

/// platformdirs' tests import the package bare (`import platformdirs`, at the top and again
/// inside a test) beside `from platformdirs.android import …`, the same import in several
/// tests: each statement counts.
#[test]
fn bare_python_imports_of_a_package_count_as_statements() {
    let files = tree(&[
        ("pyproject.toml", "[project]\nname = \"platformdirs\"\n"),
        ("src/platformdirs/__init__.py", "def user_data_dir():\n    pass\n"),
        ("src/platformdirs/android.py", "class Android:\n    pass\n"),
        (
            "tests/test_api.py",
            "import platformdirs\nfrom platformdirs.android import Android\n\n\ndef test_x():\n    import platformdirs\n    platformdirs.user_data_dir()\n",
        ),
        (
            "tests/test_comp.py",
            "import platformdirs\n\n\ndef test_y():\n    from platformdirs import user_data_dir\n\n\ndef test_z():\n    from platformdirs import user_data_dir\n\n\ndef test_w():\n    from platformdirs import user_data_dir\n",
        ),
    ]);
    let graph = Graph::build(&files);
    let paths: Vec<RepoPath> = files.iter().map(|file| file.path.clone()).collect();
    let modules =
        cartograph_graph::detect_modules(&paths, |path| path.file_name() == "pyproject.toml");
    let edges: Vec<(String, String, u32)> = graph
        .module_edges(&modules)
        .into_iter()
        .map(|edge| (edge.from, edge.to, edge.count))
        .collect();
    assert_eq!(edges, [("tests".to_string(), "src".to_string(), 7)]);
}

/// gofrs/flock's platform files each define `Flock.Lock` and the helpers it calls; they are
/// never built together, so none uses another's names: `flock_unix.go` was "used by 6".
#[test]
fn go_platform_variants_never_built_together_use_none_of_each_other() {
    let files = tree(&[
        ("go.mod", "module github.com/gofrs/flock\n\ngo 1.21\n"),
        (
            "flock.go",
            "package flock\n\ntype Flock struct{ path string }\n\nfunc New(path string) *Flock { return &Flock{path: path} }\n\nfunc (f *Flock) Close() error { return f.Unlock() }\n",
        ),
        (
            "flock_unix.go",
            "//go:build darwin || dragonfly || freebsd || illumos || linux || netbsd || openbsd\n\npackage flock\n\nfunc (f *Flock) Unlock() error { return reset(f) }\n\nfunc reset(f *Flock) error { return nil }\n\nfunc (f *Flock) Lock() error { return f.lock(1) }\n\nfunc (f *Flock) lock(flag int) error { return nil }\n",
        ),
        (
            "flock_windows.go",
            "package flock\n\nfunc (f *Flock) Unlock() error { return reset(f) }\n\nfunc reset(f *Flock) error { return nil }\n\nfunc (f *Flock) Lock() error { return f.lock(1) }\n\nfunc (f *Flock) lock(flag uint32) error { return nil }\n",
        ),
        (
            "flock_others.go",
            "//go:build (js && wasm) || plan9 || wasip1\n\npackage flock\n\nfunc (f *Flock) Unlock() error { return nil }\n",
        ),
        (
            "flock_test.go",
            "//go:build !js && !plan9 && !wasip1\n\npackage flock\n\nimport \"testing\"\n\nfunc TestLock(t *testing.T) { New(\"x\").Unlock() }\n",
        ),
    ]);
    let graph = Graph::build(&files);
    let users = |name: &str| users_of(&graph, name);
    assert_eq!(users("flock_unix.go"), ["flock.go", "flock_test.go"]);
    assert_eq!(users("flock_windows.go"), ["flock.go", "flock_test.go"]);
    // No test is built where `flock_others.go` is.
    assert_eq!(users("flock_others.go"), ["flock.go"]);
    assert_eq!(
        users("flock.go"),
        [
            "flock_others.go",
            "flock_test.go",
            "flock_unix.go",
            "flock_windows.go"
        ]
    );
}

/// go-isatty's `example_test.go` (package `isatty_test`) calls `isatty.IsTerminal`, which six
/// platform files define: each that may be built with the example is used by it, not only the
/// one the import resolved to.
#[test]
fn go_names_from_an_imported_package_are_each_platform_variants() {
    let files = tree(&[
        ("go.mod", "module github.com/mattn/go-isatty\n\ngo 1.21\n"),
        (
            "isatty_bsd.go",
            "//go:build darwin || freebsd\n\npackage isatty\n\nfunc IsTerminal(fd uintptr) bool { return true }\n",
        ),
        (
            "isatty_tcgets.go",
            "//go:build linux || aix\n\npackage isatty\n\nfunc IsTerminal(fd uintptr) bool { return true }\n",
        ),
        (
            "isatty_windows.go",
            "//go:build windows\n\npackage isatty\n\nfunc IsTerminal(fd uintptr) bool { return true }\n",
        ),
        (
            "isatty_custom.go",
            "//go:build customtag\n\npackage isatty\n\nfunc IsTerminal(fd uintptr) bool { return true }\n",
        ),
        (
            "example_test.go",
            "package isatty_test\n\nimport \"github.com/mattn/go-isatty\"\n\nfunc Example() { isatty.IsTerminal(1) }\n",
        ),
        (
            "cmd/win/main_windows.go",
            "package main\n\nimport \"github.com/mattn/go-isatty\"\n\nfunc main() { isatty.IsTerminal(1) }\n",
        ),
    ]);
    let graph = Graph::build(&files);
    let users = |name: &str| users_of(&graph, name);
    assert_eq!(users("isatty_bsd.go"), ["example_test.go"]);
    assert_eq!(users("isatty_tcgets.go"), ["example_test.go"]);
    assert_eq!(
        users("isatty_windows.go"),
        ["cmd/win/main_windows.go", "example_test.go"]
    );
    // A variant no default build compiles is left out.
    assert!(users("isatty_custom.go").is_empty());
}

/// The files that reference `name`'s file, sorted.
fn users_of(graph: &Graph, name: &str) -> Vec<String> {
    let mut users: Vec<String> = graph
        .referenced_by(&RepoPath::new(name).unwrap())
        .into_iter()
        .map(|(from, _)| from.to_string())
        .collect();
    users.sort();
    users
}
