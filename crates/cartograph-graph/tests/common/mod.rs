//! What the graph's tests share: a tree of files parsed and resolved for real.

use cartograph_core::{ContentHash, FileFlags, FileMap, Language, RepoPath};

/// The maps of `files` (`(path, source)`), parsed and with their imports resolved, sorted by
/// path as the index holds them.
pub fn tree(files: &[(&str, &str)]) -> Vec<FileMap> {
    let mut maps: Vec<FileMap> = files
        .iter()
        .filter_map(|(path, source)| {
            let path = RepoPath::new(path).ok()?;
            let language = Language::from_file_name(path.file_name());
            Some(FileMap {
                hash: ContentHash::of(source.as_bytes()),
                language,
                bytes: source.len() as u64,
                lines: 0,
                tokens: 0,
                flags: FileFlags::default(),
                parsed: cartograph_lang::parse(language, source),
                path,
            })
        })
        .collect();
    maps.sort_by(|a, b| a.path.cmp(&b.path));
    cartograph_lang::resolve_imports(&mut maps);
    maps
}
