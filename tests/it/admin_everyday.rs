//! The smaller things of an organiser's day: a filtered list stays
//! filtered, the cleanup ticks only marked test users and respects an
//! unmark, errors carry the security headers, quotes read as quotes, times
//! are the competition's, health in plain words, feedback and the audit
//! log filtered.

use activity_challenge::domain::{DurationMinutes, FeedbackDraft};
use activity_challenge::store::activities::NewActivity;
use activity_challenge::store::participants::NewParticipant;

use crate::admin_client::AdminClient;
use crate::support::{Backend, TestDb, add_guild, add_running_competition, catalogue, register};

async fn log(client: &AdminClient, user: i64, days_ago: u64) -> i64 {
    let entry = catalogue().entries().next().unwrap().clone();
    client
        .store()
        .log_activity(NewActivity::from_catalogue(
            user,
            &entry,
            DurationMinutes::new(30).unwrap(),
            crate::support::today() - chrono::Days::new(days_ago),
            None,
        ))
        .await
        .unwrap()
        .activity
        .id
}

#[tokio::test]
async fn deleting_from_a_filtered_list_keeps_the_filter() {
    let db = TestDb::new(Backend::Sqlite).await;
    let client = AdminClient::logged_in(db.config()).await;
    add_running_competition(client.store(), 5, 5).await;
    add_guild(client.store(), "Alpha", 10).await;
    add_guild(client.store(), "Beta", 10).await;
    let a = register(client.store(), 1, "Aino", "Alpha").await;
    let b = register(client.store(), 2, "Bertta", "Beta").await;
    let id = log(&client, a.id, 1).await;
    log(&client, b.id, 1).await;
    let list = client.get("/admin/activities?guild=Alpha&who=aino").await;
    let back = {
        let start = list.body.find("name=\"back\" value=\"").unwrap() + 19;
        list.body[start..start + list.body[start..].find('"').unwrap()].replace("&#38;", "&")
    };
    assert_eq!(back, "/admin/activities?guild=Alpha&who=aino");
    let deleted = client
        .post(
            &format!("/admin/activities/{id}/delete"),
            &[("reason", "twice"), ("back", &back)],
        )
        .await;
    assert_eq!(deleted.location(), "/admin/activities?guild=Alpha&who=aino");
    // A back address elsewhere is not followed.
    let id2 = log(&client, a.id, 2).await;
    let away = client
        .post(
            &format!("/admin/activities/{id2}/delete"),
            &[("reason", "x"), ("back", "https://example.com/")],
        )
        .await;
    assert_eq!(away.location(), "/admin/activities");
    client.stop().await;
}

#[tokio::test]
async fn the_cleanup_ticks_only_marked_test_users_and_an_unmark_keeps_someone_out() {
    let db = TestDb::new(Backend::Sqlite).await;
    let client = AdminClient::logged_in(db.config()).await;
    add_guild(client.store(), "Alpha", 10).await;
    let mut ids = Vec::new();
    for (tg, username, first, test) in [
        (1, "testarossa_fan", "Ferrari", false),
        (2, "bot1", "Bot", true),
    ] {
        let p = client
            .store()
            .register_participant(NewParticipant {
                telegram_id: tg,
                username: Some(username.into()),
                first_name: first.into(),
                last_name: None,
                guild: "Alpha".into(),
                is_test_user: test,
            })
            .await
            .unwrap()
            .participant()
            .clone();
        ids.push(p.id);
    }
    let preview = client.get("/admin/cleanup").await;
    let fan = format!("id=\"c{}\"", ids[0]);
    let fan_box = &preview.body[preview.body.find(&fan).unwrap()..];
    assert!(
        !fan_box[..fan_box.find('>').unwrap()].contains("checked"),
        "a real fan is not pre-ticked"
    );
    let bot = format!("id=\"c{}\"", ids[1]);
    let bot_box = &preview.body[preview.body.find(&bot).unwrap()..];
    assert!(bot_box[..bot_box.find('>').unwrap()].contains("checked"));
    assert!(
        preview.body.contains("1 of 2 participants ticked"),
        "the summary counts the ticks"
    );
    // Unmarking says "a real participant": the patterns leave them alone.
    client
        .post(
            &format!("/admin/participants/{}/test-user", ids[0]),
            &[("value", "true")],
        )
        .await;
    let unmarked = client
        .post(
            &format!("/admin/participants/{}/test-user", ids[0]),
            &[("value", "false")],
        )
        .await;
    assert!(unmarked.flash().unwrap().contains("leaves them alone"));
    let preview = client.get("/admin/cleanup").await;
    assert!(!preview.body.contains(&fan), "no longer listed");
    let id = ids[0].to_string();
    let refused = client.post("/admin/cleanup", &[("id", id.as_str())]).await;
    assert!(refused.flash().unwrap().contains("nothing was deleted"));
    assert!(client.store().participant(ids[0]).await.is_ok());
    client.stop().await;
}

#[tokio::test]
async fn errors_carry_the_security_headers_and_quotes_read_as_quotes() {
    let db = TestDb::new(Backend::Sqlite).await;
    let client = AdminClient::logged_in(db.config()).await;
    for (method, path, status) in [
        ("GET", "/admin/no-such-page", 404),
        ("GET", "/admin/guilds/999", 404),
        ("GET", "/admin/participants/not-a-number", 400),
        ("POST", "/admin/guilds/1/active", 403),
    ] {
        let page = if method == "GET" {
            client.get(path).await
        } else {
            client.post_with_csrf(path, "forged", &[]).await
        };
        assert_eq!(page.status, status, "{path}");
        for header in [
            "content-security-policy",
            "x-content-type-options",
            "x-frame-options",
            "referrer-policy",
        ] {
            assert!(page.headers.contains_key(header), "{path}: {header}");
        }
    }
    let missing = client.get("/admin/no-such-page").await;
    assert!(missing.body.contains("There is no such page"));
    // A name with quotes, through a flash message, an error and the audit log.
    let added = client
        .post(
            "/admin/guilds",
            &[("name", "Beta \"best\""), ("member_count", "5")],
        )
        .await;
    assert_eq!(
        added.flash().unwrap(),
        "The guild “Beta \"best\"” was added."
    );
    let p = register(client.store(), 1, "Aino", "Beta \"best\"").await;
    let nowhere = client
        .post(
            &format!("/admin/participants/{}/move", p.id),
            &[("guild", "Gamma \"g\"")],
        )
        .await;
    assert!(
        nowhere
            .body
            .contains("There is no guild called “Gamma &#34;g&#34;”"),
        "{}",
        nowhere.body
    );
    let audit = client.get("/admin/audit").await;
    assert!(
        audit
            .body
            .contains("guild #1 &#34;Beta &#34;best&#34;&#34;"),
        "{}",
        audit.body
    );
    for page in [&nowhere.body, &audit.body] {
        assert!(
            !page.contains("\\&#34;") && !page.contains("\\\""),
            "no backslashes"
        );
    }
    client.stop().await;
}

#[tokio::test]
async fn times_are_the_competitions_and_labelled() {
    let db = TestDb::new(Backend::Sqlite).await;
    let client = AdminClient::logged_in(db.config()).await;
    let draft = activity_challenge::domain::CompetitionDraft::parse(
        "Tokyo Challenge",
        "",
        &(crate::support::today() - chrono::Days::new(2)).to_string(),
        &(crate::support::today() + chrono::Days::new(2)).to_string(),
        "Asia/Tokyo",
    )
    .unwrap();
    client
        .store()
        .create_competition(&draft, true)
        .await
        .unwrap();
    add_guild(client.store(), "Alpha", 10).await;
    let p = register(client.store(), 1, "Aino", "Alpha").await;
    let audit = client.get("/admin/audit").await;
    assert!(audit.body.contains("When (Asia/Tokyo)"), "labelled");
    let entry = client
        .store()
        .list_audit(&Default::default(), 0, 1)
        .await
        .unwrap()
        .remove(0);
    let tokyo = entry
        .created_at
        .with_timezone(&chrono_tz::Asia::Tokyo)
        .format("%Y-%m-%d %H:%M")
        .to_string();
    assert!(audit.body.contains(&tokyo), "{tokyo} in {}", audit.body);
    let page = client.get(&format!("/admin/participants/{}", p.id)).await;
    assert!(page.body.contains("Registered (Asia/Tokyo)"));
    let registered = p
        .created_at
        .with_timezone(&chrono_tz::Asia::Tokyo)
        .format("%Y-%m-%d %H:%M")
        .to_string();
    assert!(page.body.contains(&registered));
    assert!(!page.body.contains("UTC"), "no UTC times left");
    client.stop().await;
}

#[tokio::test]
async fn health_is_in_plain_words_with_the_figures_behind_a_disclosure() {
    let db = TestDb::new(Backend::Postgres).await;
    let dir = tempfile::tempdir().unwrap();
    let mut config = db.config();
    config.backup.dir = dir.path().to_path_buf();
    let client = AdminClient::logged_in(config).await;
    let page = client.get("/admin/database").await;
    assert_eq!(page.status, 200);
    let summary = &page.body[page.body.find("id=\"health-summary\"").unwrap()..];
    let summary = &summary[..summary.find("</ul>").unwrap()];
    assert!(
        summary.contains("Act now") && summary.contains("No backup has been taken yet"),
        "{summary}"
    );
    assert!(
        summary.contains("Press \"Back up now\"")
            || summary.contains("Press &#34;Back up now&#34;")
    );
    for area in ["Speed", "Connections", "Clean-up", "Running queries"] {
        assert!(summary.contains(area), "{area}: {summary}");
    }
    assert!(
        page.body.contains("<details>"),
        "the figures are behind a disclosure"
    );
    let details = &page.body[page.body.find("<details>").unwrap()..];
    // No empty headings: every heading shown has a table or a note under it.
    for heading in details.split("<h3>").skip(1) {
        let after = &heading[heading.find("</h3>").unwrap() + 5..];
        let next = after.trim_start();
        assert!(
            next.starts_with("<p>") || next.starts_with("<div class=\"table-wrap\">"),
            "{heading}"
        );
    }
    let backup = client.post("/admin/database/backups", &[]).await;
    assert_eq!(backup.status, 303, "{}", backup.body);
    let page = client.get("/admin/database").await;
    assert!(
        page.body
            .contains("The newest backup was taken less than an hour ago.")
    );
    client.stop().await;
}

#[tokio::test]
async fn feedback_and_the_audit_log_are_filtered() {
    let db = TestDb::new(Backend::Sqlite).await;
    let client = AdminClient::logged_in(db.config()).await;
    add_guild(client.store(), "Alpha", 10).await;
    let p = register(client.store(), 1, "Aino", "Alpha").await;
    let happy = client
        .store()
        .submit_feedback(
            p.id,
            &FeedbackDraft::new(5, 5, 5, "Lovely bot, thanks").unwrap(),
        )
        .await
        .unwrap();
    client
        .store()
        .submit_feedback(
            p.id,
            &FeedbackDraft::new(1, 4, 3, "Too slow to answer").unwrap(),
        )
        .await
        .unwrap();
    client
        .post(
            &format!("/admin/feedback/{}/reviewed", happy.id),
            &[("value", "true"), ("back", "/admin/feedback?reviewed=no")],
        )
        .await;
    let open = client.get("/admin/feedback?reviewed=no").await;
    assert!(open.body.contains("Too slow") && !open.body.contains("Lovely"));
    let low = client.get("/admin/feedback?rating=2").await;
    assert!(low.body.contains("Too slow") && !low.body.contains("Lovely"));
    let words = client.get("/admin/feedback?q=lovely").await;
    assert!(words.body.contains("Lovely") && !words.body.contains("Too slow"));
    assert!(open.body.contains("Aino"), "the giver is named");

    for i in 0..3 {
        client
            .post(
                "/admin/guilds",
                &[("name", &format!("G{i}")), ("member_count", "5")],
            )
            .await;
    }
    let guild_only = client.get("/admin/audit?action=guild.").await;
    let login_row = "data-label=\"What\">login<";
    assert!(
        guild_only
            .body
            .contains("data-label=\"What\">guild.create<")
    );
    assert!(!guild_only.body.contains(login_row));
    assert!(client.get("/admin/audit").await.body.contains(login_row));
    let no_logins = client.get("/admin/audit?hide_sign_ins=1").await;
    assert!(!no_logins.body.contains(login_row) && no_logins.body.contains("feedback.reviewed"));
    let by_kind = client.get("/admin/audit?kind=cli").await;
    assert!(by_kind.body.contains("Nothing matches."));
    let by_name = client
        .get("/admin/audit?actor=ORGAN&action=guild.create")
        .await;
    assert!(by_name.body.contains("3 entries"), "{}", by_name.body);
    let today = crate::support::today();
    let tomorrow = today + chrono::Days::new(1);
    let later = client.get(&format!("/admin/audit?from={tomorrow}")).await;
    assert!(later.body.contains("Nothing matches."));
    assert!(
        guild_only
            .body
            .contains("/admin/exports/audit-log.xlsx?audit_action=guild.")
    );
    client.stop().await;
}

#[tokio::test]
async fn the_dashboards_activity_mix_shows_whole_names() {
    let db = TestDb::new(Backend::Sqlite).await;
    let client = AdminClient::logged_in(db.config()).await;
    add_running_competition(client.store(), 3, 3).await;
    add_guild(client.store(), "A guild with a rather long name indeed", 10).await;
    let p = register(
        client.store(),
        1,
        "Aino",
        "A guild with a rather long name indeed",
    )
    .await;
    let entry = catalogue()
        .entries()
        .find(|e| e.label().chars().count() > 30)
        .cloned()
        .unwrap();
    client
        .store()
        .log_activity(NewActivity::from_catalogue(
            p.id,
            &entry,
            DurationMinutes::new(30).unwrap(),
            crate::support::today(),
            None,
        ))
        .await
        .unwrap();
    let page = client.get("/admin").await;
    let label = entry.label();
    let shown = askama_escape(&label);
    assert!(
        page.body
            .contains(&format!("<span class=\"bar-label\">{shown}</span>")),
        "{label}: {}",
        page.body
    );
    assert!(
        page.body
            .contains("1. A guild with a rather long name indeed")
    );
    client.stop().await;
}

fn askama_escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}
