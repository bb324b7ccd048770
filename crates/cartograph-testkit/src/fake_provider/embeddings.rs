//! The fake `/v1/embeddings` endpoint: one vector per input, scripted by a piece of text the
//! input holds, else derived from the input's words (hashed into a few dimensions, so texts
//! that share words are alike). Faults come from the same behaviours as chat requests: queue
//! a status or a reset for the embedding model and its next request gets it.

use serde_json::{json, Value};

/// Dimensions of the derived vectors unless a test sets others.
pub const DEFAULT_DIMENSIONS: usize = 16;

#[derive(Debug, Clone)]
pub(crate) struct EmbeddingScript {
    /// The first rule whose text the input contains gives its vector.
    pub rules: Vec<(String, Vec<f32>)>,
    pub dimensions: usize,
}

impl Default for EmbeddingScript {
    fn default() -> Self {
        EmbeddingScript {
            rules: Vec::new(),
            dimensions: DEFAULT_DIMENSIONS,
        }
    }
}

/// Whether a request path is the embeddings endpoint (`/v1/embeddings`).
pub fn is_embeddings_path(path: &str) -> bool {
    path.trim_end_matches('/').ends_with("/embeddings")
}

/// The inputs of an embeddings request: `input` as one string or an array of strings.
pub fn embedding_inputs(body: &Value) -> Vec<String> {
    match body.get("input") {
        Some(Value::String(text)) => vec![text.clone()],
        Some(Value::Array(items)) => items
            .iter()
            .map(|item| item.as_str().unwrap_or_default().to_string())
            .collect(),
        _ => Vec::new(),
    }
}

/// A unit vector from the words of `text`: each lower-cased word adds 1 to the dimension its
/// FNV-1a hash falls in. Deterministic across runs and platforms.
pub fn derived_vector(text: &str, dimensions: usize) -> Vec<f32> {
    let dimensions = dimensions.max(1);
    let mut vector = vec![0.0f32; dimensions];
    for word in text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|word| !word.is_empty())
    {
        let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
        for byte in word.to_lowercase().bytes() {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
        vector[(hash % dimensions as u64) as usize] += 1.0;
    }
    let norm = vector.iter().map(|x| x * x).sum::<f32>().sqrt();
    if norm > 0.0 {
        vector.iter_mut().for_each(|x| *x /= norm);
    } else {
        vector[0] = 1.0;
    }
    vector
}

impl EmbeddingScript {
    fn vector(&self, input: &str) -> Vec<f32> {
        self.rules
            .iter()
            .find(|(needle, _)| input.contains(needle.as_str()))
            .map(|(_, vector)| vector.clone())
            .unwrap_or_else(|| derived_vector(input, self.dimensions))
    }

    /// The body of a successful reply, in OpenAI's shape, with usage of about a quarter of the
    /// inputs' characters.
    pub fn reply_body(&self, body: &Value) -> String {
        let model = body
            .get("model")
            .and_then(Value::as_str)
            .unwrap_or_default();
        let inputs = embedding_inputs(body);
        let tokens: u64 = inputs
            .iter()
            .map(|input| (input.chars().count() as u64 / 4).max(1))
            .sum();
        let data: Vec<Value> = inputs
            .iter()
            .enumerate()
            .map(|(index, input)| {
                json!({"object": "embedding", "index": index, "embedding": self.vector(input)})
            })
            .collect();
        json!({
            "object": "list",
            "data": data,
            "model": model,
            "usage": {"prompt_tokens": tokens, "total_tokens": tokens},
        })
        .to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn derived_vectors_are_unit_and_alike_for_shared_words() {
        let a = derived_vector("retry with backoff", 16);
        let b = derived_vector("Retry with BACKOFF", 16);
        assert_eq!(a, b);
        let norm: f32 = a.iter().map(|x| x * x).sum();
        assert!((norm - 1.0).abs() < 1e-5);
        assert_eq!(derived_vector("", 4), vec![1.0, 0.0, 0.0, 0.0]);
    }

    #[test]
    fn scripted_vectors_win_and_replies_keep_the_order() {
        let script = EmbeddingScript {
            rules: vec![("refund".into(), vec![1.0, 0.0])],
            dimensions: 2,
        };
        let body = json!({"model": "e", "input": ["no match here", "fn refund()"]});
        let reply: Value = serde_json::from_str(&script.reply_body(&body)).unwrap_or_default();
        assert_eq!(reply["data"][1]["embedding"], json!([1.0, 0.0]));
        assert_eq!(reply["data"][0]["index"], json!(0));
        assert!(reply["usage"]["prompt_tokens"].as_u64().unwrap_or(0) > 0);
    }
}
