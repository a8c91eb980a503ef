//! Views of assignments (uppdrag): one block's list with plan → outcome links, and a report's
//! summary ("9 av 11 uppdrag uppfyllda") with its status chart.

use super::common::{Downloads, dom_id, download_name, downloads};
use super::status::{StatusView, capitalise, view as status_view};
use crate::model::assignment::{Assignment, AssignmentSet};
use crate::model::{ReportId, Site, Status};
use crate::render::charts::{self, Caption};
use serde::Serialize;

#[derive(Serialize)]
pub struct AssignmentsView {
    pub id: String,
    /// Id of the block's element on the page; never collides with heading ids.
    pub dom_id: String,
    pub title: Option<String>,
    pub items: Vec<AssignmentView>,
    pub downloads: Downloads,
    /// What the download links name: the block's title, or its one assignment's.
    pub download_name: String,
}

#[derive(Serialize)]
pub struct AssignmentView {
    pub id: Option<String>,
    /// The code the report prints: `RF24-25`.
    pub code: Option<String>,
    pub activities: Vec<ActivityView>,
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
pub struct ActivityView {
    pub code: Option<String>,
    pub title: String,
    pub status: Option<StatusView>,
    pub responsible: Option<String>,
    pub timeline: Option<String>,
    pub comment: Option<String>,
}

/// The anchor of an assignment on its page: by its id, else by its code when no other
/// assignment of the block has the same, else by its place in its block.
pub fn anchor(set: &AssignmentSet, index: usize) -> String {
    let a = &set.items[index];
    if let Some(id) = &a.id {
        return format!("uppdrag-{id}");
    }
    let slug = |x: &Assignment| x.code.as_deref().map(crate::model::slugify).filter(|s| !s.is_empty());
    match slug(a) {
        Some(code) if set.items.iter().filter(|x| slug(x).as_ref() == Some(&code)).count() == 1 => {
            format!("uppdrag-{code}")
        }
        _ => format!("uppdrag-{}-{}", set.key, index + 1),
    }
}

#[derive(Serialize)]
pub struct CounterpartView {
    pub report: String,
    pub organisation: String,
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
        .enumerate()
        .map(|(index, a)| {
            let counterpart = |r: &crate::model::plan::AssignmentRef| CounterpartView {
                report: site.reports[r.report].label(),
                organisation: site.organisation_of(r.report),
                title: r.title.clone(),
                url: format!("{}#uppdrag-{}", site.config.url(&site.nodes[r.node].path), r.id),
                status: r.status.as_ref().map(|s| status_view(s, false)),
            };
            let id = a.id.as_deref().unwrap_or("");
            let (outcomes, plans, no_counterpart) =
                match report.map(|r| (r, &site.reports[r])).filter(|_| a.id.is_some()) {
                    Some((rid, rep)) if rep.kind.is_plan() => {
                        let o: Vec<CounterpartView> = site.plan.outcomes_of(rid, id).iter().map(counterpart).collect();
                        let missing = (o.is_empty() && site.plan.has_outcome_for(rep.year)).then(|| {
                            format!(
                                "Uppdraget följs inte upp under samma namn i någon rapport för {}.",
                                rep.year
                            )
                        });
                        (o, Vec::new(), missing)
                    }
                    Some((rid, rep)) => {
                        let p: Vec<CounterpartView> = site.plan.plans_of(rid, id).iter().map(counterpart).collect();
                        let missing = (p.is_empty() && site.plan.has_plan_for(rep.year))
                            .then(|| format!("Uppdraget finns inte i verksamhetsplanen för {}.", rep.year));
                        (Vec::new(), p, missing)
                    }
                    None => (Vec::new(), Vec::new(), None),
                };
            AssignmentView {
                id: a.id.clone(),
                code: a.code.clone(),
                activities: a
                    .activities
                    .iter()
                    .map(|x| ActivityView {
                        code: x.code.clone(),
                        title: x.title.clone(),
                        status: x.status.as_ref().map(|s| status_view(s, false)),
                        responsible: x.responsible.clone(),
                        timeline: x.timeline.clone(),
                        comment: x.comment.clone(),
                    })
                    .collect(),
                show_title: !headings.contains(&comparable_title(&a.title)),
                planned,
                anchor: anchor(set, index),
                title: a.title.clone(),
                status: a.status.as_ref().map(|s| status_view(s, a.status_derived)),
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
        download_name: download_name(
            set.title.as_deref(),
            set.items.iter().map(|a| a.title.as_str()),
            "uppdragen",
        ),
        title: set.title.clone(),
        items,
        downloads: downloads(site, page_path, &set.key),
    }
}

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
    pub code: Option<String>,
    pub title: String,
    pub url: String,
    pub status: Option<StatusView>,
}

pub fn assignment_summary(site: &Site, report: ReportId, chart_id: &str) -> Option<AssignmentSummary> {
    let all = site.report_assignments(report);
    let assessed: Vec<&crate::model::AssignmentAt> = all.iter().filter(|at| at.assignment.status.is_some()).collect();
    if assessed.is_empty() {
        return None;
    }
    let total = assessed.len();
    let fulfilled = assessed
        .iter()
        .filter(|at| at.assignment.status() == Some(Status::Fulfilled))
        .count();
    let by_status: Vec<StatusCount> = Status::ALL
        .iter()
        .map(|s| {
            (
                s,
                assessed.iter().filter(|at| at.assignment.status() == Some(*s)).count(),
            )
        })
        .filter(|(_, n)| *n > 0)
        .map(|(s, n)| StatusCount {
            status: status_view(&crate::model::StatedStatus::own(*s), false),
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
        .map(|at| SummaryItem {
            code: at.assignment.code.clone(),
            title: at.assignment.title.clone(),
            url: format!(
                "{}#{}",
                site.config.url(&site.nodes[at.node].path),
                anchor(at.set, at.index)
            ),
            status: at
                .assignment
                .status
                .as_ref()
                .map(|s| status_view(s, at.assignment.status_derived)),
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
