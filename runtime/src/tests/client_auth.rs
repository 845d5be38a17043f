//! The client's server and credentials come from the document
//! (`operations::SERVER_URL`, `operations::SECURITY_SCHEMES`), sent as each
//! kind of security scheme says, and not on operations without security.

use std::sync::{Arc, Mutex};

use tokio::net::TcpListener;

use super::fixture::{delete_item, ping};
use super::local_server::{read_head, reply};
use crate::client::{Client, DEFAULT_BASE_URL};
use crate::request::{ApiKeyLocation, Credential, SecurityScheme};

/// A server on 127.0.0.1 answering `204` to every request, recording each
/// request's head (request line and headers, lowercase names).
async fn serve() -> (String, Arc<Mutex<Vec<String>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("a local port");
    let base = format!("http://{}", listener.local_addr().expect("bound"));
    let heads = Arc::new(Mutex::new(Vec::new()));
    let log = heads.clone();
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            let log = log.clone();
            tokio::spawn(async move {
                let Some(head) = read_head(&mut socket).await else { return };
                log.lock().unwrap().push(head.to_ascii_lowercase());
                reply(&mut socket, 204, &[], "").await;
            });
        }
    });
    (base, heads)
}

/// The head of the one request `client` sends for `delete_item` and for
/// `ping` (which declares no security requirement).
async fn heads_of(client: Client) -> (String, String) {
    let (base, heads) = serve().await;
    let client = client.with_base_url(base);
    client.send(&delete_item::Request::new("a")).await.expect("sent");
    client.send(&ping::Request).await.expect("sent");
    let heads = heads.lock().unwrap();
    (heads[0].clone(), heads[1].clone())
}

fn scheme(credential: Credential) -> SecurityScheme {
    SecurityScheme { name: "test", credential }
}

#[test]
fn the_default_base_url_is_the_documents_server() {
    assert_eq!(Some(DEFAULT_BASE_URL), crate::operations::SERVER_URL);
    assert_eq!(Client::new("k").unwrap().base_url(), "https://api.example.com");
}

#[tokio::test]
async fn new_authenticates_by_the_first_scheme_except_where_no_security_is_declared() {
    let (authenticated, public) = heads_of(Client::new("s3cret").unwrap()).await;
    assert!(authenticated.contains("\r\nauthorization: key s3cret\r\n"), "{authenticated}");
    assert!(!public.contains("authorization"), "{public}");
}

#[tokio::test]
async fn each_kind_of_scheme_sends_the_secret_its_way() {
    let cases = [
        (Credential::Bearer, "s3cret", "\r\nauthorization: bearer s3cret\r\n"),
        // base64("user:pw"), base64("sk_1:") (an API key as the user name).
        (Credential::Basic, "user:pw", "\r\nauthorization: basic dxnlcjpwdw==\r\n"),
        (Credential::Basic, "sk_1", "\r\nauthorization: basic c2tfmto=\r\n"),
        (
            Credential::ApiKey { location: ApiKeyLocation::Header, parameter: "X-Api-Key", prefix: "" },
            "s3cret",
            "\r\nx-api-key: s3cret\r\n",
        ),
        (
            Credential::ApiKey { location: ApiKeyLocation::Cookie, parameter: "session", prefix: "" },
            "s3cret",
            "\r\ncookie: session=s3cret\r\n",
        ),
        (
            Credential::ApiKey { location: ApiKeyLocation::Query, parameter: "api_key", prefix: "" },
            "s3 cret",
            "delete /api/items/a?api_key=s3+cret http/1.1\r\n",
        ),
    ];
    for (credential, secret, expected) in cases {
        let (authenticated, public) = heads_of(Client::with_scheme(secret, &scheme(credential)).unwrap()).await;
        assert!(authenticated.contains(expected), "{credential:?}: {authenticated}");
        assert!(!public.contains("s3") && !public.contains("authorization"), "{credential:?}: {public}");
    }
}

#[tokio::test]
async fn an_anonymous_client_sends_no_credentials() {
    let (authenticated, _) = heads_of(Client::anonymous().unwrap()).await;
    assert!(!authenticated.contains("authorization") && !authenticated.contains("key "), "{authenticated}");
}

#[test]
fn a_secret_that_is_no_header_value_is_refused() {
    let error = Client::new("a\nb").unwrap_err();
    assert_eq!(error.to_string(), "the secret is not a valid HTTP header value");
}
