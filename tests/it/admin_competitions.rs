//! Competitions as a list: drafts, scheduled activation, editing a future
//! competition, past ones read-only; a date change of a running one needs
//! exactly those dates confirmed; dates in sensible years; the dashboard
//! says where the competition stands.

use activity_challenge::actions::{self, Actor};
use activity_challenge::domain::CompetitionDraft;
use chrono::Days;

use crate::admin_client::AdminClient;
use crate::support::{Backend, TestDb, app_for};

fn day(offset: i64) -> String {
    let today = crate::support::today();
    if offset >= 0 {
        (today + Days::new(offset as u64)).to_string()
    } else {
        (today - Days::new((-offset) as u64)).to_string()
    }
}

async fn competition(client: &AdminClient, name: &str, from: i64, to: i64, active: bool) -> i64 {
    let draft = CompetitionDraft::parse(name, "", &day(from), &day(to), "Europe/Helsinki").unwrap();
    client
        .store()
        .create_competition(&draft, active)
        .await
        .unwrap()
        .id
}

#[tokio::test]
async fn a_running_competitions_dates_change_only_as_confirmed() {
    let db = TestDb::new(Backend::Sqlite).await;
    let client = AdminClient::logged_in(db.config()).await;
    let id = competition(&client, "Autumn", -3, 10, true).await;
    let path = format!("/admin/competitions/{id}");
    let form = client.get(&path).await;
    assert!(form.body.contains("name=\"version\" value=\"1\""));
    let (start, end, later) = (day(-3), day(10), day(20));
    let ask = client
        .post(
            &path,
            &[
                ("name", "Autumn"),
                ("start", &start),
                ("end", &later),
                ("time_zone", "Europe/Helsinki"),
                ("version", "1"),
            ],
        )
        .await;
    assert_eq!(ask.status, 409);
    // The confirmation shows the dates; it does not let them be changed.
    assert!(!ask.body.contains("type=\"date\""), "{}", ask.body);
    assert!(
        ask.body
            .contains(&format!("name=\"confirm_end\" value=\"{later}\""))
    );
    // A confirmation of one window does not save another.
    let even_later = day(40);
    let bypass = client
        .post(
            &path,
            &[
                ("name", "Autumn"),
                ("start", &start),
                ("end", &even_later),
                ("time_zone", "Europe/Helsinki"),
                ("version", "1"),
                ("confirm_start", &start),
                ("confirm_end", &later),
                ("confirm_time_zone", "Europe/Helsinki"),
            ],
        )
        .await;
    assert_eq!(bypass.status, 409, "{}", bypass.body);
    let c = client.store().competition(id).await.unwrap();
    assert_eq!(c.end_date.to_string(), end, "nothing saved");
    // Moving the time zone of a running competition asks too.
    let zone = client
        .post(
            &path,
            &[
                ("name", "Autumn"),
                ("start", &start),
                ("end", &end),
                ("time_zone", "America/New_York"),
                ("version", "1"),
            ],
        )
        .await;
    assert_eq!(zone.status, 409);
    assert!(zone.body.contains("America/New_York"));
    assert_eq!(
        client
            .store()
            .competition(id)
            .await
            .unwrap()
            .time_zone
            .name(),
        "Europe/Helsinki"
    );
    assert!(
        !client
            .audit_actions()
            .await
            .contains(&"competition.update".to_string())
    );
    client.stop().await;
}

#[tokio::test]
async fn dates_outside_sensible_years_are_refused() {
    let db = TestDb::new(Backend::Sqlite).await;
    let client = AdminClient::logged_in(db.config()).await;
    for (start, end) in [
        ("0001-01-01", "0001-01-31"),
        ("9999-01-01", "9999-01-31"),
        ("2025-01-01", "2029-01-01"),
    ] {
        let refused = client
            .post(
                "/admin/competitions",
                &[
                    ("name", "Typo"),
                    ("start", start),
                    ("end", end),
                    ("time_zone", "Europe/Helsinki"),
                    ("activation", "now"),
                ],
            )
            .await;
        assert_eq!(refused.status, 422, "{start}");
        assert!(
            refused.body.contains("2000–2100") || refused.body.contains("at most 366"),
            "{}",
            refused.body
        );
    }
    assert!(client.store().list_competitions().await.unwrap().is_empty());
    client.stop().await;
}

#[tokio::test]
async fn the_dashboard_says_where_the_competition_stands() {
    let db = TestDb::new(Backend::Sqlite).await;
    let client = AdminClient::logged_in(db.config()).await;
    let past = competition(&client, "Spring", -60, -30, true).await;
    let page = client.get("/admin").await;
    assert!(page.body.contains("It ended on"), "{}", page.body);
    assert!(!page.body.contains("0 days left"));
    let future = competition(&client, "Winter", 5, 35, false).await;
    client.store().activate_competition(future).await.unwrap();
    let page = client.get("/admin").await;
    assert!(
        page.body.contains("Not started yet: it starts on"),
        "{}",
        page.body
    );
    assert!(!page.body.contains("Day 0 of"));
    let _ = past;
    client.stop().await;
}

#[tokio::test]
async fn competitions_are_a_list_of_drafts_scheduled_active_and_past() {
    let db = TestDb::new(Backend::Postgres).await;
    let client = AdminClient::logged_in(db.config()).await;
    let old = competition(&client, "Last spring", -200, -170, false).await;
    let running = competition(&client, "Autumn", -5, 10, true).await;
    // Next month's competition, prepared as a draft in the panel.
    let created = client
        .post(
            "/admin/competitions",
            &[
                ("name", "Winter"),
                ("start", &day(20)),
                ("end", &day(50)),
                ("time_zone", "Europe/Helsinki"),
                ("activation", "draft"),
            ],
        )
        .await;
    assert_eq!(created.status, 303, "{}", created.body);
    assert!(created.flash().unwrap().contains("as a draft"));
    let winter = client
        .store()
        .list_competitions()
        .await
        .unwrap()
        .into_iter()
        .find(|c| c.name == "Winter")
        .unwrap();
    assert!(!winter.is_active);
    assert_eq!(
        client
            .store()
            .active_competition()
            .await
            .unwrap()
            .unwrap()
            .id,
        running,
        "the running one stays active"
    );
    let list = client.get("/admin/competitions").await;
    for (name, state) in [
        ("Winter", "draft"),
        ("Autumn", "active"),
        ("Last spring", "past, read-only"),
    ] {
        assert!(list.body.contains(name), "{name}");
        assert!(list.body.contains(state), "{state}");
    }
    // The future competition is edited in the panel, no confirmation needed.
    let path = format!("/admin/competitions/{}", winter.id);
    let edited = client
        .post(
            &path,
            &[
                ("name", "Winter Challenge"),
                ("description", "Ski, skate, walk"),
                ("start", &day(21)),
                ("end", &day(51)),
                ("time_zone", "Europe/Helsinki"),
                ("version", "1"),
            ],
        )
        .await;
    assert_eq!(edited.status, 303, "{}", edited.body);
    // Scheduled to become active on a day; the scheduler does it then.
    let scheduled = client
        .post(&format!("{path}/schedule"), &[("activate_on", &day(0))])
        .await;
    assert_eq!(scheduled.status, 303);
    assert!(
        scheduled
            .flash()
            .unwrap()
            .contains("becomes the active competition")
    );
    let activated =
        actions::competitions::activate_due(&app_for(client.store()), &Actor::Scheduler)
            .await
            .unwrap()
            .unwrap();
    assert_eq!(activated.name, "Winter Challenge");
    assert_eq!(
        client
            .store()
            .active_competition()
            .await
            .unwrap()
            .unwrap()
            .id,
        winter.id
    );
    // A past competition is read-only, whoever asks.
    let frozen = client
        .post(
            &format!("/admin/competitions/{old}"),
            &[
                ("name", "Rewritten"),
                ("start", &day(-200)),
                ("end", &day(-170)),
                ("time_zone", "Europe/Helsinki"),
            ],
        )
        .await;
    assert_eq!(frozen.status, 303);
    assert!(frozen.flash().unwrap().contains("read-only"));
    assert_eq!(
        client.store().competition(old).await.unwrap().name,
        "Last spring"
    );
    assert!(
        client
            .get(&format!("/admin/competitions/{old}"))
            .await
            .body
            .contains("<fieldset disabled>")
    );
    let app = app_for(client.store());
    let draft = CompetitionDraft::parse("Rewritten", "", &day(-200), &day(-170), "UTC").unwrap();
    let change = actions::competitions::CompetitionChange {
        draft: &draft,
        confirmed: None,
        version: None,
    };
    assert!(
        actions::competitions::update(&app, &Actor::cli(), old, change)
            .await
            .is_err()
    );
    let actions_done = client.audit_actions().await;
    for a in [
        "competition.create",
        "competition.update",
        "competition.schedule",
        "competition.activate",
    ] {
        assert!(actions_done.contains(&a.to_string()), "{a}");
    }
    client.stop().await;
}

#[tokio::test]
async fn two_organisers_cannot_silently_overwrite_a_competitions_description() {
    let db = TestDb::new(Backend::Sqlite).await;
    let a = AdminClient::logged_in(db.config()).await;
    let id = competition(&a, "Autumn", 5, 30, false).await;
    let b = a
        .another("bertta", activity_challenge::domain::AdminRole::Organiser)
        .await;
    let path = format!("/admin/competitions/{id}");
    let fields = |description: &'static str, name: &'static str| {
        vec![
            ("name", name),
            ("description", description),
            ("time_zone", "Europe/Helsinki"),
            ("version", "1"),
        ]
    };
    let (start, end) = (day(5), day(30));
    let mut by_b = fields("Now with prizes!", "Autumn");
    by_b.extend([("start", start.as_str()), ("end", end.as_str())]);
    b.get(&path).await;
    assert_eq!(b.post(&path, &by_b).await.status, 303);
    // A opened the page before B saved, and renames it.
    let mut by_a = fields("", "Autumn Challenge");
    by_a.extend([("start", start.as_str()), ("end", end.as_str())]);
    a.get(&path).await;
    let refused = a.post(&path, &by_a).await;
    assert_eq!(refused.status, 409, "{}", refused.body);
    assert!(
        refused
            .body
            .contains("Someone else changed this competition")
    );
    assert!(
        refused.body.contains("Now with prizes!"),
        "their version is shown"
    );
    assert!(refused.body.contains("Autumn Challenge"), "and yours");
    let c = a.store().competition(id).await.unwrap();
    assert_eq!(c.description, "Now with prizes!", "nothing lost");
    assert_eq!(c.name, "Autumn");
    // Saving again from the refreshed form is deliberate, and recorded in full.
    let again = a
        .post(
            &path,
            &[
                ("name", "Autumn Challenge"),
                ("description", "Now with prizes!"),
                ("start", &start),
                ("end", &end),
                ("time_zone", "Europe/Helsinki"),
                ("version", "2"),
            ],
        )
        .await;
    assert_eq!(again.status, 303, "{}", again.body);
    let audit = a
        .store()
        .list_audit(&Default::default(), 0, 20)
        .await
        .unwrap();
    let updates: Vec<_> = audit
        .iter()
        .filter(|e| e.action == "competition.update")
        .collect();
    assert_eq!(updates.len(), 2);
    assert!(
        updates[1]
            .details
            .as_deref()
            .unwrap()
            .contains("description: \"\" → \"Now with prizes!\"")
    );
    assert!(
        updates[0]
            .details
            .as_deref()
            .unwrap()
            .contains("name: \"Autumn\" → \"Autumn Challenge\"")
    );
    b.stop().await;
    a.stop().await;
}
