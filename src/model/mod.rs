//! Model: the site as typed data — a tree of sections and pages, the reports among them,
//! their checked blocks, and what ties reports together (indicator history, plan → outcome).
//! Knows nothing of HTML, templates or YAML.

pub mod assignment;
pub mod blocks;
pub mod check;
pub mod history;
pub mod indicator;
pub mod number;
pub mod origin;
pub mod period;
pub mod plan;
pub mod report;
pub mod table;
mod tree;
pub mod values;

use crate::config::SiteConfig;
use crate::diagnostics::Diagnostics;
use crate::load::{PlainFile, Source, ThemeFiles};
use blocks::Block;
use std::collections::HashMap;
use std::path::PathBuf;

pub use period::Period;
pub use report::{Date, ReportKind};
pub use values::{Direction, StatedStatus, Status, StatusWords, Unit};

pub type NodeId = usize;
pub type ReportId = usize;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NodeKind {
    Section,
    Page,
}

/// A section or page of the site.
#[derive(Debug, Clone)]
pub struct Node {
    pub kind: NodeKind,
    /// Path below `content/`, e.g. `regionstyrelsen/_index.md`.
    pub rel: String,
    pub file: PathBuf,
    pub title: String,
    pub weight: Option<i64>,
    pub date: Option<Date>,
    pub description: Option<String>,
    pub template: Option<String>,
    pub template_line: usize,
    pub extra: serde_json::Value,
    pub draft: bool,
    /// Site path without the base path: `/`, `/regionstyrelsen/`.
    pub path: String,
    pub parent: Option<NodeId>,
    pub sections: Vec<NodeId>,
    pub pages: Vec<NodeId>,
    /// Pages and subsections together, in reading order (weight, then title).
    pub children: Vec<NodeId>,
    /// The Markdown text; empty in a build, which reads the text again from the page's file
    /// when it renders the page.
    pub body: String,
    pub body_first_line: usize,
    pub blocks: Vec<blocks::Placed>,
    /// The report this node is part of (itself, for a report's own section).
    pub report: Option<ReportId>,
}

/// A report: a section whose front matter says what kind, which year and whose.
#[derive(Debug, Clone)]
pub struct Report {
    pub node: NodeId,
    pub kind: ReportKind,
    pub year: i32,
    pub organisation: String,
    /// The report's number within its year (delårsrapport 1), if it has one.
    pub number: Option<u8>,
    /// The public body that publishes the report (a region, a municipality).
    pub publisher: String,
    /// What the report covers: a year, or part of one (a delårsrapport's `jan–apr 2024`).
    pub period: Period,
    /// The period as the editor wrote it (`Helår 2023`), if they did.
    pub period_text: Option<String>,
    pub original: Option<String>,
    pub assessment: Option<StatedStatus>,
    /// The status words of the report's body: the site's, with the report's own on top.
    pub words: StatusWords,
    /// Decision, contact and last update, as the report's front matter states them.
    pub publication: report::Publication,
}

impl Report {
    /// "Årsredovisning 2023"
    pub fn label(&self) -> String {
        let name = self.kind.name();
        let mut c = name.chars();
        let first = c
            .next()
            .map(|f| f.to_uppercase().collect::<String>())
            .unwrap_or_default();
        match self.number {
            Some(n) => format!("{first}{} {n} {}", c.as_str(), self.year),
            None => format!("{first}{} {}", c.as_str(), self.year),
        }
    }
}

/// The whole site, checked and ready to render.
#[derive(Debug)]
pub struct Site {
    pub config: SiteConfig,
    pub nodes: Vec<Node>,
    pub root: NodeId,
    pub reports: Vec<Report>,
    pub indicators: Vec<history::IndicatorHistory>,
    pub plan: plan::PlanOutcomes,
    /// Content path (`a/b.md`, `a/_index.md`) → node.
    pub by_rel: HashMap<String, NodeId>,
    /// Site path of each report's own page → the report (to find a page's report by its
    /// path without looking at every report).
    pub report_paths: HashMap<String, ReportId>,
    /// Whether the reports have more than one publisher.
    pub several_publishers: bool,
    /// Each report's latest earlier report of the same body (organisation and publisher), of
    /// the same kind and number (so that its figures cover the same part of a year).
    pub previous: Vec<Option<ReportId>>,
    /// Content files that could not be read (already reported).
    pub unreadable: Vec<String>,
    /// Files beside pages: (file, site path of the copy).
    pub content_files: Vec<(PlainFile, String)>,
    pub static_files: Vec<PlainFile>,
    pub theme: ThemeFiles,
}

impl Site {
    pub fn node(&self, id: NodeId) -> &Node {
        &self.nodes[id]
    }

    /// The node's ancestors from the home page down to its parent.
    pub fn ancestors(&self, id: NodeId) -> Vec<NodeId> {
        let mut v = Vec::new();
        let mut cur = self.nodes[id].parent;
        while let Some(p) = cur {
            v.push(p);
            cur = self.nodes[p].parent;
        }
        v.reverse();
        v
    }

    /// Whether the site holds reports of more than one body (a region, a municipality).
    pub fn several_publishers(&self) -> bool {
        self.several_publishers
    }

    /// Who a report is of, as readers need it: the organisation, and on a site of several
    /// bodies the body too (`Regionkontoret, Region Västmanland`).
    pub fn organisation_of(&self, report: ReportId) -> String {
        let r = &self.reports[report];
        if self.several_publishers() && !r.organisation.contains(&r.publisher) {
            format!("{}, {}", r.organisation, r.publisher)
        } else {
            r.organisation.clone()
        }
    }

    /// Reports newest first (year, then date, then title).
    pub fn reports_newest_first(&self) -> Vec<ReportId> {
        let mut v: Vec<ReportId> = (0..self.reports.len()).collect();
        v.sort_by(|a, b| {
            let (ra, rb) = (&self.reports[*a], &self.reports[*b]);
            (rb.year, self.nodes[rb.node].date, &self.nodes[ra.node].title).cmp(&(
                ra.year,
                self.nodes[ra.node].date,
                &self.nodes[rb.node].title,
            ))
        });
        v
    }

    /// All nodes of a report's subtree in reading order (the report's own page first).
    pub fn report_nodes(&self, report: ReportId) -> Vec<NodeId> {
        let mut out = Vec::new();
        self.walk(self.reports[report].node, &mut out);
        out
    }

    /// A node and its descendants in reading order: children by weight, each section
    /// followed by its own descendants.
    pub fn walk(&self, id: NodeId, out: &mut Vec<NodeId>) {
        out.push(id);
        for c in &self.nodes[id].children {
            self.walk(*c, out);
        }
    }

    /// Every assignment of a report, with the node it is on, its block's key and its place in
    /// the block.
    pub fn report_assignments(&self, report: ReportId) -> Vec<AssignmentAt<'_>> {
        let mut out = Vec::new();
        for id in self.report_nodes(report) {
            for b in &self.nodes[id].blocks {
                if let Block::Assignments(set) = &b.block {
                    out.extend(set.items.iter().enumerate().map(|(i, a)| AssignmentAt {
                        node: id,
                        set,
                        index: i,
                        assignment: a,
                    }));
                }
            }
        }
        out
    }
}

/// An assignment and where it is.
#[derive(Debug, Clone, Copy)]
pub struct AssignmentAt<'a> {
    pub node: NodeId,
    pub set: &'a assignment::AssignmentSet,
    pub index: usize,
    pub assignment: &'a assignment::Assignment,
}

/// Build options that change what the model contains.
#[derive(Debug, Clone, Copy, Default)]
pub struct ModelOptions {
    pub drafts: bool,
}

/// Turn what was read from disk into the checked site model. The site is returned together
/// with every problem found, so that the build can report them all at once.
pub fn build(source: Source, opts: ModelOptions) -> (Site, Diagnostics) {
    let mut diags = Vec::new();
    let Source {
        root: _,
        config,
        documents,
        content_files,
        static_files,
        theme,
        unreadable,
    } = source;
    let urls = tree::UrlPaths::new(&documents, &mut diags);
    let tree::Nodes {
        mut nodes,
        blocks: raw_blocks,
        reports: raw_reports,
    } = tree::nodes(documents, &urls, &mut diags);
    let mut by_rel: HashMap<String, NodeId> = nodes.iter().enumerate().map(|(i, n)| (n.rel.clone(), i)).collect();
    let root = tree::ensure_root(&mut nodes, &mut by_rel, &config.title);
    tree::link_parents(&mut nodes, &by_rel, root);
    let excluded = tree::excluded(&nodes, opts.drafts);
    tree::attach_children(&mut nodes, &excluded);
    tree::check_unique_paths(&nodes, &excluded, &mut diags);
    let site_words = tree::site_words(&config, &mut diags);
    let reports = tree::reports(
        &mut nodes,
        raw_reports,
        &excluded,
        &site_words,
        &config.publisher,
        &mut diags,
    );
    // Blocks are built once the tree is known, with the report's period and words; each
    // page's on its own (in parallel), their problems kept in page order.
    let built: Vec<(NodeId, Vec<blocks::Placed>, Vec<crate::diagnostics::Diagnostic>)> = {
        use rayon::prelude::*;
        let nodes = &nodes;
        raw_blocks
            .into_iter()
            .enumerate()
            .filter(|(id, raw)| !excluded[*id] && !raw.is_empty())
            .collect::<Vec<_>>()
            .into_par_iter()
            .map(|(id, raw)| {
                let report = nodes[id].report.map(|r| &reports[r]);
                let ctx = blocks::Context {
                    period: report.map(|r| &r.period),
                    words: report.map(|r| &r.words).unwrap_or(&site_words),
                };
                let mut found = Vec::new();
                let built = blocks::build_all(raw, &ctx, &mut found);
                (id, built, found)
            })
            .collect()
    };
    for (id, built, found) in built {
        nodes[id].blocks = built;
        diags.extend(found);
    }
    by_rel.retain(|_, id| !excluded[*id]);
    let content_files = content_files
        .into_iter()
        .map(|f| {
            let path = urls.file_path(&f.rel);
            (f, path)
        })
        .collect();
    let report_paths = reports
        .iter()
        .enumerate()
        .map(|(i, r)| (nodes[r.node].path.clone(), i))
        .collect();
    let several_publishers = reports.iter().any(|r| r.publisher != reports[0].publisher);
    let previous = previous_reports(&reports, &nodes);
    let mut site = Site {
        config,
        nodes,
        root,
        reports,
        report_paths,
        several_publishers,
        previous,
        indicators: Vec::new(),
        plan: plan::PlanOutcomes::default(),
        by_rel,
        unreadable,
        content_files,
        static_files,
        theme,
    };
    site.indicators = history::build(&site, &mut diags);
    site.plan = plan::build(&site, &mut diags);
    let mut all = Diagnostics::new();
    diags.into_iter().for_each(|d| all.push(d));
    (site, all)
}

/// Each report's latest earlier report of its series ([`Site::previous`]): the reports of a
/// series sorted by year and date once, instead of every report looked at for each (at a
/// portal's 10,000 reports, a hundred million comparisons).
fn previous_reports(reports: &[Report], nodes: &[Node]) -> Vec<Option<ReportId>> {
    let when = |r: ReportId| (reports[r].year, nodes[reports[r].node].date);
    let mut series: HashMap<(&str, &str, &str, Option<u8>), Vec<ReportId>> = HashMap::new();
    for (i, r) in reports.iter().enumerate() {
        series
            .entry((&r.organisation, &r.publisher, r.kind.name(), r.number))
            .or_default()
            .push(i);
    }
    let mut previous = vec![None; reports.len()];
    for ids in series.values_mut() {
        ids.sort_by_key(|&r| (when(r), r));
        // The last one earlier than each (of several on one day, the one read last).
        let mut earlier: Option<ReportId> = None;
        for (k, &r) in ids.iter().enumerate() {
            if k > 0 && when(ids[k - 1]) < when(r) {
                earlier = Some(ids[k - 1]);
            }
            previous[r] = earlier;
        }
    }
    previous
}

/// A URL segment from a name: lowercase ASCII letters, digits and hyphens.
pub fn slugify(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.chars().flat_map(char::to_lowercase) {
        let mapped = match c {
            'å' | 'ä' | 'à' | 'á' | 'â' => 'a',
            'ö' | 'ø' | 'ó' | 'ò' | 'ô' => 'o',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'ü' | 'ú' | 'ù' => 'u',
            'í' | 'ì' | 'ï' => 'i',
            c if c.is_ascii_alphanumeric() => c,
            _ => '-',
        };
        if mapped == '-' && (out.is_empty() || out.ends_with('-')) {
            continue;
        }
        out.push(mapped);
    }
    while out.ends_with('-') {
        out.pop();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        assert_eq!(slugify("2023-årsredovisning"), "2023-arsredovisning");
        assert_eq!(slugify("Hälsa och sjukvård"), "halsa-och-sjukvard");
        assert_eq!(slugify("01-avsnitt"), "01-avsnitt");
        assert_eq!(slugify("../.."), "");
    }
}
