//! A participant's message settings (`person_settings`: their reminder
//! hour, whether they want the weekly digest, whether Telegram can reach
//! them) and, in one query each, who gets a reminder or a digest.
//!
//! Recipients are registered participants (with a guild) whom Telegram can
//! reach; test users (demo data, the cleanup's name patterns) get nothing:
//! their chats are not real people's.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use sea_orm::{ConnectionTrait, FromQueryResult};

use super::standings::GuildFigures;
use super::{Store, StoreResult};
use crate::domain::ranking::{GuildStanding, guild_standings};

/// A participant's settings; the defaults when they changed none.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PersonSettings {
    /// The local hour of the daily reminder; `None`: no reminders.
    pub reminder_hour: Option<u8>,
    pub weekly_digest: bool,
    /// Telegram refuses to deliver to them (they blocked the bot).
    pub unreachable: bool,
}

impl Default for PersonSettings {
    fn default() -> Self {
        PersonSettings {
            reminder_hour: None,
            weekly_digest: true,
            unreachable: false,
        }
    }
}

#[derive(FromQueryResult)]
struct SettingsRow {
    reminder_hour: Option<i32>,
    weekly_digest: bool,
    unreachable: bool,
}

/// Someone who gets today's reminder.
#[derive(Debug, Clone, PartialEq, Eq, FromQueryResult)]
pub struct ReminderRecipient {
    pub user_id: i64,
    pub chat_id: i64,
    /// Their `/language` choice, if any.
    pub language: Option<String>,
    /// Their most recent activity's catalogue entry and minutes.
    pub last_code: Option<String>,
    pub last_minutes: Option<i32>,
}

/// Someone who gets the weekly digest, with their week.
#[derive(Debug, Clone, PartialEq, FromQueryResult)]
pub struct DigestRecipient {
    pub user_id: i64,
    pub chat_id: i64,
    pub language: Option<String>,
    pub guild: Option<String>,
    /// Points for activities dated in the week.
    pub week_points: Decimal,
    /// Days of the week with at least one activity.
    pub active_days: i64,
    /// Rank among participants (test users aside) now.
    pub rank_now: i64,
    /// Rank by the points for activities dated before the week.
    pub rank_before: i64,
}

#[derive(FromQueryResult)]
struct UserDay {
    user_id: i64,
    day: NaiveDate,
}

/// Whom a setting concerns and where they get messages.
const RECIPIENT: &str = "u.id AS user_id, u.telegram_id AS chat_id, l.language AS language";

impl Store {
    /// A participant's settings.
    pub async fn person_settings(&self, user_id: i64) -> StoreResult<PersonSettings> {
        let row = self
            .query_one_as::<SettingsRow>(
                "SELECT CAST(reminder_hour AS INTEGER) AS reminder_hour, weekly_digest, \
                 CASE WHEN unreachable_at IS NULL THEN FALSE ELSE TRUE END AS unreachable \
                 FROM person_settings WHERE user_id = $1",
                [user_id.into()],
            )
            .await?;
        Ok(
            row.map_or_else(PersonSettings::default, |r| PersonSettings {
                reminder_hour: r.reminder_hour.and_then(|h| u8::try_from(h).ok()),
                weekly_digest: r.weekly_digest,
                unreachable: r.unreachable,
            }),
        )
    }

    /// Sets (or, with `None`, clears) a participant's reminder hour.
    pub async fn set_reminder_hour(&self, user_id: i64, hour: Option<u8>) -> StoreResult<()> {
        self.db()
            .execute_raw(self.stmt(
                "INSERT INTO person_settings (user_id, reminder_hour, weekly_digest) \
                 VALUES ($1, $2, TRUE) \
                 ON CONFLICT (user_id) DO UPDATE SET reminder_hour = excluded.reminder_hour",
                [user_id.into(), hour.map(i16::from).into()],
            ))
            .await?;
        Ok(())
    }

    /// Turns a participant's weekly digest on or off.
    pub async fn set_weekly_digest(&self, user_id: i64, on: bool) -> StoreResult<()> {
        self.db()
            .execute_raw(self.stmt(
                "INSERT INTO person_settings (user_id, weekly_digest) VALUES ($1, $2) \
                 ON CONFLICT (user_id) DO UPDATE SET weekly_digest = excluded.weekly_digest",
                [user_id.into(), on.into()],
            ))
            .await?;
        Ok(())
    }

    /// Who wants a reminder at the local hour `hour` and has logged
    /// nothing for `day`, with their most recent activity.
    pub async fn reminder_recipients(
        &self,
        hour: u8,
        day: NaiveDate,
    ) -> StoreResult<Vec<ReminderRecipient>> {
        self.query_all_as(
            &format!(
                "SELECT {RECIPIENT}, \
                 (SELECT a.compendium_code FROM activities a WHERE a.user_id = u.id \
                  AND a.compendium_code IS NOT NULL ORDER BY a.activity_date DESC, a.id DESC LIMIT 1) \
                  AS last_code, \
                 (SELECT a.duration FROM activities a WHERE a.user_id = u.id \
                  AND a.compendium_code IS NOT NULL ORDER BY a.activity_date DESC, a.id DESC LIMIT 1) \
                  AS last_minutes \
                 FROM person_settings s JOIN users u ON u.id = s.user_id \
                 LEFT JOIN bot_languages l ON l.telegram_id = u.telegram_id \
                 WHERE s.reminder_hour = $1 AND s.unreachable_at IS NULL \
                 AND NOT u.is_test_user AND u.guild IS NOT NULL \
                 AND NOT EXISTS (SELECT 1 FROM activities d WHERE d.user_id = u.id AND d.activity_date = $2) \
                 ORDER BY u.id"
            ),
            [i16::from(hour).into(), day.into()],
        )
        .await
    }

    /// Who wants the weekly digest (everyone who did not turn it off),
    /// with their points and active days from `first` to `last` and their
    /// rank now and before `first`.
    pub async fn digest_recipients(
        &self,
        first: NaiveDate,
        last: NaiveDate,
    ) -> StoreResult<Vec<DigestRecipient>> {
        self.query_all_as(
            "WITH week AS (SELECT user_id, SUM(points) AS points, COUNT(DISTINCT activity_date) AS days \
                           FROM activities WHERE activity_date >= $1 AND activity_date <= $2 \
                           GROUP BY user_id), \
                  since AS (SELECT user_id, SUM(points) AS points FROM activities \
                            WHERE activity_date >= $1 GROUP BY user_id), \
                  ranked AS (SELECT u.id, u.telegram_id, u.guild, \
                             RANK() OVER (ORDER BY u.points DESC) AS rank_now, \
                             RANK() OVER (ORDER BY u.points - COALESCE(since.points, 0) DESC) AS rank_before \
                             FROM users u LEFT JOIN since ON since.user_id = u.id \
                             WHERE NOT u.is_test_user) \
             SELECT r.id AS user_id, r.telegram_id AS chat_id, l.language AS language, r.guild AS guild, \
                    COALESCE(w.points, 0.0) AS week_points, COALESCE(w.days, 0) AS active_days, \
                    r.rank_now AS rank_now, r.rank_before AS rank_before \
             FROM ranked r LEFT JOIN week w ON w.user_id = r.id \
             LEFT JOIN person_settings s ON s.user_id = r.id \
             LEFT JOIN bot_languages l ON l.telegram_id = r.telegram_id \
             WHERE r.guild IS NOT NULL \
             AND (s.user_id IS NULL OR (s.weekly_digest AND s.unreachable_at IS NULL)) \
             ORDER BY r.id",
            [first.into(), last.into()],
        )
        .await
    }

    /// The days from `first` to `last` on which each participant (test
    /// users aside) logged something, by participant, days ascending.
    pub async fn active_days_by_participant(
        &self,
        first: NaiveDate,
        last: NaiveDate,
    ) -> StoreResult<Vec<(i64, Vec<NaiveDate>)>> {
        let rows = self
            .query_all_as::<UserDay>(
                "SELECT DISTINCT a.user_id AS user_id, a.activity_date AS day FROM activities a \
                 JOIN users u ON u.id = a.user_id \
                 WHERE NOT u.is_test_user AND a.activity_date >= $1 AND a.activity_date <= $2 \
                 ORDER BY user_id, day",
                [first.into(), last.into()],
            )
            .await?;
        let mut out: Vec<(i64, Vec<NaiveDate>)> = Vec::new();
        for row in rows {
            match out.last_mut() {
                Some((user, days)) if *user == row.user_id => days.push(row.day),
                _ => out.push((row.user_id, vec![row.day])),
            }
        }
        Ok(out)
    }

    /// The guild standings participants see, as they were before `since`:
    /// every member's points less those for activities dated from `since`.
    pub async fn public_guild_standings_before(
        &self,
        since: NaiveDate,
    ) -> StoreResult<Vec<GuildStanding>> {
        let figures = self
            .query_all_as::<GuildFigures>(
                "SELECT g.id AS id, g.name AS name, g.member_count AS member_count, g.active AS active, \
                        COUNT(u.id) AS registered, \
                        COALESCE(SUM(CASE WHEN u.points - COALESCE(w.points, 0) > 0 THEN 1 ELSE 0 END), 0) \
                        AS active_members, \
                        COALESCE(SUM(u.points - COALESCE(w.points, 0)), 0.0) AS total_points \
                 FROM guilds g LEFT JOIN users u ON u.guild = g.name AND NOT u.is_test_user \
                 LEFT JOIN (SELECT user_id, SUM(points) AS points FROM activities \
                            WHERE activity_date >= $1 GROUP BY user_id) w ON w.user_id = u.id \
                 GROUP BY g.id, g.name, g.member_count, g.active",
                [since.into()],
            )
            .await?;
        let score = self.guild_score().await?;
        Ok(guild_standings(
            figures.iter().map(GuildFigures::totals).collect(),
            score,
        ))
    }
}

/// A place in the streak leaderboard as participants see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StreakLeader {
    pub rank: u64,
    /// Empty when the person chose to be anonymous in public lists.
    pub first_name: String,
    pub anonymous: bool,
    pub guild: Option<String>,
    pub days: u32,
}

#[derive(FromQueryResult)]
struct NameRow {
    id: i64,
    first_name: String,
    public_anonymous: bool,
    guild: Option<String>,
}

impl Store {
    /// The longest current streaks (test users aside) from `first` to
    /// `today`: the first `ranks` ranks, anonymous participants unnamed.
    pub async fn streak_leaderboard(
        &self,
        first: NaiveDate,
        today: NaiveDate,
        ranks: u64,
    ) -> StoreResult<Vec<StreakLeader>> {
        let days = self.active_days_by_participant(first, today).await?;
        let places = crate::domain::streak::streak_leaders(&days, today, ranks);
        if places.is_empty() {
            return Ok(Vec::new());
        }
        let ids = places
            .iter()
            .map(|p| p.user_id.to_string())
            .collect::<Vec<_>>()
            .join(", ");
        let names: std::collections::HashMap<i64, NameRow> = self
            .query_all_as::<NameRow>(
                &format!(
                    "SELECT id, first_name, public_anonymous, guild FROM users WHERE id IN ({ids})"
                ),
                [],
            )
            .await?
            .into_iter()
            .map(|r| (r.id, r))
            .collect();
        Ok(places
            .into_iter()
            .filter_map(|p| {
                let n = names.get(&p.user_id)?;
                Some(StreakLeader {
                    rank: p.rank,
                    first_name: if n.public_anonymous {
                        String::new()
                    } else {
                        n.first_name.clone()
                    },
                    anonymous: n.public_anonymous,
                    guild: n.guild.clone(),
                    days: p.days,
                })
            })
            .collect())
    }
}

/// Someone who gets a competition's milestone messages, with where they
/// stand now.
#[derive(Debug, Clone, PartialEq, FromQueryResult)]
pub struct MilestoneRecipient {
    pub user_id: i64,
    pub chat_id: i64,
    pub language: Option<String>,
    pub guild: Option<String>,
    pub points: Decimal,
    /// Rank among the registered participants (test users aside), and how
    /// many there are.
    pub rank: i64,
    pub participants: i64,
}

impl Store {
    /// Everyone who gets the competition's milestone messages: registered
    /// participants (test users aside) whom Telegram can reach, with their
    /// points and rank.
    pub async fn milestone_recipients(&self) -> StoreResult<Vec<MilestoneRecipient>> {
        self.query_all_as(
            "WITH ranked AS (SELECT u.id, u.telegram_id, u.guild, u.points, \
                             RANK() OVER (ORDER BY u.points DESC) AS rank, \
                             COUNT(*) OVER () AS participants \
                             FROM users u WHERE NOT u.is_test_user AND u.guild IS NOT NULL) \
             SELECT r.id AS user_id, r.telegram_id AS chat_id, l.language AS language, \
                    r.guild AS guild, r.points AS points, r.rank AS rank, r.participants AS participants \
             FROM ranked r LEFT JOIN person_settings s ON s.user_id = r.id \
             LEFT JOIN bot_languages l ON l.telegram_id = r.telegram_id \
             WHERE s.unreachable_at IS NULL \
             ORDER BY r.id",
            [],
        )
        .await
    }
}
