//! The audit log page.

use askama::Template;
use askama_web::WebTemplate;
use poem::handler;
use poem::web::Query;
use serde::Deserialize;

use super::auth::Admin;
use super::layout::{Layout, PER_PAGE, PageResult, Pager, page_number, render, store_error};
use crate::store::audit::{AuditEntry, AuditFilter};

/// `?page=`.
#[derive(Debug, Default, Deserialize)]
pub struct PageQuery {
    #[serde(default)]
    page: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "admin/audit.html")]
struct AuditPage {
    layout: Layout,
    entries: Vec<AuditEntry>,
    pager: Pager,
}

/// `GET /admin/audit`.
#[handler]
pub async fn list(admin: Admin, Query(q): Query<PageQuery>) -> PageResult {
    let store = &admin.app().store;
    let filter = AuditFilter::default();
    let total = store.count_audit(&filter).await.map_err(store_error)?;
    let pager = Pager::new("/admin/audit", &[], page_number(&q.page), total);
    let entries = store
        .list_audit(&filter, pager.offset(), PER_PAGE)
        .await
        .map_err(store_error)?;
    Ok(render(
        &admin,
        AuditPage {
            layout: Layout::new(&admin, "Audit log", "audit"),
            entries,
            pager,
        },
    ))
}
