//! One page of the feedback form, ready to render: the question's words (from the catalogue,
//! with the organisation's procedure filled in), the answers as typed, the errors, and the
//! answers from other pages as hidden fields.

use askama::Template;
use redress_core::procedure::Anonymous;

use super::super::answers::{Answers, PEOPLE};
use super::super::fields::{Choice, Errors};
use super::super::steps::{Flow, Step};
use super::super::words::{
    date, duration, kind_hint_key, kind_key, kind_label_key, kind_value, paragraphs,
};
use super::rows::{Row, rows};
use crate::pages::messages::Messages;

/// A person row on the people page.
pub struct PersonRow {
    n: usize,
    legend: String,
    name: String,
    roles: Vec<Choice>,
}

/// The form page.
#[derive(Template)]
#[template(path = "public/form.html")]
pub struct FormView<'a> {
    m: &'a Messages,
    title: String,
    service: &'a str,
    home: String,
    has_errors: bool,
    org: &'a str,
    step: &'static str,
    errors: Errors,
    a: &'a Answers,
    hidden: Vec<(&'static str, String)>,
    saved: Vec<(&'static str, String)>,
    first: bool,
    checking: bool,
    csrf: String,
    kind: &'a str,
    hint: String,
    notes: Vec<String>,
    warning: String,
    choices: Vec<Choice>,
    people: Vec<PersonRow>,
    labels: Vec<String>,
    rows: Vec<Row>,
    /// The largest file the files page takes, in words.
    max_file: String,
    /// The file just uploaded, for the files page's banner.
    pub uploaded: String,
}

impl<'a> FormView<'a> {
    /// The page for `step`, showing `answers` and `errors`.
    pub fn new(
        m: &'a Messages,
        flow: Flow<'a>,
        answers: &'a Answers,
        step: Step,
        errors: Errors,
        checking: bool,
    ) -> FormView<'a> {
        let organisation = &flow.procedure.organisation;
        let mut view = FormView {
            m,
            title: String::new(),
            service: &organisation.name,
            home: format!("/{}", organisation.id),
            has_errors: !errors.is_empty(),
            org: organisation.id.as_str(),
            step: step.as_str(),
            errors,
            a: answers,
            hidden: answers.hidden_except(step.fields()),
            saved: answers.hidden_except(&[]),
            first: flow.previous(answers, step).is_none(),
            checking,
            csrf: String::new(),
            kind: m.get(kind_key(flow.kind(answers))),
            hint: String::new(),
            notes: Vec::new(),
            warning: String::new(),
            choices: Vec::new(),
            people: Vec::new(),
            labels: Vec::new(),
            rows: Vec::new(),
            max_file: String::new(),
            uploaded: String::new(),
        };
        view.words(flow, step);
        view
    }

    /// True when the page shows problems.
    pub fn has_errors(&self) -> bool {
        self.has_errors
    }

    /// The page with the largest file size it takes (the files page's hint says it).
    pub fn max_file(mut self, bytes: u64) -> FormView<'a> {
        self.max_file = redress_app::attachments::size_words(bytes);
        if self.step == "files" {
            self.hint = self.m.fill("form.files.hint", &[("max", &self.max_file)]);
        }
        self
    }

    /// The page with the CSRF token its forms send back.
    pub fn page(mut self, csrf: &str) -> FormView<'a> {
        self.csrf = csrf.to_owned();
        self
    }

    /// The error for `field` ("" when none), for the templates.
    fn err(&self, field: &str) -> &str {
        self.errors.get(field)
    }

    /// Which part of a date input is at fault: "day", "month", "year" or "" for all.
    fn date_part(&self, id: &str) -> &str {
        let field = self.errors.field_of(id);
        match field
            .strip_prefix(id)
            .and_then(|rest| rest.strip_prefix('-'))
        {
            Some(part)
                if self
                    .errors
                    .iter()
                    .filter(|e| e.field.starts_with(id))
                    .count()
                    == 1 =>
            {
                part
            }
            _ => "",
        }
    }

    /// The answer a page of radios sets.
    fn choice_field(&self) -> &'static str {
        match self.step {
            "matter" => "matter",
            "method" => "prefers",
            "behalf" => "behalf",
            "anonymous" => "anonymous",
            _ => "publish",
        }
    }

    fn fill(&self, key: &str, values: &[(&str, &str)]) -> String {
        self.m.fill(key, values)
    }

    fn choose(&mut self, field: &str, options: &[(&str, &str)]) {
        let current = self.a.get(field);
        self.choices = options
            .iter()
            .map(|(value, key)| Choice::new(value, self.m.get(key), current))
            .collect();
    }

    fn words(&mut self, flow: Flow<'_>, step: Step) {
        let m = self.m;
        let complaint = flow.is_complaint(self.a);
        let organisation = flow.procedure.organisation.name.as_str();
        let kind = self.kind;
        let (title, hint) = match step {
            Step::Matter => {
                let current = self.a.get("matter");
                self.choices = flow
                    .matters()
                    .into_iter()
                    .map(|matter| Choice::new(matter.id.as_str(), &matter.label, current))
                    .collect();
                self.choices.push(Choice::new(
                    super::super::fields::SOMETHING_ELSE,
                    m.get("form.matter.something_else"),
                    current,
                ));
                ("form.matter.title".into(), m.get("form.matter.hint").into())
            }
            Step::Kind => {
                let current = self.a.get("kind");
                self.choices = flow
                    .procedure
                    .organisation
                    .kinds
                    .iter()
                    .map(|k| {
                        Choice::new(kind_value(*k), m.get(kind_label_key(*k)), current)
                            .hint(m.get(kind_hint_key(*k)))
                    })
                    .collect();
                (
                    self.fill("form.kind.title", &[("organisation", organisation)]),
                    String::new(),
                )
            }
            Step::What if complaint => (
                "form.what.title_complaint".into(),
                m.get("form.what.hint_complaint").into(),
            ),
            Step::What => (
                "form.what.title_other".into(),
                m.get("form.what.hint_other").into(),
            ),
            Step::When => ("form.when.title".into(), m.get("form.when.hint").into()),
            Step::Late => {
                self.late(flow);
                ("form.late.title".into(), String::new())
            }
            Step::Outcome => (
                "form.outcome.title".into(),
                m.get("form.outcome.hint").into(),
            ),
            Step::People => {
                self.people(flow);
                let title = if complaint {
                    "form.people.title_complaint"
                } else {
                    "form.people.title_other"
                };
                (title.into(), m.get("form.people.hint").into())
            }
            Step::Behalf => {
                self.choose(
                    "behalf",
                    &[
                        ("myself", "form.behalf.myself"),
                        ("someone-else", "form.behalf.someone_else"),
                    ],
                );
                (
                    self.fill("form.behalf.title", &[("kind", kind)]),
                    m.get("form.behalf.hint").into(),
                )
            }
            Step::Representative => {
                let authority = flow
                    .procedure
                    .intake
                    .representatives
                    .as_ref()
                    .is_some_and(|r| r.written_authority);
                if authority {
                    self.notes.push(self.fill(
                        "form.representative.authority",
                        &[("organisation", organisation), ("kind", kind)],
                    ));
                }
                ("form.representative.title".into(), String::new())
            }
            Step::Anonymous => {
                self.choose(
                    "anonymous",
                    &[
                        ("no", "form.anonymous.give_details"),
                        ("yes", "form.anonymous.stay_anonymous"),
                    ],
                );
                let key = if flow.procedure.intake.anonymous == Some(Anonymous::AcceptedLimited) {
                    "form.anonymous.limited"
                } else {
                    "form.anonymous.unlimited"
                };
                (
                    "form.anonymous.title".into(),
                    self.fill(key, &[("kind", kind)]),
                )
            }
            Step::Method => {
                self.choose(
                    "prefers",
                    &[
                        ("email", "form.method.email"),
                        ("phone", "form.method.phone"),
                        ("letter", "form.method.letter"),
                    ],
                );
                ("form.method.title".into(), String::new())
            }
            Step::Details => {
                self.details();
                ("form.details.title".into(), String::new())
            }
            Step::Support => {
                if let Some(support) = &flow.procedure.intake.support {
                    self.notes = paragraphs(support);
                }
                (
                    "form.support.title".into(),
                    m.get("form.support.hint").into(),
                )
            }
            Step::Files => {
                self.labels = self.a.files().into_iter().map(|(name, _)| name).collect();
                (
                    "form.files.title".into(),
                    self.fill("form.files.hint", &[("max", &self.max_file)]),
                )
            }
            Step::Publish => {
                self.choose(
                    "publish",
                    &[("yes", "form.publish.yes"), ("no", "form.publish.no")],
                );
                let place = flow.publishes(self.a).unwrap_or_default();
                (
                    self.fill("form.publish.title", &[("kind", kind)]),
                    self.fill(
                        "form.publish.hint",
                        &[("place", place), ("organisation", organisation)],
                    ),
                )
            }
            Step::Check => {
                self.rows = rows(m, flow, self.a);
                self.labels
                    .push(self.fill("form.check.send_heading", &[("kind", kind)]));
                (
                    self.fill("form.check.title", &[("kind", kind)]),
                    String::new(),
                )
            }
        };
        // Titles given as keys are looked up; filled titles are already words.
        self.title = if title.starts_with("form.") {
            m.get(&title).to_owned()
        } else {
            title
        };
        self.hint = hint;
    }

    fn late(&mut self, flow: Flow<'_>) {
        let Some(limit) = &flow.procedure.time_limit else {
            return;
        };
        let last = flow
            .late_since(self.a)
            .map(|d| date(self.m, d))
            .unwrap_or_default();
        self.warning = self.fill(
            "form.late.warning",
            &[("within", &duration(self.m, limit.within)), ("last", &last)],
        );
        self.notes
            .push(self.m.get("form.late.still_send").to_owned());
        if flow.asks_awareness() {
            self.labels
                .push(self.m.get("form.late.aware_legend").to_owned());
        }
    }

    fn people(&mut self, flow: Flow<'_>) {
        let roles: Vec<(&str, &str)> = flow
            .procedure
            .roles
            .iter()
            .filter(|(_, role)| !role.external)
            .map(|(id, role)| (id.as_str(), role.title.as_str()))
            .collect();
        for n in 1..=PEOPLE {
            let (name, current) = self.a.person(n);
            let mut options = vec![Choice::new(
                "",
                self.m.get("form.people.role_unknown"),
                current,
            )];
            options.extend(
                roles
                    .iter()
                    .map(|(id, title)| Choice::new(id, title, current)),
            );
            self.people.push(PersonRow {
                n,
                legend: self.fill("form.people.person", &[("n", &n.to_string())]),
                name: name.to_owned(),
                roles: options,
            });
        }
    }

    fn details(&mut self) {
        let prefers = self.a.get("prefers");
        let optional = self.m.get("common.optional");
        for (key, wanted) in [
            ("form.details.name", true),
            ("form.details.email", prefers == "email"),
            ("form.details.phone", prefers == "phone"),
            ("form.details.address", prefers == "letter"),
        ] {
            let label = self.m.get(key);
            self.labels.push(if wanted {
                label.to_owned()
            } else {
                format!("{label} {optional}")
            });
        }
    }
}
