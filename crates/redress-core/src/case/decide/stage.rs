//! The formal stages: acknowledgement, handlers and panels, updates, holding letters and
//! pauses, the response, and moving to the next stage.

use jiff::civil::Date;

use super::{Context, required};
use crate::calendar::{format_date, london_date};
use crate::case::clock::{original_response_due, response_due, shift, start_of, start_words};
use crate::case::command::{Declined, LearningAction, Member, Remedy};
use crate::case::event::{Excluded, Fact};
use crate::case::panel::draw_panel;
use crate::case::refusal::Refusal;
use crate::case::state::StageRecord;
use crate::ids::RoleId;
use crate::letters::{Letter, LetterKind};
use crate::procedure::{
    EscalationItem, Escalator, Ground, HandlerShape, OmbudsmanWhen, Outcome, RemedyKind, Stage,
    StageMode, Statement,
};

pub(super) fn acknowledge(
    cx: &Context,
    handler_name: Option<String>,
    phone: Option<String>,
    email: Option<String>,
) -> Result<Vec<Fact>, Refusal> {
    let (record, stage) = cx.open_stage("an acknowledgement")?;
    if let Some(at) = record.acknowledged_at {
        return Err(Refusal::not_now(format!(
            "{} was already acknowledged on {}",
            stage.name,
            format_date(london_date(at))
        )));
    }
    // The letter states the response date as it will be once this acknowledgement is sent.
    let mut acknowledged = record.clone();
    acknowledged.acknowledged_at = Some(cx.at);
    let must_state = stage
        .acknowledge
        .as_ref()
        .map(|a| a.must_state.as_slice())
        .unwrap_or(&[]);
    let mut letter = Letter::new(LetterKind::Acknowledgement).line(
        Statement::NextSteps,
        format!(
            "{} has received your {} and is following its complaints procedure: {}.",
            cx.procedure.organisation.name,
            if record.escalated {
                "request to escalate your complaint"
            } else {
                "complaint"
            },
            stage.name
        ),
    );
    let role = cx.handler_role(stage);
    let role_contact = role
        .as_ref()
        .and_then(|r| cx.procedure.roles.get(r))
        .map(|r| &r.contact);
    let org_contact = &cx.procedure.organisation.contact;
    for statement in must_state {
        let text = match statement {
            Statement::Handler => handler_words(cx, stage, record, handler_name.as_deref()),
            Statement::Phone => phone
                .clone()
                .or_else(|| role_contact.and_then(|c| c.phone.clone()))
                .or_else(|| org_contact.phone.clone())
                .map(|phone| format!("Telephone: {phone}"))
                .ok_or_else(|| {
                    Refusal::missing("phone", "the acknowledgement must give a contact telephone number, and the procedure file has none for this handler")
                        .instead("give the number to use in `phone`")
                })?,
            Statement::Email => email
                .clone()
                .or_else(|| role_contact.and_then(|c| c.email.clone()))
                .or_else(|| org_contact.email.clone())
                .map(|email| format!("E-mail: {email}"))
                .ok_or_else(|| {
                    Refusal::missing("email", "the acknowledgement must give a contact e-mail address, and the procedure file has none for this handler")
                        .instead("give the address to use in `email`")
                })?,
            Statement::ResponseDue | Statement::Timeframe => {
                response_words(cx, stage, &acknowledged, *statement)?
            }
            Statement::EscalationRights => escalation_words(cx, stage)?,
            Statement::Ombudsman => ombudsman_words(cx),
            _ => continue,
        };
        letter = letter.line(*statement, text);
    }
    Ok(vec![Fact::Acknowledged {
        stage: stage.id.clone(),
        letter,
    }])
}

fn handler_words(cx: &Context, stage: &Stage, record: &StageRecord, name: Option<&str>) -> String {
    if let Some((assigned, role)) = &record.handler {
        return format!(
            "{} ({}) is dealing with your complaint.",
            name.unwrap_or(assigned),
            cx.title(role)
        );
    }
    match stage.handler.shape() {
        HandlerShape::Role(_) => {
            let role = cx
                .handler_role(stage)
                .expect("a role-shaped handler has a role");
            match name {
                Some(name) => format!(
                    "{name} ({}) is dealing with your complaint.",
                    cx.title(&role)
                ),
                None => format!("The {} is dealing with your complaint.", cx.title(&role)),
            }
        }
        HandlerShape::Panel { size, .. } => {
            format!(
                "A panel of {size} members, drawn at random from those not named in your complaint, will investigate it."
            )
        }
        HandlerShape::External(who) => format!("{who} will review your complaint."),
    }
}

fn response_words(
    cx: &Context,
    stage: &Stage,
    record: &StageRecord,
    statement: Statement,
) -> Result<String, Refusal> {
    let Some(respond) = &stage.respond else {
        return Ok(
            "The procedure sets no fixed timescale for this stage; we will keep you informed."
                .to_owned(),
        );
    };
    if statement == Statement::Timeframe {
        return Ok(format!(
            "We aim to complete this stage within {} of {}.",
            respond.within,
            start_words(record, respond.from)
        ));
    }
    Ok(match response_due(cx.calendar, record, respond, cx.at)? {
        Some((due, _)) => format!(
            "You can expect a full response by {}.",
            format_date(due.date)
        ),
        None => format!(
            "You can expect a full response within {} of {}.",
            respond.within,
            start_words(record, respond.from)
        ),
    })
}

fn escalation_words(cx: &Context, stage: &Stage) -> Result<String, Refusal> {
    let Some(escalation) = &stage.escalation else {
        return Ok(format!(
            "{} is the final stage of our procedure.",
            stage.name
        ));
    };
    let next = cx.stage(&next_stage_id(cx, stage))?;
    let answered = cx
        .case
        .current_stage()
        .is_some_and(|r| r.response.is_some());
    Ok(match (escalation.by, escalation.within) {
        // Only an unanswered stage is referred up (refer-up refuses after a response), so a
        // response says the complaint stops here rather than promising a referral.
        (Escalator::Handler, _) if answered => format!(
            "{} has reached its outcome, so the complaint will not be referred to {}.",
            stage.name, next.name
        ),
        (Escalator::Handler, _) => format!(
            "If the complaint cannot be decided at this stage it will be referred to {}, and you will be told.",
            next.name
        ),
        (Escalator::Complainant, Some(within)) => {
            match cx.case.current_stage().and_then(|r| r.response) {
                Some((responded, _)) => {
                    let window = cx.calendar.due(responded, within)?;
                    format!(
                        "If you are not satisfied you may ask for {} within {within}, that is by {}.",
                        next.name,
                        format_date(window.date)
                    )
                }
                None => format!(
                    "If you are not satisfied you may ask for {} within {within} of our response.",
                    next.name
                ),
            }
        }
        (Escalator::Complainant, None) => {
            format!("If you are not satisfied you may ask for {}.", next.name)
        }
    })
}

fn ombudsman_words(cx: &Context) -> String {
    match &cx.procedure.ombudsman {
        Some(ombudsman) => format!(
            "If you remain dissatisfied you may contact the {}{}.",
            ombudsman.name,
            match ombudsman.when {
                OmbudsmanWhen::AfterFinalStage => " once our procedure is complete",
                OmbudsmanWhen::AnyTime =>
                    " at any time, though it will usually expect our procedure to be completed first",
            }
        ),
        None => "Our procedure ends here.".to_owned(),
    }
}

pub(super) fn next_stage_id(cx: &Context, stage: &Stage) -> crate::ids::StageId {
    stage
        .escalation
        .as_ref()
        .and_then(|e| e.to.clone())
        .unwrap_or_else(|| {
            cx.procedure.stages[cx.stage_index(&stage.id) + 1]
                .id
                .clone()
        })
}

pub(super) fn start_investigation(
    cx: &Context,
    reason: Option<String>,
) -> Result<Vec<Fact>, Refusal> {
    let (record, stage) = cx.open_stage("starting the investigation")?;
    if let Some(at) = record.investigation_started_at {
        return Err(Refusal::not_now(format!(
            "the investigation at {} started on {}",
            stage.name,
            format_date(london_date(at))
        )));
    }
    Ok(vec![Fact::InvestigationStarted {
        stage: stage.id.clone(),
        reason,
    }])
}

pub(super) fn assign_handler(
    cx: &Context,
    name: String,
    role: RoleId,
) -> Result<Vec<Fact>, Refusal> {
    let (_, stage) = cx.open_stage("assigning a handler")?;
    let name = required("name", name)?;
    if let Some(person) = cx
        .case
        .people_named
        .iter()
        .find(|p| same_person(&p.name, &name))
    {
        return Err(Refusal::new(
            "conflict-of-interest",
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
            "conflict-of-interest",
            format!(
                "{name} handled {} of this complaint and cannot also handle {}",
                cx.stage(&earlier.id)?.name,
                stage.name
            ),
        )
        .field("name")
        .instead("assign someone who has not handled the complaint before"));
    }
    if let Some(conflict) = cx
        .case
        .conflicts
        .iter()
        .find(|c| c.role == role && c.handler.is_some())
    {
        let instead = conflict.handler.as_ref().expect("checked above");
        return Err(Refusal::new(
            "conflict-of-interest",
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
    let allowed: Vec<RoleId> = match stage.handler.shape() {
        HandlerShape::Role(main) => std::iter::once(main)
            .chain(stage.handler.with.iter())
            .map(|r| cx.instead_of(r).clone())
            .collect(),
        HandlerShape::External(_) => cx
            .procedure
            .roles
            .iter()
            .filter(|(_, r)| r.external)
            .map(|(id, _)| id.clone())
            .collect(),
        HandlerShape::Panel { size, .. } => {
            return Err(Refusal::not_now(format!(
                "{} is handled by a panel of {size} drawn at random",
                stage.name
            ))
            .instead("draw the panel (draw-panel)"));
        }
    };
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
    let (_, stage) = cx.open_stage("drawing a panel")?;
    let HandlerShape::Panel {
        size,
        exclude_named,
        from,
    } = stage.handler.shape()
    else {
        return Err(
            Refusal::not_now(format!("{} is not handled by a panel", stage.name))
                .instead("assign a handler (assign-handler)"),
        );
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
    Ok(vec![Fact::PanelDrawn {
        stage: stage.id.clone(),
        number: cx.case.reference.clone(),
        seed,
        candidates,
        excluded,
        drawn,
    }])
}

pub(super) fn send_update(cx: &Context, summary: String) -> Result<Vec<Fact>, Refusal> {
    let (_, stage) = cx.open_stage("a progress update")?;
    Ok(vec![Fact::UpdateSent {
        stage: stage.id.clone(),
        summary: required("summary", summary)?,
    }])
}

pub(super) fn extend(cx: &Context, new_date: Date, reason: String) -> Result<Vec<Fact>, Refusal> {
    let (record, stage) = cx.open_stage("a holding letter")?;
    let Some(extension) = &stage.extension else {
        return Err(Refusal::new(
            "not-in-procedure",
            format!(
                "the procedure does not allow {}'s response date to move",
                stage.name
            ),
        )
        .instead("send a progress update (send-update)"));
    };
    if extension.reason_required && reason.trim().is_empty() {
        return Err(Refusal::missing(
            "reason",
            "a holding letter must say why more time is needed",
        ));
    }
    let Some(respond) = &stage.respond else {
        return Err(Refusal::not_now(format!(
            "{} has no response date to move",
            stage.name
        )));
    };
    let Some((current, _)) = response_due(cx.calendar, record, respond, cx.at)? else {
        return Err(Refusal::not_now(format!(
            "the response clock has not started: it counts from {}",
            start_words(record, respond.from)
        )));
    };
    if new_date <= current.date {
        return Err(Refusal::invalid(
            "new_date",
            format!(
                "the new date must be after the current one, {}",
                format_date(current.date)
            ),
        ));
    }
    if let Some(max) = extension.max {
        let original =
            original_response_due(cx.calendar, record, stage, cx.at)?.expect("clock started");
        let cap = shift(cx.calendar, original.date, max)?;
        if new_date > cap.date {
            return Err(Refusal::invalid(
                "new_date",
                format!(
                    "the procedure allows at most {max} beyond the original date ({}), that is up to {}",
                    format_date(original.date),
                    format_date(cap.date)
                ),
            )
            .instead(format!("choose a date no later than {}", format_date(cap.date))));
        }
    }
    // A date outside the calendar's data is refused here rather than guessed at later.
    cx.calendar.is_working_day(new_date)?;
    let new_due = crate::calendar::Due {
        date: new_date,
        at: crate::calendar::end_of_day(new_date),
    };
    let letter = Letter::new(LetterKind::HoldingLetter)
        .line(
            Statement::Reason,
            format!("We need more time to complete {}: {reason}", stage.name),
        )
        .line(
            Statement::NewDate,
            format!(
                "You will receive our response by {}.",
                format_date(new_date)
            ),
        );
    Ok(vec![Fact::DeadlineExtended {
        stage: stage.id.clone(),
        new_due,
        reason,
        letter,
    }])
}

pub(super) fn pause(cx: &Context, reason: String) -> Result<Vec<Fact>, Refusal> {
    let (record, stage) = cx.open_stage("stopping the clock")?;
    if record.paused() {
        return Err(
            Refusal::not_now("the clock is already stopped").instead("resume it (resume-clock)")
        );
    }
    Ok(vec![Fact::ClockPaused {
        stage: stage.id.clone(),
        reason: required("reason", reason)?,
    }])
}

pub(super) fn resume(cx: &Context) -> Result<Vec<Fact>, Refusal> {
    let (record, stage) = cx.open_stage("restarting the clock")?;
    if !record.paused() {
        return Err(Refusal::not_now("the clock is not stopped"));
    }
    Ok(vec![Fact::ClockResumed {
        stage: stage.id.clone(),
    }])
}

pub(super) fn respond(
    cx: &Context,
    outcome: Outcome,
    findings: String,
    how_investigated: Option<String>,
    mode: Option<StageMode>,
    remedies: Vec<Remedy>,
    learning: Vec<LearningAction>,
) -> Result<Vec<Fact>, Refusal> {
    let (record, stage) = cx.open_stage("a response")?;
    if let Some(limit) = cx.case.time_limit.as_ref().filter(|t| t.late)
        && !matches!(
            cx.case.scope,
            Some(crate::case::command::ScopeDecision::LateAccepted { .. })
        )
    {
        return Err(Refusal::not_now(format!(
            "the complaint arrived after the time limit (the last day was {}) and has not been accepted late",
            format_date(limit.last_day)
        ))
        .instead("decide its scope first (decide-scope: late-accepted with the special circumstances, or out-of-time)"));
    }
    if let HandlerShape::Panel { .. } = stage.handler.shape()
        && record.panel.is_empty()
    {
        return Err(Refusal::not_now(format!(
            "{} is decided by a panel, and none has been drawn",
            stage.name
        ))
        .instead("draw the panel (draw-panel)"));
    }
    if !stage.outcomes.contains(&outcome) {
        return Err(Refusal::invalid(
            "outcome",
            format!("{} cannot reach that outcome", stage.name),
        )
        .instead(format!("its outcomes are: {}", list(&stage.outcomes))));
    }
    if let Some(mode) = mode
        && !stage.modes.is_empty()
        && !stage.modes.contains(&mode)
    {
        return Err(Refusal::invalid(
            "mode",
            format!("{} is not carried out that way", stage.name),
        )
        .instead(format!("its modes are: {}", list(&stage.modes))));
    }
    let findings = required("findings", findings)?;
    check_remedies(cx, outcome, &remedies)?;
    let must_state = stage
        .respond
        .as_ref()
        .map(|r| r.must_state.as_slice())
        .unwrap_or(&[]);
    if must_state.contains(&Statement::HowInvestigated)
        && how_investigated
            .as_deref()
            .is_none_or(|h| h.trim().is_empty())
    {
        return Err(Refusal::missing(
            "how_investigated",
            format!(
                "{}'s response must say how the complaint was investigated",
                stage.name
            ),
        ));
    }
    let mut responded = record.clone();
    responded.response = Some((cx.at, outcome));
    let mut letter = Letter::new(LetterKind::Response)
        .line(
            Statement::Outcome,
            format!("Outcome: {}.", list(&[outcome])),
        )
        .line(Statement::Findings, findings.clone());
    if let Some(how) = &how_investigated {
        letter = letter.line(Statement::HowInvestigated, how.clone());
    }
    if !remedies.is_empty() || !learning.is_empty() {
        let actions: Vec<String> = remedies
            .iter()
            .map(|r| r.description.clone())
            .chain(learning.iter().map(|l| l.description.clone()))
            .collect();
        letter = letter.line(Statement::Actions, actions.join("; "));
    }
    let scratch = Context {
        case: &with_stage(cx.case, responded),
        ..*cx
    };
    letter = letter.line(
        Statement::EscalationRights,
        escalation_words(&scratch, stage)?,
    );
    if stage.escalation.is_none() {
        letter = letter.line(Statement::Ombudsman, ombudsman_words(cx));
    }
    Ok(vec![Fact::Responded {
        stage: stage.id.clone(),
        outcome,
        findings,
        how_investigated,
        mode,
        remedies,
        learning,
        letter,
    }])
}

fn with_stage(case: &crate::case::state::Case, record: StageRecord) -> crate::case::state::Case {
    let mut case = case.clone();
    if let Some(last) = case.stages.last_mut() {
        *last = record;
    }
    case
}

fn check_remedies(cx: &Context, outcome: Outcome, remedies: &[Remedy]) -> Result<(), Refusal> {
    let Some(policy) = &cx.procedure.remedies else {
        return Ok(());
    };
    for remedy in remedies {
        required("remedies.description", remedy.description.clone())?;
        if !policy.kinds.contains(&remedy.kind) {
            return Err(Refusal::invalid(
                "remedies.kind",
                "the procedure does not offer that kind of remedy",
            )
            .instead(format!("it offers: {}", list(&policy.kinds))));
        }
        let simple = matches!(remedy.kind, RemedyKind::Apology | RemedyKind::Explanation);
        if let Some(agreer) = &policy.agreed_by
            && !simple
            && remedy
                .agreed_by
                .as_deref()
                .is_none_or(|a| a.trim().is_empty())
        {
            return Err(Refusal::missing(
                "remedies.agreed_by",
                format!(
                    "remedies beyond an apology or explanation must be agreed with the {}",
                    cx.title(agreer)
                ),
            ));
        }
    }
    if outcome.upholds()
        && !policy.when_upheld.is_empty()
        && !remedies
            .iter()
            .any(|r| policy.when_upheld.contains(&r.kind))
    {
        return Err(Refusal::missing(
            "remedies",
            format!(
                "when any part of a complaint is upheld this procedure requires: {}",
                list_or(&policy.when_upheld)
            ),
        ));
    }
    Ok(())
}

/// Serde names of values, joined with commas.
fn list<T: serde::Serialize>(values: &[T]) -> String {
    values
        .iter()
        .filter_map(|v| {
            serde_json::to_value(v)
                .ok()
                .and_then(|v| v.as_str().map(str::to_owned))
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn list_or<T: serde::Serialize>(values: &[T]) -> String {
    list(values).replace(", ", " or ")
}

pub(super) fn request_escalation(
    cx: &Context,
    reasons: String,
    grounds: Vec<Ground>,
    outcome_sought: String,
    in_writing: bool,
    late_reason: Option<String>,
) -> Result<Vec<Fact>, Refusal> {
    cx.complaint_only("escalation")?;
    let (record, stage) = cx.current()?;
    let Some(escalation) = &stage.escalation else {
        return Err(Refusal::not_now(format!(
            "{} is the final stage of this procedure",
            stage.name
        ))
        .instead(match &cx.procedure.ombudsman {
            Some(o) => format!("the complainant may go to the {}", o.name),
            None => "there is nowhere further within the procedure".to_owned(),
        }));
    };
    let next = next_stage_id(cx, stage);
    if escalation.by == Escalator::Handler {
        return Err(Refusal::not_now(format!(
            "under this procedure the complainant does not choose to move to {}: {}",
            cx.stage(&next)?.name,
            escalation
                .when
                .as_deref()
                .unwrap_or("the handler refers complaints up")
        )));
    }
    if escalation.in_writing && !in_writing {
        return Err(Refusal::invalid(
            "in_writing",
            "a request to escalate must be made in writing under this procedure",
        )
        .instead("ask the complainant to write, and record the request when it arrives"));
    }
    if escalation.must_state.contains(&EscalationItem::Grounds) && reasons.trim().is_empty() {
        return Err(Refusal::missing(
            "reasons",
            "the request must say why the complainant remains dissatisfied",
        ));
    }
    if escalation
        .must_state
        .contains(&EscalationItem::OutcomeSought)
        && outcome_sought.trim().is_empty()
    {
        return Err(Refusal::missing(
            "outcome_sought",
            "the request must say what outcome the complainant seeks",
        ));
    }
    if !escalation.grounds.is_empty() {
        if grounds.is_empty() {
            return Err(Refusal::missing(
                "grounds",
                format!(
                    "give at least one of the grounds: {}",
                    list(&escalation.grounds)
                ),
            ));
        }
        if let Some(bad) = grounds.iter().find(|g| !escalation.grounds.contains(g)) {
            return Err(Refusal::invalid(
                "grounds",
                format!("`{}` is not a ground for escalation here", list(&[*bad])),
            )
            .instead(format!("the grounds are: {}", list(&escalation.grounds))));
        }
    }
    let window = match record.response {
        Some(_) => match (escalation.within, start_of(record, escalation.from)) {
            (Some(within), Some(from)) => Some(cx.calendar.due(from, within)?),
            _ => None,
        },
        None => {
            // Only "no response within the set timescale" lets a complainant escalate early.
            let overdue = match &stage.respond {
                Some(respond) => response_due(cx.calendar, record, respond, cx.at)?
                    .is_some_and(|(due, _)| cx.at >= due.at),
                None => false,
            };
            if !(grounds.contains(&Ground::NoResponse)
                && escalation.grounds.contains(&Ground::NoResponse)
                && overdue)
            {
                return Err(Refusal::not_now(format!("{} has not been answered yet", stage.name)).instead(
                    if escalation.grounds.contains(&Ground::NoResponse) {
                        "the complainant may escalate once the response is overdue, on the ground no-response"
                    } else {
                        "the complainant may escalate after the response"
                    },
                ));
            }
            None
        }
    };
    let late = window.is_some_and(|w| cx.at >= w.at);
    let late_reason = late_reason.filter(|r| !r.trim().is_empty());
    if late && late_reason.is_none() {
        let closed = window.expect("late implies a window");
        return Err(Refusal::new(
            "late",
            format!(
                "the window to ask for {} closed at the end of {} ({} after the response)",
                cx.stage(&next)?.name,
                format_date(closed.date),
                escalation.within.expect("a window has a length")
            ),
        )
        .instead("accept it late with a recorded reason (late_reason), or record the refusal (refuse-escalation)"));
    }
    Ok(vec![Fact::EscalationRequested {
        from: stage.id.clone(),
        to: next,
        reasons,
        grounds,
        outcome_sought,
        in_writing,
        window,
        late_reason: if late { late_reason } else { None },
    }])
}

pub(super) fn refuse_escalation(cx: &Context, reason: String) -> Result<Vec<Fact>, Refusal> {
    cx.complaint_only("refusing an escalation")?;
    let (_, stage) = cx.current()?;
    if stage
        .escalation
        .as_ref()
        .is_none_or(|e| e.by != Escalator::Complainant)
    {
        return Err(Refusal::not_now(format!(
            "the complainant cannot ask to escalate from {}",
            stage.name
        )));
    }
    Ok(vec![Fact::EscalationRefused {
        reason: required("reason", reason)?,
    }])
}

pub(super) fn refer_up(cx: &Context, reason: String) -> Result<Vec<Fact>, Refusal> {
    let (_, stage) = cx.open_stage("referring the complaint up")?;
    let Some(escalation) = stage
        .escalation
        .as_ref()
        .filter(|e| e.by == Escalator::Handler)
    else {
        return Err(Refusal::not_now(format!(
            "{}'s handler does not refer complaints up under this procedure",
            stage.name
        ))
        .instead("respond; the complainant may then ask to escalate"));
    };
    Ok(vec![Fact::ReferredUp {
        from: stage.id.clone(),
        to: next_stage_id(cx, stage),
        reason: required("reason", reason)?,
        complainant_notified: escalation.notify_complainant,
    }])
}
