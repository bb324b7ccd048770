//! The route tables of the onboarding page and of module pages: the HTTP routes the extractor
//! found (`ParsedFile::routes`), by file then line, each cited where it is registered.
//!
//! A test's routes are its own (a test app, and requests that look like routes), so no page
//! shows them. The onboarding page shows the project's own routes, leaving those of examples,
//! benchmarks and the docs site to their own modules' pages. Nothing here judges whether a
//! route is served: it is what the code registers.

use crate::context::Context;
use crate::markdown::{code_span, escape_inline};
use crate::structural::{cite, cite_line, is_outside_the_project};
use cartograph_core::{FileMap, Language, Route, Symbol, SymbolKind};
use std::collections::HashMap;
use std::fmt::Write;

/// Rows a route table shows before it says how many more there are, and where.
const MAX_ROUTES: usize = 30;
/// Files the line under a cut table names.
const MAX_FILES_NAMED: usize = 5;

/// True for a file whose routes a page may show: no test, nothing generated or vendored.
fn shows_routes(file: &FileMap) -> bool {
    let flags = file.flags;
    !(file.parsed.routes.is_empty()
        || cartograph_graph::is_test_path(&file.path)
        || flags.generated
        || flags.vendored)
}

/// The project's own routes: not those of tests, examples, benchmarks, fuzz targets or the
/// docs site.
fn project_route_files<'a>(context: &Context<'a>) -> Vec<&'a FileMap> {
    context
        .index
        .files
        .iter()
        .filter(|file| shows_routes(file))
        .filter(|file| !is_outside_the_project(&file.path))
        .filter(|file| !context.index.graph.is_docs_dir(file.path.parent()))
        .collect()
}

/// Go's sub-routers: a function or method that builds a router of its own and returns it
/// (chi's `func adminRouter() chi.Router { r := chi.NewRouter(); r.Get("/", …) }`), and the
/// prefixes other code mounts it under (`r.Mount("/admin", adminRouter())`,
/// `r.Mount("/users", usersResource{}.Routes())`).
struct Mounts {
    /// By the mounted function's package directory and name (a method's as `Type.name`), the
    /// paths it is mounted at, in the order met.
    prefixes: HashMap<(String, String), Vec<String>>,
}

impl Mounts {
    fn of(context: &Context) -> Mounts {
        let mut prefixes: HashMap<(String, String), Vec<String>> = HashMap::new();
        for file in context.index.files {
            if file.language != Language::Go || !shows_routes(file) {
                continue;
            }
            for route in file.parsed.routes.iter() {
                let Some((dir, name)) = mounted_function(context, file, route) else {
                    continue;
                };
                let prefix = route.path.trim_end_matches('*').trim_end_matches('/');
                let known = prefixes.entry((dir.to_string(), name)).or_default();
                let prefix = prefix.to_string();
                if !known.contains(&prefix) {
                    known.push(prefix);
                }
            }
        }
        Mounts { prefixes }
    }

    /// The Go function or method of `file` that registers `route`, when it is a sub-router: the
    /// name it is known by, and the prefixes it is mounted at (none when nothing mounts it).
    fn router_of(&self, file: &FileMap, route: &Route) -> Option<(String, &[String])> {
        if file.language != Language::Go {
            return None;
        }
        let symbol = enclosing_function(file, route.line)?;
        if symbol.name == "main" || symbol.name == "init" || !returns_router(symbol) {
            return None;
        }
        let name = match &symbol.parent {
            Some(parent) => format!("{parent}.{}", symbol.name),
            None => symbol.name.to_string(),
        };
        let prefixes = self
            .prefixes
            .get(&(file.path.parent().to_string(), name.clone()))
            .map_or(&[][..], Vec::as_slice);
        Some((name, prefixes))
    }
}

/// The innermost function or method of `file` whose lines hold `line`.
fn enclosing_function(file: &FileMap, line: u32) -> Option<&Symbol> {
    file.parsed
        .symbols
        .iter()
        .filter(|symbol| matches!(symbol.kind, SymbolKind::Function | SymbolKind::Method))
        .filter(|symbol| symbol.line <= line && line <= symbol.end_line)
        .min_by_key(|symbol| symbol.end_line - symbol.line)
}

/// True for a Go function whose result is a router or handler: `func adminRouter()
/// chi.Router {`, `func Profiler() http.Handler {`; not `func main() {` or a constructor of a
/// server that listens itself.
fn returns_router(symbol: &Symbol) -> bool {
    let head = symbol.signature.lines().next().unwrap_or_default();
    let head = head.trim_end().trim_end_matches('{').trim_end();
    // The result follows the parameters' closing parenthesis.
    let Some(open) = head.find('(') else {
        return false;
    };
    let parameters_from = match symbol.kind {
        // A method's receiver comes first: `func (rs usersResource) Routes() chi.Router`.
        SymbolKind::Method => head[open..]
            .find(')')
            .and_then(|close| head[open + close..].find('(').map(|at| open + close + at)),
        _ => Some(open),
    };
    let Some(result) = parameters_from.and_then(|from| {
        let close = from + head[from..].find(')')?;
        Some(head[close + 1..].trim())
    }) else {
        return false;
    };
    ["Router", "Handler", "Mux"]
        .iter()
        .any(|name| result.contains(name))
}

/// For a Go route whose handler is a call of a function or method of the repository that
/// builds a router (`adminRouter()`, `usersResource{}.Routes()`, `middleware.Profiler()`): the
/// directory of the package defining it and the name it is known by there.
fn mounted_function<'a>(
    context: &Context<'a>,
    file: &'a FileMap,
    route: &Route,
) -> Option<(&'a str, String)> {
    if route.method != "ANY" {
        return None;
    }
    let handler = route.handler.as_deref()?;
    let callee = handler.strip_suffix(')')?.split_once('(')?.0;
    let (qualifier, name) = match callee.rsplit_once('.') {
        Some((qualifier, name)) => (Some(qualifier), name),
        None => (None, callee),
    };
    if name.is_empty() || !name.chars().all(|c| c.is_alphanumeric() || c == '_') {
        return None;
    }
    match qualifier {
        None => Some((file.path.parent(), name.to_string())),
        // A composite literal's method: `usersResource{}.Routes()`, `&api{}.Routes()`.
        Some(literal) if literal.ends_with('}') => {
            let type_name = literal.trim_start_matches('&').split('{').next()?;
            Some((file.path.parent(), format!("{type_name}.{name}")))
        }
        // A package's function: the file of the package that declares it, which the import
        // of that name leads to.
        Some(package) => file.parsed.imports.iter().find_map(|import| {
            if import.name.as_deref() != Some(name) {
                return None;
            }
            let target = context.file(import.resolved.as_ref()?.as_str())?;
            (target.parsed.package.as_deref() == Some(package))
                .then(|| (target.path.parent(), name.to_string()))
        }),
    }
}

/// A route's path as a page shows it: under the prefix its sub-router is mounted at, and the
/// others it is mounted at said after it.
fn shown_path(mounts: &Mounts, file: &FileMap, route: &Route) -> String {
    let path = code_span(&route.path).replace('|', "\\|");
    let Some((_, prefixes)) = mounts.router_of(file, route) else {
        return path;
    };
    let Some((first, others)) = prefixes.split_first() else {
        return path;
    };
    // A sub-router's `/` answers at the mount's own path (chi's `Mount` sends `/todos` and
    // `/todos/` to it alike).
    let full = |prefix: &str| {
        let path = match route.path.as_str() {
            "/" if !prefix.is_empty() => prefix.to_string(),
            path => format!("{prefix}{path}"),
        };
        code_span(&path).replace('|', "\\|")
    };
    match others.len() {
        0 => full(first),
        _ => {
            let also: Vec<String> = others.iter().map(|prefix| code_span(prefix)).collect();
            format!(
                "{} (also under {})",
                full(first),
                crate::structural::join_and(&also)
            )
        }
    }
}

/// The sub-routers among `files`' routes that nothing in the repository mounts or calls, by
/// name (chi's `middleware.Profiler`): their paths are relative to where a caller mounts them.
/// One the repository calls (chi's `_examples/graceful`: `Handler: service()`) may serve at
/// the root.
fn unmounted_routers(context: &Context, mounts: &Mounts, files: &[&FileMap]) -> Vec<String> {
    let mut names = Vec::new();
    for file in files {
        for route in file.parsed.routes.iter() {
            if let Some((name, [])) = mounts.router_of(file, route) {
                let function = name.rsplit('.').next().unwrap_or(&name);
                let called = context.index.files.iter().any(|other| {
                    other.language == Language::Go
                        && other.parsed.calls.iter().any(|site| site.name == function)
                });
                if called {
                    continue;
                }
                let name = code_span(&name);
                if !names.contains(&name) {
                    names.push(name);
                }
            }
        }
    }
    names
}

/// The onboarding page's "Routes" section, empty when the project registers none.
pub(crate) fn onboarding_routes(context: &Context) -> String {
    let files = project_route_files(context);
    let mut out = String::new();
    if files.is_empty() {
        return out;
    }
    let mounts = Mounts::of(context);
    let unmounted = unmounted_routers(context, &mounts, &files);
    let all_relative = files.iter().all(|file| {
        file.parsed
            .routes
            .iter()
            .all(|route| match mounts.router_of(file, route) {
                Some((name, [])) => unmounted.contains(&code_span(&name)),
                _ => false,
            })
    });
    out.push_str(if all_relative {
        "## Routes\n\nThe HTTP routes the code registers, by file.\n\n"
    } else {
        "## Routes\n\nThe HTTP routes the code registers, by file: where requests come in.\n\n"
    });
    relative_note(&mut out, &unmounted);
    route_table(&mut out, context, &mounts, &files);
    out
}

/// What says that the routes of sub-routers nothing mounts are relative.
fn relative_note(out: &mut String, unmounted: &[String]) {
    match unmounted {
        [] => {}
        [one] => {
            let _ = write!(
                out,
                "The paths {one} registers are relative to where a caller mounts the router it returns.\n\n"
            );
        }
        many => {
            let _ = write!(
                out,
                "The paths {} register are relative to where a caller mounts the routers they return.\n\n",
                crate::structural::join_and(many)
            );
        }
    }
}

/// A module page's "Routes" section: the routes its own files register, tests' left out.
pub(crate) fn module_routes(context: &Context, files: &[&FileMap]) -> String {
    let files: Vec<&FileMap> = files.iter().copied().filter(|f| shows_routes(f)).collect();
    let mut out = String::new();
    if files.is_empty() {
        return out;
    }
    let mounts = Mounts::of(context);
    out.push_str("## Routes\n\n");
    relative_note(&mut out, &unmounted_routers(context, &mounts, &files));
    route_table(&mut out, context, &mounts, &files);
    out
}

/// What the onboarding page's routes depend on, lines left out: a route that only moves
/// changes no word of the page.
pub(crate) fn onboarding_facts(context: &Context) -> String {
    let mut out = String::new();
    for file in project_route_files(context) {
        for route in sorted(file) {
            let _ = writeln!(
                out,
                "route {} {} {} {}",
                file.path,
                route.method,
                route.path,
                route.handler.as_deref().unwrap_or("-")
            );
        }
    }
    out
}

/// A file's routes by line.
fn sorted(file: &FileMap) -> Vec<&Route> {
    let mut routes: Vec<&Route> = file.parsed.routes.iter().collect();
    routes.sort_by_key(|route| route.line);
    routes
}

fn route_table(out: &mut String, context: &Context, mounts: &Mounts, files: &[&FileMap]) {
    out.push_str("| method | path | handler | where |\n|---|---|---|---|\n");
    let mut shown = 0;
    let mut hidden = 0;
    let mut hidden_in: Vec<&FileMap> = Vec::new();
    for file in files {
        for route in sorted(file) {
            if shown == MAX_ROUTES {
                hidden += 1;
                if hidden_in.last().map(|last| &last.path) != Some(&file.path) {
                    hidden_in.push(file);
                }
                continue;
            }
            shown += 1;
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} |",
                route.method,
                shown_path(mounts, file, route),
                handler_cell(context, file, route),
                cite_line(file.path.as_str(), Some(route.line))
            );
        }
    }
    if hidden > 0 {
        let mut named: Vec<String> = hidden_in
            .iter()
            .take(MAX_FILES_NAMED)
            .map(|file| cite(file.path.as_str()))
            .collect();
        if hidden_in.len() > MAX_FILES_NAMED {
            let others = hidden_in.len() - MAX_FILES_NAMED;
            named.push(format!(
                "{others} more {}",
                if others == 1 { "file" } else { "files" }
            ));
        }
        let what = if hidden == 1 { "route" } else { "routes" };
        let _ = writeln!(
            out,
            "\nand {hidden} more {what} in {}.",
            crate::structural::join_and(&named)
        );
    }
    out.push('\n');
}

/// The handler as a citation of its definition when the file defines it (a decorated Python
/// function, a Go handler beside its router), else as written, in plain text; "inline" for a
/// function or a block written in the registration.
fn handler_cell(context: &Context, file: &FileMap, route: &Route) -> String {
    let Some(handler) = route.handler.as_deref() else {
        return "inline".to_string();
    };
    let defined = file
        .parsed
        .symbols
        .iter()
        .filter(|symbol| symbol.name == handler)
        // The definition nearest below the registration: a decorator sits right above its
        // function, and a name defined twice (`def index` in two blueprints) is the one next.
        .min_by_key(|symbol| (symbol.line < route.line, symbol.line.abs_diff(route.line)));
    match defined {
        Some(symbol) => context.symbol_citation(file, symbol).replace('|', "\\|"),
        // Plain text: a code span of a name defined elsewhere would keep or lose its
        // formatting row by row, as the resolver knows the name or not.
        None => escape_inline(handler).replace('`', "\\`"),
    }
}
