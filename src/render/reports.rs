//! The list of all reports: the home page shows the newest few and links here. On a site of
//! one body the list is one page, by year; on a site of several, the list names the bodies
//! and each body has its own page, by year. So no page grows with the number of bodies
//! times their reports.

use crate::model::{ReportId, Site};
use crate::render::views::page::{SummaryView, summary};
use serde::Serialize;
use std::collections::BTreeMap;

/// The theme's template for the lists of reports; a theme without it has none.
pub const REPORTS_TEMPLATE: &str = "reports.html";

/// Most reports the home page lists; the rest are on the list of all reports.
pub const HOME_REPORTS: usize = 10;

#[derive(Serialize)]
pub struct ReportsView {
    /// On a site of several bodies, the list's own page: each body with its reports' page.
    pub bodies: Vec<BodyView>,
    /// One body's reports, newest year first.
    pub years: Vec<YearView>,
}

#[derive(Serialize)]
pub struct BodyView {
    pub name: String,
    pub url: String,
    pub reports: usize,
    pub newest: SummaryView,
}

#[derive(Serialize)]
pub struct YearView {
    pub year: i32,
    pub reports: Vec<SummaryView>,
}

/// A page of the list: its site path, title and view.
pub struct ReportsPage {
    pub path: String,
    pub title: String,
    pub view: ReportsView,
}

/// The pages of the list of reports.
pub fn pages(site: &Site) -> Vec<ReportsPage> {
    if site.reports.is_empty() {
        return Vec::new();
    }
    let newest = site.reports_newest_first();
    let mut by_body: BTreeMap<&str, Vec<ReportId>> = BTreeMap::new();
    for r in &newest {
        by_body.entry(site.reports[*r].publisher.as_str()).or_default().push(*r);
    }
    let title = "Alla rapporter";
    if by_body.len() == 1 {
        return vec![ReportsPage {
            path: crate::urls::REPORTS.to_string(),
            title: title.to_string(),
            view: ReportsView {
                bodies: Vec::new(),
                years: by_year(site, &newest),
            },
        }];
    }
    let mut out = Vec::with_capacity(by_body.len() + 1);
    let mut bodies = Vec::with_capacity(by_body.len());
    for (n, (body, reports)) in by_body.iter().enumerate() {
        // A report without `utgivare:` on a site without `publisher` has no body's name.
        let body = if body.trim().is_empty() {
            "Utan angiven utgivare"
        } else {
            body
        };
        let slug = match crate::model::slugify(body) {
            s if s.is_empty() => format!("utgivare-{}", n + 1),
            s => s,
        };
        let path = crate::urls::body_reports(&slug);
        bodies.push(BodyView {
            name: body.to_string(),
            url: site.config.url(&path),
            reports: reports.len(),
            newest: summary(site, site.reports[reports[0]].node),
        });
        out.push(ReportsPage {
            path,
            title: format!("Rapporter från {body}"),
            view: ReportsView {
                bodies: Vec::new(),
                years: by_year(site, reports),
            },
        });
    }
    out.insert(
        0,
        ReportsPage {
            path: crate::urls::REPORTS.to_string(),
            title: title.to_string(),
            view: ReportsView {
                bodies,
                years: Vec::new(),
            },
        },
    );
    out
}

/// Reports (newest first) grouped by year.
fn by_year(site: &Site, reports: &[ReportId]) -> Vec<YearView> {
    let mut years: Vec<YearView> = Vec::new();
    for r in reports {
        let year = site.reports[*r].year;
        let s = summary(site, site.reports[*r].node);
        match years.last_mut() {
            Some(y) if y.year == year => y.reports.push(s),
            _ => years.push(YearView { year, reports: vec![s] }),
        }
    }
    years
}
