//! From what the editor wrote to a checked table: columns get their names and formulas, cells
//! are read by what their column holds, rows become a tree, and then every figure is checked.

use super::formula::Formula;
use super::spec::{ColumnSpec, RowSpec, TableSpec};
use super::{Cell, Column, Role, Row, RowKind, Table, Value};
use crate::diagnostics::Diagnostic;
use crate::model::number::parse_figure;
use crate::model::origin::{At, Field, Origin, RowPath, Step};
use crate::model::period::{Period, Span};
use crate::model::values::{MissingSymbol, Unit};

/// Build and check one table. Every problem goes to `diags`; the table is returned anyway, so
/// that one run reports everything.
pub fn build(spec: TableSpec, key: String, origin: &Origin, diags: &mut Vec<Diagnostic>) -> Table {
    let columns = columns(&spec.columns, spec.unit, origin, diags);
    let ctx = Ctx {
        columns: &columns,
        table_unit: spec.unit,
        origin,
    };
    let mut rows = Vec::with_capacity(spec.rows.len());
    for (i, r) in spec.rows.iter().enumerate() {
        rows.push(ctx.row(r, vec![Step::Row(i)], RowKind::Item, diags));
    }
    let total = spec
        .total
        .as_ref()
        .map(|t| ctx.row(t, vec![Step::Total], RowKind::Total, diags));
    if rows.is_empty() {
        diags.push(origin.error(
            &At::Field(Field::Rows),
            format!("tabellen \"{}\" har inga rader", spec.title),
        ));
    }
    let mut table = Table {
        key,
        title: spec.title,
        unit: spec.unit,
        period: spec.period,
        row_heading: spec.row_heading,
        columns,
        rows,
        total,
        total_computed: false,
        chart: spec.chart,
        note: spec.note,
    };
    if table.total.is_none() && spec.compute_total && !table.rows.is_empty() {
        let mut overflow = false;
        table.total = Some(super::check::computed_total(&table, &mut overflow));
        table.total_computed = true;
        if overflow {
            diags.push(
                origin
                    .error(
                        &At::Field(Field::Rows),
                        format!(
                            "summorna i tabellen \"{}\" blir för stora för att räknas ut exakt",
                            table.title
                        ),
                    )
                    .hint("skriv beloppen i en större enhet (tkr, mnkr, mdkr) eller dela upp tabellen"),
            );
        }
    }
    super::check::check(&mut table, &spec.rows, spec.total.as_ref(), origin, diags);
    if let super::ChartChoice::Kind(_) = table.chart {
        let numeric = table
            .top_level()
            .iter()
            .any(|(_, cells)| cells.iter().any(|c| matches!(c.cell, Cell::Figure(_))));
        if !numeric {
            diags.push(origin.error(&At::Field(Field::Chart), "diagram kräver tal i tabellen"));
        }
    }
    table
}

/// A formula's name for a column: lowercase letters, digits and `_`, starting with a letter.
fn valid_name(s: &str) -> bool {
    s.chars().next().is_some_and(char::is_alphabetic) && s.chars().all(|c| c.is_alphanumeric() || c == '_')
}

/// The columns as the model uses them: what each holds, its name in formulas, its formula.
fn columns(
    specs: &[ColumnSpec],
    table_unit: Option<Unit>,
    origin: &Origin,
    diags: &mut Vec<Diagnostic>,
) -> Vec<Column> {
    let mut out: Vec<Column> = specs
        .iter()
        .enumerate()
        .map(|(i, c)| column(i, c, table_unit, origin, diags))
        .collect();
    name_columns(&mut out, specs, origin, diags);
    let names: Vec<String> = out.iter().map(|c| c.id.clone()).filter(|n| !n.is_empty()).collect();
    for (i, c) in specs.iter().enumerate() {
        if let Some(text) = &c.formula {
            out[i].formula = formula(
                text,
                &out[i].id,
                &names,
                &At::ColumnField(i, Field::Formula),
                origin,
                diags,
            );
        }
    }
    check_cycles(&mut out, origin, diags);
    out
}

/// One column from what the editor wrote (without its name and formula yet).
fn column(i: usize, c: &ColumnSpec, table_unit: Option<Unit>, origin: &Origin, diags: &mut Vec<Diagnostic>) -> Column {
    let role = match &c.role {
        None => Role::Value,
        Some(r) => Role::parse(r).unwrap_or_else(|| {
            let names: Vec<&str> = Role::ALL.iter().map(|r| r.name()).collect();
            diags.push(
                origin
                    .error(&At::ColumnField(i, Field::Kind), format!("okänd kolumntyp \"{r}\""))
                    .hint(crate::diagnostics::suggestion_hint(r, &names, "kolumntyper")),
            );
            Role::Value
        }),
    };
    // A heading that names a year (`2023`, `Utfall 2023`), months (`jan–apr 2024`) or a day
    // is the column's period. One month (`April 2024`) may mean the month or the year so far:
    // the editor says which.
    let single_month = |p: &Period| matches!(p.span, Span::Months(a, b) if a == b);
    let heading_period = Period::parse(&c.heading);
    if c.period.is_none()
        && !role.is_text()
        && let Some(p) = heading_period.as_ref().filter(|p| single_month(p))
        && let Span::Months(m, _) = p.span
    {
        diags.push(
            origin
                .error(
                    &At::Column(i),
                    format!("kolumnen \"{}\" säger inte om talen gäller bara {} eller året till och med {}", c.heading, p.label(), p.label()),
                )
                .hint(format!(
                    "skriv period: på kolumnen – period: {} om talen gäller januari till och med den månaden (ackumulerat, som i de flesta delårsrapporter), eller period: {} om de gäller bara den månaden",
                    Period { year: p.year, span: Span::Months(1, m) }.label(),
                    p.label()
                )),
        );
    }
    let ratio = c.unit.or(table_unit).is_some_and(Unit::is_ratio);
    let summed = c
        .summed
        .unwrap_or(!(role.is_text() || role == Role::Share || role == Role::Target || ratio));
    Column {
        heading: c.heading.clone(),
        id: c.id.clone().unwrap_or_default().to_lowercase(),
        role,
        period: c.period.clone().or_else(|| heading_period.filter(|p| !single_month(p))),
        unit: c.unit.filter(|u| Some(*u) != table_unit),
        group: c.group.clone(),
        formula: None,
        summed,
    }
}

/// Every column's name in formulas: the editor's `id`, else the role's name when only one
/// column has the role, else the heading's; a name two columns would share is given to none.
fn name_columns(out: &mut [Column], specs: &[ColumnSpec], origin: &Origin, diags: &mut Vec<Diagnostic>) {
    for i in 0..out.len() {
        if !out[i].id.is_empty() {
            if !valid_name(&out[i].id) {
                diags.push(
                    origin
                        .error(&At::ColumnField(i, Field::Id), format!("ogiltigt kolumnnamn \"{}\"", out[i].id))
                        .hint("ett kolumnnamn börjar med en bokstav och har bara bokstäver, siffror och _, till exempel utfall_2023"),
                );
            }
            continue;
        }
        let role = out[i].role;
        let unique_role = out.iter().filter(|c| c.role == role).count() == 1 && role != Role::Value;
        out[i].id = if unique_role {
            role.formula_name().to_string()
        } else {
            let slug = crate::model::slugify(&out[i].heading).replace('-', "_");
            if valid_name(&slug) { slug } else { String::new() }
        };
    }
    for i in 0..out.len() {
        if !out[i].id.is_empty() && out[..i].iter().any(|c| c.id == out[i].id) {
            if specs[i].id.is_some() {
                diags.push(origin.error(
                    &At::ColumnField(i, Field::Id),
                    format!("två kolumner heter \"{}\"", out[i].id),
                ));
            }
            out[i].id.clear();
        }
    }
}

/// A column's formula, read and checked against the columns' names.
fn formula(
    text: &str,
    own: &str,
    names: &[String],
    at: &At,
    origin: &Origin,
    diags: &mut Vec<Diagnostic>,
) -> Option<Formula> {
    let f = match Formula::parse(text) {
        Ok(f) => f,
        Err(e) => {
            diags.push(
                origin
                    .error(at, format!("formeln \"{text}\" går inte att läsa: {e}"))
                    .hint("skriv till exempel formel: utfall - budget, med kolumnernas namn (id) och + − × /"),
            );
            return None;
        }
    };
    let mut ok = true;
    for used in f.columns() {
        if !names.iter().any(|n| n == used) {
            ok = false;
            let known = if names.is_empty() {
                "ingenting ännu".to_string()
            } else {
                names.join(", ")
            };
            diags.push(
                origin
                    .error(
                        at,
                        format!("formeln \"{text}\" använder \"{used}\", som ingen kolumn heter"),
                    )
                    .hint(format!("kolumnerna heter {known}; ge en kolumn ett namn med id:")),
            );
        } else if used == own {
            ok = false;
            diags.push(origin.error(at, format!("formeln \"{text}\" använder sin egen kolumn")));
        }
    }
    ok.then_some(f)
}

/// A derived column may use other derived columns, but not in a circle.
fn check_cycles(cols: &mut [Column], origin: &Origin, diags: &mut Vec<Diagnostic>) {
    for start in 0..cols.len() {
        let mut seen = vec![start];
        let mut frontier = vec![start];
        let mut circular = false;
        while let Some(c) = frontier.pop() {
            let Some(f) = &cols[c].formula else { continue };
            for used in f.columns() {
                if let Some(j) = cols.iter().position(|x| x.id == used) {
                    if j == start {
                        circular = true;
                    } else if !seen.contains(&j) {
                        seen.push(j);
                        frontier.push(j);
                    }
                }
            }
        }
        if circular {
            diags.push(origin.error(
                &At::ColumnField(start, Field::Formula),
                format!(
                    "formeln för \"{}\" räknas ut ur sig själv via andra kolumner",
                    cols[start].heading
                ),
            ));
            cols[start].formula = None;
        }
    }
}

struct Ctx<'a> {
    columns: &'a [Column],
    table_unit: Option<Unit>,
    origin: &'a Origin,
}

impl Ctx<'_> {
    fn row(&self, r: &RowSpec, path: RowPath, kind: RowKind, diags: &mut Vec<Diagnostic>) -> Row {
        for (m, h) in &r.problems {
            diags.push(self.origin.error(&At::Row(path.clone()), m.clone()).hint(h.clone()));
        }
        let label = r.label.clone().unwrap_or_default();
        let kind = match (kind, &r.cells) {
            (RowKind::Item, None) => RowKind::Group,
            (k, _) => k,
        };
        if kind != RowKind::Group && r.label.is_none() {
            diags.push(self.origin.error(&At::Row(path.clone()), "raden saknar rubrik"));
        }
        let cells = match &r.cells {
            None => Vec::new(),
            Some(texts) => self.cells(texts, &label, r.unit, &path, diags),
        };
        let sub = |step: Step| {
            let mut p = path.clone();
            p.push(step);
            p
        };
        let children: Vec<Row> = r
            .children
            .iter()
            .enumerate()
            .map(|(i, c)| self.row(c, sub(Step::Child(i)), RowKind::Item, diags))
            .collect();
        let varav: Vec<Row> = r
            .varav
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let mut v = self.row(c, sub(Step::Varav(i)), RowKind::Varav, diags);
                v.summed = false;
                v
            })
            .collect();
        if !r.varav.is_empty() && r.cells.is_none() {
            diags.push(
                self.origin
                    .error(
                        &At::Row(path.clone()),
                        format!("gruppen \"{label}\" har varav-rader men inga egna värden"),
                    )
                    .hint(
                        "varav-rader står under en rad med värden; i en grupp utan värden, skriv raderna under delar:",
                    ),
            );
        }
        let total = r
            .total
            .as_ref()
            .map(|t| Box::new(self.row(t, sub(Step::Total), RowKind::Total, diags)));
        if total.is_some() && r.children.is_empty() {
            diags.push(
                self.origin
                    .error(
                        &At::Row(path.clone()),
                        format!("raden \"{label}\" har en summa men inga delar att summera"),
                    )
                    .hint("skriv raderna som summeras under delar:"),
            );
        }
        if kind == RowKind::Group && r.label.is_none() && total.is_none() {
            diags.push(
                self.origin
                    .error(&At::Row(path.clone()), "en grupp utan rubrik behöver en summa")
                    .hint("ge gruppen en rubrik med grupp: eller en summarad med summa:"),
            );
        }
        Row {
            label,
            kind,
            cells,
            unit: r.unit,
            children,
            varav,
            total,
            summed: r.summed && kind != RowKind::Varav,
            indicator: r.indicator.clone(),
            notes: Vec::new(),
        }
    }

    fn cells(
        &self,
        texts: &[String],
        label: &str,
        row_unit: Option<Unit>,
        path: &RowPath,
        diags: &mut Vec<Diagnostic>,
    ) -> Vec<Value> {
        let width = self.columns.len();
        if texts.len() != width {
            diags.push(
                self.origin
                    .error(
                        &At::Row(path.clone()),
                        format!(
                            "raden \"{label}\" har {} värden men tabellen har {width} kolumner med värden",
                            texts.len()
                        ),
                    )
                    .hint("skriv .. för ett värde som saknas och lämna fältet tomt där rapporten inte har något, så att varje rad har lika många fält"),
            );
        }
        (0..width)
            .map(|i| {
                let Some(text) = texts.get(i) else {
                    return Value {
                        cell: Cell::Empty,
                        computed: false,
                        bounds: None,
                    };
                };
                let col = &self.columns[i];
                let text = text.trim();
                let cell = if text.is_empty() {
                    Cell::Empty
                } else if col.role.is_text() {
                    Cell::Text(text.to_string())
                } else if let Some(m) = MissingSymbol::parse(text) {
                    Cell::Missing(m)
                } else {
                    match parse_figure(text) {
                        Ok((f, percent_sign)) => {
                            let unit = super::cell_unit(row_unit, col.unit, self.table_unit);
                            if percent_sign && unit != Some(Unit::Percent) {
                                diags.push(
                                    self.origin
                                        .error(
                                            &At::Cell(path.clone(), i),
                                            format!("\"{text}\" i raden \"{label}\" har ett procenttecken, men kolumnen \"{}\" är inte i procent", super::column_name(self.columns, i)),
                                        )
                                        .hint("ge kolumnen enhet: \"%\" (eller raden enhet: \"%\"), eller skriv talet utan %"),
                                );
                            }
                            Cell::Figure(f)
                        }
                        Err(e) => {
                            diags.push(
                                self.origin
                                    .error(&At::Cell(path.clone(), i), format!("{} i raden \"{label}\", kolumnen \"{}\"", e.message, super::column_name(self.columns, i)))
                                    .hint(format!("{}; saknas värdet, skriv .. (uppgift saknas), . (kan inte förekomma) eller - (inget att redovisa)", e.hint)),
                            );
                            Cell::Empty
                        }
                    }
                };
                Value {
                    cell,
                    computed: false,
                    bounds: None,
                }
            })
            .collect()
    }
}
