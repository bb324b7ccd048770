//! References made by calling methods: in Go and Rust a type's methods may be written in
//! another file than the type (uuid's `marshal.go` adds `UnmarshalBinary` to the `UUID` of
//! `uuid.go`; thiserror's `valid.rs` adds `validate` to the `Input` of `ast.rs`), and a caller
//! reaches them with a method call and no import: `uuid.UnmarshalBinary(b)`,
//! `input.validate()`. Such a call is a reference from the caller's file to the method's,
//! named `Type.method` (Go) or `Type::method` (Rust), wherever the method is written.
//!
//! The method is found where it is certain: a call on the caller's own receiver (`self`, a Go
//! method's receiver) or on a type named at the call or given to the variable where it is made
//! (`let v = Version::new(…)`) or returned by the function that makes it (`fs :=
//! NewFlagSet(…)`); else, a call on a variable of a type not written there, when
//! exactly one file of the package or crate defines a method of that name for a type the
//! caller itself names, and the name is not one the standard library's types share (`len`,
//! `String`).

use crate::references::{record, FoundReferences};
use cartograph_core::{FileMap, Language, Receiver, SymbolKind};
use std::collections::{BTreeSet, HashMap, HashSet};

/// Method names the standard libraries' own types and best-known interfaces and traits have:
/// a call of one on a variable whose type is not written may be on any of those.
const SHARED_METHODS: &[&str] = &[
    // Rust.
    "and_then",
    "append",
    "as_bytes",
    "as_mut",
    "as_ref",
    "as_str",
    "borrow",
    "borrow_mut",
    "build",
    "call",
    "capacity",
    "chars",
    "clear",
    "clone",
    "cmp",
    "collect",
    "contains",
    "default",
    "drain",
    "entry",
    "eq",
    "err",
    "expect",
    "extend",
    "filter",
    "find",
    "finish",
    "first",
    "flush",
    "fmt",
    "from",
    "get",
    "get_mut",
    "hash",
    "insert",
    "into",
    "into_iter",
    "is_empty",
    "is_none",
    "is_some",
    "iter",
    "iter_mut",
    "join",
    "keys",
    "last",
    "len",
    "lines",
    "lock",
    "map",
    "map_err",
    "new",
    "next",
    "ok",
    "parse",
    "poll",
    "pop",
    "push",
    "push_str",
    "read",
    "recv",
    "remove",
    "replace",
    "reserve",
    "send",
    "sort",
    "split",
    "take",
    "to_owned",
    "to_string",
    "to_vec",
    "truncate",
    "unwrap",
    "unwrap_or",
    "values",
    "with_capacity",
    "write",
    "write_all",
    "write_str",
    // Go.
    "Add",
    "Bytes",
    "Close",
    "Delete",
    "Do",
    "Done",
    "Equal",
    "Err",
    "Error",
    "Format",
    "Get",
    "Is",
    "Len",
    "Less",
    "Load",
    "Lock",
    "MarshalJSON",
    "MarshalText",
    "Next",
    "Read",
    "Reset",
    "Run",
    "Scan",
    "ServeHTTP",
    "Set",
    "Start",
    "Stop",
    "Store",
    "String",
    "Swap",
    "Unlock",
    "UnmarshalJSON",
    "UnmarshalText",
    "Unwrap",
    "Value",
    "Wait",
    "Write",
    "WriteString",
];

/// Records each file's references through method calls (see the module doc).
pub(crate) fn method_references(files: &[FileMap], found: &mut FoundReferences) {
    let crate_dirs: BTreeSet<&str> = files
        .iter()
        .filter(|file| file.path.file_name() == "Cargo.toml")
        .map(|file| file.path.parent())
        .collect();
    // (unit, method name) → (the type it is a method of, the file that writes it).
    let mut methods: HashMap<(&str, &str), Vec<(&str, usize)>> = HashMap::new();
    // (unit, function name) → the type the function returns (Go's `func NewFlagSet(…)
    // *FlagSet`), for variables made by calling it.
    let mut returns: HashMap<(&str, &str), Option<&str>> = HashMap::new();
    // (unit, function or method name) → the type all of that name return, for a call on what
    // one returns (uuid's `id.Time().UnixTime()`: `UUID.Time` returns `Time`).
    let mut call_returns: HashMap<(&str, &str), Option<&str>> = HashMap::new();
    for (at, file) in files.iter().enumerate() {
        let Some(unit) = unit_of(file, &crate_dirs) else {
            continue;
        };
        for symbol in &file.parsed.symbols {
            let key = (unit, symbol.name.as_str());
            let returned = returned_type(file.language, &symbol.signature);
            if matches!(symbol.kind, SymbolKind::Function | SymbolKind::Method) {
                agree(&mut call_returns, key, returned);
            }
            if symbol.kind == SymbolKind::Function && symbol.parent.is_none() {
                agree(&mut returns, key, returned);
            }
            if symbol.kind != SymbolKind::Method {
                continue;
            }
            let Some(owner) = symbol
                .parent
                .as_deref()
                .and_then(|parent| owner_of(file, parent))
            else {
                continue;
            };
            // A Rust trait's methods, and those of its impls, are reached through the trait:
            // only a type's own `impl` block is a place a method call certainly leads to.
            if file.language == Language::Rust && !is_inherent_impl(file, symbol.parent.as_deref())
            {
                continue;
            }
            methods
                .entry((unit, symbol.name.as_str()))
                .or_default()
                .push((owner, at));
        }
    }
    if methods.is_empty() {
        return;
    }
    // The names a Rust path starts or goes through that are no values: crates and modules.
    // `env_logger::init()` calls the crate's function, no `init` method of a variable.
    let mut rust_modules: HashSet<String> = ["crate", "self", "super", "std", "core", "alloc"]
        .into_iter()
        .map(str::to_string)
        .collect();
    for file in files {
        if let Some(package) = file.parsed.cargo.as_deref() {
            rust_modules.insert(package.name.replace('-', "_"));
            if let Some(lib) = &package.lib_name {
                rust_modules.insert(lib.replace('-', "_"));
            }
        }
        if file.language != Language::Rust {
            continue;
        }
        let stem = file.path.file_name().trim_end_matches(".rs");
        let module = match stem {
            "mod" | "lib" | "main" => file.path.parent().rsplit('/').next().unwrap_or_default(),
            stem => stem,
        };
        rust_modules.insert(module.to_string());
    }
    let is_test = |at: usize| files[at].path.file_name().ends_with("_test.go");
    for (from, file) in files.iter().enumerate() {
        let Some(unit) = unit_of(file, &crate_dirs) else {
            continue;
        };
        if file.parsed.calls.is_empty() {
            continue;
        }
        let separator = if file.language == Language::Rust {
            "::"
        } else {
            "."
        };
        let packages = package_names(file);
        // The types the file names: its own, and those its references so far lead to.
        let mut named: Option<HashSet<&str>> = None;
        let mut to_record: BTreeSet<(usize, String)> = BTreeSet::new();
        for site in file.parsed.calls.iter() {
            let Some(candidates) = methods.get(&(unit, site.name)) else {
                continue;
            };
            let parameter = match site.receiver {
                Receiver::Named(word) => parameter_type(file, site.caller, word),
                _ => None,
            };
            let owner = match site.receiver {
                Receiver::Bare => continue,
                // A call on what another call returns (`Time()`, written so by the parser).
                Receiver::Named(word) if word.ends_with("()") => {
                    let called = &word[..word.len() - 2];
                    match call_returns.get(&(unit, called)).copied().flatten() {
                        Some(returned) => Some(returned),
                        None => continue,
                    }
                }
                Receiver::Own => file
                    .parsed
                    .symbols
                    .get(site.caller)
                    .and_then(|caller| caller.parent.as_deref())
                    .and_then(|parent| owner_of(file, parent)),
                // A type the file knows by that name: its own or one its references lead to
                // (anyhow's `test_boxed.rs` calls `io::Error::new` and derives thiserror's
                // `Error`; neither is the crate's `Error`).
                // A variable made by calling a function of the unit (pflag's tests: `fs :=
                // NewFlagSet(…)`, then `fs.Parse(…)`) is of the type it returns.
                Receiver::Named(word) if returns.contains_key(&(unit, word)) => {
                    match returns.get(&(unit, word)).copied().flatten() {
                        Some(returned) => Some(returned),
                        None => continue,
                    }
                }
                // A parameter of the calling function is of the type its signature gives:
                // a Go test's `t *testing.T` is no type of the package, and `t.Fatalf` no
                // call of logrus's `Entry.Fatalf`.
                Receiver::Named(_) if parameter.is_some() => match parameter.flatten() {
                    Some(declared) => Some(declared),
                    None => continue,
                },
                Receiver::Named(word) if is_type_name(word) => {
                    let named = named.get_or_insert_with(|| names_known(file, from, found));
                    if !named.contains(word) {
                        continue;
                    }
                    Some(word)
                }
                Receiver::Named(word) => {
                    let module = file.language == Language::Rust && rust_modules.contains(word);
                    if packages.contains(word) || module || SHARED_METHODS.contains(&site.name) {
                        continue;
                    }
                    None
                }
            };
            let definers: BTreeSet<(usize, &str)> = match owner {
                Some(owner) => candidates
                    .iter()
                    .filter(|(of, _)| *of == owner)
                    .map(|&(of, at)| (at, of))
                    .collect(),
                None => {
                    let named = named.get_or_insert_with(|| names_known(file, from, found));
                    candidates
                        .iter()
                        .filter(|(of, _)| named.contains(of))
                        .map(|&(of, at)| (at, of))
                        .collect()
                }
            };
            // A variable of a type not written may hold a value of a type the caller never
            // names, one another call returned: similar's benches call `config.algorithm(…)`
            // on `TextDiff::configure()`'s `TextDiffConfig`, and name `TextDiff` only, which
            // has an `algorithm` method too. When a type the caller does not name has the
            // method, the file is certain only if that type's method is written there too,
            // and then the method goes by its bare name.
            let mut unnamed_type = false;
            if owner.is_none() {
                let named = named.get_or_insert_with(|| names_known(file, from, found));
                let mut elsewhere = false;
                for (of, at) in candidates {
                    if !named.contains(of) {
                        unnamed_type = true;
                        elsewhere |= !definers.iter().any(|(definer, _)| definer == at);
                    }
                }
                if elsewhere {
                    continue;
                }
            }
            // A Rust crate may have several types of one name (env_logger's public `Builder`
            // in `logger.rs`, and its writer's own in `writer/mod.rs`): the method is the one
            // of the type the caller's references lead to.
            let definers = match owner {
                Some(owner) if definers.len() > 1 && file.language == Language::Rust => {
                    let referenced = type_files(files, found, from, owner);
                    let kept: BTreeSet<(usize, &str)> = definers
                        .iter()
                        .copied()
                        .filter(|(at, _)| {
                            type_files(files, found, *at, owner)
                                .iter()
                                .any(|file| referenced.contains(file))
                        })
                        .collect();
                    if referenced.is_empty() || kept.is_empty() {
                        definers
                    } else {
                        kept
                    }
                }
                _ => definers,
            };
            let files_defining: BTreeSet<usize> = definers.iter().map(|(at, _)| *at).collect();
            // A variable's method found in two files (or in the caller's own) may be either.
            if owner.is_none() && files_defining.len() != 1 {
                continue;
            }
            // A variable's method that one file writes for several of the types the caller
            // names (thiserror's `validate` for `Input`, `Struct` and `Enum`) is named bare.
            let owners = definers.len();
            for (definer, of) in definers {
                // A method written beside its type is named too: the type's name leads to its
                // file, but what the caller uses there is the method (pflag's tests name
                // `FlagSet` and call `Parse`; "using … and N more" counted the type alone).
                if definer == from
                    || (is_test(definer) && !is_test(from))
                    || crate::references::go_never_built_together(&files[from], &files[definer])
                {
                    continue;
                }
                let name = if owner.is_none() && (owners > 1 || unnamed_type) {
                    site.name.to_string()
                } else {
                    format!("{of}{separator}{}", site.name)
                };
                to_record.insert((definer, name));
            }
        }
        for (definer, name) in to_record {
            record(found, (from, definer), &name, true);
        }
    }
}

/// Records that the function or method `key` returns `returned`: two of one name
/// (build-tagged variants, methods of two types) must agree, else nothing is known.
fn agree<'f>(
    map: &mut HashMap<(&'f str, &'f str), Option<&'f str>>,
    key: (&'f str, &'f str),
    returned: Option<&'f str>,
) {
    map.entry(key)
        .and_modify(|known| {
            if *known != returned {
                *known = None;
            }
        })
        .or_insert(returned);
}

/// The type a Go or Rust function's signature says it returns, when it is one type name
/// (`*FlagSet`, `(*FlagSet, error)`, `-> Version`, `-> Result<Version, Error>` is none).
fn returned_type(language: Language, signature: &str) -> Option<&str> {
    let returned = match language {
        Language::Go => {
            // After the parameters' closing parenthesis; a method's receiver list comes
            // before them (`func (uuid UUID) Time() Time`).
            let after = |from: usize| -> Option<usize> {
                let open = from + signature.get(from..)?.find('(')?;
                let mut depth = 0i32;
                for (at, c) in signature[open..].char_indices() {
                    match c {
                        '(' => depth += 1,
                        ')' => {
                            depth -= 1;
                            if depth == 0 {
                                return Some(open + at + 1);
                            }
                        }
                        _ => {}
                    }
                }
                None
            };
            let method = signature.trim_start().starts_with("func (");
            let close = if method { after(after(0)?)? } else { after(0)? };
            let rest = signature[close..].trim().trim_end_matches('{').trim();
            rest.strip_prefix('(').unwrap_or(rest)
        }
        Language::Rust => signature.split_once("->")?.1.trim(),
        _ => return None,
    };
    let returned = returned.trim_start_matches(['*', '&']);
    let end = returned
        .find(|c: char| !(c.is_alphanumeric() || c == '_'))
        .unwrap_or(returned.len());
    let name = &returned[..end];
    (is_type_name(name) && name != "Self" && !returned[end..].starts_with('<')).then_some(name)
}

/// The type the signature of the function at `caller` gives its parameter `word`: `Some(Some
/// (type))` for a type of the package or crate (`e *Entry`, `entry: &Entry`), `Some(None)` for
/// one of another (`t *testing.T`, `f: &mut fmt::Formatter`) or a builtin, `None` when `word`
/// is no parameter the signature shows.
fn parameter_type<'f>(file: &'f FileMap, caller: usize, word: &str) -> Option<Option<&'f str>> {
    let signature = file.parsed.symbols.get(caller)?.signature.as_str();
    declared_parameter_type(file.language, signature, word)
}

/// The type a Go or Rust function's `signature` gives its parameter `word` (a Go method's
/// receiver included): `Some(Some(type))` for a type named bare (`e *Entry`, `entry: &'a
/// Entry`), `Some(None)` for one of another package or module (`t *testing.T`) or a builtin,
/// `None` when `word` is no parameter the signature shows or the language is another.
pub fn declared_parameter_type<'s>(
    language: Language,
    signature: &'s str,
    word: &str,
) -> Option<Option<&'s str>> {
    let body = signature.find('{').map_or(signature, |at| &signature[..at]);
    // Every parenthesised list before the body: a Go method's receiver, then its parameters.
    let mut lists = Vec::new();
    let mut depth = 0usize;
    let mut start = 0;
    for (at, c) in body.char_indices() {
        match c {
            '(' => {
                if depth == 0 {
                    start = at + 1;
                }
                depth += 1;
            }
            ')' if depth > 0 => {
                depth -= 1;
                if depth == 0 {
                    lists.push(&body[start..at]);
                }
            }
            _ => {}
        }
    }
    let declared = lists
        .iter()
        .flat_map(|list| list.split(','))
        .find_map(|item| {
            let item = item.trim();
            match language {
                Language::Go => {
                    let (name, kind) = item.split_once(char::is_whitespace)?;
                    (name == word).then(|| kind.trim())
                }
                Language::Rust => {
                    let (name, kind) = item.split_once(':')?;
                    let name = name.trim().trim_start_matches("mut ").trim();
                    (name == word).then(|| kind.trim())
                }
                _ => None,
            }
        })?;
    let declared = declared.trim_start_matches(['*', '&']);
    // A reference's lifetime (`&'a Input`) is no part of the type's name.
    let declared = match declared.strip_prefix('\'') {
        Some(lifetime) => lifetime
            .split_once(char::is_whitespace)
            .map_or("", |(_, rest)| rest.trim_start()),
        None => declared,
    };
    let declared = declared
        .trim_start_matches("mut ")
        .trim_start_matches("dyn ")
        .trim_start_matches("impl ");
    let end = declared
        .find(|c: char| !(c.is_alphanumeric() || c == '_'))
        .unwrap_or(declared.len());
    let name = &declared[..end];
    // A name followed by a path separator is a package's or module's (`testing.T`, `fmt::`).
    let qualified = declared[end..].starts_with(['.', ':']);
    Some((!qualified && is_type_name(name)).then_some(name))
}

/// The files defining the type named `owner` that file `at` means: its own, else those its
/// references so far lead to for that name.
fn type_files(
    files: &[FileMap],
    found: &FoundReferences,
    at: usize,
    owner: &str,
) -> BTreeSet<usize> {
    let defines = files.get(at).is_some_and(|file| {
        file.parsed
            .symbols
            .iter()
            .any(|symbol| symbol.kind.is_type() && symbol.name == owner)
    });
    if defines {
        return BTreeSet::from([at]);
    }
    found
        .range((at, 0)..(at + 1, 0))
        .filter(|(_, (names, _))| names.iter().any(|name| &**name == owner))
        .map(|((_, to), _)| *to)
        .collect()
}

/// The package or crate a file's methods belong to: a Go file's directory, a Rust file's
/// nearest directory with a `Cargo.toml` (the repository's root when none has one).
fn unit_of<'f>(file: &'f FileMap, crate_dirs: &BTreeSet<&'f str>) -> Option<&'f str> {
    match file.language {
        Language::Go => Some(file.path.parent()),
        Language::Rust => {
            let mut dir = file.path.parent();
            loop {
                if crate_dirs.contains(dir) {
                    return Some(dir);
                }
                if dir.is_empty() {
                    return Some("");
                }
                dir = dir.rsplit_once('/').map_or("", |(up, _)| up);
            }
        }
        _ => None,
    }
}

/// The type a method's parent names: Go's receiver type, a Rust `impl` block's type
/// (`Struct` of `Struct<'_>`, `Identifier` of `Clone for Identifier`).
fn owner_of<'f>(file: &FileMap, parent: &'f str) -> Option<&'f str> {
    let parent = match file.language {
        Language::Rust => parent.rsplit_once(" for ").map_or(parent, |(_, of)| of),
        _ => parent,
    };
    let parent = parent.trim_start_matches(['*', '&']);
    let end = parent.find(['<', '[', ' ']).unwrap_or(parent.len());
    let owner = &parent[..end];
    is_type_name(owner).then_some(owner)
}

/// True when a Rust method's parent is an `impl` block of a type's own (no trait).
fn is_inherent_impl(file: &FileMap, parent: Option<&str>) -> bool {
    let Some(parent) = parent else {
        return false;
    };
    !parent.contains(" for ")
        && file
            .parsed
            .symbols
            .iter()
            .any(|symbol| symbol.kind == SymbolKind::Impl && symbol.name == parent)
}

fn is_type_name(word: &str) -> bool {
    word.starts_with(|c: char| c.is_ascii_uppercase())
        && word.chars().all(|c| c.is_alphanumeric() || c == '_')
}

/// The names a Go file calls its imported packages by (`uuid`, an alias): a call on one is a
/// package's function, not a method.
fn package_names(file: &FileMap) -> HashSet<&str> {
    if file.language != Language::Go {
        return HashSet::new();
    }
    file.parsed
        .imports
        .iter()
        .map(|import| {
            import
                .scope
                .as_deref()
                .unwrap_or_else(|| import.raw.rsplit('/').next().unwrap_or(&import.raw))
        })
        .collect()
}

/// The type names file `from` defines or takes from other files (the references found so far).
fn names_known<'f>(file: &'f FileMap, from: usize, found: &'f FoundReferences) -> HashSet<&'f str> {
    let own = file
        .parsed
        .symbols
        .iter()
        .filter(|symbol| symbol.kind.is_type() || symbol.kind == SymbolKind::Impl)
        .filter_map(|symbol| owner_of(file, &symbol.name));
    let taken = found
        .range((from, 0)..(from + 1, 0))
        .flat_map(|(_, (names, _))| names.iter().map(|name| &**name));
    own.chain(taken).filter(|name| is_type_name(name)).collect()
}
