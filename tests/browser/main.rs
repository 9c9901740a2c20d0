//! The admin panel in a real headless Chromium: log in, create a guild,
//! edit the competition, download an export, preview and confirm a
//! cleanup; and the Telegram Mini App (`miniapp.rs`). Each flow saves a
//! screenshot under `target/test-artifacts/`.

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
        .wait_for_text("The guild \"Tietokilta\" was added.")
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
    let today = chrono::Utc::now().date_naive();
    let new_end = (today + chrono::Days::new(30)).to_string();
    browser.fill("#name", "Winter Challenge").await;
    browser.set_value("#end", &new_end).await;
    browser.click("form.stack button[type=submit]").await;
    browser.wait_for_text("The competition is running").await;
    browser.screenshot("admin-competition-confirm").await;
    browser.click("form.stack button[type=submit]").await;
    browser
        .wait_for_text("The competition \"Winter Challenge\" was saved.")
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
        .click("form[action='/admin/exports/participants.csv'] button")
        .await;
    let file = browser.wait_for_download().await;
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
    browser.wait_for_text("2 participants, 0 activities").await;
    // Keep "Tester": untick it.
    browser.click(&format!("#c{}", ids[1])).await;
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
