//! Structured data for search engines and link previewers (schema.org in JSON-LD): the map is a
//! `Dataset`, a zone page a `WebPage` about a `Place`, a batch page a `WebPage` about the
//! State Council's reply (`Legislation`). Every page carries `dateModified`, the day the data
//! was last revised (the file's `updated`): without it previewers date the map by its first
//! `<time>`, the day of the first batch in 2015.
//!
//! Only what the data says goes in: no licence, author or figures it does not record.

use serde_json::{Value, json};

use crate::data::{Batch, Zone, ZoneIndex};
use crate::site::Site;

use super::Lang;

/// Serialised JSON-LD, safe to write inside a `<script type="application/ld+json">` element.
#[derive(Debug, Clone, PartialEq)]
pub struct JsonLd(String);

impl JsonLd {
    /// `<`, `>` and `&` are written as JSON escapes, so that no text in the data can close the
    /// script element or open a comment in it; the JSON means the same.
    fn new(mut value: Value) -> JsonLd {
        if let Some(obj) = value.as_object_mut() {
            obj.retain(|_, v| !v.is_null());
        }
        let text = value.to_string().replace('<', "\\u003c").replace('>', "\\u003e").replace('&', "\\u0026");
        JsonLd(text)
    }

    /// The element's text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// What every page's object shares: its name, description, address, language and date.
fn page(kind: &str, index: &ZoneIndex, lang: Lang, name: &str, description: &str, url: Option<&str>) -> Value {
    json!({
        "@context": "https://schema.org",
        "@type": kind,
        "name": name,
        "description": description,
        "url": url,
        "inLanguage": lang.html_code(),
        "dateModified": index.updated().map(|d| d.as_str()),
    })
}

/// The map (or an embed of it): the dataset, its period, and its downloads where their
/// absolute addresses are known.
pub fn dataset(index: &ZoneIndex, site: &Site, lang: Lang, name: &str, description: &str, url: Option<&str>) -> JsonLd {
    let mut value = page("Dataset", index, lang, name, description, url);
    let links = site.links();
    let downloads: Vec<Value> = [("zones.geojson", "application/geo+json"), ("zones.csv", "text/csv")]
        .into_iter()
        .filter_map(|(file, format)| site.absolute(&links.api(file)).map(|href| json!({"@type": "DataDownload", "encodingFormat": format, "contentUrl": href})))
        .collect();
    // The programme began with the first batch and goes on: an open-ended ISO 8601 interval.
    let first = index.batches().first().map(|b| format!("{}/..", b.approved.as_str()));
    value["temporalCoverage"] = first.map_or(Value::Null, Value::from);
    value["spatialCoverage"] = json!({"@type": "Place", "name": lang.pick("China", "中国")});
    if !downloads.is_empty() {
        value["distribution"] = Value::Array(downloads);
    }
    JsonLd::new(value)
}

/// A zone's page: about the zone, where it is, and which province it is in.
pub fn zone_page(index: &ZoneIndex, zone: &Zone, lang: Lang, name: &str, description: &str, url: Option<&str>) -> JsonLd {
    let mut value = page("WebPage", index, lang, name, description, url);
    value["about"] = json!({
        "@type": "Place",
        "name": zone.name(lang),
        "alternateName": zone.name(lang.other()),
        "geo": {"@type": "GeoCoordinates", "latitude": zone.lat, "longitude": zone.lon},
        "containedInPlace": {"@type": "AdministrativeArea", "name": zone.province(lang)},
    });
    JsonLd::new(value)
}

/// A batch's page: about the State Council's reply that designated it.
pub fn batch_page(index: &ZoneIndex, batch: &Batch, lang: Lang, name: &str, description: &str, url: Option<&str>) -> JsonLd {
    let mut value = page("WebPage", index, lang, name, description, url);
    let mut reply = json!({
        "@type": "Legislation",
        "name": lang.pick(batch.title.as_str(), batch.title_zh.as_str()),
        "legislationIdentifier": batch.document.as_str(),
        "legislationPassedBy": {"@type": "GovernmentOrganization", "name": lang.pick("State Council of the People's Republic of China", "中华人民共和国国务院")},
    });
    if let Some(signed) = &batch.signed {
        reply["legislationDate"] = signed.as_str().into();
    }
    value["about"] = reply;
    JsonLd::new(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn index() -> ZoneIndex {
        let text = include_str!("../../tests/fixtures/roster.geojson");
        crate::data::parse("roster.geojson", text).expect("fixture loads").into()
    }

    #[test]
    fn script_breaking_text_is_escaped_and_still_means_the_same() {
        let ld = JsonLd::new(json!({"name": "</script><!-- & x", "gone": null}));
        assert!(!ld.as_str().contains('<') && !ld.as_str().contains('>') && !ld.as_str().contains('&'));
        let back: Value = serde_json::from_str(ld.as_str()).expect("still JSON");
        assert_eq!(back, json!({"name": "</script><!-- & x"}));
    }

    #[test]
    fn the_dataset_says_when_the_data_changed_and_where_to_download_it() {
        let index = index();
        let site = Site::new(Some("https://maps.example.org"), None).expect("valid");
        let ld: Value = serde_json::from_str(dataset(&index, &site, Lang::En, "Zones", "All of them", Some("https://maps.example.org/")).as_str()).expect("JSON");
        assert_eq!(ld["@type"], "Dataset");
        assert_eq!(ld["dateModified"], index.updated().expect("fixture has a date").as_str());
        assert_eq!(ld["distribution"][1]["contentUrl"], "https://maps.example.org/api/zones.csv");
        assert!(ld["temporalCoverage"].as_str().is_some_and(|t| t.ends_with("/..")));
        // Without a public URL there is no absolute download address to give.
        let bare: Value = serde_json::from_str(dataset(&index, &Site::default(), Lang::Zh, "Z", "D", None).as_str()).expect("JSON");
        assert!(bare.get("distribution").is_none() && bare.get("url").is_none());
        assert_eq!(bare["inLanguage"], "zh-CN");
    }

    #[test]
    fn a_zone_page_is_about_a_place_with_its_point_and_province() {
        let index = index();
        let zone = &index.zones()[0];
        let ld: Value = serde_json::from_str(zone_page(&index, zone, Lang::Zh, "n", "d", None).as_str()).expect("JSON");
        assert_eq!(ld["about"]["@type"], "Place");
        assert_eq!(ld["about"]["geo"]["latitude"], zone.lat);
        assert_eq!(ld["about"]["alternateName"], zone.name(Lang::En));
        assert_eq!(ld["about"]["containedInPlace"]["name"], zone.province(Lang::Zh));
    }
}
