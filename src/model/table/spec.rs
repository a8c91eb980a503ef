//! A table as the editor wrote it, before it is checked: what a loader hands the model. Cells
//! are still text, so that their meaning can follow their column (a note number is not an
//! amount), and every part can be located through the block's origin.

use crate::model::period::Period;
use crate::model::values::{ChartKind, Unit};

#[derive(Debug, Clone, Default)]
pub struct TableSpec {
    pub title: String,
    pub unit: Option<Unit>,
    pub period: Option<Period>,
    pub row_heading: String,
    pub columns: Vec<ColumnSpec>,
    pub rows: Vec<RowSpec>,
    pub total: Option<RowSpec>,
    /// Compute a total row when none is given (the `ekonomitabell` way).
    pub compute_total: bool,
    pub chart: ChartChoice,
    pub note: Option<String>,
}

/// Which charts a table gets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ChartChoice {
    #[default]
    None,
    /// One chart of the given kind over the top-level rows.
    Kind(ChartKind),
    /// Outcome against budget as bars, and the deviations around zero.
    Financial,
}

#[derive(Debug, Clone, Default)]
pub struct ColumnSpec {
    pub heading: String,
    pub id: Option<String>,
    pub role: Option<String>,
    pub period: Option<Period>,
    pub unit: Option<Unit>,
    pub group: Option<String>,
    pub formula: Option<String>,
    pub summed: Option<bool>,
}

impl ColumnSpec {
    pub fn heading(h: impl Into<String>) -> ColumnSpec {
        ColumnSpec {
            heading: h.into(),
            ..Default::default()
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct RowSpec {
    /// `None` for a group without a heading of its own (its members and sum row only).
    pub label: Option<String>,
    /// The cells as written; `None` for a group heading.
    pub cells: Option<Vec<String>>,
    pub children: Vec<RowSpec>,
    pub varav: Vec<RowSpec>,
    pub total: Option<Box<RowSpec>>,
    pub summed: bool,
    pub unit: Option<Unit>,
    pub source_error: Option<String>,
    pub unchecked: Option<String>,
    pub indicator: Option<String>,
    /// Problems the loader found in how the row was written: (message, hint).
    pub problems: Vec<(String, String)>,
}

impl RowSpec {
    /// An item row from its label and cells.
    pub fn item(label: impl Into<String>, cells: Vec<String>) -> RowSpec {
        RowSpec {
            label: Some(label.into()),
            cells: Some(cells),
            summed: true,
            ..Default::default()
        }
    }
}
