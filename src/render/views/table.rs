//! The view of a generic table: columns with units, groups, missing-value symbols, a chart.

use super::blocks::{Downloads, caption, dom_id, downloads, source_note};
use crate::load::yaml::MissingSymbol;
use crate::model::table::{Cell, Table, TableRow};
use crate::model::{Site, Unit};
use crate::render::charts::{self, Bar, BarGroup, Caption};
use crate::render::format;
use serde::Serialize;

#[derive(Serialize)]
pub struct TableView {
    pub id: String,
    /// Id of the block's element on the page; never collides with heading ids.
    pub dom_id: String,
    pub title: String,
    pub caption: String,
    pub columns: Vec<String>,
    pub rows: Vec<TableRowView>,
    pub total: Option<TableRowView>,
    pub legend: Vec<SymbolView>,
    pub chart: Option<String>,
    pub notes: Vec<String>,
    pub note: Option<String>,
    pub downloads: Downloads,
}

#[derive(Serialize)]
pub struct TableRowView {
    pub group: Option<String>,
    pub label: String,
    pub cells: Vec<CellView>,
}

#[derive(Serialize)]
pub struct CellView {
    pub text: String,
    /// For a missing-value symbol: what it means (shown as `<abbr title>`).
    pub meaning: Option<&'static str>,
}

#[derive(Serialize)]
pub struct SymbolView {
    pub symbol: &'static str,
    pub meaning: &'static str,
}

pub fn symbol(m: MissingSymbol) -> SymbolView {
    match m {
        MissingSymbol::Nothing => SymbolView {
            symbol: "–",
            meaning: "inget finns att redovisa",
        },
        MissingSymbol::NotApplicable => SymbolView {
            symbol: ".",
            meaning: "uppgift kan inte förekomma",
        },
        MissingSymbol::NotAvailable => SymbolView {
            symbol: "..",
            meaning: "uppgift saknas eller är för osäker",
        },
    }
}

fn cell(c: &Cell, unit: Option<Unit>) -> CellView {
    match c {
        Cell::Number(n) => CellView {
            text: if unit == Some(Unit::Percent) {
                format::amount(*n, unit)
            } else {
                format::number(*n)
            },
            meaning: None,
        },
        Cell::Missing(m) => {
            let s = symbol(*m);
            CellView {
                text: s.symbol.to_string(),
                meaning: Some(s.meaning),
            }
        }
    }
}

fn table_row(t: &Table, r: &TableRow) -> TableRowView {
    match r {
        TableRow::Group(g) => TableRowView {
            group: Some(g.clone()),
            label: g.clone(),
            cells: Vec::new(),
        },
        TableRow::Values { label, cells, .. } => TableRowView {
            group: None,
            label: label.clone(),
            cells: cells.iter().enumerate().map(|(i, c)| cell(c, t.unit_of(i))).collect(),
        },
    }
}

pub fn table(site: &Site, page_path: &str, t: &Table) -> TableView {
    let cap = caption(&t.title, t.period.as_deref(), t.unit);
    let chart = t.chart.map(|kind| table_chart(t, &cap, kind));
    let notes = t
        .total
        .iter()
        .chain(t.rows.iter())
        .filter_map(|r| match r {
            TableRow::Values {
                source_note: Some(n), ..
            } => Some(source_note(n, t.unit)),
            _ => None,
        })
        .collect();
    TableView {
        id: t.key.clone(),
        dom_id: dom_id(&t.key),
        title: t.title.clone(),
        caption: cap,
        columns: t
            .columns
            .iter()
            .enumerate()
            .map(|(i, c)| match c.unit.filter(|_| i > 0) {
                Some(u) if Some(u) != t.unit => format!("{} ({})", c.heading, u.symbol()),
                _ => c.heading.clone(),
            })
            .collect(),
        rows: t.rows.iter().map(|r| table_row(t, r)).collect(),
        total: t.total.as_ref().map(|r| table_row(t, r)),
        legend: t.missing_symbols().into_iter().map(symbol).collect(),
        chart,
        notes,
        note: t.note.clone(),
        downloads: downloads(site, page_path, &t.key),
    }
}

fn table_chart(t: &Table, cap: &str, kind: crate::load::blocks::ChartKind) -> String {
    use crate::load::blocks::ChartKind;
    let headings: Vec<&str> = t.columns.iter().skip(1).map(|c| c.heading.as_str()).collect();
    let rows: Vec<(&str, &[Cell])> = t.value_rows().collect();
    let desc_rows = rows
        .iter()
        .map(|(label, cells)| {
            let vals = cells
                .iter()
                .zip(&headings)
                .map(|(c, h)| format!("{h} {}", cell(c, t.unit).text))
                .collect::<Vec<_>>()
                .join(", ");
            format!("{label}: {vals}")
        })
        .collect::<Vec<_>>()
        .join("; ");
    let id = format!("{}-diagram", dom_id(&t.key));
    match kind {
        ChartKind::Line if rows.len() == 1 => {
            let points: Vec<charts::LinePoint> = headings
                .iter()
                .zip(rows[0].1)
                .map(|(h, c)| charts::LinePoint {
                    period: h.to_string(),
                    value: match c {
                        Cell::Number(n) => Some(*n),
                        Cell::Missing(_) => None,
                    },
                    target: None,
                })
                .collect();
            let desc = format!("Linjediagram. {desc_rows}.");
            charts::line_with_targets(
                &Caption {
                    id: &id,
                    title: cap,
                    desc: &desc,
                },
                rows[0].0,
                &points,
                t.unit,
            )
        }
        _ => {
            // One group per row, one bar per column (shown as values, told apart by order and label).
            let groups: Vec<BarGroup> = rows
                .iter()
                .flat_map(|(label, cells)| {
                    cells.iter().zip(&headings).filter_map(move |(c, h)| match c {
                        Cell::Number(n) => Some(BarGroup {
                            label: format!("{label} {h}"),
                            bars: vec![Bar { value: *n }],
                        }),
                        Cell::Missing(_) => None,
                    })
                })
                .collect();
            let desc = format!("Liggande stapeldiagram. {desc_rows}.");
            charts::grouped_bars(
                &Caption {
                    id: &id,
                    title: cap,
                    desc: &desc,
                },
                &[cap],
                &groups,
                t.unit,
            )
        }
    }
}
