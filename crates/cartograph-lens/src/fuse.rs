//! Hybrid retrieval: a ranking of files by embedding similarity (each file's best chunk, by
//! cosine against the question's vector) and its reciprocal rank fusion (k = 60) with the
//! lexical ranking. Pure: the vectors come from the caller, which makes and caches them; this
//! module never sees a model. Without a [`Semantic`] ranking lens is exactly what it was.

use std::collections::HashMap;

/// The `k` of reciprocal rank fusion: a file at rank `r` (1-based) of a ranking earns
/// `1 / (k + r)`. 60 is the value of Cormack, Clarke and Büttcher (2009), which damps the gap
/// between the first few ranks so that neither ranking alone decides.
pub const RRF_K: f64 = 60.0;
/// The best files of the similarity ranking that take part in the fusion; further down,
/// similarity says little and would only add noise to the candidates.
pub const SEMANTIC_CANDIDATES: usize = 50;

/// One chunk's vector, and the file it belongs to (its position in the files ranked).
#[derive(Debug, Clone, Copy)]
pub struct ChunkVector<'a> {
    pub file_at: usize,
    /// What the chunk holds, for the reasons (`fn settle`, `lines 1-40`).
    pub label: &'a str,
    pub vector: &'a [f32],
}

/// A file's best chunk for the question.
#[derive(Debug, Clone, PartialEq)]
pub struct SemanticHit {
    pub file_at: usize,
    pub similarity: f32,
    pub chunk: String,
}

/// Files by similarity to the question, best first (ties by position), each with its best
/// chunk; only files some chunk of which points the question's way (similarity above 0).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Semantic {
    pub hits: Vec<SemanticHit>,
}

/// The cosine of the angle between `a` and `b`; 0 when their lengths differ or either is 0.
pub fn cosine(a: &[f32], b: &[f32]) -> f32 {
    if a.len() != b.len() || a.is_empty() {
        return 0.0;
    }
    let (mut dot, mut norm_a, mut norm_b) = (0.0f64, 0.0f64, 0.0f64);
    for (x, y) in a.iter().zip(b) {
        let (x, y) = (f64::from(*x), f64::from(*y));
        dot += x * y;
        norm_a += x * x;
        norm_b += y * y;
    }
    if norm_a <= 0.0 || norm_b <= 0.0 {
        return 0.0;
    }
    (dot / (norm_a.sqrt() * norm_b.sqrt())) as f32
}

/// The similarity ranking for `question`: the best chunk of each file, files best first.
pub fn best_chunks<'a>(
    question: &[f32],
    chunks: impl IntoIterator<Item = ChunkVector<'a>>,
) -> Semantic {
    let mut best: HashMap<usize, (f32, &'a str)> = HashMap::new();
    for chunk in chunks {
        let similarity = cosine(question, chunk.vector);
        if similarity <= 0.0 {
            continue;
        }
        let entry = best
            .entry(chunk.file_at)
            .or_insert((similarity, chunk.label));
        if similarity > entry.0 {
            *entry = (similarity, chunk.label);
        }
    }
    let mut hits: Vec<SemanticHit> = best
        .into_iter()
        .map(|(file_at, (similarity, label))| SemanticHit {
            file_at,
            similarity,
            chunk: label.to_string(),
        })
        .collect();
    hits.sort_by(|a, b| {
        b.similarity
            .total_cmp(&a.similarity)
            .then(a.file_at.cmp(&b.file_at))
    });
    Semantic { hits }
}

/// Reciprocal rank fusion of `rankings` (file positions, best first): each file's sum of
/// `1 / (k + rank)` over the rankings that hold it.
pub fn reciprocal_rank_fusion(rankings: &[&[usize]]) -> HashMap<usize, f64> {
    let mut fused: HashMap<usize, f64> = HashMap::new();
    for ranking in rankings {
        for (at, file_at) in ranking.iter().enumerate() {
            *fused.entry(*file_at).or_default() += 1.0 / (RRF_K + at as f64 + 1.0);
        }
    }
    fused
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cosine_of_known_angles() {
        assert!((cosine(&[1.0, 0.0], &[2.0, 0.0]) - 1.0).abs() < 1e-6);
        assert!(cosine(&[1.0, 0.0], &[0.0, 3.0]).abs() < 1e-6);
        assert!((cosine(&[1.0, 1.0], &[1.0, 0.0]) - std::f32::consts::FRAC_1_SQRT_2).abs() < 1e-6);
        assert_eq!(cosine(&[1.0], &[1.0, 0.0]), 0.0, "lengths differ");
        assert_eq!(cosine(&[0.0, 0.0], &[1.0, 0.0]), 0.0);
    }

    #[test]
    fn a_file_ranks_by_its_best_chunk() {
        let question = [1.0, 0.0];
        let chunks = [
            ChunkVector {
                file_at: 0,
                label: "fn far",
                vector: &[0.0, 1.0],
            },
            ChunkVector {
                file_at: 1,
                label: "fn near",
                vector: &[0.9, 0.1],
            },
            ChunkVector {
                file_at: 0,
                label: "fn close",
                vector: &[0.6, 0.4],
            },
            ChunkVector {
                file_at: 2,
                label: "fn away",
                vector: &[-1.0, 0.0],
            },
        ];
        let semantic = best_chunks(&question, chunks);
        let order: Vec<(usize, &str)> = semantic
            .hits
            .iter()
            .map(|hit| (hit.file_at, hit.chunk.as_str()))
            .collect();
        assert_eq!(order, vec![(1, "fn near"), (0, "fn close")]);
    }

    #[test]
    fn fusion_rewards_agreement() {
        let fused = reciprocal_rank_fusion(&[&[0, 1, 2], &[2, 1]]);
        assert!((fused[&0] - 1.0 / 61.0).abs() < 1e-12);
        assert!((fused[&1] - 2.0 / 62.0).abs() < 1e-12);
        assert!((fused[&2] - (1.0 / 63.0 + 1.0 / 61.0)).abs() < 1e-12);
        assert!(fused[&2] > fused[&1] && fused[&1] > fused[&0]);
    }
}
