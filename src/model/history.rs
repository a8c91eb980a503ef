//! Indicator history: every value of one indicator, gathered across all reports by its
//! stable id, with the target each report set.

use crate::diagnostics::Diagnostic;
use crate::model::blocks::Block;
use crate::model::{Direction, NodeId, ReportId, Site, Status, Unit};
use rust_decimal::Decimal;
use std::collections::BTreeMap;

#[derive(Debug, Clone)]
pub struct IndicatorHistory {
    pub id: String,
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
}

#[derive(Debug, Clone)]
pub struct Observation {
    pub period: String,
    pub outcome: Option<Decimal>,
    pub target: Option<Decimal>,
    pub status: Option<Status>,
    pub node: NodeId,
    pub report: Option<ReportId>,
    /// Stated as an earlier value in a later report, not as that report's own outcome.
    pub earlier: bool,
}

impl IndicatorHistory {
    /// One value per period for the chart: the report's own outcome wins over a value quoted
    /// later, and a more precise figure over a rounded one.
    pub fn series(&self) -> Vec<&Observation> {
        let mut by_period: BTreeMap<&str, &Observation> = BTreeMap::new();
        for o in self.observations.iter().filter(|o| o.outcome.is_some()) {
            let better = match by_period.get(o.period.as_str()) {
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

    /// Site path of the history page.
    pub fn path(&self) -> String {
        format!("/indikatorer/{}/", self.id)
    }
}

pub fn build(site: &Site, diags: &mut Vec<Diagnostic>) -> Vec<IndicatorHistory> {
    let mut map: BTreeMap<String, IndicatorHistory> = BTreeMap::new();
    let mut order = Vec::new();
    site.walk(site.root, &mut order);
    for id in order {
        let node = &site.nodes[id];
        for b in &node.blocks {
            let Block::Indicators(set) = b else { continue };
            for ind in &set.items {
                let Some(key) = &ind.id else { continue };
                let h = map.entry(key.clone()).or_insert_with(|| IndicatorHistory {
                    id: key.clone(),
                    name: ind.name.clone(),
                    unit: ind.unit,
                    direction: ind.direction,
                    kolada: None,
                    description: None,
                    observations: Vec::new(),
                    appears_on: Vec::new(),
                });
                if ind.unit.is_some() && h.unit.is_some() && ind.unit != h.unit {
                    diags.push(
                        Diagnostic::new(
                            &node.file,
                            0,
                            format!(
                                "indikatorn \"{key}\" har enheten {} här men {} på en annan sida",
                                ind.unit.map(|u| u.symbol()).unwrap_or(""),
                                h.unit.map(|u| u.symbol()).unwrap_or("")
                            ),
                        )
                        .hint("samma id ska betyda samma indikator; ge den andra ett eget id om den mäter något annat"),
                    );
                }
                h.unit = h.unit.or(ind.unit);
                h.direction = h.direction.or(ind.direction);
                h.kolada = h.kolada.clone().or(ind.kolada.clone());
                h.description = h.description.clone().or(ind.description.clone());
                if !h.appears_on.contains(&id) {
                    h.appears_on.push(id);
                }
                if let Some(period) = &ind.period
                    && (ind.outcome.is_some() || ind.target.is_some())
                {
                    h.observations.push(Observation {
                        period: period.clone(),
                        outcome: ind.outcome,
                        target: ind.target,
                        status: ind.status,
                        node: id,
                        report: node.report,
                        earlier: false,
                    });
                }
                for e in &ind.earlier {
                    h.observations.push(Observation {
                        period: e.period.clone(),
                        outcome: Some(e.outcome),
                        target: e.target,
                        status: None,
                        node: id,
                        report: node.report,
                        earlier: true,
                    });
                }
            }
        }
    }
    let mut out: Vec<IndicatorHistory> = map.into_values().collect();
    for h in &mut out {
        // The newest report's name for the indicator.
        if let Some(newest) = h
            .observations
            .iter()
            .filter(|o| !o.earlier)
            .max_by(|a, b| a.period.cmp(&b.period))
        {
            for b in &site.nodes[newest.node].blocks {
                if let Block::Indicators(set) = b
                    && let Some(i) = set.items.iter().find(|i| i.id.as_deref() == Some(&h.id))
                {
                    h.name = i.name.clone();
                }
            }
        }
        h.observations
            .sort_by(|a, b| (&a.period, a.earlier, a.node).cmp(&(&b.period, b.earlier, b.node)));
    }
    out
}
