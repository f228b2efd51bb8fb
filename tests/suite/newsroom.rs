//! What newsrooms and CMSs read from us, through the real router: oEmbed (fields, limits, 404,
//! 501), Open Graph and Twitter tags with discovery links, the PNG previews, and the SVG map.

use actix_web::dev::Service;
use actix_web::http::StatusCode;
use actix_web::test;
use scraper::{Html, Selector};

use zonemap::site::Site;
use zonemap::web::AppState;

use super::state_with_site;

const PUBLIC: &str = "https://maps.example.org/zonemap";

fn site() -> AppState {
    state_with_site("valid.geojson", Site::new(Some(PUBLIC), None).expect("valid"))
}

async fn get(s: AppState, uri: &str) -> (StatusCode, String, Vec<u8>) {
    let app = test::init_service(zonemap::web::app(s)).await;
    let resp = app.call(test::TestRequest::get().uri(uri).to_request()).await.expect("answers");
    let ctype = resp.headers().get("content-type").map(|v| v.to_str().expect("ascii").to_owned()).unwrap_or_default();
    (resp.status(), ctype, test::read_body(resp).await.to_vec())
}

fn oembed_uri(url: &str, extra: &str) -> String {
    format!("/oembed?{}{extra}", form_urlencoded::Serializer::new(String::new()).append_pair("url", url).finish())
}

#[actix_web::test]
async fn oembed_answers_rich_json_for_our_pages() {
    for (page, embed) in [
        (format!("{PUBLIC}/"), format!("{PUBLIC}/embed")),
        (format!("{PUBLIC}/?batch=2&lang=zh"), format!("{PUBLIC}/embed?batch=2&amp;lang=zh")),
        (format!("{PUBLIC}/zones/alpha"), format!("{PUBLIC}/embed?zone=alpha&amp;legend=0&amp;title=0")),
        (format!("{PUBLIC}/embed?theme=dark"), format!("{PUBLIC}/embed?theme=dark")),
    ] {
        let (status, ctype, body) = get(site(), &oembed_uri(&page, "&format=json")).await;
        assert_eq!(status, 200, "{page}");
        assert!(ctype.starts_with("application/json"));
        let v: serde_json::Value = serde_json::from_slice(&body).expect("json");
        assert_eq!(v["version"], "1.0");
        assert_eq!(v["type"], "rich");
        assert_eq!(v["provider_name"], "zonemap");
        assert!(v["title"].as_str().is_some_and(|t| !t.is_empty()));
        assert!(v["width"].as_u64().is_some() && v["height"].as_u64().is_some());
        let html = v["html"].as_str().expect("html");
        assert!(html.starts_with("<blockquote class=\"zonemap-embed\"><a href=") && html.contains(&format!("</blockquote><iframe src=\"{embed}\"")), "{page}: {html}");
        assert!(!html.contains("<script"), "oEmbed html must work where scripts are stripped");
        assert_eq!(v["thumbnail_width"], 1200);
    }
}

#[actix_web::test]
async fn oembed_honours_maxwidth_and_maxheight() {
    let (_, _, body) = get(site(), &oembed_uri(&format!("{PUBLIC}/"), "&maxwidth=375&maxheight=400")).await;
    let v: serde_json::Value = serde_json::from_slice(&body).expect("json");
    assert_eq!((v["width"].as_u64(), v["height"].as_u64()), (Some(375), Some(400)));
    assert!(v.get("thumbnail_url").is_none(), "a 1200-pixel thumbnail does not fit in 375");
    assert!(v["html"].as_str().expect("html").contains("height=\"400\""));
}

#[actix_web::test]
async fn oembed_refuses_other_urls_xml_and_bad_sizes() {
    for (uri, want) in [
        (oembed_uri("https://elsewhere.example/", ""), 404),
        (oembed_uri(&format!("{PUBLIC}/zones/nowhere"), ""), 404),
        (oembed_uri(&format!("{PUBLIC}/batches/9"), ""), 404),
        (oembed_uri(&format!("{PUBLIC}/batches/02"), ""), 404),
        (oembed_uri("https://maps.example.org/other/", ""), 404),
        (oembed_uri(&format!("{PUBLIC}/"), "&format=xml"), 501),
        (oembed_uri(&format!("{PUBLIC}/"), "&maxwidth=wide"), 400),
        ("/oembed".to_owned(), 400),
    ] {
        let (status, ctype, body) = get(site(), &uri).await;
        assert_eq!(status.as_u16(), want, "{uri}");
        assert!(ctype.starts_with("application/json"), "{uri}: errors are JSON");
        assert!(String::from_utf8_lossy(&body).contains("\"message\""));
    }
}

#[actix_web::test]
async fn every_page_has_open_graph_twitter_and_oembed_discovery() {
    for (uri, url, image) in [
        ("/", format!("{PUBLIC}/"), format!("{PUBLIC}/preview.png")),
        // A filtered view is shared as that view: its card and its oEmbed show batch 2.
        ("/?batch=2", format!("{PUBLIC}/?batch=2"), format!("{PUBLIC}/batches/2/preview.png")),
        ("/batches/2", format!("{PUBLIC}/batches/2"), format!("{PUBLIC}/batches/2/preview.png")),
        ("/?lang=zh", format!("{PUBLIC}/?lang=zh"), format!("{PUBLIC}/preview.png?lang=zh")),
        ("/zones/alpha", format!("{PUBLIC}/zones/alpha"), format!("{PUBLIC}/zones/alpha/preview.png")),
        ("/embed?zone=alpha", format!("{PUBLIC}/embed?zone=alpha"), format!("{PUBLIC}/zones/alpha/preview.png")),
    ] {
        let (status, _, body) = get(site(), uri).await;
        assert_eq!(status, 200);
        let doc = Html::parse_document(&String::from_utf8_lossy(&body));
        let meta = |css: &str, attr: &str| {
            doc.select(&Selector::parse(css).expect("selector")).next().and_then(|e| e.value().attr(attr)).map(str::to_owned)
        };
        assert_eq!(meta("meta[property='og:url']", "content"), Some(url.clone()), "{uri}");
        assert_eq!(meta("meta[property='og:image']", "content"), Some(image.clone()), "{uri}");
        assert_eq!(meta("meta[name='twitter:card']", "content").as_deref(), Some("summary_large_image"));
        assert_eq!(meta("meta[name='twitter:image']", "content"), Some(image), "{uri}");
        // The card says what the page itself says.
        let title = doc.select(&Selector::parse("title").expect("selector")).next().map(|t| t.text().collect::<String>());
        let title = title.expect("a title");
        let card = if uri.contains("batch=2") { Some("Batch 2 (2016): 2 pilot zones") } else { title.strip_suffix(" — zonemap") };
        assert_eq!(meta("meta[property='og:title']", "content").as_deref(), card, "{uri}: the card's title, the site name in og:site_name");
        assert_eq!(meta("meta[property='og:site_name']", "content").as_deref(), Some("zonemap"));
        assert!(meta("link[rel=icon]", "href").is_some_and(|h| h.starts_with("/zonemap/static/favicon.")), "{uri}: an icon");
        assert_eq!(meta("link[rel=apple-touch-icon]", "href").as_deref(), Some("/zonemap/apple-touch-icon.png"), "{uri}: a touch icon");
        // Structured data dates the page by the data's last revision (not by its first <time>).
        let ld = doc.select(&Selector::parse("script[type='application/ld+json']").expect("selector")).next().expect("{uri}: JSON-LD");
        let ld: serde_json::Value = serde_json::from_str(&ld.inner_html()).expect("JSON-LD is JSON");
        assert_eq!(ld["dateModified"], "2026-01-15", "{uri}");
        let kind = if uri.starts_with("/zones/") || uri.starts_with("/batches/") { "WebPage" } else { "Dataset" };
        assert_eq!(ld["@type"], kind, "{uri}");
        assert_eq!(ld["name"].as_str(), meta("meta[property='og:title']", "content").as_deref(), "{uri}: one name for the view");
        assert_eq!(meta("meta[property='og:description']", "content"), meta("meta[name=description]", "content"), "{uri}");
        let description = meta("meta[name=description]", "content").expect("a description");
        assert!(description.chars().count() > 20 && description.chars().count() <= 155, "{uri}: {description}");
        // The other language is named, for search engines and previewers.
        let other = meta("link[rel=alternate][hreflang]", "href").expect("an hreflang alternate");
        let zh = uri.contains("lang=zh");
        assert_eq!(other.contains("lang=zh"), !zh, "{uri}: {other}");
        assert_eq!(meta("meta[property='og:locale:alternate']", "content").as_deref(), Some(if zh { "en_US" } else { "zh_CN" }));
        let discovery = meta("link[rel=alternate][type='application/json+oembed']", "href").expect("oEmbed discovery");
        let expected = format!("{PUBLIC}/oembed?{}", form_urlencoded::Serializer::new(String::new()).append_pair("url", &url).append_pair("format", "json").finish());
        assert_eq!(discovery, expected, "{uri}");
        // The discovery link works as given: it answers for this very view.
        let (status, _, body) = get(site(), discovery.trim_start_matches("https://maps.example.org/zonemap")).await;
        assert_eq!(status, 200, "{discovery}");
        let o: serde_json::Value = serde_json::from_slice(&body).expect("json");
        if uri.contains("batch=2") || uri.contains("batches/2") {
            assert!(o["html"].as_str().is_some_and(|h| h.contains("/embed?batch=2\"")), "{uri}: {}", o["html"]);
        }
    }
}

fn png_size(bytes: &[u8]) -> (u32, u32) {
    let decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    let reader = decoder.read_info().expect("a PNG that decodes");
    let info = reader.info();
    (info.width, info.height)
}

#[actix_web::test]
async fn preview_images_are_1200_by_630_pngs() {
    let mut pictures = Vec::new();
    for uri in ["/preview.png", "/zones/alpha/preview.png", "/preview.png?lang=zh", "/zones/alpha/preview.png?lang=zh", "/batches/2/preview.png", "/batches/2/preview.png?lang=zh"] {
        let (status, ctype, body) = get(site(), uri).await;
        assert_eq!(status, 200, "{uri}");
        assert_eq!(ctype, "image/png");
        assert_eq!(png_size(&body), (1200, 630), "{uri}");
        pictures.push(body);
    }
    assert_ne!(pictures[0], pictures[1], "a zone's preview rings the zone: it is not the whole map's");
    assert_ne!(pictures[0], pictures[4], "a batch's preview draws only that batch");
    for (uri, want) in [("/batches/9/preview.png", 404), ("/batches/02/preview.png", 404)] {
        assert_eq!(get(site(), uri).await.0.as_u16(), want, "{uri}");
    }
    let (status, _, _) = get(site(), "/zones/nowhere/preview.png").await;
    assert_eq!(status, 404);
    let (status, _, _) = get(site(), "/preview.png?lang=fr").await;
    assert_eq!(status, 400);
    // The half-size thumbnails oEmbed offers narrow clients: the same drawing, scaled.
    for uri in ["/preview.png?size=small", "/zones/alpha/preview.png?size=small&lang=zh", "/batches/2/preview.png?size=small"] {
        let (status, ctype, body) = get(site(), uri).await;
        assert_eq!((status.as_u16(), ctype.as_str()), (200, "image/png"), "{uri}");
        assert_eq!(png_size(&body), (600, 315), "{uri}");
    }
    assert_eq!(get(site(), "/preview.png?size=huge").await.0, 400);
}

#[actix_web::test]
async fn the_touch_icon_is_a_square_png() {
    let (status, ctype, body) = get(site(), "/apple-touch-icon.png").await;
    assert_eq!((status.as_u16(), ctype.as_str()), (200, "image/png"));
    assert_eq!(png_size(&body), (180, 180));
}

#[actix_web::test]
async fn the_svg_map_takes_the_embed_options() {
    let (status, ctype, body) = get(site(), "/map.svg?batch=2&zone=beta&lang=zh").await;
    assert_eq!(status, 200);
    assert_eq!(ctype, "image/svg+xml");
    let svg = String::from_utf8(body).expect("utf-8");
    assert!(svg.contains("乙"), "Chinese names with lang=zh");
    assert!(svg.contains("<a href=\"/zonemap/zones/beta?lang=zh\">"), "dots link to zone pages under the base path");
    assert!(svg.contains("fill-opacity=\"0.92\""), "the legend box is drawn by default");
    let (_, _, bare) = get(site(), "/map.svg?batch=2&zone=beta&lang=zh&legend=0&title=0").await;
    let bare = String::from_utf8(bare).expect("utf-8");
    assert!(!bare.contains("fill-opacity=\"0.92\""), "legend=0 leaves the legend out");
    let band = "中国（乙）跨境电子商务综合试验区";
    assert!(svg.contains(band) && !bare.contains(band), "title=0 leaves the title band out");
    for bad in ["/map.svg?batch=9", "/map.svg?zone=nowhere", "/map.svg?legend=2"] {
        assert_eq!(get(site(), bad).await.0, 400, "{bad}");
    }
}

#[actix_web::test]
async fn the_favicon_is_found_where_clients_look() {
    let app = test::init_service(zonemap::web::app(site())).await;
    let resp = app.call(test::TestRequest::get().uri("/favicon.ico").to_request()).await.expect("answers");
    assert_eq!(resp.status(), 308);
    let to = resp.headers().get("location").and_then(|v| v.to_str().ok()).expect("a location").to_owned();
    assert!(to.starts_with("/zonemap/static/favicon.") && to.ends_with(".svg"), "{to}");
    let (status, ctype, body) = get(site(), to.trim_start_matches("/zonemap")).await;
    assert_eq!((status.as_u16(), ctype.as_str()), (200, "image/svg+xml"));
    assert!(String::from_utf8_lossy(&body).starts_with("<svg"));
}

#[actix_web::test]
async fn previews_are_light_and_kept_for_an_hour() {
    let app = test::init_service(zonemap::web::app(site())).await;
    let resp = app.call(test::TestRequest::get().uri("/preview.png").to_request()).await.expect("answers");
    assert_eq!(resp.headers().get("cache-control").and_then(|v| v.to_str().ok()), Some("public, max-age=3600"));
    let png = test::read_body(resp).await;
    // An opaque picture is written as RGB: colour type 2 in the IHDR chunk.
    assert_eq!(png[25], 2, "RGB, no alpha channel");
    assert!(png.len() < 200_000, "{} bytes", png.len());
}
