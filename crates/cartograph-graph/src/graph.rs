//! The file dependency graph built from resolved imports, module-level edges and PageRank over
//! imports and references.
//! Edges point from the importing file to the imported one; unresolved imports are not edges.

use crate::modules::file_modules;
use cartograph_core::{FileMap, ImportKind, Module, RepoPath};
use std::collections::{BTreeMap, BTreeSet};

const DAMPING: f64 = 0.85;
const MAX_ITERATIONS: usize = 100;
/// Stop when the ranks move less than this in total (L1) between two iterations.
const TOLERANCE: f64 = 1e-10;

/// Imports between the files of one index. Node order is path order, so every walk over the
/// graph (and so every float sum) happens in the same order on every run.
///
/// Serializable so that a caller can keep a built graph (the pipeline's stored question index);
/// such a caller names a format version that changes with these fields, and checks a graph it
/// reads back with `is_well_formed` before using it.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct Graph {
    nodes: Vec<RepoPath>,
    /// Sorted, deduplicated targets of each node's imports.
    outgoing: Vec<Vec<usize>>,
    /// Sorted, deduplicated sources importing each node.
    incoming: Vec<Vec<usize>>,
    /// Per edge `(from, to)`: the kind and line of the first statement that makes it.
    statements: BTreeMap<(usize, usize), (ImportKind, u32)>,
    /// Per edge made by more than one statement, the lines of the others (marshmallow's
    /// `from marshmallow import validate` and `from marshmallow.validate import Equal`, two
    /// statements reaching `validate.py`): module edges count statements, not file pairs.
    #[serde(default)]
    more_statements: BTreeMap<(usize, usize), Vec<u32>>,
    rank: Vec<f64>,
    /// Per node, per symbol of its file: public API or not (`api.rs`).
    symbol_public: Vec<Vec<bool>>,
    /// Per node, per symbol: its rank over the reference graph (`references.rs`).
    symbol_rank: Vec<Vec<f64>>,
    /// `(from, to) → names` by node: the reference graph.
    references: crate::references::ReferenceMap,
    /// Per node, the nodes whose names it uses and the nodes that use its names, sorted.
    reference_neighbours: Vec<Vec<usize>>,
    /// Per node, how many other files import it or use its names.
    users: Vec<u32>,
    /// The documentation's top-level directories (`crate::documentation_dirs`).
    documentation: BTreeSet<String>,
    /// The edges `(from, to)` whose every statement sits in a Rust `mod tests` inside the file
    /// (ripgrep's `printer/src/standard.rs` using `grep_regex` in its tests only): what the
    /// file's tests need, said apart like the imports of tests beside the code.
    #[serde(default)]
    test_only: BTreeSet<(usize, usize)>,
    /// The reference edges `(from, to)` whose every name came through imports that never run
    /// at load time (type checking only, or inside functions): drawn dashed, like such imports.
    #[serde(default)]
    deferred_references: BTreeSet<(usize, usize)>,
    /// Each node by its path, built at the first lookup: pages ask of every symbol of every
    /// file whether it is public, and a binary search over the paths compared long shared
    /// prefixes each time.
    #[serde(skip)]
    node_index: std::sync::OnceLock<std::collections::HashMap<RepoPath, usize>>,
}

/// Names used in one file and defined in another.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reference<'a> {
    pub from: &'a RepoPath,
    pub to: &'a RepoPath,
    pub names: Vec<&'a str>,
}

/// One file edge with the statement that makes it (the first, by line, when several do).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileEdge<'a> {
    pub from: &'a RepoPath,
    pub to: &'a RepoPath,
    pub kind: ImportKind,
    pub line: u32,
}

/// The public flags and ranks of one file's symbols, by symbol index (`Graph::symbol_facts`).
#[derive(Debug, Clone, Copy, Default)]
pub struct SymbolFacts<'g> {
    public: &'g [bool],
    rank: &'g [f64],
}

impl SymbolFacts<'_> {
    /// As `Graph::is_public`.
    pub fn is_public(&self, index: usize) -> bool {
        self.public.get(index).copied().unwrap_or(false)
    }

    /// As `Graph::symbol_rank`.
    pub fn rank(&self, index: usize) -> f64 {
        self.rank.get(index).copied().unwrap_or(0.0)
    }
}

/// Imports from the files of one module to the files of another: the import statements, each
/// once however many files of the other module it reaches.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
pub struct ModuleEdge {
    pub from: String,
    pub to: String,
    pub count: u32,
    /// Every import behind the edge is made inside a function body (a deferred import, often
    /// there to break a cycle): layers and cycles leave such edges out.
    pub local_only: bool,
    /// Of `count`, the files that import nothing of the other module but name its types in
    /// their namespace:
    /// Java's package, PHP's and C#'s namespace name the types of their other files without
    /// an import (monolog's `tests/Monolog/LoggerTest.php` naming `Logger`).
    pub namespace_uses: u32,
}

impl Graph {
    /// Builds the graph from resolved imports. Imports of files outside `files`, self-imports
    /// and duplicates are dropped.
    pub fn build(files: &[FileMap]) -> Graph {
        let mut nodes: Vec<RepoPath> = files.iter().map(|file| file.path.clone()).collect();
        nodes.sort();
        nodes.dedup();
        let index: BTreeMap<&RepoPath, usize> = nodes
            .iter()
            .enumerate()
            .map(|(at, path)| (path, at))
            .collect();
        let mut outgoing = vec![Vec::new(); nodes.len()];
        let mut incoming = vec![Vec::new(); nodes.len()];
        let mut statements: BTreeMap<(usize, usize), (ImportKind, u32)> = BTreeMap::new();
        let mut lines: BTreeMap<(usize, usize), Vec<u32>> = BTreeMap::new();
        let mut test_only: BTreeSet<(usize, usize)> = BTreeSet::new();
        for file in files {
            let Some(&from) = index.get(&file.path) else {
                continue;
            };
            // Per target of this file: whether every statement sits in its `mod tests`.
            let mut in_tests: BTreeMap<usize, bool> = BTreeMap::new();
            for import in &file.parsed.imports {
                if !import.kind.is_edge() {
                    continue;
                }
                let Some(&to) = import
                    .resolved
                    .as_ref()
                    .and_then(|target| index.get(target))
                else {
                    continue;
                };
                if to == from {
                    continue;
                }
                outgoing[from].push(to);
                // The statement that stands for the edge: the first made at load time, else
                // the first inside a function (so `local` means every import of the pair is).
                let statement = (import.kind, import.line);
                let order = |(kind, line): (ImportKind, u32)| (kind.is_deferred(), line);
                statements
                    .entry((from, to))
                    .and_modify(|first| {
                        if order(statement) < order(*first) {
                            *first = statement;
                        }
                    })
                    .or_insert(statement);
                // A Rust path in code (`bytes::Bytes::new()`, four times in a test) is no
                // statement of its own: the edge counts it once.
                if import.kind != ImportKind::Path {
                    lines.entry((from, to)).or_default().push(import.line);
                }
                let tests = file.path.extension() == Some("rs")
                    && import.scope.as_deref().is_some_and(|scope| {
                        matches!(scope.split("::").next(), Some("tests" | "test"))
                    });
                *in_tests.entry(to).or_insert(true) &= tests;
            }
            test_only.extend(
                in_tests
                    .into_iter()
                    .filter(|(_, tests)| *tests)
                    .map(|(to, _)| (from, to)),
            );
        }
        for (from, targets) in outgoing.iter_mut().enumerate() {
            targets.sort_unstable();
            targets.dedup();
            for &to in targets.iter() {
                incoming[to].push(from);
            }
        }
        // `from` grows monotonically above, so every incoming list is already sorted.
        let mut graph = Graph {
            nodes,
            outgoing,
            incoming,
            more_statements: lines
                .into_iter()
                .filter_map(|(edge, mut lines)| {
                    lines.sort_unstable();
                    lines.dedup();
                    let first = statements.get(&edge)?.1;
                    lines.retain(|&line| line != first && line != 0);
                    (!lines.is_empty()).then_some((edge, lines))
                })
                .collect(),
            statements,
            test_only,
            rank: Vec::new(),
            symbol_public: Vec::new(),
            symbol_rank: Vec::new(),
            references: BTreeMap::new(),
            deferred_references: BTreeSet::new(),
            reference_neighbours: Vec::new(),
            users: Vec::new(),
            documentation: crate::documentation_dirs(files.iter().map(|file| &file.path)),
            node_index: std::sync::OnceLock::new(),
        };
        graph.add_symbol_facts(files);
        graph
    }

    /// References, file ranks over imports and references, public flags and symbol ranks,
    /// moved from `files`' order to node order.
    fn add_symbol_facts(&mut self, files: &[FileMap]) {
        let node_of: Vec<Option<usize>> =
            files.iter().map(|file| self.index_of(&file.path)).collect();
        let by_path: BTreeMap<&str, usize> = files
            .iter()
            .enumerate()
            .map(|(at, file)| (file.path.as_str(), at))
            .collect();
        // Public flags need nothing the references give: both are worked out at once.
        let ((references, deferred), public) = rayon::join(
            || crate::references::references(files, &by_path),
            || crate::api::public_symbols(files),
        );
        // `(from, to, how many names)` by node.
        let counts: Vec<(usize, usize, usize)> = references
            .iter()
            .filter_map(|(&(from, to), names)| {
                let from = node_of.get(from).copied().flatten()?;
                let to = node_of.get(to).copied().flatten()?;
                (from != to).then_some((from, to, names.len()))
            })
            .collect();
        let n = self.nodes.len();
        let mut neighbours = vec![Vec::new(); n];
        let mut users: Vec<Vec<usize>> = self.incoming.clone();
        for &(from, to, _) in &counts {
            neighbours[from].push(to);
            neighbours[to].push(from);
            users[to].push(from);
        }
        for list in neighbours.iter_mut().chain(users.iter_mut()) {
            list.sort_unstable();
            list.dedup();
        }
        self.reference_neighbours = neighbours;
        self.users = users.iter().map(|list| list.len() as u32).collect();
        self.rank = self.compute_pagerank(&counts);
        let file_rank: Vec<f64> = node_of
            .iter()
            .map(|node| node.map_or(0.0, |node| self.rank[node]))
            .collect();
        let ranks = crate::references::symbol_ranks(files, &file_rank, &references);
        self.symbol_public = vec![Vec::new(); n];
        self.symbol_rank = vec![Vec::new(); n];
        for ((node, public), rank) in node_of.iter().zip(public).zip(ranks) {
            if let Some(node) = *node {
                self.symbol_public[node] = public;
                self.symbol_rank[node] = rank;
            }
        }
        let node_edge = |(from, to): (usize, usize)| {
            let from = node_of.get(from).copied().flatten()?;
            let to = node_of.get(to).copied().flatten()?;
            Some((from, to))
        };
        self.deferred_references = deferred.into_iter().filter_map(node_edge).collect();
        self.references = references
            .into_iter()
            .filter_map(|(edge, names)| Some((node_edge(edge)?, names)))
            .collect();
    }

    /// True when every name `from` uses of `to` came through imports that never run when
    /// `from` loads (Python's `if TYPE_CHECKING:`, an import inside a function).
    pub fn reference_is_deferred(&self, from: &RepoPath, to: &RepoPath) -> bool {
        match (self.index_of(from), self.index_of(to)) {
            (Some(from), Some(to)) => self.deferred_references.contains(&(from, to)),
            _ => false,
        }
    }

    /// Whether symbol `index` of `path`'s symbols is public API.
    pub fn is_public(&self, path: &RepoPath, index: usize) -> bool {
        self.index_of(path)
            .and_then(|at| self.symbol_public[at].get(index).copied())
            .unwrap_or(false)
    }

    /// True for a directory of the repository's documentation, or one inside it (`docs`,
    /// `docs/plugins`): the code there builds the docs site and is no API.
    pub fn is_docs_dir(&self, dir: &str) -> bool {
        crate::in_documentation(&self.documentation, dir)
    }

    /// Whether each symbol of `path` is public, and its rank, found once for a caller that
    /// reads every symbol of a file (`index.json` reads all of a repository's).
    pub fn symbol_facts(&self, path: &RepoPath) -> SymbolFacts<'_> {
        match self.index_of(path) {
            Some(at) => SymbolFacts {
                public: &self.symbol_public[at],
                rank: &self.symbol_rank[at],
            },
            None => SymbolFacts::default(),
        }
    }

    /// The rank of symbol `index` of `path` (the ranks of a repository's symbols sum to 1).
    pub fn symbol_rank(&self, path: &RepoPath, index: usize) -> f64 {
        self.index_of(path)
            .and_then(|at| self.symbol_rank[at].get(index).copied())
            .unwrap_or(0.0)
    }

    /// The reference graph, sorted by `(from, to)`, names sorted.
    pub fn references(&self) -> Vec<Reference<'_>> {
        self.references
            .iter()
            .map(|(&(from, to), names)| Reference {
                from: &self.nodes[from],
                to: &self.nodes[to],
                names: names.iter().map(AsRef::as_ref).collect(),
            })
            .collect()
    }

    /// Files that use names `path` defines, with the names, sorted by file.
    pub fn referenced_by(&self, path: &RepoPath) -> Vec<(&RepoPath, Vec<&str>)> {
        let Some(at) = self.index_of(path) else {
            return Vec::new();
        };
        self.references
            .iter()
            .filter(|((_, to), _)| *to == at)
            .map(|(&(from, _), names)| {
                (&self.nodes[from], names.iter().map(AsRef::as_ref).collect())
            })
            .collect()
    }

    /// The files whose names `path` uses, sorted by file.
    pub fn references_from(&self, path: &RepoPath) -> Vec<&RepoPath> {
        let Some(from) = self.index_of(path) else {
            return Vec::new();
        };
        self.references
            .range((from, 0)..=(from, usize::MAX))
            .map(|(&(_, to), _)| &self.nodes[to])
            .collect()
    }

    /// The file where a name `path` imports is finally defined (re-exports followed), when
    /// the reference graph found it.
    pub fn definition_of(&self, path: &RepoPath, name: &str) -> Option<&RepoPath> {
        let from = self.index_of(path)?;
        self.references
            .range((from, 0)..=(from, usize::MAX))
            .find(|(_, names)| names.binary_search_by(|known| (**known).cmp(name)).is_ok())
            .map(|(&(_, to), _)| &self.nodes[to])
    }

    /// Every file `path` takes `name` from, in path order: several where build constraints
    /// give a Go package two definitions (resty's `transportDialContext` in
    /// `transport_js.go` and `transport_other.go`).
    pub fn definitions_of<'g>(
        &'g self,
        path: &RepoPath,
        name: &'g str,
    ) -> impl Iterator<Item = &'g RepoPath> + 'g {
        let from = self.index_of(path);
        from.into_iter().flat_map(move |from| {
            self.references
                .range((from, 0)..=(from, usize::MAX))
                .filter(move |(_, names)| {
                    names.binary_search_by(|known| (**known).cmp(name)).is_ok()
                })
                .map(|(&(_, to), _)| &self.nodes[to])
        })
    }

    /// Every file of the graph, sorted by path.
    pub fn files(&self) -> &[RepoPath] {
        &self.nodes
    }

    /// Whether every per-file table has one row per file and every edge names a file of the
    /// graph: what `build` guarantees and a graph read back from bytes must be checked for,
    /// since the lookups index these tables without checking.
    pub fn is_well_formed(&self) -> bool {
        let n = self.nodes.len();
        let in_range = |list: &Vec<usize>| list.iter().all(|&at| at < n);
        self.nodes.windows(2).all(|pair| pair[0] < pair[1])
            && self.outgoing.len() == n
            && self.incoming.len() == n
            && self.rank.len() == n
            && self.symbol_public.len() == n
            && self.symbol_rank.len() == n
            && self.reference_neighbours.len() == n
            && self.users.len() == n
            && self.outgoing.iter().all(in_range)
            && self.incoming.iter().all(in_range)
            && self.reference_neighbours.iter().all(in_range)
            && self
                .statements
                .keys()
                .chain(self.references.keys())
                .all(|&(from, to)| from < n && to < n)
    }

    fn index_of(&self, path: &RepoPath) -> Option<usize> {
        self.node_index
            .get_or_init(|| {
                self.nodes
                    .iter()
                    .enumerate()
                    .map(|(at, path)| (path.clone(), at))
                    .collect()
            })
            .get(path)
            .copied()
    }

    /// The node of `path`: its position in `files()`, which are sorted, so nodes in ascending
    /// order are their paths in order.
    pub fn node_of(&self, path: &RepoPath) -> Option<usize> {
        self.index_of(path)
    }

    /// The nodes `node` imports, is imported by, uses names of or has its names used by,
    /// sorted and without repeats: `dependencies_of`, `dependents_of` and
    /// `reference_neighbours` together, by node rather than by path.
    pub fn neighbour_nodes(&self, node: usize) -> Vec<usize> {
        let mut next: Vec<usize> = Vec::new();
        for list in [&self.outgoing, &self.incoming, &self.reference_neighbours] {
            if let Some(list) = list.get(node) {
                next.extend_from_slice(list);
            }
        }
        next.sort_unstable();
        next.dedup();
        next
    }

    /// Every file edge `(importer, imported)`, sorted.
    pub fn edges(&self) -> Vec<(&RepoPath, &RepoPath)> {
        self.outgoing
            .iter()
            .enumerate()
            .flat_map(|(from, targets)| {
                targets
                    .iter()
                    .map(move |&to| (&self.nodes[from], &self.nodes[to]))
            })
            .collect()
    }

    /// Every file edge with the kind and line of its first statement, sorted by `(from, to)`.
    pub fn file_edges(&self) -> Vec<FileEdge<'_>> {
        self.statements
            .iter()
            .map(|(&(from, to), &(kind, line))| FileEdge {
                from: &self.nodes[from],
                to: &self.nodes[to],
                kind,
                line,
            })
            .collect()
    }

    /// The file edges from `path`, with the kind and line of each first statement, sorted by
    /// target: a page about a few files reads only theirs, not the whole graph's.
    pub fn file_edges_from(&self, path: &RepoPath) -> Vec<FileEdge<'_>> {
        let Some(from) = self.index_of(path) else {
            return Vec::new();
        };
        self.statements
            .range((from, 0)..(from + 1, 0))
            .map(|(&(from, to), &(kind, line))| FileEdge {
                from: &self.nodes[from],
                to: &self.nodes[to],
                kind,
                line,
            })
            .collect()
    }

    pub fn edge_count(&self) -> usize {
        self.outgoing.iter().map(Vec::len).sum()
    }

    /// The files `path` imports, sorted.
    pub fn dependencies_of(&self, path: &RepoPath) -> Vec<&RepoPath> {
        self.index_of(path)
            .map(|at| {
                self.outgoing[at]
                    .iter()
                    .map(|&to| &self.nodes[to])
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The files whose names `path` uses and the files that use names `path` defines (the
    /// reference graph, both ways), sorted.
    pub fn reference_neighbours(&self, path: &RepoPath) -> Vec<&RepoPath> {
        self.index_of(path)
            .and_then(|at| self.reference_neighbours.get(at))
            .map(|list| list.iter().map(|&at| &self.nodes[at]).collect())
            .unwrap_or_default()
    }

    /// The files that import `path`, sorted.
    pub fn dependents_of(&self, path: &RepoPath) -> Vec<&RepoPath> {
        self.index_of(path)
            .map(|at| {
                self.incoming[at]
                    .iter()
                    .map(|&from| &self.nodes[from])
                    .collect()
            })
            .unwrap_or_default()
    }

    /// How many files import `path`.
    pub fn in_degree(&self, path: &RepoPath) -> usize {
        self.index_of(path).map_or(0, |at| self.incoming[at].len())
    }

    /// How many other files import `path` or use names it defines: how much of the code
    /// depends on it, also where files never import each other (a Go package's files).
    pub fn user_count(&self, path: &RepoPath) -> usize {
        self.index_of(path)
            .and_then(|at| self.users.get(at))
            .map_or(0, |&count| count as usize)
    }

    /// How many files `path` imports.
    pub fn out_degree(&self, path: &RepoPath) -> usize {
        self.index_of(path).map_or(0, |at| self.outgoing[at].len())
    }

    /// PageRank of every file (damping 0.85; the ranks sum to 1). Computed once, when the
    /// graph is built.
    pub fn pagerank(&self) -> BTreeMap<RepoPath, f64> {
        self.nodes
            .iter()
            .cloned()
            .zip(self.rank.iter().copied())
            .collect()
    }

    /// The PageRank of one file, 0 for a file outside the graph.
    pub fn rank_of(&self, path: &RepoPath) -> f64 {
        self.index_of(path).map_or(0.0, |at| self.rank[at])
    }

    /// The PageRank of the file at `node` in `files()`, and how many files import it: what
    /// `rank_of` and `in_degree` give for its path, without looking the path up (0 for a node
    /// outside the graph).
    pub fn rank_and_in_degree_at(&self, node: usize) -> (f64, usize) {
        (
            self.rank.get(node).copied().unwrap_or(0.0),
            self.incoming.get(node).map_or(0, Vec::len),
        )
    }

    /// The largest PageRank in the graph (0 for an empty graph): the scale for normalising.
    pub fn max_rank(&self) -> f64 {
        self.rank.iter().copied().fold(0.0, f64::max)
    }

    /// The weighted edges PageRank walks, per node: an import counts 1, the names a file
    /// uses of another the square root of their number (as aider's repo map weighs
    /// references), so a file whose names are used everywhere ranks high even where files
    /// never import each other, and one import of many names does not outweigh many imports.
    /// `references` are `(from, to, how many names)` by node.
    fn weighted_edges(&self, references: &[(usize, usize, usize)]) -> Vec<Vec<(usize, f64)>> {
        let mut edges: Vec<BTreeMap<usize, f64>> = vec![BTreeMap::new(); self.nodes.len()];
        for (from, targets) in self.outgoing.iter().enumerate() {
            for &to in targets {
                *edges[from].entry(to).or_default() += 1.0;
            }
        }
        for &(from, to, names) in references {
            *edges[from].entry(to).or_default() += (names as f64).sqrt();
        }
        edges
            .into_iter()
            .map(|targets| targets.into_iter().collect())
            .collect()
    }

    fn compute_pagerank(&self, references: &[(usize, usize, usize)]) -> Vec<f64> {
        let n = self.nodes.len();
        if n == 0 {
            return Vec::new();
        }
        let edges = self.weighted_edges(references);
        let out_weight: Vec<f64> = edges
            .iter()
            .map(|targets| targets.iter().map(|(_, weight)| weight).sum())
            .collect();
        let uniform = 1.0 / n as f64;
        let mut rank = vec![uniform; n];
        let mut next = vec![0.0; n];
        for _ in 0..MAX_ITERATIONS {
            // A file that depends on nothing hands its rank to every file evenly, so rank is
            // neither lost nor piled on arbitrary nodes.
            let dangling: f64 = (0..n)
                .filter(|&at| edges[at].is_empty())
                .map(|at| rank[at])
                .sum();
            let base = (1.0 - DAMPING) * uniform + DAMPING * dangling * uniform;
            next.fill(base);
            // In node order, so every float sum happens in the same order on every run.
            for (from, targets) in edges.iter().enumerate() {
                let share = DAMPING * rank[from] / out_weight[from];
                for &(to, weight) in targets {
                    next[to] += share * weight;
                }
            }
            let delta: f64 = rank.iter().zip(&next).map(|(a, b)| (a - b).abs()).sum();
            std::mem::swap(&mut rank, &mut next);
            if delta < TOLERANCE {
                break;
            }
        }
        rank
    }

    /// File edges aggregated by module: how many file-to-file imports go from each module to
    /// each other module. Edges inside a module are not listed. Sorted by `(from, to)`.
    pub fn module_edges(&self, modules: &[Module]) -> Vec<ModuleEdge> {
        self.module_edges_of(modules, false)
    }

    /// The imports between modules that [`Graph::module_edges`] leaves out: those of tests
    /// beside the code (zap's `logger_test.go` importing `zaptest/observer`), which say what
    /// a module's tests need, not what the module needs.
    pub fn module_test_edges(&self, modules: &[Module]) -> Vec<ModuleEdge> {
        self.module_edges_of(modules, true)
    }

    fn module_edges_of(&self, modules: &[Module], of_tests: bool) -> Vec<ModuleEdge> {
        let owner = file_modules(modules);
        let tests_only = test_modules(modules);
        let mut counts: BTreeMap<(&str, &str), (u32, bool, u32)> = BTreeMap::new();
        // An import statement counts once however many files of the other module it reaches:
        // urfave/cli's `scripts/build.go` imports the package once, not once per file of it
        // whose names it uses (a Go import, a Java `import a.b.*`, a Rust `use a::{b, c}`).
        // The statements of the file being read (edges come by file): (target module, line).
        let mut statements: BTreeSet<(&str, u32)> = BTreeSet::new();
        let mut reading = usize::MAX;
        for (&(from_node, to_node), &(kind, line)) in &self.statements {
            if from_node != reading {
                reading = from_node;
                statements.clear();
            }
            let edge = FileEdge {
                from: &self.nodes[from_node],
                to: &self.nodes[to_node],
                kind,
                line,
            };
            let (Some(&from), Some(&to)) = (owner.get(edge.from), owner.get(edge.to)) else {
                continue;
            };
            let of_test = is_test_beside_code(edge.from, from, &tests_only)
                || self.test_only.contains(&(from_node, to_node));
            if of_test != of_tests {
                continue;
            }
            if from != to {
                let entry = counts.entry((from, to)).or_insert((0, true, 0));
                // A statement without a line (a record older than lines) counts per edge.
                // The edge's statements: a Rust path in code counts only when no `use` of
                // the pair does (itoa's tests: `itoa::Buffer::new()` and `use itoa::Integer`
                // are one import).
                let more = self.more_statements.get(&(from_node, to_node));
                let path_beside_use = kind == ImportKind::Path && more.is_some();
                if !path_beside_use && (edge.line == 0 || statements.insert((to, edge.line))) {
                    entry.0 += 1;
                }
                for &line in more.into_iter().flatten() {
                    if statements.insert((to, line)) {
                        entry.0 += 1;
                    }
                }
                entry.1 &= edge.kind.is_deferred();
            }
        }
        // Names of the same namespace, used without an import (the references of
        // `package_uses` between files of a namespace language that no statement links), by
        // the files that use them.
        let mut namespace_users: BTreeMap<(&str, &str), BTreeSet<usize>> = BTreeMap::new();
        for &(from_node, to_node) in self.references.keys() {
            if self.statements.contains_key(&(from_node, to_node)) {
                continue;
            }
            let (from_path, to_path) = (&self.nodes[from_node], &self.nodes[to_node]);
            let namespaced =
                |path: &RepoPath| matches!(path.extension(), Some("java" | "php" | "cs"));
            if !namespaced(from_path) || !namespaced(to_path) {
                continue;
            }
            let (Some(&from), Some(&to)) = (owner.get(from_path), owner.get(to_path)) else {
                continue;
            };
            if from == to || is_test_beside_code(from_path, from, &tests_only) != of_tests {
                continue;
            }
            namespace_users
                .entry((from, to))
                .or_default()
                .insert(from_node);
        }
        for (pair, users) in namespace_users {
            let users = u32::try_from(users.len()).unwrap_or(u32::MAX);
            let entry = counts.entry(pair).or_insert((0, true, 0));
            entry.0 += users;
            entry.1 = false;
            entry.2 = users;
        }
        counts
            .into_iter()
            .map(
                |((from, to), (count, local_only, namespace_uses))| ModuleEdge {
                    from: from.to_string(),
                    to: to.to_string(),
                    count,
                    local_only,
                    namespace_uses,
                },
            )
            .collect()
    }

    /// The summed PageRank of each module's files: how central the module is.
    pub fn module_centrality(&self, modules: &[Module]) -> BTreeMap<String, f64> {
        modules
            .iter()
            .map(|module| {
                let total = module.files.iter().map(|file| self.rank_of(file)).sum();
                (module.path.clone(), total)
            })
            .collect()
    }
}

/// The modules whose code is all tests: gson's `test-graal-native-image`, a Maven module of
/// `src/test/java` only; zap's `benchmarks`, a Go module of `_test.go` files and a `doc.go`.
pub fn test_modules(modules: &[Module]) -> BTreeSet<&str> {
    modules
        .iter()
        .filter(|module| crate::holds_only_tests(&module.files))
        .map(|module| module.path.as_str())
        .collect()
}

/// True for a test beside the code of `module` (gin's `binding/json_test.go` naming
/// `render.PureJSON`): its imports do not make its module depend on another, only a module
/// of tests (a test directory, one of `test_modules`) does.
pub fn is_test_beside_code(file: &RepoPath, module: &str, test_modules: &BTreeSet<&str>) -> bool {
    crate::is_test_path(file) && !crate::is_test_dir(module) && !test_modules.contains(module)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use cartograph_core::{ContentHash, FileFlags, Import, Language, ParsedFile};

    fn path(text: &str) -> RepoPath {
        RepoPath::new(text).unwrap()
    }

    fn file(name: &str, imports: &[&str]) -> FileMap {
        FileMap {
            path: path(name),
            hash: ContentHash::of(name.as_bytes()),
            language: Language::Python,
            bytes: 10,
            lines: 1,
            tokens: 3,
            flags: FileFlags::default(),
            parsed: ParsedFile {
                imports: imports
                    .iter()
                    .map(|target| Import {
                        raw: target.to_string(),
                        resolved: RepoPath::new(target)
                            .ok()
                            .filter(|_| !target.starts_with('?')),
                        ..Import::default()
                    })
                    .collect(),
                ..ParsedFile::default()
            },
        }
    }

    #[test]
    fn neighbour_nodes_are_the_neighbours_by_path() {
        let graph = hub_graph();
        for (node, path) in graph.files().iter().enumerate() {
            assert_eq!(graph.node_of(path), Some(node));
            let mut by_path = graph.dependencies_of(path);
            by_path.extend(graph.dependents_of(path));
            by_path.extend(graph.reference_neighbours(path));
            by_path.sort();
            by_path.dedup();
            let by_node: Vec<&RepoPath> = graph
                .neighbour_nodes(node)
                .into_iter()
                .map(|next| &graph.files()[next])
                .collect();
            assert_eq!(by_node, by_path, "{path}");
        }
        assert_eq!(graph.node_of(&path("missing.py")), None);
        assert!(graph.neighbour_nodes(graph.files().len()).is_empty());
    }

    fn hub_graph() -> Graph {
        Graph::build(&[
            file("a.py", &["hub.py", "b.py"]),
            file("b.py", &["hub.py"]),
            file("c.py", &["hub.py", "hub.py", "c.py", "missing.py"]),
            file("d.py", &["hub.py", "a.py"]),
            file("hub.py", &[]),
            file("lonely.py", &[]),
        ])
    }

    #[test]
    fn hub_ranks_highest_and_ranks_sum_to_one() {
        let graph = hub_graph();
        let rank = graph.pagerank();
        let best = rank
            .iter()
            .max_by(|a, b| a.1.total_cmp(b.1))
            .map(|(path, _)| path.as_str());
        assert_eq!(best, Some("hub.py"));
        let total: f64 = rank.values().sum();
        assert!((total - 1.0).abs() < 1e-9, "{total}");
        assert!(rank[&path("b.py")] > rank[&path("lonely.py")]);
        assert_eq!(graph.max_rank(), rank[&path("hub.py")]);
    }

    #[test]
    fn drops_self_duplicate_and_unknown_edges() {
        let graph = hub_graph();
        assert_eq!(graph.dependencies_of(&path("c.py")), vec![&path("hub.py")]);
        assert_eq!(graph.in_degree(&path("hub.py")), 4);
        assert_eq!(graph.out_degree(&path("a.py")), 2);
        assert_eq!(
            graph.dependents_of(&path("hub.py")),
            vec![&path("a.py"), &path("b.py"), &path("c.py"), &path("d.py")]
        );
        assert_eq!(graph.edge_count(), 6);
        assert!(graph.dependents_of(&path("nowhere.py")).is_empty());
        assert_eq!(graph.rank_of(&path("nowhere.py")), 0.0);
    }

    #[test]
    fn pagerank_is_deterministic_and_symmetric() {
        let first = hub_graph().pagerank();
        let second = hub_graph().pagerank();
        assert_eq!(first, second);
        // A cycle of equals: every node gets the same rank.
        let cycle = Graph::build(&[
            file("x.py", &["y.py"]),
            file("y.py", &["z.py"]),
            file("z.py", &["x.py"]),
        ]);
        let ranks: Vec<f64> = cycle.pagerank().values().copied().collect();
        assert!(
            ranks.iter().all(|r| (r - 1.0 / 3.0).abs() < 1e-9),
            "{ranks:?}"
        );
        assert!(Graph::build(&[]).pagerank().is_empty());
    }

    /// What a graph read back from bytes is checked for before it is used.
    #[test]
    fn a_built_graph_is_well_formed_and_a_torn_one_is_not() {
        let graph = Graph::build(&[
            file("x.py", &["y.py"]),
            file("y.py", &["z.py"]),
            file("z.py", &["x.py"]),
        ]);
        assert!(graph.is_well_formed());
        assert!(Graph::build(&[]).is_well_formed());
        let mut short = graph.clone();
        short.rank.pop();
        assert!(!short.is_well_formed());
        let mut dangling = graph.clone();
        dangling.outgoing[0].push(7);
        assert!(!dangling.is_well_formed());
        let mut unsorted = graph;
        unsorted.nodes.swap(0, 1);
        assert!(!unsorted.is_well_formed());
    }

    #[test]
    fn module_edges_count_file_edges_between_modules() {
        let graph = Graph::build(&[
            file("app/main.py", &["lib/a.py", "lib/b.py", "app/cli.py"]),
            file("app/cli.py", &["lib/a.py"]),
            file("lib/a.py", &["lib/b.py"]),
            file("lib/b.py", &[]),
            file("tools/x.py", &["app/cli.py"]),
        ]);
        let modules = vec![
            Module {
                path: "app".into(),
                files: vec![path("app/cli.py"), path("app/main.py")],
            },
            Module {
                path: "lib".into(),
                files: vec![path("lib/a.py"), path("lib/b.py")],
            },
            Module {
                path: "tools".into(),
                files: vec![path("tools/x.py")],
            },
        ];
        let edges = graph.module_edges(&modules);
        let shape: Vec<(&str, &str, u32)> = edges
            .iter()
            .map(|edge| (edge.from.as_str(), edge.to.as_str(), edge.count))
            .collect();
        assert_eq!(shape, [("app", "lib", 3), ("tools", "app", 1)]);
        let centrality = graph.module_centrality(&modules);
        assert!(centrality["lib"] > centrality["tools"]);
        // One statement that reaches two files of `lib` (a Go import of a package whose names
        // come from two of its files) counts once; two statements count twice.
        let mut go = file("app/main.py", &["lib/a.py", "lib/b.py"]);
        for import in &mut go.parsed.imports {
            import.line = 3;
        }
        let mut two = file("app/cli.py", &["lib/a.py", "lib/b.py"]);
        for (line, import) in two.parsed.imports.iter_mut().enumerate() {
            import.line = line as u32 + 1;
        }
        let graph = Graph::build(&[go, two, file("lib/a.py", &[]), file("lib/b.py", &[])]);
        let edges = graph.module_edges(&modules[..2]);
        let shape: Vec<(&str, &str, u32)> = edges
            .iter()
            .map(|edge| (edge.from.as_str(), edge.to.as_str(), edge.count))
            .collect();
        assert_eq!(shape, [("app", "lib", 3)]);
        // Two statements of one file reaching the same file (marshmallow's tests: `from
        // marshmallow import validate` and `from marshmallow.validate import Equal`) count
        // twice; one statement listed twice for a file counts once.
        let mut both = file("app/cli.py", &["lib/a.py", "lib/a.py", "lib/a.py"]);
        for (import, line) in both.parsed.imports.iter_mut().zip([4, 9, 9]) {
            import.line = line;
        }
        let graph = Graph::build(&[both.clone(), file("lib/a.py", &[])]);
        let edges = graph.module_edges(&modules[..2]);
        assert_eq!(edges.len(), 1);
        assert_eq!(edges[0].count, 2);
        // A Rust path in code (`bytes::Bytes::new()`) is no statement of its own.
        let mut paths = both;
        paths.parsed.imports[1].kind = ImportKind::Path;
        paths.parsed.imports[2].kind = ImportKind::Path;
        paths.parsed.imports[2].line = 12;
        let graph = Graph::build(&[paths.clone(), file("lib/a.py", &[])]);
        assert_eq!(graph.module_edges(&modules[..2])[0].count, 1);
        // Nor is one written before the pair's `use` (itoa's `itoa::Buffer::new()` at line 8,
        // `use itoa::Integer` at 33): one import.
        paths.parsed.imports[0].kind = ImportKind::Path;
        paths.parsed.imports[0].line = 8;
        paths.parsed.imports[1].kind = ImportKind::Use;
        paths.parsed.imports[1].line = 33;
        let graph = Graph::build(&[paths, file("lib/a.py", &[])]);
        assert_eq!(graph.module_edges(&modules[..2])[0].count, 1);
    }

    /// ripgrep's `printer/src/standard.rs` uses `grep_regex` only in its `mod tests`: that is
    /// what its tests need, not what the printer needs.
    #[test]
    fn imports_of_a_rust_files_own_tests_are_test_edges() {
        let mut standard = file(
            "printer/src/standard.rs",
            &["regex/src/lib.rs", "matcher/src/lib.rs"],
        );
        standard.parsed.imports[0].scope = Some("tests".into());
        let graph = Graph::build(&[
            standard,
            file("regex/src/lib.rs", &[]),
            file("matcher/src/lib.rs", &[]),
        ]);
        let module = |name: &str, file: &str| Module {
            path: name.into(),
            files: vec![path(file)],
        };
        let modules = [
            module("printer", "printer/src/standard.rs"),
            module("regex", "regex/src/lib.rs"),
            module("matcher", "matcher/src/lib.rs"),
        ];
        let targets = |edges: Vec<ModuleEdge>| -> Vec<String> {
            edges.into_iter().map(|edge| edge.to).collect()
        };
        assert_eq!(targets(graph.module_edges(&modules)), ["matcher"]);
        assert_eq!(targets(graph.module_test_edges(&modules)), ["regex"]);
    }

    /// gin's `binding/json_test.go` uses `render`; `binding`'s code does not.
    #[test]
    fn a_test_beside_the_code_adds_no_module_edge_and_a_test_module_does() {
        let graph = Graph::build(&[
            file("binding/json.go", &[]),
            file("binding/json_test.go", &["render/json.go"]),
            file("render/json.go", &[]),
            file("tests/test_render.py", &["render/json.go"]),
        ]);
        let module = |dir: &str, files: &[&str]| Module {
            path: dir.into(),
            files: files.iter().map(|file| path(file)).collect(),
        };
        let modules = vec![
            module("binding", &["binding/json.go", "binding/json_test.go"]),
            module("render", &["render/json.go"]),
            module("tests", &["tests/test_render.py"]),
        ];
        let edges: Vec<(String, String)> = graph
            .module_edges(&modules)
            .into_iter()
            .map(|edge| (edge.from, edge.to))
            .collect();
        assert_eq!(edges, [("tests".to_string(), "render".to_string())]);
        // The test's import is said apart, as the binding tests' need.
        let test_edges: Vec<(String, String)> = graph
            .module_test_edges(&modules)
            .into_iter()
            .map(|edge| (edge.from, edge.to))
            .collect();
        assert_eq!(test_edges, [("binding".to_string(), "render".to_string())]);
    }

    /// zap's `benchmarks`: a `doc.go` and `_test.go` files, a module that exists for its tests,
    /// whose imports are its dependencies.
    #[test]
    fn a_go_package_of_tests_and_its_doc_is_a_module_of_tests() {
        let graph = Graph::build(&[
            file("benchmarks/doc.go", &[]),
            file("benchmarks/zap_test.go", &["logger.go"]),
            file("logger.go", &[]),
        ]);
        let modules = vec![
            Module {
                path: "benchmarks".into(),
                files: vec![path("benchmarks/doc.go"), path("benchmarks/zap_test.go")],
            },
            Module {
                path: String::new(),
                files: vec![path("logger.go")],
            },
        ];
        let edges: Vec<(String, String)> = graph
            .module_edges(&modules)
            .into_iter()
            .map(|edge| (edge.from, edge.to))
            .collect();
        assert_eq!(edges, [("benchmarks".to_string(), String::new())]);
        assert!(graph.module_test_edges(&modules).is_empty());
    }
}
