//! Public, read-only operations: the active competition, guild standings,
//! the leaderboard and the activity catalogue.

use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use tokio::sync::Mutex;

use poem::web::Data;
use poem_openapi::param::Query;
use poem_openapi::payload::Json;
use poem_openapi::{Object, OpenApi};

use super::ApiTags;
use super::error::ApiError;
use crate::app::App;
use crate::domain::{Phase, Points};

/// The largest page a list returns.
pub const MAX_PAGE: u32 = 100;
/// The page size when none is asked for.
pub const DEFAULT_PAGE: u32 = 20;

/// The competition that is on.
#[derive(Debug, Object)]
pub struct CompetitionInfo {
    pub name: String,
    pub description: String,
    /// First day, `YYYY-MM-DD`, in the competition's time zone.
    pub start_date: String,
    /// Last day, `YYYY-MM-DD`.
    pub end_date: String,
    /// IANA time zone, e.g. `Europe/Helsinki`.
    pub time_zone: String,
    /// `not_started`, `running` or `finished`.
    pub phase: String,
    /// Number of competition days.
    pub total_days: u32,
    /// Days left after today (0 on the last day and after the end; all of them before the start).
    pub days_left: u32,
    /// The scoring rules.
    pub rules: RulesInfo,
}

/// A competition's scoring rules. Every field left out (or empty) means no
/// such rule: plain MET-hours, 1–1440 minutes per entry.
#[derive(Debug, Clone, Default, Object)]
pub struct RulesInfo {
    /// Entries shorter than this many minutes do not count.
    #[oai(skip_serializing_if_is_none)]
    pub min_minutes: Option<u16>,
    /// Minutes of one entry beyond this are not counted.
    #[oai(skip_serializing_if_is_none)]
    pub max_minutes: Option<u16>,
    /// The most points one person earns in a day, a decimal string.
    #[oai(skip_serializing_if_is_none)]
    pub daily_max_points: Option<String>,
    /// Categories (by name) and Compendium codes left out of the competition.
    #[oai(default)]
    pub excluded: Vec<String>,
    /// Days on which some or all activities earn more.
    #[oai(default)]
    pub multipliers: Vec<MultiplierInfo>,
    /// How guilds are ranked: `average` (points per configured member, the
    /// default; left out) or `composite` (a score of 0–100 weighing points
    /// per member against the best guild's and participation).
    #[oai(skip_serializing_if_is_none)]
    pub guild_score: Option<String>,
    /// With `composite`: the weight of points per member, in percent
    /// (0–100; the two weights add up to 100).
    #[oai(skip_serializing_if_is_none)]
    pub points_weight: Option<u32>,
    /// With `composite`: the weight of participation (members with points
    /// ÷ configured members, at most 100 %), in percent.
    #[oai(skip_serializing_if_is_none)]
    pub participation_weight: Option<u32>,
    /// One sentence per rule, in the language asked for (ignored when sent).
    #[oai(default)]
    pub summary: Vec<String>,
}

/// A multiplier window.
#[derive(Debug, Clone, Object)]
pub struct MultiplierInfo {
    /// 0.1–10, a decimal string such as "2" or "1.5".
    pub factor: String,
    /// The first day, `YYYY-MM-DD`.
    pub from: String,
    /// The last day, `YYYY-MM-DD`.
    pub to: String,
    /// A category name or Compendium code; left out: every activity.
    #[oai(skip_serializing_if_is_none)]
    pub applies_to: Option<String>,
}

impl From<&crate::domain::CompetitionRules> for RulesInfo {
    fn from(r: &crate::domain::CompetitionRules) -> RulesInfo {
        RulesInfo {
            min_minutes: r.min_minutes,
            max_minutes: r.max_minutes,
            daily_max_points: r.daily_max_points.map(|p| p.to_string()),
            excluded: r.excluded.clone(),
            multipliers: r
                .multipliers
                .iter()
                .map(|m| MultiplierInfo {
                    factor: m.factor.normalize().to_string(),
                    from: m.from.to_string(),
                    to: m.to.to_string(),
                    applies_to: m.applies_to.clone(),
                })
                .collect(),
            guild_score: (!r.guild_score.is_average()).then(|| r.guild_score.kind().to_string()),
            points_weight: (!r.guild_score.is_average())
                .then(|| u32::from(r.guild_score.weights().0)),
            participation_weight: (!r.guild_score.is_average())
                .then(|| u32::from(r.guild_score.weights().1)),
            summary: {
                let lines = r.summary();
                if lines.is_empty() {
                    vec![super::error::say(crate::msg!("rules-none"))]
                } else {
                    lines.into_iter().map(super::error::say).collect()
                }
            },
        }
    }
}

/// A guild's place in the standings.
#[derive(Debug, Object)]
pub struct GuildStandingItem {
    /// `RANK()` by score: ties share a rank.
    pub rank: u64,
    pub name: String,
    /// The configured member count, the average's denominator.
    pub configured_members: u32,
    /// Participants registered with the guild.
    pub registered: u64,
    /// Registered participants with points.
    pub active_members: u64,
    /// Total points, a decimal string with two decimals.
    pub total_points: String,
    /// Total points ÷ configured members, one decimal.
    pub average: String,
    /// Active members ÷ configured members, in percent, one decimal.
    pub participation_percent: String,
    /// What the standings rank by, one decimal: the average itself, or
    /// with a composite rule the score of 0–100 (see `score_rule`).
    pub score: String,
    /// The trend: points per configured member logged for the last 7 days
    /// (today included, in the competition's time zone), one decimal.
    pub week_gain: String,
}

/// How the standings are ranked: the active competition's guild score.
#[derive(Debug, Object)]
pub struct ScoreRule {
    /// `average` (points per configured member) or `composite`.
    pub kind: String,
    /// The weight of points per member in the score, in percent: with
    /// `composite` the guild's average ÷ the best guild's average counts
    /// this much (100 with `average`).
    pub points_weight: u32,
    /// The weight of participation (members with points ÷ configured
    /// members, at most 100 %), in percent (0 with `average`).
    pub participation_weight: u32,
    /// The rule in a sentence, in the language asked for.
    pub description: String,
}

/// A page of guild standings.
#[derive(Debug, Object)]
pub struct StandingsPage {
    /// How the guilds are ranked.
    pub score_rule: ScoreRule,
    pub items: Vec<GuildStandingItem>,
    /// How many guilds there are in all.
    pub total: u64,
    pub limit: u32,
    pub offset: u64,
}

/// A leaderboard row: first name and guild only.
#[derive(Debug, Object)]
pub struct LeaderItem {
    /// `RANK()` by points: ties share a rank.
    pub rank: u64,
    /// Empty when the person chose to appear as anonymous.
    pub first_name: String,
    /// The person chose to appear as anonymous in public lists.
    pub anonymous: bool,
    pub guild: Option<String>,
    /// Points, a decimal string with two decimals.
    pub points: String,
}

/// A page of the leaderboard.
#[derive(Debug, Object)]
pub struct LeaderboardPage {
    pub items: Vec<LeaderItem>,
    /// How many participants there are in all.
    pub total: u64,
    pub limit: u32,
    pub offset: u64,
}

/// A place in the streak leaderboard.
#[derive(Debug, Object)]
pub struct StreakItem {
    /// `RANK()` by the streak: equal streaks share a rank.
    pub rank: u64,
    /// Empty when the participant chose to be anonymous.
    pub first_name: String,
    pub anonymous: bool,
    #[oai(skip_serializing_if_is_none)]
    pub guild: Option<String>,
    /// Days in a row with an activity, up to today (or yesterday when
    /// nothing is logged today yet), in the competition's time zone.
    pub days: u32,
}

/// The longest current streaks.
#[derive(Debug, Object)]
pub struct StreakPage {
    pub items: Vec<StreakItem>,
}

/// Ranks the streak leaderboard shows.
const STREAK_RANKS: u64 = 10;

/// A guild's final place in a past season.
#[derive(Debug, Object)]
pub struct SeasonGuildItem {
    /// `RANK()` by score: ties share a rank.
    pub rank: u64,
    pub name: String,
    /// The configured member count, the average's denominator.
    pub configured_members: u32,
    /// Members with points in the season.
    pub active_members: u64,
    /// Total points, a decimal string with two decimals.
    pub total_points: String,
    /// Total points ÷ configured members, one decimal.
    pub average: String,
    /// Active members ÷ configured members, in percent, one decimal.
    pub participation_percent: String,
    /// What the standings ranked by, one decimal.
    pub score: String,
}

impl From<&crate::domain::GuildStanding> for SeasonGuildItem {
    fn from(g: &crate::domain::GuildStanding) -> Self {
        SeasonGuildItem {
            rank: g.rank,
            name: g.name.clone(),
            configured_members: g.configured_members,
            active_members: g.active_members,
            total_points: g.total_points.to_string(),
            average: g.average.to_string(),
            participation_percent: g.participation_percent().to_string(),
            score: g.score.to_string(),
        }
    }
}

/// A participant in a past season's hall of fame.
#[derive(Debug, Object)]
pub struct SeasonLeaderItem {
    /// `RANK()` by points: ties share a rank.
    pub rank: u64,
    /// Empty when the person chose to appear as anonymous or is no
    /// longer registered.
    pub first_name: String,
    /// The person chose to appear as anonymous in public lists.
    pub anonymous: bool,
    /// The person has deleted their account since.
    pub former: bool,
    pub guild: Option<String>,
    /// Points, a decimal string with two decimals.
    pub points: String,
}

/// A past season: its dates and final standings.
#[derive(Debug, Object)]
pub struct SeasonItem {
    pub name: String,
    /// First day, YYYY-MM-DD.
    pub start_date: String,
    /// Last day, YYYY-MM-DD.
    pub end_date: String,
    /// How its guilds were ranked.
    pub score_rule: ScoreRule,
    /// Participants with points.
    pub participants: u64,
    /// Entries logged in it (kept in the archive).
    pub activities: u64,
    /// Their points, two decimals.
    pub total_points: String,
    /// Every guild, best first.
    pub guilds: Vec<SeasonGuildItem>,
    /// The participants within the first ten ranks.
    pub leaders: Vec<SeasonLeaderItem>,
}

/// The hall of fame: every past season, the latest first.
#[derive(Debug, Object)]
pub struct HallOfFamePage {
    pub items: Vec<SeasonItem>,
}

/// How many ranks of each past season's participants are public.
pub const HALL_OF_FAME_RANKS: u64 = 10;

/// The rule that ranked guilds, as the API describes it.
pub fn score_rule(score: crate::domain::GuildScore) -> ScoreRule {
    let (points_weight, participation_weight) = score.weights();
    ScoreRule {
        kind: score.kind().to_string(),
        points_weight: u32::from(points_weight),
        participation_weight: u32::from(participation_weight),
        description: super::error::say(crate::domain::rules::guild_score_sentence(score)),
    }
}

/// An entry of the activity catalogue.
#[derive(Debug, Object)]
pub struct CatalogueItem {
    pub category: String,
    pub activity: String,
    /// `Light`, `Moderate` or `Vigorous`.
    pub intensity: String,
    /// The 2024 Adult Compendium code.
    pub code: String,
    /// The MET value, a decimal string.
    pub met: String,
    pub description: String,
}

/// A page of the catalogue.
#[derive(Debug, Object)]
pub struct CataloguePage {
    pub items: Vec<CatalogueItem>,
    pub total: u64,
    pub limit: u32,
    pub offset: u64,
}

/// How long the guilds' gains over the last seven days are reused. The
/// standings themselves (totals, averages, ranks) are read fresh on every
/// request from counts the database keeps in step; the week's gain sums
/// the week's activities (about a million rows at the scale of a million
/// participants, half a second), so it is recomputed at most this often,
/// by one request while the others wait for it.
const WEEK_GAIN_TTL: Duration = Duration::from_secs(10);

/// The guilds' gains since a day, and when they were read.
type WeekGains = (Instant, NaiveDate, Arc<Vec<(String, Points)>>);

/// The public operations.
#[derive(Default)]
pub struct PublicApi {
    week_gains: Mutex<Option<WeekGains>>,
}

impl PublicApi {
    /// Each guild's points from activities dated `since` or later, reused
    /// for [`WEEK_GAIN_TTL`].
    async fn week_gains(
        &self,
        app: &App,
        since: NaiveDate,
    ) -> Result<Arc<Vec<(String, Points)>>, ApiError> {
        let mut slot = self.week_gains.lock().await;
        if let Some((at, day, gains)) = slot.as_ref()
            && *day == since
            && at.elapsed() < WEEK_GAIN_TTL
        {
            return Ok(gains.clone());
        }
        let gains = Arc::new(app.store.guild_points_since(since).await?);
        *slot = Some((Instant::now(), since, gains.clone()));
        Ok(gains)
    }
}

#[OpenApi]
impl PublicApi {
    /// The active competition: name, dates and days left.
    #[oai(path = "/competition", method = "get", tag = "ApiTags::Public")]
    async fn competition(&self, app: Data<&Arc<App>>) -> Result<Json<CompetitionInfo>, ApiError> {
        let competition = app.store.active_competition().await?.ok_or_else(|| {
            ApiError::not_found(
                "no_active_competition",
                super::error::say(crate::msg!("api-no-active-competition")),
            )
        })?;
        let calendar = competition.calendar();
        let now = chrono::Utc::now();
        let (phase, days_left) = match calendar.phase(now) {
            Phase::NotStarted { .. } => ("not_started", calendar.total_days()),
            Phase::Running { days_left, .. } => ("running", days_left),
            Phase::Finished { .. } => ("finished", 0),
        };
        Ok(Json(CompetitionInfo {
            name: competition.name,
            description: competition.description,
            start_date: competition.start_date.to_string(),
            end_date: competition.end_date.to_string(),
            time_zone: competition.time_zone.name().to_string(),
            phase: phase.to_string(),
            total_days: calendar.total_days(),
            days_left,
            rules: (&competition.rules).into(),
        }))
    }

    /// Guild standings, ranked by the active competition's guild score:
    /// total points ÷ configured members, or a composite score that also
    /// weighs participation (`score_rule` says which, with the weights).
    #[oai(path = "/standings", method = "get", tag = "ApiTags::Public")]
    async fn standings(
        &self,
        app: Data<&Arc<App>>,
        /// Page size, 1 to 100 (default 20).
        #[oai(validator(minimum(value = "1"), maximum(value = "100")))]
        limit: Query<Option<u32>>,
        /// Items to skip.
        #[oai(validator(maximum(value = "1000000")))]
        offset: Query<Option<u64>>,
    ) -> Result<Json<StandingsPage>, ApiError> {
        let (limit, offset) = page(limit.0, offset.0);
        let all = app.store.public_guild_standings().await?;
        let today = app.competition_today().await?;
        let gains = self.week_gains(&app, today - chrono::Days::new(6)).await?;
        let total = all.len() as u64;
        let (points_weight, participation_weight) = all.score.weights();
        let score_rule = ScoreRule {
            kind: all.score.kind().to_string(),
            points_weight: u32::from(points_weight),
            participation_weight: u32::from(participation_weight),
            description: super::error::say(crate::domain::rules::guild_score_sentence(all.score)),
        };
        let items = all
            .into_iter()
            .skip(offset as usize)
            .take(limit as usize)
            .map(|s| GuildStandingItem {
                rank: s.rank,
                configured_members: s.configured_members,
                registered: s.registered,
                active_members: s.active_members,
                total_points: s.total_points.to_string(),
                average: s.average.to_string(),
                participation_percent: s.participation_percent().to_string(),
                score: s.score.to_string(),
                week_gain: crate::domain::average_per_member(
                    gains
                        .iter()
                        .find(|(g, _)| *g == s.name)
                        .map_or(Points::ZERO, |(_, p)| *p),
                    s.configured_members,
                )
                .to_string(),
                name: s.name,
            })
            .collect();
        Ok(Json(StandingsPage {
            score_rule,
            items,
            total,
            limit,
            offset,
        }))
    }

    /// The leaderboard: rank, first name, guild and points.
    #[oai(path = "/leaderboard", method = "get", tag = "ApiTags::Public")]
    async fn leaderboard(
        &self,
        app: Data<&Arc<App>>,
        /// Page size, 1 to 100 (default 20).
        #[oai(validator(minimum(value = "1"), maximum(value = "100")))]
        limit: Query<Option<u32>>,
        /// Items to skip.
        #[oai(validator(maximum(value = "1000000")))]
        offset: Query<Option<u64>>,
    ) -> Result<Json<LeaderboardPage>, ApiError> {
        let (limit, offset) = page(limit.0, offset.0);
        let rows = app
            .store
            .public_leaderboard(u64::from(limit), offset)
            .await?;
        let total = app.store.count_public_participants().await?;
        Ok(Json(LeaderboardPage {
            items: rows
                .into_iter()
                .map(|r| LeaderItem {
                    rank: r.rank,
                    first_name: r.first_name,
                    anonymous: r.anonymous,
                    guild: r.guild,
                    points: r.points.to_string(),
                })
                .collect(),
            total,
            limit,
            offset,
        }))
    }

    /// The longest current streaks in the active competition: the first
    /// ten ranks (everyone tied at the cut is in); test users are left out
    /// and anonymous participants unnamed. Empty without an active
    /// competition.
    #[oai(path = "/streaks", method = "get", tag = "ApiTags::Public")]
    async fn streaks(&self, app: Data<&Arc<App>>) -> Result<Json<StreakPage>, ApiError> {
        let items = match app.store.active_competition().await? {
            Some(c) => app
                .store
                .streak_leaderboard(
                    c.start_date,
                    c.calendar().today(chrono::Utc::now()),
                    STREAK_RANKS,
                )
                .await?
                .into_iter()
                .map(|s| StreakItem {
                    rank: s.rank,
                    first_name: s.first_name,
                    anonymous: s.anonymous,
                    guild: s.guild,
                    days: s.days,
                })
                .collect(),
            None => Vec::new(),
        };
        Ok(Json(StreakPage { items }))
    }

    /// The hall of fame: every past season (the latest first) with its
    /// final guild standings and its participants within the first ten
    /// ranks. Names are shown as they are now: anonymous for those who
    /// chose it, left out for deleted accounts.
    #[oai(path = "/hall-of-fame", method = "get", tag = "ApiTags::Public")]
    async fn hall_of_fame(&self, app: Data<&Arc<App>>) -> Result<Json<HallOfFamePage>, ApiError> {
        let seasons = app.store.hall_of_fame(HALL_OF_FAME_RANKS).await?;
        Ok(Json(HallOfFamePage {
            items: seasons
                .into_iter()
                .map(|h| SeasonItem {
                    name: h.season.name,
                    start_date: h.season.start_date.to_string(),
                    end_date: h.season.end_date.to_string(),
                    score_rule: score_rule(h.season.guild_score),
                    participants: h.season.participants,
                    activities: h.season.activities,
                    total_points: h.season.total_points.to_string(),
                    guilds: h.guilds.iter().map(SeasonGuildItem::from).collect(),
                    leaders: h
                        .leaders
                        .into_iter()
                        .map(|l| SeasonLeaderItem {
                            rank: l.rank,
                            first_name: l.first_name,
                            anonymous: l.anonymous,
                            former: l.former,
                            guild: l.guild,
                            points: l.points.to_string(),
                        })
                        .collect(),
                })
                .collect(),
        }))
    }

    /// The activity catalogue: category, activity, intensity, Compendium code and MET.
    #[oai(path = "/catalogue", method = "get", tag = "ApiTags::Public")]
    async fn catalogue(
        &self,
        app: Data<&Arc<App>>,
        /// Page size, 1 to 100 (default 20).
        #[oai(validator(minimum(value = "1"), maximum(value = "100")))]
        limit: Query<Option<u32>>,
        /// Items to skip.
        #[oai(validator(maximum(value = "1000000")))]
        offset: Query<Option<u64>>,
    ) -> Json<CataloguePage> {
        let (limit, offset) = page(limit.0, offset.0);
        let items = app
            .catalogue
            .entries()
            .skip(offset as usize)
            .take(limit as usize)
            .map(|e| CatalogueItem {
                category: e.category.clone(),
                activity: e.activity.clone(),
                intensity: e.intensity.to_string(),
                code: e.code.clone(),
                met: e.met.to_string(),
                description: e.description.clone(),
            })
            .collect();
        Json(CataloguePage {
            items,
            total: app.catalogue.len() as u64,
            limit,
            offset,
        })
    }
}

/// The page size and offset asked for, with defaults.
pub fn page(limit: Option<u32>, offset: Option<u64>) -> (u32, u64) {
    (
        limit.unwrap_or(DEFAULT_PAGE).clamp(1, MAX_PAGE),
        offset.unwrap_or(0),
    )
}
