//! `competition create|list|show|update|activate|delete|rules`.

use chrono::Utc;
use clap::Subcommand;

use crate::actions::competitions::{Activation, CompetitionChange, Window};
use crate::actions::{self, ActionError, Actor};
use crate::app::App;
use crate::domain::milestones::{Milestones, MilestonesForm};
use crate::domain::rules::RulesForm;
use crate::domain::{CompetitionDraft, CompetitionRules, Phase};
use crate::store::competitions::Competition;

#[derive(Debug, Subcommand)]
pub(super) enum Command {
    /// Create a competition (and make it the active one unless --inactive).
    Create {
        #[arg(long)]
        name: String,
        /// First day, YYYY-MM-DD.
        #[arg(long)]
        start: String,
        /// Last day, YYYY-MM-DD (inclusive).
        #[arg(long)]
        end: String,
        /// IANA time zone of the dates.
        #[arg(long, default_value = "Europe/Helsinki")]
        time_zone: String,
        #[arg(long, default_value = "")]
        description: String,
        /// Do not make it the active competition: a draft.
        #[arg(long)]
        inactive: bool,
        /// A draft that becomes the active competition on this day (YYYY-MM-DD, in its time zone).
        #[arg(long, conflicts_with = "inactive")]
        activate_on: Option<chrono::NaiveDate>,
    },
    /// List competitions.
    List,
    /// Show the active competition and where it stands.
    Show,
    /// Change a competition; omitted options keep their value.
    Update {
        id: i64,
        #[arg(long)]
        name: Option<String>,
        #[arg(long)]
        start: Option<String>,
        #[arg(long)]
        end: Option<String>,
        #[arg(long)]
        time_zone: Option<String>,
        #[arg(long)]
        description: Option<String>,
        /// Confirm moving the dates or time zone of a running competition
        /// (it changes which days participants can log).
        #[arg(long)]
        yes: bool,
    },
    /// Make a competition the active one.
    Activate { id: i64 },
    /// Schedule a draft to become the active competition on a day, or take the schedule off.
    Schedule {
        id: i64,
        /// The day (YYYY-MM-DD, in its time zone).
        #[arg(long, required_unless_present = "none")]
        on: Option<chrono::NaiveDate>,
        /// Take the schedule off: it stays a draft.
        #[arg(long)]
        none: bool,
    },
    /// Delete a competition record (activities stay).
    Delete { id: i64 },
    /// End a competition's season once its last day is over: freeze its
    /// final standings into the hall of fame, archive its entries (totals
    /// follow) and leave everyone ready for the next competition. Shows
    /// what would happen; --yes does it.
    EndSeason {
        id: i64,
        /// End the season (otherwise only show what would happen).
        #[arg(long)]
        yes: bool,
    },
    /// Show or set a competition's scoring rules.
    Rules {
        #[command(subcommand)]
        command: RulesCommand,
    },
    /// Show or set the competition's messages to participants: "starts
    /// tomorrow", "N days left" and the final results.
    Milestones {
        #[command(subcommand)]
        command: MilestonesCommand,
    },
}

#[derive(Debug, Subcommand)]
pub(super) enum MilestonesCommand {
    /// Show which messages go and when (the active competition without an id).
    Show { id: Option<i64> },
    /// Set which messages go and when; an option left out is kept as it is.
    Set {
        id: i64,
        /// "on" or "off": "starts tomorrow", the day before the first day.
        #[arg(long)]
        starts_tomorrow: Option<String>,
        /// Days before the end of the "days left" message, today included
        /// (1–14; 1 is the last day), or "off".
        #[arg(long)]
        days_left: Option<String>,
        /// "on" or "off": the final results, the day after the last day.
        #[arg(long)]
        final_results: Option<String>,
        /// The hour they are sent at, 0–23 in the competition's time zone
        /// (outside QUIET_HOURS).
        #[arg(long)]
        hour: Option<String>,
    },
}

/// The rules command's review settings (each left out: kept as it is).
#[derive(Debug, clap::Args)]
pub(super) struct ReviewFlags {
    /// Review: a person's day with more hours than this is flagged
    /// (1–24; left out: kept as it is, default 12).
    #[arg(long)]
    pub max_hours_per_day: Option<String>,
    /// Review: an entry worth more than this many times the person's
    /// usual entry and the competition's 99th percentile is flagged
    /// (2–100; left out: kept, default 4).
    #[arg(long)]
    pub points_factor: Option<String>,
    /// Review: the same activity and duration this many times on one
    /// day is flagged (2–100; left out: kept, default 3).
    #[arg(long)]
    pub repeats_per_day: Option<String>,
    /// Review: an entry for a day at least this many days back…
    /// (1–365; left out: kept, default 3)
    #[arg(long)]
    pub backdated_days: Option<String>,
    /// …logged within this many hours of the close is flagged (1–720;
    /// left out: kept, default 48).
    #[arg(long)]
    pub closing_hours: Option<String>,
    /// Whether a flagged entry counts "until-reviewed" (the default: until
    /// an organiser rejects it) or only "after-approval" (left out:
    /// kept as it is).
    #[arg(long)]
    pub flagged_entries: Option<String>,
}

#[derive(Debug, Subcommand)]
pub(super) enum RulesCommand {
    /// Show the rules of a competition (the active one without an id).
    Show { id: Option<i64> },
    /// Replace a competition's rules with the ones given; a rule left out
    /// is not set, a review setting left out is kept. They apply to
    /// entries logged from then on.
    Set {
        id: i64,
        /// Entries shorter than this many minutes do not count.
        #[arg(long)]
        min_minutes: Option<String>,
        /// Minutes of one entry beyond this are not counted.
        #[arg(long)]
        max_minutes: Option<String>,
        /// The most points one person earns in a day.
        #[arg(long)]
        daily_max_points: Option<String>,
        /// A category (e.g. "Walking & hiking") or Compendium code left out
        /// of the competition; repeat for more.
        #[arg(long = "exclude")]
        excluded: Vec<String>,
        /// A multiplier window, e.g. "x2 2027-03-01..2027-03-07 Cycling"
        /// (no category: every activity); repeat for more.
        #[arg(long = "multiplier")]
        multipliers: Vec<String>,
        /// How guilds are ranked: "average" (points per configured member,
        /// the default) or "composite:POINTS:PARTICIPATION", the weights in
        /// percent adding up to 100, e.g. "composite:70:30".
        #[arg(long)]
        guild_score: Option<String>,
        #[command(flatten)]
        review: Box<ReviewFlags>,
    },
    /// Take every scoring rule off: plain MET-hours again (the review
    /// settings stay).
    Clear { id: i64 },
    /// Work out every entry of the active competition again under its
    /// current rules: shows who would gain or lose how much and how the
    /// guild standings would move; with --yes, writes the new points.
    Recompute {
        id: i64,
        /// Write the new points, totals and ranks (otherwise only show them).
        #[arg(long)]
        yes: bool,
    },
}

/// The rules command's flags for the rules form's fields.
const RULE_FLAGS: &[(&str, &str)] = &[
    ("min_minutes", "--min-minutes"),
    ("max_minutes", "--max-minutes"),
    ("daily_max_points", "--daily-max-points"),
    ("excluded", "--exclude"),
    ("multipliers", "--multiplier"),
    ("guild_score", "--guild-score"),
    ("points_weight", "--guild-score (points weight)"),
    (
        "participation_weight",
        "--guild-score (participation weight)",
    ),
    ("max_hours_per_day", "--max-hours-per-day"),
    ("points_factor", "--points-factor"),
    ("repeats_per_day", "--repeats-per-day"),
    ("backdated_days", "--backdated-days"),
    ("closing_hours", "--closing-hours"),
    ("flagged_entries", "--flagged-entries"),
];

async fn rules(app: &App, actor: &Actor, command: RulesCommand) -> anyhow::Result<()> {
    let (id, rules) = match command {
        RulesCommand::Show { id } => {
            let c = match id {
                Some(id) => app.store.competition(id).await?,
                None => app.store.active_competition().await?.ok_or_else(|| {
                    anyhow::anyhow!(
                        "there is no active competition: name one, e.g. `activity-challenge competition rules show 1`"
                    )
                })?,
            };
            print_rules(&c);
            return Ok(());
        }
        RulesCommand::Clear { id } => {
            let review = app.store.competition(id).await?.rules.review;
            (
                id,
                CompetitionRules {
                    review,
                    ..CompetitionRules::default()
                },
            )
        }
        RulesCommand::Recompute { id, yes } => {
            let outcome = actions::competitions::recompute(app, actor, id, yes)
                .await
                .map_err(|e| super::refused(e, &[]))?;
            print_recompute(&outcome);
            return Ok(());
        }
        RulesCommand::Set {
            id,
            min_minutes,
            max_minutes,
            daily_max_points,
            excluded,
            multipliers,
            guild_score,
            review,
        } => {
            let ReviewFlags {
                max_hours_per_day,
                points_factor,
                repeats_per_day,
                backdated_days,
                closing_hours,
                flagged_entries,
            } = *review;
            let nothing_given = [
                &min_minutes,
                &max_minutes,
                &daily_max_points,
                &guild_score,
                &max_hours_per_day,
                &points_factor,
                &repeats_per_day,
                &backdated_days,
                &closing_hours,
                &flagged_entries,
            ]
            .iter()
            .all(|v| v.is_none())
                && excluded.is_empty()
                && multipliers.is_empty();
            // Review settings left out keep the competition's current ones.
            let current = app.store.competition(id).await?.rules.form();
            let keep = |given: Option<String>, now: &str| given.unwrap_or_else(|| now.to_string());
            let max_hours_per_day = keep(max_hours_per_day, &current.max_hours_per_day);
            let points_factor = keep(points_factor, &current.points_factor);
            let repeats_per_day = keep(repeats_per_day, &current.repeats_per_day);
            let backdated_days = keep(backdated_days, &current.backdated_days);
            let closing_hours = keep(closing_hours, &current.closing_hours);
            let flagged_entries = keep(flagged_entries, &current.flagged_entries);
            let (excluded, multipliers) = (excluded.join("\n"), multipliers.join("\n"));
            // "composite:70:30" → the form's three fields.
            let mut score = guild_score.as_deref().unwrap_or("").splitn(3, ':');
            let (kind, points, participation) = (
                score.next().unwrap_or(""),
                score.next().unwrap_or(""),
                score.next().unwrap_or(""),
            );
            let form = RulesForm {
                min_minutes: min_minutes.as_deref().unwrap_or(""),
                max_minutes: max_minutes.as_deref().unwrap_or(""),
                daily_max_points: daily_max_points.as_deref().unwrap_or(""),
                excluded: &excluded,
                multipliers: &multipliers,
                guild_score: kind,
                points_weight: points,
                participation_weight: participation,
                max_hours_per_day: &max_hours_per_day,
                points_factor: &points_factor,
                repeats_per_day: &repeats_per_day,
                backdated_days: &backdated_days,
                closing_hours: &closing_hours,
                flagged_entries: &flagged_entries,
            };
            if nothing_given {
                anyhow::bail!(
                    "no rule was given: pass at least one of {}, or take every rule off with \
                     `activity-challenge competition rules clear {id}`",
                    RULE_FLAGS
                        .iter()
                        .map(|(_, f)| *f)
                        .filter(|f| !f.contains(' '))
                        .collect::<Vec<_>>()
                        .join(", ")
                );
            }
            let rules = CompetitionRules::parse(&form, &app.catalogue)
                .map_err(|e| super::refused(ActionError::Invalid(e), RULE_FLAGS))?;
            (id, rules)
        }
    };
    let c = actions::competitions::set_rules(app, actor, id, rules, None)
        .await
        .map_err(|e| super::refused(e, RULE_FLAGS))?;
    println!(
        "Rules of competition #{} saved; they apply to entries logged from now on.",
        c.id
    );
    print_rules(&c);
    Ok(())
}

/// The milestones command's flags for the form's fields.
const MILESTONE_FLAGS: &[(&str, &str)] = &[
    ("days_left", "--days-left"),
    ("hour", "--hour"),
    ("starts_tomorrow", "--starts-tomorrow"),
    ("final_results", "--final-results"),
];

/// "on"/"off" (also yes/no, true/false) of a flag, or what it keeps.
fn switch(flag: &str, value: Option<&str>, now: bool) -> anyhow::Result<bool> {
    match value.map(|v| v.trim().to_lowercase()) {
        None => Ok(now),
        Some(v) if ["on", "yes", "true"].contains(&v.as_str()) => Ok(true),
        Some(v) if ["off", "no", "false"].contains(&v.as_str()) => Ok(false),
        Some(v) => anyhow::bail!("{flag} takes on or off, not {v:?}."),
    }
}

async fn milestones(app: &App, actor: &Actor, command: MilestonesCommand) -> anyhow::Result<()> {
    match command {
        MilestonesCommand::Show { id } => {
            let c = match id {
                Some(id) => app.store.competition(id).await?,
                None => app
                    .store
                    .active_competition()
                    .await?
                    .ok_or_else(|| anyhow::anyhow!("No competition is active; give its id."))?,
            };
            print_milestones(&c);
        }
        MilestonesCommand::Set {
            id,
            starts_tomorrow,
            days_left,
            final_results,
            hour,
        } => {
            let now = app.store.competition(id).await?.milestones.form();
            let form = MilestonesForm {
                starts_tomorrow: switch(
                    "--starts-tomorrow",
                    starts_tomorrow.as_deref(),
                    now.starts_tomorrow,
                )?,
                days_left: days_left.unwrap_or(now.days_left),
                final_results: switch(
                    "--final-results",
                    final_results.as_deref(),
                    now.final_results,
                )?,
                hour: hour.unwrap_or(now.hour),
            };
            let settings = Milestones::parse(&form)
                .map_err(|e| super::refused(ActionError::Invalid(e), MILESTONE_FLAGS))?;
            let c = actions::competitions::set_milestones(app, actor, id, settings, None)
                .await
                .map_err(|e| super::refused(e, MILESTONE_FLAGS))?;
            println!("Messages of competition #{} saved.", c.id);
            print_milestones(&c);
        }
    }
    Ok(())
}

fn print_milestones(c: &Competition) {
    let m = &c.milestones;
    let yes_no = |on: bool| if on { "on" } else { "off" };
    println!(
        "Messages to the participants of #{} {} (at {:02}:00, {}):",
        c.id,
        c.name,
        m.hour,
        c.time_zone.name()
    );
    println!("  starts tomorrow: {}", yes_no(m.starts_tomorrow));
    match m.days_left_day(c.start_date, c.end_date) {
        Some(day) => println!(
            "  days left: {} days before the end, on {day}",
            m.days_left.unwrap_or_default()
        ),
        None if m.days_left.is_some() => println!(
            "  days left: {} days, more than the competition has: not sent",
            m.days_left.unwrap_or_default()
        ),
        None => println!("  days left: off"),
    }
    println!(
        "  final results: {}",
        if m.final_results {
            "on, the day after the last day (once no entry waits for review)"
        } else {
            "off"
        }
    );
}

/// How many participants a recompute lists; the rest are counted.
const RECOMPUTE_ROWS: usize = 30;

fn print_recompute(r: &actions::competitions::Recompute) {
    let c = &r.competition;
    println!(
        "Recompute of #{} {} under its rules ({}):",
        c.id,
        c.name,
        if c.rules.is_empty() {
            "none: plain MET-hours".to_string()
        } else {
            c.rules.describe()
        }
    );
    println!(
        "  {} of {} entries change; {} participants' totals move by {} points in all.",
        r.entries_changed,
        r.entries_checked,
        r.people.len(),
        r.net_change()
    );
    for p in r.people.iter().take(RECOMPUTE_ROWS) {
        println!(
            "    {:<30} {:>10} → {:>10}  ({:+})",
            match &p.guild {
                Some(g) => format!("{} ({g})", p.first_name),
                None => p.first_name.clone(),
            },
            p.before,
            p.after,
            (p.after - p.before).value()
        );
    }
    if r.people.len() > RECOMPUTE_ROWS {
        println!("    … and {} more", r.people.len() - RECOMPUTE_ROWS);
    }
    if !r.guilds.is_empty() {
        let composite = r.guild_score != crate::domain::GuildScore::Average;
        println!(
            "  Guild standings ({}):",
            if composite {
                "score"
            } else {
                "average per member"
            }
        );
        for g in &r.guilds {
            let moved = if g.rank_before == g.rank_after {
                String::new()
            } else {
                format!("  (was {}.)", g.rank_before)
            };
            let (before, after) = if composite {
                (g.score_before, g.score_after)
            } else {
                (g.average_before.round_dp(2), g.average_after.round_dp(2))
            };
            println!(
                "    {:>3}. {:<30} {:>10} → {:>10}{moved}",
                g.rank_after, g.name, before, after
            );
        }
    }
    if r.entries_changed == 0 {
        println!("Nothing to recompute: every entry already has the points its rules give.");
    } else if r.applied {
        println!(
            "Recomputed: {} entries and {} participants' totals rewritten; ranks follow.",
            r.entries_changed,
            r.people.len()
        );
    } else {
        println!(
            "Nothing was changed: run `activity-challenge competition rules recompute {} --yes` to write the new points.",
            c.id
        );
    }
}

fn print_rules(c: &Competition) {
    println!("Rules of #{} {}:", c.id, c.name);
    let lines = c.rules.summary();
    if lines.is_empty() {
        println!("  {}", crate::msg!("rules-none"));
    }
    for line in lines {
        println!("  {line}");
    }
    let r = &c.rules.review;
    println!(
        "Review: flagged above {} h a day, {}× the usual points, {} repeats a day, \
         {} days back within {} h of the close; flagged entries count {}.",
        r.max_hours_per_day,
        r.points_factor,
        r.repeats_per_day,
        r.backdated_days,
        r.closing_hours,
        r.flagged_entries.code().replace('_', " ")
    );
}

/// The command's flags for the competition form's fields.
const FLAGS: &[(&str, &str)] = &[
    ("name", "--name"),
    ("description", "--description"),
    ("start", "--start"),
    ("end", "--end"),
    ("time_zone", "--time-zone"),
];

pub(super) async fn run(app: &App, actor: &Actor, command: Command) -> anyhow::Result<()> {
    let store = &app.store;
    match command {
        Command::Create {
            name,
            start,
            end,
            time_zone,
            description,
            inactive,
            activate_on,
        } => {
            let draft = CompetitionDraft::parse(&name, &description, &start, &end, &time_zone)
                .map_err(|e| super::refused(ActionError::Invalid(e), FLAGS))?;
            let activation = match (inactive, activate_on) {
                (_, Some(day)) => Activation::On(day),
                (true, None) => Activation::Draft,
                (false, None) => Activation::Now,
            };
            let c = actions::competitions::create(app, actor, &draft, activation)
                .await
                .map_err(|e| super::refused(e, &[("activate_on", "--activate-on")]))?;
            println!("Created competition #{}: {}", c.id, describe(&c));
        }
        Command::List => {
            let all = store.list_competitions().await?;
            if all.is_empty() {
                println!(
                    "No competitions yet: create one with `activity-challenge competition create`."
                );
            }
            for c in all {
                let state = actions::competitions::state(&c, Utc::now());
                println!(
                    "#{:<4} {}  [{}{}]",
                    c.id,
                    describe(&c),
                    state.label(),
                    c.activate_on
                        .map(|d| format!(" on {d}"))
                        .unwrap_or_default()
                );
            }
        }
        Command::Show => match store.active_competition().await? {
            None => println!(
                "No active competition: create one with `activity-challenge competition create`."
            ),
            Some(c) => {
                println!("#{} {}", c.id, describe(&c));
                let calendar = c.calendar();
                let now = Utc::now();
                match calendar.phase(now) {
                    Phase::NotStarted {
                        starts_on,
                        days_until,
                    } => {
                        println!("Not started: opens on {starts_on} (in {days_until} day(s)).")
                    }
                    Phase::Running {
                        day,
                        total_days,
                        days_left,
                    } => {
                        println!("Running: day {day} of {total_days}, {days_left} day(s) left.")
                    }
                    Phase::Finished { ended_on } => {
                        println!("Finished on {ended_on}; everything is read-only.")
                    }
                }
            }
        },
        Command::Update {
            id,
            name,
            start,
            end,
            time_zone,
            description,
            yes,
        } => {
            let c = store.competition(id).await?;
            let draft = CompetitionDraft::parse(
                name.as_deref().unwrap_or(&c.name),
                description.as_deref().unwrap_or(&c.description),
                start.as_deref().unwrap_or(&c.start_date.to_string()),
                end.as_deref().unwrap_or(&c.end_date.to_string()),
                time_zone.as_deref().unwrap_or(c.time_zone.name()),
            )
            .map_err(|e| super::refused(ActionError::Invalid(e), FLAGS))?;
            let change = CompetitionChange {
                draft: &draft,
                confirmed: yes.then(|| Window::of(&draft)),
                version: None,
            };
            let c = match actions::competitions::update(app, actor, id, change).await {
                Err(ActionError::NeedsConfirmation(message)) => {
                    anyhow::bail!("{message} Run again with --yes to save.")
                }
                other => other?,
            };
            println!("Updated competition #{}: {}", c.id, describe(&c));
        }
        Command::Activate { id } => {
            let c = actions::competitions::activate(app, actor, id).await?;
            println!(
                "Competition #{} is now the active one: {}",
                c.id,
                describe(&c)
            );
        }
        Command::Schedule { id, on, none } => {
            let day = if none { None } else { on };
            let c = actions::competitions::schedule(app, actor, id, day)
                .await
                .map_err(|e| super::refused(e, &[("activate_on", "--on")]))?;
            match c.activate_on {
                Some(day) => println!("Competition #{} becomes the active one on {day}.", c.id),
                None => println!("Competition #{} stays a draft.", c.id),
            }
        }
        Command::Rules { command } => rules(app, actor, command).await?,
        Command::Milestones { command } => milestones(app, actor, command).await?,
        Command::Delete { id } => {
            let c = actions::competitions::delete(app, actor, id).await?;
            println!("Deleted competition #{} ({}).", c.id, c.name);
        }
        Command::EndSeason { id, yes } => {
            let outcome = actions::competitions::end_season(app, actor, id, yes)
                .await
                .map_err(|e| super::refused(e, &[]))?;
            print_season_end(&outcome);
        }
    }
    Ok(())
}

fn describe(c: &Competition) -> String {
    format!(
        "{} — {} to {} ({})",
        c.name,
        c.start_date,
        c.end_date,
        c.time_zone.name()
    )
}

/// How many participants the season's preview lists; the rest are counted.
const SEASON_SHOWN: usize = 10;

fn print_season_end(s: &actions::competitions::SeasonEnd) {
    let c = &s.competition;
    let plan = &s.plan;
    println!(
        "Season of #{} {} ({} – {}), final standings ({}):",
        c.id,
        c.name,
        c.start_date,
        c.end_date,
        score_rule(plan.guilds.score)
    );
    for g in plan.guilds.iter() {
        println!(
            "  {:>3}. {}: {} points, {} per member, {} % taking part, score {}",
            g.rank,
            g.name,
            g.total_points,
            g.average,
            g.participation_capped_percent(),
            g.score
        );
    }
    println!("Top participants ({} with points):", plan.results.len());
    for r in plan.results.iter().take(SEASON_SHOWN) {
        println!(
            "  {:>3}. participant #{} ({}): {} points, {} entries",
            r.rank,
            r.user_id.unwrap_or_default(),
            r.guild.as_deref().unwrap_or("no guild"),
            r.points,
            r.activities
        );
    }
    if plan.results.len() > SEASON_SHOWN {
        println!("  … and {} more", plan.results.len() - SEASON_SHOWN);
    }
    match &s.archived {
        Some(a) => {
            println!(
                "Season ended: the standings are in the hall of fame; {} activities ({} points) dated \
                 before {} moved to {} and taken off {} participants' totals.",
                a.deleted, a.points_moved, plan.first_kept_day, a.table, a.participants
            );
            println!(
                "Competition #{} is no longer active; create or activate the next one, which starts from zero.",
                c.id
            );
        }
        None => {
            println!(
                "Ending it would archive {} activities ({} points) dated before {} into activities_archive \
                 ({} of them, {} points, within the season's dates) and take them off the totals.",
                plan.archive_activities,
                plan.archive_points,
                plan.first_kept_day,
                plan.season_activities,
                plan.season_points
            );
            println!(
                "Nothing was changed: run `activity-challenge competition end-season {} --yes` to end the season.",
                c.id
            );
        }
    }
}

fn score_rule(score: crate::domain::GuildScore) -> String {
    let (points, participation) = score.weights();
    if score.is_average() {
        "guilds ranked by points per configured member".to_string()
    } else {
        format!(
            "guilds ranked by a composite score: {points} % points per member, {participation} % participation"
        )
    }
}
