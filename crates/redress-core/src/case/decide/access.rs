//! Commands about who may see a case: confirming that a person named is a user or a member,
//! a declared conflict of interest, and marking a case sensitive. What each means for access
//! is in `crate::access`.

use super::{Context, required};
use crate::case::Refusal;
use crate::case::event::Fact;
use crate::ids::RoleId;

/// `link-person`: person `number` (from 1) is `username` and/or `member_id`.
pub(super) fn link_person(
    cx: &Context,
    number: u32,
    username: Option<String>,
    member_id: Option<String>,
) -> Result<Vec<Fact>, Refusal> {
    let named = cx.case.people_named.len();
    let person = (number as usize)
        .checked_sub(1)
        .filter(|index| *index < named)
        .ok_or_else(|| {
            Refusal::invalid(
                "person",
                format!("there is no person {number} named in this complaint"),
            )
            .instead(match named {
                0 => "name the person first".to_owned(),
                n => format!("choose a person from 1 to {n}"),
            })
        })?;
    let username = username.filter(|u| !u.trim().is_empty());
    let member_id = member_id.filter(|m| !m.trim().is_empty());
    if username.is_none() && member_id.is_none() {
        return Err(Refusal::missing(
            "username",
            "say which user or member the person is",
        ));
    }
    let already = cx.case.links.iter().any(|link| {
        link.person == person && link.username == username && link.member_id == member_id
    });
    if already {
        return Err(Refusal::not_now(format!(
            "{} is already linked to them",
            cx.case.people_named[person].name
        )));
    }
    Ok(vec![Fact::PersonLinked {
        person,
        name: cx.case.people_named[person].name.clone(),
        username,
        member_id,
    }])
}

/// `declare-conflict`: `username` declared a conflict of interest.
pub(super) fn declare_conflict(
    cx: &Context,
    username: String,
    reason: String,
) -> Result<Vec<Fact>, Refusal> {
    let username = required("username", username)?;
    let reason = required("reason", reason)?;
    if cx
        .case
        .declared_conflicts
        .iter()
        .any(|c| c.username == username)
    {
        return Err(Refusal::not_now(format!(
            "{username} has already declared a conflict in this case"
        )));
    }
    Ok(vec![Fact::ConflictDeclared { username, reason }])
}

/// `mark-sensitive`: only holders of `roles` (and those assigned) may see the case.
pub(super) fn mark_sensitive(
    cx: &Context,
    reason: String,
    roles: Vec<RoleId>,
) -> Result<Vec<Fact>, Refusal> {
    let reason = required("reason", reason)?;
    if roles.is_empty() {
        return Err(Refusal::missing(
            "roles",
            "name at least one role whose holders may still see the case",
        ));
    }
    if let Some(unknown) = roles
        .iter()
        .find(|role| !cx.procedure.roles.contains_key(*role))
    {
        return Err(Refusal::invalid(
            "roles",
            format!("the procedure has no role `{unknown}`"),
        ));
    }
    Ok(vec![Fact::MarkedSensitive { reason, roles }])
}
