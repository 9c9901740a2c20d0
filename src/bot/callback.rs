//! Button payloads: every button's callback data is a [`Callback`], encoded
//! and decoded here and nowhere else.
//!
//! The text is `area:verb[:args]`, far below Telegram's limit of
//! [`MAX_BYTES`] (a property test checks every variant with extreme
//! arguments). Buttons that only open a view ("📊 Stats", "🏠 Menu" under a
//! view) carry no state and keep working on any old message. A button of a
//! wizard step carries the [`Screen`] it was shown on: it acts only while
//! the chat is still on that screen, so a button from an older message can
//! never act on the wizard that is open now; it answers that it has
//! expired. A button about one entry (deleting an activity, the account)
//! carries that entry's id and acts on exactly that entry.

use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::i18n::Language;

/// Telegram's limit on a button's callback data, in bytes.
pub const MAX_BYTES: usize = 64;

/// The identity of one wizard screen: a new one each time the chat's step
/// changes, random so that screens of earlier wizards never come back.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(into = "String", try_from = "String")]
pub struct Screen(u64);

impl From<Screen> for String {
    fn from(screen: Screen) -> String {
        screen.to_string()
    }
}

impl TryFrom<String> for Screen {
    type Error = std::num::ParseIntError;

    fn try_from(text: String) -> Result<Screen, Self::Error> {
        text.parse()
    }
}

impl Screen {
    /// A new screen identity.
    pub fn fresh() -> Screen {
        let value = getrandom::u64().unwrap_or_else(|_| {
            // No system randomness: the clock still differs between screens.
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(1, |d| d.as_nanos() as u64)
        });
        Screen(value)
    }

    /// The idempotency key of the activity a review on this screen logs:
    /// a confirmation tapped twice, or retried, logs once.
    pub fn review_key(self) -> String {
        format!("review-{self}")
    }
}

impl fmt::Display for Screen {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:x}", self.0)
    }
}

impl FromStr for Screen {
    type Err = std::num::ParseIntError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        u64::from_str_radix(s, 16).map(Screen)
    }
}

/// What a button does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Callback {
    /// A label that looks like a button (a calendar's weekday, an empty
    /// day): does nothing.
    Nothing,
    /// The main menu (from a view; no wizard to leave).
    Menu,
    /// "🏠 Menu" or "✖ Cancel" inside a wizard: leaves the wizard shown on
    /// this screen.
    Leave(Screen),
    /// An information page.
    Info(InfoPage),
    /// Registration.
    Register(RegisterButton),
    /// Logging an activity.
    Log(LogButton),
    /// A stats view.
    Stats(StatsView),
    /// The profile, its history and deletions.
    Profile(ProfileButton),
    /// Feedback.
    Feedback(FeedbackButton),
    /// The language chooser (`None`), or this language chosen.
    Language(Option<Language>),
    /// A workout file's card.
    Workout(WorkoutButton),
    /// The reminder and digest settings.
    Settings(SettingsButton),
}

/// The settings' buttons: each a setting, not a toggle, so that an old
/// button (one on a reminder) repeats its own choice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SettingsButton {
    /// The settings.
    Show,
    /// The hours a reminder may be set for.
    Hours,
    /// A daily reminder at this local hour, or none.
    Reminder(Option<u8>),
    /// The weekly digest on or off.
    Digest(bool),
}

/// The information pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InfoPage {
    /// How points work.
    Points,
    /// The terms.
    Terms,
    /// About the challenge.
    About,
}

/// Registration's buttons.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RegisterButton {
    /// Start (or restart) registering.
    Start,
    /// Accept the terms.
    Accept(Screen),
    /// Decline the terms, or cancel registering.
    Decline(Screen),
    /// Pick this guild.
    Guild { screen: Screen, guild: i64 },
    /// Back to the guild list.
    Back(Screen),
    /// Join the guild shown.
    Join(Screen),
}

/// Logging's buttons.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogButton {
    /// Start logging.
    Start,
    /// Back to the categories.
    Categories(Screen),
    /// A page of one category's activities.
    Category {
        screen: Screen,
        category: u16,
        page: u16,
    },
    /// One activity.
    Activity {
        screen: Screen,
        category: u16,
        activity: u16,
    },
    /// One intensity of the activity shown (its index there).
    Intensity { screen: Screen, entry: u16 },
    /// Another month of the calendar (its first day).
    Month { screen: Screen, month: NaiveDate },
    /// This day.
    Day { screen: Screen, date: NaiveDate },
    /// This many minutes.
    Minutes { screen: Screen, minutes: u16 },
    /// Back from the review to the durations.
    ChangeDuration(Screen),
    /// From the review to the calendar, the rest kept.
    ChangeDate(Screen),
    /// From the review to the activity's intensities, the rest kept.
    ChangeIntensity(Screen),
    /// From the review to the categories, the date and duration kept.
    ChangeActivity(Screen),
    /// Confirm the review shown.
    Confirm(Screen),
    /// The review of this entry (its numeric Compendium code) for today,
    /// for this many minutes: a recent activity offered on the menu.
    Repeat { code: u32, minutes: u16 },
}

/// A workout card's buttons. `entry` is the position of one of its lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WorkoutButton {
    /// Log the card shown.
    Log(Screen),
    /// Drop the card shown.
    Drop(Screen),
    /// Back to the card.
    Card(Screen),
    /// Change an entry's activity (`None`: ask which entry first).
    ChangeActivity { screen: Screen, entry: Option<u8> },
    /// Change an entry's intensity (`None`: ask which entry first).
    ChangeIntensity { screen: Screen, entry: Option<u8> },
    /// While picking an activity: back to the categories.
    Categories(Screen),
    /// While picking an activity: a page of one category's activities.
    Category {
        screen: Screen,
        category: u16,
        page: u16,
    },
    /// While picking an activity: this one.
    Activity {
        screen: Screen,
        category: u16,
        activity: u16,
    },
    /// While picking an intensity: this one (its index in the activity).
    Intensity { screen: Screen, entry: u16 },
}

/// The stats views.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatsView {
    /// My summary.
    Me,
    /// The top 10.
    Top,
    /// The guild standings.
    Guilds,
    /// My guild's top 10.
    MyGuild,
    /// The hall of fame: past seasons, with my own results.
    Seasons,
    /// The longest current streaks.
    Streaks,
}

/// The profile's buttons.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProfileButton {
    /// The profile.
    Show,
    /// A page of the activity history.
    History { page: u32 },
    /// Ask whether to delete this activity.
    Delete { activity: i64, page: u32 },
    /// Delete this activity.
    ConfirmDelete { activity: i64, page: u32 },
    /// Ask whether to delete the account.
    Account,
    /// Delete this participant's account.
    ConfirmAccount { participant: i64 },
    /// Appear as "anonymous" in public lists (`true`) or by name (`false`):
    /// a setting, not a toggle, so an old button repeats its own choice.
    Anonymous(bool),
    /// Send me a copy of everything stored about me.
    MyData,
    /// Pin this activity's entry (activity, intensity, duration) to the
    /// menu; `page` is the history page to show again.
    Pin { activity: i64, page: u32 },
    /// Unpin the entry with this numeric Compendium code.
    Unpin { code: u32, page: u32 },
}

/// Feedback's buttons.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FeedbackButton {
    /// Start giving feedback.
    Start,
    /// This rating (1 to 5) for the question shown.
    Rating { screen: Screen, rating: u8 },
}

impl InfoPage {
    fn word(self) -> &'static str {
        match self {
            InfoPage::Points => "points",
            InfoPage::Terms => "terms",
            InfoPage::About => "about",
        }
    }
}

impl StatsView {
    fn word(self) -> &'static str {
        match self {
            StatsView::Me => "me",
            StatsView::Top => "top",
            StatsView::Guilds => "guilds",
            StatsView::MyGuild => "guild",
            StatsView::Seasons => "seasons",
            StatsView::Streaks => "streaks",
        }
    }
}

/// A date as days from the common era: short, and exact for every date.
fn day_number(date: NaiveDate) -> i32 {
    date.num_days_from_ce()
}

impl Callback {
    /// The callback data to put on a button.
    pub fn encode(&self) -> String {
        use Callback as C;
        use FeedbackButton as F;
        use LogButton as L;
        use ProfileButton as P;
        use RegisterButton as R;
        use WorkoutButton as W;
        match *self {
            C::Nothing => "-".into(),
            C::Menu => "menu".into(),
            C::Leave(s) => format!("menu:{s}"),
            C::Info(page) => format!("info:{}", page.word()),
            C::Register(R::Start) => "reg:start".into(),
            C::Register(R::Accept(s)) => format!("reg:accept:{s}"),
            C::Register(R::Decline(s)) => format!("reg:decline:{s}"),
            C::Register(R::Guild { screen, guild }) => format!("reg:g:{screen}:{guild}"),
            C::Register(R::Back(s)) => format!("reg:back:{s}"),
            C::Register(R::Join(s)) => format!("reg:ok:{s}"),
            C::Log(L::Start) => "log:start".into(),
            C::Log(L::Categories(s)) => format!("log:cats:{s}"),
            C::Log(L::Category {
                screen,
                category,
                page,
            }) => format!("log:c:{screen}:{category}:{page}"),
            C::Log(L::Activity {
                screen,
                category,
                activity,
            }) => format!("log:a:{screen}:{category}:{activity}"),
            C::Log(L::Intensity { screen, entry }) => format!("log:i:{screen}:{entry}"),
            C::Log(L::Month { screen, month }) => {
                format!("log:cal:{screen}:{}", day_number(month))
            }
            C::Log(L::Day { screen, date }) => format!("log:d:{screen}:{}", day_number(date)),
            C::Log(L::Minutes { screen, minutes }) => format!("log:m:{screen}:{minutes}"),
            C::Log(L::ChangeDuration(s)) => format!("log:redur:{s}"),
            C::Log(L::ChangeDate(s)) => format!("log:redate:{s}"),
            C::Log(L::ChangeIntensity(s)) => format!("log:reint:{s}"),
            C::Log(L::ChangeActivity(s)) => format!("log:react:{s}"),
            C::Log(L::Confirm(s)) => format!("log:ok:{s}"),
            C::Log(L::Repeat { code, minutes }) => format!("log:rep:{code}:{minutes}"),
            C::Stats(view) => format!("st:{}", view.word()),
            C::Profile(P::Show) => "pr:show".into(),
            C::Profile(P::History { page }) => format!("pr:h:{page}"),
            C::Profile(P::Delete { activity, page }) => format!("pr:del:{activity}:{page}"),
            C::Profile(P::ConfirmDelete { activity, page }) => {
                format!("pr:delok:{activity}:{page}")
            }
            C::Profile(P::Account) => "pr:acct".into(),
            C::Profile(P::ConfirmAccount { participant }) => format!("pr:acctok:{participant}"),
            C::Profile(P::Anonymous(on)) => format!("pr:anon:{}", u8::from(on)),
            C::Profile(P::MyData) => "pr:data".into(),
            C::Profile(P::Pin { activity, page }) => format!("pr:pin:{activity}:{page}"),
            C::Profile(P::Unpin { code, page }) => format!("pr:unpin:{code}:{page}"),
            C::Feedback(F::Start) => "fb:start".into(),
            C::Feedback(F::Rating { screen, rating }) => format!("fb:r:{screen}:{rating}"),
            C::Language(None) => "lang".into(),
            C::Language(Some(language)) => format!("lang:{}", language.code()),
            C::Workout(W::Log(s)) => format!("wk:ok:{s}"),
            C::Workout(W::Drop(s)) => format!("wk:drop:{s}"),
            C::Workout(W::Card(s)) => format!("wk:card:{s}"),
            C::Workout(W::ChangeActivity { screen, entry }) => match entry {
                Some(e) => format!("wk:act:{screen}:{e}"),
                None => format!("wk:act:{screen}"),
            },
            C::Workout(W::ChangeIntensity { screen, entry }) => match entry {
                Some(e) => format!("wk:int:{screen}:{e}"),
                None => format!("wk:int:{screen}"),
            },
            C::Workout(W::Categories(s)) => format!("wk:cats:{s}"),
            C::Workout(W::Category {
                screen,
                category,
                page,
            }) => format!("wk:c:{screen}:{category}:{page}"),
            C::Workout(W::Activity {
                screen,
                category,
                activity,
            }) => format!("wk:a:{screen}:{category}:{activity}"),
            C::Workout(W::Intensity { screen, entry }) => format!("wk:i:{screen}:{entry}"),
            C::Settings(SettingsButton::Show) => "set".into(),
            C::Settings(SettingsButton::Hours) => "set:hours".into(),
            C::Settings(SettingsButton::Reminder(Some(hour))) => format!("set:rem:{hour}"),
            C::Settings(SettingsButton::Reminder(None)) => "set:rem:off".into(),
            C::Settings(SettingsButton::Digest(on)) => format!("set:dig:{}", u8::from(on)),
        }
    }

    /// The button behind callback data, or `None` for data this version
    /// never writes (a button from before an upgrade, or forged).
    pub fn decode(data: &str) -> Option<Callback> {
        use Callback as C;
        use FeedbackButton as F;
        use LogButton as L;
        use ProfileButton as P;
        use RegisterButton as R;
        use WorkoutButton as W;
        fn n<T: FromStr>(text: &str) -> Option<T> {
            // Digits only (and a leading minus for ids): "+5" or " 5" is
            // nothing this module writes.
            let digits = text.strip_prefix('-').unwrap_or(text);
            if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            text.parse().ok()
        }
        fn s(text: &str) -> Option<Screen> {
            if text.is_empty() || !text.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')) {
                return None;
            }
            text.parse().ok()
        }
        let parts: Vec<&str> = data.split(':').collect();
        Some(match parts.as_slice() {
            ["-"] => C::Nothing,
            ["menu"] => C::Menu,
            ["menu", screen] => C::Leave(s(screen)?),
            ["info", "points"] => C::Info(InfoPage::Points),
            ["info", "terms"] => C::Info(InfoPage::Terms),
            ["info", "about"] => C::Info(InfoPage::About),
            ["reg", "start"] => C::Register(R::Start),
            ["reg", "accept", screen] => C::Register(R::Accept(s(screen)?)),
            ["reg", "decline", screen] => C::Register(R::Decline(s(screen)?)),
            ["reg", "g", screen, guild] => C::Register(R::Guild {
                screen: s(screen)?,
                guild: n(guild)?,
            }),
            ["reg", "back", screen] => C::Register(R::Back(s(screen)?)),
            ["reg", "ok", screen] => C::Register(R::Join(s(screen)?)),
            ["log", "start"] => C::Log(L::Start),
            ["log", "cats", screen] => C::Log(L::Categories(s(screen)?)),
            ["log", "c", screen, category, page] => C::Log(L::Category {
                screen: s(screen)?,
                category: n(category)?,
                page: n(page)?,
            }),
            ["log", "a", screen, category, activity] => C::Log(L::Activity {
                screen: s(screen)?,
                category: n(category)?,
                activity: n(activity)?,
            }),
            ["log", "i", screen, entry] => C::Log(L::Intensity {
                screen: s(screen)?,
                entry: n(entry)?,
            }),
            ["log", "cal", screen, month] => C::Log(L::Month {
                screen: s(screen)?,
                month: n::<i32>(month).and_then(NaiveDate::from_num_days_from_ce_opt)?,
            }),
            ["log", "d", screen, date] => C::Log(L::Day {
                screen: s(screen)?,
                date: n::<i32>(date).and_then(NaiveDate::from_num_days_from_ce_opt)?,
            }),
            ["log", "m", screen, minutes] => C::Log(L::Minutes {
                screen: s(screen)?,
                minutes: n(minutes)?,
            }),
            ["log", "redur", screen] => C::Log(L::ChangeDuration(s(screen)?)),
            ["log", "redate", screen] => C::Log(L::ChangeDate(s(screen)?)),
            ["log", "reint", screen] => C::Log(L::ChangeIntensity(s(screen)?)),
            ["log", "react", screen] => C::Log(L::ChangeActivity(s(screen)?)),
            ["log", "ok", screen] => C::Log(L::Confirm(s(screen)?)),
            ["log", "rep", code, minutes] => C::Log(L::Repeat {
                code: n(code)?,
                minutes: n(minutes)?,
            }),
            // "st:menu" is what the stats button was before "st:me".
            ["st", "me" | "menu"] => C::Stats(StatsView::Me),
            ["st", "top"] => C::Stats(StatsView::Top),
            ["st", "guilds"] => C::Stats(StatsView::Guilds),
            ["st", "guild"] => C::Stats(StatsView::MyGuild),
            ["st", "seasons"] => C::Stats(StatsView::Seasons),
            ["st", "streaks"] => C::Stats(StatsView::Streaks),
            ["pr", "show"] => C::Profile(P::Show),
            ["pr", "h", page] => C::Profile(P::History { page: n(page)? }),
            ["pr", "del", activity, page] => C::Profile(P::Delete {
                activity: n(activity)?,
                page: n(page)?,
            }),
            ["pr", "delok", activity, page] => C::Profile(P::ConfirmDelete {
                activity: n(activity)?,
                page: n(page)?,
            }),
            ["pr", "acct"] => C::Profile(P::Account),
            ["pr", "anon", "1"] => C::Profile(P::Anonymous(true)),
            ["pr", "anon", "0"] => C::Profile(P::Anonymous(false)),
            ["pr", "data"] => C::Profile(P::MyData),
            ["pr", "pin", activity, page] => C::Profile(P::Pin {
                activity: n(activity)?,
                page: n(page)?,
            }),
            ["pr", "unpin", code, page] => C::Profile(P::Unpin {
                code: n(code)?,
                page: n(page)?,
            }),
            ["pr", "acctok", participant] => C::Profile(P::ConfirmAccount {
                participant: n(participant)?,
            }),
            ["fb", "start"] => C::Feedback(F::Start),
            ["fb", "r", screen, rating] => C::Feedback(F::Rating {
                screen: s(screen)?,
                rating: n(rating)?,
            }),
            ["wk", "ok", screen] => C::Workout(W::Log(s(screen)?)),
            ["wk", "drop", screen] => C::Workout(W::Drop(s(screen)?)),
            ["wk", "card", screen] => C::Workout(W::Card(s(screen)?)),
            ["wk", "act", screen] => C::Workout(W::ChangeActivity {
                screen: s(screen)?,
                entry: None,
            }),
            ["wk", "act", screen, entry] => C::Workout(W::ChangeActivity {
                screen: s(screen)?,
                entry: Some(n(entry)?),
            }),
            ["wk", "int", screen] => C::Workout(W::ChangeIntensity {
                screen: s(screen)?,
                entry: None,
            }),
            ["wk", "int", screen, entry] => C::Workout(W::ChangeIntensity {
                screen: s(screen)?,
                entry: Some(n(entry)?),
            }),
            ["wk", "cats", screen] => C::Workout(W::Categories(s(screen)?)),
            ["wk", "c", screen, category, page] => C::Workout(W::Category {
                screen: s(screen)?,
                category: n(category)?,
                page: n(page)?,
            }),
            ["wk", "a", screen, category, activity] => C::Workout(W::Activity {
                screen: s(screen)?,
                category: n(category)?,
                activity: n(activity)?,
            }),
            ["wk", "i", screen, entry] => C::Workout(W::Intensity {
                screen: s(screen)?,
                entry: n(entry)?,
            }),
            ["set"] => C::Settings(SettingsButton::Show),
            ["set", "hours"] => C::Settings(SettingsButton::Hours),
            ["set", "rem", "off"] => C::Settings(SettingsButton::Reminder(None)),
            ["set", "rem", hour] => C::Settings(SettingsButton::Reminder(Some(n(hour)?))),
            ["set", "dig", "1"] => C::Settings(SettingsButton::Digest(true)),
            ["set", "dig", "0"] => C::Settings(SettingsButton::Digest(false)),
            ["lang"] => C::Language(None),
            ["lang", code] => {
                C::Language(Some(Language::ALL.into_iter().find(|l| l.code() == *code)?))
            }
            _ => return None,
        })
    }

    /// The wizard screen the button belongs to, if it is a wizard's.
    pub fn screen(&self) -> Option<Screen> {
        use Callback as C;
        use FeedbackButton as F;
        use LogButton as L;
        use RegisterButton as R;
        use WorkoutButton as W;
        match *self {
            C::Workout(
                W::Log(s)
                | W::Drop(s)
                | W::Card(s)
                | W::ChangeActivity { screen: s, .. }
                | W::ChangeIntensity { screen: s, .. }
                | W::Categories(s)
                | W::Category { screen: s, .. }
                | W::Activity { screen: s, .. }
                | W::Intensity { screen: s, .. },
            ) => Some(s),
            C::Leave(s)
            | C::Register(
                R::Accept(s) | R::Decline(s) | R::Guild { screen: s, .. } | R::Back(s) | R::Join(s),
            )
            | C::Log(
                L::Categories(s)
                | L::Category { screen: s, .. }
                | L::Activity { screen: s, .. }
                | L::Intensity { screen: s, .. }
                | L::Month { screen: s, .. }
                | L::Day { screen: s, .. }
                | L::Minutes { screen: s, .. }
                | L::ChangeDuration(s)
                | L::ChangeDate(s)
                | L::ChangeIntensity(s)
                | L::ChangeActivity(s)
                | L::Confirm(s),
            )
            | C::Feedback(F::Rating { screen: s, .. }) => Some(s),
            C::Nothing
            | C::Menu
            | C::Info(_)
            | C::Register(R::Start)
            | C::Log(L::Start | L::Repeat { .. })
            | C::Stats(_)
            | C::Profile(_)
            | C::Feedback(F::Start)
            | C::Language(_)
            | C::Settings(_) => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Every variant once, by name: a new variant fails to compile here
    /// until it is named, and then [`extremes`] must cover it.
    fn variant(c: &Callback) -> &'static str {
        use Callback as C;
        use FeedbackButton as F;
        use LogButton as L;
        use ProfileButton as P;
        use RegisterButton as R;
        use WorkoutButton as W;
        match c {
            C::Nothing => "nothing",
            C::Menu => "menu",
            C::Leave(_) => "leave",
            C::Info(_) => "info",
            C::Register(R::Start) => "reg start",
            C::Register(R::Accept(_)) => "reg accept",
            C::Register(R::Decline(_)) => "reg decline",
            C::Register(R::Guild { .. }) => "reg guild",
            C::Register(R::Back(_)) => "reg back",
            C::Register(R::Join(_)) => "reg join",
            C::Log(L::Start) => "log start",
            C::Log(L::Categories(_)) => "log categories",
            C::Log(L::Category { .. }) => "log category",
            C::Log(L::Activity { .. }) => "log activity",
            C::Log(L::Intensity { .. }) => "log intensity",
            C::Log(L::Month { .. }) => "log month",
            C::Log(L::Day { .. }) => "log day",
            C::Log(L::Minutes { .. }) => "log minutes",
            C::Log(L::ChangeDuration(_)) => "log change duration",
            C::Log(L::ChangeDate(_)) => "log change date",
            C::Log(L::ChangeIntensity(_)) => "log change intensity",
            C::Log(L::ChangeActivity(_)) => "log change activity",
            C::Log(L::Confirm(_)) => "log confirm",
            C::Log(L::Repeat { .. }) => "log repeat",
            C::Stats(_) => "stats",
            C::Profile(P::Show) => "profile show",
            C::Profile(P::History { .. }) => "profile history",
            C::Profile(P::Delete { .. }) => "profile delete",
            C::Profile(P::ConfirmDelete { .. }) => "profile confirm delete",
            C::Profile(P::Account) => "profile account",
            C::Profile(P::ConfirmAccount { .. }) => "profile confirm account",
            C::Profile(P::Anonymous(_)) => "profile anonymous",
            C::Profile(P::MyData) => "profile my data",
            C::Profile(P::Pin { .. }) => "profile pin",
            C::Profile(P::Unpin { .. }) => "profile unpin",
            C::Feedback(F::Start) => "feedback start",
            C::Feedback(F::Rating { .. }) => "feedback rating",
            C::Language(None) => "language chooser",
            C::Language(Some(_)) => "language",
            C::Workout(W::Log(_)) => "workout log",
            C::Workout(W::Drop(_)) => "workout drop",
            C::Workout(W::Card(_)) => "workout card",
            C::Workout(W::ChangeActivity { .. }) => "workout change activity",
            C::Workout(W::ChangeIntensity { .. }) => "workout change intensity",
            C::Workout(W::Categories(_)) => "workout categories",
            C::Workout(W::Category { .. }) => "workout category",
            C::Workout(W::Activity { .. }) => "workout activity",
            C::Workout(W::Intensity { .. }) => "workout intensity",
            C::Settings(SettingsButton::Show) => "settings show",
            C::Settings(SettingsButton::Hours) => "settings hours",
            C::Settings(SettingsButton::Reminder(_)) => "settings reminder",
            C::Settings(SettingsButton::Digest(_)) => "settings digest",
        }
    }

    const VARIANTS: usize = 52;

    fn any_screen() -> impl Strategy<Value = Screen> {
        any::<u64>().prop_map(Screen)
    }

    fn any_date() -> impl Strategy<Value = NaiveDate> {
        (NaiveDate::MIN.num_days_from_ce()..=NaiveDate::MAX.num_days_from_ce())
            .prop_map(|d| NaiveDate::from_num_days_from_ce_opt(d).expect("in range"))
    }

    fn any_callback() -> impl Strategy<Value = Callback> {
        use Callback as C;
        use FeedbackButton as F;
        use LogButton as L;
        use ProfileButton as P;
        use RegisterButton as R;
        use WorkoutButton as W;
        prop_oneof![
            Just(C::Nothing),
            Just(C::Menu),
            any_screen().prop_map(C::Leave),
            prop_oneof![
                Just(InfoPage::Points),
                Just(InfoPage::Terms),
                Just(InfoPage::About)
            ]
            .prop_map(C::Info),
            Just(C::Register(R::Start)),
            any_screen().prop_map(|s| C::Register(R::Accept(s))),
            any_screen().prop_map(|s| C::Register(R::Decline(s))),
            (any_screen(), any::<i64>())
                .prop_map(|(screen, guild)| C::Register(R::Guild { screen, guild })),
            any_screen().prop_map(|s| C::Register(R::Back(s))),
            any_screen().prop_map(|s| C::Register(R::Join(s))),
            Just(C::Log(L::Start)),
            any_screen().prop_map(|s| C::Log(L::Categories(s))),
            (any_screen(), any::<u16>(), any::<u16>()).prop_map(|(screen, category, page)| {
                C::Log(L::Category {
                    screen,
                    category,
                    page,
                })
            }),
            (any_screen(), any::<u16>(), any::<u16>()).prop_map(|(screen, category, activity)| {
                C::Log(L::Activity {
                    screen,
                    category,
                    activity,
                })
            }),
            (any_screen(), any::<u16>())
                .prop_map(|(screen, entry)| C::Log(L::Intensity { screen, entry })),
            (any_screen(), any_date())
                .prop_map(|(screen, month)| C::Log(L::Month { screen, month })),
            (any_screen(), any_date()).prop_map(|(screen, date)| C::Log(L::Day { screen, date })),
            (any_screen(), any::<u16>())
                .prop_map(|(screen, minutes)| C::Log(L::Minutes { screen, minutes })),
            any_screen().prop_map(|s| C::Log(L::ChangeDuration(s))),
            any_screen().prop_map(|s| C::Log(L::ChangeDate(s))),
            any_screen().prop_map(|s| C::Log(L::ChangeIntensity(s))),
            any_screen().prop_map(|s| C::Log(L::ChangeActivity(s))),
            any_screen().prop_map(|s| C::Log(L::Confirm(s))),
            (any::<u32>(), any::<u16>())
                .prop_map(|(code, minutes)| C::Log(L::Repeat { code, minutes })),
            prop_oneof![
                Just(StatsView::Me),
                Just(StatsView::Top),
                Just(StatsView::Guilds),
                Just(StatsView::MyGuild),
                Just(StatsView::Streaks)
            ]
            .prop_map(C::Stats),
            Just(C::Profile(P::Show)),
            any::<u32>().prop_map(|page| C::Profile(P::History { page })),
            (any::<i64>(), any::<u32>())
                .prop_map(|(activity, page)| C::Profile(P::Delete { activity, page })),
            (any::<i64>(), any::<u32>())
                .prop_map(|(activity, page)| C::Profile(P::ConfirmDelete { activity, page })),
            Just(C::Profile(P::Account)),
            any::<i64>().prop_map(|participant| C::Profile(P::ConfirmAccount { participant })),
            any::<bool>().prop_map(|on| C::Profile(P::Anonymous(on))),
            Just(C::Profile(P::MyData)),
            (any::<i64>(), any::<u32>())
                .prop_map(|(activity, page)| C::Profile(P::Pin { activity, page })),
            (any::<u32>(), any::<u32>())
                .prop_map(|(code, page)| C::Profile(P::Unpin { code, page })),
            Just(C::Feedback(F::Start)),
            (any_screen(), any::<u8>())
                .prop_map(|(screen, rating)| C::Feedback(F::Rating { screen, rating })),
            Just(C::Language(None)),
            prop::sample::select(Language::ALL.to_vec()).prop_map(|l| C::Language(Some(l))),
            any_screen().prop_map(|s| C::Workout(W::Log(s))),
            any_screen().prop_map(|s| C::Workout(W::Drop(s))),
            any_screen().prop_map(|s| C::Workout(W::Card(s))),
            (any_screen(), any::<Option<u8>>())
                .prop_map(|(screen, entry)| C::Workout(W::ChangeActivity { screen, entry })),
            (any_screen(), any::<Option<u8>>())
                .prop_map(|(screen, entry)| C::Workout(W::ChangeIntensity { screen, entry })),
            any_screen().prop_map(|s| C::Workout(W::Categories(s))),
            (any_screen(), any::<u16>(), any::<u16>()).prop_map(|(screen, category, page)| {
                C::Workout(W::Category {
                    screen,
                    category,
                    page,
                })
            }),
            (any_screen(), any::<u16>(), any::<u16>()).prop_map(|(screen, category, activity)| {
                C::Workout(W::Activity {
                    screen,
                    category,
                    activity,
                })
            }),
            (any_screen(), any::<u16>())
                .prop_map(|(screen, entry)| C::Workout(W::Intensity { screen, entry })),
            Just(C::Settings(SettingsButton::Show)),
            Just(C::Settings(SettingsButton::Hours)),
            any::<Option<u8>>().prop_map(|h| C::Settings(SettingsButton::Reminder(h))),
            any::<bool>().prop_map(|on| C::Settings(SettingsButton::Digest(on))),
        ]
    }

    /// Every variant with the longest arguments it can have.
    fn extremes() -> Vec<Callback> {
        use Callback as C;
        use FeedbackButton as F;
        use LogButton as L;
        use ProfileButton as P;
        use RegisterButton as R;
        use WorkoutButton as W;
        let s = Screen(u64::MAX);
        let mut all = vec![
            C::Nothing,
            C::Menu,
            C::Leave(s),
            C::Register(R::Start),
            C::Register(R::Accept(s)),
            C::Register(R::Decline(s)),
            C::Register(R::Back(s)),
            C::Register(R::Join(s)),
            C::Log(L::Start),
            C::Log(L::Categories(s)),
            C::Log(L::Category {
                screen: s,
                category: u16::MAX,
                page: u16::MAX,
            }),
            C::Log(L::Activity {
                screen: s,
                category: u16::MAX,
                activity: u16::MAX,
            }),
            C::Log(L::Intensity {
                screen: s,
                entry: u16::MAX,
            }),
            C::Log(L::Minutes {
                screen: s,
                minutes: u16::MAX,
            }),
            C::Log(L::ChangeDuration(s)),
            C::Log(L::ChangeDate(s)),
            C::Log(L::ChangeIntensity(s)),
            C::Log(L::ChangeActivity(s)),
            C::Log(L::Confirm(s)),
            C::Log(L::Repeat {
                code: u32::MAX,
                minutes: u16::MAX,
            }),
            C::Profile(P::Show),
            C::Profile(P::History { page: u32::MAX }),
            C::Profile(P::Account),
            C::Profile(P::Anonymous(true)),
            C::Profile(P::Anonymous(false)),
            C::Profile(P::MyData),
            C::Profile(P::Unpin {
                code: u32::MAX,
                page: u32::MAX,
            }),
            C::Feedback(F::Start),
            C::Feedback(F::Rating {
                screen: s,
                rating: u8::MAX,
            }),
            C::Workout(W::Log(s)),
            C::Workout(W::Drop(s)),
            C::Workout(W::Card(s)),
            C::Workout(W::ChangeActivity {
                screen: s,
                entry: Some(u8::MAX),
            }),
            C::Workout(W::ChangeIntensity {
                screen: s,
                entry: Some(u8::MAX),
            }),
            C::Workout(W::ChangeActivity {
                screen: s,
                entry: None,
            }),
            C::Workout(W::Categories(s)),
            C::Workout(W::Category {
                screen: s,
                category: u16::MAX,
                page: u16::MAX,
            }),
            C::Workout(W::Activity {
                screen: s,
                category: u16::MAX,
                activity: u16::MAX,
            }),
            C::Workout(W::Intensity {
                screen: s,
                entry: u16::MAX,
            }),
        ];
        for page in [InfoPage::Points, InfoPage::Terms, InfoPage::About] {
            all.push(C::Info(page));
        }
        all.push(C::Language(None));
        all.push(C::Settings(SettingsButton::Show));
        all.push(C::Settings(SettingsButton::Hours));
        all.push(C::Settings(SettingsButton::Reminder(Some(u8::MAX))));
        all.push(C::Settings(SettingsButton::Reminder(None)));
        all.push(C::Settings(SettingsButton::Digest(true)));
        all.push(C::Settings(SettingsButton::Digest(false)));
        for language in Language::ALL {
            all.push(C::Language(Some(language)));
        }
        for view in [
            StatsView::Me,
            StatsView::Top,
            StatsView::Guilds,
            StatsView::MyGuild,
        ] {
            all.push(C::Stats(view));
        }
        for date in [NaiveDate::MIN, NaiveDate::MAX] {
            all.push(C::Log(L::Month {
                screen: s,
                month: date,
            }));
            all.push(C::Log(L::Day { screen: s, date }));
        }
        for id in [i64::MIN, i64::MAX] {
            all.push(C::Register(R::Guild {
                screen: s,
                guild: id,
            }));
            all.push(C::Profile(P::Delete {
                activity: id,
                page: u32::MAX,
            }));
            all.push(C::Profile(P::ConfirmDelete {
                activity: id,
                page: u32::MAX,
            }));
            all.push(C::Profile(P::ConfirmAccount { participant: id }));
            all.push(C::Profile(P::Pin {
                activity: id,
                page: u32::MAX,
            }));
        }
        all
    }

    #[test]
    fn extremes_name_every_variant_and_fit_and_read_back() {
        let names: std::collections::BTreeSet<_> = extremes().iter().map(variant).collect();
        assert_eq!(names.len(), VARIANTS, "{names:?}");
        for c in extremes() {
            let data = c.encode();
            assert!(data.len() <= MAX_BYTES, "{data} is {} bytes", data.len());
            assert_eq!(Callback::decode(&data), Some(c), "{data}");
        }
    }

    #[test]
    fn views_keep_the_payloads_old_messages_carry() {
        for (data, c) in [
            ("menu", Callback::Menu),
            ("log:start", Callback::Log(LogButton::Start)),
            ("st:menu", Callback::Stats(StatsView::Me)),
            ("st:top", Callback::Stats(StatsView::Top)),
            ("pr:show", Callback::Profile(ProfileButton::Show)),
            (
                "pr:h:3",
                Callback::Profile(ProfileButton::History { page: 3 }),
            ),
            ("info:points", Callback::Info(InfoPage::Points)),
            ("reg:start", Callback::Register(RegisterButton::Start)),
            ("fb:start", Callback::Feedback(FeedbackButton::Start)),
        ] {
            assert_eq!(Callback::decode(data), Some(c), "{data}");
        }
    }

    #[test]
    fn wizard_buttons_without_a_screen_and_junk_are_not_read() {
        for data in [
            "",
            "log:ok",
            "reg:accept",
            "log:d:2025-01-01",
            "log:m:30",
            "fb:r:3",
            "log:ok:xyz",
            "log:m:ff:+30",
            "log:m:ff: 30",
            "pr:h:",
            "pr:h:99999999999",
            "menu:",
            "nope:nope",
            "log:ok:ff:extra",
        ] {
            assert_eq!(Callback::decode(data), None, "{data:?}");
        }
    }

    proptest! {
        #[test]
        fn every_payload_fits_and_reads_back(c in any_callback()) {
            let data = c.encode();
            prop_assert!(data.len() <= MAX_BYTES, "{} is {} bytes", data, data.len());
            prop_assert_eq!(Callback::decode(&data), Some(c));
        }

        #[test]
        fn any_text_decodes_without_panicking(data in "\\PC{0,70}") {
            let _ = Callback::decode(&data);
        }
    }
}
