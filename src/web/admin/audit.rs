//! The audit log page: who did what, when, to what, filtered by action,
//! kind of actor, actor and dates (days in the competition's time zone),
//! with sign-ins hidden on request; exportable with the same filter.

use askama::Template;
use askama_web::WebTemplate;
use poem::handler;
use poem::http::StatusCode;
use poem::web::Query;
use serde::Deserialize;

use super::auth::Admin;
use super::layout::{
    Layout, PER_PAGE, PageResult, Pager, filter_date, non_empty, page_number, render_status, say,
    store_error,
};
use crate::actions::ActorKind;
use crate::actions::exports::day_start;
use crate::msg;
use crate::store::audit::{AuditEntry, AuditFilter};

/// The filter's query parameters.
#[derive(Debug, Default, Deserialize, Clone)]
pub struct AuditQuery {
    /// The start of an action's name: `guild.` for every guild action.
    #[serde(default)]
    action: String,
    /// admin, cli, api, participant, scheduler or system.
    #[serde(default)]
    kind: String,
    /// Part of the actor's name.
    #[serde(default)]
    actor: String,
    #[serde(default)]
    from: String,
    #[serde(default)]
    to: String,
    /// `1` leaves sign-ins out.
    #[serde(default)]
    hide_sign_ins: String,
    #[serde(default)]
    page: String,
}

impl AuditQuery {
    fn pairs(&self) -> Vec<(&'static str, String)> {
        vec![
            ("action", self.action.trim().to_string()),
            ("kind", self.kind.trim().to_string()),
            ("actor", self.actor.trim().to_string()),
            ("from", self.from.trim().to_string()),
            ("to", self.to.trim().to_string()),
            ("hide_sign_ins", self.hide_sign_ins.trim().to_string()),
        ]
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "admin/audit.html")]
struct AuditPage {
    layout: Layout,
    q: AuditQuery,
    /// The filter as a query string, for the export link.
    query: String,
    errors: Vec<String>,
    /// The action names in the log, grouped by what comes before the dot.
    actions: Vec<String>,
    kinds: Vec<&'static str>,
    entries: Vec<AuditEntry>,
    pager: Pager,
}

/// `GET /admin/audit`.
#[handler]
pub async fn list(admin: Admin, Query(q): Query<AuditQuery>) -> PageResult {
    let store = &admin.app().store;
    let tz = admin.time_zone;
    let mut errors = Vec::new();
    let from = filter_date("admin-label-from-date", &q.from)
        .map_err(|e| errors.push(e))
        .ok()
        .flatten();
    let to = filter_date("admin-label-to-date", &q.to)
        .map_err(|e| errors.push(e))
        .ok()
        .flatten();
    let kinds: Vec<&'static str> = ActorKind::ALL.iter().map(|k| k.as_str()).collect();
    let kind = non_empty(&q.kind);
    if let Some(k) = &kind
        && !kinds.contains(&k.as_str())
    {
        errors.push(say(&msg!(
            "admin-audit-unknown-actor-kind",
            kind = k.as_str()
        )));
    }
    let filter = AuditFilter {
        action: non_empty(&q.action),
        actor_kind: kind.filter(|k| kinds.contains(&k.as_str())),
        actor: non_empty(&q.actor),
        from: from.map(|d| day_start(d, tz)),
        to: to.and_then(|d| d.succ_opt()).map(|d| day_start(d, tz)),
        hide_sign_ins: q.hide_sign_ins == "1",
    };
    let total = store.count_audit(&filter).await.map_err(store_error)?;
    let pairs = q.pairs();
    let params: Vec<(&str, &str)> = pairs.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let pager = Pager::new("/admin/audit", &params, page_number(&q.page), total);
    let entries = store
        .list_audit(&filter, pager.offset(), PER_PAGE)
        .await
        .map_err(store_error)?;
    let mut actions: Vec<String> = Vec::new();
    for name in store.audit_actions().await.map_err(store_error)? {
        if let Some((group, _)) = name.split_once('.') {
            let prefix = format!("{group}.");
            if !actions.contains(&prefix) {
                actions.push(prefix);
            }
        }
        actions.push(name);
    }
    let mut query = url::form_urlencoded::Serializer::new(String::new());
    for (k, v) in pairs
        .iter()
        .filter(|(k, v)| !v.is_empty() && *k != "from" && *k != "to")
    {
        let key = match *k {
            "action" => "audit_action",
            "kind" => "audit_kind",
            "actor" => "audit_actor",
            other => other,
        };
        query.append_pair(key, v);
    }
    for (k, v) in [("from", q.from.trim()), ("to", q.to.trim())] {
        if !v.is_empty() {
            query.append_pair(k, v);
        }
    }
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    Ok(render_status(
        &admin,
        AuditPage {
            layout: Layout::new(&admin, super::layout::t("admin-nav-audit"), "audit"),
            query: query.finish(),
            q,
            errors,
            actions,
            kinds,
            entries,
            pager,
        },
        status,
    ))
}
