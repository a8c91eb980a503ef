//! Views of report blocks for templates: every number already formatted the Swedish way,
//! every chart drawn from the same model object as the table beside it.

use super::status::{StatusView, capitalise, view as status_view};
use crate::load::yaml::MissingSymbol;
use crate::model::blocks::{AssignmentSet, Block, KeyFigures};
use crate::model::financial::{FinancialRow, FinancialTable, SourceNote};
use crate::model::indicator::IndicatorSet;
use crate::model::table::{Cell, Table, TableRow};
use crate::model::{Direction, NodeId, ReportId, Site, Status, Unit};
use crate::render::charts::{self, Bar, BarGroup, Caption};
use crate::render::format;
use rust_decimal::Decimal;
use serde::Serialize;

/// The element id of a block: prefixed, so that it never equals a heading's id.
pub fn dom_id(key: &str) -> String {
    format!("block-{key}")
}

/// Site path of a block's download: `/a/b/data/resultatrakning.csv`.
pub fn data_path(page_path: &str, key: &str, ext: &str) -> String {
    format!("{page_path}data/{key}.{ext}")
}

#[derive(Serialize)]
pub struct Downloads {
    pub csv: String,
    pub json: String,
}

fn downloads(site: &Site, page_path: &str, key: &str) -> Downloads {
    Downloads {
        csv: site.config.url(&data_path(page_path, key, "csv")),
        json: site.config.url(&data_path(page_path, key, "json")),
    }
}

/// "Resultaträkning 2023, miljoner kronor"
fn caption(title: &str, period: Option<&str>, unit: Option<Unit>) -> String {
    let mut c = title.to_string();
    if let Some(p) = period
        && !title.contains(p)
    {
        c.push_str(&format!(" {p}"));
    }
    if let Some(u) = unit
        && u != Unit::Count
    {
        c.push_str(&format!(", {}", u.words()));
    }
    c
}

fn source_note(n: &SourceNote, unit: Option<Unit>) -> String {
    format!(
        "{}: källan anger {}, men siffrorna ger {}. {}",
        capitalise(&n.what),
        format::amount(n.stated, unit),
        format::amount(n.computed, unit),
        n.explanation
    )
}

// ---- financial tables --------------------------------------------------------------------

#[derive(Serialize)]
pub struct FinancialView {
    pub id: String,
    /// Id of the block's element on the page; never collides with heading ids.
    pub dom_id: String,
    pub title: String,
    pub caption: String,
    pub unit: &'static str,
    pub unit_words: &'static str,
    pub headings: [String; 4],
    pub convention: &'static str,
    pub rows: Vec<FinancialRowView>,
    pub total: FinancialRowView,
    pub total_computed: bool,
    pub show_total: bool,
    pub any_computed: bool,
    pub chart_bars: Option<String>,
    pub chart_deviation: Option<String>,
    pub notes: Vec<String>,
    pub note: Option<String>,
    pub downloads: Downloads,
}

#[derive(Serialize)]
pub struct FinancialRowView {
    pub label: String,
    pub outcome: String,
    pub budget: String,
    pub deviation: String,
    pub deviation_computed: bool,
    pub negative_deviation: bool,
}

fn fin_row(r: &FinancialRow) -> FinancialRowView {
    FinancialRowView {
        label: r.label.clone(),
        outcome: format::number(r.outcome),
        budget: format::number(r.budget),
        deviation: format::number(r.deviation),
        deviation_computed: r.deviation_computed,
        negative_deviation: r.deviation.is_sign_negative() && !r.deviation.is_zero(),
    }
}

pub fn financial(site: &Site, page_path: &str, t: &FinancialTable) -> FinancialView {
    let unit = Some(t.unit);
    let cap = caption(&t.title, t.period.as_deref(), unit);
    let has_negative = t
        .rows
        .iter()
        .any(|r| r.outcome.is_sign_negative() || r.budget.is_sign_negative());
    let (chart_bars, chart_deviation) = if t.chart {
        let groups: Vec<BarGroup> = t
            .rows
            .iter()
            .map(|r| BarGroup {
                label: r.label.clone(),
                bars: vec![Bar { value: r.outcome }, Bar { value: r.budget }],
            })
            .collect();
        let desc_bars = t
            .rows
            .iter()
            .map(|r| {
                format!(
                    "{}: {} {}, {} {}",
                    r.label,
                    t.headings[1].to_lowercase(),
                    format::number(r.outcome),
                    t.headings[2].to_lowercase(),
                    format::number(r.budget)
                )
            })
            .collect::<Vec<_>>()
            .join("; ");
        let id_bars = format!("{}-staplar", dom_id(&t.key));
        let title_bars = format!(
            "{}: {} och {}",
            cap,
            t.headings[1].to_lowercase(),
            t.headings[2].to_lowercase()
        );
        let desc_bars = format!("Liggande stapeldiagram, {}. {}.", t.unit.words(), desc_bars);
        let bars = charts::grouped_bars(
            &Caption {
                id: &id_bars,
                title: &title_bars,
                desc: &desc_bars,
            },
            &[&t.headings[1], &t.headings[2]],
            &groups,
            unit,
        );
        let items: Vec<(String, Decimal)> = t.rows.iter().map(|r| (r.label.clone(), r.deviation)).collect();
        let desc_dev = format!(
            "Avvikelser från noll, {}. {} {}.",
            t.unit.words(),
            t.convention.formula().replace('−', "minus"),
            items
                .iter()
                .map(|(l, v)| format!("{l}: {}", format::signed(*v)))
                .collect::<Vec<_>>()
                .join("; ")
        );
        let id_dev = format!("{}-avvikelse", dom_id(&t.key));
        let title_dev = format!("{}: {}", cap, t.headings[3].to_lowercase());
        let dev = charts::diverging_bars(
            &Caption {
                id: &id_dev,
                title: &title_dev,
                desc: &desc_dev,
            },
            &items,
            unit,
        );
        (Some(bars), Some(dev))
    } else {
        (None, None)
    };
    let notes = t
        .rows
        .iter()
        .chain(std::iter::once(&t.total))
        .filter_map(|r| r.source_note.as_ref())
        .map(|n| source_note(n, unit))
        .collect();
    FinancialView {
        id: t.key.clone(),
        dom_id: dom_id(&t.key),
        title: t.title.clone(),
        caption: cap,
        unit: t.unit.symbol(),
        unit_words: t.unit.words(),
        headings: t.headings.clone(),
        convention: t.convention.describe(has_negative),
        rows: t.rows.iter().map(fin_row).collect(),
        total: fin_row(&t.total),
        total_computed: t.total_computed,
        show_total: t.show_total,
        any_computed: t.rows.iter().any(|r| r.deviation_computed),
        chart_bars,
        chart_deviation,
        notes,
        note: t.note.clone(),
        downloads: downloads(site, page_path, &t.key),
    }
}

// ---- generic tables ----------------------------------------------------------------------

#[derive(Serialize)]
pub struct TableView {
    pub id: String,
    /// Id of the block's element on the page; never collides with heading ids.
    pub dom_id: String,
    pub title: String,
    pub caption: String,
    pub columns: Vec<String>,
    pub rows: Vec<TableRowView>,
    pub total: Option<TableRowView>,
    pub legend: Vec<SymbolView>,
    pub chart: Option<String>,
    pub notes: Vec<String>,
    pub note: Option<String>,
    pub downloads: Downloads,
}

#[derive(Serialize)]
pub struct TableRowView {
    pub group: Option<String>,
    pub label: String,
    pub cells: Vec<CellView>,
}

#[derive(Serialize)]
pub struct CellView {
    pub text: String,
    /// For a missing-value symbol: what it means (shown as `<abbr title>`).
    pub meaning: Option<&'static str>,
}

#[derive(Serialize)]
pub struct SymbolView {
    pub symbol: &'static str,
    pub meaning: &'static str,
}

pub fn symbol(m: MissingSymbol) -> SymbolView {
    match m {
        MissingSymbol::Nothing => SymbolView {
            symbol: "–",
            meaning: "inget finns att redovisa",
        },
        MissingSymbol::NotApplicable => SymbolView {
            symbol: ".",
            meaning: "uppgift kan inte förekomma",
        },
        MissingSymbol::NotAvailable => SymbolView {
            symbol: "..",
            meaning: "uppgift saknas eller är för osäker",
        },
    }
}

fn cell(c: &Cell, unit: Option<Unit>) -> CellView {
    match c {
        Cell::Number(n) => CellView {
            text: if unit == Some(Unit::Percent) {
                format::amount(*n, unit)
            } else {
                format::number(*n)
            },
            meaning: None,
        },
        Cell::Missing(m) => {
            let s = symbol(*m);
            CellView {
                text: s.symbol.to_string(),
                meaning: Some(s.meaning),
            }
        }
    }
}

fn table_row(t: &Table, r: &TableRow) -> TableRowView {
    match r {
        TableRow::Group(g) => TableRowView {
            group: Some(g.clone()),
            label: g.clone(),
            cells: Vec::new(),
        },
        TableRow::Values { label, cells, .. } => TableRowView {
            group: None,
            label: label.clone(),
            cells: cells.iter().enumerate().map(|(i, c)| cell(c, t.unit_of(i))).collect(),
        },
    }
}

pub fn table(site: &Site, page_path: &str, t: &Table) -> TableView {
    let cap = caption(&t.title, t.period.as_deref(), t.unit);
    let chart = t.chart.map(|kind| table_chart(t, &cap, kind));
    let notes = t
        .total
        .iter()
        .chain(t.rows.iter())
        .filter_map(|r| match r {
            TableRow::Values {
                source_note: Some(n), ..
            } => Some(source_note(n, t.unit)),
            _ => None,
        })
        .collect();
    TableView {
        id: t.key.clone(),
        dom_id: dom_id(&t.key),
        title: t.title.clone(),
        caption: cap,
        columns: t
            .columns
            .iter()
            .enumerate()
            .map(|(i, c)| match c.unit.filter(|_| i > 0) {
                Some(u) if Some(u) != t.unit => format!("{} ({})", c.heading, u.symbol()),
                _ => c.heading.clone(),
            })
            .collect(),
        rows: t.rows.iter().map(|r| table_row(t, r)).collect(),
        total: t.total.as_ref().map(|r| table_row(t, r)),
        legend: t.missing_symbols().into_iter().map(symbol).collect(),
        chart,
        notes,
        note: t.note.clone(),
        downloads: downloads(site, page_path, &t.key),
    }
}

fn table_chart(t: &Table, cap: &str, kind: crate::load::blocks::ChartKind) -> String {
    use crate::load::blocks::ChartKind;
    let headings: Vec<&str> = t.columns.iter().skip(1).map(|c| c.heading.as_str()).collect();
    let rows: Vec<(&str, &[Cell])> = t.value_rows().collect();
    let desc_rows = rows
        .iter()
        .map(|(label, cells)| {
            let vals = cells
                .iter()
                .zip(&headings)
                .map(|(c, h)| format!("{h} {}", cell(c, t.unit).text))
                .collect::<Vec<_>>()
                .join(", ");
            format!("{label}: {vals}")
        })
        .collect::<Vec<_>>()
        .join("; ");
    let id = format!("{}-diagram", dom_id(&t.key));
    match kind {
        ChartKind::Line if rows.len() == 1 => {
            let points: Vec<charts::LinePoint> = headings
                .iter()
                .zip(rows[0].1)
                .map(|(h, c)| charts::LinePoint {
                    period: h.to_string(),
                    value: match c {
                        Cell::Number(n) => Some(*n),
                        Cell::Missing(_) => None,
                    },
                    target: None,
                })
                .collect();
            let desc = format!("Linjediagram. {desc_rows}.");
            charts::line_with_targets(
                &Caption {
                    id: &id,
                    title: cap,
                    desc: &desc,
                },
                rows[0].0,
                &points,
                t.unit,
            )
        }
        _ => {
            // One group per row, one bar per column (shown as values, told apart by order and label).
            let groups: Vec<BarGroup> = rows
                .iter()
                .flat_map(|(label, cells)| {
                    cells.iter().zip(&headings).filter_map(move |(c, h)| match c {
                        Cell::Number(n) => Some(BarGroup {
                            label: format!("{label} {h}"),
                            bars: vec![Bar { value: *n }],
                        }),
                        Cell::Missing(_) => None,
                    })
                })
                .collect();
            let desc = format!("Liggande stapeldiagram. {desc_rows}.");
            charts::grouped_bars(
                &Caption {
                    id: &id,
                    title: cap,
                    desc: &desc,
                },
                &[cap],
                &groups,
                t.unit,
            )
        }
    }
}

// ---- indicators --------------------------------------------------------------------------

#[derive(Serialize)]
pub struct IndicatorsView {
    pub id: String,
    /// Id of the block's element on the page; never collides with heading ids.
    pub dom_id: String,
    pub title: Option<String>,
    pub items: Vec<IndicatorView>,
    pub has_outcomes: bool,
    pub has_groups: bool,
    pub any_derived: bool,
    pub downloads: Downloads,
}

#[derive(Serialize)]
pub struct IndicatorView {
    pub id: Option<String>,
    pub name: String,
    pub group: Option<String>,
    pub period: Option<String>,
    pub outcome: Option<String>,
    pub target: Option<String>,
    pub status: Option<StatusView>,
    pub direction: Option<&'static str>,
    pub kolada_url: Option<String>,
    pub history_url: Option<String>,
    pub earlier: Vec<EarlierView>,
    pub description: Option<String>,
    pub comment: Option<String>,
}

#[derive(Serialize)]
pub struct EarlierView {
    pub period: String,
    pub outcome: String,
    pub target: Option<String>,
}

pub fn direction_text(d: Direction) -> &'static str {
    match d {
        Direction::HigherIsBetter => "högre värde är bättre",
        Direction::LowerIsBetter => "lägre värde är bättre",
    }
}

pub fn kolada_url(id: &str) -> String {
    format!("https://www.kolada.se/verktyg/fri-sokning/?kpis={id}")
}

pub fn indicators(site: &Site, page_path: &str, set: &IndicatorSet) -> IndicatorsView {
    let items: Vec<IndicatorView> = set
        .items
        .iter()
        .map(|i| IndicatorView {
            id: i.id.clone(),
            name: i.name.clone(),
            group: i.group.clone(),
            period: i.period.clone(),
            outcome: i.outcome.map(|v| format::amount(v, i.unit)),
            target: i.target.map(|v| format::amount(v, i.unit)),
            status: i.status.map(|s| status_view(s, i.status_derived)),
            direction: i.direction.map(direction_text),
            kolada_url: i.kolada.as_deref().map(kolada_url),
            history_url: i
                .id
                .as_ref()
                .filter(|id| site.indicators.iter().any(|h| &h.id == *id && h.observations.len() > 1))
                .map(|id| site.config.url(&format!("/indikatorer/{id}/"))),
            earlier: i
                .earlier
                .iter()
                .map(|e| EarlierView {
                    period: e.period.clone(),
                    outcome: format::amount(e.outcome, i.unit),
                    target: e.target.map(|t| format::amount(t, i.unit)),
                })
                .collect(),
            description: i.description.clone(),
            comment: i.comment.clone(),
        })
        .collect();
    IndicatorsView {
        id: set.key.clone(),
        dom_id: dom_id(&set.key),
        title: set.title.clone(),
        has_outcomes: items.iter().any(|i| i.outcome.is_some()),
        has_groups: items.iter().any(|i| i.group.is_some()),
        any_derived: items.iter().any(|i| i.status.as_ref().is_some_and(|s| s.derived)),
        items,
        downloads: downloads(site, page_path, &set.key),
    }
}

// ---- assignments -------------------------------------------------------------------------

#[derive(Serialize)]
pub struct AssignmentsView {
    pub id: String,
    /// Id of the block's element on the page; never collides with heading ids.
    pub dom_id: String,
    pub title: Option<String>,
    pub items: Vec<AssignmentView>,
    pub downloads: Downloads,
}

#[derive(Serialize)]
pub struct AssignmentView {
    pub id: String,
    /// False when a heading right on the page already says the same.
    pub show_title: bool,
    /// Anchor on the page: `uppdrag-<id>`.
    pub anchor: String,
    pub title: String,
    pub status: Option<StatusView>,
    pub responsible: Option<String>,
    pub timeline: Option<String>,
    pub text: Option<String>,
    pub comment: Option<String>,
    /// Where this planned assignment was followed up (on a plan) …
    pub outcomes: Vec<CounterpartView>,
    /// … or where this outcome was planned (on a report).
    pub plans: Vec<CounterpartView>,
    /// Said when the counterpart report exists but has no such assignment.
    pub no_counterpart: Option<String>,
    /// In a plan, an assignment is planned rather than assessed.
    pub planned: bool,
}

#[derive(Serialize)]
pub struct CounterpartView {
    pub report: String,
    pub title: String,
    pub url: String,
    pub status: Option<StatusView>,
}

/// A heading or title compared without its section number: "2.2.1 Intranät" ~ "intranät".
pub fn comparable_title(s: &str) -> String {
    let t = s.trim();
    let t = t
        .trim_start_matches(|c: char| c.is_ascii_digit() || c == '.')
        .trim_start();
    t.to_lowercase()
}

pub fn assignments(
    site: &Site,
    page_path: &str,
    set: &AssignmentSet,
    report: Option<ReportId>,
    headings: &[String],
) -> AssignmentsView {
    let planned = report.is_some_and(|r| site.reports[r].kind.is_plan());
    let items = set
        .items
        .iter()
        .map(|a| {
            let counterpart = |r: &crate::model::plan::AssignmentRef| CounterpartView {
                report: site.reports[r.report].label(),
                title: r.title.clone(),
                url: format!("{}#uppdrag-{}", site.config.url(&site.nodes[r.node].path), r.id),
                status: r.status.map(|s| status_view(s, false)),
            };
            let (outcomes, plans, no_counterpart) = match report.map(|r| (r, &site.reports[r])) {
                Some((rid, rep)) if rep.kind.is_plan() => {
                    let o: Vec<CounterpartView> = site.plan.outcomes_of(rid, &a.id).iter().map(counterpart).collect();
                    let missing = (o.is_empty() && site.plan.has_outcome_for(rep.year)).then(|| {
                        format!(
                            "Uppdraget följs inte upp under samma namn i någon rapport för {}.",
                            rep.year
                        )
                    });
                    (o, Vec::new(), missing)
                }
                Some((rid, rep)) => {
                    let p: Vec<CounterpartView> = site.plan.plans_of(rid, &a.id).iter().map(counterpart).collect();
                    let missing = (p.is_empty() && site.plan.has_plan_for(rep.year))
                        .then(|| format!("Uppdraget finns inte i verksamhetsplanen för {}.", rep.year));
                    (Vec::new(), p, missing)
                }
                None => (Vec::new(), Vec::new(), None),
            };
            AssignmentView {
                id: a.id.clone(),
                show_title: !headings.contains(&comparable_title(&a.title)),
                planned,
                anchor: format!("uppdrag-{}", a.id),
                title: a.title.clone(),
                status: a.status.map(|s| status_view(s, false)),
                responsible: a.responsible.clone(),
                timeline: a.timeline.clone(),
                text: a.text.clone(),
                comment: a.comment.clone(),
                outcomes,
                plans,
                no_counterpart,
            }
        })
        .collect();
    AssignmentsView {
        id: set.key.clone(),
        dom_id: dom_id(&set.key),
        title: set.title.clone(),
        items,
        downloads: downloads(site, page_path, &set.key),
    }
}

// ---- key figures -------------------------------------------------------------------------

#[derive(Serialize)]
pub struct KeyFiguresView {
    pub id: String,
    /// Id of the block's element on the page; never collides with heading ids.
    pub dom_id: String,
    pub title: Option<String>,
    pub items: Vec<KeyFigureView>,
    pub downloads: Downloads,
}

#[derive(Serialize)]
pub struct KeyFigureView {
    pub name: String,
    pub value: String,
    pub spoken: String,
    pub period: Option<String>,
    pub comparison: Option<String>,
    pub text: Option<String>,
}

pub fn key_figures(site: &Site, page_path: &str, k: &KeyFigures) -> KeyFiguresView {
    KeyFiguresView {
        id: k.key.clone(),
        dom_id: dom_id(&k.key),
        title: k.title.clone(),
        items: k
            .items
            .iter()
            .map(|f| KeyFigureView {
                name: f.name.clone(),
                value: format::amount(f.value, f.unit),
                spoken: format::spoken(f.value, f.unit),
                period: f.period.clone(),
                comparison: f.comparison.as_ref().map(|(v, p)| {
                    format!(
                        "{p}: {} (förändring {})",
                        format::amount(*v, f.unit),
                        format::difference(f.value - v, f.unit)
                    )
                }),
                text: f.text.clone(),
            })
            .collect(),
        downloads: downloads(site, page_path, &k.key),
    }
}

// ---- assignment summary of a report ------------------------------------------------------

#[derive(Serialize)]
pub struct AssignmentSummary {
    pub total: usize,
    /// Assignments listed without an assessment.
    pub unassessed: usize,
    pub fulfilled: usize,
    /// "9 av 11 uppdrag uppfyllda"
    pub text: String,
    pub by_status: Vec<StatusCount>,
    pub chart: String,
    pub items: Vec<SummaryItem>,
}

#[derive(Serialize)]
pub struct StatusCount {
    pub status: StatusView,
    pub count: usize,
}

#[derive(Serialize)]
pub struct SummaryItem {
    pub title: String,
    pub url: String,
    pub status: Option<StatusView>,
}

pub fn assignment_summary(site: &Site, report: ReportId, chart_id: &str) -> Option<AssignmentSummary> {
    let all: Vec<(NodeId, &crate::model::blocks::Assignment)> = site.report_assignments(report);
    let assessed: Vec<&(NodeId, &crate::model::blocks::Assignment)> =
        all.iter().filter(|(_, a)| a.status.is_some()).collect();
    if assessed.is_empty() {
        return None;
    }
    let total = assessed.len();
    let fulfilled = assessed
        .iter()
        .filter(|(_, a)| a.status == Some(Status::Fulfilled))
        .count();
    let by_status: Vec<StatusCount> = Status::ALL
        .iter()
        .map(|s| (s, assessed.iter().filter(|(_, a)| a.status == Some(*s)).count()))
        .filter(|(_, n)| *n > 0)
        .map(|(s, n)| StatusCount {
            status: status_view(*s, false),
            count: n,
        })
        .collect();
    let text = format!(
        "{fulfilled} av {total} uppdrag {}",
        if total == 1 { "uppfyllt" } else { "uppfyllda" }
    );
    let rows: Vec<(String, usize)> = by_status.iter().map(|c| (capitalise(c.status.name), c.count)).collect();
    let desc = format!(
        "Stapeldiagram över uppdragens status. {}.",
        rows.iter()
            .map(|(l, n)| format!("{l}: {n}"))
            .collect::<Vec<_>>()
            .join("; ")
    );
    let title = format!("Uppdragens status: {text}");
    let chart = charts::status_bars(
        &Caption {
            id: chart_id,
            title: &title,
            desc: &desc,
        },
        &rows,
    );
    let items = all
        .iter()
        .map(|(node, a)| SummaryItem {
            title: a.title.clone(),
            url: format!("{}#uppdrag-{}", site.config.url(&site.nodes[*node].path), a.id),
            status: a.status.map(|s| status_view(s, false)),
        })
        .collect();
    Some(AssignmentSummary {
        total,
        unassessed: all.len() - total,
        fulfilled,
        text,
        by_status,
        chart,
        items,
    })
}

/// The view of any block, as the template `blocks/<type>.html` receives it.
pub fn block_view(
    site: &Site,
    page_path: &str,
    block: &Block,
    report: Option<ReportId>,
    headings: &[String],
) -> (&'static str, tera::Value) {
    fn v<T: Serialize>(x: &T) -> tera::Value {
        tera::Value::from_serializable(x)
    }
    match block {
        Block::KeyFigures(k) => ("blocks/nyckeltal.html", v(&key_figures(site, page_path, k))),
        Block::Indicators(i) => ("blocks/indikatorer.html", v(&indicators(site, page_path, i))),
        Block::Assignments(a) => (
            "blocks/uppdrag.html",
            v(&assignments(site, page_path, a, report, headings)),
        ),
        Block::Financial(f) => ("blocks/ekonomitabell.html", v(&financial(site, page_path, f))),
        Block::Table(t) => ("blocks/tabell.html", v(&table(site, page_path, t))),
    }
}
