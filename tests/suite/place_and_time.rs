//! `province=` and `asof=` on every surface, against the bundled data: the map as it stood on a
//! day, and one province's zones.

use actix_web::dev::Service;
use actix_web::test as actix_test;
use scraper::{Html, Selector};
use zonemap::site::Site;
use zonemap::web::AppState;

use super::state_with_site;

fn real() -> AppState {
    state_with_site("../../data/zones.geojson", Site::new(Some("http://127.0.0.1:8080"), None).expect("valid"))
}

async fn get(uri: &str) -> (u16, String) {
    let app = actix_test::init_service(zonemap::web::app(real())).await;
    let resp = app.call(actix_test::TestRequest::get().uri(uri).to_request()).await.expect("answers");
    let status = resp.status().as_u16();
    (status, String::from_utf8_lossy(&actix_test::read_body(resp).await).into_owned())
}

/// The ids of the API's features for `query`.
async fn api_ids(query: &str) -> Vec<String> {
    let (status, body) = get(&format!("/api/zones.geojson?{query}")).await;
    assert_eq!(status, 200, "{query}: {body}");
    let v: serde_json::Value = serde_json::from_str(&body).expect("JSON");
    v["features"].as_array().expect("features").iter().map(|f| f["id"].as_str().expect("id").to_owned()).collect()
}

/// The slugs the server-rendered list of a page shows (not hidden).
fn listed(html: &str) -> Vec<String> {
    let doc = Html::parse_document(html);
    let items = Selector::parse("li[data-slug]:not([hidden])").expect("selector");
    doc.select(&items).filter_map(|li| li.value().attr("data-slug").map(str::to_owned)).collect()
}

#[actix_web::test]
async fn as_of_the_end_of_2019_the_map_has_the_first_four_batches() {
    let ids = api_ids("asof=2019-12-31").await;
    assert_eq!(ids.len(), 1 + 12 + 22 + 24, "the 59 zones of batches 1 to 4");
    let (_, page) = get("/?asof=2019-12-31").await;
    assert_eq!(listed(&page).len(), 59, "the list on /");
    let (_, embed) = get("/embed?asof=2019-12-31").await;
    assert!(embed.contains(">59 of 59 designated zones shown."), "the embed's count");
    let (_, csv) = get("/api/zones.csv?asof=2019-12-31").await;
    assert_eq!(csv.lines().count(), 1 + 59, "a header and 59 rows");
    let (_, svg) = get("/map.svg?asof=2019-12-31").await;
    assert_eq!(svg.matches("<a href=\"/zones/").count(), 59, "the server-drawn map");
    // The legend dims the four batches the day had not reached, without JavaScript too.
    let rows: Vec<bool> = scraper::Html::parse_document(&page)
        .select(&scraper::Selector::parse(".legend-row").expect("selector"))
        .map(|r| r.value().classes().any(|c| c == "is-later"))
        .collect();
    assert_eq!(rows, [false, false, false, false, true, true, true, true]);
}

#[actix_web::test]
async fn zones_revoked_in_2025_were_on_the_map_in_2024_and_are_not_today() {
    let then = api_ids("asof=2024-12-31").await;
    for slug in ["haikou", "sanya", "alashankou"] {
        assert!(then.contains(&slug.to_owned()), "{slug} was active at the end of 2024");
    }
    assert!(!then.contains(&"qinhuangdao".to_owned()), "batch 8 came in 2025");
    for today in ["", "asof=2026-12-03"] {
        let now = api_ids(today).await;
        assert!(!now.contains(&"haikou".to_owned()) && !now.contains(&"sanya".to_owned()), "{today:?}");
    }
    let (_, embed) = get("/embed?asof=2024-12-31").await;
    let doc = Html::parse_document(&embed);
    let count: String = doc.select(&Selector::parse(".embed-count").expect("selector")).flat_map(|e| e.text()).collect();
    let (shown, total) = (then.len(), 1 + 12 + 22 + 24 + 46 + 27 + 33);
    assert_eq!(count, format!("{shown} of {total} designated zones shown; 3 in batch 7 not yet identified."));
}

#[actix_web::test]
async fn a_province_filter_gives_that_province_on_every_surface() {
    let by_slug = api_ids("province=guangdong").await;
    let by_name = api_ids("province=%E5%B9%BF%E4%B8%9C").await; // 广东
    let by_full_name = api_ids("province=%E5%B9%BF%E4%B8%9C%E7%9C%81").await; // 广东省
    assert_eq!(by_slug.len(), 21);
    assert!(by_slug == by_name && by_name == by_full_name, "slug, short and full Chinese names agree");
    assert!(by_slug.contains(&"shenzhen".to_owned()) && !by_slug.contains(&"xiamen".to_owned()));
    let (_, page) = get("/?province=guangdong").await;
    let mut shown = listed(&page);
    let mut want = by_slug.clone();
    shown.sort();
    want.sort();
    assert_eq!(shown, want, "the list on /");
    let (_, svg) = get("/map.svg?province=guangdong").await;
    assert_eq!(svg.matches("<a href=\"/zones/").count(), 21);
    let (_, csv) = get("/api/zones.csv?province=guangdong").await;
    assert_eq!(csv.lines().count(), 22);
    let (_, embed) = get("/embed?province=guangdong").await;
    assert!(embed.contains("21 of 21 identified zones in this province shown; 3 in batch 7 not yet identified, their provinces unknown."), "the embed's count");
    // oEmbed of a province view embeds that view.
    let (status, o) = get("/oembed?url=http%3A%2F%2F127.0.0.1%3A8080%2F%3Fprovince%3Dguangdong%26asof%3D2019-12-31").await;
    assert_eq!(status, 200, "{o}");
    assert!(o.contains("/embed?province=guangdong&amp;asof=2019-12-31") || o.contains("/embed?province=guangdong\\u0026asof=2019-12-31") || o.contains("/embed?province=guangdong&asof=2019-12-31"), "{o}");
}

#[actix_web::test]
async fn bad_places_and_days_are_400s() {
    for uri in ["/?province=atlantis", "/api/zones.geojson?province=x", "/embed?asof=2019-13-01", "/map.svg?asof=yesterday", "/api/zones.csv?asof=2019-02-30", "/table?sort=x", "/table?order=up", "/table?asof=2019", "/chart.svg?lang=fr"] {
        let (status, body) = get(uri).await;
        assert_eq!(status, 400, "{uri}: {body}");
    }
}

#[actix_web::test]
async fn a_province_page_lists_its_zones_by_batch_in_both_languages() {
    let (status, page) = get("/provinces/guangdong").await;
    assert_eq!(status, 200);
    let doc = Html::parse_document(&page);
    let sel = |css: &str| Selector::parse(css).expect("selector");
    let zones: Vec<&str> = doc.select(&sel("li[data-slug]")).filter_map(|li| li.value().attr("data-slug")).collect();
    assert_eq!(zones.len(), 21, "every Guangdong zone");
    let batches: Vec<String> = doc.select(&sel("section h2")).map(|h| h.text().collect::<String>()).collect();
    assert!(batches.first().is_some_and(|b| b.contains("Batch 2")), "batches in order, from the first with a zone here: {batches:?}");
    assert!(page.contains("/map.svg?province=guangdong&#38;legend=0&#38;title=0"), "its own map");
    let (_, zh) = get("/provinces/guangdong?lang=zh").await;
    assert!(zh.contains("广东省的跨境电子商务综合试验区"), "in Chinese");
    // Former zones are listed, marked: Hainan's two replaced ones.
    let (_, hainan) = get("/provinces/hainan").await;
    assert!(hainan.contains("data-slug=\"haikou\" data-former=\"1\""));
    for uri in ["/provinces/atlantis", "/provinces/Guangdong"] {
        assert_eq!(get(uri).await.0, 404, "{uri}");
    }
}

#[actix_web::test]
async fn the_step_chart_counts_zones_in_force_after_each_batch() {
    let (status, svg) = get("/chart.svg").await;
    assert_eq!(status, 200);
    assert!(svg.contains(">178</text>") && svg.contains(">1</text>"), "from Hangzhou alone to today's 178 (revocations deducted)");
    let (_, zh) = get("/chart.svg?lang=zh").await;
    assert!(zh.contains("试验区数量"));
    let (_, page) = get("/batches/8").await;
    assert!(page.contains("alt=\"Step chart: zones in force rose from 1 in 2015 to 178 in 2025, in 8 batches.\""), "the batch page shows it, described");
}

#[actix_web::test]
async fn a_batch_narrowed_by_province_or_day_is_not_carded_as_the_whole_batch() {
    let (_, page) = get("/?batch=8&province=hebei").await;
    assert!(!page.contains("content=\"Batch 8 (2025): 16 pilot zones\""), "the batch-8 card would claim all 16");
    let (_, whole) = get("/?batch=8").await;
    assert!(whole.contains("content=\"Batch 8 (2025): 16 pilot zones\""));
}

#[actix_web::test]
async fn the_table_and_province_pages_discovery_links_embed_their_view() {
    for (uri, embed) in [("/table?province=guangdong&sort=name", "/embed?province=guangdong\""), ("/provinces/hebei?lang=zh", "/embed?province=hebei&amp;lang=zh\"")] {
        let (_, page) = get(uri).await;
        let doc = Html::parse_document(&page);
        let link = doc.select(&Selector::parse("link[type='application/json+oembed']").expect("selector")).next().and_then(|l| l.value().attr("href")).map(str::to_owned);
        let link = link.unwrap_or_else(|| panic!("{uri}: a discovery link"));
        let (status, o) = get(link.trim_start_matches("http://127.0.0.1:8080")).await;
        assert_eq!(status, 200, "{uri}: {o}");
        let html = serde_json::from_str::<serde_json::Value>(&o).expect("JSON")["html"].as_str().expect("html").to_owned();
        assert!(html.contains(embed), "{uri}: {html}");
    }
}

#[actix_web::test]
async fn a_province_view_opens_on_the_province() {
    let (_, page) = get("/?province=guangdong").await;
    let bounds = page.split("data-bounds=\"").nth(1).and_then(|s| s.split('"').next()).expect("data-bounds");
    let v: Vec<f64> = bounds.replace(['[', ']'], "").split(',').map(|n| n.parse().expect("a number")).collect();
    let [south, west, north, east] = v[..] else { panic!("{bounds}") };
    // Guangzhou inside, Beijing and Urumqi not.
    assert!(south < 23.1 && 23.1 < north && west < 113.3 && 113.3 < east, "{bounds}");
    assert!(north < 39.9 && west > 87.6, "{bounds}");
    let (_, whole) = get("/").await;
    assert!(whole.contains("data-bounds=\"[[17,73],[53.6,135]]\""), "the whole country otherwise");
}

#[actix_web::test]
async fn the_points_the_map_loads_are_every_zone_in_short() {
    let (status, body) = get("/api/points.json").await;
    assert_eq!(status, 200);
    let v: serde_json::Value = serde_json::from_str(&body).expect("JSON");
    let ids: Vec<&str> = v["zones"].as_array().expect("rows").iter().map(|r| r[0].as_str().expect("id")).collect();
    let (_, full) = get("/api/zones.geojson?former=1").await;
    let full: serde_json::Value = serde_json::from_str(&full).expect("JSON");
    let all: Vec<&str> = full["features"].as_array().expect("features").iter().map(|f| f["id"].as_str().expect("id")).collect();
    assert_eq!(ids, all, "every zone, former ones too, in the same order");
    assert!(ids.contains(&"haikou"), "a former zone");
    assert!(body.len() * 5 < serde_json::to_string(&full).expect("text").len(), "a fifth of the full collection or less: {} bytes", body.len());
    // The map page points its script at them, and at the full API only for every zone's lines.
    let (_, page) = get("/").await;
    assert!(page.contains("data-points=\"/api/points.json\"") && page.contains("data-feature=\"/api/zones/{slug}.geojson\""));
}

/// The ids of a `/api/clusters.json` answer's single zones, and the zones its groups count.
async fn clusters(query: &str) -> (Vec<String>, usize, serde_json::Value) {
    let (status, body) = get(&format!("/api/clusters.json?{query}")).await;
    assert_eq!(status, 200, "{query}: {body}");
    let v: serde_json::Value = serde_json::from_str(&body).expect("JSON");
    let ids = v["zones"].as_array().expect("zones").iter().map(|r| r[0].as_str().expect("id").to_owned()).collect();
    let grouped = v["groups"].as_array().expect("groups").iter().map(|g| g[2].as_u64().expect("count") as usize).sum();
    (ids, grouped, v)
}

#[actix_web::test]
async fn the_map_of_a_view_groups_what_the_filter_admits_and_nothing_else() {
    let china = "bbox=73,17,135,53.6";
    let wanted = api_ids("batch=1,2,3").await;
    let (singles, grouped, v) = clusters(&format!("batch=1,2,3&zoom=4&{china}")).await;
    assert_eq!(singles.len() + grouped, wanted.len(), "every zone the filter admits, once");
    assert!(singles.iter().all(|id| wanted.contains(id)), "no zone the filter leaves out");
    assert!(grouped > 0, "the deltas crowd at zoom 4");
    assert_eq!(v["group_fields"][2], "count");
    for g in v["groups"].as_array().expect("groups") {
        let (lon, lat, n) = (g[0].as_f64().expect("lon"), g[1].as_f64().expect("lat"), g[2].as_u64().expect("count"));
        let (w, s, e, north) = (g[4].as_f64().expect("w"), g[5].as_f64().expect("s"), g[6].as_f64().expect("e"), g[7].as_f64().expect("n"));
        assert!(n >= 2 && w <= lon && lon <= e && s <= lat && lat <= north, "a group of two or more, its mark inside its box: {g}");
    }
    // Closer in, every zone in the box stands alone; the selected one, wherever it is.
    let (close, none, _) = clusters(&format!("batch=1,2,3&zoom=9&{china}")).await;
    assert_eq!((close.len(), none), (wanted.len(), 0));
    let (east, _, _) = clusters("zoom=9&bbox=118,29,123,32&zone=xian").await;
    assert!(east.contains(&"hangzhou".to_owned()) && east.contains(&"xian".to_owned()) && !east.contains(&"chengdu".to_owned()), "{east:?}");
    // The real data is far from needing it: its pages load every zone.
    let (_, page) = get("/").await;
    assert!(!page.contains("data-clusters"), "the bundled data's map draws every marker itself");
}

#[actix_web::test]
async fn a_bad_view_of_the_map_is_a_400_that_says_why() {
    for (query, says) in [
        ("bbox=73,17,135,53.6", "zoom: missing"),
        ("zoom=4", "bbox: missing"),
        ("zoom=40&bbox=73,17,135,53.6", "zoom"),
        ("zoom=4&bbox=135,17,73,53.6", "west past its east"),
        ("zoom=4&bbox=73,17,135", "west,south,east,north"),
        ("zoom=4&bbox=73,17,135,53.6&zone=atlantis", "no zone"),
        ("zoom=4&bbox=73,17,135,53.6&batch=99", "batch"),
    ] {
        let (status, body) = get(&format!("/api/clusters.json?{query}")).await;
        assert_eq!(status, 400, "{query}: {body}");
        let v: serde_json::Value = serde_json::from_str(&body).expect("a JSON error");
        let message = v["error"]["message"].as_str().expect("a message").to_lowercase();
        assert!(message.contains(&says.to_lowercase()), "{query}: {message}");
    }
}
