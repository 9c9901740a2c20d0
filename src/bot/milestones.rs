//! The competition's milestone messages as participants read them: it
//! starts tomorrow, a few days are left, the final results.

use crate::domain::Points;
use crate::domain::milestones::{MilestoneMessage, Standing};
use crate::i18n::Language;
use crate::tr;

use super::texts::name;

/// The text of a milestone message in `lang`.
pub(super) fn milestone_text(lang: Language, milestone: &MilestoneMessage) -> String {
    match milestone {
        MilestoneMessage::StartsTomorrow {
            competition,
            start,
            end,
        } => tr!(
            lang,
            "bot-milestone-starts-tomorrow",
            competition = name(competition),
            start = *start,
            end = *end
        ),
        MilestoneMessage::DaysLeft {
            competition,
            days,
            end,
            standing,
        } => {
            let mut text = tr!(
                lang,
                "bot-milestone-days-left",
                competition = name(competition),
                days = *days,
                end = *end
            );
            push_standing(&mut text, lang, standing);
            text
        }
        MilestoneMessage::FinalResults {
            competition,
            podium,
            standing,
        } => {
            let mut text = tr!(
                lang,
                "bot-milestone-final-results",
                competition = name(competition)
            );
            for guild in podium {
                text.push('\n');
                text.push_str(&tr!(
                    lang,
                    "bot-milestone-podium",
                    rank = guild.rank,
                    guild = name(&guild.name),
                    score = guild.score()
                ));
            }
            push_standing(&mut text, lang, standing);
            text.push_str("\n\n");
            text.push_str(&lang.t("bot-milestone-thanks"));
            text
        }
    }
}

/// Adds the person's points and rank, and their guild's place.
fn push_standing(text: &mut String, lang: Language, standing: &Standing) {
    text.push_str("\n\n");
    text.push_str(&tr!(
        lang,
        "bot-milestone-standing",
        points = Points::from_cents(standing.points_cents),
        rank = standing.rank,
        participants = standing.participants
    ));
    if let Some(guild) = &standing.guild {
        text.push('\n');
        text.push_str(&tr!(
            lang,
            "bot-milestone-guild",
            guild = name(&guild.name),
            rank = guild.rank,
            guilds = guild.guilds
        ));
    }
}
