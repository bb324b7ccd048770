//! The circuit breaker in front of Redis: after a run of consecutive failures it stops every
//! remote call for a cooldown, then lets one call probe. Counts; does no IO.

use std::fmt;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

pub(crate) struct Breaker {
    failures_to_open: u32,
    cooldown: Duration,
    state: Mutex<BreakerState>,
    trips: AtomicU64,
}

#[derive(Default)]
struct BreakerState {
    consecutive_failures: u32,
    /// `Some` while open: no remote call until then, and then one probe.
    open_until: Option<Instant>,
}

impl Breaker {
    pub(crate) fn new(failures_to_open: u32, cooldown: Duration) -> Self {
        Self {
            failures_to_open: failures_to_open.max(1),
            cooldown,
            state: Mutex::new(BreakerState::default()),
            trips: AtomicU64::new(0),
        }
    }

    fn state(&self) -> MutexGuard<'_, BreakerState> {
        // The state stays consistent under any panic: every update is a single assignment.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Whether a remote call may go ahead. Once the cooldown is over, the first caller gets
    /// `true` and probes; the deadline moves on at once so that callers meanwhile keep skipping.
    pub(crate) fn allow(&self) -> bool {
        let mut state = self.state();
        match state.open_until {
            None => true,
            Some(until) => {
                let now = Instant::now();
                if now < until {
                    return false;
                }
                state.open_until = Some(now + self.cooldown);
                true
            }
        }
    }

    pub(crate) fn record_success(&self, endpoint: &str) {
        let mut state = self.state();
        state.consecutive_failures = 0;
        if state.open_until.take().is_some() {
            tracing::info!(endpoint, "remote cache reachable again; sharing resumes");
        }
    }

    /// Counts a failure; the one that opens the breaker logs the only warning of the outage.
    pub(crate) fn record_failure(&self, endpoint: &str, error: &dyn fmt::Display) {
        let mut state = self.state();
        state.consecutive_failures = state.consecutive_failures.saturating_add(1);
        if state.open_until.is_some() {
            state.open_until = Some(Instant::now() + self.cooldown);
            tracing::debug!(endpoint, %error, "remote cache probe failed; still local only");
        } else if state.consecutive_failures >= self.failures_to_open {
            self.open(&mut state, endpoint, error);
        } else {
            tracing::debug!(endpoint, %error, "remote cache call failed");
        }
    }

    /// Opens at once, as when the first connection fails.
    pub(crate) fn trip(&self, endpoint: &str, error: &dyn fmt::Display) {
        let mut state = self.state();
        if state.open_until.is_none() {
            self.open(&mut state, endpoint, error);
        }
    }

    fn open(&self, state: &mut BreakerState, endpoint: &str, error: &dyn fmt::Display) {
        state.open_until = Some(Instant::now() + self.cooldown);
        self.trips.fetch_add(1, Ordering::Relaxed);
        tracing::warn!(
            endpoint,
            %error,
            retry_in = ?self.cooldown,
            "remote cache unreachable; continuing with the local cache only"
        );
    }

    pub(crate) fn is_open(&self) -> bool {
        self.state().open_until.is_some()
    }

    /// How many times the breaker has opened; one per outage.
    pub(crate) fn trips(&self) -> u64 {
        self.trips.load(Ordering::Relaxed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn opens_after_the_threshold_and_probes_once_after_the_cooldown() {
        let breaker = Breaker::new(3, Duration::from_millis(50));
        for _ in 0..2 {
            assert!(breaker.allow());
            breaker.record_failure("e", &"refused");
        }
        assert!(!breaker.is_open());
        breaker.record_failure("e", &"refused");
        assert!(breaker.is_open());
        assert!(!breaker.allow());
        assert_eq!(breaker.trips(), 1);

        std::thread::sleep(Duration::from_millis(60));
        assert!(
            breaker.allow(),
            "the first caller after the cooldown probes"
        );
        assert!(!breaker.allow(), "the others keep skipping while it probes");
        breaker.record_failure("e", &"refused");
        assert!(breaker.is_open());
        assert_eq!(breaker.trips(), 1, "a failed probe is not a new outage");

        std::thread::sleep(Duration::from_millis(60));
        assert!(breaker.allow());
        breaker.record_success("e");
        assert!(!breaker.is_open());
        assert!(breaker.allow());
    }

    #[test]
    fn a_success_resets_the_count() {
        let breaker = Breaker::new(2, Duration::from_secs(30));
        breaker.record_failure("e", &"x");
        breaker.record_success("e");
        breaker.record_failure("e", &"x");
        assert!(!breaker.is_open());
    }
}
