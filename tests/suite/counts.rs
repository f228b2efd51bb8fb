//! Counts that tell the truth (issue #9): wherever a count is shown, a batch whose reply names
//! zones the data does not yet identify says so, in both languages. `roster.geojson` has batch 1
//! complete (two zones, one since replaced) and batch 2 naming three zones of which one is
//! identified; batch 2 revokes batch 1's Gamma.

use actix_web::dev::Service;
use actix_web::http::StatusCode;
use actix_web::test as actix_test;
use scraper::{Html, Selector};

use zonemap::data::{self, ZoneFilter, ZoneIndex};
use zonemap::site::Site;
use zonemap::web::AppState;

use super::{fixture, state, state_with_site};

async fn get(s: AppState, uri: &str) -> (StatusCode, String) {
    let app = actix_test::init_service(zonemap::web::app(s)).await;
    let resp = app.call(actix_test::TestRequest::get().uri(uri).to_request()).await.expect("answers");
    (resp.status(), String::from_utf8_lossy(&actix_test::read_body(resp).await).into_owned())
}

fn texts(html: &str, css: &str) -> Vec<String> {
    let doc = Html::parse_document(html);
    let sel = Selector::parse(css).expect("valid selector");
    doc.select(&sel).map(|e| e.text().collect::<String>().split_whitespace().collect::<Vec<_>>().join(" ")).collect()
}

fn roster() -> AppState {
    state("roster.geojson")
}

#[test]
fn tallies_add_designated_identified_and_revoked() {
    let idx = ZoneIndex::from(data::load_file(&fixture("roster.geojson")).expect("valid"));
    let all = idx.tally(&ZoneFilter::default());
    // Batch 1: two designated, one replaced since; batch 2: three designated, one identified.
    assert_eq!((all.designated_active, all.active, all.unidentified()), (4, 2, 2));
    assert_eq!(all.open.iter().map(|(b, n)| (b.get(), *n)).collect::<Vec<_>>(), [(2, 2)]);
    let first = idx.tally(&ZoneFilter { batches: [idx.batches()[0].batch].into(), ..ZoneFilter::default() });
    assert_eq!((first.designated_active, first.active, first.open.len()), (1, 1, 0));
    assert_eq!(idx.revoked_by(idx.batches()[1].batch).map(|z| z.slug.as_str()).collect::<Vec<_>>(), ["gamma"]);
}

#[actix_web::test]
async fn the_map_header_counts_against_every_designated_zone() {
    let (_, body) = get(roster(), "/").await;
    assert_eq!(texts(&body, ".lede"), ["2 of 4 designated zones shown; 2 in batch 2 not yet identified. Designated by the State Council in 2 batches since 2015."]);
    let (_, body) = get(roster(), "/?lang=zh").await;
    assert_eq!(texts(&body, ".lede"), ["显示 2 个（共设立 4 个，其中第2批 2 个尚未确认）。国务院自 2015 年起分 2 批设立。"]);
    // A complete file says nothing of unidentified zones.
    let (_, body) = get(state("valid.geojson"), "/").await;
    assert!(texts(&body, ".lede")[0].starts_with("2 of 2 designated zones shown. Designated"), "{:?}", texts(&body, ".lede"));
}

#[actix_web::test]
async fn the_legend_says_how_many_are_identified_and_links_to_the_batch() {
    let (_, body) = get(roster(), "/").await;
    assert_eq!(texts(&body, ".legend-count"), ["1 zone", "1 of 3 identified"]);
    let doc = Html::parse_document(&body);
    let links: Vec<_> = doc.select(&Selector::parse(".legend-more").expect("css")).map(|a| a.value().attr("href").unwrap_or_default().to_owned()).collect();
    assert_eq!(links, ["/batches/1", "/batches/2"]);
    let (_, body) = get(roster(), "/?lang=zh").await;
    assert_eq!(texts(&body, ".legend-count"), ["1 个", "已确认 1 个（共 3 个）"]);
    assert!(body.contains("href=\"/batches/2?lang=zh\""));
}

#[actix_web::test]
async fn the_list_counts_each_batch_and_points_to_what_is_missing() {
    let (_, body) = get(roster(), "/").await;
    assert_eq!(texts(&body, "[data-batch-group='2'] h3 .count"), ["(1 of 3 identified)"]);
    assert_eq!(texts(&body, "[data-batch-group='2'] .unidentified"), ["2 more zones of this reply are not yet identified: see the batch page."]);
    assert!(texts(&body, "[data-batch-group='1'] .unidentified").is_empty());
}

#[actix_web::test]
async fn the_embed_footer_counts_the_batches_it_shows() {
    let (_, body) = get(roster(), "/embed?batch=2").await;
    assert_eq!(texts(&body, ".embed-count"), ["1 of 3 designated zones shown; 2 in batch 2 not yet identified."]);
    assert_eq!(texts(&body, ".embed-legend li"), ["Batch 2 · 2016 · 1 of 3 identified"]);
    let (_, body) = get(roster(), "/embed?batch=1&lang=zh").await;
    assert_eq!(texts(&body, ".embed-count"), ["显示 1 个（共设立 1 个）。"]);
}

#[actix_web::test]
async fn the_svg_and_preview_titles_say_what_is_not_identified() {
    let (status, svg) = get(roster(), "/map.svg").await;
    assert_eq!(status, 200);
    assert!(svg.contains("4 zones designated by the State Council in 2 batches since 2015; 2 in batch 2 not yet identified"), "{svg}");
    assert!(svg.contains("Batch 2 · 2016 · 1 of 3 identified"));
    let (_, svg) = get(roster(), "/map.svg?lang=zh").await;
    assert!(svg.contains("国务院自 2015 年起分 2 批设立 4 个试验区，其中第2批 2 个尚未确认"));
    // The PNG previews are drawn from the same title band: the text is in the SVG they rasterise.
    let idx = ZoneIndex::from(data::load_file(&fixture("roster.geojson")).expect("valid"));
    let (_, subtitle) = zonemap::drawing::titles(&idx, None, zonemap::pages::Lang::En);
    assert!(subtitle.ends_with("2 in batch 2 not yet identified"), "{subtitle}");
}

#[actix_web::test]
async fn the_oembed_title_carries_the_count() {
    let public = "https://maps.example.org";
    let s = state_with_site("roster.geojson", Site::new(Some(public), None).expect("valid"));
    let q = form_urlencoded::Serializer::new(String::new()).append_pair("url", &format!("{public}/?batch=2")).finish();
    let (status, body) = get(s, &format!("/oembed?{q}&format=json")).await;
    assert_eq!(status, 200, "{body}");
    let v: serde_json::Value = serde_json::from_str(&body).expect("json");
    assert_eq!(v["title"], "China's cross-border e-commerce pilot zones — 1 of 3 designated zones shown; 2 in batch 2 not yet identified.");
}

#[actix_web::test]
async fn the_api_says_designated_identified_and_shown_per_batch() {
    let (_, body) = get(roster(), "/api/zones.geojson?former=1").await;
    let v: serde_json::Value = serde_json::from_str(&body).expect("json");
    let b = &v["batches"];
    assert_eq!((b[0]["designated"].as_u64(), b[0]["identified"].as_u64(), b[0]["shown"].as_u64()), (Some(2), Some(2), Some(2)));
    assert_eq!((b[1]["designated"].as_u64(), b[1]["identified"].as_u64(), b[1]["shown"].as_u64()), (Some(3), Some(1), Some(1)));
    assert_eq!(b[1]["revokes"], serde_json::json!(["gamma"]));
    let (_, body) = get(roster(), "/api/zones.geojson").await;
    let v: serde_json::Value = serde_json::from_str(&body).expect("json");
    assert_eq!(v["batches"][0]["shown"].as_u64(), Some(1), "former zones are not shown by default");
}

#[actix_web::test]
async fn a_batch_page_lists_its_zones_revocations_sources_and_gaps() {
    let (status, body) = get(roster(), "/batches/2").await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(texts(&body, ".batch-zones li a"), ["Beta"]);
    assert_eq!(texts(&body, ".batch-revoked li a"), ["Gamma"]);
    assert_eq!(texts(&body, ".sources li"), ["Notice two"]);
    assert_eq!(texts(&body, ".batch-count"), ["the reply designates 3 zones: 1 identified, 2 not yet identified."]);
    assert_eq!(texts(&body, "[data-unidentified='2']").len(), 1);
    let facts = texts(&body, ".reply-facts dd");
    assert_eq!(facts[..3], ["Doc 2", "not found in the sources we read", "2016-01-15"]);
    assert!(body.contains("src=\"/map.svg?batch=2&#38;legend=0&#38;title=0\""), "the batch's own map, drawn by the server");
    let (_, body) = get(roster(), "/batches/1?lang=zh").await;
    assert_eq!(texts(&body, ".batch-zones li a"), ["甲", "丙"]);
    assert_eq!(texts(&body, ".batch-count"), ["共 2 个，均已确认；其中 1 个已不再单独设立。"]);
    assert!(texts(&body, ".batch-revoked li").is_empty());
}

#[actix_web::test]
async fn zone_pages_link_to_their_batch() {
    let (_, body) = get(roster(), "/zones/beta").await;
    assert!(body.contains("<a href=\"/batches/2\">Batch 2, approved 2016-01-15 (Doc 2)</a>"), "{body}");
}

#[actix_web::test]
async fn unknown_batches_are_not_found() {
    for uri in ["/batches/3", "/batches/0", "/batches/02", "/batches/x", "/batches/99999999999999999999", "/batches/1?lang=fr"] {
        let (status, _) = get(roster(), uri).await;
        let expected = if uri.ends_with("fr") { 400 } else { 404 };
        assert_eq!(status.as_u16(), expected, "{uri}");
    }
}
