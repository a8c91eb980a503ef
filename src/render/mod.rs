//! Render: the model into HTML pages through the theme's Tera templates, with report blocks,
//! charts and Swedish formatting. Produces files in memory; writing them is the next stage.

pub mod charts;
pub mod format;
pub mod history;
pub mod markdown;
pub mod search;
pub mod templates;
pub mod views;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::{NodeId, Site};
use markdown::LinkTargets;
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap};
use templates::Templates;
use views::page::{PageView, page_view, report_view, site_view};

/// A file of the built site, in memory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    /// Path inside the output directory, with `/` separators, e.g. `a/b/index.html`.
    pub path: String,
    pub bytes: Vec<u8>,
}

/// One page's text for the search index.
#[derive(Debug, Clone)]
pub struct SearchDoc {
    pub url: String,
    pub title: String,
    pub text: String,
    pub context: String,
}

pub struct Rendered {
    pub files: Vec<OutputFile>,
    pub search: Vec<SearchDoc>,
    pub pages: usize,
    pub sections: usize,
}

/// Theme assets whose names carry a hash of their bytes, so hosts can cache them for a year.
fn hashed_name(rel: &str, bytes: &[u8]) -> String {
    let hashable = [".css", ".js", ".woff", ".woff2", ".json", ".svg"]
        .iter()
        .any(|e| rel.ends_with(e));
    if !hashable {
        return rel.to_string();
    }
    let h = fnv1a(bytes);
    match rel.rsplit_once('.') {
        Some((stem, ext)) => format!("{stem}.{:08x}.{ext}", (h >> 32) as u32 ^ h as u32),
        None => rel.to_string(),
    }
}

/// FNV-1a, 64 bit: a stable hash of bytes for file names (not for security).
pub fn fnv1a(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf29ce484222325;
    for b in bytes {
        h ^= *b as u64;
        h = h.wrapping_mul(0x100000001b3);
    }
    h
}

pub fn render(site: &Site) -> Result<Rendered, Diagnostics> {
    let c = &site.config;
    // Theme assets (hashed) and the site's static files (as they are).
    let mut files = Vec::new();
    let mut assets: BTreeMap<String, String> = BTreeMap::new();
    for s in &site.theme.static_files {
        if site.static_files.iter().any(|f| f.rel == s.rel) {
            continue;
        }
        let name = hashed_name(&s.rel, &s.bytes);
        assets.insert(s.rel.clone(), c.url(&name));
        files.push(OutputFile {
            path: name,
            bytes: s.bytes.clone(),
        });
    }
    for s in &site.static_files {
        assets.insert(s.rel.clone(), c.url(&s.rel));
    }
    let tpl = Templates::new(&site.theme.templates, &c.base_path, assets)?;
    let mut diags = Diagnostics::new();
    let mut order = Vec::new();
    site.walk(site.root, &mut order);
    order.retain(|id| {
        let n = &site.nodes[*id];
        match &n.template {
            Some(t) if !tpl.has(t) => {
                diags.push(tpl.unknown(t, &n.file).at(n.template_line, 0));
                false
            }
            _ => true,
        }
    });
    let mut documents: HashMap<String, String> = site
        .by_rel
        .iter()
        .map(|(rel, id)| (rel.clone(), site.nodes[*id].path.clone()))
        .collect();
    for rel in &site.unreadable {
        documents.entry(rel.clone()).or_insert_with(|| "/".into());
    }
    let content_files: HashMap<String, String> = site
        .content_files
        .iter()
        .map(|(f, p)| (f.rel.clone(), p.clone()))
        .collect();
    let targets = LinkTargets {
        documents: &documents,
        files: &content_files,
        base_path: &c.base_path,
    };
    let mut tera_ready = tpl;
    tera_ready.tera.global_context().insert("site", &site_view(site));
    let tpl = tera_ready;

    let results: Vec<Result<(OutputFile, SearchDoc), Vec<Diagnostic>>> = order
        .par_iter()
        .map(|id| render_node(site, &tpl, &targets, *id))
        .collect();
    let mut search = Vec::with_capacity(results.len());
    for r in results {
        match r {
            Ok((f, s)) => {
                files.push(f);
                search.push(s);
            }
            Err(ds) => ds.into_iter().for_each(|d| diags.push(d)),
        }
    }
    // Indicator history pages and their index.
    if !site.indicators.is_empty() {
        let mut index = Vec::new();
        for h in &site.indicators {
            let v = history::view(site, h);
            let mut ctx = tera::Context::new();
            let page = synthetic_page(site, &h.path(), &h.name, "indicator");
            ctx.insert("page", &page);
            ctx.insert("indicator", &v);
            match tpl.render("indicator.html", &ctx, std::path::Path::new(&h.path())) {
                Ok(html) => files.push(OutputFile {
                    path: index_path(&h.path()),
                    bytes: html.into_bytes(),
                }),
                Err(d) => diags.push(d),
            }
            index.push(v);
        }
        let mut ctx = tera::Context::new();
        ctx.insert(
            "page",
            &synthetic_page(site, "/indikatorer/", "Indikatorer över tid", "indicators"),
        );
        ctx.insert("indicators", &index);
        match tpl.render("indicators.html", &ctx, std::path::Path::new("/indikatorer/")) {
            Ok(html) => files.push(OutputFile {
                path: "indikatorer/index.html".into(),
                bytes: html.into_bytes(),
            }),
            Err(d) => diags.push(d),
        }
    }
    // The search index (named by its bytes) and the page that searches it.
    let index = search::index(&search);
    let index_name = hashed_name("sok-index.json", &index);
    let mut ctx = tera::Context::new();
    ctx.insert("page", &synthetic_page(site, views::page::SEARCH_PATH, "Sök", "search"));
    ctx.insert("search_index_url", &c.url(&index_name));
    ctx.insert("reports", &all_reports(site));
    match tpl.render("search.html", &ctx, std::path::Path::new(views::page::SEARCH_PATH)) {
        Ok(html) => files.push(OutputFile {
            path: index_path(views::page::SEARCH_PATH),
            bytes: html.into_bytes(),
        }),
        Err(d) => diags.push(d),
    }
    files.push(OutputFile {
        path: index_name,
        bytes: index,
    });
    let mut ctx = tera::Context::new();
    ctx.insert(
        "page",
        &synthetic_page(
            site,
            views::page::ACCESSIBILITY_PATH,
            "Tillgänglighetsredogörelse",
            "accessibility",
        ),
    );
    ctx.insert("accessibility", &c.accessibility);
    match tpl.render(
        "tillganglighet.html",
        &ctx,
        std::path::Path::new(views::page::ACCESSIBILITY_PATH),
    ) {
        Ok(html) => files.push(OutputFile {
            path: index_path(views::page::ACCESSIBILITY_PATH),
            bytes: html.into_bytes(),
        }),
        Err(d) => diags.push(d),
    }
    let mut ctx = tera::Context::new();
    ctx.insert("page", &synthetic_page(site, "/404.html", "Sidan finns inte", "404"));
    match tpl.render("404.html", &ctx, std::path::Path::new("404.html")) {
        Ok(html) => files.push(OutputFile {
            path: "404.html".into(),
            bytes: html.into_bytes(),
        }),
        Err(d) => diags.push(d),
    }
    let sections = order
        .iter()
        .filter(|id| site.nodes[**id].kind == crate::model::NodeKind::Section)
        .count();
    diags.into_result(Rendered {
        files,
        search,
        pages: order.len() - sections,
        sections,
    })
}

/// Every report, newest first.
fn all_reports(site: &Site) -> Vec<views::page::SummaryView> {
    site.reports_newest_first()
        .into_iter()
        .map(|r| views::page::summary(site, site.reports[r].node))
        .collect()
}

/// `/a/b/` → `a/b/index.html`
pub fn index_path(site_path: &str) -> String {
    format!("{}index.html", site_path.trim_start_matches('/'))
}

fn synthetic_page(site: &Site, path: &str, title: &str, kind: &'static str) -> PageView {
    let mut v = page_view(site, site.root, String::new(), Vec::new());
    v.title = title.to_string();
    v.url = site.config.url(path);
    v.permalink = site.config.absolute_url(path);
    v.kind = kind;
    v.description = None;
    v.pages.clear();
    v.sections.clear();
    v.breadcrumbs = vec![
        views::page::LinkView {
            title: "Start".into(),
            url: site.config.url("/"),
            current: false,
        },
        views::page::LinkView {
            title: title.to_string(),
            url: site.config.url(path),
            current: true,
        },
    ];
    v.source_file = String::new();
    v
}

fn render_node(
    site: &Site,
    tpl: &Templates,
    targets: &LinkTargets,
    id: NodeId,
) -> Result<(OutputFile, SearchDoc), Vec<Diagnostic>> {
    let n = &site.nodes[id];
    let mut diags = Vec::new();
    let md = markdown::render(&n.body, n.body_first_line, &n.rel, &n.file, targets, &mut diags);
    let mut html = md.html;
    let mut block_text = String::new();
    let headings: Vec<String> = md
        .headings
        .iter()
        .map(|h| views::blocks::comparable_title(&h.title))
        .collect();
    for (i, block) in n.blocks.iter().enumerate() {
        let (template, view) = views::blocks::block_view(site, &n.path, block, n.report, &headings);
        let mut ctx = tera::Context::new();
        ctx.insert_value("block", view);
        match tpl.render(template, &ctx, &n.file) {
            Ok(b) => {
                let marker = markdown::block_marker(i);
                if html.contains(&marker) {
                    html = html.replacen(&marker, &b, 1);
                } else {
                    html.push_str(&b);
                }
                block_text.push_str(&block_search_text(block));
            }
            Err(d) => diags.push(d),
        }
    }
    let report = n.report;
    let mut ctx = tera::Context::new();
    ctx.insert("page", &page_view(site, id, html, md.headings));
    if let Some(r) = report {
        ctx.insert("report", &report_view(site, r, id));
        if site.reports[r].node == id {
            let chart_id = format!("uppdrag-status-{}", site.reports[r].year);
            ctx.insert("assignments", &views::blocks::assignment_summary(site, r, &chart_id));
        }
    }
    if id == site.root {
        ctx.insert("reports", &all_reports(site));
    }
    let template = n.template.clone().unwrap_or_else(|| {
        if id == site.root {
            "index.html".into()
        } else if report.map(|r| site.reports[r].node) == Some(id) && tpl.has("report.html") {
            "report.html".into()
        } else if n.kind == crate::model::NodeKind::Section {
            "section.html".into()
        } else {
            "page.html".into()
        }
    });
    let out = match tpl.render(&template, &ctx, &n.file) {
        Ok(o) => o,
        Err(d) => {
            diags.push(d);
            return Err(diags);
        }
    };
    if !diags.is_empty() {
        return Err(diags);
    }
    let context = report.map(|r| site.reports[r].label()).unwrap_or_default();
    let mut text = md.text;
    text.push_str(&block_text);
    Ok((
        OutputFile {
            path: index_path(&n.path),
            bytes: out.into_bytes(),
        },
        SearchDoc {
            url: site.config.url(&n.path),
            title: n.title.clone(),
            text,
            context,
        },
    ))
}

/// Names in blocks (indicators, assignments, table rows) are searchable too.
fn block_search_text(block: &crate::model::blocks::Block) -> String {
    use crate::model::blocks::Block;
    let mut s = String::new();
    match block {
        Block::Indicators(i) => i.items.iter().for_each(|x| {
            s.push('\n');
            s.push_str(&x.name);
        }),
        Block::Assignments(a) => a.items.iter().for_each(|x| {
            s.push('\n');
            s.push_str(&x.title);
        }),
        Block::KeyFigures(k) => k.items.iter().for_each(|x| {
            s.push('\n');
            s.push_str(&x.name);
        }),
        Block::Financial(f) => {
            s.push('\n');
            s.push_str(&f.title);
            f.rows.iter().for_each(|r| {
                s.push('\n');
                s.push_str(&r.label);
            });
        }
        Block::Table(t) => {
            s.push('\n');
            s.push_str(&t.title);
            t.value_rows().for_each(|(l, _)| {
                s.push('\n');
                s.push_str(l);
            });
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashed_names_follow_bytes() {
        let a = hashed_name("style.css", b"body{}");
        assert!(a.starts_with("style.") && a.ends_with(".css") && a.len() == "style.12345678.css".len());
        assert_eq!(a, hashed_name("style.css", b"body{}"));
        assert_ne!(a, hashed_name("style.css", b"body{ }"));
        assert_eq!(hashed_name("logo.png", b"x"), "logo.png");
    }
}
