//! Seasons and the hall of fame: a competition's final standings frozen
//! when its season ends, read back for the hall of fame and for each
//! participant's own results season by season.
//!
//! A result row holds the participant's id, never their name: the name is
//! read live, so a participant who later chooses to be anonymous is shown
//! as anonymous, and one whose account is deleted leaves an unnamed row.

use chrono::{DateTime, Days, NaiveDate, Utc};
use rust_decimal::Decimal;
use sea_orm::{ConnectionTrait, FromQueryResult};

use super::competitions::Competition;
use super::standings::Members;
use super::{Store, StoreError, StoreResult};
use crate::domain::{GuildScore, GuildStanding, GuildTable, GuildTotals, Points, guild_standings};

/// One participant's final result in a season.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeasonResult {
    /// `RANK()` among the season's participants (test users left out).
    pub rank: u64,
    /// `None` once the account was deleted.
    pub user_id: Option<i64>,
    pub guild: Option<String>,
    pub points: Points,
    pub activities: u64,
}

/// What ending a competition's season freezes and archives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeasonPlan {
    /// The final guild standings under the competition's own guild score.
    pub guilds: GuildTable,
    /// Every participant with points in the season, best first.
    pub results: Vec<SeasonResult>,
    /// Entries dated within the competition (test users' too).
    pub season_activities: u64,
    /// Their points.
    pub season_points: Points,
    /// Entries that go to the archive: every one up to the last day.
    pub archive_activities: u64,
    /// Their points, taken off the totals.
    pub archive_points: Points,
    /// The first day kept live.
    pub first_kept_day: NaiveDate,
}

/// A season that has ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Season {
    pub id: i64,
    /// `None` if the competition record was deleted since.
    pub competition_id: Option<i64>,
    pub name: String,
    pub start_date: NaiveDate,
    pub end_date: NaiveDate,
    /// How its guilds were ranked.
    pub guild_score: GuildScore,
    /// Participants with points (test users left out).
    pub participants: u64,
    /// Entries archived with the season (within its dates).
    pub activities: u64,
    /// Their points.
    pub total_points: Points,
    pub ended_at: DateTime<Utc>,
}

/// A participant in a season's hall of fame, as anyone may see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeasonLeader {
    pub rank: u64,
    /// Empty when anonymous or no longer registered.
    pub first_name: String,
    /// Chose to be anonymous in public lists.
    pub anonymous: bool,
    /// The account was deleted since.
    pub former: bool,
    pub guild: Option<String>,
    pub points: Points,
}

/// A past season with its final standings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HallOfFameSeason {
    pub season: Season,
    pub guilds: Vec<GuildStanding>,
    /// The top participants (everyone tied at the cut included).
    pub leaders: Vec<SeasonLeader>,
}

/// One participant's own result in a past season.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OwnSeason {
    pub season: Season,
    pub rank: u64,
    pub guild: Option<String>,
    /// Their guild's final rank, when it was in the standings.
    pub guild_rank: Option<u64>,
    pub points: Points,
    pub activities: u64,
}

#[derive(FromQueryResult)]
struct ResultRow {
    user_id: i64,
    guild: Option<String>,
    points: Decimal,
    activities: i64,
}

#[derive(FromQueryResult)]
struct Figures {
    n: i64,
    total: Option<Decimal>,
}

#[derive(FromQueryResult)]
struct SeasonRow {
    id: i64,
    competition_id: Option<i64>,
    name: String,
    start_date: NaiveDate,
    end_date: NaiveDate,
    guild_score: String,
    participants: i64,
    activities: i64,
    total_points: Decimal,
    ended_at: DateTime<Utc>,
}

impl From<SeasonRow> for Season {
    fn from(r: SeasonRow) -> Self {
        Season {
            id: r.id,
            competition_id: r.competition_id,
            name: r.name,
            start_date: r.start_date,
            end_date: r.end_date,
            guild_score: serde_json::from_str(&r.guild_score).unwrap_or_default(),
            participants: r.participants.max(0) as u64,
            activities: r.activities.max(0) as u64,
            total_points: points(r.total_points),
            ended_at: r.ended_at,
        }
    }
}

#[derive(FromQueryResult)]
struct GuildRow {
    rank: i64,
    name: String,
    configured_members: i32,
    registered: i64,
    active_members: i64,
    total_points: Decimal,
    average: Decimal,
    participation: Decimal,
    score: Decimal,
}

#[derive(FromQueryResult)]
struct LeaderRow {
    rank: i64,
    user_id: Option<i64>,
    first_name: Option<String>,
    public_anonymous: Option<bool>,
    guild: Option<String>,
    points: Decimal,
}

#[derive(FromQueryResult)]
struct OwnRow {
    season_id: i64,
    rank: i64,
    guild: Option<String>,
    guild_rank: Option<i64>,
    points: Decimal,
    activities: i64,
}

/// SQLite keeps points as REAL: two decimals, as everywhere else.
fn points(value: Decimal) -> Points {
    Points::new(value.round_dp(2))
}

const SEASON_COLUMNS: &str = "id, competition_id, name, start_date, end_date, guild_score, participants, \
                              activities, total_points, ended_at";

impl Store {
    /// What ending `c`'s season would freeze and archive, read in one go
    /// (inside the ending's transaction when it applies).
    pub async fn season_plan(&self, c: &Competition) -> StoreResult<SeasonPlan> {
        let first_kept_day = c.end_date.checked_add_days(Days::new(1)).ok_or_else(|| {
            StoreError::Rejected(crate::i18n::Message::verbatim(
                "the competition ends on the last representable day",
            ))
        })?;
        let rows = self
            .query_all_as::<ResultRow>(
                "SELECT a.user_id AS user_id, u.guild AS guild, SUM(a.points) AS points, COUNT(*) AS activities \
                 FROM activities a JOIN users u ON u.id = a.user_id \
                 WHERE a.activity_date >= $1 AND a.activity_date <= $2 AND NOT u.is_test_user \
                 GROUP BY a.user_id, u.guild \
                 HAVING SUM(a.points) > 0 \
                 ORDER BY SUM(a.points) DESC, a.user_id ASC",
                [c.start_date.into(), c.end_date.into()],
            )
            .await?;
        let ranks = crate::domain::rank_positions(&rows, |r| points(r.points));
        let results: Vec<SeasonResult> = rows
            .into_iter()
            .zip(ranks)
            .map(|(r, rank)| SeasonResult {
                rank,
                user_id: Some(r.user_id),
                guild: r.guild,
                points: points(r.points),
                activities: r.activities.max(0) as u64,
            })
            .collect();
        let figures = self.guild_figures(false, Members::Real).await?;
        let totals = figures
            .iter()
            .map(|g| {
                let members = results
                    .iter()
                    .filter(|r| r.guild.as_deref() == Some(g.name.as_str()));
                let (active, total) =
                    members.fold((0u64, Points::ZERO), |(n, sum), r| (n + 1, sum + r.points));
                GuildTotals {
                    name: g.name.clone(),
                    configured_members: g.member_count.max(1) as u32,
                    registered: g.registered.max(0) as u64,
                    active_members: active,
                    total_points: total,
                }
            })
            .collect();
        let score = c.rules.guild_score;
        let guilds = GuildTable {
            score,
            guilds: guild_standings(totals, score),
        };
        let season = self
            .query_one_as::<Figures>(
                "SELECT COUNT(*) AS n, SUM(points) AS total FROM activities \
                 WHERE activity_date >= $1 AND activity_date <= $2",
                [c.start_date.into(), c.end_date.into()],
            )
            .await?;
        let archive = self
            .query_one_as::<Figures>(
                "SELECT COUNT(*) AS n, SUM(points) AS total FROM activities WHERE activity_date < $1",
                [first_kept_day.into()],
            )
            .await?;
        let (season_activities, season_points) = figures_of(season);
        let (archive_activities, archive_points) = figures_of(archive);
        Ok(SeasonPlan {
            guilds,
            results,
            season_activities,
            season_points,
            archive_activities,
            archive_points,
            first_kept_day,
        })
    }

    /// Writes `plan` as `c`'s season; refused (a conflict) if its season
    /// has ended before. Returns the season's id.
    pub async fn freeze_season(
        &self,
        c: &Competition,
        plan: &SeasonPlan,
        ended_at: DateTime<Utc>,
    ) -> StoreResult<i64> {
        #[derive(FromQueryResult)]
        struct Id {
            id: i64,
        }
        let score = serde_json::to_string(&plan.guilds.score)
            .map_err(|e| StoreError::Rejected(crate::i18n::Message::verbatim(e.to_string())))?;
        let id = self
            .query_one_as::<Id>(
                "INSERT INTO seasons (competition_id, name, start_date, end_date, guild_score, participants, \
                 activities, total_points, ended_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
                [
                    c.id.into(),
                    c.name.clone().into(),
                    c.start_date.into(),
                    c.end_date.into(),
                    score.into(),
                    (plan.results.len() as i64).into(),
                    (plan.season_activities as i64).into(),
                    plan.season_points.value().into(),
                    ended_at.into(),
                ],
            )
            .await?
            .map(|r| r.id)
            .ok_or_else(|| {
                StoreError::Conflict(crate::i18n::Message::verbatim("the season was not written"))
            })?;
        for g in plan.guilds.iter() {
            self.db()
                .execute_raw(self.stmt(
                    "INSERT INTO season_guilds (season_id, rank, name, configured_members, registered, \
                     active_members, total_points, average, participation, score) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
                    [
                        id.into(),
                        (g.rank as i64).into(),
                        g.name.clone().into(),
                        (g.configured_members as i32).into(),
                        (g.registered as i64).into(),
                        (g.active_members as i64).into(),
                        g.total_points.value().into(),
                        g.average.into(),
                        g.participation.into(),
                        g.score.into(),
                    ],
                ))
                .await?;
        }
        // A few hundred rows a statement: thousands of participants stay
        // a handful of round trips.
        for chunk in plan.results.chunks(200) {
            let mut sql = String::from(
                "INSERT INTO season_results (season_id, user_id, rank, guild, points, activities) VALUES ",
            );
            let mut values: Vec<sea_orm::Value> = Vec::with_capacity(chunk.len() * 6);
            for (i, r) in chunk.iter().enumerate() {
                let n = i * 6;
                if i > 0 {
                    sql.push_str(", ");
                }
                sql.push_str(&format!(
                    "(${}, ${}, ${}, ${}, ${}, ${})",
                    n + 1,
                    n + 2,
                    n + 3,
                    n + 4,
                    n + 5,
                    n + 6
                ));
                values.extend([
                    id.into(),
                    r.user_id.into(),
                    (r.rank as i64).into(),
                    r.guild.clone().into(),
                    r.points.value().into(),
                    (r.activities as i64).into(),
                ]);
            }
            self.db().execute_raw(self.stmt(&sql, values)).await?;
        }
        Ok(id)
    }

    /// Takes `id` off being the active competition (and off any schedule).
    pub async fn deactivate_competition(&self, id: i64) -> StoreResult<()> {
        self.db()
            .execute_raw(self.stmt(
                "UPDATE competitions SET is_active = FALSE, activate_on = NULL WHERE id = $1",
                [id.into()],
            ))
            .await?;
        Ok(())
    }

    /// The season that ended with competition `competition_id`, if it has.
    pub async fn season_of_competition(&self, competition_id: i64) -> StoreResult<Option<Season>> {
        Ok(self
            .query_one_as::<SeasonRow>(
                &format!("SELECT {SEASON_COLUMNS} FROM seasons WHERE competition_id = $1"),
                [competition_id.into()],
            )
            .await?
            .map(Season::from))
    }

    /// Every past season, the latest first.
    pub async fn seasons(&self) -> StoreResult<Vec<Season>> {
        Ok(self
            .query_all_as::<SeasonRow>(
                &format!("SELECT {SEASON_COLUMNS} FROM seasons ORDER BY end_date DESC, id DESC"),
                [],
            )
            .await?
            .into_iter()
            .map(Season::from)
            .collect())
    }

    /// A season's final guild standings, best first.
    pub async fn season_guilds(&self, season_id: i64) -> StoreResult<Vec<GuildStanding>> {
        let rows = self
            .query_all_as::<GuildRow>(
                "SELECT rank, name, configured_members, registered, active_members, total_points, average, \
                 participation, score FROM season_guilds WHERE season_id = $1 ORDER BY rank, name",
                [season_id.into()],
            )
            .await?;
        Ok(rows
            .into_iter()
            .map(|r| GuildStanding {
                rank: r.rank.max(0) as u64,
                name: r.name,
                configured_members: r.configured_members.max(0) as u32,
                registered: r.registered.max(0) as u64,
                active_members: r.active_members.max(0) as u64,
                total_points: points(r.total_points),
                average: r.average.round_dp(1),
                participation: r.participation.round_dp(4),
                score: r.score.round_dp(1),
            })
            .collect())
    }

    /// A season's participants within the first `ranks` ranks, as anyone
    /// may see them: names read now, left out for the anonymous and for
    /// deleted accounts.
    pub async fn season_leaders(
        &self,
        season_id: i64,
        ranks: u64,
    ) -> StoreResult<Vec<SeasonLeader>> {
        let rows = self
            .query_all_as::<LeaderRow>(
                "SELECT r.rank AS rank, r.user_id AS user_id, u.first_name AS first_name, \
                        u.public_anonymous AS public_anonymous, r.guild AS guild, r.points AS points \
                 FROM season_results r LEFT JOIN users u ON u.id = r.user_id \
                 WHERE r.season_id = $1 AND r.rank <= $2 ORDER BY r.rank, r.id",
                [season_id.into(), (ranks.min(i64::MAX as u64) as i64).into()],
            )
            .await?;
        Ok(rows
            .into_iter()
            .map(|r| {
                let former = r.user_id.is_none();
                let anonymous = r.public_anonymous.unwrap_or(false);
                SeasonLeader {
                    rank: r.rank.max(0) as u64,
                    first_name: if former || anonymous {
                        String::new()
                    } else {
                        r.first_name.unwrap_or_default()
                    },
                    anonymous,
                    former,
                    guild: r.guild,
                    points: points(r.points),
                }
            })
            .collect())
    }

    /// Every past season with its guild standings and the participants
    /// within the first `ranks` ranks, the latest season first.
    pub async fn hall_of_fame(&self, ranks: u64) -> StoreResult<Vec<HallOfFameSeason>> {
        let mut out = Vec::new();
        for season in self.seasons().await? {
            let guilds = self.season_guilds(season.id).await?;
            let leaders = self.season_leaders(season.id, ranks).await?;
            out.push(HallOfFameSeason {
                season,
                guilds,
                leaders,
            });
        }
        Ok(out)
    }

    /// One participant's results season by season, the latest first.
    pub async fn participant_seasons(&self, user_id: i64) -> StoreResult<Vec<OwnSeason>> {
        let rows = self
            .query_all_as::<OwnRow>(
                "SELECT r.season_id AS season_id, r.rank AS rank, r.guild AS guild, g.rank AS guild_rank, \
                        r.points AS points, r.activities AS activities \
                 FROM season_results r \
                 LEFT JOIN season_guilds g ON g.season_id = r.season_id AND g.name = r.guild \
                 WHERE r.user_id = $1",
                [user_id.into()],
            )
            .await?;
        let seasons = self.seasons().await?;
        Ok(seasons
            .into_iter()
            .filter_map(|season| {
                let row = rows.iter().find(|r| r.season_id == season.id)?;
                Some(OwnSeason {
                    rank: row.rank.max(0) as u64,
                    guild: row.guild.clone(),
                    guild_rank: row.guild_rank.map(|g| g.max(0) as u64),
                    points: points(row.points),
                    activities: row.activities.max(0) as u64,
                    season,
                })
            })
            .collect())
    }
}

fn figures_of(row: Option<Figures>) -> (u64, Points) {
    row.map_or((0, Points::ZERO), |r| {
        (r.n.max(0) as u64, points(r.total.unwrap_or_default()))
    })
}
