//! The secret gate: every prompt, to every provider (local ones too: what a model reads can end
//! up in published docs), and every file written to the docs folder passes the scanner. A match
//! becomes a stable placeholder (`[REDACTED:aws-access-key:1]`), so cache keys stay
//! deterministic.

use std::borrow::Cow;
use std::ops::ControlFlow;

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

/// How many pieces of a staged file are scanned at once (a mebibyte each).
const PIECES_AT_ONCE: usize = 8;

/// A data file staged in the docs folder, redacted in place; how many secrets were replaced.
/// The scanner's rules, and the numbering of its placeholders, see the whole text, as for
/// every other file the pipeline writes, but the file is read in pieces, twice when it holds a
/// secret: `index.json` of a large tree is hundreds of megabytes (see
/// `cartograph_secrets::PieceScan`; a piece that may begin a private key block has it read
/// whole). Left as it is when it is not UTF-8.
pub fn redact_staged(staged: &mut crate::output::Staged) -> std::io::Result<u32> {
    match redact_staged_in_pieces(staged)? {
        Some(count) => Ok(count),
        None => redact_staged_whole(staged),
    }
}

/// [`redact_staged`] as long as the file can be read in pieces: `None`, with the file as it
/// was, when a piece asks for the whole text (see [`redact_staged_whole`]), which a caller
/// holding much else may want to read later.
pub fn redact_staged_in_pieces(staged: &mut crate::output::Staged) -> std::io::Result<Option<u32>> {
    let scanner = cartograph_secrets::shared();
    let mut scan = scanner.scan_pieces();
    let mut whole_text_needed = false;
    let mut is_text = true;
    // Pieces are scanned a batch at a time, the pieces of a batch at once.
    let mut batch: Vec<Vec<u8>> = Vec::with_capacity(PIECES_AT_ONCE);
    let mut scan_batch = |batch: &mut Vec<Vec<u8>>| {
        let texts: Option<Vec<&str>> = batch
            .iter()
            .map(|piece| std::str::from_utf8(piece).ok())
            .collect();
        let flow = match texts.map(|texts| scan.scan_each(&texts)) {
            None => {
                is_text = false;
                ControlFlow::Break(())
            }
            Some(Ok(())) => ControlFlow::Continue(()),
            Some(Err(cartograph_secrets::WholeTextNeeded)) => {
                whole_text_needed = true;
                ControlFlow::Break(())
            }
        };
        batch.clear();
        flow
    };
    let read_all = staged.read_pieces(|piece| {
        batch.push(piece.to_vec());
        if batch.len() < PIECES_AT_ONCE {
            return ControlFlow::Continue(());
        }
        scan_batch(&mut batch)
    })?;
    if read_all && !batch.is_empty() {
        let _ = scan_batch(&mut batch);
    }
    if !is_text {
        return Ok(Some(0));
    }
    if whole_text_needed {
        return Ok(None);
    }
    if !scan.found_any() {
        return Ok(Some(0));
    }
    let mut redactor = scan.redactor();
    // The first pass found every piece to be UTF-8: the pieces of the second are the same.
    staged.rewrite_pieces(|piece| match std::str::from_utf8(piece) {
        Ok(text) => match redactor.redact(text) {
            Cow::Borrowed(_) => Cow::Borrowed(piece),
            Cow::Owned(redacted) => Cow::Owned(redacted.into_bytes()),
        },
        Err(_) => Cow::Borrowed(piece),
    })?;
    Ok(Some(redactor.count()))
}

/// [`redact_staged`] with the file read whole.
pub fn redact_staged_whole(staged: &mut crate::output::Staged) -> std::io::Result<u32> {
    let Some(text) = staged.read_text()? else {
        return Ok(0);
    };
    let redacted = cartograph_secrets::shared().redact(&text);
    if let Cow::Owned(owned) = &redacted.text {
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

    /// A staged `index.json` passes the same gate as bytes held whole: same text, same count,
    /// whether it is read in one piece, in several (a value found in one piece is redacted in
    /// the others, numbered across them), or whole (a private key block).
    #[test]
    fn staged_files_are_redacted_as_bytes_are() {
        #![allow(clippy::unwrap_used)]
        let dir = tempfile::tempdir().unwrap();
        let folder = crate::output::DocsFolder::open(dir.path(), "docs").unwrap();
        let key = format!("AKIA{}", "QWERTYUIOPASDFGH");
        let password = "Zq8vLm2pTx7wQ4";
        let filler = "  \"name\": \"decode\",\n".repeat(60_000);
        let several_pieces = format!(
            "{{\n{filler}  \"doc\": \"{password} and {key}\",\n{filler}  \"signature\": \
             \"password = '{password}'\",\n{filler}  \"doc\": \"{key}\"\n}}"
        );
        let key_block = format!(
            "{{\n  \"doc\": \"-----BEGIN RSA PRIVATE KEY-----\n{}\n-----END RSA PRIVATE KEY-----\"\n}}\n",
            "MIIEpAIBAAKCAQEA".repeat(8)
        );
        let mut counts = Vec::new();
        for text in [
            format!("{{\n  \"summary\": \"uses {key}\",\n  \"name\": \"{key}\"\n}}\n"),
            "{\n  \"name\": \"decode\"\n}\n".to_string(),
            several_pieces,
            key_block,
        ] {
            let mut staged = folder
                .stage("index.json", |out| out.write_all(text.as_bytes()))
                .unwrap();
            let count = redact_staged(&mut staged).unwrap();
            let (bytes, expected) = redact_bytes(text.clone().into_bytes());
            assert_eq!(count, expected);
            counts.push(count);
            assert_eq!(staged.read_text().unwrap().unwrap().into_bytes(), bytes);
        }
        assert_eq!(counts, [2, 0, 4, 1]);
        let mut not_text = folder
            .stage("index.json", |out| out.write_all(b"{\xff}\n"))
            .unwrap();
        assert_eq!(redact_staged(&mut not_text).unwrap(), 0);
        assert_eq!(not_text.read_text().unwrap(), None);
    }
}
