//! A circuit breaker per provider and model: it opens after repeated failures, lets one probe
//! through after a cooldown (half-open), and closes again when the probe succeeds. While it is
//! open the chain moves on at once instead of waiting on a sick model. Uses tokio's clock, so
//! tests can pause time.

use std::sync::{Mutex, PoisonError};
use std::time::Duration;
use tokio::time::Instant;

/// Consecutive failures that open the breaker.
pub(crate) const FAILURE_THRESHOLD: u32 = 5;
/// How long an opened breaker stays open before a probe.
pub(crate) const COOLDOWN: Duration = Duration::from_secs(30);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum BreakerState {
    Closed {
        failures: u32,
    },
    Open {
        until: Instant,
    },
    /// One probe is out; everyone else treats the breaker as open.
    HalfOpen,
}

#[derive(Debug)]
pub(crate) struct Breaker {
    state: Mutex<BreakerState>,
    threshold: u32,
    cooldown: Duration,
}

/// What the breaker allows for the next attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Admission {
    Allowed,
    /// This attempt is the half-open probe: its result decides.
    Probe,
    /// Open for at least this much longer.
    Refused(Duration),
}

impl Default for Breaker {
    fn default() -> Self {
        Breaker::new(FAILURE_THRESHOLD, COOLDOWN)
    }
}

impl Breaker {
    pub fn new(threshold: u32, cooldown: Duration) -> Breaker {
        Breaker {
            state: Mutex::new(BreakerState::Closed { failures: 0 }),
            threshold: threshold.max(1),
            cooldown,
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, BreakerState> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    #[cfg(test)]
    pub fn state(&self) -> BreakerState {
        *self.lock()
    }

    pub fn admit(&self) -> Admission {
        let now = Instant::now();
        let mut state = self.lock();
        match *state {
            BreakerState::Closed { .. } => Admission::Allowed,
            BreakerState::Open { until } if now >= until => {
                *state = BreakerState::HalfOpen;
                Admission::Probe
            }
            BreakerState::Open { until } => Admission::Refused(until - now),
            // The probe has not come back yet; a short wait is a fair guess.
            BreakerState::HalfOpen => Admission::Refused(Duration::from_secs(1)),
        }
    }

    pub fn record_success(&self) {
        *self.lock() = BreakerState::Closed { failures: 0 };
    }

    pub fn record_failure(&self) {
        let now = Instant::now();
        let mut state = self.lock();
        *state = match *state {
            BreakerState::Closed { failures } if failures + 1 < self.threshold => {
                BreakerState::Closed {
                    failures: failures + 1,
                }
            }
            BreakerState::Open { until } => BreakerState::Open {
                until: until.max(now + self.cooldown),
            },
            _ => BreakerState::Open {
                until: now + self.cooldown,
            },
        };
    }

    /// An attempt that neither succeeded nor said anything about the model's health (a
    /// refused request): a probe that ends so gives the probe slot back.
    pub fn record_neutral(&self, was_probe: bool) {
        if was_probe {
            let mut state = self.lock();
            if *state == BreakerState::HalfOpen {
                *state = BreakerState::Closed {
                    failures: self.threshold.saturating_sub(1),
                };
            }
        }
    }

    /// Keeps the breaker open for `duration` (a Retry-After longer than the provider allows).
    pub fn open_for(&self, duration: Duration) {
        let until = Instant::now() + duration;
        let mut state = self.lock();
        *state = match *state {
            BreakerState::Open { until: current } => BreakerState::Open {
                until: current.max(until),
            },
            _ => BreakerState::Open { until },
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn transitions() {
        let breaker = Breaker::new(3, Duration::from_secs(10));
        assert_eq!(breaker.admit(), Admission::Allowed);
        breaker.record_failure();
        breaker.record_failure();
        assert_eq!(breaker.state(), BreakerState::Closed { failures: 2 });
        // A success resets the count.
        breaker.record_success();
        for _ in 0..3 {
            breaker.record_failure();
        }
        assert!(matches!(breaker.state(), BreakerState::Open { .. }));
        assert_eq!(breaker.admit(), Admission::Refused(Duration::from_secs(10)));

        tokio::time::advance(Duration::from_secs(10)).await;
        assert_eq!(breaker.admit(), Admission::Probe);
        assert_eq!(breaker.state(), BreakerState::HalfOpen);
        // While the probe is out, nobody else goes.
        assert!(matches!(breaker.admit(), Admission::Refused(_)));
        // The probe fails: open again for a full cooldown.
        breaker.record_failure();
        assert_eq!(breaker.admit(), Admission::Refused(Duration::from_secs(10)));

        tokio::time::advance(Duration::from_secs(10)).await;
        assert_eq!(breaker.admit(), Admission::Probe);
        breaker.record_success();
        assert_eq!(breaker.state(), BreakerState::Closed { failures: 0 });
        assert_eq!(breaker.admit(), Admission::Allowed);
    }

    #[tokio::test(start_paused = true)]
    async fn open_for_a_long_retry_after_and_neutral_probes() {
        let breaker = Breaker::new(3, Duration::from_secs(10));
        breaker.open_for(Duration::from_secs(600));
        assert_eq!(
            breaker.admit(),
            Admission::Refused(Duration::from_secs(600))
        );
        tokio::time::advance(Duration::from_secs(600)).await;
        assert_eq!(breaker.admit(), Admission::Probe);
        breaker.record_neutral(true);
        assert_eq!(breaker.state(), BreakerState::Closed { failures: 2 });
        breaker.record_failure();
        assert!(matches!(breaker.state(), BreakerState::Open { .. }));
    }
}
