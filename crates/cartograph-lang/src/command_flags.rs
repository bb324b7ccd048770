//! The command-line flags a program defines, read from the syntax tree: Go's `flag` and
//! `pflag` packages and their flag sets (`flag.BoolVar(&v, "h", false, "show help")`,
//! `fs.StringP("output", "o", "", "where to write")`), Python's argparse
//! (`parser.add_argument("--count", "-c", help="…")`) and click (`@click.option("--count",
//! help="…")`), and commander in JavaScript and TypeScript (`.option('-p, --port <number>',
//! 'port to use')`). Only names written as plain string literals count: a flag is what a user
//! types, so a computed one says nothing certain.

use crate::languages::walk_preorder;
use crate::text::node_text;
use cartograph_core::{CommandFlag, Language};
use tree_sitter::Node;

/// How many flags of one file are kept.
const MAX_FLAGS: usize = 64;
/// The longest help text kept; a longer one is cut at a word.
const MAX_HELP: usize = 160;

/// The flags the file defines, in file order.
pub(crate) fn collect(language: Language, root: Node<'_>, source: &str) -> Vec<CommandFlag> {
    let mut flags: Vec<CommandFlag> = Vec::new();
    match language {
        Language::Go => go_flags(root, source, &mut flags),
        Language::Python => python_flags(root, source, &mut flags),
        Language::JavaScript | Language::TypeScript | Language::Tsx => {
            commander_flags(root, source, &mut flags);
        }
        _ => {}
    }
    flags.truncate(MAX_FLAGS);
    flags
}

/// The text of a string literal without its quotes (and Python's prefixes); `None` for
/// another node, or a literal that interpolates (`f"{x}"`, `` `${x}` ``).
fn string_literal(node: Node<'_>, source: &str) -> Option<String> {
    if !matches!(
        node.kind(),
        "interpreted_string_literal" | "raw_string_literal" | "string" | "template_string"
    ) {
        return None;
    }
    let text = node_text(node, source);
    let prefix = text
        .find(['"', '\'', '`'])
        .filter(|at| text[..*at].chars().all(|c| c.is_ascii_alphabetic()))?;
    let (prefix, quoted) = text.split_at(prefix);
    if prefix.to_ascii_lowercase().contains('f') || (quoted.starts_with('`') && text.contains("${"))
    {
        return None;
    }
    for quote in ["\"\"\"", "'''", "\"", "'", "`"] {
        if let Some(inner) = quoted
            .strip_prefix(quote)
            .and_then(|rest| rest.strip_suffix(quote))
        {
            return Some(inner.to_string());
        }
    }
    None
}

/// A help text as shown: white space collapsed, at most [`MAX_HELP`] characters.
fn help_text(text: &str) -> Option<String> {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.is_empty() {
        return None;
    }
    if text.chars().count() <= MAX_HELP {
        return Some(text);
    }
    let cut: String = text.chars().take(MAX_HELP).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(head, _)| head);
    Some(format!("{cut} …"))
}

fn line_of(node: Node<'_>) -> u32 {
    u32::try_from(node.start_position().row + 1).unwrap_or(u32::MAX)
}

/// The methods of Go's `flag.FlagSet` and pflag's that define a flag, without their `Var`
/// and `P` suffixes: `String`, `StringVar`, `StringP`, `StringVarP`.
fn go_defines_flag(method: &str) -> Option<bool> {
    const KINDS: &[&str] = &[
        "Bool",
        "String",
        "Int",
        "Int8",
        "Int16",
        "Int32",
        "Int64",
        "Uint",
        "Uint8",
        "Uint16",
        "Uint32",
        "Uint64",
        "Float32",
        "Float64",
        "Duration",
        "Func",
        "BoolFunc",
        "TextVar",
        "Var",
        "StringSlice",
        "StringArray",
        "StringToString",
        "IntSlice",
        "BoolSlice",
        "Count",
        "IP",
        "IPNet",
    ];
    // pflag's `…P` takes a one-letter shorthand after the name.
    let (base, shorthand) = match method.strip_suffix('P') {
        Some(base) if !base.is_empty() && method != "IP" => (base, true),
        _ => (method, false),
    };
    let base = match base.strip_suffix("Var") {
        Some(kind) if !kind.is_empty() => kind,
        _ => base,
    };
    KINDS.contains(&base).then_some(shorthand)
}

/// Go: calls on `flag`, `pflag`, or a flag set the file makes with `flag.NewFlagSet` or
/// `pflag.NewFlagSet` (`fs := flag.NewFlagSet("serve", flag.ExitOnError)`).
fn go_flags(root: Node<'_>, source: &str, flags: &mut Vec<CommandFlag>) {
    let mut sets: Vec<&str> = Vec::new();
    walk_preorder(root, |node| {
        if matches!(
            node.kind(),
            "short_var_declaration" | "assignment_statement"
        ) {
            let left = node.child_by_field_name("left");
            let right = node.child_by_field_name("right");
            if let (Some(left), Some(right)) = (left, right) {
                let value = node_text(right, source);
                if value.starts_with("flag.NewFlagSet(") || value.starts_with("pflag.NewFlagSet(") {
                    sets.push(node_text(left, source));
                }
            }
        }
        true
    });
    walk_preorder(root, |node| {
        if node.kind() != "call_expression" {
            return true;
        }
        let Some(function) = node
            .child_by_field_name("function")
            .filter(|function| function.kind() == "selector_expression")
        else {
            return true;
        };
        let operand = function
            .child_by_field_name("operand")
            .map(|operand| node_text(operand, source))
            .unwrap_or_default();
        let method = function
            .child_by_field_name("field")
            .map(|field| node_text(field, source))
            .unwrap_or_default();
        let pflag = operand == "pflag";
        if !(operand == "flag" || pflag || sets.contains(&operand)) {
            return true;
        }
        let Some(shorthand) = go_defines_flag(method) else {
            return true;
        };
        let Some(arguments) = node.child_by_field_name("arguments") else {
            return true;
        };
        let mut cursor = arguments.walk();
        let literals: Vec<Option<String>> = arguments
            .named_children(&mut cursor)
            .filter(|argument| argument.kind() != "comment")
            .map(|argument| string_literal(argument, source))
            .collect();
        // The name is the first string argument; the usage the last, after it.
        let Some(at) = literals.iter().position(Option::is_some) else {
            return true;
        };
        let Some(Some(name)) = literals.get(at) else {
            return true;
        };
        if name.is_empty() || name.contains(char::is_whitespace) {
            return true;
        }
        // pflag writes `--name`; Go's own package takes `-name` (and `--name`).
        let mut shown = if pflag || sets.contains(&operand) && method.ends_with('P') {
            format!("--{name}")
        } else {
            format!("-{name}")
        };
        if shorthand {
            if let Some(Some(short)) = literals.get(at + 1).filter(|short| {
                short
                    .as_deref()
                    .is_some_and(|short| short.chars().count() == 1)
            }) {
                shown = format!("--{name}, -{short}");
            }
        }
        let help = literals
            .iter()
            .rposition(Option::is_some)
            .filter(|last| *last > at + usize::from(shorthand))
            .and_then(|last| literals[last].as_deref())
            .and_then(help_text);
        flags.push(CommandFlag {
            name: shown,
            help,
            line: line_of(node),
        });
        true
    });
}

/// Python: argparse's `add_argument` on any parser or group, and click's `@click.option` and
/// `@click.argument`.
fn python_flags(root: Node<'_>, source: &str, flags: &mut Vec<CommandFlag>) {
    walk_preorder(root, |node| {
        if node.kind() != "call" {
            return true;
        }
        let Some(function) = node
            .child_by_field_name("function")
            .filter(|function| function.kind() == "attribute")
        else {
            return true;
        };
        let object = function
            .child_by_field_name("object")
            .map(|object| node_text(object, source))
            .unwrap_or_default();
        let method = function
            .child_by_field_name("attribute")
            .map(|attribute| node_text(attribute, source))
            .unwrap_or_default();
        let argparse = method == "add_argument";
        let click = object == "click" && matches!(method, "option" | "argument");
        if !(argparse || click) {
            return true;
        }
        let Some(arguments) = node.child_by_field_name("arguments") else {
            return true;
        };
        let mut names: Vec<String> = Vec::new();
        let mut help: Option<String> = None;
        let mut cursor = arguments.walk();
        for argument in arguments.named_children(&mut cursor) {
            if argument.kind() == "keyword_argument" {
                let key = argument
                    .child_by_field_name("name")
                    .map(|name| node_text(name, source));
                if key == Some("help") {
                    help = argument
                        .child_by_field_name("value")
                        .and_then(|value| string_literal(value, source))
                        .and_then(|text| help_text(&text));
                }
                continue;
            }
            match string_literal(argument, source) {
                Some(name) if !name.is_empty() && !name.contains(char::is_whitespace) => {
                    names.push(name);
                }
                _ => {}
            }
        }
        // click's parameter name beside the options (`"--image", "-i", "images"`) is the
        // function's argument, not typed; the long option first (`--count, -c`), as help
        // screens show it.
        if names.iter().any(|name| name.starts_with('-')) {
            names.retain(|name| name.starts_with('-'));
        }
        names.sort_by_key(|name| !name.starts_with("--"));
        if names.is_empty() {
            return true;
        }
        // click's option names may hold a slash for a pair (`--shout/--no-shout`).
        flags.push(CommandFlag {
            name: names.join(", "),
            help,
            line: line_of(node),
        });
        true
    });
}

/// commander: `.option('-p, --port <number>', 'port to use')` and `.requiredOption(…)`, the
/// flags written as their first argument.
fn commander_flags(root: Node<'_>, source: &str, flags: &mut Vec<CommandFlag>) {
    // A chain (`program.option(a).option(b)`) is met outermost first: ordered by where each
    // call's arguments start.
    let mut found: Vec<(usize, CommandFlag)> = Vec::new();
    walk_preorder(root, |node| {
        if node.kind() != "call_expression" {
            return true;
        }
        let Some(function) = node
            .child_by_field_name("function")
            .filter(|function| function.kind() == "member_expression")
        else {
            return true;
        };
        let method = function
            .child_by_field_name("property")
            .map(|property| node_text(property, source))
            .unwrap_or_default();
        if !matches!(method, "option" | "requiredOption") {
            return true;
        }
        let Some(arguments) = node.child_by_field_name("arguments") else {
            return true;
        };
        let mut cursor = arguments.walk();
        let mut literals = arguments
            .named_children(&mut cursor)
            .map(|argument| string_literal(argument, source));
        let Some(Some(name)) = literals.next() else {
            return true;
        };
        if !name.starts_with('-') {
            return true;
        }
        let help = literals.next().flatten().and_then(|text| help_text(&text));
        found.push((
            arguments.start_byte(),
            CommandFlag {
                name: name.split_whitespace().collect::<Vec<_>>().join(" "),
                help,
                line: line_of(arguments),
            },
        ));
        true
    });
    found.sort_by_key(|(at, _)| *at);
    flags.extend(found.into_iter().map(|(_, flag)| flag));
}

#[cfg(test)]
mod tests {
    use crate::parse;
    use cartograph_core::Language;

    fn flags(language: Language, source: &str) -> Vec<(String, Option<String>)> {
        parse(language, source)
            .command_flags
            .iter()
            .map(|flag| (flag.name.clone(), flag.help.clone()))
            .collect()
    }

    fn flag(name: &str, help: Option<&str>) -> (String, Option<String>) {
        (name.to_string(), help.map(String::from))
    }

    /// godotenv's `cmd/godotenv/cmd.go`, with a flag set and pflag's shorthands beside.
    #[test]
    fn go_flags_of_the_flag_package_pflag_and_flag_sets() {
        let source = r#"package main

import "flag"

func main() {
	var showHelp bool
	flag.BoolVar(&showHelp, "h", false, "show help")
	var raw string
	flag.StringVar(&raw, "f", "", "comma separated paths to .env files")
	port := flag.Int("port", 8080, `the port
to listen on`)
	fs := flag.NewFlagSet("serve", flag.ExitOnError)
	fs.Duration("timeout", 0, "how long to wait")
	out := pflag.StringP("output", "o", "", "where to write")
	flag.Set("h", "true")
	flag.Parse()
	other.String("x", "y", "z")
}
"#;
        assert_eq!(
            flags(Language::Go, source),
            [
                flag("-h", Some("show help")),
                flag("-f", Some("comma separated paths to .env files")),
                flag("-port", Some("the port to listen on")),
                flag("-timeout", Some("how long to wait")),
                flag("--output, -o", Some("where to write")),
            ]
        );
    }

    #[test]
    fn python_flags_of_argparse_and_click() {
        let source = r#"import argparse
import click

parser = argparse.ArgumentParser()
parser.add_argument("path", help="where to start")
parser.add_argument("-c", "--count", type=int, help="how many")
parser.add_argument("--name", help=f"named {x}")


@click.command()
@click.option("--shout/--no-shout", default=False, help="Shout it.")
@click.argument("src")
@click.option("--image", "-i", "images", help="The image file to open.")
def cli(shout, src, images):
    pass
"#;
        assert_eq!(
            flags(Language::Python, source),
            [
                flag("path", Some("where to start")),
                flag("--count, -c", Some("how many")),
                flag("--name", None),
                flag("--shout/--no-shout", Some("Shout it.")),
                flag("src", None),
                flag("--image, -i", Some("The image file to open.")),
            ]
        );
    }

    #[test]
    fn commander_options_in_javascript() {
        let source = "program\n  .option('-p, --port <number>', 'port to use')\n  .requiredOption('--config <path>')\n  .option(name, 'computed');\nmap.option('x', 'not a flag');\n";
        assert_eq!(
            flags(Language::JavaScript, source),
            [
                flag("-p, --port <number>", Some("port to use")),
                flag("--config <path>", None),
            ]
        );
    }
}
