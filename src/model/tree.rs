//! The site tree: URL paths from file paths, parents, children in order, drafts, reports.

use crate::diagnostics::Diagnostic;
use crate::load::Document;
use crate::load::front_matter::RawReportMeta;
use crate::model::blocks::BlockInput;
use crate::model::{Node, NodeId, NodeKind, Period, Report, ReportId, ReportKind, Status, StatusWords, slugify};
use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;

/// The URL segment of every content directory: the slug of its `_index.md`, or its name.
pub struct UrlPaths {
    segments: BTreeMap<String, String>,
}

impl UrlPaths {
    pub fn new(docs: &[Document], diags: &mut Vec<Diagnostic>) -> UrlPaths {
        let mut segments = BTreeMap::new();
        for d in docs.iter().filter(|d| d.is_section() && d.rel != "_index.md") {
            let dir = d.rel.trim_end_matches("/_index.md");
            let seg = match &d.front.slug {
                Some(s) => checked_slug(s, d, diags),
                None => slugify(dir.rsplit('/').next().unwrap_or(dir)),
            };
            segments.insert(dir.to_string(), seg);
        }
        UrlPaths { segments }
    }

    /// `a/b` → `/a/b/` (with slugs applied).
    pub fn dir(&self, dir: &str) -> String {
        let mut path = String::from("/");
        let mut acc = String::new();
        for part in dir.split('/').filter(|p| !p.is_empty()) {
            if !acc.is_empty() {
                acc.push('/');
            }
            acc.push_str(part);
            path.push_str(&self.segments.get(&acc).cloned().unwrap_or_else(|| slugify(part)));
            path.push('/');
        }
        path
    }

    /// Where a file beside the pages is copied: `a/b/bild.png` → `/a/b/bild.png`.
    pub fn file_path(&self, rel: &str) -> String {
        match rel.rsplit_once('/') {
            Some((dir, name)) => format!("{}{name}", self.dir(dir)),
            None => format!("/{rel}"),
        }
    }

    fn document(&self, d: &Document, diags: &mut Vec<Diagnostic>) -> String {
        if d.rel == "_index.md" {
            return "/".into();
        }
        if d.is_section() {
            return self.dir(d.rel.trim_end_matches("/_index.md"));
        }
        let (dir, name) = d.rel.rsplit_once('/').unwrap_or(("", &d.rel));
        let seg = match &d.front.slug {
            Some(s) => checked_slug(s, d, diags),
            None => slugify(name.trim_end_matches(".md")),
        };
        if seg.is_empty() {
            diags.push(
                Diagnostic::new(&d.file, 0, "filnamnet ger en tom del i webbadressen")
                    .hint("byt namn så att namnet innehåller bokstäver eller siffror"),
            );
        }
        format!("{}{seg}/", self.dir(dir))
    }
}

fn checked_slug(s: &str, d: &Document, diags: &mut Vec<Diagnostic>) -> String {
    let slug = slugify(s);
    if slug.is_empty() || s.contains('/') || s.contains("..") || slug.len() > 100 {
        diags.push(
            Diagnostic::new(&d.file, 0, format!("ogiltigt slug \"{s}\"")).hint(
                "ett slug är en del av webbadressen: högst 100 bokstäver, siffror och bindestreck, utan / och ..",
            ),
        );
        return "ogiltig".into();
    }
    slug
}

fn empty_extra() -> serde_json::Value {
    serde_json::Value::Object(Default::default())
}

/// The nodes, with each node's raw blocks and the raw report metadata set aside.
pub struct Nodes {
    pub nodes: Vec<Node>,
    pub blocks: Vec<Vec<BlockInput>>,
    pub reports: Vec<(NodeId, RawReportMeta)>,
}

/// One node per document.
pub fn nodes(docs: Vec<Document>, urls: &UrlPaths, diags: &mut Vec<Diagnostic>) -> Nodes {
    let mut nodes = Vec::with_capacity(docs.len() + 1);
    let mut blocks = Vec::with_capacity(docs.len());
    let mut reports = Vec::new();
    for mut d in docs {
        let path = urls.document(&d, diags);
        let section = d.is_section();
        if let Some(r) = d.front.rapport.take() {
            if section {
                reports.push((nodes.len(), r));
            } else {
                diags.push(
                    Diagnostic::new(&d.file, 2, "rapport: hör hemma i en rapports _index.md")
                        .hint("flytta rapport: till _index.md i rapportens mapp"),
                );
            }
        }
        blocks.push(std::mem::take(&mut d.blocks));
        let f = d.front;
        nodes.push(Node {
            kind: if section { NodeKind::Section } else { NodeKind::Page },
            rel: d.rel,
            file: d.file,
            title: f.title,
            weight: f.weight,
            date: f.date,
            description: f.description,
            template: f.template,
            template_line: f.template_line,
            extra: f.extra.unwrap_or_else(empty_extra),
            draft: f.draft,
            path,
            parent: None,
            sections: Vec::new(),
            pages: Vec::new(),
            children: Vec::new(),
            body: d.body,
            body_first_line: d.body_first_line,
            blocks: Vec::new(),
            report: None,
        });
    }
    Nodes { nodes, blocks, reports }
}

/// The home page, made up from the site title when `content/_index.md` is missing.
pub fn ensure_root(nodes: &mut Vec<Node>, by_rel: &mut HashMap<String, NodeId>, title: &str) -> NodeId {
    if let Some(r) = by_rel.get("_index.md") {
        return *r;
    }
    nodes.push(Node {
        kind: NodeKind::Section,
        rel: "_index.md".into(),
        file: PathBuf::from("content/_index.md"),
        title: title.to_string(),
        weight: None,
        date: None,
        description: None,
        template: None,
        template_line: 0,
        extra: empty_extra(),
        draft: false,
        path: "/".into(),
        parent: None,
        sections: Vec::new(),
        pages: Vec::new(),
        children: Vec::new(),
        body: String::new(),
        body_first_line: 1,
        blocks: Vec::new(),
        report: None,
    });
    by_rel.insert("_index.md".into(), nodes.len() - 1);
    nodes.len() - 1
}

fn parent_dir(dir: &str) -> &str {
    dir.rsplit_once('/').map(|(a, _)| a).unwrap_or("")
}

/// Every node's parent: the nearest enclosing directory that is a section.
pub fn link_parents(nodes: &mut [Node], by_rel: &HashMap<String, NodeId>, root: NodeId) {
    for (id, node) in nodes.iter_mut().enumerate() {
        if id == root {
            continue;
        }
        let mut dir = match node.kind {
            NodeKind::Section => parent_dir(node.rel.trim_end_matches("/_index.md")).to_string(),
            NodeKind::Page => parent_dir(&node.rel).to_string(),
        };
        node.parent = Some(loop {
            let key = if dir.is_empty() {
                "_index.md".to_string()
            } else {
                format!("{dir}/_index.md")
            };
            if let Some(p) = by_rel.get(&key) {
                break *p;
            }
            dir = parent_dir(&dir).to_string();
        });
    }
}

/// Drafts, and everything below a draft section, unless drafts are asked for.
pub fn excluded(nodes: &[Node], drafts: bool) -> Vec<bool> {
    (0..nodes.len())
        .map(|id| {
            let mut cur = Some(id);
            while let Some(c) = cur {
                if nodes[c].draft && !drafts {
                    return true;
                }
                cur = nodes[c].parent;
            }
            false
        })
        .collect()
}

/// Children lists, ordered by weight, then title.
pub fn attach_children(nodes: &mut [Node], excluded: &[bool]) {
    let mut children: Vec<(Vec<NodeId>, Vec<NodeId>)> = vec![(Vec::new(), Vec::new()); nodes.len()];
    for (id, n) in nodes.iter().enumerate().filter(|(id, _)| !excluded[*id]) {
        if let Some(p) = n.parent {
            match n.kind {
                NodeKind::Section => children[p].0.push(id),
                NodeKind::Page => children[p].1.push(id),
            }
        }
    }
    let key = |n: &Node| (n.weight.unwrap_or(i64::MAX), n.title.to_lowercase(), n.rel.clone());
    for (sections, pages) in &mut children {
        sections.sort_by_cached_key(|c| key(&nodes[*c]));
        pages.sort_by_cached_key(|c| key(&nodes[*c]));
    }
    let all: Vec<Vec<NodeId>> = children
        .iter()
        .map(|(s, p)| {
            let mut v: Vec<NodeId> = s.iter().chain(p.iter()).copied().collect();
            v.sort_by_cached_key(|c| key(&nodes[*c]));
            v
        })
        .collect();
    for ((node, (sections, pages)), all) in nodes.iter_mut().zip(children).zip(all) {
        node.sections = sections;
        node.pages = pages;
        node.children = all;
    }
}

/// Two files must not claim the same URL.
pub fn check_unique_paths(nodes: &[Node], excluded: &[bool], diags: &mut Vec<Diagnostic>) {
    let mut seen: BTreeMap<&str, NodeId> = BTreeMap::new();
    for (id, n) in nodes.iter().enumerate().filter(|(id, _)| !excluded[*id]) {
        if let Some(seg) = n.path.split('/').find(|s| crate::policy::windows_reserved(s)) {
            diags.push(
                Diagnostic::new(
                    &n.file,
                    0,
                    format!(
                        "webbadressen {} innehåller \"{seg}\", ett namn som är reserverat i Windows",
                        n.path
                    ),
                )
                .hint("byt namn på filen eller mappen, eller ge sidan ett eget slug:"),
            );
        }
        if let Some(other) = seen.insert(&n.path, id) {
            diags.push(
                Diagnostic::new(
                    &n.file,
                    0,
                    format!(
                        "webbadressen {} används redan av {}",
                        n.path,
                        nodes[other].file.display()
                    ),
                )
                .hint("byt namn på den ena filen eller ge den ett eget slug:"),
            );
        }
    }
}

/// The reports, and for every node the report it belongs to.
/// The site's own status words from `site.toml`.
pub fn site_words(config: &crate::config::SiteConfig, diags: &mut Vec<Diagnostic>) -> StatusWords {
    StatusWords::new(config.status_words.iter().filter_map(|(word, meaning, line)| {
        let s = Status::parse(meaning);
        if s.is_none() {
            diags.push(
                Diagnostic::new(
                    crate::config::CONFIG_FILE,
                    *line,
                    format!("statusordet \"{word}\" ska betyda \"{meaning}\", som inte är någon av Insyns statusar"),
                )
                .hint(crate::diagnostics::suggestion_hint(
                    meaning,
                    &Status::names(),
                    "statusar",
                )),
            );
        }
        s.map(|s| (word.clone(), s))
    }))
}

pub fn reports(
    nodes: &mut [Node],
    raw: Vec<(NodeId, RawReportMeta)>,
    excluded: &[bool],
    site_words: &StatusWords,
    site_publisher: &str,
    diags: &mut Vec<Diagnostic>,
) -> Vec<Report> {
    let reports: Vec<Report> = raw
        .into_iter()
        .filter(|(node, _)| !excluded[*node])
        .map(|(node, r)| {
            let file = &nodes[node].file;
            let own = StatusWords::new(r.statusord.iter().filter_map(|(word, meaning)| {
                let s = Status::parse(&meaning.0);
                if s.is_none() {
                    diags.push(
                        Diagnostic::new(file, 0, format!("statusordet \"{word}\" ska betyda \"{}\", som inte är någon av Insyns statusar", meaning.0))
                            .hint(crate::diagnostics::suggestion_hint(&meaning.0, &Status::names(), "statusar")),
                    );
                }
                s.map(|s| (word.clone(), s))
            }));
            let words = site_words.with(&own);
            let assessment = r.bedömning.as_ref().and_then(|b| {
                let s = words.read(&b.0);
                if s.is_none() {
                    diags.push(
                        Diagnostic::new(file, 0, format!("okänd bedömning \"{}\"", b.0))
                            .hint("skriv en av Insyns statusar (uppfyllt, delvis uppfyllt, ej uppfyllt …) eller ange vad ordet betyder under statusord:"),
                    );
                }
                s
            });
            if r.typ == ReportKind::InterimReport && r.period.is_none() {
                diags.push(
                    Diagnostic::new(file, 0, "delårsrapporten anger inte vilken del av året den gäller")
                        .hint(format!(
                            "lägg till en rad under rapport:, till exempel period: jan–apr {}, så tas delåret aldrig för ett helt år",
                            r.år
                        )),
                );
            }
            Report {
                publication: r.publication(),
                node,
                kind: r.typ,
                year: r.år,
                organisation: r.organisation,
                number: r.nummer,
                publisher: r.utgivare.unwrap_or_else(|| site_publisher.to_string()),
                period: r.period.as_ref().map(|p| p.period.clone()).unwrap_or(Period::year(r.år)),
                period_text: r.period.map(|p| p.text),
                original: r.original,
                assessment,
                words,
            }
        })
        .collect();
    let of_node: HashMap<NodeId, ReportId> = reports.iter().enumerate().map(|(i, r)| (r.node, i)).collect();
    for id in 0..nodes.len() {
        let mut cur = Some(id);
        while let Some(c) = cur {
            if let Some(r) = of_node.get(&c) {
                nodes[id].report = Some(*r);
                break;
            }
            cur = nodes[c].parent;
        }
    }
    reports
}
