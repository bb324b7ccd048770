//! Which types implement or extend which: the supertypes a type declares (`ParsedFile::bases`),
//! Rust's `impl Trait for Type` blocks, and Go's interfaces, which a type implements by having
//! their methods (`MemMapFs` implements `Fs`; `mem.File` implements `io.Reader`).
//!
//! A supertype is resolved to its definition only where that is certain: the type's own file,
//! the file the reference graph says a name it imports comes from, and for Java, C#, PHP and Go
//! the type's own directory (a package needs no import of itself). Types in tests, examples and
//! benchmarks, and in vendored or generated files, are left out.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use cartograph_core::{BoxedStr, FileMap, ImportKind, Language, Symbol, SymbolKind};

use crate::Graph;

/// A type: `(index of its file, index of its symbol)`.
pub type TypeAt = (u32, u32);

/// What a type implements or extends.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Supertype {
    /// A type of the project.
    Defined(TypeAt),
    /// A type defined elsewhere, as written: a Rust trait of another crate (`fmt::Display`), a
    /// Go interface of the standard library (`io.Reader`).
    Named(BoxedStr),
}

/// The type hierarchy of a project.
#[derive(Debug, Default)]
pub struct Hierarchy {
    up: BTreeMap<TypeAt, Vec<Supertype>>,
    down: BTreeMap<TypeAt, Vec<TypeAt>>,
    /// Every type of another project some type implements, as named (`io.Reader`).
    named: BTreeSet<BoxedStr>,
    /// Per Rust trait of the project, the types of other crates (or references, boxes, type
    /// parameters) it is implemented for, as the `impl` writes them, in file order: bytes'
    /// `Buf` for `&[u8]`, `VecDeque<u8>`, `Box<T>`.
    foreign: BTreeMap<TypeAt, Vec<BoxedStr>>,
    /// Per Go type that embeds a type of another package (sqlx's `DB` embeds `*sql.DB`), the
    /// embedded types as written: methods no one here can list may make it implement more.
    open: BTreeMap<TypeAt, Vec<BoxedStr>>,
    /// Per Go interface of the project, the types of `open` that have some of its methods
    /// and may have the rest through what they embed.
    perhaps: BTreeMap<TypeAt, Vec<TypeAt>>,
}

impl Hierarchy {
    /// The hierarchy of `files` (the whole index, as the graph was built from it).
    pub fn build(files: &[FileMap], graph: &Graph) -> Hierarchy {
        let builder = Builder::new(files, graph);
        let mut up: BTreeMap<TypeAt, BTreeSet<Supertype>> = BTreeMap::new();
        builder.declared(&mut up);
        let foreign = builder.rust_impls(&mut up);
        let GoFound {
            implied,
            open,
            perhaps,
        } = builder.go_interfaces(&mut up);
        let mut down: BTreeMap<TypeAt, Vec<TypeAt>> = BTreeMap::new();
        // An interface a type implements through a larger one still lists the type.
        for (at, interface) in implied {
            down.entry(interface).or_default().push(at);
        }
        let up: BTreeMap<TypeAt, Vec<Supertype>> = up
            .into_iter()
            .map(|(at, supertypes)| {
                for supertype in &supertypes {
                    if let Supertype::Defined(parent) = supertype {
                        down.entry(*parent).or_default().push(at);
                    }
                }
                (at, supertypes.into_iter().collect())
            })
            .collect();
        for types in down.values_mut() {
            types.sort_unstable();
            types.dedup();
        }
        let mut named: BTreeSet<BoxedStr> = up
            .values()
            .flatten()
            .filter_map(|supertype| match supertype {
                Supertype::Named(name) => Some(name.clone()),
                Supertype::Defined(_) => None,
            })
            .collect();
        // What a Rust type derives it implements too (`Copy`, `serde::Serialize`).
        named.extend(builder.rust_derives());
        Hierarchy {
            up,
            down,
            named,
            foreign,
            open,
            perhaps,
        }
    }

    /// The types of other packages the Go type at `at` embeds, as written (`sql.DB`): what it
    /// implements may be more than its own methods show.
    pub fn open_embeds(&self, at: TypeAt) -> &[BoxedStr] {
        self.open.get(&at).map(Vec::as_slice).unwrap_or_default()
    }

    /// The Go types that have some of the interface at `at`'s methods and embed types of
    /// other packages that may bring the rest (sqlx's `DB` and `Tx` for `Queryer`).
    pub fn perhaps_implementors(&self, at: TypeAt) -> &[TypeAt] {
        self.perhaps.get(&at).map(Vec::as_slice).unwrap_or_default()
    }

    /// What the type at `at` implements or extends, project types first.
    pub fn supertypes(&self, at: TypeAt) -> &[Supertype] {
        self.up.get(&at).map(Vec::as_slice).unwrap_or_default()
    }

    /// The project's types that implement or extend the type at `at`, by file and line.
    pub fn subtypes(&self, at: TypeAt) -> &[TypeAt] {
        self.down.get(&at).map(Vec::as_slice).unwrap_or_default()
    }

    /// The project's types that `at` extends or implements, then theirs, up to `levels` levels
    /// up, each once with the level it is first met at (1 for a direct supertype), nearest
    /// first.
    pub fn ancestors(&self, at: TypeAt, levels: usize) -> Vec<(TypeAt, usize)> {
        let mut found: Vec<(TypeAt, usize)> = Vec::new();
        let mut seen: BTreeSet<TypeAt> = BTreeSet::new();
        let mut level = vec![at];
        for depth in 1..=levels {
            let mut next = Vec::new();
            for node in level {
                for supertype in self.supertypes(node) {
                    if let Supertype::Defined(base) = supertype {
                        if seen.insert(*base) {
                            found.push((*base, depth));
                            next.push(*base);
                        }
                    }
                }
            }
            level = next;
        }
        found
    }

    /// The types outside the project a Rust trait at `at` is implemented for, as written
    /// (`&[u8]`, `Box<T>`, a blanket impl's `T`), in file order.
    pub fn foreign_implementors(&self, at: TypeAt) -> &[BoxedStr] {
        self.foreign.get(&at).map(Vec::as_slice).unwrap_or_default()
    }

    /// Whether some type implements a type of another project named `name` (`io.Reader`).
    pub fn names_external(&self, name: &str) -> bool {
        self.named.contains(name)
    }
}

/// The standard library's path of a name a Rust file writes (`std::error::Error` as written,
/// or `Error` after `use std::error::Error;`), `None` for any other.
fn standard_path(file: &FileMap, written: &str) -> Option<String> {
    let is_standard = |path: &str| {
        matches!(
            path.split("::").next().map(str::trim),
            Some("std" | "core" | "alloc")
        )
    };
    if written.contains("::") {
        return is_standard(written).then(|| written.to_string());
    }
    file.parsed
        .imports
        .iter()
        .filter(|import| is_standard(&import.raw))
        .find(|import| {
            import
                .name
                .as_deref()
                .unwrap_or_else(|| import.raw.rsplit("::").next().unwrap_or_default())
                == written
        })
        .map(|import| import.raw.clone())
}

/// The path of another crate's item a Rust file names bare after a `use` of it (`Value` after
/// `use sval::Value;` in the impl's own inline module or at the file's top): `sval::Value`;
/// `None` for a qualified name, or one no such `use` brings.
fn used_path<'f>(file: &'f FileMap, written: &str, module: Option<&str>) -> Option<&'f str> {
    if written.contains("::") {
        return None;
    }
    let brings = |import: &&'f cartograph_core::Import| {
        import.resolved.is_none()
            && matches!(
                import.kind,
                cartograph_core::ImportKind::Use
                    | cartograph_core::ImportKind::Reexport
                    | cartograph_core::ImportKind::CrateReexport
            )
            && import.raw.contains("::")
            && !matches!(
                import.raw.split("::").next(),
                Some("crate" | "self" | "super" | "Self")
            )
            && import
                .name
                .as_deref()
                .unwrap_or_else(|| import.raw.rsplit("::").next().unwrap_or_default())
                == written
    };
    let imports = &file.parsed.imports;
    imports
        .iter()
        .filter(brings)
        .find(|import| import.scope.as_deref() == module)
        .or_else(|| {
            imports
                .iter()
                .filter(brings)
                .find(|import| import.scope.is_none())
        })
        .map(|import| import.raw.as_str())
}

/// Whether a qualified path a Rust file writes names an item of another crate: its first
/// segment is brought by a `use` from another crate (`de::Error` after `use serde::de;`), or is
/// a crate's name that no `use` or module of the file binds (`serde::Deserializer`, `::serde::de`).
fn leaves_the_crate(file: &FileMap, written: &str) -> bool {
    let Some((first, _)) = written.split_once("::") else {
        return false;
    };
    let first = first.trim();
    if first.is_empty() {
        return true;
    }
    if matches!(first, "crate" | "self" | "super" | "Self") {
        return false;
    }
    let bound = |import: &&cartograph_core::Import| {
        import
            .name
            .as_deref()
            .unwrap_or_else(|| import.raw.rsplit("::").next().unwrap_or_default())
            == first
    };
    match file.parsed.imports.iter().find(bound) {
        Some(import) => {
            !matches!(
                import.kind,
                ImportKind::ModDeclaration | ImportKind::InlineModule
            ) && import.resolved.is_none()
                && !matches!(
                    import.raw.split("::").next().map(str::trim),
                    Some("crate" | "self" | "super")
                )
        }
        None => !file
            .parsed
            .symbols
            .iter()
            .any(|symbol| symbol.kind == SymbolKind::Module && symbol.name == first),
    }
}

/// A Go method's name, and its parameter and result types when its first line shows them whole.
type GoMethod<'a> = (&'a str, Option<Shape>);

/// How many levels of Go struct embedding bring methods up (`A` embeds `B` embeds `C`).
const MAX_EMBED_LEVELS: usize = 3;

/// What `Builder::go_interfaces` finds beside the supertypes it records.
#[derive(Default)]
struct GoFound {
    /// The `(type, interface)` pairs left out of `up` because a larger interface the type
    /// implements requires all the smaller one does.
    implied: Vec<(TypeAt, TypeAt)>,
    /// `Hierarchy::open`.
    open: BTreeMap<TypeAt, Vec<BoxedStr>>,
    /// `Hierarchy::perhaps`.
    perhaps: BTreeMap<TypeAt, Vec<TypeAt>>,
}

/// A Go function's parameter types and result types, each named by its package (`afero.File`
/// for `File` in package `afero`; `fs.FileInfo` for `os.FileInfo`, which is the same type).
pub type Shape = (Vec<String>, Vec<String>);

/// Interfaces of Go's standard library that types often implement, by their methods as an
/// interface declares them.
const GO_STANDARD: &[(&str, &[&str])] = &[
    ("error", &["Error() string"]),
    ("fmt.Stringer", &["String() string"]),
    ("fmt.GoStringer", &["GoString() string"]),
    ("fmt.Formatter", &["Format(f State, verb rune)"]),
    ("io.Reader", &["Read(p []byte) (n int, err error)"]),
    ("io.Writer", &["Write(p []byte) (n int, err error)"]),
    ("io.Closer", &["Close() error"]),
    (
        "io.Seeker",
        &["Seek(offset int64, whence int) (int64, error)"],
    ),
    (
        "io.ReaderAt",
        &["ReadAt(p []byte, off int64) (n int, err error)"],
    ),
    (
        "io.WriterAt",
        &["WriteAt(p []byte, off int64) (n int, err error)"],
    ),
    (
        "io.ReaderFrom",
        &["ReadFrom(r Reader) (n int64, err error)"],
    ),
    ("io.WriterTo", &["WriteTo(w Writer) (n int64, err error)"]),
    (
        "io.StringWriter",
        &["WriteString(s string) (n int, err error)"],
    ),
    ("io.ByteReader", &["ReadByte() (byte, error)"]),
    ("io.ByteWriter", &["WriteByte(c byte) error"]),
    (
        "io.RuneReader",
        &["ReadRune() (r rune, size int, err error)"],
    ),
    (
        "io.ReadCloser",
        &["Read(p []byte) (n int, err error)", "Close() error"],
    ),
    (
        "io.WriteCloser",
        &["Write(p []byte) (n int, err error)", "Close() error"],
    ),
    (
        "io.ReadWriter",
        &[
            "Read(p []byte) (n int, err error)",
            "Write(p []byte) (n int, err error)",
        ],
    ),
    (
        "io.ReadWriteCloser",
        &[
            "Read(p []byte) (n int, err error)",
            "Write(p []byte) (n int, err error)",
            "Close() error",
        ],
    ),
    (
        "io.ReadSeeker",
        &[
            "Read(p []byte) (n int, err error)",
            "Seek(offset int64, whence int) (int64, error)",
        ],
    ),
    (
        "sort.Interface",
        &["Len() int", "Less(i, j int) bool", "Swap(i, j int)"],
    ),
    ("http.Handler", &["ServeHTTP(ResponseWriter, *Request)"]),
    (
        "http.RoundTripper",
        &["RoundTrip(*Request) (*Response, error)"],
    ),
    (
        "http.ResponseWriter",
        &[
            "Header() Header",
            "Write([]byte) (int, error)",
            "WriteHeader(statusCode int)",
        ],
    ),
    ("http.Flusher", &["Flush()"]),
    (
        "http.Hijacker",
        &["Hijack() (net.Conn, *bufio.ReadWriter, error)"],
    ),
    ("fs.FS", &["Open(name string) (File, error)"]),
    (
        "fs.File",
        &[
            "Stat() (FileInfo, error)",
            "Read([]byte) (int, error)",
            "Close() error",
        ],
    ),
    (
        "fs.ReadDirFile",
        &[
            "Stat() (FileInfo, error)",
            "Read([]byte) (int, error)",
            "Close() error",
            "ReadDir(n int) ([]DirEntry, error)",
        ],
    ),
    (
        "fs.FileInfo",
        &[
            "Name() string",
            "Size() int64",
            "Mode() FileMode",
            "ModTime() time.Time",
            "IsDir() bool",
            "Sys() any",
        ],
    ),
    ("json.Marshaler", &["MarshalJSON() ([]byte, error)"]),
    ("json.Unmarshaler", &["UnmarshalJSON([]byte) error"]),
    (
        "encoding.TextMarshaler",
        &["MarshalText() (text []byte, err error)"],
    ),
    (
        "encoding.TextUnmarshaler",
        &["UnmarshalText(text []byte) error"],
    ),
    (
        "encoding.BinaryMarshaler",
        &["MarshalBinary() (data []byte, err error)"],
    ),
    (
        "encoding.BinaryUnmarshaler",
        &["UnmarshalBinary(data []byte) error"],
    ),
    ("driver.Valuer", &["Value() (Value, error)"]),
    ("sql.Scanner", &["Scan(src any) error"]),
    ("flag.Value", &["String() string", "Set(string) error"]),
    (
        "context.Context",
        &[
            "Deadline() (deadline time.Time, ok bool)",
            "Done() <-chan struct{}",
            "Err() error",
            "Value(key any) any",
        ],
    ),
];

/// The methods of the standard interface `name` (`io.Reader`), as `GoMethod`s.
fn standard_methods(name: &str, methods: &'static [&'static str]) -> Vec<GoMethod<'static>> {
    let package = name.split_once('.').map_or("", |(package, _)| package);
    methods
        .iter()
        .filter_map(|method| {
            let name = method.split('(').next()?;
            Some((name, shape(method, name, package)))
        })
        .collect()
}

struct Builder<'a> {
    files: &'a [FileMap],
    graph: &'a Graph,
    /// Each file's index by path.
    by_path: HashMap<&'a str, u32>,
    /// Files left out: tests, examples, benchmarks, vendored or generated code.
    skipped: Vec<bool>,
    /// Per directory, the indexes of the files kept in it.
    by_dir: HashMap<&'a str, Vec<u32>>,
    /// Per file and type name, the type symbols of that name, in order (most files define
    /// each once).
    types: HashMap<(u32, &'a str), Vec<u32>>,
}

impl<'a> Builder<'a> {
    fn new(files: &'a [FileMap], graph: &'a Graph) -> Builder<'a> {
        let by_path = files
            .iter()
            .enumerate()
            .map(|(index, file)| (file.path.as_str(), index as u32))
            .collect();
        let skipped = files
            .iter()
            .map(|file| {
                file.flags.vendored
                    || file.flags.generated
                    || crate::is_test_path(&file.path)
                    || crate::is_example_path(&file.path)
                    || crate::is_benchmark_path(&file.path)
            })
            .collect::<Vec<bool>>();
        let mut by_dir: HashMap<&str, Vec<u32>> = HashMap::new();
        for (index, file) in files.iter().enumerate() {
            if !skipped[index] {
                by_dir
                    .entry(file.path.parent())
                    .or_default()
                    .push(index as u32);
            }
        }
        let mut types: HashMap<(u32, &str), Vec<u32>> = HashMap::new();
        for (index, file) in files.iter().enumerate() {
            for (at, symbol) in file.parsed.symbols.iter().enumerate() {
                let object_type = symbol.kind == SymbolKind::TypeAlias
                    && matches!(
                        file.language,
                        Language::TypeScript | Language::Tsx | Language::JavaScript
                    );
                if (symbol.kind.is_type() || object_type) && !in_test_module(file, symbol) {
                    types
                        .entry((index as u32, symbol.name.as_str()))
                        .or_default()
                        .push(at as u32);
                }
            }
        }
        Builder {
            files,
            graph,
            by_path,
            skipped,
            by_dir,
            types,
        }
    }

    fn file(&self, index: u32) -> Option<&'a FileMap> {
        self.files.get(index as usize)
    }

    fn symbol(&self, (file, symbol): TypeAt) -> Option<&'a Symbol> {
        self.file(file)?.parsed.symbols.get(symbol as usize)
    }

    /// The type called `name` that `file` defines, when it defines exactly one (`except` left
    /// out: a class does not extend itself).
    fn type_in(&self, file: u32, name: &str, except: Option<u32>) -> Option<TypeAt> {
        let mut found = self
            .types
            .get(&(file, name))?
            .iter()
            .filter(|&&at| Some(at) != except);
        let at = *found.next()?;
        found.next().is_none().then_some((file, at))
    }

    /// The project type `written` names from the type at `(file, symbol)`: in its own file, in
    /// the file the graph says the name comes from, or (languages whose packages need no
    /// import of themselves) in its own directory.
    fn resolve(&self, file: u32, symbol: Option<u32>, written: &str) -> Option<TypeAt> {
        let name = last_segment(written);
        if name.is_empty() {
            return None;
        }
        let map = self.file(file)?;
        let qualified = name.len() != written.len();
        if !qualified {
            if let Some(found) = self.type_in(file, name, symbol) {
                return Some(found);
            }
        }
        if let Some(source) = self.graph.definition_of(&map.path, name) {
            let source = *self.by_path.get(source.as_str())?;
            if source != file || qualified {
                return self.type_in(source, name, symbol.filter(|_| source == file));
            }
        }
        if qualified
            || !matches!(
                map.language,
                Language::Java | Language::CSharp | Language::Php | Language::Go
            )
        {
            return None;
        }
        let mut found = self
            .by_dir
            .get(map.path.parent())?
            .iter()
            .filter(|&&index| {
                index != file
                    && self
                        .file(index)
                        .is_some_and(|other| other.language == map.language)
            })
            .filter_map(|&index| self.type_in(index, name, None));
        let first = found.next()?;
        found.next().is_none().then_some(first)
    }

    /// The supertypes types declare: `class A(B)`, `extends`, `implements`, `: Base`, `< Base`.
    fn declared(&self, up: &mut BTreeMap<TypeAt, BTreeSet<Supertype>>) {
        for (index, file) in self.files.iter().enumerate() {
            // Go's interfaces are implicit; a Rust type's bases are the traits it derives, which
            // render says apart (`impl` blocks are its implementations).
            if self.skipped[index] || matches!(file.language, Language::Go | Language::Rust) {
                continue;
            }
            let index = index as u32;
            for (symbol, written) in &file.parsed.bases {
                if let Some(found) = self.resolve(index, Some(*symbol), written) {
                    if found != (index, *symbol) {
                        up.entry((index, *symbol))
                            .or_default()
                            .insert(Supertype::Defined(found));
                    }
                }
            }
        }
    }

    /// Rust's `impl Trait for Type` blocks: the type implements the trait, the project's own or
    /// another crate's (named as the block writes it). Returns the project's traits
    /// implemented for types that are not the project's, with those types as written.
    fn rust_impls(
        &self,
        up: &mut BTreeMap<TypeAt, BTreeSet<Supertype>>,
    ) -> BTreeMap<TypeAt, Vec<BoxedStr>> {
        let mut foreign: BTreeMap<TypeAt, Vec<BoxedStr>> = BTreeMap::new();
        for (index, file) in self.files.iter().enumerate() {
            if self.skipped[index] || file.language != Language::Rust {
                continue;
            }
            let index = index as u32;
            for symbol in &file.parsed.symbols {
                if symbol.kind != SymbolKind::Impl || in_test_module(file, symbol) {
                    continue;
                }
                let Some((trait_name, written)) = symbol.name.split_once(" for ") else {
                    continue;
                };
                let owner = without_type_arguments(written.trim());
                let trait_name = without_type_arguments(trait_name.trim().trim_start_matches('!'));
                if symbol.name.trim_start().starts_with('!') || !is_path(trait_name) {
                    continue;
                }
                // A type of another crate by its path (getrandom's `impl From<Error> for
                // io::Error` after `use std::io;`) is none of the project's, whatever its last
                // name.
                let found = match self.local_type(index, owner, symbol.parent.as_deref()) {
                    Some(local) => local,
                    None => (is_path(owner)
                        && !leaves_the_crate(file, owner)
                        && standard_path(file, owner).is_none())
                    .then(|| self.resolve(index, None, owner))
                    .flatten(),
                };
                let Some(owner) = found else {
                    // `impl Buf for &[u8]`, `impl<T: Buf + ?Sized> Buf for Box<T>`: the
                    // project's trait for a type that is not the project's.
                    if let Some(implemented) = self.project_trait(index, trait_name) {
                        let types = foreign.entry(implemented).or_default();
                        let written: BoxedStr = written.trim().into();
                        if !types.contains(&written) {
                            types.push(written);
                        }
                    }
                    continue;
                };
                // A type does not implement itself: a trait found as the type's own name is
                // another crate's of that name (semver's `impl std::error::Error for Error`).
                // The standard library's, written whole or brought by a `use`, is never the
                // project's (http's `impl Error for InvalidUri` after `use std::error::Error`
                // read as implementing the crate's `Error` struct).
                let supertype = match standard_path(file, trait_name) {
                    Some(path) => Supertype::Named(path.into()),
                    None => match self.project_trait(index, trait_name) {
                        Some(found) if found != owner => Supertype::Defined(found),
                        // Another crate's trait by the path its `use` brings it from (log's
                        // `impl Value for Key` after `use sval::Value;` read as implementing
                        // the crate's own `Value`).
                        _ => Supertype::Named(
                            used_path(file, trait_name, symbol.parent.as_deref())
                                .unwrap_or(trait_name)
                                .into(),
                        ),
                    },
                };
                up.entry(owner).or_default().insert(supertype);
            }
        }
        foreign
    }

    /// The type an `impl` in `file` is for when the file itself defines types of that name:
    /// `Some(the one in the impl's own inline module, else the file's only one)`, `Some(None)`
    /// when that leaves several or none; `None` when the file defines none, so that the name
    /// is looked for elsewhere.
    /// once_cell's `lib.rs` has a `OnceCell` in `mod unsync` and another in `mod sync`, and
    /// imports a third from `imp_cs.rs`: its `impl Clone for OnceCell<T>` in `unsync` is
    /// `unsync`'s, never the imported one.
    fn local_type(&self, file: u32, owner: &str, module: Option<&str>) -> Option<Option<TypeAt>> {
        if owner.contains("::") {
            return None;
        }
        let found = self.types.get(&(file, owner))?;
        let mut here = found.iter().filter(|&&at| {
            self.symbol((file, at))
                .is_some_and(|symbol| symbol.parent.as_deref() == module)
        });
        let first = here.next();
        Some(match (first, here.next(), found.as_slice()) {
            (Some(&at), None, _) => Some((file, at)),
            // The file's only type of the name, in another of its modules (`use
            // inner::Bar; impl Trait for Bar`).
            (None, _, [only]) => Some((file, *only)),
            _ => None,
        })
    }

    /// The traits Rust types of the project derive, as written (`Copy`, `Serialize`).
    fn rust_derives(&self) -> impl Iterator<Item = BoxedStr> + '_ {
        self.files
            .iter()
            .zip(&self.skipped)
            .filter(|(file, skipped)| !**skipped && file.language == Language::Rust)
            .flat_map(|(file, _)| file.parsed.bases.iter().map(|(_, name)| name.clone()))
    }

    /// The project's trait an `impl` of the Rust file at `file` names, `None` when the path
    /// leads out of the crate or what it finds is no trait: serde_json's `impl de::Error for
    /// Error` (after `use serde::de;`) and `impl serde::Deserializer for Map` implement serde's
    /// traits, not the crate's `io::Error` or `Deserializer` structs of those names.
    fn project_trait(&self, file: u32, written: &str) -> Option<TypeAt> {
        if leaves_the_crate(self.file(file)?, written) {
            return None;
        }
        self.resolve(file, None, written).filter(|&at| {
            self.symbol(at)
                .is_some_and(|symbol| symbol.kind == SymbolKind::Trait)
        })
    }

    /// Go's interfaces, implemented by every type that has their methods, its own and those
    /// its embedded fields bring: those of the type's own package, of the packages it
    /// imports, and the standard library's best known.
    fn go_interfaces(&self, up: &mut BTreeMap<TypeAt, BTreeSet<Supertype>>) -> GoFound {
        let mut found_go = GoFound::default();
        let go: Vec<u32> = (0..self.files.len() as u32)
            .filter(|&index| {
                self.file(index)
                    .is_some_and(|file| file.language == Language::Go)
                    && !self.skipped[index as usize]
            })
            .collect();
        if go.is_empty() {
            return found_go;
        }
        // Per package directory, its files.
        let mut packages: BTreeMap<&str, Vec<u32>> = BTreeMap::new();
        for &index in &go {
            if let Some(file) = self.file(index) {
                packages.entry(file.path.parent()).or_default().push(index);
            }
        }
        // Every interface, with the methods it requires when all are known.
        let mut interfaces: BTreeMap<TypeAt, Option<Vec<GoMethod<'a>>>> = BTreeMap::new();
        for &index in &go {
            let Some(file) = self.file(index) else {
                continue;
            };
            for (symbol, found) in file.parsed.symbols.iter().enumerate() {
                if found.kind == SymbolKind::Interface {
                    let at = (index, symbol as u32);
                    let required = self.required(at, &mut Vec::new());
                    interfaces.insert(at, required);
                }
            }
        }
        for (dir, files) in &packages {
            // The package's own types with their methods.
            let mut types: BTreeMap<&str, (TypeAt, Vec<GoMethod<'a>>)> = BTreeMap::new();
            for &index in files {
                let Some(file) = self.file(index) else {
                    continue;
                };
                for (symbol, found) in file.parsed.symbols.iter().enumerate() {
                    if matches!(found.kind, SymbolKind::Struct | SymbolKind::Type)
                        && found.parent.is_none()
                    {
                        types
                            .entry(found.name.as_str())
                            .or_insert(((index, symbol as u32), Vec::new()));
                    }
                }
            }
            for &index in files {
                let Some(file) = self.file(index) else {
                    continue;
                };
                for found in &file.parsed.symbols {
                    if found.kind != SymbolKind::Method {
                        continue;
                    }
                    let Some(owner) = found.parent.as_deref() else {
                        continue;
                    };
                    if let Some((_, methods)) = types.get_mut(owner) {
                        methods.push((
                            found.name.as_str(),
                            shape(&found.signature, &found.name, package_of(file)),
                        ));
                    }
                }
            }
            // What each struct embeds: a type of the package brings its methods (promoted, a
            // few levels down); one of another package brings methods no one here can list,
            // unless it is one of the standard library's best known interfaces.
            let mut embeds: BTreeMap<&str, Vec<&'a str>> = BTreeMap::new();
            for &index in files {
                let Some(file) = self.file(index) else {
                    continue;
                };
                for (symbol, embedded) in &file.parsed.bases {
                    let Some(owner) = file.parsed.symbols.get(*symbol as usize) else {
                        continue;
                    };
                    if owner.kind == SymbolKind::Struct && owner.parent.is_none() {
                        embeds
                            .entry(owner.name.as_str())
                            .or_default()
                            .push(embedded.as_str());
                    }
                }
            }
            // The package's own interfaces whose methods are all known: a struct that embeds
            // one has them all (backoff's `backOffContext` embeds `BackOff`).
            let own_interfaces: BTreeMap<&str, &Vec<GoMethod<'a>>> = interfaces
                .iter()
                .filter(|((file, _), _)| files.contains(file))
                .filter_map(|(at, required)| {
                    let symbol = self.symbol(*at)?;
                    Some((symbol.name.as_str(), required.as_ref()?))
                })
                .collect();
            let mut open: BTreeMap<&str, Vec<&'a str>> = BTreeMap::new();
            for _ in 0..MAX_EMBED_LEVELS {
                let own: BTreeMap<&str, Vec<GoMethod<'a>>> = types
                    .iter()
                    .map(|(name, (_, methods))| (*name, methods.clone()))
                    .collect();
                for (owner, embedded) in &embeds {
                    for name in embedded {
                        let promoted: Vec<GoMethod<'a>> = match own.get(name) {
                            Some(methods) if *name != *owner => methods.clone(),
                            Some(_) => continue,
                            None => match (
                                GO_STANDARD.iter().find(|(known, _)| known == name),
                                own_interfaces.get(name),
                            ) {
                                (Some((known, methods)), _) => standard_methods(known, methods),
                                (None, Some(methods)) => (*methods).clone(),
                                (None, None) => {
                                    let names = open.entry(*owner).or_default();
                                    if !names.contains(name) {
                                        names.push(name);
                                    }
                                    continue;
                                }
                            },
                        };
                        if let Some((_, methods)) = types.get_mut(owner) {
                            for method in promoted {
                                if !methods.iter().any(|known| known.0 == method.0) {
                                    methods.push(method);
                                }
                            }
                        }
                    }
                }
            }
            for (owner, names) in &open {
                if let Some((at, _)) = types.get(owner) {
                    found_go
                        .open
                        .insert(*at, names.iter().map(|name| (*name).into()).collect());
                }
            }
            if types.values().all(|(_, methods)| methods.is_empty()) {
                continue;
            }
            // The packages this one imports, and itself.
            let mut reachable: BTreeSet<&str> = BTreeSet::from([*dir]);
            for &index in files {
                if let Some(file) = self.file(index) {
                    for dependency in self.graph.dependencies_of(&file.path) {
                        reachable.insert(dependency.parent());
                    }
                }
            }
            let candidates: Vec<(TypeAt, &Vec<GoMethod<'a>>)> = interfaces
                .iter()
                .filter_map(|(at, required)| {
                    let file = self.file(at.0)?;
                    let required = required.as_ref()?;
                    (!required.is_empty() && reachable.contains(file.path.parent()))
                        .then_some((*at, required))
                })
                .collect();
            for (at, methods) in types.values() {
                if methods.is_empty() {
                    continue;
                }
                let mut found: Vec<(Supertype, usize)> = Vec::new();
                let is_open = found_go.open.contains_key(at);
                for (interface, required) in &candidates {
                    if interface == at {
                        continue;
                    }
                    if satisfies(methods, required) {
                        found.push((Supertype::Defined(*interface), required.len()));
                    } else if is_open
                        && required
                            .iter()
                            .any(|(name, _)| methods.iter().any(|(own, _)| own == name))
                    {
                        found_go.perhaps.entry(*interface).or_default().push(*at);
                    }
                }
                for (name, required) in GO_STANDARD {
                    let required = standard_methods(name, required);
                    if satisfies(methods, &required) {
                        found.push((Supertype::Named((*name).into()), required.len()));
                    }
                }
                // An interface whose methods another one found also requires says nothing
                // more (`io.Reader` beside `io.ReadCloser`, or beside a `File` that embeds it).
                let sets: Vec<BTreeSet<&str>> = found
                    .iter()
                    .map(|(supertype, _)| self.method_names(supertype, &interfaces))
                    .collect();
                for (position, (supertype, _)) in found.iter().enumerate() {
                    let own = &sets[position];
                    let implied = sets.iter().enumerate().any(|(other, set)| {
                        other != position
                            && own.is_subset(set)
                            && (set.len() > own.len() || other < position)
                    });
                    if !implied {
                        up.entry(*at).or_default().insert(supertype.clone());
                    } else if let Supertype::Defined(interface) = supertype {
                        found_go.implied.push((*at, *interface));
                    }
                }
            }
        }
        found_go
    }

    /// The method names `supertype` requires.
    fn method_names(
        &self,
        supertype: &Supertype,
        interfaces: &BTreeMap<TypeAt, Option<Vec<GoMethod<'a>>>>,
    ) -> BTreeSet<&'a str> {
        match supertype {
            Supertype::Defined(at) => interfaces
                .get(at)
                .and_then(Option::as_ref)
                .map(|methods| methods.iter().map(|(name, _)| *name).collect())
                .unwrap_or_default(),
            Supertype::Named(name) => GO_STANDARD
                .iter()
                .find(|(known, _)| *known == name.as_str())
                .map(|(known, methods)| {
                    standard_methods(known, methods)
                        .into_iter()
                        .map(|(method, _)| method)
                        .collect()
                })
                .unwrap_or_default(),
        }
    }

    /// The methods a Go interface requires: its own and those of what it embeds, `None` when
    /// one of those is not known (another module's interface, a type union of a constraint).
    fn required(&self, at: TypeAt, seen: &mut Vec<TypeAt>) -> Option<Vec<GoMethod<'a>>> {
        if seen.contains(&at) || seen.len() > 8 {
            return None;
        }
        seen.push(at);
        let file = self.file(at.0)?;
        let interface = self.symbol(at)?;
        let mut methods: Vec<GoMethod<'a>> = file
            .parsed
            .symbols
            .iter()
            .filter(|symbol| {
                symbol.kind == SymbolKind::Method
                    && symbol.parent.as_deref() == Some(interface.name.as_str())
                    && symbol.line >= interface.line
                    && symbol.end_line <= interface.end_line
            })
            .map(|symbol| {
                (
                    symbol.name.as_str(),
                    shape(&symbol.signature, &symbol.name, package_of(file)),
                )
            })
            .collect();
        for (symbol, embedded) in &file.parsed.bases {
            if *symbol != at.1 {
                continue;
            }
            if let Some((name, known)) = GO_STANDARD
                .iter()
                .find(|(name, _)| *name == embedded.as_str())
            {
                methods.extend(standard_methods(name, known));
                continue;
            }
            let inner = self.resolve(at.0, Some(at.1), embedded)?;
            if self.symbol(inner)?.kind != SymbolKind::Interface {
                return None;
            }
            methods.extend(self.required(inner, seen)?);
        }
        Some(methods)
    }
}

/// Whether `methods` holds every method `required` names, of the same parameter and result
/// types where the interface's first line shows them.
fn satisfies(methods: &[GoMethod<'_>], required: &[GoMethod<'_>]) -> bool {
    required.iter().all(|(name, wanted)| {
        methods.iter().any(|(own, has)| {
            own == name
                && match (wanted, has) {
                    (Some(wanted), Some(has)) => wanted == has,
                    (Some(_), None) => false,
                    (None, _) => true,
                }
        })
    })
}

/// The parameter and result types of the Go function or method `name`, from its first line
/// (`func (f *File) ReadAt(b []byte, off int64) (n int, err error) {`, or an interface's
/// `ReadAt(b []byte, off int64) (n int, err error)`); `None` when the line does not show them
/// whole.
pub fn shape(signature: &str, name: &str, package: &str) -> Option<Shape> {
    let mut from = 0;
    let open = loop {
        let found = from + signature.get(from..)?.find(name)?;
        let after = found + name.len();
        let starts_word = signature
            .get(..found)
            .is_some_and(|before| !before.ends_with(|c: char| c.is_alphanumeric() || c == '_'));
        if starts_word && signature.get(after..)?.starts_with('(') {
            break after;
        }
        from = after;
    };
    let (parameters, rest) = balanced(signature.get(open..)?)?;
    let rest = rest.trim();
    let results = if rest.is_empty() || rest.starts_with('{') {
        Vec::new()
    } else if rest.starts_with('(') {
        let (inner, tail) = balanced(rest)?;
        let tail = tail.trim();
        if !(tail.is_empty() || tail.starts_with('{')) {
            return None;
        }
        types_of(inner, package)
    } else {
        // One result type, perhaps before the body on the same line: `Name() string { … }`.
        let end = result_end(rest);
        vec![plain_type(rest.get(..end)?, package)]
    };
    Some((types_of(parameters, package), results))
}

/// The text inside the parentheses `text` starts with, and what follows them.
fn balanced(text: &str) -> Option<(&str, &str)> {
    let mut depth = 0usize;
    for (at, c) in text.char_indices() {
        match c {
            '(' | '[' | '{' => depth += 1,
            ')' | ']' | '}' => {
                depth = depth.checked_sub(1)?;
                if depth == 0 {
                    return Some((text.get(1..at)?, text.get(at + 1..)?));
                }
            }
            _ => {}
        }
    }
    None
}

/// Where a lone result type ends: before ` {` that opens the body (`struct{}` and
/// `interface{}` keep theirs).
fn result_end(rest: &str) -> usize {
    rest.find(" {").unwrap_or(rest.len())
}

/// The types of a Go parameter or result list: `a, b int, c string` → `int, int, string`;
/// `int, error` stays.
fn types_of(list: &str, package: &str) -> Vec<String> {
    let mut entries: Vec<&str> = Vec::new();
    let mut depth = 0usize;
    let mut start = 0;
    for (at, c) in list.char_indices() {
        match c {
            '(' | '[' | '{' => depth += 1,
            ')' | ']' | '}' => depth = depth.saturating_sub(1),
            ',' if depth == 0 => {
                entries.push(list.get(start..at).unwrap_or("").trim());
                start = at + 1;
            }
            _ => {}
        }
    }
    entries.push(list.get(start..).unwrap_or("").trim());
    entries.retain(|entry| !entry.is_empty());
    // Named when an entry is a name and a type (`p []byte`); a name alone then takes the type
    // of the next entry that has one (`i, j int`).
    let named = entries.iter().any(|entry| {
        entry
            .split_once(' ')
            .is_some_and(|(first, _)| first.chars().all(|c| c.is_alphanumeric() || c == '_'))
            && !entry.starts_with("chan ")
            && !entry.starts_with("func")
    });
    if !named {
        return entries
            .iter()
            .map(|entry| plain_type(entry, package))
            .collect();
    }
    let mut types: Vec<String> = vec![String::new(); entries.len()];
    let mut pending = String::new();
    for (at, entry) in entries.iter().enumerate().rev() {
        if let Some((_, kind)) = entry.split_once(' ') {
            pending = plain_type(kind, package);
        }
        types[at] = pending.clone();
    }
    types
}

/// Go's predeclared types and the words of type literals: never qualified by a package.
const GO_UNQUALIFIED: &[&str] = &[
    "bool",
    "byte",
    "complex64",
    "complex128",
    "error",
    "float32",
    "float64",
    "int",
    "int8",
    "int16",
    "int32",
    "int64",
    "rune",
    "string",
    "uint",
    "uint8",
    "uint16",
    "uint32",
    "uint64",
    "uintptr",
    "any",
    "comparable",
    "func",
    "chan",
    "map",
    "struct",
    "interface",
];

/// A type as compared: without spaces, each type named by its package (`afero.File` for
/// `File` in package `afero`), `os.FileInfo` as the `fs.FileInfo` it stands for, `interface{}`
/// as `any`.
fn plain_type(kind: &str, package: &str) -> String {
    // Spaces only where they part two words (`chan struct{}`, `func(a, b int)`).
    let is_word = |c: char| c.is_alphanumeric() || c == '_';
    let words: Vec<&str> = kind.split_whitespace().collect();
    let mut compact = String::with_capacity(kind.len());
    for (at, piece) in words.iter().enumerate() {
        if at > 0 && compact.ends_with(is_word) && piece.starts_with(is_word) {
            compact.push(' ');
        }
        compact.push_str(piece);
    }
    let compact = compact.replace("interface{}", "any");
    let mut out = String::with_capacity(compact.len() + package.len());
    let mut word = String::new();
    let mut qualified = false;
    let flush = |word: &mut String, qualified: bool, out: &mut String| {
        if word.is_empty() {
            return;
        }
        if !qualified && !package.is_empty() && !GO_UNQUALIFIED.contains(&word.as_str()) {
            out.push_str(package);
            out.push('.');
        }
        out.push_str(word);
        word.clear();
    };
    for c in compact.chars() {
        if c.is_alphanumeric() || c == '_' {
            word.push(c);
        } else if c == '.' && !word.is_empty() {
            // A package qualifier: `afero` of `afero.File`.
            out.push_str(&word);
            out.push('.');
            word.clear();
            qualified = true;
            continue;
        } else {
            flush(&mut word, qualified, &mut out);
            out.push(c);
        }
        if !(c.is_alphanumeric() || c == '_') {
            qualified = false;
        }
    }
    flush(&mut word, qualified, &mut out);
    for (alias, standard) in [
        ("os.FileInfo", "fs.FileInfo"),
        ("os.FileMode", "fs.FileMode"),
        ("os.DirEntry", "fs.DirEntry"),
        ("os.PathError", "fs.PathError"),
    ] {
        if out.contains(alias) {
            out = out.replace(alias, standard);
        }
    }
    out
}

/// Whether `symbol` sits in a Rust `mod tests` (or `mod test`) of its file: indicatif's
/// `trait MustBeThreadSafe`, implemented there only to check the types are `Send + Sync`.
fn in_test_module(file: &FileMap, symbol: &Symbol) -> bool {
    file.language == Language::Rust
        && file.parsed.symbols.iter().any(|module| {
            module.kind == SymbolKind::Module
                && matches!(module.name.as_str(), "tests" | "test")
                && module.line < symbol.line
                && symbol.end_line <= module.end_line
        })
}

/// A Go file's package name, from its package clause.
fn package_of(file: &FileMap) -> &str {
    file.parsed.package.as_deref().unwrap_or("")
}

/// `Base` of `abc.Base`, `FastRoute\Base`, `detail::Helper`.
fn last_segment(written: &str) -> &str {
    written
        .rsplit(['.', '\\', ':'])
        .next()
        .unwrap_or(written)
        .trim()
}

/// `Layer` of `Layer<S>`.
fn without_type_arguments(name: &str) -> &str {
    name.split('<').next().unwrap_or(name).trim_end()
}

/// A plain path: `Type`, `fmt::Display` (not `&'a T`, `[T]`, `(A, B)`, `dyn Trait`).
fn is_path(text: &str) -> bool {
    !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == ':')
}
