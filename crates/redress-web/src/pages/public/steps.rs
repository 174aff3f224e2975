//! The feedback form's pages and the order they come in, worked out from the procedure and the
//! answers so far: what it is about only where the organisation runs procedures that offer
//! matters (and then the rest of the form follows the procedure the matter chooses), only the
//! kinds the procedure takes, the time-limit page only for a late complaint, anonymity only
//! where the procedure accepts it, and so on.

use std::sync::Arc;

use jiff::civil::Date;
use redress_core::case::{choose_procedure, matter_choices};
use redress_core::procedure::{Anonymous, FeedbackKind, Matter, Procedure, TimeLimitFrom};

use super::answers::Answers;
use super::words::parse_kind;

/// One page of the form.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    /// What it is about, which chooses the organisation's procedure.
    Matter,
    /// Complaint, compliment, comment or suggestion.
    Kind,
    /// What happened (or what they want to say).
    What,
    /// When it happened.
    When,
    /// The time limit has passed: when they found out, and why now.
    Late,
    /// The outcome they want.
    Outcome,
    /// People involved, with their roles.
    People,
    /// For themselves or for someone else.
    Behalf,
    /// The person it is for, and the relationship.
    Representative,
    /// Contact details, or anonymous.
    Anonymous,
    /// How they want to be contacted.
    Method,
    /// Name and contact details.
    Details,
    /// Support or adjustments.
    Support,
    /// Consent to publish a compliment or comment.
    Publish,
    /// Check your answers.
    Check,
    /// Documents or photos to send with it.
    Files,
}

const ALL: [Step; 16] = [
    Step::Matter,
    Step::Kind,
    Step::What,
    Step::When,
    Step::Late,
    Step::Outcome,
    Step::People,
    Step::Behalf,
    Step::Representative,
    Step::Anonymous,
    Step::Method,
    Step::Details,
    Step::Support,
    Step::Publish,
    Step::Check,
    Step::Files,
];

impl Step {
    /// The page's name in forms and links.
    pub fn as_str(self) -> &'static str {
        match self {
            Step::Matter => "matter",
            Step::Kind => "kind",
            Step::What => "what",
            Step::When => "when",
            Step::Late => "late",
            Step::Outcome => "outcome",
            Step::People => "people",
            Step::Behalf => "behalf",
            Step::Representative => "representative",
            Step::Anonymous => "anonymous",
            Step::Method => "method",
            Step::Details => "details",
            Step::Support => "support",
            Step::Publish => "publish",
            Step::Check => "check",
            Step::Files => "files",
        }
    }

    /// The page named `name`.
    pub fn parse(name: &str) -> Option<Step> {
        ALL.into_iter().find(|s| s.as_str() == name)
    }

    /// The answers this page asks for.
    pub fn fields(self) -> &'static [&'static str] {
        match self {
            Step::Matter => &["matter"],
            Step::Kind => &["kind"],
            Step::What => &["what"],
            Step::When => &["happened-day", "happened-month", "happened-year"],
            Step::Late => &["aware-day", "aware-month", "aware-year", "late-reason"],
            Step::Outcome => &["outcome"],
            Step::People => &[
                "person-1-name",
                "person-1-role",
                "person-2-name",
                "person-2-role",
                "person-3-name",
                "person-3-role",
            ],
            Step::Behalf => &["behalf"],
            Step::Representative => &["their-name", "relationship"],
            Step::Anonymous => &["anonymous"],
            Step::Method => &["prefers"],
            Step::Details => &["name", "email", "phone", "address"],
            Step::Support => &["support"],
            Step::Publish => &["publish"],
            Step::Check => &[],
            // The files uploaded travel as hidden fields on every page, this one included.
            Step::Files => &[],
        }
    }
}

/// The procedure and the day, which decide which pages apply.
#[derive(Clone, Copy, Debug)]
pub struct Flow<'a> {
    /// The procedure the answers' matter chooses, of those in force today (the main one until
    /// a matter is chosen, or when the matter chosen is not one offered).
    pub procedure: &'a Procedure,
    /// Every procedure of the organisation in force today, the main one first.
    pub in_force: &'a [Arc<Procedure>],
    /// Today, in Europe/London.
    pub today: Date,
}

impl<'a> Flow<'a> {
    /// The flow for `answers` through the organisation's procedures in force today (`in_force`,
    /// not empty, main first): core's `choose_procedure` says which one the matter chosen
    /// selects.
    pub fn new(in_force: &'a [Arc<Procedure>], answers: &Answers, today: Date) -> Flow<'a> {
        let procedures: Vec<&'a Procedure> = in_force.iter().map(|p| &**p).collect();
        let procedure = choose_procedure(&procedures, matter(answers)).unwrap_or(procedures[0]);
        Flow {
            procedure,
            in_force,
            today,
        }
    }

    /// The matters the organisation's procedures offer, in their order (core's
    /// `matter_choices`); none when there is nothing to ask.
    pub fn matters(&self) -> Vec<&'a Matter> {
        let procedures: Vec<&'a Procedure> = self.in_force.iter().map(|p| &**p).collect();
        matter_choices(&procedures)
    }

    /// Core's answer to the matter given: `Err` with its refusal for one no procedure lists.
    pub fn choose(&self, answers: &Answers) -> Result<(), redress_core::case::Refusal> {
        let procedures: Vec<&Procedure> = self.in_force.iter().map(|p| &**p).collect();
        choose_procedure(&procedures, matter(answers)).map(|_| ())
    }
}

/// The matter answered, as a submission's `matter`: `None` for none given or "Something else".
pub fn matter(answers: &Answers) -> Option<&str> {
    super::fields::matter(answers.get("matter"))
}

impl Flow<'_> {
    /// The kind chosen, or the only kind the procedure takes; a complaint until chosen.
    pub fn kind(&self, answers: &Answers) -> FeedbackKind {
        let kinds = &self.procedure.organisation.kinds;
        match kinds.as_slice() {
            [only] => *only,
            _ => parse_kind(answers.get("kind"))
                .filter(|k| kinds.contains(k))
                .unwrap_or(FeedbackKind::Complaint),
        }
    }

    /// True when the feedback is a complaint.
    pub fn is_complaint(&self, answers: &Answers) -> bool {
        self.kind(answers) == FeedbackKind::Complaint
    }

    /// Whether someone may give feedback for another person.
    pub fn takes_representatives(&self) -> bool {
        self.procedure
            .intake
            .representatives
            .as_ref()
            .is_none_or(|r| r.accepted)
    }

    /// Whether feedback may be anonymous.
    pub fn takes_anonymous(&self) -> bool {
        self.procedure.intake.anonymous != Some(Anonymous::NotAccepted)
    }

    /// Where a compliment or comment of this kind would be published with consent, if anywhere.
    pub fn publishes(&self, answers: &Answers) -> Option<&str> {
        let publish = match self.kind(answers) {
            FeedbackKind::Complaint => None,
            FeedbackKind::Compliment => self.procedure.compliments.as_ref()?.publish.as_ref(),
            FeedbackKind::Comment | FeedbackKind::Suggestion => {
                self.procedure.comments.as_ref()?.publish.as_ref()
            }
        }?;
        publish.consent_required.then_some(publish.place.as_str())
    }

    /// The last day in time for a complaint about events on the date given, when that day has
    /// passed (counting from the events only: the late page asks when they found out).
    pub fn late_since(&self, answers: &Answers) -> Option<Date> {
        let limit = self.procedure.time_limit.as_ref()?;
        let happened = super::validate::happened(answers, self.today)?;
        let last = limit.within.last_day_from(happened)?;
        (self.today > last).then_some(last)
    }

    /// Whether the time-limit page may take a date they found out about it.
    pub fn asks_awareness(&self) -> bool {
        self.procedure
            .time_limit
            .as_ref()
            .is_some_and(|l| l.from == TimeLimitFrom::EventOrAwareness)
    }

    /// The pages that apply, in order, given the answers so far.
    pub fn path(&self, answers: &Answers) -> Vec<Step> {
        let mut steps = Vec::new();
        if !self.matters().is_empty() {
            steps.push(Step::Matter);
        }
        if self.procedure.organisation.kinds.len() > 1 {
            steps.push(Step::Kind);
        }
        steps.push(Step::What);
        if self.is_complaint(answers) {
            steps.push(Step::When);
            if self.late_since(answers).is_some() {
                steps.push(Step::Late);
            }
            steps.push(Step::Outcome);
        }
        steps.push(Step::People);
        if self.takes_representatives() {
            steps.push(Step::Behalf);
        }
        if answers.for_someone_else() && self.takes_representatives() {
            steps.push(Step::Representative);
        } else if self.takes_anonymous() {
            steps.push(Step::Anonymous);
        }
        if !answers.anonymous() || !self.takes_anonymous() {
            steps.extend([Step::Method, Step::Details]);
        }
        steps.push(Step::Support);
        steps.push(Step::Files);
        if self.publishes(answers).is_some() {
            steps.push(Step::Publish);
        }
        steps.push(Step::Check);
        steps
    }

    /// The page after `step` on the current path (the check page when `step` is not on it).
    pub fn next(&self, answers: &Answers, step: Step) -> Step {
        let path = self.path(answers);
        path.iter()
            .position(|s| *s == step)
            .and_then(|i| path.get(i + 1).copied())
            .unwrap_or(Step::Check)
    }

    /// The page before `step` on the current path, or `None` for the first.
    pub fn previous(&self, answers: &Answers, step: Step) -> Option<Step> {
        let path = self.path(answers);
        let i = path.iter().position(|s| *s == step)?;
        i.checked_sub(1).map(|i| path[i])
    }
}
