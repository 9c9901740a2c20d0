//! Webhook mode: Telegram posts updates to a route on the main HTTP server,
//! which checks the secret-token header and hands them to the dispatcher.

use std::convert::Infallible;
use std::sync::Arc;

use futures_util::StreamExt;
use futures_util::stream::BoxStream;
use poem::http::StatusCode;
use poem::web::Data;
use poem::{Body, Request, handler};
use teloxide::stop::{StopFlag, StopToken, mk_stop_token};
use teloxide::types::Update;
use teloxide::update_listeners::{AsUpdateStream, UpdateListener};
use tokio::sync::mpsc;

use crate::config::Secret;

/// How many received updates may wait for the dispatcher before Telegram
/// is asked (with a 503) to retry later.
const QUEUE: usize = 1024;

/// The HTTP side: where the route puts the updates it accepted.
#[derive(Clone, Debug)]
pub struct WebhookInbox {
    path: String,
    secret: Secret,
    sender: mpsc::Sender<Update>,
}

impl WebhookInbox {
    /// The path the route is mounted at.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The route's endpoint, for the HTTP server to mount at [`path`](Self::path).
    pub fn endpoint(self: &Arc<Self>) -> poem::endpoint::BoxEndpoint<'static> {
        use poem::EndpointExt as _;
        poem::post(receive)
            .data(self.clone())
            .map_to_response()
            .boxed()
    }
}

/// The dispatcher side: a stream of the updates the route accepted.
pub struct WebhookListener {
    receiver: Option<mpsc::Receiver<Update>>,
    token: StopToken,
    flag: StopFlag,
}

/// A connected inbox and listener for the route at `path`.
pub fn channel(path: &str, secret: Secret) -> (WebhookInbox, WebhookListener) {
    let (sender, receiver) = mpsc::channel(QUEUE);
    let (token, flag) = mk_stop_token();
    (
        WebhookInbox {
            path: path.to_string(),
            secret,
            sender,
        },
        WebhookListener {
            receiver: Some(receiver),
            token,
            flag,
        },
    )
}

impl<'a> AsUpdateStream<'a> for WebhookListener {
    type StreamErr = Infallible;
    type Stream = BoxStream<'a, Result<Update, Infallible>>;

    fn as_stream(&'a mut self) -> Self::Stream {
        match self.receiver.take() {
            Some(mut receiver) => futures_util::stream::poll_fn(move |cx| receiver.poll_recv(cx))
                .map(Ok)
                .take_until(self.flag.clone())
                .boxed(),
            None => futures_util::stream::empty().boxed(),
        }
    }
}

impl UpdateListener for WebhookListener {
    type Err = Infallible;

    fn stop_token(&mut self) -> StopToken {
        self.token.clone()
    }
}

/// Compares two byte strings in time independent of where they differ.
fn same_secret(given: &[u8], expected: &[u8]) -> bool {
    given.len() == expected.len()
        && given
            .iter()
            .zip(expected)
            .fold(0u8, |acc, (a, b)| acc | (a ^ b))
            == 0
}

/// A webhook body read as a Telegram update.
pub fn parse_update(body: &[u8]) -> Result<Update, serde_json::Error> {
    serde_json::from_slice(body)
}

/// `POST <path>`: one update from Telegram.
#[handler]
pub async fn receive(request: &Request, body: Body, inbox: Data<&Arc<WebhookInbox>>) -> StatusCode {
    let given = request
        .headers()
        .get("X-Telegram-Bot-Api-Secret-Token")
        .map(|v| v.as_bytes())
        .unwrap_or_default();
    if !same_secret(given, inbox.secret.expose().as_bytes()) {
        return StatusCode::UNAUTHORIZED;
    }
    let Ok(bytes) = body.into_bytes_limit(1 << 20).await else {
        return StatusCode::PAYLOAD_TOO_LARGE;
    };
    let update = match parse_update(&bytes) {
        Ok(u) => u,
        Err(e) => {
            tracing::warn!(error = %e, "the webhook received something that is not an update");
            return StatusCode::BAD_REQUEST;
        }
    };
    match inbox.sender.try_send(update) {
        Ok(()) => StatusCode::OK,
        Err(mpsc::error::TrySendError::Full(_)) => StatusCode::SERVICE_UNAVAILABLE,
        Err(mpsc::error::TrySendError::Closed(_)) => StatusCode::SERVICE_UNAVAILABLE,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn the_stream_ends_when_stopped() {
        let (_inbox, mut listener) = channel("/hook", Secret::new("s"));
        let token = listener.stop_token();
        let mut stream = listener.as_stream();
        token.stop();
        let next = tokio::time::timeout(std::time::Duration::from_secs(2), stream.next()).await;
        assert!(matches!(next, Ok(None)), "the stream ended");
    }

    #[test]
    fn secrets_are_compared_whole() {
        assert!(same_secret(b"abc", b"abc"));
        assert!(!same_secret(b"abd", b"abc"));
        assert!(!same_secret(b"ab", b"abc"));
        assert!(!same_secret(b"", b"abc"));
    }
}
