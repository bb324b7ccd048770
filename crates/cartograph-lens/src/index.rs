//! The term index: every file's terms (see `terms`) as postings, so that a question reads the
//! rows of its own terms instead of every file. One file on disk, written whole and replaced
//! atomically by the caller:
//!
//! ```text
//! magic "CGTERMS\0" | u32 format | u32 key length, key | u64 docs, fst, postings lengths
//! | blake3 of the fst section
//! docs:     u32 count, then per file: u32 path length, path, 32-byte content hash,
//!           32-byte summary hash, five u32 field lengths
//! fst:      term → offset of its postings (the `fst` crate's map)
//! postings: per term: varint count, then per file: varint id delta, a byte with one bit per
//!           field that holds the term, a varint count for each such field
//! ```
//!
//! Integers are little-endian. The `fst` crate trusts its bytes (damaged ones can make it
//! panic), so the dictionary is checked against its hash when opened; the docs table and the
//! postings are decoded with every read checked. The key names the analyzer and extractor the index was built
//! with; an index with another key, or one that does not parse, is not used (the caller builds
//! a new one). Document ids are positions in the docs table.

use crate::bm25::FIELDS;
use crate::terms::FileTerms;
use cartograph_core::ContentHash;
use std::collections::HashMap;
use std::io::Write;

const MAGIC: &[u8; 8] = b"CGTERMS\0";
const FORMAT: u32 = 1;
/// Bumped whenever what a file's terms are changes (`analyze`, `terms`): older indexes are
/// rebuilt rather than read with other words.
pub const ANALYZER_VERSION: u32 = 1;

#[derive(Debug, thiserror::Error)]
pub enum IndexError {
    #[error("reading the term index: {0}")]
    Io(#[from] std::io::Error),
    #[error("the term index is damaged: {0}")]
    Corrupt(&'static str),
    #[error("the term index was built by another version (`{0}`)")]
    OtherVersion(String),
    #[error("building the term dictionary: {0}")]
    Dictionary(#[from] fst::Error),
}

/// Random access to the bytes of an index: a file on disk, or bytes in memory.
pub trait Blob: Send + Sync {
    fn size(&self) -> u64;
    fn read_at(&self, offset: u64, buf: &mut [u8]) -> std::io::Result<()>;
}

impl Blob for Vec<u8> {
    fn size(&self) -> u64 {
        self.len() as u64
    }

    fn read_at(&self, offset: u64, buf: &mut [u8]) -> std::io::Result<()> {
        let start = usize::try_from(offset).map_err(|_| short_read())?;
        let end = start.checked_add(buf.len()).ok_or_else(short_read)?;
        let bytes = self.get(start..end).ok_or_else(short_read)?;
        buf.copy_from_slice(bytes);
        Ok(())
    }
}

fn short_read() -> std::io::Error {
    std::io::Error::new(
        std::io::ErrorKind::UnexpectedEof,
        "past the end of the index",
    )
}

/// One file as the index knows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexedDoc {
    pub path: String,
    pub hash: ContentHash,
    /// Of the summary text the summary field was analyzed from (of "" when there was none).
    pub summary: ContentHash,
    pub lengths: [u32; FIELDS],
}

/// The full key an index is built under: its format, the analyzer, and the caller's part (the
/// extractor's version: identifiers and docs come from extracted facts).
pub fn index_key(caller: &str) -> String {
    format!("terms {FORMAT}; analyzer {ANALYZER_VERSION}; {caller}")
}

/// An opened index: the docs table and dictionary in memory, postings read on demand.
pub struct TermIndex {
    docs: Vec<IndexedDoc>,
    by_path: rustc_hash::FxHashMap<String, u32>,
    dictionary: fst::Map<Vec<u8>>,
    postings_at: u64,
    postings_len: u64,
    blob: Box<dyn Blob>,
}

impl std::fmt::Debug for TermIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TermIndex")
            .field("docs", &self.docs.len())
            .field("terms", &self.dictionary.len())
            .finish()
    }
}

/// Reads little-endian fields from a byte slice; every read is checked.
struct Cursor<'b> {
    bytes: &'b [u8],
    at: usize,
}

impl<'b> Cursor<'b> {
    fn take(&mut self, n: usize) -> Result<&'b [u8], IndexError> {
        let end = self
            .at
            .checked_add(n)
            .ok_or(IndexError::Corrupt("length overflow"))?;
        let bytes = self
            .bytes
            .get(self.at..end)
            .ok_or(IndexError::Corrupt("truncated"))?;
        self.at = end;
        Ok(bytes)
    }

    fn u32(&mut self) -> Result<u32, IndexError> {
        let mut raw = [0u8; 4];
        raw.copy_from_slice(self.take(4)?);
        Ok(u32::from_le_bytes(raw))
    }

    fn u64(&mut self) -> Result<u64, IndexError> {
        let mut raw = [0u8; 8];
        raw.copy_from_slice(self.take(8)?);
        Ok(u64::from_le_bytes(raw))
    }

    fn hash(&mut self) -> Result<ContentHash, IndexError> {
        let mut raw = [0u8; 32];
        raw.copy_from_slice(self.take(32)?);
        Ok(ContentHash(raw))
    }

    fn varint(&mut self) -> Result<u32, IndexError> {
        let mut value: u64 = 0;
        for shift in (0..35).step_by(7) {
            let byte = self.take(1)?[0];
            value |= u64::from(byte & 0x7f) << shift;
            if byte & 0x80 == 0 {
                return u32::try_from(value).map_err(|_| IndexError::Corrupt("varint overflow"));
            }
        }
        Err(IndexError::Corrupt("varint too long"))
    }
}

fn push_varint(out: &mut Vec<u8>, mut value: u32) {
    while value >= 0x80 {
        out.push((value as u8 & 0x7f) | 0x80);
        value >>= 7;
    }
    out.push(value as u8);
}

/// Appends one posting (after `previous`, the last id of the same list) to `out`.
fn push_posting(out: &mut Vec<u8>, previous: u32, doc: u32, counts: &[u32; FIELDS]) {
    push_varint(out, doc - previous);
    let mask = counts
        .iter()
        .enumerate()
        .filter(|(_, count)| **count > 0)
        .fold(0u8, |mask, (field, _)| mask | 1 << field);
    out.push(mask);
    for count in counts.iter().filter(|count| **count > 0) {
        push_varint(out, *count);
    }
}

/// Decodes one term's postings from `cursor`.
fn read_postings(cursor: &mut Cursor<'_>) -> Result<Vec<(u32, [u32; FIELDS])>, IndexError> {
    let count = cursor.varint()? as usize;
    // A count larger than the bytes left cannot be true: refuse before allocating for it.
    if count > cursor.bytes.len().saturating_sub(cursor.at) {
        return Err(IndexError::Corrupt("posting count"));
    }
    let mut postings = Vec::with_capacity(count);
    let mut doc = 0u32;
    for at in 0..count {
        let delta = cursor.varint()?;
        if at > 0 && delta == 0 {
            return Err(IndexError::Corrupt("posting order"));
        }
        doc = doc
            .checked_add(delta)
            .ok_or(IndexError::Corrupt("posting id"))?;
        let mask = cursor.take(1)?[0];
        let mut counts = [0u32; FIELDS];
        for (field, count) in counts.iter_mut().enumerate() {
            if mask & (1 << field) != 0 {
                *count = cursor.varint()?;
            }
        }
        postings.push((doc, counts));
    }
    Ok(postings)
}

impl TermIndex {
    /// Opens an index written under `key` (see `index_key`).
    pub fn open(blob: Box<dyn Blob>, key: &str) -> Result<TermIndex, IndexError> {
        let mut head = vec![0u8; 16];
        blob.read_at(0, &mut head)?;
        if &head[..8] != MAGIC {
            return Err(IndexError::Corrupt("not a term index"));
        }
        let mut cursor = Cursor {
            bytes: &head,
            at: 8,
        };
        if cursor.u32()? != FORMAT {
            return Err(IndexError::OtherVersion(format!("format {}", head[8])));
        }
        let key_len = cursor.u32()? as u64;
        let header_len = 16 + key_len + 24 + 32;
        if header_len > blob.size() {
            return Err(IndexError::Corrupt("truncated header"));
        }
        let mut header = vec![0u8; (header_len - 16) as usize];
        blob.read_at(16, &mut header)?;
        let mut cursor = Cursor {
            bytes: &header,
            at: 0,
        };
        let found_key = String::from_utf8_lossy(cursor.take(key_len as usize)?).into_owned();
        if found_key != key {
            return Err(IndexError::OtherVersion(found_key));
        }
        let (docs_len, fst_len, postings_len) = (cursor.u64()?, cursor.u64()?, cursor.u64()?);
        let fst_hash = cursor.hash()?;
        let docs_at = header_len;
        let fst_at = docs_at
            .checked_add(docs_len)
            .ok_or(IndexError::Corrupt("sizes"))?;
        let postings_at = fst_at
            .checked_add(fst_len)
            .ok_or(IndexError::Corrupt("sizes"))?;
        if postings_at.checked_add(postings_len) != Some(blob.size()) {
            return Err(IndexError::Corrupt("sizes"));
        }
        let mut docs_bytes = vec![0u8; docs_len as usize];
        blob.read_at(docs_at, &mut docs_bytes)?;
        let docs = read_docs(&docs_bytes)?;
        let mut fst_bytes = vec![0u8; fst_len as usize];
        blob.read_at(fst_at, &mut fst_bytes)?;
        if ContentHash::of(&fst_bytes) != fst_hash {
            return Err(IndexError::Corrupt("term dictionary"));
        }
        let dictionary =
            fst::Map::new(fst_bytes).map_err(|_| IndexError::Corrupt("term dictionary"))?;
        let by_path = docs
            .iter()
            .enumerate()
            .map(|(at, doc)| (doc.path.clone(), at as u32))
            .collect();
        Ok(TermIndex {
            docs,
            by_path,
            dictionary,
            postings_at,
            postings_len,
            blob,
        })
    }

    pub fn docs(&self) -> &[IndexedDoc] {
        &self.docs
    }

    pub fn doc_of(&self, path: &str) -> Option<u32> {
        self.by_path.get(path).copied()
    }

    /// The files holding `term`, with the term's count in each field, by id.
    pub fn postings(&self, term: &str) -> Result<Vec<(u32, [u32; FIELDS])>, IndexError> {
        let Some(offset) = self.dictionary.get(term) else {
            return Ok(Vec::new());
        };
        let next = self.next_offset(term).unwrap_or(self.postings_len);
        if offset >= next || next > self.postings_len {
            return Err(IndexError::Corrupt("posting offsets"));
        }
        let mut bytes = vec![0u8; (next - offset) as usize];
        self.blob.read_at(self.postings_at + offset, &mut bytes)?;
        let postings = read_postings(&mut Cursor {
            bytes: &bytes,
            at: 0,
        })?;
        if postings
            .last()
            .is_some_and(|(doc, _)| *doc as usize >= self.docs.len())
        {
            return Err(IndexError::Corrupt("posting id"));
        }
        Ok(postings)
    }

    /// Where the postings of the term after `term` start.
    fn next_offset(&self, term: &str) -> Option<u64> {
        use fst::{IntoStreamer, Streamer};
        let mut stream = self.dictionary.range().gt(term).into_stream();
        stream.next().map(|(_, offset)| offset)
    }

    /// Every term with its postings, in term order (for rebuilding).
    fn each_term(
        &self,
        mut each: impl FnMut(&str, Vec<(u32, [u32; FIELDS])>),
    ) -> Result<(), IndexError> {
        use fst::Streamer;
        let mut bytes = vec![0u8; self.postings_len as usize];
        self.blob.read_at(self.postings_at, &mut bytes)?;
        let mut stream = self.dictionary.stream();
        while let Some((term, offset)) = stream.next() {
            let term = std::str::from_utf8(term).map_err(|_| IndexError::Corrupt("term"))?;
            let mut cursor = Cursor {
                bytes: &bytes,
                at: usize::try_from(offset).map_err(|_| IndexError::Corrupt("offset"))?,
            };
            let postings = read_postings(&mut cursor)?;
            if postings
                .last()
                .is_some_and(|(doc, _)| *doc as usize >= self.docs.len())
            {
                return Err(IndexError::Corrupt("posting id"));
            }
            each(term, postings);
        }
        Ok(())
    }
}

fn read_docs(bytes: &[u8]) -> Result<Vec<IndexedDoc>, IndexError> {
    let mut cursor = Cursor { bytes, at: 0 };
    let count = cursor.u32()? as usize;
    // Each entry takes at least 4 + 64 + 20 bytes.
    if count > bytes.len() / 88 {
        return Err(IndexError::Corrupt("doc count"));
    }
    let mut docs = Vec::with_capacity(count);
    for _ in 0..count {
        let path_len = cursor.u32()? as usize;
        let path = std::str::from_utf8(cursor.take(path_len)?)
            .map_err(|_| IndexError::Corrupt("path"))?
            .to_string();
        let hash = cursor.hash()?;
        let summary = cursor.hash()?;
        let mut lengths = [0u32; FIELDS];
        for length in &mut lengths {
            *length = cursor.u32()?;
        }
        docs.push(IndexedDoc {
            path,
            hash,
            summary,
            lengths,
        });
    }
    Ok(docs)
}

/// One term's postings as they are appended, already encoded.
#[derive(Default)]
struct Encoded {
    bytes: Vec<u8>,
    count: u32,
    last: u32,
}

/// Collects files and writes an index. Files get ids in the order they are added; each term's
/// postings stay in id order because a file's postings are added after those of every file
/// added before it.
#[derive(Default)]
pub(crate) struct IndexBuilder {
    docs: Vec<IndexedDoc>,
    postings: HashMap<Box<str>, Encoded>,
}

impl IndexBuilder {
    pub fn new() -> IndexBuilder {
        IndexBuilder::default()
    }

    fn add_posting(&mut self, term: &str, doc: u32, counts: &[u32; FIELDS]) {
        let list = match self.postings.get_mut(term) {
            Some(list) => list,
            None => self.postings.entry(term.into()).or_default(),
        };
        let previous = if list.count == 0 { 0 } else { list.last };
        push_posting(&mut list.bytes, previous, doc, counts);
        list.count += 1;
        list.last = doc;
    }

    /// Adds one file and its terms.
    pub fn add(&mut self, mut doc: IndexedDoc, terms: &FileTerms) {
        let id = self.docs.len() as u32;
        doc.lengths = terms.lengths;
        self.docs.push(doc);
        for (term, counts) in &terms.terms {
            self.add_posting(term, id, counts);
        }
    }

    /// Adds the files of `old` that `keep` accepts, as they are: their postings are copied, not
    /// analyzed again.
    pub fn add_kept(
        &mut self,
        old: &TermIndex,
        keep: impl Fn(u32, &IndexedDoc) -> bool,
    ) -> Result<(), IndexError> {
        let mut new_id: Vec<Option<u32>> = Vec::with_capacity(old.docs.len());
        for (id, doc) in old.docs.iter().enumerate() {
            if keep(id as u32, doc) {
                new_id.push(Some(self.docs.len() as u32));
                self.docs.push(doc.clone());
            } else {
                new_id.push(None);
            }
        }
        old.each_term(|term, postings| {
            for (doc, counts) in postings {
                if let Some(Some(id)) = new_id.get(doc as usize) {
                    self.add_posting(term, *id, &counts);
                }
            }
        })
    }

    pub fn len(&self) -> usize {
        self.docs.len()
    }

    /// Writes the index under `key` (see `index_key`).
    pub fn write(self, key: &str, out: &mut dyn Write) -> Result<(), IndexError> {
        let mut docs = Vec::new();
        docs.extend_from_slice(&(self.docs.len() as u32).to_le_bytes());
        for doc in &self.docs {
            docs.extend_from_slice(&(doc.path.len() as u32).to_le_bytes());
            docs.extend_from_slice(doc.path.as_bytes());
            docs.extend_from_slice(doc.hash.as_bytes());
            docs.extend_from_slice(doc.summary.as_bytes());
            for length in doc.lengths {
                docs.extend_from_slice(&length.to_le_bytes());
            }
        }
        let mut terms: Vec<(Box<str>, Encoded)> = self.postings.into_iter().collect();
        terms.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        let mut dictionary = fst::MapBuilder::memory();
        let mut postings = Vec::new();
        for (term, list) in terms {
            dictionary.insert(term.as_bytes(), postings.len() as u64)?;
            push_varint(&mut postings, list.count);
            postings.extend_from_slice(&list.bytes);
        }
        let dictionary = dictionary.into_inner()?;
        out.write_all(MAGIC)?;
        out.write_all(&FORMAT.to_le_bytes())?;
        out.write_all(&(key.len() as u32).to_le_bytes())?;
        out.write_all(key.as_bytes())?;
        for len in [docs.len(), dictionary.len(), postings.len()] {
            out.write_all(&(len as u64).to_le_bytes())?;
        }
        out.write_all(ContentHash::of(&dictionary).as_bytes())?;
        out.write_all(&docs)?;
        out.write_all(&dictionary)?;
        out.write_all(&postings)?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(path: &str) -> IndexedDoc {
        IndexedDoc {
            path: path.to_string(),
            hash: ContentHash::of(path.as_bytes()),
            summary: ContentHash::of(b""),
            lengths: [0; FIELDS],
        }
    }

    fn terms(rows: &[(&str, [u32; FIELDS])]) -> FileTerms {
        let mut terms: Vec<(String, [u32; FIELDS])> =
            rows.iter().map(|(t, c)| (t.to_string(), *c)).collect();
        terms.sort();
        FileTerms {
            lengths: [1, 2, 3, 4, 5],
            terms,
        }
    }

    fn built(builder: IndexBuilder, key: &str) -> TermIndex {
        let mut bytes = Vec::new();
        builder
            .write(&index_key(key), &mut bytes)
            .unwrap_or_else(|e| panic!("{e}"));
        TermIndex::open(Box::new(bytes), &index_key(key)).unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn postings_round_trip() {
        let mut builder = IndexBuilder::new();
        builder.add(
            doc("a.py"),
            &terms(&[("retry", [1, 0, 0, 0, 300]), ("x", [0; 5])]),
        );
        builder.add(doc("b.py"), &terms(&[("retry", [0, 0, 2, 0, 0])]));
        builder.add(doc("c.py"), &terms(&[("zeta", [0, 0, 0, 0, 70_000])]));
        let index = built(builder, "k");
        assert_eq!(
            index.postings("retry").unwrap_or_default(),
            [(0, [1, 0, 0, 0, 300]), (1, [0, 0, 2, 0, 0])]
        );
        assert_eq!(
            index.postings("zeta").unwrap_or_default(),
            [(2, [0, 0, 0, 0, 70_000])]
        );
        assert!(index.postings("absent").unwrap_or_default().is_empty());
        assert_eq!(index.doc_of("b.py"), Some(1));
        assert_eq!(index.docs()[2].lengths, [1, 2, 3, 4, 5]);
    }

    #[test]
    fn kept_files_are_copied_and_dropped_ones_vanish() {
        let mut builder = IndexBuilder::new();
        builder.add(doc("a.py"), &terms(&[("retry", [1, 0, 0, 0, 0])]));
        builder.add(doc("b.py"), &terms(&[("retry", [2, 0, 0, 0, 0])]));
        builder.add(doc("c.py"), &terms(&[("retry", [3, 0, 0, 0, 0])]));
        let old = built(builder, "k");
        let mut builder = IndexBuilder::new();
        builder
            .add_kept(&old, |_, doc| doc.path != "b.py")
            .unwrap_or_else(|e| panic!("{e}"));
        builder.add(doc("d.py"), &terms(&[("retry", [4, 0, 0, 0, 0])]));
        let new = built(builder, "k");
        let paths: Vec<&str> = new.docs().iter().map(|d| d.path.as_str()).collect();
        assert_eq!(paths, ["a.py", "c.py", "d.py"]);
        assert_eq!(
            new.postings("retry").unwrap_or_default(),
            [
                (0, [1, 0, 0, 0, 0]),
                (1, [3, 0, 0, 0, 0]),
                (2, [4, 0, 0, 0, 0])
            ]
        );
    }

    #[test]
    fn another_key_or_damage_is_refused_never_a_panic() {
        let mut builder = IndexBuilder::new();
        builder.add(doc("a.py"), &terms(&[("retry", [1, 0, 0, 0, 0])]));
        let mut bytes = Vec::new();
        builder
            .write(&index_key("k"), &mut bytes)
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(matches!(
            TermIndex::open(Box::new(bytes.clone()), &index_key("other")),
            Err(IndexError::OtherVersion(_))
        ));
        // Every truncation and every single-byte change either opens and answers or fails
        // cleanly.
        for cut in 0..bytes.len() {
            let _ = TermIndex::open(Box::new(bytes[..cut].to_vec()), &index_key("k"));
        }
        for at in 0..bytes.len() {
            let mut damaged = bytes.clone();
            damaged[at] ^= 0xff;
            if let Ok(index) = TermIndex::open(Box::new(damaged), &index_key("k")) {
                let _ = index.postings("retry");
                let _ = index.each_term(|_, _| {});
            }
        }
    }
}
