//! Feedback: ratings and comments with their averages; mark as reviewed.

use askama::Template;
use askama_web::WebTemplate;
use poem::handler;
use poem::web::{Path, Query};
use serde::Deserialize;

use super::auth::{Admin, AdminForm};
use super::layout::{
    Layout, PER_PAGE, PageResult, Pager, action_error, page_number, redirect_with, render,
    store_error,
};
use crate::actions;
use crate::store::feedback::{Feedback, FeedbackAverages};

/// `?page=`.
#[derive(Debug, Default, Deserialize)]
pub struct PageQuery {
    #[serde(default)]
    page: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "admin/feedback.html")]
struct FeedbackPage {
    layout: Layout,
    averages: FeedbackAverages,
    items: Vec<Feedback>,
    pager: Pager,
}

impl FeedbackPage {
    fn avg(&self, value: &Option<rust_decimal::Decimal>) -> String {
        value.map_or_else(|| "—".to_string(), |v| format!("{:.2}", v))
    }
}

/// `GET /admin/feedback`.
#[handler]
pub async fn list(admin: Admin, Query(q): Query<PageQuery>) -> PageResult {
    let store = &admin.app().store;
    let total = store.count_feedback().await.map_err(store_error)?;
    let pager = Pager::new("/admin/feedback", &[], page_number(&q.page), total);
    let items = store
        .list_feedback(pager.offset(), PER_PAGE)
        .await
        .map_err(store_error)?;
    let averages = store.feedback_averages().await.map_err(store_error)?;
    Ok(render(
        &admin,
        FeedbackPage {
            layout: Layout::new(&admin, "Feedback", "feedback"),
            averages,
            items,
            pager,
        },
    ))
}

/// `POST /admin/feedback/:id/reviewed`: `value=true|false`.
#[handler]
pub async fn set_reviewed(Path(id): Path<i64>, form: AdminForm) -> PageResult {
    let admin = &form.admin;
    let value = match form.get("value") {
        "true" => true,
        "false" => false,
        _ => {
            return Ok(redirect_with(
                "/admin/feedback",
                "error",
                "Choose whether to mark the feedback reviewed or not.",
            ));
        }
    };
    actions::feedback::set_reviewed(admin.app(), &admin.actor(), id, value)
        .await
        .map_err(action_error)?;
    Ok(redirect_with(
        "/admin/feedback",
        "ok",
        if value {
            format!("Feedback #{id} is marked as reviewed.")
        } else {
            format!("Feedback #{id} is marked as not reviewed.")
        },
    ))
}
