//! Go build constraints: the `//go:build` line (or the legacy `// +build` lines) at the top of
//! a file, parsed and read for the default build, `go build` without custom tags on any
//! platform.
//!
//! An expression is evaluated in three values. A custom tag (`nomsgpack`, `go_json`, `ignore`)
//! is false; a platform fact (GOARCH, `cgo`, the compiler, a recent `go1.N`, a `goexperiment.`
//! flag) may hold, and a `go1.N` every supported toolchain is past holds; a GOOS term (and `unix`) holds on the GOOS being tried and on no other. A file is
//! on by default when the expression may hold on some GOOS: a file for one platform is a
//! platform variant that its platform builds, not an alternative that builds leave out.

use cartograph_core::go_build::{implied_os, KNOWN_ARCH, KNOWN_OS, UNIX_OS};
use cartograph_core::BuildConstraint;

/// A constraint deeper than this is not read (no real one comes close).
const MAX_DEPTH: usize = 64;
/// Listed as `only_on` when at most this many GOOS values are.
const FEW_PLATFORMS: usize = 6;
/// Listed as `never_on` when at most this many GOOS values are (`unix` leaves out six, which
/// say less than its name).
const FEW_LEFT_OUT: usize = 3;

/// A truth value where platform facts may go either way.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Truth {
    False,
    Maybe,
    True,
}

impl Truth {
    fn of(holds: bool) -> Truth {
        if holds {
            Truth::True
        } else {
            Truth::False
        }
    }

    fn not(self) -> Truth {
        match self {
            Truth::False => Truth::True,
            Truth::Maybe => Truth::Maybe,
            Truth::True => Truth::False,
        }
    }

    fn and(self, other: Truth) -> Truth {
        match (self, other) {
            (Truth::False, _) | (_, Truth::False) => Truth::False,
            (Truth::True, Truth::True) => Truth::True,
            _ => Truth::Maybe,
        }
    }

    fn or(self, other: Truth) -> Truth {
        match (self, other) {
            (Truth::True, _) | (_, Truth::True) => Truth::True,
            (Truth::False, Truth::False) => Truth::False,
            _ => Truth::Maybe,
        }
    }
}

/// A parsed constraint expression.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Expr {
    Tag(String),
    Not(Box<Expr>),
    And(Box<Expr>, Box<Expr>),
    Or(Box<Expr>, Box<Expr>),
}

impl Expr {
    /// The value of the expression when each tag has the value `tag` gives it.
    pub(crate) fn eval(&self, tag: &dyn Fn(&str) -> Truth) -> Truth {
        match self {
            Expr::Tag(name) => tag(name),
            Expr::Not(inner) => inner.eval(tag).not(),
            Expr::And(left, right) => left.eval(tag).and(right.eval(tag)),
            Expr::Or(left, right) => left.eval(tag).or(right.eval(tag)),
        }
    }

    fn tags<'e>(&'e self, out: &mut Vec<&'e str>) {
        match self {
            Expr::Tag(name) => out.push(name),
            Expr::Not(inner) => inner.tags(out),
            Expr::And(left, right) | Expr::Or(left, right) => {
                left.tags(out);
                right.tags(out);
            }
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Token<'s> {
    Tag(&'s str),
    Not,
    And,
    Or,
    Open,
    Close,
}

fn tokens(text: &str) -> Option<Vec<Token<'_>>> {
    let mut out = Vec::new();
    let mut rest = text.trim_start();
    while !rest.is_empty() {
        let (token, len) = if rest.starts_with("&&") {
            (Token::And, 2)
        } else if rest.starts_with("||") {
            (Token::Or, 2)
        } else if rest.starts_with('!') {
            (Token::Not, 1)
        } else if rest.starts_with('(') {
            (Token::Open, 1)
        } else if rest.starts_with(')') {
            (Token::Close, 1)
        } else {
            let len = rest
                .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '.'))
                .unwrap_or(rest.len());
            if len == 0 {
                return None;
            }
            (Token::Tag(&rest[..len]), len)
        };
        out.push(token);
        rest = rest[len..].trim_start();
    }
    Some(out)
}

/// Parses a `//go:build` expression: `||` binds loosest, then `&&`, then `!`; parentheses
/// group. `None` for anything else.
pub(crate) fn parse_expr(text: &str) -> Option<Expr> {
    let tokens = tokens(text)?;
    let mut parser = Parser { tokens, at: 0 };
    let expr = parser.or(0)?;
    (parser.at == parser.tokens.len()).then_some(expr)
}

struct Parser<'s> {
    tokens: Vec<Token<'s>>,
    at: usize,
}

impl Parser<'_> {
    fn eat(&mut self, token: &Token<'_>) -> bool {
        let found = self.tokens.get(self.at) == Some(token);
        if found {
            self.at += 1;
        }
        found
    }

    fn or(&mut self, depth: usize) -> Option<Expr> {
        let mut left = self.and(depth)?;
        while self.eat(&Token::Or) {
            left = Expr::Or(Box::new(left), Box::new(self.and(depth)?));
        }
        Some(left)
    }

    fn and(&mut self, depth: usize) -> Option<Expr> {
        let mut left = self.unary(depth)?;
        while self.eat(&Token::And) {
            left = Expr::And(Box::new(left), Box::new(self.unary(depth)?));
        }
        Some(left)
    }

    fn unary(&mut self, depth: usize) -> Option<Expr> {
        if depth > MAX_DEPTH {
            return None;
        }
        let token = self.tokens.get(self.at)?.clone();
        self.at += 1;
        match token {
            Token::Not => Some(Expr::Not(Box::new(self.unary(depth + 1)?))),
            Token::Open => {
                let inner = self.or(depth + 1)?;
                self.eat(&Token::Close).then_some(inner)
            }
            Token::Tag(name) => Some(Expr::Tag(name.to_string())),
            Token::And | Token::Or | Token::Close => None,
        }
    }
}

/// True for a tag that names the platform or the toolchain rather than a choice of the
/// builder: GOOS, GOARCH, `unix`, `cgo`, the compiler, `go1.N`, `goexperiment.X`.
fn is_platform_term(tag: &str) -> bool {
    KNOWN_OS.contains(&tag)
        || KNOWN_ARCH.contains(&tag)
        || matches!(tag, "unix" | "cgo" | "gc" | "gccgo")
        || tag.starts_with("goexperiment.")
        || tag
            .strip_prefix("go1.")
            .is_some_and(|minor| !minor.is_empty() && minor.bytes().all(|b| b.is_ascii_digit()))
}

/// The newest `go1.N` every supported toolchain satisfies: since Go 1.21 a module's `go`
/// line is a minimum no older toolchain builds, and Go supports its last two releases.
const OLDEST_TOOLCHAIN_MINOR: u32 = 21;

/// True for `go1.N` with N at most `OLDEST_TOOLCHAIN_MINOR`.
fn released_long_ago(tag: &str) -> bool {
    tag.strip_prefix("go1.")
        .and_then(|minor| minor.parse::<u32>().ok())
        .is_some_and(|minor| minor <= OLDEST_TOOLCHAIN_MINOR)
}

/// The value of `tag` when building for `goos` with the custom tags `set`.
fn term(tag: &str, goos: &str, set: &[&str]) -> Truth {
    if set.contains(&tag) {
        Truth::True
    } else if KNOWN_OS.contains(&tag) {
        Truth::of(tag == goos || implied_os(goos) == Some(tag))
    } else if tag == "wasm" {
        // The one architecture of `js` and `wasip1`, and of no other system.
        Truth::of(matches!(goos, "js" | "wasip1"))
    } else if tag == "unix" {
        Truth::of(UNIX_OS.contains(&goos))
    } else if released_long_ago(tag) {
        // Every toolchain a module can be built with today is past it: `!go1.20` is off
        // (go-retryablehttp's `cert_error_go119.go` is never compiled).
        Truth::True
    } else if is_platform_term(tag) {
        Truth::Maybe
    } else {
        Truth::False
    }
}

/// The GOOS values `expr` may hold on with the custom tags `set`.
fn platforms<'p>(expr: &Expr, set: &[&str]) -> Vec<&'p str> {
    KNOWN_OS
        .iter()
        .copied()
        .filter(|goos| expr.eval(&|tag| term(tag, goos, set)) != Truth::False)
        .collect()
}

/// `goos` values without those another of them implies (`android` beside `linux`).
fn folded(goos: &[&str]) -> Vec<String> {
    goos.iter()
        .filter(|os| implied_os(os).is_none_or(|implied| !goos.contains(&implied)))
        .map(|os| os.to_string())
        .collect()
}

/// What `expr` (as written after `//go:build`) means for the default build.
pub(crate) fn constraint(expr: &str) -> BuildConstraint {
    let expr = expr.trim();
    let Some(parsed) = parse_expr(expr) else {
        return BuildConstraint {
            expr: expr.to_string(),
            default_build: true,
            ..BuildConstraint::default()
        };
    };
    let on = platforms(&parsed, &[]);
    let mut built = BuildConstraint {
        expr: expr.to_string(),
        default_build: !on.is_empty(),
        ..BuildConstraint::default()
    };
    // The custom tags each of which, set alone, builds the file on more systems than `on`.
    let enabling = || -> Vec<String> {
        let mut tags = Vec::new();
        parsed.tags(&mut tags);
        tags.retain(|tag| !is_platform_term(tag));
        tags.sort_unstable();
        tags.dedup();
        tags.into_iter()
            .filter(|tag| platforms(&parsed, &[tag]).len() > on.len())
            .map(str::to_string)
            .collect()
    };
    if on.is_empty() {
        built.enabling_tags = enabling();
    } else if on.len() < KNOWN_OS.len() {
        built.built_on = on.iter().map(|os| os.to_string()).collect();
        let only = folded(&on);
        let off: Vec<&str> = KNOWN_OS
            .iter()
            .copied()
            .filter(|goos| !on.contains(goos))
            .collect();
        let never = folded(&off);
        if only.len() <= FEW_PLATFORMS {
            built.only_on = only;
            // go-isatty's `isatty_others.go`, `(appengine || js || tinygo || wasm) &&
            // !windows`: on `js` and `wasip1`, and with `tinygo` on most systems.
            built.enabling_tags = enabling();
        } else if never.len() <= FEW_LEFT_OUT {
            built.never_on = never;
        }
    }
    built
}

/// The build constraint at the top of a Go file: the `//go:build` line, else the legacy
/// `// +build` lines (each line's space-separated options or'ed, a comma and'ing terms, the
/// lines and'ed), as `go/build` reads them: among the line comments and blank lines before
/// anything else, a `// +build` line counting only in a block followed by a blank line.
pub(crate) fn find(source: &str) -> Option<BuildConstraint> {
    let mut legacy: Vec<String> = Vec::new();
    let mut pending: Vec<String> = Vec::new();
    for line in source.lines() {
        let line = line.trim();
        if line.is_empty() {
            legacy.append(&mut pending);
            continue;
        }
        let Some(comment) = line.strip_prefix("//") else {
            break;
        };
        if let Some(expr) = comment.strip_prefix("go:build") {
            if expr.is_empty() || expr.starts_with([' ', '\t']) {
                return Some(constraint(expr));
            }
        }
        if let Some(options) = comment.trim_start().strip_prefix("+build") {
            if options.is_empty() || options.starts_with([' ', '\t']) {
                pending.push(legacy_line(options));
            }
        }
    }
    if legacy.is_empty() {
        return None;
    }
    let expr = if legacy.len() == 1 {
        legacy.remove(0)
    } else {
        legacy
            .iter()
            .map(|line| format!("({line})"))
            .collect::<Vec<_>>()
            .join(" && ")
    };
    Some(constraint(&expr))
}

/// One `// +build` line as an expression: `linux,386 darwin,!cgo` is
/// `(linux && 386) || (darwin && !cgo)`.
fn legacy_line(options: &str) -> String {
    let options: Vec<String> = options
        .split_whitespace()
        .map(|option| {
            let terms: Vec<&str> = option.split(',').collect();
            if terms.len() > 1 {
                format!("({})", terms.join(" && "))
            } else {
                option.to_string()
            }
        })
        .collect();
    options.join(" || ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn value(expr: &str, goos: &str, set: &[&str]) -> Truth {
        parse_expr(expr)
            .map(|parsed| parsed.eval(&|tag| term(tag, goos, set)))
            .unwrap_or(Truth::Maybe)
    }

    #[test]
    fn expressions_parse_with_go_precedence() {
        assert_eq!(
            parse_expr("a || b && !c"),
            Some(Expr::Or(
                Box::new(Expr::Tag("a".into())),
                Box::new(Expr::And(
                    Box::new(Expr::Tag("b".into())),
                    Box::new(Expr::Not(Box::new(Expr::Tag("c".into()))))
                ))
            ))
        );
        assert_eq!(
            parse_expr("!(a||b)"),
            Some(Expr::Not(Box::new(Expr::Or(
                Box::new(Expr::Tag("a".into())),
                Box::new(Expr::Tag("b".into()))
            ))))
        );
        for broken in ["", "a &&", "(a", "a)", "a b", "a & b", "!", "a || || b"] {
            assert_eq!(parse_expr(broken), None, "{broken}");
        }
        let deep = format!("{}a{}", "(".repeat(500), ")".repeat(500));
        assert_eq!(parse_expr(&deep), None);
    }

    #[test]
    fn custom_tags_are_false_and_platform_facts_may_hold() {
        assert_eq!(value("nomsgpack", "linux", &[]), Truth::False);
        assert_eq!(value("!nomsgpack", "linux", &[]), Truth::True);
        assert_eq!(value("nomsgpack", "linux", &["nomsgpack"]), Truth::True);
        assert_eq!(value("linux", "linux", &[]), Truth::True);
        assert_eq!(value("linux", "android", &[]), Truth::True);
        assert_eq!(value("linux", "windows", &[]), Truth::False);
        assert_eq!(value("unix", "darwin", &[]), Truth::True);
        assert_eq!(value("unix", "windows", &[]), Truth::False);
        assert_eq!(value("amd64 && cgo", "linux", &[]), Truth::Maybe);
        assert_eq!(value("go1.18 || ignore", "linux", &[]), Truth::True);
        assert_eq!(value("go1.24 || ignore", "linux", &[]), Truth::Maybe);
        assert_eq!(value("!go1.20", "linux", &[]), Truth::False);
        assert_eq!(value("!go1.18 && ignore", "linux", &[]), Truth::False);
        assert_eq!(
            value("sonic && (linux || windows)", "linux", &[]),
            Truth::False
        );
        assert_eq!(
            value(
                "!jsoniter && !go_json && !(sonic && (linux || windows || darwin))",
                "linux",
                &[]
            ),
            Truth::True
        );
    }

    #[test]
    fn a_constraint_needing_a_custom_tag_is_off_by_default() {
        let gin = [
            ("nomsgpack", false, &["nomsgpack"][..]),
            ("!nomsgpack", true, &[]),
            ("go_json", false, &["go_json"]),
            ("jsoniter && !appengine", false, &["jsoniter"]),
            ("sonic && (linux || windows || darwin)", false, &["sonic"]),
            (
                "!jsoniter && !go_json && !(sonic && (linux || windows || darwin))",
                true,
                &[],
            ),
            ("ignore", false, &["ignore"]),
            ("a || b", false, &["a", "b"]),
            ("a && b", false, &[]),
            ("linux && amd64", true, &[]),
            ("cgo", true, &[]),
            ("go1.21", true, &[]),
            // Built on `linux`, and elsewhere with the tag.
            ("appengine || (linux && !appengine)", true, &["appengine"]),
        ];
        for (expr, on, tags) in gin {
            let found = constraint(expr);
            assert_eq!(found.default_build, on, "{expr}");
            assert_eq!(found.enabling_tags, tags, "{expr}");
            assert_eq!(found.expr, expr);
        }
        // What does not parse claims nothing.
        assert!(constraint("a &&").default_build);
    }

    #[test]
    fn a_platform_variant_names_its_few_platforms() {
        let only = |expr: &str| constraint(expr).only_on;
        let never = |expr: &str| constraint(expr).never_on;
        assert_eq!(only("windows"), ["windows"]);
        assert_eq!(only("linux"), ["linux"]);
        assert_eq!(only("linux || darwin"), ["darwin", "linux"]);
        assert_eq!(only("windows && amd64"), ["windows"]);
        assert_eq!(never("!windows"), ["windows"]);
        assert_eq!(never("!linux"), ["linux"]);
        assert!(only("unix").is_empty() && never("unix").is_empty());
        assert!(only("amd64").is_empty() && never("amd64").is_empty());
        assert!(only("!nomsgpack").is_empty() && never("!nomsgpack").is_empty());
        // go-isatty: `wasm` is the architecture of `js` and `wasip1` alone, and a custom tag
        // that builds a variant elsewhere is said.
        let others = constraint(
            "(appengine || js || nacl || tinygo || wasm || wasip1 || wasip2) && !windows",
        );
        assert_eq!(others.only_on, ["js", "nacl", "wasip1"]);
        // `wasip2` is TinyGo's, a custom tag to `go build`.
        assert_eq!(others.enabling_tags, ["appengine", "tinygo", "wasip2"]);
        assert_eq!(
            only("(darwin || freebsd || openbsd || netbsd || dragonfly || hurd) && !appengine && !tinygo"),
            ["darwin", "dragonfly", "freebsd", "hurd", "netbsd", "openbsd"]
        );
    }

    #[test]
    fn the_constraint_is_read_from_the_top_of_the_file() {
        let at_top = |source: &str| find(source).map(|found| (found.expr, found.default_build));
        assert_eq!(
            at_top("// Copyright.\n// License.\n\n//go:build nomsgpack\n\npackage binding\n"),
            Some(("nomsgpack".to_string(), false))
        );
        assert_eq!(
            at_top("//go:build !nomsgpack\n// +build !nomsgpack\n\npackage binding\n"),
            Some(("!nomsgpack".to_string(), true))
        );
        assert_eq!(
            at_top("// +build linux,386 darwin,!cgo\n// +build !appengine\n\npackage x\n"),
            Some((
                "((linux && 386) || (darwin && !cgo)) && (!appengine)".to_string(),
                true
            ))
        );
        assert_eq!(
            at_top("// +build ignore\n\npackage main\n").map(|(_, on)| on),
            Some(false)
        );
        // A `+build` line in the package comment, with no blank line after it, is no constraint.
        assert_eq!(at_top("// +build ignore\npackage main\n"), None);
        assert_eq!(at_top("package x\n\n//go:build ignore\n"), None);
        assert_eq!(at_top("/* c */\n//go:build ignore\npackage x\n"), None);
        assert_eq!(at_top("//go:buildx ignore\npackage x\n"), None);
        assert_eq!(at_top("package x\n"), None);
    }
}
