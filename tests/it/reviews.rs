//! The review queue: entries flagged as they are logged (each reason by its
//! own pattern, none for ordinary entries), approved or rejected through
//! one audited action from the command line and the actions; a rejection
//! takes the points off with totals and ranks exact and leaves the person
//! a notice.

use activity_challenge::actions::{self, ActionError, Actor};
use activity_challenge::app::App;
use activity_challenge::domain::{CatalogueEntry, DurationMinutes, Points};
use activity_challenge::store::Store;
use activity_challenge::store::activities::{LoggedActivity, NewActivity};
use activity_challenge::store::participants::Participant;
use chrono::{Days, NaiveDate, Utc};

use crate::on_both_backends;
use crate::support::{add_guild, add_running_competition, app_for, register};

fn today() -> NaiveDate {
    Utc::now()
        .with_timezone(&chrono_tz::Europe::Helsinki)
        .date_naive()
}

fn days_ago(n: u64) -> NaiveDate {
    today() - Days::new(n)
}

fn organiser() -> Actor {
    Actor::Cli {
        user: "organiser".into(),
        host: "laptop".into(),
    }
}

/// Jogging, 7.5 MET (Running).
const JOG: &str = "12020";
/// Bicycling, general, 7.0 MET (Cycling).
const BIKE: &str = "01014";

fn entry(app: &App, code: &str) -> CatalogueEntry {
    app.catalogue.entry_by_code(code).cloned().unwrap()
}

async fn log(
    app: &App,
    who: &Participant,
    code: &str,
    minutes: u32,
    date: NaiveDate,
    key: &str,
) -> LoggedActivity {
    let entry = entry(app, code);
    actions::activities::log(
        app,
        &Actor::Participant {
            id: who.id,
            telegram_id: who.telegram_id,
        },
        actions::activities::LogRequest {
            participant: who,
            entry: &entry,
            duration: DurationMinutes::new(minutes).unwrap(),
            date,
            idempotency_key: Some(key.to_string()),
            note: None,
        },
    )
    .await
    .unwrap()
}

/// Writes an entry straight into the store (no flagging): history and the
/// competition's distribution.
async fn seed(app: &App, who: &Participant, code: &str, minutes: u32, date: NaiveDate) {
    app.store
        .log_activity(NewActivity::from_catalogue(
            who.id,
            &entry(app, code),
            DurationMinutes::new(minutes).unwrap(),
            date,
            None,
        ))
        .await
        .unwrap();
}

/// The reasons of the flags on `activity_id`.
async fn reasons_of(store: &Store, activity_id: i64) -> Vec<String> {
    store
        .pending_flags(1000)
        .await
        .unwrap()
        .into_iter()
        .filter(|f| f.activity_id == Some(activity_id))
        .map(|f| f.reasons)
        .collect()
}

/// A competition that closes tomorrow, four participants, and a
/// distribution of 128 ordinary entries.
async fn setup(store: &Store) -> (App, Vec<Participant>) {
    let app = app_for(store);
    add_guild(store, "Ants", 10).await;
    add_running_competition(store, 10, 1).await;
    let mut people = Vec::new();
    for (i, name) in ["Aino", "Eero", "Kai", "Liisa"].into_iter().enumerate() {
        people.push(register(store, i as i64 + 1, name, "Ants").await);
    }
    for d in 1..=8 {
        for who in &people {
            for _ in 0..4 {
                seed(&app, who, BIKE, 60, days_ago(d)).await;
            }
        }
    }
    (app, people)
}

async fn assert_totals_and_ranks_exact(store: &Store, ids: &[i64]) {
    let mut totals = Vec::new();
    for id in ids {
        let p = store.participant(*id).await.unwrap();
        let sum: Points = store
            .participant_activities(*id, 0, 10_000)
            .await
            .unwrap()
            .iter()
            .map(|a| a.points)
            .sum();
        assert_eq!(p.points, sum, "participant #{id}");
        totals.push(p.points);
    }
    for total in &totals {
        let expected = 1 + totals.iter().filter(|t| *t > total).count() as u64;
        let (rank, population) = store.rank_and_population(*total).await.unwrap();
        assert_eq!((rank, population), (expected, ids.len() as u64));
    }
}

on_both_backends! {
    async fn each_flag_is_raised_by_its_pattern_and_not_by_ordinary_entries(store: Store) {
        let (app, people) = setup(&store).await;
        let [aino, eero, kai, liisa] = &people[..] else { unreachable!() };

        // Ordinary entries: today and yesterday, an hour or so each.
        let a = log(&app, aino, JOG, 45, today(), "a1").await;
        let b = log(&app, aino, BIKE, 50, days_ago(1), "a2").await;
        assert!(reasons_of(&store, a.activity.id).await.is_empty());
        assert!(reasons_of(&store, b.activity.id).await.is_empty());
        assert_eq!(store.count_pending_flags().await.unwrap(), 0);

        // The same jog three times on one day.
        log(&app, eero, JOG, 20, today(), "e1").await;
        let second = log(&app, eero, JOG, 20, today(), "e2").await;
        assert!(reasons_of(&store, second.activity.id).await.is_empty());
        let third = log(&app, eero, JOG, 20, today(), "e3").await;
        assert_eq!(reasons_of(&store, third.activity.id).await, ["repeated"]);

        // More than twelve hours in a day (and ten hours of jogging is far
        // above Kai's usual hour-long rides).
        let long = log(&app, kai, BIKE, 200, today(), "k1").await;
        assert!(reasons_of(&store, long.activity.id).await.is_empty());
        let longer = log(&app, kai, JOG, 600, today(), "k2").await;
        assert_eq!(
            reasons_of(&store, longer.activity.id).await,
            ["long_day,outlier_points"]
        );

        // A day long past, logged just before the close.
        let late = log(&app, liisa, BIKE, 45, days_ago(5), "l1").await;
        assert_eq!(reasons_of(&store, late.activity.id).await, ["late_backdated"]);

        let queue = actions::reviews::queue(&app, &organiser(), 50).await.unwrap();
        assert_eq!(queue.len(), 3);
        assert!(queue.iter().all(|q| !q.recent.is_empty()));
        assert!(queue[0].flag.detail.contains("3 × "), "{:?}", queue[0].flag);
        assert_eq!(
            actions::reviews::pending_count(&app, &organiser()).await.unwrap(),
            3
        );
    }
}

on_both_backends! {
    async fn approve_and_reject_are_audited_and_a_rejection_takes_the_points_off(store: Store) {
        let (app, people) = setup(&store).await;
        let [aino, eero, ..] = &people[..] else { unreachable!() };
        for key in ["e1", "e2", "e3"] {
            log(&app, eero, JOG, 20, today(), key).await;
        }
        let big = log(&app, aino, JOG, 600, today(), "a1").await;
        let flags = store.pending_flags(10).await.unwrap();
        assert_eq!(flags.len(), 2);
        let (repeat, outlier) = (&flags[0], &flags[1]);
        assert_eq!(outlier.activity_id, Some(big.activity.id));
        let ids: Vec<i64> = people.iter().map(|p| p.id).collect();
        assert_totals_and_ranks_exact(&store, &ids).await;

        // A rejection needs a reason; a participant cannot decide.
        let err = actions::reviews::reject(&app, &organiser(), outlier.id, "  ")
            .await
            .unwrap_err();
        assert!(matches!(err, ActionError::Invalid(_)), "{err:?}");
        let me = Actor::Participant { id: aino.id, telegram_id: aino.telegram_id };
        assert!(matches!(
            actions::reviews::approve(&app, &me, repeat.id).await.unwrap_err(),
            ActionError::Forbidden(_)
        ));

        // Approved from the command line: everything stays.
        let before = store.participant(eero.id).await.unwrap().points;
        activity_challenge::cli::run_args(&app, &organiser(), &["review", "approve", &repeat.id.to_string()])
            .await
            .unwrap();
        assert_eq!(store.participant(eero.id).await.unwrap().points, before);
        assert_eq!(store.flag(repeat.id).await.unwrap().state, "approved");
        assert!(matches!(
            actions::reviews::approve(&app, &organiser(), repeat.id).await.unwrap_err(),
            ActionError::Conflict(_)
        ));

        // Rejected from the command line: the entry and its points go.
        let total = store.participant(aino.id).await.unwrap().points;
        activity_challenge::cli::run_args(
            &app,
            &organiser(),
            &["review", "reject", &outlier.id.to_string(), "--reason", "ten hours of jogging is not plausible"],
        )
        .await
        .unwrap();
        let after = store.participant(aino.id).await.unwrap().points;
        assert_eq!(after, total - big.activity.points);
        assert!(store.activity(big.activity.id).await.is_err());
        let flag = store.flag(outlier.id).await.unwrap();
        assert_eq!(flag.state, "rejected");
        assert_eq!(flag.activity_id, None);
        assert_eq!(flag.reviewer.as_deref(), Some("cli:organiser@laptop"));
        assert_eq!(flag.review_reason.as_deref(), Some("ten hours of jogging is not plausible"));
        assert_totals_and_ranks_exact(&store, &ids).await;
        assert_eq!(store.count_pending_flags().await.unwrap(), 0);

        let audit = store.audit_actions().await.unwrap();
        assert!(audit.iter().any(|a| a == "review.approve"), "{audit:?}");
        assert!(audit.iter().any(|a| a == "review.reject"), "{audit:?}");

        // The notice waits for Aino's next message; her own copy has it,
        // and deleting her account removes flags and notices.
        let notices = store.undelivered_notices(aino.id).await.unwrap();
        assert_eq!(notices.len(), 1);
        assert_eq!(notices[0].message_key, "bot-notice-entry-rejected");
        let args = notices[0].arguments();
        assert!(args.contains(&("reason".into(), "ten hours of jogging is not plausible".into())));
        let rows = store.own_rows(aino.id, aino.telegram_id).await.unwrap();
        assert_eq!(rows.review_flags.len(), 1);
        assert_eq!(rows.notices.len(), 1);
        store.notice_delivered(aino.id, notices[0].id).await.unwrap();
        assert!(store.undelivered_notices(aino.id).await.unwrap().is_empty());
    }
}

/// A rejected entry's notice is given at the person's next message to the
/// bot, once, before the answer.
async fn the_bot_gives_the_notice_at_the_next_message(backend: crate::support::Backend) {
    use crate::support::fake_telegram::Person;
    use crate::support::telegram_bot::TestBot;

    let bot = TestBot::start_with(backend, TestBot::unhurried()).await;
    let fay = Person::new(3301, "Fay");
    bot.register(&fay, "Blue Herons").await;
    bot.say(&fay, "running 30").await;
    bot.tap(&fay, "✅ Confirm").await;
    let store = &bot.db.store;
    let me = store
        .participant_by_telegram_id(fay.id)
        .await
        .unwrap()
        .unwrap();
    let activity = store.participant_activities(me.id, 0, 1).await.unwrap()[0].clone();
    let flag = store
        .add_flag(
            me.id,
            activity.id,
            "Running on a day, 30 min",
            "repeated",
            "3 ×",
        )
        .await
        .unwrap();
    actions::reviews::reject(&bot.app, &organiser(), flag, "logged three times")
        .await
        .unwrap();
    assert_eq!(store.participant(me.id).await.unwrap().points, Points::ZERO);
    let before = bot.fake.texts(fay.id).len();

    bot.say(&fay, "/help").await;
    let texts = bot.fake.texts(fay.id);
    let new = &texts[before..];
    assert!(new.len() >= 2, "{new:?}");
    assert!(
        new[0].contains("removed your entry Running on a day, 30 min: logged three times"),
        "{new:?}"
    );
    assert!(store.undelivered_notices(me.id).await.unwrap().is_empty());

    let before = bot.fake.texts(fay.id).len();
    bot.say(&fay, "/help").await;
    let texts = bot.fake.texts(fay.id);
    assert!(
        texts[before..]
            .iter()
            .all(|t| !t.contains("removed your entry")),
        "given once: {texts:?}"
    );
}

crate::each_backend!(
    #[tokio::test]
    the_bot_gives_the_notice_at_the_next_message
);

async fn call(
    server: &crate::support::TestServer,
    method: reqwest::Method,
    path: &str,
    token: &str,
    body: Option<&str>,
) -> (u16, serde_json::Value) {
    let mut req = server
        .client
        .request(method, format!("{}/api/v1{}", server.base_url, path))
        .bearer_auth(token);
    if let Some(body) = body {
        req = req
            .header("content-type", "application/json")
            .body(body.to_string());
    }
    let resp = req.send().await.unwrap();
    let status = resp.status().as_u16();
    let text = resp.text().await.unwrap();
    (
        status,
        serde_json::from_str(&text).unwrap_or(serde_json::Value::Null),
    )
}

/// The same queue and decisions through the admin API, audited alike.
async fn the_api_lists_approves_and_rejects(backend: crate::support::Backend) {
    use reqwest::Method;
    let db = crate::support::TestDb::new(backend).await;
    let (app, people) = setup(&db.store).await;
    let [aino, eero, ..] = &people[..] else {
        unreachable!()
    };
    for key in ["e1", "e2", "e3"] {
        log(&app, eero, JOG, 20, today(), key).await;
    }
    let big = log(&app, aino, JOG, 600, today(), "a1").await;
    let server = crate::support::TestServer::start(crate::api_public::api_config(&db, &[])).await;
    let token = db.store.create_api_token("tests").await.unwrap().secret;

    let (status, list) = call(&server, Method::GET, "/admin/reviews", &token, None).await;
    assert_eq!(status, 200, "{list}");
    let items = list.as_array().unwrap();
    assert_eq!(items.len(), 2, "{list}");
    assert_eq!(items[0]["reasons"], serde_json::json!(["repeated"]));
    assert_eq!(items[1]["reasons"], serde_json::json!(["outlier_points"]));
    assert_eq!(items[1]["participant"], aino.id);
    assert!(!items[1]["recent"].as_array().unwrap().is_empty());
    let (first, second) = (
        items[0]["id"].as_i64().unwrap(),
        items[1]["id"].as_i64().unwrap(),
    );

    let path = format!("/admin/reviews/{first}/approve");
    let (status, body) = call(&server, Method::POST, &path, &token, None).await;
    assert_eq!(
        (status, body["state"].as_str()),
        (200, Some("approved")),
        "{body}"
    );
    let (status, _) = call(&server, Method::POST, &path, &token, None).await;
    assert_eq!(status, 409);

    let path = format!("/admin/reviews/{second}/reject");
    let (status, _) = call(
        &server,
        Method::POST,
        &path,
        &token,
        Some(r#"{"reason":" "}"#),
    )
    .await;
    assert_eq!(status, 422);
    let total = db.store.participant(aino.id).await.unwrap().points;
    let (status, body) = call(
        &server,
        Method::POST,
        &path,
        &token,
        Some(r#"{"reason":"not plausible"}"#),
    )
    .await;
    assert_eq!(
        (status, body["state"].as_str()),
        (200, Some("rejected")),
        "{body}"
    );
    assert_eq!(body["review_reason"], "not plausible");
    assert_eq!(
        db.store.participant(aino.id).await.unwrap().points,
        total - big.activity.points
    );
    let ids: Vec<i64> = people.iter().map(|p| p.id).collect();
    assert_totals_and_ranks_exact(&db.store, &ids).await;
    let audit = db.store.audit_actions().await.unwrap();
    assert!(audit.iter().any(|a| a == "review.approve"), "{audit:?}");
    assert!(audit.iter().any(|a| a == "review.reject"), "{audit:?}");
    let (_, list) = call(&server, Method::GET, "/admin/reviews", &token, None).await;
    assert_eq!(list, serde_json::json!([]));
}

crate::each_backend!(
    #[tokio::test]
    the_api_lists_approves_and_rejects
);

/// The queue in the admin panel: reasons and latest entries beside each
/// flagged entry; approve, reject with a reason (CSRF checked), audited
/// like the command line's.
async fn the_panel_lists_approves_and_rejects(backend: crate::support::Backend) {
    use crate::admin_client::AdminClient;
    let db = crate::support::TestDb::new(backend).await;
    let (app, people) = setup(&db.store).await;
    let [aino, eero, ..] = &people[..] else {
        unreachable!()
    };
    for key in ["e1", "e2", "e3"] {
        log(&app, eero, JOG, 20, today(), key).await;
    }
    let big = log(&app, aino, JOG, 600, today(), "a1").await;
    let flags = db.store.pending_flags(10).await.unwrap();
    let (repeat, outlier) = (flags[0].id, flags[1].id);
    let client = AdminClient::logged_in(db.config()).await;

    let dashboard = client.get("/admin").await;
    assert!(
        dashboard.body.contains("<a href=\"/admin/reviews\">2</a>"),
        "{}",
        dashboard.body
    );
    // Every admin page's navigation says how many wait.
    for path in ["/admin", "/admin/guilds", "/admin/audit"] {
        let page = client.get(path).await;
        assert!(
            page.body
                .contains("Review queue <span class=\"count\">(2)</span>"),
            "{path}: {}",
            page.body
        );
    }
    let page = client.get("/admin/reviews").await;
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(
        page.body.contains("2 flagged entries wait"),
        "{}",
        page.body
    );
    assert!(page.body.contains("The same entry many times on one day"));
    assert!(page.body.contains("Points far above"));
    assert!(
        page.body
            .contains(&format!("/admin/participants/{}", aino.id))
    );
    assert!(
        page.body.contains("The person&#x27;s latest entries")
            || page.body.contains("latest entries")
    );

    let refused = client
        .post_without_csrf(&format!("/admin/reviews/{repeat}/approve"), &[])
        .await;
    assert_ne!(refused.status, 303);
    assert_eq!(db.store.flag(repeat).await.unwrap().state, "pending");

    let done = client
        .post(&format!("/admin/reviews/{repeat}/approve"), &[])
        .await;
    assert_eq!(done.status, 303, "{}", done.body);
    assert_eq!(db.store.flag(repeat).await.unwrap().state, "approved");

    let empty = client
        .post(
            &format!("/admin/reviews/{outlier}/reject"),
            &[("reason", " ")],
        )
        .await;
    assert!(
        empty.flash().unwrap_or_default().contains("Say why"),
        "{:?}",
        empty.flash()
    );
    assert_eq!(db.store.flag(outlier).await.unwrap().state, "pending");

    let total = db.store.participant(aino.id).await.unwrap().points;
    let done = client
        .post(
            &format!("/admin/reviews/{outlier}/reject"),
            &[("reason", "not plausible")],
        )
        .await;
    assert_eq!(done.status, 303, "{}", done.body);
    assert_eq!(
        db.store.participant(aino.id).await.unwrap().points,
        total - big.activity.points
    );
    let ids: Vec<i64> = people.iter().map(|p| p.id).collect();
    assert_totals_and_ranks_exact(&db.store, &ids).await;
    let audit = client.audit_actions().await;
    assert!(audit.iter().any(|a| a == "review.approve"), "{audit:?}");
    assert!(audit.iter().any(|a| a == "review.reject"), "{audit:?}");
    let page = client.get("/admin/reviews").await;
    assert!(
        page.body.contains("No flagged entries wait"),
        "{}",
        page.body
    );
    assert!(
        page.body.contains("Review queue</a>"),
        "none waiting, no count: {}",
        page.body
    );
}

crate::each_backend!(
    #[tokio::test]
    the_panel_lists_approves_and_rejects
);

/// Sets the active competition's review settings through the one action
/// that sets rules.
async fn count_after_approval(app: &App) -> i64 {
    use activity_challenge::domain::review::FlaggedEntries;
    let id = app.store.active_competition().await.unwrap().unwrap().id;
    let mut rules = app.store.competition(id).await.unwrap().rules;
    rules.review.flagged_entries = FlaggedEntries::CountAfterApproval;
    actions::competitions::set_rules(app, &organiser(), id, rules, None)
        .await
        .unwrap();
    id
}

/// Totals, ranks and guild totals against a fresh sum over the entries
/// (an entry waiting for approval counts nothing).
async fn assert_everything_sums_up(store: &Store, ids: &[i64]) {
    assert_totals_and_ranks_exact(store, ids).await;
    let report = store.check_points(false).await.unwrap();
    assert!(report.drifts.is_empty(), "{:?}", report.drifts);
    let mut guild_total = Points::ZERO;
    for id in ids {
        guild_total += store
            .participant_activities(*id, 0, 10_000)
            .await
            .unwrap()
            .iter()
            .map(|a| a.points)
            .sum::<Points>();
    }
    let standings = store.guild_standings().await.unwrap();
    let ants = standings.iter().find(|g| g.name == "Ants").unwrap();
    assert_eq!(ants.total_points, guild_total);
}

on_both_backends! {
    async fn with_count_after_approval_flagged_points_wait_for_the_organiser(store: Store) {
        let (app, people) = setup(&store).await;
        let [aino, eero, kai, ..] = &people[..] else { unreachable!() };
        let id = count_after_approval(&app).await;
        let ids: Vec<i64> = people.iter().map(|p| p.id).collect();

        // An ordinary entry counts at once.
        let ordinary = log(&app, aino, JOG, 45, today(), "a0").await;
        assert_eq!(ordinary.withheld, Points::ZERO);
        assert!(ordinary.activity.points > Points::ZERO);

        // The third identical jog is flagged: kept with no points, its
        // 2.50 points waiting on the flag, the person told so.
        log(&app, eero, JOG, 20, today(), "e1").await;
        log(&app, eero, JOG, 20, today(), "e2").await;
        let eero_before = store.participant(eero.id).await.unwrap().points;
        let third = log(&app, eero, JOG, 20, today(), "e3").await;
        assert_eq!(third.withheld.to_string(), "2.50");
        assert_eq!(third.activity.points, Points::ZERO);
        assert_eq!(third.total, eero_before);
        assert_eq!(store.participant(eero.id).await.unwrap().points, eero_before);
        assert_eq!(store.activity(third.activity.id).await.unwrap().points, Points::ZERO);
        let rules = store.competition(id).await.unwrap().rules;
        let notes: Vec<String> = actions::activities::rule_notes(&app, &rules, &third)
            .iter()
            .map(|m| m.render(activity_challenge::i18n::Language::English))
            .collect();
        assert!(
            notes.iter().any(|n| n.contains("waits for an organiser's review") && n.contains("2.50")),
            "{notes:?}"
        );

        let aino_before = store.participant(aino.id).await.unwrap().points;
        let big = log(&app, aino, JOG, 600, today(), "a1").await;
        assert_eq!(big.withheld.to_string(), "75.00");
        assert_eq!(store.participant(aino.id).await.unwrap().points, aino_before);
        let late = log(&app, kai, BIKE, 600, today(), "k1").await;
        assert!(late.withheld > Points::ZERO);
        assert_everything_sums_up(&store, &ids).await;

        let flags = store.pending_flags(10).await.unwrap();
        assert_eq!(flags.len(), 3);
        let (repeat, outlier, long) = (&flags[0], &flags[1], &flags[2]);
        assert_eq!(repeat.withheld().map(|p| p.to_string()).as_deref(), Some("2.50"));

        activity_challenge::cli::run_args(&app, &organiser(), &["review", "list"]).await.unwrap();

        // A recompute leaves the waiting entries be.
        actions::competitions::recompute(&app, &organiser(), id, true).await.unwrap();
        assert_eq!(store.activity(long.activity_id.unwrap()).await.unwrap().points, Points::ZERO);
        assert_eq!(store.flag(long.id).await.unwrap().withheld(), Some(late.withheld));
        assert_everything_sums_up(&store, &ids).await;

        // Approval adds the points, in one audited transaction.
        activity_challenge::cli::run_args(&app, &organiser(), &["review", "approve", &repeat.id.to_string()])
            .await
            .unwrap();
        assert_eq!(
            store.participant(eero.id).await.unwrap().points,
            eero_before + third.withheld
        );
        assert_eq!(store.activity(third.activity.id).await.unwrap().points, third.withheld);
        let approved = store
            .list_audit(&Default::default(), 0, 100)
            .await
            .unwrap()
            .into_iter()
            .find(|e| e.action == "review.approve")
            .unwrap();
        assert!(approved.details.as_deref().unwrap_or("").contains("2.50 of the 2.50 points kept aside now count"), "{:?}", approved.details);

        // A rejection removes nothing further from the total.
        actions::reviews::reject(&app, &organiser(), outlier.id, "not plausible").await.unwrap();
        assert_eq!(store.participant(aino.id).await.unwrap().points, aino_before);
        assert!(store.activity(big.activity.id).await.is_err());
        assert_everything_sums_up(&store, &ids).await;

        // Editing a waiting entry keeps its points aside; approving it
        // then counts the new points.
        let bike = entry(&app, BIKE);
        actions::activities::edit(
            &app,
            &organiser(),
            long.activity_id.unwrap(),
            actions::activities::ActivityEdit {
                entry: &bike,
                duration: DurationMinutes::new(300).unwrap(),
                date: today(),
                reason: "typo in the minutes",
                version: None,
            },
        )
        .await
        .unwrap();
        assert_eq!(store.activity(long.activity_id.unwrap()).await.unwrap().points, Points::ZERO);
        assert_eq!(store.flag(long.id).await.unwrap().withheld().map(|p| p.to_string()).as_deref(), Some("35.00"));
        assert_everything_sums_up(&store, &ids).await;
        let kai_before = store.participant(kai.id).await.unwrap().points;
        actions::reviews::approve(&app, &organiser(), long.id).await.unwrap();
        assert_eq!(
            store.participant(kai.id).await.unwrap().points.to_string(),
            (kai_before + Points::from_cents(3500)).to_string()
        );
        assert_everything_sums_up(&store, &ids).await;
        assert_eq!(store.count_pending_flags().await.unwrap(), 0);
    }
}

on_both_backends! {
    async fn imported_entries_go_through_the_same_review_checks(store: Store) {
        let (app, people) = setup(&store).await;
        let [aino, eero, ..] = &people[..] else { unreachable!() };
        count_after_approval(&app).await;
        let ids: Vec<i64> = people.iter().map(|p| p.id).collect();
        let points = |code: &str, minutes: u32| {
            Points::for_activity(entry(&app, code).met, DurationMinutes::new(minutes).unwrap())
        };
        let row = |who: i64, code: &str, minutes: u32, date: NaiveDate| {
            let e = entry(&app, code);
            format!("{who},{},{minutes},{},{date}\n", e.label(), points(code, minutes))
        };
        // Aino: an ordinary jog. Eero, after his four hours of cycling that
        // day: five hours of jogging (far above his usual entry), then
        // over 200 minutes more cycling (past twelve hours in the day).
        let mut csv = String::from("user_id,activity_type,duration,points,activity_date\n");
        csv.push_str(&row(aino.id, JOG, 30, days_ago(1)));
        csv.push_str(&row(eero.id, JOG, 300, days_ago(1)));
        csv.push_str(&row(eero.id, BIKE, 200, days_ago(1)));
        let plan = actions::imports::check_import(&app, csv.as_bytes(), false).await.unwrap();
        assert!(plan.problems.is_empty(), "{:?}", plan.problems);
        let eero_before = store.participant(eero.id).await.unwrap().points;
        let progress = activity_challenge::ops::progress::Progress::hidden(plan.rows.len() as u64);
        let written = actions::imports::import(&app, &organiser(), "test.csv", &plan, &progress)
            .await
            .unwrap();
        assert_eq!((written.activities, written.flagged), (3, 2));
        let (jogged, cycled) = (points(JOG, 300), points(BIKE, 200));
        assert_eq!(written.withheld, jogged + cycled);
        assert_eq!(written.points, points(JOG, 30));
        assert_eq!(store.participant(eero.id).await.unwrap().points, eero_before);
        let flags = store.pending_flags(10).await.unwrap();
        let reasons: Vec<&str> = flags.iter().map(|f| f.reasons.as_str()).collect();
        assert_eq!(reasons, ["outlier_points", "long_day"], "{flags:?}");
        assert!(flags.iter().all(|f| f.user_id == eero.id));
        assert_eq!(flags[0].withheld(), Some(jogged));
        assert_everything_sums_up(&store, &ids).await;
        let audit = store
            .list_audit(&Default::default(), 0, 100)
            .await
            .unwrap()
            .into_iter()
            .find(|e| e.action == "import.activities")
            .unwrap();
        assert!(audit.details.as_deref().unwrap_or("").contains("2 flagged for review"), "{:?}", audit.details);

        actions::reviews::approve(&app, &organiser(), flags[0].id).await.unwrap();
        assert_eq!(store.participant(eero.id).await.unwrap().points, eero_before + jogged);
        assert_everything_sums_up(&store, &ids).await;
    }
}

/// The person is told at logging that a flagged entry waits for review.
async fn the_bot_says_a_flagged_entry_waits_for_review(backend: crate::support::Backend) {
    use crate::support::fake_telegram::Person;
    use crate::support::telegram_bot::TestBot;

    let bot = TestBot::start_with(backend, TestBot::unhurried()).await;
    let gus = Person::new(3302, "Gus");
    bot.register(&gus, "Blue Herons").await;
    let store = &bot.db.store;
    let id = store.active_competition().await.unwrap().unwrap().id;
    let mut rules = store.competition(id).await.unwrap().rules;
    rules.review.repeats_per_day = 2;
    rules.review.flagged_entries =
        activity_challenge::domain::review::FlaggedEntries::CountAfterApproval;
    actions::competitions::set_rules(&bot.app, &organiser(), id, rules, None)
        .await
        .unwrap();
    bot.say(&gus, "running 30").await;
    bot.tap(&gus, "✅ Confirm").await;
    let before = bot.fake.texts(gus.id).len();
    bot.say(&gus, "running 30").await;
    bot.tap(&gus, "✅ Confirm").await;
    let texts = bot.fake.texts(gus.id);
    assert!(
        texts[before..].iter().any(
            |t| t.contains("waits for an organiser") && t.contains("count once it is approved")
        ),
        "{texts:?}"
    );
    let me = store
        .participant_by_telegram_id(gus.id)
        .await
        .unwrap()
        .unwrap();
    let mine = store.participant_activities(me.id, 0, 10).await.unwrap();
    let counted: Points = mine.iter().map(|a| a.points).sum();
    assert_eq!(store.participant(me.id).await.unwrap().points, counted);
    assert_eq!(mine.iter().filter(|a| a.points == Points::ZERO).count(), 1);
}

crate::each_backend!(
    #[tokio::test]
    the_bot_says_a_flagged_entry_waits_for_review
);
