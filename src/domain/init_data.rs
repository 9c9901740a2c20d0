//! Telegram Mini App `initData`: the signed query string Telegram hands a
//! Mini App, checked as Telegram documents ("Validating data received via
//! the Mini App"): the secret key is HMAC-SHA256 of the bot token keyed with
//! `WebAppData`; the hash is HMAC-SHA256 of the data-check-string (every
//! field but `hash`, as `key=value`, sorted by key, joined by newlines)
//! keyed with that secret.

use chrono::{DateTime, Utc};
use hmac::{Hmac, Mac};
use sha2::Sha256;

type HmacSha256 = Hmac<Sha256>;

/// The Telegram user an `initData` string vouches for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InitDataUser {
    /// The user's Telegram id.
    pub telegram_id: i64,
    /// Their first name, as Telegram sent it.
    pub first_name: String,
}

/// Why an `initData` string was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InitDataError {
    /// Nothing was sent.
    #[error("initData is missing: open the app from the bot, or send it in X-Telegram-Init-Data")]
    Missing,
    /// It is not a query string with the fields Telegram always sends.
    #[error("initData is malformed: {0}")]
    Malformed(String),
    /// The signature does not match: not signed with this bot's token, or altered.
    #[error("initData signature does not match: it was not issued for this bot or was altered")]
    BadSignature,
    /// It was signed too long ago.
    #[error(
        "initData has expired (signed {age_seconds} s ago, the limit is {max_age_seconds} s): reopen the app"
    )]
    Expired {
        /// How old it is.
        age_seconds: i64,
        /// The configured limit.
        max_age_seconds: i64,
    },
}

/// Checks `init_data` against the bot token and returns the user it names.
///
/// `auth_date` may be at most `max_age_seconds` old (and not more than a
/// minute in the future, to allow for clock skew).
pub fn validate_init_data(
    init_data: &str,
    bot_token: &str,
    now: DateTime<Utc>,
    max_age_seconds: i64,
) -> Result<InitDataUser, InitDataError> {
    let init_data = init_data.trim();
    if init_data.is_empty() {
        return Err(InitDataError::Missing);
    }
    let mut fields: Vec<(String, String)> = Vec::new();
    let mut hash = None;
    for (key, value) in url::form_urlencoded::parse(init_data.as_bytes()) {
        if key == "hash" {
            hash = Some(value.into_owned());
        } else {
            fields.push((key.into_owned(), value.into_owned()));
        }
    }
    let hash = hash.ok_or_else(|| InitDataError::Malformed("no hash field".into()))?;
    let expected = decode_hex(&hash)
        .filter(|h| h.len() == 32)
        .ok_or_else(|| InitDataError::Malformed("hash is not 64 hexadecimal digits".into()))?;
    fields.sort_by(|a, b| a.0.cmp(&b.0));
    let check_string = fields
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join("\n");
    let mut mac = HmacSha256::new_from_slice(&secret_key(bot_token)).expect("HMAC takes any key");
    mac.update(check_string.as_bytes());
    // `verify_slice` compares in constant time.
    mac.verify_slice(&expected)
        .map_err(|_| InitDataError::BadSignature)?;

    let field = |name: &str| fields.iter().find(|(k, _)| k == name).map(|(_, v)| v);
    let auth_date = field("auth_date")
        .and_then(|v| v.parse::<i64>().ok())
        .ok_or_else(|| InitDataError::Malformed("auth_date is missing or not a number".into()))?;
    let age_seconds = now.timestamp() - auth_date;
    if age_seconds > max_age_seconds || age_seconds < -60 {
        return Err(InitDataError::Expired {
            age_seconds,
            max_age_seconds,
        });
    }
    let user = field("user").ok_or_else(|| InitDataError::Malformed("no user field".into()))?;
    let user: serde_json::Value = serde_json::from_str(user)
        .map_err(|_| InitDataError::Malformed("user is not JSON".into()))?;
    let telegram_id = user
        .get("id")
        .and_then(serde_json::Value::as_i64)
        .ok_or_else(|| InitDataError::Malformed("user has no numeric id".into()))?;
    let first_name = user
        .get("first_name")
        .and_then(serde_json::Value::as_str)
        .unwrap_or_default()
        .to_string();
    Ok(InitDataUser {
        telegram_id,
        first_name,
    })
}

/// Signs `fields` as Telegram would for `bot_token` and returns the whole
/// `initData` query string: what a client (or a test) sends.
pub fn sign_init_data(fields: &[(&str, &str)], bot_token: &str) -> String {
    let mut sorted: Vec<_> = fields.to_vec();
    sorted.sort_by(|a, b| a.0.cmp(b.0));
    let check_string = sorted
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join("\n");
    let mut mac = HmacSha256::new_from_slice(&secret_key(bot_token)).expect("HMAC takes any key");
    mac.update(check_string.as_bytes());
    let hash: String = mac
        .finalize()
        .into_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let mut out = url::form_urlencoded::Serializer::new(String::new());
    for (k, v) in fields {
        out.append_pair(k, v);
    }
    out.append_pair("hash", &hash);
    out.finish()
}

fn secret_key(bot_token: &str) -> Vec<u8> {
    let mut mac = HmacSha256::new_from_slice(b"WebAppData").expect("HMAC takes any key");
    mac.update(bot_token.as_bytes());
    mac.finalize().into_bytes().to_vec()
}

fn decode_hex(text: &str) -> Option<Vec<u8>> {
    if !text.len().is_multiple_of(2) || !text.is_ascii() {
        return None;
    }
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&text[i..i + 2], 16).ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const TOKEN: &str = "123456789:AAEabcdefghijklmnopqrstuvwxyz012345";
    const USER: &str = r#"{"id":4242,"first_name":"Aino","last_name":"Virtanen"}"#;

    fn at(ts: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(ts, 0).unwrap()
    }

    #[test]
    fn known_vector_matches_an_independent_hmac_computation() {
        // Computed independently with Python's hmac module:
        // secret = hmac.new(b"WebAppData", TOKEN.encode(), sha256).digest()
        // hmac.new(secret, b"auth_date=1700000000\nquery_id=AAE1\nuser=" + USER, sha256).hexdigest()
        let signed = sign_init_data(
            &[
                ("query_id", "AAE1"),
                ("user", USER),
                ("auth_date", "1700000000"),
            ],
            TOKEN,
        );
        assert!(
            signed.ends_with(
                "&hash=bbe488006db14609302d9c62facd41cf1ea360ac5b50d796b15d7fa13d888603"
            ),
            "{signed}"
        );
        let user = validate_init_data(&signed, TOKEN, at(1_700_000_100), 86_400).unwrap();
        assert_eq!(
            user,
            InitDataUser {
                telegram_id: 4242,
                first_name: "Aino".into()
            }
        );
    }

    #[test]
    fn refuses_forged_altered_expired_and_malformed_data() {
        let signed = sign_init_data(&[("user", USER), ("auth_date", "1700000000")], TOKEN);
        let other_token = "987654321:AAEabcdefghijklmnopqrstuvwxyz012345";
        assert_eq!(
            validate_init_data(&signed, other_token, at(1_700_000_000), 86_400),
            Err(InitDataError::BadSignature)
        );
        let altered = signed.replace("4242", "4243");
        assert_eq!(
            validate_init_data(&altered, TOKEN, at(1_700_000_000), 86_400),
            Err(InitDataError::BadSignature)
        );
        assert!(matches!(
            validate_init_data(&signed, TOKEN, at(1_700_000_000 + 86_401), 86_400),
            Err(InitDataError::Expired { .. })
        ));
        assert_eq!(
            validate_init_data("", TOKEN, at(0), 86_400),
            Err(InitDataError::Missing)
        );
        assert!(matches!(
            validate_init_data("user=x", TOKEN, at(0), 86_400),
            Err(InitDataError::Malformed(_))
        ));
        assert!(matches!(
            validate_init_data("user=x&hash=zz", TOKEN, at(0), 86_400),
            Err(InitDataError::Malformed(_))
        ));
    }

    #[test]
    fn signed_without_a_user_is_malformed() {
        let signed = sign_init_data(&[("auth_date", "1700000000")], TOKEN);
        assert_eq!(
            validate_init_data(&signed, TOKEN, at(1_700_000_000), 60),
            Err(InitDataError::Malformed("no user field".into()))
        );
    }
}
