//! Letters: what each letter a procedure promises must say, as typed statements.
//!
//! The decider writes a letter's required contents into the event that sends it, so the case
//! history shows exactly what the complainant was told. A statement is data (dates, role
//! titles, the outcome, the remedies, the rights that follow), never words: the message
//! catalogue and the letter templates word it. Internal matters, such as the learning actions
//! a response records, never appear in a letter.

use jiff::civil::Date;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::calendar::{Duration, long_date};
use crate::case::InWritingWhat;
use crate::procedure::{
    ClockStart, Contact, FeedbackKind, Ground, Handler, OmbudsmanWhen, Outcome, Procedure,
    RemedyKind, Restriction, Stage, Statement,
};

/// Which letter.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum LetterKind {
    /// Acknowledges a complaint (a request to escalate has its own kind since the second
    /// release; older acknowledgements of one say so in their next-steps statement).
    Acknowledgement,
    /// Tells the complainant the response will take longer, and the new date.
    HoldingLetter,
    /// A stage's response (the last stage's is a final response).
    Response,
    /// Asks for the complaint in writing, or for the person's written authority for their
    /// representative.
    RequestInWriting,
    /// Says the matter is outside the procedure (excluded or out of time) and where to go.
    ScopeDecision,
    /// Confirms what was agreed when the complaint was resolved informally.
    InformalResolution,
    /// A progress update while the response is awaited.
    Update,
    /// Acknowledges a request to take the complaint to a later stage.
    EscalationAcknowledgement,
    /// The last stage's response: the procedure is complete, and the ombudsman is next.
    FinalResponse,
    /// Confirms that the complaint is withdrawn.
    WithdrawalConfirmation,
    /// Replies to a compliment, comment or suggestion.
    ComplimentReply,
    /// Warns about unacceptable or unreasonably persistent behaviour.
    BehaviourWarning,
    /// Restricts the complainant's contact.
    ContactRestriction,
}

impl LetterKind {
    /// Every kind, in the order the procedure's journey meets them.
    pub const ALL: &[LetterKind] = &[
        LetterKind::Acknowledgement,
        LetterKind::RequestInWriting,
        LetterKind::ScopeDecision,
        LetterKind::InformalResolution,
        LetterKind::Update,
        LetterKind::HoldingLetter,
        LetterKind::Response,
        LetterKind::EscalationAcknowledgement,
        LetterKind::FinalResponse,
        LetterKind::WithdrawalConfirmation,
        LetterKind::ComplimentReply,
        LetterKind::BehaviourWarning,
        LetterKind::ContactRestriction,
    ];

    /// The kind's name in files and JSON (`holding-letter`): its template is
    /// `letter-<name>.txt`.
    pub fn as_str(self) -> &'static str {
        match self {
            LetterKind::Acknowledgement => "acknowledgement",
            LetterKind::HoldingLetter => "holding-letter",
            LetterKind::Response => "response",
            LetterKind::RequestInWriting => "request-in-writing",
            LetterKind::ScopeDecision => "scope-decision",
            LetterKind::InformalResolution => "informal-resolution",
            LetterKind::Update => "update",
            LetterKind::EscalationAcknowledgement => "escalation-acknowledgement",
            LetterKind::FinalResponse => "final-response",
            LetterKind::WithdrawalConfirmation => "withdrawal-confirmation",
            LetterKind::ComplimentReply => "compliment-reply",
            LetterKind::BehaviourWarning => "behaviour-warning",
            LetterKind::ContactRestriction => "contact-restriction",
        }
    }
}

/// How a letter goes out.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Delivery {
    /// By e-mail to the address on the case, with the letter as a PDF.
    Email,
    /// Printed and posted (or handed over) by the officer.
    Post,
}

/// The text of a letter as the officer wrote (or kept) it, and how it goes out. A command
/// that sends a letter may carry one (`"letter": {"body": "...", "delivery": "email"}`); the
/// decider checks that the body still says everything the letter must, and the event keeps
/// it unchanged. Without one, the letter is rendered from its template when sent.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LetterText {
    /// The body: paragraphs separated by blank lines, lines starting "- " as list items. No
    /// letterhead, date, addressee, salutation or sign-off: those are added when it is printed.
    pub body: String,
    /// How it goes out.
    pub delivery: Delivery,
}

/// A letter's required contents: one statement per thing the procedure requires of it (and
/// any the letter always has), in the order a letter says them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(from = "StoredLetter")]
pub struct Letter {
    /// Which letter.
    pub kind: LetterKind,
    /// What it says.
    pub statements: Vec<Said>,
    /// The text sent, when the officer sent one (checked to say every statement's essentials).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<LetterText>,
    /// The title of the role the letter is from, where the procedure tells.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signed_by: Option<String>,
    /// The name of the person it is from, where one was given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signed_name: Option<String>,
}

/// A letter as events store it: today's statements, or the English lines the first release
/// wrote (`lines: [{says, text}]`), which are kept word for word as [`Said::Recorded`] so a
/// database written by that release still reads back and shows what was sent.
#[derive(Deserialize, JsonSchema)]
struct StoredLetter {
    kind: LetterKind,
    #[serde(default)]
    statements: Vec<Said>,
    #[serde(default)]
    lines: Vec<RecordedLine>,
    #[serde(default)]
    text: Option<LetterText>,
    #[serde(default)]
    signed_by: Option<String>,
    #[serde(default)]
    signed_name: Option<String>,
}

/// One line of a letter written by the first release.
#[derive(Deserialize, JsonSchema)]
struct RecordedLine {
    says: Statement,
    text: String,
}

impl From<StoredLetter> for Letter {
    fn from(stored: StoredLetter) -> Letter {
        let mut statements = stored.statements;
        statements.extend(stored.lines.into_iter().map(|line| Said::Recorded {
            statement: line.says,
            text: line.text,
        }));
        Letter {
            kind: stored.kind,
            statements,
            text: stored.text,
            signed_by: stored.signed_by,
            signed_name: stored.signed_name,
        }
    }
}

/// One thing a letter says. Serialised with `says` naming the [`Statement`] it fulfils.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "says", rename_all = "kebab-case")]
pub enum Said {
    /// The organisation has the complaint (or the request to escalate it) and is following its
    /// procedure at this stage.
    NextSteps {
        /// The organisation's name.
        organisation: String,
        /// The stage's name.
        stage: String,
        /// Whether this acknowledges a request to escalate rather than a new complaint.
        escalated: bool,
    },
    /// Who is dealing with the complaint.
    Handler {
        /// Who.
        handler: Who,
    },
    /// A contact telephone number.
    Phone {
        /// The number.
        phone: String,
    },
    /// A contact e-mail address.
    Email {
        /// The address.
        email: String,
    },
    /// When to expect the full response.
    ResponseDue {
        /// The date, or the rule when no date can be given yet.
        response: ResponseTime,
    },
    /// How long the stage takes.
    Timeframe {
        /// The rule, and the date where one is known.
        response: ResponseTime,
    },
    /// How the complaint was investigated, as the handler wrote it.
    HowInvestigated {
        /// The handler's words.
        text: String,
    },
    /// The findings, as the handler wrote them.
    Findings {
        /// The handler's words.
        text: String,
    },
    /// The outcome.
    Outcome {
        /// Which.
        outcome: Outcome,
    },
    /// What will be done to put things right (never the organisation's internal learning).
    Actions {
        /// The remedies, possibly none.
        remedies: Vec<RemedyGiven>,
    },
    /// What the complainant may do next under the procedure.
    EscalationRights {
        /// The right.
        right: NextStage,
    },
    /// The ombudsman, when they may go to it, and how to reach it.
    Ombudsman {
        /// The ombudsman's name.
        name: String,
        /// When the complainant may go to it.
        when: OmbudsmanWhen,
        /// How to reach it.
        contact: Contact,
        /// Anything else the procedure says to tell the complainant.
        note: Option<String>,
        /// Whether it may also be contacted at any time while the procedure runs, as well as
        /// after the final stage.
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        also_any_time: bool,
    },
    /// Which stage of the procedure the complaint is at.
    Stage {
        /// The stage's name.
        stage: String,
    },
    /// How the complaint was understood, in the officer's words.
    Definition {
        /// The words.
        text: String,
    },
    /// The actions still outstanding, in the officer's words.
    OutstandingActions {
        /// The words.
        text: String,
    },
    /// Why the response is delayed.
    Reason {
        /// The stage's name.
        stage: String,
        /// The reason given.
        reason: String,
    },
    /// The new date for the response.
    NewDate {
        /// The date.
        date: Date,
    },
    /// What a letter of the first release said, in its own words (see `StoredLetter`).
    Recorded {
        /// The procedure's statement it fulfilled.
        statement: Statement,
        /// The words.
        text: String,
    },
    /// What the organisation needs in writing, and where to send it.
    InWriting {
        /// The complaint itself, or the person's written authority for their representative.
        what: InWritingWhat,
        /// The organisation's name.
        organisation: String,
        /// Where to send it: the organisation's address and mailbox.
        send_to: Contact,
    },
    /// The matter is excluded from the procedure; where it goes instead.
    Scope {
        /// What the matter is, as the procedure names it.
        matter: String,
        /// Where it goes instead, from the procedure.
        route: Option<String>,
        /// Anything the procedure says the person should be told.
        note: Option<String>,
    },
    /// The complaint came after the time limit and is not accepted.
    OutOfTime {
        /// The time limit, as the procedure states it.
        within: Duration,
        /// The last day a complaint was in time.
        last_day: Date,
    },
    /// What was agreed, done or said, in the officer's words.
    Summary {
        /// The words.
        text: String,
    },
    /// The complaint is withdrawn.
    Withdrawal {
        /// Whether the organisation will still decide if the matter needs an internal review.
        internal_review: bool,
    },
    /// The behaviour of concern.
    Behaviour {
        /// Why it is unacceptable, in the officer's words.
        reason: String,
    },
    /// The restrictions on contact.
    Restrictions {
        /// Which.
        restrictions: Vec<Restriction>,
        /// The last day they apply.
        until: Date,
        /// When they will be reviewed.
        review_on: Date,
    },
    /// Thanks for a compliment, comment or suggestion.
    Thanks {
        /// Which kind of feedback.
        kind: FeedbackKind,
        /// The organisation's name.
        organisation: String,
    },
}

/// Who handles a stage, as a complainant is told.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "is", rename_all = "kebab-case")]
pub enum Who {
    /// A person holding a role, when the officer gave their name.
    Person {
        /// Their name.
        name: String,
        /// Their role's title.
        title: String,
    },
    /// Whoever holds a role.
    Role {
        /// The role's title.
        title: String,
    },
    /// A panel drawn at random.
    Panel {
        /// How many members.
        size: u32,
        /// Whether those named in the complaint are left out of the draw.
        exclude_named: bool,
        /// The title of the role that convenes it, where the procedure names one.
        convened_by: Option<String>,
    },
    /// Someone from outside the organisation.
    External {
        /// Who, as the procedure describes them.
        description: String,
        /// The title of the role that asks them, where the procedure names one.
        arranged_by: Option<String>,
    },
}

/// When the full response is due.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "is", rename_all = "kebab-case")]
pub enum ResponseTime {
    /// The stage's timescale, and the date it comes to when the clock has started.
    Within {
        /// The timescale, as the procedure states it.
        within: Duration,
        /// What it counts from.
        from: ClockStart,
        /// The last day, when the clock has started.
        by: Option<Date>,
    },
    /// The procedure sets the stage no timescale; the complainant will be kept informed.
    NoTimescale,
}

/// A remedy as the complainant is told it: what kind and what exactly.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct RemedyGiven {
    /// What kind.
    pub kind: RemedyKind,
    /// What exactly.
    pub description: String,
}

/// What may happen after a stage.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "is", rename_all = "kebab-case")]
pub enum NextStage {
    /// This is the final stage of the procedure.
    Final {
        /// The stage's name.
        stage: String,
    },
    /// The complainant may ask for the next stage.
    Complainant {
        /// The next stage's name.
        to_stage: String,
        /// Who handles it.
        handler: Who,
        /// The window to ask in, where the procedure sets one.
        within: Option<Duration>,
        /// The last day to ask, once the window has started.
        by: Option<Date>,
        /// The grounds they may give, where the procedure lists them.
        grounds: Vec<Ground>,
    },
    /// The handler refers the complaint on if it cannot be decided here; the complainant is
    /// told if it is.
    Referral {
        /// The next stage's name.
        to_stage: String,
        /// Who handles it.
        handler: Who,
    },
    /// The stage reached its outcome, so the complaint is not referred on.
    NotReferred {
        /// The stage's name.
        stage: String,
        /// The stage it would have gone to.
        to_stage: String,
    },
}

impl Said {
    /// The procedure's statement this fulfils.
    pub fn statement(&self) -> Statement {
        match self {
            Said::NextSteps { .. } => Statement::NextSteps,
            Said::Handler { .. } => Statement::Handler,
            Said::Phone { .. } => Statement::Phone,
            Said::Email { .. } => Statement::Email,
            Said::ResponseDue { .. } => Statement::ResponseDue,
            Said::Timeframe { .. } => Statement::Timeframe,
            Said::HowInvestigated { .. } => Statement::HowInvestigated,
            Said::Findings { .. } => Statement::Findings,
            Said::Outcome { .. } => Statement::Outcome,
            Said::Actions { .. } => Statement::Actions,
            Said::EscalationRights { .. } => Statement::EscalationRights,
            Said::Ombudsman { .. } => Statement::Ombudsman,
            Said::Reason { .. } => Statement::Reason,
            Said::NewDate { .. } => Statement::NewDate,
            Said::Recorded { statement, .. } => *statement,
            Said::InWriting { .. } => Statement::InWriting,
            Said::Scope { .. } | Said::OutOfTime { .. } => Statement::Scope,
            Said::Summary { .. } => Statement::Summary,
            Said::Withdrawal { .. } => Statement::Withdrawal,
            Said::Behaviour { .. } => Statement::Behaviour,
            Said::Restrictions { .. } => Statement::Restrictions,
            Said::Thanks { .. } => Statement::NextSteps,
            Said::Stage { .. } => Statement::Stage,
            Said::Definition { .. } => Statement::Definition,
            Said::OutstandingActions { .. } => Statement::OutstandingActions,
        }
    }

    /// What a letter's text must contain for this statement to be said: the values a reader
    /// needs and could not guess (dates, titles, numbers, addresses, names), each as the forms
    /// any of which will do. Words around them are the officer's to choose.
    pub fn essentials(&self) -> Vec<Essential> {
        let mut out = Vec::new();
        match self {
            Said::Handler { handler } => out.extend(title_of(handler, "the handler's role title")),
            Said::Phone { phone } => {
                out.push(Essential::loose("the contact telephone number", phone))
            }
            Said::Email { email } => out.push(Essential::text("the contact e-mail address", email)),
            Said::ResponseDue {
                response: ResponseTime::Within { by: Some(by), .. },
            }
            | Said::Timeframe {
                response: ResponseTime::Within { by: Some(by), .. },
            } => out.push(Essential::date("the date of the full response", *by)),
            Said::EscalationRights {
                right: NextStage::Complainant { handler, by, .. },
            } => {
                out.extend(title_of(handler, "who deals with the next stage"));
                if let Some(by) = by {
                    out.push(Essential::date(
                        "the last day to ask for the next stage",
                        *by,
                    ));
                }
            }
            Said::Ombudsman { name, contact, .. } => {
                out.push(Essential::text("the ombudsman's name", name));
                let ways: Vec<String> = [
                    &contact.web,
                    &contact.phone,
                    &contact.email,
                    &contact.address,
                ]
                .into_iter()
                .flatten()
                .cloned()
                .collect();
                if !ways.is_empty() {
                    out.push(Essential {
                        what: "how to contact the ombudsman".to_owned(),
                        forms: ways,
                        loose: true,
                    });
                }
            }
            Said::NewDate { date } => {
                out.push(Essential::date("the new date for the response", *date))
            }
            Said::Stage { stage } => out.push(Essential::text("the stage's name", stage)),
            Said::InWriting { send_to, .. } => {
                let ways: Vec<String> = [&send_to.email, &send_to.address]
                    .into_iter()
                    .flatten()
                    .cloned()
                    .collect();
                if !ways.is_empty() {
                    out.push(Essential {
                        what: "where to send it".to_owned(),
                        forms: ways,
                        loose: true,
                    });
                }
            }
            Said::Scope {
                route: Some(route), ..
            } => {
                out.push(Essential::text("where the matter goes instead", route));
            }
            Said::OutOfTime { last_day, .. } => {
                out.push(Essential::date("the last day to complain", *last_day));
            }
            Said::Restrictions {
                until, review_on, ..
            } => {
                out.push(Essential::date("the last day of the restrictions", *until));
                out.push(Essential::date(
                    "the day the restrictions are reviewed",
                    *review_on,
                ));
            }
            _ => {}
        }
        out
    }
}

/// A role title a letter must name, where `who` has one.
fn title_of(who: &Who, what: &str) -> Option<Essential> {
    let title = match who {
        Who::Person { title, .. } | Who::Role { title } => Some(title),
        Who::Panel { convened_by, .. } => convened_by.as_ref(),
        Who::External { arranged_by, .. } => arranged_by.as_ref(),
    }?;
    Some(Essential::text(what, title))
}

/// Something a letter's text must contain: any one of `forms`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Essential {
    /// What it is, for a refusal: "the date of the full response".
    pub what: String,
    /// The forms it may take, first the one a template writes.
    pub forms: Vec<String>,
    /// Whether spaces are ignored when looking (telephone numbers, addresses over lines).
    pub loose: bool,
}

impl Essential {
    fn text(what: &str, value: &str) -> Essential {
        Essential {
            what: what.to_owned(),
            forms: vec![value.to_owned()],
            loose: false,
        }
    }

    fn loose(what: &str, value: &str) -> Essential {
        Essential {
            loose: true,
            ..Essential::text(what, value)
        }
    }

    /// A date, in the long form of every language a letter may be written in.
    fn date(what: &str, date: Date) -> Essential {
        Essential {
            what: what.to_owned(),
            forms: vec![long_date(date, "en"), long_date(date, "cy")],
            loose: false,
        }
    }

    /// Whether `body` contains it, ignoring case and how the text is spaced or broken into
    /// lines (and, for a loose essential, all spaces).
    pub fn found_in(&self, body: &str) -> bool {
        let squash = |text: &str| -> String {
            let words = text.split_whitespace().collect::<Vec<_>>();
            let joined = if self.loose {
                words.concat()
            } else {
                words.join(" ")
            };
            joined.to_lowercase()
        };
        let body = squash(body);
        self.forms.iter().any(|form| body.contains(&squash(form)))
    }
}

impl Letter {
    /// A letter of `kind` with no statements yet.
    pub fn new(kind: LetterKind) -> Letter {
        Letter {
            kind,
            statements: Vec::new(),
            text: None,
            signed_by: None,
            signed_name: None,
        }
    }

    /// The first essential of any statement that `body` lacks, with the statement it belongs
    /// to: a text that lacks one must not be sent.
    pub fn missing_from(&self, body: &str) -> Option<(Statement, Essential)> {
        self.statements.iter().find_map(|said| {
            said.essentials()
                .into_iter()
                .find(|essential| !essential.found_in(body))
                .map(|essential| (said.statement(), essential))
        })
    }

    /// Adds a statement.
    pub fn with(mut self, said: Said) -> Letter {
        self.statements.push(said);
        self
    }

    /// The statement fulfilling `statement`, if the letter has one.
    pub fn says(&self, statement: Statement) -> Option<&Said> {
        self.statements.iter().find(|s| s.statement() == statement)
    }

    /// The first statement of `required` this letter lacks, if any: a letter that lacks one
    /// must not be sent.
    pub fn missing(&self, required: &[Statement]) -> Option<Statement> {
        required
            .iter()
            .copied()
            .find(|statement| self.says(*statement).is_none())
    }
}

/// Who handles `stage` by the procedure, before any conflict rule or assignment: what a letter
/// says of a stage the complaint has not reached yet.
pub fn who_handles(procedure: &Procedure, stage: &Stage) -> Who {
    let arranged_by = stage
        .handler
        .arranged_by()
        .map(|role| procedure.role_title(role));
    match &stage.handler {
        Handler::Role { role, .. } => Who::Role {
            title: procedure.role_title(role),
        },
        Handler::Panel {
            size,
            exclude_named,
            ..
        } => Who::Panel {
            size: *size,
            exclude_named: *exclude_named,
            convened_by: arranged_by,
        },
        Handler::External { who, .. } => Who::External {
            description: who.to_owned(),
            arranged_by,
        },
    }
}

/// The ombudsman statement for `procedure`, if it names an ombudsman.
pub fn ombudsman(procedure: &Procedure) -> Option<Said> {
    procedure.ombudsman.as_ref().map(|o| Said::Ombudsman {
        name: o.name.clone(),
        when: o.when,
        contact: o.contact.clone(),
        note: o.note.clone(),
        also_any_time: o.also_any_time,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::case::{Event, Fact};

    #[test]
    fn an_acknowledgement_stored_by_the_first_release_reads_back_with_its_words() {
        // The first release stored a letter as English lines tagged by statement.
        let stored = serde_json::json!({
            "at": "2026-11-24T10:00:00Z",
            "type": "acknowledged",
            "stage": "stage-1",
            "letter": {"kind": "acknowledgement", "lines": [
                {"says": "next-steps", "text": "Leeds Parent Partnership Service has received your complaint."},
                {"says": "response-due", "text": "You will receive our response by Tue 15 Dec 2026."}
            ]}
        });
        let event: Event = serde_json::from_value(stored).expect("an old event reads back");
        let Fact::Acknowledged { letter, .. } = event.fact else {
            panic!("not an acknowledgement");
        };
        assert_eq!(letter.kind, LetterKind::Acknowledgement);
        assert_eq!(
            letter.statements[1],
            Said::Recorded {
                statement: Statement::ResponseDue,
                text: "You will receive our response by Tue 15 Dec 2026.".to_owned(),
            }
        );
        assert_eq!(letter.statements[1].statement(), Statement::ResponseDue);
        // Written again, it is today's shape, and reads back the same.
        let again: Letter = serde_json::from_value(serde_json::to_value(&letter).unwrap()).unwrap();
        assert_eq!(again, letter);
    }
}
