//! Personal operations under `/me`, signed in with Telegram Mini App
//! `initData` (header `X-Telegram-Init-Data`, or `Authorization: tma ...`).

use std::sync::Arc;

use chrono::{Duration, Utc};
use poem::web::Data;
use poem_openapi::param::Header;
use poem_openapi::payload::Json;
use poem_openapi::{ApiResponse, Object, OpenApi};

use super::ApiTags;
use super::error::{ApiError, say};
use crate::actions::Actor;
use crate::app::App;
use crate::domain::activity_mix::category_mix;
use crate::domain::daily_progress::daily_progress;
use crate::domain::init_data::{InitDataError, validate_init_data};
use crate::msg;
use crate::store::participants::Participant;
use crate::store::standings::Neighbour;

/// How many days `/me/daily` covers, today included.
pub const DAILY_DAYS: i64 = 30;

/// My points and ranks.
#[derive(Debug, Object)]
pub struct MySummary {
    pub first_name: String,
    pub guild: Option<String>,
    /// Points, a decimal string with two decimals.
    pub points: String,
    /// Rank among all participants (`RANK()`).
    pub global_rank: u64,
    /// How many participants there are.
    pub participants: u64,
    /// Rank within my guild.
    pub guild_rank: u64,
    /// How many participants my guild has.
    pub guild_participants: u64,
    /// The participant just above me on the leaderboard (none when I lead).
    pub above: Option<MyNeighbour>,
    /// The participant just below me (none when I am last).
    pub below: Option<MyNeighbour>,
    /// The language I chose in the bot (`en`, `fi`), if I chose one.
    pub language: Option<String>,
    /// I chose to appear as anonymous in public lists (`/profile` in the bot).
    pub anonymous: bool,
    /// My days in a row with an activity.
    pub streak: MyStreak,
}

/// Days in a row with at least one activity, by the competition's local
/// days.
#[derive(Debug, Object)]
pub struct MyStreak {
    /// Up to today, or up to yesterday while nothing is logged today; 0
    /// once a whole day passed without an activity.
    pub current: u32,
    /// The longest run in the competition.
    pub longest: u32,
}

/// The participant next to me on the leaderboard: first name and guild
/// only, as on the public leaderboard.
#[derive(Debug, Object)]
pub struct MyNeighbour {
    /// Their rank (`RANK()`: the same as mine when we are tied).
    pub rank: u64,
    /// Empty when they chose to appear as anonymous.
    pub first_name: String,
    /// They chose to appear as anonymous in public lists.
    pub anonymous: bool,
    pub guild: Option<String>,
    /// Their points, a decimal string with two decimals.
    pub points: String,
    /// How many points apart we are, never negative.
    pub gap: String,
}

impl From<Neighbour> for MyNeighbour {
    fn from(n: Neighbour) -> Self {
        MyNeighbour {
            rank: n.rank,
            first_name: n.first_name,
            anonymous: n.anonymous,
            guild: n.guild,
            points: n.points.to_string(),
            gap: n.gap.to_string(),
        }
    }
}

/// One day of my progress.
#[derive(Debug, Object)]
pub struct MyDay {
    /// `YYYY-MM-DD`, the activity date.
    pub date: String,
    /// Points from activities done that day.
    pub points: String,
    /// Points from all activities done up to the end of that day.
    pub total: String,
    /// Global rank at the end of that day, from activities by their activity date.
    pub rank: u64,
}

/// My last 30 days, oldest first.
#[derive(Debug, Object)]
pub struct MyDaily {
    pub days: Vec<MyDay>,
}

/// One category of my activities.
#[derive(Debug, Object)]
pub struct MyCategory {
    /// The catalogue category (`Other` for activities no longer in the catalogue).
    pub category: String,
    /// The category's name in the request's language (`Accept-Language`).
    pub label: String,
    pub count: u64,
    pub minutes: u64,
    pub points: String,
}

/// My activities by category, most points first.
#[derive(Debug, Object)]
pub struct MyActivityMix {
    pub items: Vec<MyCategory>,
}

/// A copy of everything stored about me.
#[derive(ApiResponse)]
pub enum MyData {
    /// One JSON document: `exported_at`, `about` (what it holds, in the
    /// request's language), then one key per kind of data — `profile`,
    /// `language`, `dialogue`, `activities`, `archived_activities`,
    /// `feedback`, `favourites`, `review_flags`, `notices` — each row with every column the database
    /// keeps. The
    /// same file the bot's `/mydata` sends.
    #[oai(status = 200)]
    Copy(
        Json<serde_json::Value>,
        /// `attachment; filename="activity-challenge-my-data-YYYY-MM-DD.json"`.
        #[oai(header = "Content-Disposition")]
        String,
    ),
}

/// The personal operations.
pub struct MeApi;

/// My result in one past season.
#[derive(Debug, Object)]
pub struct MySeason {
    pub name: String,
    /// First day, YYYY-MM-DD.
    pub start_date: String,
    /// Last day, YYYY-MM-DD.
    pub end_date: String,
    /// My final rank among the season's participants.
    pub rank: u64,
    /// How many participants had points.
    pub participants: u64,
    pub guild: Option<String>,
    /// My guild's final rank, when it was in the standings.
    pub guild_rank: Option<u64>,
    /// My points, two decimals.
    pub points: String,
    /// My entries in it.
    pub activities: u64,
}

/// My results season by season, the latest first.
#[derive(Debug, Object)]
pub struct MySeasons {
    pub items: Vec<MySeason>,
}

#[OpenApi]
impl MeApi {
    /// My points, global rank and guild rank, and who is just above and below me.
    #[oai(path = "/me", method = "get", tag = "ApiTags::Personal")]
    async fn me(
        &self,
        app: Data<&Arc<App>>,
        /// Telegram Mini App initData (`Telegram.WebApp.initData`).
        #[oai(name = "X-Telegram-Init-Data")]
        init_data: Header<Option<String>>,
        /// Alternatively `tma <initData>`.
        #[oai(name = "Authorization")]
        authorization: Header<Option<String>>,
    ) -> Result<Json<MySummary>, ApiError> {
        let me = sign_in(&app, init_data.0, authorization.0).await?;
        let s = app.store.participant_summary(me.id).await?;
        let language = app.store.bot_language(me.telegram_id).await?;
        let anonymous = s.participant.public_anonymous;
        let streak = app.streak(me.id).await?;
        Ok(Json(MySummary {
            first_name: s.participant.first_name,
            guild: s.participant.guild,
            points: s.participant.points.to_string(),
            global_rank: s.global_rank,
            participants: s.participants,
            guild_rank: s.guild_rank,
            guild_participants: s.guild_participants,
            above: s.above.map(MyNeighbour::from),
            below: s.below.map(MyNeighbour::from),
            language,
            anonymous,
            streak: MyStreak {
                current: streak.current,
                longest: streak.longest,
            },
        }))
    }

    /// My points and global rank at the end of each of the last 30 days.
    #[oai(path = "/me/daily", method = "get", tag = "ApiTags::Personal")]
    async fn daily(
        &self,
        app: Data<&Arc<App>>,
        /// Telegram Mini App initData (`Telegram.WebApp.initData`).
        #[oai(name = "X-Telegram-Init-Data")]
        init_data: Header<Option<String>>,
        /// Alternatively `tma <initData>`.
        #[oai(name = "Authorization")]
        authorization: Header<Option<String>>,
    ) -> Result<Json<MyDaily>, ApiError> {
        let me = sign_in(&app, init_data.0, authorization.0).await?;
        let today = app.competition_today().await?;
        let first = today - Duration::days(DAILY_DAYS - 1);
        let days: Vec<_> = first.iter_days().take(DAILY_DAYS as usize).collect();
        let history = app.store.points_history(first, today).await?;
        let progress = daily_progress(me.id, &days, &history.before, &history.daily);
        Ok(Json(MyDaily {
            days: progress
                .into_iter()
                .map(|d| MyDay {
                    date: d.date.to_string(),
                    points: d.points.to_string(),
                    total: d.total.to_string(),
                    rank: d.rank,
                })
                .collect(),
        }))
    }

    /// A copy of everything stored about me, as a JSON file (the bot's
    /// `/mydata` sends the same). Each copy is recorded in the audit log.
    #[oai(path = "/me/data", method = "get", tag = "ApiTags::Personal")]
    async fn data(
        &self,
        app: Data<&Arc<App>>,
        /// Telegram Mini App initData (`Telegram.WebApp.initData`).
        #[oai(name = "X-Telegram-Init-Data")]
        init_data: Header<Option<String>>,
        /// Alternatively `tma <initData>`.
        #[oai(name = "Authorization")]
        authorization: Header<Option<String>>,
    ) -> Result<MyData, ApiError> {
        let me = sign_in(&app, init_data.0, authorization.0).await?;
        let actor = Actor::Participant {
            id: me.id,
            telegram_id: me.telegram_id,
        };
        let copy = crate::actions::participants::own_data(&app, &actor, me.id).await?;
        let about = super::error::language().t("bot-mydata-about");
        let disposition = format!("attachment; filename=\"{}\"", copy.file_name());
        Ok(MyData::Copy(Json(copy.to_value(&about)), disposition))
    }

    /// My results in past seasons, the latest first (seasons I had no
    /// points in are not listed).
    #[oai(path = "/me/seasons", method = "get", tag = "ApiTags::Personal")]
    async fn seasons(
        &self,
        app: Data<&Arc<App>>,
        /// Telegram Mini App initData (`Telegram.WebApp.initData`).
        #[oai(name = "X-Telegram-Init-Data")]
        init_data: Header<Option<String>>,
        /// Alternatively `tma <initData>`.
        #[oai(name = "Authorization")]
        authorization: Header<Option<String>>,
    ) -> Result<Json<MySeasons>, ApiError> {
        let me = sign_in(&app, init_data.0, authorization.0).await?;
        let seasons = app.store.participant_seasons(me.id).await?;
        Ok(Json(MySeasons {
            items: seasons
                .into_iter()
                .map(|s| MySeason {
                    name: s.season.name,
                    start_date: s.season.start_date.to_string(),
                    end_date: s.season.end_date.to_string(),
                    rank: s.rank,
                    participants: s.season.participants,
                    guild: s.guild,
                    guild_rank: s.guild_rank,
                    points: s.points.to_string(),
                    activities: s.activities,
                })
                .collect(),
        }))
    }

    /// My activities grouped by catalogue category.
    #[oai(path = "/me/activity-mix", method = "get", tag = "ApiTags::Personal")]
    async fn activity_mix(
        &self,
        app: Data<&Arc<App>>,
        /// Telegram Mini App initData (`Telegram.WebApp.initData`).
        #[oai(name = "X-Telegram-Init-Data")]
        init_data: Header<Option<String>>,
        /// Alternatively `tma <initData>`.
        #[oai(name = "Authorization")]
        authorization: Header<Option<String>>,
    ) -> Result<Json<MyActivityMix>, ApiError> {
        let me = sign_in(&app, init_data.0, authorization.0).await?;
        let kinds = app.store.logged_kinds(me.id).await?;
        Ok(Json(MyActivityMix {
            items: category_mix(&app.catalogue, &kinds)
                .into_iter()
                .map(|c| MyCategory {
                    label: category_label(&app.catalogue, &c.category),
                    category: c.category,
                    count: c.count,
                    minutes: c.minutes,
                    points: c.points.to_string(),
                })
                .collect(),
        }))
    }
}

/// A category's name in the request's language.
fn category_label(catalogue: &crate::domain::Catalogue, category: &str) -> String {
    let language = super::error::language();
    match catalogue.category(category) {
        Some(c) => crate::domain::catalogue_names::category_name(language, c).to_string(),
        None if category == crate::domain::activity_mix::OTHER_CATEGORY => {
            language.t("app-other-category")
        }
        None => category.to_string(),
    }
}

/// Checks the initData and finds the participant it names.
async fn sign_in(
    app: &App,
    init_data: Option<String>,
    authorization: Option<String>,
) -> Result<Participant, ApiError> {
    let Some(token) = &app.config.bot_token else {
        return Err(ApiError::unauthorized(
            "mini_app_unavailable",
            say(msg!("api-no-bot")),
        ));
    };
    let raw = init_data
        .filter(|v| !v.trim().is_empty())
        .or_else(|| {
            authorization.and_then(|a| {
                a.strip_prefix("tma ")
                    .or_else(|| a.strip_prefix("TMA "))
                    .map(str::to_string)
            })
        })
        .unwrap_or_default();
    let user = validate_init_data(
        &raw,
        token.expose(),
        Utc::now(),
        app.config.api.init_data_max_age_seconds,
    )
    .map_err(|e| {
        let (code, message) = match &e {
            InitDataError::Missing => ("missing_init_data", msg!("api-init-data-missing")),
            InitDataError::Expired {
                age_seconds,
                max_age_seconds,
            } => (
                "expired_init_data",
                msg!(
                    "api-init-data-expired",
                    age = *age_seconds,
                    max = *max_age_seconds
                ),
            ),
            InitDataError::Malformed(detail) => (
                "invalid_init_data",
                msg!("api-init-data-malformed", detail = detail.as_str()),
            ),
            InitDataError::BadSignature => ("invalid_init_data", msg!("api-init-data-signature")),
        };
        ApiError::unauthorized(code, say(message))
    })?;
    app.store
        .participant_by_telegram_id(user.telegram_id)
        .await?
        .ok_or_else(|| ApiError::not_found("not_registered", say(msg!("api-not-registered"))))
}
