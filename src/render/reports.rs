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
    /// The year's own page, when the list is too long for one page (then `reports` is empty).
    pub url: Option<String>,
    pub count: usize,
    pub reports: Vec<SummaryView>,
}

/// Most reports on one page of the list; a longer list gets a page per year.
pub const LIST_MAX: usize = 100;

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
        return list(site, crate::urls::REPORTS, title, &newest);
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
        out.extend(list(site, &path, &format!("Rapporter från {body}"), reports));
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

/// The list of `reports` (newest first) at `path`: one page by year, or, for more than
/// [`LIST_MAX`] reports, a page of the years and a page per year (`<path><year>/`).
fn list(site: &Site, path: &str, title: &str, reports: &[ReportId]) -> Vec<ReportsPage> {
    let years = by_year(site, reports);
    if reports.len() <= LIST_MAX {
        return vec![ReportsPage {
            path: path.to_string(),
            title: title.to_string(),
            view: ReportsView {
                bodies: Vec::new(),
                years,
            },
        }];
    }
    let mut pages = vec![ReportsPage {
        path: path.to_string(),
        title: title.to_string(),
        view: ReportsView {
            bodies: Vec::new(),
            years: years
                .iter()
                .map(|y| YearView {
                    year: y.year,
                    url: Some(site.config.url(&format!("{path}{}/", y.year))),
                    count: y.count,
                    reports: Vec::new(),
                })
                .collect(),
        },
    }];
    for y in years {
        pages.push(ReportsPage {
            path: format!("{path}{}/", y.year),
            title: format!("{title}, {}", y.year),
            view: ReportsView {
                bodies: Vec::new(),
                years: vec![y],
            },
        });
    }
    pages
}

/// Reports (newest first) grouped by year.
fn by_year(site: &Site, reports: &[ReportId]) -> Vec<YearView> {
    let mut years: Vec<YearView> = Vec::new();
    for r in reports {
        let year = site.reports[*r].year;
        let s = summary(site, site.reports[*r].node);
        match years.last_mut() {
            Some(y) if y.year == year => {
                y.reports.push(s);
                y.count += 1;
            }
            _ => years.push(YearView {
                year,
                url: None,
                count: 1,
                reports: vec![s],
            }),
        }
    }
    years
}
