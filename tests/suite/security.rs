//! Nothing forged, nothing broken (issue #14): absolute URLs come from `--public-url` alone, text
//! no page can carry is refused, and every response our app makes carries the security headers.

use actix_web::dev::Service;
use actix_web::test as actix_test;

use zonemap::data;
use zonemap::site::Site;
use zonemap::web::AppState;

use super::{fixture, http_request, spawn_server, state_with_site};

const PUBLIC: &str = "https://maps.example.org";

fn site() -> AppState {
    state_with_site("valid.geojson", Site::new(Some(PUBLIC), None).expect("valid"))
}

async fn get_with(s: AppState, uri: &str, headers: &[(&'static str, &'static str)]) -> (u16, Vec<(String, String)>, String) {
    let app = actix_test::init_service(zonemap::web::app(s)).await;
    let mut req = actix_test::TestRequest::get().uri(uri);
    for &h in headers {
        req = req.insert_header(h);
    }
    let resp = app.call(req.to_request()).await.expect("answers");
    let status = resp.status().as_u16();
    let head = resp.headers().iter().map(|(k, v)| (k.as_str().to_owned(), v.to_str().unwrap_or_default().to_owned())).collect();
    (status, head, String::from_utf8_lossy(&actix_test::read_body(resp).await).into_owned())
}

const FORGED: [&[(&str, &str)]; 5] = [
    &[("Host", "evil.example")],
    &[("X-Forwarded-Host", "x/%0aalert(document.domain)//")],
    &[("X-Forwarded-Proto", "javascript"), ("X-Forwarded-Host", "x/%0aalert(document.domain)//")],
    &[("Forwarded", "proto=javascript;host=\"x/%0aalert(1)//\"")],
    &[("Forwarded", "host=evil.example"), ("X-Forwarded-Proto", "http")],
];

fn oembed_uri(url: &str) -> String {
    format!("/oembed?{}&format=json", form_urlencoded::Serializer::new(String::new()).append_pair("url", url).finish())
}

#[actix_web::test]
async fn oembed_answers_for_the_public_url_whatever_the_request_claims() {
    for headers in FORGED {
        let (status, _, body) = get_with(site(), &oembed_uri(&format!("{PUBLIC}/?batch=2")), headers).await;
        assert_eq!(status, 200, "{headers:?}: {body}");
        let v: serde_json::Value = serde_json::from_str(&body).expect("json");
        for field in ["provider_url", "thumbnail_url"] {
            assert!(v[field].as_str().is_some_and(|u| u.starts_with(&format!("{PUBLIC}/"))), "{headers:?}: {field} = {}", v[field]);
        }
        assert!(v["html"].as_str().is_some_and(|h| h.contains(&format!("</blockquote><iframe src=\"{PUBLIC}/embed?batch=2\""))), "{headers:?}: {}", v["html"]);
        assert!(!body.contains("javascript") && !body.contains("evil.example") && !body.contains("alert"), "{headers:?}: {body}");
    }
}

#[actix_web::test]
async fn oembed_refuses_the_origins_a_request_claims() {
    for (url, headers) in [
        ("http://evil.example/?batch=2", FORGED[0]),
        ("javascript://x/%0aalert(document.domain)///", FORGED[2]),
        ("http://evil.example/", FORGED[4]),
        ("https://maps.example.org.evil.example/", FORGED[0]),
        ("https://maps.example.org@evil.example/", FORGED[0]),
    ] {
        let (status, _, body) = get_with(site(), &oembed_uri(url), headers).await;
        assert_eq!(status, 404, "{url}: {body}");
        let v: serde_json::Value = serde_json::from_str(&body).expect("json error");
        assert!(v["error"]["message"].as_str().is_some_and(|e| e.contains("is not a page of this map") && !e.contains("There is no page")), "{body}");
    }
    // Without a public URL there is no origin to print: no embed code at all, said plainly.
    let (status, _, body) = get_with(super::state("valid.geojson"), &oembed_uri("http://127.0.0.1:8080/"), FORGED[0]).await;
    assert_eq!(status, 404);
    assert!(body.contains("--public-url"), "{body}");
}

#[actix_web::test]
async fn pages_print_the_public_url_whatever_the_request_claims() {
    for headers in FORGED {
        let (_, _, body) = get_with(site(), "/zones/alpha", headers).await;
        assert!(body.contains(&format!("<link rel=\"canonical\" href=\"{PUBLIC}/zones/alpha\">")), "{headers:?}");
        assert!(!body.contains("evil.example") && !body.contains("javascript:"), "{headers:?}");
    }
}

#[test]
fn control_characters_are_refused_with_their_place() {
    let text = std::fs::read_to_string(fixture("valid.geojson")).expect("fixture");
    for (c, escaped) in [('\u{1}', "\\u0001"), ('\u{b}', "\\u000b"), ('\u{1f}', "\\u001f"), ('\u{fffe}', "\\ufffe"), ('\u{ffff}', "\\uffff")] {
        let bad = text.replacen("\"name\": \"Alpha\"", &format!("\"name\": \"Ctl{escaped}X\""), 1);
        assert_ne!(bad, text);
        let err = data::parse("ctl.geojson", &bad).expect_err("refused");
        let hit = err.0.iter().find(|e| e.message.contains("control character")).unwrap_or_else(|| panic!("{c:?}: {err}"));
        assert!(hit.to_string().starts_with("ctl.geojson:11:") && hit.to_string().contains("feature #0 (alpha)"), "{hit}");
        assert!(hit.message.contains(&format!("U+{:04X}", c as u32)), "{hit}");
    }
}

#[test]
fn invisible_and_bidirectional_characters_are_warned_about() {
    let text = std::fs::read_to_string(fixture("valid.geojson")).expect("fixture");
    let sneaky = text.replacen("\"name\": \"Alpha\"", "\"name\": \"Al\\u202epha\\u200b\"", 1);
    let d = data::parse("bidi.geojson", &sneaky).expect("legal, so only a warning");
    assert!(d.warnings.iter().any(|w| w.message.contains("U+202E") && w.message.contains("name")), "{:?}", d.warnings);
}

#[test]
fn every_response_of_the_server_carries_the_security_headers() {
    let (mut child, addr) = spawn_server(&fixture("valid.geojson"), &std::env::temp_dir());
    let long_uri = http_request(&addr, "GET", &format!("/?q={}", "x".repeat(3000)));
    let big_headers = {
        use std::io::{Read, Write};
        let mut stream = std::net::TcpStream::connect(&addr).expect("connects");
        let filler = "a".repeat(1000);
        let mut req = format!("GET / HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n");
        for i in 0..20 {
            req.push_str(&format!("X-Filler-{i}: {filler}\r\n"));
        }
        req.push_str("\r\n");
        stream.write_all(req.as_bytes()).expect("sent");
        let mut out = String::new();
        stream.read_to_string(&mut out).expect("read");
        out
    };
    let not_found = http_request(&addr, "GET", "/nowhere");
    let bad_query = http_request(&addr, "GET", "/?batch=x");
    child.kill().expect("stopped");
    let _ = child.wait();
    for (what, response, status) in [("414", &long_uri, "414"), ("431", &big_headers, "431"), ("404", &not_found, "404"), ("400", &bad_query, "400")] {
        let head = response.split("\r\n\r\n").next().unwrap_or_default().to_ascii_lowercase();
        assert!(head.starts_with(&format!("http/1.1 {status}")), "{what}: {head}");
        for header in ["content-security-policy: default-src 'self'", "x-content-type-options: nosniff", "referrer-policy: strict-origin-when-cross-origin"] {
            assert!(head.contains(header), "{what} lacks {header}: {head}");
        }
    }
}

#[test]
fn a_byte_order_mark_is_skipped_and_an_oversized_file_refused() {
    let text = std::fs::read_to_string(fixture("valid.geojson")).expect("fixture");
    let d = data::parse("bom.geojson", &format!("\u{feff}{text}")).expect("a BOM is not part of the JSON");
    assert_eq!(d.zones.len(), 3);
    // A sparse file past the limit: refused by its size, before anything is read.
    let path = std::env::temp_dir().join(format!("zonemap-huge-{}.geojson", std::process::id()));
    let file = std::fs::File::create(&path).expect("created");
    file.set_len(data::MAX_FILE_BYTES + 1).expect("sized");
    let err = data::load_file(&path).expect_err("too large");
    std::fs::remove_file(&path).expect("removed");
    assert!(err.to_string().contains("the limit is 160 MB"), "{err}");
}

#[actix_web::test]
async fn an_uncached_search_is_compressed_fast_and_a_cached_page_well() {
    let accept = [("Accept-Encoding", "br, gzip")];
    let (status, head, _) = get_with(site(), "/?q=alp", &accept).await;
    let encoding = |head: &[(String, String)]| head.iter().find(|(k, _)| k == "content-encoding").map(|(_, v)| v.clone());
    assert_eq!((status, encoding(&head).as_deref()), (200, Some("gzip")), "a one-off search gets fast gzip, not brotli: {head:?}");
    let (_, head, _) = get_with(site(), "/", &accept).await;
    assert_eq!(encoding(&head).as_deref(), Some("br"), "a page kept for everyone is compressed once, well");
}

#[actix_web::test]
async fn error_pages_link_under_the_public_urls_path() {
    let s = state_with_site("valid.geojson", Site::new(Some("https://news.example/maps"), None).expect("valid"));
    for uri in ["/zones/nowhere", "/nowhere", "/?batch=x", "/batches/9"] {
        let (status, _, body) = get_with(s.clone(), uri, &[]).await;
        assert!(status == 404 || status == 400, "{uri}: {status}");
        assert!(body.contains("href=\"/maps/static/app."), "{uri}: the stylesheet is under the base path: {body}");
        assert!(body.contains("href=\"/maps/\""), "{uri}: the link home is under the base path");
    }
    let (status, _, body) = get_with(s, "/api/zones/nowhere.geojson", &[]).await;
    assert_eq!(status, 404);
    assert!(body.starts_with("{\"error\""), "API errors stay JSON: {body}");
}
