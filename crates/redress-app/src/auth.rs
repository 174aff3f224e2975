//! Secrets: tracking and API tokens (random, stored only as SHA-256 hashes) and passwords
//! (argon2id). Also who may do what: the `Actor` and its roles per organisation.

use argon2::Argon2;
use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use base64::Engine;
use redress_core::access::{CaseAccess, Denied, Staff};
use redress_core::case::{Case, Party};
use redress_core::ids::{OrgId, RoleId};
use redress_store::{Role, User, Viewer, ViewerOrg};
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
        /// The procedure roles they hold, per organisation.
        holds: Vec<(OrgId, RoleId)>,
        /// The members they are on organisations' lists.
        member_ids: Vec<(OrgId, String)>,
    },
    /// Someone from the public.
    Public,
    /// redress itself, doing what it checked a request allows (a new tracking link for a
    /// lost-link request that matched the case's address).
    System,
}

impl Actor {
    /// The actor a stored user acts as.
    pub fn from_user(user: User) -> Actor {
        Actor::User {
            username: user.username,
            roles: user.roles,
            holds: user.holds,
            member_ids: user.member_ids,
        }
    }

    /// A user with `roles` who holds no procedure role and is on no member list.
    pub fn user(username: &str, roles: Vec<(OrgId, Role)>) -> Actor {
        Actor::User {
            username: username.to_owned(),
            roles,
            holds: Vec::new(),
            member_ids: Vec::new(),
        }
    }

    /// The procedure roles the actor holds in `org`.
    pub fn holds_in(&self, org: &OrgId) -> Vec<RoleId> {
        match self {
            Actor::User { holds, .. } => holds
                .iter()
                .filter(|(o, _)| o == org)
                .map(|(_, role)| role.clone())
                .collect(),
            Actor::Public | Actor::System => Vec::new(),
        }
    }

    /// The actor's ids on `org`'s member lists.
    pub fn members_in(&self, org: &OrgId) -> Vec<String> {
        match self {
            Actor::User { member_ids, .. } => member_ids
                .iter()
                .filter(|(o, _)| o == org)
                .map(|(_, id)| id.clone())
                .collect(),
            Actor::Public | Actor::System => Vec::new(),
        }
    }

    /// Whether the actor may see `case` of `org`: core's access rule, with the reason when not.
    /// The public never may here (they see their own case through its tracking link).
    pub fn case_access(&self, org: &OrgId, case: &Case) -> Result<(), Option<Denied>> {
        let (Actor::User { username, .. }, Some(role)) = (self, self.role(org)) else {
            return Err(None);
        };
        let holds = self.holds_in(org);
        let member_ids = self.members_in(org);
        let staff = Staff {
            username,
            role,
            holds: &holds,
            member_ids: &member_ids,
        };
        CaseAccess::of(case).admits(&staff).map_err(Some)
    }

    /// Who the actor is for a list of cases: every organisation they belong to, narrowed there
    /// by core's access rule.
    pub fn viewer(&self) -> Viewer {
        match self {
            Actor::User {
                username, roles, ..
            } => Viewer {
                username: Some(username.clone()),
                orgs: roles
                    .iter()
                    .map(|(org, role)| ViewerOrg {
                        org: org.clone(),
                        sees: role.sees(),
                        holds: self.holds_in(org),
                        member_ids: self.members_in(org),
                    })
                    .collect(),
            },
            Actor::Public | Actor::System => Viewer::default(),
        }
    }

    /// Calls `f` with the party the actor is in `org`'s cases: staff holding their procedure
    /// roles there, or the complainant.
    pub fn with_party<T>(&self, org: &OrgId, f: impl FnOnce(Party) -> T) -> T {
        match self {
            Actor::User { .. } => {
                let holds = self.holds_in(org);
                f(Party::Staff { holds: &holds })
            }
            Actor::Public => f(Party::Complainant),
            Actor::System => f(Party::System),
        }
    }

    /// Asks core's decider what `command` does to `case` of `org` when this actor gives it.
    pub fn decide(
        &self,
        org: &OrgId,
        case: &Case,
        command: redress_core::case::Command,
        loaded: &crate::procedures::Loaded,
        at: jiff::Timestamp,
    ) -> Result<Vec<redress_core::case::Event>, redress_core::case::Refusal> {
        self.with_party(org, |party| {
            redress_core::case::decide(
                case,
                command,
                &loaded.procedure,
                &loaded.calendar,
                at,
                party,
            )
        })
    }

    /// The role the actor holds in `org`, if any.
    pub fn role(&self, org: &OrgId) -> Option<Role> {
        match self {
            Actor::User { roles, .. } => roles.iter().find(|(o, _)| o == org).map(|(_, r)| *r),
            Actor::Public | Actor::System => None,
        }
    }

    /// Whether the actor may see the organisation's cases.
    pub fn can_see(&self, org: &OrgId) -> bool {
        self.role(org).is_some()
    }

    /// Whether the actor reads the organisation's e-mail not yet matched to a case.
    pub fn reads_unsorted_mail(&self, org: &OrgId) -> bool {
        self.role(org).is_some_and(Role::reads_unsorted_mail)
    }

    /// Whether the actor may act on the organisation's cases (those they may see).
    pub fn can_act(&self, org: &OrgId) -> bool {
        self.role(org).is_some_and(Role::acts)
    }

    /// Whether the actor manages `org`'s users, member lists and requests about people.
    pub fn administers(&self, org: &OrgId) -> bool {
        self.role(org).is_some_and(Role::administers)
    }

    /// Whether the actor administers any organisation.
    pub fn administers_any(&self) -> bool {
        self.orgs().iter().any(|org| self.administers(org))
    }

    /// The organisations the actor may see.
    pub fn orgs(&self) -> Vec<OrgId> {
        match self {
            Actor::User { roles, .. } => roles.iter().map(|(org, _)| org.clone()).collect(),
            Actor::Public | Actor::System => Vec::new(),
        }
    }

    /// The username, for the audit trail.
    pub fn username(&self) -> Option<String> {
        match self {
            Actor::User { username, .. } => Some(username.clone()),
            Actor::Public | Actor::System => None,
        }
    }
}
