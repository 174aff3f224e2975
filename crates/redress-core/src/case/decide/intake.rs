//! Intake rules: what may be received and how, the time limit to complain, conflict-of-interest
//! routing, and scope decisions.

use super::{Context, kind_word, required};
use crate::calendar::{format_date, london_date};
use crate::case::command::{InWritingWhat, PersonNamed, ScopeDecision, Submission};
use crate::case::event::{ConflictApplied, Ending, Fact, Reroute, TimeLimitCheck};
use crate::case::input::{Submitter, ValidSubmission};
use crate::case::offers::Choices;
use crate::case::refusal::Refusal;
use crate::case::refusal::RefusalCode;
use crate::ids::StageId;
use crate::letters::{Letter, LetterKind, Said};
use crate::procedure::{Anonymous, ExclusionAction, FeedbackKind, LateComplaints, TimeLimitFrom};

pub(super) fn receive(
    cx: &Context,
    reference: Option<String>,
    submission: Box<Submission>,
) -> Result<Vec<Fact>, Refusal> {
    let procedure = cx.procedure;
    if cx.case.submission.is_some() {
        return Err(
            Refusal::not_now("this case has already been received").instead("start a new case")
        );
    }
    let day = london_date(cx.at);
    if day < procedure.procedure.effective_from {
        return Err(Refusal::new(
            RefusalCode::WrongProcedure,
            format!(
                "procedure version {} takes effect on {}, after this was received",
                procedure.procedure.version,
                format_date(procedure.procedure.effective_from)
            ),
        )
        .instead("receive it under the version in force on the day it arrived"));
    }
    let kinds = &procedure.organisation.kinds;
    if !kinds.contains(&submission.kind) {
        let accepted: Vec<&str> = kinds.iter().map(|k| kind_word(*k)).collect();
        return Err(Refusal::invalid(
            "kind",
            format!(
                "{} does not take {}s under this procedure",
                procedure.organisation.name,
                kind_word(submission.kind)
            ),
        )
        .instead(format!("it takes: {}", accepted.join(", "))));
    }
    let submission = Box::new(
        ValidSubmission::parse(*submission, procedure, day, Submitter::Staff)?.into_inner(),
    );
    if let Some(matter) = &submission.matter
        && !crate::case::covers(procedure, matter)
    {
        return Err(Refusal::invalid(
            "matter",
            format!(
                "{} does not cover the matter `{matter}`",
                procedure.procedure.title
            ),
        )
        .instead("receive it under the procedure that covers it (`choose_procedure`)"));
    }
    if submission.complainant.is_none()
        && procedure.intake.anonymous == Some(Anonymous::NotAccepted)
    {
        return Err(Refusal::missing(
            "complainant",
            "this procedure does not accept anonymous feedback",
        )
        .instead("record the person's name and how to contact them"));
    }
    if submission.representative.is_some()
        && procedure
            .intake
            .representatives
            .as_ref()
            .is_some_and(|r| !r.accepted)
    {
        return Err(Refusal::invalid(
            "representative",
            "this procedure does not accept complaints made on someone else's behalf",
        ));
    }
    let is_complaint = submission.kind == FeedbackKind::Complaint;
    let time_limit = if is_complaint {
        time_limit(cx, &submission)?
    } else {
        None
    };
    let (conflicts, first_stage) = if is_complaint {
        let conflicts = conflicts_for(cx, &submission.people_named);
        let first = start_stage(cx, &conflicts);
        (conflicts, Some(first))
    } else {
        (Vec::new(), None)
    };
    Ok(vec![Fact::Received {
        reference,
        procedure_version: procedure.procedure.version.clone(),
        submission,
        first_stage,
        conflicts,
        time_limit,
    }])
}

fn time_limit(cx: &Context, submission: &Submission) -> Result<Option<TimeLimitCheck>, Refusal> {
    let Some(limit) = &cx.procedure.time_limit else {
        return Ok(None);
    };
    let Some(happened_on) = submission.happened_on else {
        return Ok(None);
    };
    let counted_from = match (limit.from, submission.became_aware_on) {
        (TimeLimitFrom::EventOrAwareness, Some(aware)) => aware.max(happened_on),
        _ => happened_on,
    };
    let received = london_date(cx.at);
    if counted_from > received {
        return Err(Refusal::invalid(
            "happened_on",
            "the events cannot be dated after the complaint was received",
        ));
    }
    // "Within 12 months": the last day in time is the same date twelve months on.
    let last_day = crate::calendar::date_after(counted_from, limit.within)
        .map_err(|e| Refusal::invalid("happened_on", e.to_string()))?;
    Ok(Some(TimeLimitCheck {
        counted_from,
        last_day,
        late: received > last_day,
    }))
}

/// The conflict rules that apply to the people named.
fn conflicts_for(cx: &Context, people: &[PersonNamed]) -> Vec<ConflictApplied> {
    let mut applied = Vec::new();
    for person in people {
        let Some(role) = &person.role else { continue };
        for rule in cx
            .procedure
            .conflicts
            .iter()
            .filter(|rule| &rule.when_named == role)
        {
            let already =
                cx.case
                    .conflicts
                    .iter()
                    .chain(applied.iter())
                    .any(|c: &ConflictApplied| {
                        c.role == rule.when_named
                            && c.handler == rule.handler
                            && c.start_at == rule.start_at
                    });
            if !already {
                applied.push(ConflictApplied {
                    person: person.name.clone(),
                    role: role.clone(),
                    handler: rule.handler.clone(),
                    start_at: rule.start_at.clone(),
                });
            }
        }
    }
    applied
}

/// The stage a complaint starts at: the latest `start_at` among the conflicts, else the first.
fn start_stage(cx: &Context, conflicts: &[ConflictApplied]) -> StageId {
    conflicts
        .iter()
        .filter_map(|c| c.start_at.as_ref())
        .max_by_key(|id| cx.stage_index(id))
        .cloned()
        .unwrap_or_else(|| cx.procedure.stages[0].id.clone())
}

pub(super) fn name_person(cx: &Context, person: PersonNamed) -> Result<Vec<Fact>, Refusal> {
    // The gate has found a complaint.
    required("person.name", person.name.clone())?;
    let conflicts = conflicts_for(cx, std::slice::from_ref(&person));
    let mut rerouted_to = None;
    let wanted = start_stage(cx, &conflicts);
    let (record, _) = cx.current()?;
    if cx.stage_index(&wanted) > cx.stage_index(&record.id) {
        if record.response.is_some() || record.escalated {
            return Err(Refusal::not_now(format!(
                "naming {} means the complaint should have started at `{wanted}`, but it has already moved on",
                person.name
            ))
            .instead("record the person with no role, and note the conflict on the case"));
        }
        // The complaint starts afresh at the later stage, counted from its original receipt:
        // the current stage was neither escalated into nor answered, so it too was entered then.
        rerouted_to = Some(Reroute {
            stage: wanted,
            entered_at: record.entered_at,
        });
    }
    Ok(vec![Fact::PersonNamed {
        person,
        conflicts,
        rerouted_to,
    }])
}

pub(super) fn decide_scope(cx: &Context, decision: ScopeDecision) -> Result<Vec<Fact>, Refusal> {
    // The gate has found a complaint not yet answered, with something that could be out of scope.
    let late = cx.case.time_limit.as_ref().filter(|t| t.late);
    let mut route = None;
    let mut close = false;
    let mut said = None;
    match &decision {
        ScopeDecision::InScope => {
            if let Some(limit) = late {
                return Err(Refusal::invalid(
                    "decision",
                    format!(
                        "the complaint arrived after the time limit (the last day was {})",
                        format_date(limit.last_day)
                    ),
                )
                .instead(match cx.procedure.time_limit.as_ref().map(|t| t.late) {
                    Some(LateComplaints::SpecialCircumstances) => {
                        "accept it late with the special circumstances recorded (late-accepted), or decide out-of-time"
                    }
                    _ => "decide out-of-time",
                }));
            }
        }
        ScopeDecision::LateAccepted { reason } => {
            required("reason", reason.clone())?;
            match (late, cx.procedure.time_limit.as_ref().map(|t| t.late)) {
                (None, _) => {
                    return Err(Refusal::invalid("decision", "the complaint is not late")
                        .instead("decide in-scope"));
                }
                (Some(_), Some(LateComplaints::Refused)) => {
                    return Err(Refusal::invalid(
                        "decision",
                        "this procedure does not accept late complaints",
                    )
                    .instead("decide out-of-time"));
                }
                _ => {}
            }
        }
        ScopeDecision::OutOfTime => {
            if late.is_none() {
                return Err(Refusal::invalid(
                    "decision",
                    "the complaint is not outside the time limit (or the dates of the events are not recorded)",
                ));
            }
            route = Some("outside the time limit to complain".to_owned());
            close = true;
            if let (Some(limit), Some(rule)) = (late, &cx.procedure.time_limit) {
                said = Some(Said::OutOfTime {
                    within: rule.within,
                    last_day: limit.last_day,
                });
            }
        }
        ScopeDecision::Excluded { exclusion, .. } => {
            let Some(found) = cx.procedure.exclusions.iter().find(|e| &e.id == exclusion) else {
                let known: Vec<&str> = cx
                    .procedure
                    .exclusions
                    .iter()
                    .map(|e| e.id.as_str())
                    .collect();
                return Err(Refusal::invalid(
                    "exclusion",
                    format!("the procedure has no exclusion `{exclusion}`"),
                )
                .instead(if known.is_empty() {
                    "this procedure lists no exclusions".to_owned()
                } else {
                    format!("its exclusions are: {}", known.join(", "))
                }));
            };
            said = Some(Said::Scope {
                matter: found.title.clone(),
                route: found.route.clone(),
                note: found.note.clone(),
            });
            route = Some(match (&found.route, found.action) {
                (Some(route), _) => route.clone(),
                (None, ExclusionAction::Explain) => "explained, not investigated".to_owned(),
                (None, _) => found.title.clone(),
            });
            close = true;
        }
    }
    let letter = said.map(|said| Letter::new(LetterKind::ScopeDecision).with(said));
    let mut facts = vec![Fact::ScopeDecided {
        decision,
        route,
        letter,
    }];
    if close {
        facts.push(super::other::closing(cx, Ending::OutOfScope, None)?);
    }
    Ok(facts)
}

pub(super) fn request_in_writing(
    cx: &Context,
    choices: &Choices,
    what: InWritingWhat,
) -> Result<Vec<Fact>, Refusal> {
    if !choices.in_writing.contains(&what) {
        return Err(Refusal::invalid(
            "what",
            match what {
                InWritingWhat::Complaint => {
                    "the complaint is already in writing (it did not come by phone or in person), or has been answered"
                }
                InWritingWhat::WrittenAuthority => {
                    "no written authority is needed: there is no representative, the procedure does not ask for it, or it is held"
                }
            },
        )
        .instead(format!("ask for: {}", super::words::list(&choices.in_writing))));
    }
    let letter = Letter::new(LetterKind::RequestInWriting).with(Said::InWriting {
        what,
        organisation: cx.procedure.organisation.name.clone(),
        send_to: cx.procedure.organisation.contact.clone(),
    });
    Ok(vec![Fact::InWritingRequested { what, letter }])
}
