//! QR codes as inline SVG, for adding an authenticator secret with a
//! phone's camera. Drawn with presentation attributes only (the CSP
//! forbids inline styles).

use std::fmt::Write as _;

use qrcodegen::{QrCode, QrCodeEcc};

/// The text as an SVG QR code described by `label` for screen readers,
/// or `None` if it is too long for one.
pub fn svg(text: &str, label: &str) -> Option<String> {
    let label = askama::filters::escape(label, askama::filters::Html)
        .map(|safe| safe.to_string())
        .unwrap_or_default();
    let qr = QrCode::encode_text(text, QrCodeEcc::Medium).ok()?;
    let border = 4;
    let size = qr.size() + border * 2;
    let mut path = String::new();
    for y in 0..qr.size() {
        for x in 0..qr.size() {
            if qr.get_module(x, y) {
                let _ = write!(path, "M{},{}h1v1h-1z", x + border, y + border);
            }
        }
    }
    Some(format!(
        r##"<svg class="qr" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" role="img" aria-label="{label}"><rect width="100%" height="100%" fill="#fff"/><path d="{path}" fill="#000"/></svg>"##
    ))
}

#[cfg(test)]
mod tests {
    #[test]
    fn draws_a_square_code() {
        let svg = super::svg("otpauth://totp/x?secret=ABC", "QR").unwrap();
        assert!(svg.starts_with("<svg") && svg.contains("<path d=\"M"));
    }
}
