//! The use cases behind the staff administration pages: the compliments-and-comments log and the
//! complaints log ([`logs`]), users and roles ([`users`]), and the procedure with members'
//! confirmations that they have read it and its review date ([`procedure`]).
//!
//! Who may do what: any member of an organisation (any role) reads its logs and its procedure
//! and confirms they have read it; only a user who is `admin` in an organisation manages roles
//! there. An organisation the actor does not belong to is `NotFound`, as for cases.

pub mod logs;
pub mod people;
pub mod procedure;
pub mod users;

use redress_core::ids::OrgId;
use redress_store::Store;

use crate::App;
use crate::auth::Actor;
use crate::error::{AppError, AppResult};
use crate::procedures::Loaded;

impl<S: Store> App<S> {
    /// The newest loaded version of an organisation the actor belongs to; `NotFound` otherwise.
    fn member_of(&self, actor: &Actor, org: &OrgId) -> AppResult<&Loaded> {
        if !actor.can_see(org) {
            return Err(AppError::NotFound);
        }
        self.procedures.latest(org).ok_or(AppError::NotFound)
    }

    /// Checks the actor is `admin` in `org`; a clear `Forbidden` otherwise.
    fn admin_of(&self, actor: &Actor, org: &OrgId) -> AppResult<&Loaded> {
        let loaded = self.procedures.latest(org).ok_or_else(|| {
            AppError::invalid("org", format!("no organisation `{org}` is loaded"))
        })?;
        if !actor.administers(org) {
            return Err(AppError::Forbidden(format!(
                "only an admin of {} can manage its users and roles",
                loaded.procedure.organisation.name
            )));
        }
        Ok(loaded)
    }
}
