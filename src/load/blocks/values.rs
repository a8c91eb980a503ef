//! How editors write the small values of blocks: each closed set of spellings is refused with
//! the valid ones as a hint. The values themselves belong to the model.

use crate::diagnostics::suggestion_hint;
use crate::load::yaml::{pair, scalar};
use crate::model::values::{ChartKind, Direction, Unit};
use serde::{Deserialize, Deserializer};

impl<'de> Deserialize<'de> for Direction {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        scalar(d, "a string", |s: &str| {
            Direction::parse(s).ok_or_else(|| pair(format!("okänd riktning \"{s}\""), Direction::HINT))
        })
    }
}

/// Which way an `ekonomitabell`'s deviation is computed; tables in real reports use both.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignConvention {
    /// avvikelse = utfall − budget (the resultaträkning: costs negative, positive = surplus).
    OutcomeMinusBudget,
    /// avvikelse = budget − utfall (investment tables: positive = less spent than budgeted).
    BudgetMinusOutcome,
}

impl SignConvention {
    /// The deviation column's formula.
    pub fn formula(self) -> &'static str {
        match self {
            SignConvention::OutcomeMinusBudget => "utfall \u{2212} budget",
            SignConvention::BudgetMinusOutcome => "budget \u{2212} utfall",
        }
    }
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

impl<'de> Deserialize<'de> for ChartKind {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        scalar(d, "a string", |s: &str| {
            ChartKind::parse(s).ok_or_else(|| {
                pair(
                    format!("okänd diagramtyp \"{s}\""),
                    suggestion_hint(s, &["linje", "stapel"], "diagramtyper"),
                )
            })
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

impl<'de> Deserialize<'de> for Unit {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        scalar(d, "a string", |s: &str| {
            Unit::parse(s).ok_or_else(|| {
                let names: Vec<&str> = Unit::KNOWN.iter().map(|u| u.symbol()).collect();
                pair(
                    format!("\"{s}\" kan inte vara en enhet"),
                    format!(
                        "skriv en enhet med bokstäver, till exempel {} eller en egen som årsarbetare",
                        names[..5].join(", ")
                    ),
                )
            })
        })
    }
}
