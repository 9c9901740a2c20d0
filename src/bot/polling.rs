//! Long polling: `getUpdates` in a loop. Every answer tells the
//! [`BotStatus`] that Telegram was heard from; the first failed call ends
//! the stream and is kept for the supervisor, which reports it and starts
//! the bot again after a pause. The offset outlives the stream, so a
//! restart neither loses nor repeats updates.

use std::collections::VecDeque;
use std::convert::Infallible;
use std::sync::atomic::{AtomicI32, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use futures_util::StreamExt;
use futures_util::stream::BoxStream;
use teloxide::RequestError;
use teloxide::stop::{StopFlag, StopToken, mk_stop_token};
use teloxide::types::{AllowedUpdate, Update};
use teloxide::update_listeners::{AsUpdateStream, UpdateListener};

use super::telegram::Telegram;
use crate::metrics::BotStatus;

/// Where the failure that ended a stream is left for the supervisor.
pub type FailureSlot = Arc<Mutex<Option<RequestError>>>;

/// An update source that polls Telegram until stopped or until a call fails.
pub struct LongPolling {
    telegram: Telegram,
    timeout: u32,
    offset: Arc<AtomicI32>,
    status: BotStatus,
    allowed: Option<Vec<AllowedUpdate>>,
    token: StopToken,
    flag: Option<StopFlag>,
    failure: FailureSlot,
}

impl LongPolling {
    /// Polls through `telegram` (which should not retry: a failure ends
    /// the stream), waiting up to `timeout` per call, from `offset` on.
    pub fn new(
        telegram: Telegram,
        timeout: Duration,
        offset: Arc<AtomicI32>,
        status: BotStatus,
    ) -> LongPolling {
        let (token, flag) = mk_stop_token();
        LongPolling {
            telegram,
            timeout: u32::try_from(timeout.as_secs()).unwrap_or(u32::MAX),
            offset,
            status,
            allowed: None,
            token,
            flag: Some(flag),
            failure: Arc::new(Mutex::new(None)),
        }
    }

    /// Where the error that ended the stream will be, if one did.
    pub fn failure(&self) -> FailureSlot {
        self.failure.clone()
    }
}

impl UpdateListener for LongPolling {
    type Err = Infallible;

    fn stop_token(&mut self) -> StopToken {
        self.token.clone()
    }

    fn hint_allowed_updates(&mut self, hint: &mut dyn Iterator<Item = AllowedUpdate>) {
        self.allowed = Some(hint.collect());
    }
}

struct Poll {
    telegram: Telegram,
    timeout: u32,
    offset: Arc<AtomicI32>,
    status: BotStatus,
    allowed: Option<Vec<AllowedUpdate>>,
    flag: StopFlag,
    failure: FailureSlot,
    buffer: VecDeque<Update>,
    received: bool,
    done: bool,
}

impl<'a> AsUpdateStream<'a> for LongPolling {
    type StreamErr = Infallible;
    type Stream = BoxStream<'a, Result<Update, Infallible>>;

    fn as_stream(&'a mut self) -> Self::Stream {
        let Some(flag) = self.flag.take() else {
            return futures_util::stream::empty().boxed();
        };
        let state = Poll {
            telegram: self.telegram.clone(),
            timeout: self.timeout,
            offset: self.offset.clone(),
            status: self.status.clone(),
            allowed: self.allowed.clone(),
            flag,
            failure: self.failure.clone(),
            buffer: VecDeque::new(),
            received: false,
            done: false,
        };
        futures_util::stream::unfold(state, |mut poll| async move {
            loop {
                if let Some(update) = poll.buffer.pop_front() {
                    return Some((Ok(update), poll));
                }
                if poll.done {
                    return None;
                }
                let offset = poll.offset.load(Ordering::Relaxed);
                let request =
                    poll.telegram
                        .updates(offset, poll.timeout, None, poll.allowed.clone());
                let mut flag = poll.flag.clone();
                tokio::select! {
                    biased;
                    () = &mut flag => {
                        poll.acknowledge().await;
                        return None;
                    }
                    answer = request => match answer {
                        Ok(updates) => {
                            poll.status.heard_from_telegram();
                            // Sent once; Telegram remembers it.
                            poll.allowed = None;
                            if let Some(last) = updates.last() {
                                poll.offset.store(last.id.as_offset(), Ordering::Relaxed);
                                poll.received = true;
                            }
                            poll.buffer.extend(updates);
                        }
                        Err(e) => {
                            *poll.failure.lock().unwrap_or_else(|e| e.into_inner()) = Some(e);
                            poll.done = true;
                        }
                    },
                }
            }
        })
        .boxed()
    }
}

impl Poll {
    /// Tells Telegram that everything received so far was taken, so that
    /// the next start does not get it again.
    async fn acknowledge(&self) {
        if !self.received {
            return;
        }
        let offset = self.offset.load(Ordering::Relaxed);
        let ack = self.telegram.updates(offset, 0, Some(1), None);
        if let Ok(Err(e)) = tokio::time::timeout(Duration::from_secs(2), ack).await {
            tracing::debug!(error = %e, "could not confirm the last updates to Telegram");
        }
    }
}
