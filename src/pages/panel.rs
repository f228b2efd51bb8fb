//! The detail panel of one zone: batch, specialties, logistics, figures and sources. The same
//! partial is the body of `/zones/{slug}`, the panel of `/?zone=` without JavaScript, and the
//! fragment `/zones/{slug}/panel` that the map's script loads when a marker is activated.

use askama::Template;

use crate::data::{Figure, Logistics, Slug, Source, Specialty, Text, ZoneIndex};
use crate::links::Links;

use super::{Lang, Ui, ZoneView};

/// The panel's view model.
#[derive(Debug, Clone, Copy)]
pub struct Panel<'a> {
    /// The zone shown.
    pub view: ZoneView<'a>,
    /// The index, for the zone's neighbours in its batch.
    index: &'a ZoneIndex,
}

impl<'a> Panel<'a> {
    /// The panel for `slug`, if there is such a zone.
    pub fn new(index: &'a ZoneIndex, slug: &Slug, lang: Lang, links: Links<'a>) -> Option<Panel<'a>> {
        let zone = index.get(slug)?;
        ZoneView::new(index, zone, lang, links).map(|view| Panel { view, index })
    }

    /// What the zone trades and makes.
    pub fn specialties(&self) -> &'a [Specialty] {
        &self.view.zone.props.specialties
    }

    /// How its goods move.
    pub fn logistics(&self) -> &'a [Logistics] {
        &self.view.zone.props.logistics
    }

    /// Figures with years.
    pub fn figures(&self) -> &'a [Figure] {
        &self.view.zone.props.figures
    }

    /// Where the facts come from, the batch's notice sources first.
    pub fn sources(&self) -> Vec<&'a Source> {
        let mut all: Vec<&Source> = self.view.batch.sources.iter().collect();
        for s in &self.view.zone.props.sources {
            if !all.iter().any(|a| a.url == s.url) {
                all.push(s);
            }
        }
        all
    }

    /// The batch's approval date.
    pub fn approved(&self) -> &'a str {
        self.view.batch.approved.as_str()
    }

    /// The batch's document number.
    pub fn document(&self) -> &'a str {
        self.view.batch.document.as_str()
    }

    /// The batch's colour.
    pub fn colour(&self) -> &'a str {
        self.view.batch.colour.as_str()
    }

    /// Text in the page's language: the Chinese form on a Chinese page when the data has one,
    /// otherwise the English.
    fn local(&self, en: &'a Text, zh: &'a Option<Text>) -> &'a str {
        match (zh, self.view.lang) {
            (Some(zh), Lang::Zh) => zh.as_str(),
            _ => en.as_str(),
        }
    }

    /// A specialty's name in the page's language.
    pub fn specialty_name(&self, s: &'a Specialty) -> &'a str {
        self.local(&s.name, &s.name_zh)
    }

    /// A logistics link's name in the page's language.
    pub fn logistics_name(&self, l: &'a Logistics) -> &'a str {
        self.local(&l.name, &l.name_zh)
    }

    /// A logistics link's description in the page's language.
    pub fn logistics_description(&self, l: &'a Logistics) -> Option<&'a str> {
        l.description.as_ref().map(|en| self.local(en, &l.description_zh))
    }

    /// A figure's label in the page's language.
    pub fn figure_label(&self, f: &'a Figure) -> &'a str {
        self.local(&f.label, &f.label_zh)
    }

    /// A figure's value in the page's language.
    pub fn figure_value(&self, f: &'a Figure) -> &'a str {
        self.local(&f.value, &f.value_zh)
    }

    /// The other active zones designated in the same batch.
    pub fn same_batch(&self) -> Vec<ZoneView<'a>> {
        let (view, index) = (self.view, self.index);
        index.active_in(view.batch.batch).filter(|z| z.slug != view.zone.slug).map(|zone| ZoneView { zone, ..view }).collect()
    }

    /// The specialties as one line, for the compact card of an embedded zone.
    pub fn specialties_line(&self) -> String {
        let sep = self.view.lang.pick(", ", "、");
        self.specialties().iter().map(|s| self.specialty_name(s)).collect::<Vec<_>>().join(sep)
    }

    /// Up to three logistics links' names as one line, for the compact card.
    pub fn logistics_line(&self) -> String {
        let sep = self.view.lang.pick("; ", "；");
        self.logistics().iter().take(3).map(|l| self.logistics_name(l)).collect::<Vec<_>>().join(sep)
    }

    /// Whether nothing beyond the designation is recorded yet.
    pub fn little_known(&self) -> bool {
        self.specialties().is_empty() && self.logistics().is_empty() && self.figures().is_empty()
    }
}

/// `/zones/{slug}/panel`: the panel alone, as an HTML fragment.
#[derive(Template)]
#[template(path = "panel.html")]
pub struct PanelFragment<'a> {
    /// The panel.
    pub panel: Panel<'a>,
    /// Interface strings.
    pub ui: Ui,
}
