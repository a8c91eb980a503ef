//! Every check of a table, as a walk over its row tree: each derived cell against its formula,
//! each parent row against its parts, each group's sum row against its members, the grand
//! total against the top level. A figure that does not add up is an error, unless the editor
//! explains it as the source's own error (`källfel`); a sum that cannot be checked (a part is
//! `..`) is an error, unless the editor says why (`okontrollerad`), and then the page says so.

use super::formula::{Interval, Outcome};
use super::spec::RowSpec;
use super::{Cell, Column, Row, RowKind, RowNote, SourceNote, Table, Value};
use crate::diagnostics::Diagnostic;
use crate::model::check::plain;
use crate::model::number::Figure;
use crate::model::origin::{At, Field, Origin, RowPath, Step};
use crate::model::values::MissingSymbol;
use rust_decimal::{Decimal, RoundingStrategy};

/// What one check on a row found.
enum Finding {
    Mismatch {
        /// A sum of parts (not a formula's result).
        of_parts: bool,
        what: String,
        stated: Decimal,
        computed: Decimal,
        detail: String,
        col: usize,
    },
    Unverifiable {
        what: String,
        why: String,
        col: usize,
    },
}

/// A stated sum that its parts do not give.
const SUM_HINT: &str = "kontrollera siffran och att alla delar finns med; visar rapporten bara några av delarna, skriv dem under varav:; är siffran fel i själva källan, behåll den och förklara med källfel: \"förklaring\" på raden";
/// A derived cell that its formula does not give.
const FORMULA_HINT: &str = "kontrollera siffrorna på raden mot rapporten; är siffran fel i själva källan, behåll den och förklara med källfel: \"förklaring\" på raden";

/// A row's share of a sum.
#[derive(Clone, Copy)]
enum Part {
    Value(Interval),
    /// `..`: the figure is not available, so the sum cannot be checked.
    Unavailable,
}

fn part_of_cell(v: &Value) -> Option<Part> {
    match &v.cell {
        Cell::Figure(f) => Some(Part::Value(v.bounds.unwrap_or_else(|| Interval::rounded(f.value)))),
        Cell::Missing(m) if m.counts_as_zero() => Some(Part::Value(Interval::exact(Decimal::ZERO))),
        Cell::Missing(_) => Some(Part::Unavailable),
        Cell::Empty => Some(Part::Value(Interval::exact(Decimal::ZERO))),
        Cell::Text(_) => None,
    }
}

/// The row's share of its parent's sum in column `col`.
fn part(row: &Row, col: usize) -> Option<Part> {
    match (row.kind, &row.total) {
        (RowKind::Group, Some(t)) => t.cells.get(col).and_then(part_of_cell),
        (RowKind::Group, None) => sum(&row.children, col),
        _ => row.cells.get(col).and_then(part_of_cell),
    }
}

/// The sum of the summed rows' shares; `None` when it overflows.
fn sum(rows: &[Row], col: usize) -> Option<Part> {
    let mut acc = Interval::exact(Decimal::ZERO);
    let mut unavailable = false;
    for r in rows.iter().filter(|r| r.summed) {
        match part(r, col) {
            Some(Part::Value(v)) => acc = acc.plus(v)?,
            Some(Part::Unavailable) => unavailable = true,
            None => {}
        }
    }
    Some(if unavailable {
        Part::Unavailable
    } else {
        Part::Value(acc)
    })
}

/// The total the build computes when the editor gives none: the top level summed, column by
/// column; derived columns are then computed by their formulas. `overflow` is set when a sum
/// is too large to compute exactly.
pub fn computed_total(t: &Table, overflow: &mut bool) -> Row {
    let cells = t
        .columns
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let summed = (c.summed && c.formula.is_none()).then(|| sum(&t.rows, i));
            if let Some(None) = summed {
                *overflow = true;
            }
            let value = summed.flatten().and_then(|p| match p {
                Part::Value(v) => Some(v),
                Part::Unavailable => None,
            });
            match value {
                Some(v) => Value {
                    cell: Cell::Figure(Figure::new(v.mid)),
                    computed: true,
                    bounds: Some(v),
                },
                None => Value {
                    cell: Cell::Empty,
                    computed: false,
                    bounds: None,
                },
            }
        })
        .collect();
    Row {
        label: "Summa".into(),
        kind: RowKind::Total,
        cells,
        unit: None,
        children: Vec::new(),
        varav: Vec::new(),
        total: None,
        summed: false,
        indicator: None,
        notes: Vec::new(),
    }
}

pub fn check(
    t: &mut Table,
    specs: &[RowSpec],
    total_spec: Option<&RowSpec>,
    origin: &Origin,
    diags: &mut Vec<Diagnostic>,
) {
    let order = derived_order(&t.columns);
    let scales = (0..t.columns.len())
        .map(|col| {
            t.placed()
                .iter()
                .filter_map(|p| p.row.cells.get(col).and_then(|v| v.cell.figure()))
                .map(|d| d.scale())
                .max()
        })
        .collect();
    let c = Checker {
        columns: &t.columns,
        order: &order,
        scales,
        origin,
    };
    let mut rows = std::mem::take(&mut t.rows);
    for (i, (r, s)) in rows.iter_mut().zip(specs).enumerate() {
        c.row(r, Some(s), vec![Step::Row(i)], diags);
    }
    if let Some(mut total) = t.total.take() {
        let mut found = Vec::new();
        c.derive(&mut total, &mut found);
        if !t.total_computed {
            c.sums(&total, &rows, &mut found);
        }
        c.resolve(&mut total, total_spec, &vec![Step::Total], found, diags);
        t.total = Some(total);
    }
    t.rows = rows;
}

/// Derived columns in an order where each comes after the columns it uses.
fn derived_order(cols: &[Column]) -> Vec<usize> {
    let mut order: Vec<usize> = Vec::new();
    let derived: Vec<usize> = (0..cols.len()).filter(|i| cols[*i].formula.is_some()).collect();
    while order.len() < derived.len() {
        let before = order.len();
        for &i in &derived {
            if order.contains(&i) {
                continue;
            }
            let ready = cols[i].formula.as_ref().is_some_and(|f| {
                f.columns().iter().all(|name| {
                    cols.iter()
                        .position(|c| c.id == *name)
                        .is_none_or(|j| cols[j].formula.is_none() || order.contains(&j))
                })
            });
            if ready {
                order.push(i);
            }
        }
        if order.len() == before {
            break;
        }
    }
    order
}

struct Checker<'a> {
    columns: &'a [Column],
    order: &'a [usize],
    /// The most decimals any stated figure of each column has.
    scales: Vec<Option<u32>>,
    origin: &'a Origin,
}

impl Checker<'_> {
    fn row(&self, r: &mut Row, spec: Option<&RowSpec>, path: RowPath, diags: &mut Vec<Diagnostic>) {
        let sub = |step: Step| {
            let mut p = path.clone();
            p.push(step);
            p
        };
        let child_specs = |f: fn(&RowSpec) -> &Vec<RowSpec>| spec.map(|s| f(s).as_slice()).unwrap_or(&[]);
        for (i, v) in r.varav.iter_mut().enumerate() {
            self.row(v, child_specs(|s| &s.varav).get(i), sub(Step::Varav(i)), diags);
        }
        for (i, c) in r.children.iter_mut().enumerate() {
            self.row(c, child_specs(|s| &s.children).get(i), sub(Step::Child(i)), diags);
        }
        if let Some(total) = r.total.as_mut() {
            let mut found = Vec::new();
            self.derive(total, &mut found);
            self.sums(total, &r.children, &mut found);
            let ts = spec.and_then(|s| s.total.as_deref());
            self.resolve(total, ts, &sub(Step::Total), found, diags);
        }
        let mut found = Vec::new();
        self.derive(r, &mut found);
        if r.kind == RowKind::Item && !r.children.is_empty() {
            let children = std::mem::take(&mut r.children);
            self.sums(r, &children, &mut found);
            r.children = children;
        }
        self.resolve(r, spec, &path, found, diags);
    }

    /// Check or compute every derived cell of the row.
    fn derive(&self, r: &mut Row, found: &mut Vec<Finding>) {
        if r.cells.is_empty() {
            return;
        }
        for &col in self.order {
            let column = &self.columns[col];
            let Some(formula) = &column.formula else { continue };
            let mut missing: Option<String> = None;
            let input = |name: &str| -> Option<Interval> {
                let j = self.columns.iter().position(|c| c.id == name)?;
                let v = r.cells.get(j)?;
                match (&v.cell, part_of_cell(v)) {
                    (Cell::Empty, _) => None,
                    (_, Some(Part::Value(iv))) => Some(iv),
                    _ => None,
                }
            };
            let outcome = formula.eval(&input);
            let what = format!(
                "kolumnen \"{}\" ({})",
                super::column_name(self.columns, col),
                formula.text
            );
            let outcome = match outcome {
                Ok(o) => o,
                Err(name) => {
                    missing = Some(
                        self.columns
                            .iter()
                            .find(|c| c.id == name)
                            .map(|c| c.heading.clone())
                            .unwrap_or_else(|| name.to_string()),
                    );
                    Outcome::Unbounded
                }
            };
            let stated = r.cells[col].clone();
            match (&stated.cell, outcome) {
                (Cell::Figure(_), _) if stated.computed => {}
                (Cell::Figure(f), Outcome::Value(iv)) => {
                    if let Some((computed, detail)) = formula_mismatch(f.value, iv, formula.is_additive()) {
                        found.push(Finding::Mismatch {
                            of_parts: false,
                            what,
                            stated: f.value,
                            computed,
                            detail,
                            col,
                        });
                    }
                }
                (Cell::Figure(_), Outcome::Unbounded) => found.push(Finding::Unverifiable {
                    what,
                    why: match missing {
                        Some(m) => format!("kolumnen \"{m}\" har inget värde på raden"),
                        None => "nämnaren kan vara noll".to_string(),
                    },
                    col,
                }),
                (Cell::Figure(_), Outcome::Overflow) => found.push(Finding::Unverifiable {
                    what,
                    why: "talen är för stora för att räknas ut exakt".into(),
                    col,
                }),
                (Cell::Empty, Outcome::Value(iv)) => {
                    let scale = if formula.is_additive() {
                        iv.mid.scale()
                    } else {
                        self.display_scale(col)
                    };
                    r.cells[col] = Value {
                        cell: Cell::Figure(Figure::new(round(iv.mid, scale))),
                        computed: true,
                        bounds: Some(iv),
                    };
                }
                _ => {}
            }
        }
    }

    /// The decimals a computed share or percentage is shown with: as many as the column's
    /// stated figures have, else one.
    fn display_scale(&self, col: usize) -> u32 {
        self.scales.get(col).copied().flatten().unwrap_or(1)
    }

    /// Check the row's stated figures against the sum of `parts`.
    fn sums(&self, r: &Row, parts: &[Row], found: &mut Vec<Finding>) {
        for (col, column) in self.columns.iter().enumerate() {
            // A cell already found wrong by its formula is reported once.
            let wrong = found
                .iter()
                .any(|f| matches!(f, Finding::Mismatch { col: c, .. } if *c == col));
            if !column.summed || wrong {
                continue;
            }
            let Some(v) = r.cells.get(col) else { continue };
            if v.computed {
                continue;
            }
            let stated = match &v.cell {
                Cell::Figure(f) => Interval::rounded(f.value),
                Cell::Missing(MissingSymbol::Nothing) => Interval::exact(Decimal::ZERO),
                _ => continue,
            };
            let what = format!("summan i kolumnen \"{}\"", super::column_name(self.columns, col));
            match sum(parts, col) {
                None => found.push(Finding::Unverifiable {
                    what,
                    why: "talen är för stora för att räknas ut exakt".into(),
                    col,
                }),
                Some(Part::Unavailable) => found.push(Finding::Unverifiable {
                    what,
                    why: "en av raderna har värdet .. (uppgift saknas)".into(),
                    col,
                }),
                Some(Part::Value(iv)) => {
                    if !iv.meets(&stated) {
                        let tol = (iv.hi - iv.lo) / Decimal::TWO + (stated.hi - stated.lo) / Decimal::TWO;
                        found.push(Finding::Mismatch {
                            of_parts: true,
                            what,
                            stated: stated.mid,
                            computed: iv.mid,
                            detail: format!(
                                "angivet {}, beräknat {}; skillnaden {} är större än avrundningen tillåter ({})",
                                plain(stated.mid),
                                plain(iv.mid),
                                plain((stated.mid - iv.mid).abs().normalize()),
                                plain(tol.normalize())
                            ),
                            col,
                        });
                    }
                }
            }
        }
    }

    /// Turn what the checks found into errors, or into notes the editor asked for.
    fn resolve(
        &self,
        r: &mut Row,
        spec: Option<&RowSpec>,
        path: &RowPath,
        found: Vec<Finding>,
        diags: &mut Vec<Diagnostic>,
    ) {
        let source_error = spec.and_then(|s| s.source_error.as_deref());
        let unchecked = spec.and_then(|s| s.unchecked.as_deref());
        let mut any_mismatch = false;
        let mut any_unverifiable = false;
        let label = &r.label;
        for f in found {
            match f {
                Finding::Mismatch {
                    of_parts,
                    what,
                    stated,
                    computed,
                    detail,
                    col,
                } => match source_error {
                    Some(e) => {
                        if !any_mismatch {
                            r.notes.push(RowNote::Source(SourceNote {
                                what: format!("{what} för \"{label}\""),
                                stated,
                                computed,
                                explanation: e.to_string(),
                            }));
                        }
                        any_mismatch = true;
                    }
                    None => diags.push(
                        self.origin
                            .error(
                                &At::Cell(path.clone(), col),
                                format!("{what} för \"{label}\" stämmer inte: {detail}"),
                            )
                            .hint(if of_parts { SUM_HINT } else { FORMULA_HINT }),
                    ),
                },
                Finding::Unverifiable { what, why, col } => {
                    any_unverifiable = true;
                    match unchecked {
                        Some(u) => r.notes.push(RowNote::Unchecked {
                            what: format!("{what} för \"{label}\" kan inte kontrolleras: {why}"),
                            why: u.to_string(),
                        }),
                        None => diags.push(
                            self.origin
                                .error(
                                    &At::Cell(path.clone(), col),
                                    format!("{what} för \"{label}\" kan inte kontrolleras: {why}"),
                                )
                                .hint("kontrollera siffrorna mot rapporten; kan de inte kontrolleras, skriv varför med okontrollerad: \"förklaring\" på raden, så visas det på sidan"),
                        ),
                    }
                }
            }
        }
        if source_error.is_some() && !any_mismatch {
            diags.push(
                self.origin
                    .error(
                        &At::RowField(path.clone(), Field::SourceError),
                        format!("raden \"{label}\" har källfel: men siffrorna stämmer"),
                    )
                    .hint("ta bort källfel: när raden stämmer"),
            );
        }
        if unchecked.is_some() && !any_unverifiable {
            diags.push(
                self.origin
                    .error(
                        &At::RowField(path.clone(), Field::Unchecked),
                        format!("raden \"{label}\" har okontrollerad: men alla dess siffror kan kontrolleras"),
                    )
                    .hint("ta bort okontrollerad: när siffrorna kan kontrolleras; visar rapporten bara några av radens delar, skriv dem under varav: i stället för delar:"),
            );
        }
    }
}

/// A stated figure that its formula's result `iv` does not meet: what was computed, and the
/// sentence that tells how far off it is. A sum or difference names the tolerance; a ratio
/// the range the stated figure may lie in.
fn formula_mismatch(stated: Decimal, iv: Interval, additive: bool) -> Option<(Decimal, String)> {
    let own = Interval::rounded(stated);
    if iv.meets(&own) {
        return None;
    }
    if additive {
        let tol = (iv.hi - iv.lo) / Decimal::TWO + (own.hi - own.lo) / Decimal::TWO;
        let detail = format!(
            "angivet {}, beräknat {}; skillnaden {} är större än avrundningen tillåter ({})",
            plain(stated),
            plain(iv.mid),
            plain((stated - iv.mid).abs().normalize()),
            plain(tol.normalize())
        );
        return Some((iv.mid, detail));
    }
    let computed = round(iv.mid, stated.scale() + 1);
    let detail = format!(
        "angivet {}, beräknat {}; avrundningen tillåter {} till {}",
        plain(stated),
        plain(computed),
        plain(round(iv.lo - half(stated), stated.scale() + 1)),
        plain(round(iv.hi + half(stated), stated.scale() + 1))
    );
    Some((computed, detail))
}

fn half(d: Decimal) -> Decimal {
    super::formula::half_unit(d)
}

/// Rounded half away from zero, as reports round, shown with exactly `dp` decimals.
fn round(d: Decimal, dp: u32) -> Decimal {
    let mut r = d.round_dp_with_strategy(dp, RoundingStrategy::MidpointAwayFromZero);
    r.rescale(dp);
    r
}
