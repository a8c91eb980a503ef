//! Small values of blocks with a closed set of spellings: status, direction, unit, sign
//! convention, chart kind. Each refuses anything else with the valid spellings as a hint.

use crate::diagnostics::suggestion_hint;
use crate::load::yaml::{pair, scalar};
use serde::{Deserialize, Deserializer};

/// Which way an indicator improves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Direction {
    HigherIsBetter,
    LowerIsBetter,
}

impl<'de> Deserialize<'de> for Direction {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        scalar(d, "a string", |s: &str| match s.trim().to_lowercase().as_str() {
            "högre" | "högre är bättre" | "hogre" | "upp" => Ok(Direction::HigherIsBetter),
            "lägre" | "lägre är bättre" | "lagre" | "ned" | "ner" => Ok(Direction::LowerIsBetter),
            _ => Err(pair(
                format!("okänd riktning \"{s}\""),
                "skriv riktning: högre (högre värde är bättre) eller riktning: lägre (lägre värde är bättre)",
            )),
        })
    }
}

/// How far an assignment or indicator has come: one list, shared by both.
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

    /// The word editors write, and residents read.
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

    pub fn parse(s: &str) -> Option<Status> {
        let t = s.trim().to_lowercase().replace(['_', '-'], " ");
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

impl<'de> Deserialize<'de> for Status {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        scalar(d, "a string", |s: &str| {
            Status::parse(s).ok_or_else(|| {
                let names: Vec<&str> = Status::ALL.iter().map(|s| s.name()).collect();
                pair(format!("okänd status \"{s}\""), suggestion_hint(s, &names, "statusar"))
            })
        })
    }
}

/// Which way a deviation is computed; tables in real reports use both.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignConvention {
    /// avvikelse = utfall − budget (the resultaträkning: costs negative, positive = surplus).
    OutcomeMinusBudget,
    /// avvikelse = budget − utfall (investment tables: positive = less spent than budgeted).
    BudgetMinusOutcome,
}

impl<'de> Deserialize<'de> for SignConvention {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        scalar(d, "a string", |s: &str| {
            let t: String = s
                .to_lowercase()
                .replace("minus", "-")
                .chars()
                .map(|c| if matches!(c, '\u{2212}' | '\u{2013}') { '-' } else { c })
                .filter(|c| c.is_alphabetic() || *c == '-')
                .collect();
            let t = t.split('-').filter(|p| !p.is_empty()).collect::<Vec<_>>().join("-");
            match t.as_str() {
                "utfall-budget" => Ok(SignConvention::OutcomeMinusBudget),
                "budget-utfall" => Ok(SignConvention::BudgetMinusOutcome),
                _ => Err(pair(
                    format!("okänd teckenkonvention \"{s}\""),
                    "skriv avvikelse: utfall − budget (som i resultaträkningen) eller avvikelse: budget − utfall (som i investeringstabeller)",
                )),
            }
        })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChartKind {
    Line,
    Bars,
}

impl<'de> Deserialize<'de> for ChartKind {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        scalar(d, "a string", |s: &str| match s.trim() {
            "linje" => Ok(ChartKind::Line),
            "stapel" | "staplar" => Ok(ChartKind::Bars),
            _ => Err(pair(
                format!("okänd diagramtyp \"{s}\""),
                suggestion_hint(s, &["linje", "stapel"], "diagramtyper"),
            )),
        })
    }
}

/// A text that editors may write as a number too (`period: 2023`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Text(pub String);

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        scalar(d, "a string", |s: &str| Ok(Text(s.to_string())))
    }
}

/// The unit of an amount, from a short list so that formatting and checks know it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Unit {
    Kr,
    Tkr,
    Mnkr,
    Mdkr,
    Percent,
    Count,
    Days,
    Index,
    Km,
    Kwh,
    TonCo2e,
}

impl Unit {
    pub const ALL: [Unit; 11] = [
        Unit::Kr,
        Unit::Tkr,
        Unit::Mnkr,
        Unit::Mdkr,
        Unit::Percent,
        Unit::Count,
        Unit::Days,
        Unit::Index,
        Unit::Km,
        Unit::Kwh,
        Unit::TonCo2e,
    ];

    /// The unit as written after a number (`72 704 tkr`); empty for plain counts.
    pub fn symbol(self) -> &'static str {
        match self {
            Unit::Kr => "kr",
            Unit::Tkr => "tkr",
            Unit::Mnkr => "mnkr",
            Unit::Mdkr => "mdkr",
            Unit::Percent => "%",
            Unit::Count => "antal",
            Unit::Days => "dagar",
            Unit::Index => "index",
            Unit::Km => "km",
            Unit::Kwh => "kWh",
            Unit::TonCo2e => "ton CO2e",
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
            Unit::Count => "antal",
            Unit::Days => "dagar",
            Unit::Index => "indexvärde",
            Unit::Km => "kilometer",
            Unit::Kwh => "kilowattimmar",
            Unit::TonCo2e => "ton koldioxidekvivalenter",
        }
    }

    pub fn parse(s: &str) -> Option<Unit> {
        let t = s.trim();
        let lower = t.to_lowercase();
        Unit::ALL
            .into_iter()
            .find(|u| u.symbol().to_lowercase() == lower || u.words() == lower)
            .or(match lower.as_str() {
                "procent" => Some(Unit::Percent),
                "st" | "stycken" => Some(Unit::Count),
                _ => None,
            })
    }
}

impl<'de> Deserialize<'de> for Unit {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        scalar(d, "a string", |s: &str| {
            Unit::parse(s).ok_or_else(|| {
                let names: Vec<&str> = Unit::ALL.iter().map(|u| u.symbol()).collect();
                pair(format!("okänd enhet \"{s}\""), suggestion_hint(s, &names, "enheter"))
            })
        })
    }
}
