//! The linter: each provision of a code checked over a procedure file, a pure function of the
//! `Procedure` and the `Code`. A finding names the field of the file that breaks the provision
//! (as `ProcedureError::field` does, so the CLI finds its line the same way).
//!
//! **How a timescale is compared.** A procedure's span is taken at the most working days it can
//! hold: "N working days" is N, "N days" at most N, "N weeks" 5N, "N hours" the whole days they
//! reach, "N months" 23 each (no month has more weekdays). It meets a code's "within M working
//! days" when that most is no more than M, so it can never fall due after the code's date.
//! A response counted from receipt meets a code counting from acknowledgement when it alone is
//! within M (an acknowledgement may be sent on the day of receipt); one counted from
//! acknowledgement meets a code counting from receipt when it and the procedure's own
//! acknowledgement time together are within M. A clock that starts with the investigation or
//! the response is bounded by nothing the procedure says, so it cannot meet a code's timescale.

use serde::Serialize;

use super::model::{Code, CodeStart, ProcedureCheck, Provision};
use crate::calendar::Duration;
use crate::names::serde_name;
use crate::procedure::{ClockStart, EscalationItem, Escalator, Ground, Handler, Procedure, Stage};

/// Whether a provision is met.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    /// The procedure (or the cases) show it is met.
    Met,
    /// They show it is not.
    NotMet,
    /// Nothing here shows either way: the organisation must give its own evidence.
    NotEvidenced,
}

/// One provision checked over a procedure file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// The code's section.
    pub section: String,
    /// The requirement, as the code file gives it.
    pub requirement: String,
    /// The verdict.
    pub verdict: Verdict,
    /// What in the procedure shows it, in a sentence.
    pub evidence: String,
    /// The dotted path of the field the verdict rests on (`stage[0].acknowledge.within`), as
    /// `ProcedureError::field`; empty for the file as a whole.
    pub field: String,
}

/// Every provision of `code` checked over `procedure`, in the code's order.
pub fn lint(procedure: &Procedure, code: &Code) -> Vec<Finding> {
    code.provisions
        .iter()
        .map(|provision| check(procedure, provision))
        .collect()
}

/// The findings that break a provision.
pub fn broken(findings: &[Finding]) -> impl Iterator<Item = &Finding> {
    findings.iter().filter(|f| f.verdict == Verdict::NotMet)
}

fn check(procedure: &Procedure, provision: &Provision) -> Finding {
    let (verdict, evidence, field) = match &provision.procedure {
        None => (
            Verdict::NotEvidenced,
            "a procedure file cannot show this; the organisation's own evidence is needed".into(),
            String::new(),
        ),
        Some(rule) => judge(procedure, rule),
    };
    Finding {
        section: provision.section.clone(),
        requirement: provision.requirement.clone(),
        verdict,
        evidence,
        field,
    }
}

type Judged = (Verdict, String, String);

fn met(evidence: String, field: String) -> Judged {
    (Verdict::Met, evidence, field)
}

fn not_met(evidence: String, field: String) -> Judged {
    (Verdict::NotMet, evidence, field)
}

/// The stage at `position` (1-based; 0 is the last), with its field path, or the verdict when
/// the procedure has no such stage.
fn stage_at(procedure: &Procedure, position: usize) -> Result<(&Stage, String), Judged> {
    let index = if position == 0 {
        procedure.stages.len().checked_sub(1)
    } else {
        Some(position - 1).filter(|i| *i < procedure.stages.len())
    };
    match index {
        Some(i) => Ok((&procedure.stages[i], format!("stage[{i}]"))),
        None => Err((
            Verdict::NotEvidenced,
            format!(
                "the procedure has no stage {position} ({} in all)",
                procedure.stages.len()
            ),
            String::new(),
        )),
    }
}

fn judge(procedure: &Procedure, rule: &ProcedureCheck) -> Judged {
    let result = match rule {
        ProcedureCheck::AcknowledgeWithin {
            stage,
            working_days,
        } => acknowledge(procedure, *stage, *working_days),
        ProcedureCheck::RespondWithin {
            stage,
            working_days,
            from,
        } => respond(procedure, *stage, *working_days, *from),
        ProcedureCheck::ExtensionCapped {
            stage,
            working_days,
        } => extension(procedure, *stage, *working_days),
        ProcedureCheck::StagesAtMost { stages } => Ok(stages_at_most(procedure, *stages)),
        ProcedureCheck::StagesAtLeast { stages } => Ok(stages_at_least(procedure, *stages)),
        ProcedureCheck::EscalationByComplainant { stage } => escalation_by(procedure, *stage),
        ProcedureCheck::EscalationWithoutReasons { stage } => without_reasons(procedure, *stage),
        ProcedureCheck::DifferentHandler { stage } => different_handler(procedure, *stage),
        ProcedureCheck::ResponseStates { stage, items } => states(procedure, *stage, items),
        ProcedureCheck::OmbudsmanSignposted => Ok(ombudsman(procedure)),
        ProcedureCheck::TimeLimitAtLeast {
            months,
            from_awareness,
        } => Ok(time_limit(procedure, *months, *from_awareness)),
    };
    result.unwrap_or_else(|judged| judged)
}

/// The most working days `duration` can hold (see the module's doc).
pub fn most_working_days(duration: Duration) -> u32 {
    match duration {
        Duration::WorkingDays(n) | Duration::Days(n) => n,
        Duration::Weeks(n) => n.saturating_mul(5),
        Duration::Hours(n) => n.div_ceil(24),
        Duration::Months(n) => n.saturating_mul(23),
    }
}

/// "7 working days" or "2 weeks (at most 10 working days)".
fn span_words(duration: Duration) -> String {
    match duration {
        Duration::WorkingDays(_) => duration.to_string(),
        other => format!(
            "{other} (at most {})",
            Duration::WorkingDays(most_working_days(other))
        ),
    }
}

fn acknowledge(procedure: &Procedure, position: usize, limit: u32) -> Result<Judged, Judged> {
    let (stage, path) = stage_at(procedure, position)?;
    let Some(rule) = &stage.acknowledge else {
        return Ok(not_met(
            format!(
                "stage {position} ({}) sets no time to acknowledge",
                stage.name
            ),
            path,
        ));
    };
    let field = format!("{path}.acknowledge.within");
    if !matches!(rule.from, ClockStart::Receipt | ClockStart::Escalation) {
        return Ok(not_met(
            format!(
                "stage {position} is acknowledged {} from the {}, which the procedure does not bound",
                rule.within,
                serde_name(&rule.from)
            ),
            format!("{path}.acknowledge.from"),
        ));
    }
    let most = most_working_days(rule.within);
    let words = format!(
        "stage {position} ({}) is acknowledged within {}",
        stage.name,
        span_words(rule.within)
    );
    Ok(if most <= limit {
        met(words, field)
    } else {
        not_met(format!("{words}, more than {limit} working days"), field)
    })
}

fn respond(
    procedure: &Procedure,
    position: usize,
    limit: u32,
    from: CodeStart,
) -> Result<Judged, Judged> {
    let (stage, path) = stage_at(procedure, position)?;
    let Some(rule) = &stage.respond else {
        return Ok(not_met(
            format!("stage {position} ({}) sets no time to respond", stage.name),
            path,
        ));
    };
    let field = format!("{path}.respond.within");
    let own = most_working_days(rule.within);
    let words = format!(
        "stage {position} ({}) responds within {} of {}",
        stage.name,
        span_words(rule.within),
        match rule.from {
            ClockStart::Receipt if position > 1 => "receipt of the request to escalate",
            ClockStart::Receipt => "receipt",
            ClockStart::Escalation => "escalation",
            ClockStart::Acknowledgement => "acknowledgement",
            ClockStart::Investigation => "the start of the investigation",
            ClockStart::Response => "the previous response",
        }
    );
    let most = match (rule.from, from) {
        (ClockStart::Receipt | ClockStart::Escalation, _) => own,
        (ClockStart::Acknowledgement, CodeStart::Acknowledgement) => own,
        (ClockStart::Acknowledgement, CodeStart::Receipt) => match &stage.acknowledge {
            Some(ack) => own + most_working_days(ack.within),
            None => {
                return Ok(not_met(
                    format!("{words}, and sets no time to acknowledge"),
                    format!("{path}.respond.from"),
                ));
            }
        },
        (ClockStart::Investigation | ClockStart::Response, _) => {
            return Ok(not_met(
                format!("{words}, which the procedure does not bound"),
                format!("{path}.respond.from"),
            ));
        }
    };
    let code_from = match from {
        CodeStart::Receipt => "receipt",
        CodeStart::Acknowledgement => "acknowledgement",
    };
    Ok(if most <= limit {
        met(words, field)
    } else {
        not_met(
            format!("{words}: up to {most} working days, more than {limit} of {code_from}"),
            field,
        )
    })
}

fn extension(procedure: &Procedure, position: usize, limit: u32) -> Result<Judged, Judged> {
    let (stage, path) = stage_at(procedure, position)?;
    let Some(extension) = &stage.extension else {
        return Ok(met(
            format!("stage {position} ({}) allows no extension", stage.name),
            path,
        ));
    };
    Ok(match extension.max {
        None => not_met(
            format!(
                "stage {position} ({}) allows an extension with no limit",
                stage.name
            ),
            format!("{path}.extension"),
        ),
        Some(max) if most_working_days(max) <= limit => met(
            format!(
                "stage {position} extensions are capped at {}",
                span_words(max)
            ),
            format!("{path}.extension.max"),
        ),
        Some(max) => not_met(
            format!(
                "stage {position} extensions may run to {}, more than {limit} working days",
                span_words(max)
            ),
            format!("{path}.extension.max"),
        ),
    })
}

fn stages_at_most(procedure: &Procedure, most: usize) -> Judged {
    let count = procedure.stages.len();
    if count <= most {
        met(
            format!("the procedure has {count} formal stages"),
            String::new(),
        )
    } else {
        not_met(
            format!(
                "the procedure has {count} formal stages; stage {} ({}) is one too many",
                most + 1,
                procedure.stages[most].name
            ),
            format!("stage[{most}]"),
        )
    }
}

fn stages_at_least(procedure: &Procedure, least: usize) -> Judged {
    let count = procedure.stages.len();
    if count >= least {
        met(
            format!("the procedure has {count} formal stages"),
            String::new(),
        )
    } else {
        not_met(
            format!("the procedure has {count} formal stage(s), fewer than {least}"),
            String::new(),
        )
    }
}

fn escalation_by(procedure: &Procedure, position: usize) -> Result<Judged, Judged> {
    let (stage, path) = stage_at(procedure, position)?;
    if procedure.stages.len() <= position {
        return Ok(not_met(
            format!(
                "stage {position} ({}) is the last: there is nothing to escalate to",
                stage.name
            ),
            path,
        ));
    }
    Ok(match &stage.escalation {
        None => not_met(
            format!("stage {position} ({}) sets out no escalation", stage.name),
            path,
        ),
        Some(escalation) if escalation.by == Escalator::Complainant => met(
            format!("after stage {position} the complainant may ask for the next stage"),
            format!("{path}.escalation.by"),
        ),
        Some(_) => not_met(
            format!(
                "after stage {position} only the handler may move the complaint on, not the complainant"
            ),
            format!("{path}.escalation.by"),
        ),
    })
}

fn without_reasons(procedure: &Procedure, position: usize) -> Result<Judged, Judged> {
    let (stage, path) = stage_at(procedure, position)?;
    let Some(escalation) = &stage.escalation else {
        return Err((
            Verdict::NotEvidenced,
            format!("stage {position} ({}) sets out no escalation", stage.name),
            path,
        ));
    };
    if escalation.must_state.contains(&EscalationItem::Grounds) {
        return Ok(not_met(
            format!("a request to escalate from stage {position} must state its grounds"),
            format!("{path}.escalation.must_state"),
        ));
    }
    let every = [Ground::Outcome, Ground::Handling, Ground::NoResponse];
    if !escalation.grounds.is_empty() && !every.iter().all(|g| escalation.grounds.contains(g)) {
        let named: Vec<String> = escalation.grounds.iter().map(serde_name).collect();
        return Ok(not_met(
            format!(
                "escalation from stage {position} is open only on the grounds {}",
                named.join(", ")
            ),
            format!("{path}.escalation.grounds"),
        ));
    }
    Ok(met(
        format!("a request to escalate from stage {position} need not give reasons"),
        format!("{path}.escalation"),
    ))
}

fn different_handler(procedure: &Procedure, position: usize) -> Result<Judged, Judged> {
    let (stage, path) = stage_at(procedure, position)?;
    if position < 2 {
        return Err((
            Verdict::NotEvidenced,
            "the first stage has no stage before it".into(),
            path,
        ));
    }
    let before = &procedure.stages[position - 2];
    let field = format!("{path}.handler");
    Ok(match (&before.handler, &stage.handler) {
        (Handler::Role { role: first, .. }, Handler::Role { role: second, .. })
            if first == second =>
        {
            not_met(
                format!(
                    "stage {} and stage {position} are both handled by the {first} role",
                    position - 1
                ),
                field,
            )
        }
        _ => met(
            format!(
                "stage {position} ({}) has a different handler from stage {}",
                stage.name,
                position - 1
            ),
            field,
        ),
    })
}

fn states(
    procedure: &Procedure,
    position: usize,
    items: &[crate::procedure::Statement],
) -> Result<Judged, Judged> {
    let (stage, path) = stage_at(procedure, position)?;
    let which = if position == 0 {
        format!("the final stage ({})", stage.name)
    } else {
        format!("stage {position} ({})", stage.name)
    };
    let Some(rule) = &stage.respond else {
        return Ok(not_met(format!("{which} sets out no response"), path));
    };
    let missing: Vec<String> = items
        .iter()
        .filter(|item| !rule.must_state.contains(item))
        .map(serde_name)
        .collect();
    let field = format!("{path}.respond.must_state");
    Ok(if missing.is_empty() {
        met(format!("the response at {which} must state each"), field)
    } else {
        // A missing `must_state` has no line of its own: point at the response's timescale.
        let field = if rule.must_state.is_empty() {
            format!("{path}.respond")
        } else {
            field
        };
        not_met(
            format!(
                "the response at {which} need not state: {}",
                missing.join(", ")
            ),
            field,
        )
    })
}

fn ombudsman(procedure: &Procedure) -> Judged {
    match &procedure.ombudsman {
        Some(ombudsman) => met(
            format!("the procedure names {}", ombudsman.name),
            "ombudsman.name".into(),
        ),
        None => not_met("the procedure names no ombudsman".into(), String::new()),
    }
}

fn time_limit(procedure: &Procedure, months: u32, from_awareness: bool) -> Judged {
    let Some(limit) = &procedure.time_limit else {
        return met(
            "the procedure sets no time limit for complaining".into(),
            String::new(),
        );
    };
    let long_enough = match limit.within {
        Duration::Months(m) => m >= months,
        Duration::Days(d) => d >= months.saturating_mul(31),
        Duration::Weeks(w) => w.saturating_mul(7) >= months.saturating_mul(31),
        Duration::WorkingDays(_) | Duration::Hours(_) => false,
    };
    if !long_enough {
        return not_met(
            format!(
                "complaints must be made within {}, less than {months} months",
                limit.within
            ),
            "time_limit.within".into(),
        );
    }
    if from_awareness && limit.from == crate::procedure::TimeLimitFrom::Event {
        return not_met(
            format!(
                "the {} run from the event only, not from when the complainant became aware of it",
                limit.within
            ),
            "time_limit.from".into(),
        );
    }
    met(
        format!(
            "complaints may be made within {} of the {}",
            limit.within,
            serde_name(&limit.from)
        ),
        "time_limit.within".into(),
    )
}
