//! The client's observable and open parts, against a local HTTP/1.1 server
//! that records every request it gets (head and body): `tracing` events of
//! retries, pacing waits and decode failures; error messages with their
//! cause; extra headers (`RequestOptions`); raw requests (`send_raw`); the
//! blocking client.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::{json, Value};
use tokio::io::AsyncReadExt;
use tokio::net::{TcpListener, TcpStream};

use super::fixture::{delete_item, Links};
use super::local_server::{read_head, reply};
use crate::client::{Client, Error, Pacing, RawRequest, RequestOptions, Response, RetryPolicy, Window};
use crate::request::Method;

/// A request as the server read it.
#[derive(Debug, Clone)]
struct Seen {
    /// The request line (`POST /api/widgets?x=1 HTTP/1.1`).
    line: String,
    /// The headers, names lowercased, in order.
    headers: Vec<(String, String)>,
    body: String,
}

impl Seen {
    /// Every value of header `name` (lowercase).
    fn header(&self, name: &str) -> Vec<&str> {
        self.headers.iter().filter(|(n, _)| n == name).map(|(_, v)| v.as_str()).collect()
    }
}

/// An answer: status, headers, body.
type Reply = (u16, Vec<(&'static str, String)>, String);

/// A server on 127.0.0.1 answering each request (one per connection) with
/// `answer(number, request)`, the first numbered 0; it keeps what it saw.
async fn serve(answer: impl Fn(usize, &Seen) -> Reply + Send + Sync + 'static) -> (String, Arc<Mutex<Vec<Seen>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("a local port");
    let base = format!("http://{}", listener.local_addr().expect("bound"));
    let seen = Arc::new(Mutex::new(Vec::new()));
    let (log, answer) = (seen.clone(), Arc::new(answer));
    tokio::spawn(async move {
        while let Ok((socket, _)) = listener.accept().await {
            let (log, answer) = (log.clone(), answer.clone());
            tokio::spawn(async move { respond(socket, &log, &*answer).await });
        }
    });
    (base, seen)
}

async fn respond(mut socket: TcpStream, log: &Mutex<Vec<Seen>>, answer: &(dyn Fn(usize, &Seen) -> Reply + Sync)) {
    let Some(head) = read_head(&mut socket).await else { return };
    let mut lines = head.split("\r\n").filter(|line| !line.is_empty());
    let line = lines.next().unwrap_or_default().to_owned();
    let headers: Vec<(String, String)> = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(name, value)| (name.trim().to_ascii_lowercase(), value.trim().to_owned()))
        .collect();
    let length = headers.iter().find(|(n, _)| n == "content-length").and_then(|(_, v)| v.parse().ok()).unwrap_or(0);
    let mut body = vec![0u8; length];
    if socket.read_exact(&mut body).await.is_err() {
        return;
    }
    let seen = Seen { line, headers, body: String::from_utf8_lossy(&body).into_owned() };
    let number = {
        let mut log = log.lock().unwrap();
        log.push(seen.clone());
        log.len() - 1
    };
    let (status, headers, body) = answer(number, &seen);
    reply(&mut socket, status, &headers, &body).await;
}

fn no_content() -> Reply {
    (204, Vec::new(), String::new())
}

/// A client of `base` that does not pace, retrying as `retry`.
fn client(base: &str, retry: RetryPolicy) -> Client {
    Client::new("pk_test").unwrap().with_base_url(base).with_retry(retry).with_pacing(Pacing::off())
}

/// One captured `tracing` event: its level and fields (the message under
/// `message`), strings without quotes.
#[derive(Debug, Clone)]
struct Captured {
    level: tracing::Level,
    target: String,
    fields: HashMap<String, String>,
}

/// A subscriber that keeps every event; spans are not used by the client.
#[derive(Clone, Default)]
struct Capture(Arc<Mutex<Vec<Captured>>>);

impl Capture {
    /// The client's events whose message starts with `message`.
    fn events(&self, message: &str) -> Vec<Captured> {
        let events = self.0.lock().unwrap();
        events
            .iter()
            .filter(|e| e.target.ends_with("::client"))
            .filter(|e| e.fields.get("message").is_some_and(|m| m.starts_with(message)))
            .cloned()
            .collect()
    }
}

struct Fields<'a>(&'a mut HashMap<String, String>);

impl tracing::field::Visit for Fields<'_> {
    fn record_str(&mut self, field: &tracing::field::Field, value: &str) {
        self.0.insert(field.name().to_owned(), value.to_owned());
    }

    fn record_debug(&mut self, field: &tracing::field::Field, value: &dyn std::fmt::Debug) {
        self.0.insert(field.name().to_owned(), format!("{value:?}"));
    }
}

impl tracing::Subscriber for Capture {
    /// Asked per event: other tests run on other threads with no
    /// subscriber, and the interest cached for a callsite is shared.
    fn register_callsite(&self, _: &'static tracing::Metadata<'static>) -> tracing::subscriber::Interest {
        tracing::subscriber::Interest::sometimes()
    }

    fn enabled(&self, _: &tracing::Metadata<'_>) -> bool {
        true
    }

    fn new_span(&self, _: &tracing::span::Attributes<'_>) -> tracing::span::Id {
        tracing::span::Id::from_u64(1)
    }

    fn record(&self, _: &tracing::span::Id, _: &tracing::span::Record<'_>) {}

    fn record_follows_from(&self, _: &tracing::span::Id, _: &tracing::span::Id) {}

    fn event(&self, event: &tracing::Event<'_>) {
        let mut fields = HashMap::new();
        event.record(&mut Fields(&mut fields));
        let metadata = event.metadata();
        let captured = Captured { level: *metadata.level(), target: metadata.target().to_owned(), fields };
        self.0.lock().unwrap().push(captured);
    }

    fn enter(&self, _: &tracing::span::Id) {}

    fn exit(&self, _: &tracing::span::Id) {}
}

/// A 503 that is retried and a body that does not decode, against a fresh
/// server: the retry (after 10 ms of backoff) waits for pacing under
/// `window`. Gives the server's base URL, what it saw and the decode error.
async fn traced_calls(window: Window) -> (String, Arc<Mutex<Vec<Seen>>>, Error) {
    let (base, seen) = serve(|number, seen| {
        if seen.line.contains("/api/links") {
            (200, Vec::new(), r#"{"self": 5}"#.to_owned())
        } else if number == 0 {
            (503, Vec::new(), String::new())
        } else {
            no_content()
        }
    })
    .await;
    let retry =
        RetryPolicy { max_attempts: 2, base_delay: Duration::from_millis(10), max_delay: Duration::from_millis(10) };
    let client =
        Client::new("pk_test").unwrap().with_base_url(&base).with_retry(retry).with_pacing(
            Pacing::default().with_limits(delete_item::OPERATION_ID, [window]).with_margin(Duration::ZERO),
        );
    client.send(&delete_item::Request::new("a")).await.expect("the retry succeeds");
    let links = RawRequest::new(Method::Get, "/api/links").operation("get_links");
    let error = client.send_raw::<Links>(&links, &RequestOptions::new()).await.unwrap_err();
    (base, seen, error)
}

/// A 503 is retried and the retry reported (operation, attempt, wait,
/// status); the retry waits for pacing room and that wait is reported; a
/// body that does not decode is reported with its path.
#[tokio::test]
async fn retries_pacing_waits_and_decode_failures_are_traced() {
    // First without a subscriber, so that every callsite read below is
    // registered before the subscriber exists and the rebuild gives it the
    // subscriber's interest. Otherwise a test running in parallel can
    // register one first, with no subscriber around, and cache "never" after
    // the rebuild: the events are then dropped (seen once in CI).
    traced_calls(Window { count: 1, length: Duration::from_millis(100) }).await;
    let capture = Capture::default();
    let _guard = tracing::subscriber::set_default(capture.clone());
    tracing::callsite::rebuild_interest_cache();
    // One request per 2 s: the retry waits for pacing, however slow the first
    // round trip is on a loaded machine.
    let (base, seen, error) = traced_calls(Window { count: 1, length: Duration::from_secs(2) }).await;
    assert_eq!(seen.lock().unwrap().len(), 3, "the request, its retry, the links");

    let retries = capture.events("retrying");
    assert_eq!(retries.len(), 1, "{retries:?}");
    let retry_event = &retries[0];
    assert_eq!(retry_event.level, tracing::Level::WARN);
    assert_eq!(retry_event.fields["operation"], "delete_item");
    assert_eq!(retry_event.fields["attempt"], "1");
    assert_eq!(retry_event.fields["status"], "503");
    assert!(retry_event.fields["wait_ms"].parse::<u64>().unwrap() <= 10, "{retry_event:?}");

    let waits = capture.events("pacing: waiting");
    assert!(!waits.is_empty(), "the retry waited for the window");
    assert!(waits.iter().all(|e| e.fields["operation"] == "delete_item" && e.fields["attempt"] == "2"), "{waits:?}");
    assert!(waits.iter().all(|e| e.level == tracing::Level::DEBUG));
    let waited: u64 = waits.iter().map(|e| e.fields["wait_ms"].parse::<u64>().unwrap()).sum();
    assert!((1_000..=2_000).contains(&waited), "about 2 s less the round trip and the backoff: {waited} ms");

    assert!(matches!(error, Error::Decode { operation: "get_links", status: 200, .. }), "{error:?}");
    let decode = capture.events("response body does not decode");
    assert_eq!(decode.len(), 1, "{decode:?}");
    assert_eq!(decode[0].fields["operation"], "get_links");
    assert_eq!(decode[0].fields["path"], "self");
    assert_eq!(decode[0].fields["url"], format!("{base}/api/links"));
    assert!(decode[0].fields["error"].contains("invalid type"), "{decode:?}");
}

/// A refused connection says so in the message, not only in `source()`.
#[tokio::test]
async fn a_refused_connection_says_why() {
    let closed = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", closed.local_addr().unwrap());
    drop(closed);
    let error = client(&base, RetryPolicy::NEVER).send(&delete_item::Request::new("a")).await.unwrap_err();
    let message = error.to_string();
    println!("{message}");
    let start = format!("delete_item: request failed: error sending request for url ({base}/api/items/a): ");
    assert!(message.starts_with(&start), "{message}");
    assert!(message.to_ascii_lowercase().contains("connection refused"), "{message}");
    assert!(std::error::Error::source(&error).is_some(), "the cause stays in source()");
    // No cause is said twice.
    let causes: Vec<&str> = message.split(": ").collect();
    let mut unique = causes.clone();
    unique.dedup();
    assert_eq!(causes, unique, "{message}");
}

/// Extra headers reach the server; a header the request has is replaced;
/// an invalid one fails before anything is sent.
#[tokio::test]
async fn extra_headers_reach_the_server() {
    let (base, seen) = serve(|_, _| no_content()).await;
    let client = client(&base, RetryPolicy::NEVER);
    let options = RequestOptions::new()
        .header("X-Trace-Id", "t-1")
        .header("x-tag", "a")
        .header("x-tag", "b")
        .header("accept", "application/json");
    let response = client.call_with(&delete_item::Request::new("a"), &options).await.unwrap();
    assert_eq!(response.status(), 204);
    let request = seen.lock().unwrap()[0].clone();
    assert_eq!(request.header("x-trace-id"), ["t-1"]);
    assert_eq!(request.header("x-tag"), ["a", "b"]);
    assert_eq!(request.header("accept"), ["application/json"], "replaced, not added");
    assert_eq!(request.header("authorization").len(), 1, "the credentials are still sent");

    let invalid = RequestOptions::new().header("x-ok", "1").header("bad name", "2");
    let error = client.call_with(&delete_item::Request::new("b"), &invalid).await.unwrap_err();
    assert!(
        matches!(&error, Error::InvalidHeader { operation: "delete_item", name } if name == "bad name"),
        "{error:?}"
    );
    assert_eq!(
        error.to_string(),
        "delete_item: the extra header \"bad name\" is not a valid HTTP header (nothing was sent)"
    );
    assert_eq!(seen.lock().unwrap().len(), 1, "nothing sent");
}

/// A raw request goes out with its method, encoded query, JSON body and the
/// client's credentials, is retried like an operation, and comes back as a
/// `Response` with status, headers and the decoded body; an error status
/// is an `Error::Api` named by the request.
#[tokio::test]
async fn raw_requests_go_through_the_same_machinery() {
    let (base, seen) = serve(|number, seen| match number {
        0 => (503, Vec::new(), String::new()),
        1 => (201, vec![("X-Request-Id", "r1".to_owned())], format!(r#"{{"echo": {}}}"#, seen.body)),
        _ => (404, Vec::new(), r#"{"errors": [{"status": 404, "detail": "no such widget"}]}"#.to_owned()),
    })
    .await;
    let retry =
        RetryPolicy { max_attempts: 2, base_delay: Duration::from_millis(5), max_delay: Duration::from_millis(5) };
    let client = client(&base, retry);
    let request = RawRequest::new(Method::Post, "/api/widgets")
        .query("filter", r#"equals(name,"a b")"#)
        .query("page[size]", 5)
        .json(&json!({ "name": "a b" }))
        .unwrap()
        .operation("create_widget");
    assert_eq!(request.path_and_query(), "/api/widgets?filter=equals%28name%2C%22a%20b%22%29&page%5Bsize%5D=5");
    let response: Response<Value> =
        client.send_raw(&request, &RequestOptions::new().header("x-extra", "1")).await.unwrap();
    assert_eq!(response.status(), 201);
    assert_eq!(response.headers().get("x-request-id").unwrap(), "r1");
    assert_eq!(response.body(), &json!({ "echo": { "name": "a b" } }));

    let requests = seen.lock().unwrap().clone();
    assert_eq!(requests.len(), 2, "the 503 was retried");
    for request in &requests {
        assert_eq!(request.line, "POST /api/widgets?filter=equals%28name%2C%22a%20b%22%29&page%5Bsize%5D=5 HTTP/1.1");
        assert_eq!(request.body, r#"{"name":"a b"}"#);
        assert_eq!(request.header("x-extra"), ["1"]);
        assert_eq!(request.header("authorization").len(), 1);
        assert_eq!(request.header("content-type").len(), 1);
    }

    let missing = RawRequest::new(Method::Get, "/api/widgets/w9").operation("get_widget");
    let error = client.send_raw::<Value>(&missing, &RequestOptions::new()).await.unwrap_err();
    assert!(matches!(error, Error::Api { operation: "get_widget", status: 404, .. }), "{error:?}");
    assert!(error.to_string().contains("no such widget"), "{error}");
}

/// The new calls' futures can be spawned on a multi-threaded runtime.
#[test]
fn the_new_futures_are_send() {
    fn assert_send<T: Send>(_: &T) {}
    let client = client("http://127.0.0.1:9", RetryPolicy::NEVER);
    let (request, options) = (delete_item::Request::new("a"), RequestOptions::new());
    assert_send(&client.call_with(&request, &options));
    let raw = RawRequest::new(Method::Get, "/");
    assert_send(&client.send_raw::<Value>(&raw, &options));
}

/// The blocking client, from code with no runtime: operations, extra
/// headers and raw requests, on the async client's machinery.
#[cfg(feature = "blocking")]
#[test]
fn the_blocking_client_needs_no_runtime() {
    let server = tokio::runtime::Runtime::new().unwrap();
    let (base, seen) = server.block_on(serve(|number, _| match number {
        0 => no_content(),
        _ => (200, Vec::new(), r#"{"self": "/me", "next": null}"#.to_owned()),
    }));
    let client = crate::client::blocking::Client::new(client(&base, RetryPolicy::NEVER)).unwrap();
    let options = RequestOptions::new().header("x-from", "blocking");
    let response = client.call_with(&delete_item::Request::new("a"), &options).unwrap();
    assert_eq!(response.status(), 204);
    let links: Response<Links> =
        client.send_raw(&RawRequest::new(Method::Get, "/api/me"), &RequestOptions::new()).unwrap();
    assert_eq!(links.self_, "/me");
    assert_eq!(links.next, None);
    // Clones share the runtime, from other threads too.
    let clone = client.clone();
    std::thread::spawn(move || clone.send(&delete_item::Request::new("c")).unwrap()).join().unwrap();
    let requests = seen.lock().unwrap().clone();
    assert_eq!(requests.len(), 3);
    assert_eq!(requests[0].header("x-from"), ["blocking"]);
    assert_eq!(requests[1].line, "GET /api/me HTTP/1.1");
}
