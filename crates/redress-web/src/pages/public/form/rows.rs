//! The check-your-answers page's rows: every answer on the current path, in the catalogue's
//! words, with the page to go back to for a change.

use super::super::answers::{Answers, PEOPLE};
use super::super::steps::{Flow, Step};
use super::super::validate::{date_parts, happened};
use super::super::words::{date, kind_label_key};
use crate::pages::messages::Messages;

/// A row of the check page.
pub struct Row {
    /// What was asked.
    pub key: String,
    /// The answer, as typed (line breaks kept).
    pub value: String,
    /// The page that asks it.
    pub step: &'static str,
}

/// The rows for the answers on the current path.
pub fn rows(m: &Messages, flow: Flow<'_>, a: &Answers) -> Vec<Row> {
    let path = flow.path(a);
    let chosen = |field: &str, options: &[(&str, &str)]| {
        options
            .iter()
            .find(|(v, _)| *v == a.get(field))
            .map_or("", |(_, key)| m.get(key))
            .to_owned()
    };
    let mut rows = Vec::new();
    let mut row = |key: &str, value: String, step: Step| {
        let value = if value.trim().is_empty() {
            m.get("form.check.none").to_owned()
        } else {
            value
        };
        rows.push(Row {
            key: m.get(key).to_owned(),
            value,
            step: step.as_str(),
        });
    };
    for step in path {
        match step {
            Step::Matter => {
                let label = match super::super::steps::matter(a) {
                    Some(id) => flow
                        .matters()
                        .into_iter()
                        .find(|matter| matter.id.as_str() == id)
                        .map_or_else(String::new, |matter| matter.label.clone()),
                    None => m.get("form.matter.something_else").to_owned(),
                };
                row("form.check.matter", label, step);
            }
            Step::Kind => row(
                "form.check.kind",
                m.get(kind_label_key(flow.kind(a))).to_owned(),
                step,
            ),
            Step::What => {
                let key = if flow.is_complaint(a) {
                    "form.check.what"
                } else {
                    "form.check.what_other"
                };
                row(key, a.trimmed("what").to_owned(), step);
            }
            Step::When => row(
                "form.check.when",
                happened(a, flow.today)
                    .map(|d| date(m, d))
                    .unwrap_or_default(),
                step,
            ),
            Step::Late => {
                if flow.asks_awareness() {
                    let aware = date_parts(a, "aware")
                        .parse(flow.today)
                        .map(|d| date(m, d))
                        .unwrap_or_default();
                    row("form.check.aware", aware, step);
                }
                row(
                    "form.check.late_reason",
                    a.trimmed("late-reason").to_owned(),
                    step,
                );
            }
            Step::Outcome => row("form.check.outcome", a.trimmed("outcome").to_owned(), step),
            Step::People => {
                let people: Vec<String> = (1..=PEOPLE)
                    .map(|n| a.person(n))
                    .filter(|(name, _)| !name.trim().is_empty())
                    .map(|(name, role)| {
                        match flow
                            .procedure
                            .roles
                            .iter()
                            .find(|(id, _)| id.as_str() == role)
                        {
                            Some((_, r)) => format!("{} ({})", name.trim(), r.title),
                            None => name.trim().to_owned(),
                        }
                    })
                    .collect();
                row("form.check.people", people.join("\n"), step);
            }
            Step::Behalf => row(
                "form.check.behalf",
                chosen(
                    "behalf",
                    &[
                        ("myself", "form.behalf.myself"),
                        ("someone-else", "form.behalf.someone_else"),
                    ],
                ),
                step,
            ),
            Step::Representative => {
                row(
                    "form.check.their_name",
                    a.trimmed("their-name").to_owned(),
                    step,
                );
                row(
                    "form.check.relationship",
                    a.trimmed("relationship").to_owned(),
                    step,
                );
            }
            Step::Anonymous => row(
                "form.check.anonymous",
                chosen(
                    "anonymous",
                    &[
                        ("no", "form.anonymous.give_details"),
                        ("yes", "form.anonymous.stay_anonymous"),
                    ],
                ),
                step,
            ),
            Step::Method => row(
                "form.check.method",
                chosen(
                    "prefers",
                    &[
                        ("email", "form.method.email"),
                        ("phone", "form.method.phone"),
                        ("letter", "form.method.letter"),
                    ],
                ),
                step,
            ),
            Step::Details => {
                let lines: Vec<&str> = ["name", "email", "phone", "address"]
                    .iter()
                    .map(|f| a.trimmed(f))
                    .filter(|v| !v.is_empty())
                    .collect();
                row("form.check.details", lines.join("\n"), step);
            }
            Step::Support => row("form.check.support", a.trimmed("support").to_owned(), step),
            Step::Files => row(
                "form.files.check",
                a.files()
                    .into_iter()
                    .map(|(name, _)| name)
                    .collect::<Vec<_>>()
                    .join("\n"),
                step,
            ),
            Step::Publish => row(
                "form.check.publish",
                chosen(
                    "publish",
                    &[("yes", "form.publish.yes"), ("no", "form.publish.no")],
                ),
                step,
            ),
            Step::Check => {}
        }
    }
    rows
}
