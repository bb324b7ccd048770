//! The secret gate: finds credentials in text and replaces them with stable placeholders such
//! as `[REDACTED:aws-access-key:1]`. Every prompt, to every provider, and every page, `index.json`
//! and `llms.txt` passes through it. It sees strings only: it reads no files and knows nothing
//! of providers or pages.
//!
//! The rules are a curated, gitleaks-style set (see [`RULE_IDS`]): tokens with a recognisable
//! format (AWS, GCP, Azure, GitHub, GitLab, Slack, Stripe, OpenAI, Anthropic, JWTs, private key
//! blocks, passwords in URLs) and `generic-secret`, a value assigned to a name such as
//! `password`, `DB_PASS`, `apiKey` or `ENCRYPTION_KEY` in code, env files, JSON, YAML or XML.
//! A generic value must be at least 8 characters with a Shannon entropy of at least 3.0 bits
//! per character (eight distinct characters out of eight; English words and identifiers score
//! 2 to 3.3, generated tokens 4 to 6), and must not look like code: `os.environ[...]`,
//! `get_token()`, `self.password`, `None`, a type annotation, a path, a file name, a number.
//! Only the value is replaced, so `password = "[REDACTED:generic-secret:1]"` stays readable.
//! Placeholder values (`EXAMPLE`, `dummy`, `<your-token>`, `${VAR}`, `*****`, one repeated
//! character) pass untouched.
//!
//! Two choices favour not leaking over precision. Where rules claim overlapping text, the
//! union is redacted under the most specific rule. Once a random-looking value is found, every
//! other occurrence of it in the same text is redacted too, so a password found in `.env` does
//! not survive in the shell script quoted next to it.
//!
//! Placeholders are numbered per rule in order of first appearance, and the same value gets the
//! same number, so the output depends only on the input and cache keys stay deterministic.

mod assignment;
mod pieces;
mod rules;
mod values;

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::sync::OnceLock;

use regex::Regex;

pub use pieces::{PieceRedactor, PieceScan, WholeTextNeeded};
pub use rules::RULE_IDS;

/// One secret found in a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Redaction {
    /// The rule id, one of [`RULE_IDS`].
    pub rule: &'static str,
    /// Byte offset of the first byte of the secret in the input.
    pub start: usize,
    /// Byte offset one past the last byte of the secret in the input.
    pub end: usize,
}

/// A text with its secrets replaced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Redacted<'a> {
    /// The redacted text; borrows the input when there was nothing to replace.
    pub text: Cow<'a, str>,
    /// How many spans were replaced.
    pub count: u32,
    /// The rules that fired, each once, in order of first appearance.
    pub rules: Vec<&'static str>,
}

/// Finds and redacts secrets. Build once (it compiles some twenty regexes) and share; see
/// [`shared`].
pub struct SecretScanner {
    /// Indexed by priority: where two rules claim the same text, the lower index names it.
    /// `None` for a rule whose regex failed to compile.
    rules: Vec<Option<rules::Rule>>,
    prefilter: Prefilter,
}

impl SecretScanner {
    /// The curated built-in rules. Never fails: a rule whose regex does not compile is skipped
    /// with a warning (a test proves that none does).
    pub fn new() -> SecretScanner {
        let (rules, broken_rules) = rules::compile(rules::RULE_SPECS);
        for broken_rule in &broken_rules {
            tracing::warn!(
                rule = broken_rule.id,
                error = %broken_rule.error,
                "secret rule failed to compile and is skipped"
            );
        }
        SecretScanner {
            rules,
            prefilter: Prefilter::new(rules::RULE_SPECS),
        }
    }

    /// The secrets in `text`: sorted by offset, never overlapping.
    pub fn find(&self, text: &str) -> Vec<Redaction> {
        let mut candidates = self.rule_candidates(text);
        if candidates.is_empty() {
            return Vec::new();
        }
        add_other_occurrences(text, &mut candidates);
        merge_overlapping(candidates)
    }

    /// What each rule whose keywords occur in `text` claims in it: by rule priority, then by
    /// offset.
    fn rule_candidates(&self, text: &str) -> Vec<Candidate> {
        let active_rules = self.prefilter.active_rules(text);
        let mut candidates = Vec::new();
        if active_rules == 0 {
            return candidates;
        }
        for (priority, rule) in self.rules.iter().enumerate() {
            let Some(rule) = rule else { continue };
            if active_rules & (1 << priority) == 0 {
                continue;
            }
            candidates.extend(rule.find(text).into_iter().map(|range| Candidate {
                range,
                priority,
                rule: rule.id,
            }));
        }
        candidates
    }

    /// `text` with every secret replaced by `[REDACTED:<rule-id>:<n>]`, where `n` counts the
    /// distinct values of that rule in order of first appearance.
    pub fn redact<'a>(&self, text: &'a str) -> Redacted<'a> {
        let redactions = self.find(text);
        if redactions.is_empty() {
            return Redacted {
                text: Cow::Borrowed(text),
                count: 0,
                rules: Vec::new(),
            };
        }
        let mut rules = Vec::new();
        let mut redacted = String::with_capacity(text.len());
        Numbering::default().replace(text, &redactions, &mut redacted, &mut rules);
        Redacted {
            text: Cow::Owned(redacted),
            count: u32::try_from(redactions.len()).unwrap_or(u32::MAX),
            rules,
        }
    }
}

/// The placeholders' numbers: per rule, each distinct value in order of first appearance.
#[derive(Default)]
struct Numbering {
    values_per_rule: HashMap<&'static str, HashMap<String, u32>>,
}

impl Numbering {
    /// Appends `text` to `out` with each of `redactions` (sorted, not overlapping) replaced by
    /// its placeholder, and each rule that fired and is not in `rules` yet to `rules`.
    fn replace(
        &mut self,
        text: &str,
        redactions: &[Redaction],
        out: &mut String,
        rules: &mut Vec<&'static str>,
    ) {
        let mut copied_up_to = 0;
        for redaction in redactions {
            out.push_str(&text[copied_up_to..redaction.start]);
            let value = &text[redaction.start..redaction.end];
            let values = self.values_per_rule.entry(redaction.rule).or_default();
            let number = match values.get(value) {
                Some(&number) => number,
                None => {
                    let number = u32::try_from(values.len() + 1).unwrap_or(u32::MAX);
                    values.insert(value.to_string(), number);
                    number
                }
            };
            out.push_str("[REDACTED:");
            out.push_str(redaction.rule);
            out.push(':');
            out.push_str(&number.to_string());
            out.push(']');
            if !rules.contains(&redaction.rule) {
                rules.push(redaction.rule);
            }
            copied_up_to = redaction.end;
        }
        out.push_str(&text[copied_up_to..]);
    }
}

impl Default for SecretScanner {
    fn default() -> Self {
        SecretScanner::new()
    }
}

/// The process-wide scanner, built on first use.
pub fn shared() -> &'static SecretScanner {
    static SCANNER: OnceLock<SecretScanner> = OnceLock::new();
    SCANNER.get_or_init(SecretScanner::new)
}

/// A span one rule claims, before overlaps are resolved.
struct Candidate {
    range: Range<usize>,
    priority: usize,
    rule: &'static str,
}

/// Values shorter or less random than this are not searched for elsewhere in the text: a URL
/// password such as `pass` or `password` would blank out ordinary words everywhere.
const MIN_REPEATED_VALUE_LEN: usize = 8;
const MIN_REPEATED_VALUE_ENTROPY: f64 = 3.0;

/// Above this many distinct values, one regex searches for all of them at once instead of one
/// scan per value.
const MAX_VALUES_SCANNED_ONE_BY_ONE: usize = 16;

/// Adds every other occurrence of each found value, under the rule that found it.
fn add_other_occurrences(text: &str, candidates: &mut Vec<Candidate>) {
    let values = repeated_values(candidates.iter().map(|candidate| {
        (
            &text[candidate.range.clone()],
            candidate.priority,
            candidate.rule,
        )
    }));
    OtherOccurrences::new(values).add(text, candidates);
}

/// Whether a found value is searched for elsewhere in the text.
fn is_repeated_value(value: &str) -> bool {
    value.len() >= MIN_REPEATED_VALUE_LEN
        && values::shannon_entropy(value) >= MIN_REPEATED_VALUE_ENTROPY
}

/// The found values worth searching for elsewhere, each once, with the rule of the first
/// candidate that found it (`found` is in the candidates' order: by rule priority, then by
/// offset).
fn repeated_values<'t>(
    found: impl Iterator<Item = (&'t str, usize, &'static str)>,
) -> Vec<(&'t str, usize, &'static str)> {
    let mut seen = HashSet::new();
    found
        .filter(|(value, _, _)| is_repeated_value(value) && seen.insert(*value))
        .collect()
}

/// The search for other occurrences of the found values, built once for a text (or for all
/// the pieces of one, see [`pieces`]).
enum OtherOccurrences {
    /// One regex for all the values, each mapped back to its priority and rule.
    Together {
        any_value: Regex,
        by_value: HashMap<String, (usize, &'static str)>,
    },
    OneByOne(Vec<(String, usize, &'static str)>),
}

impl OtherOccurrences {
    fn new(mut values: Vec<(&str, usize, &'static str)>) -> OtherOccurrences {
        if values.len() > MAX_VALUES_SCANNED_ONE_BY_ONE {
            // Longest first, so that where one value contains another the longer one matches.
            values.sort_by_key(|(value, _, _)| std::cmp::Reverse(value.len()));
            let alternation: Vec<String> = values
                .iter()
                .map(|(value, _, _)| regex::escape(value))
                .collect();
            if let Ok(any_value) = Regex::new(&alternation.join("|")) {
                let by_value = values
                    .iter()
                    .map(|&(value, priority, rule)| (value.to_string(), (priority, rule)))
                    .collect();
                return OtherOccurrences::Together {
                    any_value,
                    by_value,
                };
            }
        }
        OtherOccurrences::OneByOne(
            values
                .into_iter()
                .map(|(value, priority, rule)| (value.to_string(), priority, rule))
                .collect(),
        )
    }

    /// Adds a candidate for every occurrence of a value in `text`.
    fn add(&self, text: &str, candidates: &mut Vec<Candidate>) {
        match self {
            OtherOccurrences::Together {
                any_value,
                by_value,
            } => {
                for found in any_value.find_iter(text) {
                    if let Some(&(priority, rule)) = by_value.get(found.as_str()) {
                        candidates.push(Candidate {
                            range: found.range(),
                            priority,
                            rule,
                        });
                    }
                }
            }
            OtherOccurrences::OneByOne(values) => {
                for (value, priority, rule) in values {
                    for (start, _) in text.match_indices(value.as_str()) {
                        candidates.push(Candidate {
                            range: start..start + value.len(),
                            priority: *priority,
                            rule,
                        });
                    }
                }
            }
        }
    }
}

/// Sorts the candidates and joins overlapping ones into one redaction named after the
/// highest-priority rule among them. Joining rather than dropping the loser means no byte any
/// rule claimed survives.
fn merge_overlapping(mut candidates: Vec<Candidate>) -> Vec<Redaction> {
    candidates.sort_by_key(|candidate| (candidate.range.start, candidate.priority));
    let mut merged: Vec<Candidate> = Vec::with_capacity(candidates.len());
    for candidate in candidates {
        match merged.last_mut() {
            Some(last) if candidate.range.start < last.range.end => {
                last.range.end = last.range.end.max(candidate.range.end);
                if candidate.priority < last.priority {
                    last.priority = candidate.priority;
                    last.rule = candidate.rule;
                }
            }
            _ => merged.push(candidate),
        }
    }
    merged
        .into_iter()
        .map(|candidate| Redaction {
            rule: candidate.rule,
            start: candidate.range.start,
            end: candidate.range.end,
        })
        .collect()
}

/// Decides which rules are worth running on a text: one pass of a literal alternation over
/// every rule's keywords. Text that mentions none of them costs this one pass and nothing more.
struct Prefilter {
    /// `None` if the alternation failed to compile; then every rule runs.
    keywords_regex: Option<Regex>,
    /// Each keyword with the bit set of rules it enables, bucketed by its first byte so that
    /// a hit compares against two or three keywords, not fifty.
    keywords_by_first_byte: Vec<Vec<(&'static str, u64)>>,
    all_rules: u64,
}

impl Prefilter {
    fn new(specs: &[rules::RuleSpec]) -> Prefilter {
        let mut keywords: Vec<(&'static str, u64)> = Vec::new();
        for (priority, spec) in specs.iter().enumerate() {
            for &keyword in spec.keywords {
                match keywords.iter_mut().find(|(known, _)| *known == keyword) {
                    Some((_, rules)) => *rules |= 1 << priority,
                    None => keywords.push((keyword, 1 << priority)),
                }
            }
        }
        let alternation: Vec<String> = keywords
            .iter()
            .map(|(keyword, _)| regex::escape(keyword))
            .collect();
        // ASCII-only case folding: every keyword is ASCII, and matches then start on a char
        // boundary and end one byte later at the earliest.
        let keywords_regex = Regex::new(&format!("(?i-u:{})", alternation.join("|")))
            .inspect_err(|error| {
                tracing::warn!(%error, "secret prefilter failed to compile; every rule will run");
            })
            .ok();
        let mut keywords_by_first_byte = vec![Vec::new(); 256];
        for &(keyword, rules) in &keywords {
            if let Some(&first_byte) = keyword.as_bytes().first() {
                keywords_by_first_byte[usize::from(first_byte.to_ascii_lowercase())]
                    .push((keyword, rules));
            }
        }
        Prefilter {
            keywords_regex,
            keywords_by_first_byte,
            all_rules: specs
                .iter()
                .enumerate()
                .fold(0, |all, (priority, _)| all | 1 << priority),
        }
    }

    /// The bit set of rules whose keywords occur in `text`.
    fn active_rules(&self, text: &str) -> u64 {
        let Some(keywords_regex) = &self.keywords_regex else {
            return self.all_rules;
        };
        let bytes = text.as_bytes();
        let mut active_rules = 0;
        let mut search_from = 0;
        // `find_at` from one byte past each match start rather than `find_iter`: keywords
        // overlap (`sk-` and `sk-ant-`, `private_key` and `private key`), and every keyword
        // that starts at a position must count, not only the one the alternation picked.
        while let Some(found) = keywords_regex.find_at(text, search_from) {
            let rest = &bytes[found.start()..];
            let first_byte = usize::from(rest[0].to_ascii_lowercase());
            for &(keyword, rules) in &self.keywords_by_first_byte[first_byte] {
                if rest.len() >= keyword.len()
                    && rest[..keyword.len()].eq_ignore_ascii_case(keyword.as_bytes())
                {
                    active_rules |= rules;
                }
            }
            if active_rules == self.all_rules {
                break;
            }
            search_from = found.start() + 1;
        }
        active_rules
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn every_rule_compiles() {
        let (compiled, broken_rules) = rules::compile(rules::RULE_SPECS);
        assert!(broken_rules.is_empty(), "{broken_rules:?}");
        assert!(compiled.iter().all(Option::is_some));
        assert!(Prefilter::new(rules::RULE_SPECS).keywords_regex.is_some());
    }

    #[test]
    fn rule_ids_match_the_table_in_priority_order() {
        let mut ids_in_table: Vec<&str> = rules::RULE_SPECS.iter().map(|spec| spec.id).collect();
        ids_in_table.dedup();
        assert_eq!(ids_in_table, RULE_IDS);
    }

    #[test]
    fn every_keyword_is_lower_case_ascii() {
        for spec in rules::RULE_SPECS {
            for keyword in spec.keywords {
                assert!(
                    keyword.is_ascii() && keyword.to_ascii_lowercase() == *keyword,
                    "{keyword}"
                );
            }
        }
    }

    #[test]
    fn overlapping_candidates_merge_under_the_higher_priority_rule() {
        let merged = merge_overlapping(vec![
            Candidate {
                range: 5..20,
                priority: 9,
                rule: "generic-secret",
            },
            Candidate {
                range: 8..12,
                priority: 2,
                rule: "github-token",
            },
            Candidate {
                range: 30..40,
                priority: 9,
                rule: "generic-secret",
            },
            Candidate {
                range: 40..45,
                priority: 3,
                rule: "jwt",
            },
        ]);
        assert_eq!(
            merged,
            [
                Redaction {
                    rule: "github-token",
                    start: 5,
                    end: 20
                },
                Redaction {
                    rule: "generic-secret",
                    start: 30,
                    end: 40
                },
                Redaction {
                    rule: "jwt",
                    start: 40,
                    end: 45
                },
            ]
        );
    }

    #[test]
    fn scanner_is_send_and_sync() {
        fn assert_send_sync<T: Send + Sync>() {}
        assert_send_sync::<SecretScanner>();
    }
}
