//! Test-user cleanup: preview, unticking, one-transaction deletion.

use activity_challenge::domain::DurationMinutes;
use activity_challenge::store::activities::NewActivity;
use activity_challenge::store::participants::{NewParticipant, Participant};

use crate::admin_client::AdminClient;
use crate::each_backend;
use crate::support::{Backend, TestDb, add_guild, catalogue};

async fn person(
    client: &AdminClient,
    id: i64,
    username: &str,
    first: &str,
    test: bool,
) -> Participant {
    let p = client
        .store()
        .register_participant(NewParticipant {
            telegram_id: id,
            username: Some(username.into()).filter(|u: &String| !u.is_empty()),
            first_name: first.into(),
            last_name: None,
            guild: "Alpha".into(),
            is_test_user: test,
        })
        .await
        .unwrap()
        .participant()
        .clone();
    let cat = catalogue();
    client
        .store()
        .log_activity(NewActivity::from_catalogue(
            p.id,
            cat.entries().next().unwrap(),
            DurationMinutes::new(60).unwrap(),
            crate::support::today(),
            None,
        ))
        .await
        .unwrap();
    p
}

async fn cleanup_previews_and_deletes_only_the_ticked(backend: Backend) {
    let db = TestDb::new(backend).await;
    let client = AdminClient::logged_in(db.config()).await;
    add_guild(client.store(), "Alpha", 10).await;
    let by_username = person(&client, 1, "testbot", "Bot", false).await;
    let by_name = person(&client, 2, "", "Testaaja", false).await;
    let marked = person(&client, 3, "realish", "Marked", true).await;
    let keep_me = person(&client, 4, "tester_but_real", "Tess", false).await;
    let real = person(&client, 5, "aino", "Aino", false).await;
    let lower = person(&client, 6, "TESTcase", "test", false).await;

    let preview = client.get("/admin/cleanup").await;
    assert_eq!(preview.status, 200);
    for p in [&by_username, &by_name, &marked, &keep_me] {
        assert!(
            preview.body.contains(&format!("value=\"{}\"", p.id)),
            "{} listed",
            p.first_name
        );
    }
    for p in [&real, &lower] {
        assert!(
            !preview.body.contains(&format!("value=\"{}\"", p.id)),
            "{} not listed",
            p.first_name
        );
    }
    // Only the one marked as a test user starts ticked.
    assert!(
        preview
            .body
            .contains("1 of 4 participants ticked: 1 activity and"),
        "{}",
        preview.body
    );
    assert!(preview.body.contains(&format!(
        "value=\"{}\" id=\"c{}\" data-activities=\"1\" data-cents=\"",
        marked.id, marked.id
    )));

    let before = client.store().guild_standings().await.unwrap()[0].total_points;
    // Tess is unticked: only three ids are sent.
    let ids: Vec<String> = [&by_username, &by_name, &marked]
        .iter()
        .map(|p| p.id.to_string())
        .collect();
    let fields: Vec<(&str, &str)> = ids.iter().map(|id| ("id", id.as_str())).collect();
    let done = client.post("/admin/cleanup", &fields).await;
    assert_eq!(done.status, 303);
    assert!(
        done.flash()
            .unwrap()
            .starts_with("Removed 3 test participants with 3 activities"),
        "{:?}",
        done.flash()
    );
    for p in [&by_username, &by_name, &marked] {
        assert!(client.store().participant(p.id).await.is_err());
    }
    for p in [&keep_me, &real, &lower] {
        assert!(client.store().participant(p.id).await.is_ok());
    }
    assert_eq!(client.store().count_activities().await.unwrap(), 3);
    let after = client.store().guild_standings().await.unwrap()[0].total_points;
    assert!(after < before, "the standings follow");
    let audit = client
        .store()
        .list_audit(&Default::default(), 0, 5)
        .await
        .unwrap();
    let entry = audit.iter().find(|e| e.action == "cleanup.delete").unwrap();
    assert!(entry.details.as_deref().unwrap().contains("Testaaja"));

    // An id that is not a test user is refused, and nothing goes.
    let real_id = real.id.to_string();
    let keep_id = keep_me.id.to_string();
    let refused = client
        .post(
            "/admin/cleanup",
            &[("id", keep_id.as_str()), ("id", real_id.as_str())],
        )
        .await;
    assert_eq!(refused.status, 303);
    assert!(refused.flash().unwrap().contains("nothing was deleted"));
    assert!(client.store().participant(keep_me.id).await.is_ok());
    assert!(client.store().participant(real.id).await.is_ok());
    let none = client.post("/admin/cleanup", &[]).await;
    assert!(none.flash().unwrap().contains("Nobody was ticked"));
    client.stop().await;
}

each_backend!(
    #[tokio::test]
    cleanup_previews_and_deletes_only_the_ticked
);
