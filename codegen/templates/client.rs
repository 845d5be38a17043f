//! An async client for the generated operations (feature `client`), on
//! `reqwest` with rustls: API-key authentication, the `revision` header,
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

use std::fmt;
use std::time::Duration;

use futures_util::future::Either;
use futures_util::stream::{self, Stream, StreamExt};

use crate::request::{ErrorDocument, ItemizedPage, Method, Operation, Paginated, ResponseError};
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

/// A Klaviyo API client: cheap to clone (the connection pool is shared).
#[derive(Clone)]
pub struct Client {
    http: reqwest::Client,
    base_url: String,
    authorization: reqwest::header::HeaderValue,
    retry: RetryPolicy,
}

impl fmt::Debug for Client {
    /// Everything but the API key.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client").field("base_url", &self.base_url).field("retry", &self.retry).finish_non_exhaustive()
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
        Ok(Client { http, base_url: DEFAULT_BASE_URL.to_owned(), authorization, retry: RetryPolicy::default() })
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
        let rendered = request.render().map_err(|source| Error::Render { operation: O::OPERATION_ID, source })?;
        let url = format!("{}{}", self.base_url, rendered.path_and_query());
        let (status, body) =
            self.execute(O::OPERATION_ID, O::METHOD, &url, rendered.headers(), rendered.body.as_deref()).await?;
        crate::request::decode_response::<O>(status, &body).map_err(|e| Error::from_response(O::OPERATION_ID, url, e))
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
            Page { url: String, body: Option<String> },
            Failed(Error),
            Done,
        }
        let (first, headers) = match request.render() {
            Ok(rendered) => {
                let url = format!("{}{}", self.base_url, rendered.path_and_query());
                let headers = rendered.headers();
                (Next::Page { url, body: rendered.body }, headers)
            }
            Err(source) => (Next::Failed(Error::Render { operation: O::OPERATION_ID, source }), &[][..]),
        };
        stream::unfold(first, move |next| async move {
            let (url, body) = match next {
                Next::Page { url, body } => (url, body),
                Next::Failed(error) => return Some((Err(error), Next::Done)),
                Next::Done => return None,
            };
            let (status, bytes) = match self.execute(O::OPERATION_ID, O::METHOD, &url, headers, body.as_deref()).await
            {
                Ok(response) => response,
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
        })
    }

    /// Send one request, retrying by the policy; the status and body of the
    /// last response. Not generic, so compiled once.
    async fn execute(
        &self,
        operation: &'static str,
        method: Method,
        url: &str,
        headers: &[(&'static str, &'static str)],
        body: Option<&str>,
    ) -> Result<(u16, Vec<u8>), Error> {
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
            let mut builder = self
                .http
                .request(method.clone(), url)
                .header(reqwest::header::AUTHORIZATION, self.authorization.clone());
            for (name, value) in headers {
                builder = builder.header(*name, *value);
            }
            if let Some(body) = body {
                builder = builder.body(body.to_owned());
            }
            let outcome = match builder.send().await {
                Ok(response) => {
                    let status = response.status().as_u16();
                    let retry_after = response
                        .headers()
                        .get(reqwest::header::RETRY_AFTER)
                        .and_then(|value| value.to_str().ok())
                        .and_then(|text| text.trim().parse::<u64>().ok())
                        .map(Duration::from_secs);
                    response.bytes().await.map(|bytes| (status, Vec::from(bytes), retry_after))
                }
                Err(error) => Err(error),
            };
            let retry_after = match outcome {
                Ok((status, body, retry_after)) => {
                    let retryable = status == 429 || (500..600).contains(&status);
                    if !retryable || attempt >= attempts {
                        return Ok((status, body));
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
