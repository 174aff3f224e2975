//! A letter's statements in plain English, through the message catalogue (`letter.*`), for the
//! staff timeline and the complainant's tracking page. Core says what a letter states; this is
//! where it is worded. The full letter templates build on the same sentences.

use redress_core::letters::{Letter, NextStage, ResponseTime, Said, Who};
use redress_core::names::serde_name;
use redress_core::procedure::{Contact, OmbudsmanWhen};

use super::messages::Messages;
use super::public::words::{counted_from, date, duration, lower_first};

/// The letter's statements as sentences, in the order the letter states them.
pub fn sentences(m: &Messages, letter: &Letter) -> Vec<String> {
    letter
        .statements
        .iter()
        .flat_map(|said| said_sentences(m, said))
        .collect()
}

fn said_sentences(m: &Messages, said: &Said) -> Vec<String> {
    match said {
        // A first-release letter's own words, shown as they were sent.
        Said::Recorded { text, .. } => vec![text.clone()],
        Said::NextSteps {
            organisation,
            stage,
            escalated,
        } => vec![m.fill(
            if *escalated {
                "letter.next_steps_escalated"
            } else {
                "letter.next_steps"
            },
            &[("organisation", organisation), ("stage", stage)],
        )],
        Said::Handler { handler } => vec![m.fill("letter.handler", &[("who", &who(m, handler))])],
        Said::Phone { phone } => vec![m.fill("letter.phone", &[("phone", phone)])],
        Said::Email { email } => vec![m.fill("letter.email", &[("email", email)])],
        Said::ResponseDue { response } | Said::Timeframe { response } => {
            vec![response_time(m, response)]
        }
        Said::HowInvestigated { text } => {
            vec![m.fill("letter.how_investigated", &[("text", text)])]
        }
        Said::Findings { text } => vec![m.fill("letter.findings", &[("text", text)])],
        Said::Outcome { outcome } => {
            vec![
                m.get(&format!("letter.outcome.{}", serde_name(outcome)))
                    .to_owned(),
            ]
        }
        Said::Actions { remedies } if remedies.is_empty() => {
            vec![m.get("letter.no_actions").to_owned()]
        }
        Said::Actions { remedies } => {
            let items: Vec<String> = remedies
                .iter()
                .map(|r| {
                    m.fill(
                        "letter.remedy",
                        &[
                            (
                                "kind",
                                m.get(&format!("staff.value.remedy.{}", serde_name(&r.kind))),
                            ),
                            ("description", r.description.trim_end_matches('.')),
                        ],
                    )
                })
                .collect();
            vec![m.fill("letter.actions", &[("remedies", &items.join("; "))])]
        }
        Said::EscalationRights { right } => vec![next_stage(m, right)],
        Said::Ombudsman {
            name,
            when,
            contact,
            note,
        } => {
            let mut out = vec![m.fill(
                match when {
                    OmbudsmanWhen::AfterFinalStage => "letter.ombudsman_after",
                    OmbudsmanWhen::AnyTime => "letter.ombudsman_any_time",
                },
                &[("ombudsman", name)],
            )];
            let ways = contact_ways(m, contact);
            if !ways.is_empty() {
                out.push(m.fill(
                    "letter.ombudsman_contact",
                    &[("ombudsman", name), ("ways", &ways.join("; "))],
                ));
            }
            out.extend(note.clone());
            out
        }
        Said::Reason { stage, reason } => {
            vec![m.fill("letter.reason", &[("stage", stage), ("reason", reason)])]
        }
        Said::NewDate { date: day } => vec![m.fill("letter.new_date", &[("date", &date(m, *day))])],
    }
}

/// Who handles a stage, as a noun phrase: "Pat Smith (Co-ordinator)", "the Co-ordinator", "a
/// panel of 3 people drawn at random, arranged by the Chair of the Advisory Board".
pub fn who(m: &Messages, who: &Who) -> String {
    match who {
        Who::Person { name, title } => {
            m.fill("letter.who_person", &[("name", name), ("title", title)])
        }
        Who::Role { title } => m.fill("letter.who_role", &[("title", title)]),
        Who::Panel {
            size,
            exclude_named,
            convened_by,
        } => {
            let panel = m.fill(
                if *exclude_named {
                    "letter.who_panel_excluding"
                } else {
                    "letter.who_panel"
                },
                &[("n", &size.to_string())],
            );
            match convened_by {
                Some(title) => m.fill("letter.who_convened", &[("who", &panel), ("title", title)]),
                None => panel,
            }
        }
        Who::External {
            description,
            arranged_by,
        } => {
            let external = lower_first(description);
            match arranged_by {
                Some(title) => m.fill(
                    "letter.who_arranged",
                    &[("who", &external), ("title", title)],
                ),
                None => external,
            }
        }
    }
}

fn response_time(m: &Messages, response: &ResponseTime) -> String {
    match response {
        ResponseTime::Within { by: Some(by), .. } => {
            m.fill("letter.response_by", &[("date", &date(m, *by))])
        }
        ResponseTime::Within {
            within,
            from,
            by: None,
        } => m.fill(
            "letter.response_within",
            &[
                ("within", &duration(m, *within)),
                ("from", counted_from(m, *from, true)),
            ],
        ),
        ResponseTime::NoTimescale => m.get("letter.no_timescale").to_owned(),
    }
}

fn next_stage(m: &Messages, right: &NextStage) -> String {
    match right {
        NextStage::Final { stage } => m.fill("letter.final_stage", &[("stage", stage)]),
        NextStage::Complainant {
            to_stage,
            handler,
            within,
            by,
            ..
        } => {
            let values = [
                ("stage", to_stage.as_str()),
                ("who", &who(m, handler)),
                (
                    "within",
                    &within.map(|w| duration(m, w)).unwrap_or_default(),
                ),
                ("date", &by.map(|d| date(m, d)).unwrap_or_default()),
            ];
            m.fill(
                match (within, by) {
                    (_, Some(_)) => "letter.escalate_by",
                    (Some(_), None) => "letter.escalate_within",
                    (None, None) => "letter.escalate",
                },
                &values,
            )
        }
        NextStage::Referral { to_stage, handler } => m.fill(
            "letter.referral",
            &[("stage", to_stage), ("who", &who(m, handler))],
        ),
        NextStage::NotReferred { stage, to_stage } => m.fill(
            "letter.not_referred",
            &[("stage", stage), ("next", to_stage)],
        ),
    }
}

/// "website https://...", "phone 0300 ...": the ways to reach someone, in the catalogue's words.
pub fn contact_ways(m: &Messages, contact: &Contact) -> Vec<String> {
    [
        ("letter.contact_web", &contact.web),
        ("letter.contact_phone", &contact.phone),
        ("letter.contact_email", &contact.email),
        ("letter.contact_address", &contact.address),
    ]
    .into_iter()
    .filter_map(|(key, value)| value.as_ref().map(|v| m.fill(key, &[("value", v)])))
    .collect()
}
