//! Which symbols a file offers beyond itself: its public API.
//!
//! - Rust: `pub` items of modules reachable from a library's crate root through `pub mod`, and
//!   whatever a reachable module re-exports with `pub use` (items of private modules included).
//! - Python: the names of `__all__` where a module declares it, else names without a leading
//!   underscore; in modules whose path has no leading underscore either (tests and
//!   `conftest.py` are no API); and names an `__init__.py` imports from its own package (those
//!   of its `__all__`, when it has one).
//! - Languages with access modifiers or export rules (JavaScript/TypeScript `export`, Go's
//!   capitals, Java, C#, PHP): what the extractor recorded as public. In a JavaScript or
//!   TypeScript package whose `package.json` `exports` names every module it offers, only the
//!   files its entries lead to (`js_offered_files`). JavaScript's CommonJS
//!   exports (`exports.name`, `module.exports = name`) and the keys of an object literal a
//!   module exports whole (`module.exports = {…}`, `export default {…}`) add their names, and
//!   the properties given to an exported object (`app.use = function`) are its public members.
//!   A Java class counts only in a package its source root's `module-info.java` exports, or,
//!   without one, in a package with no `internal` segment.
//!   A member of a C# generic type is public with that type, not another of its name and
//!   another arity.
//! - C and C++: what a header declares, and in a source file (`.c`, `.cpp`) the definitions a
//!   header of the repository declares by name; `static` ones never (the extractor records
//!   them private).
//! - Ruby (no such rule recorded): top-level definitions outside tests. Shell functions are
//!   private.
//!
//! Members (methods, fields) are public when they are and their container is.

use crate::paths::is_test_path;
use cartograph_core::{FileMap, ImportKind, Language, RepoPath, Symbol, SymbolKind, Visibility};
use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet, VecDeque};

/// Per file of `files`, per symbol: whether it is public API.
pub(crate) fn public_symbols(files: &[FileMap]) -> Vec<Vec<bool>> {
    let by_path: BTreeMap<&str, usize> = files
        .iter()
        .enumerate()
        .map(|(at, file)| (file.path.as_str(), at))
        .collect();
    let mut public: Vec<Vec<bool>> = files
        .iter()
        .map(|file| vec![false; file.parsed.symbols.len()])
        .collect();
    let (reachable_rust, library_rust) = reachable_rust_modules(files, &by_path);
    let header_names = c_header_names(files);
    let documentation = documentation_dirs(files.iter().map(|file| &file.path));
    let java_modules = java_module_exports(files);
    let js_offered = js_offered_files(files, &by_path);
    for (at, file) in files.iter().enumerate() {
        let c_source = is_c_source(file);
        let module_public = match file.language {
            Language::Rust => reachable_rust.contains(&at),
            // A package whose `exports` field lists what it offers lets nothing else be
            // imported: chalk's `source/utilities.js` is its own.
            Language::JavaScript | Language::TypeScript | Language::Tsx
                if js_offered.gated.contains(&at) =>
            {
                js_offered.offered.contains(&at) && !is_test_or_private_path(file, &documentation)
            }
            Language::Java => {
                !is_test_or_private_path(file, &documentation)
                    && java_package_exported(file, &java_modules)
            }
            // A stub beside its module (loguru's `__init__.pyi`) types what the module offers;
            // its own names (`Record`, `Logger`) exist for type checkers only.
            Language::Python if is_stub_beside_module(file, &by_path) => false,
            // A script without a `.py` name (ripgrep's `benchsuite/benchsuite`, run by its
            // `#!` line) cannot be imported: it offers nothing.
            Language::Python if file.path.extension().is_none() => false,
            // Nor can a Go `package main` (urfave/cli's `scripts/build.go`).
            Language::Go if file.parsed.package.as_deref() == Some("main") => false,
            _ => !is_test_or_private_path(file, &documentation),
        };
        if !module_public {
            continue;
        }
        let symbols = &file.parsed.symbols;
        // Containers first, so that members can ask whether theirs is public.
        let mut public_names: BTreeSet<&str> = BTreeSet::new();
        // C#'s generic types by their names with type parameters, which their members give as
        // their parent (`type_name`).
        let mut public_generic: BTreeSet<String> = BTreeSet::new();
        for (index, symbol) in symbols.iter().enumerate() {
            if symbol.parent.is_some() || symbol.kind == SymbolKind::Heading {
                continue;
            }
            // An `__all__` says exactly which names are the module's API; CommonJS exports
            // add to what ES `export` marks (a file may use both).
            // A C# or PHP namespace holds its types; it has no visibility of its own.
            let namespace = symbol.kind == SymbolKind::Module
                && matches!(file.language, Language::CSharp | Language::Php);
            // A C source file's macros, typedefs and helpers are its own; what it offers is
            // what a header declares (cJSON.c's `parse_number` is not in `cJSON.h`).
            // A header's `static` function is compiled into every file that includes it:
            // hiredis' `adapters/libevent.h` offers `redisLibeventAttach` so, `sds.h` `sdslen`.
            let header_static = matches!(file.language, Language::C | Language::Cpp)
                && !c_source
                && symbol.kind == SymbolKind::Function
                && symbol.visibility == Some(cartograph_core::Visibility::Private)
                && !symbol.name.starts_with('_');
            let own = || {
                namespace
                    || header_static
                    || (own_visibility_public(file.language, &symbol.name, symbol.visibility)
                        && (!c_source || header_names.contains(symbol.name.as_str())))
            };
            let declared = match &file.parsed.exports {
                // A CommonJS module exports what `module.exports` names; a JSDoc `@public` on
                // a function it does not export (morgan's `createBufferStream`) is wrong, an
                // ES `export` written beside the CommonJS ones is not. One it exports for the
                // package's other files and marks `@private` (body-parser's `normalizeOptions`
                // in `lib/utils.js`) is not the package's API.
                Some(exports) if file.language == Language::JavaScript => {
                    (exports.iter().any(|export| *export == symbol.name)
                        && !is_tool_configuration(file)
                        && symbol.visibility != Some(cartograph_core::Visibility::Private))
                        || (own() && symbol.signature.trim_start().starts_with("export"))
                }
                Some(exports) => exports.iter().any(|export| *export == symbol.name),
                None => own(),
            };
            if declared && !(file.parsed.exports.is_none() && is_type_variable(file, symbol)) {
                public[at][index] = true;
                public_names.insert(symbol.name.as_str());
                if let Cow::Owned(generic) = type_name(file, symbol) {
                    public_generic.insert(generic);
                }
            }
        }
        for (index, symbol) in symbols.iter().enumerate() {
            let Some(parent) = symbol.parent.as_deref() else {
                continue;
            };
            // A member written without a modifier (a trait's method, a Python method without
            // an underscore) is as public as its container, except in Java and C#.
            let visible = match symbol.visibility {
                None => unmodified_member_is_public(file.language, symbols, parent),
                Some(visibility) => {
                    own_visibility_public(file.language, &symbol.name, Some(visibility))
                }
            };
            let container = impl_owner(parent);
            // A CommonJS module may export an object that is no symbol of its own
            // (`var req = Object.create(...); module.exports = req; req.get = function`).
            let exported_object = file.parsed.exports.as_ref().is_some_and(|exports| {
                file.language == Language::JavaScript && exports.iter().any(|name| name == parent)
            });
            // A member of a C# generic type is public when that type is, not another of its
            // name (`IRequestHandler<TRequest>` beside `IRequestHandler<TRequest, TResponse>`).
            let container_public = if is_generic_parent(file, parent) {
                public_generic.contains(parent)
            } else {
                public_names.contains(parent) || public_names.contains(container)
            };
            if visible && (container_public || exported_object) {
                public[at][index] = true;
                // The members of a public type inside a container (a class in a C# namespace,
                // a nested class) in turn, as containers come before their members.
                let is_type = matches!(
                    symbol.kind,
                    SymbolKind::Class
                        | SymbolKind::Struct
                        | SymbolKind::Interface
                        | SymbolKind::Enum
                        | SymbolKind::Trait
                        | SymbolKind::Union
                        | SymbolKind::Module
                );
                if is_type {
                    public_names.insert(symbol.name.as_str());
                    if let Cow::Owned(generic) = type_name(file, symbol) {
                        public_generic.insert(generic);
                    }
                }
            }
        }
    }
    mark_reexports(
        files,
        &by_path,
        &reachable_rust,
        &documentation,
        &mut public,
    );
    mark_rust_crate_wide(files, &documentation, &library_rust, &mut public);
    public
}

/// The JavaScript and TypeScript files of packages whose `package.json` `exports` field names
/// every module it offers (no `*` subpath): `gated`, each such package's files; `offered`,
/// the files its entries lead to: the entries, what they re-export (`export … from`, `export {
/// Command }` of an imported binding; a CommonJS entry, whatever it requires), in turn. Node
/// refuses to import any other file of such a package.
struct JsOffered {
    gated: BTreeSet<usize>,
    offered: BTreeSet<usize>,
}

fn js_offered_files(files: &[FileMap], by_path: &BTreeMap<&str, usize>) -> JsOffered {
    let mut entries: Vec<usize> = Vec::new();
    let mut gated_packages: BTreeSet<&str> = BTreeSet::new();
    let mut package_dirs: BTreeSet<&str> = BTreeSet::new();
    for file in files {
        if file.path.file_name() != "package.json" {
            continue;
        }
        let Some(manifest) = file.parsed.js_manifest.as_deref() else {
            continue;
        };
        package_dirs.insert(file.path.parent());
        let wildcard = manifest.exports.iter().any(|(subpath, targets)| {
            subpath.contains('*') || targets.iter().any(|target| target.contains('*'))
        });
        if manifest.exports.is_empty() || wildcard || manifest.entry_sources.is_empty() {
            continue;
        }
        entries.extend(
            manifest
                .entry_sources
                .iter()
                .filter_map(|(_, source)| by_path.get(source.as_str()).copied()),
        );
        gated_packages.insert(file.path.parent());
    }
    let mut gated = BTreeSet::new();
    let mut offered = BTreeSet::new();
    if gated_packages.is_empty() {
        return JsOffered { gated, offered };
    }
    let target = |import: &cartograph_core::Import| {
        import
            .resolved
            .as_ref()
            .and_then(|target| by_path.get(target.as_str()).copied())
            .filter(|_| import.kind.is_edge())
    };
    let mut queue: VecDeque<usize> = entries.into_iter().collect();
    while let Some(at) = queue.pop_front() {
        if !offered.insert(at) {
            continue;
        }
        let file = &files[at];
        let parsed = &file.parsed;
        let defined = |name: &str| {
            parsed
                .symbols
                .iter()
                .any(|symbol| symbol.parent.is_none() && symbol.name == name)
        };
        // The bindings the file exports that it imports: the modules they come from.
        let passed_on: BTreeSet<&str> = parsed
            .clause_exports
            .iter()
            .map(|(_, inner)| inner.as_str())
            .filter(|inner| !defined(inner))
            .collect();
        let from_modules: BTreeSet<&str> = parsed
            .module_uses
            .iter()
            .filter(|(_, name)| passed_on.contains(name.as_str()))
            .map(|(module, _)| module.as_str())
            .collect();
        let commonjs = parsed.exports.is_some();
        for import in &parsed.imports {
            let leads_on =
                import.kind.is_reexport() || from_modules.contains(import.raw.as_str()) || commonjs;
            if let Some(next) = leads_on.then(|| target(import)).flatten() {
                queue.push_back(next);
            }
        }
    }
    for (at, file) in files.iter().enumerate() {
        if !matches!(
            file.language,
            Language::JavaScript | Language::TypeScript | Language::Tsx
        ) {
            continue;
        }
        // The package a file belongs to is its nearest `package.json`'s.
        let mut dir = file.path.parent();
        let package = loop {
            if package_dirs.contains(dir) {
                break Some(dir);
            }
            if dir.is_empty() {
                break None;
            }
            dir = dir.rsplit_once('/').map_or("", |(parent, _)| parent);
        };
        if package.is_some_and(|package| gated_packages.contains(package)) {
            gated.insert(at);
        }
    }
    JsOffered { gated, offered }
}

/// Rust rules that cross the crate's modules: a public type's inherent `pub` methods are API
/// in whatever module their `impl` sits (anyhow's `Error` is defined in `lib.rs` and its `pub
/// fn new` in the private `error.rs`), and a `#[macro_export]` macro (recorded public) is at
/// the crate's root wherever it is written (`bail!` in the private `macros.rs`), when that
/// crate is a library (ripgrep's binary `crates/core` offers its macros to no one). A crate is
/// the directory of the nearest `Cargo.toml`; a trait's implementation is the trait's API.
fn mark_rust_crate_wide(
    files: &[FileMap],
    documentation: &BTreeSet<String>,
    library: &BTreeSet<usize>,
    public: &mut [Vec<bool>],
) {
    let manifests: BTreeSet<&str> = files
        .iter()
        .filter(|file| file.path.file_name() == "Cargo.toml")
        .map(|file| file.path.parent())
        .collect();
    fn crate_of<'f>(manifests: &BTreeSet<&str>, file: &'f FileMap) -> Option<&'f str> {
        let mut dir = file.path.parent();
        loop {
            if manifests.contains(dir) {
                return Some(dir);
            }
            if dir.is_empty() {
                return None;
            }
            dir = dir.rfind('/').map_or("", |at| &dir[..at]);
        }
    }
    let mut public_types: BTreeSet<(&str, &str)> = BTreeSet::new();
    for (at, file) in files.iter().enumerate() {
        if file.language != Language::Rust {
            continue;
        }
        let Some(krate) = crate_of(&manifests, file) else {
            continue;
        };
        for (index, symbol) in file.parsed.symbols.iter().enumerate() {
            let is_type = matches!(
                symbol.kind,
                SymbolKind::Struct | SymbolKind::Enum | SymbolKind::Union | SymbolKind::Trait
            );
            if is_type && symbol.parent.is_none() && public[at][index] {
                public_types.insert((krate, symbol.name.as_str()));
            }
        }
    }
    for (at, file) in files.iter().enumerate() {
        if file.language != Language::Rust || is_test_or_private_path(file, documentation) {
            continue;
        }
        let Some(krate) = crate_of(&manifests, file) else {
            continue;
        };
        for (index, symbol) in file.parsed.symbols.iter().enumerate() {
            if symbol.visibility != Some(Visibility::Public) {
                continue;
            }
            let crate_wide = match symbol.parent.as_deref() {
                None => symbol.kind == SymbolKind::Macro && library.contains(&at),
                Some(parent) => {
                    !parent.contains(" for ") && public_types.contains(&(krate, impl_owner(parent)))
                }
            };
            if crate_wide {
                public[at][index] = true;
            }
        }
    }
}

fn own_visibility_public(language: Language, name: &str, visibility: Option<Visibility>) -> bool {
    match visibility {
        Some(visibility) => visibility == Visibility::Public,
        // Where no visibility was recorded, the language's own convention: a leading
        // underscore is private in Python and by habit in the C family, Ruby and shell; in
        // languages with modifiers or exports, no modifier is not public.
        None => {
            matches!(
                language,
                Language::Python | Language::C | Language::Cpp | Language::Ruby | Language::Bash
            ) && !name.starts_with('_')
        }
    }
}

/// A Python type variable (`T = TypeVar("T")`, `P = ParamSpec("P")`), or an object made at
/// module level (`pm = PluginManager(...)` in an example, `release = metadata.version(...)` in
/// Sphinx's `conf.py`): a name for annotations or for the module's own code, no API of its own
/// unless `__all__` says so. Its importers still find it (pyjwt's `encode =
/// _jwt_global_obj.encode`, which the package's `__all__` names). A package front's alias of
/// a name (toolz's `comp = compose`, `map = map`) offers that name under another: it is API.
fn is_type_variable(file: &FileMap, symbol: &cartograph_core::Symbol) -> bool {
    if file.language != Language::Python {
        return false;
    }
    if symbol.kind == SymbolKind::Variable {
        return !(file.path.file_name() == "__init__.py" && is_alias(&symbol.signature));
    }
    let Some((_, value)) = symbol.signature.split_once('=') else {
        return false;
    };
    let callee = value.trim_start().split('(').next().unwrap_or_default();
    let last = callee.rsplit('.').next().unwrap_or(callee).trim();
    value.contains('(') && matches!(last, "TypeVar" | "ParamSpec" | "TypeVarTuple")
}

/// True for a Python assignment that binds another name to a name (`comp = compose`,
/// `sorted = sorted`, `loads = json.loads`), not to a value it makes.
fn is_alias(signature: &str) -> bool {
    let Some((_, value)) = signature.split_once('=') else {
        return false;
    };
    let value = value.trim();
    !value.is_empty()
        && !matches!(
            value,
            "None" | "True" | "False" | "NotImplemented" | "Ellipsis"
        )
        && value.starts_with(|c: char| c.is_alphabetic() || c == '_')
        && value
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '_' | '.'))
}

/// True for a symbol declared at the top of its file: no parent, or (C#, PHP) only the namespace
/// it is declared in, which is where its name lives rather than a container of it. A method or
/// a field is a class's even when the class shares its namespace's name (phpdotenv's
/// `Dotenv\Dotenv`).
pub fn is_top_level(file: &FileMap, symbol: &cartograph_core::Symbol) -> bool {
    match &symbol.parent {
        None => true,
        Some(parent) => {
            matches!(file.language, Language::CSharp | Language::Php)
                && !matches!(symbol.kind, SymbolKind::Method | SymbolKind::Field)
                && file
                    .parsed
                    .symbols
                    .iter()
                    .any(|outer| outer.kind == SymbolKind::Module && outer.name == *parent)
        }
    }
}

/// How a type is told from the other types of its file: a C# generic type by its name with
/// type parameters (`IRequestHandler<TRequest, TResponse>`; `IRequestHandler<TRequest>` is
/// another type, and MediatR declares both in one file), which is what its members give as
/// their parent; any other symbol by its name.
pub fn type_name<'s>(file: &FileMap, symbol: &'s Symbol) -> Cow<'s, str> {
    let is_type = matches!(
        symbol.kind,
        SymbolKind::Class | SymbolKind::Struct | SymbolKind::Interface | SymbolKind::Enum
    );
    let generic = (is_type && file.language == Language::CSharp)
        .then(|| symbol.name_with_type_parameters())
        .flatten();
    match generic {
        Some(generic) => Cow::Owned(generic),
        None => Cow::Borrowed(symbol.name.as_str()),
    }
}

/// True when a member's parent is a C# generic type named with its parameters (`type_name`).
pub fn is_generic_parent(file: &FileMap, parent: &str) -> bool {
    file.language == Language::CSharp && parent.contains('<')
}

/// A C or C++ source file, not a header.
pub fn is_c_source(file: &FileMap) -> bool {
    matches!(file.language, Language::C | Language::Cpp)
        && matches!(
            file.path.extension(),
            Some("c" | "cc" | "cpp" | "cxx" | "c++" | "m" | "mm")
        )
}

/// The names the C and C++ headers of the repository declare, tests' headers aside (cJSON's
/// `tests/unity/src/unity_internals.h` defines `isinf`, which `cJSON.c` defines for itself).
fn c_header_names(files: &[FileMap]) -> BTreeSet<&str> {
    files
        .iter()
        .filter(|file| {
            matches!(file.language, Language::C | Language::Cpp)
                && !is_c_source(file)
                && !is_test_path(&file.path)
        })
        .flat_map(|file| {
            file.parsed
                .symbols
                .iter()
                .map(|symbol| symbol.name.as_str())
        })
        .collect()
}

/// Tests, examples' helpers, the code of the documentation and `_private` modules are no API.
fn is_test_or_private_path(file: &FileMap, documentation: &BTreeSet<String>) -> bool {
    if in_documentation(documentation, file.path.parent()) {
        return true;
    }
    let mut components: Vec<&str> = file.path.components().collect();
    let Some(name) = components.pop() else {
        return true;
    };
    let stem = name.split('.').next().unwrap_or(name);
    let private = file.language == Language::Python
        && (components.iter().any(|dir| dir.starts_with('_'))
            || (stem.starts_with('_') && !stem.starts_with("__")));
    is_test_path(&file.path) || private
}

/// True for a Python stub (`.pyi`) with the module it types beside it (`x.py`).
fn is_stub_beside_module(file: &FileMap, by_path: &BTreeMap<&str, usize>) -> bool {
    file.path
        .as_str()
        .strip_suffix(".pyi")
        .is_some_and(|stem| by_path.contains_key(format!("{stem}.py").as_str()))
}

/// Each `module-info.java`'s directory (its source root) → the packages it exports.
fn java_module_exports(files: &[FileMap]) -> BTreeMap<&str, &[String]> {
    files
        .iter()
        .filter(|file| file.language == Language::Java && crate::is_java_descriptor(&file.path))
        .filter_map(|file| Some((file.path.parent(), file.parsed.exports.as_deref()?)))
        .collect()
}

/// Whether a Java file's package is offered to other modules: one its source root's
/// `module-info.java` exports, or without one a package with no `internal` segment (gson's
/// `com.google.gson.internal`: "Do NOT use any class in this package").
fn java_package_exported(file: &FileMap, modules: &BTreeMap<&str, &[String]>) -> bool {
    let package = file.parsed.package.as_deref().unwrap_or("");
    // The source root is the directory the package's directories hang from:
    // `gson/src/main/java` for `gson/src/main/java/com/google/gson/Gson.java`.
    let package_dirs = package.replace('.', "/");
    let root = match file.path.parent().strip_suffix(package_dirs.as_str()) {
        Some(root) if package.is_empty() => Some(root),
        Some(root) => root.strip_suffix('/').or(root.is_empty().then_some("")),
        None => None,
    };
    match root.and_then(|root| modules.get(root)) {
        Some(exported) => exported.iter().any(|export| export == package),
        None => !package.split('.').any(|segment| segment == "internal"),
    }
}

/// A JavaScript or TypeScript file that configures a tool (`rollup.config.js`,
/// `vite.config.ts`, `.eslintrc.js`, `karma.conf.js`, Docusaurus's `sidebars.js`): the object it
/// exports whole (`export default { plugins: [...] }`) is read by the tool, not offered to the
/// project's users, and its keys are settings, not definitions.
pub fn is_tool_configuration(file: &FileMap) -> bool {
    let name = file.path.file_name();
    matches!(file.language, Language::JavaScript | Language::TypeScript)
        && (name.contains(".config.")
            || name.contains(".conf.")
            || name.starts_with('.')
            || matches!(name, "sidebars.js" | "sidebars.ts"))
}

/// Top-level directories of the project's documentation (`docs/plugins`, a Docusaurus or Gatsby
/// `website/`): the code there builds the docs site (Sphinx's `conf.py`, mkdocs hooks, the
/// site's components), it is not the project's code.
const DOCS_DIRS: &[&str] = &["docs", "doc", "documentation", "website"];

/// The repository's documentation directories: top-level directories named like one
/// ([`DOCS_DIRS`]) that hold at least as many documents as code files, and any `website/`.
/// A `doc/` of code is a package like any other: cobra's `doc/` is the Go package that writes
/// man pages and Markdown for a command tree, with no document in it.
pub fn documentation_dirs<'p>(paths: impl IntoIterator<Item = &'p RepoPath>) -> BTreeSet<String> {
    let mut counts: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for path in paths {
        let Some((top, _)) = path.as_str().split_once('/') else {
            continue;
        };
        // Maven's site (`src/site`: commons-cli's xdoc pages, images and a CGI script).
        let top = if in_maven_site(path.as_str()) {
            MAVEN_SITE
        } else {
            top
        };
        if !(DOCS_DIRS.contains(&top) || top == MAVEN_SITE) || path.file_name().starts_with('.') {
            continue;
        }
        let (documents, code) = counts.entry(top).or_default();
        if Language::from_file_name(path.file_name()).is_code() {
            *code += 1;
        } else {
            *documents += 1;
        }
    }
    counts
        .into_iter()
        .filter(|(top, (documents, code))| *top == "website" || documents >= code)
        .map(|(top, _)| top.to_string())
        .collect()
}

/// True for a directory of `documentation` ([`documentation_dirs`]) or one inside it (`docs`,
/// `docs/plugins`).
pub fn in_documentation(documentation: &BTreeSet<String>, dir: &str) -> bool {
    if (dir == MAVEN_SITE || in_maven_site(dir)) && documentation.contains(MAVEN_SITE) {
        return true;
    }
    dir.split('/')
        .next()
        .is_some_and(|top| documentation.contains(top))
}

/// Where Maven keeps a project's site, the one documentation directory below the top.
const MAVEN_SITE: &str = "src/site";

/// True for a path inside [`MAVEN_SITE`].
fn in_maven_site(path: &str) -> bool {
    path.strip_prefix(MAVEN_SITE)
        .is_some_and(|rest| rest.starts_with('/'))
}

/// Rust files whose module a library's users can name: library roots, then every module
/// declared `pub mod` in a reachable one. Second, every file a library compiles: its roots
/// and every module declared from them, public or not, outside `#[cfg(test)]`.
fn reachable_rust_modules(
    files: &[FileMap],
    by_path: &BTreeMap<&str, usize>,
) -> (BTreeSet<usize>, BTreeSet<usize>) {
    let mut declared_children: BTreeSet<usize> = BTreeSet::new();
    let mut public_children: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    let mut all_children: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (at, file) in files.iter().enumerate() {
        if file.language != Language::Rust {
            continue;
        }
        for import in &file.parsed.imports {
            if import.kind != ImportKind::ModDeclaration {
                continue;
            }
            let Some(child) = crate::references::target_of(import, by_path) else {
                continue;
            };
            declared_children.insert(child);
            if import.condition.as_deref() != Some("test") {
                all_children.entry(at).or_default().push(child);
            }
            let is_pub = file.parsed.symbols.iter().any(|symbol| {
                symbol.kind == SymbolKind::Module
                    && symbol.name == import.raw
                    && symbol.visibility == Some(Visibility::Public)
            });
            if is_pub {
                public_children.entry(at).or_default().push(child);
            }
        }
    }
    let mut library_roots: BTreeSet<usize> = files
        .iter()
        .enumerate()
        .filter(|(at, file)| {
            file.language == Language::Rust
                && file.path.file_name() == "lib.rs"
                && !declared_children.contains(at)
        })
        .map(|(at, _)| at)
        .collect();
    for manifest in files {
        let Some(lib_path) = manifest
            .parsed
            .cargo
            .as_ref()
            .and_then(|c| c.lib_path.as_deref())
        else {
            continue;
        };
        let root = cartograph_core::RepoPath::join_relative(manifest.path.parent(), lib_path);
        library_roots.extend(root.and_then(|root| by_path.get(root.as_str()).copied()));
    }
    let closure = |children: &BTreeMap<usize, Vec<usize>>| {
        let mut reached = BTreeSet::new();
        let mut queue: VecDeque<usize> = library_roots.iter().copied().collect();
        while let Some(at) = queue.pop_front() {
            if reached.insert(at) {
                queue.extend(children.get(&at).into_iter().flatten().copied());
            }
        }
        reached
    };
    (closure(&public_children), closure(&all_children))
}

/// Names a public module re-exports (`pub use`, an `__init__.py`'s imports from its own
/// package) are public where they are defined.
fn mark_reexports(
    files: &[FileMap],
    by_path: &BTreeMap<&str, usize>,
    reachable_rust: &BTreeSet<usize>,
    documentation: &BTreeSet<String>,
    public: &mut [Vec<bool>],
) {
    for (at, file) in files.iter().enumerate() {
        let exporting = match file.language {
            Language::Rust => reachable_rust.contains(&at),
            Language::Python => {
                file.path.file_name() == "__init__.py"
                    && !is_test_or_private_path(file, documentation)
            }
            _ => false,
        };
        if !exporting {
            continue;
        }
        for import in &file.parsed.imports {
            let reexport = match file.language {
                Language::Rust => import.kind == ImportKind::Reexport,
                // Relative, or absolute into the package itself (structlog's `__init__.py`:
                // `from structlog._base import BoundLoggerBase`).
                _ => {
                    import.kind == ImportKind::Import
                        && (import.raw.starts_with('.')
                            || import.resolved.as_ref().is_some_and(|resolved| {
                                resolved
                                    .as_str()
                                    .strip_prefix(file.path.parent())
                                    .is_some_and(|rest| rest.starts_with('/'))
                            }))
                }
            };
            // A `pub use` inside an inline module that is private or `#[doc(hidden)]`
            // (anyhow's `pub mod __private`, there for its macros) exports nothing to users.
            let hidden_scope = import.scope.as_deref().is_some_and(|scope| {
                scope.split("::").any(|module| {
                    file.parsed.symbols.iter().any(|symbol| {
                        symbol.kind == SymbolKind::Module
                            && symbol.name == module
                            && symbol.visibility != Some(Visibility::Public)
                    })
                })
            });
            if !reexport || hidden_scope {
                continue;
            }
            let Some(target) = crate::references::target_of(import, by_path) else {
                continue;
            };
            let name = imported_name(file.language, import);
            if file.language == Language::Python && name == Some("*") {
                mark_python_glob(file, &files[target], &mut public[target]);
                continue;
            }
            match (&file.parsed.exports, name) {
                (Some(exports), Some(name)) if !exports.iter().any(|exported| exported == name) => {
                    continue;
                }
                // markupsafe's `from ._native import _escape_inner`: a name with a leading
                // underscore stays private to the package that imports it, unless its
                // `__all__` names it.
                (None, Some(name))
                    if file.language == Language::Python && name.starts_with('_') =>
                {
                    continue;
                }
                _ => {}
            }
            let Some(symbols) = files.get(target).map(|t| &t.parsed.symbols) else {
                continue;
            };
            let named: Vec<usize> = symbols
                .iter()
                .enumerate()
                .filter(|(_, symbol)| {
                    Some(symbol.name.as_str()) == name
                        && symbol.parent.is_none()
                        && symbol.kind != SymbolKind::Impl
                })
                .map(|(index, _)| index)
                .collect();
            let mut exported: Vec<(usize, usize)> =
                named.into_iter().map(|index| (target, index)).collect();
            let names_module = name.is_some_and(|name| module_name(&files[target]) == Some(name));
            if exported.is_empty() && (names_module || name == Some("*")) {
                // A module or a glob: everything it offers as `pub`.
                exported = symbols
                    .iter()
                    .enumerate()
                    .filter(|(_, symbol)| {
                        symbol.parent.is_none() && symbol.visibility == Some(Visibility::Public)
                    })
                    .map(|(index, _)| (target, index))
                    .collect();
            } else if exported.is_empty() {
                // Re-exported in turn: public where it is finally defined.
                let definer = name.and_then(|name| {
                    crate::references::defining_file(files, by_path, target, name)
                        .map(|definer| (definer, name))
                });
                if let Some((definer, name)) = definer {
                    let symbols = &files[definer].parsed.symbols;
                    exported = symbols
                        .iter()
                        .enumerate()
                        .filter(|(_, symbol)| {
                            symbol.name == name
                                && symbol.parent.is_none()
                                && symbol.kind != SymbolKind::Impl
                        })
                        .map(|(index, _)| (definer, index))
                        .collect();
                }
            }
            for (owner, index) in exported {
                public[owner][index] = true;
                if let Some(container) = files[owner].parsed.symbols.get(index) {
                    mark_members(
                        &files[owner].parsed.symbols,
                        &container.name,
                        &mut public[owner],
                    );
                }
            }
        }
    }
}

/// `from ._client import *` in a package's `__init__.py`: the names the glob brings (the
/// target's `__all__`, else its names without a leading underscore) that the package offers
/// (its own `__all__`, when it has one) are public where they are defined. httpx's API is
/// offered so, from private modules.
fn mark_python_glob(package: &FileMap, target: &FileMap, public: &mut [bool]) {
    let symbols = &target.parsed.symbols;
    for (index, symbol) in symbols.iter().enumerate() {
        if symbol.parent.is_some() {
            continue;
        }
        let offered = match &target.parsed.exports {
            Some(all) => all.iter().any(|export| *export == symbol.name),
            None => !symbol.name.starts_with('_'),
        };
        let kept = package
            .parsed
            .exports
            .as_ref()
            .is_none_or(|all| all.iter().any(|export| *export == symbol.name));
        if offered && kept {
            if let Some(slot) = public.get_mut(index) {
                *slot = true;
            }
            mark_members(symbols, &symbol.name, public);
        }
    }
}

/// The module name a file stands for: `parse` for `parse.rs`, `hir` for `hir/mod.rs`.
fn module_name(file: &FileMap) -> Option<&str> {
    let name = file.path.file_name();
    match name {
        "mod.rs" | "__init__.py" => file.path.parent().rsplit('/').next(),
        _ => name.split('.').next(),
    }
}

/// The type a member's parent names: `FilterEntry` for `impl<P> FilterEntry<IntoIter, P>`'s
/// `FilterEntry<IntoIter, P>`, `Walker` for `Iterator for Walker`, `Foo` for `crate::a::Foo`.
fn impl_owner(parent: &str) -> &str {
    let owner = parent.rsplit(" for ").next().unwrap_or(parent);
    let owner = owner.split('<').next().unwrap_or(owner).trim();
    owner.rsplit("::").next().unwrap_or(owner)
}

/// Whether a member declared without a modifier is public where its container is: in Java it
/// is package-private and in C# private (javapoet's `emit` methods are no API), except in an
/// interface, and in a C# enum, whose members are its values; elsewhere it is. A Java enum's
/// methods are package-private like a class's (gson's `FieldNamingPolicy.separateCamelCase`);
/// its constants are no symbols.
fn unmodified_member_is_public(
    language: Language,
    symbols: &[cartograph_core::Symbol],
    parent: &str,
) -> bool {
    let public_containers: &[SymbolKind] = match language {
        Language::Java => &[SymbolKind::Interface],
        Language::CSharp => &[SymbolKind::Interface, SymbolKind::Enum],
        _ => return true,
    };
    let container = impl_owner(parent);
    symbols
        .iter()
        .any(|symbol| symbol.name == container && public_containers.contains(&symbol.kind))
}

/// Members of `container` (its methods, its impls' methods) that are as public as it is.
fn mark_members(symbols: &[cartograph_core::Symbol], container: &str, public: &mut [bool]) {
    for (index, symbol) in symbols.iter().enumerate() {
        let Some(parent) = symbol.parent.as_deref() else {
            continue;
        };
        let owner = impl_owner(parent);
        let visible = matches!(symbol.visibility, None | Some(Visibility::Public));
        if owner == container && visible {
            if let Some(slot) = public.get_mut(index) {
                *slot = true;
            }
        }
    }
}

/// The name an import brings in: Python's `from m import name`, the last segment of a Rust path.
pub(crate) fn imported_name(language: Language, import: &cartograph_core::Import) -> Option<&str> {
    match language {
        Language::Rust => {
            // `crate::hir::Class::Bytes` (a variant) and `crate::error::Formatter::from` (an
            // associated function) use the type, `Class` and `Formatter`: the first name
            // written in upper case, else the last (`crate::debug::utf8_decode`, `a::*`).
            // Split at each `:` (a path has them only in pairs): the character search is much
            // quicker than the two-character one, and this runs for every import followed.
            let named = import
                .raw
                .split(':')
                .find(|segment| segment.starts_with(|c: char| c.is_ascii_uppercase()))
                .or_else(|| import.raw.rsplit(':').next())?;
            (!matches!(named, "self" | "super" | "crate" | "")).then_some(named)
        }
        // Go: one import per `pkg.Name` used; Java: a wildcard import per type used.
        Language::Python | Language::Go => import.name.as_deref(),
        // Java: the top-level type, the first name written in upper case (`a.b.C` names `C`,
        // and so do a nested type's `a.b.C.Inner` and a static import's `a.b.C.member` and
        // `a.b.C.*`: jsoup's tests use `MultiLocaleExtension` and `TestServer` so).
        Language::Java => import.name.as_deref().or_else(|| {
            import
                .raw
                .split('.')
                .find(|segment| segment.starts_with(|c: char| c.is_ascii_uppercase()))
                .or_else(|| import.raw.rsplit('.').next())
                .filter(|name| *name != "*")
        }),
        // C#: a namespace `using` expanded to the type names used, `using static X.T`;
        // PHP: `use A\B\C`.
        Language::CSharp => import
            .name
            .as_deref()
            .or_else(|| import.raw.rsplit('.').next()),
        Language::Php => import
            .raw
            .rsplit('\\')
            .next()
            .filter(|name| !name.is_empty()),
        _ => None,
    }
}
