//! The procedure page, members' confirmations per version, the review date on the dashboard,
//! and the catalogue behind the administration pages.

use redress_app::procedures::Procedures;
use redress_store::{Role, Store};
use reqwest::StatusCode;
use reqwest::header::LOCATION;

use super::{kings_park_version_2, org, site, site_with};
use crate::helpers::at;

#[tokio::test]
async fn the_procedure_page_shows_the_explanation_as_safe_html_with_its_versions() {
    let site = site().await;
    let browser = site.sign_in("leeds").await;
    let (status, html) = browser.get("/staff/procedure/leeds-pps").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        html.contains("<h2 class=\"govuk-heading-l\">How a complaint is handled</h2>"),
        "{html}"
    );
    assert!(html.contains("<strong>Who handles it.</strong>"), "{html}");
    assert!(!html.contains("**"), "no Markdown left over");
    assert!(
        !html.contains("I confirm"),
        "Leeds does not ask members to confirm"
    );
    let (status, _) = browser.get("/staff/procedure/pips-stockport").await;
    assert_eq!(
        status,
        StatusCode::NOT_FOUND,
        "not one of Lee's organisations"
    );
    let (status, _) = browser.get("/staff/procedure/leeds-pps?version=9").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, html) = browser.get("/staff/procedure").await;
    assert_eq!(status, StatusCode::OK, "two organisations: a list");
    assert!(
        html.contains("/staff/procedure/kings-park-pp")
            && html.contains("/staff/procedure/leeds-pps")
    );
}

#[tokio::test]
async fn members_confirm_the_procedure_once_per_version_and_a_new_version_asks_again() {
    let mut procedures = Procedures::shipped();
    procedures
        .add(&kings_park_version_2("2027-01-04"))
        .expect("version 2 loads");
    let site = site_with(procedures, "2026-12-23 10:00").await;
    let member = site.sign_in("member").await;
    let kings_park = org("kings-park-pp");
    let member_actor = site.actor("member", &[("kings-park-pp", Role::Investigator)]);

    let reminders = site
        .app
        .procedure_reminders(&member_actor)
        .await
        .expect("reminders");
    assert!(reminders[0].must_confirm, "{reminders:?}");
    assert_eq!(reminders[0].version, "1");

    let (_, html) = member.get("/staff").await;
    assert!(
        html.contains("please confirm you have read version 1 of the procedure"),
        "the dashboard asks: {html}"
    );
    let (status, location) = {
        let page = member.download("/staff/procedure").await;
        (
            page.status(),
            page.headers()
                .get(LOCATION)
                .map(|v| v.to_str().unwrap_or_default().to_owned()),
        )
    };
    assert_eq!(
        (status, location.as_deref()),
        (
            StatusCode::SEE_OTHER,
            Some("/staff/procedure/kings-park-pp")
        )
    );
    let (_, html) = member.get("/staff/procedure/kings-park-pp").await;
    assert!(
        html.contains("I confirm I have read and understood KPSSPP Complaints Policy and will act in accordance with it."),
        "the declaration is the button: {html}"
    );
    assert!(html.contains("Nobody has confirmed this version yet."));
    assert!(
        html.contains("Morgan Member"),
        "listed among those still to confirm"
    );

    let (status, location, _) = member
        .post(
            "/staff/procedure/kings-park-pp/confirm",
            &[("version", "1")],
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (_, html) = member.get(&location).await;
    assert!(
        html.contains("Your confirmation for version 1 has been recorded."),
        "{html}"
    );
    assert!(
        html.contains(
            "You confirmed you have read and understood this version on 23 Dec 2026 10:00."
        ),
        "{html}"
    );
    assert!(
        !html.contains("will act in accordance with it.</button>"),
        "no button once confirmed"
    );

    site.clock.set(at("2026-12-23 11:00"));
    let (status, _, _) = member
        .post(
            "/staff/procedure/kings-park-pp/confirm",
            &[("version", "1")],
        )
        .await;
    assert_eq!(
        status,
        StatusCode::SEE_OTHER,
        "confirming again is harmless"
    );
    let confirmed = site
        .app
        .store()
        .confirmations(&kings_park, "1")
        .await
        .expect("list");
    assert_eq!(confirmed.len(), 1, "recorded once");
    assert_eq!(
        confirmed[0].at,
        at("2026-12-23 10:00"),
        "at the first confirmation"
    );
    let chair = site.sign_in("chair").await;
    let (_, html) = chair.get("/staff/procedure/kings-park-pp").await;
    assert!(
        html.contains("Morgan Member</td>") && html.contains("23 Dec 2026 10:00"),
        "the chair sees who confirmed: {html}"
    );
    let reminders = site
        .app
        .procedure_reminders(&member_actor)
        .await
        .expect("reminders");
    assert!(!reminders[0].must_confirm);
    let (_, html) = member.get("/staff").await;
    assert!(!html.contains("please confirm you have read"), "{html}");

    // Version 2 comes into force: everyone is asked again.
    site.clock.set(at("2027-01-05 09:00"));
    let member = site.sign_in("member").await;
    let reminders = site
        .app
        .procedure_reminders(&member_actor)
        .await
        .expect("reminders");
    assert_eq!(
        (reminders[0].version.as_str(), reminders[0].must_confirm),
        ("2", true)
    );
    let (_, html) = member.get("/staff").await;
    assert!(
        html.contains("please confirm you have read version 2 of the procedure"),
        "{html}"
    );
    let (_, html) = member.get("/staff/procedure/kings-park-pp").await;
    assert!(
        html.contains("and will follow it."),
        "version 2's declaration: {html}"
    );
    assert!(html.contains("Replaced"), "version 1 is listed as replaced");
    let (status, _, html) = member
        .post(
            "/staff/procedure/kings-park-pp/confirm",
            &[("version", "1")],
        )
        .await;
    assert_eq!(
        status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "a replaced version cannot be confirmed"
    );
    assert!(html.contains("cannot be confirmed any more"), "{html}");
    let (status, _, _) = member
        .post(
            "/staff/procedure/kings-park-pp/confirm",
            &[("version", "2")],
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let names: Vec<String> = site
        .app
        .store()
        .confirmations(&kings_park, "2")
        .await
        .expect("list")
        .into_iter()
        .map(|c| c.username)
        .collect();
    assert_eq!(names, ["member"]);
    let (_, html) = member.get("/staff/procedure/kings-park-pp?version=1").await;
    assert!(html.contains("This version has been replaced."), "{html}");
}

#[tokio::test]
async fn the_review_date_falls_due_on_the_dashboard() {
    let site = site().await;
    let member = site.sign_in("member").await;
    let (_, html) = member.get("/staff").await;
    assert!(
        html.contains("the procedure&#39;s review was due on 1 Jan 2026")
            || html.contains("the procedure's review was due on 1 Jan 2026"),
        "version 1 took effect on 1 Jan 2024 and is reviewed every 2 years: {html}"
    );
    let (_, html) = member.get("/staff/procedure/kings-park-pp").await;
    assert!(html.contains("Review overdue"), "{html}");
}

#[test]
fn every_message_the_admin_pages_use_is_in_the_catalogue() {
    let m = redress_web::pages::messages::Messages::english();
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut sources = Vec::new();
    let mut dirs = vec![root.join("templates/admin"), root.join("src/pages/admin")];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).expect("a directory") {
            let path = entry.expect("an entry").path();
            if path.is_dir() {
                dirs.push(path);
            } else {
                sources.push(std::fs::read_to_string(&path).expect("text"));
            }
        }
    }
    assert!(sources.len() > 10, "the pages' sources are found");
    let mut missing = Vec::new();
    for source in &sources {
        for (index, _) in source.match_indices('"') {
            let rest = &source[index + 1..];
            let Some(end) = rest.find('"') else { continue };
            let key = &rest[..end];
            let is_key = (key.starts_with("admin.") || key.starts_with("common."))
                && !key.ends_with('.')
                && key
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "._-".contains(c));
            if is_key && m.get(key) == key {
                missing.push(key.to_owned());
            }
        }
    }
    let families: [(&str, &[&str]); 6] = [
        (
            "admin.kind",
            &["complaint", "compliment", "comment", "suggestion"],
        ),
        (
            "admin.outcome",
            &[
                "upheld",
                "partly-upheld",
                "not-upheld",
                "undecided",
                "outcome-stands",
                "outcome-changed",
                "resolved",
            ],
        ),
        (
            "admin.ending",
            &[
                "completed",
                "resolved-informally",
                "out-of-scope",
                "withdrawn",
                "acknowledged",
            ],
        ),
        (
            "admin.role",
            &[
                "admin",
                "feedback-officer",
                "investigator",
                "reviewer",
                "read-only",
            ],
        ),
        (
            "admin.role_hint",
            &[
                "admin",
                "feedback-officer",
                "investigator",
                "reviewer",
                "read-only",
            ],
        ),
        (
            "admin.logs",
            &[
                "complaints_title",
                "complaints_intro",
                "complaints_none",
                "feedback_title",
                "feedback_intro",
                "feedback_none",
            ],
        ),
    ];
    for (group, names) in families {
        for name in names {
            let key = format!("{group}.{name}");
            if m.get(&key) == key {
                missing.push(key);
            }
        }
    }
    for field in ["display_name", "username", "password", "org", "role"] {
        for key in [
            format!("admin.users.errors.{field}_missing"),
            format!("admin.users.field_{field}"),
        ] {
            if m.get(&key) == key {
                missing.push(key);
            }
        }
    }
    assert!(
        missing.is_empty(),
        "missing from messages/en.toml: {missing:?}"
    );
}
