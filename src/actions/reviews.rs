//! The review queue: entries flagged as they are logged, and organisers'
//! approvals and rejections. A rejection deletes the entry (its points come
//! off the person's total, so every rank follows) and leaves the person a
//! notice the bot gives at their next message.

use chrono::{DateTime, NaiveDate, Utc};

use super::{ActionError, ActionResult, Actor, Record, commit, require};
use crate::app::App;
use crate::domain::AdminRole;
use crate::domain::Points;
use crate::domain::review::{self, FlagContext, FlagEntry, ReviewRules};
use crate::msg;
use crate::store::activities::{Activity, LoggedActivity};
use crate::store::reviews::{FlagRow, NewFlag};

/// How many recent entries of the person each queued flag shows.
pub const RECENT_ENTRIES: u64 = 10;

/// The message key of the notice a rejected entry leaves.
pub const REJECTED_NOTICE: &str = "bot-notice-entry-rejected";

/// Flags a newly logged entry when the competition's review thresholds
/// say so: the one place every way of logging goes through, right after
/// the entry is written. When the competition counts flagged entries only
/// after approval, the entry's points are kept aside on its flag, in one
/// transaction with the flag, and `logged` says so (its points, the
/// total, and [`LoggedActivity::withheld`]). Returns the flag's id, if one
/// was raised.
pub(crate) async fn flag_logged(
    app: &App,
    rules: &ReviewRules,
    closes_at: Option<DateTime<Utc>>,
    logged: &mut LoggedActivity,
) -> ActionResult<Option<i64>> {
    if !logged.newly_logged {
        return Ok(None);
    }
    let activity = &logged.activity;
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
    let tx = app.store.begin().await?;
    let id = tx
        .add_flag(
            activity.user_id,
            activity.id,
            &describe(activity),
            &review::codes(&flags),
            &review::details(&flags),
        )
        .await?;
    if rules.flagged_entries.withheld() {
        let (held, totals) = tx.withhold(&[id]).await?;
        if let Some((_, points)) = held.first() {
            logged.withheld = *points;
            logged.activity.points = Points::ZERO;
        }
        if let Some(total) = totals.get(&logged.activity.user_id) {
            logged.total = *total;
        }
    }
    tx.commit().await?;
    Ok(Some(id))
}

/// Flags each newly written activity of `logged` under the active
/// competition's thresholds (see [`flag_logged`]).
pub(crate) async fn flag_all(app: &App, logged: &mut [LoggedActivity]) -> ActionResult<()> {
    if logged.iter().all(|l| !l.newly_logged) {
        return Ok(());
    }
    let Some(competition) = app.store.active_competition().await? else {
        return Ok(());
    };
    let closes_at = Some(competition.calendar().end_instant());
    for l in logged.iter_mut() {
        flag_logged(app, &competition.rules.review, closes_at, l).await?;
    }
    // Every entry's answer carries the person's total after all of them.
    if let Some(total) = logged.last().map(|l| l.total) {
        for l in logged.iter_mut() {
            l.total = total;
        }
    }
    Ok(())
}

/// What the review checks did to an import.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ImportFlags {
    /// Imported entries put in the review queue.
    pub flagged: u64,
    /// Their points kept aside until approved (when the competition
    /// counts flagged entries only after approval).
    pub withheld: Points,
}

/// Runs the review checks over the entries `ids` of the participants
/// `users` just imported (inside
/// the import's transaction `tx`), as if each had been logged at `now`:
/// the same thresholds and the same queue as logged entries. The facts
/// are read in a few queries for the whole import, not one per row.
pub(crate) async fn flag_imported(
    tx: &crate::store::StoreTx,
    rules: &ReviewRules,
    closes_at: Option<DateTime<Utc>>,
    ids: &[i64],
    users: &[i64],
    now: DateTime<Utc>,
) -> ActionResult<ImportFlags> {
    use std::collections::{HashMap, HashSet};
    if ids.is_empty() {
        return Ok(ImportFlags::default());
    }
    let imported: HashSet<i64> = ids.iter().copied().collect();
    let recent = tx.recent_points().await?;
    let p99_points = review::p99(&recent);
    let entries = tx.entries_of_users(users).await?;
    // Entries come by id, so each is checked against what was there when
    // it was written, as if the import's rows were logged one by one: the
    // person's earlier entries, and their day so far.
    let mut day_minutes: HashMap<(i64, NaiveDate), u32> = HashMap::new();
    let mut same: HashMap<(i64, NaiveDate, &str, i32), u32> = HashMap::new();
    let mut by_user: HashMap<i64, Vec<Points>> = HashMap::new();
    let mut flags = Vec::new();
    for e in &entries {
        let day = day_minutes.entry((e.user_id, e.activity_date)).or_default();
        *day += u32::try_from(e.duration).unwrap_or(0);
        let day = *day;
        let same_on_day = same
            .entry((
                e.user_id,
                e.activity_date,
                e.activity_type.as_str(),
                e.duration,
            ))
            .or_default();
        *same_on_day += 1;
        let same_on_day = *same_on_day;
        let earlier = by_user.entry(e.user_id).or_default();
        if imported.contains(&e.id) {
            let start = earlier.len().saturating_sub(100);
            let mut history = earlier[start..].to_vec();
            let ctx = FlagContext {
                day_minutes: day,
                same_on_day,
                usual_points: review::usual_points(&mut history),
                p99_points,
                closes_at,
            };
            let minutes = u16::try_from(e.duration).unwrap_or(u16::MAX);
            let points = Points::new(e.points);
            let entry = FlagEntry {
                kind: &e.activity_type,
                minutes,
                points,
                date: e.activity_date,
                logged_at: now,
            };
            let found = review::flags(rules, &entry, &ctx);
            if !found.is_empty() {
                flags.push(NewFlag {
                    user_id: e.user_id,
                    activity_id: e.id,
                    activity: format!(
                        "{} on {}, {} min, {} points",
                        e.activity_type, e.activity_date, minutes, points
                    ),
                    reasons: review::codes(&found),
                    detail: review::details(&found),
                });
            }
        }
        earlier.push(Points::new(e.points));
    }
    if flags.is_empty() {
        return Ok(ImportFlags::default());
    }
    let flag_ids = tx.add_flags(&flags).await?;
    let mut out = ImportFlags {
        flagged: flags.len() as u64,
        withheld: Points::ZERO,
    };
    if rules.flagged_entries.withheld() {
        let (held, _) = tx.withhold(&flag_ids).await?;
        out.withheld = held.iter().map(|(_, p)| *p).sum();
    }
    Ok(out)
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

/// Approves a flagged entry: it stays as it is; if its points were kept
/// aside until approval, they count from now (the entry, the total and so
/// every rank), in the same transaction as the decision and its audit
/// entry.
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
    let mut details = format!("{}; reasons: {}", flag.activity, flag.reasons);
    if let Some(held) = flag.withheld() {
        // Its points were kept aside: they count from now, within the
        // daily maximum as it stands.
        let daily_max = tx
            .active_competition()
            .await?
            .and_then(|c| c.rules.daily_max_points);
        match tx.release_withheld(id, daily_max).await? {
            Some(released) => details.push_str(&format!(
                "; {} of the {held} points kept aside now count, total now {}",
                released.points, released.total
            )),
            None => details.push_str(&format!(
                "; the entry was deleted meanwhile: its {held} points kept aside are not counted"
            )),
        }
    }
    let record = Record::new("review.approve", target(&flag))
        .details(details)
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
    if let Some(held) = flag.withheld() {
        details.push_str(&format!("; its {held} points kept aside never counted"));
    }
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
