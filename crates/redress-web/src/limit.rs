//! A per-address rate limit for public submissions: a token bucket per client address,
//! refilled by the app's clock (so tests move time by hand instead of sleeping).

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;

use jiff::Timestamp;

/// Allows `burst` requests at once per address, refilling `burst` every `per_seconds`.
#[derive(Debug)]
pub struct RateLimit {
    burst: f64,
    per_second: f64,
    buckets: Mutex<HashMap<Option<IpAddr>, (f64, Timestamp)>>,
}

impl RateLimit {
    /// A limit of `burst` requests per `per_seconds` seconds per address.
    pub fn new(burst: u32, per_seconds: u32) -> RateLimit {
        RateLimit {
            burst: f64::from(burst),
            per_second: f64::from(burst) / f64::from(per_seconds.max(1)),
            buckets: Mutex::new(HashMap::new()),
        }
    }

    /// Takes one request's token for `address` at `now`; false when none is left.
    pub fn allow(&self, address: Option<IpAddr>, now: Timestamp) -> bool {
        let mut buckets = self.buckets.lock().expect("rate limit lock poisoned");
        if buckets.len() > 100_000 {
            // Forget everyone rather than grow without bound under a flood of addresses.
            buckets.clear();
        }
        let (tokens, last) = buckets.entry(address).or_insert((self.burst, now));
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
