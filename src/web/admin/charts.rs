//! Charts drawn on the server as SVG: nothing fetched, no scripts, and
//! presentation attributes only (the CSP forbids inline styles).

use std::fmt::Write as _;

use chrono::NaiveDate;

/// Escapes text for SVG/HTML with askama's own escaper, the one the
/// panel's templates use.
fn esc(text: &str) -> String {
    askama::filters::escape(text, askama::filters::Html)
        .map(|safe| safe.to_string())
        .unwrap_or_default()
}

const BAR: &str = "#0b5cad";
const TEXT: &str = "#1b1f23";

/// What an empty chart shows instead: plain text reads better than an empty picture.
const NO_DATA: &str = r#"<p class="muted">No data yet.</p>"#;

/// Horizontal bars, one per (label, value, shown value), largest scale first.
pub fn horizontal_bars(title: &str, rows: &[(String, f64, String)]) -> String {
    if rows.is_empty() {
        return NO_DATA.to_string();
    }
    let row_h = 28.0;
    let label_w = 190.0;
    let bar_w = 300.0;
    let width = label_w + bar_w + 80.0;
    let height = (rows.len().max(1) as f64) * row_h + 10.0;
    let max = rows.iter().map(|r| r.1).fold(0.0_f64, f64::max);
    let mut svg = String::new();
    let _ = write!(
        svg,
        r#"<svg class="chart" viewBox="0 0 {width} {height}" role="img" aria-labelledby="t-{id}" xmlns="http://www.w3.org/2000/svg"><title id="t-{id}">{title}</title>"#,
        id = slug(title),
        title = esc(title)
    );
    for (i, (label, value, shown)) in rows.iter().enumerate() {
        let y = i as f64 * row_h + 5.0;
        let w = if max > 0.0 { value / max * bar_w } else { 0.0 };
        let short: String = label.chars().take(26).collect();
        let _ = write!(
            svg,
            r#"<text x="{lx}" y="{ty}" text-anchor="end" font-size="13" fill="{TEXT}">{label}</text><rect x="{bx}" y="{y}" width="{w:.1}" height="{h}" fill="{BAR}"><title>{full}: {shown}</title></rect><text x="{vx:.1}" y="{ty}" font-size="13" fill="{TEXT}">{shown}</text>"#,
            lx = label_w - 6.0,
            ty = y + 17.0,
            label = esc(&short),
            bx = label_w,
            h = row_h - 8.0,
            full = esc(label),
            shown = esc(shown),
            vx = label_w + w + 4.0,
        );
    }
    svg.push_str("</svg>");
    svg
}

/// Columns per day, with the first and last day labelled.
pub fn daily_columns(title: &str, days: &[(NaiveDate, i64)]) -> String {
    if days.iter().all(|d| d.1 == 0) {
        return NO_DATA.to_string();
    }
    let width = 600.0;
    let height = 180.0;
    let plot_h = 140.0;
    let n = days.len().max(1) as f64;
    let col_w = width / n;
    let max = days.iter().map(|d| d.1).max().unwrap_or(0).max(1) as f64;
    let mut svg = String::new();
    let _ = write!(
        svg,
        r#"<svg class="chart" viewBox="0 0 {width} {height}" role="img" aria-labelledby="t-{id}" xmlns="http://www.w3.org/2000/svg"><title id="t-{id}">{title}</title>"#,
        id = slug(title),
        title = esc(title)
    );
    for (i, (day, count)) in days.iter().enumerate() {
        let h = *count as f64 / max * plot_h;
        let _ = write!(
            svg,
            r#"<rect x="{x:.1}" y="{y:.1}" width="{w:.1}" height="{h:.1}" fill="{BAR}"><title>{day}: {count}</title></rect>"#,
            x = i as f64 * col_w + col_w * 0.1,
            y = 10.0 + plot_h - h,
            w = col_w * 0.8,
        );
    }
    if let (Some(first), Some(last)) = (days.first(), days.last()) {
        let _ = write!(
            svg,
            r#"<text x="0" y="172" font-size="12" fill="{TEXT}">{}</text><text x="{width}" y="172" font-size="12" text-anchor="end" fill="{TEXT}">{}</text><text x="0" y="10" font-size="12" fill="{TEXT}">max {}</text>"#,
            first.0, last.0, max as i64
        );
    }
    svg.push_str("</svg>");
    svg
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
        let svg = horizontal_bars(
            "Guilds",
            &[
                ("<script>".into(), 10.0, "10".into()),
                ("B & C".into(), 5.0, "5".into()),
            ],
        );
        assert!(!svg.contains("<script>"));
        assert!(svg.contains(&esc("<script>")) && esc("<script>").contains("script"));
        assert!(!svg.contains("B & C") && svg.contains(&esc("B & C")));
        assert!(svg.contains(r#"width="300.0""#));
        assert!(svg.contains(r#"width="150.0""#));
    }

    #[test]
    fn empty_charts_say_so() {
        assert!(daily_columns("Per day", &[]).contains("No data yet."));
        assert!(horizontal_bars("Mix", &[]).contains("No data yet."));
        let d = NaiveDate::from_ymd_opt(2025, 9, 1).unwrap();
        assert!(!daily_columns("Per day", &[(d, 0)]).contains("<svg"));
        let svg = daily_columns("Per day", &[(d, 3), (d.succ_opt().unwrap(), 6)]);
        assert!(svg.contains("2025-09-01: 3"));
        assert!(svg.contains("max 6"));
    }
}
