//! Views of the site, of pages and of reports.

use crate::config::SiteConfig;
use crate::model::{NodeId, NodeKind, ReportId, Site};
use crate::render::format;
use crate::render::markdown::Heading;
use serde::Serialize;

#[derive(Serialize, Clone)]
pub struct LinkView {
    pub title: String,
    pub url: String,
    pub current: bool,
}

#[derive(Serialize)]
pub struct SiteView {
    pub title: String,
    pub description: String,
    pub publisher: String,
    pub base_url: String,
    pub base_path: String,
    pub language: String,
    pub extra: serde_json::Value,
    /// Top-level sections, for the main navigation (one link to all of them when there are
    /// more than [`MAIN_MENU_MAX`]).
    pub nav: Vec<LinkView>,
    pub home_url: String,
    pub feed_url: String,
    pub indicators_url: Option<String>,
    pub search_url: String,
    pub accessibility_url: String,
    /// The glossary page (ord och begrepp), if the site has one.
    pub glossary_url: Option<String>,
    /// The list of all reports (by body and year), if the site has reports and the theme
    /// a page for it.
    pub reports_url: Option<String>,
    /// An example or demonstration site (`demo = true`): every page says so.
    pub demo: bool,
    /// The site's general contact, if it gives one.
    pub contact: Option<crate::config::Contact>,
}

/// Where the search page and the accessibility statement live.
pub const SEARCH_PATH: &str = "/sok/";
pub const ACCESSIBILITY_PATH: &str = "/tillganglighet/";

/// More top-level sections than this, and the main menu names none of them: it links to the
/// list of all reports (or to the home page, which lists the sections) instead. A national
/// portal's 250 bodies would otherwise be 250 links on every page, read out before the
/// content and kept in every page's bytes.
pub const MAIN_MENU_MAX: usize = 8;

fn main_menu(site: &Site, reports: bool) -> Vec<LinkView> {
    let c = &site.config;
    let sections = &site.nodes[site.root].sections;
    if sections.len() > MAIN_MENU_MAX {
        let (title, url) = if reports && !site.reports.is_empty() {
            ("Alla rapporter", c.url(crate::urls::REPORTS))
        } else {
            // The home page lists them under this heading.
            ("Organisationer", format!("{}#organisationer", c.url("/")))
        };
        return vec![LinkView {
            title: title.into(),
            url,
            current: false,
        }];
    }
    sections
        .iter()
        .map(|s| LinkView {
            title: site.nodes[*s].title.clone(),
            url: c.url(&site.nodes[*s].path),
            current: false,
        })
        .collect()
}

pub fn site_view(site: &Site, glossary: bool, reports: bool) -> SiteView {
    let c = &site.config;
    SiteView {
        title: c.title.clone(),
        description: c.description.clone(),
        publisher: c.publisher.clone(),
        base_url: c.base_url.clone(),
        base_path: c.base_path.clone(),
        language: c.language.clone(),
        extra: c.extra.clone(),
        nav: main_menu(site, reports),
        home_url: c.url("/"),
        feed_url: c.url("/atom.xml"),
        indicators_url: (!site.indicators.is_empty()).then(|| c.url(crate::urls::INDICATORS)),
        search_url: c.url(SEARCH_PATH),
        accessibility_url: c.url(ACCESSIBILITY_PATH),
        glossary_url: glossary.then(|| c.url(crate::render::glossary::GLOSSARY_PATH)),
        reports_url: (reports && !site.reports.is_empty()).then(|| c.url(crate::urls::REPORTS)),
        demo: c.demo,
        contact: (!c.contact.is_empty()).then(|| c.contact.clone()),
    }
}

#[derive(Serialize)]
pub struct SummaryView {
    pub title: String,
    pub url: String,
    pub description: Option<String>,
    pub date: Option<String>,
    pub report: Option<ReportBrief>,
}

#[derive(Serialize, Clone)]
pub struct ReportBrief {
    pub label: String,
    pub kind: &'static str,
    pub year: i32,
    pub organisation: String,
    pub period: Option<String>,
}

pub fn report_brief(site: &Site, r: ReportId) -> ReportBrief {
    let rep = &site.reports[r];
    ReportBrief {
        label: rep.label(),
        kind: rep.kind.name(),
        year: rep.year,
        organisation: site.organisation_of(r),
        period: rep
            .period_text
            .clone()
            .or_else(|| (!rep.period.is_full_year()).then(|| rep.period.label())),
    }
}

pub fn summary(site: &Site, id: NodeId) -> SummaryView {
    let n = &site.nodes[id];
    let own_report = n.report.filter(|r| site.reports[*r].node == id);
    SummaryView {
        title: n.title.clone(),
        url: site.config.url(&n.path),
        description: n.description.clone(),
        date: n.date.map(format::date),
        report: own_report.map(|r| report_brief(site, r)),
    }
}

#[derive(Serialize)]
pub struct PageView {
    pub title: String,
    pub url: String,
    pub permalink: String,
    /// "page", "section", "index", "indicator", "indicators", "404".
    pub kind: &'static str,
    pub description: Option<String>,
    pub date: Option<String>,
    pub date_iso: Option<String>,
    pub content: String,
    pub headings: Vec<Heading>,
    pub extra: serde_json::Value,
    pub pages: Vec<SummaryView>,
    pub sections: Vec<SummaryView>,
    pub breadcrumbs: Vec<LinkView>,
    pub source_file: String,
}

pub fn page_view(site: &Site, id: NodeId, content: String, headings: Vec<Heading>) -> PageView {
    let n = &site.nodes[id];
    let c = &site.config;
    PageView {
        title: n.title.clone(),
        url: c.url(&n.path),
        permalink: c.absolute_url(&n.path),
        kind: if id == site.root {
            "index"
        } else if n.kind == NodeKind::Section {
            "section"
        } else {
            "page"
        },
        description: n.description.clone(),
        date: n.date.map(format::date),
        date_iso: n.date.map(|d| d.iso()),
        content,
        headings,
        extra: n.extra.clone(),
        pages: n.pages.iter().map(|p| summary(site, *p)).collect(),
        sections: n.sections.iter().map(|s| summary(site, *s)).collect(),
        breadcrumbs: breadcrumbs(site, id),
        source_file: n.file.display().to_string(),
    }
}

pub fn breadcrumbs(site: &Site, id: NodeId) -> Vec<LinkView> {
    let mut v: Vec<LinkView> = site
        .ancestors(id)
        .into_iter()
        .map(|a| LinkView {
            title: if a == site.root {
                "Start".into()
            } else {
                site.nodes[a].title.clone()
            },
            url: site.config.url(&site.nodes[a].path),
            current: false,
        })
        .collect();
    if id != site.root {
        v.push(LinkView {
            title: site.nodes[id].title.clone(),
            url: site.config.url(&site.nodes[id].path),
            current: true,
        });
    }
    v
}

#[derive(Serialize)]
pub struct ReportView {
    pub label: String,
    pub kind: &'static str,
    pub year: i32,
    pub organisation: String,
    /// The body that publishes the report (`utgivare:`, or the site's publisher).
    pub publisher: String,
    pub period: Option<String>,
    pub url: String,
    pub title: String,
    pub original: Option<String>,
    /// The report's pages in reading order, the current one marked.
    pub toc: Vec<TocEntry>,
    /// Whether `toc` leaves parts out (the report's own page has them all).
    pub toc_partial: bool,
    pub prev: Option<LinkView>,
    pub next: Option<LinkView>,
    pub is_report_home: bool,
    /// The report's own overall assessment (`rapport: bedömning:`), if it states one.
    pub assessment: Option<super::status::StatusView>,
    /// When and by whom the report was decided, as it states.
    pub decided_on: Option<DateView>,
    pub decided_by: Option<String>,
    /// Whom to ask: the report's own contact, or else the site's.
    pub contact: Option<crate::config::Contact>,
    /// The latest date the report's front matter gives (`uppdaterad:` or a page's `date:`).
    pub updated_on: Option<DateView>,
    /// All of the report's tables as open data, when it has any.
    pub data: Option<ReportData>,
}

/// The downloads of all of a report's tables at once.
#[derive(Serialize)]
pub struct ReportData {
    pub tables: usize,
    pub zip: String,
    pub json: String,
    pub package: String,
}

/// A date for templates: "15 mars 2024" and "2024-03-15".
#[derive(Serialize)]
pub struct DateView {
    pub text: String,
    pub iso: String,
}

impl DateView {
    pub fn new(d: crate::model::Date) -> DateView {
        DateView {
            text: format::date(d),
            iso: d.iso(),
        }
    }
}

/// The report's original: a web address as it is, a file beside the report under the site.
fn original_url(site: &Site, r: ReportId) -> Option<String> {
    let rep = &site.reports[r];
    let o = rep.original.as_deref()?.trim();
    let has_scheme = o
        .split_once(':')
        .is_some_and(|(s, _)| !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c)));
    Some(if has_scheme || o.starts_with("//") {
        o.to_string()
    } else if let Some(abs) = o.strip_prefix('/') {
        site.config.url(abs)
    } else {
        site.config
            .url(&format!("{}{}", site.nodes[rep.node].path, o.trim_start_matches("./")))
    })
}

#[derive(Serialize)]
pub struct TocEntry {
    pub title: String,
    pub url: String,
    pub current: bool,
    pub depth: usize,
}

pub fn report_view(site: &Site, r: ReportId, current: NodeId) -> ReportView {
    let rep = &site.reports[r];
    let c: &SiteConfig = &site.config;
    let order = site.report_nodes(r);
    // Steps up to the report's own page: counted without building ancestor lists, since the
    // table of contents is made for every page of the report.
    let depth_of = |id: NodeId| {
        let (mut depth, mut cur) = (0, id);
        while cur != rep.node {
            match site.nodes[cur].parent {
                Some(p) => {
                    depth += 1;
                    cur = p;
                }
                None => break,
            }
        }
        depth
    };
    let shown = toc_shown(site, rep.node, &order, current);
    let toc_partial = shown.len() < order.len();
    let toc: Vec<TocEntry> = shown
        .iter()
        .map(|id| TocEntry {
            title: site.nodes[*id].title.clone(),
            url: c.url(&site.nodes[*id].path),
            current: *id == current,
            depth: depth_of(*id),
        })
        .collect();
    let pos = order.iter().position(|id| *id == current);
    let link = |id: NodeId| LinkView {
        title: site.nodes[id].title.clone(),
        url: c.url(&site.nodes[id].path),
        current: false,
    };
    ReportView {
        label: rep.label(),
        kind: rep.kind.name(),
        year: rep.year,
        organisation: site.organisation_of(r),
        publisher: rep.publisher.clone(),
        period: rep
            .period_text
            .clone()
            .or_else(|| (!rep.period.is_full_year()).then(|| rep.period.label())),
        url: c.url(&site.nodes[rep.node].path),
        title: site.nodes[rep.node].title.clone(),
        original: original_url(site, r),
        toc,
        toc_partial,
        prev: pos.and_then(|p| p.checked_sub(1)).map(|p| link(order[p])),
        next: pos.and_then(|p| order.get(p + 1)).map(|id| link(*id)),
        is_report_home: rep.node == current,
        assessment: rep.assessment.as_ref().map(|s| super::status::view(s, false)),
        decided_on: rep.publication.decided_on.map(DateView::new),
        decided_by: rep.publication.decided_by.clone(),
        contact: rep
            .publication
            .contact
            .clone()
            .filter(|k| !k.is_empty())
            .or_else(|| (!c.contact.is_empty()).then(|| c.contact.clone())),
        updated_on: order
            .iter()
            .filter_map(|id| site.nodes[*id].date)
            .chain(rep.publication.updated_on)
            .max()
            .map(DateView::new),
        data: report_data(site, r, &order),
    }
}

/// Most entries of one level a page's table of contents shows: a longer level is cut to the
/// entries around the page's own place in it.
pub const TOC_LEVEL_MAX: usize = 11;

/// The parts of a report that a page's table of contents shows, in reading order. The report's
/// own page shows them all; every other page the path to itself, the top level, its siblings
/// and its children, each level cut to [`TOC_LEVEL_MAX`] entries around the page's place. So
/// a report's pages together carry contents in proportion to its length, not its square.
pub fn toc_shown(site: &Site, home: NodeId, order: &[NodeId], current: NodeId) -> Vec<NodeId> {
    if current == home || !order.contains(&current) {
        return order.to_vec();
    }
    let mut path = vec![current];
    let mut cur = current;
    while let Some(p) = site.nodes[cur].parent {
        path.push(p);
        if p == home {
            break;
        }
        cur = p;
    }
    // The levels shown: children of each node on the path (the top level is the home's).
    let mut shown: std::collections::HashSet<NodeId> = path.iter().copied().collect();
    for &parent in &path {
        let kids = &site.nodes[parent].children;
        // The entry of this level that is on the path (or the first, for the children).
        let anchor = kids.iter().position(|k| path.contains(k)).unwrap_or(0);
        let half = TOC_LEVEL_MAX / 2;
        let from = anchor
            .saturating_sub(half)
            .min(kids.len().saturating_sub(TOC_LEVEL_MAX));
        shown.extend(kids.iter().skip(from).take(TOC_LEVEL_MAX));
    }
    order.iter().copied().filter(|id| shown.contains(id)).collect()
}

fn report_data(site: &Site, r: ReportId, order: &[NodeId]) -> Option<ReportData> {
    use crate::render::data::paths;
    let tables: usize = order.iter().map(|id| site.nodes[*id].blocks.len()).sum();
    if tables == 0 {
        return None;
    }
    let folder = paths::report_folder(site, r);
    let name = paths::package_name(&folder);
    let c = &site.config;
    Some(ReportData {
        tables,
        zip: c.url(&format!("{folder}{name}.zip")),
        json: c.url(&format!("{folder}{name}.json")),
        package: c.url(&format!("{folder}{}", paths::PACKAGE_FILE)),
    })
}
