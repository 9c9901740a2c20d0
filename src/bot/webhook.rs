//! Webhook mode: Telegram posts updates to a route on the main HTTP server,
//! which checks the secret-token header and hands them to the dispatcher.
//! The route is there from the start; updates wait in its queue while the
//! bot is (re)starting, and each start takes a new listener on the same
//! queue.

use std::convert::Infallible;
use std::sync::{Arc, Mutex};

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
use crate::metrics::BotStatus;

/// How many received updates may wait for the dispatcher before Telegram
/// is asked (with a 503) to retry later.
const QUEUE: usize = 1024;

/// The HTTP side: where the route puts the updates it accepted.
#[derive(Clone, Debug)]
pub struct WebhookInbox {
    path: String,
    secret: Secret,
    sender: mpsc::Sender<Update>,
    status: Option<BotStatus>,
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

/// The received updates' queue, waiting for the next listener.
type Slot = Arc<Mutex<Option<mpsc::Receiver<Update>>>>;

/// The dispatcher side's source: hands out one listener per start of the
/// bot, all reading the same queue.
#[derive(Clone)]
pub struct WebhookSource {
    slot: Slot,
}

impl WebhookSource {
    /// A listener on the queue (one at a time: the queue goes back to the
    /// source when the listener's stream ends).
    pub fn listener(&self) -> WebhookListener {
        let (token, flag) = mk_stop_token();
        WebhookListener {
            slot: self.slot.clone(),
            token,
            flag,
        }
    }
}

/// The dispatcher side: a stream of the updates the route accepted.
pub struct WebhookListener {
    slot: Slot,
    token: StopToken,
    flag: StopFlag,
}

/// A connected inbox and listener source for the route at `path`;
/// accepted deliveries are reported to `status` when given.
pub fn channel(
    path: &str,
    secret: Secret,
    status: Option<BotStatus>,
) -> (WebhookInbox, WebhookSource) {
    let (sender, receiver) = mpsc::channel(QUEUE);
    (
        WebhookInbox {
            path: path.to_string(),
            secret,
            sender,
            status,
        },
        WebhookSource {
            slot: Arc::new(Mutex::new(Some(receiver))),
        },
    )
}

/// The queue, lent to one stream and given back when the stream is dropped.
struct Lease {
    receiver: Option<mpsc::Receiver<Update>>,
    slot: Slot,
}

impl Drop for Lease {
    fn drop(&mut self) {
        if let Some(receiver) = self.receiver.take() {
            *self.slot.lock().unwrap_or_else(|e| e.into_inner()) = Some(receiver);
        }
    }
}

impl<'a> AsUpdateStream<'a> for WebhookListener {
    type StreamErr = Infallible;
    type Stream = BoxStream<'a, Result<Update, Infallible>>;

    fn as_stream(&'a mut self) -> Self::Stream {
        let receiver = self.slot.lock().unwrap_or_else(|e| e.into_inner()).take();
        let Some(receiver) = receiver else {
            return futures_util::stream::empty().boxed();
        };
        let mut lease = Lease {
            receiver: Some(receiver),
            slot: self.slot.clone(),
        };
        futures_util::stream::poll_fn(move |cx| match lease.receiver.as_mut() {
            Some(receiver) => receiver.poll_recv(cx),
            None => std::task::Poll::Ready(None),
        })
        .map(Ok)
        .take_until(self.flag.clone())
        .boxed()
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
        Ok(()) => {
            if let Some(status) = &inbox.status {
                status.heard_from_telegram();
            }
            StatusCode::OK
        }
        Err(mpsc::error::TrySendError::Full(_)) => StatusCode::SERVICE_UNAVAILABLE,
        Err(mpsc::error::TrySendError::Closed(_)) => StatusCode::SERVICE_UNAVAILABLE,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn the_stream_ends_when_stopped() {
        let (_inbox, source) = channel("/hook", Secret::new("s"), None);
        let mut listener = source.listener();
        let token = listener.stop_token();
        let mut stream = listener.as_stream();
        token.stop();
        let next = tokio::time::timeout(std::time::Duration::from_secs(2), stream.next()).await;
        assert!(matches!(next, Ok(None)), "the stream ended");
    }

    #[tokio::test]
    async fn the_next_listener_gets_what_arrived_between_two_starts() {
        let (inbox, source) = channel("/hook", Secret::new("s"), None);
        let mut first = source.listener();
        let token = first.stop_token();
        drop(first.as_stream());
        token.stop();
        let update: Update = serde_json::from_value(serde_json::json!({
            "update_id": 7,
            "message": {"message_id": 1, "date": 0, "chat": {"id": 1, "type": "private", "first_name": "A"}, "text": "hi"}
        }))
        .unwrap();
        inbox.sender.try_send(update).unwrap();
        let mut second = source.listener();
        let mut stream = second.as_stream();
        let next = tokio::time::timeout(std::time::Duration::from_secs(2), stream.next()).await;
        assert!(
            matches!(next, Ok(Some(Ok(ref u))) if u.id.0 == 7),
            "{next:?}"
        );
    }

    #[test]
    fn secrets_are_compared_whole() {
        assert!(same_secret(b"abc", b"abc"));
        assert!(!same_secret(b"abd", b"abc"));
        assert!(!same_secret(b"ab", b"abc"));
        assert!(!same_secret(b"", b"abc"));
    }
}
