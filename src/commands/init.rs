//! `cartograph init`: a commented `pipeline.toml` (pre-filled for the provider keys found in
//! the environment) and `.cartograph/` in `.gitignore`. Never overwrites without `--force`.

use crate::app::repository_root;
use crate::cli::Global;
use crate::exit::{coded, Exit};
use crate::out::sayln;
use anyhow::{Context as _, Result};

pub fn run(global: &Global, force: bool) -> Result<Exit> {
    let root = repository_root(&global.dir)?;
    let config_path = root.join("pipeline.toml");
    if config_path.exists() && !force {
        return Err(coded(
            Exit::Usage,
            format!(
                "`{}` already exists; pass --force to overwrite it",
                config_path.display()
            ),
        ));
    }
    let env = |name: &str| std::env::var(name).ok().filter(|value| !value.is_empty());
    let text = cartograph_config::init_template(&env);
    std::fs::write(&config_path, text)
        .with_context(|| format!("cannot write `{}`", config_path.display()))?;

    let gitignore = root.join(".gitignore");
    let existing = std::fs::read_to_string(&gitignore).unwrap_or_default();
    let already = existing.lines().any(|line| {
        matches!(
            line.trim(),
            ".cartograph" | ".cartograph/" | "/.cartograph" | "/.cartograph/"
        )
    });
    if !already {
        let mut updated = existing.clone();
        if !updated.is_empty() && !updated.ends_with('\n') {
            updated.push('\n');
        }
        updated.push_str(".cartograph/\n");
        std::fs::write(&gitignore, updated)
            .with_context(|| format!("cannot write `{}`", gitignore.display()))?;
    }
    if global.json {
        super::print_json(&serde_json::json!({
            "config": config_path.display().to_string(),
            "gitignore_updated": !already,
        }))?;
    } else if !global.quiet {
        sayln!("wrote {}", config_path.display());
        if !already {
            sayln!("added .cartograph/ to .gitignore");
        }
        sayln!("next: cartograph docs");
    }
    Ok(Exit::Done)
}
