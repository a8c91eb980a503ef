//! A small HTTP/1.1 server for the preview, made to be left running on a laptop: it answers
//! only requests addressed to this computer by name (`127.0.0.1`, `localhost`, `[::1]`), so a
//! web page elsewhere cannot read the preview through DNS rebinding; it serves a bounded
//! number of connections, each with time limits and a bounded request head; and nothing a
//! client sends can stop the listening socket.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

/// Connections served at once; more are answered 503 at once.
pub const MAX_CONNECTIONS: usize = 256;
/// The longest request head (request line and headers) read.
pub const MAX_HEAD: usize = 16 * 1024;
/// How long a client may take to send its request head.
const HEAD_TIMEOUT: Duration = Duration::from_secs(5);

/// A request the handler sees: its path (percent-decoded) and query.
pub struct Request {
    pub path: String,
    pub query: String,
}

pub struct Response {
    pub status: u16,
    pub content_type: &'static str,
    pub body: Vec<u8>,
}

impl Response {
    pub fn text(status: u16, body: &str) -> Response {
        Response {
            status,
            content_type: "text/plain; charset=utf-8",
            body: body.as_bytes().to_vec(),
        }
    }
}

pub type Handler = dyn Fn(&Request) -> Response + Send + Sync;

/// Accept connections for ever, each served on its own thread while fewer than
/// [`MAX_CONNECTIONS`] are.
pub fn serve(listener: TcpListener, port: u16, handler: Arc<Handler>) {
    let active = Arc::new(AtomicUsize::new(0));
    loop {
        let stream = match listener.accept() {
            Ok((s, _)) => s,
            // Out of file descriptors, a connection reset before it was accepted …: wait a
            // little and go on listening.
            Err(_) => {
                std::thread::sleep(Duration::from_millis(20));
                continue;
            }
        };
        if active.fetch_add(1, Ordering::SeqCst) >= MAX_CONNECTIONS {
            active.fetch_sub(1, Ordering::SeqCst);
            busy(stream);
            continue;
        }
        let slot = Slot(active.clone());
        let handler = handler.clone();
        // When no thread can be started, the closure (and with it the connection and its
        // place) is dropped: the client sees the connection close.
        let _ = std::thread::Builder::new()
            .name("insyn-serve".into())
            .stack_size(256 * 1024)
            .spawn(move || {
                let _slot = slot;
                connection(stream, port, &*handler);
            });
    }
}

/// Frees a connection's place when the connection ends, however it ends.
struct Slot(Arc<AtomicUsize>);

impl Drop for Slot {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

fn busy(mut stream: TcpStream) {
    let _ = stream.set_write_timeout(Some(Duration::from_millis(200)));
    let _ = write_response(&mut stream, &Response::text(503, "Upptaget, försök igen.\n"), false);
}

fn connection(mut stream: TcpStream, port: u16, handler: &Handler) {
    let _ = stream.set_read_timeout(Some(HEAD_TIMEOUT));
    let _ = stream.set_write_timeout(Some(Duration::from_secs(10)));
    let head = match read_head(&mut stream) {
        Ok(h) => h,
        Err(Some(status)) => {
            let _ = write_response(&mut stream, &Response::text(status, "Felaktig begäran.\n"), false);
            return;
        }
        Err(None) => return,
    };
    let response = match parse(&head, port) {
        Ok((head_only, request)) => (handler(&request), head_only),
        Err(r) => (r, false),
    };
    let _ = write_response(&mut stream, &response.0, response.1);
}

/// The request head, up to the blank line; an error status when it is too long or not
/// HTTP, `None` when the client went away or said nothing in time.
fn read_head(stream: &mut TcpStream) -> Result<String, Option<u16>> {
    let mut buf = Vec::with_capacity(1024);
    let mut chunk = [0u8; 4096];
    loop {
        let n = match stream.read(&mut chunk) {
            Ok(0) | Err(_) => return Err(None),
            Ok(n) => n,
        };
        buf.extend_from_slice(&chunk[..n]);
        if let Some(end) = find(&buf, b"\r\n\r\n") {
            buf.truncate(end);
            return String::from_utf8(buf).map_err(|_| Some(400));
        }
        if buf.len() > MAX_HEAD {
            return Err(Some(431));
        }
    }
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// The request, if it is a GET or HEAD addressed to this computer.
fn parse(head: &str, port: u16) -> Result<(bool, Request), Response> {
    let mut lines = head.split("\r\n");
    let line = lines.next().unwrap_or("");
    let mut parts = line.split(' ');
    let (method, target) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
    if !parts.next().is_some_and(|v| v.starts_with("HTTP/1.")) || !target.starts_with('/') {
        return Err(Response::text(400, "Felaktig begäran.\n"));
    }
    let head_only = match method {
        "GET" => false,
        "HEAD" => true,
        _ => return Err(Response::text(405, "Bara GET och HEAD.\n")),
    };
    let host = lines
        .filter_map(|l| l.split_once(':'))
        .find(|(name, _)| name.trim().eq_ignore_ascii_case("host"))
        .map(|(_, v)| v.trim());
    if !host.is_some_and(|h| own_host(h, port)) {
        return Err(Response::text(
            403,
            "Förhandsgranskningen svarar bara på http://127.0.0.1, http://localhost och http://[::1].\n",
        ));
    }
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    Ok((
        head_only,
        Request {
            path: crate::urls::percent_decode(path),
            query: query.to_string(),
        },
    ))
}

/// `127.0.0.1`, `localhost` or `[::1]`, with this server's port or none.
fn own_host(host: &str, port: u16) -> bool {
    let (name, given) = match host.rsplit_once(':') {
        Some((n, p)) if !p.contains(']') => (n, Some(p)),
        _ => (host, None),
    };
    let name = name.to_ascii_lowercase();
    ["127.0.0.1", "localhost", "[::1]"].contains(&name.as_str()) && given.is_none_or(|p| p == port.to_string())
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        431 => "Request Header Fields Too Large",
        503 => "Service Unavailable",
        _ => "",
    }
}

fn write_response(stream: &mut TcpStream, r: &Response, head_only: bool) -> std::io::Result<()> {
    let head = format!(
        "HTTP/1.1 {} {}\r\nContent-Type: {}\r\nContent-Length: {}\r\nCache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n",
        r.status,
        reason(r.status),
        r.content_type,
        r.body.len()
    );
    stream.write_all(head.as_bytes())?;
    if !head_only {
        stream.write_all(&r.body)?;
    }
    stream.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_this_computer_by_name() {
        assert!(own_host("127.0.0.1:1111", 1111));
        assert!(own_host("LOCALHOST:1111", 1111));
        assert!(own_host("[::1]:1111", 1111));
        assert!(own_host("[::1]", 1111));
        assert!(own_host("localhost", 1111));
        assert!(!own_host("localhost:1112", 1111));
        assert!(!own_host("ond.example:1111", 1111));
        assert!(!own_host("127.0.0.1.ond.example:1111", 1111));
        assert!(!own_host("", 1111));
    }

    #[test]
    fn requests_are_parsed_or_refused() {
        let (head_only, r) = parse("GET /a%20b/?gen=2 HTTP/1.1\r\nHost: localhost:80", 80)
            .ok()
            .unwrap();
        assert!(!head_only);
        assert_eq!((r.path.as_str(), r.query.as_str()), ("/a b/", "gen=2"));
        assert_eq!(
            parse("POST / HTTP/1.1\r\nHost: localhost", 80).err().unwrap().status,
            405
        );
        assert_eq!(parse("GET / HTTP/1.1", 80).err().unwrap().status, 403);
        assert_eq!(parse("nonsens", 80).err().unwrap().status, 400);
    }
}
