//! `Idempotency-Key`s on submissions: a retried POST with the same key and the same request is
//! answered as the first was (same reference, same tracking token, same next step) and makes no
//! second case; the same key with another request is refused naming the header.
//!
//! Decision: the tracking token of the first answer must come back on a retry, yet secrets are
//! stored only as hashes. So the key's row holds the token *sealed with the key*: XOR with a
//! SHA-256 of the key (a different one from the key's stored hash), readable only by someone
//! presenting the key again. The database alone does not give the token back unless the key
//! was guessable, so clients should send a random key (a UUID). Keys are scoped by who sent
//! them (the public, or one staff user) within an organisation, and last `idempotency_key_hours`.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jiff::{SignedDuration, Timestamp};
use redress_core::case::Submission;
use redress_store::{NewIdempotencyKey, Store};
use sha2::{Digest, Sha256};

use crate::auth::Actor;
use crate::{App, AppError, AppResult};

/// The request header.
pub const HEADER: &str = "Idempotency-Key";
/// How long a key counts unless configured otherwise.
pub const DEFAULT_KEY_HOURS: u32 = 24;
/// The longest a key may be made to count (30 days).
pub const MAX_KEY_HOURS: u32 = 24 * 30;
/// The longest key accepted, in characters.
pub const MAX_KEY_CHARS: usize = 255;

/// A key as sent, checked: 1 to 255 visible ASCII characters.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IdempotencyKey(String);

impl IdempotencyKey {
    /// Checks a header's value; the refusal names the header.
    pub fn parse(text: &str) -> AppResult<IdempotencyKey> {
        if text.is_empty() || text.len() > MAX_KEY_CHARS {
            return Err(AppError::invalid(
                HEADER,
                format!("an Idempotency-Key has from 1 to {MAX_KEY_CHARS} characters"),
            ));
        }
        if !text.bytes().all(|b| b.is_ascii_graphic()) {
            return Err(AppError::invalid(
                HEADER,
                "an Idempotency-Key is visible ASCII characters without spaces, such as a UUID",
            ));
        }
        Ok(IdempotencyKey(text.to_owned()))
    }

    fn digest(&self, purpose: &str, scope: &str) -> [u8; 32] {
        let mut hasher = Sha256::new();
        for part in ["redress idempotency", purpose, scope, &self.0] {
            hasher.update(part.as_bytes());
            hasher.update([0]);
        }
        hasher.finalize().into()
    }
}

/// Who a key belongs to within an organisation.
fn scope(actor: &Actor) -> String {
    match actor.username() {
        Some(username) => format!("staff:{username}"),
        None => "public".to_owned(),
    }
}

/// The SHA-256 of a submission as its sender meant it: who, when, and every field.
pub(crate) fn request_hash(
    actor: &Actor,
    at: Option<Timestamp>,
    submission: &Submission,
) -> AppResult<[u8; 32]> {
    let fields = serde_json::to_vec(submission)
        .map_err(|e| AppError::Internal(format!("a submission as JSON: {e}").into()))?;
    let mut hasher = Sha256::new();
    hasher.update(scope(actor).as_bytes());
    hasher.update([0]);
    hasher.update(at.map(|at| at.to_string()).unwrap_or_default().as_bytes());
    hasher.update([0]);
    hasher.update(&fields);
    Ok(hasher.finalize().into())
}

fn xor(bytes: &[u8], pad: &[u8; 32]) -> Vec<u8> {
    bytes.iter().zip(pad).map(|(b, p)| b ^ p).collect()
}

/// The key's row for a new case: its hash, the request's, and the tracking token sealed.
pub(crate) fn new_key(
    key: &IdempotencyKey,
    actor: &Actor,
    request_hash: [u8; 32],
    tracking_token: &str,
    at: Timestamp,
    hours: u32,
) -> AppResult<NewIdempotencyKey> {
    let scope = scope(actor);
    let token = URL_SAFE_NO_PAD
        .decode(tracking_token)
        .ok()
        .filter(|bytes| bytes.len() == 32)
        .ok_or_else(|| AppError::Internal("a tracking token is not 32 bytes".into()))?;
    Ok(NewIdempotencyKey {
        key_hash: key.digest("key", &scope),
        request_hash,
        sealed_token: xor(&token, &key.digest("seal", &scope)),
        at,
        expired_before: at - SignedDuration::from_hours(i64::from(hours)),
    })
}

/// The tracking token sealed in a key's row.
pub(crate) fn unseal(key: &IdempotencyKey, actor: &Actor, sealed: &[u8]) -> AppResult<String> {
    if sealed.len() != 32 {
        return Err(AppError::Internal("a sealed token is not 32 bytes".into()));
    }
    Ok(URL_SAFE_NO_PAD.encode(xor(sealed, &key.digest("seal", &scope(actor)))))
}

/// The refusal of a key used before with another request.
pub(crate) fn reused() -> AppError {
    AppError::invalid(
        HEADER,
        "this Idempotency-Key was used with a different request; send a new key for a new submission",
    )
}

impl<S: Store> App<S> {
    /// The app with `Idempotency-Key`s counting for `hours` after their first use.
    pub fn with_idempotency_key_hours(mut self, hours: u32) -> AppResult<App<S>> {
        if hours == 0 || hours > MAX_KEY_HOURS {
            return Err(AppError::invalid(
                "idempotency_key_hours",
                format!("a key counts from 1 to {MAX_KEY_HOURS} hours"),
            ));
        }
        self.idempotency_key_hours = hours;
        Ok(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_is_visible_ascii_of_at_most_255_characters() {
        for good in [
            "a",
            "6f1c0a2e-3b7d-4f8e-9a01-2c3d4e5f6a7b",
            &"k".repeat(255),
        ] {
            assert!(IdempotencyKey::parse(good).is_ok(), "{good}");
        }
        for bad in ["", " ", "with space", "tab\there", "é", &"k".repeat(256)] {
            let Err(AppError::Invalid { field, .. }) = IdempotencyKey::parse(bad) else {
                panic!("{bad:?} accepted");
            };
            assert_eq!(field, HEADER);
        }
    }

    #[test]
    fn a_sealed_token_opens_only_with_its_key_and_sender() {
        let (token, _) = crate::auth::new_token();
        let key = IdempotencyKey::parse("key-1").unwrap();
        let at = Timestamp::UNIX_EPOCH;
        let row = new_key(&key, &Actor::Public, [0; 32], &token, at, 24).unwrap();
        assert_ne!(row.sealed_token, token.as_bytes());
        assert_eq!(
            unseal(&key, &Actor::Public, &row.sealed_token).unwrap(),
            token
        );
        let other = IdempotencyKey::parse("key-2").unwrap();
        assert_ne!(
            unseal(&other, &Actor::Public, &row.sealed_token).unwrap(),
            token
        );
        assert_ne!(row.key_hash, other.digest("key", "public"));
        assert_eq!(row.expired_before, at - SignedDuration::from_hours(24));
    }
}
