//! A fake Telegram Bot API server on loopback: the real teloxide client
//! talks to it over HTTP. It delivers queued updates through `getUpdates`,
//! answers the methods the bot uses, records every call (method and JSON
//! body), keeps each chat's messages as a person would see them (edits
//! applied), and can be told to fail: 429 with `retry_after`, 500, or a
//! slow answer once; or to be down until told otherwise ([`Outage`]):
//! refusing connections, accepting them and never answering, or answering
//! every call with 401 (a revoked token).
//!
//! Shared by the integration tests and `activity-challenge-bench bot` (which
//! includes this file), so it uses only the package's normal dependencies.

#![allow(dead_code)]

use std::collections::{BTreeMap, HashMap, VecDeque};
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use poem::http::StatusCode;
use poem::listener::{Listener, TcpListener};
use poem::web::Data;
use poem::{Body, EndpointExt, Request, Response, Route, Server, handler};
use serde_json::{Value, json};
use tokio::sync::Notify;

/// The token the fake accepts.
pub const TOKEN: &str = "123456789:AAEfakefakefakefakefakefakefake0123";
/// The bot's own user id.
pub const BOT_ID: i64 = 123_456_789;

/// An injected failure, used once by the next call of a method.
#[derive(Debug, Clone, Copy)]
pub enum Failure {
    /// 429 Too Many Requests with `retry_after` seconds.
    TooManyRequests { retry_after: u32 },
    /// 500 Internal Server Error.
    ServerError,
    /// Answer normally, after a delay.
    Slow(Duration),
}

/// Telegram down until told otherwise (see [`FakeTelegram::set_outage`],
/// and [`FakeTelegram::refuse`] for connections refused).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outage {
    /// Accept connections and never answer (until the outage ends; then
    /// the waiting calls are answered normally).
    Hang,
    /// Answer every call with 401 Unauthorized, as for a revoked token.
    Unauthorized,
}

/// One recorded call.
#[derive(Debug, Clone)]
pub struct Call {
    pub method: String,
    pub body: Value,
    /// When the fake received it.
    pub at: Instant,
}

impl Call {
    /// The chat the call was about, if any.
    pub fn chat_id(&self) -> Option<i64> {
        self.body.get("chat_id").and_then(Value::as_i64)
    }
    /// The `text` field, if any.
    pub fn text(&self) -> Option<&str> {
        self.body.get("text").and_then(Value::as_str)
    }
}

/// A person talking to the bot.
#[derive(Debug, Clone)]
pub struct Person {
    pub id: i64,
    pub first_name: String,
    pub last_name: Option<String>,
    pub username: Option<String>,
    /// The language of their Telegram app, as Telegram reports it.
    pub language_code: Option<String>,
}

impl Person {
    /// A person with this id and first name.
    pub fn new(id: i64, first_name: &str) -> Person {
        Person {
            id,
            first_name: first_name.to_string(),
            last_name: None,
            username: Some(format!("user{id}")),
            language_code: None,
        }
    }

    /// A person whose Telegram app is in `language_code` ("fi", "en").
    pub fn speaking(id: i64, first_name: &str, language_code: &str) -> Person {
        Person {
            language_code: Some(language_code.to_string()),
            ..Person::new(id, first_name)
        }
    }

    fn json(&self) -> Value {
        let mut user = json!({"id": self.id, "is_bot": false, "first_name": self.first_name});
        if let Some(l) = &self.last_name {
            user["last_name"] = json!(l);
        }
        if let Some(u) = &self.username {
            user["username"] = json!(u);
        }
        if let Some(code) = &self.language_code {
            user["language_code"] = json!(code);
        }
        user
    }
}

/// A message as the person sees it now.
#[derive(Debug, Clone)]
pub struct Shown {
    pub message_id: i64,
    pub text: String,
    /// Button rows: (label, callback data).
    pub buttons: Vec<Vec<(String, String)>>,
}

impl Shown {
    /// Every button label, in order.
    pub fn labels(&self) -> Vec<String> {
        self.buttons
            .iter()
            .flatten()
            .map(|(l, _)| l.clone())
            .collect()
    }
}

/// How many of each chat's messages are kept once calls are not recorded.
const KEPT_WHEN_NOT_RECORDING: usize = 8;

#[derive(Default)]
struct Data_ {
    next_update_id: i64,
    pending: VecDeque<Value>,
    calls: Vec<Call>,
    next_message_id: i64,
    /// chat → message id → the message's JSON as last sent or edited.
    messages: HashMap<i64, BTreeMap<i64, Value>>,
    /// Whether calls are kept for `calls()` (on unless turned off).
    not_recording: bool,
    failures: HashMap<String, VecDeque<Failure>>,
    next_callback: u64,
    get_updates_calls: u64,
    /// Calls answered 401 during an `Outage::Unauthorized`.
    refused_calls: u64,
    /// Files people sent: file id → (file path, bytes, size Telegram reports).
    files: HashMap<String, (String, Vec<u8>, u64)>,
    /// Chats whose person blocked the bot: sending there answers 403.
    blocked: std::collections::HashSet<i64>,
}

struct Inner {
    data: Mutex<Data_>,
    updates: Notify,
    calls: Notify,
    outage: tokio::sync::watch::Sender<Option<Outage>>,
}

impl Inner {
    fn lock(&self) -> std::sync::MutexGuard<'_, Data_> {
        self.data.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// The running fake server.
pub struct FakeTelegram {
    inner: Arc<Inner>,
    addr: SocketAddr,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    task: Option<tokio::task::JoinHandle<()>>,
}

impl FakeTelegram {
    fn new_inner() -> Arc<Inner> {
        Arc::new(Inner {
            data: Mutex::new(Data_ {
                next_update_id: 1,
                next_message_id: 1,
                ..Default::default()
            }),
            updates: Notify::new(),
            calls: Notify::new(),
            outage: tokio::sync::watch::Sender::new(None),
        })
    }

    /// Starts the fake on a random loopback port.
    pub async fn start() -> FakeTelegram {
        let mut fake = FakeTelegram::start_refusing().await;
        fake.restore().await;
        fake
    }

    /// A fake whose address refuses connections, as when Telegram cannot
    /// be reached, until [`restore`](Self::restore) starts it.
    pub async fn start_refusing() -> FakeTelegram {
        let addr = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free loopback port");
        FakeTelegram {
            inner: Self::new_inner(),
            addr,
            stop: None,
            task: None,
        }
    }

    /// Stops answering: connections to the fake's address are refused
    /// (what it knows is kept for [`restore`](Self::restore)).
    pub async fn refuse(&mut self) {
        if let Some(tx) = self.stop.take() {
            let _ = tx.send(());
        }
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
    }

    /// Answers again on the same address.
    pub async fn restore(&mut self) {
        if self.task.is_some() {
            return;
        }
        let mut tries = 0;
        let acceptor = loop {
            match TcpListener::bind(self.addr).into_acceptor().await {
                Ok(acceptor) => break acceptor,
                Err(e) if tries < 50 => {
                    tries += 1;
                    let _ = e;
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
                Err(e) => panic!("the fake Bot API cannot listen on {} again: {e}", self.addr),
            }
        };
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        let app = Route::new().at("/*path", api).data(self.inner.clone());
        let task = tokio::spawn(async move {
            let _ = Server::new_with_acceptor(acceptor)
                .run_with_graceful_shutdown(
                    app,
                    async move {
                        let _ = rx.await;
                    },
                    Some(Duration::from_secs(2)),
                )
                .await;
        });
        self.stop = Some(tx);
        self.task = Some(task);
    }

    /// Makes every call fail as `outage` says, until `set_outage(None)`.
    pub fn set_outage(&self, outage: Option<Outage>) {
        self.inner.outage.send_replace(outage);
    }

    /// How many calls were answered 401 during an `Outage::Unauthorized`.
    pub fn refused_calls(&self) -> u64 {
        self.inner.lock().refused_calls
    }

    /// The base URL to give the bot (`TELEGRAM_API_URL`).
    pub fn api_url(&self) -> String {
        format!("http://{}/", self.addr)
    }

    /// Queues an update (its `update_id` is set here) and returns its id.
    pub fn enqueue(&self, mut update: Value) -> i64 {
        let id = {
            let mut d = self.inner.lock();
            let id = d.next_update_id;
            d.next_update_id += 1;
            update["update_id"] = json!(id);
            d.pending.push_back(update);
            id
        };
        self.inner.updates.notify_waiters();
        id
    }

    /// Queues `updates` at once (one wake-up for the bot, as when a flood
    /// arrives between two polls) and returns their ids.
    pub fn enqueue_many(&self, updates: Vec<Value>) -> Vec<i64> {
        let ids = {
            let mut d = self.inner.lock();
            updates
                .into_iter()
                .map(|mut update| {
                    let id = d.next_update_id;
                    d.next_update_id += 1;
                    update["update_id"] = json!(id);
                    d.pending.push_back(update);
                    id
                })
                .collect()
        };
        self.inner.updates.notify_waiters();
        ids
    }

    /// A message from `person` in their private chat with `fields` (e.g.
    /// a sticker, a photo with a caption) instead of text (not queued).
    pub fn message_update(person: &Person, fields: Value) -> Value {
        let mut message = json!({
            "message_id": 1_000_000,
            "date": now(),
            "chat": {"id": person.id, "type": "private", "first_name": person.first_name},
            "from": person.json(),
        });
        if let (Some(m), Some(extra)) = (message.as_object_mut(), fields.as_object()) {
            for (k, v) in extra {
                m.insert(k.clone(), v.clone());
            }
        }
        json!({ "message": message })
    }

    /// Queues a sticker from `person`.
    pub fn send_sticker(&self, person: &Person) -> i64 {
        self.enqueue(Self::message_update(
            person,
            json!({"sticker": {
                "file_id": "sticker1", "file_unique_id": "s1", "type": "regular",
                "width": 512, "height": 512, "is_animated": false, "is_video": false,
            }}),
        ))
    }

    /// Queues a photo from `person`, with `caption` if given.
    pub fn send_photo(&self, person: &Person, caption: Option<&str>) -> i64 {
        let mut fields = json!({"photo": [
            {"file_id": "photo1", "file_unique_id": "p1", "width": 90, "height": 90}
        ]});
        if let Some(c) = caption {
            fields["caption"] = json!(c);
        }
        self.enqueue(Self::message_update(person, fields))
    }

    /// Keeps `bytes` as a file sent to the bot, reported as `size` bytes,
    /// and returns its file id.
    fn add_file(&self, name: &str, bytes: Vec<u8>, size: u64) -> String {
        let mut d = self.inner.lock();
        let n = d.files.len() + 1;
        let id = format!("BQACAgQAAxkBAAI{n:05}");
        let extension = name.rsplit_once('.').map_or("", |(_, e)| e);
        let path = format!("documents/file_{n}.{extension}");
        d.files.insert(id.clone(), (path, bytes, size));
        id
    }

    /// A document message from `person` (not queued), as Telegram sends
    /// it: the file's id, name, MIME type and size.
    fn document_update(person: &Person, file_id: &str, name: &str, size: u64) -> Value {
        let mime = if name.ends_with(".gz") {
            "application/gzip"
        } else if name.ends_with(".gpx") || name.ends_with(".tcx") {
            "application/xml"
        } else {
            "application/octet-stream"
        };
        Self::message_update(
            person,
            json!({"document": {
                "file_id": file_id,
                "file_unique_id": format!("u{file_id}"),
                "file_name": name,
                "mime_type": mime,
                "file_size": size,
            }}),
        )
    }

    /// Queues the file `name` with `bytes`, sent by `person` as a document.
    pub fn send_document(&self, person: &Person, name: &str, bytes: &[u8]) -> i64 {
        let id = self.add_file(name, bytes.to_vec(), bytes.len() as u64);
        self.enqueue(Self::document_update(person, &id, name, bytes.len() as u64))
    }

    /// Like [`send_document`](Self::send_document), forwarded by `person`
    /// from `from`'s chat.
    pub fn forward_document(
        &self,
        person: &Person,
        from: &Person,
        name: &str,
        bytes: &[u8],
    ) -> i64 {
        let id = self.add_file(name, bytes.to_vec(), bytes.len() as u64);
        let mut update = Self::document_update(person, &id, name, bytes.len() as u64);
        update["message"]["forward_origin"] =
            json!({"type": "user", "date": now() - 3600, "sender_user": from.json()});
        self.enqueue(update)
    }

    /// Queues a document Telegram reports as `size` bytes (its content is
    /// never asked for, as the bot must refuse it by its size).
    pub fn send_document_of_size(&self, person: &Person, name: &str, size: u64) -> i64 {
        let id = self.add_file(name, Vec::new(), size);
        self.enqueue(Self::document_update(person, &id, name, size))
    }

    /// Queues an edit of an earlier message of `person` to `text`.
    pub fn send_edit(&self, person: &Person, text: &str) -> i64 {
        self.enqueue(json!({"edited_message": {
            "message_id": 999_999,
            "date": now(),
            "edit_date": now(),
            "chat": {"id": person.id, "type": "private", "first_name": person.first_name},
            "from": person.json(),
            "text": text,
        }}))
    }

    /// When the first `sendMessage` to `chat` after `since` arrived, if one did.
    pub fn first_send_after(&self, chat: i64, since: Instant) -> Option<Instant> {
        self.inner
            .lock()
            .calls
            .iter()
            .find(|c| c.method == "sendMessage" && c.chat_id() == Some(chat) && c.at >= since)
            .map(|c| c.at)
    }

    /// An update carrying `text` from `person` in their private chat (not queued).
    pub fn text_update(person: &Person, text: &str) -> Value {
        json!({"message": {
            "message_id": 1_000_000,
            "date": now(),
            "chat": {"id": person.id, "type": "private", "first_name": person.first_name},
            "from": person.json(),
            "text": text,
        }})
    }

    /// Queues `text` from `person` in their private chat.
    pub fn send_text(&self, person: &Person, text: &str) -> i64 {
        self.enqueue(Self::text_update(person, text))
    }

    /// Queues an inline query: `person` typed "@bot `query`" in some chat.
    pub fn send_inline_query(&self, person: &Person, query: &str) -> i64 {
        let id = {
            let mut d = self.inner.lock();
            d.next_callback += 1;
            format!("iq{}", d.next_callback)
        };
        self.enqueue(json!({"inline_query": {
            "id": id,
            "from": person.json(),
            "query": query,
            "offset": "",
            "chat_type": "sender",
        }}))
    }

    /// Queues `text` from `person` in the group `chat_id` (negative).
    pub fn send_group_text(&self, chat_id: i64, person: &Person, text: &str) -> i64 {
        self.enqueue(json!({"message": {
            "message_id": 1_000_000,
            "date": now(),
            "chat": {"id": chat_id, "type": "group", "title": "Some group"},
            "from": person.json(),
            "text": text,
        }}))
    }

    /// Queues a tap on the button with callback `data` under message `message_id`
    /// in `chat_id` (a private chat with `person` unless negative).
    pub fn tap_data(&self, person: &Person, chat_id: i64, message_id: i64, data: &str) -> i64 {
        let (message, query_id) = {
            let mut d = self.inner.lock();
            d.next_callback += 1;
            let message = d
                .messages
                .get(&chat_id)
                .and_then(|m| m.get(&message_id))
                .cloned()
                .unwrap_or_else(|| {
                    json!({
                        "message_id": message_id,
                        "date": now(),
                        "chat": chat_json(chat_id),
                        "from": bot_user(),
                        "text": "(old message)",
                    })
                });
            (message, format!("cq{}", d.next_callback))
        };
        self.enqueue(json!({"callback_query": {
            "id": query_id,
            "from": person.json(),
            "message": message,
            "chat_instance": format!("ci{chat_id}"),
            "data": data,
        }}))
    }

    /// Queues a tap on the newest button labelled `label` in `person`'s chat.
    /// Panics (listing what is there) when there is none.
    pub fn tap(&self, person: &Person, label: &str) -> i64 {
        let (message_id, data) = self.find_button(person.id, label).unwrap_or_else(|| {
            panic!(
                "no button {label:?} in chat {}; the last message shows: {:?}",
                person.id,
                self.last_shown(person.id)
            )
        });
        self.tap_data(person, person.id, message_id, &data)
    }

    /// The newest message in `chat` with a button labelled `label`: (message id, data).
    pub fn find_button(&self, chat: i64, label: &str) -> Option<(i64, String)> {
        let d = self.inner.lock();
        d.messages.get(&chat)?.iter().rev().find_map(|(id, m)| {
            m.pointer("/reply_markup/inline_keyboard")?
                .as_array()?
                .iter()
                .filter_map(Value::as_array)
                .flatten()
                .find(|b| b["text"].as_str() == Some(label))
                .map(|b| (*id, b["callback_data"].as_str().unwrap_or("").to_string()))
        })
    }

    /// Every message in `chat`, oldest first, as it looks now.
    pub fn shown(&self, chat: i64) -> Vec<Shown> {
        let d = self.inner.lock();
        d.messages
            .get(&chat)
            .map(|m| m.iter().map(|(id, m)| shown_of(*id, m)).collect())
            .unwrap_or_default()
    }

    /// The newest message in `chat`.
    pub fn last_shown(&self, chat: i64) -> Option<Shown> {
        let d = self.inner.lock();
        let (id, m) = d.messages.get(&chat)?.last_key_value()?;
        Some(shown_of(*id, m))
    }

    /// Stops keeping calls for `calls()`, and all but each chat's last few
    /// messages (a long benchmark needs only the chats as they look now).
    pub fn stop_recording_calls(&self) {
        self.inner.lock().not_recording = true;
    }

    /// Every recorded call except `getUpdates`.
    pub fn calls(&self) -> Vec<Call> {
        self.inner.lock().calls.clone()
    }

    /// How many calls have been recorded.
    pub fn call_count(&self) -> usize {
        self.inner.lock().calls.len()
    }

    /// Recorded calls of `method`.
    pub fn calls_of(&self, method: &str) -> Vec<Call> {
        self.calls()
            .into_iter()
            .filter(|c| c.method == method)
            .collect()
    }

    /// Texts sent or edited into `chat`, in order.
    pub fn texts(&self, chat: i64) -> Vec<String> {
        self.calls()
            .into_iter()
            .filter(|c| {
                matches!(c.method.as_str(), "sendMessage" | "editMessageText")
                    && c.chat_id() == Some(chat)
            })
            .filter_map(|c| c.text().map(str::to_string))
            .collect()
    }

    /// The texts of callback answers, in order (`None` for silent answers).
    pub fn callback_answers(&self) -> Vec<Option<String>> {
        self.calls_of("answerCallbackQuery")
            .into_iter()
            .map(|c| c.text().map(str::to_string))
            .collect()
    }

    /// Makes the next call of `method` fail (or be slow) as given.
    pub fn fail_next(&self, method: &str, failure: Failure) {
        self.inner
            .lock()
            .failures
            .entry(method.to_string())
            .or_default()
            .push_back(failure);
    }

    /// The person of `chat` blocks the bot: every message to them is
    /// answered 403 Forbidden from now on.
    pub fn block(&self, chat: i64) {
        self.inner.lock().blocked.insert(chat);
    }

    /// How many `getUpdates` calls were answered.
    pub fn get_updates_calls(&self) -> u64 {
        self.inner.lock().get_updates_calls
    }

    /// Waits until `done(calls)` holds, up to `timeout`; returns whether it did.
    pub async fn wait_until(&self, timeout: Duration, done: impl Fn(&[Call]) -> bool) -> bool {
        let deadline = tokio::time::Instant::now() + timeout;
        loop {
            let notified = self.inner.calls.notified();
            if done(&self.inner.lock().calls) {
                return true;
            }
            if tokio::time::timeout_at(deadline, notified).await.is_err() {
                return done(&self.inner.lock().calls);
            }
        }
    }

    /// Stops the server.
    pub async fn stop(mut self) {
        if let Some(tx) = self.stop.take() {
            let _ = tx.send(());
        }
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
    }
}

fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

fn bot_user() -> Value {
    json!({"id": BOT_ID, "is_bot": true, "first_name": "Activity Challenge", "username": "activity_challenge_bot"})
}

fn chat_json(chat: i64) -> Value {
    if chat < 0 {
        json!({"id": chat, "type": "group", "title": "Some group"})
    } else {
        json!({"id": chat, "type": "private", "first_name": "Participant"})
    }
}

fn shown_of(id: i64, m: &Value) -> Shown {
    let buttons = m
        .pointer("/reply_markup/inline_keyboard")
        .and_then(Value::as_array)
        .map(|rows| {
            rows.iter()
                .map(|row| {
                    row.as_array()
                        .map(|r| {
                            r.iter()
                                .map(|b| {
                                    (
                                        b["text"].as_str().unwrap_or("").to_string(),
                                        b["callback_data"].as_str().unwrap_or("").to_string(),
                                    )
                                })
                                .collect()
                        })
                        .unwrap_or_default()
                })
                .collect()
        })
        .unwrap_or_default();
    Shown {
        message_id: id,
        text: m["text"].as_str().unwrap_or("").to_string(),
        buttons,
    }
}

fn ok(result: Value) -> Response {
    Response::builder()
        .content_type("application/json")
        .body(json!({"ok": true, "result": result}).to_string())
}

fn error(status: StatusCode, description: &str, parameters: Option<Value>) -> Response {
    let mut body = json!({"ok": false, "error_code": status.as_u16(), "description": description});
    if let Some(p) = parameters {
        body["parameters"] = p;
    }
    Response::builder()
        .status(status)
        .content_type("application/json")
        .body(body.to_string())
}

#[handler]
async fn api(req: &Request, body: Body, inner: Data<&Arc<Inner>>) -> Response {
    let path = req.uri().path().trim_start_matches('/');
    if let Some(file) = path.strip_prefix("file/") {
        return download(&inner, file);
    }
    let Some((bot, method)) = path.split_once('/') else {
        return error(StatusCode::NOT_FOUND, "Not Found", None);
    };
    if bot != format!("bot{TOKEN}") {
        return error(StatusCode::UNAUTHORIZED, "Unauthorized", None);
    }
    // Method names are case-insensitive in the Bot API (teloxide sends
    // "SendMessage"); record them as the documentation spells them.
    let mut chars = method.chars();
    let method: String = chars
        .next()
        .map(|c| c.to_ascii_lowercase())
        .into_iter()
        .chain(chars)
        .collect();
    let content_type = req.header("content-type").unwrap_or_default().to_string();
    let bytes = body.into_vec().await.unwrap_or_default();
    let body: Value = match content_type.split_once("boundary=") {
        Some((_, boundary)) => multipart_fields(&bytes, boundary.trim_matches('"')),
        None => serde_json::from_slice(&bytes).unwrap_or(Value::Null),
    };

    let mut outage = inner.outage.subscribe();
    let current = *outage.borrow_and_update();
    match current {
        Some(Outage::Hang) => {
            // Never answer while the outage lasts; then answer normally.
            let _ = outage.wait_for(|o| *o != Some(Outage::Hang)).await;
        }
        Some(Outage::Unauthorized) => {
            inner.lock().refused_calls += 1;
            return error(StatusCode::UNAUTHORIZED, "Unauthorized", None);
        }
        None => {}
    }

    let failure = inner
        .lock()
        .failures
        .get_mut(&method)
        .and_then(VecDeque::pop_front);
    match failure {
        Some(Failure::TooManyRequests { retry_after }) => {
            record(&inner, &method, &body);
            return error(
                StatusCode::TOO_MANY_REQUESTS,
                &format!("Too Many Requests: retry after {retry_after}"),
                Some(json!({"retry_after": retry_after})),
            );
        }
        Some(Failure::ServerError) => {
            record(&inner, &method, &body);
            return error(
                StatusCode::INTERNAL_SERVER_ERROR,
                "Internal Server Error",
                None,
            );
        }
        Some(Failure::Slow(delay)) => tokio::time::sleep(delay).await,
        None => {}
    }

    if method == "getUpdates" {
        return get_updates(&inner, &body).await;
    }
    record(&inner, &method, &body);
    let chat = body["chat_id"].as_i64();
    if chat.is_some_and(|c| inner.lock().blocked.contains(&c)) {
        return error(
            StatusCode::FORBIDDEN,
            "Forbidden: bot was blocked by the user",
            None,
        );
    }
    match method.as_str() {
        "getMe" => ok(json!({
            "id": BOT_ID, "is_bot": true, "first_name": "Activity Challenge",
            "username": "activity_challenge_bot", "can_join_groups": true,
            "can_read_all_group_messages": false, "supports_inline_queries": true,
            "can_connect_to_business": false, "has_main_web_app": false
        })),
        "setMyCommands"
        | "deleteWebhook"
        | "setWebhook"
        | "answerCallbackQuery"
        | "answerInlineQuery"
        | "deleteMessage" => ok(json!(true)),
        "getFile" => {
            let id = body["file_id"].as_str().unwrap_or_default();
            let d = inner.lock();
            match d.files.get(id) {
                None => error(
                    StatusCode::BAD_REQUEST,
                    "Bad Request: invalid file_id",
                    None,
                ),
                // Bots may download files of up to 20 MB.
                Some((_, _, size)) if *size > 20 * 1024 * 1024 => error(
                    StatusCode::BAD_REQUEST,
                    "Bad Request: file is too big",
                    None,
                ),
                Some((path, _, size)) => ok(json!({
                    "file_id": id, "file_unique_id": format!("u{id}"),
                    "file_size": size, "file_path": path,
                })),
            }
        }
        "sendMessage" => {
            let chat = body["chat_id"].as_i64().unwrap_or(0);
            let mut d = inner.lock();
            let id = d.next_message_id;
            d.next_message_id += 1;
            let mut message = json!({
                "message_id": id, "date": now(), "chat": chat_json(chat),
                "from": bot_user(), "text": body["text"].clone(),
            });
            if let Some(markup) = body.get("reply_markup") {
                message["reply_markup"] = markup.clone();
            }
            let not_recording = d.not_recording;
            let chat_messages = d.messages.entry(chat).or_default();
            chat_messages.insert(id, message.clone());
            // A long benchmark needs only what each chat shows last.
            while not_recording && chat_messages.len() > KEPT_WHEN_NOT_RECORDING {
                chat_messages.pop_first();
            }
            ok(message)
        }
        "sendDocument" => {
            // A multipart form: every field arrives as text.
            let chat = body["chat_id"]
                .as_str()
                .and_then(|c| c.parse::<i64>().ok())
                .or_else(|| body["chat_id"].as_i64())
                .unwrap_or(0);
            let size = body["document"].as_str().map_or(0, str::len);
            let mut d = inner.lock();
            let id = d.next_message_id;
            d.next_message_id += 1;
            let message = json!({
                "message_id": id, "date": now(), "chat": chat_json(chat),
                "from": bot_user(), "caption": body["caption"].clone(),
                "document": {
                    "file_id": format!("document-{id}"),
                    "file_unique_id": format!("u{id}"),
                    "file_size": size,
                },
            });
            d.messages
                .entry(chat)
                .or_default()
                .insert(id, message.clone());
            ok(message)
        }
        "editMessageText" | "editMessageReplyMarkup" => {
            let chat = body["chat_id"].as_i64().unwrap_or(0);
            let id = body["message_id"].as_i64().unwrap_or(0);
            let mut d = inner.lock();
            let Some(message) = d.messages.get_mut(&chat).and_then(|m| m.get_mut(&id)) else {
                return error(
                    StatusCode::BAD_REQUEST,
                    "Bad Request: message to edit not found",
                    None,
                );
            };
            if method == "editMessageText" {
                message["text"] = body["text"].clone();
            }
            match body.get("reply_markup") {
                Some(markup) => message["reply_markup"] = markup.clone(),
                None => {
                    if let Some(m) = message.as_object_mut() {
                        m.remove("reply_markup");
                    }
                }
            }
            ok(message.clone())
        }
        _ => error(StatusCode::NOT_FOUND, "Not Found: method not found", None),
    }
}

/// A file download, `file/bot<TOKEN>/<file_path>`, as Telegram serves it.
fn download(inner: &Inner, file: &str) -> Response {
    let Some((bot, path)) = file.split_once('/') else {
        return error(StatusCode::NOT_FOUND, "Not Found", None);
    };
    if bot != format!("bot{TOKEN}") {
        return error(StatusCode::UNAUTHORIZED, "Unauthorized", None);
    }
    // teloxide sends the path as one URL segment ("documents%2Ffile_1.fit"),
    // which Telegram reads as the path it gave.
    let path = path.replace("%2F", "/").replace("%2f", "/");
    let path = path.as_str();
    record(inner, "downloadFile", &json!({ "file_path": path }));
    let d = inner.lock();
    match d.files.values().find(|(p, _, _)| p == path) {
        Some((_, bytes, _)) => Response::builder()
            .content_type("application/octet-stream")
            .body(bytes.clone()),
        None => error(StatusCode::NOT_FOUND, "Not Found", None),
    }
}

/// The fields of a multipart form (teloxide sends `setWebhook` and
/// `sendDocument` that way), as a JSON object of strings; a file's field
/// holds its content.
fn multipart_fields(bytes: &[u8], boundary: &str) -> Value {
    let text = String::from_utf8_lossy(bytes);
    let mut fields = serde_json::Map::new();
    for part in text.split(&format!("--{boundary}")) {
        let Some((headers, value)) = part.split_once("\r\n\r\n") else {
            continue;
        };
        let Some(name) = headers
            .split("name=\"")
            .nth(1)
            .and_then(|rest| rest.split('"').next())
        else {
            continue;
        };
        let value = value.strip_suffix("\r\n").unwrap_or(value);
        fields.insert(name.to_string(), Value::String(value.to_string()));
    }
    // A file travels in a part of its own, named by the field's
    // "attach://<name>": the field gets the file's content.
    let attached: Vec<(String, String)> = fields
        .iter()
        .filter_map(|(field, v)| {
            let part = v.as_str()?.strip_prefix("attach://")?;
            Some((field.clone(), part.to_string()))
        })
        .collect();
    for (field, part) in attached {
        if let Some(content) = fields.get(&part).cloned() {
            fields.insert(field, content);
        }
    }
    Value::Object(fields)
}

fn record(inner: &Inner, method: &str, body: &Value) {
    {
        let mut d = inner.lock();
        if d.not_recording {
            return;
        }
        d.calls.push(Call {
            method: method.to_string(),
            body: body.clone(),
            at: Instant::now(),
        });
    }
    inner.calls.notify_waiters();
}

async fn get_updates(inner: &Inner, body: &Value) -> Response {
    let offset = body["offset"].as_i64().unwrap_or(0);
    // Long polling, but never longer than half a second, so that a bot
    // being stopped is not kept waiting.
    let timeout = Duration::from_millis((body["timeout"].as_u64().unwrap_or(0) * 1000).min(500));
    let deadline = tokio::time::Instant::now() + timeout;
    loop {
        let notified = inner.updates.notified();
        {
            let mut d = inner.lock();
            d.get_updates_calls += 1;
            while d
                .pending
                .front()
                .is_some_and(|u| u["update_id"].as_i64().unwrap_or(0) < offset)
            {
                d.pending.pop_front();
            }
            if !d.pending.is_empty() {
                let batch: Vec<Value> = d.pending.iter().take(100).cloned().collect();
                return ok(Value::Array(batch));
            }
        }
        if tokio::time::timeout_at(deadline, notified).await.is_err() {
            return ok(json!([]));
        }
    }
}
