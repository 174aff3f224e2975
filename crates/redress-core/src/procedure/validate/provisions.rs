//! Checks for the keys that say the codes' finer provisions: extensions beyond a cap, who
//! authorises and agrees an extension, a different handler, starting at a later stage, a
//! window of two spans, the ombudsman at any time, and what each letter can state.

use super::{IntoSeg, Problems};
use crate::procedure::model::*;

/// What a holding letter can state besides its reason and new date.
const HOLDING_LETTER_STATES: &[Statement] = &[
    Statement::Handler,
    Statement::Phone,
    Statement::Email,
    Statement::Stage,
    Statement::Ombudsman,
];

pub(super) fn check(procedure: &Procedure, problems: &mut Problems) {
    for (s, stage) in procedure.stages.iter().enumerate() {
        if let Some(extension) = &stage.extension {
            extension_keys(procedure, s, extension, problems);
        }
        if s == 0 && stage.different_handler {
            problems.push((
                path!["stage", s, "different_handler"],
                "the first stage has no previous stage whose handler could differ".to_owned(),
            ));
        }
        if s == 0 && stage.start_here_when.is_some() {
            problems.push((
                path!["stage", s, "start_here_when"],
                "every complaint starts at the first stage; `start_here_when` belongs on a later stage"
                    .to_owned(),
            ));
        }
        if stage
            .start_here_when
            .as_deref()
            .is_some_and(|when| when.trim().is_empty())
        {
            problems.push((
                path!["stage", s, "start_here_when"],
                "say when a complaint goes straight to this stage, e.g. \"it is complex and needs investigation\"".to_owned(),
            ));
        }
        if let Some(acknowledge) = &stage.acknowledge
            && let Some(i) = acknowledge
                .must_state
                .iter()
                .position(|st| *st == Statement::OutstandingActions)
        {
            problems.push((
                path!["stage", s, "acknowledge", "must_state", i],
                "an acknowledgement comes before anything is done; outstanding actions belong in respond.must_state".to_owned(),
            ));
        }
        if let Some(escalation) = &stage.escalation {
            if escalation.handler_may_refer && escalation.by != Escalator::Complainant {
                problems.push((
                    path!["stage", s, "escalation", "handler_may_refer"],
                    "`handler_may_refer` opens escalation to the handler as well as the complainant; with by = \"handler\" it says nothing".to_owned(),
                ));
            }
            if escalation.or_if_later.is_some() && escalation.within.is_none() {
                problems.push((
                    path!["stage", s, "escalation", "or_if_later"],
                    "`or_if_later` is a second span for the window: give the first as `within`"
                        .to_owned(),
                ));
            }
            if let Some(span) = &escalation.or_if_later
                && matches!(
                    span.within,
                    crate::calendar::Duration::WorkingDays(_) | crate::calendar::Duration::Hours(_)
                )
            {
                problems.push((
                    path!["stage", s, "escalation", "or_if_later", "within"],
                    "the second span counts from a day, in days, weeks or months".to_owned(),
                ));
            }
        }
    }
    if let Some(ombudsman) = &procedure.ombudsman
        && ombudsman.also_any_time
        && ombudsman.when == OmbudsmanWhen::AnyTime
    {
        problems.push((
            path!["ombudsman", "also_any_time"],
            "`also_any_time` adds \"at any time\" to when = \"after-final-stage\"; with when = \"any-time\" it says nothing".to_owned(),
        ));
    }
}

fn extension_keys(procedure: &Procedure, s: usize, extension: &Extension, problems: &mut Problems) {
    if extension.beyond_max_with_good_reason && extension.max.is_none() {
        problems.push((
            path!["stage", s, "extension", "beyond_max_with_good_reason"],
            "there is no `max` to go beyond: give the cap as `max`".to_owned(),
        ));
    }
    for (i, statement) in extension.must_state.iter().enumerate() {
        if !HOLDING_LETTER_STATES.contains(statement) {
            problems.push((
                path!["stage", s, "extension", "must_state", i],
                format!(
                    "a holding letter always states the reason and the new date; it can also state: {}",
                    HOLDING_LETTER_STATES
                        .iter()
                        .map(crate::names::serde_name)
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            ));
        }
        if *statement == Statement::Ombudsman && procedure.ombudsman.is_none() {
            problems.push((
                path!["stage", s, "extension", "must_state", i],
                "the holding letter must tell the complainant about the ombudsman, but there is no [ombudsman]".to_owned(),
            ));
        }
    }
}
