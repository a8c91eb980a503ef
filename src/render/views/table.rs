//! The view of a table block: nested rows with their depth, one `<tbody>` per top-level group,
//! multi-level column headings, figures formatted the Swedish way, notes and charts.

use super::common::{
    CellView, ChartView, Downloads, SymbolView, caption, cell_text, dom_id, downloads, source_note, symbol,
};
use super::table_charts;
use crate::model::Site;
use crate::model::table::{ChartChoice, Placed, Role, RowKind, RowNote, Table};
use serde::Serialize;

#[derive(Serialize)]
pub struct TableView {
    pub id: String,
    /// Id of the block's element on the page; never collides with heading ids.
    pub dom_id: String,
    pub title: String,
    pub caption: String,
    /// The heading rows: one, or two when columns are grouped (`Kommunen` over two years).
    pub header_rows: Vec<Vec<HeaderCell>>,
    /// Column groups, for `<colgroup>`: the row labels' column first.
    pub colgroups: Vec<usize>,
    /// One body per top-level row and what is under it; a flat table has one body.
    pub bodies: Vec<Vec<RowView>>,
    pub columns: usize,
    /// The deepest nesting (1 for a flat table).
    pub depth: usize,
    /// Too wide for the text column: the page gives it the window's width (see [`is_wide`]).
    pub wide: bool,
    /// A table of one row and many columns, turned on its side for a phone: one line per
    /// column (heading, figure).
    pub one_row: Option<OneRowView>,
    pub legend: Vec<SymbolView>,
    /// Explains the sign of a deviation column, where the table has one.
    pub convention: Option<String>,
    pub any_computed: bool,
    pub charts: Vec<ChartView>,
    pub notes: Vec<String>,
    pub note: Option<String>,
    pub downloads: Downloads,
}

#[derive(Serialize)]
pub struct OneRowView {
    /// The row's label, heading the figures' column.
    pub label: String,
    pub lines: Vec<OneRowLine>,
}

#[derive(Serialize)]
pub struct OneRowLine {
    pub heading: String,
    pub period: Option<String>,
    pub cell: CellView,
}

/// The fewest columns a one-row table needs before it is also drawn on its side.
const ONE_ROW_MIN_COLUMNS: usize = 4;

/// A one-row table with many columns, as lines of heading and figure (for a phone).
fn one_row(t: &Table, header_rows: &[Vec<HeaderCell>], bodies: &[Vec<RowView>]) -> Option<OneRowView> {
    let [body] = bodies else { return None };
    let [r] = body.as_slice() else { return None };
    let grouped = header_rows.len() > 1;
    if grouped || r.heading_only || t.columns.len() < ONE_ROW_MIN_COLUMNS {
        return None;
    }
    let headings = header_rows.first()?.iter().skip(1);
    Some(OneRowView {
        label: r.label.clone(),
        lines: headings
            .zip(&r.cells)
            .map(|(h, c)| OneRowLine {
                heading: h.text.clone(),
                period: h.period.clone(),
                cell: CellView {
                    text: c.text.clone(),
                    meaning: c.meaning,
                    computed: c.computed,
                    text_column: c.text_column,
                    headers: None,
                },
            })
            .collect(),
    })
}

#[derive(Serialize)]
pub struct HeaderCell {
    pub text: String,
    /// A part of a year the heading does not name (`April 2024` is `jan–apr 2024`).
    pub period: Option<String>,
    pub colspan: usize,
    pub rowspan: usize,
    /// `col` or `colgroup`.
    pub scope: &'static str,
    /// Left-aligned (the row labels' heading, text columns).
    pub text_column: bool,
    /// In a nested table, the id the cells' `headers` name.
    pub id: Option<String>,
}

#[derive(Serialize)]
pub struct RowView {
    pub label: String,
    /// The row's own unit, where it differs from the table's (`årsarbetare`).
    pub unit: Option<&'static str>,
    /// A varav row whose label does not say so itself, for screen readers.
    pub varav_hint: bool,
    /// `item`, `group`, `total` or `varav`.
    pub kind: &'static str,
    pub depth: usize,
    pub cells: Vec<CellView>,
    /// A group heading spans the whole table.
    pub heading_only: bool,
    /// The row heading's id, in a nested table (the cells' `headers` name it).
    pub id: Option<String>,
    /// In a nested table: the ids of the group headings and parent rows above this row.
    pub ancestors: Option<String>,
    /// A sum row whose label does not say so itself, for screen readers.
    pub total_hint: bool,
}

fn kind_name(k: RowKind) -> &'static str {
    match k {
        RowKind::Item => "item",
        RowKind::Group => "group",
        RowKind::Total => "total",
        RowKind::Varav => "varav",
    }
}

fn row_view(t: &Table, p: &Placed) -> RowView {
    let r = p.row;
    RowView {
        label: if t.total_computed && p.top == t.rows.len() {
            format!("{} (beräknad)", r.label)
        } else {
            r.label.clone()
        },
        unit: r.unit.filter(|u| Some(*u) != t.unit).map(|u| u.symbol()),
        varav_hint: r.kind == RowKind::Varav
            && !r
                .label
                .trim_start_matches(['–', '-', ' '])
                .to_lowercase()
                .starts_with("varav"),
        kind: kind_name(r.kind),
        depth: p.depth,
        cells: r
            .cells
            .iter()
            .enumerate()
            .map(|(i, v)| {
                let mut c = cell_text(v, t.unit_of(r, i));
                c.text_column = t.columns[i].role.is_text();
                c
            })
            .collect(),
        heading_only: r.is_heading(),
        id: None,
        ancestors: None,
        total_hint: r.kind == RowKind::Total && !says_sum(&r.label),
    }
}

/// Whether a sum row's label says that it is one (`Summa intäkter`, `Totalt`, `Resultat`).
fn says_sum(label: &str) -> bool {
    let l = label.trim().to_lowercase();
    [
        "summa", "totalt", "total", "delsumma", "resultat", "netto", "årets", "s:a",
    ]
    .iter()
    .any(|w| l.starts_with(w))
        || l.contains("summa")
        || l.contains("resultat")
}

/// Ids for a nested table's headings, and each cell's `headers`: its column's heading (and the
/// heading of the column's group), its row's heading, and the headings of the groups and
/// parent rows it is under.
fn link_headers(dom_id: &str, header_rows: &mut [Vec<HeaderCell>], bodies: &mut [Vec<RowView>]) {
    // Which heading cells name each data column, from the header rows' spans.
    let data_columns = header_rows
        .first()
        .map(|r| r.iter().map(|h| h.colspan).sum::<usize>())
        .unwrap_or(1)
        .saturating_sub(1);
    let mut column_ids: Vec<Vec<String>> = vec![Vec::new(); data_columns];
    let mut taken: Vec<usize> = vec![0; data_columns + 1];
    for (level, row) in header_rows.iter_mut().enumerate() {
        let mut col = 0;
        for (n, h) in row.iter_mut().enumerate() {
            // Skip the columns that a heading from the row above still covers.
            while col < taken.len() && taken[col] > level {
                col += 1;
            }
            let id = format!("{dom_id}-h{level}-{n}");
            for c in col..col + h.colspan {
                if c > 0 && c <= data_columns {
                    column_ids[c - 1].push(id.clone());
                }
                if c < taken.len() {
                    taken[c] = level + h.rowspan;
                }
            }
            h.id = Some(id);
            col += h.colspan;
        }
    }
    let mut n = 0;
    let mut above: Vec<String> = Vec::new();
    for body in bodies.iter_mut() {
        for r in body.iter_mut() {
            n += 1;
            let id = format!("{dom_id}-r{n}");
            above.truncate(r.depth);
            let ancestors = above.join(" ");
            for (i, c) in r.cells.iter_mut().enumerate() {
                let mut h = column_ids.get(i).cloned().unwrap_or_default();
                h.push(id.clone());
                h.extend(above.iter().cloned());
                c.headers = Some(h.join(" "));
            }
            r.ancestors = (!ancestors.is_empty()).then_some(ancestors);
            r.id = Some(id.clone());
            above.push(id);
        }
    }
}

/// Column headings, with the unit where a column's differs from the table's.
fn headers(t: &Table) -> (Vec<Vec<HeaderCell>>, Vec<usize>) {
    let label = |i: usize| {
        let c = &t.columns[i];
        match c.unit {
            Some(u) if Some(u) != t.unit => format!("{} ({})", c.heading, u.symbol()),
            _ => c.heading.clone(),
        }
    };
    // A part-year period is said under the heading, unless the heading says it.
    let part_year = |i: usize| {
        let c = &t.columns[i];
        let p = c.period.as_ref().filter(|p| !p.is_full_year())?.label();
        (!c.heading.to_lowercase().contains(&p.to_lowercase())).then_some(p)
    };
    let grouped = t.columns.iter().any(|c| c.group.is_some());
    let first = HeaderCell {
        text: t.row_heading.clone(),
        period: None,
        colspan: 1,
        rowspan: if grouped { 2 } else { 1 },
        scope: "col",
        text_column: true,
        id: None,
    };
    if !grouped {
        let mut row = vec![first];
        row.extend((0..t.columns.len()).map(|i| HeaderCell {
            text: label(i),
            period: part_year(i),
            colspan: 1,
            rowspan: 1,
            scope: "col",
            text_column: t.columns[i].role.is_text(),
            id: None,
        }));
        return (vec![row], vec![1, t.columns.len()]);
    }
    let mut top = vec![first];
    let mut second = Vec::new();
    let mut colgroups = vec![1];
    let mut i = 0;
    while i < t.columns.len() {
        let g = &t.columns[i].group;
        let n = t.columns[i..].iter().take_while(|c| &c.group == g).count();
        colgroups.push(n);
        match g {
            Some(name) => {
                top.push(HeaderCell {
                    text: name.clone(),
                    period: None,
                    colspan: n,
                    rowspan: 1,
                    scope: "colgroup",
                    text_column: false,
                    id: None,
                });
                second.extend((i..i + n).map(|j| HeaderCell {
                    text: label(j),
                    period: part_year(j),
                    colspan: 1,
                    rowspan: 1,
                    scope: "col",
                    text_column: t.columns[j].role.is_text(),
                    id: None,
                }));
            }
            None => top.extend((i..i + n).map(|j| HeaderCell {
                text: label(j),
                period: part_year(j),
                colspan: 1,
                rowspan: 2,
                scope: "col",
                text_column: t.columns[j].role.is_text(),
                id: None,
            })),
        }
        i += n;
    }
    (vec![top, second], colgroups)
}

/// The text column's width, in characters of body text (about 50rem).
const TEXT_COLUMN_CHARS: usize = 85;

/// The longest a row label is drawn before it wraps, in characters.
const LABEL_CHARS: usize = 28;

/// A table's natural width, in characters of body text: each column as wide as its widest
/// figure or its heading on two lines (never narrower than the heading's longest word), the
/// row labels up to [`LABEL_CHARS`], and two characters of padding per column. An estimate
/// (a character is about 0.55 em); it only decides the layout, never what is shown.
pub fn natural_width(t: &Table) -> usize {
    let chars = |s: &str| s.chars().count();
    let heading = |s: &str| {
        let longest_word = s.split_whitespace().map(chars).max().unwrap_or(0);
        longest_word.max(chars(s).div_ceil(2))
    };
    let placed = t.placed();
    let label = placed
        .iter()
        .map(|p| chars(&p.row.label))
        .chain([heading(&t.row_heading)])
        .max()
        .unwrap_or(0)
        .min(LABEL_CHARS);
    let columns: usize = t
        .columns
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let figures = placed
                .iter()
                .filter_map(|p| p.row.cells.get(i))
                .map(|v| chars(&cell_text(v, c.unit.or(t.unit)).text))
                .max()
                .unwrap_or(0);
            figures.max(heading(&c.heading)) + 2
        })
        .sum();
    label + 2 + columns
}

/// Whether a table needs more than the text column: its page then lets it use the window.
pub fn is_wide(t: &Table) -> bool {
    natural_width(t) > TEXT_COLUMN_CHARS
}

/// What the sign of the deviation column means, in words.
fn convention(t: &Table) -> Option<String> {
    let col = t.column(Role::Deviation)?;
    let f = t.columns[col].formula.as_ref()?;
    let formula = f.text.replace('-', "\u{2212}");
    let has_negative = t.placed().iter().any(|p| {
        p.row
            .cells
            .iter()
            .any(|c| c.cell.figure().is_some_and(|d| d.is_sign_negative()))
    });
    let compact: String = f.text.chars().filter(|c| c.is_alphanumeric()).collect();
    let meaning = match compact.as_str() {
        "utfallbudget" if has_negative => {
            " Kostnader anges med minustecken, så en positiv avvikelse betyder ett överskott mot budget."
        }
        "utfallbudget" => " En positiv avvikelse betyder att utfallet är högre än budget.",
        "budgetutfall" => " En positiv avvikelse betyder att mindre än budgeterat har använts.",
        _ => "",
    };
    Some(format!("Avvikelse = {formula}.{meaning}"))
}

pub fn table(site: &Site, page_path: &str, t: &Table) -> TableView {
    let cap = caption(&t.title, t.period.as_ref().map(|p| p.label()).as_deref(), t.unit);
    let placed = t.placed();
    let flat = t.depth() <= 1;
    let mut bodies: Vec<Vec<RowView>> = Vec::new();
    let mut current_top = usize::MAX;
    for p in &placed {
        // The computed total of a single row only repeats it.
        if t.total_computed && p.top == t.rows.len() && t.rows.len() <= 1 {
            continue;
        }
        if bodies.is_empty() || (!flat && p.top != current_top) || (flat && p.top == t.rows.len()) {
            bodies.push(Vec::new());
            current_top = p.top;
        }
        if let Some(b) = bodies.last_mut() {
            b.push(row_view(t, p));
        }
    }
    let notes = t
        .notes()
        .into_iter()
        .map(|n| match n {
            RowNote::Source(s) => source_note(s, t.unit),
            RowNote::Unchecked { what, why } => format!("{}. {why}", super::status::capitalise(what)),
        })
        .collect();
    let (mut header_rows, colgroups) = headers(t);
    let dom = dom_id(&t.key);
    if !flat {
        link_headers(&dom, &mut header_rows, &mut bodies);
    }
    let charts = match t.chart {
        ChartChoice::None => Vec::new(),
        ChartChoice::Kind(kind) => table_charts::general(t, &cap, kind),
        ChartChoice::Financial => table_charts::financial(t, &cap),
    };
    let any_computed = bodies.iter().flatten().any(|r| r.cells.iter().any(|c| c.computed));
    let one_row = one_row(t, &header_rows, &bodies);
    TableView {
        id: t.key.clone(),
        dom_id: dom,
        title: t.title.clone(),
        caption: cap,
        header_rows,
        colgroups,
        bodies,
        columns: t.columns.len() + 1,
        depth: t.depth(),
        wide: is_wide(t),
        one_row,
        legend: t.missing_symbols().into_iter().map(symbol).collect(),
        convention: convention(t),
        any_computed,
        charts,
        notes,
        note: t.note.clone(),
        downloads: downloads(site, page_path, &t.key),
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_tables::{column, group, row, table};
    use super::*;

    fn years(n: usize) -> Vec<crate::model::table::Column> {
        (0..n)
            .map(|i| column(&format!("Utfall {}", 2015 + i), Role::Outcome, None))
            .collect()
    }

    #[test]
    fn a_table_is_wide_when_its_columns_need_more_than_the_text_column() {
        let figures = ["838551"; 9];
        let nine = table(
            "Nio år",
            years(9),
            vec![row("Primärvård", RowKind::Item, &figures)],
            None,
        );
        assert!(is_wide(&nine), "{}", natural_width(&nine));
        let three = table(
            "Tre år",
            years(3),
            vec![row("Primärvård", RowKind::Item, &figures[..3])],
            None,
        );
        assert!(!is_wide(&three), "{}", natural_width(&three));
        // Long headings count on two lines, never narrower than their longest word.
        let long = table(
            "Lång",
            vec![column("Ack utfall föregående år", Role::Outcome, None)],
            vec![row("A", RowKind::Item, &["1"])],
            None,
        );
        // Row labels: "Post" (4) + 2; the column: 24 characters on two lines (12) + 2.
        assert_eq!(natural_width(&long), 4 + 2 + 12 + 2);
    }

    #[test]
    fn nested_cells_name_their_column_row_and_groups_only() {
        let t = table(
            "Balans",
            vec![column("2023", Role::Value, None)],
            vec![group(
                "Tillgångar",
                vec![
                    group(
                        "Anläggningar",
                        vec![row("Mark", RowKind::Item, &["1"])],
                        Some(row("Summa anläggningar", RowKind::Total, &["1"])),
                    ),
                    group("Kassa", vec![row("Bank", RowKind::Item, &["2"])], None),
                ],
                Some(row("Totalt", RowKind::Total, &["3"])),
            )],
            None,
        );
        let v = table_view_for_test(&t);
        assert_eq!(v.bodies.len(), 1);
        let rows = &v.bodies[0];
        let by_label = |l: &str| rows.iter().find(|r| r.label == l).unwrap();
        // Tillgångar r1, Anläggningar r2, Mark r3, Summa r4, Kassa r5, Bank r6, Totalt r7.
        assert_eq!(
            by_label("Mark").cells[0].headers.as_deref(),
            Some("tb-t-h0-1 tb-t-r3 tb-t-r1 tb-t-r2")
        );
        assert_eq!(
            by_label("Bank").cells[0].headers.as_deref(),
            Some("tb-t-h0-1 tb-t-r6 tb-t-r1 tb-t-r5")
        );
        assert_eq!(by_label("Summa anläggningar").ancestors.as_deref(), Some("tb-t-r1"));
        assert_eq!(by_label("Totalt").ancestors, None);
        assert!(!by_label("Summa anläggningar").total_hint);
        assert!(by_label("Totalt").kind == "total");
    }

    #[test]
    fn a_sum_row_that_does_not_say_so_is_marked_for_screen_readers() {
        assert!(says_sum("Summa intäkter"));
        assert!(says_sum("Totalt"));
        assert!(says_sum("Årets resultat"));
        assert!(says_sum("Delsumma drift"));
        assert!(!says_sum("Hälso- och sjukvård"));
    }

    #[test]
    fn a_one_row_table_of_many_columns_is_also_drawn_on_its_side() {
        let figures = ["-484404", "-504844", "-20440", "-605616"];
        let t = table(
            "Kostnader",
            years(4),
            vec![row("Kostnader", RowKind::Item, &figures)],
            None,
        );
        let v = table_view_for_test(&t);
        let side = one_row(&t, &v.header_rows, &v.bodies).expect("on its side");
        assert_eq!(side.label, "Kostnader");
        let lines: Vec<(&str, &str)> = side
            .lines
            .iter()
            .map(|l| (l.heading.as_str(), l.cell.text.as_str()))
            .collect();
        assert_eq!(lines[0], ("Utfall 2015", "−484\u{a0}404"));
        assert_eq!(lines.len(), 4);
        // Two rows, or few columns: a table as usual.
        let two = table(
            "Två",
            years(4),
            vec![row("A", RowKind::Item, &figures), row("B", RowKind::Item, &figures)],
            None,
        );
        let v2 = table_view_for_test(&two);
        assert!(one_row(&two, &v2.header_rows, &v2.bodies).is_none());
        let few = table("Få", years(3), vec![row("A", RowKind::Item, &figures[..3])], None);
        let v3 = table_view_for_test(&few);
        assert!(one_row(&few, &v3.header_rows, &v3.bodies).is_none());
    }

    /// The view's rows and headings, without a site (no downloads, no charts).
    fn table_view_for_test(t: &Table) -> TableView {
        let placed = t.placed();
        let mut bodies = vec![placed.iter().map(|p| row_view(t, p)).collect::<Vec<_>>()];
        let (mut header_rows, colgroups) = headers(t);
        link_headers("tb-t", &mut header_rows, &mut bodies);
        TableView {
            id: t.key.clone(),
            dom_id: "tb-t".into(),
            title: t.title.clone(),
            caption: String::new(),
            header_rows,
            colgroups,
            bodies,
            columns: t.columns.len() + 1,
            depth: t.depth(),
            wide: is_wide(t),
            one_row: None,
            legend: Vec::new(),
            convention: None,
            any_computed: false,
            charts: Vec::new(),
            notes: Vec::new(),
            note: None,
            downloads: super::super::common::Downloads {
                csv: String::new(),
                json: String::new(),
            },
        }
    }
}
