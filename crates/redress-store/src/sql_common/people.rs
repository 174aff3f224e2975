//! The statements for people and roles: the procedure roles users hold, organisations' member
//! lists, and what a user's record carries of both.
//!
//! Compiled twice, like its parent `store_impl`: once per database.

use redress_core::ids::{OrgId, RoleId};
use sqlx::Pool;

use super::writes::require_user;
use super::{Db, ThisStore, begin_write};
use crate::sql_common::{nul, org_id, other};
use crate::{ListMember, StoreError, StoreResult};

fn role_id(text: &str) -> StoreResult<RoleId> {
    RoleId::parse(text).map_err(|e| other(format!("stored role `{text}`: {e}")))
}

/// What `username` holds and is: their procedure roles and member ids, per organisation.
pub(super) async fn grants(
    pool: &Pool<Db>,
    username: &str,
) -> StoreResult<(Vec<(OrgId, RoleId)>, Vec<(OrgId, String)>)> {
    let holds: Vec<(String, String)> =
        sqlx::query_as("SELECT org, role FROM held_roles WHERE username = $1 ORDER BY org, role")
            .bind(username)
            .fetch_all(pool)
            .await?;
    let members: Vec<(String, String)> =
        sqlx::query_as("SELECT org, id FROM members WHERE username = $1 ORDER BY org, id")
            .bind(username)
            .fetch_all(pool)
            .await?;
    let holds = holds
        .iter()
        .map(|(org, role)| Ok((org_id(org)?, role_id(role)?)))
        .collect::<StoreResult<_>>()?;
    let members = members
        .into_iter()
        .map(|(org, id)| Ok((org_id(&org)?, id)))
        .collect::<StoreResult<_>>()?;
    Ok((holds, members))
}

/// Gives `username` the procedure role `role` in `org` (again is no change).
pub(super) async fn hold(
    store: &ThisStore,
    username: &str,
    org: &OrgId,
    role: &RoleId,
) -> StoreResult<()> {
    if !nul::can_match(username) {
        return Err(StoreError::NotFound);
    }
    let mut tx = begin_write(store).await?;
    require_user(&mut tx, username).await?;
    sqlx::query(
        "INSERT INTO held_roles (username, org, role) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
    )
    .bind(username)
    .bind(org.as_str())
    .bind(role.as_str())
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Takes the procedure role `role` in `org` from `username`.
pub(super) async fn unhold(
    store: &ThisStore,
    username: &str,
    org: &OrgId,
    role: &RoleId,
) -> StoreResult<()> {
    if !nul::can_match(username) {
        return Err(StoreError::NotFound);
    }
    let mut tx = begin_write(store).await?;
    require_user(&mut tx, username).await?;
    sqlx::query("DELETE FROM held_roles WHERE username = $1 AND org = $2 AND role = $3")
        .bind(username)
        .bind(org.as_str())
        .bind(role.as_str())
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(())
}

/// Everyone on `org`'s member lists, by list then name.
pub(super) async fn members(pool: &Pool<Db>, org: &OrgId) -> StoreResult<Vec<ListMember>> {
    let rows: Vec<(String, String, String, Option<String>)> = sqlx::query_as(
        "SELECT id, list, name, username FROM members WHERE org = $1 ORDER BY list, name, id",
    )
    .bind(org.as_str())
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(id, list, name, username)| ListMember {
            org: org.clone(),
            id,
            list,
            name,
            username,
        })
        .collect())
}

/// Adds a member, or changes the one with the same id.
pub(super) async fn put_member(store: &ThisStore, member: &ListMember) -> StoreResult<()> {
    for (what, text) in [
        ("member id", member.id.as_str()),
        ("member list", member.list.as_str()),
        ("member name", member.name.as_str()),
    ] {
        nul::storable_text(what, text)?;
    }
    let mut tx = begin_write(store).await?;
    if let Some(username) = &member.username {
        if !nul::can_match(username) {
            return Err(StoreError::NotFound);
        }
        require_user(&mut tx, username).await?;
    }
    sqlx::query(
        "INSERT INTO members (org, id, list, name, username) VALUES ($1, $2, $3, $4, $5) \
         ON CONFLICT (org, id) DO UPDATE SET list = excluded.list, name = excluded.name, \
         username = excluded.username",
    )
    .bind(member.org.as_str())
    .bind(&member.id)
    .bind(&member.list)
    .bind(&member.name)
    .bind(&member.username)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Removes a member; `NotFound` when there is none with that id.
pub(super) async fn remove_member(store: &ThisStore, org: &OrgId, id: &str) -> StoreResult<()> {
    if !nul::can_match(id) {
        return Err(StoreError::NotFound);
    }
    let mut tx = begin_write(store).await?;
    let done = sqlx::query("DELETE FROM members WHERE org = $1 AND id = $2")
        .bind(org.as_str())
        .bind(id)
        .execute(&mut *tx)
        .await?;
    if done.rows_affected() == 0 {
        return Err(StoreError::NotFound);
    }
    tx.commit().await?;
    Ok(())
}
