//! The client's pacing (`crate::client::Pacing`) against a local
//! HTTP/1.1 server that enforces fixed rate-limit windows, as rate-limited APIs do,
//! and counts the requests it throttles; and the `Response` that
//! `Client::call` returns (status, headers, body).

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use super::fixture::delete_item;
use super::local_server::{read_head, reply};
use crate::client::{Client, Pacing, RetryPolicy, Window};
use tokio::net::{TcpListener, TcpStream};

/// What the server answers: status and headers, given the request's number
/// (from 0) and when it arrived.
type Answer = Box<dyn Fn(usize, Instant) -> (u16, Vec<(&'static str, String)>) + Send + Sync>;

/// A server on 127.0.0.1 answering every connection concurrently, one
/// request per connection, with an empty body; it records when each
/// request arrived.
async fn serve(answer: Answer) -> (String, Arc<Mutex<Vec<Instant>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("a local port");
    let base = format!("http://{}", listener.local_addr().expect("bound"));
    let arrivals = Arc::new(Mutex::new(Vec::new()));
    let log = arrivals.clone();
    let answer = Arc::new(answer);
    tokio::spawn(async move {
        while let Ok((socket, _)) = listener.accept().await {
            let (log, answer) = (log.clone(), answer.clone());
            tokio::spawn(async move { respond(socket, &log, &answer).await });
        }
    });
    (base, arrivals)
}

async fn respond(mut socket: TcpStream, log: &Mutex<Vec<Instant>>, answer: &Answer) {
    if read_head(&mut socket).await.is_none() {
        return;
    }
    let at = Instant::now();
    let number = {
        let mut log = log.lock().unwrap();
        log.push(at);
        log.len() - 1
    };
    let (status, headers) = answer(number, at);
    reply(&mut socket, status, &headers, "").await;
}

const BURST: Window = Window { count: 5, length: Duration::from_secs(1) };
const STEADY: Window = Window { count: 12, length: Duration::from_secs(3) };

/// The earliest time each of `n` requests may leave under `windows`, the
/// first at 0: the fastest any client can go (a sliding window is at least
/// as strict as the server's fixed ones, wherever those start).
fn ideal_last_send(n: usize, windows: &[Window]) -> Duration {
    let mut sent: Vec<Duration> = Vec::new();
    for k in 0..n {
        let at = windows
            .iter()
            .filter_map(|w| k.checked_sub(w.count as usize).map(|back| sent[back] + w.length))
            .max()
            .unwrap_or_default();
        sent.push(at);
    }
    sent.last().copied().unwrap_or_default()
}

/// N tasks sharing one client send M requests each to an operation the
/// server limits to 5 per second and 12 per 3 seconds, in fixed windows:
/// none is throttled, and the run is within 15 % of the ideal.
#[tokio::test]
async fn concurrent_tasks_stay_within_fixed_windows() {
    const TASKS: usize = 3;
    const EACH: usize = 10;
    let start = Instant::now();
    // Fixed windows counted from the server's start, as a server counts them.
    let counts = Arc::new(Mutex::new(std::collections::HashMap::<(u32, u64), u32>::new()));
    let throttled = Arc::new(Mutex::new(0usize));
    let (counter, refused) = (counts.clone(), throttled.clone());
    let (base, arrivals) = serve(Box::new(move |_, at| {
        let elapsed = at.duration_since(start);
        let mut counts = counter.lock().unwrap();
        let over = [BURST, STEADY].iter().enumerate().any(|(index, window)| {
            let slot = (elapsed.as_nanos() / window.length.as_nanos()) as u64;
            let count = counts.entry((index as u32, slot)).or_default();
            *count += 1;
            *count > window.count
        });
        if over {
            *refused.lock().unwrap() += 1;
            (429, vec![("Retry-After", "1".to_owned())])
        } else {
            (204, Vec::new())
        }
    }))
    .await;
    let pacing = Pacing::default().with_limits(delete_item::OPERATION_ID, [BURST, STEADY]);
    let client =
        Client::new("pk_test").unwrap().with_base_url(&base).with_retry(RetryPolicy::NEVER).with_pacing(pacing);

    let began = Instant::now();
    let tasks: Vec<_> = (0..TASKS)
        .map(|task| {
            let client = client.clone();
            tokio::spawn(async move {
                for n in 0..EACH {
                    let request = delete_item::Request::new(format!("item-{task}-{n}"));
                    client.send(&request).await.expect("not throttled");
                }
            })
        })
        .collect();
    for task in tasks {
        tokio::time::timeout(Duration::from_secs(30), task).await.expect("within 30 s").expect("no panic");
    }
    let elapsed = began.elapsed();

    let ideal = ideal_last_send(TASKS * EACH, &[BURST, STEADY]);
    let ratio = elapsed.as_secs_f64() / ideal.as_secs_f64();
    println!(
        "pacing: {} requests, {} throttled, {:.3} s vs the ideal {:.3} s = {ratio:.3}×",
        arrivals.lock().unwrap().len(),
        throttled.lock().unwrap(),
        elapsed.as_secs_f64(),
        ideal.as_secs_f64()
    );
    assert_eq!(*throttled.lock().unwrap(), 0, "no request may be throttled");
    assert_eq!(arrivals.lock().unwrap().len(), TASKS * EACH);
    assert!(ratio <= 1.15, "{elapsed:?} is more than 15 % over the ideal {ideal:?}");
}

/// The same load without pacing is throttled: the test above is not
/// passing by chance.
#[tokio::test]
async fn without_pacing_the_same_load_is_throttled() {
    let start = Instant::now();
    let counts = Arc::new(Mutex::new(std::collections::HashMap::<u64, u32>::new()));
    let (base, _) = serve(Box::new(move |_, at| {
        let slot = at.duration_since(start).as_secs();
        let mut counts = counts.lock().unwrap();
        let count = counts.entry(slot).or_default();
        *count += 1;
        if *count > BURST.count {
            (429, Vec::new())
        } else {
            (204, Vec::new())
        }
    }))
    .await;
    let client =
        Client::new("pk_test").unwrap().with_base_url(&base).with_retry(RetryPolicy::NEVER).with_pacing(Pacing::off());
    let mut refused = 0;
    for n in 0..8 {
        if client.send(&delete_item::Request::new(format!("item-{n}"))).await.is_err() {
            refused += 1;
        }
    }
    assert!(refused > 0, "8 requests at once exceed 5 per second");
}

/// `RateLimit-Remaining: 0` with `RateLimit-Reset: 1` holds the operation
/// for a second, and `call` shows the status and the parsed headers.
#[tokio::test]
async fn an_exhausted_window_reported_by_the_server_is_waited_out() {
    let (base, arrivals) = serve(Box::new(|number, _| {
        let remaining = if number == 0 { "0" } else { "9" };
        let headers = vec![
            ("RateLimit-Limit", "10, 10;w=1".to_owned()),
            ("RateLimit-Remaining", remaining.to_owned()),
            ("RateLimit-Reset", "1".to_owned()),
            ("X-Request-Id", format!("r{number}")),
        ];
        (204, headers)
    }))
    .await;
    let client = Client::new("pk_test").unwrap().with_base_url(&base);
    let first = client.call(&delete_item::Request::new("a")).await.unwrap();
    assert_eq!(first.status(), 204);
    assert_eq!(first.headers().get("x-request-id").unwrap(), "r0");
    let status = first.rate_limit().expect("the headers are there");
    assert_eq!((status.limit, status.remaining, status.reset), (Some(10), Some(0), Some(Duration::from_secs(1))));
    client.call(&delete_item::Request::new("b")).await.unwrap();
    let arrivals = arrivals.lock().unwrap().clone();
    let gap = arrivals[1].duration_since(arrivals[0]);
    assert!(gap >= Duration::from_millis(950), "the second request waited for the reset: {gap:?}");
}
