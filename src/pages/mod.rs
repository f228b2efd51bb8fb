//! View models, one per page, each an askama template built from the index and the site. They
//! know nothing of HTTP, so tests (and a static export) can render them directly.

mod batch;
mod config;
mod dialog;
mod embed;
mod embed_code;
pub mod embed_height;
mod error;
mod map;
mod meta;
mod panel;
mod province;
mod structured;
mod table;
mod views;
mod zone;

pub use batch::BatchPage;
pub use config::MapConfig;
pub use dialog::{EMBED_HEIGHT, EmbedDialog};
pub use embed::EmbedPage;
pub use embed_code::{EmbedCode, with_fallback};
pub use error::ErrorPage;
pub use crate::lang::Lang;
pub use crate::query::view_query;
pub use map::MapPage;
pub use meta::{PREVIEW_SIZE, PageMeta};
pub use panel::{Panel, PanelFragment};
pub use crate::ui::Ui;
pub use views::{BatchGroup, LIST_PAGE_SIZE, ZoneView, list_pages};
pub use province::ProvincePage;
pub use table::TablePage;
pub use zone::ZonePage;
