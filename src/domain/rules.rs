//! Scoring rules per competition: the shortest and longest entry that
//! counts, the most points a person earns in a day, activities left out,
//! and multiplier windows ("double points for cycling, 1–7 March").
//!
//! With no rules set, points are the plain MET-hours of the catalogue.
//! Otherwise an entry's points are worked out in this order:
//!
//! 1. an entry whose category or Compendium code is excluded, or shorter
//!    than the minimum, earns nothing (logging it is refused);
//! 2. minutes beyond the maximum per entry are not counted:
//!    MET × min(minutes, maximum) ÷ 60, half up to two decimals;
//! 3. a multiplier window covering the entry's day and activity multiplies
//!    that (when windows overlap, the highest factor applies), half up to
//!    two decimals;
//! 4. whatever would take the person past the daily maximum on that day
//!    is not counted.
//!
//! The rules also say how guilds are ranked ([`GuildScore`]): by points
//! per configured member (the default), or by a composite score that also
//! weighs participation.

use std::str::FromStr;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::catalogue::Catalogue;
use super::duration::DurationMinutes;
use super::field_error::{FieldError, collect};
use super::points::{Met, Points};
use super::ranking::GuildScore;
use super::review::{FlaggedEntries, ReviewRules, THRESHOLDS};
use crate::i18n::Message;
use crate::msg;

/// The smallest and largest multiplier factor.
pub const FACTOR_RANGE: (Decimal, Decimal) = (Decimal::from_parts(1, 0, 0, false, 1), TEN);
const TEN: Decimal = Decimal::from_parts(10, 0, 0, false, 0);
/// The highest daily maximum of points that may be set.
pub const MAX_DAILY_POINTS: i64 = 10_000;
/// The most exclusions and multiplier windows a competition keeps.
pub const MAX_LIST: usize = 50;

/// A competition's scoring rules. The default is no rules at all: every
/// entry of 1–1440 minutes earns its MET-hours.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct CompetitionRules {
    /// Entries shorter than this many minutes do not count.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_minutes: Option<u16>,
    /// Minutes of one entry beyond this are not counted.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_minutes: Option<u16>,
    /// The most points one person earns in a day.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub daily_max_points: Option<Points>,
    /// Catalogue categories (by name) and entries (by Compendium code)
    /// that are not part of the competition.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub excluded: Vec<String>,
    /// Days on which some or all activities earn more.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub multipliers: Vec<Multiplier>,
    /// How the guild standings are ranked (left out when by the average).
    #[serde(skip_serializing_if = "GuildScore::is_average")]
    pub guild_score: GuildScore,
    /// When entries are flagged for an organiser to review (left out when
    /// the defaults).
    #[serde(skip_serializing_if = "ReviewRules::is_default")]
    pub review: ReviewRules,
}

/// "×2 for cycling, 1–7 March".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Multiplier {
    /// 0.1–10, at most two decimals.
    pub factor: Decimal,
    /// The first day it applies.
    pub from: NaiveDate,
    /// The last day it applies.
    pub to: NaiveDate,
    /// A category name or Compendium code; `None` for every activity.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub applies_to: Option<String>,
}

impl Multiplier {
    /// One line as organisers write it: `×2 2027-03-01..2027-03-07 Cycling`.
    pub fn line(&self) -> String {
        let mut line = format!("×{} {}..{}", self.factor.normalize(), self.from, self.to);
        if let Some(what) = &self.applies_to {
            line.push(' ');
            line.push_str(what);
        }
        line
    }

    /// Reads one line: a factor (`2`, `x2`, `×1.5`), a day or a range of
    /// days (`2027-03-01..2027-03-07`), and optionally a category or a
    /// Compendium code (everything when left out). Only the shape is
    /// checked here; [`CompetitionRules::check`] checks the values.
    pub fn parse_line(line: &str) -> Result<Multiplier, Message> {
        let line = line.trim();
        let bad = || msg!("err-rules-multiplier-format", line = line);
        let mut words = line.split_whitespace();
        let factor = words.next().ok_or_else(bad)?;
        let factor = factor
            .trim_start_matches(['x', 'X', '×', '*'])
            .replace(',', ".");
        let factor = Decimal::from_str(&factor).map_err(|_| bad())?;
        let days = words.next().ok_or_else(bad)?;
        let (from, to) = days.split_once("..").unwrap_or((days, days));
        let day = |text: &str| NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|_| bad());
        let (from, to) = (day(from)?, day(to)?);
        let what = words.collect::<Vec<_>>().join(" ");
        Ok(Multiplier {
            factor,
            from,
            to,
            applies_to: (!what.is_empty()).then_some(what),
        })
    }
}

/// What an entry is, for the rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EntryFacts<'a> {
    /// The catalogue category, when known.
    pub category: Option<&'a str>,
    /// The Compendium code, when known.
    pub code: Option<&'a str>,
    /// The MET value, when known.
    pub met: Option<Met>,
    /// The entry's points before any rule (used when there is no MET).
    pub plain_points: Points,
    pub minutes: u16,
    pub date: NaiveDate,
}

/// Why an entry earns nothing under the rules.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NotCounted {
    /// Its category or entry is left out of the competition.
    Excluded { what: String },
    /// Shorter than the minimum.
    TooShort { minutes: u16, min: u16 },
}

impl NotCounted {
    /// What it says to the person logging.
    pub fn message(&self) -> Message {
        match self {
            NotCounted::Excluded { what } => msg!("err-rules-excluded", what = what.as_str()),
            NotCounted::TooShort { minutes, min } => {
                msg!("err-rules-too-short", minutes = *minutes, min = *min)
            }
        }
    }
}

/// An entry's points under the rules, before the daily maximum.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Scored {
    /// The points (before the daily maximum).
    pub points: Points,
    /// The minutes that counted (fewer than logged past the maximum).
    pub minutes_counted: u16,
    /// The multiplier that applied (1 when none).
    pub factor: Decimal,
}

impl CompetitionRules {
    /// Whether there are no rules (plain MET-hours).
    pub fn is_empty(&self) -> bool {
        *self == CompetitionRules::default()
    }

    /// Whether `facts` is left out: its category or code is excluded.
    fn excluded(&self, facts: &EntryFacts<'_>) -> Option<String> {
        self.excluded
            .iter()
            .find(|x| Some(x.as_str()) == facts.category || Some(x.as_str()) == facts.code)
            .cloned()
    }

    /// The highest factor of the windows covering the entry, or 1.
    pub fn factor(&self, facts: &EntryFacts<'_>) -> Decimal {
        self.multipliers
            .iter()
            .filter(|m| m.from <= facts.date && facts.date <= m.to)
            .filter(|m| match m.applies_to.as_deref() {
                None => true,
                Some(what) => Some(what) == facts.category || Some(what) == facts.code,
            })
            .map(|m| m.factor)
            .max()
            .unwrap_or(Decimal::ONE)
    }

    /// The entry's points under these rules before the daily maximum, or
    /// why it earns nothing.
    pub fn score(&self, facts: &EntryFacts<'_>) -> Result<Scored, NotCounted> {
        if let Some(what) = self.excluded(facts) {
            return Err(NotCounted::Excluded { what });
        }
        if let Some(min) = self.min_minutes
            && facts.minutes < min
        {
            return Err(NotCounted::TooShort {
                minutes: facts.minutes,
                min,
            });
        }
        let counted = self
            .max_minutes
            .map_or(facts.minutes, |max| facts.minutes.min(max));
        let base = match facts.met {
            Some(met) => Points::new(met.value() * Decimal::from(counted) / Decimal::from(60)),
            None if counted == facts.minutes || facts.minutes == 0 => facts.plain_points,
            None => Points::new(
                facts.plain_points.value() * Decimal::from(counted) / Decimal::from(facts.minutes),
            ),
        };
        let factor = self.factor(facts);
        Ok(Scored {
            points: Points::new(base.value() * factor),
            minutes_counted: counted,
            factor,
        })
    }

    /// The part of `points` that counts when the person already has
    /// `already` points on that day.
    pub fn within_daily_max(&self, points: Points, already: Points) -> Points {
        within_daily_max(self.daily_max_points, points, already)
    }

    /// What a person logging `facts` is told besides the points: minutes
    /// beyond the maximum, a multiplier that applied, and `not_counted`
    /// points beyond the daily maximum.
    pub fn notes(&self, facts: &EntryFacts<'_>, not_counted: Points) -> Vec<Message> {
        let mut notes = Vec::new();
        if let Some(max) = self.max_minutes
            && facts.minutes > max
        {
            notes.push(msg!(
                "rules-note-max-minutes",
                minutes = facts.minutes,
                max = max
            ));
        }
        let factor = self.factor(facts);
        if factor != Decimal::ONE {
            notes.push(msg!("rules-note-multiplier", factor = factor.normalize()));
        }
        if not_counted > Points::ZERO
            && let Some(cap) = self.daily_max_points
        {
            notes.push(msg!(
                "rules-note-daily-max",
                points = not_counted,
                max = cap
            ));
        }
        notes
    }

    /// Checks and normalises rules that came from a form, the command line
    /// or the API: category names take the catalogue's spelling, codes
    /// must exist, bounds must make sense. Every problem is reported.
    /// Field names: "min_minutes", "max_minutes", "daily_max_points",
    /// "excluded", "multipliers", "points_weight", "participation_weight",
    /// and the review thresholds' names ([`THRESHOLDS`]).
    pub fn check(mut self, catalogue: &Catalogue) -> Result<CompetitionRules, Vec<FieldError>> {
        let mut errors = Vec::new();
        for (field, min, max) in THRESHOLDS {
            if let Some(value) = self.review.threshold(field)
                && !(min..=max).contains(&value)
            {
                errors.push(FieldError::new(
                    field,
                    msg!(
                        "err-review-threshold-range",
                        field = field,
                        value = value,
                        min = min,
                        max = max
                    ),
                ));
            }
        }
        let minutes_ok = |m: u16| (1..=DurationMinutes::MAX).contains(&m);
        for (field, value) in [
            ("min_minutes", self.min_minutes),
            ("max_minutes", self.max_minutes),
        ] {
            if let Some(m) = value
                && !minutes_ok(m)
            {
                errors.push(FieldError::new(
                    field,
                    msg!(
                        "err-rules-minutes-range",
                        minutes = m,
                        max = DurationMinutes::MAX
                    ),
                ));
            }
        }
        if let (Some(min), Some(max)) = (self.min_minutes, self.max_minutes)
            && min > max
        {
            errors.push(FieldError::new(
                "max_minutes",
                msg!("err-rules-max-below-min", min = min, max = max),
            ));
        }
        if let Some(cap) = self.daily_max_points
            && (cap <= Points::ZERO || cap > Points::from_cents(MAX_DAILY_POINTS * 100))
        {
            errors.push(FieldError::new(
                "daily_max_points",
                msg!(
                    "err-rules-daily-range",
                    points = cap,
                    max = MAX_DAILY_POINTS
                ),
            ));
        }
        let mut excluded = Vec::new();
        for item in &self.excluded {
            match canonical(catalogue, item) {
                Some(name) if !excluded.contains(&name) => excluded.push(name),
                Some(_) => {}
                None => errors.push(FieldError::new(
                    "excluded",
                    msg!(
                        "err-rules-unknown-activity",
                        what = item.trim(),
                        categories = category_list(catalogue)
                    ),
                )),
            }
        }
        self.excluded = excluded;
        for m in &mut self.multipliers {
            let line = m.line();
            if m.factor < FACTOR_RANGE.0 || m.factor > FACTOR_RANGE.1 || m.factor.scale() > 2 {
                errors.push(FieldError::new(
                    "multipliers",
                    msg!("err-rules-factor", line = line.as_str()),
                ));
            }
            m.factor = m.factor.normalize();
            if m.to < m.from {
                errors.push(FieldError::new(
                    "multipliers",
                    msg!("err-rules-window-order", line = line.as_str()),
                ));
            }
            if let Some(what) = &m.applies_to {
                match canonical(catalogue, what) {
                    Some(name) => m.applies_to = Some(name),
                    None => errors.push(FieldError::new(
                        "multipliers",
                        msg!(
                            "err-rules-unknown-activity",
                            what = what.trim(),
                            categories = category_list(catalogue)
                        ),
                    )),
                }
            }
        }
        if let GuildScore::Composite {
            points,
            participation,
        } = self.guild_score
        {
            for (field, weight) in [
                ("points_weight", points),
                ("participation_weight", participation),
            ] {
                if weight > 100 {
                    errors.push(FieldError::new(
                        field,
                        msg!("err-rules-weight-range", weight = weight),
                    ));
                }
            }
            let sum = u16::from(points) + u16::from(participation);
            if sum != 100 && points <= 100 && participation <= 100 {
                errors.push(FieldError::new(
                    "participation_weight",
                    msg!(
                        "err-rules-weights-sum",
                        points = points,
                        participation = participation,
                        sum = sum
                    ),
                ));
            }
        }
        if self.excluded.len() > MAX_LIST || self.multipliers.len() > MAX_LIST {
            errors.push(FieldError::new(
                "excluded",
                msg!("err-rules-too-many", max = MAX_LIST),
            ));
        }
        collect(self, errors)
    }

    /// Reads the rules form (the admin panel's; the command line builds the
    /// same strings): empty fields mean no such rule; exclusions one per
    /// line or separated by commas; multiplier windows one per line.
    pub fn parse(
        form: &RulesForm<'_>,
        catalogue: &Catalogue,
    ) -> Result<CompetitionRules, Vec<FieldError>> {
        let mut errors = Vec::new();
        let mut minutes = |field: &'static str, text: &str| -> Option<u16> {
            let text = text.trim();
            if text.is_empty() {
                return None;
            }
            match text.parse::<u16>() {
                Ok(m) => Some(m),
                Err(_) => {
                    errors.push(FieldError::new(
                        field,
                        msg!(
                            "err-rules-minutes-number",
                            text = text,
                            max = DurationMinutes::MAX
                        ),
                    ));
                    None
                }
            }
        };
        let min_minutes = minutes("min_minutes", form.min_minutes);
        let max_minutes = minutes("max_minutes", form.max_minutes);
        let daily = form.daily_max_points.trim().replace(',', ".");
        let daily_max_points = if daily.is_empty() {
            None
        } else {
            match Decimal::from_str(&daily) {
                Ok(d) if d.scale() <= 2 => Some(Points::new(d)),
                _ => {
                    errors.push(FieldError::new(
                        "daily_max_points",
                        msg!(
                            "err-rules-daily-number",
                            text = form.daily_max_points.trim()
                        ),
                    ));
                    None
                }
            }
        };
        let excluded = form
            .excluded
            .split(['\n', ','])
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .collect();
        let mut multipliers = Vec::new();
        for line in form.multipliers.lines().filter(|l| !l.trim().is_empty()) {
            match Multiplier::parse_line(line) {
                Ok(m) => multipliers.push(m),
                Err(message) => errors.push(FieldError::new("multipliers", message)),
            }
        }
        let guild_score = parse_guild_score(form, &mut errors);
        let review = parse_review(form, &mut errors);
        let rules = CompetitionRules {
            min_minutes,
            max_minutes,
            daily_max_points,
            excluded,
            multipliers,
            guild_score: guild_score.unwrap_or_default(),
            review,
        };
        match rules.check(catalogue) {
            Ok(rules) if errors.is_empty() => Ok(rules),
            Ok(_) => Err(errors),
            Err(more) => {
                errors.extend(more);
                Err(errors)
            }
        }
    }

    /// The rules as the form shows them.
    pub fn form(&self) -> RulesFormValues {
        RulesFormValues {
            min_minutes: self.min_minutes.map(|m| m.to_string()).unwrap_or_default(),
            max_minutes: self.max_minutes.map(|m| m.to_string()).unwrap_or_default(),
            daily_max_points: self
                .daily_max_points
                .map(|p| p.to_string())
                .unwrap_or_default(),
            excluded: self.excluded.join("\n"),
            multipliers: self
                .multipliers
                .iter()
                .map(Multiplier::line)
                .collect::<Vec<_>>()
                .join("\n"),
            guild_score: self.guild_score.kind().to_string(),
            points_weight: match self.guild_score {
                GuildScore::Average => String::new(),
                GuildScore::Composite { points, .. } => points.to_string(),
            },
            participation_weight: match self.guild_score {
                GuildScore::Average => String::new(),
                GuildScore::Composite { participation, .. } => participation.to_string(),
            },
            max_hours_per_day: self.review.max_hours_per_day.to_string(),
            points_factor: self.review.points_factor.to_string(),
            repeats_per_day: self.review.repeats_per_day.to_string(),
            backdated_days: self.review.backdated_days.to_string(),
            closing_hours: self.review.closing_hours.to_string(),
            flagged_entries: self.review.flagged_entries.code().to_string(),
        }
    }

    /// One sentence per rule, for participants and organisers; empty when
    /// there are no rules.
    pub fn summary(&self) -> Vec<Message> {
        let mut lines = Vec::new();
        match (self.min_minutes, self.max_minutes) {
            (Some(min), Some(max)) => lines.push(msg!("rules-minutes-both", min = min, max = max)),
            (Some(min), None) => lines.push(msg!("rules-minutes-min", min = min)),
            (None, Some(max)) => lines.push(msg!("rules-minutes-max", max = max)),
            (None, None) => {}
        }
        if let Some(cap) = self.daily_max_points {
            lines.push(msg!("rules-daily-max", points = cap));
        }
        if !self.excluded.is_empty() {
            lines.push(msg!("rules-excluded", what = self.excluded.join(", ")));
        }
        for m in &self.multipliers {
            let factor = m.factor.normalize();
            lines.push(match &m.applies_to {
                Some(what) => msg!(
                    "rules-multiplier",
                    factor = factor,
                    what = what.as_str(),
                    from = m.from,
                    to = m.to
                ),
                None => msg!(
                    "rules-multiplier-all",
                    factor = factor,
                    from = m.from,
                    to = m.to
                ),
            });
        }
        if !self.guild_score.is_average() {
            lines.push(guild_score_sentence(self.guild_score));
        }
        if self.review.flagged_entries.withheld() {
            lines.push(msg!("rules-flagged-after-approval"));
        }
        lines
    }

    /// A one-line description for the audit log (English, fixed form).
    pub fn describe(&self) -> String {
        if self.is_empty() {
            return "no rules".to_string();
        }
        let mut parts = Vec::new();
        if let Some(m) = self.min_minutes {
            parts.push(format!("min {m} min"));
        }
        if let Some(m) = self.max_minutes {
            parts.push(format!("max {m} min"));
        }
        if let Some(p) = self.daily_max_points {
            parts.push(format!("daily max {p} points"));
        }
        if !self.excluded.is_empty() {
            parts.push(format!("excluded: {}", self.excluded.join(", ")));
        }
        for m in &self.multipliers {
            parts.push(m.line());
        }
        if let GuildScore::Composite {
            points,
            participation,
        } = self.guild_score
        {
            parts.push(format!(
                "guild score: points {points} % + participation {participation} %"
            ));
        }
        if !self.review.is_default() {
            let r = &self.review;
            parts.push(format!(
                "review: more than {} h a day, points ×{}, {} repeats, {} days back within {} h of the close, \
                 flagged entries count {}",
                r.max_hours_per_day,
                r.points_factor,
                r.repeats_per_day,
                r.backdated_days,
                r.closing_hours,
                match r.flagged_entries {
                    FlaggedEntries::CountUntilReviewed => "until reviewed",
                    FlaggedEntries::CountAfterApproval => "after approval",
                }
            ));
        }
        parts.join("; ")
    }
}

/// The part of `points` that counts under a daily maximum `cap` when the
/// person already has `already` points on that day.
pub fn within_daily_max(cap: Option<Points>, points: Points, already: Points) -> Points {
    match cap {
        None => points,
        Some(cap) => {
            let room = if already >= cap {
                Points::ZERO
            } else {
                cap - already
            };
            points.min(room).max(Points::ZERO)
        }
    }
}

/// The sentence that says how guilds are ranked, with the weights.
pub fn guild_score_sentence(score: GuildScore) -> Message {
    match score {
        GuildScore::Average => msg!("rules-guild-score-average"),
        GuildScore::Composite {
            points,
            participation,
        } => msg!(
            "rules-guild-score-composite",
            points = points,
            participation = participation
        ),
    }
}

/// Reads the guild score fields: `average` (or empty) takes no weights;
/// `composite` needs both weights, whole percents.
fn parse_guild_score(form: &RulesForm<'_>, errors: &mut Vec<FieldError>) -> Option<GuildScore> {
    let kind = form.guild_score.trim();
    match kind.to_lowercase().as_str() {
        "" | "average" => Some(GuildScore::Average),
        "composite" => {
            let mut weight = |field: &'static str, text: &str| -> Option<u8> {
                let text = text.trim().trim_end_matches('%').trim();
                if text.is_empty() {
                    errors.push(FieldError::new(field, msg!("err-rules-weight-missing")));
                    return None;
                }
                match text.parse::<u32>() {
                    Ok(w) if w <= 100 => u8::try_from(w).ok(),
                    Ok(w) => {
                        errors.push(FieldError::new(
                            field,
                            msg!("err-rules-weight-range", weight = w),
                        ));
                        None
                    }
                    Err(_) => {
                        errors.push(FieldError::new(
                            field,
                            msg!("err-rules-weight-number", text = text),
                        ));
                        None
                    }
                }
            };
            let points = weight("points_weight", form.points_weight);
            let participation = weight("participation_weight", form.participation_weight);
            Some(GuildScore::Composite {
                points: points?,
                participation: participation?,
            })
        }
        _ => {
            errors.push(FieldError::new(
                "guild_score",
                msg!("err-rules-guild-score", text = kind),
            ));
            None
        }
    }
}

/// Reads the review fields: each threshold a whole number (empty: the
/// default; the range is checked by [`CompetitionRules::check`]), and
/// whether flagged entries count until reviewed or only after approval.
fn parse_review(form: &RulesForm<'_>, errors: &mut Vec<FieldError>) -> ReviewRules {
    let mut review = ReviewRules::default();
    for (field, min, max) in THRESHOLDS {
        let text = form.threshold(field).trim();
        if text.is_empty() {
            continue;
        }
        match text.parse::<u16>() {
            Ok(value) => review.set_threshold(field, value),
            Err(_) => errors.push(FieldError::new(
                field,
                msg!(
                    "err-review-threshold-number",
                    field = field,
                    text = text,
                    min = min,
                    max = max
                ),
            )),
        }
    }
    match FlaggedEntries::parse(form.flagged_entries) {
        Some(f) => review.flagged_entries = f,
        None => errors.push(FieldError::new(
            "flagged_entries",
            msg!(
                "err-review-flagged-entries",
                text = form.flagged_entries.trim()
            ),
        )),
    }
    review
}

/// The rules form's text fields.
#[derive(Debug, Clone, Copy, Default)]
pub struct RulesForm<'a> {
    pub min_minutes: &'a str,
    pub max_minutes: &'a str,
    pub daily_max_points: &'a str,
    pub excluded: &'a str,
    pub multipliers: &'a str,
    /// `average` (or empty) or `composite`.
    pub guild_score: &'a str,
    /// With `composite`: the weight of points per member, in percent.
    pub points_weight: &'a str,
    /// With `composite`: the weight of participation, in percent.
    pub participation_weight: &'a str,
    /// The review thresholds (empty: the default of each).
    pub max_hours_per_day: &'a str,
    pub points_factor: &'a str,
    pub repeats_per_day: &'a str,
    pub backdated_days: &'a str,
    pub closing_hours: &'a str,
    /// `until_reviewed` (or empty) or `after_approval`.
    pub flagged_entries: &'a str,
}

impl<'a> RulesForm<'a> {
    /// The form's fields from their shown values.
    pub fn from_values(v: &'a RulesFormValues) -> RulesForm<'a> {
        RulesForm {
            min_minutes: &v.min_minutes,
            max_minutes: &v.max_minutes,
            daily_max_points: &v.daily_max_points,
            excluded: &v.excluded,
            multipliers: &v.multipliers,
            guild_score: &v.guild_score,
            points_weight: &v.points_weight,
            participation_weight: &v.participation_weight,
            max_hours_per_day: &v.max_hours_per_day,
            points_factor: &v.points_factor,
            repeats_per_day: &v.repeats_per_day,
            backdated_days: &v.backdated_days,
            closing_hours: &v.closing_hours,
            flagged_entries: &v.flagged_entries,
        }
    }

    /// The text of the review threshold named `field`.
    fn threshold(&self, field: &str) -> &'a str {
        match field {
            "max_hours_per_day" => self.max_hours_per_day,
            "points_factor" => self.points_factor,
            "repeats_per_day" => self.repeats_per_day,
            "backdated_days" => self.backdated_days,
            "closing_hours" => self.closing_hours,
            _ => "",
        }
    }
}

/// The rules form's fields filled in, to show.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RulesFormValues {
    pub min_minutes: String,
    pub max_minutes: String,
    pub daily_max_points: String,
    pub excluded: String,
    pub multipliers: String,
    pub guild_score: String,
    pub points_weight: String,
    pub participation_weight: String,
    pub max_hours_per_day: String,
    pub points_factor: String,
    pub repeats_per_day: String,
    pub backdated_days: String,
    pub closing_hours: String,
    pub flagged_entries: String,
}

/// A category name (any case) in the catalogue's spelling, or a Compendium
/// code of the catalogue.
fn canonical(catalogue: &Catalogue, text: &str) -> Option<String> {
    let text = text.trim();
    if let Some(c) = catalogue
        .categories()
        .iter()
        .find(|c| c.name.to_lowercase() == text.to_lowercase())
    {
        return Some(c.name.clone());
    }
    catalogue.entry_by_code(text).map(|e| e.code.clone())
}

fn category_list(catalogue: &Catalogue) -> String {
    catalogue
        .categories()
        .iter()
        .map(|c| c.name.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2027, 3, d).unwrap()
    }

    fn facts<'a>(
        category: &'a str,
        code: &'a str,
        met: &str,
        minutes: u16,
        d: u32,
    ) -> EntryFacts<'a> {
        EntryFacts {
            category: Some(category),
            code: Some(code),
            met: Some(Met::parse(met).unwrap()),
            plain_points: Points::ZERO,
            minutes,
            date: day(d),
        }
    }

    fn form(rules: RulesForm<'_>) -> Result<CompetitionRules, Vec<FieldError>> {
        CompetitionRules::parse(&rules, &Catalogue::builtin())
    }

    #[test]
    fn no_rules_give_plain_met_hours() {
        let rules = CompetitionRules::default();
        let s = rules
            .score(&facts("Running", "12020", "7.5", 45, 1))
            .unwrap();
        assert_eq!(s.points.to_string(), "5.63");
        assert_eq!(s.factor, Decimal::ONE);
        assert!(rules.is_empty());
        assert_eq!(
            rules.within_daily_max(s.points, Points::from_cents(99_900)),
            s.points
        );
    }

    #[test]
    fn minimum_maximum_exclusion_and_multiplier() {
        let rules = form(RulesForm {
            min_minutes: "10",
            max_minutes: "120",
            daily_max_points: "20",
            excluded: "walking & hiking, 15230",
            multipliers: "x2 2027-03-01..2027-03-07 cycling\n×1.5 2027-03-05 ",
            ..Default::default()
        })
        .unwrap();
        assert_eq!(rules.excluded, ["Walking & hiking", "15230"]);
        assert_eq!(rules.multipliers[0].applies_to.as_deref(), Some("Cycling"));
        assert_eq!(
            rules.score(&facts("Running", "12020", "7.5", 9, 1)),
            Err(NotCounted::TooShort {
                minutes: 9,
                min: 10
            })
        );
        assert!(matches!(
            rules.score(&facts("Walking & hiking", "17200", "3.5", 60, 1)),
            Err(NotCounted::Excluded { .. })
        ));
        // 180 minutes count as 120: 8.0 × 2 = 16.00, doubled on 1 March.
        let s = rules
            .score(&facts("Cycling", "01015", "8.0", 180, 1))
            .unwrap();
        assert_eq!(
            (s.points.to_string(), s.minutes_counted),
            ("32.00".into(), 120)
        );
        // Overlapping windows: the highest factor applies.
        let s = rules
            .score(&facts("Cycling", "01015", "8.0", 60, 5))
            .unwrap();
        assert_eq!(s.factor, Decimal::from(2));
        let s = rules
            .score(&facts("Running", "12020", "7.5", 60, 5))
            .unwrap();
        assert_eq!(s.points.to_string(), "11.25");
        // Outside the window: plain.
        let s = rules
            .score(&facts("Cycling", "01015", "8.0", 60, 8))
            .unwrap();
        assert_eq!(s.points.to_string(), "8.00");
        // The daily maximum keeps what fits.
        let p = Points::from_cents(1200);
        assert_eq!(
            rules
                .within_daily_max(p, Points::from_cents(1500))
                .to_string(),
            "5.00"
        );
        assert_eq!(
            rules.within_daily_max(p, Points::from_cents(2500)),
            Points::ZERO
        );
        assert_eq!(rules.within_daily_max(p, Points::ZERO), p);
    }

    #[test]
    fn entries_without_met_scale_their_own_points() {
        let rules = CompetitionRules {
            max_minutes: Some(30),
            ..Default::default()
        };
        let facts = EntryFacts {
            category: None,
            code: None,
            met: None,
            plain_points: Points::from_cents(1000),
            minutes: 60,
            date: day(1),
        };
        assert_eq!(rules.score(&facts).unwrap().points.to_string(), "5.00");
    }

    #[test]
    fn every_problem_of_the_form_is_reported() {
        let errors = form(RulesForm {
            min_minutes: "90",
            max_minutes: "30",
            daily_max_points: "lots",
            excluded: "Knitting",
            multipliers: "double in March\nx20 2027-03-07..2027-03-01",
            ..Default::default()
        })
        .unwrap_err();
        let fields: Vec<_> = errors.iter().map(|e| e.field).collect();
        assert_eq!(
            fields,
            [
                "daily_max_points",
                "multipliers",
                "max_minutes",
                "excluded",
                "multipliers",
                "multipliers"
            ]
        );
        let text: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
        assert!(
            text[3].contains("Knitting") && text[3].contains("Cycling"),
            "{text:?}"
        );
        assert!(
            text[4].contains("0.1") && text[4].contains("10"),
            "{text:?}"
        );
        let errors = form(RulesForm {
            min_minutes: "0",
            max_minutes: "2000",
            daily_max_points: "-1",
            ..Default::default()
        })
        .unwrap_err();
        assert_eq!(errors.len(), 3, "{errors:?}");
    }

    #[test]
    fn form_values_read_back_to_the_same_rules() {
        let rules = form(RulesForm {
            min_minutes: "15",
            max_minutes: "",
            daily_max_points: "12,5",
            excluded: "Dancing\n12020",
            multipliers: "2 2027-03-01..2027-03-07 Cycling",
            guild_score: "Composite",
            points_weight: "70",
            participation_weight: "30 %",
            ..Default::default()
        })
        .unwrap();
        assert_eq!(
            rules.guild_score,
            GuildScore::Composite {
                points: 70,
                participation: 30
            }
        );
        let values = rules.form();
        assert_eq!(values.daily_max_points, "12.50");
        assert_eq!(values.multipliers, "×2 2027-03-01..2027-03-07 Cycling");
        let again = form(RulesForm::from_values(&values)).unwrap();
        assert_eq!(again, rules);
        assert_eq!(
            (values.guild_score.as_str(), values.points_weight.as_str()),
            ("composite", "70")
        );
        let json = serde_json::to_string(&rules).unwrap();
        assert_eq!(
            serde_json::from_str::<CompetitionRules>(&json).unwrap(),
            rules
        );
        assert_eq!(
            serde_json::from_str::<CompetitionRules>("{}").unwrap(),
            CompetitionRules::default()
        );
        assert_eq!(rules.summary().len(), 5);
        assert!(rules.describe().contains("daily max 12.50 points"));
        assert!(
            rules
                .describe()
                .contains("guild score: points 70 % + participation 30 %")
        );
        assert!(
            json.contains(r#""guild_score":{"kind":"composite","points":70,"participation":30}"#)
        );
    }

    #[test]
    fn the_average_guild_score_is_left_out_of_the_stored_rules() {
        let rules = form(RulesForm {
            min_minutes: "10",
            guild_score: "average",
            points_weight: "70",
            ..Default::default()
        })
        .unwrap();
        assert_eq!(rules.guild_score, GuildScore::Average);
        assert_eq!(
            serde_json::to_string(&rules).unwrap(),
            r#"{"min_minutes":10}"#
        );
        assert_eq!(rules.summary().len(), 1);
        assert_eq!(rules.form().guild_score, "average");
        assert_eq!(rules.form().points_weight, "");
        let only_score = form(RulesForm {
            guild_score: "composite",
            points_weight: "0",
            participation_weight: "100",
            ..Default::default()
        })
        .unwrap();
        assert!(!only_score.is_empty());
        assert_eq!(only_score.summary().len(), 1);
    }

    #[test]
    fn guild_score_weights_are_checked_per_field() {
        let fields = |guild_score: &str, points: &str, participation: &str| {
            form(RulesForm {
                guild_score,
                points_weight: points,
                participation_weight: participation,
                ..Default::default()
            })
            .unwrap_err()
            .into_iter()
            .map(|e| (e.field, e.to_string()))
            .collect::<Vec<_>>()
        };
        let e = fields("composite", "70", "20");
        assert_eq!(e.len(), 1, "{e:?}");
        assert_eq!(e[0].0, "participation_weight");
        assert!(e[0].1.contains("90") && e[0].1.contains("100"), "{e:?}");
        let e = fields("composite", "", "lots");
        let names: Vec<_> = e.iter().map(|(f, _)| *f).collect();
        assert_eq!(names, ["points_weight", "participation_weight"]);
        assert!(e[1].1.contains("lots"), "{e:?}");
        let e = fields("composite", "150", "-50");
        assert_eq!(e[0].0, "points_weight");
        assert!(e[0].1.contains("150"), "{e:?}");
        let e = fields("weighted", "", "");
        assert_eq!(e[0].0, "guild_score");
        assert!(e[0].1.contains("weighted") && e[0].1.contains("composite"));
        // Weights that did not come through a form are checked too.
        let rules = CompetitionRules {
            guild_score: GuildScore::Composite {
                points: 200,
                participation: 0,
            },
            ..Default::default()
        };
        let e = rules.check(&Catalogue::builtin()).unwrap_err();
        assert_eq!(e[0].field, "points_weight");
    }

    #[test]
    fn review_settings_are_read_checked_per_field_and_shown_back() {
        let rules = form(RulesForm {
            max_hours_per_day: "10",
            points_factor: " 6 ",
            flagged_entries: "after_approval",
            ..Default::default()
        })
        .unwrap();
        assert_eq!(rules.review.max_hours_per_day, 10);
        assert_eq!(rules.review.points_factor, 6);
        assert_eq!(
            rules.review.repeats_per_day,
            ReviewRules::default().repeats_per_day
        );
        assert!(rules.review.flagged_entries.withheld());
        let values = rules.form();
        assert_eq!(
            (
                values.max_hours_per_day.as_str(),
                values.flagged_entries.as_str()
            ),
            ("10", "after_approval")
        );
        assert_eq!(form(RulesForm::from_values(&values)).unwrap(), rules);
        assert!(
            rules
                .describe()
                .contains("review: more than 10 h a day, points ×6")
        );
        assert!(rules.describe().contains("count after approval"));
        assert_eq!(rules.summary().len(), 1);
        // Empty fields are the defaults.
        assert_eq!(
            form(RulesForm::default()).unwrap().review,
            ReviewRules::default()
        );

        let errors = form(RulesForm {
            max_hours_per_day: "25",
            points_factor: "lots",
            closing_hours: "0",
            flagged_entries: "later",
            ..Default::default()
        })
        .unwrap_err();
        let fields: Vec<_> = errors.iter().map(|e| e.field).collect();
        assert_eq!(
            fields,
            [
                "points_factor",
                "flagged_entries",
                "max_hours_per_day",
                "closing_hours"
            ]
        );
        let text: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
        assert!(
            text[0].contains("lots") && text[0].contains("100"),
            "{text:?}"
        );
        assert!(
            text[1].contains("later") && text[1].contains("after_approval"),
            "{text:?}"
        );
        assert!(text[2].contains("25") && text[2].contains("24"), "{text:?}");
        assert!(text[3].contains("720"), "{text:?}");
    }
}
