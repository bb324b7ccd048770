//! Declarations a grammar lost to a syntax error it should not have found. tree-sitter's
//! TypeScript grammar reads two call signatures of an interface on consecutive lines
//! (`): (state: State) => State` then `<State, Args extends any[]>(`) as one expression and
//! recovers by swallowing the rest of the file: immer's `types-external.ts` lost `IProduce`,
//! `IProduceWithPatches` and `Producer`. The TypeScript compiler reads the file fine, so the
//! file's top-level `export` declarations are taken back from its lines.

use crate::text::row_to_line;
use cartograph_core::{Symbol, SymbolKind, Visibility};

/// Adds each `export` declaration written at the start of a line (`export type Producer<T>
/// = …`, `export interface IProduce {`, `export function never_used() {}`) whose name no
/// symbol of the file's top level has, with the JSDoc block right above it.
pub(crate) fn exported_declarations(source: &str, symbols: &mut Vec<Symbol>) {
    let lines: Vec<&str> = source.lines().collect();
    for (row, line) in lines.iter().enumerate() {
        let Some((kind, name)) = exported_declaration(line) else {
            continue;
        };
        let known = symbols
            .iter()
            .any(|symbol| symbol.parent.is_none() && symbol.name.as_str() == name);
        if known {
            continue;
        }
        let line_number = row_to_line(row);
        // A block opened at the end of the line closes at the first `}` at the start of a line
        // below (`export interface IProduce {` … `}`): its anchor covers it whole.
        let end_line = if line.trim_end().ends_with('{') {
            lines[row + 1..]
                .iter()
                .position(|below| below.starts_with('}'))
                .map_or(line_number, |at| row_to_line(row + 1 + at))
        } else {
            line_number
        };
        symbols.push(Symbol {
            kind,
            name: name.into(),
            line: line_number,
            end_line,
            signature: line.trim_end().trim_end_matches('{').trim_end().into(),
            doc: doc_above(&lines, row).map(Into::into),
            visibility: Some(Visibility::Public),
            parent: None,
        });
    }
    symbols.sort_by_key(|symbol| symbol.line);
}

/// The kind and name of an `export` declaration that opens `line`.
fn exported_declaration(line: &str) -> Option<(SymbolKind, &str)> {
    let mut rest = line.strip_prefix("export ")?.trim_start();
    for modifier in ["declare ", "default ", "abstract ", "async "] {
        rest = rest.strip_prefix(modifier).unwrap_or(rest).trim_start();
    }
    let (keyword, after) = rest.split_once(char::is_whitespace)?;
    let kind = match keyword {
        "type" => SymbolKind::TypeAlias,
        "interface" => SymbolKind::Interface,
        "function" | "function*" => SymbolKind::Function,
        "class" => SymbolKind::Class,
        "enum" => SymbolKind::Enum,
        "const" => SymbolKind::Constant,
        "let" | "var" => SymbolKind::Variable,
        _ => return None,
    };
    let after = after.trim_start().trim_start_matches('*').trim_start();
    let end = after
        .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '$'))
        .unwrap_or(after.len());
    let name = &after[..end];
    (!name.is_empty() && !name.starts_with(|c: char| c.is_ascii_digit())).then_some((kind, name))
}

/// The text of the `/** … */` block that ends right above `row`, without its stars.
fn doc_above(lines: &[&str], row: usize) -> Option<String> {
    let last = row.checked_sub(1)?;
    if !lines.get(last)?.trim_end().ends_with("*/") {
        return None;
    }
    let first = (0..=last)
        .rev()
        .find(|&at| lines[at].trim_start().starts_with("/**"))?;
    let text: Vec<&str> = lines[first..=last]
        .iter()
        .map(|line| {
            line.trim()
                .trim_start_matches("/**")
                .trim_end_matches("*/")
                .trim_start_matches('*')
                .trim()
        })
        .filter(|line| !line.is_empty())
        .collect();
    (!text.is_empty()).then(|| text.join("\n"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exported_declarations_are_read_from_their_lines() {
        assert_eq!(
            exported_declaration("export type Producer<T> = (draft: Draft<T>) => T"),
            Some((SymbolKind::TypeAlias, "Producer"))
        );
        assert_eq!(
            exported_declaration("export declare abstract class Base {"),
            Some((SymbolKind::Class, "Base"))
        );
        assert_eq!(
            exported_declaration("export function* walk(node) {"),
            Some((SymbolKind::Function, "walk"))
        );
        assert_eq!(exported_declaration("export { a, b } from './x'"), None);
        assert_eq!(exported_declaration("  export const nested = 1"), None);
        let lines = [
            "/**",
            " * The type for `recipe function`",
            " */",
            "export type P = 1",
        ];
        assert_eq!(
            doc_above(&lines, 3).as_deref(),
            Some("The type for `recipe function`")
        );
        assert_eq!(doc_above(&lines, 1), None);
    }

    /// immer's `IProduce`, taken back from its line, was anchored at that line alone.
    #[test]
    fn a_recovered_block_spans_to_its_closing_brace() {
        let source = "export interface IProduce {\n\t<Curried>(\n\t\trecipe: R\n\t): Curried\n}\n\nexport type Producer<T> = (draft: T) => T\n";
        let mut symbols = Vec::new();
        exported_declarations(source, &mut symbols);
        let spans: Vec<(&str, u32, u32)> = symbols
            .iter()
            .map(|symbol| (symbol.name.as_str(), symbol.line, symbol.end_line))
            .collect();
        assert_eq!(spans, [("IProduce", 1, 5), ("Producer", 7, 7)]);
    }
}
