//! Comparisons between bodies: for an indicator id that several bodies (publishers) report,
//! each body's value for one year, side by side, as Kolada compares municipalities. One page
//! per id lists the years; one page per id and year holds the table (and its CSV), so no page
//! grows with the number of years times the number of bodies.

use crate::model::Site;
use crate::model::history::{IndicatorHistory, Observation};
use crate::render::format;
use crate::render::views::page::LinkView;
use crate::render::views::status::{StatusView, view as status_view};
use rust_decimal::Decimal;
use serde::Serialize;
use std::collections::BTreeMap;

/// The theme's template for comparison pages; a theme without it has none.
pub const COMPARISON_TEMPLATE: &str = "comparison.html";

/// One indicator id reported by several bodies, with each year's values.
pub struct Comparison<'s> {
    pub id: String,
    pub name: String,
    /// Years (oldest first) for which at least two bodies give a full-year outcome.
    pub years: Vec<(i32, Vec<Entry<'s>>)>,
}

/// One body's value for a year.
pub struct Entry<'s> {
    pub history: &'s IndicatorHistory,
    pub observation: &'s Observation,
    /// The target for the same year, as the body's own reports state it.
    pub target: Option<Decimal>,
}

/// The comparisons of a site: one per indicator id that at least two bodies give values for
/// in the same year, by id.
pub fn build(site: &Site) -> Vec<Comparison<'_>> {
    let mut by_id: BTreeMap<&str, Vec<&IndicatorHistory>> = BTreeMap::new();
    for h in &site.indicators {
        by_id.entry(h.id.as_str()).or_default().push(h);
    }
    let mut out = Vec::new();
    for (id, mut histories) in by_id {
        if histories.len() < 2 {
            continue;
        }
        histories.sort_by(|a, b| a.publisher.cmp(&b.publisher));
        let mut years: BTreeMap<i32, Vec<Entry>> = BTreeMap::new();
        for h in &histories {
            for o in h.series() {
                let target = h
                    .observations
                    .iter()
                    .filter(|t| t.period == o.period && !t.earlier)
                    .find_map(|t| t.target)
                    .or(o.target);
                years.entry(o.period.year).or_default().push(Entry {
                    history: h,
                    observation: o,
                    target,
                });
            }
        }
        let years: Vec<(i32, Vec<Entry>)> = years.into_iter().filter(|(_, e)| e.len() >= 2).collect();
        if years.is_empty() {
            continue;
        }
        // The name most bodies use (the first body's when they are as many).
        let mut names: BTreeMap<&str, usize> = BTreeMap::new();
        for h in &histories {
            *names.entry(h.name.as_str()).or_default() += 1;
        }
        let name = histories
            .iter()
            .map(|h| h.name.as_str())
            .max_by_key(|n| (names[n], std::cmp::Reverse(*n)))
            .unwrap_or(id)
            .to_string();
        out.push(Comparison {
            id: id.to_string(),
            name,
            years,
        });
    }
    out
}

#[derive(Serialize)]
pub struct ComparisonView {
    pub id: String,
    pub name: String,
    /// The year this page compares; none on the page that lists the years.
    pub year: Option<i32>,
    /// The unit in words, when every body's value is in the same unit (each value also
    /// carries its unit's symbol).
    pub unit_words: Option<&'static str>,
    pub rows: Vec<RowView>,
    /// Every year with a comparison, oldest first (the current one marked).
    pub years: Vec<YearLink>,
    pub index_url: String,
    pub csv: Option<String>,
}

#[derive(Serialize)]
pub struct YearLink {
    pub year: i32,
    pub url: String,
    pub bodies: usize,
    pub current: bool,
}

#[derive(Serialize)]
pub struct RowView {
    pub body: String,
    pub history_url: String,
    pub outcome: String,
    pub target: Option<String>,
    pub unit: Option<&'static str>,
    pub status: Option<StatusView>,
    pub source: LinkView,
}

impl Comparison<'_> {
    pub fn path(&self, year: Option<i32>) -> String {
        crate::urls::comparison(&self.id, year)
    }

    /// The page of one year (`Some`) or the page listing the years (`None`).
    pub fn view(&self, site: &Site, year: Option<i32>) -> ComparisonView {
        let c = &site.config;
        let entries = self
            .years
            .iter()
            .find(|(y, _)| Some(*y) == year)
            .map(|(_, entries)| entries.as_slice())
            .unwrap_or_default();
        let units: std::collections::BTreeSet<_> = entries.iter().map(|e| e.history.unit.map(|u| u.words())).collect();
        ComparisonView {
            id: self.id.clone(),
            name: self.name.clone(),
            year,
            unit_words: match units.len() {
                1 => units.into_iter().next().flatten(),
                _ => None,
            },
            rows: entries.iter().map(|e| row(site, e)).collect(),
            years: self
                .years
                .iter()
                .map(|(y, e)| YearLink {
                    year: *y,
                    url: c.url(&self.path(Some(*y))),
                    bodies: e.len(),
                    current: Some(*y) == year,
                })
                .collect(),
            index_url: c.url(&self.path(None)),
            csv: year.map(|y| c.url(&self.csv_path(y))),
        }
    }

    /// Site path of the CSV of one year's comparison.
    pub fn csv_path(&self, year: i32) -> String {
        format!("{}{}-{year}.csv", self.path(Some(year)), self.id)
    }

    /// The CSV of one year's comparison, in the site's open-data dialect.
    pub fn csv(&self, site: &Site, year: i32) -> Vec<u8> {
        let entries = self
            .years
            .iter()
            .find(|(y, _)| *y == year)
            .map(|(_, e)| e.as_slice())
            .unwrap_or_default();
        let rows: Vec<crate::render::data::comparison::Row> = entries
            .iter()
            .map(|e| crate::render::data::comparison::Row {
                body: &e.history.publisher,
                name: &e.history.name,
                period: &e.observation.period,
                outcome: e.observation.outcome,
                target: e.target,
                unit: e.history.unit,
                status: e.observation.status.as_ref(),
                source: source(site, e.observation).title,
                source_url: c_abs(site, e.observation),
            })
            .collect();
        crate::render::data::comparison::csv(&self.id, &rows)
    }
}

fn c_abs(site: &Site, o: &Observation) -> String {
    site.config.absolute_url(&site.nodes[o.node].path)
}

fn source(site: &Site, o: &Observation) -> LinkView {
    LinkView {
        title: match o.report {
            Some(r) => format!("{}, {}", site.reports[r].label(), site.nodes[o.node].title),
            None => site.nodes[o.node].title.clone(),
        },
        url: site.config.url(&site.nodes[o.node].path),
        current: false,
    }
}

fn row(site: &Site, e: &Entry) -> RowView {
    let h = e.history;
    let o = e.observation;
    RowView {
        body: h.publisher.clone(),
        history_url: site.config.url(&h.path),
        outcome: o.outcome.map(|v| format::amount(v, h.unit)).unwrap_or_default(),
        target: e.target.map(|v| format::amount(v, h.unit)),
        unit: h.unit.map(|u| u.symbol()),
        status: o.status.as_ref().map(|s| status_view(s, false)),
        source: source(site, o),
    }
}
