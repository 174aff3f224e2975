//! The case page's action forms, drawn from core's offers, and the one decoder that turns a
//! posted form back into the decider's `Command`.
//!
//! Nothing here decides what may happen: each form is one of `CaseView::offers`, its fields are
//! the offer's field specs and its choices the offer's. A posted form becomes the same JSON the
//! API takes and goes through the API's own decoder, so a form and an API call with the same
//! values meet the same errors, naming the same field.

use redress_core::case::{Choice, Choices, Command, CommandKind, FieldSpec, Input, Offer};
use redress_core::procedure::Procedure;
use serde_json::{Map, Value};

use super::super::messages::Messages;
use super::forms::{Field, FormData, parse_date};
use super::words::{role, value};
use crate::error::ApiError;

/// A problem with one field: (field name, message).
pub type Problem = (String, String);

/// How many rows of remedies, and of learning actions, the response form offers.
const ROWS: usize = 3;

/// The label of `field` in `kind`'s form: the command's own words, or the shared ones.
fn label(m: &Messages, kind: CommandKind, field: &str) -> String {
    let own = format!("staff.action.{}.{field}", kind.as_str());
    let text = m.get(&own);
    if text != own {
        text.to_owned()
    } else {
        m.get(&format!("staff.field.{field}")).to_owned()
    }
}

/// The catalogue's words for `key` when it has them.
fn maybe(m: &Messages, key: &str) -> Option<String> {
    let text = m.get(key);
    (text != key).then(|| text.to_owned())
}

/// The fields of `offer`'s form (besides the date it happened).
pub fn fields(m: &Messages, procedure: &Procedure, offer: &Offer) -> Vec<Field> {
    let kind = offer.command;
    let action = kind.as_str();
    let mut fields = Vec::new();
    for spec in &offer.fields {
        let own = |name: &str| format!("staff.action.{action}.{name}");
        match spec.input {
            Input::Rows(columns) => {
                let rows = if spec.name == "remedies" {
                    ROWS
                } else {
                    ROWS - 1
                };
                for row in 1..=rows {
                    for column in columns.iter().filter(|c| {
                        c.name != "agreed_by" || offer.choices.remedies_agreed_by.is_some()
                    }) {
                        let name = format!("{}.{row}.{}", spec.name, column.name);
                        let key = match spec.name {
                            "remedies" => own(&format!("{}_n", column.name)),
                            _ => own(&format!("learning_{}_n", column.name)),
                        };
                        let label = m.fill(&key, &[("n", &row.to_string())]);
                        fields.push(field(m, procedure, offer, column, &name, label));
                    }
                }
            }
            _ => {
                let needed = spec
                    .required
                    .then(|| maybe(m, &own(&format!("{}_needed", spec.name))))
                    .flatten();
                let mut field = field(
                    m,
                    procedure,
                    offer,
                    spec,
                    spec.name,
                    needed.clone().unwrap_or_else(|| label(m, kind, spec.name)),
                );
                let hint = match needed {
                    Some(_) => maybe(m, &own("needed_hint")),
                    None => maybe(m, &own(&format!("{}_hint", spec.name))),
                };
                if let Some(hint) = hint {
                    field = field.hint(hint);
                }
                fields.push(prefill(procedure, offer, spec, field));
            }
        }
    }
    fields
}

/// A value the form starts with: the ombudsman's name for a referral, "yes" for a request in
/// writing (the usual case), the giver's words for the wording to publish (core's offer).
fn prefill(procedure: &Procedure, offer: &Offer, spec: &FieldSpec, field: Field) -> Field {
    match (offer.command, spec.name) {
        (CommandKind::Publish, "wording") => match &offer.choices.wording {
            Some(words) => field.value(words.clone()),
            None => field,
        },
        (CommandKind::ReferExternally, "body") => match &procedure.ombudsman {
            Some(ombudsman) => field.value(ombudsman.name.clone()),
            None => field,
        },
        (CommandKind::RequestEscalation, "in_writing") => field.value("yes"),
        _ => field,
    }
}

fn field(
    m: &Messages,
    procedure: &Procedure,
    offer: &Offer,
    spec: &FieldSpec,
    name: &str,
    label: String,
) -> Field {
    let choices = &offer.choices;
    let new = |kind| Field::new(kind, offer.command.as_str(), name, label.clone());
    match spec.input {
        Input::Text => match spec.name {
            "phone" => new("tel").width("govuk-input--width-20"),
            "email" => new("email").width("govuk-input--width-30"),
            _ => new("text").width("govuk-input--width-30"),
        },
        Input::LongText => new("textarea"),
        Input::Pairs(..) => new("textarea").rows(5),
        Input::Date => new("date").width("govuk-input--width-10"),
        Input::Flag => new("checkbox"),
        Input::YesNo => new("radios").options(vec![
            ("yes".to_owned(), m.get("staff.field.yes").to_owned()),
            ("no".to_owned(), m.get("staff.field.no").to_owned()),
        ]),
        Input::OneOf(choice) => {
            let options = options(m, procedure, choices, choice);
            match choice {
                Choice::Roles | Choice::Exclusions | Choice::Remedies => {
                    let mut with_none =
                        vec![(String::new(), m.get("staff.field.choose").to_owned())];
                    if spec.name == "role" && !spec.required {
                        with_none[0].1 = m.get("staff.field.no_role").to_owned();
                    }
                    with_none.extend(options);
                    new("select").options(with_none)
                }
                _ => new("radios").options(options),
            }
        }
        Input::SomeOf(choice) => new("checkboxes").options(options(m, procedure, choices, choice)),
        Input::Rows(_) => new("hidden"),
        Input::File => new("file"),
    }
}

/// The (value, label) pairs a choice field offers.
fn options(
    m: &Messages,
    procedure: &Procedure,
    choices: &Choices,
    choice: Choice,
) -> Vec<(String, String)> {
    let word = redress_core::names::serde_name;
    let roles = || {
        choices
            .roles
            .iter()
            .map(|r| (r.to_string(), role(procedure, r)))
    };
    match choice {
        Choice::Roles => roles().collect(),
        Choice::PassTo => {
            let mut options: Vec<_> = roles().collect();
            if choices.to_person {
                options.push((
                    "person".to_owned(),
                    m.get("staff.action.pass-on.person").to_owned(),
                ));
            }
            options
        }
        Choice::Decisions => choices
            .decisions
            .iter()
            .map(|d| {
                let d = word(d);
                let text = m.get(&format!("staff.action.decide-scope.{d}")).to_owned();
                (d, text)
            })
            .collect(),
        Choice::Exclusions => procedure
            .exclusions
            .iter()
            .filter(|e| choices.exclusions.contains(&e.id))
            .map(|e| (e.id.clone(), e.title.clone()))
            .collect(),
        Choice::Outcomes => pairs(m, "outcome", &choices.outcomes),
        Choice::Modes => pairs(m, "mode", &choices.modes),
        Choice::Remedies => pairs(m, "remedy", &choices.remedies),
        Choice::Grounds => pairs(m, "ground", &choices.grounds),
        Choice::Restrictions => pairs(m, "restriction", &choices.restrictions),
        Choice::Deliveries => choices
            .deliveries
            .iter()
            .map(|d| {
                let label = value(m, "delivery", d);
                let label = match (d, &choices.send_to) {
                    (redress_core::case::LinkDelivery::Email, Some(to)) => {
                        m.fill("staff.action.issue-tracking-link.email_to", &[("to", to)])
                    }
                    _ => label,
                };
                (redress_core::names::serde_name(d), label)
            })
            .collect(),
        Choice::ContactKinds => pairs(m, "contact_kind", &choices.contact_kinds),
        Choice::Details => pairs(m, "detail", &choices.details),
        Choice::InWriting => pairs(m, "in_writing", &choices.in_writing),
        Choice::People => choices
            .people
            .iter()
            .enumerate()
            .map(|(index, name)| ((index + 1).to_string(), name.clone()))
            .collect(),
        Choice::Themes => choices
            .themes
            .iter()
            .map(|t| (t.to_string(), redress_core::report::theme_title(t.as_str())))
            .collect(),
        Choice::Enquiries => choices
            .open_enquiries
            .iter()
            .map(|open| {
                (
                    open.number.to_string(),
                    format!("{}. {}", open.number, open.what),
                )
            })
            .collect(),
        Choice::LearningActions => choices
            .open_learning
            .iter()
            .map(|open| {
                (
                    open.number.to_string(),
                    format!("{}. {}", open.number, open.what),
                )
            })
            .collect(),
    }
}

fn pairs<T: serde::Serialize>(m: &Messages, group: &str, values: &[T]) -> Vec<(String, String)> {
    values
        .iter()
        .map(|v| (redress_core::names::serde_name(v), value(m, group, v)))
        .collect()
}

/// The command `kind`'s form asks for, decoded through the API's own decoder, or what is wrong
/// with the form. `specs` are the offer's fields.
pub fn decode(
    m: &Messages,
    kind: CommandKind,
    specs: &[FieldSpec],
    form: &FormData,
) -> Result<Command, Vec<Problem>> {
    let mut problems = Vec::new();
    let mut json = Map::new();
    json.insert("type".to_owned(), Value::String(kind.as_str().to_owned()));
    for spec in specs {
        if let Some((other, values)) = spec.only_with
            && !values.contains(&form.text(other).as_str())
        {
            continue;
        }
        let value = match spec.input {
            Input::Rows(columns) => rows(m, spec.name, columns, form, &mut problems),
            _ => one(m, kind, spec, spec.name, form, &mut problems),
        };
        if let Some(value) = value {
            insert(&mut json, spec.path, value);
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    crate::json::from_value::<Command>(Value::Object(json)).map_err(|error| match error {
        ApiError::Invalid { field, .. } => {
            let field = field.unwrap_or_default();
            let name = specs
                .iter()
                .find(|s| s.path == field || field.starts_with(&format!("{}.", s.path)))
                .map_or(field.clone(), |s| s.name.to_owned());
            let key = match specs.iter().find(|s| s.name == name).map(|s| s.input) {
                Some(Input::Date) => "staff.field.date_invalid",
                _ => "staff.field.not_a_choice",
            };
            vec![(name, m.get(key).to_owned())]
        }
        _ => vec![(String::new(), m.get("staff.field.not_a_choice").to_owned())],
    })
}

/// One field's value as JSON; `None` when it is left out.
fn one(
    m: &Messages,
    kind: CommandKind,
    spec: &FieldSpec,
    name: &str,
    form: &FormData,
    problems: &mut Vec<Problem>,
) -> Option<Value> {
    let text = form.text(name);
    let mut missing = |key: &str| {
        let own = format!("staff.action.{}.{}_missing", kind.as_str(), spec.name);
        let message = maybe(m, &own).unwrap_or_else(|| m.get(key).to_owned());
        problems.push((name.to_owned(), message));
        None
    };
    match spec.input {
        Input::Flag => Some(Value::Bool(form.yes(name))),
        Input::YesNo => match text.as_str() {
            "yes" => Some(Value::Bool(true)),
            "no" => Some(Value::Bool(false)),
            _ => missing("staff.field.yes_no_missing"),
        },
        Input::SomeOf(_) => {
            let all = form.all(name);
            if all.is_empty() && spec.required {
                return missing("staff.field.not_a_choice");
            }
            (!all.is_empty()).then(|| Value::Array(all.into_iter().map(Value::String).collect()))
        }
        Input::Pairs(left, right) => {
            let mut items = Vec::new();
            for line in text.lines().filter(|l| !l.trim().is_empty()) {
                match line.split_once(',') {
                    Some((a, b)) if !a.trim().is_empty() && !b.trim().is_empty() => {
                        items.push(serde_json::json!({ left: a.trim(), right: b.trim() }));
                    }
                    _ => {
                        let message = m.fill("staff.field.pair_invalid", &[("line", line.trim())]);
                        problems.push((name.to_owned(), message));
                        return None;
                    }
                }
            }
            Some(Value::Array(items))
        }
        _ if text.is_empty() => match spec.input {
            // An empty text goes to the decider as the API would send it, and its refusal
            // names the rule ("a holding letter must say why more time is needed"). A text the
            // command may leave out is left out.
            Input::Text | Input::LongText => {
                let always = redress_core::case::field_specs(kind)
                    .iter()
                    .any(|s| s.name == spec.name && s.required);
                always.then(|| Value::String(String::new()))
            }
            Input::Date if spec.required => missing("staff.field.date_missing"),
            Input::OneOf(_) if spec.required => missing("staff.field.not_a_choice"),
            _ => None,
        },
        Input::Date => match parse_date(&text) {
            Some(date) => Some(Value::String(date.to_string())),
            None => {
                problems.push((
                    name.to_owned(),
                    m.get("staff.field.date_invalid").to_owned(),
                ));
                None
            }
        },
        // Passing a compliment to the person complimented is `to` left out.
        Input::OneOf(Choice::PassTo) if text == "person" => None,
        // A person named is chosen by number; anything else goes as text, and the decoder's
        // refusal names the field.
        Input::OneOf(Choice::People | Choice::LearningActions | Choice::Enquiries) => Some(
            text.parse::<u32>()
                .map_or(Value::String(text), |n| Value::Number(n.into())),
        ),
        _ => Some(Value::String(text)),
    }
}

/// Rows of objects (remedies, learning actions); a row left empty is skipped.
fn rows(
    m: &Messages,
    name: &str,
    columns: &[FieldSpec],
    form: &FormData,
    problems: &mut Vec<Problem>,
) -> Option<Value> {
    let mut items = Vec::new();
    for row in 1..=ROWS {
        let cell = |column: &str| format!("{name}.{row}.{column}");
        if columns.iter().all(|c| form.text(&cell(c.name)).is_empty()) {
            continue;
        }
        let mut item = Map::new();
        for column in columns {
            let required = FieldSpec {
                required: column.name == columns[0].name,
                ..*column
            };
            let cell_name = cell(column.name);
            let before = problems.len();
            let value = one(
                m,
                CommandKind::Respond,
                &required,
                &cell_name,
                form,
                problems,
            );
            if problems.len() > before && column.name == columns[0].name {
                let key = match name {
                    "remedies" => "staff.action.respond.kind_missing",
                    _ => "staff.action.respond.learning_missing",
                };
                problems.last_mut().expect("just pushed").1 = m.get(key).to_owned();
            }
            if let Some(value) = value {
                item.insert(column.path.to_owned(), value);
            }
        }
        items.push(Value::Object(item));
    }
    (!items.is_empty()).then_some(Value::Array(items))
}

/// Sets `value` at the dotted `path` of `json`.
fn insert(json: &mut Map<String, Value>, path: &str, value: Value) {
    match path.split_once('.') {
        None => {
            json.insert(path.to_owned(), value);
        }
        Some((head, rest)) => {
            let inner = json
                .entry(head.to_owned())
                .or_insert_with(|| Value::Object(Map::new()));
            if let Value::Object(inner) = inner {
                insert(inner, rest, value);
            }
        }
    }
}
