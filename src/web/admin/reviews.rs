//! The review queue: flagged entries with their reasons and the person's
//! latest entries; approve, or reject with a reason.

use askama::Template;
use askama_web::WebTemplate;
use poem::handler;
use poem::web::Path;

use super::auth::{Admin, AdminForm};
use super::layout::{Layout, PageResult, action_error, redirect_with, render_status, say, t};
use crate::actions;
use crate::actions::reviews::QueuedFlag;
use crate::msg;

#[derive(Template, WebTemplate)]
#[template(path = "admin/reviews.html")]
struct ReviewsPage {
    layout: Layout,
    items: Vec<QueuedFlag>,
    total: u64,
}

impl ReviewsPage {
    fn name(&self, q: &QueuedFlag) -> String {
        match &q.flag.last_name {
            Some(last) => format!("{} {last}", q.flag.first_name),
            None => q.flag.first_name.clone(),
        }
    }

    fn reasons(&self, q: &QueuedFlag) -> Vec<String> {
        q.flag
            .reasons
            .split(',')
            .filter(|r| !r.is_empty())
            .map(|r| match r {
                "long_day" => t("admin-review-long-day"),
                "outlier_points" => t("admin-review-outlier-points"),
                "repeated" => t("admin-review-repeated"),
                "late_backdated" => t("admin-review-late-backdated"),
                other => other.to_string(),
            })
            .collect()
    }

    /// What waits for approval, when the entry's points are kept aside.
    fn withheld(&self, q: &QueuedFlag) -> Option<String> {
        q.flag
            .withheld()
            .map(|points| say(&msg!("admin-review-withheld", points = points)))
    }

    fn details(&self, q: &QueuedFlag) -> Vec<String> {
        q.flag.detail.lines().map(str::to_owned).collect()
    }
}

/// `GET /admin/reviews`.
#[handler]
pub async fn list(admin: Admin) -> PageResult {
    let actor = admin.actor();
    let items = actions::reviews::queue(admin.app(), &actor, 100)
        .await
        .map_err(action_error)?;
    let total = actions::reviews::pending_count(admin.app(), &actor)
        .await
        .map_err(action_error)?;
    Ok(render_status(
        &admin,
        ReviewsPage {
            layout: Layout::new(&admin, t("admin-nav-reviews"), "reviews"),
            items,
            total,
        },
        poem::http::StatusCode::OK,
    ))
}

/// `POST /admin/reviews/:id/approve`.
#[handler]
pub async fn approve(Path(id): Path<i64>, form: AdminForm) -> PageResult {
    let admin = &form.admin;
    actions::reviews::approve(admin.app(), &admin.actor(), id)
        .await
        .map_err(action_error)?;
    Ok(redirect_with(
        "/admin/reviews",
        "ok",
        say(&msg!("admin-review-approved", id = id)),
    ))
}

/// `POST /admin/reviews/:id/reject`: `reason`.
#[handler]
pub async fn reject(Path(id): Path<i64>, form: AdminForm) -> PageResult {
    let admin = &form.admin;
    let reason = form.get("reason").to_string();
    match actions::reviews::reject(admin.app(), &admin.actor(), id, &reason).await {
        Ok(_) => Ok(redirect_with(
            "/admin/reviews",
            "ok",
            say(&msg!("admin-review-rejected", id = id)),
        )),
        Err(actions::ActionError::Invalid(_)) => Ok(redirect_with(
            "/admin/reviews",
            "error",
            say(&msg!("err-review-reason-required", id = id)),
        )),
        Err(e) => Err(action_error(e)),
    }
}
