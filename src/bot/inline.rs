//! Inline search: typing `@botname swim` in any chat lists the catalogue's
//! matches, each an article with its name, intensity and MET value; the
//! chosen one is sent into that chat as a short text that says how to log
//! it in the bot. An empty query lists the activities logged most often.
//! Telegram sends such queries only once the bot's inline mode is on
//! (BotFather's `/setinline`).

use std::time::{Duration, Instant};

use teloxide::types::{
    InlineQuery, InlineQueryResult, InlineQueryResultArticle, InputMessageContent,
    InputMessageContentText,
};

use super::BotContext;
use crate::domain::CatalogueEntry;
use crate::domain::catalogue_names::{activity_name, category_name};
use crate::i18n::Language;
use crate::tr;

/// Activities a query lists at most (each with its intensities).
const ACTIVITIES: usize = 8;
/// Results at most (Telegram takes up to 50).
const RESULTS: usize = 20;
/// How long Telegram may keep an answer for the same person and text.
const CACHE_SECONDS: u32 = 300;
/// How long the most logged activities are reused before asked again.
const POPULAR_FOR: Duration = Duration::from_secs(600);
/// When nothing has been logged yet: everyday activities, by Compendium code
/// (walking, running, cycling, swimming, yoga, weight training…).
const EVERYDAY: &[&str] = &[
    "17200", "12028", "01252", "18310", "02175", "02054", "17080", "19080",
];

/// The most logged activities, kept for a while: an empty query comes with
/// every `@botname` typed, and counting every activity each time would be
/// the most expensive thing the bot does.
#[derive(Debug, Default)]
pub struct Popular {
    cached: std::sync::Mutex<Option<(Instant, Vec<String>)>>,
}

impl Popular {
    async fn codes(&self, ctx: &BotContext) -> anyhow::Result<Vec<String>> {
        if let Some((at, codes)) = self
            .cached
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .as_ref()
            && at.elapsed() < POPULAR_FOR
        {
            return Ok(codes.clone());
        }
        let mut codes = ctx.app.store.most_logged_codes(RESULTS as u64).await?;
        for code in EVERYDAY {
            if codes.len() >= RESULTS {
                break;
            }
            if !codes.iter().any(|c| c == code) {
                codes.push((*code).to_string());
            }
        }
        *self.cached.lock().unwrap_or_else(|e| e.into_inner()) =
            Some((Instant::now(), codes.clone()));
        Ok(codes)
    }
}

/// Answers an inline query with the catalogue's matches.
pub async fn answer(ctx: &BotContext, query: &InlineQuery) -> anyhow::Result<()> {
    // The language the person chose in the bot, else their Telegram app's.
    let chosen = ctx.app.store.bot_language(query.from.id.0 as i64).await?;
    let lang = chosen
        .as_deref()
        .and_then(Language::from_code)
        .unwrap_or_else(|| Language::from_telegram(query.from.language_code.as_deref()));
    let catalogue = &ctx.app.catalogue;
    let text = query.query.trim();
    let entries: Vec<&CatalogueEntry> = if text.is_empty() {
        ctx.popular
            .codes(ctx)
            .await?
            .iter()
            .filter_map(|c| catalogue.entry_by_code(c))
            .collect()
    } else {
        catalogue
            .search(text, ACTIVITIES)
            .into_iter()
            .flat_map(|(_, activity)| activity.entries.iter())
            .collect()
    };
    let bot = ctx.gate.username().map(|u| format!("@{u}"));
    let results: Vec<InlineQueryResult> = entries
        .into_iter()
        .take(RESULTS)
        .map(|entry| InlineQueryResult::Article(article(ctx, lang, entry, bot.as_deref())))
        .collect();
    ctx.telegram
        .answer_inline(&query.id, results, CACHE_SECONDS)
        .await?;
    Ok(())
}

/// One result: "Running (Moderate)", "9.8 MET · Running" below it; chosen,
/// it sends "Running (Moderate) · 9.8 MET" and how to log it in the bot.
fn article(
    ctx: &BotContext,
    lang: Language,
    entry: &CatalogueEntry,
    bot: Option<&str>,
) -> InlineQueryResultArticle {
    let label = entry.label_in(lang);
    let name = activity_name(lang, &entry.activity);
    let category = ctx
        .app
        .catalogue
        .category(&entry.category)
        .map_or(entry.category.as_str(), |c| category_name(lang, c));
    let example = format!("{} 30", name.to_lowercase());
    let message = match bot {
        Some(bot) => tr!(
            lang,
            "bot-inline-message",
            activity = label.as_str(),
            met = entry.met,
            bot = bot,
            example = example
        ),
        None => tr!(
            lang,
            "bot-inline-message-plain",
            activity = label.as_str(),
            met = entry.met,
            example = example
        ),
    };
    InlineQueryResultArticle::new(
        entry.code.clone(),
        label.clone(),
        InputMessageContent::Text(InputMessageContentText::new(message)),
    )
    .description(tr!(
        lang,
        "bot-inline-description",
        met = entry.met,
        category = category
    ))
}
