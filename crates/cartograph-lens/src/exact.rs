//! The names a question spells out exactly: backticked code, `snake_case` and `CamelCase`
//! identifiers, `Type::method` and dotted paths, file names and quoted error strings. Lens
//! matches these against what files define, not only word by word. It guesses only where a
//! wrong guess costs nothing: a lowercase English word is never taken for an identifier, and a
//! capitalized one inside a sentence (`the Host extractor`) counts only where a file defines
//! exactly that name.

use std::collections::BTreeSet;

/// File extensions that make `name.ext` in a question a file name rather than a dotted path.
const FILE_EXTENSIONS: &[&str] = &[
    "py", "rs", "go", "js", "jsx", "ts", "tsx", "c", "h", "cc", "cpp", "hpp", "java", "rb", "php",
    "cs", "toml", "json", "yaml", "yml", "md", "sh",
];
/// A capitalized word shorter than this (`A`, `If`) is not taken for a type's name.
const MIN_CAPITALIZED_CHARS: usize = 3;
/// Quoted text shorter than this is a word, not an error message.
const MIN_STRING_CHARS: usize = 8;

/// What a question names exactly.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Named {
    /// Identifiers as written (`get_environ_proxies`, `HTTPAdapter`, `hooks` of `Request.hooks`).
    pub identifiers: BTreeSet<String>,
    /// File names as written (`sessions.py`).
    pub file_names: BTreeSet<String>,
    /// Quoted strings, such as an error message a user saw.
    pub strings: BTreeSet<String>,
    /// Command-line flags as written without their dashes (`full-path` of `--full-path`): the
    /// file that declares the flag spells it in a string.
    pub flags: BTreeSet<String>,
}

/// `--full-path`, `--max-results=1`, `` `--size` ``: the flag's name.
fn flag_name(word: &str) -> Option<&str> {
    let name = word.strip_prefix("--")?;
    let name = name.split('=').next().unwrap_or(name);
    let name = name.trim_end_matches(|c: char| !c.is_ascii_alphanumeric());
    let valid = name.len() >= 3
        && name.starts_with(|c: char| c.is_ascii_alphabetic())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    valid.then_some(name)
}

fn is_identifier_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// True for a word that can only be an identifier: it has an inner underscore, or a capital
/// after a lowercase letter, or two capitals (`HTTPAdapter`); and it has a letter.
fn looks_like_identifier(word: &str) -> bool {
    let trimmed = word.trim_matches('_');
    if !trimmed.chars().any(char::is_alphabetic) || word.chars().count() < 3 {
        return false;
    }
    let chars: Vec<char> = trimmed.chars().collect();
    let inner_underscore = trimmed.contains('_');
    let camel = chars
        .windows(2)
        .any(|pair| pair[0].is_lowercase() && pair[1].is_uppercase());
    let capitals = chars.iter().filter(|c| c.is_uppercase()).count();
    let acronym_word = capitals >= 2 && chars.iter().any(|c| c.is_lowercase());
    let dunder = word.starts_with("__") && word.ends_with("__") && word.len() > 4;
    inner_underscore || camel || acronym_word || dunder || word.starts_with('_')
}

/// Splits `a.b::c` into its identifier segments; empty or too short segments are dropped.
fn segments(path: &str) -> impl Iterator<Item = &str> {
    path.split(|c: char| !is_identifier_char(c))
        .filter(|segment| segment.chars().count() >= 2)
        .filter(|segment| segment.chars().next().is_some_and(|c| !c.is_ascii_digit()))
}

/// Adds what one code-like token names: a file name, or identifier segments. `explicit` is set
/// for backticked code, whose every segment is an identifier.
fn add_token(named: &mut Named, token: &str, explicit: bool) {
    let token = token.trim_matches(|c: char| !is_identifier_char(c));
    if token.is_empty() {
        return;
    }
    if let Some((stem, extension)) = token.rsplit_once('.') {
        if FILE_EXTENSIONS.contains(&extension) && !stem.is_empty() && !stem.contains(' ') {
            let name = token.rsplit('/').next().unwrap_or(token);
            named.file_names.insert(name.to_string());
            return;
        }
    }
    let is_path = token.contains("::") || token.contains('.');
    for segment in segments(token) {
        if explicit || is_path || looks_like_identifier(segment) {
            named.identifiers.insert(segment.to_string());
        }
    }
}

/// Finds what `question` names exactly.
pub(crate) fn named_in(question: &str) -> Named {
    let mut named = Named::default();
    // Backticked spans are code, whatever they look like.
    let mut outside = String::with_capacity(question.len());
    for (at, piece) in question.split('`').enumerate() {
        if at % 2 == 1 {
            for token in piece.split_whitespace() {
                match flag_name(token) {
                    Some(flag) => {
                        named.flags.insert(flag.to_string());
                    }
                    None => add_token(&mut named, token, true),
                }
            }
            outside.push(' ');
        } else {
            outside.push_str(piece);
        }
    }
    for quote in ['"', '\''] {
        for (at, piece) in outside.split(quote).enumerate() {
            // A quoted string has something on both sides, and apostrophes inside words
            // ("doesn't") are not quotes: only whole spans with spaces count.
            if at % 2 == 1 && piece.chars().count() >= MIN_STRING_CHARS && piece.contains(' ') {
                named.strings.insert(piece.trim().to_string());
            }
        }
    }
    for word in outside.split_whitespace() {
        let word = word.trim_start_matches(['(', '[', '"', '\'']);
        if let Some(flag) = flag_name(word) {
            named.flags.insert(flag.to_string());
            continue;
        }
        let word = word.trim_matches(|c: char| !is_identifier_char(c));
        // A sentence's last word before a full stop is not a dotted path.
        if word.contains("::") || (word.contains('.') && !word.ends_with('.')) {
            let dotted_path = word.split('.').all(|part| {
                !part.is_empty() && part.chars().next().is_some_and(|c| !c.is_ascii_digit())
            }) || word.contains("::");
            if dotted_path {
                add_token(&mut named, word, false);
                continue;
            }
        }
        for piece in word.split(|c: char| !is_identifier_char(c)) {
            if looks_like_identifier(piece) {
                named.identifiers.insert(piece.to_string());
            }
        }
    }
    named.identifiers.extend(capitalized_words(&outside));
    named
}

/// Capitalized words inside a sentence (`Host` of "implement the trait for the Host
/// extractor", `Table`, `Pool`): a type's name, when a file defines one of exactly that name,
/// and an English word otherwise, which costs nothing, since names no file defines count for
/// nothing (`rank::exact_shares`). The first word of a line or of a sentence (after `.`, `!`,
/// `?` or `:`) is left out, as capitalized anyway, and so is a word joined to others
/// (`Node.js`, `Walker::next`), which is read as a path or not at all.
fn capitalized_words(text: &str) -> Vec<String> {
    let mut words = Vec::new();
    for line in text.lines() {
        let mut sentence_start = true;
        for word in line.split_whitespace() {
            let starts =
                std::mem::replace(&mut sentence_start, word.ends_with(['.', '!', '?', ':']));
            let bare = word
                .trim_start_matches(['(', '[', '"', '\''])
                .trim_end_matches([',', '.', ')', ']', '"', '\'', ';', ':', '!', '?']);
            let mut chars = bare.chars();
            let capitalized = chars.next().is_some_and(|c| c.is_ascii_uppercase())
                && bare.len() >= MIN_CAPITALIZED_CHARS
                && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit());
            if !starts && capitalized {
                words.push(bare.to_string());
            }
        }
    }
    words
}

#[cfg(test)]
mod tests {
    use super::*;

    fn identifiers(question: &str) -> Vec<String> {
        named_in(question).identifiers.into_iter().collect()
    }

    #[test]
    fn finds_identifiers_of_every_shape() {
        assert_eq!(
            identifiers("Fix `_encode_files` detection for `__getattr__`-based file wrappers"),
            ["__getattr__", "_encode_files"]
        );
        assert_eq!(
            identifiers("refactor: change minUsagePadding from var to const"),
            ["minUsagePadding"]
        );
        assert_eq!(
            identifiers("Add type annotation for Request.hooks and Walker::next"),
            ["Request", "Walker", "hooks", "next"]
        );
        assert_eq!(
            identifiers("Respect no_proxy in get_environ_proxies for HTTPAdapter"),
            ["HTTPAdapter", "get_environ_proxies", "no_proxy"]
        );
        assert!(identifiers("Fix the proxy. Then retry, e.g. twice.").is_empty());
        // A capitalized word inside a sentence is a candidate, which counts only where a file
        // defines exactly that name.
        assert_eq!(identifiers("Release v2.3.1 of Requests"), ["Requests"]);
    }

    #[test]
    fn finds_capitalized_words_inside_a_sentence() {
        assert_eq!(
            identifiers("Implement the OptionalFromRequestParts trait for the Host extractor"),
            ["Host", "OptionalFromRequestParts"]
        );
        assert_eq!(
            identifiers("Allow checking out AppendBufs from Pool. Make it fast: Really"),
            ["AppendBufs", "Pool"]
        );
        // First words, joined words, all capitals and short words are not names.
        assert_eq!(
            identifiers("Fix Node.js support (see JSON). Then Go on\nAdd Walker::next"),
            ["Walker", "next"]
        );
    }

    #[test]
    fn finds_flags() {
        let named =
            named_in("Add --dereference as an alias for --follow, `--max-results=1` (--size) -x");
        assert_eq!(
            named.flags.into_iter().collect::<Vec<_>>(),
            ["dereference", "follow", "max-results", "size"]
        );
        assert!(named.identifiers.is_empty());
        assert!(named_in("a -- b --x ---").flags.is_empty());
    }

    #[test]
    fn finds_file_names_and_error_strings() {
        let named = named_in("sessions.py raises \"Invalid URL: no host supplied\" on 'x'");
        assert_eq!(
            named.file_names.into_iter().collect::<Vec<_>>(),
            ["sessions.py"]
        );
        assert_eq!(
            named.strings.into_iter().collect::<Vec<_>>(),
            ["Invalid URL: no host supplied"]
        );
    }
}
