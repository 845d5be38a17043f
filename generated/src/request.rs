//! What every generated `operations::*` module builds on: the description of
//! an operation (method, path, scopes, rate limits), the rendering of its
//! query string, path and body, the JSON:API `filter` expression syntax, and the decoding of
//! a response (2xx body or JSON:API error document).
//!
//! Nothing here performs I/O: any HTTP client can send a
//! [`RenderedRequest`] and hand the status and body to [`decode_response`].
//! The optional `client` feature does exactly that with `reqwest`.
//!
//! This file is copied verbatim into every generated crate by `codegen`.

use std::fmt::{self, Write as _};
use std::time::Duration;

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC};

use crate::runtime::Input;
use crate::DecodeError;

/// The media type of JSON:API documents (JSON:API 1.1; each operation's own
/// media types are rendered from its document).
pub const JSON_API: &str = "application/vnd.api+json";

/// Everything but the RFC 3986 unreserved characters (`A-Z a-z 0-9 - . _ ~`)
/// is percent-encoded, in query keys, query values and path segments alike.
const NOT_UNRESERVED: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');

/// Append the percent-encoding of `raw` to `out`.
fn encode_into(out: &mut String, raw: &str) {
    out.extend(percent_encoding::utf8_percent_encode(raw, NOT_UNRESERVED));
}

/// An HTTP method an operation uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Method {
    /// `GET`
    Get,
    /// `POST`
    Post,
    /// `PUT`
    Put,
    /// `PATCH`
    Patch,
    /// `DELETE`
    Delete,
    /// `HEAD`
    Head,
    /// `OPTIONS`
    Options,
    /// `TRACE`
    Trace,
}

impl Method {
    /// The method as sent on the wire (`GET`, `POST`, …).
    pub const fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
            Method::Head => "HEAD",
            Method::Options => "OPTIONS",
            Method::Trace => "TRACE",
        }
    }
}

impl fmt::Display for Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The window of a rate limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Period {
    /// One second.
    Second,
    /// One minute.
    Minute,
    /// One hour.
    Hour,
    /// One day.
    Day,
}

impl Period {
    /// The length of the window.
    pub const fn duration(self) -> Duration {
        Duration::from_secs(match self {
            Period::Second => 1,
            Period::Minute => 60,
            Period::Hour => 60 * 60,
            Period::Day => 24 * 60 * 60,
        })
    }
}

/// At most `count` requests per `period`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Limit {
    /// Requests allowed in one window.
    pub count: u32,
    /// The window.
    pub period: Period,
}

/// The documented rate limits of an operation; each applies on its own
/// (per account, for the APIs that document them).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct RateLimit {
    /// The short-window limit (usually per second).
    pub burst: Option<Limit>,
    /// The long-window limit (usually per minute).
    pub steady: Option<Limit>,
    /// The daily limit, where there is one.
    pub daily: Option<Limit>,
}

/// A way an API authenticates requests: one entry of its
/// `components.securitySchemes` (OpenAPI 3.1 §4.8.27), as the generated
/// `operations::SECURITY_SCHEMES` lists them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct SecurityScheme {
    /// The scheme's name in the document.
    pub name: &'static str,
    /// What is sent, and where.
    pub credential: Credential,
}

/// Where and how a secret is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Credential {
    /// `type: apiKey`: `prefix` and the key, as the header, query parameter
    /// or cookie named `parameter`.
    ApiKey {
        /// Header, query or cookie.
        location: ApiKeyLocation,
        /// The header, query parameter or cookie name.
        parameter: &'static str,
        /// Text sent before the key (a vendor's convention; usually empty).
        prefix: &'static str,
    },
    /// `Authorization: Bearer <token>` (RFC 6750): HTTP bearer, and the
    /// access tokens of OAuth 2.0 and OpenID Connect.
    Bearer,
    /// `Authorization: Basic <base64 of user:password>` (RFC 7617).
    Basic,
}

/// Where an API key is sent (`in`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ApiKeyLocation {
    /// A request header.
    Header,
    /// A query parameter.
    Query,
    /// A cookie (`Cookie: name=key`).
    Cookie,
}

/// One API operation: a request type that knows its endpoint, renders
/// itself, and names the type of its 2xx body.
pub trait Operation {
    /// The OpenAPI `operationId`.
    const OPERATION_ID: &'static str;
    /// The HTTP method.
    const METHOD: Method;
    /// The path template, with `{name}` for each path parameter.
    const PATH: &'static str;
    /// The OAuth scopes the operation needs.
    const SCOPES: &'static [&'static str];
    /// The documented rate limits.
    const RATE_LIMIT: RateLimit;
    /// Whether requests carry credentials: `false` for an operation that
    /// declares no security requirement (`security: []`).
    const AUTHENTICATED: bool = true;
    /// Whether the 2xx body is text (a `text/*` media type, `Response` is
    /// `String`), read as it came rather than as JSON.
    const TEXT_RESPONSE: bool = false;
    /// The 2xx body; `()` for operations that answer with no content.
    type Response: serde::de::DeserializeOwned;

    /// The method, path, query string and body to send. Fails only when the
    /// body cannot be serialized.
    fn render(&self) -> Result<RenderedRequest, serde_json::Error>;
}

/// An operation whose response is one page of a collection: `data` holds the
/// items and `links.next`, when present, is the absolute URL of the next page.
///
/// A client fetches the next page by sending the same method and headers to
/// that URL as-is (it already carries every query parameter).
///
/// A page that does not decode as a whole can still be read item by item
/// ([`decode_itemized`]): the JSON pointers below say where its items and
/// its next link are in the raw JSON.
pub trait Paginated: Operation {
    /// One element of the page's `data`.
    type Item: serde::de::DeserializeOwned + 'static;

    /// The JSON pointer of the items array in a page (JSON:API: `/data`).
    const ITEMS_POINTER: &'static str = "/data";

    /// The JSON pointer of the next page's URL in a page (JSON:API:
    /// `/links/next`).
    const NEXT_POINTER: &'static str = "/links/next";

    /// The absolute URL of the next page, if there is one.
    fn next_link(response: &Self::Response) -> Option<&str>;

    /// The page's items, in order.
    fn into_items(response: Self::Response) -> Vec<Self::Item>;
}

/// A value that can appear in a query string (before percent-encoding).
///
/// Generated enums implement it through `query_enum!`; lists are joined
/// with commas by [`Query::list`].
pub trait QueryValue {
    /// Append the value, unencoded, to `out`.
    fn write(&self, out: &mut String);
}

impl<T: QueryValue + ?Sized> QueryValue for &T {
    fn write(&self, out: &mut String) {
        (**self).write(out);
    }
}

impl QueryValue for str {
    fn write(&self, out: &mut String) {
        out.push_str(self);
    }
}

impl QueryValue for String {
    fn write(&self, out: &mut String) {
        out.push_str(self);
    }
}

impl QueryValue for bool {
    fn write(&self, out: &mut String) {
        out.push_str(if *self { "true" } else { "false" });
    }
}

impl QueryValue for crate::DateTime {
    /// RFC 3339 in UTC, `Z` form (`2022-11-08T00:00:00Z`), however the value
    /// was read (`+00:00`, `+0000`, another offset): the same instant in the
    /// one form every server's parser accepts (some filter parsers have been
    /// reported to take only this one).
    fn write(&self, out: &mut String) {
        let _ = write!(out, "{}", self.to_utc());
    }
}

impl QueryValue for crate::Number {
    /// Its decimal form (`25`, `0.1`), never an exponent.
    fn write(&self, out: &mut String) {
        let _ = write!(out, "{self}");
    }
}

impl QueryValue for crate::FullDate {
    /// `2024-01-31`.
    fn write(&self, out: &mut String) {
        let _ = write!(out, "{self}");
    }
}

/// `QueryValue` for floating-point types: their shortest decimal form that
/// reads back as the same number (Rust's `Display`, never an exponent).
macro_rules! float_values {
    ($($ty:ty),*) => {$(
        impl QueryValue for $ty {
            fn write(&self, out: &mut String) {
                let _ = write!(out, "{self}");
            }
        }
    )*};
}

float_values!(f32, f64);

/// `QueryValue` and `FilterValue` for integer types: their decimal form.
macro_rules! integer_values {
    ($($ty:ty),*) => {$(
        impl QueryValue for $ty {
            fn write(&self, out: &mut String) {
                let _ = write!(out, "{self}");
            }
        }

        impl FilterValue for $ty {
            fn write_filter(&self, out: &mut String) {
                let _ = write!(out, "{self}");
            }
        }
    )*};
}

integer_values!(i8, i16, i32, i64, i128, isize, u8, u16, u32, u64, u128, usize);

/// Define a closed enum of the values a query parameter (or filter field)
/// allows, with `as_str()`, `ALL`, `Display`, [`QueryValue`] and
/// [`FilterValue`] (a quoted string):
///
/// ```ignore
/// crate::request::query_enum! {
///     /// Allowed values of `fields[catalog-item-bulk-create-job]`.
///     FieldsCatalogItemBulkCreateJob { CompletedAt = "completed_at", Status = "status" }
/// }
/// ```
#[allow(unused_macros)] // a crate whose operations need none
macro_rules! query_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident = $value:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name {
            $(#[doc = concat!("`", $value, "`")] $variant,)+
        }

        impl $name {
            /// Every value, in the order the schema lists them.
            pub const ALL: &'static [Self] = &[$(Self::$variant),+];

            /// The value as it is sent.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $(Self::$variant => $value,)+
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl $crate::request::QueryValue for $name {
            fn write(&self, out: &mut String) {
                out.push_str(self.as_str());
            }
        }

        impl $crate::request::FilterValue for $name {
            fn write_filter(&self, out: &mut String) {
                $crate::request::FilterValue::write_filter(self.as_str(), out);
            }
        }
    };
}
#[allow(unused_imports)]
pub(crate) use query_enum;

/// A query string under construction: pairs in insertion order, keys and
/// values percent-encoded so that only unreserved characters stay literal.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Query {
    encoded: String,
    /// Reused buffer for the unencoded value being written.
    raw: String,
}

impl Query {
    /// An empty query.
    pub fn new() -> Self {
        Self::default()
    }

    /// Append `key=value`.
    pub fn push(&mut self, key: &str, value: &dyn QueryValue) {
        self.raw.clear();
        value.write(&mut self.raw);
        self.push_raw(key);
    }

    /// Append `key=value` when there is a value.
    pub fn optional<V: QueryValue>(&mut self, key: &str, value: Option<V>) {
        if let Some(value) = value {
            self.push(key, &value);
        }
    }

    /// Append `key=a,b,c`; nothing when `values` is empty.
    pub fn list<V: QueryValue>(&mut self, key: &str, values: &[V]) {
        self.push_list(key, &mut values.iter().map(|value| value as &dyn QueryValue));
    }

    fn push_list(&mut self, key: &str, values: &mut dyn Iterator<Item = &dyn QueryValue>) {
        self.raw.clear();
        let mut empty = true;
        for value in values {
            if !empty {
                self.raw.push(',');
            }
            value.write(&mut self.raw);
            empty = false;
        }
        if !empty {
            self.push_raw(key);
        }
    }

    /// Append `key=` and the encoding of the value in `self.raw`.
    fn push_raw(&mut self, key: &str) {
        if !self.encoded.is_empty() {
            self.encoded.push('&');
        }
        encode_into(&mut self.encoded, key);
        self.encoded.push('=');
        let raw = std::mem::take(&mut self.raw);
        encode_into(&mut self.encoded, &raw);
        self.raw = raw;
    }

    /// Whether no pair was appended.
    pub fn is_empty(&self) -> bool {
        self.encoded.is_empty()
    }

    /// The encoded query string, without a leading `?`.
    pub fn encoded(&self) -> &str {
        &self.encoded
    }

    /// The encoded query string, without a leading `?`.
    pub fn into_encoded(self) -> String {
        self.encoded
    }
}

/// Percent-encode one path parameter: only unreserved characters stay
/// literal, so `/`, `?`, `#`, `%` and `|` cannot change the path.
pub fn path_segment(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    encode_into(&mut out, value);
    out
}

/// Fill a path template: each `{name}`, in order, becomes the next of
/// `params`, percent-encoded by [`path_segment`]'s rules. Placeholders
/// without a parameter are left as they are.
pub fn fill_path(template: &str, params: &[&dyn QueryValue]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    let mut params = params.iter();
    let mut raw = String::new();
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}').map(|c| open + c) else { break };
        let Some(param) = params.next() else { break };
        out.push_str(&rest[..open]);
        raw.clear();
        param.write(&mut raw);
        encode_into(&mut out, &raw);
        rest = &rest[close + 1..];
    }
    out.push_str(rest);
    out
}

/// The header parameters of a request under construction: lowercase names
/// and values as [`QueryValue`] writes them (lists comma-joined, OpenAPI's
/// `simple` style), in insertion order. Values are not encoded: a value
/// must be valid in an HTTP header (visible ASCII) for a client to send it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Headers(Vec<(String, String)>);

impl Headers {
    /// No header.
    pub fn new() -> Self {
        Self::default()
    }

    /// Add `name: value`.
    pub fn push(&mut self, name: &str, value: &dyn QueryValue) {
        let mut text = String::new();
        value.write(&mut text);
        self.0.push((name.to_ascii_lowercase(), text));
    }

    /// Add `name: value` when there is a value.
    pub fn optional<V: QueryValue>(&mut self, name: &str, value: Option<V>) {
        if let Some(value) = value {
            self.push(name, &value);
        }
    }

    /// Add `name: value`, or `name: default` (the parameter's schema
    /// default, as sent) when there is no value.
    pub fn or_default<V: QueryValue>(&mut self, name: &str, value: Option<V>, default: &str) {
        match value {
            Some(value) => self.push(name, &value),
            None => self.push(name, &default),
        }
    }

    /// Add `name: a,b,c`; nothing when `values` is empty.
    pub fn list<V: QueryValue>(&mut self, name: &str, values: &[V]) {
        if values.is_empty() {
            return;
        }
        let mut text = String::new();
        for (index, value) in values.iter().enumerate() {
            if index > 0 {
                text.push(',');
            }
            value.write(&mut text);
        }
        self.0.push((name.to_ascii_lowercase(), text));
    }

    /// The `accept` header: the media types of the operation's 2xx
    /// responses, comma-separated.
    pub fn accept(&mut self, media_types: &str) {
        self.push("accept", &media_types);
    }

    /// The headers, in order.
    pub fn as_slice(&self) -> &[(String, String)] {
        &self.0
    }
}

/// A request body: its bytes and its `content-type`.
#[derive(Clone, PartialEq, Eq)]
pub struct Body {
    /// The `content-type` header (`application/json`, or
    /// `multipart/form-data; boundary=…`).
    pub content_type: String,
    /// The bytes to send.
    pub bytes: Vec<u8>,
}

impl Body {
    /// `value` serialized as JSON, sent as `media_type`
    /// (`application/vnd.api+json`).
    pub fn json<T: serde::Serialize + ?Sized>(media_type: &str, value: &T) -> Result<Self, serde_json::Error> {
        Ok(Body { content_type: media_type.to_owned(), bytes: serde_json::to_vec(value)? })
    }
}

impl fmt::Debug for Body {
    /// The content type, and the bytes as text when they are UTF-8.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut debug = f.debug_struct("Body");
        debug.field("content_type", &self.content_type);
        match std::str::from_utf8(&self.bytes) {
            Ok(text) => debug.field("bytes", &text),
            Err(_) => debug.field("bytes", &format_args!("<{} bytes>", self.bytes.len())),
        };
        debug.finish()
    }
}

/// A file sent as one part of a `multipart/form-data` body: its bytes, and
/// the filename and content type the part declares.
#[derive(Clone, PartialEq, Eq)]
pub struct FilePart {
    /// The file's content.
    pub bytes: Vec<u8>,
    /// The part's `filename` (the API may use it, as a default name).
    pub filename: Option<String>,
    /// The part's `Content-Type` (`image/png`); when `None`, the one the
    /// document declares for the part, else `application/octet-stream`.
    pub content_type: Option<String>,
}

impl FilePart {
    /// A file of these bytes, with no filename or content type.
    pub fn new(bytes: impl Into<Vec<u8>>) -> Self {
        FilePart { bytes: bytes.into(), filename: None, content_type: None }
    }

    /// With a filename.
    pub fn filename(mut self, filename: impl Into<String>) -> Self {
        self.filename = Some(filename.into());
        self
    }

    /// With a content type (`image/png`).
    pub fn content_type(mut self, content_type: impl Into<String>) -> Self {
        self.content_type = Some(content_type.into());
        self
    }
}

impl fmt::Debug for FilePart {
    /// The filename, the content type and the size, not the bytes.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FilePart")
            .field("filename", &self.filename)
            .field("content_type", &self.content_type)
            .field("len", &self.bytes.len())
            .finish()
    }
}

/// A `multipart/form-data` body under construction (RFC 7578): text parts
/// and file parts in order, rendered to bytes by [`Multipart::into_body`]
/// with a boundary that occurs in no part.
#[derive(Debug, Clone, Default)]
pub struct Multipart {
    parts: Vec<FormPart>,
}

#[derive(Debug, Clone)]
struct FormPart {
    name: String,
    filename: Option<String>,
    content_type: Option<String>,
    bytes: Vec<u8>,
}

impl Multipart {
    /// No part yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// A text part: the value as [`QueryValue`] writes it (strings as they
    /// are, numbers and booleans as in JSON), with no `Content-Type`
    /// (RFC 7578: `text/plain`) unless `content_type` says one.
    pub fn text(&mut self, name: &str, value: &dyn QueryValue, content_type: Option<&str>) {
        let mut text = String::new();
        value.write(&mut text);
        self.push(name, None, content_type.map(str::to_owned), text.into_bytes());
    }

    /// A part holding `value` as JSON (`Content-Type: application/json`
    /// unless `content_type` says another).
    pub fn json<T: serde::Serialize + ?Sized>(
        &mut self,
        name: &str,
        value: &T,
        content_type: Option<&str>,
    ) -> Result<(), serde_json::Error> {
        let bytes = serde_json::to_vec(value)?;
        self.push(name, None, Some(content_type.unwrap_or("application/json").to_owned()), bytes);
        Ok(())
    }

    /// A part holding `value` as OpenAPI's multipart rules say: a string
    /// (a string enum's value, a date) as it is and a number or a boolean as
    /// its text, with no `Content-Type` unless `content_type` says one; an
    /// object, an array or `null` as JSON (`application/json` unless
    /// `content_type` says another).
    pub fn value<T: serde::Serialize + ?Sized>(
        &mut self,
        name: &str,
        value: &T,
        content_type: Option<&str>,
    ) -> Result<(), serde_json::Error> {
        match serde_json::to_value(value)? {
            serde_json::Value::String(text) => self.text(name, &text, content_type),
            scalar @ (serde_json::Value::Bool(_) | serde_json::Value::Number(_)) => {
                self.text(name, &scalar.to_string(), content_type)
            }
            other => return self.json(name, &other, content_type),
        }
        Ok(())
    }

    /// A file part; its content type is the file's, else `default_type`
    /// (the document's), else `application/octet-stream`.
    pub fn file(&mut self, name: &str, file: &FilePart, default_type: Option<&str>) {
        let content_type = file.content_type.as_deref().or(default_type).unwrap_or("application/octet-stream");
        // RFC 7578 4.2: a file part has a filename; an empty one when none is known.
        let filename = Some(file.filename.clone().unwrap_or_default());
        self.push(name, filename, Some(content_type.to_owned()), file.bytes.clone());
    }

    fn push(&mut self, name: &str, filename: Option<String>, content_type: Option<String>, bytes: Vec<u8>) {
        self.parts.push(FormPart { name: name.to_owned(), filename, content_type, bytes });
    }

    /// The body: every part between boundary lines, and the content type
    /// `multipart/form-data; boundary=…`. The boundary is derived from the
    /// content (the same parts render the same bytes) and is checked to
    /// occur in no part.
    pub fn into_body(self) -> Body {
        let boundary = self.boundary();
        let mut bytes = Vec::new();
        for part in &self.parts {
            bytes.extend_from_slice(b"--");
            bytes.extend_from_slice(boundary.as_bytes());
            bytes.extend_from_slice(b"\r\nContent-Disposition: form-data; name=\"");
            bytes.extend_from_slice(quoted(&part.name).as_bytes());
            bytes.push(b'"');
            if let Some(filename) = &part.filename {
                bytes.extend_from_slice(b"; filename=\"");
                bytes.extend_from_slice(quoted(filename).as_bytes());
                bytes.push(b'"');
            }
            bytes.extend_from_slice(b"\r\n");
            if let Some(content_type) = &part.content_type {
                bytes.extend_from_slice(b"Content-Type: ");
                bytes.extend_from_slice(content_type.replace(['\r', '\n'], " ").as_bytes());
                bytes.extend_from_slice(b"\r\n");
            }
            bytes.extend_from_slice(b"\r\n");
            bytes.extend_from_slice(&part.bytes);
            bytes.extend_from_slice(b"\r\n");
        }
        bytes.extend_from_slice(b"--");
        bytes.extend_from_slice(boundary.as_bytes());
        bytes.extend_from_slice(b"--\r\n");
        Body { content_type: format!("multipart/form-data; boundary={boundary}"), bytes }
    }

    /// A boundary (FNV-1a of the parts, in hex) that occurs in no part's
    /// bytes, name or filename.
    fn boundary(&self) -> String {
        let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
        for part in &self.parts {
            for byte in part.name.bytes().chain(part.bytes.iter().copied()) {
                hash = (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
            }
        }
        loop {
            let boundary = format!("codegen-form-{hash:016x}");
            let occurs = |haystack: &[u8]| haystack.windows(boundary.len()).any(|w| w == boundary.as_bytes());
            let clash = self.parts.iter().any(|part| {
                occurs(&part.bytes)
                    || occurs(part.name.as_bytes())
                    || part.filename.as_deref().is_some_and(|f| occurs(f.as_bytes()))
            });
            if !clash {
                return boundary;
            }
            hash = hash.wrapping_add(1);
        }
    }
}

/// A name or filename inside `"…"` of `Content-Disposition`: `"`, CR and LF
/// percent-encoded, as browsers do (WHATWG "multipart/form-data encoding").
fn quoted(text: &str) -> String {
    text.replace('"', "%22").replace('\r', "%0D").replace('\n', "%0A")
}

/// A request ready to send: everything but the base URL and credentials.
/// Any HTTP client can send it as it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderedRequest {
    /// The HTTP method.
    pub method: Method,
    /// The path, parameters filled in and encoded (`/api/profiles/abc`).
    pub path: String,
    /// The encoded query string, without `?`; empty for none.
    pub query: String,
    /// The headers to send (lowercase names): the operation's header
    /// parameters (`revision`), `accept` (its 2xx media types) and, with a
    /// body, `content-type`. Credentials are the sender's business.
    pub headers: Vec<(String, String)>,
    /// The body's bytes, if the request has one (its type is the
    /// `content-type` header).
    pub body: Option<Vec<u8>>,
}

impl RenderedRequest {
    /// Assemble a request; the body's content type joins the headers.
    pub fn new(method: Method, path: String, query: Query, headers: Headers, body: Option<Body>) -> Self {
        let mut headers = headers.0;
        let body = body.map(|body| {
            headers.push(("content-type".to_owned(), body.content_type));
            body.bytes
        });
        RenderedRequest { method, path, query: query.into_encoded(), headers, body }
    }

    /// The path, then `?` and the query when there is one.
    pub fn path_and_query(&self) -> String {
        if self.query.is_empty() {
            self.path.clone()
        } else {
            format!("{}?{}", self.path, self.query)
        }
    }

    /// The headers to send (see [`RenderedRequest::headers`]'s field).
    pub fn headers(&self) -> &[(String, String)] {
        &self.headers
    }

    /// The value of a header (`name` in any case), if the request has it.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(key, _)| key.eq_ignore_ascii_case(name)).map(|(_, value)| value.as_str())
    }

    /// The body as text, when there is one and it is UTF-8 (a JSON body).
    pub fn body_text(&self) -> Option<&str> {
        self.body.as_deref().and_then(|bytes| std::str::from_utf8(bytes).ok())
    }
}

/// A value that can appear in a filter expression, written in the filter
/// syntax: strings double-quoted with `\` and `"` escaped by a
/// backslash, date-times bare (RFC 3339 in UTC, `Z` form), booleans
/// `true`/`false`, numbers as JSON numbers.
pub trait FilterValue {
    /// Append the value, in filter syntax (unencoded), to `out`.
    fn write_filter(&self, out: &mut String);
}

impl<T: FilterValue + ?Sized> FilterValue for &T {
    fn write_filter(&self, out: &mut String) {
        (**self).write_filter(out);
    }
}

impl FilterValue for str {
    fn write_filter(&self, out: &mut String) {
        out.reserve(self.len() + 2);
        out.push('"');
        for c in self.chars() {
            if c == '"' || c == '\\' {
                out.push('\\');
            }
            out.push(c);
        }
        out.push('"');
    }
}

impl FilterValue for String {
    fn write_filter(&self, out: &mut String) {
        self.as_str().write_filter(out);
    }
}

impl FilterValue for bool {
    fn write_filter(&self, out: &mut String) {
        out.push_str(if *self { "true" } else { "false" });
    }
}

impl FilterValue for f64 {
    /// The shortest form that reads back as the same number; `null` for
    /// NaN and infinities, which JSON cannot write.
    fn write_filter(&self, out: &mut String) {
        if self.is_finite() {
            let _ = write!(out, "{self}");
        } else {
            out.push_str("null");
        }
    }
}

impl FilterValue for f32 {
    /// As for `f64`.
    fn write_filter(&self, out: &mut String) {
        f64::from(*self).write_filter(out);
    }
}

impl FilterValue for crate::DateTime {
    /// RFC 3339 in UTC, `Z` form, unquoted: `2022-11-08T00:00:00Z` for a
    /// value read as `2022-11-08T00:00:00+00:00` or `…T01:00:00+01:00`. A
    /// date-time's text as given is sent with `Verbatim` instead.
    fn write_filter(&self, out: &mut String) {
        let _ = write!(out, "{}", self.to_utc());
    }
}

/// A filter expression of the JSON:API `filter` query parameter, in the
/// function-call syntax (`operator(field,value)`, combined by `and`/`or`/`not`), e.g.
/// `and(equals(status,"complete"),greater-than(created,2024-01-01T00:00:00Z))`.
///
/// Which fields and operators an endpoint accepts is the endpoint's
/// business: generated code wraps this in a per-operation `Filter` type
/// (see `typed_filter!`) that only offers those.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct FilterExpr(String);

impl FilterExpr {
    /// `op(field,value)`, e.g. `equals(status,"complete")`.
    pub fn compare(op: &str, field: &str, value: &dyn FilterValue) -> Self {
        let mut text = String::with_capacity(op.len() + field.len() + 16);
        text.push_str(op);
        text.push('(');
        text.push_str(field);
        text.push(',');
        value.write_filter(&mut text);
        text.push(')');
        FilterExpr(text)
    }

    /// `op(field,[a,b,…])`, e.g. `any(status,["queued","complete"])`.
    pub fn list<V: FilterValue>(op: &str, field: &str, values: impl IntoIterator<Item = V>) -> Self {
        let mut list = String::from("[");
        for (i, value) in values.into_iter().enumerate() {
            if i > 0 {
                list.push(',');
            }
            value.write_filter(&mut list);
        }
        list.push(']');
        Self::compare(op, field, &Verbatim(&list))
    }

    /// `op(field)`, for operators without a value, e.g. `has(field)`.
    pub fn unary(op: &str, field: &str) -> Self {
        FilterExpr(format!("{op}({field})"))
    }

    /// `and(a,b,…)`: every expression holds (`or(…)` is [`FilterExpr::or`], `not(…)` is `!expr`). A single expression is
    /// returned as it is; none renders `and()`, which the API rejects.
    pub fn and(exprs: impl IntoIterator<Item = FilterExpr>) -> Self {
        Self::combine("and", &mut exprs.into_iter())
    }

    /// `or(a,b,…)`: at least one expression holds. A single expression is
    /// returned as it is. Few endpoints accept `or`.
    pub fn or(exprs: impl IntoIterator<Item = FilterExpr>) -> Self {
        Self::combine("or", &mut exprs.into_iter())
    }

    fn combine(op: &str, exprs: &mut dyn Iterator<Item = FilterExpr>) -> Self {
        let first = exprs.next();
        let second = exprs.next();
        match (first, second) {
            (Some(only), None) => only,
            (first, second) => {
                let mut text = format!("{op}(");
                for (i, expr) in first.into_iter().chain(second).chain(exprs).enumerate() {
                    if i > 0 {
                        text.push(',');
                    }
                    text.push_str(&expr.0);
                }
                text.push(')');
                FilterExpr(text)
            }
        }
    }

    /// An expression taken as written, unchecked: for syntax this module
    /// does not model.
    pub fn raw(text: impl Into<String>) -> Self {
        FilterExpr(text.into())
    }

    /// The expression, unencoded.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Filter syntax already written (a list), copied as it is.
struct Verbatim<'a>(&'a str);

impl FilterValue for Verbatim<'_> {
    fn write_filter(&self, out: &mut String) {
        out.push_str(self.0);
    }
}

impl std::ops::Not for FilterExpr {
    type Output = FilterExpr;

    /// `!expr` is `not(expr)`. Few endpoints accept `not`.
    fn not(self) -> FilterExpr {
        FilterExpr(format!("not({})", self.0))
    }
}

impl fmt::Display for FilterExpr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl QueryValue for FilterExpr {
    fn write(&self, out: &mut String) {
        out.push_str(&self.0);
    }
}

/// Define an operation's typed filter: a newtype over [`FilterExpr`] with
/// `and`, `unchecked`, `expr`, [`QueryValue`] and `From<Filter> for
/// FilterExpr`. Generated code adds one constructor per allowed field and
/// operator, e.g.
/// `pub fn status_equals(value: StatusValue) -> Self { Self(FilterExpr::compare("equals", "status", &value)) }`.
#[allow(unused_macros)] // a crate whose operations need none
macro_rules! typed_filter {
    ($(#[$meta:meta])* $name:ident) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub struct $name($crate::request::FilterExpr);

        impl $name {
            /// `and(a,b,…)`: every filter holds.
            pub fn and(filters: impl IntoIterator<Item = Self>) -> Self {
                Self($crate::request::FilterExpr::and(filters.into_iter().map(|f| f.0)))
            }

            /// Any expression, unchecked against what this operation allows
            /// (for `or`, `not` and other syntax the API may accept).
            pub fn unchecked(expr: $crate::request::FilterExpr) -> Self {
                Self(expr)
            }

            /// The expression.
            pub fn expr(&self) -> &$crate::request::FilterExpr {
                &self.0
            }
        }

        impl From<$name> for $crate::request::FilterExpr {
            fn from(filter: $name) -> Self {
                filter.0
            }
        }

        impl $crate::request::QueryValue for $name {
            fn write(&self, out: &mut String) {
                $crate::request::QueryValue::write(&self.0, out);
            }
        }
    };
}
#[allow(unused_imports)]
pub(crate) use typed_filter;

/// A JSON:API error document (JSON:API 1.1 "Error Objects"), as APIs send
/// with 4xx and 5xx responses.
/// Members it does not model are ignored.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ErrorDocument {
    /// The errors, most relevant first.
    pub errors: Vec<ApiErrorObject>,
}

/// One error of an [`ErrorDocument`]; every member is optional.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct ApiErrorObject {
    /// Unique identifier of this occurrence.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The HTTP status, as a string (a JSON number is accepted too).
    #[serde(skip_serializing_if = "Option::is_none", deserialize_with = "string_or_number")]
    pub status: Option<String>,
    /// A machine-readable code (`invalid`, `not_found`, …).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// A short summary.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// What went wrong in this occurrence.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// Which part of the request caused it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<ApiErrorSource>,
}

/// Where in the request an error comes from.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct ApiErrorSource {
    /// A JSON pointer into the request body (`/data/attributes/email`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pointer: Option<String>,
    /// The query parameter at fault (`filter`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parameter: Option<String>,
}

/// `status` is a string in JSON:API; accept a number or `null` as well.
fn string_or_number<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Option<String>, D::Error> {
    Ok(match <Option<serde_json::Value> as serde::Deserialize>::deserialize(deserializer)? {
        Some(serde_json::Value::String(text)) => Some(text),
        Some(serde_json::Value::Number(number)) => Some(number.to_string()),
        _ => None,
    })
}

impl fmt::Display for ErrorDocument {
    /// Each error as `title: detail (code, at pointer-or-parameter)`,
    /// separated by `; `.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.errors.is_empty() {
            return f.write_str("no error details");
        }
        for (i, error) in self.errors.iter().enumerate() {
            if i > 0 {
                f.write_str("; ")?;
            }
            match (&error.title, &error.detail) {
                (Some(title), Some(detail)) if title != detail => write!(f, "{title}: {detail}")?,
                (_, Some(text)) | (Some(text), None) => f.write_str(text)?,
                (None, None) => f.write_str("error")?,
            }
            let at = error.source.as_ref().and_then(|s| s.pointer.as_ref().or(s.parameter.as_ref()));
            match (&error.code, at) {
                (Some(code), Some(at)) => write!(f, " ({code}, at {at})")?,
                (Some(code), None) => write!(f, " ({code})")?,
                (None, Some(at)) => write!(f, " (at {at})")?,
                (None, None) => {}
            }
        }
        Ok(())
    }
}

/// A response that is not the operation's 2xx body.
#[derive(Debug)]
pub enum ResponseError {
    /// A non-2xx status with a JSON:API error document (empty `errors` when
    /// the body was empty).
    Api {
        /// The HTTP status.
        status: u16,
        /// The error document.
        document: ErrorDocument,
    },
    /// A body that is neither the expected 2xx body nor an error document.
    Decode {
        /// The HTTP status.
        status: u16,
        /// What did not match, and where ([`DecodeError::path`]), with the
        /// whole body ([`DecodeError::body`]).
        error: DecodeError,
    },
}

impl ResponseError {
    /// The HTTP status of the response.
    pub fn status(&self) -> u16 {
        match self {
            ResponseError::Api { status, .. } | ResponseError::Decode { status, .. } => *status,
        }
    }

    /// The whole body that did not decode (lossy UTF-8), for
    /// [`ResponseError::Decode`].
    pub fn body(&self) -> Option<&str> {
        match self {
            ResponseError::Api { .. } => None,
            ResponseError::Decode { error, .. } => error.body(),
        }
    }
}

/// `{excerpt:?}`, then `… (N bytes)` when the excerpt is not all of `body`.
pub(crate) fn write_excerpt(f: &mut fmt::Formatter<'_>, body: &str) -> fmt::Result {
    let start = crate::runtime::excerpt(body);
    write!(f, "{start:?}")?;
    if start.len() < body.len() {
        write!(f, "… ({} bytes)", body.len())?;
    }
    Ok(())
}

impl fmt::Display for ResponseError {
    /// For a body that did not decode: the path and the reason, then the
    /// start of the body (at most 512 bytes; the whole of it is in the
    /// [`DecodeError`]).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ResponseError::Api { status, document } => write!(f, "HTTP {status}: {document}"),
            ResponseError::Decode { status, error } => {
                write!(f, "HTTP {status}: undecodable body ({error}): ")?;
                write_excerpt(f, error.body().unwrap_or_default())
            }
        }
    }
}

impl std::error::Error for ResponseError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ResponseError::Api { .. } => None,
            ResponseError::Decode { error, .. } => Some(error),
        }
    }
}

/// Decode a response to operation `O`.
///
/// - 2xx: the body as `O::Response`. An empty (or blank) body reads as
///   `null`, so `()` decodes from it; a body that does not decode is still
///   accepted when `O::Response` reads from `null` (`()`: the operation
///   documents no content, so whatever came is ignored).
/// - otherwise: the JSON:API error document ([`ResponseError::Api`]; an
///   empty body gives an empty document), or [`ResponseError::Decode`] when
///   the body is not one.
///
/// A [`ResponseError::Decode`] keeps the whole body and names the path of
/// the offending value: nothing that came is lost. A page of a paginated
/// operation that does not decode can still be read item by item with
/// [`decode_itemized`].
///
/// A 2xx body of an operation whose response is text
/// ([`Operation::TEXT_RESPONSE`]) is the text itself (invalid UTF-8 replaced).
pub fn decode_response<O: Operation>(status: u16, body: &[u8]) -> Result<O::Response, ResponseError> {
    if O::TEXT_RESPONSE && (200..300).contains(&status) {
        let text = serde_json::Value::String(String::from_utf8_lossy(body).into_owned());
        return crate::from_value(text).map_err(|error| ResponseError::Decode { status, error });
    }
    decode_body(status, body)
}

/// [`decode_response`] by response type.
pub fn decode_body<T: serde::de::DeserializeOwned>(status: u16, body: &[u8]) -> Result<T, ResponseError> {
    let text = String::from_utf8_lossy(body);
    let blank = text.trim().is_empty();
    // A blank body was read as `null`: the error keeps what really came.
    let keep_body = |error: DecodeError| if blank { error.with_input(Input::Text(text.to_string())) } else { error };
    if (200..300).contains(&status) {
        let decoded = crate::from_str(if blank { "null" } else { &text });
        return decoded.or_else(|error| match crate::from_str::<T>("null") {
            Ok(nothing) => Ok(nothing),
            Err(_) => Err(ResponseError::Decode { status, error: keep_body(error) }),
        });
    }
    if blank {
        return Err(ResponseError::Api { status, document: ErrorDocument::default() });
    }
    match crate::from_str(&text) {
        Ok(document) => Err(ResponseError::Api { status, document }),
        Err(error) => Err(ResponseError::Decode { status, error }),
    }
}

/// A page of a paginated operation read item by item ([`decode_itemized`]):
/// what can be read of a page that does not decode as a whole.
pub struct ItemizedPage<O: Paginated> {
    /// The page with its items left out (at [`Paginated::ITEMS_POINTER`],
    /// an empty array), typed: `links`, `included`, `meta`. Or why even that
    /// does not decode: the error's path names the member (`links.next`,
    /// `included[2].id`) and its body is the whole page.
    pub rest: Result<O::Response, DecodeError>,
    /// Every item, in order: decoded, or why not. An item's error keeps the
    /// item's JSON ([`DecodeError::value`]) and names the offending value's
    /// path in the page (`data[3].attributes.total_count`).
    pub items: Vec<Result<O::Item, DecodeError>>,
    /// The URL of the next page: [`Paginated::next_link`] of `rest`, or,
    /// when `rest` did not decode, the string at [`Paginated::NEXT_POINTER`]
    /// of the raw JSON.
    pub next: Option<String>,
}

impl<O: Paginated> fmt::Debug for ItemizedPage<O>
where
    O::Response: fmt::Debug,
    O::Item: fmt::Debug,
{
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ItemizedPage")
            .field("rest", &self.rest)
            .field("items", &self.items)
            .field("next", &self.next)
            .finish()
    }
}

/// Read a page of a paginated operation item by item, so that one item that
/// does not match its type costs that item only: each element of the items
/// array is decoded on its own, and the rest of the page on its own.
///
/// Meant for a 2xx body that [`decode_response`] rejected (its error's
/// [`DecodeError::body`]); a page that decodes gives the same items, more
/// slowly.
///
/// # Errors
///
/// When the envelope itself is broken: the body is not JSON, or has no
/// array at [`Paginated::ITEMS_POINTER`]. The error keeps the whole body.
pub fn decode_itemized<O: Paginated>(body: &str) -> Result<ItemizedPage<O>, DecodeError> {
    let mut page: serde_json::Value = crate::from_str(body)?;
    let items_path = pointer_path(O::ITEMS_POINTER);
    let Some(items) = page.pointer_mut(O::ITEMS_POINTER).and_then(serde_json::Value::as_array_mut) else {
        let message = format!("a page needs an array of items at `{}`", O::ITEMS_POINTER);
        return Err(DecodeError::at(items_path, &message, Input::Text(body.to_owned())));
    };
    // The array stays in the page, empty: the rest decodes without the items.
    let items = std::mem::take(items);
    let raw_next = page.pointer(O::NEXT_POINTER).and_then(serde_json::Value::as_str).map(str::to_owned);
    let rest = crate::from_value::<O::Response>(page).map_err(|error| error.with_input(Input::Text(body.to_owned())));
    let next = match &rest {
        Ok(rest) => O::next_link(rest).map(str::to_owned),
        Err(_) => raw_next,
    };
    let items = items
        .into_iter()
        .enumerate()
        .map(|(index, item)| crate::from_value(item).map_err(|error| error.under(&format!("{items_path}[{index}]"))))
        .collect();
    Ok(ItemizedPage { rest, items, next })
}

/// A JSON pointer written as a path of [`DecodeError::path`]'s kind:
/// `/data` is `data`, `/a/b` is `a.b`.
fn pointer_path(pointer: &str) -> String {
    let segments = pointer.split('/').skip(1).map(|segment| segment.replace("~1", "/").replace("~0", "~"));
    segments.collect::<Vec<_>>().join(".")
}
