//! The database's health in plain words: one line per area, with a level
//! (OK, needs attention, act now) and what to do. The figures come from
//! the database's statistics; the thresholds are here.

use chrono::{DateTime, Utc};

/// How urgent an area is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    Ok,
    Attention,
    ActNow,
}

impl Level {
    /// The words shown.
    pub fn label(self) -> &'static str {
        match self {
            Level::Ok => "OK",
            Level::Attention => "Needs attention",
            Level::ActNow => "Act now",
        }
    }

    /// A class name for styling.
    pub fn class(self) -> &'static str {
        match self {
            Level::Ok => "ok",
            Level::Attention => "attention",
            Level::ActNow => "act-now",
        }
    }
}

/// One area's verdict.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assessment {
    /// What the area is about, e.g. "Backups".
    pub area: &'static str,
    pub level: Level,
    /// One sentence: how it stands.
    pub summary: String,
    /// What to do, when there is something to do.
    pub advice: Option<String>,
}

impl Assessment {
    fn new(area: &'static str, level: Level, summary: String, advice: Option<&str>) -> Self {
        Assessment {
            area,
            level,
            summary,
            advice: advice.map(str::to_string),
        }
    }
}

/// The figures the verdicts are drawn from; `None` where the backend has
/// no such figure (SQLite has no cache statistics or connections).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct HealthFigures {
    /// When the newest backup finished.
    pub last_backup: Option<DateTime<Utc>>,
    /// The database's size on disk.
    pub size_bytes: Option<u64>,
    /// Blocks read from disk and found in memory since statistics began.
    pub cache_reads: Option<(i64, i64)>,
    /// Connections in use and the server's limit (less the reserved ones).
    pub connections: Option<(i64, i64)>,
    /// The table with the largest share of dead rows: name, dead, live.
    pub dead_rows: Option<(String, i64, i64)>,
    /// The longest-running active statement, in seconds.
    pub longest_query_secs: Option<f64>,
}

/// How old a backup may be before it needs attention, and before it is urgent.
const BACKUP_ATTENTION_HOURS: i64 = 26;
const BACKUP_ACT_HOURS: i64 = 72;

/// The verdict for every area the figures cover.
pub fn assess(figures: &HealthFigures, now: DateTime<Utc>) -> Vec<Assessment> {
    let mut out = vec![backups(figures.last_backup, now)];
    if let Some(bytes) = figures.size_bytes {
        out.push(Assessment::new(
            "Size",
            Level::Ok,
            format!("The database takes {} on disk.", human_bytes(bytes)),
            None,
        ));
    }
    if let Some((read, hit)) = figures.cache_reads {
        out.push(cache(read, hit));
    }
    if let Some((used, max)) = figures.connections {
        out.push(connections(used, max));
    }
    if let Some((table, dead, live)) = &figures.dead_rows {
        out.push(dead_rows(table, *dead, *live));
    }
    if let Some(secs) = figures.longest_query_secs {
        out.push(long_queries(secs));
    }
    out
}

fn backups(last: Option<DateTime<Utc>>, now: DateTime<Utc>) -> Assessment {
    let Some(last) = last else {
        return Assessment::new(
            "Backups",
            Level::ActNow,
            "No backup has been taken yet.".into(),
            Some(
                "Press \"Back up now\" below, and set BACKUP_SCHEDULE so that one is taken every night.",
            ),
        );
    };
    let hours = (now - last).num_hours().max(0);
    let ago = if hours < 1 {
        "less than an hour ago".to_string()
    } else if hours < 48 {
        format!("{hours} hours ago")
    } else {
        format!("{} days ago", hours / 24)
    };
    let summary = format!("The newest backup was taken {ago}.");
    if hours < BACKUP_ATTENTION_HOURS {
        Assessment::new("Backups", Level::Ok, summary, None)
    } else if hours < BACKUP_ACT_HOURS {
        Assessment::new(
            "Backups",
            Level::Attention,
            summary,
            Some("The nightly backup did not run: check the server's log and take one now."),
        )
    } else {
        Assessment::new(
            "Backups",
            Level::ActNow,
            summary,
            Some(
                "Take a backup now, then check why the scheduled ones stopped (BACKUP_SCHEDULE, the server's log).",
            ),
        )
    }
}

fn cache(read: i64, hit: i64) -> Assessment {
    let total = read + hit;
    if total < 1000 {
        return Assessment::new(
            "Speed",
            Level::Ok,
            "Too few reads yet to judge how often data comes from memory.".into(),
            None,
        );
    }
    let percent = hit as f64 * 100.0 / total as f64;
    let summary = format!("{percent:.1} % of reads come from memory rather than disk.");
    if percent >= 99.0 {
        Assessment::new("Speed", Level::Ok, summary, None)
    } else if percent >= 95.0 {
        Assessment::new(
            "Speed",
            Level::Attention,
            summary,
            Some(
                "Pages may feel slower: give PostgreSQL more memory (shared_buffers) or the machine more RAM.",
            ),
        )
    } else {
        Assessment::new(
            "Speed",
            Level::ActNow,
            summary,
            Some(
                "Most reads go to disk: give PostgreSQL more memory (shared_buffers) and check for tables read whole (details below).",
            ),
        )
    }
}

fn connections(used: i64, max: i64) -> Assessment {
    let max = max.max(1);
    let percent = used * 100 / max;
    let summary = format!("{used} of {max} connections are in use ({percent} %).");
    if percent < 70 {
        Assessment::new("Connections", Level::Ok, summary, None)
    } else if percent < 90 {
        Assessment::new(
            "Connections",
            Level::Attention,
            summary,
            Some("Close to the limit: end idle connections below, or raise max_connections."),
        )
    } else {
        Assessment::new(
            "Connections",
            Level::ActNow,
            summary,
            Some(
                "New connections will soon be refused: end idle connections below now, then raise max_connections.",
            ),
        )
    }
}

fn dead_rows(table: &str, dead: i64, live: i64) -> Assessment {
    let total = (dead + live).max(1);
    let percent = dead * 100 / total;
    let summary = if dead == 0 {
        "No table is carrying deleted rows waiting to be cleaned up.".to_string()
    } else {
        format!(
            "The table {table} carries {dead} deleted rows waiting to be cleaned up ({percent} % of it)."
        )
    };
    if dead < 1000 || percent < 20 {
        Assessment::new("Clean-up", Level::Ok, summary, None)
    } else if percent < 50 {
        Assessment::new(
            "Clean-up",
            Level::Attention,
            summary,
            Some("Run \"Vacuum analyze\" on it below (no heavy locks)."),
        )
    } else {
        Assessment::new(
            "Clean-up",
            Level::ActNow,
            summary,
            Some(
                "Run \"Vacuum analyze\" on it below now; if it stays high, check that autovacuum is on.",
            ),
        )
    }
}

fn long_queries(secs: f64) -> Assessment {
    if secs < 5.0 {
        return Assessment::new(
            "Running queries",
            Level::Ok,
            "No query has been running for long.".into(),
            None,
        );
    }
    let summary = format!("A query has been running for {}.", human_seconds(secs));
    if secs < 300.0 {
        Assessment::new(
            "Running queries",
            Level::Attention,
            summary,
            Some(
                "Usually a backup or a large export; if the bot or the panel feels slow, see the details below.",
            ),
        )
    } else {
        Assessment::new(
            "Running queries",
            Level::ActNow,
            summary,
            Some(
                "It may be stuck and holding locks: find it in the details below and end it from psql (pg_terminate_backend) if nothing should be running.",
            ),
        )
    }
}

/// Bytes in the largest fitting unit: `840 kB`, `12.5 MB`, `3.1 GB`.
pub fn human_bytes(bytes: u64) -> String {
    const UNITS: [&str; 4] = ["kB", "MB", "GB", "TB"];
    if bytes < 1024 {
        return format!("{bytes} bytes");
    }
    let mut value = bytes as f64 / 1024.0;
    let mut unit = 0;
    while value >= 1024.0 && unit < UNITS.len() - 1 {
        value /= 1024.0;
        unit += 1;
    }
    if value >= 100.0 {
        format!("{value:.0} {}", UNITS[unit])
    } else {
        format!("{value:.1} {}", UNITS[unit])
    }
}

fn human_seconds(secs: f64) -> String {
    let secs = secs as i64;
    if secs < 120 {
        format!("{secs} seconds")
    } else if secs < 7200 {
        format!("{} minutes", secs / 60)
    } else {
        format!("{} hours", secs / 3600)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> DateTime<Utc> {
        DateTime::parse_from_rfc3339("2025-09-10T12:00:00Z")
            .unwrap()
            .with_timezone(&Utc)
    }

    #[test]
    fn backups_by_age() {
        let level = |hours: i64| backups(Some(now() - chrono::Duration::hours(hours)), now()).level;
        assert_eq!(level(3), Level::Ok);
        assert_eq!(level(30), Level::Attention);
        assert_eq!(level(100), Level::ActNow);
        let none = backups(None, now());
        assert_eq!(none.level, Level::ActNow);
        assert!(none.advice.unwrap().contains("Back up now"));
    }

    #[test]
    fn thresholds_in_words() {
        assert_eq!(cache(1, 10_000).level, Level::Ok);
        assert_eq!(cache(300, 9_700).level, Level::Attention);
        assert_eq!(cache(2_000, 8_000).level, Level::ActNow);
        assert!(cache(0, 10).summary.contains("Too few reads"));
        assert_eq!(connections(10, 100).level, Level::Ok);
        assert_eq!(connections(80, 100).level, Level::Attention);
        assert_eq!(connections(95, 100).level, Level::ActNow);
        assert_eq!(dead_rows("users", 10, 100).level, Level::Ok);
        assert_eq!(dead_rows("users", 3_000, 7_000).level, Level::Attention);
        assert_eq!(dead_rows("users", 8_000, 2_000).level, Level::ActNow);
        assert_eq!(long_queries(1.0).level, Level::Ok);
        assert_eq!(long_queries(60.0).level, Level::Attention);
        assert_eq!(long_queries(600.0).level, Level::ActNow);
        assert_eq!(human_bytes(12 * 1024 * 1024 + 512 * 1024), "12.5 MB");
        assert_eq!(human_bytes(500), "500 bytes");
    }

    #[test]
    fn sqlite_gets_the_areas_it_has() {
        let figures = HealthFigures {
            last_backup: Some(now()),
            size_bytes: Some(2048),
            ..HealthFigures::default()
        };
        let areas: Vec<_> = assess(&figures, now()).iter().map(|a| a.area).collect();
        assert_eq!(areas, ["Backups", "Size"]);
    }
}
