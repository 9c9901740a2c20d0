//! Charts drawn on the server: bars as HTML `<meter>` elements, so their
//! labels are real text that wraps and reads at the page's font size on a
//! phone, and the columns per day as SVG with HTML labels under it.
//! Nothing fetched, no scripts, no inline styles (the CSP forbids them).

use std::fmt::Write as _;

use chrono::NaiveDate;

use crate::i18n::{Language, format};

/// Escapes text for SVG/HTML with askama's own escaper, the one the
/// panel's templates use.
fn esc(text: &str) -> String {
    askama::filters::escape(text, askama::filters::Html)
        .map(|safe| safe.to_string())
        .unwrap_or_default()
}

const BAR: &str = "#0b5cad";

/// What an empty chart shows instead: plain text reads better than an empty picture.
fn no_data(lang: Language) -> String {
    format!(
        r#"<p class="muted">{}</p>"#,
        esc(&lang.t("admin-chart-no-data"))
    )
}

/// Horizontal bars, one per (label, value, shown value), scaled to the largest.
pub fn horizontal_bars(lang: Language, title: &str, rows: &[(String, f64, String)]) -> String {
    if rows.is_empty() {
        return no_data(lang);
    }
    let max = rows.iter().map(|r| r.1).fold(0.0_f64, f64::max);
    let mut html = String::new();
    let _ = write!(html, r#"<ol class="bars" aria-label="{}">"#, esc(title));
    for (label, value, shown) in rows {
        let _ = write!(
            html,
            r#"<li><span class="bar-label">{label}</span><span class="bar-track"><meter min="0" max="{max}" value="{value}" aria-label="{label}: {shown}">{shown}</meter><span class="bar-value">{shown}</span></span></li>"#,
            label = esc(label),
            shown = esc(shown),
            max = if max > 0.0 { max } else { 1.0 },
        );
    }
    html.push_str("</ol>");
    html
}

/// Columns per day, with the first and last day and the largest count
/// labelled under and above it.
pub fn daily_columns(lang: Language, title: &str, days: &[(NaiveDate, i64)]) -> String {
    if days.iter().all(|d| d.1 == 0) {
        return no_data(lang);
    }
    let width = 600.0;
    let plot_h = 140.0;
    let n = days.len().max(1) as f64;
    let col_w = width / n;
    let max = days.iter().map(|d| d.1).max().unwrap_or(0).max(1) as f64;
    let mut html = String::new();
    let _ = write!(
        html,
        r#"<figure class="columns"><figcaption class="muted">{most}</figcaption><svg class="chart" viewBox="0 0 {width} {plot_h}" preserveAspectRatio="none" role="img" aria-labelledby="t-{id}" xmlns="http://www.w3.org/2000/svg"><title id="t-{id}">{title}</title>"#,
        most = esc(&crate::tr!(
            lang,
            "admin-chart-most-in-a-day",
            count = max as i64
        )),
        id = slug(title),
        title = esc(title)
    );
    for (i, (day, count)) in days.iter().enumerate() {
        let h = *count as f64 / max * plot_h;
        let _ = write!(
            html,
            r#"<rect x="{x:.1}" y="{y:.1}" width="{w:.1}" height="{h:.1}" fill="{BAR}"><title>{day}: {count}</title></rect>"#,
            day = format::date(lang, *day),
            x = i as f64 * col_w + col_w * 0.1,
            y = plot_h - h,
            w = col_w * 0.8,
        );
    }
    html.push_str("</svg>");
    if let (Some(first), Some(last)) = (days.first(), days.last()) {
        let _ = write!(
            html,
            r#"<div class="axis"><span>{}</span><span>{}</span></div>"#,
            format::date(lang, first.0),
            format::date(lang, last.0)
        );
    }
    html.push_str("</figure>");
    html
}

fn slug(title: &str) -> String {
    title
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_are_escaped_and_bars_scale() {
        let html = horizontal_bars(
            Language::English,
            "Guilds",
            &[
                ("<script>".into(), 10.0, "10".into()),
                ("B & C, a long name that is not cut".into(), 5.0, "5".into()),
            ],
        );
        assert!(!html.contains("<script>"));
        assert!(html.contains(&esc("<script>")) && esc("<script>").contains("script"));
        assert!(html.contains(&esc("B & C, a long name that is not cut")));
        assert!(!html.contains("B & C,"));
        assert!(html.contains(r#"max="10" value="10""#));
        assert!(html.contains(r#"max="10" value="5""#));
    }

    #[test]
    fn empty_charts_say_so() {
        assert!(daily_columns(Language::English, "Per day", &[]).contains("No data yet."));
        assert!(horizontal_bars(Language::English, "Mix", &[]).contains("No data yet."));
        let d = NaiveDate::from_ymd_opt(2025, 9, 1).unwrap();
        assert!(!daily_columns(Language::English, "Per day", &[(d, 0)]).contains("<svg"));
        let html = daily_columns(
            Language::English,
            "Per day",
            &[(d, 3), (d.succ_opt().unwrap(), 6)],
        );
        assert!(html.contains("2025-09-01: 3"));
        assert!(html.contains("Most in a day: 6"));
        assert!(html.contains("<span>2025-09-02</span>"));
    }
}
