//! Points entering by hand follow the rules of logging: corrections and
//! imports only for the competition's days and not the future; a
//! correction names the participant as the organiser sees them and shows
//! them before saving; activities can be edited with a reason; a
//! participant's page tells everything that happened to them.

use activity_challenge::actions::{self, Actor};
use activity_challenge::domain::{DurationMinutes, Points};
use activity_challenge::store::activities::NewActivity;
use activity_challenge::store::participants::NewParticipant;
use chrono::Days;

use crate::admin_client::AdminClient;
use crate::support::{Backend, TestDb, add_guild, add_running_competition, app_for, catalogue};

fn jogging() -> (String, activity_challenge::domain::CatalogueEntry) {
    let entry = catalogue().entry_by_code("12020").cloned().unwrap();
    (entry.label(), entry)
}

async fn person(
    client: &AdminClient,
    telegram_id: i64,
    username: &str,
    first: &str,
    last: &str,
) -> i64 {
    client
        .store()
        .register_participant(NewParticipant {
            telegram_id,
            username: Some(username.to_string()),
            first_name: first.to_string(),
            last_name: Some(last.to_string()),
            guild: "Alpha".into(),
            is_test_user: false,
        })
        .await
        .unwrap()
        .participant()
        .id
}

#[tokio::test]
async fn corrections_follow_the_logging_rules_for_dates() {
    let db = TestDb::new(Backend::Postgres).await;
    let client = AdminClient::logged_in(db.config()).await;
    add_running_competition(client.store(), 10, 30).await;
    add_guild(client.store(), "Alpha", 10).await;
    let id = person(&client, 301, "user301", "Helmi", "Lindqvist").await;
    let (label, _) = jogging();
    let three_weeks = (crate::support::today() + Days::new(21)).to_string();
    for date in ["1900-01-01", "2099-06-01", three_weeks.as_str()] {
        let refused = client
            .post(
                "/admin/activities",
                &[
                    ("confirm", "yes"),
                    ("participant_id", &id.to_string()),
                    ("activity", &label),
                    ("duration", "30"),
                    ("date", date),
                    ("note", "paper form"),
                ],
            )
            .await;
        assert_eq!(refused.status, 422, "{date}: {}", refused.body);
        assert!(
            refused.body.contains("started on") || refused.body.contains("later dates"),
            "{date}: {}",
            refused.body
        );
    }
    let store = client.store();
    assert_eq!(store.count_activities().await.unwrap(), 0);
    assert_eq!(store.participant(id).await.unwrap().points, Points::ZERO);
    assert!(store.guild_standings().await.unwrap()[0].total_points == Points::ZERO);
    assert!(
        !client
            .audit_actions()
            .await
            .contains(&"activity.correction".to_string())
    );
    client.stop().await;
}

#[tokio::test]
async fn imports_follow_the_logging_rules_for_dates() {
    let db = TestDb::new(Backend::Sqlite).await;
    let store = &db.store;
    add_running_competition(store, 10, 30).await;
    add_guild(store, "Alpha", 10).await;
    let app = app_for(store);
    let p = crate::support::register(store, 1, "Aino", "Alpha").await;
    let (label, entry) = jogging();
    let points = Points::for_activity(entry.met, DurationMinutes::new(30).unwrap());
    let today = crate::support::today();
    let csv = format!(
        "user_id,activity_type,duration,points,activity_date\n\
         {id},{label},30,{points},1900-01-01\n\
         {id},{label},30,{points},2099-06-01\n\
         {id},{label},30,{points},{future}\n\
         {id},{label},30,{points},{today}\n",
        id = p.id,
        future = today + Days::new(21),
    );
    let plan = actions::imports::check_import(&app, csv.as_bytes(), false)
        .await
        .unwrap();
    let lines: Vec<u64> = plan.problems.iter().map(|p| p.line).collect();
    assert_eq!(lines, [2, 3, 4], "{:?}", plan.problems);
    assert!(plan.problems[0].message.contains("1900-01-01"));
    assert!(plan.problems[2].message.contains("in the future"));
    assert_eq!(plan.rows.len(), 1);
    let refused = actions::imports::import(
        &app,
        &Actor::cli(),
        "file.csv",
        &plan,
        &activity_challenge::ops::progress::Progress::hidden(1),
    )
    .await;
    assert!(refused.is_err());
    assert_eq!(store.count_activities().await.unwrap(), 0);
}

#[tokio::test]
async fn a_correction_names_the_participant_as_the_organiser_sees_them() {
    let db = TestDb::new(Backend::Sqlite).await;
    let client = AdminClient::logged_in(db.config()).await;
    add_running_competition(client.store(), 10, 30).await;
    add_guild(client.store(), "Alpha", 10).await;
    // The demo's trap: participant number 302 has the username user301.
    let _filler = person(&client, 5000, "user300", "Filler", "Person").await;
    let helmi = person(&client, 301, "helmi", "Helmi", "Lindqvist").await;
    let other = person(&client, 302, "user301", "Helmi", "Laine").await;
    let (label, _) = jogging();
    let today = crate::support::today().to_string();
    let form = client.get("/admin/activities").await;
    assert!(form.body.contains("name, @username or Telegram id"));
    assert!(!form.body.contains("Participant number"));
    let fields = |who: &'static str| {
        vec![
            ("who", who),
            ("activity", label.as_str()),
            ("duration", "45"),
            ("date", today.as_str()),
            ("note", "forgot to log"),
        ]
    };
    // A name that fits two people: pick one; nothing saved yet.
    let pick = client.post("/admin/activities", &fields("Helmi")).await;
    assert_eq!(pick.status, 200);
    assert!(pick.body.contains("Several participants match"));
    assert!(pick.body.contains("Helmi Lindqvist") && pick.body.contains("Helmi Laine"));
    assert_eq!(client.store().count_activities().await.unwrap(), 0);
    // A username names one person: shown before saving.
    let check = client.post("/admin/activities", &fields("@helmi")).await;
    assert_eq!(check.status, 200);
    assert!(check.body.contains("It will be added for"));
    assert!(check.body.contains("Helmi Lindqvist") && check.body.contains("@helmi"));
    assert!(check.body.contains("301"), "the Telegram id is shown");
    assert!(check.body.contains("4.13 points") || check.body.contains(" points</strong>"));
    assert_eq!(client.store().count_activities().await.unwrap(), 0);
    let mut confirm = fields("@helmi");
    let helmi_id = helmi.to_string();
    confirm.extend([("participant_id", helmi_id.as_str()), ("confirm", "yes")]);
    let saved = client.post("/admin/activities", &confirm).await;
    assert_eq!(saved.status, 303, "{}", saved.body);
    assert!(saved.flash().unwrap().contains("for Helmi Lindqvist"));
    assert_eq!(
        client
            .store()
            .participant_activities(helmi, 0, 5)
            .await
            .unwrap()
            .len(),
        1
    );
    assert!(
        client
            .store()
            .participant_activities(other, 0, 5)
            .await
            .unwrap()
            .is_empty()
    );
    // From a participant's page the form starts with them.
    let from_page = client.get(&format!("/admin/activities?for={other}")).await;
    assert!(
        from_page.body.contains("value=\"302\""),
        "their Telegram id is filled in"
    );
    client.stop().await;
}

#[tokio::test]
async fn an_activity_is_edited_with_a_reason_and_totals_and_ranks_follow() {
    let db = TestDb::new(Backend::Postgres).await;
    let client = AdminClient::logged_in(db.config()).await;
    let store = client.store();
    add_running_competition(store, 10, 30).await;
    add_guild(store, "Alpha", 10).await;
    let a = person(&client, 1, "aino", "Aino", "A").await;
    let b = person(&client, 2, "bertta", "Bertta", "B").await;
    let (label, entry) = jogging();
    let day = |n: u64| crate::support::today() - Days::new(n);
    let id = store
        .log_activity(NewActivity::from_catalogue(
            a,
            &entry,
            DurationMinutes::new(30).unwrap(),
            day(2),
            None,
        ))
        .await
        .unwrap()
        .activity
        .id;
    store
        .log_activity(NewActivity::from_catalogue(
            b,
            &entry,
            DurationMinutes::new(40).unwrap(),
            day(1),
            None,
        ))
        .await
        .unwrap();
    assert_eq!(store.participant_summary(a).await.unwrap().global_rank, 2);
    let path = format!("/admin/activities/{id}");
    let page = client.get(&path).await;
    assert!(page.body.contains("Save the change"));
    assert!(
        page.body.contains("Source: typed in the bot."),
        "where the activity came from is shown"
    );
    let version = {
        let start = page.body.find("name=\"version\" value=\"").unwrap() + 22;
        page.body[start..start + page.body[start..].find('"').unwrap()].to_string()
    };
    let no_reason = client
        .post(
            &path,
            &[
                ("activity", &label),
                ("duration", "60"),
                ("date", &day(3).to_string()),
                ("reason", ""),
                ("version", &version),
            ],
        )
        .await;
    assert_eq!(no_reason.status, 422);
    assert!(no_reason.body.contains("give a reason"));
    let future = client
        .post(
            &path,
            &[
                ("activity", &label),
                ("duration", "60"),
                ("date", &(day(0) + Days::new(5)).to_string()),
                ("reason", "typo"),
                ("version", &version),
            ],
        )
        .await;
    assert_eq!(future.status, 422);
    let saved = client
        .post(
            &path,
            &[
                ("activity", &label),
                ("duration", "60"),
                ("date", &day(3).to_string()),
                ("reason", "typed 30 for 60"),
                ("version", &version),
            ],
        )
        .await;
    assert_eq!(saved.status, 303, "{}", saved.body);
    let edited = store.activity(id).await.unwrap();
    let expected = Points::for_activity(entry.met, DurationMinutes::new(60).unwrap());
    assert_eq!(
        (edited.duration_minutes, edited.points, edited.activity_date),
        (60, expected, day(3))
    );
    assert_eq!(store.participant(a).await.unwrap().points, expected);
    assert!(store.check_points(false).await.unwrap().drifts.is_empty());
    assert_eq!(store.check_rank_counts(false).await.unwrap(), Some(0));
    assert_eq!(
        store.participant_summary(a).await.unwrap().global_rank,
        1,
        "ranks follow"
    );
    let audit = store.list_audit(&Default::default(), 0, 5).await.unwrap();
    let entry_log = audit.iter().find(|e| e.action == "activity.edit").unwrap();
    let details = entry_log.details.as_deref().unwrap();
    assert!(details.contains("duration: 30 → 60 min"), "{details}");
    assert!(
        details.contains(&format!("date: {} → {}", day(2), day(3))),
        "{details}"
    );
    assert!(details.contains("reason: typed 30 for 60"), "{details}");
    // The form read before that change cannot overwrite it.
    let stale = client
        .post(
            &path,
            &[
                ("activity", &label),
                ("duration", "20"),
                ("date", &day(2).to_string()),
                ("reason", "again"),
                ("version", &version),
            ],
        )
        .await;
    assert_eq!(stale.status, 422);
    assert!(stale.body.contains("Someone else changed activity"));
    assert_eq!(store.activity(id).await.unwrap().duration_minutes, 60);

    // The timeline tells all of it.
    client
        .post(
            &format!("/admin/participants/{a}/move"),
            &[("guild", "Alpha")],
        )
        .await;
    add_guild(store, "Beta", 10).await;
    client
        .post(
            &format!("/admin/participants/{a}/move"),
            &[("guild", "Beta")],
        )
        .await;
    let app = app_for(store);
    actions::participants::register(
        &app,
        NewParticipant {
            telegram_id: 77,
            username: None,
            first_name: "Someone".into(),
            last_name: None,
            guild: "Alpha".into(),
            is_test_user: false,
        },
    )
    .await
    .unwrap();
    client
        .post(
            &format!("/admin/activities/{id}/delete"),
            &[("reason", "duplicate")],
        )
        .await;
    let page = client.get(&format!("/admin/participants/{a}")).await;
    for what in [
        "Activity changed",
        "Moved to another guild",
        "Activity deleted",
        "typed 30 for 60",
    ] {
        assert!(page.body.contains(what), "{what}: {}", page.body);
    }
    let bertta = client.get(&format!("/admin/participants/{b}")).await;
    assert!(bertta.body.contains("Logged an activity"));
    let someone = store.participant_by_telegram_id(77).await.unwrap().unwrap();
    let page = client
        .get(&format!("/admin/participants/{}", someone.id))
        .await;
    assert!(
        page.body.contains("Registered</strong> by Someone"),
        "{}",
        page.body
    );
    client.stop().await;
}
