//! A text to be shown to a person, not yet in any language: the id of a
//! message in the translation files and its arguments. Rules and actions
//! say what went wrong as a [`Message`]; each frontend renders it in the
//! language of whoever reads it ([`Message::render`]), and the CLI and the
//! logs in English ([`Message`]'s `Display`).

use std::borrow::Cow;
use std::fmt;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::Language;

/// One argument of a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Arg {
    /// Text shown as is: a name, a title, what someone typed.
    Text(String),
    /// A whole number (also selects plural forms).
    Int(i64),
    /// A decimal number, shown with its scale's digits ("5.63", Finnish
    /// "5,63").
    Number(Decimal),
    /// A date, written the language's way ("2026-12-03", "3.12.2026").
    Date(NaiveDate),
    /// Another message, rendered in the same language (a field's name, an
    /// intensity).
    Message(Box<Message>),
}

/// A message id with its arguments, or a text that has no translation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    id: Cow<'static, str>,
    args: Vec<(&'static str, Arg)>,
    /// A text given as is (a database's or a tool's own words), the same in
    /// every language.
    verbatim: bool,
}

impl Message {
    /// The message `id` of the translation files, without arguments yet.
    pub fn new(id: &'static str) -> Message {
        Message {
            id: Cow::Borrowed(id),
            args: Vec::new(),
            verbatim: false,
        }
    }

    /// A text that is not translated (technical detail from elsewhere); it
    /// reads the same in every language.
    pub fn verbatim(text: impl Into<String>) -> Message {
        Message {
            id: Cow::Owned(text.into()),
            args: Vec::new(),
            verbatim: true,
        }
    }

    /// Adds the argument `name`.
    pub fn arg(mut self, name: &'static str, value: impl Into<Arg>) -> Message {
        self.args.push((name, value.into()));
        self
    }

    /// The message id (or the verbatim text).
    pub fn id(&self) -> &str {
        &self.id
    }

    /// True for a text that has no translation.
    pub fn is_verbatim(&self) -> bool {
        self.verbatim
    }

    /// The arguments, in the order given.
    pub fn args(&self) -> &[(&'static str, Arg)] {
        &self.args
    }

    /// The message in `language`.
    pub fn render(&self, language: Language) -> String {
        super::render(language, self)
    }

    /// The message in English, for the CLI and the logs.
    pub fn english(&self) -> String {
        self.render(Language::English)
    }
}

impl fmt::Display for Message {
    /// English: the CLI's and the logs' language.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.english())
    }
}

impl From<&str> for Arg {
    fn from(v: &str) -> Arg {
        Arg::Text(v.to_string())
    }
}

impl From<String> for Arg {
    fn from(v: String) -> Arg {
        Arg::Text(v)
    }
}

impl From<&String> for Arg {
    fn from(v: &String) -> Arg {
        Arg::Text(v.clone())
    }
}

macro_rules! int_arg {
    ($($t:ty),*) => {$(
        impl From<$t> for Arg {
            fn from(v: $t) -> Arg {
                Arg::Int(i64::try_from(v).unwrap_or(i64::MAX))
            }
        }
    )*};
}
int_arg!(i64, i32, u8, u16, u32, u64, usize);

// Templates hand their values over by reference.
macro_rules! ref_arg {
    ($($t:ty),*) => {$(
        impl From<&$t> for Arg {
            fn from(v: &$t) -> Arg {
                Arg::from(*v)
            }
        }
    )*};
}
ref_arg!(i64, i32, u8, u16, u32, u64, usize, Decimal, NaiveDate);

impl From<Decimal> for Arg {
    fn from(v: Decimal) -> Arg {
        Arg::Number(v)
    }
}

impl From<NaiveDate> for Arg {
    fn from(v: NaiveDate) -> Arg {
        Arg::Date(v)
    }
}

impl From<Message> for Arg {
    fn from(v: Message) -> Arg {
        Arg::Message(Box::new(v))
    }
}

/// `msg!("id", name = value, …)`: a [`Message`] with its arguments.
#[macro_export]
macro_rules! msg {
    ($id:literal $(, $name:ident = $value:expr)* $(,)?) => {
        $crate::i18n::Message::new($id)$(.arg(stringify!($name), $value))*
    };
}

/// `tr!(language, "id", name = value, …)`: a message rendered in `language`.
#[macro_export]
macro_rules! tr {
    ($language:expr, $id:literal $(, $name:ident = $value:expr)* $(,)?) => {
        $crate::i18n::Message::new($id)$(.arg(stringify!($name), $value))*.render($language)
    };
}
