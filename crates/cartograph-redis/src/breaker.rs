//! The circuit breaker in front of Redis: `cartograph_core::breaker`, with the logging of an
//! outage. After a run of consecutive failures it stops every remote call for a cooldown, then
//! lets one call probe. Counts; does no IO.

use cartograph_core::breaker::{Admission, Clock, Transition};
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

pub(crate) struct Breaker {
    inner: cartograph_core::breaker::Breaker,
    cooldown: Duration,
}

impl Breaker {
    pub(crate) fn new(failures_to_open: u32, cooldown: Duration, clock: Arc<dyn Clock>) -> Self {
        Self {
            inner: cartograph_core::breaker::Breaker::new(failures_to_open, cooldown, clock),
            cooldown,
        }
    }

    /// Whether a remote call may go ahead. Once the cooldown is over, the first caller probes
    /// and the others keep skipping while it does.
    pub(crate) fn allow(&self) -> bool {
        !matches!(self.inner.admit(), Admission::Refused(_))
    }

    pub(crate) fn record_success(&self, endpoint: &str) {
        if self.inner.record_success() == Transition::Closed {
            tracing::info!(endpoint, "remote cache reachable again; sharing resumes");
        }
    }

    /// Counts a failure; the one that opens the breaker logs the only warning of the outage.
    pub(crate) fn record_failure(&self, endpoint: &str, error: &dyn fmt::Display) {
        let was_open = self.inner.is_open();
        match self.inner.record_failure() {
            Transition::Opened => self.warn(endpoint, error),
            _ if was_open => {
                tracing::debug!(endpoint, %error, "remote cache probe failed; still local only")
            }
            _ => tracing::debug!(endpoint, %error, "remote cache call failed"),
        }
    }

    /// Opens at once, as when the first connection fails.
    pub(crate) fn trip(&self, endpoint: &str, error: &dyn fmt::Display) {
        if self.inner.trip() == Transition::Opened {
            self.warn(endpoint, error);
        }
    }

    fn warn(&self, endpoint: &str, error: &dyn fmt::Display) {
        tracing::warn!(
            endpoint,
            %error,
            retry_in = ?self.cooldown,
            "remote cache unreachable; continuing with the local cache only"
        );
    }

    pub(crate) fn is_open(&self) -> bool {
        self.inner.is_open()
    }

    /// How many times the breaker has opened; one per outage.
    pub(crate) fn trips(&self) -> u64 {
        self.inner.trips()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cartograph_core::breaker::ManualClock;

    #[test]
    fn opens_after_the_threshold_and_probes_once_after_the_cooldown() {
        let clock = ManualClock::new();
        let breaker = Breaker::new(3, Duration::from_secs(30), clock.clone());
        for _ in 0..2 {
            assert!(breaker.allow());
            breaker.record_failure("e", &"refused");
        }
        assert!(!breaker.is_open());
        breaker.record_failure("e", &"refused");
        assert!(breaker.is_open());
        assert!(!breaker.allow());
        assert_eq!(breaker.trips(), 1);

        clock.advance(Duration::from_secs(29));
        assert!(!breaker.allow(), "still cooling down");
        clock.advance(Duration::from_secs(1));
        assert!(
            breaker.allow(),
            "the first caller after the cooldown probes"
        );
        assert!(!breaker.allow(), "the others keep skipping while it probes");
        breaker.record_failure("e", &"refused");
        assert!(breaker.is_open());
        assert_eq!(breaker.trips(), 1, "a failed probe is not a new outage");

        clock.advance(Duration::from_secs(30));
        assert!(breaker.allow());
        breaker.record_success("e");
        assert!(!breaker.is_open());
        assert!(breaker.allow());
    }

    #[test]
    fn a_success_resets_the_count() {
        let breaker = Breaker::new(2, Duration::from_secs(30), ManualClock::new());
        breaker.record_failure("e", &"x");
        breaker.record_success("e");
        breaker.record_failure("e", &"x");
        assert!(!breaker.is_open());
    }
}
