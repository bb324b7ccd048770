//! The secret gate: every prompt, to every provider (local ones too: what a model reads can end
//! up in published docs), and every file written to the docs folder passes the scanner. A match
//! becomes a stable placeholder (`[REDACTED:aws-access-key:1]`), so cache keys stay
//! deterministic.

/// Text with its secrets replaced, and how many were.
pub fn redact(text: &str) -> (String, u32) {
    let redacted = cartograph_secrets::shared().redact(text);
    let count = redacted.count;
    (redacted.text.into_owned(), count)
}

/// Bytes of a page or data file, redacted when they are text.
pub fn redact_bytes(bytes: Vec<u8>) -> (Vec<u8>, u32) {
    match String::from_utf8(bytes) {
        Ok(text) => {
            let redacted = cartograph_secrets::shared().redact(&text);
            match redacted.text {
                std::borrow::Cow::Borrowed(_) => (text.into_bytes(), 0),
                std::borrow::Cow::Owned(owned) => (owned.into_bytes(), redacted.count),
            }
        }
        Err(error) => (error.into_bytes(), 0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_become_placeholders_and_clean_text_is_untouched() {
        let key = format!("AKIA{}", "QWERTYUIOPASDFGH");
        let (text, count) = redact(&format!("let key = \"{key}\";"));
        assert_eq!(count, 1);
        assert!(!text.contains(&key));
        assert!(text.contains("[REDACTED:aws-access-key:1]"), "{text}");
        assert_eq!(
            redact_bytes(b"fn main() {}".to_vec()),
            (b"fn main() {}".to_vec(), 0)
        );
    }
}
