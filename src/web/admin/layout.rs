//! What every admin page shares: the layout's data, rendering with the
//! flash message cleared, and pagination; flash messages, redirects and
//! error pages are `respond`'s, re-exported here for the pages.

use poem::http::StatusCode;
use poem::http::header::SET_COOKIE;
use poem::{IntoResponse, Response};

use chrono::{DateTime, Utc};

use super::auth::Admin;
pub use super::respond::{
    FLASH_COOKIE, Flash, PageResult, action_error, action_message, error, error_response,
    redirect_with, say, store_error, t,
};
use crate::domain::AdminRole;
use crate::i18n::{Arg, Language, Message, format};

/// The data the base layout needs.
#[derive(Clone)]
pub struct Layout {
    pub title: String,
    /// Which navigation entry is current.
    pub nav: &'static str,
    pub username: String,
    /// The admin's role, by its English label (`viewer`, `organiser`,
    /// `database admin`), for the pages' choices.
    pub role: &'static str,
    /// The admin's role as shown, in the page's language.
    pub role_name: String,
    /// For the logout form.
    pub csrf: String,
    pub flash: Option<Flash>,
    /// Organisers and database admins see the forms that change things.
    pub can_edit: bool,
    /// Database admins see backups, maintenance and account management.
    pub can_admin: bool,
    /// The zone every time on the page is shown in.
    pub time_zone: chrono_tz::Tz,
    /// The language the page is written in.
    pub language: Language,
    /// Flagged entries waiting for a decision (shown in the navigation).
    pub pending_reviews: u64,
    /// For showing stored activity labels in the page's language.
    catalogue: std::sync::Arc<crate::domain::Catalogue>,
}

impl Layout {
    /// The layout for a page seen by `admin`.
    pub fn new(admin: &Admin, title: impl Into<String>, nav: &'static str) -> Layout {
        Layout {
            title: title.into(),
            nav,
            username: admin.username.clone(),
            role: admin.role.label(),
            role_name: admin.role.name().render(admin.language),
            csrf: admin.csrf.clone(),
            flash: admin.flash.clone(),
            can_edit: admin.may(AdminRole::Organiser),
            can_admin: admin.may(AdminRole::DatabaseAdmin),
            time_zone: admin.time_zone,
            language: admin.language,
            pending_reviews: admin.pending_reviews,
            catalogue: admin.app().catalogue.clone(),
        }
    }

    /// Every language, for the switch in the header.
    pub fn languages(&self) -> &'static [Language] {
        &Language::ALL
    }

    /// The message `id` with one argument.
    pub fn t1(&self, id: &'static str, k1: &'static str, v1: impl Into<Arg>) -> String {
        Message::new(id).arg(k1, v1).render(self.language)
    }

    /// The message `id` with two arguments.
    pub fn t2(
        &self,
        id: &'static str,
        k1: &'static str,
        v1: impl Into<Arg>,
        k2: &'static str,
        v2: impl Into<Arg>,
    ) -> String {
        Message::new(id)
            .arg(k1, v1)
            .arg(k2, v2)
            .render(self.language)
    }

    /// The message `id` with three arguments.
    #[allow(clippy::too_many_arguments)]
    pub fn t3(
        &self,
        id: &'static str,
        k1: &'static str,
        v1: impl Into<Arg>,
        k2: &'static str,
        v2: impl Into<Arg>,
        k3: &'static str,
        v3: impl Into<Arg>,
    ) -> String {
        Message::new(id)
            .arg(k1, v1)
            .arg(k2, v2)
            .arg(k3, v3)
            .render(self.language)
    }

    /// The message `id` with four arguments.
    #[allow(clippy::too_many_arguments)]
    pub fn t4(
        &self,
        id: &'static str,
        k1: &'static str,
        v1: impl Into<Arg>,
        k2: &'static str,
        v2: impl Into<Arg>,
        k3: &'static str,
        v3: impl Into<Arg>,
        k4: &'static str,
        v4: impl Into<Arg>,
    ) -> String {
        Message::new(id)
            .arg(k1, v1)
            .arg(k2, v2)
            .arg(k3, v3)
            .arg(k4, v4)
            .render(self.language)
    }

    /// A day the page language's way: `2025-09-01`, `1.9.2025`.
    pub fn date(&self, day: &chrono::NaiveDate) -> String {
        format::date(self.language, *day)
    }

    /// A stored activity label in the page's language.
    pub fn activity(&self, stored: &str) -> String {
        self.catalogue.label_in(self.language, stored)
    }

    /// The message `id` as data for the page's script (see
    /// [`crate::i18n::data`]), as JSON text.
    pub fn message_json(&self, id: &'static str) -> String {
        crate::i18n::data::message(self.language, id).to_string()
    }

    /// The message `id` in the page's language.
    pub fn t(&self, id: &'static str) -> String {
        self.language.t(id)
    }

    /// A message in the page's language.
    pub fn say(&self, message: impl std::borrow::Borrow<Message>) -> String {
        message.borrow().render(self.language)
    }

    /// A number written the page language's way ("5,63" in Finnish).
    pub fn num(&self, value: impl std::fmt::Display) -> String {
        format::number(self.language, value)
    }

    /// A moment in the competition's zone, e.g. `2025-09-01 14:05`
    /// (`1.9.2025 klo 14.05` in Finnish).
    pub fn time(&self, at: &DateTime<Utc>) -> String {
        format::date_time(self.language, &at.with_timezone(&self.time_zone))
    }

    /// The zone's name, for labelling times: `Europe/Helsinki`.
    pub fn zone(&self) -> &'static str {
        self.time_zone.name()
    }
}

/// A moment in `tz`, labelled: `2025-09-01 14:05 (Europe/Helsinki)`.
pub fn labelled_time(at: &DateTime<Utc>, tz: chrono_tz::Tz) -> String {
    format!(
        "{} ({})",
        at.with_timezone(&tz).format("%Y-%m-%d %H:%M"),
        tz.name()
    )
}

/// Renders a page, clearing a flash message it has shown.
pub fn render(admin: &Admin, page: impl IntoResponse) -> Response {
    let mut response = page.into_response();
    if admin.flash.is_some() {
        response.headers_mut().append(
            SET_COOKIE,
            format!("{FLASH_COOKIE}=; Path=/admin; Max-Age=0; HttpOnly; SameSite=Strict")
                .parse()
                .expect("static cookie header"),
        );
    }
    response
}

/// Renders a page with a status other than 200 (a form with errors: 422).
pub fn render_status(admin: &Admin, page: impl IntoResponse, status: StatusCode) -> Response {
    let mut response = render(admin, page);
    response.set_status(status);
    response
}

/// Rows per page in every paginated list.
pub const PER_PAGE: u64 = 50;

/// Links to the neighbouring pages of a list.
#[derive(Debug, Clone)]
pub struct Pager {
    pub page: u64,
    pub pages: u64,
    pub total: u64,
    pub prev: Option<String>,
    pub next: Option<String>,
}

impl Pager {
    /// A pager for page `page` (1-based) of `total` rows, linking to `path`
    /// with the other query parameters kept.
    pub fn new(path: &str, params: &[(&str, &str)], page: u64, total: u64) -> Pager {
        let pages = total.div_ceil(PER_PAGE).max(1);
        let page = page.clamp(1, pages);
        let link = |p: u64| {
            let mut query = url::form_urlencoded::Serializer::new(String::new());
            for (k, v) in params.iter().filter(|(_, v)| !v.is_empty()) {
                query.append_pair(k, v);
            }
            query.append_pair("page", &p.to_string());
            format!("{path}?{}", query.finish())
        };
        Pager {
            page,
            pages,
            total,
            prev: (page > 1).then(|| link(page - 1)),
            next: (page < pages).then(|| link(page + 1)),
        }
    }

    /// How many rows to skip.
    pub fn offset(&self) -> u64 {
        (self.page - 1) * PER_PAGE
    }
}

/// Reads a page number from a query parameter (1 when absent or invalid).
pub fn page_number(raw: &str) -> u64 {
    raw.trim()
        .parse::<u64>()
        .ok()
        .filter(|p| *p >= 1)
        .unwrap_or(1)
}

/// Reads an optional `YYYY-MM-DD` filter date; an invalid one is an error
/// message naming the field (`label` is its message id).
pub fn filter_date(label: &'static str, raw: &str) -> Result<Option<chrono::NaiveDate>, String> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(None);
    }
    chrono::NaiveDate::parse_from_str(raw, "%Y-%m-%d")
        .map(Some)
        .map_err(|_| {
            say(&crate::msg!(
                "admin-filter-date-invalid",
                label = Message::new(label),
                text = raw
            ))
        })
}

/// `None` for an empty form value.
pub fn non_empty(raw: &str) -> Option<String> {
    let t = raw.trim();
    (!t.is_empty()).then(|| t.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pager_links_keep_the_filter() {
        let p = Pager::new(
            "/admin/participants",
            &[("q", "a b"), ("guild", "")],
            2,
            120,
        );
        assert_eq!(p.pages, 3);
        assert_eq!(p.offset(), 50);
        assert_eq!(p.prev.as_deref(), Some("/admin/participants?q=a+b&page=1"));
        assert_eq!(p.next.as_deref(), Some("/admin/participants?q=a+b&page=3"));
        assert_eq!(Pager::new("/x", &[], 9, 0).page, 1);
    }
}
