//! Who handles a stage: assigning a person to a role, drawing a random panel, and the
//! conflict-of-interest rules that stop either.

use super::{Context, required};
use crate::case::command::{Declined, Member};
use crate::case::event::{Excluded, Fact};
use crate::case::offers::Choices;
use crate::case::panel::draw_panel;
use crate::case::refusal::Refusal;
use crate::case::refusal::RefusalCode;
use crate::ids::RoleId;
use crate::procedure::Handler;

pub(super) fn assign_handler(
    cx: &Context,
    choices: &Choices,
    name: String,
    role: RoleId,
    username: Option<String>,
) -> Result<Vec<Fact>, Refusal> {
    let (_, stage) = cx.current()?;
    let name = required("name", name)?;
    let username = username.filter(|u| !u.trim().is_empty());
    if let Some(username) = &username {
        let user = crate::access::Subject::User(username.clone());
        if let Some(kept) = crate::access::CaseAccess::of(cx.case)
            .kept_out
            .iter()
            .find(|k| k.subject == user)
        {
            let why = match &kept.why {
                crate::access::Why::Named { name } => {
                    format!("is {name}, named in the complaint")
                }
                crate::access::Why::DeclaredConflict { reason } => {
                    format!("declared a conflict of interest ({reason})")
                }
            };
            return Err(Refusal::new(
                RefusalCode::ConflictOfInterest,
                format!("{username} {why} and cannot handle it"),
            )
            .field("username")
            .instead("assign someone the case does not keep out"));
        }
    }
    if let Some(person) = cx
        .case
        .people_named
        .iter()
        .find(|p| same_person(&p.name, &name))
    {
        return Err(Refusal::new(
            RefusalCode::ConflictOfInterest,
            format!(
                "{} is named in the complaint and cannot handle it",
                person.name
            ),
        )
        .field("name")
        .instead("assign someone not named in the complaint"));
    }
    // A later stage looks again at the earlier ones (e.g. "the Investigating Officer will review
    // how the complaint was dealt with"), so whoever handled an earlier stage cannot handle it.
    if let Some(earlier) = cx
        .case
        .stages
        .iter()
        .filter(|r| r.id != stage.id)
        .find(|r| {
            r.handled_by
                .iter()
                .any(|handled_by| same_person(handled_by, &name))
        })
    {
        return Err(Refusal::new(
            RefusalCode::ConflictOfInterest,
            format!(
                "{name} handled {} of this complaint and cannot also handle {}",
                cx.stage(&earlier.id)?.name,
                stage.name
            ),
        )
        .field("name")
        .instead("assign someone who has not handled the complaint before"));
    }
    // "A different person from the previous stage's handler": the same user under another
    // name is the same person.
    if stage.different_handler
        && let Some(username) = &username
        && let Some(previous) = cx.case.stages.iter().rev().nth(1)
        && previous.handler_usernames.contains(username)
    {
        return Err(Refusal::new(
            RefusalCode::ConflictOfInterest,
            format!(
                "{username} handled {}, and {} must be handled by a different person",
                cx.stage(&previous.id)?.name,
                stage.name
            ),
        )
        .field("username")
        .instead("assign someone who did not handle the previous stage"));
    }
    if let Some(conflict) = cx
        .case
        .conflicts
        .iter()
        .find(|c| c.role == role && c.handler.is_some())
    {
        let instead = conflict.handler.as_ref().expect("checked above");
        return Err(Refusal::new(
            RefusalCode::ConflictOfInterest,
            format!(
                "the complaint names {}, the {}; under this procedure the {} handles it instead",
                conflict.person,
                cx.title(&role),
                cx.title(instead)
            ),
        )
        .field("role")
        .instead(format!("assign the {}", cx.title(instead))));
    }
    let allowed = &choices.roles;
    if !allowed.contains(&role) {
        let titles: Vec<String> = allowed
            .iter()
            .map(|r| format!("{} (`{r}`)", cx.title(r)))
            .collect();
        return Err(Refusal::invalid(
            "role",
            format!("{} is not handled by the {}", stage.name, cx.title(&role)),
        )
        .instead(format!("assign someone acting as: {}", titles.join(", "))));
    }
    Ok(vec![Fact::HandlerAssigned {
        stage: stage.id.clone(),
        name,
        role,
        username,
    }])
}

fn same_person(a: &str, b: &str) -> bool {
    let normal = |s: &str| {
        s.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase()
    };
    normal(a) == normal(b)
}

pub(super) fn draw(
    cx: &Context,
    candidates: Vec<Member>,
    declined: Vec<Declined>,
    seed: u64,
) -> Result<Vec<Fact>, Refusal> {
    // The gate has found the stage open, handled by a panel, and not yet drawn.
    let (record, stage) = cx.current()?;
    let Handler::Panel {
        size,
        exclude_named,
        ref from,
        ..
    } = stage.handler
    else {
        return Err(Refusal::not_now("this stage is not handled by a panel"));
    };
    let mut excluded: Vec<Excluded> = Vec::new();
    if exclude_named {
        for member in &candidates {
            let named = cx.case.people_named.iter().find(|person| {
                person.member_id.as_deref() == Some(member.id.as_str())
                    || same_person(&person.name, &member.name)
            });
            if let Some(person) = named {
                excluded.push(Excluded {
                    member_id: member.id.clone(),
                    reason: format!("named in the complaint ({})", person.name),
                });
            }
        }
    }
    for decline in declined {
        required("declined.reason", decline.reason.clone())?;
        if !candidates.iter().any(|m| m.id == decline.member_id) {
            return Err(Refusal::invalid(
                "declined.member_id",
                format!("`{}` is not among the candidates", decline.member_id),
            ));
        }
        excluded.push(Excluded {
            member_id: decline.member_id,
            reason: decline.reason,
        });
    }
    let drawn = draw_panel(seed, &candidates, &excluded, size as usize);
    if drawn.len() < size as usize {
        return Err(Refusal::invalid(
            "candidates",
            format!(
                "a panel of {size} is needed but only {} of the {from} list can serve once those named or excused are left out",
                drawn.len()
            ),
        )
        .instead("add eligible members to the list"));
    }
    let mut facts = vec![Fact::PanelDrawn {
        stage: stage.id.clone(),
        number: cx.case.reference.clone(),
        seed,
        candidates,
        excluded,
        drawn,
    }];
    // A panel's investigation starts when it is drawn (the stage's clocks may count from it).
    if record.investigation_started_at.is_none() {
        facts.push(Fact::InvestigationStarted {
            stage: stage.id.clone(),
            reason: None,
        });
    }
    Ok(facts)
}
