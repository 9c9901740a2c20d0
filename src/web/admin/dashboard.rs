//! The dashboard: competition progress, headline figures and charts.

use askama::Template;
use askama_web::WebTemplate;
use chrono::Utc;
use poem::handler;

use super::auth::Admin;
use super::charts::{daily_columns, horizontal_bars};
use super::layout::{Layout, PageResult, render, store_error};
use crate::domain::Phase;
use crate::i18n::{Language, format};
use crate::store::activity_stats::DashboardCounts;
use crate::tr;

struct Progress {
    name: String,
    start: String,
    end: String,
    time_zone: String,
    /// Where it stands, in words: "Day 3 of 31, 28 days left", "Starts on …".
    status: String,
}

/// Where a competition stands, in words.
fn describe(lang: Language, phase: Phase) -> String {
    match phase {
        Phase::NotStarted {
            starts_on,
            days_until,
        } => tr!(
            lang,
            "admin-dash-not-started",
            start = starts_on,
            days = days_until
        ),
        Phase::Running {
            day,
            total_days,
            days_left,
        } => match days_left {
            0 => tr!(lang, "admin-dash-last-day", day = day, total = total_days),
            n => tr!(
                lang,
                "admin-dash-running",
                day = day,
                total = total_days,
                left = n
            ),
        },
        Phase::Finished { ended_on } => tr!(lang, "admin-dash-finished", end = ended_on),
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "admin/dashboard.html")]
struct DashboardPage {
    layout: Layout,
    progress: Option<Progress>,
    counts: DashboardCounts,
    standings_chart: String,
    /// How the guilds are ranked, when by a composite score.
    score_rule: Option<String>,
    per_day_chart: String,
    mix_chart: String,
    /// Flagged entries waiting for a decision.
    pending_reviews: u64,
}

/// `GET /admin`.
#[handler]
pub async fn page(admin: Admin) -> PageResult {
    let store = &admin.app().store;
    let now = Utc::now();
    let competition = store.active_competition().await.map_err(store_error)?;
    let (today, progress, window) = match &competition {
        Some(c) => {
            let cal = c.calendar();
            let today = cal.today(now);
            let last = today.min(c.end_date).max(c.start_date);
            (
                today,
                Some(Progress {
                    name: c.name.clone(),
                    start: format::date(admin.language, c.start_date),
                    end: format::date(admin.language, c.end_date),
                    time_zone: c.time_zone.name().to_string(),
                    status: describe(admin.language, cal.phase(now)),
                }),
                (c.start_date.max(last - chrono::Days::new(89)), last),
            )
        }
        None => {
            let today = now.with_timezone(&admin.time_zone).date_naive();
            (today, None, (today - chrono::Days::new(29), today))
        }
    };
    let counts = store.dashboard_counts(today).await.map_err(store_error)?;
    let standings = store.guild_standings().await.map_err(store_error)?;
    let lang = admin.language;
    // The bars show what ranks the guilds: the average, or the composite score.
    let composite = !standings.score.is_average();
    let standings_chart = horizontal_bars(
        lang,
        &lang.t(if composite {
            "admin-dash-standings-chart-score"
        } else {
            "admin-dash-standings-chart"
        }),
        &standings
            .iter()
            .map(|s| {
                (
                    format!("{}. {}", s.rank, s.name),
                    s.score.to_string().parse::<f64>().unwrap_or(0.0),
                    format::number(lang, s.score),
                )
            })
            .collect::<Vec<_>>(),
    );
    let score_rule =
        composite.then(|| crate::domain::rules::guild_score_sentence(standings.score).render(lang));
    let per_day = store
        .activities_per_day(window.0, window.1)
        .await
        .map_err(store_error)?;
    let mut days = Vec::new();
    let mut day = window.0;
    while day <= window.1 {
        let n = per_day.iter().find(|d| d.day == day).map_or(0, |d| d.n);
        days.push((day, n));
        day = match day.succ_opt() {
            Some(next) => next,
            None => break,
        };
    }
    let per_day_chart = daily_columns(lang, &lang.t("admin-dash-per-day"), &days);
    let mix = store
        .activity_mix(window.0, window.1, 8)
        .await
        .map_err(store_error)?;
    let catalogue = &admin.app().catalogue;
    let mix_chart = horizontal_bars(
        lang,
        &lang.t("admin-dash-mix-chart"),
        &mix.iter()
            .map(|m| {
                (
                    catalogue.label_in(lang, &m.activity_type),
                    m.n as f64,
                    m.n.to_string(),
                )
            })
            .collect::<Vec<_>>(),
    );
    let pending_reviews = store.count_pending_flags().await.map_err(store_error)?;
    Ok(render(
        &admin,
        DashboardPage {
            layout: Layout::new(&admin, lang.t("admin-nav-dashboard"), "dashboard"),
            progress,
            counts,
            standings_chart,
            score_rule,
            per_day_chart,
            mix_chart,
            pending_reviews,
        },
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    #[test]
    fn phases_in_words() {
        let day = NaiveDate::from_ymd_opt(2025, 9, 1).unwrap();
        assert_eq!(
            describe(
                Language::English,
                Phase::NotStarted {
                    starts_on: day,
                    days_until: 1
                }
            ),
            "Not started yet: it starts on 2025-09-01, in 1 day."
        );
        assert_eq!(
            describe(
                Language::English,
                Phase::Running {
                    day: 3,
                    total_days: 31,
                    days_left: 28
                }
            ),
            "Day 3 of 31, 28 days left."
        );
        assert_eq!(
            describe(
                Language::Finnish,
                Phase::Running {
                    day: 3,
                    total_days: 31,
                    days_left: 28
                }
            ),
            "Päivä 3/31, 28 päivää jäljellä."
        );
        assert!(
            describe(Language::English, Phase::Finished { ended_on: day })
                .contains("ended on 2025-09-01")
        );
    }
}
