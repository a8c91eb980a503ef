//! A table block as a download: one CSV row per row of the table in reading order, numbered,
//! each with its parent's number, its level and kind, so that the tree can be rebuilt; one
//! column per data column with its unit in the heading; for every column with values the
//! site computed, a column that says which; and the notes (a `källfel` note among them). The
//! JSON holds the same rows as a tree, with the unit of every figure.

use super::csv;
use super::resource::{Field, FieldType, Resource, unique_names};
use crate::model::table::{Cell, Role, Row, RowKind, RowNote, Table, Value as TableValue};
use crate::model::{Period, Unit};
use crate::render::views::common::symbol;
use serde_json::{Map, Value, json};

pub const NUMBER: &str = "Radnummer";
pub const PARENT: &str = "Överordnad rad";
pub const KINDS: [&str; 4] = ["rad", "grupp", "summa", "varav"];

pub fn kind_word(k: RowKind) -> &'static str {
    match k {
        RowKind::Item => "rad",
        RowKind::Group => "grupp",
        RowKind::Total => "summa",
        RowKind::Varav => "varav",
    }
}

/// A note as the downloads write it.
pub fn note_text(n: &RowNote) -> String {
    match n {
        RowNote::Source(s) => format!(
            "Källfel: {} anges som {} men siffrorna ger {}. {}",
            s.what,
            csv::number(s.stated),
            csv::number(s.computed),
            s.explanation
        ),
        RowNote::Unchecked { what, why } => format!("{what}. {why}"),
    }
}

/// The CSV heading of a data column: `Kommunen, Utfall 2023 (mnkr)`.
fn heading(t: &Table, i: usize) -> String {
    let c = &t.columns[i];
    let group = c.group.as_ref().map(|g| format!("{g}, ")).unwrap_or_default();
    let unit = t
        .column_unit(i)
        .filter(|_| !c.role.is_text())
        .map(|u| format!(" ({})", u.symbol()))
        .unwrap_or_default();
    format!("{group}{}{unit}", c.heading)
}

struct Walk<'a> {
    t: &'a Table,
    own_units: bool,
    /// Data columns with at least one computed value.
    computed: Vec<usize>,
    rows: Vec<Vec<String>>,
    units: Vec<Unit>,
}

impl Walk<'_> {
    fn csv_cell(c: &Cell) -> String {
        match c {
            Cell::Figure(f) => csv::number(f.value),
            Cell::Missing(m) => csv::text(symbol(*m).symbol),
            Cell::Empty => String::new(),
            Cell::Text(t) => csv::text(t),
        }
    }

    fn json_cell(&mut self, r: &Row, i: usize, v: &TableValue) -> Value {
        let mut o = match &v.cell {
            Cell::Figure(f) => {
                let mut o = json!({ "värde": f.value.to_string() });
                if let Some(u) = self.t.unit_of(r, i) {
                    o["enhet"] = json!(u.symbol());
                    self.units.push(u);
                }
                o
            }
            Cell::Missing(m) => json!({ "saknas": symbol(*m).meaning, "tecken": symbol(*m).symbol }),
            Cell::Empty => json!({}),
            Cell::Text(t) => json!({ "text": t }),
        };
        if v.computed {
            o["beräknad"] = Value::Bool(true);
        }
        o
    }

    /// The CSV row of `r` (pushed now, so that parents come before their parts) and its JSON.
    fn row(&mut self, r: &Row, parent: Option<usize>, depth: usize) -> Value {
        let shown = !(r.is_heading() && r.label.is_empty());
        let nr = shown.then(|| {
            self.rows.push(self.csv_row(r, parent, depth));
            self.rows.len()
        });
        let mut o = Map::new();
        if let Some(nr) = nr {
            o.insert("nr".into(), json!(nr));
        }
        o.insert("rad".into(), json!(r.label));
        o.insert("typ".into(), json!(kind_word(r.kind)));
        if !r.cells.is_empty() {
            let cells: Vec<Value> = r
                .cells
                .iter()
                .enumerate()
                .map(|(i, v)| self.json_cell(r, i, v))
                .collect();
            o.insert("värden".into(), Value::Array(cells));
        }
        if !r.summed && r.kind == RowKind::Item {
            o.insert("summeras".into(), Value::Bool(false));
        }
        if let Some(u) = r.unit {
            o.insert("enhet".into(), json!(u.symbol()));
        }
        if let Some(i) = &r.indicator {
            o.insert("indikator".into(), json!(i));
        }
        let (inner_parent, inner) = if shown { (nr, depth + 1) } else { (parent, depth) };
        if !r.varav.is_empty() {
            let v: Vec<Value> = r.varav.iter().map(|v| self.row(v, inner_parent, inner)).collect();
            o.insert("varav".into(), Value::Array(v));
        }
        if !r.children.is_empty() {
            let v: Vec<Value> = r.children.iter().map(|c| self.row(c, inner_parent, inner)).collect();
            o.insert("delar".into(), Value::Array(v));
        }
        if let Some(t) = &r.total {
            // A group's sum row stands at the group's level, under the group it sums.
            let total = self.row(t, inner_parent, depth);
            o.insert("summa".into(), total);
        }
        if !r.notes.is_empty() {
            let notes: Vec<Value> = r.notes.iter().map(|n| json!(note_text(n))).collect();
            o.insert("noter".into(), Value::Array(notes));
        }
        Value::Object(o)
    }

    fn csv_row(&self, r: &Row, parent: Option<usize>, depth: usize) -> Vec<String> {
        let mut row = vec![
            (self.rows.len() + 1).to_string(),
            parent.map(|p| p.to_string()).unwrap_or_default(),
            (depth + 1).to_string(),
            kind_word(r.kind).into(),
            if r.is_heading() {
                String::new()
            } else {
                csv::boolean(r.summed)
            },
            csv::text(&r.label),
        ];
        if self.own_units {
            row.push(csv::text(r.unit.map(|u| u.symbol()).unwrap_or("")));
        }
        let cell = |i: usize| r.cells.get(i);
        row.extend((0..self.t.columns.len()).map(|i| cell(i).map(|v| Self::csv_cell(&v.cell)).unwrap_or_default()));
        row.extend(self.computed.iter().map(|&i| match cell(i) {
            Some(v) if v.computed => csv::boolean(true),
            Some(TableValue {
                cell: Cell::Figure(_) | Cell::Missing(_),
                ..
            }) => csv::boolean(false),
            _ => String::new(),
        }));
        row.push(csv::text(&r.notes.iter().map(note_text).collect::<Vec<_>>().join(" ")));
        row
    }
}

fn fields(t: &Table, own_units: bool, computed: &[usize]) -> Vec<Field> {
    let mut f = vec![
        Field::new(NUMBER, FieldType::Integer, "Radens nummer i tabellen, uppifrån.").required(),
        Field::new(
            PARENT,
            FieldType::Integer,
            "Numret på raden som raden hör till: en del under sin helhet, en varav-rad under raden den är en del av, en summarad under gruppen den summerar. Tom på översta nivån.",
        ),
        Field::new("Nivå", FieldType::Integer, "Hur djupt raden står i tabellen; 1 är översta nivån.").required(),
        Field::new(
            "Radtyp",
            FieldType::String,
            "rad: en rad med värden; grupp: en rubrik över raderna under den; summa: summan av gruppen den hör till (eller av hela tabellen); varav: en del av raden den hör till, som inte räknas med i någon summa.",
        )
        .values(KINDS)
        .required(),
        Field::new(
            "Ingår i summan",
            FieldType::Boolean,
            "Om radens värden räknas med i summan över den. Tom för en grupprubrik.",
        ),
        Field::new(
            if t.row_heading.trim().is_empty() { "Rad" } else { t.row_heading.as_str() },
            FieldType::String,
            "Radens namn, som i rapporten.",
        ),
    ];
    if own_units {
        f.push(Field::new(
            "Radens enhet",
            FieldType::String,
            "Enheten för radens värden, där den inte är kolumnens.",
        ));
    }
    for (i, c) in t.columns.iter().enumerate() {
        let ty = if c.role.is_text() {
            FieldType::String
        } else {
            FieldType::Number
        };
        let mut description = format!("{} (kolumnen \"{}\" i rapporten)", role_words(c.role), c.heading);
        if let Some(formula) = &c.formula {
            description.push_str(&format!("; räknas som {}", formula.text));
        }
        let mut field = Field::new(heading(t, i), ty, description)
            .unit(t.column_unit(i).filter(|_| ty == FieldType::Number))
            .period(c.period.clone().or_else(|| t.period.clone()));
        field.more.insert("roll".into(), json!(c.role.name()));
        if let Some(g) = &c.group {
            field.more.insert("grupp".into(), json!(g));
        }
        if let Some(formula) = &c.formula {
            field.more.insert("formel".into(), json!(formula.text));
        }
        if ty == FieldType::Number {
            field.more.insert("summeras".into(), json!(c.summed));
        }
        f.push(field);
    }
    // Names of the data columns as they end up (a repeated heading gets a number), so that
    // each computed-flag column names its column exactly.
    unique_names(&mut f);
    let first_data = f.len() - t.columns.len();
    for &i in computed {
        let name = f[first_data + i].name.clone();
        f.push(Field::new(
            format!("{name} beräknad"),
            FieldType::Boolean,
            format!(
                "ja: värdet i kolumnen \"{name}\" är räknat av webbplatsen (en summa eller formel), inte hämtat ur rapporten; nej: värdet står i rapporten."
            ),
        ));
    }
    f.push(Field::new(
        "Anmärkning",
        FieldType::String,
        "Källfel (ett värde i rapporten som inte stämmer med siffrorna, med förklaring) och värden som inte kan kontrolleras.",
    ));
    unique_names(&mut f);
    f
}

fn role_words(r: Role) -> &'static str {
    match r {
        Role::Outcome => "Utfall",
        Role::Budget => "Budget",
        Role::Forecast => "Prognos",
        Role::Target => "Mål",
        Role::Deviation => "Avvikelse",
        Role::Change => "Förändring",
        Role::Share => "Andel",
        Role::Note => "Notnummer",
        Role::Text => "Text",
        Role::Value => "Värde",
    }
}

/// The download of a table block. `about` goes first in the JSON (whose table it is).
pub fn resource(t: &Table, name: String, title: String, about: Map<String, Value>) -> Resource {
    let placed = t.placed();
    let own_units = placed.iter().any(|p| p.row.unit.is_some());
    let computed: Vec<usize> = (0..t.columns.len())
        .filter(|&i| placed.iter().any(|p| p.row.cells.get(i).is_some_and(|v| v.computed)))
        .collect();
    let fields = fields(t, own_units, &computed);
    // The data columns follow the six columns of the row tree (and the row's own unit).
    let first_data = 6 + usize::from(own_units);
    let mut walk = Walk {
        t,
        own_units,
        computed,
        rows: Vec::new(),
        units: t.unit.into_iter().collect(),
    };
    let rows: Vec<Value> = t.rows.iter().map(|r| walk.row(r, None, 0)).collect();
    let shown_total = t.total.as_ref().filter(|_| !(t.total_computed && t.rows.len() <= 1));
    let total = shown_total.map(|r| walk.row(r, None, 0));
    let mut json = about;
    json.insert("titel".into(), json!(t.title));
    json.insert("enhet".into(), json!(t.unit.map(|u| u.symbol())));
    json.insert("period".into(), json!(t.period.as_ref().map(|p| p.iso())));
    json.insert(
        "kolumner".into(),
        Value::Array(
            t.columns
                .iter()
                .enumerate()
                .map(|(i, c)| {
                    json!({
                        "namn": fields[first_data + i].name,
                        "rubrik": c.heading, "id": c.id, "typ": c.role.name(), "grupp": c.group,
                        "period": c.period.as_ref().map(|p| p.iso()),
                        "enhet": t.column_unit(i).filter(|_| !c.role.is_text()).map(|u| u.symbol()),
                        "formel": c.formula.as_ref().map(|f| f.text.clone()), "summeras": c.summed,
                    })
                })
                .collect(),
        ),
    );
    json.insert("rader".into(), Value::Array(rows));
    json.insert("summa".into(), total.unwrap_or(Value::Null));
    json.insert("summa_beräknad".into(), json!(t.total_computed));
    if let Some(n) = &t.note {
        json.insert("not".into(), json!(n));
    }
    let mut periods: Vec<Period> = t.columns.iter().filter_map(|c| c.period.clone()).collect();
    periods.extend(t.period.clone());
    let mut units = walk.units;
    units.sort_by_key(|u| u.symbol());
    units.dedup();
    Resource {
        name,
        title,
        description: t.note.clone().unwrap_or_default(),
        fields,
        rows: walk.rows,
        json: Value::Object(json),
        tree: Some((NUMBER.into(), PARENT.into())),
        units,
        periods,
    }
}
