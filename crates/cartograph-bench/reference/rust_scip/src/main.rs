//! A second reading of cartograph's Rust import and reference graphs: the names come from
//! `syn` (every `use` tree leaf and every path in code, with its segments' positions), what
//! each segment means comes from rust-analyzer's SCIP index (`rust-analyzer scip REPO`). Prints
//! `{"from", "to", ...}` JSON lines for `compare_edges.py`. Nothing of cartograph's resolver is
//! used. The mapping choices are written down in `../README.md`.
//!
//! Usage: `rust_scip REPO [INDEX_SCIP] [--references | --all-references | --files]`
//! (`INDEX_SCIP` defaults to `REPO/index.scip`).
//!
//! - default, the import graph: each `use` leaf, and each path in code that starts at `crate`,
//!   `self`, `super`, `::` or another crate of the repository, is an edge to the file holding
//!   the deepest module its segments name (SCIP symbols ending in `/`).
//! - `--references`: the same leaves and paths, and paths in code that start at a module of the
//!   repository in scope (`cli::f()` after `use grep::cli;`, `hir::Hir` beside `mod hir;`),
//!   each an edge to the file that defines the item its last segment names (cartograph's
//!   `references`: names used, followed through re-exports to their definition).
//! - `--all-references`: every occurrence of an item (not a module, not a local) defined in
//!   another file of the repository: the compiler's whole reference graph, a ceiling rather
//!   than a like-for-like reading.

use protobuf::Message;
use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use syn::visit::Visit;

const DEFINITION_ROLE: i32 = 1;

#[derive(Clone, Copy, PartialEq)]
enum Reading {
    Imports,
    References,
    AllReferences,
    /// The files the index holds, one a line: what rust-analyzer reached.
    Files,
}

/// One name of a path as written: where its first character is (0-based line, byte column)
/// and its text.
struct Segment {
    line: usize,
    column: usize,
    text: String,
}

/// A `use` leaf or a path in code, root first.
struct WrittenPath {
    segments: Vec<Segment>,
    /// `::a::b`: the first segment is a crate.
    leading_colon: bool,
    /// A `use` leaf (`true`) or a path in code (`false`).
    in_use: bool,
    /// `use a::*`: the last segment is the module whose names are all brought.
    glob: bool,
    /// The inline modules around the path in its file, outermost first.
    scope: Vec<String>,
}

struct Collector<'s> {
    lines: Vec<&'s str>,
    paths: Vec<WrittenPath>,
    scope: Vec<String>,
}

impl Collector<'_> {
    fn segment(&self, ident: &proc_macro2::Ident) -> Segment {
        let start = ident.span().start();
        let line = start.line.saturating_sub(1);
        // proc-macro2 counts characters; SCIP (UTF8CodeUnitOffsetFromLineStart) counts bytes.
        let column = self
            .lines
            .get(line)
            .map(|text| {
                text.char_indices()
                    .nth(start.column)
                    .map_or(text.len(), |(byte, _)| byte)
            })
            .unwrap_or(start.column);
        Segment {
            line,
            column,
            text: ident.to_string(),
        }
    }

    fn use_tree(&mut self, tree: &syn::UseTree, mut prefix: Vec<Segment>, leading_colon: bool) {
        let leaf = |collector: &mut Self, segments: Vec<Segment>, glob: bool| {
            let scope = collector.scope.clone();
            collector.paths.push(WrittenPath {
                segments,
                leading_colon,
                in_use: true,
                glob,
                scope,
            })
        };
        match tree {
            syn::UseTree::Path(path) => {
                prefix.push(self.segment(&path.ident));
                self.use_tree(&path.tree, prefix, leading_colon);
            }
            syn::UseTree::Name(name) => {
                prefix.push(self.segment(&name.ident));
                leaf(self, prefix, false);
            }
            syn::UseTree::Rename(rename) => {
                prefix.push(self.segment(&rename.ident));
                leaf(self, prefix, false);
            }
            syn::UseTree::Glob(_) => leaf(self, prefix, true),
            syn::UseTree::Group(group) => {
                for item in &group.items {
                    let copy = prefix
                        .iter()
                        .map(|segment| Segment {
                            line: segment.line,
                            column: segment.column,
                            text: segment.text.clone(),
                        })
                        .collect();
                    self.use_tree(item, copy, leading_colon);
                }
            }
        }
    }
}

impl<'ast> Visit<'ast> for Collector<'_> {
    fn visit_item_mod(&mut self, item: &'ast syn::ItemMod) {
        let inline = item.content.is_some();
        if inline {
            self.scope.push(item.ident.to_string());
        }
        syn::visit::visit_item_mod(self, item);
        if inline {
            self.scope.pop();
        }
    }

    fn visit_item_use(&mut self, item: &'ast syn::ItemUse) {
        self.use_tree(&item.tree, Vec::new(), item.leading_colon.is_some());
    }

    fn visit_path(&mut self, path: &'ast syn::Path) {
        if path.segments.len() >= 2 {
            let segments = path
                .segments
                .iter()
                .map(|segment| self.segment(&segment.ident))
                .collect();
            self.paths.push(WrittenPath {
                segments,
                leading_colon: path.leading_colon.is_some(),
                in_use: false,
                glob: false,
                scope: self.scope.clone(),
            });
        }
        // Generic arguments hold paths of their own: `crate::a::B<crate::c::D>`.
        syn::visit::visit_path(self, path);
    }
}

/// What SCIP says: per file, the symbols at each position; per symbol, the files defining it.
struct Semantics {
    occurrences: HashMap<String, HashMap<(usize, usize), Vec<String>>>,
    definitions: HashMap<String, BTreeSet<String>>,
    /// Per file, the module it holds: the module symbol defined at its first character.
    file_modules: HashMap<String, String>,
}

impl Semantics {
    fn symbols_at(&self, file: &str, segment: &Segment) -> &[String] {
        self.occurrences
            .get(file)
            .and_then(|at| at.get(&(segment.line, segment.column)))
            .map_or(&[], Vec::as_slice)
    }

    /// The file that defines `symbol`, seen from `from`. rust-analyzer gives every target of
    /// a package the same symbols, so a package's library, binaries, examples, tests and
    /// benches all define its `crate/`: a crate named from outside (`regex_syntax::Parser` in
    /// a bench) is its library (`lib.rs`); otherwise the definition nearest `from` is read.
    fn defining_file(&self, symbol: &str, from: &str, named_from_outside: bool) -> Option<&str> {
        let files = self.definitions.get(symbol)?;
        if named_from_outside && is_crate_root(symbol) {
            if let Some(library) = files.iter().find(|file| file.ends_with("lib.rs")) {
                return Some(library.as_str());
            }
        }
        if let Some(own) = files.get(from) {
            return Some(own.as_str());
        }
        files
            .iter()
            .max_by_key(|file| common_prefix(file, from))
            .map(String::as_str)
    }
}

fn common_prefix(a: &str, b: &str) -> usize {
    a.split('/')
        .zip(b.split('/'))
        .take_while(|(x, y)| x == y)
        .count()
}

fn is_module(symbol: &str) -> bool {
    !symbol.starts_with("local ") && symbol.ends_with('/')
}

/// `self` and `super` at the start of a path, read from the syntax: the module symbol of the
/// file, its inline modules, then one parent per `super`. rust-analyzer 1.95's SCIP gives a
/// leading `super` inside an inline module (`mod tests { use super::*; }`) the parent of the
/// file's module instead, which would send the edge one module too high.
fn keyword_module(
    semantics: &Semantics,
    file: &str,
    path: &WrittenPath,
) -> Option<(usize, String)> {
    let file_module = semantics.file_modules.get(file)?;
    let (prefix, descriptors) = file_module.rsplit_once(' ')?;
    let mut names: Vec<String> = descriptors
        .trim_end_matches('/')
        .split('/')
        .filter(|name| !name.is_empty() && *name != "crate")
        .map(str::to_string)
        .collect();
    names.extend(path.scope.iter().cloned());
    let mut last = None;
    for (at, segment) in path.segments.iter().enumerate() {
        match segment.text.as_str() {
            "self" if at == 0 => last = Some(at),
            "super" if last.is_some() || at == 0 => {
                names.pop()?;
                last = Some(at);
            }
            _ => break,
        }
    }
    let at = last?;
    let symbol = if names.is_empty() {
        format!("{prefix} crate/")
    } else {
        format!("{prefix} {}/", names.join("/"))
    };
    Some((at, symbol))
}

fn is_crate_root(symbol: &str) -> bool {
    !symbol.starts_with("local ") && symbol.ends_with(" crate/")
}

fn read_semantics(index_path: &Path) -> Result<(Semantics, Vec<String>), String> {
    let bytes = std::fs::read(index_path)
        .map_err(|error| format!("failed to read `{}`: {error}", index_path.display()))?;
    let index = scip::types::Index::parse_from_bytes(&bytes)
        .map_err(|error| format!("failed to parse `{}`: {error}", index_path.display()))?;
    let mut semantics = Semantics {
        occurrences: HashMap::new(),
        definitions: HashMap::new(),
        file_modules: HashMap::new(),
    };
    let mut files = Vec::new();
    for document in &index.documents {
        let file = document.relative_path.clone();
        let at = semantics.occurrences.entry(file.clone()).or_default();
        for occurrence in &document.occurrences {
            let (Some(&line), Some(&column)) = (occurrence.range.first(), occurrence.range.get(1))
            else {
                continue;
            };
            let position = (line as usize, column as usize);
            if occurrence.symbol_roles & DEFINITION_ROLE != 0 {
                if position == (0, 0) && is_module(&occurrence.symbol) {
                    semantics
                        .file_modules
                        .insert(file.clone(), occurrence.symbol.clone());
                }
                if !occurrence.symbol.starts_with("local ") {
                    semantics
                        .definitions
                        .entry(occurrence.symbol.clone())
                        .or_default()
                        .insert(file.clone());
                }
            } else {
                at.entry(position)
                    .or_default()
                    .push(occurrence.symbol.clone());
            }
        }
        files.push(file);
    }
    files.sort();
    Ok((semantics, files))
}

fn quote(text: &str) -> String {
    let mut quoted = String::from("\"");
    for character in text.chars() {
        match character {
            '"' => quoted.push_str("\\\""),
            '\\' => quoted.push_str("\\\\"),
            c if (c as u32) < 0x20 => quoted.push_str(&format!("\\u{:04x}", c as u32)),
            c => quoted.push(c),
        }
    }
    quoted.push('"');
    quoted
}

/// The import edge of one written path: the file of the deepest module its segments name.
fn import_target<'a>(
    semantics: &'a Semantics,
    file: &str,
    path: &WrittenPath,
    from_scope: bool,
) -> Option<(&'a str, usize)> {
    let first = path.segments.first()?;
    if !path.in_use {
        // A path in code counts from `crate`, `self`, `super`, `::` or another crate; read for
        // references (`from_scope`), also from a module of the repository in scope (`cli::f()`
        // after `use grep::cli;`, `hir::Hir` beside `mod hir;`).
        let starts_at_root = path.leading_colon
            || matches!(first.text.as_str(), "crate" | "self" | "super")
            || semantics
                .symbols_at(file, first)
                .iter()
                .any(|symbol| is_crate_root(symbol));
        let starts_in_scope = from_scope
            && semantics.symbols_at(file, first).iter().any(|symbol| {
                is_module(symbol) && semantics.defining_file(symbol, file, true).is_some()
            });
        if !starts_at_root && !starts_in_scope {
            return None;
        }
    }
    // The deepest segment that names a module. A segment after it, not the last, that
    // rust-analyzer left unresolved may be a module it could not see (`#[cfg]` off): the path
    // is left out. An unresolved last segment is an item of a crate outside the index.
    let keyword = keyword_module(semantics, file, path);
    let after_keywords = keyword.as_ref().map_or(0, |(at, _)| at + 1);
    let deepest = path
        .segments
        .iter()
        .enumerate()
        .skip(after_keywords)
        .rev()
        .find_map(|(at, segment)| {
            let named_from_outside = !matches!(segment.text.as_str(), "crate" | "self" | "super");
            semantics
                .symbols_at(file, segment)
                .iter()
                .filter(|symbol| is_module(symbol))
                .find_map(|symbol| semantics.defining_file(symbol, file, named_from_outside))
                .map(|to| (at, to, segment.line + 1))
        })
        .or_else(|| {
            let (at, symbol) = keyword.as_ref()?;
            let to = semantics.defining_file(symbol, file, false)?;
            Some((*at, to, path.segments.get(*at)?.line + 1))
        });
    let (at, to, line) = deepest?;
    let before_last = path.segments.len().saturating_sub(1).max(at + 1);
    let unresolved_after = path.segments[at + 1..before_last]
        .iter()
        .any(|segment| semantics.symbols_at(file, segment).is_empty());
    (!unresolved_after).then_some((to, line))
}

/// The reference of one written path: the file that defines the item its last segment names.
fn reference_target<'a>(
    semantics: &'a Semantics,
    file: &str,
    path: &WrittenPath,
) -> Option<(&'a str, &'a str)> {
    if path.glob || import_target(semantics, file, path, true).is_none() {
        return None;
    }
    let last = path.segments.last()?;
    semantics
        .symbols_at(file, last)
        .iter()
        .filter(|symbol| !is_module(symbol) && !symbol.starts_with("local "))
        .find_map(|symbol| {
            Some((
                semantics.defining_file(symbol, file, true)?,
                symbol.as_str(),
            ))
        })
}

fn run(repo: &Path, index_path: &Path, reading: Reading) -> Result<(), String> {
    let (semantics, files) = read_semantics(index_path)?;
    let mut edges: BTreeSet<(String, String, String)> = BTreeSet::new();
    let mut unparsed = 0;
    // `RUST_SCIP_DUMP=src/x.rs`: what SCIP says at each position of one file, for reading a
    // difference.
    if let Ok(file) = std::env::var("RUST_SCIP_DUMP") {
        for (position, symbols) in semantics.occurrences.get(&file).into_iter().flatten() {
            println!("{position:?} {symbols:?}");
        }
    }
    if reading == Reading::Files {
        for file in &files {
            println!("{file}");
        }
        return Ok(());
    }
    for file in &files {
        if reading == Reading::AllReferences {
            for symbols in semantics
                .occurrences
                .get(file)
                .into_iter()
                .flat_map(|at| at.values())
            {
                for symbol in symbols {
                    if is_module(symbol) || symbol.starts_with("local ") {
                        continue;
                    }
                    if let Some(to) = semantics.defining_file(symbol, file, true) {
                        edges.insert((file.clone(), to.to_string(), String::new()));
                    }
                }
            }
            continue;
        }
        let Ok(source) = std::fs::read_to_string(repo.join(file)) else {
            unparsed += 1;
            continue;
        };
        let Ok(syntax) = syn::parse_file(&source) else {
            eprintln!("rust_scip: `{file}` does not parse with syn; left out");
            unparsed += 1;
            continue;
        };
        let mut collector = Collector {
            lines: source.lines().collect(),
            paths: Vec::new(),
            scope: Vec::new(),
        };
        collector.visit_file(&syntax);
        for path in &collector.paths {
            let found = match reading {
                Reading::Imports => import_target(&semantics, file, path, false)
                    .map(|(to, line)| (to, format!("\"line\":{line}"))),
                _ => reference_target(&semantics, file, path)
                    .map(|(to, symbol)| (to, format!("\"symbol\":{}", quote(symbol)))),
            };
            if let Some((to, detail)) = found {
                edges.insert((file.clone(), to.to_string(), detail));
            }
        }
    }
    let mut printed = BTreeSet::new();
    for (from, to, detail) in &edges {
        if from == to || !printed.insert((from, to)) {
            continue;
        }
        let detail = if detail.is_empty() {
            String::new()
        } else {
            format!(",{detail}")
        };
        println!("{{\"from\":{},\"to\":{}{detail}}}", quote(from), quote(to));
    }
    eprintln!(
        "rust_scip: {} files in the index, {unparsed} not read, {} edges",
        files.len(),
        printed.len()
    );
    Ok(())
}

fn main() {
    let mut positional: Vec<PathBuf> = Vec::new();
    let mut reading = Reading::Imports;
    for argument in std::env::args().skip(1) {
        match argument.as_str() {
            "--references" => reading = Reading::References,
            "--all-references" => reading = Reading::AllReferences,
            "--files" => reading = Reading::Files,
            _ => positional.push(PathBuf::from(argument)),
        }
    }
    let Some(repo) = positional.first() else {
        eprintln!("usage: rust_scip REPO [INDEX_SCIP] [--references | --all-references | --files]");
        std::process::exit(2);
    };
    let index_path = positional
        .get(1)
        .cloned()
        .unwrap_or_else(|| repo.join("index.scip"));
    if let Err(message) = run(repo, &index_path, reading) {
        eprintln!("rust_scip: {message}");
        std::process::exit(1);
    }
}
