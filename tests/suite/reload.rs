use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use super::{http_get, spawn_server_logging};

/// Splits a raw response into status line and body.
fn split(response: &str) -> (&str, &str) {
    let status = response.lines().next().unwrap_or_default();
    let body = response.split_once("\r\n\r\n").map_or("", |(_, b)| b);
    (status, body)
}

fn feature_count(body: &str) -> Option<usize> {
    let fc: geojson::FeatureCollection = body.parse().ok()?;
    Some(fc.features.len())
}

#[test]
fn rewriting_the_data_under_load_loses_no_request() {
    let real = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/data/zones.geojson")).expect("bundled data");
    let mut smaller: serde_json::Value = serde_json::from_str(&real).expect("json");
    smaller["features"].as_array_mut().expect("features").pop();
    let smaller_json = smaller.clone();
    let smaller = serde_json::to_string_pretty(&smaller).expect("json");
    // The last edit differs from every earlier one, so that seeing it served cannot be an
    // earlier version that happens to look the same.
    let mut last = smaller_json;
    last["features"].as_array_mut().expect("features").pop();
    let last = serde_json::to_string_pretty(&last).expect("json");
    let full = feature_count(&real).expect("real data parses");
    let broken = [&real[..real.len() / 2], "{", &real.replacen("\"id\": \"xian\"", "\"id\": \"beijing\"", 1)];

    let dir = std::env::temp_dir().join(format!("zonemap-reload-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let file = dir.join("zones.geojson");
    std::fs::write(&file, &real).expect("write");
    let (mut server, addr, log) = spawn_server_logging(&file, &dir);

    let stop = Arc::new(AtomicBool::new(false));
    let served = Arc::new(AtomicUsize::new(0));
    let clients: Vec<_> = (0..4)
        .map(|_| {
            let (stop, served, addr) = (Arc::clone(&stop), Arc::clone(&served), addr.clone());
            std::thread::spawn(move || {
                let mut i = 0usize;
                while !stop.load(Ordering::Relaxed) {
                    // Mostly CSV (cheap to check completely), every eighth the GeoJSON, parsed in full; former
                    // zones included, so the count is the file's.
                    let geojson = i.is_multiple_of(8);
                    i += 1;
                    let response = http_get(&addr, if geojson { "/api/zones.geojson?former=1" } else { "/api/zones.csv?former=1" });
                    let (status, body) = split(&response);
                    assert_eq!(status, "HTTP/1.1 200 OK", "{}", &response[..response.len().min(300)]);
                    let n = if geojson {
                        feature_count(body).unwrap_or_else(|| panic!("incomplete or invalid body of {} bytes", body.len()))
                    } else {
                        assert!(body.starts_with("\"slug\",\"name\",") && body.ends_with("\r\n"), "incomplete CSV");
                        body.matches("\r\n").count() - 1
                    };
                    assert!(n == full || n == full - 1 || n == full - 2, "{n} zones");
                    served.fetch_add(1, Ordering::Relaxed);
                }
            })
        })
        .collect();

    // At least 60 rewrites, and on until the clients have made thousands of requests (bounded:
    // a slow machine gets a minute). Each rewrite waits out the watcher's quiet period (150 ms),
    // so that each is read, validated and swapped in or refused while requests are in flight.
    let rewriting = Instant::now();
    let mut rounds = 0;
    for round in 0.. {
        if (round >= 60 && served.load(Ordering::Relaxed) >= 1000) || rewriting.elapsed() > Duration::from_secs(60) {
            break;
        }
        rounds += 1;
        let text = match round % 3 {
            0 => smaller.as_str(),
            1 => broken[round % broken.len()],
            _ => real.as_str(),
        };
        std::fs::write(&file, text).expect("rewrite");
        std::thread::sleep(Duration::from_millis(250));
    }
    // What the server did meanwhile, by its own log: reloads and refusals under load.
    let (mut reloaded, mut refused) = (0, 0);
    while let Ok(line) = log.try_recv() {
        reloaded += usize::from(line.contains("data reloaded"));
        refused += usize::from(line.contains("data file refused"));
    }
    // The last good edit shows. (How fast is measured, not asserted: this debug build shares two
    // cores with the other tests. In a release build it takes about 0.3 s.)
    std::fs::write(&file, &last).expect("rewrite");
    let edited = Instant::now();
    let mut seen = None;
    while edited.elapsed() < Duration::from_secs(15) {
        seen = feature_count(split(&http_get(&addr, "/api/zones.geojson?former=1")).1);
        if seen == Some(full - 2) {
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let took = edited.elapsed();
    std::fs::write(&file, broken[1]).expect("a broken edit");
    std::thread::sleep(Duration::from_millis(1500));
    let after_broken = feature_count(split(&http_get(&addr, "/api/zones.geojson?former=1")).1);

    stop.store(true, Ordering::Relaxed);
    let panicked = clients.into_iter().map(|c| c.join()).filter(Result::is_err).count();
    server.kill().expect("stopped");
    let _ = server.wait();
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(panicked, 0, "a client saw a failed or incomplete response");
    eprintln!("{reloaded} reloads and {refused} refusals while the clients ran");
    eprintln!("{} requests served during {rounds} rewrites", served.load(Ordering::Relaxed));
    assert!(reloaded >= 20 && refused >= 10, "{reloaded} reloads and {refused} refusals in {rounds} rewrites: the swaps did not happen under load");
    eprintln!("the last good edit was served after {took:?}");
    assert_eq!(seen, Some(full - 2), "the edit was not served within 15 s");
    assert_eq!(after_broken, Some(full - 2), "a broken edit changed what is served");
    // The loop aims at a thousand; a machine busy with other work gets fewer in its minute.
    assert!(served.load(Ordering::Relaxed) >= 300, "only {} requests", served.load(Ordering::Relaxed));
}

/// Deleting the data file is noticed at once (logged as refused, the last good data still served),
/// and a file put back is picked up without SIGHUP.
#[test]
fn a_deleted_data_file_is_noticed_and_its_return_picked_up() {
    let dir = std::env::temp_dir().join(format!("zonemap-delete-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    let file = dir.join("zones.geojson");
    let valid = std::fs::read_to_string(super::fixture("valid.geojson")).expect("fixture");
    std::fs::write(&file, &valid).expect("written");
    let (mut child, addr, log) = super::spawn_server_logging(&file, &dir);
    let waits_for = |words: &str| {
        let until = Instant::now() + Duration::from_secs(10);
        while let Ok(l) = log.recv_timeout(until.saturating_duration_since(Instant::now())) {
            if l.contains(words) {
                return true;
            }
        }
        false
    };
    std::thread::sleep(Duration::from_millis(300));
    std::fs::remove_file(&file).expect("deleted");
    let noticed = waits_for("data file refused");
    let still = feature_count(split(&http_get(&addr, "/api/zones.geojson?former=1")).1);
    let smaller = valid.replacen("\"id\": \"gamma\"", "\"id\": \"gamma2\"", 1);
    std::fs::write(&file, &smaller).expect("put back");
    let picked_up = waits_for("data reloaded");
    let after = http_get(&addr, "/api/zones/gamma2.geojson");
    child.kill().expect("stopped");
    let _ = child.wait();
    let _ = std::fs::remove_dir_all(&dir);
    assert!(noticed, "the deletion was not logged within 10 s");
    assert_eq!(still, Some(3), "the last good data is still served");
    assert!(picked_up && after.starts_with("HTTP/1.1 200"), "the file put back was not served: {after}");
}

#[test]
fn every_request_gets_one_log_line_with_its_status() {
    let dir = std::env::temp_dir().join(format!("zonemap-access-log-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let (mut server, addr, log) = spawn_server_logging(&super::fixture("valid.geojson"), &dir);
    assert!(http_get(&addr, "/api/zones.geojson?batch=1").starts_with("HTTP/1.1 200"));
    assert!(http_get(&addr, "/zones/nowhere").starts_with("HTTP/1.1 404"));
    let until = std::time::Instant::now() + std::time::Duration::from_secs(10);
    let mut lines = Vec::new();
    while lines.len() < 2 && std::time::Instant::now() < until {
        if let Ok(line) = log.recv_timeout(std::time::Duration::from_millis(200))
            && line.contains("zonemap::access")
        {
            lines.push(line);
        }
    }
    let _ = server.kill();
    let _ = server.wait();
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(lines.len(), 2, "{lines:?}");
    assert!(lines[0].contains("method=GET") && lines[0].contains("uri=/api/zones.geojson?batch=1") && lines[0].contains("status=200"), "{}", lines[0]);
    assert!(lines[0].contains("bytes=") && lines[0].contains("micros="), "{}", lines[0]);
    assert!(lines[1].contains("uri=/zones/nowhere") && lines[1].contains("status=404"), "{}", lines[1]);
}
