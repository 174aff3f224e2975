//! People and roles: the procedure roles users hold (the Chair, the Co-ordinator) and the
//! organisations' member lists panels are drawn from. Managed by an organisation's admins on
//! its pages and by the CLI (`redress user hold`, `redress member`).

use redress_core::case::input::{self, limits};
use redress_core::ids::{OrgId, RoleId};
use redress_core::procedure::Handler;
use redress_store::{ListMember, Store};

use crate::App;
use crate::auth::Actor;
use crate::error::{AppError, AppResult};
use crate::procedures::Loaded;

/// The lists `loaded`'s panels are drawn from ("members", or a role id naming the body).
pub fn member_lists(loaded: &Loaded) -> Vec<String> {
    let mut lists: Vec<String> = loaded
        .procedure
        .stages
        .iter()
        .filter_map(|stage| match &stage.handler {
            Handler::Panel { from, .. } => Some(from.clone()),
            _ => None,
        })
        .collect();
    lists.dedup();
    lists
}

fn checked(field: &str, value: &str, limit: input::Limit) -> AppResult<String> {
    let value = value.trim();
    input::required(value, limit)
        .map_err(|problem| AppError::invalid(field, format!("{field} {problem}")))?;
    Ok(value.to_owned())
}

impl<S: Store> App<S> {
    fn role_of(&self, org: &OrgId, role: &str) -> AppResult<RoleId> {
        let loaded = self.procedures.latest(org).ok_or_else(|| {
            AppError::invalid("org", format!("no organisation `{org}` is loaded"))
        })?;
        RoleId::parse(role)
            .ok()
            .filter(|id| loaded.procedure.roles.contains_key(id))
            .ok_or_else(|| {
                let known: Vec<String> = loaded
                    .procedure
                    .roles
                    .keys()
                    .map(|r| r.to_string())
                    .collect();
                AppError::invalid(
                    "role",
                    format!(
                        "{} has no role `{role}`; its roles are: {}",
                        loaded.procedure.organisation.name,
                        known.join(", ")
                    ),
                )
            })
    }

    /// Gives `username` the procedure role `role` in `org` (trusted callers: the CLI).
    pub async fn hold(&self, username: &str, org: &OrgId, role: &str) -> AppResult<()> {
        let role = self.role_of(org, role)?;
        self.store.user(username).await?.ok_or(AppError::NotFound)?;
        Ok(self.store.hold(username, org, &role).await?)
    }

    /// Takes the procedure role `role` in `org` from `username` (trusted callers).
    pub async fn unhold(&self, username: &str, org: &OrgId, role: &str) -> AppResult<()> {
        let role = self.role_of(org, role)?;
        self.store.user(username).await?.ok_or(AppError::NotFound)?;
        Ok(self.store.unhold(username, org, &role).await?)
    }

    /// Makes the procedure roles `username` holds in `org` exactly `roles`, by an admin of
    /// `org`. Every role is checked before anything changes.
    pub async fn set_holds_as(
        &self,
        actor: &Actor,
        username: &str,
        org: &OrgId,
        roles: &[String],
    ) -> AppResult<()> {
        self.admin_of(actor, org)?;
        let wanted = roles
            .iter()
            .map(|role| self.role_of(org, role))
            .collect::<AppResult<Vec<RoleId>>>()?;
        let user = self.store.user(username).await?.ok_or(AppError::NotFound)?;
        let held: Vec<&RoleId> = user
            .holds
            .iter()
            .filter(|(o, _)| o == org)
            .map(|(_, r)| r)
            .collect();
        for role in wanted.iter().filter(|r| !held.contains(r)) {
            self.store.hold(username, org, role).await?;
        }
        for role in held.into_iter().filter(|r| !wanted.contains(r)) {
            self.store.unhold(username, org, role).await?;
        }
        Ok(())
    }

    /// Everyone on `org`'s member lists.
    pub async fn members(&self, org: &OrgId) -> AppResult<Vec<ListMember>> {
        Ok(self.store.members(org).await?)
    }

    /// Adds a member to one of `org`'s lists, or changes the member with that id (trusted).
    pub async fn put_member(
        &self,
        org: &OrgId,
        list: &str,
        id: &str,
        name: &str,
        username: Option<&str>,
    ) -> AppResult<()> {
        let loaded = self.procedures.latest(org).ok_or_else(|| {
            AppError::invalid("org", format!("no organisation `{org}` is loaded"))
        })?;
        let lists = member_lists(loaded);
        if !lists.iter().any(|l| l == list) {
            return Err(AppError::invalid(
                "list",
                if lists.is_empty() {
                    format!(
                        "{}'s procedure draws no panel, so it has no member list",
                        loaded.procedure.organisation.name
                    )
                } else {
                    format!("panels are drawn from: {}", lists.join(", "))
                },
            ));
        }
        let id = checked("id", id, limits::PARAMETER)?;
        let name = checked("name", name, limits::NAME)?;
        let username = username.map(str::trim).filter(|u| !u.is_empty());
        if let Some(username) = username
            && self.store.user(username).await?.is_none()
        {
            return Err(AppError::invalid(
                "username",
                format!("there is no user `{username}`"),
            ));
        }
        Ok(self
            .store
            .put_member(ListMember {
                org: org.clone(),
                id,
                list: list.to_owned(),
                name,
                username: username.map(str::to_owned),
            })
            .await?)
    }

    /// Removes a member (trusted).
    pub async fn remove_member(&self, org: &OrgId, id: &str) -> AppResult<()> {
        Ok(self.store.remove_member(org, id).await?)
    }

    /// [`App::members`] for an admin of `org`.
    pub async fn members_as(&self, actor: &Actor, org: &OrgId) -> AppResult<Vec<ListMember>> {
        self.admin_of(actor, org)?;
        self.members(org).await
    }

    /// [`App::put_member`] by an admin of `org`.
    pub async fn put_member_as(
        &self,
        actor: &Actor,
        org: &OrgId,
        list: &str,
        id: &str,
        name: &str,
        username: Option<&str>,
    ) -> AppResult<()> {
        self.admin_of(actor, org)?;
        self.put_member(org, list, id, name, username).await
    }

    /// [`App::remove_member`] by an admin of `org`.
    pub async fn remove_member_as(&self, actor: &Actor, org: &OrgId, id: &str) -> AppResult<()> {
        self.admin_of(actor, org)?;
        self.remove_member(org, id).await
    }
}
