//! The `insyn` command: parse the command line, call the library, print, exit.

mod cli;

use cli::{Command, NewWhat};
use insyn::{BuildOptions, build, default_output};
use std::io::IsTerminal;
use std::process::ExitCode;

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
        // A preview shows drafts too: that is what it is for.
        Command::Serve { root, port } => {
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
        Command::Import {
            input,
            folder,
            titel,
            typ,
            year,
            organisation,
            period,
            utgivare,
            statusord,
        } => run_import(insyn::import::Options {
            input,
            folder,
            given: insyn::import::front::Given {
                title: titel,
                kind: typ,
                year,
                organisation,
                period,
                publisher: utgivare,
            },
            status_words: statusord
                .iter()
                .map(|p| match p.split_once('=') {
                    Some((w, s)) => (w.trim().to_string(), s.trim().to_string()),
                    None => (p.clone(), String::new()),
                })
                .collect(),
        }),
        Command::New {
            what: NewWhat::Site { folder },
        } => match insyn::scaffold::new_site(&folder) {
            Ok(files) => {
                for f in &files {
                    println!("skapade {}", f.display());
                }
                println!(
                    "Bygg webbplatsen med: insyn build --root {0}   (eller förhandsgranska: insyn serve --root {0})",
                    folder.display()
                );
                ExitCode::SUCCESS
            }
            Err(d) => {
                eprintln!("{d}");
                ExitCode::FAILURE
            }
        },
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
