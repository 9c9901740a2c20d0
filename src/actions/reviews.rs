//! The review queue: entries flagged as they are logged, and organisers'
//! approvals and rejections. A rejection deletes the entry (its points come
//! off the person's total, so every rank follows) and leaves the person a
//! notice the bot gives at their next message.

use chrono::{DateTime, Utc};

use super::{ActionError, ActionResult, Actor, Record, commit, require};
use crate::app::App;
use crate::domain::AdminRole;
use crate::domain::review::{self, FlagContext, FlagEntry, ReviewRules};
use crate::msg;
use crate::store::activities::Activity;
use crate::store::reviews::FlagRow;

/// How many recent entries of the person each queued flag shows.
pub const RECENT_ENTRIES: u64 = 10;

/// The message key of the notice a rejected entry leaves.
pub const REJECTED_NOTICE: &str = "bot-notice-entry-rejected";

/// Flags `activity` when the competition's review thresholds say so:
/// the one place every way of logging goes through, right after the
/// entry is written. Returns the flag's id, if one was raised.
pub(crate) async fn flag_logged(
    app: &App,
    rules: &ReviewRules,
    closes_at: Option<DateTime<Utc>>,
    activity: &Activity,
) -> ActionResult<Option<i64>> {
    let facts = app
        .store
        .flag_facts(
            activity.id,
            activity.user_id,
            activity.activity_date,
            &activity.activity_type,
            activity.duration_minutes,
        )
        .await?;
    let mut earlier = facts.earlier_points;
    let ctx = FlagContext {
        day_minutes: facts.day_minutes,
        same_on_day: facts.same_on_day,
        usual_points: review::usual_points(&mut earlier),
        p99_points: review::p99(&facts.recent_points),
        closes_at,
    };
    let entry = FlagEntry {
        kind: &activity.activity_type,
        minutes: activity.duration_minutes,
        points: activity.points,
        date: activity.activity_date,
        logged_at: activity.created_at,
    };
    let flags = review::flags(rules, &entry, &ctx);
    if flags.is_empty() {
        return Ok(None);
    }
    let id = app
        .store
        .add_flag(
            activity.user_id,
            activity.id,
            &describe(activity),
            &review::codes(&flags),
            &review::details(&flags),
        )
        .await?;
    Ok(Some(id))
}

/// Flags each newly written activity of `logged` under the active
/// competition's thresholds (see [`flag_logged`]).
pub(crate) async fn flag_all(
    app: &App,
    logged: &[&crate::store::activities::LoggedActivity],
) -> ActionResult<()> {
    if logged.iter().all(|l| !l.newly_logged) {
        return Ok(());
    }
    let Some(competition) = app.store.active_competition().await? else {
        return Ok(());
    };
    let closes_at = Some(competition.calendar().end_instant());
    for l in logged.iter().filter(|l| l.newly_logged) {
        flag_logged(app, &competition.rules.review, closes_at, &l.activity).await?;
    }
    Ok(())
}

fn describe(a: &Activity) -> String {
    format!(
        "{} on {}, {} min, {} points",
        a.activity_type, a.activity_date, a.duration_minutes, a.points
    )
}

/// A pending flag with the person's latest entries beside it.
#[derive(Debug, Clone)]
pub struct QueuedFlag {
    pub flag: FlagRow,
    /// The person's latest entries, newest first.
    pub recent: Vec<Activity>,
}

/// The flags waiting for a decision, oldest first, at most `limit`.
pub async fn queue(app: &App, actor: &Actor, limit: u64) -> ActionResult<Vec<QueuedFlag>> {
    require(actor, AdminRole::Viewer)?;
    let flags = app.store.pending_flags(limit).await?;
    let mut out = Vec::with_capacity(flags.len());
    for flag in flags {
        let recent = app
            .store
            .participant_activities(flag.user_id, 0, RECENT_ENTRIES)
            .await?;
        out.push(QueuedFlag { flag, recent });
    }
    Ok(out)
}

/// How many flags wait for a decision.
pub async fn pending_count(app: &App, actor: &Actor) -> ActionResult<u64> {
    require(actor, AdminRole::Viewer)?;
    Ok(app.store.count_pending_flags().await?)
}

fn target(flag: &FlagRow) -> String {
    format!("flag #{} of participant #{}", flag.id, flag.user_id)
}

/// Approves a flagged entry: it stays as it is.
pub async fn approve(app: &App, actor: &Actor, id: i64) -> ActionResult<FlagRow> {
    require(actor, AdminRole::Organiser)?;
    let tx = app.store.begin().await?;
    let flag = tx.flag(id).await?;
    if !tx.decide_flag(id, "approved", &actor.name(), None).await? {
        return Err(ActionError::Conflict(msg!(
            "err-flag-decided",
            id = id,
            state = flag.state.as_str()
        )));
    }
    let record = Record::new("review.approve", target(&flag))
        .details(format!("{}; reasons: {}", flag.activity, flag.reasons))
        .about(flag.user_id);
    commit(app, tx, actor, record).await?;
    Ok(app.store.flag(id).await?)
}

/// Rejects a flagged entry: it is deleted, its points come off the
/// person's total, and the person is told why at their next message to
/// the bot.
pub async fn reject(app: &App, actor: &Actor, id: i64, reason: &str) -> ActionResult<FlagRow> {
    require(actor, AdminRole::Organiser)?;
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(ActionError::field(
            "reason",
            msg!("err-review-reason-required", id = id),
        ));
    }
    let tx = app.store.begin().await?;
    let flag = tx.flag(id).await?;
    if !tx
        .decide_flag(id, "rejected", &actor.name(), Some(reason))
        .await?
    {
        return Err(ActionError::Conflict(msg!(
            "err-flag-decided",
            id = id,
            state = flag.state.as_str()
        )));
    }
    let mut details = format!(
        "{}; reasons: {}; reason: {reason}",
        flag.activity, flag.reasons
    );
    if let Some(activity_id) = flag.activity_id {
        match tx.delete_activity(activity_id, None).await {
            Ok(deleted) => details.push_str(&format!(
                "; activity #{activity_id} deleted, total now {}",
                deleted.total
            )),
            // Deleted since it was flagged: nothing left to take off.
            Err(crate::store::StoreError::NotFound(_)) => {
                details.push_str(&format!("; activity #{activity_id} was already deleted"));
            }
            Err(e) => return Err(e.into()),
        }
    }
    tx.add_notice(
        flag.user_id,
        REJECTED_NOTICE,
        &[
            ("activity", flag.activity.clone()),
            ("reason", reason.to_owned()),
        ],
    )
    .await?;
    let record = Record::new("review.reject", target(&flag))
        .details(details)
        .about(flag.user_id);
    commit(app, tx, actor, record).await?;
    Ok(app.store.flag(id).await?)
}

/// A notice waiting for the person's next message to the bot.
#[derive(Debug, Clone)]
pub struct PendingNotice {
    pub id: i64,
    pub message: crate::i18n::Message,
}

/// The participant's own notices not yet given, oldest first.
pub async fn my_notices(app: &App, actor: &Actor) -> ActionResult<Vec<PendingNotice>> {
    let Actor::Participant { id, .. } = actor else {
        return Err(ActionError::Forbidden(msg!("err-own-data-only")));
    };
    let notices = app.store.undelivered_notices(*id).await?;
    Ok(notices
        .into_iter()
        .map(|n| {
            let args = n.arguments();
            let arg = |name: &str| {
                args.iter()
                    .find(|(k, _)| k == name)
                    .map(|(_, v)| v.clone())
                    .unwrap_or_default()
            };
            // The one kind of notice so far; its key is checked on the way in.
            let message = msg!(
                "bot-notice-entry-rejected",
                activity = arg("activity"),
                reason = arg("reason")
            );
            PendingNotice { id: n.id, message }
        })
        .collect())
}

/// Marks the participant's notice `id` as given.
pub async fn notice_given(app: &App, actor: &Actor, id: i64) -> ActionResult<()> {
    let Actor::Participant { id: own, .. } = actor else {
        return Err(ActionError::Forbidden(msg!("err-own-data-only")));
    };
    app.store.notice_delivered(*own, id).await?;
    Ok(())
}
