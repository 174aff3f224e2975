//! A stage's response: its outcome, findings, remedies (checked against the procedure) and the
//! letter that tells the complainant what they may do next.

use super::words::{list, list_or, next_stage, officer_words, ombudsman};
use super::{Context, required};
use crate::case::command::{LearningAction, Remedy};
use crate::case::event::Fact;
use crate::case::refusal::Refusal;
use crate::case::state::StageRecord;
use crate::letters::{Letter, LetterKind, RemedyGiven, Said};
use crate::names::serde_name;
use crate::procedure::{Outcome, RemedyKind, StageMode, Statement};

/// What the officer wrote for the statements a response may have to make.
pub(super) struct Stated {
    /// How the complaint was investigated.
    pub how_investigated: Option<String>,
    /// How the complaint was understood.
    pub definition: Option<String>,
    /// The actions still outstanding.
    pub outstanding_actions: Option<String>,
}

pub(super) fn respond(
    cx: &Context,
    outcome: Outcome,
    findings: String,
    stated: Stated,
    mode: Option<StageMode>,
    remedies: Vec<Remedy>,
    learning: Vec<LearningAction>,
) -> Result<Vec<Fact>, Refusal> {
    let Stated {
        how_investigated,
        definition,
        outstanding_actions,
    } = stated;
    // The gate has found the stage open, the complaint in time (or accepted late), and any
    // panel drawn.
    let (record, stage) = cx.current()?;
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
    if let Some(pause) = responded.pauses.last_mut() {
        pause.1.get_or_insert(cx.at);
    }
    // The letter: the handler's words and the outcome, the remedies as given to the
    // complainant (the learning actions are the organisation's own business and stay out), and
    // what the complainant may do next, as it will be once this response is sent.
    let kind = if stage.escalation.is_none() {
        LetterKind::FinalResponse
    } else {
        LetterKind::Response
    };
    let mut letter = Letter::new(kind)
        .with(Said::Outcome { outcome })
        .with(Said::Findings {
            text: findings.clone(),
        });
    if let Some(how) = &how_investigated {
        letter = letter.with(Said::HowInvestigated { text: how.clone() });
    }
    if must_state.contains(&Statement::Stage) {
        letter = letter.with(Said::Stage {
            stage: stage.name.clone(),
        });
    }
    for (statement, field, given) in [
        (Statement::Definition, "definition", &definition),
        (
            Statement::OutstandingActions,
            "outstanding_actions",
            &outstanding_actions,
        ),
    ] {
        if let Some(said) = officer_words(statement, field, given, must_state, "the response")? {
            letter = letter.with(said);
        }
    }
    if !remedies.is_empty() || must_state.contains(&Statement::Actions) {
        letter = letter.with(Said::Actions {
            remedies: remedies
                .iter()
                .map(|r| RemedyGiven {
                    kind: r.kind,
                    description: r.description.clone(),
                })
                .collect(),
        });
    }
    let scratch = Context {
        case: &with_stage(cx.case, responded),
        ..*cx
    };
    letter = letter.with(Said::EscalationRights {
        right: next_stage(&scratch, stage)?,
    });
    // The last stage's letter points to the ombudsman, and so does any the procedure says must.
    if stage.escalation.is_none() && cx.procedure.ombudsman.is_some()
        || must_state.contains(&Statement::Ombudsman)
    {
        letter = letter.with(ombudsman(cx, "the response")?);
    }
    if let Some(missing) = letter.missing(must_state) {
        return Err(Refusal::not_now(format!(
            "{}'s response must state {}, and nothing given says it",
            stage.name,
            serde_name(&missing)
        )));
    }
    let mut facts = Vec::new();
    // A response ends any wait for information: the clock restarts, and says so, first.
    if record.paused() {
        facts.push(Fact::ClockResumed {
            stage: stage.id.clone(),
        });
    }
    facts.push(Fact::Responded {
        stage: stage.id.clone(),
        outcome,
        findings,
        how_investigated,
        mode,
        remedies,
        learning,
        letter,
    });
    Ok(facts)
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
