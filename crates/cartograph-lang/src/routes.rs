//! The HTTP routes a server registers, read from the syntax tree: Python decorators (Flask,
//! FastAPI, Bottle, Litestar; a blueprint's or router's prefix set where it is made in the
//! same file) and Django's `urlpatterns`, JavaScript/TypeScript calls (Express, koa-router, fastify,
//! Hono), Go calls (`net/http`, chi, gin, echo, gorilla/mux, httprouter, fiber), Ruby's
//! Sinatra blocks and Rails' `to:` routes, PHP's Laravel `Route::` facade and Slim's
//! `$app->get`. Only paths written as plain string literals count.
//!
//! An HTTP client, a dictionary and a cache look just like a router (`requests.get("/x")`,
//! `client.get("/x")`, `cache.get("/x")`), so a call counts only with a handler after its path
//! (a function, or a name where the receiver or the file's imports say it is a server), a
//! decorator only on a function, and never on a receiver named like a client. Tests register
//! routes of their own (and call `client.get("/x")` by the hundred): the extractor does not
//! know a file's path, so rendering leaves test files out.

use crate::languages::walk_preorder;
use crate::text::{collapse_whitespace, node_text};
use cartograph_core::{Import, Route};
use std::collections::HashMap;
use tree_sitter::Node;

/// The longest path kept: a longer literal is data, not a route.
const MAX_PATH: usize = 200;
/// The longest handler kept as written; a longer expression is shown as none.
const MAX_HANDLER: usize = 80;
/// How deep `r.Route("/x", func(r chi.Router) { … })` blocks are followed inside each other.
const MAX_NESTED_ROUTERS: usize = 16;

/// The HTTP method a registration's name stands for, in any case (`get`, `GET`, `Get` →
/// `GET`); `all` and `any` answer every method.
fn verb(name: &str) -> Option<&'static str> {
    const VERBS: &[&str] = &["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"];
    if let Some(verb) = VERBS.iter().find(|verb| verb.eq_ignore_ascii_case(name)) {
        return Some(verb);
    }
    (name.eq_ignore_ascii_case("all") || name.eq_ignore_ascii_case("any")).then_some("ANY")
}

/// A route's path: a literal that starts with `/`, with no white space, not too long.
fn route_path(text: &str) -> Option<String> {
    (text.starts_with('/') && text.len() <= MAX_PATH && !text.contains(char::is_whitespace))
        .then(|| text.to_string())
}

/// The text of a string literal written whole: its content pieces joined; `None` for another
/// node, or a literal with any other part (an interpolation, an escape sequence).
fn literal(node: Node<'_>, source: &str, kinds: &[&str], content: &[&str]) -> Option<String> {
    if !kinds.contains(&node.kind()) {
        return None;
    }
    let mut text = String::new();
    let mut cursor = node.walk();
    for part in node.named_children(&mut cursor) {
        match part.kind() {
            kind if content.contains(&kind) => text.push_str(node_text(part, source)),
            // Python's quotes are named nodes.
            "string_start" | "string_end" => {}
            _ => return None,
        }
    }
    Some(text)
}

/// The named children of `node` that are not comments.
fn arguments<'tree>(node: Node<'tree>) -> Vec<Node<'tree>> {
    let mut cursor = node.walk();
    let found = node
        .named_children(&mut cursor)
        .filter(|child| !child.kind().contains("comment"))
        .collect();
    found
}

/// A handler as written, on one line, when it is short enough to read in a table.
fn handler_text(node: Node<'_>, source: &str) -> Option<String> {
    let text = collapse_whitespace(node_text(node, source));
    (!text.is_empty() && text.chars().count() <= MAX_HANDLER).then_some(text)
}

/// The longest call shown whole as a handler (`pprof.Handler("heap")`, `adminRouter()`).
const MAX_CALL_SHOWN: usize = 48;

/// A call that makes a handler: shown whole when it is short and passes no function
/// (`http.HandlerFunc(item)`), else named by what it calls (`asyncHandler(…)`).
fn call_text(call: Node<'_>, source: &str) -> Option<String> {
    let whole = collapse_whitespace(node_text(call, source));
    let passes_code = ["{", "=>", "func", "function", "lambda"]
        .iter()
        .any(|code| whole.contains(code));
    if whole.chars().count() <= MAX_CALL_SHOWN && !passes_code {
        return Some(whole);
    }
    let callee = call.child_by_field_name("function")?;
    handler_text(callee, source).map(|callee| format!("{callee}(…)"))
}

/// The last name of a receiver, lower-cased: `this.client` → `client`, `$http` → `http`.
fn last_name(receiver: &str) -> String {
    let last = receiver
        .rsplit(['.', '>', ':'])
        .next()
        .unwrap_or(receiver)
        .trim_start_matches('$');
    // jQuery is `$` itself.
    if last.is_empty() && receiver.ends_with('$') {
        return "$".to_string();
    }
    last.to_ascii_lowercase()
}

/// Receivers of JavaScript and PHP calls that fetch, look up or store, never serve: jQuery's
/// `$`, `axios`, Node's `http.get`, a `cache`, a `session`, and anything called a client.
fn is_client(receiver: &str) -> bool {
    const CLIENTS: &[&str] = &[
        "$",
        "jquery",
        "axios",
        "request",
        "req",
        "superagent",
        "got",
        "ky",
        "http",
        "https",
        "fetch",
        "guzzle",
        "cache",
        "session",
        "storage",
        "localstorage",
        "sessionstorage",
        "map",
        "headers",
        "params",
        "searchparams",
        "query",
        "cookies",
        "store",
        "redis",
        "db",
    ];
    let name = last_name(receiver);
    name.contains("client") || CLIENTS.contains(&name.as_str())
}

/// The routes a Python file's decorators register: `@app.route("/x", methods=["POST"])`,
/// `@bp.get("/x")`, `@router.post("/x")`, Bottle's `@route("/x", method="POST")` and bare
/// `@get("/x")`, Litestar's `@get("/x")`. The
/// handler is the decorated function.
pub(crate) fn python(root: Node<'_>, source: &str) -> Vec<Route> {
    let mut routes = Vec::new();
    if source.contains("urlpatterns") {
        routes.extend(django(root, source));
    }
    if !source.contains('@') {
        return routes;
    }
    let prefixes = python_router_prefixes(root, source);
    walk_preorder(root, |node| {
        if node.kind() != "decorated_definition" {
            return true;
        }
        let function = node
            .child_by_field_name("definition")
            .filter(|definition| definition.kind() == "function_definition");
        let Some(function) = function else {
            return true;
        };
        let handler = function
            .child_by_field_name("name")
            .map(|name| node_text(name, source).to_string());
        let mut cursor = node.walk();
        for decorator in node.named_children(&mut cursor) {
            if decorator.kind() == "decorator" {
                routes.extend(python_route(decorator, source, handler.clone(), &prefixes));
            }
        }
        true
    });
    routes
}

/// Django's URL table: `urlpatterns = [path("articles/<int:year>/", views.year_archive),
/// re_path(r"^about/$", AboutView.as_view())]` (and `urlpatterns += [...]`), each path under
/// `/`, answering any method; `include(...)` mounts another table and registers no route.
fn django(root: Node<'_>, source: &str) -> Vec<Route> {
    let mut routes = Vec::new();
    walk_preorder(root, |node| {
        if !matches!(node.kind(), "assignment" | "augmented_assignment") {
            return true;
        }
        let target = node.child_by_field_name("left");
        let value = node.child_by_field_name("right");
        let (Some(target), Some(value)) = (target, value) else {
            return false;
        };
        if node_text(target, source) != "urlpatterns" || value.kind() != "list" {
            return false;
        }
        for item in arguments(value) {
            routes.extend(django_route(item, source));
        }
        false
    });
    routes
}

fn django_route(call: Node<'_>, source: &str) -> Option<Route> {
    if call.kind() != "call" {
        return None;
    }
    let function = call.child_by_field_name("function")?;
    let name = match function.kind() {
        "attribute" => node_text(function.child_by_field_name("attribute")?, source),
        "identifier" => node_text(function, source),
        _ => return None,
    };
    if !matches!(name, "path" | "re_path" | "url") {
        return None;
    }
    let arguments = arguments(call.child_by_field_name("arguments")?);
    let pattern = literal(
        *arguments.first()?,
        source,
        &["string"],
        &["string_content"],
    )?;
    let view = arguments
        .get(1)
        .filter(|view| view.kind() != "keyword_argument")?;
    let is_include = view.kind() == "call"
        && view
            .child_by_field_name("function")
            .is_some_and(|function| node_text(function, source).ends_with("include"));
    if is_include {
        return None;
    }
    // A regular expression's anchors are no part of the path a client sends.
    let pattern = pattern.trim_start_matches('^').trim_end_matches('$');
    Some(Route {
        method: "ANY".to_string(),
        path: route_path(&format!("/{}", pattern.trim_start_matches('/')))?,
        line: call.start_position().row as u32 + 1,
        handler: handler_text(*view, source),
    })
}

/// The prefixes a file's routers add to their routes' paths: Flask's `bp = Blueprint("auth",
/// __name__, url_prefix="/auth")`, FastAPI's `router = APIRouter(prefix="/items")`, by the
/// name they are bound to.
fn python_router_prefixes(root: Node<'_>, source: &str) -> HashMap<String, String> {
    let mut prefixes = HashMap::new();
    if !source.contains("prefix") {
        return prefixes;
    }
    walk_preorder(root, |node| {
        if node.kind() != "assignment" {
            return true;
        }
        let (Some(target), Some(call)) = (
            node.child_by_field_name("left"),
            node.child_by_field_name("right"),
        ) else {
            return false;
        };
        if target.kind() != "identifier" || call.kind() != "call" {
            return false;
        }
        let constructor = call
            .child_by_field_name("function")
            .map(|function| node_text(function, source))
            .unwrap_or_default();
        if !(constructor.ends_with("Blueprint") || constructor.ends_with("APIRouter")) {
            return false;
        }
        let arguments = call
            .child_by_field_name("arguments")
            .map(arguments)
            .unwrap_or_default();
        for argument in arguments {
            let key = argument.child_by_field_name("name");
            let value = argument.child_by_field_name("value");
            if let (Some(key), Some(value)) = (key, value) {
                if matches!(node_text(key, source), "url_prefix" | "prefix") {
                    if let Some(prefix) = literal(value, source, &["string"], &["string_content"]) {
                        prefixes.insert(node_text(target, source).to_string(), prefix);
                    }
                }
            }
        }
        false
    });
    prefixes
}

fn python_route(
    decorator: Node<'_>,
    source: &str,
    handler: Option<String>,
    prefixes: &HashMap<String, String>,
) -> Option<Route> {
    let call = decorator
        .named_child(0)
        .filter(|expression| expression.kind() == "call")?;
    let function = call.child_by_field_name("function")?;
    // `@bp.route("/login")` on `bp = Blueprint(..., url_prefix="/auth")` serves `/auth/login`.
    let prefix = (function.kind() == "attribute")
        .then(|| function.child_by_field_name("object"))
        .flatten()
        .and_then(|object| prefixes.get(node_text(object, source)))
        .map(|prefix| prefix.trim_end_matches('/'))
        .unwrap_or_default();
    let name = match function.kind() {
        "attribute" => node_text(function.child_by_field_name("attribute")?, source),
        "identifier" => node_text(function, source),
        _ => return None,
    };
    let string = |node: Node<'_>| literal(node, source, &["string"], &["string_content"]);
    let mut path = None;
    let mut methods = None;
    for (at, argument) in arguments(call.child_by_field_name("arguments")?)
        .into_iter()
        .enumerate()
    {
        if argument.kind() != "keyword_argument" {
            if at == 0 {
                path = string(argument);
            }
            continue;
        }
        let (Some(key), Some(value)) = (
            argument.child_by_field_name("name"),
            argument.child_by_field_name("value"),
        ) else {
            continue;
        };
        match node_text(key, source) {
            "path" | "rule" => path = string(value),
            // Flask's `methods=["GET", "POST"]`, Bottle's `method="POST"` (or a list).
            "methods" | "method" => {
                let items = match value.kind() {
                    "list" | "tuple" | "set" => arguments(value),
                    _ => vec![value],
                };
                methods = items
                    .into_iter()
                    .map(|item| string(item).map(|method| method.to_ascii_uppercase()))
                    .collect::<Option<Vec<String>>>()
                    .filter(|methods| !methods.is_empty())
                    .map(|methods| methods.join(", "))
                    // Methods computed at run time could be any.
                    .or_else(|| Some("ANY".to_string()));
            }
            _ => {}
        }
    }
    let method = match name {
        // Flask's `route` and FastAPI's `api_route` answer GET unless told otherwise.
        "route" | "api_route" => methods.unwrap_or_else(|| "GET".to_string()),
        _ => verb(name)?.to_string(),
    };
    let path = path?;
    let path = match (prefix.is_empty(), path.as_str()) {
        (true, _) => path,
        // FastAPI's `@router.get("")` is the prefix itself.
        (false, "" | "/") => prefix.to_string(),
        (false, _) => format!("{prefix}{path}"),
    };
    Some(Route {
        method,
        path: route_path(&path)?,
        line: decorator.start_position().row as u32 + 1,
        handler,
    })
}

/// Modules whose importers serve HTTP: a call on any receiver in their files may register a
/// route with a handler passed by name.
fn is_server_framework(specifier: &str) -> bool {
    const SERVERS: &[&str] = &[
        "express",
        "koa-router",
        "@koa/router",
        "koa-tree-router",
        "fastify",
        "hono",
        "restify",
        "polka",
        "@hapi/hapi",
        "connect",
        "h3",
        "elysia",
        "next-connect",
        "@tinyhttp/app",
        "router",
        "find-my-way",
    ];
    SERVERS.contains(&specifier) || specifier.starts_with("hono/")
}

/// Receivers named like a server or a router (`app`, `router`, `apiRouter`, `server`).
fn is_server_name(receiver: &str) -> bool {
    let name = last_name(receiver);
    name.ends_with("router")
        || name.ends_with("app")
        || matches!(
            name.as_str(),
            "server" | "fastify" | "routes" | "application"
        )
}

/// The routes of a JavaScript or TypeScript file: `app.get('/x', handler)`, `router.post('/x',
/// auth, create)`, `app.use('/api', api)`, koa-router's named `router.get('user', '/users/:id',
/// show)`, Express's `app.route('/book').get(list).post(add)`, fastify's `app.route({ method,
/// url, handler })`.
pub(crate) fn javascript(root: Node<'_>, source: &str, imports: &[Import]) -> Vec<Route> {
    let mut routes = Vec::new();
    if !(source.contains("'/") || source.contains("\"/") || source.contains("`/")) {
        return routes;
    }
    let server = imports
        .iter()
        .any(|import| is_server_framework(&import.raw));
    let mut found = Vec::new();
    walk_preorder(root, |node| {
        if node.kind() == "call_expression" {
            if let Some(route) = javascript_route(node, source, server) {
                // A chain's outer call comes first: `app.route('/b').get(list).post(add)` is
                // visited at `.post`. Its method's name says where it is written.
                let at = node
                    .child_by_field_name("function")
                    .and_then(|callee| callee.child_by_field_name("property"))
                    .map_or(node.start_byte(), |name| name.start_byte());
                found.push((at, route));
            }
        }
        true
    });
    found.sort_by_key(|(at, _)| *at);
    routes.extend(found.into_iter().map(|(_, route)| route));
    routes
}

fn javascript_string(node: Node<'_>, source: &str) -> Option<String> {
    literal(
        node,
        source,
        &["string", "template_string"],
        &["string_fragment"],
    )
}

fn is_javascript_function(node: Node<'_>) -> bool {
    matches!(
        node.kind(),
        "arrow_function" | "function_expression" | "function" | "generator_function"
    )
}

fn javascript_route(call: Node<'_>, source: &str, server: bool) -> Option<Route> {
    let callee = call
        .child_by_field_name("function")
        .filter(|callee| callee.kind() == "member_expression")?;
    let receiver = callee.child_by_field_name("object")?;
    let name = node_text(callee.child_by_field_name("property")?, source);
    let receiver_text = node_text(receiver, source);
    if is_client(receiver_text) {
        return None;
    }
    let arguments = arguments(call.child_by_field_name("arguments")?);
    let line = call.start_position().row as u32 + 1;
    if name == "route" {
        if let [options] = arguments[..] {
            return fastify_route(options, source, line);
        }
    }
    let method = match verb(name) {
        Some(method) => method,
        None if name == "use" => "ANY",
        None => return None,
    };
    let (path, handlers) = match &arguments[..] {
        [first, rest @ ..] if javascript_string(*first, source).is_some() => {
            let first = javascript_string(*first, source)?;
            match rest {
                // koa-router's named route: `router.get('user', '/users/:id', show)`.
                [second, named_rest @ ..] if !first.starts_with('/') => {
                    (javascript_string(*second, source)?, named_rest)
                }
                _ => (first, rest),
            }
        }
        // `app.route('/book').get(list)`: the path is the chain's.
        handlers => (chained_route_path(receiver, source)?, handlers),
    };
    let handler = *handlers.last()?;
    // Middleware and options may stand between the path and the handler; data may not.
    let data = |node: &Node<'_>| {
        matches!(
            node.kind(),
            "string" | "template_string" | "number" | "true" | "false" | "null"
        )
    };
    if handlers.iter().any(data) {
        return None;
    }
    let by_name = matches!(
        handler.kind(),
        "identifier" | "member_expression" | "call_expression" | "array"
    );
    let trusted = server || is_server_name(receiver_text) || chained(receiver, source);
    let wraps_function = handler.kind() == "call_expression"
        && handler
            .child_by_field_name("arguments")
            .is_some_and(|arguments| {
                self::arguments(arguments)
                    .into_iter()
                    .any(is_javascript_function)
            });
    if !(is_javascript_function(handler) || wraps_function || by_name && trusted) {
        return None;
    }
    let handler = match handler.kind() {
        "identifier" | "member_expression" => handler_text(handler, source),
        "call_expression" => call_text(handler, source),
        _ => None,
    };
    Some(Route {
        method: method.to_string(),
        path: route_path(&path)?,
        line,
        handler,
    })
}

/// True when `receiver` is a route chain: `app.route('/book')`, `app.route('/book').get(list)`.
fn chained(receiver: Node<'_>, source: &str) -> bool {
    chained_route_path(receiver, source).is_some()
}

/// The path of Express's `app.route('/book')` at the start of a chain of method calls.
fn chained_route_path(receiver: Node<'_>, source: &str) -> Option<String> {
    let mut receiver = receiver;
    loop {
        if receiver.kind() != "call_expression" {
            return None;
        }
        let callee = receiver
            .child_by_field_name("function")
            .filter(|callee| callee.kind() == "member_expression")?;
        let name = node_text(callee.child_by_field_name("property")?, source);
        if name == "route" {
            let arguments = arguments(receiver.child_by_field_name("arguments")?);
            return match arguments[..] {
                [path] => javascript_string(path, source),
                _ => None,
            };
        }
        verb(name)?;
        receiver = callee.child_by_field_name("object")?;
    }
}

/// fastify's `app.route({ method: 'GET', url: '/x', handler })`: a method or a list of them, a
/// `url` (or `path`) and a handler.
fn fastify_route(options: Node<'_>, source: &str, line: u32) -> Option<Route> {
    if options.kind() != "object" {
        return None;
    }
    let mut method = None;
    let mut path = None;
    let mut handler = None;
    for pair in arguments(options) {
        match pair.kind() {
            // `{ handler }`
            "shorthand_property_identifier" if node_text(pair, source) == "handler" => {
                handler = Some(Some("handler".to_string()));
            }
            "pair" => {
                let (Some(key), Some(value)) = (
                    pair.child_by_field_name("key"),
                    pair.child_by_field_name("value"),
                ) else {
                    continue;
                };
                let value_text = |value| javascript_string(value, source);
                match crate::text::strip_quotes(node_text(key, source)) {
                    "method" => {
                        method = match value.kind() {
                            "array" => arguments(value)
                                .into_iter()
                                .map(|item| value_text(item).map(|m| m.to_ascii_uppercase()))
                                .collect::<Option<Vec<String>>>()
                                .map(|methods| methods.join(", ")),
                            _ => value_text(value).map(|m| m.to_ascii_uppercase()),
                        }
                    }
                    "url" | "path" => path = value_text(value),
                    "handler" => {
                        handler = Some(match value.kind() {
                            "identifier" | "member_expression" => handler_text(value, source),
                            _ => None,
                        })
                    }
                    _ => {}
                }
            }
            _ => {}
        }
    }
    Some(Route {
        method: method.filter(|method| !method.is_empty())?,
        path: route_path(&path?)?,
        line,
        handler: handler?,
    })
}

fn go_string(node: Node<'_>, source: &str) -> Option<String> {
    literal(
        node,
        source,
        &["interpreted_string_literal", "raw_string_literal"],
        &[
            "interpreted_string_literal_content",
            "raw_string_literal_content",
        ],
    )
}

/// The routes of a Go file: `http.HandleFunc("/x", h)` (and Go 1.22's `"GET /x"` patterns),
/// `mux.Handle("/x", h)`, chi's `r.Get("/x", h)`, `r.Method("GET", "/x", h)` and `r.Mount`,
/// gin's and echo's `r.POST("/x", h)`, httprouter's `r.Handle("GET", "/x", h)`, gorilla's
/// `r.HandleFunc("/x", h).Methods("GET")`. Prefixes given in the file are joined in front:
/// chi's `r.Route("/x", func(r chi.Router) { … })`, gin's and echo's `v1 := r.Group("/v1")`.
pub(crate) fn go(root: Node<'_>, source: &str) -> Vec<Route> {
    let mut routes = Vec::new();
    let has_path = source.contains("\"/")
        || source.contains("`/")
        || (source.contains(" /") && source.contains("Handle"));
    if has_path {
        go_routes_in(root, source, &HashMap::new(), 0, &mut routes);
    }
    routes
}

/// The routes registered under `scope`, `prefixes` naming the routers that have one.
fn go_routes_in(
    scope: Node<'_>,
    source: &str,
    prefixes: &HashMap<String, String>,
    depth: usize,
    routes: &mut Vec<Route>,
) {
    let mut prefixes = prefixes.clone();
    walk_preorder(scope, |node| match node.kind() {
        "short_var_declaration" | "assignment_statement" => {
            go_group_prefix(node, source, &mut prefixes);
            true
        }
        "call_expression" => {
            if let Some((body, router, prefix)) = go_subrouter(node, source, &prefixes) {
                if depth < MAX_NESTED_ROUTERS {
                    let mut inner = prefixes.clone();
                    if let Some(router) = router {
                        inner.insert(router, prefix);
                    }
                    go_routes_in(body, source, &inner, depth + 1, routes);
                }
                return false;
            }
            routes.extend(go_route(node, source, &prefixes));
            true
        }
        _ => true,
    });
}

/// `v1 := r.Group("/v1")`: `v1` routes under `r`'s prefix and `/v1`.
fn go_group_prefix(statement: Node<'_>, source: &str, prefixes: &mut HashMap<String, String>) {
    let (Some(left), Some(right)) = (
        statement.child_by_field_name("left"),
        statement.child_by_field_name("right"),
    ) else {
        return;
    };
    let (Some(name), Some(value)) = (left.named_child(0), right.named_child(0)) else {
        return;
    };
    if name.kind() != "identifier" || value.kind() != "call_expression" {
        return;
    }
    let prefix = go_receiver_prefix(value, source, prefixes, 0);
    let name = node_text(name, source).to_string();
    if prefix.is_empty() {
        // A name bound again to another router loses the prefix it had.
        prefixes.remove(&name);
    } else {
        prefixes.insert(name, prefix);
    }
}

/// `prefix` and `path` joined with one `/` between them; `/` under a prefix is the prefix
/// itself (chi's `r.Get("/", list)` inside `r.Route("/articles", …)` answers `/articles`).
fn join_paths(prefix: &str, path: &str) -> String {
    if path == "/" && !prefix.is_empty() {
        return prefix.to_string();
    }
    let prefix = match path.starts_with('/') {
        true => prefix.strip_suffix('/').unwrap_or(prefix),
        false => prefix,
    };
    format!("{prefix}{path}")
}

/// The prefix routes registered on `receiver` get: a named router's, a `Group("/x")`'s, and
/// the receiver's of a call that passes it on (`r.With(auth)`).
fn go_receiver_prefix(
    receiver: Node<'_>,
    source: &str,
    prefixes: &HashMap<String, String>,
    depth: usize,
) -> String {
    match receiver.kind() {
        "identifier" | "selector_expression" => prefixes
            .get(node_text(receiver, source))
            .cloned()
            .unwrap_or_default(),
        "call_expression" if depth < MAX_NESTED_ROUTERS => {
            let Some(callee) = receiver
                .child_by_field_name("function")
                .filter(|callee| callee.kind() == "selector_expression")
            else {
                return String::new();
            };
            let (Some(operand), Some(field)) = (
                callee.child_by_field_name("operand"),
                callee.child_by_field_name("field"),
            ) else {
                return String::new();
            };
            let base = go_receiver_prefix(operand, source, prefixes, depth + 1);
            let first = receiver
                .child_by_field_name("arguments")
                .and_then(|arguments| arguments.named_child(0))
                .and_then(|first| go_string(first, source))
                .and_then(|path| route_path(&path));
            match (node_text(field, source), first) {
                ("Group", Some(path)) => join_paths(&base, &path),
                _ => base,
            }
        }
        _ => String::new(),
    }
}

/// chi's `r.Route("/x", func(r chi.Router) { … })` and `r.Group(func(r chi.Router) { … })`:
/// the function's body, the name it gives the router, and the prefix routes get in it.
fn go_subrouter<'tree>(
    call: Node<'tree>,
    source: &str,
    prefixes: &HashMap<String, String>,
) -> Option<(Node<'tree>, Option<String>, String)> {
    let callee = call
        .child_by_field_name("function")
        .filter(|callee| callee.kind() == "selector_expression")?;
    let name = node_text(callee.child_by_field_name("field")?, source);
    let arguments = arguments(call.child_by_field_name("arguments")?);
    let (path, function) = match (name, &arguments[..]) {
        ("Route", [path, function]) => (route_path(&go_string(*path, source)?)?, *function),
        ("Group", [function]) => (String::new(), *function),
        _ => return None,
    };
    if function.kind() != "func_literal" {
        return None;
    }
    let base = go_receiver_prefix(callee.child_by_field_name("operand")?, source, prefixes, 0);
    let router = function
        .child_by_field_name("parameters")
        .and_then(|parameters| parameters.named_child(0))
        .and_then(|parameter| parameter.child_by_field_name("name"))
        .map(|name| node_text(name, source).to_string());
    Some((
        function.child_by_field_name("body")?,
        router,
        join_paths(&base, &path),
    ))
}

fn go_route(call: Node<'_>, source: &str, prefixes: &HashMap<String, String>) -> Option<Route> {
    let callee = call
        .child_by_field_name("function")
        .filter(|callee| callee.kind() == "selector_expression")?;
    let receiver = callee.child_by_field_name("operand")?;
    let name = node_text(callee.child_by_field_name("field")?, source);
    let receiver_name = last_name(node_text(receiver, source));
    if receiver_name.contains("client") || matches!(receiver_name.as_str(), "req" | "request") {
        return None;
    }
    let arguments = arguments(call.child_by_field_name("arguments")?);
    let string = |at: usize| arguments.get(at).and_then(|node| go_string(*node, source));
    let (method, path, handlers) = match verb(name) {
        Some(method) => (method.to_string(), string(0)?, arguments.get(1..)?),
        None => match name.to_ascii_lowercase().as_str() {
            // httprouter's `Handle("GET", "/x", h)`.
            "handle" | "handlefunc" | "handler"
                if string(0).as_deref().and_then(verb).is_some() =>
            {
                let method = string(0).as_deref().and_then(verb)?.to_string();
                (method, string(1)?, arguments.get(2..)?)
            }
            // chi's `Method("GET", "/x", h)`, and its methods of one's own making
            // (`MethodFunc("LINK", "/link", h)` after `chi.RegisterMethod("LINK")`).
            "method" | "methodfunc" => {
                let method = string(0)?;
                let custom = (1..=16).contains(&method.len())
                    && method.bytes().all(|byte| byte.is_ascii_uppercase());
                let method = match verb(&method) {
                    Some(method) => method.to_string(),
                    None if custom => method,
                    None => return None,
                };
                (method, string(1)?, arguments.get(2..)?)
            }
            // Go 1.22's `"GET /items/{id}"` patterns.
            "handle" | "handlefunc" | "mount" => {
                let pattern = string(0)?;
                match pattern.split_once(' ') {
                    Some((method, path)) if verb(method).is_some() => (
                        verb(method)?.to_string(),
                        path.trim_start().to_string(),
                        arguments.get(1..)?,
                    ),
                    _ => ("ANY".to_string(), pattern, arguments.get(1..)?),
                }
            }
            _ => return None,
        },
    };
    // Every argument after the path is a handler or a middleware: `http.Post(url,
    // "application/json", body)` passes data.
    let handler_names = handlers
        .iter()
        .map(|handler| go_handler(*handler, source))
        .collect::<Option<Vec<Option<String>>>>()?;
    let handler_name = handler_names.last()?.clone();
    let path = route_path(&path)?;
    let prefix = go_receiver_prefix(receiver, source, prefixes, 0);
    Some(Route {
        method: gorilla_methods(call, source).unwrap_or(method),
        path: join_paths(&prefix, &path),
        line: call.start_position().row as u32 + 1,
        handler: handler_name,
    })
}

/// What a Go handler argument is called: `Some(name)` for a name, a call or a value made on
/// the spot (`&Handler{…}`), `Some(None)` for a function literal; `None` for anything that is
/// no handler (a string, a number, `&value`: a handler is made, not borrowed).
fn go_handler(handler: Node<'_>, source: &str) -> Option<Option<String>> {
    match handler.kind() {
        "identifier" | "selector_expression" | "composite_literal" => {
            Some(handler_text(handler, source))
        }
        "call_expression" => Some(call_text(handler, source)),
        "func_literal" => Some(None),
        "unary_expression"
            if handler
                .child_by_field_name("operand")
                .is_some_and(|operand| operand.kind() == "composite_literal") =>
        {
            Some(handler_text(handler, source))
        }
        _ => None,
    }
}

/// gorilla/mux's `r.HandleFunc("/x", h).Methods("GET", "POST")`: the methods the chain names.
fn gorilla_methods(call: Node<'_>, source: &str) -> Option<String> {
    let selector = call
        .parent()
        .filter(|parent| parent.kind() == "selector_expression")?;
    let field = selector.child_by_field_name("field")?;
    if node_text(field, source) != "Methods" {
        return None;
    }
    let chained = selector
        .parent()
        .filter(|parent| parent.kind() == "call_expression")?;
    let methods = arguments(chained.child_by_field_name("arguments")?)
        .into_iter()
        .map(|argument| go_string(argument, source).map(|m| m.to_ascii_uppercase()))
        .collect::<Option<Vec<String>>>()?;
    (!methods.is_empty()).then(|| methods.join(", "))
}

/// The routes of a Ruby file: Sinatra's `get '/x' do … end` (at the top level or in a class
/// body), and Rails' `get '/x', to: 'users#index'`. A call with a receiver (`client.get`) or
/// with neither a block nor a `to:` (a request spec's `get '/x'`) registers nothing.
pub(crate) fn ruby(root: Node<'_>, source: &str) -> Vec<Route> {
    let mut routes = Vec::new();
    if !(source.contains("'/") || source.contains("\"/")) {
        return routes;
    }
    walk_preorder(root, |node| {
        if node.kind() == "call" {
            routes.extend(ruby_route(node, source));
        }
        true
    });
    routes
}

fn ruby_route(call: Node<'_>, source: &str) -> Option<Route> {
    if call.child_by_field_name("receiver").is_some() {
        return None;
    }
    let method = verb(node_text(call.child_by_field_name("method")?, source))?;
    let arguments = arguments(call.child_by_field_name("arguments")?);
    let string = |node: Node<'_>| literal(node, source, &["string"], &["string_content"]);
    let path = route_path(&string(*arguments.first()?)?)?;
    let to = arguments.iter().skip(1).find_map(|pair| {
        let key = pair.child_by_field_name("key")?;
        let key = node_text(key, source)
            .trim_end_matches(':')
            .trim_start_matches(':');
        (pair.kind() == "pair" && key == "to")
            .then(|| string(pair.child_by_field_name("value")?))
            .flatten()
    });
    if to.is_none() && call.child_by_field_name("block").is_none() {
        return None;
    }
    Some(Route {
        method: method.to_string(),
        path,
        line: call.start_position().row as u32 + 1,
        handler: to,
    })
}

fn php_string(node: Node<'_>, source: &str) -> Option<String> {
    literal(
        node,
        source,
        &["string", "encapsed_string"],
        &["string_content"],
    )
}

/// The expressions of a PHP call's `argument`s.
fn php_arguments<'tree>(call: Node<'tree>) -> Option<Vec<Node<'tree>>> {
    let list = call.child_by_field_name("arguments")?;
    Some(
        arguments(list)
            .into_iter()
            .filter_map(|argument| match argument.kind() {
                "argument" => argument.named_child(0),
                _ => Some(argument),
            })
            .collect(),
    )
}

/// The routes of a PHP file: Laravel's `Route::get('/x', [UserController::class, 'index'])`
/// and `Route::match(['get', 'post'], '/x', …)`, whose paths may leave out the leading `/`
/// (the facade leaves no doubt that they are routes), and Slim's `$app->get('/x', function
/// ($request, $response) { … })`.
pub(crate) fn php(root: Node<'_>, source: &str) -> Vec<Route> {
    let mut routes = Vec::new();
    if !(source.contains("Route::") || source.contains("'/") || source.contains("\"/")) {
        return routes;
    }
    walk_preorder(root, |node| {
        match node.kind() {
            "scoped_call_expression" => routes.extend(laravel_route(node, source)),
            "member_call_expression" => routes.extend(slim_route(node, source)),
            _ => {}
        }
        true
    });
    routes
}

fn laravel_route(call: Node<'_>, source: &str) -> Option<Route> {
    let scope = node_text(call.child_by_field_name("scope")?, source);
    if scope.rsplit('\\').next() != Some("Route") {
        return None;
    }
    let name = node_text(call.child_by_field_name("name")?, source);
    let arguments = php_arguments(call)?;
    let (method, path, handler) = match (name, &arguments[..]) {
        ("match", [methods, path, handler, ..]) => {
            let methods = arguments_of_array(*methods)
                .into_iter()
                .map(|item| php_string(item, source).map(|m| m.to_ascii_uppercase()))
                .collect::<Option<Vec<String>>>()?;
            (methods.join(", "), *path, *handler)
        }
        (name, [path, handler, ..]) => (verb(name)?.to_string(), *path, *handler),
        _ => return None,
    };
    let path = php_string(path, source)?;
    let path = match path.strip_prefix('/') {
        Some(_) => path,
        None => format!("/{path}"),
    };
    Some(Route {
        method,
        path: route_path(&path)?,
        line: call.start_position().row as u32 + 1,
        handler: php_handler(handler, source).flatten(),
    })
}

/// The items of a PHP array literal.
fn arguments_of_array(array: Node<'_>) -> Vec<Node<'_>> {
    if array.kind() != "array_creation_expression" {
        return Vec::new();
    }
    arguments(array)
        .into_iter()
        .filter_map(|item| item.named_child(0))
        .collect()
}

/// A PHP handler: `Some(None)` for a closure, `Some(name)` for `[UserController::class,
/// 'index']` (`UserController::index`), `'UserController@index'`, Slim's `'Home:show'` and an
/// invokable `Controller::class`; `None` for anything else, which no router takes (an options
/// array, a variable).
fn php_handler(handler: Node<'_>, source: &str) -> Option<Option<String>> {
    match handler.kind() {
        "anonymous_function" | "arrow_function" | "anonymous_function_creation_expression" => {
            Some(None)
        }
        "string" | "encapsed_string" => {
            let text = php_string(handler, source)?;
            text.contains(['@', ':']).then_some(Some(text))
        }
        "class_constant_access_expression" => {
            let text = node_text(handler, source);
            text.strip_suffix("::class")
                .map(|class| Some(class.to_string()))
        }
        "array_creation_expression" => match arguments_of_array(handler)[..] {
            [class, method] => {
                let class = node_text(class, source).strip_suffix("::class")?;
                let method = php_string(method, source)?;
                Some(Some(format!("{class}::{method}")))
            }
            _ => None,
        },
        _ => None,
    }
}

fn slim_route(call: Node<'_>, source: &str) -> Option<Route> {
    let receiver = node_text(call.child_by_field_name("object")?, source);
    if is_client(receiver) || last_name(receiver) == "this" {
        return None;
    }
    let name = node_text(call.child_by_field_name("name")?, source);
    let method = verb(name)?;
    let arguments = php_arguments(call)?;
    let [path, handler] = arguments[..] else {
        return None;
    };
    Some(Route {
        method: method.to_string(),
        path: route_path(&php_string(path, source)?)?,
        line: call.start_position().row as u32 + 1,
        handler: php_handler(handler, source)?,
    })
}

#[cfg(test)]
mod tests;
