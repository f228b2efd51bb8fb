//! A zone whose name, province and sources are crafted to inject markup, script or spreadsheet
//! formulas must come out as inert text everywhere it lands.

use actix_web::dev::Service;
use actix_web::test;
use scraper::{Html, Selector};


use super::state;

async fn get(uri: &str) -> String {
    let app = test::init_service(zonemap::web::app(state("hostile.geojson"))).await;
    let resp = app.call(test::TestRequest::get().uri(uri).to_request()).await.expect("answers");
    assert_eq!(resp.status(), 200, "{uri}");
    String::from_utf8_lossy(&test::read_body(resp).await).into_owned()
}

fn assert_inert(uri: &str, html: &str) {
    let doc = Html::parse_document(html);
    for script in doc.select(&Selector::parse("script").expect("selector")) {
        // Our structured data is the one inline script: data, not code, and still the JSON
        // it was with nothing in it that could end the element.
        if script.value().attr("type") == Some("application/ld+json") {
            let text = script.inner_html();
            assert!(!text.contains('<') && serde_json::from_str::<serde_json::Value>(&text).is_ok(), "{uri}: structured data {text}");
            continue;
        }
        assert!(script.value().attr("src").is_some_and(|s| s.starts_with("/static/")), "{uri}: injected script {}", script.html());
    }
    for el in doc.select(&Selector::parse("*").expect("selector")) {
        for (name, _) in el.value().attrs() {
            assert!(!name.starts_with("on"), "{uri}: injected handler {name} on {}", el.value().name());
        }
        let ours = el.value().name() == "img" && matches!(el.value().attr("class"), Some("map-static" | "step-chart"));
        assert!(ours || !matches!(el.value().name(), "img" | "b"), "{uri}: injected element {}", el.html());
    }
    // Only our own inline SVG (batch swatches, link samples), never one from the data.
    for svg in doc.select(&Selector::parse("svg").expect("selector")) {
        assert!(matches!(svg.value().attr("class"), Some("swatch" | "link-sample")), "{uri}: injected svg");
    }
}

#[actix_web::test]
async fn hostile_text_is_inert_in_every_page() {
    for uri in ["/", "/?zone=alpha", "/zones/alpha", "/zones/alpha/panel", "/embed?zone=alpha", "/?q=%3C%2Fscript%3E"] {
        let html = get(uri).await;
        assert_inert(uri, &html);
    }
    let html = Html::parse_document(&get("/zones/alpha").await);
    let h2 = html.select(&Selector::parse("h2").expect("selector")).next().expect("heading");
    assert!(h2.text().collect::<String>().contains("</script><script>alert(1)"), "the name is shown as text");
}

#[actix_web::test]
async fn hostile_text_stays_data_in_json_and_csv() {
    let body = get("/api/zones/alpha.geojson").await;
    let f: geojson::Feature = body.parse().expect("valid GeoJSON");
    assert_eq!(f.property("name").and_then(|v| v.as_str()), Some("</script><script>alert(1)</script><img src=x onerror=alert(2)>"));
    let csv = get("/api/zones.csv").await;
    assert!(csv.contains(",\"'=cmd|' /C calc'!A0\","), "formula defused: {csv}");
    assert!(!csv.contains("\"=cmd"), "{csv}");
}

/// Read back as a spreadsheet in any common locale would (`,`, `;` or tab as the list separator),
/// no cell may start a formula: not the hostile names, not text after a `;` or a line break.
#[actix_web::test]
async fn no_csv_cell_is_a_formula_whatever_the_separator() {
    let csv = get("/api/zones.csv").await;
    for separator in [b',', b';', b'\t'] {
        let mut reader = csv::ReaderBuilder::new().delimiter(separator).has_headers(false).flexible(true).from_reader(csv.as_bytes());
        let mut cells = 0;
        for record in reader.records() {
            for cell in record.expect("a CSV record").iter() {
                cells += 1;
                for line in cell.split(['\n', '\r']) {
                    let lead = line.trim_start_matches(' ').chars().next();
                    assert!(!matches!(lead, Some('=' | '+' | '-' | '@')), "separator {:?}: a cell starts a formula: {cell:?}", separator as char);
                }
            }
        }
        assert!(cells >= 3, "{cells} cells: every row was read");
    }
}

#[actix_web::test]
async fn hostile_text_is_escaped_in_the_svg_map() {
    for uri in ["/map.svg", "/map.svg?zone=alpha", "/map.svg?lang=zh&zone=alpha"] {
        let svg = get(uri).await;
        // As XML, markup from the data would be elements; it must be text.
        let doc = Html::parse_fragment(&svg);
        for el in doc.select(&Selector::parse("*").expect("selector")) {
            assert!(!matches!(el.value().name(), "script" | "img" | "foreignobject"), "{uri}: injected {}", el.value().name());
            assert!(el.value().attrs().all(|(name, _)| !name.starts_with("on")), "{uri}: injected handler");
        }
        if !uri.contains("lang=zh") {
            assert!(svg.contains("&lt;/script&gt;&lt;script&gt;alert(1)"), "{uri}: name shown as text");
        }
    }
}
