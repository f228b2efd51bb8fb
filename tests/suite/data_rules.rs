use zonemap::data::{self, DataError, Part};

use super::fixture;

fn problems(name: &str) -> Vec<DataError> {
    let path = fixture(name);
    let text = std::fs::read_to_string(&path).expect("fixture exists");
    match data::parse(name, &text) {
        Ok(_) => panic!("{name} should be refused"),
        Err(e) => e.0,
    }
}

/// Each fixture, the one problem it must raise: (file, line, feature index, words in the message).
const CASES: &[(&str, usize, Option<usize>, &str)] = &[
    ("invalid_json.geojson", 46, None, "not a JSON object"),
    ("not_a_collection.geojson", 2, None, "must be \"FeatureCollection\""),
    ("duplicate_id.geojson", 84, Some(1), "duplicate id \"alpha\""),
    ("missing_field.geojson", 44, Some(0), "missing required property \"name_zh\""),
    ("undeclared_batch.geojson", 49, Some(0), "batch 7 is not declared"),
    ("swapped_coordinates.geojson", 37, Some(0), "looks like [lat, lon]"),
    ("outside_china.geojson", 37, Some(0), "outside China"),
    ("bad_source_url.geojson", 82, Some(0), "is not an http(s) URL"),
    ("empty_name.geojson", 93, Some(1), "\"name\": must not be empty"),
    ("approved_mismatch.geojson", 98, Some(1), "differs from batch 2's date"),
    ("bad_slug.geojson", 84, Some(1), "is not a slug"),
    ("uncited_source.geojson", 44, Some(0), "cited but not listed"),
    ("not_a_point.geojson", 37, Some(0), "must be a Point"),
    ("far_link.geojson", 44, Some(0), "neither end is within 150 km"),
    ("link_without_ends.geojson", 92, Some(1), "\"ends\" must name the gazetteer entry"),
];

#[test]
fn thin_zones_are_warnings_not_errors() {
    let d = data::load_file(&fixture("valid.geojson")).expect("valid");
    let beta: Vec<&str> = d.warnings.iter().filter(|w| w.part == Part::Feature(1, Some("beta".into()))).map(|w| w.message.as_str()).collect();
    assert_eq!(beta, ["warning: no specialties recorded", "warning: no logistics links recorded"]);
}

#[test]
fn each_fixture_triggers_its_problem_at_its_line() {
    for &(name, line, feature, words) in CASES {
        let all = problems(name);
        let hit = all.iter().find(|e| e.message.contains(words)).unwrap_or_else(|| panic!("{name}: no problem saying {words:?} in {all:#?}"));
        assert_eq!(hit.pos.line, line, "{name}: {hit}");
        assert!(hit.pos.col >= 1);
        match (feature, &hit.part) {
            (None, Part::File) => {}
            (Some(i), Part::Feature(j, _)) => assert_eq!(i, *j, "{name}: {hit}"),
            (want, got) => panic!("{name}: expected feature {want:?}, got {got:?}"),
        }
        assert!(hit.to_string().starts_with(&format!("{name}:{line}:")), "{hit}");
    }
}

#[test]
fn every_problem_is_reported_not_only_the_first() {
    let all = problems("many_problems.geojson");
    let words = ["missing required property \"name_zh\"", "duplicate id", "looks like [lat, lon]", "batch 9 is not declared"];
    for w in words {
        assert!(all.iter().any(|e| e.message.contains(w)), "missing {w:?} in {all:#?}");
    }
    assert!(all.windows(2).all(|p| (p[0].pos.line, p[0].pos.col) <= (p[1].pos.line, p[1].pos.col)), "sorted by position");
}

#[test]
fn the_feature_and_its_id_name_each_problem() {
    let all = problems("duplicate_id.geojson");
    let dup = all.iter().find(|e| e.message.contains("duplicate")).expect("reported");
    assert_eq!(dup.part, Part::Feature(1, Some("alpha".to_owned())));
    assert!(dup.to_string().contains("feature #1 (alpha)"), "{dup}");
}

#[test]
fn valid_fixture_loads_with_every_field() {
    let d = data::load_file(&fixture("valid.geojson")).expect("valid");
    assert_eq!(d.zones.len(), 3);
    let alpha = d.zones.iter().find(|z| z.slug.as_str() == "alpha").expect("alpha");
    assert_eq!((alpha.lon, alpha.lat), (120.16, 30.29));
    assert_eq!(alpha.props.specialties.len(), 1);
    assert_eq!(alpha.props.figures[0].year, 2018);
    assert!(d.zones.iter().any(|z| z.is_former()));
}

#[test]
fn a_route_may_end_abroad_if_it_starts_at_its_zone() {
    let text = std::fs::read_to_string(fixture("far_link.geojson")).expect("fixture");
    // The far link becomes Alpha's airport (Hangzhou) to Liège: near at one end, abroad at the other.
    let abroad = text.replacen("113.915,\n                  22.309", "120.434,\n                  30.229", 1).replacen("113.568,\n                  22.804", "5.443,\n                  50.637", 1);
    assert_ne!(abroad, text, "the fixture's coordinates were replaced");
    let d = data::parse("abroad.geojson", &abroad).expect("a route from its zone to Europe is valid");
    assert!(d.zones.iter().any(|z| z.props.logistics.iter().any(|l| l.geometry.is_some())));
    let nowhere = abroad.replacen("50.637", "95.0", 1);
    let err = data::parse("nowhere.geojson", &nowhere).expect_err("latitude 95 is not on the map");
    assert!(err.0.iter().any(|e| e.message.contains("not a [lon, lat] on the map")), "{err}");
}

#[test]
fn a_batch_short_of_its_reply_is_a_warning_at_its_entry() {
    let d = data::load_file(&fixture("roster.geojson")).expect("valid");
    let batch: Vec<String> = d.warnings.iter().filter(|w| w.part == Part::Batch(1)).map(|w| w.to_string()).collect();
    let path = fixture("roster.geojson");
    assert_eq!(batch, [format!("{}:7:5: batch entry #1: warning: batch 2's reply designates 3 zones and 1 are in this file: 2 not yet identified", path.display())]);
    assert!(!d.warnings.iter().any(|w| w.part == Part::Batch(0)), "batch 1 is complete");
    // No "designated" at all is pointed out too: the site then takes the batch as complete.
    let undeclared = data::load_file(&fixture("valid.geojson")).expect("valid");
    assert!(undeclared.warnings.iter().any(|w| w.part == Part::Batch(0) && w.message.contains("does not say how many zones")));
}

#[test]
fn a_batch_may_revoke_only_former_zones_of_the_file() {
    let text = std::fs::read_to_string(fixture("roster.geojson")).expect("fixture");
    for (revokes, words) in [("\"nowhere\"", "revokes \"nowhere\", which is not a zone in this file"), ("\"alpha\"", "revokes \"alpha\", but that zone's status is \"active\"")] {
        let bad = text.replacen("\"revokes\": [\"gamma\"]", &format!("\"revokes\": [{revokes}]"), 1);
        let err = data::parse("bad.geojson", &bad).expect_err("refused");
        let hit = err.0.iter().find(|e| e.message.contains(words)).unwrap_or_else(|| panic!("{words}: {err}"));
        assert_eq!((hit.pos.line, &hit.part), (7, &Part::Batch(1)), "{hit}");
    }
}

#[test]
fn the_data_says_when_it_was_revised_or_check_points_it_out() {
    let dated = data::load_file(&fixture("roster.geojson")).expect("valid");
    assert_eq!(dated.updated.as_ref().map(|d| d.as_str()), Some("2026-01-15"));
    let text = std::fs::read_to_string(fixture("roster.geojson")).expect("fixture");
    let undated = data::parse("undated.geojson", &text.replace(",\n  \"updated\": \"2026-01-15\"", "")).expect("valid");
    assert!(undated.updated.is_none() && undated.warnings.iter().any(|w| w.message.contains("no \"updated\" date")));
    let err = data::parse("bad.geojson", &text.replace("\"2026-01-15\"", "\"15 Jan 2026\"")).expect_err("refused");
    assert!(err.0.iter().any(|e| e.message.starts_with("\"updated\"") && e.message.contains("YYYY-MM-DD")), "{err}");
}

#[test]
fn a_file_too_large_to_read_at_once_is_read_as_a_stream_with_the_same_findings() {
    // Files over 16 MiB are parsed as they are read, each feature placed by counting what the
    // reader gave; smaller ones are read at once. A 17 MiB member on a line of its own in front
    // of the features takes the problems of a fixture to the stream, one line further down.
    let text = std::fs::read_to_string(fixture("many_problems.geojson")).expect("fixture");
    let body = text.strip_prefix("{\n").expect("the fixture opens with a line of its own");
    let padded = format!("{{\n  \"padding\": \"{}\",\n{body}", "填".repeat(6 << 20));
    assert!(padded.len() > 17 << 20);
    let dir = std::env::temp_dir().join(format!("zonemap-stream-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join("padded.geojson");
    std::fs::write(&path, &padded).expect("write");
    let streamed = data::load_file(&path).expect_err("refused").0;
    let _ = std::fs::remove_dir_all(&dir);
    let whole = problems("many_problems.geojson");
    assert!(whole.len() >= 4 && whole.iter().all(|e| e.pos.line > 1), "{whole:#?}");
    let moved: Vec<(usize, usize, &Part, &str)> = whole.iter().map(|e| (e.pos.line + 1, e.pos.col, &e.part, e.message.as_str())).collect();
    let got: Vec<(usize, usize, &Part, &str)> = streamed.iter().map(|e| (e.pos.line, e.pos.col, &e.part, e.message.as_str())).collect();
    assert_eq!(got, moved);
}
