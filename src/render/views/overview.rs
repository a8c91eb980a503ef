//! A report's overview, "året i korthet", from the report's own blocks: its key figures, its
//! result against budget (and prognosis), its indicators against their targets, and what
//! changed since the previous report of the same body. Only what the blocks state, or what is
//! derived from them exactly (a difference of two stated figures, said to be computed); a
//! report without such blocks gets no such part.

use super::common::dom_id;
use super::page::LinkView;
use crate::model::blocks::Block;
use crate::model::number::Figure;
use crate::model::table::{Cell, Role, Row, Table};
use crate::model::values::Unit;
use crate::model::{ReportId, Site, Status};
use crate::render::format;
use serde::Serialize;

/// At most this many key figures; the rest are on the report's pages.
const MAX_KEY_FIGURES: usize = 6;
/// At most this many changes since the previous report.
const MAX_CHANGES: usize = 8;

#[derive(Serialize)]
pub struct OverviewView {
    /// `Året i korthet`, or `Perioden i korthet` for part of a year.
    pub heading: &'static str,
    /// Key figures of the report's pages (none when the start page shows its own).
    pub key_figures: Vec<FigureLine>,
    pub result: Option<ResultView>,
    pub indicators: Option<IndicatorCounts>,
    /// The previous report of the same body and what changed since it.
    pub previous: Option<LinkView>,
    pub changes: Vec<ChangeLine>,
    /// Nothing to show: the template leaves the overview out.
    pub empty: bool,
}

#[derive(Serialize)]
pub struct FigureLine {
    pub name: String,
    pub value: String,
    pub period: Option<String>,
    pub url: String,
}

/// The row of a financial table that is the result, with the columns that compare it.
#[derive(Serialize)]
pub struct ResultView {
    /// `Resultaträkning, Resultat`
    pub name: String,
    /// The table's title and the row's label, apart.
    pub table: String,
    pub row: String,
    pub url: String,
    /// Outcome, budget, prognosis and deviation as the table states them.
    pub stated: Vec<Labelled>,
    /// Differences the site computed from the stated figures.
    pub computed: Vec<Labelled>,
    pub has_forecast: bool,
}

#[derive(Serialize)]
pub struct Labelled {
    pub label: String,
    pub value: String,
}

#[derive(Serialize)]
pub struct IndicatorCounts {
    pub total: usize,
    pub met: usize,
    pub partly: usize,
    pub not_met: usize,
    /// Assessed otherwise (pågår, ej påbörjat …).
    pub other: usize,
    /// A target but no assessment.
    pub unassessed: usize,
    pub no_target: usize,
}

#[derive(Serialize)]
pub struct ChangeLine {
    pub name: String,
    pub before: String,
    pub before_period: String,
    pub now: String,
    pub now_period: String,
    pub change: String,
    pub url: String,
}

/// The overview of report `r`.
pub fn overview(site: &Site, r: ReportId) -> OverviewView {
    let rep = &site.reports[r];
    let own_page_has_figures = site.nodes[rep.node]
        .blocks
        .iter()
        .any(|b| matches!(b.block, Block::KeyFigures(_)));
    let key_figures = if own_page_has_figures {
        Vec::new()
    } else {
        figures_of(site, r)
            .into_iter()
            .take(MAX_KEY_FIGURES)
            .map(|f| FigureLine {
                name: f.name,
                value: format::figure(f.value, f.unit),
                period: f.period,
                url: f.url,
            })
            .collect()
    };
    let result = if rep.kind.is_plan() { None } else { result_of(site, r) };
    let indicators = indicator_counts(site, r);
    let previous = previous_report(site, r);
    let changes = previous.map(|p| changes_since(site, p, r)).unwrap_or_default();
    let empty = key_figures.is_empty() && result.is_none() && indicators.is_none() && changes.is_empty();
    OverviewView {
        heading: if rep.period.is_full_year() {
            "Året i korthet"
        } else {
            "Perioden i korthet"
        },
        key_figures,
        result,
        indicators,
        previous: previous.filter(|_| !changes.is_empty()).map(|p| LinkView {
            title: site.reports[p].label(),
            url: site.config.url(&site.nodes[site.reports[p].node].path),
            current: false,
        }),
        changes,
        empty,
    }
}

fn block_url(site: &Site, node: usize, key: &str) -> String {
    format!("{}#{}", site.config.url(&site.nodes[node].path), dom_id(key))
}

/// A figure of the report, named, with where it is.
struct Named {
    /// What ties it to the same figure in another report: an indicator's id, or a key
    /// figure's name.
    key: String,
    name: String,
    value: Figure,
    unit: Option<Unit>,
    period: Option<String>,
    url: String,
}

/// The key figures of a report's pages, in reading order.
fn figures_of(site: &Site, r: ReportId) -> Vec<Named> {
    let mut out = Vec::new();
    for id in site.report_nodes(r) {
        for b in &site.nodes[id].blocks {
            if let Block::KeyFigures(k) = &b.block {
                out.extend(k.items.iter().map(|f| Named {
                    key: f.name.trim().to_lowercase(),
                    name: f.name.clone(),
                    value: f.value,
                    unit: f.unit,
                    period: f.period.as_ref().map(|p| p.label()),
                    url: block_url(site, id, &k.key),
                }));
            }
        }
    }
    out
}

/// The indicators of a report with an id and an outcome, in reading order.
fn indicators_of(site: &Site, r: ReportId) -> Vec<Named> {
    let year = site.reports[r].year;
    let mut out = Vec::new();
    for id in site.report_nodes(r) {
        for b in &site.nodes[id].blocks {
            if let Block::Indicators(set) = &b.block {
                for i in &set.items {
                    if let (Some(key), Some(value)) = (&i.id, i.outcome) {
                        out.push(Named {
                            key: key.clone(),
                            name: i.name.clone(),
                            value,
                            unit: i.unit,
                            period: Some(i.period.as_ref().map(|p| p.label()).unwrap_or_else(|| year.to_string())),
                            url: block_url(site, id, &set.key),
                        });
                    }
                }
            }
        }
    }
    out
}

/// Whether a row's label says it is the result (`Resultat`, `Årets resultat`, `Periodens
/// resultat`, `Ekonomiskt resultat`).
fn is_result_label(label: &str) -> bool {
    let l = label.trim().to_lowercase();
    l.split(|c: char| !c.is_alphanumeric()).next() == Some("resultat")
        || ["årets resultat", "periodens resultat", "ekonomiskt resultat"]
            .iter()
            .any(|p| l.starts_with(p))
}

/// The row of a table that is the result: a row that says so, else the total of a table
/// that is a resultaträkning.
fn result_row(t: &Table) -> Option<&Row> {
    t.placed()
        .into_iter()
        .map(|p| p.row)
        .find(|r| is_result_label(&r.label))
        .or_else(|| {
            t.title
                .to_lowercase()
                .contains("resultaträkning")
                .then_some(t.total.as_ref())
                .flatten()
        })
}

/// The first result against budget (or prognosis) that a financial table of the report states.
fn result_of(site: &Site, r: ReportId) -> Option<ResultView> {
    for id in site.report_nodes(r) {
        for b in &site.nodes[id].blocks {
            if let Block::Table(t) = &b.block
                && let Some(v) = result_in(site, r, id, t)
            {
                return Some(v);
            }
        }
    }
    None
}

fn result_in(site: &Site, r: ReportId, node: usize, t: &Table) -> Option<ResultView> {
    let report_period = site.reports[r].period.label();
    let outcomes: Vec<usize> = (0..t.columns.len())
        .filter(|i| t.columns[*i].role == Role::Outcome)
        .collect();
    let period_of = |i: usize| t.columns[i].period.clone().or_else(|| t.period.clone());
    // The outcome of the report's own period: the column that says so, else one that says no
    // other period.
    let outcome = outcomes
        .iter()
        .copied()
        .find(|i| period_of(*i).is_some_and(|p| p.label() == report_period))
        .or_else(|| outcomes.iter().copied().find(|i| t.columns[*i].period.is_none()))?;
    let budget = t.column(Role::Budget);
    let forecast = t.column(Role::Forecast);
    let deviation = t.column(Role::Deviation);
    if budget.is_none() && forecast.is_none() {
        return None;
    }
    let row = result_row(t)?;
    let figure = |i: usize| match row.cells.get(i).map(|v| &v.cell) {
        Some(Cell::Figure(f)) => Some(*f),
        _ => None,
    };
    let heading = |i: usize| {
        let c = &t.columns[i];
        match period_of(i).filter(|p| !p.is_full_year()).map(|p| p.label()) {
            Some(p) if !c.heading.to_lowercase().contains(&p.to_lowercase()) => format!("{} ({p})", c.heading),
            _ => c.heading.clone(),
        }
    };
    let mut stated = Vec::new();
    for i in [Some(outcome), budget, forecast, deviation].into_iter().flatten() {
        if let Some(f) = figure(i) {
            stated.push(Labelled {
                label: heading(i),
                value: format::figure(f, t.unit_of(row, i)),
            });
        }
    }
    if stated.len() < 2 {
        return None;
    }
    let mut computed = Vec::new();
    let same_unit = |a: usize, b: usize| t.unit_of(row, a) == t.unit_of(row, b);
    // Outcome against budget, where the table states no deviation and both cover the same
    // time (a part-year outcome is never set against a full-year budget).
    if let (None, Some(b)) = (deviation, budget)
        && let (Some(o), Some(bv)) = (figure(outcome), figure(b))
        && same_unit(outcome, b)
        && period_of(outcome) == period_of(b)
    {
        computed.push(Labelled {
            label: format!("{} mot {}", heading(outcome), heading(b).to_lowercase()),
            value: format::difference(o.value - bv.value, t.unit_of(row, outcome)),
        });
    }
    // Prognosis against budget.
    if let (Some(fc), Some(b)) = (forecast, budget)
        && let (Some(fv), Some(bv)) = (figure(fc), figure(b))
        && same_unit(fc, b)
    {
        computed.push(Labelled {
            label: format!("{} mot {}", heading(fc), heading(b).to_lowercase()),
            value: format::difference(fv.value - bv.value, t.unit_of(row, fc)),
        });
    }
    Some(ResultView {
        name: format!("{}, {}", t.title, row.label),
        table: t.title.clone(),
        row: row.label.clone(),
        url: block_url(site, node, &t.key),
        stated,
        computed,
        has_forecast: forecast.is_some(),
    })
}

fn indicator_counts(site: &Site, r: ReportId) -> Option<IndicatorCounts> {
    let mut c = IndicatorCounts {
        total: 0,
        met: 0,
        partly: 0,
        not_met: 0,
        other: 0,
        unassessed: 0,
        no_target: 0,
    };
    for id in site.report_nodes(r) {
        for b in &site.nodes[id].blocks {
            if let Block::Indicators(set) = &b.block {
                for i in &set.items {
                    c.total += 1;
                    match (i.status.as_ref().map(|s| s.status), i.target) {
                        (Some(Status::Fulfilled), _) => c.met += 1,
                        (Some(Status::PartlyFulfilled), _) => c.partly += 1,
                        (Some(Status::NotFulfilled), _) => c.not_met += 1,
                        (Some(_), _) => c.other += 1,
                        (None, Some(_)) => c.unassessed += 1,
                        (None, None) => c.no_target += 1,
                    }
                }
            }
        }
    }
    // A plan states targets, not outcomes: nothing to count against them.
    let assessed = c.met + c.partly + c.not_met + c.other;
    (c.total > 0 && assessed > 0).then_some(c)
}

/// The latest earlier report of the same body (organisation and publisher), of the same kind
/// and number, so that its figures cover the same part of a year.
pub fn previous_report(site: &Site, r: ReportId) -> Option<ReportId> {
    site.previous[r]
}

/// Figures both reports state: indicators by id, key figures by name, in the same unit.
fn changes_since(site: &Site, before: ReportId, now: ReportId) -> Vec<ChangeLine> {
    let year = |r: ReportId| site.reports[r].year.to_string();
    let pairs = |then: Vec<Named>, current: Vec<Named>| {
        current
            .into_iter()
            .filter_map(|n| {
                let b = then.iter().find(|b| b.key == n.key && b.unit == n.unit)?;
                Some(ChangeLine {
                    change: format::difference(n.value.value - b.value.value, n.unit),
                    before: format::amount(b.value.value, b.unit),
                    before_period: b.period.clone().unwrap_or_else(|| year(before)),
                    now: format::amount(n.value.value, n.unit),
                    now_period: n.period.clone().unwrap_or_else(|| year(now)),
                    name: n.name,
                    url: n.url,
                })
            })
            .collect::<Vec<_>>()
    };
    let mut out = pairs(indicators_of(site, before), indicators_of(site, now));
    out.extend(pairs(figures_of(site, before), figures_of(site, now)));
    out.truncate(MAX_CHANGES);
    out
}

/// The newest report of a body, for the home page.
#[derive(Serialize)]
pub struct LatestView {
    pub body: String,
    pub report: super::page::SummaryView,
    /// The report's result against budget, in one line, when it states one.
    pub result: Option<String>,
}

/// The newest report of each body (organisation and publisher), newest first.
/// At most this many organisations' latest reports on the home page; a portal of hundreds
/// links the list of all reports instead of growing its home page.
pub const LATEST_BODIES: usize = 12;

/// The latest report of each organisation, newest first, at most [`LATEST_BODIES`]; and how
/// many organisations there are.
pub fn latest_by_body(site: &Site) -> (Vec<LatestView>, usize) {
    let mut seen: std::collections::BTreeSet<(&str, &str)> = std::collections::BTreeSet::new();
    let mut out = Vec::new();
    for r in site.reports_newest_first() {
        let rep = &site.reports[r];
        if !seen.insert((rep.publisher.as_str(), rep.organisation.as_str())) || out.len() == LATEST_BODIES {
            continue;
        }
        let result = if rep.kind.is_plan() { None } else { result_of(site, r) };
        out.push(LatestView {
            body: site.organisation_of(r),
            report: super::page::summary(site, rep.node),
            result: result.map(|v| {
                let values: Vec<String> = v.stated.iter().map(|l| format!("{} {}", l.label, l.value)).collect();
                format!("{}: {}", v.name, values.join(" · "))
            }),
        });
    }
    (out, seen.len())
}

#[cfg(test)]
mod tests {
    use super::super::test_tables::{column, row, table};
    use super::*;
    use crate::model::table::RowKind;

    #[test]
    fn the_result_is_the_row_that_says_so_or_a_resultatrakning_total() {
        assert!(is_result_label("Resultat"));
        assert!(is_result_label("Årets resultat"));
        assert!(is_result_label("Periodens resultat efter finansiella poster"));
        assert!(!is_result_label("Summa intäkter"));
        assert!(!is_result_label("Resultatutjämningsreserv, förändring"));
        let cols = || {
            vec![
                column("Utfall", Role::Outcome, None),
                column("Budget", Role::Budget, None),
            ]
        };
        let stated = table(
            "Driftredovisning",
            cols(),
            vec![
                row("Intäkter", RowKind::Item, &["10", "9"]),
                row("Årets resultat", RowKind::Item, &["1", "0"]),
            ],
            None,
        );
        assert_eq!(result_row(&stated).map(|r| r.label.as_str()), Some("Årets resultat"));
        let total = table(
            "Resultaträkning per uppdrag",
            cols(),
            vec![row("Regionkontoret", RowKind::Item, &["-5", "-6"])],
            Some(row("Totalt", RowKind::Total, &["-5", "-6"])),
        );
        assert_eq!(result_row(&total).map(|r| r.label.as_str()), Some("Totalt"));
        let neither = table(
            "Investeringar",
            cols(),
            vec![row("IT", RowKind::Item, &["1", "2"])],
            Some(row("Summa", RowKind::Total, &["1", "2"])),
        );
        assert!(result_row(&neither).is_none());
    }
}
