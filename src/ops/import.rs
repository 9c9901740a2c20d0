//! Importing activities from a CSV file with the operations guide's columns
//! (`user_id, activity_type, duration, points, activity_date`, and an
//! optional `description`). Every row is checked against the participants,
//! the catalogue, the points rule and what is already stored before anything
//! is written; the write is then all-or-nothing.

use std::collections::HashSet;
use std::fmt;

use anyhow::bail;
use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;

use crate::domain::rules::EntryFacts;
use crate::domain::{Catalogue, CompetitionCalendar, CompetitionRules, DurationMinutes, Points};
use crate::ops::progress::Progress;
use crate::store::Store;
use crate::store::import::{ActivityKey, ImportWritten, ImportedActivity};

/// The columns every import file must have.
pub const REQUIRED_COLUMNS: [&str; 5] = [
    "user_id",
    "activity_type",
    "duration",
    "points",
    "activity_date",
];

/// A column an import file may have.
pub const OPTIONAL_COLUMN: &str = "description";

/// A problem with one line of the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportProblem {
    /// The line in the file, counting the header as line 1.
    pub line: u64,
    /// What is wrong, in words an organiser can act on.
    pub message: String,
}

impl fmt::Display for ImportProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

/// Which activity dates an import accepts: the rules of logging by
/// default (inside the active competition's window, not in the future),
/// or, for organisers moving historical data, any day up to today.
#[derive(Debug, Clone)]
pub struct DateRules {
    /// The active competition's name and calendar, if there is one.
    pub competition: Option<(String, CompetitionCalendar)>,
    /// Accept dates outside the competition's window (never future ones).
    pub allow_outside_window: bool,
    /// The moment "today" is taken from.
    pub now: DateTime<Utc>,
    /// The active competition's scoring rules, applied to the rows dated
    /// inside its window as if they were logged now.
    pub rules: CompetitionRules,
}

impl DateRules {
    /// Today where it counts: in the competition's time zone, else UTC.
    fn today(&self) -> NaiveDate {
        self.competition
            .as_ref()
            .map_or(self.now.date_naive(), |(_, c)| c.today(self.now))
    }

    /// Why `date` may not be imported, if it may not; `Ok(true)` when it
    /// lies outside the competition's window (allowed by the flag).
    fn check(&self, date: NaiveDate) -> Result<bool, String> {
        let today = self.today();
        if date > today {
            let zone = self
                .competition
                .as_ref()
                .map_or("UTC".to_string(), |(_, c)| c.time_zone().to_string());
            return Err(format!(
                "activity_date {date} is in the future (today is {today} in {zone}); activities are imported once they are done"
            ));
        }
        let outside = self
            .competition
            .as_ref()
            .is_none_or(|(_, c)| date < c.start() || date > c.end());
        match (&self.competition, outside, self.allow_outside_window) {
            (Some((name, c)), true, false) => Err(format!(
                "activity_date {date} is outside the competition {name:?} ({} to {}); \
                 pass --allow-outside-window to import activities from outside it",
                c.start(),
                c.end()
            )),
            _ => Ok(outside),
        }
    }
}

/// The checked content of a file: the rows ready to write and every problem found.
#[derive(Debug, Clone)]
pub struct ImportPlan {
    /// The valid rows, in file order.
    pub rows: Vec<ImportedActivity>,
    /// The line of each valid row, in the same order.
    pub lines: Vec<u64>,
    /// Every problem, in file order.
    pub problems: Vec<ImportProblem>,
    /// The data records read (not counting the header).
    pub records: u64,
    /// Valid rows dated outside the competition's window (only with
    /// `allow_outside_window`), for the audit log.
    pub outside_window: u64,
    /// Whether dates outside the window were allowed.
    pub allow_outside_window: bool,
}

impl ImportPlan {
    /// The lines with problems, e.g. "3, 7, 12".
    pub fn problem_lines(&self) -> String {
        let mut lines: Vec<u64> = self.problems.iter().map(|p| p.line).collect();
        lines.dedup();
        lines
            .iter()
            .map(u64::to_string)
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// Where each column is in the file.
struct Columns {
    required: [usize; 5],
    description: Option<usize>,
}

fn header_columns(header: &csv::StringRecord) -> anyhow::Result<Columns> {
    let names: Vec<String> = header
        .iter()
        .map(|h| h.trim().trim_start_matches('\u{feff}').to_ascii_lowercase())
        .collect();
    let position = |name: &str| names.iter().position(|n| n == name);
    let mut required = [0; 5];
    let mut missing = Vec::new();
    for (slot, name) in required.iter_mut().zip(REQUIRED_COLUMNS) {
        match position(name) {
            Some(i) => *slot = i,
            None => missing.push(name),
        }
    }
    if !missing.is_empty() {
        bail!(
            "line 1: the header lacks {}; the first line must name the columns {} (and optionally {OPTIONAL_COLUMN})",
            missing.join(", "),
            REQUIRED_COLUMNS.join(", ")
        );
    }
    if let Some(unknown) = names
        .iter()
        .find(|n| !REQUIRED_COLUMNS.contains(&n.as_str()) && n.as_str() != OPTIONAL_COLUMN)
    {
        bail!(
            "line 1: unknown column {unknown:?}; the columns are {} and optionally {OPTIONAL_COLUMN}",
            REQUIRED_COLUMNS.join(", ")
        );
    }
    Ok(Columns {
        required,
        description: position(OPTIONAL_COLUMN),
    })
}

/// A row that passed the checks that need no database.
struct ParsedRow {
    line: u64,
    activity: ImportedActivity,
}

fn parse_row(
    record: &csv::StringRecord,
    columns: &Columns,
    catalogue: &Catalogue,
) -> Result<ImportedActivity, Vec<String>> {
    let cell = |i: usize| record.get(i).unwrap_or("").trim();
    let [user_col, type_col, duration_col, points_col, date_col] = columns.required;
    let mut errors = Vec::new();

    let user_id = cell(user_col).parse::<i64>().ok().filter(|id| *id > 0);
    if user_id.is_none() {
        errors.push(format!(
            "user_id {:?} is not a participant id (a positive whole number)",
            cell(user_col)
        ));
    }
    let date = NaiveDate::parse_from_str(cell(date_col), "%Y-%m-%d").ok();
    if date.is_none() {
        errors.push(format!(
            "activity_date {:?} is not a date in the form YYYY-MM-DD",
            cell(date_col)
        ));
    }
    let duration = cell(duration_col)
        .parse::<u32>()
        .ok()
        .and_then(|m| DurationMinutes::new(m).ok());
    if duration.is_none() {
        errors.push(format!(
            "duration {:?} is not a whole number of minutes from 1 to {}",
            cell(duration_col),
            DurationMinutes::MAX
        ));
    }
    let entry = catalogue.entry_by_label(cell(type_col));
    if entry.is_none() {
        errors.push(format!(
            "activity_type {:?} is not in the catalogue (write it as the catalogue labels it, e.g. \"Running (Vigorous)\")",
            cell(type_col)
        ));
    }
    let points = cell(points_col).parse::<Decimal>().ok();
    if points.is_none() {
        errors.push(format!("points {:?} is not a number", cell(points_col)));
    }
    if let (Some(entry), Some(duration), Some(points)) = (entry, duration, points) {
        let expected = Points::for_activity(entry.met, duration);
        if points != expected.value() {
            errors.push(format!(
                "points {points} do not match the catalogue: {} MET for {} min gives {expected}",
                entry.met,
                duration.get()
            ));
        }
    }
    let description = columns
        .description
        .map(cell)
        .filter(|d| !d.is_empty())
        .map(str::to_string);
    match (user_id, date, duration, entry) {
        (Some(user_id), Some(activity_date), Some(duration), Some(entry)) if errors.is_empty() => {
            Ok(ImportedActivity {
                user_id,
                activity_type: entry.label(),
                compendium_code: entry.code.clone(),
                met: entry.met.value(),
                duration: i32::from(duration.get()),
                points: Points::for_activity(entry.met, duration),
                description,
                activity_date,
            })
        }
        _ => Err(errors),
    }
}

fn key_of(row: &ImportedActivity) -> ActivityKey {
    ActivityKey {
        user_id: row.user_id,
        activity_type: row.activity_type.clone(),
        activity_date: row.activity_date,
        duration: row.duration,
        points_cents: row.points.cents(),
    }
}

/// The rows of an import file that pass the checks needing no database,
/// every problem found on the others, and how many data records there were.
pub struct ReadRows {
    rows: Vec<ParsedRow>,
    /// Every problem, in file order.
    pub problems: Vec<ImportProblem>,
    /// The data records read (not counting the header).
    pub records: u64,
}

impl ReadRows {
    /// How many rows passed.
    pub fn valid(&self) -> usize {
        self.rows.len()
    }
}

/// Reads a file's header and rows and checks each row on its own (columns,
/// numbers, dates, the catalogue, the points rule): everything that needs
/// no database. A file that is not CSV with the expected header is an
/// error; a bad row is a problem with its line number.
pub fn read_rows(content: &[u8], catalogue: &Catalogue) -> anyhow::Result<ReadRows> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(true)
        .from_reader(content);
    let header = match reader.headers() {
        Ok(h) if h.iter().any(|c| !c.trim().is_empty()) => h.clone(),
        Ok(_) => bail!(
            "the file is empty; the first line must name the columns {}",
            REQUIRED_COLUMNS.join(", ")
        ),
        Err(e) => bail!("line 1: the header cannot be read: {e}"),
    };
    let columns = header_columns(&header)?;
    let width = header.len();

    let mut problems: Vec<ImportProblem> = Vec::new();
    let mut parsed = Vec::new();
    let mut records = 0;
    let mut record = csv::StringRecord::new();
    loop {
        let line_hint = reader.position().line();
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {
                let line = record.position().map_or(line_hint, |p| p.line());
                records += 1;
                if record.len() == 1 && record.get(0).is_some_and(|c| c.trim().is_empty()) {
                    records -= 1;
                    continue;
                }
                if record.len() != width {
                    problems.push(ImportProblem {
                        line,
                        message: format!(
                            "malformed row: {} fields where the header has {width}",
                            record.len()
                        ),
                    });
                    continue;
                }
                match parse_row(&record, &columns, catalogue) {
                    Ok(activity) => parsed.push(ParsedRow { line, activity }),
                    Err(errors) => problems.extend(
                        errors
                            .into_iter()
                            .map(|message| ImportProblem { line, message }),
                    ),
                }
            }
            Err(e) => {
                records += 1;
                let line = e.position().map_or(line_hint, |p| p.line());
                let message = match e.kind() {
                    csv::ErrorKind::Utf8 { .. } => {
                        "malformed row: not valid UTF-8 text".to_string()
                    }
                    csv::ErrorKind::Io(io) => bail!("the file cannot be read: {io}"),
                    _ => format!("malformed row: {e}"),
                };
                problems.push(ImportProblem { line, message });
            }
        }
    }

    Ok(ReadRows {
        rows: parsed,
        problems,
        records,
    })
}

/// Reads and checks a whole file without writing anything. A file that is
/// not CSV with the expected header is an error; problems in rows are
/// collected in the plan, all of them, with their line numbers.
pub async fn plan_import(
    store: &Store,
    catalogue: &Catalogue,
    content: &[u8],
    dates: &DateRules,
) -> anyhow::Result<ImportPlan> {
    if dates.competition.is_none() && !dates.allow_outside_window {
        bail!(
            "there is no active competition, so no date lies inside its window: create or activate \
             one first, or pass --allow-outside-window to import historical activities"
        );
    }
    let ReadRows {
        rows: parsed,
        mut problems,
        records,
    } = read_rows(content, catalogue)?;

    let mut user_ids: Vec<i64> = parsed.iter().map(|r| r.activity.user_id).collect();
    user_ids.sort_unstable();
    user_ids.dedup();
    let known = store.existing_user_ids(&user_ids).await?;
    let known_ids: Vec<i64> = known.iter().copied().collect();
    let stored = store.activity_keys_of(&known_ids).await?;

    let mut seen: std::collections::HashMap<ActivityKey, u64> = Default::default();
    let mut rows = Vec::with_capacity(parsed.len());
    let mut row_lines = Vec::with_capacity(parsed.len());
    let mut outside_window = 0;
    for ParsedRow { line, activity } in parsed {
        match dates.check(activity.activity_date) {
            Err(message) => {
                problems.push(ImportProblem { line, message });
                continue;
            }
            Ok(outside) => outside_window += u64::from(outside),
        }
        if !known.contains(&activity.user_id) {
            problems.push(ImportProblem {
                line,
                message: format!("user_id {} is not a participant", activity.user_id),
            });
            continue;
        }
        let key = key_of(&activity);
        if stored.contains(&key) {
            problems.push(ImportProblem {
                line,
                message: "the same activity (participant, type, date, duration, points) is already stored".into(),
            });
            continue;
        }
        if let Some(first) = seen.get(&key) {
            problems.push(ImportProblem {
                line,
                message: format!("duplicate of line {first}"),
            });
            continue;
        }
        seen.insert(key, line);
        rows.push(activity);
        row_lines.push(line);
    }
    apply_rules(
        store,
        catalogue,
        dates,
        &mut rows,
        &row_lines,
        &mut problems,
    )
    .await?;
    problems.sort_by_key(|p| p.line);
    if !problems.is_empty() {
        outside_window = 0;
    }
    Ok(ImportPlan {
        rows,
        lines: row_lines,
        problems,
        records,
        outside_window,
        allow_outside_window: dates.allow_outside_window,
    })
}

/// Scores the rows dated inside the competition's window under its rules,
/// in file order: an excluded or too short row is a problem; the others
/// earn what the rules give, and the daily maximum counts what the
/// participant already has that day plus the rows before it.
async fn apply_rules(
    store: &Store,
    catalogue: &Catalogue,
    dates: &DateRules,
    rows: &mut Vec<ImportedActivity>,
    lines: &[u64],
    problems: &mut Vec<ImportProblem>,
) -> anyhow::Result<()> {
    let Some((_, calendar)) = &dates.competition else {
        return Ok(());
    };
    let rules = &dates.rules;
    if rules.is_empty() {
        return Ok(());
    }
    let mut user_ids: Vec<i64> = rows.iter().map(|r| r.user_id).collect();
    user_ids.sort_unstable();
    user_ids.dedup();
    let mut day_points = if rules.daily_max_points.is_some() {
        store.day_points_of(&user_ids).await?
    } else {
        Default::default()
    };
    for (row, line) in rows.iter_mut().zip(lines) {
        if row.activity_date < calendar.start() || row.activity_date > calendar.end() {
            continue;
        }
        let entry = catalogue.entry_by_code(&row.compendium_code);
        let facts = EntryFacts {
            category: entry.map(|e| e.category.as_str()),
            code: Some(&row.compendium_code),
            met: entry.map(|e| e.met),
            plain_points: row.points,
            minutes: u16::try_from(row.duration).unwrap_or(u16::MAX),
            date: row.activity_date,
        };
        match rules.score(&facts) {
            Err(why) => problems.push(ImportProblem {
                line: *line,
                message: why.message().to_string(),
            }),
            Ok(scored) => {
                let day = day_points
                    .entry((row.user_id, row.activity_date))
                    .or_insert(Points::ZERO);
                row.points = rules.within_daily_max(scored.points, *day);
                *day += row.points;
            }
        }
    }
    if problems.iter().any(|p| lines.contains(&p.line)) {
        // Rows with problems are not written; keep the plan's rows valid.
        let bad: HashSet<u64> = problems.iter().map(|p| p.line).collect();
        let kept: Vec<ImportedActivity> = rows
            .drain(..)
            .zip(lines)
            .filter(|(_, line)| !bad.contains(line))
            .map(|(row, _)| row)
            .collect();
        *rows = kept;
    }
    Ok(())
}

/// Writes a plan that has no problems, all rows or none, reporting progress.
pub async fn apply_import(
    store: &Store,
    plan: &ImportPlan,
    progress: &Progress,
) -> anyhow::Result<ImportWritten> {
    if !plan.problems.is_empty() {
        bail!(
            "nothing was imported: {} problem(s) on line(s) {}; fix them (see --dry-run) and run again",
            plan.problems.len(),
            plan.problem_lines()
        );
    }
    let written = store
        .import_activities(&plan.rows, |n| progress.inc(n))
        .await?;
    progress.finish();
    Ok(written)
}

/// How many participants `rows` belong to, for a summary.
pub fn distinct_users(rows: &[ImportedActivity]) -> usize {
    rows.iter().map(|r| r.user_id).collect::<HashSet<_>>().len()
}
