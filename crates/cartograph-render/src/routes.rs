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
use cartograph_core::{FileMap, Route};
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

/// The onboarding page's "Routes" section, empty when the project registers none.
pub(crate) fn onboarding_routes(context: &Context) -> String {
    let files = project_route_files(context);
    let mut out = String::new();
    if files.is_empty() {
        return out;
    }
    out.push_str(
        "## Routes\n\nThe HTTP routes the code registers, by file: where requests come in.\n\n",
    );
    route_table(&mut out, context, &files);
    out
}

/// A module page's "Routes" section: the routes its own files register, tests' left out.
pub(crate) fn module_routes(context: &Context, files: &[&FileMap]) -> String {
    let files: Vec<&FileMap> = files.iter().copied().filter(|f| shows_routes(f)).collect();
    let mut out = String::new();
    if files.is_empty() {
        return out;
    }
    out.push_str("## Routes\n\nThe HTTP routes this module's files register.\n\n");
    route_table(&mut out, context, &files);
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

fn route_table(out: &mut String, context: &Context, files: &[&FileMap]) {
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
                code_span(&route.path).replace('|', "\\|"),
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
