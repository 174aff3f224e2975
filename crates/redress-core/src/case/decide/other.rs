//! Everything outside the formal stages: informal resolution and mediation, compliments and
//! comments, withdrawal, the behaviour policy, and closing a case.

use jiff::civil::Date;

use super::{Context, kind_word, required};
use crate::calendar::{format_date, london_date};
use crate::case::command::{ContactKind, LinkDelivery};
use crate::case::event::{Ending, Fact};
use crate::case::offers::{Choices, FeedbackRules, behaviour_policy, feedback_rules};
use crate::case::refusal::Refusal;
use crate::ids::RoleId;
use crate::letters::{Letter, LetterKind, Said};
use crate::names::serde_name;
use crate::procedure::{FeedbackKind, Restriction, RetentionFrom};

/// The `Closed` fact for this case, with the day its personal data falls due for deletion.
pub(crate) fn closing(cx: &Context, how: Ending, note: Option<String>) -> Result<Fact, Refusal> {
    let delete_after = match &cx.procedure.retention {
        Some(retention) => {
            let from = match retention.from {
                RetentionFrom::Closure => london_date(cx.at),
                RetentionFrom::Receipt => london_date(cx.case.received_at.unwrap_or(cx.at)),
            };
            Some(
                // `From<CalendarError>` gives the calendar refusal code.
                crate::calendar::date_after(from, retention.keep)?,
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
    let summary = required("summary", summary)?;
    let letter = Letter::new(LetterKind::InformalResolution).with(Said::Summary {
        text: summary.clone(),
    });
    Ok(vec![
        Fact::ResolvedInformally {
            summary,
            letter: Some(letter),
        },
        closing(cx, Ending::ResolvedInformally, None)?,
    ])
}

pub(super) fn offer_mediation(
    cx: &Context,
    choices: &Choices,
    by: RoleId,
) -> Result<Vec<Fact>, Refusal> {
    let allowed = &choices.roles;
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

pub(super) fn record_mediation(agreed: bool, summary: String) -> Result<Vec<Fact>, Refusal> {
    Ok(vec![Fact::MediationHeld {
        agreed,
        summary: required("summary", summary)?,
    }])
}

pub(super) fn withdraw(cx: &Context, reason: Option<String>) -> Result<Vec<Fact>, Refusal> {
    let letter = Letter::new(LetterKind::WithdrawalConfirmation).with(Said::Withdrawal {
        internal_review: cx
            .procedure
            .withdrawal
            .as_ref()
            .is_some_and(|w| w.internal_review),
    });
    Ok(vec![
        Fact::Withdrawn {
            reason,
            letter: Some(letter),
        },
        closing(cx, Ending::Withdrawn, None)?,
    ])
}

pub(super) fn decide_internal_review(needed: bool, note: String) -> Result<Vec<Fact>, Refusal> {
    Ok(vec![Fact::InternalReviewDecided {
        needed,
        note: required("note", note)?,
    }])
}

pub(super) fn pass_on(cx: &Context, to: Option<RoleId>) -> Result<Vec<Fact>, Refusal> {
    let FeedbackRules {
        pass_to: roles,
        to_person,
        ..
    } = feedback_rules(cx)?;
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
    let summary = required("summary", summary)?;
    let letter = Letter::new(LetterKind::ComplimentReply)
        .with(Said::Thanks {
            kind: cx.kind(),
            organisation: cx.procedure.organisation.name.clone(),
        })
        .with(Said::Summary {
            text: summary.clone(),
        });
    Ok(vec![Fact::Replied {
        summary,
        letter: Some(letter),
    }])
}

pub(super) fn publish(cx: &Context, wording: &str) -> Result<Vec<Fact>, Refusal> {
    // The gate has found a place to publish and the person's consent where it is needed.
    let Some(publish) = feedback_rules(cx)?.publish else {
        return Err(Refusal::not_now("this procedure does not publish it"));
    };
    let wording = crate::case::publication::check_wording(cx.case, wording)?;
    Ok(vec![Fact::Published {
        place: publish.place.clone(),
        wording,
    }])
}

pub(super) fn unpublish(reason: String) -> Result<Vec<Fact>, Refusal> {
    // The gate has found it published.
    Ok(vec![Fact::Unpublished {
        reason: Some(required("reason", reason)?),
    }])
}

/// The giver's consent withdrawn; anything published comes down with it.
pub(super) fn withdraw_consent(cx: &Context) -> Vec<Fact> {
    let mut facts = vec![Fact::ConsentWithdrawn];
    if cx.case.published_at.is_some() {
        facts.push(Fact::Unpublished { reason: None });
    }
    facts
}

pub(super) fn warn(cx: &Context, reason: String) -> Result<Vec<Fact>, Refusal> {
    behaviour_policy(cx)?;
    let reason = required("reason", reason)?;
    let letter = Letter::new(LetterKind::BehaviourWarning).with(Said::Behaviour {
        reason: reason.clone(),
    });
    Ok(vec![Fact::BehaviourWarned {
        reason,
        letter: Some(letter),
    }])
}

#[allow(clippy::too_many_arguments)]
pub(super) fn restrict(
    cx: &Context,
    choices: &Choices,
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
    if choices.warning_first && !safety_risk {
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
    let letter = Letter::new(LetterKind::ContactRestriction)
        .with(Said::Behaviour {
            reason: reason.clone(),
        })
        .with(Said::Restrictions {
            restrictions: restrictions.clone(),
            until,
            review_on,
        });
    Ok(vec![Fact::ContactRestricted {
        restrictions,
        reason,
        until,
        review_on,
        safety_risk,
        letter: Some(letter),
    }])
}

pub(super) fn terminate(reason: String) -> Result<Vec<Fact>, Refusal> {
    Ok(vec![Fact::ContactTerminated {
        reason: required("reason", reason)?,
    }])
}

pub(super) fn close(
    cx: &Context,
    choices: &Choices,
    complainant_satisfied: bool,
    note: Option<String>,
) -> Result<Vec<Fact>, Refusal> {
    // The gate has found the case may close: a compliment or comment with any promised reply
    // sent, or a complaint answered or whose contact was ended.
    if cx.kind() != FeedbackKind::Complaint {
        return Ok(vec![closing(cx, Ending::Acknowledged, note)?]);
    }
    let (record, _) = cx.current()?;
    // Ending contact may "discontinue any investigation into the complaint" (seed 004), so a
    // case whose contact was terminated may close unanswered, saying so in its note.
    if record.response.is_none() && note.as_deref().is_none_or(|n| n.trim().is_empty()) {
        return Err(Refusal::missing(
            "note",
            "contact was ended before a response: say why the complaint closes unanswered",
        ));
    }
    if let Some(until) = choices.satisfied_until
        && !complainant_satisfied
    {
        return Err(Refusal::not_now(format!(
            "the complainant may still ask for the next stage until the end of {}",
            format_date(until)
        ))
        .instead(
            "close after that, or record that the complainant is satisfied (complainant_satisfied)",
        ));
    }
    Ok(vec![closing(cx, Ending::Completed, note)?])
}

pub(super) fn issue_tracking_link(
    choices: &Choices,
    delivery: LinkDelivery,
    requested: bool,
) -> Result<Vec<Fact>, Refusal> {
    if !choices.deliveries.contains(&delivery) {
        return Err(Refusal::invalid(
            "delivery",
            "there is no e-mail address on the case to send the link to",
        )
        .instead("show the link and write it into a letter (delivery: shown)"));
    }
    let to = match delivery {
        LinkDelivery::Email => choices.send_to.clone(),
        LinkDelivery::Shown => None,
    };
    Ok(vec![Fact::TrackingLinkIssued {
        delivery,
        to,
        requested,
    }])
}

pub(super) fn record_contact(
    cx: &Context,
    kind: ContactKind,
    who: String,
    held_on: Date,
    summary: String,
) -> Result<Vec<Fact>, Refusal> {
    let who = required("who", who)?;
    let summary = required("summary", summary)?;
    // A call is recorded after it happens: not before 1900, not after the day it is recorded.
    crate::case::input::past_date(held_on, london_date(cx.at))
        .map_err(|problem| Refusal::invalid("held_on", format!("held_on {problem}")))?;
    Ok(vec![Fact::ContactRecorded {
        kind,
        who,
        held_on,
        summary,
    }])
}
