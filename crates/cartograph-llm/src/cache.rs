//! The response cache: a successful reply stored under the blake3 hash of the normalised
//! request (provider kind and base URL, model, messages, parameters, prompt version — never
//! the key, the timeouts or the provider's local name). Errors and partial replies are never
//! stored. A cache that cannot be read or written is logged and skipped: it only saves money.

use crate::types::{Message, Usage};
use cartograph_store::{get_json, put_json, Store};
use serde::{Deserialize, Serialize};

/// Bump the version when the meaning of a key or record changes.
pub(crate) const RESPONSE_TREE: &str = "llm-responses-v1";

#[derive(Serialize)]
pub(crate) struct ResponseKey<'a> {
    pub provider_kind: &'a str,
    pub base_url: &'a str,
    pub model: &'a str,
    pub messages: &'a [Message],
    pub max_output_tokens: u32,
    /// As text, so that `0.7` hashes the same wherever it came from.
    pub temperature: Option<String>,
    pub json_output: bool,
    pub prompt_version: &'a str,
}

impl ResponseKey<'_> {
    pub fn hash(&self) -> [u8; 32] {
        // Serializing these plain fields cannot fail; an empty key would only miss.
        let bytes = serde_json::to_vec(self).unwrap_or_default();
        *blake3::hash(&bytes).as_bytes()
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct CachedResponse {
    pub text: String,
    pub served_model: String,
    pub usage: Usage,
    /// What the original call cost, if known: what a hit saves.
    pub cost_usd: Option<f64>,
}

pub(crate) fn lookup(store: &dyn Store, key: &[u8; 32]) -> Option<CachedResponse> {
    match get_json(store, RESPONSE_TREE, key) {
        Ok(found) => found,
        Err(error) => {
            tracing::warn!(%error, "response cache lookup failed; calling the model");
            None
        }
    }
}

pub(crate) fn save(store: &dyn Store, key: &[u8; 32], response: &CachedResponse) {
    if let Err(error) = put_json(store, RESPONSE_TREE, key, response) {
        tracing::warn!(%error, "could not store a reply in the response cache");
        return;
    }
    // A paid reply is made durable before it is used: a run killed right after must not pay
    // for it again. One sync per model call is small beside the call itself.
    if let Err(error) = store.flush() {
        tracing::warn!(%error, "could not sync the response cache");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key<'a>(
        messages: &'a [Message],
        model: &'a str,
        prompt_version: &'a str,
    ) -> ResponseKey<'a> {
        ResponseKey {
            provider_kind: "openai",
            base_url: "http://127.0.0.1:1/v1",
            model,
            messages,
            max_output_tokens: 100,
            temperature: Some(0.0f32.to_string()),
            json_output: false,
            prompt_version,
        }
    }

    #[test]
    fn keys_change_with_every_part_of_the_request() {
        let messages = [Message::user("hello")];
        let other = [Message::user("hello!")];
        let base = key(&messages, "m", "v1").hash();
        assert_eq!(base, key(&messages, "m", "v1").hash());
        assert_ne!(base, key(&other, "m", "v1").hash());
        assert_ne!(base, key(&messages, "m2", "v1").hash());
        assert_ne!(base, key(&messages, "m", "v2").hash());
        let mut json = key(&messages, "m", "v1");
        json.json_output = true;
        assert_ne!(base, json.hash());
    }

    #[test]
    fn round_trip_through_a_store() {
        let store = cartograph_store::MemoryStore::default();
        let response = CachedResponse {
            text: "hi".into(),
            served_model: "m".into(),
            usage: Usage::default(),
            cost_usd: Some(0.5),
        };
        save(&store, &[1; 32], &response);
        assert_eq!(lookup(&store, &[1; 32]), Some(response));
        assert_eq!(lookup(&store, &[2; 32]), None);
    }
}
