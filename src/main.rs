//! The `insyn` command: parse the command line, call the library, print, exit.

use clap::{Parser, Subcommand};
use insyn::{BuildOptions, build, default_output};
use std::path::PathBuf;
use std::process::ExitCode;

/// Insyn bygger en webbplats av rapporter (årsredovisningar, delårsrapporter,
/// verksamhetsplaner) skrivna som Markdown-filer i mappen content/.
#[derive(Parser)]
#[command(name = "insyn", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Bygg webbplatsen till mappen public/ (eller --output).
    ///
    /// Alla fel i innehållet visas på en gång med fil och rad. Går bygget fel
    /// lämnas den tidigare utdatan orörd.
    Build {
        /// Webbplatsens mapp (där site.toml och content/ finns).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Mappen som webbplatsen skrivs till. Standard: public/ i webbplatsens mapp.
        #[arg(long)]
        output: Option<PathBuf>,
        /// Webbplatsens adress, i stället för base_url i site.toml
        /// (till exempel för en testserver: https://test.example.se/rapporter/).
        #[arg(long)]
        base_url: Option<String>,
        /// Ta med sidor som har draft: true.
        #[arg(long)]
        drafts: bool,
        /// Skriv också .gz- och .br-filer bredvid textfilerna, för webbservrar som kan
        /// skicka förkomprimerade filer.
        #[arg(long)]
        compress: bool,
    },
    /// Kontrollera allt som build kontrollerar, utan att skriva något.
    Check {
        /// Webbplatsens mapp.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Ta med sidor som har draft: true.
        #[arg(long)]
        drafts: bool,
    },
}

fn main() -> ExitCode {
    let (opts, wrote) = match Cli::parse().command {
        Command::Build {
            root,
            output,
            base_url,
            drafts,
            compress,
        } => {
            let output = Some(output.unwrap_or_else(|| default_output(&root)));
            (
                BuildOptions {
                    root,
                    output,
                    base_url,
                    drafts,
                    compress,
                },
                true,
            )
        }
        Command::Check { root, drafts } => (
            BuildOptions {
                root,
                output: None,
                base_url: None,
                drafts,
                compress: false,
            },
            false,
        ),
    };
    match build(&opts) {
        Ok(summary) => {
            println!("{}", summary.line(wrote));
            ExitCode::SUCCESS
        }
        Err(diags) => {
            eprint!("{}", diags.render());
            ExitCode::FAILURE
        }
    }
}
