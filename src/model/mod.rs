//! Model: the site as typed data — a tree of sections and pages, the reports among them,
//! their checked blocks, and what ties reports together (indicator history, plan → outcome).
//! Knows nothing of HTML, templates or YAML.

pub mod blocks;
pub mod check;
pub mod financial;
pub mod history;
pub mod indicator;
pub mod plan;
pub mod table;

use crate::config::SiteConfig;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::load::front_matter::{Date, ReportKind};
use crate::load::{Document, PlainFile, Source, ThemeFiles};
use blocks::Block;
use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;

pub use crate::load::blocks::{Direction, SignConvention, Status, Unit};

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
    pub extra: serde_json::Value,
    pub draft: bool,
    /// Site path without the base path: `/`, `/regionstyrelsen/`.
    pub path: String,
    pub parent: Option<NodeId>,
    pub sections: Vec<NodeId>,
    pub pages: Vec<NodeId>,
    pub body: String,
    pub body_first_line: usize,
    pub blocks: Vec<Block>,
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
    pub period: Option<String>,
    pub original: Option<String>,
    pub assessment: Option<Status>,
}

impl Report {
    /// "Årsredovisning 2023"
    pub fn label(&self) -> String {
        let name = self.kind.name();
        let mut c = name.chars();
        let first = c.next().map(|f| f.to_uppercase().collect::<String>()).unwrap_or_default();
        format!("{first}{} {}", c.as_str(), self.year)
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
    /// Files beside pages: (file, site path of the copy).
    pub content_files: Vec<(PlainFile, String)>,
    pub static_files: Vec<PlainFile>,
    pub theme: ThemeFiles,
    pub root_dir: PathBuf,
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

    /// Reports newest first (year, then date, then title).
    pub fn reports_newest_first(&self) -> Vec<ReportId> {
        let mut v: Vec<ReportId> = (0..self.reports.len()).collect();
        v.sort_by(|a, b| {
            let (ra, rb) = (&self.reports[*a], &self.reports[*b]);
            (rb.year, self.nodes[rb.node].date, &self.nodes[ra.node].title)
                .cmp(&(ra.year, self.nodes[ra.node].date, &self.nodes[rb.node].title))
        });
        v
    }

    /// All nodes of a report's subtree in reading order (the report's own page first).
    pub fn report_nodes(&self, report: ReportId) -> Vec<NodeId> {
        let mut out = Vec::new();
        self.walk(self.reports[report].node, &mut out);
        out
    }

    /// A node and its descendants: pages before subsections, each in order.
    pub fn walk(&self, id: NodeId, out: &mut Vec<NodeId>) {
        out.push(id);
        let n = &self.nodes[id];
        out.extend(n.pages.iter().copied());
        for s in &n.sections {
            self.walk(*s, out);
        }
    }

    /// Every assignment of a report, with the node it is on.
    pub fn report_assignments(&self, report: ReportId) -> Vec<(NodeId, &blocks::Assignment)> {
        let mut out = Vec::new();
        for id in self.report_nodes(report) {
            for b in &self.nodes[id].blocks {
                if let Block::Assignments(set) = b {
                    out.extend(set.items.iter().map(|a| (id, a)));
                }
            }
        }
        out
    }
}

/// Build options that change what the model contains.
#[derive(Debug, Clone, Copy, Default)]
pub struct ModelOptions {
    pub drafts: bool,
}

/// Turn what was read from disk into the checked site model.
pub fn build(source: Source, opts: ModelOptions) -> Result<Site, Diagnostics> {
    let mut diags = Vec::new();
    let Source { root: root_dir, config, documents, content_files, static_files, theme } = source;
    let docs: Vec<Document> = documents;
    // Which directories are sections, and the URL segment each directory gets.
    let mut dir_segment: BTreeMap<String, String> = BTreeMap::new();
    for d in &docs {
        if d.is_section() && d.rel != "_index.md" {
            let dir = d.rel.trim_end_matches("/_index.md");
            let seg = match &d.front.slug {
                Some(s) => checked_slug(s, d, &mut diags),
                None => slugify(dir.rsplit('/').next().unwrap_or(dir)),
            };
            dir_segment.insert(dir.to_string(), seg);
        }
    }
    let dir_path = |dir: &str| -> String {
        let mut path = String::from("/");
        let mut acc = String::new();
        for part in dir.split('/').filter(|p| !p.is_empty()) {
            if !acc.is_empty() {
                acc.push('/');
            }
            acc.push_str(part);
            let seg = dir_segment.get(&acc).cloned().unwrap_or_else(|| slugify(part));
            path.push_str(&seg);
            path.push('/');
        }
        path
    };
    let mut nodes: Vec<Node> = Vec::with_capacity(docs.len() + 1);
    let mut reports_raw = Vec::new();
    let mut raw_blocks = Vec::with_capacity(docs.len());
    for mut d in docs {
        raw_blocks.push(std::mem::take(&mut d.blocks));
        let section = d.is_section();
        let dir = d.rel.rsplit_once('/').map(|(a, _)| a).unwrap_or("");
        let path = if section {
            dir_path(if d.rel == "_index.md" { "" } else { d.rel.trim_end_matches("/_index.md") })
        } else {
            let stem = d.rel.rsplit('/').next().unwrap_or(&d.rel).trim_end_matches(".md");
            let seg = match &d.front.slug {
                Some(s) => checked_slug(s, &d, &mut diags),
                None => slugify(stem),
            };
            format!("{}{}/", dir_path(dir), seg)
        };
        if path.contains("//") {
            diags.push(Diagnostic::new(&d.file, 0, "filnamnet ger en tom del i webbadressen").hint("byt namn så att namnet innehåller bokstäver eller siffror"));
        }
        let id = nodes.len();
        if let Some(r) = &d.front.rapport {
            if !section {
                diags.push(Diagnostic::new(&d.file, 2, "rapport: hör hemma i en rapports _index.md").hint("flytta rapport: till _index.md i rapportens mapp"));
            } else {
                reports_raw.push((id, r.clone()));
            }
        }
        nodes.push(Node {
            kind: if section { NodeKind::Section } else { NodeKind::Page },
            rel: d.rel,
            file: d.file,
            title: d.front.title,
            weight: d.front.weight,
            date: d.front.date,
            description: d.front.description,
            template: d.front.template,
            extra: d.front.extra.unwrap_or(serde_json::Value::Object(Default::default())),
            draft: d.front.draft,
            path,
            parent: None,
            sections: Vec::new(),
            pages: Vec::new(),
            body: d.body,
            body_first_line: d.body_first_line,
            blocks: Vec::new(),
            report: None,
        });
    }
    let mut by_rel: HashMap<String, NodeId> = nodes.iter().enumerate().map(|(i, n)| (n.rel.clone(), i)).collect();
    let root = match by_rel.get("_index.md") {
        Some(r) => *r,
        None => {
            nodes.push(Node {
                kind: NodeKind::Section,
                rel: "_index.md".into(),
                file: PathBuf::from("content/_index.md"),
                title: config.title.clone(),
                weight: None,
                date: None,
                description: None,
                template: None,
                extra: serde_json::Value::Object(Default::default()),
                draft: false,
                path: "/".into(),
                parent: None,
                sections: Vec::new(),
                pages: Vec::new(),
                body: String::new(),
                body_first_line: 1,
                blocks: Vec::new(),
                report: None,
            });
            by_rel.insert("_index.md".into(), nodes.len() - 1);
            nodes.len() - 1
        }
    };
    // Parents: the nearest enclosing directory that is a section.
    for id in 0..nodes.len() {
        if id == root {
            continue;
        }
        let rel = nodes[id].rel.clone();
        let mut dir = match nodes[id].kind {
            NodeKind::Section => parent_dir(rel.trim_end_matches("/_index.md")),
            NodeKind::Page => rel.rsplit_once('/').map(|(a, _)| a.to_string()).unwrap_or_default(),
        };
        let parent = loop {
            let key = if dir.is_empty() { "_index.md".to_string() } else { format!("{dir}/_index.md") };
            if let Some(p) = by_rel.get(&key) {
                break *p;
            }
            dir = parent_dir(&dir);
        };
        nodes[id].parent = Some(parent);
    }
    // Drafts (and everything below a draft section) leave the site unless asked for.
    let mut excluded = vec![false; nodes.len()];
    if !opts.drafts {
        for id in 0..nodes.len() {
            let mut cur = Some(id);
            while let Some(c) = cur {
                if nodes[c].draft {
                    excluded[id] = true;
                    break;
                }
                cur = nodes[c].parent;
            }
        }
    }
    for id in 0..nodes.len() {
        if excluded[id] {
            continue;
        }
        if let Some(p) = nodes[id].parent {
            match nodes[id].kind {
                NodeKind::Section => nodes[p].sections.push(id),
                NodeKind::Page => nodes[p].pages.push(id),
            }
        }
    }
    for id in 0..nodes.len() {
        let mut s = std::mem::take(&mut nodes[id].sections);
        let mut p = std::mem::take(&mut nodes[id].pages);
        let key = |n: &Node| (n.weight.unwrap_or(i64::MAX), n.title.to_lowercase(), n.rel.clone());
        s.sort_by_cached_key(|c| key(&nodes[*c]));
        p.sort_by_cached_key(|c| key(&nodes[*c]));
        nodes[id].sections = s;
        nodes[id].pages = p;
    }
    // Two files must not claim the same URL.
    let mut seen: BTreeMap<&str, NodeId> = BTreeMap::new();
    for (id, n) in nodes.iter().enumerate() {
        if excluded[id] {
            continue;
        }
        if let Some(other) = seen.insert(&n.path, id) {
            diags.push(
                Diagnostic::new(&n.file, 0, format!("webbadressen {} används redan av {}", n.path, nodes[other].file.display()))
                    .hint("byt namn på den ena filen eller ge den ett eget slug:"),
            );
        }
    }
    // Reports.
    let mut reports = Vec::new();
    for (node, r) in reports_raw {
        if excluded[node] {
            continue;
        }
        reports.push(Report {
            node,
            kind: r.typ,
            year: r.år,
            organisation: r.organisation,
            period: r.period.map(|p| p.0),
            original: r.original,
            assessment: r.bedömning,
        });
    }
    let report_of_node: HashMap<NodeId, ReportId> = reports.iter().enumerate().map(|(i, r)| (r.node, i)).collect();
    for id in 0..nodes.len() {
        let mut cur = Some(id);
        while let Some(c) = cur {
            if let Some(r) = report_of_node.get(&c) {
                nodes[id].report = Some(*r);
                break;
            }
            cur = nodes[c].parent;
        }
    }
    // Blocks are built once the tree is known, with the report's year as default period.
    for (id, raw) in raw_blocks.iter().enumerate() {
        if excluded[id] {
            continue;
        }
        let year = nodes[id].report.map(|r| reports[r].year.to_string());
        nodes[id].blocks = blocks::build_all(raw, year.as_deref(), &mut diags);
    }
    // Remove excluded nodes from lookups (they stay in the vector, unreachable).
    by_rel.retain(|_, id| !excluded[*id]);
    let content_files = content_files
        .into_iter()
        .map(|f| {
            let (dir, name) = f.rel.rsplit_once('/').map(|(d, n)| (d.to_string(), n.to_string())).unwrap_or_default();
            let name = if name.is_empty() { f.rel.clone() } else { name };
            let path = format!("{}{}", dir_path(&dir), name);
            (f, path)
        })
        .collect();
    let mut site = Site {
        config,
        nodes,
        root,
        reports,
        indicators: Vec::new(),
        plan: plan::PlanOutcomes::default(),
        by_rel,
        content_files,
        static_files,
        theme,
        root_dir,
    };
    site.indicators = history::build(&site, &mut diags);
    site.plan = plan::build(&site, &mut diags);
    let mut all = Diagnostics::new();
    diags.into_iter().for_each(|d| all.push(d));
    all.into_result(site)
}

fn parent_dir(dir: &str) -> String {
    dir.rsplit_once('/').map(|(a, _)| a.to_string()).unwrap_or_default()
}

fn checked_slug(s: &str, d: &Document, diags: &mut Vec<Diagnostic>) -> String {
    let slug = slugify(s);
    if slug.is_empty() || s.contains('/') || s.contains("..") {
        diags.push(
            Diagnostic::new(&d.file, 0, format!("ogiltigt slug \"{s}\""))
                .hint("ett slug är en del av webbadressen: bokstäver, siffror och bindestreck, utan / och .."),
        );
        return "ogiltig".into();
    }
    slug
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
