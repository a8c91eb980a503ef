//! The command line: commands and flags, with help and errors in Swedish.

use clap::{ArgAction, Args, Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

/// Help texts in Swedish, all of them: editors read these.
const HELP: &str = "{about-with-newline}\nAnvändning: {usage}\n\n{all-args}{after-help}";

#[derive(Parser)]
#[command(
    name = "insyn",
    version,
    about = "Insyn bygger en webbplats av rapporter (årsredovisningar, delårsrapporter, verksamhetsplaner) skrivna som Markdown-filer i mappen content/.",
    long_about = None,
    help_template = HELP,
    subcommand_help_heading = "Kommandon",
    subcommand_value_name = "KOMMANDO",
    disable_help_subcommand = true,
    disable_help_flag = true,
    disable_version_flag = true,
    after_help = "Mer hjälp för ett kommando: insyn KOMMANDO --help"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    #[command(flatten)]
    help: HelpFlag,
    /// Visa versionen.
    #[arg(short = 'V', long, action = ArgAction::Version, help_heading = "Flaggor")]
    version: Option<bool>,
}

// The `--help` flag, in Swedish (a plain comment: a doc comment would become the about text).
#[derive(Args)]
struct HelpFlag {
    /// Visa den här hjälpen.
    #[arg(short, long, action = ArgAction::Help, help_heading = "Flaggor", global = true)]
    help: Option<bool>,
}

#[derive(Subcommand)]
pub enum Command {
    /// Bygg webbplatsen till mappen public/ (eller --output).
    ///
    /// Alla fel i innehållet visas på en gång med fil och rad. Går bygget fel
    /// lämnas den tidigare utdatan orörd.
    #[command(help_template = HELP, next_help_heading = "Flaggor", override_usage = "insyn build [FLAGGOR]")]
    Build {
        /// Webbplatsens mapp (där site.toml och content/ finns). Standard: den här mappen.
        #[arg(long, value_name = "MAPP", default_value = ".", hide_default_value = true)]
        root: PathBuf,
        /// Mappen som webbplatsen skrivs till. Standard: public/ i webbplatsens mapp.
        #[arg(long, value_name = "MAPP")]
        output: Option<PathBuf>,
        /// Webbplatsens adress, i stället för base_url i site.toml
        /// (till exempel för en testserver: https://test.example.se/rapporter/).
        #[arg(long, value_name = "ADRESS")]
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
    #[command(help_template = HELP, next_help_heading = "Flaggor", override_usage = "insyn check [FLAGGOR]")]
    Check {
        /// Webbplatsens mapp. Standard: den här mappen.
        #[arg(long, value_name = "MAPP", default_value = ".", hide_default_value = true)]
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
    #[command(help_template = HELP, next_help_heading = "Flaggor", override_usage = "insyn serve [FLAGGOR]")]
    Serve {
        /// Webbplatsens mapp. Standard: den här mappen.
        #[arg(long, value_name = "MAPP", default_value = ".", hide_default_value = true)]
        root: PathBuf,
        /// Porten att visa webbplatsen på (0 = välj en ledig). Standard: 1111.
        #[arg(long, value_name = "PORT", default_value_t = 1111, hide_default_value = true)]
        port: u16,
    },
    /// Gör om en rapport skriven i Word (.docx) till en rapportmapp.
    ///
    /// Rubrikerna på översta nivån blir sidor, tabellerna blir rapportblock med siffrorna
    /// lästa exakt, bilderna läggs bredvid sidorna. Det som inte kunde bli block står kvar
    /// som Markdown-tabeller och räknas upp på slutet. Ingenting skrivs över. Det som inte
    /// går att se i dokumentet frågar Insyn efter (eller ges som flaggor).
    #[command(help_template = HELP, next_help_heading = "Flaggor", override_usage = "insyn import RAPPORT.docx MAPP [FLAGGOR]")]
    Import(ImportArgs),
    /// Skapa en ny webbplats eller en ny rapport.
    #[command(help_template = HELP, subcommand_help_heading = "Vad", subcommand_value_name = "VAD", override_usage = "insyn new site MAPP | insyn new report ORGANISATION ÅR TYP [FLAGGOR]")]
    New {
        #[command(subcommand)]
        what: NewWhat,
    },
}

/// What `insyn import` was given.
#[derive(Args)]
pub struct ImportArgs {
    /// Word-dokumentet, till exempel delarsrapport-1-2024.docx.
    #[arg(value_name = "RAPPORT.docx", help_heading = "Värden", display_order = 1)]
    pub input: PathBuf,
    /// Den nya rapportmappen, till exempel content/regionkontoret/2024-delarsrapport-1.
    #[arg(value_name = "MAPP", help_heading = "Värden", display_order = 2)]
    pub folder: PathBuf,
    /// Rapportens titel (annars dokumentets).
    #[arg(long, value_name = "TITEL")]
    pub titel: Option<String>,
    /// arsredovisning, delarsrapport, uppfoljningsrapport eller verksamhetsplan.
    #[arg(long, value_name = "TYP")]
    pub typ: Option<String>,
    /// Rapportens år.
    #[arg(long = "ar", alias = "år", value_name = "ÅR")]
    pub year: Option<String>,
    /// Organisationen rapporten kommer från, till exempel Regionstyrelsen.
    #[arg(long, value_name = "NAMN")]
    pub organisation: Option<String>,
    /// Delen av året som en delårsrapport täcker, till exempel "jan–apr 2024".
    #[arg(long, value_name = "PERIOD")]
    pub period: Option<String>,
    /// Huvudmannen, om webbplatsen har rapporter från flera, till exempel "Region Västmanland".
    #[arg(long, value_name = "NAMN")]
    pub utgivare: Option<String>,
    /// Vad rapportens egna statusord betyder: --statusord "Klar=uppfyllt" (kan upprepas).
    #[arg(long, value_name = "ORD=STATUS")]
    pub statusord: Vec<String>,
}

#[derive(Subcommand)]
pub enum NewWhat {
    /// En ny webbplats: insyn new site rapporter
    #[command(help_template = HELP, override_usage = "insyn new site MAPP")]
    Site {
        /// Mappen som webbplatsen skapas i (ny, eller tom).
        #[arg(value_name = "MAPP", help_heading = "Värden")]
        folder: PathBuf,
    },
    /// En ny rapport: insyn new report Regionstyrelsen 2025 arsredovisning
    #[command(help_template = HELP, next_help_heading = "Flaggor", override_usage = "insyn new report ORGANISATION ÅR TYP [FLAGGOR]")]
    Report {
        /// Organisationens namn, till exempel Regionstyrelsen.
        #[arg(value_name = "ORGANISATION", help_heading = "Värden", display_order = 1)]
        org: String,
        /// Rapportens år, till exempel 2025.
        #[arg(value_name = "ÅR", help_heading = "Värden", display_order = 2)]
        year: String,
        /// arsredovisning, delarsrapport, uppfoljningsrapport eller verksamhetsplan.
        #[arg(value_name = "TYP", help_heading = "Värden", display_order = 3)]
        kind: String,
        /// Webbplatsens mapp. Standard: den här mappen.
        #[arg(long, value_name = "MAPP", default_value = ".", hide_default_value = true)]
        root: PathBuf,
    },
}

/// clap's own errors, said in Swedish for the usual mistakes.
pub fn parse() -> Result<Cli, ExitCode> {
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    let e = match Cli::try_parse() {
        Ok(cli) => return Ok(cli),
        Err(e) => e,
    };
    if matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) {
        let _ = e.print();
        return Err(ExitCode::SUCCESS);
    }
    if e.kind() == ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand {
        let _ = e.print();
        return Err(ExitCode::from(2));
    }
    let value = |k: ContextKind| match e.get(k) {
        Some(ContextValue::String(s)) => Some(s.clone()),
        Some(ContextValue::Strings(v)) => Some(v.join(", ")),
        _ => None,
    };
    let given = value(ContextKind::InvalidSubcommand)
        .or_else(|| value(ContextKind::InvalidArg))
        .unwrap_or_default();
    let message = match e.kind() {
        ErrorKind::InvalidSubcommand => format!("okänt kommando \"{given}\""),
        ErrorKind::UnknownArgument => format!("okänd flagga \"{given}\""),
        ErrorKind::MissingRequiredArgument => format!("det saknas: {given}"),
        ErrorKind::InvalidValue | ErrorKind::ValueValidation => {
            format!(
                "ogiltigt värde \"{}\" för {given}",
                value(ContextKind::InvalidValue).unwrap_or_default()
            )
        }
        ErrorKind::TooManyValues | ErrorKind::ArgumentConflict => format!("för många värden: {given}"),
        _ => {
            let _ = e.print();
            return Err(ExitCode::from(2));
        }
    };
    eprintln!("fel: {message}");
    if let Some(s) = value(ContextKind::SuggestedSubcommand).or_else(|| value(ContextKind::SuggestedArg)) {
        eprintln!("  tips: menade du \"{s}\"?");
    }
    eprintln!("  Se insyn --help.");
    Err(ExitCode::from(2))
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_command_line_is_consistent() {
        Cli::command().debug_assert();
    }
}
