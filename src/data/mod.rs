//! The zone data: its model, loading and validation, and the index the server reads from.

pub mod clusters;
mod error;
mod formats;
mod index;
mod load;
mod zone;

pub use formats::{GROUP_FIELDS, POINT_FIELDS, write_clusters_json, write_csv, write_feature_collection_json, write_points_json};
pub use error::{DataError, DataErrors, Part, Pos};
pub use index::{Province, Roster, Tally, ZoneFilter, ZoneIndex};
pub use load::{Dataset, MAX_FILE_BYTES, load_file, parse};
pub use zone::*;
