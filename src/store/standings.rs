//! Ranks, leaderboards and guild standings.
//!
//! Ranks follow SQL `RANK()`: a participant's rank is one more than the
//! number of participants with more points, so ties share a rank and the
//! next rank skips. On PostgreSQL the counts come from the rank-count
//! tables that triggers keep in step with `users` (see the migrations
//! `m20261125_000002_rank_counts` and `m20261125_000005_rank_hundreds`): a
//! few hundred rows summed whatever the rank. On SQLite, where competitions are small, the store counts through
//! the `(points DESC, id)` index. Both give exactly what
//! `RANK() OVER (ORDER BY points DESC)` gives.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use sea_orm::{DbBackend, FromQueryResult};

use super::participants::Participant;
use super::{Store, StoreResult};
use crate::domain::{GuildScore, GuildTable, GuildTotals, Points, guild_standings};

/// A row of a leaderboard.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LeaderboardEntry {
    pub rank: u64,
    pub user_id: i64,
    /// Empty when the person chose to be anonymous in public lists.
    pub first_name: String,
    pub username: Option<String>,
    pub guild: Option<String>,
    pub points: Points,
    /// Shown as "anonymous": the name and username are left out.
    pub anonymous: bool,
}

/// The participant just above or below someone on the leaderboard.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Neighbour {
    pub rank: u64,
    pub user_id: i64,
    /// Empty when the person chose to be anonymous in public lists.
    pub first_name: String,
    /// Shown as "anonymous".
    pub anonymous: bool,
    pub guild: Option<String>,
    pub points: Points,
    /// How far apart the two are (never negative).
    pub gap: Points,
}

/// Everything the "my stats" screen shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParticipantSummary {
    pub participant: Participant,
    /// Rank among all participants.
    pub global_rank: u64,
    /// How many participants there are.
    pub participants: u64,
    /// Rank within the participant's guild (1 when they have none).
    pub guild_rank: u64,
    /// How many participants the guild has.
    pub guild_participants: u64,
    /// The next participant up the leaderboard (someone level first).
    pub above: Option<Neighbour>,
    /// The next participant down the leaderboard (someone level first).
    pub below: Option<Neighbour>,
    /// How many others have exactly the same points (and share the rank).
    pub level_with: u64,
    /// The closest participant with more points.
    pub ahead: Option<Neighbour>,
    /// The closest participant with fewer points.
    pub behind: Option<Neighbour>,
}

/// The top of a leaderboard by rank: everyone within the first ranks,
/// everyone tied at the cut included.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TopList {
    /// The rows shown, best first, with `RANK()` ranks.
    pub entries: Vec<LeaderboardEntry>,
    /// Participants tied with the last row who did not fit in the list.
    pub more_level: u64,
}

#[derive(FromQueryResult)]
struct RankCounts {
    global_rank: i64,
    participants: i64,
    guild_rank: i64,
    guild_participants: i64,
    level: i64,
}

#[derive(FromQueryResult)]
struct NeighbourRow {
    id: i64,
    first_name: String,
    public_anonymous: bool,
    guild: Option<String>,
    points: Decimal,
    rank: i64,
}

#[derive(FromQueryResult)]
struct LeaderRow {
    id: i64,
    first_name: String,
    public_anonymous: bool,
    username: Option<String>,
    guild: Option<String>,
    points: Decimal,
    rank: i64,
}

/// Whose points a guild's figures hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Members {
    /// Every member: what organisers see.
    All,
    /// Test users left out: what participants see.
    Real,
}

#[derive(FromQueryResult)]
pub(super) struct GuildFigures {
    pub id: i64,
    pub name: String,
    pub member_count: i32,
    pub active: bool,
    pub registered: i64,
    pub active_members: i64,
    pub total_points: Decimal,
}

impl GuildFigures {
    /// What the standings rules rank a guild by.
    pub(super) fn totals(&self) -> GuildTotals {
        GuildTotals {
            name: self.name.clone(),
            configured_members: self.member_count.max(1) as u32,
            registered: self.registered as u64,
            active_members: self.active_members as u64,
            total_points: Points::new(self.total_points),
        }
    }
}

/// A public leaderboard row: no Telegram id, username or last name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicLeader {
    pub rank: u64,
    /// Empty when the person chose to be anonymous in public lists.
    pub first_name: String,
    /// Shown as "anonymous".
    pub anonymous: bool,
    pub guild: Option<String>,
    pub points: Points,
}

#[derive(FromQueryResult)]
struct PublicLeaderRow {
    first_name: String,
    public_anonymous: bool,
    guild: Option<String>,
    points: Decimal,
    rank: i64,
}

#[derive(FromQueryResult)]
struct GuildGain {
    guild: String,
    points: Decimal,
}

impl Store {
    /// Points, ranks and neighbours of one participant.
    pub async fn participant_summary(&self, user_id: i64) -> StoreResult<ParticipantSummary> {
        let participant = self.participant(user_id).await?;
        // Three independent reads: on PostgreSQL they go out at once.
        let (counts, above, below) = tokio::join!(
            self.rank_counts(participant.points, participant.guild.as_deref()),
            self.neighbour(&participant, Direction::Above),
            self.neighbour(&participant, Direction::Below),
        );
        let (counts, above, below) = (counts?, above?, below?);
        // The strict neighbours are the ones found unless those are level.
        let (ahead, behind) = tokio::join!(
            self.strict_neighbour(&participant, above.as_ref(), Direction::Above),
            self.strict_neighbour(&participant, below.as_ref(), Direction::Below),
        );
        let (ahead, behind) = (ahead?, behind?);
        Ok(ParticipantSummary {
            level_with: counts.level.max(0) as u64,
            ahead,
            behind,
            global_rank: counts.global_rank as u64,
            participants: counts.participants as u64,
            guild_rank: if participant.guild.is_some() {
                counts.guild_rank as u64
            } else {
                1
            },
            guild_participants: counts.guild_participants as u64,
            participant,
            above,
            below,
        })
    }

    /// The global rank a number of points would have (1 + those with more).
    pub async fn rank_for_points(&self, points: Points) -> StoreResult<u64> {
        Ok(self.rank_and_population(points).await?.0)
    }

    /// The global rank `points` would have and how many participants there
    /// are, in one query (what a confirmation shows: "rank X of Y").
    pub async fn rank_and_population(&self, points: Points) -> StoreResult<(u64, u64)> {
        #[derive(FromQueryResult)]
        struct Row {
            rank: i64,
            population: i64,
        }
        let sql = match self.backend() {
            DbBackend::Postgres => {
                "SELECT rank_position('', $1) AS rank, rank_population('') AS population"
            }
            _ => {
                "SELECT (SELECT COUNT(*) FROM users WHERE points > $1) + 1 AS rank, \
                        (SELECT COUNT(*) FROM users) AS population"
            }
        };
        let row = self
            .query_one_as::<Row>(sql, [points.value().into()])
            .await?
            .expect("an aggregate query returns a row");
        Ok((row.rank as u64, row.population as u64))
    }

    /// Global and guild rank of `points`, and how many participants there
    /// are in all and in the guild.
    async fn rank_counts(&self, points: Points, guild: Option<&str>) -> StoreResult<RankCounts> {
        let sql = match self.backend() {
            DbBackend::Postgres => {
                "SELECT rank_position('', $1) AS global_rank, \
                        rank_population('') AS participants, \
                        rank_position($2, $1) AS guild_rank, \
                        CAST(COALESCE((SELECT SUM(registered) FROM guild_totals WHERE guild = $2), 0) AS BIGINT) AS guild_participants, \
                        rank_position('', $1 - 0.01) - rank_position('', $1) - 1 AS level"
            }
            _ => {
                "SELECT (SELECT COUNT(*) FROM users WHERE points > $1) + 1 AS global_rank, \
                        (SELECT COUNT(*) FROM users) AS participants, \
                        (SELECT COUNT(*) FROM users WHERE guild = $2 AND points > $1) + 1 AS guild_rank, \
                        (SELECT COUNT(*) FROM users WHERE guild = $2) AS guild_participants, \
                        (SELECT COUNT(*) FROM users WHERE points = $1) - 1 AS level"
            }
        };
        Ok(self
            .query_one_as::<RankCounts>(
                sql,
                [points.value().into(), guild.map(str::to_string).into()],
            )
            .await?
            .expect("an aggregate query returns a row"))
    }

    /// The next participant up or down the leaderboard (points, then
    /// registration order), with their rank, in one query: someone with the
    /// same points on the near side of the tie first, else the closest
    /// participant with more (or fewer) points.
    async fn neighbour(
        &self,
        me: &Participant,
        direction: Direction,
    ) -> StoreResult<Option<Neighbour>> {
        let (tie, other) = match direction {
            Direction::Above => (
                "points = $1 AND id < $2 ORDER BY id DESC",
                "points > $1 ORDER BY points ASC, id DESC",
            ),
            Direction::Below => (
                "points = $1 AND id > $2 ORDER BY id ASC",
                "points < $1 ORDER BY points DESC, id ASC",
            ),
        };
        let rank = match self.backend() {
            DbBackend::Postgres => "rank_position('', u.points)",
            _ => "(SELECT COUNT(*) FROM users x WHERE x.points > u.points) + 1",
        };
        let sql = format!(
            "SELECT u.id AS id, u.first_name AS first_name, u.public_anonymous AS public_anonymous, u.guild AS guild, u.points AS points, {rank} AS rank FROM ( \
                SELECT * FROM (SELECT id, first_name, public_anonymous, guild, points, 0 AS pref FROM users WHERE {tie} LIMIT 1) t \
                UNION ALL \
                SELECT * FROM (SELECT id, first_name, public_anonymous, guild, points, 1 AS pref FROM users WHERE {other} LIMIT 1) o \
             ) u ORDER BY u.pref LIMIT 1"
        );
        let Some(row) = self
            .query_one_as::<NeighbourRow>(&sql, [me.points.value().into(), me.id.into()])
            .await?
        else {
            return Ok(None);
        };
        Ok(Some(neighbour_of(row, me.points)))
    }

    /// `found`, the neighbour on one side with someone level first, unless
    /// that one is level: then the closest with strictly more (or fewer)
    /// points.
    async fn strict_neighbour(
        &self,
        me: &Participant,
        found: Option<&Neighbour>,
        direction: Direction,
    ) -> StoreResult<Option<Neighbour>> {
        match found {
            None => Ok(None),
            Some(n) if n.points != me.points => Ok(Some(n.clone())),
            Some(_) => self.neighbour_beyond_ties(me, direction).await,
        }
    }

    /// The closest participant with strictly more (or fewer) points.
    async fn neighbour_beyond_ties(
        &self,
        me: &Participant,
        direction: Direction,
    ) -> StoreResult<Option<Neighbour>> {
        let other = match direction {
            Direction::Above => "points > $1 ORDER BY points ASC, id DESC",
            Direction::Below => "points < $1 ORDER BY points DESC, id ASC",
        };
        let rank = match self.backend() {
            DbBackend::Postgres => "rank_position('', u.points)",
            _ => "(SELECT COUNT(*) FROM users x WHERE x.points > u.points) + 1",
        };
        let sql = format!(
            "SELECT u.id AS id, u.first_name AS first_name, u.public_anonymous AS public_anonymous, u.guild AS guild, u.points AS points, {rank} AS rank \
             FROM (SELECT id, first_name, public_anonymous, guild, points FROM users WHERE {other} LIMIT 1) u"
        );
        let Some(row) = self
            .query_one_as::<NeighbourRow>(&sql, [me.points.value().into()])
            .await?
        else {
            return Ok(None);
        };
        Ok(Some(neighbour_of(row, me.points)))
    }

    /// The participants within the first `ranks` ranks (all of them, or
    /// one guild's), with points, best first: everyone tied at the cut is
    /// in, up to `max_rows` rows; the tied ones beyond that are counted.
    /// Ranks are `RANK()` ranks within the list's scope.
    pub async fn top_ranks(
        &self,
        guild: Option<&str>,
        ranks: u64,
        max_rows: u64,
    ) -> StoreResult<TopList> {
        #[derive(FromQueryResult)]
        struct Row {
            id: i64,
            first_name: String,
            public_anonymous: bool,
            username: Option<String>,
            guild: Option<String>,
            points: Decimal,
        }
        #[derive(FromQueryResult)]
        struct Count {
            n: i64,
        }
        let scope = if guild.is_some() {
            "AND guild = $3"
        } else {
            ""
        };
        // The points of the last rank in, then everyone with at least that.
        // Test users (demo data, the cleanup's name patterns) are never in
        // a public list.
        let sql = format!(
            "SELECT id, first_name, public_anonymous, username, guild, points FROM users \
             WHERE points > 0 AND NOT is_test_user {scope} AND points >= COALESCE((SELECT points FROM users \
                 WHERE points > 0 AND NOT is_test_user {scope} ORDER BY points DESC LIMIT 1 OFFSET $1), 0) \
             ORDER BY points DESC, id ASC LIMIT $2"
        );
        let mut values: Vec<sea_orm::Value> = vec![
            (ranks.saturating_sub(1) as i64).into(),
            (max_rows.saturating_add(1) as i64).into(),
        ];
        if let Some(g) = guild {
            values.push(g.into());
        }
        let mut rows = self.query_all_as::<Row>(&sql, values).await?;
        let mut more_level = 0;
        if rows.len() as u64 > max_rows {
            rows.truncate(max_rows as usize);
            if let Some(last) = rows.last() {
                let scope = if guild.is_some() {
                    "AND guild = $2"
                } else {
                    ""
                };
                let mut values: Vec<sea_orm::Value> = vec![last.points.into()];
                if let Some(g) = guild {
                    values.push(g.into());
                }
                let level = self
                    .query_one_as::<Count>(
                        &format!(
                            "SELECT COUNT(*) AS n FROM users WHERE points = $1 AND NOT is_test_user {scope}"
                        ),
                        values,
                    )
                    .await?
                    .map_or(0, |c| c.n.max(0) as u64);
                let shown = rows.iter().filter(|r| r.points == last.points).count() as u64;
                more_level = level.saturating_sub(shown);
            }
        }
        let ranked = crate::domain::rank_positions(&rows, |r| r.points);
        Ok(TopList {
            entries: rows
                .into_iter()
                .zip(ranked)
                .map(|(r, rank)| LeaderboardEntry {
                    rank,
                    user_id: r.id,
                    first_name: public_name(r.first_name, r.public_anonymous),
                    username: r.username.filter(|_| !r.public_anonymous),
                    guild: r.guild,
                    points: Points::new(r.points),
                    anonymous: r.public_anonymous,
                })
                .collect(),
            more_level,
        })
    }

    /// The top `limit` participants, with `RANK()` ranks (ties broken by
    /// registration order for display).
    pub async fn leaderboard(&self, limit: u64) -> StoreResult<Vec<LeaderboardEntry>> {
        let rows = self
            .query_all_as::<LeaderRow>(
                "SELECT id, first_name, public_anonymous, username, guild, points, RANK() OVER (ORDER BY points DESC) AS rank \
                 FROM users ORDER BY points DESC, id ASC LIMIT $1",
                [(limit as i64).into()],
            )
            .await?;
        Ok(rows.into_iter().map(LeaderboardEntry::from).collect())
    }

    /// The top `limit` participants of one guild, ranked within the guild.
    pub async fn guild_leaderboard(
        &self,
        guild: &str,
        limit: u64,
    ) -> StoreResult<Vec<LeaderboardEntry>> {
        let rows = self
            .query_all_as::<LeaderRow>(
                "SELECT id, first_name, public_anonymous, username, guild, points, RANK() OVER (ORDER BY points DESC) AS rank \
                 FROM users WHERE guild = $1 ORDER BY points DESC, id ASC LIMIT $2",
                [guild.into(), (limit as i64).into()],
            )
            .await?;
        Ok(rows.into_iter().map(LeaderboardEntry::from).collect())
    }

    /// The guilds ranked by the active competition's guild score (total
    /// points ÷ configured members unless it weighs participation too),
    /// with participation (members with points ÷ configured members), as
    /// organisers see them: every member counts, test users too, so that
    /// demo data can be looked at in the admin panel and the CLI.
    pub async fn guild_standings(&self) -> StoreResult<GuildTable> {
        // A deactivated guild only takes no new members; it still competes.
        let figures = self.guild_figures(false, Members::All).await?;
        let score = self.guild_score().await?;
        Ok(GuildTable {
            score,
            guilds: guild_standings(figures.iter().map(GuildFigures::totals).collect(), score),
        })
    }

    /// The standings participants see (the bot, the Mini App, the public
    /// API): test users (demo data, the cleanup's name patterns) count in
    /// no guild's members, points or participation.
    pub async fn public_guild_standings(&self) -> StoreResult<GuildTable> {
        let figures = self.guild_figures(false, Members::Real).await?;
        let score = self.guild_score().await?;
        Ok(GuildTable {
            score,
            guilds: guild_standings(figures.iter().map(GuildFigures::totals).collect(), score),
        })
    }

    /// How the active competition ranks guilds (by the average when no
    /// competition is active).
    pub async fn guild_score(&self) -> StoreResult<GuildScore> {
        Ok(self
            .active_competition()
            .await?
            .map(|c| c.rules.guild_score)
            .unwrap_or_default())
    }

    /// Each guild (only the active ones with `only_active`) with its
    /// registered and active members and total points.
    pub(super) async fn guild_figures(
        &self,
        only_active: bool,
        members: Members,
    ) -> StoreResult<Vec<GuildFigures>> {
        let filter = if only_active { "WHERE g.active" } else { "" };
        let sql = match (self.backend(), members) {
            // Eight striped rows per guild, kept in step by the rank-count triggers.
            (DbBackend::Postgres, Members::All) => format!(
                "SELECT g.id AS id, g.name AS name, g.member_count AS member_count, g.active AS active, \
                        CAST(COALESCE(SUM(t.registered), 0) AS BIGINT) AS registered, \
                        CAST(COALESCE(SUM(t.active_members), 0) AS BIGINT) AS active_members, \
                        COALESCE(SUM(t.total_points), 0.0) AS total_points \
                 FROM guilds g LEFT JOIN guild_totals t ON t.guild = g.name {filter} \
                 GROUP BY g.id, g.name, g.member_count, g.active"
            ),
            // The same less the test users' share, found through their
            // partial index. `x` has one row per guild, repeated on each
            // stripe, hence MAX.
            (DbBackend::Postgres, Members::Real) => format!(
                "SELECT g.id AS id, g.name AS name, g.member_count AS member_count, g.active AS active, \
                        CAST(COALESCE(SUM(t.registered), 0) - COALESCE(MAX(x.registered), 0) AS BIGINT) AS registered, \
                        CAST(COALESCE(SUM(t.active_members), 0) - COALESCE(MAX(x.active_members), 0) AS BIGINT) AS active_members, \
                        COALESCE(SUM(t.total_points), 0.0) - COALESCE(MAX(x.total_points), 0.0) AS total_points \
                 FROM guilds g LEFT JOIN guild_totals t ON t.guild = g.name \
                 LEFT JOIN (SELECT guild, COUNT(*) AS registered, \
                                   SUM(CASE WHEN points > 0 THEN 1 ELSE 0 END) AS active_members, \
                                   SUM(points) AS total_points \
                            FROM users WHERE is_test_user AND guild IS NOT NULL GROUP BY guild) x \
                        ON x.guild = g.name {filter} \
                 GROUP BY g.id, g.name, g.member_count, g.active"
            ),
            (_, members) => {
                let real = if members == Members::Real {
                    "AND NOT u.is_test_user"
                } else {
                    ""
                };
                format!(
                    "SELECT g.id AS id, g.name AS name, g.member_count AS member_count, g.active AS active, \
                            COUNT(u.id) AS registered, \
                            COALESCE(SUM(CASE WHEN u.points > 0 THEN 1 ELSE 0 END), 0) AS active_members, \
                            COALESCE(SUM(u.points), 0.0) AS total_points \
                     FROM guilds g LEFT JOIN users u ON u.guild = g.name {real} {filter} \
                     GROUP BY g.id, g.name, g.member_count, g.active"
                )
            }
        };
        self.query_all_as::<GuildFigures>(&sql, []).await
    }

    /// Points each guild's members (test users aside) logged for dates on
    /// or after `since`.
    pub async fn guild_points_since(&self, since: NaiveDate) -> StoreResult<Vec<(String, Points)>> {
        let rows = self
            .query_all_as::<GuildGain>(
                "SELECT u.guild AS guild, COALESCE(SUM(a.points), 0.0) AS points \
                 FROM activities a JOIN users u ON u.id = a.user_id \
                 WHERE a.activity_date >= $1 AND u.guild IS NOT NULL AND NOT u.is_test_user \
                 GROUP BY u.guild",
                [since.into()],
            )
            .await?;
        Ok(rows
            .into_iter()
            .map(|r| (r.guild, Points::new(r.points)))
            .collect())
    }

    /// A page of the leaderboard with `RANK()` ranks, ties in registration order.
    pub async fn public_leaderboard(
        &self,
        limit: u64,
        offset: u64,
    ) -> StoreResult<Vec<PublicLeader>> {
        let rows = self
            .query_all_as::<PublicLeaderRow>(
                "SELECT first_name, public_anonymous, guild, points, RANK() OVER (ORDER BY points DESC) AS rank \
                 FROM users WHERE NOT is_test_user ORDER BY points DESC, id ASC LIMIT $1 OFFSET $2",
                [(limit as i64).into(), (offset as i64).into()],
            )
            .await?;
        Ok(rows
            .into_iter()
            .map(|r| PublicLeader {
                rank: r.rank as u64,
                first_name: public_name(r.first_name, r.public_anonymous),
                anonymous: r.public_anonymous,
                guild: r.guild,
                points: Points::new(r.points),
            })
            .collect())
    }
}

enum Direction {
    Above,
    Below,
}

/// A neighbour row, with its distance from `mine`.
fn neighbour_of(row: NeighbourRow, mine: Points) -> Neighbour {
    let their_points = Points::new(row.points);
    let gap = if their_points >= mine {
        their_points - mine
    } else {
        mine - their_points
    };
    Neighbour {
        rank: row.rank as u64,
        user_id: row.id,
        first_name: public_name(row.first_name, row.public_anonymous),
        anonymous: row.public_anonymous,
        guild: row.guild,
        points: their_points,
        gap,
    }
}

impl From<LeaderRow> for LeaderboardEntry {
    fn from(r: LeaderRow) -> Self {
        LeaderboardEntry {
            rank: r.rank as u64,
            user_id: r.id,
            first_name: public_name(r.first_name, r.public_anonymous),
            username: r.username.filter(|_| !r.public_anonymous),
            guild: r.guild,
            points: Points::new(r.points),
            anonymous: r.public_anonymous,
        }
    }
}

/// A name for a public list: left out (empty) for someone anonymous, so
/// that no list can show it by mistake.
fn public_name(first_name: String, anonymous: bool) -> String {
    if anonymous { String::new() } else { first_name }
}
