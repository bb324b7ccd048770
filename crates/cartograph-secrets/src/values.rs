//! Judges a candidate value on its own: placeholders, filler and randomness. Knows nothing about
//! the name the value was assigned to; `assignment` adds that.

/// Words that mark a value as documentation, not a credential. A real key contains one of them
/// only by an accident of roughly one in a billion, so the allowlist cannot hide a real secret.
const PLACEHOLDER_WORDS: &[&str] = &[
    "example",
    "dummy",
    "placeholder",
    "changeme",
    "change_me",
    "your_",
    "your-",
    // Our own placeholders: redacting redacted text must change nothing.
    "redacted:",
];

/// The key pair AWS prints in its own documentation. Both contain `EXAMPLE` and would be
/// allowed anyway; naming them keeps the reason visible.
const AWS_DOCUMENTED_EXAMPLES: &[&str] = &[
    "AKIAIOSFODNN7EXAMPLE",
    "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
];

/// Whether `value` is a placeholder that documentation or templates put where a secret goes:
/// `EXAMPLE`-style words, `<your-token>`, `${VAR}`, `{{ var }}`, `*****` or `xxxxxxxx`.
pub(crate) fn is_allowlisted(value: &str) -> bool {
    if AWS_DOCUMENTED_EXAMPLES
        .iter()
        .any(|example| value.contains(example))
    {
        return true;
    }
    let lower = value.to_ascii_lowercase();
    PLACEHOLDER_WORDS.iter().any(|word| lower.contains(word))
        || value.contains("${")
        || value.contains("{{")
        || value.contains("***")
        || has_angle_placeholder(value)
        || is_mostly_x(value)
}

/// `<token>`, `Bearer <api key>`: an opening angle bracket closed later in the value.
fn has_angle_placeholder(value: &str) -> bool {
    value
        .find('<')
        .is_some_and(|open| value[open + 1..].contains('>'))
}

/// `sk-xxxxxxxxxxxx`, `AKIAXXXXXXXXXXXXXXXX`, `xxx-xxx-xxx`. Random text has a run of eight `x`
/// about once in 10^12 characters, and is half `x` never, so neither test hides a real key; a
/// bare `xxx` test would, about once in a thousand tokens.
fn is_mostly_x(value: &str) -> bool {
    let n_chars = value.chars().count();
    let n_x = value.chars().filter(|c| matches!(c, 'x' | 'X')).count();
    n_x * 2 >= n_chars || value.to_ascii_lowercase().contains("xxxxxxxx")
}

/// Whether one character makes up more than three quarters of `value`: `aaaaaaaa`,
/// `ghp_000000...`, the nil UUID. A generated secret is never that uneven.
pub(crate) fn is_filler(value: &str) -> bool {
    let mut chars: Vec<char> = value.chars().collect();
    if chars.len() < 4 {
        return false;
    }
    chars.sort_unstable();
    let longest_run = chars
        .chunk_by(|left, right| left == right)
        .map(<[char]>::len)
        .max()
        .unwrap_or(0);
    longest_run * 4 > chars.len() * 3
}

/// Shannon entropy of `value` in bits per character. Random base62 scores about 5.9, hex 4,
/// English words 2.5 to 3.5, `aaaaaaaa` 0.
pub(crate) fn shannon_entropy(value: &str) -> f64 {
    let mut chars: Vec<char> = value.chars().collect();
    if chars.is_empty() {
        return 0.0;
    }
    chars.sort_unstable();
    let n_chars = chars.len() as f64;
    chars
        .chunk_by(|left, right| left == right)
        .map(|run| {
            let probability = run.len() as f64 / n_chars;
            -probability * probability.log2()
        })
        .sum()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn entropy_of_known_strings() {
        assert_eq!(shannon_entropy(""), 0.0);
        assert_eq!(shannon_entropy("aaaaaaaa"), 0.0);
        assert!((shannon_entropy("abcdefgh") - 3.0).abs() < 1e-9);
        assert!((shannon_entropy("abab") - 1.0).abs() < 1e-9);
    }

    #[test]
    fn allowlist_catches_placeholders_and_spares_random_values() {
        for placeholder in [
            "AKIAIOSFODNN7EXAMPLE",
            "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
            "my-example-token",
            "DummyPassword1",
            "<your token here>",
            "${DB_PASSWORD}",
            "{{ .Values.password }}",
            "********",
            "sk-xxxxxxxxxxxxxxxxxxxx",
            "your_api_key_here",
            "[REDACTED:generic-secret:1]",
        ] {
            assert!(is_allowlisted(placeholder), "{placeholder}");
        }
        for secret in [
            "Xy7#kLm9!qRz",
            "a8f5f167f44f4964e6c998dee827110c",
            "xK2xP9xQ",
        ] {
            assert!(!is_allowlisted(secret), "{secret}");
        }
    }

    #[test]
    fn filler_is_one_repeated_character() {
        assert!(is_filler("aaaaaaaaaaaa"));
        assert!(is_filler("ghp_000000000000000000000000000000000000"));
        assert!(is_filler("00000000-0000-0000-0000-000000000000"));
        assert!(!is_filler("a1B2a1B2a1B2"));
        assert!(!is_filler("abc"));
    }
}
