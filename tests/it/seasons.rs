//! Seasons: a competition whose last day is over is ended through one
//! audited action (the command line, the panel and the API call it): its
//! final standings are frozen into the hall of fame, its entries go to the
//! archive with the totals following, and the next competition starts from
//! zero with the same people. Nothing of the season is lost.

use activity_challenge::actions::{self, ActionError, Actor};
use activity_challenge::app::App;
use activity_challenge::domain::{CompetitionDraft, Points, parse_duration};
use activity_challenge::store::Store;
use activity_challenge::store::activities::NewActivity;
use activity_challenge::store::competitions::Competition;
use activity_challenge::store::participants::Participant;
use chrono::{Days, NaiveDate, Utc};
use rust_decimal::Decimal;
use sea_orm::{FromQueryResult, Statement};

use crate::on_both_backends;
use crate::support::cli::{output_text, run_cli};
use crate::support::{Backend, TestDb, add_guild, app_for, register};

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

/// Logs `minutes` of jogging (7.5 MET) on `day` straight into the store.
async fn log(app: &App, who: &Participant, minutes: &str, day: NaiveDate) {
    let entry = app.catalogue.entry_by_code("12020").unwrap();
    app.store
        .log_activity(NewActivity::from_catalogue(
            who.id,
            entry,
            parse_duration(minutes).unwrap(),
            day,
            None,
        ))
        .await
        .unwrap();
}

async fn competition(
    store: &Store,
    name: &str,
    start: NaiveDate,
    end: NaiveDate,
    active: bool,
) -> Competition {
    let draft = CompetitionDraft::parse(
        name,
        "",
        &start.to_string(),
        &end.to_string(),
        "Europe/Helsinki",
    )
    .unwrap();
    store.create_competition(&draft, active).await.unwrap()
}

#[derive(FromQueryResult)]
struct Figures {
    n: i64,
    total: Option<Decimal>,
}

/// Rows and point sum of a table.
async fn figures(store: &Store, table: &str) -> (i64, Decimal) {
    let sql = format!("SELECT COUNT(*) AS n, SUM(points) AS total FROM {table}");
    let row = Figures::find_by_statement(Statement::from_string(store.backend(), sql))
        .one(store.connection())
        .await
        .unwrap()
        .unwrap();
    (row.n, row.total.unwrap_or_default().round_dp(2))
}

async fn count(store: &Store, sql: &str) -> i64 {
    #[derive(FromQueryResult)]
    struct N {
        n: i64,
    }
    N::find_by_statement(Statement::from_string(store.backend(), sql.to_string()))
        .one(store.connection())
        .await
        .unwrap()
        .unwrap()
        .n
}

async fn sum_of_totals(store: &Store) -> Decimal {
    figures(store, "users").await.1
}

/// Ants (3 configured) and Bees (2): Aino and Eero in Ants, Bea in Bees,
/// a test user in Bees; a season that ended yesterday; one entry of Eero's
/// dated today, after it.
async fn season(store: &Store) -> (App, Competition, [Participant; 3]) {
    let app = app_for(store);
    add_guild(store, "Ants", 3).await;
    add_guild(store, "Bees", 2).await;
    let c = competition(store, "Winter", days_ago(20), days_ago(1), true).await;
    let aino = register(store, 1, "Aino", "Ants").await;
    let eero = register(store, 2, "Eero", "Ants").await;
    let bea = register(store, 3, "Bea", "Bees").await;
    let demo = register(store, 4, "Demo", "Bees").await;
    store.set_test_user(demo.id, true).await.unwrap();
    log(&app, &aino, "60", days_ago(10)).await; // 7.50
    log(&app, &aino, "60", days_ago(2)).await; // 7.50
    log(&app, &eero, "30", days_ago(5)).await; // 3.75
    log(&app, &bea, "150", days_ago(3)).await; // 18.75
    log(&app, &demo, "600", days_ago(3)).await; // 75.00, not in any list
    log(&app, &eero, "60", today()).await; // after the season: stays live
    (app, c, [aino, eero, bea])
}

on_both_backends! {
    async fn a_season_ends_with_nothing_lost_and_the_next_starts_from_zero(store: Store) {
        let (app, c, [aino, eero, bea]) = season(&store).await;
        let live_before = figures(&store, "activities").await;
        let archive_before = figures(&store, "activities_archive").await;
        let totals_before = sum_of_totals(&store).await;
        assert_eq!(live_before, (6, Decimal::new(12000, 2)));

        // The preview says what would happen and changes nothing.
        let preview = actions::competitions::end_season(&app, &organiser(), c.id, false)
            .await
            .unwrap();
        assert!(!preview.applied());
        assert_eq!(preview.plan.archive_activities, 5);
        assert_eq!(preview.plan.archive_points, Points::new(Decimal::new(11250, 2)));
        assert_eq!(preview.plan.results.len(), 3, "the test user is left out");
        let ranked: Vec<(u64, Option<i64>)> =
            preview.plan.results.iter().map(|r| (r.rank, r.user_id)).collect();
        assert_eq!(ranked, [(1, Some(bea.id)), (2, Some(aino.id)), (3, Some(eero.id))]);
        // Bees: 18.75 points ÷ 2 = 9.4; Ants: 18.75 ÷ 3 = 6.3.
        let guilds: Vec<(u64, &str, Decimal)> = preview
            .plan
            .guilds
            .iter()
            .map(|g| (g.rank, g.name.as_str(), g.average))
            .collect();
        assert_eq!(guilds, [(1, "Bees", Decimal::new(94, 1)), (2, "Ants", Decimal::new(63, 1))]);
        assert_eq!(figures(&store, "activities").await, live_before);
        assert_eq!(figures(&store, "activities_archive").await, archive_before);
        assert_eq!(count(&store, "SELECT COUNT(*) AS n FROM seasons").await, 0);
        assert!(store.competition(c.id).await.unwrap().is_active);

        // Ending it.
        let ended = actions::competitions::end_season(&app, &organiser(), c.id, true)
            .await
            .unwrap();
        assert!(ended.applied());
        let archived = ended.archived.as_ref().unwrap();
        assert_eq!(archived.deleted, 5);

        // Nothing lost: rows and points before = archive + live after.
        let live_after = figures(&store, "activities").await;
        let archive_after = figures(&store, "activities_archive").await;
        assert_eq!(live_after.0 + archive_after.0, live_before.0 + archive_before.0);
        assert_eq!(live_after.1 + archive_after.1, live_before.1 + archive_before.1);
        assert_eq!(live_after, (1, Decimal::new(750, 2)), "only today's entry stays live");
        // The totals follow the live table: the season's points are gone from them.
        assert_eq!(sum_of_totals(&store).await, totals_before - Decimal::new(11250, 2));
        assert_eq!(sum_of_totals(&store).await, live_after.1);
        assert_eq!(store.participant(aino.id).await.unwrap().points, Points::ZERO);
        assert_eq!(store.participant(bea.id).await.unwrap().points, Points::ZERO);
        assert_eq!(
            store.participant(eero.id).await.unwrap().points,
            Points::new(Decimal::new(750, 2))
        );
        assert!(!store.competition(c.id).await.unwrap().is_active);

        // The hall of fame holds the old standings.
        let hall = store.hall_of_fame(10).await.unwrap();
        assert_eq!(hall.len(), 1);
        assert_eq!(hall[0].season.name, "Winter");
        assert_eq!(hall[0].season.participants, 3);
        assert_eq!(hall[0].guilds, preview.plan.guilds.guilds);
        let leaders: Vec<(u64, &str, Points)> = hall[0]
            .leaders
            .iter()
            .map(|l| (l.rank, l.first_name.as_str(), l.points))
            .collect();
        assert_eq!(
            leaders,
            [
                (1, "Bea", Points::new(Decimal::new(1875, 2))),
                (2, "Aino", Points::new(Decimal::new(1500, 2))),
                (3, "Eero", Points::new(Decimal::new(375, 2))),
            ]
        );
        let mine = store.participant_seasons(aino.id).await.unwrap();
        assert_eq!(mine.len(), 1);
        assert_eq!((mine[0].rank, mine[0].guild_rank), (2, Some(2)));
        assert_eq!(mine[0].points, Points::new(Decimal::new(1500, 2)));

        // Ending it again is refused, clearly, and changes nothing.
        let again = actions::competitions::end_season(&app, &organiser(), c.id, true).await;
        assert!(matches!(again, Err(ActionError::Conflict(_))), "{again:?}");
        assert_eq!(figures(&store, "activities").await, live_after);

        // The next competition, the same people: standings start from zero.
        let next = competition(&store, "Spring", today(), today() + Days::new(30), true).await;
        assert!(store.active_competition().await.unwrap().unwrap().id == next.id);
        let standings = store.public_guild_standings().await.unwrap();
        let ants = standings.iter().find(|g| g.name == "Ants").unwrap();
        assert_eq!(ants.total_points, Points::new(Decimal::new(750, 2)));
        let bees = standings.iter().find(|g| g.name == "Bees").unwrap();
        assert_eq!(bees.total_points, Points::ZERO);
        log(&app, &bea, "60", today()).await;
        assert_eq!(
            store.participant(bea.id).await.unwrap().points,
            Points::new(Decimal::new(750, 2))
        );
        // The audit log has the one ending.
        assert_eq!(
            count(&store, "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'competition.end_season'").await,
            1
        );
    }
}

on_both_backends! {
    async fn a_season_that_has_not_ended_cannot_be_ended(store: Store) {
        let app = app_for(&store);
        add_guild(&store, "Ants", 3).await;
        let running = competition(&store, "Running", days_ago(3), today(), true).await;
        let aino = register(&store, 1, "Aino", "Ants").await;
        log(&app, &aino, "60", today()).await;
        for apply in [false, true] {
            let refused = actions::competitions::end_season(&app, &organiser(), running.id, apply).await;
            match refused {
                Err(ActionError::Rejected(m)) => {
                    assert!(m.to_string().contains("its season can be ended once its last day is over"), "{m}")
                }
                other => panic!("{other:?}"),
            }
        }
        let missing = actions::competitions::end_season(&app, &organiser(), running.id + 100, false).await;
        assert!(matches!(missing, Err(ActionError::NotFound(_))), "{missing:?}");
        assert_eq!(figures(&store, "activities").await.0, 1);
        assert_eq!(count(&store, "SELECT COUNT(*) AS n FROM seasons").await, 0);
        assert_eq!(count(&store, "SELECT COUNT(*) AS n FROM audit_log").await, 0);
    }
}

on_both_backends! {
    async fn the_hall_of_fame_respects_anonymity_and_deleted_accounts(store: Store) {
        let (app, c, [aino, eero, bea]) = season(&store).await;
        actions::competitions::end_season(&app, &organiser(), c.id, true)
            .await
            .unwrap();
        store.set_public_anonymous(aino.id, true).await.unwrap();
        store.delete_participant(bea.id).await.unwrap();
        let leaders = &store.hall_of_fame(10).await.unwrap()[0].leaders;
        let shown: Vec<(u64, &str, bool, bool)> = leaders
            .iter()
            .map(|l| (l.rank, l.first_name.as_str(), l.anonymous, l.former))
            .collect();
        assert_eq!(
            shown,
            [(1, "", false, true), (2, "", true, false), (3, "Eero", false, false)],
            "ranks stay, names go"
        );
        assert_eq!(
            count(&store, &format!("SELECT COUNT(*) AS n FROM season_results WHERE user_id = {}", bea.id)).await,
            0
        );
        assert_eq!(
            count(&store, "SELECT COUNT(*) AS n FROM season_results WHERE user_id IS NULL AND guild IS NULL").await,
            1,
            "the deleted participant's row keeps only a rank and points"
        );
        assert_eq!(store.participant_seasons(eero.id).await.unwrap().len(), 1);
        // Their own copy of their data has it too.
        assert_eq!(store.own_rows(eero.id, 2).await.unwrap().season_results.len(), 1);
    }
}

crate::each_backend!(
    #[tokio::test]
    the_command_line_previews_then_ends_a_season
);

async fn the_command_line_previews_then_ends_a_season(backend: Backend) {
    let db = TestDb::new(backend).await;
    let (_app, c, _) = season(&db.store).await;
    let dir = tempfile::tempdir().unwrap();
    let id = c.id.to_string();
    let run = |args: &[&str]| {
        let out = run_cli(dir.path(), &[("DATABASE_URL", &db.url)], args, "");
        (out.status.success(), output_text(&out))
    };
    let (ok, preview) = run(&["competition", "end-season", &id]);
    assert!(ok, "{preview}");
    assert!(preview.contains("1. Bees"), "{preview}");
    assert!(
        preview.contains("Ending it would archive 5 activities (112.50 points)"),
        "{preview}"
    );
    assert!(preview.contains("Nothing was changed"), "{preview}");
    assert_eq!(figures(&db.store, "activities").await.0, 6);

    let (ok, ended) = run(&["competition", "end-season", &id, "--yes"]);
    assert!(ok, "{ended}");
    assert!(ended.contains("Season ended"), "{ended}");
    assert!(ended.contains("5 activities (112.50 points)"), "{ended}");
    assert_eq!(figures(&db.store, "activities").await.0, 1);
    assert_eq!(figures(&db.store, "activities_archive").await.0, 5);

    // Nothing of the season is lost: its entries export from the archive.
    let (ok, csv) = run(&["export", "archived-activities"]);
    assert!(ok, "{csv}");
    let lines: Vec<&str> = csv
        .lines()
        .filter(|l| !l.is_empty() && !l.starts_with("exported "))
        .collect();
    assert_eq!(lines.len(), 6, "a header and the five entries: {csv}");
    assert!(lines[0].starts_with("id,user_id,username,guild"), "{csv}");

    let (ok, again) = run(&["competition", "end-season", &id, "--yes"]);
    assert!(!ok, "{again}");
    assert!(again.contains("was already ended"), "{again}");
    let audit = db
        .store
        .list_audit(&Default::default(), 0, 100)
        .await
        .unwrap();
    let ends: Vec<_> = audit
        .iter()
        .filter(|e| e.action == "competition.end_season")
        .collect();
    assert_eq!(ends.len(), 1);
    assert!(ends[0].actor.starts_with("cli"), "{:?}", ends[0]);
}

crate::each_backend!(
    #[tokio::test]
    the_api_previews_and_ends_a_season_and_shows_the_hall_of_fame
);

const BOT_TOKEN: &str = "123456789:AAEabcdefghijklmnopqrstuvwxyz012345";

async fn the_api_previews_and_ends_a_season_and_shows_the_hall_of_fame(backend: Backend) {
    use activity_challenge::domain::init_data::sign_init_data;
    use serde_json::Value;

    let db = TestDb::new(backend).await;
    let (_app, c, [aino, ..]) = season(&db.store).await;
    db.store.set_public_anonymous(aino.id, true).await.unwrap();
    let server = crate::support::TestServer::start(crate::api_public::api_config(
        &db,
        &[("TELEGRAM_BOT_TOKEN", BOT_TOKEN)],
    ))
    .await;
    let token = db.store.create_api_token("tests").await.unwrap().secret;
    let post = |apply: bool| {
        server
            .client
            .post(format!(
                "{}/api/v1/admin/competitions/{}/end-season?apply={apply}",
                server.base_url, c.id
            ))
            .bearer_auth(&token)
            .send()
    };

    let resp = post(false).await.unwrap();
    assert_eq!(resp.status(), 200);
    let preview: Value = resp.json().await.unwrap();
    assert_eq!(preview["applied"], false, "{preview}");
    assert_eq!(preview["archived_activities"], 5, "{preview}");
    assert_eq!(preview["archived_points"], "112.50", "{preview}");
    assert_eq!(preview["guilds"][0]["name"], "Bees", "{preview}");
    assert_eq!(figures(&db.store, "activities").await.0, 6);

    let resp = post(true).await.unwrap();
    assert_eq!(resp.status(), 200);
    let ended: Value = resp.json().await.unwrap();
    assert_eq!(ended["applied"], true, "{ended}");
    assert_eq!(figures(&db.store, "activities").await.0, 1);
    let resp = post(true).await.unwrap();
    assert_eq!(resp.status(), 409, "ending twice is refused");

    let hall: Value = server
        .get("/api/v1/hall-of-fame")
        .await
        .json()
        .await
        .unwrap();
    let season = &hall["items"][0];
    assert_eq!(season["name"], "Winter", "{hall}");
    assert_eq!(season["guilds"][0]["name"], "Bees", "{hall}");
    assert_eq!(season["guilds"][0]["average"], "9.4", "{hall}");
    assert_eq!(season["leaders"][0]["first_name"], "Bea", "{hall}");
    assert_eq!(season["leaders"][1]["first_name"], "", "anonymous: {hall}");
    assert_eq!(season["leaders"][1]["anonymous"], true, "{hall}");
    assert_eq!(season["leaders"].as_array().unwrap().len(), 3, "{hall}");

    let user = r#"{"id":1,"first_name":"Aino"}"#;
    let init = sign_init_data(
        &[
            ("user", user),
            ("auth_date", &chrono::Utc::now().timestamp().to_string()),
        ],
        BOT_TOKEN,
    );
    let mine: Value = server
        .client
        .get(format!("{}/api/v1/me/seasons", server.base_url))
        .header("X-Telegram-Init-Data", init)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(mine["items"][0]["name"], "Winter", "{mine}");
    assert_eq!(mine["items"][0]["rank"], 2, "{mine}");
    assert_eq!(mine["items"][0]["participants"], 3, "{mine}");
    assert_eq!(mine["items"][0]["guild_rank"], 2, "{mine}");
    assert_eq!(mine["items"][0]["points"], "15.00", "{mine}");

    let audit = db
        .store
        .list_audit(&Default::default(), 0, 100)
        .await
        .unwrap();
    let ends: Vec<_> = audit
        .iter()
        .filter(|e| e.action == "competition.end_season")
        .collect();
    assert_eq!(ends.len(), 1);
    server.stop().await;
}

crate::each_backend!(
    #[tokio::test]
    the_bot_shows_past_seasons_and_my_own_results
);

async fn the_bot_shows_past_seasons_and_my_own_results(backend: Backend) {
    use crate::support::fake_telegram::Person;
    use crate::support::telegram_bot::TestBot;

    let bot = TestBot::start(backend).await;
    let ann = Person::new(3001, "Ann");
    let cy = Person::new(3003, "Cy");
    bot.register(&ann, "Blue Herons").await;
    bot.register(&cy, "Falcon Club").await;

    bot.say(&ann, "/stats").await;
    bot.tap(&ann, "🏛 Past seasons").await;
    let none = bot.last_text(&ann);
    assert!(none.contains("No season has ended yet"), "{none}");

    let store = &bot.db.store;
    let app = app_for(store);
    let autumn = competition(store, "Autumn", days_ago(60), days_ago(40), false).await;
    let ann_p = store
        .participant_by_telegram_id(3001)
        .await
        .unwrap()
        .unwrap();
    let cy_p = store
        .participant_by_telegram_id(3003)
        .await
        .unwrap()
        .unwrap();
    log(&app, &ann_p, "60", days_ago(50)).await; // 7.50
    log(&app, &cy_p, "120", days_ago(45)).await; // 15.00
    actions::competitions::end_season(&app, &organiser(), autumn.id, true)
        .await
        .unwrap();

    bot.tap(&ann, "🏛 Past seasons").await;
    let past = bot.last_text(&ann);
    assert!(past.contains("Past seasons"), "{past}");
    assert!(past.contains("<b>Autumn</b>"), "{past}");
    assert!(past.contains("🏅 1. Cy — 15.00"), "{past}");
    assert!(past.contains("🏅 2. Ann — 7.50"), "{past}");
    assert!(past.contains("You: 2 of 2, 7.50 points"), "{past}");

    let fi = Person::new(3004, "Eino");
    bot.register(&fi, "Falcon Club").await;
    bot.say(&fi, "/language").await;
    bot.tap(&fi, "Suomi").await;
    bot.say(&fi, "/stats").await;
    bot.tap(&fi, "🏛 Menneet kaudet").await;
    let finnish = bot.last_text(&fi);
    assert!(
        finnish.contains("Sinulla ei ollut pisteitä tällä kaudella"),
        "{finnish}"
    );
}

crate::each_backend!(
    #[tokio::test]
    the_panel_previews_ends_and_shows_the_hall_of_fame
);

async fn the_panel_previews_ends_and_shows_the_hall_of_fame(backend: Backend) {
    use crate::admin_client::AdminClient;

    let db = TestDb::new(backend).await;
    let (_app, c, _) = season(&db.store).await;
    let panel = AdminClient::logged_in(db.config()).await;

    let page = panel.get(&format!("/admin/competitions/{}", c.id)).await;
    assert!(
        page.body
            .contains(&format!("/admin/competitions/{}/end-season", c.id)),
        "the finished competition offers ending its season"
    );
    let empty = panel.get("/admin/hall-of-fame").await;
    assert_eq!(empty.status, 200);
    assert!(
        empty.body.contains("No season has ended yet"),
        "{}",
        empty.body
    );

    let preview = panel
        .get(&format!("/admin/competitions/{}/end-season", c.id))
        .await;
    assert_eq!(preview.status, 200, "{}", preview.body);
    assert!(
        preview.body.contains("Final guild standings"),
        "{}",
        preview.body
    );
    assert!(
        preview.body.contains("5 entries (112.50 points)"),
        "{}",
        preview.body
    );
    assert_eq!(
        figures(&db.store, "activities").await.0,
        6,
        "the preview changes nothing"
    );

    let done = panel
        .post(&format!("/admin/competitions/{}/end-season", c.id), &[])
        .await;
    assert_eq!(done.status, 303, "{}", done.body);
    assert_eq!(done.location(), "/admin/hall-of-fame");
    assert!(done.flash().unwrap_or_default().contains("has ended"));
    assert_eq!(figures(&db.store, "activities").await.0, 1);

    let hall = panel.get("/admin/hall-of-fame").await;
    assert!(hall.body.contains("Winter"), "{}", hall.body);
    assert!(hall.body.contains("Bea (Bees)"), "{}", hall.body);

    let again = panel
        .post(&format!("/admin/competitions/{}/end-season", c.id), &[])
        .await;
    assert_eq!(again.status, 303);
    assert!(
        again.flash().unwrap_or_default().contains("already ended"),
        "{:?}",
        again.flash()
    );
    assert_eq!(
        panel
            .audit_actions()
            .await
            .iter()
            .filter(|a| *a == "competition.end_season")
            .count(),
        1
    );
    panel.stop().await;
}

/// The Mini App reads the hall of fame and my seasons, and has the words
/// for them in both languages.
#[tokio::test]
async fn the_mini_app_asks_for_past_seasons_in_the_readers_language() {
    let db = TestDb::new(Backend::Sqlite).await;
    let server = crate::support::TestServer::start(crate::api_public::api_config(&db, &[])).await;
    let js = server.get("/app/static/app.js").await.text().await.unwrap();
    assert!(
        js.contains("\"/hall-of-fame\""),
        "the app asks for the hall of fame"
    );
    assert!(js.contains("\"/me/seasons\""), "and for my seasons");
    let en = server.get("/app?lang=en").await.text().await.unwrap();
    assert!(
        en.contains("Past seasons"),
        "the English words are on the page"
    );
    let fi = server.get("/app?lang=fi").await.text().await.unwrap();
    assert!(
        fi.contains("Menneet kaudet"),
        "the Finnish words are on the page"
    );
    server.stop().await;
}
