//! Turns the index (and, when a model wrote them, page bodies) into the bytes of the docs
//! folder: Markdown pages with front matter and resolved citations, `SUMMARY.md`, `index.json`
//! and `llms.txt`. Pure and deterministic: no IO, no clock, no model calls; the same inputs
//! give the same bytes.

mod build_tags;
mod call_shape;
mod context;
mod data_users;
mod flow;
mod front_matter;
mod index_json;
mod islands;
mod llms;
mod markdown;
mod named_documents;
mod page;
mod paths;
mod resolve;
mod routes;
mod settings_text;
mod structural;
mod summary_md;
mod trybuild;

pub use cartograph_manifest::{parse_manifest, Command, Dependency, Manifest};
pub use context::{DocIndex, Summary};
pub use front_matter::{
    mark_stale, read_front_matter, set_commit, write_front_matter, FrontMatter,
};
pub use index_json::{
    parse_committed_index, parse_index_json, render_index_json, write_index_json, CommittedIndex,
    IndexEdge, IndexFile, IndexJson, IndexModule, IndexReference, IndexSymbol, INDEX_JSON_VERSION,
};
pub use llms::{render_llms_txt, LlmsTxt};
pub use markdown::first_line as doc_first_sentence;
pub use page::{inputs_hash, page_title, render_page, PageKind, PageMeta, RenderedPage, Renderer};
pub use paths::{all_pages, page_path, reanchor_source_links, sources_cited_by_line, Anchor};
pub use structural::structural_body;
pub use summary_md::render_summary_md;

/// True for the files whose text render wants in [`DocIndex::texts`]: READMEs and the
/// manifests `cartograph-manifest` reads.
pub fn wants_text(path: &cartograph_core::RepoPath) -> bool {
    context::is_readme(path.file_name())
        || cartograph_manifest::is_manifest(path)
        || structural::is_licence_file(path)
        || structural::is_detailed_config(path)
}

/// The files of `files` whose text render wants in [`DocIndex::texts`]: those of
/// [`wants_text`], and hand-written documents (`docs/routing.md`) of at most
/// [`MAX_DOCUMENT_BYTES`] each, [`MAX_DOCUMENTS_BYTES`] in all (in path order): module pages link
/// the documents that name a module's API. Secret files never.
pub fn files_wanting_text(
    files: &[cartograph_core::FileMap],
) -> impl Iterator<Item = &cartograph_core::FileMap> {
    let mut documents_bytes = 0u64;
    files.iter().filter(move |file| {
        if file.flags.never_read() {
            return false;
        }
        if wants_text(&file.path)
            || is_undocumented_script(file)
            || is_undocumented_benchmark(file)
            || is_snapshot(file)
            || trybuild::is_driver(file)
        {
            return true;
        }
        let document = context::is_document(&file.path)
            && file.bytes <= MAX_DOCUMENT_BYTES
            && documents_bytes + file.bytes <= MAX_DOCUMENTS_BYTES;
        if document {
            documents_bytes += file.bytes;
        }
        document
    })
}

/// An insta snapshot small enough to read (`src/snapshots/similar__udiff__unified_diff.snap`):
/// its header names the test that wrote it (`structural::snapshot_description`).
fn is_snapshot(file: &cartograph_core::FileMap) -> bool {
    const MAX_SNAPSHOT_BYTES: u64 = 64 * 1024;
    file.path.file_name().ends_with(".snap")
        && file.path.parent().ends_with("snapshots")
        && file.bytes <= MAX_SNAPSHOT_BYTES
}

/// A shell script without a doc comment, small enough to read: the commands it runs say what
/// it is for (`structural::script_description`).
fn is_undocumented_script(file: &cartograph_core::FileMap) -> bool {
    const MAX_SCRIPT_BYTES: u64 = 64 * 1024;
    file.language == cartograph_core::Language::Bash
        && file.parsed.doc.is_none()
        && file.bytes <= MAX_SCRIPT_BYTES
}

/// Code under a benchmarks directory without a doc, small enough to read: whether it times
/// anything says if it is a benchmark (kleur's `bench/dryrun.js` prints each library's colours
/// to compare by eye; `structural::usage_description`).
fn is_undocumented_benchmark(file: &cartograph_core::FileMap) -> bool {
    const MAX_BENCHMARK_BYTES: u64 = 64 * 1024;
    file.language.is_code()
        && file.parsed.doc.is_none()
        && cartograph_graph::in_benchmark_dir(&file.path)
        && file.bytes <= MAX_BENCHMARK_BYTES
}

/// The largest hand-written document whose text render reads.
pub const MAX_DOCUMENT_BYTES: u64 = 256 * 1024;
/// How much hand-written documentation render reads in all.
pub const MAX_DOCUMENTS_BYTES: u64 = 16 * 1024 * 1024;
