//! Faults under load: the server killed with SIGKILL while participants log
//! through the bot, PostgreSQL restarted under it, the Bot API answering
//! 429, 500 or too slowly at the confirm step, and backups into a full or
//! unwritable directory. Afterwards every acknowledged activity is there,
//! none twice, every total is the sum of its activities, and the server
//! still serves.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use activity_challenge::bot::Outcome;
use activity_challenge::config::DatabaseConfig;
use activity_challenge::store::Store;
use reqwest::Method;
use sea_orm::{ConnectionTrait, Statement};
use serde_json::Value;
use tokio::time::Instant;

use super::api_public::api_config;
use crate::support::fake_telegram::{Failure, FakeTelegram, Person, TOKEN};
use crate::support::faults::chat::{Ending, Story, is_apology, log_running};
use crate::support::faults::fs_faults::{Immutable, Tmpfs};
use crate::support::faults::pg_cluster::PgCluster;
use crate::support::faults::server_process::ServerProcess;
use crate::support::telegram_bot::TestBot;
use crate::support::{Backend, TestDb, TestServer, add_guild, add_running_competition, register};

const GUILDS: [&str; 2] = ["Blue Herons", "Falcon Club"];

/// Guilds, a running competition and `count` participants with Telegram
/// ids from `first_id`, registered through the store.
async fn populate(store: &Store, first_id: i64, count: i64) -> Vec<Person> {
    for g in GUILDS {
        add_guild(store, g, 100).await;
    }
    add_running_competition(store, 10, 10).await;
    let mut people = Vec::new();
    for i in 0..count {
        let person = Person::new(first_id + i, &format!("P{i}"));
        register(store, person.id, &person.first_name, GUILDS[i as usize % 2]).await;
        people.push(person);
    }
    people
}

/// Each person logs `each` activities (21, 22, … minutes) one after the
/// other, all people at once.
fn start_load(
    fake: &Arc<FakeTelegram>,
    people: &[Person],
    each: u16,
    deadline: Instant,
) -> Vec<tokio::task::JoinHandle<(Person, Vec<Story>)>> {
    people
        .iter()
        .cloned()
        .map(|person| {
            let fake = fake.clone();
            tokio::spawn(async move {
                let mut stories = Vec::new();
                for k in 0..each {
                    stories.push(log_running(&fake, &person, 21 + k, deadline).await);
                }
                (person, stories)
            })
        })
        .collect()
}

/// How many confirmations the bot has sent so far.
fn confirmations(calls: &[crate::support::fake_telegram::Call]) -> usize {
    calls
        .iter()
        .filter(|c| {
            c.method == "editMessageText" && c.text().is_some_and(|t| t.contains("Logged!"))
        })
        .count()
}

/// Every acknowledged activity is in the database exactly once, nothing
/// was logged that was not confirmed, no idempotency key is used twice,
/// and every participant's points are the sum of their activities.
async fn check_nothing_lost_nothing_twice(store: &Store, results: &[(Person, Vec<Story>)]) {
    let mut unfinished = Vec::new();
    for (person, stories) in results {
        let p = store
            .participant_by_telegram_id(person.id)
            .await
            .unwrap()
            .expect("registered");
        let activities = store.participant_activities(p.id, 0, 1000).await.unwrap();
        let mut by_minutes: HashMap<i32, usize> = HashMap::new();
        for a in &activities {
            *by_minutes.entry(a.duration_minutes as i32).or_default() += 1;
        }
        for story in stories {
            let found = by_minutes
                .remove(&i32::from(story.minutes))
                .unwrap_or_default();
            match story.result {
                Ending::Confirmed | Ending::AlreadyDone => assert_eq!(
                    found, 1,
                    "participant {} had {} min acknowledged ({story:?}) and it is in the database {found} times",
                    person.id, story.minutes
                ),
                Ending::Unknown | Ending::NotReached => {
                    unfinished.push((person.id, story.clone()));
                    assert!(found <= 1, "{} min logged {found} times", story.minutes);
                }
            }
        }
        assert!(
            by_minutes.is_empty(),
            "participant {} has activities nobody confirmed: {by_minutes:?}",
            person.id
        );
    }
    assert!(
        unfinished.is_empty(),
        "every participant got their activities in after the fault: {unfinished:?}"
    );
    let twice = store
        .connection()
        .query_one_raw(Statement::from_string(
            store.connection().get_database_backend(),
            "SELECT COUNT(*) AS n FROM (SELECT user_id, idempotency_key FROM activities \
             WHERE idempotency_key IS NOT NULL GROUP BY user_id, idempotency_key \
             HAVING COUNT(*) > 1) AS d",
        ))
        .await
        .unwrap()
        .unwrap()
        .try_get::<i64>("", "n")
        .unwrap();
    assert_eq!(twice, 0, "an idempotency key was used twice");
    let drifted = store
        .connection()
        .query_one_raw(Statement::from_string(
            store.connection().get_database_backend(),
            "SELECT COUNT(*) AS n FROM users u WHERE u.points <> \
             COALESCE((SELECT SUM(a.points) FROM activities a WHERE a.user_id = u.id), 0)",
        ))
        .await
        .unwrap()
        .unwrap()
        .try_get::<i64>("", "n")
        .unwrap();
    assert_eq!(drifted, 0, "a total differs from the sum of its activities");
    let report = store.check_points(false).await.unwrap();
    assert!(report.drifts.is_empty(), "{:?}", report.drifts);
    assert_eq!(store.check_rank_counts(false).await.unwrap(), Some(0));
}

fn summary(results: &[(Person, Vec<Story>)]) -> String {
    let stories: Vec<&Story> = results.iter().flat_map(|(_, s)| s).collect();
    format!(
        "{} activities: {} confirmed, {} already done on a repeated tap, {} confirm taps, {} restarts, {} apologies",
        stories.len(),
        stories
            .iter()
            .filter(|s| s.result == Ending::Confirmed)
            .count(),
        stories
            .iter()
            .filter(|s| s.result == Ending::AlreadyDone)
            .count(),
        stories.iter().map(|s| s.confirm_taps).sum::<u32>(),
        stories.iter().map(|s| s.restarts).sum::<u32>(),
        stories.iter().map(|s| s.apologies).sum::<u32>(),
    )
}

const PEOPLE: i64 = 32;
const EACH: u16 = 3;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sigkill_mid_load_loses_no_confirmed_activity_and_logs_none_twice() {
    let db = TestDb::new(Backend::Postgres).await;
    let people = populate(&db.store, 60_000, PEOPLE).await;
    let fake = Arc::new(FakeTelegram::start().await);
    let dir = tempfile::tempdir().unwrap();
    let api = fake.api_url();
    let vars = [
        ("DATABASE_URL", db.url.as_str()),
        ("TELEGRAM_BOT_TOKEN", TOKEN),
        ("TELEGRAM_API_URL", api.as_str()),
        ("DATABASE_CONNECT_TIMEOUT", "10"),
    ];
    let mut first = ServerProcess::spawn(dir.path(), "first.log", &vars);
    assert!(
        first
            .wait_for_status("/readyz", 200, Duration::from_secs(20))
            .await,
        "{}",
        first.log()
    );

    let deadline = Instant::now() + Duration::from_secs(40);
    let load = start_load(&fake, &people, EACH, deadline);
    let total = (PEOPLE as usize) * usize::from(EACH);
    assert!(
        fake.wait_until(Duration::from_secs(25), |calls| confirmations(calls)
            >= total / 4)
            .await,
        "the load got going: {}",
        first.log()
    );
    first.sigkill();
    let confirmed_at_kill = {
        let n = std::sync::atomic::AtomicUsize::new(0);
        fake.wait_until(Duration::ZERO, |calls| {
            n.store(confirmations(calls), std::sync::atomic::Ordering::Relaxed);
            true
        })
        .await;
        n.into_inner()
    };
    assert!(
        confirmed_at_kill < total,
        "the server was killed while participants were still logging"
    );

    // The same database and Bot API; updates not acknowledged before the
    // kill come again.
    let second = ServerProcess::spawn(dir.path(), "second.log", &vars);
    let mut results = Vec::new();
    for task in load {
        results.push(task.await.expect("a participant's task"));
    }
    eprintln!(
        "killed after {confirmed_at_kill} of {total} confirmations; {}",
        summary(&results)
    );
    check_nothing_lost_nothing_twice(&db.store, &results).await;
    assert_eq!(
        db.store.count_activities().await.unwrap(),
        total as u64,
        "{}",
        second.log()
    );
    let log = second.log();
    assert!(second.stop().await, "{log}");
    if let Ok(fake) = Arc::try_unwrap(fake) {
        fake.stop().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_postgres_restart_mid_load_is_apologised_for_and_recovered_from() {
    let cluster = tokio::task::block_in_place(PgCluster::start);
    cluster.create_database("ac").await;
    let url = cluster.url("ac");
    let store = Store::connect(&DatabaseConfig::from_url(&url).unwrap())
        .await
        .unwrap();
    store.migrate().await.unwrap();
    let people = populate(&store, 61_000, 12).await;
    let zoe = Person::new(61_999, "Zoe");
    register(&store, zoe.id, "Zoe", GUILDS[0]).await;

    let fake = Arc::new(FakeTelegram::start().await);
    let dir = tempfile::tempdir().unwrap();
    let api = fake.api_url();
    let vars = [
        ("DATABASE_URL", url.as_str()),
        ("TELEGRAM_BOT_TOKEN", TOKEN),
        ("TELEGRAM_API_URL", api.as_str()),
        ("DATABASE_CONNECT_TIMEOUT", "10"),
    ];
    let server = ServerProcess::spawn(dir.path(), "serve.log", &vars);
    assert!(
        server
            .wait_for_status("/readyz", 200, Duration::from_secs(20))
            .await,
        "{}",
        server.log()
    );

    let started = Instant::now();
    let deadline = started + Duration::from_secs(48);
    let load = start_load(&fake, &people, EACH, deadline);
    assert!(
        fake.wait_until(Duration::from_secs(20), |calls| confirmations(calls) >= 6)
            .await,
        "the load got going: {}",
        server.log()
    );

    tokio::task::block_in_place(|| cluster.stop_fast());
    let down = Instant::now();
    assert!(
        server
            .wait_for_status("/readyz", 503, Duration::from_secs(10))
            .await,
        "/readyz says the database is gone"
    );
    assert_eq!(server.status("/healthz").await, 200, "the process is alive");

    // Someone writing now gets an apology, not silence.
    fake.send_text(&zoe, "/stats");
    let apologised = fake
        .wait_until(Duration::from_secs(25), |calls| {
            calls.iter().any(|c| {
                c.method == "sendMessage"
                    && c.chat_id() == Some(zoe.id)
                    && c.text().is_some_and(is_apology)
            })
        })
        .await;
    assert!(
        apologised,
        "an apology came while the database was down: {:?}",
        fake.texts(zoe.id)
    );
    let apology_after = down.elapsed();
    assert_eq!(server.status("/readyz").await, 503);

    tokio::task::block_in_place(|| cluster.start_again());
    let up = Instant::now();
    assert!(
        server
            .wait_for_status("/readyz", 200, Duration::from_secs(20))
            .await,
        "/readyz recovers by itself: {}",
        server.log()
    );
    let ready_after = up.elapsed();

    // The bot works again.
    let before = fake.texts(zoe.id).len();
    fake.send_text(&zoe, "/stats");
    assert!(
        fake.wait_until(Duration::from_secs(20), |calls| {
            calls
                .iter()
                .filter(|c| {
                    matches!(c.method.as_str(), "sendMessage" | "editMessageText")
                        && c.chat_id() == Some(zoe.id)
                })
                .skip(before)
                .any(|c| c.text().is_some_and(|t| t.contains("Your stats")))
        })
        .await,
        "the bot answers again: {:?}",
        fake.texts(zoe.id)
    );

    let mut results = Vec::new();
    for task in load {
        results.push(task.await.expect("a participant's task"));
    }
    eprintln!(
        "apology {apology_after:?} after the stop, ready {ready_after:?} after the start, all done {:?} after the load began; {}",
        started.elapsed(),
        summary(&results)
    );
    assert!(
        results
            .iter()
            .flat_map(|(_, s)| s)
            .any(|s| s.apologies > 0 || s.confirm_taps > 1 || s.restarts > 0),
        "the outage hit participants in the middle of logging"
    );
    check_nothing_lost_nothing_twice(&store, &results).await;
    let log = server.log();
    assert!(server.stop().await, "{log}");
    store.close().await;
    if let Ok(fake) = Arc::try_unwrap(fake) {
        fake.stop().await;
    }
    drop(cluster);
}

/// Walks `person` to the review of `minutes` of moderate running today.
async fn to_review(bot: &TestBot, person: &Person, minutes: u16) {
    // A partial word shows the list, as a person would pick from it.
    bot.say(person, &format!("runn {minutes}")).await;
    bot.tap(person, "Running (Running)").await;
    bot.tap(person, "Moderate · 6.5 MET").await;
    bot.tap(person, "Today").await;
    assert!(
        bot.last_text(person).contains("Check and confirm"),
        "{}",
        bot.last_text(person)
    );
}

async fn activity_count(bot: &TestBot, person: &Person) -> u64 {
    let p = bot
        .db
        .store
        .participant_by_telegram_id(person.id)
        .await
        .unwrap()
        .unwrap();
    bot.db
        .store
        .count_participant_activities(p.id)
        .await
        .unwrap()
}

/// teloxide's HTTP client gives up on a request after 17 s.
const CLIENT_TIMEOUT: Duration = Duration::from_secs(17);

/// Taps Confirm on `person`'s review (with the Bot API failing as set up
/// before), then checks: handled, logged exactly once with `points`, the
/// confirmation and the menu shown, the tap answered, the next update
/// handled, and the old Confirm button logging nothing more.
async fn confirm_logs_once(bot: &TestBot, person: &Person, points: &str) -> Duration {
    let started = std::time::Instant::now();
    assert_eq!(bot.tap(person, "✅ Confirm").await, Outcome::Handled);
    let took = started.elapsed();

    assert_eq!(activity_count(bot, person).await, 1, "logged exactly once");
    let shown = bot.fake.shown(person.id);
    let confirmation = shown
        .iter()
        .find(|m| m.text.contains("Logged!"))
        .unwrap_or_else(|| panic!("no confirmation: {:?}", bot.fake.texts(person.id)));
    assert!(
        confirmation.text.contains(&format!("+{points}")),
        "{}",
        confirmation.text
    );
    assert!(
        bot.last_labels(person)
            .contains(&"📝 Log activity".to_string()),
        "the menu arrived"
    );
    assert!(
        bot.fake
            .callback_answers()
            .contains(&Some("Logged!".to_string())),
        "the tap was answered"
    );
    let p = bot
        .db
        .store
        .participant_by_telegram_id(person.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(p.points.to_string(), points);

    // Nothing is stuck: the next update is handled, and the old Confirm
    // button does not log again.
    assert_eq!(bot.say(person, "/stats").await, Outcome::Handled);
    assert!(bot.last_text(person).contains("Your stats"));
    let again = bot
        .fake
        .tap_data(person, person.id, confirmation.message_id, "log:ok");
    assert_eq!(bot.recorder.wait(again).await, Outcome::Handled);
    assert_eq!(activity_count(bot, person).await, 1);
    let report = bot.db.store.check_points(false).await.unwrap();
    assert!(report.drifts.is_empty(), "{:?}", report.drifts);
    took
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_confirm_through_429s_and_a_500_logs_once() {
    let bot = TestBot::start(Backend::Postgres).await;
    let ann = Person::new(7101, "Ann");
    bot.register(&ann, "Blue Herons").await;
    to_review(&bot, &ann, 25).await;
    // The confirmation edit and the tap's answer are refused with 429, the
    // menu after them with a 500 (teloxide itself waits 10 s after a 5xx).
    bot.fake.fail_next(
        "editMessageText",
        Failure::TooManyRequests { retry_after: 1 },
    );
    bot.fake.fail_next("sendMessage", Failure::ServerError);
    bot.fake.fail_next(
        "answerCallbackQuery",
        Failure::TooManyRequests { retry_after: 1 },
    );
    let took = confirm_logs_once(&bot, &ann, "2.71").await;
    assert!(
        took >= Duration::from_secs(2),
        "the 429s were waited out: {took:?}"
    );
    assert_eq!(
        bot.fake
            .calls_of("editMessageText")
            .iter()
            .filter(|c| c.text().is_some_and(|t| t.contains("Logged!")))
            .count(),
        2,
        "one refused, one delivered"
    );
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_confirm_whose_answer_times_out_is_retried_and_logs_once() {
    let bot = TestBot::start(Backend::Postgres).await;
    let cy = Person::new(7103, "Cy");
    bot.register(&cy, "Blue Herons").await;
    to_review(&bot, &cy, 25).await;
    // The confirmation edit is answered only after the client gave up.
    bot.fake.fail_next(
        "editMessageText",
        Failure::Slow(CLIENT_TIMEOUT + Duration::from_secs(2)),
    );
    let took = confirm_logs_once(&bot, &cy, "2.71").await;
    assert!(
        took >= CLIENT_TIMEOUT,
        "the slow answer was waited for until the client gave up: {took:?}"
    );
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_confirmation_telegram_never_takes_is_apologised_for_and_a_second_tap_logs_nothing_more()
{
    let bot = TestBot::start(Backend::Postgres).await;
    let bo = Person::new(7102, "Bo");
    bot.register(&bo, "Falcon Club").await;
    to_review(&bot, &bo, 30).await;
    let (review, data) = bot.fake.find_button(bo.id, "✅ Confirm").unwrap();

    // Every attempt at showing the confirmation is refused.
    for _ in 0..4 {
        bot.fake.fail_next(
            "editMessageText",
            Failure::TooManyRequests { retry_after: 1 },
        );
    }
    let first = bot.fake.tap_data(&bo, bo.id, review, &data);
    assert_eq!(bot.recorder.wait(first).await, Outcome::Failed);
    assert!(
        is_apology(&bot.last_text(&bo)),
        "the participant is told to try again: {}",
        bot.last_text(&bo)
    );
    assert_eq!(
        activity_count(&bot, &bo).await,
        1,
        "the activity was stored before the confirmation failed"
    );

    // They do try again: the review still shows its Confirm button.
    assert!(
        bot.fake
            .shown(bo.id)
            .iter()
            .any(|m| m.message_id == review && m.labels().contains(&"✅ Confirm".to_string()))
    );
    let second = bot.fake.tap_data(&bo, bo.id, review, &data);
    assert_eq!(bot.recorder.wait(second).await, Outcome::Handled);
    assert_eq!(activity_count(&bot, &bo).await, 1, "not logged twice");
    assert_eq!(
        bot.fake
            .callback_answers()
            .last()
            .cloned()
            .flatten()
            .as_deref(),
        Some("Already logged.")
    );

    // And the next activity is logged normally.
    to_review(&bot, &bo, 40).await;
    assert_eq!(bot.tap(&bo, "✅ Confirm").await, Outcome::Handled);
    assert_eq!(activity_count(&bot, &bo).await, 2);
    let p = bot
        .db
        .store
        .participant_by_telegram_id(bo.id)
        .await
        .unwrap()
        .unwrap();
    // 6.5 MET × 30 min = 3.25, × 40 min = 4.33.
    assert_eq!(p.points.to_string(), "7.58");
    let report = bot.db.store.check_points(false).await.unwrap();
    assert!(report.drifts.is_empty(), "{:?}", report.drifts);
    bot.stop().await;
}

/// A database with something in it, and an API token.
async fn backup_fixture() -> (TestDb, String) {
    let db = TestDb::new(Backend::Postgres).await;
    let people = populate(&db.store, 62_000, 5).await;
    for p in &people {
        let id = db
            .store
            .participant_by_telegram_id(p.id)
            .await
            .unwrap()
            .unwrap()
            .id;
        super::api_public::log(&db.store, id, 30, 1).await;
    }
    let token = db.store.create_api_token("faults").await.unwrap().secret;
    (db, token)
}

fn listing(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect();
    files.sort();
    files
}

async fn api(server: &TestServer, method: Method, path: &str, token: &str) -> (u16, String) {
    let resp = server
        .client
        .request(method, format!("{}/api/v1{path}", server.base_url))
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    (resp.status().as_u16(), resp.text().await.unwrap())
}

/// A backup into `dir` (which holds old backups) fails with a message
/// containing each of `expect`; the old backups keep their bytes, nothing
/// is left behind, nothing is recorded as a backup, and the server goes on
/// serving.
async fn backup_fails_cleanly(db: &TestDb, token: &str, dir: &Path, expect: &[&str]) {
    let before = listing(dir);
    assert!(!before.is_empty(), "there is an old backup to protect");
    let mut config = api_config(db, &[]);
    config.backup.dir = dir.to_path_buf();
    let server = TestServer::start(config).await;

    for format in ["plain", "custom"] {
        let (status, body) = api(
            &server,
            Method::POST,
            &format!("/admin/backups?format={format}"),
            token,
        )
        .await;
        assert_eq!(status, 500, "{body}");
        let error: Value = serde_json::from_str(&body).unwrap();
        assert_eq!(error["code"], "backup_failed", "{body}");
        let message = error["message"].as_str().unwrap_or_default();
        for e in expect {
            assert!(message.contains(e), "{e:?} is not in {message:?}");
        }
        assert!(message.contains("untouched"), "{message}");
        assert_eq!(listing(dir), before, "the directory is as it was");
    }
    assert!(
        !db.store
            .list_audit(&Default::default(), 0, 100)
            .await
            .unwrap()
            .iter()
            .any(|e| e.action == "backup"),
        "no backup was recorded"
    );

    // The server goes on.
    assert_eq!(server.get("/healthz").await.status().as_u16(), 200);
    assert_eq!(server.get("/readyz").await.status().as_u16(), 200);
    let standings = server.get("/api/v1/standings").await;
    assert_eq!(standings.status().as_u16(), 200);
    let (status, body) = api(&server, Method::GET, "/admin/backups", token).await;
    assert_eq!(status, 200, "{body}");
    let list: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(
        list["total"].as_u64(),
        Some(
            before
                .iter()
                .filter(|(n, _)| !n.ends_with(".manifest.json"))
                .count() as u64
        ),
        "{body}"
    );
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_backup_onto_a_full_disk_fails_clearly_and_harms_nothing() {
    let (db, token) = backup_fixture().await;
    let disk = Tmpfs::mount("64k");
    disk.fill_with(&disk.path().join("backup-20260101-000000.sql.gz"));
    backup_fails_cleanly(
        &db,
        &token,
        disk.path(),
        &["No space left on device", "is full", "BACKUP_DIR"],
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_backup_into_an_unwritable_directory_fails_clearly_and_harms_nothing() {
    let (db, token) = backup_fixture().await;

    // Immutable: not even root may create a file there.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("backup-20260101-000000.sql.gz"),
        b"old backup",
    )
    .unwrap();
    std::fs::write(
        dir.path()
            .join("backup-20260101-000000.sql.gz.manifest.json"),
        b"{}",
    )
    .unwrap();
    let frozen = Immutable::make(dir.path());
    backup_fails_cleanly(&db, &token, dir.path(), &["not writable", "BACKUP_DIR"]).await;
    drop(frozen);

    // A read-only file system.
    let disk = Tmpfs::mount("1m");
    std::fs::write(disk.path().join("backup-20260102-000000.dump"), b"old dump").unwrap();
    disk.remount_read_only();
    backup_fails_cleanly(&db, &token, disk.path(), &["not writable", "BACKUP_DIR"]).await;
}

/// A download whose database goes away part-way must not look complete:
/// the response is cut off (no terminating chunk), so the client sees an
/// error instead of a short file it would take for the whole export.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_export_whose_database_fails_mid_stream_ends_in_an_error_not_a_short_file() {
    let cluster = tokio::task::block_in_place(PgCluster::start);
    cluster.create_database("ac").await;
    let url = cluster.url("ac");
    let store = Store::connect(&DatabaseConfig::from_url(&url).unwrap())
        .await
        .unwrap();
    store.migrate().await.unwrap();
    // About 50 MB of CSV: far more than the buffers between the database,
    // the server and the client hold, so the export is still reading
    // rows when the database stops.
    let raw = sea_orm::Database::connect(url.as_str()).await.unwrap();
    raw.execute_unprepared(
        "INSERT INTO audit_log (actor, action, target, details) \
         SELECT 'cli', 'fill', 'row ' || g, repeat('x', 200) FROM generate_series(1, 200000) g",
    )
    .await
    .unwrap();
    let _ = raw.close().await;
    let token = store.create_api_token("faults").await.unwrap().secret;
    store.close().await;
    let vars: HashMap<String, String> = [
        ("DATABASE_URL", url.as_str()),
        ("LISTEN_ADDR", "127.0.0.1:0"),
        ("DATABASE_CONNECT_TIMEOUT", "5"),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    let server =
        TestServer::start(activity_challenge::config::Config::from_vars(&vars).unwrap()).await;

    let mut download = server
        .client
        .get(format!(
            "{}/api/v1/admin/exports/audit-log",
            server.base_url
        ))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(download.status(), 200);
    let mut received = download
        .chunk()
        .await
        .expect("the export starts")
        .expect("a first chunk")
        .len();
    tokio::task::block_in_place(|| cluster.stop_fast());
    let ended = loop {
        match download.chunk().await {
            Ok(Some(chunk)) => received += chunk.len(),
            Ok(None) => break Ok(()),
            Err(e) => break Err(e),
        }
    };
    assert!(
        ended.is_err(),
        "the download ended as if complete after {received} bytes"
    );
    assert!(received < 40_000_000, "{received} bytes arrived");
    // Liveness does not depend on the database.
    assert_eq!(server.get("/healthz").await.status(), 200);
}
