//! The bundled data against the State Council's lists, as far as our sources confirm them.

use zonemap::data::{self, ZoneIndex};

fn index() -> ZoneIndex {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data/zones.geojson");
    ZoneIndex::from(data::load_file(&path).expect("bundled data is valid"))
}

#[test]
fn batches_hold_the_zones_their_replies_name() {
    let idx = index();
    // (batch, zones its reply designates, zones identified): batches 1-6 and 8 are complete; batch 7
    // holds the zones a source confirms (see data/research), the rest counted as not yet identified.
    let expected = [(1, 1, 1), (2, 12, 12), (3, 22, 22), (4, 24, 24), (5, 46, 46), (6, 27, 27), (7, 33, 30), (8, 16, 16)];
    for (n, designated, identified) in expected {
        let b = idx.batches().iter().find(|b| b.batch.get() == n).expect("batch declared");
        let roster = idx.roster(b.batch).expect("a roster per batch");
        assert_eq!((roster.designated, roster.identified), (Some(designated), identified), "batch {n}");
    }
    let eight = idx.batches().iter().find(|b| b.batch.get() == 8).expect("batch 8");
    let revoked: Vec<&str> = eight.revokes.iter().map(|s| s.as_str()).collect();
    assert_eq!(revoked, ["haikou", "sanya", "alashankou"]);
    let tally = idx.tally(&zonemap::data::ZoneFilter::default());
    assert_eq!(tally.designated_active, 165 + 16 - 3, "MOFCOM's 165 in seven batches, 16 more in 2025, three revoked");
    assert_eq!(idx.get("hangzhou").map(|z| z.props.batch.get()), Some(1));
    assert_eq!(idx.get("xian").map(|z| z.props.approved.as_str()), Some("2018-07-24"));
}

#[test]
fn every_batch_and_zone_has_a_source_and_both_names() {
    let idx = index();
    for b in idx.batches() {
        assert!(b.sources.len() >= 2, "batch {} needs two sources", b.batch);
    }
    for z in idx.zones() {
        assert!(!z.props.sources.is_empty(), "{}", z.slug);
        assert!(z.props.seat.is_some(), "{}: coordinates need their gazetteer", z.slug);
    }
}

#[test]
fn seed_facts_reach_their_zones() {
    let idx = index();
    let shenzhen = idx.get("shenzhen").expect("shenzhen");
    assert!(shenzhen.props.figures.iter().any(|f| f.year == 2017 && f.value.as_str().contains("49 billion")));
    let zhuhai = idx.get("zhuhai").expect("zhuhai");
    assert!(zhuhai.props.logistics.iter().any(|l| l.name.as_str().contains("Zhuhai–Macao Bridge")));
    let guangzhou = idx.get("guangzhou").expect("guangzhou");
    assert!(guangzhou.props.logistics.iter().any(|l| l.name.as_str().contains("Nansha")));
}

#[test]
fn coordinates_are_lon_lat_near_known_seats() {
    let idx = index();
    // Rough positions for a plausibility check only (the data comes from GeoNames).
    for (slug, lon, lat) in [("beijing", 116.4, 39.9), ("urumqi", 87.6, 43.8), ("sanya", 109.5, 18.25), ("harbin", 126.6, 45.75)] {
        let z = idx.get(slug).expect(slug);
        assert!((z.lon - lon).abs() < 0.3 && (z.lat - lat).abs() < 0.3, "{slug}: {} {}", z.lon, z.lat);
    }
}

#[test]
fn every_fact_is_written_in_both_languages() {
    for z in index().zones() {
        let p = &z.props;
        for s in &p.specialties {
            assert!(s.name_zh.is_some(), "{}: specialty {} has no Chinese", z.slug, s.name);
        }
        for l in &p.logistics {
            assert!(l.name_zh.is_some(), "{}: logistics {} has no Chinese", z.slug, l.name);
            assert_eq!(l.description.is_some(), l.description_zh.is_some(), "{}: logistics {} description in one language only", z.slug, l.name);
        }
        for f in &p.figures {
            assert!(f.label_zh.is_some() && f.value_zh.is_some(), "{}: figure {} has no Chinese", z.slug, f.label);
        }
    }
}
