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
