//! The stored question index (`.cartograph/lens/index.bin`) over real sled in a temporary
//! directory and real files: it round-trips, a damaged or foreign one is ignored and rebuilt,
//! one of an earlier tree gives what a cold load gives after files change, are added or are
//! removed, and one made under another extractor version is not used.
#![allow(clippy::unwrap_used)]

use cartograph_config::PipelineConfig;
use cartograph_lens::LensResult;
use cartograph_pipeline::prompts::Prompts;
use cartograph_pipeline::question::{Ahead, IndexSource, Prepared, QuestionIndex};
use cartograph_pipeline::stored_index::{self, StoredIndex, StoredIndexError};
use cartograph_pipeline::{map_structural, IndexEntry, MapOptions};
use cartograph_store::SledStore;
use cartograph_testkit::repo::TempRepo;
use std::path::Path;

const QUESTIONS: &[&str] = &[
    "how is the ledger balance computed?",
    "where are shapes drawn",
    "what does the deploy script do",
    "buffer append and resize",
    "inventory items and prices",
    "where does execution start?",
];

struct Fixture {
    repo: TempRepo,
    store: SledStore,
    state: tempfile::TempDir,
    config: PipelineConfig,
    prompts: Prompts,
}

impl Fixture {
    fn new() -> Fixture {
        let repo = TempRepo::fixture("polyglot").unwrap();
        repo.write(
            "py/app/__init__.py",
            "from .core import run\n\n__all__ = [\"run\"]\n",
        )
        .unwrap();
        repo.write(
            "py/app/core.py",
            "\"\"\"Runs the application.\"\"\"\nfrom .util import helper\n\n\ndef run(argv):\n    \"\"\"Starts the program.\"\"\"\n    return helper(argv)\n",
        )
        .unwrap();
        repo.write(
            "py/app/util.py",
            "def helper(values):\n    \"\"\"Sums the ledger balance of the values.\"\"\"\n    return sum(values)\n",
        )
        .unwrap();
        let state = tempfile::tempdir().unwrap();
        let (store, _) = SledStore::open(&state.path().join("cache")).unwrap();
        Fixture {
            repo,
            store,
            state,
            config: cartograph_config::parse_str("", Path::new("pipeline.toml")).unwrap(),
            prompts: Prompts::load(None).unwrap(),
        }
    }

    fn entries(&self) -> Vec<IndexEntry> {
        map_structural(
            &self.store,
            &MapOptions {
                root: self.repo.path().to_path_buf(),
                exclude: &[],
                local_only: &[],
                max_file_bytes: 1 << 20,
                skip_dirs: vec![".cartograph".to_string()],
                progress: &|_, _| {},
                on_dir: None,
            },
        )
        .unwrap()
        .entries
    }

    /// Through the stored index, as `lens`, `run` and `mcp` load it.
    fn open(&self) -> (QuestionIndex, IndexSource) {
        QuestionIndex::open(
            &self.store,
            &self.entries(),
            &self.prompts,
            &self.config,
            self.state.path(),
            self.repo.path(),
        )
        .unwrap()
    }

    /// Without it: every map from the cache, imports resolved, the graph built.
    fn cold(&self) -> QuestionIndex {
        let mut index =
            QuestionIndex::load(&self.store, &self.entries(), &self.prompts, &self.config).unwrap();
        let terms = tempfile::tempdir().unwrap();
        index.open_terms(terms.path(), self.repo.path());
        index
    }

    fn stored_path(&self) -> std::path::PathBuf {
        stored_index::stored_index_path(self.state.path())
    }
}

fn answers(index: &QuestionIndex, root: &Path) -> Vec<LensResult> {
    [200, 100_000]
        .into_iter()
        .flat_map(|budget| {
            QUESTIONS
                .iter()
                .map(move |question| index.rank(root, question, budget))
        })
        .collect()
}

/// The loaded index is the cold one: the same answers (asked first, while a stored index's
/// maps are still decoded only as ranking asks for them), maps, graph and modules, and outline
/// sizes that are the ones lens would count.
fn assert_same(loaded: &QuestionIndex, cold: &QuestionIndex, root: &Path) {
    assert_eq!(answers(loaded, root), answers(cold, root));
    assert_eq!(loaded.files, cold.files);
    assert_eq!(loaded.graph.file_edges(), cold.graph.file_edges());
    assert_eq!(loaded.graph.pagerank(), cold.graph.pagerank());
    assert_eq!(loaded.graph.references(), cold.graph.references());
    assert_eq!(loaded.modules, cold.modules);
    let counted: Vec<_> = loaded
        .files
        .iter()
        .map(cartograph_lens::outline_size)
        .collect();
    assert_eq!(loaded.outlines, counted);
    assert!(cold.outline_sizes().is_none());
}

#[test]
fn the_stored_index_round_trips_and_answers_as_a_cold_load() {
    let fixture = Fixture::new();
    let (first, source) = fixture.open();
    assert_eq!(source, IndexSource::Built { reused: 0 });
    assert!(fixture.stored_path().exists());
    let (second, source) = fixture.open();
    assert_eq!(source, IndexSource::Stored);
    let cold = fixture.cold();
    assert_same(&first, &cold, fixture.repo.path());
    assert_same(&second, &cold, fixture.repo.path());
    let edges = second.graph.file_edges();
    assert!(
        edges
            .iter()
            .any(|edge| edge.from.as_str() == "py/app/core.py"
                && edge.to.as_str() == "py/app/util.py"),
        "{edges:?}"
    );
}

#[test]
fn a_damaged_stored_index_is_ignored_and_rebuilt() {
    let fixture = Fixture::new();
    fixture.open();
    let path = fixture.stored_path();
    let intact = std::fs::read(&path).unwrap();
    let cold = fixture.cold();
    let mut flipped = intact.clone();
    let middle = flipped.len() / 2;
    flipped[middle] ^= 0x40;
    let damaged: Vec<Vec<u8>> = vec![
        flipped,
        intact[..intact.len() - 7].to_vec(),
        intact[..20].to_vec(),
        Vec::new(),
        b"not an index at all".to_vec(),
    ];
    for bytes in damaged {
        std::fs::write(&path, &bytes).unwrap();
        assert!(stored_index::read(&path).is_err());
        let (index, source) = fixture.open();
        assert_eq!(source, IndexSource::Built { reused: 0 });
        assert_same(&index, &cold, fixture.repo.path());
        assert_eq!(std::fs::read(&path).unwrap(), intact, "written again");
        assert_eq!(fixture.open().1, IndexSource::Stored);
    }
    // Of another format: the same bytes under a format this version does not write.
    let mut foreign = intact.clone();
    foreign[8] = foreign[8].wrapping_add(1);
    std::fs::write(&path, &foreign).unwrap();
    assert!(matches!(
        stored_index::read(&path),
        Err(StoredIndexError::Foreign(_))
    ));
    assert_eq!(fixture.open().1, IndexSource::Built { reused: 0 });
}

#[test]
fn changed_added_and_removed_files_answer_as_a_cold_load() {
    let fixture = Fixture::new();
    let (before, _) = fixture.open();
    let n_before = before.files.len();
    // Changed: a new import and a new function; added: the module it imports; removed: one
    // file of another language.
    fixture
        .repo
        .write(
            "py/app/util.py",
            "from .prices import price\n\n\ndef helper(values):\n    \"\"\"Sums the ledger balance of the values.\"\"\"\n    return sum(price(v) for v in values)\n\n\ndef inventory_total(items):\n    return helper(items)\n",
        )
        .unwrap();
    fixture
        .repo
        .write(
            "py/app/prices.py",
            "def price(item):\n    \"\"\"The price of an inventory item.\"\"\"\n    return item\n",
        )
        .unwrap();
    fixture.repo.remove("ruby/lib/item.rb").unwrap();
    let (after, source) = fixture.open();
    assert_eq!(
        source,
        IndexSource::Built {
            reused: n_before - 2
        }
    );
    assert_eq!(after.files.len(), n_before);
    let cold = fixture.cold();
    assert_same(&after, &cold, fixture.repo.path());
    assert!(after.graph.file_edges().iter().any(
        |edge| edge.from.as_str() == "py/app/util.py" && edge.to.as_str() == "py/app/prices.py"
    ));
    // Behind the tree by a few files, the stored index is not written again: it stays the base
    // of every load (rewriting it after each commit cost more than it saved).
    assert_eq!(
        fixture.open().1,
        IndexSource::Built {
            reused: n_before - 2
        }
    );

    // Only contents changed, the same paths: still rebuilt around the unchanged maps.
    fixture
        .repo
        .write(
            "py/app/prices.py",
            "def price(item):\n    return 2 * item\n",
        )
        .unwrap();
    let (edited, source) = fixture.open();
    assert_eq!(
        source,
        IndexSource::Built {
            reused: n_before - 2
        }
    );
    assert_same(&edited, &fixture.cold(), fixture.repo.path());

    // Behind by more than 64 files, it is written again and the next load takes it whole.
    for at in 0..65 {
        fixture
            .repo
            .write(
                &format!("py/gen/mod_{at}.py"),
                &format!("def f_{at}():\n    return {at}\n"),
            )
            .unwrap();
    }
    let (grown, source) = fixture.open();
    assert!(matches!(source, IndexSource::Built { .. }), "{source:?}");
    assert_eq!(fixture.open().1, IndexSource::Stored);
    assert_same(&grown, &fixture.cold(), fixture.repo.path());
}

#[test]
fn an_index_stored_under_another_extractor_version_is_not_used() {
    let fixture = Fixture::new();
    let (index, _) = fixture.open();
    let entries = fixture.entries();
    let other_version = cartograph_lang::EXTRACTOR_VERSION + 1;
    assert_ne!(
        stored_index::tree_key_for(&entries, other_version),
        stored_index::tree_key(&entries)
    );
    // What another extractor would have stored for the same tree: different maps, under the
    // key that version gives the tree.
    let mut files = index.files.clone().into_maps();
    for file in &mut files {
        for symbol in &mut file.parsed.symbols {
            symbol.name = format!("{}_other", symbol.name).into();
        }
    }
    let other = StoredIndex {
        key: stored_index::tree_key_for(&entries, other_version),
        extractor_version: other_version,
        files: files.into(),
        graph: index.graph.clone(),
        modules: index.modules.clone(),
        outlines: index.outlines.clone(),
    };
    stored_index::write(&fixture.stored_path(), &other).unwrap();
    assert!(stored_index::read(&fixture.stored_path()).is_ok());
    let (reloaded, source) = fixture.open();
    assert_eq!(
        source,
        IndexSource::Built { reused: 0 },
        "no map of it is reused"
    );
    assert_same(&reloaded, &fixture.cold(), fixture.repo.path());
    // The same maps under this version's key but marked as another extractor's: the key
    // decides, and a later change reuses none of them.
    let mut marked = stored_index::read(&fixture.stored_path()).unwrap();
    marked.extractor_version = other_version;
    stored_index::write(&fixture.stored_path(), &marked).unwrap();
    fixture
        .repo
        .write(
            "py/app/prices.py",
            "def price(item):
    return item
",
        )
        .unwrap();
    assert_eq!(fixture.open().1, IndexSource::Built { reused: 0 });
}

/// Prepared ahead (as `lens` prepares while the map walks the tree), the index's summaries,
/// term index documents and the question's answer are those of a load after the map; when the
/// tree turns out to have changed, nothing prepared for the old tree is used.
#[test]
fn an_index_prepared_ahead_answers_as_a_cold_load_and_only_for_its_own_tree() {
    let fixture = Fixture::new();
    fixture.open();
    let question = QUESTIONS[0];
    let prepare = |budget| {
        Prepared::read_ahead(
            fixture.state.path(),
            Some(&Ahead {
                store: &fixture.store,
                prompts: &fixture.prompts,
                config: &fixture.config,
                root: fixture.repo.path(),
                question: Some((question, budget)),
                history: None,
            }),
        )
    };
    let open_with = |prepared| {
        QuestionIndex::open_with(
            &fixture.store,
            &fixture.entries(),
            &fixture.prompts,
            &fixture.config,
            fixture.state.path(),
            fixture.repo.path(),
            prepared,
        )
        .unwrap()
    };

    let (ahead, source) = open_with(prepare(200));
    assert_eq!(source, IndexSource::Stored);
    let ranked_ahead = ahead.ranked_ahead.clone().expect("ranked while mapping");
    let cold = fixture.cold();
    assert_same(&ahead, &cold, fixture.repo.path());
    assert_eq!(ahead.summaries, cold.summaries);
    assert_eq!(
        ahead.rank(fixture.repo.path(), question, 200),
        ranked_ahead.result()
    );
    // Another budget is ranked afresh.
    assert_eq!(
        ahead.rank(fixture.repo.path(), question, 100_000),
        cold.rank(fixture.repo.path(), question, 100_000)
    );

    // Prepared for the tree as it was, opened for the tree as it is now.
    let prepared = prepare(200);
    fixture
        .repo
        .write(
            "py/app/util.py",
            "def helper(values):\n    \"\"\"Sums the ledger balance and the ledger fees.\"\"\"\n    return sum(values) + 1\n",
        )
        .unwrap();
    let (changed, source) = open_with(prepared);
    assert!(matches!(source, IndexSource::Built { .. }), "{source:?}");
    assert!(changed.ranked_ahead.is_none());
    assert_same(&changed, &fixture.cold(), fixture.repo.path());
}
