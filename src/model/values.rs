//! The small values of reports: units, statuses, directions, chart kinds and the symbols of
//! official statistics for values that are not numbers. Each has one list of spellings that
//! editors write; reading them from any input format is the loader's job.

use std::collections::HashSet;
use std::sync::{Mutex, OnceLock};

/// Which way an indicator improves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Direction {
    HigherIsBetter,
    LowerIsBetter,
}

impl Direction {
    pub fn parse(s: &str) -> Option<Direction> {
        match s.trim().to_lowercase().as_str() {
            "högre" | "högre är bättre" | "hogre" | "upp" => Some(Direction::HigherIsBetter),
            "lägre" | "lägre är bättre" | "lagre" | "ned" | "ner" => Some(Direction::LowerIsBetter),
            _ => None,
        }
    }

    pub const HINT: &'static str =
        "skriv riktning: högre (högre värde är bättre) eller riktning: lägre (lägre värde är bättre)";
}

/// How far an assignment or indicator has come: one list, shared by both. Bodies use their
/// own words for these ("Klar", "Grön", "Negativ"); a site maps its words onto this list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Status {
    Fulfilled,
    PartlyFulfilled,
    NotFulfilled,
    InProgress,
    NotStarted,
    Cancelled,
}

impl Status {
    pub const ALL: [Status; 6] = [
        Status::Fulfilled,
        Status::PartlyFulfilled,
        Status::NotFulfilled,
        Status::InProgress,
        Status::NotStarted,
        Status::Cancelled,
    ];

    /// Insyn's own word for the status.
    pub fn name(self) -> &'static str {
        match self {
            Status::Fulfilled => "uppfyllt",
            Status::PartlyFulfilled => "delvis uppfyllt",
            Status::NotFulfilled => "ej uppfyllt",
            Status::InProgress => "pågår",
            Status::NotStarted => "ej påbörjat",
            Status::Cancelled => "avbrutet",
        }
    }

    pub fn names() -> Vec<&'static str> {
        Status::ALL.iter().map(|s| s.name()).collect()
    }

    /// Insyn's words and their common inflections; a body's other words come from the site's
    /// vocabulary ([`StatusWords`]).
    pub fn parse(s: &str) -> Option<Status> {
        let t = normalise_word(s);
        let t = match t.as_str() {
            "uppfylls" | "uppfylld" => "uppfyllt",
            "uppfylls delvis" | "delvis uppfylld" | "delvis uppfylls" => "delvis uppfyllt",
            "uppfylls inte" | "inte uppfyllt" | "ej uppfylld" => "ej uppfyllt",
            "pagar" => "pågår",
            "ej paborjat" | "inte påbörjat" => "ej påbörjat",
            other => other,
        };
        Status::ALL.into_iter().find(|s| s.name() == t)
    }
}

fn normalise_word(s: &str) -> String {
    s.trim()
        .to_lowercase()
        .replace(['_', '-'], " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// A status as the report states it: the body's own word, and what it means in Insyn's list.
/// Residents read the word; counts, charts and history use the status.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct StatedStatus {
    pub status: Status,
    /// The word as the report writes it (`Klar`, `Uppfyllt`).
    pub word: String,
}

impl StatedStatus {
    /// A status the build derived itself, in Insyn's own word.
    pub fn own(status: Status) -> StatedStatus {
        StatedStatus {
            status,
            word: status.name().to_string(),
        }
    }
}

/// A body's own status words mapped onto Insyn's statuses (`Klar` → uppfyllt).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StatusWords {
    words: Vec<(String, Status)>,
}

impl StatusWords {
    /// `(word, status)` pairs; later pairs win over earlier ones for the same word.
    pub fn new(pairs: impl IntoIterator<Item = (String, Status)>) -> StatusWords {
        let mut words: Vec<(String, Status)> = Vec::new();
        for (w, s) in pairs {
            let key = normalise_word(&w);
            words.retain(|(k, _)| *k != key);
            words.push((key, s));
        }
        StatusWords { words }
    }

    /// This vocabulary with `more` on top (a report's words over the site's).
    pub fn with(&self, more: &StatusWords) -> StatusWords {
        StatusWords::new(self.words.iter().chain(&more.words).cloned())
    }

    /// The meaning of a word: the body's vocabulary first, then Insyn's own words.
    pub fn read(&self, word: &str) -> Option<StatedStatus> {
        let key = normalise_word(word);
        let status = self
            .words
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, s)| *s)
            .or_else(|| Status::parse(word))?;
        Some(StatedStatus {
            status,
            word: word.trim().to_string(),
        })
    }

    /// Read a status word, or report it with how to add it to the vocabulary.
    pub fn read_or_report(
        &self,
        word: &str,
        origin: &crate::model::origin::Origin,
        at: crate::model::origin::At,
        diags: &mut Vec<crate::diagnostics::Diagnostic>,
    ) -> Option<StatedStatus> {
        if word.trim().is_empty() {
            return None;
        }
        let s = self.read(word);
        if s.is_none() {
            let known = self.known();
            let known: Vec<&str> = known.iter().map(String::as_str).collect();
            let suggestion = crate::diagnostics::suggestion_hint(word, &known, "statusar");
            diags.push(origin.error(&at, format!("okänd status \"{}\"", word.trim())).hint(format!(
                "{suggestion}; är det organisationens eget ord, ange vad det betyder i site.toml under [statusord], till exempel \"{}\" = \"uppfyllt\"",
                word.trim()
            )));
        }
        s
    }

    /// Every word that is understood, for suggestions.
    pub fn known(&self) -> Vec<String> {
        let mut v: Vec<String> = Status::names().into_iter().map(str::to_string).collect();
        v.extend(self.words.iter().map(|(k, _)| k.clone()));
        v
    }
}

/// How a table's figures are drawn next to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChartKind {
    Line,
    Bars,
}

impl ChartKind {
    pub fn parse(s: &str) -> Option<ChartKind> {
        match s.trim() {
            "linje" => Some(ChartKind::Line),
            "stapel" | "staplar" => Some(ChartKind::Bars),
            _ => None,
        }
    }
}

/// The unit of a figure. The money and percent units are known to formatting and checks;
/// any other unit is the editor's own word (`årsarbetare`, `timmar`, `kr/invånare`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Unit {
    Kr,
    Tkr,
    Mnkr,
    Mdkr,
    Percent,
    PercentagePoints,
    Count,
    Days,
    Index,
    Km,
    Kwh,
    TonCo2e,
    /// The editor's own unit, as written.
    Other(&'static str),
}

impl Unit {
    pub const KNOWN: [Unit; 12] = [
        Unit::Kr,
        Unit::Tkr,
        Unit::Mnkr,
        Unit::Mdkr,
        Unit::Percent,
        Unit::PercentagePoints,
        Unit::Count,
        Unit::Days,
        Unit::Index,
        Unit::Km,
        Unit::Kwh,
        Unit::TonCo2e,
    ];

    /// The unit as written after a number (`72 704 tkr`).
    pub fn symbol(self) -> &'static str {
        match self {
            Unit::Kr => "kr",
            Unit::Tkr => "tkr",
            Unit::Mnkr => "mnkr",
            Unit::Mdkr => "mdkr",
            Unit::Percent => "%",
            Unit::PercentagePoints => "procentenheter",
            Unit::Count => "antal",
            Unit::Days => "dagar",
            Unit::Index => "index",
            Unit::Km => "km",
            Unit::Kwh => "kWh",
            Unit::TonCo2e => "ton CO2e",
            Unit::Other(s) => s,
        }
    }

    /// The unit in words, for captions and screen readers.
    pub fn words(self) -> &'static str {
        match self {
            Unit::Kr => "kronor",
            Unit::Tkr => "tusental kronor",
            Unit::Mnkr => "miljoner kronor",
            Unit::Mdkr => "miljarder kronor",
            Unit::Percent => "procent",
            Unit::PercentagePoints => "procentenheter",
            Unit::Count => "antal",
            Unit::Days => "dagar",
            Unit::Index => "indexvärde",
            Unit::Km => "kilometer",
            Unit::Kwh => "kilowattimmar",
            Unit::TonCo2e => "ton koldioxidekvivalenter",
            Unit::Other(s) => s,
        }
    }

    /// Money: a table in one of these units can be summed and drawn as amounts.
    pub fn is_money(self) -> bool {
        matches!(self, Unit::Kr | Unit::Tkr | Unit::Mnkr | Unit::Mdkr)
    }

    /// Shares and rates: never added up into a total.
    pub fn is_ratio(self) -> bool {
        matches!(self, Unit::Percent | Unit::PercentagePoints | Unit::Index)
    }

    /// A known unit by its symbol or words, or the editor's own word. Only an empty text, or
    /// one with characters that cannot be part of a unit, is refused.
    pub fn parse(s: &str) -> Option<Unit> {
        let t = s.trim();
        let lower = t.to_lowercase();
        let known = Unit::KNOWN
            .into_iter()
            .find(|u| u.symbol().to_lowercase() == lower || u.words() == lower)
            .or(match lower.as_str() {
                "procent" => Some(Unit::Percent),
                "procentenhet" | "pe" | "p.e." => Some(Unit::PercentagePoints),
                "st" | "stycken" => Some(Unit::Count),
                "dag" => Some(Unit::Days),
                "miljoner" | "mkr" | "mnkr." => Some(Unit::Mnkr),
                "tusen kronor" | "tkr." => Some(Unit::Tkr),
                _ => None,
            });
        if known.is_some() {
            return known;
        }
        let ok = !t.is_empty()
            && t.chars().count() <= 40
            && t.chars().all(|c| c.is_alphanumeric() || " /.-²³%€$".contains(c))
            && t.chars().any(char::is_alphabetic);
        ok.then(|| Unit::Other(intern(t)))
    }
}

/// The editor's own unit names live as long as the program (there are few of them), so that
/// a unit stays a small copyable value.
fn intern(s: &str) -> &'static str {
    static NAMES: OnceLock<Mutex<HashSet<&'static str>>> = OnceLock::new();
    let mut names = NAMES
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(|e| e.into_inner());
    if let Some(n) = names.get(s) {
        return n;
    }
    let leaked: &'static str = Box::leak(s.to_string().into_boxed_str());
    names.insert(leaked);
    leaked
}

/// The symbols of official statistics (SCB, Kolada) for values that are not numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum MissingSymbol {
    /// `-`: nothing to report (zero / no occurrence).
    Nothing,
    /// `.`: the value cannot occur.
    NotApplicable,
    /// `..`: not available or too uncertain to report.
    NotAvailable,
}

impl MissingSymbol {
    pub fn parse(text: &str) -> Option<Self> {
        match text.trim() {
            "-" | "–" | "—" | "\u{2212}" => Some(Self::Nothing),
            "." => Some(Self::NotApplicable),
            ".." | "…" => Some(Self::NotAvailable),
            _ => None,
        }
    }

    /// In a sum, "nothing" and "cannot occur" count as zero; "not available" cannot be added.
    pub fn counts_as_zero(self) -> bool {
        !matches!(self, MissingSymbol::NotAvailable)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bodys_own_words() {
        let words = StatusWords::new([
            ("Klar".to_string(), Status::Fulfilled),
            ("Negativ".to_string(), Status::NotFulfilled),
        ]);
        let s = words.read(" klar ").unwrap();
        assert_eq!((s.status, s.word.as_str()), (Status::Fulfilled, "klar"));
        assert_eq!(words.read("Uppfyllt").unwrap().status, Status::Fulfilled);
        assert_eq!(words.read("delvis-uppfyllt").unwrap().status, Status::PartlyFulfilled);
        assert!(words.read("Grön").is_none());
        let report = StatusWords::new([("Klar".to_string(), Status::InProgress)]);
        assert_eq!(words.with(&report).read("Klar").unwrap().status, Status::InProgress);
    }

    #[test]
    fn units_known_and_own() {
        assert_eq!(Unit::parse("mnkr"), Some(Unit::Mnkr));
        assert_eq!(Unit::parse("Procent"), Some(Unit::Percent));
        assert_eq!(Unit::parse("st"), Some(Unit::Count));
        let u = Unit::parse("årsarbetare").unwrap();
        assert_eq!(u.symbol(), "årsarbetare");
        assert_eq!(Unit::parse("årsarbetare"), Some(u), "the same word is the same unit");
        assert_eq!(Unit::parse("kr/invånare").unwrap().symbol(), "kr/invånare");
        assert!(Unit::parse("").is_none() && Unit::parse("<b>").is_none() && Unit::parse("123").is_none());
        assert!(Unit::Tkr.is_money() && Unit::Percent.is_ratio() && !u.is_ratio());
    }
}
