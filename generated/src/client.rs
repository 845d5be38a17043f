//! An async client for the generated operations (feature `client`), on
//! `reqwest` with rustls: API-key authentication, the `revision` header,
//! pacing within each operation's documented rate limits ([`Pacing`]),
//! retries of 429, 5xx and connection failures, and pagination through
//! `links.next`.
//!
//! ```ignore
//! let client = Client::new("pk_…")?;
//! let request = get_bulk_create_catalog_items_jobs::Request::default();
//! let jobs: Vec<_> = client.items(&request).try_collect().await?;
//! ```
//!
//! It needs a Tokio runtime with its timer enabled (`enable_all`), as
//! `reqwest` does.

use std::collections::{HashMap, VecDeque};
use std::fmt;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use futures_util::future::Either;
use futures_util::stream::{self, Stream, StreamExt};

use crate::request::{ErrorDocument, ItemizedPage, Method, Operation, Paginated, RateLimit, ResponseError};
use crate::DecodeError;

/// Where the API is served.
pub const DEFAULT_BASE_URL: &str = "https://a.klaviyo.com";

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
    /// 4 attempts, backoff from 500 ms, waits of at most 60 s (Klaviyo's
    /// longest steady-limit window is a minute).
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
///   every task using them (Klaviyo counts per account and endpoint).
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
    /// Wait until `operation` may send, and count the request.
    async fn take_turn(&self, pacing: &Pacing, operation: &'static str, limits: &RateLimit) {
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
            tokio::time::sleep(wait).await;
        }
    }

    /// The server asked `operation` to wait `wait` before its next request.
    fn hold(&self, operation: &'static str, wait: Duration) {
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
    /// The API key has characters an HTTP header cannot carry (a newline, say).
    InvalidApiKey,
    /// The HTTP stack did not initialize.
    Http(reqwest::Error),
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BuildError::InvalidApiKey => f.write_str("the API key is not a valid HTTP header value"),
            BuildError::Http(error) => write!(f, "the HTTP client did not initialize: {error}"),
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
}

impl Error {
    /// The `operationId` of the failed operation.
    pub fn operation(&self) -> &'static str {
        match self {
            Error::Api { operation, .. }
            | Error::Transport { operation, .. }
            | Error::Decode { operation, .. }
            | Error::Item { operation, .. }
            | Error::Render { operation, .. } => operation,
        }
    }

    /// The HTTP status, when a response came.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Api { status, .. } | Error::Decode { status, .. } | Error::Item { status, .. } => Some(*status),
            Error::Transport { source, .. } => source.status().map(|s| s.as_u16()),
            Error::Render { .. } => None,
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
            Error::Api { .. } | Error::Render { .. } => None,
        }
    }

    fn from_response(operation: &'static str, url: String, error: ResponseError) -> Self {
        match error {
            ResponseError::Api { status, document } => Error::Api { operation, status, document },
            ResponseError::Decode { status, error } => Error::Decode { operation, status, url, error },
        }
    }
}

impl fmt::Display for Error {
    /// One line; for a body that did not decode, the path and the reason,
    /// then the start of the body (at most 512 bytes).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Api { operation, status, document } => write!(f, "{operation}: HTTP {status}: {document}"),
            Error::Transport { operation, source } => write!(f, "{operation}: request failed: {source}"),
            Error::Decode { operation, status, error, .. } => {
                write!(f, "{operation}: HTTP {status}: undecodable body ({error}): ")?;
                crate::request::write_excerpt(f, error.body().unwrap_or_default())
            }
            Error::Item { operation, status, index, error, .. } => {
                write!(f, "{operation}: HTTP {status}: item {index} of the page does not decode ({error})")
            }
            Error::Render { operation, source } => write!(f, "{operation}: cannot serialize the body: {source}"),
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

/// A Klaviyo API client: cheap to clone (the connection pool and the pacing
/// budgets are shared).
#[derive(Clone)]
pub struct Client {
    http: reqwest::Client,
    base_url: String,
    authorization: reqwest::header::HeaderValue,
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
    /// A client authenticating with a private API key
    /// (`Authorization: Klaviyo-API-Key <key>`), against
    /// [`DEFAULT_BASE_URL`], with the default [`RetryPolicy`], a 10 s connect
    /// timeout and a 60 s timeout per attempt.
    ///
    /// # Errors
    ///
    /// When the key is not a valid header value (control characters), or the
    /// HTTP stack cannot be initialized.
    pub fn new(api_key: &str) -> Result<Self, BuildError> {
        let http = reqwest::Client::builder()
            .user_agent(concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION")))
            .connect_timeout(Duration::from_secs(10))
            .timeout(Duration::from_secs(60))
            .build()
            .map_err(BuildError::Http)?;
        let mut authorization = reqwest::header::HeaderValue::try_from(format!("Klaviyo-API-Key {api_key}"))
            .map_err(|_| BuildError::InvalidApiKey)?;
        authorization.set_sensitive(true);
        Ok(Client {
            http,
            base_url: DEFAULT_BASE_URL.to_owned(),
            authorization,
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
        let rendered = request.render().map_err(|source| Error::Render { operation: O::OPERATION_ID, source })?;
        let url = format!("{}{}", self.base_url, rendered.path_and_query());
        let target = Target { operation: O::OPERATION_ID, method: O::METHOD, limits: &O::RATE_LIMIT, url: &url };
        let (status, headers, body) = self.execute(target, &rendered.headers, rendered.body.as_deref()).await?;
        match crate::request::decode_response::<O>(status, &body) {
            Ok(body) => Ok(Response { status, headers, body }),
            Err(error) => Err(Error::from_response(O::OPERATION_ID, url, error)),
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
            let target = Target { operation: O::OPERATION_ID, method: O::METHOD, limits: &O::RATE_LIMIT, url: &url };
            let (status, bytes) = match self.execute(target, &headers, body.as_deref()).await {
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
                    match error.body().map(crate::request::decode_itemized::<O>) {
                        Some(Ok(page)) => {
                            let next = follow(page.next.as_deref());
                            Some((Ok(Fetched::Itemized { status, url, error, page }), next))
                        }
                        // The envelope is broken: nothing more can be read.
                        _ => Some((Err(Error::Decode { operation: O::OPERATION_ID, status, url, error }), Next::Done)),
                    }
                }
                Err(error) => Some((Err(Error::from_response(O::OPERATION_ID, url, error)), Next::Done)),
            }
            }
        })
    }

    /// Send one request, paced and retried by the policies; the status,
    /// headers and body of the last response. Not generic, so compiled once.
    async fn execute(
        &self,
        target: Target<'_>,
        headers: &[(String, String)],
        body: Option<&[u8]>,
    ) -> Result<(u16, reqwest::header::HeaderMap, Vec<u8>), Error> {
        let Target { operation, method, limits, url } = target;
        let method = match method {
            Method::Get => reqwest::Method::GET,
            Method::Post => reqwest::Method::POST,
            Method::Put => reqwest::Method::PUT,
            Method::Patch => reqwest::Method::PATCH,
            Method::Delete => reqwest::Method::DELETE,
        };
        let attempts = self.retry.max_attempts.max(1);
        let mut attempt = 1;
        loop {
            self.budgets.take_turn(&self.pacing, operation, limits).await;
            let mut builder = self
                .http
                .request(method.clone(), url)
                .header(reqwest::header::AUTHORIZATION, self.authorization.clone());
            // The rendered headers (header parameters, `accept`, `content-type`) and body bytes, as they are.
            for (name, value) in headers {
                builder = builder.header(name.as_str(), value.as_str());
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
            let retry_after = match outcome {
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
                    retry_after
                }
                Err(source) => {
                    if !retryable_transport(&source) || attempt >= attempts {
                        return Err(Error::Transport { operation, source });
                    }
                    None
                }
            };
            tokio::time::sleep(self.retry.delay(attempt, retry_after)).await;
            attempt += 1;
        }
    }
}

impl Client {
    /// What a response says about the operation's budget: an exhausted
    /// window (`RateLimit-Remaining: 0`) or a 429 holds the operation until
    /// the server's window resets.
    fn learn(&self, operation: &'static str, status: u16, headers: &reqwest::header::HeaderMap, retry_after: Option<Duration>) {
        if !self.pacing.enabled {
            return;
        }
        let server = RateLimitStatus::from_headers(headers);
        let exhausted = server.filter(|s| s.remaining == Some(0)).and_then(|s| s.reset);
        let throttled = if status == 429 { retry_after } else { None };
        if let Some(wait) = exhausted.into_iter().chain(throttled).max() {
            self.budgets.hold(operation, wait.min(self.retry.max_delay));
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
