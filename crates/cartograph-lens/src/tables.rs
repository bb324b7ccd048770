//! What ranking needs to know of the files besides a question: which are candidates, which are
//! tests, which examples and which build the documentation site, which file names the non-test files have, the module and the stem's terms of each
//! file, the terms of each module's path and of each file's symbols, and whether the graph's nodes are the files. None of it depends on the question, so a caller that ranks many
//! questions over the same files (the MCP server, evaluation) builds it once with
//! `RankTables::new` and passes it in `Texts::tables`; without it, `rank` builds it per question.
//! Nothing here scores: the same tables give the same ranking as building them again.

use cartograph_core::{FileMap, FileSet, Module, RepoPath};
use cartograph_graph::Graph;
use rayon::prelude::*;
use rustc_hash::FxHashMap;
use std::sync::OnceLock;

/// The question-independent facts ranking reads of `files`, `graph` and `modules`, by file
/// position. Build it from the very files, graph and modules that are ranked with it.
#[derive(Debug, Clone)]
pub struct RankTables {
    /// The positions in `files` of the files lens may rank: every file that is not secret.
    pub(crate) candidate_at: Vec<usize>,
    /// Per file: its path says it is test code or fixtures (`cartograph_graph::is_test_path`).
    pub(crate) test_path: Vec<bool>,
    /// Per file: its path says it is an example, a demo or a benchmark
    /// (`cartograph_graph::is_example_path`).
    pub(crate) example_path: Vec<bool>,
    /// Per file: it is code in the repository's documentation (`Graph::is_docs_dir`): it
    /// builds the docs site (Sphinx's `conf.py`, the site's scripts), it is not the project.
    pub(crate) docs_site_path: Vec<bool>,
    /// Candidates that are not tests, by file name, as candidate indices in order.
    pub(crate) by_name: FxHashMap<String, Vec<usize>>,
    /// Per file: the index in `modules` of the module that lists it (the last one, when several
    /// do, as `cartograph_graph::file_modules` has it).
    pub(crate) module_of: Vec<Option<u32>>,
    /// The graph's files are `files`, in the same order: a file's node is its position.
    pub(crate) graph_aligned: bool,
    /// Per file: the distinct terms of its stem (its file name up to the first dot), which a
    /// question's terms are matched against when the file's name says what it is about.
    /// Analyzed the first time a question needs them: one question scores only some files.
    stem_terms: Vec<OnceLock<Box<[Box<str>]>>>,
    /// Per module: the distinct terms of its path, which a question's terms are matched
    /// against when the module's name says what its files are about. Analyzed on first use.
    module_terms: Vec<OnceLock<Box<[Box<str>]>>>,
    /// Per file: the distinct terms of each of its symbols' name and doc, which symbol ranking
    /// matches a question's terms against. Analyzed the first time a question shows the file,
    /// then kept: a server asked many questions shows many files again.
    symbol_terms: Vec<OnceLock<Box<[SymbolTerms]>>>,
    /// How many files and modules the tables were built from; tables of other sizes are not
    /// used.
    n_files: usize,
    n_modules: usize,
}

impl RankTables {
    /// Reads only the files' heads: no map is decoded.
    pub fn new<F: FileSet + ?Sized>(files: &F, graph: &Graph, modules: &[Module]) -> RankTables {
        let candidate_at: Vec<usize> = (0..files.len())
            .filter(|&at| !files.head(at).flags.secret)
            .collect();
        let test_path: Vec<bool> = (0..files.len())
            .map(|at| cartograph_graph::is_test_path(files.head(at).path))
            .collect();
        let example_path: Vec<bool> = (0..files.len())
            .map(|at| cartograph_graph::is_example_path(files.head(at).path))
            .collect();
        let docs_site_path: Vec<bool> = (0..files.len())
            .map(|at| {
                let head = files.head(at);
                head.language.is_code() && graph.is_docs_dir(head.path.parent())
            })
            .collect();
        let mut by_name: FxHashMap<String, Vec<usize>> = FxHashMap::default();
        for (candidate, &at) in candidate_at.iter().enumerate() {
            if !test_path[at] {
                let name = files.head(at).path.file_name();
                match by_name.get_mut(name) {
                    Some(list) => list.push(candidate),
                    None => {
                        by_name.insert(name.to_string(), vec![candidate]);
                    }
                }
            }
        }
        let position: FxHashMap<&RepoPath, usize> = (0..files.len())
            .map(|at| (files.head(at).path, at))
            .collect();
        let mut module_of = vec![None; files.len()];
        for (module_at, module) in modules.iter().enumerate() {
            for path in &module.files {
                if let Some(&at) = position.get(path) {
                    module_of[at] = u32::try_from(module_at).ok();
                }
            }
        }
        let graph_aligned = graph.files().len() == files.len()
            && graph
                .files()
                .iter()
                .enumerate()
                .all(|(at, node)| node == files.head(at).path);
        let stem_terms = (0..files.len()).map(|_| OnceLock::new()).collect();
        let module_terms = (0..modules.len()).map(|_| OnceLock::new()).collect();
        let symbol_terms = (0..files.len()).map(|_| OnceLock::new()).collect();
        RankTables {
            candidate_at,
            stem_terms,
            module_terms,
            symbol_terms,
            test_path,
            example_path,
            docs_site_path,
            by_name,
            module_of,
            graph_aligned,
            n_files: files.len(),
            n_modules: modules.len(),
        }
    }

    /// Analyzes every file's stem and every module's path now, on all cores, rather than when
    /// a question first needs them: for a caller that builds the tables while it has a core to
    /// spare (`lens` while the map walks the tree). `files` and `modules` are those the tables
    /// were built from.
    pub fn analyze_names<F: FileSet + ?Sized>(&self, files: &F, modules: &[Module]) {
        if !self.fits(files, modules) {
            return;
        }
        self.stem_terms
            .par_iter()
            .enumerate()
            .for_each(|(at, cell)| {
                cell.get_or_init(|| analyze_stem(files.head(at).path));
            });
        self.module_terms
            .par_iter()
            .zip(modules)
            .for_each(|(cell, module)| {
                cell.get_or_init(|| distinct_terms(&module.path));
            });
    }

    /// The distinct terms of the stem of `file`, the file at `file_at` of the files these
    /// tables were built from.
    pub(crate) fn stem_terms(&self, file_at: usize, path: &RepoPath) -> &[Box<str>] {
        match self.stem_terms.get(file_at) {
            Some(cell) => cell.get_or_init(|| analyze_stem(path)),
            None => &[],
        }
    }

    /// The distinct terms of the path of `module`, the module at `module_at` of the modules
    /// these tables were built from.
    pub(crate) fn module_terms(&self, module_at: usize, module: &str) -> &[Box<str>] {
        match self.module_terms.get(module_at) {
            Some(cell) => cell.get_or_init(|| distinct_terms(module)),
            None => &[],
        }
    }

    /// The terms of the symbols of `file`, the file at `file_at` of the files these tables
    /// were built from, in the order of its symbols.
    pub(crate) fn symbol_terms(&self, file_at: usize, file: &FileMap) -> &[SymbolTerms] {
        match self.symbol_terms.get(file_at) {
            Some(cell) => cell.get_or_init(|| SymbolTerms::of_file(file)),
            None => &[],
        }
    }

    /// Whether these tables can be of `files` and `modules` (their sizes agree).
    pub(crate) fn fits<F: FileSet + ?Sized>(&self, files: &F, modules: &[Module]) -> bool {
        self.n_files == files.len()
            && self.n_modules == modules.len()
            && self.test_path.len() == files.len()
            && self.example_path.len() == files.len()
            && self.docs_site_path.len() == files.len()
            && self.module_of.len() == files.len()
            && self.stem_terms.len() == files.len()
            && self.module_terms.len() == modules.len()
            && self.symbol_terms.len() == files.len()
    }
}

/// The distinct terms of a file's stem: its file name up to the first dot.
fn analyze_stem(path: &RepoPath) -> Box<[Box<str>]> {
    distinct_terms(path.file_name().split('.').next().unwrap_or_default())
}

/// The distinct terms of `text`, sorted (a symbol's doc can hold hundreds).
pub(crate) fn distinct_terms(text: &str) -> Box<[Box<str>]> {
    let mut terms: Vec<Box<str>> = Vec::new();
    crate::analyze::each_term(text, false, |term, _| terms.push(term.into()));
    terms.sort_unstable();
    terms.dedup();
    terms.into_boxed_slice()
}

/// The distinct terms of one symbol's name and of its doc (none without one).
#[derive(Debug, Clone)]
pub(crate) struct SymbolTerms {
    pub(crate) name: Box<[Box<str>]>,
    pub(crate) doc: Box<[Box<str>]>,
}

impl SymbolTerms {
    /// The terms of each symbol of `file`, in order.
    pub(crate) fn of_file(file: &FileMap) -> Box<[SymbolTerms]> {
        file.parsed
            .symbols
            .iter()
            .map(|symbol| SymbolTerms {
                name: distinct_terms(&symbol.name),
                doc: symbol
                    .doc
                    .as_deref()
                    .map_or_else(Box::default, distinct_terms),
            })
            .collect()
    }
}
