//! The raw, typed form of each block type, as read from YAML: rows may be written as
//! `Post | 1 | 2` or as keys; numbers are exact; nothing is checked across fields yet.

use super::values::{ChartKind, Direction, SignConvention, Status, Text, Unit};
use crate::load::yaml::{Num, RawCell, custom};
use serde::de::{self, MapAccess, Visitor};
use serde::{Deserialize, Deserializer};
use std::fmt;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawKeyFigures {
    pub id: Option<String>,
    pub titel: Option<String>,
    pub period: Option<Text>,
    pub poster: Vec<RawKeyFigure>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawKeyFigure {
    pub namn: String,
    pub värde: Num,
    pub enhet: Option<Unit>,
    pub period: Option<Text>,
    pub jämförelse: Option<RawComparison>,
    pub text: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawComparison {
    pub värde: Num,
    pub period: Text,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawIndicators {
    pub id: Option<String>,
    pub titel: Option<String>,
    pub period: Option<Text>,
    pub indikatorer: Vec<RawIndicator>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawIndicator {
    pub id: Option<String>,
    pub namn: String,
    pub enhet: Option<Unit>,
    pub utfall: Option<Num>,
    pub mål: Option<Num>,
    pub riktning: Option<Direction>,
    pub status: Option<Status>,
    pub period: Option<Text>,
    pub kolada: Option<String>,
    #[serde(default)]
    pub tidigare: Vec<RawEarlierValue>,
    pub grupp: Option<String>,
    pub beskrivning: Option<String>,
    pub kommentar: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawEarlierValue {
    pub period: Text,
    pub utfall: Num,
    pub mål: Option<Num>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawAssignments {
    pub id: Option<String>,
    pub titel: Option<String>,
    pub uppdrag: Vec<RawAssignment>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawAssignment {
    pub id: String,
    pub titel: String,
    pub status: Option<Status>,
    pub ansvarig: Option<String>,
    pub tidsplan: Option<Text>,
    pub text: Option<String>,
    pub kommentar: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawFinancialTable {
    pub id: Option<String>,
    pub titel: String,
    pub enhet: Unit,
    pub period: Option<Text>,
    pub avvikelse: SignConvention,
    pub rubriker: Option<Vec<String>>,
    pub rader: Vec<RawFinancialRow>,
    pub summa: Option<RawFinancialRow>,
    pub diagram: Option<bool>,
    pub not: Option<String>,
}

/// One row: `Regionkontoret | -599,8 | -608,8 | 8,9`, or the same as keys.
#[derive(Debug, Clone)]
pub struct RawFinancialRow {
    pub label: String,
    pub outcome: Num,
    pub budget: Num,
    pub deviation: Option<Num>,
    /// The editor's note that the published report's own figures do not add up here.
    pub source_error: Option<String>,
}

impl<'de> Deserialize<'de> for RawFinancialRow {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(FinancialRowVisitor)
    }
}

struct FinancialRowVisitor;

const FIN_ROW_HINT: &str = "skriv raden som \"Post | utfall | budget | avvikelse\" (avvikelsen kan utelämnas)";

impl FinancialRowVisitor {
    fn from_pipe<E: de::Error>(s: &str, source_error: Option<String>) -> Result<RawFinancialRow, E> {
        let cells = split_pipe(s);
        if !(3..=4).contains(&cells.len()) {
            return Err(custom(
                format!("raden \"{s}\" har {} fält, väntade 3 eller 4", cells.len()),
                FIN_ROW_HINT,
            ));
        }
        let num = |i: usize| -> Result<Num, E> {
            crate::load::number::parse_number(cells[i])
                .map(Num)
                .map_err(|e| custom(format!("{} i raden \"{}\"", e.message, cells[0]), e.hint))
        };
        Ok(RawFinancialRow {
            label: cells[0].to_string(),
            outcome: num(1)?,
            budget: num(2)?,
            deviation: if cells.len() == 4 { Some(num(3)?) } else { None },
            source_error,
        })
    }
}

impl<'de> Visitor<'de> for FinancialRowVisitor {
    type Value = RawFinancialRow;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("en rad \"Post | utfall | budget | avvikelse\"")
    }
    fn visit_str<E: de::Error>(self, s: &str) -> Result<RawFinancialRow, E> {
        Self::from_pipe(s, None)
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<RawFinancialRow, A::Error> {
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Keys {
            rad: Option<String>,
            post: Option<String>,
            utfall: Option<Num>,
            budget: Option<Num>,
            avvikelse: Option<Num>,
            källfel: Option<String>,
        }
        let k = Keys::deserialize(de::value::MapAccessDeserializer::new(map))?;
        if let Some(rad) = k.rad {
            return Self::from_pipe(&rad, k.källfel);
        }
        match (k.post, k.utfall, k.budget) {
            (Some(label), Some(outcome), Some(budget)) => Ok(RawFinancialRow {
                label,
                outcome,
                budget,
                deviation: k.avvikelse,
                source_error: k.källfel,
            }),
            _ => Err(custom("raden saknar post, utfall eller budget", FIN_ROW_HINT)),
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawTable {
    pub id: Option<String>,
    pub titel: String,
    pub enhet: Option<Unit>,
    pub period: Option<Text>,
    pub kolumner: Vec<RawColumn>,
    pub rader: Vec<RawTableRow>,
    pub summa: Option<RawTableRow>,
    pub diagram: Option<ChartKind>,
    pub not: Option<String>,
}

/// A column: a heading, or a heading with its own unit.
#[derive(Debug, Clone)]
pub struct RawColumn {
    pub heading: String,
    pub unit: Option<Unit>,
}

impl<'de> Deserialize<'de> for RawColumn {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = RawColumn;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("en kolumnrubrik eller {rubrik, enhet}")
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<RawColumn, E> {
                Ok(RawColumn {
                    heading: s.to_string(),
                    unit: None,
                })
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<RawColumn, E> {
                Ok(RawColumn {
                    heading: v.to_string(),
                    unit: None,
                })
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<RawColumn, E> {
                Ok(RawColumn {
                    heading: v.to_string(),
                    unit: None,
                })
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<RawColumn, A::Error> {
                #[derive(Deserialize)]
                #[serde(deny_unknown_fields)]
                struct Keys {
                    rubrik: String,
                    enhet: Option<Unit>,
                }
                let k = Keys::deserialize(de::value::MapAccessDeserializer::new(map))?;
                Ok(RawColumn {
                    heading: k.rubrik,
                    unit: k.enhet,
                })
            }
        }
        d.deserialize_any(V)
    }
}

/// A row of a generic table: `Rubrik | 1 | 2 | ..`, a group heading, or a row with a note.
#[derive(Debug, Clone)]
pub enum RawTableRow {
    Values {
        label: String,
        cells: Vec<RawCell>,
        source_error: Option<String>,
    },
    Group(String),
}

impl<'de> Deserialize<'de> for RawTableRow {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        fn pipe<E: de::Error>(s: &str, source_error: Option<String>) -> Result<RawTableRow, E> {
            let parts = split_pipe(s);
            let mut cells = Vec::new();
            for p in &parts[1..] {
                cells.push(RawCell::parse(p).map_err(|e| {
                    custom(
                        format!("{} i raden \"{}\"", e.message, parts[0]),
                        format!("{}; saknas värdet, skriv .. (uppgift saknas), . (kan inte förekomma) eller - (inget att redovisa)", e.hint),
                    )
                })?);
            }
            Ok(RawTableRow::Values {
                label: parts[0].to_string(),
                cells,
                source_error,
            })
        }
        impl<'de> Visitor<'de> for V {
            type Value = RawTableRow;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("en rad \"Rubrik | värde | värde …\" eller {grupp: Rubrik}")
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<RawTableRow, E> {
                pipe(s, None)
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<RawTableRow, A::Error> {
                #[derive(Deserialize)]
                #[serde(deny_unknown_fields)]
                struct Keys {
                    grupp: Option<String>,
                    rad: Option<String>,
                    källfel: Option<String>,
                }
                let k = Keys::deserialize(de::value::MapAccessDeserializer::new(map))?;
                match (k.grupp, k.rad) {
                    (Some(g), None) => Ok(RawTableRow::Group(g)),
                    (None, Some(r)) => pipe(&r, k.källfel),
                    _ => Err(custom(
                        "raden ska ha antingen grupp: eller rad:",
                        "skriv {grupp: Rubrik} eller {rad: \"Rubrik | 1 | 2\"}",
                    )),
                }
            }
        }
        d.deserialize_any(V)
    }
}

fn split_pipe(s: &str) -> Vec<&str> {
    s.split('|').map(str::trim).collect()
}
