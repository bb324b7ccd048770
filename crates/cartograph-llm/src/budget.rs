//! Budgets: each phase's `budget_tokens`, the lens phase's `embedding_budget_tokens` and the
//! run's `max_cost_usd`. A call reserves its
//! worst case before it goes out and settles with its real usage afterwards, all under one
//! lock, so concurrent calls can never jointly pass a cap. A reservation that is dropped
//! without being settled (the caller gave up mid-call) is charged in full.

use crate::error::LlmError;
use cartograph_core::Phase;
use std::sync::{Arc, Mutex, PoisonError};

/// Costs are compared with this slack so float rounding never refuses a call that fits.
const COST_EPSILON: f64 = 1e-9;

#[derive(Debug, Default, Clone, Copy)]
struct PhaseTally {
    committed: u64,
    reserved: u64,
}

/// The token pools: one per phase, then the embeddings'.
const POOLS: usize = 4;
const EMBEDDING_POOL: usize = 3;

#[derive(Debug, Default)]
struct Tally {
    tokens: [PhaseTally; POOLS],
    cost_committed: f64,
    cost_reserved: f64,
}

fn index(phase: Phase) -> usize {
    match phase {
        Phase::Map => 0,
        Phase::Lens => 1,
        Phase::Run => 2,
    }
}

#[derive(Debug, Clone)]
pub(crate) struct Budgets {
    tally: Arc<Mutex<Tally>>,
    /// Per pool: the three phases, then embeddings.
    caps: [u64; POOLS],
    max_cost_usd: f64,
}

/// A held reservation; settle it with what the call really used.
#[derive(Debug)]
pub(crate) struct Reservation {
    tally: Arc<Mutex<Tally>>,
    pool: usize,
    pub tokens: u64,
    pub cost_usd: f64,
    settled: bool,
}

impl Budgets {
    /// `max_cost_usd` must be finite and non-negative; [`crate::LlmClient::new`] checks.
    /// Embeddings get no tokens until [`Budgets::with_embedding_cap`].
    pub fn new(phase_caps: [u64; 3], max_cost_usd: f64) -> Budgets {
        Budgets {
            tally: Arc::new(Mutex::new(Tally::default())),
            caps: [phase_caps[0], phase_caps[1], phase_caps[2], 0],
            max_cost_usd,
        }
    }

    /// The tokens embeddings may use in this run (`[phases.lens] embedding_budget_tokens`).
    pub fn with_embedding_cap(mut self, cap: u64) -> Budgets {
        self.caps[EMBEDDING_POOL] = cap;
        self
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Tally> {
        self.tally.lock().unwrap_or_else(PoisonError::into_inner)
    }

    pub fn reserve(
        &self,
        phase: Phase,
        tokens: u64,
        cost_usd: f64,
    ) -> Result<Reservation, LlmError> {
        let cap = self.caps[index(phase)];
        self.reserve_in(index(phase), tokens, cost_usd, &|in_use| {
            LlmError::Budget {
                phase,
                detail: format!(
                    "the {phase} phase's budget of {cap} tokens would be exceeded ({in_use} used or reserved, this call needs up to {tokens})"
                ),
            }
        })
    }

    /// Reserves against the embedding budget (and the run's cost cap); a refusal is a lens
    /// phase budget error.
    pub fn reserve_embedding(&self, tokens: u64, cost_usd: f64) -> Result<Reservation, LlmError> {
        let cap = self.caps[EMBEDDING_POOL];
        self.reserve_in(EMBEDDING_POOL, tokens, cost_usd, &|in_use| {
            LlmError::Budget {
                phase: Phase::Lens,
                detail: format!(
                    "the embedding budget of {cap} tokens (`[phases.lens] embedding_budget_tokens`) would be exceeded ({in_use} used or reserved, this call needs up to {tokens})"
                ),
            }
        })
    }

    fn reserve_in(
        &self,
        pool: usize,
        tokens: u64,
        cost_usd: f64,
        over_cap: &dyn Fn(u64) -> LlmError,
    ) -> Result<Reservation, LlmError> {
        let mut tally = self.lock();
        let cap = self.caps[pool];
        let pool_tally = tally.tokens[pool];
        let in_use = pool_tally.committed.saturating_add(pool_tally.reserved);
        if in_use.saturating_add(tokens) > cap {
            return Err(over_cap(in_use));
        }
        let cost_in_use = tally.cost_committed + tally.cost_reserved;
        if cost_in_use + cost_usd > self.max_cost_usd + COST_EPSILON {
            let phase = if pool == EMBEDDING_POOL {
                Phase::Lens
            } else {
                Phase::ALL[pool]
            };
            return Err(LlmError::Budget {
                phase,
                detail: format!(
                    "the run's cost cap of ${:.2} would be exceeded (${cost_in_use:.4} spent or reserved, this call may cost up to ${cost_usd:.4})",
                    self.max_cost_usd
                ),
            });
        }
        tally.tokens[pool].reserved += tokens;
        tally.cost_reserved += cost_usd;
        Ok(Reservation {
            tally: self.tally.clone(),
            pool,
            tokens,
            cost_usd,
            settled: false,
        })
    }

    #[cfg(test)]
    /// Tokens committed and reserved in `phase`.
    pub fn used(&self, phase: Phase) -> (u64, u64) {
        let tally = self.lock();
        let phase_tally = tally.tokens[index(phase)];
        (phase_tally.committed, phase_tally.reserved)
    }

    #[cfg(test)]
    pub fn cost_committed(&self) -> f64 {
        self.lock().cost_committed
    }
}

impl Reservation {
    /// Replaces the reservation with the real charge.
    pub fn settle(mut self, tokens: u64, cost_usd: f64) {
        self.release(tokens, cost_usd);
    }

    /// Charges the whole reservation: the outcome of the call is unknown.
    pub fn charge_in_full(self) {
        let (tokens, cost) = (self.tokens, self.cost_usd);
        self.settle(tokens, cost);
    }

    fn release(&mut self, tokens: u64, cost_usd: f64) {
        if self.settled {
            return;
        }
        self.settled = true;
        let mut tally = self.tally.lock().unwrap_or_else(PoisonError::into_inner);
        let phase_tally = &mut tally.tokens[self.pool];
        phase_tally.reserved = phase_tally.reserved.saturating_sub(self.tokens);
        phase_tally.committed = phase_tally.committed.saturating_add(tokens);
        tally.cost_reserved = (tally.cost_reserved - self.cost_usd).max(0.0);
        if cost_usd.is_finite() && cost_usd > 0.0 {
            tally.cost_committed += cost_usd;
        }
    }
}

impl Drop for Reservation {
    fn drop(&mut self) {
        let (tokens, cost) = (self.tokens, self.cost_usd);
        self.release(tokens, cost);
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn reserve_settle_and_refuse() {
        let budgets = Budgets::new([1_000, 0, 1_000], 1.0);
        let first = budgets.reserve(Phase::Map, 600, 0.5).unwrap();
        assert!(matches!(
            budgets.reserve(Phase::Map, 600, 0.0),
            Err(LlmError::Budget { .. })
        ));
        assert!(matches!(
            budgets.reserve(Phase::Run, 10, 0.6),
            Err(LlmError::Budget { .. })
        ));
        first.settle(100, 0.1);
        assert_eq!(budgets.used(Phase::Map), (100, 0));
        let second = budgets.reserve(Phase::Map, 900, 0.9).unwrap();
        drop(second); // dropped unsettled: charged in full
        assert_eq!(budgets.used(Phase::Map), (1_000, 0));
        assert!((budgets.cost_committed() - 1.0).abs() < 1e-9);
        assert!(
            budgets.reserve(Phase::Lens, 1, 0.0).is_err(),
            "a zero budget admits nothing"
        );
    }

    #[test]
    fn embeddings_have_their_own_pool_and_share_the_cost_cap() {
        let budgets = Budgets::new([1_000, 1_000, 1_000], 1.0);
        assert!(
            budgets.reserve_embedding(1, 0.0).is_err(),
            "no cap, no tokens"
        );
        let budgets = Budgets::new([1_000, 1_000, 1_000], 1.0).with_embedding_cap(500);
        let first = budgets.reserve_embedding(400, 0.2).unwrap();
        let refused = budgets.reserve_embedding(200, 0.0).unwrap_err();
        assert!(
            refused.to_string().contains("embedding_budget_tokens"),
            "{refused}"
        );
        assert_eq!(
            budgets.used(Phase::Lens),
            (0, 0),
            "the lens chain's pool is apart"
        );
        first.settle(300, 0.9);
        assert!(budgets.reserve_embedding(200, 0.0).is_ok());
        assert!(
            budgets.reserve(Phase::Map, 10, 0.2).is_err(),
            "the cost cap is shared"
        );
    }
}
