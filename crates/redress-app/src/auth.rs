//! Secrets: tracking and API tokens (random, stored only as SHA-256 hashes) and passwords
//! (argon2id). Also who may do what: the `Actor` and its roles per organisation.

use argon2::Argon2;
use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use base64::Engine;
use redress_core::ids::OrgId;
use redress_store::Role;
use sha2::{Digest, Sha256};

/// A fresh secret token: 32 random bytes (256 bits) in URL-safe base64, and its hash.
pub fn new_token() -> (String, [u8; 32]) {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).expect("the operating system's random source is available");
    let token = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes);
    let hash = hash_token(&token);
    (token, hash)
}

/// The SHA-256 hash under which a token is stored.
pub fn hash_token(token: &str) -> [u8; 32] {
    Sha256::digest(token.as_bytes()).into()
}

/// An argon2id hash of a password, in PHC string form.
pub fn hash_password(password: &str) -> String {
    Argon2::default()
        .hash_password(password.as_bytes())
        .expect("argon2id hashing with default parameters and a fresh random salt succeeds")
        .to_string()
}

/// Whether `password` matches a stored hash.
pub fn verify_password(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|parsed| {
        Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok()
    })
}

/// Who is acting: a signed-in user, or the public (a complainant with a tracking token or a
/// public form).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Actor {
    /// A member of staff.
    User {
        /// Their username.
        username: String,
        /// Their role per organisation.
        roles: Vec<(OrgId, Role)>,
    },
    /// Someone from the public.
    Public,
}

impl Actor {
    /// The role the actor holds in `org`, if any.
    pub fn role(&self, org: &OrgId) -> Option<Role> {
        match self {
            Actor::User { roles, .. } => roles.iter().find(|(o, _)| o == org).map(|(_, r)| *r),
            Actor::Public => None,
        }
    }

    /// Whether the actor may see the organisation's cases.
    pub fn can_see(&self, org: &OrgId) -> bool {
        self.role(org).is_some()
    }

    /// Whether the actor may act on the organisation's cases.
    pub fn can_act(&self, org: &OrgId) -> bool {
        self.role(org).is_some_and(|role| role != Role::ReadOnly)
    }

    /// The organisations the actor may see.
    pub fn orgs(&self) -> Vec<OrgId> {
        match self {
            Actor::User { roles, .. } => roles.iter().map(|(org, _)| org.clone()).collect(),
            Actor::Public => Vec::new(),
        }
    }

    /// The username, for the audit trail.
    pub fn username(&self) -> Option<String> {
        match self {
            Actor::User { username, .. } => Some(username.clone()),
            Actor::Public => None,
        }
    }
}
