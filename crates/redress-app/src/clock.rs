//! The `Clock` port: the only way anything in redress learns the time.
//!
//! Production uses [`SystemClock`]; tests use [`ManualClock`] and move it by hand, so no test
//! ever sleeps for time to pass.

use std::sync::Mutex;

use jiff::{SignedDuration, Timestamp};

/// Tells the time.
pub trait Clock: Send + Sync + 'static {
    /// The current instant.
    fn now(&self) -> Timestamp;
}

/// The system's clock.
#[derive(Clone, Copy, Debug, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> Timestamp {
        Timestamp::now()
    }
}

/// A clock that stands still until told otherwise.
#[derive(Debug)]
pub struct ManualClock(Mutex<Timestamp>);

impl ManualClock {
    /// A clock showing `now`.
    pub fn new(now: Timestamp) -> ManualClock {
        ManualClock(Mutex::new(now))
    }

    /// Sets the time.
    pub fn set(&self, now: Timestamp) {
        *self.0.lock().expect("clock lock poisoned") = now;
    }

    /// Moves the time on.
    pub fn advance(&self, by: SignedDuration) {
        let mut now = self.0.lock().expect("clock lock poisoned");
        *now += by;
    }
}

impl Clock for ManualClock {
    fn now(&self) -> Timestamp {
        *self.0.lock().expect("clock lock poisoned")
    }
}
