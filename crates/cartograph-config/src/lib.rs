//! Reads `pipeline.toml` into a validated [`PipelineConfig`]: defaults, built-in providers and
//! prices, and errors that name the file, the line and a hint. Reads no file but the
//! configuration, and reads the environment only through the lookup a caller passes in.

pub mod bounds;
mod builtin;
mod error;
mod location;
mod raw;
mod ready;
mod template;
mod types;
mod validate;

pub use builtin::BUILTIN_PROVIDERS;
pub use error::ConfigError;
pub use location::Location;
pub use template::init_template;
pub use types::*;

use location::{path_at, span_of, top_level_keys};
use raw::{RawConfig, TABLES};
use std::path::Path;
use toml_edit::ImDocument;
use validate::{validate, Problem};

/// The environment variable that names a configuration file.
pub const CONFIG_ENV: &str = "CARTOGRAPH_CONFIG";

/// The reference `pipeline.toml`: every key, commented, at its default.
pub fn reference_toml() -> &'static str {
    include_str!("../../../pipeline.toml")
}

/// Finds and reads the configuration: `explicit` (`--config`), then `$CARTOGRAPH_CONFIG`, then
/// `<root>/pipeline.toml`, then the built-in defaults. Does not check the environment for keys;
/// [`PipelineConfig::check_ready`] does, for the commands that call providers.
pub fn load(explicit: Option<&Path>, root: &Path) -> Result<LoadedConfig, ConfigError> {
    load_with_env(explicit, root, &|name| std::env::var(name).ok())
}

/// [`load`] with the environment passed in, so tests need not change the process's.
pub fn load_with_env(
    explicit: Option<&Path>,
    root: &Path,
    env: &dyn Fn(&str) -> Option<String>,
) -> Result<LoadedConfig, ConfigError> {
    if let Some(path) = explicit {
        return load_named_file(path, "--config");
    }
    if let Some(path) = env(CONFIG_ENV).filter(|path| !path.is_empty()) {
        return load_named_file(Path::new(&path), "$CARTOGRAPH_CONFIG");
    }
    let path = root.join("pipeline.toml");
    match std::fs::read_to_string(&path) {
        Ok(text) => Ok(LoadedConfig {
            config: parse_str(&text, &path)?,
            source: Some(path),
        }),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(LoadedConfig {
            config: PipelineConfig::default(),
            source: None,
        }),
        Err(error) => Err(ConfigError::Read { path, error }),
    }
}

/// A file the user named must exist, unlike `<root>/pipeline.toml`.
fn load_named_file(path: &Path, origin: &'static str) -> Result<LoadedConfig, ConfigError> {
    let text = std::fs::read_to_string(path).map_err(|error| {
        if error.kind() == std::io::ErrorKind::NotFound {
            ConfigError::NotFound {
                path: path.to_path_buf(),
                origin,
            }
        } else {
            ConfigError::Read {
                path: path.to_path_buf(),
                error,
            }
        }
    })?;
    Ok(LoadedConfig {
        config: parse_str(&text, path)?,
        source: Some(path.to_path_buf()),
    })
}

/// Parses and validates configuration text; `origin` is the path errors name.
pub fn parse_str(text: &str, origin: &Path) -> Result<PipelineConfig, ConfigError> {
    let document = ImDocument::parse(text).map_err(|error| ConfigError::Invalid {
        location: Box::new(Location::at(
            origin,
            text,
            error.span().map(|span| span.start),
        )),
        key: None,
        message: error.message().trim().replace('\n', ": "),
        hint: None,
    })?;
    let keys = top_level_keys(&document);
    // Only exact names count: another tool's `[model]` table is not a typo of `[models]`.
    if !keys.is_empty() && !keys.iter().any(|key| TABLES.contains(key)) {
        return Err(ConfigError::Foreign {
            path: origin.to_path_buf(),
        });
    }
    let raw: RawConfig =
        toml::from_str(text).map_err(|error| deserialize_error(&error, origin, text, &document))?;
    let located = |problem: Problem| {
        let offset = span_of(&document, &problem.path).map(|span| span.start);
        ConfigError::Invalid {
            location: Box::new(Location::at(origin, text, offset)),
            key: Some(problem.path.to_string()).filter(|key| !key.is_empty()),
            message: problem.message,
            hint: problem.hint,
        }
    };
    let config = raw.build().map_err(located)?;
    // Report the problem that comes first in the file, so fixing errors goes top to bottom;
    // problems with values the file does not write come last.
    let first = validate(&config)
        .into_iter()
        .map(located)
        .min_by_key(|error| {
            let location = error.location();
            (
                location.and_then(|l| l.line).unwrap_or(usize::MAX),
                location.and_then(|l| l.column).unwrap_or(usize::MAX),
            )
        });
    match first {
        Some(error) => Err(error),
        None => Ok(config),
    }
}

/// Turns serde's wording into the user's: keys rather than fields, tables rather than maps, and
/// the key path in front.
fn deserialize_error(
    error: &toml::de::Error,
    origin: &Path,
    text: &str,
    document: &ImDocument<&str>,
) -> ConfigError {
    let offset = error.span().map(|span| span.start);
    let path = offset
        .map(|offset| path_at(document, offset))
        .unwrap_or_default();
    let location = Box::new(Location::at(origin, text, offset));
    let message = error.message().trim();
    if let Some(rest) = message.strip_prefix("unknown field `") {
        let (name, expected) = rest.split_once('`').unwrap_or((rest, ""));
        let table = if path.last_key() == Some(name) {
            path.parent()
        } else {
            path.clone()
        };
        let expected = expected.trim_start_matches(", ").replace('`', "");
        let closest = expected
            .trim_start_matches("expected ")
            .trim_start_matches("one of ")
            .split([',', ' '])
            .filter(|candidate| !candidate.is_empty() && *candidate != "or")
            .filter(|candidate| is_close(name, candidate))
            .map(|candidate| (strsim::levenshtein(name, candidate), candidate))
            .min();
        let hint = if name == "api_key" {
            Some(
                "keys never live in the file: name the variable that holds it with api_key_env"
                    .into(),
            )
        } else if let Some((_, candidate)) = closest {
            Some(format!("did you mean `{candidate}`?"))
        } else {
            expected.starts_with("expected").then_some(expected)
        };
        return ConfigError::Invalid {
            location,
            key: Some(table.key(name).to_string()),
            message: if table.is_empty() {
                format!("unknown key `{name}`")
            } else {
                format!("unknown key `{name}` in [{table}]")
            },
            hint,
        };
    }
    // A bounded key states its real range, not the range of the integer type that holds it.
    let range = path.last_key().and_then(|key| {
        bounds::count_bound(key)
            .map(|bound| bound.words())
            .or_else(|| bounds::seconds_bound(key).map(|bound| bound.words()))
    });
    let message = plain_words(message, range.as_deref());
    if path.is_empty() {
        return ConfigError::Invalid {
            location,
            key: None,
            message,
            hint: None,
        };
    }
    ConfigError::Invalid {
        location,
        key: Some(path.to_string()),
        message: format!("`{path}`: {message}"),
        hint: None,
    }
}

/// Close enough to be a typo of `known`: a third of its letters wrong at most, and one for
/// short names, so `tool` is not taken for `hook`.
fn is_close(written: &str, known: &str) -> bool {
    strsim::levenshtein(written, known) <= (known.chars().count() / 3).max(1)
}

/// "invalid type: string \"a\", expected u32" becomes "expected an integer from 0 to
/// 4294967295, found string \"a\"", or "expected `range`, ..." when the key has a range.
fn plain_words(message: &str, range: Option<&str>) -> String {
    let reordered = ["invalid type: ", "invalid value: "]
        .iter()
        .find_map(|prefix| {
            let rest = message.strip_prefix(prefix)?;
            let (found, expected) = rest.rsplit_once(", expected ")?;
            let expected = match range {
                Some(range) if matches!(expected, "u32" | "u64" | "f64") => range.to_string(),
                _ => expected_words(expected),
            };
            Some(format!("expected {expected}, found {}", found_words(found)))
        });
    if let Some(reordered) = reordered {
        return reordered;
    }
    if let Some(rest) = message.strip_prefix("unknown variant ") {
        if let Some((found, expected)) = rest.split_once(", expected ") {
            return format!("expected {expected}, found {found}");
        }
    }
    message.to_string()
}

fn expected_words(expected: &str) -> String {
    match expected {
        "u32" => "an integer from 0 to 4294967295".to_string(),
        "u64" => "an integer, 0 or more".to_string(),
        "f64" => "a number".to_string(),
        "a sequence" => "an array".to_string(),
        "a map" => "a table".to_string(),
        other if other.starts_with("struct ") => "a table".to_string(),
        other => other.to_string(),
    }
}

fn found_words(found: &str) -> String {
    match found {
        "sequence" => "an array".to_string(),
        "map" => "a table".to_string(),
        other => other.replacen("floating point", "float", 1),
    }
}

/// True when a base URL points at this machine (`localhost`, `127.0.0.0/8`, `[::1]`).
pub fn is_loopback_url(url: &str) -> bool {
    let rest = url.split_once("://").map(|(_, rest)| rest).unwrap_or(url);
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host_port = authority
        .rsplit_once('@')
        .map(|(_, host)| host)
        .unwrap_or(authority);
    let host = if let Some(stripped) = host_port.strip_prefix('[') {
        stripped.split(']').next().unwrap_or("")
    } else {
        host_port.split(':').next().unwrap_or("")
    };
    let host = host.to_ascii_lowercase();
    host == "localhost"
        || host == "::1"
        || host.ends_with(".localhost")
        || host
            .parse::<std::net::Ipv4Addr>()
            .map(|ip| ip.is_loopback())
            .unwrap_or(false)
}

#[cfg(test)]
mod tests;
