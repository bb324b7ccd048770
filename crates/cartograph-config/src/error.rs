//! The one error type of this crate. Every message names the file (with line and column where
//! known) or the key, starts lower-case and carries its hint after a `; `.

use crate::location::Location;
use crate::raw::TABLES;
use crate::types::ModelRef;
use cartograph_core::Phase;
use std::path::PathBuf;

/// Why a configuration cannot be used. The CLI maps every variant to exit code 2: each is found
/// before any work starts.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// The io error is part of the message rather than a `source`, so the user reads one line
    /// however the error is printed.
    #[error("failed to read config file `{}`: {error}", path.display())]
    Read {
        path: PathBuf,
        error: std::io::Error,
    },

    /// `--config` or `$CARTOGRAPH_CONFIG` names a file that does not exist.
    #[error("config file `{}` (from {origin}) does not exist", path.display())]
    NotFound { path: PathBuf, origin: &'static str },

    /// Invalid TOML, an unknown key, a value of the wrong type, or a value a rule rejects.
    #[error("{location}: {message}{}", hint.as_ref().map(|hint| format!("; {hint}")).unwrap_or_default())]
    Invalid {
        /// Boxed to keep `Result<_, ConfigError>` small.
        location: Box<Location>,
        /// The key path the problem concerns (`phases.map.budget_tokens`), when there is one.
        key: Option<String>,
        message: String,
        hint: Option<String>,
    },

    /// A file that holds none of cartograph's tables, such as another tool's `pipeline.toml`.
    #[error(
        "{}: holds none of cartograph's tables ({}), so it is likely another tool's file; pass `--config <file>` (or set CARTOGRAPH_CONFIG) to use a cartograph configuration",
        path.display(),
        TABLES.join(", ")
    )]
    Foreign { path: PathBuf },

    /// A phase names a model of a provider that is not defined (only for a configuration built
    /// in code; a loaded one is validated already).
    #[error("`{model}` in [phases.{phase}] names provider `{}`, which is not defined", model.provider)]
    UnknownProvider { phase: Phase, model: ModelRef },

    /// A paid provider's key variable is unset or empty.
    #[error(
        "`{model}` in [phases.{phase}] needs the environment variable {env_var}, which is not set; export it, or take the model out of [phases.{phase}] models"
    )]
    MissingApiKey {
        phase: Phase,
        model: ModelRef,
        env_var: String,
    },

    /// A paid model whose price is unknown: the run could not keep to its budget.
    #[error(
        "no known price for `{model}` in [phases.{phase}]; add a [models.\"{model}\"] table with `input` and `output` in USD per million tokens"
    )]
    UnknownPrice { phase: Phase, model: ModelRef },

    /// `[phases.lens] embedding_model` is of a paid provider whose key variable is unset.
    #[error(
        "the embedding model `{model}` ([phases.lens] embedding_model) needs the environment variable {env_var}, which is not set; export it, or set embedding_model = \"\" to rank without embeddings"
    )]
    MissingEmbeddingKey { model: ModelRef, env_var: String },

    /// `[phases.lens] embedding_model` is a paid model whose price is unknown.
    #[error(
        "no known price for the embedding model `{model}` ([phases.lens] embedding_model); add a [models.\"{model}\"] table with `input` in USD per million tokens"
    )]
    UnknownEmbeddingPrice { model: ModelRef },

    /// `[cache] remote` is set but a secret it names is not in the environment.
    #[error(
        "the shared cache needs the environment variable {env_var} (from `cache.{key}`), which is not set; export it, or take `remote` out of [cache]"
    )]
    MissingCacheSecret { key: &'static str, env_var: String },
}

impl ConfigError {
    /// The file, line and column, for errors that have them.
    pub fn location(&self) -> Option<&Location> {
        match self {
            ConfigError::Invalid { location, .. } => Some(location),
            _ => None,
        }
    }
}
