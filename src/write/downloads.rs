//! Data downloads: every table, chart and indicator as CSV (for Excel with Swedish settings)
//! and JSON (exact decimal strings).
//!
//! CSV dialect: UTF-8 with BOM, `;` between fields, CRLF line ends, decimal comma, no
//! thousands separator, `-` as minus. A field is quoted with `"` (RFC 4180) whenever it holds
//! `;`, `,`, `"`, CR or LF, so that a program reading it with either separator sees the same
//! fields (numbers with a decimal comma are quoted too; spreadsheets still read them as
//! numbers). A text cell whose first visible character is `=`, `+`, `-` or `@` — whatever
//! spaces or invisible characters (controls, zero-width and direction marks, invisible
//! operators, soft hyphens) come before it — or that begins with tab or CR, gets a leading
//! `'` so no spreadsheet runs it as a formula; numbers are written as numbers.

use crate::model::blocks::Block;
use crate::model::history::IndicatorHistory;
use crate::model::table::{Cell, TableRow};
use crate::model::{Site, Status};
use crate::render::OutputFile;
use crate::render::views::blocks::data_path;
use rust_decimal::Decimal;
use serde_json::{Value, json};

/// CSV cell for a number: `-599,8`.
fn num(d: Decimal) -> String {
    d.to_string().replace('.', ",")
}

/// Characters a spreadsheet may skip before a formula's `=`: spaces, controls and every
/// character Unicode marks as invisible by default (format characters such as direction
/// marks and overrides, zero-width characters, invisible operators, the soft hyphen).
fn invisible(c: char) -> bool {
    c.is_whitespace()
        || c.is_control()
        || matches!(c,
            '\u{ad}' | '\u{34f}' | '\u{61c}' | '\u{115f}' | '\u{1160}' | '\u{17b4}' | '\u{17b5}'
            | '\u{180b}'..='\u{180f}' | '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}'
            | '\u{2060}'..='\u{206f}' | '\u{3164}' | '\u{fe00}'..='\u{fe0f}' | '\u{feff}' | '\u{ffa0}'
            | '\u{fff0}'..='\u{fff8}' | '\u{1bca0}'..='\u{1bca3}' | '\u{1d173}'..='\u{1d17a}'
            | '\u{e0000}'..='\u{e0fff}')
}

/// CSV cell for text, safe against formula injection.
fn text(s: &str) -> String {
    let lead = s.trim_start_matches(invisible);
    if lead.starts_with(['=', '+', '-', '@']) || s.starts_with(['\t', '\r']) {
        format!("'{s}")
    } else {
        s.to_string()
    }
}

/// A field as RFC 4180 writes it: quoted when it holds a separator (`;` or `,`), a quote or a
/// line break.
fn field(s: &str) -> std::borrow::Cow<'_, str> {
    if s.contains([';', ',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\"")).into()
    } else {
        s.into()
    }
}

fn csv(rows: &[Vec<String>]) -> Vec<u8> {
    let mut out = String::from("\u{feff}");
    for r in rows {
        for (i, f) in r.iter().enumerate() {
            if i > 0 {
                out.push(';');
            }
            out.push_str(&field(f));
        }
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

fn status(s: Option<Status>) -> Value {
    s.map(|s| Value::String(s.name().into())).unwrap_or(Value::Null)
}

fn cell_csv(c: &Cell) -> String {
    match c {
        Cell::Number(n) => num(*n),
        Cell::Missing(m) => text(crate::render::views::table::symbol(*m).symbol),
    }
}

fn cell_json(c: &Cell) -> Value {
    match c {
        Cell::Number(n) => dec(*n),
        Cell::Missing(m) => json!({ "saknas": crate::render::views::table::symbol(*m).meaning }),
    }
}

/// The CSV and JSON of one block: (csv rows, json value).
pub fn block_data(site: &Site, page_url: &str, block: &Block) -> (Vec<Vec<String>>, Value) {
    let source = site.config.absolute_url(page_url);
    match block {
        Block::Financial(t) => {
            let mut rows = vec![t.headings.iter().map(|h| text(h)).collect::<Vec<_>>()];
            for r in t.rows.iter().chain(t.show_total.then_some(&t.total)) {
                rows.push(vec![text(&r.label), num(r.outcome), num(r.budget), num(r.deviation)]);
            }
            let row_json = |r: &crate::model::financial::FinancialRow| json!({ "post": r.label, "utfall": dec(r.outcome), "budget": dec(r.budget), "avvikelse": dec(r.deviation), "avvikelse_beräknad": r.deviation_computed });
            let v = json!({
                "titel": t.title, "enhet": t.unit.symbol(), "period": t.period, "källa": source,
                "avvikelse_beräknas_som": t.convention.formula(),
                "rader": t.rows.iter().map(row_json).collect::<Vec<_>>(),
                "summa": t.show_total.then(|| row_json(&t.total)), "summa_beräknad": t.total_computed,
            });
            (rows, v)
        }
        Block::Table(t) => {
            let mut rows = vec![t.columns.iter().map(|c| text(&c.heading)).collect::<Vec<_>>()];
            let mut json_rows = Vec::new();
            let mut group: Option<&str> = None;
            for r in t.rows.iter().chain(t.total.iter()) {
                match r {
                    TableRow::Group(g) => group = Some(g),
                    TableRow::Values { label, cells, .. } => {
                        let mut row = vec![text(&match group {
                            Some(g) => format!("{g}: {label}"),
                            None => label.clone(),
                        })];
                        row.extend(cells.iter().map(cell_csv));
                        rows.push(row);
                        json_rows.push(json!({ "grupp": group, "rad": label, "värden": cells.iter().map(cell_json).collect::<Vec<_>>() }));
                    }
                }
            }
            let v = json!({
                "titel": t.title, "enhet": t.unit.map(|u| u.symbol()), "period": t.period, "källa": source,
                "kolumner": t.columns.iter().map(|c| json!({"rubrik": c.heading, "enhet": c.unit.or(t.unit).map(|u| u.symbol())})).collect::<Vec<_>>(),
                "rader": json_rows,
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
                    text(i.period.as_deref().unwrap_or("")),
                    i.outcome.map(num).unwrap_or_default(),
                    i.target.map(num).unwrap_or_default(),
                    text(i.unit.map(|u| u.symbol()).unwrap_or("")),
                    text(i.status.map(|s| s.name()).unwrap_or("")),
                ]);
            }
            let v = json!({
                "titel": set.title, "källa": source,
                "indikatorer": set.items.iter().map(|i| json!({
                    "id": i.id, "namn": i.name, "period": i.period, "utfall": opt_dec(i.outcome), "mål": opt_dec(i.target),
                    "enhet": i.unit.map(|u| u.symbol()), "status": status(i.status), "status_härledd": i.status_derived, "kolada": i.kolada,
                    "tidigare": i.earlier.iter().map(|e| json!({"period": e.period, "utfall": dec(e.outcome), "mål": opt_dec(e.target)})).collect::<Vec<_>>(),
                })).collect::<Vec<_>>(),
            });
            (rows, v)
        }
        Block::Assignments(set) => {
            let mut rows = vec![vec![
                "Id".into(),
                "Uppdrag".into(),
                "Status".into(),
                "Ansvarig".into(),
                "Tidsplan".into(),
            ]];
            for a in &set.items {
                rows.push(vec![
                    text(&a.id),
                    text(&a.title),
                    text(a.status.map(|s| s.name()).unwrap_or("")),
                    text(a.responsible.as_deref().unwrap_or("")),
                    text(a.timeline.as_deref().unwrap_or("")),
                ]);
            }
            let v = json!({
                "titel": set.title, "källa": source,
                "uppdrag": set.items.iter().map(|a| json!({"id": a.id, "titel": a.title, "status": status(a.status), "ansvarig": a.responsible, "tidsplan": a.timeline})).collect::<Vec<_>>(),
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
                    num(f.value),
                    text(f.unit.map(|u| u.symbol()).unwrap_or("")),
                    text(f.period.as_deref().unwrap_or("")),
                ]);
            }
            let v = json!({
                "titel": k.title, "källa": source,
                "nyckeltal": k.items.iter().map(|f| json!({"namn": f.name, "värde": dec(f.value), "enhet": f.unit.map(|u| u.symbol()), "period": f.period})).collect::<Vec<_>>(),
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
            text(&o.period),
            o.outcome.map(num).unwrap_or_default(),
            o.target.map(num).unwrap_or_default(),
            text(h.unit.map(|u| u.symbol()).unwrap_or("")),
            text(&src),
        ]);
    }
    let v = json!({
        "id": h.id, "namn": h.name, "enhet": h.unit.map(|u| u.symbol()), "kolada": h.kolada,
        "värden": h.observations.iter().map(|o| json!({
            "period": o.period, "utfall": opt_dec(o.outcome), "mål": opt_dec(o.target), "status": status(o.status),
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
            let (rows, v) = block_data(site, &n.path, b);
            out.extend(files(&n.path, b.key(), rows, v));
        }
    }
    for h in &site.indicators {
        let (rows, v) = history_data(site, h);
        out.extend(files(&h.path(), &h.id, rows, v));
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
        assert_eq!(field("a;b"), "\"a;b\"");
        assert_eq!(field("Drift,=1+1"), "\"Drift,=1+1\"");
        assert_eq!(field("säg \"hej\""), "\"säg \"\"hej\"\"\"");
        assert_eq!(field("två\nrader"), "\"två\nrader\"");
        for invisible in ['\u{200e}', '\u{202e}', '\u{2061}', '\u{ad}', '\u{e0001}'] {
            assert_eq!(text(&format!("{invisible}=1+1")), format!("'{invisible}=1+1"));
        }
        assert_eq!(text("Regionkontoret"), "Regionkontoret");
        assert_eq!(text("\u{feff}=1+1"), "'\u{feff}=1+1");
        assert_eq!(text(" \u{2028}=1+1"), "' \u{2028}=1+1");
    }

    #[test]
    fn numbers_for_excel() {
        use std::str::FromStr;
        assert_eq!(num(Decimal::from_str("-599.8").unwrap()), "-599,8");
        let bytes = csv(&[vec!["a".into(), "1,5".into()]]);
        assert_eq!(bytes, "\u{feff}a;\"1,5\"\r\n".as_bytes());
    }
}
