//! Issue 7, "validation once, below the web": one table of bad submissions, each sent through
//! the public API and through the public form pages, on SQLite and on PostgreSQL. Every one is
//! refused with 422 naming the field (the API in its error body, the form on the page that asks
//! for it), and the store is left exactly as it was: no case, no outbox row.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{Db, TestApp, complaint, spawn_app_on};
use crate::pages_public::browser::{Browser, hidden_fields, last_form};

const ORG: &str = "tfc-sunderland";

/// One bad input: what changes in a valid API body, and in valid form answers.
struct Bad {
    what: &'static str,
    /// JSON pointer → value, set on the valid body; `None`: the API has no such input.
    api: Option<Vec<(&'static str, Value)>>,
    /// The field the API's error names.
    api_field: &'static str,
    /// Answers changed on the valid form; empty: the form cannot express it.
    form: Vec<(&'static str, String)>,
    /// The input whose error the form page shows (the error summary links to it).
    form_field: &'static str,
}

fn both(
    what: &'static str,
    pointer: &'static str,
    api_field: &'static str,
    form_key: &'static str,
    value: &str,
) -> Bad {
    Bad {
        what,
        api: Some(vec![(pointer, json!(value))]),
        api_field,
        form: vec![(form_key, value.to_owned())],
        form_field: form_key,
    }
}

fn api_only(what: &'static str, changes: Vec<(&'static str, Value)>, field: &'static str) -> Bad {
    Bad {
        what,
        api: Some(changes),
        api_field: field,
        form: Vec::new(),
        form_field: "",
    }
}

fn x(n: usize) -> String {
    "x".repeat(n)
}

const NUL: &str = "before\u{0}after";
const ESC: &str = "red \u{1b}[31mtext";
const RLO: &str = "abc\u{202E}fed";
const LRI: &str = "a\u{2066}b\u{2069}c";
const NEL: &str = "a\u{85}b";
const DEL: &str = "a\u{7f}b";

/// The shared table.
fn table() -> Vec<Bad> {
    let someone_else = |extra: Vec<(&'static str, String)>| {
        let mut answers = vec![
            ("behalf", "someone-else".to_owned()),
            ("their-name", "A Child".to_owned()),
            ("relationship", "parent".to_owned()),
        ];
        answers.extend(extra);
        answers
    };
    let late = |aware: (&str, &str, &str)| {
        vec![
            ("happened-day", "1".to_owned()),
            ("happened-month", "1".to_owned()),
            ("happened-year", "2024".to_owned()),
            ("aware-day", aware.0.to_owned()),
            ("aware-month", aware.1.to_owned()),
            ("aware-year", aware.2.to_owned()),
            ("late-reason", "I was in hospital.".to_owned()),
        ]
    };
    let representative = |relationship: &str, email: &str| {
        json!({
            "contact": {"name": "A Parent", "email": email},
            "relationship": relationship,
        })
    };
    let people = |n: usize| {
        json!(
            (0..n)
                .map(|i| json!({"name": format!("P{i}")}))
                .collect::<Vec<_>>()
        )
    };
    vec![
        both(
            "what happened over 20,000 characters",
            "/what_happened",
            "what_happened",
            "what",
            &x(20_001),
        ),
        both(
            "what happened of 1,000,000 characters",
            "/what_happened",
            "what_happened",
            "what",
            &x(1_000_000),
        ),
        both(
            "what happened empty",
            "/what_happened",
            "what_happened",
            "what",
            "",
        ),
        both(
            "what happened only spaces",
            "/what_happened",
            "what_happened",
            "what",
            "  \n\t ",
        ),
        both(
            "NUL in what happened",
            "/what_happened",
            "what_happened",
            "what",
            NUL,
        ),
        both(
            "ESC in what happened",
            "/what_happened",
            "what_happened",
            "what",
            ESC,
        ),
        both(
            "U+202E in what happened",
            "/what_happened",
            "what_happened",
            "what",
            RLO,
        ),
        both(
            "U+2066 in what happened",
            "/what_happened",
            "what_happened",
            "what",
            LRI,
        ),
        both(
            "C1 control in what happened",
            "/what_happened",
            "what_happened",
            "what",
            NEL,
        ),
        both(
            "DEL in what happened",
            "/what_happened",
            "what_happened",
            "what",
            DEL,
        ),
        both(
            "name over 200 characters",
            "/complainant/name",
            "complainant.name",
            "name",
            &x(201),
        ),
        both(
            "name of 100,000 characters",
            "/complainant/name",
            "complainant.name",
            "name",
            &x(100_000),
        ),
        both(
            "name only spaces",
            "/complainant/name",
            "complainant.name",
            "name",
            "   ",
        ),
        both(
            "NUL in the name",
            "/complainant/name",
            "complainant.name",
            "name",
            NUL,
        ),
        both(
            "new line in the name",
            "/complainant/name",
            "complainant.name",
            "name",
            "A\nParent",
        ),
        both(
            "e-mail not-an-email",
            "/complainant/email",
            "complainant.email",
            "email",
            "not-an-email",
        ),
        both(
            "e-mail without a dot in the domain",
            "/complainant/email",
            "complainant.email",
            "email",
            "parent@example",
        ),
        both(
            "e-mail with a space",
            "/complainant/email",
            "complainant.email",
            "email",
            "a parent@example.org",
        ),
        both(
            "e-mail with two @",
            "/complainant/email",
            "complainant.email",
            "email",
            "a@b@example.org",
        ),
        both(
            "e-mail with nothing before @",
            "/complainant/email",
            "complainant.email",
            "email",
            "@example.org",
        ),
        both(
            "e-mail over 254 characters",
            "/complainant/email",
            "complainant.email",
            "email",
            &format!("{}@example.org", x(250)),
        ),
        both(
            "NUL in the e-mail",
            "/complainant/email",
            "complainant.email",
            "email",
            "parent\u{0}@example.org",
        ),
        both(
            "U+202E in the e-mail",
            "/complainant/email",
            "complainant.email",
            "email",
            "parent\u{202E}@example.org",
        ),
        both(
            "phone of words",
            "/complainant/phone",
            "complainant.phone",
            "phone",
            "call me",
        ),
        both(
            "phone too short",
            "/complainant/phone",
            "complainant.phone",
            "phone",
            "123",
        ),
        both(
            "U+2066 in the phone",
            "/complainant/phone",
            "complainant.phone",
            "phone",
            "0191\u{2066}561 7997",
        ),
        both(
            "NUL in the address",
            "/complainant/address",
            "complainant.address",
            "address",
            NUL,
        ),
        both(
            "address over 1,000 characters",
            "/complainant/address",
            "complainant.address",
            "address",
            &x(1_001),
        ),
        Bad {
            what: "prefers e-mail but gives none",
            api: Some(vec![(
                "/complainant",
                json!({"name": "A Parent", "prefers": "email"}),
            )]),
            api_field: "complainant.email",
            form: vec![("email", String::new())],
            form_field: "email",
        },
        Bad {
            what: "happened on 9999-12-31",
            api: Some(vec![("/happened_on", json!("9999-12-31"))]),
            api_field: "happened_on",
            form: vec![
                ("happened-day", "31".into()),
                ("happened-month", "12".into()),
                ("happened-year", "9999".into()),
            ],
            form_field: "happened-day",
        },
        Bad {
            what: "happened after the day it was received",
            api: Some(vec![("/happened_on", json!("2026-12-24"))]),
            api_field: "happened_on",
            form: vec![("happened-day", "24".into())],
            form_field: "happened-day",
        },
        Bad {
            what: "happened before 1900",
            api: Some(vec![("/happened_on", json!("1899-12-31"))]),
            api_field: "happened_on",
            form: vec![
                ("happened-day", "31".into()),
                ("happened-year", "1899".into()),
            ],
            form_field: "happened-year",
        },
        Bad {
            what: "found out before it happened",
            api: Some(vec![
                ("/happened_on", json!("2024-01-01")),
                ("/became_aware_on", json!("2023-06-01")),
            ]),
            api_field: "became_aware_on",
            form: late(("1", "6", "2023")),
            form_field: "aware-day",
        },
        Bad {
            what: "found out in the future",
            api: Some(vec![
                ("/happened_on", json!("2024-01-01")),
                ("/became_aware_on", json!("2027-01-01")),
            ]),
            api_field: "became_aware_on",
            form: late(("1", "1", "2027")),
            form_field: "aware-day",
        },
        both(
            "outcome over 10,000 characters",
            "/outcome_wanted",
            "outcome_wanted",
            "outcome",
            &x(10_001),
        ),
        both(
            "NUL in the outcome",
            "/outcome_wanted",
            "outcome_wanted",
            "outcome",
            NUL,
        ),
        both(
            "U+202E in the support asked for",
            "/adjustments",
            "adjustments",
            "support",
            RLO,
        ),
        both(
            "support over 10,000 characters",
            "/adjustments",
            "adjustments",
            "support",
            &x(10_001),
        ),
        both(
            "person named over 200 characters",
            "/people_named/0/name",
            "people_named[0].name",
            "person-1-name",
            &x(201),
        ),
        both(
            "ESC in a person named",
            "/people_named/0/name",
            "people_named[0].name",
            "person-1-name",
            ESC,
        ),
        Bad {
            what: "third person named with a role and no name",
            api: Some(vec![(
                "/people_named",
                json!([{"name": "A"}, {"name": "B"}, {"name": "  ", "role": "feedback-officer"}]),
            )]),
            api_field: "people_named[2].name",
            form: vec![
                ("person-3-name", " ".into()),
                ("person-3-role", "feedback-officer".into()),
            ],
            form_field: "person-3-name",
        },
        api_only(
            "21 people named",
            vec![("/people_named", people(21))],
            "people_named",
        ),
        api_only(
            "20,000 people named",
            vec![("/people_named", people(20_000))],
            "people_named",
        ),
        api_only(
            "NUL in a member id",
            vec![("/people_named/0/member_id", json!(NUL))],
            "people_named[0].member_id",
        ),
        Bad {
            what: "representative without a relationship",
            api: Some(vec![(
                "/representative",
                representative("", "rep@example.org"),
            )]),
            api_field: "representative.relationship",
            form: someone_else(vec![("relationship", String::new())]),
            form_field: "relationship",
        },
        Bad {
            what: "NUL in the relationship",
            api: Some(vec![(
                "/representative",
                representative(NUL, "rep@example.org"),
            )]),
            api_field: "representative.relationship",
            form: someone_else(vec![("relationship", NUL.to_owned())]),
            form_field: "relationship",
        },
        Bad {
            what: "the person it is for named only with spaces",
            api: Some(vec![
                (
                    "/representative",
                    representative("parent", "rep@example.org"),
                ),
                ("/complainant", json!({"name": "  "})),
            ]),
            api_field: "complainant.name",
            form: someone_else(vec![("their-name", "  ".to_owned())]),
            form_field: "their-name",
        },
        Bad {
            what: "representative's e-mail not an address",
            api: Some(vec![(
                "/representative",
                representative("parent", "rep-at-example"),
            )]),
            api_field: "representative.contact.email",
            form: someone_else(vec![("email", "rep-at-example".to_owned())]),
            form_field: "email",
        },
        api_only(
            "channel phone on the public route",
            vec![("/channel", json!("phone"))],
            "channel",
        ),
        api_only(
            "channel letter on the public route",
            vec![("/channel", json!("letter"))],
            "channel",
        ),
        api_only(
            "channel via-staff on the public route",
            vec![("/channel", json!("via-staff"))],
            "channel",
        ),
        api_only("unknown kind", vec![("/kind", json!("grumble"))], "kind"),
        api_only(
            "a kind the organisation does not take",
            vec![("/kind", json!("compliment"))],
            "kind",
        ),
        Bad {
            what: "NUL in the reason for complaining late",
            api: None,
            api_field: "",
            form: {
                let mut answers = late(("", "", ""));
                answers.retain(|(k, _)| *k != "late-reason");
                answers.push(("late-reason", NUL.to_owned()));
                answers
            },
            form_field: "late-reason",
        },
    ]
}

/// A complaint the API accepts: every field the table changes, given correctly.
fn valid_body() -> Value {
    complaint(json!({
        "complainant": {"name": "A Parent", "email": "parent@example.org", "phone": "0191 561 7997"},
        "happened_on": "2026-12-01",
        "people_named": [{"name": "Sam Adviser", "role": "feedback-officer"}],
        "adjustments": "Large print, please.",
    }))
}

/// Answers the form accepts, as a browser posts them from the check page.
fn valid_answers() -> Vec<(&'static str, String)> {
    [
        ("kind", "complaint"),
        ("what", "Nobody returned my calls about my son's plan."),
        ("happened-day", "1"),
        ("happened-month", "12"),
        ("happened-year", "2026"),
        ("outcome", "A call back and an apology."),
        ("person-1-name", "Sam Adviser"),
        ("person-1-role", "feedback-officer"),
        ("behalf", "myself"),
        ("anonymous", "no"),
        ("prefers", "email"),
        ("name", "A Parent"),
        ("email", "parent@example.org"),
        ("phone", "0191 561 7997"),
        ("support", "Large print, please."),
    ]
    .into_iter()
    .map(|(k, v)| (k, v.to_owned()))
    .collect()
}

/// Sets `value` at a JSON pointer, making objects on the way.
fn set(body: &mut Value, pointer: &str, value: Value) {
    let mut at = body;
    let parts: Vec<&str> = pointer.trim_start_matches('/').split('/').collect();
    for (i, part) in parts.iter().enumerate() {
        let last = i == parts.len() - 1;
        at = match at {
            Value::Array(items) => &mut items[part.parse::<usize>().expect("an index")],
            other => {
                let object = other.as_object_mut().expect("an object");
                if last {
                    object.insert((*part).to_owned(), value);
                    return;
                }
                object.entry(*part).or_insert_with(|| json!({}))
            }
        };
        if last {
            *at = value;
            return;
        }
    }
}

/// Nothing was stored: no case and no outbox row.
async fn assert_nothing_stored(app: &TestApp, what: &str) {
    use redress_store::Store;
    let references = app.store.all_references().await.expect("references");
    assert!(
        references.is_empty(),
        "{what}: a case was stored: {references:?}"
    );
    let outbox = app.store.pending_outbox(100).await.expect("outbox");
    assert!(outbox.is_empty(), "{what}: an outbox row was stored");
}

/// Posts the whole form from the check page, as a browser that reached it would.
async fn post_form(browser: &mut Browser<'_>, answers: &[(&str, String)]) -> (StatusCode, String) {
    browser.get(&format!("/{ORG}/feedback")).await;
    let csrf = hidden_fields(last_form(&browser.page))
        .into_iter()
        .find(|(name, _)| name == "csrf")
        .expect("the form's token")
        .1;
    let mut fields = vec![
        ("csrf".to_owned(), csrf),
        ("step".to_owned(), "check".to_owned()),
        ("checking".to_owned(), "yes".to_owned()),
    ];
    fields.extend(answers.iter().map(|(k, v)| ((*k).to_owned(), v.clone())));
    let answer = browser
        .post_fields(&format!("/{ORG}/feedback"), &fields)
        .await;
    (answer.status, answer.body)
}

async fn every_bad_input_is_refused_naming_its_field(db: Db) {
    let Some(app) = spawn_app_on(db, "the bad-input table", "2026-12-23 10:00", 10_000).await
    else {
        return;
    };
    let table = table();
    assert!(table.len() >= 40, "the table has {} rows", table.len());
    let mut browser = Browser::new(&app);
    for bad in &table {
        if let Some(changes) = &bad.api {
            let mut body = valid_body();
            for (pointer, value) in changes {
                set(&mut body, pointer, value.clone());
            }
            let response = app.submit(ORG, &body).await;
            let status = response.status();
            let error: Value = response.json().await.expect("an error body");
            assert_eq!(
                status,
                StatusCode::UNPROCESSABLE_ENTITY,
                "API, {}: {error}",
                bad.what
            );
            assert_eq!(
                error["error"]["field"], bad.api_field,
                "API, {}: {error}",
                bad.what
            );
            assert!(
                error["error"]["message"]
                    .as_str()
                    .is_some_and(|m| !m.is_empty()),
                "API, {}: {error}",
                bad.what
            );
            assert_nothing_stored(&app, bad.what).await;
        }
        if !bad.form.is_empty() {
            let mut answers = valid_answers();
            for (key, value) in &bad.form {
                answers.retain(|(k, _)| k != key);
                answers.push((key, value.clone()));
            }
            let (status, page) = post_form(&mut browser, &answers).await;
            assert_eq!(
                status,
                StatusCode::UNPROCESSABLE_ENTITY,
                "form, {}",
                bad.what
            );
            assert!(page.contains("<title>Error: "), "form, {}", bad.what);
            let link = format!("<a href=\"#{}\">", bad.form_field);
            assert!(
                page.contains(&link),
                "form, {}: no error linked to #{} in the summary:\n{}",
                bad.what,
                bad.form_field,
                error_summary(&page)
            );
            assert_nothing_stored(&app, bad.what).await;
        }
    }
    // The valid inputs the table starts from are accepted, so each refusal above is the one
    // change's doing.
    app.submit_ok(ORG, &valid_body()).await;
    let (status, page) = post_form(&mut browser, &valid_answers()).await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{}", error_summary(&page));
}

/// The error summary of a page, for failure messages.
fn error_summary(page: &str) -> &str {
    page.find("govuk-error-summary")
        .map_or("(no error summary)", |at| {
            &page[at..(at + 800).min(page.len())]
        })
}

#[tokio::test]
async fn every_bad_input_in_the_table_is_refused_by_the_api_and_the_form_on_sqlite() {
    every_bad_input_is_refused_naming_its_field(Db::Sqlite).await;
}

#[tokio::test]
async fn every_bad_input_in_the_table_is_refused_by_the_api_and_the_form_on_postgres() {
    every_bad_input_is_refused_naming_its_field(Db::Postgres).await;
}
