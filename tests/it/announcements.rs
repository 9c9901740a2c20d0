//! Announcements through the job queue, against the fake Bot API, which
//! records the moment of every call: each participant gets the message
//! exactly once, never more than the configured rate overall nor more than
//! one a second per chat; a 429 holds everything back for its
//! `retry_after`; a person who blocked the bot is marked unreachable and
//! skipped from then on; two instances on one database, and a server
//! killed with SIGKILL in the middle, still send each message once.

use std::collections::HashMap;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use activity_challenge::actions::Actor;
use activity_challenge::actions::announcements::{self, Draft};
use activity_challenge::app::App;
use activity_challenge::bot::{BotOptions, BotService};
use activity_challenge::domain::AdminRole;
use activity_challenge::domain::announcement::Audience;
use activity_challenge::store::Store;
use sea_orm::ConnectionTrait;

use crate::support::fake_telegram::{Call, Failure, FakeTelegram, TOKEN};
use crate::support::{Backend, TestDb, add_guild, register};

const BIN: &str = env!("CARGO_BIN_EXE_activity-challenge");
const FIRST_CHAT: i64 = 500_000;

/// An organiser at the command line.
fn organiser() -> Actor {
    Actor::Cli {
        user: "olli".into(),
        host: "office".into(),
    }
}

fn draft(body: &str, audience: Audience) -> Draft {
    Draft {
        body: body.into(),
        audience,
    }
}

/// `n` participants in guild "Tietokilta", chats FIRST_CHAT…
async fn participants(store: &Store, n: i64) {
    add_guild(store, "Tietokilta", 400).await;
    add_guild(store, "Prodeko", 10).await;
    for i in 0..n {
        register(store, FIRST_CHAT + i, &format!("P{i}"), "Tietokilta").await;
    }
}

fn config_vars(
    db: &TestDb,
    fake: &FakeTelegram,
    per_second: u32,
) -> activity_challenge::config::Config {
    let mut config = db.config();
    config.bot_token = Some(activity_challenge::config::Secret::new(TOKEN));
    config.telegram_api_url = fake.api_url().parse().unwrap();
    config.messages.per_second = per_second;
    config
}

async fn instance(db: &TestDb, fake: &FakeTelegram, per_second: u32) -> (Arc<App>, BotService) {
    let app = Arc::new(
        App::build(config_vars(db, fake, per_second))
            .await
            .expect("app builds"),
    );
    let service = BotService::start(
        app.clone(),
        BotOptions {
            polling_timeout: Duration::from_secs(1),
            ..BotOptions::default()
        },
    )
    .expect("a token is configured");
    (app, service)
}

/// The announcement's sendMessage calls with `text`, by chat.
fn deliveries<'a>(calls: &'a [Call], text: &str) -> Vec<&'a Call> {
    calls
        .iter()
        .filter(|c| c.method == "sendMessage" && c.text() == Some(text))
        .collect()
}

/// The most calls in any stretch of `span` (measured where they arrived).
fn most_within(calls: &[&Call], span: Duration) -> usize {
    let mut at: Vec<Instant> = calls.iter().map(|c| c.at).collect();
    at.sort();
    (0..at.len())
        .map(|i| at[i..].iter().take_while(|t| **t - at[i] < span).count())
        .max()
        .unwrap_or(0)
}

async fn wait_finished(app: &App, id: i64, timeout: Duration) {
    let deadline = Instant::now() + timeout;
    loop {
        let (_, p) = announcements::status(app, &organiser(), id).await.unwrap();
        if p.finished() {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "not finished in {timeout:?}: {p:?}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn each_backend(test: impl AsyncFn(Backend)) {
    for backend in [Backend::Postgres, Backend::Sqlite] {
        test(backend).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_announcement_reaches_each_participant_once_within_the_limits() {
    each_backend(async |backend| {
        let db = TestDb::new(backend).await;
        participants(&db.store, 300).await;
        let fake = FakeTelegram::start().await;
        let blocked = FIRST_CHAT + 7;
        fake.block(blocked);
        // Telegram asks to slow down once, early on.
        fake.fail_next("sendMessage", Failure::TooManyRequests { retry_after: 2 });
        let (app, service) = instance(&db, &fake, 60).await;

        let body = "Sauna night <Friday> & prizes!";
        let preview = announcements::preview(&app, &organiser(), &draft(body, Audience::Everyone))
            .await
            .unwrap();
        assert_eq!(preview.recipients, 300);
        assert!(
            fake.calls_of("sendMessage").is_empty(),
            "a preview sends nothing"
        );
        let sent = announcements::send(&app, &organiser(), &draft(body, Audience::Everyone))
            .await
            .unwrap();
        assert_eq!(sent.recipients, 300);
        wait_finished(&app, sent.id, Duration::from_secs(60)).await;
        let (_, progress) = announcements::status(&app, &organiser(), sent.id)
            .await
            .unwrap();
        assert_eq!(
            (progress.sent, progress.unreachable, progress.failed),
            (299, 1, 0)
        );

        let calls = fake.calls();
        let escaped = "Sauna night &lt;Friday&gt; &amp; prizes!";
        let got = deliveries(&calls, escaped);
        let mut per_chat: HashMap<i64, usize> = HashMap::new();
        for c in &got {
            *per_chat.entry(c.chat_id().unwrap()).or_default() += 1;
        }
        // Everyone once; the 429's message again after the pause; the
        // blocked person tried once and never again.
        for i in 0..300 {
            let chat = FIRST_CHAT + i;
            let n = per_chat.get(&chat).copied().unwrap_or(0);
            if chat == blocked {
                assert_eq!(n, 1, "the blocked chat is tried once");
            } else {
                assert!(n == 1 || n == 2, "chat {chat} got {n}");
            }
        }
        let twice: Vec<_> = per_chat.iter().filter(|(_, n)| **n == 2).collect();
        assert_eq!(
            twice.len(),
            1,
            "only the message answered 429 went twice: {twice:?}"
        );
        // The 429 held every message back for its two seconds (those
        // already on their way when it came back still arrive).
        let first = got.iter().map(|c| c.at).min().unwrap();
        let during = got
            .iter()
            .filter(|c| {
                c.at - first > Duration::from_millis(300)
                    && c.at - first < Duration::from_millis(1_900)
            })
            .count();
        assert_eq!(during, 0, "messages went during the pause");
        // Never more than 60 in a second (50 ms allowed for the network).
        let most = most_within(&got, Duration::from_millis(950));
        assert!(most <= 60, "{most} messages within a second");

        // The blocked person is unreachable: a new announcement leaves them out.
        let again = announcements::preview(&app, &organiser(), &draft("Again", Audience::Everyone))
            .await
            .unwrap();
        assert_eq!(again.recipients, 299);
        service.stop().await;
        fake.stop().await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_chat_gets_at_most_one_message_a_second_and_cancelling_stops_the_rest() {
    let db = TestDb::new(Backend::Sqlite).await;
    participants(&db.store, 3).await;
    register(&db.store, 42, "Guild-less?", "Prodeko").await;
    let fake = FakeTelegram::start().await;
    let (app, service) = instance(&db, &fake, 1000).await;
    let mut ids = Vec::new();
    for n in 1..=3 {
        let to = Audience::Guild("Tietokilta".into());
        ids.push(
            announcements::send(&app, &organiser(), &draft(&format!("News {n}"), to))
                .await
                .unwrap()
                .id,
        );
    }
    for id in &ids {
        wait_finished(&app, *id, Duration::from_secs(30)).await;
    }
    for chat in FIRST_CHAT..FIRST_CHAT + 3 {
        let mut at: Vec<Instant> = fake
            .calls_of("sendMessage")
            .into_iter()
            .filter(|c| c.chat_id() == Some(chat))
            .map(|c| c.at)
            .collect();
        at.sort();
        assert_eq!(at.len(), 3, "chat {chat}");
        for pair in at.windows(2) {
            assert!(
                pair[1] - pair[0] >= Duration::from_millis(950),
                "two messages to {chat} {:?} apart",
                pair[1] - pair[0]
            );
        }
    }
    assert!(fake.texts(42).is_empty(), "the other guild heard nothing");

    // A large announcement cancelled at once: what was not sent never is.
    service.stop().await;
    let big = announcements::send(&app, &organiser(), &draft("Cancelled", Audience::Everyone))
        .await
        .unwrap();
    let called_off = announcements::cancel(&app, &organiser(), big.id)
        .await
        .unwrap();
    assert_eq!(called_off, 4);
    let (_, service) = instance(&db, &fake, 1000).await;
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert!(deliveries(&fake.calls(), "Cancelled").is_empty());
    let (_, p) = announcements::status(&app, &organiser(), big.id)
        .await
        .unwrap();
    assert_eq!((p.cancelled, p.waiting), (4, 0));
    assert!(
        announcements::cancel(&app, &organiser(), big.id)
            .await
            .is_err(),
        "cancelled once"
    );
    let audit = db
        .store
        .list_audit(&Default::default(), 0, 20)
        .await
        .unwrap();
    assert!(audit.iter().any(|e| e.action == "announcement.cancel"));
    assert_eq!(
        audit
            .iter()
            .filter(|e| e.action == "announcement.send")
            .count(),
        4
    );
    service.stop().await;
    fake.stop().await;
}

#[tokio::test]
async fn bad_announcements_are_refused_and_write_nothing() {
    let db = TestDb::new(Backend::Sqlite).await;
    participants(&db.store, 2).await;
    let app = crate::support::app_for(&db.store);
    for (body, to) in [
        ("   ", Audience::Everyone),
        (&"x".repeat(3_001) as &str, Audience::Everyone),
        ("Hello", Audience::Guild("No such guild".into())),
        ("Hello", Audience::Guild("Prodeko".into())),
    ] {
        assert!(
            announcements::send(&app, &organiser(), &draft(body, to))
                .await
                .is_err(),
            "{body:.10}"
        );
    }
    let viewer = Actor::Admin {
        id: 2,
        username: "vera".into(),
        role: AdminRole::Viewer,
    };
    assert!(
        announcements::send(&app, &viewer, &draft("Hi", Audience::Everyone))
            .await
            .is_err()
    );
    assert!(
        announcements::list(&app, &organiser())
            .await
            .unwrap()
            .is_empty()
    );
    assert!(db.store.queue_counts().await.unwrap().is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_instances_send_each_message_once_and_keep_the_overall_limit_together() {
    let db = TestDb::new(Backend::Postgres).await;
    participants(&db.store, 300).await;
    let fake = FakeTelegram::start().await;
    let (app, first) = instance(&db, &fake, 50).await;
    let (_, second) = instance(&db, &fake, 50).await;
    let sent = announcements::send(&app, &organiser(), &draft("Both of us", Audience::Everyone))
        .await
        .unwrap();
    wait_finished(&app, sent.id, Duration::from_secs(60)).await;
    let calls = fake.calls();
    let got = deliveries(&calls, "Both of us");
    assert_eq!(got.len(), 300);
    let mut chats: Vec<i64> = got.iter().map(|c| c.chat_id().unwrap()).collect();
    chats.sort();
    chats.dedup();
    assert_eq!(chats.len(), 300, "each once");
    let most = most_within(&got, Duration::from_millis(950));
    assert!(most <= 50, "{most} within a second from the two together");
    let workers = db
        .store
        .connection()
        .query_all_raw(sea_orm::Statement::from_sql_and_values(
            sea_orm::DbBackend::Postgres,
            "SELECT DISTINCT worker FROM jobs WHERE announcement_id = $1",
            [sent.id.into()],
        ))
        .await
        .unwrap();
    assert_eq!(workers.len(), 2, "both instances sent some");
    first.stop().await;
    second.stop().await;
    fake.stop().await;
}

fn spawn_serve(db_url: &str, fake: &FakeTelegram, port: u16) -> Child {
    Command::new(BIN)
        .arg("serve")
        .env("DATABASE_URL", db_url)
        .env("LISTEN_ADDR", format!("127.0.0.1:{port}"))
        .env("TELEGRAM_BOT_TOKEN", TOKEN)
        .env("TELEGRAM_API_URL", fake.api_url())
        .env("MESSAGES_PER_SECOND", "30")
        .env("RUST_LOG", "warn")
        .env_remove("TELEGRAM_WEBHOOK_URL")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("the server starts")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_server_killed_mid_announcement_sends_nobody_the_message_twice() {
    let db = TestDb::new(Backend::Postgres).await;
    participants(&db.store, 300).await;
    let fake = FakeTelegram::start().await;
    let app = crate::support::app_for(&db.store);
    let sent = announcements::send(&app, &organiser(), &draft("Killed", Audience::Everyone))
        .await
        .unwrap();
    let port = || {
        std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port()
    };
    let mut child = spawn_serve(&db.url, &fake, port());
    // About a third of the way (30 a second), SIGKILL: no goodbye.
    assert!(
        fake.wait_until(Duration::from_secs(60), |calls| deliveries(calls, "Killed")
            .len()
            >= 100)
            .await
    );
    child.kill().unwrap();
    child.wait().unwrap();
    let before = deliveries(&fake.calls(), "Killed").len();
    let mut child = spawn_serve(&db.url, &fake, port());
    wait_finished(&app, sent.id, Duration::from_secs(90)).await;
    let _ = child.kill();
    let _ = child.wait();

    let calls = fake.calls();
    let got = deliveries(&calls, "Killed");
    let mut per_chat: HashMap<i64, usize> = HashMap::new();
    for c in &got {
        *per_chat.entry(c.chat_id().unwrap()).or_default() += 1;
    }
    assert!(per_chat.values().all(|n| *n == 1), "nobody twice");
    let (_, p) = announcements::status(&app, &organiser(), sent.id)
        .await
        .unwrap();
    // A message in flight at the kill is not sent again: it is counted as
    // failed ("unknown"), and the fake shows whether it arrived.
    assert_eq!(p.sent + p.failed, 300, "{p:?}");
    assert!(
        p.failed <= 30,
        "at most the messages of one second in flight: {p:?}"
    );
    assert!(got.len() as i64 >= p.sent, "{} delivered, {p:?}", got.len());
    assert!(
        300 - per_chat.len() as i64 <= p.failed,
        "everyone not reached is accounted for: {p:?}"
    );
    assert!(before < 300, "the kill came before the end");
    fake.stop().await;
}

#[tokio::test]
async fn an_organiser_writes_previews_sends_follows_and_cancels_in_the_panel() {
    use crate::admin_client::AdminClient;
    let db = TestDb::new(Backend::Sqlite).await;
    participants(&db.store, 3).await;
    register(&db.store, 42, "Pia", "Prodeko").await;
    let client = AdminClient::logged_in(db.config()).await;

    let page = client.get("/admin/announcements").await;
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(page.body.contains("No announcements yet."));

    // An empty text is refused on the form, with what to do.
    let refused = client
        .post(
            "/admin/announcements/preview",
            &[("body", "  "), ("to", "everyone")],
        )
        .await;
    assert!(refused.body.contains("has no text"), "{}", refused.body);

    let preview = client
        .post(
            "/admin/announcements/preview",
            &[
                ("body", "Sauna <tonight>\nBring a towel"),
                ("to", "guild"),
                ("guild", "Prodeko"),
                ("days", "7"),
            ],
        )
        .await;
    assert_eq!(preview.status, 200, "{}", preview.body);
    assert!(
        preview
            .body
            .contains("the members of Prodeko: 1 participant"),
        "{}",
        preview.body
    );
    assert!(
        preview
            .body
            .contains("<p>Sauna &#60;tonight&#62;</p><p>Bring a towel</p>"),
        "{}",
        preview.body
    );
    assert!(preview.body.contains("Send to 1 participant"));
    assert!(
        db.store.queue_counts().await.unwrap().is_empty(),
        "a preview queues nothing"
    );

    let sent = client
        .post(
            "/admin/announcements",
            &[
                ("body", "Sauna <tonight>\nBring a towel"),
                ("to", "guild"),
                ("guild", "Prodeko"),
                ("days", "7"),
            ],
        )
        .await;
    assert_eq!(sent.status, 303, "{}", sent.body);
    let location = sent.location().to_string();
    assert!(location.starts_with("/admin/announcements/"), "{location}");
    let page = client.get(&location).await;
    assert!(page.body.contains("data-progress-url"), "{}", page.body);
    assert!(page.body.contains("Cancel what has not been sent"));
    let figures = client.get(&format!("{location}/progress")).await;
    assert!(figures.body.contains("\"waiting\":1"), "{}", figures.body);

    let cancelled = client.post(&format!("{location}/cancel"), &[]).await;
    assert_eq!(cancelled.status, 303);
    assert!(
        cancelled
            .flash()
            .unwrap()
            .contains("1 message was not sent")
    );
    let page = client.get("/admin/announcements").await;
    assert!(page.body.contains("cancelled"), "{}", page.body);
    let queue = client.get("/admin/queue").await;
    assert_eq!(queue.status, 200, "{}", queue.body);
    assert!(queue.body.contains("No job is parked."));

    let audit = db
        .store
        .list_audit(&Default::default(), 0, 10)
        .await
        .unwrap();
    let actions: Vec<_> = audit.iter().map(|e| e.action.as_str()).collect();
    assert!(actions.contains(&"announcement.send") && actions.contains(&"announcement.cancel"));
}

/// The admin API previews (queueing nothing), sends (audited, as the
/// token), follows and cancels an announcement; bad input is a 422 that
/// names the field and writes nothing; a token is needed.
async fn the_api_previews_sends_follows_and_cancels(backend: Backend) {
    let db = TestDb::new(backend).await;
    participants(&db.store, 3).await;
    register(&db.store, 42, "Pia", "Prodeko").await;
    let server = crate::support::TestServer::start(db.config()).await;
    let token =
        activity_challenge::actions::api_tokens::create(&server.app, &Actor::System, "news")
            .await
            .unwrap()
            .secret;
    let call = |method: reqwest::Method, path: &str, body: Option<&str>| {
        let mut request = server
            .client
            .request(method, format!("{}/api/v1/admin{path}", server.base_url))
            .bearer_auth(&token);
        if let Some(body) = body {
            request = request
                .header("content-type", "application/json")
                .body(body.to_string());
        }
        async move {
            let response = request.send().await.unwrap();
            let status = response.status().as_u16();
            (
                status,
                response
                    .json::<serde_json::Value>()
                    .await
                    .unwrap_or_default(),
            )
        }
    };
    use reqwest::Method;

    let (status, body) = call(
        Method::POST,
        "/announcements/preview",
        Some(r#"{"body":"Sauna tonight","audience":"guild:Prodeko"}"#),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["recipients"], 1);
    assert_eq!(body["audience"], "guild:Prodeko");
    assert!(
        db.store.queue_counts().await.unwrap().is_empty(),
        "a preview queues nothing"
    );

    for (bad, field) in [
        (r#"{"body":"Hi","audience":"somebody"}"#, "audience"),
        (r#"{"body":"   ","audience":"everyone"}"#, "no text"),
        (r#"{"body":"Hi","audience":"guild:Nowhere"}"#, "Nowhere"),
    ] {
        let (status, body) = call(Method::POST, "/announcements", Some(bad)).await;
        assert!(status == 422 || status == 404, "{bad}: {status} {body}");
        assert!(
            body["message"].as_str().unwrap_or_default().contains(field),
            "{bad}: {body}"
        );
    }
    assert!(
        db.store.queue_counts().await.unwrap().is_empty(),
        "nothing written"
    );

    let (status, body) = call(
        Method::POST,
        "/announcements",
        Some(r#"{"body":"Sauna tonight\nBring a towel","audience":"everyone"}"#),
    )
    .await;
    assert_eq!(status, 201, "{body}");
    assert_eq!(body["recipients"], 4);
    assert_eq!(body["progress"]["waiting"], 4);
    assert_eq!(body["progress"]["finished"], false);
    let id = body["id"].as_i64().unwrap();

    let (status, body) = call(Method::GET, &format!("/announcements/{id}"), None).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["body"], "Sauna tonight\nBring a towel");
    let (status, body) = call(Method::GET, "/announcements", None).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["items"].as_array().unwrap().len(), 1);

    let (status, body) = call(Method::POST, &format!("/announcements/{id}/cancel"), None).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["called_off"], 4);
    assert_eq!(body["announcement"]["progress"]["cancelled"], 4);
    assert_eq!(body["announcement"]["progress"]["finished"], true);
    let (status, _) = call(Method::POST, &format!("/announcements/{id}/cancel"), None).await;
    assert_eq!(status, 409);
    let (status, _) = call(Method::GET, "/announcements/999", None).await;
    assert_eq!(status, 404);

    let audit = db
        .store
        .list_audit(&Default::default(), 0, 50)
        .await
        .unwrap();
    for action in ["announcement.send", "announcement.cancel"] {
        let entry = audit.iter().find(|e| e.action == action).unwrap();
        assert_eq!(entry.actor_kind, "api", "{action}");
    }
    let anonymous = server
        .client
        .get(format!("{}/api/v1/admin/announcements", server.base_url))
        .send()
        .await
        .unwrap();
    assert_eq!(anonymous.status().as_u16(), 401);
    server.stop().await;
}

#[tokio::test]
async fn the_api_previews_sends_follows_and_cancels_announcements() {
    each_backend(the_api_previews_sends_follows_and_cancels).await;
}
