//! The HTTP/1.1 plumbing of the client tests' local servers: each serves one
//! request per connection and closes it, so reading the head and writing an
//! answer is all a test server needs.

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// The request line and headers up to the blank line, read byte by byte so
/// nothing of the body is consumed; `None` when the client hung up first.
pub(super) async fn read_head(socket: &mut TcpStream) -> Option<String> {
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        match socket.read(&mut byte).await {
            Ok(1) => head.push(byte[0]),
            _ => return None,
        }
    }
    Some(String::from_utf8_lossy(&head).into_owned())
}

/// Answer with `status`, `headers` and `body`, then close the connection.
pub(super) async fn reply(socket: &mut TcpStream, status: u16, headers: &[(&str, String)], body: &str) {
    let mut response = format!("HTTP/1.1 {status} Answer\r\nContent-Length: {}\r\nConnection: close\r\n", body.len());
    for (name, value) in headers {
        response.push_str(&format!("{name}: {value}\r\n"));
    }
    response.push_str("\r\n");
    response.push_str(body);
    let _ = socket.write_all(response.as_bytes()).await;
    let _ = socket.shutdown().await;
}
