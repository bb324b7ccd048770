//! Prompts as code: one file per prompt under `prompts/`, embedded in the binary, each with a
//! version header, overridable per repository in the folder that `[prompts] dir` names.

use cartograph_core::ContentHash;
use std::collections::BTreeMap;
use std::path::Path;

const EMBEDDED: &[(&str, &str)] = &[
    (
        "map-summary",
        include_str!("../../../prompts/map-summary.md"),
    ),
    ("map-merge", include_str!("../../../prompts/map-merge.md")),
    (
        "page-module",
        include_str!("../../../prompts/page-module.md"),
    ),
    (
        "page-overview",
        include_str!("../../../prompts/page-overview.md"),
    ),
    (
        "page-module-revise",
        include_str!("../../../prompts/page-module-revise.md"),
    ),
    (
        "page-repair",
        include_str!("../../../prompts/page-repair.md"),
    ),
    ("run-answer", include_str!("../../../prompts/run-answer.md")),
    (
        "lens-rerank",
        include_str!("../../../prompts/lens-rerank.md"),
    ),
];

#[derive(Debug, thiserror::Error)]
pub enum PromptError {
    #[error("prompt `{origin}` is malformed: {detail}")]
    Malformed { origin: String, detail: String },
    #[error("cannot read prompt override `{path}`: {source}")]
    Read {
        path: String,
        #[source]
        source: std::io::Error,
    },
}

/// One prompt: a system part and a user template with `{{placeholders}}`.
#[derive(Debug, Clone)]
pub struct Prompt {
    pub name: String,
    pub version: u32,
    pub description: String,
    /// Sections (level-2 headings) a page written with this prompt must hold, from the header's
    /// `sections:` line, `;`-separated; the page check rejects a page without one of them.
    pub sections: Vec<String>,
    pub system: String,
    pub user: String,
    /// Where it came from: `built-in` or the override file's path.
    pub origin: String,
    /// blake3 of the whole file: any edit changes every cache key the prompt feeds.
    pub hash: ContentHash,
}

impl Prompt {
    /// `name@version#hash12`: what cache keys and front matter record.
    pub fn version_tag(&self) -> String {
        format!("{}@{}#{}", self.name, self.version, self.hash.short())
    }

    /// Fills the user template; unknown placeholders stay as they are.
    pub fn render_user(&self, values: &[(&str, &str)]) -> String {
        fill(&self.user, values)
    }

    pub fn render_system(&self, values: &[(&str, &str)]) -> String {
        fill(&self.system, values)
    }

    /// A request of `phase` with this prompt's system and user parts filled in, tagged with its
    /// version (part of the response cache key).
    pub fn request(
        &self,
        phase: cartograph_core::Phase,
        values: &[(&str, &str)],
    ) -> cartograph_llm::CompletionRequest {
        use cartograph_llm::{Message, Role};
        let mut request = cartograph_llm::CompletionRequest::new(
            phase,
            vec![
                Message {
                    role: Role::System,
                    content: self.render_system(values),
                },
                Message {
                    role: Role::User,
                    content: self.render_user(values),
                },
            ],
        );
        request.prompt_version = self.version_tag();
        request
    }
}

/// Replaces each `{{key}}` in one pass, so a value that itself holds `{{...}}` (source code can)
/// is never expanded again.
fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(start) = rest.find("{{") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        match after.find("}}") {
            Some(end) => {
                let key = &after[..end];
                match values.iter().find(|(name, _)| *name == key) {
                    Some((_, value)) => out.push_str(value),
                    None => out.push_str(&rest[start..start + 2 + end + 2]),
                }
                rest = &after[end + 2..];
            }
            None => {
                out.push_str(&rest[start..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

pub fn parse_prompt(name: &str, text: &str, origin: &str) -> Result<Prompt, PromptError> {
    let malformed = |detail: &str| PromptError::Malformed {
        origin: origin.to_string(),
        detail: detail.to_string(),
    };
    let body = text
        .strip_prefix("---\n")
        .ok_or_else(|| malformed("it must start with a `---` header holding `version: N`"))?;
    let (header, body) = body
        .split_once("\n---\n")
        .ok_or_else(|| malformed("the `---` header is not closed"))?;
    let mut version = None;
    let mut description = String::new();
    let mut sections = Vec::new();
    for line in header.lines() {
        if let Some((key, value)) = line.split_once(':') {
            match key.trim() {
                "version" => version = value.trim().parse::<u32>().ok(),
                "description" => description = value.trim().to_string(),
                "sections" => {
                    sections = value
                        .split(';')
                        .map(str::trim)
                        .filter(|section| !section.is_empty())
                        .map(str::to_string)
                        .collect()
                }
                _ => {}
            }
        }
    }
    let version = version.ok_or_else(|| malformed("the header has no numeric `version:`"))?;
    let (_, after_system) = body
        .split_once("=== system ===\n")
        .ok_or_else(|| malformed("no `=== system ===` section"))?;
    let (system, user) = after_system
        .split_once("=== user ===\n")
        .ok_or_else(|| malformed("no `=== user ===` section after the system section"))?;
    Ok(Prompt {
        name: name.to_string(),
        version,
        description,
        sections,
        system: system.trim_end().to_string(),
        user: user.trim_end().to_string(),
        origin: origin.to_string(),
        hash: ContentHash::of(text.as_bytes()),
    })
}

/// The prompts in use: built-in ones, each replaced by `<dir>/<name>.md` when that exists.
#[derive(Debug, Clone)]
pub struct Prompts {
    by_name: BTreeMap<String, Prompt>,
}

impl Prompts {
    pub fn load(override_dir: Option<&Path>) -> Result<Prompts, PromptError> {
        let mut by_name = BTreeMap::new();
        for (name, text) in EMBEDDED {
            let mut prompt = parse_prompt(name, text, "built-in")?;
            if let Some(dir) = override_dir {
                let path = dir.join(format!("{name}.md"));
                if path.is_file() {
                    let text =
                        std::fs::read_to_string(&path).map_err(|source| PromptError::Read {
                            path: path.display().to_string(),
                            source,
                        })?;
                    prompt = parse_prompt(name, &text, &path.display().to_string())?;
                }
            }
            by_name.insert(name.to_string(), prompt);
        }
        Ok(Prompts { by_name })
    }

    pub fn get(&self, name: &str) -> Option<&Prompt> {
        self.by_name.get(name)
    }

    pub fn all(&self) -> impl Iterator<Item = &Prompt> {
        self.by_name.values()
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn every_built_in_prompt_parses() {
        let prompts = Prompts::load(None).unwrap();
        assert_eq!(prompts.all().count(), EMBEDDED.len());
        for prompt in prompts.all() {
            assert!(prompt.version >= 1);
            assert!(
                !prompt.system.is_empty() && !prompt.user.is_empty(),
                "{}",
                prompt.name
            );
        }
    }

    #[test]
    fn overrides_replace_built_ins_and_change_the_hash() {
        let dir = tempfile::tempdir().unwrap();
        let built_in = Prompts::load(None).unwrap();
        std::fs::write(
            dir.path().join("run-answer.md"),
            "---\nversion: 7\n---\n=== system ===\nBe terse.\n=== user ===\nQ: {{question}}\n",
        )
        .unwrap();
        let prompts = Prompts::load(Some(dir.path())).unwrap();
        let answer = prompts.get("run-answer").unwrap();
        assert_eq!(answer.version, 7);
        assert_ne!(answer.hash, built_in.get("run-answer").unwrap().hash);
        assert_eq!(
            answer.render_user(&[("question", "why {{x}}?")]),
            "Q: why {{x}}?"
        );
        assert_eq!(
            prompts.get("map-summary").unwrap().hash,
            built_in.get("map-summary").unwrap().hash
        );
    }

    #[test]
    fn malformed_prompts_are_errors() {
        assert!(parse_prompt("x", "no header", "t").is_err());
        assert!(parse_prompt(
            "x",
            "---\nversion: one\n---\n=== system ===\na\n=== user ===\nb",
            "t"
        )
        .is_err());
        assert!(parse_prompt("x", "---\nversion: 1\n---\nno sections", "t").is_err());
    }
}
