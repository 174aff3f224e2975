//! The self-assessment: every provision of a code with its verdict and evidence, from the
//! procedure file (the linter's finding) and from the cases of a period (a fold over each
//! case's [`CaseFacts`], the same facts reports count). Pure: the caller brings the facts.
//!
//! **Live evidence.** A `LiveCheck` counts the complaints whose acknowledgement (or response) at
//! the stage was sent in the period, and how many of them within the code's working days, by
//! the organisation's calendar: from the day the stage started (receipt, or the request to
//! escalate), or from the day of the acknowledgement where the code counts from it (from the
//! stage's start when the stage records no acknowledgement — never in the organisation's
//! favour). A provision's verdict is the worse of the procedure's and the cases': not met if
//! either is, met if every one that can show it does, and not evidenced when neither can.

use serde::Serialize;

use super::lint::{Finding, Verdict, lint};
use super::model::{Code, CodeStart, LiveCheck};
use crate::calendar::Calendar;
use crate::procedure::{FeedbackKind, Procedure};
use crate::report::{CaseFacts, Period, Rate};

/// A self-assessment against a code, for one organisation and period.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Assessment {
    /// The code's id.
    pub code: String,
    /// The code's title.
    pub code_title: String,
    /// The date of the code's text.
    pub text_date: String,
    /// The organisation's name.
    pub organisation_name: String,
    /// The procedure's title and version assessed.
    pub procedure: String,
    /// The period the live evidence covers.
    pub period: Period,
    /// One row per provision, in the code's order.
    pub rows: Vec<Row>,
}

/// One provision in the published table.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Row {
    /// The code's section.
    pub section: String,
    /// The requirement.
    pub requirement: String,
    /// Met, not met or not evidenced: the worse of the procedure's and the cases'.
    pub verdict: Verdict,
    /// The linter's finding over the procedure file.
    pub procedure: Finding,
    /// What the cases showed, where the provision has a live check.
    pub live: Option<LiveEvidence>,
}

/// What the cases of the period showed for one provision.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LiveEvidence {
    /// What was counted.
    pub check: LiveCheckSummary,
    /// How many were within the code's timescale, of how many counted.
    pub within: Rate,
}

/// The live check in plain fields, for the words around the figure.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct LiveCheckSummary {
    /// `acknowledged` or `responded`.
    pub what: &'static str,
    /// The stage's position.
    pub stage: usize,
    /// The code's working days.
    pub working_days: u32,
    /// `receipt` or `acknowledgement`.
    pub from: &'static str,
}

impl LiveEvidence {
    /// Met when every one counted was within, not met when any was not, not evidenced when
    /// none were counted.
    pub fn verdict(&self) -> Verdict {
        if self.within.of == 0 {
            Verdict::NotEvidenced
        } else if self.within.count == self.within.of {
            Verdict::Met
        } else {
            Verdict::NotMet
        }
    }
}

/// Folds the facts of one organisation's cases into the live evidence of a code's provisions.
pub struct AssessmentBuilder<'a> {
    procedure: &'a Procedure,
    calendar: &'a Calendar,
    code: &'a Code,
    period: Period,
    tallies: Vec<Option<Rate>>,
}

impl<'a> AssessmentBuilder<'a> {
    /// A fold for `code` over cases run on `procedure` (the organisation's latest: the one
    /// assessed) with its `calendar`, counting what happened in `period`.
    pub fn new(
        procedure: &'a Procedure,
        calendar: &'a Calendar,
        code: &'a Code,
        period: Period,
    ) -> AssessmentBuilder<'a> {
        let tallies = code
            .provisions
            .iter()
            .map(|p| p.live.as_ref().map(|_| Rate::default()))
            .collect();
        AssessmentBuilder {
            procedure,
            calendar,
            code,
            period,
            tallies,
        }
    }

    /// Counts one case. Only complaints count; a case's stages are matched to the procedure's
    /// by id, so a case that started at a later stage is counted at that stage.
    pub fn add(&mut self, facts: &CaseFacts) {
        if facts.kind != FeedbackKind::Complaint {
            return;
        }
        for (provision, tally) in self.code.provisions.iter().zip(self.tallies.iter_mut()) {
            let (Some(check), Some(tally)) = (&provision.live, tally.as_mut()) else {
                continue;
            };
            let stage = match check {
                LiveCheck::AcknowledgedWithin { stage, .. }
                | LiveCheck::RespondedWithin { stage, .. } => *stage,
            };
            let Some(id) = self.procedure.stages.get(stage - 1).map(|s| &s.id) else {
                continue;
            };
            let Some(record) = facts.stages.iter().find(|s| &s.id == id) else {
                continue;
            };
            let (from, done, limit) = match check {
                LiveCheck::AcknowledgedWithin { working_days, .. } => (
                    Some(record.entered_on),
                    record.acknowledged.as_ref().map(|a| a.on),
                    *working_days,
                ),
                LiveCheck::RespondedWithin {
                    working_days, from, ..
                } => (
                    match from {
                        CodeStart::Receipt => Some(record.entered_on),
                        CodeStart::Acknowledgement => Some(
                            record
                                .acknowledged
                                .as_ref()
                                .map_or(record.entered_on, |a| a.on),
                        ),
                    },
                    record.responded.as_ref().map(|r| r.on),
                    *working_days,
                ),
            };
            let (Some(from), Some(done)) = (from, done) else {
                continue;
            };
            if !self.period.contains(done) {
                continue;
            }
            tally.of += 1;
            // A day outside the calendar's data cannot be counted: it is not within.
            if self
                .calendar
                .working_days_between(from, done)
                .is_ok_and(|days| days <= limit)
            {
                tally.count += 1;
            }
        }
    }

    /// The assessment: each provision's finding over the procedure with the cases' evidence.
    pub fn finish(self, organisation_name: &str) -> Assessment {
        let findings = lint(self.procedure, self.code);
        let rows = self
            .code
            .provisions
            .iter()
            .zip(findings)
            .zip(self.tallies)
            .map(|((provision, finding), tally)| {
                let live = provision.live.as_ref().zip(tally).map(|(check, within)| {
                    let check = match check {
                        LiveCheck::AcknowledgedWithin {
                            stage,
                            working_days,
                        } => LiveCheckSummary {
                            what: "acknowledged",
                            stage: *stage,
                            working_days: *working_days,
                            from: "receipt",
                        },
                        LiveCheck::RespondedWithin {
                            stage,
                            working_days,
                            from,
                        } => LiveCheckSummary {
                            what: "responded",
                            stage: *stage,
                            working_days: *working_days,
                            from: match from {
                                CodeStart::Receipt => "receipt",
                                CodeStart::Acknowledgement => "acknowledgement",
                            },
                        },
                    };
                    LiveEvidence { check, within }
                });
                let verdict = combine(finding.verdict, live.as_ref().map(LiveEvidence::verdict));
                Row {
                    section: provision.section.clone(),
                    requirement: provision.requirement.clone(),
                    verdict,
                    procedure: finding,
                    live,
                }
            })
            .collect();
        Assessment {
            code: self.code.code.id.clone(),
            code_title: self.code.code.title.clone(),
            text_date: self.code.code.text_date.clone(),
            organisation_name: organisation_name.to_owned(),
            procedure: format!(
                "{}, version {}",
                self.procedure.procedure.title, self.procedure.procedure.version
            ),
            period: self.period,
            rows,
        }
    }
}

/// The worse of two verdicts, where "not evidenced" only counts when nothing else does.
fn combine(procedure: Verdict, live: Option<Verdict>) -> Verdict {
    match (procedure, live) {
        (Verdict::NotMet, _) | (_, Some(Verdict::NotMet)) => Verdict::NotMet,
        (Verdict::Met, _) | (_, Some(Verdict::Met)) => Verdict::Met,
        _ => Verdict::NotEvidenced,
    }
}
