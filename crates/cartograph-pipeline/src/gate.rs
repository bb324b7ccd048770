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

/// A data file staged in the docs folder, redacted in place; how many secrets were replaced.
/// It is read whole: the scanner's rules, and the numbering of its placeholders, see the whole
/// text, as for every other file the pipeline writes. Left as it is when it is not UTF-8.
pub fn redact_staged(staged: &mut crate::output::Staged) -> std::io::Result<u32> {
    let Some(text) = staged.read_text()? else {
        return Ok(0);
    };
    let redacted = cartograph_secrets::shared().redact(&text);
    if let std::borrow::Cow::Owned(owned) = &redacted.text {
        staged.replace(owned.as_bytes())?;
    }
    Ok(redacted.count)
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

    /// A staged `index.json` passes the same gate as bytes held whole: same text, same count.
    #[test]
    fn staged_files_are_redacted_as_bytes_are() {
        #![allow(clippy::unwrap_used)]
        let dir = tempfile::tempdir().unwrap();
        let folder = crate::output::DocsFolder::open(dir.path(), "docs").unwrap();
        let key = format!("AKIA{}", "QWERTYUIOPASDFGH");
        for text in [
            format!("{{\n  \"summary\": \"uses {key}\",\n  \"name\": \"{key}\"\n}}\n"),
            "{\n  \"name\": \"decode\"\n}\n".to_string(),
        ] {
            let mut staged = folder
                .stage("index.json", |out| out.write_all(text.as_bytes()))
                .unwrap();
            let count = redact_staged(&mut staged).unwrap();
            let (bytes, expected) = redact_bytes(text.clone().into_bytes());
            assert_eq!(count, expected);
            assert_eq!(staged.read_text().unwrap().unwrap().into_bytes(), bytes);
        }
    }
}
