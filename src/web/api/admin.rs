//! Admin automation under `/admin`, for scripts holding a bearer token
//! (`activity-challenge api-token create`): competitions' scoring rules,
//! guilds, participant lookup and
//! streamed exports (CSV or Excel). Every change is written to the audit log.

use std::sync::Arc;

use poem::Body;
use poem::web::Data;
use poem_openapi::auth::Bearer;
use poem_openapi::param::{Path, Query};
use poem_openapi::payload::{Attachment, AttachmentType, Json};
use poem_openapi::{ApiResponse, Object, OpenApi, SecurityScheme};

use super::ApiTags;
use super::error::ApiError;
use super::error::say;
use super::public::{RulesInfo, page};
use crate::actions::database::BackupOptions;
use crate::actions::guilds::GuildChange;
use crate::actions::{self, ActionError, Actor};
use crate::app::App;
use crate::domain::milestones::{Milestones, MilestonesForm};
use crate::domain::rules::RulesForm;
use crate::domain::{CompetitionRules, GuildDraft};
use crate::msg;
use crate::ops::export::{EXPORT_NAMES, ExportFormat, ExportKind, Separator};
use crate::store::api_tokens::ApiToken;
use crate::store::export_rows::ExportFilter;
use crate::store::guilds::Guild;
use crate::store::search::ParticipantFilter;

/// A bearer token created with `activity-challenge api-token create`.
#[derive(SecurityScheme)]
#[oai(ty = "bearer", checker = "check_token")]
pub struct AdminToken(ApiToken);

async fn check_token(req: &poem::Request, bearer: Bearer) -> poem::Result<ApiToken> {
    let app = req
        .data::<Arc<App>>()
        .expect("the app is attached to every route");
    match app.store.authenticate_api_token(&bearer.token).await {
        Ok(Some(token)) => Ok(token),
        Ok(None) => {
            Err(ApiError::unauthorized("invalid_token", say(msg!("api-invalid-token"))).into())
        }
        Err(e) => Err(ApiError::from(e).into()),
    }
}

/// A competition's scoring rules.
#[derive(Debug, Object)]
pub struct RulesItem {
    /// The competition's id.
    pub competition: i64,
    /// Raised by every change; send it back with `PUT` to refuse saving
    /// over someone else's newer change.
    pub version: i64,
    pub rules: RulesInfo,
    /// The review settings (for organisers only).
    pub review: ReviewSettings,
}

impl From<crate::store::competitions::Competition> for RulesItem {
    fn from(c: crate::store::competitions::Competition) -> RulesItem {
        RulesItem {
            competition: c.id,
            version: c.version,
            rules: (&c.rules).into(),
            review: (&c.rules.review).into(),
        }
    }
}

/// The competition's messages to its participants: which go, and when.
#[derive(Debug, Object)]
pub struct MilestonesItem {
    /// The competition's id.
    pub competition: i64,
    /// Raised by every change; send it back with `PUT` to refuse saving
    /// over someone else's newer change.
    pub version: i64,
    /// "Starts tomorrow", the day before the first day.
    pub starts_tomorrow: bool,
    /// "N days left" this many days before the end, today included (1 is
    /// the last day); `null`: not sent.
    pub days_left: Option<u32>,
    /// The day "days left" goes out (YYYY-MM-DD), when the competition
    /// has that many days.
    pub days_left_on: Option<String>,
    /// The final results, the day after the last day (later while entries
    /// wait for review).
    pub final_results: bool,
    /// The hour (0–23, the competition's time zone) they are sent at.
    pub hour: u32,
}

impl From<crate::store::competitions::Competition> for MilestonesItem {
    fn from(c: crate::store::competitions::Competition) -> MilestonesItem {
        let m = c.milestones;
        MilestonesItem {
            competition: c.id,
            version: c.version,
            starts_tomorrow: m.starts_tomorrow,
            days_left: m.days_left.map(u32::from),
            days_left_on: m
                .days_left_day(c.start_date, c.end_date)
                .map(|d| d.to_string()),
            final_results: m.final_results,
            hour: u32::from(m.hour),
        }
    }
}

/// Which messages go to participants, and when; a field left out keeps
/// its current value.
#[derive(Debug, Object)]
pub struct MilestonesInput {
    pub starts_tomorrow: Option<bool>,
    /// Days before the end (1–14), or 0 for no "days left" message.
    pub days_left: Option<u32>,
    pub final_results: Option<bool>,
    /// 0–23, outside the quiet hours.
    pub hour: Option<u32>,
    /// The version read; a newer one on the server refuses the change.
    pub version: Option<i64>,
}

/// A participant whose total a recompute changes.
#[derive(Debug, Object)]
pub struct RecomputePerson {
    pub id: i64,
    pub first_name: String,
    pub guild: Option<String>,
    /// Points before, a decimal string with two decimals.
    pub before: String,
    /// Points after.
    pub after: String,
}

/// A guild's place and average before and after a recompute.
#[derive(Debug, Object)]
pub struct RecomputeGuild {
    pub name: String,
    pub rank_before: u64,
    pub rank_after: u64,
    /// Average points per configured member before, two decimals.
    pub average_before: String,
    pub average_after: String,
    /// The score the standings rank by (the average unless the rules
    /// weigh participation in), before and after.
    pub score_before: String,
    pub score_after: String,
}

/// What a recompute under the competition's current rules changes
/// (`applied: false`, a preview) or changed.
#[derive(Debug, Object)]
pub struct RecomputeItem {
    pub competition: i64,
    /// Whether the new points were written.
    pub applied: bool,
    /// Entries in the competition's days.
    pub entries_checked: u64,
    /// Entries whose points change.
    pub entries_changed: u64,
    /// Everyone whose total changes, the largest change first.
    pub participants: Vec<RecomputePerson>,
    /// Every guild, in the order of the standings after the recompute.
    pub guilds: Vec<RecomputeGuild>,
}

impl From<actions::competitions::Recompute> for RecomputeItem {
    fn from(r: actions::competitions::Recompute) -> Self {
        RecomputeItem {
            competition: r.competition.id,
            applied: r.applied && r.entries_changed > 0,
            entries_checked: r.entries_checked as u64,
            entries_changed: r.entries_changed as u64,
            participants: r
                .people
                .into_iter()
                .map(|p| RecomputePerson {
                    id: p.id,
                    first_name: p.first_name,
                    guild: p.guild,
                    before: p.before.to_string(),
                    after: p.after.to_string(),
                })
                .collect(),
            guilds: r
                .guilds
                .into_iter()
                .map(|g| RecomputeGuild {
                    name: g.name,
                    rank_before: g.rank_before,
                    rank_after: g.rank_after,
                    average_before: g.average_before.round_dp(2).to_string(),
                    average_after: g.average_after.round_dp(2).to_string(),
                    score_before: g.score_before.to_string(),
                    score_after: g.score_after.to_string(),
                })
                .collect(),
        }
    }
}

/// What ending a season freezes and archives (`applied: false`, a
/// preview) or froze and archived.
#[derive(Debug, Object)]
pub struct SeasonEndItem {
    pub competition: i64,
    /// Whether the season was ended.
    pub applied: bool,
    /// The final guild standings, best first.
    pub guilds: Vec<super::public::SeasonGuildItem>,
    /// Participants with points in the season (test users left out).
    pub participants: u64,
    /// Entries dated within the season.
    pub season_activities: u64,
    /// Their points, two decimals.
    pub season_points: String,
    /// Entries moved to `activities_archive`: every one dated up to the
    /// season's last day.
    pub archived_activities: u64,
    /// Their points, taken off the participants' totals.
    pub archived_points: String,
    /// The first day kept in the live table, YYYY-MM-DD.
    pub first_kept_day: String,
}

impl From<actions::competitions::SeasonEnd> for SeasonEndItem {
    fn from(s: actions::competitions::SeasonEnd) -> Self {
        let (archived_activities, archived_points) = match &s.archived {
            Some(a) => (a.deleted, a.points_moved),
            None => (s.plan.archive_activities, s.plan.archive_points),
        };
        SeasonEndItem {
            competition: s.competition.id,
            applied: s.applied(),
            guilds: s
                .plan
                .guilds
                .iter()
                .map(super::public::SeasonGuildItem::from)
                .collect(),
            participants: s.plan.results.len() as u64,
            season_activities: s.plan.season_activities,
            season_points: s.plan.season_points.to_string(),
            archived_activities,
            archived_points: archived_points.to_string(),
            first_kept_day: s.plan.first_kept_day.to_string(),
        }
    }
}

/// One of the person's latest entries, beside a flagged one.
#[derive(Debug, Object)]
pub struct ReviewRecentEntry {
    pub id: i64,
    /// The day it was done, `YYYY-MM-DD`.
    pub date: String,
    pub activity: String,
    pub minutes: u32,
    /// Points, a decimal string with two decimals.
    pub points: String,
}

/// A flagged entry in the review queue (or decided).
#[derive(Debug, Object)]
pub struct ReviewItem {
    /// The flag's id (approve and reject take it).
    pub id: i64,
    /// The participant's id.
    pub participant: i64,
    pub name: String,
    /// The entry as it was flagged.
    pub activity: String,
    /// Reason codes: `long_day`, `outlier_points`, `repeated`,
    /// `late_backdated`.
    pub reasons: Vec<String>,
    /// What made each reason fire, one line each.
    pub details: Vec<String>,
    /// `pending`, `approved` or `rejected`.
    pub state: String,
    /// When it was flagged, RFC 3339.
    pub flagged_at: String,
    /// Who decided (empty while pending).
    pub reviewer: String,
    /// Why it was rejected (empty otherwise).
    pub review_reason: String,
    /// The entry's points kept aside until an organiser approves it (a
    /// competition where flagged entries count only after approval), a
    /// decimal string; left out otherwise.
    #[oai(skip_serializing_if_is_none)]
    pub withheld_points: Option<String>,
    /// The person's latest entries, newest first (empty after a decision).
    pub recent: Vec<ReviewRecentEntry>,
}

impl ReviewItem {
    fn new(
        f: crate::store::reviews::FlagRow,
        recent: Vec<crate::store::activities::Activity>,
    ) -> Self {
        let withheld_points = f.withheld().map(|p| p.to_string());
        ReviewItem {
            id: f.id,
            participant: f.user_id,
            name: match &f.last_name {
                Some(last) => format!("{} {last}", f.first_name),
                None => f.first_name.clone(),
            },
            activity: f.activity,
            reasons: f
                .reasons
                .split(',')
                .filter(|r| !r.is_empty())
                .map(str::to_owned)
                .collect(),
            details: f.detail.lines().map(str::to_owned).collect(),
            state: f.state,
            flagged_at: f.created_at.to_rfc3339(),
            reviewer: f.reviewer.unwrap_or_default(),
            review_reason: f.review_reason.unwrap_or_default(),
            withheld_points,
            recent: recent
                .into_iter()
                .map(|a| ReviewRecentEntry {
                    id: a.id,
                    date: a.activity_date.to_string(),
                    activity: a.activity_type,
                    minutes: u32::from(a.duration_minutes),
                    points: a.points.to_string(),
                })
                .collect(),
        }
    }
}

/// Why an entry is rejected (the person is told).
#[derive(Debug, Object)]
pub struct RejectInput {
    pub reason: String,
}

/// New scoring rules.
#[derive(Debug, Object)]
pub struct RulesInput {
    pub rules: RulesInfo,
    /// The review settings; a field left out (or the whole object) keeps
    /// the competition's current value.
    pub review: Option<ReviewSettings>,
    /// The version read; a newer one on the server refuses the change.
    pub version: Option<i64>,
}

/// When entries are flagged for an organiser's review, and whether a
/// flagged entry counts before it is reviewed.
#[derive(Debug, Clone, Default, Object)]
pub struct ReviewSettings {
    /// A person's day with more hours than this is flagged (1–24, default 12).
    #[oai(skip_serializing_if_is_none)]
    pub max_hours_per_day: Option<u32>,
    /// An entry worth more than this many times the person's usual entry
    /// and more than the competition's 99th percentile is flagged (2–100,
    /// default 4).
    #[oai(skip_serializing_if_is_none)]
    pub points_factor: Option<u32>,
    /// The same activity and duration this many times on one day is
    /// flagged (2–100, default 3).
    #[oai(skip_serializing_if_is_none)]
    pub repeats_per_day: Option<u32>,
    /// An entry for a day at least this many days back… (1–365, default 3)
    #[oai(skip_serializing_if_is_none)]
    pub backdated_days: Option<u32>,
    /// …logged within this many hours of the close is flagged (1–720,
    /// default 48).
    #[oai(skip_serializing_if_is_none)]
    pub closing_hours: Option<u32>,
    /// `until_reviewed` (the default: a flagged entry counts until an
    /// organiser rejects it) or `after_approval` (its points count only
    /// once an organiser approves it).
    #[oai(skip_serializing_if_is_none)]
    pub flagged_entries: Option<String>,
}

impl From<&crate::domain::review::ReviewRules> for ReviewSettings {
    fn from(r: &crate::domain::review::ReviewRules) -> ReviewSettings {
        ReviewSettings {
            max_hours_per_day: Some(u32::from(r.max_hours_per_day)),
            points_factor: Some(u32::from(r.points_factor)),
            repeats_per_day: Some(u32::from(r.repeats_per_day)),
            backdated_days: Some(u32::from(r.backdated_days)),
            closing_hours: Some(u32::from(r.closing_hours)),
            flagged_entries: Some(r.flagged_entries.code().to_string()),
        }
    }
}

/// A guild.
#[derive(Debug, Object)]
pub struct GuildItem {
    pub id: i64,
    pub name: String,
    /// The configured member count.
    pub member_count: u32,
    /// Whether it takes new members.
    pub active: bool,
    /// Raised by every change; send it back with `PUT` to refuse saving
    /// over someone else's newer change.
    pub version: i64,
}

impl From<Guild> for GuildItem {
    fn from(g: Guild) -> Self {
        Self {
            id: g.id,
            name: g.name,
            member_count: g.member_count,
            active: g.active,
            version: g.version,
        }
    }
}

/// A page of guilds.
#[derive(Debug, Object)]
pub struct GuildPage {
    pub items: Vec<GuildItem>,
    pub total: u64,
    pub limit: u32,
    pub offset: u64,
}

/// A guild to create or the new state of one.
#[derive(Debug, Object)]
pub struct GuildInput {
    /// 1 to 64 characters.
    #[oai(validator(min_length = 1, max_length = 64))]
    pub name: String,
    /// The guild's real size, 1 to 1,000,000.
    #[oai(validator(minimum(value = "1"), maximum(value = "1000000")))]
    pub member_count: u32,
    /// Whether it takes new members (updates only; new guilds are open).
    pub active: Option<bool>,
    /// Updates only: the `version` read; a guild changed since is not
    /// overwritten (409, with both versions in the message).
    pub version: Option<i64>,
    /// Updates only: save a `member_count` below the number already
    /// registered in the guild (otherwise 409 `confirmation_needed`).
    pub confirm: Option<bool>,
}

/// A participant as admins see them.
#[derive(Debug, Object)]
pub struct ParticipantItem {
    pub id: i64,
    pub telegram_id: i64,
    pub username: Option<String>,
    pub first_name: String,
    pub last_name: Option<String>,
    pub guild: Option<String>,
    pub points: String,
    pub is_test_user: bool,
}

/// A page of participants.
#[derive(Debug, Object)]
pub struct ParticipantPage {
    pub items: Vec<ParticipantItem>,
    pub total: u64,
    pub limit: u32,
    pub offset: u64,
}

/// A created guild.
#[derive(Debug, ApiResponse)]
pub enum GuildCreated {
    /// Created.
    #[oai(status = 201)]
    Created(Json<GuildItem>),
}

/// An export file, streamed.
#[derive(ApiResponse)]
pub enum CsvExport {
    /// The export, UTF-8 CSV with a header row.
    #[oai(status = 200, content_type = "text/csv; charset=utf-8")]
    Csv(Attachment<Body>),
    /// The export as an Excel workbook (`format=xlsx`).
    #[oai(
        status = 200,
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )]
    Xlsx(Attachment<Body>),
}

/// The file an export is written as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, poem_openapi::Enum)]
#[oai(rename_all = "lowercase")]
pub enum ExportFormatParam {
    /// CSV (see `separator` and `bom`).
    Csv,
    /// An Excel workbook.
    Xlsx,
}

/// How CSV cells are separated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, poem_openapi::Enum)]
#[oai(rename_all = "lowercase")]
pub enum SeparatorParam {
    /// Commas and decimal points (RFC 4180).
    Comma,
    /// Semicolons and decimal commas (Excel in Finnish).
    Semicolon,
}

/// A backup file in `BACKUP_DIR`.
#[derive(Debug, Object)]
pub struct BackupItem {
    /// The file name, e.g. `backup-20261125-020000.sql.gz`.
    pub name: String,
    pub size_bytes: u64,
    /// When it was taken (RFC 3339): the time in its name.
    pub written_at: String,
    /// For a backup of some tables only (`backup --table`), the tables it
    /// was taken of; absent for a backup of the whole database.
    #[oai(skip_serializing_if_is_none)]
    pub tables: Option<Vec<String>>,
}

/// The backups, newest first.
#[derive(Debug, Object)]
pub struct BackupList {
    pub items: Vec<BackupItem>,
    pub total: u64,
}

/// How to write a backup (PostgreSQL; SQLite always writes a compressed copy).
#[derive(Debug, Clone, Copy, poem_openapi::Enum)]
#[oai(rename_all = "lowercase")]
pub enum BackupFormatParam {
    /// Compressed plain SQL (`.sql.gz`).
    Plain,
    /// pg_dump's custom format (`.dump`), for selective restores.
    Custom,
}

/// A backup just written.
#[derive(Debug, Object)]
pub struct BackupTaken {
    pub name: String,
    pub size_bytes: u64,
    /// One line describing it.
    pub summary: String,
}

/// A backup was written.
#[derive(Debug, ApiResponse)]
pub enum BackupCreated {
    /// Written, with its manifest, and recorded in the audit log.
    #[oai(status = 201)]
    Created(Json<BackupTaken>),
}

/// The admin operations.
pub struct AdminApi;

#[OpenApi(prefix_path = "/admin", tag = "ApiTags::Admin")]
impl AdminApi {
    /// The backups in `BACKUP_DIR`, newest first.
    #[oai(path = "/backups", method = "get")]
    async fn list_backups(
        &self,
        app: Data<&Arc<App>>,
        _token: AdminToken,
    ) -> Result<Json<BackupList>, ApiError> {
        let listed = crate::ops::backup::list_backups(&app.config.backup.dir).map_err(|e| {
            tracing::error!(error = format!("{e:#}"), "listing backups failed");
            ApiError::Internal(Json(super::error::ErrorBody::new(
                "backup_dir_unreadable",
                say(msg!("api-backup-dir-unreadable")),
            )))
        })?;
        let items: Vec<BackupItem> = listed
            .into_iter()
            .map(|b| BackupItem {
                name: b
                    .path
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default(),
                size_bytes: b.size,
                written_at: b.taken_at.to_rfc3339(),
                tables: b.tables,
            })
            .collect();
        Ok(Json(BackupList {
            total: items.len() as u64,
            items,
        }))
    }

    /// Takes a backup now (as `activity-challenge backup` does), applies
    /// retention and records it in the audit log.
    #[oai(path = "/backups", method = "post")]
    async fn create_backup(
        &self,
        app: Data<&Arc<App>>,
        token: AdminToken,
        /// `plain` (default) or `custom`.
        format: Query<Option<BackupFormatParam>>,
    ) -> Result<BackupCreated, ApiError> {
        let options = BackupOptions {
            custom_format: matches!(format.0, Some(BackupFormatParam::Custom)),
            ..BackupOptions::default()
        };
        let report = actions::database::backup(&app, &actor(&token), options)
            .await
            .map_err(|e| match e {
                ActionError::Failed(e) => {
                    tracing::error!(error = format!("{e:#}"), "backup through the API failed");
                    ApiError::Internal(Json(super::error::ErrorBody::new(
                        "backup_failed",
                        format!("{e:#}"),
                    )))
                }
                e => e.into(),
            })?;
        Ok(BackupCreated::Created(Json(BackupTaken {
            name: report
                .path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            size_bytes: report.size,
            summary: report.summary(),
        })))
    }

    /// The review queue: flagged entries waiting for a decision, oldest
    /// first, each with its reasons and the person's latest entries.
    #[oai(path = "/reviews", method = "get")]
    async fn reviews(
        &self,
        app: Data<&Arc<App>>,
        token: AdminToken,
        /// At most this many (default 50, at most 500).
        limit: Query<Option<u64>>,
    ) -> Result<Json<Vec<ReviewItem>>, ApiError> {
        let limit = limit.0.unwrap_or(50).clamp(1, 500);
        let queue = actions::reviews::queue(&app, &actor(&token), limit).await?;
        Ok(Json(
            queue
                .into_iter()
                .map(|q| ReviewItem::new(q.flag, q.recent))
                .collect(),
        ))
    }

    /// Approves a flagged entry: it stays as it is. Audited as
    /// `review.approve`; 409 when already decided.
    #[oai(path = "/reviews/:id/approve", method = "post")]
    async fn approve_review(
        &self,
        app: Data<&Arc<App>>,
        token: AdminToken,
        id: Path<i64>,
    ) -> Result<Json<ReviewItem>, ApiError> {
        let f = actions::reviews::approve(&app, &actor(&token), id.0).await?;
        Ok(Json(ReviewItem::new(f, Vec::new())))
    }

    /// Rejects a flagged entry: it is deleted, its points come off the
    /// person's total (ranks follow), and the bot tells the person why at
    /// their next message. Audited as `review.reject`; 409 when already
    /// decided.
    #[oai(path = "/reviews/:id/reject", method = "post")]
    async fn reject_review(
        &self,
        app: Data<&Arc<App>>,
        token: AdminToken,
        id: Path<i64>,
        body: Json<RejectInput>,
    ) -> Result<Json<ReviewItem>, ApiError> {
        let f = actions::reviews::reject(&app, &actor(&token), id.0, &body.0.reason).await?;
        Ok(Json(ReviewItem::new(f, Vec::new())))
    }

    /// A competition's scoring rules, with its version.
    #[oai(path = "/competitions/:id/rules", method = "get")]
    async fn get_rules(
        &self,
        app: Data<&Arc<App>>,
        _token: AdminToken,
        id: Path<i64>,
    ) -> Result<Json<RulesItem>, ApiError> {
        Ok(Json(app.store.competition(id.0).await?.into()))
    }

    /// Replaces a competition's scoring rules (a field left out: no such
    /// rule) and sets its review settings (a field left out: kept as it
    /// is). They apply to entries logged from then on. With `version`,
    /// a competition changed since it was read is refused with 409.
    #[oai(path = "/competitions/:id/rules", method = "put")]
    async fn put_rules(
        &self,
        app: Data<&Arc<App>>,
        token: AdminToken,
        id: Path<i64>,
        body: Json<RulesInput>,
    ) -> Result<Json<RulesItem>, ApiError> {
        let current = app.store.competition(id.0).await?.rules.form();
        let rules = &body.0.rules;
        // Review settings left out keep the competition's current ones.
        let review = body.0.review.clone().unwrap_or_default();
        let keep =
            |sent: Option<u32>, now: &str| sent.map_or_else(|| now.to_string(), |v| v.to_string());
        let max_hours_per_day = keep(review.max_hours_per_day, &current.max_hours_per_day);
        let points_factor = keep(review.points_factor, &current.points_factor);
        let repeats_per_day = keep(review.repeats_per_day, &current.repeats_per_day);
        let backdated_days = keep(review.backdated_days, &current.backdated_days);
        let closing_hours = keep(review.closing_hours, &current.closing_hours);
        let flagged_entries = review
            .flagged_entries
            .clone()
            .unwrap_or_else(|| current.flagged_entries.clone());
        let text = |v: Option<String>| v.unwrap_or_default();
        let (min, max) = (
            text(rules.min_minutes.map(|m| m.to_string())),
            text(rules.max_minutes.map(|m| m.to_string())),
        );
        let daily = text(rules.daily_max_points.clone());
        let excluded = rules.excluded.join("\n");
        let multipliers = rules
            .multipliers
            .iter()
            .map(|m| {
                format!(
                    "{} {}..{} {}",
                    m.factor,
                    m.from,
                    m.to,
                    m.applies_to.as_deref().unwrap_or("")
                )
            })
            .collect::<Vec<_>>()
            .join("\n");
        let guild_score = text(rules.guild_score.clone());
        let points_weight = text(rules.points_weight.map(|w| w.to_string()));
        let participation_weight = text(rules.participation_weight.map(|w| w.to_string()));
        let form = RulesForm {
            min_minutes: &min,
            max_minutes: &max,
            daily_max_points: &daily,
            excluded: &excluded,
            multipliers: &multipliers,
            guild_score: &guild_score,
            points_weight: &points_weight,
            participation_weight: &participation_weight,
            max_hours_per_day: &max_hours_per_day,
            points_factor: &points_factor,
            repeats_per_day: &repeats_per_day,
            backdated_days: &backdated_days,
            closing_hours: &closing_hours,
            flagged_entries: &flagged_entries,
        };
        let parsed =
            CompetitionRules::parse(&form, &app.catalogue).map_err(ActionError::Invalid)?;
        let c =
            actions::competitions::set_rules(&app, &actor(&token), id.0, parsed, body.0.version)
                .await?;
        Ok(Json(c.into()))
    }

    /// Which milestone messages go to the competition's participants, and
    /// when, with its version.
    #[oai(path = "/competitions/:id/milestones", method = "get")]
    async fn get_milestones(
        &self,
        app: Data<&Arc<App>>,
        _token: AdminToken,
        id: Path<i64>,
    ) -> Result<Json<MilestonesItem>, ApiError> {
        Ok(Json(app.store.competition(id.0).await?.into()))
    }

    /// Sets which milestone messages go to the competition's participants
    /// ("starts tomorrow", "N days left", the final results) and at what
    /// hour; a field left out keeps its value. Audited as
    /// `competition.milestones`. With `version`, a competition changed
    /// since it was read is refused with 409.
    #[oai(path = "/competitions/:id/milestones", method = "put")]
    async fn put_milestones(
        &self,
        app: Data<&Arc<App>>,
        token: AdminToken,
        id: Path<i64>,
        body: Json<MilestonesInput>,
    ) -> Result<Json<MilestonesItem>, ApiError> {
        let now = app.store.competition(id.0).await?.milestones.form();
        let input = &body.0;
        let form = MilestonesForm {
            starts_tomorrow: input.starts_tomorrow.unwrap_or(now.starts_tomorrow),
            days_left: input.days_left.map_or(now.days_left, |d| d.to_string()),
            final_results: input.final_results.unwrap_or(now.final_results),
            hour: input.hour.map_or(now.hour, |h| h.to_string()),
        };
        let parsed = Milestones::parse(&form).map_err(ActionError::Invalid)?;
        let c = actions::competitions::set_milestones(
            &app,
            &actor(&token),
            id.0,
            parsed,
            input.version,
        )
        .await?;
        Ok(Json(c.into()))
    }

    /// Works out every entry of the active competition again under its
    /// current rules, as if logged under them in the order they were
    /// logged. Without `apply=true` nothing changes: the answer says who
    /// would gain or lose how much and how the guild standings would move.
    /// With it, the points, totals and ranks are rewritten in one
    /// transaction, audited as `competition.recompute`.
    #[oai(path = "/competitions/:id/rules/recompute", method = "post")]
    async fn recompute(
        &self,
        app: Data<&Arc<App>>,
        token: AdminToken,
        id: Path<i64>,
        /// Write the new points (default: a preview only).
        apply: Query<Option<bool>>,
    ) -> Result<Json<RecomputeItem>, ApiError> {
        let r =
            actions::competitions::recompute(&app, &actor(&token), id.0, apply.0.unwrap_or(false))
                .await?;
        Ok(Json(r.into()))
    }

    /// Ends a competition's season once its last day is over: freezes its
    /// final guild standings and every participant's result into the hall
    /// of fame, moves every entry up to its last day into
    /// `activities_archive` with the totals following, and takes it off
    /// being the active competition, in one transaction audited as
    /// `competition.end_season`. Without `apply=true` nothing changes:
    /// the answer says what would be frozen and archived. A season ends
    /// once; a competition still running is refused.
    #[oai(path = "/competitions/:id/end-season", method = "post")]
    async fn end_season(
        &self,
        app: Data<&Arc<App>>,
        token: AdminToken,
        id: Path<i64>,
        /// End the season (default: a preview only).
        apply: Query<Option<bool>>,
    ) -> Result<Json<SeasonEndItem>, ApiError> {
        let s =
            actions::competitions::end_season(&app, &actor(&token), id.0, apply.0.unwrap_or(false))
                .await?;
        Ok(Json(s.into()))
    }

    /// Every guild, by name.
    #[oai(path = "/guilds", method = "get")]
    async fn list_guilds(
        &self,
        app: Data<&Arc<App>>,
        _token: AdminToken,
        /// Page size, 1 to 100 (default 20).
        #[oai(validator(minimum(value = "1"), maximum(value = "100")))]
        limit: Query<Option<u32>>,
        /// Items to skip.
        #[oai(validator(maximum(value = "1000000")))]
        offset: Query<Option<u64>>,
    ) -> Result<Json<GuildPage>, ApiError> {
        let (limit, offset) = page(limit.0, offset.0);
        let all = app.store.list_guilds().await?;
        Ok(Json(GuildPage {
            total: all.len() as u64,
            items: all
                .into_iter()
                .skip(offset as usize)
                .take(limit as usize)
                .map(GuildItem::from)
                .collect(),
            limit,
            offset,
        }))
    }

    /// One guild.
    #[oai(path = "/guilds/:id", method = "get")]
    async fn get_guild(
        &self,
        app: Data<&Arc<App>>,
        _token: AdminToken,
        id: Path<i64>,
    ) -> Result<Json<GuildItem>, ApiError> {
        Ok(Json(app.store.guild(id.0).await?.into()))
    }

    /// Adds a guild, open for registration.
    #[oai(path = "/guilds", method = "post")]
    async fn create_guild(
        &self,
        app: Data<&Arc<App>>,
        token: AdminToken,
        body: Json<GuildInput>,
    ) -> Result<GuildCreated, ApiError> {
        let draft = draft(&body.0)?;
        let guild = actions::guilds::create(&app, &actor(&token), &draft).await?;
        Ok(GuildCreated::Created(Json(guild.into())))
    }

    /// Renames a guild, sets its size and (optionally) opens or closes it.
    #[oai(path = "/guilds/:id", method = "put")]
    async fn update_guild(
        &self,
        app: Data<&Arc<App>>,
        token: AdminToken,
        id: Path<i64>,
        body: Json<GuildInput>,
    ) -> Result<Json<GuildItem>, ApiError> {
        // Look it up first so that an unknown guild is a 404 whatever the body.
        app.store.guild(id.0).await?;
        let actor = actor(&token);
        let change = GuildChange {
            name: Some(body.0.name.clone()),
            member_count: Some(body.0.member_count.to_string()),
            version: body.0.version,
            confirmed: body.0.confirm.unwrap_or(false),
        };
        let mut guild = actions::guilds::update(&app, &actor, id.0, change).await?;
        if let Some(active) = body.0.active {
            guild = actions::guilds::set_active(&app, &actor, id.0, active).await?;
        }
        Ok(Json(guild.into()))
    }

    /// Deletes a guild without members. One with members is refused with 409
    /// (move its members, or close it with `PUT` and `"active": false`).
    #[oai(path = "/guilds/:id", method = "delete")]
    async fn delete_guild(
        &self,
        app: Data<&Arc<App>>,
        token: AdminToken,
        id: Path<i64>,
    ) -> Result<Json<GuildItem>, ApiError> {
        let guild = actions::guilds::delete(&app, &actor(&token), id.0).await?;
        Ok(Json(guild.into()))
    }

    /// Finds participants by part of a name or username, or a whole Telegram id.
    #[oai(path = "/participants", method = "get")]
    async fn participants(
        &self,
        app: Data<&Arc<App>>,
        _token: AdminToken,
        /// Search text; empty lists everyone.
        #[oai(validator(max_length = 100))]
        q: Query<Option<String>>,
        /// Only this guild's members.
        #[oai(validator(max_length = 64))]
        guild: Query<Option<String>>,
        /// Page size, 1 to 100 (default 20).
        #[oai(validator(minimum(value = "1"), maximum(value = "100")))]
        limit: Query<Option<u32>>,
        /// Items to skip.
        #[oai(validator(maximum(value = "1000000")))]
        offset: Query<Option<u64>>,
    ) -> Result<Json<ParticipantPage>, ApiError> {
        let (limit, offset) = page(limit.0, offset.0);
        let filter = ParticipantFilter {
            text: q.0.unwrap_or_default().trim().to_string(),
            guild: guild.0.filter(|g| !g.trim().is_empty()),
        };
        let rows = app
            .store
            .search_participants(&filter, offset, u64::from(limit))
            .await?;
        let total = app.store.count_matching_participants(&filter).await?;
        Ok(Json(ParticipantPage {
            items: rows
                .into_iter()
                .map(|p| ParticipantItem {
                    id: p.id,
                    telegram_id: p.telegram_id,
                    username: p.username,
                    first_name: p.first_name,
                    last_name: p.last_name,
                    guild: p.guild,
                    points: p.points.to_string(),
                    is_test_user: p.is_test_user,
                })
                .collect(),
            total,
            limit,
            offset,
        }))
    }

    /// Streams an export: `participants`, `activities`, `guild-stats`,
    /// `feedback` or `audit-log`, as CSV (by default plain RFC 4180) or an
    /// Excel workbook.
    #[oai(path = "/exports/:kind", method = "get")]
    #[allow(clippy::too_many_arguments)]
    async fn export(
        &self,
        app: Data<&Arc<App>>,
        token: AdminToken,
        /// `participants`, `activities`, `archived-activities` (ended seasons),
        /// `guild-stats`, `feedback` or `audit-log`.
        kind: Path<String>,
        /// Only this guild.
        #[oai(validator(max_length = 64))]
        guild: Query<Option<String>>,
        /// Only from this day (YYYY-MM-DD).
        #[oai(validator(max_length = 10))]
        from: Query<Option<String>>,
        /// Only up to this day (YYYY-MM-DD).
        #[oai(validator(max_length = 10))]
        to: Query<Option<String>>,
        /// `csv` (default) or `xlsx`.
        format: Query<Option<ExportFormatParam>>,
        /// For CSV: `comma` (default) or `semicolon` (with decimal commas).
        separator: Query<Option<SeparatorParam>>,
        /// For CSV: start with a UTF-8 byte-order mark (for Excel).
        bom: Query<Option<bool>>,
    ) -> Result<CsvExport, ApiError> {
        let kind = ExportKind::parse(&kind.0).ok_or_else(|| {
            ApiError::not_found(
                "unknown_export",
                say(msg!("api-unknown-export", names = EXPORT_NAMES)),
            )
        })?;
        let day = |name: &str, raw: Option<String>| match raw.as_deref().map(str::trim) {
            None | Some("") => Ok(None),
            Some(text) => chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d")
                .map(Some)
                .map_err(|_| {
                    ApiError::bad_request(
                        "invalid_date",
                        say(msg!("api-invalid-date", name = name, text = text)),
                    )
                }),
        };
        let filter = ExportFilter {
            guild: guild.0.filter(|g| !g.trim().is_empty()),
            from: day("from", from.0)?,
            to: day("to", to.0)?,
            ..ExportFilter::default()
        };
        let format = match format.0 {
            Some(ExportFormatParam::Xlsx) => ExportFormat::Xlsx {
                time_zone: actions::exports::display_zone(&app).await,
            },
            _ => ExportFormat::Csv {
                separator: match separator.0 {
                    Some(SeparatorParam::Semicolon) => Separator::Semicolon,
                    _ => Separator::Comma,
                },
                bom: bom.0.unwrap_or(false),
            },
        };
        let body = crate::web::download::body(
            "export",
            actions::exports::open(&app, &actor(&token), kind, filter, format).await?,
        );
        let file = Attachment::new(body)
            .attachment_type(AttachmentType::Attachment)
            .filename(format!("{}.{}", kind.name(), format.extension()));
        Ok(match format {
            ExportFormat::Xlsx { .. } => CsvExport::Xlsx(file),
            ExportFormat::Csv { .. } => CsvExport::Csv(file),
        })
    }
}

fn draft(input: &GuildInput) -> Result<GuildDraft, ApiError> {
    GuildDraft::parse(&input.name, &input.member_count.to_string()).map_err(|errors| {
        let message = errors
            .iter()
            .map(|e| format!("{}: {}", e.field, e.render(super::error::language())))
            .collect::<Vec<_>>()
            .join(" ");
        ApiError::Unprocessable(Json(super::error::ErrorBody::new("invalid_guild", message)))
    })
}

pub(super) fn actor(token: &AdminToken) -> Actor {
    Actor::ApiToken {
        id: token.0.id,
        name: token.0.name.clone(),
    }
}
