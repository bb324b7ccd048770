//! One Markdown page: front matter, then the body with its citations resolved against the
//! current index. Also the page's title and the hash of the facts it is built from.

use crate::context::{Context, DocIndex};
use crate::markdown::code_span;
use crate::paths::page_path;
use crate::resolve::resolve_body;
use crate::structural;

/// The pages of the docs folder.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PageKind {
    Index,
    Architecture,
    /// A module's page, by module path (`""` for the root module).
    Module(String),
    Onboarding,
    Dependencies,
}

/// What the front matter records about how a page was made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageMeta {
    /// The hash of the page's inputs (see [`inputs_hash`]), as the caller computed it.
    pub inputs: String,
    pub commit: Option<String>,
    /// `offline` for structural pages, else the model reference that wrote the body.
    pub model: String,
    pub prompt_version: String,
    pub degraded: bool,
    /// The page is an older good version kept because refreshing it failed.
    pub stale: bool,
}

/// A page ready to write: its path inside the docs folder and its exact bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderedPage {
    pub path: String,
    pub bytes: Vec<u8>,
    /// Citations that named no file, symbol or existing lines, and were taken out.
    pub citations_removed: u32,
    /// Line citations right after a backticked symbol that did not hold it, pointed at the
    /// symbol's current lines instead.
    pub citations_corrected: u32,
    /// Backticked names that named nothing in the index and lost their code formatting.
    pub names_unformatted: u32,
}

/// Renders many pages of one index, building its lookups once. The free functions of this
/// crate each build a `Renderer` for one call.
pub struct Renderer<'a> {
    context: Context<'a>,
}

impl<'a> Renderer<'a> {
    pub fn new(index: &DocIndex<'a>) -> Renderer<'a> {
        Renderer {
            context: Context::new(index),
        }
    }

    /// `llms.txt` within `max_tokens`, naming `commit` (see [`crate::render_llms_txt`]).
    pub fn llms_txt(&self, max_tokens: u32, commit: Option<&str>) -> Vec<u8> {
        self.llms_map().fit(max_tokens, commit)
    }

    /// What `llms.txt` lists, to be fitted to its budget later, without this renderer.
    pub fn llms_map(&self) -> crate::LlmsTxt {
        crate::llms::LlmsTxt::new(&self.context)
    }

    /// The offline body of a page, written from the index alone.
    pub fn structural_body(&self, kind: &PageKind) -> String {
        structural::body(kind, &self.context)
    }

    /// Front matter plus `body` with citations resolved, backticked names checked and HTML
    /// neutralised. A body without a `# ` title gets one.
    pub fn render_page(&self, kind: &PageKind, body: &str, meta: &PageMeta) -> RenderedPage {
        let path = page_path(kind);
        let resolved = resolve_body(body, &path, &self.context);
        let mut out = crate::front_matter::write_front_matter(meta);
        out.push('\n');
        let has_title = resolved
            .text
            .lines()
            .find(|line| !line.trim().is_empty())
            .is_some_and(|line| line.starts_with("# "));
        if !has_title {
            out.push_str(&format!("# {}\n\n", heading(kind, &self.context)));
        }
        out.push_str(resolved.text.trim_matches('\n'));
        out.push('\n');
        RenderedPage {
            path,
            bytes: out.into_bytes(),
            citations_removed: resolved.citations_removed,
            citations_corrected: resolved.citations_corrected,
            names_unformatted: resolved.names_unformatted,
        }
    }

    /// A hash of the facts the page is written from (file contents by semantic hash, summary
    /// keys, module edges, manifests; never line numbers, which render resolves fresh), so a
    /// page goes stale only when what it describes changed.
    pub fn inputs_hash(&self, kind: &PageKind) -> String {
        let facts = structural::facts(kind, &self.context);
        let mut hasher = blake3::Hasher::new();
        hasher.update(b"cartograph-page-inputs-v1\n");
        hasher.update(page_path(kind).as_bytes());
        hasher.update(b"\n");
        hasher.update(facts.as_bytes());
        hasher.finalize().to_hex().to_string()
    }
}

/// See [`Renderer::render_page`].
pub fn render_page(kind: &PageKind, body: &str, meta: &PageMeta, index: &DocIndex) -> RenderedPage {
    Renderer::new(index).render_page(kind, body, meta)
}

/// See [`Renderer::inputs_hash`].
pub fn inputs_hash(kind: &PageKind, index: &DocIndex) -> String {
    Renderer::new(index).inputs_hash(kind)
}

/// The page's title as plain text: the project name, `Architecture`, a module's path (`(root)`
/// for the root module), `Onboarding`, `Dependencies`.
pub fn page_title(kind: &PageKind, index: &DocIndex) -> String {
    match kind {
        // Only the root manifests name the project: no need for the whole context.
        PageKind::Index => {
            let manifests: Vec<crate::Manifest> = index
                .texts
                .iter()
                .filter(|(path, _)| path.parent().is_empty())
                .filter(|(path, _)| index.files.iter().any(|file| &file.path == *path))
                .filter_map(|(path, text)| crate::parse_manifest(path, text))
                .collect();
            crate::context::project_name_of(manifests.iter(), index.root_name)
        }
        other => plain_title(other),
    }
}

pub(crate) fn plain_title(kind: &PageKind) -> String {
    match kind {
        PageKind::Index => "Overview".to_string(),
        PageKind::Architecture => "Architecture".to_string(),
        PageKind::Onboarding => "Onboarding".to_string(),
        PageKind::Dependencies => "Dependencies".to_string(),
        PageKind::Module(path) if path.is_empty() => "(root)".to_string(),
        PageKind::Module(path) => path.clone(),
    }
}

/// The page's `# ` heading, as Markdown.
pub(crate) fn heading(kind: &PageKind, context: &Context) -> String {
    match kind {
        PageKind::Index => crate::markdown::escape_inline(&context.project_name()),
        PageKind::Module(path) if path.is_empty() => "Root module".to_string(),
        PageKind::Module(path) => format!("Module {}", code_span(path)),
        other => plain_title(other),
    }
}
