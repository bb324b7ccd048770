//! A page's YAML front matter, written and read back in one place: every string value is a
//! JSON string (a valid YAML double-quoted scalar that never reads as a number or a bool), and
//! reading unescapes it the same way. Also marks a kept page stale. Knows nothing of the body.

use crate::page::PageMeta;

/// The front matter of a page as read back: what the pipeline needs to decide whether the page
/// is still good. Fields a page does not hold stay `None` (or `false`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FrontMatter {
    pub inputs: Option<String>,
    pub commit: Option<String>,
    pub model: Option<String>,
    pub prompt_version: Option<String>,
    pub degraded: bool,
    pub stale: bool,
}

/// The front matter block for `meta`, from the opening `---` to the closing one and its newline.
pub fn write_front_matter(meta: &PageMeta) -> String {
    let mut out = String::from("---\n");
    out.push_str(&format!("inputs: {}\n", yaml_string(&meta.inputs)));
    match &meta.commit {
        Some(commit) => out.push_str(&format!("commit: {}\n", yaml_string(commit))),
        None => out.push_str("commit: null\n"),
    }
    out.push_str(&format!("model: {}\n", yaml_string(&meta.model)));
    out.push_str(&format!(
        "prompt_version: {}\n",
        yaml_string(&meta.prompt_version)
    ));
    out.push_str(&format!("degraded: {}\n", meta.degraded));
    if meta.stale {
        out.push_str("stale: true\n");
    }
    out.push_str("---\n");
    out
}

/// The front matter of a page's bytes; `None` when the page has none.
pub fn read_front_matter(bytes: &[u8]) -> Option<FrontMatter> {
    let text = std::str::from_utf8(bytes).ok()?;
    let block = text.strip_prefix("---\n")?;
    let end = block.find("\n---\n")?;
    let mut front = FrontMatter::default();
    for line in block[..end].lines() {
        let Some((key, value)) = line.split_once(':') else {
            continue;
        };
        let value = read_scalar(value.trim());
        match key.trim() {
            "inputs" => front.inputs = value,
            "commit" => front.commit = value,
            "model" => front.model = value,
            "prompt_version" => front.prompt_version = value,
            "degraded" => front.degraded = value.as_deref() == Some("true"),
            "stale" => front.stale = value.as_deref() == Some("true"),
            _ => {}
        }
    }
    Some(front)
}

/// The same page with `stale: true` in its front matter (added or replaced); `None` when the
/// page has no front matter to mark.
pub fn mark_stale(bytes: &[u8]) -> Option<Vec<u8>> {
    let text = std::str::from_utf8(bytes).ok()?;
    let block = text.strip_prefix("---\n")?;
    let end = block.find("\n---\n")?;
    let mut lines: Vec<&str> = block[..end]
        .lines()
        .filter(|line| !line.trim_start().starts_with("stale:"))
        .collect();
    lines.push("stale: true");
    let mut out = String::with_capacity(bytes.len() + 16);
    out.push_str("---\n");
    out.push_str(&lines.join("\n"));
    out.push_str(&block[end..]);
    Some(out.into_bytes())
}

/// The same page with its `commit:` set to `commit` (the commit of the run that writes it);
/// `None` when the page has no front matter.
pub fn set_commit(bytes: &[u8], commit: Option<&str>) -> Option<Vec<u8>> {
    let text = std::str::from_utf8(bytes).ok()?;
    let block = text.strip_prefix("---\n")?;
    let end = block.find("\n---\n")?;
    let line = match commit {
        Some(commit) => format!("commit: {}", yaml_string(commit)),
        None => "commit: null".to_string(),
    };
    let mut replaced = false;
    let mut lines: Vec<String> = block[..end]
        .lines()
        .map(|current| {
            if current.trim_start().starts_with("commit:") {
                replaced = true;
                line.clone()
            } else {
                current.to_string()
            }
        })
        .collect();
    if !replaced {
        lines.push(line);
    }
    let mut out = String::with_capacity(bytes.len() + 48);
    out.push_str("---\n");
    out.push_str(&lines.join("\n"));
    out.push_str(&block[end..]);
    Some(out.into_bytes())
}

fn yaml_string(text: &str) -> String {
    // Serializing a `&str` cannot fail; the fallback only keeps the page well-formed.
    serde_json::to_string(text).unwrap_or_else(|_| "\"\"".to_string())
}

/// A value as written by [`write_front_matter`] (a JSON string, `null`, `true`, `false`), or as
/// a person may have typed it (a bare word).
fn read_scalar(value: &str) -> Option<String> {
    if value.is_empty() || value == "null" || value == "~" {
        return None;
    }
    if value.starts_with('"') {
        // A quoted value that does not parse (hand-edited) is read as it stands, quotes off.
        return Some(
            serde_json::from_str::<String>(value)
                .unwrap_or_else(|_| value.trim_matches('"').to_string()),
        );
    }
    Some(value.to_string())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use proptest::prelude::*;

    fn meta(inputs: &str, commit: Option<&str>, model: &str, prompt: &str) -> PageMeta {
        PageMeta {
            inputs: inputs.into(),
            commit: commit.map(str::to_string),
            model: model.into(),
            prompt_version: prompt.into(),
            degraded: false,
            stale: false,
        }
    }

    proptest! {
        /// Whatever a value holds (quotes, backslashes, colons, `---`, newlines, unicode), it
        /// reads back as it was written, and the body after the block is untouched.
        #[test]
        fn every_value_reads_back_as_written(
            inputs in any::<String>(),
            commit in proptest::option::of(any::<String>()),
            model in any::<String>(),
            prompt_version in any::<String>(),
            degraded in any::<bool>(),
            stale in any::<bool>(),
        ) {
            let written = PageMeta {
                inputs: inputs.clone(),
                commit: commit.clone(),
                model: model.clone(),
                prompt_version: prompt_version.clone(),
                degraded,
                stale,
            };
            let page = format!("{}\n# Title\n", write_front_matter(&written));
            let front = read_front_matter(page.as_bytes()).unwrap();
            prop_assert_eq!(front, FrontMatter {
                inputs: Some(inputs),
                commit,
                model: Some(model),
                prompt_version: Some(prompt_version),
                degraded,
                stale,
            });
            let marked = mark_stale(page.as_bytes()).unwrap();
            let front = read_front_matter(&marked).unwrap();
            prop_assert!(front.stale);
            prop_assert!(String::from_utf8(marked).unwrap().ends_with("---\n\n# Title\n"));
        }
    }

    #[test]
    fn escaped_values_are_unescaped() {
        // A value with a quote and a backslash: `trim_matches('"')` would have kept the escapes.
        let written = meta(r#"a"b\c"#, Some("null"), "m: x", "p@1#abc");
        let front = read_front_matter(write_front_matter(&written).as_bytes()).unwrap();
        assert_eq!(front.inputs.as_deref(), Some(r#"a"b\c"#));
        assert_eq!(front.commit.as_deref(), Some("null"), "a commit named null");
        assert_eq!(front.model.as_deref(), Some("m: x"));
        let none = meta("i", None, "m", "p");
        let front = read_front_matter(write_front_matter(&none).as_bytes()).unwrap();
        assert_eq!(front.commit, None);
    }

    #[test]
    fn a_new_commit_replaces_the_old_one_and_nothing_else() {
        let page = format!(
            "{}\n# Title\n",
            write_front_matter(&meta("i", Some("old"), "m", "p"))
        );
        let moved = set_commit(page.as_bytes(), Some("new")).unwrap();
        let front = read_front_matter(&moved).unwrap();
        assert_eq!(front.commit.as_deref(), Some("new"));
        assert_eq!(front.inputs.as_deref(), Some("i"));
        assert_eq!(
            String::from_utf8(moved)
                .unwrap()
                .replace("\"new\"", "\"old\""),
            page
        );
        let none = set_commit(page.as_bytes(), None).unwrap();
        assert_eq!(read_front_matter(&none).unwrap().commit, None);
    }

    #[test]
    fn bare_values_and_missing_blocks() {
        let page = b"---\ninputs: abc\ncommit: 123\ndegraded: false\n---\n# Title\n";
        let front = read_front_matter(page).unwrap();
        assert_eq!(front.inputs.as_deref(), Some("abc"));
        assert_eq!(front.commit.as_deref(), Some("123"));
        assert!(!front.stale && !front.degraded);
        let stale = mark_stale(page).unwrap();
        assert_eq!(
            mark_stale(&stale).unwrap(),
            stale,
            "marking twice changes nothing"
        );
        assert!(read_front_matter(b"# no front matter").is_none());
        assert!(mark_stale(b"# no front matter").is_none());
    }
}
