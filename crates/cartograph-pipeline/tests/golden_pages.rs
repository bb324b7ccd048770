//! Golden tests for the page prompts: page bodies recorded from the shapes models write
//! (`fixtures/golden/page-module/*.md` and, for revisions, `page-module-revise/*.md`: citations by symbol, invented line numbers and files,
//! hostile HTML) replayed through the renderer against the indexed `rust-app` fixture. The
//! snapshots pin what a reader gets: every citation resolved to real lines or removed.
#![allow(clippy::unwrap_used)]

use cartograph_core::RepoPath;
use cartograph_graph::Graph;
use cartograph_pipeline::{load_file_maps, map_structural, MapOptions};
use cartograph_render::{DocIndex, PageKind, PageMeta, Renderer};
use cartograph_store::MemoryStore;
use cartograph_testkit::repo::TempRepo;
use std::collections::BTreeMap;

#[test]
fn recorded_page_bodies_render_with_only_real_citations() {
    let repo = TempRepo::fixture("rust-app").unwrap();
    let store = MemoryStore::default();
    let mapped = map_structural(
        &store,
        &MapOptions {
            root: repo.path().to_path_buf(),
            exclude: &[],
            local_only: &[],
            max_file_bytes: 1 << 20,
            skip_dirs: vec![],
            progress: &|_, _| {},
            on_dir: None,
        },
    )
    .unwrap();
    let files = load_file_maps(&store, &mapped.entries).unwrap();
    let graph = Graph::build(&files);
    let paths: Vec<RepoPath> = files.iter().map(|file| file.path.clone()).collect();
    let modules = cartograph_graph::detect_modules(&paths, cartograph_graph::is_package_manifest);
    let summaries = BTreeMap::new();
    let texts = BTreeMap::new();
    let index = DocIndex {
        commit: Some("0000000000000000000000000000000000000000"),
        files: &files,
        summaries: &summaries,
        modules: &modules,
        graph: &graph,
        texts: &texts,
        docs_dir: "docs/cartograph",
        root_name: "rust-app",
    };
    let renderer = Renderer::new(&index);
    // Replies to `page-module` and to `page-module-revise` (wrapped the ways models wrap a page:
    // a code fence, the prompt's own tags, a line announcing it) take the same way to the page.
    for prompt in ["page-module", "page-module-revise"] {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../fixtures/golden")
            .join(prompt);
        let mut names: Vec<String> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        assert_eq!(names.len(), 3);
        for name in names {
            let reply = std::fs::read_to_string(dir.join(&name)).unwrap();
            let body = cartograph_pipeline::docs::page_reply(&reply);
            let meta = PageMeta {
                inputs: "golden".into(),
                commit: None,
                model: "recorded".into(),
                prompt_version: "page-module@1".into(),
                degraded: false,
                stale: false,
            };
            let page = renderer.render_page(&PageKind::Module("src".into()), body, &meta);
            let text = String::from_utf8(page.bytes).unwrap();
            assert!(
                !text.contains("```markdown") && !text.contains("<page>"),
                "{name}: {text}"
            );
            assert!(!text.contains("Here is the revised page"), "{name}: {text}");
            assert!(!text.contains("L400"), "{name}: {text}");
            assert!(!text.contains("<script>alert"), "{name}: {text}");
            assert!(!text.contains("javascript:"), "{name}: {text}");
            assert!(!text.contains("parser.rs"), "{name}: {text}");
            assert!(
                !text.contains("L999") && !text.contains("L40-L90"),
                "{name}: {text}"
            );
            insta::assert_snapshot!(
                name.trim_end_matches(".md"),
                format!(
                    "citations removed: {}, names unformatted: {}\n\n{text}",
                    page.citations_removed, page.names_unformatted
                )
            );
        }
    }
}

/// Upgrading to an extractor that writes a new map tree: stat records left by the previous
/// version under the old stat tree's name must not let unchanged files skip parsing, or their
/// maps would load empty (no symbols, no imports).
#[test]
fn stat_records_of_an_older_extractor_do_not_skip_parsing() {
    use cartograph_store::Store;
    let repo = TempRepo::fixture("rust-app").unwrap();
    let store = MemoryStore::default();
    let options = MapOptions {
        root: repo.path().to_path_buf(),
        exclude: &[],
        local_only: &[],
        max_file_bytes: 1 << 20,
        skip_dirs: vec![],
        progress: &|_, _| {},
        on_dir: None,
    };
    let first = map_structural(&store, &options).unwrap();
    let symbols: usize = load_file_maps(&store, &first.entries)
        .unwrap()
        .iter()
        .map(|file| file.parsed.symbols.len())
        .sum();
    assert!(symbols > 0);
    // What the previous version left: its stat records (under the tree name it used) and no
    // records in this version's map tree.
    let trees = store.tree_names().unwrap();
    let stat = trees.iter().find(|name| name.starts_with("stat-")).unwrap();
    let maps = trees.iter().find(|name| name.starts_with("maps-")).unwrap();
    let mut records = Vec::new();
    store
        .for_each(stat, &mut |key, value| {
            records.push((key.to_vec(), value.to_vec()));
            true
        })
        .unwrap();
    for old_name in ["stat-v2", "stat-v2-x2"] {
        for (key, value) in &records {
            store.put(old_name, key, value).unwrap();
        }
    }
    store.clear_tree(maps).unwrap();
    if !["stat-v2", "stat-v2-x2"].contains(&stat.as_str()) {
        store.clear_tree(stat).unwrap();
    }
    let second = map_structural(&store, &options).unwrap();
    assert_eq!(
        second.stats.parsed, first.stats.parsed,
        "{:?}",
        second.stats
    );
    let reloaded: usize = load_file_maps(&store, &second.entries)
        .unwrap()
        .iter()
        .map(|file| file.parsed.symbols.len())
        .sum();
    assert_eq!(reloaded, symbols);
}
