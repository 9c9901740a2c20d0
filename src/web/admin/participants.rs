//! Participants: search, a participant's page with their activities,
//! moving to another guild, the test-user mark, and deletion.

use askama::Template;
use askama_web::WebTemplate;
use poem::handler;
use poem::web::{Path, Query};
use serde::Deserialize;

use super::auth::{Admin, AdminForm};
use super::layout::{
    Layout, PER_PAGE, PageResult, Pager, action_error, non_empty, page_number, redirect_with,
    render, store_error,
};
use super::layout::{say, t};
use crate::actions;
use crate::msg;
use crate::store::activities::Activity;
use crate::store::guilds::Guild;
use crate::store::participants::Participant;
use crate::store::search::ParticipantFilter;

/// `?q=&guild=&page=`.
#[derive(Debug, Default, Deserialize)]
pub struct SearchQuery {
    #[serde(default)]
    q: String,
    #[serde(default)]
    guild: String,
    #[serde(default)]
    page: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "admin/participants.html")]
struct ParticipantsPage {
    layout: Layout,
    q: String,
    guild: String,
    guilds: Vec<Guild>,
    members: Vec<Participant>,
    pager: Pager,
}

#[derive(Template, WebTemplate)]
#[template(path = "admin/participant.html")]
struct ParticipantPage {
    layout: Layout,
    p: Participant,
    guilds: Vec<Guild>,
    activities: Vec<Activity>,
    pager: Pager,
    timeline: Vec<Event>,
}

/// One thing that happened to a participant.
struct Event {
    at: chrono::DateTime<chrono::Utc>,
    /// Who did it: the participant themselves, an admin, the command line…
    who: String,
    what: String,
    details: String,
}

/// What the audit log's action names mean, for the timeline.
fn describe_action(action: &str) -> String {
    let id = match action {
        "participant.register" => "admin-timeline-registered",
        "participant.move" => "admin-timeline-moved",
        "participant.mark_test" => "admin-timeline-marked-test",
        "participant.unmark_test" => "admin-timeline-unmarked-test",
        "activity.correction" => "admin-timeline-correction",
        "activity.edit" => "admin-timeline-edited",
        "activity.delete" => "admin-timeline-deleted",
        other => return other.to_string(),
    };
    t(id)
}

/// Registration, guild moves, corrections, edits and deletions from the
/// audit log, and the activities the participant logged themselves, newest first.
fn timeline(
    p: &Participant,
    audit: Vec<crate::store::audit::AuditEntry>,
    own: &[Activity],
) -> Vec<Event> {
    let mut events: Vec<Event> = audit
        .into_iter()
        .map(|e| Event {
            at: e.created_at,
            who: if e.actor_kind == "participant" {
                p.display_name()
            } else {
                e.actor
            },
            what: describe_action(&e.action),
            details: e.details.unwrap_or_default(),
        })
        .collect();
    events.extend(
        own.iter()
            .filter(|a| {
                !a.description
                    .as_deref()
                    .is_some_and(|d| d.starts_with("Manual correction"))
            })
            .map(|a| Event {
                at: a.created_at,
                who: p.display_name(),
                what: t("admin-timeline-logged"),
                details: say(&msg!(
                    "admin-timeline-logged-details",
                    activity = a.activity_type.as_str(),
                    date = a.activity_date,
                    minutes = a.duration_minutes,
                    points = a.points
                )),
            }),
    );
    events.sort_by_key(|e| std::cmp::Reverse(e.at));
    events.truncate(100);
    events
}

#[derive(Template, WebTemplate)]
#[template(path = "admin/participant_delete.html")]
struct DeletePage {
    layout: Layout,
    p: Participant,
    activities: u64,
}

impl DeletePage {
    /// Who goes, with how much.
    fn warning(&self) -> String {
        let guild = self
            .p
            .guild
            .as_deref()
            .map(|g| format!(", {g}"))
            .unwrap_or_default();
        self.layout.say(msg!(
            "admin-participant-delete-warning",
            name = self.p.display_name(),
            telegram = self.p.telegram_id,
            guild = guild,
            activities = self.activities,
            points = self.p.points
        ))
    }
}

/// `GET /admin/participants`.
#[handler]
pub async fn list(admin: Admin, Query(q): Query<SearchQuery>) -> PageResult {
    let store = &admin.app().store;
    let filter = ParticipantFilter {
        text: q.q.trim().to_string(),
        guild: non_empty(&q.guild),
    };
    let total = store
        .count_matching_participants(&filter)
        .await
        .map_err(store_error)?;
    let pager = Pager::new(
        "/admin/participants",
        &[("q", q.q.trim()), ("guild", q.guild.trim())],
        page_number(&q.page),
        total,
    );
    let members = store
        .search_participants(&filter, pager.offset(), PER_PAGE)
        .await
        .map_err(store_error)?;
    let guilds = store.list_guilds().await.map_err(store_error)?;
    Ok(render(
        &admin,
        ParticipantsPage {
            layout: Layout::new(&admin, t("admin-nav-participants"), "participants"),
            q: q.q,
            guild: q.guild,
            guilds,
            members,
            pager,
        },
    ))
}

/// `?page=`.
#[derive(Debug, Default, Deserialize)]
pub struct PageQuery {
    #[serde(default)]
    page: String,
}

/// `GET /admin/participants/:id`.
#[handler]
pub async fn show(admin: Admin, Path(id): Path<i64>, Query(q): Query<PageQuery>) -> PageResult {
    let store = &admin.app().store;
    let p = store.participant(id).await.map_err(store_error)?;
    let total = store
        .count_participant_activities(id)
        .await
        .map_err(store_error)?;
    let pager = Pager::new(
        &format!("/admin/participants/{id}"),
        &[],
        page_number(&q.page),
        total,
    );
    let activities = store
        .participant_activities(id, pager.offset(), PER_PAGE)
        .await
        .map_err(store_error)?;
    let guilds = store.list_guilds().await.map_err(store_error)?;
    let audit = store
        .participant_audit(id, 100)
        .await
        .map_err(store_error)?;
    let recent = store
        .participant_activities(id, 0, 100)
        .await
        .map_err(store_error)?;
    let timeline = timeline(&p, audit, &recent);
    Ok(render(
        &admin,
        ParticipantPage {
            layout: Layout::new(&admin, p.display_name(), "participants"),
            p,
            guilds,
            activities,
            pager,
            timeline,
        },
    ))
}

/// `POST /admin/participants/:id/move`.
#[handler]
pub async fn move_to_guild(Path(id): Path<i64>, form: AdminForm) -> PageResult {
    let admin = &form.admin;
    let back = format!("/admin/participants/{id}");
    let Some(guild) = non_empty(form.get("guild")) else {
        return Ok(redirect_with(
            &back,
            "error",
            t("admin-participant-choose-guild"),
        ));
    };
    let moved = actions::participants::move_to_guild(admin.app(), &admin.actor(), id, &guild)
        .await
        .map_err(action_error)?;
    Ok(redirect_with(
        &back,
        "ok",
        say(&msg!(
            "admin-participant-moved",
            name = moved.display_name(),
            guild = guild.as_str()
        )),
    ))
}

/// `POST /admin/participants/:id/test-user`: `value=true|false`.
#[handler]
pub async fn set_test_user(Path(id): Path<i64>, form: AdminForm) -> PageResult {
    let admin = &form.admin;
    let back = format!("/admin/participants/{id}");
    let value = match form.get("value") {
        "true" => true,
        "false" => false,
        _ => {
            return Ok(redirect_with(
                &back,
                "error",
                t("admin-participant-choose-mark"),
            ));
        }
    };
    let p = actions::test_users::set_test_user(admin.app(), &admin.actor(), id, value)
        .await
        .map_err(action_error)?;
    Ok(redirect_with(
        &back,
        "ok",
        if value {
            say(&msg!("admin-participant-now-test", name = p.display_name()))
        } else {
            say(&msg!("admin-participant-now-real", name = p.display_name()))
        },
    ))
}

/// `GET /admin/participants/:id/delete`: asks first.
#[handler]
pub async fn confirm_delete(admin: Admin, Path(id): Path<i64>) -> PageResult {
    let store = &admin.app().store;
    let p = store.participant(id).await.map_err(store_error)?;
    let activities = store
        .count_participant_activities(id)
        .await
        .map_err(store_error)?;
    Ok(render(
        &admin,
        DeletePage {
            layout: Layout::new(
                &admin,
                say(&msg!(
                    "admin-participant-delete-title",
                    name = p.display_name()
                )),
                "participants",
            ),
            p,
            activities,
        },
    ))
}

/// `POST /admin/participants/:id/delete`.
#[handler]
pub async fn delete(Path(id): Path<i64>, form: AdminForm) -> PageResult {
    let admin = &form.admin;
    let deleted = actions::participants::delete(admin.app(), &admin.actor(), id)
        .await
        .map_err(action_error)?;
    let p = &deleted.participant;
    Ok(redirect_with(
        "/admin/participants",
        "ok",
        say(&msg!(
            "admin-participant-deleted",
            name = p.display_name(),
            activities = deleted.activities,
            feedback = deleted.feedback
        )),
    ))
}
