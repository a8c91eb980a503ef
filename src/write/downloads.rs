//! Data downloads: every table, chart and indicator as CSV (for Excel with Swedish settings)
//! and JSON (exact decimal strings).
//!
//! CSV dialect: UTF-8 with BOM, `;` between fields, CRLF line ends, decimal comma, no
//! thousands separator, `-` as minus, fields quoted with `"` when needed. A text cell that
//! begins with `=`, `+`, `-`, `@`, tab or CR gets a leading `'` so no spreadsheet runs it as a
//! formula; numbers are written as numbers.

use crate::model::blocks::Block;
use crate::model::history::IndicatorHistory;
use crate::model::table::{Cell, Row as TableRowModel, RowKind, RowNote, Table, Value as TableValue};
use crate::model::{Site, StatedStatus};
use crate::render::OutputFile;
use crate::render::views::blocks::data_path;
use rust_decimal::Decimal;
use serde_json::{Value, json};

/// CSV cell for a number: `-599,8`.
fn num(d: Decimal) -> String {
    d.to_string().replace('.', ",")
}

/// CSV cell for text, safe against formula injection.
fn text(s: &str) -> String {
    // Spreadsheets may skip spaces and invisible characters before a formula's `=`.
    let lead = s.trim_start_matches(|c: char| {
        c.is_whitespace() || c.is_control() || matches!(c, '\u{feff}' | '\u{200b}'..='\u{200d}' | '\u{2060}')
    });
    let s = if lead.starts_with(['=', '+', '-', '@']) || s.starts_with(['\t', '\r']) {
        format!("'{s}")
    } else {
        s.to_string()
    };
    if s.contains([';', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}

fn csv(rows: &[Vec<String>]) -> Vec<u8> {
    let mut out = String::from("\u{feff}");
    for r in rows {
        out.push_str(&r.join(";"));
        out.push_str("\r\n");
    }
    out.into_bytes()
}

fn json_bytes(v: &Value) -> Vec<u8> {
    let mut s = serde_json::to_string_pretty(v).unwrap_or_default();
    s.push('\n');
    s.into_bytes()
}

fn dec(d: Decimal) -> Value {
    Value::String(d.to_string())
}

fn opt_dec(d: Option<Decimal>) -> Value {
    d.map(dec).unwrap_or(Value::Null)
}

fn status(s: Option<&StatedStatus>) -> Value {
    s.map(|s| json!({ "status": s.status.name(), "ord": s.word }))
        .unwrap_or(Value::Null)
}

fn cell_csv(c: &Cell) -> String {
    match c {
        Cell::Figure(f) => num(f.value),
        Cell::Missing(m) => text(crate::render::views::common::symbol(*m).symbol),
        Cell::Empty => String::new(),
        Cell::Text(t) => text(t),
    }
}

fn cell_json(v: &TableValue) -> Value {
    let mut o = match &v.cell {
        Cell::Figure(f) => json!({ "värde": dec(f.value) }),
        Cell::Missing(m) => json!({ "saknas": crate::render::views::common::symbol(*m).meaning }),
        Cell::Empty => json!({}),
        Cell::Text(t) => json!({ "text": t }),
    };
    if v.computed {
        o["beräknad"] = Value::Bool(true);
    }
    o
}

fn kind_word(k: RowKind) -> &'static str {
    match k {
        RowKind::Item => "rad",
        RowKind::Group => "grupp",
        RowKind::Total => "summa",
        RowKind::Varav => "varav",
    }
}

fn note_text(n: &RowNote) -> String {
    match n {
        RowNote::Source(s) => format!(
            "Källfel: {} anges som {} men siffrorna ger {}. {}",
            s.what,
            num(s.stated),
            num(s.computed),
            s.explanation
        ),
        RowNote::Unchecked { what, why } => format!("{what}. {why}"),
    }
}

/// CSV rows of a table tree: each row with its level, kind and parent, so that a spreadsheet
/// can rebuild the tree; the figures as numbers; which cells the site computed; notes.
fn table_csv(t: &Table, rows: &[TableRowModel], parent: &str, depth: usize, out: &mut Vec<Vec<String>>) {
    for r in rows {
        let label = if r.is_heading() && r.label.is_empty() {
            parent
        } else {
            &r.label
        };
        if !(r.is_heading() && r.label.is_empty()) {
            out.push(table_csv_row(t, r, parent, depth));
        }
        let inner = if r.is_heading() && r.label.is_empty() {
            depth
        } else {
            depth + 1
        };
        table_csv(t, &r.varav, label, inner, out);
        table_csv(t, &r.children, label, inner, out);
        if let Some(total) = &r.total {
            out.push(table_csv_row(t, total, parent, depth));
        }
    }
}

fn table_csv_row(t: &Table, r: &TableRowModel, parent: &str, depth: usize) -> Vec<String> {
    let mut row = vec![
        text(&r.label),
        (depth + 1).to_string(),
        kind_word(r.kind).into(),
        text(parent),
    ];
    let cells = (0..t.columns.len()).map(|i| r.cells.get(i).map(|v| cell_csv(&v.cell)).unwrap_or_default());
    row.extend(cells);
    let computed: Vec<&str> = r
        .cells
        .iter()
        .zip(&t.columns)
        .filter(|(v, _)| v.computed)
        .map(|(_, c)| c.heading.as_str())
        .collect();
    row.push(text(&computed.join(", ")));
    row.push(text(&r.notes.iter().map(note_text).collect::<Vec<_>>().join(" ")));
    row
}

fn table_row_json(r: &TableRowModel) -> Value {
    let mut o = json!({ "rad": r.label, "typ": kind_word(r.kind) });
    if !r.cells.is_empty() {
        o["värden"] = Value::Array(r.cells.iter().map(cell_json).collect());
    }
    if !r.summed && r.kind == RowKind::Item {
        o["summeras"] = Value::Bool(false);
    }
    if let Some(u) = r.unit {
        o["enhet"] = Value::String(u.symbol().into());
    }
    if let Some(i) = &r.indicator {
        o["indikator"] = Value::String(i.clone());
    }
    if !r.varav.is_empty() {
        o["varav"] = Value::Array(r.varav.iter().map(table_row_json).collect());
    }
    if !r.children.is_empty() {
        o["delar"] = Value::Array(r.children.iter().map(table_row_json).collect());
    }
    if let Some(t) = &r.total {
        o["summa"] = table_row_json(t);
    }
    if !r.notes.is_empty() {
        o["noter"] = Value::Array(r.notes.iter().map(|n| Value::String(note_text(n))).collect());
    }
    o
}

/// The CSV and JSON of one block: (csv rows, json value).
pub fn block_data(site: &Site, page_url: &str, block: &Block) -> (Vec<Vec<String>>, Value) {
    let source = site.config.absolute_url(page_url);
    match block {
        Block::Table(t) => {
            let unit_of = |i: usize| {
                t.column_unit(i)
                    .map(|u| format!(" ({})", u.symbol()))
                    .unwrap_or_default()
            };
            let mut header = vec![
                text(&t.row_heading),
                "Nivå".into(),
                "Radtyp".into(),
                "Överordnad rad".into(),
            ];
            header.extend(t.columns.iter().enumerate().map(|(i, c)| {
                let group = c.group.as_ref().map(|g| format!("{g}, ")).unwrap_or_default();
                text(&format!("{group}{}{}", c.heading, unit_of(i)))
            }));
            header.push("Beräknat av webbplatsen".into());
            header.push("Anmärkning".into());
            let mut rows = vec![header];
            table_csv(t, &t.rows, "", 0, &mut rows);
            if let Some(total) = &t.total
                && !(t.total_computed && t.rows.len() <= 1)
            {
                rows.push(table_csv_row(t, total, "", 0));
            }
            let v = json!({
                "titel": t.title, "enhet": t.unit.map(|u| u.symbol()), "period": t.period.as_ref().map(|p| p.iso()), "källa": source,
                "kolumner": t.columns.iter().enumerate().map(|(i, c)| json!({
                    "rubrik": c.heading, "id": c.id, "typ": c.role.name(), "grupp": c.group,
                    "period": c.period.as_ref().map(|p| p.iso()), "enhet": t.column_unit(i).map(|u| u.symbol()),
                    "formel": c.formula.as_ref().map(|f| f.text.clone()), "summeras": c.summed,
                })).collect::<Vec<_>>(),
                "rader": t.rows.iter().map(table_row_json).collect::<Vec<_>>(),
                "summa": t.total.as_ref().map(table_row_json), "summa_beräknad": t.total_computed,
            });
            (rows, v)
        }
        Block::Indicators(set) => {
            let mut rows = vec![vec![
                "Indikator".into(),
                "Period".into(),
                "Utfall".into(),
                "Målvärde".into(),
                "Enhet".into(),
                "Status".into(),
            ]];
            for i in &set.items {
                rows.push(vec![
                    text(&i.name),
                    text(&i.period.as_ref().map(|p| p.label()).unwrap_or_default()),
                    i.outcome.map(|f| num(f.value)).unwrap_or_default(),
                    i.target.map(|f| num(f.value)).unwrap_or_default(),
                    text(i.unit.map(|u| u.symbol()).unwrap_or("")),
                    text(i.status.as_ref().map(|s| s.word.as_str()).unwrap_or("")),
                ]);
            }
            let v = json!({
                "titel": set.title, "källa": source,
                "indikatorer": set.items.iter().map(|i| json!({
                    "id": i.id, "namn": i.name, "period": i.period.as_ref().map(|p| p.iso()), "utfall": opt_dec(i.outcome.map(|f| f.value)), "mål": opt_dec(i.target.map(|f| f.value)),
                    "enhet": i.unit.map(|u| u.symbol()), "status": status(i.status.as_ref()), "status_härledd": i.status_derived, "kolada": i.kolada,
                    "tidigare": i.earlier.iter().map(|e| json!({"period": e.period.iso(), "utfall": dec(e.outcome.value), "mål": opt_dec(e.target.map(|f| f.value))})).collect::<Vec<_>>(),
                })).collect::<Vec<_>>(),
            });
            (rows, v)
        }
        Block::Assignments(set) => {
            let mut rows = vec![vec![
                "Kod".into(),
                "Uppdrag".into(),
                "Aktivitet".into(),
                "Status".into(),
                "Status beräknad".into(),
                "Ansvarig".into(),
                "Tidsplan".into(),
                "Kommentar".into(),
            ]];
            let opt = |s: &Option<String>| text(s.as_deref().unwrap_or(""));
            for a in &set.items {
                rows.push(vec![
                    opt(&a.code),
                    text(&a.title),
                    String::new(),
                    text(a.status.as_ref().map(|s| s.word.as_str()).unwrap_or("")),
                    if a.status_derived { "ja".into() } else { String::new() },
                    opt(&a.responsible),
                    opt(&a.timeline),
                    opt(&a.comment),
                ]);
                for x in &a.activities {
                    rows.push(vec![
                        opt(&a.code),
                        text(&a.title),
                        text(&x.title),
                        text(x.status.as_ref().map(|s| s.word.as_str()).unwrap_or("")),
                        String::new(),
                        opt(&x.responsible),
                        opt(&x.timeline),
                        opt(&x.comment),
                    ]);
                }
            }
            let v = json!({
                "titel": set.title, "källa": source,
                "uppdrag": set.items.iter().map(|a| json!({
                    "id": a.id, "kod": a.code, "titel": a.title, "status": status(a.status.as_ref()), "status_beräknad": a.status_derived,
                    "ansvarig": a.responsible, "tidsplan": a.timeline, "kommentar": a.comment,
                    "aktiviteter": a.activities.iter().map(|x| json!({"titel": x.title, "status": status(x.status.as_ref()), "ansvarig": x.responsible, "tidsplan": x.timeline, "kommentar": x.comment})).collect::<Vec<_>>(),
                })).collect::<Vec<_>>(),
            });
            (rows, v)
        }
        Block::KeyFigures(k) => {
            let mut rows = vec![vec![
                "Nyckeltal".into(),
                "Värde".into(),
                "Enhet".into(),
                "Period".into(),
            ]];
            for f in &k.items {
                rows.push(vec![
                    text(&f.name),
                    num(f.value.value),
                    text(f.unit.map(|u| u.symbol()).unwrap_or("")),
                    text(&f.period.as_ref().map(|p| p.label()).unwrap_or_default()),
                ]);
            }
            let v = json!({
                "titel": k.title, "källa": source,
                "nyckeltal": k.items.iter().map(|f| json!({"namn": f.name, "värde": dec(f.value.value), "enhet": f.unit.map(|u| u.symbol()), "period": f.period.as_ref().map(|p| p.iso())})).collect::<Vec<_>>(),
            });
            (rows, v)
        }
    }
}

fn history_data(site: &Site, h: &IndicatorHistory) -> (Vec<Vec<String>>, Value) {
    let mut rows = vec![vec![
        "Period".into(),
        "Utfall".into(),
        "Målvärde".into(),
        "Enhet".into(),
        "Källa".into(),
    ]];
    for o in &h.observations {
        let src = o
            .report
            .map(|r| site.reports[r].label())
            .unwrap_or_else(|| site.nodes[o.node].title.clone());
        rows.push(vec![
            text(&o.period.label()),
            o.outcome.map(num).unwrap_or_default(),
            o.target.map(num).unwrap_or_default(),
            text(h.unit.map(|u| u.symbol()).unwrap_or("")),
            text(&src),
        ]);
    }
    let v = json!({
        "id": h.id, "utgivare": h.publisher, "namn": h.name, "enhet": h.unit.map(|u| u.symbol()), "kolada": h.kolada,
        "värden": h.observations.iter().map(|o| json!({
            "period": o.period.iso(), "utfall": opt_dec(o.outcome), "mål": opt_dec(o.target), "status": o.status.as_ref().map(|s| s.status.name()), "statusord": o.status.as_ref().map(|s| s.word.clone()),
            "källa": site.config.absolute_url(&site.nodes[o.node].path), "uppgift_i_senare_rapport": o.earlier,
        })).collect::<Vec<_>>(),
    });
    (rows, v)
}

/// The CSV and JSON files of one block (or indicator history) on the page at `page_path`.
pub fn files(page_path: &str, key: &str, rows: Vec<Vec<String>>, v: Value) -> [OutputFile; 2] {
    [
        OutputFile {
            path: data_path(page_path, key, "csv").trim_start_matches('/').to_string(),
            bytes: csv(&rows),
        },
        OutputFile {
            path: data_path(page_path, key, "json").trim_start_matches('/').to_string(),
            bytes: json_bytes(&v),
        },
    ]
}

/// Every download file of the site.
pub fn all(site: &Site) -> Vec<OutputFile> {
    let mut out = Vec::new();
    let mut order = Vec::new();
    site.walk(site.root, &mut order);
    for id in order {
        let n = &site.nodes[id];
        for b in &n.blocks {
            let (rows, v) = block_data(site, &n.path, &b.block);
            out.extend(files(&n.path, b.block.key(), rows, v));
        }
    }
    for h in &site.indicators {
        let (rows, v) = history_data(site, h);
        out.extend(files(&h.path, &h.id, rows, v));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_cells_cannot_become_formulas() {
        assert_eq!(text("=SUM(A1)"), "'=SUM(A1)");
        assert_eq!(text("-x"), "'-x");
        assert_eq!(text("@cmd"), "'@cmd");
        assert_eq!(text("a;b"), "\"a;b\"");
        assert_eq!(text("säg \"hej\""), "\"säg \"\"hej\"\"\"");
        assert_eq!(text("Regionkontoret"), "Regionkontoret");
        assert_eq!(text("\u{feff}=1+1"), "'\u{feff}=1+1");
        assert_eq!(text(" \u{2028}=1+1"), "' \u{2028}=1+1");
    }

    #[test]
    fn numbers_for_excel() {
        use std::str::FromStr;
        assert_eq!(num(Decimal::from_str("-599.8").unwrap()), "-599,8");
        let bytes = csv(&[vec!["a".into(), "1,5".into()]]);
        assert_eq!(bytes, "\u{feff}a;1,5\r\n".as_bytes());
    }
}
