//! The language of the request being answered, for the HTTP frontends.
//!
//! Each frontend's middleware picks it once per request (a remembered
//! choice, else the browser's `Accept-Language`) and runs the request in
//! [`scope`]; whatever renders a page, a flash message or an error body
//! reads it back with [`current`], however deep it is. An admin's stored
//! choice, read with the session, replaces it with [`set`].

use std::cell::Cell;
use std::future::Future;

use poem::Request;
use poem::http::header::{ACCEPT_LANGUAGE, COOKIE};

use crate::i18n::Language;

tokio::task_local! {
    static LANGUAGE: Cell<Language>;
}

/// The language of the request being answered (English outside one).
pub fn current() -> Language {
    LANGUAGE.try_with(Cell::get).unwrap_or_default()
}

/// Changes the language of the request being answered.
pub fn set(language: Language) {
    let _ = LANGUAGE.try_with(|l| l.set(language));
}

/// Runs `future` as the answer to a request in `language`.
pub async fn scope<F: Future>(language: Language, future: F) -> F::Output {
    LANGUAGE.scope(Cell::new(language), future).await
}

/// The language a request asks for: the cookie `cookie_name` when it
/// names one of ours, else the `Accept-Language` header, else English.
pub fn of_request(req: &Request, cookie_name: Option<&str>) -> Language {
    if let Some(name) = cookie_name
        && let Some(chosen) = cookie(req, name).and_then(|v| Language::from_code(&v))
    {
        return chosen;
    }
    req.headers()
        .get(ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .map(Language::from_accept_language)
        .unwrap_or_default()
}

fn cookie(req: &Request, name: &str) -> Option<String> {
    req.headers()
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_string())
}
