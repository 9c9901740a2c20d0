//! The real bot on a test database, talking to the fake Bot API: send a
//! message or tap a button, and wait until the bot has handled it.

#![allow(dead_code)]

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use activity_challenge::app::App;
use activity_challenge::bot::flood::FloodLimits;
use activity_challenge::bot::{BotOptions, BotService, Outcome, UpdateObserver};
use activity_challenge::config::Config;
use activity_challenge::metrics::BotState;
use teloxide::types::Update;
use tokio::sync::Notify;

use super::fake_telegram::{FakeTelegram, Person, TOKEN};
use super::{Backend, TestDb};

/// Remembers how each update ended, so tests can wait for it.
#[derive(Default)]
pub struct Recorder {
    outcomes: Mutex<HashMap<i64, Outcome>>,
    notify: Notify,
}

impl UpdateObserver for Recorder {
    fn handled(&self, update: &Update, outcome: Outcome, _took: Duration) {
        self.outcomes
            .lock()
            .unwrap()
            .insert(i64::from(update.id.0), outcome);
        self.notify.notify_waiters();
    }
}

impl Recorder {
    /// How many updates ended as `outcome` so far.
    pub fn count(&self, outcome: Outcome) -> usize {
        self.outcomes
            .lock()
            .unwrap()
            .values()
            .filter(|o| **o == outcome)
            .count()
    }

    /// Whether update `id` was handled (with any outcome) yet.
    pub fn outcome(&self, id: i64) -> Option<Outcome> {
        self.outcomes.lock().unwrap().get(&id).copied()
    }

    /// Waits (up to 30 s) until update `id` was handled, and returns how.
    pub async fn wait(&self, id: i64) -> Outcome {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(30);
        loop {
            let notified = self.notify.notified();
            if let Some(o) = self.outcomes.lock().unwrap().get(&id) {
                return *o;
            }
            if tokio::time::timeout_at(deadline, notified).await.is_err() {
                panic!("update {id} was not handled within 30 s");
            }
        }
    }
}

/// A bot, its database and the fake Telegram.
pub struct TestBot {
    pub db: TestDb,
    pub fake: FakeTelegram,
    pub app: Arc<App>,
    pub recorder: Arc<Recorder>,
    service: Option<BotService>,
    extra: Vec<(String, String)>,
    options: BotOptions,
}

impl TestBot {
    /// A bot on a fresh database on `backend`, with two guilds and a competition
    /// that started 10 days ago and ends in 10 days.
    pub async fn start(backend: Backend) -> TestBot {
        Self::start_with(backend, FloodLimits::default()).await
    }

    /// Like [`start`](Self::start), with `flood` limits (a test tapping
    /// faster than any person sets them high).
    pub async fn start_with(backend: Backend, flood: FloodLimits) -> TestBot {
        let db = TestDb::new(backend).await;
        super::add_guild(&db.store, "Blue Herons", 40).await;
        super::add_guild(&db.store, "Falcon Club", 55).await;
        super::add_running_competition(&db.store, 10, 10).await;
        Self::on(db, Vec::new(), flood).await
    }

    /// Flood limits no test's pace reaches.
    pub fn unhurried() -> FloodLimits {
        FloodLimits {
            burst: 1000,
            per_second: 1000.0,
            ..FloodLimits::default()
        }
    }

    /// A bot on `db`, with extra configuration variables and flood limits.
    pub async fn on(db: TestDb, extra: Vec<(String, String)>, flood: FloodLimits) -> TestBot {
        Self::with_options(
            db,
            extra,
            BotOptions {
                flood,
                ..BotOptions::default()
            },
        )
        .await
    }

    /// A bot on `db` run with `options` (its observer is the test's recorder).
    pub async fn with_options(
        db: TestDb,
        extra: Vec<(String, String)>,
        options: BotOptions,
    ) -> TestBot {
        let fake = FakeTelegram::start().await;
        let recorder = Arc::new(Recorder::default());
        let app = Arc::new(
            App::build(config(&db, &fake, &extra))
                .await
                .expect("app builds"),
        );
        let service = Self::service(app.clone(), recorder.clone(), options.clone()).await;
        TestBot {
            db,
            fake,
            app,
            recorder,
            service: Some(service),
            extra,
            options,
        }
    }

    async fn service(app: Arc<App>, recorder: Arc<Recorder>, options: BotOptions) -> BotService {
        let status = app.metrics.bot_status().clone();
        let service = BotService::start(
            app,
            BotOptions {
                polling_timeout: Duration::from_secs(1),
                observer: Some(recorder),
                ..options
            },
        )
        .expect("a token is configured");
        // Tests begin once the bot has reached the fake Telegram (its
        // command menu registered, the webhook set or deleted).
        let deadline = tokio::time::Instant::now() + Duration::from_secs(30);
        while status.report().state != BotState::Up {
            assert!(
                tokio::time::Instant::now() < deadline,
                "the bot did not come up within 30 s: {:?}",
                status.report()
            );
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        service
    }

    /// The running service (webhook tests need its inbox).
    pub fn service_ref(&self) -> &BotService {
        self.service.as_ref().expect("running")
    }

    /// Stops the bot and starts a new one (a new app and pool) on the same
    /// database and fake, as after a restart.
    pub async fn restart(&mut self) {
        if let Some(s) = self.service.take() {
            s.stop().await;
        }
        self.recorder = Arc::new(Recorder::default());
        self.app = Arc::new(
            App::build(config(&self.db, &self.fake, &self.extra))
                .await
                .expect("app builds"),
        );
        self.service = Some(
            Self::service(
                self.app.clone(),
                self.recorder.clone(),
                self.options.clone(),
            )
            .await,
        );
    }

    /// Stops the bot.
    pub async fn stop(mut self) {
        if let Some(s) = self.service.take() {
            s.stop().await;
        }
    }

    /// Stops the bot and returns how long the stop took, keeping the fake
    /// and the recorder for a look at what happened.
    pub async fn stop_timed(&mut self) -> Duration {
        let started = std::time::Instant::now();
        if let Some(s) = self.service.take() {
            s.stop().await;
        }
        started.elapsed()
    }

    /// `person` sends `text`; returns once the bot has handled it.
    pub async fn say(&self, person: &Person, text: &str) -> Outcome {
        let id = self.fake.send_text(person, text);
        self.recorder.wait(id).await
    }

    /// `person` taps the newest button labelled `label`; returns once handled.
    pub async fn tap(&self, person: &Person, label: &str) -> Outcome {
        let id = self.fake.tap(person, label);
        self.recorder.wait(id).await
    }

    /// The text of the newest message in `person`'s chat.
    pub fn last_text(&self, person: &Person) -> String {
        self.fake
            .last_shown(person.id)
            .map(|m| m.text)
            .unwrap_or_default()
    }

    /// The button labels of the newest message in `person`'s chat.
    pub fn last_labels(&self, person: &Person) -> Vec<String> {
        self.fake
            .last_shown(person.id)
            .map(|m| m.labels())
            .unwrap_or_default()
    }

    /// Registers `person` with `guild` through the bot.
    pub async fn register(&self, person: &Person, guild: &str) {
        self.say(person, "/start").await;
        self.tap(person, "✅ Accept").await;
        self.tap(person, guild).await;
        self.tap(person, "✅ Join").await;
        assert!(
            self.last_text(person).contains("You are registered"),
            "{}",
            self.last_text(person)
        );
    }
}

fn config(db: &TestDb, fake: &FakeTelegram, extra: &[(String, String)]) -> Config {
    let mut vars: HashMap<String, String> = [
        ("DATABASE_URL", db.url.as_str()),
        ("LISTEN_ADDR", "127.0.0.1:0"),
        ("DATABASE_CONNECT_TIMEOUT", "5"),
        ("TELEGRAM_BOT_TOKEN", TOKEN),
        ("TELEGRAM_API_URL", fake.api_url().as_str()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    vars.extend(extra.iter().cloned());
    Config::from_vars(&vars).expect("test configuration is valid")
}
