//! Rate limits for public requests: a token bucket per key (a client address, or an
//! organisation), refilled by the app's clock (so tests move time by hand instead of sleeping).
//!
//! A public submission takes a token from its client's bucket (its share, e.g. 10 a minute)
//! and then from its organisation's (the budget, e.g. 600 an hour): one client cannot use up an
//! organisation's form, and all clients together cannot exceed the budget.

use std::collections::HashMap;
use std::hash::Hash;
use std::net::IpAddr;
use std::sync::Mutex;

use jiff::Timestamp;

use crate::AppState;

/// Allows `burst` requests at once per key, refilling `burst` every `per_seconds`.
#[derive(Debug)]
pub struct RateLimit<K = Option<IpAddr>> {
    burst: f64,
    per_second: f64,
    buckets: Mutex<HashMap<K, (f64, Timestamp)>>,
}

/// Takes a public submission's tokens for organisation `org` from `address`: false (and the
/// organisation's budget untouched) when the address has used its share, false when the
/// organisation's budget is spent.
pub fn allow_submission(state: &AppState, org: &str, address: Option<IpAddr>) -> bool {
    let now = state.app.now();
    state.limit.allow(address, now) && state.org_limit.allow(org.to_owned(), now)
}

impl<K: Hash + Eq> RateLimit<K> {
    /// A limit of `burst` requests per `per_seconds` seconds per key.
    pub fn new(burst: u32, per_seconds: u32) -> RateLimit<K> {
        RateLimit {
            burst: f64::from(burst),
            per_second: f64::from(burst) / f64::from(per_seconds.max(1)),
            buckets: Mutex::new(HashMap::new()),
        }
    }

    /// Takes one request's token for `key` at `now`; false when none is left.
    pub fn allow(&self, key: K, now: Timestamp) -> bool {
        let mut buckets = self.buckets.lock().expect("rate limit lock poisoned");
        if buckets.len() > 100_000 {
            // Forget everyone rather than grow without bound under a flood of addresses.
            buckets.clear();
        }
        let (tokens, last) = buckets.entry(key).or_insert((self.burst, now));
        let elapsed = now.duration_since(*last).as_secs_f64().max(0.0);
        *tokens = (*tokens + elapsed * self.per_second).min(self.burst);
        *last = now;
        if *tokens >= 1.0 {
            *tokens -= 1.0;
            true
        } else {
            false
        }
    }
}
