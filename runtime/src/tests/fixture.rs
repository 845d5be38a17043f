//! Hand-written stand-ins for generated code, in the shape `codegen` emits
//! (compare any operation module and struct of `generated/src`): what the
//! runtime's tests read, decode and send.

/// A struct with a required, an optional and a kept-undeclared part, as
/// generated from a JSON:API `links` object.
#[derive(Debug, Clone)]
pub struct Links {
    pub self_: String,
    pub prev: Option<String>,
    pub next: Option<String>,
    pub extra: crate::Extra,
}

crate::runtime::object_traits!(
    Links { required self_ = "self", optional prev = "prev", optional next = "next", } extra, keep
);

/// `DELETE /api/items/{id}`, answered with no content, limited to 3/s and
/// 60/m: the shape of a generated operation module.
pub mod delete_item {
    pub const OPERATION_ID: &str = "delete_item";
    pub const METHOD: crate::request::Method = crate::request::Method::Delete;
    pub const PATH: &str = "/api/items/{id}";
    pub const RATE_LIMIT: crate::request::RateLimit = crate::request::RateLimit {
        burst: Some(crate::request::Limit { count: 3, period: crate::request::Period::Second }),
        steady: Some(crate::request::Limit { count: 60, period: crate::request::Period::Minute }),
        daily: None,
    };
    pub type Response = ();

    #[derive(Debug, Clone, Default)]
    pub struct Request {
        pub id: String,
        /// `revision` (header); `None` sends the default `2000-01-01`.
        pub revision: Option<String>,
    }

    impl Request {
        pub fn new(id: impl Into<String>) -> Self {
            Self { id: id.into(), revision: None }
        }
    }

    impl crate::request::Operation for Request {
        const OPERATION_ID: &'static str = OPERATION_ID;
        const METHOD: crate::request::Method = METHOD;
        const PATH: &'static str = PATH;
        const SCOPES: &'static [&'static str] = &["items:write"];
        const RATE_LIMIT: crate::request::RateLimit = RATE_LIMIT;
        type Response = Response;
        fn render(&self) -> Result<crate::request::RenderedRequest, serde_json::Error> {
            let query = crate::request::Query::new();
            let mut headers = crate::request::Headers::new();
            headers.or_default("revision", self.revision.as_ref(), "2000-01-01");
            let path = crate::request::fill_path(PATH, &[&self.id]);
            Ok(crate::request::RenderedRequest::new(METHOD, path, query, headers, None))
        }
    }
}

/// `GET /api/ping`, which declares no security requirement (`security: []`),
/// answered with no content.
pub mod ping {
    #[derive(Debug, Clone, Default)]
    pub struct Request;

    impl crate::request::Operation for Request {
        const OPERATION_ID: &'static str = "ping";
        const METHOD: crate::request::Method = crate::request::Method::Get;
        const PATH: &'static str = "/api/ping";
        const SCOPES: &'static [&'static str] = &[];
        const RATE_LIMIT: crate::request::RateLimit =
            crate::request::RateLimit { burst: None, steady: None, daily: None };
        const AUTHENTICATED: bool = false;
        type Response = ();
        fn render(&self) -> Result<crate::request::RenderedRequest, serde_json::Error> {
            let query = crate::request::Query::new();
            Ok(crate::request::RenderedRequest::new(
                Self::METHOD,
                Self::PATH.to_owned(),
                query,
                crate::request::Headers::new(),
                None,
            ))
        }
    }
}

/// `GET /api/readme`, whose 200 response is `text/plain`: the body is the text.
pub mod readme {
    #[derive(Debug, Clone, Default)]
    pub struct Request;

    impl crate::request::Operation for Request {
        const OPERATION_ID: &'static str = "readme";
        const METHOD: crate::request::Method = crate::request::Method::Get;
        const PATH: &'static str = "/api/readme";
        const SCOPES: &'static [&'static str] = &[];
        const RATE_LIMIT: crate::request::RateLimit =
            crate::request::RateLimit { burst: None, steady: None, daily: None };
        const TEXT_RESPONSE: bool = true;
        type Response = String;
        fn render(&self) -> Result<crate::request::RenderedRequest, serde_json::Error> {
            let mut headers = crate::request::Headers::new();
            headers.accept("text/plain");
            Ok(crate::request::RenderedRequest::new(
                Self::METHOD,
                Self::PATH.to_owned(),
                crate::request::Query::new(),
                headers,
                None,
            ))
        }
    }
}
