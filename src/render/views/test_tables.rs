//! Small tables for the views' unit tests, built directly (no YAML).

use crate::model::number::Figure;
use crate::model::period::{Period, Span};
use crate::model::table::{Cell, ChartChoice, Column, Role, Row, RowKind, Table, Value};
use crate::model::values::Unit;
use rust_decimal::Decimal;
use std::str::FromStr;

pub fn column(heading: &str, role: Role, period: Option<Period>) -> Column {
    Column {
        heading: heading.into(),
        id: heading.to_lowercase(),
        role,
        period,
        unit: None,
        group: None,
        formula: None,
        summed: true,
    }
}

pub fn jan_apr(year: i32) -> Period {
    Period {
        year,
        span: Span::Months(1, 4),
    }
}

pub fn row(label: &str, kind: RowKind, figures: &[&str]) -> Row {
    Row {
        label: label.into(),
        kind,
        cells: figures
            .iter()
            .map(|f| Value {
                cell: Cell::Figure(Figure::new(Decimal::from_str(f).unwrap())),
                computed: false,
                bounds: None,
            })
            .collect(),
        unit: None,
        children: Vec::new(),
        varav: Vec::new(),
        total: None,
        summed: true,
        indicator: None,
        notes: Vec::new(),
    }
}

pub fn group(label: &str, children: Vec<Row>, total: Option<Row>) -> Row {
    Row {
        children,
        total: total.map(Box::new),
        ..row(label, RowKind::Group, &[])
    }
}

pub fn table(title: &str, columns: Vec<Column>, rows: Vec<Row>, total: Option<Row>) -> Table {
    Table {
        key: "t".into(),
        title: title.into(),
        unit: Some(Unit::Mnkr),
        period: None,
        row_heading: "Post".into(),
        columns,
        rows,
        total,
        total_computed: false,
        chart: ChartChoice::None,
        note: None,
    }
}
