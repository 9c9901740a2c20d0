//! Admin panel pages: competition, guilds, participants, activities,
//! feedback and the audit log; each action's effect in the database.

use activity_challenge::domain::{DurationMinutes, FeedbackDraft};
use activity_challenge::store::activities::NewActivity;

use crate::admin_client::AdminClient;
use crate::support::{Backend, TestDb, add_guild, add_running_competition, catalogue, register};

async fn log(client: &AdminClient, user_id: i64, minutes: u32, days_ago: u64) -> i64 {
    let cat = catalogue();
    let entry = cat.entries().next().unwrap();
    let date = crate::support::today() - chrono::Days::new(days_ago);
    client
        .store()
        .log_activity(NewActivity::from_catalogue(
            user_id,
            entry,
            DurationMinutes::new(minutes).unwrap(),
            date,
            None,
        ))
        .await
        .unwrap()
        .activity
        .id
}

#[tokio::test]
async fn the_competition_is_created_validated_and_edited_with_confirmation() {
    let db = TestDb::new(Backend::Postgres).await;
    let client = AdminClient::logged_in(db.config()).await;
    let page = client.get("/admin/competitions").await;
    assert!(page.body.contains("No competitions yet"));
    assert_eq!(
        client.get("/admin/competition").await.location(),
        "/admin/competitions"
    );

    // Validation: every problem shown, nothing saved.
    let bad = client
        .post(
            "/admin/competitions",
            &[
                ("name", ""),
                ("start", "2025-09-10"),
                ("end", "2025-09-01"),
                ("time_zone", "Mars/Olympus"),
                ("activation", "now"),
            ],
        )
        .await;
    assert_eq!(bad.status, 422);
    assert!(
        bad.body.contains("The competition name is required"),
        "{}",
        bad.body
    );
    assert!(bad.body.contains("is before the start date"));
    assert!(bad.body.contains("Mars/Olympus"));
    assert!(client.store().active_competition().await.unwrap().is_none());

    let today = crate::support::today();
    let start = (today - chrono::Days::new(3)).to_string();
    let end = (today + chrono::Days::new(10)).to_string();
    let created = client
        .post(
            "/admin/competitions",
            &[
                ("name", "Autumn Challenge"),
                ("description", "Move!"),
                ("start", &start),
                ("end", &end),
                ("time_zone", "Europe/Helsinki"),
                ("activation", "now"),
            ],
        )
        .await;
    assert_eq!(created.status, 303);
    assert!(
        created
            .flash()
            .unwrap()
            .contains("created and is now active")
    );
    let c = client.store().active_competition().await.unwrap().unwrap();
    assert_eq!(c.name, "Autumn Challenge");
    let path = format!("/admin/competitions/{}", c.id);
    assert_eq!(client.get("/admin/competition").await.location(), path);
    let version = c.version.to_string();

    // Renaming a running competition needs no confirmation.
    let renamed = client
        .post(
            &path,
            &[
                ("name", "Autumn Challenge 2"),
                ("start", &start),
                ("end", &end),
                ("time_zone", "Europe/Helsinki"),
                ("version", &version),
            ],
        )
        .await;
    assert_eq!(renamed.status, 303, "{}", renamed.body);
    let version = client
        .store()
        .active_competition()
        .await
        .unwrap()
        .unwrap()
        .version
        .to_string();

    // Moving its dates does.
    let new_end = (today + chrono::Days::new(20)).to_string();
    let fields = [
        ("name", "Autumn Challenge 2"),
        ("start", start.as_str()),
        ("end", new_end.as_str()),
        ("time_zone", "Europe/Helsinki"),
        ("version", version.as_str()),
    ];
    let ask = client.post(&path, &fields).await;
    assert_eq!(ask.status, 409);
    assert!(ask.body.contains("The competition is running"));
    assert!(ask.body.contains("Confirm and save these dates"));
    assert_eq!(
        client
            .store()
            .active_competition()
            .await
            .unwrap()
            .unwrap()
            .end_date,
        today + chrono::Days::new(10)
    );
    let mut confirmed = fields.to_vec();
    confirmed.extend([
        ("confirm_start", start.as_str()),
        ("confirm_end", new_end.as_str()),
        ("confirm_time_zone", "Europe/Helsinki"),
    ]);
    let done = client.post(&path, &confirmed).await;
    assert_eq!(done.status, 303, "{}", done.body);
    let c = client.store().active_competition().await.unwrap().unwrap();
    assert_eq!(c.end_date, today + chrono::Days::new(20));
    assert_eq!(c.name, "Autumn Challenge 2");
    let actions = client.audit_actions().await;
    assert_eq!(
        actions
            .iter()
            .filter(|a| *a == "competition.update")
            .count(),
        2
    );
    assert!(actions.contains(&"competition.create".to_string()));
    client.stop().await;
}

#[tokio::test]
async fn guilds_are_added_edited_renamed_into_users_and_deactivated() {
    let db = TestDb::new(Backend::Postgres).await;
    let client = AdminClient::logged_in(db.config()).await;

    let bad = client
        .post("/admin/guilds", &[("name", ""), ("member_count", "0")])
        .await;
    assert_eq!(bad.status, 422);
    assert!(bad.body.contains("The guild name is required"));
    assert!(bad.body.contains("aria-invalid=\"true\""));

    let added = client
        .post(
            "/admin/guilds",
            &[("name", "Tietokilta"), ("member_count", "40")],
        )
        .await;
    assert_eq!(added.status, 303);
    assert_eq!(added.flash().unwrap(), "The guild “Tietokilta” was added.");
    let duplicate = client
        .post(
            "/admin/guilds",
            &[("name", "Tietokilta"), ("member_count", "4")],
        )
        .await;
    assert_eq!(duplicate.status, 422);
    assert!(duplicate.body.contains("already exists"));

    let guild = client.store().guild_by_name("Tietokilta").await.unwrap();
    let p = register(client.store(), 1001, "Aino", "Tietokilta").await;
    log(&client, p.id, 60, 0).await;
    let list = client.get("/admin/guilds").await;
    assert!(list.body.contains("Tietokilta"));
    assert!(list.body.contains("2.5 %"), "1 of 40 active: {}", list.body);

    let path = format!("/admin/guilds/{}", guild.id);
    let page = client.get(&path).await;
    assert!(page.body.contains("Aino"), "members listed");
    let bad_edit = client
        .post(&path, &[("name", "Tietokilta"), ("member_count", "-3")])
        .await;
    assert_eq!(bad_edit.status, 422);
    assert!(bad_edit.body.contains("greater than 0"));
    let renamed = client
        .post(
            &path,
            &[("name", "TiK"), ("member_count", "45"), ("version", "1")],
        )
        .await;
    assert_eq!(renamed.status, 303);
    let moved = client.store().participant(p.id).await.unwrap();
    assert_eq!(
        moved.guild.as_deref(),
        Some("TiK"),
        "the rename follows into users"
    );
    assert_eq!(
        client.store().guild(guild.id).await.unwrap().member_count,
        45
    );

    let off = client
        .post(&format!("{path}/active"), &[("active", "false")])
        .await;
    assert_eq!(off.status, 303);
    assert!(!client.store().guild(guild.id).await.unwrap().active);
    assert!(client.store().active_guilds().await.unwrap().is_empty());
    assert_eq!(
        client
            .store()
            .participant(p.id)
            .await
            .unwrap()
            .guild
            .as_deref(),
        Some("TiK"),
        "history kept"
    );
    let on = client
        .post(&format!("{path}/active"), &[("active", "true")])
        .await;
    assert_eq!(on.status, 303);
    assert!(client.store().guild(guild.id).await.unwrap().active);
    assert_eq!(client.get("/admin/guilds/999").await.status, 404);
    let actions = client.audit_actions().await;
    for a in [
        "guild.create",
        "guild.update",
        "guild.deactivate",
        "guild.activate",
    ] {
        assert!(actions.contains(&a.to_string()), "{a}");
    }
    client.stop().await;
}

#[tokio::test]
async fn participants_are_searched_moved_marked_and_deleted() {
    let db = TestDb::new(Backend::Sqlite).await;
    let client = AdminClient::logged_in(db.config()).await;
    let store = client.store();
    add_guild(store, "Alpha", 10).await;
    add_guild(store, "Beta", 10).await;
    let aino = register(store, 5551, "Aino", "Alpha").await;
    register(store, 5552, "Bertta", "Beta").await;
    for i in 0..55 {
        register(store, 9000 + i, &format!("Extra{i}"), "Beta").await;
    }
    log(&client, aino.id, 30, 0).await;

    let found = client.get("/admin/participants?q=ain").await;
    assert!(found.body.contains("Aino") && !found.body.contains("Bertta"));
    let by_id = client.get("/admin/participants?q=5552").await;
    assert!(by_id.body.contains("Bertta") && !by_id.body.contains("Aino"));
    let by_username = client.get("/admin/participants?q=%40user5551").await;
    assert!(by_username.body.contains("Aino"));
    let paged = client.get("/admin/participants?guild=Beta").await;
    assert!(
        paged.body.contains("Page 1 of 2 (56 in all)"),
        "{}",
        paged.body
    );
    assert!(
        paged
            .body
            .contains("/admin/participants?guild=Beta&#38;page=2"),
        "the next page keeps the filter"
    );
    let second = client.get("/admin/participants?guild=Beta&page=2").await;
    assert!(second.body.contains("Page 2 of 2"));

    let path = format!("/admin/participants/{}", aino.id);
    let page = client.get(&path).await;
    assert!(page.body.contains("Aino") && page.body.contains("Activities (1)"));

    let moved = client
        .post(&format!("{path}/move"), &[("guild", "Beta")])
        .await;
    assert_eq!(moved.status, 303);
    assert_eq!(
        store.participant(aino.id).await.unwrap().guild.as_deref(),
        Some("Beta")
    );
    let nowhere = client
        .post(&format!("{path}/move"), &[("guild", "Gamma")])
        .await;
    assert_eq!(nowhere.status, 404);
    assert!(nowhere.body.contains("There is no guild called"));

    client
        .post(&format!("{path}/test-user"), &[("value", "true")])
        .await;
    assert!(store.participant(aino.id).await.unwrap().is_test_user);
    client
        .post(&format!("{path}/test-user"), &[("value", "false")])
        .await;
    assert!(!store.participant(aino.id).await.unwrap().is_test_user);

    let confirm = client.get(&format!("{path}/delete")).await;
    assert_eq!(confirm.status, 200);
    assert!(confirm.body.contains("will be deleted") && confirm.body.contains("1 activity"));
    assert!(
        store.participant(aino.id).await.is_ok(),
        "asking deletes nothing"
    );
    let deleted = client.post(&format!("{path}/delete"), &[]).await;
    assert_eq!(deleted.status, 303);
    assert!(
        deleted
            .flash()
            .unwrap()
            .contains("was deleted with 1 activities")
    );
    assert!(store.participant(aino.id).await.is_err());
    assert_eq!(client.get(&path).await.status, 404);
    let actions = client.audit_actions().await;
    for a in [
        "participant.move",
        "participant.mark_test",
        "participant.unmark_test",
        "participant.delete",
    ] {
        assert!(actions.contains(&a.to_string()), "{a}");
    }
    client.stop().await;
}

#[tokio::test]
async fn activities_are_filtered_deleted_with_a_reason_and_corrected() {
    let db = TestDb::new(Backend::Postgres).await;
    let client = AdminClient::logged_in(db.config()).await;
    let store = client.store();
    add_running_competition(store, 10, 10).await;
    add_guild(store, "Alpha", 10).await;
    add_guild(store, "Beta", 10).await;
    let a = register(store, 1, "Aino", "Alpha").await;
    let b = register(store, 2, "Bertta", "Beta").await;
    let old = log(&client, a.id, 60, 5).await;
    log(&client, a.id, 30, 0).await;
    log(&client, b.id, 45, 0).await;

    let alpha = client.get("/admin/activities?guild=Alpha").await;
    assert!(alpha.body.contains("Aino") && !alpha.body.contains("Bertta"));
    let today = crate::support::today().to_string();
    let recent = client
        .get(&format!(
            "/admin/activities?from={today}&to={today}&guild=Alpha"
        ))
        .await;
    assert_eq!(recent.body.matches("/delete\"").count(), 1);
    let bad = client.get("/admin/activities?from=yesterday").await;
    assert_eq!(bad.status, 422);
    assert!(bad.body.contains("is not a date"));

    let before = store.participant(a.id).await.unwrap().points;
    let no_reason = client
        .post(
            &format!("/admin/activities/{old}/delete"),
            &[("reason", " ")],
        )
        .await;
    assert_eq!(no_reason.status, 303);
    assert!(no_reason.flash().unwrap().contains("give a reason"));
    assert!(store.activity(old).await.is_ok());
    let deleted = client
        .post(
            &format!("/admin/activities/{old}/delete"),
            &[("reason", "logged twice")],
        )
        .await;
    assert_eq!(deleted.status, 303);
    assert!(store.activity(old).await.is_err());
    let after = store.participant(a.id).await.unwrap().points;
    assert!(after < before, "the total follows");
    let audit = store.list_audit(&Default::default(), 0, 10).await.unwrap();
    assert!(audit.iter().any(|e| e.action == "activity.delete"
        && e.details.as_deref().unwrap_or("").contains("logged twice")));

    let label = catalogue().entries().next().unwrap().label();
    let invalid = client
        .post(
            "/admin/activities",
            &[
                ("who", "nobody"),
                ("activity", "Underwater chess"),
                ("duration", "0"),
                ("date", "soon"),
                ("note", ""),
            ],
        )
        .await;
    assert_eq!(invalid.status, 422);
    assert!(
        invalid.body.contains("Nobody matches “nobody”"),
        "{}",
        invalid.body
    );
    assert!(invalid.body.contains("not in the activity catalogue"));
    let corrected = client
        .post(
            "/admin/activities",
            &[
                ("confirm", "yes"),
                ("participant_id", &b.id.to_string()),
                ("activity", &label),
                ("duration", "60"),
                ("date", &today),
                ("note", "forgot to log"),
            ],
        )
        .await;
    assert_eq!(corrected.status, 303, "{}", corrected.body);
    assert!(corrected.flash().unwrap().contains("their total is now"));
    let logged = store.participant_activities(b.id, 0, 10).await.unwrap();
    assert_eq!(logged.len(), 2);
    assert!(
        logged
            .iter()
            .any(|x| x.description.as_deref() == Some("Manual correction: forgot to log"))
    );
    assert!(
        client
            .audit_actions()
            .await
            .contains(&"activity.correction".to_string())
    );
    client.stop().await;
}

#[tokio::test]
async fn feedback_shows_averages_and_is_marked_reviewed() {
    let db = TestDb::new(Backend::Sqlite).await;
    let client = AdminClient::logged_in(db.config()).await;
    let store = client.store();
    add_guild(store, "Alpha", 10).await;
    let p = register(store, 1, "Aino", "Alpha").await;
    let f = store
        .submit_feedback(
            p.id,
            &FeedbackDraft::new(4, 5, 3, "Nice bot, <b>really</b>").unwrap(),
        )
        .await
        .unwrap();
    store
        .submit_feedback(
            p.id,
            &FeedbackDraft::new(2, 3, 5, "Could be faster.").unwrap(),
        )
        .await
        .unwrap();
    let page = client.get("/admin/feedback").await;
    assert!(
        page.body.contains("3.00") && page.body.contains("4.00"),
        "{}",
        page.body
    );
    assert!(!page.body.contains("<b>really"), "comments are escaped");
    assert!(page.body.contains("really"));
    let done = client
        .post(
            &format!("/admin/feedback/{}/reviewed", f.id),
            &[("value", "true")],
        )
        .await;
    assert_eq!(done.status, 303);
    let listed = store.list_feedback(0, 10).await.unwrap();
    assert!(listed.iter().find(|x| x.id == f.id).unwrap().reviewed);
    assert!(
        client
            .audit_actions()
            .await
            .contains(&"feedback.reviewed".to_string())
    );
    client.stop().await;
}

#[tokio::test]
async fn the_dashboard_shows_progress_figures_and_charts() {
    let db = TestDb::new(Backend::Postgres).await;
    let client = AdminClient::logged_in(db.config()).await;
    let store = client.store();
    add_running_competition(store, 4, 5).await;
    add_guild(store, "Alpha", 10).await;
    let p = register(store, 1, "Aino", "Alpha").await;
    register(store, 2, "Bertta", "Alpha").await;
    log(&client, p.id, 60, 0).await;
    log(&client, p.id, 60, 2).await;
    let page = client.get("/admin").await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Test Challenge"));
    assert!(page.body.contains("left."));
    assert!(
        page.body
            .contains("<div class=\"value\">2</div><div class=\"label\">Participants</div>")
    );
    assert!(
        page.body
            .contains("<div class=\"value\">1</div><div class=\"label\">Active participants</div>")
    );
    assert!(
        page.body
            .contains("<div class=\"value\">1</div><div class=\"label\">Activities today</div>")
    );
    assert!(
        page.body.contains(
            "<div class=\"value\">2</div><div class=\"label\">Activities this week</div>"
        )
    );
    // The standings and the mix are bars of real text; the days are columns.
    assert_eq!(page.body.matches("<svg").count(), 1);
    assert_eq!(page.body.matches("<meter").count(), 2);
    assert!(page.body.contains("1. Alpha"));
    client.stop().await;
}

#[tokio::test]
async fn the_audit_log_lists_who_did_what_with_pages() {
    let db = TestDb::new(Backend::Sqlite).await;
    let client = AdminClient::logged_in(db.config()).await;
    for i in 0..60 {
        client
            .post(
                "/admin/guilds",
                &[("name", &format!("G{i}")), ("member_count", "5")],
            )
            .await;
    }
    let page = client.get("/admin/audit").await;
    assert!(page.body.contains("guild.create"));
    assert!(page.body.contains("organiser"));
    assert!(
        page.body.contains("guild #60 &#34;G59&#34;"),
        "newest first"
    );
    assert!(page.body.contains("Page 1 of 2"));
    client.stop().await;
}
