//! The map drawn by the server: an SVG (`/map.svg`: the first paint of the pages, the map without
//! JavaScript, a print file) and a PNG rendered from it for link previews. Pure functions of the
//! data, so they are unit-tested without a server and cached like every other body.

mod basemap;
mod chart;
mod labels;
mod png;
mod projection;
mod svg;

pub use chart::{CHART_SIZE, describe as describe_chart, step_chart_svg};
pub use png::{PREVIEW_SIZE, PreviewSize, TOUCH_ICON_SIDE, batch_preview_png, preview_png, render_png, touch_icon_png};
pub use projection::{Bounds, Frame};
pub use svg::{SvgOptions, map_svg, titles};
