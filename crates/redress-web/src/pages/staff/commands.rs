//! Turning a posted action form into the decider's `Command`.
//!
//! Only what the form itself can get wrong is checked here (a date that is not a date, a
//! choice that is not on the list, a malformed line); every rule of the procedure is left to
//! the decider, whose refusals the case page shows in words.

use redress_core::case::{
    Command, Declined, LearningAction, Member, PersonNamed, Remedy, ScopeDecision,
};
use redress_core::ids::RoleId;
use serde::de::DeserializeOwned;

use super::super::messages::Messages;
use super::actions::{LEARNING_ROWS, REMEDY_ROWS};
use super::forms::{FormData, parse_date};

/// A problem with one field: (field name, message).
pub type Problem = (String, String);

struct Reader<'a> {
    m: &'static Messages,
    form: &'a FormData,
    problems: Vec<Problem>,
}

impl Reader<'_> {
    fn problem(&mut self, field: &str, key: &str) {
        self.problems
            .push((field.to_owned(), self.m.get(key).to_owned()));
    }

    fn text(&self, name: &str) -> String {
        self.form.text(name)
    }

    fn opt(&self, name: &str) -> Option<String> {
        self.form.opt(name)
    }

    /// A choice from a list, by its serde name; `missing` when none was made.
    fn choice<T: DeserializeOwned>(&mut self, name: &str, missing: &str) -> Option<T> {
        match self.form.opt(name) {
            None => {
                self.problem(name, missing);
                None
            }
            Some(text) => {
                let parsed = word::<T>(&text);
                if parsed.is_none() {
                    self.problem(name, "staff.field.not_a_choice");
                }
                parsed
            }
        }
    }

    fn role(&mut self, name: &str, missing: &str) -> Option<RoleId> {
        match self.form.opt(name) {
            None => {
                self.problem(name, missing);
                None
            }
            Some(text) => {
                let parsed = RoleId::parse(&text).ok();
                if parsed.is_none() {
                    self.problem(name, "staff.field.not_a_choice");
                }
                parsed
            }
        }
    }

    fn date(&mut self, name: &str, required: bool) -> Option<jiff::civil::Date> {
        match self.form.opt(name) {
            None if required => {
                self.problem(name, "staff.field.date_missing");
                None
            }
            None => None,
            Some(text) => {
                let parsed = parse_date(&text);
                if parsed.is_none() {
                    self.problem(name, "staff.field.date_invalid");
                }
                parsed
            }
        }
    }

    fn yes_no(&mut self, name: &str) -> Option<bool> {
        match self.form.text(name).as_str() {
            "yes" => Some(true),
            "no" => Some(false),
            _ => {
                self.problem(name, "staff.field.yes_no_missing");
                None
            }
        }
    }

    /// "id, text" lines of a textarea.
    fn pairs(&mut self, name: &str) -> Vec<(String, String)> {
        let mut pairs = Vec::new();
        for line in self
            .form
            .text(name)
            .lines()
            .filter(|l| !l.trim().is_empty())
        {
            match line.split_once(',') {
                Some((id, text)) if !id.trim().is_empty() && !text.trim().is_empty() => {
                    pairs.push((id.trim().to_owned(), text.trim().to_owned()));
                }
                _ => {
                    let message = self
                        .m
                        .fill("staff.field.pair_invalid", &[("line", line.trim())]);
                    self.problems.push((name.to_owned(), message));
                    return Vec::new();
                }
            }
        }
        pairs
    }
}

/// A value from its serde name (e.g. `partly-upheld`).
fn word<T: DeserializeOwned>(text: &str) -> Option<T> {
    serde_json::from_value(serde_json::Value::String(text.to_owned())).ok()
}

/// The command `action`'s form asks for, or what is wrong with the form. `None` for an action
/// the case page does not know.
pub fn build(
    m: &'static Messages,
    action: &str,
    form: &FormData,
) -> Option<Result<Command, Vec<Problem>>> {
    let mut r = Reader {
        m,
        form,
        problems: Vec::new(),
    };
    let command = match action {
        "decide-scope" => scope(&mut r).map(|decision| Command::DecideScope { decision }),
        "acknowledge" => Some(Command::Acknowledge {
            handler_name: r.opt("handler_name"),
            phone: r.opt("phone"),
            email: r.opt("email"),
        }),
        "assign-handler" => r
            .role("role", "staff.action.assign-handler.role_missing")
            .map(|role| Command::AssignHandler {
                name: r.text("name"),
                role,
            }),
        "draw-panel" => Some(draw_panel(&mut r)),
        "start-investigation" => Some(Command::StartInvestigation {
            reason: r.opt("reason"),
        }),
        "resolve-informally" => Some(Command::ResolveInformally {
            summary: r.text("summary"),
        }),
        "offer-mediation" => r
            .role("by", "staff.action.offer-mediation.by_missing")
            .map(|by| Command::OfferMediation { by }),
        "record-mediation" => r.yes_no("agreed").map(|agreed| Command::RecordMediation {
            agreed,
            summary: r.text("summary"),
        }),
        "respond" => respond(&mut r),
        "send-update" => Some(Command::SendUpdate {
            summary: r.text("summary"),
        }),
        "receive-information" => Some(Command::ReceiveInformation {
            summary: r.text("summary"),
        }),
        "extend-deadline" => r
            .date("new_date", true)
            .map(|new_date| Command::ExtendDeadline {
                new_date,
                reason: r.text("reason"),
            }),
        "pause-clock" => Some(Command::PauseClock {
            reason: r.text("reason"),
        }),
        "resume-clock" => Some(Command::ResumeClock),
        "request-escalation" => escalation(&mut r),
        "refuse-escalation" => Some(Command::RefuseEscalation {
            reason: r.text("reason"),
        }),
        "refer-up" => Some(Command::ReferUp {
            reason: r.text("reason"),
        }),
        "refer-externally" => Some(Command::ReferExternally {
            body: r.text("body"),
            note: r.opt("note"),
        }),
        "withdraw" => Some(Command::Withdraw {
            reason: r.opt("reason"),
        }),
        "decide-internal-review" => {
            r.yes_no("needed")
                .map(|needed| Command::DecideInternalReview {
                    needed,
                    note: r.text("note"),
                })
        }
        "name-person" => Some(name_person(&mut r)),
        "pass-on" => pass_on(&mut r),
        "reply" => Some(Command::Reply {
            summary: r.text("summary"),
        }),
        "publish" => Some(Command::Publish),
        "warn-behaviour" => Some(Command::WarnBehaviour {
            reason: r.text("reason"),
        }),
        "restrict-contact" => restrict(&mut r),
        "terminate-contact" => Some(Command::TerminateContact {
            reason: r.text("reason"),
        }),
        "close" => Some(Command::Close {
            complainant_satisfied: r.form.yes("complainant_satisfied"),
            note: r.opt("note"),
        }),
        _ => return None,
    };
    Some(match command {
        Some(command) if r.problems.is_empty() => Ok(command),
        _ => Err(r.problems),
    })
}

fn scope(r: &mut Reader) -> Option<ScopeDecision> {
    match r.text("decision").as_str() {
        "in-scope" => Some(ScopeDecision::InScope),
        "late-accepted" => Some(ScopeDecision::LateAccepted {
            reason: r.text("reason"),
        }),
        "out-of-time" => Some(ScopeDecision::OutOfTime),
        "excluded" => match r.opt("exclusion") {
            Some(exclusion) => Some(ScopeDecision::Excluded {
                exclusion,
                note: r.opt("note"),
            }),
            None => {
                r.problem("exclusion", "staff.action.decide-scope.exclusion_missing");
                None
            }
        },
        _ => {
            r.problem("decision", "staff.action.decide-scope.decision_missing");
            None
        }
    }
}

fn draw_panel(r: &mut Reader) -> Command {
    let candidates = r
        .pairs("candidates")
        .into_iter()
        .map(|(id, name)| Member { id, name })
        .collect();
    let declined = r
        .pairs("declined")
        .into_iter()
        .map(|(member_id, reason)| Declined { member_id, reason })
        .collect();
    // The seed comes from the app's Rng port, never from the form.
    Command::DrawPanel {
        candidates,
        declined,
        seed: 0,
    }
}

fn respond(r: &mut Reader) -> Option<Command> {
    let outcome = r.choice("outcome", "staff.action.respond.outcome_missing");
    let mode = match r.opt("mode") {
        Some(_) => r.choice("mode", "staff.field.not_a_choice"),
        None => None,
    };
    let mut remedies = Vec::new();
    for row in 1..=REMEDY_ROWS {
        let name = |field: &str| format!("remedies.{row}.{field}");
        let description = r.text(&name("description"));
        let kind_given = r.opt(&name("kind")).is_some();
        if !kind_given && description.is_empty() {
            continue;
        }
        if let Some(kind) = r.choice(&name("kind"), "staff.action.respond.kind_missing") {
            remedies.push(Remedy {
                kind,
                description,
                agreed_by: r.opt(&name("agreed_by")),
            });
        }
    }
    let mut learning = Vec::new();
    for row in 1..=LEARNING_ROWS {
        let name = |field: &str| format!("learning.{row}.{field}");
        let due = r.date(&name("due"), false);
        match r.opt(&name("description")) {
            Some(description) => learning.push(LearningAction {
                description,
                owner: r.opt(&name("owner")),
                due,
            }),
            None if r.opt(&name("owner")).is_some() || due.is_some() => {
                r.problem(
                    &name("description"),
                    "staff.action.respond.learning_missing",
                );
            }
            None => {}
        }
    }
    Some(Command::Respond {
        outcome: outcome?,
        findings: r.text("findings"),
        how_investigated: r.opt("how_investigated"),
        mode,
        remedies,
        learning,
    })
}

fn escalation(r: &mut Reader) -> Option<Command> {
    let mut grounds = Vec::new();
    for text in r.form.all("grounds") {
        match word(&text) {
            Some(ground) => grounds.push(ground),
            None => r.problem("grounds", "staff.field.not_a_choice"),
        }
    }
    let in_writing = r.yes_no("in_writing")?;
    Some(Command::RequestEscalation {
        reasons: r.text("reasons"),
        grounds,
        outcome_sought: r.text("outcome_sought"),
        in_writing,
        late_reason: r.opt("late_reason"),
    })
}

fn name_person(r: &mut Reader) -> Command {
    let role = match r.opt("role") {
        Some(text) => match RoleId::parse(&text) {
            Ok(role) => Some(role),
            Err(_) => {
                r.problem("role", "staff.field.not_a_choice");
                None
            }
        },
        None => None,
    };
    Command::NamePerson {
        person: PersonNamed {
            name: r.text("name"),
            role,
            member_id: r.opt("member_id"),
        },
    }
}

fn pass_on(r: &mut Reader) -> Option<Command> {
    match r.opt("to").as_deref() {
        Some("person") => Some(Command::PassOn { to: None }),
        Some(_) => r
            .role("to", "staff.action.pass-on.to_missing")
            .map(|to| Command::PassOn { to: Some(to) }),
        None => {
            r.problem("to", "staff.action.pass-on.to_missing");
            None
        }
    }
}

fn restrict(r: &mut Reader) -> Option<Command> {
    let mut restrictions = Vec::new();
    for text in r.form.all("restrictions") {
        match word(&text) {
            Some(restriction) => restrictions.push(restriction),
            None => r.problem("restrictions", "staff.field.not_a_choice"),
        }
    }
    let until = r.date("until", true);
    let review_on = r.date("review_on", true);
    Some(Command::RestrictContact {
        restrictions,
        reason: r.text("reason"),
        until: until?,
        review_on: review_on?,
        safety_risk: r.form.yes("safety_risk"),
    })
}
