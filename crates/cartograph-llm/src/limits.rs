//! Pacing per provider: requests per minute (governor), tokens per minute (our own bucket,
//! which reserves a call's worst case and refunds what it did not use — governor's quota is
//! fixed and cannot refund), a concurrency cap (semaphore), and a pause that every call of the
//! provider honours after a 429 or when the headers say the budget is spent. The concurrency
//! cap shrinks on 429 and grows back slowly on success. All waits use tokio's clock.

use crate::http::RateLimitHints;
use governor::clock::Clock;
use governor::middleware::NoOpMiddleware;
use governor::state::{InMemoryState, NotKeyed};
use governor::{Quota, RateLimiter};
use std::num::NonZeroU32;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use tokio::time::Instant;

/// Successes in a row that give back one concurrency slot taken away by a 429.
const SUCCESSES_PER_SLOT: u32 = 20;
/// How long headers that say the window is spent pause the provider, when they give no reset.
const DEFAULT_PAUSE: Duration = Duration::from_secs(1);

/// governor's clock, read from tokio so a paused test clock paces it too.
#[derive(Debug, Clone)]
struct TokioClock {
    start: Instant,
}

impl Clock for TokioClock {
    type Instant = Duration;

    fn now(&self) -> Duration {
        self.start.elapsed()
    }
}

type RequestLimiter = RateLimiter<NotKeyed, InMemoryState, TokioClock, NoOpMiddleware<Duration>>;

fn request_limiter(per_minute: NonZeroU32, clock: &TokioClock) -> Arc<RequestLimiter> {
    // A burst of half a second's worth: enough to start at full speed, and smaller than the
    // burst of a server that counts per second, so that requests arriving a little late or
    // out of order never find its bucket empty.
    let burst = NonZeroU32::new(per_minute.get().div_ceil(120)).unwrap_or(NonZeroU32::MIN);
    let quota = Quota::per_minute(per_minute).allow_burst(burst);
    Arc::new(RateLimiter::direct_with_clock(quota, clock.clone()))
}

/// A token bucket that may go into debt: a call takes its tokens at once and then waits until
/// the balance is no longer negative, so calls are served in arrival order and a large call
/// is not starved by small ones.
#[derive(Debug)]
pub(crate) struct TokenBucket {
    state: Mutex<BucketState>,
    capacity: f64,
    per_second: f64,
}

#[derive(Debug)]
struct BucketState {
    available: f64,
    updated: Instant,
}

impl TokenBucket {
    pub fn per_minute(tokens_per_minute: u64) -> TokenBucket {
        let capacity = tokens_per_minute as f64;
        TokenBucket {
            state: Mutex::new(BucketState {
                available: capacity,
                updated: Instant::now(),
            }),
            capacity,
            per_second: capacity / 60.0,
        }
    }

    pub fn capacity(&self) -> u64 {
        self.capacity as u64
    }

    fn with_state<T>(&self, f: impl FnOnce(&mut BucketState) -> T) -> T {
        let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        let now = Instant::now();
        let elapsed = now.saturating_duration_since(state.updated).as_secs_f64();
        state.available = (state.available + elapsed * self.per_second).min(self.capacity);
        state.updated = now;
        f(&mut state)
    }

    /// Takes `tokens` and returns how long to wait before using them.
    pub fn take(&self, tokens: u64) -> Duration {
        let per_second = self.per_second;
        self.with_state(|state| {
            state.available -= tokens as f64;
            if state.available >= 0.0 || per_second <= 0.0 {
                Duration::ZERO
            } else {
                Duration::try_from_secs_f64(-state.available / per_second).unwrap_or(Duration::MAX)
            }
        })
    }

    pub fn refund(&self, tokens: u64) {
        let capacity = self.capacity;
        self.with_state(|state| state.available = (state.available + tokens as f64).min(capacity));
    }

    /// The provider says only `remaining` tokens are left in its window.
    pub fn clamp(&self, remaining: u64) {
        self.with_state(|state| state.available = state.available.min(remaining as f64));
    }

    #[cfg(test)]
    fn available(&self) -> f64 {
        self.with_state(|state| state.available)
    }
}

#[derive(Debug)]
struct SlotState {
    /// The cap we aim for now (at most `max`).
    target: u32,
    /// Permits that exist (held or free).
    total: u32,
    successes: u32,
}

pub(crate) struct ProviderLimits {
    /// The requests-per-minute limit in force and its limiter: the configured one, or a
    /// lower one the provider announced in its headers.
    requests: Mutex<Option<(u32, Arc<RequestLimiter>)>>,
    requests_clock: TokioClock,
    tokens: Option<TokenBucket>,
    slots: Arc<Semaphore>,
    slot_state: Arc<Mutex<SlotState>>,
    max_slots: u32,
    paused_until: Mutex<Option<Instant>>,
}

/// A held concurrency slot. Dropping it frees the slot, unless a 429 shrank the cap since,
/// in which case the slot disappears.
pub(crate) struct Slot {
    permit: Option<OwnedSemaphorePermit>,
    slot_state: Arc<Mutex<SlotState>>,
}

impl Drop for Slot {
    fn drop(&mut self) {
        let mut state = self
            .slot_state
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        if state.total > state.target {
            state.total -= 1;
            if let Some(permit) = self.permit.take() {
                permit.forget();
            }
        }
    }
}

impl ProviderLimits {
    pub fn new(
        requests_per_minute: Option<u32>,
        tokens_per_minute: Option<u64>,
        max_concurrency: u32,
    ) -> ProviderLimits {
        let requests_clock = TokioClock {
            start: Instant::now(),
        };
        let requests = requests_per_minute
            .and_then(NonZeroU32::new)
            .map(|per_minute| {
                (
                    per_minute.get(),
                    request_limiter(per_minute, &requests_clock),
                )
            });
        let max_slots = max_concurrency.max(1);
        ProviderLimits {
            requests: Mutex::new(requests),
            requests_clock,
            tokens: tokens_per_minute
                .filter(|tokens| *tokens > 0)
                .map(TokenBucket::per_minute),
            slots: Arc::new(Semaphore::new(max_slots as usize)),
            slot_state: Arc::new(Mutex::new(SlotState {
                target: max_slots,
                total: max_slots,
                successes: 0,
            })),
            max_slots,
            paused_until: Mutex::new(None),
        }
    }

    /// The tokens-per-minute budget, if any: a call larger than it can never be admitted.
    pub fn tokens_per_minute(&self) -> Option<u64> {
        self.tokens.as_ref().map(TokenBucket::capacity)
    }

    /// Waits for a slot, the pause, a request cell and `tokens` tokens, in that order. The
    /// tokens are taken from the bucket; give back what the call did not use with
    /// [`ProviderLimits::refund_tokens`].
    pub async fn admit(&self, tokens: u64) -> Slot {
        let permit = self.slots.clone().acquire_owned().await.ok(); // dropping it frees the slot
        let slot = Slot {
            permit,
            slot_state: self.slot_state.clone(),
        };
        self.wait_for_pause().await;
        let requests = self
            .requests
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone();
        if let Some((_, requests)) = requests {
            while let Err(not_until) = requests.check() {
                let wait = not_until.wait_time_from(self.requests_clock.now());
                tokio::time::sleep(wait.max(Duration::from_millis(1))).await;
            }
        }
        if let Some(bucket) = &self.tokens {
            let wait = bucket.take(tokens);
            if !wait.is_zero() {
                tokio::time::sleep(wait).await;
            }
        }
        // A 429 may have paused the provider while this call waited for its turn.
        self.wait_for_pause().await;
        slot
    }

    async fn wait_for_pause(&self) {
        loop {
            let until = *self
                .paused_until
                .lock()
                .unwrap_or_else(PoisonError::into_inner);
            match until {
                Some(until) if until > Instant::now() => tokio::time::sleep_until(until).await,
                _ => return,
            }
        }
    }

    pub fn refund_tokens(&self, tokens: u64) {
        if let Some(bucket) = &self.tokens {
            bucket.refund(tokens);
        }
    }

    /// Every call of this provider waits at least `duration` from now.
    pub fn pause_for(&self, duration: Duration) {
        let until = Instant::now() + duration;
        let mut paused = self
            .paused_until
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        *paused = Some(paused.map_or(until, |current| current.max(until)));
    }

    #[cfg(test)]
    pub fn paused_for(&self) -> Option<Duration> {
        let until = (*self
            .paused_until
            .lock()
            .unwrap_or_else(PoisonError::into_inner))?;
        let now = Instant::now();
        (until > now).then(|| until - now)
    }

    /// A 429: pause everyone for `pause` (the Retry-After, or the backoff), halve the
    /// concurrency cap, and, unless the provider announced its limit, bring our own
    /// requests-per-minute pace down by a fifth: a 429 says the pace was above the provider's.
    pub fn on_rate_limited(&self, pause: Duration, hints: &RateLimitHints) {
        self.pause_for(pause);
        if hints.limit_requests.is_none() {
            let mut requests = self.requests.lock().unwrap_or_else(PoisonError::into_inner);
            if let Some((current, _)) = requests.as_ref() {
                let lower = (*current - *current / 5).max(1);
                if let (true, Some(per_minute)) = (lower < *current, NonZeroU32::new(lower)) {
                    *requests = Some((lower, request_limiter(per_minute, &self.requests_clock)));
                }
            }
        }
        self.halve_concurrency();
        self.on_hints(hints);
    }

    /// A call that timed out: a server that queues requests (a local model server with one
    /// slot, say) answers late when too many wait, so fewer go at once from now on; the cap
    /// grows back with successes as after a 429. No pause: nothing says when to come back.
    pub fn on_timed_out(&self) {
        self.halve_concurrency();
    }

    /// Halves the cap. Free permits above it go at once; held ones go as their calls end.
    fn halve_concurrency(&self) {
        let mut state = self
            .slot_state
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        state.target = (state.target / 2).max(1);
        state.successes = 0;
        let excess = state.total.saturating_sub(state.target) as usize;
        let forgotten = self.slots.forget_permits(excess);
        state.total -= u32::try_from(forgotten).unwrap_or(0);
    }

    /// A success: what the headers say, and slowly back towards the configured concurrency.
    pub fn on_success(&self, hints: &RateLimitHints) {
        self.on_hints(hints);
        let mut state = self
            .slot_state
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        if state.target >= self.max_slots {
            return;
        }
        state.successes += 1;
        if state.successes >= SUCCESSES_PER_SLOT {
            state.successes = 0;
            state.target += 1;
            if state.total < state.target {
                state.total += 1;
                self.slots.add_permits(1);
            }
        }
    }

    /// Headers that announce a lower requests-per-minute limit than ours replace ours; headers
    /// that say the provider's window is spent pause us until it resets.
    fn on_hints(&self, hints: &RateLimitHints) {
        if let Some(limit) = hints
            .limit_requests
            .and_then(|limit| u32::try_from(limit).ok())
        {
            let mut requests = self.requests.lock().unwrap_or_else(PoisonError::into_inner);
            let lower = requests
                .as_ref()
                .is_none_or(|(current, _)| limit < *current);
            if let (true, Some(per_minute)) = (lower, NonZeroU32::new(limit)) {
                *requests = Some((limit, request_limiter(per_minute, &self.requests_clock)));
            }
        }
        if hints.remaining_requests == Some(0) {
            // The reset header says when the whole window is back; one request's worth comes
            // back after a minute divided by the limit.
            let one_request = hints
                .limit_requests
                .filter(|limit| *limit > 0)
                .map(|limit| Duration::from_secs(60) / u32::try_from(limit).unwrap_or(u32::MAX));
            let reset = hints.reset_requests.unwrap_or(DEFAULT_PAUSE);
            self.pause_for(one_request.map_or(reset, |one| one.min(reset)));
        }
        if let Some(remaining) = hints.remaining_tokens {
            if let Some(bucket) = &self.tokens {
                bucket.clamp(remaining);
            }
            if remaining == 0 {
                self.pause_for(hints.reset_tokens.unwrap_or(DEFAULT_PAUSE));
            }
        }
    }

    #[cfg(test)]
    /// The concurrency cap in force now.
    pub fn concurrency_target(&self) -> u32 {
        self.slot_state
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .target
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn a_bare_429_lowers_the_requests_per_minute_pace() {
        let limits = ProviderLimits::new(Some(100), None, 8);
        limits.on_rate_limited(Duration::from_millis(1), &RateLimitHints::default());
        let current = |limits: &ProviderLimits| {
            limits
                .requests
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .as_ref()
                .map(|(n, _)| *n)
        };
        assert_eq!(current(&limits), Some(80));
        limits.on_rate_limited(Duration::from_millis(1), &RateLimitHints::default());
        assert_eq!(current(&limits), Some(64));
        // With no limit of our own there is nothing to lower; the concurrency cap still halves.
        let unlimited = ProviderLimits::new(None, None, 8);
        unlimited.on_rate_limited(Duration::from_millis(1), &RateLimitHints::default());
        assert_eq!(current(&unlimited), None);
        assert_eq!(unlimited.concurrency_target(), 4);
    }

    #[tokio::test(start_paused = true)]
    async fn requests_per_minute_paces_calls() {
        let limits = ProviderLimits::new(Some(600), None, 64);
        let started = Instant::now();
        for _ in 0..110 {
            drop(limits.admit(0).await);
        }
        // A burst of 5, then one every 100 ms.
        let elapsed = started.elapsed();
        assert!(elapsed >= Duration::from_millis(10_400), "{elapsed:?}");
        assert!(elapsed <= Duration::from_millis(10_600), "{elapsed:?}");
    }

    #[tokio::test(start_paused = true)]
    async fn token_bucket_reserves_and_refunds() {
        let bucket = TokenBucket::per_minute(6_000);
        assert_eq!(bucket.take(6_000), Duration::ZERO);
        // 100 tokens a second come back; 1,000 more must wait ten seconds.
        assert_eq!(bucket.take(1_000), Duration::from_secs(10));
        bucket.refund(1_000);
        assert!(bucket.available().abs() < 1e-6);
        tokio::time::advance(Duration::from_secs(5)).await;
        assert!((bucket.available() - 500.0).abs() < 1e-3);
        bucket.clamp(100);
        assert!((bucket.available() - 100.0).abs() < 1e-3);
        bucket.refund(1_000_000);
        assert!(
            (bucket.available() - 6_000.0).abs() < 1e-3,
            "never above capacity"
        );
    }

    #[tokio::test(start_paused = true)]
    async fn tokens_per_minute_paces_calls() {
        let limits = ProviderLimits::new(None, Some(60_000), 64);
        let started = Instant::now();
        // 60,000 at once, then 10,000 more at 1,000 a second.
        for _ in 0..7 {
            drop(limits.admit(10_000).await);
        }
        assert_eq!(started.elapsed().as_secs(), 10);
        assert_eq!(limits.tokens_per_minute(), Some(60_000));
    }

    #[tokio::test(start_paused = true)]
    async fn rate_limits_shrink_concurrency_and_pause() {
        let limits = ProviderLimits::new(None, None, 8);
        limits.on_rate_limited(Duration::from_secs(3), &RateLimitHints::default());
        assert_eq!(limits.concurrency_target(), 4);
        assert_eq!(limits.paused_for(), Some(Duration::from_secs(3)));
        // The four extra slots went at once: four calls fit, after the pause.
        assert_eq!(limits.slots.available_permits(), 4);
        let started = Instant::now();
        let held: Vec<Slot> = futures_util::future::join_all((0..4).map(|_| limits.admit(0))).await;
        assert!(
            started.elapsed() >= Duration::from_secs(3),
            "everyone waited out the pause"
        );
        assert_eq!(limits.slots.available_permits(), 0);
        drop(held);
        assert_eq!(limits.slots.available_permits(), 4);
        for _ in 0..SUCCESSES_PER_SLOT {
            limits.on_success(&RateLimitHints::default());
        }
        assert_eq!(limits.concurrency_target(), 5);
        assert_eq!(limits.slots.available_permits(), 5);

        let hints = RateLimitHints {
            remaining_requests: Some(0),
            reset_requests: Some(Duration::from_millis(1500)),
            ..RateLimitHints::default()
        };
        limits.on_success(&hints);
        assert_eq!(limits.paused_for(), Some(Duration::from_millis(1500)));
    }

    #[tokio::test(start_paused = true)]
    async fn timeouts_shrink_concurrency_without_a_pause() {
        let limits = ProviderLimits::new(None, None, 8);
        limits.on_timed_out();
        assert_eq!(limits.concurrency_target(), 4);
        limits.on_timed_out();
        limits.on_timed_out();
        limits.on_timed_out();
        assert_eq!(limits.concurrency_target(), 1, "never below one");
        assert_eq!(limits.paused_for(), None);
        let held = limits.admit(0).await;
        drop(held);
        for _ in 0..SUCCESSES_PER_SLOT {
            limits.on_success(&RateLimitHints::default());
        }
        assert_eq!(limits.concurrency_target(), 2, "grows back with successes");
    }
}
