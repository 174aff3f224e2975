//! Checking each page of the feedback form with core's rules (`redress_core::case::input`),
//! in the catalogue's words, and turning checked answers into a `Submission`. The rules
//! themselves (lengths, characters, e-mail and telephone forms, dates) are core's; what is
//! here is page flow: which answers each page holds, which are required, which page and
//! input show a problem core finds when the feedback is sent.

use jiff::civil::Date;
use redress_core::case::input::{self, Email, Limit, Phone, Problem, limits};
use redress_core::case::{Contact, PersonNamed, Representative, Submission};
use redress_core::ids::RoleId;
use redress_core::procedure::{Channel, FeedbackKind};

use super::answers::{Answers, PEOPLE};
use super::fields::{DateParts, Errors, date_message};
use super::steps::{Flow, Step};
use super::words::kind_value;
use crate::pages::messages::Messages;

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

/// The catalogue's words for a problem core found with a text, e-mail address or phone number.
pub fn problem_words(m: &Messages, problem: Problem) -> String {
    match problem {
        Problem::TooLong { max } => m.fill("common.too_long", &[("max", &thousands(max))]),
        Problem::ControlCharacter | Problem::LineBreak | Problem::Bidi => {
            m.get("common.bad_characters").to_owned()
        }
        Problem::NotEmail => m.get("form.details.error_email_format").to_owned(),
        Problem::NotPhone => m.get("form.details.error_phone_format").to_owned(),
        Problem::AwareBeforeEvent => m.get("form.late.error_aware_before").to_owned(),
        Problem::TooMany { max } => m.fill("common.too_many", &[("max", &thousands(max))]),
        // Pages name what is missing themselves, and dates are checked as dates.
        Problem::Empty | Problem::Future | Problem::TooEarly => {
            m.get("common.bad_value").to_owned()
        }
    }
}

/// Checks free text with core's rule for `limit`: required (when `missing` names the message)
/// and otherwise allowed.
pub fn text(
    errors: &mut Errors,
    m: &Messages,
    answers: &Answers,
    field: &str,
    limit: Limit,
    missing: Option<&str>,
) {
    let value = answers.trimmed(field);
    if let Some(key) = missing
        && value.is_empty()
    {
        errors.add(field, m.get(key));
    } else if let Err(problem) = input::text(value, limit) {
        errors.add(field, problem_words(m, problem));
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

/// The page and input that show a problem core found at `path` (a field path such as
/// `complainant.email`), when that page is on this person's path; else the check page.
fn locate(path: &str, on_path: &[Step]) -> (Step, String) {
    let contact_input = |rest: &str| match rest {
        "email" | "phone" | "address" => rest.to_owned(),
        _ => "name".to_owned(),
    };
    let for_someone_else = on_path.contains(&Step::Representative);
    let (step, input) = if let Some(rest) = path.strip_prefix("people_named[") {
        let index: usize = rest
            .split(']')
            .next()
            .and_then(|n| n.parse().ok())
            .unwrap_or_default();
        (Step::People, format!("person-{}-name", index + 1))
    } else if let Some(rest) = path.strip_prefix("representative.contact.") {
        (Step::Details, contact_input(rest))
    } else if path == "complainant.name" && for_someone_else {
        (Step::Representative, "their-name".to_owned())
    } else if let Some(rest) = path.strip_prefix("complainant.") {
        (Step::Details, contact_input(rest))
    } else {
        let (step, input) = match path {
            "matter" => (Step::Matter, "matter"),
            "kind" => (Step::Kind, "kind"),
            "what_happened" => (Step::What, "what"),
            "happened_on" => (Step::When, "happened-day"),
            "became_aware_on" => (Step::Late, "aware-day"),
            "outcome_wanted" => (Step::Outcome, "outcome"),
            "adjustments" => (Step::Support, "support"),
            "file" | "name" | "media_type" | "size" | "sha256" => (Step::Files, "file"),
            "representative.relationship" => (Step::Representative, "relationship"),
            _ => (Step::Check, "check"),
        };
        (step, input.to_owned())
    };
    if on_path.contains(&step) {
        (step, input)
    } else {
        (Step::Check, "check".to_owned())
    }
}

impl Flow<'_> {
    /// The problems with the answers on `step` ("" when it has none).
    pub fn check(&self, m: &Messages, step: Step, a: &Answers) -> Errors {
        let mut errors = Errors::new();
        let e = &mut errors;
        match step {
            Step::Matter => {
                // Core says whether a matter is one of the organisation's: a value no radio
                // offered (a forged form) gets its refusal, as the API does.
                if a.trimmed("matter").is_empty() {
                    e.add("matter", m.get("form.matter.error"));
                } else if self.choose(a).is_err() {
                    e.add("matter", m.get("form.matter.error_unknown"));
                }
            }
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
                text(e, m, a, "what", limits::WHAT_HAPPENED, Some(missing));
            }
            Step::When => date(e, m, a, "happened", "form.when.subject", self.today),
            Step::Late => self.check_late(e, m, a),
            Step::Outcome => text(e, m, a, "outcome", limits::TEXT, Some("form.outcome.error")),
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
                    limits::NAME,
                    Some("form.representative.error_name"),
                );
                text(
                    e,
                    m,
                    a,
                    "relationship",
                    limits::NAME,
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
            Step::Support => text(e, m, a, "support", limits::TEXT, None),
            Step::Files => {
                let carried = a.files();
                if carried.iter().any(|(name, sha)| {
                    name.trim().is_empty() || !redress_core::case::attachment::is_sha256(sha)
                }) || carried
                    .iter()
                    .enumerate()
                    .any(|(i, (_, sha))| carried[..i].iter().any(|(_, earlier)| earlier == sha))
                {
                    e.add("file", m.get("form.files.error_carried"));
                }
            }
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
                && let Err(problem) = input::awareness(happened, aware)
            {
                e.add("aware-day", problem_words(m, problem));
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
                .and_then(|from| limit.within.last_day_from(from))
                .is_some_and(|last| self.today > last)
        });
        let missing = still_late.then_some("form.late.error_reason");
        text(e, m, a, "late-reason", limits::TEXT, missing);
    }

    fn check_people(&self, e: &mut Errors, m: &Messages, a: &Answers) {
        for n in 1..=PEOPLE {
            let (name, role) = a.person(n);
            let number = n.to_string();
            let name_id = format!("person-{n}-name");
            if let Err(problem) = input::text(name.trim(), limits::NAME) {
                e.add(&name_id, problem_words(m, problem));
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
        text(
            e,
            m,
            a,
            "name",
            limits::NAME,
            Some("form.details.error_name"),
        );
        let prefers = a.get("prefers");
        let email = a.trimmed("email");
        if email.is_empty() && prefers == "email" {
            e.add("email", m.get("form.details.error_email_missing"));
        } else if let Some(problem) = (!email.is_empty())
            .then(|| Email::parse(email).err())
            .flatten()
        {
            e.add("email", problem_words(m, problem));
        }
        let phone = a.trimmed("phone");
        if phone.is_empty() && prefers == "phone" {
            e.add("phone", m.get("form.details.error_phone_missing"));
        } else if let Some(problem) = (!phone.is_empty())
            .then(|| Phone::parse(phone).err())
            .flatten()
        {
            e.add("phone", problem_words(m, problem));
        }
        let missing = (prefers == "letter").then_some("form.details.error_address_missing");
        text(e, m, a, "address", limits::ADDRESS, missing);
    }

    /// The first page on the path whose answers have problems, with them.
    pub fn first_invalid(&self, m: &Messages, a: &Answers) -> Option<(Step, Errors)> {
        self.path(a)
            .into_iter()
            .map(|step| (step, self.check(m, step, a)))
            .find(|(_, errors)| !errors.is_empty())
    }

    /// The page and input that show a refusal of field `path` from core, for these answers.
    pub fn locate(&self, a: &Answers, path: Option<&str>) -> (Step, String) {
        locate(path.unwrap_or_default(), &self.path(a))
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
            // Sent whenever given, even where the form does not ask it (a forged form): core
            // refuses a matter no procedure of the organisation lists, naming `matter`.
            matter: super::steps::matter(a).map(str::to_owned),
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
    fn core_field_paths_are_shown_on_the_page_that_asks_for_them() {
        let all = [
            Step::Kind,
            Step::What,
            Step::When,
            Step::People,
            Step::Details,
            Step::Check,
        ];
        let at = |path| {
            let (step, input) = locate(path, &all);
            (step, input)
        };
        assert_eq!(at("what_happened"), (Step::What, "what".to_owned()));
        assert_eq!(at("complainant.email"), (Step::Details, "email".to_owned()));
        assert_eq!(
            at("people_named[2].name"),
            (Step::People, "person-3-name".to_owned())
        );
        // Not asked of this person: the check page says it.
        assert_eq!(at("adjustments"), (Step::Check, "check".to_owned()));
        assert_eq!(at("channel"), (Step::Check, "check".to_owned()));
        assert_eq!(thousands(10_000), "10,000");
        assert_eq!(thousands(200), "200");
    }
}
