//! The `zonemap` binary: parses the command line, sets up logging, runs a subcommand, and turns
//! its outcome into an exit code.

use std::process::ExitCode;

use clap::Parser;
use tracing_subscriber::EnvFilter;

use zonemap::cli::{Cli, Command};
use zonemap::web::access_log::LogFormat;
use zonemap::{data, serve};

fn main() -> ExitCode {
    match run() {
        Ok(code) => code,
        Err(e) => {
            eprintln!("zonemap: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> anyhow::Result<ExitCode> {
    let cli = Cli::parse();
    match &cli.command {
        Some(Command::Check { file }) => Ok(check(file)),
        Some(Command::Export { dir, data: file, public_url }) => export(dir, file, public_url.as_deref()),
        Some(Command::Serve(_)) | None => {
            tune_malloc();
            // Kept to the end: dropping it flushes the lines still queued.
            let _log = init_logging();
            let args = cli.serve_args();
            let state = serve::state_from_args(args)?;
            actix_web::rt::System::new().block_on(serve::run(state, args.addr, &args.data))?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// `zonemap check FILE`: every problem on stderr, one per line; exit 1 if any.
fn check(file: &std::path::Path) -> ExitCode {
    match data::load_file(file) {
        Ok(d) => {
            for w in &d.warnings {
                eprintln!("{w}");
            }
            println!("{}: ok, {} zones in {} batches, {} warning(s)", file.display(), d.zones.len(), d.batches.len(), d.warnings.len());
            ExitCode::SUCCESS
        }
        Err(errors) => {
            eprintln!("{errors}");
            eprintln!("{}: {} problem(s)", file.display(), errors.0.len());
            ExitCode::FAILURE
        }
    }
}

fn export(dir: &std::path::Path, file: &std::path::Path, public_url: Option<&str>) -> anyhow::Result<ExitCode> {
    let site = zonemap::site::Site::new(public_url, None).map_err(anyhow::Error::msg)?.for_export();
    let dataset = data::load_file(file).map_err(|errors| anyhow::anyhow!("{errors}\n{} problem(s) in {}; not exporting it", errors.0.len(), file.display()))?;
    let summary = zonemap::export::export(&data::ZoneIndex::from(dataset), &site, dir)?;
    println!("{}: {} files, {} KB", dir.display(), summary.files, summary.bytes / 1024);
    Ok(ExitCode::SUCCESS)
}

/// Lines the request log may hold before it drops them (see `init_logging`).
const LOG_QUEUE_LINES: usize = 16_384;

/// Structured logs on stderr, written from a thread of their own (`tracing-appender`'s
/// non-blocking writer: a request never waits on stderr; should its queue fill, further lines
/// are dropped rather than held; what it drains at once is written at once). One line per request
/// (`src/web/access_log.rs`). `RUST_LOG` tunes the level (`RUST_LOG=warn` drops the request
/// log); `ZONEMAP_LOG=json` prints JSON. The guard flushes the queue when dropped.
fn init_logging() -> tracing_appender::non_blocking::WorkerGuard {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    let ansi = std::io::IsTerminal::is_terminal(&std::io::stderr());
    // Buffered: the writer's thread flushes whenever it has drained its queue, so under load a
    // burst of lines is one write(2) rather than one per line (stderr alone is unbuffered).
    // The queue holds 16,384 lines (0.5 MB, allocated and touched up front; the default 128,000
    // was 4 MB of the 30 MB budget): at 100,000 requests/s that is 160 ms of lines, and the
    // thread drains it far faster than requests fill it.
    let (writer, guard) = tracing_appender::non_blocking::NonBlockingBuilder::default()
        .buffered_lines_limit(LOG_QUEUE_LINES)
        .thread_name("zonemap-log")
        .finish(std::io::BufWriter::with_capacity(64 * 1024, std::io::stderr()));
    let json = std::env::var("ZONEMAP_LOG").is_ok_and(|v| v == "json");
    // The request log writes its own lines to the same queue (see its module); the formatter
    // writes the rest.
    zonemap::web::access_log::install(writer.clone(), if json { LogFormat::Json } else { LogFormat::Text });
    let builder = tracing_subscriber::fmt().with_env_filter(filter).with_writer(writer).with_ansi(ansi);
    if json {
        builder.json().init();
    } else {
        builder.init();
    }
    guard
}

/// glibc malloc settings for a long-running server whose memory is mostly kept bodies:
/// - One arena. glibc gives each thread that allocates its own and keeps what they free: with
///   the background prerendering and two workers that left the server at about 35 MB instead of
///   20. Requests allocate little (bodies are shared, prerendered bytes), so one arena costs
///   them nothing measurable (bench/run).
/// - Blocks of 256 KiB and more always mapped on their own, so that freeing one gives it back.
///   glibc raises that threshold each time such a block is freed (up to 32 MiB), after which
///   large blocks come from the heap and the holes they leave stay resident: compressing the API
///   bodies of 20,000 rich zones peaked at 339 MB, 300 MB with the threshold fixed
///   (`bench/scale`). With the bundled data the warm-up's peak stays at 27 MB (at 128 KiB the
///   same, at 1 MiB 30 MB).
/// - Fixing that threshold also fixes the heap's trim threshold at its default, 128 KiB, which
///   hands memory back and asks for it again on every swing of the heap's top; 4 MiB leaves room
///   for a few bodies' worth.
/// - Serving today's data makes no allocator system calls (counted with strace under load):
///   bodies are shared bytes. Bodies over 256 KiB are handed to actix in pieces, so that its
///   write buffer stays under the threshold (`SEND_WHOLE` in web/body.rs).
///
/// Must run before any thread starts. Only for `serve`: a batch job like `export` rasterises on
/// every core and would contend for the one arena.
fn tune_malloc() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only sets allocator parameters; called first thing, before other threads.
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, 1);
        libc::mallopt(libc::M_MMAP_THRESHOLD, 256 * 1024);
        libc::mallopt(libc::M_TRIM_THRESHOLD, 4 * 1024 * 1024);
    }
}
