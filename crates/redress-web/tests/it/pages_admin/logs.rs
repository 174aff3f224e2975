//! The complaints log and the compliments-and-comments log, on the page and as CSV.

use reqwest::StatusCode;
use reqwest::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use serde_json::json;

use super::{complaint, members, site};

#[tokio::test]
async fn the_complaints_log_lists_a_years_complaints_with_panel_decision_and_closing_date() {
    let site = site().await;
    let decided = site
        .receive("kings-park-pp", complaint(json!({})), "2026-12-01 10:00")
        .await;
    site.act(
        "kings-park-pp",
        &decided,
        json!({"type": "acknowledge"}),
        "2026-12-02 10:00",
    )
    .await;
    site.act(
        "kings-park-pp",
        &decided,
        json!({"type": "draw-panel", "candidates": members()}),
        "2026-12-03 10:00",
    )
    .await;
    site.act("kings-park-pp", &decided, json!({"type": "respond", "outcome": "upheld", "findings": "Spent before agreement.", "remedies": [{"kind": "recommendation", "description": "Agree spending first."}]}), "2026-12-10 19:00").await;
    site.act(
        "kings-park-pp",
        &decided,
        json!({"type": "close"}),
        "2026-12-11 09:00",
    )
    .await;
    site.act(
        "kings-park-pp",
        &decided,
        json!({"type": "set-themes", "themes": ["policy", "delay"]}),
        "2026-12-11 09:05",
    )
    .await;
    let open = site
        .receive(
            "kings-park-pp",
            complaint(json!({"what_happened": "Minutes were not shared."})),
            "2026-12-15 10:00",
        )
        .await;
    let last_year = site
        .receive("kings-park-pp", complaint(json!({})), "2025-06-02 10:00")
        .await;

    // An investigator's log holds only the cases assigned to them: here, none.
    let (status, html) = site
        .sign_in("member")
        .await
        .get("/staff/logs/complaints?org=kings-park-pp&year=2026")
        .await;
    assert_eq!(status, StatusCode::OK, "{html}");
    assert!(!html.contains(&decided) && !html.contains(&open), "{html}");

    // A feedback officer's holds every case of the year.
    let browser = site.sign_in("leeds").await;
    let (status, html) = browser
        .get("/staff/logs/complaints?org=kings-park-pp&year=2026")
        .await;
    assert_eq!(status, StatusCode::OK, "{html}");
    assert!(html.contains(&decided) && html.contains(&open), "{html}");
    assert!(!html.contains(&last_year), "only the year asked for");
    assert!(
        html.find(&decided) < html.find(&open),
        "oldest first, as the log is kept"
    );
    let drawn: Vec<&str> = ["Ash One", "Bo Two", "Cy Three", "Di Four", "Ed Five"]
        .into_iter()
        .filter(|name| html.contains(name))
        .collect();
    assert_eq!(drawn.len(), 3, "the panel's three members: {html}");
    for words in [
        "1 Dec 2026",
        "Upheld",
        "11 Dec 2026",
        "Open",
        "Not decided yet",
        "Not yet",
    ] {
        assert!(html.contains(words), "{words}: {html}");
    }

    let (_, html) = browser
        .get("/staff/logs/complaints?org=kings-park-pp&year=2025")
        .await;
    assert!(
        html.contains(&last_year) && !html.contains(&decided),
        "{html}"
    );

    let csv = browser
        .download("/staff/logs/complaints.csv?org=kings-park-pp&year=2026")
        .await;
    assert_eq!(csv.status(), StatusCode::OK);
    assert_eq!(csv.headers()[CONTENT_TYPE], "text/csv; charset=utf-8");
    assert!(
        csv.headers()[CONTENT_DISPOSITION]
            .to_str()
            .expect("text")
            .contains("complaints-log-kings-park-pp-2026.csv")
    );
    let text = csv.text().await.expect("text");
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines[0],
        "\u{feff}Date received,Complaint number,Panel number,Channel,Panel or external investigation,Decision or recommendation,Remedies,Themes,Date closed,\
         Stage One – Complaints subgroup: acknowledgement due,Stage One – Complaints subgroup: acknowledged,Stage One – Complaints subgroup: acknowledged on time,\
         Stage One – Complaints subgroup: response due,Stage One – Complaints subgroup: answered,Stage One – Complaints subgroup: answered on time,\
         Stage two – External Investigation: acknowledgement due,Stage two – External Investigation: acknowledged,Stage two – External Investigation: acknowledged on time,\
         Stage two – External Investigation: response due,Stage two – External Investigation: answered,Stage two – External Investigation: answered on time"
    );
    assert_eq!(lines.len(), 3, "a heading and two complaints: {text}");
    assert!(
        lines[1].starts_with(&format!("2026-12-01,{decided},,")),
        "{}",
        lines[1]
    );
    // Channel, decision, remedies, themes, closed; then stage one's clocks: the
    // acknowledgement due 5 days from Tue 1 Dec (Sun 6 Dec), sent Wed 2 Dec, on time; the
    // response due 2 weeks from the panel's draw on Thu 3 Dec (Thu 17 Dec), sent Thu 10 Dec;
    // stage two never entered.
    assert!(
        lines[1].contains(",email,\"Stage One – Complaints subgroup: panel of ")
            && lines[1].ends_with(
                "\",Upheld,Recommendation: Agree spending first.,Policy; Delay,2026-12-11,\
                 2026-12-06,2026-12-02,yes,2026-12-17,2026-12-10,yes,,,,,,"
            ),
        "{}",
        lines[1]
    );
    // Received Tue 15 Dec, not acknowledged by Sun 20 Dec: overdue on 23 Dec.
    assert!(
        lines[2].ends_with(",Open,2026-12-20,,overdue,,,,,,,,,"),
        "{}",
        lines[2]
    );
    assert!(
        lines[2].starts_with(&format!("2026-12-15,{open},,")),
        "{}",
        lines[2]
    );
}

#[tokio::test]
async fn the_feedback_log_lists_compliments_and_suggestions_with_what_was_done() {
    let site = site().await;
    let thanks = json!({"kind": "compliment", "channel": "phone", "complainant": {"name": "A Parent"}, "what_happened": "The adviser made the review meeting so much easier.", "consent_to_publish": true});
    let compliment = site.receive("leeds-pps", thanks, "2026-12-01 10:00").await;
    site.act(
        "leeds-pps",
        &compliment,
        json!({"type": "pass-on", "to": "line-manager"}),
        "2026-12-01 11:00",
    )
    .await;
    site.act(
        "leeds-pps",
        &compliment,
        json!({"type": "reply", "summary": "Thank you."}),
        "2026-12-03 10:00",
    )
    .await;
    site.act(
        "leeds-pps",
        &compliment,
        json!({"type": "publish", "wording": "The adviser made the review meeting so much easier."}),
        "2026-12-04 10:00",
    )
    .await;
    site.act(
        "leeds-pps",
        &compliment,
        json!({"type": "close"}),
        "2026-12-04 10:05",
    )
    .await;
    let idea = json!({"kind": "suggestion", "channel": "email", "complainant": {"name": "B Parent", "email": "b@example.org"}, "what_happened": "=Evening drop-ins would help working parents."});
    let suggestion = site.receive("leeds-pps", idea, "2026-12-10 10:00").await;
    let complaint = site
        .receive("leeds-pps", complaint(json!({})), "2026-12-11 10:00")
        .await;

    let browser = site.sign_in("reader").await;
    let (status, html) = browser.get("/staff/logs/feedback").await;
    assert_eq!(status, StatusCode::OK, "{html}");
    assert!(
        html.contains(&compliment) && html.contains(&suggestion),
        "{html}"
    );
    assert!(!html.contains(&complaint), "complaints have their own log");
    for words in [
        "Compliment",
        "Suggestion",
        "Line manager",
        "3 Dec 2026",
        "the Leeds Parent Partnership Service website",
        "4 Dec 2026",
        "Not yet",
        "Open",
    ] {
        assert!(html.contains(words), "{words}: {html}");
    }

    let text = browser
        .download("/staff/logs/feedback.csv?org=leeds-pps&year=2026")
        .await
        .text()
        .await
        .expect("text");
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 3, "{text}");
    assert!(
        lines[1].starts_with(&format!("2026-12-01,{compliment},Compliment,The adviser made the review meeting so much easier.,Line manager,2026-12-03,")),
        "{}",
        lines[1]
    );
    assert!(
        lines[2].contains(",'=Evening drop-ins"),
        "a formula typed by the public stays text: {}",
        lines[2]
    );
}

#[tokio::test]
async fn logs_refuse_organisations_the_user_is_not_in_and_years_off_the_list() {
    let site = site().await;
    let browser = site.sign_in("member").await;
    let (status, _) = browser
        .get("/staff/logs/complaints?org=leeds-pps&year=2026")
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = browser.get("/staff/logs/complaints?org=no-such-org").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, html) = browser
        .get("/staff/logs/complaints?org=kings-park-pp&year=1999")
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(html.contains("Choose a year from the list"), "{html}");
    assert!(
        html.contains("href=\"#year\""),
        "the error summary links to the field"
    );
    let csv = browser
        .download("/staff/logs/complaints.csv?org=kings-park-pp&year=%E2%80%AE")
        .await;
    assert_eq!(csv.status(), StatusCode::BAD_REQUEST);
    let (status, html) = browser.get("/staff/logs/feedback").await;
    assert_eq!(status, StatusCode::OK, "King's Park takes only complaints");
    assert!(
        html.contains("None of your organisations keeps this log."),
        "{html}"
    );
}
