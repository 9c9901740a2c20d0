//! Numbers and dates the way each language writes them.

use chrono::{DateTime, Datelike, NaiveDate, TimeZone};

use super::{Language, Message};

/// A number as the language writes it: `5.63` in English, `5,63` in
/// Finnish. Takes anything that prints as a plain decimal number.
pub fn number(language: Language, value: impl std::fmt::Display) -> String {
    let text = value.to_string();
    match language {
        Language::English => text,
        Language::Finnish => text.replace('.', ","),
    }
}

/// A date: `2026-12-03` in English (as the rest of the product writes
/// dates), `3.12.2026` in Finnish.
pub fn date(language: Language, date: NaiveDate) -> String {
    match language {
        Language::English => date.format("%Y-%m-%d").to_string(),
        Language::Finnish => date.format("%-d.%-m.%Y").to_string(),
    }
}

/// A date with its weekday: `Thu 2026-12-03`, `to 3.12.2026`.
pub fn weekday_date(language: Language, day: NaiveDate) -> String {
    format!("{} {}", weekday_short(language, day), date(language, day))
}

/// A moment in its zone: `2025-09-01 14:05`, `1.9.2025 klo 14.05`.
pub fn date_time<Tz: TimeZone>(language: Language, at: &DateTime<Tz>) -> String
where
    Tz::Offset: std::fmt::Display,
{
    match language {
        Language::English => at.format("%Y-%m-%d %H:%M").to_string(),
        Language::Finnish => at.format("%-d.%-m.%Y klo %H.%M").to_string(),
    }
}

/// The weekday's short name: `Mon` / `ma`.
pub fn weekday_short(language: Language, day: NaiveDate) -> String {
    Message::new("weekday-short")
        .arg("day", day.weekday().number_from_monday())
        .render(language)
}

/// The month and year: `December 2026` / `joulukuu 2026`.
pub fn month_year(language: Language, day: NaiveDate) -> String {
    Message::new("month-year")
        .arg("month", day.month())
        .arg("year", day.year().to_string())
        .render(language)
}

/// The month's short name: `Dec` / `joulu`.
pub fn month_short(language: Language, day: NaiveDate) -> String {
    Message::new("month-short")
        .arg("month", day.month())
        .render(language)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_numbers_per_language() {
        let d = NaiveDate::from_ymd_opt(2026, 12, 3).unwrap();
        assert_eq!(date(Language::English, d), "2026-12-03");
        assert_eq!(date(Language::Finnish, d), "3.12.2026");
        assert_eq!(weekday_date(Language::Finnish, d), "to 3.12.2026");
        assert_eq!(weekday_date(Language::English, d), "Thu 2026-12-03");
        assert_eq!(month_year(Language::Finnish, d), "joulukuu 2026");
        assert_eq!(month_year(Language::English, d), "December 2026");
        assert_eq!(number(Language::Finnish, "5.63"), "5,63");
        assert_eq!(number(Language::English, "5.63"), "5.63");
    }
}
