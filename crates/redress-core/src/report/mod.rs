//! Reports: figures for one organisation over one period, against the period of equal length
//! before, folded from each case's [`CaseFacts`]. Pure: no database, no clock.
//!
//! **A streaming fold.** [`ReportBuilder::add`] takes one case's facts at a time and keeps only
//! counters and working-day histograms (one counter per day count), so memory does not grow
//! with the number of cases and medians and 90th percentiles are exact. The facts are small and
//! hold no personal data, so a store can keep them as a read model written with each case's
//! events; a report over a million cases is then one pass over a million small rows. Today the
//! app works them out from each case's events when the report is asked for.
//!
//! What each figure counts (every day a Europe/London day):
//! - *received* (by kind, channel; anonymous, by a representative; compliments): cases received
//!   in the period. *Complaints* are the received cases of kind complaint, and these alone
//!   are counted by stage reached (the furthest stage entered so far) and by theme, and give
//!   the escalation and referral rates (the share of them escalated at least once, or referred
//!   to the ombudsman or another external body, so far).
//! - *outcomes*, *times to acknowledge and respond* (per stage: median and 90th percentile by
//!   the nearest-rank method, in working days from the day the stage's clock started, and the
//!   share done within the procedure's own timescale): acknowledgements and responses sent in
//!   the period.
//! - *escalations*, *referrals*, *withdrawals*, *out of scope* (by exclusion, or out of time),
//!   *late complaints accepted*, *learning actions opened* and *done*: those that happened in
//!   the period.
//!
//! Kept-out cases are counted like any other: a report is aggregate, lists no case and names
//! no one, so counting a case reveals nothing of it, and leaving it out would make the figures
//! depend on who reads them.
//!
//! **Several procedures.** Each case's facts say which of the organisation's procedures it runs
//! on, and were worked out under that procedure's own version, so "within the timescale" is
//! always the case's own procedure's timescale. A report is either one procedure's
//! ([`ReportBuilder::of_procedure`]: only its cases, its keys and words) or the organisation's
//! as a whole ([`ReportBuilder::combined`]: every case, the main procedure's keys then the
//! others'), and a combined report of an organisation with several procedures also gives each
//! procedure's own figures ([`Report::by_procedure`]), which add up to the whole.

mod facts;
mod period;

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

pub use facts::{CaseFacts, ScopeOutcome, StageFacts, Timed};
pub use period::{Period, PeriodError};

use crate::ids::{OrgId, ProcedureId};
use crate::names::serde_name;
use crate::procedure::{Channel, FeedbackKind, Outcome, Procedure};

/// A report: the figures of a period and of the period before, with the words the procedure
/// gives its keys (stage names, theme and exclusion titles).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Report {
    /// The organisation.
    pub organisation: OrgId,
    /// Its name.
    pub organisation_name: String,
    /// The period reported on.
    pub period: Period,
    /// The period of equal length before.
    pub previous_period: Period,
    /// The period's figures.
    pub current: Figures,
    /// The previous period's figures, with the same keys.
    pub previous: Figures,
    /// Names for the keys that come from the procedure: stage ids, themes, exclusion ids.
    pub labels: BTreeMap<String, String>,
    /// The procedure reported on, for one procedure's report; `None` for the organisation's
    /// report over all its procedures.
    pub procedure: Option<ReportProcedure>,
    /// In the organisation's report, when it runs more than one procedure: each procedure's
    /// figures, the main one first (they add up to `current` and `previous`). Empty otherwise.
    pub by_procedure: Vec<ProcedureFigures>,
}

/// One of an organisation's procedures, as a report names it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ReportProcedure {
    /// Its `[procedure] id` (`main` for the main one).
    pub id: ProcedureId,
    /// Its title.
    pub title: String,
}

impl ReportProcedure {
    fn of(procedure: &Procedure) -> ReportProcedure {
        ReportProcedure {
            id: procedure.procedure.id.clone(),
            title: procedure.procedure.title.clone(),
        }
    }
}

/// One procedure's figures within an organisation's report.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ProcedureFigures {
    /// The procedure.
    pub procedure: ReportProcedure,
    /// Its cases' figures for the period.
    pub current: Figures,
    /// Its cases' figures for the period before.
    pub previous: Figures,
}

/// A key and how many.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Count {
    /// A kind, channel, stage, outcome, theme or exclusion id, as in the procedure file.
    pub key: String,
    /// How many.
    pub count: u64,
}

/// A share: `count` of `of`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Rate {
    /// How many.
    pub count: u64,
    /// Of how many.
    pub of: u64,
}

impl Rate {
    /// The share as a percentage, none when there is nothing to share.
    pub fn percent(self) -> Option<f64> {
        (self.of > 0).then(|| self.count as f64 * 100.0 / self.of as f64)
    }
}

/// How long something took, over every one done in the period.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Times {
    /// How many were done.
    pub count: u64,
    /// The median, in working days (nearest rank).
    pub median: Option<u32>,
    /// The 90th percentile, in working days (nearest rank).
    pub p90: Option<u32>,
    /// How many of those with a timescale were done within it.
    pub within: Rate,
}

/// One stage's times.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct StageTimes {
    /// The stage.
    pub stage: String,
    /// Acknowledgements sent.
    pub acknowledge: Times,
    /// Responses sent.
    pub respond: Times,
}

/// The figures of one period.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Figures {
    /// Cases received.
    pub received: u64,
    /// Cases received, by kind.
    pub by_kind: Vec<Count>,
    /// Cases received, by channel.
    pub by_channel: Vec<Count>,
    /// Complaints received.
    pub complaints: u64,
    /// Complaints received, by the furthest stage reached.
    pub by_stage_reached: Vec<Count>,
    /// Complaints received, by theme (a complaint may have several, or none).
    pub by_theme: Vec<Count>,
    /// Complaints received with no theme yet.
    pub without_theme: u64,
    /// Responses sent, by outcome.
    pub by_outcome: Vec<Count>,
    /// Times to acknowledge and respond, per stage.
    pub times: Vec<StageTimes>,
    /// Complaints received that were escalated at least once.
    pub escalation_rate: Rate,
    /// Complaints received that were referred to the ombudsman or another external body.
    pub referral_rate: Rate,
    /// Escalations (stages entered by escalation or referral up).
    pub escalations: u64,
    /// Referrals to the ombudsman or another external body.
    pub referrals: u64,
    /// Withdrawals.
    pub withdrawals: u64,
    /// Scope decisions that put a complaint out of scope: by exclusion id, or `out-of-time`.
    pub out_of_scope: Vec<Count>,
    /// Late complaints accepted for special circumstances.
    pub late_accepted: u64,
    /// Compliments received.
    pub compliments: u64,
    /// Learning actions recorded.
    pub learning_opened: u64,
    /// Learning actions done.
    pub learning_done: u64,
    /// Cases received without a name.
    pub anonymous: u64,
    /// Cases received from a representative.
    pub representative: u64,
}

impl Figures {
    /// Acknowledgements sent within their stage's timescale, over every stage.
    pub fn acknowledged_within(&self) -> Rate {
        sum_rates(self.times.iter().map(|t| t.acknowledge.within))
    }

    /// Responses sent within their stage's timescale, over every stage.
    pub fn responded_within(&self) -> Rate {
        sum_rates(self.times.iter().map(|t| t.respond.within))
    }
}

fn sum_rates(rates: impl Iterator<Item = Rate>) -> Rate {
    rates.fold(Rate::default(), |sum, rate| Rate {
        count: sum.count + rate.count,
        of: sum.of + rate.of,
    })
}

/// Working days → how many took that long.
#[derive(Clone, Debug, Default)]
struct Histogram {
    days: BTreeMap<u32, u64>,
    within: Rate,
}

impl Histogram {
    fn add(&mut self, timed: &Timed) {
        *self.days.entry(timed.working_days).or_default() += 1;
        if let Some(within) = timed.within {
            self.within.of += 1;
            self.within.count += u64::from(within);
        }
    }

    /// The nearest-rank percentile: the smallest value with at least `p`% of values at or
    /// below it.
    fn percentile(&self, p: u64) -> Option<u32> {
        let n: u64 = self.days.values().sum();
        if n == 0 {
            return None;
        }
        let rank = (p * n).div_ceil(100).max(1);
        let mut seen = 0;
        for (days, count) in &self.days {
            seen += count;
            if seen >= rank {
                return Some(*days);
            }
        }
        None
    }

    fn times(&self) -> Times {
        Times {
            count: self.days.values().sum(),
            median: self.percentile(50),
            p90: self.percentile(90),
            within: self.within,
        }
    }
}

/// Counters for one period.
#[derive(Clone, Debug, Default)]
struct Tally {
    figures: Figures,
    // Kinds, channels and outcomes are keyed by value and named once, in `finish`: naming
    // each case's would cost more than counting it.
    kinds: BTreeMap<FeedbackKind, u64>,
    channels: BTreeMap<Channel, u64>,
    stages: BTreeMap<String, u64>,
    themes: BTreeMap<String, u64>,
    outcomes: HashMap<Outcome, u64>,
    out_of_scope: BTreeMap<String, u64>,
    acknowledge: BTreeMap<String, Histogram>,
    respond: BTreeMap<String, Histogram>,
}

impl Tally {
    fn add(&mut self, facts: &CaseFacts, period: &Period) {
        let f = &mut self.figures;
        let is_complaint = facts.kind == FeedbackKind::Complaint;
        if period.contains(facts.received_on) {
            f.received += 1;
            *self.kinds.entry(facts.kind).or_default() += 1;
            *self.channels.entry(facts.channel).or_default() += 1;
            f.anonymous += u64::from(facts.anonymous);
            f.representative += u64::from(facts.representative);
            f.compliments += u64::from(facts.kind == FeedbackKind::Compliment);
            if is_complaint {
                f.complaints += 1;
                if let Some(last) = facts.stages.last() {
                    *entry(&mut self.stages, last.id.as_str()) += 1;
                }
                for theme in &facts.themes {
                    *entry(&mut self.themes, theme.as_str()) += 1;
                }
                f.without_theme += u64::from(facts.themes.is_empty());
                f.escalation_rate.of += 1;
                f.escalation_rate.count += u64::from(facts.stages.iter().any(|s| s.escalated));
                f.referral_rate.of += 1;
                f.referral_rate.count += u64::from(!facts.referred_on.is_empty());
            }
        }
        for stage in &facts.stages {
            let key = stage.id.as_str();
            if stage.escalated && period.contains(stage.entered_on) {
                f.escalations += 1;
            }
            if let Some(ack) = stage
                .acknowledged
                .as_ref()
                .filter(|t| period.contains(t.on))
            {
                entry(&mut self.acknowledge, key).add(ack);
            }
            if let Some(response) = stage.responded.as_ref().filter(|t| period.contains(t.on)) {
                entry(&mut self.respond, key).add(response);
                if let Some(outcome) = stage.outcome {
                    *self.outcomes.entry(outcome).or_default() += 1;
                }
            }
        }
        f.referrals += facts
            .referred_on
            .iter()
            .filter(|d| period.contains(**d))
            .count() as u64;
        f.withdrawals += u64::from(facts.withdrawn_on.is_some_and(|d| period.contains(d)));
        if let Some((on, decision)) = &facts.scope
            && period.contains(*on)
        {
            match decision {
                ScopeOutcome::LateAccepted => f.late_accepted += 1,
                ScopeOutcome::OutOfTime => {
                    *self
                        .out_of_scope
                        .entry("out-of-time".to_owned())
                        .or_default() += 1
                }
                ScopeOutcome::Excluded { exclusion } => {
                    *entry(&mut self.out_of_scope, exclusion) += 1
                }
                ScopeOutcome::InScope => {}
            }
        }
        for (opened, done) in &facts.learning {
            f.learning_opened += u64::from(period.contains(*opened));
            f.learning_done += u64::from(done.is_some_and(|d| period.contains(d)));
        }
    }

    fn finish(mut self, keys: &Keys) -> Figures {
        let counts = |keys: &[String], map: &BTreeMap<String, u64>| -> Vec<Count> {
            ordered(keys, map.keys())
                .into_iter()
                .map(|key| Count {
                    count: map.get(&key).copied().unwrap_or(0),
                    key,
                })
                .collect()
        };
        let f = &mut self.figures;
        f.by_kind = counts(&keys.kinds, &by_name(&self.kinds));
        f.by_channel = counts(&keys.channels, &by_name(&self.channels));
        f.by_stage_reached = counts(&keys.stages, &self.stages);
        f.by_theme = counts(&keys.themes, &self.themes);
        f.by_outcome = counts(&keys.outcomes, &by_name(&self.outcomes));
        f.out_of_scope = counts(&keys.out_of_scope, &self.out_of_scope);
        let stage_keys = ordered(
            &keys.stages,
            self.acknowledge.keys().chain(self.respond.keys()),
        );
        f.times = stage_keys
            .into_iter()
            .map(|stage| StageTimes {
                acknowledge: self
                    .acknowledge
                    .get(&stage)
                    .map(Histogram::times)
                    .unwrap_or_default(),
                respond: self
                    .respond
                    .get(&stage)
                    .map(Histogram::times)
                    .unwrap_or_default(),
                stage,
            })
            .collect();
        self.figures
    }
}

/// Counts keyed by value, keyed by the values' names.
fn by_name<'a, K: Serialize + 'a>(
    counts: impl IntoIterator<Item = (&'a K, &'a u64)>,
) -> BTreeMap<String, u64> {
    counts
        .into_iter()
        .map(|(key, count)| (serde_name(key), *count))
        .collect()
}

/// The value of `key` in `map`, made at its default the first time: the key is copied only then.
fn entry<'m, V: Default>(map: &'m mut BTreeMap<String, V>, key: &str) -> &'m mut V {
    if !map.contains_key(key) {
        map.insert(key.to_owned(), V::default());
    }
    map.get_mut(key).expect("inserted above")
}

/// The procedure's own keys first, in its order, then any others seen (cases on an older
/// version may have stages or themes the latest lacks), sorted.
fn ordered<'a>(keys: &[String], seen: impl Iterator<Item = &'a String>) -> Vec<String> {
    let mut out = keys.to_vec();
    let mut extra: Vec<String> = seen.filter(|k| !keys.contains(k)).cloned().collect();
    extra.sort();
    extra.dedup();
    out.extend(extra);
    out
}

/// The keys every report of an organisation lists, even at zero, so periods line up.
#[derive(Clone, Debug, Default)]
struct Keys {
    kinds: Vec<String>,
    channels: Vec<String>,
    stages: Vec<String>,
    themes: Vec<String>,
    outcomes: Vec<String>,
    out_of_scope: Vec<String>,
}

impl Keys {
    /// These keys, then those of `other` these lack, in `other`'s order.
    fn merge(&mut self, other: Keys) {
        for (mine, theirs) in [
            (&mut self.kinds, other.kinds),
            (&mut self.channels, other.channels),
            (&mut self.stages, other.stages),
            (&mut self.themes, other.themes),
            (&mut self.outcomes, other.outcomes),
            (&mut self.out_of_scope, other.out_of_scope),
        ] {
            for key in theirs {
                if !mine.contains(&key) {
                    mine.push(key);
                }
            }
        }
    }

    fn of(procedure: &Procedure) -> Keys {
        let mut outcomes: Vec<String> = Vec::new();
        for stage in &procedure.stages {
            for outcome in &stage.outcomes {
                let key = serde_name(outcome);
                if !outcomes.contains(&key) {
                    outcomes.push(key);
                }
            }
        }
        let mut out_of_scope: Vec<String> =
            procedure.exclusions.iter().map(|e| e.id.clone()).collect();
        if procedure.time_limit.is_some() {
            out_of_scope.push("out-of-time".to_owned());
        }
        Keys {
            kinds: procedure
                .organisation
                .kinds
                .iter()
                .map(serde_name)
                .collect(),
            channels: procedure.intake.channels.iter().map(serde_name).collect(),
            stages: procedure.stages.iter().map(|s| s.id.to_string()).collect(),
            themes: procedure
                .reporting
                .themes()
                .iter()
                .map(|t| t.to_string())
                .collect(),
            outcomes,
            out_of_scope,
        }
    }
}

/// A report being folded, one case at a time.
pub struct ReportBuilder {
    organisation: OrgId,
    organisation_name: String,
    period: Period,
    previous_period: Period,
    keys: Keys,
    labels: BTreeMap<String, String>,
    current: Tally,
    previous: Tally,
    /// One procedure's report: the cases of any other are not counted.
    only: Option<ReportProcedure>,
    /// The organisation's report over several procedures: each one's own tallies.
    parts: Vec<Part>,
}

/// One procedure's tallies in a combined report.
struct Part {
    procedure: ReportProcedure,
    keys: Keys,
    current: Tally,
    previous: Tally,
}

fn labels_of(procedure: &Procedure, labels: &mut BTreeMap<String, String>) {
    for stage in &procedure.stages {
        labels
            .entry(stage.id.to_string())
            .or_insert_with(|| stage.name.clone());
    }
    for theme in procedure.reporting.themes() {
        labels
            .entry(theme.to_string())
            .or_insert_with(|| theme_title(theme.as_str()));
    }
    for exclusion in &procedure.exclusions {
        labels
            .entry(exclusion.id.clone())
            .or_insert_with(|| exclusion.title.clone());
    }
}

impl ReportBuilder {
    /// A report on `period` for the organisation whose latest procedure is `procedure` (its
    /// keys and words label the report; cases on older versions are counted all the same).
    /// Every case added is counted: what an organisation running one procedure reports.
    pub fn new(procedure: &Procedure, period: Period) -> ReportBuilder {
        let mut labels = BTreeMap::new();
        labels_of(procedure, &mut labels);
        ReportBuilder {
            organisation: procedure.organisation.id.clone(),
            organisation_name: procedure.organisation.name.clone(),
            previous_period: period.previous(),
            period,
            keys: Keys::of(procedure),
            labels,
            current: Tally::default(),
            previous: Tally::default(),
            only: None,
            parts: Vec::new(),
        }
    }

    /// One procedure's report on `period` (`procedure` its latest version): only the cases
    /// that run on it are counted, whatever else is added.
    pub fn of_procedure(procedure: &Procedure, period: Period) -> ReportBuilder {
        ReportBuilder {
            only: Some(ReportProcedure::of(procedure)),
            ..ReportBuilder::new(procedure, period)
        }
    }

    /// The organisation's report on `period` over all its procedures (`procedures`: the latest
    /// version of each, the main one first): every case is counted, under the main procedure's
    /// keys and words then the others'; with more than one procedure, each one's figures too.
    /// A case of a procedure not listed is counted in the whole and under its id.
    ///
    /// # Panics
    /// When `procedures` is empty: an organisation has at least its main procedure.
    pub fn combined(procedures: &[&Procedure], period: Period) -> ReportBuilder {
        let (first, others) = procedures
            .split_first()
            .expect("an organisation has a procedure");
        let mut builder = ReportBuilder::new(first, period);
        for other in others {
            builder.keys.merge(Keys::of(other));
            labels_of(other, &mut builder.labels);
        }
        if !others.is_empty() {
            builder.parts = procedures
                .iter()
                .map(|p| Part {
                    procedure: ReportProcedure::of(p),
                    keys: Keys::of(p),
                    current: Tally::default(),
                    previous: Tally::default(),
                })
                .collect();
        }
        builder
    }

    /// The days a case must touch to count: from the previous period's first day to this
    /// period's last. A store may skip cases received after `last` or closed before `first`.
    pub fn span(&self) -> Period {
        Period::covering(self.previous_period.first, self.period.last)
    }

    /// Counts one case (in one procedure's report, only a case of that procedure).
    pub fn add(&mut self, facts: &CaseFacts) {
        if self
            .only
            .as_ref()
            .is_some_and(|only| only.id != facts.procedure)
        {
            return;
        }
        self.current.add(facts, &self.period);
        self.previous.add(facts, &self.previous_period);
        if self.parts.is_empty() {
            return;
        }
        let index = match self
            .parts
            .iter()
            .position(|p| p.procedure.id == facts.procedure)
        {
            Some(index) => index,
            None => {
                self.parts.push(Part {
                    procedure: ReportProcedure {
                        id: facts.procedure.clone(),
                        title: facts.procedure.to_string(),
                    },
                    keys: Keys::default(),
                    current: Tally::default(),
                    previous: Tally::default(),
                });
                self.parts.len() - 1
            }
        };
        let part = &mut self.parts[index];
        part.current.add(facts, &self.period);
        part.previous.add(facts, &self.previous_period);
    }

    /// The report.
    pub fn finish(self) -> Report {
        Report {
            organisation: self.organisation,
            organisation_name: self.organisation_name,
            period: self.period,
            previous_period: self.previous_period,
            current: self.current.finish(&self.keys),
            previous: self.previous.finish(&self.keys),
            labels: self.labels,
            procedure: self.only,
            by_procedure: self
                .parts
                .into_iter()
                .map(|part| ProcedureFigures {
                    current: part.current.finish(&part.keys),
                    previous: part.previous.finish(&part.keys),
                    procedure: part.procedure,
                })
                .collect(),
        }
    }
}

/// A theme's words: its id with spaces, capitalised (`staff-conduct` is "Staff conduct").
pub fn theme_title(theme: &str) -> String {
    let words = theme.replace('-', " ");
    let mut chars = words.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
