//! A list of file maps read by position, whatever holds them: an owned `[FileMap]`, or a list
//! whose maps are decoded only when asked for (the pipeline's stored index). What is known of
//! a file without its parsed contents is its `FileHead`; readers that need only that never make
//! a list decode a map.

use crate::{ContentHash, FileFlags, FileMap, Language, RepoPath};

/// What a list knows of a file without decoding its map: the fields of `FileMap` outside
/// `parsed`, and the one parsed fact every load reads (the semantic hash summaries are keyed by).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FileHead<'a> {
    pub path: &'a RepoPath,
    pub hash: ContentHash,
    pub language: Language,
    pub bytes: u64,
    pub lines: u32,
    pub tokens: u32,
    pub flags: FileFlags,
    pub semantic_hash: Option<ContentHash>,
}

impl<'a> FileHead<'a> {
    pub fn of(file: &'a FileMap) -> FileHead<'a> {
        FileHead {
            path: &file.path,
            hash: file.hash,
            language: file.language,
            bytes: file.bytes,
            lines: file.lines,
            tokens: file.tokens,
            flags: file.flags,
            semantic_hash: file.parsed.semantic_hash,
        }
    }
}

/// File maps by position, sorted by path. Positions are `0..len()`; like slice indexing,
/// `head` and `map` panic on a position outside them.
pub trait FileSet: Sync {
    fn len(&self) -> usize;

    fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// What is known of the file at `at` without its map; never decodes.
    fn head(&self, at: usize) -> FileHead<'_>;

    /// The whole map of the file at `at` (a lazy list decodes it the first time).
    fn map(&self, at: usize) -> &FileMap;

    /// The positions, ascending, of the files that may have a symbol named `name`: every file
    /// that has one, perhaps others. `None` when the list does not know; then any file may.
    fn files_naming(&self, _name: &str) -> Option<Vec<usize>> {
        None
    }
}

impl FileSet for [FileMap] {
    fn len(&self) -> usize {
        <[FileMap]>::len(self)
    }

    fn head(&self, at: usize) -> FileHead<'_> {
        FileHead::of(&self[at])
    }

    fn map(&self, at: usize) -> &FileMap {
        &self[at]
    }
}

impl FileSet for Vec<FileMap> {
    fn len(&self) -> usize {
        self.as_slice().len()
    }

    fn head(&self, at: usize) -> FileHead<'_> {
        FileHead::of(&self[at])
    }

    fn map(&self, at: usize) -> &FileMap {
        &self[at]
    }
}
