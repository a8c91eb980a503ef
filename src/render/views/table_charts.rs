//! Charts of a table, drawn from the same model object as the table beside them, over its top
//! level (a nested table's chart shows one level: committees, not their activities).

use super::common::{ChartView, cell_text, dom_id};
use crate::model::period::Span;
use crate::model::table::{Cell, Role, Table, Value};
use crate::model::values::ChartKind;
use crate::render::charts::{self, Bar, BarGroup, Caption};
use crate::render::format;
use rust_decimal::Decimal;

fn figure(v: Option<&Value>) -> Option<Decimal> {
    v.and_then(|v| v.cell.figure())
}

/// A column's name in a chart: its heading, and the months it covers when it covers part of a
/// year and the heading does not say so (`April 2024 (jan–apr 2024)`), so that a part-year
/// value is never read as a full year's, in the chart or in its text.
pub fn column_label(t: &Table, i: usize) -> String {
    let c = &t.columns[i];
    let months = c
        .period
        .as_ref()
        .filter(|p| matches!(p.span, Span::Months(..)))
        .map(|p| p.label());
    match months {
        Some(m) if !c.heading.to_lowercase().contains(&m.to_lowercase()) => format!("{} ({m})", c.heading),
        _ => c.heading.clone(),
    }
}

/// The sentence a chart's caption adds when it draws part-year values.
fn part_year_note(t: &Table, columns: &[usize]) -> String {
    let marked: Vec<String> = columns
        .iter()
        .filter(|i| column_label(t, **i) != t.columns[**i].heading)
        .map(|i| column_label(t, *i))
        .collect();
    if marked.is_empty() {
        String::new()
    } else {
        format!(" Del av år: {}.", marked.join(", "))
    }
}

/// Outcome against budget as bars, and the deviations around zero: for tables with utfall,
/// budget and avvikelse columns.
pub fn financial(t: &Table, cap: &str) -> Vec<ChartView> {
    let (Some(o), Some(b)) = (t.column(Role::Outcome), t.column(Role::Budget)) else {
        return Vec::new();
    };
    let unit = t.column_unit(o);
    let rows: Vec<(&str, Decimal, Decimal)> = t
        .top_level()
        .into_iter()
        .filter_map(|(label, cells)| Some((label, figure(cells.get(o))?, figure(cells.get(b))?)))
        .collect();
    if rows.is_empty() {
        return Vec::new();
    }
    let (ho, hb) = (&column_label(t, o), &column_label(t, b));
    let unit_words = unit.map(|u| u.words()).unwrap_or("");
    let desc_bars = rows
        .iter()
        .map(|(l, vo, vb)| {
            format!(
                "{l}: {} {}, {} {}",
                ho.to_lowercase(),
                format::number(*vo),
                hb.to_lowercase(),
                format::number(*vb)
            )
        })
        .collect::<Vec<_>>()
        .join("; ");
    let groups: Vec<BarGroup> = rows
        .iter()
        .map(|(l, vo, vb)| BarGroup {
            label: l.to_string(),
            bars: vec![Bar { value: *vo }, Bar { value: *vb }],
        })
        .collect();
    let id_bars = format!("{}-staplar", dom_id(&t.key));
    let title_bars = format!("{cap}: {} och {}", ho.to_lowercase(), hb.to_lowercase());
    let bars = charts::grouped_bars(
        &Caption {
            id: &id_bars,
            title: &title_bars,
            desc: &format!("Liggande stapeldiagram, {unit_words}. {desc_bars}."),
        },
        &[ho, hb],
        &groups,
        unit,
    );
    let mut out = vec![ChartView {
        svg: bars,
        caption: format!(
            "{ho} (fylld stapel) och {} (ofylld stapel), {unit_words}. Samma siffror som i tabellen.{}",
            hb.to_lowercase(),
            part_year_note(t, &[o, b])
        ),
    }];
    if let Some(d) = t.column(Role::Deviation) {
        let items: Vec<(String, Decimal)> = t
            .top_level()
            .into_iter()
            .filter_map(|(l, cells)| Some((l.to_string(), figure(cells.get(d))?)))
            .collect();
        let formula = t.columns[d]
            .formula
            .as_ref()
            .map(|f| f.text.replace(['-', '\u{2212}'], "minus"))
            .unwrap_or_default();
        let desc = format!(
            "Avvikelser från noll, {unit_words}. {formula}. {}.",
            items
                .iter()
                .map(|(l, v)| format!("{l}: {}", format::signed(*v)))
                .collect::<Vec<_>>()
                .join("; ")
        );
        let id_dev = format!("{}-avvikelse", dom_id(&t.key));
        let heading = &t.columns[d].heading;
        let svg = charts::diverging_bars(
            &Caption {
                id: &id_dev,
                title: &format!("{cap}: {}", heading.to_lowercase()),
                desc: &desc,
            },
            &items,
            unit,
        );
        out.push(ChartView {
            svg,
            caption: format!("{heading}, {unit_words}. Samma siffror som i tabellen."),
        });
    }
    out
}

/// The chart an editor asked for: a line over the columns for a table of one row, or bars.
pub fn general(t: &Table, cap: &str, kind: ChartKind) -> Vec<ChartView> {
    let rows = t.top_level();
    let numeric: Vec<usize> = (0..t.columns.len()).filter(|i| !t.columns[*i].role.is_text()).collect();
    let desc_rows = rows
        .iter()
        .map(|(label, cells)| {
            let vals = numeric
                .iter()
                .filter_map(|i| Some((i, cells.get(*i)?)))
                .map(|(i, c)| format!("{} {}", column_label(t, *i), cell_text(c, t.column_unit(*i)).text))
                .collect::<Vec<_>>()
                .join(", ");
            format!("{label}: {vals}")
        })
        .collect::<Vec<_>>()
        .join("; ");
    let id = format!("{}-diagram", dom_id(&t.key));
    let svg = match kind {
        ChartKind::Line if rows.len() == 1 => {
            let points: Vec<charts::LinePoint> = numeric
                .iter()
                .map(|i| charts::LinePoint {
                    period: column_label(t, *i),
                    value: figure(rows[0].1.get(*i)),
                    target: None,
                })
                .collect();
            charts::line_with_targets(
                &Caption {
                    id: &id,
                    title: cap,
                    desc: &format!("Linjediagram. {desc_rows}."),
                },
                rows[0].0,
                &points,
                t.unit,
            )
        }
        _ => {
            let groups: Vec<BarGroup> = rows
                .iter()
                .flat_map(|(label, cells)| {
                    numeric
                        .iter()
                        .filter_map(move |i| match cells.get(*i).map(|v| &v.cell) {
                            Some(Cell::Figure(f)) => Some(BarGroup {
                                label: format!("{label} {}", column_label(t, *i)),
                                bars: vec![Bar { value: f.value }],
                            }),
                            _ => None,
                        })
                })
                .collect();
            charts::grouped_bars(
                &Caption {
                    id: &id,
                    title: cap,
                    desc: &format!("Liggande stapeldiagram. {desc_rows}."),
                },
                &[cap],
                &groups,
                t.unit,
            )
        }
    };
    vec![ChartView {
        svg,
        caption: format!("{cap}. Samma siffror som i tabellen.{}", part_year_note(t, &numeric)),
    }]
}

#[cfg(test)]
mod tests {
    use super::super::test_tables::{column, jan_apr, row, table};
    use super::*;
    use crate::model::table::RowKind;

    #[test]
    fn a_part_year_value_is_marked_in_the_chart_and_its_text() {
        let t = table(
            "Resultaträkning",
            vec![
                column("April 2024", Role::Outcome, Some(jan_apr(2024))),
                column("Budget 2024", Role::Budget, None),
            ],
            vec![
                row("Intäkter", RowKind::Item, &["60", "170"]),
                row("Kostnader", RowKind::Item, &["-55", "-170"]),
            ],
            None,
        );
        assert_eq!(column_label(&t, 0), "April 2024 (jan–apr 2024)");
        assert_eq!(column_label(&t, 1), "Budget 2024");
        let charts = financial(&t, "Resultaträkning, miljoner kronor");
        assert!(!charts.is_empty());
        let c = &charts[0];
        assert!(
            c.caption.contains("April 2024 (jan–apr 2024) (fylld stapel)"),
            "{}",
            c.caption
        );
        assert!(
            c.caption.ends_with("Del av år: April 2024 (jan–apr 2024)."),
            "{}",
            c.caption
        );
        // The legend in the drawing and its text alternative say it too.
        assert!(c.svg.contains("April 2024 (jan–apr 2024)"), "{}", c.svg);
        assert!(c.svg.contains("april 2024 (jan–apr 2024) 60"), "{}", c.svg);
    }

    #[test]
    fn a_heading_that_names_its_months_is_not_marked_twice() {
        let t = table(
            "Utfall",
            vec![column("Jan–apr 2024", Role::Outcome, Some(jan_apr(2024)))],
            vec![row("Intäkter", RowKind::Item, &["60"])],
            None,
        );
        assert_eq!(column_label(&t, 0), "Jan–apr 2024");
        assert_eq!(part_year_note(&t, &[0]), "");
    }
}
