//! Participants' own data: a copy of everything stored about them
//! (`/mydata`), appearing as "anonymous" in public lists, test users kept
//! out of those lists, and an account's deletion taking its conversation
//! and language with it.

use crate::each_backend;
use crate::support::fake_telegram::Person;
use crate::support::telegram_bot::TestBot;
use crate::support::{self, Backend, TestDb};
use activity_challenge::actions::participants::{choose_public_anonymous, delete, own_data};
use activity_challenge::actions::{ActionError, Actor};
use activity_challenge::domain::{Catalogue, parse_duration};
use activity_challenge::store::activities::NewActivity;
use activity_challenge::store::participants::NewParticipant;

fn today() -> chrono::NaiveDate {
    chrono::Utc::now()
        .with_timezone(&chrono_tz::Europe::Helsinki)
        .date_naive()
}

async fn run(store: &activity_challenge::store::Store, user_id: i64, minutes: &str) {
    let catalogue = Catalogue::builtin();
    store
        .log_activity(NewActivity::from_catalogue(
            user_id,
            catalogue.entry_by_code("12595").unwrap(),
            parse_duration(minutes).unwrap(),
            today(),
            None,
        ))
        .await
        .unwrap();
}

fn me(p: &activity_challenge::store::participants::Participant) -> Actor {
    Actor::Participant {
        id: p.id,
        telegram_id: p.telegram_id,
    }
}

async fn the_copy_holds_every_row_and_is_only_for_oneself(backend: Backend) {
    let db = TestDb::new(backend).await;
    support::add_guild(&db.store, "Blue Herons", 40).await;
    support::add_running_competition(&db.store, 3, 7).await;
    let app = support::app_for(&db.store);
    let ann = support::register(&db.store, 7001, "Ann", "Blue Herons").await;
    let bo = support::register(&db.store, 7002, "Bo", "Blue Herons").await;
    run(&db.store, ann.id, "45").await;
    run(&db.store, ann.id, "30").await;
    run(&db.store, bo.id, "60").await;
    db.store.set_bot_language(7001, "fi").await.unwrap();
    db.store
        .save_dialogue_state(7001, r#"{"state":"Idle"}"#)
        .await
        .unwrap();

    // An activity pinned to her menu is hers too.
    let pinned = db.store.participant_activities(ann.id, 0, 1).await.unwrap()[0].id;
    activity_challenge::actions::favourites::pin(&app, &me(&ann), ann.id, pinned)
        .await
        .unwrap();
    let bo_first = db.store.participant_activities(bo.id, 0, 1).await.unwrap()[0].id;
    activity_challenge::actions::favourites::pin(&app, &me(&bo), bo.id, bo_first)
        .await
        .unwrap();

    let copy = own_data(&app, &me(&ann), ann.id).await.unwrap();
    assert_eq!(copy.rows.activities.len(), 2, "{:?}", copy.rows.activities);
    let json: serde_json::Value =
        serde_json::from_str(&copy.to_json("Everything stored about you")).unwrap();
    assert_eq!(json["profile"]["first_name"], "Ann");
    assert_eq!(json["profile"]["telegram_id"], 7001);
    assert_eq!(json["language"]["language"], "fi");
    assert!(json["dialogue"]["state"].is_string(), "{json}");
    assert_eq!(json["activities"].as_array().unwrap().len(), 2);
    assert!(
        json["activities"]
            .as_array()
            .unwrap()
            .iter()
            .all(|a| a["user_id"] == ann.id),
        "only Ann's activities: {json}"
    );
    assert_eq!(json["about"], "Everything stored about you");
    let favourites = json["favourites"].as_array().unwrap();
    assert_eq!(favourites.len(), 1, "only Ann's pin: {json}");
    assert_eq!(favourites[0]["user_id"], ann.id);
    assert_eq!(favourites[0]["compendium_code"], "12595");
    assert_eq!(favourites[0]["duration"], 30);

    // Nobody else's: Bo cannot ask for Ann's copy, and nothing is recorded.
    let everything = activity_challenge::store::audit::AuditFilter::default();
    let audit_before = db.store.count_audit(&everything).await.unwrap();
    assert!(matches!(
        own_data(&app, &me(&bo), ann.id).await,
        Err(ActionError::Forbidden(_))
    ));
    assert_eq!(
        db.store.count_audit(&everything).await.unwrap(),
        audit_before
    );
    // Her own copy is recorded in the audit log.
    let actions = db.store.audit_actions().await.unwrap();
    assert!(
        actions.iter().any(|a| a == "participant.data_copy"),
        "{actions:?}"
    );
}

each_backend!(
    #[tokio::test]
    the_copy_holds_every_row_and_is_only_for_oneself
);

async fn anonymous_and_test_users_in_public_lists(backend: Backend) {
    let db = TestDb::new(backend).await;
    support::add_guild(&db.store, "Blue Herons", 40).await;
    support::add_running_competition(&db.store, 3, 7).await;
    let app = support::app_for(&db.store);
    let ann = support::register(&db.store, 7101, "Ann", "Blue Herons").await;
    let bo = support::register(&db.store, 7102, "Bo", "Blue Herons").await;
    let demo = db
        .store
        .register_participant(NewParticipant {
            telegram_id: 7103,
            username: Some("test_demo".into()),
            first_name: "Demo".into(),
            last_name: None,
            guild: "Blue Herons".into(),
            is_test_user: true,
        })
        .await
        .unwrap()
        .participant()
        .clone();
    run(&db.store, ann.id, "60").await;
    run(&db.store, bo.id, "30").await;
    run(&db.store, demo.id, "120").await;

    // The test user is on no public list; the others keep their ranks
    // among real participants.
    let top = db.store.top_ranks(None, 10, 20).await.unwrap();
    let names: Vec<&str> = top.entries.iter().map(|e| e.first_name.as_str()).collect();
    assert_eq!(names, ["Ann", "Bo"]);
    assert_eq!(top.entries[0].rank, 1);
    let public = db.store.public_leaderboard(10, 0).await.unwrap();
    assert_eq!(public.len(), 2);
    assert!(public.iter().all(|p| p.first_name != "Demo"));
    assert_eq!(db.store.count_public_participants().await.unwrap(), 2);

    // Nor in the guild standings participants see: Blue Herons has two
    // members there, and their points only. Organisers see all three.
    let ann_points = db.store.participant(ann.id).await.unwrap().points;
    let bo_points = db.store.participant(bo.id).await.unwrap().points;
    let demo_points = db.store.participant(demo.id).await.unwrap().points;
    assert!(demo_points > ann_points);
    let public = db.store.public_guild_standings().await.unwrap();
    let herons = public.iter().find(|g| g.name == "Blue Herons").unwrap();
    assert_eq!((herons.registered, herons.active_members), (2, 2));
    assert_eq!(herons.total_points, ann_points + bo_points);
    let all = db.store.guild_standings().await.unwrap();
    let herons = all.iter().find(|g| g.name == "Blue Herons").unwrap();
    assert_eq!((herons.registered, herons.active_members), (3, 3));
    assert_eq!(herons.total_points, ann_points + bo_points + demo_points);
    // The same through the public API, which the Mini App draws.
    let server = support::TestServer::start(crate::api_public::api_config(&db, &[])).await;
    let standings: serde_json::Value = server.get("/api/v1/standings").await.json().await.unwrap();
    let herons = standings["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["name"] == "Blue Herons")
        .unwrap();
    assert_eq!(herons["registered"], 2);
    assert_eq!(herons["total_points"], (ann_points + bo_points).to_string());

    // Ann chooses to be anonymous: her name is in no public list, her
    // points and rank stay.
    let updated = choose_public_anonymous(&app, &me(&ann), ann.id, true)
        .await
        .unwrap();
    assert!(updated.public_anonymous);
    let top = db.store.top_ranks(None, 10, 20).await.unwrap();
    assert!(top.entries[0].anonymous);
    assert_eq!(top.entries[0].first_name, "");
    assert_eq!(top.entries[0].username, None);
    let public = db.store.public_leaderboard(10, 0).await.unwrap();
    assert!(public[0].anonymous && public[0].first_name.is_empty());
    let bo_summary = db.store.participant_summary(bo.id).await.unwrap();
    let above = bo_summary.above.unwrap();
    assert!(above.anonymous && above.first_name.is_empty());
    // Only for oneself.
    assert!(matches!(
        choose_public_anonymous(&app, &me(&bo), ann.id, false).await,
        Err(ActionError::Forbidden(_))
    ));
    choose_public_anonymous(&app, &me(&ann), ann.id, false)
        .await
        .unwrap();
    assert_eq!(
        db.store.public_leaderboard(10, 0).await.unwrap()[0].first_name,
        "Ann"
    );
}

each_backend!(
    #[tokio::test]
    anonymous_and_test_users_in_public_lists
);

async fn deleting_an_account_takes_its_conversation_and_language(backend: Backend) {
    let db = TestDb::new(backend).await;
    support::add_guild(&db.store, "Blue Herons", 40).await;
    let app = support::app_for(&db.store);
    let ann = support::register(&db.store, 7201, "Ann", "Blue Herons").await;
    db.store.set_bot_language(7201, "fi").await.unwrap();
    db.store
        .save_dialogue_state(7201, r#"{"state":"Idle"}"#)
        .await
        .unwrap();
    support::add_running_competition(&db.store, 3, 7).await;
    run(&db.store, ann.id, "45").await;
    let entry = db.store.participant_activities(ann.id, 0, 1).await.unwrap()[0].id;
    activity_challenge::actions::favourites::pin(&app, &me(&ann), ann.id, entry)
        .await
        .unwrap();
    assert_eq!(db.store.favourites(ann.id).await.unwrap().len(), 1);
    delete(&app, &me(&ann), ann.id).await.unwrap();
    assert_eq!(db.store.dialogue_state(7201).await.unwrap(), None);
    assert_eq!(db.store.bot_language(7201).await.unwrap(), None);
    assert!(
        db.store.favourites(ann.id).await.unwrap().is_empty(),
        "the pins go with the account"
    );
}

each_backend!(
    #[tokio::test]
    deleting_an_account_takes_its_conversation_and_language
);

/// In the bot: `/mydata` sends the file; the profile's button makes the
/// person anonymous on the top 10 and back; both languages.
async fn in_the_bot(backend: Backend) {
    let bot = TestBot::start(backend).await;
    let ann = Person::new(7301, "Ann");
    let bo = Person::new(7302, "Bo");
    bot.register(&ann, "Blue Herons").await;
    bot.register(&bo, "Blue Herons").await;
    let ann_id = bot
        .db
        .store
        .participant_by_telegram_id(7301)
        .await
        .unwrap()
        .unwrap()
        .id;
    run(&bot.db.store, ann_id, "60").await;

    bot.say(&ann, "/mydata").await;
    let documents = bot.fake.calls_of("sendDocument");
    assert_eq!(documents.len(), 1, "one file sent");
    let body = &documents[0].body;
    assert_eq!(body["chat_id"], "7301");
    let copy: serde_json::Value = serde_json::from_str(body["document"].as_str().unwrap()).unwrap();
    assert_eq!(copy["profile"]["first_name"], "Ann");
    assert_eq!(copy["activities"].as_array().unwrap().len(), 1);
    assert!(
        body["caption"]
            .as_str()
            .unwrap()
            .contains("Everything stored"),
        "{body}"
    );

    bot.say(&ann, "/profile").await;
    assert!(
        bot.last_text(&ann)
            .contains("In public lists: by your first name")
    );
    bot.tap(&ann, "🕶 Appear as anonymous in lists").await;
    assert!(
        bot.last_text(&ann)
            .contains("In public lists: as “anonymous”"),
        "{}",
        bot.last_text(&ann)
    );
    assert!(
        bot.last_labels(&ann)
            .contains(&"👤 Show my name in lists".to_string())
    );
    bot.say(&bo, "/stats").await;
    bot.tap(&bo, "🏆 Top 10").await;
    let top = bot.last_text(&bo);
    assert!(top.contains("1. anonymous (Blue Herons)"), "{top}");
    assert!(!top.contains("Ann"), "{top}");

    // The profile's 📦 button sends the copy too, in Finnish for a Finn.
    bot.say(&ann, "/kieli").await;
    bot.tap(&ann, "Suomi").await;
    bot.say(&ann, "/profile").await;
    assert!(
        bot.last_text(&ann)
            .contains("Julkisilla listoilla: ”anonyymina”")
    );
    bot.tap(&ann, "📦 Kopio tiedoistani").await;
    let documents = bot.fake.calls_of("sendDocument");
    assert_eq!(documents.len(), 2);
    assert!(
        documents[1].body["caption"]
            .as_str()
            .unwrap()
            .contains("Kaikki sinusta tallennetut tiedot"),
        "{:?}",
        documents[1].body
    );
    bot.stop().await;
}

each_backend!(
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    in_the_bot
);
