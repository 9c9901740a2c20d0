//! `taps`: how many taps and updates a participant needs to log an
//! activity, counted by driving the real bot (the same dispatcher and
//! handlers as the server) against the built-in fake Bot API on a scratch
//! database, like `bot` does: every step by buttons, a typed entry
//! ("running 30"), a repeated activity from the menu (🔁), a pinned one
//! (📌) and a workout file sent as a document, next to the 7 steps of the
//! bot this product replaced. Each
//! flow must end with exactly one more activity in the database.

use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context as _, bail, ensure};
use chrono::Utc;

use activity_challenge::app::App;
use activity_challenge::bot::flood::FloodLimits;
use activity_challenge::bot::{BotOptions, BotService, Outcome};
use activity_challenge::config::{Config, DatabaseConfig, Secret};
use activity_challenge::domain::GuildDraft;

use crate::bot::fake_telegram::{FakeTelegram, Person, TOKEN};
use crate::bot::{Waiters, drop_scratch, scratch_database};
use crate::workouts::fit_writer;

/// The steps the replaced bot needed to log one activity (its own flow:
/// /log, category, activity, intensity, date, duration, confirm). That bot
/// is not run here.
const REPLACED_BOT_STEPS: u32 = 7;

#[derive(Debug, clap::Args)]
pub(super) struct Args {}

/// One participant in the bot, counting what they do.
struct Driver {
    person: Person,
    fake: Arc<FakeTelegram>,
    waiters: Arc<Waiters>,
    taps: u32,
    updates: u32,
}

impl Driver {
    async fn handled(&mut self, id: i64) -> anyhow::Result<()> {
        let (outcome, _) = self.waiters.wait(id).await?;
        ensure!(
            outcome == Outcome::Handled,
            "an update ended as {outcome:?}"
        );
        self.updates += 1;
        Ok(())
    }

    async fn say(&mut self, text: &str) -> anyhow::Result<()> {
        let id = self.fake.send_text(&self.person, text);
        self.handled(id).await
    }

    async fn send_file(&mut self, name: &str, bytes: &[u8]) -> anyhow::Result<()> {
        let id = self.fake.send_document(&self.person, name, bytes);
        self.handled(id).await
    }

    async fn tap(&mut self, label: &str) -> anyhow::Result<()> {
        let Some((message, data)) = self.fake.find_button(self.person.id, label) else {
            bail!(
                "no button {label:?}; the chat shows {:?}",
                self.fake.last_shown(self.person.id).map(|m| m.text)
            );
        };
        let id = self
            .fake
            .tap_data(&self.person, self.person.id, message, &data);
        self.taps += 1;
        self.handled(id).await
    }

    /// Starts counting a new flow.
    fn reset(&mut self) {
        self.taps = 0;
        self.updates = 0;
    }
}

pub(super) async fn run(config: &Config, _args: Args) -> anyhow::Result<()> {
    let scratch = scratch_database(config).await?;
    let result = bench(config, &scratch.url).await;
    drop_scratch(scratch).await;
    result
}

async fn bench(config: &Config, url: &str) -> anyhow::Result<()> {
    let fake = Arc::new(FakeTelegram::start().await);
    let mut config = config.clone();
    let mut database = DatabaseConfig::from_url(url)?;
    database.connect_timeout = config.database.connect_timeout;
    config.database = database;
    config.bot_token = Some(Secret::new(TOKEN));
    config.telegram_api_url = url::Url::parse(&fake.api_url())?;
    config.bot_webhook = None;
    let app = Arc::new(App::build(config).await?);
    let store = &app.store;
    store
        .create_guild(
            &GuildDraft::parse("Blue Herons", "10").map_err(|e| anyhow::anyhow!("{e:?}"))?,
        )
        .await?;
    super::bot::running_competition(store).await?;
    let waiters = Arc::new(Waiters::default());
    let service = BotService::start(
        app.clone(),
        BotOptions {
            polling_timeout: Duration::from_secs(1),
            flood: FloodLimits {
                burst: 1000,
                per_second: 1000.0,
                ..FloodLimits::default()
            },
            observer: Some(waiters.clone()),
            sending_limits: None,
            ..BotOptions::default()
        },
    )
    .context("the bot did not start")?;
    let mut p = Driver {
        person: Person::new(20_000_001, "Tapper"),
        fake: fake.clone(),
        waiters,
        taps: 0,
        updates: 0,
    };
    let result = flows(&app, &mut p).await;
    service.stop().await;
    let rows = result?;

    println!(
        "{:<44} {:>5} {:>8}  what is sent",
        "logging one activity", "taps", "updates"
    );
    for (what, taps, updates, how) in &rows {
        println!("{what:<44} {taps:>5} {updates:>8}  {how}");
    }
    println!(
        "{:<44} {:>5} {:>8}  its own count of steps (not run here)",
        "the replaced bot", "—", REPLACED_BOT_STEPS
    );
    if let Ok(fake) = Arc::try_unwrap(fake) {
        fake.stop().await;
    }
    if let Ok(app) = Arc::try_unwrap(app) {
        app.store.close().await;
    }
    Ok(())
}

type Row = (&'static str, u32, u32, &'static str);

async fn flows(app: &App, p: &mut Driver) -> anyhow::Result<Vec<Row>> {
    // Registering is not counted.
    p.say("/start").await?;
    p.tap("✅ Accept").await?;
    p.tap("Blue Herons").await?;
    p.tap("✅ Join").await?;
    let mut rows = Vec::new();
    let mut logged = app.store.count_activities().await?;
    let mut one_more = |now: u64, what: &str| -> anyhow::Result<()> {
        ensure!(
            now == logged + 1,
            "{what}: {now} activities, expected {}",
            logged + 1
        );
        logged = now;
        Ok(())
    };

    p.reset();
    p.tap("📝 Log activity").await?;
    p.tap("Running").await?; // the category
    p.tap("Running").await?; // the activity
    p.tap("Moderate · 6.5 MET").await?;
    p.tap("Today").await?;
    p.tap("30 min").await?;
    p.tap("✅ Confirm").await?;
    one_more(app.store.count_activities().await?, "wizard")?;
    rows.push((
        "every step by buttons (📝 Log activity)",
        p.taps,
        p.updates,
        "📝 Log activity, category, activity, intensity, day, minutes, ✅ Confirm",
    ));

    p.reset();
    p.say("running 30").await?;
    p.tap("✅ Confirm").await?;
    one_more(app.store.count_activities().await?, "typed")?;
    rows.push((
        "typed entry with one clear match",
        p.taps,
        p.updates,
        "\"running 30\", ✅ Confirm",
    ));

    p.reset();
    p.tap("🔁 Running 30 min").await?;
    p.tap("✅ Confirm").await?;
    one_more(app.store.count_activities().await?, "repeated")?;
    rows.push((
        "repeated activity (🔁 on the menu)",
        p.taps,
        p.updates,
        "🔁 Running 30 min, ✅ Confirm",
    ));

    // Pinning it once (from the history) is not counted either.
    p.say("/profile").await?;
    p.tap("📜 Activity history").await?;
    p.tap("📌 1").await?;
    p.tap("🏠 Menu").await?;
    p.reset();
    p.tap("📌 Running 30 min").await?;
    p.tap("✅ Confirm").await?;
    one_more(app.store.count_activities().await?, "pinned")?;
    rows.push((
        "pinned activity (📌 on the menu)",
        p.taps,
        p.updates,
        "📌 Running 30 min, ✅ Confirm",
    ));

    // A 30-minute run recorded an hour ago, as a watch exports it.
    let start = Utc::now() - chrono::Duration::minutes(90);
    let file = fit_writer::run(start, 30, 5.0);
    p.reset();
    p.send_file("morning-run.fit", &file).await?;
    p.tap("✅ Log it").await?;
    one_more(app.store.count_activities().await?, "file")?;
    rows.push((
        "workout file (FIT sent as a document)",
        p.taps,
        p.updates,
        "the file, ✅ Log it",
    ));
    Ok(rows)
}
