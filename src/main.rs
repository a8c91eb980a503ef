//! The `insyn` command: parse the command line, call the library, print, exit.

mod cli;

use cli::{Command, ImportArgs, NewWhat};
use insyn::{BuildOptions, build, default_output};
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

/// jemalloc: faster than the system's allocator for the millions of small strings a build
/// makes, with about the same peak memory (the README's dependency table has the figures).
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

fn main() -> ExitCode {
    let cli = match cli::parse() {
        Ok(cli) => cli,
        Err(code) => return code,
    };
    match cli.command {
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
        Command::Serve { root, port } => serve(root, port),
        Command::Import(args) => run_import(import_options(args)),
        Command::New { what } => new(what),
    }
}

// A preview shows drafts too: that is what it is for.
fn serve(root: PathBuf, port: u16) -> ExitCode {
    match insyn::serve::run(&insyn::serve::ServeOptions {
        root,
        port,
        drafts: true,
    }) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("fel: {e}");
            ExitCode::FAILURE
        }
    }
}

fn import_options(args: ImportArgs) -> insyn::import::Options {
    insyn::import::Options {
        input: args.input,
        folder: args.folder,
        given: insyn::import::front::Given {
            title: args.titel,
            kind: args.typ,
            year: args.year,
            organisation: args.organisation,
            period: args.period,
            publisher: args.utgivare,
        },
        status_words: args
            .statusord
            .iter()
            .map(|p| match p.split_once('=') {
                Some((w, s)) => (w.trim().to_string(), s.trim().to_string()),
                None => (p.clone(), String::new()),
            })
            .collect(),
    }
}

fn new(what: NewWhat) -> ExitCode {
    let (made, next) = match what {
        NewWhat::Site { folder } => (
            insyn::scaffold::new_site(&folder),
            format!(
                "Bygg webbplatsen med: insyn build --root {0}   (eller förhandsgranska: insyn serve --root {0})",
                folder.display()
            ),
        ),
        NewWhat::Report { org, year, kind, root } => (
            insyn::scaffold::new_report(&root, &org, &year, &kind),
            "Rapporten är ett utkast (draft: true). Förhandsgranska med: insyn serve".to_string(),
        ),
    };
    match made {
        Ok(files) => {
            for f in &files {
                println!("skapade {}", f.display());
            }
            println!("{next}");
            ExitCode::SUCCESS
        }
        Err(d) => {
            eprintln!("{d}");
            ExitCode::FAILURE
        }
    }
}

fn run_import(opts: insyn::import::Options) -> ExitCode {
    if let Some((word, _)) = opts
        .status_words
        .iter()
        .find(|(_, s)| insyn::model::Status::parse(s).is_none())
    {
        eprintln!("fel: --statusord \"{word}=…\" anger ingen av Insyns statusar");
        eprintln!(
            "  tips: skriv till exempel --statusord \"{word}=uppfyllt\" ({})",
            insyn::model::Status::names().join(", ")
        );
        return ExitCode::from(2);
    }
    let result = if std::io::stdin().is_terminal() {
        insyn::import::import(&opts, &mut insyn::import::Terminal)
    } else {
        insyn::import::import(&opts, &mut insyn::import::NoAnswers)
    };
    match result {
        Ok(summary) => {
            print!("{}", summary.render(&opts.folder));
            ExitCode::SUCCESS
        }
        Err(diags) => {
            for d in diags {
                eprintln!("{d}");
            }
            ExitCode::FAILURE
        }
    }
}

fn run_build(opts: BuildOptions, wrote: bool) -> ExitCode {
    match build(&opts) {
        Ok(summary) => {
            for w in &summary.warnings {
                eprintln!("varning: {w}");
            }
            println!("{}", summary.line(wrote));
            ExitCode::SUCCESS
        }
        Err(diags) => {
            eprint!("{}", diags.render());
            ExitCode::FAILURE
        }
    }
}
