//! Whether a configuration can run here: the keys it needs are in the environment and every
//! paid model has a price. Kept apart from validation because it depends on the machine, not on
//! the file, and because commands that spend nothing need not pass it.

use crate::error::ConfigError;
use crate::types::{PipelineConfig, ProviderKind};
use cartograph_core::Phase;

impl PipelineConfig {
    /// Checks every model of every phase, and the shared cache's secrets; see
    /// [`PipelineConfig::check_phases_ready`].
    pub fn check_ready(&self, env: &dyn Fn(&str) -> Option<String>) -> Result<(), ConfigError> {
        self.check_phases_ready(&Phase::ALL, env)
    }

    /// Checks the models of `phases`: a model of a provider that is neither local nor offline
    /// needs its provider's key variable set (when the provider declares one) and a known
    /// price, since a run could not keep to its budget without one. When `[cache] remote` is
    /// set, the secret variables it names must be set too.
    pub fn check_phases_ready(
        &self,
        phases: &[Phase],
        env: &dyn Fn(&str) -> Option<String>,
    ) -> Result<(), ConfigError> {
        let is_set = |var: &str| env(var).is_some_and(|value| !value.trim().is_empty());
        for &phase in phases {
            for model in &self.phases.get(phase).models {
                let provider =
                    self.provider(&model.provider)
                        .ok_or_else(|| ConfigError::UnknownProvider {
                            phase,
                            model: model.clone(),
                        })?;
                if provider.kind == ProviderKind::Offline || provider.is_local() {
                    continue;
                }
                if let Some(env_var) = provider.api_key_env.as_deref() {
                    if !is_set(env_var) {
                        return Err(ConfigError::MissingApiKey {
                            phase,
                            model: model.clone(),
                            env_var: env_var.to_string(),
                        });
                    }
                }
                if self.price_of(model).is_none() {
                    return Err(ConfigError::UnknownPrice {
                        phase,
                        model: model.clone(),
                    });
                }
            }
        }
        if phases.contains(&Phase::Lens) {
            self.check_embedding_ready(env)?;
        }
        if self.cache.remote.is_some() {
            let secrets = [
                ("remote_key_env", &self.cache.remote_key_env),
                ("remote_password_env", &self.cache.remote_password_env),
            ];
            for (key, env_var) in secrets {
                if let Some(env_var) = env_var.as_deref().filter(|var| !is_set(var)) {
                    return Err(ConfigError::MissingCacheSecret {
                        key,
                        env_var: env_var.to_string(),
                    });
                }
            }
        }
        Ok(())
    }

    /// `[phases.lens] embedding_model`, when one is set, needs what a chain's model needs:
    /// its provider's key variable set (unless the provider is local) and a known price. `map`
    /// and `docs` embed, so they check it besides their own phases; `lens` and `run` check it
    /// with the lens phase.
    pub fn check_embedding_ready(
        &self,
        env: &dyn Fn(&str) -> Option<String>,
    ) -> Result<(), ConfigError> {
        let Some(model) = self.phases.embedding.model.as_ref() else {
            return Ok(());
        };
        let is_set = |var: &str| env(var).is_some_and(|value| !value.trim().is_empty());
        let provider = self.provider(&model.provider);
        let paid = provider
            .as_ref()
            .is_some_and(|p| p.kind != ProviderKind::Offline && !p.is_local());
        if !paid {
            return Ok(());
        }
        let env_var = provider.and_then(|p| p.api_key_env);
        if let Some(env_var) = env_var.filter(|var| !is_set(var)) {
            return Err(ConfigError::MissingEmbeddingKey {
                model: model.clone(),
                env_var,
            });
        }
        if self.price_of(model).is_none() {
            return Err(ConfigError::UnknownEmbeddingPrice {
                model: model.clone(),
            });
        }
        Ok(())
    }
}
