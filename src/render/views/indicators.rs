//! The view of an indicator list: outcome against target, status in words, history links.

use super::common::{Downloads, dom_id, download_name, downloads};
use super::status::{StatusView, view as status_view};
use crate::model::Direction;
use crate::model::Site;
use crate::model::indicator::IndicatorSet;
use crate::render::format;
use serde::Serialize;

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
    /// What the download links name.
    pub download_name: String,
}

#[derive(Serialize)]
pub struct IndicatorView {
    pub id: Option<String>,
    pub name: String,
    pub group: Option<String>,
    pub period: Option<String>,
    pub outcome: Option<String>,
    pub target: Option<String>,
    /// The target's own period, when it is not the outcome's.
    pub target_period: Option<String>,
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

pub fn indicators(
    site: &Site,
    page_path: &str,
    set: &IndicatorSet,
    report: Option<crate::model::ReportId>,
) -> IndicatorsView {
    let publisher = report
        .map(|r| site.reports[r].publisher.as_str())
        .unwrap_or(site.config.publisher.as_str());
    let items: Vec<IndicatorView> = set
        .items
        .iter()
        .map(|i| IndicatorView {
            id: i.id.clone(),
            name: i.name.clone(),
            group: i.group.clone(),
            period: i.period.as_ref().map(|p| p.label()),
            outcome: i.outcome.map(|v| format::figure(v, i.unit)),
            target: i.target.map(|v| format::figure(v, i.unit)),
            target_period: i.target_period.as_ref().map(|p| p.label()),
            status: i.status.as_ref().map(|s| status_view(s, i.status_derived)),
            direction: i.direction.map(direction_text),
            kolada_url: i.kolada.as_deref().map(kolada_url),
            history_url: i.id.as_ref().and_then(|id| {
                site.indicators
                    .iter()
                    .find(|h| &h.id == id && h.publisher == publisher && h.observations.len() > 1)
                    .map(|h| site.config.url(&h.path))
            }),
            earlier: i
                .earlier
                .iter()
                .map(|e| EarlierView {
                    period: e.period.label(),
                    outcome: format::figure(e.outcome, i.unit),
                    target: e.target.map(|t| format::figure(t, i.unit)),
                })
                .collect(),
            description: i.description.clone(),
            comment: i.comment.clone(),
        })
        .collect();
    IndicatorsView {
        id: set.key.clone(),
        dom_id: dom_id(&set.key),
        download_name: download_name(
            set.title.as_deref(),
            set.items.iter().map(|i| i.name.as_str()),
            "indikatorerna",
        ),
        title: set.title.clone(),
        has_outcomes: items.iter().any(|i| i.outcome.is_some()),
        has_groups: items.iter().any(|i| i.group.is_some()),
        any_derived: items.iter().any(|i| i.status.as_ref().is_some_and(|s| s.derived)),
        items,
        downloads: downloads(site, page_path, &set.key),
    }
}
