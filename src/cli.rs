//! The command line: `zonemap [serve] [flags]` and `zonemap check FILE`.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// Where the server listens unless told otherwise.
pub const DEFAULT_ADDR: &str = "127.0.0.1:8080";
/// The data file bundled with the repository.
pub const DEFAULT_DATA: &str = "data/zones.geojson";

/// A fast, embeddable map of China's cross-border e-commerce comprehensive pilot zones.
#[derive(Debug, Parser)]
#[command(name = "zonemap", version, args_conflicts_with_subcommands = true)]
pub struct Cli {
    /// What to do; `serve` when omitted.
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Flags for `serve`, accepted without the subcommand too.
    #[command(flatten)]
    pub serve: ServeArgs,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the map over HTTP (the default).
    Serve(ServeArgs),
    /// Validate a data file: print every problem as FILE:LINE:COL and exit non-zero if any.
    Check {
        /// The GeoJSON file to check.
        file: PathBuf,
    },
    /// Write the whole site as static files (pages, embeds, SVG and PNG, API files, assets).
    Export {
        /// The directory to write into (created if missing).
        dir: PathBuf,
        /// The zones data file.
        #[arg(long, env = "ZONEMAP_DATA", default_value = DEFAULT_DATA)]
        data: PathBuf,
        /// The URL the files will be served at; its path is where links point (e.g.
        /// https://cdn.example.org/maps for files under /maps/).
        #[arg(long, env = "ZONEMAP_PUBLIC_URL")]
        public_url: Option<String>,
    },
}

/// Flags for `serve`.
#[derive(Debug, Clone, Args)]
pub struct ServeArgs {
    /// Address to listen on (port 0 picks a free port).
    #[arg(long, env = "ZONEMAP_ADDR", default_value = DEFAULT_ADDR)]
    pub addr: SocketAddr,
    /// The zones data file.
    #[arg(long, env = "ZONEMAP_DATA", default_value = DEFAULT_DATA)]
    pub data: PathBuf,
    /// The URL the site is reached at, for absolute links (embed code, Open Graph).
    #[arg(long, env = "ZONEMAP_PUBLIC_URL")]
    pub public_url: Option<String>,
    /// A raster tile URL template with {z}, {x} and {y}, to draw instead of the bundled basemap.
    #[arg(long, requires = "tiles_attribution")]
    pub tiles: Option<String>,
    /// Attribution shown for --tiles, as the tile provider requires.
    #[arg(long)]
    pub tiles_attribution: Option<String>,
}

impl Cli {
    /// The serve flags, wherever they were given.
    pub fn serve_args(&self) -> &ServeArgs {
        match &self.command {
            Some(Command::Serve(args)) => args,
            _ => &self.serve,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serve_is_the_default() {
        let cli = Cli::try_parse_from(["zonemap", "--addr", "127.0.0.1:0"]).expect("parses");
        assert!(cli.command.is_none());
        assert_eq!(cli.serve_args().addr.port(), 0);
    }

    #[test]
    fn serve_subcommand_takes_flags() {
        let cli = Cli::try_parse_from(["zonemap", "serve", "--data", "x.geojson"]).expect("parses");
        assert_eq!(cli.serve_args().data, PathBuf::from("x.geojson"));
    }

    #[test]
    fn check_takes_a_file() {
        let cli = Cli::try_parse_from(["zonemap", "check", "f.geojson"]).expect("parses");
        assert!(matches!(cli.command, Some(Command::Check { file }) if file == std::path::Path::new("f.geojson")));
    }

    #[test]
    fn export_takes_a_directory_and_a_public_url() {
        let cli = Cli::try_parse_from(["zonemap", "export", "out", "--public-url", "https://cdn.example/maps"]).expect("parses");
        assert!(matches!(cli.command, Some(Command::Export { dir, public_url: Some(u), .. }) if dir == std::path::Path::new("out") && u == "https://cdn.example/maps"));
    }

    #[test]
    fn tiles_need_an_attribution() {
        assert!(Cli::try_parse_from(["zonemap", "--tiles", "https://t/{z}/{x}/{y}.png"]).is_err());
    }

    #[test]
    fn bad_address_is_refused() {
        assert!(Cli::try_parse_from(["zonemap", "--addr", "localhost"]).is_err());
    }
}
