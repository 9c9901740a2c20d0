//! The admin panel in a real headless Chromium: log in, create a guild,
//! edit the competition, download an export, preview and confirm a
//! cleanup, an organiser's day at desktop width, and every page on a
//! 390 × 844 phone without sideways scrolling; and the Telegram Mini App
//! (`miniapp.rs`). Each flow saves screenshots under `target/test-artifacts/`.

mod miniapp;
#[path = "../support/mod.rs"]
mod support;
mod webdriver;

use activity_challenge::store::participants::NewParticipant;

use support::{Backend, TestDb, TestServer, add_guild, add_running_competition, register};
use webdriver::Browser;

const PASSWORD: &str = "correct horse battery";

/// A server with an admin, and a browser logged in to it.
async fn logged_in(db: &TestDb) -> (TestServer, Browser) {
    let server = TestServer::start(db.config()).await;
    support::create_admin(&server.app.store, "organiser", PASSWORD).await;
    let browser = Browser::start().await;
    browser
        .goto(&format!("{}/admin/login", server.base_url))
        .await;
    browser.fill("#username", "organiser").await;
    browser.fill("#password", PASSWORD).await;
    browser.click("button[type=submit]").await;
    browser.wait_for_text("Welcome, organiser.").await;
    (server, browser)
}

#[tokio::test]
async fn log_in_and_see_the_dashboard_also_on_a_phone() {
    let db = TestDb::new(Backend::Sqlite).await;
    let server = TestServer::start(db.config()).await;
    support::create_admin(&server.app.store, "organiser", PASSWORD).await;
    add_running_competition(&server.app.store, 3, 7).await;
    let browser = Browser::start().await;
    browser.goto(&format!("{}/admin", server.base_url)).await;
    assert!(
        browser.url().await.ends_with("/admin/login"),
        "sent to the login page"
    );
    browser.fill("#username", "organiser").await;
    browser.fill("#password", "wrong password here").await;
    browser.click("button[type=submit]").await;
    browser.wait_for_text("The name or password is wrong").await;
    browser.fill("#password", PASSWORD).await;
    browser.click("button[type=submit]").await;
    let page = browser.wait_for_text("Welcome, organiser.").await;
    assert!(page.contains("Test Challenge") && page.contains("Activities per day"));
    browser.screenshot("admin-login-dashboard").await;
    browser.resize(412, 915).await;
    browser.screenshot("admin-dashboard-phone").await;
    browser.stop().await;
    server.stop().await;
}

#[tokio::test]
async fn create_a_guild() {
    let db = TestDb::new(Backend::Sqlite).await;
    let (server, browser) = logged_in(&db).await;
    browser
        .goto(&format!("{}/admin/guilds", server.base_url))
        .await;
    browser.fill("#name", "Tietokilta").await;
    browser.fill("#member_count", "0").await;
    browser.click("form.stack button[type=submit]").await;
    browser.wait_for_text("greater than 0").await;
    browser.fill("#member_count", "42").await;
    browser.click("form.stack button[type=submit]").await;
    browser
        .wait_for_text("The guild “Tietokilta” was added.")
        .await;
    let guild = server.app.store.guild_by_name("Tietokilta").await.unwrap();
    assert_eq!(guild.member_count, 42);
    browser.screenshot("admin-guild-created").await;
    browser.stop().await;
    server.stop().await;
}

#[tokio::test]
async fn edit_the_competition() {
    let db = TestDb::new(Backend::Sqlite).await;
    let (server, browser) = logged_in(&db).await;
    add_running_competition(&server.app.store, 2, 5).await;
    browser
        .goto(&format!("{}/admin/competition", server.base_url))
        .await;
    let today = crate::support::today();
    let new_end = (today + chrono::Days::new(30)).to_string();
    browser.fill("#name", "Winter Challenge").await;
    browser.set_value("#end", &new_end).await;
    browser.click("form.stack button[type=submit]").await;
    browser.wait_for_text("The competition is running").await;
    browser.screenshot("admin-competition-confirm").await;
    browser.click("form.stack button[type=submit]").await;
    browser
        .wait_for_text("The competition “Winter Challenge” was saved.")
        .await;
    let c = server
        .app
        .store
        .active_competition()
        .await
        .unwrap()
        .unwrap();
    assert_eq!(c.name, "Winter Challenge");
    assert_eq!(c.end_date.to_string(), new_end);
    browser.screenshot("admin-competition-saved").await;
    browser.stop().await;
    server.stop().await;
}

#[tokio::test]
async fn download_an_export() {
    let db = TestDb::new(Backend::Postgres).await;
    let (server, browser) = logged_in(&db).await;
    add_guild(&server.app.store, "Alpha", 10).await;
    register(&server.app.store, 77, "Aino", "Alpha").await;
    browser
        .goto(&format!("{}/admin/exports", server.base_url))
        .await;
    browser.screenshot("admin-exports").await;
    browser
        .set_value(
            "form[action='/admin/exports/participants'] select[name=format]",
            "csv",
        )
        .await;
    browser
        .click("form[action='/admin/exports/participants'] button")
        .await;
    let file = browser.wait_for_download("csv").await;
    let csv = std::fs::read_to_string(&file).unwrap();
    assert!(
        csv.starts_with("id,telegram_id,username,first_name"),
        "{csv}"
    );
    assert!(csv.contains(",77,user77,Aino,,Alpha,0.00,false,"), "{csv}");
    browser.stop().await;
    server.stop().await;
}

#[tokio::test]
async fn preview_and_confirm_a_cleanup() {
    let db = TestDb::new(Backend::Postgres).await;
    let (server, browser) = logged_in(&db).await;
    let store = &server.app.store;
    add_guild(store, "Alpha", 10).await;
    let real = register(store, 1, "Aino", "Alpha").await;
    let mut ids = Vec::new();
    for (tg, username, first) in [(2, "testuser", "Bot"), (3, "someone", "Tester")] {
        let p = store
            .register_participant(NewParticipant {
                telegram_id: tg,
                username: Some(username.into()),
                first_name: first.into(),
                last_name: None,
                guild: "Alpha".into(),
                is_test_user: false,
            })
            .await
            .unwrap()
            .participant()
            .clone();
        ids.push(p.id);
    }
    browser
        .goto(&format!("{}/admin/cleanup", server.base_url))
        .await;
    // Names that only look like tests start unticked; the summary follows the ticks.
    browser
        .wait_for_text("0 of 2 participants ticked: 0 activities")
        .await;
    browser.click(&format!("#c{}", ids[0])).await;
    assert!(
        browser
            .text_of("#cleanup-summary")
            .await
            .starts_with("1 of 2 participants ticked")
    );
    browser.screenshot("admin-cleanup-preview").await;
    browser.click("button.danger").await;
    browser.wait_for_text("Removed 1 test participant").await;
    browser.screenshot("admin-cleanup-done").await;
    assert!(store.participant(ids[0]).await.is_err());
    assert!(store.participant(ids[1]).await.is_ok());
    assert!(store.participant(real.id).await.is_ok());
    browser.stop().await;
    server.stop().await;
}

/// A competition, guilds with long names, participants with activities,
/// feedback, a correction and audit entries: every page has something to show.
async fn busy_database(server: &TestServer) -> i64 {
    use activity_challenge::domain::{DurationMinutes, FeedbackDraft};
    use activity_challenge::store::activities::NewActivity;
    let store = &server.app.store;
    add_running_competition(store, 10, 20).await;
    add_guild(
        store,
        "Aalto-yliopiston Teknologiaopiskelijat ja Sähköinsinöörikilta",
        350,
    )
    .await;
    add_guild(store, "Tietokilta", 420).await;
    let entry = support::catalogue()
        .entries()
        .find(|e| e.label().chars().count() > 35)
        .cloned()
        .unwrap();
    let mut first = 0;
    for i in 0..12 {
        let p = store
            .register_participant(NewParticipant {
                telegram_id: 5000 + i,
                username: Some(format!("participant_with_a_long_username_{i}")),
                first_name: format!("Väinö-Kristian{i}"),
                last_name: Some("Mäkelä-Lindqvist".into()),
                guild: if i % 2 == 0 {
                    "Aalto-yliopiston Teknologiaopiskelijat ja Sähköinsinöörikilta".into()
                } else {
                    "Tietokilta".into()
                },
                is_test_user: i == 11,
            })
            .await
            .unwrap()
            .participant()
            .clone();
        if i == 0 {
            first = p.id;
        }
        for d in 0..3 {
            store
                .log_activity(NewActivity::from_catalogue(
                    p.id,
                    &entry,
                    DurationMinutes::new(30 + d * 15).unwrap(),
                    crate::support::today() - chrono::Days::new(u64::from(d)),
                    None,
                ))
                .await
                .unwrap();
        }
        store
            .submit_feedback(
                p.id,
                &FeedbackDraft::new(4, 5, 3, "A long comment about the bot that goes on and on without any spaces:https://example.com/a/very/long/address/that/does/not/break").unwrap(),
            )
            .await
            .unwrap();
    }
    // Rules that would change the entries logged before them, so that the
    // recompute's preview has participants and guilds to show.
    let competition = store.active_competition().await.unwrap().unwrap();
    store
        .set_competition_rules(
            competition.id,
            &activity_challenge::domain::CompetitionRules {
                max_minutes: Some(40),
                ..Default::default()
            },
            None,
        )
        .await
        .unwrap();
    // An announcement with a long unbroken word, waiting in the queue.
    activity_challenge::actions::announcements::send(
        &server.app,
        &activity_challenge::actions::Actor::Cli {
            user: "organiser".into(),
            host: "laptop".into(),
        },
        &activity_challenge::actions::announcements::Draft {
            body: "Sauna night on Friday! Details:https://example.com/a/very/long/address/that/does/not/break"
                .into(),
            audience: activity_challenge::domain::announcement::Audience::Everyone,
        },
    )
    .await
    .unwrap();
    first
}

/// Every page of the panel, by name, on a database filled by
/// [`busy_database`] whose first participant is `first`.
async fn every_page(server: &TestServer, first: i64) -> Vec<(&'static str, String)> {
    let activity = server
        .app
        .store
        .participant_activities(first, 0, 1)
        .await
        .unwrap()[0]
        .id;
    vec![
        ("dashboard", "/admin".to_string()),
        ("competitions", "/admin/competitions".to_string()),
        ("competition", "/admin/competitions/1".to_string()),
        ("recompute", "/admin/competitions/1/recompute".to_string()),
        ("guilds", "/admin/guilds".to_string()),
        ("guild", "/admin/guilds/1".to_string()),
        ("participants", "/admin/participants".to_string()),
        ("participant", format!("/admin/participants/{first}")),
        ("activities", "/admin/activities".to_string()),
        ("activity", format!("/admin/activities/{activity}")),
        ("feedback", "/admin/feedback".to_string()),
        ("reviews", "/admin/reviews".to_string()),
        ("announcements", "/admin/announcements".to_string()),
        ("announcement", "/admin/announcements/1".to_string()),
        ("queue", "/admin/queue".to_string()),
        ("hall-of-fame", "/admin/hall-of-fame".to_string()),
        ("exports", "/admin/exports".to_string()),
        ("cleanup", "/admin/cleanup".to_string()),
        ("audit", "/admin/audit".to_string()),
        ("database", "/admin/database".to_string()),
        ("admins", "/admin/admins".to_string()),
        ("account", "/admin/account".to_string()),
    ]
}

#[tokio::test]
async fn every_page_fits_a_phone_without_sideways_scrolling() {
    let db = TestDb::new(Backend::Sqlite).await;
    let (server, browser) = logged_in(&db).await;
    let first = busy_database(&server).await;
    browser.phone(390, 844).await;
    for (name, path) in every_page(&server, first).await {
        browser.goto(&format!("{}{path}", server.base_url)).await;
        browser.wait_for_text("</main>").await;
        browser.screenshot(&format!("phone-{name}")).await;
        let overflow = browser.sideways_overflow().await;
        assert!(
            overflow <= 0,
            "{path} is {overflow} px wider than a 390 px phone"
        );
    }
    // The delete buttons of the activity list are on screen, not off to the right.
    browser
        .goto(&format!("{}/admin/activities", server.base_url))
        .await;
    browser.scroll_to("table.cards-on-phone tbody tr").await;
    browser.screenshot("phone-activities-cards").await;
    browser
        .goto(&format!("{}/admin/guilds", server.base_url))
        .await;
    browser.scroll_to("#add").await;
    browser.screenshot("phone-guilds-add").await;
    browser
        .goto(&format!("{}/admin/competitions/1", server.base_url))
        .await;
    browser.scroll_to("#milestones").await;
    browser.screenshot("phone-competition-milestones").await;
    browser.goto(&format!("{}/admin", server.base_url)).await;
    browser.scroll_to("ol.bars").await;
    browser.screenshot("phone-dashboard-charts").await;
    browser
        .goto(&format!("{}/admin/activities", server.base_url))
        .await;
    let right = browser
        .execute(
            "return document.querySelector('button.danger').getBoundingClientRect().right;",
            serde_json::json!([]),
        )
        .await
        .as_f64()
        .unwrap();
    assert!(right <= 390.0, "the Delete button ends at {right} px");
    // Chart labels are text at the page's size, not a shrunken picture.
    browser.goto(&format!("{}/admin", server.base_url)).await;
    let size = browser
        .execute(
            "return parseFloat(getComputedStyle(document.querySelector('.bar-label')).fontSize);",
            serde_json::json!([]),
        )
        .await
        .as_f64()
        .unwrap();
    assert!(size >= 14.0, "chart labels are {size} px");
    browser.stop().await;
    server.stop().await;
}

#[tokio::test]
async fn an_organisers_day_at_desktop_width_and_on_a_phone() {
    let db = TestDb::new(Backend::Postgres).await;
    let (server, browser) = logged_in(&db).await;
    let first = busy_database(&server).await;
    let base = server.base_url.clone();

    // Next month's competition, as a draft.
    browser
        .goto(&format!("{base}/admin/competitions/new"))
        .await;
    browser.fill("#name", "Winter Challenge").await;
    let today = crate::support::today();
    browser
        .set_value("#start", &(today + chrono::Days::new(30)).to_string())
        .await;
    browser
        .set_value("#end", &(today + chrono::Days::new(60)).to_string())
        .await;
    browser.click("form.stack button[type=submit]").await;
    browser.wait_for_text("was created as a draft").await;
    browser.screenshot("day-1-draft-competition").await;

    // A correction for someone named as they appear: picked, checked, saved.
    browser
        .goto(&format!("{base}/admin/activities#correction"))
        .await;
    browser
        .fill("#c-who", "@participant_with_a_long_username_3")
        .await;
    let label = support::catalogue().entry_by_code("12020").unwrap().label();
    browser.fill("#c-activity", &label).await;
    browser.fill("#c-duration", "45").await;
    browser.set_value("#c-date", &today.to_string()).await;
    browser.fill("#c-note", "paper form from the event").await;
    browser
        .click("#correction + p + form button[type=submit]")
        .await;
    browser.wait_for_text("It will be added for").await;
    browser.screenshot("day-2-correction-check").await;
    browser.click("main form.inline button[type=submit]").await;
    browser.wait_for_text("their total is now").await;

    // An activity edited with a reason.
    let activity = server
        .app
        .store
        .participant_activities(first, 0, 1)
        .await
        .unwrap()[0]
        .id;
    browser
        .goto(&format!("{base}/admin/activities/{activity}"))
        .await;
    browser.fill("#e-duration", "75").await;
    browser.fill("#e-reason", "the watch stopped early").await;
    browser.click("form.stack button[type=submit]").await;
    browser.wait_for_text("was changed").await;
    browser.screenshot("day-3-activity-edited").await;

    // An Excel workbook of the activities.
    browser.goto(&format!("{base}/admin/exports")).await;
    browser
        .click("form[action='/admin/exports/activities'] button")
        .await;
    let file = browser.wait_for_download("xlsx").await;
    assert!(std::fs::read(&file).unwrap().starts_with(b"PK"), "a zip");

    // The audit log without the sign-ins.
    browser
        .goto(&format!("{base}/admin/audit?hide_sign_ins=1"))
        .await;
    let audit = browser.wait_for_text("activity.edit").await;
    assert!(audit.contains("activity.correction") && audit.contains("export"));
    browser.screenshot("day-4-audit").await;

    // The same on a phone: the participant's timeline and the cleanup.
    browser.phone(390, 844).await;
    browser
        .goto(&format!("{base}/admin/participants/{first}"))
        .await;
    browser.wait_for_text("Activity changed").await;
    assert!(browser.sideways_overflow().await <= 0);
    browser.screenshot("day-5-phone-timeline").await;
    browser.goto(&format!("{base}/admin/cleanup")).await;
    browser.wait_for_text("1 of 1 participants ticked").await;
    assert!(browser.sideways_overflow().await <= 0);
    browser.screenshot("day-6-phone-cleanup").await;
    browser.click("button.danger").await;
    browser.wait_for_text("Removed 1 test participant").await;
    browser.stop().await;
    server.stop().await;
}

/// The whole panel in Finnish, switched from the header: every page at
/// desktop width and on a 390 × 844 phone (Finnish words are longer, so
/// the phone layout is checked again), with nothing left in English in the
/// navigation and the choice remembered for the next sign-in.
#[tokio::test]
async fn every_page_in_finnish_at_desktop_width_and_on_a_phone() {
    let db = TestDb::new(Backend::Sqlite).await;
    let (server, browser) = logged_in(&db).await;
    let first = busy_database(&server).await;
    browser.goto(&format!("{}/admin", server.base_url)).await;
    browser.click("button[name=language][value=fi]").await;
    browser.wait_for_text("Osallistujat").await;
    let pages = every_page(&server, first).await;
    for phone in [false, true] {
        if phone {
            browser.phone(390, 844).await;
        }
        for (name, path) in &pages {
            browser.goto(&format!("{}{path}", server.base_url)).await;
            let source = browser.wait_for_text("</main>").await;
            assert!(
                source.contains("<html lang=\"fi\""),
                "{path} is not in Finnish"
            );
            for english in ["Participants", "Dashboard", "Audit log", "Log out"] {
                assert!(
                    !source.contains(&format!(">{english}<")),
                    "{path} still shows “{english}”"
                );
            }
            let shot = if phone {
                format!("fi-phone-{name}")
            } else {
                format!("fi-{name}")
            };
            browser.screenshot(&shot).await;
            if phone {
                let overflow = browser.sideways_overflow().await;
                assert!(
                    overflow <= 0,
                    "{path} in Finnish is {overflow} px wider than a 390 px phone"
                );
            }
        }
    }
    browser.stop().await;
    // The choice is the admin's: a new browser session opens in Finnish.
    let again = Browser::start().await;
    again
        .goto(&format!("{}/admin/login", server.base_url))
        .await;
    again.fill("#username", "organiser").await;
    again.fill("#password", PASSWORD).await;
    again.click("button[type=submit]").await;
    again.wait_for_text("Osallistujat").await;
    again.screenshot("fi-dashboard-after-sign-in").await;
    again.stop().await;
    server.stop().await;
}
