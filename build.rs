//! Embeds the static assets in the binary: our own `static/`, the `dist/` of Leaflet and of
//! Leaflet.markercluster and topojson-client's minified build, from the pinned npm packages (installed with `npm ci` from
//! package-lock.json when missing). Writes
//! `$OUT_DIR/assets.rs` with each file's bytes and its fingerprinted name (the content hash in the
//! name, computed here once; the server tags each body with its own ETag at run time), and the
//! first load's assets compressed as hard as the formats go (`PRECOMPRESSED`).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::{env, fs};

fn main() {
    let root = PathBuf::from(env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let leaflet = root.join("node_modules/leaflet");
    let cluster = root.join("node_modules/leaflet.markercluster");
    let topojson = root.join("node_modules/topojson-client");
    if !leaflet.join("dist/leaflet.js").exists() || !cluster.join("dist/leaflet.markercluster.js").exists() || !topojson.join("dist/topojson-client.min.js").exists() {
        npm_ci(&root);
    }
    let mut files = Vec::new();
    collect(&root.join("static"), "", &mut files);
    collect(&leaflet.join("dist"), "vendor/leaflet/", &mut files);
    files.push(("vendor/leaflet/LICENSE".to_owned(), leaflet.join("LICENSE")));
    collect(&cluster.join("dist"), "vendor/markercluster/", &mut files);
    files.push(("vendor/markercluster/MIT-LICENCE.txt".to_owned(), cluster.join("MIT-LICENCE.txt")));
    // Only its minified build, which the bundles take: it reads the basemap's TopoJSON.
    files.push(("vendor/topojson/topojson-client.min.js".to_owned(), topojson.join("dist/topojson-client.min.js")));
    files.push(("vendor/topojson/LICENSE".to_owned(), topojson.join("LICENSE")));
    let out_dir = PathBuf::from(env::var("OUT_DIR").expect("cargo sets OUT_DIR"));
    for (name, parts) in BUNDLES {
        let bundle = bundle(&files, parts, &out_dir.join(name.replace('/', "-")));
        files.push(((*name).to_owned(), bundle));
    }
    files.sort();

    let mut out = String::from("/// Every embedded asset, sorted by path.\npub static ASSETS: &[Asset] = &[\n");
    for (url_path, file) in &files {
        let bytes = fs::read(file).unwrap_or_else(|e| panic!("cannot read {}: {e}", file.display()));
        let hash = format!("{:016x}", fnv1a(&bytes));
        let fingerprinted = fingerprint(url_path, &hash);
        let packed = if PRECOMPRESSED.contains(&url_path.as_str()) {
            let stem = format!("packed-{}", url_path.replace('/', "-"));
            let (gz, br) = (out_dir.join(format!("{stem}.gz")), out_dir.join(format!("{stem}.br")));
            fs::write(&gz, gzip_best(&bytes)).expect("OUT_DIR is writable");
            fs::write(&br, brotli_best(&bytes)).expect("OUT_DIR is writable");
            format!("Some((include_bytes!({:?}), include_bytes!({:?})))", gz.display().to_string(), br.display().to_string())
        } else {
            "None".to_owned()
        };
        writeln!(
            out,
            "    Asset {{ path: {url_path:?}, fingerprinted: {fingerprinted:?}, bytes: include_bytes!({:?}), packed: {packed} }},",
            file.display().to_string()
        )
        .expect("writing to a String cannot fail");
    }
    out.push_str("];\n");
    let dest = out_dir.join("assets.rs");
    fs::write(&dest, out).expect("OUT_DIR is writable");
    println!("cargo:rerun-if-changed=static");
    println!("cargo:rerun-if-changed=package-lock.json");
    println!("cargo:rerun-if-changed=node_modules/leaflet/dist");
    println!("cargo:rerun-if-changed=node_modules/leaflet.markercluster/dist");
    println!("cargo:rerun-if-changed=node_modules/topojson-client/dist");
}

/// One stylesheet and one script per kind of page, so that a page loads its code in two
/// requests, not six: each bundle is its parts, in order, as they are served one by one (which
/// they still are). Pages without a map load `app.css` and `bundle/page.js` (`app.js`) alone.
const BUNDLES: &[(&str, &[&str])] = &[
    ("bundle/map.css", &["vendor/leaflet/leaflet.css", "app.css"]),
    // The map page and a zone's page: the map and its names.
    ("bundle/map.js", &["vendor/leaflet/leaflet.js", "vendor/topojson/topojson-client.min.js", "labels.js", "app.js"]),
    // The pages without a map: the script alone (it sets the page up for JavaScript and opens
    // the embed dialog), without its comments as in every bundle.
    ("bundle/page.js", &["app.js"]),
    // Their embed dialog and its preview's sizing, loaded the first time the dialog opens.
    ("bundle/dialog.js", &["dialog.js", "embed.js"]),
    // The embed: the map and the script that reports its height to the host page.
    ("bundle/embed.js", &["vendor/leaflet/leaflet.js", "vendor/topojson/topojson-client.min.js", "labels.js", "app.js", "frame.js"]),
];

/// The assets of every page's first load (tests/browser/weight.test.mjs holds them to 120 KiB):
/// compressed here, once per build, with brotli's best (quality 11, which needs far more time
/// and memory than the server spends on a body at run time) and gzip's. The rest are
/// compressed by the server, as its pages are.
const PRECOMPRESSED: &[&str] = &["bundle/map.css", "bundle/map.js", "bundle/embed.js", "bundle/dialog.js", "bundle/page.js", "app.css", "app.js", "basemap/basemap.topo.json", "favicon.svg"];

fn gzip_best(bytes: &[u8]) -> Vec<u8> {
    use std::io::Write as _;
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(bytes).expect("writing to a Vec cannot fail");
    encoder.finish().expect("writing to a Vec cannot fail")
}

fn brotli_best(bytes: &[u8]) -> Vec<u8> {
    use std::io::Write as _;
    let mut out = Vec::new();
    {
        let mut writer = brotli::CompressorWriter::new(&mut out, 4096, 11, 22);
        writer.write_all(bytes).expect("writing to a Vec cannot fail");
    }
    out
}

/// Writes the parts of a bundle, one after the other, to `dest`. A source-map comment is
/// dropped (the maps are not served), a script part ends with a line break and `;` so that
/// the next cannot run on, and Leaflet's stylesheet, which names its images relative to
/// itself, has them named relative to the bundle's folder instead.
fn bundle(files: &[(String, PathBuf)], parts: &[&str], dest: &Path) -> PathBuf {
    let mut text = String::new();
    for part in parts {
        let (_, file) = files.iter().find(|(p, _)| p == part).unwrap_or_else(|| panic!("bundle part {part} is not an asset"));
        let body = fs::read_to_string(file).unwrap_or_else(|e| panic!("cannot read {}: {e}", file.display()));
        let body: String = body.lines().filter(|l| !l.starts_with("//# sourceMappingURL=") && !l.starts_with("/*# sourceMappingURL=")).collect::<Vec<_>>().join("\n");
        let body = if *part == "vendor/leaflet/leaflet.css" { body.replace("url(images/", "url(../vendor/leaflet/images/") } else { body };
        let body = if part.ends_with(".js") && !part.starts_with("vendor/") { without_line_comments(&body) } else { body };
        let _ = writeln!(text, "/* {part} */");
        text.push_str(&body);
        text.push_str(if part.ends_with(".js") { "\n;\n" } else { "\n" });
    }
    fs::write(dest, text).expect("OUT_DIR is writable");
    dest.to_owned()
}

/// Our own script in a bundle without its whole-line `//` comments and its indentation: a
/// quarter of its bytes, and every map page's first load (the sources in `static/` keep them,
/// and are what `/static/app.js` serves). Safe for these files alone, which have no string or
/// template literal running over a line break; the vendors' builds are taken as they come.
fn without_line_comments(script: &str) -> String {
    script.lines().map(str::trim_start).filter(|l| !l.is_empty() && !l.starts_with("//")).collect::<Vec<_>>().join("\n")
}

fn npm_ci(root: &Path) {
    // Only what the binary embeds: the test tools (a browser driver, link-preview clients) are
    // scripts/test's to install.
    let status = Command::new("npm").args(["ci", "--omit=dev", "--no-audit", "--no-fund"]).current_dir(root).status();
    match status {
        Ok(s) if s.success() => {}
        Ok(s) => panic!("`npm ci` failed ({s}); Leaflet comes from the npm registry, pinned in package-lock.json"),
        Err(e) => panic!(
            "zonemap needs npm to fetch Leaflet (pinned in package-lock.json), but running `npm ci` failed: {e}. \
             Install Node.js and npm (Debian: apt-get install nodejs npm), then build again."
        ),
    }
}

/// Lists regular files below `dir` as (url path, file path), skipping source maps and Leaflet's
/// ES-module builds, which no page loads. READMEs are served: `basemap/README.md` says where the
/// basemap comes from, beside it.
fn collect(dir: &Path, prefix: &str, out: &mut Vec<(String, PathBuf)>) {
    let entries = fs::read_dir(dir).unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()));
    for entry in entries {
        let path = entry.expect("directory entry").path();
        let name = path.file_name().expect("entries have names").to_string_lossy().into_owned();
        if path.is_dir() {
            collect(&path, &format!("{prefix}{name}/"), out);
        } else if !name.ends_with(".map") && !name.ends_with(".esm.js") {
            out.push((format!("{prefix}{name}"), path));
        }
    }
}

/// `app.js` → `app.0123abcd.js`: a name that changes whenever the bytes do, so it can be cached
/// for ever (`Cache-Control: immutable`).
fn fingerprint(path: &str, hash: &str) -> String {
    let (dir, name) = path.rsplit_once('/').map_or(("", path), |(d, n)| (d, n));
    let (stem, ext) = name.split_once('.').unwrap_or((name, ""));
    let renamed = if ext.is_empty() { format!("{stem}.{}", &hash[..8]) } else { format!("{stem}.{}.{ext}", &hash[..8]) };
    if dir.is_empty() { renamed } else { format!("{dir}/{renamed}") }
}

/// FNV-1a, 64 bits: a stable content hash for fingerprints without a build dependency.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3))
}
