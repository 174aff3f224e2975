//! Member lists and procedure roles on the admin pages: only an organisation's admins change
//! them; bad input is refused naming the field and changes nothing.

use redress_store::Store;
use reqwest::StatusCode;

use super::{org, site};

#[tokio::test]
async fn an_admin_keeps_the_member_list_panels_are_drawn_from() {
    let site = site().await;
    let kings_park = org("kings-park-pp");
    let chair = site.sign_in("chair").await;

    let (status, html) = chair.get("/staff/members").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("/staff/members/kings-park-pp"), "{html}");
    assert!(
        !html.contains("/staff/members/leeds-pps"),
        "the chair is not an admin of Leeds: {html}"
    );

    let (status, location, _) = chair
        .post(
            "/staff/members/kings-park-pp",
            &[
                ("list", "members"),
                ("id", "m1"),
                ("name", "Alex Member"),
                ("username", "member"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (status, html) = chair.get(&location).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Alex Member was saved."), "{html}");
    assert!(
        html.contains("<td class=\"govuk-table__cell\">m1</td>"),
        "{html}"
    );
    let stored = site.app.members(&kings_park).await.expect("members");
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0].username.as_deref(), Some("member"));

    for (fields, field, says) in [
        (
            [
                ("list", "members"),
                ("id", "m2"),
                ("name", " "),
                ("username", ""),
            ],
            "name",
            "name must not be empty",
        ),
        (
            [
                ("list", "governors"),
                ("id", "m2"),
                ("name", "B"),
                ("username", ""),
            ],
            "list",
            "panels are drawn from: members",
        ),
        (
            [
                ("list", "members"),
                ("id", "m2"),
                ("name", "B"),
                ("username", "nobody"),
            ],
            "username",
            "there is no user `nobody`",
        ),
    ] {
        let (status, _, html) = chair.post("/staff/members/kings-park-pp", &fields).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{field}: {html}");
        assert!(
            html.contains(&format!("href=\"#{field}\"")),
            "{field}: {html}"
        );
        assert!(html.contains(says), "{field}: {html}");
        assert_eq!(
            site.app.members(&kings_park).await.expect("members").len(),
            1,
            "a refused {field} changes nothing"
        );
    }

    let member = site.sign_in("member").await;
    let (status, _, _) = member
        .post(
            "/staff/members/kings-park-pp",
            &[
                ("list", "members"),
                ("id", "m9"),
                ("name", "Me"),
                ("username", ""),
            ],
        )
        .await;
    assert_eq!(
        status,
        StatusCode::FORBIDDEN,
        "an investigator keeps no list"
    );
    let (status, _) = site
        .sign_in("leeds")
        .await
        .get("/staff/members/kings-park-pp")
        .await;
    assert_eq!(
        status,
        StatusCode::FORBIDDEN,
        "a feedback officer keeps no list"
    );
    let (status, _) = site
        .sign_in("reader")
        .await
        .get("/staff/members/kings-park-pp")
        .await;
    assert_eq!(
        status,
        StatusCode::NOT_FOUND,
        "another organisation's lists are not there"
    );
    assert_eq!(
        site.app.members(&kings_park).await.expect("members").len(),
        1
    );

    let (status, location, _) = chair
        .post("/staff/members/kings-park-pp/remove", &[("id", "m1")])
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (_, html) = chair.get(&location).await;
    assert!(html.contains("No one is on this list yet."), "{html}");
    assert!(
        site.app
            .members(&kings_park)
            .await
            .expect("members")
            .is_empty()
    );
}

#[tokio::test]
async fn an_admin_says_which_procedure_roles_a_user_holds() {
    let site = site().await;
    let kings_park = org("kings-park-pp");
    let chair = site.sign_in("chair").await;
    let holds = |site: &super::Site| {
        let store = site.app.store().clone();
        async move {
            store
                .user("member")
                .await
                .expect("read")
                .expect("the user")
                .holds
        }
    };

    let (status, html) = chair.get("/staff/users/member/roles").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Roles in the procedure"), "{html}");
    assert!(
        html.contains("name=\"holds\" type=\"checkbox\" value=\"vice-chair\">"),
        "unticked: {html}"
    );

    let (status, _, _) = chair
        .post(
            "/staff/users/member/holds",
            &[("org", "kings-park-pp"), ("holds", "vice-chair")],
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let held = holds(&site).await;
    assert_eq!(held.len(), 1);
    assert_eq!(
        (&held[0].0, held[0].1.as_str()),
        (&kings_park, "vice-chair")
    );
    let (_, html) = chair.get("/staff/users/member/roles").await;
    assert!(
        html.contains("value=\"vice-chair\" checked>"),
        "ticked now: {html}"
    );

    let (status, _, html) = chair
        .post(
            "/staff/users/member/holds",
            &[
                ("org", "kings-park-pp"),
                ("holds", "chair"),
                ("holds", "treasurer"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{html}");
    assert!(html.contains("href=\"#holds-kings-park-pp\""), "{html}");
    assert!(html.contains("no role `treasurer`"), "{html}");
    assert_eq!(
        holds(&site).await.len(),
        1,
        "a refused change changes nothing"
    );

    let (status, _, _) = site
        .sign_in("leeds")
        .await
        .post(
            "/staff/users/member/holds",
            &[("org", "kings-park-pp"), ("holds", "chair")],
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "only King's Park's admins");
    assert_eq!(holds(&site).await.len(), 1);

    let (status, _, _) = chair
        .post("/staff/users/member/holds", &[("org", "kings-park-pp")])
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER, "no box ticked holds nothing");
    assert!(holds(&site).await.is_empty());
}
