//! The `keikaku` command: parse the command line, run a command, exit with its code.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

// A build allocates and frees millions of small strings and JSON values (template contexts,
// escaped text); glibc's malloc and free were a third of its instructions (callgrind).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Static site generator for Japanese municipal DX plans, in several languages.
#[derive(Parser)]
#[command(name = "keikaku", version, about)]
struct Cli {
    /// Project directory (holding keikaku.toml).
    #[arg(long, global = true, default_value = ".")]
    root: PathBuf,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into site/ (or --output), atomically.
    Build {
        /// Output directory.
        #[arg(long, short)]
        output: Option<PathBuf>,
        /// Public URL of the site, overriding keikaku.toml (may carry a sub-path).
        #[arg(long)]
        base_url: Option<String>,
        /// Print the time of each stage (load, model, each part of rendering, write) to stderr.
        #[arg(long)]
        timings: bool,
    },
    /// Validate everything, including internal links, and report translation coverage.
    Check {
        /// A previously published sitemap.xml (file or http(s) URL): fail if a URL in it would
        /// be neither built nor redirected.
        #[arg(long, value_name = "SITEMAP")]
        against: Option<String>,
        /// Public URL of the site, overriding keikaku.toml (as for build).
        #[arg(long)]
        base_url: Option<String>,
    },
    /// Build, serve on 127.0.0.1, rebuild on change and reload the browser.
    Serve {
        /// Port to listen on (0 picks a free one).
        #[arg(long, short, default_value_t = 1111)]
        port: u16,
    },
    /// Print, as JSON, the context a page's template receives (for theme writers).
    Context {
        /// The page's path below the site, e.g. `ja/plans/moka-dx/`.
        page: String,
    },
    /// Create new content files in every configured language.
    New {
        #[command(subcommand)]
        what: keikaku::scaffold::NewCommand,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Build { output, base_url, timings } => keikaku::commands::build(&cli.root, output, base_url.as_deref(), timings),
        Command::Check { against, base_url } => keikaku::commands::check(&cli.root, against.as_deref(), base_url.as_deref()),
        Command::Serve { port } => keikaku::serve::serve(&cli.root, port),
        Command::Context { page } => keikaku::commands::context(&cli.root, &page),
        Command::New { what } => keikaku::scaffold::new(&cli.root, what),
    }
}
