//! Checking each page of the feedback form, with messages that name the field and say how to
//! put it right, and turning checked answers into a `Submission`.

use jiff::civil::Date;
use redress_core::case::{Contact, PersonNamed, Representative, Submission};
use redress_core::ids::RoleId;
use redress_core::procedure::{Channel, FeedbackKind};

use super::answers::{Answers, PEOPLE};
use super::fields::{DateParts, Errors, date_message};
use super::steps::{Flow, Step};
use super::words::kind_value;
use crate::pages::messages::Messages;

/// Longest free text accepted, in characters (a long letter).
pub const LONG: usize = 10_000;
/// Longest name, relationship, e-mail address or telephone number.
pub const SHORT: usize = 200;
/// Longest postal address.
pub const ADDRESS: usize = 1_000;

/// The three boxes of the date input `id` ("happened" or "aware").
pub fn date_parts<'a>(answers: &'a Answers, id: &str) -> DateParts<'a> {
    DateParts {
        day: answers.get(&format!("{id}-day")),
        month: answers.get(&format!("{id}-month")),
        year: answers.get(&format!("{id}-year")),
    }
}

/// The date it happened, when it has been given correctly.
pub fn happened(answers: &Answers, today: Date) -> Option<Date> {
    date_parts(answers, "happened").parse(today).ok()
}

/// The date they found out, when it has been given correctly.
fn aware(answers: &Answers, today: Date) -> Option<Date> {
    date_parts(answers, "aware").parse(today).ok()
}

/// Checks free text: required (when `missing` names the message) and not too long.
fn text(
    errors: &mut Errors,
    m: &Messages,
    answers: &Answers,
    field: &str,
    max: usize,
    missing: Option<&str>,
) {
    let value = answers.trimmed(field);
    if let Some(key) = missing
        && value.is_empty()
    {
        errors.add(field, m.get(key));
    } else if value.chars().count() > max {
        errors.add(
            field,
            m.fill("common.too_long", &[("max", &thousands(max))]),
        );
    }
}

/// 10000 → "10,000".
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn date(
    errors: &mut Errors,
    m: &Messages,
    answers: &Answers,
    id: &str,
    subject: &str,
    today: Date,
) {
    if let Err(problem) = date_parts(answers, id).parse(today) {
        let field = if problem.part.is_empty() {
            format!("{id}-day")
        } else {
            format!("{id}-{}", problem.part)
        };
        errors.add(field, date_message(m, problem, m.get(subject)));
    }
}

/// A plausible e-mail address: something, one @, a domain with a dot; no spaces.
fn email_ok(email: &str) -> bool {
    let Some((local, domain)) = email.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && !domain.contains('@')
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !email.chars().any(char::is_whitespace)
}

/// A plausible telephone number: digits with spaces, brackets, dashes and a leading +.
fn phone_ok(phone: &str) -> bool {
    let digits = phone.chars().filter(char::is_ascii_digit).count();
    (7..=20).contains(&digits)
        && phone
            .chars()
            .all(|c| c.is_ascii_digit() || " +()-".contains(c))
}

impl Flow<'_> {
    /// The problems with the answers on `step` ("" when it has none).
    pub fn check(&self, m: &Messages, step: Step, a: &Answers) -> Errors {
        let mut errors = Errors::new();
        let e = &mut errors;
        match step {
            Step::Kind => {
                let kinds = &self.procedure.organisation.kinds;
                if !kinds.iter().any(|k| kind_value(*k) == a.get("kind")) {
                    e.add("kind", m.get("form.kind.error"));
                }
            }
            Step::What => {
                let missing = if self.is_complaint(a) {
                    "form.what.error_complaint"
                } else {
                    "form.what.error_other"
                };
                text(e, m, a, "what", LONG, Some(missing));
            }
            Step::When => date(e, m, a, "happened", "form.when.subject", self.today),
            Step::Late => self.check_late(e, m, a),
            Step::Outcome => text(e, m, a, "outcome", LONG, Some("form.outcome.error")),
            Step::People => self.check_people(e, m, a),
            Step::Behalf => {
                if !["myself", "someone-else"].contains(&a.get("behalf")) {
                    e.add("behalf", m.get("form.behalf.error"));
                }
            }
            Step::Representative => {
                text(
                    e,
                    m,
                    a,
                    "their-name",
                    SHORT,
                    Some("form.representative.error_name"),
                );
                text(
                    e,
                    m,
                    a,
                    "relationship",
                    SHORT,
                    Some("form.representative.error_relationship"),
                );
            }
            Step::Anonymous => {
                if !["yes", "no"].contains(&a.get("anonymous")) {
                    e.add("anonymous", m.get("form.anonymous.error"));
                }
            }
            Step::Method => {
                if !["email", "phone", "letter"].contains(&a.get("prefers")) {
                    e.add("prefers", m.get("form.method.error"));
                }
            }
            Step::Details => self.check_details(e, m, a),
            Step::Support => text(e, m, a, "support", LONG, None),
            Step::Publish => {
                if !["yes", "no"].contains(&a.get("publish")) {
                    e.add("publish", m.get("form.publish.error"));
                }
            }
            Step::Check => {}
        }
        errors
    }

    fn check_late(&self, e: &mut Errors, m: &Messages, a: &Answers) {
        let aware_parts = date_parts(a, "aware");
        if self.asks_awareness() && !aware_parts.is_empty() {
            date(e, m, a, "aware", "form.late.aware_subject", self.today);
            if let (Some(aware), Some(happened)) = (aware(a, self.today), happened(a, self.today))
                && aware < happened
            {
                e.add("aware-day", m.get("form.late.error_aware_before"));
            }
        }
        // The reason is needed only while the complaint is still late, counting from when they
        // found out if the procedure allows that.
        let counted_from = match (self.asks_awareness(), aware(a, self.today)) {
            (true, Some(aware)) => Some(aware),
            _ => happened(a, self.today),
        };
        let still_late = self.procedure.time_limit.as_ref().is_some_and(|limit| {
            counted_from
                .and_then(|from| super::words::limit_end(from, limit.within))
                .is_some_and(|last| self.today > last)
        });
        let missing = still_late.then_some("form.late.error_reason");
        text(e, m, a, "late-reason", LONG, missing);
    }

    fn check_people(&self, e: &mut Errors, m: &Messages, a: &Answers) {
        for n in 1..=PEOPLE {
            let (name, role) = a.person(n);
            let number = n.to_string();
            let name_id = format!("person-{n}-name");
            if name.trim().chars().count() > SHORT {
                e.add(
                    &name_id,
                    m.fill("common.too_long", &[("max", &thousands(SHORT))]),
                );
            }
            if !role.is_empty() && !self.procedure.roles.keys().any(|r| r.as_str() == role) {
                e.add(
                    format!("person-{n}-role"),
                    m.fill("form.people.error_role", &[("n", &number)]),
                );
            } else if !role.is_empty() && name.trim().is_empty() {
                e.add(name_id, m.fill("form.people.error_name", &[("n", &number)]));
            }
        }
    }

    fn check_details(&self, e: &mut Errors, m: &Messages, a: &Answers) {
        text(e, m, a, "name", SHORT, Some("form.details.error_name"));
        let prefers = a.get("prefers");
        let email = a.trimmed("email");
        if email.is_empty() && prefers == "email" {
            e.add("email", m.get("form.details.error_email_missing"));
        } else if !email.is_empty() && (!email_ok(email) || email.len() > SHORT) {
            e.add("email", m.get("form.details.error_email_format"));
        }
        let phone = a.trimmed("phone");
        if phone.is_empty() && prefers == "phone" {
            e.add("phone", m.get("form.details.error_phone_missing"));
        } else if !phone.is_empty() && !phone_ok(phone) {
            e.add("phone", m.get("form.details.error_phone_format"));
        }
        let missing = (prefers == "letter").then_some("form.details.error_address_missing");
        text(e, m, a, "address", ADDRESS, missing);
    }

    /// The first page on the path whose answers have problems, with them.
    pub fn first_invalid(&self, m: &Messages, a: &Answers) -> Option<(Step, Errors)> {
        self.path(a)
            .into_iter()
            .map(|step| (step, self.check(m, step, a)))
            .find(|(_, errors)| !errors.is_empty())
    }

    /// The submission the checked answers make.
    pub fn submission(&self, m: &Messages, a: &Answers) -> Submission {
        let kind = self.kind(a);
        let complaint = kind == FeedbackKind::Complaint;
        let path = self.path(a);
        let asked = |step| path.contains(&step);
        let details = (asked(Step::Details)).then(|| Contact {
            name: a.trimmed("name").to_owned(),
            email: a.optional("email"),
            phone: a.optional("phone"),
            address: a.optional("address"),
            prefers: match a.get("prefers") {
                "email" => Some(Channel::Email),
                "phone" => Some(Channel::Phone),
                "letter" => Some(Channel::Letter),
                _ => None,
            },
        });
        let (complainant, representative) = if asked(Step::Representative) {
            let person = Contact {
                name: a.trimmed("their-name").to_owned(),
                ..Contact::default()
            };
            let representative = details.map(|contact| Representative {
                contact,
                relationship: a.trimmed("relationship").to_owned(),
                written_authority: false,
            });
            (Some(person), representative)
        } else {
            (details, None)
        };
        let mut what_happened = a.trimmed("what").to_owned();
        if asked(Step::Late)
            && let Some(reason) = a.optional("late-reason")
        {
            what_happened.push_str("\n\n");
            what_happened.push_str(m.get("form.late.recorded_as"));
            what_happened.push(' ');
            what_happened.push_str(&reason);
        }
        Submission {
            kind,
            channel: Channel::Web,
            complainant,
            representative,
            people_named: self.people(a),
            what_happened,
            happened_on: complaint.then(|| happened(a, self.today)).flatten(),
            became_aware_on: (asked(Step::Late) && self.asks_awareness())
                .then(|| aware(a, self.today))
                .flatten(),
            outcome_wanted: complaint.then(|| a.optional("outcome")).flatten(),
            adjustments: a.optional("support"),
            consent_to_publish: asked(Step::Publish) && a.get("publish") == "yes",
        }
    }

    fn people(&self, a: &Answers) -> Vec<PersonNamed> {
        (1..=PEOPLE)
            .map(|n| a.person(n))
            .filter(|(name, _)| !name.trim().is_empty())
            .map(|(name, role)| PersonNamed {
                name: name.trim().to_owned(),
                role: RoleId::parse(role).ok(),
                member_id: None,
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contact_details_are_checked_loosely() {
        assert!(email_ok("parent@example.org"));
        assert!(!email_ok("parent@example"));
        assert!(!email_ok("parent example.org"));
        assert!(!email_ok("a@b@c.org"));
        assert!(phone_ok("0191 561 7997"));
        assert!(phone_ok("+44 (0)191 561-7997"));
        assert!(!phone_ok("call me"));
        assert_eq!(thousands(10_000), "10,000");
        assert_eq!(thousands(200), "200");
    }
}
