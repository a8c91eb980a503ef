//! Generic tables (HME/OSA, verksamhetsmått, multi-year plans): a caption, columns with units,
//! rows of numbers or standard symbols for missing values, optional group headings and an
//! optional total row checked against the column sums.

use crate::diagnostics::Diagnostic;
use crate::load::blocks::{ChartKind, RawBlock, RawTable, RawTableRow, Unit};
use crate::load::yaml::{MissingSymbol, PathSeg, RawCell};
use crate::model::check::{check, exact_sum};
use crate::model::financial::{SourceNote, mismatch_error};

pub type Cell = RawCell;

#[derive(Debug, Clone)]
pub struct Table {
    pub key: String,
    pub title: String,
    pub unit: Option<Unit>,
    pub period: Option<String>,
    pub columns: Vec<Column>,
    pub rows: Vec<TableRow>,
    pub total: Option<TableRow>,
    pub chart: Option<ChartKind>,
    pub note: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Column {
    pub heading: String,
    pub unit: Option<Unit>,
}

#[derive(Debug, Clone)]
pub enum TableRow {
    Group(String),
    Values {
        label: String,
        cells: Vec<Cell>,
        source_note: Option<SourceNote>,
    },
}

impl Table {
    /// The value rows, without group headings.
    pub fn value_rows(&self) -> impl Iterator<Item = (&str, &[Cell])> {
        self.rows.iter().filter_map(|r| match r {
            TableRow::Values { label, cells, .. } => Some((label.as_str(), cells.as_slice())),
            TableRow::Group(_) => None,
        })
    }

    /// The symbols used in the table, for the legend under it.
    pub fn missing_symbols(&self) -> Vec<MissingSymbol> {
        let mut v: Vec<MissingSymbol> = self
            .rows
            .iter()
            .chain(self.total.iter())
            .flat_map(|r| match r {
                TableRow::Values { cells, .. } => cells.clone(),
                TableRow::Group(_) => Vec::new(),
            })
            .filter_map(|c| match c {
                Cell::Missing(m) => Some(m),
                Cell::Number(_) => None,
            })
            .collect();
        v.sort();
        v.dedup();
        v
    }

    /// The unit of data column `i` (0 = first column after the row headings).
    pub fn unit_of(&self, i: usize) -> Option<Unit> {
        self.columns.get(i + 1).and_then(|c| c.unit).or(self.unit)
    }
}

pub fn build(raw: &RawTable, block: &RawBlock, key: String, diags: &mut Vec<Diagnostic>) -> Table {
    let columns: Vec<Column> = raw
        .kolumner
        .iter()
        .map(|c| Column {
            heading: c.heading.clone(),
            unit: c.unit,
        })
        .collect();
    if columns.len() < 2 {
        diags.push(
            block
                .error(&[PathSeg::Key("kolumner")], "tabellen behöver minst två kolumner")
                .hint("den första kolumnen är radrubrikerna, till exempel kolumner: [Index, \"2019\", \"2020\"]"),
        );
    }
    let width = columns.len().saturating_sub(1);
    let mut rows = Vec::new();
    for (i, r) in raw.rader.iter().enumerate() {
        rows.push(build_row(
            r,
            width,
            block,
            &[PathSeg::Key("rader"), PathSeg::Index(i)],
            diags,
        ));
    }
    let total = raw.summa.as_ref().map(|s| {
        let mut total = build_row(s, width, block, &[PathSeg::Key("summa")], diags);
        check_total(&mut total, &rows, &columns, s, block, diags);
        total
    });
    if let Some(ChartKind::Line | ChartKind::Bars) = raw.diagram {
        let numeric = rows
            .iter()
            .any(|r| matches!(r, TableRow::Values { cells, .. } if cells.iter().any(|c| matches!(c, Cell::Number(_)))));
        if !numeric {
            diags.push(block.error(&[PathSeg::Key("diagram")], "diagram kräver tal i tabellen"));
        }
    }
    Table {
        key,
        title: raw.titel.clone(),
        unit: raw.enhet,
        period: raw.period.as_ref().map(|p| p.0.clone()),
        columns,
        rows,
        total,
        chart: raw.diagram,
        note: raw.not.clone(),
    }
}

fn build_row(
    r: &RawTableRow,
    width: usize,
    block: &RawBlock,
    path: &[PathSeg],
    diags: &mut Vec<Diagnostic>,
) -> TableRow {
    match r {
        RawTableRow::Group(g) => TableRow::Group(g.clone()),
        RawTableRow::Values { label, cells, .. } => {
            if cells.len() != width && width > 0 {
                diags.push(
                    block
                        .error(
                            path,
                            format!(
                                "raden \"{label}\" har {} värden men tabellen har {width} kolumner med värden",
                                cells.len()
                            ),
                        )
                        .hint("skriv .. för ett värde som saknas, så att varje rad har lika många fält"),
                );
            }
            TableRow::Values {
                label: label.clone(),
                cells: cells.clone(),
                source_note: None,
            }
        }
    }
}

fn check_total(
    total: &mut TableRow,
    rows: &[TableRow],
    columns: &[Column],
    raw: &RawTableRow,
    block: &RawBlock,
    diags: &mut Vec<Diagnostic>,
) {
    let TableRow::Values {
        label,
        cells,
        source_note,
    } = total
    else {
        diags.push(block.error(
            &[PathSeg::Key("summa")],
            "summa ska vara en rad med värden, inte en grupp",
        ));
        return;
    };
    let explanation = match raw {
        RawTableRow::Values { source_error, .. } => source_error.clone(),
        RawTableRow::Group(_) => None,
    };
    let mut first_mismatch = None;
    for (col, cell) in cells.iter().enumerate().take(columns.len().saturating_sub(1)) {
        let Cell::Number(stated) = *cell else {
            continue;
        };
        let mut terms = Vec::new();
        let mut complete = true;
        for r in rows {
            if let TableRow::Values { cells: rc, .. } = r {
                match rc.get(col) {
                    Some(Cell::Number(n)) => terms.push(*n),
                    Some(Cell::Missing(MissingSymbol::Nothing)) => {}
                    _ => complete = false,
                }
            }
        }
        if !complete {
            continue;
        }
        let Some(computed) = exact_sum(&terms) else {
            let heading = columns.get(col + 1).map(|c| c.heading.as_str()).unwrap_or("?");
            diags.push(
                block
                    .error(
                        &[PathSeg::Key("summa")],
                        format!("summan i kolumnen \"{heading}\" blir för stor för att räknas ut exakt"),
                    )
                    .hint("skriv talen i en större enhet (tkr, mnkr, mdkr) eller dela upp tabellen"),
            );
            continue;
        };
        if let Err(m) = check(stated, computed, &terms) {
            let heading = columns.get(col + 1).map(|c| c.heading.as_str()).unwrap_or("?");
            let what = format!("summan i kolumnen \"{heading}\" för \"{label}\"");
            match &explanation {
                Some(e) if first_mismatch.is_none() => {
                    first_mismatch = Some(());
                    *source_note = Some(SourceNote {
                        what,
                        stated: m.stated,
                        computed: m.computed,
                        explanation: e.clone(),
                    });
                }
                Some(_) => {}
                None => diags.push(mismatch_error(block, &[PathSeg::Key("summa")], &what, &m)),
            }
        }
    }
    if explanation.is_some() && first_mismatch.is_none() {
        diags.push(
            block
                .error(
                    &[PathSeg::Key("summa")],
                    format!("raden \"{label}\" har källfel: men siffrorna stämmer"),
                )
                .hint("ta bort källfel: när raden stämmer"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::blocks::{RawBlockData, find_blocks};
    use std::path::Path;

    fn table(yaml: &str) -> (Table, Vec<Diagnostic>) {
        let mut d = Vec::new();
        let body = format!("```tabell\n{yaml}```\n");
        let blocks = find_blocks(Path::new("content/r.md"), &body, 1, &mut d);
        assert!(d.is_empty(), "{d:?}");
        let RawBlockData::Table(raw) = &blocks[0].data else {
            panic!()
        };
        let t = build(raw, &blocks[0], "t".into(), &mut d);
        (t, d)
    }

    const DRIFT: &str = "titel: Driftbudget\nenhet: mnkr\nkolumner: [Kontoklass, Regionkontoret, Utveckling, Förtroendevalda]\nrader:\n  - Intäkter | 359,0 | 0,0 | 0,0\n  - Personalkostnader | -496,0 | 0,0 | -23,0\n  - Övriga driftskostnader | -455,0 | -159 | -28,0\n";

    #[test]
    fn column_sums_are_checked_and_source_errors_explained() {
        let (_, d) = table(&format!("{DRIFT}summa: Nettobudget | -592,0 | -159,0 | 51,0\n"));
        assert_eq!(d.len(), 1, "{d:?}");
        assert!(
            d[0].message.starts_with(
                "summan i kolumnen \"Förtroendevalda\" för \"Nettobudget\" stämmer inte: angivet 51,0, beräknat −51,0"
            ),
            "{}",
            d[0].message
        );
        let (t, d) = table(&format!(
            "{DRIFT}summa: {{rad: \"Nettobudget | -592,0 | -159,0 | 51,0\", källfel: Minustecknet saknas i källan}}\n"
        ));
        assert!(d.is_empty(), "{d:?}");
        let Some(TableRow::Values {
            source_note: Some(n), ..
        }) = t.total
        else {
            panic!()
        };
        assert_eq!(n.computed.to_string(), "-51.0");
    }

    #[test]
    fn rows_must_fill_the_columns() {
        let (_, d) = table("titel: T\nkolumner: [A, B, C]\nrader:\n  - x | 1\n");
        assert_eq!(
            d[0].message,
            "raden \"x\" har 1 värden men tabellen har 2 kolumner med värden"
        );
        assert_eq!(d[0].line, 5);
    }
}
