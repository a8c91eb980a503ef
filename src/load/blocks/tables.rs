//! The two table blocks as editors write them, read into the model's table spec.
//!
//! ````text
//! ```tabell
//! titel: Balansräkning
//! enhet: mnkr
//! kolumner:
//!   - Post
//!   - {rubrik: Not, typ: not}
//!   - {rubrik: "2018", grupp: Kommunen, typ: utfall, period: 2018-12-31}
//! rader:
//!   - grupp: Anläggningstillgångar
//!     delar:
//!       - Immateriella anläggningstillgångar | 5 | 5
//!     summa: Summa anläggningstillgångar | | 5
//! ```
//! ````
//!
//! A row is `Rubrik | värde | …`, or keys: `rad:` (the same text), `grupp:` (a heading),
//! `delar:` (rows that add up to this one), `varav:` (rows under it, not added), `summa:` (a
//! group's sum row), `summeras: false`, `källfel:`, `okontrollerad:`, `enhet:`, `indikator:`.
//! `rader:` may also be text with one row per line, fields separated by tabs (as copied from a
//! spreadsheet or a PDF) or by `|`.

use super::values::{SignConvention, Text};
use crate::load::yaml::PeriodText;
use crate::model::origin::{At, Field};
use crate::model::table::{ChartChoice, ColumnSpec, RowSpec, TableSpec};
use crate::model::values::{ChartKind, Unit};
use serde::de::{self, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer};
use std::fmt;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawTable {
    pub id: Option<String>,
    pub titel: String,
    pub enhet: Option<Unit>,
    pub period: Option<PeriodText>,
    pub kolumner: Vec<RawColumn>,
    pub rader: RawRows,
    pub summa: Option<RawRow>,
    pub diagram: Option<ChartKind>,
    pub not: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawFinancialTable {
    pub id: Option<String>,
    pub titel: String,
    pub enhet: Unit,
    pub period: Option<PeriodText>,
    pub avvikelse: SignConvention,
    pub rubriker: Option<Vec<String>>,
    pub rader: RawRows,
    pub summa: Option<RawRow>,
    pub diagram: Option<bool>,
    pub not: Option<String>,
}

/// A column: a heading, or a heading with what the column holds.
#[derive(Debug, Clone, Default)]
pub struct RawColumn(pub ColumnSpec);

impl<'de> Deserialize<'de> for RawColumn {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = RawColumn;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("en kolumnrubrik eller {rubrik, typ, period, enhet, formel}")
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<RawColumn, E> {
                Ok(RawColumn(ColumnSpec::heading(s)))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<RawColumn, E> {
                Ok(RawColumn(ColumnSpec::heading(v.to_string())))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<RawColumn, E> {
                Ok(RawColumn(ColumnSpec::heading(v.to_string())))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<RawColumn, A::Error> {
                #[derive(Deserialize)]
                #[serde(deny_unknown_fields)]
                struct Keys {
                    rubrik: Text,
                    id: Option<String>,
                    typ: Option<String>,
                    period: Option<PeriodText>,
                    enhet: Option<Unit>,
                    grupp: Option<String>,
                    formel: Option<String>,
                    summeras: Option<bool>,
                }
                let k = Keys::deserialize(de::value::MapAccessDeserializer::new(map))?;
                Ok(RawColumn(ColumnSpec {
                    heading: k.rubrik.0,
                    id: k.id,
                    role: k.typ,
                    period: k.period.map(|p| p.period),
                    unit: k.enhet,
                    group: k.grupp,
                    formula: k.formel,
                    summed: k.summeras,
                }))
            }
        }
        d.deserialize_any(V)
    }
}

/// The rows of a table: a list, text with one row per line (see [`super::rows`]), or a
/// spreadsheet beside the page (see [`super::sheets`]; its rows are read by the caller).
#[derive(Debug, Clone, Default)]
pub struct RawRows(pub Vec<RawRow>, pub Option<super::sheets::SheetRef>);

impl<'de> Deserialize<'de> for RawRows {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = RawRows;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("en lista med rader, text med en rad per rad, eller {fil, blad, område}")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<RawRows, A::Error> {
                let mut v = Vec::new();
                while let Some(r) = seq.next_element::<RawRow>()? {
                    v.push(r);
                }
                Ok(RawRows(v, None))
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<RawRows, E> {
                let lines: Vec<super::rows::MarkedLine> = s
                    .lines()
                    .enumerate()
                    .filter(|(_, l)| !l.trim().is_empty())
                    .map(|(i, l)| super::rows::MarkedLine::pasted(l, i))
                    .collect();
                Ok(RawRows(super::rows::shape(&lines), None))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<RawRows, A::Error> {
                let sheet = super::sheets::SheetRef::deserialize(de::value::MapAccessDeserializer::new(map))?;
                Ok(RawRows(Vec::new(), Some(sheet)))
            }
        }
        d.deserialize_any(V)
    }
}

/// One row as written. Reading a row never fails on what the row says (an unknown key, both
/// `rad:` and `grupp:`): such problems are kept with the row, so that every bad row of a
/// table is reported in one run.
#[derive(Debug, Clone, Default)]
pub struct RawRow {
    pub text: Option<String>,
    /// Fields of a keyed row (`post:`, `utfall:` …): (key, text).
    pub keyed: Vec<(String, String)>,
    pub group: Option<String>,
    pub parts: Vec<RawRow>,
    pub varav: Vec<RawRow>,
    pub total: Option<Box<RawRow>>,
    pub summed: Option<bool>,
    pub unit: Option<Unit>,
    pub source_error: Option<String>,
    pub unchecked: Option<String>,
    pub indicator: Option<String>,
    /// Pasted lines are split at tabs when they have any.
    pub pasted: bool,
    /// The line of a pasted row in its text, or the row of a spreadsheet, counted from 0.
    pub line: Option<usize>,
    pub problems: Vec<(String, String)>,
}

const ROW_KEYS: &[&str] = &[
    "rad",
    "grupp",
    "delar",
    "varav",
    "summa",
    "summeras",
    "enhet",
    "källfel",
    "okontrollerad",
    "indikator",
    "post",
    "utfall",
    "budget",
    "avvikelse",
];

impl RawRow {
    fn line(s: &str, pasted: bool) -> RawRow {
        RawRow {
            text: Some(s.to_string()),
            pasted,
            ..Default::default()
        }
    }

    /// The row's label and cells, split from its text.
    pub fn split(&self) -> Option<(String, Vec<String>)> {
        let t = self.text.as_deref()?;
        let parts: Vec<String> = if self.pasted && t.contains('\t') {
            t.split('\t').map(|p| p.trim().to_string()).collect()
        } else {
            t.split('|').map(|p| p.trim().to_string()).collect()
        };
        let (label, cells) = parts.split_first()?;
        Some((label.clone(), cells.to_vec()))
    }
}

/// A scalar of any kind as its text (numbers and booleans as written).
struct AnyText(String);

impl<'de> Deserialize<'de> for AnyText {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        crate::load::yaml::scalar(d, "a string", |s| Ok(AnyText(s.to_string())))
    }
}

impl<'de> Deserialize<'de> for RawRow {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = RawRow;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("en rad \"Rubrik | värde | värde …\" eller nycklar som rad:, grupp:, delar:")
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<RawRow, E> {
                Ok(RawRow::line(s, false))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RawRow, A::Error> {
                let mut r = RawRow::default();
                while let Some(key) = map.next_key::<String>()? {
                    match key.as_str() {
                        "rad" => r.text = Some(map.next_value::<AnyText>()?.0),
                        "grupp" => r.group = Some(map.next_value::<AnyText>()?.0),
                        "delar" | "varav" => {
                            let rows = map.next_value::<RawRows>()?;
                            if rows.1.is_some() {
                                r.problems.push((
                                    format!("{key}: kan inte läsas ur en fil"),
                                    "en fil kan ge tabellens rader: (rader: {fil: …}), inte delar eller varav-rader"
                                        .into(),
                                ));
                            }
                            if key == "delar" {
                                r.parts = rows.0;
                            } else {
                                r.varav = rows.0;
                            }
                        }
                        "summa" => r.total = Some(Box::new(map.next_value::<RawRow>()?)),
                        "summeras" => r.summed = Some(map.next_value::<bool>()?),
                        "enhet" => r.unit = Some(map.next_value::<Unit>()?),
                        "källfel" => r.source_error = Some(map.next_value::<AnyText>()?.0),
                        "okontrollerad" => r.unchecked = Some(map.next_value::<AnyText>()?.0),
                        "indikator" => r.indicator = Some(map.next_value::<AnyText>()?.0),
                        "post" | "utfall" | "budget" | "avvikelse" => {
                            let v = map.next_value::<AnyText>()?.0;
                            r.keyed.push((key, v));
                        }
                        other => {
                            map.next_value::<IgnoredAny>()?;
                            r.problems.push((
                                format!("okänd nyckel \"{other}\" i raden"),
                                crate::diagnostics::suggestion_hint(other, ROW_KEYS, "nycklar"),
                            ));
                        }
                    }
                }
                Ok(r)
            }
        }
        d.deserialize_any(V)
    }
}

/// What the converted table's columns are, for the origin to locate them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// `tabell`: columns are `kolumner[1..]`.
    General,
    /// `ekonomitabell`: utfall, budget, avvikelse; headings in `rubriker`.
    Financial,
}

impl RawTable {
    pub fn spec(&self) -> TableSpec {
        let mut cols = self.kolumner.iter().map(|c| c.0.clone());
        let row_heading = cols.next().map(|c| c.heading).unwrap_or_default();
        TableSpec {
            title: self.titel.clone(),
            unit: self.enhet,
            period: self.period.as_ref().map(|p| p.period.clone()),
            row_heading,
            columns: cols.collect(),
            rows: self.rader.0.iter().map(|r| row_spec(r, Layout::General)).collect(),
            total: self.summa.as_ref().map(|r| row_spec(r, Layout::General)),
            compute_total: false,
            chart: self.diagram.map(ChartChoice::Kind).unwrap_or_default(),
            note: self.not.clone(),
        }
    }
}

impl RawFinancialTable {
    pub fn spec(&self) -> TableSpec {
        let mut h = ["Post", "Utfall", "Budget", "Avvikelse"].map(String::from);
        if let Some(r) = &self.rubriker
            && r.len() == 4
        {
            h.clone_from_slice(r);
        }
        let period = self.period.as_ref().map(|p| p.period.clone());
        let column = |heading: &str, role: &str| ColumnSpec {
            heading: heading.to_string(),
            role: Some(role.to_string()),
            period: period.clone(),
            ..Default::default()
        };
        let mut deviation = column(&h[3], "avvikelse");
        deviation.formula = Some(self.avvikelse.formula().to_string());
        TableSpec {
            title: self.titel.clone(),
            unit: Some(self.enhet),
            period: period.clone(),
            row_heading: h[0].clone(),
            columns: vec![column(&h[1], "utfall"), column(&h[2], "budget"), deviation],
            rows: self.rader.0.iter().map(|r| row_spec(r, Layout::Financial)).collect(),
            total: self.summa.as_ref().map(|r| row_spec(r, Layout::Financial)),
            compute_total: true,
            chart: if self.diagram.unwrap_or(true) {
                ChartChoice::Financial
            } else {
                ChartChoice::None
            },
            note: self.not.clone(),
        }
    }

    /// `rubriker` must name all four columns.
    pub fn heading_problem(&self) -> Option<(At, String)> {
        let r = self.rubriker.as_ref()?;
        (r.len() != 4).then(|| {
            (
                At::Field(Field::Headings),
                format!(
                    "rubriker har {} namn, väntade 4 (post, utfall, budget, avvikelse)",
                    r.len()
                ),
            )
        })
    }
}

fn row_spec(r: &RawRow, layout: Layout) -> RowSpec {
    let mut problems = r.problems.clone();
    let (label, cells) = match (r.split(), &r.group, r.keyed.is_empty()) {
        (Some(_), Some(_), _) => {
            problems.push((
                "raden har både rad: och grupp:".into(),
                "en grupp har ingen egen rad med värden: skriv {grupp: Rubrik, delar: […]} eller {rad: \"Rubrik | 1 | 2\"}".into(),
            ));
            (r.group.clone(), None)
        }
        (Some((label, cells)), None, true) => (Some(label), Some(cells)),
        (None, Some(g), true) => (Some(g.clone()), None),
        (None, None, false) if layout == Layout::Financial => keyed(r, &mut problems),
        (None, None, true) if !r.parts.is_empty() || r.total.is_some() => (None, None),
        _ => {
            problems.push((
                "raden har varken rad: eller grupp:".into(),
                "skriv raden som \"Rubrik | värde | …\", eller {grupp: Rubrik, delar: […]}".into(),
            ));
            (None, Some(Vec::new()))
        }
    };
    if layout == Layout::Financial
        && let Some(c) = &cells
        && !(2..=3).contains(&c.len())
    {
        problems.push((
            format!(
                "raden \"{}\" har {} fält, väntade 3 eller 4",
                label.as_deref().unwrap_or(""),
                c.len() + 1
            ),
            "skriv raden som \"Post | utfall | budget | avvikelse\" (avvikelsen kan utelämnas)".into(),
        ));
    }
    let cells = match (layout, cells) {
        (Layout::Financial, Some(mut c)) => {
            c.truncate(3);
            c.resize(3, String::new());
            Some(c)
        }
        (_, c) => c,
    };
    RowSpec {
        label,
        cells,
        children: r.parts.iter().map(|p| row_spec(p, layout)).collect(),
        varav: r.varav.iter().map(|p| row_spec(p, layout)).collect(),
        total: r.total.as_ref().map(|t| Box::new(row_spec(t, layout))),
        summed: r.summed.unwrap_or(true),
        unit: r.unit,
        source_error: r.source_error.clone(),
        unchecked: r.unchecked.clone(),
        indicator: r.indicator.clone(),
        problems,
    }
}

/// `{post: IT-utrustning, utfall: 45,3, budget: 35,9}`
fn keyed(r: &RawRow, problems: &mut Vec<(String, String)>) -> (Option<String>, Option<Vec<String>>) {
    let get = |k: &str| r.keyed.iter().find(|(key, _)| key == k).map(|(_, v)| v.clone());
    match (get("post"), get("utfall"), get("budget")) {
        (Some(label), Some(u), Some(b)) => (Some(label), Some(vec![u, b, get("avvikelse").unwrap_or_default()])),
        _ => {
            problems.push((
                "raden saknar post, utfall eller budget".into(),
                "skriv raden som \"Post | utfall | budget | avvikelse\" (avvikelsen kan utelämnas)".into(),
            ));
            (get("post"), Some(vec![String::new(); 3]))
        }
    }
}
