//! The CSV of a comparison between bodies: one row per body, in the same dialect and with
//! the same column names as the indicator histories' downloads.

use super::csv;
use crate::model::period::Period;
use crate::model::{StatedStatus, Unit};
use rust_decimal::Decimal;

/// One body's value, as the comparison page shows it.
pub struct Row<'a> {
    pub body: &'a str,
    pub name: &'a str,
    pub period: &'a Period,
    pub outcome: Option<Decimal>,
    pub target: Option<Decimal>,
    pub unit: Option<Unit>,
    pub status: Option<&'a StatedStatus>,
    pub source: String,
    pub source_url: String,
}

/// Header: Utgivare; Indikator; Id; Period; Period (ISO 8601); Utfall; Målvärde; Enhet;
/// Bedömning; Källa; Källans adress.
pub fn csv(id: &str, rows: &[Row]) -> Vec<u8> {
    let header = [
        "Utgivare",
        "Indikator",
        "Id",
        "Period",
        "Period (ISO 8601)",
        "Utfall",
        "Målvärde",
        "Enhet",
        "Bedömning",
        "Källa",
        "Källans adress",
    ];
    let mut out: Vec<Vec<String>> = vec![header.iter().map(|h| csv::text(h)).collect()];
    for r in rows {
        out.push(vec![
            csv::text(r.body),
            csv::text(r.name),
            csv::text(id),
            csv::text(&r.period.label()),
            r.period.iso(),
            r.outcome.map(csv::number).unwrap_or_default(),
            r.target.map(csv::number).unwrap_or_default(),
            csv::text(r.unit.map(|u| u.symbol()).unwrap_or("")),
            r.status.map(|s| s.status.name().to_string()).unwrap_or_default(),
            csv::text(&r.source),
            csv::text(&r.source_url),
        ]);
    }
    csv::file(&out)
}
