//! The `insyn` command: parse the command line, call the library, print, exit.

use clap::{Parser, Subcommand};
use insyn::{BuildOptions, build, default_output};
use std::io::IsTerminal;
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
    ///
    /// Avslutas med felkod om något är fel – använd i CI.
    Check {
        /// Webbplatsens mapp.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Ta med sidor som har draft: true.
        #[arg(long)]
        drafts: bool,
    },
    /// Visa webbplatsen i webbläsaren medan du skriver.
    ///
    /// Bygger webbplatsen i minnet, visar den på http://127.0.0.1:PORT/ och bygger om
    /// när en fil sparas. Sidan i webbläsaren laddas om av sig själv; blir något fel
    /// visas felet ovanpå den senaste fungerande versionen.
    Serve {
        /// Webbplatsens mapp.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Porten att visa webbplatsen på (0 = välj en ledig).
        #[arg(long, default_value_t = 1111)]
        port: u16,
        /// Visa också sidor som har draft: true (standard när man förhandsgranskar).
        #[arg(long, default_value_t = true)]
        drafts: bool,
    },
    /// Skapa en ny rapport med de vanliga avsnitten och exempel på block.
    New {
        #[command(subcommand)]
        what: NewWhat,
    },
}

#[derive(Subcommand)]
enum NewWhat {
    /// En ny rapport: insyn new report Regionstyrelsen 2025 arsredovisning
    Report {
        /// Organisationens namn, till exempel Regionstyrelsen.
        org: String,
        /// Rapportens år, till exempel 2025.
        year: String,
        /// arsredovisning, delarsrapport, uppfoljningsrapport eller verksamhetsplan.
        kind: String,
        /// Webbplatsens mapp.
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
}

fn main() -> ExitCode {
    match Cli::parse().command {
        Command::Build {
            root,
            output,
            base_url,
            drafts,
            compress,
        } => {
            let output = Some(output.unwrap_or_else(|| default_output(&root)));
            run_build(
                BuildOptions {
                    root,
                    output,
                    base_url,
                    drafts,
                    compress,
                    progress: std::io::stderr().is_terminal(),
                },
                true,
            )
        }
        Command::Check { root, drafts } => run_build(
            BuildOptions {
                root,
                output: None,
                base_url: None,
                drafts,
                compress: false,
                progress: std::io::stderr().is_terminal(),
            },
            false,
        ),
        Command::Serve { root, port, drafts } => {
            match insyn::serve::run(&insyn::serve::ServeOptions { root, port, drafts }) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("fel: {e}");
                    ExitCode::FAILURE
                }
            }
        }
        Command::New {
            what: NewWhat::Report { org, year, kind, root },
        } => match insyn::scaffold::new_report(&root, &org, &year, &kind) {
            Ok(files) => {
                for f in &files {
                    println!("skapade {}", f.display());
                }
                println!("Rapporten är ett utkast (draft: true). Förhandsgranska med: insyn serve");
                ExitCode::SUCCESS
            }
            Err(d) => {
                eprintln!("{d}");
                ExitCode::FAILURE
            }
        },
    }
}

fn run_build(opts: BuildOptions, wrote: bool) -> ExitCode {
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
