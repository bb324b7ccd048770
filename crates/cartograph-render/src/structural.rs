//! The offline pages: written from the index alone (files, symbols, docs, summaries, the import
//! graph, manifests, the README), every claim carrying a citation that rendering resolves. Also
//! the facts each page depends on, for its inputs hash. No model, no judgement of quality.

use crate::context::Context;
use crate::markdown::{code_span, escape_inline, first_line, first_paragraph, shorten};
use crate::page::{heading, PageKind};
use crate::paths::{link_between, page_path};
use crate::settings_text::sentence;
use cartograph_core::{
    FileMap, ImportKind, Language, Module, RepoPath, SkipReason, Symbol, SymbolKind, Visibility,
};
use cartograph_graph::{in_benchmark_dir, is_benchmark_path, ModuleEdge};
use cartograph_manifest::{Command, Manifest};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write;

/// Tables stop here and say how many rows were left out.
const MAX_ROWS: usize = 100;
/// The languages `index.md` names with their counts; the rest are summed.
const MAX_LANGUAGES_NAMED: usize = 6;
/// The files that use a public name are named up to this many, else counted.
const MAX_USERS_NAMED: usize = 3;
/// The dependency diagram shows at most this many modules, the most central ones.
const MAX_DIAGRAM_MODULES: usize = 40;
const MAX_KEY_SYMBOLS: usize = 30;
/// How many names `defined_names` shows.
const DEFINED_NAMES: usize = 3;

/// Public names shown with signature and doc; the rest of a module's API is a compact list.
/// Public methods named under their type on a module page; the rest are counted.
const MAX_MEMBERS_SHOWN: usize = 16;
/// Definitions shown for constants listed as one entry (go-humanize's seven IEC sizes).
const MAX_GROUP_SIGNATURES: usize = 5;
/// A module's housekeeping files (licences, ignore lists, templates) are one line from this
/// many; a lone one keeps its row.
const MIN_HOUSEKEEPING: usize = 2;
/// At most this many types that implement or extend one are named under it.
const MAX_SUBTYPES_SHOWN: usize = 8;
/// At most this many supertypes of other modules describe a module ("`A`, `B` and 3 more
/// implement `Y`").
const MAX_IMPLEMENTATIONS_SAID: usize = 3;
const MAX_API_DETAILED: usize = 60;
/// Names listed on one dependency line of a module page.
const MAX_CROSSING_NAMES: usize = 12;
/// Modules named in one layer's line of the architecture page.
const MAX_LAYER_MODULES: usize = 40;
/// A module page draws its files from this many code files...
const MIN_DIAGRAM_FILES: usize = 9;
/// ...and its subdirectories instead above this many.
const MAX_DIAGRAM_FILES: usize = 40;
const MAX_ENTRY_POINTS: usize = 20;
const MAX_CENTRAL_FILES: usize = 10;
const MAX_READING_ORDER: usize = 20;

/// Symbol kinds worth listing among a module's key symbols.
const KEY_KINDS: &[SymbolKind] = &[
    SymbolKind::Function,
    SymbolKind::Struct,
    SymbolKind::Class,
    SymbolKind::Enum,
    SymbolKind::Union,
    SymbolKind::Trait,
    SymbolKind::Interface,
    SymbolKind::TypeAlias,
    SymbolKind::Type,
    SymbolKind::Constant,
    SymbolKind::Macro,
];

/// A definition that says what a file offers: a function, a type, a constant, a macro, or a
/// TypeScript namespace with its body (zod's `export namespace util { … }`); not a Rust
/// `mod x;`, which only names another file.
fn is_key_definition(file: &FileMap, symbol: &Symbol) -> bool {
    // A tool's settings (`module.exports = { title: "Immer", … }` in Docusaurus's config) are
    // keys the tool reads, not definitions.
    if symbol.kind == SymbolKind::Constant
        && symbol.parent.is_none()
        && cartograph_graph::is_tool_configuration(file)
    {
        return false;
    }
    if file.language == Language::Go {
        // `init` runs as the package loads; no one calls it by name (chi's `terminal.go` was
        // "Defines `cW` and `init`"). An exported variable is API: `IsTTY`, `ErrNotFound`.
        if symbol.kind == SymbolKind::Function && symbol.name == "init" {
            return false;
        }
        if symbol.kind == SymbolKind::Variable && symbol.visibility == Some(Visibility::Public) {
            return true;
        }
    }
    // A Rust `static` is a variable at one address (once_cell's `static CELL: OnceCell<…>`),
    // as much a definition as a `const`.
    if file.language == Language::Rust && symbol.kind == SymbolKind::Variable {
        return true;
    }
    KEY_KINDS.contains(&symbol.kind)
        || symbol.kind == SymbolKind::Module
            && matches!(file.language, Language::TypeScript | Language::Tsx)
            && symbol.end_line > symbol.line
}

/// The most names a sentence lists before "and N more".
const MAX_NAMES_IN_SENTENCE: usize = 30;

/// File names that usually hold a package's own documentation.
const PRIMARY_FILES: &[&str] = &[
    "lib.rs",
    "mod.rs",
    "main.rs",
    "__init__.py",
    "index.ts",
    "index.js",
    "index.tsx",
    "index.mjs",
    "doc.go",
    "main.go",
    "package-info.java",
    "main.py",
    "__main__.py",
];

/// The offline body of a page, written from the index alone.
pub fn structural_body(kind: &PageKind, index: &crate::DocIndex) -> String {
    body(kind, &Context::new(index))
}

pub(crate) fn body(kind: &PageKind, context: &Context) -> String {
    let page = page_path(kind);
    let writer = Pages {
        context,
        page: &page,
    };
    let mut out = format!("# {}\n\n", heading(kind, context));
    match kind {
        PageKind::Index => writer.index(&mut out),
        PageKind::Architecture => writer.architecture(&mut out),
        PageKind::Module(path) => writer.module(&mut out, path),
        PageKind::Onboarding => writer.onboarding(&mut out),
        PageKind::Dependencies => writer.dependencies(&mut out),
    }
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}

struct Pages<'c, 'a> {
    context: &'c Context<'a>,
    page: &'c str,
}

fn is_flagged(file: &FileMap) -> bool {
    let flags = file.flags;
    flags.generated || flags.vendored || flags.lockfile || flags.never_read()
}

fn flag_note(file: &FileMap) -> Option<&'static str> {
    let flags = file.flags;
    if let Some(reason) = flags.unread {
        return Some(match reason {
            SkipReason::Binary => "Not read: a binary file.",
            SkipReason::InvalidUtf8 => "Not read: not UTF-8 text.",
            SkipReason::Minified => {
                "Not read: its lines are too long to index (minified code or one-line data)."
            }
            _ => "Not read: larger than `max_file_bytes`.",
        });
    }
    if flags.secret {
        // Told by its name alone (`.npmrc`, `cert.pem`): it is never opened, so what it holds
        // is not known.
        Some("Not read: files of this name often hold secrets, so it is listed by path only.")
    } else if flags.generated {
        Some("Generated by a tool, not written by hand.")
    } else if flags.vendored {
        Some("Vendored: a copy of third-party code.")
    } else if flags.lockfile {
        Some(if file.path.file_name() == "go.sum" && file.bytes == 0 {
            "Empty: the module requires no other modules, so there is nothing to check."
        } else if file.path.file_name() == "go.sum" {
            // go.sum holds checksums; the versions are go.mod's (pflag's is empty).
            "Checksums of the module versions the build uses, for Go to verify them."
        } else {
            "Lock file: the exact versions the dependencies resolved to."
        })
    } else {
        None
    }
}

/// "3 imports", "2 imports, and 40 files naming its types in their namespace": what links
/// two modules.
fn edge_count(edge: &ModuleEdge) -> String {
    let imports = edge.count.saturating_sub(edge.namespace_uses) as usize;
    let namespace = edge.namespace_uses as usize;
    let naming = || {
        format!(
            "{} naming its types in their namespace",
            plural(namespace, "file", "files")
        )
    };
    match (imports, namespace) {
        (imports, 0) => plural(imports, "import", "imports"),
        (0, _) => naming(),
        (imports, _) => format!("{}, and {}", plural(imports, "import", "imports"), naming()),
    }
}

/// The modules a `go.mod` requires that only `_test.go` files import (urfave/cli's
/// `github.com/stretchr/testify`, whose README says it has no dependency).
fn go_test_only_modules(context: &Context<'_>) -> BTreeSet<String> {
    let required: BTreeSet<&str> = context
        .manifests
        .iter()
        .filter(|manifest| manifest.ecosystem == "go")
        .flat_map(|manifest| &manifest.dependencies)
        .map(|dependency| dependency.name.as_str())
        .collect();
    if required.is_empty() {
        return BTreeSet::new();
    }
    // Per required module, whether code imports it, and whether tests do.
    let mut uses: BTreeMap<&str, (bool, bool)> = BTreeMap::new();
    for file in context
        .index
        .files
        .iter()
        .filter(|file| file.language == Language::Go)
    {
        let test = file.path.file_name().ends_with("_test.go");
        for import in &file.parsed.imports {
            let raw = import.raw.as_str();
            // The longest module path the import path starts with.
            let module = required
                .iter()
                .filter(|module| {
                    raw == **module
                        || raw
                            .strip_prefix(**module)
                            .is_some_and(|rest| rest.starts_with('/'))
                })
                .max_by_key(|module| module.len());
            if let Some(module) = module {
                let entry = uses.entry(module).or_default();
                if test {
                    entry.1 = true;
                } else {
                    entry.0 = true;
                }
            }
        }
    }
    uses.into_iter()
        .filter(|(_, (code, tests))| *tests && !code)
        .map(|(module, _)| module.to_string())
        .collect()
}

/// A crate a facade crate offers as one of its modules.
struct OfferedCrate<'a> {
    /// What users write: `grep::searcher`.
    path: String,
    /// The crate's own name: `grep_searcher`.
    krate: &'a str,
    /// The module of the repository it is.
    module: &'a str,
    /// The facade's crate root and the line of its `pub extern crate`.
    root: &'a str,
    line: u32,
    /// When it is compiled, as the pages say it ("compiled only with the feature `pcre2`").
    condition: Option<String>,
    /// `pub use x::*`: the public names of the crate's root it passes on, instead of offering
    /// the crate as a module (thiserror's `pub use thiserror_impl::*`: the derive `Error`).
    glob: Option<Vec<&'a str>>,
}

/// `[[path]]`, or the path as code when it cannot be written as a citation.
pub(crate) fn cite(path: &str) -> String {
    if path.contains([']', '|', '\n', '[']) {
        code_span(path)
    } else {
        format!("[[{path}]]")
    }
}

pub(crate) fn cite_line(path: &str, line: Option<u32>) -> String {
    match line {
        Some(line) if !path.contains([']', '|', '\n', '[']) => format!("[[{path}:{line}]]"),
        _ => cite(path),
    }
}

/// "1 line", "40 lines".
fn plural_lines(lines: u64) -> String {
    if lines == 1 {
        "1 line".to_string()
    } else {
        format!("{lines} lines")
    }
}

pub(crate) fn plural(count: usize, one: &str, many: &str) -> String {
    if count == 1 {
        format!("1 {one}")
    } else {
        format!("{count} {many}")
    }
}

/// True when a JavaScript or TypeScript constant's value is a function: `const nanoid = (size
/// = 21) => …`, `const handler: Handler = async function (req) {…}`; not a constant whose type
/// is a function's (chalk's `index.d.ts`: `export const Chalk: new (options?: Options) =>
/// ChalkInstance;`, a class).
fn holds_function(signature: &str) -> bool {
    let bytes = signature.as_bytes();
    let assignment = (0..bytes.len()).find(|&at| {
        bytes[at] == b'='
            && !matches!(bytes.get(at + 1), Some(b'>' | b'='))
            && !matches!(
                at.checked_sub(1).and_then(|before| bytes.get(before)),
                Some(b'!' | b'<' | b'>' | b'=')
            )
    });
    let Some(value) = assignment.and_then(|at| signature.get(at + 1..)) else {
        return false;
    };
    let value = value.trim_start();
    let value = value.strip_prefix("async").map_or(value, str::trim_start);
    value.starts_with("function") || opens_arrow_function(value)
}

/// True when `value` starts with an arrow function: `(size = 21) => …`, `key => …`, `<T>(a:
/// T): T => …`. Not a call that passes one (debug's `Object.keys(…).filter(key => …)`).
fn opens_arrow_function(value: &str) -> bool {
    let is_word = |c: char| c.is_alphanumeric() || c == '_' || c == '$';
    let word_end = value.find(|c: char| !is_word(c)).unwrap_or(value.len());
    if word_end > 0 {
        return value[word_end..].trim_start().starts_with("=>");
    }
    let value = match value.strip_prefix('<') {
        Some(generic) => generic
            .split_once('>')
            .map_or("", |(_, rest)| rest.trim_start()),
        None => value,
    };
    if !value.starts_with('(') {
        return false;
    }
    // A parenthesised function is no parameter list: ky's `supportsRequestStreams = (() => {
    // … })()` holds what the function, called at once, returns.
    let inner = value[1..].trim_start();
    if inner.starts_with('(') || inner.starts_with("function") || inner.starts_with("async") {
        // Unless the function gives a function at once (axios's `getReleaseInfo =
        // ((releaseCache) => async (tag) => {…})({})`).
        return inner.find("=>").is_some_and(|arrow| {
            let body = inner[arrow + 2..].trim_start();
            let body = body.strip_prefix("async").map_or(body, str::trim_start);
            body.starts_with("function") || opens_arrow_function(body)
        });
    }
    let mut depth = 0usize;
    for (at, c) in value.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    // After the parameters, an optional return type, then the arrow.
                    let rest = value[at + 1..].trim_start();
                    return rest.starts_with("=>")
                        || rest.starts_with(':')
                            && rest
                                .split('\n')
                                .next()
                                .is_some_and(|line| line.contains("=>"));
                }
            }
            _ => {}
        }
    }
    // The parameters go on past the signature's line.
    depth > 0
}

/// The type a Go or Rust method's parent names, without pointer or type arguments: `*Table`
/// is `Table`, and `impl<T> Clone for Wi128<T>`'s owner is the file's own `Wi128` (byteorder's
/// test wrapper, inside its `mod test`).
fn method_owner(parent: &str) -> &str {
    let owner = parent.trim_start_matches(['*', '&']);
    owner.split(['<', '[']).next().unwrap_or(owner).trim()
}

/// What a definition of `kind` is called in prose, one and many: a Go named type and a type
/// alias are both types, a method a file exports on its object is a function.
fn kind_nouns(kind: SymbolKind) -> (&'static str, &'static str) {
    match kind {
        SymbolKind::Function | SymbolKind::Method => ("function", "functions"),
        SymbolKind::Class => ("class", "classes"),
        SymbolKind::Struct => ("struct", "structs"),
        SymbolKind::Enum => ("enum", "enums"),
        SymbolKind::Union => ("union", "unions"),
        SymbolKind::Trait => ("trait", "traits"),
        SymbolKind::Interface => ("interface", "interfaces"),
        SymbolKind::Type | SymbolKind::TypeAlias => ("type", "types"),
        SymbolKind::Constant => ("constant", "constants"),
        SymbolKind::Variable => ("variable", "variables"),
        SymbolKind::Macro => ("macro", "macros"),
        SymbolKind::Module => ("module", "modules"),
        SymbolKind::Field => ("field", "fields"),
        SymbolKind::Impl | SymbolKind::Heading => ("definition", "definitions"),
    }
}

/// True when the shorter of two descriptions is (nearly) all words of the longer: "Tiny and
/// elegant HTTP client based on the Fetch API" and "Ky is a tiny and elegant HTTP client based
/// on the Fetch API" say the same.
fn says_the_same(a: &str, b: &str) -> bool {
    let words = |text: &str| -> BTreeSet<String> {
        text.split(|c: char| !c.is_alphanumeric())
            .filter(|word| !word.is_empty())
            .map(str::to_lowercase)
            .collect()
    };
    let (a, b) = (words(a), words(b));
    let (shorter, longer) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if shorter.is_empty() {
        return false;
    }
    let shared = shorter.iter().filter(|word| longer.contains(*word)).count();
    shared * 5 >= shorter.len() * 4
}

/// True when Go file `subject` is built on every system `other` is.
fn go_built_wherever(subject: &FileMap, other: &FileMap) -> bool {
    let systems = |file: &FileMap| {
        cartograph_core::go_build::built_on(
            file.path.file_name(),
            file.parsed.build_constraint.as_deref(),
        )
    };
    match (systems(subject), systems(other)) {
        (None, _) => true,
        (Some(_), None) => false,
        (Some(subject), Some(other)) => other.iter().all(|os| subject.contains(os)),
    }
}

/// "and N more modules." under a module table cut at `shown` rows.
fn more_listed(out: &mut String, listed: &[Listed], shown: usize) {
    let hidden: usize = listed
        .iter()
        .skip(shown)
        .map(|row| match row {
            Listed::Module(_) => 1,
            Listed::Suite(group) => group.modules.len(),
        })
        .sum();
    if hidden > 0 {
        let what = if hidden == 1 { "module" } else { "modules" };
        let _ = writeln!(out, "\nand {hidden} more {what}.");
    }
}

/// A directory with at least this many files nothing describes, or described alike, gets one
/// row for them.
const COLLAPSE_UNDESCRIBED: usize = 8;

/// A directory with at least this many files of test data said alike gets one row for them.
const COLLAPSE_TEST_DATA: usize = 4;

/// Per file of `rows` in a collapsed group, the row that stands for the group and the group's
/// files at its first file (`Some`), or nothing at the others (`None`). A group is at least
/// `COLLAPSE_UNDESCRIBED` files of one directory: all of its files nothing describes (tenacity's 53
/// `releasenotes/notes/*.yaml`: "53 release notes in reno's format, one per change: `a.yaml`,
/// `b.yaml` and 51 more.", instead of 53 rows of "—"), or its files said the same way
/// (jcommander's checked-in Javadoc, a hundred rows of "Generated by a tool, not written by
/// hand.").
fn collapsed_dirs<'f>(rows: &[(&'f FileMap, Option<String>)]) -> BTreeMap<&'f str, Collapsed<'f>> {
    // Per directory and description, the rows said so.
    type Rows<'r, 'f> = Vec<&'r (&'f FileMap, Option<String>)>;
    let mut groups: BTreeMap<(&str, Option<&str>), Rows<'_, 'f>> = BTreeMap::new();
    for row in rows {
        // The files of a family (`file_families`) each say their own names after what they
        // share; they group by what they share.
        let key = row.1.as_deref().map(|about| {
            about
                .split_once(FAMILY_SEPARATOR)
                .filter(|(head, _)| head.starts_with("One of "))
                .map_or(about, |(head, _)| head)
        });
        groups
            .entry((row.0.path.parent(), key))
            .or_default()
            .push(row);
    }
    let mut collapsed = BTreeMap::new();
    for ((dir, shared), files) in groups {
        // A family of files (`file_families`) is one row from its smallest size.
        let family_of = |count: usize| format!("One of {count} files");
        let least = match shared {
            Some(shared) if shared.starts_with(&family_of(files.len())) => MIN_FAMILY,
            // godotenv's eight `fixtures/*.env`, each "Test data, under `fixtures/`. Used by
            // [[godotenv_test.go]].": a row each said nothing the group's row does not.
            Some(shared) if shared.starts_with("Test data") => COLLAPSE_TEST_DATA,
            // trybuild's cases and their expected errors (`crate::trybuild`).
            Some(shared) if crate::trybuild::is_case_description(shared) => COLLAPSE_TEST_DATA,
            // tomli's seven vendored `local-time/*.toml`: what a flag says of one file it
            // says of each.
            Some(_) if files.iter().all(|(file, _)| is_flagged(file)) => COLLAPSE_TEST_DATA,
            _ => COLLAPSE_UNDESCRIBED,
        };
        if files.len() < least {
            continue;
        }
        // Undescribed files collapse only when the whole directory is (a secret among them
        // keeps its own row, and so does the directory).
        if shared.is_none()
            && (rows
                .iter()
                .any(|(file, about)| file.path.parent() == dir && about.is_some())
                || files.iter().any(|(file, _)| file.flags.never_read()))
        {
            continue;
        }
        // Images said "text" in a group row beside a lone image said "binary" (qs's logos).
        let mut languages: Vec<String> = files
            .iter()
            .map(|(file, _)| {
                if is_binary_file(file) {
                    "binary".to_string()
                } else {
                    file.language.to_string()
                }
            })
            .collect();
        languages.sort();
        languages.dedup();
        let language = match languages.as_slice() {
            [only] => only.clone(),
            _ => "mixed".to_string(),
        };
        let lines = if files.iter().any(|(file, _)| file.flags.never_read()) {
            "—".to_string()
        } else {
            files
                .iter()
                .map(|(file, _)| u64::from(file.lines))
                .sum::<u64>()
                .to_string()
        };
        let names: Vec<String> = files
            .iter()
            .take(2)
            .map(|(file, _)| code_span(file.path.file_name()))
            .collect();
        let listed = format!(
            "{}, {} and {} more",
            names[0..1].join(""),
            names[1..].join(""),
            files.len() - 2
        );
        let family = shared.and_then(|shared| shared.strip_prefix(&family_of(files.len())));
        let about = if let Some(rest) = family {
            // A family of files (`file_families`) says what they have in common itself, then
            // its first file's names as an example.
            let example = files
                .first()
                .and_then(|(_, about)| about.as_deref())
                .and_then(|about| about.split_once(FAMILY_SEPARATOR))
                .map(|(_, names)| format!(": {names}"))
                .unwrap_or_default();
            format!("{} files ({listed}){rest}{example}", files.len())
        } else if let Some(shared) = shared {
            format!("{} files ({listed}), each: {shared}", files.len())
        } else if dir.ends_with("releasenotes/notes") && language == "yaml" {
            format!(
                "{} release notes in reno's format, one per change: {listed}.",
                files.len()
            )
        } else {
            format!("{} files without a description: {listed}.", files.len())
        };
        let link = if dir.is_empty() {
            "(top level)".to_string()
        } else {
            code_span(&format!("{dir}/"))
        };
        let row = format!("| {link} | {language} | {lines} | {about} |\n");
        let members: Vec<&FileMap> = files.iter().map(|(file, _)| *file).collect();
        let mut row = Some((row, members));
        for (file, _) in &files {
            collapsed.insert(file.path.as_str(), row.take());
        }
    }
    collapsed
}

/// A collapsed group's row and files, at its first file (`collapsed_dirs`).
type Collapsed<'f> = Option<(String, Vec<&'f FileMap>)>;

/// One row of a module's file table and the files it stands for.
struct FileRow<'f> {
    text: String,
    files: Vec<&'f FileMap>,
}

/// The rows of a file table cut to `MAX_ROWS`: when they do not all fit, the rows of code
/// files are kept first (tomli's three test modules had been left out behind a hundred rows of
/// TOML test data), then those of files not read, the others in order after them; shown in
/// their own order. The files of
/// the rows left out come second.
fn rows_shown<'f>(rows: Vec<FileRow<'f>>) -> (Vec<FileRow<'f>>, Vec<&'f FileMap>) {
    if rows.len() <= MAX_ROWS {
        return (rows, Vec::new());
    }
    // Code first; then the files not read, which the index says are listed here.
    let rank = |row: &FileRow<'_>| {
        if row.files.iter().all(|file| file.language.is_code()) {
            0
        } else if row.files.iter().any(|file| file.flags.never_read()) {
            1
        } else {
            2
        }
    };
    let mut order: Vec<usize> = (0..rows.len()).collect();
    order.sort_by_key(|&at| rank(&rows[at]));
    let mut kept: Vec<usize> = order.into_iter().take(MAX_ROWS).collect();
    kept.sort_unstable();
    let mut shown = Vec::new();
    let mut hidden = Vec::new();
    let mut next = kept.iter().peekable();
    for (at, row) in rows.into_iter().enumerate() {
        if next.peek() == Some(&&at) {
            next.next();
            shown.push(row);
        } else {
            hidden.extend(row.files);
        }
    }
    (shown, hidden)
}

/// "and 879 more files: 870 toml and 9 binary." under a file table that left them out.
fn more_files(out: &mut String, hidden: &[&FileMap]) {
    if hidden.is_empty() {
        return;
    }
    let mut by_language: BTreeMap<String, usize> = BTreeMap::new();
    for file in hidden {
        let language = if is_binary_file(file) {
            "binary".to_string()
        } else {
            file.language.to_string()
        };
        *by_language.entry(language).or_default() += 1;
    }
    let mut counts: Vec<(String, usize)> = by_language.into_iter().collect();
    counts.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let said: Vec<String> = counts
        .iter()
        .map(|(language, count)| format!("{count} {language}"))
        .collect();
    let what = if hidden.len() == 1 { "file" } else { "files" };
    let _ = writeln!(
        out,
        "\nand {} more {what}: {}.",
        hidden.len(),
        join_and(&said)
    );
}

fn more_rows(out: &mut String, total: usize, shown: usize, what: &str) {
    if total > shown {
        let _ = writeln!(out, "\nand {} more {what}.", total - shown);
    }
}

fn escape_all(text: &str) -> String {
    escape_inline(text).replace('`', "\\`")
}

fn mermaid_label(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        match c {
            '#' => out.push_str("#35;"),
            '"' => out.push_str("#quot;"),
            '<' => out.push_str("#lt;"),
            '>' => out.push_str("#gt;"),
            '`' => out.push_str("#96;"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

fn module_label(path: &str) -> String {
    if path.is_empty() {
        "(root)".to_string()
    } else {
        path.to_string()
    }
}

impl<'c, 'a> Pages<'c, 'a> {
    fn files_of(&self, module: &'a Module) -> Vec<&'a FileMap> {
        module
            .files
            .iter()
            .filter_map(|path| self.context.file(path.as_str()))
            .collect()
    }

    fn module_link(&self, path: &str) -> String {
        let target = page_path(&PageKind::Module(path.to_string()));
        let text = if path.is_empty() {
            "(root)".to_string()
        } else {
            code_span(path)
        };
        format!("[{text}]({})", link_between(self.page, &target))
    }

    fn page_link(&self, text: &str, kind: &PageKind) -> String {
        format!("[{text}]({})", link_between(self.page, &page_path(kind)))
    }

    /// One line about a file: its summary, else its doc comment, else why it is flagged, else
    /// what it defines; after when it is built, for a Go file not in every default build.
    fn describe_file(&self, file: &FileMap) -> Option<String> {
        crate::build_tags::described(
            file,
            self.context
                .rust_conditions
                .get(file.path.as_str())
                .map(Vec::as_slice),
            self.describe_file_unnoted(file),
        )
    }

    fn describe_file_unnoted(&self, file: &FileMap) -> Option<String> {
        // thiserror's `tests/ui/*.rs`: what each is for, the same for each (one row for all).
        if let Some(case) = self.context.trybuild_case(file.path.as_str()) {
            let expected = match case.expect {
                crate::trybuild::Expect::CompileFail => "fail to compile",
                crate::trybuild::Expect::Pass => "compile and run",
            };
            return Some(format!(
                "{} {expected}: {} checks it with trybuild.",
                crate::trybuild::CASE_LEAD,
                cite(&case.driver)
            ));
        }
        // A file of a family is said as the family is, the same way for each (so that its
        // module's file table makes them one row).
        if file.parsed.doc.is_none() && self.context.summary(&file.path).is_none() {
            let families = self
                .context
                .families
                .get_or_init(|| file_families(self.context.index.files));
            if let Some(family) = families.get(file.path.as_str()) {
                return Some(family.to_string());
            }
        }
        // A file said by nothing but the project's tagline says that (a Go `doc.go`).
        let described = self.describe_file_own(file).or_else(|| {
            self.file_doc(file)
                .filter(|(doc, _)| !crate::markdown::is_list_doc(doc))
                .and_then(|(doc, _)| first_line(doc, 160))
                .map(|text| escape_inline(&text))
        });
        // What runs it, after what it is (pino's `build/sync-version.js`, which defines
        // nothing, was an empty row).
        let described = match (described, self.run_by(file)) {
            (Some(text), Some(run_by)) => Some(format!("{} {run_by}", sentence(&text))),
            (described, run_by) => described.or(run_by),
        };
        // A data file, after what it is, says which code names it (echo's
        // `_fixture/certs/cert.pem` was an empty row).
        let described = match (described, self.data_users(file)) {
            (Some(text), Some(users)) => Some(format!("{} {users}", sentence(&text))),
            (described, users) => described.or(users),
        };
        // A Go file with names of its own that also adds methods to a type of another file
        // (cobra's `bash_completions.go`: `Command.GenBashCompletion`) says both.
        if described.is_some() && self.has_public_top_level(file) {
            if let Some(methods) = self.other_types_methods(file) {
                return described
                    .map(|text| format!("{} Adds methods to {methods}.", text.trim_end()));
            }
        }
        described
    }

    /// `text`, then what other files call of `file` (`Context::callers_note`).
    fn with_callers(&self, file: &FileMap, text: String) -> String {
        let Some(&file) = self.context.files.get(file.path.as_str()) else {
            return text;
        };
        match self.context.callers_note(file) {
            // A doc without a full stop ends before the note (p-queue's `lowerBound`: "… after
            // insertion Traced calls …").
            Some(note) => format!("{} {note}", sentence(&text)),
            None => text,
        }
    }

    fn describe_file_own(&self, file: &FileMap) -> Option<String> {
        let described = self.described_by_content(file);
        // A program said only by the names it defines is said by its flags instead; a doc
        // (click's `repo.py`: "`cli`: Repo is a command line tool …") says more than they do.
        match described {
            Some(text) if !text.starts_with("Defines ") => Some(text),
            described => self.command_description(file).or(described),
        }
    }

    fn described_by_content(&self, file: &FileMap) -> Option<String> {
        self.describe_file_doc(file)
            .or_else(|| java_module_description(file))
            .or_else(|| self.snapshot_description(file))
            .or_else(|| self.listed_in_readme(file.path.as_str()))
            .or_else(|| self.named_document(file.path.as_str()))
            .or_else(|| self.test_file_description(file))
            .or_else(|| self.test_crate_description(file))
            .or_else(|| go_examples_description(file))
            .or_else(|| self.go_benchmarks_description(file))
            .or_else(|| test_blocks_description(file))
            .or_else(|| self.facade_description(file))
            .or_else(|| self.script_description(file))
            .or_else(|| self.methods_of_other_types(file))
            // An example that defines only its `main` is said by what it uses (indicatif's
            // seventeen examples were "Defines `main`.").
            .or_else(|| {
                let only_main = file.parsed.symbols.iter().all(|symbol| {
                    !cartograph_graph::is_top_level(file, symbol)
                        || !is_key_definition(file, symbol)
                        || symbol.name == "main"
                });
                only_main.then(|| self.usage_description(file)).flatten()
            })
            // A file said only by the names it defines says where other files call it.
            .or_else(|| {
                self.sole_definition(file)
                    .or_else(|| self.undocumented_type(file))
                    .map(|text| self.with_callers(file, text))
            })
            .or_else(|| {
                self.defined_names(file)
                    .map(|text| self.with_callers(file, text))
            })
            // A script that builds and tests nothing, by the programs it runs, once its
            // functions have had their say.
            .or_else(|| self.other_programs(file))
            .or_else(|| reexported_files(file))
            .or_else(|| ruby_loader_description(file))
            .or_else(|| impls_description(file))
            .or_else(|| self.usage_description(file))
            .or_else(|| python_main_description(file))
            .or_else(|| fixture_description(file))
            .or_else(|| self.expected_output_description(file))
            .or_else(|| package_marker_description(file))
            .or_else(|| tool_configuration_description(file))
    }

    /// A program by the command-line flags it defines and what its `main` calls of the
    /// project (godotenv's `cmd/godotenv/cmd.go` was "Defines the function `main`."): "A
    /// command line with the flags `-h` (show help), `-f` (comma separated paths to .env files)
    /// and `-o` (override existing .env variables); `main` calls `godotenv.Exec`."
    fn command_description(&self, file: &FileMap) -> Option<String> {
        const MAX_FLAGS_SHOWN: usize = 6;
        const MAX_CALLS_SHOWN: usize = 3;
        if cartograph_graph::is_test_path(&file.path) {
            return None;
        }
        // Options, once each (click's subcommands may each take a `--verbose`); positional
        // arguments are named by the program's variables, not typed by its users.
        let mut flags: Vec<&cartograph_core::CommandFlag> = Vec::new();
        for flag in file.parsed.command_flags.iter() {
            if flag.name.starts_with('-') && !flags.iter().any(|seen| seen.name == flag.name) {
                flags.push(flag);
            }
        }
        if flags.is_empty() {
            return None;
        }
        let shown: Vec<String> = flags
            .iter()
            .take(MAX_FLAGS_SHOWN)
            .map(
                |flag| match flag.help.as_deref().and_then(first_help_sentence) {
                    Some(help) => format!("{} ({})", code_span(&flag.name), escape_inline(&help)),
                    None => code_span(&flag.name),
                },
            )
            .collect();
        let what = if flags.len() == 1 { "flag" } else { "flags" };
        let listed = listing(
            &format!("A command line with the {what}"),
            &shown,
            flags.len() - shown.len(),
            "more",
        );
        let main = file.parsed.symbols.iter().position(|symbol| {
            symbol.name == "main" && symbol.parent.is_none() && symbol.kind == SymbolKind::Function
        });
        let calls = match (main, self.context.files.get(file.path.as_str())) {
            (Some(main), Some(&file)) => self.context.calls_elsewhere(file, main),
            _ => Vec::new(),
        };
        if calls.is_empty() {
            return Some(listed);
        }
        let calls = listing_first("", &calls, MAX_CALLS_SHOWN);
        Some(format!(
            "{}; `main` calls{}",
            listed.trim_end_matches('.'),
            calls
        ))
    }

    /// What a test file holds: the file it is named after ("Tests [[client.go]]"), how many
    /// tests a runner collects from it and the project's names they use, the least used
    /// first (what the tests single out): "Tests [[client.go]]: 41 tests, using
    /// `NewClient`, `Client` and 12 more.", "36 tests, using `InMemoryTerm`, `ProgressBar`
    /// and 4 more.".
    fn test_file_description(&self, file: &FileMap) -> Option<String> {
        // A JavaScript test file is about what its blocks' titles say (koa's "Tests
        // “app.respond”"), where no file is named after its subject.
        let tested = self
            .tested_subject(file)
            .or_else(|| test_blocks_description(file));
        let count = self.tests_of(file);
        let macros = file.parsed.test_macros as usize;
        // A Go test file of helpers only tests nothing itself (resty's `resty_test.go` holds
        // the test servers and assertions the others share): what it defines says it.
        let go_helpers = file.language == Language::Go
            && count == 0
            && file
                .parsed
                .symbols
                .iter()
                .any(|symbol| symbol.parent.is_none())
            && !file.parsed.symbols.iter().any(|symbol| {
                symbol.parent.is_none()
                    && ["Test", "Fuzz", "Benchmark", "Example"]
                        .iter()
                        .any(|prefix| symbol.name.starts_with(prefix))
            });
        if go_helpers {
            return None;
        }
        // itsdangerous's `test_url_safe.py`: classes built on another file's test classes, whose
        // tests pytest runs again for each (130 tests, none written in the file).
        let inherited = python_inherited_test_bases(file);
        if count == 0 && !inherited.is_empty() && cartograph_graph::is_test_path(&file.path) {
            let bases: Vec<String> = inherited.iter().map(|base| code_span(base)).collect();
            let what = format!(
                "runs the tests its classes inherit from {}",
                join_and(&bases)
            );
            return Some(match tested {
                Some(tested) => format!("{}: {what}.", tested.trim_end_matches('.')),
                None => format!("{}.", upper_first(&what)),
            });
        }
        let benchmarks = go_benchmarks(file);
        if count == 0
            && macros == 0
            && !benchmarks.is_empty()
            && cartograph_graph::is_test_path(&file.path)
        {
            // logrus's `entry_bench_test.go` was "Benchmarks of [[entry.go]]." and no more:
            // its benchmarks by name, and what they use.
            let counted = self.go_benchmarks_description(file);
            return match (tested, counted) {
                (Some(tested), Some(counted)) => {
                    Some(format!("{}: {counted}", tested.trim_end_matches('.')))
                }
                (tested, counted) => counted.or(tested),
            };
        }
        if (count == 0 && macros == 0) || !cartograph_graph::is_test_path(&file.path) {
            return tested;
        }
        // bytes' `tests/test_buf.rs` writes 2 tests and has `buf_tests!` write 875 more.
        let counted = match (count, macros) {
            // httparse's `tests/uri.rs`: every test is written by its `req!` macro.
            (0, 1) => "the tests a macro in it generates".to_string(),
            (0, _) => "the tests macros in it generate".to_string(),
            _ => with_generated(
                with_disabled(
                    self.at_least(&[file])
                        + &plural(count, "test", "tests")
                        + &tests_named(file, count),
                    count,
                    file.parsed.disabled_tests as usize,
                ),
                macros,
            ),
        };
        // logrus's `logger_bench_test.go` beside its tests: `go test -bench` runs these; and
        // the examples `go test` compiles (and runs, with an `// Output:` comment), which
        // golang-lru's `expirable_lru_test.go` holds beside its tests.
        let mut extra: Vec<String> = Vec::new();
        if !benchmarks.is_empty() {
            extra.push(plural(benchmarks.len(), "benchmark", "benchmarks"));
        }
        let examples = go_example_count(file);
        if examples > 0 {
            extra.push(plural(examples, "example", "examples"));
        }
        let counted = match extra.as_slice() {
            [] => counted,
            [only] => format!("{counted} and {only}"),
            [first, second] => format!("{counted}, {first} and {second}"),
            _ => counted,
        };
        let used = self.names_tests_use(file);
        // Go's and Rust's method calls are found only where the value's type is certain
        // (uuid's `test.nullUUID.MarshalText()` is not): a count of them is a floor.
        let floor = matches!(file.language, Language::Go | Language::Rust);
        let counted = match used.len() {
            0 => counted,
            over if over > 3 && floor => format!(
                "{counted}, using {} and at least {} more",
                used[..3].join(", "),
                over - 3
            ),
            _ => {
                let listed = listing_first("", &used, 3);
                format!("{counted}, using{}", listed.trim_end_matches('.'))
            }
        };
        Some(match tested {
            Some(tested) => format!("{}: {counted}.", tested.trim_end_matches('.')),
            None => format!("{}.", upper_first(&counted)),
        })
    }

    /// A Rust test crate made only of `mod` declarations, by the files it compiles and the
    /// tests they hold: serde_json's `tests/lexical.rs` (`#[path = "lexical/float.rs"] mod
    /// float;` and six more, and `#[path = "../src/lexical/mod.rs"] mod lexical;`) was an
    /// empty row: "Compiles the 7 files of `tests/lexical/` (35 tests) into one test crate,
    /// with [[src/lexical/mod.rs]]."
    fn test_crate_description(&self, file: &FileMap) -> Option<String> {
        if file.language != Language::Rust
            || !cartograph_graph::is_test_path(&file.path)
            || file.parsed.test_functions > 0
            || file.parsed.symbols.iter().any(|symbol| {
                cartograph_graph::is_top_level(file, symbol) && symbol.kind != SymbolKind::Module
            })
        {
            return None;
        }
        let compiled: Vec<&FileMap> = file
            .parsed
            .imports
            .iter()
            .filter(|import| import.kind == cartograph_core::ImportKind::ModDeclaration)
            .filter_map(|import| self.context.file(import.resolved.as_ref()?.as_str()))
            .collect();
        let (tests, code): (Vec<&FileMap>, Vec<&FileMap>) = compiled
            .into_iter()
            .partition(|compiled| cartograph_graph::is_test_path(&compiled.path));
        if tests.is_empty() {
            return None;
        }
        let count: usize = tests
            .iter()
            .map(|test| test.parsed.test_functions as usize)
            .sum();
        let dirs: BTreeSet<&str> = tests.iter().map(|test| test.path.parent()).collect();
        let files = match (tests.as_slice(), dirs.iter().next()) {
            ([one], _) => cite(one.path.as_str()),
            (_, Some(dir)) if dirs.len() == 1 => {
                format!("the {} files of `{dir}/`", tests.len())
            }
            _ => format!("{} test files", tests.len()),
        };
        let counted = match count {
            0 => String::new(),
            count => format!(
                " ({}{})",
                self.at_least(&tests),
                plural(count, "test", "tests")
            ),
        };
        let with = match code.len() {
            0 => String::new(),
            _ => {
                let cited: Vec<String> = code.iter().map(|code| cite(code.path.as_str())).collect();
                format!(", with {}", join_and(&cited))
            }
        };
        Some(format!(
            "Compiles {files}{counted} into one test crate{with}."
        ))
    }

    /// The tests a Python file's test classes inherit from mixins that other files define
    /// (cachetools' `class LRUCacheTest(unittest.TestCase, CacheTestMixin)`, with the 16 tests
    /// of `CacheTestMixin` in `tests/__init__.py`, imported): how many the runner collects
    /// through them, and whether every base the file does not define was found among what it
    /// imports. A base named as a test class (`TestSerializer`) is collected where it is
    /// imported too, so it leaves the count open.
    fn python_mixin_tests(&self, file: &FileMap) -> (usize, bool) {
        if file.language != Language::Python {
            return (0, true);
        }
        let mut tests = 0;
        let mut found = true;
        for class in file.parsed.symbols.iter().filter(|symbol| {
            symbol.kind == SymbolKind::Class
                && symbol.parent.is_none()
                && (symbol.name.starts_with("Test") || symbol.signature.contains("TestCase"))
        }) {
            for base in python_class_bases(&class.signature) {
                if UNITTEST_BASES.contains(&base) || defines_class(file, base) {
                    continue;
                }
                match (base.starts_with("Test"), self.class_tests(file, base, 0)) {
                    (false, Some(count)) => tests += count,
                    _ => found = false,
                }
            }
        }
        (tests, found)
    }

    /// The tests of the class `name`, which `file` defines or imports: its own `test…`
    /// methods and those of its bases in turn; `None` when neither holds it.
    fn class_tests(&self, file: &FileMap, name: &str, depth: usize) -> Option<usize> {
        const MAX_DEPTH: usize = 4;
        if depth > MAX_DEPTH {
            return None;
        }
        let holder = if defines_class(file, name) {
            file
        } else {
            file.parsed
                .imports
                .iter()
                .filter_map(|import| self.context.file(import.resolved.as_ref()?.as_str()))
                .find(|target| defines_class(target, name))?
        };
        let symbols = &holder.parsed.symbols;
        let class = symbols.iter().find(|symbol| {
            symbol.kind == SymbolKind::Class
                && symbol.parent.is_none()
                && symbol.name.as_str() == name
        })?;
        let mut tests = symbols
            .iter()
            .filter(|symbol| {
                symbol.kind == SymbolKind::Method
                    && symbol.parent.as_deref() == Some(name)
                    && symbol.name.starts_with("test")
            })
            .count();
        for base in python_class_bases(&class.signature) {
            if !UNITTEST_BASES.contains(&base) {
                tests += self.class_tests(holder, base, depth + 1)?;
            }
        }
        Some(tests)
    }

    /// The tests a runner collects from `file`: its own, and those its Python test classes
    /// inherit from mixins of other files.
    fn tests_of(&self, file: &FileMap) -> usize {
        file.parsed.test_functions as usize + self.python_mixin_tests(file).0
    }

    /// "at least " before a count of tests when pytest runs some of them more than once
    /// than their functions say: a test that takes a fixture with `params=` (of its file or
    /// a `conftest.py` above it), or one of anyio's backend fixtures, or a file marked for
    /// anyio (`ParsedFile::multiplying_fixtures`).
    fn at_least(&self, files: &[&FileMap]) -> String {
        let multiplied = files.iter().any(|file| {
            // Tests inherited from a base no import shows.
            if !self.python_mixin_tests(file).1 {
                return true;
            }
            // Every test of the file may run more than once (anyio's marker; JavaScript tests
            // registered in a loop or a helper).
            let own = &file.parsed.multiplying_fixtures;
            if own.iter().any(|name| name == "*") {
                return true;
            }
            if file.language != Language::Python {
                return false;
            }
            // Names that multiply (`client`), and `name<parameter` edges (`client<backend`).
            let mut names: Vec<String> = Vec::new();
            let mut edges: Vec<(String, String)> = Vec::new();
            let mut add = |entries: &[String]| {
                for entry in entries {
                    match entry.split_once('<') {
                        Some((name, parameter)) => {
                            edges.push((name.to_string(), parameter.to_string()));
                        }
                        None => names.push(entry.clone()),
                    }
                }
            };
            add(own);
            let dirs = std::iter::successors(Some(file.path.parent()), |dir| {
                (!dir.is_empty()).then(|| dir.rsplit_once('/').map_or("", |(up, _)| up))
            });
            for dir in dirs {
                let conftest = if dir.is_empty() {
                    "conftest.py".to_string()
                } else {
                    format!("{dir}/conftest.py")
                };
                if let Some(conftest) = self.context.file(&conftest) {
                    add(&conftest.parsed.multiplying_fixtures);
                }
            }
            if names
                .iter()
                .any(|name| name == cartograph_core::AUTOUSE_MULTIPLIES)
            {
                return true;
            }
            names.extend(cartograph_core::ANYIO_FIXTURES.map(str::to_string));
            // A name's parameters: the file's edges, else its signature's first line.
            let first_line_parameters = |symbol: &Symbol| -> Vec<String> {
                symbol
                    .signature
                    .split_once('(')
                    .map_or("", |(_, rest)| rest)
                    .split(|c: char| !(c.is_alphanumeric() || c == '_'))
                    .filter(|word| !word.is_empty())
                    .map(str::to_string)
                    .collect()
            };
            let takes = |name: &str, signature: &[String], names: &[String]| {
                edges
                    .iter()
                    .any(|(from, parameter)| from == name && names.contains(parameter))
                    || signature.iter().any(|word| names.contains(word))
            };
            let functions: Vec<(&str, Vec<String>)> = file
                .parsed
                .symbols
                .iter()
                .filter(|symbol| matches!(symbol.kind, SymbolKind::Function | SymbolKind::Method))
                .map(|symbol| (symbol.name.as_str(), first_line_parameters(symbol)))
                .collect();
            // Grown to a fixed point over the file's own fixtures (starlette's
            // `test_routing.py`: `client(test_client_factory)`, then `test_router(client)`).
            loop {
                let before = names.len();
                for (name, signature) in &functions {
                    if !name.starts_with("test")
                        && !names.iter().any(|known| known == name)
                        && takes(name, signature, &names)
                    {
                        names.push(name.to_string());
                    }
                }
                if names.len() == before {
                    break;
                }
            }
            functions
                .iter()
                .any(|(name, signature)| name.starts_with("test") && takes(name, signature, &names))
        });
        if multiplied {
            "at least ".to_string()
        } else {
            String::new()
        }
    }

    /// A Go test file of benchmarks alone, by their count, names and what they use: "2
    /// benchmarks, `BenchmarkErrors` and `BenchmarkStackFormatting`, using `New` and
    /// `Errorf`." (pkg/errors' `bench_test.go` was said by its helpers, "Defines `noErrors`,
    /// `yesErrors`, `GlobalE` and 2 more").
    fn go_benchmarks_description(&self, file: &FileMap) -> Option<String> {
        let benchmarks = go_benchmarks(file);
        if benchmarks.is_empty() || file.parsed.test_functions > 0 {
            return None;
        }
        let names: Vec<String> = benchmarks.iter().map(|name| code_span(name)).collect();
        let counted = format!(
            "{}, {}",
            plural(benchmarks.len(), "benchmark", "benchmarks"),
            listing_first("", &names, 3).trim().trim_end_matches('.')
        );
        let used = self.names_tests_use(file);
        Some(match used.len() {
            0 => format!("{counted}."),
            _ => {
                format!(
                    "{counted}, using{}",
                    listing_first("", &used, 3).trim_end_matches('.')
                ) + "."
            }
        })
    }

    /// The names of the project's own code (tests and examples aside) a test file or an
    /// example uses: those of the file a test is named after first, constants and variables
    /// last, else the least used elsewhere first.
    fn names_tests_use(&self, file: &FileMap) -> Vec<String> {
        let subject = self.tested_file(file).map(|tested| tested.path.as_str());
        let Some(uses) = self.context.uses.get(file.path.as_str()) else {
            return Vec::new();
        };
        // Constants and variables after functions and types (pflag's tests all use
        // `ContinueOnError`).
        let is_value = |file: &FileMap, name: &str| {
            file.parsed.symbols.iter().any(|symbol| {
                symbol.name.as_str() == name
                    && matches!(symbol.kind, SymbolKind::Constant | SymbolKind::Variable)
            })
        };
        let mut names: Vec<(bool, bool, usize, &str)> = Vec::new();
        for (to, used) in uses {
            let Some(target) = self.context.file(to) else {
                continue;
            };
            if cartograph_graph::is_test_path(&target.path)
                || in_example_suite(&target.path)
                || (is_flagged(target) && !is_generated_code(target))
            {
                continue;
            }
            for name in used {
                let users = self.users_of(target, name);
                names.push((Some(*to) != subject, is_value(target, name), users, name));
            }
        }
        names.sort();
        let mut shown: Vec<String> = Vec::new();
        for (_, _, _, name) in names {
            let name = code_span(name);
            if !shown.contains(&name) {
                shown.push(name);
            }
        }
        shown
    }

    /// "Tests [[client.go]].": the file a test is named after, when there is one.
    fn tested_subject(&self, file: &FileMap) -> Option<String> {
        let tested = self.tested_file(file)?;
        let stem = file.path.file_name().split('.').next().unwrap_or_default();
        let what = if stem.ends_with("_bench_test") || stem.ends_with("_benchmark_test") {
            "Benchmarks of"
        } else if stem.ends_with("_example_test") {
            "Examples of"
        } else {
            "Tests"
        };
        // A test named after a package whose front defines nothing (uvicorn's
        // `test_lifespan.py` and the empty `lifespan/__init__.py`) or declares what the package
        // offers from its other files (pytest-mock's `__all__`, of names `plugin.py` defines)
        // tests the package's files, not its front.
        let front = tested
            .path
            .file_name()
            .split('.')
            .next()
            .unwrap_or_default();
        if matches!(front, "__init__" | "mod" | "index")
            && !stem.ends_with(front)
            && !tested.path.parent().is_empty()
            && (tested.parsed.symbols.is_empty()
                || tested
                    .parsed
                    .exports
                    .as_ref()
                    .is_some_and(|exports| !exports.is_empty()))
        {
            let noun = if tested.language == Language::Python {
                "package"
            } else {
                "module"
            };
            return Some(format!(
                "{what} the {noun} {}.",
                code_span(tested.path.parent())
            ));
        }
        Some(format!("{what} {}.", cite(tested.path.as_str())))
    }

    /// What a README's list says of the file (chi's `_examples/README.md` of
    /// `fileserver/main.go`: "Easily serve static files").
    fn listed_in_readme(&self, path: &str) -> Option<String> {
        let (text, _) = self.context.listed_in_readmes.get(path)?;
        first_line(text, 160).map(|text| escape_inline(&text))
    }

    /// The opening sentence of the hand-written document named after the file, cited
    /// (starlette's `routing.py`: "Starlette has a simple but capable request routing system.
    /// [[docs/routing.md]]").
    fn named_document(&self, path: &str) -> Option<String> {
        let (text, document) = self.context.named_documents.get(path)?;
        Some(format!(
            "{} {}",
            escape_inline(text),
            cite(document.as_str())
        ))
    }

    /// A shell script without a doc, by the build and test commands it runs (bytes'
    /// `ci/miri.sh`: "Runs `cargo miri setup`, `cargo miri test` and 2 more build or test
    /// commands."), and how many more it runs only under a condition (bytes'
    /// `ci/test-stable.sh`, which checks benchmarks only on nightly).
    fn script_description(&self, file: &FileMap) -> Option<String> {
        const SHOWN: usize = 2;
        if file.language != Language::Bash {
            return None;
        }
        let text = self.context.index.texts.get(&file.path)?;
        let script = cartograph_manifest::script_steps(text);
        let first = |commands: &[String]| -> Vec<String> {
            commands
                .iter()
                .take(SHOWN)
                .map(|command| code_span_cut(command))
                .collect()
        };
        let shown = first(&script.steps);
        // The commands counted are its build and test commands, not every command (bytes'
        // `rustup component add miri` is neither): the count says so.
        let mut listed = match script.steps.len().saturating_sub(SHOWN) {
            _ if shown.is_empty() => return None,
            0 => join_and(&shown),
            1 => format!("{} and 1 more build or test command", shown.join(", ")),
            more => format!(
                "{} and {more} more build or test commands",
                shown.join(", ")
            ),
        };
        // The other programs it runs too (itsdangerous's `on-create-command.sh`: `uv sync`,
        // then `pre-commit install --install-hooks`).
        if !script.others.is_empty() {
            let others = first(&script.others);
            let _ = match script.others.len().saturating_sub(SHOWN) {
                0 => write!(listed, "; also {}", join_and(&others)),
                more => write!(listed, "; also {} and {more} more", others.join(", ")),
            };
        }
        // `conditional` counts the steps under an `if` and those in a loop alike (parking_lot's
        // `ci/miri.sh` runs `cargo miri test` for each of five features, no condition).
        match script.conditional + script.conditional_others.len() {
            0 => {}
            1 => listed.push_str("; 1 more under a condition or in a loop"),
            more => {
                let _ = write!(listed, "; {more} more under conditions or in loops");
            }
        }
        Some(format!("Runs {listed}."))
    }

    fn other_programs(&self, file: &FileMap) -> Option<String> {
        if file.language != Language::Bash {
            return None;
        }
        let text = self.context.index.texts.get(&file.path)?;
        programs_run(&cartograph_manifest::script_steps(text))
    }

    /// The project's commands that run a file by its path (a CI step, a `package.json`
    /// script, a Makefile or justfile recipe), as their program or the script an interpreter
    /// runs, and those that read it as their configuration (`rolldown -c rolldown.config.js`):
    /// "Run by the CI workflow [[.github/workflows/publish-release.yml]] as `node
    /// build/sync-version.js`." A command that only names the file runs nothing of it (tqdm's
    /// `make tqdm/completion.sh` makes it). Tests and manifests are left out (a runner or a
    /// tool reads them; no command names them to run).
    fn run_by(&self, file: &FileMap) -> Option<String> {
        const SHOWN: usize = 2;
        if cartograph_graph::is_test_path(&file.path)
            || cartograph_manifest::is_manifest(&file.path)
            || !file.language.is_code()
        {
            return None;
        }
        let index = self
            .context
            .run_by
            .get_or_init(|| run_by_index(&self.context.manifests));
        let found = index.get(file.path.as_str())?;
        let listed = |found: &[String]| match found.len() {
            count if count <= SHOWN => join_and(found),
            count => format!("{} and {} more", found[..SHOWN].join(", "), count - SHOWN),
        };
        match (found.runs.is_empty(), found.reads.is_empty()) {
            (true, true) => None,
            (false, true) => Some(format!("Run by {}.", listed(&found.runs))),
            (true, false) => Some(format!("Read by {}.", listed(&found.reads))),
            (false, false) => Some(format!(
                "Run by {}; read by {}.",
                listed(&found.runs),
                listed(&found.reads)
            )),
        }
    }

    /// The code files that name a data file in a string literal (`crate::data_users`):
    /// "Used by [[bind_test.go]] and [[router_test.go]]."
    fn data_users(&self, file: &FileMap) -> Option<String> {
        const SHOWN: usize = 2;
        // A manifest is said by what it declares; what reads it (a script taking the
        // version from `package.json`) is no news about it.
        if !crate::data_users::is_data(file) || cartograph_manifest::is_manifest(&file.path) {
            return None;
        }
        let index = self
            .context
            .data_users
            .get_or_init(|| crate::data_users::data_users(self.context.index.files));
        let users: Vec<String> = index
            .get(file.path.as_str())?
            .iter()
            .map(|path| cite(path))
            .collect();
        Some(match users.len() {
            count if count <= SHOWN => format!("Used by {}.", join_and(&users)),
            count => format!(
                "Used by {} and {} more.",
                users[..SHOWN].join(", "),
                count - SHOWN
            ),
        })
    }

    /// Whether `file` is one of the project's development tools: kept where tools are
    /// (`scripts/`, `tools/`, `.github/`), or a script a CI workflow runs from a directory that
    /// is no package (pluggy's `downstream/run_downstream.py`, which tests other projects
    /// against it, was the library's "entry point").
    fn is_tool(&self, file: &FileMap) -> bool {
        if is_development_tool(&file.path) {
            return true;
        }
        // A script, not a program built from a package (Go's `cmd/x`, Rust's `src/bin`), in a
        // directory that is no package's (no `__init__.py` or manifest beside it), and not a
        // command the project installs.
        let script = matches!(
            file.language,
            Language::Python
                | Language::JavaScript
                | Language::TypeScript
                | Language::Bash
                | Language::Ruby
        );
        let in_package = self
            .context
            .files
            .range(file.path.parent()..)
            .take_while(|(path, _)| path.starts_with(file.path.parent()))
            .any(|(_, other)| {
                other.path.parent() == file.path.parent()
                    && matches!(
                        other.path.file_name(),
                        "__init__.py" | "package.json" | "pyproject.toml" | "setup.py"
                    )
            });
        script
            && !in_package
            && !file.path.parent().is_empty()
            && installed_commands(self.context, file).is_empty()
            && self
                .context
                .run_by
                .get_or_init(|| run_by_index(&self.context.manifests))
                .get(file.path.as_str())
                .is_some_and(|found| found.run_by_ci)
    }

    /// An example or a benchmark that defines nothing, by what it uses: the project's files
    /// it imports and the declared dependencies it imports (express's
    /// `examples/cookies/index.js`: "An example that uses [[index.js]], `morgan` and
    /// `cookie-parser`."). Imports of files beside it and of anything no manifest declares
    /// (the standard library) are left out; so are imports that lead to no file when pages
    /// are written from maps that dropped them (`ParsedFile::keep_for_pages`).
    fn usage_description(&self, file: &FileMap) -> Option<String> {
        if !file.language.is_code() {
            return None;
        }
        // A benchmark directory is an example suite too: pino's `benchmarks/basic.bench.js`
        // is a benchmark, not "an example".
        // meow's `test/fixtures/fixture.js`: a program its tests run, said by what it uses
        // rather than as "test data".
        let what = if is_benchmark_path(&file.path) {
            // A script in a benchmarks directory that times nothing (kleur's `bench/dryrun.js`
            // prints each library's colours) is no benchmark.
            match self.context.index.texts.get(&file.path) {
                Some(text) if !times_something(text) => "A script beside the benchmarks",
                _ => "A benchmark",
            }
        } else if in_example_suite(&file.path) {
            "An example"
        } else if fixture_description(file).is_some() {
            "A test fixture"
        } else {
            return None;
        };
        // The project's names it uses say more than the files they come from (indicatif's
        // examples all use `src/lib.rs`; one a `ProgressBar` with a `ProgressStyle`, another a
        // `MultiProgress`).
        let names = self.names_tests_use(file);
        if !names.is_empty() {
            return Some(listing_first(&format!("{what} that uses"), &names, 3));
        }
        let declared = |package: &str| {
            self.context.manifests.iter().any(|manifest| {
                manifest.name.as_deref() == Some(package)
                    || manifest
                        .dependencies
                        .iter()
                        .chain(&manifest.local_dependencies)
                        .any(|dependency| dependency.name == package)
            })
        };
        let mut used: Vec<String> = Vec::new();
        for import in &file.parsed.imports {
            let shown = match &import.resolved {
                Some(target) if target.parent() == file.path.parent() || *target == file.path => {
                    continue
                }
                Some(target) => cite(target.as_str()),
                None => {
                    let raw = import.raw.trim_start_matches("node:");
                    let mut parts = raw.split(['/', '.', ':']);
                    let package = match (raw.starts_with('@'), parts.next(), parts.next()) {
                        (true, Some(scope), Some(name)) => format!("{scope}/{name}"),
                        (false, Some(name), _) => name.to_string(),
                        _ => continue,
                    };
                    if package.is_empty() || !declared(&package) {
                        continue;
                    }
                    code_span(&package)
                }
            };
            if !used.contains(&shown) {
                used.push(shown);
            }
        }
        (!used.is_empty()).then(|| listing_first(&format!("{what} that uses"), &used, 3))
    }

    /// An insta snapshot (`src/snapshots/similar__udiff__unified_diff.snap`), by the test
    /// its header and name say wrote it: "What the test [[src/udiff.rs:340|`test_unified_diff`]]
    /// expects of `&diff.unified_diff()…`, as the snapshot library insta recorded it."
    fn snapshot_description(&self, file: &FileMap) -> Option<String> {
        let stem = file.path.file_name().strip_suffix(".snap")?;
        let text = self.context.index.texts.get(&file.path)?;
        let header = text.strip_prefix("---\n")?;
        let header = &header[..header.find("\n---")?];
        let field = |name: &str| {
            header.lines().find_map(|line| {
                let value = line.strip_prefix(name)?.strip_prefix(':')?.trim();
                Some(serde_json::from_str::<String>(value).unwrap_or_else(|_| value.to_string()))
            })
        };
        let source = field("source")?;
        let source = self.context.file(&source)?;
        // `crate__module__test` with `-2` for a test's second snapshot; insta names it after
        // the test function without its `test_`.
        let test = stem.rsplit("__").next()?;
        let test = match test.rsplit_once('-') {
            Some((name, count)) if count.bytes().all(|b| b.is_ascii_digit()) => name,
            _ => test,
        };
        let function = [format!("test_{test}"), test.to_string()]
            .into_iter()
            .find_map(|name| {
                source
                    .parsed
                    .symbols
                    .iter()
                    .find(|symbol| symbol.name == name && symbol.kind == SymbolKind::Function)
            });
        let mut text = match function {
            Some(function) if !source.path.as_str().contains([']', '|', '\n', '[']) => format!(
                "What the test [[{}:{}|{}]] expects",
                source.path,
                function.line,
                code_span(&function.name)
            ),
            _ => format!("What a test of {} expects", cite(source.path.as_str())),
        };
        if let Some(expression) = field("expression").filter(|text| !text.is_empty()) {
            let _ = write!(text, " of {}", code_span_cut(&expression));
        }
        text.push_str(", as the snapshot library insta recorded it.");
        Some(text)
    }

    /// A `.stderr` or `.stdout` file beside a test program of the same name: what trybuild
    /// (anyhow's `tests/ui/`) or a snapshot runner expects of it.
    fn expected_output_description(&self, file: &FileMap) -> Option<String> {
        let (stem, stream) = file.path.file_name().rsplit_once('.')?;
        if !cartograph_graph::is_test_path(&file.path) {
            return None;
        }
        if !matches!(stream, "stderr" | "stdout") {
            return self.mirrored_output_description(file, stem);
        }
        let parent = file.path.parent();
        let program = PROGRAM_EXTENSIONS.iter().find_map(|extension| {
            let path = match parent {
                "" => format!("{stem}.{extension}"),
                parent => format!("{parent}/{stem}.{extension}"),
            };
            self.context.file(&path)
        })?;
        // A trybuild case's: said the same for each (one row for a directory of them).
        if stream == "stderr"
            && self
                .context
                .trybuild_case(program.path.as_str())
                .map(|case| case.expect)
                == Some(crate::trybuild::Expect::CompileFail)
        {
            return Some(crate::trybuild::EXPECTED_ERRORS.to_string());
        }
        let what = if stream == "stderr" {
            "The error output"
        } else {
            "The output"
        };
        Some(format!(
            "{what} the test expects of {}.",
            cite(program.path.as_str())
        ))
    }

    /// An expected output kept in a tree that mirrors the programs' (loguru's
    /// `tests/exceptions/output/backtrace/enqueue.txt`, what
    /// `tests/exceptions/source/backtrace/enqueue.py` prints).
    fn mirrored_output_description(&self, file: &FileMap, stem: &str) -> Option<String> {
        const OUTPUT_DIRS: [&str; 4] = ["output", "outputs", "expected", "expect"];
        const PROGRAM_DIRS: [&str; 6] = ["source", "sources", "input", "inputs", "cases", "src"];
        if file.language.is_code() {
            return None;
        }
        let parts: Vec<&str> = file.path.parent().split('/').collect();
        let at = parts.iter().rposition(|part| OUTPUT_DIRS.contains(part))?;
        PROGRAM_DIRS.iter().find_map(|programs| {
            let mut dir = parts.clone();
            dir[at] = programs;
            let dir = dir.join("/");
            let program = PROGRAM_EXTENSIONS
                .iter()
                .find_map(|extension| self.context.file(&format!("{dir}/{stem}.{extension}")))?;
            // Said alike for each file of a directory, so that a directory of them is one row
            // (loguru's 97 rows, one per script).
            Some(format!(
                "The output the test expects of the {} program of the same name in {}.",
                program.language,
                code_span(&format!("{}/", program.path.parent()))
            ))
        })
    }

    /// A package's front file that re-exports several files and defines little itself
    /// (httpx's `__init__.py`: eleven `from ._x import *` and a fallback `main`) is described
    /// by what it re-exports first: "Defines `main`." alone misleads.
    fn facade_description(&self, file: &FileMap) -> Option<String> {
        const MIN_REEXPORTED: usize = 3;
        const MAX_OWN_DEFINITIONS: usize = 2;
        if reexport_targets(file).len() < MIN_REEXPORTED {
            return None;
        }
        let own = file
            .parsed
            .symbols
            .iter()
            .filter(|symbol| symbol.parent.is_none() && symbol.kind != SymbolKind::Heading)
            .count();
        if own > MAX_OWN_DEFINITIONS {
            return None;
        }
        let reexports = reexported_files(file)?;
        Some(match self.defined_names(file) {
            Some(defined) => format!("{reexports} {defined}"),
            None => reexports,
        })
    }

    /// A file that defines one public thing with a doc (a Java class, a Go type in its own file)
    /// is described by it: "`TypeName`: Any type in Java's type system, plus `void`." A file
    /// that offers nothing (a test class, a class of an internal package) is described so by
    /// its one definition: gson's `CommentsTest`, "Tests that by default Gson accepts several
    /// forms of comments."
    fn sole_definition(&self, file: &FileMap) -> Option<String> {
        let (_, only) = self.only_key_definition(file)?;
        let doc = first_line(only.doc.as_deref()?, 160)?;
        // A definition that is less than half of its file is one thing the file defines, not
        // what the file is.
        let described = deprecated_said(only, named_doc(&shown_name(file, only), &only.name, &doc));
        Some(match beside_only_definition(file, only) {
            Some(rest) => format!("{} {rest}", sentence(&described)),
            None => described,
        })
    }

    /// The one key definition of `file` (its one public one, else its only one when it offers
    /// no API), with its index among the file's symbols.
    fn only_key_definition<'f>(&self, file: &'f FileMap) -> Option<(usize, &'f Symbol)> {
        let graph = self.context.index.graph;
        let key: Vec<(usize, &Symbol)> = file
            .parsed
            .symbols
            .iter()
            .enumerate()
            .filter(|(_, symbol)| {
                cartograph_graph::is_top_level(file, symbol) && is_key_definition(file, symbol)
                    || ruby_namespaced_type(file, symbol)
            })
            .collect();
        let public: Vec<&(usize, &Symbol)> = key
            .iter()
            .filter(|(at, _)| graph.is_public(&file.path, *at))
            .collect();
        match (public.as_slice(), key.as_slice()) {
            ([only], _) => Some(**only),
            ([], [only]) if !self.offers_api(file) => Some(*only),
            _ => None,
        }
    }

    /// A file whose one key definition is a type without a doc, by what the type builds on and
    /// the methods it has: "Defines the class `ImmutableWriter`, which builds on
    /// `WriterInterface`; its methods: `write` and `delete`." rather than "Defines
    /// `ImmutableWriter`." (phpdotenv's repository writers, javapoet's `TypeName` subclasses).
    fn undocumented_type(&self, file: &FileMap) -> Option<String> {
        const SHOWN: usize = 4;
        let graph = self.context.index.graph;
        let (at, symbol) = self.only_key_definition(file)?;
        if !symbol.kind.is_type() || symbol.doc.is_some() {
            return None;
        }
        let noun = match symbol.kind {
            SymbolKind::Class => "class",
            SymbolKind::Struct => "struct",
            SymbolKind::Interface => "interface",
            SymbolKind::Trait => "trait",
            SymbolKind::Enum => "enum",
            SymbolKind::Union => "union",
            _ => "type",
        };
        // What it builds on: as its declaration writes it, or as the hierarchy found it for Go
        // and Rust, whose declarations do not say.
        let mut bases: Vec<String> = Vec::new();
        if matches!(file.language, Language::Go | Language::Rust) {
            if let Some(node) = self.context.type_at(file, at) {
                for supertype in self.context.hierarchy.supertypes(node) {
                    let name = match supertype {
                        cartograph_graph::Supertype::Defined(other) => {
                            let Some((other_file, other)) = self.context.type_of(*other) else {
                                continue;
                            };
                            code_span(&type_label(file, other_file, other))
                        }
                        cartograph_graph::Supertype::Named(name) => code_span(name),
                    };
                    if !bases.contains(&name) {
                        bases.push(name);
                    }
                }
            }
        } else {
            for (index, name) in &file.parsed.bases {
                let name = code_span(name);
                if *index as usize == at && !bases.contains(&name) {
                    bases.push(name);
                }
            }
        }
        let methods: Vec<String> = file
            .parsed
            .symbols
            .iter()
            .enumerate()
            .filter(|(index, member)| {
                // Of a type kept from the API (chi's example `todosResource`), every method
                // is as public as the type is.
                member.kind == SymbolKind::Method
                    && !member.is_property()
                    && member.parent.as_deref() == Some(symbol.name.as_str())
                    && (graph.is_public(&file.path, *index) || !graph.is_public(&file.path, at))
                    && !constructor_or_mangled(&member.name)
                    && !CONSTRUCTORS.contains(&member.name.as_str())
            })
            .map(|(_, member)| code_span(&member.name))
            .fold(Vec::new(), |mut names, name| {
                if !names.contains(&name) {
                    names.push(name);
                }
                names
            });
        if bases.is_empty() && methods.is_empty() {
            return None;
        }
        // Its methods that are not public (koa's `@api private` `callback` helpers): the list
        // says it shows the public ones.
        let all: BTreeSet<&str> = file
            .parsed
            .symbols
            .iter()
            .filter(|member| {
                member.kind == SymbolKind::Method
                    && !member.is_property()
                    && member.parent.as_deref() == Some(symbol.name.as_str())
                    && !constructor_or_mangled(&member.name)
                    && !CONSTRUCTORS.contains(&member.name.as_str())
            })
            .map(|member| member.name.as_str())
            .collect();
        // The methods counted are the others than its constructor, and say so (tenacity's
        // `TornadoRetrying`, "its one method: `__call__`", has an `__init__` that swaps in
        // tornado's sleep).
        let constructor = file
            .parsed
            .symbols
            .iter()
            .find(|member| {
                member.kind == SymbolKind::Method
                    && member.parent.as_deref() == Some(symbol.name.as_str())
                    && CONSTRUCTORS.contains(&member.name.as_str())
            })
            .map(|member| format!("besides {}, ", code_span(&member.name)))
            .unwrap_or_default();
        let public = if all.len() > methods.len() {
            "public "
        } else {
            ""
        };
        let interface = matches!(symbol.kind, SymbolKind::Interface | SymbolKind::Trait);
        let builds_on = match (bases.len(), interface) {
            (0, _) => String::new(),
            (_, true) => format!(", which extends {}", join_and(&bases)),
            (_, false) if matches!(file.language, Language::Python | Language::Ruby) => {
                format!(", a subclass of {}", join_and(&bases))
            }
            // A Go or Rust type's supertypes are the interfaces and traits it implements
            // (xid's `b.ID` "built on" `driver.Valuer`, which it implements; it embeds
            // `xid.ID`).
            (_, false) if matches!(file.language, Language::Go | Language::Rust) => {
                format!(", which implements {}", join_and(&bases))
            }
            (_, false) => format!(", which builds on {}", join_and(&bases)),
        };
        let members = match (methods.len(), constructor.is_empty()) {
            (0, _) => String::new(),
            (1, true) => format!("; its one {public}method: {}", methods[0]),
            (1, false) => format!("; {constructor}one {public}method: {}", methods[0]),
            (count, true) if count <= SHOWN => {
                format!("; its {public}methods: {}", join_and(&methods))
            }
            (count, false) if count <= SHOWN => {
                format!("; {constructor}the {public}methods {}", join_and(&methods))
            }
            (count, _) => format!(
                "; {constructor}{count} {public}methods, {} among them",
                join_and(&methods[..SHOWN - 1])
            ),
        };
        Some(format!(
            "Defines the {noun} {}{builds_on}{members}.",
            code_span(&shown_name(file, symbol))
        ))
    }

    /// A file that offers only methods of types defined elsewhere, beside private helpers
    /// (logrus' `writer.go`: `Logger.Writer`, `Entry.WriterLevel` and the private
    /// `writerFinalizer`): "Methods of `Logger` (`Writer`, `WriterLevel`) and `Entry` (…)."
    /// rather than the helper's doc.
    fn methods_of_other_types(&self, file: &FileMap) -> Option<String> {
        if self.has_public_top_level(file) {
            return None;
        }
        if let Some(methods) = self.other_types_methods(file) {
            return Some(format!("Methods of {methods}."));
        }
        // A file of nothing but internal methods of a type of another file (tablewriter's
        // `zoo.go`: 23 unexported methods of `Table`, 1,736 lines) was an empty row.
        self.internal_methods_of_other_types(file)
    }

    /// "Unexported methods of `Table` (`applyHierarchicalMerges`, `applyHorizontalMerges` and
    /// 21 more).": for a Go or Rust file whose top-level definitions are all methods of one
    /// type defined in another file, none of them public.
    fn internal_methods_of_other_types(&self, file: &FileMap) -> Option<String> {
        const SHOWN: usize = 2;
        if cartograph_graph::is_test_path(&file.path)
            || !matches!(file.language, Language::Go | Language::Rust)
            || self.offers_api(file)
        {
            return None;
        }
        let symbols = &file.parsed.symbols;
        let mut owner: Option<&str> = None;
        let mut methods: Vec<String> = Vec::new();
        for symbol in symbols {
            match symbol.kind {
                SymbolKind::Method => {}
                // A Rust method's `impl` block.
                SymbolKind::Impl if symbol.parent.is_none() && !symbol.name.contains(" for ") => {
                    continue;
                }
                _ if symbol.parent.is_some() => continue,
                _ => return None,
            }
            let parent = method_owner(symbol.parent.as_deref()?);
            if symbols
                .iter()
                .any(|other| other.name == parent && is_type_kind(other.kind))
            {
                return None;
            }
            match owner {
                None => owner = Some(parent),
                Some(known) if known != parent => return None,
                Some(_) => {}
            }
            let name = code_span(&symbol.name);
            if !methods.contains(&name) {
                methods.push(name);
            }
        }
        let owner = owner?;
        let listed = match methods.len().saturating_sub(SHOWN) {
            0 => join_and(&methods),
            more => format!("{} and {more} more", methods[..SHOWN].join(", ")),
        };
        let internal = if file.language == Language::Go {
            "Unexported"
        } else {
            "Private"
        };
        Some(format!(
            "{internal} methods of {} ({listed}).",
            code_span(owner)
        ))
    }

    /// True when any symbol of `file` is public API.
    fn offers_api(&self, file: &FileMap) -> bool {
        let graph = self.context.index.graph;
        (0..file.parsed.symbols.len()).any(|at| graph.is_public(&file.path, at))
    }

    fn has_public_top_level(&self, file: &FileMap) -> bool {
        let graph = self.context.index.graph;
        file.parsed.symbols.iter().enumerate().any(|(at, symbol)| {
            cartograph_graph::is_top_level(file, symbol) && graph.is_public(&file.path, at)
        })
    }

    /// The public methods a Go or Rust file adds to types defined elsewhere, by type: "`Logger`
    /// (`Writer`, `WriterLevel`) and `Entry` (…)".
    fn other_types_methods(&self, file: &FileMap) -> Option<String> {
        const SHOWN_TYPES: usize = 3;
        const SHOWN_METHODS: usize = 3;
        let graph = self.context.index.graph;
        let symbols = &file.parsed.symbols;
        // Go and Rust attach methods to a type from any file of its package or crate.
        if cartograph_graph::is_test_path(&file.path)
            || !matches!(file.language, Language::Go | Language::Rust)
        {
            return None;
        }
        // A type of the file's own, at its top or inside one of its modules (ripgrep's
        // `ignore/src/lib.rs` defines `TempDir` in its `mod tests`).
        let defined_here = |name: &str| {
            symbols.iter().any(|symbol| {
                symbol.name == name && (symbol.parent.is_none() || is_type_kind(symbol.kind))
            })
        };
        let mut by_type: Vec<(String, Vec<String>)> = Vec::new();
        for (at, symbol) in symbols.iter().enumerate() {
            let Some(parent) = symbol.parent.as_deref() else {
                continue;
            };
            let owner = method_owner(parent);
            // The graph finds a member public with its container, which is in another file:
            // the member's own visibility says.
            let public = graph.is_public(&file.path, at)
                || (symbol.visibility == Some(Visibility::Public)
                    && (file.language != Language::Go || owner.starts_with(char::is_uppercase)));
            if symbol.kind != SymbolKind::Method
                || parent.contains(" for ")
                || defined_here(owner)
                || !public
            {
                continue;
            }
            let name = code_span(&symbol.name);
            match by_type.iter_mut().find(|(type_name, _)| type_name == owner) {
                Some((_, methods)) if !methods.contains(&name) => methods.push(name),
                Some(_) => {}
                None => by_type.push((owner.to_string(), vec![name])),
            }
        }
        let parts: Vec<String> = by_type
            .iter()
            .take(SHOWN_TYPES)
            .map(|(owner, methods)| {
                let shown = methods.len().min(SHOWN_METHODS);
                let listed = match methods.len() - shown {
                    0 => join_and(&methods[..shown]),
                    more => format!("{} and {more} more", methods[..shown].join(", ")),
                };
                format!("{} ({listed})", code_span(owner))
            })
            .collect();
        // Only public methods are counted: "and 1 more types" read as every type the file
        // adds methods to (sqlx's `sqlx_context.go` adds some to the unexported `qStmt` too).
        let public = if file.language == Language::Go {
            "exported"
        } else {
            "public"
        };
        match (parts.as_slice(), by_type.len().saturating_sub(SHOWN_TYPES)) {
            ([], _) => None,
            (parts, 0) => Some(join_and(parts)),
            (parts, 1) => Some(format!("{} and 1 more {public} type", parts.join(", "))),
            (parts, more) => Some(format!(
                "{} and {more} more {public} types",
                parts.join(", ")
            )),
        }
    }

    /// Whether a Go test uses its namesake: names it defines (the reference graph), or its
    /// functions and methods called by name (pflag's `uint_slice_test.go` calls
    /// `f.UintSlice(…)`, a method of `uint_slice.go`); methods every value type of a package
    /// has (`String`, `Set`) say nothing of which file.
    fn go_test_uses(&self, test: &FileMap, subject: &FileMap) -> bool {
        const COMMON: &[&str] = &[
            "String",
            "Error",
            "Set",
            "Type",
            "Get",
            "Close",
            "Write",
            "Read",
            "ServeHTTP",
            "Len",
            "Less",
            "Swap",
            "Unwrap",
            "MarshalJSON",
            "UnmarshalJSON",
            "Is",
            "As",
        ];
        if self
            .context
            .index
            .graph
            .references_from(&test.path)
            .contains(&&subject.path)
        {
            return true;
        }
        let defined: BTreeSet<&str> = subject
            .parsed
            .symbols
            .iter()
            .filter(|symbol| matches!(symbol.kind, SymbolKind::Function | SymbolKind::Method))
            .map(|symbol| symbol.name.as_str())
            .filter(|name| !COMMON.contains(name))
            .collect();
        test.parsed
            .calls
            .iter()
            .any(|site| defined.contains(site.name))
    }

    /// The file a test is named after: `handler_test.go` → `handler.go`, `test_x.py` → `x.py`,
    /// `x.test.ts` / `x.spec.ts` → `x.ts`; beside it, else the one file of that name outside
    /// tests (`tests/test_decoder.py` → `jsonkit/decoder.py`).
    fn tested_file(&self, file: &FileMap) -> Option<&'a FileMap> {
        // redux's `tsconfig.test.json` configures the type tests; it tests nothing.
        if !cartograph_graph::is_test_path(&file.path) || !file.language.is_code() {
            return None;
        }
        let (stem, extension) = file.path.file_name().rsplit_once('.')?;
        let subject = stem
            .strip_suffix("_test")
            .or_else(|| stem.strip_prefix("test_"))
            .or_else(|| stem.strip_suffix(".test"))
            .or_else(|| stem.strip_suffix(".spec"))
            .filter(|subject| !subject.is_empty())?;
        // Go's `client_ip_bench_test.go` and `client_ip_example_test.go` are about `client_ip.go`.
        let subject = ["_bench", "_benchmark", "_example"]
            .iter()
            .find_map(|kind| subject.strip_suffix(kind))
            .filter(|subject| !subject.is_empty())
            .unwrap_or(subject);
        let name = format!("{subject}.{extension}");
        let parent = file.path.parent();
        let beside = if parent.is_empty() {
            name.clone()
        } else {
            format!("{parent}/{name}")
        };
        // A test suite beside it is no subject unless imported: picomatch's
        // `test/bash.spec.js` and `test/bash.js` are two suites of the package.
        let namesake = self.context.file(&beside).filter(|found| {
            !cartograph_graph::is_test_path(&found.path)
                || file.parsed.imports.iter().any(|import| {
                    import
                        .resolved
                        .as_ref()
                        .is_some_and(|target| target.as_str() == beside)
                })
        });
        if let Some(found) = namesake {
            // Unless the test imports another file of that name and not this one (requests'
            // `tests/test_utils.py` imports `requests/utils.py`, not `tests/utils.py`).
            let resolved = || {
                file.parsed
                    .imports
                    .iter()
                    .filter_map(|import| import.resolved.as_ref())
            };
            // (A Go or Java test shares its subject's package and imports nothing of it.)
            let imports_its_subject = matches!(
                file.language,
                Language::Python | Language::JavaScript | Language::TypeScript | Language::Tsx
            );
            if imports_its_subject && !resolved().any(|target| target.as_str() == beside) {
                if let Some(other) = resolved()
                    .filter(|target| target.file_name() == name)
                    .find_map(|target| self.context.file(target.as_str()))
                {
                    return Some(other);
                }
            }
            // A Go test of the same package that names nothing its namesake defines is not
            // about it: chi's `middleware/middleware_test.go` holds the package's test helpers
            // and tests `wrap_writer.go`'s writer, never `middleware.go`'s `New`.
            if file.language == Language::Go && !self.go_test_uses(file, found) {
                return None;
            }
            // Nor is one built on systems its namesake is not: go-isatty's `!windows`
            // `isatty_others_test.go` runs against `isatty_tcgets.go` on linux, and
            // `isatty_others.go` is built only on `js`, `nacl` and `wasip1`.
            if file.language == Language::Go && !go_built_wherever(found, file) {
                return None;
            }
            return Some(found);
        }
        // A Go test is compiled with its own package: zap's root `increase_level_test.go` tests
        // `zap.IncreaseLevel`, not `zapcore/increase_level.go`.
        if file.language == Language::Go {
            return None;
        }
        // The code under test, not a benchmark or an example of the same name (bytes'
        // `tests/test_buf.rs` is not about `benches/buf.rs`).
        let is_code = |other: &FileMap| {
            !cartograph_graph::is_test_path(&other.path)
                && !is_benchmark_path(&other.path)
                && !is_fuzz_path(&other.path)
                && !in_example_suite(&other.path)
        };
        // Away from the test, a file of the name is its subject only when the test imports
        // from that file's package: zod's `docs/content/api.test.ts` reads the docs' code
        // fences and imports nothing of `v4/core/api.ts`. A test helper the test imports
        // counts with its own imports (sinatra's tests require `test/test_helper.rb`, which
        // requires the library).
        let imported_dirs = || -> Vec<&str> {
            let targets = file
                .parsed
                .imports
                .iter()
                .filter_map(|import| import.resolved.as_ref());
            let helpers_targets = targets
                .clone()
                .filter(|target| cartograph_graph::is_test_path(target))
                .filter_map(|target| self.context.file(target.as_str()))
                .flat_map(|helper| helper.parsed.imports.iter())
                .filter_map(|import| import.resolved.as_ref());
            targets
                .chain(helpers_targets)
                .map(|target| target.parent())
                .collect()
        };
        let subject_of = |candidates: Vec<&'a FileMap>| -> Option<Option<&'a FileMap>> {
            if candidates.is_empty() {
                return None;
            }
            let dirs = imported_dirs();
            let mut near = candidates.into_iter().filter(|other| {
                let dir = other.path.parent();
                dirs.iter().any(|imported| {
                    cartograph_core::is_within_dir(dir, imported)
                        || cartograph_core::is_within_dir(imported, dir)
                })
            });
            Some(match (near.next(), near.next()) {
                (Some(only), None) => Some(only),
                _ => None,
            })
        };
        let named: Vec<&'a FileMap> = self
            .context
            .files_named(&name)
            .iter()
            .copied()
            .filter(|other| is_code(other))
            .collect();
        if let Some(subject) = subject_of(named).flatten() {
            // A Rust integration test reaches the crate through its root: one that names
            // nothing of its namesake is not about it (thiserror's `tests/test_display.rs`
            // tests the derive's `#[error("…")]` formatting, not `src/display.rs`).
            // So does a Python test that imports only the package (platformdirs'
            // `tests/test_api.py` tests `__init__.py`'s functions, not `api.py`).
            let rust_unrelated = matches!(file.language, Language::Rust | Language::Python)
                && !file
                    .parsed
                    .imports
                    .iter()
                    .any(|import| import.resolved.as_ref() == Some(&subject.path))
                && !self
                    .context
                    .index
                    .graph
                    .references_from(&file.path)
                    .contains(&&subject.path);
            if rust_unrelated {
                return None;
            }
            return Some(subject);
        }
        // A module that is a directory: `test_buf.rs` tests `src/buf/mod.rs`.
        ["mod", "__init__", "index"].iter().find_map(|inner| {
            let found: Vec<&'a FileMap> = self
                .context
                .files_named(&format!("{inner}.{extension}"))
                .iter()
                .copied()
                .filter(|other| other.path.parent().rsplit('/').next() == Some(subject))
                .filter(|other| is_code(other))
                .collect();
            subject_of(found)
        })?
    }

    /// A licence file by the licence its text holds: "The MIT License, which the project is
    /// distributed under." (`LICENSE-APACHE` beside `LICENSE-MIT`: "one of the licences").
    fn licence_description(&self, file: &FileMap) -> Option<String> {
        if !is_licence_file(&file.path) {
            return None;
        }
        let text = self.context.text(file.path.as_str())?;
        let Some(name) = licence_name(text) else {
            // walkdir's `COPYING` holds no licence, only which ones apply.
            return licence_notice(text).map(|notice| format!("A notice: “{notice}”"));
        };
        if let Some(dir) = self.licensed_dir(file) {
            return Some(format!(
                "The {name}, for the files under {}.",
                code_span(&dir)
            ));
        }
        // The other licence files beside it, read from the files under its directory only:
        // a tree of many packages has a licence file in each.
        let dir = file.path.parent();
        let prefix = if dir.is_empty() {
            String::new()
        } else {
            format!("{dir}/")
        };
        let others = self
            .context
            .files
            .range::<str, _>((
                std::ops::Bound::Included(prefix.as_str()),
                std::ops::Bound::Unbounded,
            ))
            .take_while(|(path, _)| path.starts_with(&prefix))
            .filter(|(path, _)| !path[prefix.len()..].contains('/'))
            .filter(|(_, other)| other.path != file.path && is_licence_file(&other.path))
            .count();
        Some(if others == 0 {
            format!("The {name}, which the project is distributed under.")
        } else {
            format!("The {name}, one of the licences the project is distributed under.")
        })
    }

    /// A licence file below the root whose licence is not told by its text (requests'
    /// `ext/LICENSE`, a copyright notice for its artwork): it is about the files beside it.
    fn licence_elsewhere(&self, file: &FileMap) -> Option<String> {
        if !is_licence_file(&file.path) {
            return None;
        }
        let dir = self.licensed_dir(file)?;
        Some(format!(
            "A licence or copyright notice for the files under {}.",
            code_span(&dir)
        ))
    }

    /// The directory a licence file covers when it is not the project's, with its `/`: one
    /// below the root without a manifest of its own (requests' `docs/_themes/LICENSE`, the Flask
    /// theme's). A page of the documentation about the licence (click's `docs/license.md`) is
    /// the project's.
    fn licensed_dir(&self, file: &FileMap) -> Option<String> {
        let dir = file.path.parent();
        let elsewhere = !dir.is_empty()
            && self.context.manifests_in(dir).next().is_none()
            && !is_document_page(file);
        elsewhere.then(|| format!("{dir}/"))
    }

    /// `describe_file` without the names it defines: for a line that shows them already.
    /// Whether `line` says what the README's first paragraph says (`Context::tagline`).
    fn is_tagline(&self, line: &str) -> bool {
        let words = line.split_whitespace().count();
        words >= 4
            && self.context.tagline().is_some_and(|tagline| {
                // A paragraph of many words holds most of a short line's common ones.
                tagline.split_whitespace().count() <= 2 * words + 4 && says_the_same(line, tagline)
            })
    }

    /// True for a document of API reference: Sphinx's autodoc and module directives
    /// (`.. automodule:: packaging.licenses`, `.. currentmodule::`, `.. autoclass::`).
    fn documents_code(&self, file: &FileMap) -> bool {
        const DIRECTIVES: [&str; 6] = [
            ".. automodule::",
            ".. currentmodule::",
            ".. module::",
            ".. autoclass::",
            ".. autofunction::",
            ".. py:module::",
        ];
        self.context.text(file.path.as_str()).is_some_and(|text| {
            text.lines()
                .any(|line| DIRECTIVES.iter().any(|d| line.trim_start().starts_with(d)))
        })
    }

    fn describe_file_doc(&self, file: &FileMap) -> Option<String> {
        // tomli's `control/bare-null.toml`: test data that holds a NUL byte on purpose is
        // binary to the reader, and its name says what it stands for.
        if file.flags.unread == Some(SkipReason::Binary) && file.language != Language::Text {
            return Some(format!(
                "Not read: a {} file by its name, but it holds a NUL byte.",
                file.language
            ));
        }
        if let Some(note) = flag_note(file) {
            return Some(note.to_string());
        }
        self.context
            .summary(&file.path)
            .and_then(|summary| first_line(summary, 160))
            .map(|text| escape_inline(&text))
            .or_else(|| self.licence_description(file))
            .or_else(|| self.licence_elsewhere(file))
            .or_else(|| self.config_details(file))
            // A document of a line or two says what it is itself (serilog-sinks-console's
            // `CHANGES.md` is one line pointing to the GitHub releases, no release notes).
            .or_else(|| {
                (file.lines >= 3 || file.parsed.doc.is_none())
                    .then(|| known_document(file).map(str::to_string))
                    .flatten()
                    // packaging's `docs/licenses.rst` documents its `packaging.licenses` module:
                    // a page of API reference is no licence, whatever its name.
                    .filter(|_| !self.documents_code(file))
            })
            .or_else(|| self.manifest_description(file))
            .or_else(|| known_config(file).map(str::to_string))
            .or_else(|| self.readme_description(file))
            .or_else(|| {
                self.file_doc(file)
                    .filter(|(doc, _)| !crate::markdown::is_list_doc(doc))
                    .and_then(|(doc, _)| first_line(doc, 160))
                    // The project's tagline, which `index.md` quotes, is no file's own
                    // description (pkg/errors' `errors.go`: "Package errors provides simple
                    // error handling primitives." on four pages); its definitions say it.
                    .filter(|line| !self.is_tagline(line))
                    .map(|text| escape_inline(&text))
            })
            .or_else(|| community_document(file).map(str::to_string))
    }

    /// A settings file by what its text says (`is_detailed_config`): "Leaves untracked
    /// `node_modules`, `dist` and 2 more patterns.", "Settings of the TypeScript compiler:
    /// extends `@sindresorhus/tsconfig`, compiles `source`.", "The Node.js version the project
    /// uses: `20`."
    fn config_details(&self, file: &FileMap) -> Option<String> {
        if !is_detailed_config(&file.path) {
            return None;
        }
        let text = self.context.index.texts.get(&file.path)?;
        if crate::settings_text::reads(&file.path) {
            return crate::settings_text::describe(&file.path, text);
        }
        let name = file.path.file_name();
        if name == ".gitignore" {
            let patterns: Vec<String> = ignored_patterns(text).into_iter().map(code_span).collect();
            return match patterns.len() {
                0 => None,
                1 => Some(format!("Leaves {} untracked.", patterns[0])),
                2..=3 => Some(format!("Leaves {} untracked.", join_and(&patterns))),
                more => Some(format!(
                    "Leaves {} and {} more patterns untracked.",
                    patterns[..2].join(", "),
                    more - 2
                )),
            };
        }
        if name.starts_with("tsconfig") {
            let facts = tsconfig_facts(text);
            let what = known_config(file)?.trim_end_matches('.');
            return (!facts.is_empty()).then(|| format!("{what}: {}.", join_and(&facts)));
        }
        let version = code_span(pinned_version(text)?);
        let tool = match name {
            ".nvmrc" | ".node-version" => "Node.js",
            ".python-version" => "Python",
            ".go-version" => "Go",
            ".ruby-version" => "Ruby",
            _ => return Some(format!("The Rust toolchain rustup uses here: {version}.")),
        };
        Some(format!("The {tool} version the project uses: {version}."))
    }

    /// What a manifest declares, from its parsed facts: "Declares the package `mini-redis`, with
    /// 14 dependencies.", "The GitHub Actions workflow "CI"; its steps include `cargo build
    /// --verbose`, `cargo test --verbose` and 3 more.", "Defines the commands `make test` and `make lint`."
    fn manifest_description(&self, file: &FileMap) -> Option<String> {
        let manifest = self.context.manifest_at(&file.path)?;
        let commands = || -> Option<String> {
            let mut seen = BTreeSet::new();
            let names: Vec<String> = manifest
                .commands
                .iter()
                .filter(|command| seen.insert(command.command.as_str()))
                .map(|command| code_span(&command.command))
                .collect();
            let left_out = manifest.commands_left_out;
            match (names.as_slice(), left_out) {
                ([], _) => None,
                ([only], 0) => Some(only.clone()),
                ([first, second], 0) => Some(format!("{first} and {second}")),
                ([only], more) => Some(format!("{only} and {more} more")),
                ([first, second, rest @ ..], more) => {
                    Some(format!("{first}, {second} and {} more", rest.len() + more))
                }
            }
        };
        match manifest.ecosystem {
            "ci" => {
                let workflow = file.path.as_str().starts_with(".github/workflows/");
                let text = self.context.index.texts.get(&file.path);
                // When it runs and the actions it uses beside setup steps ("run on push and
                // pull requests", `github/codeql-action`).
                let (triggers, actions) = match text {
                    Some(text) if workflow => crate::settings_text::workflow_facts(text),
                    _ => (None, Vec::new()),
                };
                let mut what = if workflow {
                    match text.and_then(|text| workflow_name(text)) {
                        Some(name) => {
                            format!("The GitHub Actions workflow \"{}\"", escape_inline(&name))
                        }
                        None => "A GitHub Actions workflow".to_string(),
                    }
                } else {
                    "The CI configuration".to_string()
                };
                if let Some(triggers) = triggers {
                    what = format!("{what}, {triggers}");
                }
                // Reusable workflows it calls, beside the actions its steps use.
                let (called, actions): (Vec<String>, Vec<String>) = actions
                    .into_iter()
                    .partition(|action| action.contains("/.github/workflows/"));
                if !called.is_empty() {
                    let shown: Vec<String> = called.iter().map(|path| code_span(path)).collect();
                    let noun = if called.len() == 1 {
                        "the reusable workflow"
                    } else {
                        "the reusable workflows"
                    };
                    what = format!("{what}; it calls {noun} {}", join_and(&shown));
                }
                if manifest.commands.is_empty() && !actions.is_empty() {
                    let shown: Vec<String> = actions
                        .iter()
                        .take(3)
                        .map(|action| escape_inline(action))
                        .collect();
                    let more = match actions.len().saturating_sub(shown.len()) {
                        0 => String::new(),
                        more => format!(" and {more} more"),
                    };
                    let listed = if more.is_empty() {
                        join_and(&shown)
                    } else {
                        format!("{}{more}", shown.join(", "))
                    };
                    let noun = if actions.len() == 1 {
                        "action"
                    } else {
                        "actions"
                    };
                    what = format!("{what}; it uses the {noun} {listed}");
                }
                // The commands kept are its build and test steps, not every step (httpx's
                // install and coverage scripts): they are among what it runs, and how many
                // steps it has is not said.
                let mut seen = BTreeSet::new();
                let runs: Vec<String> = manifest
                    .commands
                    .iter()
                    .filter(|command| seen.insert(command.command.as_str()))
                    .map(|command| code_span(&command.command))
                    .collect();
                Some(match runs.as_slice() {
                    [] => format!("{what}."),
                    [only] => format!("{what}; its steps include {only}."),
                    [first, second] => format!("{what}; its steps include {first} and {second}."),
                    [first, second, ..] => {
                        format!("{what}; its steps include {first}, {second} and more.")
                    }
                })
            }
            "make" | "just" | "tox" | "nox" | "rake" => {
                commands().map(|commands| format!("Defines the commands {commands}."))
            }
            _ => {
                // What it runs on (`go.mod`'s `go 1.23`, `engines.node`, composer's `php`) is
                // said as such: chi's `go.mod` declares no dependency.
                // A package named in several groups (a dev group and an extra) is one.
                let packages = manifest
                    .dependencies
                    .iter()
                    .filter(|dependency| dependency.platform.is_none())
                    .map(|dependency| dependency.name.to_ascii_lowercase())
                    .collect::<BTreeSet<String>>()
                    .len();
                let count = packages + manifest.local_dependencies.len();
                let runs_on = manifest
                    .dependencies
                    .iter()
                    .find(|dependency| {
                        dependency.platform.as_deref() == Some("runtime")
                            && !dependency.version.is_empty()
                    })
                    .map(|runtime| {
                        format!(
                            ", for {}",
                            code_span(&format!("{} {}", runtime.name, runtime.version))
                        )
                    })
                    .unwrap_or_default();
                let dependencies = plural(count, "dependency", "dependencies");
                let package = match (manifest.ecosystem, manifest.name.as_deref()) {
                    ("go", Some(name)) => format!("the Go module {}", code_span(name)),
                    (_, Some(name)) => format!("the package {}", code_span(name)),
                    // A Gemfile names no package: it lists what Bundler installs.
                    (_, None) if file.path.file_name() == "Gemfile" && count > 0 => {
                        return Some(format!(
                            "Declares the gems Bundler installs: {dependencies}."
                        ));
                    }
                    (_, None) if count > 0 => return Some(format!("Declares {dependencies}.")),
                    (_, None) => return None,
                };
                // redux's 24 are all for development: it needs nothing to run.
                let for_development = manifest
                    .dependencies
                    .iter()
                    .filter(|dependency| dependency.platform.is_none())
                    .all(|dependency| dependency.kind == "dev")
                    && manifest.local_dependencies.is_empty();
                let needs = match count {
                    0 => String::new(),
                    _ if for_development => format!(
                        ", with {} (for development only)",
                        plural(count, "dependency", "dependencies")
                    ),
                    _ => match dependency_kinds(manifest) {
                        Some(kinds) => format!(", with {dependencies} ({kinds})"),
                        None => format!(", with {dependencies}"),
                    },
                };
                Some(format!("Declares {package}{runs_on}{needs}."))
            }
        }
    }

    /// A README's first sentence by the rules the index page reads the project's README with
    /// (badges, link rows, install steps and usage sections passed over), when its text is
    /// at hand; a README's first paragraph is often "Install using pip:".
    fn readme_description(&self, file: &FileMap) -> Option<String> {
        if !crate::context::is_readme(file.path.file_name()) {
            return None;
        }
        let text = self.context.index.texts.get(&file.path)?;
        match first_paragraph(text, 400) {
            Some(paragraph) => first_line(&paragraph, 160).map(|text| escape_inline(&text)),
            // No sentence says what it is (envconfig's "See godoc" over a 231-line guide):
            // its sections do.
            None => sections_description(file),
        }
    }

    /// A file's doc and the file it is written in: its own doc comment, else the document a
    /// Rust module takes its doc from (`#![doc = include_str!("../docs/x.md")]`).
    fn file_doc(&self, file: &'a FileMap) -> Option<(&'a str, &'a RepoPath)> {
        if let Some(doc) = file.parsed.doc.as_deref() {
            let doc = crate::markdown::without_leading_decoration(doc);
            return (!doc.is_empty()).then_some((doc, &file.path));
        }
        file.parsed
            .imports
            .iter()
            .filter(|import| import.kind == cartograph_core::ImportKind::DocInclude)
            .filter_map(|import| self.context.file(import.resolved.as_ref()?.as_str()))
            .find_map(|document| Some((document.parsed.doc.as_deref()?, &document.path)))
    }

    /// "Defines `A`, `B` and 4 more.": a file without a doc named by what it defines, public
    /// definitions first, the most used first (by how many files name each); constants and
    /// private helpers only when the file has nothing public.
    fn defined_names(&self, file: &FileMap) -> Option<String> {
        self.names_defined_in(std::slice::from_ref(&file), None, true, None)
    }

    /// How many files use the name `name` that `file` defines.
    fn users_of(&self, file: &FileMap, name: &str) -> usize {
        self.context
            .name_users
            .get(&(file.path.as_str(), name))
            .copied()
            .unwrap_or(0)
    }

    /// The file a module is entered through, whose definitions are its core: a crate root or
    /// `mod.rs`, an `__init__.py`, an `index.ts`, Go's file of the package doc (else the one
    /// named after the package); at the module's top, not in a subdirectory.
    fn front_file(&self, module: &'a Module) -> Option<&'a FileMap> {
        let files = self.files_of(module);
        let top = |file: &&&FileMap| file.path.parent() == module.path && !is_flagged(file);
        let named = |names: &[&str]| {
            files
                .iter()
                .filter(top)
                .find(|file| names.contains(&file.path.file_name()))
                .copied()
        };
        named(&[
            "lib.rs",
            "mod.rs",
            "__init__.py",
            "index.ts",
            "index.tsx",
            "index.js",
            "index.mjs",
        ])
        .or_else(|| {
            // The entry a manifest declares (koa's package.json `main`: lib/application.js).
            self.context
                .manifests
                .iter()
                .flat_map(|manifest| &manifest.entry_points)
                .find_map(|entry| {
                    files
                        .iter()
                        .filter(top)
                        .find(|file| file.path.as_str() == entry.trim_start_matches("./"))
                        .copied()
                })
        })
        .or_else(|| {
            files
                .iter()
                .filter(top)
                .find(|file| {
                    file.language == Language::Go
                        && file
                            .parsed
                            .doc
                            .as_deref()
                            .is_some_and(|doc| doc.starts_with("Package "))
                })
                .copied()
        })
        .or_else(|| {
            let last = module.path.rsplit('/').next().unwrap_or_default();
            (!last.is_empty())
                .then(|| named(&[&format!("{last}.go")]))
                .flatten()
        })
        .or_else(|| {
            // A gem's `lib/httparty.rb`, the one Ruby file above `lib/httparty/`, which it
            // requires.
            let mut ruby = files
                .iter()
                .filter(top)
                .filter(|file| file.language == Language::Ruby);
            match (ruby.next(), ruby.next()) {
                (Some(only), None) => Some(*only),
                _ => None,
            }
        })
    }

    /// What can be said of a module no doc describes: a suite says what it is for
    /// (`suite_description`); other code is named by what it defines.
    fn module_without_doc(&self, module: &'a Module) -> Option<String> {
        if self.context.index.graph.is_docs_dir(&module.path) {
            let files = self.files_of(module);
            // Documents are prose: guzzle's `docs/Makefile` and `docs/requirements.txt` build
            // the site and are no documents.
            let documents = files
                .iter()
                .filter(|file| !is_flagged(file) && is_prose(file))
                .count();
            // Code in an examples or demo directory shows the API; the rest builds the site
            // (dayjs's `docs/demo/index.js` is a page of usage examples).
            let (examples, code): (Vec<&&FileMap>, Vec<&&FileMap>) = files
                .iter()
                .filter(|file| file.language.is_code())
                .partition(|file| in_example_suite(&file.path));
            let (examples, code) = (examples.len(), code.len());
            if documents == 0 && examples == 0 && code > 0 {
                return Some(format!(
                    "Code for building the documentation site: {}.",
                    plural(code, "file", "files")
                ));
            }
            let mut parts = Vec::new();
            if documents > 0 || code + examples == 0 {
                parts.push(plural(documents, "document", "documents"));
            }
            if examples > 0 {
                parts.push(format!(
                    "{} of examples",
                    plural(examples, "code file", "code files")
                ));
            }
            match code {
                0 => {}
                1 => parts.push("1 code file for building its site".to_string()),
                code => parts.push(format!("{code} code files for building its site")),
            }
            return Some(format!(
                "The project's documentation: {}.",
                join_and(&parts)
            ));
        }
        if self.is_test_data(module) {
            return self.top_level_listing(module, "Test data:", |file| {
                !is_flagged(file) && !is_package_marker(file)
            });
        }
        if let Some((documents, code)) = self.mostly_documents(module) {
            return Some(format!(
                "Holds {} and {}.",
                plural(documents, "document", "documents"),
                plural(code, "code file", "code files")
            ));
        }
        match self.suite_description(module) {
            Some(Suite::Named(description) | Suite::Unlinked(description)) => Some(description),
            // The root whose code only maintains or measures the project (p-queue's
            // `bench.ts`) is said by what it holds, not by the benchmark's names.
            None if module.path.is_empty() && self.module_role(module) == ModuleRole::Tooling => {
                self.manifest_only(module)
                    .or_else(|| Some(self.top_level_files(module)))
            }
            None => {
                // A lone file's doc says more than its names; what its types implement says
                // more than "Defines …".
                let single = self.only_code_file_description(module);
                match single {
                    Some(text)
                        if !["Defines ", "Exports ", "Its public names: "]
                            .iter()
                            .any(|lead| text.starts_with(lead)) =>
                    {
                        Some(text)
                    }
                    single => self
                        .module_implementations(module)
                        .or(single)
                        .or_else(|| self.module_defined_names(module))
                        .or_else(|| self.manifest_only(module)),
                }
            }
        }
    }

    /// A module whose public types implement or extend types of other modules, by those:
    /// "`GcsFs` implements `afero.Fs` and `GcsFile` implements `afero.File`. Also defines `Fs`,
    /// `ErrEmptyObjectName` and 14 more." (afero's `gcsfs`, with no package doc).
    fn module_implementations(&self, module: &'a Module) -> Option<String> {
        let context = self.context;
        let mut files = self.files_of(module);
        files.retain(|file| {
            !is_flagged(file)
                && file.language.is_code()
                && !cartograph_graph::is_test_path(&file.path)
        });
        let own: BTreeSet<&str> = files.iter().map(|file| file.path.as_str()).collect();
        // Per supertype, in the order met: whether it is extended (a class) or implemented,
        // and the module's types below it.
        let mut supertypes: Vec<(String, bool, Vec<&str>)> = Vec::new();
        for file in &files {
            for (at, symbol) in file.parsed.symbols.iter().enumerate() {
                if !is_type_kind(symbol.kind) || !context.index.graph.is_public(&file.path, at) {
                    continue;
                }
                let Some(node) = context.type_at(file, at) else {
                    continue;
                };
                for supertype in context.hierarchy.supertypes(node) {
                    let cartograph_graph::Supertype::Defined(other) = supertype else {
                        continue;
                    };
                    let Some((other_file, other_symbol)) = context.type_of(*other) else {
                        continue;
                    };
                    if own.contains(other_file.path.as_str()) {
                        continue;
                    }
                    let extended =
                        !matches!(other_symbol.kind, SymbolKind::Interface | SymbolKind::Trait)
                            && file.language != Language::Go;
                    let label = code_span(&type_label(file, other_file, other_symbol));
                    let name = symbol.name.as_str();
                    match supertypes.iter_mut().find(|(known, ..)| *known == label) {
                        Some((_, _, types)) if !types.contains(&name) => types.push(name),
                        Some(_) => {}
                        None => supertypes.push((label, extended, vec![name])),
                    }
                }
            }
        }
        if supertypes.is_empty() {
            return None;
        }
        // The supertypes most of the module's types build on first; those the same types
        // build on said together (sftpfs's `Fs` implements `afero.Fs` and `afero.Symlinker`).
        supertypes.sort_by_key(|(_, _, types)| std::cmp::Reverse(types.len()));
        let mut merged: Vec<(String, bool, Vec<&str>)> = Vec::new();
        for (label, extended, types) in supertypes {
            match merged
                .iter_mut()
                .find(|(_, known_extended, known)| *known_extended == extended && *known == types)
            {
                Some((labels, ..)) => {
                    labels.push_str(" and ");
                    labels.push_str(&label);
                }
                None => merged.push((label, extended, types)),
            }
        }
        let supertypes = merged;
        let said: Vec<String> = supertypes
            .iter()
            .take(MAX_IMPLEMENTATIONS_SAID)
            .map(|(label, extended, types)| {
                let shown: Vec<String> = types.iter().take(3).map(|name| code_span(name)).collect();
                let names = if types.len() > shown.len() {
                    format!(
                        "{} and {} more",
                        shown.join(", "),
                        types.len() - shown.len()
                    )
                } else {
                    join_and(&shown)
                };
                let verb = match (extended, types.len()) {
                    (true, 1) => "extends",
                    (true, _) => "extend",
                    (false, 1) => "implements",
                    (false, _) => "implement",
                };
                format!("{names} {verb} {label}")
            })
            .collect();
        let types: Vec<&str> = supertypes
            .iter()
            .flat_map(|(_, _, types)| types.iter().copied())
            .collect();
        let mut text = format!("{}.", said.join("; "));
        if supertypes.len() > MAX_IMPLEMENTATIONS_SAID {
            let _ = write!(
                text,
                " Its types build on {} more of other modules.",
                plural(supertypes.len() - MAX_IMPLEMENTATIONS_SAID, "type", "types")
            );
        }
        // What else it defines, past the types named.
        let named: BTreeSet<&str> = types.into_iter().collect();
        if let Some(defined) = self.module_defined_names(module) {
            if let Some(rest) = defined
                .strip_prefix("Defines ")
                .or_else(|| defined.strip_prefix("Exports "))
                .or_else(|| defined.strip_prefix("Its public names: "))
            {
                // Code spans of the sentence that are names the module defines, not words of a
                // doc quoted in it (cattrs's `preconf`: "Wrap a `Converter` …", a class
                // it imports, was among what it "also defines").
                let files = self.files_of(module);
                let defines = |name: &str| {
                    // A member is shown by its path (`app.use`, `Type::new`).
                    let last = name.rsplit(['.', ':']).next().unwrap_or(name);
                    files.iter().any(|file| {
                        file.parsed
                            .symbols
                            .iter()
                            .any(|symbol| symbol.name == name || symbol.name == last)
                    })
                };
                let names: Vec<&str> = rest
                    .split('`')
                    .skip(1)
                    .step_by(2)
                    .filter(|name| defines(name))
                    .collect();
                // "… and 134 more." or "… and 134 more, besides 1 internal type." (echo's
                // `middleware` lost its "and N more" to the second); every count of the
                // sentence ("5 subclasses of `async_retry_base`: … and 2 more; and 1 more
                // definition": tenacity's `asyncio` lost the 2 to the last).
                let more: usize = rest
                    .split(" and ")
                    .skip(1)
                    .filter_map(|tail| tail.split_once(" more"))
                    .filter_map(|(count, _)| count.parse::<usize>().ok())
                    .sum();
                // The types named above are among the ones "and N more" counted.
                let more =
                    more.saturating_sub(named.iter().filter(|name| !names.contains(name)).count());
                let others: Vec<String> = names
                    .iter()
                    .filter(|name| !named.contains(*name))
                    .map(|name| code_span(name))
                    .collect();
                match (others.as_slice(), more) {
                    ([], 0) => {}
                    ([], more) => {
                        let noun = if more == 1 { "name" } else { "names" };
                        let _ = write!(text, " Also defines {more} more {noun}.");
                    }
                    (others, 0) => {
                        let _ = write!(text, " Also defines {}.", join_and(others));
                    }
                    (others, more) => {
                        let _ =
                            write!(text, " Also defines {} and {more} more.", others.join(", "));
                    }
                }
            }
        }
        Some(text)
    }

    /// A module of test data: under a test directory, with no code that does anything
    /// (jinja's `tests/res`: templates, a zip and an empty `__init__.py`).
    fn is_test_data(&self, module: &Module) -> bool {
        cartograph_graph::is_test_dir(&module.path)
            && !self
                .files_of(module)
                .iter()
                .any(|file| is_substantial_code(file))
    }

    /// A module of one code file is what that file is (zod's `src/v4`: an `index.ts` that
    /// re-exports `classic/`).
    fn only_code_file_description(&self, module: &'a Module) -> Option<String> {
        let files = self.files_of(module);
        // A tool's settings written as code (`vitest.config.mts`) are no module's purpose.
        let mut code = files.iter().filter(|file| {
            !is_flagged(file) && file.language.is_code() && known_config(file).is_none()
        });
        match (code.next(), code.next()) {
            (Some(only), None) => self.describe_file(only),
            _ => None,
        }
    }

    /// `(documents, code files)` of a module of documents with some code beside them, at
    /// least twice as many documents (zod's `docs/content`: nineteen MDX pages and the test
    /// that checks their examples); `None` for any other.
    fn mostly_documents(&self, module: &'a Module) -> Option<(usize, usize)> {
        let files = self.files_of(module);
        // The documents the page lists as such (itsdangerous's `LICENSE.txt` too: "5
        // documents" above a list of 6).
        let documents = files
            .iter()
            .filter(|file| !is_flagged(file) && is_prose(file))
            .count();
        let code = files
            .iter()
            .filter(|file| !is_flagged(file) && file.language.is_code())
            .count();
        (code > 0 && documents >= 3 && documents >= 2 * code).then_some((documents, code))
    }

    /// A module of manifests alone says what they install (guzzle's `vendor-bin/psalm`, a
    /// `composer.json` that requires `psalm/phar`: the tool, kept apart from the package's own
    /// dependencies).
    fn manifest_only(&self, module: &Module) -> Option<String> {
        const SHOWN: usize = 3;
        let files = self.files_of(module);
        if files.iter().any(|file| file.language.is_code()) {
            return None;
        }
        let manifests: Vec<_> = self
            .context
            .manifests
            .iter()
            .filter(|manifest| module.files.contains(&manifest.path))
            .collect();
        let mut seen = BTreeSet::new();
        let names: Vec<String> = manifests
            .iter()
            .flat_map(|manifest| &manifest.dependencies)
            // What it runs on (`php`, `engines.node`) is not what it declares to install.
            .filter(|dependency| dependency.platform.is_none())
            // A package declared as a peer and for development is one.
            .filter(|dependency| seen.insert(dependency.name.to_ascii_lowercase()))
            .map(|dependency| code_span(&dependency.name))
            .collect();
        if names.is_empty() {
            return None;
        }
        // Named by the manifests that declare them (tenacity's `pyproject.toml`), not the
        // first manifest of the module (its CI workflow, which declares none).
        let declaring: Vec<String> = manifests
            .iter()
            .filter(|manifest| {
                manifest
                    .dependencies
                    .iter()
                    .any(|dependency| dependency.platform.is_none())
            })
            .map(|manifest| code_span(manifest.path.file_name()))
            .collect::<BTreeSet<String>>()
            .into_iter()
            .collect();
        let shown = names.iter().take(SHOWN).cloned().collect::<Vec<_>>();
        let listed = match names.len().saturating_sub(SHOWN) {
            0 => join_and(&shown),
            more => format!("{} and {more} more", shown.join(", ")),
        };
        Some(format!(
            "Declares {listed} in {}, with no code of its own.",
            join_and(&declaring)
        ))
    }

    /// For a module that is all tests, benchmarks, examples or shell scripts (`None` for any
    /// other): a test suite tests the modules it imports ("Tests of `source`."), benchmarks and
    /// examples likewise, and a directory of scripts is named by its scripts; `Suite::Unlinked`
    /// when such a suite imports nothing there is to name.
    /// A module whose code is all trybuild's cases (thiserror's `tests/ui`): "37 programs
    /// that must fail to compile, each with the compiler errors it must give in a `.stderr`
    /// beside it; [[tests/compiletest.rs]] checks them with trybuild."
    fn trybuild_suite(&self, code: &[&&FileMap]) -> Option<String> {
        let cases: Vec<&crate::trybuild::Case> = code
            .iter()
            .map(|file| self.context.trybuild_case(file.path.as_str()))
            .collect::<Option<_>>()?;
        let failing = cases
            .iter()
            .filter(|case| case.expect == crate::trybuild::Expect::CompileFail)
            .count();
        let passing = cases.len() - failing;
        let mut drivers: Vec<String> = cases.iter().map(|case| cite(&case.driver)).collect();
        drivers.sort();
        drivers.dedup();
        let programs = |count: usize| plural(count, "program", "programs");
        let what = match (failing, passing) {
            (0, _) => format!("{} that must compile and run", programs(passing)),
            (_, 0) => format!(
                "{} that must fail to compile, each with the compiler errors it must give in a `.stderr` beside it",
                programs(failing)
            ),
            _ => format!(
                "{} that must fail to compile and {passing} that must compile and run",
                programs(failing)
            ),
        };
        Some(format!(
            "{what}; {} {} them with trybuild.",
            join_and(&drivers),
            if drivers.len() == 1 {
                "checks"
            } else {
                "check"
            }
        ))
    }

    fn suite_description(&self, module: &'a Module) -> Option<Suite> {
        if self.mostly_documents(module).is_some() {
            return None;
        }
        let files = self.files_of(module);
        // A Java module descriptor declares no class: a module of tests may hold a dummy one.
        let code: Vec<&&FileMap> = files
            .iter()
            .filter(|file| {
                is_substantial_code(file) && !cartograph_graph::is_java_descriptor(&file.path)
            })
            .collect();
        // The repository's root, with its manifest and README, is no suite for a benchmark
        // beside them (p-queue's `bench.ts` made it "Benchmarks of `source`").
        if code.is_empty() || module.path.is_empty() && code.len() < files.len() {
            return None;
        }
        if let Some(cases) = self.trybuild_suite(&code) {
            return Some(Suite::Named(cases));
        }
        let all = |test: &dyn Fn(&FileMap) -> bool| code.iter().all(|file| test(file));
        // attrs' `bench/test_benchmarks.py` is named as a test and is a benchmark.
        let last_dir = module.path.rsplit('/').next().unwrap_or("");
        let what = if all(&|file| is_benchmark_path(&file.path)) {
            // memchr's `benchmarks/shared`: the harness its engines share.
            if matches!(
                last_dir,
                "shared" | "common" | "harness" | "support" | "util" | "utils" | "helpers"
            ) {
                "Helpers for the benchmarks"
            } else {
                "Benchmarks"
            }
        } else if all(&|file| cartograph_graph::is_test_path(&file.path)) {
            // koa's `test-helpers/`: no file of it is named as a test; the suite's files use
            // them.
            let named_as_test = |file: &FileMap| {
                RepoPath::new(file.path.file_name())
                    .is_ok_and(|name| cartograph_graph::is_test_path(&name))
            };
            let holds_helpers = ["helper", "util", "support"]
                .iter()
                .any(|word| module.path.rsplit('/').next().unwrap_or("").contains(word));
            // pino's `test/fixtures/eval/`: scripts the tests run, holding no test.
            let fixtures =
                in_fixtures_dir(&module.path) && !files.iter().any(|file| holds_tests(file));
            if holds_helpers && !code.iter().any(|file| named_as_test(file)) {
                "Helpers for the tests"
            } else if fixtures {
                "Test fixtures"
            } else {
                "Tests"
            }
        } else if all(&|file| is_fuzz_path(&file.path)) {
            "Fuzz targets"
        } else if all(&|file| cartograph_graph::is_example_dir(file.path.parent())) {
            "Examples"
        } else if all(&|file| file.language == Language::Bash) {
            let names: Vec<String> = code
                .iter()
                .take(names_shown(code.len()))
                .map(|file| code_span(file.path.file_name()))
                .collect();
            let more = code.len() - names.len();
            return Some(Suite::Named(listing("Shell scripts", &names, more, "more")));
        } else {
            return None;
        };
        // What a suite exercises is the code it imports, not the helpers of other suites it
        // shares (`tests/utils.py`).
        // The modules it imports, and those whose names it uses without an import (a Java
        // test names the classes of its own package: jsoup's `CleanerTest` uses `Cleaner`).
        // Nor is a module of test helpers kept among the code (monolog's `src/Monolog/Test`,
        // whose `MonologTestCase` 89 tests extend), nor one that only supports the tests.
        let support = self
            .context
            .test_support
            .get_or_init(|| self.test_support_modules());
        // Nor are the other modules of its own suite (memchr's engines share
        // `benchmarks/shared`, a harness: they benchmark the crates they time).
        let own_suite = suite_root(&module.path);
        let helpers = |to: &str| {
            cartograph_graph::is_test_dir(to)
                || support.contains(to)
                || own_suite.is_some() && suite_root(to) == own_suite
                || matches!(
                    to.rsplit('/')
                        .next()
                        .map(str::to_ascii_lowercase)
                        .as_deref(),
                    Some("test" | "tests" | "testing")
                )
        };
        let mut used: Vec<(&str, u32)> = self
            .module_edges()
            .iter()
            .filter(|edge| edge.from == module.path && !helpers(&edge.to))
            .map(|edge| (edge.to.as_str(), edge.count))
            .collect();
        for ((from, to), names) in &self.context.crossing_names {
            if *from == module.path && !helpers(to) && !used.iter().any(|(known, _)| known == to) {
                used.push((to, u32::try_from(names.len()).unwrap_or(u32::MAX)));
            }
        }
        // The code the suite mirrors comes first (jsoup's `src/test/java/org/jsoup/nodes`
        // tests `src/main/java/org/jsoup/nodes`), then by how much it uses.
        let mirrors = |to: &str| mirrored_depth(&module.path, to);
        used.sort_by(|a, b| {
            mirrors(b.0)
                .cmp(&mirrors(a.0))
                .then(b.1.cmp(&a.1))
                .then(a.0.cmp(b.0))
        });
        let names: Vec<String> = used
            .iter()
            .take(names_shown(used.len()))
            .map(|(to, _)| match *to {
                "" => ROOT_IN_PROSE.to_string(),
                to => code_span(to),
            })
            .collect();
        if names.is_empty() {
            // zustand's example apps declare `"zustand": "^5.0.2"`: they run the published
            // package, not this checkout's source.
            if let Some(package) = self.published_own_package(module) {
                return Some(Suite::Unlinked(format!(
                    "{what} that use the published {} package, not this checkout's source.",
                    code_span(package)
                )));
            }
            // httparty's `features/`: Cucumber scenarios and the steps that drive the library
            // through its public entry (`require 'httparty'`), which no import resolves to.
            let scenarios = files
                .iter()
                .filter(|file| file.path.file_name().ends_with(".feature"))
                .count();
            if what == "Tests" && scenarios > 0 {
                return Some(Suite::Unlinked(format!(
                    "Acceptance tests: {} written in Gherkin (Cucumber), with the step definitions that run them.",
                    plural(scenarios, ".feature file", ".feature files")
                )));
            }
            // fd's integration tests run its binary: they import nothing of it.
            if what.starts_with("Helpers") {
                return Some(Suite::Unlinked(format!(
                    "{what}, which import no module of the project."
                )));
            }
            return Some(Suite::Unlinked(format!(
                "{what} that import no module of the project."
            )));
        }
        let more = used.len() - names.len();
        let more_what = if more == 1 {
            "more module"
        } else {
            "more modules"
        };
        let lead = match what {
            "Test fixtures" => "Test fixtures, holding no test, that use".to_string(),
            _ => format!("{what} of"),
        };
        let described = listing(&lead, &names, more, more_what);
        if what == "Tests" {
            if let Some(counted) = self.tests_counted(&files) {
                return Some(Suite::Named(format!("{described} {counted}")));
            }
        }
        // The harness that runs them, from what they import (arrayvec's benchmarks use
        // `bencher`, ryu's Criterion, its fuzz targets libFuzzer).
        if matches!(what, "Benchmarks" | "Fuzz targets") {
            if let Some(harness) = suite_harness(&code) {
                let verb = if what == "Benchmarks" { "timed" } else { "run" };
                let described = described.trim_end_matches('.');
                return Some(Suite::Named(format!("{described}, {verb} with {harness}.")));
            }
        }
        Some(Suite::Named(described))
    }

    /// How many tests a runner collects from `files`, where each file's are counted (not
    /// RSpec's blocks, of which only the outermost are known; JavaScript's `it` and `test`
    /// calls are counted): "At least 1573 tests in 50 files." `None` when none are.
    fn tests_counted(&self, files: &[&FileMap]) -> Option<String> {
        let blocks = files
            .iter()
            .any(|file| file.parsed.test_blocks.is_some() && file.parsed.test_functions == 0);
        let tests: usize = files.iter().map(|file| self.tests_of(file)).sum();
        if blocks || tests == 0 {
            return None;
        }
        let with_tests = files
            .iter()
            .filter(|file| holds_counted_tests(file) || self.tests_of(file) > 0)
            .count();
        let disabled: usize = files
            .iter()
            .map(|file| file.parsed.disabled_tests as usize)
            .sum();
        let generated = match files
            .iter()
            .filter(|file| file.parsed.test_macros > 0)
            .count()
        {
            0 => String::new(),
            1 => " (and more that macros generate in 1 of them)".to_string(),
            some => format!(" (and more that macros generate in {some} of them)"),
        };
        Some(format!(
            "{} in {}{generated}.",
            with_disabled(
                match self.at_least(files).as_str() {
                    "" => plural(tests, "test", "tests"),
                    _ => format!("At least {}", plural(tests, "test", "tests")),
                },
                tests,
                disabled
            ),
            plural(with_tests, "file", "files")
        ))
    }

    /// The name of a package of this repository that a manifest inside `module` declares as
    /// an ordinary dependency, from the registry: the module uses its published release.
    fn published_own_package(&self, module: &Module) -> Option<&'c str> {
        let manifests = &self.context.manifests;
        let inside = |path: &RepoPath| module.files.binary_search(path).is_ok();
        let own: BTreeSet<&str> = manifests
            .iter()
            .filter(|manifest| !inside(&manifest.path))
            .filter_map(|manifest| manifest.name.as_deref())
            .collect();
        // A dependency on a path or on the workspace is this checkout's source; so is a Cargo
        // dependency with a version and a path (memchr's `rust-memchr` engine), where one
        // with a version alone is the release (its `rust-memchrold`).
        let from_registry =
            |manifest: &Manifest, dependency: &cartograph_manifest::Dependency| match self
                .context
                .file(manifest.path.as_str())
                .and_then(|file| file.parsed.cargo.as_deref())
            {
                Some(cargo) => cargo.registry_dependencies.contains(&dependency.name),
                None => !["path:", "workspace", "file:", "link:", "portal:"]
                    .iter()
                    .any(|local| dependency.version.starts_with(local)),
            };
        manifests
            .iter()
            .filter(|manifest| inside(&manifest.path))
            .flat_map(|manifest| {
                manifest
                    .dependencies
                    .iter()
                    .filter(move |dependency| from_registry(manifest, dependency))
            })
            .find(|dependency| own.contains(dependency.name.as_str()))
            .and_then(|dependency| own.get(dependency.name.as_str()).copied())
    }

    /// `defined_names` over several files: what a module without any doc defines, from its
    /// code outside tests.
    fn module_defined_names(&self, module: &'a Module) -> Option<String> {
        let mut files = self.files_of(module);
        files.retain(|file| {
            !is_flagged(file)
                && file.language.is_code()
                && !cartograph_graph::is_test_path(&file.path)
        });
        let front = self.front_file(module).map(|file| &file.path);
        // What a JavaScript package's entry passes on is its public API, not every export of
        // its files (p-queue's `RunFunction`, exported by `queue.ts` alone, which its
        // `exports` map does not offer). A Python package's submodules are importable
        // whatever its `__all__` says (prettytable's `colortable.ColorTable`).
        let declared: Option<BTreeSet<&str>> = match self.module_role(module) {
            ModuleRole::Tests => None,
            _ => self
                .package_exports(module)
                .filter(|(_, _, how)| matches!(how, Exports::Entry))
                .map(|(_, names, _)| names.into_iter().map(|(name, _)| name).collect()),
        };
        let declared = declared.filter(|declared| {
            files.iter().any(|file| {
                file.parsed
                    .symbols
                    .iter()
                    .any(|symbol| declared.contains(symbol.name.as_str()))
            })
        });
        self.names_defined_in(&files, front, false, declared.as_ref())
    }

    /// The names `files` define, public ones first, then those of `front` (the module's front
    /// file), then the most used; for one file (`of_file`), introduced by the doc of the first.
    /// Public means, given `declared`, also among the names the package passes on.
    fn names_defined_in(
        &self,
        files: &[&FileMap],
        front: Option<&RepoPath>,
        of_file: bool,
        declared: Option<&BTreeSet<&str>>,
    ) -> Option<String> {
        let graph = self.context.index.graph;
        #[allow(clippy::type_complexity)]
        let mut names: Vec<(u8, bool, std::cmp::Reverse<usize>, &str, usize, String)> = Vec::new();
        for file in files {
            for (at, symbol) in file.parsed.symbols.iter().enumerate() {
                // Express's `app.use = function use(fn) {…}` on the object the file exports
                // is what `application.js` offers, not its private `logerror`.
                let exported_member = symbol.kind == SymbolKind::Method
                    && detached_member(file, symbol)
                    && graph.is_public(&file.path, at);
                // Ruby's `module HTTParty; class Request` is where the gem's types live.
                let namespaced = ruby_namespaced_type(file, symbol);
                let users = self.users_of(file, &symbol.name);
                // A module-level object other files import is what they come for (loguru's
                // `get_frame = load_get_frame_function()`).
                // So is one the file lists as its API (tenacity's `WrappedFn`, a `TypeVar` in
                // `__all__`).
                let used_variable = symbol.kind == SymbolKind::Variable
                    && (users > 0
                        || file.parsed.exports.as_ref().is_some_and(|exports| {
                            exports.iter().any(|name| **name == *symbol.name)
                        }));
                if !(cartograph_graph::is_top_level(file, symbol)
                    && (is_key_definition(file, symbol) || used_variable)
                    || exported_member
                    || namespaced)
                {
                    continue;
                }
                // A Python module's `__getattr__` or `__dir__` is a hook of the import system
                // (toolz's answers `__version__`), no name one calls.
                if file.language == Language::Python
                    && symbol.parent.is_none()
                    && symbol.name.len() > 4
                    && symbol.name.starts_with("__")
                    && symbol.name.ends_with("__")
                {
                    continue;
                }
                // A C header's macros (cJSON's `CJSON_CDECL`, `CJSON_PUBLIC`) come after its
                // types and functions, as its constants do.
                let c_macro = symbol.kind == SymbolKind::Macro
                    && matches!(file.language, Language::C | Language::Cpp);
                let public = graph.is_public(&file.path, at)
                    && declared.is_none_or(|declared| {
                        symbol.parent.is_some() || declared.contains(symbol.name.as_str())
                    });
                let tier = match (public, symbol.kind == SymbolKind::Constant || c_macro) {
                    (true, false) => 0,
                    (true, true) => 1,
                    (false, _) => 2,
                };
                names.push((
                    tier,
                    front != Some(&file.path),
                    std::cmp::Reverse(users),
                    file.path.as_str(),
                    at,
                    shown_name(file, symbol),
                ));
            }
        }
        names.sort();
        // A name declared in a header and defined in a source (`cJSON.h`, `cJSON.c`), or in a
        // stub beside its module, is one, and so is a Ruby class or C# partial class opened in
        // several files; two Java or PHP classes of one name in two packages (commons-cli's
        // `HelpFormatter` and `help/HelpFormatter`, FastRoute's two `MarkBased`) are two.
        let mut seen = BTreeSet::new();
        names.retain(|(_, _, _, path, _, name)| {
            let reopened = self.context.file(path).is_none_or(|file| {
                matches!(
                    file.language,
                    Language::Ruby | Language::CSharp | Language::C | Language::Cpp
                )
            });
            // A Go package's name is one across its files: the same name in two of them is a
            // build-tag alternative (viper's `Finder` in `finder.go` and `finder_default.go`).
            let go_package = self
                .context
                .file(path)
                .is_some_and(|file| file.language == Language::Go);
            let stem = if reopened {
                ""
            } else if go_package {
                path.rsplit_once('/').map_or("", |(dir, _)| dir)
            } else {
                // nanoid's `non-secure/index.d.ts` declares what `non-secure/index.js` defines.
                let undeclared = [".d.ts", ".d.mts", ".d.cts"]
                    .iter()
                    .find_map(|suffix| path.strip_suffix(suffix));
                undeclared.unwrap_or_else(|| path.rsplit_once('.').map_or(*path, |(stem, _)| stem))
            };
            seen.insert((stem.to_string(), name.clone()))
        });
        // A script says what it does in the doc of the function it runs (jinja's
        // `scripts/generate_identifier_pattern.py`: `main`, "Build the regex pattern and write
        // it to `jinja2/_identifier.py`."), more than in its first helper's.
        if let [file] = files {
            let runs = self
                .context
                .entry_points
                .iter()
                .find(|(entry, _)| entry.path == file.path)
                .and_then(|(_, symbol)| *symbol)
                .filter(|symbol| {
                    symbol
                        .doc
                        .as_deref()
                        .and_then(|doc| first_line(doc, 160))
                        .is_some_and(|doc| doc.split_whitespace().count() >= MIN_DESCRIPTION_WORDS)
                });
            if let Some(position) = runs.and_then(|symbol| {
                names.iter().position(|(.., at, _)| {
                    file.parsed
                        .symbols
                        .get(*at)
                        .is_some_and(|defined| std::ptr::eq(defined, symbol))
                })
            }) {
                let mut entry = names.remove(position);
                entry.0 = names.first().map_or(entry.0, |first| first.0.min(entry.0));
                names.insert(0, entry);
            }
        }
        let best = names.first()?.0;
        let mut shown_names = BTreeSet::new();
        let shown: Vec<String> = names
            .iter()
            .take_while(|(tier, ..)| *tier == best)
            .filter(|(.., name)| shown_names.insert(name.as_str()))
            .take(DEFINED_NAMES)
            .map(|(.., name)| code_span(name))
            .collect();
        // Public names are counted apart from private ones: "and 1 more" for a private helper
        // reads as more API.
        let private = if best < 2 {
            names.iter().filter(|(tier, ..)| *tier == 2).count()
        } else {
            0
        };
        let more = names.len() - shown.len() - private;
        // A module's types kept from the public API are named by their count, so that a list of
        // the public ones does not read as all it defines (phpdotenv's `Store`: four public
        // types beside the `@internal` `Paths` and `Reader`, which do the reading).
        let internal_types = if best < 2 && !of_file {
            names
                .iter()
                .filter(|(tier, _, _, path, at, _)| {
                    *tier == 2
                        && self.context.file(path).is_some_and(|file| {
                            file.parsed
                                .symbols
                                .get(*at)
                                // zustand's `type SetStateInternal<T> = …`: a type too.
                                .is_some_and(|symbol| {
                                    symbol.kind.is_type() || symbol.kind == SymbolKind::TypeAlias
                                })
                        })
                })
                .count()
        } else {
            0
        };
        let besides = match internal_types {
            0 => String::new(),
            1 => ", besides 1 internal type".to_string(),
            n => format!(", besides {n} internal types"),
        };
        // A file's list of public names says what else it holds that other files use, so that
        // it does not read as all they take from it (indexmap's `src/macros.rs`: four exported
        // macros, and four internal ones the crate's other files invoke).
        let shared_internals = if of_file && best < 2 {
            names
                .iter()
                .filter(|(tier, _, users, ..)| *tier == 2 && users.0 > 0)
                .count()
        } else {
            0
        };
        let besides = match shared_internals {
            0 => besides,
            1 => ", besides 1 internal one other files use".to_string(),
            n => format!(", besides {n} internal ones other files use"),
        };
        // A JavaScript file exports names its JSDoc marks private (debug's `save` and `load`,
        // `@api private`): they are no API, but "exports 4 functions" of six would be false.
        let marked_private = match files {
            [file] if of_file && best < 2 => names
                .iter()
                .filter(|(tier, .., at, _)| {
                    *tier == 2
                        && file.parsed.symbols.get(*at).is_some_and(|symbol| {
                            file.parsed.exports.as_ref().is_some_and(|exports| {
                                exports.iter().any(|export| *export == symbol.name)
                            })
                        })
                })
                .count(),
            _ => 0,
        };
        let besides = match marked_private {
            0 => besides,
            n if besides.is_empty() => format!(", besides {n} its doc comments mark private"),
            n => format!("{besides} and {n} its doc comments mark private"),
        };
        // One file's lead definition with a doc says more than its name does: "`Parse`: Utility
        // for parsing a command. Also defines `ParseError`." Not a test's: one test's doc is not
        // what its file is about.
        let lead = match (files, names.first()) {
            ([file], Some((.., at, name)))
                if of_file && !cartograph_graph::is_test_path(&file.path) =>
            {
                file.parsed.symbols.get(*at).and_then(|symbol| {
                    let doc = first_line(symbol.doc.as_deref()?, 160)?;
                    (doc.split_whitespace().count() >= MIN_DESCRIPTION_WORDS)
                        .then(|| deprecated_said(symbol, named_doc(name, &symbol.name, &doc)))
                })
            }
            _ => None,
        };
        // Counted by kind, the public names are not all a file defines when it has internal
        // ones too: dotenv's `lib/main.js` "Defines 4 functions" beside its 11 internal ones.
        // A module's public names are its files' own, not what its package offers importers
        // (pytest-mock's `__all__` names 5 of plugin.py's 25): said as names, not exports.
        let defines = match (private > 0, of_file) {
            (false, _) => "defines",
            (true, true) => "exports",
            (true, false) => "its public names:",
        };
        let listed = |names: &[String], more: usize| match (names, more) {
            ([only], 0) => only.clone(),
            ([init @ .., last], 0) => format!("{} and {last}", init.join(", ")),
            (names, more) => format!("{} and {more} more", names.join(", ")),
        };
        Some(match lead {
            Some(lead) if shown.len() == 1 && more == 0 => lead,
            Some(lead) => {
                let stop = if lead.ends_with(['.', '!', '?', '…']) {
                    ""
                } else {
                    "."
                };
                // Beside the lead, the public names of the next tier (logrus's `formatter.go`:
                // `Formatter`, then its `FieldKey…` constants) rather than "and 6 more" alone.
                let public = |tier: u8| tier < 2 || best == 2;
                let others: Vec<(&str, usize, &str)> = names
                    .iter()
                    .skip(1)
                    .filter(|(tier, ..)| public(*tier))
                    .map(|(_, _, _, path, at, name)| (*path, *at, name.as_str()))
                    .collect();
                format!(
                    "{lead}{stop} Also {defines} {}{besides}.",
                    self.kinds_listed(&others)
                )
            }
            None => {
                let best_names: Vec<(&str, usize, &str)> = names
                    .iter()
                    .filter(|(tier, ..)| *tier == best)
                    .map(|(_, _, _, path, at, name)| (*path, *at, name.as_str()))
                    .collect();
                match self.shared_supertype(&best_names) {
                    // tenacity's `retry.py`: fifteen conditions, all `retry_base`'s subclasses.
                    Some((how, members, rest)) => {
                        let shown: Vec<String> = members
                            .iter()
                            .take(DEFINED_NAMES)
                            .map(|name| code_span(name))
                            .collect();
                        // tenacity's `retry.py` also defines `_retry_never` and
                        // `_retry_always`: its public ones are what it exports.
                        let family = format!(
                            "{} {} {how}: {}",
                            upper_first(defines),
                            members.len(),
                            listed(&shown, members.len() - shown.len())
                        );
                        let others = rest.len() + (names.len() - best_names.len() - private);
                        match others {
                            0 => format!("{family}{besides}."),
                            1 => format!("{family}; and 1 more definition{besides}."),
                            n => format!("{family}; and {n} more definitions{besides}."),
                        }
                    }
                    None => match self.single_signature(&best_names, shown.len() + more) {
                        // walkdir's `src/util.rs`: one function, by what it takes and gives.
                        Some(signature) => format!("Defines {signature}{besides}."),
                        None => {
                            let counted: Vec<(&str, usize, &str)> = names
                                .iter()
                                .filter(|(tier, ..)| *tier < 2 || best == 2)
                                .map(|(_, _, _, path, at, name)| (*path, *at, name.as_str()))
                                .collect();
                            format!(
                                "{} {}{besides}.",
                                upper_first(defines),
                                self.kinds_listed(&counted)
                            )
                        }
                    },
                }
            }
        })
    }

    /// Definitions named by kind, the kinds in the order of their first name (most used first):
    /// "the types `Level` and `Fields`, 8 interfaces (`StdLogger`, `FieldLogger` and 6 more)
    /// and the function `ParseLevel`". A bare list of names ("`Level`, `Fields`, `AllLevels`
    /// and 16 more") said nothing of what the file holds. A name defined twice (a header and
    /// its source) counts once.
    fn kinds_listed(&self, names: &[(&str, usize, &str)]) -> String {
        const KINDS_SHOWN: usize = 4;
        const NAMES_PER_KIND: usize = 3;
        // Per kind its names, once each, and how many definitions: thiserror's `src` defines
        // three private `Sealed` traits, one per file, and six traits in all.
        let mut groups: Vec<(&str, &str, Vec<&str>, usize)> = Vec::new();
        let mut seen = BTreeSet::new();
        for (path, at, name) in names {
            if !seen.insert((*path, *at)) {
                continue;
            }
            let Some(file) = self.context.file(path) else {
                continue;
            };
            let Some(symbol) = file.parsed.symbols.get(*at) else {
                continue;
            };
            // A definition exported only under another name goes by that name (chalk's
            // `export { stdoutColor as supportsColor }`).
            let name = file.parsed.exported_as(name).unwrap_or(name);
            // nanoid's `export const nanoid = (size = 21) => …` is a function held in a const.
            // Not Python's `PROPS = (` over a tuple (platformdirs' `conftest.py`).
            let function_value = matches!(symbol.kind, SymbolKind::Constant | SymbolKind::Variable)
                && matches!(
                    file.language,
                    Language::JavaScript | Language::TypeScript | Language::Tsx
                )
                && holds_function(&symbol.signature);
            // A conftest's fixtures are what its tests take, not functions they call.
            let (one, many) = if is_fixture(symbol) {
                ("pytest fixture", "pytest fixtures")
            } else if function_value {
                kind_nouns(SymbolKind::Function)
            } else {
                kind_nouns(symbol.kind)
            };
            match groups.iter_mut().find(|(noun, ..)| *noun == one) {
                Some((_, _, members, count)) => {
                    if !members.contains(&name) {
                        members.push(name);
                    }
                    *count += 1;
                }
                None => groups.push((one, many, vec![name], 1)),
            }
        }
        // One kind past the limit is named as the others are, not as "more definitions".
        let kinds_shown = if groups.len() == KINDS_SHOWN + 1 {
            KINDS_SHOWN + 1
        } else {
            KINDS_SHOWN
        };
        let mut parts: Vec<String> = groups
            .iter()
            .take(kinds_shown)
            .map(|(one, many, members, count)| {
                let spans: Vec<String> = members.iter().map(|name| code_span(name)).collect();
                match (members.len(), *count) {
                    (1, 1) => format!("the {one} {}", spans[0]),
                    (n, count) if n == count && n <= NAMES_PER_KIND => {
                        format!("the {many} {}", join_and(&spans))
                    }
                    // Names defined more than once (a `Sealed` trait per file): counted each.
                    (n, count) if n <= NAMES_PER_KIND => {
                        format!("{count} {many} ({})", join_and(&spans))
                    }
                    (_, count) => format!(
                        "{count} {many} ({}, {} and {} more)",
                        spans[0],
                        spans[1],
                        count - 2
                    ),
                }
            })
            .collect();
        let rest: usize = groups
            .iter()
            .skip(kinds_shown)
            .map(|(.., count)| *count)
            .sum();
        if rest > 0 {
            parts.push(plural(rest, "more definition", "more definitions"));
        }
        join_and(&parts)
    }

    /// The one function a file defines, with its signature when that says more than its name
    /// (walkdir's `src/util.rs`: "`device_num`, `pub fn device_num<P: AsRef<Path>>(path: P) ->
    /// io::Result<u64>`"), when it is all there is to say.
    fn single_signature(&self, names: &[(&str, usize, &str)], count: usize) -> Option<String> {
        const MAX_SIGNATURE_CHARS: usize = 120;
        let [(path, at, name)] = names else {
            return None;
        };
        if count != 1 {
            return None;
        }
        let symbol = self.context.file(path)?.parsed.symbols.get(*at)?;
        // A type alias short enough to read whole (ky's `KyRequest`, `{ json: … } & Request`).
        // Not Rust's, often one of several under `cfg`s (similar's `pub type Instant = ()`
        // when neither of its clocks is built).
        let file_language = self.context.file(path)?.language;
        if symbol.kind == SymbolKind::TypeAlias && file_language != Language::Rust {
            let signature = symbol
                .signature
                .lines()
                .next()?
                .trim()
                .trim_end_matches(';');
            let signature = signature
                .strip_prefix("export ")
                .unwrap_or(signature)
                .trim();
            let whole = signature.contains(" = ")
                && !signature.ends_with(['=', '{', '(', '<', '&', '|', ','])
                && signature.matches('{').count() == signature.matches('}').count();
            return (whole && signature.chars().count() <= MAX_SIGNATURE_CHARS)
                .then(|| format!("{}: {}", code_span(name), code_span(signature)));
        }
        if !matches!(symbol.kind, SymbolKind::Function | SymbolKind::Method) {
            return None;
        }
        let first = symbol.signature.lines().next()?;
        // Up to its body (`pub fn reset() {}` on one line).
        let signature = first
            .split_once('{')
            .map_or(first, |(head, _)| head)
            .trim()
            .trim_end_matches(':')
            .trim();
        // A signature cut at its first line (`fn print_count<W1, W2>(`) shows no more; nor does
        // one that declares the function under another name (`app.use = function use(fn)`).
        let whole = !signature.ends_with(['(', ',', '<'])
            && signature.contains(')')
            && (signature.contains(&format!("{name}(")) || signature.contains(&format!("{name}<")));
        // Nor one that takes nothing and gives nothing (`def main() -> None`, `func Spin()`).
        let signature = undecorated(signature);
        let open = signature.find('(')?;
        let close = signature.rfind(')')?;
        let takes = signature
            .get(open + 1..close)
            .is_some_and(|inside| !matches!(inside.trim(), "" | "self" | "&self" | "&mut self"));
        let after = signature.get(close + 1..).unwrap_or_default().trim();
        let gives = !matches!(after, "" | "-> None" | "-> ()" | ": void" | "-> void");
        (whole && (takes || gives) && signature.chars().count() <= MAX_SIGNATURE_CHARS)
            .then(|| format!("{}: {}", code_span(name), code_span(signature)))
    }

    /// The project type most of `names`' types extend or implement, when at least three do
    /// and they are two thirds of the types: ("subclasses of `retry_base`", those types'
    /// names, the other names). `names` are `(path, symbol index, shown name)`.
    fn shared_supertype(
        &self,
        names: &[(&str, usize, &str)],
    ) -> Option<(String, Vec<String>, Vec<String>)> {
        const MIN_MEMBERS: usize = 3;
        let context = self.context;
        let mut types = 0usize;
        let mut by_base: BTreeMap<(&str, usize), Vec<usize>> = BTreeMap::new();
        for (position, (path, at, _)) in names.iter().enumerate() {
            let Some(file) = context.file(path) else {
                continue;
            };
            if !file
                .parsed
                .symbols
                .get(*at)
                .is_some_and(|symbol| symbol.kind.is_type())
            {
                continue;
            }
            types += 1;
            let Some(node) = context.type_at(file, *at) else {
                continue;
            };
            // Its ancestors, a few levels up (`retry_if_exception_type` extends
            // `retry_if_exception`, which extends `retry_base`), each once.
            let ancestors: BTreeSet<cartograph_graph::TypeAt> = context
                .hierarchy
                .ancestors(node, 4)
                .into_iter()
                .map(|(base, _)| base)
                .collect();
            for base in ancestors {
                if let Some((base_file, _)) = context.type_of(base) {
                    by_base
                        .entry((base_file.path.as_str(), base.1 as usize))
                        .or_default()
                        .push(position);
                }
            }
        }
        let ((base_path, base_at), members) = by_base
            .into_iter()
            .max_by_key(|(_, members)| members.len())?;
        if members.len() < MIN_MEMBERS || members.len() * 3 < types * 2 {
            return None;
        }
        let base = context.file(base_path)?.parsed.symbols.get(base_at)?;
        let how = if matches!(base.kind, SymbolKind::Interface | SymbolKind::Trait) {
            format!("implementations of {}", code_span(&base.name))
        } else {
            format!("subclasses of {}", code_span(&base.name))
        };
        let member_names: Vec<String> = members
            .iter()
            .filter_map(|at| names.get(*at).map(|(.., name)| (*name).to_string()))
            .collect();
        let rest: Vec<String> = names
            .iter()
            .enumerate()
            .filter(|(at, _)| !members.contains(at))
            .map(|(_, (.., name))| (*name).to_string())
            .collect();
        Some((how, member_names, rest))
    }

    /// What a module is for, with the citation that backs it, from the best source there is:
    /// the module's own doc (`//!` crate docs, an `__init__.py` docstring), a README in its
    /// directory, its manifest's description, then the doc or summary of its most central code
    /// file. Documents in subdirectories describe those, not the module.
    fn describe_module(&self, module: &'a Module) -> Option<(String, String)> {
        self.describe_module_plain(module)
            .map(|(text, source)| (escape_inline(&text), cite(&source)))
    }

    /// `describe_module` as plain text, with the path of its source: what `llms.txt` shows, so
    /// that it and the pages describe a module alike.
    fn describe_module_plain(&self, module: &'a Module) -> Option<(String, String)> {
        let cache = &self.context.module_descriptions;
        if let Some(found) = cache
            .lock()
            .ok()
            .and_then(|known| known.get(&module.path).cloned())
        {
            return found;
        }
        let found = self.find_module_description(module);
        if let Ok(mut known) = cache.lock() {
            known.insert(module.path.clone(), found.clone());
        }
        found
    }

    /// `describe_module_plain`, worked out.
    fn find_module_description(&self, module: &'a Module) -> Option<(String, String)> {
        let context = self.context;
        let mut files = self.files_of(module);
        files.retain(|file| !is_flagged(file));
        files.sort_by_key(|file| {
            let primary = PRIMARY_FILES
                .iter()
                .position(|name| *name == file.path.file_name());
            (
                file.path.components().count(),
                primary.unwrap_or(usize::MAX),
                file.path.as_str(),
            )
        });
        // Only the module's own front file speaks for it: `extract/path/mod.rs` describes
        // `extract/path`, not `extract`. A Java module keeps its packages below it
        // (`src/main/java/org/apache/commons/cli`): the shallowest package's
        // `package-info.java` speaks for it.
        let top_package_info = files
            .iter()
            .find(|file| file.path.file_name() == "package-info.java")
            .map(|file| file.path.as_str());
        // A Python package's `__main__.py` says how it runs as a program (python-dotenv's
        // "Entry point for cli, enables execution with `python -m dotenv`"), not what the
        // package beside its `__init__.py` is.
        let package_init = files.iter().any(|file| {
            file.path.file_name() == "__init__.py" && file.path.parent() == module.path
        });
        let primary_doc = files
            .iter()
            .filter(|file| !(package_init && file.path.file_name() == "__main__.py"))
            .filter(|file| {
                if top_package_info == Some(file.path.as_str()) {
                    return true;
                }
                // Go writes a package's doc above `package x` in any of its files, by
                // convention as "Package x ...".
                let go_package_doc = file.language == Language::Go
                    && file
                        .parsed
                        .doc
                        .as_deref()
                        .is_some_and(|doc| doc.starts_with("Package "));
                (PRIMARY_FILES.contains(&file.path.file_name()) || go_package_doc)
                    && file.path.parent() == module.path
            })
            .find_map(|file| {
                let (doc, source) = self.file_doc(file)?;
                Some((first_line(doc, 200)?, source))
            });
        if let Some((doc, source)) = primary_doc {
            return Some((doc, source.to_string()));
        }
        // A Rust package speaks through its crate root's `//!` docs, as docs.rs shows them,
        // before its README (ripgrep's `crates/grep`: "ripgrep, as a library.").
        let under = |relative: &str| {
            if module.path.is_empty() {
                relative.to_string()
            } else {
                format!("{}/{relative}", module.path)
            }
        };
        let crate_doc = context
            .file(&under("Cargo.toml"))
            .and_then(|manifest| manifest.parsed.cargo.as_ref())
            .and_then(|cargo| {
                let lib = cargo.lib_path.as_deref().unwrap_or("src/lib.rs");
                [lib, "src/main.rs"].into_iter().find_map(|root| {
                    let file = context.file(&under(root))?;
                    // Only when the crate root is this module's (not a module `src` of its own).
                    if !module.files.contains(&file.path) {
                        return None;
                    }
                    let (doc, source) = self.file_doc(file)?;
                    Some((first_line(doc, 200)?, source))
                })
            });
        if let Some((doc, source)) = crate_doc {
            return Some((doc, source.to_string()));
        }
        // A Rust module kept as `state.rs` beside its directory `state/` is documented there.
        let sibling_doc = context
            .file(&format!("{}.rs", module.path))
            .filter(|file| file.language == cartograph_core::Language::Rust)
            .and_then(|file| {
                let (doc, source) = self.file_doc(file)?;
                Some((first_line(doc, 200)?, source))
            });
        if let Some((doc, source)) = sibling_doc {
            return Some((doc, source.to_string()));
        }
        // The README and the manifest at the top describe the project: they speak for the root
        // module only when its own code is the project's (a root package), not when the root
        // holds settings, tests and documents beside code kept elsewhere (debug's root: its
        // manifest, `karma.conf.js` and the tests; blinker's, tenacity's, walkdir's).
        let speaks_for_module = !module.path.is_empty()
            || self.files_of(module).iter().any(|file| {
                // Scripts and build files at the top are tools around the code, not its code.
                let tool = file.language == Language::Bash
                    || matches!(
                        file.path.file_name(),
                        "setup.py"
                            | "noxfile.py"
                            | "fabfile.py"
                            | "tasks.py"
                            | "conftest.py"
                            | "build.rs"
                    );
                file.language.is_code()
                    && !tool
                    && !is_flagged(file)
                    && !cartograph_graph::is_test_path(&file.path)
                    && !in_example_suite(&file.path)
                    && !is_benchmark_path(&file.path)
                    && known_config(file).is_none()
                    && !is_package_marker(file)
            });
        if let Some((path, text)) = context
            .readme_in(&module.path)
            .filter(|_| speaks_for_module)
        {
            if let Some(paragraph) = first_paragraph(text, 200) {
                return Some((paragraph, path.to_string()));
            }
        }
        if let Some(manifest) = context
            .manifests_in(&module.path)
            .filter(|_| speaks_for_module)
            .find(|m| m.description.is_some())
        {
            let description = manifest.description.as_deref().unwrap_or_default();
            return Some((shorten(description, 200), manifest.path.to_string()));
        }
        // A README above lists it (chi's `_examples/README.md`: "* [fileserver](…) - Easily
        // serve static files"), by its directory or by the one file it is.
        let listed = |path: &str| {
            let (text, readme) = context.listed_in_readmes.get(path)?;
            Some((shorten(text, 200), readme.to_string()))
        };
        let own_files = || {
            files
                .iter()
                .filter(|file| file.path.parent() == module.path && file.language.is_code())
        };
        let only_file = (own_files().count() == 1)
            .then(|| own_files().next())
            .flatten();
        if let Some(found) = (!module.path.is_empty())
            .then(|| listed(&module.path))
            .flatten()
            .or_else(|| only_file.and_then(|file| listed(file.path.as_str())))
        {
            return Some(found);
        }
        // A document named after it (starlette's `docs/middleware.md` for
        // `starlette/middleware`).
        if let Some((text, document)) = context.named_documents.get(&module.path) {
            return Some((shorten(text, 200), document.to_string()));
        }
        // The docs are not what their site's plugins say they are (`module_without_doc`).
        if self.context.index.graph.is_docs_dir(&module.path) {
            return None;
        }
        // A package's source directory (`src/`, `source/`, `lib/`, `packages/x/src/`) is what the
        // package's manifest describes.
        let (parent, last) = module
            .path
            .rsplit_once('/')
            .unwrap_or(("", module.path.as_str()));
        // Only when it holds code: commons-cli's `src/` holds the build's settings, its code
        // is in `src/main`.
        let holds_code = files.iter().any(|file| file.language.is_code());
        if matches!(last, "src" | "source" | "lib") && holds_code {
            // Unless the package's entry is elsewhere (multer's `index.js` beside `lib/`,
            // which holds its helpers).
            let entry_elsewhere = |manifest: &cartograph_manifest::Manifest| {
                if manifest.ecosystem != "npm" {
                    return false;
                }
                let entries: Vec<&str> = manifest
                    .entry_points
                    .iter()
                    .map(String::as_str)
                    .filter(|entry| context.file(entry).is_some())
                    .collect();
                let default_index = match parent {
                    "" => "index.js".to_string(),
                    parent => format!("{parent}/index.js"),
                };
                match entries.as_slice() {
                    [] => context.file(&default_index).is_some(),
                    entries => !entries
                        .iter()
                        .any(|entry| cartograph_core::is_within_dir(entry, &module.path)),
                }
            };
            if let Some(manifest) = context
                .manifests_in(parent)
                .find(|m| m.description.is_some() && m.ecosystem != "ci")
                .filter(|manifest| !entry_elsewhere(manifest))
            {
                let description = manifest.description.as_deref().unwrap_or_default();
                return Some((shorten(description, 200), manifest.path.to_string()));
            }
        }
        // The project's own package (`httpx/` of the project httpx) is what the root
        // manifest describes.
        if let Some((description, manifest)) = self.main_package_description(module) {
            return Some((shorten(description, 200), manifest.to_string()));
        }
        let graph = context.index.graph;
        let all_files = files.len();
        files.retain(|file| file.language.is_code());
        // A module of documents and assets with a script among them (commons-cli's
        // `src/site`, 21 files, one a 4-line CGI script) is not what that script's doc says.
        if files.len() * 3 < all_files {
            return None;
        }
        files.sort_by_cached_key(|file| by_rank(graph, file));
        // A word or two (`// foo` atop a static asset) describes no module.
        let describes = |text: &String| text.split_whitespace().count() >= MIN_DESCRIPTION_WORDS;
        // A test suite is better described by what it tests than by one test's doc.
        if matches!(self.suite_description(module), Some(Suite::Named(_))) {
            return None;
        }
        // One file's doc does not describe a whole module ("Type definitions for type checking
        // purposes." is `httpx/_types.py`, not the `httpx` package): it is shown as that file's,
        // and only for the module's most central file. A file further down says less of the
        // module than its names do (zod's `v4/core` is not `visit.ts`'s "Traversal pattern
        // adapted from …", nor `locales` `kh.ts`'s "Deprecated: Use `km` instead.").
        files.first().and_then(|file| {
            let text = first_line(file.parsed.doc.as_deref()?, 200)
                .filter(describes)
                .filter(|text| !text.starts_with("Deprecated"))
                .or_else(|| {
                    context
                        .summary(&file.path)
                        .and_then(|s| first_line(s, 200))
                        .filter(describes)
                })?;
            let shown = format!("{}: {text}", file.path.file_name());
            Some((shown, file.path.to_string()))
        })
    }

    /// The root manifest's description, for the module that is the project's own package: its
    /// directory is named as the project (`-` and `_` alike, case aside), directly or under
    /// `src/`.
    /// The package whose manifest's description describes `module` (its own package's, or the
    /// project's for its source directory), when that manifest names it.
    fn described_by_package(&self, module: &'c Module) -> Option<&'c str> {
        let (_, source) = self.describe_module_plain(module)?;
        self.context
            .manifests
            .iter()
            .find(|manifest| manifest.path.as_str() == source && manifest.ecosystem != "ci")?
            .name
            .as_deref()
    }

    fn main_package_description(&self, module: &Module) -> Option<(&'c str, &'c str)> {
        let context = self.context;
        let normalise = |name: &str| name.to_lowercase().replace('-', "_");
        let name = module.path.strip_prefix("src/").unwrap_or(&module.path);
        if name.is_empty() || name.contains('/') {
            return None;
        }
        let project = context.project_name();
        let project = normalise(project.rsplit('/').next().unwrap_or(&project));
        // A Python distribution often names its import package without the language
        // (python-dotenv's `dotenv`, `pyyaml`'s `yaml`).
        let bare = ["python_", "py_"]
            .iter()
            .find_map(|prefix| project.strip_prefix(prefix))
            .or_else(|| {
                ["_python", "_py"]
                    .iter()
                    .find_map(|suffix| project.strip_suffix(suffix))
            });
        let name = normalise(name);
        if name != project && Some(name.as_str()) != bare {
            return None;
        }
        let manifest = context.manifests_in("").find(|m| m.description.is_some())?;
        Some((manifest.description.as_deref()?, manifest.path.as_str()))
    }

    /// One paragraph per layer of the module graph, foundations first, and the import cycles
    /// called out.
    fn layers(&self, out: &mut String, modules: &[&'a Module], suites: &[&SuiteGroup<'a>]) {
        let places = &self.context.module_places;
        let mut by_layer: BTreeMap<u32, Vec<&Module>> = BTreeMap::new();
        for module in modules {
            if let Some(place) = places.get(&module.path) {
                by_layer.entry(place.layer).or_default().push(module);
            }
        }
        if by_layer.len() < 2 {
            return;
        }
        // Modules that share an import cycle share a layer: they count as one module.
        let mut cycle_sizes: BTreeMap<&str, usize> = BTreeMap::new();
        for module in modules {
            if let Some(place) = places.get(&module.path) {
                *cycle_sizes.entry(place.component.as_str()).or_default() += 1;
            }
        }
        let in_cycle = |module: &Module| {
            places
                .get(&module.path)
                .and_then(|place| cycle_sizes.get(place.component.as_str()))
                .is_some_and(|&size| size > 1)
        };
        out.push_str("## Layers\n\n");
        if cycle_sizes.values().any(|&size| size > 1) {
            out.push_str(
                "The modules of an import cycle share one layer, counted as one module.\n\n",
            );
        }
        for (layer, members) in &by_layer {
            let what = match (*layer, members.iter().any(|module| in_cycle(module))) {
                (0, false) => "imports no other module".to_string(),
                (0, true) => "imports no module outside its own import cycle".to_string(),
                (layer, _) => format!("builds on layer {}", layer - 1),
            };
            let listed: Vec<String> = members
                .iter()
                .take(MAX_LAYER_MODULES)
                .map(|module| self.module_link(&module.path))
                .collect();
            let _ = write!(out, "- **Layer {layer}** ({what}): {}", listed.join(", "));
            if members.len() > MAX_LAYER_MODULES {
                let _ = write!(out, " and {} more", members.len() - MAX_LAYER_MODULES);
            }
            out.push_str(".\n");
        }
        out.push('\n');
        if !suites.is_empty() {
            let listed: Vec<String> = suites.iter().map(|group| self.suite_label(group)).collect();
            let _ = writeln!(
                out,
                "Suites of tests and examples build on the layers they use and are left out: {}.\n",
                join_and(&listed)
            );
        }
        let mut cycles: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        for module in modules {
            if let Some(place) = places.get(&module.path) {
                cycles
                    .entry(place.component.as_str())
                    .or_default()
                    .push(module.path.as_str());
            }
        }
        cycles.retain(|_, members| members.len() > 1);
        for members in cycles.values() {
            let listed: Vec<String> = members.iter().map(|m| self.module_link(m)).collect();
            let _ = writeln!(
                out,
                "{} import each other (an import cycle): they share a layer and are best read together.\n",
                listed.join(", ")
            );
        }
    }

    /// The public API of a module's files: `(file, symbol index)`, most used first (by how many
    /// other files name it, then rank), members after nothing (they show under their type).
    fn public_api(&self, files: &[&'a FileMap]) -> Vec<(&'a FileMap, usize)> {
        let graph = self.context.index.graph;
        let users = &self.context.name_users;
        // A Ruby namespace reopened in a file that holds no class of it (`module Sinatra;
        // VERSION = …`) is still the namespace.
        let ruby_namespaces: BTreeSet<&str> = files
            .iter()
            .flat_map(|file| {
                file.parsed
                    .symbols
                    .iter()
                    .filter(|symbol| ruby_namespace(file, symbol))
                    .map(|symbol| symbol.name.as_str())
            })
            .collect();
        let mut api: Vec<(&FileMap, usize)> = files
            .iter()
            // Generated code is API as written code is (cast's `zz_generated.go` holds its
            // forty-five `To…` functions); vendored, lock and unread files are not.
            .filter(|file| !is_flagged(file) || is_generated_code(file))
            // Benchmarks are run, not imported (FastRoute's `benchmark/*Bench.php`, and the
            // helper class they share); nor is a build script no file uses (markupsafe's
            // `setup.py`). A file only named like a benchmark that code uses may be API
            // (criterion's `src/benchmark.rs`).
            .filter(|file| {
                let used = graph.user_count(&file.path) > 0;
                !(is_benchmark_path(&file.path) && (!used || in_benchmark_dir(&file.path)))
                    && (used || !is_tooling_file(file))
            })
            .flat_map(|file| (0..file.parsed.symbols.len()).map(move |at| (*file, at)))
            .filter(|(file, at)| {
                let symbol = &file.parsed.symbols[*at];
                // A C# or PHP namespace is where the API lives, not part of it.
                let namespace = symbol.kind == SymbolKind::Module
                    && matches!(file.language, Language::CSharp | Language::Php);
                // A module's `__getattr__` or `__dir__` is a hook of the import system.
                let hook = file.language == Language::Python
                    && symbol.name.starts_with("__")
                    && symbol.parent.is_none();
                (cartograph_graph::is_top_level(file, symbol)
                    || detached_member(file, symbol)
                    || ruby_namespaced_type(file, symbol))
                    && !hook
                    && !matches!(symbol.kind, SymbolKind::Impl | SymbolKind::Heading)
                    && !namespace
                    && !(file.language == Language::Ruby
                        && symbol.parent.is_none()
                        && ruby_namespaces.contains(symbol.name.as_str()))
                    && graph.is_public(&file.path, *at)
                    && !crate::build_tags::shadowed(files, file, *at)
            })
            .collect();
        // Overloads (`@overload`, several signatures of one name) show once: the documented one,
        // else the last.
        // C#'s `IRequestHandler<TRequest, TResponse>` and `IRequestHandler<TRequest>` are two
        // types, not overloads.
        let mut kept: BTreeMap<(&str, std::borrow::Cow<'_, str>), usize> = BTreeMap::new();
        for (position, (file, at)) in api.iter().enumerate() {
            let symbol = &file.parsed.symbols[*at];
            let key = (
                file.path.as_str(),
                cartograph_graph::type_name(file, symbol),
            );
            let better = match kept.get(&key) {
                None => true,
                Some(&other) => {
                    let (other_file, other_at) = api[other];
                    other_file.parsed.symbols[other_at].doc.is_none() || symbol.doc.is_some()
                }
            };
            if better {
                kept.insert(key, position);
            }
        }
        let kept: BTreeSet<usize> = kept.into_values().collect();
        let mut position = 0;
        api.retain(|_| {
            position += 1;
            kept.contains(&(position - 1))
        });
        // A C or C++ function a header of the module declares is listed once, as the header
        // declares it: cJSON's `cJSON_Parse` is in `cJSON.h`, not again from `cJSON.c`.
        let declared: BTreeSet<&str> = api
            .iter()
            .filter(|(file, _)| is_c_header(file))
            .map(|(file, at)| file.parsed.symbols[*at].name.as_str())
            .collect();
        api.retain(|(file, at)| {
            !(cartograph_graph::is_c_source(file)
                && declared.contains(file.parsed.symbols[*at].name.as_str()))
        });
        // A Ruby module reopened in several files (rack-protection's `Rack::Protection` in
        // `protection.rb` and again in `protection/version.rb`) is one entry: from the file
        // named after it, else from its longest definition.
        let mut reopened: BTreeMap<String, (bool, u32, usize)> = BTreeMap::new();
        for (position, (file, at)) in api.iter().enumerate() {
            let symbol = &file.parsed.symbols[*at];
            if file.language != Language::Ruby || symbol.kind != SymbolKind::Module {
                continue;
            }
            let stem = file.path.file_name().trim_end_matches(".rb");
            let last = symbol.name.rsplit("::").next().unwrap_or(&symbol.name);
            let named = last.to_ascii_lowercase() == stem.replace('_', "");
            let rank = (named, symbol.end_line.saturating_sub(symbol.line), position);
            reopened
                .entry(shown_name(file, symbol))
                .and_modify(|best| {
                    if (rank.0, rank.1) > (best.0, best.1) {
                        *best = rank;
                    }
                })
                .or_insert(rank);
        }
        let mut position = 0;
        api.retain(|(file, at)| {
            position += 1;
            let symbol = &file.parsed.symbols[*at];
            file.language != Language::Ruby
                || symbol.kind != SymbolKind::Module
                || reopened
                    .get(&shown_name(file, symbol))
                    .is_none_or(|best| best.2 == position - 1)
        });
        api.sort_by_cached_key(|(file, at)| {
            let symbol = &file.parsed.symbols[*at];
            let used = users
                .get(&(file.path.as_str(), symbol.name.as_str()))
                .copied()
                .unwrap_or(0);
            // A constant nothing names goes last; one that is used (`export const create =
            // (...) => ...`, often a function) is ordered by its use like the rest.
            let constant = symbol.kind == SymbolKind::Constant && used == 0;
            let rank = (graph.symbol_rank(&file.path, *at) * 1e12) as u64;
            // What the project's documents show users first (zap's README: `NewProduction`,
            // ahead of twenty slice constructors its tests call).
            let undocumented = !self
                .context
                .documented_names
                .contains_key(symbol.name.as_str());
            (
                constant,
                undocumented,
                std::cmp::Reverse(used),
                std::cmp::Reverse(rank),
                file.path.clone(),
                symbol.line,
            )
        });
        api
    }

    /// The files of module `to` that files of module `from` import (its tests beside the code
    /// when `tests`, else its other files) with no name known to cross: debug's `test.js`
    /// takes `require('./src')` whole and calls it, or the `enable` that `setup` adds at run
    /// time. The names that cross are then not all it uses.
    fn imported_whole(&self, from: &str, to: &str, tests: bool) -> BTreeSet<&'a str> {
        let modules = self.context.index.modules;
        let Some(module) = modules.iter().find(|module| module.path == from) else {
            return BTreeSet::new();
        };
        let test_modules = cartograph_graph::test_modules(modules);
        let mut whole = BTreeSet::new();
        for path in &module.files {
            if cartograph_graph::is_test_beside_code(path, from, &test_modules) != tests {
                continue;
            }
            let Some(file) = self.context.file(path.as_str()) else {
                continue;
            };
            // A name the file takes from the module may come through another of its files,
            // and be defined in a third module (http's benches: `use http::HeaderValue`
            // imports `lib.rs`, which re-exports `header/value.rs`'s): a file that takes any
            // name from another module is not counted.
            let names_any = self.context.uses.get(path.as_str()).is_some_and(|uses| {
                uses.iter().any(|(used, names)| {
                    !names.is_empty()
                        && self.context.file(used).is_some_and(|used| {
                            cartograph_graph::module_of(modules, &used.path) != Some(from)
                        })
                })
            });
            if names_any {
                continue;
            }
            for edge in self.context.index.graph.file_edges_from(&file.path) {
                if cartograph_graph::module_of(modules, edge.to) != Some(to) {
                    continue;
                }
                if let Some(target) = self.context.file(edge.to.as_str()) {
                    whole.insert(target.path.as_str());
                }
            }
        }
        whole
    }

    /// The names that cross from the files of module `from` to those of module `to`.
    fn crossing_names(&self, from: &str, to: &str) -> Vec<&'a str> {
        self.context
            .crossing_names
            .get(&(from, to))
            .map(|names| names.iter().copied().collect())
            .unwrap_or_default()
    }

    /// "Holds `README.md`, `Cargo.toml`, `build.rs`, `benchsuite/` and 12 more.": the module's
    /// top-level entries (a directory once, as `dir/`): the README, manifests, code, then
    /// directories, then the rest, hidden ones (`.github/`) last.
    fn top_level_files(&self, module: &'a Module) -> String {
        self.top_level_listing(module, "Holds", |file| !is_flagged(file))
            .unwrap_or_else(|| "—".to_string())
    }

    /// `lead` and the module's top-level entries among the files `keep` accepts, as
    /// `top_level_files` orders them; `None` when none is kept.
    fn top_level_listing(
        &self,
        module: &'a Module,
        lead: &str,
        keep: impl Fn(&FileMap) -> bool,
    ) -> Option<String> {
        let mut files = self.files_of(module);
        let prefix = if module.path.is_empty() {
            String::new()
        } else {
            format!("{}/", module.path)
        };
        // "and N more" counts every entry, the ones not named for what they are (a lock
        // file) too: markupsafe's root holds 11 more, `uv.lock` among them.
        let entry_of = |file: &FileMap| -> String {
            let relative = file
                .path
                .as_str()
                .strip_prefix(&prefix)
                .unwrap_or(file.path.as_str());
            match relative.split_once('/') {
                Some((dir, _)) => format!("{dir}/"),
                None => relative.to_string(),
            }
        };
        // Files per top-level entry: a directory's count says how many files "and 2 more
        // directories" stand for (kleur's root: "8 more entries" read as files, of 14).
        let mut all_entries: BTreeMap<String, usize> = BTreeMap::new();
        for file in &files {
            *all_entries.entry(entry_of(file)).or_default() += 1;
        }
        files.retain(|file| keep(file));
        let mut kept_entries: BTreeMap<String, usize> = BTreeMap::new();
        for file in &files {
            *kept_entries.entry(entry_of(file)).or_default() += 1;
        }
        // (sort key, shown name) per top-level entry.
        let mut entries: BTreeMap<String, (u8, bool)> = BTreeMap::new();
        for file in &files {
            let relative = file
                .path
                .as_str()
                .strip_prefix(&prefix)
                .unwrap_or(file.path.as_str());
            let (entry, rank) = match relative.split_once('/') {
                Some((dir, _)) => (format!("{dir}/"), 3),
                None => {
                    let name = file.path.file_name();
                    let rank = if crate::context::is_readme(name) {
                        0
                    } else if cartograph_graph::is_package_manifest(&file.path) {
                        1
                    } else if file.language.is_code() && !is_tooling_file(file) {
                        2
                    } else {
                        4
                    };
                    (relative.to_string(), rank)
                }
            };
            let hidden = entry.starts_with('.');
            entries.entry(entry).or_insert((rank, hidden));
        }
        let mut entries: Vec<(u8, bool, String)> = entries
            .into_iter()
            .map(|(entry, (rank, hidden))| (rank, hidden, entry))
            .collect();
        entries.sort_by(|a, b| (a.1, a.0, &a.2).cmp(&(b.1, b.0, &b.2)));
        let shown = names_shown(entries.len());
        let mut names: Vec<String> = entries
            .iter()
            .take(shown)
            .map(|(_, _, entry)| code_span(entry))
            .collect();
        if names.is_empty() {
            return None;
        }
        // The rest are files and directories, each directory once with its files: "and 14
        // more" read as files did not add up to the module's file count.
        // (A listing of test data counts test data only.)
        let counted = if lead == "Holds" {
            &all_entries
        } else {
            &kept_entries
        };
        let named: BTreeSet<&str> = entries
            .iter()
            .take(shown)
            .map(|(_, _, entry)| entry.as_str())
            .collect();
        let rest: Vec<(&String, &usize)> = counted
            .iter()
            .filter(|(entry, _)| !named.contains(entry.as_str()))
            .collect();
        let more_files = rest
            .iter()
            .filter(|(entry, _)| !entry.ends_with('/'))
            .count();
        let dirs: Vec<(&String, &usize)> = rest
            .iter()
            .copied()
            .filter(|(entry, _)| entry.ends_with('/'))
            .collect();
        if more_files > 0 {
            names.push(plural(more_files, "more file", "more files"));
        }
        if dirs.len() <= 2 {
            for (dir, files) in &dirs {
                names.push(format!(
                    "{} ({})",
                    code_span(dir),
                    plural(**files, "file", "files")
                ));
            }
        } else {
            let files: usize = dirs.iter().map(|(_, files)| **files).sum();
            names.push(format!(
                "{} more directories ({})",
                dirs.len(),
                plural(files, "file", "files")
            ));
        }
        Some(listing(lead, &names, 0, ""))
    }

    fn describe_module_cell(&self, module: &'a Module) -> String {
        match self.describe_module(module) {
            Some((text, citation)) => format!("{text} {citation}"),
            None => self
                .module_without_doc(module)
                // The root of settings and documents says what it holds.
                .or_else(|| module.path.is_empty().then(|| self.top_level_files(module)))
                .unwrap_or_else(|| "—".to_string()),
        }
    }

    /// Files where execution starts: manifest-declared entry points, files defining a top-level
    /// `main`, Python's `__main__.py`, `main.py` and `manage.py`, and Python scripts (a
    /// top-level `if __name__ == "__main__":`).
    fn entry_points(&self) -> Vec<(&'a FileMap, Option<&'a Symbol>)> {
        self.context.entry_points.clone()
    }

    /// The entry points of the project itself: those of examples, tests, benchmarks and fuzz
    /// targets show on their own modules' pages only.
    fn project_entry_points(&self) -> Vec<(&'a FileMap, Option<&'a Symbol>)> {
        let mut entry_points = self.entry_points();
        entry_points
            .retain(|(file, _)| !is_outside_the_project(&file.path) && !self.is_build_script(file));
        entry_points.truncate(MAX_ENTRY_POINTS);
        entry_points
    }

    /// Where a library's users come in: the code module whose front file (`lib.rs`,
    /// `__init__.py`, `index.ts`) lies nearest the top of the tree, ties to the higher rank
    /// (serde_json's `src/lib.rs`, not `src/lexical`, which the reading order lists first).
    fn library_front(&self) -> Option<(&'a Module, &'a FileMap)> {
        let graph = self.context.index.graph;
        let depth = |module: &Module| {
            module.path.matches('/').count() + usize::from(!module.path.is_empty())
        };
        let code_modules: Vec<&'a Module> = self
            .sorted_modules()
            .into_iter()
            .filter(|module| self.module_role(module) == ModuleRole::Code)
            .collect();
        // A package module's front may sit in its `src/` (tracing's `tracing/src/lib.rs` for the
        // module `tracing`); the package named like the project comes first in a workspace.
        let project = self.context.project_name().replace('-', "_");
        // A package's `src/` module is the package's code (thiserror's `src`, beside the root
        // `Cargo.toml` of `thiserror`, not its `impl` crate).
        let another_package = |module: &Module| {
            let (parent, last) = module
                .path
                .rsplit_once('/')
                .unwrap_or(("", module.path.as_str()));
            let package_dir = if matches!(last, "src" | "source" | "lib") {
                parent
            } else {
                module.path.as_str()
            };
            ![module.path.as_str(), package_dir].iter().any(|dir| {
                self.context.manifests_in(dir).any(|manifest| {
                    manifest
                        .name
                        .as_deref()
                        .is_some_and(|name| name.replace('-', "_") == project)
                })
            })
        };
        // A package whose marker holds only its version (starlette's `__init__.py`) is
        // entered at its most central code file (`applications.py`).
        let version_marked = |module: &'a Module| -> Option<&'a FileMap> {
            let marker = self
                .files_of(module)
                .into_iter()
                .any(|file| file.path.parent() == module.path && is_version_only_marker(file));
            if !marker {
                return None;
            }
            // The file of the names its documents write most (`Starlette`), else the most
            // central.
            if let Some((_, front)) = self.most_documented_front(&[module]) {
                return Some(front);
            }
            self.files_of(module)
                .into_iter()
                .filter(|file| {
                    file.language.is_code()
                        && file.path.file_name() != "__init__.py"
                        && !cartograph_graph::is_test_path(&file.path)
                        && !is_flagged(file)
                })
                .min_by_key(|file| by_rank(graph, file))
        };
        code_modules
            .iter()
            .filter_map(|module| {
                let front = self
                    .package_fronts(module)
                    .next()
                    .or_else(|| version_marked(module))?;
                Some((*module, front))
            })
            .min_by_key(|(module, front)| {
                (
                    another_package(module),
                    depth(module),
                    by_rank(graph, front),
                )
            })
            .or_else(|| self.most_documented_front(&code_modules))
    }

    /// The module's front files (`lib.rs`, `__init__.py`, `index.ts`, a Go package doc's file)
    /// at its top or, for a package module, in its `src/` (tracing's `tracing/src/lib.rs` for
    /// the module `tracing`).
    fn package_fronts(&self, module: &'a Module) -> impl Iterator<Item = &'a FileMap> {
        let src = if module.path.is_empty() {
            "src".to_string()
        } else {
            format!("{}/src", module.path)
        };
        let top = module.path.clone();
        self.files_of(module).into_iter().filter(move |file| {
            let parent = file.path.parent();
            // A Go package's front is the file of its package doc, whatever its name
            // (urfave/cli's `cli.go`: "Package cli provides a minimal framework ...").
            let go_package_doc = file.language == Language::Go
                && !file.path.file_name().ends_with("_test.go")
                && file
                    .parsed
                    .doc
                    .as_deref()
                    .is_some_and(|doc| doc.starts_with("Package "));
            // Else the file named as its package (viper's `viper.go`, no package doc).
            let go_named = file.language == Language::Go
                && !file.path.file_name().ends_with("_test.go")
                && file.parsed.package.as_deref().is_some_and(|package| {
                    file.path.file_name().strip_suffix(".go") == Some(package)
                });
            // A Python package marker of a version alone offers no API to begin with.
            (parent == top || parent == src)
                && !is_version_only_marker(file)
                && (PRIMARY_FILES.contains(&file.path.file_name()) || go_package_doc || go_named)
        })
    }

    /// Where a library without a front file (`lib.rs`, `__init__.py`, `index.ts`) is entered:
    /// the file of the public type or function its hand-written documents name most (guzzle's
    /// `Client`, which its `docs/*.rst` name in twelve documents; its most central file is
    /// `Utils.php`).
    fn most_documented_front(&self, modules: &[&'a Module]) -> Option<(&'a Module, &'a FileMap)> {
        let graph = self.context.index.graph;
        // How many documents (README included) write each name as code, samples too: `new
        // Client()`.
        let mentions = &self.context.documented_names;
        let mut best: Option<(usize, &'a Module, &'a FileMap)> = None;
        for module in modules {
            for file in self.files_of(module) {
                if is_flagged(file) || cartograph_graph::is_test_path(&file.path) {
                    continue;
                }
                for (at, symbol) in file.parsed.symbols.iter().enumerate() {
                    // A PHP class sits in its namespace, which every file shares.
                    let named = is_type_kind(symbol.kind) || symbol.kind == SymbolKind::Function;
                    if !named
                        || !cartograph_graph::is_top_level(file, symbol)
                        || !graph.is_public(&file.path, at)
                    {
                        continue;
                    }
                    let count = mentions.get(symbol.name.as_str()).copied().unwrap_or(0);
                    if count >= 2 && best.is_none_or(|(most, ..)| count > most) {
                        best = Some((count, module, file));
                    }
                }
            }
        }
        best.map(|(_, module, file)| (module, file))
    }

    /// The subpath patterns a package's `exports` offer besides its named entries (zustand's
    /// `./*`: `zustand/vanilla`, `zustand/middleware`, … whatever its build emits), which no
    /// one file stands for: "`zustand/*`, the package's other modules by their path (`./*`
    /// in [[package.json]]'s `exports`)".
    fn exported_patterns(&self) -> Vec<String> {
        let mut lines = Vec::new();
        for manifest in &self.context.manifests {
            let Some(name) = manifest.name.as_deref() else {
                continue;
            };
            if in_example_suite(&manifest.path) || cartograph_graph::is_test_path(&manifest.path) {
                continue;
            }
            let Some(package) = self
                .context
                .file(manifest.path.as_str())
                .and_then(|file| file.parsed.js_manifest.as_deref())
            else {
                continue;
            };
            for (key, _) in &package.exports {
                let Some(subpath) = key.strip_prefix("./").filter(|key| key.contains('*')) else {
                    continue;
                };
                lines.push(format!(
                    "{}, the package's other modules by their path ({} in {}'s `exports`)",
                    code_span(&format!("{name}/{subpath}")),
                    code_span(key),
                    cite(manifest.path.as_str())
                ));
            }
        }
        lines
    }

    /// True for a Cargo build script (`build.rs` beside its `Cargo.toml`): Cargo runs its
    /// `main` while building the package, no user does.
    fn is_build_script(&self, file: &FileMap) -> bool {
        let dir = file.path.parent();
        let manifest = match dir {
            "" => "Cargo.toml".to_string(),
            dir => format!("{dir}/Cargo.toml"),
        };
        file.path.file_name() == "build.rs" && self.context.file(&manifest).is_some()
    }

    fn entry_point_line(&self, file: &FileMap, main: Option<&Symbol>) -> String {
        let mut line = format!("- {}", cite(file.path.as_str()));
        if let Some(symbol) = main {
            let _ = write!(line, " — {}", self.context.symbol_citation(file, symbol));
        }
        let commands = installed_commands(self.context, file);
        if !commands.is_empty() {
            let names: Vec<String> = commands.iter().map(|name| code_span(name)).collect();
            // A package kept from its registry installs nothing for users: Cargo builds the
            // program (log's `test_max_level_features`, a harness its CI runs).
            let unpublished = self
                .context
                .manifests
                .iter()
                .filter(|manifest| {
                    manifest.executables.iter().any(|executable| {
                        executable
                            .paths
                            .iter()
                            .any(|path| path == file.path.as_str())
                    })
                })
                .all(|manifest| manifest.unpublished);
            let (verb, noun) = match (unpublished, names.len()) {
                (true, 1) => ("built as", "program"),
                (true, _) => ("built as", "programs"),
                (false, 1) => ("installed as", "command"),
                (false, _) => ("installed as", "commands"),
            };
            let _ = write!(line, ", {verb} the {} {noun}", join_and(&names));
        }
        if let Some(symbol) = main.filter(|_| commands.is_empty()) {
            for (command, runner) in commands_through(self.context, file, symbol) {
                let _ = write!(
                    line,
                    ", installed as the {} command through {}",
                    code_span(command),
                    cite(runner)
                );
            }
        }
        if let Some(guard) = file.parsed.script_guard {
            let lead = if main.is_some() { "," } else { " —" };
            let _ = write!(line, "{lead} {}", runs_as_script(file, guard));
        } else if let Some(at) = file.parsed.script_body {
            let lead = if main.is_some() { "," } else { " —" };
            let cited = match cite_line(file.path.as_str(), Some(at)).strip_suffix("]]") {
                Some(citation) => format!("{citation}|line {at}]]"),
                None => format!("line {at}"),
            };
            let _ = write!(
                line,
                "{lead} runs as a script: its top level reads the command line ({cited})"
            );
        }
        if let Some(specifiers) = self.context.imported_as.get(file.path.as_str()) {
            let names: Vec<String> = specifiers.iter().map(|name| code_span(name)).collect();
            let _ = write!(line, ", imported as {}", join_and(&names));
        }
        if let Some(about) = self.describe_file_doc(file) {
            let _ = write!(line, ": {about}");
        } else if let Some((readme, about)) = self
            .context
            .readme_in(file.path.parent())
            // A program's README speaks for it; a directory's README does not speak for each
            // of its files (axios' `lib/helpers/README.md`, under three entries).
            .filter(|_| !file.path.parent().is_empty() && main.is_some())
            .and_then(|(readme, _)| {
                let readme = self.context.file(readme.as_str())?;
                Some((readme, self.readme_description(readme)?))
            })
        {
            // zerolog's `cmd/prettylog/prettylog.go` says nothing of itself; the README beside
            // it does ("This is a basic CLI utility that will colorize …").
            let _ = write!(line, ": {about} {}", cite(readme.path.as_str()));
        } else if let Some(about) = main
            .is_none()
            .then(|| {
                self.sole_definition(file)
                    .or_else(|| self.defined_names(file))
                    .or_else(|| python_main_description(file))
            })
            .flatten()
        {
            // A library's entry file, named by what it offers; a program's `main` says enough.
            let _ = write!(line, ": {about}");
        }
        line
    }

    /// The most central files by PageRank, skipping flagged ones and files no other file
    /// imports or uses names of (empty when no import or reference was resolved: every file
    /// would tie).
    fn central_files(&self, limit: usize) -> Vec<&'a FileMap> {
        let graph = self.context.index.graph;
        let mut files: Vec<&FileMap> = self
            .context
            .index
            .files
            .iter()
            .filter(|file| !is_flagged(file) && graph.user_count(&file.path) > 0)
            .collect();
        // Central to the project: an example's data file that the example's other files
        // import (chi's `_examples/versions/data/article.go`) or a test helper is not, unless
        // nothing else is used.
        // Nor is a module that only supports the tests (go-cmp's `testprotos`).
        let support = self
            .context
            .test_support
            .get_or_init(|| self.test_support_modules());
        let support_files: BTreeSet<&RepoPath> = self
            .context
            .index
            .modules
            .iter()
            .filter(|module| support.contains(&module.path))
            .flat_map(|module| module.files.iter())
            .collect();
        let suite = |file: &FileMap| {
            suite_root(file.path.parent()).is_some()
                || cartograph_graph::is_test_path(&file.path)
                || support_files.contains(&file.path)
        };
        if files.iter().any(|file| !suite(file)) {
            files.retain(|file| !suite(file));
        }
        // PageRank alone crowns the sinks a hub imports (a data table only `cells.py` reads):
        // weighed by how many files use each, central files are the ones many files build on.
        files.sort_by_cached_key(|file| {
            let users = graph.user_count(&file.path) as f64;
            let weight = graph.rank_of(&file.path).max(0.0) * users.ln_1p();
            (std::cmp::Reverse(weight.to_bits()), file.path.as_str())
        });
        files.truncate(limit);
        files
    }

    fn module_edges(&self) -> &'c [ModuleEdge] {
        &self.context.module_edges
    }

    /// `modules` as pages that list every module show them: a suite of tests or examples
    /// holding at least [`MIN_GROUPED_SUITE`] modules under one directory (typer's 60 modules of
    /// `tests`, its 60 of `docs_src`) as one row where its first module would be.
    /// True for a module of vendored or generated files only (a test framework copied under
    /// `tests/`): not the project's, it keeps its page but is not listed.
    fn is_not_the_projects(&self, module: &Module) -> bool {
        let files = self.files_of(module);
        !files.is_empty() && files.iter().all(|file| is_flagged(file))
    }

    /// ", 9 of them vendored or generated code, not listed below" when some of `modules` are
    /// ([`Pages::is_not_the_projects`]): the count says how many the tables leave out.
    fn unlisted_note(&self, modules: &[&Module]) -> String {
        match modules
            .iter()
            .filter(|module| self.is_not_the_projects(module))
            .count()
        {
            0 => String::new(),
            count => format!(" ({count} of them vendored or generated code, not listed below)"),
        }
    }

    fn listed_modules(&self, modules: &[&'a Module]) -> Vec<Listed<'a>> {
        let modules: Vec<&'a Module> = modules
            .iter()
            .copied()
            .filter(|module| !self.is_not_the_projects(module))
            .collect();
        let mut suites: BTreeMap<&str, Vec<&'a Module>> = BTreeMap::new();
        for module in &modules {
            if !matches!(
                self.module_role(module),
                ModuleRole::Tests | ModuleRole::Examples
            ) {
                continue;
            }
            if let Some(root) = suite_root(&module.path) {
                suites.entry(root).or_default().push(module);
            }
        }
        suites.retain(|_, members| members.len() >= MIN_GROUPED_SUITE);
        let grouped: BTreeMap<&str, &str> = suites
            .iter()
            .flat_map(|(root, members)| members.iter().map(|m| (m.path.as_str(), *root)))
            .collect();
        let mut placed: BTreeSet<&str> = BTreeSet::new();
        let mut listed = Vec::new();
        for module in modules {
            match grouped.get(module.path.as_str()) {
                Some(root) => {
                    if placed.insert(root) {
                        listed.push(Listed::Suite(SuiteGroup {
                            root: root.to_string(),
                            modules: suites.get(root).cloned().unwrap_or_default(),
                        }));
                    }
                }
                None => listed.push(Listed::Module(module)),
            }
        }
        listed
    }

    /// A grouped suite's directory: linked when it is a module itself.
    fn suite_name(&self, group: &SuiteGroup<'a>) -> String {
        if group.modules.iter().any(|m| m.path == group.root) {
            self.module_link(&group.root)
        } else {
            code_span(&format!("{}/", group.root))
        }
    }

    /// The first cell of a grouped suite's row in a module table: its directory and how many
    /// modules it holds.
    fn suite_label(&self, group: &SuiteGroup<'a>) -> String {
        format!(
            "{} ({})",
            self.suite_name(group),
            plural(group.modules.len(), "module", "modules")
        )
    }

    /// What a grouped suite is: tests or examples of the modules outside it that its modules
    /// import, most imported first.
    fn suite_group_description(&self, group: &SuiteGroup<'a>) -> String {
        let last = group.root.rsplit('/').next().unwrap_or(&group.root);
        // meow's `test/fixtures/*`: programs its tests run, none holding a test.
        let no_test = group.modules.iter().all(|module| {
            in_fixtures_dir(&module.path)
                && !self.files_of(module).iter().any(|file| holds_tests(file))
        });
        let what = if matches!(
            last.trim_start_matches('_'),
            "bench" | "benches" | "benchmark" | "benchmarks"
        ) {
            // memchr's `benchmarks/`: engines that time searches, not examples of use.
            "Benchmarks"
        } else if cartograph_graph::is_example_dir(last) {
            "Examples"
        } else if no_test {
            "Test fixtures, holding no test,"
        } else {
            "Tests"
        };
        let members: BTreeSet<&str> = group.modules.iter().map(|m| m.path.as_str()).collect();
        // Modules of examples are named by their examples' directory: typer's tests run the
        // programs of 30 modules of `docs_src`.
        let mut used: BTreeMap<String, u64> = BTreeMap::new();
        for edge in self.module_edges() {
            if members.contains(edge.from.as_str())
                && !members.contains(edge.to.as_str())
                && !cartograph_graph::is_test_dir(&edge.to)
            {
                let name = match (edge.to.as_str(), suite_root(&edge.to)) {
                    ("", _) => ROOT_IN_PROSE.to_string(),
                    (_, Some(examples)) => {
                        format!("the examples in {}", code_span(&format!("{examples}/")))
                    }
                    (to, None) => code_span(to),
                };
                *used.entry(name).or_default() += u64::from(edge.count);
            }
        }
        let mut used: Vec<(String, u64)> = used.into_iter().collect();
        used.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        if used.is_empty() {
            // jotai's example apps each declare `"jotai": "^2.10.4"`.
            let published: BTreeSet<Option<&str>> = group
                .modules
                .iter()
                .map(|module| self.published_own_package(module))
                .collect();
            if let [Some(package)] = published.into_iter().collect::<Vec<_>>()[..] {
                return format!(
                    "{what} that use the published {} package, not this checkout's source.",
                    code_span(package)
                );
            }
            // redux's: nine of its eleven example apps declare `"redux": "^4.0.5"`, two use
            // Redux Toolkit instead.
            let mut by_package: BTreeMap<&str, usize> = BTreeMap::new();
            for module in &group.modules {
                if let Some(package) = self.published_own_package(module) {
                    *by_package.entry(package).or_default() += 1;
                }
            }
            if let Some((package, count)) = by_package.into_iter().max_by_key(|(_, count)| *count) {
                return format!(
                    "{what} that import no module of the project; {count} of the {} use the published {} package instead of this checkout's source.",
                    group.modules.len(),
                    code_span(package)
                );
            }
            // chi's `_examples/versions`: three presenters import the example's own `data`
            // module, and nothing else of the project.
            let each_other = self.module_edges().iter().any(|edge| {
                members.contains(edge.from.as_str()) && members.contains(edge.to.as_str())
            });
            if each_other {
                return format!("{what} that import no module of the project besides each other.");
            }
            return format!("{what} that import no module of the project.");
        }
        let names: Vec<String> = used
            .iter()
            .take(names_shown(used.len()))
            .map(|(name, _)| name.clone())
            .collect();
        let more = used.len() - names.len();
        let more_what = if more == 1 {
            "more module"
        } else {
            "more modules"
        };
        let lead = if no_test {
            format!("{what} that use")
        } else {
            format!("{what} of")
        };
        let described = listing(&lead, &names, more, more_what);
        // loguru's eight modules of tests read "Tests of `loguru`." and no more: how many tests
        // they hold, as a module's own line says.
        if what != "Tests" {
            return described;
        }
        let files: Vec<&FileMap> = group
            .modules
            .iter()
            .flat_map(|module| self.files_of(module))
            .collect();
        match self.tests_counted(&files) {
            Some(counted) => format!("{described} {counted}"),
            None => described,
        }
    }

    fn sorted_modules(&self) -> Vec<&'a Module> {
        let mut modules: Vec<&Module> = self.context.index.modules.iter().collect();
        modules.sort_by(|a, b| a.path.cmp(&b.path));
        modules
    }

    fn index(&self, out: &mut String) {
        let context = self.context;
        let name = context.project_name();
        let quoted = context
            .readme()
            .and_then(|(path, text)| Some((path, first_paragraph(text, 600)?)));
        if let Some((path, paragraph)) = &quoted {
            let _ = writeln!(
                out,
                "> {}\n>\n> — from {}\n",
                escape_inline(paragraph),
                cite(path.as_str())
            );
        }
        // javapoet's README: "As of 2020-10-10, Square's JavaPoet project is deprecated."
        if let Some((path, status)) = context
            .readme()
            .and_then(|(path, text)| Some((path, crate::markdown::project_status(text)?)))
        {
            let _ = writeln!(
                out,
                "**Status:** {} {}\n",
                escape_inline(&status),
                cite(path.as_str())
            );
        }
        let mut said: Vec<String> = quoted.into_iter().map(|(_, text)| text).collect();
        let manifest = context.manifests_in("").find(|m| m.description.is_some());
        // ky's README opens with what its `package.json` says: say it once.
        if let Some(manifest) = manifest.filter(|manifest| {
            let description = manifest.description.as_deref().unwrap_or_default();
            !said.iter().any(|text| says_the_same(description, text))
        }) {
            let description = manifest.description.as_deref().unwrap_or_default();
            said.push(description.to_string());
            let _ = writeln!(
                out,
                "{}: {} {}\n",
                escape_all(&name),
                escape_inline(description),
                cite(manifest.path.as_str())
            );
        }
        // The files the scan left out are not in the index; they are listed on their pages.
        let (unread, files): (Vec<&FileMap>, Vec<&FileMap>) = context
            .index
            .files
            .iter()
            .partition(|file| file.flags.never_read());
        let total_lines: u64 = files.iter().map(|file| u64::from(file.lines)).sum();
        let mut languages: BTreeMap<Language, (usize, u64)> = BTreeMap::new();
        for file in &files {
            let entry = languages.entry(file.language).or_default();
            entry.0 += 1;
            entry.1 += u64::from(file.lines);
        }
        let all_modules: Vec<&Module> = context.index.modules.iter().collect();
        // Size, modules and languages in one sentence, most files first: a table of the
        // languages made a row of each YAML or text file's language, which said nothing.
        let mut languages: Vec<_> = languages.into_iter().collect();
        languages.sort_by(|a, b| b.1 .0.cmp(&a.1 .0).then(a.0.cmp(&b.0)));
        let mut parts: Vec<String> = languages
            .iter()
            .take(MAX_LANGUAGES_NAMED)
            .map(|(language, (count, lines))| {
                format!("{count} {language} ({})", plural_lines(*lines))
            })
            .collect();
        if languages.len() > MAX_LANGUAGES_NAMED {
            let rest = &languages[MAX_LANGUAGES_NAMED..];
            let count: usize = rest.iter().map(|(_, (count, _))| count).sum();
            // "1 more in 1 language", not "1 in 1 language more" (kleur's index).
            parts.push(format!(
                "{} more in {}",
                count,
                plural(rest.len(), "language", "languages")
            ));
        }
        let languages_said = match languages.as_slice() {
            [] => String::new(),
            [(language, _)] => format!(", all {language}"),
            _ => format!(": {}", join_and(&parts)),
        };
        let _ = write!(
            out,
            "The index holds {} ({} lines) in {}{}{languages_said}.",
            plural(files.len(), "file", "files"),
            total_lines,
            plural(context.index.modules.len(), "module", "modules"),
            self.unlisted_note(&all_modules),
        );
        if !unread.is_empty() {
            let (verb, pages) = match unread.len() {
                1 => ("is", "its module's page"),
                _ => ("are", "their modules' pages"),
            };
            let _ = write!(
                out,
                " {}, not read (binary, not UTF-8, minified, too large, or named as secrets \
                 are), {verb} listed on {pages}.",
                plural(unread.len(), "more file", "more files"),
            );
        }
        out.push_str("\n\n");

        out.push_str("## Modules\n\n| module | files | about |\n|---|---:|---|\n");
        let modules = self.sorted_modules();
        let readme = context.readme().map(|(path, _)| path.as_str());
        let listed = self.listed_modules(&modules);
        for row in listed.iter().take(MAX_ROWS) {
            let module = match row {
                Listed::Module(module) => module,
                Listed::Suite(group) => {
                    let _ = writeln!(
                        out,
                        "| {} | {} | {} |",
                        self.suite_label(group),
                        group.modules.iter().map(|m| m.files.len()).sum::<usize>(),
                        self.suite_group_description(group)
                    );
                    continue;
                }
            };
            // The README is quoted above: the root's row says what else is there instead of
            // quoting it again.
            let described_by_readme = module.path.is_empty()
                && self
                    .describe_module_plain(module)
                    .is_some_and(|(_, source)| Some(source.as_str()) == readme);
            // A module described by what is said above (ky's `source` by its package.json)
            // is said by what it holds instead.
            let repeats = self
                .describe_module_plain(module)
                .is_some_and(|(text, _)| said.iter().any(|shown| says_the_same(&text, shown)));
            let about = if described_by_readme {
                self.top_level_files(module)
            } else if repeats {
                let held = self
                    .module_without_doc(module)
                    .unwrap_or_else(|| self.describe_module_cell(module));
                // psr7's `src` is described by the package's composer.json, quoted above: say
                // whose code it is before what it defines.
                // tenacity's root holds the manifest, not the package's code.
                let has_code = self
                    .files_of(module)
                    .iter()
                    .any(|file| file.language.is_code() && !is_flagged(file));
                match self.described_by_package(module).filter(|_| has_code) {
                    Some(package) => {
                        format!("The code of the package {}. {held}", code_span(package))
                    }
                    None => held,
                }
            } else {
                self.describe_module_cell(module)
            };
            let _ = writeln!(
                out,
                "| {} | {} | {} |",
                self.module_link(&module.path),
                module.files.len(),
                about
            );
        }
        more_listed(out, &listed, MAX_ROWS);
        out.push('\n');

        // The project's own development tools are the onboarding's, not what it offers.
        let mut entry_points = self.project_entry_points();
        entry_points.retain(|(file, _)| !self.is_tool(file));
        let patterns = self.exported_patterns();
        if !entry_points.is_empty() || !patterns.is_empty() {
            out.push_str("## Entry points\n\n");
            for (file, main) in entry_points {
                out.push_str(&self.entry_point_line(file, main));
                out.push('\n');
            }
            for line in patterns {
                let _ = writeln!(out, "- {line}");
            }
            out.push('\n');
        }

        // The pages by name, on one line: what each holds is its title, and saying so line by
        // line told a reader nothing.
        // Each page by what it says of this repository (a sentence naming the three pages said
        // nothing a reader could not see from the links).
        out.push_str("## Pages\n\n");
        let several = self.context.index.modules.len() > 1;
        for (title, kind, about) in [
            (
                "Architecture",
                PageKind::Architecture,
                crate::llms::architecture_about(self.context, several),
            ),
            (
                "Onboarding",
                PageKind::Onboarding,
                crate::llms::onboarding_about(self.context, several),
            ),
            (
                "Dependencies",
                PageKind::Dependencies,
                crate::llms::dependencies_about(self.context),
            ),
        ] {
            let _ = writeln!(
                out,
                "- {}: {}",
                self.page_link(title, &kind),
                escape_inline(&about)
            );
        }
        let _ = writeln!(
            out,
            "\n[index.json]({}) and [llms.txt]({}) hold the same map for tools and coding agents.",
            link_between(self.page, "index.json"),
            link_between(self.page, "llms.txt")
        );
    }

    fn architecture(&self, out: &mut String) {
        let context = self.context;
        let modules = self.sorted_modules();
        let edges = self.module_edges();
        // What the dependencies are made of, counted as the diagram's labels count them (the
        // import statements between the modules' files; tomlkit's lead said 63 "resolved
        // imports", every file pair of the repository, beside a label of 103).
        let statements: u32 = edges
            .iter()
            .map(|edge| edge.count.saturating_sub(edge.namespace_uses))
            .sum();
        let namespace_uses: u32 = edges.iter().map(|edge| edge.namespace_uses).sum();
        let made_of = match (edges.is_empty(), namespace_uses) {
            (true, _) => String::new(),
            (false, 0) => format!(
                ", made of {} between their files",
                plural(statements as usize, "import", "imports")
            ),
            (false, uses) => format!(
                ", made of {} between their files and {} the other's types in a shared namespace",
                plural(statements as usize, "import", "imports"),
                plural(uses as usize, "file naming", "files naming")
            ),
        };
        // Rows and diagram nodes: a module, or a grouped suite of tests or examples as one.
        let listed = self.listed_modules(&modules);
        // One module has no architecture of modules: a table of one row, "0 dependencies
        // between them" and a diagram of one box said nothing (pkg/errors, itoa); the page
        // goes on to its central files, and the module's page draws its files.
        if let ([Listed::Module(only)], 1) = (listed.as_slice(), modules.len()) {
            let _ = writeln!(
                out,
                "{} is one module, {}, of {}; its page lists its files.\n",
                escape_all(&context.project_name()),
                self.module_link(&only.path),
                plural(only.files.len(), "file", "files"),
            );
            self.central_files_section(out);
            return;
        }
        let _ = writeln!(
            out,
            "{} is organised into {}{}, with {} between them{made_of}.\n",
            escape_all(&context.project_name()),
            plural(modules.len(), "module", "modules"),
            self.unlisted_note(&modules),
            plural(edges.len(), "dependency", "dependencies"),
        );
        let mut node_of: BTreeMap<&str, String> = BTreeMap::new();
        let mut groups: BTreeSet<String> = BTreeSet::new();
        let mut labels: BTreeMap<String, String> = BTreeMap::new();
        for row in &listed {
            match row {
                Listed::Module(module) => {
                    node_of.insert(module.path.as_str(), module.path.clone());
                    labels.insert(module.path.clone(), module_label(&module.path));
                }
                Listed::Suite(group) => {
                    let node = format!("{}/*", group.root);
                    for module in &group.modules {
                        node_of.insert(module.path.as_str(), node.clone());
                    }
                    labels.insert(
                        node.clone(),
                        format!(
                            "{} ({})",
                            module_label(&group.root),
                            plural(group.modules.len(), "module", "modules")
                        ),
                    );
                    groups.insert(node);
                }
            }
        }
        // Edges between nodes: counts summed, dashed only when every edge behind is.
        let mut node_edges: BTreeMap<(&str, &str), (u32, bool)> = BTreeMap::new();
        for edge in edges {
            let (Some(from), Some(to)) = (
                node_of.get(edge.from.as_str()),
                node_of.get(edge.to.as_str()),
            ) else {
                continue;
            };
            if from == to {
                continue;
            }
            let entry = node_edges
                .entry((from.as_str(), to.as_str()))
                .or_insert((0, true));
            entry.0 = entry.0.saturating_add(edge.count);
            entry.1 &= edge.local_only;
        }
        let mut depends_on: BTreeMap<&str, usize> = BTreeMap::new();
        let mut used_by: BTreeMap<&str, usize> = BTreeMap::new();
        for (from, to) in node_edges.keys() {
            *depends_on.entry(from).or_default() += 1;
            *used_by.entry(to).or_default() += 1;
        }
        out.push_str("## Components\n\n");
        // go-cmp's fixture packages, imported only by `_test.go` files beside the code, read
        // "used by 0" without it.
        if !self.context.module_test_edges.is_empty() {
            out.push_str("The counts leave out the imports of tests kept beside the code; each module's page lists them.\n\n");
        }
        out.push_str(
            "| module | files | depends on | used by | about |\n|---|---:|---:|---:|---|\n",
        );
        for row in listed.iter().take(MAX_ROWS) {
            let (node, name, files, about) = match row {
                Listed::Module(module) => (
                    module.path.clone(),
                    self.module_link(&module.path),
                    module.files.len(),
                    self.describe_module_cell(module),
                ),
                Listed::Suite(group) => (
                    format!("{}/*", group.root),
                    self.suite_label(group),
                    group.modules.iter().map(|m| m.files.len()).sum(),
                    self.suite_group_description(group),
                ),
            };
            let _ = writeln!(
                out,
                "| {name} | {files} | {} | {} | {about} |",
                depends_on.get(node.as_str()).copied().unwrap_or(0),
                used_by.get(node.as_str()).copied().unwrap_or(0),
            );
        }
        more_listed(out, &listed, MAX_ROWS);
        out.push('\n');

        out.push_str("## Module dependencies\n\n");
        // Boxes without an arrow draw nothing the table has not said.
        if node_edges.is_empty() {
            out.push_str("No module imports another.\n\n");
        } else {
            self.module_diagram(out, &node_of, &labels, &groups, &node_edges);
        }
        let layered: Vec<&Module> = listed
            .iter()
            .filter_map(|row| match row {
                Listed::Module(module) => Some(*module),
                Listed::Suite(_) => None,
            })
            .collect();
        let suites: Vec<&SuiteGroup> = listed
            .iter()
            .filter_map(|row| match row {
                Listed::Suite(group) => Some(group),
                Listed::Module(_) => None,
            })
            .collect();
        self.layers(out, &layered, &suites);
        self.central_files_section(out);
    }

    /// The modules' diagram, its arrows labelled with the imports behind them, and its legend.
    fn module_diagram(
        &self,
        out: &mut String,
        node_of: &BTreeMap<&str, String>,
        labels: &BTreeMap<String, String>,
        groups: &BTreeSet<String>,
        node_edges: &BTreeMap<(&str, &str), (u32, bool)>,
    ) {
        let context = self.context;
        let centrality = &context.module_centrality;
        let mut node_rank: BTreeMap<&str, f64> = BTreeMap::new();
        for (module, node) in node_of {
            *node_rank.entry(node.as_str()).or_default() +=
                centrality.get(*module).copied().unwrap_or(0.0);
        }
        let mut shown: Vec<&str> = labels.keys().map(String::as_str).collect();
        if shown.len() > MAX_DIAGRAM_MODULES {
            shown.sort_by(|a, b| {
                let rank = |m: &str| node_rank.get(m).copied().unwrap_or(0.0);
                rank(b).total_cmp(&rank(a)).then(a.cmp(b))
            });
            shown.truncate(MAX_DIAGRAM_MODULES);
            shown.sort_unstable();
        }
        let ids: BTreeMap<&str, usize> = shown.iter().enumerate().map(|(at, m)| (*m, at)).collect();
        let places = &context.module_places;
        // A grouped suite is never part of an import cycle's box: its modules are many.
        fn component_of<'x>(
            places: &'x BTreeMap<String, cartograph_graph::ModulePlace>,
            groups: &BTreeSet<String>,
            node: &'x str,
        ) -> Option<&'x str> {
            if groups.contains(node) {
                return None;
            }
            Some(
                places
                    .get(node)
                    .map_or(node, |place| place.component.as_str()),
            )
        }
        let component = |node| component_of(places, groups, node);
        let mut cycles: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        for node in &shown {
            if let Some(component) = component(node) {
                cycles.entry(component).or_default().push(node);
            }
        }
        cycles.retain(|_, members| members.len() > 1);
        let label = |node: &str| mermaid_label(labels.get(node).map_or(node, String::as_str));
        out.push_str("```mermaid\ngraph LR\n");
        for (node, id) in &ids {
            if component(node).is_some_and(|component| cycles.contains_key(component)) {
                continue;
            }
            let _ = writeln!(out, "  m{id}[\"{}\"]", label(node));
        }
        for (at, members) in cycles.values().enumerate() {
            let _ = writeln!(out, "  subgraph cycle{at}[\"import cycle\"]");
            for node in members {
                if let Some(id) = ids.get(node) {
                    let _ = writeln!(out, "    m{id}[\"{}\"]", label(node));
                }
            }
            out.push_str("  end\n");
        }
        let mut dashed = false;
        for ((from, to), (count, local_only)) in node_edges {
            if let (Some(from), Some(to)) = (ids.get(from), ids.get(to)) {
                let arrow = if *local_only { "-.->" } else { "-->" };
                dashed |= *local_only;
                let _ = writeln!(out, "  m{from} {arrow}|{count}| m{to}");
            }
        }
        out.push_str("```\n\n");
        if labels.len() > shown.len() {
            let what = if groups.is_empty() {
                "modules"
            } else {
                "modules and suites"
            };
            let _ = writeln!(
                out,
                "The diagram shows the {} most central of {} {what} (by the summed PageRank of their files).\n",
                shown.len(),
                labels.len()
            );
        }
        if let Some(example) = groups.iter().find_map(|node| labels.get(node)) {
            let _ = writeln!(
                out,
                "A box such as \"{}\" is a suite of tests or examples, its modules drawn as one.\n",
                escape_all(example)
            );
        }
        // A label counts the imports between the modules' files, as the lead says; the legend
        // is there only for what the lead does not say.
        let namespace = self
            .module_edges()
            .iter()
            .any(|edge| edge.namespace_uses > 0);
        let mut legend = Vec::new();
        if namespace {
            legend.push("A label also counts the files naming the other module's types in the namespace they share.");
        }
        // The dashed arrow is explained where the diagram has one (walkdir's has none).
        if dashed {
            legend.push("A dashed arrow stands for imports made only inside functions or for type checking.");
        }
        if !legend.is_empty() {
            let _ = write!(out, "{}\n\n", legend.join(" "));
        }
    }

    /// The architecture page's files most of the code depends on.
    fn central_files_section(&self, out: &mut String) {
        let context = self.context;
        let central = self.central_files(MAX_CENTRAL_FILES);
        out.push_str("## Central files\n\n");
        if central.is_empty() {
            out.push_str(
                "No file imports another or uses its names, so no file stands out as central.\n",
            );
        } else {
            out.push_str("| file | used by | about |\n|---|---:|---|\n");
            for file in central {
                let _ = writeln!(
                    out,
                    "| {} | {} | {} |",
                    cite(file.path.as_str()),
                    context.index.graph.user_count(&file.path),
                    self.describe_file(file).unwrap_or_else(|| "—".to_string())
                );
            }
        }
    }

    fn key_symbols(&self, files: &[&'a FileMap]) -> Vec<(&'a FileMap, &'a Symbol)> {
        let graph = self.context.index.graph;
        let mut candidates: Vec<(&FileMap, &Symbol)> = files
            .iter()
            .filter(|file| !is_flagged(file))
            .flat_map(|file| {
                file.parsed
                    .symbols
                    .iter()
                    .map(move |symbol| (*file, symbol))
            })
            .filter(|(file, symbol)| {
                let test = symbol.name.starts_with("test_") || symbol.name.starts_with("Test");
                !test && symbol.parent.is_none() && is_key_definition(file, symbol)
            })
            .collect();
        // Public API first, by rank; a constant or a private helper only when it is central:
        // ranked at least as high as the median public definition (or when there is no public
        // definition at all), and then after the public ones of the same rank.
        let facts = |file: &FileMap, symbol: &Symbol| {
            let at = file
                .parsed
                .symbols
                .iter()
                .position(|candidate| std::ptr::eq(candidate, symbol))
                .unwrap_or(usize::MAX);
            let primary = graph.is_public(&file.path, at) && symbol.kind != SymbolKind::Constant;
            (primary, graph.symbol_rank(&file.path, at))
        };
        let mut public_ranks: Vec<f64> = candidates
            .iter()
            .map(|(file, symbol)| facts(file, symbol))
            .filter(|(primary, _)| *primary)
            .map(|(_, rank)| rank)
            .collect();
        public_ranks.sort_by(f64::total_cmp);
        let central = public_ranks.get(public_ranks.len() / 2).copied();
        candidates.retain(|(file, symbol)| {
            let (primary, rank) = facts(file, symbol);
            primary || central.is_none_or(|central| rank >= central)
        });
        candidates.sort_by_cached_key(|(file, symbol)| {
            let (primary, rank) = facts(file, symbol);
            // Ranks are below 1: as integers of 1e-12 they sort exactly and deterministically.
            let rank = (rank * 1e12) as u64;
            (
                std::cmp::Reverse(rank),
                !primary,
                file.path.clone(),
                symbol.line,
            )
        });
        // A name defined once per platform (`#[cfg(unix)]` and `#[cfg(windows)]` variants of
        // one function), or in each of several programs (eight benchmarks' `main`), shows once.
        let mut seen: BTreeSet<&str> = BTreeSet::new();
        candidates.retain(|(_, symbol)| seen.insert(symbol.name.as_str()));
        candidates.truncate(MAX_KEY_SYMBOLS);
        candidates.sort_by(|a, b| a.0.path.cmp(&b.0.path).then(a.1.line.cmp(&b.1.line)));
        candidates
    }

    fn module(&self, out: &mut String, path: &str) {
        let context = self.context;
        let Some(module) = context.module(path) else {
            out.push_str("This module is no longer in the index.\n");
            return;
        };
        let files = self.files_of(module);
        match self.describe_module(module) {
            Some((text, citation)) => {
                let _ = writeln!(out, "{text} {citation}\n");
            }
            None => match self.suite_description(module) {
                // A suite needs no doc: it says what it is for.
                Some(Suite::Named(suite) | Suite::Unlinked(suite)) => {
                    let _ = writeln!(out, "{suite}\n");
                }
                // Nor does the documentation's directory, or a directory of test data: each
                // says what it holds.
                _ if self.context.index.graph.is_docs_dir(&module.path)
                    || self.is_test_data(module) =>
                {
                    if let Some(holds) = self.module_without_doc(module) {
                        let _ = writeln!(out, "{holds}\n");
                    }
                }
                _ => {
                    // The root's README describes the project, not this module of settings
                    // and tests beside the code. Elsewhere, what the module holds says more
                    // than that no doc describes it (pino's `build`: "Run by the CI workflow
                    // …" after that notice).
                    let holds = self.module_without_doc(module);
                    if module.path.is_empty() {
                        out.push_str("The repository's top level, beside the project's code.");
                        if let Some(names) = &holds {
                            let _ = write!(out, " {names}");
                        }
                    } else {
                        out.push_str(holds.as_deref().unwrap_or(
                            "No doc comment, README or summary describes this module yet.",
                        ));
                    }
                    out.push_str("\n\n");
                }
            },
        }
        // Its size and languages are the index's table and its own file table: "6 files with
        // 893 lines, all rust" on every module page told a reader nothing more.
        // A Rust module compiled only under a `cfg` says so once, not on every file's row
        // (serde_json's `src/lexical`, behind the feature `float_roundtrip`).
        let module_cfg = self.module_rust_cfg(&files);
        if let Some(note) = module_cfg.and_then(crate::build_tags::rust_cfg_note) {
            let _ = writeln!(out, "{note}\n");
        }

        self.module_api(out, module, &files);
        self.module_entry_points(out, module);
        if !matches!(
            self.module_role(module),
            ModuleRole::Tests | ModuleRole::Examples
        ) {
            out.push_str(&context.module_flow_texts(&module.path, &files).0);
        }
        out.push_str(&crate::routes::module_routes(context, &files));
        let has_code = files.iter().any(|file| file.language.is_code());
        self.module_dependencies(out, path, has_code);
        self.modules_inside(out, module);
        self.module_structure(out, module, &files);
        self.module_documents(out, &files);
        // An example's names are its own (a `UserSchema` the docs mean another of).
        if self.module_role(module) != ModuleRole::Examples {
            self.documents_naming(out, module, &files);
        }

        // The documents listed above, each with what it is about, are not listed again
        // (itsdangerous's ten `docs/*.rst` had two alike lines each).
        let documents = self.documents_of(&files);
        let others: Vec<&FileMap> = files
            .iter()
            .copied()
            .filter(|file| !documents.iter().any(|document| document.path == file.path))
            .collect();
        if others.is_empty() {
            return;
        }
        let heading = if documents.is_empty() {
            "Files"
        } else {
            "Other files"
        };
        let _ = write!(
            out,
            "## {heading}\n\n| file | language | lines | about |\n|---|---|---:|---|\n"
        );
        // The project's housekeeping (licences, ignore lists, templates, sponsorship links) is
        // one line after the table: a row each said only what its name does.
        let chores: Vec<(&FileMap, String)> = others
            .iter()
            .filter_map(|file| Some((*file, self.housekeeping(file)?)))
            .collect();
        let others: Vec<&FileMap> = if chores.len() >= MIN_HOUSEKEEPING {
            others
                .into_iter()
                .filter(|file| !chores.iter().any(|(chore, _)| chore.path == file.path))
                .collect()
        } else {
            others
        };
        let rows: Vec<(&FileMap, Option<String>)> = others
            .iter()
            .map(|file| {
                // A row says only the conditions beyond the module's.
                let own = context.rust_conditions.get(file.path.as_str());
                let about = match (module_cfg, own) {
                    (Some(shared), Some(own)) if own.starts_with(shared) => {
                        crate::build_tags::described(
                            file,
                            Some(&own[shared.len()..]),
                            self.describe_file_unnoted(file),
                        )
                    }
                    _ => self.describe_file(file),
                };
                (*file, about)
            })
            .collect();
        let mut collapsed = collapsed_dirs(&rows);
        let mut table: Vec<FileRow<'_>> = Vec::new();
        for (file, about) in &rows {
            if let Some(group) = collapsed.get_mut(file.path.as_str()) {
                // One row for many files of a directory said alike, at its first.
                if let Some((text, files)) = group.take() {
                    table.push(FileRow { text, files });
                }
                continue;
            }
            // A secret, or a file left out, is never read: its lines are not known, not 0.
            let lines = if file.flags.never_read() {
                "—".to_string()
            } else {
                file.lines.to_string()
            };
            let language = if is_binary_file(file) {
                "binary".to_string()
            } else {
                file.language.to_string()
            };
            let text = format!(
                "| {} | {language} | {lines} | {} |\n",
                cite(file.path.as_str()),
                about.as_deref().unwrap_or("—")
            );
            table.push(FileRow {
                text,
                files: vec![*file],
            });
        }
        let (shown, hidden) = rows_shown(table);
        for row in &shown {
            out.push_str(&row.text);
        }
        more_files(out, &hidden);
        if chores.len() >= MIN_HOUSEKEEPING {
            let said: Vec<String> = chores
                .iter()
                .map(|(file, role)| format!("{} ({role})", cite(file.path.as_str())))
                .collect();
            let _ = writeln!(out, "\nHousekeeping: {}.", join_and(&said));
        }
    }

    /// What a file of the project's housekeeping is, in a few words: a licence the project
    /// is under (its name), a list of what git or a tool leaves out, a template or policy for
    /// contributors, the sponsorship links. `None` for any other file, and for a licence of
    /// some files only (`ext/LICENSE`).
    fn housekeeping(&self, file: &FileMap) -> Option<String> {
        if file.language.is_code() || file.flags.secret {
            return None;
        }
        let path = &file.path;
        if is_licence_file(path) {
            if self.licensed_dir(file).is_some() {
                return None;
            }
            // Only the project's: not a licence of third-party code or of its logo.
            let text = self.context.text(path.as_str());
            return match text.and_then(licence_name) {
                Some(name) => Some(format!("the {name}")),
                None if text.and_then(licence_notice).is_some() => {
                    Some("a notice of the licences that apply".to_string())
                }
                None => known_document(file)
                    .filter(|known| known.contains("the project is distributed under"))
                    .map(|_| "a licence".to_string()),
            };
        }
        let name = path.file_name().to_ascii_lowercase();
        let stem = name
            .split_once('.')
            .map_or(name.as_str(), |(stem, _)| stem)
            .replace(['-', '_', ' '], "");
        let parent = path.parent().to_ascii_lowercase();
        let role = match name.as_str() {
            ".gitignore" => "what git leaves untracked",
            ".gitattributes" => "git's attributes of paths",
            ".editorconfig" => "editor settings",
            ".mailmap" => "git's map of author names",
            ".git-blame-ignore-revs" => "commits `git blame` skips",
            ".npmignore" => "what npm leaves out of the package",
            ".dockerignore" => "what Docker leaves out of its build context",
            ".npmrc" => "npm's settings",
            "funding.yml" => "the sponsorship links GitHub shows",
            "codeowners" => "who reviews which paths",
            _ if parent.ends_with("issue_template") => {
                if stem == "config" {
                    "settings of the issue template chooser"
                } else {
                    "a template for new issues"
                }
            }
            _ if parent.ends_with("pull_request_template") => "a pull request template",
            _ => match stem.as_str() {
                "issuetemplate" => "a template for new issues",
                "pullrequesttemplate" => "a pull request template",
                "codeofconduct" => "the code of conduct",
                "security" => "how to report a vulnerability",
                "contributors" | "authors" => "the people who contributed",
                _ => return None,
            },
        };
        Some(role.to_string())
    }

    /// The `cfg` conditions every Rust file of `files` is compiled under (the outermost ones
    /// they share: tracing-subscriber's `fmt` and `std` for all of `src/fmt`, `json` for one
    /// file more), when there are some.
    fn module_rust_cfg(&self, files: &[&'a FileMap]) -> Option<&'c [String]> {
        let mut rust = files
            .iter()
            .filter(|file| file.language == Language::Rust)
            .map(|file| self.context.rust_conditions.get(file.path.as_str()));
        let first = rust.next()??;
        let mut shared = first.len();
        for other in rust {
            let other = other?;
            shared = first
                .iter()
                .zip(other)
                .take(shared)
                .take_while(|(a, b)| a == b)
                .count();
        }
        (shared > 0).then(|| &first[..shared])
    }

    /// The crates of this repository a crate root of `files` offers as its modules with `pub
    /// extern crate x as y;` (ripgrep's `grep` facade: `grep::searcher` is `grep_searcher`), in
    /// the order written.
    fn reexported_crates(&self, files: &[&'a FileMap]) -> Vec<OfferedCrate<'a>> {
        let context = self.context;
        let mut offered = Vec::new();
        for file in files.iter().filter(|file| file.language == Language::Rust) {
            let Some(krate) = context.rust_crate_roots.get(file.path.as_str()) else {
                continue;
            };
            for import in &file.parsed.imports {
                // `pub use other_crate::*` at the root passes on all the crate offers.
                let glob_of = import.raw.strip_suffix("::*").filter(|krate| {
                    !krate.contains("::") && !matches!(*krate, "crate" | "self" | "super")
                });
                let crate_root = import.kind == ImportKind::Reexport
                    && import.scope.is_none()
                    && (!import.raw.contains("::") || glob_of.is_some());
                let Some(target) = import.resolved.as_ref().filter(|_| crate_root) else {
                    continue;
                };
                let Some(module) = cartograph_graph::module_of(context.index.modules, target)
                else {
                    continue;
                };
                // Only another crate of the repository (its root in another module).
                if glob_of.is_some()
                    && cartograph_graph::module_of(context.index.modules, &file.path)
                        == Some(module)
                {
                    continue;
                }
                let glob = glob_of.map(|_| {
                    context
                        .file(target.as_str())
                        .map(|root| {
                            root.parsed
                                .symbols
                                .iter()
                                .enumerate()
                                .filter(|(at, symbol)| {
                                    cartograph_graph::is_top_level(root, symbol)
                                        && context.index.graph.is_public(&root.path, *at)
                                })
                                .map(|(_, symbol)| symbol.name.as_str())
                                .collect()
                        })
                        .unwrap_or_default()
                });
                let other = glob_of.unwrap_or(import.raw.as_str());
                let alias = import.name.as_deref().unwrap_or(other);
                offered.push(OfferedCrate {
                    glob,
                    path: format!("{krate}::{alias}"),
                    krate: other,
                    module,
                    root: file.path.as_str(),
                    line: import.line,
                    condition: import
                        .condition
                        .as_deref()
                        .and_then(|condition| {
                            crate::build_tags::rust_cfg_note(&[condition.to_string()])
                        })
                        .map(|note| lowercase_first(note.trim_end_matches('.'))),
                });
            }
        }
        offered
    }

    /// The module's public API grouped by defining file, most used first; past
    /// `MAX_API_DETAILED` names the rest as a compact list. A module without public API shows
    /// its key definitions instead.
    fn module_api(&self, out: &mut String, module: &'a Module, files: &[&'a FileMap]) {
        let context = self.context;
        // No one imports an example: what it shows is what it uses of the project.
        // Benchmarks are told by what they measure, their functions' names.
        let benchmarks = files.iter().any(|file| is_benchmark_path(&file.path));
        if self.module_role(module) == ModuleRole::Examples
            && !benchmarks
            && self.what_examples_use(out, files)
        {
            return;
        }
        let mut api = self.public_api(files);
        // A test suite's package offers nothing to users: what its `__init__.py` imports from
        // the library is what its fixtures use (pyjwt's `tests/keys`), not an API.
        let declared = match self.module_role(module) {
            ModuleRole::Tests => None,
            _ => self.package_exports(module),
        };
        let crates = self.reexported_crates(files);
        if !crates.is_empty() {
            out.push_str(
                "## Public API\n\nIts crate root offers other crates of this repository:\n\n",
            );
            for offered in &crates {
                let condition = offered
                    .condition
                    .as_deref()
                    .map(|condition| format!(", {condition}"))
                    .unwrap_or_default();
                if let Some(names) = &offered.glob {
                    let shown: Vec<String> = names.iter().map(|name| code_span(name)).collect();
                    let what = if shown.is_empty() {
                        String::new()
                    } else {
                        // What its root defines; it may pass on more from its modules.
                        format!(", including {}", join_and(&shown))
                    };
                    let _ = writeln!(
                        out,
                        "- everything the crate `{}` ({}) offers{what}{condition} {}",
                        offered.krate,
                        self.module_link(offered.module),
                        cite_line(offered.root, Some(offered.line)),
                    );
                    continue;
                }
                let _ = writeln!(
                    out,
                    "- `{}` is the crate `{}` ({}){condition} {}",
                    offered.path,
                    offered.krate,
                    self.module_link(offered.module),
                    cite_line(offered.root, Some(offered.line)),
                );
            }
            out.push('\n');
            if api.is_empty() && declared.is_none() {
                return;
            }
        }
        if api.is_empty() && declared.is_none() {
            if self.module_role(module) == ModuleRole::Tests {
                self.shared_test_helpers(out, files);
                return;
            }
            if self.package_internal_exports(out, module, files) {
                return;
            }
            let symbols = self.key_symbols(files);
            if symbols.is_empty() {
                return;
            }
            out.push_str(
                "## Key definitions (none public; the most referenced, in file order)\n\n",
            );
            for (file, symbol) in symbols {
                self.symbol_line(out, file, symbol, None);
            }
            out.push('\n');
            return;
        }
        // Go lets only the code under an `internal/` directory's parent import the packages
        // inside it (zap's `internal/ztest`): their exported names are shared, not offered.
        // Its other files (zerolog's `diode/internal/diodes` keeps its README and licence)
        // do not change that.
        let go_internal = files
            .iter()
            .filter(|file| file.language.is_code())
            .all(|file| file.language == Language::Go)
            && files.iter().any(|file| file.language == Language::Go)
            && module.path.split('/').any(|part| part == "internal");
        if go_internal {
            let parts: Vec<&str> = module.path.split('/').collect();
            let at = parts
                .iter()
                .position(|part| *part == "internal")
                .unwrap_or(0);
            let parent = (at > 0).then(|| parts[..at].join("/"));
            let within = match parent {
                Some(parent) => format!("the code under {}", code_span(&format!("{parent}/"))),
                None => "the repository's own code".to_string(),
            };
            let _ = writeln!(
                out,
                "## Exported names\n\nA package inside `internal/`: Go lets only {within} import it, so these names are shared within the project, not offered to its users.\n"
            );
        } else {
            out.push_str("## Public API\n\n");
        }
        // The files of this module an entry of the package passes on whole: their exports are
        // the package's, and come first.
        if let Some((package, offered)) = self.inside_package(module, files) {
            let passed_on: Vec<&FileMap> = self
                .passed_on_files(&offered)
                .into_iter()
                .filter(|file| module.files.contains(&file.path))
                .collect();
            let entries: Vec<String> = offered.iter().map(|path| cite(path)).collect();
            let others_export = api
                .iter()
                .any(|(file, _)| !passed_on.iter().any(|passed| passed.path == file.path));
            let passed: Vec<String> = passed_on
                .iter()
                .map(|file| cite(file.path.as_str()))
                .collect();
            // Without an `exports` map Node lets importers reach any file (`pino/file`): the
            // entry is where they are sent, not all they may load.
            let closed = self.package_has_exports_map(module);
            let offers = if closed {
                "offers importers only"
            } else {
                "is entered through"
            };
            // The names an entry passes on one by one from this module's files (multer's
            // `module.exports.MulterError = MulterError`, required from `lib/`).
            let graph = self.context.index.graph;
            let mut named: Vec<String> = Vec::new();
            // The entries that do, named as the ones passing the names on: nanoid's
            // `index.js` passes on `urlAlphabet`, its `non-secure/index.js` only imports it.
            let mut passing: Vec<String> = Vec::new();
            for entry in offered.iter().filter_map(|path| self.context.file(path)) {
                for (exported, inner) in &entry.parsed.clause_exports {
                    if exported == "*" || exported == "default" {
                        continue;
                    }
                    let from_here = graph
                        .definition_of(&entry.path, inner)
                        .is_some_and(|definer| module.files.contains(definer));
                    let name = code_span(exported);
                    if from_here && !named.contains(&name) {
                        named.push(name);
                    }
                    let entry_cited = cite(entry.path.as_str());
                    if from_here && !passing.contains(&entry_cited) {
                        passing.push(entry_cited);
                    }
                }
            }
            if passed.is_empty() && !named.is_empty() {
                let openly = if closed {
                    String::new()
                } else {
                    "; with no `exports` map in its `package.json`, importers may also load these files by their paths".to_string()
                };
                let (through, verb) = match passing.len() {
                    1 => ("its entry", "passes"),
                    _ => ("its entries", "pass"),
                };
                let them = if named.len() == 1 { "it" } else { "them" };
                let _ = writeln!(
                    out,
                    "The package {}'s users get {} from this module's files: {through} {} {verb} {them} on{openly}.\n",
                    code_span(package),
                    join_and(&named),
                    join_and(&passing),
                );
            }
            // dayjs's plugins: its entry passes none of them on, but with no `exports` map its
            // users import them by path (`dayjs/plugin/utc`), as its README shows.
            let _ = match (passed.is_empty(), others_export, closed) {
                (true, _, _) if !named.is_empty() => Ok(()),
                (true, _, true) => writeln!(
                    out,
                    "Internal to the package {}: its `package.json` {offers} {}; these are what this module's files export to the package's other files.\n",
                    code_span(package),
                    join_and(&entries)
                ),
                (true, _, false) => writeln!(
                    out,
                    "The package {} {offers} {}, which passes on none of this module's names; with no `exports` map in its `package.json`, importers may still load these files by their paths.\n",
                    code_span(package),
                    join_and(&entries)
                ),
                (false, true, true) => writeln!(
                    out,
                    "The package {} {offers} {}, which passes on what {} exports; the other files' exports serve the package's own files.\n",
                    code_span(package),
                    join_and(&entries),
                    join_and(&passed)
                ),
                (false, true, false) => writeln!(
                    out,
                    "The package {} {offers} {}, which passes on what {} exports; the other files are not passed on, though with no `exports` map importers may load them by their paths.\n",
                    code_span(package),
                    join_and(&entries),
                    join_and(&passed)
                ),
                (false, false, _) => writeln!(
                    out,
                    "The package {} {offers} {}, which passes on what {} exports.\n",
                    code_span(package),
                    join_and(&entries),
                    join_and(&passed)
                ),
            };
            // Stable: the passed-on files' names first, the rest where their use put them.
            api.sort_by_key(|(file, _)| !passed_on.iter().any(|passed| passed.path == file.path));
        } else if let Some(front) = self.front_file(module) {
            // The front file's names (log's `lib.rs`: `Log`, `Level`, `Record`) before those
            // of its submodules (`kv/value.rs`'s `Value`, which `kv`'s files use most).
            api.sort_by_key(|(file, _)| file.path != front.path);
        }
        // What the package says it exports comes first, as its own list, in `__all__`'s order.
        let mut exported: Vec<(&FileMap, usize)> = Vec::new();
        let mut types_note: Option<String> = None;
        if let Some((init, names, how)) = &declared {
            let position = |(file, at): &(&FileMap, usize)| {
                names.iter().position(|(name, from)| {
                    *name == file.parsed.symbols[*at].name
                        && from.is_none_or(|from| *from == file.path)
                })
            };
            let (mut first, others): (Vec<_>, Vec<_>) =
                api.into_iter().partition(|entry| position(entry).is_some());
            first.sort_by_key(|entry| position(entry));
            exported = first;
            api = others;
            // A JavaScript entry's name is its own wherever another file declares it too
            // (chalk's `index.d.ts` declares what `index.js` exports): not "also" public.
            if matches!(how, Exports::Entry) {
                let listed: BTreeSet<&str> = names.iter().map(|(name, _)| *name).collect();
                // So is a local name its file exports under a listed one (chalk's `index.js`:
                // `export {stdoutColor as supportsColor}`): importers know it by that name.
                // And so is a name the entry passes on under another (immer's `export {
                // NOTHING as nothing } from "./internal"`).
                api.retain(|(file, at)| {
                    let name = file.parsed.symbols[*at].name.as_str();
                    let renamed = |clauses: &[(String, String)]| {
                        clauses.iter().any(|(exported, inner)| {
                            inner == name && listed.contains(exported.as_str())
                        })
                    };
                    // The entry's declaration file declares its default export under a name
                    // of its own (camelcase's `index.d.ts`: `export default function
                    // camelcase(…)` for `index.js`'s `camelCase`): the same export.
                    let declared_default = declares_entry_types(file, init)
                        && has_default_export(init)
                        && file
                            .parsed
                            .clause_exports
                            .iter()
                            .any(|(exported, inner)| exported == "default" && inner == name);
                    !listed.contains(name)
                        && !declared_default
                        && !renamed(&file.parsed.clause_exports)
                        && !renamed(&init.parsed.clause_exports)
                });
                // What else the declaration file exports (camelcase's `Options`) is the
                // package's too: `import type {Options} from 'camelcase'`.
                let (types, others): (Vec<_>, Vec<_>) = std::mem::take(&mut api)
                    .into_iter()
                    .partition(|(file, _)| declares_entry_types(file, init));
                api = others;
                if let Some((file, _)) = types.first() {
                    let names: Vec<String> = types
                        .iter()
                        .map(|(file, at)| code_span(&file.parsed.symbols[*at].name))
                        .collect();
                    types_note = Some(format!(
                        "; its declaration file, {}, adds {}",
                        cite(file.path.as_str()),
                        listing_first("", &names, MAX_NAMES_IN_SENTENCE)
                            .trim()
                            .trim_end_matches('.')
                    ));
                }
                exported.extend(types);
            }
            let default = match how {
                Exports::Entry => init
                    .parsed
                    .clause_exports
                    .iter()
                    .find(|(exported, _)| exported == "default")
                    .map(|(_, inner)| inner.as_str()),
                Exports::All | Exports::Reexported => None,
            };
            let mut shown: Vec<String> = names
                .iter()
                .map(|(name, _)| match default {
                    Some(default) if default == *name => {
                        format!("{} (its default export)", code_span(name))
                    }
                    _ => code_span(name),
                })
                .collect();
            // zod's entry passes on over five hundred names: the sentence names the first, the
            // list below shows them.
            if shown.len() > MAX_NAMES_IN_SENTENCE {
                let more = shown.len() - MAX_NAMES_IN_SENTENCE;
                shown.truncate(MAX_NAMES_IN_SENTENCE);
                shown.push(format!("{more} more"));
            }
            let _ = match how {
                Exports::All => writeln!(
                    out,
                    "The package declares its API in {} (`__all__`): {}.\n",
                    cite(init.path.as_str()),
                    join_and(&shown)
                ),
                Exports::Reexported => writeln!(
                    out,
                    "Importing the package offers what {} {}: {}.\n",
                    cite(init.path.as_str()),
                    if names.iter().any(|(_, from)| *from == Some(&init.path)) {
                        "imports from the repository's files and defines itself"
                    } else {
                        "imports from the repository's files"
                    },
                    join_and(&shown)
                ),
                // body-parser's `lib/types/json.js` is its package's `./json` entry; the
                // package's own (`.`) is `index.js`, in another module.
                Exports::Entry if !self.is_main_entry(init) => writeln!(
                    out,
                    "An entry file of the package, {}, exports {}.\n",
                    cite(init.path.as_str()),
                    join_and(&shown)
                ),
                // nanoid's `url-alphabet/index.js`: the index of a directory inside the
                // package, which no entry of the package's `package.json` names.
                Exports::Entry if self.inside_package(module, files).is_some() => writeln!(
                    out,
                    "Its index file, {}, exports {}.\n",
                    cite(init.path.as_str()),
                    join_and(&shown)
                ),
                Exports::Entry => writeln!(
                    out,
                    "The package's entry file, {}, exports {}{}.\n",
                    cite(init.path.as_str()),
                    join_and(&shown),
                    types_note.as_deref().unwrap_or_default()
                ),
            };
        }
        let members = self.public_members(files);
        let entry_line = |out: &mut String, file: &'a FileMap, at: usize| {
            let symbol = &file.parsed.symbols[at];
            let users = context
                .name_users
                .get(&(file.path.as_str(), symbol.name.as_str()))
                .copied();
            self.symbol_line(out, file, symbol, users);
            // TypeScript classes implement object types named by aliases too (p-queue's
            // `type Queue = {…}`).
            if symbol.kind == SymbolKind::TypeAlias {
                self.hierarchy_lines(out, file, at);
            }
            if is_type_kind(symbol.kind) {
                self.hierarchy_lines(out, file, at);
                self.members_lines(
                    out,
                    &members,
                    file,
                    &cartograph_graph::type_name(file, symbol),
                );
            }
        };
        for (file, at) in &exported {
            entry_line(out, file, *at);
        }
        // `__all__` names a submodule (marshmallow's `fields`) or a value no definition here
        // records (`missing = _Missing()`): each is listed with the file that holds it.
        let mut unmatched = 0;
        // The definitions listed so: not again among what else the files offer (tomlkit's
        // `TOMLDocument`, in `__all__` through `api.py`, read "not in `__all__`" below).
        let mut listed_here: Vec<(&str, usize)> = Vec::new();
        if let Some((init, names, Exports::All | Exports::Entry)) = &declared {
            let listed: BTreeSet<&str> = exported
                .iter()
                .map(|(file, at)| file.parsed.symbols[*at].name.as_str())
                .collect();
            for (name, from) in names {
                if listed.contains(name) {
                    continue;
                }
                // The file the name was followed to holds it (zod's `string` is
                // `v4/classic/schemas.ts`'s, not the regex of `v4/core/regexes.ts`).
                let followed = from.and_then(|from| {
                    let file = self.context.file(from.as_str())?;
                    Some(Unlisted::Symbol(file, top_level_position(file, name)?))
                });
                match followed.or_else(|| self.export_without_symbol(init, name)) {
                    Some(Unlisted::Symbol(file, at)) => {
                        listed_here.push((file.path.as_str(), at));
                        entry_line(out, file, at);
                    }
                    Some(Unlisted::Line(line)) => out.push_str(&line),
                    None => continue,
                }
                unmatched += 1;
            }
        }
        // A constant no other file names (a template string, a table) is listed by name only.
        let unused_constant = |(file, at): &(&FileMap, usize)| {
            let symbol = &file.parsed.symbols[*at];
            symbol.kind == SymbolKind::Constant
                && !context
                    .name_users
                    .contains_key(&(file.path.as_str(), symbol.name.as_str()))
        };
        let (mut detailed, mut rest): (Vec<_>, Vec<_>) = api
            .into_iter()
            .filter(|(file, at)| !listed_here.contains(&(file.path.as_str(), *at)))
            .partition(|entry| !unused_constant(entry));
        let room = MAX_API_DETAILED.saturating_sub(exported.len());
        if detailed.len() > room {
            let beyond = detailed.split_off(room);
            rest.splice(0..0, beyond);
        }
        // After the package's own list, what else its files offer, said once: as the heading
        // of the detailed entries, else as the lead of the names listed alone.
        let also = (!exported.is_empty() || unmatched > 0).then(|| match &declared {
            Some((_, _, Exports::Reexported)) => {
                "Also public in its files, though the package does not import them".to_string()
            }
            Some((init, _, Exports::Entry)) => format!(
                "Also exported by its files, though {} does not export them",
                cite(init.path.as_str())
            ),
            // The package's `__all__`, not the files' own (cachetools' `keys.py` lists its
            // four names in its own).
            Some((init, _, Exports::All)) => format!(
                "Also public in its files, though not in the `__all__` of {}",
                cite(init.path.as_str())
            ),
            _ => "Also public in its files, though not in `__all__`".to_string(),
        });
        if !exported.is_empty() || unmatched > 0 {
            out.push('\n');
        }
        if let (Some(also), false) = (&also, detailed.is_empty()) {
            let _ = writeln!(out, "{also}:\n");
        }
        let mut by_file: BTreeMap<&str, Vec<(&FileMap, usize)>> = BTreeMap::new();
        let mut file_order: Vec<&str> = Vec::new();
        for (file, at) in &detailed {
            let path = file.path.as_str();
            if !by_file.contains_key(path) {
                file_order.push(path);
            }
            by_file.entry(path).or_default().push((file, *at));
        }
        for path in file_order {
            let _ = writeln!(out, "From {}:\n", cite(path));
            let entries = by_file.get(path).map(Vec::as_slice).unwrap_or_default();
            let mut listed = vec![false; entries.len()];
            for (i, (file, at)) in entries.iter().enumerate() {
                if listed[i] {
                    continue;
                }
                // go-humanize's `Day`, `Week`, `Month`, `Year` and `LongTime` under one
                // `// Seconds-based time units`: one entry, the comment said once.
                let group = self.constants_alike(entries, i);
                if group.len() < 2 {
                    entry_line(out, file, *at);
                    continue;
                }
                for &j in &group {
                    listed[j] = true;
                }
                let symbols: Vec<&Symbol> = group
                    .iter()
                    .map(|&j| &entries[j].0.parsed.symbols[entries[j].1])
                    .collect();
                let users = context
                    .name_users
                    .get(&(file.path.as_str(), symbols[0].name.as_str()))
                    .copied();
                self.constants_line(out, file, &symbols, users);
            }
            out.push('\n');
        }
        if !rest.is_empty() {
            let names: Vec<String> = rest
                .iter()
                .map(|(file, at)| {
                    let symbol = &file.parsed.symbols[*at];
                    context.symbol_citation_as(file, symbol, &shown_name(file, symbol))
                })
                .collect();
            // Past the entry's exports, the rest are its files' exports, which the package
            // does not offer (immer's `src/internal.ts` barrel passes them between its files).
            let lead = match (&also, detailed.is_empty()) {
                (Some(also), true) => also.clone(),
                (Some(_), false) => match &declared {
                    Some((_, _, Exports::Entry)) => "More exported by its files".to_string(),
                    _ => "More public in its files".to_string(),
                },
                (None, _) => "Also public".to_string(),
            };
            let _ = writeln!(out, "{lead}: {}.\n", names.join(", "));
        }
    }

    /// The `package.json` nearest above `dir` (or in it), with its directory.
    fn governing_package<'d>(
        &self,
        dir: &'d str,
    ) -> Option<(&'d str, &'a cartograph_core::JsManifest)> {
        let mut dir = dir;
        loop {
            let manifest = match dir {
                "" => "package.json".to_string(),
                dir => format!("{dir}/package.json"),
            };
            if let Some(package) = self
                .context
                .file(&manifest)
                .and_then(|file| file.parsed.js_manifest.as_deref())
            {
                return Some((dir, package));
            }
            if dir.is_empty() {
                return None;
            }
            dir = dir.rfind('/').map_or("", |at| &dir[..at]);
        }
    }

    /// What a module of a package whose `exports` map offers none of its files exports to the
    /// package's other files (execa's `lib/methods`), under "Exported names", said to be
    /// internal; false when it exports nothing.
    fn package_internal_exports(
        &self,
        out: &mut String,
        module: &Module,
        files: &[&'a FileMap],
    ) -> bool {
        if !self.package_has_exports_map(module) {
            return false;
        }
        let Some((package, offered)) = self.inside_package(module, files) else {
            return false;
        };
        let exported: Vec<(&FileMap, &Symbol)> = files
            .iter()
            .filter(|file| {
                matches!(
                    file.language,
                    Language::JavaScript | Language::TypeScript | Language::Tsx
                ) && !cartograph_graph::is_test_path(&file.path)
            })
            .flat_map(|file| {
                file.parsed
                    .symbols
                    .iter()
                    .filter(|symbol| {
                        symbol.parent.is_none() && symbol.visibility == Some(Visibility::Public)
                    })
                    .map(move |symbol| (*file, symbol))
            })
            .take(MAX_API_DETAILED)
            .collect();
        if exported.is_empty() {
            return false;
        }
        let entries: Vec<String> = offered.iter().map(|path| cite(path)).collect();
        let _ = writeln!(
            out,
            "## Exported names\n\nInternal to the package {}: its `package.json` offers importers only {}; these are what this module's files export to the package's other files.\n",
            code_span(package),
            join_and(&entries)
        );
        for (file, symbol) in exported {
            self.symbol_line(out, file, symbol, None);
        }
        out.push('\n');
        true
    }

    /// True when the `package.json` governing `module` declares an `exports` map, which limits
    /// what importers may load to what it lists.
    fn package_has_exports_map(&self, module: &Module) -> bool {
        self.governing_package(&module.path)
            .is_some_and(|(_, package)| !package.exports.is_empty())
    }

    /// The name of the JavaScript or TypeScript package `module` lies inside, and the files its
    /// `package.json` offers to importers (`JsManifest::entry_sources`), when none of them is
    /// the module's and no `exports` pattern (`./*`) may offer its files too: what the module
    /// exports then serves the package's other files only (execa's `lib/methods`).
    fn inside_package(
        &self,
        module: &Module,
        files: &[&'a FileMap],
    ) -> Option<(&'a str, Vec<&'a str>)> {
        let script = |file: &&FileMap| {
            matches!(
                file.language,
                Language::JavaScript | Language::TypeScript | Language::Tsx
            )
        };
        if !files.iter().any(script) {
            return None;
        }
        let (manifest_dir, package) = self.governing_package(&module.path)?;
        let name = package.name.as_deref()?;
        if module.path == manifest_dir
            || package.entry_sources.is_empty()
            || package.exports.iter().any(|(key, _)| key.contains('*'))
        {
            return None;
        }
        let offered: Vec<&str> = package
            .entry_sources
            .iter()
            .map(|(_, path)| path.as_str())
            .collect();
        let offers_own = files
            .iter()
            .any(|file| offered.contains(&file.path.as_str()));
        (!offers_own).then_some((name, offered))
    }

    /// What a test suite's files share: the definitions other files import or name (starlette's
    /// `tests/types.py`, a `support/` module), most used first. A test's own helpers say nothing
    /// about the suite and are left out; pytest's fixtures, which tests take by parameter name,
    /// are no reference the graph sees.
    fn shared_test_helpers(&self, out: &mut String, files: &[&'a FileMap]) {
        const MAX_HELPERS: usize = 20;
        let mut shared: Vec<(usize, &FileMap, &Symbol)> = Vec::new();
        // A `conftest.py`'s fixtures serve the tests of every directory below it, those of other
        // modules too (cattrs's `tests/strategies`): all files are asked, once.
        let everywhere: std::sync::OnceLock<Vec<&FileMap>> = std::sync::OnceLock::new();
        for file in files {
            for symbol in &file.parsed.symbols {
                // A variable other files use counts too (pyjwt's `crypto_required =
                // pytest.mark.skipif(...)`, used by six test files).
                let variable = symbol.kind == SymbolKind::Variable;
                if symbol.parent.is_some() || !(variable || is_key_definition(file, symbol)) {
                    continue;
                }
                let users = self.users_of(file, &symbol.name).max(fixture_users(
                    file,
                    symbol,
                    everywhere.get_or_init(|| self.context.index.files.iter().collect()),
                ));
                if users > 0 {
                    shared.push((users, file, symbol));
                }
            }
        }
        if shared.is_empty() {
            return;
        }
        shared.sort_by(|a, b| {
            b.0.cmp(&a.0)
                .then_with(|| a.1.path.cmp(&b.1.path))
                .then_with(|| a.2.line.cmp(&b.2.line))
        });
        // A name defined twice in a file (`if TYPE_CHECKING:` … `else:`) is one helper.
        let mut seen = BTreeSet::new();
        shared.retain(|(_, file, symbol)| seen.insert((&file.path, &symbol.name)));
        out.push_str("## Shared test helpers\n\n");
        for (users, file, symbol) in shared.iter().take(MAX_HELPERS) {
            self.symbol_line(out, file, symbol, Some(*users));
        }
        if shared.len() > MAX_HELPERS {
            let _ = writeln!(out, "- … and {} more", shared.len() - MAX_HELPERS);
        }
        out.push('\n');
    }

    /// Per example file, the names it uses of the project's code, by module (marshmallow's
    /// `examples/flask_example.py`: `Schema`, `ValidationError`, `fields` and `pre_load` of
    /// `src/marshmallow`). False, writing nothing, when no example uses the project's code.
    fn what_examples_use(&self, out: &mut String, files: &[&'a FileMap]) -> bool {
        const MAX_EXAMPLES: usize = 30;
        const MAX_NAMES: usize = 8;
        let module_of =
            |path: &RepoPath| cartograph_graph::module_of(self.context.index.modules, path);
        let code: BTreeSet<&str> = self
            .context
            .index
            .modules
            .iter()
            .filter(|module| self.module_role(module) == ModuleRole::Code)
            .map(|module| module.path.as_str())
            .collect();
        let ours: BTreeSet<&RepoPath> = files.iter().map(|file| &file.path).collect();
        // example → module used → names used.
        let mut uses: BTreeMap<&RepoPath, BTreeMap<&str, BTreeSet<&str>>> = BTreeMap::new();
        for reference in self.context.index.graph.references() {
            if !ours.contains(reference.from) || ours.contains(reference.to) {
                continue;
            }
            let Some(used) = module_of(reference.to).filter(|used| code.contains(used)) else {
                continue;
            };
            uses.entry(reference.from)
                .or_default()
                .entry(used)
                .or_default()
                .extend(reference.names.iter().copied());
        }
        uses.retain(|_, modules| modules.values().any(|names| !names.is_empty()));
        if uses.is_empty() {
            return false;
        }
        out.push_str("## What the examples use\n\n");
        for (path, modules) in uses.iter().take(MAX_EXAMPLES) {
            let parts: Vec<String> = modules
                .iter()
                .filter(|(_, names)| !names.is_empty())
                .map(|(module, names)| {
                    let shown: Vec<String> = names
                        .iter()
                        .take(MAX_NAMES)
                        .map(|name| code_span(name))
                        .collect();
                    let listed = match names.len().saturating_sub(MAX_NAMES) {
                        0 => join_and(&shown),
                        more => format!("{} and {more} more", shown.join(", ")),
                    };
                    format!("{listed} of {}", self.module_link(module))
                })
                .collect();
            let _ = writeln!(out, "- {}: {}", cite(path.as_str()), parts.join("; "));
        }
        more_rows(out, uses.len(), MAX_EXAMPLES, "examples");
        out.push('\n');
        true
    }

    /// The files an entry passes on whole, followed from file to file (express's `index.js`,
    /// `module.exports = require('./lib/express')`; `export * from './x'`).
    fn passed_on_files(&self, entries: &[&str]) -> Vec<&'a FileMap> {
        const MAX_HOPS: usize = 4;
        let mut found: Vec<&'a FileMap> = Vec::new();
        let mut frontier: Vec<&'a FileMap> = entries
            .iter()
            .filter_map(|path| self.context.file(path))
            .collect();
        for _ in 0..MAX_HOPS {
            let mut next = Vec::new();
            for file in frontier {
                for (exported, inner) in &file.parsed.clause_exports {
                    if exported != "*" {
                        continue;
                    }
                    let target = file
                        .parsed
                        .imports
                        .iter()
                        .find(|import| import.kind.is_reexport() && import.raw == *inner)
                        .and_then(|import| import.resolved.as_ref())
                        .and_then(|to| self.context.file(to.as_str()));
                    if let Some(target) = target {
                        if !found.iter().any(|seen| seen.path == target.path)
                            && !entries.contains(&target.path.as_str())
                        {
                            found.push(target);
                            next.push(target);
                        }
                    }
                }
            }
            if next.is_empty() {
                break;
            }
            frontier = next;
        }
        found
    }

    /// A name of a package's `__all__` that none of the module's own symbols is: a symbol of
    /// another module that `__init__.py` imports (attrs' `attrs` package offers what `attr`
    /// defines), followed through re-exports to its definition; a submodule of the package,
    /// with its doc; or a value `__init__.py` imports from a file of the repository, with that
    /// file.
    ///
    /// A JavaScript entry's name is followed to the file it passes it on from, under the name it
    /// has there (commander's `export { InvalidArgumentError as InvalidOptionArgumentError }`).
    fn export_without_symbol(&self, init: &'a FileMap, name: &str) -> Option<Unlisted<'a>> {
        let context = self.context;
        let inner = init
            .parsed
            .clause_exports
            .iter()
            .find(|(exported, _)| exported == name)
            .map_or(name, |(_, inner)| inner.as_str());
        // `export { stdoutColor as supportsColor }` of its own definition.
        let own = (inner != name)
            .then(|| top_level_position(init, inner))
            .flatten()
            .map(|at| (init, at));
        let found = own.or_else(|| {
            context
                .index
                .graph
                .definition_of(&init.path, inner)
                .and_then(|defined| context.file(defined.as_str()))
                .and_then(|file| Some((file, top_level_position(file, inner)?)))
                .or_else(|| self.clause_export_definition(init, inner, MAX_REEXPORT_HOPS))
        });
        match found {
            Some((file, at)) if inner != name => Some(Unlisted::Line(format!(
                "- {}: another name for {}\n",
                code_span(name),
                context.symbol_citation_as(file, &file.parsed.symbols[at], inner)
            ))),
            Some((file, at)) => Some(Unlisted::Symbol(file, at)),
            None => self.export_line(init, name).map(Unlisted::Line),
        }
    }

    fn export_line(&self, init: &FileMap, name: &str) -> Option<String> {
        let dir = init.path.parent();
        let inside = |relative: String| match dir {
            "" => relative,
            dir => format!("{dir}/{relative}"),
        };
        for candidate in [
            inside(format!("{name}.py")),
            inside(format!("{name}/__init__.py")),
        ] {
            if let Some(file) = self.context.file(&candidate) {
                let about = self
                    .describe_file_doc(file)
                    .map(|about| format!(": {about}"))
                    .unwrap_or_default();
                let link = match cite(file.path.as_str()).strip_suffix("]]") {
                    Some(open) => format!("{open}|{}]]", code_span(name)),
                    None => code_span(name),
                };
                return Some(format!("- {link} (module){about}\n"));
            }
        }
        let from = init
            .parsed
            .imports
            .iter()
            .filter(|import| import.name.as_deref() == Some(name))
            .find_map(|import| import.resolved.as_ref())?;
        Some(format!(
            "- {} (imported from {})\n",
            code_span(name),
            cite(from.as_str())
        ))
    }

    /// What a Python package offers to `import pkg`: the `__init__.py` of the module's
    /// directory and the names of its `__all__`, else the names it imports from the
    /// repository's files, each with the file it imports it from.
    #[allow(clippy::type_complexity)]
    fn package_exports(
        &self,
        module: &'a Module,
    ) -> Option<(&'a FileMap, Vec<(&'a str, Option<&'a RepoPath>)>, Exports)> {
        let init = if module.path.is_empty() {
            "__init__.py".to_string()
        } else {
            format!("{}/__init__.py", module.path)
        };
        let Some(file) = self.context.file(&init) else {
            return self.entry_exports(module);
        };
        if let Some(declared) = &file.parsed.exports {
            // Each name where `__init__.py` gets it: its own definition, else the file it
            // imports it from (the last import binds it), so that tqdm's `tqdm`, imported
            // from `std.py`, is not also `auto.py`'s class of the same name.
            let names: Vec<(&str, Option<&RepoPath>)> = declared
                .iter()
                .map(|name| {
                    let from = top_level_position(file, name)
                        .map(|_| &file.path)
                        .or_else(|| {
                            file.parsed
                                .imports
                                .iter()
                                .rev()
                                // An import inside a function (tqdm's `tnrange` imports
                                // `notebook.py`'s `tqdm`) binds nothing at the top.
                                .filter(|import| {
                                    !import.kind.is_deferred()
                                        && import.name.as_deref() == Some(name.as_str())
                                })
                                .find_map(|import| import.resolved.as_ref())
                        });
                    (name.as_str(), from)
                })
                .collect();
            return (!names.is_empty()).then_some((file, names, Exports::All));
        }
        // Without `__all__`, what `__init__.py` imports from the repository's own files is what
        // `import pkg` offers (typer's `from .main import Typer as Typer`), with what it
        // defines itself (toolz's `comp = compose`), in its order. A star import brings the
        // `__all__` of its module, else the module's public names (toolz's `from .itertoolz
        // import *`).
        let graph = self.context.index.graph;
        let mut bound: Vec<(u32, &str, Option<&RepoPath>)> = Vec::new();
        for import in &file.parsed.imports {
            if !(import.kind == ImportKind::Import || import.kind.is_reexport()) {
                continue;
            }
            let (Some(name), Some(from)) = (import.name.as_deref(), import.resolved.as_ref())
            else {
                continue;
            };
            if name != "*" {
                bound.push((import.line, name, Some(from)));
                continue;
            }
            let Some(target) = self.context.file(from.as_str()) else {
                continue;
            };
            match &target.parsed.exports {
                Some(all) => bound.extend(
                    all.iter()
                        .map(|name| (import.line, name.as_str(), Some(from))),
                ),
                None => bound.extend(
                    target
                        .parsed
                        .symbols
                        .iter()
                        .enumerate()
                        .filter(|(at, symbol)| {
                            symbol.parent.is_none() && graph.is_public(&target.path, *at)
                        })
                        .map(|(_, symbol)| (import.line, symbol.name.as_str(), Some(from))),
                ),
            }
        }
        let own = file
            .parsed
            .symbols
            .iter()
            .enumerate()
            .filter(|(at, symbol)| {
                symbol.parent.is_none()
                    && !symbol.name.starts_with("__")
                    && graph.is_public(&file.path, *at)
            });
        bound.extend(own.map(|(_, symbol)| (symbol.line, symbol.name.as_str(), Some(&file.path))));
        bound.sort_by_key(|(line, _, _)| *line);
        let mut seen: BTreeSet<&str> = BTreeSet::new();
        let names: Vec<(&str, Option<&RepoPath>)> = bound
            .into_iter()
            .map(|(_, name, from)| (name, from))
            .filter(|(name, _)| !name.starts_with('_') && seen.insert(name))
            .collect();
        (names.len() >= MIN_REEXPORTED_NAMES).then_some((file, names, Exports::Reexported))
    }

    /// True when `file` is the first entry point its package's manifest names that is not a
    /// type declaration (what `import 'pkg'` loads), or no manifest names it (a module's
    /// `index.js`).
    fn is_main_entry(&self, file: &FileMap) -> bool {
        let named = |manifest: &&Manifest| {
            manifest
                .entry_points
                .iter()
                .any(|entry| entry.trim_start_matches("./") == file.path.as_str())
        };
        match self.context.manifests.iter().find(named) {
            Some(manifest) => manifest
                .entry_points
                .iter()
                .find(|entry| !is_declaration_path(entry))
                .is_some_and(|entry| entry.trim_start_matches("./") == file.path.as_str()),
            None => true,
        }
    }

    /// What a JavaScript or TypeScript package's entry file in `module` exports: the file (the
    /// `main` or `module` a `package.json` names, else the module directory's `index.ts`,
    /// `index.js`, …) and its names in order, its own exported definitions first, then what it
    /// passes on from other files (`export { Command }`, `export { HTTPError } from
    /// './errors/HTTPError.js'`, each name of `export * from './types'`).
    #[allow(clippy::type_complexity)]
    fn entry_exports(
        &self,
        module: &'a Module,
    ) -> Option<(&'a FileMap, Vec<(&'a str, Option<&'a RepoPath>)>, Exports)> {
        let files = self.files_of(module);
        let script = |file: &FileMap| {
            matches!(
                file.language,
                Language::JavaScript | Language::TypeScript | Language::Tsx
            )
        };
        let member = |path: &str| {
            files
                .iter()
                .copied()
                .find(|file| file.path.as_str() == path && script(file) && !is_flagged(file))
        };
        let declared = self.context.manifests.iter().flat_map(|manifest| {
            manifest.entry_points.iter().filter(move |path| {
                !manifest
                    .executables
                    .iter()
                    .any(|executable| executable.paths.contains(path))
            })
        });
        let dir = module.path.as_str();
        let index = ["ts", "tsx", "mts", "js", "mjs", "cjs", "jsx"].map(|extension| match dir {
            "" => format!("index.{extension}"),
            dir => format!("{dir}/index.{extension}"),
        });
        let entry = declared
            .filter_map(|path| member(path))
            .chain(index.iter().filter_map(|path| member(path)))
            .next()?;
        let mut seen: BTreeSet<&str> = BTreeSet::new();
        let mut names: Vec<(&'a str, Option<&'a RepoPath>)> = Vec::new();
        // A definition the entry exports only under another name (chalk's
        // `export {stdoutColor as supportsColor}`) is known to importers by that name alone.
        let clauses = &entry.parsed.clause_exports;
        let renamed_only = |symbol: &Symbol| {
            let name = symbol.name.as_str();
            !symbol.signature.starts_with("export ")
                && clauses.iter().any(|(exported, inner)| {
                    inner == name && exported != name && exported != "default"
                })
                && !clauses.iter().any(|(exported, inner)| {
                    inner == name && (exported == name || exported == "default")
                })
        };
        for symbol in self.exported_definitions(entry) {
            if !renamed_only(symbol) && seen.insert(symbol.name.as_str()) {
                names.push((symbol.name.as_str(), Some(&entry.path)));
            }
        }
        for (exported, inner) in &entry.parsed.clause_exports {
            // `export default ky`: the entry's `ky` under its own name (the sentence says it is
            // the default export); a default passed on from another file's default is unnamed.
            if exported == "default" {
                if inner != "default" && seen.insert(inner.as_str()) {
                    names.push((inner.as_str(), None));
                }
                continue;
            }
            // `ky.stop`: a binding set on the default export is a property of it, no name the
            // entry exports (ky's sentence had counted `ky.stop` and `ky.retry` among them).
            if exported.contains('.') {
                continue;
            }
            if exported != "*" {
                if seen.insert(exported.as_str()) {
                    names.push((exported.as_str(), None));
                }
                continue;
            }
            // `export * from './types'`: what that file exports, in its order, and what it
            // passes on in turn (zod's `index.ts` → `v4/classic/external.ts` → `schemas.ts`).
            let mut visited: BTreeSet<&str> = BTreeSet::from([entry.path.as_str()]);
            self.star_exports(entry, inner, 4, &mut visited, &mut seen, &mut names);
        }
        (!names.is_empty()).then_some((entry, names, Exports::Entry))
    }

    /// What `export * from '<specifier>'` in `file` passes on: the target's own exported
    /// definitions, the names of its export clauses, and its own `export *`, `hops` deep at
    /// most, each file once.
    fn star_exports(
        &self,
        file: &'a FileMap,
        specifier: &str,
        hops: usize,
        visited: &mut BTreeSet<&'a str>,
        seen: &mut BTreeSet<&'a str>,
        names: &mut Vec<(&'a str, Option<&'a RepoPath>)>,
    ) {
        if hops == 0 {
            return;
        }
        let Some(target) = file
            .parsed
            .imports
            .iter()
            .find(|import| import.kind.is_reexport() && import.raw == specifier)
            .and_then(|import| import.resolved.as_ref())
            .and_then(|to| self.context.file(to.as_str()))
        else {
            return;
        };
        if !visited.insert(target.path.as_str()) {
            return;
        }
        for symbol in self.exported_definitions(target) {
            if seen.insert(symbol.name.as_str()) {
                names.push((symbol.name.as_str(), Some(&target.path)));
            }
        }
        for (exported, inner) in &target.parsed.clause_exports {
            match exported.as_str() {
                // A default does not pass through `export *`.
                "default" => {}
                "*" => self.star_exports(target, inner, hops - 1, visited, seen, names),
                exported => {
                    if seen.insert(exported) {
                        names.push((exported, None));
                    }
                }
            }
        }
    }

    /// `file`'s public top-level definitions, in line order.
    fn exported_definitions(&self, file: &'a FileMap) -> Vec<&'a Symbol> {
        let graph = self.context.index.graph;
        let mut exported: Vec<&Symbol> = file
            .parsed
            .symbols
            .iter()
            .enumerate()
            .filter(|(at, symbol)| {
                cartograph_graph::is_top_level(file, symbol)
                    && !matches!(symbol.kind, SymbolKind::Impl | SymbolKind::Heading)
                    && graph.is_public(&file.path, *at)
            })
            .map(|(_, symbol)| symbol)
            .collect();
        exported.sort_by_key(|symbol| symbol.line);
        exported
    }

    /// The definition of `name` that `file` passes on from the files it re-exports (`export
    /// { HTTPError } from './errors/HTTPError.js'`, `export * from './errors'`), followed
    /// through their own re-exports.
    fn clause_export_definition(
        &self,
        file: &'a FileMap,
        name: &str,
        hops: usize,
    ) -> Option<(&'a FileMap, usize)> {
        if hops == 0 {
            return None;
        }
        let targets = file
            .parsed
            .imports
            .iter()
            .filter(|import| import.kind.is_reexport())
            .filter_map(|import| import.resolved.as_ref())
            .filter_map(|to| self.context.file(to.as_str()));
        for target in targets {
            if let Some(at) = top_level_position(target, name) {
                return Some((target, at));
            }
            let inner = target
                .parsed
                .clause_exports
                .iter()
                .find(|(exported, _)| exported == name)
                .map_or(name, |(_, inner)| inner.as_str());
            let defined = self
                .context
                .index
                .graph
                .definition_of(&target.path, inner)
                .and_then(|defined| self.context.file(defined.as_str()))
                .and_then(|defined| Some((defined, top_level_position(defined, inner)?)));
            if let Some(found) =
                defined.or_else(|| self.clause_export_definition(target, inner, hops - 1))
            {
                return Some(found);
            }
        }
        None
    }

    /// The public methods and nested types of the module's types, by their type: inherent
    /// methods only (a trait's implementation is the trait's API). A type is named by its file
    /// and name (javapoet has a `Builder` in each of seven files), except in Go, where a type's
    /// methods spread over its package's files.
    fn public_members(&self, files: &[&'a FileMap]) -> Members<'a> {
        let graph = self.context.index.graph;
        let mut members = Members::new();
        // A Go `_test.go` file is compiled only into the package's tests: a method it adds
        // (mux's `Route.GoString` in `mux_test.go`) is no member users see.
        let in_build = |file: &&&FileMap| {
            !(file.language == Language::Go && file.path.file_name().ends_with("_test.go"))
        };
        for file in files
            .iter()
            .filter(|file| !is_flagged(file))
            .filter(in_build)
        {
            for (at, symbol) in file.parsed.symbols.iter().enumerate() {
                let Some(parent) = symbol.parent.as_deref() else {
                    continue;
                };
                let method = matches!(symbol.kind, SymbolKind::Method | SymbolKind::Function);
                let nested = is_type_kind(symbol.kind);
                // http's `Method::GET`, guzzle's `RequestOptions::ALLOW_REDIRECTS`.
                let constant = symbol.kind == SymbolKind::Constant;
                // Python's special methods are how a type is used (tenacity's
                // `AttemptManager.__enter__`, `retry_base.__or__`, `BaseRetrying.__iter__`):
                // public whatever their underscores say.
                let special = symbol.name.len() > 4
                    && symbol.name.starts_with("__")
                    && symbol.name.ends_with("__");
                let hidden = symbol.name.starts_with('_') && !special;
                // A Go method in another file than its type (cobra's `Command.Execute` in
                // `command.go`, `Command.GenBashCompletion` in `bash_completions.go`): the graph
                // finds members public with their container, so its own export says.
                let go_exported = file.language == Language::Go
                    && method
                    && symbol.visibility == Some(Visibility::Public)
                    && parent
                        .trim_start_matches(['*', '&'])
                        .starts_with(char::is_uppercase);
                if !(method || nested || constant)
                    || hidden
                    || parent.contains(" for ")
                    || cartograph_graph::is_top_level(file, symbol)
                    || !(graph.is_public(&file.path, at) || go_exported)
                {
                    continue;
                }
                // A C# generic type is named with its parameters (`type_name`).
                let owner = if cartograph_graph::is_generic_parent(file, parent) {
                    parent
                } else {
                    let owner = parent.split('<').next().unwrap_or(parent).trim();
                    let owner = owner.rsplit("::").next().unwrap_or(owner);
                    let owner = owner.rsplit('.').next().unwrap_or(owner);
                    owner.trim_start_matches(['*', '&'])
                };
                // A Rust `impl` may sit in another module than its type (anyhow's `impl
                // Error` in `error.rs`, `Error` in `lib.rs`): the methods go under the type
                // where the file's references find it.
                let elsewhere = file.language == Language::Rust
                    && !file.parsed.symbols.iter().any(|symbol| {
                        symbol.parent.is_none() && symbol.name == owner && is_type_kind(symbol.kind)
                    });
                let scope = elsewhere
                    .then(|| graph.definition_of(&file.path, owner))
                    .flatten()
                    .map_or_else(|| member_scope(file), RepoPath::as_str);
                members.entry((scope, owner)).or_default().push((*file, at));
            }
        }
        members
    }

    /// Under a type: "Implements `Fs`, `io.Closer`." (Go's and Rust's, whose declarations do
    /// not name what they implement), "Implemented by `MemMapFs`, `gcsfs.Fs` and 9 more." /
    /// "Subclassed by …", "Extended by …" (an interface or trait that builds on it).
    fn hierarchy_lines(&self, out: &mut String, file: &'a FileMap, at: usize) {
        let context = self.context;
        let Some(node) = context.type_at(file, at) else {
            return;
        };
        let hierarchy = &context.hierarchy;
        let listed = |names: Vec<String>| {
            let more = names.len().saturating_sub(MAX_SUBTYPES_SHOWN);
            let mut shown: Vec<String> = names.into_iter().take(MAX_SUBTYPES_SHOWN).collect();
            if more > 0 {
                shown.push(format!("{more} more"));
            }
            join_and(&shown)
        };
        if matches!(file.language, Language::Go | Language::Rust) {
            let names: Vec<String> = hierarchy
                .supertypes(node)
                .iter()
                .filter_map(|supertype| match supertype {
                    cartograph_graph::Supertype::Defined(other) => {
                        let (other_file, other_symbol) = context.type_of(*other)?;
                        let label = type_label(file, other_file, other_symbol);
                        Some(context.symbol_citation_as(other_file, other_symbol, &label))
                    }
                    cartograph_graph::Supertype::Named(name) => Some(external_type(file, name)),
                })
                .collect();
            // What a Rust type derives, said apart from its `impl` blocks.
            let derived: Vec<String> = file
                .parsed
                .bases
                .iter()
                .filter(|(symbol, _)| file.language == Language::Rust && *symbol as usize == at)
                .map(|(_, name)| code_span(name))
                .collect();
            let derives = match derived.len() {
                0 => String::new(),
                count if count <= MAX_SUBTYPES_SHOWN => join_and(&derived),
                count => format!(
                    "{} and {} more",
                    derived[..MAX_SUBTYPES_SHOWN].join(", "),
                    count - MAX_SUBTYPES_SHOWN
                ),
            };
            // sqlx's `DB` embeds `*sql.DB`, whose methods make it a `Queryer` too: its list
            // is what its own methods and the project's embedded types show.
            let open: Vec<String> = hierarchy
                .open_embeds(node)
                .iter()
                .map(|name| code_span(name))
                .collect();
            let through = match open.len() {
                0 => String::new(),
                1 => format!(", and perhaps more through {}, which it embeds", open[0]),
                _ => format!(
                    ", and perhaps more through {}, which it embeds",
                    join_and(&open)
                ),
            };
            match (names.is_empty(), derives.is_empty()) {
                (false, true) => {
                    let _ = writeln!(out, "  Implements {}{through}.", listed(names));
                }
                (false, false) => {
                    let _ = writeln!(out, "  Implements {}; derives {derives}.", listed(names));
                }
                (true, false) => {
                    let _ = writeln!(out, "  Derives {derives}.");
                }
                (true, true) => {}
            }
        }
        // Types that have some of an interface's methods and embed another package's type
        // that may bring the rest: "Implemented by `qStmt`" alone read as all there are.
        let perhaps: Vec<String> = hierarchy
            .perhaps_implementors(node)
            .iter()
            .filter_map(|sub| context.type_of(*sub))
            .map(|(sub_file, symbol)| {
                let label = type_label(file, sub_file, symbol);
                context.symbol_citation_as(sub_file, symbol, &label)
            })
            .collect();
        let through = if perhaps.len() == 1 {
            "through a type of another package it embeds"
        } else {
            "through types of other packages they embed"
        };
        let perhaps_alone = (!perhaps.is_empty())
            .then(|| format!("  {} may implement it, {through}.", listed(perhaps.clone())));
        let mut perhaps = if perhaps.is_empty() {
            String::new()
        } else {
            format!("; {} may too, {through}", listed(perhaps))
        };
        // log's `ToValue` is implemented for sixteen primitive types by a macro's `impl
        // ToValue for $into_ty`: the blocks the project writes are not all there are.
        let macros = self.macros_adding_to(
            file,
            crate::context::MacroTarget::Implementors(file.parsed.symbols[at].name.to_string()),
        );
        let perhaps_alone = match (&macros, perhaps_alone) {
            (Some(macros), None) => Some(format!("  Implemented for the types {macros}.")),
            (_, alone) => alone,
        };
        if let Some(macros) = macros {
            let _ = write!(perhaps, "; and for the types {macros}");
        }
        let mut subtypes: Vec<(&FileMap, &Symbol)> = hierarchy
            .subtypes(node)
            .iter()
            .filter_map(|sub| context.type_of(*sub))
            .collect();
        // bytes' `Buf` is also implemented for `&[u8]`, `VecDeque<u8>` and `Box<T>`: a list
        // of the project's types alone read as every implementor.
        let foreign: Vec<String> = hierarchy
            .foreign_implementors(node)
            .iter()
            .map(|written| code_span(written))
            .collect();
        if subtypes.is_empty() {
            if !foreign.is_empty() {
                let _ = writeln!(out, "  Implemented for {}{perhaps}.", listed(foreign));
            } else if let Some(line) = perhaps_alone {
                let _ = writeln!(out, "{line}");
            }
            return;
        }
        // Its own file's first, then its directory's, then the rest by path.
        subtypes.sort_by_key(|(sub_file, symbol)| {
            (
                sub_file.path != file.path,
                sub_file.path.parent() != file.path.parent(),
                sub_file.path.as_str(),
                symbol.line,
            )
        });
        let (extending, implementing): (Vec<_>, Vec<_>) =
            subtypes.into_iter().partition(|(_, symbol)| {
                matches!(symbol.kind, SymbolKind::Interface | SymbolKind::Trait)
            });
        let cited = |subs: Vec<(&FileMap, &Symbol)>| -> Vec<String> {
            subs.into_iter()
                .map(|(sub_file, symbol)| {
                    let label = type_label(file, sub_file, symbol);
                    context.symbol_citation_as(sub_file, symbol, &label)
                })
                .collect()
        };
        let symbol = &file.parsed.symbols[at];
        if !implementing.is_empty() {
            // A TypeScript object type (p-queue's `type Queue`) is implemented, not subclassed.
            let verb = if matches!(symbol.kind, SymbolKind::Class | SymbolKind::Struct) {
                "Subclassed by"
            } else {
                "Implemented by"
            };
            let also = if foreign.is_empty() {
                String::new()
            } else {
                format!("; also for {}", listed(foreign))
            };
            let _ = writeln!(
                out,
                "  {verb} {}{also}{perhaps}.",
                listed(cited(implementing))
            );
        } else if !foreign.is_empty() {
            let _ = writeln!(out, "  Implemented for {}{perhaps}.", listed(foreign));
        } else if let Some(line) = perhaps_alone {
            let _ = writeln!(out, "{line}");
        }
        if !extending.is_empty() {
            let _ = writeln!(out, "  Extended by {}.", listed(cited(extending)));
        }
    }

    /// Under a public type: "Methods: `new() -> Self`, `max_depth(depth: usize) -> &mut Self` and 3
    /// more." (each method's call shape, its name where the first line does not show it whole),
    /// then each public type nested in it with its own methods.
    fn members_lines(
        &self,
        out: &mut String,
        members: &Members<'a>,
        file: &'a FileMap,
        name: &str,
    ) {
        self.members_at(out, members, file, name, 1);
    }

    /// The macros of a Rust file's project that add to `target`, as a phrase that follows
    /// "the types" (implementors: "the macro `impl_to_value_primitive!` is invoked with") or
    /// "those" (methods: "the macro `impl_value_to_primitive!`", the caller adding the verb);
    /// `None` for other languages or when no macro does.
    fn macros_adding_to(
        &self,
        file: &FileMap,
        target: crate::context::MacroTarget,
    ) -> Option<String> {
        if file.language != Language::Rust {
            return None;
        }
        let macros: Vec<String> = self
            .context
            .macros_adding_to(&target)
            .iter()
            .map(|name| code_span(name))
            .collect();
        let implementors = matches!(target, crate::context::MacroTarget::Implementors(_));
        match (macros.len(), implementors) {
            (0, _) => None,
            (1, true) => Some(format!("the macro {} is invoked with", macros[0])),
            (_, true) => Some(format!("the macros {} are invoked with", join_and(&macros))),
            (1, false) => Some(format!("the macro {}", macros[0])),
            (_, false) => Some(format!("the macros {}", join_and(&macros))),
        }
    }

    fn members_at(
        &self,
        out: &mut String,
        members: &Members<'a>,
        file: &'a FileMap,
        name: &str,
        depth: usize,
    ) {
        let Some(list) = members.get(&(member_scope(file), name)) else {
            return;
        };
        let indent = "  ".repeat(depth);
        let mut seen: BTreeSet<&str> = BTreeSet::new();
        let (types, methods): (Vec<_>, Vec<_>) = list
            .iter()
            .filter(|(file, at)| seen.insert(file.parsed.symbols[*at].name.as_str()))
            .partition(|(file, at)| is_type_kind(file.parsed.symbols[*at].kind));
        let (constants, methods): (Vec<_>, Vec<_>) = methods
            .into_iter()
            .partition(|(file, at)| file.parsed.symbols[*at].kind == SymbolKind::Constant);
        // A Python property is read, not called (cachetools' `Cache.currsize`).
        let (properties, mut methods): (Vec<_>, Vec<_>) = methods
            .into_iter()
            .partition(|(file, at)| file.parsed.symbols[*at].is_property());
        // What the project's documents show first, then what most files use (cobra's
        // `Command.Execute` and `AddCommand` before the setters written above them); Python's
        // operator and protocol methods (`__eq__`, `__hash__`) after the others, which callers
        // name, though the constructor stays among them.
        let context = self.context;
        methods.sort_by_cached_key(|(file, at)| {
            let name = file.parsed.symbols[*at].name.as_str();
            let protocol = name.len() > 4
                && name.starts_with("__")
                && name.ends_with("__")
                && !matches!(name, "__init__" | "__new__" | "__call__");
            let documented = context.documented_names.get(name).copied().unwrap_or(0);
            let users = context
                .name_users
                .get(&(file.path.as_str(), name))
                .copied()
                .unwrap_or(0);
            (
                protocol,
                std::cmp::Reverse(documented),
                std::cmp::Reverse(users),
            )
        });
        let names: Vec<String> = methods
            .iter()
            .map(|(file, at)| {
                let symbol = &file.parsed.symbols[*at];
                let shape = crate::call_shape::call_shape(file.language, symbol);
                let shown = shape.as_deref().unwrap_or(&symbol.name);
                let cited = self.context.symbol_citation_as(file, symbol, shown);
                if is_deprecated(symbol) {
                    format!("{cited} (deprecated)")
                } else {
                    cited
                }
            })
            .collect();
        // A Go interface's embedded interfaces bring their methods (logrus's `FieldLogger`
        // embeds `StdLogger` and four more): its own list alone read as all it requires.
        let embedded: Vec<String> = if file.language == Language::Go {
            file.parsed
                .bases
                .iter()
                .filter(|(symbol, _)| {
                    file.parsed
                        .symbols
                        .get(*symbol as usize)
                        .is_some_and(|symbol| {
                            symbol.kind == SymbolKind::Interface && symbol.name.as_str() == name
                        })
                })
                .map(|(_, base)| code_span(base))
                .collect()
        } else {
            Vec::new()
        };
        if !properties.is_empty() {
            let cited: Vec<String> = properties
                .iter()
                .map(|(file, at)| {
                    let symbol = &file.parsed.symbols[*at];
                    let shape = crate::call_shape::property_shape(file.language, symbol);
                    let shown = shape.as_deref().unwrap_or(&symbol.name);
                    self.context.symbol_citation_as(file, symbol, shown)
                })
                .collect();
            let shown = cited.len().min(MAX_MEMBERS_SHOWN);
            // A JavaScript or TypeScript type's are its accessors (`get spinner()`): its
            // plain fields (ora's `text: string`) are not among them.
            let label = match file.language {
                Language::JavaScript | Language::TypeScript | Language::Tsx => "Getters",
                _ => "Properties",
            };
            let _ = write!(out, "{indent}{label}: {}", cited[..shown].join(", "));
            if cited.len() > shown {
                let _ = write!(out, " and {} more", cited.len() - shown);
            }
            out.push_str(".\n");
        }
        // log's `Value` has seven more methods a macro writes (`impl_value_to_primitive!`).
        let macros =
            self.macros_adding_to(file, crate::context::MacroTarget::Methods(name.to_string()));
        let macros = macros.map(|macros| {
            let verb = if macros.starts_with("the macros ") {
                "write"
            } else {
                "writes"
            };
            format!("{macros} {verb}")
        });
        if names.is_empty() && embedded.is_empty() {
            if let Some(macros) = &macros {
                let _ = writeln!(out, "{indent}Methods: those {macros}.");
            }
        }
        if !names.is_empty() {
            let shown = names.len().min(MAX_MEMBERS_SHOWN);
            let _ = write!(out, "{indent}Methods: {}", names[..shown].join(", "));
            if names.len() > shown {
                let _ = write!(out, " and {} more", names.len() - shown);
            }
            if let Some(macros) = &macros {
                let _ = write!(out, ", and more {macros}");
            }
            if !embedded.is_empty() {
                let _ = write!(
                    out,
                    "; besides those of the interfaces it embeds, {}",
                    join_and(&embedded)
                );
            }
            out.push_str(".\n");
        } else if !embedded.is_empty() {
            let _ = writeln!(
                out,
                "{indent}Methods: those of the interfaces it embeds, {}.",
                join_and(&embedded)
            );
        }
        // Constants by name only: a type's are often many (http's `StatusCode` has sixty).
        let constant_names: Vec<String> = constants
            .iter()
            .map(|(file, at)| code_span(&file.parsed.symbols[*at].name))
            .collect();
        if !constant_names.is_empty() {
            let shown = constant_names.len().min(MAX_MEMBERS_SHOWN);
            let _ = write!(
                out,
                "{indent}Constants: {}",
                constant_names[..shown].join(", ")
            );
            if constant_names.len() > shown {
                let _ = write!(out, " and {} more", constant_names.len() - shown);
            }
            out.push_str(".\n");
        }
        // Nested types two deep at most (`TypeSpec.Builder`), the rest by name.
        for (nested_file, at) in types {
            let symbol = &nested_file.parsed.symbols[at];
            let nested_name = cartograph_graph::type_name(nested_file, symbol);
            let _ = writeln!(
                out,
                "{indent}- {} ({})",
                self.context
                    .symbol_citation_as(nested_file, symbol, &nested_name),
                symbol.kind.as_str().replace('_', " ")
            );
            if depth < 2 && nested_name != name {
                self.members_at(out, members, nested_file, &nested_name, depth + 1);
            }
        }
    }

    /// The files that use `name` of `file`, by name when they are few (p-queue's
    /// `PriorityQueue`: "used by source/index.ts, bench.ts and test/priority-queue.ts"), else
    /// their count.
    fn users_named(&self, file: &FileMap, name: &str, users: usize) -> String {
        let mut named: Vec<&str> = self
            .context
            .referrers
            .get(file.path.as_str())
            .into_iter()
            .flatten()
            .filter(|(_, names)| names.contains(&name))
            .map(|(from, _)| *from)
            .collect();
        named.sort_unstable();
        named.dedup();
        if users > MAX_USERS_NAMED || named.len() != users {
            return plural(users, "file", "files");
        }
        let cited: Vec<String> = named.iter().map(|path| cite(path)).collect();
        join_and(&cited)
    }

    /// The positions in `entries` of the constants that share the doc of the one at `first`
    /// and the files that use them, `first` among them: constants of one group under one
    /// comment. Only plain ones: no Rust path, gate or deprecation to tell apart.
    fn constants_alike(&self, entries: &[(&FileMap, usize)], first: usize) -> Vec<usize> {
        let key = |(file, at): &(&FileMap, usize)| {
            let symbol = &file.parsed.symbols[*at];
            let plain = symbol.kind == SymbolKind::Constant
                && symbol.parent.is_none()
                && file.language != Language::Rust
                && !is_deprecated(symbol);
            let doc = symbol.doc.as_deref().and_then(|doc| first_line(doc, 200));
            let users = self
                .context
                .name_users
                .get(&(file.path.as_str(), symbol.name.as_str()))
                .map(|&users| self.users_named(file, &symbol.name, users));
            plain.then_some((doc?, users))
        };
        let Some(wanted) = entries.get(first).and_then(key) else {
            return vec![first];
        };
        let mut group = vec![first];
        group.extend(
            entries
                .iter()
                .enumerate()
                .skip(first + 1)
                .filter(|(_, entry)| key(entry).as_ref() == Some(&wanted))
                .map(|(j, _)| j),
        );
        group
    }

    /// One entry for constants of `file` that share a doc and their users: their names, the
    /// doc once, then their definitions (the first few when they are many).
    fn constants_line(
        &self,
        out: &mut String,
        file: &FileMap,
        symbols: &[&Symbol],
        users: Option<usize>,
    ) {
        let cited: Vec<String> = symbols
            .iter()
            .map(|symbol| self.context.symbol_citation_as(file, symbol, &symbol.name))
            .collect();
        let _ = write!(out, "- {} (constants)", join_and(&cited));
        if let Some(users) = users {
            let _ = write!(
                out,
                ", used by {}",
                self.users_named(file, &symbols[0].name, users)
            );
        }
        if let Some(doc) = symbols[0]
            .doc
            .as_deref()
            .and_then(|doc| first_line(doc, 200))
        {
            let _ = write!(out, ": {}", escape_inline(&doc));
        }
        out.push('\n');
        let signatures: Vec<String> = symbols
            .iter()
            .map(|symbol| {
                let signature = symbol.signature.split_whitespace().collect::<Vec<_>>();
                (signature.join(" "), symbol)
            })
            // `KiByte` under `Byte = 1 << (iota * 10)`: the name alone says nothing more.
            .filter(|(signature, symbol)| !signature.is_empty() && *signature != symbol.name)
            .map(|(signature, _)| signature)
            .collect();
        if signatures.is_empty() {
            return;
        }
        let shown: Vec<String> = signatures
            .iter()
            .take(MAX_GROUP_SIGNATURES)
            .map(|signature| code_span(&shorten(signature, 120)))
            .collect();
        let _ = write!(out, "  {}", shown.join(", "));
        if signatures.len() > shown.len() {
            let _ = write!(out, " and {} more", signatures.len() - shown.len());
        }
        out.push('\n');
    }

    fn symbol_line(&self, out: &mut String, file: &FileMap, symbol: &Symbol, users: Option<usize>) {
        // A public Rust item as its crate's users name it (`serde_json::value::RawValue`,
        // defined in the private `raw`).
        let rust_path = symbol
            .parent
            .is_none()
            .then(|| {
                self.context
                    .rust_paths
                    .get(&(file.path.as_str(), symbol.name.as_str()))
            })
            .flatten()
            .map(|path| format!(", as {}", code_span(path)))
            .unwrap_or_default();
        let deprecated = if is_deprecated(symbol) {
            ", deprecated"
        } else {
            ""
        };
        let gated = rust_module_gate(file, symbol).unwrap_or_default();
        let _ = write!(
            out,
            "- {} ({}{gated}{deprecated}{rust_path})",
            self.context
                .symbol_citation_as(file, symbol, &shown_name(file, symbol)),
            kind_label(symbol)
        );
        if let Some(users) = users {
            let _ = write!(
                out,
                ", used by {}",
                self.users_named(file, &symbol.name, users)
            );
        }
        if let Some(doc) = symbol.doc.as_deref().and_then(|doc| first_line(doc, 200)) {
            let alike = self
                .context
                .alike_docs
                .get_or_init(|| alike_docs(self.context.index.files))
                .contains(&(file.path.to_string(), symbol.name.to_string()));
            // Two siblings' first sentences alike say the next sentence, which differs.
            let next = alike
                .then(|| {
                    symbol
                        .doc
                        .as_deref()
                        .and_then(|full| next_sentence(full, &doc))
                })
                .flatten()
                .map(|next| format!(" {}", escape_inline(&next)))
                .unwrap_or_default();
            let _ = write!(out, ": {}{next}", escape_inline(&doc));
        }
        out.push('\n');
        let signature = symbol.signature.trim();
        if !signature.is_empty() && signature != symbol.name {
            let _ = writeln!(out, "  {}", code_span(&shorten(signature, 200)));
        }
    }

    fn module_entry_points(&self, out: &mut String, module: &Module) {
        // A test's program (a compile-fail fixture with its `main`) is no entry point of the
        // code around it.
        let tests = self.module_role(module) == ModuleRole::Tests;
        let inside: Vec<(&FileMap, Option<&Symbol>)> = self
            .entry_points()
            .into_iter()
            .filter(|(file, _)| module.files.binary_search(&file.path).is_ok())
            .filter(|(file, _)| tests || !cartograph_graph::is_test_path(&file.path))
            .take(MAX_ENTRY_POINTS)
            .collect();
        if inside.is_empty() {
            return;
        }
        out.push_str("## Entry points\n\n");
        for (file, main) in inside {
            let _ = writeln!(out, "{}", self.entry_point_line(file, main));
        }
        out.push('\n');
    }

    /// The modules in directories below this one (a Maven module's packages under
    /// `src/main/java/…`, a Go module's packages), each with what it is; suites of tests or
    /// examples as one row. The root module's are the index page's table.
    fn modules_inside(&self, out: &mut String, module: &'a Module) {
        if module.path.is_empty() {
            return;
        }
        let prefix = format!("{}/", module.path);
        let mut inside: Vec<&'a Module> = self
            .context
            .index
            .modules
            .iter()
            .filter(|other| other.path.starts_with(&prefix))
            .collect();
        inside.sort_by(|a, b| a.path.cmp(&b.path));
        let listed = self.listed_modules(&inside);
        if listed.is_empty() {
            return;
        }
        out.push_str("## Modules inside\n\n");
        for row in listed.iter().take(MAX_ROWS) {
            let _ = match row {
                Listed::Module(inner) => writeln!(
                    out,
                    "- {} ({}): {}",
                    self.module_link(&inner.path),
                    plural(inner.files.len(), "file", "files"),
                    self.describe_module_cell(inner)
                ),
                // The label says how many modules: "`tests` (6 modules), 124 files".
                Listed::Suite(group) => writeln!(
                    out,
                    "- {}, {}: {}",
                    self.suite_label(group),
                    plural(
                        group.modules.iter().map(|m| m.files.len()).sum::<usize>(),
                        "file",
                        "files"
                    ),
                    self.suite_group_description(group)
                ),
            };
        }
        more_listed(out, &listed, MAX_ROWS);
        out.push('\n');
    }

    /// What the module uses and what uses it, with the names that cross.
    fn module_dependencies(&self, out: &mut String, path: &str, has_code: bool) {
        let edges = self.module_edges();
        let outgoing: Vec<&ModuleEdge> = edges.iter().filter(|edge| edge.from == path).collect();
        let incoming: Vec<&ModuleEdge> = edges.iter().filter(|edge| edge.to == path).collect();
        let test_edges = &self.context.module_test_edges;
        let tests_use: Vec<&ModuleEdge> =
            test_edges.iter().filter(|edge| edge.from == path).collect();
        let tested_by: Vec<&ModuleEdge> =
            test_edges.iter().filter(|edge| edge.to == path).collect();
        let unlinked = outgoing.is_empty()
            && incoming.is_empty()
            && tests_use.is_empty()
            && tested_by.is_empty();
        // The one module of a repository has no other to link with, and a module of documents
        // or settings, the documentation's directory or the top level beside the code (a
        // build script, a docs site's `conf.py`) is not expected to: no section says so.
        let aside = !has_code || path.is_empty() || self.context.index.graph.is_docs_dir(path);
        if unlinked && (self.context.index.modules.len() <= 1 || aside) {
            return;
        }
        out.push_str("## Dependencies\n\n");
        if unlinked {
            out.push_str("No import links this module with another module of the repository.\n\n");
            return;
        }
        // The names are those traced to a definition: arrayvec's benchmarks call `push` and
        // `clear` on an `ArrayVec` value, and its lists read as all that crosses.
        let names_listed = outgoing
            .iter()
            .chain(incoming.iter())
            .take(2 * MAX_ROWS)
            .any(|edge| !self.crossing_names(&edge.from, &edge.to).is_empty());
        if names_listed {
            out.push_str("The names after each module are those its code writes out (types, functions, constants); methods called on values are not all among them.\n\n");
        }
        let line = |out: &mut String, other: &str, edge: &ModuleEdge, names: Vec<&str>, tests| {
            let _ = write!(out, "- {} ({})", self.module_link(other), edge_count(edge));
            if !names.is_empty() {
                let shown: Vec<String> = names
                    .iter()
                    .take(MAX_CROSSING_NAMES)
                    .map(|n| code_span(n))
                    .collect();
                let _ = write!(out, ": {}", shown.join(", "));
                if names.len() > MAX_CROSSING_NAMES {
                    let _ = write!(out, " and {} more", names.len() - MAX_CROSSING_NAMES);
                }
                // The names are not all that crosses when a file is taken whole.
                let whole = self.imported_whole(&edge.from, &edge.to, tests);
                let links: Vec<String> = whole
                    .iter()
                    .take(2)
                    .map(|path| format!("[[{path}]]"))
                    .collect();
                match whole.len() {
                    0 => {}
                    1 | 2 => {
                        let _ = write!(out, ", and {} as a whole", links.join(" and "));
                    }
                    n => {
                        let _ = write!(
                            out,
                            ", and {}, {} and {} more files as a whole",
                            links[0],
                            links[1],
                            n - 2
                        );
                    }
                }
            }
            out.push('\n');
        };
        if !outgoing.is_empty() {
            out.push_str("Uses:\n\n");
            for edge in outgoing.iter().take(MAX_ROWS) {
                line(
                    out,
                    &edge.to,
                    edge,
                    self.crossing_names(&edge.from, &edge.to),
                    false,
                );
            }
            more_rows(out, outgoing.len(), MAX_ROWS, "modules");
            out.push('\n');
        }
        if !incoming.is_empty() {
            out.push_str("Used by:\n\n");
            for edge in incoming.iter().take(MAX_ROWS) {
                line(
                    out,
                    &edge.from,
                    edge,
                    self.crossing_names(&edge.from, &edge.to),
                    false,
                );
            }
            more_rows(out, incoming.len(), MAX_ROWS, "modules");
            out.push('\n');
        }
        // What the tests beside its code import of other modules, and the modules whose tests
        // import it (zap's `zaptest/observer`, which only tests use), said apart.
        let test_names = |from: &str, to: &str| -> Vec<&str> {
            self.context
                .test_crossing_names
                .get(&(from, to))
                .map(|names| names.iter().copied().collect())
                .unwrap_or_default()
        };
        for (heading, listed, outgoing) in [
            ("Its tests also use:", &tests_use, true),
            ("The tests of these modules use it:", &tested_by, false),
        ] {
            if listed.is_empty() {
                continue;
            }
            let _ = writeln!(out, "{heading}\n");
            for edge in listed.iter().take(MAX_ROWS) {
                let other = if outgoing { &edge.to } else { &edge.from };
                line(out, other, edge, test_names(&edge.from, &edge.to), true);
            }
            more_rows(out, listed.len(), MAX_ROWS, "modules");
            out.push('\n');
        }
    }

    /// Files grouped by subdirectory and, for a module of 9 to 40 files, a diagram of the
    /// imports between its files (of its subdirectories above 40).
    fn module_structure(&self, out: &mut String, module: &Module, files: &[&'a FileMap]) {
        let prefix = if module.path.is_empty() {
            String::new()
        } else {
            format!("{}/", module.path)
        };
        let group_of = |file: &FileMap| -> String {
            let rest = file
                .path
                .as_str()
                .strip_prefix(&prefix)
                .unwrap_or(file.path.as_str());
            match rest.rsplit_once('/') {
                Some((dir, _)) => format!("{prefix}{dir}"),
                None => module.path.clone(),
            }
        };
        let mut groups: BTreeMap<String, usize> = BTreeMap::new();
        let mut code_groups: BTreeSet<String> = BTreeSet::new();
        for file in files {
            let group = group_of(file);
            if file.language.is_code() && !is_flagged(file) {
                code_groups.insert(group.clone());
            }
            *groups.entry(group).or_default() += 1;
        }
        // Directories are a structure when code sits in more than one: pkg/errors' "(top
        // level): 16 files" over ".github/workflows/: 1 file" said only where CI lives.
        if code_groups.len() < 2 {
            groups.clear();
        }
        let code_files = files
            .iter()
            .filter(|f| f.language.is_code() && !is_flagged(f))
            .count();
        if groups.len() < 2 && code_files < MIN_DIAGRAM_FILES {
            return;
        }
        let graph = self.context.index.graph;
        let inside: BTreeSet<&str> = files.iter().map(|f| f.path.as_str()).collect();
        let node_of = |file: &str| -> String {
            if code_files > MAX_DIAGRAM_FILES {
                self.context
                    .file(file)
                    .map_or_else(|| file.to_string(), &group_of)
            } else {
                file.to_string()
            }
        };
        let mut arrows: BTreeMap<(String, String), (u32, bool)> = BTreeMap::new();
        // A module's structure is how its code builds on itself: the tests beside it (a Go
        // package's `_test.go` files, the only files of a package that import it) are left
        // out, unless the module is tests.
        let tests_too = self.module_role(module) == ModuleRole::Tests;
        let edges = files
            .iter()
            .filter(|file| tests_too || !cartograph_graph::is_test_path(&file.path))
            .flat_map(|file| graph.file_edges_from(&file.path));
        let shown = |to: &RepoPath| {
            inside.contains(to.as_str()) && (tests_too || !cartograph_graph::is_test_path(to))
        };
        let mut imported: BTreeSet<(&str, &str)> = BTreeSet::new();
        for edge in edges {
            if shown(edge.to) {
                imported.insert((edge.from.as_str(), edge.to.as_str()));
                let (from, to) = (node_of(edge.from.as_str()), node_of(edge.to.as_str()));
                if from != to {
                    let entry = arrows.entry((from, to)).or_insert((0, true));
                    entry.0 += 1;
                    entry.1 &= edge.kind.is_deferred();
                }
            }
        }
        // Files of one Go package, Java package or PHP namespace use each other's names
        // without an import (gin's `binding/binding.go` names `jsonBinding` of `json.go`;
        // guzzle's `RequestException` extends `TransferException`): those uses are arrows too.
        let mut used_only = false;
        for file in files
            .iter()
            .filter(|file| tests_too || !cartograph_graph::is_test_path(&file.path))
        {
            // A TypeScript file whose every import is of types (ky's `types/hooks.ts`, which
            // takes `KyRequest` through `index.ts`) uses the names it reaches so only for types.
            let types_only = matches!(
                file.language,
                Language::TypeScript | Language::Tsx | Language::JavaScript
            ) && {
                let edges = graph.file_edges_from(&file.path);
                !edges.is_empty() && edges.iter().all(|edge| edge.kind.is_deferred())
            };
            for to in graph.references_from(&file.path) {
                if shown(to) && !imported.contains(&(file.path.as_str(), to.as_str())) {
                    let deferred = types_only || graph.reference_is_deferred(&file.path, to);
                    let (from, to) = (node_of(file.path.as_str()), node_of(to.as_str()));
                    if from != to {
                        used_only = true;
                        let entry = arrows.entry((from, to)).or_insert((0, deferred));
                        entry.0 += 1;
                        entry.1 &= deferred;
                    }
                }
            }
        }
        let diagram = code_files >= MIN_DIAGRAM_FILES && !arrows.is_empty();
        // No heading over nothing: one directory of files that import none of each other
        // (gin's `binding/`, one Go package) has no structure to show.
        if groups.len() < 2 && !diagram {
            return;
        }
        out.push_str("## Inner structure\n\n");
        if groups.len() >= 2 {
            // Many directories of one file each (humanize's `locale/*/LC_MESSAGES/`, thirty-six
            // of them) are one line, not a line each.
            const MAX_SINGLE_LINES: usize = 6;
            let singles: Vec<&String> = groups
                .iter()
                .filter(|(group, count)| **count == 1 && **group != module.path)
                .map(|(group, _)| group)
                .collect();
            let fold = singles.len() > MAX_SINGLE_LINES;
            for (group, count) in &groups {
                if fold && *count == 1 && *group != module.path {
                    continue;
                }
                let label = if *group == module.path {
                    "(top level)".to_string()
                } else {
                    code_span(&format!("{group}/"))
                };
                let _ = writeln!(out, "- {label}: {}", plural(*count, "file", "files"));
            }
            if fold {
                let shown: Vec<String> = singles
                    .iter()
                    .take(2)
                    .map(|group| code_span(&format!("{group}/")))
                    .collect();
                let _ = writeln!(
                    out,
                    "- {} directories of one file each: {} and {} more",
                    singles.len(),
                    shown.join(", "),
                    singles.len() - shown.len()
                );
            }
            out.push('\n');
        }
        if !diagram {
            return;
        }
        let mut nodes: BTreeSet<&str> = BTreeSet::new();
        for (from, to) in arrows.keys() {
            nodes.insert(from);
            nodes.insert(to);
        }
        let ids: BTreeMap<&str, usize> = nodes.iter().enumerate().map(|(at, n)| (*n, at)).collect();
        out.push_str("```mermaid\ngraph LR\n");
        for (node, id) in &ids {
            let label = node.strip_prefix(&prefix).unwrap_or(node);
            let _ = writeln!(out, "  f{id}[\"{}\"]", mermaid_label(label));
        }
        for ((from, to), (count, local)) in &arrows {
            if let (Some(a), Some(b)) = (ids.get(from.as_str()), ids.get(to.as_str())) {
                let arrow = if *local { "-.->" } else { "-->" };
                if code_files > MAX_DIAGRAM_FILES {
                    let _ = writeln!(out, "  f{a} {arrow}|{count}| f{b}");
                } else {
                    let _ = writeln!(out, "  f{a} {arrow} f{b}");
                }
            }
        }
        out.push_str("```\n\n");
        let what = if code_files > MAX_DIAGRAM_FILES {
            "subdirectory"
        } else {
            "file"
        };
        let points_to = if used_only {
            "one it imports or whose names it uses"
        } else {
            "one it imports"
        };
        let dashes = if arrows.values().any(|(_, local)| *local) {
            "; a dashed arrow is an import made inside a function or for type checking only"
        } else {
            ""
        };
        let _ = writeln!(
            out,
            "An arrow points from a {what} to {points_to}{dashes}.\n"
        );
        let label = |node: &str| code_span(node.strip_prefix(&prefix).unwrap_or(node));
        let verb = if used_only { "use" } else { "import" };
        inner_layers(out, &arrows, what, verb, &label);
    }

    /// Hand-written documents in the module: the best explanation there is, linked.
    fn module_documents(&self, out: &mut String, files: &[&'a FileMap]) {
        let documents = self.documents_of(files);
        if documents.is_empty() {
            return;
        }
        out.push_str("## Documentation in the module\n\n");
        for file in documents {
            let _ = write!(out, "- {}", cite(file.path.as_str()));
            if let Some(about) = self.describe_file(file) {
                let _ = write!(out, ": {about}");
            }
            out.push('\n');
        }
        out.push('\n');
    }

    /// The hand-written documents of `files` that "Documentation in the module" lists, the
    /// first `MAX_ROWS` of them.
    fn documents_of(&self, files: &[&'a FileMap]) -> Vec<&'a FileMap> {
        files
            .iter()
            .filter(|file| {
                let name = file.path.file_name().to_ascii_lowercase();
                // Under the tests, a `.txt` is what a test reads (jinja's
                // `tests/res/templates/mojibake.txt`, gin's `testdata/test_file.txt`).
                // So is any document in a directory of test data (urfave/cli's
                // `testdata/expected-doc-full.md`, what its doc generator must print).
                // resty's `.testdata/text-file.txt` is what a test uploads, wherever the
                // directory is.
                let data_dir = crate::data_users::in_fixtures(file.path.parent())
                    || file
                        .path
                        .parent()
                        .split('/')
                        .any(|part| matches!(part, "golden" | "__snapshots__"));
                // So is a `.txt` an example serves or reads (chi's
                // `_examples/fileserver/data/notes.txt`, one line of sample text).
                let test_input = data_dir
                    || (name.ends_with(".txt")
                        && (cartograph_graph::is_test_path(&file.path)
                            || cartograph_graph::is_example_path(&file.path)));
                // A pip requirements file (`mkdocs-requirements.txt`) declares packages.
                let manifest = self.context.manifest_at(&file.path).is_some();
                // Licences and templates are the housekeeping line under the files.
                is_prose(file)
                    && name != "changelog.md"
                    && !test_input
                    && !manifest
                    && file.lines > 0
                    && self.housekeeping(file).is_none()
            })
            .take(MAX_ROWS)
            .copied()
            .collect()
    }

    /// Hand-written documents elsewhere in the repository that name the module's public API in
    /// code (`docs/requests.md` naming `Request`, `Headers`): where its use is explained.
    fn documents_naming(&self, out: &mut String, module: &Module, files: &[&'a FileMap]) {
        const MIN_NAMES: usize = 2;
        const MAX_DOCUMENTS: usize = 8;
        const MAX_NAMES_SHOWN: usize = 6;
        let context = self.context;
        // A name another module defines too (logrus's `Level`) may be that module's.
        let shared = context.shared_public_names();
        let api: Vec<&str> = self
            .public_api(files)
            .into_iter()
            .map(|(file, at)| file.parsed.symbols[at].name.as_str())
            .filter(|name| name.len() >= 3 && !shared.contains(*name))
            .collect();
        if api.is_empty() {
            return;
        }
        let mut naming: Vec<(&RepoPath, Vec<&str>)> = context
            .doc_mentions
            .iter()
            .filter(|(path, _)| module.files.binary_search(path).is_err())
            .map(|(path, mentions)| {
                let mut seen = BTreeSet::new();
                // A name seen only in a code block counts when it could be no other's: a
                // type's capitalised name or a distinctive one.
                let mentioned = |name: &str| {
                    mentions.spans.contains(name)
                        || (mentions.blocks.contains(name)
                            && (is_distinctive(name)
                                || name.starts_with(|c: char| c.is_uppercase())))
                };
                let names: Vec<&str> = api
                    .iter()
                    .copied()
                    .filter(|name| mentioned(name) && seen.insert(*name))
                    .collect();
                (*path, names)
            })
            // Plain words (`Server`, `run`) also name other things (an HTTP header): a
            // document that names only two of them may not be about this API.
            .filter(|(_, names)| {
                names.len() >= MIN_NAMES
                    && (names.len() > MIN_NAMES || names.iter().any(|name| is_distinctive(name)))
            })
            .collect();
        if naming.is_empty() {
            return;
        }
        naming.sort_by(|a, b| b.1.len().cmp(&a.1.len()).then(a.0.cmp(b.0)));
        // Documents elsewhere that name three or more of the module's public names in code
        // (code spans, code blocks, Sphinx directives), or two when one is no plain word.
        out.push_str("## Documents that explain it\n\n");
        for (path, names) in naming.iter().take(MAX_DOCUMENTS) {
            let shown: Vec<String> = names
                .iter()
                .take(MAX_NAMES_SHOWN)
                .map(|name| code_span(name))
                .collect();
            let _ = write!(out, "- {}: {}", cite(path.as_str()), shown.join(", "));
            if names.len() > MAX_NAMES_SHOWN {
                let _ = write!(out, " and {} more", names.len() - MAX_NAMES_SHOWN);
            }
            out.push('\n');
        }
        more_rows(out, naming.len(), MAX_DOCUMENTS, "documents");
        out.push('\n');
    }

    /// The features a manifest declares, each with what it turns on (bytes: `std`, on by
    /// default; `serde`, the optional dependency of that name).
    fn features(&self, out: &mut String, manifest: &Manifest) {
        const MAX_FEATURES: usize = 30;
        if manifest.features.is_empty() {
            return;
        }
        out.push_str("Features:\n\n");
        for feature in manifest.features.iter().take(MAX_FEATURES) {
            let path = manifest.path.as_str();
            let name = code_span(&feature.name);
            let mut line = match feature.line {
                Some(at) if !path.contains([']', '|', '\n', '[']) => {
                    format!("- [[{path}:{at}|{name}]]")
                }
                _ => format!("- {name}"),
            };
            if feature.default {
                line.push_str(", on by default");
            }
            if feature.implicit {
                line.push_str(": the optional dependency of that name");
            } else if !feature.enables.is_empty() {
                let enables: Vec<String> = feature
                    .enables
                    .iter()
                    .map(|entry| code_span(entry))
                    .collect();
                let _ = write!(line, ": turns on {}", join_and(&enables));
            }
            let _ = writeln!(out, "{line}");
        }
        more_rows(out, manifest.features.len(), MAX_FEATURES, "features");
        out.push('\n');
    }

    /// How to build and test: the commands of the shallowest manifests and task runners (at
    /// the root or one level down), then the build and test steps of the CI workflows.
    fn commands(&self) -> Vec<(&'c Command, &'c str)> {
        const MAX_COMMANDS: usize = 15;
        const MAX_CI_COMMANDS: usize = 6;
        let manifests = &self.context.manifests;
        let is_ci = |m: &Manifest| m.ecosystem == "ci";
        let depth = |path: &str| path.matches('/').count();
        let shallowest = manifests
            .iter()
            .filter(|m| !is_ci(m))
            .map(|m| depth(m.path.as_str()))
            .min()
            .unwrap_or(0);
        let mut seen = BTreeSet::new();
        let mut commands = Vec::new();
        let mut ci = Vec::new();
        // The project's own manifests first: a command CI runs too (`pnpm install`) is cited
        // where the project declares it.
        let ordered = manifests
            .iter()
            .filter(|m| !is_ci(m))
            .chain(manifests.iter().filter(|m| is_ci(m)));
        for manifest in ordered {
            let (list, room) = if is_ci(manifest) {
                (&mut ci, usize::MAX)
            } else if depth(manifest.path.as_str()) == shallowest && shallowest <= 1 {
                (&mut commands, MAX_COMMANDS - MAX_CI_COMMANDS)
            } else {
                continue;
            };
            for command in &manifest.commands {
                // The same command in another directory is another command; run as a Python
                // module it is the same (marshmallow's CI runs `python -m tox -e mypy-test`).
                let text = command.command.as_str();
                let text = ["python -m ", "python3 -m "]
                    .iter()
                    .find_map(|prefix| text.strip_prefix(prefix))
                    .unwrap_or(text);
                let key = (text, command.directory.as_deref());
                if list.len() < room && seen.insert(key) {
                    list.push((command, manifest.path.as_str()));
                }
            }
        }
        // Of what CI runs, how the project is tested and built first, its releases last
        // (sinatra's `release.yml` came before the `bundle exec rake` of its `test.yml`).
        let priority = |(command, path): &(&Command, &str)| {
            let text = format!("{} {}", command.command, command.purpose).to_lowercase();
            let workflow = path.rsplit('/').next().unwrap_or(path).to_lowercase();
            let releases = ["release", "publish", "deploy"];
            if releases
                .iter()
                .any(|word| workflow.contains(word) || text.contains(word))
            {
                3
            } else if text.contains("test") {
                0
            } else if ["build", "check", "lint"]
                .iter()
                .any(|word| text.contains(word))
            {
                1
            } else {
                2
            }
        };
        ci.sort_by_key(priority);
        ci.truncate(MAX_CI_COMMANDS);
        commands.extend(ci);
        commands
    }

    /// Modules in dependency order: each after the modules it imports, where cycles allow;
    /// among the ready ones, the most central first.
    /// Modules in an order that respects the import graph: a module comes after every module
    /// it imports (layer by layer; a cycle's modules share a layer), code before modules
    /// without code, the more central first within a layer.
    fn reading_order(&self) -> Vec<&'a Module> {
        let context = self.context;
        let mut modules = self.sorted_modules();
        let centrality = &context.module_centrality;
        let places = &context.module_places;
        let has_code: BTreeSet<&str> = modules
            .iter()
            .filter(|m| {
                self.files_of(m)
                    .iter()
                    .any(|f| f.language.is_code() && !is_flagged(f))
            })
            .map(|m| m.path.as_str())
            .collect();
        let roles: BTreeMap<&str, ModuleRole> = modules
            .iter()
            .map(|m| (m.path.as_str(), self.module_role(m)))
            .collect();
        modules.sort_by(|a, b| {
            let layer = |m: &Module| places.get(&m.path).map_or(0, |place| place.layer);
            let no_code = |m: &Module| !has_code.contains(m.path.as_str());
            let rank = |m: &Module| centrality.get(&m.path).copied().unwrap_or(0.0);
            let role = |m: &Module| roles.get(m.path.as_str()).copied();
            no_code(a)
                .cmp(&no_code(b))
                .then(role(a).cmp(&role(b)))
                .then(layer(a).cmp(&layer(b)))
                .then(rank(b).total_cmp(&rank(a)))
                .then(a.path.cmp(&b.path))
        });
        modules
    }

    /// What a module is to a reader: the project's code, examples that use it, or its tests.
    fn module_role(&self, module: &Module) -> ModuleRole {
        // The outermost test or example directory decides: `docs_src/testing/app01` is an
        // example of testing, `tests/examples` are tests.
        if let Some(root) = suite_root(&module.path) {
            let last = root.rsplit('/').next().unwrap_or(root);
            return if cartograph_graph::is_example_dir(last) {
                ModuleRole::Examples
            } else {
                ModuleRole::Tests
            };
        }
        if self.context.index.graph.is_docs_dir(&module.path) {
            return ModuleRole::Tooling;
        }
        let files = self.files_of(module);
        let mut code = files
            .iter()
            .filter(|file| file.language.is_code())
            .peekable();
        if code.peek().is_none() {
            return ModuleRole::Tooling;
        }
        let code: Vec<&&FileMap> = code.collect();
        // fastify's root: 30 documents beside `fastify.js`, the file its package.json names as
        // `main`. The package's entry is the project's code, wherever it sits.
        let holds_entry = self.context.manifests.iter().any(|manifest| {
            manifest.entry_points.iter().any(|entry| {
                let entry = entry.trim_start_matches("./");
                code.iter().any(|file| {
                    file.path.as_str() == entry
                        && !is_tooling_file(file)
                        && !is_declaration_path(entry)
                })
            })
        });
        if holds_entry {
            return ModuleRole::Code;
        }
        // A top-level `scripts/`, `tools/` or `build/` that no other code imports holds what
        // builds or maintains the project (jinja's `scripts/generate_identifier_pattern.py`,
        // fastify's `build/build-validation.js`), not the project's code; so does a `tasks/`
        // of invoke or gulp tasks (packaging's `tasks/licenses.py` downloads the SPDX data).
        let maintenance_dir = matches!(
            module.path.as_str(),
            "scripts"
                | "script"
                | "tools"
                | "tool"
                | "build"
                | "hack"
                | "ci"
                | "dev"
                | "misc"
                | "tasks"
        );
        // Imports by tests and benchmarks do not count (cookie's `src/*.bench.ts` read the
        // sample headers `scripts/update-benchmark.ts` writes).
        let graph = self.context.index.graph;
        if maintenance_dir
            && !self.files_of(module).iter().any(|file| {
                graph.dependents_of(&file.path).iter().any(|user| {
                    module.files.binary_search(user).is_err()
                        && !is_outside_the_project(user)
                        && !graph.is_docs_dir(user.parent())
                })
            })
        {
            return ModuleRole::Tooling;
        }
        if self.mostly_documents(module).is_some() {
            return ModuleRole::Tooling;
        }
        // Benchmarks and fuzz targets exercise the code as tests do, and are read with them;
        // a Java module descriptor beside tests declares no class (a dummy `module-info.java`
        // that lets Maven compile a module of tests).
        let exercises = |file: &&&FileMap| {
            cartograph_graph::is_test_path(&file.path)
                || is_benchmark_path(&file.path)
                || is_fuzz_path(&file.path)
        };
        // The repository's root is where its manifest, README and settings live: a benchmark
        // beside them (p-queue's `bench.ts`) does not make it the tests.
        if !module.path.is_empty()
            && code
                .iter()
                .all(|file| exercises(file) || cartograph_graph::is_java_descriptor(&file.path))
            && code.iter().any(exercises)
        {
            return ModuleRole::Tests;
        }
        // go-cmp's `cmp/internal/teststructs`: no API of its own, imported by tests and by
        // nothing else, it is the tests' support, read with them.
        if self.supports_tests_only(module) {
            return ModuleRole::Tests;
        }
        // markupsafe's root holds `setup.py` and `bench.py`: tooling and a benchmark, no code
        // of the project's.
        if code.iter().all(|file| {
            is_tooling_file(file)
                || cartograph_graph::is_test_path(&file.path)
                || is_benchmark_path(&file.path)
                || is_fuzz_path(&file.path)
        }) {
            return ModuleRole::Tooling;
        }
        ModuleRole::Code
    }

    /// True for a module that only supports the tests ([`Pages::test_support_modules`]).
    fn supports_tests_only(&self, module: &Module) -> bool {
        self.context
            .test_support
            .get_or_init(|| self.test_support_modules())
            .contains(&module.path)
    }

    /// The modules outside the test suites that offer no API (a Go `internal/` package offers
    /// none outside its tree), hold no entry point, and that tests import while no other code
    /// does, save other such modules (go-cmp's `cmp/internal/teststructs` and the
    /// `testprotos` it imports).
    fn test_support_modules(&self) -> BTreeSet<String> {
        let edges = self.module_edges();
        let entry_modules: BTreeSet<&str> = self
            .entry_points()
            .iter()
            .filter_map(|(file, _)| {
                cartograph_graph::module_of(self.context.index.modules, &file.path)
            })
            .collect();
        let candidates: Vec<&Module> = self
            .context
            .index
            .modules
            .iter()
            .filter(|module| suite_root(&module.path).is_none())
            .filter(|module| !entry_modules.contains(module.path.as_str()))
            .filter(|module| {
                // Only a module that says what it is for: one under `internal/`, or named for
                // testing (`teststructs`, `mocks`, `fakes`); a library whose only importers
                // happen to be tests is still the project's code.
                let internal = module.path.split('/').any(|part| part == "internal");
                let named = module.path.split('/').any(|part| {
                    ["test", "mock", "fake", "fixture", "stub"]
                        .iter()
                        .any(|prefix| part.starts_with(prefix))
                });
                let offers = || {
                    module.files.iter().any(|path| {
                        self.context
                            .file(path.as_str())
                            .is_some_and(|file| self.offers_api(file))
                    })
                };
                (internal && named) || ((internal || named) && !offers())
            })
            .collect();
        let tested: BTreeSet<&str> = self
            .context
            .module_test_edges
            .iter()
            .filter(|edge| edge.from != edge.to)
            .map(|edge| edge.to.as_str())
            .chain(
                edges
                    .iter()
                    .filter(|edge| suite_root(&edge.from).is_some())
                    .map(|edge| edge.to.as_str()),
            )
            .collect();
        // Grown to a fixed point: a module counts once every code that uses it does.
        let mut support: BTreeSet<String> = BTreeSet::new();
        loop {
            let before = support.len();
            for module in &candidates {
                let path = module.path.as_str();
                if support.contains(path) {
                    continue;
                }
                let used_by_code = edges.iter().any(|edge| {
                    edge.to == path
                        && edge.from != path
                        && suite_root(&edge.from).is_none()
                        && !support.contains(&edge.from)
                });
                let used_by_support = edges
                    .iter()
                    .any(|edge| edge.to == path && support.contains(&edge.from));
                if !used_by_code && (tested.contains(path) || used_by_support) {
                    support.insert(path.to_string());
                }
            }
            if support.len() == before {
                return support;
            }
        }
    }

    /// The file to open first in a module: the most central code file, or for scripts and
    /// documents the module's README.
    fn first_file(&self, module: &'a Module) -> Option<&'a FileMap> {
        let graph = self.context.index.graph;
        if self.module_role(module) == ModuleRole::Tooling {
            if let Some(readme) = self
                .context
                .readme_in(&module.path)
                .and_then(|(path, _)| self.context.file(path.as_str()))
            {
                return Some(readme);
            }
        }
        if self.module_role(module) == ModuleRole::Code {
            if let Some(start) = self.code_start(module) {
                return Some(start);
            }
        }
        let mut files = self.files_of(module);
        files.retain(|file| !is_flagged(file));
        // The docs are read from their pages (`docs/index.md`), not their site's plugins.
        let documents_first = self.context.index.graph.is_docs_dir(&module.path);
        // A dotfile (`.gitattributes`) is configuration of a tool, never where reading starts.
        // Its pages are documents (marshmallow's `docs/` started at a stylesheet of its
        // theme): the index page, or a README, nearest the top.
        let is_document = |file: &FileMap| {
            let name = file.path.file_name();
            let extension = name.rsplit_once('.').map_or("", |(_, extension)| extension);
            matches!(
                extension.to_ascii_lowercase().as_str(),
                "md" | "markdown" | "rst" | "txt" | "adoc" | "mdx"
            )
        };
        let is_front_page = |file: &FileMap| {
            let name = file.path.file_name().to_ascii_lowercase();
            let stem = name
                .rsplit_once('.')
                .map_or(name.as_str(), |(stem, _)| stem);
            matches!(stem, "index" | "readme")
        };
        // A module of tests is read from a test, told below the module's own directory: gson's
        // `test-shrinker` from `src/test/java/…/ShrinkingIT.java`, not from the classes of
        // `src/main/java` it shrinks.
        let tests_first = self.module_role(module) == ModuleRole::Tests;
        let code = self.module_role(module) == ModuleRole::Code;
        let offers_api = |file: &FileMap| self.offers_api(file);
        let is_inner_test = |file: &FileMap| {
            let inner = file.path.as_str().strip_prefix(&module.path);
            inner
                .map(|inner| inner.trim_start_matches('/'))
                .and_then(|inner| RepoPath::new(inner).ok())
                .is_some_and(|inner| cartograph_graph::is_test_path(&inner))
        };
        files.sort_by_cached_key(|file| {
            (
                file.path.file_name().starts_with('.'),
                // An empty `__init__.py` that marks a test package has nothing to read; nor
                // has a Java module descriptor beside classes (test-jpms's dummy one).
                file.lines < 3,
                cartograph_graph::is_java_descriptor(&file.path),
                // Tests are code (morgan's `test/morgan.js`, not the certificate it reads
                // from `test/fixtures/`).
                (
                    tests_first && !file.language.is_code(),
                    tests_first && !is_inner_test(file),
                    // From the suite's main tests: not a fixture the tests run (meow's
                    // `test/fixtures/…/fixture-with-help.js`), nor the smallest file of
                    // tests (prettytable's colour tests beside its 2,600-line suite).
                    std::cmp::Reverse(if tests_first {
                        file.parsed.test_functions
                    } else {
                        0
                    }),
                ),
                // A module of code is read from its code, not the tests kept inside it.
                !tests_first && cartograph_graph::is_test_path(&file.path),
                file.language.is_code() == documents_first,
                documents_first && !is_document(file),
                documents_first && !is_front_page(file),
                if documents_first {
                    file.path.as_str().matches('/').count()
                } else {
                    0
                },
                // Code is read from what it offers: javapoet's most central file is the
                // package-private `Util` ("Like Guava, but worse"), `TypeName` is public.
                code && !offers_api(file),
                by_rank(graph, file),
            )
        });
        files.first().copied()
    }

    /// Where reading a code module starts when it says so itself: its front file (`lib.rs`,
    /// `main.rs`, `__init__.py`, `index.ts`) when that holds more than a list of re-exports,
    /// else where execution starts (a file defining `main`: uvicorn's `main.py` rather than
    /// its two-line `__main__.py`). `None` leaves the choice to rank.
    fn code_start(&self, module: &'a Module) -> Option<&'a FileMap> {
        const MIN_FRONT_LINES: u32 = 40;
        let front = self
            .package_fronts(module)
            .find(|file| file.lines >= MIN_FRONT_LINES);
        if front.is_some() {
            return front;
        }
        let inside = |file: &FileMap| module.files.binary_search(&file.path).is_ok();
        // An example kept among the code (gson's `extras/…/examples/rawcollections/`) shows
        // the code in use; it is not where the module's own code starts.
        let example = |file: &FileMap| {
            !cartograph_graph::is_example_dir(&module.path)
                && cartograph_graph::is_example_dir(file.path.parent())
        };
        // Nor is a test's program (tracing-attributes' compile-fail fixtures each have a `main`).
        self.entry_points()
            .into_iter()
            .filter(|(file, main)| {
                inside(file)
                    && main.is_some()
                    && !example(file)
                    && !cartograph_graph::is_test_path(&file.path)
            })
            .max_by_key(|(file, _)| (file.lines, std::cmp::Reverse(file.path.as_str())))
            .map(|(file, _)| file)
    }

    /// "Where the tests live": the test modules with their sizes, and the test files that sit
    /// beside the code, counted by naming pattern with a few examples each. Empty when the index
    /// holds no test.
    fn tests_section(&self) -> String {
        let mut out = String::new();
        let modules = self.sorted_modules();
        let test_modules: Vec<&Module> = modules
            .iter()
            .copied()
            .filter(|m| self.module_role(m) == ModuleRole::Tests)
            .collect();
        // A helper the tests import that holds no test (viper's `internal/testutil`) is no
        // place where tests live.
        let holds_tests = |module: &Module| {
            self.files_of(module).iter().any(|file| {
                file.parsed.test_functions > 0
                    || file.parsed.test_macros > 0
                    || file.parsed.test_blocks.is_some()
            })
        };
        let test_modules: Vec<&Module> = test_modules
            .into_iter()
            .filter(|module| holds_tests(module) || !self.supports_tests_only(module))
            .collect();
        let in_test_module: BTreeSet<&str> = test_modules
            .iter()
            .flat_map(|m| m.files.iter().map(|path| path.as_str()))
            .collect();
        // Test files outside test modules: by naming pattern (`*_test.go` beside the code),
        // else by the test directory they sit in (`src/tests/`, inside a crate's module).
        let mut beside: BTreeMap<String, Vec<&FileMap>> = BTreeMap::new();
        let mut in_dirs: BTreeMap<String, Vec<&FileMap>> = BTreeMap::new();
        // Tests inside examples show how to test what the example builds (typer's
        // `docs_src/testing/`): they are examples.
        let in_examples = |file: &FileMap| in_example_suite(&file.path);
        for file in self.context.index.files.iter() {
            if file.language.is_code()
                && !is_flagged(file)
                && cartograph_graph::is_test_path(&file.path)
                && !in_test_module.contains(file.path.as_str())
                && !in_examples(file)
            {
                // A file inside a test directory sits there, whatever its name (ripgrep's
                // `crates/matcher/tests/test_matcher.rs` is no test beside the code).
                match test_dir_of(&file.path) {
                    Some(dir) => {
                        in_dirs.entry(dir).or_default().push(file);
                    }
                    _ => beside
                        .entry(test_pattern(file.path.file_name()))
                        .or_default()
                        .push(file),
                }
            }
        }
        // Tests inside the code they test (Rust's `#[cfg(test)] mod tests`: bytes'
        // `src/bytes_mut.rs`), which no path says are tests.
        let inside: Vec<&FileMap> = self
            .context
            .index
            .files
            .iter()
            .filter(|file| {
                // Rust's unit tests sit in the code they test; elsewhere a file of tests the
                // paths do not mark (debug's root `test.js`) is a test file, not code.
                file.language == Language::Rust
                    && !is_flagged(file)
                    && file.parsed.test_functions > 0
                    && !cartograph_graph::is_test_path(&file.path)
                    && !in_examples(file)
                    && !is_benchmark_path(&file.path)
            })
            .collect();
        // Rust's doc examples, which `cargo test` runs as doctests (walkdir's `src/lib.rs`):
        // a library's, not a program's (rustdoc tests only library targets).
        let documented: Vec<&FileMap> = self
            .context
            .index
            .files
            .iter()
            .filter(|file| {
                file.parsed.doc_examples + file.parsed.gated_doc_examples > 0
                    && !is_flagged(file)
                    && !cartograph_graph::is_test_path(&file.path)
                    && !in_examples(file)
                    && !is_benchmark_path(&file.path)
                    && file.path.file_name() != "main.rs"
                    && !file.path.as_str().contains("src/bin/")
            })
            .collect();
        if test_modules.is_empty()
            && beside.is_empty()
            && in_dirs.is_empty()
            && inside.is_empty()
            && documented.is_empty()
        {
            return out;
        }
        out.push_str("## Where the tests live\n\n");
        let code_files = |modules: &[&'a Module]| {
            modules
                .iter()
                .flat_map(|module| self.files_of(module))
                .filter(|file| is_substantial_code(file))
                .count()
        };
        let all_files = |modules: &[&'a Module]| {
            modules
                .iter()
                .flat_map(|module| self.files_of(module))
                .filter(|file| !is_package_marker(file))
                .count()
        };
        let listed = self.listed_modules(&test_modules);
        for row in listed.iter().take(MAX_READING_ORDER) {
            let (name, modules) = match row {
                Listed::Module(module) => (self.module_link(&module.path), vec![*module]),
                Listed::Suite(group) => (self.suite_label(group), group.modules.clone()),
            };
            // A directory of test data (cJSON's `tests/json-patch-tests`, JSON cases) has no
            // code to count.
            let code = code_files(&modules);
            // Counted as the module page counts them: an empty `__init__.py` is a code file
            // too, though alone it makes no code of a directory.
            let all_code = modules
                .iter()
                .flat_map(|module| self.files_of(module))
                .filter(|file| file.language.is_code() && !is_flagged(file))
                .count();
            let what = if code == 0 {
                format!(
                    "test data, {}",
                    plural(all_files(&modules), "file", "files")
                )
            } else {
                // Benchmarks and fuzz targets are read with the tests, and named for what
                // they are (marshmallow's `performance/`).
                let code_paths: Vec<&RepoPath> = modules
                    .iter()
                    .flat_map(|module| self.files_of(module))
                    .filter(|file| file.language.is_code() && !is_flagged(file))
                    .map(|file| &file.path)
                    .collect();
                let kind = if code_paths.iter().all(|path| is_benchmark_path(path)) {
                    "benchmarks, "
                } else if code_paths.iter().all(|path| is_fuzz_path(path)) {
                    "fuzz targets, "
                } else {
                    ""
                };
                // How many tests, where the runner's count is known (blinker's `tests`: "25
                // tests in 3 files", not "3 code files").
                let files: Vec<&FileMap> = modules
                    .iter()
                    .flat_map(|module| self.files_of(module))
                    .collect();
                match self.tests_counted(&files) {
                    Some(counted) if kind.is_empty() => {
                        let counted = counted.trim_end_matches('.');
                        let counted = match counted.strip_prefix("At least") {
                            Some(rest) => format!("at least{rest}"),
                            None => counted.to_string(),
                        };
                        // Beside helpers, or cases another runner reads (bitflags'
                        // `tests/compile-pass/`, which one test hands to trybuild).
                        let testing = files
                            .iter()
                            .filter(|file| holds_counted_tests(file))
                            .count();
                        let code_files = all_code.max(code);
                        if testing < code_files {
                            format!("{counted}, among {code_files} code files")
                        } else {
                            counted
                        }
                    }
                    _ => format!(
                        "{kind}{}",
                        plural(all_code.max(code), "code file", "code files")
                    ),
                }
            };
            let _ = writeln!(out, "- {name}: {what}");
        }
        more_listed(&mut out, &listed, MAX_READING_ORDER);
        let examples = |files: &[&FileMap]| {
            let shown: Vec<String> = files
                .iter()
                .take(3)
                .map(|file| cite(file.path.as_str()))
                .collect();
            let more = if files.len() > shown.len() {
                ", …"
            } else {
                ""
            };
            format!("{}{more}", shown.join(", "))
        };
        for (pattern, files) in &beside {
            let _ = writeln!(
                out,
                "- {} beside the code they test, named {}: {}",
                plural(files.len(), "file", "files"),
                code_span(pattern),
                examples(files)
            );
        }
        for (dir, files) in &in_dirs {
            let _ = writeln!(
                out,
                "- {} in {}: {}",
                plural(files.len(), "file", "files"),
                code_span(&format!("{dir}/")),
                examples(files)
            );
        }
        // "- 3 tests inside 2 files of the code they test: …": how many, in how many files
        // (`{files}` in `place`).
        let mut counted =
            |files: &[&FileMap], count: fn(&FileMap) -> u32, noun: (&str, &str), place: &str| {
                if files.is_empty() {
                    return;
                }
                let total: usize = files.iter().map(|file| count(file) as usize).sum();
                let place = place.replace("{files}", &plural(files.len(), "file", "files"));
                let _ = writeln!(
                    out,
                    "- {} {place}: {}",
                    plural(total, noun.0, noun.1),
                    examples(files)
                );
            };
        counted(
            &inside,
            |file| file.parsed.test_functions,
            ("test", "tests"),
            "inside {files} of the code they test",
        );
        // A module compiled only with some feature (indexmap's `map/serde_seq.rs`, behind
        // `serde`) has doctests a plain `cargo test` does not run.
        // So does an item compiled only with one (smallvec's `extract_if`).
        let file_gated = |file: &FileMap| {
            self.context
                .rust_conditions
                .contains_key(file.path.as_str())
        };
        let plain: Vec<&FileMap> = documented
            .iter()
            .copied()
            .filter(|file| !file_gated(file) && file.parsed.doc_examples > 0)
            .collect();
        let (gated_files, items_gated): (Vec<&FileMap>, Vec<&FileMap>) = documented
            .iter()
            .copied()
            .filter(|file| file_gated(file) || file.parsed.gated_doc_examples > 0)
            .partition(|file| file_gated(file));
        counted(
            &plain,
            |file| file.parsed.doc_examples,
            ("code example", "code examples"),
            "in the doc comments of {files}, which `cargo test` runs as doctests",
        );
        counted(
            &gated_files,
            |file| file.parsed.doc_examples + file.parsed.gated_doc_examples,
            ("code example", "code examples"),
            "in the doc comments of {files} compiled only under a `#[cfg]` condition (a feature or a target), which `cargo test` runs as doctests when it holds",
        );
        counted(
            &items_gated,
            |file| file.parsed.gated_doc_examples,
            ("code example", "code examples"),
            "in the doc comments of items of {files} compiled only under a `#[cfg]` condition (a feature or a target), which `cargo test` runs as doctests when it holds",
        );
        out.push('\n');
        out
    }

    /// What the project's own entry points (not its development tools) call: the onboarding
    /// page's section and the facts it adds to the page's inputs.
    fn entry_flow(&self) -> (String, String) {
        let mut entry_points = self.project_entry_points();
        // The programs the project installs (ripgrep's `rg`) before its scripts.
        entry_points.sort_by_key(|(file, _)| installed_commands(self.context, file).is_empty());
        let entries: Vec<crate::flow::Definition<'a>> = entry_points
            .into_iter()
            .filter(|(file, _)| !self.is_tool(file))
            .filter_map(|(file, main)| {
                let main = main?;
                let at = file
                    .parsed
                    .symbols
                    .iter()
                    .position(|symbol| std::ptr::eq(symbol, main))?;
                Some((file, at))
            })
            .collect();
        self.context.entry_flow_texts(&entries)
    }

    fn onboarding(&self, out: &mut String) {
        let context = self.context;
        out.push_str("## Start here\n\n");
        if let Some((path, _)) = context.readme() {
            let sections = context
                .file(path.as_str())
                .and_then(readme_sections)
                .map(|sections| format!("; its sections: {sections}"))
                .unwrap_or_default();
            let _ = writeln!(out, "- Read the README: {}{sections}", cite(path.as_str()));
        }
        // The architecture page is linked from the index; a line pointing to it said nothing
        // of the project.
        // The project's own tools (zap's `internal/readme`, which writes its README) are run
        // while developing it: a library with only those starts at its public API.
        let (tools, entry_points): (Vec<_>, Vec<_>) = self
            .project_entry_points()
            .into_iter()
            .partition(|(file, _)| self.is_tool(file));
        let front = entry_points
            .is_empty()
            .then(|| self.library_front())
            .flatten();
        let started = !entry_points.is_empty() || front.is_some();
        if !entry_points.is_empty() {
            out.push_str("- Follow execution from the entry points:\n");
            for (file, main) in entry_points {
                out.push_str("  ");
                out.push_str(&self.entry_point_line(file, main));
                out.push('\n');
            }
        } else if let Some((module, front)) = front {
            // A library runs no program of its own: what its users call is where it starts.
            let _ = writeln!(
                out,
                "- A library (no `main`, script or binary outside its examples, tests and tools): begin with the public API of {}, from {}",
                self.module_link(&module.path),
                cite(front.path.as_str())
            );
        }
        if !tools.is_empty() {
            out.push_str("- The tools the project runs while it is developed start at:\n");
            for (file, main) in tools {
                out.push_str("  ");
                out.push_str(&self.entry_point_line(file, main));
                out.push('\n');
            }
        }
        out.push('\n');
        out.push_str(&crate::routes::onboarding_routes(context));
        out.push_str(&self.entry_flow().0);

        let commands = self.commands();
        out.push_str("## Build and test\n\n");
        if commands.is_empty() {
            out.push_str("No manifest in the index says how to build or test the project.\n\n");
        } else {
            out.push_str("| command | what it does | from |\n|---|---|---|\n");
            for (command, path) in commands {
                let mut shown = code_span(&command.command).replace('|', "\\|");
                if let Some(directory) = &command.directory {
                    let _ = write!(shown, ", in {}", code_span(directory).replace('|', "\\|"));
                }
                let mut purpose = if command.purpose.is_empty() {
                    "—".to_string()
                } else {
                    escape_all(&command.purpose)
                };
                if let Some(condition) = &command.condition {
                    let _ = write!(
                        purpose,
                        ", when {}",
                        code_span(condition).replace('|', "\\|")
                    );
                }
                let _ = writeln!(
                    out,
                    "| {} | {} | {} |",
                    shown,
                    purpose,
                    cite_line(path, command.line)
                );
            }
            out.push('\n');
        }

        // The files most of the code uses are the architecture page's (said once).
        out.push_str(&self.tests_section());

        let order = self.reading_order();
        let listed = self.listed_modules(&order);
        // One module is read from where "Start here" begins.
        if listed.len() < 2 && started {
            return;
        }
        // The project's own code first, then its examples, its tests, then scripts and
        // documents; within each, modules in dependency order where the import graph allows.
        // The list says it; a sentence about the order said nothing of the project.
        out.push_str("## Reading order\n\n");
        for (at, row) in listed.iter().take(MAX_READING_ORDER).enumerate() {
            // A suite is read from the first of its modules whose first file holds more than
            // a package marker (typer's `docs_src/arguments/__init__.py` is empty), the
            // shallowest first: loguru's tests were to be read from a fixture package five
            // directories down, `tests/exceptions/source/ownership/usersite/somelib`.
            let (name, first) = match row {
                Listed::Module(module) => (self.module_link(&module.path), self.first_file(module)),
                Listed::Suite(group) => {
                    let mut modules: Vec<&&Module> = group.modules.iter().collect();
                    modules.sort_by_key(|module| module.path.split('/').count());
                    let firsts: Vec<&FileMap> = modules
                        .into_iter()
                        .filter_map(|module| self.first_file(module))
                        .collect();
                    let first = firsts
                        .iter()
                        .find(|file| !is_package_marker(file))
                        .or(firsts.first())
                        .copied();
                    (self.suite_label(group), first)
                }
            };
            let _ = write!(out, "{}. {name}", at + 1);
            if let Some(file) = first {
                let _ = write!(out, " — start with {}", cite(file.path.as_str()));
            }
            out.push('\n');
        }
        more_listed(out, &listed, MAX_READING_ORDER);
    }

    fn dependencies(&self, out: &mut String) {
        let context = self.context;
        let go_tests_only = go_test_only_modules(context);
        out.push_str("## External\n\n");
        let mut manifests: Vec<_> = context
            .manifests
            .iter()
            .filter(|m| !m.dependencies.is_empty())
            .collect();
        // The project's own manifests first, those of its examples, tests and docs site after
        // (zustand's example apps came before its own package.json); then by depth and path.
        manifests.sort_by_key(|manifest| {
            let dir = manifest.path.parent();
            let aside = cartograph_graph::is_example_dir(dir)
                || cartograph_graph::is_test_dir(dir)
                || context.index.graph.is_docs_dir(dir);
            (
                aside,
                dir.split('/').filter(|part| !part.is_empty()).count(),
                &manifest.path,
            )
        });
        if manifests.is_empty() {
            out.push_str("No manifest in the index declares external dependencies.\n\n");
        }
        for manifest in manifests {
            let _ = writeln!(
                out,
                "### {} ({})\n",
                cite(manifest.path.as_str()),
                manifest.ecosystem
            );
            // attrs' `dependencies = []`: what installs with the package is nothing at all.
            // ripgrep's `grep` needs the crates of its own workspace it names by path.
            let runtime = manifest
                .dependencies
                .iter()
                .chain(&manifest.local_dependencies)
                .any(|dependency| {
                    matches!(dependency.kind.as_str(), "normal" | "peer") && !dependency.optional
                });
            // A `pyproject.toml` may leave its dependencies to a build hook (`dynamic`).
            let dynamic = context
                .text(manifest.path.as_str())
                .is_some_and(|text| text.contains("dynamic") && text.contains("\"dependencies\""));
            if manifest.name.is_some()
                && matches!(
                    manifest.path.file_name(),
                    "pyproject.toml" | "Cargo.toml" | "package.json"
                )
                && !runtime
                && !dynamic
            {
                let _ = writeln!(
                    out,
                    "The package {} needs nothing to run: each dependency below is for development, building or an option.\n",
                    code_span(manifest.name.as_deref().unwrap_or_default())
                );
            }
            out.push_str("| name | requirement | kind | declared |\n|---|---|---|---|\n");
            for dependency in manifest.dependencies.iter().take(MAX_ROWS) {
                let version = if dependency.version.is_empty() {
                    "—".to_string()
                } else {
                    escape_all(&dependency.version)
                };
                // bytes' `extra-platforms` is the crate `portable-atomic` by another name.
                let name = match &dependency.package {
                    Some(package) => format!(
                        "{} (the package {})",
                        code_span(&dependency.name),
                        code_span(package)
                    ),
                    None => code_span(&dependency.name),
                };
                // go.mod does not say which modules only tests need (urfave/cli's testify):
                // the imports do.
                let mut kind = dependency.kind_label();
                if manifest.ecosystem == "go"
                    && dependency.kind == "normal"
                    && go_tests_only.contains(&dependency.name)
                {
                    kind.push_str(", imported by tests only");
                }
                let _ = writeln!(
                    out,
                    "| {} | {} | {} | {} |",
                    name.replace('|', "\\|"),
                    version,
                    escape_all(&kind),
                    cite_line(manifest.path.as_str(), dependency.line)
                );
            }
            more_rows(out, manifest.dependencies.len(), MAX_ROWS, "dependencies");
            out.push('\n');
            // walkdir-list's `walkdir = { version = "*", path = ".." }`: a package of this
            // repository, not from the registry, yet declared here.
            let local: Vec<String> = manifest
                .local_dependencies
                .iter()
                .map(|dependency| {
                    format!(
                        "{} ({}, {})",
                        code_span(&dependency.name),
                        escape_all(&dependency.kind_label()),
                        cite_line(manifest.path.as_str(), dependency.line)
                    )
                })
                .collect();
            if !local.is_empty() {
                let _ = writeln!(out, "Also from this repository: {}.\n", join_and(&local));
            }
            self.features(out, manifest);
        }

        let edges = self.module_edges();
        // The counts are imports between the modules' files, and files naming another
        // module's types in the namespace they share: the table's header says which.
        let counted = if edges.iter().any(|edge| edge.namespace_uses > 0) {
            "imports and namespace uses"
        } else {
            "imports"
        };
        out.push_str("## Internal\n\n");
        if !self.context.module_test_edges.is_empty() {
            out.push_str("Imports of tests kept beside the code are left out; each module's page lists them.\n\n");
        }
        if edges.is_empty() {
            out.push_str("No import between modules was resolved.\n");
            return;
        }
        let _ = writeln!(
            out,
            "| module | depends on ({counted}) | used by ({counted}) |\n|---|---|---|"
        );
        let cell = |list: Vec<(&str, u32)>| -> String {
            if list.is_empty() {
                return "—".to_string();
            }
            let mut parts: Vec<String> = list
                .iter()
                .take(10)
                .map(|(m, count)| format!("{} ({count})", self.module_link(m)))
                .collect();
            if list.len() > 10 {
                parts.push(format!("and {} more", list.len() - 10));
            }
            parts.join(", ")
        };
        let modules = self.sorted_modules();
        for module in modules.iter().take(MAX_ROWS) {
            let path = module.path.as_str();
            let outgoing = edges
                .iter()
                .filter(|e| e.from == path)
                .map(|e| (e.to.as_str(), e.count))
                .collect();
            let incoming = edges
                .iter()
                .filter(|e| e.to == path)
                .map(|e| (e.from.as_str(), e.count))
                .collect();
            let _ = writeln!(
                out,
                "| {} | {} | {} |",
                self.module_link(path),
                cell(outgoing),
                cell(incoming)
            );
        }
        more_rows(out, modules.len(), MAX_ROWS, "modules");
    }
}

/// What a module is for, as plain text, from the same sources (in the same order) as its page;
/// else, as there, what it defines.
pub(crate) fn module_description(context: &Context, module: &Module) -> Option<String> {
    let pages = index_pages(context);
    pages
        .describe_module_plain(module)
        .map(|(text, _)| text)
        .or_else(|| pages.module_without_doc(module))
        // `llms.txt` has no citations to resolve (godotenv's `cmd/godotenv`: "`main` calls
        // [[godotenv.go#Exec|`godotenv.Exec`]]").
        .map(|text| without_citations(&text))
}

/// What the pages' file tables say of `file`, with its citations as plain code (`llms.txt`
/// has no citations to resolve): "Tests `lib/context.js`.", "Runs `cargo miri test` …".
pub(crate) fn file_description(context: &Context, file: &FileMap) -> Option<String> {
    index_pages(context).describe_file(file).map(|text| {
        // The source of a sentence quoted from a document ("… routing system.
        // [[docs/routing.md]]") is a link on a page, noise in a line of `llms.txt`.
        let quoted = text
            .strip_suffix("]]")
            .and_then(|rest| rest.rsplit_once(" [["))
            .filter(|(sentence, _)| sentence.ends_with(['.', '!', '?', '…']))
            .map(|(sentence, _)| sentence);
        without_citations(quoted.unwrap_or(&text))
    })
}

/// The files the architecture page lists as central, at most `limit` (`llms.txt` names them).
pub(crate) fn central_files<'a>(context: &Context<'a>, limit: usize) -> Vec<&'a FileMap> {
    index_pages(context).central_files(limit)
}

/// The page writer as the index page (`page_path(&PageKind::Index)`) would use it, for text
/// shown elsewhere (`llms.txt`).
fn index_pages<'c, 'a>(context: &'c Context<'a>) -> Pages<'c, 'a> {
    Pages {
        context,
        page: "index.md",
    }
}

/// `text` with each citation (`[[path]]`, `[[path:12]]`, `[[path#Name|text]]`) as its text,
/// or its path in code.
fn without_citations(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("[[") {
        let Some(length) = rest[start..].find("]]") else {
            break;
        };
        out.push_str(&rest[..start]);
        let inner = &rest[start + 2..start + length];
        match inner.split_once('|') {
            Some((_, shown)) => out.push_str(shown),
            None => {
                let path = inner.split([':', '#']).next().unwrap_or(inner);
                out.push_str(&code_span(path));
            }
        }
        rest = &rest[start + length + 2..];
    }
    out.push_str(rest);
    out
}

/// The facts a page is written from, one per line, without line numbers.
pub(crate) fn facts(kind: &PageKind, context: &Context) -> String {
    let page = page_path(kind);
    let pages = Pages {
        context,
        page: &page,
    };
    let mut out = String::new();
    let file_fact = |out: &mut String, file: &FileMap| {
        let content = file.parsed.semantic_hash.unwrap_or(file.hash);
        let key = context
            .index
            .summaries
            .get(&file.path)
            .map(|s| s.key.as_str())
            .unwrap_or("-");
        let _ = writeln!(out, "file {} {content} {key}", file.path);
    };
    let edges = pages.module_edges();
    let callers_fact = |out: &mut String, files: &[&FileMap]| {
        for file in files {
            if let Some(&file) = context.files.get(file.path.as_str()) {
                if let Some(note) = context.callers_note(file) {
                    let _ = writeln!(out, "callers {} {}", file.path, without_citations(&note));
                }
            }
        }
    };
    let modules_fact = |out: &mut String| {
        for module in pages.sorted_modules() {
            let about = pages
                .describe_module(module)
                .map(|(text, _)| text)
                .unwrap_or_default();
            let _ = writeln!(
                out,
                "module {:?} {} {about}",
                module.path,
                module.files.len()
            );
        }
    };
    let edges_fact = |out: &mut String| {
        for edge in edges {
            let _ = writeln!(out, "edge {:?} {:?} {}", edge.from, edge.to, edge.count);
        }
    };
    let text_fact = |out: &mut String, path: &str| {
        if let Some(text) = context.text(path) {
            let _ = writeln!(
                out,
                "text {path} {}",
                blake3::hash(text.as_bytes()).to_hex()
            );
        }
    };
    match kind {
        PageKind::Module(path) => {
            if let Some(module) = context.module(path) {
                for file in pages.files_of(module) {
                    file_fact(&mut out, file);
                }
                for manifest in context.manifests_in(path) {
                    text_fact(&mut out, manifest.path.as_str());
                }
                if let Some((readme, _)) = context.readme_in(path) {
                    text_fact(&mut out, readme.as_str());
                }
                // The documents named after it or its files, which describe them.
                let files = pages.files_of(module);
                let named = std::iter::once(module.path.as_str())
                    .chain(files.iter().map(|file| file.path.as_str()))
                    .filter_map(|subject| context.named_documents.get(subject));
                for (_, document) in named {
                    text_fact(&mut out, document.as_str());
                }
                // The documents elsewhere that name its API, with the names they name.
                let files = pages.files_of(module);
                pages.documents_naming(&mut out, module, &files);
                pages.modules_inside(&mut out, module);
                if !matches!(
                    pages.module_role(module),
                    ModuleRole::Tests | ModuleRole::Examples
                ) {
                    out.push_str(&context.module_flow_texts(&module.path, &files).1);
                }
                // A file's row may say what other files call of it: their code feeds it.
                callers_fact(&mut out, &files);
                // What implements its types may be anywhere.
                out.push_str(&context.hierarchy_facts(&files));
            }
            for edge in edges.iter().filter(|e| e.from == *path || e.to == *path) {
                let _ = writeln!(out, "edge {:?} {:?} {}", edge.from, edge.to, edge.count);
            }
            let test_edges = context.module_test_edges.iter();
            for edge in test_edges.filter(|e| e.from == *path || e.to == *path) {
                let _ = writeln!(
                    out,
                    "test-edge {:?} {:?} {}",
                    edge.from, edge.to, edge.count
                );
            }
        }
        PageKind::Index | PageKind::Architecture | PageKind::Onboarding => {
            let _ = writeln!(out, "project {}", context.project_name());
            if let Some((readme, _)) = context.readme() {
                text_fact(&mut out, readme.as_str());
            }
            modules_fact(&mut out);
            edges_fact(&mut out);
            for (file, _) in pages.entry_points() {
                let _ = writeln!(out, "entry {}", file.path);
            }
            let central = pages.central_files(MAX_CENTRAL_FILES);
            for file in &central {
                let _ = writeln!(out, "central {}", file.path);
            }
            callers_fact(&mut out, &central);
            if *kind == PageKind::Onboarding {
                for (command, path) in pages.commands() {
                    let _ = write!(out, "command {} {path}", command.command);
                    // Only when there is one, so the facts of a page without one stay the same.
                    if let Some(directory) = &command.directory {
                        let _ = write!(out, " in {directory}");
                    }
                    out.push('\n');
                }
                out.push_str(&pages.tests_section());
                out.push_str(&crate::routes::onboarding_facts(context));
                out.push_str(&pages.entry_flow().1);
            }
        }
        PageKind::Dependencies => {
            // Task runners and CI workflows declare no dependencies: editing them changes
            // nothing this page shows.
            for manifest in context
                .manifests
                .iter()
                .filter(|m| !m.dependencies.is_empty())
            {
                text_fact(&mut out, manifest.path.as_str());
            }
            edges_fact(&mut out);
        }
    }
    out
}

/// The root module as a sentence names it ("Tests of the code at the repository's root."): its
/// table label, "(root)", reads as a placeholder in prose.
const ROOT_IN_PROSE: &str = "the code at the repository's root";

/// "Tests of `a`, `b` and 2 more modules.": `lead`, the names, and how many more.
/// How many of `total` names a sentence names: [`DEFINED_NAMES`], or all of them when only one
/// would be left over ("`a`, `b`, `c` and `d`", never "and 1 more").
fn names_shown(total: usize) -> usize {
    if total == DEFINED_NAMES + 1 {
        total
    } else {
        DEFINED_NAMES
    }
}

/// `listing` of the first `shown` of `names`, "and N more" for the rest.
fn listing_first(lead: &str, names: &[String], shown: usize) -> String {
    let shown = names.len().min(shown);
    listing(lead, &names[..shown], names.len() - shown, "more")
}

/// True for a file under an examples directory (`examples/`, `_examples/`, `docs_src/`).
pub(crate) fn in_example_suite(path: &RepoPath) -> bool {
    suite_root(path.parent()).is_some_and(|root| {
        cartograph_graph::is_example_dir(root.rsplit('/').next().unwrap_or(root))
    })
}

fn listing(lead: &str, names: &[String], more: usize, more_what: &str) -> String {
    match (names, more) {
        ([only], 0) => format!("{lead} {only}."),
        ([init @ .., last], 0) => format!("{lead} {} and {last}.", init.join(", ")),
        (names, more) => format!("{lead} {} and {more} {more_what}.", names.join(", ")),
    }
}

/// The library a suite of benchmarks or fuzz targets runs under, by the modules its files
/// import: Criterion, bencher, Divan, the nightly `test` crate, libFuzzer, pytest-benchmark,
/// Benchmark.js, tinybench, mitata.
fn suite_harness(code: &[&&FileMap]) -> Option<&'static str> {
    const RUST: &[(&str, &str)] = &[
        ("criterion", "Criterion"),
        ("bencher", "bencher"),
        ("divan", "Divan"),
        ("iai_callgrind", "iai-callgrind"),
        ("iai", "iai"),
        ("test", "the nightly `test` crate's `#[bench]`"),
        ("libfuzzer_sys", "libFuzzer (cargo-fuzz)"),
        ("afl", "AFL"),
        ("honggfuzz", "honggfuzz"),
    ];
    const PYTHON: &[(&str, &str)] = &[
        ("atheris", "Atheris"),
        ("pytest_benchmark", "pytest-benchmark"),
        ("pyperf", "pyperf"),
    ];
    const JAVASCRIPT: &[(&str, &str)] = &[
        ("benchmark", "Benchmark.js"),
        ("tinybench", "tinybench"),
        ("mitata", "mitata"),
    ];
    code.iter().find_map(|file| {
        let known = match file.language {
            Language::Rust => RUST,
            Language::Python => PYTHON,
            Language::JavaScript | Language::TypeScript | Language::Tsx => JAVASCRIPT,
            _ => return None,
        };
        file.parsed.imports.iter().find_map(|import| {
            // The first segment of the path as written: `criterion::{black_box, Criterion}`,
            // `extern crate test`, `import pyperf.runner`, `require('benchmark')`.
            let root = import.raw.split("::").next().unwrap_or_default();
            let root = match file.language {
                Language::Python => root.split('.').next().unwrap_or_default(),
                _ => root,
            };
            known
                .iter()
                .find(|(module, _)| *module == root)
                .map(|(_, harness)| *harness)
        })
    })
}

/// True when code `text` measures something: a benchmark library or harness (`benchmark`,
/// criterion, `testing.B`, pyperf, mitata, tinybench), or a clock read for timing.
fn times_something(text: &str) -> bool {
    const MARKS: &[&str] = &[
        "bench",
        "timeit",
        "perf_counter",
        "process_time",
        "time.time(",
        "time.monotonic",
        "hrtime",
        "performance.now",
        "console.time",
        "date.now",
        "instant::now",
        "time.now(",
        "time.since(",
        "criterion",
        "pyperf",
        "mitata",
        "system.nanotime",
        "stopwatch",
    ];
    let lower = text.to_ascii_lowercase();
    MARKS.iter().any(|mark| lower.contains(mark))
}

/// True for a file under a fuzzing directory (cargo-fuzz's `fuzz/fuzz_targets/`, Go's and
/// OSS-Fuzz's `fuzz/`, `fuzzing/`).
fn is_fuzz_path(path: &RepoPath) -> bool {
    path.parent()
        .split('/')
        .any(|dir| matches!(dir, "fuzz" | "fuzz_targets" | "fuzzing" | "fuzzers"))
}

/// Sorts files by PageRank, highest first, then by path. PageRank is never negative, so the
/// bits of the float order like the float; the key is computed once per file, not per comparison.
fn by_rank<'f>(
    graph: &cartograph_graph::Graph,
    file: &'f FileMap,
) -> (std::cmp::Reverse<u64>, &'f str) {
    (
        std::cmp::Reverse(graph.rank_of(&file.path).max(0.0).to_bits()),
        file.path.as_str(),
    )
}

/// A file that builds, configures or runs the project rather than being part of it: shell
/// scripts, tool configuration (`eslint.config.mjs`, `.eslintrc.js`, `vite.config.ts`), build
/// and task scripts (`setup.py`, `noxfile.py`, `gulpfile.js`, `build.rs`), and whatever sits
/// in a hidden directory (`.github/scripts/`, tqdm's `.meta/mkcompletion.py`).
fn is_tooling_file(file: &FileMap) -> bool {
    const SCRIPTS: &[&str] = &[
        "setup",
        "noxfile",
        "fabfile",
        "tasks",
        "gulpfile",
        "gruntfile",
        "dangerfile",
        "build",
    ];
    let name = file.path.file_name();
    let stem = name.split('.').next().unwrap_or(name).to_ascii_lowercase();
    file.language == cartograph_core::Language::Bash
        || name.contains(".config.")
        || name.starts_with('.')
        || file
            .path
            .parent()
            .split('/')
            .any(|dir| dir.starts_with('.'))
        || SCRIPTS.contains(&stem.as_str())
}

/// What a suite of tests, benchmarks, examples or scripts is for.
enum Suite {
    /// Said by what it uses ("Tests of `source`.") or what it holds ("Shell scripts ...").
    Named(String),
    /// A suite that imports no module of the project ("Tests that import no module ...").
    Unlinked(String),
}

/// A name of `__all__` that is none of its module's own symbols.
enum Unlisted<'a> {
    /// The symbol that defines it elsewhere: its file and its position there.
    Symbol(&'a FileMap, usize),
    /// A line of its own: a submodule, or the file a value is imported from.
    Line(String),
}

/// How a package says what importing it offers.
enum Exports {
    /// Its `__init__.py`'s `__all__`.
    All,
    /// What its `__init__.py` imports from the repository's files, without an `__all__`.
    Reexported,
    /// What a JavaScript or TypeScript package's entry file exports.
    Entry,
}

/// How many files of re-exports a JavaScript entry's name is followed through.
const MAX_REEXPORT_HOPS: usize = 4;

/// The position of `file`'s top-level definition of `name`.
fn top_level_position(file: &FileMap, name: &str) -> Option<usize> {
    file.parsed.symbols.iter().position(|symbol| {
        symbol.name == name
            && cartograph_graph::is_top_level(file, symbol)
            && symbol.kind != SymbolKind::Impl
    })
}

/// An `__init__.py` without `__all__` speaks for the package's API once it imports this many
/// names from the repository's files.
const MIN_REEXPORTED_NAMES: usize = 2;

/// A suite of tests or examples is listed as one row once it holds this many modules.
const MIN_GROUPED_SUITE: usize = 3;

/// Test or example modules gathered under the directory that makes them so.
struct SuiteGroup<'a> {
    /// `tests`, `docs_src`, `crates/cli/tests`.
    root: String,
    /// In path order.
    modules: Vec<&'a Module>,
}

/// A row of a page that lists modules: one module, or a suite of many.
enum Listed<'a> {
    Module(&'a Module),
    Suite(SuiteGroup<'a>),
}

/// A JavaScript or TypeScript test file by the titles of its top-level test blocks (koa's
/// `accepts.test.js`: "Tests “ctx.accepts(types)”."), where it defines nothing to name it by.
fn test_blocks_description(file: &FileMap) -> Option<String> {
    let blocks = file.parsed.test_blocks.as_deref()?;
    let titles: Vec<String> = blocks
        .titles
        .iter()
        .map(|title| format!("“{}”", escape_inline(&shorten(title, 80))))
        .collect();
    let more = (blocks.count as usize).saturating_sub(titles.len());
    // Vitest's `describe` blocks of `bench(…)` calls in `index.bench.ts` time code.
    let verb = if is_benchmark_path(&file.path) {
        "Benchmarks"
    } else {
        "Tests"
    };
    Some(match (&titles[..], more) {
        ([], _) => return None,
        ([only], 0) => format!("{verb} {only}."),
        (titles, 0) => format!("{verb} {}.", join_and(titles)),
        (titles, more) => format!("{verb} {} and {more} more.", titles.join(", ")),
    })
}

/// A C or C++ header.
fn is_c_header(file: &FileMap) -> bool {
    matches!(file.language, Language::C | Language::Cpp) && !cartograph_graph::is_c_source(file)
}

/// The extensions of the programs a test runner compares with an expected `.stderr` or
/// `.stdout` beside them.
const PROGRAM_EXTENSIONS: &[&str] = &[
    "rs", "c", "cc", "cpp", "py", "js", "mjs", "ts", "go", "rb", "java", "php", "cs", "sh",
];

/// An `__init__.py` of a few lines that defines and imports nothing: it makes its directory
/// a package (a test suite's, often), and that is all it does.
fn package_marker_description(file: &FileMap) -> Option<String> {
    let empty = file.parsed.symbols.is_empty() && file.parsed.imports.is_empty();
    let directory = file.path.parent().rsplit('/').next().unwrap_or_default();
    (is_package_marker(file) && empty && !directory.is_empty())
        .then(|| format!("Makes `{directory}/` a Python package."))
}

/// A file under a test fixtures directory (`test/fixtures/`, Go's `testdata/`, Jest's
/// `__fixtures__/`) that says nothing of itself: data for the tests, which is what a reader
/// needs to know to pass it by.
/// So is a data file in an `inputs/`, `data/` or `corpus/` directory of the tests or the fuzz
/// targets (cJSON's `tests/inputs/test1.expected`, `fuzzing/inputs/test3`).
fn fixture_description(file: &FileMap) -> Option<String> {
    let parent = file.path.parent();
    let fixtures = parent
        .split('/')
        .find(|dir| matches!(*dir, "fixtures" | "__fixtures__" | "testdata" | "test-data"));
    let tested = cartograph_graph::is_test_path(&file.path)
        || parent.split('/').any(|dir| dir.starts_with("fuzz"));
    let data = (tested && !file.language.is_code())
        .then(|| {
            parent.split('/').find(|dir| {
                matches!(
                    *dir,
                    "inputs" | "input" | "data" | "corpus" | "expected" | "golden"
                )
            })
        })
        .flatten();
    let directory = fixtures.or(data)?;
    Some(format!("Test data, under `{directory}/`."))
}

/// What a file holds beside its one key definition, when that is less than half of it and the
/// rest is more than half: the traits it implements for other types and the functions it
/// defines, the longest first
/// (semver's `parse.rs` is its parser: `FromStr` for five types and nine functions, beside the
/// three lines of `Error` whose doc had described the whole file).
fn beside_only_definition(file: &FileMap, only: &Symbol) -> Option<String> {
    const SHOWN: usize = 3;
    let span = |symbol: &Symbol| symbol.end_line.saturating_sub(symbol.line) as usize + 1;
    let own_impl = |symbol: &Symbol| {
        symbol.kind == SymbolKind::Impl
            && (symbol.name == only.name
                || symbol.name.split_once(" for ").is_some_and(|(_, target)| {
                    target.split('<').next().unwrap_or(target).trim() == only.name
                }))
    };
    let top: Vec<&Symbol> = file
        .parsed
        .symbols
        .iter()
        .filter(|symbol| symbol.parent.is_none() && !std::ptr::eq(*symbol, only))
        .collect();
    let covered = span(only)
        + top
            .iter()
            .filter(|symbol| own_impl(symbol))
            .map(|symbol| span(symbol))
            .sum::<usize>();
    if 2 * covered >= file.lines as usize {
        return None;
    }
    // Trait implementations for other types, by trait: "`FromStr` for `Version`, `VersionReq`
    // and 3 more".
    let mut by_trait: Vec<(&str, Vec<String>)> = Vec::new();
    for symbol in top.iter().filter(|symbol| !own_impl(symbol)) {
        let Some((which, target)) = symbol
            .name
            .split_once(" for ")
            .filter(|_| symbol.kind == SymbolKind::Impl)
        else {
            continue;
        };
        let target = code_span(target.trim());
        match by_trait.iter_mut().find(|(name, _)| *name == which.trim()) {
            Some((_, targets)) => targets.push(target),
            None => by_trait.push((which.trim(), vec![target])),
        }
    }
    let mut implemented: Vec<String> = by_trait
        .iter()
        .take(SHOWN)
        .map(|(which, targets)| {
            let targets = match targets.len() {
                0..=SHOWN => join_and(targets),
                more => format!("{} and {} more", targets[..2].join(", "), more - 2),
            };
            format!("{} for {targets}", code_span(which))
        })
        .collect();
    let mut functions: Vec<&Symbol> = top
        .iter()
        .copied()
        .filter(|symbol| symbol.kind == SymbolKind::Function)
        .collect();
    functions.sort_by_key(|symbol| std::cmp::Reverse(span(symbol)));
    // What is said of the rest is most of the file, not a helper beside the definition.
    let rest: usize = top
        .iter()
        .filter(|symbol| {
            symbol.kind == SymbolKind::Function
                || symbol.kind == SymbolKind::Impl && !own_impl(symbol)
        })
        .map(|symbol| span(symbol))
        .sum();
    if 2 * rest < file.lines as usize {
        return None;
    }
    if by_trait.len() > SHOWN {
        implemented.push(plural(by_trait.len() - SHOWN, "more trait", "more traits"));
    }
    let mut parts = Vec::new();
    if !implemented.is_empty() {
        parts.push(format!("implements {}", implemented.join("; ")));
    }
    if !functions.is_empty() {
        let names: Vec<String> = functions
            .iter()
            .take(SHOWN)
            .map(|symbol| code_span(&symbol.name))
            .collect();
        let names = match functions.len() {
            0..=SHOWN => join_and(&names),
            more => format!("{} and {} more", names.join(", "), more - SHOWN),
        };
        let noun = if functions.len() == 1 {
            "function"
        } else {
            "functions"
        };
        parts.push(format!("defines the {noun} {names}"));
    }
    (!parts.is_empty()).then(|| format!("The rest of the file {}.", parts.join(", and ")))
}

/// A Rust file of trait implementations only (bytes' `src/buf/vec_deque.rs`: `impl Buf for
/// VecDeque<u8>`): "Implements `Buf` for `VecDeque<u8>`."; implementations for one type are
/// named together ("Implements `LowerHex` and `UpperHex` for `BytesRef<'_>`.").
fn impls_description(file: &FileMap) -> Option<String> {
    if file.language != Language::Rust {
        return None;
    }
    let symbols = &file.parsed.symbols;
    let is_module = |name: &str| {
        symbols
            .iter()
            .any(|symbol| symbol.kind == SymbolKind::Module && symbol.name == name)
    };
    let mut by_type: Vec<(&str, Vec<String>)> = Vec::new();
    for symbol in symbols {
        // The impls may sit in inline modules (indexmap's `arbitrary.rs`: `mod impl_arbitrary
        // { impl Arbitrary for IndexMap … }`), beside the file's tests (log's `serde.rs`).
        let in_module = match symbol.parent.as_deref() {
            None => true,
            Some(parent) => is_module(parent),
        };
        if !in_module || symbol.kind == SymbolKind::Module || file.parsed.in_test_code(symbol.line)
        {
            continue;
        }
        if symbol.kind != SymbolKind::Impl {
            return None;
        }
        let (which, target) = symbol.name.split_once(" for ")?;
        let which = code_span(which.trim());
        match by_type
            .iter_mut()
            .find(|(type_name, _)| *type_name == target.trim())
        {
            Some((_, traits)) => traits.push(which),
            None => by_type.push((target.trim(), vec![which])),
        }
    }
    let parts: Vec<String> = by_type
        .iter()
        .map(|(target, traits)| format!("{} for {}", join_and(traits), code_span(target)))
        .collect();
    match parts.len() {
        0 => None,
        1..=3 => Some(format!("Implements {}.", join_and(&parts))),
        more => Some(format!(
            "Implements {} and {} more.",
            parts[..2].join(", "),
            more - 2
        )),
    }
}

/// A Go test file of examples (websocket's `example_test.go`): `ExampleConn_WriteMessage` is an
/// example of `Conn.WriteMessage` that `go test` runs and `go doc` shows under it; `Example`
/// alone is one of the package.
/// A Python package marker that holds only dunder names and imports nothing (starlette's
/// `__init__.py`: `__version__ = "0.47.3"`).
fn is_version_only_marker(file: &FileMap) -> bool {
    file.path.file_name() == "__init__.py"
        && file.parsed.imports.is_empty()
        && file
            .parsed
            .symbols
            .iter()
            .all(|symbol| symbol.name.starts_with("__") && symbol.name.ends_with("__"))
}

/// A tool's configuration file by the tool and the settings it sets: "Settings of rolldown:
/// `input`, `output`, `platform` and 3 more." (`cartograph_graph::is_tool_configuration`).
fn tool_configuration_description(file: &FileMap) -> Option<String> {
    if !cartograph_graph::is_tool_configuration(file) {
        return None;
    }
    let name = file.path.file_name();
    let tool = name
        .split_once(".config.")
        .or_else(|| name.split_once(".conf."))
        .map(|(tool, _)| tool.trim_start_matches('.'))
        .filter(|tool| !tool.is_empty());
    let what = match (tool, name) {
        (_, "sidebars.js" | "sidebars.ts") => "The sidebars of the documentation site".to_string(),
        (Some(tool), _) => format!("Settings of {}", code_span(tool)),
        (None, _) => return None,
    };
    let keys: Vec<String> = file
        .parsed
        .symbols
        .iter()
        .filter(|symbol| symbol.kind == SymbolKind::Constant && symbol.parent.is_none())
        // `const config: Config = {…}; export default config;` names the object, no setting.
        .filter(|symbol| !matches!(symbol.name.as_str(), "config" | "configuration" | "default"))
        .map(|symbol| code_span(&symbol.name))
        .collect();
    Some(match keys.len() {
        0 => format!("{what}."),
        _ => listing_first(&format!("{what}:"), &keys, 3),
    })
}

/// A Python method a class's method list leaves out: what builds it (`__init__`, `__new__`)
/// and a name-mangled private one (`__helper`). Its other special methods are what it does
/// (starlette's `AuthenticationMiddleware.__call__`, the ASGI entry).
/// The names of a class's constructor: Python's `__init__` and `__new__`, JavaScript's and
/// TypeScript's `constructor`, Ruby's `initialize`.
const CONSTRUCTORS: [&str; 4] = ["__init__", "__new__", "constructor", "initialize"];

/// A Markdown document by its sections, the headings one level below its title: "In 5
/// sections: Documentation, Usage, Struct Tag Support and 2 more."; `None` for one with
/// fewer than two.
fn sections_description(file: &FileMap) -> Option<String> {
    const SHOWN: usize = 3;
    let headings: Vec<&Symbol> = file
        .parsed
        .symbols
        .iter()
        .filter(|symbol| symbol.kind == SymbolKind::Heading)
        .collect();
    // The sections are the level below the top one: under `# Title`, its `##` headings; a
    // document without a title has its top level as sections.
    let top = headings
        .iter()
        .filter(|symbol| symbol.parent.is_none())
        .count();
    let sections: Vec<String> = headings
        .iter()
        .filter(|symbol| match top {
            1 => symbol.parent.as_deref() == headings.first().map(|first| first.name.as_str()),
            _ => symbol.parent.is_none(),
        })
        .map(|symbol| escape_inline(crate::markdown::plain_text(&symbol.name).trim()))
        .filter(|name| !name.is_empty())
        .collect();
    if sections.len() < 2 {
        return None;
    }
    let listed = if sections.len() > SHOWN {
        format!(
            "{} and {} more",
            sections[..SHOWN].join(", "),
            sections.len() - SHOWN
        )
    } else {
        join_and(&sections)
    };
    Some(format!("In {} sections: {listed}.", sections.len()))
}

/// True when a runner collects counted tests from `file`: its own test functions, ones its
/// macros write, or those a Python class inherits from test bases.
fn holds_counted_tests(file: &FileMap) -> bool {
    file.parsed.test_functions > 0
        || file.parsed.test_macros > 0
        || !python_inherited_test_bases(file).is_empty()
}

/// Bases of Python test classes that hold no tests of their own.
const UNITTEST_BASES: &[&str] = &["TestCase", "IsolatedAsyncioTestCase", "object"];

/// The bases a Python class signature names, by their last name (`class A(unittest.TestCase,
/// Mixin):` gives `TestCase` and `Mixin`); keyword arguments and subscripts left out.
fn python_class_bases(signature: &str) -> Vec<&str> {
    let Some((_, inner)) = signature.split_once('(') else {
        return Vec::new();
    };
    let inner = inner.rsplit_once(')').map_or(inner, |(inner, _)| inner);
    inner
        .split(',')
        .map(str::trim)
        .filter(|base| !base.is_empty() && !base.contains(['=', '[', '*']))
        .map(|base| base.rsplit('.').next().unwrap_or(base))
        .collect()
}

/// True when `file` defines a class named `name` at its top level.
fn defines_class(file: &FileMap, name: &str) -> bool {
    file.parsed.symbols.iter().any(|symbol| {
        symbol.kind == SymbolKind::Class && symbol.parent.is_none() && symbol.name.as_str() == name
    })
}

/// The bases of a Python file's test classes (`class TestURLSafeSerializer(TestSerializer):`)
/// that the file does not define and that are not unittest's: test classes of other files,
/// whose tests pytest runs again for each class built on them.
fn python_inherited_test_bases(file: &FileMap) -> Vec<&str> {
    if file.language != Language::Python {
        return Vec::new();
    }
    let mut bases: Vec<&str> = Vec::new();
    for class in file.parsed.symbols.iter().filter(|symbol| {
        symbol.kind == SymbolKind::Class
            && symbol.parent.is_none()
            && symbol.name.starts_with("Test")
    }) {
        for name in python_class_bases(&class.signature) {
            if name.starts_with("Test")
                && !UNITTEST_BASES.contains(&name)
                && !defines_class(file, name)
                && !bases.contains(&name)
            {
                bases.push(name);
            }
        }
    }
    bases
}

fn constructor_or_mangled(name: &str) -> bool {
    matches!(
        name,
        "__init__" | "__new__" | "__init_subclass__" | "__post_init__" | "__class_getitem__"
    ) || (name.starts_with("__") && !name.ends_with("__"))
}

/// The commands that run a file and those that read it, as a page says each.
#[derive(Debug, Default)]
pub(crate) struct RunBy {
    runs: Vec<String>,
    reads: Vec<String>,
    /// A CI workflow runs it as its program or script.
    run_by_ci: bool,
}

/// Per file some command of `manifests` runs or reads, those commands as a page says them:
/// "the CI workflow [[.github/workflows/publish-release.yml]] as `node build/sync-version.js`",
/// "`npm run docs` ([[package.json]])". Read once per run, not once per file.
fn run_by_index(
    manifests: &[cartograph_manifest::Manifest],
) -> std::collections::HashMap<String, RunBy> {
    const MAX_COMMAND_CHARS: usize = 80;
    let mut index: std::collections::HashMap<String, RunBy> = std::collections::HashMap::new();
    for manifest in manifests {
        for command in &manifest.commands {
            // A CI step runs at the repository's root unless it says where; a script or a
            // recipe in its manifest's directory.
            let base = match (&command.directory, manifest.ecosystem) {
                (Some(directory), _) => directory.as_str(),
                (None, "ci") => "",
                (None, _) => manifest.path.parent(),
            };
            let base: Vec<&str> = base.split('/').filter(|part| !part.is_empty()).collect();
            let mut used: Vec<(String, CommandUse)> = Vec::new();
            for text in [command.command.as_str(), command.purpose.as_str()] {
                for (path, how) in command_uses(text, &base) {
                    match used.iter_mut().find(|(known, _)| *known == path) {
                        Some((_, known)) => *known = (*known).min(how),
                        None => used.push((path, how)),
                    }
                }
            }
            if used.is_empty() {
                continue;
            }
            let mut shown = command.command.clone();
            if shown.chars().count() > MAX_COMMAND_CHARS {
                shown = shown.chars().take(MAX_COMMAND_CHARS).collect::<String>() + "…";
            }
            let said = match manifest.ecosystem {
                "ci" => format!(
                    "the CI workflow {} as {}",
                    cite(manifest.path.as_str()),
                    code_span(&shown)
                ),
                _ => format!("{} ({})", code_span(&shown), cite(manifest.path.as_str())),
            };
            for (path, how) in used {
                let entry = index.entry(path).or_default();
                entry.run_by_ci |= how == CommandUse::Runs && manifest.ecosystem == "ci";
                let found = match how {
                    CommandUse::Runs => &mut entry.runs,
                    CommandUse::Reads => &mut entry.reads,
                };
                if !found.contains(&said) {
                    found.push(said.clone());
                }
            }
        }
    }
    index
}

/// How a command uses a file it names (`Command::purpose` may quote its commands).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum CommandUse {
    /// As its program, or the script an interpreter runs (`node build/sync-version.js`).
    Runs,
    /// As its configuration (`rolldown -c rolldown.config.js`).
    Reads,
}

/// Programs that run the script named after their options (`node x.js`, `python3 x.py`,
/// `uv run x.py`).
const INTERPRETERS: &[&str] = &[
    "node", "python", "python3", "bash", "sh", "zsh", "ruby", "perl", "php", "deno", "bun", "tsx",
    "ts-node", "pwsh", "uv", "poetry", "pipenv", "hatch", "pdm",
];

/// The files the command line `text`, run in the directory `base`, uses, as repository paths:
/// as its program or an interpreter's script, or as a configuration option's file. A file it
/// only names (a Makefile target it makes, an argument) is none of them.
fn command_uses(text: &str, base: &[&str]) -> Vec<(String, CommandUse)> {
    let path_of = |word: &str| -> Option<String> {
        let word = word.trim_matches(|c| matches!(c, '"' | '\''));
        if !(word.contains('.') || word.contains('/')) {
            return None;
        }
        crate::paths::join_normalised(base, word).filter(|path| !path.is_empty())
    };
    let mut found: Vec<(String, CommandUse)> = Vec::new();
    for segment in text.split(['\n', ';', '|', '&', '`', '(', ')']) {
        let words: Vec<&str> = segment.split_whitespace().collect();
        // `A=1 B=2 program`, `exec program`.
        let start = words
            .iter()
            .position(|word| {
                !(word.contains('=') && !word.starts_with('-')
                    || matches!(*word, "exec" | "time" | "env" | "sudo"))
            })
            .unwrap_or(words.len());
        let Some(program) = words.get(start) else {
            continue;
        };
        if let Some(path) = path_of(program) {
            found.push((path, CommandUse::Runs));
        }
        // starlette's `${PREFIX}python`.
        let bare = program.rsplit(['}', '/']).next().unwrap_or(program);
        let interpreter = INTERPRETERS.contains(&bare)
            || bare
                .strip_prefix("python")
                .is_some_and(|version| version.chars().all(|c| c.is_ascii_digit() || c == '.'));
        if interpreter {
            // The first word past its options and a `run`: a module (`-m x`) is no file.
            for word in &words[start + 1..] {
                if *word == "-m" {
                    break;
                }
                if word.starts_with('-') || *word == "run" {
                    continue;
                }
                if let Some(path) = path_of(word) {
                    found.push((path, CommandUse::Runs));
                }
                break;
            }
        }
        for (at, word) in words.iter().enumerate() {
            let value = match word.split_once('=') {
                Some(("--config" | "--config-file", value)) => Some(value),
                _ if matches!(*word, "-c" | "--config" | "--config-file") => {
                    words.get(at + 1).copied()
                }
                _ => None,
            };
            if let Some(path) = value.and_then(path_of) {
                found.push((path, CommandUse::Reads));
            }
        }
    }
    found
}

/// Whether a runner collects tests or benchmarks from `file`.
/// True for a module path with a directory of test fixtures in it (`test/fixtures/eval`,
/// Go's `testdata`).
fn in_fixtures_dir(path: &str) -> bool {
    path.split('/')
        .any(|component| matches!(component, "fixtures" | "fixture" | "testdata" | "test_data"))
}

fn holds_tests(file: &FileMap) -> bool {
    file.parsed.test_functions > 0
        || file.parsed.test_macros > 0
        || file.parsed.test_blocks.is_some()
        || !go_benchmarks(file).is_empty()
}

/// The benchmarks `go test -bench` runs from a Go test file: its `func BenchmarkXxx`.
fn go_benchmarks(file: &FileMap) -> Vec<&str> {
    if file.language != Language::Go || !file.path.file_name().ends_with("_test.go") {
        return Vec::new();
    }
    file.parsed
        .symbols
        .iter()
        .filter(|symbol| symbol.kind == SymbolKind::Function && symbol.parent.is_none())
        .filter(|symbol| {
            symbol
                .name
                .strip_prefix("Benchmark")
                .is_some_and(|rest| rest.is_empty() || !rest.starts_with(char::is_lowercase))
        })
        .map(|symbol| symbol.name.as_str())
        .collect()
}

/// How many examples a Go test file holds that `go test` takes for ones: `Example`, then
/// nothing, `_` or an upper-case letter (`Examplefoo` is none).
fn go_example_count(file: &FileMap) -> usize {
    if file.language != Language::Go {
        return 0;
    }
    file.parsed
        .symbols
        .iter()
        .filter(|symbol| symbol.kind == SymbolKind::Function && symbol.parent.is_none())
        .filter_map(|symbol| symbol.name.strip_prefix("Example"))
        .filter(|rest| rest.is_empty() || rest.starts_with(|c: char| c == '_' || c.is_uppercase()))
        .count()
}

fn go_examples_description(file: &FileMap) -> Option<String> {
    if file.language != Language::Go || !file.path.file_name().ends_with("_test.go") {
        return None;
    }
    let mut subjects: Vec<String> = Vec::new();
    for symbol in &file.parsed.symbols {
        if symbol.kind != SymbolKind::Function || symbol.parent.is_some() {
            continue;
        }
        let Some(rest) = symbol.name.strip_prefix("Example") else {
            continue;
        };
        // `ExampleConn_WriteMessage_text`: a suffix starting with a lower-case letter only
        // tells examples apart, with all the parts after it (`ExampleCommand_Run_shellComplete
        // _bash` is an example of `Command.Run`).
        let parts: Vec<&str> = rest
            .split('_')
            .enumerate()
            .take_while(|(at, part)| *at == 0 || !part.starts_with(char::is_lowercase))
            .map(|(_, part)| part)
            .collect();
        let subject = match parts.join(".") {
            name if name.is_empty() => "the package".to_string(),
            name if name.starts_with(char::is_uppercase) => code_span(&name),
            // `Examplefoo` is no example to `go test`.
            _ => continue,
        };
        if !subjects.contains(&subject) {
            subjects.push(subject);
        }
    }
    // Run by `go test` only with an `// Output:` comment (cenkalti/backoff's have none): not
    // said to be runnable.
    (!subjects.is_empty()).then(|| listing_first("Examples of", &subjects, 3))
}

/// A package's `__main__.py` that says nothing of itself (tqdm's: `from .cli import main`,
/// `main()`): what `python -m` runs, and the repository's file it runs from when it imports
/// one.
fn python_main_description(file: &FileMap) -> Option<String> {
    if file.path.file_name() != "__main__.py" || file.language != Language::Python {
        return None;
    }
    let parent = file.path.parent();
    let package = parent.strip_prefix("src/").unwrap_or(parent);
    if package.is_empty() || package.contains(['-', ' ', '.']) {
        return None;
    }
    let mut sources: Vec<&RepoPath> = file
        .parsed
        .imports
        .iter()
        .filter(|import| !import.kind.is_deferred())
        .filter_map(|import| import.resolved.as_ref())
        .collect();
    sources.sort();
    sources.dedup();
    let command = code_span(&format!("python -m {}", package.replace('/', ".")));
    Some(match sources[..] {
        [source] => format!("What {command} runs, from {}.", cite(source.as_str())),
        _ => format!("What {command} runs."),
    })
}

/// "runs as a script (`if __name__ == "__main__":` at line 40)", the guard cited.
fn runs_as_script(file: &FileMap, guard: u32) -> String {
    let path = &file.path;
    // By the language read, not the name: memchr's `scripts/make-byte-frequency-table` is
    // Python by its `#!`.
    let condition = match file.language {
        Language::Python => "`if __name__ == \"__main__\":`",
        _ => "`if (require.main === module)`",
    };
    let guard_line = format!("{condition} at line {guard}");
    let cited = match cite_line(path.as_str(), Some(guard)).strip_suffix("]]") {
        Some(citation) => format!("{citation}|{guard_line}]]"),
        None => guard_line,
    };
    format!("runs as a script ({cited})")
}

/// True for a file of the tests, the examples, the benchmarks or the fuzz targets: the
/// onboarding page leaves what they run and serve to their own modules' pages.
pub(crate) fn is_outside_the_project(path: &RepoPath) -> bool {
    let dir = path.parent();
    cartograph_graph::is_test_path(path)
        || cartograph_graph::is_example_dir(dir)
        || cartograph_graph::is_test_dir(dir)
        || is_benchmark_path(path)
        || is_fuzz_path(path)
}

/// A file that only marks its directory as a package: an `__init__.py` of a few lines.
fn is_package_marker(file: &FileMap) -> bool {
    file.path.file_name() == "__init__.py" && file.lines <= 3
}

/// A document of prose: Markdown, MDX, reStructuredText, AsciiDoc, or plain text that is no
/// tool's input (`requirements.txt`, `CMakeLists.txt`).
/// A page of documentation by its format (Markdown, reStructuredText, AsciiDoc).
fn is_document_page(file: &FileMap) -> bool {
    matches!(
        file.path.extension(),
        Some("md" | "mdx" | "rst" | "adoc" | "markdown")
    )
}

fn is_prose(file: &FileMap) -> bool {
    let name = file.path.file_name().to_ascii_lowercase();
    match file.path.extension() {
        Some("md" | "mdx" | "rst" | "adoc" | "markdown") => true,
        // structlog's `.git_archival.txt` is a `git archive` template for hatch-vcs, and a
        // dotfile is a tool's, not something to read.
        Some("txt") => {
            name != "cmakelists.txt"
                && name != "robots.txt"
                && !name.starts_with('.')
                && !name.starts_with("requirements")
                && !name.starts_with("constraints")
        }
        _ => false,
    }
}

/// Code written by hand that does something: not flagged, not a package marker.
fn is_substantial_code(file: &FileMap) -> bool {
    file.language.is_code() && !is_flagged(file) && !is_package_marker(file)
}

/// The directory that makes a module path tests or examples: the path up to its first test or
/// example directory (`tests` for `tests/test_tutorial/test_options`).
fn suite_root(path: &str) -> Option<&str> {
    let mut end = 0;
    for component in path.split('/') {
        end += component.len();
        if cartograph_graph::is_test_dir(component) || cartograph_graph::is_example_dir(component) {
            return Some(&path[..end]);
        }
        end += 1;
    }
    None
}

/// What a module is to a reader, in the order a reading plan takes them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum ModuleRole {
    Code,
    Examples,
    Tests,
    /// Scripts, configuration and documents: no code but what builds, configures or runs
    /// the project (`is_tooling_file`).
    Tooling,
}

/// What a symbol is, as a page says it: its kind, except that a JavaScript or TypeScript
/// getter (koa's `get header () {…}`) is read as a property, not called as a method, and a
/// Python function a decorator makes a command (`@cli.command(name="list")`) is that command.
fn kind_label(symbol: &Symbol) -> String {
    if symbol.is_property() {
        "property".to_string()
    } else if let Some(command) = symbol.command() {
        // click's `@cli.command(name="list")` made a `Command` of the function.
        let kind = if command.group {
            "command group"
        } else {
            "command"
        };
        // In quotes: a code span must name something of the index, and `list` is no name
        // the code defines.
        match command.name {
            Some(name) => format!("{kind} “{name}”"),
            None => kind.to_string(),
        }
    } else {
        symbol.kind.as_str().replace('_', " ")
    }
}

/// For a Rust `mod x;` declared under a `#[cfg(...)]`: ", compiled only with the feature
/// `std`", or ", public only with the feature `kv_unstable`" when a private declaration of
/// the module stands for the other builds (log's `kv/mod.rs`: `#[cfg(not(feature =
/// "kv_unstable"))] mod source;` beside `#[cfg(feature = "kv_unstable")] pub mod source;`).
fn rust_module_gate(file: &FileMap, symbol: &Symbol) -> Option<String> {
    if file.language != Language::Rust || symbol.kind != SymbolKind::Module {
        return None;
    }
    // Declarations of one module are one import, at the first one's line.
    let import = file.parsed.imports.iter().find(|import| {
        import.kind == cartograph_core::ImportKind::ModDeclaration
            && import.raw == symbol.name.as_str()
            && (import.line == symbol.line || import.public_condition.is_some())
    })?;
    let public = symbol.signature.trim_start().starts_with("pub");
    let (condition, verb) = match (&import.public_condition, &import.condition) {
        (Some(condition), _) if public => (condition, "public"),
        (_, Some(condition)) => (condition, "compiled"),
        _ => return None,
    };
    let note = crate::build_tags::rust_cfg_note(std::slice::from_ref(condition))?;
    let note = lowercase_first(note.trim_end_matches('.'));
    Some(match note.strip_prefix("compiled only ") {
        Some(rest) => format!(", {verb} only {rest}"),
        None => format!(", {note}"),
    })
}

/// A name no prose would use for something else: with an underscore, a digit, a capital
/// inside it (`TermIndex`, `max_depth`), or long.
fn is_distinctive(name: &str) -> bool {
    name.contains('_')
        || name.chars().any(|c| c.is_ascii_digit())
        || name.chars().skip(1).any(char::is_uppercase)
        || name.chars().count() >= 10
}

/// The files `file` re-exports, in the order it names them: `export * from`, `pub use`, and
/// what a Python package's `__init__.py` imports from inside the package (`from ._api import
/// *`), which is the package's namespace.
fn reexport_targets(file: &FileMap) -> Vec<&str> {
    let package_init = file.language == Language::Python && file.path.file_name() == "__init__.py";
    let inside_package = |target: &str| {
        let dir = file.path.parent();
        dir.is_empty()
            || target
                .strip_prefix(dir)
                .is_some_and(|rest| rest.starts_with('/'))
    };
    let mut targets: Vec<&str> = file
        .parsed
        .imports
        .iter()
        .filter_map(|import| {
            let target = import.resolved.as_ref()?.as_str();
            // `from attr.converters import *` at module level: everything it names, the
            // file offers again (attrs's `attrs/converters.py` is that line alone).
            let star = file.language == Language::Python
                && import.kind == cartograph_core::ImportKind::Import
                && import.name.as_deref() == Some("*");
            // A package that offers another package's names in its `__all__` (attrs'
            // `src/attrs/__init__.py`: `from attr import asdict, ...`) re-exports them too.
            let listed = || {
                import.name.as_deref().is_some_and(|name| {
                    file.parsed
                        .exports
                        .as_ref()
                        .is_some_and(|all| all.iter().any(|exported| exported == name))
                })
            };
            let reexport = import.kind.is_reexport()
                || star
                || (package_init
                    && import.kind == cartograph_core::ImportKind::Import
                    && (inside_package(target) || listed()));
            reexport.then_some(target)
        })
        .collect();
    let mut seen = BTreeSet::new();
    targets.retain(|target| seen.insert(*target));
    targets
}

/// "Re-exports [src/vanilla.ts] and [src/react.ts].": a barrel file by the files it
/// re-exports.
fn reexported_files(file: &FileMap) -> Option<String> {
    let targets = reexport_targets(file);
    let names: Vec<String> = targets
        .iter()
        .take(names_shown(targets.len()))
        .map(|t| cite(t))
        .collect();
    if names.is_empty() {
        return None;
    }
    let more = targets.len() - names.len();
    let more_what = if more == 1 { "more file" } else { "more files" };
    Some(listing("Re-exports", &names, more, more_what))
}

/// The longest Ruby file `ruby_loader_description` reads as a loader.
const MAX_LOADER_LINES: u32 = 15;

/// A Ruby file that defines nothing and requires files of the project (sinatra's
/// `lib/sinatra.rb`, which `require 'sinatra'` loads: `require 'sinatra/main'`): what it loads.
fn ruby_loader_description(file: &FileMap) -> Option<String> {
    // A test's app or an example (`get '/' do … end`) does more than load what it requires;
    // a loader is a few lines.
    if file.language != Language::Ruby
        || !file.parsed.symbols.is_empty()
        || file.lines > MAX_LOADER_LINES
        || cartograph_graph::is_test_path(&file.path)
        || in_example_suite(&file.path)
        || is_benchmark_path(&file.path)
    {
        return None;
    }
    let mut targets: Vec<&str> = Vec::new();
    for import in &file.parsed.imports {
        if let Some(target) = &import.resolved {
            if !targets.contains(&target.as_str()) {
                targets.push(target.as_str());
            }
        }
    }
    let names: Vec<String> = targets.iter().map(|target| cite(target)).collect();
    (!names.is_empty()).then(|| listing_first("Loads", &names, names_shown(names.len())))
}

/// What a conventional project document is, by its name: its first line says less (a
/// changelog's newest entry, a licence's copyright line, a template's first checkbox). Code
/// files are never one (`history.rs`).
/// A licence file by its name: `LICENSE`, `LICENCE.md`, `COPYING`, `LICENSE-MIT`,
/// `MIT-LICENSE`, `UNLICENSE`.
pub(crate) fn is_licence_file(path: &RepoPath) -> bool {
    let name = path.file_name().to_ascii_lowercase();
    let stem = name.split('.').next().unwrap_or(&name);
    matches!(stem, "license" | "licence" | "copying" | "unlicense")
        || ["license-", "licence-"]
            .iter()
            .any(|prefix| stem.starts_with(prefix))
        || ["-license", "-licence"]
            .iter()
            .any(|suffix| stem.ends_with(suffix))
}

/// The licence a licence text is, by the words its standard text holds; `None` for one not
/// told apart here.
/// True when `file` is the TypeScript declaration file beside the JavaScript `entry`, of its
/// name (`index.d.ts` beside `index.js`, `.d.mts` beside `.mjs`, `.d.cts` beside `.cjs`).
fn declares_entry_types(file: &FileMap, entry: &FileMap) -> bool {
    let stem = |name: &str| name.split('.').next().unwrap_or(name).to_string();
    let name = file.path.file_name();
    file.path.parent() == entry.path.parent()
        && [".d.ts", ".d.mts", ".d.cts"]
            .iter()
            .any(|suffix| name.ends_with(suffix))
        && stem(name) == stem(entry.path.file_name())
}

/// True when a JavaScript file has a default export.
fn has_default_export(file: &FileMap) -> bool {
    file.parsed
        .clause_exports
        .iter()
        .any(|(exported, _)| exported == "default")
}

/// A flag's help as a row shows it: its first sentence, without its full stop, and `None`
/// past [`MAX_HELP_CHARS`] (tablewriter's csv2table: "Set CSV delimiter (e.g., \",\" \"|\"
/// \"\\t\"). For tab, use actual tab or '\\t'").
fn first_help_sentence(help: &str) -> Option<String> {
    const MAX_HELP_CHARS: usize = 80;
    let sentence = match help.find(". ") {
        Some(at) => &help[..at],
        None => help.trim_end_matches('.'),
    };
    let sentence = sentence.trim();
    (!sentence.is_empty() && sentence.chars().count() <= MAX_HELP_CHARS && !sentence.contains('\\'))
        .then(|| sentence.to_string())
}

/// The sentence of a short licence file that holds no licence but says which apply (walkdir's
/// `COPYING`: "This project is dual-licensed under the Unlicense and MIT licenses.").
fn licence_notice(text: &str) -> Option<String> {
    const MAX_NOTICE_CHARS: usize = 600;
    const MAX_SENTENCE_CHARS: usize = 200;
    if text.len() > MAX_NOTICE_CHARS {
        return None;
    }
    let words = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let sentence = match words.find(". ") {
        Some(at) => &words[..=at],
        None => words.as_str(),
    };
    // A sentence that says how the project is licensed, not a title over a name ("License
    // ======= MIT.").
    let lower = sentence.to_ascii_lowercase();
    let prose = sentence.split_whitespace().count() >= 5 && !sentence.contains("===");
    (prose
        && sentence.len() <= MAX_SENTENCE_CHARS
        && (lower.contains("licensed") || lower.contains("licenced")))
    .then(|| sentence.to_string())
}

pub(crate) fn licence_name(text: &str) -> Option<&'static str> {
    let text: String = text
        .split_whitespace()
        .take(400)
        .collect::<Vec<_>>()
        .join(" ");
    let has = |words: &str| text.contains(words);
    let lower = text.to_ascii_lowercase();
    let has_lower = |words: &str| lower.contains(words);
    // A licence that names another (the Mozilla Public License's "Secondary License" names
    // the GNU ones; the LGPL builds on the GPL) is the one its text names first.
    let named_first = [
        "gnu affero general public license",
        "gnu lesser general public license",
        "gnu library general public license",
        "gnu general public license",
        "mozilla public license",
    ]
    .into_iter()
    .filter_map(|name| Some((lower.find(name)?, name)))
    .min()
    .map(|(_, name)| name);
    Some(if let Some(name) = named_first {
        match name {
            "gnu affero general public license" => "GNU Affero General Public License",
            "gnu lesser general public license" | "gnu library general public license" => {
                "GNU Lesser General Public License"
            }
            "mozilla public license" => "Mozilla Public License",
            _ if has_lower("version 3") => "GNU General Public License, version 3",
            _ if has_lower("version 2") => "GNU General Public License, version 2",
            _ => "GNU General Public License",
        }
    } else if has_lower("apache license") && has_lower("version 2.0") {
        "Apache License 2.0"
    } else if has_lower("boost software license") {
        "Boost Software License"
    } else if has("This is free and unencumbered software released into the public domain") {
        "Unlicense (public domain)"
    } else if has("Permission is hereby granted, free of charge") {
        "MIT License"
    } else if has("Redistribution and use in source and binary forms") {
        if has_lower("neither the name")
            || has_lower("names of its contributors")
            || has_lower("may not be used to endorse")
        {
            "BSD 3-Clause License"
        } else {
            "BSD 2-Clause License"
        }
    } else if has(
        "Permission to use, copy, modify, and/or distribute this software for any purpose",
    ) || has(
        "Permission to use, copy, modify, and distribute this software for any purpose",
    ) {
        "ISC License"
    } else if has("This software is provided 'as-is', without any express or implied warranty") {
        "zlib License"
    } else {
        return None;
    })
}

fn known_document(file: &FileMap) -> Option<&'static str> {
    if file.language.is_code() {
        return None;
    }
    let path = &file.path;
    let name = path.file_name();
    let stem = name
        .split_once('.')
        .map_or(name, |(stem, _)| stem)
        .to_ascii_lowercase()
        .replace(['-', '_', ' '], "");
    let parent = path.parent().to_ascii_lowercase();
    if parent.ends_with("issue_template") {
        // GitHub reads the chooser's settings from `config.yml` beside the templates.
        return Some(if stem == "config" {
            "Settings of the issue template chooser."
        } else {
            "A template for new issues."
        });
    }
    if stem == "issuetemplate" {
        return Some("A template for new issues.");
    }
    if parent.ends_with("pull_request_template") {
        return Some("The template of a pull request's description.");
    }
    // A template that renders release notes (commons-cli's `release-notes.vm`) is not them.
    let template = name.rsplit_once('.').is_some_and(|(_, extension)| {
        matches!(
            extension,
            "vm" | "j2"
                | "jinja"
                | "jinja2"
                | "hbs"
                | "mustache"
                | "tmpl"
                | "tpl"
                | "liquid"
                | "erb"
                | "ejs"
        )
    });
    match stem.as_str() {
        "changelog" | "changes" | "history" | "news" | "releasenotes" | "releases" if !template => {
            Some("Release notes: what changed in each version.")
        }
        "license" | "licence" | "copying" | "unlicense" => {
            Some("The licence the project is distributed under.")
        }
        // `LICENSE-APACHE` and `LICENSE-MIT`: a project offered under either.
        // httparty's `MIT-LICENSE`.
        licence
            if licence.starts_with("license")
                || licence.starts_with("licence")
                || licence.ends_with("license")
                || licence.ends_with("licence") =>
        {
            // What else the name says: a licence's name (`MIT`, `APACHE`), third-party code,
            // or something the licence is for (redux's `LICENSE-logo.md`), which its own text
            // then says.
            let other = ["licenses", "licences", "license", "licence"]
                .iter()
                .fold(licence.to_string(), |text, word| text.replace(word, ""));
            const LICENCE_NAMES: [&str; 16] = [
                "mit", "apache", "bsd", "gpl", "lgpl", "agpl", "mpl", "isc", "zlib", "cc", "boost",
                "epl", "wtfpl", "artistic", "un", "0bsd",
            ];
            if other.is_empty() || LICENCE_NAMES.iter().any(|name| other.starts_with(name)) {
                Some("A licence the project is distributed under.")
            } else if other.contains("thirdparty") || other.contains("3rdparty") {
                Some("The licences of third-party code the project includes.")
            } else {
                None
            }
        }
        "pullrequesttemplate" => Some("The template of a pull request's description."),
        _ => None,
    }
}

/// At least this many files of one directory that define the same names around their own
/// make a family.
const MIN_FAMILY: usize = 5;

/// Families of files: in one directory, at least `MIN_FAMILY` code files (tests aside) whose
/// top-level names that hold the file's own name (`int.go`: `Int`, `IntVar`, `intValue`,
/// `GetInt`) are the same once that name is taken out (`*`, `*Var`, `*Value`, `Get*`): pflag's
/// thirty flag types, one file each. Per member, the sentence that says so, the same for all.
pub(crate) fn file_families(files: &[FileMap]) -> BTreeMap<String, std::sync::Arc<str>> {
    const MIN_PATTERN_NAMES: usize = 3;
    const SHOWN: usize = 5;
    let squash = |text: &str| -> String {
        text.chars()
            .filter(|c| *c != '_' && *c != '-')
            .flat_map(char::to_lowercase)
            .collect()
    };
    let mut groups: BTreeMap<(&str, Vec<String>), Vec<&FileMap>> = BTreeMap::new();
    for file in files {
        if !file.language.is_code()
            || is_flagged(file)
            || cartograph_graph::is_test_path(&file.path)
        {
            continue;
        }
        let stem = file.path.file_name().split('.').next().unwrap_or_default();
        let stem = squash(stem);
        // Two letters are a name too (pflag's `ip.go`: `ipValue`, `IPVar`, `IPVarP`); a family
        // still needs files of the same pattern of names.
        if stem.len() < 2 {
            continue;
        }
        let mut pattern: Vec<String> = file
            .parsed
            .symbols
            .iter()
            .filter(|symbol| symbol.parent.is_none() && symbol.kind != SymbolKind::Heading)
            .filter_map(|symbol| {
                let name = squash(&symbol.name);
                name.contains(&stem).then(|| name.replacen(&stem, "*", 1))
            })
            .collect();
        pattern.sort();
        pattern.dedup();
        if pattern.len() < MIN_PATTERN_NAMES {
            continue;
        }
        groups
            .entry((file.path.parent(), pattern))
            .or_default()
            .push(file);
    }
    let mut families = BTreeMap::new();
    for (_, members) in groups {
        if members.len() < MIN_FAMILY {
            continue;
        }
        // Each file says its own names (`uint.go` defines `uintValue`, …), not the first
        // file's: a reader of one row learns that file.
        for member in &members {
            let stem = squash(
                member
                    .path
                    .file_name()
                    .split('.')
                    .next()
                    .unwrap_or_default(),
            );
            let mut own: Vec<String> = Vec::new();
            for symbol in &member.parsed.symbols {
                let name = code_span(&symbol.name);
                if symbol.parent.is_none()
                    && squash(&symbol.name).contains(&stem)
                    && !own.contains(&name)
                {
                    own.push(name);
                }
            }
            let sentence: std::sync::Arc<str> = format!(
                "One of {} files that each define the same names for the one thing they are named after{FAMILY_SEPARATOR}{} defines{}",
                members.len(),
                code_span(member.path.file_name()),
                listing_first("", &own, SHOWN)
            )
            .into();
            families.insert(member.path.to_string(), sentence);
        }
    }
    families
}

/// The definitions whose doc opens with the same sentence as another definition's of their
/// directory once each one's own name is taken out (pflag's `Visit` and `VisitAll`), by
/// `(path, name)`.
pub(crate) fn alike_docs(files: &[FileMap]) -> std::collections::HashSet<(String, String)> {
    let mut by_opening: BTreeMap<(&str, String), Vec<(&str, &str)>> = BTreeMap::new();
    for file in files {
        for symbol in &file.parsed.symbols {
            let Some(opening) = symbol.doc.as_deref().and_then(|doc| first_line(doc, 200)) else {
                continue;
            };
            let opening = opening.replace(symbol.name.as_str(), "");
            by_opening
                .entry((file.path.parent(), opening))
                .or_default()
                .push((file.path.as_str(), symbol.name.as_str()));
        }
    }
    by_opening
        .into_values()
        .filter(|symbols| {
            symbols
                .iter()
                .map(|(_, name)| *name)
                .collect::<BTreeSet<&str>>()
                .len()
                > 1
        })
        .flatten()
        .map(|(path, name)| (path.to_string(), name.to_string()))
        .collect()
}

/// The sentence of `doc` after its opening `first` (as `first_line` gave it), when there is
/// one of a few words.
fn next_sentence(doc: &str, first: &str) -> Option<String> {
    const MAX_CHARS: usize = 200;
    let flat: String = doc.split_whitespace().collect::<Vec<_>>().join(" ");
    let first_flat: String = first.split_whitespace().collect::<Vec<_>>().join(" ");
    let at = flat.find(first_flat.trim_end_matches('.'))?;
    let rest = flat[at + first_flat.trim_end_matches('.').len()..]
        .trim_start_matches('.')
        .trim_start();
    // Tags and field lists (`@param {Object} [options]`, `:param x:`, `Args:`) are no sentence.
    let rest = [
        "@",
        ":param",
        ":return",
        ":raises",
        "Args:",
        "Returns:",
        "Parameters",
        "Raises:",
    ]
    .iter()
    .filter_map(|tag| {
        if rest.starts_with(tag) {
            Some(0)
        } else {
            rest.find(&format!(" {tag}"))
        }
    })
    .min()
    .map_or(rest, |end| &rest[..end]);
    let end = rest.find(". ").map(|at| at + 1).unwrap_or(rest.len());
    let sentence = rest[..end].trim();
    (sentence.split_whitespace().count() >= 3
        && sentence.chars().count() <= MAX_CHARS
        && sentence.ends_with(['.', '!', '?']))
    .then(|| sentence.to_string())
}

/// How many of `files` use a pytest fixture of a `conftest.py` (tomlkit's `example`, used by
/// five test files): those below its directory with a function that takes a parameter of its
/// name. Pytest passes fixtures by parameter name; no import names them.
fn fixture_users(conftest: &FileMap, symbol: &Symbol, files: &[&FileMap]) -> usize {
    if conftest.path.file_name() != "conftest.py"
        || symbol.kind != SymbolKind::Function
        || symbol.name.starts_with("pytest_")
    {
        return 0;
    }
    let dir = conftest.path.parent();
    // An autouse fixture runs around every test below its `conftest.py`, named or not.
    if is_fixture(symbol) && symbol.signature.contains("autouse=True") {
        return files
            .iter()
            .filter(|file| file.language == Language::Python && file.parsed.test_functions > 0)
            .filter(|file| cartograph_core::is_within_dir(file.path.parent(), dir))
            .count();
    }
    let takes = |signature: &str| {
        let Some((_, parameters)) = undecorated(signature).split_once('(') else {
            return false;
        };
        let parameters = parameters
            .rsplit_once(')')
            .map_or(parameters, |(inside, _)| inside);
        parameters.split(',').any(|parameter| {
            let name = parameter
                .split([':', '='])
                .next()
                .unwrap_or_default()
                .trim();
            name == symbol.name.as_str()
        })
    };
    files
        .iter()
        .filter(|file| file.path != conftest.path && file.language == Language::Python)
        .filter(|file| cartograph_core::is_within_dir(file.path.parent(), dir))
        .filter(|file| {
            file.parsed.symbols.iter().any(|defined| {
                matches!(defined.kind, SymbolKind::Function | SymbolKind::Method)
                    && takes(&defined.signature)
            })
        })
        .count()
}

/// A README's sections by their headings, at the level below its title that has the most
/// (loguru's features are `###` under `## Features`): "Usage, Advanced, FAQ and 3 more".
/// Headings of badges or links alone are left out. `None` for fewer than two.
fn readme_sections(readme: &FileMap) -> Option<String> {
    const SHOWN: usize = 8;
    let headings: Vec<&Symbol> = readme
        .parsed
        .symbols
        .iter()
        .filter(|symbol| symbol.kind == SymbolKind::Heading)
        .collect();
    let depth = |symbol: &Symbol| {
        let mut depth = 1;
        let mut parent = symbol.parent.as_deref();
        while let Some(name) = parent {
            depth += 1;
            parent = headings
                .iter()
                .find(|heading| heading.name.as_str() == name && heading.line < symbol.line)
                .and_then(|heading| heading.parent.as_deref());
            if depth > 6 {
                break;
            }
        }
        depth
    };
    let named = |level: usize| -> Vec<String> {
        headings
            .iter()
            .filter(|heading| depth(heading) == level)
            .map(|heading| crate::markdown::plain_text(&heading.name))
            .map(|name| {
                // Emoji, as characters or as GitHub's `:smile:` shortcodes, are no words.
                let words: Vec<&str> = name
                    .split_whitespace()
                    .filter(|word| {
                        !(word.len() > 2
                            && word.starts_with(':')
                            && word.ends_with(':')
                            && word[1..word.len() - 1]
                                .chars()
                                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '+' | '-')))
                    })
                    .collect();
                // A heading that opens with code (`` `Set-Cookie` object ``) keeps its backtick.
                words
                    .join(" ")
                    .trim_start_matches(|c: char| !c.is_alphanumeric() && c != '`')
                    .trim()
                    .to_string()
            })
            .filter(|name| !name.is_empty())
            .collect()
    };
    // A README without one title over all has its sections at the top.
    let top = named(1);
    let (upper, lower) = if top.len() >= 2 {
        (top, named(2))
    } else {
        (named(2), named(3))
    };
    // Two or three sections over many more (a README's title and its licence) say less than
    // those under them; ky's ten top sections say enough, however many headings they hold.
    let names = if upper.len() < 4 && lower.len() > upper.len() * 2 {
        lower
    } else {
        upper
    };
    if names.len() < 2 {
        return None;
    }
    // A heading too long to list reads in the count of those left out (loguru's "No Handler,
    // no Formatter, no Filter: one function to rule them all").
    let shown: Vec<String> = names
        .iter()
        .filter(|name| name.chars().count() <= 60)
        .take(SHOWN)
        .map(|name| crate::markdown::escape_inline(name))
        .collect();
    if shown.is_empty() {
        return None;
    }
    Some(match names.len() - shown.len() {
        0 => join_and(&shown),
        more => format!("{} and {more} more", shown.join(", ")),
    })
}

/// A pytest fixture, by the decorator its signature starts with (`@pytest.fixture(…) def …`).
fn is_fixture(symbol: &Symbol) -> bool {
    ["@pytest.fixture", "@fixture"]
        .iter()
        .any(|head| symbol.signature.starts_with(head))
}

/// A Python signature without the decorator it starts with (`@pytest.fixture(autouse=True)
/// def reset_logger():` is `def reset_logger():`); others as they are.
fn undecorated(signature: &str) -> &str {
    if !signature.starts_with('@') {
        return signature;
    }
    ["async def ", "def "]
        .iter()
        .find_map(|head| signature.find(head))
        .map_or(signature, |at| &signature[at..])
}

/// Between what a family of files shares and one file's own names, in a family file's
/// description (`file_families`).
const FAMILY_SEPARATOR: &str = ": ";

/// True for generated code the project ships: flagged generated, but neither vendored nor
/// unread.
fn is_generated_code(file: &FileMap) -> bool {
    let flags = file.flags;
    flags.generated
        && !flags.vendored
        && !flags.lockfile
        && !flags.never_read()
        && file.language.is_code()
}

/// True for a file that holds bytes, not text: one the scan found binary, or a secret whose
/// kind is a binary one (jsoup's `server.p12` and `server.pfx`, never opened).
fn is_binary_file(file: &FileMap) -> bool {
    const BINARY_SECRETS: [&str; 5] = ["p12", "pfx", "jks", "keystore", "kdbx"];
    // A file too large to read is binary by its kind when its name says so (starlette's 1.3 MB
    // `gh-actions-fail-test.png` was "text" beside two smaller PNGs said "binary").
    // Adobe Illustrator's `.ai` is a PDF (qs's `logos/*.ai`).
    const BINARY_KINDS: [&str; 28] = [
        "png", "jpg", "jpeg", "gif", "webp", "ico", "bmp", "tiff", "pdf", "zip", "gz", "tgz", "xz",
        "bz2", "7z", "jar", "wasm", "woff", "woff2", "ttf", "otf", "mp4", "mp3", "exe", "ai",
        "psd", "eps", "sketch",
    ];
    let binary_kind = || {
        file.path.extension().is_some_and(|extension| {
            BINARY_KINDS.contains(&extension.to_ascii_lowercase().as_str())
        })
    };
    file.flags.unread == Some(SkipReason::Binary)
        || (matches!(
            file.flags.unread,
            Some(SkipReason::TooLarge | SkipReason::InvalidUtf8)
        ) && binary_kind())
        || (file.flags.secret
            && file
                .path
                .extension()
                .is_some_and(|extension| BINARY_SECRETS.contains(&extension)))
}

/// True for the settings files whose text says more than their name: what `.gitignore` leaves
/// untracked, what `tsconfig.json` compiles, the version a `.nvmrc` pins.
pub(crate) fn is_detailed_config(path: &RepoPath) -> bool {
    let name = path.file_name();
    matches!(
        name,
        ".gitignore"
            | ".nvmrc"
            | ".node-version"
            | ".python-version"
            | ".go-version"
            | ".ruby-version"
            | "rust-toolchain"
    ) || (name.starts_with("tsconfig") && name.ends_with(".json"))
        || crate::settings_text::reads(path)
}

/// A version file's pin, as written (`20`, `3.12`, `stable`), when it is one short line.
fn pinned_version(text: &str) -> Option<&str> {
    let mut lines = text
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with('#'));
    let version = lines.next()?;
    (lines.next().is_none() && version.len() <= 40 && !version.contains(' ')).then_some(version)
}

/// The patterns a `.gitignore` lists, in order, without comments and negations.
fn ignored_patterns(text: &str) -> Vec<&str> {
    text.lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with('#') && !line.starts_with('!'))
        .collect()
}

/// What a `tsconfig.json` says of the compilation: the configuration it extends, what it
/// includes, where it writes. Comments (`//` lines) are allowed, as TypeScript allows them.
fn tsconfig_facts(text: &str) -> Vec<String> {
    let without_comments: String = text
        .lines()
        .filter(|line| !line.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n");
    let Ok(json) = serde_json::from_str::<serde_json::Value>(&without_comments) else {
        return Vec::new();
    };
    let mut facts = Vec::new();
    if let Some(extends) = json.get("extends").and_then(|value| value.as_str()) {
        facts.push(format!("extends {}", code_span(extends)));
    }
    let listed = |key: &str| -> Vec<String> {
        json.get(key)
            .and_then(|value| value.as_array())
            .map(|items| {
                items
                    .iter()
                    .filter_map(|item| item.as_str())
                    .map(code_span)
                    .collect()
            })
            .unwrap_or_default()
    };
    let include = listed("include");
    let files = listed("files");
    let compiled = if include.is_empty() { files } else { include };
    if !compiled.is_empty() {
        facts.push(format!(
            "compiles {}",
            listing_first("", &compiled, 3).trim().trim_end_matches('.')
        ));
    }
    let options = json.get("compilerOptions");
    if let Some(out) = options
        .and_then(|options| options.get("outDir"))
        .and_then(|value| value.as_str())
    {
        facts.push(format!("writes to {}", code_span(out)));
    }
    if options
        .and_then(|options| options.get("noEmit"))
        .and_then(|value| value.as_bool())
        == Some(true)
    {
        facts.push("only type-checks (`noEmit`)".to_string());
    }
    facts
}

/// A script that builds and tests nothing, by the other programs it runs (httpx's
/// `scripts/docs`: "Runs `${PREFIX}mkdocs serve`."), or, when it runs them all under
/// conditions, by those (`scripts/clean`: "Runs, each under a condition or in a loop, `rm -r
/// dist`, `rm -r site` and 2 more commands.").
fn programs_run(script: &cartograph_manifest::ScriptSteps) -> Option<String> {
    const SHOWN: usize = 2;
    if !script.steps.is_empty() || script.conditional > 0 {
        return None;
    }
    let listed = |commands: &[String]| {
        let shown: Vec<String> = commands
            .iter()
            .take(SHOWN)
            .map(|command| code_span_cut(command))
            .collect();
        match commands.len().saturating_sub(SHOWN) {
            0 => join_and(&shown),
            1 => format!("{} and 1 more command", shown.join(", ")),
            more => format!("{} and {more} more commands", shown.join(", ")),
        }
    };
    if !script.others.is_empty() {
        let mut text = format!("Runs {}", listed(&script.others));
        match script.conditional_others.len() {
            0 => {}
            1 => text.push_str("; 1 more under a condition or in a loop"),
            more => {
                let _ = write!(text, "; {more} more under conditions or in loops");
            }
        }
        text.push('.');
        return Some(text);
    }
    if script.conditional_others.is_empty() {
        return None;
    }
    Some(format!(
        "Runs, each under a condition or in a loop, {}.",
        listed(&script.conditional_others)
    ))
}

/// Code (a script's command, a snapshot's expression) as a code span, cut to 60 characters.
fn code_span_cut(code: &str) -> String {
    const MAX_CODE_CHARS: usize = 60;
    if code.chars().count() > MAX_CODE_CHARS {
        code_span(&(code.chars().take(MAX_CODE_CHARS).collect::<String>() + "…"))
    } else {
        code_span(code)
    }
}

/// What a well-known settings file is for, by its name alone.
fn known_config(file: &FileMap) -> Option<&'static str> {
    let name = file.path.file_name();
    let parent = file.path.parent();
    Some(match name {
        ".gitignore" => "The files git leaves untracked here.",
        ".gitattributes" => "Git's attributes for the files here.",
        ".editorconfig" => "EditorConfig settings: how editors format the project's files.",
        "py.typed" => "Marks the package as shipping type hints (PEP 561).",
        "CODEOWNERS" => "Who reviews changes to which paths.",
        "FUNDING.yml" if parent.ends_with(".github") => "The links of GitHub's sponsor button.",
        "dependabot.yml" | "dependabot.yaml" if parent.ends_with(".github") => {
            "Settings of Dependabot's dependency updates."
        }
        ".mailmap" => "Maps the names and emails of commit authors to one identity each.",
        ".git-blame-ignore-revs" => "Commits `git blame` passes over (formatting sweeps).",
        "AUTHORS" | "AUTHORS.md" | "AUTHORS.txt" => "The project's authors.",
        "codecov.yml" | ".codecov.yml" => "Settings of Codecov's coverage reports.",
        ".golangci.yml" | ".golangci.yaml" => "Settings of golangci-lint, the Go linters.",
        "appveyor.yml" | ".appveyor.yml" => "Settings of the AppVeyor CI service.",
        ".travis.yml" => "Settings of the Travis CI service.",
        "config.yml" if parent == ".circleci" => "Settings of the CircleCI service's jobs.",
        "release-drafter.yml" if parent.ends_with(".github") => {
            "Settings of Release Drafter, which drafts release notes from merged pull requests."
        }
        ".rspec" => "The options RSpec, the Ruby test runner, starts with.",
        ".yardopts" => "The options of YARD, which builds the Ruby API documentation.",
        "rust-toolchain" | "rust-toolchain.toml" => {
            "What rustup uses here: a toolchain, its components or targets."
        }
        "rustfmt.toml" | ".rustfmt.toml" => "Settings of rustfmt, the Rust formatter.",
        "clippy.toml" | ".clippy.toml" => "Settings of Clippy, the Rust linter.",
        ".prettierrc" | ".prettierrc.json" | ".prettierrc.yml" | ".prettierrc.yaml" => {
            "Settings of Prettier, the code formatter."
        }
        ".prettierignore" => "The files Prettier, the code formatter, leaves alone.",
        "robots.txt" => "Tells web crawlers which paths of the site they may visit.",
        ".npmignore" => "The files npm leaves out of the published package.",
        ".npmrc" => "Settings of npm for this project.",
        ".nvmrc" | ".node-version" => "The Node.js version the project uses.",
        ".python-version" => "The Python version the project uses.",
        ".pre-commit-config.yaml" => {
            "The hooks pre-commit runs, before each commit once `pre-commit install` has set it up."
        }
        ".readthedocs.yml" | ".readthedocs.yaml" => "How Read the Docs builds the documentation.",
        ".mergify.yml" | ".mergify.yaml" | "mergify.yml" | "mergify.yaml" => {
            "Mergify's rules: when it queues, merges or acts on pull requests."
        }
        "reno.yaml" => "Settings of reno, which builds the release notes from note files.",
        ".dockerignore" => "The files Docker leaves out of the build context.",
        ".rubocop.yml" | ".rubocop_todo.yml" => "Settings of RuboCop, the Ruby linter.",
        "tsconfig.json" => "Settings of the TypeScript compiler.",
        "jsconfig.json" => "Settings of the JavaScript language service (paths, targets).",
        "mkdocs.yml" | "mkdocs.yaml" => "Settings of MkDocs, which builds the documentation site.",
        "CITATION.cff" => "How to cite the project.",
        "environment.yml" | "environment.yaml" => "A conda environment for the project.",
        "devcontainer.json" => "The development container's settings (VS Code, Codespaces).",
        ".zenodo.json" => "Zenodo's metadata for the project's archived releases.",
        "asv.conf.json" => "Settings of asv, the benchmark runner.",
        _ if name.starts_with("requirements") && name.ends_with(".txt") => {
            "Python requirements, for `pip install -r`."
        }
        _ if name.ends_with(".test-d.ts") => {
            "Type tests: assertions the TypeScript checker verifies, not run."
        }
        "phpunit.xml" | "phpunit.xml.dist" => "Settings of PHPUnit: which tests it runs and how.",
        "phpstan.neon" | "phpstan.neon.dist" => "Settings of PHPStan, the PHP static analyser.",
        "psalm.xml" | "psalm.xml.dist" => "Settings of Psalm, the PHP static analyser.",
        ".php-cs-fixer.php" | ".php-cs-fixer.dist.php" | ".php_cs" | ".php_cs.dist" => {
            "Settings of PHP CS Fixer, the PHP code formatter."
        }
        "netlify.toml" => "How Netlify builds and deploys the site.",
        ".eslintignore" => "The files ESLint, the JavaScript linter, leaves out.",
        ".release-it.json" | ".release-it.yml" | ".release-it.yaml" => {
            "Settings of release-it, which tags and publishes releases."
        }
        ".yarnrc" | ".yarnrc.yml" => "Settings of Yarn for this project.",
        "CNAME" => "The custom domain of the project's GitHub Pages site.",
        ".gitbook.yaml" => "Settings of GitBook, which publishes the documentation.",
        "vercel.json" => "How Vercel builds and deploys the project.",
        "glide.yaml" => "Dependencies declared for Glide, a Go package manager before Go modules.",
        "stale.yml" if parent.ends_with(".github") => {
            "Settings of the stale bot, which closes inactive issues."
        }
        ".babelrc" | "babel.config.js" | "babel.config.json" | "babel.config.cjs" => {
            "Settings of Babel, the JavaScript compiler."
        }
        _ if name.starts_with("tsconfig.") && name.ends_with(".json") => {
            "Settings of the TypeScript compiler for part of the project."
        }
        _ if config_of(name, "tsup") => "Settings of tsup, which bundles the package.",
        _ if config_of(name, "vitest") => "Settings of Vitest, the test runner.",
        _ if config_of(name, "jest") => "Settings of Jest, the test runner.",
        _ if config_of(name, "vite") => "Settings of Vite, the build tool and dev server.",
        _ if config_of(name, "rollup") => "Settings of Rollup, which bundles the package.",
        _ if config_of(name, "webpack") => "Settings of webpack, which bundles the code.",
        _ if config_of(name, "esbuild") => "Settings of esbuild, which bundles the code.",
        _ if config_of(name, "playwright") => "Settings of Playwright's browser tests.",
        "Guardfile" => "What Guard runs again when files change.",
        "cucumber.yml" => "The profiles Cucumber runs its features with.",
        _ if name.starts_with(".eslintrc") => "Settings of ESLint, the JavaScript linter.",
        _ => return None,
    })
}

/// A Java `module-info.java`, by the packages it exports (jsoup's: `org.jsoup`,
/// `org.jsoup.helper` and 4 more): the module's public API, which its other packages are not.
fn java_module_description(file: &FileMap) -> Option<String> {
    const SHOWN: usize = 3;
    if file.language != Language::Java || file.path.file_name() != "module-info.java" {
        return None;
    }
    let exports = file.parsed.exports.as_deref().unwrap_or_default();
    let shown: Vec<String> = exports.iter().take(SHOWN).map(|p| code_span(p)).collect();
    Some(match exports.len() {
        0 => "The Java module's declaration; it exports no package.".to_string(),
        n if n <= SHOWN => format!(
            "The Java module's declaration: it exports {} (its public API).",
            join_and(&shown)
        ),
        n => format!(
            "The Java module's declaration: it exports {} and {} (its public API).",
            shown.join(", "),
            plural(n - SHOWN, "more package", "more packages")
        ),
    })
}

/// How many trailing directories a test module shares with a module of code, when two or
/// more do (`src/test/java/org/jsoup/nodes` and `src/main/java/org/jsoup/nodes`: 3); else 0.
fn mirrored_depth(tests: &str, code: &str) -> usize {
    let shared = tests
        .rsplit('/')
        .zip(code.rsplit('/'))
        .take_while(|(a, b)| a == b)
        .count();
    if shared >= 2 {
        shared
    } else {
        0
    }
}

/// True for a program the project runs while it is developed, not one it offers: under
/// `internal/`, `tools/`, `scripts/`, `hack/`, `xtask/`, `util/`, `codegen/` or CI directories
/// (zap's `internal/readme/readme.go`, which writes its README; http's `util/src/main.rs`,
/// which prints a table of header names to paste into the source).
fn is_development_tool(path: &RepoPath) -> bool {
    path.parent().split('/').any(|part| {
        matches!(
            part,
            "internal"
                | "tools"
                | "tool"
                | "scripts"
                | "script"
                | "hack"
                | "xtask"
                | "ci"
                | ".ci"
                | ".github"
                | "devtools"
                | "dev-tools"
                | "util"
                | "utils"
                | "codegen"
        )
    })
}

/// True for a definition its doc marks deprecated: JSDoc's, PHPDoc's and Javadoc's
/// `@deprecated` (redux's `createStore`, guzzle's `describe_type`), Go's `Deprecated:`
/// paragraph (zap's `OnFatal`), Sphinx's `.. deprecated::` when it speaks of the whole
/// definition ([`sphinx_deprecates_whole`]).
pub(crate) fn is_deprecated(symbol: &Symbol) -> bool {
    symbol.doc.as_deref().is_some_and(|doc| {
        doc.lines().any(|line| {
            let line = line.trim_start().trim_start_matches(['*', ' ']);
            line.starts_with("@deprecated")
                || line.starts_with("Deprecated:")
                || line == "Deprecated."
        }) || sphinx_deprecates_whole(doc)
    })
}

/// A Sphinx `.. deprecated:: VERSION` directive (any spacing) that deprecates the definition
/// itself, not one of its parameters or behaviours: attrs' `define` says ".. deprecated::
/// 24.1.0 *hash* is deprecated in favor of *unsafe_hash*", `evolve` "It is now deprecated to
/// pass the instance using the keyword argument *inst*", `attrs` "``__lt__``, ... now raise a
/// `DeprecationWarning`" (all current), while `assoc` says "Use `attrs.evolve` instead". The
/// directive's text naming a parameter (`*name*`) or opening on a literal (``` ``x`` ```)
/// speaks of that part.
fn sphinx_deprecates_whole(doc: &str) -> bool {
    let lines: Vec<&str> = doc.lines().collect();
    lines.iter().enumerate().any(|(at, line)| {
        let words: Vec<&str> = line.split_whitespace().collect();
        if words.first() != Some(&"..") || words.get(1) != Some(&"deprecated::") {
            return false;
        }
        let indent = line.len() - line.trim_start().len();
        // Inside a parameter's entry (wcwidth's `:param unicode_version: Ignored.` with the
        // directive indented under it), it deprecates that parameter.
        let owner = lines[..at]
            .iter()
            .rev()
            .find(|before| {
                !before.trim().is_empty() && before.len() - before.trim_start().len() < indent
            })
            .map(|before| before.trim_start());
        if owner.is_some_and(|owner| {
            [":param", ":arg", ":argument", ":key", ":keyword", ":type"]
                .iter()
                .any(|field| owner.starts_with(field))
                || matches!(
                    owner.trim_end(),
                    "Args:" | "Arguments:" | "Parameters" | "Keyword Args:"
                )
        }) {
            return false;
        }
        // After the version, on the directive's line, then its indented body.
        let same_line = words
            .get(3..)
            .map(|rest| rest.join(" "))
            .unwrap_or_default();
        let body: Vec<&str> = lines[at + 1..]
            .iter()
            .take_while(|next| {
                next.trim().is_empty() || next.len() - next.trim_start().len() > indent
            })
            .map(|next| next.trim())
            .collect();
        let text = format!("{same_line} {}", body.join(" "));
        let text = text.trim();
        let names_a_parameter = text.split_whitespace().any(|word| {
            let word = word.trim_end_matches([',', '.', ':', ';', ')']);
            word.len() > 2
                && word.starts_with('*')
                && word.ends_with('*')
                && !word.starts_with("**")
        });
        !(names_a_parameter || text.starts_with("``"))
    })
}

/// True for `tool.config.ts`, `tool.config.mjs` and the like: a JavaScript tool's settings.
fn config_of(name: &str, tool: &str) -> bool {
    name.strip_prefix(tool)
        .and_then(|rest| rest.strip_prefix(".config."))
        .is_some_and(|extension| {
            matches!(
                extension,
                "js" | "mjs" | "cjs" | "ts" | "mts" | "cts" | "json"
            )
        })
}

/// The top-level `name:` of a GitHub Actions workflow.
fn workflow_name(text: &str) -> Option<String> {
    text.lines()
        .find_map(|line| line.strip_prefix("name:"))
        .map(|name| name.trim().trim_matches(['"', '\'']).trim().to_string())
        .filter(|name| !name.is_empty())
}

/// What a contributing guide or a code of conduct is, when its own text does not say (chi's
/// CONTRIBUTING.md goes from its title straight to a list of steps).
fn community_document(file: &FileMap) -> Option<&'static str> {
    if file.language.is_code() {
        return None;
    }
    let name = file.path.file_name();
    let stem = name
        .split_once('.')
        .map_or(name, |(stem, _)| stem)
        .to_ascii_lowercase()
        .replace(['-', '_', ' '], "");
    match stem.as_str() {
        "contributing" => Some("How to contribute to the project."),
        // humanize's `CONTRIBUTORS` is a list of names, not a guide.
        "contributors" => Some("The people who contributed to the project."),
        "codeofconduct" => Some("The code of conduct of the project's community."),
        "security" => Some("How to report a security vulnerability."),
        _ => None,
    }
}

/// The test directory a file sits in, up to and including its first test directory
/// (`src/tests` for `src/tests/walk.rs`).
fn test_dir_of(path: &RepoPath) -> Option<String> {
    let mut dir: Vec<&str> = Vec::new();
    for component in path.parent().split('/').filter(|c| !c.is_empty()) {
        dir.push(component);
        if cartograph_graph::is_test_dir(component) {
            return Some(dir.join("/"));
        }
    }
    None
}

/// The naming pattern of a test file: `*_test.go`, `test_*.py`, `*.test.ts`, `*.spec.js`,
/// `conftest.py`; a file in a test directory without such a name is `*.ext`.
fn test_pattern(name: &str) -> String {
    let (stem, extension) = match name.rsplit_once('.') {
        Some((stem, extension)) => (stem, format!(".{extension}")),
        None => (name, String::new()),
    };
    // A file that is a test by its whole name (`conftest.py`, cJSON's and hiredis' `test.c`):
    // `*.c` would name every C file.
    if stem == "conftest" || matches!(stem, "test" | "tests") {
        return name.to_string();
    }
    if stem.ends_with(".test") {
        return format!("*.test{extension}");
    }
    if stem.ends_with(".spec") {
        return format!("*.spec{extension}");
    }
    // `tsd`'s type tests (`index.test-d.ts`).
    if stem.ends_with(".test-d") {
        return format!("*.test-d{extension}");
    }
    if stem.starts_with("test_") {
        return format!("test_*{extension}");
    }
    if stem.ends_with("_test") {
        return format!("*_test{extension}");
    }
    // PHPUnit's and JUnit's classes (`ReaderTest.php`, `ParserTests.java`).
    for suffix in ["TestCase", "Tests", "Test"] {
        if stem.len() > suffix.len() && stem.ends_with(suffix) {
            return format!("*{suffix}{extension}");
        }
    }
    format!("*{extension}")
}

/// The fewest words of a file's doc that may stand for its whole module.
const MIN_DESCRIPTION_WORDS: usize = 3;

/// A member whose container is no symbol of its file: a property given to an object a CommonJS
/// module exports (`app.use = function use() {}` after `var app = module.exports = {}`). The
/// public API lists it by itself, as `app.use`.
/// So is a method without any container: one of the object literal a module exports whole
/// (koa's `request.js`: `module.exports = { get header () {…} }`).
fn detached_member(file: &FileMap, symbol: &Symbol) -> bool {
    let detached = match symbol.parent.as_deref() {
        Some(parent) => !file
            .parsed
            .symbols
            .iter()
            .any(|other| other.name == parent && other.parent.is_none()),
        None => symbol.kind == SymbolKind::Method,
    };
    detached && file.language == cartograph_core::Language::JavaScript
}

/// How a symbol is named in a list: `parent.name` for a detached member, else its name.
/// The tests of a Go or Python file by their names, which say what each checks: " (`TestA`,
/// `TestB` and `TestC`)", " (among them `TestA`, `TestB` and `TestC`)" past three. Empty when
/// the names found are not the `count` tests the runner collects (a Rust `#[test]` is known by
/// its attribute, not its name).
fn tests_named(file: &FileMap, count: usize) -> String {
    let names: Vec<&str> = file
        .parsed
        .symbols
        .iter()
        .filter(|symbol| is_named_test(file, symbol))
        .map(|symbol| symbol.name.as_str())
        .collect();
    if names.len() != count {
        return String::new();
    }
    named_in_parentheses(&names)
}

/// " (`A`, `B` and `C`)", " (among them `A`, `B` and `C`)" past three; empty for none.
fn named_in_parentheses(names: &[&str]) -> String {
    const NAMES_SHOWN: usize = 3;
    let count = names.len();
    if count == 0 {
        return String::new();
    }
    let spans: Vec<String> = names
        .iter()
        .take(NAMES_SHOWN)
        .map(|name| code_span(name))
        .collect();
    if count <= NAMES_SHOWN {
        format!(" ({})", join_and(&spans))
    } else {
        format!(" (among them {})", join_and(&spans))
    }
}

/// A test by its name as its runner finds it: Go's top-level `TestX` (`TestMain` sets the
/// others up), pytest's `test*` functions and methods.
fn is_named_test(file: &FileMap, symbol: &Symbol) -> bool {
    let name = symbol.name.as_str();
    match file.language {
        Language::Go => {
            symbol.kind == SymbolKind::Function
                && symbol.parent.is_none()
                && name != "TestMain"
                && name
                    .strip_prefix("Test")
                    .is_some_and(|rest| !rest.starts_with(|c: char| c.is_lowercase()))
        }
        Language::Python => {
            matches!(symbol.kind, SymbolKind::Function | SymbolKind::Method)
                && name.starts_with("test")
                && symbol.parent.as_deref().is_none_or(|parent| {
                    file.parsed.symbols.iter().any(|outer| {
                        outer.name.as_str() == parent && outer.kind == SymbolKind::Class
                    })
                })
        }
        _ => false,
    }
}

/// "27 tests" with how many of them a plain run skips: "27 tests, all skipped by default",
/// "346 tests (61 skipped by default)". A test ignored off nightly or unless a `--cfg` is
/// given is skipped by a plain `cargo test`, not disabled for good.
fn with_disabled(counted: String, count: usize, disabled: usize) -> String {
    match disabled {
        0 => counted,
        all if all >= count => format!("{counted}, all skipped by default"),
        some => format!("{counted} ({some} skipped by default)"),
    }
}

/// How a manifest's packages divide by what they are for, each package once under the
/// strongest way it is declared (zustand's four peer dependencies are dev dependencies too):
/// "4 peer, 35 for development only"; all of one kind but what it runs with, that kind ("to
/// build"). `None` when all are needed to run, or the ecosystem's kinds say nothing plain.
fn dependency_kinds(manifest: &cartograph_manifest::Manifest) -> Option<String> {
    const ORDER: [&str; 6] = [
        "to run",
        "peer",
        "optional",
        "to build",
        "for development only",
        "other",
    ];
    // Optional is a flag beside the kind (a Python extra is `normal` and optional, loguru's
    // `dev` extra `dev`).
    let bucket = |kind: &str, optional: bool| match kind {
        "dev" | "test" => 4,
        _ if optional => 2,
        "normal" | "compile" | "runtime" | "indirect" | "" => 0,
        "peer" => 1,
        "optional" => 2,
        // Maven's `provided`: there to compile against, supplied by the platform at run time.
        "build" | "provided" => 3,
        _ => 5,
    };
    let mut strongest: BTreeMap<String, usize> = BTreeMap::new();
    for dependency in manifest
        .dependencies
        .iter()
        .filter(|dependency| dependency.platform.is_none() && !dependency.never_built())
    {
        let at = bucket(&dependency.kind, dependency.optional);
        let entry = strongest
            .entry(dependency.name.to_ascii_lowercase())
            .or_insert(at);
        *entry = (*entry).min(at);
    }
    if !manifest.local_dependencies.is_empty() {
        return None;
    }
    let mut counts = [0usize; 6];
    for at in strongest.values() {
        counts[*at] += 1;
    }
    let kinds = counts.iter().filter(|count| **count > 0).count();
    if kinds < 2 {
        // All of one kind other than what it runs with: said (cachetools' `pyproject.toml`
        // names only `setuptools` and `wheel`, which build it: "with 2 dependencies (to
        // build)", not as if it needed them to run).
        return counts
            .iter()
            .zip(ORDER)
            .skip(1)
            .find(|(count, _)| **count > 0)
            .map(|(_, what)| what.to_string());
    }
    let parts: Vec<String> = counts
        .iter()
        .zip(ORDER)
        .filter(|(count, _)| **count > 0)
        .map(|(count, what)| format!("{count} {what}"))
        .collect();
    Some(parts.join(", "))
}

/// A test count that leaves out the tests macros of the file generate (bytes'
/// `tests/test_buf.rs`: "2 tests (and more that a macro of it generates)").
fn with_generated(counted: String, macros: usize) -> String {
    match macros {
        0 => counted,
        1 => format!("{counted} (and more that a macro of it generates)"),
        _ => format!("{counted} (and more that macros of it generate)"),
    }
}

/// `text` with its first letter in upper case ("at least 2 tests" opening a sentence).
fn upper_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// `a`, `a and b`, `a, b and c`.
pub(crate) fn join_and(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [only] => only.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// Public members by the type that holds them: `(scope, type name)`, the scope being the
/// file's path, or empty for Go (`member_scope`).
type Members<'a> = BTreeMap<(&'a str, &'a str), Vec<(&'a FileMap, usize)>>;

/// Where a type's members are looked for: its own file, or in Go its whole package (the
/// module's files).
fn member_scope(file: &FileMap) -> &str {
    if file.language == Language::Go {
        ""
    } else {
        file.path.as_str()
    }
}

/// The layers of a module's inner diagram in words: which files (or subdirectories) build on
/// which, the bottom first (starlette: `types.py` below `requests.py` below `routing.py`
/// below `applications.py`), and which import each other. Nothing when all share one layer.
fn inner_layers(
    out: &mut String,
    arrows: &BTreeMap<(String, String), (u32, bool)>,
    what: &str,
    verb: &str,
    label: &dyn Fn(&str) -> String,
) {
    const MAX_LAYERS: usize = 12;
    let nodes: Vec<String> = arrows
        .keys()
        .flat_map(|(from, to)| [from.clone(), to.clone()])
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let edges: Vec<cartograph_graph::ModuleEdge> = arrows
        .iter()
        .map(
            |((from, to), (count, local))| cartograph_graph::ModuleEdge {
                from: from.clone(),
                to: to.clone(),
                count: *count,
                local_only: *local,
                namespace_uses: 0,
            },
        )
        .collect();
    let places = cartograph_graph::module_places(&nodes, &edges);
    let mut layers: BTreeMap<u32, Vec<&str>> = BTreeMap::new();
    let mut cycles: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (node, place) in &places {
        layers.entry(place.layer).or_default().push(node);
        cycles.entry(&place.component).or_default().push(node);
    }
    if layers.len() < 2 {
        return;
    }
    let plural_what = if what == "file" {
        "files"
    } else {
        "subdirectories"
    };
    let _ = writeln!(
        out,
        "In layers, of the {plural_what} the diagram links: the first {verb}s no other of the module's {plural_what}, each later one only {plural_what} of the layers before it (imports inside functions or for type checking left out):\n"
    );
    for (layer, members) in layers.iter().take(MAX_LAYERS) {
        let names: Vec<String> = members.iter().map(|node| label(node)).collect();
        let _ = writeln!(out, "{}. {}", layer + 1, names.join(", "));
    }
    if layers.len() > MAX_LAYERS {
        let _ = writeln!(out, "\n… and {} more layers.", layers.len() - MAX_LAYERS);
    }
    out.push('\n');
    let cycles: Vec<String> = cycles
        .values()
        .filter(|members| members.len() > 1)
        .map(|members| {
            let names: Vec<String> = members.iter().map(|node| label(node)).collect();
            join_and(&names)
        })
        .collect();
    for cycle in &cycles {
        let _ = writeln!(out, "{cycle} {verb} each other, so they share a layer.");
    }
    if !cycles.is_empty() {
        out.push('\n');
    }
}

/// Kinds whose members a page lists under them.
/// A type of another project, as `file`'s code names it: a Go standard interface linked to
/// its documentation (`io.Reader` → pkg.go.dev), anything else as code.
fn external_type(file: &FileMap, name: &str) -> String {
    if file.language != Language::Go {
        return code_span(name);
    }
    let target = match name.split_once('.') {
        Some((package, kind)) => {
            // `fs.FileInfo` is `io/fs`'s, `http.Handler` `net/http`'s.
            let path = match package {
                "fs" => "io/fs",
                "http" => "net/http",
                "json" => "encoding/json",
                "driver" => "database/sql/driver",
                "sql" => "database/sql",
                other => other,
            };
            format!("https://pkg.go.dev/{path}#{kind}")
        }
        None => format!("https://pkg.go.dev/builtin#{name}"),
    };
    format!("[{}]({target})", code_span(name))
}

/// How a page about `from`'s types names a type of `file`: by its Go package when that is
/// another (`gcsfs.Fs`), else by its name.
fn type_label(from: &FileMap, file: &FileMap, symbol: &Symbol) -> String {
    match file.parsed.package.as_deref() {
        Some(package)
            if file.language == Language::Go && from.parsed.package.as_deref() != Some(package) =>
        {
            format!("{package}.{}", symbol.name)
        }
        // A Rust type of an inline module whose file also brings another of its name is
        // named with the module: anyhow's private helper trait `ext::StdError` is not the
        // `StdError` that `context.rs` takes from the crate root (`std::error::Error`).
        _ if file.language == Language::Rust => match symbol.parent.as_deref() {
            Some(module)
                if file.parsed.symbols.iter().any(|outer| {
                    outer.kind == SymbolKind::Module
                        && outer.name.as_str() == module
                        && outer.line <= symbol.line
                        && outer.end_line >= symbol.end_line
                }) && file.parsed.imports.iter().any(|import| {
                    import.name.as_deref() == Some(symbol.name.as_str())
                        || import.raw.rsplit("::").next() == Some(symbol.name.as_str())
                }) =>
            {
                format!("{module}::{}", symbol.name)
            }
            _ => symbol.name.to_string(),
        },
        _ => symbol.name.to_string(),
    }
}

fn is_type_kind(kind: SymbolKind) -> bool {
    kind.is_type()
}

/// A definition introduced by its doc: Go's and Java's docs begin with the name ("`BasicAuth`
/// implements …"), others follow a colon ("`Parse`: Utility for parsing a command").
/// `described`, the doc of `symbol` as a row says it, marked when the definition is
/// deprecated: its doc says what it did (body-parser's `bodyParser` now only throws).
fn deprecated_said(symbol: &Symbol, described: String) -> String {
    if is_deprecated(symbol) {
        format!("Deprecated: {described}")
    } else {
        described
    }
}

fn named_doc(shown: &str, name: &str, doc: &str) -> String {
    match doc.strip_prefix(name) {
        Some(rest) if rest.starts_with(' ') => {
            format!("{} {}", code_span(shown), escape_inline(rest.trim_start()))
        }
        _ => format!("{}: {}", code_span(shown), escape_inline(doc)),
    }
}

fn shown_name(file: &FileMap, symbol: &Symbol) -> String {
    match symbol.parent.as_deref() {
        Some(parent) if detached_member(file, symbol) => format!("{parent}.{}", symbol.name),
        Some(_) if ruby_namespaced_type(file, symbol) => ruby_path(file, symbol),
        // C#'s `IRequestHandler<TRequest, TResponse>`, told from `IRequestHandler<TRequest>`.
        _ => cartograph_graph::type_name(file, symbol).into_owned(),
    }
}

/// The Ruby class or module `symbol` is written in: the innermost one of its parent's name
/// whose lines hold it.
fn ruby_enclosing<'f>(file: &'f FileMap, symbol: &Symbol) -> Option<&'f Symbol> {
    let parent = symbol.parent.as_deref()?;
    file.parsed
        .symbols
        .iter()
        .filter(|outer| {
            outer.name == parent
                && matches!(outer.kind, SymbolKind::Class | SymbolKind::Module)
                && outer.line <= symbol.line
                && outer.end_line >= symbol.end_line
                && !std::ptr::eq(*outer, symbol)
        })
        .max_by_key(|outer| outer.line)
}

/// A Ruby class or module that only holds classes or modules, inside a namespace
/// (httparty's `class Request` around `class Body` in `request/body.rb`): a path to them,
/// reopened, not a definition of its own.
fn ruby_wrapper(file: &FileMap, symbol: &Symbol) -> bool {
    const MAX_DEPTH: usize = 8;
    let mut current = symbol;
    for _ in 0..MAX_DEPTH {
        if file.language != Language::Ruby
            || !matches!(current.kind, SymbolKind::Class | SymbolKind::Module)
        {
            return false;
        }
        if ruby_namespace(file, current) {
            return true;
        }
        let mut children = file.parsed.symbols.iter().filter(|inner| {
            inner.parent.as_deref() == Some(current.name.as_str())
                && ruby_enclosing(file, inner).is_some_and(|outer| std::ptr::eq(outer, current))
        });
        let mut any = false;
        let only_types = children.all(|inner| {
            any = true;
            matches!(inner.kind, SymbolKind::Class | SymbolKind::Module)
        });
        if !any || !only_types {
            return false;
        }
        match ruby_enclosing(file, current) {
            Some(outer) => current = outer,
            None => return false,
        }
    }
    false
}

/// `HTTParty::Request::Body`: a Ruby type named with the classes and modules it is written in.
fn ruby_path(file: &FileMap, symbol: &Symbol) -> String {
    const MAX_DEPTH: usize = 8;
    let mut names = vec![symbol.name.as_str()];
    let mut current = symbol;
    for _ in 0..MAX_DEPTH {
        match ruby_enclosing(file, current) {
            Some(outer) => {
                names.push(outer.name.as_str());
                current = outer;
            }
            None => break,
        }
    }
    names.reverse();
    names.join("::")
}

/// A Ruby module at the top of its file that holds classes or modules (`module Sinatra`,
/// reopened in every file of the gem): a namespace, where the API lives rather than part of it.
fn ruby_namespace(file: &FileMap, symbol: &Symbol) -> bool {
    file.language == Language::Ruby
        && symbol.kind == SymbolKind::Module
        && symbol.parent.is_none()
        && file.parsed.symbols.iter().any(|inner| {
            inner.parent.as_deref() == Some(symbol.name.as_str())
                && matches!(inner.kind, SymbolKind::Class | SymbolKind::Module)
        })
}

/// A Ruby class or module inside a namespace module (`Sinatra::Base`), directly or through
/// classes reopened only to hold it (`HTTParty::Request::Body`): what the gem offers, named
/// with its namespace. Not a class that only holds others (those are listed instead).
fn ruby_namespaced_type(file: &FileMap, symbol: &Symbol) -> bool {
    file.language == Language::Ruby
        && matches!(symbol.kind, SymbolKind::Class | SymbolKind::Module)
        && ruby_enclosing(file, symbol).is_some_and(|outer| ruby_wrapper(file, outer))
        && !ruby_wrapper(file, symbol)
}

/// The commands the manifests install that run `file`: those whose first path that exists
/// is it.
fn executables_of<'c>(
    context: &'c Context<'_>,
    file: &'c FileMap,
) -> impl Iterator<Item = &'c cartograph_manifest::Executable> + 'c {
    context
        .manifests
        .iter()
        .flat_map(|manifest| &manifest.executables)
        .filter(move |executable| {
            executable
                .paths
                .iter()
                .find(|path| context.file(path).is_some())
                .is_some_and(|path| path.as_str() == file.path.as_str())
        })
}

/// The names of the commands that run `file` (`httpx`), sorted.
fn installed_commands<'c>(context: &'c Context<'_>, file: &'c FileMap) -> Vec<&'c str> {
    let mut names: Vec<&str> = executables_of(context, file)
        .map(|executable| executable.name.as_str())
        .collect();
    names.sort_unstable();
    names.dedup();
    names
}

/// The function an installed command calls in `file` (`main` of `httpx = "httpx:main"`).
fn installed_function<'a>(context: &Context<'a>, file: &'a FileMap) -> Option<&'a Symbol> {
    executables_of(context, file)
        .filter_map(|executable| executable.function.as_deref())
        .find_map(|function| {
            file.parsed
                .symbols
                .iter()
                .find(|symbol| symbol.name == function && symbol.parent.is_none())
        })
}

/// The function an installed command calls in `file` when `file` only imports it (`from
/// ._main import main`), with the file that defines it.
fn imported_function<'a>(
    context: &Context<'a>,
    file: &'a FileMap,
) -> Option<(&'a FileMap, &'a Symbol)> {
    executables_of(context, file)
        .filter_map(|executable| executable.function.as_deref())
        .find_map(|function| {
            let import = file.parsed.imports.iter().find(|import| {
                import.name.as_deref() == Some(function)
                    || import.raw.rsplit(['.', ':', '/']).next() == Some(function)
            })?;
            let definer = context.file(import.resolved.as_ref()?.as_str())?;
            let symbol = definer
                .parsed
                .symbols
                .iter()
                .find(|symbol| symbol.name == function && symbol.parent.is_none())?;
            Some((definer, symbol))
        })
}

/// The commands that run `symbol` of `file` through another file that imports it (httpx's
/// `httpx:main`, run through `httpx/__init__.py`), with that file.
fn commands_through<'c>(
    context: &'c Context<'_>,
    file: &FileMap,
    symbol: &Symbol,
) -> Vec<(&'c str, &'c str)> {
    let mut found = Vec::new();
    for manifest in &context.manifests {
        for executable in &manifest.executables {
            if executable.function.as_deref() != Some(symbol.name.as_str()) {
                continue;
            }
            let Some(runner) = executable.paths.iter().find_map(|path| context.file(path)) else {
                continue;
            };
            let imports_it = runner.parsed.imports.iter().any(|import| {
                import.resolved.as_ref() == Some(&file.path)
                    && (import.name.as_deref() == Some(symbol.name.as_str())
                        || import.raw.rsplit(['.', ':', '/']).next() == Some(symbol.name.as_str()))
            });
            if imports_it && runner.path != file.path {
                found.push((executable.name.as_str(), runner.path.as_str()));
            }
        }
    }
    found.sort_unstable();
    found.dedup();
    found
}

/// A TypeScript declaration file (`index.d.ts`, `.d.mts`, `.d.cts`): types, no code that runs.
fn is_declaration_path(path: &str) -> bool {
    [".d.ts", ".d.mts", ".d.cts"]
        .iter()
        .any(|declaration| path.ends_with(declaration))
}

/// Files where execution starts (`Context::entry_points`, found once when the context is
/// built): see `Pages::entry_points`.
/// Java's `public static void main(String[] args)` and C#'s `static void Main` of a top-level
/// class: where the JVM or the CLR starts a program (gson's `RawCollectionsExample.main`).
fn is_static_main_method(file: &FileMap, symbol: &Symbol) -> bool {
    let name = match file.language {
        Language::Java => "main",
        Language::CSharp => "Main",
        _ => return false,
    };
    symbol.name == name
        && symbol.kind == SymbolKind::Method
        && symbol
            .signature
            .split_whitespace()
            .any(|word| word == "static")
        && symbol.parent.as_deref().is_some_and(|class| {
            file.parsed.symbols.iter().any(|outer| {
                outer.name == class
                    && matches!(outer.kind, SymbolKind::Class | SymbolKind::Struct)
                    && cartograph_graph::is_top_level(file, outer)
            })
        })
}

pub(crate) fn find_entry_points<'a>(
    context: &Context<'a>,
) -> Vec<(&'a FileMap, Option<&'a Symbol>)> {
    let mut found: BTreeMap<&str, (&FileMap, Option<&Symbol>)> = BTreeMap::new();
    for manifest in &context.manifests {
        // A type declaration (commander's `typings/index.d.ts`) runs nothing.
        let runs = |path: &&String| !is_declaration_path(path);
        for path in manifest.entry_points.iter().filter(runs) {
            if let Some(file) = context.file(path) {
                let function = installed_function(context, file);
                // httpx's `httpx = "httpx:main"` runs the `main` that `httpx/__init__.py`
                // imports from `_main.py`: the entry point is where it is defined.
                if function.is_none() {
                    if let Some((definer, symbol)) = imported_function(context, file) {
                        found
                            .entry(definer.path.as_str())
                            .or_insert((definer, Some(symbol)));
                        continue;
                    }
                }
                found.entry(file.path.as_str()).or_insert((file, function));
            }
        }
    }
    for file in context.index.files {
        // The code of the docs site (a mkdocs hook named `main.py`) runs inside its tool.
        if is_flagged(file)
            || !file.language.is_code()
            || context.index.graph.is_docs_dir(file.path.parent())
        {
            continue;
        }
        let main = file.parsed.symbols.iter().find(|symbol| {
            (symbol.name == "main"
                && symbol.parent.is_none()
                && matches!(symbol.kind, SymbolKind::Function))
                || is_static_main_method(file, symbol)
        });
        // A Rust `main` runs only in a file Cargo builds as a target, by its layout or its
        // manifest (ripgrep's `[[bin]] path = "crates/core/main.rs"`): anyhow's
        // `tests/ui/*.rs` are programs that must fail to compile.
        let declared = found.contains_key(file.path.as_str());
        let main = main.filter(|_| {
            declared || file.language != Language::Rust || is_cargo_target(context, file)
        });
        // Python runs a file by name (`python -m pkg`, `python manage.py`); elsewhere a file
        // named `main` is an entry point only when it defines `main` (jotai's `main.js` is
        // a React component). A `main.py` that the project's own code imports is a module
        // of its package (typer's `typer/main.py` holds the `Typer` class), not a script;
        // tests may import an application's `main.py` and it is still where it starts.
        let stem = file.path.file_name().split('.').next().unwrap_or_default();
        let imported_by_code = || {
            context
                .index
                .graph
                .dependents_of(&file.path)
                .iter()
                .any(|user| !cartograph_graph::is_test_path(user))
        };
        let runs_by_name = file.language == Language::Python
            && (stem == "__main__" || (matches!(stem, "main" | "manage") && !imported_by_code()));
        // `if __name__ == "__main__":` says so whatever the file's name, unless the project's
        // own code imports the file: then it is a module that also runs a demonstration of
        // itself (marshmallow's `orderedset.py` prints a few sets), not a program.
        // So does a top level that reads the command line (walkdir's `compare/walk.py`).
        // Node's `require.main === module` says the file is also a program whatever requires
        // it (dotenv's `cli.js`, which `index.js` requires for its `run`).
        let runs_as_script = (file.parsed.script_guard.is_some()
            || file.parsed.script_body.is_some())
            && (file.language != Language::Python || !imported_by_code());
        if main.is_some() || runs_by_name || runs_as_script {
            let entry = found.entry(file.path.as_str()).or_insert((file, None));
            if entry.1.is_none() {
                entry.1 = main;
            }
        }
    }
    found.into_values().collect()
}

/// Whether Cargo builds `file` as a target of its own, by the layout it discovers under the
/// nearest package root (`build.rs`, `src/main.rs`, `src/bin/`, `examples/`, `benches/`,
/// `tests/`, one file or a directory's `main.rs`). Targets a manifest names elsewhere come from
/// the manifest. A file outside any package is given the benefit of the doubt.
fn is_cargo_target(context: &Context<'_>, file: &FileMap) -> bool {
    let path = file.path.as_str();
    let mut dir = file.path.parent();
    let (relative, manifest) = loop {
        let manifest = if dir.is_empty() {
            "Cargo.toml".to_string()
        } else {
            format!("{dir}/Cargo.toml")
        };
        if context.files.contains_key(manifest.as_str()) {
            break if dir.is_empty() {
                (path, manifest)
            } else {
                (&path[dir.len() + 1..], manifest)
            };
        }
        if dir.is_empty() {
            return true;
        }
        dir = dir.rfind('/').map_or("", |at| &dir[..at]);
    };
    let parts: Vec<&str> = relative.split('/').collect();
    match parts.as_slice() {
        ["build.rs"] | ["src", "main.rs"] | ["src", "bin", _] | ["src", "bin", _, "main.rs"] => {
            true
        }
        [kind, _] | [kind, _, "main.rs"] if *kind == "examples" => true,
        // A test or benchmark runs under the test harness, whose `main` is its own (indicatif's
        // `tests/multi-autodrop.rs` has a `#[test] fn main`), unless the manifest turns it off.
        [kind, _] | [kind, _, "main.rs"] if matches!(*kind, "benches" | "tests") => {
            let stem = parts
                .get(1)
                .map(|name| name.trim_end_matches(".rs"))
                .unwrap_or_default();
            context
                .text(&manifest)
                .is_some_and(|text| without_harness(text, kind, stem, relative))
        }
        _ => false,
    }
}

/// Whether a Cargo manifest turns the test harness off (`harness = false`) for the target of
/// kind `dir` (`tests`, `benches`) named `stem` or at `relative`.
fn without_harness(manifest: &str, dir: &str, stem: &str, relative: &str) -> bool {
    let section = if dir == "tests" {
        "[[test]]"
    } else {
        "[[bench]]"
    };
    let mut in_target = false;
    let (mut named, mut off) = (false, false);
    let compact = |line: &str| -> String { line.chars().filter(|c| !c.is_whitespace()).collect() };
    for line in manifest
        .lines()
        .map(compact)
        .chain(std::iter::once("[end]".to_string()))
    {
        if line.starts_with('[') {
            if in_target && named && off {
                return true;
            }
            in_target = line == section;
            (named, off) = (false, false);
            continue;
        }
        if !in_target {
            continue;
        }
        let value = |key: &str| {
            line.strip_prefix(key)
                .map(|value| value.trim_matches('"').to_string())
        };
        if value("name=").is_some_and(|name| name == stem)
            || value("path=").is_some_and(|path| path == relative)
        {
            named = true;
        }
        if line == "harness=false" {
            off = true;
        }
    }
    false
}

/// `text` with its first letter in lower case, to continue a sentence ("compiled only with
/// the feature `pcre2`").
fn lowercase_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::{
        edge_count, flag_note, go_examples_description, holds_function, impls_description,
        is_benchmark_path, is_distinctive, known_document, next_sentence, sphinx_deprecates_whole,
        test_pattern,
    };
    use cartograph_graph::ModuleEdge;

    /// A constant holds a function when its value is one, not when its type is a function's
    /// or a constructor's (chalk's `export const Chalk: new (options?: Options) =>
    /// ChalkInstance;`).
    #[test]
    fn a_constant_holds_a_function_when_its_value_is_one() {
        assert!(holds_function("export const nanoid = (size = 21) => {"));
        assert!(holds_function(
            "const handler: Handler = async function (req) {"
        ));
        assert!(holds_function("var parse = function parse(str) {"));
        assert!(!holds_function(
            "export const Chalk: new (options?: Options) => ChalkInstance;"
        ));
        assert!(!holds_function("const run: (a: number) => void = make();"));
        assert!(!holds_function("const limit = 10;"));
        assert!(holds_function("const id = x => x;"));
        assert!(holds_function("const pick = <T>(a: T): T => a;"));
        assert!(holds_function("export const create = async ("));
        // debug's `inspectOpts`: a call that is passed an arrow is no function.
        assert!(!holds_function(
            "exports.inspectOpts = Object.keys(process.env).filter(key => {"
        ));
        assert!(!holds_function("const total = (a + b) * c;"));
        // ky's `supportsRequestStreams`: a function called at once holds what it returns.
        assert!(!holds_function(
            "export const supportsRequestStreams = (() => {"
        ));
        assert!(!holds_function("const x = (function () {"));
        assert!(!holds_function("const y = (async () => {"));
        // axios's `getReleaseInfo`: called at once, it gives a function.
        assert!(holds_function(
            "const getReleaseInfo = ((releaseCache) => async (tag) => {"
        ));
    }

    /// The sentence after a doc's opening, when it is one: JSDoc tags and field lists are not
    /// (body-parser's `json`: "Create a middleware to parse json bodies. @param {Object}
    /// [options] …").
    #[test]
    fn next_sentence_stops_at_tags_and_fields() {
        assert_eq!(
            next_sentence(
                "Visit visits the flags.\nIt visits only those flags that have been set.",
                "Visit visits the flags."
            )
            .as_deref(),
            Some("It visits only those flags that have been set.")
        );
        assert_eq!(
            next_sentence(
                "Create a middleware to parse json bodies.\n\n@param {Object} [options]\n@return {Function}",
                "Create a middleware to parse json bodies."
            ),
            None
        );
        assert_eq!(
            next_sentence("Parse a value.\n\n:param text: the text", "Parse a value."),
            None
        );
    }

    /// attrs: `define`, `evolve` and `attrs` deprecate a parameter or a behaviour; `assoc`
    /// (written with two spaces) and a plain directive deprecate the function.
    #[test]
    fn a_sphinx_directive_deprecates_the_definition_only_when_it_says_so() {
        let define = "Define an attrs class.\n\n.. versionadded:: 20.1.0\n.. deprecated:: 24.1.0 *hash* is deprecated in favor of *unsafe_hash*.\n";
        let evolve = "Create a new instance.\n\n.. versionadded:: 17.1.0\n.. deprecated:: 23.1.0\n   It is now deprecated to pass the instance using the keyword argument\n   *inst*. It will raise a warning.\n.. versionchanged:: 24.1.0\n   *inst* can't be passed as a keyword argument anymore.\n";
        let attrs = "A class decorator.\n\n.. deprecated:: 18.2.0\n   ``__lt__``, ``__le__`` now raise a `DeprecationWarning`.\n";
        let assoc = "Copy and change.\n\n..  deprecated:: 17.1.0\n    Use `attrs.evolve` instead if you can.\n";
        let plain = "Old API.\n\n.. deprecated:: 3.1\n   Use :func:`new` instead.\n\n.. versionadded:: 1.0\n   *x* was added.\n";
        // wcwidth's `wcwidth`: only its `unicode_version` parameter is deprecated.
        let parameter = "Given one codepoint, return its width.\n\n:param wc: A character.\n:param unicode_version: Ignored.\n\n    .. deprecated:: 0.3.0\n       Only the latest Unicode version is now shipped.\n\n:returns: The width.";
        assert!(!sphinx_deprecates_whole(parameter));
        assert!(!sphinx_deprecates_whole(define));
        assert!(!sphinx_deprecates_whole(evolve));
        assert!(!sphinx_deprecates_whole(attrs));
        assert!(sphinx_deprecates_whole(assoc));
        assert!(sphinx_deprecates_whole(plain));
        assert!(!sphinx_deprecates_whole("Nothing deprecated here."));
    }

    /// monolog's tests name `Logger` in namespace `Monolog` without importing it.
    #[test]
    fn module_edges_say_imports_and_namespace_uses_apart() {
        let edge = |count: u32, namespace_uses: u32| ModuleEdge {
            from: "tests".into(),
            to: "src".into(),
            count,
            local_only: false,
            namespace_uses,
        };
        assert_eq!(edge_count(&edge(3, 0)), "3 imports");
        assert_eq!(
            edge_count(&edge(6, 6)),
            "6 files naming its types in their namespace"
        );
        assert_eq!(
            edge_count(&edge(3, 1)),
            "2 imports, and 1 file naming its types in their namespace"
        );
    }
    use cartograph_core::{
        ContentHash, FileFlags, FileMap, Language, ParsedFile, RepoPath, Symbol, SymbolKind,
    };

    #[test]
    fn text_for_elsewhere_is_written_as_on_the_index_page() {
        let (files, summaries, modules, texts) = (
            Vec::new(),
            Default::default(),
            Vec::new(),
            Default::default(),
        );
        let graph = cartograph_graph::Graph::build(&files);
        let index = crate::DocIndex {
            commit: None,
            files: &files,
            summaries: &summaries,
            modules: &modules,
            graph: &graph,
            texts: &texts,
            docs_dir: "docs/cartograph",
            root_name: "x",
        };
        let context = crate::context::Context::new(&index);
        assert_eq!(
            super::index_pages(&context).page,
            crate::paths::page_path(&crate::PageKind::Index)
        );
    }

    #[test]
    fn citations_read_as_their_text_or_path() {
        assert_eq!(
            super::without_citations("Tests [[lib/context.js]] and [[a.rs:3|`A`]], [[b.go#B]]."),
            "Tests `lib/context.js` and `A`, `b.go`."
        );
        assert_eq!(super::without_citations("no [[ end"), "no [[ end");
    }

    /// bytes' `src/fmt/hex.rs` and `src/buf/vec_deque.rs` hold trait implementations only.
    #[test]
    fn a_file_of_trait_impls_names_them() {
        let item = |kind, name: &str, parent: Option<&str>| Symbol {
            kind,
            name: name.into(),
            line: 1,
            end_line: 2,
            signature: "".into(),
            doc: None,
            visibility: None,
            parent: parent.map(Into::into),
        };
        let mut hex = file("src/fmt/hex.rs", 27);
        hex.parsed.symbols = vec![
            item(SymbolKind::Impl, "LowerHex for BytesRef<'_>", None),
            item(SymbolKind::Method, "fmt", Some("LowerHex for BytesRef<'_>")),
            item(SymbolKind::Impl, "UpperHex for BytesRef<'_>", None),
        ];
        assert_eq!(
            impls_description(&hex).as_deref(),
            Some("Implements `LowerHex` and `UpperHex` for `BytesRef<'_>`.")
        );
        let mut mixed = file("src/loom.rs", 33);
        mixed.parsed.symbols = vec![
            item(SymbolKind::Trait, "AtomicMut", None),
            item(SymbolKind::Impl, "AtomicMut<T> for AtomicPtr<T>", None),
        ];
        assert_eq!(impls_description(&mixed), None);
        let mut inherent = file("src/x.rs", 10);
        inherent.parsed.symbols = vec![item(SymbolKind::Impl, "Bytes", None)];
        assert_eq!(impls_description(&inherent), None);
        // indexmap's `arbitrary.rs` puts them in inline modules; log's `serde.rs` has its
        // tests beside them.
        let mut nested = file("src/arbitrary.rs", 77);
        let mut tests = item(SymbolKind::Function, "level_token", Some("tests"));
        tests.line = 40;
        nested.parsed.symbols = vec![
            item(SymbolKind::Module, "impl_arbitrary", None),
            item(
                SymbolKind::Impl,
                "Arbitrary<'a> for IndexMap<K, V, S>",
                Some("impl_arbitrary"),
            ),
            item(
                SymbolKind::Method,
                "arbitrary",
                Some("Arbitrary<'a> for IndexMap<K, V, S>"),
            ),
            item(SymbolKind::Module, "tests", None),
            tests,
        ];
        nested.parsed.test_spans = vec![(39, 60)];
        assert_eq!(
            impls_description(&nested).as_deref(),
            Some("Implements `Arbitrary<'a>` for `IndexMap<K, V, S>`.")
        );
    }

    /// websocket's `example_test.go`: its examples are of the names after `Example`.
    #[test]
    fn go_examples_name_what_they_show() {
        let function = |name: &str| Symbol {
            kind: SymbolKind::Function,
            name: name.into(),
            line: 1,
            end_line: 2,
            signature: format!("func {name}()").into(),
            doc: None,
            visibility: None,
            parent: None,
        };
        let mut examples = file("example_test.go", 45);
        examples.parsed.symbols = vec![
            function("ExampleIsUnexpectedCloseError"),
            function("processMessage"),
            function("ExampleConn_WriteMessage_text"),
            function("ExampleConn_WriteMessage_binary"),
            function("Example"),
        ];
        assert_eq!(
            go_examples_description(&examples).as_deref(),
            Some("Examples of `IsUnexpectedCloseError`, `Conn.WriteMessage` and the package.")
        );
        // urfave/cli's `ExampleCommand_Run_shellComplete_bash`: the suffix is `shellComplete_bash`.
        let mut suffixed = file("examples_test.go", 45);
        suffixed.parsed.symbols = vec![
            function("ExampleCommand_Run"),
            function("ExampleCommand_Run_shellComplete_bash"),
            function("ExampleCommand_Run_shellComplete"),
        ];
        assert_eq!(
            go_examples_description(&suffixed).as_deref(),
            Some("Examples of `Command.Run`.")
        );
        let mut tests = file("conn_test.go", 45);
        tests.parsed.symbols = vec![function("TestConn"), function("Examplefoo")];
        assert_eq!(go_examples_description(&tests), None);
        let mut python = file("example_test.py", 45);
        python.parsed.symbols = vec![function("ExampleX")];
        assert_eq!(go_examples_description(&python), None);
    }

    fn file(name: &str, lines: u32) -> FileMap {
        let path = RepoPath::new(name).unwrap();
        FileMap {
            hash: ContentHash::of(name.as_bytes()),
            language: Language::from_file_name(path.file_name()),
            bytes: u64::from(lines) * 30,
            lines,
            tokens: lines * 9,
            flags: FileFlags::default(),
            parsed: ParsedFile::default(),
            path,
        }
    }

    #[test]
    fn names_that_are_plain_words_are_not_distinctive() {
        for plain in ["Server", "run", "Config", "parse"] {
            assert!(!is_distinctive(plain), "{plain}");
        }
        for distinctive in ["TermIndex", "max_depth", "Utf8Path", "Configuration"] {
            assert!(is_distinctive(distinctive), "{distinctive}");
        }
    }

    /// pflag's `go.sum` is empty: Go's checksums, not a lock of resolved versions.
    #[test]
    fn go_sum_is_checksums_not_a_lock_of_versions() {
        let locked = |name: &str| {
            let mut map = file(name, 0);
            map.flags.lockfile = true;
            flag_note(&map)
        };
        assert_eq!(
            locked("go.sum"),
            Some("Empty: the module requires no other modules, so there is nothing to check.")
        );
        let mut checksums = file("go.sum", 3);
        checksums.flags.lockfile = true;
        checksums.bytes = 200;
        assert_eq!(
            flag_note(&checksums),
            Some("Checksums of the module versions the build uses, for Go to verify them.")
        );
        assert_eq!(
            locked("Cargo.lock"),
            Some("Lock file: the exact versions the dependencies resolved to.")
        );
    }

    #[test]
    fn conventional_documents_are_described_by_their_names() {
        let about = |name: &str| known_document(&file(name, 10));
        assert_eq!(
            about("CHANGELOG.md"),
            Some("Release notes: what changed in each version.")
        );
        assert_eq!(
            about("docs/release-notes.md"),
            Some("Release notes: what changed in each version.")
        );
        assert_eq!(
            about("LICENSE.md"),
            Some("The licence the project is distributed under.")
        );
        // With its text, the licence by name.
        assert_eq!(
            super::licence_name("MIT License\n\nCopyright (c) 2013 Julien\n\nPermission is hereby granted, free of charge, to any person"),
            Some("MIT License")
        );
        assert_eq!(
            super::licence_name("                                 Apache License\n                           Version 2.0, January 2004"),
            Some("Apache License 2.0")
        );
        assert_eq!(
            super::licence_name("Copyright (c) 2013, Julien Schmidt\nAll rights reserved.\n\nRedistribution and use in source and binary forms, with or without\nmodification, are permitted provided that the following conditions are met:\n\n3. Neither the name of the copyright holder nor the names of its\n   contributors may be used"),
            Some("BSD 3-Clause License")
        );
        assert_eq!(
            super::licence_name("Permission to use, copy, modify, and/or distribute this software for any\npurpose with or without fee is hereby granted"),
            Some("ISC License")
        );
        // golang-lru's MPL names the GNU licences among its "Secondary Licenses".
        assert_eq!(
            super::licence_name("Mozilla Public License, version 2.0\n\n1. Definitions\n\n1.12. \"Secondary License\"\n     means either the GNU General Public License, Version 2.0, the GNU Lesser\n     General Public License, Version 2.1, the GNU Affero General Public\n     License, Version 3.0"),
            Some("Mozilla Public License")
        );
        assert_eq!(
            super::licence_name("GNU LESSER GENERAL PUBLIC LICENSE\nVersion 3\n\nThis version of the GNU Lesser General Public License incorporates the terms of version 3 of the GNU General Public License"),
            Some("GNU Lesser General Public License")
        );
        assert_eq!(super::licence_name("All rights reserved. Ask us."), None);
        for (name, is) in [
            ("LICENSE", true),
            ("LICENSE-MIT", true),
            ("MIT-LICENSE", true),
            ("COPYING.txt", true),
            ("licenses.md", false),
            ("license_test.go", false),
        ] {
            let path = RepoPath::new(name).unwrap_or_else(|_| unreachable!());
            assert_eq!(super::is_licence_file(&path), is, "{name}");
        }
        assert_eq!(
            about(".github/PULL_REQUEST_TEMPLATE.md"),
            Some("The template of a pull request's description.")
        );
        assert_eq!(
            about(".github/ISSUE_TEMPLATE/bug.md"),
            Some("A template for new issues.")
        );
        assert_eq!(
            about(".github/ISSUE_TEMPLATE/config.yml"),
            Some("Settings of the issue template chooser.")
        );
        assert_eq!(about("README.md"), None);
        assert_eq!(about("src/history.rs"), None);
        // commons-cli's Velocity template that renders the release notes.
        assert_eq!(about("src/changes/release-notes.vm"), None);
    }

    #[test]
    fn test_files_are_grouped_by_their_naming_pattern() {
        assert_eq!(test_pattern("args_test.go"), "*_test.go");
        assert_eq!(test_pattern("test_parse.py"), "test_*.py");
        assert_eq!(test_pattern("router.test.ts"), "*.test.ts");
        assert_eq!(test_pattern("app.spec.js"), "*.spec.js");
        assert_eq!(test_pattern("index.test-d.ts"), "*.test-d.ts");
        assert_eq!(test_pattern("conftest.py"), "conftest.py");
        assert_eq!(test_pattern("test.c"), "test.c");
        assert_eq!(test_pattern("helpers.rb"), "*.rb");
        assert_eq!(test_pattern("ReaderTest.php"), "*Test.php");
        assert_eq!(test_pattern("QueryTestCase.php"), "*TestCase.php");
        assert_eq!(test_pattern("Makefile"), "*");
    }

    #[test]
    fn a_dotnet_benchmarks_project_is_benchmarks() {
        // MediatR's `test/MediatR.Benchmarks/`, listed as "Tests of `src/MediatR`".
        let path = |text: &str| RepoPath::new(text).unwrap();
        assert!(is_benchmark_path(&path(
            "test/MediatR.Benchmarks/Benchmarks.cs"
        )));
        assert!(is_benchmark_path(&path("perf-benchmarks/run.py")));
        assert!(is_benchmark_path(&path("benches/spin.rs")));
        assert!(!is_benchmark_path(&path("test/MediatR.Tests/SendTests.cs")));
        assert!(!is_benchmark_path(&path("src/workbench/app.ts")));
    }
}
