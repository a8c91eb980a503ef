//! Indicator history: every value of one indicator of one body (a region, a municipality),
//! gathered across its reports by the indicator's stable id — from indicator lists, their
//! earlier values, and table rows marked with the indicator's id — each with its period, so
//! that a part-year value is never taken for a full year.

use crate::diagnostics::Diagnostic;
use crate::model::blocks::Block;
use crate::model::period::Period;
use crate::model::table::{Cell, Role, Row, Table};
use crate::model::{Direction, NodeId, ReportId, Site, StatedStatus, Unit};
use rust_decimal::Decimal;
use std::collections::BTreeMap;

#[derive(Debug, Clone)]
pub struct IndicatorHistory {
    pub id: String,
    /// The body whose indicator this is (a report's publisher).
    pub publisher: String,
    /// The name used in the newest report.
    pub name: String,
    pub unit: Option<Unit>,
    pub direction: Option<Direction>,
    pub kolada: Option<String>,
    pub description: Option<String>,
    /// Oldest first.
    pub observations: Vec<Observation>,
    /// Nodes where the indicator appears, in site order.
    pub appears_on: Vec<NodeId>,
    /// Site path of the history page.
    pub path: String,
}

#[derive(Debug, Clone)]
pub struct Observation {
    pub period: Period,
    pub outcome: Option<Decimal>,
    pub target: Option<Decimal>,
    /// As the report states it, in its own word.
    pub status: Option<StatedStatus>,
    pub node: NodeId,
    pub report: Option<ReportId>,
    /// Stated as an earlier value in a later report, not as that report's own outcome.
    pub earlier: bool,
}

impl IndicatorHistory {
    /// One value per full year for the chart: the report's own outcome wins over a value
    /// quoted later, and a more precise figure over a rounded one. Part-year values are left
    /// to the table, where their period is written out.
    pub fn series(&self) -> Vec<&Observation> {
        let mut by_period: BTreeMap<&Period, &Observation> = BTreeMap::new();
        for o in self
            .observations
            .iter()
            .filter(|o| o.outcome.is_some() && o.period.is_full_year())
        {
            let better = match by_period.get(&o.period) {
                None => true,
                Some(cur) => {
                    (cur.earlier && !o.earlier)
                        || (cur.earlier == o.earlier && o.outcome.unwrap().scale() > cur.outcome.unwrap().scale())
                }
            };
            if better {
                by_period.insert(&o.period, o);
            }
        }
        by_period.into_values().collect()
    }

    /// Whether any value covers part of a year only.
    pub fn has_part_year(&self) -> bool {
        self.observations.iter().any(|o| !o.period.is_full_year())
    }
}

/// One value as a report states it, before the history is put together.
struct Stated<'a> {
    id: &'a str,
    name: &'a str,
    unit: Option<Unit>,
    direction: Option<Direction>,
    kolada: Option<&'a String>,
    description: Option<&'a String>,
    obs: Vec<Observation>,
}

pub fn build(site: &Site, diags: &mut Vec<Diagnostic>) -> Vec<IndicatorHistory> {
    let mut map: BTreeMap<(String, String), IndicatorHistory> = BTreeMap::new();
    let mut order = Vec::new();
    site.walk(site.root, &mut order);
    for id in order {
        let node = &site.nodes[id];
        let publisher = node
            .report
            .map(|r| site.reports[r].publisher.clone())
            .unwrap_or_else(|| site.config.publisher.clone());
        for b in &node.blocks {
            for s in stated(&b.block, id, node.report, site) {
                let key = (publisher.clone(), s.id.to_string());
                let h = map.entry(key).or_insert_with(|| IndicatorHistory {
                    id: s.id.to_string(),
                    publisher: publisher.clone(),
                    name: s.name.to_string(),
                    unit: s.unit,
                    direction: s.direction,
                    kolada: None,
                    description: None,
                    observations: Vec::new(),
                    appears_on: Vec::new(),
                    path: String::new(),
                });
                if s.unit.is_some() && h.unit.is_some() && s.unit != h.unit {
                    diags.push(
                        Diagnostic::new(
                            &node.file,
                            0,
                            format!(
                                "indikatorn \"{}\" har enheten {} här men {} på en annan sida",
                                s.id,
                                s.unit.map(|u| u.symbol()).unwrap_or(""),
                                h.unit.map(|u| u.symbol()).unwrap_or("")
                            ),
                        )
                        .hint("samma id ska betyda samma indikator; ge den andra ett eget id om den mäter något annat"),
                    );
                }
                h.unit = h.unit.or(s.unit);
                h.direction = h.direction.or(s.direction);
                h.kolada = h.kolada.clone().or(s.kolada.cloned());
                h.description = h.description.clone().or(s.description.cloned());
                if !h.appears_on.contains(&id) {
                    h.appears_on.push(id);
                }
                h.observations.extend(s.obs);
            }
        }
    }
    let publishers: std::collections::BTreeSet<&String> = map.keys().map(|(p, _)| p).collect();
    let several = publishers.len() > 1;
    let mut out: Vec<IndicatorHistory> = map.into_values().collect();
    for h in &mut out {
        let publisher = several.then(|| crate::model::slugify(&h.publisher));
        h.path = crate::urls::indicator_history(publisher.as_deref(), &h.id);
        merge_within_reports(&mut h.observations);
        // The name of the newest indicator list that has it; a table row's label only when
        // no list has the indicator ("OSA totalt" is a row, "OSA-index" the indicator).
        let mut newest: Vec<&Observation> = h.observations.iter().filter(|o| !o.earlier).collect();
        newest.sort_by(|a, b| b.period.cmp(&a.period));
        let names: Vec<(String, bool)> = newest.iter().filter_map(|o| newest_name(site, o.node, &h.id)).collect();
        if let Some((n, _)) = names.iter().find(|(_, listed)| *listed).or(names.first()) {
            h.name = n.clone();
        }
        h.observations
            .sort_by(|a, b| (&a.period, a.earlier, a.node).cmp(&(&b.period, b.earlier, b.node)));
    }
    out
}

/// The same value stated twice in one report (`10,81` in the text's table, `10,8` in a
/// summary) is one observation: the more precise figure, with any target either gives.
fn merge_within_reports(obs: &mut Vec<Observation>) {
    let mut merged: Vec<Observation> = Vec::with_capacity(obs.len());
    for o in obs.drain(..) {
        let same = merged
            .iter_mut()
            .find(|m| m.report.is_some() && m.report == o.report && m.period == o.period && m.earlier == o.earlier);
        match same {
            None => merged.push(o),
            Some(m) => {
                let more_precise = match (m.outcome, o.outcome) {
                    (None, Some(_)) => true,
                    (Some(a), Some(b)) => b.scale() > a.scale(),
                    _ => false,
                };
                if more_precise {
                    m.outcome = o.outcome;
                    m.node = o.node;
                }
                m.target = m.target.or(o.target);
                m.status = m.status.clone().or(o.status);
            }
        }
    }
    *obs = merged;
}

/// The indicator's name on a node, and whether it comes from an indicator list.
fn newest_name(site: &Site, node: NodeId, id: &str) -> Option<(String, bool)> {
    let blocks = &site.nodes[node].blocks;
    let listed = blocks.iter().find_map(|b| match &b.block {
        Block::Indicators(set) => set
            .items
            .iter()
            .find(|i| i.id.as_deref() == Some(id))
            .map(|i| i.name.clone()),
        _ => None,
    });
    listed.map(|n| (n, true)).or_else(|| {
        blocks.iter().find_map(|b| match &b.block {
            Block::Table(t) => find_row(&t.rows, id).map(|r| (r.label.clone(), false)),
            _ => None,
        })
    })
}

fn find_row<'a>(rows: &'a [Row], id: &str) -> Option<&'a Row> {
    rows.iter().find_map(|r| {
        if r.indicator.as_deref() == Some(id) {
            return Some(r);
        }
        find_row(&r.varav, id)
            .or_else(|| find_row(&r.children, id))
            .or_else(|| r.total.as_deref().and_then(|t| find_row(std::slice::from_ref(t), id)))
    })
}

/// The indicator values a block states.
fn stated<'a>(block: &'a Block, node: NodeId, report: Option<ReportId>, site: &Site) -> Vec<Stated<'a>> {
    let mut out = Vec::new();
    match block {
        Block::Indicators(set) => {
            for ind in &set.items {
                let Some(id) = &ind.id else { continue };
                let mut obs = Vec::new();
                // A target for another period than the outcome's is that period's target.
                let own_target = ind.target.filter(|_| ind.target_period.is_none());
                if let Some(period) = &ind.period
                    && (ind.outcome.is_some() || own_target.is_some())
                {
                    obs.push(Observation {
                        period: period.clone(),
                        outcome: ind.outcome.map(|f| f.value),
                        target: own_target.map(|f| f.value),
                        status: ind.status.clone(),
                        node,
                        report,
                        earlier: false,
                    });
                }
                if let (Some(p), Some(t)) = (&ind.target_period, ind.target) {
                    obs.push(Observation {
                        period: p.clone(),
                        outcome: None,
                        target: Some(t.value),
                        status: None,
                        node,
                        report,
                        earlier: false,
                    });
                }
                for e in &ind.earlier {
                    obs.push(Observation {
                        period: e.period.clone(),
                        outcome: Some(e.outcome.value),
                        target: e.target.map(|t| t.value),
                        status: None,
                        node,
                        report,
                        earlier: true,
                    });
                }
                out.push(Stated {
                    id,
                    name: &ind.name,
                    unit: ind.unit,
                    direction: ind.direction,
                    kolada: ind.kolada.as_ref(),
                    description: ind.description.as_ref(),
                    obs,
                });
            }
        }
        Block::Table(t) => {
            let report_period = report.map(|r| &site.reports[r].period);
            for p in t.placed() {
                let Some(id) = &p.row.indicator else { continue };
                out.push(Stated {
                    id,
                    name: &p.row.label,
                    unit: t.unit_of(p.row, 0),
                    direction: None,
                    kolada: None,
                    description: None,
                    obs: row_observations(t, p.row, node, report, report_period),
                });
            }
        }
        _ => {}
    }
    out
}

/// A table row's values by the periods of its columns: outcomes from utfall and plain value
/// columns, targets from mål columns. A value of an earlier period than the report's own is
/// a value the report quotes.
fn row_observations(
    t: &Table,
    row: &Row,
    node: NodeId,
    report: Option<ReportId>,
    report_period: Option<&Period>,
) -> Vec<Observation> {
    let mut by_period: Vec<Observation> = Vec::new();
    for (i, col) in t.columns.iter().enumerate() {
        let Some(period) = col.period.clone().or_else(|| t.period.clone()) else {
            continue;
        };
        let Some(Cell::Figure(f)) = row.cells.get(i).map(|v| &v.cell) else {
            continue;
        };
        let slot = match by_period.iter_mut().position(|o| o.period == period) {
            Some(k) => k,
            None => {
                by_period.push(Observation {
                    earlier: report_period.is_some_and(|rp| period.year < rp.year),
                    period,
                    outcome: None,
                    target: None,
                    status: None,
                    node,
                    report,
                });
                by_period.len() - 1
            }
        };
        match col.role {
            Role::Outcome | Role::Value => by_period[slot].outcome = Some(f.value),
            Role::Target => by_period[slot].target = Some(f.value),
            _ => {}
        }
    }
    by_period.retain(|o| o.outcome.is_some() || o.target.is_some());
    by_period
}
