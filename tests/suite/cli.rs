use std::process::{Command, Output};

use super::{fixture, http_get, http_request, spawn_server};

fn zonemap(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_zonemap")).args(args).output().expect("the binary runs")
}

#[test]
fn check_accepts_a_valid_file() {
    let out = zonemap(&["check", fixture("valid.geojson").to_str().expect("utf-8 path")]);
    assert!(out.status.success(), "{out:?}");
    assert!(String::from_utf8_lossy(&out.stdout).contains("ok, 3 zones in 2 batches"));
}

#[test]
fn check_accepts_the_bundled_data() {
    let data = concat!(env!("CARGO_MANIFEST_DIR"), "/data/zones.geojson");
    let out = zonemap(&["check", data]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn check_prints_every_problem_with_file_line_col_and_fails() {
    let path = fixture("many_problems.geojson");
    let path = path.to_str().expect("utf-8 path");
    let out = zonemap(&["check", path]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    let lines: Vec<&str> = stderr.lines().filter(|l| l.starts_with(&format!("{path}:")) && !l.ends_with("problem(s)")).collect();
    assert!(lines.len() >= 4, "{stderr}");
    for line in &lines {
        let rest = &line[path.len() + 1..];
        let mut parts = rest.splitn(3, ':');
        let (l, c) = (parts.next().expect("line"), parts.next().expect("col"));
        assert!(l.parse::<usize>().is_ok() && c.parse::<usize>().is_ok(), "{line}");
    }
    assert!(stderr.contains("feature #1 (alpha): duplicate id"), "{stderr}");
}

#[test]
fn check_reports_a_missing_file() {
    let out = zonemap(&["check", "/nonexistent/zones.geojson"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("/nonexistent/zones.geojson:1:1: cannot read"));
}

#[test]
fn serve_refuses_a_bad_file_with_the_same_report() {
    let path = fixture("duplicate_id.geojson");
    let out = zonemap(&["serve", "--addr", "127.0.0.1:0", "--data", path.to_str().expect("utf-8 path")]);
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains(":84:13: feature #1 (alpha): duplicate id"), "{stderr}");
}

#[test]
fn serve_runs_from_any_folder_with_assets_built_in() {
    let data = concat!(env!("CARGO_MANIFEST_DIR"), "/data/zones.geojson");
    let (mut child, addr) = spawn_server(data.as_ref(), &std::env::temp_dir());
    let leaflet = http_get(&addr, "/static/vendor/leaflet/leaflet.js");
    let health = http_get(&addr, "/healthz");
    let long = http_get(&addr, &format!("/?q={}", "x".repeat(3000)));
    child.kill().expect("stopped");
    let _ = child.wait();
    assert!(leaflet.starts_with("HTTP/1.1 200"), "{}", &leaflet[..leaflet.len().min(200)]);
    assert!(leaflet.contains("Leaflet"), "the real Leaflet is served");
    assert!(health.starts_with("HTTP/1.1 200") && health.ends_with("ok"), "{health}");
    assert!(long.starts_with("HTTP/1.1 414"), "{}", &long[..long.len().min(200)]);
}

#[test]
fn head_requests_get_the_headers_of_every_page_and_no_body() {
    let data = concat!(env!("CARGO_MANIFEST_DIR"), "/data/zones.geojson");
    let (mut child, addr) = spawn_server(data.as_ref(), &std::env::temp_dir());
    let paths = ["/", "/embed", "/zones/xian", "/zones/xian/panel", "/map.svg", "/preview.png", "/api/zones.geojson", "/api/zones.csv", "/healthz"];
    let answers: Vec<(String, String)> = paths.iter().map(|p| (p.to_string(), http_request(&addr, "HEAD", p))).collect();
    let missing = http_request(&addr, "HEAD", "/zones/nowhere");
    child.kill().expect("stopped");
    let _ = child.wait();
    for (path, response) in answers {
        let (head, body) = response.split_once("\r\n\r\n").expect("headers end");
        assert!(head.starts_with("HTTP/1.1 200"), "{path}: {head}");
        assert!(head.to_ascii_lowercase().contains("content-length: "), "{path}: {head}");
        assert_eq!(body, "", "{path}: a HEAD response has no body");
    }
    assert!(missing.starts_with("HTTP/1.1 404"), "{missing}");
}
