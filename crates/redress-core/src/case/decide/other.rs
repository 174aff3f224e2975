//! Everything outside the formal stages: informal resolution and mediation, compliments and
//! comments, withdrawal, the behaviour policy, and closing a case.

use crate::case::refusal::RefusalCode;
use jiff::civil::Date;

use super::{Context, kind_word, required};
use crate::calendar::{Duration, format_date, london_date};
use crate::case::event::{Ending, Fact};
use crate::case::refusal::Refusal;
use crate::ids::RoleId;
use crate::names::serde_name;
use crate::procedure::{Escalator, FeedbackKind, Publish, Restriction, RetentionFrom};

/// The `Closed` fact for this case, with the day its personal data falls due for deletion.
pub(crate) fn closing(cx: &Context, how: Ending, note: Option<String>) -> Result<Fact, Refusal> {
    let delete_after = match &cx.procedure.retention {
        Some(retention) => {
            let from = match retention.from {
                RetentionFrom::Closure => london_date(cx.at),
                RetentionFrom::Receipt => london_date(cx.case.received_at.unwrap_or(cx.at)),
            };
            let span = match retention.keep {
                Duration::Months(n) => jiff::Span::new().months(i64::from(n)),
                Duration::Weeks(n) => jiff::Span::new().weeks(i64::from(n)),
                Duration::Days(n) | Duration::WorkingDays(n) => {
                    jiff::Span::new().days(i64::from(n))
                }
                Duration::Hours(n) => jiff::Span::new().days(i64::from(n.div_ceil(24))),
            };
            Some(
                from.checked_add(span)
                    .map_err(|e| Refusal::new(RefusalCode::Calendar, e.to_string()))?,
            )
        }
        None => None,
    };
    Ok(Fact::Closed {
        how,
        note,
        delete_after,
    })
}

pub(super) fn resolve_informally(cx: &Context, summary: String) -> Result<Vec<Fact>, Refusal> {
    let (record, stage) = cx.open_stage("informal resolution")?;
    if cx.procedure.informal.is_none() {
        return Err(Refusal::new(
            RefusalCode::NotInProcedure,
            "this procedure has no informal resolution",
        )
        .instead(format!("respond at {}", stage.name)));
    }
    if record.escalated {
        return Err(Refusal::not_now("informal resolution comes before the formal stages, and this complaint has been escalated")
            .instead(format!("respond at {}", stage.name)));
    }
    let summary = required("summary", summary)?;
    Ok(vec![
        Fact::ResolvedInformally { summary },
        closing(cx, Ending::ResolvedInformally, None)?,
    ])
}

pub(super) fn offer_mediation(cx: &Context, by: RoleId) -> Result<Vec<Fact>, Refusal> {
    let (record, stage) = cx.open_stage("mediation")?;
    let allowed = cx.case.mediator_roles(cx.procedure, record, stage);
    if allowed.is_empty() {
        return Err(Refusal::new(
            RefusalCode::NotInProcedure,
            format!("the procedure offers no mediation at {}", stage.name),
        ));
    }
    if !allowed.contains(&by) {
        let titles: Vec<String> = allowed
            .iter()
            .map(|r| format!("the {} (`{r}`)", cx.title(r)))
            .collect();
        return Err(Refusal::invalid(
            "by",
            format!("mediation here is not offered by the {}", cx.title(&by)),
        )
        .instead(format!("it may be offered by {}", titles.join(" or "))));
    }
    Ok(vec![Fact::MediationOffered { by }])
}

pub(super) fn record_mediation(
    cx: &Context,
    agreed: bool,
    summary: String,
) -> Result<Vec<Fact>, Refusal> {
    cx.open_stage("mediation")?;
    if cx.case.mediation_offered_by.is_none() {
        return Err(
            Refusal::not_now("no mediation has been offered on this case")
                .instead("offer it first (offer-mediation)"),
        );
    }
    Ok(vec![Fact::MediationHeld {
        agreed,
        summary: required("summary", summary)?,
    }])
}

pub(super) fn withdraw(cx: &Context, reason: Option<String>) -> Result<Vec<Fact>, Refusal> {
    cx.complaint_only("withdrawal")?;
    Ok(vec![
        Fact::Withdrawn { reason },
        closing(cx, Ending::Withdrawn, None)?,
    ])
}

pub(super) fn decide_internal_review(
    cx: &Context,
    needed: bool,
    note: String,
) -> Result<Vec<Fact>, Refusal> {
    if cx.case.withdrawn_at.is_none() {
        return Err(Refusal::not_now("the complaint has not been withdrawn"));
    }
    if !cx
        .procedure
        .withdrawal
        .as_ref()
        .is_some_and(|w| w.internal_review)
    {
        return Err(Refusal::new(
            RefusalCode::NotInProcedure,
            "this procedure does not call for an internal review decision after withdrawal",
        ));
    }
    if cx.case.internal_review.is_some() {
        return Err(Refusal::not_now(
            "the internal review decision has already been made",
        ));
    }
    Ok(vec![Fact::InternalReviewDecided {
        needed,
        note: required("note", note)?,
    }])
}

/// The compliments or comments rules that apply to this case, refusing complaints.
fn feedback_rules<'a>(
    cx: &Context<'a>,
) -> Result<(Vec<RoleId>, bool, Option<&'a Publish>), Refusal> {
    match cx.kind() {
        FeedbackKind::Complaint => Err(Refusal::not_now(
            "complaints are not passed on, replied to or published",
        )
        .instead("acknowledge it and follow the complaints stages")),
        FeedbackKind::Compliment => {
            let rules = cx.procedure.compliments.as_ref();
            Ok((
                rules.map(|c| c.pass_to.clone()).unwrap_or_default(),
                rules.is_some_and(|c| c.pass_to_person_named),
                rules.and_then(|c| c.publish.as_ref()),
            ))
        }
        FeedbackKind::Comment | FeedbackKind::Suggestion => {
            let rules = cx.procedure.comments.as_ref();
            Ok((
                rules.map(|c| c.pass_to.clone()).unwrap_or_default(),
                false,
                rules.and_then(|c| c.publish.as_ref()),
            ))
        }
    }
}

pub(super) fn pass_on(cx: &Context, to: Option<RoleId>) -> Result<Vec<Fact>, Refusal> {
    let (roles, to_person, _) = feedback_rules(cx)?;
    let allowed = match &to {
        Some(role) => {
            roles.is_empty() && cx.procedure.roles.contains_key(role) || roles.contains(role)
        }
        None => to_person,
    };
    if !allowed {
        let mut options: Vec<String> = roles
            .iter()
            .map(|r| format!("the {} (`{r}`)", cx.title(r)))
            .collect();
        if to_person {
            options.push("the person complimented (no role)".to_owned());
        }
        return Err(Refusal::invalid(
            "to",
            format!(
                "this procedure does not pass {}s on that way",
                kind_word(cx.kind())
            ),
        )
        .instead(if options.is_empty() {
            "no one is named to receive them".to_owned()
        } else {
            format!("pass it to {}", options.join(" or "))
        }));
    }
    if cx.case.passed_on.contains(&to) {
        return Err(Refusal::not_now("it has already been passed on there"));
    }
    Ok(vec![Fact::PassedOn { to }])
}

pub(super) fn reply(cx: &Context, summary: String) -> Result<Vec<Fact>, Refusal> {
    feedback_rules(cx)?;
    if cx.case.replied_at.is_some() {
        return Err(Refusal::not_now("it has already been replied to"));
    }
    Ok(vec![Fact::Replied {
        summary: required("summary", summary)?,
    }])
}

pub(super) fn publish(cx: &Context) -> Result<Vec<Fact>, Refusal> {
    let (_, _, publish) = feedback_rules(cx)?;
    let Some(publish) = publish else {
        return Err(Refusal::new(
            RefusalCode::NotInProcedure,
            format!("this procedure does not publish {}s", kind_word(cx.kind())),
        ));
    };
    let consent = cx
        .case
        .submission
        .as_ref()
        .is_some_and(|s| s.consent_to_publish);
    if publish.consent_required && !consent {
        return Err(
            Refusal::not_now("the person did not consent to publication")
                .instead("ask for their consent first"),
        );
    }
    if cx.case.published_at.is_some() {
        return Err(Refusal::not_now("it has already been published"));
    }
    Ok(vec![Fact::Published {
        place: publish.place.clone(),
    }])
}

fn behaviour_policy<'a>(
    cx: &Context<'a>,
) -> Result<&'a crate::procedure::BehaviourPolicy, Refusal> {
    cx.procedure.behaviour.as_ref().ok_or_else(|| {
        Refusal::new(
            RefusalCode::NotInProcedure,
            "this procedure has no policy on unacceptable or persistent behaviour",
        )
    })
}

pub(super) fn warn(cx: &Context, reason: String) -> Result<Vec<Fact>, Refusal> {
    behaviour_policy(cx)?;
    Ok(vec![Fact::BehaviourWarned {
        reason: required("reason", reason)?,
    }])
}

pub(super) fn restrict(
    cx: &Context,
    restrictions: Vec<Restriction>,
    reason: String,
    until: Date,
    review_on: Date,
    safety_risk: bool,
) -> Result<Vec<Fact>, Refusal> {
    let policy = behaviour_policy(cx)?;
    let reason = required("reason", reason)?;
    if restrictions.is_empty() {
        return Err(Refusal::missing(
            "restrictions",
            "name at least one restriction",
        ));
    }
    if let Some(bad) = restrictions
        .iter()
        .find(|r| !policy.restrictions.contains(r))
    {
        return Err(Refusal::invalid(
            "restrictions",
            format!("the policy does not provide for `{}`", serde_name(bad)),
        ));
    }
    if policy.warning_first && cx.case.warned_at.is_none() && !safety_risk {
        return Err(
            Refusal::not_now("the policy requires a warning before contact is restricted")
                .instead("warn first (warn-behaviour), or record a safety risk to staff"),
        );
    }
    let today = london_date(cx.at);
    if until <= today {
        return Err(Refusal::invalid(
            "until",
            "a restriction must last beyond today: say how long it applies",
        ));
    }
    if review_on <= today || review_on > until {
        return Err(Refusal::invalid(
            "review_on",
            format!(
                "the review date must fall after today and no later than the end of the restriction ({})",
                format_date(until)
            ),
        ));
    }
    Ok(vec![Fact::ContactRestricted {
        restrictions,
        reason,
        until,
        review_on,
        safety_risk,
    }])
}

pub(super) fn terminate(cx: &Context, reason: String) -> Result<Vec<Fact>, Refusal> {
    let policy = behaviour_policy(cx)?;
    if !policy.termination {
        return Err(Refusal::new(
            RefusalCode::NotInProcedure,
            "the policy does not provide for ending contact",
        ));
    }
    if cx.case.warned_at.is_none() && cx.case.restrictions.is_empty() && !cx.case.is_closed() {
        return Err(Refusal::not_now("contact is ended only after a warning or restrictions, or once the complaint is closed")
            .instead("warn first (warn-behaviour)"));
    }
    Ok(vec![Fact::ContactTerminated {
        reason: required("reason", reason)?,
    }])
}

pub(super) fn close(
    cx: &Context,
    complainant_satisfied: bool,
    note: Option<String>,
) -> Result<Vec<Fact>, Refusal> {
    if cx.kind() != FeedbackKind::Complaint {
        return close_feedback(cx, note);
    }
    let (record, stage) = cx.current()?;
    // Ending contact may "discontinue any investigation into the complaint" (seed 004), so a
    // case whose contact was terminated may close unanswered, saying so in its note.
    if cx.case.contact_terminated_at.is_some() && record.response.is_none() {
        if note.as_deref().is_none_or(|n| n.trim().is_empty()) {
            return Err(Refusal::missing(
                "note",
                "contact was ended before a response: say why the complaint closes unanswered",
            ));
        }
        return Ok(vec![closing(cx, Ending::Completed, note)?]);
    }
    let Some((responded, _)) = record.response else {
        return Err(
            Refusal::not_now(format!("{} has not been answered", stage.name)).instead(
                "respond, resolve it informally, decide it is out of scope, or record a withdrawal",
            ),
        );
    };
    if let Some(within) = stage
        .escalation
        .as_ref()
        .filter(|e| e.by == Escalator::Complainant)
        .and_then(|e| e.within)
        && !complainant_satisfied
        && cx.case.escalations_refused.is_empty()
    {
        let window = cx.calendar.due(responded, within)?;
        if cx.at < window.at {
            return Err(Refusal::not_now(format!(
                "the complainant may still ask for the next stage until the end of {}",
                format_date(window.date)
            ))
            .instead("close after that, or record that the complainant is satisfied (complainant_satisfied)"));
        }
    }
    Ok(vec![closing(cx, Ending::Completed, note)?])
}

fn close_feedback(cx: &Context, note: Option<String>) -> Result<Vec<Fact>, Refusal> {
    let reply_promised = match cx.kind() {
        FeedbackKind::Compliment => cx
            .procedure
            .compliments
            .as_ref()
            .and_then(|c| c.respond_within),
        _ => cx
            .procedure
            .comments
            .as_ref()
            .and_then(|c| c.respond_within),
    };
    if let Some(within) = reply_promised
        && cx.case.replied_at.is_none()
        && cx
            .case
            .submission
            .as_ref()
            .is_some_and(|s| s.complainant.is_some())
    {
        return Err(Refusal::not_now(format!(
            "this procedure promises a reply within {within}, and none has been sent"
        ))
        .instead("reply first (reply)"));
    }
    Ok(vec![closing(cx, Ending::Acknowledged, note)?])
}
