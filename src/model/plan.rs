//! Plan → outcome: an assignment (uppdrag) in a verksamhetsplan is followed up in the
//! årsredovisning (or other report) of the same body and year, matched by its stable id; in
//! the reports of the plan's own organisation when it has any.

use crate::diagnostics::Diagnostic;
use crate::model::{NodeId, ReportId, Site, StatedStatus};
use std::collections::BTreeMap;

/// One assignment as it appears in one report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AssignmentRef {
    pub report: ReportId,
    pub node: NodeId,
    pub id: String,
    pub title: String,
    pub status: Option<StatedStatus>,
    /// The code the report prints, if any.
    pub code: Option<String>,
}

#[derive(Debug, Clone, Default)]
pub struct PlanOutcomes {
    /// (plan report, assignment id) → where it was followed up.
    outcomes: BTreeMap<(ReportId, String), Vec<AssignmentRef>>,
    /// (outcome report, assignment id) → where it was planned.
    plans: BTreeMap<(ReportId, String), Vec<AssignmentRef>>,
    /// Years for which the site has a plan; an outcome report of such a year can say "not planned".
    plan_years: Vec<i32>,
    /// Years for which the site has an outcome report.
    outcome_years: Vec<i32>,
}

impl PlanOutcomes {
    pub fn outcomes_of(&self, plan: ReportId, id: &str) -> &[AssignmentRef] {
        self.outcomes
            .get(&(plan, id.to_string()))
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }

    pub fn plans_of(&self, outcome: ReportId, id: &str) -> &[AssignmentRef] {
        self.plans
            .get(&(outcome, id.to_string()))
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }

    pub fn has_plan_for(&self, year: i32) -> bool {
        self.plan_years.contains(&year)
    }

    pub fn has_outcome_for(&self, year: i32) -> bool {
        self.outcome_years.contains(&year)
    }
}

pub fn build(site: &Site, diags: &mut Vec<Diagnostic>) -> PlanOutcomes {
    let mut all: Vec<AssignmentRef> = Vec::new();
    for (rid, report) in site.reports.iter().enumerate() {
        let mut seen: BTreeMap<&str, NodeId> = BTreeMap::new();
        for at in site.report_assignments(rid) {
            let (node, a) = (at.node, at.assignment);
            // Only an assignment with an id can be followed from plan to outcome.
            let Some(id) = a.id.as_deref() else { continue };
            if let Some(prev) = seen.insert(id, node)
                && prev != node
            {
                diags.push(
                    Diagnostic::new(
                        &site.nodes[node].file,
                        0,
                        format!(
                            "uppdraget \"{}\" finns redan i samma rapport ({})",
                            id,
                            site.nodes[prev].file.display()
                        ),
                    )
                    .hint("varje uppdrag har ett eget id inom en rapport"),
                );
            }
            all.push(AssignmentRef {
                report: rid,
                node,
                id: id.to_string(),
                title: a.title.clone(),
                status: a.status.clone(),
                code: a.code.clone(),
            });
        }
        let _ = report;
    }
    let mut po = PlanOutcomes::default();
    for r in &site.reports {
        if r.kind.is_plan() {
            po.plan_years.push(r.year);
        } else {
            po.outcome_years.push(r.year);
        }
    }
    // Outcomes by (publisher, year, id): a plan finds its follow-ups without looking at
    // every assignment of the site (a portal has tens of thousands).
    let mut outcomes: BTreeMap<(&str, i32, &str), Vec<&AssignmentRef>> = BTreeMap::new();
    for o in all.iter().filter(|o| !site.reports[o.report].kind.is_plan()) {
        let r = &site.reports[o.report];
        outcomes.entry((&r.publisher, r.year, &o.id)).or_default().push(o);
    }
    for p in all.iter().filter(|a| site.reports[a.report].kind.is_plan()) {
        let plan = &site.reports[p.report];
        let Some(found) = outcomes.get(&(plan.publisher.as_str(), plan.year, p.id.as_str())) else {
            continue;
        };
        // The plan's own organisation follows it up when it reports on it; otherwise any
        // report of the same body and year may (a committee's plan in the region's
        // årsredovisning).
        let own = |o: &&&AssignmentRef| site.reports[o.report].organisation == plan.organisation;
        let followed: Vec<&AssignmentRef> = if found.iter().any(|o| own(&o)) {
            found.iter().filter(own).copied().collect()
        } else {
            found.clone()
        };
        for o in followed {
            po.outcomes.entry((p.report, p.id.clone())).or_default().push(o.clone());
            po.plans.entry((o.report, o.id.clone())).or_default().push(p.clone());
        }
    }
    po
}
