//! The request log: one line per request (method, path with query, status, body bytes where
//! known, microseconds to the response head) under the target `zonemap::access`.
//!
//! `tracing` decides whether the log is on (`RUST_LOG=warn` turns it off; then the middleware
//! costs one cached check), but the line itself is written here, not by `tracing-subscriber`'s
//! formatter: on `/embed` that formatter (its field visitor, its timestamp, its level styling)
//! was about a tenth of the request thread's time (`perf`), for one fixed shape of line. Here a
//! line is a few appends to a buffer the thread keeps, with the date formatted once per second,
//! then handed to the non-blocking writer `main` installs ([`install`]), whose own thread does
//! the write(2), so a slow or blocked stderr never holds a response up. The lines are the ones
//! the formatter wrote (text, or JSON with `ZONEMAP_LOG=json`), without colours on a terminal.
//! Where no writer is installed (the tests drive the app in-process), lines go through `tracing`.

use std::borrow::Cow;
use std::cell::RefCell;
use std::fmt::Write as _;
use std::io::Write as _;
use std::sync::OnceLock;
use std::time::{Instant, SystemTime};

use actix_web::body::{BodySize, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;
use tracing_appender::non_blocking::NonBlocking;

/// How a line is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LogFormat {
    /// `2026-12-04T13:04:57.464245Z  INFO zonemap::access: method=GET uri=/ status=200 …`
    Text,
    /// `{"timestamp":"…","level":"INFO","fields":{"method":"GET",…},"target":"zonemap::access"}`
    Json,
}

static WRITER: OnceLock<(NonBlocking, LogFormat)> = OnceLock::new();

/// Sends the request log's lines to `writer` (once; later calls are ignored).
pub fn install(writer: NonBlocking, format: LogFormat) {
    let _ = WRITER.set((writer, format));
}

/// One request, as logged.
#[derive(Debug)]
struct Entry<'a> {
    method: &'a str,
    uri: &'a str,
    status: u16,
    bytes: Option<u64>,
    micros: u64,
}

/// The middleware.
pub async fn record(req: ServiceRequest, next: Next<impl MessageBody + 'static>) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    if !tracing::enabled!(target: "zonemap::access", tracing::Level::INFO) {
        return next.call(req).await;
    }
    let start = Instant::now();
    let (method, uri) = (req.method().clone(), req.uri().clone());
    let res = next.call(req).await?;
    let bytes = match res.response().body().size() {
        BodySize::Sized(n) => Some(n),
        BodySize::None | BodySize::Stream => None,
    };
    let entry = Entry {
        method: method.as_str(),
        uri: &target(&uri),
        status: res.status().as_u16(),
        bytes,
        micros: u64::try_from(start.elapsed().as_micros()).unwrap_or(u64::MAX),
    };
    write(&entry);
    Ok(res)
}

/// The request target as the client sent it: the path with its query for the usual
/// origin-form (no allocation), the whole target otherwise (`CONNECT`'s authority, `*`).
fn target(uri: &actix_web::http::Uri) -> Cow<'_, str> {
    match uri.path_and_query() {
        Some(pq) if uri.authority().is_none() => Cow::Borrowed(pq.as_str()),
        _ => Cow::Owned(uri.to_string()),
    }
}

/// What a thread keeps between lines: the line's buffer, the writer, and the date-and-time
/// prefix of the last second it logged in.
struct Scratch {
    line: String,
    writer: Option<NonBlocking>,
    second: u64,
    stamp: String,
}

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch {
        line: String::with_capacity(256),
        writer: None,
        second: u64::MAX,
        stamp: String::new(),
    });
}

fn write(entry: &Entry) {
    let Some((writer, format)) = WRITER.get() else {
        let Entry { method, uri, status, bytes, micros } = entry;
        tracing::info!(target: "zonemap::access", method, uri, status, bytes, micros);
        return;
    };
    SCRATCH.with_borrow_mut(|s| {
        let since_epoch = SystemTime::now().duration_since(SystemTime::UNIX_EPOCH).unwrap_or_default();
        if s.second != since_epoch.as_secs() {
            s.second = since_epoch.as_secs();
            s.stamp.clear();
            write_second(&mut s.stamp, s.second);
        }
        s.line.clear();
        format_line(&mut s.line, *format, &s.stamp, since_epoch.subsec_micros(), entry);
        // The writer queues the line for its thread (or drops it if the queue is full); it
        // never blocks and never fails.
        let _ = s.writer.get_or_insert_with(|| writer.clone()).write_all(s.line.as_bytes());
    });
}

/// One line, newline included. `stamp` is the second as [`write_second`] writes it.
fn format_line(out: &mut String, format: LogFormat, stamp: &str, micros_of_second: u32, e: &Entry) {
    // Writing to a String cannot fail.
    match format {
        LogFormat::Text => {
            let _ = write!(out, "{stamp}.{micros_of_second:06}Z  INFO zonemap::access: method={} uri={} status={}", e.method, e.uri, e.status);
            if let Some(bytes) = e.bytes {
                let _ = write!(out, " bytes={bytes}");
            }
            let _ = writeln!(out, " micros={}", e.micros);
        }
        LogFormat::Json => {
            let _ = write!(out, r#"{{"timestamp":"{stamp}.{micros_of_second:06}Z","level":"INFO","fields":{{"method":"#);
            json_string(out, e.method);
            out.push_str(r#","uri":"#);
            json_string(out, e.uri);
            let _ = write!(out, r#","status":{}"#, e.status);
            if let Some(bytes) = e.bytes {
                let _ = write!(out, r#","bytes":{bytes}"#);
            }
            let _ = writeln!(out, r#","micros":{}}},"target":"zonemap::access"}}"#, e.micros);
        }
    }
}

/// A JSON string. An HTTP method and request target are visible ASCII without `"` or `\`
/// (the parser refuses the rest), but the log must stay valid JSON whatever it is handed.
fn json_string(out: &mut String, s: &str) {
    // Serialising a &str cannot fail.
    out.push_str(&serde_json::to_string(s).unwrap_or_default());
}

/// `YYYY-MM-DDTHH:MM:SS` in UTC for a count of seconds since 1970-01-01 (the `time` crate,
/// which actix-web and tracing-appender already build, does the calendar).
fn write_second(out: &mut String, secs: u64) {
    let t = i64::try_from(secs).ok().and_then(|s| time::OffsetDateTime::from_unix_timestamp(s).ok()).unwrap_or(time::OffsetDateTime::UNIX_EPOCH);
    let _ = write!(out, "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}", t.year(), u8::from(t.month()), t.day(), t.hour(), t.minute(), t.second());
}

#[cfg(test)]
mod tests {
    use super::*;

    fn second(secs: u64) -> String {
        let mut s = String::new();
        write_second(&mut s, secs);
        s
    }

    #[test]
    fn seconds_are_written_as_utc_dates() {
        assert_eq!(second(0), "1970-01-01T00:00:00");
        assert_eq!(second(951_782_400), "2000-02-29T00:00:00", "a leap day of a century divisible by 400");
        assert_eq!(second(951_868_800), "2000-03-01T00:00:00");
        assert_eq!(second(4_107_542_399), "2100-02-28T23:59:59", "2100 is no leap year");
        assert_eq!(second(4_107_542_400), "2100-03-01T00:00:00");
        assert_eq!(second(1_798_459_199), "2026-12-28T11:59:59");
        assert_eq!(second(1_767_225_599), "2025-12-31T23:59:59");
        assert_eq!(second(1_767_225_600), "2026-01-01T00:00:00");
    }

    #[test]
    fn targets_are_logged_as_sent() {
        for sent in ["/", "/api/zones.geojson?batch=1", "*", "example.org:443", "http://example.org/zones?q=1"] {
            let uri: actix_web::http::Uri = sent.parse().expect("a request target");
            assert_eq!(target(&uri), sent);
        }
    }

    fn entry(bytes: Option<u64>) -> Entry<'static> {
        Entry { method: "GET", uri: "/api/zones.geojson?batch=1&q=\"x\"", status: 200, bytes, micros: 42 }
    }

    fn line(format: LogFormat, e: &Entry) -> String {
        let mut out = String::new();
        format_line(&mut out, format, "2026-12-04T13:04:57", 4_245, e);
        out
    }

    #[test]
    fn text_lines_are_the_ones_the_tracing_formatter_wrote() {
        assert_eq!(
            line(LogFormat::Text, &entry(Some(6703))),
            "2026-12-04T13:04:57.004245Z  INFO zonemap::access: method=GET uri=/api/zones.geojson?batch=1&q=\"x\" status=200 bytes=6703 micros=42\n"
        );
        // A streamed body has no size: the field is left out, as `tracing` leaves out a None.
        assert!(!line(LogFormat::Text, &entry(None)).contains("bytes="));
    }

    #[test]
    fn json_lines_parse_with_the_tracing_formatter_s_shape() {
        for bytes in [Some(6703), None] {
            let text = line(LogFormat::Json, &entry(bytes));
            assert!(text.ends_with("}\n") && text.matches('\n').count() == 1, "{text}");
            let v: serde_json::Value = serde_json::from_str(&text).expect("JSON");
            assert_eq!(v["timestamp"], "2026-12-04T13:04:57.004245Z");
            assert_eq!(v["level"], "INFO");
            assert_eq!(v["target"], "zonemap::access");
            let f = &v["fields"];
            assert_eq!((f["method"].as_str(), f["uri"].as_str()), (Some("GET"), Some("/api/zones.geojson?batch=1&q=\"x\"")));
            assert_eq!((f["status"].as_u64(), f["bytes"].as_u64(), f["micros"].as_u64()), (Some(200), bytes, Some(42)));
        }
    }
}
