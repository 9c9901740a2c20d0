//! The panel's stylesheet and script, built into the binary.

use poem::http::StatusCode;
use poem::web::Path;
use poem::{Response, handler};

const CSS: &str = include_str!("../../../static/admin/admin.css");
const JS: &str = include_str!("../../../static/admin/admin.js");

/// `GET /admin/static/:file`.
#[handler]
pub async fn serve(Path(file): Path<String>) -> Response {
    let (body, content_type) = match file.as_str() {
        "admin.css" => (CSS, "text/css; charset=utf-8"),
        "admin.js" => (JS, "text/javascript; charset=utf-8"),
        _ => return Response::builder().status(StatusCode::NOT_FOUND).finish(),
    };
    Response::builder()
        .content_type(content_type)
        .header("Cache-Control", "public, max-age=3600")
        .body(body)
}
