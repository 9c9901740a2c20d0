//! The Telegram Mini App at `/app`: my progress, the guild battle and the
//! hall of fame, drawn by a small script from the JSON API. Telegram's own
//! WebApp script is loaded from telegram.org, as Telegram documents; the
//! page's Content-Security-Policy allows that and nothing else from outside,
//! and lets only Telegram's web clients frame the page.

use askama::Template;
use askama_web::WebTemplate;
use poem::http::StatusCode;
use poem::middleware::SetHeader;
use poem::web::Path;
use poem::{EndpointExt, Response, Route, get, handler};

/// The Mini App page's Content-Security-Policy.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self' https://telegram.org; \
     style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; object-src 'none'; \
     form-action 'none'; frame-ancestors https://web.telegram.org https://*.telegram.org";

const CSS: &str = include_str!("../../static/miniapp/app.css");
const JS: &str = include_str!("../../static/miniapp/app.js");

#[derive(Template, WebTemplate)]
#[template(path = "miniapp/app.html")]
struct AppPage {
    title: &'static str,
}

#[handler]
fn page() -> AppPage {
    AppPage {
        title: "Activity Challenge",
    }
}

#[handler]
fn asset(Path(file): Path<String>) -> Response {
    let (body, content_type) = match file.as_str() {
        "app.css" => (CSS, "text/css; charset=utf-8"),
        "app.js" => (JS, "text/javascript; charset=utf-8"),
        _ => return Response::builder().status(StatusCode::NOT_FOUND).finish(),
    };
    Response::builder()
        .content_type(content_type)
        .header("Cache-Control", "public, max-age=3600")
        .body(body)
}

/// The Mini App's routes, to be nested under `/app`.
pub fn routes() -> impl poem::Endpoint {
    Route::new()
        .at("/", get(page))
        .at("/static/:file", get(asset))
        .with(
            SetHeader::new()
                .overriding("Content-Security-Policy", CONTENT_SECURITY_POLICY)
                .overriding("X-Content-Type-Options", "nosniff")
                .overriding("Referrer-Policy", "no-referrer"),
        )
}
