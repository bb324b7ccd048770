//! Redacting a text too large to hold whole (`index.json` of a large tree: hundreds of
//! megabytes), given in pieces that end at line breaks, with exactly the bytes and count
//! [`SecretScanner::redact`] gives for the whole text. It reads nothing itself: the caller
//! reads the pieces, twice.
//!
//! The first pass ([`PieceScan`]) runs the rules over each piece and keeps what they claimed;
//! the second ([`PieceRedactor`]) searches each piece for other occurrences of every value
//! found anywhere, and numbers the placeholders across pieces. This is the whole-text result
//! because no rule's match crosses a line break (their classes exclude `\n`, and every match
//! holds one of its rule's keywords, so a piece runs the rules the whole text would run where
//! they can match), except the two that start at `-----BEGIN` (private key blocks, which may
//! run to an END line 64 KiB further, and a service account's `private_key`): a piece holding
//! that asks for the whole text instead ([`WholeTextNeeded`]).

use rayon::prelude::*;
use std::borrow::Cow;

use crate::{
    is_repeated_value, merge_overlapping, repeated_values, Candidate, Numbering, OtherOccurrences,
    SecretScanner,
};

/// The text that the rules whose matches may cross a line break start with.
const CROSSES_LINES: &str = "-----BEGIN";

/// A piece holds text that only the whole text can be scanned for: read it whole and use
/// [`SecretScanner::redact`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WholeTextNeeded;

/// The first pass over a text given in pieces; see the module's documentation.
pub struct PieceScan<'s> {
    scanner: &'s SecretScanner,
    /// Bytes of the pieces scanned so far.
    scanned: usize,
    /// What the rules claimed, at offsets in the whole text, each with its value when that
    /// value is searched for elsewhere.
    candidates: Vec<(Candidate, Option<Box<str>>)>,
}

impl SecretScanner {
    /// Starts redacting a text given in pieces: [`PieceScan::scan`] each piece in order, then
    /// [`PieceScan::redactor`] and [`PieceRedactor::redact`] the same pieces again.
    pub fn scan_pieces(&self) -> PieceScan<'_> {
        PieceScan {
            scanner: self,
            scanned: 0,
            candidates: Vec::new(),
        }
    }
}

impl PieceScan<'_> {
    /// Scans the next piece. Every piece but the last must end with `\n`.
    pub fn scan(&mut self, piece: &str) -> Result<(), WholeTextNeeded> {
        self.scan_each(&[piece])
    }

    /// Scans the next pieces, in order, several at once (the rules run on each piece alone):
    /// the same as [`PieceScan::scan`] on each in turn.
    pub fn scan_each(&mut self, pieces: &[&str]) -> Result<(), WholeTextNeeded> {
        if pieces.iter().any(|piece| piece.contains(CROSSES_LINES)) {
            return Err(WholeTextNeeded);
        }
        let found: Vec<Vec<Candidate>> = pieces
            .par_iter()
            .map(|piece| self.scanner.rule_candidates(piece))
            .collect();
        for (piece, candidates) in pieces.iter().zip(found) {
            let offset = self.scanned;
            self.candidates
                .extend(candidates.into_iter().map(|candidate| {
                    let value = &piece[candidate.range.clone()];
                    let repeated = is_repeated_value(value).then(|| Box::from(value));
                    let range = candidate.range.start + offset..candidate.range.end + offset;
                    (Candidate { range, ..candidate }, repeated)
                }));
            self.scanned += piece.len();
        }
        Ok(())
    }

    /// Whether any secret was found: when none was, the text stays as it is and needs no
    /// second pass.
    pub fn found_any(&self) -> bool {
        !self.candidates.is_empty()
    }

    /// The second pass, over the same pieces.
    pub fn redactor(mut self) -> PieceRedactor {
        // The whole text's candidates come rule by rule, each rule's in order of offset: the
        // first to find a value names the rule its other occurrences are redacted under.
        self.candidates
            .sort_by_key(|(candidate, _)| (candidate.priority, candidate.range.start));
        let others = OtherOccurrences::new(repeated_values(self.candidates.iter().filter_map(
            |(candidate, value)| {
                value
                    .as_deref()
                    .map(|value| (value, candidate.priority, candidate.rule))
            },
        )));
        let mut candidates: Vec<Candidate> = self
            .candidates
            .into_iter()
            .map(|(candidate, _)| candidate)
            .collect();
        candidates.sort_by_key(|candidate| candidate.range.start);
        PieceRedactor {
            candidates: candidates.into_iter().peekable(),
            others,
            numbering: Numbering::default(),
            redacted: 0,
            count: 0,
        }
    }
}

/// The second pass over a text given in pieces; see the module's documentation.
pub struct PieceRedactor {
    /// The rules' candidates by offset in the whole text, those of pieces not redacted yet.
    candidates: std::iter::Peekable<std::vec::IntoIter<Candidate>>,
    others: OtherOccurrences,
    numbering: Numbering,
    /// Bytes of the pieces redacted so far.
    redacted: usize,
    count: u32,
}

impl PieceRedactor {
    /// The next piece with its secrets replaced, as the whole text's redaction has it. The
    /// pieces must be those the first pass scanned, cut at line breaks (not necessarily at the
    /// same ones).
    pub fn redact<'a>(&mut self, piece: &'a str) -> Cow<'a, str> {
        let offset = self.redacted;
        let end = offset + piece.len();
        self.redacted = end;
        let mut candidates = Vec::new();
        while let Some(candidate) = self
            .candidates
            .next_if(|candidate| candidate.range.start < end)
        {
            candidates.push(Candidate {
                range: candidate.range.start - offset..candidate.range.end - offset,
                ..candidate
            });
        }
        self.others.add(piece, &mut candidates);
        if candidates.is_empty() {
            return Cow::Borrowed(piece);
        }
        let redactions = merge_overlapping(candidates);
        self.count = self
            .count
            .saturating_add(u32::try_from(redactions.len()).unwrap_or(u32::MAX));
        let mut redacted = String::with_capacity(piece.len());
        self.numbering
            .replace(piece, &redactions, &mut redacted, &mut Vec::new());
        Cow::Owned(redacted)
    }

    /// How many spans were replaced in the pieces redacted so far.
    pub fn count(&self) -> u32 {
        self.count
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use proptest::prelude::*;

    /// Redacts `text` cut into pieces of about `piece_len` bytes at line breaks, scanned
    /// `batch` pieces at a time, as the gate does; `None` when the whole text is needed.
    fn redact_in_pieces(text: &str, piece_len: usize, batch: usize) -> Option<(String, u32)> {
        let mut pieces = Vec::new();
        let mut rest = text;
        while !rest.is_empty() {
            let cut = rest
                .bytes()
                .skip(piece_len)
                .position(|byte| byte == b'\n')
                .map_or(rest.len(), |newline| piece_len + newline + 1);
            pieces.push(&rest[..cut]);
            rest = &rest[cut..];
        }
        let scanner = crate::shared();
        let mut scan = scanner.scan_pieces();
        for pieces in pieces.chunks(batch) {
            scan.scan_each(pieces).ok()?;
        }
        let mut redactor = scan.redactor();
        let redacted: String = pieces
            .iter()
            .map(|piece| redactor.redact(piece).into_owned())
            .collect();
        Some((redacted, redactor.count()))
    }

    /// Lines a JSON index or a page may hold, with secrets of every rule, repeated values and
    /// values that one rule finds and another line only repeats.
    const LINES: &[&str] = &[
        "  \"name\": \"decode\",",
        "  \"signature\": \"let key = \\\"AKIAQWERTYUIOPASDFGH\\\";\",",
        "  \"doc\": \"uses AKIAQWERTYUIOPASDFGH again\",",
        "password = \"hunter2hunter2XyZ\"",
        "echo hunter2hunter2XyZ",
        "DB_PASSWORD=s3cr3tV4lu3Qx9z",
        "  \"summary\": \"postgres://admin:Zq8vLm2pTx7w@db.internal/app\",",
        "Zq8vLm2pTx7w appears alone",
        "token: ghp_abcdefghijklmnopqrstuvwxyz0123456789",
        "Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.abc123",
        "api_key = os.environ[\"API_KEY\"]",
        "  \"doc\": \"π ≈ 3.14159, naïve café\",",
        "",
        "sk-ant-api03-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
        "secret_key: \"Aa1Bb2Cc3Dd4Ee5Ff6\"",
        "x = Aa1Bb2Cc3Dd4Ee5Ff6 + 1",
    ];

    proptest! {
        /// Redacted in pieces, a text comes out byte for byte as redacted whole, with the same
        /// count, wherever the cuts fall.
        #[test]
        fn pieces_redact_as_the_whole_text(
            lines in proptest::collection::vec(0..LINES.len(), 0..60),
            piece_len in 1usize..400,
            batch in 1usize..5,
            final_newline in any::<bool>(),
        ) {
            let mut text = lines.iter().map(|&at| LINES[at]).collect::<Vec<_>>().join("\n");
            if final_newline {
                text.push('\n');
            }
            let whole = crate::shared().redact(&text);
            let pieces = redact_in_pieces(&text, piece_len, batch).unwrap();
            prop_assert_eq!(pieces, (whole.text.into_owned(), whole.count));
        }
    }

    /// Many distinct values take the one-regex search for other occurrences.
    #[test]
    fn many_values_redact_as_the_whole_text() {
        let text: String = (0..40)
            .map(|n| format!("password = \"Qx{n}v9LmZt{n}Rw8\"\nseen Qx{n}v9LmZt{n}Rw8 here\n"))
            .collect();
        let whole = crate::shared().redact(&text);
        assert_eq!(whole.count, 80);
        for (piece_len, batch) in [(1, 1), (1, 7), (50, 3), (1000, 1), (1 << 20, 8)] {
            assert_eq!(
                redact_in_pieces(&text, piece_len, batch).unwrap(),
                (whole.text.clone().into_owned(), whole.count)
            );
        }
    }

    /// A private key block may run over many lines: a piece that may start one asks for the
    /// whole text.
    #[test]
    fn a_key_block_needs_the_whole_text() {
        let text = "a\n-----BEGIN RSA PRIVATE KEY-----\nMIIE\n-----END RSA PRIVATE KEY-----\n";
        assert_eq!(redact_in_pieces(text, 4, 1), None);
        assert_eq!(redact_in_pieces(text, 4, 3), None);
    }
}
