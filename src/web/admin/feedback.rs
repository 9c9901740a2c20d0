//! Feedback: ratings and comments with their averages, filtered by review
//! state, low ratings, words and dates; mark as reviewed; export.

use askama::Template;
use askama_web::WebTemplate;
use poem::handler;
use poem::web::{Path, Query};
use serde::Deserialize;

use super::auth::{Admin, AdminForm};
use super::layout::{
    Layout, PER_PAGE, PageResult, Pager, action_error, filter_date, page_number, redirect_with,
    render_status, store_error,
};
use super::layout::{say, t};
use crate::actions;
use crate::actions::exports::day_start;
use crate::msg;
use crate::store::feedback::{FeedbackAverages, FeedbackFilter, FeedbackRow};

/// The filter's query parameters.
#[derive(Debug, Default, Deserialize, Clone)]
pub struct FeedbackQuery {
    /// `yes`, `no` or empty.
    #[serde(default)]
    reviewed: String,
    /// 1–5: some rating at or below.
    #[serde(default)]
    rating: String,
    #[serde(default)]
    q: String,
    #[serde(default)]
    from: String,
    #[serde(default)]
    to: String,
    #[serde(default)]
    page: String,
}

impl FeedbackQuery {
    fn pairs(&self) -> Vec<(&'static str, String)> {
        vec![
            ("reviewed", self.reviewed.trim().to_string()),
            ("rating", self.rating.trim().to_string()),
            ("q", self.q.trim().to_string()),
            ("from", self.from.trim().to_string()),
            ("to", self.to.trim().to_string()),
        ]
    }

    /// The same filter as a query string (for the page and export links).
    fn query_string(&self) -> String {
        let mut query = url::form_urlencoded::Serializer::new(String::new());
        for (k, v) in self.pairs().iter().filter(|(_, v)| !v.is_empty()) {
            query.append_pair(k, v);
        }
        query.finish()
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "admin/feedback.html")]
struct FeedbackPage {
    layout: Layout,
    q: FeedbackQuery,
    /// The filter, for the export and mark-reviewed forms.
    query: String,
    errors: Vec<String>,
    averages: FeedbackAverages,
    items: Vec<FeedbackRow>,
    pager: Pager,
}

impl FeedbackPage {
    fn avg(&self, value: &Option<rust_decimal::Decimal>) -> String {
        value.map_or_else(|| "—".to_string(), |v| format!("{:.2}", v))
    }
}

/// `GET /admin/feedback`.
#[handler]
pub async fn list(admin: Admin, Query(q): Query<FeedbackQuery>) -> PageResult {
    let store = &admin.app().store;
    let mut errors = Vec::new();
    let tz = admin.time_zone;
    let from = filter_date("admin-label-from-date", &q.from)
        .map_err(|e| errors.push(e))
        .ok()
        .flatten();
    let to = filter_date("admin-label-to-date", &q.to)
        .map_err(|e| errors.push(e))
        .ok()
        .flatten();
    let max_rating = match q.rating.trim() {
        "" => None,
        raw => match raw.parse::<u8>() {
            Ok(r @ 1..=5) => Some(r),
            _ => {
                errors.push(say(&msg!("admin-feedback-rating-invalid", rating = raw)));
                None
            }
        },
    };
    let filter = FeedbackFilter {
        reviewed: match q.reviewed.as_str() {
            "yes" => Some(true),
            "no" => Some(false),
            _ => None,
        },
        max_rating,
        text: Some(q.q.trim().to_string()).filter(|t| !t.is_empty()),
        from: from.map(|d| day_start(d, tz)),
        to: to.and_then(|d| d.succ_opt()).map(|d| day_start(d, tz)),
    };
    let total = store
        .count_matching_feedback(&filter)
        .await
        .map_err(store_error)?;
    let pairs = q.pairs();
    let params: Vec<(&str, &str)> = pairs.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let pager = Pager::new("/admin/feedback", &params, page_number(&q.page), total);
    let items = store
        .find_feedback(&filter, pager.offset(), PER_PAGE)
        .await
        .map_err(store_error)?;
    let averages = store.feedback_averages().await.map_err(store_error)?;
    let status = if errors.is_empty() {
        poem::http::StatusCode::OK
    } else {
        poem::http::StatusCode::UNPROCESSABLE_ENTITY
    };
    Ok(render_status(
        &admin,
        FeedbackPage {
            layout: Layout::new(&admin, t("admin-nav-feedback"), "feedback"),
            query: q.query_string(),
            q,
            errors,
            averages,
            items,
            pager,
        },
        status,
    ))
}

/// `POST /admin/feedback/:id/reviewed`: `value=true|false`; back to the
/// list as it was filtered (`back`).
#[handler]
pub async fn set_reviewed(Path(id): Path<i64>, form: AdminForm) -> PageResult {
    let admin = &form.admin;
    let back = match form.get("back") {
        b if b.starts_with("/admin/feedback") && !b.contains("//") => b.to_string(),
        _ => "/admin/feedback".to_string(),
    };
    let value = match form.get("value") {
        "true" => true,
        "false" => false,
        _ => {
            return Ok(redirect_with(&back, "error", t("admin-feedback-choose")));
        }
    };
    actions::feedback::set_reviewed(admin.app(), &admin.actor(), id, value)
        .await
        .map_err(action_error)?;
    Ok(redirect_with(
        &back,
        "ok",
        if value {
            say(&msg!("admin-feedback-marked", id = id))
        } else {
            say(&msg!("admin-feedback-unmarked", id = id))
        },
    ))
}
