//! Finnish and English: every text a person reads comes from the Fluent
//! files under `locales/<language>/`, compiled into the binary.
//!
//! - [`Language`]: the languages, and choosing one from Telegram's
//!   `language_code` or a browser's `Accept-Language`.
//! - [`Message`] (built with [`msg!`](crate::msg)): a message id with its
//!   arguments. Rules and actions describe refusals this way; frontends
//!   render them in their reader's language, the CLI and logs in English.
//! - [`text`] / [`tr!`](crate::tr): a message rendered in a language.
//! - Formatting per language: numbers ("5,63" in Finnish), dates
//!   ("3.12.2026"), weekday and month names ([`format`]).
//!
//! This module is the bottom layer: it uses no other module of the crate,
//! and every other layer may use it.

pub mod data;
pub mod format;
mod language;
mod message;

use std::borrow::Cow;
use std::collections::HashMap;

use fluent_templates::LanguageIdentifier;
use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::fluent_bundle::types::{FluentNumber, FluentNumberOptions};

pub use language::{Language, UnknownLanguage};
pub use message::{Arg, Message};

fluent_templates::static_loader! {
    static LOCALES = {
        locales: "./locales",
        fallback_language: "en",
        customise: |bundle| {
            // Names are isolated where they are written (the bot's HTML,
            // the browser's own bidi handling); Fluent's isolation marks
            // would show up in Telegram and in copied text.
            bundle.set_use_isolating(false);
            if bundle.locales.first().is_some_and(|l| l.language.as_str() == "fi") {
                // Finnish writes a decimal comma: 5,63.
                bundle.set_formatter(Some(|value, _| match value {
                    FluentValue::Number(n) => Some(n.as_string().replace('.', ",")),
                    _ => None,
                }));
            }
        },
    };
}

impl Language {
    /// The language's identifier in the translation files.
    fn identifier(self) -> LanguageIdentifier {
        self.code()
            .parse()
            .expect("a language code is a valid identifier")
    }

    /// The message `id` without arguments, in this language.
    pub fn t(self, id: &'static str) -> String {
        Message::new(id).render(self)
    }
}

/// The message `id` without arguments in `language`.
pub fn text(language: Language, id: &'static str) -> String {
    language.t(id)
}

/// Renders `message` in `language`. A message missing from that language
/// (or failing to render) falls back to English and is logged; one missing
/// from English too shows its id, so that nothing is ever blank.
pub(crate) fn render(language: Language, message: &Message) -> String {
    if message.is_verbatim() {
        return message.id().to_string();
    }
    let args: HashMap<Cow<'static, str>, FluentValue<'static>> = message
        .args()
        .iter()
        .map(|(name, value)| (Cow::Borrowed(*name), fluent_value(language, value)))
        .collect();
    let args = (!args.is_empty()).then_some(&args);
    match LOCALES.lookup_single_language(&language.identifier(), message.id(), args) {
        Ok(text) => text,
        Err(error) => {
            tracing::warn!(
                language = language.code(),
                id = message.id(),
                error = %error,
                "a message could not be rendered"
            );
            if language == Language::English {
                message.id().to_string()
            } else {
                render(Language::English, message)
            }
        }
    }
}

fn fluent_value(language: Language, arg: &Arg) -> FluentValue<'static> {
    match arg {
        Arg::Text(text) => FluentValue::from(text.clone()),
        Arg::Int(n) => FluentValue::from(*n),
        Arg::Number(d) => {
            let value = d.to_string().parse::<f64>().unwrap_or(0.0);
            FluentValue::Number(FluentNumber::new(
                value,
                FluentNumberOptions {
                    minimum_fraction_digits: (d.scale() > 0).then_some(d.scale() as usize),
                    ..Default::default()
                },
            ))
        }
        Arg::Date(date) => FluentValue::from(format::date(language, *date)),
        Arg::Message(inner) => FluentValue::from(inner.render(language)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal::Decimal;

    #[test]
    fn numbers_take_the_languages_decimal_mark() {
        let points = Decimal::new(563, 2);
        let message = Message::new("points-amount").arg("points", points);
        assert_eq!(message.render(Language::English), "5.63 points");
        assert_eq!(message.render(Language::Finnish), "5,63 pistettä");
        let one = Message::new("points-amount").arg("points", 1_i64);
        assert_eq!(one.render(Language::English), "1 point");
        assert_eq!(one.render(Language::Finnish), "1 piste");
    }

    #[test]
    fn a_missing_message_falls_back_and_never_blanks() {
        assert_eq!(
            Message::new("no-such-message").render(Language::Finnish),
            "no-such-message"
        );
        assert_eq!(
            Message::verbatim("as is").render(Language::Finnish),
            "as is"
        );
    }
}
