//! `SUMMARY.md` in mdBook's format: the overview as a prefix chapter, the fixed pages, then the
//! module pages under a `# Modules` part, nested the way module paths nest. No front matter:
//! mdBook reads this file as its table of contents, not as a page.

use crate::context::DocIndex;
use crate::page::{page_title, PageKind};
use crate::paths::page_path;
use std::fmt::Write;

fn escape_title(title: &str) -> String {
    let mut out = String::new();
    for c in title.chars() {
        if matches!(c, '[' | ']' | '\\' | '*' | '_' | '<' | '`') {
            out.push('\\');
        }
        out.push(if c.is_control() { ' ' } else { c });
    }
    out
}

/// The table of contents for `pages` (usually [`crate::all_pages`]).
pub fn render_summary_md(pages: &[PageKind], index: &DocIndex) -> Vec<u8> {
    let mut out = String::from("# Summary\n\n");
    if pages.contains(&PageKind::Index) {
        let title = page_title(&PageKind::Index, index);
        let _ = writeln!(
            out,
            "[{}]({})\n",
            escape_title(&title),
            page_path(&PageKind::Index)
        );
    }
    for kind in [
        PageKind::Architecture,
        PageKind::Onboarding,
        PageKind::Dependencies,
    ] {
        if pages.contains(&kind) {
            let _ = writeln!(
                out,
                "- [{}]({})",
                escape_title(&page_title(&kind, index)),
                page_path(&kind)
            );
        }
    }
    let mut modules: Vec<&str> = pages
        .iter()
        .filter_map(|kind| match kind {
            PageKind::Module(path) => Some(path.as_str()),
            _ => None,
        })
        .collect();
    // Sorting by components keeps every module right after its parent (`a`, `a/b`, `a-b`).
    modules.sort_by(|a, b| a.split('/').cmp(b.split('/')));
    modules.dedup();
    if !modules.is_empty() {
        out.push_str("\n# Modules\n\n");
    }
    for (at, path) in modules.iter().enumerate() {
        // The nearest listed module containing this one is its parent; the root contains all
        // and so is nobody's parent, or every page would nest under it.
        let ancestors: Vec<&str> = modules[..at]
            .iter()
            .copied()
            .filter(|other| !other.is_empty() && path.starts_with(&format!("{other}/")))
            .collect();
        let title = match ancestors.last() {
            Some(parent) => path[parent.len() + 1..].to_string(),
            None if path.is_empty() => "(root)".to_string(),
            None => path.to_string(),
        };
        let _ = writeln!(
            out,
            "{}- [{}]({})",
            "  ".repeat(ancestors.len()),
            escape_title(&title),
            page_path(&PageKind::Module(path.to_string()))
        );
    }
    out.into_bytes()
}
