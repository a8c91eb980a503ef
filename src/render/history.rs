//! Indicator history pages: one per indicator id, gathering its values across reports.

use crate::model::Site;
use crate::model::history::IndicatorHistory;
use crate::render::charts::{self, Caption, LinePoint};
use crate::render::data::paths::history_file;
use crate::render::format;
use crate::render::views::blocks::Downloads;
use crate::render::views::indicators::{direction_text, kolada_url};
use crate::render::views::page::LinkView;
use crate::render::views::status::{StatusView, view as status_view};
use serde::Serialize;

#[derive(Serialize)]
pub struct IndicatorPageView {
    pub id: String,
    pub name: String,
    /// The body whose indicator this is: on a site with several, two histories may share a name.
    pub publisher: String,
    pub unit: Option<&'static str>,
    pub unit_words: Option<&'static str>,
    pub direction: Option<&'static str>,
    pub description: Option<String>,
    pub kolada_url: Option<String>,
    pub chart: Option<String>,
    pub rows: Vec<ObservationView>,
    pub appears_on: Vec<LinkView>,
    pub downloads: Downloads,
    pub url: String,
    /// The page comparing this indicator between bodies, when others report it too.
    pub comparison_url: Option<String>,
}

/// One body's indicators, on the list of bodies of a site with several.
#[derive(Serialize)]
pub struct BodyIndicators {
    pub name: String,
    pub url: String,
    pub indicators: usize,
}

#[derive(Serialize)]
pub struct ObservationView {
    pub period: String,
    /// A value for part of a year (not drawn in the chart).
    pub part_year: bool,
    pub outcome: Option<String>,
    pub target: Option<String>,
    pub status: Option<StatusView>,
    pub source: LinkView,
    /// "uppgift i senare rapport" when the value was quoted by a later report.
    pub earlier: bool,
}

pub fn view(site: &Site, h: &IndicatorHistory) -> IndicatorPageView {
    let c = &site.config;
    let series = h.series();
    // The chart shows full years; a part-year value is listed in the table with its months.
    let mut periods: Vec<&crate::model::Period> = h
        .observations
        .iter()
        .map(|o| &o.period)
        .filter(|p| p.is_full_year())
        .collect();
    periods.dedup();
    let points: Vec<LinePoint> = periods
        .iter()
        .map(|p| LinePoint {
            period: p.label(),
            value: series.iter().find(|o| &o.period == *p).and_then(|o| o.outcome),
            target: h
                .observations
                .iter()
                .filter(|o| &o.period == *p && !o.earlier)
                .find_map(|o| o.target),
        })
        .collect();
    let chart = (points.iter().filter(|p| p.value.is_some()).count() >= 2).then(|| {
        let desc = points
            .iter()
            .map(|p| {
                let mut s = format!("{}: ", p.period);
                s.push_str(
                    &p.value
                        .map(|v| format::amount(v, h.unit))
                        .unwrap_or_else(|| "uppgift saknas".into()),
                );
                if let Some(t) = p.target {
                    s.push_str(&format!(" (mål {})", format::amount(t, h.unit)));
                }
                s
            })
            .collect::<Vec<_>>()
            .join("; ");
        let title = format!("{} över tid", h.name);
        let desc = format!("Linjediagram med utfall per period och målvärdet som streckad linje. {desc}.");
        charts::line_with_targets(
            &Caption {
                id: &format!("historik-{}", h.id),
                title: &title,
                desc: &desc,
            },
            "Utfall",
            &points,
            h.unit,
        )
    });
    let source = |node: usize, report: Option<usize>| LinkView {
        title: match report {
            Some(r) => format!("{}, {}", site.reports[r].label(), site.nodes[node].title),
            None => site.nodes[node].title.clone(),
        },
        url: c.url(&site.nodes[node].path),
        current: false,
    };
    let page_path = h.path.clone();
    IndicatorPageView {
        id: h.id.clone(),
        name: h.name.clone(),
        publisher: h.publisher.clone(),
        unit: h.unit.map(|u| u.symbol()),
        unit_words: h.unit.map(|u| u.words()),
        direction: h.direction.map(direction_text),
        description: h.description.clone(),
        kolada_url: h.kolada.as_deref().map(kolada_url),
        chart,
        rows: h
            .observations
            .iter()
            .map(|o| ObservationView {
                period: o.period.label(),
                part_year: !o.period.is_full_year(),
                outcome: o.outcome.map(|v| format::amount(v, h.unit)),
                target: o.target.map(|v| format::amount(v, h.unit)),
                status: o.status.as_ref().map(|s| status_view(s, false)),
                source: source(o.node, o.report),
                earlier: o.earlier,
            })
            .collect(),
        appears_on: h.appears_on.iter().map(|n| source(*n, site.nodes[*n].report)).collect(),
        downloads: Downloads {
            csv: c.url(&history_file(h, "csv")),
            json: c.url(&history_file(h, "json")),
        },
        url: c.url(&page_path),
        comparison_url: None,
    }
}

/// What the search index knows of an indicator page: its description, values and sources.
pub fn search_text(v: &IndicatorPageView) -> String {
    let mut s = String::new();
    if let Some(d) = &v.description {
        s.push_str(d);
        s.push('\n');
    }
    for r in &v.rows {
        s.push_str(&r.period);
        s.push_str(": ");
        s.push_str(r.outcome.as_deref().unwrap_or("–"));
        if let Some(t) = &r.target {
            s.push_str(" (mål ");
            s.push_str(t);
            s.push(')');
        }
        s.push_str(", ");
        s.push_str(&r.source.title);
        s.push_str(".\n");
    }
    s
}
