//! Demo data: realistic participants (marked as test users) with
//! MET-correct activities, loaded quickly in one transaction.
//!
//! Activities are drawn from a seeded generator twice: the first pass only
//! adds up every participant's total, so participants can be written with
//! their final points before their activities; the second pass draws the
//! same activities again and writes them. Totals therefore equal the sums
//! exactly, without holding millions of activities in memory or updating a
//! million rows afterwards.

use std::time::{Duration, Instant};

use chrono::{Days, NaiveDate, TimeZone, Utc};
use rand::rngs::SmallRng;
use rand::seq::SliceRandom as _;
use rand::{Rng, SeedableRng};

use super::progress::Progress;
use crate::domain::{
    Catalogue, CatalogueEntry, CompetitionDraft, DurationMinutes, GuildDraft, Points,
};
use crate::store::Store;
use crate::store::bulk::{BulkActivity, BulkParticipant};

/// What to generate.
#[derive(Debug, Clone)]
pub struct DemoOptions {
    pub users: u64,
    pub activities: u64,
    pub seed: u64,
}

/// What was generated.
#[derive(Debug, Clone)]
pub struct DemoSummary {
    pub users: u64,
    pub activities: u64,
    pub guilds_created: usize,
    pub competition_created: bool,
    pub elapsed: Duration,
}

impl DemoSummary {
    /// Rows written per second.
    pub fn rows_per_second(&self) -> f64 {
        (self.users + self.activities) as f64 / self.elapsed.as_secs_f64().max(1e-9)
    }
}

/// Names for the guilds demo data creates: the first eight that no guild
/// has yet.
const DEMO_GUILDS: [&str; 16] = [
    "Aalto Athletes",
    "Blue Herons",
    "Cedar Climbers",
    "Delta Dolphins",
    "Elm Street Runners",
    "Falcon Club",
    "Granite Gym",
    "Harbour Rowers",
    "Iris Cyclists",
    "Juniper Joggers",
    "Kestrel Kayakers",
    "Lynx Lifters",
    "Maple Movers",
    "Nordic Walkers",
    "Orchid Orienteers",
    "Pine Paddlers",
];

/// How many guilds demo data creates when it needs any.
const DEMO_GUILD_COUNT: usize = 8;

const FIRST_NAMES: [&str; 32] = [
    "Aino",
    "Eetu",
    "Sofia",
    "Mikael",
    "Emma",
    "Onni",
    "Helmi",
    "Leo",
    "Aada",
    "Elias",
    "Olivia",
    "Väinö",
    "Lilja",
    "Oliver",
    "Isla",
    "Eino",
    "Maria",
    "Juho",
    "Anna",
    "Ville",
    "Noora",
    "Jussi",
    "Sara",
    "Lauri",
    "Zoë",
    "José",
    "Anne_Marie",
    "Kai",
    "Ngozi",
    "Wei",
    "Priya",
    "Mateo",
];
const LAST_NAMES: [&str; 16] = [
    "Korhonen",
    "Virtanen",
    "Mäkinen",
    "Nieminen",
    "Mäkelä",
    "Hämäläinen",
    "Laine",
    "Heikkinen",
    "Koskinen",
    "Järvinen",
    "O'Brien",
    "Smith",
    "García",
    "Nguyen",
    "Okafor",
    "Li",
];
const DURATIONS: [u16; 10] = [15, 20, 30, 30, 45, 45, 60, 60, 90, 120];
const USER_CHUNK: usize = 20_000;
const ACTIVITY_CHUNK: usize = 50_000;

/// Fills the database with `users` participants and `activities` activities.
pub async fn generate(
    store: &Store,
    catalogue: &Catalogue,
    options: &DemoOptions,
    progress: &Progress,
) -> anyhow::Result<DemoSummary> {
    let started = Instant::now();
    anyhow::ensure!(
        options.users > 0 || options.activities == 0,
        "activities need participants: use --users 1 or more"
    );
    anyhow::ensure!(options.users <= 10_000_000, "--users is at most 10,000,000");
    anyhow::ensure!(
        options.activities <= 100_000_000,
        "--activities is at most 100,000,000"
    );

    let (window, competition_created) = ensure_competition(store, options.activities).await?;
    let (guilds, placement, guilds_created) =
        place_participants(store, options.users, options.seed).await?;
    let entries: Vec<&CatalogueEntry> = catalogue.entries().collect();
    anyhow::ensure!(!entries.is_empty(), "the activity catalogue is empty");

    let base = (store.max_telegram_id().await?.unwrap_or(0) + 1).max(7_000_000_000);
    let n = options.users as usize;

    // Pass 1: every participant's final total, in cents.
    let mut totals = vec![0i64; n];
    let mut draw = ActivityDraw::new(options.seed, n, &entries, window);
    for _ in 0..options.activities {
        let a = draw.next();
        totals[a.user] += a.points.cents();
    }

    let mut loader = store.bulk_loader().await?;
    let mut rng = SmallRng::seed_from_u64(options.seed ^ 0x005e_ed0f_0535);
    let mut batch = Vec::with_capacity(USER_CHUNK.min(n));
    for (i, total) in totals.iter().enumerate() {
        let first = FIRST_NAMES[rng.random_range(0..FIRST_NAMES.len())];
        let last = LAST_NAMES[rng.random_range(0..LAST_NAMES.len())];
        let joined = window.0.pred_opt().unwrap_or(window.0);
        batch.push(BulkParticipant {
            telegram_id: base + i as i64,
            username: Some(format!(
                "test_{}{}",
                first.to_lowercase().replace(['_', '\''], ""),
                i
            )),
            first_name: first.to_string(),
            last_name: Some(last.to_string()),
            guild: Some(guilds[usize::from(placement[i])].clone()),
            points: Points::from_cents(*total),
            is_test_user: true,
            created_at: Utc.from_utc_datetime(&joined.and_hms_opt(8, 0, 0).expect("valid time")),
        });
        if batch.len() == USER_CHUNK || i + 1 == n {
            loader.participants(&batch).await?;
            progress.inc(batch.len() as u64);
            batch.clear();
        }
    }

    let ids: Vec<i64> = loader
        .participant_ids(base, base + n as i64 - 1)
        .await?
        .into_iter()
        .map(|(_, id)| id)
        .collect();
    anyhow::ensure!(
        ids.len() == n,
        "expected {n} new participants, found {}",
        ids.len()
    );

    // Pass 2: the same activities again, now written.
    let mut draw = ActivityDraw::new(options.seed, n, &entries, window);
    let mut batch = Vec::with_capacity(ACTIVITY_CHUNK);
    for j in 0..options.activities {
        let a = draw.next();
        let entry = entries[a.entry];
        batch.push(BulkActivity {
            user_id: ids[a.user],
            activity_type: entry.label(),
            compendium_code: Some(entry.code.clone()),
            met: Some(entry.met.value()),
            duration: a.minutes.get(),
            points: a.points,
            description: None,
            activity_date: a.date,
            created_at: Utc.from_utc_datetime(&a.date.and_hms_opt(18, 0, 0).expect("valid time")),
        });
        if batch.len() == ACTIVITY_CHUNK || j + 1 == options.activities {
            loader.activities(&batch).await?;
            progress.inc(batch.len() as u64);
            batch.clear();
        }
    }
    loader.commit().await?;
    store.analyze_after_bulk_load().await?;
    progress.finish();
    Ok(DemoSummary {
        users: options.users,
        activities: options.activities,
        guilds_created,
        competition_created,
        elapsed: started.elapsed(),
    })
}

/// Where the demo participants go: the free places of the active guilds
/// (configured members not yet registered) first, so that no guild gets
/// more participants than it has members; demo guilds are created for the
/// rest. Returns the guilds' names, each participant's guild (an index
/// into them) and how many guilds were created.
async fn place_participants(
    store: &Store,
    users: u64,
    seed: u64,
) -> anyhow::Result<(Vec<String>, Vec<u16>, usize)> {
    let mut names = Vec::new();
    let mut places: Vec<u64> = Vec::new();
    for g in store.guild_standings().await? {
        // Every member takes a place, test users (earlier demo data) too,
        // though the standings leave them out.
        let members = store.count_guild_members(&g.name).await?;
        let free = u64::from(g.configured_members).saturating_sub(members);
        if free > 0 {
            names.push(g.name);
            places.push(free);
        }
    }
    let free: u64 = places.iter().sum();
    let mut created = 0;
    if users > free {
        let surplus = users - free;
        let taken: Vec<String> = store
            .list_guilds()
            .await?
            .into_iter()
            .map(|g| g.name)
            .collect();
        let per_guild = (surplus / DEMO_GUILD_COUNT as u64).max(1);
        let mut round = 1;
        while created < DEMO_GUILD_COUNT {
            for base in DEMO_GUILDS {
                if created == DEMO_GUILD_COUNT {
                    break;
                }
                let name = if round == 1 {
                    base.to_string()
                } else {
                    format!("{base} {round}")
                };
                if taken.contains(&name) || names.contains(&name) {
                    continue;
                }
                // Configured sizes a little above the expected registrations, and
                // different per guild, so averages and participation differ.
                let members =
                    (per_guild * (115 + 10 * (created as u64 % 4)) / 100 + 1).min(1_000_000);
                let draft = GuildDraft::parse(&name, &members.to_string())
                    .map_err(|e| anyhow::anyhow!("demo guild {name}: {e:?}"))?;
                names.push(store.create_guild(&draft).await?.name);
                places.push(members);
                created += 1;
            }
            round += 1;
        }
    }
    anyhow::ensure!(
        names.len() <= usize::from(u16::MAX),
        "too many guilds for demo data"
    );
    anyhow::ensure!(
        places.iter().sum::<u64>() >= users,
        "the guilds have fewer free places than --users"
    );
    // The organiser's guilds' places first, then the demo guilds' for the
    // rest, in random order.
    let mut rng = SmallRng::seed_from_u64(seed ^ 0x0009_11d5_ea75);
    let slots_of = |range: std::ops::Range<usize>| {
        let mut slots: Vec<u16> = Vec::new();
        for i in range {
            slots.extend(std::iter::repeat_n(i as u16, places[i] as usize));
        }
        slots
    };
    let existing = names.len() - created;
    let mut placement = slots_of(0..existing);
    placement.shuffle(&mut rng);
    let mut demo = slots_of(existing..names.len());
    demo.shuffle(&mut rng);
    placement.extend(demo);
    placement.truncate(users as usize);
    placement.shuffle(&mut rng);
    Ok((names, placement, created))
}

/// The dates activities may fall on: the active competition's days up to
/// today (all of them once it has ended), creating a demo competition (30
/// days ago to 30 days ahead) when there is none. A competition that has
/// not started has no such days: activities are refused then.
async fn ensure_competition(
    store: &Store,
    activities: u64,
) -> anyhow::Result<((NaiveDate, NaiveDate), bool)> {
    let (competition, created) = match store.active_competition().await? {
        Some(c) => (c, false),
        None => {
            let today = Utc::now().date_naive();
            let start = today - Days::new(30);
            let end = today + Days::new(30);
            let draft = CompetitionDraft::parse(
                "Demo Challenge",
                "Generated demo competition.",
                &start.to_string(),
                &end.to_string(),
                "Europe/Helsinki",
            )
            .map_err(|e| anyhow::anyhow!("demo competition: {e:?}"))?;
            (store.create_competition(&draft, true).await?, true)
        }
    };
    let today = competition.calendar().today(Utc::now());
    if today < competition.start_date && activities > 0 {
        anyhow::bail!(
            "the competition {:?} starts on {}, so demo activities would be dated in the future: \
             use --activities 0 for participants only, or run it once the competition has started",
            competition.name,
            competition.start_date
        );
    }
    Ok((
        (competition.start_date, competition.end_date.min(today)),
        created,
    ))
}

struct DrawnActivity {
    user: usize,
    entry: usize,
    minutes: DurationMinutes,
    points: Points,
    date: NaiveDate,
}

/// A reproducible stream of activities.
struct ActivityDraw<'a> {
    rng: SmallRng,
    users: usize,
    entries: &'a [&'a CatalogueEntry],
    start: NaiveDate,
    days: u64,
}

impl<'a> ActivityDraw<'a> {
    fn new(
        seed: u64,
        users: usize,
        entries: &'a [&'a CatalogueEntry],
        window: (NaiveDate, NaiveDate),
    ) -> Self {
        let days = (window.1 - window.0).num_days().max(0) as u64 + 1;
        ActivityDraw {
            rng: SmallRng::seed_from_u64(seed),
            users,
            entries,
            start: window.0,
            days,
        }
    }

    fn next(&mut self) -> DrawnActivity {
        // Skewed towards low indices: a few very active people, a long tail,
        // and some who never log anything.
        let u: f64 = self.rng.random();
        let user = ((u * u) * self.users as f64) as usize % self.users.max(1);
        let entry = self.rng.random_range(0..self.entries.len());
        let minutes = DurationMinutes::new(u32::from(
            DURATIONS[self.rng.random_range(0..DURATIONS.len())],
        ))
        .expect("listed durations are valid");
        let date = self.start + Days::new(self.rng.random_range(0..self.days));
        let points = Points::for_activity(self.entries[entry].met, minutes);
        DrawnActivity {
            user,
            entry,
            minutes,
            points,
            date,
        }
    }
}
