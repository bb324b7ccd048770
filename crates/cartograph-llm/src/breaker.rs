//! The circuit breaker in front of each provider and model: `cartograph_core::breaker`, read
//! through tokio's clock so that the provider tests that pause time move it too. While it is
//! open the chain moves on at once instead of waiting on a sick model.

use cartograph_core::breaker::Clock;
pub(crate) use cartograph_core::breaker::{Admission, Breaker};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Consecutive failures that open the breaker.
pub(crate) const FAILURE_THRESHOLD: u32 = 5;
/// How long an opened breaker stays open before a probe.
pub(crate) const COOLDOWN: Duration = Duration::from_secs(30);

/// tokio's clock: the real one, or the paused one of a `start_paused` test.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct TokioClock;

impl Clock for TokioClock {
    fn now(&self) -> Instant {
        tokio::time::Instant::now().into_std()
    }
}

/// A model's breaker, as the client builds one per model of a chain.
pub(crate) fn model_breaker() -> Breaker {
    Breaker::new(FAILURE_THRESHOLD, COOLDOWN, Arc::new(TokioClock))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// tokio's paused clock drives the breaker: a model's cooldown passes with `advance`.
    #[tokio::test(start_paused = true)]
    async fn a_model_breaker_reads_tokio_time() {
        let breaker = model_breaker();
        for _ in 0..FAILURE_THRESHOLD {
            breaker.record_failure();
        }
        assert_eq!(breaker.admit(), Admission::Refused(COOLDOWN));
        tokio::time::advance(COOLDOWN).await;
        assert_eq!(breaker.admit(), Admission::Probe);
    }
}
