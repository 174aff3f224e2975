//! Staff sessions, CSRF tokens and the sign-in lockout (per username and address, and per
//! address), all kept in memory.
//!
//! A session id is 256 random bits, sent to the browser once in the `redress_session` cookie
//! and kept here only as its SHA-256 hash, so a dump of this table cannot be replayed. Each
//! session has its own CSRF token, put in a hidden field of every staff form and checked on
//! every POST. Sessions end after [`IDLE`] without use or [`LIFETIME`] after sign-in, by the
//! app's clock (never the system clock), so tests move time by hand.
//!
//! Sessions live in this process only: after a restart everyone signs in again. That is
//! acceptable for a handful of officers; a shared table in the store would be needed before
//! running several web processes behind one address.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;

use axum::http::HeaderMap;
use axum::http::header;
use base64::Engine;
use jiff::{SignedDuration, Timestamp};
use sha2::{Digest, Sha256};

/// The session cookie's name.
pub const COOKIE: &str = "redress_session";
/// The cookie holding the sign-in form's CSRF token, before any session exists.
pub const LOGIN_COOKIE: &str = "redress_login";
/// A session ends after this long without a request.
pub const IDLE: SignedDuration = SignedDuration::from_hours(8);
/// A session ends this long after sign-in, however busy.
pub const LIFETIME: SignedDuration = SignedDuration::from_hours(12);
/// Failed sign-ins for one username from one address within [`LOCK_WINDOW`] that lock that
/// pair. Keyed by the pair, so a stranger elsewhere cannot lock the admin out.
pub const MAX_FAILURES: usize = 5;
/// Failed sign-ins from one address, whatever the usernames, within [`LOCK_WINDOW`] that
/// throttle the address (a spray of guesses across usernames).
pub const MAX_ADDRESS_FAILURES: usize = 20;
/// The window in which failures count, and how long a lock lasts.
pub const LOCK_WINDOW: SignedDuration = SignedDuration::from_mins(15);
/// Usernames and addresses tracked for lockout at most (a spray of made-up names cannot
/// exhaust memory).
const MAX_TRACKED: usize = 100_000;

/// One signed-in member of staff.
#[derive(Clone, Debug)]
pub struct Session {
    /// Who.
    pub username: String,
    /// The token every form of this session must send back.
    pub csrf: String,
    started: Timestamp,
    last_seen: Timestamp,
}

/// The session table and the record of failed sign-ins.
#[derive(Debug, Default)]
pub struct Sessions {
    sessions: Mutex<HashMap<[u8; 32], Session>>,
    failures: Mutex<HashMap<FailureKey, Vec<Timestamp>>>,
}

/// What failed sign-ins are counted against: a username from an address, or an address.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
enum FailureKey {
    Pair(String, Option<IpAddr>),
    Address(Option<IpAddr>),
}

impl FailureKey {
    fn most(&self) -> usize {
        match self {
            FailureKey::Pair(..) => MAX_FAILURES,
            FailureKey::Address(_) => MAX_ADDRESS_FAILURES,
        }
    }
}

/// A fresh random secret: 32 bytes in URL-safe base64.
pub fn random_token() -> String {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).expect("the operating system's random source is available");
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

fn hash(id: &str) -> [u8; 32] {
    Sha256::digest(id.as_bytes()).into()
}

/// Compares two secrets in time that does not depend on where they first differ.
pub fn same_secret(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

impl Sessions {
    /// Starts a session for `username`; returns the id for the cookie. Expired sessions are
    /// swept at the same time so the table stays small.
    pub fn start(&self, username: &str, now: Timestamp) -> String {
        let id = random_token();
        let mut sessions = self.sessions.lock().expect("session lock poisoned");
        sessions.retain(|_, s| live(s, now));
        sessions.insert(
            hash(&id),
            Session {
                username: username.to_owned(),
                csrf: random_token(),
                started: now,
                last_seen: now,
            },
        );
        id
    }

    /// The live session with this id, marked as used at `now`.
    pub fn touch(&self, id: &str, now: Timestamp) -> Option<Session> {
        let mut sessions = self.sessions.lock().expect("session lock poisoned");
        let key = hash(id);
        match sessions.get_mut(&key) {
            Some(session) if live(session, now) => {
                session.last_seen = now;
                Some(session.clone())
            }
            Some(_) => {
                sessions.remove(&key);
                None
            }
            None => None,
        }
    }

    /// Ends a session.
    pub fn end(&self, id: &str) {
        self.sessions
            .lock()
            .expect("session lock poisoned")
            .remove(&hash(id));
    }

    /// When `username` may next try to sign in from `address`, if it may not at `now`:
    /// [`MAX_FAILURES`] failures of that pair, or [`MAX_ADDRESS_FAILURES`] from that address,
    /// within [`LOCK_WINDOW`] pause it for [`LOCK_WINDOW`] from the last of them.
    pub fn locked_until(
        &self,
        username: &str,
        address: Option<IpAddr>,
        now: Timestamp,
    ) -> Option<Timestamp> {
        let failures = self.failures.lock().expect("lockout lock poisoned");
        let until = |key: FailureKey| {
            let times = failures.get(&key)?;
            let last = *times.last()?;
            let first = *times.iter().rev().nth(key.most() - 1)?;
            let until = last + LOCK_WINDOW;
            (first + LOCK_WINDOW > last && now < until).then_some(until)
        };
        let pair = until(FailureKey::Pair(lockout_key(username), address));
        pair.max(until(FailureKey::Address(address)))
    }

    /// Records a failed sign-in. Failures are counted for every username typed, whether or not
    /// it exists, so the lockout says nothing about which usernames are real.
    pub fn failed(&self, username: &str, address: Option<IpAddr>, now: Timestamp) {
        let mut failures = self.failures.lock().expect("lockout lock poisoned");
        failures.retain(|_, times| {
            times.retain(|at| *at + LOCK_WINDOW > now);
            !times.is_empty()
        });
        for key in [
            FailureKey::Pair(lockout_key(username), address),
            FailureKey::Address(address),
        ] {
            if failures.len() >= MAX_TRACKED && !failures.contains_key(&key) {
                continue;
            }
            let most = key.most();
            let times = failures.entry(key).or_default();
            times.push(now);
            // Only the latest few matter for the lock.
            if times.len() > most {
                times.remove(0);
            }
        }
    }

    /// Forgets the failures of a username from an address after a successful sign-in (the
    /// address's own count stays: one right password does not excuse a spray).
    pub fn succeeded(&self, username: &str, address: Option<IpAddr>) {
        self.failures
            .lock()
            .expect("lockout lock poisoned")
            .remove(&FailureKey::Pair(lockout_key(username), address));
    }
}

fn live(session: &Session, now: Timestamp) -> bool {
    session.last_seen + IDLE > now && session.started + LIFETIME > now
}

fn lockout_key(username: &str) -> String {
    username.trim().to_lowercase()
}

/// The value of cookie `name` in a request.
pub fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(n, _)| *n == name)
        .map(|(_, v)| v)
        .filter(|v| !v.is_empty())
}

/// Whether the browser reached us over HTTPS: redress serves plain HTTP, so HTTPS means a
/// proxy in front that says so in `X-Forwarded-Proto` (or `Forwarded`).
fn over_https(headers: &HeaderMap) -> bool {
    let header_says = |name: &str, test: &dyn Fn(&str) -> bool| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .is_some_and(test)
    };
    header_says("x-forwarded-proto", &|v| {
        v.split(',')
            .next()
            .is_some_and(|p| p.trim().eq_ignore_ascii_case("https"))
    }) || header_says("forwarded", &|v| {
        v.to_ascii_lowercase().contains("proto=https")
    })
}

/// A `Set-Cookie` value for a session-scoped cookie. `Secure` is added when the request came
/// over HTTPS; on plain `http://127.0.0.1` (`redress serve` out of the box) browsers would
/// drop a `Secure` cookie and nobody could sign in, so there it is left off.
pub fn set_cookie(headers: &HeaderMap, name: &str, value: &str) -> String {
    let secure = if over_https(headers) { "; Secure" } else { "" };
    format!("{name}={value}; HttpOnly; SameSite=Strict; Path=/{secure}")
}

/// A `Set-Cookie` value that removes a cookie.
pub fn clear_cookie(headers: &HeaderMap, name: &str) -> String {
    let secure = if over_https(headers) { "; Secure" } else { "" };
    format!("{name}=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0{secure}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(minutes: i64) -> Timestamp {
        Timestamp::from_second(1_800_000_000).expect("valid") + SignedDuration::from_mins(minutes)
    }

    #[test]
    fn a_session_ends_after_eight_idle_hours_and_not_before() {
        let sessions = Sessions::default();
        let id = sessions.start("officer", at(0));
        assert!(sessions.touch(&id, at(60 * 8 - 1)).is_some());
        assert!(
            sessions.touch(&id, at(60 * 16 - 1)).is_none(),
            "twelve hours at most"
        );
        let id = sessions.start("officer", at(0));
        assert!(
            sessions.touch(&id, at(60 * 8)).is_none(),
            "eight idle hours"
        );
        assert!(sessions.touch("not-an-id", at(0)).is_none());
    }

    fn ip(last: u8) -> Option<IpAddr> {
        Some(IpAddr::from([192, 0, 2, last]))
    }

    #[test]
    fn five_failures_in_fifteen_minutes_lock_a_username_from_that_address_only() {
        let sessions = Sessions::default();
        for minute in 0..4 {
            sessions.failed("Officer", ip(1), at(minute));
        }
        assert_eq!(sessions.locked_until("officer", ip(1), at(4)), None);
        sessions.failed("officer ", ip(1), at(4));
        assert_eq!(sessions.locked_until("officer", ip(1), at(5)), Some(at(19)));
        assert_eq!(sessions.locked_until("officer", ip(1), at(19)), None);
        assert_eq!(sessions.locked_until("someone-else", ip(1), at(5)), None);
        assert_eq!(
            sessions.locked_until("officer", ip(2), at(5)),
            None,
            "another address still may"
        );
    }

    #[test]
    fn twenty_failures_from_one_address_throttle_it_across_usernames() {
        let sessions = Sessions::default();
        for n in 0..19 {
            sessions.failed(&format!("guess-{n}"), ip(1), at(0));
        }
        assert_eq!(sessions.locked_until("admin", ip(1), at(1)), None);
        sessions.failed("guess-19", ip(1), at(1));
        assert_eq!(sessions.locked_until("admin", ip(1), at(2)), Some(at(16)));
        assert_eq!(sessions.locked_until("admin", ip(2), at(2)), None);
        assert_eq!(sessions.locked_until("admin", ip(1), at(16)), None);
    }

    #[test]
    fn cookies_are_secure_only_behind_https() {
        let mut headers = HeaderMap::new();
        assert!(!set_cookie(&headers, COOKIE, "x").contains("Secure"));
        headers.insert("x-forwarded-proto", "https".parse().expect("valid"));
        assert!(set_cookie(&headers, COOKIE, "x").ends_with("; Secure"));
    }
}
