//! Property tests: the data loader and the query parsers never panic, whatever they are fed,
//! and every problem they report points inside the input. A short run (proptest's default 256
//! cases each) runs with every `cargo test`; raise PROPTEST_CASES for a longer hunt.

use proptest::prelude::*;

use zonemap::data::{self, ZoneIndex};
use zonemap::query::{ApiQuery, EmbedQuery, LangQuery, MapQuery};

fn real() -> &'static str {
    include_str!("../../data/zones.geojson")
}

fn index() -> &'static ZoneIndex {
    static INDEX: std::sync::OnceLock<ZoneIndex> = std::sync::OnceLock::new();
    INDEX.get_or_init(|| ZoneIndex::from(data::parse("zones.geojson", real()).expect("bundled data is valid")))
}

fn check_positions(text: &str) {
    if let Err(errors) = data::parse("f", text) {
        let lines = text.lines().count().max(1);
        for e in errors.0 {
            assert!(e.pos.line >= 1 && e.pos.line <= lines + 1 && e.pos.col >= 1, "{e} for {} lines", lines);
        }
    }
}

proptest! {
    #[test]
    fn loader_survives_any_text(text in "\\PC{0,400}") {
        check_positions(&text);
    }

    #[test]
    fn loader_survives_json_shaped_noise(text in r#"[\[\]{}":,0-9a-z .\-\n]{0,300}"#) {
        check_positions(&text);
    }

    #[test]
    fn loader_survives_a_cut_or_corrupted_real_file(cut in 0usize..20_000, at in 0usize..20_000, byte in b' '..b'~') {
        let text = real();
        let mut bytes = text.as_bytes()[..cut.min(text.len())].to_vec();
        if !bytes.is_empty() {
            let i = at % bytes.len();
            bytes[i] = byte;
        }
        if let Ok(s) = String::from_utf8(bytes) {
            check_positions(&s);
        }
    }

    #[test]
    fn query_parsers_survive_any_query(qs in "\\PC{0,200}") {
        let _ = MapQuery::parse(&qs, index());
        let _ = EmbedQuery::parse(&qs, index());
        let _ = ApiQuery::parse(&qs, index());
        let _ = LangQuery::parse(&qs);
    }

    #[test]
    fn query_parsers_survive_plausible_queries(
        key in prop::sample::select(vec!["batch", "q", "former", "zone", "lang", "legend", "title", "links", "x"]),
        value in r#"[0-9a-z,%&=+ .\-]{0,40}"#,
    ) {
        let qs = format!("{key}={value}");
        let _ = MapQuery::parse(&qs, index());
        let _ = EmbedQuery::parse(&qs, index());
    }
}
