//! The one circuit breaker of the workspace, used in front of each model (`cartograph-llm`) and
//! in front of the team's Redis (`cartograph-redis`): it opens after a run of consecutive
//! failures, refuses calls for a cooldown, then lets one call probe (half-open) and closes when
//! the probe succeeds. Reads time only through an injected [`Clock`], so tests step time by
//! hand instead of sleeping; does no IO and logs nothing (callers log what the returned
//! transitions mean to them).

use std::fmt;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

/// Where a breaker reads the time. [`SystemClock`] in production; [`ManualClock`] in tests;
/// the provider layer passes tokio's clock so that its paused-time tests move it.
pub trait Clock: Send + Sync + fmt::Debug {
    fn now(&self) -> Instant;
}

/// The monotonic clock of the operating system.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> Instant {
        Instant::now()
    }
}

/// A clock that moves only when told to: deterministic tests on any machine, however loaded.
#[derive(Debug)]
pub struct ManualClock {
    start: Instant,
    elapsed: Mutex<Duration>,
}

impl Default for ManualClock {
    fn default() -> Self {
        ManualClock {
            start: Instant::now(),
            elapsed: Mutex::new(Duration::ZERO),
        }
    }
}

impl ManualClock {
    pub fn new() -> Arc<ManualClock> {
        Arc::new(ManualClock::default())
    }

    pub fn advance(&self, by: Duration) {
        let mut elapsed = self.elapsed.lock().unwrap_or_else(PoisonError::into_inner);
        *elapsed = elapsed.saturating_add(by);
    }
}

impl Clock for ManualClock {
    fn now(&self) -> Instant {
        let elapsed = *self.elapsed.lock().unwrap_or_else(PoisonError::into_inner);
        self.start + elapsed
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BreakerState {
    Closed {
        failures: u32,
    },
    Open {
        until: Instant,
    },
    /// One probe is out; everyone else is refused until `until`, when another may probe (a
    /// probe whose caller vanished does not keep the breaker shut for good).
    HalfOpen {
        until: Instant,
    },
}

/// What the breaker allows for the next call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Admission {
    Allowed,
    /// This call is the half-open probe: its result decides.
    Probe,
    /// Open (or probing) for at least this much longer.
    Refused(Duration),
}

/// What a recorded result did to the breaker, for the caller's log.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Transition {
    Unchanged,
    /// Closed → open: a new outage (counted in [`Breaker::trips`]).
    Opened,
    /// Open or probing → closed: the other side is back.
    Closed,
}

pub struct Breaker {
    state: Mutex<BreakerState>,
    threshold: u32,
    cooldown: Duration,
    clock: Arc<dyn Clock>,
    trips: AtomicU64,
}

impl fmt::Debug for Breaker {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Breaker")
            .field("state", &self.state())
            .field("threshold", &self.threshold)
            .field("cooldown", &self.cooldown)
            .finish_non_exhaustive()
    }
}

impl Breaker {
    /// Opens after `threshold` consecutive failures (at least 1) for `cooldown`.
    pub fn new(threshold: u32, cooldown: Duration, clock: Arc<dyn Clock>) -> Breaker {
        Breaker {
            state: Mutex::new(BreakerState::Closed { failures: 0 }),
            threshold: threshold.max(1),
            cooldown,
            clock,
            trips: AtomicU64::new(0),
        }
    }

    fn lock(&self) -> MutexGuard<'_, BreakerState> {
        // Every update is one assignment, so the state is whole even after a panic elsewhere.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    pub fn state(&self) -> BreakerState {
        *self.lock()
    }

    /// Whether the next call may go. Once the cooldown is over, the first caller probes.
    pub fn admit(&self) -> Admission {
        let now = self.clock.now();
        let mut state = self.lock();
        match *state {
            BreakerState::Closed { .. } => Admission::Allowed,
            BreakerState::Open { until } | BreakerState::HalfOpen { until } if now >= until => {
                *state = BreakerState::HalfOpen {
                    until: self.later(now, self.cooldown),
                };
                Admission::Probe
            }
            BreakerState::Open { until } | BreakerState::HalfOpen { until } => {
                Admission::Refused(until - now)
            }
        }
    }

    pub fn record_success(&self) -> Transition {
        let mut state = self.lock();
        let was_closed = matches!(*state, BreakerState::Closed { .. });
        *state = BreakerState::Closed { failures: 0 };
        if was_closed {
            Transition::Unchanged
        } else {
            Transition::Closed
        }
    }

    /// Counts a failure; the one that opens a closed breaker is a new outage. A failed probe
    /// opens it again for a full cooldown without counting a new one.
    pub fn record_failure(&self) -> Transition {
        let now = self.clock.now();
        let mut state = self.lock();
        match *state {
            BreakerState::Closed { failures } if failures.saturating_add(1) < self.threshold => {
                *state = BreakerState::Closed {
                    failures: failures + 1,
                };
                Transition::Unchanged
            }
            BreakerState::Closed { .. } => {
                *state = BreakerState::Open {
                    until: self.later(now, self.cooldown),
                };
                self.trips.fetch_add(1, Ordering::Relaxed);
                Transition::Opened
            }
            BreakerState::Open { until } => {
                *state = BreakerState::Open {
                    until: until.max(self.later(now, self.cooldown)),
                };
                Transition::Unchanged
            }
            BreakerState::HalfOpen { .. } => {
                *state = BreakerState::Open {
                    until: self.later(now, self.cooldown),
                };
                Transition::Unchanged
            }
        }
    }

    /// A call that said nothing about the other side's health (a refused request): a probe
    /// that ends so gives the probe back, one failure short of opening again.
    pub fn record_neutral(&self, was_probe: bool) {
        if was_probe {
            let mut state = self.lock();
            if matches!(*state, BreakerState::HalfOpen { .. }) {
                *state = BreakerState::Closed {
                    failures: self.threshold - 1,
                };
            }
        }
    }

    /// Opens at once, as when the first connection fails; a new outage unless already open.
    pub fn trip(&self) -> Transition {
        let now = self.clock.now();
        let mut state = self.lock();
        if matches!(*state, BreakerState::Closed { .. }) {
            *state = BreakerState::Open {
                until: self.later(now, self.cooldown),
            };
            self.trips.fetch_add(1, Ordering::Relaxed);
            Transition::Opened
        } else {
            Transition::Unchanged
        }
    }

    /// Keeps the breaker open for at least `duration` (a Retry-After longer than allowed).
    pub fn open_for(&self, duration: Duration) {
        let until = self.later(self.clock.now(), duration);
        let mut state = self.lock();
        *state = match *state {
            BreakerState::Open { until: current } => BreakerState::Open {
                until: current.max(until),
            },
            _ => BreakerState::Open { until },
        };
    }

    /// Open or probing: calls are being refused.
    pub fn is_open(&self) -> bool {
        !matches!(self.state(), BreakerState::Closed { .. })
    }

    /// How many times the breaker opened from closed; one per outage.
    pub fn trips(&self) -> u64 {
        self.trips.load(Ordering::Relaxed)
    }

    /// `now + by`, saturating a year ahead: no duration given here can overflow the clock.
    fn later(&self, now: Instant, by: Duration) -> Instant {
        const YEAR: Duration = Duration::from_secs(365 * 86_400);
        now.checked_add(by.min(YEAR)).unwrap_or(now)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn breaker(threshold: u32, cooldown_secs: u64) -> (Breaker, Arc<ManualClock>) {
        let clock = ManualClock::new();
        let breaker = Breaker::new(threshold, Duration::from_secs(cooldown_secs), clock.clone());
        (breaker, clock)
    }

    #[test]
    fn opens_after_the_threshold_probes_once_and_closes_on_success() {
        let (breaker, clock) = breaker(3, 10);
        assert_eq!(breaker.admit(), Admission::Allowed);
        assert_eq!(breaker.record_failure(), Transition::Unchanged);
        breaker.record_failure();
        assert_eq!(breaker.state(), BreakerState::Closed { failures: 2 });
        // A success resets the count.
        assert_eq!(breaker.record_success(), Transition::Unchanged);
        breaker.record_failure();
        breaker.record_failure();
        assert_eq!(breaker.record_failure(), Transition::Opened);
        assert!(breaker.is_open());
        assert_eq!(breaker.trips(), 1);
        assert_eq!(breaker.admit(), Admission::Refused(Duration::from_secs(10)));

        clock.advance(Duration::from_secs(9));
        assert_eq!(breaker.admit(), Admission::Refused(Duration::from_secs(1)));
        clock.advance(Duration::from_secs(1));
        assert_eq!(breaker.admit(), Admission::Probe);
        // While the probe is out, nobody else goes.
        assert!(matches!(breaker.admit(), Admission::Refused(_)));
        // The probe fails: open again for a full cooldown, and not a new outage.
        assert_eq!(breaker.record_failure(), Transition::Unchanged);
        assert_eq!(breaker.admit(), Admission::Refused(Duration::from_secs(10)));
        assert_eq!(breaker.trips(), 1);

        clock.advance(Duration::from_secs(10));
        assert_eq!(breaker.admit(), Admission::Probe);
        assert_eq!(breaker.record_success(), Transition::Closed);
        assert_eq!(breaker.state(), BreakerState::Closed { failures: 0 });
        assert_eq!(breaker.admit(), Admission::Allowed);
    }

    #[test]
    fn a_probe_that_never_reports_back_does_not_shut_the_breaker_for_good() {
        let (breaker, clock) = breaker(1, 5);
        breaker.trip();
        clock.advance(Duration::from_secs(5));
        assert_eq!(breaker.admit(), Admission::Probe);
        clock.advance(Duration::from_secs(4));
        assert!(matches!(breaker.admit(), Admission::Refused(_)));
        clock.advance(Duration::from_secs(1));
        assert_eq!(breaker.admit(), Admission::Probe);
    }

    #[test]
    fn open_for_a_long_retry_after_and_neutral_probes() {
        let (breaker, clock) = breaker(3, 10);
        breaker.open_for(Duration::from_secs(600));
        assert_eq!(
            breaker.admit(),
            Admission::Refused(Duration::from_secs(600))
        );
        clock.advance(Duration::from_secs(600));
        assert_eq!(breaker.admit(), Admission::Probe);
        breaker.record_neutral(true);
        assert_eq!(breaker.state(), BreakerState::Closed { failures: 2 });
        assert_eq!(breaker.record_failure(), Transition::Opened);
    }

    #[test]
    fn trip_opens_once_per_outage_and_huge_durations_do_not_overflow() {
        let (breaker, _clock) = breaker(5, 10);
        assert_eq!(breaker.trip(), Transition::Opened);
        assert_eq!(breaker.trip(), Transition::Unchanged);
        assert_eq!(breaker.trips(), 1);
        breaker.open_for(Duration::MAX);
        assert!(matches!(breaker.admit(), Admission::Refused(_)));
    }
}
