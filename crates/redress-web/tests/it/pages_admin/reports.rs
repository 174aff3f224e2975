//! `/staff/reports` and its downloads in a real server: Leeds' figures for 2026 against 2025,
//! worked out by hand below from the cases seeded; bad input answered naming the field; kept-
//! out cases counted but never listed.

use reqwest::StatusCode;
use reqwest::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use serde_json::{Value, json};

use super::{Site, complaint, site};

const LEEDS: &str = "leeds-pps";

/// Three Leeds cases in 2026 and one in 2025; the first is kept from `reader` (sensitive, only
/// the Co-ordinator may see it).
async fn seeded() -> (Site, Vec<String>) {
    let site = site().await;
    // Mon 2 Nov 2026, acknowledged Wed 4 Nov (2 working days, within 3), answered Fri 20 Nov:
    // 3-6 Nov (4), 9-13 (9), 16-20 (14) = 14 working days, within 15.
    let first = site
        .receive(LEEDS, complaint(json!({})), "2026-11-02 10:00")
        .await;
    site.act(LEEDS, &first, json!({"type": "acknowledge", "handler_name": "Pat Smith", "phone": "0113 000 0000", "email": "parent.partnership@example.org"}), "2026-11-04 10:00").await;
    site.act(
        LEEDS,
        &first,
        json!({"type": "set-themes", "themes": ["delay", "communication"]}),
        "2026-11-04 10:05",
    )
    .await;
    site.act(
        LEEDS,
        &first,
        json!({"type": "respond", "outcome": "upheld", "findings": "Messages were not passed on."}),
        "2026-11-20 15:00",
    )
    .await;
    site.act(LEEDS, &first, json!({"type": "add-learning-action", "what": "Pass on messages daily", "owner": "Co-ordinator", "due": "2026-12-18"}), "2026-11-20 15:05").await;
    site.act(
        LEEDS,
        &first,
        json!({"type": "mark-sensitive", "reason": "Safeguarding", "roles": ["coordinator"]}),
        "2026-11-20 15:10",
    )
    .await;
    // Mon 7 Dec 2026 by phone, acknowledged Mon 14 Dec: 8, 9, 10, 11, 14 = 5 working days,
    // late; not yet answered.
    let second = site
        .receive(
            LEEDS,
            complaint(
                json!({"channel": "phone", "what_happened": "=HYPERLINK(\"x\") no call back"}),
            ),
            "2026-12-07 10:00",
        )
        .await;
    site.act(LEEDS, &second, json!({"type": "acknowledge", "handler_name": "Pat Smith", "phone": "0113 000 0000", "email": "parent.partnership@example.org"}), "2026-12-14 10:00").await;
    site.act(LEEDS, &second, json!({"type": "add-learning-action", "what": "Return calls within a day", "owner": "Co-ordinator", "due": "2026-12-21"}), "2026-12-14 10:05").await;
    let compliment = site
        .receive(
            LEEDS,
            json!({"kind": "compliment", "channel": "email", "complainant": {"name": "A Parent", "email": "parent@example.org"}, "what_happened": "Thank you."}),
            "2026-10-05 10:00",
        )
        .await;
    let last_year = site
        .receive(
            LEEDS,
            complaint(json!({"channel": "letter"})),
            "2025-06-02 10:00",
        )
        .await;
    (site, vec![first, second, compliment, last_year])
}

fn count(list: &Value, key: &str) -> u64 {
    list.as_array()
        .expect("a list")
        .iter()
        .find(|c| c["key"] == key)
        .unwrap_or_else(|| panic!("no {key} in {list}"))["count"]
        .as_u64()
        .expect("a count")
}

#[tokio::test]
async fn the_reports_page_shows_the_figures_with_charts_tables_and_downloads() {
    let (site, references) = seeded().await;
    site.clock.set(crate::helpers::at("2026-12-23 10:00"));
    let browser = site.sign_in("reader").await;
    let (status, html) = browser
        .get("/staff/reports?org=leeds-pps&period=2026")
        .await;
    assert_eq!(status, StatusCode::OK, "{html}");
    assert!(html.contains("Feedback report: Leeds"), "{html}");
    // Each chart is an image with a title and a description, beside a table of its figures.
    let charts = html.matches("role=\"img\"").count();
    assert!(charts >= 6, "{charts} charts");
    assert_eq!(charts, html.matches("<desc id=").count());
    assert!(html.contains("<title id=\"chart-by-kind-title\">By kind</title>"));
    assert!(html.contains("aria-labelledby=\"chart-by-kind-title chart-by-kind-desc\""));
    assert!(html.matches("<table class=\"govuk-table").count() >= 10);
    assert!(html.contains("Stage One: median time to respond"));
    assert!(
        html.contains("14 working days"),
        "the first complaint's response"
    );
    // Acknowledged in 2 and 5 working days: 1 of 2 within 3.
    assert!(html.contains("50.0% (1 of 2)"), "{html}");
    for link in [
        "/staff/reports.csv?org=leeds-pps&#38;period=2026",
        "/staff/reports.json?org=leeds-pps&#38;period=2026",
        "/staff/reports.pdf?org=leeds-pps&#38;period=2026",
    ] {
        assert!(
            html.contains(link),
            "{link}: {}",
            &html[html.find("download").unwrap_or(0)..][..400]
        );
    }
    // Aggregate only: no reference, no name, no words of any case.
    for reference in &references {
        assert!(!html.contains(reference.as_str()), "{reference} listed");
    }
    for words in [
        "A Parent",
        "parent@example.org",
        "HYPERLINK",
        "Pass on messages",
    ] {
        assert!(!html.contains(words), "{words} shown");
    }

    let response = browser
        .download("/staff/reports.json?org=leeds-pps&period=2026")
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    let report: Value = response.json().await.expect("JSON");
    let now = &report["current"];
    // The sensitive case, kept from `reader`, is counted all the same.
    assert_eq!(now["received"], 3);
    assert_eq!(now["complaints"], 2);
    assert_eq!(count(&now["by_kind"], "compliment"), 1);
    assert_eq!(count(&now["by_channel"], "phone"), 1);
    assert_eq!(count(&now["by_channel"], "email"), 2);
    assert_eq!(count(&now["by_theme"], "delay"), 1);
    assert_eq!(now["without_theme"], 1);
    assert_eq!(count(&now["by_outcome"], "upheld"), 1);
    assert_eq!(now["times"][0]["acknowledge"]["median"], 2);
    assert_eq!(now["times"][0]["acknowledge"]["p90"], 5);
    assert_eq!(now["times"][0]["respond"]["median"], 14);
    assert_eq!(now["learning_opened"], 2);
    assert_eq!(now["learning_done"], 0);
    assert_eq!(report["previous"]["received"], 1);
    assert_eq!(count(&report["previous"]["by_channel"], "letter"), 1);

    let response = browser
        .download("/staff/reports.csv?org=leeds-pps&period=2026")
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()[CONTENT_TYPE], "text/csv; charset=utf-8");
    assert!(
        response.headers()[CONTENT_DISPOSITION]
            .to_str()
            .unwrap()
            .contains("report-leeds-pps-2026.csv")
    );
    let csv = response.text().await.expect("CSV");
    let mut lines = csv.lines();
    assert_eq!(lines.next(), Some("\u{feff}Section,Figure,2026,2025"));
    assert!(
        csv.contains("What was received,Cases received,3,1\r\n"),
        "{csv}"
    );
    assert!(csv.contains("By channel,Phone,1,0\r\n"), "{csv}");
    assert!(!csv.contains("HYPERLINK"));

    let response = browser
        .download("/staff/reports.pdf?org=leeds-pps&period=2026")
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()[CONTENT_TYPE], "application/pdf");
    let pdf = response.bytes().await.expect("PDF");
    assert!(pdf.starts_with(b"%PDF-"));
}

#[tokio::test]
async fn the_dashboard_tracks_learning_actions_to_done_without_showing_kept_out_cases() {
    let (site, references) = seeded().await;
    site.clock.set(crate::helpers::at("2026-12-23 10:00"));
    let browser = site.sign_in("reader").await;
    let (_, html) = browser.get("/staff").await;
    // The second case's action, due Mon 21 Dec, is overdue on Wed 23 Dec; the first case's
    // action is on a case the reader is kept out of, so it is not listed.
    assert!(
        html.contains("Learning actions not yet done (1, 1 overdue)"),
        "{html}"
    );
    assert!(html.contains("Return calls within a day"));
    assert!(html.contains("overdue: due Mon 21 Dec 2026"), "{html}");
    assert!(html.contains(references[1].as_str()));
    assert!(!html.contains("Pass on messages daily"));
    // Done: off the list.
    site.act(
        LEEDS,
        &references[1],
        json!({"type": "complete-learning-action", "action": 1}),
        "2026-12-22 10:00",
    )
    .await;
    let (_, html) = browser.get("/staff").await;
    assert!(
        html.contains("Learning actions not yet done (0, 0 overdue)"),
        "{html}"
    );
    assert!(html.contains("Every learning action is done."));
}

#[tokio::test]
async fn bad_report_input_is_answered_naming_the_field() {
    let site = site().await;
    let browser = site.sign_in("reader").await;
    let (status, html) = browser
        .get("/staff/reports?org=leeds-pps&period=2026-Q5")
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("href=\"#period\""), "{html}");
    assert!(html.contains("is not a period"), "{html}");
    // An organisation the reader does not belong to reads like one that does not exist.
    for org in ["kings-park-pp", "no-such-org", "Not An Id"] {
        let (status, html) = browser
            .get(&format!("/staff/reports?org={org}&period=2026"))
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{org}");
        assert!(html.contains("href=\"#org\""), "{org}: {html}");
    }
    // A field given twice is named, not answered with a bare 400.
    let (status, html) = browser
        .get("/staff/reports?org=leeds-pps&period=2026&period=2025")
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("href=\"#period\""), "{html}");
    assert!(html.contains("period is given more than once"), "{html}");
    for (path, says) in [
        ("/staff/reports.csv?org=leeds-pps&period=20x6", "period: "),
        ("/staff/reports.pdf?org=kings-park-pp&period=2026", "org: "),
        (
            "/staff/reports.json?org=leeds-pps&period=2026-03-10..2026-03-01",
            "period: ",
        ),
        (
            "/staff/reports.csv?org=leeds-pps&org=leeds-pps&period=2026",
            "org: org is given more than once",
        ),
    ] {
        let response = browser.download(path).await;
        assert_eq!(
            response.status(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "{path}"
        );
        let body = response.text().await.expect("text");
        assert!(body.starts_with(says), "{path}: {body}");
    }
}
