//! How a case leaves a stage, in words: the complainant's request (grounds, window, form) or
//! the handler's referral up, or the note that this is the final stage.

use super::stage_ref;
use super::words::{Words, capitalise, definite, duration, list, the, uncapitalise};
use crate::procedure::document::Span;
use crate::procedure::model::*;

/// The handler as the subject of a later sentence: "the panel", "the Chair".
fn handler_subject(words: &Words, handler: &Handler) -> String {
    match handler {
        Handler::Role { role, .. } => words.role(role),
        Handler::Panel { .. } => "the panel".to_owned(),
        Handler::External { who, .. } => definite(who),
    }
}

/// The grounds for escalating as a condition: "you are unhappy with the outcome, or you have
/// had no response in time".
fn grounds(grounds: &[Ground]) -> String {
    let unhappy: Vec<&str> = grounds
        .iter()
        .filter_map(|ground| match ground {
            Ground::Outcome => Some("with the outcome"),
            Ground::Handling => Some("with how your complaint was handled"),
            Ground::NoResponse => None,
        })
        .collect();
    let mut clauses = Vec::new();
    if !unhappy.is_empty() {
        clauses.push(format!("you are unhappy {}", list(&unhappy, "or")));
    }
    if grounds.contains(&Ground::NoResponse) {
        clauses.push("you have had no response in time".to_owned());
    }
    if clauses.is_empty() {
        "you are still dissatisfied".to_owned()
    } else {
        clauses.join(", or ")
    }
}

/// How a case leaves the stage, or that it is the last, as a paragraph's spans.
pub(super) fn moving_on(words: &Words, index: usize, stage: &Stage) -> Vec<Span> {
    let Some(escalation) = &stage.escalation else {
        let mut text = " of the procedure.".to_owned();
        if let Some(ombudsman) = &words.procedure.ombudsman {
            text.push_str(&format!(
                " If you are still not satisfied, you can go to {}.",
                the(&ombudsman.name)
            ));
        }
        return vec![Span::strong("This is the final stage"), Span::Text(text)];
    };
    let target = words.escalation_target(index).map_or_else(
        || "the next stage".to_owned(),
        |t| stage_ref(&words.procedure.stages[t].name),
    );
    match escalation.by {
        Escalator::Complainant => {
            let mut text = format!(
                "If {}, you can ask for the complaint to go to {target}",
                grounds(&escalation.grounds)
            );
            if let Some(within) = escalation.within {
                let since = match escalation.from {
                    ClockStart::Response => "of this stage's response".to_owned(),
                    other => words.since(other, index),
                };
                text.push_str(&format!(" within {} {since}", duration(within)));
                if let Some(span) = &escalation.or_if_later {
                    text.push_str(&format!(
                        ", or within {} {}, whichever is later",
                        duration(span.within),
                        match span.from {
                            crate::procedure::WindowFrom::Event =>
                                "of the events you complain about",
                            crate::procedure::WindowFrom::Receipt =>
                                "of our receiving your complaint",
                        }
                    ));
                }
            }
            let unlimited = escalation.within.is_none();
            if escalation.in_writing {
                text.push_str(", in writing");
            }
            let items: Vec<&str> = escalation
                .must_state
                .iter()
                .map(|item| match item {
                    EscalationItem::Grounds => "why you are still dissatisfied",
                    EscalationItem::OutcomeSought => "what outcome you want",
                })
                .collect();
            if !items.is_empty() {
                text.push_str(&format!(", saying {}", list(&items, "and")));
            }
            text.push('.');
            if unlimited {
                text.push_str(" No time limit is set for asking.");
            }
            if escalation.handler_may_refer {
                text.push_str(&format!(
                    " {} may also refer it there before responding.",
                    capitalise(&handler_subject(words, &stage.handler))
                ));
            }
            vec![Span::strong("Moving on."), Span::Text(format!(" {text}"))]
        }
        Escalator::Handler => {
            let mut text = format!(
                "{} refers the complaint to {target}",
                capitalise(&handler_subject(words, &stage.handler))
            );
            if let Some(when) = &escalation.when {
                text.push_str(&format!(
                    " when {}",
                    uncapitalise(when.trim().trim_end_matches('.'))
                ));
            }
            text.push('.');
            if escalation.notify_complainant {
                text.push_str(" You are told when this happens.");
            }
            vec![Span::strong("Moving on."), Span::Text(format!(" {text}"))]
        }
    }
}
