//! Docs pages for the `page` tool and the resources: read from the docs folder when it exists,
//! else written from the index on the fly (structural pages, as `cartograph docs` writes them
//! offline). Nothing is written to disk; every page passes the secret gate.

use crate::snapshot::Snapshot;
use crate::tools::{PageInput, PageOutput};
use crate::McpError;
use cartograph_core::RepoPath;
use cartograph_render::{DocIndex, PageKind, PageMeta, Renderer, Summary};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The `llms.txt` page name.
pub const LLMS_TXT: &str = "llms.txt";

/// Where pages come from.
pub struct Pages<'a> {
    pub root: &'a Path,
    /// The docs folder relative to the root, with `/`.
    pub docs_dir: &'a str,
    pub llms_txt_tokens: u32,
}

impl Pages<'_> {
    fn folder(&self) -> PathBuf {
        self.root.join(self.docs_dir)
    }

    fn folder_exists(&self) -> bool {
        self.folder().is_dir()
    }

    /// Every page path there is (`index.md`, `modules/….md`, `llms.txt`), sorted.
    pub fn list(&self, snapshot: &Snapshot) -> Vec<String> {
        let mut pages = if self.folder_exists() {
            let mut found = Vec::new();
            collect_pages(&self.folder(), "", &mut found);
            found
        } else {
            let rendered = RenderInputs::new(self.root, self.docs_dir, snapshot);
            let mut pages: Vec<String> = cartograph_render::all_pages(&rendered.doc_index())
                .iter()
                .map(cartograph_render::page_path)
                .collect();
            pages.push(LLMS_TXT.into());
            pages
        };
        pages.sort();
        pages
    }

    /// The page `input` names.
    pub fn page(&self, snapshot: &Snapshot, input: &PageInput) -> Result<PageOutput, McpError> {
        crate::tools::check_argument("name", &input.name)?;
        let path = page_path_for(snapshot, input.name.trim())?;
        if self.folder_exists() {
            let full = self.folder().join(&path);
            // A symlink in the docs folder must not lead out of the repository.
            let inside = std::fs::canonicalize(&full)
                .ok()
                .zip(std::fs::canonicalize(self.root).ok())
                .is_some_and(|(full, root)| full.starts_with(root));
            if full.exists() && !inside {
                return Err(McpError::Refused(format!(
                    "refused: the page `{path}` leads outside the repository"
                )));
            }
            let text = std::fs::read_to_string(&full).map_err(|_| {
                McpError::NotFound(format!(
                    "no page `{path}` in `{}`; the pages there: {}",
                    self.docs_dir,
                    self.list(snapshot).join(", ")
                ))
            })?;
            return Ok(PageOutput {
                path,
                source: "docs".into(),
                text: cartograph_pipeline::gate::redact(&text).0,
            });
        }
        let inputs = RenderInputs::new(self.root, self.docs_dir, snapshot);
        let doc_index = inputs.doc_index();
        let renderer = Renderer::new(&doc_index);
        let bytes = if path == LLMS_TXT {
            renderer.llms_txt(self.llms_txt_tokens, None)
        } else {
            let kind = cartograph_render::all_pages(&doc_index)
                .into_iter()
                .find(|kind| cartograph_render::page_path(kind) == path)
                .ok_or_else(|| McpError::NotFound(format!("no page `{path}`")))?;
            let meta = PageMeta {
                inputs: renderer.inputs_hash(&kind),
                commit: None,
                model: "offline".into(),
                prompt_version: "structural".into(),
                degraded: false,
                stale: false,
            };
            renderer
                .render_page(&kind, &renderer.structural_body(&kind), &meta)
                .bytes
        };
        let (bytes, _) = cartograph_pipeline::gate::redact_bytes(bytes);
        Ok(PageOutput {
            path,
            source: "index".into(),
            text: String::from_utf8_lossy(&bytes).into_owned(),
        })
    }
}

/// A page name as agents say it → the page's path in the docs folder.
fn page_path_for(snapshot: &Snapshot, name: &str) -> Result<String, McpError> {
    let name = name.trim_start_matches("./").trim_end_matches('/');
    if name.ends_with(".md") || name == LLMS_TXT || name.ends_with(".json") {
        // A path inside the docs folder: checked like any repository path.
        let path =
            RepoPath::new(name).map_err(|error| McpError::Refused(format!("refused: {error}")))?;
        return Ok(path.to_string());
    }
    let kind = match name.to_ascii_lowercase().as_str() {
        "index" | "overview" => PageKind::Index,
        "architecture" => PageKind::Architecture,
        "onboarding" => PageKind::Onboarding,
        "dependencies" => PageKind::Dependencies,
        "llms" => return Ok(LLMS_TXT.into()),
        _ => {
            let module = if name == "." || name == "root" {
                ""
            } else {
                name
            };
            if !snapshot.index.modules.iter().any(|m| m.path == module) {
                return Err(McpError::NotFound(format!(
                    "no page `{name}`: name index, architecture, onboarding, dependencies, llms.txt or a module ({})",
                    snapshot
                        .index
                        .modules
                        .iter()
                        .map(|m| if m.path.is_empty() { "root" } else { m.path.as_str() })
                        .take(20)
                        .collect::<Vec<_>>()
                        .join(", ")
                )));
            }
            PageKind::Module(module.to_string())
        }
    };
    Ok(cartograph_render::page_path(&kind))
}

fn collect_pages(dir: &Path, prefix: &str, found: &mut Vec<String>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        let Some(name) = entry.file_name().to_str().map(str::to_string) else {
            continue;
        };
        let relative = format!("{prefix}{name}");
        if kind.is_dir() {
            collect_pages(&entry.path(), &format!("{relative}/"), found);
        } else if kind.is_file() && (name.ends_with(".md") || name == LLMS_TXT) {
            found.push(relative);
        }
    }
}

/// What rendering reads besides the snapshot: READMEs and manifests.
struct RenderInputs<'s> {
    snapshot: &'s Snapshot,
    summaries: BTreeMap<RepoPath, Summary>,
    texts: BTreeMap<RepoPath, String>,
    docs_dir: &'s str,
    root_name: String,
}

impl<'s> RenderInputs<'s> {
    fn new(root: &Path, docs_dir: &'s str, snapshot: &'s Snapshot) -> RenderInputs<'s> {
        let files = snapshot.index.files.all();
        let texts = cartograph_render::files_wanting_text(files)
            .filter_map(|file| {
                let text = std::fs::read_to_string(root.join(file.path.as_str())).ok()?;
                Some((file.path.clone(), text))
            })
            .collect();
        let summaries = cartograph_pipeline::summarize::render_summaries(&snapshot.index.summaries);
        RenderInputs {
            snapshot,
            summaries,
            texts,
            docs_dir,
            root_name: root
                .file_name()
                .map(|name| name.to_string_lossy().into_owned())
                .unwrap_or_default(),
        }
    }

    fn doc_index(&self) -> DocIndex<'_> {
        DocIndex {
            commit: None,
            files: self.snapshot.index.files.all(),
            summaries: &self.summaries,
            modules: &self.snapshot.index.modules,
            graph: &self.snapshot.index.graph,
            texts: &self.texts,
            docs_dir: self.docs_dir,
            root_name: &self.root_name,
        }
    }
}
