//! The generated crate's HTTP client (`klaviyo_types::client`, feature
//! `client`) against a local HTTP/1.1 server on 127.0.0.1 that replays canned
//! Klaviyo responses and records what it was sent: headers, pagination,
//! retries and their waits, error documents, decode and transport errors.
//!
//! Every test is bounded by [`LIMIT`]; the slowest waits out a one-second
//! `Retry-After`.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use futures_util::{StreamExt, TryStreamExt};
use klaviyo_types::client::{Client, Error, RetryPolicy, DEFAULT_BASE_URL};
use klaviyo_types::operations::{
    create_profile, delete_catalog_item, get_bulk_create_catalog_items_jobs as items_jobs, get_profile,
};
use klaviyo_types::{CatalogItemCreateJobResponseObjectResourceAttributesStatus as JobStatus, Tristate};
use serde_json::json;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// Every test must finish well within this.
const LIMIT: Duration = Duration::from_secs(5);

/// Run a test body, failing it when it takes longer than [`LIMIT`].
async fn bounded(test: impl std::future::Future<Output = ()>) {
    tokio::time::timeout(LIMIT, test).await.expect("test timed out");
}

/// A request as the server read it.
#[derive(Debug, Clone)]
struct Seen {
    method: String,
    target: String,
    headers: Vec<(String, String)>,
    body: String,
    /// The body's bytes as sent.
    bytes: Vec<u8>,
    /// When its head had arrived.
    at: Instant,
}

impl Seen {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
}

/// A response to replay.
struct Canned {
    status: u16,
    headers: Vec<(&'static str, String)>,
    body: String,
}

fn canned(status: u16, body: impl Into<String>) -> Canned {
    Canned { status, headers: Vec::new(), body: body.into() }
}

impl Canned {
    fn header(mut self, name: &'static str, value: impl Into<String>) -> Self {
        self.headers.push((name, value.into()));
        self
    }
}

/// A server on 127.0.0.1 answering one request per connection.
struct Server {
    base: String,
    seen: Arc<Mutex<Vec<Seen>>>,
}

impl Server {
    /// Serve `responses(base_url)` in order; past the last, a 500.
    async fn start(responses: impl FnOnce(&str) -> Vec<Canned>) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("a local port");
        let base = format!("http://{}", listener.local_addr().expect("bound"));
        let mut responses = responses(&base).into_iter();
        let seen = Arc::new(Mutex::new(Vec::new()));
        let log = seen.clone();
        tokio::spawn(async move {
            while let Ok((mut socket, _)) = listener.accept().await {
                let Some(request) = read_request(&mut socket).await else { continue };
                log.lock().unwrap().push(request);
                let response = responses.next().unwrap_or_else(|| canned(500, "no more canned responses"));
                let mut head = format!(
                    "HTTP/1.1 {} Canned\r\nContent-Type: application/vnd.api+json\r\nContent-Length: {}\r\nConnection: close\r\n",
                    response.status,
                    response.body.len()
                );
                for (name, value) in &response.headers {
                    head.push_str(&format!("{name}: {value}\r\n"));
                }
                head.push_str("\r\n");
                let _ = socket.write_all(head.as_bytes()).await;
                let _ = socket.write_all(response.body.as_bytes()).await;
                let _ = socket.shutdown().await;
            }
        });
        Server { base, seen }
    }

    fn seen(&self) -> Vec<Seen> {
        self.seen.lock().unwrap().clone()
    }
}

/// Read one request: the head, then `Content-Length` bytes of body.
async fn read_request(socket: &mut TcpStream) -> Option<Seen> {
    let mut buffer = Vec::new();
    let mut chunk = [0u8; 4096];
    let head_end = loop {
        if let Some(end) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
            break end;
        }
        let read = socket.read(&mut chunk).await.ok()?;
        if read == 0 {
            return None;
        }
        buffer.extend_from_slice(&chunk[..read]);
    };
    let at = Instant::now();
    let head = String::from_utf8(buffer[..head_end].to_vec()).ok()?;
    let mut lines = head.split("\r\n");
    let mut request_line = lines.next()?.split(' ');
    let method = request_line.next()?.to_owned();
    let target = request_line.next()?.to_owned();
    let headers: Vec<(String, String)> = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(name, value)| (name.trim().to_ascii_lowercase(), value.trim().to_owned()))
        .collect();
    let length: usize =
        headers.iter().find(|(n, _)| n == "content-length").and_then(|(_, v)| v.parse().ok()).unwrap_or(0);
    let mut body = buffer[head_end + 4..].to_vec();
    while body.len() < length {
        let read = socket.read(&mut chunk).await.ok()?;
        if read == 0 {
            break;
        }
        body.extend_from_slice(&chunk[..read]);
    }
    Some(Seen { method, target, headers, body: String::from_utf8_lossy(&body).into_owned(), bytes: body, at })
}

/// A client for `server`: up to 3 attempts, backoff from 50 ms.
fn client(server: &Server) -> Client {
    Client::new("pk_test").expect("a valid key").with_base_url(&server.base).with_retry(RetryPolicy {
        max_attempts: 3,
        base_delay: Duration::from_millis(50),
        max_delay: Duration::from_secs(2),
    })
}

const JOBS: &str = "/api/catalog-item-bulk-create-jobs";

/// One catalog item bulk create job, as Klaviyo sends it.
fn job(base: &str, id: &str, status: &str) -> serde_json::Value {
    json!({
        "type": "catalog-item-bulk-create-job",
        "id": id,
        "attributes": {
            "status": status,
            "created_at": "2024-03-01T10:00:00+00:00",
            "total_count": 2,
            "completed_count": 2,
            "failed_count": 0,
            "completed_at": "2024-03-01T10:00:04.512000+00:00",
            "errors": [],
            "expires_at": "2024-03-08T10:00:00+00:00"
        },
        "relationships": {
            "items": {
                "links": {
                    "self": format!("{base}{JOBS}/{id}/relationships/items/"),
                    "related": format!("{base}{JOBS}/{id}/items/")
                }
            }
        },
        "links": { "self": format!("{base}{JOBS}/{id}/") }
    })
}

/// A page of complete jobs; `next` is a full URL, or `null` on the last page.
fn job_page(base: &str, ids: &[&str], next: Option<String>) -> String {
    let data: Vec<_> = ids.iter().map(|id| job(base, id, "complete")).collect();
    json!({
        "data": data,
        "links": { "self": format!("{base}{JOBS}/"), "prev": null, "next": next }
    })
    .to_string()
}

/// A profile document (`get_profile`, `create_profile`).
fn profile(base: &str, id: &str, email: &str) -> String {
    json!({
        "data": {
            "type": "profile",
            "id": id,
            "attributes": {
                "email": email,
                "phone_number": "+15005550006",
                "external_id": null,
                "first_name": "Sarah",
                "last_name": "Mason",
                "organization": "Example Corporation",
                "locale": "en-US",
                "title": null,
                "image": null,
                "created": "2022-11-08T00:00:00+00:00",
                "updated": "2022-11-08T00:00:00+00:00",
                "last_event_date": "2022-11-08T00:00:00+00:00",
                "location": {
                    "address1": "89 E 42nd St", "address2": null, "city": "New York", "country": "United States",
                    "region": "NY", "zip": "10017", "timezone": "America/New_York", "ip": null
                },
                "properties": { "pseudonym": "Dr. Octopus" }
            },
            "relationships": {
                "lists": { "links": {
                    "self": format!("{base}/api/profiles/{id}/relationships/lists/"),
                    "related": format!("{base}/api/profiles/{id}/lists/")
                } },
                "segments": { "links": {
                    "self": format!("{base}/api/profiles/{id}/relationships/segments/"),
                    "related": format!("{base}/api/profiles/{id}/segments/")
                } }
            },
            "links": { "self": format!("{base}/api/profiles/{id}/") }
        },
        "links": { "self": format!("{base}/api/profiles/{id}/") }
    })
    .to_string()
}

const ERROR_400: &str = r#"{"errors":[{"id":"7a1c59e4-3c9a-4d8b-a1f6-0c5d1e9b2f10","status":400,"code":"invalid",
    "title":"Invalid input.","detail":"'status' is not a valid field for the resource 'catalog-item-bulk-create-job'.",
    "source":{"parameter":"fields[catalog-item-bulk-create-job]"},"links":{},"meta":{}}]}"#;

const THROTTLED: &str = r#"{"errors":[{"id":"b0c4","status":429,"code":"throttled","title":"Request was throttled.",
    "detail":"Request was throttled. Expected available in 1 second.","source":{"pointer":"/data/"}}]}"#;

#[tokio::test]
async fn pagination_follows_next_links_in_order() {
    bounded(async {
        let server = Server::start(|base| {
            vec![
                canned(200, job_page(base, &["j1", "j2"], Some(format!("{base}{JOBS}/?page%5Bcursor%5D=p2")))),
                canned(200, job_page(base, &["j3"], Some(format!("{base}{JOBS}/?page%5Bcursor%5D=p3")))),
                canned(200, job_page(base, &["j4", "j5"], None)),
            ]
        })
        .await;
        let request = items_jobs::Request {
            fields_catalog_item_bulk_create_job: vec![
                items_jobs::FieldsCatalogItemBulkCreateJob::Status,
                items_jobs::FieldsCatalogItemBulkCreateJob::CreatedAt,
            ],
            filter: Some(items_jobs::Filter::status_equals(items_jobs::StatusValue::Complete)),
            page_cursor: Some("abc".into()),
            revision: None,
        };
        let jobs: Vec<_> = client(&server).items(&request).try_collect().await.unwrap();
        let ids: Vec<&str> = jobs.iter().map(|job| job.id.as_str()).collect();
        assert_eq!(ids, ["j1", "j2", "j3", "j4", "j5"]);
        assert!(jobs.iter().all(|job| job.attributes.status == Some(JobStatus::Complete)));
        assert_eq!(jobs[0].links.self_, format!("{}{JOBS}/j1/", server.base));

        let seen = server.seen();
        assert_eq!(seen.len(), 3);
        assert_eq!(
            seen[0].target,
            "/api/catalog-item-bulk-create-jobs\
             ?fields%5Bcatalog-item-bulk-create-job%5D=status%2Ccreated_at\
             &filter=equals%28status%2C%22complete%22%29\
             &page%5Bcursor%5D=abc"
        );
        // The next pages are the links as given: they carry every parameter.
        assert_eq!(seen[1].target, "/api/catalog-item-bulk-create-jobs/?page%5Bcursor%5D=p2");
        assert_eq!(seen[2].target, "/api/catalog-item-bulk-create-jobs/?page%5Bcursor%5D=p3");
        for request in &seen {
            assert_eq!(request.method, "GET");
            assert_eq!(request.header("authorization"), Some("Klaviyo-API-Key pk_test"));
            assert_eq!(request.header("revision"), Some(klaviyo_types::REVISION));
            assert_eq!(request.header("accept"), Some("application/vnd.api+json"));
            assert_eq!(request.header("content-type"), None);
            assert_eq!(request.body, "");
        }
    })
    .await;
}

/// The client example of `docs/client.md`: a request with the sparse fieldset
/// `[Status, CreatedAt]` gets jobs with only those attributes, and every
/// page decodes; the attributes not asked for are `None`, not defaults.
#[tokio::test]
async fn the_readme_example_reads_a_sparse_fieldset() {
    use items_jobs::{FieldsCatalogItemBulkCreateJob as Field, Filter, Request, StatusValue};
    bounded(async {
        let sparse = |base: &str, ids: &[&str], next: Option<String>| {
            let data: Vec<_> = ids
                .iter()
                .map(|id| {
                    let mut job = job(base, id, "complete");
                    job["attributes"] =
                        json!({ "status": "complete", "created_at": "2024-03-01T10:00:00.120000+00:00" });
                    job
                })
                .collect();
            json!({ "data": data, "links": { "self": format!("{base}{JOBS}/"), "prev": null, "next": next } })
                .to_string()
        };
        let server = Server::start(|base| {
            vec![
                canned(200, sparse(base, &["j1", "j2"], Some(format!("{base}{JOBS}/?page%5Bcursor%5D=p2")))),
                canned(200, sparse(base, &["j3"], None)),
            ]
        })
        .await;
        let request = Request {
            fields_catalog_item_bulk_create_job: vec![Field::Status, Field::CreatedAt],
            filter: Some(Filter::status_equals(StatusValue::Complete)),
            ..Default::default()
        };
        let jobs: Vec<_> = client(&server).items(&request).try_collect().await.unwrap();
        assert_eq!(jobs.len(), 3);
        for job in &jobs {
            assert_eq!(job.attributes.status, Some(JobStatus::Complete));
            let created = job.attributes.created_at.expect("asked for");
            assert_eq!(created.to_string(), "2024-03-01T10:00:00.120000+00:00");
            assert_eq!((job.attributes.total_count, job.attributes.completed_count.is_absent()), (None, true));
        }
        assert!(server.seen()[0].target.contains("fields%5Bcatalog-item-bulk-create-job%5D=status%2Ccreated_at"));
    })
    .await;
}

#[tokio::test]
async fn pages_yield_whole_documents_and_end_after_an_error() {
    bounded(async {
        let server = Server::start(|base| {
            vec![
                canned(200, job_page(base, &["j1"], Some(format!("{base}{JOBS}/?page%5Bcursor%5D=p2")))),
                canned(400, ERROR_400),
                canned(200, job_page(base, &["never"], None)),
            ]
        })
        .await;
        let pages: Vec<_> = client(&server).pages(&items_jobs::Request::default()).collect().await;
        assert_eq!(pages.len(), 2);
        let first = pages[0].as_ref().unwrap();
        assert_eq!(first.data.len(), 1);
        assert_eq!(first.links.as_ref().map(|l| l.self_.as_str()), Some(format!("{}{JOBS}/", server.base).as_str()));
        assert!(matches!(pages[1], Err(Error::Api { status: 400, .. })), "{:?}", pages[1]);
        assert_eq!(server.seen().len(), 2, "nothing is requested after the error");

        // A page that links to itself ends the stream instead of looping.
        let server = Server::start(|base| {
            vec![
                canned(200, job_page(base, &["j1"], Some(format!("{base}{JOBS}")))),
                canned(200, job_page(base, &["again"], None)),
            ]
        })
        .await;
        let jobs: Vec<_> = client(&server).items(&items_jobs::Request::default()).try_collect().await.unwrap();
        assert_eq!(jobs.len(), 1);
        assert_eq!(server.seen().len(), 1);
    })
    .await;
}

/// `job_page` with `edit` applied to the parsed page.
fn edited_page(base: &str, ids: &[&str], next: Option<String>, edit: impl FnOnce(&mut serde_json::Value)) -> String {
    let mut page: serde_json::Value = serde_json::from_str(&job_page(base, ids, next)).expect("JSON");
    edit(&mut page);
    page.to_string()
}

#[tokio::test]
async fn items_yield_a_bad_item_as_an_error_and_go_on() {
    bounded(async {
        let server = Server::start(|base| {
            vec![
                // j2's `total_count` is a string.
                canned(
                    200,
                    edited_page(
                        base,
                        &["j1", "j2", "j3"],
                        Some(format!("{base}{JOBS}/?page%5Bcursor%5D=p2")),
                        |page| {
                            page["data"][1]["attributes"]["total_count"] = json!("2");
                        },
                    ),
                ),
                // The second item has no `id`.
                canned(
                    200,
                    edited_page(base, &["j4", "j5"], Some(format!("{base}{JOBS}/?page%5Bcursor%5D=p3")), |page| {
                        page["data"][1].as_object_mut().unwrap().remove("id");
                    }),
                ),
                canned(200, job_page(base, &["j6"], None)),
            ]
        })
        .await;
        let results: Vec<_> = client(&server).items(&items_jobs::Request::default()).collect().await;
        let outline: Vec<String> = results
            .iter()
            .map(|result| match result {
                Ok(job) => job.id.clone(),
                Err(error) => format!("error at {}", error.decode_error().map_or("?", |e| e.path())),
            })
            .collect();
        assert_eq!(outline, ["j1", "error at data[1].attributes.total_count", "j3", "j4", "error at data[1]", "j6"]);

        let first_page = format!("{}{JOBS}", server.base);
        let Err(Error::Item { operation, status: 200, url, index: 1, error }) = &results[1] else {
            panic!("{:?}", results[1])
        };
        assert_eq!(*operation, "get_bulk_create_catalog_items_jobs");
        assert_eq!(url, &first_page);
        let mut raw = job(&server.base, "j2", "complete");
        raw["attributes"]["total_count"] = json!("2");
        assert_eq!(error.value(), Some(&raw), "the item's raw JSON");
        assert_eq!(error.raw_json(), Some(raw));
        assert_eq!(error.body(), None);
        let error = results[1].as_ref().unwrap_err();
        assert_eq!(error.status(), Some(200));
        assert_eq!(error.url(), Some(first_page.as_str()));
        assert_eq!(
            error.to_string(),
            "get_bulk_create_catalog_items_jobs: HTTP 200: item 1 of the page does not decode \
             (data[1].attributes.total_count: invalid type: string \"2\", expected i64)"
        );
        assert!(std::error::Error::source(error).is_some());

        let Err(Error::Item { index: 1, url, error, .. }) = &results[4] else { panic!("{:?}", results[4]) };
        assert_eq!(url, &format!("{}{JOBS}/?page%5Bcursor%5D=p2", server.base));
        assert!(error.to_string().contains("missing field `id`"), "{error}");
        assert_eq!(error.value().and_then(|item| item["attributes"]["status"].as_str()), Some("complete"));

        let seen = server.seen();
        assert_eq!(seen.len(), 3, "every page was read");
        assert_eq!(seen[2].target, "/api/catalog-item-bulk-create-jobs/?page%5Bcursor%5D=p3");

        // `pages` yields the two undecodable pages as errors with their whole
        // bodies, and goes on to the third.
        let server = Server::start(|base| {
            vec![
                canned(
                    200,
                    edited_page(base, &["j1", "j2"], Some(format!("{base}{JOBS}/?page%5Bcursor%5D=p2")), |page| {
                        page["data"][0]["attributes"]["total_count"] = json!("2");
                    }),
                ),
                canned(200, job_page(base, &["j3"], None)),
            ]
        })
        .await;
        let pages: Vec<_> = client(&server).pages(&items_jobs::Request::default()).collect().await;
        assert_eq!(pages.len(), 2);
        let Err(error @ Error::Decode { status: 200, .. }) = &pages[0] else { panic!("{:?}", pages[0]) };
        assert_eq!(error.decode_error().map(|e| e.path()), Some("data[0].attributes.total_count"));
        assert!(error.body().is_some_and(|body| body.contains(r#""id":"j2""#)), "the whole page");
        assert_eq!(pages[1].as_ref().map(|page| page.data[0].id.as_str()).ok(), Some("j3"));
    })
    .await;
}

#[tokio::test]
async fn a_page_off_spec_outside_its_items_is_one_error_after_them() {
    bounded(async {
        let server = Server::start(|base| {
            vec![
                // `links` without its required `self`; the next link is still read.
                canned(
                    200,
                    edited_page(base, &["j1", "j2"], Some(format!("{base}{JOBS}/?page%5Bcursor%5D=p2")), |page| {
                        page["links"].as_object_mut().unwrap().remove("self");
                    }),
                ),
                // `links.next` is not a string: nothing to follow.
                canned(200, edited_page(base, &["j3"], None, |page| page["links"]["next"] = json!(3))),
                canned(200, job_page(base, &["never"], None)),
            ]
        })
        .await;
        let results: Vec<_> = client(&server).items(&items_jobs::Request::default()).collect().await;
        assert_eq!(results.len(), 5, "{results:?}");
        assert_eq!(results[0].as_ref().map(|job| job.id.as_str()).ok(), Some("j1"));
        assert_eq!(results[1].as_ref().map(|job| job.id.as_str()).ok(), Some("j2"));
        let Err(error @ Error::Decode { status: 200, .. }) = &results[2] else { panic!("{:?}", results[2]) };
        assert_eq!(error.decode_error().map(|e| e.path()), Some("links"));
        assert!(error.body().is_some_and(|body| body.contains(r#""id":"j2""#)), "the whole page");
        assert_eq!(results[3].as_ref().map(|job| job.id.as_str()).ok(), Some("j3"));
        let Err(error) = &results[4] else { panic!("{:?}", results[4]) };
        assert_eq!(error.decode_error().map(|e| e.path()), Some("links.next"));
        assert_eq!(server.seen().len(), 2);
    })
    .await;
}

#[tokio::test]
async fn a_broken_envelope_ends_items_with_one_error() {
    for broken in ["<html><body>Bad gateway</body></html>", r#"{"data":{"id":"j2"},"links":{"next":"x"}}"#] {
        bounded(async {
            let server = Server::start(|base| {
                vec![
                    canned(200, job_page(base, &["j1"], Some(format!("{base}{JOBS}/?page%5Bcursor%5D=p2")))),
                    canned(200, broken),
                    canned(200, job_page(base, &["never"], None)),
                ]
            })
            .await;
            let results: Vec<_> = client(&server).items(&items_jobs::Request::default()).collect().await;
            assert_eq!(results.len(), 2, "{results:?}");
            assert_eq!(results[0].as_ref().map(|job| job.id.as_str()).ok(), Some("j1"));
            let Err(error @ Error::Decode { status: 200, url, .. }) = &results[1] else { panic!("{:?}", results[1]) };
            assert_eq!(url, &format!("{}{JOBS}/?page%5Bcursor%5D=p2", server.base));
            assert_eq!(error.body(), Some(broken));
            assert_eq!(server.seen().len(), 2, "nothing is requested after a broken envelope");

            let server = Server::start(|_| vec![canned(200, broken), canned(200, "{}")]).await;
            let pages: Vec<_> = client(&server).pages(&items_jobs::Request::default()).collect().await;
            assert_eq!(pages.len(), 1);
            assert!(matches!(&pages[0], Err(error) if error.body() == Some(broken)), "{pages:?}");
            assert_eq!(server.seen().len(), 1);
        })
        .await;
    }
}

#[tokio::test]
async fn too_many_requests_waits_for_retry_after() {
    bounded(async {
        let server = Server::start(|base| {
            vec![canned(429, THROTTLED).header("Retry-After", "1"), canned(200, profile(base, "p1", "a@b.c"))]
        })
        .await;
        let started = Instant::now();
        let found = client(&server).send(&get_profile::Request::new("p1")).await.unwrap();
        assert_eq!(found.data.id, Tristate::Value("p1".into()));
        assert_eq!(found.data.attributes.email.as_ref().map(String::as_str), Some("a@b.c"));
        assert_eq!(found.data.attributes.external_id, Tristate::Null);
        assert_eq!(found.data.attributes.title, Tristate::Null);
        let seen = server.seen();
        assert_eq!(seen.len(), 2);
        assert_eq!(seen[0].target, "/api/profiles/p1");
        assert_eq!(seen[1].target, "/api/profiles/p1");
        let waited = seen[1].at - seen[0].at;
        assert!(waited >= Duration::from_millis(950), "waited {waited:?}");
        assert!(started.elapsed() < Duration::from_secs(3), "Retry-After used, not a long backoff");
    })
    .await;
}

#[tokio::test]
async fn retry_after_is_capped_and_ignored_unless_seconds() {
    bounded(async {
        // A `Retry-After` longer than `max_delay` waits `max_delay`.
        let server = Server::start(|_| vec![canned(429, THROTTLED).header("Retry-After", "30"), canned(204, "")]).await;
        let capped = Client::new("pk_test").expect("a valid key").with_base_url(&server.base).with_retry(RetryPolicy {
            max_attempts: 2,
            base_delay: Duration::from_millis(10),
            max_delay: Duration::from_millis(300),
        });
        capped.send(&delete_catalog_item::Request::new("1")).await.unwrap();
        let seen = server.seen();
        assert_eq!(seen.len(), 2);
        let waited = seen[1].at - seen[0].at;
        assert!(waited >= Duration::from_millis(280), "waited {waited:?}");

        // An HTTP-date is not read: the backoff applies (25..50 ms here).
        let server = Server::start(|_| {
            vec![canned(503, "").header("Retry-After", "Wed, 21 Oct 2015 07:28:00 GMT"), canned(204, "")]
        })
        .await;
        let started = Instant::now();
        client(&server).send(&delete_catalog_item::Request::new("1")).await.unwrap();
        let seen = server.seen();
        assert_eq!(seen.len(), 2);
        assert!(seen[1].at - seen[0].at >= Duration::from_millis(25));
        assert!(started.elapsed() < Duration::from_secs(2));
    })
    .await;
}

#[tokio::test]
async fn error_document_becomes_api_error() {
    bounded(async {
        let server = Server::start(|_| vec![canned(400, ERROR_400)]).await;
        let error = client(&server).send(&items_jobs::Request::default()).await.unwrap_err();
        let Error::Api { operation, status, document } = &error else { panic!("{error:?}") };
        assert_eq!((*operation, *status), ("get_bulk_create_catalog_items_jobs", 400));
        assert_eq!(document.errors.len(), 1);
        assert_eq!(document.errors[0].code.as_deref(), Some("invalid"));
        assert_eq!(
            document.errors[0].detail.as_deref(),
            Some("'status' is not a valid field for the resource 'catalog-item-bulk-create-job'.")
        );
        assert_eq!(
            document.errors[0].source.as_ref().and_then(|s| s.parameter.as_deref()),
            Some("fields[catalog-item-bulk-create-job]")
        );
        assert_eq!(error.status(), Some(400));
        assert_eq!(error.operation(), "get_bulk_create_catalog_items_jobs");
        assert_eq!(error.document(), Some(document));
        assert!(std::error::Error::source(&error).is_none());
        assert_eq!(
            error.to_string(),
            "get_bulk_create_catalog_items_jobs: HTTP 400: Invalid input.: 'status' is not a valid field for the \
             resource 'catalog-item-bulk-create-job'. (invalid, at fields[catalog-item-bulk-create-job])"
        );
        assert_eq!(server.seen().len(), 1, "4xx is not retried");

        // A 404 with an empty body is an API error with no details.
        let server = Server::start(|_| vec![canned(404, "")]).await;
        let error = client(&server).send(&get_profile::Request::new("gone")).await.unwrap_err();
        assert!(matches!(&error, Error::Api { status: 404, document, .. } if document.errors.is_empty()), "{error:?}");
        assert_eq!(error.to_string(), "get_profile: HTTP 404: no error details");
    })
    .await;
}

#[tokio::test]
async fn undecodable_bodies_become_decode_errors() {
    bounded(async {
        // A 2xx body of the wrong shape names the path of the mismatch.
        let server = Server::start(|_| vec![canned(200, r#"{"data":{"type":"profile","id":5}}"#)]).await;
        let error = client(&server).send(&get_profile::Request::new("x")).await.unwrap_err();
        let Error::Decode { operation: "get_profile", status: 200, url, error: decode } = &error else {
            panic!("{error:?}")
        };
        assert_eq!(decode.path(), "data.id");
        assert_eq!(decode.body(), Some(r#"{"data":{"type":"profile","id":5}}"#));
        assert_eq!(url, &format!("{}/api/profiles/x", server.base));
        assert_eq!(error.body(), Some(r#"{"data":{"type":"profile","id":5}}"#));
        assert_eq!(error.url(), Some(url.as_str()));
        assert_eq!(error.decode_error().map(|e| e.path()), Some("data.id"));
        assert!(error.to_string().starts_with("get_profile: HTTP 200: undecodable body (data.id: "), "{error}");
        assert!(std::error::Error::source(&error).is_some());
        assert_eq!(server.seen().len(), 1, "a 2xx is not retried");

        // An error status whose body is not an error document (a proxy's HTML page).
        let server = Server::start(|_| vec![canned(403, "<html><body>Forbidden</body></html>")]).await;
        let error = client(&server).send(&get_profile::Request::new("x")).await.unwrap_err();
        assert!(matches!(&error, Error::Decode { status: 403, .. }), "{error:?}");
        assert_eq!(error.body(), Some("<html><body>Forbidden</body></html>"));
        assert_eq!(error.status(), Some(403));
        assert_eq!(error.document(), None);

        // A long body is kept whole; the message shows its start.
        let page = job_page("http://x", &["j1"; 60], None).replace(r#""total_count":2"#, r#""total_count":"2""#);
        assert!(page.len() > 20_000);
        let server = Server::start(|_| vec![canned(200, page.clone())]).await;
        let error = client(&server).send(&items_jobs::Request::default()).await.unwrap_err();
        assert_eq!(error.body(), Some(page.as_str()));
        assert_eq!(error.decode_error().map(|e| e.path()), Some("data[0].attributes.total_count"));
        let message = error.to_string();
        assert!(message.len() < 800 && message.ends_with(&format!("… ({} bytes)", page.len())), "{message}");
    })
    .await;
}

#[tokio::test]
async fn server_errors_retry_with_backoff_then_give_up() {
    bounded(async {
        let server = Server::start(|_| vec![canned(503, ""), canned(204, "")]).await;
        client(&server).send(&delete_catalog_item::Request::new("$custom:::$default:::item/1")).await.unwrap();
        let seen = server.seen();
        assert_eq!(seen.len(), 2);
        assert_eq!(seen[0].method, "DELETE");
        assert_eq!(seen[0].target, "/api/catalog-items/%24custom%3A%3A%3A%24default%3A%3A%3Aitem%2F1");
        assert_eq!(seen[1].target, seen[0].target);
        let waited = seen[1].at - seen[0].at;
        assert!(waited >= Duration::from_millis(25), "jittered backoff of 25..50 ms, waited {waited:?}");

        // Every attempt fails: `max_attempts` bounds them, the waits double,
        // and the last error document is reported.
        let unavailable = r#"{"errors":[{"id":"e","status":503,"code":"unavailable","title":"Service unavailable","detail":"Try later."}]}"#;
        let server = Server::start(|_| (0..4).map(|_| canned(503, unavailable)).collect()).await;
        let error = client(&server).send(&delete_catalog_item::Request::new("1")).await.unwrap_err();
        let seen = server.seen();
        assert_eq!(seen.len(), 3, "max_attempts bounds the attempts");
        assert!(seen[1].at - seen[0].at >= Duration::from_millis(25));
        assert!(seen[2].at - seen[1].at >= Duration::from_millis(50), "the second backoff is 50..100 ms");
        let Error::Api { status: 503, document, .. } = &error else { panic!("{error:?}") };
        assert_eq!(document.errors[0].detail.as_deref(), Some("Try later."));

        // `RetryPolicy::NEVER` sends once.
        let server = Server::start(|_| vec![canned(503, ""), canned(204, "")]).await;
        let once = client(&server).with_retry(RetryPolicy::NEVER);
        let error = once.send(&delete_catalog_item::Request::new("1")).await.unwrap_err();
        assert_eq!(error.status(), Some(503));
        assert_eq!(server.seen().len(), 1);
    })
    .await;
}

#[tokio::test]
async fn transport_failures() {
    bounded(async {
        // Connection refused is retried, then reported as a transport error.
        let closed = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", closed.local_addr().unwrap());
        drop(closed);
        let started = Instant::now();
        let error = Client::new("pk_test")
            .expect("a valid key")
            .with_base_url(base)
            .with_retry(RetryPolicy {
                max_attempts: 2,
                base_delay: Duration::from_millis(200),
                max_delay: Duration::from_secs(1),
            })
            .send(&delete_catalog_item::Request::new("1"))
            .await
            .unwrap_err();
        assert!(matches!(&error, Error::Transport { operation: "delete_catalog_item", .. }), "{error:?}");
        assert_eq!(error.status(), None);
        assert!(error.to_string().starts_with("delete_catalog_item: request failed: "), "{error}");
        assert!(started.elapsed() >= Duration::from_millis(100), "one backoff between the two attempts");

        // A base URL that is not a URL is not retried.
        let started = Instant::now();
        let error = Client::new("pk_test")
            .expect("a valid key")
            .with_base_url("not a url")
            .with_retry(RetryPolicy {
                max_attempts: 3,
                base_delay: Duration::from_secs(2),
                max_delay: Duration::from_secs(2),
            })
            .send(&get_profile::Request::new("1"))
            .await
            .unwrap_err();
        assert!(matches!(&error, Error::Transport { operation: "get_profile", .. }), "{error:?}");
        assert!(started.elapsed() < Duration::from_secs(1), "no backoff for a request that cannot be built");
    })
    .await;
}

#[tokio::test]
async fn post_sends_json_body_with_content_type() {
    bounded(async {
        let server =
            Server::start(|base| vec![canned(201, profile(base, "01GDDKASAP8TKDDA2GRZDSVP4H", "sarah.mason@example.com"))])
                .await;
        let body: klaviyo_types::ProfileCreateQuery = klaviyo_types::from_str(
            r#"{"data":{"type":"profile","attributes":{"email":"sarah.mason@example.com","first_name":"Sarah",
                "properties":{"newKey":"New Value"}}}}"#,
        )
        .unwrap();
        let mut request = create_profile::Request::new(body);
        request.additional_fields_profile = vec![create_profile::AdditionalFieldsProfile::Subscriptions];
        let created = client(&server).send(&request).await.unwrap();
        assert_eq!(created.data.id.as_ref().map(String::as_str), Some("01GDDKASAP8TKDDA2GRZDSVP4H"));
        assert_eq!(created.data.attributes.first_name.as_ref().map(String::as_str), Some("Sarah"));

        let seen = server.seen();
        assert_eq!(seen.len(), 1);
        assert_eq!(seen[0].method, "POST");
        assert_eq!(seen[0].target, "/api/profiles?additional-fields%5Bprofile%5D=subscriptions");
        assert_eq!(seen[0].header("content-type"), Some("application/vnd.api+json"));
        assert_eq!(seen[0].header("accept"), Some("application/vnd.api+json"));
        assert_eq!(seen[0].header("authorization"), Some("Klaviyo-API-Key pk_test"));
        assert_eq!(seen[0].header("revision"), Some(klaviyo_types::REVISION));
        assert_eq!(
            seen[0].body,
            r#"{"data":{"type":"profile","attributes":{"email":"sarah.mason@example.com","first_name":"Sarah","properties":{"newKey":"New Value"}}}}"#
        );
    })
    .await;
}

#[test]
fn configuration_and_debug_hide_the_key() {
    let client = Client::new("pk_secret").expect("a valid key");
    assert_eq!(client.base_url(), DEFAULT_BASE_URL);
    assert_eq!(DEFAULT_BASE_URL, "https://a.klaviyo.com");
    assert_eq!(client.retry_policy(), RetryPolicy::default());
    assert_eq!(RetryPolicy::default().max_attempts, 4);
    assert_eq!(RetryPolicy::NEVER.max_attempts, 1);
    let client = client.with_base_url("http://127.0.0.1:1/").with_retry(RetryPolicy::NEVER);
    assert_eq!(client.base_url(), "http://127.0.0.1:1");
    assert_eq!(client.retry_policy(), RetryPolicy::NEVER);
    let debug = format!("{client:?}");
    assert!(debug.contains("http://127.0.0.1:1"), "{debug}");
    assert!(!debug.contains("pk_secret"), "{debug}");
}

/// The futures and streams can be spawned on a multi-threaded runtime.
#[test]
fn futures_and_streams_are_send() {
    fn assert_send<T: Send>(_: &T) {}
    let client = Client::new("pk_test").expect("a valid key");
    let request = items_jobs::Request::default();
    assert_send(&client.send(&request));
    assert_send(&client.pages(&request));
    assert_send(&client.items(&request));
    let create: klaviyo_types::ProfileCreateQuery =
        klaviyo_types::from_str(r#"{"data":{"type":"profile","attributes":{}}}"#).unwrap();
    assert_send(&client.send(&create_profile::Request::new(create)));
}

#[test]
fn an_api_key_that_cannot_be_a_header_is_an_error_not_a_panic() {
    let error = Client::new("pk_bad\nkey").expect_err("a newline cannot go into a header");
    assert!(matches!(error, klaviyo_types::client::BuildError::InvalidApiKey));
    assert_eq!(error.to_string(), "the secret is not a valid HTTP header value");
}

/// One part of a `multipart/form-data` body as the server reads it.
#[derive(Debug, PartialEq)]
struct FormPart {
    name: String,
    filename: Option<String>,
    content_type: Option<String>,
    bytes: Vec<u8>,
}

/// Split a `multipart/form-data` body on the boundary of its content type
/// (RFC 7578/2046), the way a server does.
fn parse_form(content_type: &str, body: &[u8]) -> Vec<FormPart> {
    let boundary = content_type.split("boundary=").nth(1).expect("a boundary parameter").trim_matches('"');
    let delimiter = format!("\r\n--{boundary}").into_bytes();
    // The body starts with the first boundary line, without the leading CRLF.
    let mut rest = body.strip_prefix(&delimiter[2..]).expect("the body starts with the boundary");
    let mut parts = Vec::new();
    loop {
        if rest.starts_with(b"--") {
            assert_eq!(rest, b"--\r\n", "the close delimiter ends the body");
            return parts;
        }
        rest = rest.strip_prefix(b"\r\n").expect("CRLF after the boundary");
        let end = rest.windows(delimiter.len()).position(|w| w == delimiter.as_slice()).expect("a next boundary");
        let (part, after) = (&rest[..end], &rest[end + delimiter.len()..]);
        let head_end = part.windows(4).position(|w| w == b"\r\n\r\n").expect("part headers");
        let head = std::str::from_utf8(&part[..head_end]).expect("ASCII part headers");
        let mut name = None;
        let mut filename = None;
        let mut content_type = None;
        for line in head.split("\r\n") {
            let (key, value) = line.split_once(':').expect("a part header");
            match key.trim().to_ascii_lowercase().as_str() {
                "content-disposition" => {
                    for param in value.split(';').skip(1) {
                        let (k, v) = param.trim().split_once('=').expect("a disposition parameter");
                        let v = v.trim_matches('"').to_owned();
                        match k {
                            "name" => name = Some(v),
                            "filename" => filename = Some(v),
                            _ => {}
                        }
                    }
                }
                "content-type" => content_type = Some(value.trim().to_owned()),
                _ => {}
            }
        }
        parts.push(FormPart {
            name: name.expect("a part name"),
            filename,
            content_type,
            bytes: part[head_end + 4..].to_vec(),
        });
        rest = after;
    }
}

/// The `multipart/form-data` upload end to end: the server receives the
/// file part (name, filename, content type and every byte, CR/LF and
/// non-UTF-8 bytes included) and the text parts that were set.
#[tokio::test]
async fn upload_image_from_file_sends_a_multipart_body() {
    use klaviyo_types::operations::upload_image_from_file as upload;
    use klaviyo_types::request::FilePart;
    bounded(async {
        let response = json!({"data": {"type": "image", "id": "7", "attributes": {
            "name": "logo", "image_url": "https://example.com/7.png", "format": "png", "size": 10,
            "hidden": true, "updated_at": "2022-11-08T00:00:00+00:00"}, "links": {"self": "https://example.com/7"}}});
        let server = Server::start(|_| vec![canned(201, response.to_string())]).await;
        let bytes: Vec<u8> = [&[0x89, b'P', b'N', b'G', b'\r', b'\n', 0x1a, b'\n', 0, 0xff][..], b"\r\n--x"].concat();
        let form = upload::Form {
            hidden: Some(true),
            ..upload::Form::new(FilePart::new(bytes.clone()).filename("logo.png").content_type("image/png"))
        };
        let uploaded = client(&server).send(&upload::Request::new(form)).await.unwrap();
        assert_eq!(uploaded.data.id, "7");

        let seen = server.seen();
        assert_eq!(seen.len(), 1);
        assert_eq!((seen[0].method.as_str(), seen[0].target.as_str()), ("POST", "/api/image-upload"));
        assert_eq!(seen[0].header("revision"), Some("2026-07-15"));
        assert_eq!(seen[0].header("accept"), Some("application/vnd.api+json"));
        let content_type = seen[0].header("content-type").expect("a content type");
        assert!(content_type.starts_with("multipart/form-data; boundary="), "{content_type}");
        assert_eq!(seen[0].header("content-length"), Some(seen[0].bytes.len().to_string().as_str()));
        let parts = parse_form(content_type, &seen[0].bytes);
        assert_eq!(
            parts,
            [
                FormPart {
                    name: "file".into(),
                    filename: Some("logo.png".into()),
                    content_type: Some("image/png".into()),
                    bytes,
                },
                FormPart { name: "hidden".into(), filename: None, content_type: None, bytes: b"true".to_vec() },
            ]
        );
    })
    .await;
}

/// Header parameters reach the server: `X-Klaviyo-API-Filters` when set,
/// `revision` with its default unless the request overrides it.
#[tokio::test]
async fn header_parameters_are_sent() {
    use klaviyo_types::operations::get_client_geofences as geofences;
    bounded(async {
        let empty = json!({"data": [], "links": {"self": "https://example.com/geofences"}}).to_string();
        let server = Server::start(|_| vec![canned(200, empty.clone()), canned(200, empty.clone())]).await;
        let filters = "and(equals(lat,40.7128),equals(lng,-74.0060))";
        let request = geofences::Request {
            x_klaviyo_api_filters: Some(filters.into()),
            company_id: "PUBLIC_KEY".into(),
            ..Default::default()
        };
        client(&server).send(&request).await.unwrap();
        let request = geofences::Request {
            revision: Some("2026-07-15.pre".into()),
            company_id: "PK".into(),
            ..Default::default()
        };
        client(&server).send(&request).await.unwrap();

        let seen = server.seen();
        assert_eq!(seen.len(), 2);
        assert_eq!(seen[0].target, "/client/geofences?company_id=PUBLIC_KEY");
        assert_eq!(seen[0].header("x-klaviyo-api-filters"), Some(filters));
        assert_eq!(seen[0].header("revision"), Some("2026-07-15"));
        assert_eq!(seen[1].header("x-klaviyo-api-filters"), None);
        assert_eq!(seen[1].header("revision"), Some("2026-07-15.pre"));
    })
    .await;
}
