//! Tables of any public body, as a tree of rows over typed columns.
//!
//! A row is an item, a group (a heading with members and an optional sum row after them), a
//! parent whose own figures are the sum of its parts (a committee over its activities), or a
//! "varav" row shown under its parent and never added. A column says what it holds (utfall,
//! budget, prognos, avvikelse …), for which period and in which unit, and a derived column
//! says how it is computed. Every stated sum and derived figure is checked, rounding-aware
//! (see [`formula`]); what cannot be checked is said so on the page.

mod build;
mod check;
pub mod formula;
mod spec;

pub use build::build;
pub use formula::{Formula, Interval};
pub use spec::{ChartChoice, ColumnSpec, RowSpec, TableSpec};

use crate::model::number::Figure;
use crate::model::period::Period;
use crate::model::values::{MissingSymbol, Unit};
use rust_decimal::Decimal;

#[derive(Debug, Clone)]
pub struct Table {
    pub key: String,
    pub title: String,
    pub unit: Option<Unit>,
    pub period: Option<Period>,
    /// The heading of the first column, over the row labels.
    pub row_heading: String,
    /// The data columns, after the row labels.
    pub columns: Vec<Column>,
    pub rows: Vec<Row>,
    pub total: Option<Row>,
    /// True when the editor gave no total and asked for one (`ekonomitabell`).
    pub total_computed: bool,
    pub chart: ChartChoice,
    pub note: Option<String>,
}

/// What a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    Outcome,
    Budget,
    Forecast,
    Target,
    Deviation,
    Change,
    Share,
    Note,
    Text,
    Value,
}

impl Role {
    pub const ALL: [Role; 10] = [
        Role::Outcome,
        Role::Budget,
        Role::Forecast,
        Role::Target,
        Role::Deviation,
        Role::Change,
        Role::Share,
        Role::Note,
        Role::Text,
        Role::Value,
    ];

    /// The word editors write (`typ: prognos`) and the default name of such a column in
    /// formulas.
    pub fn name(self) -> &'static str {
        match self {
            Role::Outcome => "utfall",
            Role::Budget => "budget",
            Role::Forecast => "prognos",
            Role::Target => "mål",
            Role::Deviation => "avvikelse",
            Role::Change => "förändring",
            Role::Share => "andel",
            Role::Note => "not",
            Role::Text => "text",
            Role::Value => "värde",
        }
    }

    /// The name as formulas write it (no å, ä, ö needed).
    pub fn formula_name(self) -> &'static str {
        match self {
            Role::Target => "mal",
            Role::Change => "forandring",
            Role::Value => "varde",
            other => other.name(),
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        let t = s.trim().to_lowercase();
        let t = match t.as_str() {
            "föregående år" | "fg år" | "fg" | "bokslut" => "utfall",
            "forandring" => "förändring",
            "mal" => "mål",
            "varde" | "tal" => "värde",
            "noter" => "not",
            other => other,
        }
        .to_string();
        Role::ALL.into_iter().find(|r| r.name() == t)
    }

    /// Text columns hold no numbers.
    pub fn is_text(self) -> bool {
        matches!(self, Role::Note | Role::Text)
    }
}

#[derive(Debug, Clone)]
pub struct Column {
    pub heading: String,
    /// The name formulas use for the column.
    pub id: String,
    pub role: Role,
    pub period: Option<Period>,
    /// The column's own unit, where it differs from the table's.
    pub unit: Option<Unit>,
    /// The heading over a group of columns (`Kommunen`, `Koncernen`).
    pub group: Option<String>,
    pub formula: Option<Formula>,
    /// Whether the column's figures add up into sums.
    pub summed: bool,
}

/// A column's name in a message: its heading, and, when another column has the same heading,
/// what tells them apart (its group, `Kommunen 2018`, or its unit, `Förändring (%)`).
pub fn column_name(columns: &[Column], i: usize) -> String {
    let c = &columns[i];
    let twins: Vec<&Column> = columns.iter().filter(|o| o.heading == c.heading).collect();
    if twins.len() < 2 {
        return c.heading.clone();
    }
    if let Some(g) = &c.group
        && twins.iter().filter(|o| o.group.as_ref() == Some(g)).count() == 1
    {
        return format!("{g} {}", c.heading);
    }
    if twins.iter().filter(|o| o.unit == c.unit).count() == 1 {
        // The one without a unit of its own is in the table's unit: its heading alone.
        return match c.unit {
            Some(u) => format!("{} ({})", c.heading, u.symbol()),
            None => c.heading.clone(),
        };
    }
    format!("{} (nr {})", c.heading, i + 1)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowKind {
    /// A row of figures (it may have parts beneath it that add up to it).
    Item,
    /// A heading over a group of rows; it has no figures of its own.
    Group,
    /// The sum of the group above it, or of the whole table.
    Total,
    /// Part of the row above, shown under it and never added into a sum.
    Varav,
}

#[derive(Debug, Clone)]
pub struct Row {
    pub label: String,
    pub kind: RowKind,
    /// One per data column; empty for a group heading.
    pub cells: Vec<Value>,
    /// The row's own unit, where it differs from its columns'.
    pub unit: Option<Unit>,
    pub children: Vec<Row>,
    pub varav: Vec<Row>,
    /// The sum row after a group's members.
    pub total: Option<Box<Row>>,
    /// Whether the row adds into its parent's sum.
    pub summed: bool,
    /// The indicator whose values the row states (ties a table row into the indicator's history).
    pub indicator: Option<String>,
    pub notes: Vec<RowNote>,
}

/// A cell as shown: what it holds, and whether the build computed it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Value {
    pub cell: Cell,
    pub computed: bool,
    /// For a computed figure: what the rounded figures it comes from allow it to be.
    pub bounds: Option<Interval>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cell {
    Figure(Figure),
    Missing(MissingSymbol),
    Empty,
    Text(String),
}

impl Cell {
    pub fn figure(&self) -> Option<Decimal> {
        match self {
            Cell::Figure(f) => Some(f.value),
            _ => None,
        }
    }
}

/// A note the page shows with a row: a figure the source gets wrong, or a figure that cannot
/// be checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RowNote {
    Source(SourceNote),
    Unchecked { what: String, why: String },
}

/// A figure the source states that does not add up, kept as published, with the editor's
/// explanation; shown to residents next to the table and in the downloads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceNote {
    pub what: String,
    pub stated: Decimal,
    pub computed: Decimal,
    pub explanation: String,
}

/// A row in reading order with its depth, as a flat table shows it.
#[derive(Debug, Clone, Copy)]
pub struct Placed<'a> {
    pub row: &'a Row,
    pub depth: usize,
    /// Index of the top-level row this one belongs to (the grand total has `rows.len()`).
    pub top: usize,
}

impl Row {
    pub fn is_heading(&self) -> bool {
        self.kind == RowKind::Group
    }

    /// The row and everything under it, in reading order: the row, its varav rows, its
    /// parts, then a group's sum row.
    pub fn walk<'a>(&'a self, depth: usize, top: usize, out: &mut Vec<Placed<'a>>) {
        if !(self.kind == RowKind::Group && self.label.is_empty()) {
            out.push(Placed { row: self, depth, top });
        }
        let inner = if self.kind == RowKind::Group && self.label.is_empty() {
            depth
        } else {
            depth + 1
        };
        for v in &self.varav {
            v.walk(inner, top, out);
        }
        for c in &self.children {
            c.walk(inner, top, out);
        }
        if let Some(t) = &self.total {
            t.walk(depth, top, out);
        }
    }

    /// The row's notes, and those of every row under it.
    pub fn all_notes<'a>(&'a self, out: &mut Vec<&'a RowNote>) {
        out.extend(&self.notes);
        for r in self.varav.iter().chain(&self.children) {
            r.all_notes(out);
        }
        if let Some(t) = &self.total {
            t.all_notes(out);
        }
    }
}

impl Table {
    /// Every row in reading order, the grand total last.
    pub fn placed(&self) -> Vec<Placed<'_>> {
        let mut out = Vec::new();
        for (i, r) in self.rows.iter().enumerate() {
            r.walk(0, i, &mut out);
        }
        if let Some(t) = &self.total {
            out.push(Placed {
                row: t,
                depth: 0,
                top: self.rows.len(),
            });
        }
        out
    }

    /// The top level as a chart shows it: each top-level row with figures (a group by its sum
    /// row), without the grand total.
    pub fn top_level(&self) -> Vec<(&str, &[Value])> {
        self.rows
            .iter()
            .filter_map(|r| match (&r.kind, &r.total) {
                (RowKind::Group, Some(t)) => Some((
                    if r.label.is_empty() {
                        t.label.as_str()
                    } else {
                        r.label.as_str()
                    },
                    t.cells.as_slice(),
                )),
                (RowKind::Group, None) => None,
                _ => Some((r.label.as_str(), r.cells.as_slice())),
            })
            .collect()
    }

    /// The symbols used in the table, for the legend under it.
    pub fn missing_symbols(&self) -> Vec<MissingSymbol> {
        let mut v: Vec<MissingSymbol> = self
            .placed()
            .iter()
            .flat_map(|p| p.row.cells.iter())
            .filter_map(|c| match c.cell {
                Cell::Missing(m) => Some(m),
                _ => None,
            })
            .collect();
        v.sort();
        v.dedup();
        v
    }

    /// The unit of a cell: the row's own, else the column's, else the table's (see
    /// [`cell_unit`]).
    pub fn unit_of(&self, row: &Row, col: usize) -> Option<Unit> {
        cell_unit(row.unit, self.columns.get(col).and_then(|c| c.unit), self.unit)
    }

    /// The unit of a column: its own, else the table's.
    pub fn column_unit(&self, col: usize) -> Option<Unit> {
        self.columns.get(col).and_then(|c| c.unit).or(self.unit)
    }

    /// The first column with this role.
    pub fn column(&self, role: Role) -> Option<usize> {
        self.columns.iter().position(|c| c.role == role)
    }

    /// Every note of the table, in reading order.
    pub fn notes(&self) -> Vec<&RowNote> {
        let mut out = Vec::new();
        for r in &self.rows {
            r.all_notes(&mut out);
        }
        if let Some(t) = &self.total {
            t.all_notes(&mut out);
        }
        out
    }

    /// The deepest nesting of rows (1 for a flat table).
    pub fn depth(&self) -> usize {
        self.placed().iter().map(|p| p.depth + 1).max().unwrap_or(0)
    }
}

/// The unit of a cell from its row's, its column's and its table's: the row's own wins (an
/// "Antal årsarbetare" row in a table in hours), except in a column of its own ratio unit —
/// a change in per cent of årsarbetare is per cent.
pub fn cell_unit(row: Option<Unit>, column: Option<Unit>, table: Option<Unit>) -> Option<Unit> {
    match column {
        Some(c) if c.is_ratio() => Some(c),
        _ => row.or(column).or(table),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_row_unit_wins_except_in_a_column_of_its_own_ratio_unit() {
        let hours = Some(Unit::Other("timmar"));
        let fte = Some(Unit::Other("årsarbetare"));
        assert_eq!(cell_unit(fte, None, hours), fte);
        assert_eq!(cell_unit(fte, Some(Unit::Tkr), hours), fte);
        assert_eq!(cell_unit(fte, Some(Unit::Percent), hours), Some(Unit::Percent));
        assert_eq!(cell_unit(None, None, hours), hours);
    }

    #[test]
    fn columns_with_one_heading_are_told_apart_in_messages() {
        let column = |heading: &str, group: Option<&str>, unit: Option<Unit>| Column {
            heading: heading.into(),
            id: String::new(),
            role: Role::Value,
            period: None,
            unit,
            group: group.map(str::to_string),
            formula: None,
            summed: true,
        };
        let cols = [
            column("2018", Some("Kommunen"), None),
            column("2018", Some("Koncernen"), None),
            column("Förändring", None, None),
            column("Förändring", None, Some(Unit::Percent)),
            column("Not", None, None),
        ];
        let names: Vec<String> = (0..cols.len()).map(|i| column_name(&cols, i)).collect();
        assert_eq!(
            names,
            ["Kommunen 2018", "Koncernen 2018", "Förändring", "Förändring (%)", "Not"]
        );
    }
}
