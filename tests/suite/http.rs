use actix_web::dev::Service;
use actix_web::http::StatusCode;
use actix_web::test;
use scraper::{Html, Selector};

use zonemap::web::AppState;

use super::{state, state_with_site};

/// Sends GET `uri` through the real router and returns status, content type and body.
async fn get(app_state: AppState, uri: &str) -> (StatusCode, String, String) {
    let app = test::init_service(
        zonemap::web::app(app_state.clone()),
    )
    .await;
    let resp = app.call(test::TestRequest::get().uri(uri).to_request()).await.expect("service answers");
    let status = resp.status();
    let ctype = resp.headers().get("content-type").map(|v| v.to_str().expect("ascii").to_owned()).unwrap_or_default();
    let body = String::from_utf8_lossy(&test::read_body(resp).await).into_owned();
    (status, ctype, body)
}

fn select(html: &str, css: &str) -> usize {
    Html::parse_document(html).select(&Selector::parse(css).expect("valid selector")).count()
}

#[actix_web::test]
async fn map_page_lists_every_zone_by_batch_without_javascript() {
    let (status, ctype, body) = get(state("valid.geojson"), "/").await;
    assert_eq!(status, 200, "{body}");
    assert!(ctype.starts_with("text/html"));
    assert_eq!(select(&body, "li[data-slug]"), 3);
    assert_eq!(select(&body, "li[data-slug]:not([hidden])"), 2, "former zones hidden by default");
    assert_eq!(select(&body, "section[data-batch-group]"), 2);
    assert_eq!(select(&body, ".legend-row input[type=checkbox][name=batch]"), 2);
    assert_eq!(select(&body, "#map[role=region]"), 1);
    assert_eq!(select(&body, "html[lang=en]"), 1);
}

#[actix_web::test]
async fn map_filters_work_as_a_plain_form() {
    let (_, _, body) = get(state("valid.geojson"), "/?batch=2&former=1").await;
    assert_eq!(select(&body, "li[data-slug]:not([hidden])"), 2);
    assert_eq!(select(&body, "li[data-slug=alpha][hidden]"), 1);
    let (_, _, body) = get(state("valid.geojson"), "/?batch=1&batch=2&q=xi%27an").await;
    assert_eq!(select(&body, "li[data-slug]:not([hidden])"), 1);
    assert_eq!(select(&body, "li[data-slug=beta]:not([hidden])"), 1);
    let (_, _, body) = get(state("valid.geojson"), "/?q=%E7%94%B2").await; // 甲
    assert_eq!(select(&body, "li[data-slug=alpha]:not([hidden])"), 1);
}

#[actix_web::test]
async fn map_with_zone_renders_its_panel_server_side() {
    let (status, _, body) = get(state("valid.geojson"), "/?zone=alpha").await;
    assert_eq!(status, 200);
    assert_eq!(select(&body, "#detail:not([hidden]) [data-zone-detail=alpha]"), 1);
}

#[actix_web::test]
async fn zone_page_shows_the_zone() {
    let (status, _, body) = get(state("valid.geojson"), "/zones/alpha").await;
    assert_eq!(status, 200);
    assert_eq!(select(&body, "[data-zone-detail=alpha]"), 1);
    assert_eq!(select(&body, ".specialties li"), 1);
    assert_eq!(select(&body, ".sources a[href='https://example.org/alpha']"), 1);
    assert_eq!(select(&body, "meta[name=description]"), 1);
    let (_, _, body) = get(state("valid.geojson"), "/zones/alpha?lang=zh").await;
    assert_eq!(select(&body, "html[lang=zh-CN]"), 1);
}

#[actix_web::test]
async fn panel_fragment_is_the_panel_alone() {
    let (status, _, body) = get(state("valid.geojson"), "/zones/beta/panel").await;
    assert_eq!(status, 200);
    assert_eq!(select(&body, "article[data-zone-detail=beta]"), 1);
    assert_eq!(select(&body, ".little-known"), 1);
    assert!(!body.contains("<html"));
}

#[actix_web::test]
async fn embed_takes_the_contract_options() {
    let (status, _, body) = get(state("valid.geojson"), "/embed?batch=2&legend=0&title=0&lang=zh&zone=beta").await;
    assert_eq!(status, 200);
    assert_eq!(select(&body, ".embed-title"), 0);
    assert_eq!(select(&body, ".embed-legend"), 0);
    assert_eq!(select(&body, "html[lang=zh-CN]"), 1);
    assert_eq!(select(&body, "[data-zone-detail=beta]"), 1);
    let (_, _, body) = get(state("valid.geojson"), "/embed").await;
    assert_eq!(select(&body, ".embed-title"), 1);
    assert_eq!(select(&body, ".embed-legend li"), 2);
}

#[actix_web::test]
async fn geojson_api_serves_rfc7946_with_batches() {
    let (status, ctype, body) = get(state("valid.geojson"), "/api/zones.geojson").await;
    assert_eq!(status, 200);
    assert_eq!(ctype, "application/geo+json");
    let fc: geojson::FeatureCollection = body.parse().expect("a FeatureCollection");
    assert_eq!(fc.features.len(), 2, "active zones only by default");
    assert_eq!(fc.foreign_members.as_ref().and_then(|m| m.get("batches")).and_then(|b| b.as_array()).map(Vec::len), Some(2));
    let (_, _, body) = get(state("valid.geojson"), "/api/zones.geojson?former=1").await;
    assert_eq!(body.parse::<geojson::FeatureCollection>().expect("fc").features.len(), 3);
    let (_, _, body) = get(state("valid.geojson"), "/api/zones.geojson?batch=1").await;
    let fc: geojson::FeatureCollection = body.parse().expect("fc");
    assert_eq!(fc.features.len(), 1);
    assert_eq!(fc.features[0].id, Some(geojson::feature::Id::String("alpha".into())));
}

#[actix_web::test]
async fn one_zone_as_a_feature() {
    let (status, ctype, body) = get(state("valid.geojson"), "/api/zones/gamma.geojson").await;
    assert_eq!((status.as_u16(), ctype.as_str()), (200, "application/geo+json"));
    let f: geojson::Feature = body.parse().expect("a Feature");
    assert_eq!(f.property("status").and_then(|s| s.as_str()), Some("replaced"));
}

#[actix_web::test]
async fn csv_has_one_row_per_zone() {
    let (status, ctype, body) = get(state("valid.geojson"), "/api/zones.csv?former=1").await;
    assert_eq!(status, 200);
    assert!(ctype.starts_with("text/csv"));
    let lines: Vec<&str> = body.split("\r\n").filter(|l| !l.is_empty()).collect();
    assert_eq!(lines.len(), 4);
    assert!(lines[0].starts_with("\"slug\",\"name\",\"name_zh\""), "{}", lines[0]);
}

#[actix_web::test]
async fn health_and_static_assets_with_etag() {
    let (status, _, body) = get(state("valid.geojson"), "/healthz").await;
    assert_eq!((status.as_u16(), body.as_str()), (200, "ok"));
    let s = state("valid.geojson");
    let app = test::init_service(zonemap::web::app(s)).await;
    for path in ["/static/app.js", "/static/vendor/leaflet/leaflet.js", "/static/vendor/leaflet/leaflet.css", "/static/basemap/countries.geojson"] {
        let resp = app.call(test::TestRequest::get().uri(path).to_request()).await.expect("answers");
        assert_eq!(resp.status(), 200, "{path}");
        let etag = resp.headers().get("etag").expect("etag").clone();
        let again = test::TestRequest::get().uri(path).insert_header(("if-none-match", etag)).to_request();
        assert_eq!(app.call(again).await.expect("answers").status(), 304, "{path}");
    }
}

#[actix_web::test]
async fn unknown_slug_is_a_404_page() {
    let (status, ctype, body) = get(state("valid.geojson"), "/zones/nowhere").await;
    assert_eq!(status, 404);
    assert!(ctype.starts_with("text/html"));
    assert!(body.contains("There is no zone"));
}

#[actix_web::test]
async fn api_unknown_slug_is_json_404() {
    let (status, ctype, body) = get(state("valid.geojson"), "/api/zones/nowhere.geojson").await;
    assert_eq!(status, 404);
    assert!(ctype.starts_with("application/json"));
    let v: serde_json::Value = serde_json::from_str(&body).expect("json");
    assert_eq!(v["error"]["status"], 404);
}

#[actix_web::test]
async fn malformed_queries_are_400_with_a_message() {
    for (uri, words) in [
        ("/?batch=x", "not a batch number"),
        ("/?batch=9", "there is no batch 9"),
        ("/?lang=fr", "lang"),
        ("/?zone=nowhere", "no zone"),
        ("/embed?legend=2", "legend"),
        ("/embed?title=yes", "title"),
        ("/zones/alpha?lang=xx", "lang"),
    ] {
        let (status, ctype, body) = get(state("valid.geojson"), uri).await;
        assert_eq!(status, 400, "{uri}");
        assert!(ctype.starts_with("text/html"), "{uri}");
        assert!(body.to_lowercase().contains(words), "{uri}: {body}");
    }
    let (status, ctype, body) = get(state("valid.geojson"), "/api/zones.geojson?batch=0").await;
    assert_eq!(status, 400);
    assert!(ctype.starts_with("application/json"), "{body}");
}

#[actix_web::test]
async fn no_input_gives_a_500() {
    let long = "x".repeat(5000);
    let uris = [
        "/zones/", "/zones/%00", "/zones/..%2f..%2fetc%2fpasswd", "/zones/%ff%fe", "/static/../Cargo.toml", "/static/%2e%2e/Cargo.toml",
        "/api/zones/.geojson", "/api/zones/%3Cscript%3E.geojson", "/?batch=%ff", "/?batch=1,,,2,", "/?batch=256", "/?q=%00%01",
        "/?former=%E2%80%AE", "/embed?zone=%3Cscript%3E", "/embed?lang=", "/?zone=", "/api/zones.csv?batch=-1", "/healthz?x=1",
    ];
    for uri in uris.iter().map(|s| s.to_string()).chain([format!("/?q={long}"), format!("/zones/{long}")]) {
        let (status, _, body) = get(state("valid.geojson"), &uri).await;
        assert!(status.as_u16() < 500, "{uri}: {status} {body}");
    }
}

#[actix_web::test]
async fn pages_carry_security_headers() {
    let s = state("valid.geojson");
    let app = test::init_service(zonemap::web::app(s.clone())).await;
    let resp = app.call(test::TestRequest::get().uri("/").to_request()).await.expect("answers");
    let csp = resp.headers().get("content-security-policy").expect("csp").to_str().expect("ascii");
    assert!(csp.contains("default-src 'self'") && !csp.contains("unsafe-inline"), "{csp}");
    assert_eq!(resp.headers().get("x-content-type-options").map(|v| v.as_bytes()), Some(&b"nosniff"[..]));
}

#[actix_web::test]
async fn tiles_flag_reaches_the_page_and_the_csp() {
    let site = zonemap::site::Site::new(None, Some(("https://tiles.example.org/{z}/{x}/{y}.png", "© Example"))).expect("valid");
    let s = state_with_site("valid.geojson", site);
    let app = test::init_service(zonemap::web::app(s.clone())).await;
    let resp = app.call(test::TestRequest::get().uri("/").to_request()).await.expect("answers");
    let csp = resp.headers().get("content-security-policy").expect("csp").to_str().expect("ascii").to_owned();
    assert!(csp.contains("img-src 'self' data: https://tiles.example.org;"), "{csp}");
    let body = String::from_utf8_lossy(&test::read_body(resp).await).into_owned();
    assert_eq!(select(&body, "#map[data-tiles='https://tiles.example.org/{z}/{x}/{y}.png'][data-tiles-attribution]"), 1);
}

#[actix_web::test]
async fn public_url_gives_canonical_links() {
    let site = zonemap::site::Site::new(Some("https://maps.example.org/zonemap/"), None).expect("valid");
    let s = state_with_site("valid.geojson", site);
    let (_, _, body) = get(s.clone(), "/zones/alpha").await;
    assert_eq!(select(&body, "link[rel=canonical][href='https://maps.example.org/zonemap/zones/alpha']"), 1);
    let (_, _, body) = get(s, "/").await;
    assert_eq!(select(&body, "link[rel=canonical][href='https://maps.example.org/zonemap/']"), 1);
}

#[actix_web::test]
async fn pages_link_fingerprinted_assets_that_are_immutable() {
    let s = state("valid.geojson");
    let app = test::init_service(zonemap::web::app(s)).await;
    let resp = app.call(test::TestRequest::get().uri("/").to_request()).await.expect("answers");
    let html = String::from_utf8_lossy(&test::read_body(resp).await).into_owned();
    let doc = Html::parse_document(&html);
    // One script and one stylesheet: the map page's bundles.
    let scripts: Vec<&str> = doc.select(&Selector::parse("script[src]").expect("selector")).filter_map(|e| e.value().attr("src")).collect();
    let styles = doc.select(&Selector::parse("link[rel=stylesheet]").expect("selector")).count();
    assert_eq!((scripts.len(), styles), (1, 1), "{scripts:?}");
    let src = scripts[0].to_owned();
    assert!(src.starts_with("/static/bundle/map.") && src.ends_with(".js") && src != "/static/bundle/map.js", "{src}");
    let resp = app.call(test::TestRequest::get().uri(&src).insert_header(("accept-encoding", "br, gzip")).to_request()).await.expect("answers");
    assert_eq!(resp.status(), 200);
    assert_eq!(resp.headers().get("cache-control").map(|v| v.to_str().expect("ascii")), Some("public, max-age=31536000, immutable"));
    assert_eq!(resp.headers().get("content-encoding").map(|v| v.as_bytes()), Some(&b"br"[..]));
}

#[actix_web::test]
async fn pages_and_api_are_precompressed_with_etags() {
    let s = state("valid.geojson");
    let app = test::init_service(zonemap::web::app(s)).await;
    for uri in ["/", "/api/zones.geojson", "/zones/alpha", "/embed"] {
        let resp = app.call(test::TestRequest::get().uri(uri).insert_header(("accept-encoding", "gzip")).to_request()).await.expect("answers");
        assert_eq!(resp.status(), 200, "{uri}");
        assert_eq!(resp.headers().get("content-encoding").map(|v| v.as_bytes()), Some(&b"gzip"[..]), "{uri}");
        assert_eq!(resp.headers().get("vary").map(|v| v.as_bytes()), Some(&b"Accept-Encoding"[..]), "{uri}");
        let etag = resp.headers().get("etag").expect("etag").clone();
        let again = test::TestRequest::get().uri(uri).insert_header(("accept-encoding", "gzip")).insert_header(("if-none-match", etag)).to_request();
        assert_eq!(app.call(again).await.expect("answers").status(), 304, "{uri}");
    }
}

/// A state of `n` generated zones, all copies of the fixture's first one.
fn many_zones(n: usize) -> AppState {
    let text = std::fs::read_to_string(super::fixture("valid.geojson")).expect("fixture");
    let mut doc: serde_json::Value = serde_json::from_str(&text).expect("json");
    let template = doc["features"][0].clone();
    doc["features"] = (0..n)
        .map(|i| {
            let mut f = template.clone();
            f["id"] = format!("z{i:05}").into();
            f["properties"]["name"] = format!("Zone {i:05}").into();
            f
        })
        .collect();
    let dataset = zonemap::data::parse("many", &doc.to_string()).expect("valid");
    AppState::new(zonemap::data::ZoneIndex::from(dataset), zonemap::site::Site::default())
}

#[actix_web::test]
async fn the_server_rendered_list_pages_past_500_zones() {
    let s = many_zones(600);
    let (_, _, body) = get(s.clone(), "/").await;
    assert_eq!(select(&body, "li[data-slug]"), 500);
    assert_eq!(select(&body, ".pager a[href='/?page=2']"), 1);
    assert_eq!(select(&body, ".pager [aria-current=page]"), 1);
    let (status, _, body) = get(s.clone(), "/?page=2").await;
    assert_eq!(status, 200);
    assert_eq!(select(&body, "li[data-slug]"), 100);
    assert_eq!(select(&body, "li[data-slug=z00599]"), 1);
    let (status, _, _) = get(s, "/?page=3").await;
    assert_eq!(status, 400);
    let (_, _, body) = get(state("valid.geojson"), "/").await;
    assert_eq!(select(&body, ".pager"), 0, "the real data fits on one page");
}

#[actix_web::test]
async fn the_app_the_tests_drive_has_the_request_limits() {
    let (status, _, _) = get(state("valid.geojson"), &format!("/?q={}", "x".repeat(3000))).await;
    assert_eq!(status, 414, "the same app as serve, limits included");
}

/// The server's half of the search table the browser script is held to as well
/// (tests/browser/search.test.mjs).
#[actix_web::test]
async fn search_finds_what_the_shared_table_says() {
    let table: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(super::fixture("search_cases.json")).expect("table")).expect("json");
    let cases = table["cases"].as_array().expect("cases");
    assert!(cases.len() >= 10);
    for case in cases {
        let q = case["q"].as_str().expect("q");
        let mut want: Vec<&str> = case["finds"].as_array().expect("finds").iter().filter_map(|v| v.as_str()).collect();
        want.sort();
        let uri = format!("/?{}", form_urlencoded::Serializer::new(String::new()).append_pair("q", q).finish());
        let (status, _, body) = get(state("valid.geojson"), &uri).await;
        assert_eq!(status, 200, "{q:?}");
        let doc = Html::parse_document(&body);
        let mut found: Vec<String> = doc
            .select(&Selector::parse("li[data-slug]:not([hidden])").expect("css"))
            .filter_map(|e| e.value().attr("data-slug").map(str::to_owned))
            .collect();
        found.sort();
        assert_eq!(found, want, "{q:?}");
    }
}

// Moved from the browser suite (issue #13): they only read the server's HTML, which the router
// gives without a browser.

fn bundled() -> AppState {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data/zones.geojson");
    AppState::new(zonemap::data::ZoneIndex::from(zonemap::data::load_file(&path).expect("bundled data")), zonemap::site::Site::default())
}

#[actix_web::test]
async fn the_legend_shows_each_batch_with_its_colour_and_count() {
    let s = bundled();
    let snap = s.snapshot();
    let (_, _, body) = get(s.clone(), "/").await;
    let doc = Html::parse_document(&body);
    let rows: Vec<_> = doc.select(&Selector::parse(".legend-row").expect("css")).collect();
    assert_eq!(rows.len(), snap.zones.batches().len());
    for (row, batch) in rows.iter().zip(snap.zones.batches()) {
        let one = |css: &str| row.select(&Selector::parse(css).expect("css")).next().expect(css);
        assert_eq!(one("input").value().attr("value"), Some(batch.batch.to_string().as_str()));
        assert_eq!(one("circle").value().attr("fill"), Some(batch.colour.as_str()));
        let count: String = one(".legend-count").text().collect();
        let active = snap.zones.active_in(batch.batch).count();
        assert!(count.starts_with(&format!("{active} ")), "batch {}: {count}", batch.batch);
    }
}

#[actix_web::test]
async fn without_javascript_the_list_and_zone_pages_carry_everything() {
    let s = bundled();
    let snap = s.snapshot();
    let (_, _, body) = get(s.clone(), "/").await;
    let active: usize = snap.zones.zones().iter().filter(|z| !z.is_former()).count();
    assert_eq!(select(&body, "li[data-slug]:not([hidden])"), active);
    let (_, _, body) = get(s.clone(), "/zones/zhuhai").await;
    assert!(body.contains("Hong Kong–Zhuhai–Macao Bridge"));
    let (_, _, body) = get(s.clone(), "/?batch=1").await;
    assert_eq!(select(&body, "li[data-slug]:not([hidden])"), 1);
    assert_eq!(select(&body, "li[data-slug=hangzhou]:not([hidden])"), 1);
    for (uri, want) in [("/zones/atlantis", 404), ("/?batch=99", 400)] {
        assert_eq!(get(s.clone(), uri).await.0.as_u16(), want, "{uri}");
    }
}

#[actix_web::test]
async fn a_zone_page_is_wholly_chinese_with_lang_zh() {
    let (_, _, body) = get(bundled(), "/zones/guangzhou?lang=zh").await;
    assert_eq!(select(&body, "html[lang=zh-CN]"), 1);
    assert!(body.contains("<title>中国（广州市）跨境电子商务综合试验区"), "the title is Chinese");
    let doc = Html::parse_document(&body);
    let main: String = doc.select(&Selector::parse("main").expect("css")).flat_map(|m| m.text()).collect();
    for word in ["物流通道", "数据", "来源", "第2批", "南沙货站"] {
        assert!(main.contains(word), "{word}");
    }
}
