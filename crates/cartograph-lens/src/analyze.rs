//! Turns text into search terms: split on non-alphanumerics, split identifiers at camelCase and
//! snake_case boundaries (keeping the whole identifier too), lowercase, drop stop words, strip
//! common English suffixes. The same analyzer serves queries and every field, so terms meet.
//! It knows no language grammar and no synonyms.

/// Words too common to tell files apart.
const STOP_WORDS: &[&str] = &[
    "a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "has", "have", "in", "into",
    "is", "it", "its", "of", "on", "or", "that", "the", "their", "then", "there", "these", "this",
    "to", "was", "were", "will", "with", "we", "you", "your", "our", "not", "no", "but", "if",
    "so", "than", "too", "very", "can", "all", "any", "each", "other", "some", "such", "only",
    "own", "same", "just", "also", "been", "being", "do", "does", "did", "doing", "would",
    "should", "could", "may", "might", "must", "shall", "here", "when", "where", "which", "while",
    "who", "whom", "why", "what", "how",
];

/// Words that only shape a question ("how does X work?") and say nothing about X.
const QUESTION_WORDS: &[&str] = &[
    "work",
    "works",
    "working",
    "happen",
    "happens",
    "handled",
    "implemented",
    "implement",
    "implementation",
    "code",
    "file",
    "files",
    "function",
    "functions",
    "located",
    "defined",
    "define",
    "find",
    "get",
    "gets",
    "show",
    "explain",
    "part",
    "place",
    "app",
    "application",
    "thing",
    "things",
    "use",
    "used",
    "uses",
    "using",
    "way",
    "done",
    "make",
    "made",
    "up",
];

/// Words a commit message or a request for change uses whatever it changes.
const CHANGE_WORDS: &[&str] = &[
    "add",
    "adds",
    "added",
    "adding",
    "fix",
    "fixes",
    "fixed",
    "fixing",
    "update",
    "updates",
    "updated",
    "remove",
    "removes",
    "removed",
    "improve",
    "improves",
    "improved",
    "support",
    "supports",
    "change",
    "changes",
    "changed",
    "allow",
    "allows",
    "bump",
    "refactor",
    "cleanup",
    "clean",
    "minor",
    "better",
    "new",
    "issue",
    "issues",
    "bug",
    "closes",
    "close",
    "resolve",
    "resolves",
    "merge",
    "typo",
    "tweak",
    "correct",
    "correctly",
    "properly",
];

/// True for a word of `CHANGE_WORDS` (any case).
pub(crate) fn is_change_word(word: &str) -> bool {
    CHANGE_WORDS.contains(&word.to_ascii_lowercase().as_str())
}

/// One analyzed term, and the word it came from (for showing matches to people).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Term {
    pub text: String,
    pub original: String,
}

/// Splits one identifier-like word at case and digit boundaries:
/// `parseHTTPResponse` → `parse`, `HTTP`, `Response`.
fn split_camel(word: &str) -> Vec<&str> {
    let chars: Vec<(usize, char)> = word.char_indices().collect();
    let mut parts = Vec::new();
    let mut start = 0;
    for at in 1..chars.len() {
        let (index, current) = chars[at];
        let previous = chars[at - 1].1;
        let next = chars.get(at + 1).map(|(_, c)| *c);
        let boundary = (previous.is_lowercase() && current.is_uppercase())
            || (previous.is_uppercase()
                && current.is_uppercase()
                && next.is_some_and(|n| n.is_lowercase()));
        if boundary {
            parts.push(&word[start..index]);
            start = index;
        }
    }
    parts.push(&word[start..]);
    parts
}

/// A light English stemmer: `retries`/`retrying`/`retried` → `retry`, `parsing`/`parser`/
/// `parsed`/`parse` → `pars`, `connection`/`connecting` → `connect`. Only ASCII words longer
/// than three letters are touched, and a stem keeps at least three letters.
pub(crate) fn stem(word: &str) -> String {
    if word.len() <= 3 || !word.bytes().all(|b| b.is_ascii_lowercase()) {
        return word.to_string();
    }
    let mut stem = word.to_string();
    let strip = |stem: &mut String, suffix: &str, replacement: &str| -> bool {
        if stem.len() >= suffix.len() + 3 && stem.ends_with(suffix) {
            stem.truncate(stem.len() - suffix.len());
            stem.push_str(replacement);
            true
        } else {
            false
        }
    };
    let irregular = strip(&mut stem, "ies", "y") || strip(&mut stem, "ied", "y");
    let verb = !irregular
        && (strip(&mut stem, "ings", "")
            || strip(&mut stem, "ing", "")
            || strip(&mut stem, "ers", "")
            || strip(&mut stem, "er", "")
            || strip(&mut stem, "ed", ""));
    if verb {
        // `validating` → `validat` → `valid`, as `validate` and `validation` become.
        let _ = strip(&mut stem, "at", "");
    } else if !irregular {
        let plural =
            |stem: &String| !(stem.ends_with("ss") || stem.ends_with("us") || stem.ends_with("is"));
        let _ = strip(&mut stem, "sses", "ss")
            || strip(&mut stem, "ations", "")
            || strip(&mut stem, "ation", "")
            || strip(&mut stem, "ions", "")
            || strip(&mut stem, "ion", "")
            || strip(&mut stem, "ates", "")
            || strip(&mut stem, "ate", "")
            || (plural(&stem) && strip(&mut stem, "es", "e"))
            || (plural(&stem) && strip(&mut stem, "s", ""));
    }
    if stem.len() > 3 && stem.ends_with('e') {
        stem.pop();
    }
    // `running` → `runn` → `run`, but `install` and `process` keep their doubled letter.
    let bytes = stem.as_bytes();
    if verb && bytes.len() > 3 {
        let (last, before) = (bytes[bytes.len() - 1], bytes[bytes.len() - 2]);
        if last == before && !matches!(last, b'l' | b's' | b'z' | b'a' | b'e' | b'i' | b'o' | b'u')
        {
            stem.pop();
        }
    }
    stem
}

/// Analyzes `text` into terms. Compound identifiers yield their parts and the whole (with
/// underscores dropped), so `retry_with_backoff` and `retryWithBackoff` both match the same
/// whole and each of `retry`, `backoff`.
pub(crate) fn analyze(text: &str, question: bool) -> Vec<Term> {
    let mut terms = Vec::new();
    each_term(text, question, |text, original| {
        terms.push(Term {
            text: text.to_string(),
            original: original.to_string(),
        })
    });
    terms
}

/// `analyze` without building a `Term` for each: calls `each(term, original word)` in the same
/// order with the same terms. Indexing whole sources goes through here.
pub(crate) fn each_term(text: &str, question: bool, mut each: impl FnMut(&str, &str)) {
    // A link in a question (an issue's address in a commit message) names a web page, not code.
    if question && text.contains("://") {
        let kept: Vec<&str> = text
            .split_whitespace()
            .filter(|word| !word.contains("://"))
            .collect();
        return each_term(&kept.join(" "), question, each);
    }
    let mut parts: Vec<&str> = Vec::new();
    let mut whole = String::new();
    for word in text.split(|c: char| !(c.is_alphanumeric() || c == '_')) {
        if word.is_empty() {
            continue;
        }
        parts.clear();
        for piece in word.split('_').filter(|p| !p.is_empty()) {
            parts.extend(split_camel(piece));
        }
        if parts.len() > 1 {
            whole.clear();
            whole.extend(
                word.chars()
                    .filter(|c| *c != '_')
                    .flat_map(char::to_lowercase),
            );
            if whole.chars().count() > 2 {
                each(&whole, word);
            }
        }
        for part in &parts {
            let lower = part.to_lowercase();
            if lower.chars().count() < 2 || lower.bytes().all(|b| b.is_ascii_digit()) {
                continue;
            }
            if STOP_WORDS.contains(&lower.as_str())
                || (question && QUESTION_WORDS.contains(&lower.as_str()))
            {
                continue;
            }
            each(&stem(&lower), &lower);
        }
    }
}

/// Tokens for the baseline: lowercase runs of letters and digits, identifiers split at
/// camelCase and snake_case boundaries with the whole identifier kept too; no stemming and no
/// stop words.
pub(crate) fn baseline_tokens(text: &str, mut each: impl FnMut(String)) {
    for word in text.split(|c: char| !(c.is_alphanumeric() || c == '_')) {
        let mut parts = 0;
        for piece in word.split('_').filter(|p| !p.is_empty()) {
            for part in split_camel(piece) {
                parts += 1;
                each(part.to_lowercase());
            }
        }
        if parts > 1 {
            each(
                word.chars()
                    .filter(|c| *c != '_')
                    .flat_map(char::to_lowercase)
                    .collect(),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(text: &str, question: bool) -> Vec<String> {
        analyze(text, question)
            .into_iter()
            .map(|t| t.text)
            .collect()
    }

    #[test]
    fn splits_identifiers_and_keeps_the_whole() {
        assert_eq!(
            texts("parseHTTPResponse", false),
            ["parsehttpresponse", "pars", "http", "respons"]
        );
        assert_eq!(
            texts("retry_with_backoff", false),
            ["retrywithbackoff", "retry", "backoff"]
        );
        assert_eq!(
            texts("retryWithBackoff", false),
            ["retrywithbackoff", "retry", "backoff"]
        );
        assert_eq!(texts("How does the retry work?", true), ["retry"]);
        assert_eq!(
            texts("Fix retry (https://github.com/acme/cache/issues/12)", true),
            ["fix", "retry"]
        );
        assert_eq!(
            texts("see https://example.org/cache", false),
            ["see", "http", "exampl", "org", "cach"]
        );
    }

    #[test]
    fn baseline_tokens_split_identifiers_and_nothing_else() {
        let mut tokens = Vec::new();
        baseline_tokens(
            "requests/sessions.py: the get_environ_proxies(HTTPAdapter)",
            |t| tokens.push(t),
        );
        assert_eq!(
            tokens,
            [
                "requests",
                "sessions",
                "py",
                "the",
                "get",
                "environ",
                "proxies",
                "getenvironproxies",
                "http",
                "adapter",
                "httpadapter"
            ]
        );
    }

    #[test]
    fn stems_agree_across_forms() {
        for group in [
            &["retry", "retries", "retrying", "retried"][..],
            &["parse", "parser", "parsing", "parsed"],
            &["cache", "cached", "caching", "caches"],
            &["connection", "connections", "connect", "connecting"],
            &["validate", "validation", "validating"],
            &["run", "running", "runs"],
        ] {
            let stems: Vec<String> = group.iter().map(|w| stem(w)).collect();
            assert!(
                stems.iter().all(|s| s == &stems[0]),
                "{group:?} → {stems:?}"
            );
        }
        assert_eq!(stem("process"), "process");
        assert_eq!(stem("status"), "status");
        assert_eq!(stem("install"), "install");
    }
}
