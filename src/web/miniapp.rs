//! The Telegram Mini App at `/app`: my progress, my activity mix, the guild
//! battle and the top participants, drawn as SVG charts in the browser by
//! our own small scripts from the JSON API. Telegram's own WebApp script is
//! loaded from telegram.org, as Telegram documents; the page's
//! Content-Security-Policy allows that and nothing else from outside (no
//! inline scripts or styles either), and lets only Telegram's web clients
//! frame the page.

use std::sync::LazyLock;

use askama::Template;
use askama_web::WebTemplate;
use poem::http::StatusCode;
use poem::middleware::SetHeader;
use poem::web::Path;
use poem::{EndpointExt, Request, Response, Route, get, handler};
use sha2::{Digest, Sha256};

use crate::i18n::Language;

/// The Mini App page's Content-Security-Policy.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self' https://telegram.org; \
     style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; object-src 'none'; \
     form-action 'none'; frame-ancestors https://web.telegram.org https://*.telegram.org";

/// The app's files, compiled into the binary: `cargo run` serves the whole
/// Mini App with no build step.
const ASSETS: [(&str, &str, &str); 3] = [
    (
        "app.css",
        include_str!("../../static/miniapp/app.css"),
        "text/css; charset=utf-8",
    ),
    (
        "charts.js",
        include_str!("../../static/miniapp/charts.js"),
        "text/javascript; charset=utf-8",
    ),
    (
        "app.js",
        include_str!("../../static/miniapp/app.js"),
        "text/javascript; charset=utf-8",
    ),
];

/// A digest of the files, added to their addresses so a phone can keep
/// them for good and still gets the new ones after an upgrade.
static VERSION: LazyLock<String> = LazyLock::new(|| {
    let mut hash = Sha256::new();
    for (name, body, _) in ASSETS {
        hash.update(name.as_bytes());
        hash.update(body.as_bytes());
    }
    hash.finalize()[..6]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
});

/// A tab of the app: its panel is drawn by `app.js` under the same id.
pub struct Tab {
    pub id: &'static str,
    /// The message id of its label.
    pub label: &'static str,
    /// The icon: an SVG path drawn with a 2-pixel stroke on a 24×24 grid.
    pub icon: &'static str,
}

/// The tabs, left to right; the first opens first.
pub const TABS: [Tab; 4] = [
    Tab {
        id: "me",
        label: "app-tab-me",
        icon: "M3 17l6-6 4 4 8-8M15 7h6v6",
    },
    Tab {
        id: "mix",
        label: "app-tab-mix",
        icon: "M12 3a9 9 0 1 0 9 9h-9zM15 2.6A9 9 0 0 1 21.4 9H15z",
    },
    Tab {
        id: "guilds",
        label: "app-tab-guilds",
        icon: "M4 20V11M10 20V5M16 20v-6M22 20V9M2 20h20",
    },
    Tab {
        id: "top",
        label: "app-tab-top",
        icon: "M8 4h8v6a4 4 0 0 1-8 0zM8 6H4a3 3 0 0 0 4 4M16 6h4a3 3 0 0 1-4 4M12 14v4M8 21h8",
    },
];

#[derive(Template, WebTemplate)]
#[template(path = "miniapp/app.html")]
struct AppPage {
    lang: Language,
    version: &'static str,
    tabs: &'static [Tab],
    /// The app's messages in `lang`, as JSON for `app.js` (see
    /// [`crate::i18n::data`]), safe inside a `<script>` element.
    messages: String,
}

/// The page in the language the person chose in the bot (the bot's button
/// adds `?lang=`), else their device's (`Accept-Language`).
#[handler]
fn page(req: &Request) -> AppPage {
    let chosen = req
        .uri()
        .query()
        .and_then(|q| url::form_urlencoded::parse(q.as_bytes()).find(|(k, _)| k == "lang"))
        .and_then(|(_, v)| Language::from_code(&v));
    let lang = chosen.unwrap_or_else(|| crate::web::language::of_request(req, None));
    let messages = crate::i18n::data::messages_with_prefix(lang, "app-")
        .to_string()
        // Inside a script element nothing may look like a closing tag.
        .replace('<', "\\u003c");
    AppPage {
        lang,
        version: VERSION.as_str(),
        tabs: &TABS,
        messages,
    }
}

#[handler]
fn asset(Path(file): Path<String>) -> Response {
    let Some((_, body, content_type)) = ASSETS.iter().find(|(name, _, _)| *name == file) else {
        return Response::builder().status(StatusCode::NOT_FOUND).finish();
    };
    Response::builder()
        .content_type(*content_type)
        // The page asks for `?v=<digest>`, so a changed file has a new address.
        .header("Cache-Control", "public, max-age=31536000, immutable")
        .body(*body)
}

/// The Mini App's routes, to be nested under `/app`.
pub fn routes() -> impl poem::Endpoint {
    Route::new()
        // The page names the files' current digest, so it is never kept stale.
        .at(
            "/",
            get(page).with(
                SetHeader::new()
                    .overriding("Cache-Control", "no-cache")
                    .overriding("Vary", "Accept-Language"),
            ),
        )
        .at("/static/:file", get(asset))
        .with(
            SetHeader::new()
                .overriding("Content-Security-Policy", CONTENT_SECURITY_POLICY)
                .overriding("X-Content-Type-Options", "nosniff")
                .overriding("Referrer-Policy", "no-referrer"),
        )
}
