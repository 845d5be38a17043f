//! An async client for the generated operations (feature `client`), on
//! `reqwest` with rustls: the document's server and authentication
//! ([`crate::operations::SERVER_URL`], [`crate::operations::SECURITY_SCHEMES`]),
//! pacing within each operation's documented rate limits ([`Pacing`]),
//! retries of 429, 5xx and connection failures, and pagination through
//! `links.next`.
//!
//! ```ignore
//! let client = Client::new("secret-key")?;
//! let request = get_bulk_create_catalog_items_jobs::Request::default();
//! let jobs: Vec<_> = client.items(&request).try_collect().await?;
//! ```
//!
//! It needs a Tokio runtime with its timer enabled (`enable_all`), as
//! `reqwest` does; [`blocking::Client`] (feature `blocking`) brings its own.
//!
//! **Open.** [`Client::call_with`] adds headers, a timeout or another retry
//! policy to one request ([`RequestOptions`]); [`Client::send_raw`] sends a
//! method, path, query and JSON body the crate does not model
//! ([`RawRequest`]), through the same authentication, pacing and retries.
//!
//! **Observable.** The client reports through [`tracing`](https://docs.rs/tracing)
//! events (target: this module's path), and installs no subscriber:
//!
//! | event | level | fields |
//! | --- | --- | --- |
//! | a retry after a 429, a 5xx or a transport failure | `WARN` | `operation`, `attempt` (the one that failed, from 1), `wait_ms`, `status` or `error` |
//! | a pacing wait before a request | `DEBUG` | `operation`, `attempt`, `wait_ms` |
//! | the server asked the operation to hold (`RateLimit-Remaining: 0`, 429) | `DEBUG` | `operation`, `status`, `wait_ms` |
//! | a body or a page's item that does not decode | `WARN` | `operation`, `status`, `url`, `path`, `error`, and `index` for an item |

use std::collections::{HashMap, VecDeque};
use std::fmt;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use futures_util::future::Either;
use futures_util::stream::{self, Stream, StreamExt};

use crate::request::{
    ApiKeyLocation, Body, Credential, ErrorDocument, Headers, ItemizedPage, Method, Operation, Paginated, Query,
    QueryValue, RateLimit, RenderedRequest, ResponseError, SecurityScheme,
};
use crate::DecodeError;

/// Where requests go unless [`Client::with_base_url`] says otherwise: the
/// document's server ([`crate::operations::SERVER_URL`]), or empty when it
/// names none (then every request fails until a base URL is given).
pub const DEFAULT_BASE_URL: &str = match crate::operations::SERVER_URL {
    Some(url) => url,
    None => "",
};

/// How failed requests are retried: 429 and 5xx (after `Retry-After`, in
/// seconds, when the response has one) and connection failures, with jittered
/// exponential backoff. Other responses are never retried.
///
/// Every method is retried, `POST` included: a 5xx or a dropped connection
/// can follow a request the API did carry out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Attempts in all, the first included; `1` (or `0`) never retries.
    pub max_attempts: u32,
    /// The backoff before the first retry; it doubles with each further one.
    pub base_delay: Duration,
    /// The longest wait before a retry, `Retry-After` included.
    pub max_delay: Duration,
}

impl Default for RetryPolicy {
    /// 4 attempts, backoff from 500 ms, waits of at most 60 s (a minute is
    /// the usual longest rate-limit window).
    fn default() -> Self {
        RetryPolicy { max_attempts: 4, base_delay: Duration::from_millis(500), max_delay: Duration::from_secs(60) }
    }
}

impl RetryPolicy {
    /// One attempt, no retries.
    pub const NEVER: RetryPolicy =
        RetryPolicy { max_attempts: 1, base_delay: Duration::ZERO, max_delay: Duration::ZERO };

    /// The wait before retry number `retry` (1 for the first): `Retry-After`
    /// when given, else `base_delay · 2^(retry-1)` with "equal jitter"
    /// (half fixed, half random); capped by `max_delay` either way.
    fn delay(&self, retry: u32, retry_after: Option<Duration>) -> Duration {
        if let Some(after) = retry_after {
            return after.min(self.max_delay);
        }
        let exponential = self.base_delay.saturating_mul(1u32 << (retry.saturating_sub(1)).min(20));
        let capped = exponential.min(self.max_delay);
        capped / 2 + capped.mul_f64(jitter() / 2.0)
    }
}

/// A number in `[0, 1)`, different on every call. Rust's `RandomState` is
/// seeded from the OS once per thread and moves on with every instance, so
/// hashing with a fresh one is random enough to spread retries — and costs no
/// dependency.
fn jitter() -> f64 {
    use std::hash::BuildHasher;
    let bits = std::collections::hash_map::RandomState::new().hash_one(0u8);
    (bits >> 11) as f64 / (1u64 << 53) as f64
}

/// How the client keeps each operation within its rate limits, so that a
/// bulk job is not throttled by the server: before each request (retries and
/// next pages included) it waits until the operation's last requests leave
/// room in every window. On by default.
///
/// - **Windows**: the operation's documented burst and steady limits
///   ([`Operation::RATE_LIMIT`]), or the ones [`Pacing::with_limits`] sets.
///   Each is kept as a sliding window (at most `count` requests in any
///   `length`), which also keeps within the server's fixed windows, wherever
///   they start. Daily limits are not paced (a wait of hours is a decision
///   for the caller).
/// - **One budget per operation per [`Client`]**, shared by its clones and
///   every task using them (APIs that document per-endpoint limits count
///   them per account and endpoint).
/// - **Server feedback**: a response with `RateLimit-Remaining: 0` holds the
///   operation for `RateLimit-Reset` seconds; a 429 holds it for its
///   `Retry-After`. Retrying a 429 stays as the safety net.
#[derive(Debug, Clone)]
pub struct Pacing {
    enabled: bool,
    margin: Duration,
    overrides: HashMap<String, Vec<Window>>,
}

/// At most `count` requests in any `length` of time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    /// Requests allowed.
    pub count: u32,
    /// The length of the window.
    pub length: Duration,
}

impl Default for Pacing {
    /// On, with the documented limits and a 25 ms margin per window (room
    /// for the difference between when a request leaves and when the
    /// server counts it).
    fn default() -> Self {
        Pacing { enabled: true, margin: Duration::from_millis(25), overrides: HashMap::new() }
    }
}

impl Pacing {
    /// No pacing: requests leave as soon as they are made (429s are still retried).
    pub fn off() -> Self {
        Pacing { enabled: false, ..Pacing::default() }
    }

    /// Pace `operation` (an `OPERATION_ID`) by these windows instead of its
    /// documented limits: an account with other limits, or a share of them
    /// left to another process.
    pub fn with_limits(mut self, operation: &str, windows: impl IntoIterator<Item = Window>) -> Self {
        self.overrides.insert(operation.to_owned(), windows.into_iter().collect());
        self
    }

    /// The time added to each window's length.
    pub fn with_margin(mut self, margin: Duration) -> Self {
        self.margin = margin;
        self
    }

    /// Whether requests are paced.
    pub fn is_enabled(&self) -> bool {
        self.enabled
    }

    /// The windows that pace `operation`.
    fn windows(&self, operation: &str, documented: &RateLimit) -> Vec<Window> {
        if let Some(windows) = self.overrides.get(operation) {
            return windows.clone();
        }
        [documented.burst, documented.steady]
            .into_iter()
            .flatten()
            .map(|limit| Window { count: limit.count, length: limit.period.duration() })
            .collect()
    }
}

/// The pacing state of one operation: when its last requests left, per
/// window, and until when the server asked it to hold.
#[derive(Debug)]
struct Budget {
    windows: Vec<(Window, VecDeque<Instant>)>,
    held_until: Option<Instant>,
}

impl Budget {
    /// How long a request made at `now` must wait; `None`: it may leave now.
    fn wait(&self, now: Instant, margin: Duration) -> Option<Duration> {
        let windows = self.windows.iter().filter_map(|(window, sent)| {
            let count = window.count.max(1) as usize;
            // The request `count` back must be a whole window (and margin) ago.
            let oldest = sent.len().checked_sub(count).map(|index| sent[index])?;
            (oldest + window.length + margin).checked_duration_since(now)
        });
        let held = self.held_until.and_then(|until| until.checked_duration_since(now));
        windows.chain(held).filter(|wait| !wait.is_zero()).max()
    }

    /// A request left at `now`.
    fn record(&mut self, now: Instant) {
        for (window, sent) in &mut self.windows {
            sent.push_back(now);
            while sent.len() > window.count.max(1) as usize {
                sent.pop_front();
            }
        }
    }
}

/// The pacing budgets of one client and its clones.
#[derive(Debug, Default)]
struct Budgets(Mutex<HashMap<&'static str, Budget>>);

impl Budgets {
    /// Wait until `operation` may send attempt number `attempt`, and count
    /// the request.
    async fn take_turn(&self, pacing: &Pacing, operation: &'static str, limits: &RateLimit, attempt: u32) {
        if !pacing.enabled {
            return;
        }
        loop {
            let wait = {
                let mut budgets = self.0.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
                let budget = budgets.entry(operation).or_insert_with(|| Budget {
                    windows: pacing.windows(operation, limits).into_iter().map(|w| (w, VecDeque::new())).collect(),
                    held_until: None,
                });
                let now = Instant::now();
                match budget.wait(now, pacing.margin) {
                    None => {
                        budget.record(now);
                        return;
                    }
                    Some(wait) => wait,
                }
            };
            tracing::debug!(operation, attempt, wait_ms = millis(wait), "pacing: waiting for room in the rate limit");
            tokio::time::sleep(wait).await;
        }
    }

    /// The server asked `operation` to wait `wait` before its next request
    /// (its answer had status `status`).
    fn hold(&self, operation: &'static str, status: u16, wait: Duration) {
        tracing::debug!(operation, status, wait_ms = millis(wait), "pacing: the server asked to hold the operation");
        let mut budgets = self.0.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some(budget) = budgets.get_mut(operation) {
            let until = Instant::now() + wait;
            budget.held_until = Some(budget.held_until.map_or(until, |held| held.max(until)));
        }
    }
}

/// A 2xx response: its status, its headers and its decoded body
/// ([`Client::call`]). Derefs to the body.
#[derive(Debug, Clone)]
pub struct Response<T> {
    status: u16,
    headers: reqwest::header::HeaderMap,
    body: T,
}

impl<T> Response<T> {
    /// The HTTP status (`200`, `201`, `202`, `204`).
    pub fn status(&self) -> u16 {
        self.status
    }

    /// Every header of the response (the request id, caching headers, …).
    pub fn headers(&self) -> &reqwest::header::HeaderMap {
        &self.headers
    }

    /// The `RateLimit-Limit` / `RateLimit-Remaining` / `RateLimit-Reset`
    /// headers (IETF draft "RateLimit header fields for HTTP"), when the
    /// response has them.
    pub fn rate_limit(&self) -> Option<RateLimitStatus> {
        RateLimitStatus::from_headers(&self.headers)
    }

    /// The decoded body.
    pub fn body(&self) -> &T {
        &self.body
    }

    /// The decoded body, the rest dropped.
    pub fn into_body(self) -> T {
        self.body
    }
}

impl<T> std::ops::Deref for Response<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.body
    }
}

/// What a response said about the rate limit of its operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateLimitStatus {
    /// `RateLimit-Limit`: requests allowed in the current window (the first
    /// number of the header).
    pub limit: Option<u64>,
    /// `RateLimit-Remaining`: requests left in the current window.
    pub remaining: Option<u64>,
    /// `RateLimit-Reset`: until the window ends.
    pub reset: Option<Duration>,
}

impl RateLimitStatus {
    /// The three headers, `None` when none is there; each header's first
    /// number is read (`75, 75;w=1` is 75).
    fn from_headers(headers: &reqwest::header::HeaderMap) -> Option<Self> {
        let number = |name: &str| {
            let text = headers.get(name)?.to_str().ok()?;
            let digits: String = text.trim().chars().take_while(char::is_ascii_digit).collect();
            digits.parse::<u64>().ok()
        };
        let status = RateLimitStatus {
            limit: number("ratelimit-limit"),
            remaining: number("ratelimit-remaining"),
            reset: number("ratelimit-reset").map(Duration::from_secs),
        };
        (status != RateLimitStatus { limit: None, remaining: None, reset: None }).then_some(status)
    }
}

/// Why [`Client::new`] failed.
#[derive(Debug)]
pub enum BuildError {
    /// The secret has characters an HTTP header cannot carry (a newline, say).
    InvalidApiKey,
    /// The HTTP stack did not initialize.
    Http(reqwest::Error),
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BuildError::InvalidApiKey => f.write_str("the secret is not a valid HTTP header value"),
            BuildError::Http(error) => {
                f.write_str("the HTTP client did not initialize: ")?;
                write_chain(f, error)
            }
        }
    }
}

impl std::error::Error for BuildError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            BuildError::InvalidApiKey => None,
            BuildError::Http(error) => Some(error),
        }
    }
}

/// A failed operation. Every message starts with the operation id.
///
/// Nothing that came back is lost: a body that does not decode is kept whole
/// in [`Error::Decode`], an item that does not decode in [`Error::Item`].
#[derive(Debug)]
pub enum Error {
    /// The API answered with an error status (after any retries).
    Api {
        /// The `operationId`.
        operation: &'static str,
        /// The HTTP status.
        status: u16,
        /// The JSON:API error document (empty when the body was empty).
        document: ErrorDocument,
    },
    /// The request could not be sent or its response not read (after any
    /// retries), or the base URL or a `links.next` URL is not a URL.
    Transport {
        /// The `operationId`.
        operation: &'static str,
        /// What `reqwest` reported.
        source: reqwest::Error,
    },
    /// The response body did not decode: a 2xx body that is not the
    /// operation's response type, or an error body that is not a JSON:API
    /// error document.
    Decode {
        /// The `operationId`.
        operation: &'static str,
        /// The HTTP status.
        status: u16,
        /// The URL requested (base URL, path and query; or a `links.next`).
        url: String,
        /// What did not match, where ([`DecodeError::path`]), and the whole
        /// body ([`DecodeError::body`]).
        error: DecodeError,
    },
    /// One item of a page did not decode ([`Client::items`]); the page's
    /// other items and the following pages are still read.
    Item {
        /// The `operationId`.
        operation: &'static str,
        /// The HTTP status of the page.
        status: u16,
        /// The URL of the page.
        url: String,
        /// The item's position in the page's `data`, from 0.
        index: usize,
        /// What did not match, where in the page
        /// (`data[3].attributes.total_count`), and the item's JSON
        /// ([`DecodeError::value`]).
        error: DecodeError,
    },
    /// The request body could not be serialized.
    Render {
        /// The `operationId`.
        operation: &'static str,
        /// What `serde_json` reported.
        source: serde_json::Error,
    },
    /// A header given in [`RequestOptions::header`] is not a valid HTTP
    /// header name or value; nothing was sent.
    InvalidHeader {
        /// The `operationId`.
        operation: &'static str,
        /// The header's name, as given.
        name: String,
    },
}

impl Error {
    /// The `operationId` of the failed operation.
    pub fn operation(&self) -> &'static str {
        match self {
            Error::Api { operation, .. }
            | Error::Transport { operation, .. }
            | Error::Decode { operation, .. }
            | Error::Item { operation, .. }
            | Error::Render { operation, .. }
            | Error::InvalidHeader { operation, .. } => operation,
        }
    }

    /// The HTTP status, when a response came.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Api { status, .. } | Error::Decode { status, .. } | Error::Item { status, .. } => Some(*status),
            Error::Transport { source, .. } => source.status().map(|s| s.as_u16()),
            Error::Render { .. } | Error::InvalidHeader { .. } => None,
        }
    }

    /// The API's error document, for [`Error::Api`].
    pub fn document(&self) -> Option<&ErrorDocument> {
        match self {
            Error::Api { document, .. } => Some(document),
            _ => None,
        }
    }

    /// What did not decode, for [`Error::Decode`] and [`Error::Item`]: its
    /// [`path`](DecodeError::path), and the body or the item's JSON.
    pub fn decode_error(&self) -> Option<&DecodeError> {
        match self {
            Error::Decode { error, .. } | Error::Item { error, .. } => Some(error),
            _ => None,
        }
    }

    /// The whole body that did not decode (lossy UTF-8), for
    /// [`Error::Decode`]. An [`Error::Item`]'s JSON is its
    /// [`DecodeError::value`].
    pub fn body(&self) -> Option<&str> {
        match self {
            Error::Decode { error, .. } => error.body(),
            _ => None,
        }
    }

    /// The URL requested, when one was.
    pub fn url(&self) -> Option<&str> {
        match self {
            Error::Decode { url, .. } | Error::Item { url, .. } => Some(url),
            Error::Transport { source, .. } => source.url().map(|url| url.as_str()),
            Error::Api { .. } | Error::Render { .. } | Error::InvalidHeader { .. } => None,
        }
    }

    /// The error for a response `decode_body` refused; a body that does
    /// not decode is reported as a `tracing` event too.
    fn from_response(operation: &'static str, url: String, error: ResponseError) -> Self {
        match error {
            ResponseError::Api { status, document } => Error::Api { operation, status, document },
            ResponseError::Decode { status, error } => {
                trace_decode_failure(operation, status, &url, None, &error);
                Error::Decode { operation, status, url, error }
            }
        }
    }
}

/// The `tracing` event of a body (or, with `index`, a page's item) that did
/// not decode.
fn trace_decode_failure(operation: &'static str, status: u16, url: &str, index: Option<usize>, error: &DecodeError) {
    match index {
        None => tracing::warn!(operation, status, url, path = error.path(), %error, "response body does not decode"),
        Some(index) => {
            tracing::warn!(operation, status, url, index, path = error.path(), %error, "page item does not decode")
        }
    }
}

/// Milliseconds, for `tracing` fields.
fn millis(duration: Duration) -> u64 {
    u64::try_from(duration.as_millis()).unwrap_or(u64::MAX)
}

/// An error displayed with its causes ([`write_chain`]).
struct ErrorChain<'a>(&'a (dyn std::error::Error + 'static));

impl fmt::Display for ErrorChain<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_chain(f, self.0)
    }
}

/// `error`, then each error of its `source()` chain after `: `, so that a
/// message says why (`error sending request for url (…): client error
/// (Connect): tcp connect error: Connection refused (os error 111)`). A
/// cause whose text the message already ends with is not repeated.
fn write_chain(f: &mut fmt::Formatter<'_>, error: &(dyn std::error::Error + 'static)) -> fmt::Result {
    let mut last = error.to_string();
    f.write_str(&last)?;
    let mut cause = error.source();
    while let Some(error) = cause {
        let text = error.to_string();
        if !text.is_empty() && !last.ends_with(&text) {
            write!(f, ": {text}")?;
        }
        last = text;
        cause = error.source();
    }
    Ok(())
}

impl fmt::Display for Error {
    /// One line; a transport or serialization failure with its causes (the
    /// `source()` chain, which stays available); for a body that did not
    /// decode, the path and the reason, then the start of the body (at most
    /// 512 bytes).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Api { operation, status, document } => write!(f, "{operation}: HTTP {status}: {document}"),
            Error::Transport { operation, source } => {
                write!(f, "{operation}: request failed: ")?;
                write_chain(f, source)
            }
            Error::Decode { operation, status, error, .. } => {
                write!(f, "{operation}: HTTP {status}: undecodable body ({error}): ")?;
                crate::request::write_excerpt(f, error.body().unwrap_or_default())
            }
            Error::Item { operation, status, index, error, .. } => {
                write!(f, "{operation}: HTTP {status}: item {index} of the page does not decode ({error})")
            }
            Error::Render { operation, source } => {
                write!(f, "{operation}: cannot serialize the body: ")?;
                write_chain(f, source)
            }
            Error::InvalidHeader { operation, name } => {
                write!(f, "{operation}: the extra header {name:?} is not a valid HTTP header (nothing was sent)")
            }
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Api { .. } => None,
            Error::Transport { source, .. } => Some(source),
            Error::Decode { error, .. } | Error::Item { error, .. } => Some(error),
            Error::Render { source, .. } => Some(source),
            Error::InvalidHeader { .. } => None,
        }
    }
}

/// A page as [`Client::pages`] and [`Client::items`] read it.
enum Fetched<O: Paginated> {
    /// The page decoded as a whole.
    Whole(O::Response),
    /// A 2xx page that did not decode as a whole, read item by item.
    Itemized {
        /// Its HTTP status.
        status: u16,
        /// Its URL.
        url: String,
        /// Why it did not decode as a whole, with the whole body.
        error: DecodeError,
        /// What it holds, item by item.
        page: ItemizedPage<O>,
    },
}

/// What one request adds to the client's defaults ([`Client::call_with`],
/// [`Client::send_raw`]): extra headers, a timeout, a retry policy.
///
/// ```ignore
/// let options = RequestOptions::new().header("x-request-id", "job-42").timeout(Duration::from_secs(5));
/// let response = client.call_with(&request, &options).await?;
/// ```
#[derive(Debug, Clone, Default)]
pub struct RequestOptions {
    headers: reqwest::header::HeaderMap,
    /// The name of the first header that was not valid.
    invalid_header: Option<String>,
    timeout: Option<Duration>,
    retry: Option<RetryPolicy>,
}

impl RequestOptions {
    /// No extra headers, the client's timeout and retry policy.
    pub fn new() -> Self {
        Self::default()
    }

    /// Send the header `name: value` too. A name the request already
    /// carries (`accept`, `authorization`, a header the operation renders)
    /// is replaced; a name given twice here is sent twice.
    ///
    /// A name or value that HTTP does not allow (a space in the name, a
    /// newline in the value) makes the request fail with
    /// [`Error::InvalidHeader`] before anything is sent.
    pub fn header(mut self, name: &str, value: &str) -> Self {
        use reqwest::header::{HeaderName, HeaderValue};
        match (HeaderName::try_from(name), HeaderValue::try_from(value)) {
            (Ok(name), Ok(value)) => {
                self.headers.append(name, value);
            }
            _ => {
                self.invalid_header.get_or_insert_with(|| name.to_owned());
            }
        }
        self
    }

    /// Send these headers too, replacing the request's own of the same
    /// names (see [`RequestOptions::header`]).
    pub fn headers(mut self, headers: reqwest::header::HeaderMap) -> Self {
        for (name, value) in &headers {
            self.headers.append(name, value.clone());
        }
        self
    }

    /// The longest time one attempt may take, from connecting to the end of
    /// the body, instead of the client's (60 s by default).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// Retry this request by `policy` instead of the client's
    /// ([`RetryPolicy::NEVER`]: one attempt).
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = Some(policy);
        self
    }

    /// The extra headers.
    pub fn extra_headers(&self) -> &reqwest::header::HeaderMap {
        &self.headers
    }
}

/// A request the crate does not model, sent by [`Client::send_raw`]: a
/// method, a path, a query and a JSON body. It goes out as an operation
/// does: the client's credentials, the headers every operation carries
/// (`accept`, and `content-type` with a body), pacing and retries.
///
/// ```ignore
/// let request = RawRequest::new(Method::Get, "/api/widgets/w1").query("fields[widget]", "name");
/// let response: Response<serde_json::Value> = client.send_raw(&request, &RequestOptions::new()).await?;
/// ```
#[derive(Debug, Clone)]
pub struct RawRequest {
    operation: &'static str,
    method: Method,
    path: String,
    query: Query,
    body: Option<Body>,
}

impl RawRequest {
    /// The name [`RawRequest::operation`] gives by default.
    pub const DEFAULT_OPERATION: &'static str = "raw";

    /// `method` on `path`: what follows the base URL, starting with `/`,
    /// sent as given (percent-encode its segments yourself, as
    /// [`crate::request::fill_path`] does); no query, no body.
    pub fn new(method: Method, path: impl Into<String>) -> Self {
        RawRequest { operation: Self::DEFAULT_OPERATION, method, path: path.into(), query: Query::new(), body: None }
    }

    /// Append `key=value` to the query; both are percent-encoded (every
    /// character but RFC 3986's unreserved ones), values written as the
    /// operations write them (a date-time in UTC `Z` form).
    pub fn query(mut self, key: &str, value: impl QueryValue) -> Self {
        self.query.push(key, &value);
        self
    }

    /// Send `body` serialized as JSON, as `application/json` (another
    /// media type, `application/vnd.api+json` say, with
    /// [`RawRequest::json_as`]).
    ///
    /// # Errors
    ///
    /// When `body` cannot be serialized (a map with non-string keys).
    pub fn json<T: serde::Serialize + ?Sized>(self, body: &T) -> Result<Self, serde_json::Error> {
        self.json_as("application/json", body)
    }

    /// Send `body` serialized as JSON, with `content-type: media_type`.
    ///
    /// # Errors
    ///
    /// When `body` cannot be serialized (a map with non-string keys).
    pub fn json_as<T: serde::Serialize + ?Sized>(
        mut self,
        media_type: &str,
        body: &T,
    ) -> Result<Self, serde_json::Error> {
        self.body = Some(Body::json(media_type, body)?);
        Ok(self)
    }

    /// The name errors and `tracing` events give the request, and the
    /// budget that paces it: none, unless [`Pacing::with_limits`] names it
    /// (raw requests have no documented limits). Requests of one name share
    /// a budget. [`RawRequest::DEFAULT_OPERATION`] unless set.
    pub fn operation(mut self, name: &'static str) -> Self {
        self.operation = name;
        self
    }

    /// The method.
    pub fn method(&self) -> Method {
        self.method
    }

    /// The path, then `?` and the encoded query when there is one.
    pub fn path_and_query(&self) -> String {
        self.render().path_and_query()
    }

    /// Accepts JSON of any kind (`application/json`, `…+json`); set
    /// another `accept` with [`RequestOptions::header`].
    fn render(&self) -> RenderedRequest {
        let mut headers = Headers::new();
        headers.accept("application/json, */*;q=0.5");
        RenderedRequest::new(self.method, self.path.clone(), self.query.clone(), headers, self.body.clone())
    }
}

/// The limits of a [`RawRequest`]: none documented.
const UNDOCUMENTED: RateLimit = RateLimit { burst: None, steady: None, daily: None };

/// An API client: cheap to clone (the connection pool and the pacing
/// budgets are shared).
#[derive(Clone)]
pub struct Client {
    http: reqwest::Client,
    base_url: String,
    credentials: Option<Credentials>,
    retry: RetryPolicy,
    pacing: Pacing,
    budgets: Arc<Budgets>,
}

impl fmt::Debug for Client {
    /// Everything but the API key.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.base_url)
            .field("retry", &self.retry)
            .field("pacing", &self.pacing)
            .finish_non_exhaustive()
    }
}

impl Client {
    /// A client authenticating with `secret` by the document's first
    /// security scheme ([`crate::operations::SECURITY_SCHEMES`]; see
    /// [`Client::with_scheme`] for what is sent), against
    /// [`DEFAULT_BASE_URL`], with the default [`RetryPolicy`] and
    /// [`Pacing`], a 10 s connect timeout and a 60 s timeout per attempt. A
    /// document that declares no scheme gets `secret` as a bearer token.
    ///
    /// # Errors
    ///
    /// When the secret is not a valid header value (control characters), or
    /// the HTTP stack cannot be initialized.
    pub fn new(secret: &str) -> Result<Self, BuildError> {
        const BEARER: SecurityScheme = SecurityScheme { name: "bearer", credential: Credential::Bearer };
        let scheme = crate::operations::SECURITY_SCHEMES.first().unwrap_or(&BEARER);
        Self::with_scheme(secret, scheme)
    }

    /// A client authenticating with `secret` by `scheme` (one of
    /// [`crate::operations::SECURITY_SCHEMES`], or one of your own):
    ///
    /// - an API key: the scheme's prefix and `secret`, in its header, query
    ///   parameter or cookie;
    /// - bearer (and OAuth 2.0 / OpenID Connect): `Authorization: Bearer
    ///   <secret>` (RFC 6750);
    /// - basic: `Authorization: Basic` of `secret` as `user:password`, or of
    ///   `secret:` when it has no `:` (an API key as the user name), RFC 7617.
    ///
    /// Operations that declare no security requirement are sent without it.
    ///
    /// # Errors
    ///
    /// As [`Client::new`].
    pub fn with_scheme(secret: &str, scheme: &SecurityScheme) -> Result<Self, BuildError> {
        let credentials = Credentials::new(secret, scheme.credential)?;
        Ok(Client { credentials: Some(credentials), ..Self::anonymous()? })
    }

    /// A client that sends no credentials (public APIs, or authentication
    /// added by a proxy or a [`Client::with_http_client`] of your own).
    ///
    /// # Errors
    ///
    /// When the HTTP stack cannot be initialized.
    pub fn anonymous() -> Result<Self, BuildError> {
        let http = reqwest::Client::builder()
            .user_agent(concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION")))
            .connect_timeout(Duration::from_secs(10))
            .timeout(Duration::from_secs(60))
            .build()
            .map_err(BuildError::Http)?;
        Ok(Client {
            http,
            base_url: DEFAULT_BASE_URL.to_owned(),
            credentials: None,
            retry: RetryPolicy::default(),
            pacing: Pacing::default(),
            budgets: Arc::default(),
        })
    }

    /// Send requests to another origin (a proxy, a test server); a trailing
    /// `/` is dropped. Pagination follows `links.next` as the API wrote it.
    pub fn with_base_url(mut self, base_url: impl Into<String>) -> Self {
        self.base_url = base_url.into().trim_end_matches('/').to_owned();
        self
    }

    /// Retry by `policy`.
    pub fn with_retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// Pace requests by `pacing` ([`Pacing::off`] turns pacing off). The
    /// budgets start afresh, shared by the clones of the returned client.
    pub fn with_pacing(mut self, pacing: Pacing) -> Self {
        self.pacing = pacing;
        self.budgets = Arc::default();
        self
    }

    /// The pacing in force.
    pub fn pacing(&self) -> &Pacing {
        &self.pacing
    }

    /// Send through a `reqwest::Client` configured elsewhere (proxy,
    /// timeouts, pool).
    pub fn with_http_client(mut self, http: reqwest::Client) -> Self {
        self.http = http;
        self
    }

    /// The origin requests go to.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// The retry policy in force.
    pub fn retry_policy(&self) -> RetryPolicy {
        self.retry
    }

    /// Send one operation, retrying by the policy, and decode its 2xx body.
    ///
    /// A body that does not decode is an [`Error::Decode`] that keeps it
    /// whole and names the path of the offending value.
    pub async fn send<O: Operation>(&self, request: &O) -> Result<O::Response, Error> {
        self.call(request).await.map(Response::into_body)
    }

    /// [`Client::send`], keeping the response's status and headers
    /// ([`Response::rate_limit`], a request id) beside the body.
    pub async fn call<O: Operation>(&self, request: &O) -> Result<Response<O::Response>, Error> {
        self.call_with(request, &RequestOptions::default()).await
    }

    /// [`Client::call`] with extra headers, a timeout or a retry policy
    /// for this request ([`RequestOptions`]).
    ///
    /// # Errors
    ///
    /// As [`Client::send`]; [`Error::InvalidHeader`] when an extra header
    /// is not valid HTTP.
    pub async fn call_with<O: Operation>(
        &self,
        request: &O,
        options: &RequestOptions,
    ) -> Result<Response<O::Response>, Error> {
        let rendered = request.render().map_err(|source| Error::Render { operation: O::OPERATION_ID, source })?;
        let url = format!("{}{}", self.base_url, rendered.path_and_query());
        let target = Target {
            operation: O::OPERATION_ID,
            method: O::METHOD,
            limits: &O::RATE_LIMIT,
            url: &url,
            authenticated: O::AUTHENTICATED,
        };
        let (status, headers, body) =
            self.execute(target, &rendered.headers, rendered.body.as_deref(), options).await?;
        match crate::request::decode_response::<O>(status, &body) {
            Ok(body) => Ok(Response { status, headers, body }),
            Err(error) => Err(Error::from_response(O::OPERATION_ID, url, error)),
        }
    }

    /// Send a request the crate does not model, through the same
    /// credentials, pacing and retries as an operation, and decode its 2xx
    /// body as `T`: `serde_json::Value` for any JSON, `()` for none, or a
    /// type of this crate.
    ///
    /// An error status is an [`Error::Api`] with the JSON:API error
    /// document, as for an operation; errors name the request by
    /// [`RawRequest::operation`].
    ///
    /// # Errors
    ///
    /// As [`Client::call_with`].
    pub async fn send_raw<T: serde::de::DeserializeOwned>(
        &self,
        request: &RawRequest,
        options: &RequestOptions,
    ) -> Result<Response<T>, Error> {
        let operation = request.operation;
        let rendered = request.render();
        let url = format!("{}{}", self.base_url, rendered.path_and_query());
        // The client's credentials, if it has any, as for an operation that requires them.
        let target =
            Target { operation, method: request.method, limits: &UNDOCUMENTED, url: &url, authenticated: true };
        let (status, headers, body) =
            self.execute(target, rendered.headers(), rendered.body.as_deref(), options).await?;
        match crate::request::decode_body::<T>(status, &body) {
            Ok(body) => Ok(Response { status, headers, body }),
            Err(error) => Err(Error::from_response(operation, url, error)),
        }
    }

    /// Every page of a paginated operation, in order: the request, then
    /// each `links.next` (an absolute URL, requested as-is with the same
    /// method and headers) until a page has none.
    ///
    /// A 2xx page that does not decode as its type is an [`Error::Decode`]
    /// keeping the whole body; when its `links.next` can still be read from
    /// the raw JSON (the page is JSON with a `data` array, and `links.next`
    /// is a string), the pages after it follow. Any other error (an error
    /// status, a transport failure, a page that is not JSON or has no
    /// `data` array) is the last item of the stream.
    pub fn pages<O: Paginated>(&self, request: &O) -> impl Stream<Item = Result<O::Response, Error>> + '_ {
        self.fetch(request).map(|fetched| match fetched? {
            Fetched::Whole(page) => Ok(page),
            Fetched::Itemized { status, url, error, .. } => {
                Err(Error::Decode { operation: O::OPERATION_ID, status, url, error })
            }
        })
    }

    /// Every item of every page of a paginated operation, in order (see
    /// [`Client::pages`]).
    ///
    /// One item that does not match its type costs that item only: it comes
    /// as an [`Error::Item`] in its place, carrying its raw JSON
    /// ([`DecodeError::value`]), its index in the page and the path of the
    /// offending value (`data[3].attributes.total_count`); the page's other
    /// items follow, then the next pages (`links.next` read from the raw
    /// JSON if need be). A page whose members outside `data` do not match
    /// (`links`, `included`, …) adds one [`Error::Decode`] after its items;
    /// pagination goes on when its `links.next` is still a string.
    ///
    /// A page whose envelope is broken — not JSON, or without a `data`
    /// array — is one [`Error::Decode`] keeping the whole body, and the
    /// stream ends there, as after an error status or a transport failure.
    ///
    /// `try_collect` stops at the first error of any kind; to keep the good
    /// items and see the bad ones, match each result.
    pub fn items<O: Paginated>(&self, request: &O) -> impl Stream<Item = Result<O::Item, Error>> + '_ {
        self.fetch(request).flat_map(|fetched| match fetched {
            Ok(Fetched::Whole(page)) => Either::Left(stream::iter(O::into_items(page).into_iter().map(Ok))),
            Ok(Fetched::Itemized { status, url, error, page }) => {
                Either::Right(stream::iter(itemized_results::<O>(status, url, error, page)))
            }
            Err(error) => Either::Right(stream::iter(vec![Err(error)])),
        })
    }

    /// The pages of [`Client::pages`] and [`Client::items`]: each decoded
    /// whole, or item by item when it does not decode whole.
    fn fetch<O: Paginated>(&self, request: &O) -> impl Stream<Item = Result<Fetched<O>, Error>> + '_ {
        enum Next {
            Page { url: String, body: Option<Vec<u8>> },
            Failed(Error),
            Done,
        }
        let (first, headers) = match request.render() {
            Ok(rendered) => {
                let url = format!("{}{}", self.base_url, rendered.path_and_query());
                (Next::Page { url, body: rendered.body }, rendered.headers)
            }
            Err(source) => (Next::Failed(Error::Render { operation: O::OPERATION_ID, source }), Vec::new()),
        };
        // Every page is requested with the first request's headers.
        let headers = std::sync::Arc::new(headers);
        stream::unfold(first, move |next| {
            let headers = headers.clone();
            async move {
                let (url, body) = match next {
                    Next::Page { url, body } => (url, body),
                    Next::Failed(error) => return Some((Err(error), Next::Done)),
                    Next::Done => return None,
                };
                let target = Target {
                    operation: O::OPERATION_ID,
                    method: O::METHOD,
                    limits: &O::RATE_LIMIT,
                    url: &url,
                    authenticated: O::AUTHENTICATED,
                };
                let options = RequestOptions::default();
                let (status, bytes) = match self.execute(target, &headers, body.as_deref(), &options).await {
                    Ok((status, _, bytes)) => (status, bytes),
                    Err(error) => return Some((Err(error), Next::Done)),
                };
                // A page linking to itself would never end.
                let follow = |link: Option<&str>| match link {
                    Some(link) if link != url => Next::Page { url: link.to_owned(), body: None },
                    _ => Next::Done,
                };
                match crate::request::decode_response::<O>(status, &bytes) {
                    Ok(page) => {
                        let next = follow(O::next_link(&page));
                        Some((Ok(Fetched::Whole(page)), next))
                    }
                    Err(ResponseError::Decode { status, error }) if (200..300).contains(&status) => {
                        trace_decode_failure(O::OPERATION_ID, status, &url, None, &error);
                        match error.body().map(crate::request::decode_itemized::<O>) {
                            Some(Ok(page)) => {
                                let next = follow(page.next.as_deref());
                                Some((Ok(Fetched::Itemized { status, url, error, page }), next))
                            }
                            // The envelope is broken: nothing more can be read.
                            _ => Some((
                                Err(Error::Decode { operation: O::OPERATION_ID, status, url, error }),
                                Next::Done,
                            )),
                        }
                    }
                    Err(error) => Some((Err(Error::from_response(O::OPERATION_ID, url, error)), Next::Done)),
                }
            }
        })
    }

    /// Send one request, paced and retried by the policies, with the
    /// options' headers after the request's own; the status, headers and
    /// body of the last response. Not generic, so compiled once.
    async fn execute(
        &self,
        target: Target<'_>,
        headers: &[(String, String)],
        body: Option<&[u8]>,
        options: &RequestOptions,
    ) -> Result<(u16, reqwest::header::HeaderMap, Vec<u8>), Error> {
        let Target { operation, method, limits, url, authenticated } = target;
        if let Some(name) = &options.invalid_header {
            return Err(Error::InvalidHeader { operation, name: name.clone() });
        }
        let retry = options.retry.unwrap_or(self.retry);
        let method = match method {
            Method::Get => reqwest::Method::GET,
            Method::Post => reqwest::Method::POST,
            Method::Put => reqwest::Method::PUT,
            Method::Patch => reqwest::Method::PATCH,
            Method::Delete => reqwest::Method::DELETE,
            Method::Head => reqwest::Method::HEAD,
            Method::Options => reqwest::Method::OPTIONS,
            Method::Trace => reqwest::Method::TRACE,
        };
        let attempts = retry.max_attempts.max(1);
        let mut attempt = 1;
        loop {
            self.budgets.take_turn(&self.pacing, operation, limits, attempt).await;
            let mut builder = self.http.request(method.clone(), url);
            if let Some(credentials) = self.credentials.as_ref().filter(|_| authenticated) {
                builder = credentials.attach(builder);
            }
            // The rendered headers (header parameters, `accept`, `content-type`) and body bytes, as they are.
            for (name, value) in headers {
                builder = builder.header(name.as_str(), value.as_str());
            }
            if !options.headers.is_empty() {
                // Replaces the values of the names it has.
                builder = builder.headers(options.headers.clone());
            }
            if let Some(timeout) = options.timeout {
                builder = builder.timeout(timeout);
            }
            if let Some(body) = body {
                builder = builder.body(body.to_vec());
            }
            let outcome = match builder.send().await {
                Ok(response) => {
                    let status = response.status().as_u16();
                    let headers = response.headers().clone();
                    response.bytes().await.map(|bytes| (status, headers, Vec::from(bytes)))
                }
                Err(error) => Err(error),
            };
            let wait = match outcome {
                Ok((status, headers, body)) => {
                    let retry_after = headers
                        .get(reqwest::header::RETRY_AFTER)
                        .and_then(|value| value.to_str().ok())
                        .and_then(|text| text.trim().parse::<u64>().ok())
                        .map(Duration::from_secs);
                    self.learn(operation, status, &headers, retry_after);
                    let retryable = status == 429 || (500..600).contains(&status);
                    if !retryable || attempt >= attempts {
                        return Ok((status, headers, body));
                    }
                    let wait = retry.delay(attempt, retry_after);
                    tracing::warn!(operation, attempt, wait_ms = millis(wait), status, "retrying after HTTP {status}");
                    wait
                }
                Err(source) => {
                    if !retryable_transport(&source) || attempt >= attempts {
                        return Err(Error::Transport { operation, source });
                    }
                    let wait = retry.delay(attempt, None);
                    let error = ErrorChain(&source);
                    tracing::warn!(operation, attempt, wait_ms = millis(wait), %error, "retrying after a transport failure");
                    wait
                }
            };
            tokio::time::sleep(wait).await;
            attempt += 1;
        }
    }
}

impl Client {
    /// What a response says about the operation's budget: an exhausted
    /// window (`RateLimit-Remaining: 0`) or a 429 holds the operation until
    /// the server's window resets.
    fn learn(
        &self,
        operation: &'static str,
        status: u16,
        headers: &reqwest::header::HeaderMap,
        retry_after: Option<Duration>,
    ) {
        if !self.pacing.enabled {
            return;
        }
        let server = RateLimitStatus::from_headers(headers);
        let exhausted = server.filter(|s| s.remaining == Some(0)).and_then(|s| s.reset);
        let throttled = if status == 429 { retry_after } else { None };
        if let Some(wait) = exhausted.into_iter().chain(throttled).max() {
            self.budgets.hold(operation, status, wait.min(self.retry.max_delay));
        }
    }
}

/// Where one request goes, and what paces it.
#[derive(Clone, Copy)]
struct Target<'a> {
    operation: &'static str,
    method: Method,
    limits: &'a RateLimit,
    url: &'a str,
    /// Whether the operation's requests carry the credentials.
    authenticated: bool,
}

/// A secret ready to attach to requests (marked sensitive, so never logged
/// by the HTTP stack).
#[derive(Clone)]
enum Credentials {
    Header(reqwest::header::HeaderName, reqwest::header::HeaderValue),
    Query(&'static str, String),
}

impl Credentials {
    fn new(secret: &str, credential: Credential) -> Result<Self, BuildError> {
        use base64::Engine as _;
        use reqwest::header::{HeaderName, HeaderValue, AUTHORIZATION, COOKIE};
        let header = |name: HeaderName, value: String| {
            let mut value = HeaderValue::try_from(value).map_err(|_| BuildError::InvalidApiKey)?;
            value.set_sensitive(true);
            Ok(Credentials::Header(name, value))
        };
        match credential {
            Credential::ApiKey { location: ApiKeyLocation::Query, parameter, prefix } => {
                Ok(Credentials::Query(parameter, format!("{prefix}{secret}")))
            }
            Credential::ApiKey { location: ApiKeyLocation::Cookie, parameter, prefix } => {
                header(COOKIE, format!("{parameter}={prefix}{secret}"))
            }
            Credential::ApiKey { location: ApiKeyLocation::Header, parameter, prefix } => {
                let name = HeaderName::try_from(parameter).map_err(|_| BuildError::InvalidApiKey)?;
                header(name, format!("{prefix}{secret}"))
            }
            Credential::Bearer => header(AUTHORIZATION, format!("Bearer {secret}")),
            Credential::Basic => {
                let pair = if secret.contains(':') { secret.to_owned() } else { format!("{secret}:") };
                header(AUTHORIZATION, format!("Basic {}", base64::engine::general_purpose::STANDARD.encode(pair)))
            }
        }
    }

    fn attach(&self, builder: reqwest::RequestBuilder) -> reqwest::RequestBuilder {
        match self {
            Credentials::Header(name, value) => builder.header(name, value.clone()),
            Credentials::Query(name, value) => builder.query(&[(name, value)]),
        }
    }
}

/// What [`Client::items`] yields for a page read item by item: each item or
/// its [`Error::Item`], in order, then an [`Error::Decode`] for what did not
/// match outside the items. When nothing it can name failed, the page's own
/// error is reported, so a page that did not decode never passes silently.
fn itemized_results<O: Paginated>(
    status: u16,
    url: String,
    error: DecodeError,
    page: ItemizedPage<O>,
) -> Vec<Result<O::Item, Error>> {
    let operation = O::OPERATION_ID;
    let mut failed = false;
    let mut results: Vec<_> = page
        .items
        .into_iter()
        .enumerate()
        .map(|(index, item)| {
            item.map_err(|error| {
                failed = true;
                trace_decode_failure(operation, status, &url, Some(index), &error);
                Error::Item { operation, status, url: url.clone(), index, error }
            })
        })
        .collect();
    match page.rest {
        Err(rest) => results.push(Err(Error::Decode { operation, status, url, error: rest })),
        Ok(_) if !failed => results.push(Err(Error::Decode { operation, status, url, error })),
        Ok(_) => {}
    }
    results
}

/// Connection failures, timeouts and broken responses are worth another
/// attempt; a request that cannot be built (bad URL, bad header) is not.
fn retryable_transport(error: &reqwest::Error) -> bool {
    !(error.is_builder() || error.is_redirect() || error.is_status())
}

/// A blocking client (feature `blocking`), for programs without an async
/// runtime: the async [`Client`] driven by a current-thread
/// Tokio runtime of its own, so the HTTP stack, pacing, retries and
/// pagination are the async client's.
///
/// ```ignore
/// let client = blocking::Client::new(Client::new("pk_…")?)?;
/// let jobs: Vec<_> = client.items(&request).collect::<Result<_, _>>()?;
/// ```
///
/// Do not call it from async code: starting (or dropping) a runtime inside
/// another one panics. Clones share the runtime, the connection pool and
/// the pacing budgets; threads calling at once take turns driving the
/// runtime, their requests still in flight together.
#[cfg(feature = "blocking")]
pub mod blocking {
    use std::sync::Arc;

    use futures_util::StreamExt;

    use super::{Error, RawRequest, RequestOptions, Response};
    use crate::request::{Operation, Paginated};

    /// The async client and the runtime that drives it. Cheap to clone.
    #[derive(Debug, Clone)]
    pub struct Client {
        inner: super::Client,
        runtime: Arc<tokio::runtime::Runtime>,
    }

    impl Client {
        /// Drive `inner` (configured as usual: base URL, retries, pacing)
        /// from blocking code.
        ///
        /// # Errors
        ///
        /// When the runtime cannot start (the OS refused its timer or I/O
        /// driver).
        pub fn new(inner: super::Client) -> std::io::Result<Self> {
            let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
            Ok(Client { inner, runtime: Arc::new(runtime) })
        }

        /// The async client inside.
        pub fn inner(&self) -> &super::Client {
            &self.inner
        }

        /// [`super::Client::send`], blocking.
        ///
        /// # Errors
        ///
        /// As [`super::Client::send`].
        pub fn send<O: Operation>(&self, request: &O) -> Result<O::Response, Error> {
            self.runtime.block_on(self.inner.send(request))
        }

        /// [`super::Client::call`], blocking.
        ///
        /// # Errors
        ///
        /// As [`super::Client::call`].
        pub fn call<O: Operation>(&self, request: &O) -> Result<Response<O::Response>, Error> {
            self.runtime.block_on(self.inner.call(request))
        }

        /// [`super::Client::call_with`], blocking.
        ///
        /// # Errors
        ///
        /// As [`super::Client::call_with`].
        pub fn call_with<O: Operation>(
            &self,
            request: &O,
            options: &RequestOptions,
        ) -> Result<Response<O::Response>, Error> {
            self.runtime.block_on(self.inner.call_with(request, options))
        }

        /// [`super::Client::send_raw`], blocking.
        ///
        /// # Errors
        ///
        /// As [`super::Client::send_raw`].
        pub fn send_raw<T: serde::de::DeserializeOwned>(
            &self,
            request: &RawRequest,
            options: &RequestOptions,
        ) -> Result<Response<T>, Error> {
            self.runtime.block_on(self.inner.send_raw(request, options))
        }

        /// [`super::Client::pages`] as an iterator: each `next` requests
        /// the following page.
        pub fn pages<O: Paginated>(&self, request: &O) -> impl Iterator<Item = Result<O::Response, Error>> + '_ {
            let mut pages = Box::pin(self.inner.pages(request));
            std::iter::from_fn(move || self.runtime.block_on(pages.next()))
        }

        /// [`super::Client::items`] as an iterator: a page is requested when
        /// the items before it are used up.
        pub fn items<O: Paginated>(&self, request: &O) -> impl Iterator<Item = Result<O::Item, Error>> + '_ {
            let mut items = Box::pin(self.inner.items(request));
            std::iter::from_fn(move || self.runtime.block_on(items.next()))
        }
    }
}
