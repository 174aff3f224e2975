//! Users and roles: admins only, and only in the organisations they administer.

use redress_store::{Role, Store};
use reqwest::StatusCode;

use super::{PASSWORD, org, site};

#[tokio::test]
async fn only_admins_manage_users_and_only_in_their_own_organisations() {
    let site = site().await;
    let member = site.sign_in("member").await;
    let (status, html) = member.get("/staff/users").await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(
        html.contains("Only an admin of an organisation can manage its users and roles"),
        "{html}"
    );
    let (status, _, _) = member
        .post(
            "/staff/users/member/roles",
            &[("org", "kings-park-pp"), ("role", "admin")],
        )
        .await;
    assert_eq!(
        status,
        StatusCode::FORBIDDEN,
        "a member cannot make themselves admin"
    );
    let (status, _) = member.get("/staff/users/new").await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    let chair = site.sign_in("chair").await;
    let (status, html) = chair.get("/staff/users").await;
    assert_eq!(status, StatusCode::OK);
    for name in ["Casey Chair", "Morgan Member", "Lee Leeds", "Robin Reader"] {
        assert!(html.contains(name), "{name}");
    }
    assert!(!html.contains("argon2"), "no password hash on the page");
    assert!(
        !html.contains("Leeds Parent Partnership Service"),
        "roles elsewhere are not the chair's business: {html}"
    );

    let (status, html) = chair.get("/staff/users/reader/roles").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("No role in this organisation."), "{html}");
    let (status, _, html) = chair
        .post(
            "/staff/users/reader/roles",
            &[("org", "leeds-pps"), ("role", "admin")],
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(
        html.contains("You are not an admin of Leeds Parent Partnership Service, so you cannot change roles there."),
        "{html}"
    );
    let reader = site
        .app
        .store()
        .user("reader")
        .await
        .expect("read")
        .expect("exists");
    assert_eq!(
        reader.roles,
        [(org("leeds-pps"), Role::ReadOnly)],
        "nothing changed"
    );

    let (status, location, _) = chair
        .post(
            "/staff/users/reader/roles",
            &[("org", "kings-park-pp"), ("role", "reviewer")],
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(
        location,
        "/staff/users/reader/roles?done=changed&user=reader"
    );
    let (_, html) = chair.get(&location).await;
    assert!(
        html.contains("The role of Robin Reader was changed."),
        "{html}"
    );
    let reader = site
        .app
        .store()
        .user("reader")
        .await
        .expect("read")
        .expect("exists");
    assert!(
        reader
            .roles
            .contains(&(org("kings-park-pp"), Role::Reviewer))
    );

    let (status, _, _) = chair
        .post(
            "/staff/users/reader/roles/remove",
            &[("org", "kings-park-pp")],
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let reader = site
        .app
        .store()
        .user("reader")
        .await
        .expect("read")
        .expect("exists");
    assert_eq!(reader.roles, [(org("leeds-pps"), Role::ReadOnly)]);

    let (status, _, html) = chair
        .post(
            "/staff/users/chair/roles",
            &[("org", "kings-park-pp"), ("role", "read-only")],
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("only admin of this organisation"), "{html}");
    let (status, _, _) = chair
        .post(
            "/staff/users/chair/roles",
            &[("org", "kings-park-pp"), ("role", "boss")],
        )
        .await;
    assert_eq!(
        status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "an unknown role is refused"
    );
    let (status, _, _) = chair
        .post(
            "/staff/users/nobody/roles",
            &[("org", "kings-park-pp"), ("role", "admin")],
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    let (status, _, _) = chair
        .post_raw(
            "/staff/users/reader/roles",
            &[
                ("org", "kings-park-pp"),
                ("role", "admin"),
                ("csrf", "forged"),
            ],
        )
        .await;
    assert_eq!(
        status,
        StatusCode::FORBIDDEN,
        "a forged form changes nothing"
    );
    let reader = site
        .app
        .store()
        .user("reader")
        .await
        .expect("read")
        .expect("exists");
    assert_eq!(reader.roles, [(org("leeds-pps"), Role::ReadOnly)]);
}

#[tokio::test]
async fn an_admin_adds_a_user_who_can_then_sign_in() {
    let site = site().await;
    let chair = site.sign_in("chair").await;
    let (status, html) = chair.get("/staff/users/new").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        html.contains("name=\"org\" value=\"kings-park-pp\""),
        "one organisation: {html}"
    );

    let typed = [
        ("display_name", "Sam Patel"),
        ("username", "sam"),
        ("password", "too short"),
        ("org", "kings-park-pp"),
        ("role", ""),
    ];
    let (status, _, html) = chair.post("/staff/users/new", &typed).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("Choose a role"), "{html}");
    assert!(
        html.contains("value=\"Sam Patel\""),
        "what was typed is kept"
    );
    assert!(
        !html.contains("too short"),
        "a password is never shown again"
    );

    let typed = [
        ("display_name", "Sam Patel"),
        ("username", "sam"),
        ("password", "too short"),
        ("org", "kings-park-pp"),
        ("role", "investigator"),
    ];
    let (status, _, html) = chair.post("/staff/users/new", &typed).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("between 12 and 1,024 characters"), "{html}");
    assert!(
        site.app.store().user("sam").await.expect("read").is_none(),
        "nothing stored"
    );

    let elsewhere = [
        ("display_name", "Sam Patel"),
        ("username", "sam"),
        ("password", PASSWORD),
        ("org", "leeds-pps"),
        ("role", "admin"),
    ];
    let (status, _, _) = chair.post("/staff/users/new", &elsewhere).await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    let good = [
        ("display_name", "Sam Patel"),
        ("username", "sam"),
        ("password", PASSWORD),
        ("org", "kings-park-pp"),
        ("role", "investigator"),
    ];
    let (status, location, _) = chair.post("/staff/users/new", &good).await;
    assert_eq!(
        (status, location.as_str()),
        (StatusCode::SEE_OTHER, "/staff/users?done=added&user=sam")
    );
    let (_, html) = chair.get(&location).await;
    assert!(html.contains("Sam Patel was added."), "{html}");
    let sam = site
        .app
        .store()
        .user("sam")
        .await
        .expect("read")
        .expect("stored");
    assert_eq!(sam.roles, [(org("kings-park-pp"), Role::Investigator)]);
    site.sign_in("sam").await;

    let (status, _, html) = chair.post("/staff/users/new", &good).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("That username is already taken"), "{html}");
    let spaced = [
        ("display_name", "Sam Two"),
        ("username", "sam two"),
        ("password", PASSWORD),
        ("org", "kings-park-pp"),
        ("role", "investigator"),
    ];
    let (status, _, html) = chair.post("/staff/users/new", &spaced).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("with no spaces"), "{html}");
}
