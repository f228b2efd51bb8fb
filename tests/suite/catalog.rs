//! One catalog of what the site serves (issue #13): every resource the export writes is served
//! by the server too, byte for byte, when both render with the same site settings.

use actix_web::dev::Service;
use actix_web::test as actix_test;

use zonemap::data::{self, ZoneIndex};
use zonemap::links::{Links, Routing};
use zonemap::resource::{self, Resource};
use zonemap::site::Site;
use zonemap::web::AppState;

use super::fixture;

#[actix_web::test]
async fn every_exported_resource_is_served_byte_identical() {
    let load = || ZoneIndex::from(data::load_file(&fixture("roster.geojson")).expect("valid"));
    let site = Site::new(Some("https://cdn.example.org/maps"), None).expect("valid").for_export();
    let dir = std::env::temp_dir().join(format!("zonemap-catalog-{}", std::process::id()));
    zonemap::export::export(&load(), &site, &dir).expect("exports");
    let app = actix_test::init_service(zonemap::web::app(AppState::new(load(), site))).await;
    let mut compared = 0;
    for r in resource::catalog(&load()) {
        let Some(path) = r.export_path() else { continue };
        // The server answers a missing path with its own 404 (naming the path); 404.html is
        // what a static host shows instead.
        if r == Resource::NotFound {
            continue;
        }
        let uri = r.link(Links::new("", Routing::Server)).expect("everything exported has a server address");
        let resp = app.call(actix_test::TestRequest::get().uri(&uri).to_request()).await.expect("answers");
        assert_eq!(resp.status(), 200, "{uri}");
        let served = actix_test::read_body(resp).await;
        let written = std::fs::read(dir.join(&path)).unwrap_or_else(|e| panic!("{path}: {e}"));
        assert!(served == written, "{uri} differs from the exported {path}");
        compared += 1;
    }
    std::fs::remove_dir_all(&dir).expect("clean up");
    // Map, embed and SVG in two languages; the default GeoJSON and CSV and every zone's GeoJSON
    // (former ones too, the export's zones-all.geojson) and the points; two batch pages and maps
    // in two; three zones' pages and panels in two; three Features; previews (1 + 2 batches + 3
    // zones) in two; the touch icon; the table in two; two provinces' pages in two; the step chart in two.
    assert_eq!(compared, 6 + 4 + 8 + 12 + 3 + 12 + 1 + 2 + 4 + 2, "every kind of resource was compared");
}

#[test]
fn the_warm_up_is_started_by_the_owner_observable_and_cancelled_on_replace() {
    let load = || ZoneIndex::from(data::load_file(&fixture("roster.geojson")).expect("valid"));
    let state = AppState::new(load(), Site::default());
    let first = state.snapshot();
    assert_eq!(first.warmup.progress(), (0, 0), "a new state renders on demand until its owner warms it");
    state.start_warming();
    let until = std::time::Instant::now() + std::time::Duration::from_secs(30);
    while !first.warmup.is_finished() && std::time::Instant::now() < until {
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    let (done, total) = first.warmup.progress();
    assert!(first.warmup.is_finished() && done == total && total == resource::warm_list(&load()).len(), "{done} of {total}");
    state.replace(load());
    assert!(first.warmup.is_cancelled(), "the replaced snapshot stops warming");
    let second = state.snapshot();
    while !second.warmup.is_finished() && std::time::Instant::now() < until {
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    assert!(second.warmup.is_finished() && !second.warmup.is_cancelled(), "the new one warms in turn");
}
