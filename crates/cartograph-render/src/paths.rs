//! Where each page lives inside the docs folder, and the relative links between pages and from
//! pages to sources. Page paths are made safe on every filesystem; source paths are only
//! percent-encoded, never renamed.

use crate::context::DocIndex;
use crate::page::PageKind;
use std::collections::BTreeSet;

/// Names Windows reserves for devices, whatever the extension.
const RESERVED_STEMS: &[&str] = &[
    "con", "prn", "aux", "nul", "com0", "com1", "com2", "com3", "com4", "com5", "com6", "com7",
    "com8", "com9", "lpt0", "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9",
];

/// The page's path inside the docs folder: `index.md`, `architecture.md`, `onboarding.md`,
/// `dependencies.md`, and `modules/<module path>.md` for a module (`modules/root.md` for the
/// root module `""`).
///
/// A module path component that is not plainly safe (anything outside `[A-Za-z0-9._-]`, a
/// leading or trailing dot, `..`, a Windows device name such as `CON`, or a top-level module
/// literally named `root`) has its unsafe characters replaced by `_` and gets `~` and six hex
/// digits of its hash appended. Plain names never contain `~`, so two modules never share a page.
pub fn page_path(kind: &PageKind) -> String {
    match kind {
        PageKind::Index => "index.md".to_string(),
        PageKind::Architecture => "architecture.md".to_string(),
        PageKind::Onboarding => "onboarding.md".to_string(),
        PageKind::Dependencies => "dependencies.md".to_string(),
        PageKind::Module(path) => {
            let components: Vec<&str> = path.split('/').filter(|part| !part.is_empty()).collect();
            if components.is_empty() {
                return "modules/root.md".to_string();
            }
            let top_level_root =
                components.len() == 1 && components[0].eq_ignore_ascii_case("root");
            let safe: Vec<String> = components
                .iter()
                .map(|component| safe_component(component, top_level_root))
                .collect();
            format!("modules/{}.md", safe.join("/"))
        }
    }
}

fn safe_component(component: &str, force: bool) -> String {
    let plain = component
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'));
    let stem = component
        .split('.')
        .next()
        .unwrap_or(component)
        .to_ascii_lowercase();
    let safe = plain
        && !force
        && !component.starts_with('.')
        && !component.ends_with('.')
        && !RESERVED_STEMS.contains(&stem.as_str());
    if safe {
        return component.to_string();
    }
    let mut replaced: String = component
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let hash = blake3::hash(component.as_bytes()).to_hex();
    replaced.push('~');
    replaced.push_str(&hash[..6]);
    replaced
}

/// Every page of the docs folder for this index: the four fixed pages, then one per module in
/// module path order.
pub fn all_pages(index: &DocIndex) -> Vec<PageKind> {
    let mut pages = vec![
        PageKind::Index,
        PageKind::Architecture,
        PageKind::Onboarding,
        PageKind::Dependencies,
    ];
    let mut modules: Vec<&str> = index.modules.iter().map(|m| m.path.as_str()).collect();
    modules.sort_unstable();
    modules.dedup();
    pages.extend(
        modules
            .into_iter()
            .map(|path| PageKind::Module(path.to_string())),
    );
    pages
}

/// The directory components of a path inside the docs folder (`modules/src/json.md` →
/// `["modules", "src"]`).
pub(crate) fn dir_components(path: &str) -> Vec<&str> {
    let mut parts: Vec<&str> = path.split('/').filter(|p| !p.is_empty()).collect();
    parts.pop();
    parts
}

/// A link from the page at `from_page` (inside the docs folder `docs_dir`) to the source file
/// `target` (relative to the repository root), percent-encoded.
pub(crate) fn link_to_source(from_page: &str, docs_dir: &[&str], target: &str) -> String {
    let depth = docs_dir.len() + dir_components(from_page).len();
    let mut link = "../".repeat(depth);
    link.push_str(target);
    encode_link(&link)
}

/// What becomes of one line-anchored link to a source file when a page is re-anchored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Anchor {
    /// The lines still hold what the link pointed at.
    Keep,
    /// What the link pointed at moved to these lines.
    Move(u32, u32),
    /// What the link pointed at cannot be found: the page cannot be kept.
    Lost,
}

/// Every link of the page at `page_path` (inside the docs folder `docs_dir`) to a source file
/// at given lines, as `(where its fragment is, file, first, last)`: the inverse of the links
/// render writes.
fn source_line_links(
    page_path: &str,
    docs_dir: &str,
    page: &str,
) -> Vec<(std::ops::Range<usize>, String, u32, u32)> {
    let docs_dir: Vec<&str> = docs_dir
        .split('/')
        .filter(|part| !part.is_empty())
        .collect();
    let prefix = "../".repeat(docs_dir.len() + dir_components(page_path).len());
    let mut links = Vec::new();
    let mut from = 0;
    while let Some(at) = page[from..].find("](") {
        let start = from + at + 2;
        let Some(length) = page[start..].find(')') else {
            break;
        };
        let destination = &page[start..start + length];
        from = start + length;
        let Some((target, fragment)) = destination.split_once('#') else {
            continue;
        };
        let Some(target) = target.strip_prefix(prefix.as_str()) else {
            continue;
        };
        if target.starts_with("../") {
            continue;
        }
        if let Some((first, last)) = crate::resolve::split_line_fragment(fragment) {
            let fragment_start = start + destination.len() - fragment.len() - 1;
            links.push((
                fragment_start..start + length,
                decode_link(target),
                first,
                last,
            ));
        }
    }
    links
}

/// The source files that the page at `page_path` (inside the docs folder `docs_dir`, text
/// `page`) links to at given lines. A page whose cited files are all unchanged still points at
/// the right lines.
pub fn sources_cited_by_line(page_path: &str, docs_dir: &str, page: &str) -> BTreeSet<String> {
    source_line_links(page_path, docs_dir, page)
        .into_iter()
        .map(|(_, path, _, _)| path)
        .collect()
}

/// The page with every line-anchored source link kept or moved as `decide` says, or `None` when
/// one is [`Anchor::Lost`]. Nothing else of the page changes.
pub fn reanchor_source_links(
    page_path: &str,
    docs_dir: &str,
    page: &str,
    mut decide: impl FnMut(&str, u32, u32) -> Anchor,
) -> Option<String> {
    let mut out = String::with_capacity(page.len());
    let mut copied = 0;
    for (fragment, path, first, last) in source_line_links(page_path, docs_dir, page) {
        match decide(&path, first, last) {
            Anchor::Keep => {}
            Anchor::Move(first, last) => {
                out.push_str(&page[copied..fragment.start]);
                out.push_str(&crate::resolve::line_anchor(first, last));
                copied = fragment.end;
            }
            Anchor::Lost => return None,
        }
    }
    out.push_str(&page[copied..]);
    Some(out)
}

/// A link between two files of the docs folder.
pub(crate) fn link_between(from_page: &str, to: &str) -> String {
    let from_dir = dir_components(from_page);
    let to_parts: Vec<&str> = to.split('/').filter(|p| !p.is_empty()).collect();
    let common = from_dir
        .iter()
        .zip(&to_parts)
        .take_while(|(a, b)| a == b)
        .count()
        .min(to_parts.len().saturating_sub(1));
    let mut link = "../".repeat(from_dir.len() - common);
    link.push_str(&to_parts[common..].join("/"));
    encode_link(&link)
}

/// Percent-encodes what a Markdown link destination or a browser would misread; `/` stays.
pub(crate) fn encode_link(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for byte in path.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'/' | b'.' | b'-' | b'_' | b'~') {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// Decodes `%XX` escapes; invalid escapes and non-UTF-8 results are kept as written.
pub(crate) fn decode_link(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut at = 0;
    while at < bytes.len() {
        if bytes[at] == b'%' && at + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[at + 1..at + 3]).ok();
            if let Some(value) = hex.and_then(|hex| u8::from_str_radix(hex, 16).ok()) {
                out.push(value);
                at += 3;
                continue;
            }
        }
        out.push(bytes[at]);
        at += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| text.to_string())
}

/// Normalises `base/reference` (with `.` and `..`), or `None` when it climbs above the start.
pub(crate) fn join_normalised(base: &[&str], reference: &str) -> Option<String> {
    cartograph_core::join_dir(&base.join("/"), reference)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn module(path: &str) -> String {
        page_path(&PageKind::Module(path.to_string()))
    }

    #[test]
    fn fixed_and_module_pages() {
        assert_eq!(page_path(&PageKind::Index), "index.md");
        assert_eq!(module(""), "modules/root.md");
        assert_eq!(module("src/json"), "modules/src/json.md");
        assert_eq!(
            module("crates/cartograph-core"),
            "modules/crates/cartograph-core.md"
        );
    }

    #[test]
    fn unsafe_names_are_renamed_without_collisions() {
        let root_dir = module("root");
        assert!(root_dir.starts_with("modules/root~"), "{root_dir}");
        assert_ne!(root_dir, module(""));
        assert!(module("a/root").ends_with("a/root.md"));
        for path in ["..", ".github", "CON", "x/nul.d", "a b", "a:b", "trailing."] {
            let page = module(path);
            assert!(page.contains('~'), "{path} → {page}");
            assert!(!page.contains(".."), "{page}");
            assert!(page.split('/').all(|c| !c.starts_with('.')), "{page}");
        }
        assert_ne!(module("a b"), module("a_b"));
        assert_ne!(module("a b"), module("a:b"));
    }

    #[test]
    fn relative_links() {
        let docs = ["docs", "cartograph"];
        assert_eq!(
            link_to_source("modules/src/json.md", &docs, "src/json/decoder.py"),
            "../../../../src/json/decoder.py"
        );
        assert_eq!(
            link_to_source("index.md", &docs, "a b/(c).rs"),
            "../../a%20b/%28c%29.rs"
        );
        assert_eq!(
            link_between("modules/src/json.md", "architecture.md"),
            "../../architecture.md"
        );
        assert_eq!(
            link_between("modules/src/json.md", "modules/src.md"),
            "../src.md"
        );
        assert_eq!(
            link_between("modules/src.md", "modules/src/json.md"),
            "src/json.md"
        );
        assert_eq!(
            link_between("index.md", "modules/root.md"),
            "modules/root.md"
        );
        assert_eq!(decode_link("a%20b/%28c%29.rs"), "a b/(c).rs");
        assert_eq!(decode_link("100%"), "100%");
        assert_eq!(
            join_normalised(&["a", "b"], "../c/./d"),
            Some("a/c/d".into())
        );
        assert_eq!(join_normalised(&["a"], "../../c"), None);
    }

    #[test]
    fn cited_sources_are_read_back_from_the_links_render_writes() {
        let page = "modules/src/json.md";
        let docs = "docs/cartograph";
        let with_lines = link_to_source(page, &["docs", "cartograph"], "src/json/decoder.py");
        let spaced = link_to_source(page, &["docs", "cartograph"], "src/a b.py");
        let text = format!(
            "See [decode]({with_lines}#L12-L40), [b]({spaced}#L3), [file]({with_lines}), \
             [other page](../../index.md#purpose), [web](https://example.com/x#L1) and \
             [outside](../../../../../etc/passwd#L1)."
        );
        let cited: Vec<String> = sources_cited_by_line(page, docs, &text)
            .into_iter()
            .collect();
        assert_eq!(
            cited,
            vec!["src/a b.py".to_string(), "src/json/decoder.py".to_string()]
        );
    }
}
