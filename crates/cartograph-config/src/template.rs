//! The `pipeline.toml` that `cartograph init` writes: the reference file, with the map and run
//! phases pointed at the providers whose keys are in the environment.

use crate::reference_toml;

/// The reference text with `[phases.map]` and `[phases.run]` models chosen from the keys found
/// by `env`: an OpenAI key gives `openai/gpt-4o-mini` for map and `openai/gpt-4o` for run; an
/// Anthropic key puts `anthropic/claude-sonnet-4-5` first in run (and `claude-haiku-4-5` in map
/// when there is no OpenAI key); an OpenRouter key alone gives the same models through
/// OpenRouter. With no key it is the reference text unchanged: offline.
pub fn init_template(env: &dyn Fn(&str) -> Option<String>) -> String {
    let has = |var: &str| env(var).is_some_and(|value| !value.trim().is_empty());
    let openai = has("OPENAI_API_KEY");
    let anthropic = has("ANTHROPIC_API_KEY");
    let openrouter = has("OPENROUTER_API_KEY");

    let map: &[&str] = if openai {
        &["openai/gpt-4o-mini"]
    } else if anthropic {
        &["anthropic/claude-haiku-4-5"]
    } else if openrouter {
        &["openrouter/openai/gpt-4o-mini"]
    } else {
        return reference_toml().to_string();
    };
    let mut run = Vec::new();
    if anthropic {
        run.push("anthropic/claude-sonnet-4-5");
    }
    if openai {
        run.push("openai/gpt-4o");
    }
    if run.is_empty() {
        run.extend([
            "openrouter/anthropic/claude-sonnet-4.5",
            "openrouter/openai/gpt-4o",
        ]);
    }
    let found: Vec<&str> = [
        (openai, "OPENAI_API_KEY"),
        (anthropic, "ANTHROPIC_API_KEY"),
        (openrouter, "OPENROUTER_API_KEY"),
    ]
    .into_iter()
    .filter_map(|(present, var)| present.then_some(var))
    .collect();
    let note = format!(
        "# Chosen by `cartograph init` for the keys it found: {}.",
        found.join(", ")
    );

    let mut text = String::with_capacity(reference_toml().len() + 256);
    let mut table = "";
    for line in reference_toml().lines() {
        let trimmed = line.trim();
        if trimmed.starts_with('[') {
            table = trimmed.split('#').next().unwrap_or(trimmed).trim_end();
        }
        let models = match table {
            "[phases.map]" => map,
            "[phases.run]" => run.as_slice(),
            _ => &[],
        };
        if !models.is_empty() && trimmed.starts_with("models =") {
            let quoted: Vec<String> = models.iter().map(|model| format!("{model:?}")).collect();
            text.push_str(&note);
            text.push('\n');
            text.push_str(&format!("models = [{}]\n", quoted.join(", ")));
        } else {
            text.push_str(line);
            text.push('\n');
        }
    }
    text
}
