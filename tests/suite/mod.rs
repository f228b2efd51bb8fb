//! Test modules by area, and the helpers they share.

/// The one catalog: export and server agree byte for byte (issue #13).
mod catalog;
/// `zonemap check` and `serve` run as the real binary: exit codes and `FILE:LINE:COL` reports.
mod cli;
/// Counts on every surface say what is not yet identified; the batch pages (issue #9).
mod counts;
/// The data rules: each fixture triggers its problem, at the right place.
mod data_rules;
/// Hostile text in the data does nothing in any context it lands in.
mod escaping;
/// Property tests: the loader and the query parsers never panic (issue #5).
mod fuzz;
/// Every route and every error through the real router.
mod http;
/// oEmbed, Open Graph, previews and the SVG map (issue #4).
mod newsroom;
/// The bundled data file: complete batches, sources, coordinates.
mod place_and_time;
mod real_data;
/// Forged headers, control characters, CSV formulas, headers on every response (issue #14).
mod security;
/// The data file rewritten, good and broken, under load: no request fails (issue #5).
mod reload;

use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use zonemap::data::{self, ZoneIndex};
use zonemap::site::Site;
use zonemap::web::AppState;

/// Path of a fixture in tests/fixtures.
pub fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name)
}

/// The app state for a valid fixture.
pub fn state(name: &str) -> AppState {
    state_with_site(name, Site::default())
}

/// The app state for a valid fixture, with site settings.
pub fn state_with_site(name: &str, site: Site) -> AppState {
    let dataset = data::load_file(&fixture(name)).unwrap_or_else(|e| panic!("{name} should be valid:\n{e}"));
    AppState::new(ZoneIndex::from(dataset), site)
}

/// Starts the real binary on a free port in `cwd`; returns it and its `host:port`.
pub fn spawn_server(data: &Path, cwd: &Path) -> (Child, String) {
    spawn(data, cwd, Stdio::null())
}

/// The same, with the server's log lines (stderr) arriving on the receiver as it writes them.
pub fn spawn_server_logging(data: &Path, cwd: &Path) -> (Child, String, std::sync::mpsc::Receiver<String>) {
    let (mut child, addr) = spawn(data, cwd, Stdio::piped());
    let (tx, rx) = std::sync::mpsc::channel();
    let stderr = child.stderr.take().expect("stderr piped");
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    (child, addr, rx)
}

fn spawn(data: &Path, cwd: &Path, stderr: Stdio) -> (Child, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_zonemap"))
        .args(["serve", "--addr", "127.0.0.1:0", "--data"])
        .arg(data)
        .current_dir(cwd)
        .stdout(Stdio::piped())
        .stderr(stderr)
        .spawn()
        .expect("the binary starts");
    let mut line = String::new();
    BufReader::new(child.stdout.take().expect("stdout piped")).read_line(&mut line).expect("a line");
    let addr = line.trim().strip_prefix("listening on http://").unwrap_or_else(|| panic!("unexpected {line:?}")).to_owned();
    (child, addr)
}

/// A minimal HTTP/1.1 GET over a raw socket (no client crate needed); the whole response.
pub fn http_get(addr: &str, path: &str) -> String {
    http_request(addr, "GET", path)
}

/// The same with any method.
pub fn http_request(addr: &str, method: &str, path: &str) -> String {
    let mut stream = std::net::TcpStream::connect(addr).expect("server accepts");
    write!(stream, "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n").expect("request sent");
    let mut response = String::new();
    stream.read_to_string(&mut response).expect("response read");
    response
}
