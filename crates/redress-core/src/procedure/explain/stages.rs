//! The formal stages in words: who handles each, how long each step may take, the letters it
//! promises, its outcomes, how to move on, and the conflict-of-interest rules that change who
//! handles it.

use super::counting::counting;
use super::escalation::moving_on;
use super::stage_ref;
use super::words::{Words, capitalise, count, definite, duration, list, sentence};
use crate::ids::RoleId;
use crate::procedure::document::Document;
use crate::procedure::model::*;

pub(super) fn stages(words: &Words, out: &mut Document) {
    let procedure = words.procedure;
    if procedure.stages.is_empty() {
        if let Some(counting) = counting(procedure) {
            out.heading(2, "Counting days");
            out.paragraph(&[counting]);
        }
        return;
    }
    out.heading(2, "How a complaint is handled");
    let names: Vec<String> = procedure
        .stages
        .iter()
        .map(|stage| stage.name.clone())
        .collect();
    let mut intro = vec![match names.len() {
        1 => format!("There is one formal stage: {}.", names[0]),
        n => format!(
            "There are {} formal stages: {}.",
            count(n),
            list(&names, "then")
        ),
    }];
    intro.extend(counting(procedure));
    out.paragraph(&intro);

    let unplaced: Vec<String> = procedure
        .conflicts
        .iter()
        .filter(|rule| stage_of_conflict(procedure, rule).is_none())
        .map(|rule| conflict(words, rule))
        .collect();
    if !unplaced.is_empty() {
        out.paragraph(&unplaced);
    }
    for index in 0..procedure.stages.len() {
        stage(words, index, out);
    }
}

/// The roles acting in a stage: its handler, those with it, and whoever arranges it,
/// acknowledges or sends its response.
fn stage_roles(stage: &Stage) -> Vec<&RoleId> {
    let mut roles: Vec<&RoleId> = stage.handler.roles();
    roles.extend(stage.acknowledge.as_ref().and_then(|a| a.by.as_ref()));
    roles.extend(stage.respond.as_ref().and_then(|r| r.by.as_ref()));
    roles
}

/// The first stage a conflict rule changes: where the role named would have acted.
fn stage_of_conflict(procedure: &Procedure, rule: &ConflictRule) -> Option<usize> {
    procedure
        .stages
        .iter()
        .position(|stage| stage_roles(stage).contains(&&rule.when_named))
}

/// A conflict rule in words: "If the complaint is about the Chair, the Secretary handles it
/// instead."
fn conflict(words: &Words, rule: &ConflictRule) -> String {
    let about = format!("If the complaint is about {}", words.role(&rule.when_named));
    match (&rule.handler, &rule.start_at) {
        (Some(handler), _) => format!("{about}, {} handles it instead.", words.role(handler)),
        (None, Some(stage)) => format!(
            "{about}, it starts at {} instead.",
            stage_ref(&words.stage_name(stage))
        ),
        (None, None) => format!("{about}, someone else handles it."),
    }
}

fn stage(words: &Words, index: usize, out: &mut Document) {
    let procedure = words.procedure;
    let stage = &procedure.stages[index];
    out.heading(3, &stage.name);
    if let Some(description) = &stage.description {
        out.paragraph(&[sentence(description)]);
    }

    let mut who = vec![handler(words, &stage.handler)];
    who.extend(
        procedure
            .conflicts
            .iter()
            .filter(|rule| stage_of_conflict(procedure, rule) == Some(index))
            .map(|rule| conflict(words, rule)),
    );
    match stage.modes.as_slice() {
        [] | [StageMode::Investigation] => {}
        [StageMode::Review] => who.push(
            "This stage is a review of how the earlier stage was handled and what it found."
                .to_owned(),
        ),
        [StageMode::Mediation] => who.push(
            "This stage is a mediation, where the people involved meet to agree a way forward."
                .to_owned(),
        ),
        modes => {
            let nouns: Vec<&str> = modes.iter().map(|mode| mode_noun(*mode)).collect();
            who.push(format!(
                "This stage may take the form of {}.",
                list(&nouns, "or")
            ));
        }
    }
    if stage.different_handler {
        who.push(
            "Whoever handled the previous stage does not handle this one: it goes to a different person."
                .to_owned(),
        );
    }
    if let Some(when) = &stage.start_here_when {
        who.push(format!(
            "A complaint can start at this stage instead of the earlier ones, when the first \
             stage's handler decides {}.",
            when.trim().trim_end_matches('.')
        ));
    }
    out.led_paragraph("Who handles it.", &who);

    if let Some(acknowledge) = &stage.acknowledge {
        out.led_paragraph(
            "Acknowledgement.",
            &[acknowledgement(words, index, acknowledge)],
        );
    }
    out.led_paragraph("Response.", &timescale(words, index, stage));
    let outcomes: Vec<&str> = stage.outcomes.iter().map(|o| outcome_words(*o)).collect();
    out.led_paragraph(
        "Outcomes.",
        &[format!("The outcome is one of: {}.", outcomes.join("; "))],
    );
    out.spans(moving_on(words, index, stage));
}

/// Who handles a stage, as a sentence.
fn handler(words: &Words, handler: &Handler) -> String {
    match handler {
        Handler::Role { role, with, or } => {
            let mut text = capitalise(&words.role(role));
            if words.procedure.roles.get(role).is_some_and(|r| r.external) {
                text.push_str(&format!(", who is from outside {},", words.org()));
            }
            if !with.is_empty() {
                text.push_str(&format!(" and {}", words.roles(with, "and")));
            }
            if !or.is_empty() {
                text.push_str(&format!(", or {},", words.roles(or, "or")));
            }
            let verb = if with.is_empty() { "handles" } else { "handle" };
            format!("{text} {verb} this stage.")
        }
        Handler::Panel {
            size,
            from,
            exclude_named,
            arranged_by,
        } => {
            let people = if *size == 1 {
                "one person".to_owned()
            } else {
                format!("{size} people")
            };
            let mut text = format!(
                "A panel of {people} drawn at random from {}",
                words.panel_pool(from)
            );
            if *exclude_named {
                text.push_str(", leaving out anyone named in the complaint,");
            }
            text.push_str(" handles this stage.");
            if let Some(role) = arranged_by {
                text.push_str(&format!(
                    " {} arranges the draw.",
                    capitalise(&words.role(role))
                ));
            }
            text
        }
        Handler::External { who, arranged_by } => {
            let mut text = format!("{} handles this stage.", capitalise(who));
            if let Some(role) = arranged_by {
                text.push_str(&format!(
                    " {} asks {} to take it on.",
                    capitalise(&words.role(role)),
                    definite(who)
                ));
            }
            text
        }
    }
}

fn mode_noun(mode: StageMode) -> &'static str {
    match mode {
        StageMode::Investigation => "an investigation",
        StageMode::Mediation => {
            "a mediation, where the people involved meet to agree a way forward"
        }
        StageMode::Review => "a review of how the earlier stage was handled and what it found",
    }
}

fn outcome_words(outcome: Outcome) -> &'static str {
    match outcome {
        Outcome::Upheld => "upheld",
        Outcome::PartlyUpheld => "partly upheld",
        Outcome::NotUpheld => "not upheld",
        Outcome::Undecided => "undecided",
        Outcome::OutcomeStands => "the earlier investigation and outcome stand",
        Outcome::OutcomeChanged => "changes to the earlier outcome are recommended",
        Outcome::Resolved => "resolved by agreement",
    }
}

fn acknowledgement(words: &Words, index: usize, acknowledge: &Acknowledge) -> String {
    let subject = match (index, words.reached_by(index)) {
        (0, _) => "Your complaint is acknowledged",
        (_, Some(Escalator::Complainant)) => "Your request to move to this stage is acknowledged",
        _ => "You are told that the complaint has moved to this stage",
    };
    let since = match acknowledge.from {
        ClockStart::Receipt => "of receipt".to_owned(),
        other => words.since(other, index),
    };
    let mut text = subject.to_owned();
    if let Some(role) = &acknowledge.by {
        text.push_str(&format!(" by {}", words.role(role)));
    }
    text.push_str(&format!(" within {} {since}", duration(acknowledge.within)));
    if acknowledge.in_writing {
        text.push_str(", in writing");
    }
    if !acknowledge.must_state.is_empty() {
        text.push_str(&format!(
            ", stating {}",
            words.statements(&acknowledge.must_state)
        ));
    }
    text.push('.');
    text
}

/// The response, holding letter, extension and updates of a stage.
fn timescale(words: &Words, index: usize, stage: &Stage) -> Vec<String> {
    let mut sentences = Vec::new();
    match &stage.respond {
        Some(respond) => {
            let mut text = "You receive a full response".to_owned();
            if let Some(role) = &respond.by {
                text.push_str(&format!(" from {}", words.role(role)));
            }
            text.push_str(&format!(
                " within {} {}",
                duration(respond.within),
                words.since(respond.from, index)
            ));
            if !respond.must_state.is_empty() {
                text.push_str(&format!(
                    ", setting out {}",
                    words.statements(&respond.must_state)
                ));
            }
            text.push('.');
            sentences.push(text);
        }
        None => sentences
            .push("The procedure sets no timescale for the response at this stage.".to_owned()),
    }
    if let Some(holding) = &stage.holding_letter {
        sentences.push(format!(
            "If it will take longer, you receive a holding letter within {} {} giving the date \
             to expect the response.",
            duration(holding.within),
            words.since(holding.from, index)
        ));
    }
    if let Some(extension) = &stage.extension {
        let mut text = "The date for the response can be put back".to_owned();
        if let Some(max) = extension.max {
            text.push_str(&format!(" by at most {} in total", duration(max)));
            if extension.beyond_max_with_good_reason {
                text.push_str(", and further only for a good reason that is recorded");
            }
        }
        if let Some(role) = &extension.authorised_by {
            text.push_str(&format!(", with the agreement of {}", words.role(role)));
        }
        if extension.agreed_with_complainant {
            text.push_str(", and only if you agree to the new date");
        }
        text.push_str(if extension.reason_required {
            "; you are told why and given the new date"
        } else {
            "; you are given the new date"
        });
        if !extension.must_state.is_empty() {
            text.push_str(&format!(
                ", and the letter also states {}",
                words.statements(&extension.must_state)
            ));
        }
        text.push('.');
        sentences.push(text);
    }
    if let Some(updates) = &stage.updates {
        sentences.push(match updates.every {
            Some(every) => format!(
                "If the response takes longer, you receive an update at least every {}.",
                duration(every)
            ),
            None => "If the response takes longer, you are kept updated.".to_owned(),
        });
    }
    sentences
}
